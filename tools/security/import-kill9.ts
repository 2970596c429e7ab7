/**
 * Probe (issue 11, item 9): kill -9 a server process in the middle of a PostgreSQL import, restart, and check that
 * the import is recovered — nothing written, the job 'failed' with `import_interrupted` (not 'importing' for ever),
 * its sealed file kept, and the same import runnable again to the end.
 *
 *   PROBE_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres ROWS=30000 npm run audit:security:import-kill
 *
 * It creates a scratch database beside the one in PROBE_DATABASE_URL (dropped at the end), so it never touches
 * data. Exit code 0 when every check holds; each check is printed. Loopback only; it stops by itself.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { count, eq } from 'drizzle-orm';
import postgres from 'postgres';
import { loadConfig } from '../../packages/server/src/platform/config.ts';
import { openDatabase } from '../../packages/server/src/platform/db/database.ts';
import { migrate } from '../../packages/server/src/platform/db/migrator.ts';
import { startServer } from '../../packages/server/src/server.ts';
import { caseReports } from '../../packages/server/src/features/cases/cases.tables.ts';
import { startImport, uploadImport, validateImport, waitForImport } from '../../packages/server/src/features/imports/imports.service.ts';
import { importJobs } from '../../packages/server/src/features/imports/imports.tables.ts';
import { buildDistrictTree, buildUser } from '../../packages/server/src/test-support/factories.ts';

const base = process.env.PROBE_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const rows = Number(process.env.ROWS ?? 30_000);
const scratch = `outbreak_kill9_${process.pid}`;
const url = base.replace(/\/[^/]*$/, `/${scratch}`);
const IDENTITY_KEY = 'ef'.repeat(32);
const results: Array<[string, boolean]> = [];
const check = (what: string, ok: boolean) => {
  results.push([what, ok]);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`CREATE DATABASE ${scratch}`);
try {
  // port 0: any free port of the loopback
  const config = {
    ...loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', SEED_DEMO: 'false', HOST: '127.0.0.1' }),
    port: 0,
    identityKey: IDENTITY_KEY,
  };
  const database = await openDatabase({ url });
  await migrate(database);
  const tree = await buildDistrictTree(database);
  const { principal } = await buildUser(database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
  const lines = ['患者姓名,性别,现住地址国标,疾病名称,病例分类,诊断时间'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `病人${i},${i % 2 ? '女' : '男'},${tree.townshipA.code},流行性感冒,临床诊断病例,2026-10-${String(1 + (i % 28)).padStart(2, '0')} 10:00`,
    );
  const up = await uploadImport(
    { database, config },
    principal,
    { kind: 'cases', filename: 'kill9.csv', bytes: new TextEncoder().encode(lines.join('\n')) },
    {},
  );
  const mapping = {
    columns: {
      personName: '患者姓名',
      sex: '性别',
      jurisdiction: '现住地址国标',
      disease: '疾病名称',
      classification: '病例分类',
      diagnosisAt: '诊断时间',
    },
    values: {},
  };
  await validateImport({ database, config }, principal, up.id, { mapping });

  // the "server process": runs the import and reports when it is writing; killed with SIGKILL meanwhile
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./import-kill9.child.ts', import.meta.url))], {
    env: { ...process.env, PROBE_URL: url, PROBE_JOB: up.id, PROBE_PRINCIPAL: JSON.stringify(principal), IDENTITY_KEY },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const writing = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 300_000);
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('writing')) {
        clearTimeout(timer);
        resolve(true);
      }
    });
    child.once('exit', () => resolve(false));
  });
  check('the child process started writing the import', writing);
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
  const [stuck] = await database.db.select({ status: importJobs.status }).from(importJobs).where(eq(importJobs.id, up.id));
  check(`after kill -9 the job is left 'importing' (got ${stuck?.status})`, stuck?.status === 'importing');
  const [written] = await database.db.select({ n: count() }).from(caseReports).where(eq(caseReports.importId, up.id));
  check(`nothing of the killed import was written (got ${written?.n} rows)`, written?.n === 0);

  // restart: the server's start-up recovers the job
  const server = await startServer(config, { jobs: false });
  const [after] = await database.db.select().from(importJobs).where(eq(importJobs.id, up.id));
  check(`after restart the job is 'failed' (got ${after?.status})`, after?.status === 'failed');
  check(`with the code import_interrupted (got ${after?.mapping?.failure?.code})`, after?.mapping?.failure?.code === 'import_interrupted');
  check(
    'its file is kept (sealed) for a new run',
    after?.file != null && Buffer.from(after.file).subarray(0, 4).toString('latin1') === 'OCS1',
  );
  await startImport(
    { database, config, log: { info() {}, warn() {}, error() {}, debug() {} } as never },
    principal,
    up.id,
    { mode: 'all_or_nothing' },
    {},
  );
  await waitForImport(up.id);
  const [done] = await database.db
    .select({ status: importJobs.status, importedRows: importJobs.importedRows })
    .from(importJobs)
    .where(eq(importJobs.id, up.id));
  check(
    `run again, it ends 'done' with every row (${done?.status}, ${done?.importedRows} of ${rows})`,
    done?.status === 'done' && done.importedRows === rows,
  );
  await server.close();
  await database.close();
} finally {
  await admin.unsafe(`DROP DATABASE IF EXISTS ${scratch} WITH (FORCE)`);
  await admin.end();
}
const failed = results.filter(([, ok]) => !ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

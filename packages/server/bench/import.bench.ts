/**
 * Import of 100,000 case rows (issue 5: "100,000 rows must import"; target ≥ 5,000 rows/s on PostgreSQL):
 * writes a 100k-row line list (CSV, Chinese headers as the national system exports them) into a temp dir, then
 * goes through the service exactly as the HTTP routes do — upload (read once: encoding, header, row count),
 * validation of every row (a dry run), and the write (rows checked again inside ONE transaction, 1,000-row
 * INSERT … SELECT FROM jsonb_to_recordset batches, one audit record). Prints each phase's time and rows/s.
 *
 * While the import writes, a reporter files one case report every 250 ms (same days, places and disease as the
 * imported rows, so the same daily-count rows), and the latency of each report is printed: what a hospital
 * reporter waits during a large import (issue 11, item 15). REPORTER=0 leaves it out.
 *
 * WRITE=staged (default) writes as the server does: rows staged in batches, published in one brief transaction;
 * WRITE=single writes the case rows in ONE transaction for the whole import, as before issue 11 (item 15);
 * WRITE=both runs both, each on a fresh database, to compare them on the same machine and load. ENGINES=postgres
 * leaves PGlite out.
 *
 * Runs on PGlite, and on PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set.
 * `npm run bench -w @outbreak/server -- import` (ROWS=… overrides 100,000).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { loadConfig } from '../src/platform/config.ts';
import { caseReports } from '../src/features/cases/cases.tables.ts';
import { diseases } from '../src/features/catalogue/index.ts';
import { caseImportKind, registerImportKind } from '../src/features/imports/imports.kinds.ts';
import { startImport, uploadImport, validateImport, waitForImport } from '../src/features/imports/imports.service.ts';
import { createCaseAs } from '../src/features/cases/cases.service.ts';
import { identityProtector } from '../src/features/cases/identity-protection.ts';
import type { Database } from '../src/platform/db/database.ts';
import type { Principal } from '../src/platform/auth/scope.ts';
import { buildDistrictTree, buildUser } from '../src/test-support/factories.ts';
import { createTestDb } from '../src/test-support/test-db.ts';
import { createLogger } from '../src/platform/logger.ts';

const ROWS = Number(process.env.ROWS ?? 100_000);
const HEADER = '患者姓名,性别,有效证件号,出生日期,现住地址国标,疾病名称,病例分类,发病日期,诊断时间,报告卡录入时间,报告单位';
const DISEASES = ['流行性感冒', '手足口病', '其它感染性腹泻病', '肺结核', '乙型肝炎'];
const CLASSES = ['临床诊断病例', '确诊病例', '疑似病例'];

/** A valid resident ID (GB 11643 check character) for a birth date and sequence. */
function residentId(birth: string, seq: number, male: boolean): string {
  const s = (seq % 500) * 2 + (male ? 1 : 0);
  const body = `500199${birth.replace(/-/g, '')}${String(s).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((acc, ch, i) => acc + Number(ch) * weights[i]!, 0);
  return body + '10X98765432'[sum % 11]!;
}

function writeCsv(dir: string, places: string[], facility: string): string {
  const lines = [HEADER];
  for (let i = 0; i < ROWS; i++) {
    const male = i % 2 === 0;
    const birth = `19${50 + (i % 50)}-0${1 + (i % 9)}-1${i % 10}`;
    const day = `2026-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`;
    // every other row carries an identity number (encrypted, masked and hashed on the way in)
    const id = i % 2 === 0 ? residentId(birth, i, male) : '';
    lines.push(
      [
        `患者${i}`,
        male ? '男' : '女',
        id,
        birth,
        places[i % places.length],
        DISEASES[i % DISEASES.length],
        CLASSES[i % 3],
        day,
        `${day} 09:30`,
        `${day} 15:10`,
        facility,
      ].join(','),
    );
  }
  const file = join(dir, 'line-list-100k.csv');
  writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`);
  return file;
}

/** Files one case report every `everyMs` until stopped; returns each report's latency (ms). */
function concurrentReporter(
  database: Database,
  principal: Principal,
  config: { identityKey?: string; dataDir: string },
  jurisdictionId: string,
  diseaseId: string,
  everyMs = 250,
) {
  const latencies: number[] = [];
  let stop = false;
  const done = (async () => {
    for (let i = 0; !stop; i++) {
      const started = performance.now();
      await createCaseAs(
        { database, protector: identityProtector(config) },
        principal,
        {
          diseaseId,
          jurisdictionId,
          personName: `并发报告${i}`,
          idType: 'none',
          classification: 'clinical',
          diagnosisAt: '2026-01-01T09:30:00+08:00',
          reportedAt: '2026-01-01T15:10:00+08:00',
        },
        null,
      );
      const ms = performance.now() - started;
      latencies.push(ms);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, everyMs - ms)));
    }
  })();
  return {
    async stop() {
      stop = true;
      await done;
      return latencies;
    },
  };
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

type WritePath = 'staged' | 'single';

async function bench(engine: 'pglite' | 'postgres', dir: string, write: WritePath): Promise<void> {
  process.stdout.write(
    `\n${engine}, ${write === 'staged' ? 'staged then published' : 'one transaction (before issue 11)'} (load ${loadavg()[0]!.toFixed(2)})\n`,
  );
  // the one-transaction path is what kinds without staging take (imports.service.ts, writeInOneTransaction)
  registerImportKind('cases', write === 'staged' ? caseImportKind : { ...caseImportKind, stage: undefined, publishStaged: undefined }, {
    replace: true,
  });
  const database = await createTestDb(engine);
  try {
    const tree = await buildDistrictTree(database);
    const { principal } = await buildUser(database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), identityKey: 'cd'.repeat(32) };
    const log = createLogger('error');
    const file = writeCsv(dir, [tree.townshipA.code, tree.townshipB.code, tree.communityA.code, tree.communityB.code], '');
    const bytes = new Uint8Array(readFileSync(file));
    process.stdout.write(`  file: ${ROWS.toLocaleString('en')} rows, ${(bytes.length / 1024 / 1024).toFixed(1)} MB\n`);

    let t = performance.now();
    const up = await uploadImport({ database, config }, principal, { kind: 'cases', filename: 'line-list-100k.csv', bytes }, {});
    const uploadMs = performance.now() - t;
    t = performance.now();
    const mapping = { columns: up.suggested, values: {} };
    const checked = await validateImport({ database, config }, principal, up.id, { mapping });
    const validateMs = performance.now() - t;
    if (checked.errorRows > 0) throw new Error(`unexpected invalid rows: ${JSON.stringify(checked.errors.slice(0, 3))}`);
    const withReporter = process.env.REPORTER !== '0';
    const [{ id: diseaseId }] = (await database.db.select({ id: diseases.id }).from(diseases).where(eq(diseases.code, 'influenza'))) as [
      { id: string },
    ];
    t = performance.now();
    const reporter = withReporter ? concurrentReporter(database, principal, config, tree.townshipA.id, diseaseId) : null;
    await startImport({ database, config, log }, principal, up.id, { mode: 'all_or_nothing' }, {});
    await waitForImport(up.id);
    const writeMs = performance.now() - t;
    const latencies = ((await reporter?.stop()) ?? []).sort((a, b) => a - b);
    const [{ n }] = (await database.db.select({ n: count() }).from(caseReports).where(eq(caseReports.importId, up.id))) as [{ n: number }];
    if (n !== ROWS) throw new Error(`imported ${n} rows, expected ${ROWS}`);
    const rate = (ms: number) => `${Math.round(ROWS / (ms / 1000)).toLocaleString('en')} rows/s`;
    process.stdout.write(`  upload (read, count):   ${(uploadMs / 1000).toFixed(1)} s\n`);
    process.stdout.write(`  validate (dry run):     ${(validateMs / 1000).toFixed(1)} s  ${rate(validateMs)}\n`);
    process.stdout.write(`  import (check + write): ${(writeMs / 1000).toFixed(1)} s  ${rate(writeMs)}\n`);
    process.stdout.write(
      `  end to end:             ${((uploadMs + validateMs + writeMs) / 1000).toFixed(1)} s  ${rate(uploadMs + validateMs + writeMs)}\n`,
    );
    if (latencies.length > 0) {
      process.stdout.write(
        `  concurrent case reports during the import: ${latencies.length}, median ${quantile(latencies, 0.5).toFixed(0)} ms, p95 ${quantile(latencies, 0.95).toFixed(0)} ms, max ${latencies.at(-1)!.toFixed(0)} ms\n`,
      );
    }
  } finally {
    await database.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'oc-import-bench-'));
const paths: WritePath[] = process.env.WRITE === 'both' ? ['single', 'staged'] : process.env.WRITE === 'single' ? ['single'] : ['staged'];
try {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (process.env.ENGINES !== 'postgres') for (const path of paths) await bench('pglite', dir, path);
  if (url) {
    process.env.TEST_DATABASE_URL = url;
    for (const path of paths) await bench('postgres', dir, path);
  } else {
    process.stdout.write('\npostgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)\n');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Personal data in staged import files and row problems (issue 11, item 3), and imports cut off by a stop
 * (item 9): files are sealed and purged, problems masked, and an interrupted import is released at start-up on
 * both engines and may be run again.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrictTree, buildUser, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import type { Database } from '../../platform/db/database.ts';
import { caseReports } from '../cases/cases.tables.ts';
import { purgeStagedFiles, recoverInterruptedImports, waitForImport } from './imports.service.ts';
import { upload } from './imports.test-helpers.ts';
import { importJobs } from './imports.tables.ts';

const IDENTITY_KEY = 'cd'.repeat(32);

/** A resident ID with its GB 11643 check character. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11]!;
}

const GOOD_ID = residentId('11010519900101123');
/** the same number with its check character changed: a typing mistake */
const MISTYPED_ID = `${GOOD_ID.slice(0, 17)}${GOOD_ID.endsWith('0') ? '1' : '0'}`;
const HEADER = '患者姓名,性别,有效证件号,联系电话,现住地址国标,疾病名称,病例分类,诊断时间';

async function setup(database: Database) {
  const tree = await buildDistrictTree(database);
  const { user, password } = await buildUser(database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
  const client = await signIn(createTestApp(database, { identityKey: IDENTITY_KEY }), user.username, password);
  const csv = [
    HEADER,
    `欧阳明月,男,${GOOD_ID},13912345678,${tree.townshipA.code},流行性感冒,临床诊断病例,2026-10-02 10:00`,
    `司马青,男,${MISTYPED_ID},13912345678,${tree.townshipA.code},流行性感冒,临床诊断病例,2026-10-02 10:00`,
    `上官云,男,,1391234a,${tree.townshipA.code},流行性感冒,临床诊断病例,2026-10-02 10:00`,
  ].join('\n');
  const mapping = {
    columns: {
      personName: '患者姓名',
      sex: '性别',
      idNumber: '有效证件号',
      phone: '联系电话',
      jurisdiction: '现住地址国标',
      disease: '疾病名称',
      classification: '病例分类',
      diagnosisAt: '诊断时间',
    },
    values: {},
  };
  return { tree, client, csv, mapping };
}

async function storedFile(database: Database, id: string): Promise<Buffer | null> {
  const [row] = await database.db.select({ file: importJobs.file }).from(importJobs).where(eq(importJobs.id, id));
  return row?.file ? Buffer.from(row.file) : null;
}

describe.each(testEngines())('staged files and interrupted imports (%s)', (engine) => {
  const t = withTestDb(engine);

  it('keeps the uploaded file sealed (no name, number or phone readable in the row) and masks them in problems and errors.csv', async () => {
    const { client, csv, mapping } = await setup(t.database);
    const up = await upload(client, '病例.csv', csv);
    expect(up.status).toBe(201);
    const file = (await storedFile(t.database, up.body.id))!;
    expect(file.subarray(0, 4).toString('latin1')).toBe('OCS1');
    for (const secret of [GOOD_ID, MISTYPED_ID, '13912345678', '欧阳明月', HEADER]) expect(file.includes(Buffer.from(secret))).toBe(false);

    const checked = await client.post(`/api/imports/${up.body.id}/validate`, { mapping });
    expect(checked.status).toBe(200);
    const problems = checked.body.errors as Array<{ field: string; value: string; code: string }>;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'idNumber', code: 'resident_id_checksum', value: `**************${MISTYPED_ID.slice(-4)}` }),
        expect.objectContaining({ field: 'phone', code: 'phone_format', value: '****234a' }),
      ]),
    );
    const [stored] = await t.database.db.select({ errors: importJobs.errors }).from(importJobs).where(eq(importJobs.id, up.body.id));
    expect(JSON.stringify(stored!.errors)).not.toContain(MISTYPED_ID.slice(0, 14));
    const report = await client.get(`/api/imports/${up.body.id}/errors.csv?lang=en`);
    expect(report.status).toBe(200);
    expect(report.body).toContain(`**************${MISTYPED_ID.slice(-4)}`);
    expect(report.body).not.toContain(MISTYPED_ID.slice(0, 14));
    expect(report.body).not.toContain('1391234a');

    // problems stored before masking are masked when shown
    await t.database.db
      .update(importJobs)
      .set({
        errors: [
          {
            row: 3,
            column: '患者姓名',
            field: 'personName',
            value: '司马青',
            code: 'too_long',
            params: { max: 2 },
            message: 'must be at most 2 characters',
          },
        ],
      })
      .where(eq(importJobs.id, up.body.id));
    expect((await client.get(`/api/imports/${up.body.id}`)).body.errors[0].value).toBe('司**');
    expect((await client.get(`/api/imports/${up.body.id}/errors.csv?lang=en`)).body).not.toContain('司马青');

    // the valid row imports from the sealed file with its values intact
    await client.post(`/api/imports/${up.body.id}/run`, { mode: 'valid_only' });
    await waitForImport(up.body.id);
    expect((await client.get(`/api/imports/${up.body.id}`)).body).toMatchObject({ status: 'done', importedRows: 1 });
    const [written] = await t.database.db.select().from(caseReports).where(eq(caseReports.importId, up.body.id));
    expect(written).toMatchObject({ personName: '欧阳明月', phone: '13912345678' });
    expect(await storedFile(t.database, up.body.id)).toBeNull();
  }, 120_000);

  it('purges the files of imports never run once the retention has passed, and then answers file_gone', async () => {
    const { client, csv, mapping } = await setup(t.database);
    const old = await upload(client, 'old.csv', csv);
    const fresh = await upload(client, 'fresh.csv', csv);
    await t.database.db.update(importJobs).set({ updatedAt: sql`now() - interval '25 hours'` }).where(eq(importJobs.id, old.body.id));
    expect(await purgeStagedFiles(t.database, 24)).toBeGreaterThanOrEqual(1);
    expect(await storedFile(t.database, old.body.id)).toBeNull();
    expect(await storedFile(t.database, fresh.body.id)).not.toBeNull();
    const gone = await client.post(`/api/imports/${old.body.id}/validate`, { mapping });
    expect(gone.status).toBe(409);
    expect(gone.body.error.details).toMatchObject([{ code: 'file_gone' }]);
  }, 120_000);

  it('releases an import cut off by a stop at start-up: failed, coded import_interrupted, file kept, runnable again', async () => {
    const { client, csv, mapping } = await setup(t.database);
    const up = await upload(client, '病例.csv', csv);
    await client.post(`/api/imports/${up.body.id}/validate`, { mapping });
    // what a kill -9 during the write leaves: the job claimed ('importing'), its transaction rolled back
    await t.database.db
      .update(importJobs)
      .set({ status: 'importing', mode: 'valid_only', startedAt: new Date() })
      .where(eq(importJobs.id, up.body.id));
    const [stuck] = await t.database.db.select({ status: importJobs.status }).from(importJobs).where(eq(importJobs.id, up.body.id));
    expect(stuck!.status).toBe('importing');

    expect(await recoverInterruptedImports(t.database)).toContain(up.body.id);
    const failed = (await client.get(`/api/imports/${up.body.id}`)).body;
    expect(failed).toMatchObject({
      status: 'failed',
      messageCode: 'import_interrupted',
      message: 'The server stopped during the import; nothing was imported',
    });
    expect(await storedFile(t.database, up.body.id)).not.toBeNull();

    const again = await client.post(`/api/imports/${up.body.id}/run`, { mode: 'valid_only' });
    expect(again.status).toBe(202);
    await waitForImport(up.body.id);
    expect((await client.get(`/api/imports/${up.body.id}`)).body).toMatchObject({
      status: 'done',
      importedRows: 1,
      messageCode: null,
      message: '',
    });
  }, 120_000);

  it.runIf(engine === 'postgres')(
    'leaves an import that another process is still writing (its advisory lock held) alone',
    async () => {
      const { client, csv, mapping } = await setup(t.database);
      const up = await upload(client, '病例.csv', csv);
      await client.post(`/api/imports/${up.body.id}/validate`, { mapping });
      await t.database.db.update(importJobs).set({ status: 'importing' }).where(eq(importJobs.id, up.body.id));
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      // another "process": a transaction holding the writer's lock, as writeImport's does
      const writer = t.database.db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`outbreak import ${up.body.id}`}, 0))`);
        locked();
        await held;
      });
      await isLocked;
      expect(await recoverInterruptedImports(t.database)).not.toContain(up.body.id);
      expect((await client.get(`/api/imports/${up.body.id}`)).body.status).toBe('importing');
      release();
      await writer;
      expect(await recoverInterruptedImports(t.database)).toContain(up.body.id);
    },
    120_000,
  );
});

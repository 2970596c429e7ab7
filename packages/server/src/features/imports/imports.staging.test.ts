/**
 * A large import no longer stalls case reports (issue 11, item 15): rows are staged in batches outside any
 * transaction and published in one brief step, so a case report filed while an import reads its file — on the
 * same day, place and disease, i.e. the same daily-count rows — is written before the import ends, on both
 * engines (before: it waited for the import's commit, on PGlite every request did). All or nothing still holds.
 */
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrictTree, buildUser, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { caseReports } from '../cases/cases.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { facilities } from '../registry/registry.tables.ts';
import { createCaseAs } from '../cases/cases.service.ts';
import { identityProtector } from '../cases/identity-protection.ts';
import { waitForImport } from './imports.service.ts';
import { upload } from './imports.test-helpers.ts';
import { importJobs, importStagedBatches } from './imports.tables.ts';

const IDENTITY_KEY = 'ab'.repeat(32);
const ROWS = 8_000;

describe.each(testEngines())('staged imports (%s)', (engine) => {
  const t = withTestDb(engine);

  it('lets a case report on the same daily-count rows through while the import runs, then publishes every row at once', async () => {
    const tree = await buildDistrictTree(t.database);
    const { user, password, principal } = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const client = await signIn(createTestApp(t.database, { identityKey: IDENTITY_KEY }), user.username, password);
    const lines = ['患者姓名,性别,现住地址国标,疾病名称,病例分类,诊断时间'];
    for (let i = 0; i < ROWS; i++) lines.push(`病人${i},男,${tree.townshipA.code},流行性感冒,临床诊断病例,2026-10-02 10:00`);
    const up = await upload(client, 'same-day.csv', lines.join('\n'));
    const mapping = { columns: up.body.suggested, values: {} };
    expect((await client.post(`/api/imports/${up.body.id}/validate`, { mapping })).body.errorRows).toBe(0);
    let importEnded = false;
    expect((await client.post(`/api/imports/${up.body.id}/run`, { mode: 'all_or_nothing' })).status).toBe(202);
    const ended = waitForImport(up.body.id).then(() => (importEnded = true));

    // wait until the import has staged its first batches (progress is on the job row: no transaction hides it)
    for (;;) {
      const [job] = await t.database.db
        .select({ processed: importJobs.processedRows, status: importJobs.status })
        .from(importJobs)
        .where(eq(importJobs.id, up.body.id));
      const [staged] = await t.database.db
        .select({ n: count() })
        .from(importStagedBatches)
        .where(eq(importStagedBatches.importId, up.body.id));
      if (job!.status !== 'importing') throw new Error(`the import ended (${job!.status}) before the check could run: raise ROWS`);
      if (staged!.n >= 2) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [influenza] = await t.database.db.select({ id: diseases.id }).from(diseases).where(eq(diseases.code, 'influenza'));
    const [hospital] = await t.database.db
      .insert(facilities)
      .values({ name: 'H', nameEn: 'Hospital H', type: 'general_hospital', jurisdictionId: tree.townshipA.id })
      .returning();
    const report = await createCaseAs(
      { database: t.database, protector: identityProtector({ identityKey: IDENTITY_KEY, dataDir: '' }) },
      principal,
      {
        diseaseId: influenza!.id,
        facilityId: hospital!.id,
        jurisdictionId: tree.townshipA.id,
        personName: '并发报告',
        idType: 'none',
        classification: 'clinical',
        diagnosisAt: '2026-10-02T11:00:00+08:00',
        reportedAt: '2026-10-02T12:00:00+08:00',
      },
      null,
    );
    expect(report.personName).toBe('并发报告');
    // written while the import was still running: nothing of the import is visible yet
    expect(importEnded).toBe(false);
    const [visible] = await t.database.db.select({ n: count() }).from(caseReports).where(eq(caseReports.importId, up.body.id));
    expect(visible!.n).toBe(0);

    await ended;
    expect((await client.get(`/api/imports/${up.body.id}`)).body).toMatchObject({ status: 'done', importedRows: ROWS });
    const [written] = await t.database.db.select({ n: count() }).from(caseReports).where(eq(caseReports.importId, up.body.id));
    expect(written!.n).toBe(ROWS);
    const [left] = await t.database.db.select({ n: count() }).from(importStagedBatches).where(eq(importStagedBatches.importId, up.body.id));
    expect(left!.n).toBe(0);
    // file order kept: the first row got the first code of the import
    const [first] = await t.database.db
      .select({ name: caseReports.personName })
      .from(caseReports)
      .where(eq(caseReports.importId, up.body.id))
      .orderBy(caseReports.code)
      .limit(1);
    expect(first!.name).toBe('病人0');
  }, 300_000);
});

/**
 * Re-importing a file no longer duplicates its cases (issue 12, item 2): the same file is recognised (when and by
 * whom it was imported), rows matching reports already filed are listed at validation (the duplicate rules of the
 * cases feature), and the run skips them by default, updates the report with the row (a version of the card) or
 * imports them anyway, per run and per row; the counts say what was skipped and updated.
 */
import { and, count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { caseReports, caseReportVersions } from '../cases/cases.tables.ts';
import { makeResidentId } from '../cases/resident-id.ts';
import { facilities } from '../registry/registry.tables.ts';
import { waitForImport } from './imports.service.ts';
import { upload } from './imports.test-helpers.ts';

const IDENTITY_KEY = 'ab'.repeat(32);
const HEADER = '患者姓名,有效证件号,出生日期,现住地址国标,疾病名称,病例分类,诊断时间,报告卡录入时间,报告单位';
const ID_A = makeResidentId('500199', '1980-02-03', 411);
const ID_C = makeResidentId('500199', '1975-06-07', 222);

describe.each(testEngines())('re-imports (%s)', (engine) => {
  const t = withTestDb(engine);

  it('names the earlier import of the same file, lists the rows matching filed reports, and skips, updates or imports them as chosen', async () => {
    const tree = await buildDistrictTree(t.database);
    const [hospital] = await t.database.db
      .insert(facilities)
      .values({
        name: `复导医院${tree.district.code}`,
        nameEn: 'Reimport Hospital',
        type: 'general_hospital',
        jurisdictionId: tree.townshipA.id,
      })
      .returning();
    const clerk = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id, displayName: '录入员甲' });
    const client = await signIn(createTestApp(t.database, { identityKey: IDENTITY_KEY }), clerk.user.username, clerk.password);
    const line = (name: string, id: string, birth: string, classification: string, day: string) =>
      [name, id, birth, tree.communityA.code, 'hfmd', classification, `2026-10-${day} 09:00`, `2026-10-${day} 10:00`, hospital!.name].join(
        ',',
      );
    const file = [
      HEADER,
      line('张甲', ID_A, '', '临床诊断病例', '02'),
      line('李乙', '', '1990-01-01', '疑似病例', '03'),
      line('王丙', ID_C, '', '临床诊断病例', '04'),
    ].join('\n');

    const run = async (c: TestClient, id: string, body: Record<string, unknown>) => {
      expect((await c.post(`/api/imports/${id}/run`, body)).status).toBe(202);
      await waitForImport(id);
      return (await c.get(`/api/imports/${id}`)).body;
    };
    const validate = async (c: TestClient, content: string, name = '周报.csv') => {
      const up = await upload(c, name, content);
      expect(up.status).toBe(201);
      const v = await c.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
      expect(v.status).toBe(200);
      return { up: up.body, validated: v.body };
    };
    const activeCases = async () =>
      (
        await t.database.db
          .select({ n: count() })
          .from(caseReports)
          .where(and(eq(caseReports.status, 'active'), eq(caseReports.jurisdictionId, tree.communityA.id)))
      )[0]!.n;

    // the first import: nothing filed yet, nothing matches
    const first = await validate(client, file);
    expect(first.up.earlierImports).toEqual([]);
    expect(first.validated).toMatchObject({ validRows: 3, matchedRows: 0, matches: [] });
    expect(await run(client, first.up.id, { mode: 'all_or_nothing' })).toMatchObject({
      status: 'done',
      importedRows: 3,
      skippedRows: 0,
      updatedRows: 0,
      duplicateAction: 'skip',
    });
    expect(await activeCases()).toBe(3);
    const filed = await t.database.db
      .select()
      .from(caseReports)
      .where(eq(caseReports.importId, first.up.id))
      .orderBy(caseReports.diagnosisAt);

    // the same file again: named as imported before (when, by whom, what it wrote) at upload and validation
    const second = await validate(client, file, '周报(1).csv');
    const earlier = {
      id: first.up.id,
      filename: '周报.csv',
      status: 'done',
      importedRows: 3,
      createdBy: { id: clerk.user.id, displayName: '录入员甲' },
      finishedAt: expect.any(String),
    };
    expect(second.up.earlierImports).toEqual([expect.objectContaining(earlier)]);
    expect(second.validated.earlierImports).toEqual([expect.objectContaining(earlier)]);
    // every row matches its report: by number where the row has one, by name and birth date otherwise
    expect(second.validated).toMatchObject({ validRows: 3, errorRows: 0, matchedRows: 3 });
    expect(second.validated.matches).toEqual([
      {
        row: 2,
        caseId: filed[0]!.id,
        code: filed[0]!.code,
        match: 'identity',
        daysApart: 0,
        facilityName: hospital!.name,
        facilityNameEn: 'Reimport Hospital',
        reportedAt: filed[0]!.reportedAt.toISOString(),
        importFilename: '周报.csv',
        updatable: true,
      },
      expect.objectContaining({ row: 3, caseId: filed[1]!.id, match: 'name_birth' }),
      expect.objectContaining({ row: 4, caseId: filed[2]!.id, match: 'identity' }),
    ]);
    // the default run skips them: nothing is duplicated, the counts say so
    expect(await run(client, second.up.id, { mode: 'all_or_nothing' })).toMatchObject({
      status: 'done',
      importedRows: 0,
      skippedRows: 3,
      updatedRows: 0,
    });
    expect(await activeCases()).toBe(3);
    const [audit] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, second.up.id), eq(auditLog.action, 'import')));
    expect(audit!.after).toMatchObject({ importedRows: 0, matchedRows: 3, skippedRows: 3, updatedRows: 0, duplicateAction: 'skip' });

    // a corrected list: row 2 is now confirmed (update it), row 3 unchanged (update, but nothing to change: skipped),
    // row 4 left out, and a new person imported
    const corrected = [
      HEADER,
      line('张甲', ID_A, '', '确诊病例', '02'),
      line('李乙', '', '1990-01-01', '疑似病例', '03'),
      line('王丙', ID_C, '', '确诊病例', '04'),
      line('赵丁', '', '1991-01-01', '临床诊断病例', '05'),
    ].join('\n');
    const third = await validate(client, corrected, '周报-订正.csv');
    expect(third.up.earlierImports).toEqual([]);
    expect(third.validated).toMatchObject({ validRows: 4, matchedRows: 3 });
    const done = await run(client, third.up.id, { mode: 'valid_only', duplicates: 'update', rowActions: { '4': 'skip' } });
    expect(done).toMatchObject({
      status: 'done',
      importedRows: 1,
      updatedRows: 1,
      skippedRows: 2,
      duplicateAction: 'update',
      rowActions: { '4': 'skip' },
    });
    expect(await activeCases()).toBe(4);
    const [updated] = await t.database.db.select().from(caseReports).where(eq(caseReports.id, filed[0]!.id));
    // the card is corrected, keeps its number, code and report time, and goes back to review
    expect(updated).toMatchObject({
      classification: 'confirmed',
      code: filed[0]!.code,
      version: 2,
      reviewStatus: 'pending',
      idNumberEncrypted: filed[0]!.idNumberEncrypted,
    });
    expect(updated!.reportedAt.toISOString()).toBe(filed[0]!.reportedAt.toISOString());
    const [untouched] = await t.database.db.select().from(caseReports).where(eq(caseReports.id, filed[2]!.id));
    expect(untouched).toMatchObject({ classification: 'clinical', version: 1 });
    const versions = await t.database.db.select().from(caseReportVersions).where(eq(caseReportVersions.caseId, filed[0]!.id));
    expect(versions).toEqual([
      expect.objectContaining({
        version: 2,
        source: 'import_update',
        correctionTypes: ['classification_revised'],
        changedFields: ['classification'],
        reason: '周报-订正.csv, row 2',
        importId: third.up.id,
        changedBy: clerk.user.id,
      }),
    ]);
    expect(versions[0]!.before).toMatchObject({ classification: 'clinical' });
    expect(JSON.stringify(versions[0]!.before)).not.toContain(ID_A.slice(6, 14));

    // 'import' writes a matching row as a new report (the clerk says it is another case)
    const fourth = await validate(client, [HEADER, line('李乙', '', '1990-01-01', '疑似病例', '03')].join('\n'), '另一例.csv');
    expect(fourth.validated.matchedRows).toBe(1);
    expect(await run(client, fourth.up.id, { mode: 'all_or_nothing', duplicates: 'import' })).toMatchObject({
      importedRows: 1,
      skippedRows: 0,
    });
    expect(await activeCases()).toBe(5);

    // a choice that is not one is refused, naming the field
    const fifth = await validate(client, file, 'x.csv');
    const bad = await client.post(`/api/imports/${fifth.up.id}/run`, { mode: 'valid_only', duplicates: 'merge' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('duplicates');
  });

  it("tells a hospital reporter of another facility's report, and never updates it", async () => {
    const tree = await buildDistrictTree(t.database);
    const [own, other] = await t.database.db
      .insert(facilities)
      .values([
        { name: `本院${tree.district.code}`, nameEn: 'Own', type: 'general_hospital', jurisdictionId: tree.townshipA.id },
        { name: `他院${tree.district.code}`, nameEn: 'Other', type: 'general_hospital', jurisdictionId: tree.townshipB.id },
      ])
      .returning();
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const rep = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id, facilityId: own!.id });
    const app = createTestApp(t.database, { identityKey: IDENTITY_KEY });
    const epiClient = await signIn(app, epi.user.username, epi.password);
    const repClient = await signIn(app, rep.user.username, rep.password);
    const row = (facility: string, classification: string) =>
      [
        HEADER,
        ['钱戊', ID_A, '', tree.communityA.code, 'hfmd', classification, '2026-10-02 09:00', '2026-10-02 10:00', facility].join(','),
      ].join('\n');
    const up = await upload(epiClient, 'cdc.csv', row(other!.name, '临床诊断病例'));
    await epiClient.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    await epiClient.post(`/api/imports/${up.body.id}/run`, { mode: 'all_or_nothing' });
    await waitForImport(up.body.id);

    const mine = await upload(repClient, 'mine.csv', row('', '确诊病例'));
    // the CDC's import of the other facility is not the reporter's to see: no earlier import named
    expect(mine.body.earlierImports).toEqual([]);
    const v = await repClient.post(`/api/imports/${mine.body.id}/validate`, { mapping: { columns: mine.body.suggested, values: {} } });
    expect(v.body.matches).toEqual([expect.objectContaining({ row: 2, match: 'identity', facilityNameEn: 'Other', updatable: false })]);
    await repClient.post(`/api/imports/${mine.body.id}/run`, { mode: 'all_or_nothing', duplicates: 'update' });
    await waitForImport(mine.body.id);
    expect((await repClient.get(`/api/imports/${mine.body.id}`)).body).toMatchObject({ importedRows: 0, updatedRows: 0, skippedRows: 1 });
    const [theirs] = await t.database.db.select().from(caseReports).where(eq(caseReports.importId, up.body.id));
    expect(theirs).toMatchObject({ classification: 'clinical', version: 1 });
  });
});

/**
 * Issue 11, item 6, for bulk import: a hospital reporter's cases.import is bound to its facility (rights.ts
 * facilityBound). Every imported card is its facility's — a row without a facility becomes theirs, a row naming
 * another facility is a coded row error (never silently reassigned) — and the reporter sees only the import jobs
 * they uploaded: another user's job answers 404, to read, to validate, to run and for its error report.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { caseReports } from '../cases/cases.tables.ts';
import { facilities } from '../registry/registry.tables.ts';
import { waitForImport } from './imports.service.ts';
import { upload } from './imports.test-helpers.ts';

const IDENTITY_KEY = 'cd'.repeat(32);
const HEADER = '患者姓名,性别,出生日期,现住地址国标,疾病名称,病例分类,诊断时间,报告单位';

describe.each(testEngines())('a hospital reporter imports its own facility’s cards only (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let reporter: TestClient;
  let epi: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let own: string;
  let other: string;

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const db = t.database.db;
    own = (
      await db
        .insert(facilities)
        .values({ name: '本院', nameEn: 'Own Hospital', type: 'general_hospital', jurisdictionId: tree.townshipA.id })
        .returning()
    )[0]!.id;
    other = (
      await db
        .insert(facilities)
        .values({ name: '他院', nameEn: 'Other Hospital', type: 'general_hospital', jurisdictionId: tree.townshipB.id })
        .returning()
    )[0]!.id;
    const r = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id, facilityId: own });
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    app = createTestApp(t.database, { identityKey: IDENTITY_KEY });
    reporter = await signIn(app, r.user.username, r.password);
    epi = await signIn(app, e.user.username, e.password);
  }, 120_000);

  const csv = (rows: string[][]) => `${[HEADER, ...rows.map((r) => r.join(','))].join('\n')}\n`;
  const row = (name: string, facility: string) => [
    name,
    '女',
    '1980-01-01',
    tree.communityB.code,
    '流行性感冒',
    '临床诊断病例',
    '2026-10-02 10:00',
    facility,
  ];

  it('files rows without a facility as the reporter’s, and refuses a row naming another facility', async () => {
    const up = await upload(reporter, '本院病例.csv', csv([row('甲', ''), row('乙', '本院'), row('丙', '他院')]));
    expect(up.status).toBe(201);
    const v = await reporter.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ totalRows: 3, validRows: 2, errorRows: 1 });
    expect(v.body.errors).toMatchObject([
      { row: 4, column: '报告单位', field: 'facility', value: '他院', code: 'other_facility', params: { value: '他院' } },
    ]);
    const run = await reporter.post(`/api/imports/${up.body.id}/run`, { mode: 'valid_only' });
    expect(run.status).toBe(202);
    await waitForImport(up.body.id);
    expect((await reporter.get(`/api/imports/${up.body.id}`)).body).toMatchObject({ status: 'done', importedRows: 2 });
    const imported = await t.database.db
      .select({ name: caseReports.personName, facilityId: caseReports.facilityId })
      .from(caseReports)
      .where(eq(caseReports.importId, up.body.id));
    expect(imported.map((c) => [c.name, c.facilityId]).sort()).toEqual([
      ['乙', own],
      ['甲', own],
    ]);
    // and the reporter sees what it imported
    const list = await reporter.get('/api/cases');
    expect(list.body.items.map((c: { personName: string }) => c.personName).sort()).toEqual(['乙', '甲']);
    // the error report names the code's sentence in the reporter's language
    const report = await reporter.get(`/api/imports/${up.body.id}/errors.csv?lang=en`);
    expect(report.status).toBe(200);
    expect(String(report.body)).toContain('4,报告单位,他院,"""他院"" is not your facility');
  });

  it('a user whose import right is not bound keeps the facility of each row', async () => {
    const up = await upload(epi, '疾控病例.csv', csv([row('丁', '他院'), row('戊', '')]));
    await epi.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    await epi.post(`/api/imports/${up.body.id}/run`, { mode: 'all_or_nothing' });
    await waitForImport(up.body.id);
    const imported = await t.database.db
      .select({ name: caseReports.personName, facilityId: caseReports.facilityId })
      .from(caseReports)
      .where(eq(caseReports.importId, up.body.id));
    expect(imported.map((c) => [c.name, c.facilityId]).sort()).toEqual([
      ['丁', other],
      ['戊', null],
    ]);
  });

  it('shows the reporter only its own import jobs; another user’s job answers 404', async () => {
    const mine = await upload(reporter, 'mine.csv', csv([row('己', '')]));
    const theirs = await upload(epi, 'theirs.csv', csv([row('庚', '他院')]));
    expect([mine.status, theirs.status]).toEqual([201, 201]);
    const listed = await reporter.get('/api/imports?kind=cases');
    expect(listed.status).toBe(200);
    const names = listed.body.items.map((j: { filename: string }) => j.filename);
    expect(names).toContain('mine.csv');
    expect(names).not.toContain('theirs.csv');
    expect(names).not.toContain('疾控病例.csv');
    expect(listed.body.total).toBe(names.length);
    expect((await reporter.get(`/api/imports/${theirs.body.id}`)).status).toBe(404);
    expect((await reporter.get(`/api/imports/${theirs.body.id}/errors.csv`)).status).toBe(404);
    expect(
      (await reporter.post(`/api/imports/${theirs.body.id}/validate`, { mapping: { columns: theirs.body.suggested, values: {} } })).status,
    ).toBe(404);
    expect((await reporter.post(`/api/imports/${theirs.body.id}/run`, { mode: 'valid_only' })).status).toBe(404);
    // the CDC, whose right is not bound, sees the reporter's job
    expect((await epi.get(`/api/imports/${mine.body.id}`)).status).toBe(200);
  });

  it('refuses import to a reporter bound to no facility', async () => {
    const u = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id });
    // an account from before migration 0025, or one whose facility was removed
    await t.database.db.update(users).set({ facilityId: null }).where(eq(users.id, u.user.id));
    const unbound = await signIn(app, u.user.username, u.password);
    expect((await upload(unbound, 'x.csv', csv([row('辛', '')]))).status).toBe(403);
  });
});

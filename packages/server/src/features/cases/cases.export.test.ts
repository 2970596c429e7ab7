/**
 * The case list exported (GET /api/cases/export): the file read back as a user opens it — headers in the
 * reader's language, the list's filters and scope (a hospital reporter: its facility), numbers masked unless a
 * holder of cases.identity asks for them, formula cells defused, bad filters 400, the audit record without data,
 * and a list longer than one batch read whole and in order.
 */
import { and, desc, eq } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { csvRows, download, xlsxRows } from '../../test-support/download.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { facilities } from '../registry/registry.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { makeResidentId } from './resident-id.ts';

const KEY = '5a'.repeat(32);
const ID_A = makeResidentId('500199', '1988-07-21', 415);
const ID_B = makeResidentId('500199', '1990-01-02', 222);

const ZH_HEADERS = [
  '报告卡编号',
  '疾病',
  '病例分类',
  '姓名',
  '性别',
  '出生日期/年份',
  '证件类型',
  '证件号码',
  '现住地',
  '发病日期',
  '诊断时间',
  '报告时间',
  '报告单位',
  '临床严重程度',
  '转归',
  '报告及时性',
  '审核时间',
  '状态',
];

describe.each(testEngines())('case list export (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let reporter: TestClient;
  let epi: TestClient;
  let officerB: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let hospital: string;
  let clinic: string;
  let hfmd: string;
  let cholera: string;

  const report = (over: Record<string, unknown>) => ({
    diseaseId: hfmd,
    jurisdictionId: tree.communityA.id,
    personName: 'Li Ming',
    idType: 'resident_id',
    idNumber: ID_A,
    classification: 'clinical',
    onsetDate: '2026-03-08',
    diagnosisAt: '2026-03-10T09:00:00+08:00',
    reportedAt: '2026-03-10T12:00:00+08:00',
    facilityId: hospital,
    ...over,
  });

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const db = t.database.db;
    hospital = (
      await db
        .insert(facilities)
        .values({ name: '人民医院', nameEn: 'People’s Hospital', type: 'general_hospital', jurisdictionId: tree.townshipA.id })
        .returning()
    )[0]!.id;
    clinic = (
      await db
        .insert(facilities)
        .values({ name: '乙镇卫生院', nameEn: 'Township B clinic', type: 'township_health_centre', jurisdictionId: tree.townshipB.id })
        .returning()
    )[0]!.id;
    hfmd = (await db.select().from(diseases).where(eq(diseases.code, 'hfmd')))[0]!.id;
    cholera = (await db.select().from(diseases).where(eq(diseases.code, 'cholera')))[0]!.id;
    const r = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id, facilityId: hospital });
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const o = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    app = createTestApp(t.database, { identityKey: KEY });
    reporter = await signIn(app, r.user.username, r.password);
    epi = await signIn(app, e.user.username, e.password);
    officerB = await signIn(app, o.user.username, o.password);
    // two reports of the hospital (one named like a formula), one of the township B clinic, resident in B
    for (const body of [
      report({ personName: 'Li Ming' }),
      report({
        personName: '=HYPERLINK("http://x.example","点我")',
        idNumber: ID_B,
        diseaseId: cholera,
        classification: 'confirmed',
        reportedAt: '2026-03-10T13:00:00+08:00',
      }),
      report({
        personName: '王芳',
        idType: 'none',
        idNumber: undefined,
        jurisdictionId: tree.communityB.id,
        facilityId: clinic,
        reportedAt: '2026-03-10T14:00:00+08:00',
      }),
    ]) {
      const res = await epi.post('/api/cases', body);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  }, 120_000);

  it('exports the whole list as xlsx with Chinese headers, newest report first, numbers masked as in the list', async () => {
    const file = await download(epi, '/api/cases/export?format=xlsx');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename="cases-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const rows = await xlsxRows(file.bytes);
    expect(rows[0]).toEqual(ZH_HEADERS);
    expect(rows.slice(1).map((r) => r[3])).toEqual(['王芳', `'=HYPERLINK("http://x.example","点我")`, 'Li Ming']);
    const liMing = rows[3]!;
    // the epidemiologist holds cases.identity: the stored mask and the birth date, as the list shows them
    expect(liMing[5]).toBe('1988-07-21');
    expect(liMing[7]).toBe(`${ID_A.slice(0, 6)}********${ID_A.slice(-4)}`);
    expect(liMing.slice(9, 12)).toEqual(['2026-03-08', '2026-03-10 09:00', '2026-03-10 12:00']);
    expect(liMing[2]).toBe('临床诊断病例');
    expect(liMing[12]).toBe('人民医院');
    expect(liMing[15]).toBe('及时');
  });

  it('gives full numbers to a holder of cases.identity who asks, and records how many in the audit', async () => {
    const file = await download(epi, '/api/cases/export?format=csv&identity=full&lang=en');
    expect(file.status).toBe(200);
    const rows = csvRows(file.bytes);
    expect(rows[0]![7]).toBe('Document number');
    expect(rows.slice(1).map((r) => r[7])).toEqual(['', ID_B, ID_A]);
    const [record] = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'export')).orderBy(desc(auditLog.seq)).limit(1);
    expect(record).toMatchObject({
      entityType: 'list_export',
      after: { list: 'cases', format: 'csv', rows: 3, fullIdentityNumbers: 2, filters: { identity: 'full' } },
    });
    // the audit record holds no row: neither a name nor a number
    expect(JSON.stringify(record!.after)).not.toMatch(/Li Ming|王芳|500199/);
  });

  it('binds a hospital reporter to its facility, masks every character and shows the birth year only', async () => {
    const file = await download(reporter, '/api/cases/export?format=csv');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(file.bytes.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = csvRows(file.bytes);
    expect(rows[0]).toEqual(ZH_HEADERS);
    expect(rows.slice(1).map((r) => r[0]!.startsWith('C') && r[12])).toEqual(['人民医院', '人民医院']);
    expect(rows[2]![7]).toBe('*'.repeat(18));
    expect(rows[2]![5]).toBe('1988');
    // CSV: the formula is defused and its quotes and comma kept by quoting
    expect(rows[1]![3]).toBe(`'=HYPERLINK("http://x.example","点我")`);
    expect(file.bytes.toString('utf8')).toContain(`"'=HYPERLINK(""http://x.example"",""点我"")"`);
  });

  it("applies the list's filters and the reader's scope", async () => {
    const cholera1 = csvRows((await download(epi, `/api/cases/export?format=csv&diseaseId=${cholera}`)).bytes);
    expect(cholera1.slice(1).map((r) => r[1])).toEqual(['霍乱']);
    const named = csvRows((await download(epi, `/api/cases/export?format=csv&q=${encodeURIComponent('王')}`)).bytes);
    expect(named.slice(1).map((r) => r[3])).toEqual(['王芳']);
    // the township B officer sees the residents of B only
    const townshipB = csvRows((await download(officerB, '/api/cases/export?format=csv')).bytes);
    expect(townshipB.slice(1).map((r) => r[3])).toEqual(['王芳']);
  });

  it('refuses bad filters (400) and full numbers without cases.identity (403)', async () => {
    expect((await download(epi, '/api/cases/export?format=pdf')).status).toBe(400);
    expect((await download(epi, '/api/cases/export?diseaseId=not-a-uuid')).status).toBe(400);
    expect((await download(epi, '/api/cases/export?from=2026-02-30')).status).toBe(400);
    expect((await download(epi, '/api/cases/export?identity=all')).status).toBe(400);
    expect((await download(officerB, '/api/cases/export?identity=full')).status).toBe(403);
    expect((await download(reporter, '/api/cases/export?identity=full')).status).toBe(403);
  });

  it('reads a list longer than one batch whole, once each, in the list order (ties on the report time too)', async () => {
    // 2,400 copies of one report, six per report time: batches of 1,000 end inside groups of equal times
    await t.database.db.execute(sql`
      INSERT INTO case_reports (disease_id, jurisdiction_id, person_name, sex, id_type, classification, diagnosis_at, reported_at, facility_id)
      SELECT disease_id, jurisdiction_id, 'bulk ' || g, sex, 'none', classification, diagnosis_at,
             timestamptz '2026-04-01 00:00:00+08' + ((g / 6) * interval '1 minute') + interval '0.000123 second', facility_id
      FROM case_reports, generate_series(1, 2400) g WHERE person_name = 'Li Ming'`);
    const file = await download(epi, '/api/cases/export?format=csv&q=bulk');
    const rows = csvRows(file.bytes).slice(1);
    expect(rows).toHaveLength(2400);
    expect(new Set(rows.map((r) => r[0])).size).toBe(2400);
    const listed = (await epi.get('/api/cases?q=bulk&pageSize=500&page=3')).body.items.map((x: { code: string }) => x.code);
    expect(rows.slice(1000, 1500).map((r) => r[0])).toEqual(listed);
    const [record] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'export')))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    expect(record!.after).toMatchObject({ rows: 2400, filters: { q: 'bulk' } });
  });
});

import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { and, count, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { Database } from '../../platform/db/database.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import {
  TestClient,
  buildDistrictTree,
  buildUser,
  createTestApp,
  memoryLogger,
  signIn,
  testEngines,
  withTestDb,
} from '../../test-support/index.ts';
import { caseReports } from '../cases/cases.tables.ts';
import { facilities } from '../registry/registry.tables.ts';
import { waitForImport } from './imports.service.ts';
import { upload } from './imports.test-helpers.ts';
import { importJobs, importMappings } from './imports.tables.ts';

const IDENTITY_KEY = 'ab'.repeat(32);

const HEADER = '患者姓名,性别,有效证件号,出生日期,现住地址国标,疾病名称,病例分类,发病日期,诊断时间,报告卡录入时间,报告单位';

async function setup(database: Database) {
  const tree = await buildDistrictTree(database);
  const [facility] = await database.db
    .insert(facilities)
    .values({ name: `测试医院${tree.district.code}`, nameEn: 'Test Hospital', type: 'general_hospital', jurisdictionId: tree.townshipA.id })
    .returning();
  const { user, password } = await buildUser(database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
  const log = memoryLogger();
  const app = createTestApp(database, { identityKey: IDENTITY_KEY }, log);
  const client = await signIn(app, user.username, password);
  return { tree, facility: facility!, client, app, log };
}

function caseCsv(tree: Awaited<ReturnType<typeof buildDistrictTree>>, rows: number, bad: (i: number) => boolean = () => false) {
  // facility names are unique within a jurisdiction only; each test's district has its own hospital
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const place = i % 2 === 0 ? tree.townshipA.code : tree.communityB.code;
    const disease = i % 3 === 0 ? '流行性感冒' : i % 3 === 1 ? 'hfmd' : 'Influenza';
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(
      [
        `病人${i}`,
        i % 2 ? '女' : '男',
        '',
        '1990-01-01',
        bad(i) ? '999999999999' : place,
        disease,
        '临床诊断病例',
        `2026-10-${day}`,
        `2026-10-${day} 10:00`,
        `2026-10-${day} 11:00`,
        `测试医院${tree.district.code}`,
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function counts(database: Database) {
  const [cases] = await database.db.select({ n: count() }).from(caseReports);
  const [audits] = await database.db.select({ n: count() }).from(auditLog);
  return { cases: cases!.n, audits: audits!.n };
}

async function runToEnd(client: TestClient, id: string, mode: string) {
  const res = await client.post(`/api/imports/${id}/run`, { mode });
  expect(res.status).toBe(202);
  await waitForImport(id);
  return (await client.get(`/api/imports/${id}`)).body;
}

describe.each(testEngines())('imports API (%s)', (engine) => {
  const t = withTestDb(engine);

  it('uploads, suggests columns from Chinese headers, validates, and imports every row with values intact', async () => {
    const { tree, client, facility } = await setup(t.database);
    const up = await upload(client, '病例.csv', `\uFEFF${caseCsv(tree, 5)}`);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ status: 'uploaded', format: 'csv', encoding: 'utf-8', totalRows: 5 });
    expect(up.body.headers[0]).toBe('患者姓名');
    expect(up.body.suggested).toEqual({
      personName: '患者姓名',
      sex: '性别',
      idNumber: '有效证件号',
      birthDate: '出生日期',
      jurisdiction: '现住地址国标',
      disease: '疾病名称',
      classification: '病例分类',
      onsetDate: '发病日期',
      diagnosisAt: '诊断时间',
      reportedAt: '报告卡录入时间',
      facility: '报告单位',
    });
    expect(up.body.preview).toHaveLength(5);

    const v = await client.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    expect(v.status).toBe(200);
    expect(v.body).toMatchObject({ status: 'validated', totalRows: 5, validRows: 5, errorRows: 0, errors: [] });

    const done = await runToEnd(client, up.body.id, 'all_or_nothing');
    expect(done).toMatchObject({ status: 'done', importedRows: 5, progress: 1, mode: 'all_or_nothing' });
    const rows = await t.database.db.select().from(caseReports).where(eq(caseReports.importId, up.body.id)).orderBy(caseReports.personName);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toMatchObject({
      personName: '病人0',
      sex: 'male',
      birthDate: '1990-01-01',
      jurisdictionId: tree.townshipA.id,
      classification: 'clinical',
      onsetDate: '2026-10-01',
      facilityId: facility.id,
      source: 'import',
      idType: 'none',
    });
    expect(rows[0]!.diagnosisAt.toISOString()).toBe('2026-10-01T02:00:00.000Z'); // 10:00 China time
    expect(rows[1]).toMatchObject({ personName: '病人1', sex: 'female', jurisdictionId: tree.communityB.id });
    // the file is not kept once the import has ended
    const [job] = await t.database.db.select({ file: importJobs.file }).from(importJobs).where(eq(importJobs.id, up.body.id));
    expect(job!.file).toBeNull();
    // one audit record for the whole import
    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'import'), eq(auditLog.action, 'import')));
    expect(audits).toHaveLength(1);
    expect(audits[0]!.after).toMatchObject({ importedRows: 5, mode: 'all_or_nothing' });

    const list = await client.get('/api/imports?kind=cases');
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({ id: up.body.id, status: 'done', errors: [] });
  });

  it('all-or-nothing with a bad row leaves the database unchanged; the error report names row, column, value', async () => {
    const { tree, client } = await setup(t.database);
    const csv = caseCsv(tree, 6, (i) => i === 2).replace('病人4,男', '病人4,X');
    const up = await upload(client, 'bad.csv', csv);
    const v = await client.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    expect(v.body).toMatchObject({ totalRows: 6, validRows: 4, errorRows: 2, errorCount: 2 });
    expect(v.body.errors).toEqual([
      {
        row: 4,
        column: '现住地址国标',
        field: 'jurisdiction',
        value: '999999999999',
        code: 'out_of_scope',
        params: { value: '999999999999' },
        message: 'no jurisdiction within your area "999999999999"',
      },
      {
        row: 6,
        column: '性别',
        field: 'sex',
        value: 'X',
        code: 'unknown_value',
        params: { value: 'X' },
        message: '"X" is not a known sex (男/女)',
      },
    ]);

    const before = await counts(t.database);
    const res = await client.post(`/api/imports/${up.body.id}/run`, { mode: 'all_or_nothing' });
    expect(res.status).toBe(202);
    expect(res.body.status).toBe('rejected');
    const after = await counts(t.database);
    expect(after.cases).toBe(before.cases);
    // the refusal itself is recorded (one record), no case was written
    expect(after.audits).toBe(before.audits + 1);

    const report = await client.app.request(`/api/imports/${up.body.id}/errors.csv`, {
      headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toMatch(/text\/csv/);
    expect(report.headers.get('content-disposition')).toMatch(/bad-errors\.csv/);
    // the BOM is really sent (Excel needs it to read UTF-8); the report is in the user's language (zh-CN)
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(await report.arrayBuffer())).toBe(
      '\uFEFF行号,列,值,问题\r\n' +
        '4,现住地址国标,999999999999,“999999999999”不存在或不在您的管辖范围内\r\n' +
        '6,性别,X,无法识别“X”：请使用系统取值，或在列对应步骤添加取值转换\r\n',
    );
    // an ended import cannot be run again
    expect((await client.post(`/api/imports/${up.body.id}/run`, { mode: 'valid_only' })).status).toBe(409);
    // UTF-16 without a byte-order mark is read; a NUL in a header is a coded 400 (both answered 500)
    const utf16 = await upload(client, 'utf16.csv', new Uint8Array(iconv.encode(caseCsv(tree, 2), 'utf-16le')));
    expect(utf16.body).toMatchObject({ encoding: 'utf-16le', totalRows: 2, headers: HEADER.split(',') });
    const nul = await upload(client, 'nul.csv', `${HEADER.replace('性别', '性\u0000别')}\n${caseCsv(tree, 1).split('\n')[1]}\n`);
    expect(nul.status).toBe(400);
    expect(nul.body.error.details).toMatchObject([{ path: 'file', code: 'nul_character', params: { row: 1, column: 2 } }]);
  });

  it('valid-only writes exactly the valid rows, and value mappings translate file words', async () => {
    const { tree, client } = await setup(t.database);
    const csv = caseCsv(tree, 6, (i) => i === 1 || i === 3).replace(/流行性感冒/g, '流感');
    const up = await upload(client, 'mixed.csv', csv);
    const mapping = { columns: up.body.suggested, values: { disease: { 流感: 'influenza' } } };
    const v = await client.post(`/api/imports/${up.body.id}/validate`, { mapping });
    expect(v.body).toMatchObject({ validRows: 4, errorRows: 2 });
    const done = await runToEnd(client, up.body.id, 'valid_only');
    expect(done).toMatchObject({ status: 'done', importedRows: 4, errorRows: 2 });
    const rows = await t.database.db
      .select({ name: caseReports.personName })
      .from(caseReports)
      .where(eq(caseReports.importId, up.body.id))
      .orderBy(caseReports.personName);
    expect(rows.map((r) => r.name)).toEqual(['病人0', '病人2', '病人4', '病人5']);
  });

  it('reads a GBK CSV and an XLSX built with exceljs', async () => {
    const { tree, client, log } = await setup(t.database);
    const gbk = new Uint8Array(iconv.encode(caseCsv(tree, 3).replace(/\n/g, '\r\n'), 'gbk'));
    const up = await upload(client, 'gbk.csv', gbk);
    expect(up.body).toMatchObject({ encoding: 'gb18030', totalRows: 3 });
    expect(up.body.preview[0][0]).toBe('病人0');

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['Name', 'Sex', 'Residence code', 'Disease', 'Classification', 'Diagnosis date']);
    ws.addRow(['Li Lei', 'M', tree.townshipB.code, 'Influenza', 'confirmed', new Date(Date.UTC(2026, 9, 3, 8, 15))]);
    ws.getCell('F2').numFmt = 'yyyy-mm-dd hh:mm';
    const xlsx = await upload(client, 'cases.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()));
    expect(xlsx.status).toBe(201);
    expect(xlsx.body.suggested).toEqual({
      personName: 'Name',
      sex: 'Sex',
      jurisdiction: 'Residence code',
      disease: 'Disease',
      classification: 'Classification',
      diagnosisAt: 'Diagnosis date',
    });
    await client.post(`/api/imports/${xlsx.body.id}/validate`, { mapping: { columns: xlsx.body.suggested, values: {} } });
    const done = await runToEnd(client, xlsx.body.id, 'all_or_nothing');
    // the server's error lines are part of the comparison: a failed write shows its cause here
    const failures = log.lines.filter((l) => l.includes('import failed'));
    expect({ status: done.status, message: done.message, errors: done.errors, importedRows: done.importedRows, failures }).toEqual({
      status: 'done',
      message: '',
      errors: [],
      importedRows: 1,
      failures: [],
    });
    const [row] = await t.database.db.select().from(caseReports).where(eq(caseReports.importId, xlsx.body.id));
    expect(row).toMatchObject({ personName: 'Li Lei', sex: 'male', jurisdictionId: tree.townshipB.id, classification: 'confirmed' });
    expect(row!.diagnosisAt.toISOString()).toBe('2026-10-03T00:15:00.000Z');
  });

  it('refuses bad uploads and mappings with 400s naming the field, and oversize bodies with 413', async () => {
    const { tree, client, app } = await setup(t.database);
    expect((await upload(client, 'x.pdf', '%PDF-1.4')).body.error.details).toEqual([
      { path: 'file', code: 'file_type', message: 'Only .csv and .xlsx files are accepted' },
    ]);
    expect((await upload(client, 'x.csv', HEADER)).status).toBe(400);
    const up = await upload(client, 'x.csv', caseCsv(tree, 1));
    const bad = await client.post(`/api/imports/${up.body.id}/validate`, {
      mapping: { columns: { personName: '患者姓名', sex: 'nope' }, values: {} },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual(
      expect.arrayContaining([
        {
          path: 'mapping.columns.sex',
          code: 'mapping_no_column',
          params: { field: 'sex', header: 'nope' },
          message: 'the file has no column "nope"',
        },
        {
          path: 'mapping.columns.disease',
          code: 'mapping_required',
          params: { field: 'disease' },
          message: 'choose the column holding this field',
        },
      ]),
    );
    expect((await client.post(`/api/imports/${up.body.id}/run`, { mode: 'valid_only' })).status).toBe(409);
    // UTF-16 without a byte-order mark is read; a NUL in a header is a coded 400 (both answered 500)
    const utf16 = await upload(client, 'utf16.csv', new Uint8Array(iconv.encode(caseCsv(tree, 2), 'utf-16le')));
    expect(utf16.body).toMatchObject({ encoding: 'utf-16le', totalRows: 2, headers: HEADER.split(',') });
    const nul = await upload(client, 'nul.csv', `${HEADER.replace('性别', '性\u0000别')}\n${caseCsv(tree, 1).split('\n')[1]}\n`);
    expect(nul.status).toBe(400);
    expect(nul.body.error.details).toMatchObject([{ path: 'file', code: 'nul_character', params: { row: 1, column: 2 } }]);

    const small = createTestApp(t.database, { identityKey: IDENTITY_KEY, uploadLimitBytes: 2048 });
    const smallClient = new TestClient(small);
    smallClient.cookies.clear();
    for (const [k, v] of client.cookies) smallClient.cookies.set(k, v);
    const big = await upload(smallClient, 'big.csv', caseCsv(tree, 200));
    expect(big.status).toBe(413);
    void app;
  });

  it('keeps imports in scope: a township officer without the right gets 403, another district 404', async () => {
    const { tree, client } = await setup(t.database);
    const up = await upload(client, 'x.csv', caseCsv(tree, 1));
    const other = await buildDistrictTree(t.database);
    const { user, password } = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: other.district.id });
    const stranger = await signIn(createTestApp(t.database, { identityKey: IDENTITY_KEY }), user.username, password);
    expect((await stranger.get(`/api/imports/${up.body.id}`)).status).toBe(404);
    expect((await stranger.get('/api/imports?kind=cases')).body.total).toBe(0);
    const viewer = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.district.id }).catch(() => null);
    if (viewer) {
      const v = await signIn(createTestApp(t.database), viewer.user.username, viewer.password);
      expect((await upload(v, 'x.csv', caseCsv(tree, 1))).status).toBe(403);
    }
  });

  it('saves mappings by name, replaces by name, deletes', async () => {
    const { client } = await setup(t.database);
    const a = await client.post('/api/imports/mappings', {
      kind: 'cases',
      name: '大疫情网导出',
      columns: { personName: '患者姓名' },
      values: { sex: { 男: 'male' } },
    });
    expect(a.status).toBe(201);
    const b = await client.post('/api/imports/mappings', {
      kind: 'cases',
      name: '大疫情网导出',
      columns: { personName: '姓名' },
      values: {},
    });
    expect(b.status).toBe(200);
    expect(b.body.id).toBe(a.body.id);
    const list = await client.get('/api/imports/mappings?kind=cases');
    expect(list.body.items).toEqual([expect.objectContaining({ name: '大疫情网导出', columns: { personName: '姓名' }, values: {} })]);
    expect((await client.post('/api/imports/mappings', { kind: 'cases', name: 'x', columns: { nope: 'a' }, values: {} })).status).toBe(400);
    expect((await client.delete(`/api/imports/mappings/${a.body.id}`)).status).toBe(204);
    expect((await client.get('/api/imports/mappings?kind=cases')).body.items).toEqual([]);
  });

  it("scopes saved mappings: a township officer neither sees, replaces nor deletes the district's", async () => {
    const { tree, client } = await setup(t.database);
    const district = await client.post('/api/imports/mappings', {
      kind: 'feeds',
      name: '发热门诊日报',
      columns: { value: '就诊人次' },
      values: {},
    });
    expect(district.status).toBe(201);
    expect(district.body.jurisdictionId).toBe(tree.district.id);
    const officer = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const township = await signIn(createTestApp(t.database), officer.user.username, officer.password);
    expect((await township.get('/api/imports/mappings?kind=feeds')).body.items).toEqual([]);
    // the same name saved by the officer is the officer's own mapping, never a replacement of the district's
    const own = await township.post('/api/imports/mappings', {
      kind: 'feeds',
      name: '发热门诊日报',
      columns: { value: '药店销量' },
      values: {},
    });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ jurisdictionId: tree.townshipA.id });
    expect(own.body.id).not.toBe(district.body.id);
    expect((await township.delete(`/api/imports/mappings/${district.body.id}`)).status).toBe(404);
    const [kept] = await t.database.db.select().from(importMappings).where(eq(importMappings.id, district.body.id));
    expect(kept).toMatchObject({ columns: { value: '就诊人次' } });
    expect((await township.get('/api/imports/mappings?kind=feeds')).body.items.map((m: { id: string }) => m.id)).toEqual([own.body.id]);
    // the district sees both (its own and the township's), each with where it belongs
    const all = (await client.get('/api/imports/mappings?kind=feeds')).body.items as Array<{ id: string; jurisdictionId: string }>;
    expect(all.map((m) => m.jurisdictionId).sort()).toEqual([tree.district.id, tree.townshipA.id].sort());
  });

  it('imports 10,000 rows in one transaction with the values checked', async () => {
    const { tree, client } = await setup(t.database);
    const up = await upload(client, 'big.csv', caseCsv(tree, 10_000));
    expect(up.body.totalRows).toBe(10_000);
    await client.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    const done = await runToEnd(client, up.body.id, 'all_or_nothing');
    expect(done.errors.slice(0, 3)).toEqual([]);
    expect(done).toMatchObject({ status: 'done', importedRows: 10_000 });
    const [agg] = await t.database.db
      .select({
        n: count(),
        male: sql<number>`count(*) FILTER (WHERE ${caseReports.sex} = 'male')`.mapWith(Number),
        townshipA: sql<number>`count(*) FILTER (WHERE ${caseReports.jurisdictionId} = ${tree.townshipA.id})`.mapWith(Number),
        influenza:
          sql<number>`count(*) FILTER (WHERE ${caseReports.diseaseId} = (SELECT id FROM diseases WHERE code = 'influenza'))`.mapWith(
            Number,
          ),
      })
      .from(caseReports)
      .where(eq(caseReports.importId, up.body.id));
    expect(agg).toEqual({ n: 10_000, male: 5000, townshipA: 5000, influenza: 6667 });
    const [last] = await t.database.db
      .select()
      .from(caseReports)
      .where(and(eq(caseReports.importId, up.body.id), eq(caseReports.personName, '病人9999')));
    expect(last).toMatchObject({ sex: 'female', jurisdictionId: tree.communityB.id, onsetDate: '2026-10-04' });
  }, 120_000);
});

void ({} as AppOpenAPI);

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import { type TestClient, buildDistrictTree, buildUser, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { conflict } from '../../platform/errors.ts';
import {
  FAILURE_MESSAGES,
  PROBLEM_SENTENCES,
  REFUSAL_MESSAGES,
  failureCodeOf,
  localiseProblem,
  refusal,
  reportLanguage,
} from './imports.errors.ts';
import { fileError } from './imports.parse.ts';
import { failureMessage, waitForImport } from './imports.service.ts';
import { upload } from './imports.test-helpers.ts';
import { importJobs } from './imports.tables.ts';

const IDENTITY_KEY = 'cd'.repeat(32);

describe('problem sentences', () => {
  it('every code has a Chinese and an English sentence, different from each other', () => {
    const params = {
      value: 'V',
      count: 2,
      row: 3,
      max: 10,
      name: '名',
      nameEn: 'Name',
      expected: 'male',
      site: 'S',
      jurisdiction: 'J',
      denominator: 5,
      column: 2,
      header: 'H',
      reason: 'R',
      detail: 'D',
    };
    for (const [code, sentence] of Object.entries(PROBLEM_SENTENCES)) {
      const zh = sentence(params, 'zh-CN');
      const en = sentence(params, 'en');
      expect({ code, zh: /[\u4e00-\u9fff]/.test(zh), en: /[\u4e00-\u9fff]/.test(en), same: zh === en }).toEqual({
        code,
        zh: true,
        en: false,
        same: false,
      });
    }
  });

  it('localises from code and params, and falls back to the message without a known code', () => {
    expect(localiseProblem({ code: 'not_a_date', params: { value: '2026-13-01' }, message: 'x' }, 'zh-CN')).toBe(
      '“2026-13-01”不是日期（请写作 2026-03-05）',
    );
    expect(localiseProblem({ code: 'not_a_date', params: { value: '2026-13-01' }, message: 'x' }, 'en')).toBe(
      '"2026-13-01" is not a date (write 2026-03-05)',
    );
    expect(localiseProblem({ code: 'sex_disagrees_with_resident_id', params: { expected: 'female' }, message: 'x' }, 'zh-CN')).toBe(
      '与身份证号不符（身份证号显示为女）',
    );
    expect(localiseProblem({ code: 'disease_inactive', params: { name: '鼠疫', nameEn: 'Plague' }, message: 'x' }, 'en')).toBe(
      'Plague is not active in the catalogue',
    );
    expect(localiseProblem({ message: 'an old stored message' }, 'zh-CN')).toBe('an old stored message');
    expect(localiseProblem({ code: 'from_a_newer_server', message: 'kept as sent' }, 'zh-CN')).toBe('kept as sent');
  });

  it('chooses the report language: lang first, then the saved locale', () => {
    expect(reportLanguage('en', 'zh-CN')).toBe('en');
    expect(reportLanguage('zh-CN', 'en')).toBe('zh-CN');
    expect(reportLanguage('zh', 'en')).toBe('zh-CN');
    expect(reportLanguage('en-GB', 'zh-CN')).toBe('en');
    expect(reportLanguage(undefined, 'en')).toBe('en');
    expect(reportLanguage('fr', 'zh-CN')).toBe('zh-CN');
    expect(reportLanguage(undefined, undefined)).toBe('zh-CN');
  });
});

const HEADER = '患者姓名,性别,有效证件号,出生日期,现住地址国标,疾病名称,病例分类,发病日期,诊断时间,报告卡录入时间';

async function setup(database: Database) {
  const tree = await buildDistrictTree(database);
  const { user, password } = await buildUser(database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
  const client = await signIn(createTestApp(database, { identityKey: IDENTITY_KEY }), user.username, password);
  return { tree, client, user };
}

async function report(client: TestClient, id: string, query = '') {
  const res = await client.app.request(`/api/imports/${id}/errors.csv${query}`, {
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
  });
  expect(res.status).toBe(200);
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)).split('\r\n');
}

describe.each(testEngines())('localised import problems (%s)', (engine) => {
  const t = withTestDb(engine);

  it('row errors of a case list carry codes and params; the report is written in the user language', async () => {
    const { tree, client, user } = await setup(t.database);
    const place = tree.townshipA.code;
    const rows = [
      // 2: no name, unknown sex
      ['', '男人', '', '1990-01-01', place, '流行性感冒', '确诊病例', '2026-10-01', '2026-10-02 10:00', '2026-10-02 11:00'],
      // 3: a disease not in the catalogue, a residence outside the area, a diagnosis that is no date
      ['乙', '女', '', '1990-01-01', '999999999999', '天花病', '确诊病例', '2026-10-01', '10月2日', ''],
      // 4: a mistyped resident ID (check character)
      ['丙', '女', '110105194912310021', '', place, '流行性感冒', '确诊病例', '2026-10-01', '2026-10-02 10:00', ''],
      // 5: a resident ID of a woman given as male; onset after the diagnosis
      ['丁', '男', '11010519491231002X', '', place, '流行性感冒', '确诊病例', '2026-10-05', '2026-10-02 10:00', ''],
      // 6: a birth date that is no date
      ['戊', '女', '', '1990-02-30', place, '流行性感冒', '确诊病例', '', '2026-10-02 10:00', ''],
    ];
    const csv = `${[HEADER, ...rows.map((r) => r.join(','))].join('\n')}\n`;
    const up = await upload(client, '病例.csv', csv);
    expect(up.status).toBe(201);
    const v = await client.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    expect(v.status).toBe(200);
    const slim = v.body.errors.map((e: { row: number; field: string; column: string; code: string; params?: unknown }) => [
      e.row,
      e.field,
      e.column,
      e.code,
      e.params,
    ]);
    expect(slim).toEqual([
      [2, 'sex', '性别', 'unknown_value', { value: '男人' }],
      [3, 'disease', '疾病名称', 'not_in_catalogue', { value: '天花病' }],
      [3, 'jurisdiction', '现住地址国标', 'out_of_scope', { value: '999999999999' }],
      [3, 'diagnosisAt', '诊断时间', 'not_a_date_time', { value: '10月2日' }],
      [4, 'idNumber', '有效证件号', 'resident_id_checksum', undefined],
      [5, 'sex', '性别', 'sex_disagrees_with_resident_id', { expected: 'female' }],
      [5, 'onsetDate', '发病日期', 'after_diagnosis', undefined],
      [6, 'birthDate', '出生日期', 'not_a_date', { value: '1990-02-30' }],
    ]);
    // row 2's empty name is found by the case checker only once the row's words are known: fix the sex, see it
    const up2 = await upload(
      client,
      'name.csv',
      `${HEADER}\n${['', '男', '', '1990-01-01', place, '流行性感冒', '确诊病例', '', '2026-10-02 10:00', ''].join(',')}\n`,
    );
    const v2 = await client.post(`/api/imports/${up2.body.id}/validate`, { mapping: { columns: up2.body.suggested, values: {} } });
    expect(v2.body.errors).toEqual([
      { row: 2, column: '患者姓名', field: 'personName', value: '', code: 'required', message: 'must not be empty' },
    ]);
    // the English messages stay for API clients
    expect(v.body.errors[4].message).toBe('the check character (the last one) does not match: a character was mistyped');

    // the report: the saved locale (zh-CN) by default
    const zh = await report(client, up.body.id);
    expect(zh.slice(0, 9)).toEqual([
      '行号,列,值,问题',
      '2,性别,男人,无法识别“男人”：请使用系统取值，或在列对应步骤添加取值转换',
      '3,疾病名称,天花病,目录中没有“天花病”',
      '3,现住地址国标,999999999999,“999999999999”不存在或不在您的管辖范围内',
      '3,诊断时间,10月2日,“10月2日”不是日期或时间（请写作 2026-03-05 14:30）',
      '4,有效证件号,**************0021,身份证号校验位（最后一位）不符：可能有字符输入错误',
      '5,性别,男,与身份证号不符（身份证号显示为女）',
      '5,发病日期,2026-10-05,不能晚于诊断时间',
      '6,出生日期,1990-02-30,“1990-02-30”不是日期（请写作 2026-03-05）',
    ]);
    // ?lang=en (what the web passes when the page is in English)
    const en = await report(client, up.body.id, '?lang=en');
    expect(en.slice(0, 9)).toEqual([
      'Row,Column,Value,Problem',
      `2,性别,男人,"""男人"" is not a known value: use the system's words or add a value translation"`,
      '3,疾病名称,天花病,"""天花病"" is not in the catalogue"',
      '3,现住地址国标,999999999999,"""999999999999"" does not exist within your area"',
      '3,诊断时间,10月2日,"""10月2日"" is not a date or date-time (write 2026-03-05 14:30)"',
      '4,有效证件号,**************0021,the check character (the last one) does not match: a character was mistyped',
      '5,性别,男,"does not agree with the resident ID, which gives female"',
      '5,发病日期,2026-10-05,must not be after the diagnosis',
      '6,出生日期,1990-02-30,"""1990-02-30"" is not a date (write 2026-03-05)"',
    ]);
    // a user whose saved language is English gets English without asking; lang still wins
    await t.database.db.update(users).set({ locale: 'en' }).where(eq(users.id, user.id));
    expect((await report(client, up.body.id))[0]).toBe('Row,Column,Value,Problem');
    expect((await report(client, up.body.id, '?lang=zh-CN'))[1]).toBe(
      '2,性别,男人,无法识别“男人”：请使用系统取值，或在列对应步骤添加取值转换',
    );

    // errors stored before codes existed (no field, code, params) are still shown and reported, by their message
    await t.database.db
      .update(importJobs)
      .set({ errors: [{ row: 7, column: '性别', value: 'X', message: '"X" is not a known sex (男/女)' }], errorCount: 1 })
      .where(eq(importJobs.id, up.body.id));
    expect((await client.get(`/api/imports/${up.body.id}`)).body.errors).toEqual([
      { row: 7, column: '性别', value: 'X', message: '"X" is not a known sex (男/女)' },
    ]);
    expect(await report(client, up.body.id, '?lang=zh-CN')).toEqual(['行号,列,值,问题', '7,性别,X,"""X"" is not a known sex (男/女)"', '']);
  });

  it('file problems of an upload carry codes', async () => {
    const { client } = await setup(t.database);
    const noRows = await upload(client, 'x.csv', `${HEADER}\n`);
    expect(noRows.status).toBe(400);
    expect(noRows.body.error.details).toEqual([{ path: 'file', code: 'no_rows', message: 'The file has a header but no rows' }]);
    const empty = await upload(client, 'x.csv', '');
    expect(empty.body.error.details).toEqual([{ path: 'file', code: 'file_empty', message: 'The file is empty' }]);
    const fake = await upload(client, 'x.xlsx', 'a,b\n1,2\n');
    expect(fake.body.error.details).toEqual([{ path: 'file', code: 'file_not_xlsx', message: 'The file is not a valid .xlsx workbook' }]);
  });

  it('row errors of a feed file carry codes and params', async () => {
    const { tree, client } = await setup(t.database);
    const site = await client.post('/api/feeds/sites', {
      code: `PH-${tree.townshipA.code}`,
      name: '测试药店',
      nameEn: 'Test Pharmacy',
      kind: 'pharmacy',
      jurisdictionId: tree.townshipA.id,
    });
    expect(site.status).toBe(201);
    const day = new Date(Date.now() + 8 * 3_600_000 - 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
    const lines = [
      '日期,监测点编码,地区编码,监测类型,数值,分母',
      `${day},${site.body.code},,pharmacy_antipyretics,11,`, // 2: valid
      `${day},${site.body.code},,pharmacy_antipyretics,12,`, // 3: repeats row 2
      `${day},,${tree.townshipB.code},ili_share,950,900`, // 4: more than the denominator
      `${day},NOPE,,发烧指数,,`, // 5: unknown site, unknown type, no value
      `${tomorrow},,,pharmacy_antipyretics,-1,`, // 6: future, no place, negative
    ];
    const up = await upload(client, 'feeds.csv', `${lines.join('\n')}\n`, 'feeds');
    expect(up.status).toBe(201);
    const v = await client.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    const slim = v.body.errors.map((e: { row: number; field: string; code: string; params?: unknown }) => [
      e.row,
      e.field,
      e.code,
      e.params,
    ]);
    expect(slim).toEqual([
      [3, '', 'duplicate_row', { row: 2 }],
      [4, 'value', 'exceeds_denominator', { value: 950, denominator: 900 }],
      [5, 'feedType', 'not_in_catalogue', { value: '发烧指数' }],
      [5, 'site', 'out_of_scope', { value: 'NOPE' }],
      [5, 'value', 'required', undefined],
      [6, 'site', 'site_or_jurisdiction_required', undefined],
      [6, 'date', 'in_future', undefined],
      [6, 'value', 'not_non_negative_number', undefined],
    ]);
    const zh = await report(client, up.body.id, '?lang=zh-CN');
    expect(zh.slice(1, 4)).toEqual([
      '3,,,与第 2 行重复（同一天、同一地点、同一类型）',
      '4,数值,950,数值 950 不能大于分母 900',
      '5,监测类型,发烧指数,目录中没有“发烧指数”',
    ]);
    const en = await report(client, up.body.id, '?lang=en');
    expect(en.slice(1, 3)).toEqual([
      '3,,,"repeats row 2 (same day, place and type)"',
      '4,数值,950,must not exceed the denominator (950 > 900)',
    ]);
  });
});

describe('refusal and failure codes', () => {
  it('a failed write gives the code of its cause: database refusals, our own refusals with their params', () => {
    expect(failureMessage(Object.assign(new Error('dup'), { code: '23505' }))).toEqual({
      message: 'A row conflicts with a record written meanwhile (duplicate); nothing was imported',
      failure: { code: 'write_duplicate' },
    });
    expect(failureMessage({ cause: { code: '23503' } })).toEqual({
      message: 'A row no longer fits the data (a referenced record changed); nothing was imported',
      failure: { code: 'write_reference_changed' },
    });
    expect(failureMessage(new Error('boom'))).toEqual({
      message: 'The import failed; nothing was imported',
      failure: { code: 'import_failed' },
    });
    expect(
      failureMessage(
        fileError('csv_unreadable', 'The CSV cannot be read after row 7: Invalid Closing Quote', {
          row: 7,
          reason: 'Invalid Closing Quote',
        }),
      ),
    ).toEqual({
      message: 'The CSV cannot be read after row 7: Invalid Closing Quote; nothing was imported',
      failure: { code: 'csv_unreadable', params: { row: 7, reason: 'Invalid Closing Quote' } },
    });
    expect(failureMessage(conflict('status_not_allowed', 'Something else'))).toEqual({
      message: 'Something else; nothing was imported',
      failure: { code: 'import_failed' },
    });
  });

  it('knows the code of a failure stored before codes existed from our fixed sentences only', () => {
    expect(failureCodeOf('The server stopped during the import; nothing was imported')).toBe('import_interrupted');
    expect(failureCodeOf('The import failed; nothing was imported')).toBe('import_failed');
    expect(failureCodeOf('The file of this import is no longer kept: upload it again; nothing was imported')).toBe('file_gone');
    expect(failureCodeOf('The CSV cannot be read after row 7: x; nothing was imported')).toBeNull();
    expect(failureCodeOf('')).toBeNull();
  });

  it('every refusal keeps the English message API clients read', () => {
    expect(refusal('mapping.columns.sex', 'mapping_no_column', { field: 'sex', header: 'nope' })).toEqual({
      path: 'mapping.columns.sex',
      code: 'mapping_no_column',
      params: { field: 'sex', header: 'nope' },
      message: 'the file has no column "nope"',
    });
    expect(Object.keys(REFUSAL_MESSAGES).filter((code) => code in PROBLEM_SENTENCES || code in FAILURE_MESSAGES)).toEqual([]);
  });
});

describe.each(testEngines())('coded refusals and failed jobs (%s)', (engine) => {
  const t = withTestDb(engine);
  const ROW = (place: string) =>
    ['甲', '男', '', '1990-01-01', place, '流行性感冒', '确诊病例', '2026-10-01', '2026-10-02 10:00', '2026-10-02 11:00'].join(',');

  it('mapping, mode and state refusals carry codes and params beside their English messages', async () => {
    const { tree, client } = await setup(t.database);
    const up = await upload(client, 'x.csv', `${HEADER}\n${ROW(tree.townshipA.code)}\n`);
    const bad = await client.post(`/api/imports/${up.body.id}/validate`, {
      mapping: { columns: { personName: '患者姓名', sex: 'nope', nickname: '患者姓名' }, values: { hobby: {} } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.filter((d: { path: string }) => !/disease|jurisdiction|classification|diagnosisAt/.test(d.path))).toEqual(
      [
        {
          path: 'mapping.columns.sex',
          code: 'mapping_no_column',
          params: { field: 'sex', header: 'nope' },
          message: 'the file has no column "nope"',
        },
        {
          path: 'mapping.columns.nickname',
          code: 'mapping_unknown_field',
          params: { field: 'nickname' },
          message: 'is not a field of this import',
        },
        {
          path: 'mapping.values.hobby',
          code: 'mapping_unknown_field',
          params: { field: 'hobby' },
          message: 'is not a field of this import',
        },
      ],
    );
    expect(bad.body.error.details).toContainEqual({
      path: 'mapping.columns.disease',
      code: 'mapping_required',
      params: { field: 'disease' },
      message: 'choose the column holding this field',
    });
    const saved = await client.post('/api/imports/mappings', { kind: 'cases', name: 'x', columns: { nope: 'a' }, values: {} });
    expect(saved.body.error.details).toEqual([
      { path: 'columns.nope', code: 'mapping_unknown_field', params: { field: 'nope' }, message: 'is not a field of this import' },
    ]);

    const early = await client.post(`/api/imports/${up.body.id}/run`, { mode: 'all_or_nothing' });
    expect([early.status, early.body.error.message, early.body.error.details]).toEqual([
      409,
      'Validate the rows first',
      [{ path: '', code: 'validate_first', message: 'Validate the rows first' }],
    ]);

    // feed values are all-or-nothing only
    const feeds = await upload(client, 'f.csv', `日期,地区编码,监测类型,数值\n2026-10-01,${tree.townshipA.code},ili_share,1\n`, 'feeds');
    expect(feeds.status).toBe(201);
    await client.post(`/api/imports/${feeds.body.id}/validate`, { mapping: { columns: feeds.body.suggested, values: {} } });
    const mode = await client.post(`/api/imports/${feeds.body.id}/run`, { mode: 'valid_only' });
    expect([mode.status, mode.body.error.details]).toEqual([
      400,
      [
        {
          path: 'mode',
          code: 'mode_not_allowed',
          params: { allowed: 'all_or_nothing' },
          message: 'this import allows only: all_or_nothing',
        },
      ],
    ]);

    // the file is dropped when an import ends: validating it again, or running it again, is refused
    await client.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    const run = await client.post(`/api/imports/${up.body.id}/run`, { mode: 'all_or_nothing' });
    expect(run.status).toBe(202);
    await waitForImport(up.body.id);
    const again = await client.post(`/api/imports/${up.body.id}/run`, { mode: 'all_or_nothing' });
    expect([again.status, again.body.error.details]).toEqual([409, [{ path: '', code: 'import_done', message: 'This import is done' }]]);
    const revalidate = await client.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    expect(revalidate.body.error.details).toEqual([{ path: '', code: 'import_done', message: 'This import is already done' }]);
    await t.database.db.update(importJobs).set({ status: 'rejected' }).where(eq(importJobs.id, up.body.id));
    const ended = await client.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    expect([ended.status, ended.body.error.details]).toEqual([
      409,
      [{ path: '', code: 'import_ended', message: 'This import has ended: upload the file again' }],
    ]);
    const endedRun = await client.post(`/api/imports/${up.body.id}/run`, { mode: 'all_or_nothing' });
    expect(endedRun.body.error.details).toEqual([{ path: '', code: 'import_ended', message: 'This import is rejected' }]);

    // a file no longer kept (validation reads it again)
    const gone = await upload(client, 'y.csv', `${HEADER}\n${ROW(tree.townshipA.code)}\n`);
    await t.database.db.update(importJobs).set({ file: null }).where(eq(importJobs.id, gone.body.id));
    const v = await client.post(`/api/imports/${gone.body.id}/validate`, { mapping: { columns: gone.body.suggested, values: {} } });
    expect([v.status, v.body.error.details]).toEqual([
      409,
      [{ path: '', code: 'file_gone', message: 'The file of this import is no longer kept: upload it again' }],
    ]);
  });

  it('a failed job names its cause by code: stored with the job, known from older messages, the interrupted import', async () => {
    const { tree, client } = await setup(t.database);
    const up = await upload(client, 'x.csv', `${HEADER}\n${ROW(tree.townshipA.code)}\n`);
    await client.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    // the file disappears between the validation and the write: the write fails with the refusal's code
    await t.database.db.update(importJobs).set({ file: null }).where(eq(importJobs.id, up.body.id));
    expect((await client.post(`/api/imports/${up.body.id}/run`, { mode: 'all_or_nothing' })).status).toBe(202);
    await waitForImport(up.body.id);
    const failed = (await client.get(`/api/imports/${up.body.id}`)).body;
    expect({
      status: failed.status,
      message: failed.message,
      messageCode: failed.messageCode,
      messageParams: failed.messageParams,
      mapping: failed.mapping,
    }).toEqual({
      status: 'failed',
      message: 'The file of this import is no longer kept: upload it again; nothing was imported',
      messageCode: 'file_gone',
      messageParams: {},
      // the mapping as the user gave it (the failure is kept beside it, not shown in it)
      mapping: { columns: up.body.suggested, values: {} },
    });
    const list = await client.get('/api/imports?kind=cases');
    expect(list.body.items.find((i: { id: string }) => i.id === up.body.id)).toMatchObject({ messageCode: 'file_gone', messageParams: {} });
    // a failure with params keeps them
    await t.database.db
      .update(importJobs)
      .set({
        mapping: { columns: {}, values: {}, failure: { code: 'csv_unreadable', params: { row: 7, reason: 'Invalid Closing Quote' } } },
      })
      .where(eq(importJobs.id, up.body.id));
    expect((await client.get(`/api/imports/${up.body.id}`)).body).toMatchObject({
      messageCode: 'csv_unreadable',
      messageParams: { row: 7, reason: 'Invalid Closing Quote' },
    });

    // failures stored before codes existed: a known sentence gets its code, another none
    await t.database.db
      .update(importJobs)
      .set({
        mapping: { columns: {}, values: {} },
        message: 'A row conflicts with a record written meanwhile (duplicate); nothing was imported',
      })
      .where(eq(importJobs.id, up.body.id));
    expect((await client.get(`/api/imports/${up.body.id}`)).body).toMatchObject({ messageCode: 'write_duplicate', messageParams: {} });
    await t.database.db.update(importJobs).set({ message: 'Something we no longer write' }).where(eq(importJobs.id, up.body.id));
    expect((await client.get(`/api/imports/${up.body.id}`)).body).toMatchObject({
      messageCode: null,
      message: 'Something we no longer write',
    });

    // a job left 'importing' by a stopped server is shown failed, with its code, on both engines (on PostgreSQL it
    // stayed 'importing' for ever): no process holds its lock (imports.service.ts, releaseIfInterrupted)
    const other = await upload(client, 'z.csv', `${HEADER}\n${ROW(tree.townshipA.code)}\n`);
    await client.post(`/api/imports/${other.body.id}/validate`, { mapping: { columns: other.body.suggested, values: {} } });
    await t.database.db.update(importJobs).set({ status: 'importing' }).where(eq(importJobs.id, other.body.id));
    const seen = (await client.get(`/api/imports/${other.body.id}`)).body;
    expect({ status: seen.status, message: seen.message, messageCode: seen.messageCode, mapping: seen.mapping }).toEqual({
      status: 'failed',
      message: 'The server stopped during the import; nothing was imported',
      messageCode: 'import_interrupted',
      mapping: { columns: other.body.suggested, values: {} },
    });
    const [row] = await t.database.db
      .select({ mapping: importJobs.mapping, file: importJobs.file })
      .from(importJobs)
      .where(eq(importJobs.id, other.body.id));
    expect(row!.mapping).toEqual({ columns: other.body.suggested, values: {}, failure: { code: 'import_interrupted' } });
    // the file is kept: the import can be run again
    expect(row!.file).not.toBeNull();
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { createI18n } from '../../app/i18n/i18n.ts';
import { failureText, importErrorText, problemText } from './import-problems.ts';
import { importsMessages } from './imports.messages.ts';

const zh = createI18n('zh-CN');
const en = createI18n('en');

describe('import problems in the user language', () => {
  it('renders a row problem from its code and params in zh-CN and en', () => {
    const p = { code: 'not_a_date', params: { value: '2026-13-01' }, message: '"2026-13-01" is not a date (write 2026-03-05)' };
    expect(problemText(zh.t, 'zh-CN', p)).toBe('“2026-13-01”不是日期（请写作 2026-03-05）');
    expect(problemText(en.t, 'en', p)).toBe('"2026-13-01" is not a date (write 2026-03-05)');
    const sex = { code: 'sex_disagrees_with_resident_id', params: { expected: 'female' }, message: 'x' };
    expect(problemText(zh.t, 'zh-CN', sex)).toBe('与身份证号不符（身份证号显示为女）');
    expect(problemText(en.t, 'en', sex)).toBe('does not agree with the resident ID, which gives female');
    const inactive = { code: 'disease_inactive', params: { name: '鼠疫', nameEn: 'Plague' }, message: 'x' };
    expect(problemText(zh.t, 'zh-CN', inactive)).toBe('鼠疫已停用，不能报告');
    expect(problemText(en.t, 'en', inactive)).toBe('Plague is not active in the catalogue');
    // `count` is a plain parameter here (no plural forms are defined)
    expect(problemText(zh.t, 'zh-CN', { code: 'ambiguous', params: { value: '滨江', count: 2 }, message: 'x' })).toBe(
      '“滨江”对应 2 个记录：请填写编码',
    );
    expect(problemText(en.t, 'en', { code: 'exceeds_denominator', params: { value: 950, denominator: 900 }, message: 'x' })).toBe(
      'must not exceed the denominator (950 > 900)',
    );
  });

  it('shows the server message for a problem without a code, or with a code it does not know', () => {
    expect(problemText(zh.t, 'zh-CN', { message: '"X" is not a known sex (男/女)' })).toBe('"X" is not a known sex (男/女)');
    expect(problemText(zh.t, 'zh-CN', { code: 'something_new', params: { value: 'v' }, message: 'sent by a newer server' })).toBe(
      'sent by a newer server',
    );
  });

  it('names the file problem of a failed upload, else the error id', () => {
    const refused = new ApiError(400, 'validation_failed', 'The file is empty', [
      { path: 'file', code: 'file_empty', message: 'The file is empty' },
    ]);
    expect(importErrorText(zh.t, 'zh-CN', refused)).toBe('文件为空');
    expect(importErrorText(en.t, 'en', refused)).toBe('The file is empty');
    const header = new ApiError(400, 'validation_failed', 'x', [
      { path: 'file', code: 'header_repeated', params: { header: '姓名' }, message: 'x' },
    ]);
    expect(importErrorText(zh.t, 'zh-CN', header)).toBe('表头“姓名”出现了两次');
    expect(importErrorText(zh.t, 'zh-CN', new ApiError(409, 'conflict', 'x'))).toBe(zh.t('errors.conflict'));
  });

  it('has a sentence in both languages for every code the server gives', () => {
    const server = readFileSync(
      fileURLToPath(new URL('../../../../server/src/features/imports/imports.errors.ts', import.meta.url)),
      'utf8',
    );
    const block = server.slice(server.indexOf('export const PROBLEM_SENTENCES'), server.indexOf('} satisfies Record<string, Sentence>'));
    const codes = [...block.matchAll(/^ {2}(\w+): /gm)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(40);
    const messages = (lang: 'zh-CN' | 'en') =>
      Object.keys((importsMessages[lang] as { imports: { problems: object } }).imports.problems).sort();
    expect(messages('zh-CN')).toEqual([...codes].sort());
    expect(messages('en')).toEqual([...codes].sort());
  });
  it('renders the refusals of the column mapping, the mode and the job state, naming fields by their labels', () => {
    const mapping = new ApiError(400, 'validation_failed', 'The column mapping is not complete', [
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
      { path: 'mapping.values.hobby', code: 'mapping_unknown_field', params: { field: 'hobby' }, message: 'is not a field of this import' },
    ]);
    expect(importErrorText(zh.t, 'zh-CN', mapping, 'cases')).toBe(
      '文件中没有“nope”列（性别）；请为“疾病名称”选择文件中的列；“hobby”不是此类导入的字段',
    );
    expect(importErrorText(en.t, 'en', mapping, 'cases')).toBe(
      'The file has no column "nope" (for "Sex"); Choose the column holding "Disease"; "hobby" is not a field of this import',
    );
    const feeds = new ApiError(400, 'validation_failed', 'x', [
      { path: 'mapping.columns.feedType', code: 'mapping_required', params: { field: 'feedType' }, message: 'x' },
    ]);
    expect(importErrorText(zh.t, 'zh-CN', feeds, 'feeds')).toBe('请为“监测类型”选择文件中的列');
    const mode = new ApiError(400, 'validation_failed', 'x', [
      { path: 'mode', code: 'mode_not_allowed', params: { allowed: 'all_or_nothing' }, message: 'x' },
    ]);
    expect(importErrorText(zh.t, 'zh-CN', mode)).toBe('此类导入只能选择：全部或全不');
    const both = new ApiError(400, 'validation_failed', 'x', [
      { path: 'mode', code: 'mode_not_allowed', params: { allowed: 'all_or_nothing, valid_only' }, message: 'x' },
    ]);
    expect(importErrorText(en.t, 'en', both)).toBe('This import allows only: All or nothing, Valid rows only');
    const conflicts: Array<[string, string, string]> = [
      ['file_gone', '该导入的文件已不再保存：请重新上传', 'The file of this import is no longer kept: upload it again'],
      ['import_ended', '该导入已结束：请重新上传文件', 'This import has ended: upload the file again'],
      ['already_started', '该导入已经开始', 'This import has already been started'],
      ['validate_first', '请先校验全部行', 'Validate the rows first'],
      ['import_done', '该导入已完成', 'This import is already done'],
    ];
    for (const [code, zhText, enText] of conflicts) {
      const refused = new ApiError(409, 'conflict', 'English', [{ path: '', code, message: 'English' }]);
      expect([importErrorText(zh.t, 'zh-CN', refused), importErrorText(en.t, 'en', refused)]).toEqual([zhText, enText]);
    }
    // a code this page does not know, or no code: the error's id
    expect(
      importErrorText(zh.t, 'zh-CN', new ApiError(409, 'conflict', 'x', [{ path: '', code: 'from_a_newer_server', message: 'x' }])),
    ).toBe(zh.t('errors.conflict'));
    expect(importErrorText(zh.t, 'zh-CN', new ApiError(400, 'validation_failed', 'x', [{ path: 'mode', message: 'x' }]))).toBe(
      zh.t('errors.validation_failed'),
    );
  });

  it('says why an import failed from its messageCode, else by its message', () => {
    const job = (messageCode: string | null | undefined, messageParams: Record<string, string | number> = {}) => ({
      message: 'the English message',
      messageCode,
      messageParams,
    });
    expect(failureText(zh.t, 'zh-CN', job('write_duplicate'))).toBe('有一行与其间写入的记录重复，未导入任何数据');
    expect(failureText(en.t, 'en', job('write_duplicate'))).toBe(
      'A row conflicts with a record written meanwhile (duplicate); nothing was imported',
    );
    expect(failureText(zh.t, 'zh-CN', job('import_interrupted'))).toBe('导入过程中服务器停止运行，未导入任何数据');
    // caused by one of the server's refusals or file problems: that sentence, then "nothing was imported"
    expect(failureText(zh.t, 'zh-CN', job('file_gone'))).toBe('该导入的文件已不再保存：请重新上传；未导入任何数据');
    expect(failureText(zh.t, 'zh-CN', job('csv_unreadable', { row: 7, reason: 'Invalid Closing Quote' }))).toBe(
      'CSV 文件在第 7 行之后无法读取（Invalid Closing Quote）；未导入任何数据',
    );
    expect(failureText(en.t, 'en', job('csv_unreadable', { row: 7, reason: 'Invalid Closing Quote' }))).toBe(
      'The CSV cannot be read after row 7: Invalid Closing Quote; nothing was imported',
    );
    expect(failureText(zh.t, 'zh-CN', job(null))).toBe('the English message');
    expect(failureText(zh.t, 'zh-CN', job(undefined))).toBe('the English message');
    expect(failureText(zh.t, 'zh-CN', job('from_a_newer_server'))).toBe('the English message');
  });

  it('has a sentence in both languages for every refusal and failure code the server gives', () => {
    const server = readFileSync(
      fileURLToPath(new URL('../../../../server/src/features/imports/imports.errors.ts', import.meta.url)),
      'utf8',
    );
    const codesOf = (name: string) => {
      const start = server.indexOf(`export const ${name} = {`);
      const block = server.slice(start, server.indexOf('} satisfies Record<string, English>', start));
      return [...block.matchAll(/^ {2}(\w+): /gm)].map((m) => m[1]!).sort();
    };
    const refusals = codesOf('REFUSAL_MESSAGES');
    const failures = codesOf('FAILURE_MESSAGES');
    expect(refusals).toContain('mapping_required');
    expect(failures).toEqual(['import_failed', 'import_interrupted', 'write_duplicate', 'write_reference_changed']);
    for (const lang of ['zh-CN', 'en'] as const) {
      const messages = (importsMessages[lang] as { imports: { refusals: object; failures: object } }).imports;
      expect(Object.keys(messages.refusals).sort()).toEqual(refusals);
      expect(Object.keys(messages.failures).sort()).toEqual(failures);
    }
  });
});

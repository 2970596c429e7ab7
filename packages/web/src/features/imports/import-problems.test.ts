import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client.ts';
import { createI18n } from '../../app/i18n/i18n.ts';
import { importErrorText, problemText } from './import-problems.ts';
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
    expect(problemText(zh.t, 'zh-CN', { code: 'ambiguous', params: { value: '滨江', count: 2 }, message: 'x' })).toBe('“滨江”对应 2 个记录：请填写编码');
    expect(problemText(en.t, 'en', { code: 'exceeds_denominator', params: { value: 950, denominator: 900 }, message: 'x' })).toBe(
      'must not exceed the denominator (950 > 900)',
    );
  });

  it('shows the server message for a problem without a code, or with a code it does not know', () => {
    expect(problemText(zh.t, 'zh-CN', { message: '"X" is not a known sex (男/女)' })).toBe('"X" is not a known sex (男/女)');
    expect(problemText(zh.t, 'zh-CN', { code: 'something_new', params: { value: 'v' }, message: 'sent by a newer server' })).toBe('sent by a newer server');
  });

  it('names the file problem of a failed upload, else the error id', () => {
    const refused = new ApiError(400, 'validation_failed', 'The file is empty', [{ path: 'file', code: 'file_empty', message: 'The file is empty' }]);
    expect(importErrorText(zh.t, 'zh-CN', refused)).toBe('文件为空');
    expect(importErrorText(en.t, 'en', refused)).toBe('The file is empty');
    const header = new ApiError(400, 'validation_failed', 'x', [{ path: 'file', code: 'header_repeated', params: { header: '姓名' }, message: 'x' }]);
    expect(importErrorText(zh.t, 'zh-CN', header)).toBe('表头“姓名”出现了两次');
    expect(importErrorText(zh.t, 'zh-CN', new ApiError(409, 'conflict', 'x'))).toBe(zh.t('errors.conflict'));
  });

  it('has a sentence in both languages for every code the server gives', () => {
    const server = readFileSync(fileURLToPath(new URL('../../../../server/src/features/imports/imports.errors.ts', import.meta.url)), 'utf8');
    const block = server.slice(server.indexOf('export const PROBLEM_SENTENCES'), server.indexOf('} satisfies Record<string, Sentence>'));
    const codes = [...block.matchAll(/^ {2}(\w+): /gm)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(40);
    const messages = (lang: 'zh-CN' | 'en') => Object.keys((importsMessages[lang] as { imports: { problems: object } }).imports.problems).sort();
    expect(messages('zh-CN')).toEqual([...codes].sort());
    expect(messages('en')).toEqual([...codes].sort());
  });
});

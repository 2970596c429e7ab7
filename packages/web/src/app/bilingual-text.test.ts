import { describe, expect, it } from 'vitest';
import { inLanguage, splitBilingual } from './bilingual-text.ts';

describe('bilingual texts shown in one language', () => {
  it('splits the demo’s "Chinese / English" texts', () => {
    expect(inLanguage('已接收。 / Accepted.', 'zh-CN')).toBe('已接收。');
    expect(inLanguage('已接收。 / Accepted.', 'en')).toBe('Accepted.');
    const item = '新增及累计病例（按街道/镇） / New and cumulative cases by township';
    expect(inLanguage(item, 'zh-CN')).toBe('新增及累计病例（按街道/镇）');
    expect(inLanguage(item, 'en')).toBe('New and cumulative cases by township');
    const decision =
      '涉事幼儿园相关班级停课10天，区教委督促全区托幼机构落实晨午检和因病缺勤追踪。 / Affected classes closed for 10 days; all kindergartens to run morning checks and absence follow-up.';
    expect(inLanguage(decision, 'en')).toBe(
      'Affected classes closed for 10 days; all kindergartens to run morning checks and absence follow-up.',
    );
  });

  it('splits minutes written as a Chinese paragraph followed by an English one', () => {
    const minutes =
      '会议听取了区疾控中心的通报。\n会议同意启动Ⅲ级响应。\nThe meeting heard the CDC report and agreed the level III response.';
    expect(inLanguage(minutes, 'zh-CN')).toBe('会议听取了区疾控中心的通报。\n会议同意启动Ⅲ级响应。');
    expect(inLanguage(minutes, 'en')).toBe('The meeting heard the CDC report and agreed the level III response.');
  });

  it('leaves everything else as written', () => {
    for (const text of [
      '核酸 / 抗原',
      '检测 / PCR',
      'Checked the school / kitchen',
      '已比对 35 人，发现 2 人来自中风险地区',
      'Done.',
      '第一行\n第二行',
      '',
    ]) {
      expect(splitBilingual(text)).toBeNull();
      expect(inLanguage(text, 'en')).toBe(text);
      expect(inLanguage(text, 'zh-CN')).toBe(text);
    }
    expect(inLanguage(null, 'en')).toBeNull();
  });
});

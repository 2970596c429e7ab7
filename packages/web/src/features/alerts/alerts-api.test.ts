import { describe, expect, it } from 'vitest';
import { durationParts } from './alerts-api.ts';
import { deadlineRuns, summaryText } from './alert-bits.tsx';

describe('alert deadline helpers', () => {
  it('splits a span into days, hours, minutes and seconds, either side of the deadline', () => {
    expect(durationParts(90_061_000)).toEqual({ d: 1, h: 1, m: 1, s: 1 });
    expect(durationParts(-(2 * 3600 + 5 * 60) * 1000)).toEqual({ d: 0, h: 2, m: 5, s: 0 });
    expect(durationParts(59_999)).toEqual({ d: 0, h: 0, m: 0, s: 59 });
  });

  it('runs the countdown only while the alert is to verify', () => {
    expect(deadlineRuns('new')).toBe(true);
    expect(deadlineRuns('verifying')).toBe(true);
    expect(deadlineRuns('monitoring')).toBe(false);
    expect(deadlineRuns('confirmed')).toBe(false);
  });

  it('shows the stored summary in the UI language, English when the Chinese one was not kept', () => {
    const alert = {
      summary: '2026-11-20–2026-11-26: observed 5 (Moving percentile)',
      summaryZh: '2026-11-20至2026-11-26：观察值 5（移动百分位数法）',
    };
    expect(summaryText(alert, 'zh-CN')).toBe('2026-11-20至2026-11-26：观察值 5（移动百分位数法）');
    expect(summaryText(alert, 'en')).toBe('2026-11-20–2026-11-26: observed 5 (Moving percentile)');
    expect(summaryText({ ...alert, summaryZh: '' }, 'zh-CN')).toBe('2026-11-20–2026-11-26: observed 5 (Moving percentile)');
  });
});

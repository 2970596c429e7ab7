import { describe, expect, it } from 'vitest';
import { caseBreaks, percentUsed, reportPdfUrl } from './reports-api.ts';

describe('report helpers', () => {
  it('classes case counts for the command map: none, then even steps to the largest', () => {
    expect(caseBreaks([])).toEqual([1]);
    expect(caseBreaks([0, 0])).toEqual([1]);
    expect(caseBreaks([17, 0, 4])).toEqual([1, 5, 9, 13]);
    expect(caseBreaks([3])).toEqual([1, 2, 3]);
    expect(caseBreaks([1])).toEqual([1]);
  });

  it('gives the share of capacity used and the PDF address', () => {
    expect(percentUsed(37, 100)).toBe(37);
    expect(percentUsed(1, 3)).toBe(33);
    expect(percentUsed(0, 0)).toBeNull();
    expect(reportPdfUrl('abc')).toBe('/api/reports/abc/pdf');
    expect(reportPdfUrl('abc', 2)).toBe('/api/reports/abc/pdf?version=2');
  });
});

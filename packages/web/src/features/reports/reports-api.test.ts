import { describe, expect, it } from 'vitest';
import { caseBreaks, districtTime, districtToday, percentUsed, reportPdfUrl } from './reports-api.ts';
import { fromDistrictInput, toDistrictInput } from '../meetings/meetings-api.ts';

describe('report and meeting helpers', () => {
  it('reads days and times in district time (UTC+8)', () => {
    expect(districtToday(new Date('2026-11-28T15:59:00Z'))).toBe('2026-11-28');
    expect(districtToday(new Date('2026-11-28T16:00:00Z'))).toBe('2026-11-29');
    expect(districtTime('2026-11-28T16:30:00Z')).toBe('2026-11-29 00:30');
  });

  it('round-trips a datetime-local value as district time', () => {
    expect(fromDistrictInput('2026-11-29T09:00')).toBe('2026-11-29T09:00:00+08:00');
    expect(toDistrictInput(new Date(Date.parse(fromDistrictInput('2026-11-29T09:00'))).toISOString())).toBe('2026-11-29T09:00');
  });

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

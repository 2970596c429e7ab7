import { describe, expect, it } from 'vitest';
import { fixedThreshold } from './fixed-threshold.ts';

const series = { observed: [0, 0, 1, 0, 2, 0, 0, 1, 1], frequency: 365, start: [2024, 1] as [number, number] };

describe('fixedThreshold', () => {
  it('signals every point with at least one case by default (k = 1)', () => {
    const { points } = fixedThreshold(series);
    expect(points.map((p) => p.alarm)).toEqual([false, false, true, false, true, false, false, true, true]);
    expect(points.every((p) => p.upperbound === 1)).toBe(true);
  });

  it('sums a period and compares with k (≥, not >)', () => {
    const { points } = fixedThreshold(series, { k: 2, period: 3 });
    // sums over 3 days ending at t = 3..9: 1, 1, 3, 2, 2, 1, 2
    expect(points.map((p) => p.t)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(points.map((p) => p.observed)).toEqual([1, 1, 3, 2, 2, 1, 2]);
    expect(points.map((p) => p.alarm)).toEqual([false, false, true, true, true, false, true]);
  });

  it('rejects a non-positive k', () => {
    expect(() => fixedThreshold(series, { k: 0 })).toThrow(/k must be/);
  });
});

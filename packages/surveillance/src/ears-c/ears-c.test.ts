import { describe, expect, it } from 'vitest';
import { DetectionInputError } from '../errors.ts';
import type { SurveillanceSeries } from '../types.ts';
import { earsC } from './ears-c.ts';

const x = [3, 5, 2, 4, 6, 3, 4, 5, 2, 3, 4, 12, 9, 4, 3, 2, 5, 15, 3, 4];
const weekly = (observed: number[]): SurveillanceSeries => ({ observed, frequency: 52, start: [2020, 1] });

function expectClose(actual: (number | null)[], expected: number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => {
    expect(v).not.toBeNull();
    expect(Math.abs((v as number) - expected[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected[i])));
  });
}

describe('earsC', () => {
  // Expected values: R 4.2.2, surveillance 1.20.3,
  // s <- sts(observed = x, frequency = 52, start = c(2020, 1))
  it('C1 matches R earsC(s, control = list(range = 12:20, method = "C1"))', () => {
    const { points } = earsC(weekly(x), { method: 'C1', range: [12, 20] });
    expectClose(
      points.map((p) => p.upperbound),
      [
        8.01407829446389, 15.0737544142024, 16.6929943057824, 16.6929943057824, 16.8089091679555, 16.8089091679555, 16.6929943057824,
        22.4312924748745, 20.1780243866796,
      ],
    );
    expect(points.map((p) => p.alarm)).toEqual([true, false, false, false, false, false, false, false, false]);
    expect(points.map((p) => p.t)).toEqual([12, 13, 14, 15, 16, 17, 18, 19, 20]);
  });

  it('C2 with minSigma matches R earsC(s, control = list(range = 12:20, method = "C2", minSigma = 1.5))', () => {
    const { points } = earsC(weekly(x), { method: 'C2', minSigma: 1.5, range: [12, 20] });
    expectClose(
      points.map((p) => p.upperbound),
      [
        8.34963417353744, 8.49249131639458, 8.49249131639458, 15.0737544142024, 16.6929943057824, 16.6929943057824, 16.8089091679555,
        16.8089091679555, 16.6929943057824,
      ],
    );
    expect(points.map((p) => p.alarm)).toEqual([true, true, false, false, false, false, false, false, false]);
  });

  it('C3 matches R earsC(s, control = list(range = 12:20, method = "C3"))', () => {
    const { points } = earsC(weekly(x), { method: 'C3', range: [12, 20] });
    expectClose(
      points.map((p) => p.upperbound),
      [
        14.9321580267671, 5.53141647979224, 0, 0.106289666503598, 9.0537960034661, 12.0537960034661, 22.308527229798, 4.32315045845553,
        5.27703340527827,
      ],
    );
    expect(points.map((p) => p.alarm)).toEqual([false, true, true, true, false, false, false, false, false]);
  });

  it('C3 gives NA when the baseline sd is 0 (R: upperbound NaN, alarm NA)', () => {
    const { points } = earsC(weekly([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 5, 2]), { method: 'C3', range: [12, 13] });
    expect(points.map((p) => [p.upperbound, p.alarm])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('gives the same answer on non-integer counts (two-pass path) as on integers scaled', () => {
    const half = x.map((v) => v / 2 + 0.25);
    const a = earsC(weekly(half), { method: 'C1', range: [12, 20] }).points;
    const b = earsC(weekly(x), { method: 'C1', range: [12, 20] }).points;
    // mean and sd scale linearly: ub(half) = ub(x)/2 + 0.25
    a.forEach((p, i) => expect(p.upperbound).toBeCloseTo((b[i].upperbound as number) / 2 + 0.25, 12));
  });

  it('propagates a missing count to NA only where it is used', () => {
    const y = [...x];
    y[3] = Number.NaN; // t = 4 lies in the C1 baseline of t = 5..11 only
    const { points } = earsC(weekly(y), { method: 'C1', range: [10, 13] });
    expect(points.map((p) => p.alarm)).toEqual([null, null, true, false]);
  });

  it('defaults the range to every point with enough history, as R', () => {
    expect(earsC(weekly(x), { method: 'C1' }).points[0].t).toBe(8);
    expect(earsC(weekly(x), { method: 'C2' }).points[0].t).toBe(10);
    expect(earsC(weekly(x), { method: 'C3' }).points[0].t).toBe(12);
    expect(earsC(weekly(x), { method: 'C3' }).points.at(-1)?.t).toBe(20);
  });

  it('rejects a range without enough history and R-invalid parameters', () => {
    expect(() => earsC(weekly(x), { method: 'C3', range: [11, 20] })).toThrow(DetectionInputError);
    expect(() => earsC(weekly(x), { baseline: 2 })).toThrow(/at least 3/);
    expect(() => earsC(weekly(x), { minSigma: -1 })).toThrow(/minSigma/);
    expect(() => earsC(weekly(x), { method: 'C4' as 'C1' })).toThrow(/method/);
    expect(() => earsC(weekly([1, 2, -1, 3, 4, 5, 6, 7, 8]), {})).toThrow(/t=3/);
  });
});

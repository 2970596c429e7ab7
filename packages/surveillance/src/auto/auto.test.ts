import { createRng, dnbinom, pnbinom, qnorm } from '@outbreak/stats';
import { describe, expect, it } from 'vitest';
import { DetectionInputError } from '../errors.ts';
import { findMethod } from '../methods.ts';
import { scenarioMean, NOUFAILY_SCENARIOS } from '../quality/simulate-grid.ts';
import { AUTO_DEFAULTS, auto } from './auto.ts';
import {
  BaselineScratch,
  accumulate,
  cholesky,
  choleskySolve,
  designRow,
  fitBaseline,
  predictMean,
  quantileResidual,
  smallestAlarmingCount,
} from './auto-model.ts';

/** Weekly NB counts of a scenario of the Noufaily design (no outbreaks), from a fixed seed. */
function scenarioSeries(id: string, weeks: number, seed = 7): number[] {
  const sc = NOUFAILY_SCENARIOS.find((s) => s.id === id)!;
  const rng = createRng(seed);
  return Array.from({ length: weeks }, (_, i) => {
    const mu = scenarioMean(sc, i + 1);
    return rng.negativeBinomial(mu / (sc.phi - 1), { mu });
  });
}

describe('auto: parts', () => {
  it('designRow: intercept, centred trend in years, harmonics, weekday indicators', () => {
    const row = new Float64Array(12);
    designRow({ frequency: 52, harmonics: 2, trend: true, weekday: false }, true, 13, 65, row);
    expect(row[0]).toBe(1);
    expect(row[1]).toBe(-1); // 52 weeks before the origin
    expect(row[2]).toBeCloseTo(Math.cos((2 * Math.PI * 13) / 52), 14); // 0
    expect(row[3]).toBeCloseTo(1, 14); // sin(π/2)
    expect(row[4]).toBeCloseTo(-1, 14); // cos(π)
    expect(row[5]).toBeCloseTo(0, 14);
    const daily = new Float64Array(12);
    designRow({ frequency: 365, harmonics: 1, trend: false, weekday: true }, false, 15, 0, daily);
    // t = 15: 15 mod 7 = 1, the first weekday column
    expect(Array.from(daily.subarray(3, 9))).toEqual([1, 0, 0, 0, 0, 0]);
  });

  it('cholesky / choleskySolve solve a symmetric positive definite system, and refuse a singular one', () => {
    const a = new Float64Array([4, 0, 0, 2, 3, 0, 1, 0.5, 2]); // lower triangle of [[4,2,1],[2,3,.5],[1,.5,2]]
    expect(cholesky(a, 3)).toBe(true);
    const b = new Float64Array([7, 5.5, 3.5]); // A·[1,1,1]
    choleskySolve(a, 3, b);
    for (const v of b) expect(v).toBeCloseTo(1, 12);
    expect(cholesky(new Float64Array([1, 0, 1, 1]), 2)).toBe(false);
  });

  it('quantileResidual is the mid-p normal quantile under NB(μ, φμ) and under Poisson when φ = 1', () => {
    const mu = 4;
    const phi = 2.5;
    const size = mu / (phi - 1);
    const y = 9;
    const mid = pnbinom(y, size, { mu }, { lowerTail: false }) + 0.5 * dnbinom(y, size, { mu });
    expect(quantileResidual(y, mu, phi)).toBeCloseTo(qnorm(mid, 0, 1, { lowerTail: false }), 12);
    // Poisson: P(Y > 0) + ½ P(Y = 0) for μ = 2
    const p0 = Math.exp(-2);
    expect(quantileResidual(0, 2, 1)).toBeCloseTo(qnorm(1 - p0 / 2, 0, 1, { lowerTail: false }), 12);
    expect(quantileResidual(1000, 2, 1)).toBe(6); // capped
    expect(Number.isNaN(quantileResidual(Number.NaN, 2, 1))).toBe(true);
  });

  it('quantile residuals of counts drawn from the model are about N(0, 1)', () => {
    const rng = createRng(3);
    const z: number[] = [];
    for (let i = 0; i < 4000; i++) z.push(quantileResidual(rng.negativeBinomial(3 / 2, { mu: 3 }), 3, 3));
    const mean = z.reduce((a, b) => a + b, 0) / z.length;
    const sd = Math.sqrt(z.reduce((a, b) => a + (b - mean) ** 2, 0) / z.length);
    expect(Math.abs(mean)).toBeLessThan(0.06);
    expect(sd).toBeGreaterThan(0.85); // mid-p residuals of discrete counts are a little under-dispersed
    expect(sd).toBeLessThan(1.05);
  });

  it('accumulate: the windowed CUSUM is the best sum of z − k over windows ending at the last point', () => {
    expect(accumulate([0.2, 1.5, 1.2], 0.5)).toEqual({ statistic: 1.7, carry: 1 });
    expect(accumulate([2, -3, 1], 0.5).carry).toBe(0); // the run through the −3 does not pay
    expect(accumulate([Number.NaN, 1], 0)).toEqual({ statistic: 1, carry: 0 });
    expect(accumulate([3], 1)).toEqual({ statistic: 2, carry: 0 });
  });

  it('smallestAlarmingCount is the first count whose residual exceeds the limit', () => {
    for (const [mu, phi, zStar] of [
      [1.6, 1.5, 2.2],
      [20, 5, 1],
      [0.3, 1, 1.8],
      [150, 1.5, 3],
    ] as const) {
      const c = smallestAlarmingCount(zStar, mu, phi);
      expect(quantileResidual(c, mu, phi)).toBeGreaterThan(zStar);
      if (c > 0) expect(quantileResidual(c - 1, mu, phi)).toBeLessThanOrEqual(zStar);
    }
    expect(smallestAlarmingCount(6, 2, 1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('fitBaseline recovers trend, season and dispersion of a Noufaily scenario, and down-weights an outbreak', () => {
    const y = scenarioSeries('S11', 520); // θ = 3, β = 0.002, annual season, φ = 5
    for (let t = 300; t < 304; t++) y[t]! += 120; // a past outbreak
    const d = { frequency: 52, harmonics: 2, trend: true, weekday: false };
    const fit = fitBaseline(y, 0, 519, d, 2.58, new BaselineScratch())!;
    expect(fit.trend).toBe(true);
    expect(fit.downweighted).toBeGreaterThanOrEqual(4);
    expect(fit.phi).toBeGreaterThan(3.5);
    expect(fit.phi).toBeLessThan(6.5);
    const truth = NOUFAILY_SCENARIOS.find((s) => s.id === 'S11')!;
    for (const t of [400, 450, 521, 530]) {
      expect(predictMean(fit, d, t) / scenarioMean(truth, t)).toBeGreaterThan(0.85);
      expect(predictMean(fit, d, t) / scenarioMean(truth, t)).toBeLessThan(1.15);
    }
    // a flat series: the trend is dropped
    const flat = fitBaseline(scenarioSeries('S07', 260), 0, 259, d, 2.58)!;
    expect(flat.trend).toBe(false);
  });

  it('fitBaseline returns null when there are too few counts', () => {
    expect(fitBaseline([1, 2, 3, 4, 5], 0, 4, { frequency: 52, harmonics: 2, trend: true, weekday: false }, 2.58)).toBeNull();
  });
});

describe('auto', () => {
  const y = scenarioSeries('S08', 624, 11); // θ = 3, annual season, φ = 5
  const series = { observed: y, frequency: 52, start: [2000, 1] as [number, number] };

  it('is registered for the library and the command line, without an R function', () => {
    const m = findMethod('auto')!;
    expect(m.cliName).toBe('auto');
    expect(m.rFunction).toBeNull();
    expect(m.run(series, { range: [600, 624] }).points).toHaveLength(25);
  });

  it('alarms exactly when the count reaches upperbound, and reports its statistics', () => {
    const outbreak = [...y];
    outbreak[609]! += 60; // week 610
    outbreak[610]! += 40;
    const { points } = auto({ ...series, observed: outbreak }, { range: [576, 624] });
    for (const p of points) {
      expect(p.alarm).toBe(p.observed >= (p.upperbound as number));
      // S_t = z_t − k + carry with carry ≥ 0
      expect(p.cusum as number).toBeGreaterThanOrEqual((p.score as number) - AUTO_DEFAULTS.k - 1e-12);
      expect(p.phi).toBeGreaterThanOrEqual(1);
    }
    expect(points.find((p) => p.t === 610)!.alarm).toBe(true);
    expect(points.find((p) => p.t === 611)!.alarm).toBe(true);
    // without the outbreak, week 610 is quiet
    expect(auto(series, { range: [610, 610] }).points[0]!.alarm).toBe(false);
  });

  it('gives every point the same result whether it is run alone or within a range', () => {
    const whole = auto(series, { range: [590, 600] }).points;
    for (const p of whole) {
      const alone = auto(series, { range: [p.t, p.t] }).points[0]!;
      expect(alone.alarm).toBe(p.alarm);
      expect(alone.upperbound).toBe(p.upperbound);
      expect(alone.expected).toBeCloseTo(p.expected as number, 6);
    }
  });

  it('needs a year of history plus the gap, and checks its parameters', () => {
    expect(() => auto(series, { range: [60, 61] })).toThrow(DetectionInputError);
    expect(auto(series, { range: [61, 61] }).points).toHaveLength(1);
    expect(() => auto(series, { window: 9, gap: 8, range: [600, 600] })).toThrow(/window/);
    expect(() => auto(series, { k: -1, range: [600, 600] })).toThrow(/k must be/);
    expect(() => auto(series, { weekday: 'yes' as never, range: [600, 600] })).toThrow(/weekday/);
    expect(() => auto({ ...series, observed: [...y.slice(0, 100), -1] })).toThrow(/non-negative/);
  });

  it('handles daily counts with a day-of-week effect', () => {
    const rng = createRng(5);
    const days = 3 * 365;
    const counts = Array.from({ length: days }, (_, i) => rng.poisson(i % 7 === 0 || i % 7 === 6 ? 2 : 8));
    counts[days - 1] = 25; // about three times the usual count of that day
    const dates = Array.from({ length: days }, (_, i) => new Date(Date.UTC(2022, 0, 3) + i * 86_400_000).toISOString().slice(0, 10));
    const { points } = auto({ observed: counts, frequency: 365, start: dates[0]!, dates, epochAsDate: true }, { range: [days - 6, days] });
    expect(points).toHaveLength(7);
    expect(points.at(-1)!.alarm).toBe(true);
    // refitted weekly, anchored on the series: a point run alone gives what it gives within the range
    for (const p of points) {
      const alone = auto({ observed: counts, frequency: 365, start: dates[0]!, dates, epochAsDate: true }, { range: [p.t, p.t] })
        .points[0]!;
      expect(alone.upperbound).toBe(p.upperbound);
      expect(alone.expected).toBeCloseTo(p.expected as number, 9);
    }
    const quiet = points.slice(0, -1).filter((p) => p.alarm).length;
    expect(quiet).toBeLessThanOrEqual(1);
    // the expected count follows the weekday pattern
    const expected = points.map((p) => p.expected as number);
    expect(Math.max(...expected) / Math.min(...expected)).toBeGreaterThan(2.5);
  });

  it('a missing count gives a null alarm and still a threshold', () => {
    const gap = [...y];
    gap[619] = Number.NaN;
    const p = auto({ ...series, observed: gap }, { range: [620, 620] }).points[0]!;
    expect(p.alarm).toBeNull();
    expect(p.cusum).toBeNull();
    expect(typeof p.upperbound).toBe('number');
  });
});

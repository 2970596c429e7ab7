/**
 * Properties of farrington / farringtonFlexible on random weekly count series (fast-check):
 * outputs are plain JSON numbers (finite or null, never NaN or ±Inf), an alarm at level α stays an
 * alarm at any larger α (the threshold decreases with α; the model does not depend on it) — except
 * for R's "nbPlugin" score, see below — and a threshold is never below the expected count.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DetectionPoint, SurveillanceSeries } from '../types.ts';
import { farrington } from './farrington.ts';
import { farringtonFlexible } from './farrington-flexible.ts';

const WEEKS = 6 * 52 + 3;
const RANGE: [number, number] = [WEEKS - 25, WEEKS];

/** Weekly series: a seasonal mean times random noise, with an occasional burst, all integer counts. */
const seriesArb = fc
  .record({
    level: fc.double({ min: 0.2, max: 60, noNaN: true }),
    amplitude: fc.double({ min: 0, max: 0.9, noNaN: true }),
    noise: fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: WEEKS, maxLength: WEEKS }),
    burstAt: fc.integer({ min: RANGE[0], max: RANGE[1] }),
    burst: fc.integer({ min: 0, max: 80 }),
  })
  .map(({ level, amplitude, noise, burstAt, burst }): SurveillanceSeries => {
    const observed = noise.map((u, i) =>
      Math.floor(level * (1 + amplitude * Math.sin((2 * Math.PI * i) / 52)) * u + (i + 1 === burstAt ? burst : 0)),
    );
    return { observed, frequency: 52, start: [2015, 1] };
  });

function expectPlainNumbers(points: DetectionPoint[]): void {
  for (const p of points) {
    for (const [field, v] of Object.entries(p)) {
      if (typeof v === 'number') expect(Number.isFinite(v), `${field} at t=${p.t} is ${v}`).toBe(true);
    }
  }
}

function alarmsOf(points: DetectionPoint[]): Set<number> {
  return new Set(points.filter((p) => p.alarm === true).map((p) => p.t));
}

describe('farringtonFlexible properties', () => {
  it('delta: plain numbers, alarms monotone in alpha, threshold at least the expected count', () => {
    fc.assert(
      fc.property(seriesArb, (series) => {
        const strict = farringtonFlexible(series, { range: RANGE, alpha: 0.01 }).points;
        const loose = farringtonFlexible(series, { range: RANGE, alpha: 0.1 }).points;
        expectPlainNumbers(strict);
        expectPlainNumbers(loose);
        const looseAlarms = alarmsOf(loose);
        for (const t of alarmsOf(strict)) expect(looseAlarms.has(t), `alarm at t=${t} lost when alpha grows`).toBe(true);
        for (const p of strict) {
          if (p.upperbound !== null && p.expected !== null)
            expect(p.upperbound).toBeGreaterThanOrEqual((p.expected as number) * (1 - 1e-12) - 1e-9);
        }
      }),
      { numRuns: 10, seed: 20241129 },
    );
  });

  // With "nbPlugin" R computes the score on the log scale, (y − η₀)/(U − η₀), so when the quantile U
  // drops to 0 below η₀ > 0 the alarm disappears although y > U: alarms are not monotone in α in R
  // (e.g. 80s in one past year, y = 30: alarm at α = 0.01, none at 0.1 — checked against R), and we
  // keep R's behaviour. The threshold itself is monotone.
  it('nbPlugin: plain numbers, upper bound non-increasing in alpha', () => {
    fc.assert(
      fc.property(seriesArb, (series) => {
        const strict = farringtonFlexible(series, { range: RANGE, thresholdMethod: 'nbPlugin', alpha: 0.01 }).points;
        const loose = farringtonFlexible(series, { range: RANGE, thresholdMethod: 'nbPlugin', alpha: 0.1 }).points;
        expectPlainNumbers(strict);
        expectPlainNumbers(loose);
        strict.forEach((p, i) => {
          const q = loose[i]!;
          if (p.upperbound !== null && q.upperbound !== null) expect(q.upperbound).toBeLessThanOrEqual(p.upperbound);
        });
      }),
      { numRuns: 10, seed: 20241129 },
    );
  });

  it('keeps the R quirk: nbPlugin alarm at alpha 0.01 but not at 0.1 when the quantile falls to 0', () => {
    const observed = new Array<number>(WEEKS).fill(0);
    observed[99] = 80;
    observed[102] = 80;
    observed[103] = 80;
    observed[308] = 30;
    const series: SurveillanceSeries = { observed, frequency: 52, start: [2015, 1] };
    // R: farringtonFlexible(sts, control = list(range = 309:309, thresholdMethod = "nbPlugin", alpha = a))
    const strict = farringtonFlexible(series, { range: [309, 309], thresholdMethod: 'nbPlugin', alpha: 0.01 }).points[0]!;
    const loose = farringtonFlexible(series, { range: [309, 309], thresholdMethod: 'nbPlugin', alpha: 0.1 }).points[0]!;
    expect([strict.upperbound, strict.alarm, loose.upperbound, loose.alarm]).toEqual([29, true, 0, false]);
    expect(strict.score as number).toBeCloseTo(1.034485, 5);
    expect(loose.score as number).toBeCloseTo(-14818.206436, 5);
    expect(strict.phi as number).toBeCloseTo(58.757546, 5);
  });
});

describe('farrington (1996) properties', () => {
  it('plain numbers and alarms monotone in alpha', () => {
    fc.assert(
      fc.property(seriesArb, (series) => {
        const strict = farrington(series, { range: RANGE, alpha: 0.01 }).points;
        const loose = farrington(series, { range: RANGE, alpha: 0.1 }).points;
        expectPlainNumbers(strict);
        expectPlainNumbers(loose);
        const looseAlarms = alarmsOf(loose);
        for (const t of alarmsOf(strict)) expect(looseAlarms.has(t), `alarm at t=${t} lost when alpha grows`).toBe(true);
      }),
      { numRuns: 10, seed: 20241129 },
    );
  });
});

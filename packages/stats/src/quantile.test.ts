import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mean, median, quantileSorted, quantileType7, sampleSd, sampleVariance } from './quantile.ts';

// fixed seed: property tests are deterministic (a failure is reproducible, never a flake)
fc.configureGlobal({ seed: 20221110, numRuns: 200 });

const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];

describe('sample quantiles (R type 7)', () => {
  it('matches R quantile(x, p, type = 7)', () => {
    // R: quantile(c(3,1,4,1,5,9,2,6,5,3,5), c(0, .1, .25, .5, .8, .9, 1)) -> 1 1 2.5 4 5 6 9
    expect(Array.from(quantileType7(x, [0, 0.1, 0.25, 0.5, 0.8, 0.9, 1]))).toEqual([1, 1, 2.5, 4, 5, 6, 9]);
    // R: quantile(c(2.5, 7.1, 0.3), 0.35) -> 1.8400000000000001
    expect(quantileType7([2.5, 7.1, 0.3], 0.35)).toBe(1.8400000000000001);
  });

  it('does not modify its input and accepts typed arrays', () => {
    const copy = x.slice();
    quantileType7(x, 0.8);
    expect(x).toEqual(copy);
    const typed = Float64Array.from(x);
    expect(quantileType7(typed, 0.25)).toBe(2.5);
    expect(Array.from(typed)).toEqual(copy);
  });

  it('quantileSorted agrees with quantileType7 on sorted data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, p) => {
          const sorted = Float64Array.from(values).sort();
          const q = quantileSorted(sorted, p);
          return Object.is(q, quantileType7(values, p)) && q >= sorted[0] && q <= sorted[sorted.length - 1];
        },
      ),
    );
  });

  it('is monotone in p', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          return quantileType7(values, lo) <= quantileType7(values, hi);
        },
      ),
    );
  });

  it('handles empty input, NaN and bad probabilities', () => {
    expect(quantileType7([], 0.5)).toBeNaN();
    expect(quantileType7([1, Number.NaN, 3], 0.5)).toBeNaN();
    expect(() => quantileType7([1, 2], 1.5)).toThrow(RangeError);
  });
});

describe('moments', () => {
  it('mean, median, variance and sd match R', () => {
    expect(mean(x)).toBe(4); // R: mean(x)
    expect(median(x)).toBe(4);
    expect(median([4, 1, 3, 2])).toBe(2.5); // R: median(c(4,1,3,2))
    expect(sampleVariance(x)).toBeCloseTo(5.6, 14); // R: var(x) = 5.5999999999999996
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935299395, 14); // R: sd(c(2,4,4,4,5,5,7,9))
    expect(sampleVariance([1])).toBeNaN();
    expect(mean([])).toBeNaN();
  });

  it('variance is shift-invariant (no cancellation for large offsets)', () => {
    const base = [0.1, 0.2, 0.3, 0.4, 0.5];
    const shifted = base.map((v) => v + 1e9);
    expect(sampleVariance(shifted)).toBeCloseTo(sampleVariance(base), 6);
  });
});

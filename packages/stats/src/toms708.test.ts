import { describe, expect, it } from 'vitest';
import { lastIncompleteBetaError, pbetaRaw } from './toms708.ts';

/**
 * One case per region of bratio's method selection, both tails, against R 4.2.2:
 * R: c(pbeta(x, a, b, log.p = L), pbeta(x, a, b, lower.tail = FALSE, log.p = L))
 */
const CASES: [string, number, number, number, boolean, number, number][] = [
  ['fpser: b < eps·a', 0.3, 2, 1e-20, false, 5.6674943938732356e-22, 1],
  ['apser: a tiny, b·x ≤ 1', 0.2, 1e-20, 3, false, 1, 4.8943791243409902e-21],
  ['bpser: small x·b', 0.01, 0.5, 20, false, 0.47136993548501577, 0.52863006451498418],
  ['bgrat: a ≥ 15, b ≤ 1', 0.9, 60, 0.7, false, 0.00077678913738365096, 0.99922321086261634],
  ['bup + bgrat', 0.95, 12, 0.4, false, 0.21453173400794687, 0.78546826599205311],
  ['bfrac: a, b > 40 away from the mean', 0.3, 50, 60, false, 0.00034341151876628889, 0.99965658848123373],
  ['basym: a, b > 100 near the mean', 0.5, 500, 510, false, 0.62353975665566974, 0.3764602433443302],
  ['log scale deep tail', 1e-5, 300, 400, true, -2979.896947692509, -0],
  ['bgrat on the log scale (underflow)', 1e-200, 0.001, 1e5, true, -0.44842770453056385, -1.017857010410457],
];

describe('TOMS 708 bratio', () => {
  for (const [name, x, a, b, logP, lower, upper] of CASES) {
    it(name, () => {
      const w = pbetaRaw(x, a, b, true, logP);
      const w1 = pbetaRaw(x, a, b, false, logP);
      expect(Math.abs(w - lower)).toBeLessThanOrEqual(4e-15 * Math.abs(lower));
      expect(Math.abs(w1 - upper)).toBeLessThanOrEqual(4e-15 * Math.abs(upper));
      expect(lastIncompleteBetaError()).toBe(0);
    });
  }

  it('point-mass limits and the separate y = 1 − x argument', () => {
    expect(pbetaRaw(0.3, 0, 2, true, false)).toBe(1); // a = 0: all mass at 0
    expect(pbetaRaw(0.3, 2, 0, true, false)).toBe(0); // b = 0: all mass at 1 (R: pbeta(0.3, 2, 0) = 0)
    expect(pbetaRaw(0.3, 1e-10, 1e300, true, false)).toBe(1); // a/b = 0: mass at 0 (R: 1)
    expect(pbetaRaw(0.3, 0, 0, true, false)).toBe(0.5);
    expect(pbetaRaw(0.7, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, true, false)).toBe(1);
    // x = size/(size + mu) ≈ 1 with y = mu/(size + mu) known exactly: (size/(size+mu))^size
    const size = 1e8;
    const mu = 5.5;
    const got = pbetaRaw(size / (size + mu), size, 1, true, false, mu / (size + mu));
    expect(Math.abs(got - 0.004086772056588271) / 0.004086772056588271).toBeLessThan(1e-14); // R: pnbinom(0, 1e8, mu = 5.5)
    // y inconsistent with x beyond rounding is an input error (TOMS 708 ierr = 5)
    expect(pbetaRaw(0.3, 2, 3, true, false, 0.5)).toBeNaN();
  });
});

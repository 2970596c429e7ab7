import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  dbeta,
  dbinom,
  dchisq,
  dgamma,
  dnbinom,
  dnorm,
  dpois,
  dt,
  pbeta,
  pbinom,
  pchisq,
  pgamma,
  pnbinom,
  pnorm,
  ppois,
  pt,
  qbeta,
  qbinom,
  qchisq,
  qgamma,
  qgammaMany,
  qnbinom,
  qnorm,
  qpois,
  qt,
} from './distributions.ts';

// fixed seed: property tests are deterministic (a failure is reproducible, never a flake)
fc.configureGlobal({ seed: 20221110, numRuns: 200 });

const EPS = Number.EPSILON;

function expectRel(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
}

describe('values from R 4.2.2', () => {
  it('normal', () => {
    expect(qnorm(0.975)).toBe(1.9599639845400536); // R: qnorm(0.975)
    expectRel(pnorm(1.96, 0, 1, { lowerTail: false }), 0.024997895148220428, 1e-15); // R: pnorm(1.96, lower.tail = FALSE)
    expectRel(qnorm(-50, 0, 1, { logP: true }), -9.6748252836123569, 1e-15); // R: qnorm(-50, log.p = TRUE)
    expectRel(dnorm(1.5, 2, 3), 0.13114657203397997, 1e-15); // R: dnorm(1.5, 2, 3)
  });

  it('Poisson, including the upper tail', () => {
    expect(qpois(0.95, 4.2)).toBe(8); // R: qpois(0.95, 4.2)
    expect(qpois(0.95, 4.2, { lowerTail: false })).toBe(1); // R: qpois(0.95, 4.2, lower.tail = FALSE)
    expectRel(ppois(10, 7.3), 0.87882476692034672, 1e-15); // R: ppois(10, 7.3)
    expectRel(dpois(3, 2.5), 0.21376301724973648, 1e-15); // R: dpois(3, 2.5)
  });

  it('negative binomial in both parametrisations', () => {
    expect(qnbinom(0.95, 2.5, 12)).toBe(28); // R: qnbinom(0.95, 2.5, mu = 12)
    expect(qnbinom(0.95, 2.5, { mu: 12 })).toBe(28);
    expect(qnbinom(0.95, 2.5, { prob: 2.5 / 14.5 })).toBe(28); // R: qnbinom(0.95, 2.5, prob = 2.5/14.5)
    expectRel(pnbinom(20, 2.5, 12), 0.85567196150383584, 1e-15); // R: pnbinom(20, 2.5, mu = 12)
    expectRel(dnbinom(7, 2.5, { mu: 12 }), 0.058434453723266749, 1e-15); // R: dnbinom(7, 2.5, mu = 12)
    expectRel(pnbinom(20, 2.5, { prob: 2.5 / 14.5 }), 0.85567196150383584, 1e-14);
  });

  it('gamma with rate (number or object) or scale', () => {
    const q = 3.6123438338619791; // R: qgamma(0.975, 3, 2) == qgamma(0.975, 3, scale = 0.5)
    expectRel(qgamma(0.975, 3, 2), q, 1e-15);
    expectRel(qgamma(0.975, 3, { rate: 2 }), q, 1e-15);
    expectRel(qgamma(0.975, 3, { scale: 0.5 }), q, 1e-15);
    expectRel(pgamma(2, 3, 2), 0.76189669444645558, 1e-15); // R: pgamma(2, 3, rate = 2)
    expectRel(dgamma(2, 3, { rate: 2 }), 0.29305022221974691, 1e-15); // R: dgamma(2, 3, 2)
    expectRel(qchisq(0.95, 10), 18.307038053275146, 1e-15); // R: qchisq(0.95, 10)
    expectRel(pchisq(3, 4), 0.44217459962892536, 1e-15); // R: pchisq(3, 4)
    expectRel(dchisq(3, 4), 0.1673476201113224, 1e-15); // R: dchisq(3, 4)
  });

  it('gamma quantiles of Rt posteriors (Halley path), one at a time or many per shape', () => {
    // R: qgamma(c(0.025, 0.5, 0.975), a, scale = 0.2)
    const cases: [number, number[]][] = [
      [1, [0.0050635615968579756, 0.13862943611198905, 0.73777589082278705]],
      [7, [0.56287261030397329, 1.3339274149099545, 2.6118948045037369]],
      [123.5, [20.536172057691015, 24.633365416767827, 29.242467912616572]],
      [1e5, [19876.230532748945, 19999.933333372839, 20124.148328154748]],
    ];
    const out = new Float64Array(3);
    for (const [a, expected] of cases) {
      qgammaMany([0.025, 0.5, 0.975], a, { scale: 0.2 }, out);
      expected.forEach((q, i) => {
        expectRel(qgamma([0.025, 0.5, 0.975][i], a, { scale: 0.2 }), q, 1e-14);
        expect(out[i]).toBe(qgamma([0.025, 0.5, 0.975][i], a, { scale: 0.2 }));
        // the same quantile from the other tail
        expectRel(qgamma(1 - [0.025, 0.5, 0.975][i], a, { scale: 0.2 }, { lowerTail: false }), q, 1e-14);
      });
    }
    // integer shapes (cdf by the Poisson sums up to 32, pgamma above): pgamma(qgamma(p)) = p
    for (let a = 2; a <= 40; a++) {
      for (const p of [1e-8, 0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975, 0.999]) {
        expectRel(pgamma(qgamma(p, a), a), p, 1e-14);
        expectRel(pgamma(qgamma(p, a, 1, { lowerTail: false }), a, 1, { lowerTail: false }), p, 1e-14);
      }
    }
    expect(Array.from(qgammaMany([0, 1, Number.NaN, 2], 3))).toEqual([0, Number.POSITIVE_INFINITY, Number.NaN, Number.NaN]);
    expect(Array.from(qgammaMany([0.5], -1))).toEqual([Number.NaN]);
  });

  it('t, binomial, beta', () => {
    expectRel(qt(0.975, 7), 2.3646242515927844, 1e-14); // R: qt(0.975, 7)
    expectRel(pt(-2.2, 7), 0.031865507651318389, 1e-15); // R: pt(-2.2, 7)
    expectRel(dt(1.2, 4), 0.17385372358466916, 1e-15); // R: dt(1.2, 4)
    expect(qbinom(0.5, 100, 0.33)).toBe(33); // R: qbinom(0.5, 100, 0.33)
    expectRel(pbinom(30, 100, 0.33), 0.30062199213550433, 1e-15); // R: pbinom(30, 100, 0.33)
    expectRel(dbinom(30, 100, 0.33), 0.070565582278351149, 1e-15); // R: dbinom(30, 100, 0.33)
    expectRel(qbeta(0.1, 2, 3), 0.14255931671003075, 1e-14); // R: qbeta(0.1, 2, 3)
    expectRel(dbeta(0.4, 2, 3), 1.728, 1e-15); // R: dbeta(0.4, 2, 3)
  });
});

describe('R conventions', () => {
  it('applies R 4.2 left-continuity fuzz p·(1 − 8ε) in discrete quantiles', () => {
    const P = ppois(10, 7.3);
    // R 4.2.2: qpois(P*(1+4*eps), 7.3) == 10 but qpois(P*(1+10*eps), 7.3) == 11
    expect(qpois(P * (1 + 4 * EPS), 7.3)).toBe(10);
    expect(qpois(P * (1 + 10 * EPS), 7.3)).toBe(11);
    const Q = pnbinom(10, 3, 7.3);
    expect(qnbinom(Q * (1 + 4 * EPS), 3, 7.3)).toBe(10);
    expect(qnbinom(Q * (1 + 10 * EPS), 3, 7.3)).toBe(11);
  });

  it('returns NaN for invalid parameters and the support ends for p in {0, 1}', () => {
    expect(qpois(1.2, 3)).toBeNaN();
    expect(qpois(0.5, -1)).toBeNaN();
    expect(pnbinom(3, -1, 2)).toBeNaN();
    expect(qgamma(0.5, -2)).toBeNaN();
    expect(qnorm(0.5, 0, -1)).toBeNaN();
    expect(qpois(0, 3)).toBe(0);
    expect(qpois(1, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(qbinom(1, 17, 0.4)).toBe(17);
    expect(qnorm(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(dpois(2.5, 3)).toBe(0); // non-integer x
    expect(dnbinom(0, 0, 5)).toBe(1); // size 0: point mass at 0
    expect(qnbinom(0.5, 3, 0)).toBe(0); // mu 0
    expect(pnbinom(5, Number.POSITIVE_INFINITY, 4)).toBe(ppois(5, 4)); // Poisson limit
  });

  it('beta point-mass limits as R (a = 0 or a/b = 0: mass at 0; b = 0 or b/a = 0: mass at 1)', () => {
    // R: dbeta(0, 2, 0), dbeta(1, 2, 0), dbeta(0, 0, 2), dbeta(1, 0, 2) -> 0 Inf Inf 0
    expect([dbeta(0, 2, 0), dbeta(1, 2, 0), dbeta(0, 0, 2), dbeta(1, 0, 2)]).toEqual([0, Infinity, Infinity, 0]);
    // R: qbeta(0.3, 2, 0), qbeta(0.3, 0, 2), qbeta(0.3, 0, 0), qbeta(0.7, 0, 0), qbeta(0.3, Inf, Inf) -> 1 0 0 1 0.5
    expect([qbeta(0.3, 2, 0), qbeta(0.3, 0, 2), qbeta(0.3, 0, 0), qbeta(0.7, 0, 0), qbeta(0.3, Infinity, Infinity)]).toEqual([
      1, 0, 0, 1, 0.5,
    ]);
    expect([pbeta(0.3, 2, 0), pbeta(0.3, 0, 2)]).toEqual([0, 1]); // R: 0 1
  });

  it('log and upper-tail options agree with the plain scale', () => {
    const lp = pgamma(3, 2.5, 1, { logP: true });
    expectRel(Math.exp(lp), pgamma(3, 2.5), 1e-15);
    const up = pnbinom(20, 2.5, 12, { lowerTail: false, logP: true });
    expectRel(-Math.expm1(up), pnbinom(20, 2.5, 12), 1e-14);
    expect(qnbinom(Math.log(0.95), 2.5, 12, { logP: true })).toBe(28);
  });
});

const probability = fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true });

describe('properties', () => {
  it('distribution functions are monotone', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.double({ min: 0.01, max: 200, noNaN: true }),
        fc.double({ min: 0.01, max: 2000, noNaN: true }),
        // monotone up to one rounding of the result (R too: ppois(12, 0.01) < ppois(11, 0.01) = 1 by an ulp)
        (x, size, mu) =>
          pnbinom(x + 1, size, mu) >= pnbinom(x, size, mu) * (1 - 2 * EPS) &&
          ppois(x + 1, mu) >= ppois(x, mu) * (1 - 2 * EPS) &&
          pnbinom(x + 1, size, mu, { lowerTail: false }) <= pnbinom(x, size, mu, { lowerTail: false }) * (1 + 2 * EPS),
      ),
    );
  });

  it('discrete quantile = smallest x with cdf(x) ≥ p·(1 − 8ε)', () => {
    fc.assert(
      fc.property(
        probability,
        fc.double({ min: 0.05, max: 100, noNaN: true }),
        fc.double({ min: 0.05, max: 1000, noNaN: true }),
        (p, size, mu) => {
          const target = p * (1 - 8 * EPS);
          const qn = qnbinom(p, size, mu);
          const qp = qpois(p, mu);
          const okNb = pnbinom(qn, size, mu) >= target && (qn === 0 || pnbinom(qn - 1, size, mu) < target);
          const okPois = ppois(qp, mu) >= target && (qp === 0 || ppois(qp - 1, mu) < target);
          return okNb && okPois;
        },
      ),
    );
  });

  // n < 4096 keeps R's unit-step search; for larger n R's coarse search can stop at n when its
  // Cornish–Fisher start overshoots (R 4.2.2: qbinom(1e-12, 4124, 0.99881) = 4124) and we reproduce that.
  it('discrete round trip: q(p(x)) = x wherever the mass at x exceeds the fuzz', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.double({ min: 0.05, max: 100, noNaN: true }),
        fc.double({ min: 0.05, max: 1000, noNaN: true }),
        (x, size, mu) => {
          // P(x − 1) < P(x)·(1 − 8ε) is needed for x to be recoverable from P(x)
          const nbOk = dnbinom(x, size, mu) <= 16 * EPS * pnbinom(x, size, mu) || qnbinom(pnbinom(x, size, mu), size, mu) === x;
          const poisOk = dpois(x, mu) <= 16 * EPS * ppois(x, mu) || qpois(ppois(x, mu), mu) === x;
          const up = pnbinom(x, size, mu, { lowerTail: false });
          const upOk = !(up > 0) || dnbinom(x + 1, size, mu) <= 16 * EPS * up || qnbinom(up, size, mu, { lowerTail: false }) === x;
          return nbOk && poisOk && upOk;
        },
      ),
    );
  });

  it('binomial quantile is the smallest x with cdf(x) ≥ p·(1 − 8ε)', () => {
    fc.assert(
      fc.property(probability, fc.integer({ min: 1, max: 4000 }), fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p, n, pr) => {
        const target = p * (1 - 8 * EPS);
        const q = qbinom(p, n, pr);
        return pbinom(q, n, pr) >= target && (q === 0 || pbinom(q - 1, n, pr) < target);
      }),
    );
  });

  /** q is within 8 ulps of the p-quantile of cdf (the best possible up to the conditioning of the inversion). */
  function brackets(cdf: (x: number) => number, q: number, p: number): boolean {
    const below = q - 8 * EPS * Math.abs(q);
    const above = q + 8 * EPS * Math.abs(q);
    return cdf(below) <= p * (1 + 1e-13) + 1e-15 && cdf(above) >= p * (1 - 1e-13) - 1e-15;
  }

  it('continuous quantiles invert their distribution functions', () => {
    fc.assert(
      fc.property(
        probability,
        fc.double({ min: 0.05, max: 1e4, noNaN: true }),
        fc.double({ min: 0.5, max: 200, noNaN: true }),
        (p, shape, df) => {
          const a = shape / 100 + 0.1;
          const b = df / 10;
          return (
            brackets((x) => pnorm(x), qnorm(p), p) &&
            brackets((x) => pgamma(x, shape, 1.7), qgamma(p, shape, 1.7), p) &&
            brackets((x) => pt(x, df), qt(p, df), p) &&
            brackets((x) => pbeta(x, a, b), qbeta(p, a, b), p)
          );
        },
      ),
    );
  });

  it('pt is symmetric: P(T ≤ −t) = P(T > t)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e3, max: 1e3, noNaN: true }), fc.double({ min: 0.3, max: 1e6, noNaN: true }), (t, df) => {
        const a = pt(-t, df);
        const b = pt(t, df, { lowerTail: false });
        return Math.abs(a - b) <= 1e-14 * Math.max(a, 1e-300);
      }),
    );
  });

  it('terminates and returns a number (NaN allowed) for extreme and invalid arguments', () => {
    const extreme = fc.oneof(
      fc.constantFrom(0, -0, 1, -1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-300, 1e300, 5e-324, 1 - 1e-16),
      fc.double({ min: -1e6, max: 1e6 }),
      fc.double({ min: 1e-12, max: 1e12, noNaN: true }),
    );
    const fns: ((a: number, b: number, c: number, lt: boolean, lp: boolean) => number)[] = [
      (a, b, c, lt, lp) => pnorm(a, b, c, { lowerTail: lt, logP: lp }),
      (a, b, c, lt, lp) => qnorm(a, b, c, { lowerTail: lt, logP: lp }),
      (a, b, _c, lt, lp) => ppois(a, b, { lowerTail: lt, logP: lp }),
      (a, b, _c, lt, lp) => qpois(a, b, { lowerTail: lt, logP: lp }),
      (a, b, c, lt, lp) => pnbinom(a, b, c, { lowerTail: lt, logP: lp }),
      (a, b, c, lt, lp) => qnbinom(a, b, c, { lowerTail: lt, logP: lp }),
      (a, b, c, lt, lp) => qnbinom(a, b, { prob: c }, { lowerTail: lt, logP: lp }),
      (a, b, c, lt, lp) => pgamma(a, b, c, { lowerTail: lt, logP: lp }),
      (a, b, c, lt, lp) => qgamma(a, b, c, { lowerTail: lt, logP: lp }),
      (a, b, c, lt, lp) => pbeta(a, b, c, { lowerTail: lt, logP: lp }),
      (a, b, c, lt, lp) => qbeta(a, b, c, { lowerTail: lt, logP: lp }),
      (a, b, c, lt, lp) => pbinom(a, Math.round(Math.abs(b)) % 1e9, c, { lowerTail: lt, logP: lp }),
      (a, b, c, lt, lp) => qbinom(a, Math.round(Math.abs(b)) % 1e9, c, { lowerTail: lt, logP: lp }),
      (a, b, _c, lt, lp) => pt(a, b, { lowerTail: lt, logP: lp }),
      (a, b, _c, lt, lp) => qt(a, b, { lowerTail: lt, logP: lp }),
      (a, b, c, _lt, lp) =>
        dnbinom(a, b, c, { log: lp }) + dgamma(a, b, c, { log: lp }) + dbeta(a, b, c, { log: lp }) + dt(a, b, { log: lp }),
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: fns.length - 1 }),
        extreme,
        extreme,
        extreme,
        fc.boolean(),
        fc.boolean(),
        (i, a, b, c, lt, lp) => {
          return typeof fns[i](a, b, c, lt, lp) === 'number';
        },
      ),
      { numRuns: 3000 },
    );
  });
});

/**
 * Discretised serial-interval distribution, as EpiEstim's `discr_si(k, mu, sigma)` (EpiEstim 2.2.4).
 *
 * The serial interval is a gamma distribution shifted by one day, with mean `mu` and standard
 * deviation `sigma` (days): (SI − 1) ~ Gamma(shape a = ((mu − 1)/sigma)², scale b = sigma²/(mu − 1)).
 * The probability of an interval of k days is the integral of the shifted gamma density against the
 * triangular kernel of width 2 centred on k (Cori et al. 2013, Web Appendix):
 *
 *   w_k = k F(k) + (k − 2) F(k − 2) − 2 (k − 1) F(k − 1)
 *       + a b [2 F₊(k − 1) − F₊(k − 2) − F₊(k)],
 *
 * F = pgamma(·, a, scale = b), F₊ = pgamma(·, a + 1, scale = b). Negative values (cancellation in
 * the far tail) are set to 0, as EpiEstim does with `max(0, e)`. The same expression is evaluated in
 * the same order as R so that results agree to the last bits.
 */
import { gammaCdf } from './gamma.ts';

/**
 * w_k for each k in `k` (days, integers ≥ 0), for a serial interval of mean `mu` > 1 and standard
 * deviation `sigma` ≥ 0 days.
 *
 * ```ts
 * discrSi([0, 1, 2], 2.6, 1.5); // [0, 0.233172125407541, 0.358579400315597]
 * ```
 */
export function discrSi(k: ArrayLike<number>, mu: number, sigma: number): Float64Array {
  if (!(sigma >= 0)) throw new RangeError(`std_si (sigma) must be ≥ 0, got ${sigma}`);
  if (!(mu > 1)) throw new RangeError(`mean_si (mu) must be > 1, got ${mu}`);
  const a = ((mu - 1) / sigma) ** 2;
  const b = sigma ** 2 / (mu - 1);
  const out = new Float64Array(k.length);
  for (let i = 0; i < k.length; i++) {
    const ki = k[i];
    if (!(ki >= 0)) throw new RangeError(`discrSi: all values in k must be ≥ 0, got ${ki}`);
    let res = ki * gammaCdf(ki, a, b) + (ki - 2) * gammaCdf(ki - 2, a, b) - 2 * (ki - 1) * gammaCdf(ki - 1, a, b);
    res = res + a * b * (2 * gammaCdf(ki - 1, a + 1, b) - gammaCdf(ki - 2, a + 1, b) - gammaCdf(ki, a + 1, b));
    out[i] = Math.max(0, res);
  }
  return out;
}

/**
 * w_0 … w_{n−1}: EpiEstim's `discr_si(seq(0, n − 1), mu, sigma)`, bit-for-bit the same values as
 * `discrSi` but with two gamma CDF evaluations per lag instead of six: F(j) and F₊(j) are computed
 * once for j = −2 … n − 1 and shared by the three lags that use them. Once both CDFs round to exactly
 * 1 they stay 1 for every larger j (the upper tail only shrinks), so the rest are filled without
 * calling pgamma; the expression for w_k then gives what R gives (0 in the far tail).
 */
export function discrSiSeq(n: number, mu: number, sigma: number): Float64Array {
  if (!(sigma >= 0)) throw new RangeError(`std_si (sigma) must be ≥ 0, got ${sigma}`);
  if (!(mu > 1)) throw new RangeError(`mean_si (mu) must be > 1, got ${mu}`);
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`discrSiSeq: n must be an integer ≥ 0, got ${n}`);
  const a = ((mu - 1) / sigma) ** 2;
  const b = sigma ** 2 / (mu - 1);
  // cdf[j + 2] = F(j), cdf1[j + 2] = F₊(j), for j = −2 … n − 1.
  const cdf = new Float64Array(n + 2);
  const cdf1 = new Float64Array(n + 2);
  let saturated = false;
  for (let j = 0; j < n; j++) {
    if (saturated) {
      cdf[j + 2] = 1;
      cdf1[j + 2] = 1;
      continue;
    }
    cdf[j + 2] = gammaCdf(j, a, b);
    cdf1[j + 2] = gammaCdf(j, a + 1, b);
    saturated = cdf[j + 2] === 1 && cdf1[j + 2] === 1;
  }
  // j = −2, −1: pgamma of a negative number is 0 (the Float64Array is already 0 there).
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const fk = cdf[k + 2];
    const fk1 = k >= 1 ? cdf[k + 1] : 0;
    const fk2 = k >= 2 ? cdf[k] : 0;
    const gk = cdf1[k + 2];
    const gk1 = k >= 1 ? cdf1[k + 1] : 0;
    const gk2 = k >= 2 ? cdf1[k] : 0;
    let res = k * fk + (k - 2) * fk2 - 2 * (k - 1) * fk1;
    res = res + a * b * (2 * gk1 - gk2 - gk);
    out[k] = Math.max(0, res);
  }
  return out;
}

/**
 * Discretised serial-interval distribution, as EpiEstim's `discr_si(k, mu, sigma)` (EpiEstim 2.2.4).
 *
 * The serial interval is a gamma distribution shifted by one day, with mean `mu` and standard
 * deviation `sigma` (days): (SI − 1) ~ Gamma(shape a = ((mu − 1)/sigma)², scale b = sigma²/(mu − 1)).
 * The probability of an interval of k days is the integral of the shifted gamma density against the
 * triangular kernel of width 2 centred on k (Cori et al. 2013, Web Appendix 11):
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

/** w_0 … w_{n−1}: EpiEstim's `discr_si(seq(0, n − 1), mu, sigma)`. */
export function discrSiSeq(n: number, mu: number, sigma: number): Float64Array {
  const k = new Float64Array(n);
  for (let i = 0; i < n; i++) k[i] = i;
  return discrSi(k, mu, sigma);
}

/**
 * The two gamma-distribution functions the Rt code needs, from @outbreak/stats (R's algorithms:
 * `pgamma` after Morten Welinder's pgamma.c, `qgamma` AS 91 + Newton steps), with EpiEstim's
 * shape/scale parametrisation.
 */
import { pgamma, qgamma } from '@outbreak/stats';

/** P(X ≤ x) for X ~ Gamma(shape, scale): R `pgamma(x, shape = shape, scale = scale)` (0 for x < 0). */
export function gammaCdf(x: number, shape: number, scale: number): number {
  return pgamma(x, shape, { scale });
}

/** The p-quantile of Gamma(shape, scale): R `qgamma(p, shape = shape, scale = scale)`. */
export function gammaQuantile(p: number, shape: number, scale: number): number {
  return qgamma(p, shape, { scale });
}

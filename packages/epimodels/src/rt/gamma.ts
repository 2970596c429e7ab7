/**
 * The gamma cdf the serial-interval discretisation needs, from @outbreak/stats (R's algorithms:
 * `pgamma` after Morten Welinder's pgamma.c), with EpiEstim's
 * shape/scale parametrisation.
 */
import { pgamma } from '@outbreak/stats';

/** P(X ≤ x) for X ~ Gamma(shape, scale): R `pgamma(x, shape = shape, scale = scale)` (0 for x < 0). */
export function gammaCdf(x: number, shape: number, scale: number): number {
  return pgamma(x, shape, { scale });
}

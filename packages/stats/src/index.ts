/**
 * @outbreak/stats — the project's shared numerics: special functions,
 * R-compatible distributions, sample quantiles and a seeded RNG.
 * See README.md for the calling conventions and accuracy.
 */
export * from './special.ts';
export * from './distributions.ts';
export * from './quantile.ts';
export * from './rng.ts';
export * from './glm.ts';
export * from './calendar.ts';

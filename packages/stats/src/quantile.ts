/**
 * Sample summaries: mean, variance, median and R's default (type 7) sample
 * quantile. NaN in the input propagates (R's `na.rm = FALSE`); an empty input
 * gives NaN.
 */

/** Read-only numeric sequence: plain arrays and typed arrays alike. */
export type NumericArray = ArrayLike<number>;

/**
 * Arithmetic mean, as R `mean`: a first pass sums, a second pass adds the mean
 * residual to correct the rounding of the first (R's long-double refinement).
 */
export function mean(values: NumericArray): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  let s = 0;
  for (let i = 0; i < n; i++) s += values[i];
  const m = s / n;
  if (!Number.isFinite(m)) return m;
  let t = 0;
  for (let i = 0; i < n; i++) t += values[i] - m;
  return m + t / n;
}

/** Sample variance with divisor n − 1 (R `var` on a vector); NaN when n < 2. */
export function sampleVariance(values: NumericArray): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  // two passes, as R's cov.c: centring first avoids the cancellation of Σx² − n·mean²
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const d = values[i] - m;
    ss += d * d;
  }
  return ss / (n - 1);
}

/** Sample standard deviation (R `sd`): sqrt of {@link sampleVariance}. */
export function sampleSd(values: NumericArray): number {
  return Math.sqrt(sampleVariance(values));
}

/**
 * Type-7 quantile of values already sorted ascending (no copy, no check), with
 * R's exact arithmetic: index = 1 + (n − 1)p (1-based), lo = ⌊index⌋,
 * hi = ⌈index⌉, Q = x[lo] unless index > lo and x[hi] ≠ x[lo], in which case
 * Q = (1 − h)·x[lo] + h·x[hi], h = index − lo (R 4.2 `quantile.default`, type 7).
 * Throws a RangeError for p outside [0, 1] (R stops too).
 */
export function quantileSorted(sorted: NumericArray, p: number): number {
  const n = sorted.length;
  if (n === 0 || Number.isNaN(p)) return Number.NaN;
  if (p < 0 || p > 1) throw new RangeError(`probability ${p} outside [0, 1]`);
  const index = 1 + (n - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const qs = sorted[lo - 1];
  const xhi = sorted[hi - 1];
  if (index > lo && xhi !== qs) {
    const h = index - lo;
    return (1 - h) * qs + h * xhi;
  }
  return qs;
}

function sortedCopy(values: NumericArray): Float64Array | null {
  const n = values.length;
  const copy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (Number.isNaN(v)) return null;
    copy[i] = v;
  }
  copy.sort(); // Float64Array sorts numerically
  return copy;
}

/**
 * R `quantile(values, p, type = 7)` for one probability or an array of them.
 * The input may be unsorted and is not modified. For hot loops on
 * pre-sorted data use {@link quantileSorted}.
 * Returns NaN if any value is NaN (R would stop without `na.rm`).
 */
export function quantileType7(values: NumericArray, p: number): number;
export function quantileType7(values: NumericArray, p: NumericArray): Float64Array;
export function quantileType7(values: NumericArray, p: number | NumericArray): number | Float64Array {
  const sorted = sortedCopy(values);
  if (typeof p === 'number') return sorted === null ? Number.NaN : quantileSorted(sorted, p);
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = sorted === null ? Number.NaN : quantileSorted(sorted, p[i]);
  return out;
}

/** Median (R `median`): the mean of the two middle values when n is even. */
export function median(values: NumericArray): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const sorted = sortedCopy(values);
  if (sorted === null) return Number.NaN;
  const half = n >> 1;
  return n % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

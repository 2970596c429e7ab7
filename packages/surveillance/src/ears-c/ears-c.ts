/**
 * EARS C1, C2 and C3 (Early Aberration Reporting System of the CDC), as R `surveillance::earsC`.
 *
 * Hutwagner L, Thompson W, Seeman GM, Treadwell T (2003). The bioterrorism preparedness and
 * response Early Aberration Reporting System (EARS). J Urban Health 80(2 Suppl 1):i89–96.
 * Fricker RD, Hegler BL, Dunfee DA (2008). Comparing syndromic surveillance detection methods:
 * EARS' versus a CUSUM-based methodology. Stat Med 27:3407–3429.
 *
 * For a monitored time point t with baseline b:
 * - C1: reference values y[t-b..t-1]; upperbound = mean + z(1-α)·max(sd, minSigma).
 * - C2: reference values y[t-b-2..t-3] (a two-point guard band); same upperbound.
 * - C3: with C2(s) = (y[s] − mean_s)/max(sd_s, minSigma) on the C2 windows,
 *   upperbound = max(0, y[t] + max(sd_t, minSigma)·(z(1-α) − max(0, C2(t-2) − 1) − max(0, C2(t-1) − 1))),
 *   exactly as R computes it (sd is the sample sd, n − 1).
 * Alarm when y[t] > upperbound; NaN (sd = 0 in C3, or missing counts) gives NA (`null`).
 */
import { qnorm } from '@outbreak/stats';
import { DetectionInputError } from '../errors.ts';
import { choiceParam, numberParam, readCounts, resolveRange } from '../series.ts';
import type { DetectionControl, DetectionPoint, DetectionResult, SurveillanceSeries } from '../types.ts';

/** Control list of R `earsC(sts, control = list(...))`. */
export interface EarsCControl extends DetectionControl {
  /** "C1", "C2" or "C3" (default "C1") */
  method: 'C1' | 'C2' | 'C3';
  /** number of reference time points, at least 3 (default 7) */
  baseline: number;
  /** lower bound on the reference standard deviation, in counts (default 0) */
  minSigma: number;
  /** one-sided significance level; default 0.001 for C1/C2 and 0.025 for C3 (R's defaults) */
  alpha: number;
}

/** Defaults of R `earsC` (alpha depends on the method, see {@link EarsCControl.alpha}). */
export const EARS_C_DEFAULTS = { method: 'C1', baseline: 7, minSigma: 0 } as const satisfies Partial<EarsCControl>;

/** Resolved numeric settings of the EARS kernel. */
export interface EarsCSettings {
  method: 'C1' | 'C2' | 'C3';
  baseline: number;
  minSigma: number;
  /** z(1 − α) */
  zAlpha: number;
}

/** How far back the oldest reference value lies: R's `maxLag`. */
export function earsCMaxLag(method: 'C1' | 'C2' | 'C3', baseline: number): number {
  return method === 'C1' ? baseline : method === 'C2' ? baseline + 2 : baseline + 4;
}

/** Validates a partial control list and resolves R's defaults. */
export function earsCSettings(control: Partial<EarsCControl> = {}): EarsCSettings {
  const method = choiceParam('method', control.method ?? EARS_C_DEFAULTS.method, ['C1', 'C2', 'C3'] as const);
  const baseline = numberParam('baseline', control.baseline ?? EARS_C_DEFAULTS.baseline, { integer: true });
  if (baseline < 3)
    throw new DetectionInputError('baseline', `baseline must be at least 3 (R: "Minimum baseline to use is 3."), not ${baseline}`);
  const minSigma = numberParam('minSigma', control.minSigma ?? EARS_C_DEFAULTS.minSigma, { min: 0 });
  const alpha = numberParam('alpha', control.alpha ?? (method === 'C3' ? 0.025 : 0.001), { min: 0, max: 1, exclusiveMin: true });
  if (alpha >= 1) throw new DetectionInputError('alpha', `alpha must be < 1, not ${alpha}`);
  return { method, baseline, minSigma, zAlpha: qnorm(1 - alpha) };
}

/**
 * Largest count for which sums of squares over a window stay exact in doubles; beyond it (or
 * with non-integer / missing counts) the kernel recomputes each window with two passes, as R does.
 */
const EXACT_COUNT_LIMIT = 2 ** 20;

function countsAreExactIntegers(y: Float64Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const v = y[i];
    if (!Number.isInteger(v) || v > EXACT_COUNT_LIMIT) return false;
  }
  return true;
}

/**
 * Mean and sample sd (n − 1) of every window y[s − lagFar .. s − lagFar + baseline − 1] for s in
 * [sFirst, sLast] (0-based), written into `mean` and `sd` at index s − sFirst.
 *
 * With integer counts the window sums Σy and Σy² are exact, so a sliding update is exact and the
 * variance (n·Σy² − (Σy)²)/(n(n − 1)) is rounded once, at least as accurate as R's two-pass `var`.
 */
function windowMoments(
  y: Float64Array,
  sFirst: number,
  sLast: number,
  lagFar: number,
  baseline: number,
  mean: Float64Array,
  sd: Float64Array,
): void {
  const lo = sFirst - lagFar;
  const hi = sLast - lagFar + baseline;
  const n = baseline;
  if (countsAreExactIntegers(y, lo, hi)) {
    let s1 = 0;
    let s2 = 0;
    for (let i = lo; i < lo + n; i++) {
      s1 += y[i];
      s2 += y[i] * y[i];
    }
    for (let s = sFirst; ; s++) {
      const k = s - sFirst;
      mean[k] = s1 / n;
      const num = n * s2 - s1 * s1;
      sd[k] = Math.sqrt(num / (n * (n - 1)));
      if (s === sLast) break;
      const out = y[s - lagFar];
      const inn = y[s - lagFar + n];
      s1 += inn - out;
      s2 += inn * inn - out * out;
    }
    return;
  }
  for (let s = sFirst; s <= sLast; s++) {
    const k = s - sFirst;
    const start = s - lagFar;
    let sum = 0;
    for (let i = start; i < start + n; i++) sum += y[i];
    const m = sum / n;
    let ss = 0;
    for (let i = start; i < start + n; i++) {
      const d = y[i] - m;
      ss += d * d;
    }
    mean[k] = m;
    sd[k] = Math.sqrt(ss / (n - 1));
  }
}

/** Reusable scratch buffers so that a batch of series allocates nothing per series. */
export interface EarsCScratch {
  mean: Float64Array;
  sd: Float64Array;
}

/** Creates scratch buffers for ranges of up to `length` monitored points. */
export function earsCScratch(length: number): EarsCScratch {
  return { mean: new Float64Array(length + 2), sd: new Float64Array(length + 2) };
}

/**
 * The EARS kernel on typed arrays: fills `upperbound[k]` and `alarm[k]` (1 = alarm, 0 = no alarm,
 * 255 = NA) for t = first + k, t in [first, last] (1-based). No allocation when `scratch` is given.
 * The caller has checked `first − maxLag ≥ 1` and `last ≤ y.length`.
 */
export function earsCInto(
  y: Float64Array,
  first: number,
  last: number,
  settings: EarsCSettings,
  upperbound: Float64Array,
  alarm: Uint8Array,
  scratch: EarsCScratch = earsCScratch(last - first + 1),
): void {
  const { method, baseline, minSigma, zAlpha } = settings;
  const f0 = first - 1;
  const l0 = last - 1;
  const count = l0 - f0 + 1;
  const { mean, sd } = scratch;
  if (method === 'C1' || method === 'C2') {
    const lagFar = method === 'C1' ? baseline : baseline + 2;
    windowMoments(y, f0, l0, lagFar, baseline, mean, sd);
    for (let k = 0; k < count; k++) {
      const ub = mean[k] + zAlpha * Math.max(sd[k], minSigma);
      upperbound[k] = ub;
      const obs = y[f0 + k];
      alarm[k] = Number.isNaN(ub) || Number.isNaN(obs) ? 255 : obs > ub ? 1 : 0;
    }
    return;
  }
  // C3: C2 statistics from two points before the range (R's rangeC2), one window per point.
  windowMoments(y, f0 - 2, l0, baseline + 2, baseline, mean, sd);
  for (let k = 0; k < count; k++) {
    const s2 = k; // index of t − 2 in the C2 arrays
    const s1 = k + 1;
    const s0 = k + 2;
    // R's pmax(0, NaN) is NaN, as is Math.max(0, NaN): NA propagates to the upperbound.
    const c2Lag2 = (y[f0 + k - 2] - mean[s2]) / Math.max(sd[s2], minSigma);
    const c2Lag1 = (y[f0 + k - 1] - mean[s1]) / Math.max(sd[s1], minSigma);
    const obs = y[f0 + k];
    const raw = obs + Math.max(sd[s0], minSigma) * (zAlpha - (Math.max(0, c2Lag2 - 1) + Math.max(0, c2Lag1 - 1)));
    const ub = Math.max(0, raw);
    upperbound[k] = ub;
    alarm[k] = Number.isNaN(ub) || Number.isNaN(obs) ? 255 : obs > ub ? 1 : 0;
  }
}

/**
 * EARS C1/C2/C3 on one series, as R `earsC(sts, control)`.
 *
 * Default range: every point with enough history, `(maxLag + 1):n` with maxLag = baseline (C1),
 * baseline + 2 (C2), baseline + 4 (C3).
 *
 * @example
 * ```ts
 * earsC({ observed: [1, 2, 1, 3, 2, 1, 2, 9], frequency: 365, start: [2024, 1] }, { method: 'C1' })
 * // → { points: [{ t: 8, observed: 9, upperbound: 4.050… (mean 1.714 + 3.090 · sd 0.756), alarm: true }] }
 * ```
 */
export function earsC(series: SurveillanceSeries, control: Partial<EarsCControl> = {}): DetectionResult {
  const settings = earsCSettings(control);
  const y = readCounts(series);
  const [first, last] = resolveRange(
    y.length,
    control.range,
    earsCMaxLag(settings.method, settings.baseline) + 1,
    `earsC ${settings.method}`,
  );
  const count = last - first + 1;
  const upperbound = new Float64Array(count);
  const alarm = new Uint8Array(count);
  earsCInto(y, first, last, settings, upperbound, alarm);
  const points: DetectionPoint[] = new Array(count);
  for (let k = 0; k < count; k++) {
    const ub = upperbound[k];
    points[k] = {
      t: first + k,
      observed: y[first - 1 + k],
      upperbound: Number.isNaN(ub) ? null : ub,
      alarm: alarm[k] === 255 ? null : alarm[k] === 1,
    };
  }
  return { points };
}

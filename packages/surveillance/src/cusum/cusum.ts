/**
 * CUSUM for Poisson counts with transformations, as R `surveillance::cusum` / `algo.cusum`.
 *
 * Rossi G, Lampugnani L, Marchi M (1999). An approximate CUSUM procedure for surveillance of
 * health events. Stat Med 18:2111–2122. Pierce DA, Schafer DW (1986), Residuals in generalized
 * linear models, JASA 81:977–986 (the Anscombe residuals).
 *
 * With reference mean m (a number, the mean of all counts before the range, or a Poisson GLM
 * `x ~ 1 + cos(2πt/freq) + sin(2πt/freq)` fitted before the range and predicted over it), each
 * monitored count x_t is standardised to z_t by `trans`, and
 *   S_t = max(0, S_{t−1} + z_t − k),  alarm when S_t ≥ h,  S_0 = 0.
 * The statistic does not restart after an alarm (as in R). The upperbound is the smallest count
 * that would have raised an alarm at t, solved from S_{t−1} (R's formulas; negative or NaN → 0).
 */
import { glmFit } from '@outbreak/stats';
import { anscombeNB } from './anscombe-nb.ts';
import { DetectionInputError } from '../errors.ts';
import { choiceParam, numberParam, readCounts, resolveRange } from '../series.ts';
import type { DetectionControl, DetectionPoint, DetectionResult, SurveillanceSeries } from '../types.ts';

/** The standardisations of R `algo.cusum`, plus "pearson" (a name for "standard"). */
export const CUSUM_TRANSFORMATIONS = [
  'standard',
  'rossi',
  'anscombe',
  'anscombe2nd',
  'pearsonNegBin',
  'anscombeNegBin',
  'pearson',
  'none',
] as const;
export type CusumTransformation = (typeof CUSUM_TRANSFORMATIONS)[number];

/** Control list of R `cusum(sts, control = list(range, k, h, m, trans, alpha))`. */
export interface CusumControl extends DetectionControl {
  /** reference value subtracted from each standardised count (default 1.04) */
  k: number;
  /** decision interval: alarm when S_t ≥ h (default 2.26) */
  h: number;
  /** reference mean: `null` = mean of all counts before the range (default), a number, one number per monitored point, or "glm" */
  m: number | ArrayLike<number> | 'glm' | null;
  /** standardisation (default "standard" = (x − m)/√m; "pearson" is an alias of it) */
  trans: CusumTransformation;
  /** overdispersion of "pearsonNegBin" and "anscombeNegBin", variance m + α·m² (default `null` → 0.1 as R) */
  alpha: number | null;
}

/** R `algo.cusum` defaults. */
export const CUSUM_DEFAULTS = { k: 1.04, h: 2.26, m: null, trans: 'standard', alpha: null } as const satisfies Partial<CusumControl>;

/**
 * The GLM reference mean of R (`m = "glm"`): a Poisson log-linear model with one harmonic,
 * x ~ 1 + cos(2π/p·t) + sin(2π/p·t), on time points 1..first−1, predicted on first..last.
 * R uses t = start[2] + index − 1; any shift of t only rotates the harmonic, whose span is
 * unchanged, so the fitted means do not depend on `start`.
 */
function glmReferenceMean(y: Float64Array, first: number, last: number, freq: number): Float64Array {
  const nTrain = first - 1;
  const X: number[][] = [];
  const resp: number[] = [];
  for (let t = 1; t <= nTrain; t++) {
    const v = y[t - 1];
    if (Number.isNaN(v)) continue; // R's glm drops NA rows (na.action = na.omit)
    X.push([1, Math.cos((2 * Math.PI * t) / freq), Math.sin((2 * Math.PI * t) / freq)]);
    resp.push(v);
  }
  if (resp.length < 3) throw new DetectionInputError('range', 'cusum m = "glm" needs at least 3 counts before the range');
  const fit = glmFit({ X, y: resp, family: 'poisson' });
  const out = new Float64Array(last - first + 1);
  const row = new Float64Array(3);
  row[0] = 1;
  for (let t = first; t <= last; t++) {
    row[1] = Math.cos((2 * Math.PI * t) / freq);
    row[2] = Math.sin((2 * Math.PI * t) / freq);
    out[t - first] = fit.predict(row, { type: 'response' }).fit;
  }
  return out;
}

/** Standardised count z_t for each transformation (R `algo.cusum`'s `standObs`). */
function standardise(trans: CusumTransformation, x: number, m: number, alpha: number): number {
  switch (trans) {
    case 'rossi':
      return (x - 3 * m + 2 * Math.sqrt(x * m)) / (2 * Math.sqrt(m));
    case 'standard':
    case 'pearson':
      return (x - m) / Math.sqrt(m);
    case 'anscombe':
      return ((3 / 2) * (x ** (2 / 3) - m ** (2 / 3))) / m ** (1 / 6);
    case 'anscombe2nd':
      return (x ** (2 / 3) - (m ** (2 / 3) - m ** (-1 / 3) / 9)) / ((2 / 3) * m ** (1 / 6));
    case 'pearsonNegBin':
      return (x - m) / Math.sqrt(m + alpha * m * m);
    case 'anscombeNegBin':
      return anscombeNB(x, m, alpha);
    case 'none':
      return x;
  }
}

/** The count that would just have raised an alarm, given S_{t−1} = c (R `algo.cusum`'s `upperbound`). */
function upperboundFor(trans: CusumTransformation, m: number, c: number, st: number, h: number, k: number, alpha: number): number {
  switch (trans) {
    case 'rossi':
      return (
        2 * h * m ** (1 / 2) +
        2 * k * m ** (1 / 2) -
        2 * c * m ** (1 / 2) +
        5 * m -
        2 * (4 * m * m + 2 * m ** (3 / 2) * h + 2 * m ** (3 / 2) * k - 2 * m ** (3 / 2) * c) ** (1 / 2)
      );
    case 'standard':
    case 'pearson':
      return Math.ceil(Math.sqrt(m) * (h + k - c) + m);
    case 'anscombe': {
      const base = (2 / 3) * m ** (1 / 6) * (h + k - c) + m ** (2 / 3);
      return base < 0 ? 0 : base ** (3 / 2);
    }
    case 'anscombe2nd': {
      // R uses m^(1/3)/9 here (not the m^(-1/3)/9 of the standardisation): copied as is.
      const base = (2 / 3) * m ** (1 / 6) * (h + k - c) + (m ** (2 / 3) - m ** (1 / 3) / 9);
      return base < 0 ? 0 : base ** (3 / 2);
    }
    case 'pearsonNegBin':
      return Math.sqrt(m + alpha * m * m) * (h + k - c) + m;
    case 'anscombeNegBin':
    case 'none':
      return h - st;
  }
}

/**
 * CUSUM on one series, as R `cusum(sts, control)`. Extra fields per point: `cusum` (S_t) and
 * `m` (the reference mean at t). Default range: 2..n (one count of history for the mean).
 */
export function cusum(series: SurveillanceSeries, control: Partial<CusumControl> = {}): DetectionResult {
  const k = numberParam('k', control.k ?? CUSUM_DEFAULTS.k);
  const h = numberParam('h', control.h ?? CUSUM_DEFAULTS.h);
  const trans = choiceParam('trans', control.trans ?? CUSUM_DEFAULTS.trans, CUSUM_TRANSFORMATIONS);
  const alpha = control.alpha == null ? 0.1 : numberParam('alpha', control.alpha, { min: 0 });
  const mSpec = control.m ?? null;
  const mVector = mSpec !== null && typeof mSpec === 'object' ? Float64Array.from(mSpec) : null;
  const positive = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (mVector ? !mVector.every(positive) : mSpec !== null && mSpec !== 'glm' && !positive(mSpec)) {
    throw new DetectionInputError(
      'm',
      `m must be null, "glm", a positive number or one positive number per monitored point, not ${JSON.stringify(mSpec)}`,
    );
  }
  const y = readCounts(series);
  const [first, last] = resolveRange(y.length, control.range, mSpec === null || mSpec === 'glm' ? 2 : 1, 'cusum');
  const count = last - first + 1;

  let mAt: (i: number) => number;
  if (mSpec === 'glm') {
    const mu = glmReferenceMean(y, first, last, series.frequency);
    mAt = (i) => mu[i];
  } else if (mVector) {
    if (mVector.length !== count) throw new DetectionInputError('m', `m has ${mVector.length} values; the range has ${count} points`);
    mAt = (i) => mVector[i];
  } else if (mSpec === null) {
    let sum = 0;
    for (let i = 0; i < first - 1; i++) sum += y[i];
    const mean = sum / (first - 1);
    mAt = () => mean;
  } else {
    const mConst = mSpec as number;
    mAt = () => mConst;
  }

  const points: DetectionPoint[] = new Array(count);
  let prev = 0;
  for (let i = 0; i < count; i++) {
    const x = y[first - 1 + i];
    const m = mAt(i);
    const z = standardise(trans, x, m, alpha);
    // R: max(0, NA) is NA and the NA then propagates to all later S_t; Math.max does the same with NaN.
    const st = Math.max(0, prev + (z - k));
    let ub = upperboundFor(trans, m, prev, st, h, k, alpha);
    if (Number.isNaN(ub) || ub < 0) ub = 0;
    points[i] = {
      t: first + i,
      observed: x,
      upperbound: ub,
      alarm: Number.isNaN(st) ? null : st >= h,
      cusum: Number.isNaN(st) ? null : st,
      m: Number.isNaN(m) ? null : m,
    };
    prev = st;
  }
  return { points };
}

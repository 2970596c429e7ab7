/**
 * farringtonFlexible: the improved Farrington algorithm of Noufaily et al. (2013), as R
 * `surveillance::farringtonFlexible` (surveillance 1.20.3), with R's control names and defaults.
 *
 * For each monitored time point t a quasi-Poisson log-linear model is fitted to the counts of
 * the reference windows — the w time points either side of the same point in each of the b
 * previous years (plus, with `noPeriods` > 1, the gaps between windows split into seasonal
 * groups), leaving out the `pastWeeksNotIncluded` most recent points — optionally with a linear
 * time trend kept only when significant, b ≥ 3 and not extrapolating beyond the data. Points
 * with large Anscombe residuals are down-weighted (Farrington et al. 1996, §3.3), and the
 * threshold is the 1 − α quantile of the predicted count: from the 2/3-power normal
 * approximation ("delta") or from a negative binomial with mean μ₀ (or its upper 1 − α
 * confidence limit, "muan") and size μ₀/(φ − 1) ("nbPlugin", "muan").
 *
 * Quirks of the R implementation reproduced on purpose (they change numbers):
 * - R overwrites the model's working weights with the reweighting weights ω before the trend
 *   test and the prediction, so the trend p-value and `se.fit` use Σ ω r²/df.residual, r = (y − μ)/μ,
 *   instead of φ (the `dispersion = model$phi` in R's call sits inside `newdata`, so it is unused).
 * - `mu0` is `exp(qnorm(1 − α, pred$fit, pred$se.fit))` for "delta" and "muan", computed on the
 *   response scale for "delta" (so it is exp of a count); `exp(η₀)` for "nbPlugin".
 * - With "nbPlugin"/"muan" the score is (y − η₀)/(U − η₀) with η₀ on the log scale.
 * - When fewer than `limit54[0]` cases fell in the last `limit54[1]` points the upper bound and
 *   expected value are NA and no alarm is raised (score, p-value, φ, μ₀ are still reported).
 */
import { pnbinom, pnorm, ppois, pt, qnbinom, qnorm, qpois } from '@outbreak/stats';
import { DetectionInputError } from '../errors.ts';
import { booleanParam, choiceParam, numberParam, readCounts, resolveRange, isoToDay } from '../series.ts';
import type { DetectionControl, DetectionPoint, DetectionResult, SurveillanceSeries } from '../types.ts';
import { FarringtonFitter } from './farrington-glm.ts';
import { assignBlocks, epochUnitOf, referenceTimePoints, type EpochUnit } from './reference-weeks.ts';

/** Control list of {@link farringtonFlexible}; names and defaults as R `farringtonFlexible`. */
export interface FarringtonFlexibleControl extends DetectionControl {
  /** number of past years used as reference (default 5) */
  b: number;
  /** half-width of the reference windows, in time points (default 3) */
  w: number;
  /** down-weight baseline points with large Anscombe residuals (default true) */
  reweight: boolean;
  /** Anscombe residual above which a point is down-weighted (default 2.58; 1 in the 1996 method) */
  weightsThreshold: number;
  /** kept for R compatibility; ignored */
  verbose: boolean;
  /** kept for R compatibility; warnings are never printed */
  glmWarnings: boolean;
  /** one-sided level of the threshold (default 0.05) */
  alpha: number;
  /** try a linear time trend (default true) */
  trend: boolean;
  /** p-value below which the trend is kept (default 0.05) */
  pThresholdTrend: number;
  /** [cases, periods]: no threshold unless at least `cases` were counted in the last `periods` points (default [5, 4]) */
  limit54: readonly [number, number];
  /** power transformation of the "delta" threshold: "2/3" (default), "1/2" or "none" */
  powertrans: '2/3' | '1/2' | 'none';
  /** only "algo.farrington.fitGLM.flexible" exists */
  fitFun: 'algo.farrington.fitGLM.flexible';
  /** add log(population) as offset (default false) */
  populationOffset: boolean;
  /** number of seasonal groups; 1 (default) uses only the reference windows */
  noPeriods: number;
  /** number of most recent points left out of the baseline (default: w) */
  pastWeeksNotIncluded: number | null;
  /** "delta" (default), "nbPlugin" or "muan" */
  thresholdMethod: 'delta' | 'nbPlugin' | 'muan';
}

/** R's defaults (`formals(farringtonFlexible)$control`). */
export const FARRINGTON_FLEXIBLE_DEFAULTS: FarringtonFlexibleControl = {
  range: null,
  b: 5,
  w: 3,
  reweight: true,
  weightsThreshold: 2.58,
  verbose: false,
  glmWarnings: true,
  alpha: 0.05,
  trend: true,
  pThresholdTrend: 0.05,
  limit54: [5, 4],
  powertrans: '2/3',
  fitFun: 'algo.farrington.fitGLM.flexible',
  populationOffset: false,
  noPeriods: 1,
  pastWeeksNotIncluded: null,
  thresholdMethod: 'delta',
};

/** One monitored point of {@link farringtonFlexible}, fields as R's `sts@control` matrices. */
export interface FarringtonFlexiblePoint extends DetectionPoint {
  /** predicted count μ₀ (`control$expected`); null where the upper bound is NA */
  expected: number | null;
  /** (y − fit)/(U − fit) */
  score: number | null;
  /** upper-tail probability of y under the threshold distribution */
  pvalue: number | null;
  /** whether the time trend was kept */
  trend: boolean | null;
  /** trend coefficient (per time point, log scale) when kept */
  trendCoef: number | null;
  /** overdispersion φ ≥ 1 */
  phi: number | null;
  /** R's `mu0Vector` */
  mu0: number | null;
}

/** Result of {@link farringtonFlexible}. */
export interface FarringtonFlexibleResult extends DetectionResult {
  points: FarringtonFlexiblePoint[];
}

/** `lower.tail = FALSE`, allocated once. */
const UPPER_TAIL = { lowerTail: false } as const;

/** Outputs of a threshold function (R's list(upper, prob, score)), reused across points. */
interface ThresholdOut {
  upper: number;
  prob: number;
  score: number;
}

/** R `algo.farrington.threshold.farrington` (Farrington et al. 1996, eq. 3; one-sided level α). */
export function thresholdDelta(
  predFit: number,
  predSeFit: number,
  phi: number,
  powertrans: '2/3' | '1/2' | 'none',
  z: number,
  y: number,
  out: ThresholdOut,
): ThresholdOut {
  const mu0 = predFit;
  const tau = phi + (predSeFit * predSeFit) / mu0;
  let se: number;
  let exponent: number;
  if (powertrans === 'none') {
    se = Math.sqrt(mu0 * tau);
    exponent = 1;
  } else if (powertrans === '1/2') {
    se = Math.sqrt(0.25 * tau);
    exponent = 0.5;
  } else {
    se = Math.sqrt((4 / 9) * Math.pow(mu0, 1 / 3) * tau);
    exponent = 2 / 3;
  }
  const center = Math.pow(mu0, exponent);
  out.upper = sortedUpper(Math.pow(center - z * se, 1 / exponent), Math.pow(center + z * se, 1 / exponent));
  out.prob = pnorm(Math.pow(y, exponent), center, se, UPPER_TAIL);
  out.score = Number.isNaN(out.upper) ? Number.NaN : (y - predFit) / (out.upper - predFit);
  return out;
}

/** The second element of R's `sort(c(a, b), na.last = FALSE)`: NaNs first, then ascending. */
export function sortedUpper(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return a > b ? a : b;
}

/**
 * R `algo.farrington.threshold.noufaily` (Noufaily et al. 2013, §2.3): negative binomial with
 * mean μ₀ and size μ₀/(φ − 1) (Poisson when φ = 1), μ₀ = exp(η₀) ("nbPlugin") or
 * exp(η₀ + z σ̂) ("muan").
 */
export function thresholdNoufaily(
  eta0: number,
  seEta0: number,
  phi: number,
  alpha: number,
  z: number,
  method: 'nbPlugin' | 'muan',
  y: number,
  out: ThresholdOut,
): ThresholdOut {
  const mu0Quantile = method === 'nbPlugin' ? Math.exp(eta0) : Math.exp(eta0 + z * seEta0);
  if (mu0Quantile === Number.POSITIVE_INFINITY) {
    out.upper = Number.NaN;
    out.prob = Number.NaN;
  } else {
    if (phi > 1) {
      const size = mu0Quantile / (phi - 1);
      const prob = { prob: 1 / phi };
      out.upper = qnbinom(1 - alpha, size, prob);
      out.prob = pnbinom(y - 1, size, prob, UPPER_TAIL);
    } else {
      out.upper = qpois(1 - alpha, mu0Quantile);
      out.prob = phi !== 1 ? Number.NaN : ppois(y - 1, mu0Quantile, UPPER_TAIL);
    }
  }
  out.score = Number.isNaN(out.upper) ? Number.NaN : (y - eta0) / (out.upper - eta0);
  return out;
}

function readControl(control: Partial<FarringtonFlexibleControl> | undefined): FarringtonFlexibleControl {
  const c = { ...FARRINGTON_FLEXIBLE_DEFAULTS, ...(control ?? {}) } satisfies FarringtonFlexibleControl;
  numberParam('b', c.b, { min: 1, integer: true });
  numberParam('w', c.w, { min: 0, integer: true });
  booleanParam('reweight', c.reweight);
  numberParam('weightsThreshold', c.weightsThreshold);
  numberParam('alpha', c.alpha, { min: 0, max: 1, exclusiveMin: true });
  booleanParam('trend', c.trend);
  numberParam('pThresholdTrend', c.pThresholdTrend, { min: 0, max: 1 });
  if (!Array.isArray(c.limit54) || c.limit54.length !== 2 || !(c.limit54[0] >= 0) || !(c.limit54[1] > 0)) {
    throw new DetectionInputError('limit54', 'The limit54 arguments are out of bounds: cases >= 0 and period > 0.');
  }
  numberParam('limit54', c.limit54[1], { integer: true, min: 1 });
  choiceParam('powertrans', c.powertrans, ['2/3', '1/2', 'none'] as const);
  choiceParam('fitFun', c.fitFun, ['algo.farrington.fitGLM.flexible'] as const);
  booleanParam('populationOffset', c.populationOffset);
  numberParam('noPeriods', c.noPeriods, { min: 1, integer: true });
  if (c.pastWeeksNotIncluded != null) numberParam('pastWeeksNotIncluded', c.pastWeeksNotIncluded, { min: 0, integer: true });
  choiceParam('thresholdMethod', c.thresholdMethod, ['delta', 'nbPlugin', 'muan'] as const);
  return c;
}

/** Day numbers of a date-indexed series (R `sts@epoch` as dates). */
export function readDays(series: SurveillanceSeries, n: number): Float64Array {
  if (!series.dates || series.dates.length !== n) {
    throw new DetectionInputError('dates', `a date-indexed series needs one date per time point (${n})`);
  }
  const days = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = isoToDay(series.dates[i]!);
    if (Number.isNaN(d))
      throw new DetectionInputError('dates', `date at t=${i + 1} is not an ISO date: ${JSON.stringify(series.dates[i])}`);
    if (i > 0 && !(d > days[i - 1]!)) throw new DetectionInputError('dates', `dates must increase (t=${i + 1})`);
    days[i] = d;
  }
  return days;
}

/**
 * Runs farringtonFlexible on one series. Equivalent to R
 * `farringtonFlexible(sts, control = list(...))` with the same control names and defaults;
 * `range` is 1-based inclusive (default: from `freq·b + w + 1` to the end).
 *
 * @example
 * ```ts
 * const { points } = farringtonFlexible(series, { range: [264, 315], thresholdMethod: 'nbPlugin' });
 * points.filter((p) => p.alarm);
 * ```
 */
export function farringtonFlexible(series: SurveillanceSeries, control?: Partial<FarringtonFlexibleControl>): FarringtonFlexibleResult {
  const c = readControl(control);
  const observed = readCounts(series);
  const n = observed.length;
  const freq = series.frequency;
  const epochAsDate = series.epochAsDate === true;
  const unit: EpochUnit = epochUnitOf(freq, epochAsDate);
  const days = epochAsDate ? readDays(series, n) : null;
  const population = new Float64Array(n).fill(1);
  if (series.population != null) {
    if (series.population.length !== n)
      throw new DetectionInputError('population', `population has ${series.population.length} values but observed has ${n}`);
    for (let i = 0; i < n; i++) population[i] = series.population[i]!;
  }
  const logPopulation = c.populationOffset ? population.map(Math.log) : population;
  const defaultFirst = freq * c.b + c.w + 1;
  const [first, last] = resolveRange(n, c.range, c.range == null ? defaultFirst : 1, 'farringtonFlexible');
  const pastWeeksNotIncluded = c.pastWeeksNotIncluded ?? c.w;
  const factorsBool = c.noPeriods !== 1;
  const zAlpha = qnorm(1 - c.alpha);
  const typeLink = c.thresholdMethod !== 'delta';
  const overwritten = c.reweight;

  const fitter = new FarringtonFitter(c.b * (2 * c.w + 1) + 8, c.noPeriods);
  const factors = new Float64Array(n);
  const rowsIdx = new Int32Array(n);
  const refs = new Int32Array(c.b + 1);
  const levelSeen = new Uint8Array(c.noPeriods + 2);
  const levelIndex = new Int32Array(c.noPeriods + 2);
  const thr: ThresholdOut = { upper: 0, prob: 0, score: 0 };
  const points: FarringtonFlexiblePoint[] = [];

  for (let k = first; k <= last; k++) {
    // --- baseline data (R algo.farrington.data.glm) ---
    referenceTimePoints(k, c.b, freq, unit, days, refs);
    assignBlocks(factors, n, k, refs, c.b, c.w, c.noPeriods);
    for (let i = Math.max(1, k - pastWeeksNotIncluded); i <= k; i++) factors[i - 1] = Number.NaN;
    let nb = 0;
    levelSeen.fill(0);
    for (let i = Math.max(0, refs[c.b]! - c.w - 1); i < k; i++) {
      if (Number.isNaN(factors[i]!)) continue;
      rowsIdx[nb++] = i;
      levelSeen[factors[i]!] = 1;
    }
    // factor levels: sorted unique group values of the baseline (before dropping NA counts, as R)
    let nLevels = 0;
    for (let g = 0; g < levelSeen.length; g++) if (levelSeen[g]) levelIndex[g] = nLevels++;
    const firstDay = days ? days[rowsIdx[0]!]! : 0;
    const step = days ? days[1]! - days[0]! : 1;
    fitter.reserve(nb, Math.max(nLevels, 1));
    let m = 0;
    let maxResponse = Number.NEGATIVE_INFINITY;
    let firstKeptDay = Number.NaN;
    for (let r = 0; r < nb; r++) {
      const i = rowsIdx[r]!;
      const y = observed[i]!;
      if (Number.isNaN(y)) continue;
      if (Number.isNaN(firstKeptDay)) firstKeptDay = days ? days[i]! : i + 1;
      fitter.response[m] = y;
      fitter.wtime[m] = days ? (days[i]! - firstDay) / step : i + 1;
      if (c.populationOffset) fitter.logPopulation[m] = logPopulation[i]!;
      fitter.group[m] = factorsBool ? levelIndex[factors[i]!]! : 0;
      if (y > maxResponse) maxResponse = y;
      m++;
    }
    fitter.n = m;
    fitter.nGroupDummies = factorsBool ? nLevels - 1 : 0;
    fitter.useOffset = c.populationOffset;
    if (m === 0) throw new DetectionInputError('observed', `farringtonFlexible at t=${k}: no baseline counts`);
    const wtimeNew = days ? (days[k - 1]! - firstKeptDay) / step : k;
    const offsetNew = c.populationOffset ? logPopulation[k - 1]! : 0;
    const groupNew = factorsBool ? (levelSeen[c.noPeriods] ? levelIndex[c.noPeriods]! : -1) : 0;
    if (groupNew < 0)
      throw new DetectionInputError('noPeriods', `farringtonFlexible at t=${k}: the current seasonal group has no baseline data`);

    const yk = observed[k - 1]!;
    const point: FarringtonFlexiblePoint = {
      t: k,
      observed: yk,
      upperbound: null,
      alarm: null,
      expected: null,
      score: null,
      pvalue: null,
      trend: null,
      trendCoef: null,
      phi: null,
      mu0: null,
    };

    // --- model (R algo.farrington.glm) ---
    let ok = fitter.fit(c.trend, c.reweight, c.weightsThreshold, 'flexible');
    let doTrend = false;
    if (ok && fitter.hasTrend) {
      const disp = fitter.summaryDispersion(overwritten);
      fitter.predictLink(wtimeNew, groupNew, offsetNew);
      const fitResponse = Math.max(Math.exp(fitter.predEta), 2.220446049250313e-16);
      // summary.glm's t test; its p-value only matters when the other two conditions hold.
      if (c.b >= 3 && fitResponse <= maxResponse) {
        const tc = fitter.trendCoefficient();
        const tValue = tc.estimate / Math.sqrt(disp * tc.varUnscaled);
        doTrend = 2 * pt(-Math.abs(tValue), fitter.ws.dfResidual()) < c.pThresholdTrend;
      }
      if (!doTrend) ok = fitter.fit(false, c.reweight, c.weightsThreshold, 'flexible');
    }
    if (!ok) {
      points.push(point);
      continue;
    }
    const disp = fitter.summaryDispersion(overwritten);
    fitter.predictLink(wtimeNew, groupNew, offsetNew);
    const seLink = Math.sqrt(fitter.predVarUnscaled * disp);
    let predFit: number;
    let predSe: number;
    if (typeLink) {
      predFit = fitter.predEta;
      predSe = seLink;
    } else {
      predFit = Math.max(Math.exp(fitter.predEta), 2.220446049250313e-16);
      predSe = seLink * predFit;
    }
    const phi = fitter.phi;
    if (typeLink) thresholdNoufaily(predFit, predSe, phi, c.alpha, zAlpha, c.thresholdMethod as 'nbPlugin' | 'muan', yk, thr);
    else thresholdDelta(predFit, predSe, phi, c.powertrans, zAlpha, yk, thr);

    let recent = 0;
    for (let i = Math.max(1, k - c.limit54[1] + 1); i <= k; i++) recent += observed[i - 1]!;
    const enoughCases = recent >= c.limit54[0];
    const upperNa = Number.isNaN(thr.upper);
    point.upperbound = enoughCases && !upperNa ? finiteOrNull(thr.upper) : null;
    point.alarm = enoughCases && !Number.isNaN(thr.score) && thr.score > 1 && yk !== 0;
    if (Number.isNaN(recent)) {
      // R: enoughCases is NA, so X and the upper bound are NA and no alarm is raised.
      point.upperbound = null;
      point.alarm = false;
    }
    point.expected = !upperNa && enoughCases ? finiteOrNull(typeLink ? Math.exp(predFit) : predFit) : null;
    const mu0 = c.thresholdMethod === 'nbPlugin' ? Math.exp(predFit) : Math.exp(predFit + zAlpha * predSe);
    point.mu0 = finiteOrNull(mu0);
    point.phi = finiteOrNull(phi);
    point.score = finiteOrNull(thr.score);
    point.pvalue = finiteOrNull(thr.prob);
    point.trend = doTrend;
    point.trendCoef = doTrend ? fitter.ws.coef[1]! : null;
    points.push(point);
  }
  return { points };
}

/**
 * R's NA, NaN and ±Inf all become null (as in the reference JSON): `mu0` overflows to Inf for
 * large counts with "delta" (it is exp of a count), and a result must stay plain JSON.
 */
export function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * farrington: the original algorithm of Farrington, Andrews, Beale & Catchpole (1996),
 * "A statistical algorithm for the early detection of outbreaks of infectious disease",
 * JRSS A 159:547–563, as R `surveillance::farrington` / `algo.farrington` (surveillance 1.20.3).
 *
 * For each monitored time point t the counts of the b reference windows (w points either side of
 * the same point 1..b years earlier) are fitted by a quasi-Poisson log-linear model with a linear
 * trend, the trend being kept only when significant at 5 %, b ≥ 3 and the prediction does not
 * exceed the largest baseline count. The model is refitted with weights that down-weight points
 * whose Anscombe residual exceeds 1 (§3.3). The threshold is the upper limit of the two-sided
 * (1 − α) prediction interval from the 2/3-power transformation (eq. 3–4): (μ₀^(2/3) +
 * z_{1−α/2} · sqrt(4/9 μ₀^(1/3) (φ + se²/μ₀)))^(3/2). An alarm is raised when
 * (y − μ₀)/(U − μ₀) > 1 and at least `limit54[0]` cases fell in the last `limit54[1]` points;
 * otherwise the upper bound is reported as 0, as R does.
 */
import { pnorm, pt, qnorm } from '@outbreak/stats';
import { DetectionInputError } from '../errors.ts';
import { booleanParam, choiceParam, numberParam, readCounts, resolveRange } from '../series.ts';
import type { DetectionControl, DetectionPoint, DetectionResult, SurveillanceSeries } from '../types.ts';
import { FarringtonFitter, type FitVariant } from './farrington-glm.ts';
import { finiteOrNull, readDays, sortedUpper } from './farrington-flexible.ts';
import { epochUnitOf, refvalIdxByDate } from './reference-weeks.ts';

/** Control list of {@link farrington}; names and defaults as R `algo.farrington`. */
export interface FarringtonControl extends DetectionControl {
  /** number of past years used as reference (default 5) */
  b: number;
  /** half-width of the reference windows, in time points (default 3) */
  w: number;
  /** down-weight baseline points with Anscombe residual > 1 (default true) */
  reweight: boolean;
  /** kept for R compatibility; ignored */
  verbose: boolean;
  /** kept for R compatibility; ignored */
  plot: boolean;
  /** two-sided level of the prediction interval (default 0.05, i.e. z = qnorm(0.975)) */
  alpha: number;
  /** try a linear time trend (default true) */
  trend: boolean;
  /** [cases, periods]: alarms only when at least `cases` were counted in the last `periods` points (default [5, 4]) */
  limit54: readonly [number, number];
  /** power transformation: "2/3" (default), "1/2" or "none" */
  powertrans: '2/3' | '1/2' | 'none';
  /** GLM routine: "algo.farrington.fitGLM.fast" (default), "algo.farrington.fitGLM", "algo.farrington.fitGLM.populationOffset" */
  fitFun: 'algo.farrington.fitGLM.fast' | 'algo.farrington.fitGLM' | 'algo.farrington.fitGLM.populationOffset';
}

/** R's defaults (`formals(algo.farrington)$control`). */
export const FARRINGTON_DEFAULTS: FarringtonControl = {
  range: null,
  b: 5,
  w: 3,
  reweight: true,
  verbose: false,
  plot: false,
  alpha: 0.05,
  trend: true,
  limit54: [5, 4],
  powertrans: '2/3',
  fitFun: 'algo.farrington.fitGLM.fast',
};

/** One monitored point of {@link farrington}. */
export interface FarringtonPoint extends DetectionPoint {
  /** whether the time trend was kept */
  trend: boolean | null;
  /** lower-tail probability of y under the transformed normal (R `control$pd[, 1]`) */
  prob: number | null;
  /** median of the predictive distribution (R `control$pd[, 2]`) */
  median: number | null;
}

/** Result of {@link farrington}. */
export interface FarringtonResult extends DetectionResult {
  points: FarringtonPoint[];
}

const FIT_VARIANT: Record<FarringtonControl['fitFun'], FitVariant> = {
  'algo.farrington.fitGLM.fast': 'fast',
  'algo.farrington.fitGLM': 'glm',
  'algo.farrington.fitGLM.populationOffset': 'populationOffset',
};

function readControl(control: Partial<FarringtonControl> | undefined): FarringtonControl {
  const c = { ...FARRINGTON_DEFAULTS, ...(control ?? {}) } satisfies FarringtonControl;
  numberParam('b', c.b, { min: 1, integer: true });
  numberParam('w', c.w, { min: 0, integer: true });
  booleanParam('reweight', c.reweight);
  numberParam('alpha', c.alpha, { min: 0, max: 1, exclusiveMin: true });
  booleanParam('trend', c.trend);
  if (!Array.isArray(c.limit54) || c.limit54.length !== 2 || !(c.limit54[0] >= 0) || !(c.limit54[1] > 0)) {
    throw new DetectionInputError('limit54', 'The limit54 arguments are out of bounds: cases >= 0 and period > 0.');
  }
  numberParam('limit54', c.limit54[1], { integer: true, min: 1 });
  choiceParam('powertrans', c.powertrans, ['2/3', '1/2', 'none'] as const);
  choiceParam('fitFun', c.fitFun, Object.keys(FIT_VARIANT) as FarringtonControl['fitFun'][]);
  return c;
}

/**
 * Runs the 1996 Farrington algorithm on one series, as R `farrington(sts, control)`.
 * `range` is 1-based inclusive (default: from `freq·b − w` to the end; reference points before
 * the series start are dropped, as R does with a warning).
 *
 * @example
 * ```ts
 * const { points } = farrington(series, { range: [187, 290], b: 3, w: 3 });
 * points[0]; // { t: 187, observed, upperbound, alarm, trend, prob, median }
 * ```
 */
export function farrington(series: SurveillanceSeries, control?: Partial<FarringtonControl>): FarringtonResult {
  const c = readControl(control);
  const observed = readCounts(series);
  const n = observed.length;
  const freq = series.frequency;
  const epochAsDate = series.epochAsDate === true;
  const unit = epochUnitOf(freq, epochAsDate);
  const days = epochAsDate ? readDays(series, n) : null;
  const population = new Float64Array(n).fill(1);
  if (series.population != null) {
    if (series.population.length !== n)
      throw new DetectionInputError('population', `population has ${series.population.length} values but observed has ${n}`);
    for (let i = 0; i < n; i++) population[i] = series.population[i]!;
  }
  const [first, last] = resolveRange(n, c.range, c.range == null ? Math.max(1, freq * c.b - c.w) : 1, 'farrington');
  const variant = FIT_VARIANT[c.fitFun];
  const usesOffset = variant === 'populationOffset';
  const z = qnorm(1 - c.alpha / 2);
  const fitter = new FarringtonFitter(c.b * (2 * c.w + 1) + 8, 1);
  const points: FarringtonPoint[] = [];
  const idx: number[] = [];

  for (let k = first; k <= last; k++) {
    // Reference indices (1-based): R builds wtime for i = b..1, windows k − freq·i ± w.
    idx.length = 0;
    if (unit === 'none') {
      for (let i = c.b; i >= 1; i--) {
        for (let t = k - freq * i - c.w; t <= k - freq * i + c.w; t++) if (t > 0) idx.push(t);
      }
    } else {
      idx.push(...refvalIdxByDate(days![k - 1]!, c.b, c.w, unit, days!));
    }
    if (idx.length === 0)
      throw new DetectionInputError('range', `farrington at t=${k}: no reference values before this point; postpone 'range'`);
    fitter.reserve(idx.length, 1);
    let maxResponse = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < idx.length; r++) {
      const t = idx[r]!;
      const y = observed[t - 1]!;
      if (Number.isNaN(y)) throw new DetectionInputError('observed', `farrington at t=${k}: reference count at t=${t} is missing`);
      fitter.response[r] = y;
      fitter.wtime[r] = t;
      fitter.logPopulation[r] = Math.log(population[t - 1]!);
      if (y > maxResponse) maxResponse = y;
    }
    fitter.n = idx.length;
    fitter.nGroupDummies = 0;
    fitter.useOffset = usesOffset;

    let ok = fitter.fit(c.trend, c.reweight, 1, variant);
    if (!ok) return { points: allNa(observed, first, last) };
    let doTrend = c.trend;
    const offsetNew = Math.log(population[k - 1]!);
    if (fitter.hasTrend) {
      fitter.predictLink(k, 0, fitter.ws.useOffset ? offsetNew : 0);
      const mu0Hat = Math.max(Math.exp(fitter.predEta), 2.220446049250313e-16);
      // summary.glm's t test at the fixed 5 % level; only needed when the other conditions hold.
      let keep = false;
      if (c.b >= 3 && mu0Hat <= maxResponse) {
        const tc = fitter.trendCoefficient();
        const tValue = tc.estimate / Math.sqrt(fitter.summaryDispersion(false) * tc.varUnscaled);
        keep = 2 * pt(-Math.abs(tValue), fitter.ws.dfResidual()) < 0.05;
      }
      if (!keep) {
        doTrend = false;
        ok = fitter.fit(false, c.reweight, 1, variant);
        if (!ok) return { points: allNa(observed, first, last) };
      }
    } else {
      doTrend = false;
    }
    fitter.predictLink(k, 0, fitter.ws.useOffset ? offsetNew : 0);
    const phi = fitter.phi;
    const mu0 = Math.max(Math.exp(fitter.predEta), 2.220446049250313e-16);
    // predict.glm(..., dispersion = model$phi, type = "response", se.fit = TRUE)
    const seFit = Math.sqrt(fitter.predVarUnscaled * phi) * mu0;
    const lu = threshold1996(mu0, seFit, phi, c.powertrans, z, observed[k - 1]!);

    let recent = 0;
    for (let i = Math.max(1, k - c.limit54[1] + 1); i <= k; i++) recent += observed[i - 1]!;
    const yk = observed[k - 1]!;
    let upperbound: number | null;
    let alarm: boolean | null;
    if (Number.isNaN(recent)) {
      upperbound = null;
      alarm = null;
    } else if (recent >= c.limit54[0]) {
      const x = (yk - mu0) / (lu.upper - mu0);
      upperbound = finiteOrNull(lu.upper);
      alarm = Number.isNaN(x) ? null : x > 1;
    } else {
      upperbound = 0;
      alarm = false;
    }
    points.push({
      t: k,
      observed: yk,
      upperbound,
      alarm,
      trend: doTrend,
      prob: finiteOrNull(lu.prob),
      median: finiteOrNull(lu.median),
    });
  }
  return { points };
}

/**
 * R `algo.farrington.threshold(pred, phi, alpha, skewness.transform, y)`: the upper limit of the
 * two-sided interval on the transformed scale, the lower-tail probability of y and the median.
 */
export function threshold1996(
  mu0: number,
  seFit: number,
  phi: number,
  powertrans: '2/3' | '1/2' | 'none',
  z: number,
  y: number,
): { upper: number; prob: number; median: number } {
  const tau = phi + (seFit * seFit) / mu0;
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
  const upper = sortedUpper(Math.pow(center - z * se, 1 / exponent), Math.pow(center + z * se, 1 / exponent));
  const prob = pnorm(Math.pow(y, exponent), center, se);
  // qnorm(0.5, mean = center, sd = se) is `center` itself (R returns mu + sd * 0).
  const median = Math.pow(qnorm(0.5, center, se), 1 / exponent);
  return { upper, prob, median };
}

/** R returns NULL from algo.farrington when the fit fails: every monitored point is NA. */
function allNa(observed: Float64Array, first: number, last: number): FarringtonPoint[] {
  const out: FarringtonPoint[] = [];
  for (let k = first; k <= last; k++) {
    out.push({ t: k, observed: observed[k - 1]!, upperbound: null, alarm: null, trend: null, prob: null, median: null });
  }
  return out;
}

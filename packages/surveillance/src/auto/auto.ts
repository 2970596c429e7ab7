/**
 * `auto`: Outbreak Command's own detection method (issue 20) — a robust seasonal baseline with a short cumulative
 * sum of calibrated residuals. Not an R method: its quality is measured against every R method on the
 * detection-quality grid (docs/auto-method.md, `npm run bench -w @outbreak/surveillance -- --workloads auto`).
 *
 * At each monitored point t:
 * 1. Baseline: a quasi-Poisson log-linear model (intercept, linear trend kept when significant, `harmonics`
 *    seasonal harmonics, day-of-week effects for daily counts) fitted to the `b` years of counts that end `gap`
 *    points before t, with Farrington/Noufaily reweighting of outliers (past outbreaks) — see ./auto-model.ts.
 * 2. Residuals: for the last `window` points (t − window + 1 .. t, none of them in the fit) the mid-p quantile
 *    residual z_j of the count under a negative binomial with the fitted mean μ_j and variance φ·μ_j + μ_j²·Var(η̂_j)
 *    (the count's own variance plus the uncertainty of the fitted mean). Under the
 *    baseline each z_j is about N(0, 1), at any level of counts and any dispersion: one pair (k, h) holds the
 *    false-alarm rate of every series near the same level.
 * 3. Statistic: the windowed CUSUM S_t = max_{m ≤ window} Σ_{last m} (z_j − k). Alarm when S_t > h and the point
 *    itself is raised (z_t > zMin): two moderately raised weeks signal as one clearly raised week does, and a week
 *    back at baseline after an outbreak does not keep signalling.
 *
 * Outputs per point: `upperbound` = the smallest count at t that raises the alarm (given the earlier points of the
 * window; alarm ⇔ observed ≥ upperbound), `expected` = μ_t, `score` = z_t, `cusum` = S_t, `phi`, `trend` (kept?).
 *
 * @example
 * ```ts
 * const { points } = auto({ observed: weekly, frequency: 52, start: [2015, 1] }, { range: [577, 624] });
 * points.at(-1); // { t: 624, observed: 9, upperbound: 8, alarm: true, expected: 3.1, score: 2.4, cusum: 2.9, … }
 * ```
 */
import { DetectionInputError } from '../errors.ts';
import { booleanParam, numberParam, readCounts, resolveRange } from '../series.ts';
import type { DetectionControl, DetectionPoint, DetectionResult, SurveillanceSeries } from '../types.ts';
import {
  type BaselineDesign,
  BaselineScratch,
  Z_CAP,
  accumulate,
  fitBaseline,
  predictMean,
  predictionDispersion,
  quantileResidual,
  smallestAlarmingCount,
} from './auto-model.ts';

/** Control of {@link auto}. */
export interface AutoControl extends DetectionControl {
  /** years of history in the baseline fit (default 5; fewer are used when the series is shorter, at least 1) */
  b: number;
  /** points between the end of the fit and t, never fitted: the accumulation window and a margin (default 8) */
  gap: number;
  /** seasonal harmonic pairs (default 2: annual and semi-annual); 0 for none */
  harmonics: number;
  /** allow a linear trend (default true; kept only when significant at 5 %) */
  trend: boolean;
  /** day-of-week effects: "auto" (default) = for daily series (frequency 365), or true / false */
  weekday: boolean | 'auto';
  /** Anscombe residual above which a count of the history is down-weighted (default 2.58, as Noufaily) */
  weightsThreshold: number;
  /** points accumulated by the CUSUM, t included (default 3) */
  window: number;
  /** reference value subtracted from each residual (default 0.75) */
  k: number;
  /** decision limit on the statistic (default 1.54) */
  h: number;
  /** the point itself must have a residual above this (default 1) */
  zMin: number;
}

/** Defaults, chosen on half of the detection-quality grid (docs/auto-method.md "How it was tuned"). */
export const AUTO_DEFAULTS: Omit<AutoControl, 'range'> = {
  b: 5,
  gap: 8,
  harmonics: 2,
  trend: true,
  weekday: 'auto',
  weightsThreshold: 2.58,
  window: 3,
  k: 0.75,
  h: 1.54,
  zMin: 1,
};

/** Daily series: the baseline is refitted every this many days (see {@link auto}). */
export const REFIT_DAILY = 7;

/** One monitored point of {@link auto}. */
export interface AutoPoint extends DetectionPoint {
  /** fitted baseline mean μ_t; null when the baseline could not be fitted */
  expected: number | null;
  /** quantile residual z_t of the observed count */
  score: number | null;
  /** windowed CUSUM S_t */
  cusum: number | null;
  /** dispersion of the prediction at t: φ of the baseline plus μ·Var(η̂) (variance = phi·μ) */
  phi: number | null;
  /** whether the linear trend was kept */
  trend: boolean | null;
}

export interface AutoResult extends DetectionResult {
  points: AutoPoint[];
}

function readControl(control: Partial<AutoControl> | undefined): AutoControl {
  const c = { ...AUTO_DEFAULTS, ...(control ?? {}) } as AutoControl;
  numberParam('b', c.b, { min: 1, max: 20, integer: true });
  numberParam('gap', c.gap, { min: 1, max: 104, integer: true });
  numberParam('harmonics', c.harmonics, { min: 0, max: 4, integer: true });
  booleanParam('trend', c.trend);
  if (c.weekday !== 'auto') booleanParam('weekday', c.weekday);
  numberParam('weightsThreshold', c.weightsThreshold, { min: 0, exclusiveMin: true });
  numberParam('window', c.window, { min: 1, max: 26, integer: true });
  numberParam('k', c.k, { min: 0, max: 5 });
  numberParam('h', c.h, { min: 0, max: 20 });
  numberParam('zMin', c.zMin, { min: -Z_CAP, max: Z_CAP });
  if (c.window > c.gap) {
    throw new DetectionInputError(
      'window',
      `window (${c.window}) must not exceed gap (${c.gap}): the window's points must stay out of the fit`,
    );
  }
  return c;
}

/**
 * Runs `auto` over the monitored range. The first point with enough history is one year (`frequency` points) plus
 * `gap` after the start; `b` years are used when available.
 *
 * @throws DetectionInputError for invalid counts or parameters, or a range that starts too early.
 */
export function auto(series: SurveillanceSeries, control?: Partial<AutoControl>): AutoResult {
  const c = readControl(control);
  const y = readCounts(series);
  const freq = numberParam('frequency', series.frequency, { min: 1, integer: true });
  const weekday = c.weekday === 'auto' ? freq === 365 : c.weekday;
  const design: BaselineDesign = { frequency: freq, harmonics: Math.min(c.harmonics, Math.floor((freq - 1) / 2)), trend: c.trend, weekday };
  const minFirst = freq + c.gap + 1;
  const [first, last] = resolveRange(y.length, c.range, minFirst, 'auto');
  const history = c.b * freq;
  const scratch = new BaselineScratch();
  const row = new Float64Array(32);
  const z = new Float64Array(c.window);
  const mus = new Float64Array(c.window);
  const phis = new Float64Array(c.window);
  const points: AutoPoint[] = [];
  // Daily series refit once a week: the fit ends on a multiple of REFIT_DAILY counted from the start of the series
  // (not of the range), so a point's result does not depend on the range it is run in, and a year of daily points
  // costs 53 fits instead of 365. The baseline then ends `gap` to `gap + 6` days before t.
  const refitEvery = freq === 365 ? REFIT_DAILY : 1;
  let lastTo = Number.NaN;
  let fit: ReturnType<typeof fitBaseline> = null;
  for (let t = first; t <= last; t++) {
    const observed = y[t - 1]!;
    const to = Math.floor((t - c.gap) / refitEvery) * refitEvery - 1; // 0-based last fitted index
    if (to !== lastTo) {
      fit = fitBaseline(y, Math.max(0, to - history + 1), to, design, c.weightsThreshold, scratch);
      lastTo = to;
    }
    if (!fit) {
      points.push({ t, observed, upperbound: null, alarm: null, expected: null, score: null, cusum: null, phi: null, trend: null });
      continue;
    }
    const m = Math.min(c.window, t);
    for (let j = 0; j < m; j++) {
      const tj = t - m + 1 + j;
      mus[j] = predictMean(fit, design, tj, row);
      phis[j] = predictionDispersion(fit, design, tj, mus[j]!, row);
      z[j] = quantileResidual(y[tj - 1]!, mus[j]!, phis[j]!);
    }
    const zs = z.subarray(0, m);
    const { statistic, carry } = accumulate(zs, c.k);
    const mu = mus[m - 1]!;
    const zStar = Math.max(c.h + c.k - carry, c.zMin);
    const upperbound = smallestAlarmingCount(zStar, mu, phis[m - 1]!);
    const zt = zs[m - 1]!;
    points.push({
      t,
      observed,
      upperbound: Number.isFinite(upperbound) ? upperbound : null,
      alarm: Number.isNaN(observed) ? null : statistic > c.h && zt > c.zMin,
      expected: mu,
      score: Number.isNaN(zt) ? null : zt,
      cusum: Number.isNaN(observed) ? null : statistic,
      phi: phis[m - 1]!,
      trend: fit.trend,
    });
  }
  return { points };
}

/**
 * CIDARS moving percentile method (MPM), the method China's national automated early-warning
 * system uses for common notifiable diseases at county level.
 *
 * Yang W, Li Z, Lan Y et al. (2011). A nationwide web-based automated system for outbreak early
 * detection and rapid response in China. Western Pac Surveill Response J 2(1):10–15.
 * Li Z, Lai S, Zhang H et al. (2014). Hand, foot and mouth disease in China: evaluating an
 * automated system for the detection of outbreaks. Bull WHO 92:656–663.
 *
 * Definitions (this implementation; R has no counterpart):
 * - period: for a daily series (frequency 365) the `periodLength` days ending at t (default 7,
 *   moved daily); otherwise the time point t itself (a week for weekly data, a month for monthly).
 * - observed = the sum of the counts in the current period.
 * - "the same period in year t − y" (y = 1..years):
 *   - daily series: the period ending on the same calendar date y years earlier (29 February →
 *     28 February when that year is not a leap year); the calendar comes from `dates` or, for an
 *     index-based daily series, from `start = [year, dayOfYear]`;
 *   - date-indexed weekly series: the week whose date is nearest to the same calendar date y years
 *     earlier;
 *   - index-based weekly or monthly series: the time point t − y·frequency (R's convention).
 * - baseline = that period and the `halfWindow` periods on either side of it, shifted by whole
 *   periods (7 days for the daily 7-day period, one week / month otherwise), in each of the
 *   `years` previous years: years·(2·halfWindow + 1) period sums (15 with the defaults).
 * - threshold (`upperbound`) = quantile `p` of the baseline sums, R `quantile(x, p, type = 7)`.
 * - alarm when observed > threshold and observed ≥ minCount. A missing count (NaN) in the current
 *   or a baseline period gives NA (`null`).
 */
import { quantileType7 } from '@outbreak/stats';
import { DetectionInputError } from '../errors.ts';
import { numberParam, readCounts, resolveRange, sameDateYearsBefore, seriesDays } from '../series.ts';
import type { DetectionControl, DetectionPoint, DetectionResult, SurveillanceSeries } from '../types.ts';

/** Control list of the moving percentile method. */
export interface MpmControl extends DetectionControl {
  /** number of previous years in the baseline (default 3) */
  years: number;
  /** neighbouring periods on each side of the same period in previous years (default 2) */
  halfWindow: number;
  /** percentile of the baseline used as threshold, in (0, 1] (default 0.8 = P80) */
  p: number;
  /** smallest observed period count that may raise an alarm (default 1) */
  minCount: number;
  /** daily series only: days in the moving period (default 7) */
  periodLength: number;
}

/** Defaults of the moving percentile method (CIDARS practice: 5 periods × 3 years, P80). */
export const MPM_DEFAULTS = { years: 3, halfWindow: 2, p: 0.8, minCount: 1, periodLength: 7 } as const satisfies Partial<MpmControl>;

/**
 * Where the baseline periods of every monitored point lie: `ends[k·B + j]` is the 0-based index of
 * the last time point of baseline period j of monitored point first + k (B = `perPoint`).
 * Computed once per calendar, so a batch of series sharing it pays nothing per series.
 */
export interface MpmPlan {
  first: number;
  last: number;
  /** time points per period (summed) */
  periodLength: number;
  /** baseline periods per monitored point */
  perPoint: number;
  ends: Int32Array;
  p: number;
  minCount: number;
}

interface Calendar {
  daily: boolean;
  days: Int32Array | null;
  frequency: number;
}

function calendarOf(series: SurveillanceSeries, n: number): Calendar {
  const frequency = series.frequency;
  if (frequency === 365) {
    const days = seriesDays(series, n, 1);
    if (!days)
      throw new DetectionInputError('start', 'a daily series needs dates or start = [year, dayOfYear] for the moving percentile method');
    return { daily: true, days, frequency };
  }
  if (frequency === 52 && series.dates && series.dates.length > 0) {
    return { daily: false, days: seriesDays(series, n, 7), frequency };
  }
  if (!Number.isInteger(frequency) || frequency < 1) {
    throw new DetectionInputError('frequency', `frequency must be a positive integer, not ${frequency}`);
  }
  return { daily: false, days: null, frequency };
}

/**
 * Fills `ends` for monitored point t0 (0-based); returns false when a baseline period would start
 * before the first time point.
 */
function baselineEnds(cal: Calendar, t0: number, years: number, halfWindow: number, L: number, ends: Int32Array, offset: number): boolean {
  let j = offset;
  for (let y = 1; y <= years; y++) {
    let centre: number;
    if (cal.days && cal.daily) {
      centre = t0 + (sameDateYearsBefore(cal.days[t0], y) - cal.days[t0]);
    } else if (cal.days) {
      centre = t0 + Math.round((sameDateYearsBefore(cal.days[t0], y) - cal.days[t0]) / 7);
    } else {
      centre = t0 - y * cal.frequency;
    }
    for (let s = -halfWindow; s <= halfWindow; s++) {
      const end = centre + s * L;
      if (end - L + 1 < 0) return false;
      ends[j++] = end;
    }
  }
  return true;
}

/** Validates the control and plans the baseline periods of every monitored point of `series`. */
export function planMpm(series: SurveillanceSeries, n: number, control: Partial<MpmControl> = {}): MpmPlan {
  const years = numberParam('years', control.years ?? MPM_DEFAULTS.years, { integer: true, min: 1 });
  const halfWindow = numberParam('halfWindow', control.halfWindow ?? MPM_DEFAULTS.halfWindow, { integer: true, min: 0 });
  const p = numberParam('p', control.p ?? MPM_DEFAULTS.p, { min: 0, max: 1 });
  const minCount = numberParam('minCount', control.minCount ?? MPM_DEFAULTS.minCount, { min: 0 });
  const cal = calendarOf(series, n);
  const L = cal.daily ? numberParam('periodLength', control.periodLength ?? MPM_DEFAULTS.periodLength, { integer: true, min: 1 }) : 1;
  // Neighbouring periods must stay in the past year, otherwise "previous years" would overlap t.
  const periodsPerYear = cal.daily ? Math.floor(365 / L) : cal.frequency;
  if (2 * halfWindow + 1 > periodsPerYear) {
    throw new DetectionInputError('halfWindow', `halfWindow ${halfWindow} spans more than a year of periods`);
  }
  const perPoint = years * (2 * halfWindow + 1);
  const probe = new Int32Array(perPoint);
  let minFirst = n + 1;
  for (let t0 = 0; t0 < n; t0++) {
    if (t0 - L + 1 >= 0 && baselineEnds(cal, t0, years, halfWindow, L, probe, 0)) {
      minFirst = t0 + 1;
      break;
    }
  }
  const [first, last] = resolveRange(n, control.range, minFirst, 'mpm');
  const ends = new Int32Array((last - first + 1) * perPoint);
  for (let t = first; t <= last; t++) {
    // After minFirst the baseline always lies inside the series (the calendar only moves forward).
    if (!baselineEnds(cal, t - 1, years, halfWindow, L, ends, (t - first) * perPoint)) {
      throw new DetectionInputError('range', `mpm: the baseline of t=${t} starts before the first time point`);
    }
  }
  return { first, last, periodLength: L, perPoint, ends, p, minCount };
}

function periodSum(y: ArrayLike<number>, end: number, L: number): number {
  let s = 0;
  for (let i = end - L + 1; i <= end; i++) s += y[i];
  return s;
}

/**
 * The MPM kernel: evaluates monitored point first + k of `y` under `plan`, writing the period sum,
 * the threshold and the alarm (1, 0, or 255 = NA) into the outputs at index `k`. `scratch` holds
 * `plan.perPoint` values; nothing is allocated.
 */
export function mpmPointInto(
  y: ArrayLike<number>,
  plan: MpmPlan,
  k: number,
  scratch: Float64Array,
  observed: Float64Array,
  upperbound: Float64Array,
  alarm: Uint8Array,
): void {
  const L = plan.periodLength;
  const B = plan.perPoint;
  const t0 = plan.first - 1 + k;
  const obs = periodSum(y, t0, L);
  let missing = Number.isNaN(obs);
  for (let j = 0; j < B; j++) {
    const v = periodSum(y, plan.ends[k * B + j], L);
    if (Number.isNaN(v)) missing = true;
    scratch[j] = v;
  }
  observed[k] = obs;
  if (missing) {
    upperbound[k] = Number.NaN;
    alarm[k] = 255;
    return;
  }
  const threshold = quantileType7(scratch.subarray(0, B), plan.p);
  upperbound[k] = threshold;
  alarm[k] = obs > threshold && obs >= plan.minCount ? 1 : 0;
}

/**
 * The moving percentile method on one series. Default range: every point whose baseline lies
 * inside the series (for a daily series with the defaults, from 3 years + 14 days + 6 days on).
 * Each point's `observed` is the period sum.
 *
 * @example
 * ```ts
 * // weekly counts, 4 years; monitor the last week against P80 of 5 weeks × 3 years
 * mpm({ observed: counts, frequency: 52, start: [2021, 1] }, { range: [208, 208] })
 * ```
 */
export function mpm(series: SurveillanceSeries, control: Partial<MpmControl> = {}): DetectionResult {
  const y = readCounts(series);
  const plan = planMpm(series, y.length, control);
  const count = plan.last - plan.first + 1;
  const scratch = new Float64Array(plan.perPoint);
  const observed = new Float64Array(count);
  const upperbound = new Float64Array(count);
  const alarm = new Uint8Array(count);
  const points: DetectionPoint[] = new Array(count);
  for (let k = 0; k < count; k++) {
    mpmPointInto(y, plan, k, scratch, observed, upperbound, alarm);
    points[k] = {
      t: plan.first + k,
      observed: Number.isNaN(observed[k]) ? Number.NaN : observed[k],
      upperbound: Number.isNaN(upperbound[k]) ? null : upperbound[k],
      alarm: alarm[k] === 255 ? null : alarm[k] === 1,
    };
  }
  return { points };
}

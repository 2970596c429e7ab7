/**
 * CIDARS fixed-threshold method: for rare, severe diseases (plague, cholera, SARS, polio, human
 * H5N1 …) a single case is a signal. Yang W et al. (2011), Western Pac Surveill Response J 2(1):10–15.
 *
 * observed = the count summed over the `period` time points ending at t (default 1: the time point
 * itself); alarm when observed ≥ k. `upperbound` is k: unlike the statistical methods, the alarm
 * condition is "observed reaches upperbound" (≥), not "exceeds" (>).
 */
import { numberParam, readCounts, resolveRange } from '../series.ts';
import type { DetectionControl, DetectionPoint, DetectionResult, SurveillanceSeries } from '../types.ts';

/** Control list of the fixed-threshold method. */
export interface FixedThresholdControl extends DetectionControl {
  /** number of cases in the period that raises a signal (default 1) */
  k: number;
  /** time points summed into the period ending at t (default 1) */
  period: number;
}

/** Defaults of the fixed-threshold method. */
export const FIXED_THRESHOLD_DEFAULTS = { k: 1, period: 1 } as const satisfies Partial<FixedThresholdControl>;

/** Fixed threshold on one series. Default range: `period..n` (every point with a full period). */
export function fixedThreshold(series: SurveillanceSeries, control: Partial<FixedThresholdControl> = {}): DetectionResult {
  const k = numberParam('k', control.k ?? FIXED_THRESHOLD_DEFAULTS.k, { min: 0, exclusiveMin: true });
  const period = numberParam('period', control.period ?? FIXED_THRESHOLD_DEFAULTS.period, { integer: true, min: 1 });
  const y = readCounts(series);
  const [first, last] = resolveRange(y.length, control.range, period, 'fixed-threshold');
  const points: DetectionPoint[] = [];
  for (let t = first; t <= last; t++) {
    let obs = 0;
    for (let i = t - period; i < t; i++) obs += y[i];
    points.push({ t, observed: obs, upperbound: k, alarm: Number.isNaN(obs) ? null : obs >= k });
  }
  return { points };
}

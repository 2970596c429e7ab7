/**
 * The reference values shared by R's `algo.rkiLatestTimepoint` and `algo.bayesLatestTimepoint`:
 * the `w` points before t in the current year (when `actY`), plus the windows t − i·freq − w ..
 * t − i·freq + w in each of the `b` previous years (years = `freq` time points, as R counts them,
 * also for date-indexed series).
 */
import { DetectionInputError } from '../errors.ts';
import { booleanParam, numberParam } from '../series.ts';

/** The `b`, `w`, `actY` part of the RKI and Bayes control lists. */
export interface ReferenceWindow {
  /** number of previous years (default 0 for rki1/bayes, 1 for rki2, 2 for rki3) */
  b: number;
  /** half-width of the window, in time points (default 6 for rki1/rki2/bayes, 4 for rki3) */
  w: number;
  /** include the `w` time points just before t of the current year (default true; rki3: false) */
  actY: boolean;
}

/** Validates `b`, `w`, `actY`. */
export function referenceWindow(control: { b?: unknown; w?: unknown; actY?: unknown }, defaults: ReferenceWindow): ReferenceWindow {
  const b = numberParam('b', control.b ?? defaults.b, { integer: true, min: 0 });
  const w = numberParam('w', control.w ?? defaults.w, { integer: true, min: 0 });
  const actY = booleanParam('actY', control.actY ?? defaults.actY);
  // R's (t - w):(t - 1) with w = 0 would run backwards over t and t - 1; refuse it instead of copying that.
  if (actY && w < 1) throw new DetectionInputError('w', 'w must be at least 1 when actY is true');
  if (!actY && b === 0) throw new DetectionInputError('b', 'with actY false, b must be at least 1 (no reference values otherwise)');
  return { b, w, actY };
}

/** First time point with a full reference window: R stops when t − b·freq − w < 1. */
export function referenceMinFirst(win: ReferenceWindow, freq: number): number {
  return win.b * freq + win.w + 1;
}

/** Number of reference values at every time point. */
export function referenceLength(win: ReferenceWindow): number {
  return (win.actY ? win.w : 0) + win.b * (2 * win.w + 1);
}

/**
 * Calls `visit(value)` for each reference value of time point `t` (1-based) of `y`, in R's order.
 * The caller has checked that t ≥ {@link referenceMinFirst}.
 */
export function forEachReferenceValue(
  y: Float64Array,
  t: number,
  win: ReferenceWindow,
  freq: number,
  visit: (value: number) => void,
): void {
  const t0 = t - 1;
  if (win.actY) for (let i = t0 - win.w; i < t0; i++) visit(y[i]);
  for (let year = 1; year <= win.b; year++) {
    const centre = t0 - year * freq;
    for (let i = centre - win.w; i <= centre + win.w; i++) visit(y[i]);
  }
}

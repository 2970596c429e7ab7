/**
 * The RKI algorithms (Robert Koch Institute), as R `surveillance::rki` / `algo.rki`, `algo.rki1`,
 * `algo.rki2`, `algo.rki3`.
 *
 * Altmann D (2003). The surveillance system of the Robert Koch Institute, Germany. Talk; described
 * in Höhle M (2007), surveillance: An R package for the monitoring of infectious diseases,
 * Computational Statistics 22(4):571–582.
 *
 * Reference values as in {@link forEachReferenceValue}; with their mean mu:
 * - mu > 20: upperbound = mu + 2·sd (sample sd), a normal approximation;
 * - mu ≤ 20: upperbound = `CIdata[floor(mu) + 1, "O"]`, the tabulated upper limit ({@link RKI_CI_TABLE}).
 * Alarm when y[t] > upperbound.
 *
 * rki1 = (b 0, w 6, actY true), rki2 = (b 1, w 6, actY true), rki3 = (b 2, w 4, actY false);
 * `rki` itself defaults to rki3's settings, as R's `algo.rki`.
 */
import { readCounts, resolveRange } from '../series.ts';
import type { DetectionControl, DetectionPoint, DetectionResult, SurveillanceSeries } from '../types.ts';
import { type ReferenceWindow, forEachReferenceValue, referenceLength, referenceMinFirst, referenceWindow } from './reference-values.ts';
import { RKI_CI_TABLE } from './rki-table.ts';

/** Control list of R `rki(sts, control = list(range, b, w, actY))`. */
export interface RkiControl extends DetectionControl, ReferenceWindow {}

/** R `algo.rki` defaults (the same as rki3). */
export const RKI_DEFAULTS = { b: 2, w: 4, actY: false } as const satisfies ReferenceWindow;
/** Settings fixed by R `algo.rki1`. */
export const RKI1_SETTINGS = { b: 0, w: 6, actY: true } as const satisfies ReferenceWindow;
/** Settings fixed by R `algo.rki2`. */
export const RKI2_SETTINGS = { b: 1, w: 6, actY: true } as const satisfies ReferenceWindow;
/** Settings fixed by R `algo.rki3`. */
export const RKI3_SETTINGS = { b: 2, w: 4, actY: false } as const satisfies ReferenceWindow;

/** The RKI upper limit for a baseline (reference values already collected in `ref`). */
function rkiUpperbound(ref: Float64Array): number {
  const n = ref.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += ref[i];
  const mu = sum / n;
  if (Number.isNaN(mu)) return Number.NaN;
  if (mu > 20) {
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const d = ref[i] - mu;
      ss += d * d;
    }
    return mu + 2 * Math.sqrt(ss / (n - 1));
  }
  return RKI_CI_TABLE.O[Math.floor(mu)];
}

/**
 * The RKI algorithm with free `b`, `w`, `actY` (R `algo.rki`). Default range: every point with a
 * full reference window, `(b·freq + w + 1):n`.
 */
export function rki(series: SurveillanceSeries, control: Partial<RkiControl> = {}): DetectionResult {
  const win = referenceWindow(control, RKI_DEFAULTS);
  const y = readCounts(series);
  const freq = series.frequency;
  const [first, last] = resolveRange(y.length, control.range, referenceMinFirst(win, freq), 'rki');
  const ref = new Float64Array(referenceLength(win));
  const points: DetectionPoint[] = [];
  for (let t = first; t <= last; t++) {
    let j = 0;
    forEachReferenceValue(y, t, win, freq, (v) => {
      ref[j++] = v;
    });
    const ub = rkiUpperbound(ref);
    const obs = y[t - 1];
    const na = Number.isNaN(ub) || Number.isNaN(obs);
    points.push({ t, observed: obs, upperbound: Number.isNaN(ub) ? null : ub, alarm: na ? null : obs > ub });
  }
  return { points };
}

/** R `algo.rki1`: b = 0, w = 6, actY = TRUE (only `range` is read from the control). */
export function rki1(series: SurveillanceSeries, control: Partial<DetectionControl> = {}): DetectionResult {
  return rki(series, { range: control.range, ...RKI1_SETTINGS });
}

/** R `algo.rki2`: b = 1, w = 6, actY = TRUE. */
export function rki2(series: SurveillanceSeries, control: Partial<DetectionControl> = {}): DetectionResult {
  return rki(series, { range: control.range, ...RKI2_SETTINGS });
}

/** R `algo.rki3`: b = 2, w = 4, actY = FALSE. */
export function rki3(series: SurveillanceSeries, control: Partial<DetectionControl> = {}): DetectionResult {
  return rki(series, { range: control.range, ...RKI3_SETTINGS });
}

/**
 * The Bayes system, as R `surveillance::bayes` / `algo.bayes`.
 *
 * Riebler A (2004). Empirischer Vergleich von statistischen Methoden zur Ausbruchserkennung bei
 * Surveillance Daten. Bachelor's thesis, LMU München. Described in Höhle M (2007), surveillance:
 * An R package for the monitoring of infectious diseases, Computational Statistics 22(4):571–582.
 *
 * With the n non-missing reference values (the same windows as the RKI methods, see
 * {@link forEachReferenceValue}) summing to S, a Poisson count with the Jeffreys-type Gamma(S + ½, n)
 * posterior on its mean has a negative binomial predictive distribution; the threshold is its
 * (1 − alpha) quantile: upperbound = qnbinom(1 − alpha, size = S + ½, prob = n/(n + 1)).
 * Alarm when y[t] > upperbound.
 */
import { qnbinom } from '@outbreak/stats';
import { numberParam, readCounts, resolveRange } from '../series.ts';
import type { DetectionControl, DetectionPoint, DetectionResult, SurveillanceSeries } from '../types.ts';
import { type ReferenceWindow, forEachReferenceValue, referenceMinFirst, referenceWindow } from '../rki/reference-values.ts';

/** Control list of R `bayes(sts, control = list(range, b, w, actY, alpha))`. */
export interface BayesControl extends DetectionControl, ReferenceWindow {
  /** one-sided level of the predictive quantile (default 0.05) */
  alpha: number;
}

/** R `algo.bayes` defaults. */
export const BAYES_DEFAULTS = { b: 0, w: 6, actY: true, alpha: 0.05 } as const satisfies Partial<BayesControl>;

/** Bayes on one series. Default range: every point with a full reference window, `(b·freq + w + 1):n`. */
export function bayes(series: SurveillanceSeries, control: Partial<BayesControl> = {}): DetectionResult {
  const win = referenceWindow(control, BAYES_DEFAULTS);
  const alpha = numberParam('alpha', control.alpha ?? BAYES_DEFAULTS.alpha, { min: 0, max: 1, exclusiveMin: true });
  const y = readCounts(series);
  const freq = series.frequency;
  const [first, last] = resolveRange(y.length, control.range, referenceMinFirst(win, freq), 'bayes');
  const points: DetectionPoint[] = [];
  let sum = 0;
  let len = 0;
  const visit = (v: number) => {
    // R: sum(basevec, na.rm = TRUE) and the number of non-missing values
    if (!Number.isNaN(v)) {
      sum += v;
      len++;
    }
  };
  for (let t = first; t <= last; t++) {
    sum = 0;
    len = 0;
    forEachReferenceValue(y, t, win, freq, visit);
    const ub = qnbinom(1 - alpha, sum + 0.5, { prob: len / (len + 1) });
    const obs = y[t - 1];
    const na = Number.isNaN(ub) || Number.isNaN(obs);
    points.push({ t, observed: obs, upperbound: Number.isNaN(ub) ? null : ub, alarm: na ? null : obs > ub });
  }
  return { points };
}

/**
 * Detection-quality metrics of an algorithm on series with known outbreaks, as used to compare
 * methods and tune them per disease and district: false-positive rate, probability of detection
 * (any week / first week), sensitivity, specificity, positive predictive value and F1.
 *
 * Noufaily A et al. (2013), Stat Med 32:1206–1222 (FPR, POD); Bédubourg G, Le Strat Y (2017),
 * Evaluation and comparison of statistical methods for early temporal detection of outbreaks,
 * PLoS One 12:e0181227 (sensitivity, specificity, PPV, F1). Definitions as in
 * test/reference/quality/README.md, whose `metrics.csv` these functions reproduce.
 */

/** One evaluated series: alarms and outbreak case counts over the same evaluation window. */
export interface EvaluatedSeries {
  /** alarm per week of the window; `null` (NA) counts as no alarm */
  alarm: ArrayLike<boolean | null>;
  /** outbreak cases per week of the window; > 0 marks an outbreak week */
  outbreak: ArrayLike<number>;
}

/** Metrics pooled over a set of series; a ratio with a zero denominator is `null`. */
export interface DetectionMetrics {
  /** FP / (FP + TN) */
  FPR: number | null;
  /** outbreaks with an alarm in at least one of their weeks / outbreaks */
  POD: number | null;
  /** outbreaks with an alarm in their first week / outbreaks */
  POD1: number | null;
  /** TP / (TP + FN) */
  sens: number | null;
  /** TN / (FP + TN) */
  spec: number | null;
  /** TP / (TP + FP); null without any alarm */
  PPV: number | null;
  /** 2·PPV·sens / (PPV + sens); null when PPV is null or both are 0 */
  F1: number | null;
  nSeries: number;
  /** maximal runs of consecutive outbreak weeks inside the window */
  nOutbreaks: number;
  nOutbreakWeeks: number;
  nNonOutbreakWeeks: number;
  /** NA alarms (counted as no alarm) */
  nNaAlarm: number;
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/**
 * Pools the counts over `series` (each the evaluation window of one series) and computes the
 * metrics. Series whose algorithm failed should be left out by the caller.
 *
 * @example
 * ```ts
 * detectionMetrics([{ alarm: [false, true, true, false], outbreak: [0, 3, 1, 0] }]);
 * // { FPR: 0, POD: 1, POD1: 1, sens: 1, spec: 1, PPV: 1, F1: 1, nOutbreaks: 1, … }
 * ```
 */
export function detectionMetrics(series: Iterable<EvaluatedSeries>): DetectionMetrics {
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tn = 0;
  let outbreaks = 0;
  let detected = 0;
  let detectedFirst = 0;
  let na = 0;
  let n = 0;
  for (const s of series) {
    n++;
    const len = s.outbreak.length;
    if (s.alarm.length !== len) throw new Error(`alarm has ${s.alarm.length} weeks but outbreak has ${len}`);
    let inOutbreak = false;
    let runHasAlarm = false;
    for (let i = 0; i < len; i++) {
      const a = s.alarm[i];
      if (a === null) na++;
      const alarm = a === true;
      if (s.outbreak[i] > 0) {
        if (alarm) tp++;
        else fn++;
        if (!inOutbreak) {
          outbreaks++;
          inOutbreak = true;
          runHasAlarm = false;
          if (alarm) detectedFirst++;
        }
        if (alarm && !runHasAlarm) {
          runHasAlarm = true;
          detected++;
        }
      } else {
        if (alarm) fp++;
        else tn++;
        inOutbreak = false;
      }
    }
  }
  const sens = ratio(tp, tp + fn);
  const PPV = ratio(tp, tp + fp);
  const F1 = PPV === null || sens === null || PPV + sens === 0 ? null : (2 * PPV * sens) / (PPV + sens);
  return {
    FPR: ratio(fp, fp + tn),
    POD: ratio(detected, outbreaks),
    POD1: ratio(detectedFirst, outbreaks),
    sens,
    spec: ratio(tn, fp + tn),
    PPV,
    F1,
    nSeries: n,
    nOutbreaks: outbreaks,
    nOutbreakWeeks: tp + fn,
    nNonOutbreakWeeks: fp + tn,
    nNaAlarm: na,
  };
}

/** Metric names averaged by {@link averageMetrics}. */
const RATES = ['FPR', 'POD', 'POD1', 'sens', 'spec', 'PPV', 'F1'] as const;

/**
 * The "ALL" row of several scenarios: the unweighted mean of each rate over the scenarios where it
 * is defined, and the counts summed.
 */
export function averageMetrics(perScenario: readonly DetectionMetrics[]): DetectionMetrics {
  const out: DetectionMetrics = {
    FPR: null,
    POD: null,
    POD1: null,
    sens: null,
    spec: null,
    PPV: null,
    F1: null,
    nSeries: 0,
    nOutbreaks: 0,
    nOutbreakWeeks: 0,
    nNonOutbreakWeeks: 0,
    nNaAlarm: 0,
  };
  for (const key of RATES) {
    const values = perScenario.map((m) => m[key]).filter((v): v is number => v !== null);
    out[key] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  }
  for (const m of perScenario) {
    out.nSeries += m.nSeries;
    out.nOutbreaks += m.nOutbreaks;
    out.nOutbreakWeeks += m.nOutbreakWeeks;
    out.nNonOutbreakWeeks += m.nNonOutbreakWeeks;
    out.nNaAlarm += m.nNaAlarm;
  }
  return out;
}

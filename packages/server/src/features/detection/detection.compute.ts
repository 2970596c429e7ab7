/**
 * The arithmetic of a detection run, without I/O: runs one method over many series that share a calendar and
 * says why each monitored point alarmed (the baseline values behind the threshold). Runs in a worker thread
 * (detection.worker.ts) during runs and back-tests, and in the calling thread for small jobs and tests; the
 * result is the same either way because it is the same function.
 */
import { quantileType7 } from '@outbreak/stats';
import { DetectionInputError, type MpmPlan, findMethod, mpmPointInto, planMpm, type SurveillanceSeries } from '@outbreak/surveillance';
import { PROPORTION_METHODS, type SeriesFrequency, isoDates, methodInfo } from './detection.methods.ts';

/** Many series of one method on one calendar (e.g. every township of one disease for one day). */
export interface ComputeGroup {
  method: string;
  params: Record<string, unknown>;
  frequency: SeriesFrequency;
  /** ISO date of the last time point (a day, or the first day of the last week) */
  end: string;
  /** time points in every series */
  n: number;
  /** monitored points, 1-based inclusive */
  first: number;
  last: number;
  /** build the explanation of the last point (daily runs); back-tests only need the points */
  explain: boolean;
  /**
   * A proportion feed (ILI share): every series has `denominators`, and the method watches the share in percent
   * (see computeProportionGroup); a day whose denominator is 0 is missing.
   */
  proportion?: boolean;
  series: Array<{ key: string; counts: Float64Array; denominators?: Float64Array }>;
}

/** One monitored point as the method gave it. */
export interface ComputedPoint {
  t: number;
  date: string;
  observed: number;
  upperbound: number | null;
  alarm: boolean | null;
  /** the method's extra outputs (expected, score, pvalue, cusum …) */
  extra: Record<string, number | boolean | null>;
}

/** A baseline value the threshold was computed from. */
export interface BaselineValue {
  start: string;
  end: string;
  /** a count, or for a proportion the share in percent */
  value: number;
  /** proportions: the numerator and denominator behind the share */
  numerator?: number;
  denominator?: number;
}

/** Why the last point of a series came out as it did. */
export interface PointExplanation {
  /** 'periods': MPM's same periods in previous years; 'window': reference points (EARS, Farrington); 'none': fixed threshold; 'history': the chart's reference is the whole history (CUSUM, GLR, Bayes, RKI) */
  baselineKind: 'periods' | 'window' | 'none' | 'history';
  baseline: BaselineValue[];
  baselineMean: number | null;
  /**
   * the counts of the days (weeks) leading up to the point, for the chart; for a proportion the daily shares in
   * percent (null: no denominator that day) with their numerators and denominators
   */
  recent: { dates: string[]; counts: Array<number | null>; numerators?: number[]; denominators?: number[] };
  /** first and last day of the observed period */
  periodStart: string;
  periodEnd: string;
}

export interface SeriesOutcome {
  key: string;
  points?: ComputedPoint[];
  explanation?: PointExplanation;
  error?: string;
}

const RECENT_POINTS = 56;
const datesCache = new Map<string, string[]>();

/** The ISO dates of a group's calendar (cached: every series of a group, and most groups of a run, share it). */
function calendar(group: Pick<ComputeGroup, 'end' | 'n' | 'frequency'>): string[] {
  const key = `${group.end}|${group.n}|${group.frequency}`;
  let dates = datesCache.get(key);
  if (!dates) {
    dates = isoDates(group.end, group.n, group.frequency === 365 ? 1 : 7);
    if (datesCache.size > 64) datesCache.clear();
    datesCache.set(key, dates);
  }
  return dates;
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** Runs every series of the group; a series the method cannot evaluate gets `error` and the others still run. */
export function computeGroup(group: ComputeGroup): SeriesOutcome[] {
  const registry = findMethod(group.method);
  const info = methodInfo(group.method);
  if (!registry || !info) throw new Error(`computeGroup: unknown method ${group.method}`);
  const dates = calendar(group);
  const stepDays = group.frequency === 365 ? 1 : 7;
  const control = { ...group.params, range: [group.first, group.last] as [number, number] };
  if (group.proportion) return computeProportionGroup(group, dates, stepDays);
  if (group.method === 'mpm' && group.series.length > 1) return computeMpmGroup(group, dates, stepDays);
  return group.series.map(({ key, counts }) => {
    const series: SurveillanceSeries = { observed: counts, dates, frequency: group.frequency, start: dates[0]!, epochAsDate: true };
    try {
      const result = registry.run(series, control);
      const points = result.points.map((p): ComputedPoint => {
        const { t, observed, upperbound, alarm, ...extra } = p;
        return { t, date: dates[t - 1]!, observed, upperbound, alarm, extra };
      });
      const outcome: SeriesOutcome = { key, points };
      if (group.explain && points.length > 0) outcome.explanation = explain(group, series, counts, dates, stepDays);
      return outcome;
    } catch (err) {
      if (err instanceof DetectionInputError) return { key, error: err.message };
      throw err;
    }
  });
}

/**
 * MPM over many series on one calendar: the baseline positions are planned once (`planMpm`) and each series goes
 * through the kernel `mpmPointInto`, which is what `mpm()` does per series; so the results are mpm()'s, without
 * re-reading the calendar for every township (a daily run has hundreds of series of the same days).
 */
function computeMpmGroup(group: ComputeGroup, dates: string[], stepDays: number): SeriesOutcome[] {
  let plan: MpmPlan;
  try {
    const probe: SurveillanceSeries = {
      observed: group.series[0]!.counts,
      dates,
      frequency: group.frequency,
      start: dates[0]!,
      epochAsDate: true,
    };
    plan = planMpm(probe, group.n, { ...group.params, range: [group.first, group.last] });
  } catch (err) {
    if (err instanceof DetectionInputError) return group.series.map(({ key }) => ({ key, error: err.message }));
    throw err;
  }
  const m = plan.last - plan.first + 1;
  const scratch = new Float64Array(plan.perPoint);
  const observed = new Float64Array(m);
  const upperbound = new Float64Array(m);
  const alarm = new Uint8Array(m);
  return group.series.map(({ key, counts }) => {
    for (let i = 0; i < counts.length; i++) {
      const v = counts[i]!;
      if (!(v >= 0) || v === Infinity) return { key, error: `count at t=${i + 1} is ${String(v)}; counts must be non-negative numbers` };
    }
    const points: ComputedPoint[] = [];
    for (let k = 0; k < m; k++) {
      mpmPointInto(counts, plan, k, scratch, observed, upperbound, alarm);
      const t = plan.first + k;
      points.push({
        t,
        date: dates[t - 1]!,
        observed: observed[k]!,
        upperbound: alarm[k] === 255 ? null : upperbound[k]!,
        alarm: alarm[k] === 255 ? null : alarm[k] === 1,
        extra: {},
      });
    }
    const outcome: SeriesOutcome = { key, points };
    if (group.explain) {
      const series: SurveillanceSeries = { observed: counts, dates, frequency: group.frequency, start: dates[0]!, epochAsDate: true };
      outcome.explanation = explain(group, series, counts, dates, stepDays, plan);
    }
    return outcome;
  });
}

function mean(values: BaselineValue[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((s, v) => s + v.value, 0) / values.length;
}

/** The baseline behind the last monitored point of a count series, per method. */
function explain(
  group: ComputeGroup,
  series: SurveillanceSeries,
  y: Float64Array,
  dates: string[],
  stepDays: number,
  mpmPlan?: MpmPlan,
): PointExplanation {
  const t = group.last; // 1-based
  const from = Math.max(0, t - RECENT_POINTS);
  return explainPoint(
    group,
    dates,
    stepDays,
    group.method === 'mpm' ? (mpmPlan ?? planMpm(series, group.n, { ...group.params, range: [t, t] })) : undefined,
    {
      recent: { dates: dates.slice(from, t), counts: Array.from(y.subarray(from, t)) },
      window: (indices) =>
        indices
          .filter((j) => j >= 0 && j < y.length)
          .map((j) => ({ start: dates[j]!, end: addDays(dates[j]!, stepDays - 1), value: y[j]! })),
      period: (end, length) => {
        let value = 0;
        for (let d = end - length + 1; d <= end; d++) value += y[d]!;
        return { value };
      },
    },
  );
}

/**
 * The method-specific part of an explanation, shared by counts and proportions: which points form the baseline
 * and which period the point covers. `values` says what a point's value is (a count, or a share with its
 * numerator and denominator) and what the recent days show.
 */
function explainPoint(
  group: ComputeGroup,
  dates: string[],
  stepDays: number,
  plan: MpmPlan | undefined,
  values: {
    recent: PointExplanation['recent'];
    /** the baseline values at these 0-based indices (out-of-range and missing ones left out) */
    window: (indices: number[]) => BaselineValue[];
    /** the value of the `length` points ending at index `end` (a moving-percentile period) */
    period: (end: number, length: number) => Omit<BaselineValue, 'start' | 'end'>;
  },
): PointExplanation {
  const t = group.last; // 1-based
  const i = t - 1;
  const { recent, window } = values;
  const pointEnd = addDays(dates[i]!, stepDays - 1);
  const p = group.params;

  if (group.method === 'mpm' && plan) {
    const L = plan.periodLength;
    const offset = (t - plan.first) * plan.perPoint;
    const baseline: BaselineValue[] = [];
    for (let j = 0; j < plan.perPoint; j++) {
      const end = plan.ends[offset + j]!;
      baseline.push({ start: dates[end - L + 1]!, end: addDays(dates[end]!, stepDays - 1), ...values.period(end, L) });
    }
    baseline.sort((a, b) => a.end.localeCompare(b.end));
    return { baselineKind: 'periods', baseline, baselineMean: mean(baseline), recent, periodStart: dates[i - L + 1]!, periodEnd: pointEnd };
  }
  if (group.method === 'fixedThreshold') {
    const period = typeof p.period === 'number' ? p.period : 1;
    return {
      baselineKind: 'none',
      baseline: [],
      baselineMean: null,
      recent,
      periodStart: dates[Math.max(0, i - period + 1)]!,
      periodEnd: pointEnd,
    };
  }
  if (group.method.startsWith('earsC_')) {
    const b = typeof p.baseline === 'number' ? p.baseline : 7;
    const lag = group.method === 'earsC_C1' ? 0 : 2;
    const baseline = window(Array.from({ length: b }, (_, k) => i - lag - b + k));
    return { baselineKind: 'window', baseline, baselineMean: mean(baseline), recent, periodStart: dates[i]!, periodEnd: pointEnd };
  }
  if (group.method === 'farrington' || group.method === 'farringtonFlexible') {
    const b = typeof p.b === 'number' ? p.b : 5;
    const w = typeof p.w === 'number' ? p.w : 3;
    const indices: number[] = [];
    for (let year = b; year >= 1; year--) for (let d = -w; d <= w; d++) indices.push(i - year * group.frequency + d);
    const baseline = window(indices);
    return { baselineKind: 'window', baseline, baselineMean: mean(baseline), recent, periodStart: dates[i]!, periodEnd: pointEnd };
  }
  return { baselineKind: 'history', baseline: [], baselineMean: null, recent, periodStart: dates[i]!, periodEnd: pointEnd };
}

// ── proportions ─────────────────────────────────────────────────────────────────────────────────

/** 100 · numerator / denominator, or NaN (missing) when there is no denominator. */
const percent = (numerator: number, denominator: number) => (denominator > 0 ? (100 * numerator) / denominator : Number.NaN);

/** The share of the `length` points ending at index `end`: Σ numerators / Σ denominators over the points that have one. */
function periodShare(counts: Float64Array, denominators: Float64Array, end: number, length: number) {
  let numerator = 0;
  let denominator = 0;
  for (let i = Math.max(0, end - length + 1); i <= end; i++) {
    if (denominators[i]! > 0) {
      numerator += counts[i]!;
      denominator += denominators[i]!;
    }
  }
  return { share: percent(numerator, denominator), numerator, denominator };
}

const nullIfNaN = (v: number | null | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/**
 * A proportion feed (ILI share: value = ILI visits, denominator = all outpatient visits) watched as a proportion,
 * so that more visits for any reason do not alarm by themselves:
 * - MPM: the period's share (Σ ILI / Σ visits over the 7 days, percent) against quantile p of the same periods'
 *   shares in previous years; `minCount` applies to the period's numerator;
 * - fixed threshold: the share of the period reaches k (percent);
 * - EARS C1–C3: on the daily shares (percent);
 * - Farrington: on the numerators with log(denominator) as offset (R's `populationOffset = TRUE` with
 *   `population` = the denominators); observed, threshold and expected are then divided by the day's denominator.
 * Days without a denominator are missing (NaN), never zero. `observed` and `upperbound` of every point are shares
 * in percent; `extra.numerator` / `extra.denominator` hold what is behind the observed share.
 */
function computeProportionGroup(group: ComputeGroup, dates: string[], stepDays: number): SeriesOutcome[] {
  const method = group.method;
  if (!PROPORTION_METHODS.includes(method)) {
    const message = `${method} models counts; a proportion is watched with ${PROPORTION_METHODS.join(', ')}`;
    return group.series.map(({ key }) => ({ key, error: message }));
  }
  const registry = findMethod(method)!;
  const p = group.params;
  const range: [number, number] = [group.first, group.last];
  let plan: MpmPlan | undefined;
  return group.series.map(({ key, counts, denominators }) => {
    if (!denominators) return { key, error: 'a proportion series needs its denominators' };
    const n = counts.length;
    const shares = new Float64Array(n);
    for (let i = 0; i < n; i++) shares[i] = percent(counts[i]!, denominators[i]!);
    const series: SurveillanceSeries = { observed: shares, dates, frequency: group.frequency, start: dates[0]!, epochAsDate: true };
    try {
      let points: ComputedPoint[];
      if (method === 'mpm') {
        plan ??= planMpm(series, group.n, { ...p, range });
        const L = plan.periodLength;
        const baseline = new Float64Array(plan.perPoint);
        points = [];
        for (let k = 0; k <= plan.last - plan.first; k++) {
          const t0 = plan.first - 1 + k;
          const observed = periodShare(counts, denominators, t0, L);
          let missing = Number.isNaN(observed.share);
          for (let j = 0; j < plan.perPoint; j++) {
            baseline[j] = periodShare(counts, denominators, plan.ends[k * plan.perPoint + j]!, L).share;
            if (Number.isNaN(baseline[j]!)) missing = true;
          }
          const threshold = missing ? null : quantileType7(baseline, plan.p);
          points.push({
            t: t0 + 1,
            date: dates[t0]!,
            observed: observed.share,
            upperbound: threshold,
            alarm: threshold === null ? null : observed.share > threshold && observed.numerator >= plan.minCount,
            extra: { numerator: observed.numerator, denominator: observed.denominator },
          });
        }
      } else if (method === 'fixedThreshold') {
        const k = typeof p.k === 'number' ? p.k : 1;
        const period = typeof p.period === 'number' ? p.period : 1;
        registry.run(series, { ...p, range }); // the method's own checks of k and period
        points = [];
        for (let t = group.first; t <= group.last; t++) {
          const observed = periodShare(counts, denominators, t - 1, period);
          points.push({
            t,
            date: dates[t - 1]!,
            observed: observed.share,
            upperbound: k,
            alarm: Number.isNaN(observed.share) ? null : observed.share >= k,
            extra: { numerator: observed.numerator, denominator: observed.denominator },
          });
        }
      } else if (method.startsWith('earsC_')) {
        points = registry.run(series, { ...p, range }).points.map((point) => {
          const { t, observed, upperbound, alarm, ...extra } = point;
          return {
            t,
            date: dates[t - 1]!,
            observed,
            upperbound,
            alarm,
            extra: { ...extra, numerator: counts[t - 1]!, denominator: denominators[t - 1]! },
          };
        });
      } else {
        // Farrington: counts with the denominators as population offset.
        const numerators = new Float64Array(n);
        const population = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const has = denominators[i]! > 0;
          numerators[i] = has ? counts[i]! : Number.NaN;
          population[i] = has ? denominators[i]! : 1;
        }
        const control =
          method === 'farringtonFlexible'
            ? { ...p, range, populationOffset: true }
            : { ...p, range, fitFun: 'algo.farrington.fitGLM.populationOffset' };
        points = registry.run({ ...series, observed: numerators, population }, control).points.map((point) => {
          const { t, observed, upperbound, alarm, ...extra } = point;
          const den = denominators[t - 1]!;
          const share = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && den > 0 ? (100 * v) / den : null);
          return {
            t,
            date: dates[t - 1]!,
            observed: percent(Number.isNaN(observed) ? 0 : observed, den),
            upperbound: share(upperbound),
            alarm,
            extra: {
              ...extra,
              expected: share(extra.expected),
              mu0: share(extra.mu0),
              expectedCount: nullIfNaN(extra.expected as number | null),
              thresholdCount: nullIfNaN(upperbound),
              numerator: counts[t - 1]!,
              denominator: den,
            },
          };
        });
      }
      const outcome: SeriesOutcome = { key, points };
      if (group.explain && points.length > 0)
        outcome.explanation = explainProportion(group, counts, denominators, shares, dates, stepDays, plan);
      return outcome;
    } catch (err) {
      if (err instanceof DetectionInputError) return { key, error: err.message };
      throw err;
    }
  });
}

/** As explain(), with shares: every baseline value and recent day carries its numerator and denominator. */
function explainProportion(
  group: ComputeGroup,
  counts: Float64Array,
  denominators: Float64Array,
  shares: Float64Array,
  dates: string[],
  stepDays: number,
  plan?: MpmPlan,
): PointExplanation {
  const t = group.last;
  const from = Math.max(0, t - RECENT_POINTS);
  return explainPoint(group, dates, stepDays, plan, {
    recent: {
      dates: dates.slice(from, t),
      counts: Array.from(shares.subarray(from, t), (v) => nullIfNaN(v)),
      numerators: Array.from(counts.subarray(from, t)),
      denominators: Array.from(denominators.subarray(from, t)),
    },
    // Days without a denominator are left out of the baseline shown (the methods treat them as missing).
    window: (indices) =>
      indices
        .filter((j) => j >= 0 && j < shares.length && denominators[j]! > 0)
        .map((j) => ({
          start: dates[j]!,
          end: addDays(dates[j]!, stepDays - 1),
          value: shares[j]!,
          numerator: counts[j]!,
          denominator: denominators[j]!,
        })),
    period: (end, length) => {
      const s = periodShare(counts, denominators, end, length);
      return { value: s.share, numerator: s.numerator, denominator: s.denominator };
    },
  });
}

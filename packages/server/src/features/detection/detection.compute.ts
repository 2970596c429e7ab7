/**
 * The arithmetic of a detection run, without I/O: runs one method over many series that share a calendar and
 * says why each monitored point alarmed (the baseline values behind the threshold). Runs in a worker thread
 * (detection.worker.ts) during runs and back-tests, and in the calling thread for small jobs and tests; the
 * result is the same either way because it is the same function.
 */
import { DetectionInputError, type MpmPlan, findMethod, mpmPointInto, planMpm, type SurveillanceSeries } from '@outbreak/surveillance';
import { type SeriesFrequency, isoDates, methodInfo } from './detection.methods.ts';

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
  series: Array<{ key: string; counts: Float64Array }>;
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
  value: number;
}

/** Why the last point of a series came out as it did. */
export interface PointExplanation {
  /** 'periods': MPM's same periods in previous years; 'window': reference points (EARS, Farrington); 'none': fixed threshold; 'history': the chart's reference is the whole history (CUSUM, GLR, Bayes, RKI) */
  baselineKind: 'periods' | 'window' | 'none' | 'history';
  baseline: BaselineValue[];
  baselineMean: number | null;
  /** the counts of the days (weeks) leading up to the point, for the chart */
  recent: { dates: string[]; counts: number[] };
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
    const probe: SurveillanceSeries = { observed: group.series[0]!.counts, dates, frequency: group.frequency, start: dates[0]!, epochAsDate: true };
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
      points.push({ t, date: dates[t - 1]!, observed: observed[k]!, upperbound: alarm[k] === 255 ? null : upperbound[k]!, alarm: alarm[k] === 255 ? null : alarm[k] === 1, extra: {} });
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

/** The baseline behind the last monitored point, per method. */
function explain(group: ComputeGroup, series: SurveillanceSeries, y: Float64Array, dates: string[], stepDays: number, mpmPlan?: MpmPlan): PointExplanation {
  const t = group.last; // 1-based
  const i = t - 1;
  const from = Math.max(0, t - RECENT_POINTS);
  const recent = { dates: dates.slice(from, t), counts: Array.from(y.subarray(from, t)) };
  const pointEnd = addDays(dates[i]!, stepDays - 1);
  const p = group.params;
  const window = (indices: number[]): BaselineValue[] =>
    indices.filter((j) => j >= 0 && j < y.length).map((j) => ({ start: dates[j]!, end: addDays(dates[j]!, stepDays - 1), value: y[j]! }));

  if (group.method === 'mpm') {
    const plan = mpmPlan ?? planMpm(series, group.n, { ...p, range: [t, t] });
    const L = plan.periodLength;
    const offset = (t - plan.first) * plan.perPoint;
    const baseline: BaselineValue[] = [];
    for (let j = 0; j < plan.perPoint; j++) {
      const end = plan.ends[offset + j]!;
      let s = 0;
      for (let d = end - L + 1; d <= end; d++) s += y[d]!;
      baseline.push({ start: dates[end - L + 1]!, end: addDays(dates[end]!, stepDays - 1), value: s });
    }
    baseline.sort((a, b) => a.end.localeCompare(b.end));
    return { baselineKind: 'periods', baseline, baselineMean: mean(baseline), recent, periodStart: dates[i - L + 1]!, periodEnd: pointEnd };
  }
  if (group.method === 'fixedThreshold') {
    const period = typeof p.period === 'number' ? p.period : 1;
    return { baselineKind: 'none', baseline: [], baselineMean: null, recent, periodStart: dates[Math.max(0, i - period + 1)]!, periodEnd: pointEnd };
  }
  if (group.method.startsWith('earsC_')) {
    const b = typeof p.baseline === 'number' ? p.baseline : 7;
    const lag = group.method === 'earsC_C1' ? 0 : 2;
    const indices = Array.from({ length: b }, (_, k) => i - lag - b + k);
    const baseline = window(indices);
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

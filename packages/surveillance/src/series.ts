/**
 * Input checks and small helpers shared by the algorithms: reading counts, resolving the
 * monitored range, and mapping time points to calendar dates.
 */
import { dayToYmd, isLeapYear, isoToDay, ymdToDay } from '@outbreak/stats';
import { DetectionInputError } from './errors.ts';
import type { DetectionRange, SurveillanceSeries } from './types.ts';

/**
 * Returns `series.observed` as a `Float64Array` (copied unless it is one), rejecting counts no algorithm can use:
 * negative or infinite values. `NaN` (R's `NA`) is kept: algorithms propagate it to `null`.
 */
export function readCounts(series: SurveillanceSeries): Float64Array {
  const src = series.observed;
  if (src == null || typeof src.length !== 'number') {
    throw new DetectionInputError('observed', 'observed counts are missing');
  }
  // A Float64Array is used as is (the algorithms never write to it): no copy per series in batches.
  const copy = !(src instanceof Float64Array);
  const out = copy ? new Float64Array(src.length) : src;
  for (let i = 0; i < src.length; i++) {
    const v = src[i];
    if (typeof v !== 'number' || v < 0 || v === Infinity || v === -Infinity) {
      throw new DetectionInputError('observed', `count at t=${i + 1} is ${String(v)}; counts must be non-negative numbers`);
    }
    if (copy) out[i] = v;
  }
  return out;
}

/**
 * Resolves R's `control$range` to `[first, last]` (1-based, inclusive) and checks it against
 * the series length and the history the method needs.
 *
 * @param n          series length
 * @param range      the requested range, or null/undefined for the default `[minFirst, n]`
 * @param minFirst   the first time point that has enough history for the method
 * @param method     method name, for messages
 */
export function resolveRange(n: number, range: DetectionRange | null | undefined, minFirst: number, method: string): [number, number] {
  if (range == null) {
    if (minFirst > n) {
      throw new DetectionInputError(
        'observed',
        `${method} needs at least ${minFirst} time points (history plus one monitored point); the series has ${n}`,
      );
    }
    return [minFirst, n];
  }
  if (!Array.isArray(range) || range.length !== 2) {
    throw new DetectionInputError('range', 'range must be [first, last]');
  }
  const [first, last] = range;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first < 1 || last < first) {
    throw new DetectionInputError('range', `range [${first}, ${last}] must be integers with 1 <= first <= last`);
  }
  if (last > n) {
    throw new DetectionInputError('range', `range [${first}, ${last}] ends after the last time point ${n}`);
  }
  if (first < minFirst) {
    throw new DetectionInputError(
      'range',
      `${method} needs history before the range: range must start at ${minFirst} or later, not ${first}`,
    );
  }
  return [first, last];
}

/** Reads a control value that must be a finite number (optionally an integer) within [min, max]. */
export function numberParam(
  name: string,
  value: unknown,
  opts: { min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean } = {},
): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DetectionInputError(name, `${name} must be a finite number, not ${JSON.stringify(value)}`);
  }
  if (opts.integer && !Number.isInteger(value)) {
    throw new DetectionInputError(name, `${name} must be an integer, not ${value}`);
  }
  if (opts.min !== undefined && (opts.exclusiveMin ? value <= opts.min : value < opts.min)) {
    throw new DetectionInputError(name, `${name} must be ${opts.exclusiveMin ? '>' : '>='} ${opts.min}, not ${value}`);
  }
  if (opts.max !== undefined && value > opts.max) {
    throw new DetectionInputError(name, `${name} must be <= ${opts.max}, not ${value}`);
  }
  return value;
}

/** Reads a control value that must be one of `allowed`. */
export function choiceParam<T extends string>(name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new DetectionInputError(name, `${name} must be one of ${allowed.join(', ')}, not ${JSON.stringify(value)}`);
  }
  return value as T;
}

/** Reads a boolean control value. */
export function booleanParam(name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new DetectionInputError(name, `${name} must be true or false, not ${JSON.stringify(value)}`);
  }
  return value;
}

// The calendar-day helpers are @outbreak/stats' (one definition, shared with @outbreak/epimodels).
export { dayToIso, dayToYmd, isLeapYear, isoToDay, ymdToDay } from '@outbreak/stats';

/**
 * The same calendar date `years` years earlier; 29 February maps to 28 February in a
 * non-leap year (so that every day of the year has exactly one counterpart).
 */
export function sameDateYearsBefore(day: number, years: number): number {
  const [y, m, d] = dayToYmd(day);
  const ty = y - years;
  const td = m === 2 && d === 29 && !isLeapYear(ty) ? 28 : d;
  return ymdToDay(ty, m, td);
}

/**
 * Day numbers (days since 1970-01-01) of every time point, when the series has a calendar:
 * its `dates` (checked to be valid ISO dates, strictly increasing by `step` days), or, for a daily
 * index-based series (`frequency` 365), the days counted from `start = [year, dayOfYear]`.
 * Returns null for index-based weekly or monthly series, which have no day-level calendar.
 *
 * @param step expected spacing of `dates` in days (1 for daily, 7 for weekly); 0 = any increasing
 */
export function seriesDays(series: SurveillanceSeries, n: number, step: number): Int32Array | null {
  if (series.dates && series.dates.length > 0) {
    if (series.dates.length !== n) {
      throw new DetectionInputError('dates', `dates has ${series.dates.length} entries but observed has ${n}`);
    }
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const day = isoToDay(series.dates[i]);
      if (Number.isNaN(day))
        throw new DetectionInputError('dates', `date at t=${i + 1} is not an ISO date: ${JSON.stringify(series.dates[i])}`);
      out[i] = day;
      if (i > 0) {
        const diff = day - out[i - 1];
        if (step > 0 ? diff !== step : diff <= 0) {
          throw new DetectionInputError(
            'dates',
            `date at t=${i + 1} (${series.dates[i]}) is ${diff} days after the previous one; expected ${step > 0 ? step : 'an increasing date'}`,
          );
        }
      }
    }
    return out;
  }
  if (series.frequency === 365 && Array.isArray(series.start)) {
    const [year, dayOfYear] = series.start;
    const first = ymdToDay(year, 1, 1) + dayOfYear - 1;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = first + i;
    return out;
  }
  if (series.frequency === 365 && typeof series.start === 'string') {
    const first = isoToDay(series.start);
    if (Number.isNaN(first)) throw new DetectionInputError('start', `start is not an ISO date: ${JSON.stringify(series.start)}`);
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = first + i;
    return out;
  }
  return null;
}

/**
 * Choice of the reference time points ("baseline weeks") of the Farrington methods, reproducing
 * R `surveillance` 1.20: `refvalIdxByDate` (farrington 1996 on date-indexed series),
 * `algo.farrington.referencetimepoints` and `blocks` (farringtonFlexible).
 *
 * Dates are day numbers since 1970-01-01 (R's `Date` as numeric). Calendar steps of a year or a
 * month behave as R's `seq.Date(by = "-1 year")`: the year (month) field is changed and the date
 * normalised, so 29 February becomes 1 March in a non-leap year and 31 January + 1 month becomes
 * 3 March (2 March in a leap year).
 */
import { DetectionInputError } from '../errors.ts';
import { dayToYmd, ymdToDay } from '../series.ts';

/** The time unit of an index step (R's `epochStr`), from `sts@freq`. */
export type EpochUnit = 'day' | 'week' | 'month' | 'none';

/** R's epochStr for a date-indexed series of the given frequency (`switch(freq, "12"="month", "52"="week", "365"="day")`). */
export function epochUnitOf(frequency: number, epochAsDate: boolean): EpochUnit {
  if (!epochAsDate) return 'none';
  if (frequency === 52) return 'week';
  if (frequency === 365) return 'day';
  if (frequency === 12) return 'month';
  throw new DetectionInputError('frequency', `date-indexed series need frequency 52, 365 or 12, not ${frequency}`);
}

/** Day of the week as R's `format(date, "%w")`: 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

/** `seq(date, by = "<years> year")[2]`: the date shifted by whole years, normalised as R's POSIXlt → Date. */
export function shiftYears(day: number, years: number): number {
  const [y, m, d] = dayToYmd(day);
  return ymdToDay(y + years, m, d);
}

/** `seq(date, by = "<months> month")[2]`, normalised as R does (Jan 31 + 1 month = Mar 3 or Mar 2). */
export function shiftMonths(day: number, months: number): number {
  const [y, m, d] = dayToYmd(day);
  return ymdToDay(y, m + months, d);
}

/** Binary search of `day` in the increasing `days`; 0-based index or -1 (R `match`). */
export function findDay(days: ArrayLike<number>, day: number): number {
  let lo = 0;
  let hi = days.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = days[mid]!;
    if (v === day) return mid;
    if (v < day) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Reference indices of farrington (1996) for a date-indexed series, R `refvalIdxByDate(t0, b, w,
 * epochStr, epochs)`: for each of the `b` previous years (same date minus j years), the window of
 * `w` steps either side; weekly dates are moved to the nearest day with the weekday of `t0`,
 * monthly ones to the day of month of `t0`. Returns 1-based indices, in R's order, with the dates
 * that are not in the series dropped (R drops its `NA`s with a warning).
 */
export function refvalIdxByDate(t0: number, b: number, w: number, unit: Exclude<EpochUnit, 'none'>, days: ArrayLike<number>): number[] {
  const out: number[] = [];
  const t0Weekday = weekday(t0);
  const t0Mday = dayToYmd(t0)[2];
  for (let j = 1; j <= b; j++) {
    const ref = shiftYears(t0, -j);
    for (let s = -w; s <= w; s++) {
      let d: number;
      if (unit === 'week') d = ref + 7 * s;
      else if (unit === 'day') d = ref + s;
      else d = shiftMonths(ref, s);
      if (unit === 'week') {
        const wd = weekday(d);
        const forward = (((t0Weekday - wd) % 7) + 7) % 7;
        const backward = (((wd - t0Weekday) % 7) + 7) % 7;
        d += forward < backward ? forward : -backward;
      } else if (unit === 'month') {
        d -= dayToYmd(d)[2] - t0Mday;
      }
      const idx = findDay(days, d);
      if (idx >= 0) out.push(idx + 1);
    }
  }
  return out;
}

/**
 * The `b + 1` reference time points of farringtonFlexible, R `algo.farrington.referencetimepoints`:
 * the current point and the same point 1..b years earlier (index − j·freq for index-based series;
 * the date minus j years for date-indexed ones, weekly dates moved to the closer of the two days
 * with the current weekday, ties to the earlier-computed candidate as R's `(dA > dB) + 1` rule).
 * Written to `out` as 1-based indices in decreasing order; throws when one does not exist, as R stops.
 */
export function referenceTimePoints(
  k: number,
  b: number,
  frequency: number,
  unit: EpochUnit,
  days: ArrayLike<number> | null,
  out: Int32Array,
): void {
  if (unit === 'none') {
    for (let j = 0; j <= b; j++) {
      const idx = k - j * frequency;
      if (idx < 1) {
        throw new DetectionInputError(
          'range',
          `farringtonFlexible at t=${k}: reference time point ${idx} does not exist; decrease 'b' or postpone 'range'`,
        );
      }
      out[j] = idx;
    }
    return;
  }
  const dayK = days![k - 1]!;
  const dayToGet = weekday(dayK);
  for (let j = 0; j <= b; j++) {
    let ref = shiftYears(dayK, -j);
    if (unit === 'week') {
      const a = ref - (weekday(ref) - dayToGet);
      const bb = a + (a > ref ? -7 : 7);
      ref = Math.abs(a - ref) > Math.abs(bb - ref) ? bb : a;
    }
    const idx = findDay(days!, ref);
    if (idx < 0) {
      throw new DetectionInputError(
        'range',
        `farringtonFlexible at t=${k}: reference date ${ref} days since 1970 is not in the series; decrease 'b' or postpone 'range'`,
      );
    }
    out[j] = idx + 1;
  }
}

/** R `x[from:to] <- value` on 1-based indices (`from:to` counts down when to < from; index 0 ignored). */
function assignRange(factors: Float64Array, n: number, now: number, from: number, to: number, value: number): void {
  const step = to >= from ? 1 : -1;
  for (let i = from; ; i += step) {
    if (i < 0) {
      throw new DetectionInputError(
        'range',
        `farringtonFlexible at t=${now}: a reference window starts before the series; decrease 'w' or 'b' or postpone 'range'`,
      );
    }
    if (i >= 1 && i <= n) factors[i - 1] = value;
    if (i === to) break;
  }
}

/**
 * R `blocks(referenceTimePoints, vectorOfDates, epochStr, dayToConsider, b, w, p, epochAsDate)`:
 * writes into `factors` (length n, 0-based by time point − 1) the seasonal group of each time
 * point — `noPeriods` for the current window and the reference windows (±w around each reference
 * point), 1..noPeriods−1 for the blocks splitting each gap between consecutive windows — and NaN
 * elsewhere. Assignments run in R's order, including R's descending `a:b` when a block is empty.
 * Only time points `refs[b] − w .. now` are written (nothing outside can get a group): callers read
 * that span only.
 *
 * @param refs reference time points (1-based) in decreasing order, `refs[0] = now`, as written by
 *   {@link referenceTimePoints} (R sorts them the same way)
 */
export function assignBlocks(
  factors: Float64Array,
  n: number,
  now: number,
  refs: ArrayLike<number>,
  b: number,
  w: number,
  noPeriods: number,
): void {
  factors.fill(Number.NaN, Math.max(0, refs[b]! - w - 1), Math.min(n, now));
  assignRange(factors, n, now, now - w, now, noPeriods);
  for (let i = 1; i <= b; i++) {
    const refWeek = refs[i]!;
    if (!(refWeek < refs[i - 1]!)) throw new Error('reference time points must decrease');
    assignRange(factors, n, now, refWeek - w, refWeek + w, noPeriods);
    if (noPeriods !== 1) {
      const period = refs[i - 1]! - 2 * w - 1 - refWeek;
      if (period < noPeriods - (2 * w + 1)) {
        throw new DetectionInputError(
          'noPeriods',
          'farringtonFlexible: number of factors too big (noPeriods) for the gaps between reference windows',
        );
      }
      const len = Math.floor(period / (noPeriods - 1));
      const rest = period - len * (noPeriods - 1);
      let cum = 0;
      for (let j = 1; j <= noPeriods - 1; j++) {
        const blockLen = len + (j <= rest ? 1 : 0);
        assignRange(factors, n, now, refWeek + w + 1 + cum, refWeek + w + 1 + cum + blockLen - 1, j);
        cum += blockLen;
      }
    }
  }
}

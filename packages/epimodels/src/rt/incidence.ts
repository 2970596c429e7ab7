/**
 * Daily incidence from a case line list, by date of symptom onset or date of report — the input
 * `estimateR` needs (EpiEstim takes incidence, usually built with the R package `incidence`:
 * `incidence(dates, interval = 1)`, which also fills days without cases with 0).
 *
 * Onset dates give the epidemic curve closest to infection time, which the renewal equation behind
 * Rt assumes; report dates are available sooner but add the reporting delay (and its changes) to the
 * curve. Cases marked as imported (infected outside the district) are counted separately so that
 * they seed transmission without being counted as its result (Cori et al. 2013; Thompson et al. 2019,
 * Epidemics 29:100356).
 */
import { isoToDay as dayNumber, dayToIso as isoDate } from '@outbreak/stats';

/** One case of a line list. Dates are ISO calendar dates `YYYY-MM-DD` (local date of the district). */
export interface LineListCase {
  onset_date?: string | null;
  report_date?: string | null;
  /** infected outside the district (imported); default false */
  imported?: boolean;
}

/** Which date places a case on the curve. */
export type IncidenceDateBy = 'onset' | 'report';

export interface IncidenceOptions {
  /** date used to place each case (default 'onset') */
  by?: IncidenceDateBy;
  /** with by = 'onset': place cases without an onset date at their report date instead of leaving them out (default false) */
  fallbackToReport?: boolean;
  /** first day of the curve (default: the earliest date); earlier cases are counted in `outOfRange` */
  from?: string;
  /** last day of the curve (default: the latest date); later cases are counted in `outOfRange` */
  to?: string;
}

/** Daily counts on consecutive days `dates[0]`..`dates[T−1]`. */
export interface DailyIncidence {
  dates: string[];
  local: Float64Array;
  imported: Float64Array;
  /** cases left out because the chosen date was missing */
  missingDate: number;
  /** cases left out because their date fell outside [from, to] */
  outOfRange: number;
}

/** A date that cannot be read; `index` is the 0-based position of the case in the list. */
export class LineListDateError extends Error {
  constructor(
    readonly index: number,
    readonly field: string,
    readonly value: string,
  ) {
    super(`${field} '${value}' of case ${index + 1} is not a calendar date YYYY-MM-DD`);
    this.name = 'LineListDateError';
  }
}

/** Days since 1970-01-01 of an ISO date (NaN when invalid) and back: @outbreak/stats' calendar, under the names this package has always exported. */
export { isoToDay as dayNumber, dayToIso as isoDate } from '@outbreak/stats';

/**
 * Counts cases per day (local and imported) by onset or report date, with zero-filled days between
 * the first and last date. Throws `LineListDateError` on a malformed date.
 *
 * ```ts
 * incidenceFromLineList([{ onset_date: '2024-03-01' }, { onset_date: '2024-03-03', imported: true }]);
 * // { dates: ['2024-03-01', '2024-03-02', '2024-03-03'], local: [1, 0, 0], imported: [0, 0, 1], … }
 * ```
 */
export function incidenceFromLineList(cases: readonly LineListCase[], options: IncidenceOptions = {}): DailyIncidence {
  const by = options.by ?? 'onset';
  if (by !== 'onset' && by !== 'report') throw new RangeError(`by must be 'onset' or 'report', got ${String(by)}`);
  const field = by === 'onset' ? 'onset_date' : 'report_date';
  const days = new Float64Array(cases.length);
  let missingDate = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < cases.length; i++) {
    const c = cases[i];
    let value = c[field];
    let used: string = field;
    if ((value === undefined || value === null || value === '') && by === 'onset' && options.fallbackToReport) {
      value = c.report_date;
      used = 'report_date';
    }
    if (value === undefined || value === null || value === '') {
      days[i] = Number.NaN;
      missingDate++;
      continue;
    }
    const day = dayNumber(value);
    if (Number.isNaN(day)) throw new LineListDateError(i, used, value);
    days[i] = day;
    if (day < lo) lo = day;
    if (day > hi) hi = day;
  }
  const parseBound = (name: 'from' | 'to'): number | undefined => {
    const v = options[name];
    if (v === undefined) return undefined;
    const d = dayNumber(v);
    if (Number.isNaN(d)) throw new RangeError(`${name} '${v}' is not a calendar date YYYY-MM-DD`);
    return d;
  };
  const from = parseBound('from') ?? lo;
  const to = parseBound('to') ?? hi;
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) {
    return { dates: [], local: new Float64Array(0), imported: new Float64Array(0), missingDate, outOfRange: cases.length - missingDate };
  }
  const T = to - from + 1;
  const local = new Float64Array(T);
  const imported = new Float64Array(T);
  let outOfRange = 0;
  for (let i = 0; i < cases.length; i++) {
    const d = days[i];
    if (Number.isNaN(d)) continue;
    if (d < from || d > to) {
      outOfRange++;
      continue;
    }
    if (cases[i].imported) imported[d - from]++;
    else local[d - from]++;
  }
  const dates = new Array<string>(T);
  for (let t = 0; t < T; t++) dates[t] = isoDate(from + t);
  return { dates, local, imported, missingDate, outOfRange };
}

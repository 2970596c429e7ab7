/**
 * The 7-1-7 target (Frieden et al., Lancet 2021; Resolve to Save Lives): every event detected within 7 days of
 * its emergence, notified within 1 day of detection, and its early response completed within 7 days of
 * notification. Pure arithmetic here; where the four times come from is in assessment.store.ts (docs/assessment.md).
 *
 * Days are counted between district calendar days (UTC+8), as SORMAS does: emergence is a day (an onset date),
 * and a notification at 23:00 the day after detection is "1 day". An interval is `incomplete` when either end is
 * unknown, and also when the end lies before the start (a data error, listed apart): never a wrong number.
 */
import { districtDate } from '../../platform/time/district-time.ts';
import type { IntervalName } from './assessment.tables.ts';

export const TARGET_DAYS: Record<IntervalName, number> = { detection: 7, notification: 1, response: 7 };

export type IntervalStatus = 'within_target' | 'over_target' | 'incomplete';

export interface Interval {
  /** whole district days from start to end; null when incomplete */
  days: number | null;
  status: IntervalStatus;
}

/** Whole calendar days between two 'YYYY-MM-DD'. */
export function dayDiff(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The interval from `start` to `end` against `target` days; `error` is set when the end precedes the start. */
export function interval(start: Date | null, end: Date | null, target: number): Interval & { error: boolean } {
  if (!start || !end) return { days: null, status: 'incomplete', error: false };
  const days = dayDiff(districtDate(start), districtDate(end));
  if (days < 0) return { days: null, status: 'incomplete', error: true };
  return { days, status: days <= target ? 'within_target' : 'over_target', error: false };
}

/** The median of numbers (null for none). */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

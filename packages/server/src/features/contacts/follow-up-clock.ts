/**
 * The follow-up clock and the contact state machine (docs/contacts.md, "Follow-up rules"), pure functions.
 *
 * - A contact is followed from the day after the last exposure to `followUpUntil` = the exposure's calendar day
 *   (district time) + the disease's maximum incubation period in days (WHO Go.Data / SORMAS "follow-up period").
 *   A later exposure moves the window: the clock restarts from the new exposure.
 * - Each day of the window needs `followUpPerDay` records; a past day of the window without any record is missed.
 *
 * @example
 * followUpUntil(new Date('2026-03-10T20:00:00Z'), 14); // '2026-03-25' (the exposure was 11 March in district time)
 */
import { districtDate } from '../../platform/time/district-time.ts';
import type { ContactStatus } from './contacts.tables.ts';

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' + n days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` ('YYYY-MM-DD'). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The last day of follow-up: the exposure's district day + the maximum incubation period. */
export function followUpUntil(lastExposureAt: Date, maxIncubationDays: number): string {
  return addDays(districtDate(lastExposureAt), maxIncubationDays);
}

/** The first day a follow-up is due: the day after the exposure, not before the contact was registered. */
export function followUpStart(lastExposureAt: Date, registeredAt: Date): string {
  const dayAfter = addDays(districtDate(lastExposureAt), 1);
  const registered = districtDate(registeredAt);
  return dayAfter > registered ? dayAfter : registered;
}

/**
 * Days of the window before `today` that have no record at all (counted from the last record, or from the
 * start): the daily list puts the largest first ("overdue first").
 */
export function missedDays(start: string, until: string, lastRecordDate: string | null, today: string): number {
  const from = lastRecordDate && lastRecordDate >= start ? addDays(lastRecordDate, 1) : start;
  const to = addDays(until < today ? until : today, until < today ? 0 : -1);
  return to < from ? 0 : daysBetween(from, to) + 1;
}

/**
 * The state changes a person may make (conversions also come from filing the contact's case report).
 * completed: only once the window has ended (the daily job does it; a person may do it early for a window
 * that ended before the job ran). lost → under follow-up: the contact was found again.
 */
export const TRANSITIONS: Readonly<Record<ContactStatus, readonly ContactStatus[]>> = {
  under_follow_up: ['completed', 'lost_to_follow_up', 'cancelled', 'converted_suspected', 'converted_confirmed'],
  lost_to_follow_up: ['under_follow_up', 'cancelled', 'converted_suspected', 'converted_confirmed'],
  converted_suspected: ['converted_confirmed'],
  completed: [],
  cancelled: [],
  converted_confirmed: [],
};

/** Case classifications and the conversion they make: a suspected report, or a diagnosed or lab-positive one. */
export function conversionOf(classification: 'suspected' | 'clinical' | 'confirmed' | 'asymptomatic'): ContactStatus {
  return classification === 'suspected' ? 'converted_suspected' : 'converted_confirmed';
}

/** Whether a contact in `status` is followed again after a new exposure (the clock restarts). */
export function restartsOnExposure(status: ContactStatus): boolean {
  return status === 'under_follow_up' || status === 'completed' || status === 'lost_to_follow_up';
}

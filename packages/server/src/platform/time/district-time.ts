/**
 * District time, defined once: the district keeps China Standard Time, UTC+8 all year (no daylight saving),
 * so a calendar day, "today" and a local clock time are a fixed offset from UTC. Every server file that needs
 * the district's calendar uses these, so that a district elsewhere changes one line.
 */

/** The district's offset from UTC in milliseconds. */
export const DISTRICT_UTC_OFFSET_MS = 8 * 3_600_000;
/** The same offset as ISO 8601 / PostgreSQL write it (`AT TIME ZONE INTERVAL '+08:00'`, `2026-12-01T08:00:00+08:00`). */
export const DISTRICT_UTC_OFFSET = '+08:00';

const DAY_MS = 86_400_000;

/** The district calendar day of an instant, 'YYYY-MM-DD'. */
export function districtDate(at: Date): string {
  return new Date(at.getTime() + DISTRICT_UTC_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today in the district, 'YYYY-MM-DD'; `days` > 0 goes that many days back. */
export function districtToday(now = new Date(), days = 0): string {
  return new Date(now.getTime() + DISTRICT_UTC_OFFSET_MS - days * DAY_MS).toISOString().slice(0, 10);
}

/** The district clock reading of an instant, 'YYYY-MM-DD HH:MM'. */
export function districtDateTime(at: Date): string {
  return new Date(at.getTime() + DISTRICT_UTC_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The instant of a district date and clock time ('YYYY-MM-DD', 'HH:MM' or 'HH:MM:SS'). */
export function districtInstant(date: string, time = '00:00'): Date {
  return new Date(`${date}T${time.length === 5 ? `${time}:00` : time}${DISTRICT_UTC_OFFSET}`);
}

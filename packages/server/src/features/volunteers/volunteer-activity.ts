/**
 * "Active" volunteers, by Sahana Eden's rule (modules/templates/…/config.py `vol_programme_active`, the IFRC
 * templates' default): a volunteer is active when the hours they served average at least 8 a month over the last
 * year. The window ends at the later of the last record and 92 days ago (so that hours not yet entered for the
 * last quarter do not make a volunteer inactive), starts a year before that end — or at the first record, in a
 * volunteer's first year — and a month is 30.5 days (at least one month is counted). No hours: not active.
 *
 * @example
 * activityOf([{ workedOn: '2026-11-01', minutes: 600 }], '2026-12-07').active; // true (10 h in the first month)
 */

/** Hours a month (average) that make a volunteer active. */
export const ACTIVE_HOURS_PER_MONTH = 8;
const DAY_MS = 86_400_000;

export interface HoursEntry {
  /** district day, 'YYYY-MM-DD' */
  workedOn: string;
  minutes: number;
}

export interface Activity {
  /** minutes within the window */
  minutes: number;
  /** hours a month averaged over the window, one decimal */
  hoursPerMonth: number;
  active: boolean;
  /** the window the rule looked at, or null without any hours */
  window: { from: string; to: string } | null;
  lastWorkedOn: string | null;
}

const dayNumber = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS;
const dayString = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The rule applied to one volunteer's hours, `today` a district day. */
export function activityOf(entries: readonly HoursEntry[], today: string, options: { hoursPerMonth?: number } = {}): Activity {
  const threshold = options.hoursPerMonth ?? ACTIVE_HOURS_PER_MONTH;
  if (entries.length === 0) return { minutes: 0, hoursPerMonth: 0, active: false, window: null, lastWorkedOn: null };
  const days = entries.map((e) => dayNumber(e.workedOn));
  const first = Math.min(...days);
  const last = Math.max(...days);
  const end = Math.max(last, dayNumber(today) - 92);
  const lastYear = end - 365;
  const start = first > lastYear ? first : lastYear;
  let minutes = 0;
  entries.forEach((e, i) => {
    if (days[i]! >= start && days[i]! <= end) minutes += e.minutes;
  });
  const months = Math.max(1, (end - start) / 30.5);
  const average = minutes / 60 / months;
  return {
    minutes,
    hoursPerMonth: Math.round(average * 10) / 10,
    active: average >= threshold,
    window: { from: dayString(start), to: dayString(end) },
    lastWorkedOn: dayString(last),
  };
}

/**
 * The one way the web app writes dates and times (issue 12, item 11).
 *
 * Every instant is shown in the district's time (China Standard Time, `Asia/Shanghai`), whatever the time zone
 * of the browser: a report filed at 09:20 in the district reads 09:20 on a laptop in New York too, because the
 * district's day is what deadlines, reports and case counts are about (the server counts days in UTC+8 as
 * well). Dates and times are ISO-like in both languages — `2026-12-07`, `2026-12-07 09:20` — so a Chinese page
 * never mixes `2026/12/7` with `2026年12月7日`, and an English one never shows the ambiguous `12/7/26`. What
 * differs by language is only wording: relative times ("5 分钟前" / "5 minutes ago") and the range's joiner
 * (`common.dateRange` in the catalogues).
 *
 * ```ts
 * formatDateTime('2026-12-07T01:20:00Z')            // '2026-12-07 09:20'
 * formatDate('2026-12-06T16:30:00Z')                // '2026-12-07' (the district's day)
 * formatDate('2026-12-07')                          // '2026-12-07' (a calendar date stays as it is)
 * formatRelative('2026-12-07T01:15:00Z', 'en', now) // '5 minutes ago'
 * formatDateRange('2026-12-01', '2026-12-07', t)    // '2026-12-01 至 2026-12-07' (t: the page's i18next t)
 * ```
 */

/** The district's time zone. China has one zone and no daylight saving (UTC+8 all year). */
export const DISTRICT_TIME_ZONE = 'Asia/Shanghai';

/** An instant (ISO 8601 string, epoch milliseconds, a Date, or anything with `valueOf()` such as a Dayjs). */
export type Instant = string | number | Date | { valueOf(): number };

export interface DistrictParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

const partsFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: DISTRICT_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

function toMillis(value: Instant): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return Date.parse(value);
  return value.valueOf();
}

/** The wall-clock fields of an instant in the district's time zone. */
export function districtParts(value: Instant): DistrictParts {
  const parts: Record<string, number> = {};
  for (const p of partsFormat.formatToParts(new Date(toMillis(value)))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year!, month: parts.month!, day: parts.day!, hour: parts.hour! % 24, minute: parts.minute!, second: parts.second! };
}

/**
 * The instant at which the district's clock shows the given wall-clock fields (month 1–12). The offset is read
 * off the zone rather than assumed, so the module stays right if the district's zone is ever not UTC+8.
 */
export function districtInstant(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): Date {
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const offsetAt = (ms: number) => {
    const p = districtParts(ms);
    return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
  };
  let instant = wallAsUtc - offsetAt(wallAsUtc);
  instant = wallAsUtc - offsetAt(instant);
  return new Date(instant);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 'YYYY-MM-DD' of a district day. */
function ymd(p: Pick<DistrictParts, 'year' | 'month' | 'day'>): string {
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Today in the district, 'YYYY-MM-DD'. */
export function districtToday(now: Instant = Date.now()): string {
  return ymd(districtParts(now));
}

/** The calendar day `days` after (or before, when negative) a 'YYYY-MM-DD' day. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The instant at which the district's clock shows `time` ('HH:mm') on `day` ('YYYY-MM-DD'). */
export function districtAt(day: string, time = '00:00'): Date {
  const [y, m, d] = day.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  return districtInstant(y!, m!, d!, hh!, mm!);
}

/** The instant a district day starts, as ISO 8601 (for filters that take instants, e.g. the audit log's). */
export function districtDayStart(day: string): string {
  return districtAt(day).toISOString();
}

/** The instant a district day ends (the next day's start minus one millisecond), as ISO 8601. */
export function districtDayEnd(day: string): string {
  return new Date(Date.parse(districtDayStart(addDays(day, 1))) - 1).toISOString();
}

/**
 * A date, 'YYYY-MM-DD'. A calendar date ('2026-12-07', e.g. an onset date) is shown as it is; an instant is
 * shown as its district day. Nothing (null, '') is '—'.
 */
export function formatDate(value: Instant | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string' && CALENDAR_DATE.test(value)) return value;
  if (Number.isNaN(toMillis(value))) return '—';
  return ymd(districtParts(value));
}

/** A time of day in the district, 'HH:mm' (or 'HH:mm:ss'). */
export function formatTime(value: Instant | null | undefined, options: { seconds?: boolean } = {}): string {
  if (value === null || value === undefined || value === '' || Number.isNaN(toMillis(value))) return '—';
  const p = districtParts(value);
  return `${pad(p.hour)}:${pad(p.minute)}${options.seconds ? `:${pad(p.second)}` : ''}`;
}

/** A date and time in the district, 'YYYY-MM-DD HH:mm' (or with seconds). */
export function formatDateTime(value: Instant | null | undefined, options: { seconds?: boolean } = {}): string {
  if (value === null || value === undefined || value === '' || Number.isNaN(toMillis(value))) return '—';
  return `${formatDate(value)} ${formatTime(value, options)}`;
}

const RELATIVE_STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['second', 60],
  ['minute', 60],
  ['hour', 24],
  ['day', 7],
];

/**
 * How long ago (or how soon) an instant is, in words of the language: '刚刚' / 'now', '5 分钟前' / '5 minutes ago',
 * '3 小时后' / 'in 3 hours', '昨天' / 'yesterday'. A week or more away it is the date and time instead, since
 * "23 days ago" makes the reader count.
 */
export function formatRelative(value: Instant | null | undefined, language: string, now: Instant = Date.now()): string {
  if (value === null || value === undefined || value === '' || Number.isNaN(toMillis(value))) return '—';
  const seconds = Math.round((toMillis(value) - toMillis(now)) / 1000);
  const words = new Intl.RelativeTimeFormat(intlLanguage(language), { numeric: 'auto' });
  if (Math.abs(seconds) < 45) return words.format(0, 'second');
  let amount = seconds;
  for (const [unit, per] of RELATIVE_STEPS) {
    if (Math.abs(amount) < per) return words.format(Math.trunc(amount), unit);
    amount /= per;
  }
  return formatDateTime(value);
}

/** The translation function of the page (i18next's `t`), for the range's joiner. */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/**
 * A span between two dates or instants: '2026-12-01 至 2026-12-07' / '2026-12-01 – 2026-12-07'. With times,
 * a span within one district day names the day once: '2026-12-07 09:00–11:30'. An open end is '…'.
 */
export function formatDateRange(
  from: Instant | null | undefined,
  to: Instant | null | undefined,
  t: Translate,
  options: { time?: boolean } = {},
): string {
  const one = (v: Instant | null | undefined) =>
    v === null || v === undefined || v === '' ? '…' : options.time ? formatDateTime(v) : formatDate(v);
  if (options.time && from && to && formatDate(from) === formatDate(to)) return `${formatDateTime(from)}–${formatTime(to)}`;
  if (!options.time && from && to && formatDate(from) === formatDate(to)) return formatDate(from);
  return t('common.dateRange', { from: one(from), to: one(to) });
}

const intlLanguage = (language: string) => (language.startsWith('en') ? 'en' : 'zh-CN');

/** The DatePicker's typed formats (app/date-picker.tsx), the same as the formatter's. */
export const PICKER_DATE_FORMAT = 'YYYY-MM-DD';
export const PICKER_DATE_TIME_FORMAT = 'YYYY-MM-DD HH:mm';

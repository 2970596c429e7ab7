import dayjs from 'dayjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  districtAt,
  districtDayEnd,
  districtDayStart,
  districtToday,
  formatDate,
  formatDateRange,
  formatDateTime,
  formatRelative,
  formatTime,
} from './dates.ts';
import { districtTodayValue, fromDistrictWall, isAfterDistrictToday, toDistrictWall } from './district-dayjs.ts';
import { createI18n } from './i18n/i18n.ts';

// A browser (here: the test process) in New York, 13 hours behind the district in December: every instant
// must still read in the district's time. Node applies a changed TZ at once.
const originalTz = process.env.TZ;
beforeAll(() => {
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

/** A report filed at 09:20 on 7 December 2026 in the district (01:20 UTC, 20:20 the day before in New York). */
const FILED = '2026-12-07T09:20:00+08:00';

describe('dates in the district time zone, seen from New York', () => {
  it('runs in New York (the premise of the other tests)', () => {
    expect(new Date(FILED).getHours()).toBe(20);
    expect(new Date(FILED).getDate()).toBe(6);
  });

  it('renders a 09:20 Beijing time as 09:20 on 7 December, not 20:20 on the 6th', () => {
    expect(formatDateTime(FILED)).toBe('2026-12-07 09:20');
    expect(formatDateTime('2026-12-07T01:20:00Z')).toBe('2026-12-07 09:20');
    expect(formatDate(FILED)).toBe('2026-12-07');
    expect(formatTime(FILED)).toBe('09:20');
    expect(formatDateTime('2026-12-07T01:20:05Z', { seconds: true })).toBe('2026-12-07 09:20:05');
  });

  it('keeps a calendar date as it is and shows a dash for nothing', () => {
    expect(formatDate('2026-12-07')).toBe('2026-12-07');
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime(undefined)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
  });

  it('knows the district day: today turns at 16:00 UTC, and day bounds are district midnights', () => {
    expect(districtToday('2026-11-28T15:59:00Z')).toBe('2026-11-28');
    expect(districtToday('2026-11-28T16:00:00Z')).toBe('2026-11-29');
    expect(districtDayStart('2026-12-07')).toBe('2026-12-06T16:00:00.000Z');
    expect(districtDayEnd('2026-12-07')).toBe('2026-12-07T15:59:59.999Z');
    expect(districtAt('2026-12-08', '18:00').toISOString()).toBe('2026-12-08T10:00:00.000Z');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('words relative times in the language, and falls back to the date after a week', () => {
    const now = '2026-12-07T01:20:00Z';
    expect(formatRelative('2026-12-07T01:15:00Z', 'en', now)).toBe('5 minutes ago');
    expect(formatRelative('2026-12-07T01:15:00Z', 'zh-CN', now)).toBe('5分钟前');
    expect(formatRelative('2026-12-07T04:20:00Z', 'en', now)).toBe('in 3 hours');
    expect(formatRelative('2026-12-07T01:19:50Z', 'zh-CN', now)).toBe('现在');
    expect(formatRelative('2026-12-06T01:20:00Z', 'en', now)).toBe('yesterday');
    expect(formatRelative('2026-11-20T01:20:00Z', 'en', now)).toBe('2026-11-20 09:20');
  });

  it('writes ranges with the language’s joiner, naming a single day once', () => {
    const zh = createI18n('zh-CN').t;
    const en = createI18n('en').t;
    expect(formatDateRange('2026-12-01', '2026-12-07', zh)).toBe('2026-12-01 至 2026-12-07');
    expect(formatDateRange('2026-12-01', '2026-12-07', en)).toBe('2026-12-01 – 2026-12-07');
    expect(formatDateRange('2026-12-07', '2026-12-07', en)).toBe('2026-12-07');
    expect(formatDateRange('2026-12-07T01:00:00Z', '2026-12-07T03:30:00Z', en, { time: true })).toBe('2026-12-07 09:00–11:30');
    expect(formatDateRange('2026-12-01', null, zh)).toBe('2026-12-01 至 …');
  });
});

describe('the date picker’s bridge, seen from New York', () => {
  it('shows an instant as the district clock and reads a picked time as district time', () => {
    const wall = toDistrictWall(dayjs(FILED));
    // what the picker shows: the district's 09:20 on the 7th, although the local clock says 20:20 on the 6th
    expect(wall.format('YYYY-MM-DD HH:mm')).toBe('2026-12-07 09:20');
    // 09:20 typed in New York is 09:20 in the district
    const picked = dayjs('2026-12-07 09:20', 'YYYY-MM-DD HH:mm');
    expect(fromDistrictWall(picked).toISOString()).toBe('2026-12-07T01:20:00.000Z');
    expect(fromDistrictWall(toDistrictWall(dayjs('2026-06-30T23:59:00Z'))).toISOString()).toBe('2026-06-30T23:59:00.000Z');
  });

  it('takes today and the future from the district’s calendar', () => {
    // 21:00 on the 6th in New York is already the 7th in the district
    const evening = Date.parse('2026-12-07T02:00:00Z');
    expect(districtTodayValue(evening).format('YYYY-MM-DD')).toBe('2026-12-07');
    expect(isAfterDistrictToday(dayjs('2026-12-07'), evening)).toBe(false);
    expect(isAfterDistrictToday(dayjs('2026-12-08'), evening)).toBe(true);
  });
});

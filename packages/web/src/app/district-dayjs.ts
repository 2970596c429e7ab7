/**
 * Bridges between instants and what antd's date picker shows. The picker (dayjs) knows only the browser's time
 * zone; to show and edit district time anywhere, the picker is handed a "wall clock" value — a local dayjs whose
 * fields equal the district's clock at that instant — and what the user picks is read back as district time.
 */
import dayjs, { type Dayjs } from 'dayjs';
import { districtInstant, districtParts, districtToday } from './dates.ts';

/** The local dayjs whose fields are the district's wall clock at `instant`. */
export function toDistrictWall(instant: Dayjs): Dayjs {
  const p = districtParts(instant.valueOf());
  return dayjs(new Date(p.year, p.month - 1, p.day, p.hour, p.minute, p.second));
}

/** The instant at which the district's clock shows the fields of the local dayjs `wall`. */
export function fromDistrictWall(wall: Dayjs): Dayjs {
  return dayjs(districtInstant(wall.year(), wall.month() + 1, wall.date(), wall.hour(), wall.minute(), wall.second()));
}

/** A calendar day ('YYYY-MM-DD') as the value of a date-only picker (local midnight of that day). */
export function dayValue(day: string): Dayjs {
  return dayjs(day);
}

/** Today in the district as the value of a date-only picker. */
export function districtTodayValue(now = Date.now()): Dayjs {
  return dayValue(districtToday(now));
}

/** Whether a date-only picker's day lies after today in the district (for `disabledDate`). */
export function isAfterDistrictToday(day: Dayjs, now = Date.now()): boolean {
  return day.format('YYYY-MM-DD') > districtToday(now);
}

/** An instant `days` after today at `hour`:00 on the district's clock (a form's default "in a week at 09:00"). */
export function districtWallTime(days: number, hour: number, now = Date.now()): Dayjs {
  return fromDistrictWall(toDistrictWall(dayjs(now)).add(days, 'day').hour(hour).minute(0).second(0).millisecond(0));
}

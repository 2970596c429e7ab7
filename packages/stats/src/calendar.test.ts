import { describe, expect, it } from 'vitest';
import { dayToIso, dayToYmd, isLeapYear, isoToDay, ymdToDay } from './calendar.ts';

describe('calendar days', () => {
  it('numbers days from 1970-01-01 and back', () => {
    expect(isoToDay('1970-01-01')).toBe(0);
    expect(isoToDay('2024-02-29')).toBe(19782);
    expect(dayToIso(19782)).toBe('2024-02-29');
    expect(dayToYmd(19782)).toEqual([2024, 2, 29]);
    expect(ymdToDay(2024, 2, 29)).toBe(19782);
  });

  it('refuses dates that do not exist instead of rolling them over', () => {
    expect(isoToDay('2023-02-29')).toBeNaN();
    expect(isoToDay('2024-13-01')).toBeNaN();
    expect(isoToDay('2024-1-01')).toBeNaN();
    expect(isLeapYear(1900)).toBe(false);
    expect(isLeapYear(2000)).toBe(true);
  });
});

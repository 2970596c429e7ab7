/** The follow-up clock's pure rules: window end in district time, missed days, default risk, transitions. */
import { describe, expect, it } from 'vitest';
import { conversionOf, followUpStart, followUpUntil, missedDays, TRANSITIONS } from './follow-up-clock.ts';

describe('follow-up clock', () => {
  it('ends the window max incubation days after the exposure day in district time (UTC+8)', () => {
    // 20:00 UTC on 10 March is 04:00 on 11 March in the district
    expect(followUpUntil(new Date('2026-03-10T20:00:00Z'), 14)).toBe('2026-03-25');
    expect(followUpUntil(new Date('2026-03-10T15:59:00Z'), 14)).toBe('2026-03-24');
    expect(followUpUntil(new Date('2026-02-20T02:00:00Z'), 21)).toBe('2026-03-13'); // across February's end
  });

  it('starts the day after the exposure, not before registration', () => {
    expect(followUpStart(new Date('2026-03-10T02:00:00Z'), new Date('2026-03-10T03:00:00Z'))).toBe('2026-03-11');
    expect(followUpStart(new Date('2026-03-01T02:00:00Z'), new Date('2026-03-05T03:00:00Z'))).toBe('2026-03-05');
  });

  it('counts the past days of the window without any record', () => {
    expect(missedDays('2026-03-11', '2026-03-24', null, '2026-03-11')).toBe(0);
    expect(missedDays('2026-03-11', '2026-03-24', null, '2026-03-14')).toBe(3);
    expect(missedDays('2026-03-11', '2026-03-24', '2026-03-12', '2026-03-14')).toBe(1);
    expect(missedDays('2026-03-11', '2026-03-24', '2026-03-13', '2026-03-14')).toBe(0);
    // after the window: only days up to its end count
    expect(missedDays('2026-03-11', '2026-03-12', null, '2026-03-20')).toBe(2);
  });

  it('allows only the documented state changes', () => {
    expect(TRANSITIONS.completed).toEqual([]);
    expect(TRANSITIONS.cancelled).toEqual([]);
    expect(TRANSITIONS.converted_suspected).toEqual(['converted_confirmed']);
    expect(TRANSITIONS.lost_to_follow_up).toContain('under_follow_up');
    expect(conversionOf('suspected')).toBe('converted_suspected');
    expect(conversionOf('confirmed')).toBe('converted_confirmed');
    expect(conversionOf('asymptomatic')).toBe('converted_confirmed');
  });
});

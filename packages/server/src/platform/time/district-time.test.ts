import { describe, expect, it } from 'vitest';
import { districtDate, districtDateTime, districtInstant, districtToday } from './district-time.ts';

describe('district time (UTC+8)', () => {
  it('turns the day over at 16:00 UTC', () => {
    expect(districtDate(new Date('2026-11-30T15:59:59Z'))).toBe('2026-11-30');
    expect(districtDate(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
    expect(districtToday(new Date('2026-11-30T16:00:00Z'), 3)).toBe('2026-11-28');
  });

  it('reads and writes the district clock', () => {
    expect(districtDateTime(new Date('2026-12-01T00:30:00Z'))).toBe('2026-12-01 08:30');
    expect(districtInstant('2026-12-01').toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(districtInstant('2026-12-01', '08:30').toISOString()).toBe('2026-12-01T00:30:00.000Z');
    expect(districtInstant('2026-12-01', '08:30:15').toISOString()).toBe('2026-12-01T00:30:15.000Z');
  });
});

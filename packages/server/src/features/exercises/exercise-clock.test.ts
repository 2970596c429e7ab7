import { describe, expect, it } from 'vitest';
import { clockMs, consensusRating, isDue, scoreInjects } from './exercise-clock.ts';
import { growthSeries } from './exercise-injects.ts';

const at = (hhmm: string) => new Date(`2026-12-01T${hhmm}:00Z`);

describe('exercise clock', () => {
  const clock = { startedAt: at('01:00'), pauses: [{ from: at('01:10').toISOString(), to: at('01:15').toISOString() }], stoppedAt: null };

  it('runs from the start and stands still while paused', () => {
    expect(clockMs(clock, at('00:59'))).toBe(0);
    expect(clockMs(clock, at('01:10'))).toBe(10 * 60_000);
    expect(clockMs(clock, at('01:13'))).toBe(10 * 60_000);
    expect(clockMs(clock, at('01:20'))).toBe(15 * 60_000);
    // a pause still running
    const paused = { ...clock, pauses: [...clock.pauses, { from: at('01:30').toISOString(), to: null }] };
    expect(clockMs(paused, at('02:00'))).toBe(25 * 60_000);
    // stopped: the clock keeps its last reading
    expect(clockMs({ ...clock, stoppedAt: at('01:40') }, at('03:00'))).toBe(35 * 60_000);
  });

  it('knows when an inject is due', () => {
    expect(isDue(clock, 12, at('01:14'))).toBe(false); // 10 min on the clock
    expect(isDue(clock, 12, at('01:17'))).toBe(true); // 12 min
    expect(isDue({ startedAt: null, pauses: [], stoppedAt: null }, 0, at('01:00'))).toBe(false);
  });
});

describe('scoring against hand-computed times', () => {
  // Start 01:00, paused 01:10–01:15, stopped 02:00.
  const clock = {
    startedAt: at('01:00'),
    pauses: [{ from: at('01:10').toISOString(), to: at('01:15').toISOString() }],
    stoppedAt: at('02:00'),
  };
  const injects = [
    // fired 01:05 (clock 5), verified 01:20 (clock 15): 10 minutes against 12 → met
    { id: 'a', offsetMinutes: 5, expectedAction: 'alert_verified' as const, targetMinutes: 12, firedAt: at('01:05') },
    // fired 01:16 (clock 11), incident opened 01:40 (clock 35): 24 minutes against 20 → late
    { id: 'b', offsetMinutes: 11, expectedAction: 'incident_opened' as const, targetMinutes: 20, firedAt: at('01:16') },
    // never done before the stop → missed
    { id: 'c', offsetMinutes: 20, expectedAction: 'level_activated' as const, targetMinutes: 30, firedAt: at('01:25') },
    // not fired
    { id: 'd', offsetMinutes: 90, expectedAction: 'report_approved' as const, targetMinutes: 30, firedAt: null },
    // nothing expected
    { id: 'e', offsetMinutes: 0, expectedAction: 'none' as const, targetMinutes: null, firedAt: at('01:00') },
  ];
  const times = {
    // an earlier verification (of another alert, before the inject) does not count for it
    alert_verified: [at('01:02'), at('01:20'), at('01:50')],
    incident_opened: [at('01:40')],
    level_activated: [at('01:20')], // before inject c fired: does not count
  };

  it('times each expected action from its inject on the exercise clock', () => {
    const scores = scoreInjects(injects, times, clock);
    expect(scores.map((s) => [s.injectId, s.minutes, s.status])).toEqual([
      ['a', 10, 'met'],
      ['b', 24, 'late'],
      ['c', null, 'missed'],
      ['d', null, 'not_fired'],
      ['e', null, 'not_timed'],
    ]);
    expect(scores[0]!.doneAt).toBe(at('01:20').toISOString());
  });

  it('an action not yet done is pending while the exercise runs', () => {
    const scores = scoreInjects(injects, times, { ...clock, stoppedAt: null });
    expect(scores[2]!.status).toBe('pending');
  });

  it('the consensus rating is the most frequent, the worse on a tie', () => {
    expect(consensusRating([])).toBeNull();
    expect(consensusRating(['P', 'P', 'S'])).toBe('P');
    expect(consensusRating(['P', 'M'])).toBe('M');
    expect(consensusRating(['S', 'U', 'S'])).toBe('S');
  });

  it('grows the synthetic counts by the daily rate', () => {
    expect(growthSeries(2, 0.5, 4)).toEqual([2, 3, 5, 7]); // 2, 3, 4.5, 6.75
    expect(growthSeries(10, 0, 3)).toEqual([10, 10, 10]);
    expect(growthSeries(4, 0.25, 3, false)).toEqual([4, 5, 6.3]); // 6.25 → 6.3
  });
});

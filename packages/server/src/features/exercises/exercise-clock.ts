/**
 * The exercise clock and the scoring of expected actions: pure functions of the exercise's start, pauses and stop
 * and of the platform's timestamps (docs/exercises.md, "Scoring").
 *
 * The clock runs from the start to the stop and stands still while paused (WebEOC Simulator's elapsed time), so
 * an inject at offset 30 min fires 30 clock minutes after the start whatever the pauses, and a response that took
 * 20 wall-clock minutes across a 5-minute pause took 15 exercise minutes.
 *
 * @example
 * const clock = { startedAt: new Date('2026-12-01T01:00:00Z'), pauses: [], stoppedAt: null };
 * clockMs(clock, new Date('2026-12-01T01:30:00Z')) // 1_800_000
 */
import type { ClockPause, ExpectedAction } from './exercises.tables.ts';

export interface ClockState {
  startedAt: Date | null;
  pauses: readonly ClockPause[];
  stoppedAt: Date | null;
}

/** Milliseconds of exercise clock at the instant `at` (0 before the start; stands still while paused and after the stop). */
export function clockMs(clock: ClockState, at: Date): number {
  if (!clock.startedAt) return 0;
  const start = clock.startedAt.getTime();
  const end = Math.min(at.getTime(), clock.stoppedAt ? clock.stoppedAt.getTime() : Number.POSITIVE_INFINITY);
  if (end <= start) return 0;
  let paused = 0;
  for (const p of clock.pauses) {
    const from = Math.max(Date.parse(p.from), start);
    const to = Math.min(p.to ? Date.parse(p.to) : end, end);
    if (to > from) paused += to - from;
  }
  return end - start - paused;
}

/**
 * The wall-clock instant at which the clock shows `ms`, given the pauses so far (null if the clock cannot reach
 * it: not started, stopped before, or paused now). Used to know whether an inject is due.
 */
export function isDue(clock: ClockState, offsetMinutes: number, now: Date): boolean {
  if (!clock.startedAt) return false;
  return clockMs(clock, now) >= offsetMinutes * 60_000;
}

/** The platform's timestamps of each expected action, in the exercise's records (exercises.store.ts). */
export type ActionTimes = Partial<Record<ExpectedAction, readonly Date[]>>;

export type ScoreStatus = 'met' | 'late' | 'pending' | 'missed' | 'not_fired' | 'not_timed';

export interface InjectToScore {
  id: string;
  offsetMinutes: number;
  expectedAction: ExpectedAction;
  targetMinutes: number | null;
  firedAt: Date | null;
}

export interface InjectScore {
  injectId: string;
  expectedAction: ExpectedAction;
  firedAt: string | null;
  /** the first platform timestamp of the action at or after the inject */
  doneAt: string | null;
  /** exercise minutes from the inject to the action, one decimal */
  minutes: number | null;
  targetMinutes: number | null;
  status: ScoreStatus;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * For each inject with an expected action: the first time the platform recorded that action at or after the
 * inject fired, the exercise minutes it took, and whether that met the target. While the exercise runs an action
 * not yet seen is 'pending'; once stopped it is 'missed'.
 */
export function scoreInjects(injects: readonly InjectToScore[], times: ActionTimes, clock: ClockState): InjectScore[] {
  return injects.map((inject) => {
    const base = {
      injectId: inject.id,
      expectedAction: inject.expectedAction,
      firedAt: inject.firedAt ? inject.firedAt.toISOString() : null,
      targetMinutes: inject.targetMinutes,
    };
    if (inject.expectedAction === 'none') return { ...base, doneAt: null, minutes: null, status: 'not_timed' as const };
    if (!inject.firedAt) return { ...base, doneAt: null, minutes: null, status: 'not_fired' as const };
    const fired = inject.firedAt.getTime();
    const done = (times[inject.expectedAction] ?? []).filter((t) => t.getTime() >= fired).sort((a, b) => a.getTime() - b.getTime())[0];
    if (!done) return { ...base, doneAt: null, minutes: null, status: clock.stoppedAt ? ('missed' as const) : ('pending' as const) };
    const minutes = round1((clockMs(clock, done) - clockMs(clock, inject.firedAt)) / 60_000);
    const status = inject.targetMinutes === null || minutes <= inject.targetMinutes ? ('met' as const) : ('late' as const);
    return { ...base, doneAt: done.toISOString(), minutes, status };
  });
}

/** The rating of a critical task from its evaluators' ratings: the most frequent, the worse on a tie (null: none). */
export function consensusRating(ratings: readonly ('P' | 'S' | 'M' | 'U')[]): 'P' | 'S' | 'M' | 'U' | null {
  if (ratings.length === 0) return null;
  const order = ['U', 'M', 'S', 'P'] as const;
  let best: (typeof order)[number] = 'P';
  let bestCount = -1;
  for (const r of order) {
    const n = ratings.filter((x) => x === r).length;
    if (n > bestCount) {
      best = r;
      bestCount = n;
    }
  }
  return best;
}

/**
 * Server state of exercises (docs/exercises.md): types from the API contract and the query hooks. After a write,
 * invalidate ['exercises'] (the live topic 'exercises' does it for changes made elsewhere).
 */
import { useQuery } from '@tanstack/react-query';
import { typedApi } from '../../app/api.ts';
import type { Schemas } from '../../api/contract.ts';

export type Exercise = Schemas['Exercise'];
export type ExerciseSummary = Schemas['ExerciseSummary'];
export type ExerciseInject = Schemas['ExerciseInject'];
export type InjectInput = Schemas['ExerciseInjectInput'];
export type Scorecard = Schemas['ExerciseScorecard'];

export const EXERCISE_TYPES = ['tabletop', 'drill', 'functional', 'full_scale'] as const;
export const INJECT_KINDS = ['cases', 'feed', 'message', 'stock'] as const;
export const EXPECTED_ACTIONS = [
  'none',
  'alert_verified',
  'incident_opened',
  'level_activated',
  'tasks_accepted',
  'tasks_done',
  'report_approved',
] as const;
export const RATINGS = ['P', 'S', 'M', 'U'] as const;

export const STATUS_COLOURS: Record<Exercise['status'], string> = {
  planned: 'blue',
  running: 'green',
  paused: 'orange',
  stopped: 'purple',
  closed: 'default',
};

export function useExercises() {
  return useQuery({ queryKey: ['exercises', 'list'], queryFn: () => typedApi.get('/api/exercises', { query: {} }) });
}

export function useExercise(id: string | undefined) {
  return useQuery({
    queryKey: ['exercises', 'one', id],
    queryFn: () => typedApi.get('/api/exercises/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

export function useScorecard(id: string | undefined) {
  return useQuery({
    queryKey: ['exercises', 'scorecard', id],
    queryFn: () => typedApi.get('/api/exercises/{id}/scorecard', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

export function useEvaluatorOptions(jurisdictionId: string | undefined) {
  return useQuery({
    queryKey: ['exercises', 'evaluators', jurisdictionId],
    queryFn: () => typedApi.get('/api/exercises/evaluator-options', { query: { jurisdictionId: jurisdictionId ?? '' } }),
    enabled: Boolean(jurisdictionId),
  });
}

/** The clock reading (ms) now, from the server's reading and the time since it was taken (while running). */
export function clockNow(exercise: Pick<Exercise, 'clockMs' | 'serverTime' | 'status'>, receivedAt: number, now: number): number {
  if (exercise.status !== 'running') return exercise.clockMs;
  return exercise.clockMs + Math.max(0, now - receivedAt);
}

/** mm:ss or h:mm:ss of a clock reading. */
export function formatClock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(sec)}` : `${pad(m)}:${pad(sec)}`;
}

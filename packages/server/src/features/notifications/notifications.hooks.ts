/**
 * The hook notify() runs to learn whether what it reports belongs to an exercise (docs/exercises.md): the
 * exercises feature, above, answers from its records' marks, so that notifications imports nothing of it.
 * An exercise's notification is marked in the inbox and leaves by no outbound channel but the exercise's named
 * test channel.
 */
import type { Executor, Tx } from '../../platform/db/database.ts';
import { runHook } from '../../platform/hooks/hooks.ts';

/** An exercise's mark on a notification: which exercise, and the only outbound channel it may use. */
export interface ExerciseMark {
  exerciseId: string;
  testChannelId: string | null;
}

declare module '../../platform/hooks/hooks.ts' {
  interface Hooks {
    'notifications.exercise-of': { payload: { entity: { type: string; id: string } }; result: ExerciseMark | null };
  }
}

/** The exercise the entity belongs to (its mark), or null for real records. */
export async function exerciseMarkOf(db: Executor, entity: { type: string; id: string }): Promise<ExerciseMark | null> {
  // notify() runs in the caller's transaction or on the handle; the handler only reads
  const answers = await runHook(db as Tx, 'notifications.exercise-of', { entity });
  return answers.find((a) => a !== null) ?? null;
}

/** The prefixes of an exercise notification's titles. */
export const EXERCISE_TITLE_PREFIX = { zh: '【演练】', en: '[EXERCISE] ' } as const;

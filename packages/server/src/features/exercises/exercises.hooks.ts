/**
 * The exercises feature answers the notifications' question "does this record belong to an exercise?" from the
 * exercise marks (docs/exercises.md): an alert, an incident, a task or a situation report of an exercise's
 * incident, a case report, or the exercise itself. notify() then marks the inbox row and keeps the message off
 * every outbound channel but the exercise's test channel.
 */
import { sql } from 'drizzle-orm';
import type { HookHandler } from '../../platform/hooks/hooks.ts';
import { onHook } from '../../platform/hooks/hooks.ts';
import { rowsOf } from './exercise-sql.ts';

/** Entity types of notifications → the SQL that finds the exercise of one record. */
const EXERCISE_OF: Record<string, (id: string) => ReturnType<typeof sql>> = {
  exercise: (id) => sql`SELECT id AS exercise_id FROM exercises WHERE id = ${id}::uuid`,
  alert: (id) => sql`SELECT exercise_id FROM alerts WHERE id = ${id}::uuid`,
  incident: (id) => sql`SELECT exercise_id FROM incidents WHERE id = ${id}::uuid`,
  case_report: (id) => sql`SELECT exercise_id FROM case_reports WHERE id = ${id}::uuid`,
  task: (id) => sql`SELECT i.exercise_id FROM tasks t JOIN incidents i ON i.id = t.incident_id WHERE t.id = ${id}::uuid`,
  situation_report: (id) =>
    sql`SELECT i.exercise_id FROM situation_reports r JOIN incidents i ON i.id = r.incident_id WHERE r.id = ${id}::uuid`,
  // 0070: a stock shock an inject simulated at a site (docs/stock.md "Exercises")
  stock_shock: (id) => sql`SELECT exercise_id FROM stock_exercise_shocks WHERE id = ${id}::uuid`,
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const exerciseOfEntity: HookHandler<'notifications.exercise-of'> = async (tx, { entity }) => {
  const query = EXERCISE_OF[entity.type];
  if (!query || !UUID.test(entity.id)) return null;
  const [row] = rowsOf<{ exercise_id: string | null }>(await tx.execute(query(entity.id)));
  if (!row?.exercise_id) return null;
  const [exercise] = rowsOf<{ test_channel_id: string | null }>(
    await tx.execute(sql`SELECT test_channel_id FROM exercises WHERE id = ${row.exercise_id}::uuid`),
  );
  return { exerciseId: row.exercise_id, testChannelId: exercise?.test_channel_id ?? null };
};

export function registerExercisesHooks(): void {
  onHook('notifications.exercise-of', exerciseOfEntity);
}

/**
 * Background jobs of the tasks feature (pg-boss), both every minute:
 * - 'tasks.escalate': open tasks past their due time are escalated once (escalated_at, a note, a warning to the
 *   assignee side and to the incident's commander); a new due time re-arms it (tasks.service.ts updateTaskAs);
 * - 'tasks.recur': each active recurrence gets the task of the current local day when that day is one of its
 *   periods, exactly once (the recurrence row is locked, and a unique index on tasks.origin_ref backs it up).
 * Both are plain functions taking `now`, so tests drive them with a fixed clock.
 */
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import type { AppDeps } from '../../platform/http/context.ts';
import type { JobQueue } from '../../platform/jobs/jobs.ts';
import { incidents } from '../incidents/index.ts';
import { createTasks, formatLocal, notifyAssigneeSide, publishTaskLive } from './task-creation.ts';
import { activeRecurrences, insertNote, jurisdictionPath, overdueUnescalated } from './tasks.store.ts';
import { OPEN_TASK_STATUSES, taskRecurrences, tasks } from './tasks.tables.ts';
import { districtDate, districtInstant } from '../../platform/time/district-time.ts';

export const TASKS_ESCALATE_JOB = 'tasks.escalate';
export const TASKS_RECUR_JOB = 'tasks.recur';

/** The local (district) date of an instant, 'YYYY-MM-DD'. */
export function localDate(at: Date): string {
  return districtDate(at);
}

/** The instant of a local date and time ('YYYY-MM-DD', 'HH:MM'). */
export function localInstant(date: string, time: string): Date {
  return districtInstant(date, time);
}

/** ISO weekday (1 Monday … 7 Sunday) of a local date. */
function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/** Rows of a raw query: postgres-js answers an array, PGlite an object with `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * Who commands an incident: its current commanders in the command structure (incident_roles, when the
 * incidents feature has staffed it), else whoever opened it.
 */
export async function incidentCommanders(db: Executor, incidentId: string): Promise<string[]> {
  const [exists] = rowsOf<{ present: boolean }>(await db.execute(sql`SELECT to_regclass('incident_roles') IS NOT NULL AS present`));
  if (exists?.present) {
    const rows = rowsOf<{ user_id: string }>(
      await db.execute(
        sql`SELECT DISTINCT user_id FROM incident_roles WHERE incident_id = ${incidentId} AND role = 'commander' AND ended_at IS NULL`,
      ),
    );
    if (rows.length > 0) return rows.map((r) => r.user_id);
  }
  const [incident] = await db.select({ createdBy: incidents.createdBy }).from(incidents).where(eq(incidents.id, incidentId));
  return incident?.createdBy ? [incident.createdBy] : [];
}

/** Escalates every open task past due at `now` that was not escalated yet; returns their ids. */
export async function escalateOverdueTasks(database: Database, now: Date): Promise<string[]> {
  const due = await overdueUnescalated(database.db, now);
  const out: string[] = [];
  for (const candidate of due) {
    // One transaction per task: one failure does not hold back the others.
    const done = await database.db.transaction(async (tx) => {
      const [task] = await tx
        .select()
        .from(tasks)
        .where(and(eq(tasks.id, candidate.id), isNull(tasks.escalatedAt), lt(tasks.dueAt, now)))
        .for('update');
      if (!task || !OPEN_TASK_STATUSES.includes(task.status)) return false;
      await tx.update(tasks).set({ escalatedAt: now }).where(eq(tasks.id, task.id));
      const hours = Math.max(1, Math.round((now.getTime() - task.dueAt.getTime()) / 3600_000));
      await insertNote(tx, {
        taskId: task.id,
        kind: 'escalation',
        body: `已超时（截止 ${formatLocal(task.dueAt)}），已提醒承办方和指挥长 / Overdue (due ${formatLocal(task.dueAt)}): assignee and commander told`,
        authorId: null,
        createdAt: now,
      });
      const commanders = task.incidentId ? await incidentCommanders(tx, task.incidentId) : task.createdBy ? [task.createdBy] : [];
      await notifyAssigneeSide(tx, task, {
        kind: 'task.overdue',
        severity: 'warning',
        title: `任务超时：${task.title}`,
        titleEn: `Task overdue: ${task.title}`,
        body: `${task.code}，截止 ${formatLocal(task.dueAt)}，已超时约 ${hours} 小时`,
        bodyEn: `${task.code}, due ${formatLocal(task.dueAt)}, about ${hours} h late`,
        actorId: null,
        alsoUserIds: commanders,
      });
      const [after] = await tx.select().from(tasks).where(eq(tasks.id, task.id));
      await audit(tx, {
        actor: null,
        action: 'escalate',
        entityType: 'task',
        entityId: task.id,
        before: { escalatedAt: null, dueAt: task.dueAt.toISOString(), status: task.status },
        after: { escalatedAt: now.toISOString(), notified: commanders },
      });
      await publishTaskLive(tx, after!, (await jurisdictionPath(tx, task.jurisdictionId))!, 'escalated');
      return true;
    });
    if (done) out.push(candidate.id);
  }
  return out;
}

/**
 * Creates the task of the current local day for every active recurrence that has a period today; stops
 * recurrences past their end date or whose incident closed. Returns the ids of the tasks created.
 */
export async function instantiateRecurringTasks(database: Database, now: Date): Promise<string[]> {
  const today = localDate(now);
  const out: string[] = [];
  for (const { recurrence } of await activeRecurrences(database.db)) {
    const created = await database.db.transaction(async (tx) => {
      const [r] = await tx.select().from(taskRecurrences).where(eq(taskRecurrences.id, recurrence.id)).for('update');
      if (!r?.active) return null;
      const incident = r.incidentId ? (await tx.select().from(incidents).where(eq(incidents.id, r.incidentId)))[0] : undefined;
      if ((r.endsOn && r.endsOn < today) || incident?.status === 'closed') {
        await tx.update(taskRecurrences).set({ active: false, updatedAt: now }).where(eq(taskRecurrences.id, r.id));
        await audit(tx, {
          actor: null,
          action: 'stop',
          entityType: 'task_recurrence',
          entityId: r.id,
          before: { active: true },
          after: { active: false, reason: incident?.status === 'closed' ? 'incident closed' : 'end date passed' },
        });
        return null;
      }
      if (today < r.startsOn) return null;
      if (r.frequency === 'weekly' && !r.weekdays.includes(isoWeekday(today))) return null;
      if (r.lastPeriod && r.lastPeriod >= today) return null;
      const dueAt = localInstant(today, r.dueTime);
      // Defined after today's due time: the first task is tomorrow's, not one already late.
      if (dueAt.getTime() <= r.createdAt.getTime()) return null;
      const originRef = `${r.id}:${today}`;
      const [existing] = await tx
        .select({ id: tasks.id })
        .from(tasks)
        .where(and(eq(tasks.origin, 'recurring'), eq(tasks.originRef, originRef)));
      await tx.update(taskRecurrences).set({ lastPeriod: today }).where(eq(taskRecurrences.id, r.id));
      if (existing) return null;
      const [task] = await createTasks(
        tx,
        [
          {
            incidentId: r.incidentId,
            title: `${r.title}（${today}）`,
            description: r.description,
            assigneeAgencyId: r.assigneeAgencyId,
            assigneeJurisdictionId: r.assigneeJurisdictionId,
            assigneeUserId: r.assigneeUserId,
            jurisdictionId: r.jurisdictionId,
            priority: r.priority,
            dueAt,
            checklist: r.checklist.map((c) => ({ text: c.text, done: false })),
            origin: 'recurring',
            originRef,
          },
        ],
        { actor: null, now },
      );
      return task!.id;
    });
    if (created) out.push(created);
  }
  return out;
}

export async function registerTasksJobs(jobs: JobQueue, deps: AppDeps): Promise<void> {
  await jobs.work(TASKS_ESCALATE_JOB, async () => {
    const ids = await escalateOverdueTasks(deps.database, new Date());
    if (ids.length > 0) deps.log.info('tasks: escalated overdue tasks', { count: ids.length });
  });
  await jobs.work(TASKS_RECUR_JOB, async () => {
    const ids = await instantiateRecurringTasks(deps.database, new Date());
    if (ids.length > 0) deps.log.info('tasks: created recurring tasks', { count: ids.length });
  });
  await jobs.schedule(TASKS_ESCALATE_JOB, '* * * * *');
  await jobs.schedule(TASKS_RECUR_JOB, '* * * * *');
}

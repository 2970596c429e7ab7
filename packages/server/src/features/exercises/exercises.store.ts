/**
 * Every query of the exercises feature: the exercises themselves (scoped by their area), their injects and
 * ratings, and — read-only — the marked records the exercise created in the platform and their timestamps, from
 * which the scorecard is computed (exercise-clock.ts).
 */
import { and, asc, count, desc, eq, inArray, isNotNull, notInArray, sql } from 'drizzle-orm';
import { inScope, type Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { alertEvents, alerts } from '../alerts/index.ts';
import { caseReports } from '../cases/index.ts';
import { feedCounts } from '../feeds/index.ts';
import { incidentEvents, incidents } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';
import { situationReports } from '../reports/index.ts';
import { taskNotes, tasks } from '../tasks/index.ts';
import type { ActionTimes } from './exercise-clock.ts';
import { type ExerciseStatus, exerciseInjects, exerciseRatings, exercises } from './exercises.tables.ts';

export type ExerciseRow = typeof exercises.$inferSelect;
export type InjectRow = typeof exerciseInjects.$inferSelect;

/** One exercise within the scope, or undefined (out of scope answers like missing). */
export async function findExercise(db: Executor, scope: Scope, id: string): Promise<ExerciseRow | undefined> {
  const [row] = await db
    .select()
    .from(exercises)
    .where(and(eq(exercises.id, id), inScope(scope, exercises.jurisdictionId)));
  return row;
}

export async function listExerciseRows(db: Executor, scope: Scope, status?: ExerciseStatus) {
  return db
    .select({
      exercise: exercises,
      jurisdictionName: jurisdictions.name,
      jurisdictionNameEn: jurisdictions.nameEn,
      injectCount: sql<number>`(SELECT count(*)::int FROM ${exerciseInjects} i WHERE i.exercise_id = ${exercises.id})`.mapWith(Number),
    })
    .from(exercises)
    .innerJoin(jurisdictions, eq(jurisdictions.id, exercises.jurisdictionId))
    .where(and(inScope(scope, exercises.jurisdictionId), status ? eq(exercises.status, status) : undefined))
    .orderBy(desc(exercises.scheduledDate), desc(exercises.createdAt))
    .limit(500);
}

export async function injectsOf(db: Executor, exerciseId: string): Promise<InjectRow[]> {
  return db
    .select()
    .from(exerciseInjects)
    .where(eq(exerciseInjects.exerciseId, exerciseId))
    .orderBy(asc(exerciseInjects.offsetMinutes), asc(exerciseInjects.createdAt), asc(exerciseInjects.id));
}

export async function ratingsOf(db: Executor, exerciseId: string) {
  return db
    .select({ rating: exerciseRatings, evaluatorName: users.displayName })
    .from(exerciseRatings)
    .innerJoin(users, eq(users.id, exerciseRatings.evaluatorId))
    .where(eq(exerciseRatings.exerciseId, exerciseId))
    .orderBy(asc(exerciseRatings.taskKey), asc(exerciseRatings.ratedAt));
}

export async function namesOfPlaces(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: jurisdictions.id,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      path: jurisdictions.path,
      level: jurisdictions.level,
    })
    .from(jurisdictions)
    .where(inArray(jurisdictions.id, [...ids]));
}

export async function namesOfAgencies(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: agencies.id, name: agencies.name, nameEn: agencies.nameEn })
    .from(agencies)
    .where(inArray(agencies.id, [...ids]));
}

export async function namesOfUsers(db: Executor, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(inArray(users.id, [...ids]));
}

/** What the exercise has put into the platform: counts of synthetic reports and feed counts, its alerts and incidents. */
export async function recordsOf(db: Executor, exerciseId: string) {
  const [[cases], [feeds], alertRows, incidentRows] = await Promise.all([
    db.select({ n: count() }).from(caseReports).where(eq(caseReports.exerciseId, exerciseId)),
    db.select({ n: count() }).from(feedCounts).where(eq(feedCounts.exerciseId, exerciseId)),
    db
      .select({ id: alerts.id, code: alerts.code, title: alerts.title, status: alerts.status })
      .from(alerts)
      .where(eq(alerts.exerciseId, exerciseId))
      .orderBy(asc(alerts.createdAt)),
    db
      .select({
        id: incidents.id,
        code: incidents.code,
        title: incidents.title,
        status: incidents.status,
        responseLevel: incidents.responseLevel,
      })
      .from(incidents)
      .where(eq(incidents.exerciseId, exerciseId))
      .orderBy(asc(incidents.createdAt)),
  ]);
  return {
    cases: Number(cases?.n ?? 0),
    feedCounts: Number(feeds?.n ?? 0),
    alerts: alertRows.map((a) => ({ ...a, responseLevel: null })),
    incidents: incidentRows.map((i) => ({ ...i, responseLevel: i.responseLevel ?? null })),
  };
}

/** Statuses that mean an alert has been verified: it has left 'new' and 'verifying'. */
const UNVERIFIED = ['new', 'verifying'] as const;

/**
 * The platform's timestamps of each expected action in the exercise's records (never a time a person typed in):
 * an alert's first status change out of verification; an incident's creation; a level set or raised (the log
 * entry's creation); every task of its incidents accepted (the last first-acceptance) or done (the last
 * completion), only once all are; a situation report approved.
 */
export async function actionTimesOf(db: Executor, exerciseId: string): Promise<ActionTimes> {
  const exerciseIncidents = db.select({ id: incidents.id }).from(incidents).where(eq(incidents.exerciseId, exerciseId));
  const [verified, opened, levels, taskRows, acceptances, approved] = await Promise.all([
    db
      .select({ alertId: alertEvents.alertId, at: sql<Date>`min(${alertEvents.createdAt})`.mapWith((v) => new Date(v)) })
      .from(alertEvents)
      .innerJoin(alerts, eq(alerts.id, alertEvents.alertId))
      .where(and(eq(alerts.exerciseId, exerciseId), isNotNull(alertEvents.toStatus), notInArray(alertEvents.toStatus, [...UNVERIFIED])))
      .groupBy(alertEvents.alertId),
    db.select({ at: incidents.createdAt }).from(incidents).where(eq(incidents.exerciseId, exerciseId)),
    db
      .select({ at: incidentEvents.createdAt })
      .from(incidentEvents)
      .where(and(inArray(incidentEvents.incidentId, exerciseIncidents), inArray(incidentEvents.kind, ['level_set', 'level_raised']))),
    db
      .select({ id: tasks.id, status: tasks.status, completedAt: tasks.completedAt })
      .from(tasks)
      .where(and(inArray(tasks.incidentId, exerciseIncidents), sql`${tasks.status} <> 'cancelled'`)),
    db
      .select({ taskId: taskNotes.taskId, at: sql<Date>`min(${taskNotes.createdAt})`.mapWith((v) => new Date(v)) })
      .from(taskNotes)
      .innerJoin(tasks, eq(tasks.id, taskNotes.taskId))
      .where(and(inArray(tasks.incidentId, exerciseIncidents), inArray(taskNotes.status, ['accepted', 'in_progress', 'done'])))
      .groupBy(taskNotes.taskId),
    db
      .select({ at: situationReports.approvedAt })
      .from(situationReports)
      .where(and(inArray(situationReports.incidentId, exerciseIncidents), isNotNull(situationReports.approvedAt))),
  ]);
  const latest = (dates: Date[]) => dates.reduce((a, b) => (b.getTime() > a.getTime() ? b : a));
  const accepted = new Map(acceptances.map((a) => [a.taskId, a.at]));
  const allAccepted = taskRows.length > 0 && taskRows.every((t) => accepted.has(t.id));
  const allDone = taskRows.length > 0 && taskRows.every((t) => t.status === 'done' && t.completedAt);
  return {
    alert_verified: verified.map((v) => v.at),
    incident_opened: opened.map((o) => o.at),
    level_activated: levels.map((l) => l.at),
    tasks_accepted: allAccepted ? [latest(taskRows.map((t) => accepted.get(t.id)!))] : [],
    tasks_done: allDone ? [latest(taskRows.map((t) => t.completedAt!))] : [],
    report_approved: approved.map((r) => r.at!),
  };
}

/** Exercises whose clock runs (the job fires their due injects). */
export async function runningExercises(db: Executor): Promise<ExerciseRow[]> {
  return db.select().from(exercises).where(eq(exercises.status, 'running'));
}

/**
 * Every query of the alerts feature. Each one on alerts applies the caller's scope (`inScope`), so an alert
 * outside it is simply not found; the tables hanging off an alert (history, comments, assessment, signals) are
 * read only after the alert was found in scope.
 */
import { type SQL, and, asc, count, desc, eq, ilike, inArray, isNotNull, lt, notInArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Scope, inScope } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { diseases } from '../cases/cases.tables.ts';
import { signals } from '../detection/signals.tables.ts';
import { feedTypes } from '../feeds/feeds.tables.ts';
import { incidents } from '../incidents/incidents.core.tables.ts';
import type { AlertListQuery } from './alerts.schema.ts';
import { alerts } from './alerts.core.tables.ts';
import { alertAssessments, alertComments, alertEvents } from './alerts.tables.ts';
import { OPEN_STATUSES, VERIFICATION_STATUSES } from './alerts.workflow.ts';

const assignee = alias(users, 'assignee');

const alertColumns = {
  alert: alerts,
  disease: { id: diseases.id, code: diseases.code, name: diseases.name, nameEn: diseases.nameEn, class: diseases.class, managedAsClassA: diseases.managedAsClassA },
  feedType: { id: feedTypes.id, name: feedTypes.name, nameEn: feedTypes.nameEn },
  jurisdiction: { id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn, level: jurisdictions.level, path: jurisdictions.path },
  assignee: { id: assignee.id, displayName: assignee.displayName, username: assignee.username },
};

export type AlertRecord = {
  alert: typeof alerts.$inferSelect;
  disease: { id: string; code: string; name: string; nameEn: string; class: string; managedAsClassA: boolean } | null;
  feedType: { id: string; name: string; nameEn: string } | null;
  jurisdiction: { id: string; name: string; nameEn: string; level: string; path: string };
  assignee: { id: string; displayName: string; username: string } | null;
};

function selectAlerts(db: Executor) {
  return db
    .select(alertColumns)
    .from(alerts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
    .leftJoin(diseases, eq(diseases.id, alerts.diseaseId))
    .leftJoin(feedTypes, eq(feedTypes.id, alerts.feedTypeId))
    .leftJoin(assignee, eq(assignee.id, alerts.assigneeId));
}

function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Whether an alert is still to verify and past its deadline at `now`. */
export const overdueSql = (now: Date) =>
  and(inArray(alerts.status, [...VERIFICATION_STATUSES]), isNotNull(alerts.verificationDueAt), lt(alerts.verificationDueAt, now))!;

/**
 * A page of alerts in scope. Open alerts first, the nearest deadline first among them (what needs doing now),
 * then the rest by last activity.
 */
export async function listAlerts(db: Executor, scope: Scope, query: AlertListQuery, ctx: { userId: string; now: Date }) {
  const where: SQL[] = [inScope(scope, alerts.jurisdictionId)];
  if (query.status?.length) where.push(inArray(alerts.status, query.status));
  if (query.open === 'true') where.push(inArray(alerts.status, [...OPEN_STATUSES]));
  if (query.open === 'false') where.push(notInArray(alerts.status, [...OPEN_STATUSES]));
  if (query.warningLevel?.length) where.push(inArray(alerts.warningLevel, query.warningLevel));
  if (query.diseaseId) where.push(eq(alerts.diseaseId, query.diseaseId));
  if (query.feedTypeId) where.push(eq(alerts.feedTypeId, query.feedTypeId));
  if (query.assigneeId) where.push(eq(alerts.assigneeId, query.assigneeId));
  if (query.mine === 'true') where.push(eq(alerts.assigneeId, ctx.userId));
  if (query.overdue === 'true') where.push(overdueSql(ctx.now));
  if (query.jurisdictionId) {
    where.push(
      sql`${alerts.jurisdictionId} IN (SELECT sub.id FROM ${jurisdictions} sub, ${jurisdictions} top
            WHERE top.id = ${query.jurisdictionId}::uuid AND sub.path LIKE top.path || '%')`,
    );
  }
  if (query.q) {
    const p = containsPattern(query.q);
    where.push(or(ilike(alerts.code, p), ilike(alerts.title, p))!);
  }
  const isOpen = sql`CASE WHEN ${inArray(alerts.status, [...OPEN_STATUSES])} THEN 0 ELSE 1 END`;
  const [items, totals] = await Promise.all([
    selectAlerts(db)
      .where(and(...where))
      .orderBy(isOpen, sql`CASE WHEN ${inArray(alerts.status, [...VERIFICATION_STATUSES])} THEN ${alerts.verificationDueAt} END ASC NULLS LAST`, desc(alerts.updatedAt), desc(alerts.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(alerts).where(and(...where)),
  ]);
  return { items: items as AlertRecord[], total: totals[0]!.total };
}

/** One alert in scope, with its names. */
export async function findAlert(db: Executor, scope: Scope, id: string): Promise<AlertRecord | undefined> {
  const [row] = await selectAlerts(db).where(and(eq(alerts.id, id), inScope(scope, alerts.jurisdictionId)));
  return row as AlertRecord | undefined;
}

/** The alert row in scope, locked for the rest of the transaction (serialises concurrent transitions). */
export async function lockAlert(tx: Tx, scope: Scope, id: string) {
  const [row] = await tx
    .select()
    .from(alerts)
    .where(and(eq(alerts.id, id), inScope(scope, alerts.jurisdictionId)))
    .for('update');
  return row;
}

export async function updateAlert(tx: Tx, id: string, changes: Partial<typeof alerts.$inferInsert>) {
  const [row] = await tx.update(alerts).set(changes).where(eq(alerts.id, id)).returning();
  return row!;
}

export async function jurisdictionPath(db: Executor, id: string): Promise<string> {
  const [row] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return row!.path;
}

/** The signals an alert absorbed, newest first. */
export async function signalsOf(db: Executor, alertId: string, limit = 200) {
  return db.select().from(signals).where(eq(signals.alertId, alertId)).orderBy(desc(signals.periodEnd), desc(signals.createdAt)).limit(limit);
}

export async function assessmentOf(db: Executor, alertId: string) {
  const [row] = await db.select().from(alertAssessments).where(eq(alertAssessments.alertId, alertId));
  return row;
}

export async function upsertAssessment(tx: Tx, alertId: string, values: Partial<typeof alertAssessments.$inferInsert>) {
  const [row] = await tx
    .insert(alertAssessments)
    .values({ alertId, ...values })
    .onConflictDoUpdate({ target: alertAssessments.alertId, set: { ...values, updatedAt: new Date() } })
    .returning();
  return row!;
}

export async function addEvent(tx: Tx, values: typeof alertEvents.$inferInsert) {
  const [row] = await tx.insert(alertEvents).values(values).returning();
  return row!;
}

const actor = alias(users, 'actor');

/** The history, oldest first. */
export async function eventsOf(db: Executor, alertId: string) {
  return db
    .select({ event: alertEvents, actor: { id: actor.id, displayName: actor.displayName } })
    .from(alertEvents)
    .leftJoin(actor, eq(actor.id, alertEvents.actorId))
    .where(eq(alertEvents.alertId, alertId))
    .orderBy(asc(alertEvents.createdAt), asc(alertEvents.id));
}

export async function commentsOf(db: Executor, alertId: string) {
  return db
    .select({ comment: alertComments, author: { id: users.id, displayName: users.displayName } })
    .from(alertComments)
    .innerJoin(users, eq(users.id, alertComments.authorId))
    .where(eq(alertComments.alertId, alertId))
    .orderBy(asc(alertComments.createdAt), asc(alertComments.id));
}

export async function addComment(tx: Tx, values: typeof alertComments.$inferInsert) {
  const [row] = await tx.insert(alertComments).values(values).returning();
  return row!;
}

/** The incident opened from this alert, when there is one. */
export async function incidentOf(db: Executor, alertId: string) {
  const [row] = await db
    .select({ id: incidents.id, code: incidents.code, title: incidents.title, status: incidents.status })
    .from(incidents)
    .where(eq(incidents.alertId, alertId));
  return row;
}

/** Alerts still to verify whose deadline passed before `now` and whose supervisors were not yet told. */
export async function dueForEscalation(tx: Tx, now: Date) {
  return tx
    .select()
    .from(alerts)
    .where(and(overdueSql(now), sql`${alerts.escalatedAt} IS NULL`))
    .orderBy(asc(alerts.verificationDueAt))
    .for('update', { skipLocked: true });
}

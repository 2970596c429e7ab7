/**
 * Every query of the alerts feature. Each one on alerts applies the caller's scope (`inScope`), so an alert
 * outside it is simply not found; the tables hanging off an alert (history, comments, assessment, signals) are
 * read only after the alert was found in scope.
 */
import { type SQL, and, asc, count, desc, eq, ilike, inArray, isNotNull, isNull, lt, notInArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Scope, inScope } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { runHook } from '../../platform/hooks/hooks.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { signals } from '../detection/index.ts';
import { feedTypes } from '../catalogue/index.ts';
import type { AlertListQuery } from './alerts.schema.ts';
import type { Subscription } from './alerts.subscriptions.ts';
import {
  OPEN_ALERT_STATUSES,
  alertAssessments,
  alertComments,
  alertEvents,
  alerts,
  type EventType,
  eventReports,
} from './alerts.tables.ts';
import { VERIFICATION_STATUSES } from './alerts.workflow.ts';

const assignee = alias(users, 'assignee');

const alertColumns = {
  alert: alerts,
  disease: {
    id: diseases.id,
    code: diseases.code,
    name: diseases.name,
    nameEn: diseases.nameEn,
    class: diseases.class,
    managedAsClassA: diseases.managedAsClassA,
  },
  feedType: { id: feedTypes.id, name: feedTypes.name, nameEn: feedTypes.nameEn },
  jurisdiction: {
    id: jurisdictions.id,
    name: jurisdictions.name,
    nameEn: jurisdictions.nameEn,
    level: jurisdictions.level,
    path: jurisdictions.path,
  },
  assignee: { id: assignee.id, displayName: assignee.displayName, username: assignee.username },
  event: { id: eventReports.id, eventType: eventReports.eventType, place: eventReports.place },
};

export type AlertRecord = {
  alert: typeof alerts.$inferSelect;
  disease: { id: string; code: string; name: string; nameEn: string; class: string; managedAsClassA: boolean } | null;
  feedType: { id: string; name: string; nameEn: string } | null;
  jurisdiction: { id: string; name: string; nameEn: string; level: string; path: string };
  assignee: { id: string; displayName: string; username: string } | null;
  /** the event report behind an alert of class 'event' */
  event: { id: string; eventType: EventType; place: string } | null;
};

function selectAlerts(db: Executor) {
  return db
    .select(alertColumns)
    .from(alerts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
    .leftJoin(diseases, eq(diseases.id, alerts.diseaseId))
    .leftJoin(feedTypes, eq(feedTypes.id, alerts.feedTypeId))
    .leftJoin(assignee, eq(assignee.id, alerts.assigneeId))
    .leftJoin(eventReports, eq(eventReports.alertId, alerts.id));
}

function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Whether an alert is still to verify and past its deadline at `now`. */
export const overdueSql = (now: Date) =>
  and(inArray(alerts.status, [...VERIFICATION_STATUSES]), isNotNull(alerts.verificationDueAt), lt(alerts.verificationDueAt, now))!;

/** The alert's class (alerts.subscriptions.ts alertClassOf) in SQL; needs the diseases join. */
const alertClassSql = sql<string>`CASE WHEN ${alerts.feedTypeId} IS NOT NULL THEN 'syndromic'
  WHEN ${diseases.class} = 'A' OR ${diseases.managedAsClassA} THEN 'A' WHEN ${diseases.class} = 'B' THEN 'B' ELSE 'C' END`;
/** Class A first, then B, C and the syndromic feeds. */
const alertClassRankSql = sql`CASE WHEN ${alerts.feedTypeId} IS NOT NULL THEN 3
  WHEN ${diseases.class} = 'A' OR ${diseases.managedAsClassA} THEN 0 WHEN ${diseases.class} = 'B' THEN 1 ELSE 2 END`;

/** The alerts a subscription covers, as a condition (alerts.subscriptions.ts subscriptionCovers; Class A always). */
function subscriptionSql(sub: Subscription): SQL {
  const parts: SQL[] = [sub.alertClasses.length > 0 ? inArray(alertClassSql, sub.alertClasses) : sql`false`];
  if (sub.diseaseIds.length > 0) parts.push(or(isNull(alerts.diseaseId), inArray(alerts.diseaseId, sub.diseaseIds))!);
  if (sub.jurisdictionIds.length > 0) {
    parts.push(
      sql`EXISTS (SELECT 1 FROM ${jurisdictions} sub WHERE sub.id IN (${sql.join(
        sub.jurisdictionIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )}) AND (${jurisdictions.path} LIKE sub.path || '%' OR sub.path LIKE ${jurisdictions.path} || '%'))`,
    );
  }
  return or(eq(alertClassSql, 'A'), and(...parts))!;
}

/**
 * A page of alerts in scope. By default (sort 'deadline') open alerts first, the nearest deadline first among
 * them (what needs doing now), then the rest by last activity; 'class' puts Class A first among the open ones;
 * 'latest' is by last activity only.
 */
export async function listAlerts(
  db: Executor,
  scope: Scope,
  query: AlertListQuery,
  ctx: { userId: string; now: Date; subscription?: Subscription },
) {
  const where: SQL[] = [inScope(scope, alerts.jurisdictionId)];
  if (query.status?.length) where.push(inArray(alerts.status, query.status));
  if (query.open === 'true') where.push(inArray(alerts.status, [...OPEN_ALERT_STATUSES]));
  if (query.open === 'false') where.push(notInArray(alerts.status, [...OPEN_ALERT_STATUSES]));
  if (query.warningLevel?.length) where.push(inArray(alerts.warningLevel, query.warningLevel));
  if (query.diseaseId) where.push(eq(alerts.diseaseId, query.diseaseId));
  if (query.feedTypeId) where.push(eq(alerts.feedTypeId, query.feedTypeId));
  if (query.origin) where.push(eq(alerts.origin, query.origin));
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
  if (query.alertClass?.length) where.push(inArray(alertClassSql, query.alertClass));
  if (query.subscribed === 'true' && ctx.subscription) where.push(subscriptionSql(ctx.subscription));
  const isOpen = sql`CASE WHEN ${inArray(alerts.status, [...OPEN_ALERT_STATUSES])} THEN 0 ELSE 1 END`;
  const deadline = sql`CASE WHEN ${inArray(alerts.status, [...VERIFICATION_STATUSES])} THEN ${alerts.verificationDueAt} END ASC NULLS LAST`;
  const order =
    query.sort === 'latest'
      ? [desc(alerts.updatedAt), desc(alerts.id)]
      : query.sort === 'class'
        ? [isOpen, alertClassRankSql, deadline, desc(alerts.updatedAt), desc(alerts.id)]
        : [isOpen, deadline, desc(alerts.updatedAt), desc(alerts.id)];
  const [items, totals] = await Promise.all([
    selectAlerts(db)
      .where(and(...where))
      .orderBy(...order)
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db
      .select({ total: count() })
      .from(alerts)
      .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
      .leftJoin(diseases, eq(diseases.id, alerts.diseaseId))
      .where(and(...where)),
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
  // border alerts follow their status in linked districts (neighbours, through the hook)
  await runHook(tx, 'alerts.changed', { alertIds: [id], now: changes.updatedAt ?? new Date() });
  return row!;
}

export async function jurisdictionPath(db: Executor, id: string): Promise<string> {
  const [row] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return row!.path;
}

/** The signals an alert absorbed, newest first. */
export async function signalsOf(db: Executor, alertId: string, limit = 200) {
  return db
    .select()
    .from(signals)
    .where(eq(signals.alertId, alertId))
    .orderBy(desc(signals.periodEnd), desc(signals.createdAt))
    .limit(limit);
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

/** Alerts still to verify whose deadline passed before `now` and whose supervisors were not yet told. */
export async function dueForEscalation(tx: Tx, now: Date) {
  return tx
    .select()
    .from(alerts)
    .where(and(overdueSql(now), sql`${alerts.escalatedAt} IS NULL`))
    .orderBy(asc(alerts.verificationDueAt))
    .for('update', { skipLocked: true });
}

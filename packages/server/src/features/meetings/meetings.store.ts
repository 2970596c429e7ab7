/**
 * Every query of meetings, their attendees and decisions. Meetings are scoped by their jurisdiction (`inScope`);
 * attendees and decisions are reached only through a meeting found in scope.
 */
import { type SQL, and, asc, count, desc, eq, inArray, isNull, max, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { hasRight, inScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { type TaskStatus, tasks, OPEN_TASK_STATUSES } from '../tasks/index.ts';
import { incidents } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';
import type { AttendeeInput } from './meetings.schema.ts';
import { type AgendaItem, type MeetingStatus, meetingAttendees, meetingDecisions, meetings } from './meetings.tables.ts';

export type MeetingRow = typeof meetings.$inferSelect;
export type DecisionRow = typeof meetingDecisions.$inferSelect;

export interface MeetingSummaryView {
  id: string;
  incidentId: string | null;
  incidentCode: string | null;
  incidentTitle: string | null;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  title: string;
  heldAt: string;
  location: string;
  status: MeetingStatus;
  decisionCount: number;
}

export interface DecisionTaskView {
  id: string;
  code: string;
  title: string;
  status: TaskStatus;
  dueAt: string;
  overdue: boolean;
  assigneeAgencyId: string | null;
  assigneeName: string;
  assigneeNameEn: string;
}

export interface MeetingView extends MeetingSummaryView {
  chair: string;
  agenda: AgendaItem[];
  attendees: {
    id: string;
    agencyId: string | null;
    agencyName: string | null;
    agencyNameEn: string | null;
    personName: string;
    position: string;
  }[];
  minutes: string;
  decisions: { id: string; seq: number; text: string; tasks: DecisionTaskView[] }[];
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
}

const OPEN: TaskStatus[] = [...OPEN_TASK_STATUSES];
const decisionCount = sql<number>`(SELECT count(*)::int FROM ${meetingDecisions} WHERE ${meetingDecisions.meetingId} = ${meetings.id})`;

const summaryColumns = {
  id: meetings.id,
  incidentId: meetings.incidentId,
  incidentCode: incidents.code,
  incidentTitle: incidents.title,
  jurisdictionId: meetings.jurisdictionId,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
  title: meetings.title,
  heldAt: meetings.heldAt,
  location: meetings.location,
  status: meetings.status,
  decisionCount,
};

type SummaryRow = { heldAt: Date; decisionCount: number } & Omit<MeetingSummaryView, 'heldAt' | 'decisionCount'>;
const presentSummary = (r: SummaryRow): MeetingSummaryView => ({
  ...r,
  heldAt: r.heldAt.toISOString(),
  decisionCount: Number(r.decisionCount),
});

/** A page of meetings in scope, latest first. */
export async function listMeetings(
  db: Executor,
  scope: Scope,
  q: { incidentId?: string; kind?: 'incident' | 'standing'; page: number; pageSize: number },
): Promise<{ items: MeetingSummaryView[]; total: number }> {
  const conditions: SQL[] = [inScope(scope, meetings.jurisdictionId)];
  if (q.incidentId) conditions.push(eq(meetings.incidentId, q.incidentId));
  if (q.kind === 'standing') conditions.push(isNull(meetings.incidentId));
  if (q.kind === 'incident') conditions.push(sql`${meetings.incidentId} IS NOT NULL`);
  const where = and(...conditions);
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select(summaryColumns)
      .from(meetings)
      .innerJoin(jurisdictions, eq(jurisdictions.id, meetings.jurisdictionId))
      .leftJoin(incidents, eq(incidents.id, meetings.incidentId))
      .where(where)
      .orderBy(desc(meetings.heldAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(meetings).where(where),
  ]);
  return { items: rows.map(presentSummary), total: Number(total) };
}

/** The meeting row in scope, or null (`forUpdate` locks it). */
export async function findMeetingRow(db: Executor, scope: Scope, id: string, forUpdate = false): Promise<MeetingRow | null> {
  const query = db
    .select()
    .from(meetings)
    .where(and(eq(meetings.id, id), inScope(scope, meetings.jurisdictionId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/** The tasks made from decisions, by decision id. */
export async function decisionTasks(db: Executor, decisionIds: string[], now: Date): Promise<Map<string, DecisionTaskView[]>> {
  const out = new Map<string, DecisionTaskView[]>();
  if (decisionIds.length === 0) return out;
  const assigneeJurisdiction = alias(jurisdictions, 'assignee_jurisdiction');
  const rows = await db
    .select({
      id: tasks.id,
      code: tasks.code,
      title: tasks.title,
      status: tasks.status,
      dueAt: tasks.dueAt,
      originRef: tasks.originRef,
      assigneeAgencyId: tasks.assigneeAgencyId,
      agencyName: agencies.name,
      agencyNameEn: agencies.nameEn,
      jName: assigneeJurisdiction.name,
      jNameEn: assigneeJurisdiction.nameEn,
      userName: users.displayName,
    })
    .from(tasks)
    .leftJoin(agencies, eq(agencies.id, tasks.assigneeAgencyId))
    .leftJoin(assigneeJurisdiction, eq(assigneeJurisdiction.id, tasks.assigneeJurisdictionId))
    .leftJoin(users, eq(users.id, tasks.assigneeUserId))
    .where(and(eq(tasks.origin, 'meeting_decision'), inArray(tasks.originRef, decisionIds)))
    .orderBy(asc(tasks.code));
  for (const r of rows) {
    const list = out.get(r.originRef!) ?? [];
    list.push({
      id: r.id,
      code: r.code,
      title: r.title,
      status: r.status,
      dueAt: r.dueAt.toISOString(),
      overdue: OPEN.includes(r.status) && r.dueAt.getTime() < now.getTime(),
      assigneeAgencyId: r.assigneeAgencyId,
      assigneeName: r.agencyName ?? r.jName ?? r.userName ?? '',
      assigneeNameEn: r.agencyNameEn ?? r.jNameEn ?? r.userName ?? '',
    });
    out.set(r.originRef!, list);
  }
  return out;
}

/** The presented meeting in scope (attendees, decisions with their tasks), or null. */
export async function findMeeting(db: Executor, scope: Scope, id: string, now = new Date()): Promise<MeetingView | null> {
  const creator = alias(users, 'creator');
  const [row] = await db
    .select({
      ...summaryColumns,
      chair: meetings.chair,
      agenda: meetings.agenda,
      minutes: meetings.minutes,
      createdByName: creator.displayName,
      createdAt: meetings.createdAt,
      updatedAt: meetings.updatedAt,
    })
    .from(meetings)
    .innerJoin(jurisdictions, eq(jurisdictions.id, meetings.jurisdictionId))
    .leftJoin(incidents, eq(incidents.id, meetings.incidentId))
    .leftJoin(creator, eq(creator.id, meetings.createdBy))
    .where(and(eq(meetings.id, id), inScope(scope, meetings.jurisdictionId)));
  if (!row) return null;
  const [attendees, decisions] = await Promise.all([
    db
      .select({
        id: meetingAttendees.id,
        agencyId: meetingAttendees.agencyId,
        agencyName: agencies.name,
        agencyNameEn: agencies.nameEn,
        personName: meetingAttendees.personName,
        position: meetingAttendees.position,
      })
      .from(meetingAttendees)
      .leftJoin(agencies, eq(agencies.id, meetingAttendees.agencyId))
      .where(eq(meetingAttendees.meetingId, id))
      .orderBy(asc(meetingAttendees.sortOrder)),
    db.select().from(meetingDecisions).where(eq(meetingDecisions.meetingId, id)).orderBy(asc(meetingDecisions.seq)),
  ]);
  const byDecision = await decisionTasks(
    db,
    decisions.map((d) => d.id),
    now,
  );
  const { createdAt, updatedAt, chair, agenda, minutes, createdByName, ...summary } = row;
  return {
    ...presentSummary(summary),
    chair,
    agenda,
    minutes,
    createdByName,
    attendees,
    decisions: decisions.map((d) => ({ id: d.id, seq: d.seq, text: d.text, tasks: byDecision.get(d.id) ?? [] })),
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  };
}

export async function insertMeeting(tx: Tx, values: typeof meetings.$inferInsert): Promise<MeetingRow> {
  const [row] = await tx.insert(meetings).values(values).returning();
  return row!;
}

export async function updateMeeting(
  tx: Tx,
  scope: Scope,
  id: string,
  changes: Partial<typeof meetings.$inferInsert>,
): Promise<MeetingRow | null> {
  const [row] = await tx
    .update(meetings)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(meetings.id, id), inScope(scope, meetings.jurisdictionId)))
    .returning();
  return row ?? null;
}

/** Replaces a meeting's attendees (in the given order). */
export async function replaceAttendees(tx: Tx, meetingId: string, attendees: AttendeeInput[]): Promise<void> {
  await tx.delete(meetingAttendees).where(eq(meetingAttendees.meetingId, meetingId));
  if (attendees.length === 0) return;
  await tx.insert(meetingAttendees).values(
    attendees.map((a, i) => ({
      meetingId,
      agencyId: a.agencyId?.toLowerCase() ?? null,
      personName: a.personName.trim(),
      position: a.position.trim(),
      sortOrder: i,
    })),
  );
}

/** The attendees as stored (for audit). */
export async function attendeesOf(db: Executor, meetingId: string) {
  return db
    .select({ agencyId: meetingAttendees.agencyId, personName: meetingAttendees.personName, position: meetingAttendees.position })
    .from(meetingAttendees)
    .where(eq(meetingAttendees.meetingId, meetingId))
    .orderBy(asc(meetingAttendees.sortOrder));
}

/** Which of these agency ids exist. */
export async function existingAgencyIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.select({ id: agencies.id }).from(agencies).where(inArray(agencies.id, ids));
  return new Set(rows.map((r) => r.id));
}

export async function insertDecision(tx: Tx, meetingId: string, text: string): Promise<DecisionRow> {
  const [{ n } = { n: 0 }] = await tx
    .select({ n: max(meetingDecisions.seq) })
    .from(meetingDecisions)
    .where(eq(meetingDecisions.meetingId, meetingId));
  const [row] = await tx
    .insert(meetingDecisions)
    .values({ meetingId, seq: (n ?? 0) + 1, text })
    .returning();
  return row!;
}

export async function findDecision(db: Executor, meetingId: string, decisionId: string): Promise<DecisionRow | null> {
  const [row] = await db
    .select()
    .from(meetingDecisions)
    .where(and(eq(meetingDecisions.id, decisionId), eq(meetingDecisions.meetingId, meetingId)));
  return row ?? null;
}

export async function updateDecision(tx: Tx, decisionId: string, text: string): Promise<DecisionRow> {
  const [row] = await tx
    .update(meetingDecisions)
    .set({ text, updatedAt: new Date() })
    .where(eq(meetingDecisions.id, decisionId))
    .returning();
  return row!;
}

export async function deleteDecision(tx: Tx, decisionId: string): Promise<void> {
  await tx.delete(meetingDecisions).where(eq(meetingDecisions.id, decisionId));
}

/** Number of tasks made from a decision (any status). */
export async function decisionTaskCount(db: Executor, decisionId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(tasks)
    .where(and(eq(tasks.origin, 'meeting_decision'), eq(tasks.originRef, decisionId)));
  return Number(row?.n ?? 0);
}

/** The incident in scope (its area and status). */
export async function findIncidentInScope(db: Executor, scope: Scope, incidentId: string) {
  const [row] = await db
    .select({ id: incidents.id, status: incidents.status, jurisdictionId: incidents.jurisdictionId })
    .from(incidents)
    .where(and(eq(incidents.id, incidentId), inScope(scope, incidents.jurisdictionId)));
  return row ?? null;
}

/** The jurisdiction's path (scope checks of a body's jurisdictionId, live events). */
export async function jurisdictionPathOf(db: Executor, id: string): Promise<string | null> {
  const [row] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return row?.path ?? null;
}

/**
 * A meeting decision the reader may see (its meeting in the reader's scope of incidents.read), with its meeting's
 * id and title, or null — the same answer for a decision that does not exist and one outside the reader's scope.
 */
export async function visibleDecision(
  db: Executor,
  principal: Principal,
  decisionId: string,
): Promise<{ id: string; meetingId: string; meetingTitle: string; seq: number; text: string } | null> {
  if (!hasRight(principal, 'incidents.read')) return null;
  const scope = scopeFor(principal, 'incidents.read');
  const [row] = await db
    .select({
      id: meetingDecisions.id,
      meetingId: meetings.id,
      meetingTitle: meetings.title,
      seq: meetingDecisions.seq,
      text: meetingDecisions.text,
    })
    .from(meetingDecisions)
    .innerJoin(meetings, eq(meetings.id, meetingDecisions.meetingId))
    .where(and(eq(meetingDecisions.id, decisionId), inScope(scope, meetings.jurisdictionId)));
  return row ?? null;
}

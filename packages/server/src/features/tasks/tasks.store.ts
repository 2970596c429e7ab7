/**
 * Every query on tasks, task notes and recurrences. Reads go through `visibleTo(principal)`: a task is visible
 * to a holder of `tasks.read` whose scope contains the task's jurisdiction or its assigned township, and also — wherever the task is —
 * to the users of the assigned agency and to the assigned person (they must be able to work on what they were
 * given), as live events are (platform/live/live.ts).
 */
import { type SQL, and, asc, desc, eq, gte, inArray, lt, lte, notInArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { ROLES, type Right, isRoleId } from '../../platform/auth/rights.ts';
import { inScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { incidents } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';
import {
  taskNotes,
  taskRecurrences,
  type ChecklistItem,
  type TaskOrigin,
  type TaskStatus,
  tasks,
  OPEN_TASK_STATUSES,
} from './tasks.tables.ts';

export type TaskRow = typeof tasks.$inferSelect;
export type TaskPriority = TaskRow['priority'];

/** The presented task (docs/tasks.md; the API's `Task`). */
export interface TaskView {
  id: string;
  code: string;
  incidentId: string | null;
  incidentCode: string | null;
  incidentTitle: string | null;
  /** the task belongs to an exercise's incident (docs/exercises.md): shown with the 演练 tag, never counted as real */
  exercise: boolean;
  exerciseId: string | null;
  title: string;
  description: string;
  assigneeAgencyId: string | null;
  assigneeAgencyName: string | null;
  assigneeAgencyNameEn: string | null;
  assigneeJurisdictionId: string | null;
  assigneeJurisdictionName: string | null;
  assigneeJurisdictionNameEn: string | null;
  assigneeUserId: string | null;
  assigneeUserName: string | null;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  status: TaskStatus;
  statusReason: string;
  priority: TaskPriority;
  dueAt: string;
  /** past due and still open (assigned, accepted, in progress or blocked) */
  overdue: boolean;
  checklist: ChecklistItem[];
  origin: TaskOrigin;
  originRef: string | null;
  escalatedAt: string | null;
  completedAt: string | null;
  result: string;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
}

const assigneeJurisdiction = alias(jurisdictions, 'assignee_jurisdiction');
const taskJurisdiction = alias(jurisdictions, 'task_jurisdiction');
const assigneeUser = alias(users, 'assignee_user');
const creator = alias(users, 'creator');

const viewColumns = {
  task: tasks,
  incidentCode: incidents.code,
  incidentTitle: incidents.title,
  incidentExerciseId: incidents.exerciseId,
  agencyName: agencies.name,
  agencyNameEn: agencies.nameEn,
  assigneeJurisdictionName: assigneeJurisdiction.name,
  assigneeJurisdictionNameEn: assigneeJurisdiction.nameEn,
  assigneeUserName: assigneeUser.displayName,
  jurisdictionName: taskJurisdiction.name,
  jurisdictionNameEn: taskJurisdiction.nameEn,
  jurisdictionPath: taskJurisdiction.path,
  createdByName: creator.displayName,
};

type ViewRow = {
  task: TaskRow;
  incidentCode: string | null;
  incidentTitle: string | null;
  incidentExerciseId: string | null;
  agencyName: string | null;
  agencyNameEn: string | null;
  assigneeJurisdictionName: string | null;
  assigneeJurisdictionNameEn: string | null;
  assigneeUserName: string | null;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  jurisdictionPath: string;
  createdByName: string | null;
};

function viewQuery(db: Executor) {
  return db
    .select(viewColumns)
    .from(tasks)
    .leftJoin(incidents, eq(incidents.id, tasks.incidentId))
    .leftJoin(agencies, eq(agencies.id, tasks.assigneeAgencyId))
    .leftJoin(assigneeJurisdiction, eq(assigneeJurisdiction.id, tasks.assigneeJurisdictionId))
    .leftJoin(assigneeUser, eq(assigneeUser.id, tasks.assigneeUserId))
    .innerJoin(taskJurisdiction, eq(taskJurisdiction.id, tasks.jurisdictionId))
    .leftJoin(creator, eq(creator.id, tasks.createdBy));
}

function toView(row: ViewRow, now: Date): TaskView & { jurisdictionPath: string } {
  const t = row.task;
  return {
    id: t.id,
    code: t.code,
    incidentId: t.incidentId,
    incidentCode: row.incidentCode,
    incidentTitle: row.incidentTitle,
    exercise: row.incidentExerciseId !== null,
    exerciseId: row.incidentExerciseId,
    title: t.title,
    description: t.description,
    assigneeAgencyId: t.assigneeAgencyId,
    assigneeAgencyName: row.agencyName,
    assigneeAgencyNameEn: row.agencyNameEn,
    assigneeJurisdictionId: t.assigneeJurisdictionId,
    assigneeJurisdictionName: row.assigneeJurisdictionName,
    assigneeJurisdictionNameEn: row.assigneeJurisdictionNameEn,
    assigneeUserId: t.assigneeUserId,
    assigneeUserName: row.assigneeUserName,
    jurisdictionId: t.jurisdictionId,
    jurisdictionName: row.jurisdictionName,
    jurisdictionNameEn: row.jurisdictionNameEn,
    jurisdictionPath: row.jurisdictionPath,
    status: t.status,
    statusReason: t.statusReason,
    priority: t.priority,
    dueAt: t.dueAt.toISOString(),
    overdue: OPEN_TASK_STATUSES.includes(t.status) && t.dueAt.getTime() < now.getTime(),
    checklist: t.checklist,
    origin: t.origin,
    originRef: t.originRef,
    escalatedAt: t.escalatedAt?.toISOString() ?? null,
    completedAt: t.completedAt?.toISOString() ?? null,
    result: t.result,
    createdBy: t.createdBy,
    createdByName: row.createdByName,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}

/** Strips the internal path from a view (what the API returns). */
export function publicView(view: TaskView & { jurisdictionPath?: string }): TaskView {
  const { jurisdictionPath: _path, ...rest } = view;
  return rest;
}

/** Task views (with the task jurisdiction's path) matching `where`, unscoped: the caller scopes. */
export async function selectTaskViews(
  db: Executor,
  where: SQL | undefined,
  options: { orderBy?: SQL[]; limit?: number; offset?: number; now?: Date } = {},
): Promise<(TaskView & { jurisdictionPath: string })[]> {
  let query = viewQuery(db)
    .where(where)
    .orderBy(...(options.orderBy ?? [asc(tasks.dueAt), asc(tasks.code)]))
    .$dynamic();
  if (options.limit !== undefined) query = query.limit(options.limit);
  if (options.offset !== undefined) query = query.offset(options.offset);
  const rows = (await query) as ViewRow[];
  const now = options.now ?? new Date();
  return rows.map((row) => toView(row, now));
}

/**
 * SQL: the tasks `principal` may see (module comment). Throws 403 when the principal holds `tasks.read`
 * nowhere.
 */
export function visibleTo(principal: Principal): SQL {
  const scope = scopeFor(principal, 'tasks.read');
  return or(
    inScope(scope, tasks.jurisdictionId),
    // a township's staff see what is assigned to their township, even when the task's area is the district
    inScope(scope, tasks.assigneeJurisdictionId),
    principal.agencyId ? eq(tasks.assigneeAgencyId, principal.agencyId) : undefined,
    eq(tasks.assigneeUserId, principal.id),
  )!;
}

/** SQL: the tasks assigned to the principal's side — their agency, a township in their tasks.update scope, or them. */
export function assignedTo(principal: Principal): SQL {
  const parts: (SQL | undefined)[] = [eq(tasks.assigneeUserId, principal.id)];
  if (principal.agencyId) parts.push(eq(tasks.assigneeAgencyId, principal.agencyId));
  const townships = townshipGrantPaths(principal);
  if (townships.length > 0) {
    parts.push(
      sql`${tasks.assigneeJurisdictionId} IN (SELECT ${jurisdictions.id} FROM ${jurisdictions} WHERE ${or(
        ...townships.map((p) => sql`${p} LIKE ${jurisdictions.path} || '%'`),
      )})`,
    );
  }
  return or(...parts)!;
}

/**
 * Paths of the principal's grants that carry `tasks.update`. A task assigned to a township (or community) is
 * theirs when one of these lies at or below that jurisdiction (the grant's path starts with its path): its own
 * staff. A district-wide grant does not make every agency's liaison the assignee of every township's task.
 */
export function townshipGrantPaths(principal: Principal): string[] {
  return principal.grants
    .filter((g) => isRoleId(g.role) && (ROLES[g.role].rights as readonly Right[]).includes('tasks.update'))
    .map((g) => g.jurisdictionPath);
}

/** Filters of the task list. */
export interface TaskFilter {
  incidentId?: string;
  agencyId?: string;
  /** the assigned township (assignee_jurisdiction_id) */
  assigneeJurisdictionId?: string;
  /** tasks whose jurisdiction lies in this jurisdiction's subtree */
  jurisdictionId?: string;
  status?: TaskStatus[];
  overdue?: boolean;
  dueFrom?: Date;
  dueTo?: Date;
  q?: string;
}

/** SQL for a filter (at `now` for overdue). */
export function filterSql(filter: TaskFilter, now: Date): SQL | undefined {
  return and(
    filter.incidentId ? eq(tasks.incidentId, filter.incidentId) : undefined,
    filter.agencyId ? eq(tasks.assigneeAgencyId, filter.agencyId) : undefined,
    filter.assigneeJurisdictionId ? eq(tasks.assigneeJurisdictionId, filter.assigneeJurisdictionId) : undefined,
    filter.jurisdictionId
      ? sql`${tasks.jurisdictionId} IN (SELECT ${jurisdictions.id} FROM ${jurisdictions} WHERE ${jurisdictions.path} LIKE (SELECT ${jurisdictions.path} FROM ${jurisdictions} WHERE ${jurisdictions.id} = ${filter.jurisdictionId}) || '%')`
      : undefined,
    filter.status && filter.status.length > 0 ? inArray(tasks.status, filter.status) : undefined,
    filter.overdue === true ? and(inArray(tasks.status, [...OPEN_TASK_STATUSES]), lt(tasks.dueAt, now)) : undefined,
    filter.overdue === false ? or(notInArray(tasks.status, [...OPEN_TASK_STATUSES]), gte(tasks.dueAt, now)) : undefined,
    filter.dueFrom ? gte(tasks.dueAt, filter.dueFrom) : undefined,
    filter.dueTo ? lte(tasks.dueAt, filter.dueTo) : undefined,
    filter.q
      ? or(sql`${tasks.title} ILIKE ${`%${escapeLike(filter.q)}%`}`, sql`${tasks.code} ILIKE ${`%${escapeLike(filter.q)}%`}`)
      : undefined,
  );
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Number of tasks matching `where`. */
export async function countTasks(db: Executor, where: SQL | undefined): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(tasks).where(where);
  return row?.n ?? 0;
}

/** The task row by id, locked for update when in a transaction that changes it. */
export async function lockTask(db: Executor, id: string): Promise<TaskRow | undefined> {
  const [row] = await db.select().from(tasks).where(eq(tasks.id, id)).for('update');
  return row;
}

/** A task's notes, oldest first, with author names. */
export async function listNotes(db: Executor, taskId: string) {
  const rows = await db
    .select({ note: taskNotes, authorName: users.displayName })
    .from(taskNotes)
    .leftJoin(users, eq(users.id, taskNotes.authorId))
    .where(eq(taskNotes.taskId, taskId))
    .orderBy(asc(taskNotes.createdAt), asc(taskNotes.id));
  return rows.map(({ note, authorName }) => ({
    id: note.id,
    kind: note.kind,
    body: note.body,
    status: note.status,
    authorId: note.authorId,
    authorName,
    createdAt: note.createdAt.toISOString(),
  }));
}

/** Adds a note. */
export async function insertNote(
  db: Executor,
  note: {
    taskId: string;
    kind: (typeof taskNotes.$inferInsert)['kind'];
    body: string;
    status?: TaskStatus | null;
    authorId: string | null;
    createdAt?: Date;
  },
) {
  const [row] = await db.insert(taskNotes).values(note).returning();
  return row!;
}

/** Open tasks past due and not yet escalated (for the escalation job), oldest due first. */
export async function overdueUnescalated(db: Executor, now: Date, limit = 500): Promise<TaskRow[]> {
  return db
    .select()
    .from(tasks)
    .where(and(inArray(tasks.status, [...OPEN_TASK_STATUSES]), lt(tasks.dueAt, now), sql`${tasks.escalatedAt} IS NULL`))
    .orderBy(asc(tasks.dueAt))
    .limit(limit);
}

/** The path of a jurisdiction. */
export async function jurisdictionPath(db: Executor, id: string): Promise<string | undefined> {
  const [row] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return row?.path;
}

export type RecurrenceRow = typeof taskRecurrences.$inferSelect;

/** Recurrences visible in a scope (by their jurisdiction), newest first. */
export async function listRecurrences(db: Executor, where: SQL | undefined) {
  return db
    .select({
      recurrence: taskRecurrences,
      agencyName: agencies.name,
      agencyNameEn: agencies.nameEn,
      incidentCode: incidents.code,
      incidentStatus: incidents.status,
    })
    .from(taskRecurrences)
    .leftJoin(agencies, eq(agencies.id, taskRecurrences.assigneeAgencyId))
    .leftJoin(incidents, eq(incidents.id, taskRecurrences.incidentId))
    .where(where)
    .orderBy(desc(taskRecurrences.createdAt));
}

/** Active recurrences (for the recurrence job). */
export async function activeRecurrences(db: Executor) {
  return db
    .select({ recurrence: taskRecurrences, incidentStatus: incidents.status })
    .from(taskRecurrences)
    .leftJoin(incidents, eq(incidents.id, taskRecurrences.incidentId))
    .where(eq(taskRecurrences.active, true));
}

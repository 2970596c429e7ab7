/**
 * Rules of the tasks feature (docs/tasks.md). Who may do what:
 * - read: `tasks.read` within scope, plus the assigned agency's users and the assigned person wherever the task
 *   is (tasks.store.ts visibleTo); anything else is 404;
 * - work on a task (accept, start, complete, reject, block, reopen; notes; checklist; files): only the assignee
 *   side — users of the assigned agency holding `tasks.update`, staff holding `tasks.update` at or below the
 *   assigned township, the assigned person. Someone else who can see the task is refused 403 with a message;
 * - manage (create, reassign, change due time or content, cancel): `tasks.assign` with the task in scope.
 * Every change is one transaction with its audit record, a live event and, where someone must act, notify().
 *
 * Completing a task needs its result (what was done; evidence goes in as a file before); a done task is reopened
 * with a reason — by the assignee side (it was not done after all) or by whoever manages it (the result does not
 * hold) — back to in progress, the result cleared from the task but kept in its notes.
 */
import { and, eq, ilike, inArray, or, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { hasRight, inScope, type Principal, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import { userRoles, users } from '../../platform/db/platform.tables.ts';
import { ROLES, type Right } from '../../platform/auth/rights.ts';
import { notify } from '../notifications/index.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { conflict, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { type AttachmentView, listAttachments, readAttachment, saveAttachment } from '../../platform/files/attachments.ts';
import { incidents } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';
import { createTasks, formatLocal, notifyAssigneeSide, publishTaskLive } from './task-creation.ts';
import type { TaskCreate, TaskListQuery, TaskPatch } from './tasks.schema.ts';
import {
  type TaskRow,
  type TaskView,
  assignedTo,
  countTasks,
  filterSql,
  insertNote,
  jurisdictionPath,
  listNotes,
  lockTask,
  publicView,
  selectTaskViews,
  townshipGrantPaths,
  visibleTo,
} from './tasks.store.ts';
import { OPEN_TASK_STATUSES, type TaskStatus, TASK_STATUSES, tasks } from './tasks.tables.ts';

export type TaskAction = 'accept' | 'start' | 'complete' | 'reject' | 'block' | 'reopen';

/** The workflow: from which statuses each action may be taken, and where it leads. */
export const TRANSITIONS: Record<TaskAction, { from: TaskStatus[]; to: TaskStatus; reason: boolean }> = {
  accept: { from: ['assigned'], to: 'accepted', reason: false },
  start: { from: ['assigned', 'accepted'], to: 'in_progress', reason: false },
  complete: { from: ['accepted', 'in_progress'], to: 'done', reason: false },
  reject: { from: ['assigned', 'accepted'], to: 'rejected', reason: true },
  block: { from: ['accepted', 'in_progress'], to: 'blocked', reason: true },
  // From blocked: the obstacle is gone. From done: the work was not finished after all (a reason is required).
  reopen: { from: ['blocked', 'done'], to: 'in_progress', reason: false },
};

const STATUS_ZH: Record<TaskStatus, string> = {
  assigned: '待接收',
  accepted: '已接收',
  in_progress: '办理中',
  done: '已办结',
  rejected: '已退回',
  blocked: '受阻',
  cancelled: '已取消',
};

export interface Ctx {
  ip?: string | null;
  now?: Date;
}

export const actorOf = (p: Principal) => ({ id: p.id, username: p.username });
const NOT_ASSIGNEE = 'Only the assigned agency, township or person may work on this task';

/** A visible task's view (with path) or 404. */
export async function visibleTask(db: Executor, principal: Principal, id: string, now?: Date) {
  const [view] = await selectTaskViews(db, and(eq(tasks.id, id), visibleTo(principal)), { now });
  if (!view) throw notFound('task');
  return view;
}

/** Whether the principal is on the task's assignee side (module comment). */
export async function isAssigneeSide(
  db: Executor,
  principal: Principal,
  task: Pick<TaskRow, 'assigneeAgencyId' | 'assigneeJurisdictionId' | 'assigneeUserId'>,
) {
  if (task.assigneeUserId === principal.id) return true;
  if (task.assigneeAgencyId && principal.agencyId === task.assigneeAgencyId && hasRight(principal, 'tasks.update')) return true;
  if (task.assigneeJurisdictionId) {
    const grants = townshipGrantPaths(principal);
    if (grants.length > 0) {
      const path = await jurisdictionPath(db, task.assigneeJurisdictionId);
      if (path && grants.some((g) => g.startsWith(path))) return true;
    }
  }
  return false;
}

/** Whether the principal holds tasks.assign over this task's area. */
export function canManage(principal: Principal, taskJurisdictionPath: string): boolean {
  try {
    return pathInScope(scopeFor(principal, 'tasks.assign'), taskJurisdictionPath);
  } catch {
    return false;
  }
}

/** The workflow actions available from a status. */
export function actionsFrom(status: TaskStatus): TaskAction[] {
  return (Object.keys(TRANSITIONS) as TaskAction[]).filter((a) => TRANSITIONS[a].from.includes(status));
}

// ── reading ───────────────────────────────────────────────────────────────────────────────────────────────

export async function listTasksFor(db: Executor, principal: Principal, query: TaskListQuery, now = new Date()) {
  const where = and(
    visibleTo(principal),
    filterSql(
      {
        incidentId: query.incidentId,
        agencyId: query.agencyId,
        assigneeJurisdictionId: query.assigneeJurisdictionId,
        jurisdictionId: query.jurisdictionId,
        status: query.status,
        overdue: query.overdue,
        dueFrom: query.dueFrom ? new Date(query.dueFrom) : undefined,
        dueTo: query.dueTo ? new Date(query.dueTo) : undefined,
        q: query.q,
      },
      now,
    ),
  );
  const [items, total] = await Promise.all([
    selectTaskViews(db, where, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize, now }),
    countTasks(db, where),
  ]);
  return { items: items.map(publicView), total };
}

/**
 * The inbox: tasks assigned to the principal's agency, to townships where they work, or to them; open ones by
 * default, most urgent (overdue, then due soonest) first.
 */
export async function inboxFor(db: Executor, principal: Principal, query: { status?: TaskStatus[] }, now = new Date()) {
  const items = await inboxPageFor(db, principal, query, { limit: 500, offset: 0 }, now);
  return { items, total: items.length };
}

/** One page of the inbox, in its order (the inbox shows the first 500; its export reads them all, page by page). */
export async function inboxPageFor(
  db: Executor,
  principal: Principal,
  query: { status?: TaskStatus[] },
  page: { limit: number; offset: number },
  now = new Date(),
) {
  const statuses = query.status && query.status.length > 0 ? query.status : OPEN_TASK_STATUSES;
  const where = and(visibleTo(principal), assignedTo(principal), inArray(tasks.status, statuses));
  const items = await selectTaskViews(db, where, { now, ...page });
  return items.map(publicView);
}

/** The board of one incident: counts by assignee × status, and its tasks. */
export async function boardFor(db: Executor, principal: Principal, incidentId: string, now = new Date()) {
  const scope = scopeFor(principal, 'tasks.read');
  // An incident outside the caller's area answers 404 like a random id (no existence oracle), unless some of
  // its tasks are the caller's to see (a township or agency working on a district incident).
  const [incident] = await db
    .select({ id: incidents.id })
    .from(incidents)
    .where(and(eq(incidents.id, incidentId), inScope(scope, incidents.jurisdictionId)));
  const items = await selectTaskViews(db, and(eq(tasks.incidentId, incidentId), visibleTo(principal)), { now });
  if (!incident && items.length === 0) throw notFound('incident');
  const rows = new Map<
    string,
    {
      key: string;
      kind: 'agency' | 'jurisdiction' | 'user';
      name: string;
      nameEn: string;
      counts: Record<string, number>;
      overdue: number;
      total: number;
    }
  >();
  const totals: Record<string, number> = Object.fromEntries(TASK_STATUSES.map((s) => [s, 0]));
  let overdue = 0;
  for (const t of items) {
    const [key, kind, name, nameEn] = t.assigneeAgencyId
      ? [t.assigneeAgencyId, 'agency' as const, t.assigneeAgencyName ?? '', t.assigneeAgencyNameEn ?? '']
      : t.assigneeJurisdictionId
        ? [t.assigneeJurisdictionId, 'jurisdiction' as const, t.assigneeJurisdictionName ?? '', t.assigneeJurisdictionNameEn ?? '']
        : [t.assigneeUserId!, 'user' as const, t.assigneeUserName ?? '', t.assigneeUserName ?? ''];
    let row = rows.get(key);
    if (!row) {
      row = { key, kind, name, nameEn, counts: Object.fromEntries(TASK_STATUSES.map((s) => [s, 0])), overdue: 0, total: 0 };
      rows.set(key, row);
    }
    row.counts[t.status]! += 1;
    row.total += 1;
    totals[t.status]! += 1;
    if (t.overdue) {
      row.overdue += 1;
      overdue += 1;
    }
  }
  return {
    incidentId,
    statuses: [...TASK_STATUSES],
    rows: [...rows.values()].sort((a, b) => b.overdue - a.overdue || a.name.localeCompare(b.name, 'zh-CN')),
    totals,
    overdue,
    tasks: items.map(publicView),
  };
}

export async function getTaskDetail(db: Executor, principal: Principal, id: string, now = new Date()) {
  const view = await visibleTask(db, principal, id, now);
  const isAssignee = await isAssigneeSide(db, principal, view);
  const manages = canManage(principal, view.jurisdictionPath);
  return {
    task: publicView(view),
    notes: await listNotes(db, id),
    files: await listAttachments(db, 'task', id),
    // whoever manages the task may reopen a done one (its result does not hold), not take its other steps
    actions: isAssignee ? actionsFrom(view.status) : manages && view.status === 'done' ? (['reopen'] as TaskAction[]) : [],
    isAssignee,
    canManage: manages,
  };
}

const ROLES_READING_TASKS = Object.entries(ROLES)
  .filter(([, role]) => (role.rights as readonly Right[]).includes('tasks.read'))
  .map(([id]) => id);

/**
 * People a task may be assigned to by name: enabled users holding a role within the assigner's tasks.assign
 * scope, matching `q` (name or username), with the agency they work for.
 */
export async function assignablePeople(db: Executor, principal: Principal, q: string | undefined) {
  const scope = scopeFor(principal, 'tasks.assign');
  const pattern = q ? `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await db
    .selectDistinct({
      id: users.id,
      displayName: users.displayName,
      username: users.username,
      agencyName: agencies.name,
      agencyNameEn: agencies.nameEn,
    })
    .from(users)
    .innerJoin(userRoles, eq(userRoles.userId, users.id))
    .leftJoin(agencies, eq(agencies.id, users.agencyId))
    .where(
      and(
        eq(users.disabled, false),
        inScope(scope, userRoles.jurisdictionId),
        // only people who can open a task (tasks.read) are offered
        inArray(userRoles.role, ROLES_READING_TASKS),
        pattern ? or(ilike(users.displayName, pattern), ilike(users.username, pattern)) : undefined,
      ),
    )
    .orderBy(users.displayName)
    .limit(50);
  return { items: rows };
}

// ── creating ──────────────────────────────────────────────────────────────────────────────────────────────

/** The area of a new task when not given: the incident's, else the assigned township, else the agency's. */
export async function resolveJurisdiction(
  db: Executor,
  input: {
    jurisdictionId?: string | null;
    incidentId?: string | null;
    assigneeJurisdictionId?: string | null;
    assigneeAgencyId?: string | null;
  },
): Promise<string | null> {
  if (input.jurisdictionId) return input.jurisdictionId;
  if (input.incidentId) {
    const [row] = await db.select({ j: incidents.jurisdictionId }).from(incidents).where(eq(incidents.id, input.incidentId));
    if (row) return row.j;
  }
  if (input.assigneeJurisdictionId) return input.assigneeJurisdictionId;
  if (input.assigneeAgencyId) {
    const [row] = await db.select({ j: agencies.jurisdictionId }).from(agencies).where(eq(agencies.id, input.assigneeAgencyId));
    if (row) return row.j;
  }
  return null;
}

/** Checks that each task's area (and incident) lies in the assigner's scope; returns the resolved areas. */
export async function checkAssignScope(db: Executor, principal: Principal, inputs: TaskCreate[], field: (i: number, f: string) => string) {
  const scope = scopeFor(principal, 'tasks.assign');
  const issues: { path: string; message: string }[] = [];
  const areas: string[] = [];
  for (const [i, input] of inputs.entries()) {
    const area = await resolveJurisdiction(db, input);
    areas.push(area ?? '');
    if (!area) {
      issues.push({
        path: field(i, 'jurisdictionId'),
        message: 'The jurisdiction is required (no incident, township or agency to take it from)',
      });
      continue;
    }
    const path = await jurisdictionPath(db, area);
    if (path && !pathInScope(scope, path)) issues.push({ path: field(i, 'jurisdictionId'), message: 'Outside your jurisdiction' });
    if (input.incidentId) {
      const [incident] = await db
        .select({ path: sql<string>`(SELECT path FROM jurisdictions WHERE id = ${incidents.jurisdictionId})` })
        .from(incidents)
        .where(eq(incidents.id, input.incidentId));
      if (incident && !pathInScope(scope, incident.path)) issues.push({ path: field(i, 'incidentId'), message: 'Unknown incident' });
    }
  }
  if (issues.length > 0) throw validationFailed(issues);
  return areas;
}

function toNewTask(input: TaskCreate, jurisdictionId: string, origin: 'manual' | 'bulk') {
  return {
    incidentId: input.incidentId ?? null,
    title: input.title,
    description: input.description,
    assigneeAgencyId: input.assigneeAgencyId ?? null,
    assigneeJurisdictionId: input.assigneeJurisdictionId ?? null,
    assigneeUserId: input.assigneeUserId ?? null,
    jurisdictionId,
    priority: input.priority,
    dueAt: new Date(input.dueAt),
    checklist: input.checklist?.map((c) => ({ text: c.text, done: c.done ?? false })),
    origin,
  };
}

export async function createTaskAs(database: Database, principal: Principal, input: TaskCreate, ctx: Ctx = {}): Promise<TaskView> {
  const field = (_i: number, f: string) => f;
  const [area] = await checkAssignScope(database.db, principal, [input], field);
  const [created] = await database.db.transaction((tx) =>
    createTasks(tx, [toNewTask(input, area!, 'manual')], { actor: actorOf(principal), ip: ctx.ip, paths: 'bare', now: ctx.now }),
  );
  return created!;
}

export async function createTasksBulkAs(
  database: Database,
  principal: Principal,
  inputs: TaskCreate[],
  ctx: Ctx = {},
): Promise<TaskView[]> {
  const areas = await checkAssignScope(database.db, principal, inputs, (i, f) => `tasks.${i}.${f}`);
  return database.db.transaction((tx) =>
    createTasks(
      tx,
      inputs.map((input, i) => toNewTask(input, areas[i]!, 'bulk')),
      { actor: actorOf(principal), ip: ctx.ip, now: ctx.now },
    ),
  );
}

// ── changing ──────────────────────────────────────────────────────────────────────────────────────────────

/** Locks a visible task for a change; returns the row, its view before the change and its path. */
async function lockVisible(tx: Tx, principal: Principal, id: string, now?: Date) {
  const before = await visibleTask(tx, principal, id, now);
  const row = (await lockTask(tx, id))!;
  return { row, before };
}

async function finish(tx: Tx, principal: Principal, id: string, action: string, before: TaskView, ctx: Ctx) {
  const [after] = await selectTaskViews(tx, eq(tasks.id, id), { now: ctx.now });
  await audit(tx, {
    actor: actorOf(principal),
    ip: ctx.ip ?? null,
    action,
    entityType: 'task',
    entityId: id,
    before: publicView(before),
    after: publicView(after!),
  });
  const [row] = await tx.select().from(tasks).where(eq(tasks.id, id));
  await publishTaskLive(tx, row!, after!.jurisdictionPath, action);
  return { view: publicView(after!), row: row! };
}

/** One workflow step by the assignee side (module comment). */
export async function transitionTask(
  database: Database,
  principal: Principal,
  id: string,
  body: { action: TaskAction; reason?: string; result?: string },
  ctx: Ctx = {},
): Promise<TaskView> {
  scopeFor(principal, 'tasks.read');
  const rule = TRANSITIONS[body.action];
  const reason = body.reason?.trim() ?? '';
  const result = body.result?.trim() ?? '';
  if (rule.reason && reason === '') throw validationFailed([{ path: 'reason', message: 'Give the reason' }]);
  return database.db.transaction(async (tx) => {
    const { row, before } = await lockVisible(tx, principal, id, ctx.now);
    const assignee = await isAssigneeSide(tx, principal, row);
    const reopening = body.action === 'reopen' && row.status === 'done';
    if (!assignee && !(reopening && canManage(principal, before.jurisdictionPath))) throw forbidden(NOT_ASSIGNEE);
    if (reopening && reason === '') throw validationFailed([{ path: 'reason', message: 'Say why the task is reopened' }]);
    if (!rule.from.includes(row.status)) {
      throw conflict(
        'status_not_allowed',
        `A task that is ${row.status.replace('_', ' ')} cannot be ${body.action === 'complete' ? 'completed' : `${body.action}ed`}`,
        {
          status: row.status,
          allowed: actionsFrom(row.status),
        },
      );
    }
    if (body.action === 'complete' && result === '') throw validationFailed([{ path: 'result', message: 'Say what was done' }]);
    const now = ctx.now ?? new Date();
    await tx
      .update(tasks)
      .set({
        status: rule.to,
        // a reopened task says why until its next step
        statusReason: rule.reason || reopening ? reason : '',
        completedAt: rule.to === 'done' ? now : null,
        result: rule.to === 'done' ? result : '',
        updatedAt: now,
      })
      .where(eq(tasks.id, id));
    // The status note carries the result of a completion and the reason of a reopening: the task's history.
    await insertNote(tx, {
      taskId: id,
      kind: 'status',
      status: rule.to,
      body: rule.to === 'done' ? result : reason,
      authorId: principal.id,
      createdAt: now,
    });
    const { view, row: updated } = await finish(tx, principal, id, body.action, before, ctx);
    if (reopening) {
      const text = { zh: `任务已重新打开：${updated.title}`, en: `Task reopened: ${updated.title}` };
      const message = {
        kind: 'task.reopened',
        severity: 'warning' as const,
        title: text.zh,
        titleEn: text.en,
        body: `${updated.code}：${reason}`,
        bodyEn: `${updated.code}: ${reason}`,
        actorId: principal.id,
      };
      // Reopened by its manager: the assignee side must act again. By the assignee: whoever assigned it is told.
      if (!assignee) await notifyAssigneeSide(tx, updated, message);
      else if (updated.createdBy && updated.createdBy !== principal.id) {
        await notify(tx, { recipients: { userIds: [updated.createdBy] }, ...message, link: `/tasks/${id}`, entity: { type: 'task', id } });
      }
    }
    // Tell whoever assigned it when the task comes back (rejected, blocked) or is done.
    if (['rejected', 'blocked', 'done'].includes(rule.to) && updated.createdBy && updated.createdBy !== principal.id) {
      await notify(tx, {
        recipients: { userIds: [updated.createdBy] },
        kind: `task.${rule.to}`,
        severity: rule.to === 'done' ? 'info' : 'warning',
        title: `任务${STATUS_ZH[rule.to]}：${updated.title}`,
        titleEn: `Task ${rule.to === 'done' ? 'done' : rule.to}: ${updated.title}`,
        body: reason ? `${updated.code}：${reason}` : result ? `${updated.code}：${result}` : updated.code,
        bodyEn: reason ? `${updated.code}: ${reason}` : result ? `${updated.code}: ${result}` : updated.code,
        link: `/tasks/${id}`,
        entity: { type: 'task', id },
        actorId: principal.id,
      });
    }
    return view;
  });
}

/** Manages a task (tasks.assign): content, due time, priority, checklist, reassignment. */
export async function updateTaskAs(
  database: Database,
  principal: Principal,
  id: string,
  patch: TaskPatch,
  ctx: Ctx = {},
): Promise<TaskView> {
  scopeFor(principal, 'tasks.assign');
  return database.db.transaction(async (tx) => {
    const { row, before } = await lockVisible(tx, principal, id, ctx.now);
    if (!canManage(principal, before.jurisdictionPath)) throw forbidden('Changing a task needs the right to assign tasks here');
    if (['done', 'cancelled'].includes(row.status))
      throw conflict('status_not_allowed', `A ${row.status} task cannot be changed`, { status: row.status });
    const next = {
      assigneeAgencyId: patch.assigneeAgencyId !== undefined ? patch.assigneeAgencyId : row.assigneeAgencyId,
      assigneeJurisdictionId: patch.assigneeJurisdictionId !== undefined ? patch.assigneeJurisdictionId : row.assigneeJurisdictionId,
      assigneeUserId: patch.assigneeUserId !== undefined ? patch.assigneeUserId : row.assigneeUserId,
    };
    const issues: { path: string; message: string }[] = [];
    if (!next.assigneeAgencyId && !next.assigneeJurisdictionId && !next.assigneeUserId) {
      issues.push({ path: 'assigneeAgencyId', message: 'Assign the task to an agency, a township or a person' });
    }
    issues.push(...(await referenceIssues(tx, patch)));
    if (issues.length > 0) throw validationFailed(issues);
    const reassigned =
      next.assigneeAgencyId !== row.assigneeAgencyId ||
      next.assigneeJurisdictionId !== row.assigneeJurisdictionId ||
      next.assigneeUserId !== row.assigneeUserId;
    const now = ctx.now ?? new Date();
    const newDue = patch.dueAt ? new Date(patch.dueAt) : null;
    await tx
      .update(tasks)
      .set({
        title: patch.title ?? row.title,
        description: patch.description ?? row.description,
        priority: patch.priority ?? row.priority,
        checklist: patch.checklist?.map((c) => ({ text: c.text, done: c.done ?? false })) ?? row.checklist,
        ...next,
        dueAt: newDue ?? row.dueAt,
        // a new due time is a new deadline: it may be escalated again when missed
        escalatedAt: newDue && newDue.getTime() !== row.dueAt.getTime() ? null : row.escalatedAt,
        // a new assignee starts over (a rejected task handed to someone else, too)
        status: reassigned ? 'assigned' : row.status,
        statusReason: reassigned ? '' : row.statusReason,
        updatedAt: now,
      })
      .where(eq(tasks.id, id));
    const changes: string[] = [];
    if (reassigned) changes.push('重新分派 / reassigned');
    if (newDue && newDue.getTime() !== row.dueAt.getTime())
      changes.push(`截止时间 / due ${formatLocal(row.dueAt)} → ${formatLocal(newDue)}`);
    if (patch.title || patch.description !== undefined || patch.priority || patch.checklist) changes.push('内容 / content');
    if (changes.length > 0 || patch.reason) {
      await insertNote(tx, {
        taskId: id,
        kind: 'change',
        body: [changes.join('; '), patch.reason].filter(Boolean).join(' — '),
        // a reassignment sets the task back to 'assigned': recorded, so the task's status history is complete
        status: reassigned ? 'assigned' : null,
        authorId: principal.id,
        createdAt: now,
      });
    }
    const { view, row: updated } = await finish(tx, principal, id, reassigned ? 'reassign' : 'update', before, ctx);
    if (reassigned) {
      await notifyAssigneeSide(tx, updated, {
        kind: 'task.assigned',
        title: `新任务：${updated.title}`,
        titleEn: `New task: ${updated.title}`,
        body: `${updated.code}，截止 ${formatLocal(updated.dueAt)}`,
        bodyEn: `${updated.code}, due ${formatLocal(updated.dueAt)}`,
        actorId: principal.id,
      });
    } else if (newDue && newDue.getTime() !== row.dueAt.getTime()) {
      await notifyAssigneeSide(tx, updated, {
        kind: 'task.due_changed',
        title: `任务截止时间调整：${updated.title}`,
        titleEn: `Due time changed: ${updated.title}`,
        body: `${updated.code}，截止 ${formatLocal(updated.dueAt)}`,
        bodyEn: `${updated.code}, due ${formatLocal(updated.dueAt)}`,
        actorId: principal.id,
      });
    }
    return view;
  });
}

/** Cancels a task (tasks.assign), with the reason. */
export async function cancelTask(database: Database, principal: Principal, id: string, reason: string, ctx: Ctx = {}): Promise<TaskView> {
  scopeFor(principal, 'tasks.assign');
  return database.db.transaction(async (tx) => {
    const { row, before } = await lockVisible(tx, principal, id, ctx.now);
    if (!canManage(principal, before.jurisdictionPath)) throw forbidden('Cancelling a task needs the right to assign tasks here');
    if (['done', 'cancelled'].includes(row.status))
      throw conflict('status_not_allowed', `A ${row.status} task cannot be cancelled`, { status: row.status });
    const now = ctx.now ?? new Date();
    await tx.update(tasks).set({ status: 'cancelled', statusReason: reason, updatedAt: now }).where(eq(tasks.id, id));
    await insertNote(tx, { taskId: id, kind: 'status', status: 'cancelled', body: reason, authorId: principal.id, createdAt: now });
    const { view, row: updated } = await finish(tx, principal, id, 'cancel', before, ctx);
    await notifyAssigneeSide(tx, updated, {
      kind: 'task.cancelled',
      title: `任务已取消：${updated.title}`,
      titleEn: `Task cancelled: ${updated.title}`,
      body: `${updated.code}：${reason}`,
      bodyEn: `${updated.code}: ${reason}`,
      actorId: principal.id,
    });
    return view;
  });
}

/** Ticks or unticks one checklist item (the assignee side, or a manager). */
export async function toggleChecklist(database: Database, principal: Principal, id: string, index: number, done: boolean, ctx: Ctx = {}) {
  scopeFor(principal, 'tasks.read');
  return database.db.transaction(async (tx) => {
    const { row, before } = await lockVisible(tx, principal, id, ctx.now);
    if (!(await isAssigneeSide(tx, principal, row)) && !canManage(principal, before.jurisdictionPath)) throw forbidden(NOT_ASSIGNEE);
    if (index >= row.checklist.length) throw notFound('checklist item');
    if (['done', 'cancelled', 'rejected'].includes(row.status))
      throw conflict('status_not_allowed', `The checklist of a ${row.status} task cannot be changed`, { status: row.status });
    const checklist = row.checklist.map((item, i) => (i === index ? { ...item, done } : item));
    await tx
      .update(tasks)
      .set({ checklist, updatedAt: ctx.now ?? new Date() })
      .where(eq(tasks.id, id));
    return (await finish(tx, principal, id, 'checklist', before, ctx)).view;
  });
}

/** Adds a progress note (the assignee side, or a manager). */
export async function addNote(database: Database, principal: Principal, id: string, body: string, ctx: Ctx = {}) {
  scopeFor(principal, 'tasks.read');
  return database.db.transaction(async (tx) => {
    const { row, before } = await lockVisible(tx, principal, id, ctx.now);
    if (!(await isAssigneeSide(tx, principal, row)) && !canManage(principal, before.jurisdictionPath)) throw forbidden(NOT_ASSIGNEE);
    const now = ctx.now ?? new Date();
    const note = await insertNote(tx, { taskId: id, kind: 'note', body, authorId: principal.id, createdAt: now });
    await tx.update(tasks).set({ updatedAt: now }).where(eq(tasks.id, id));
    await audit(tx, {
      actor: actorOf(principal),
      ip: ctx.ip ?? null,
      action: 'note',
      entityType: 'task',
      entityId: id,
      after: { noteId: note.id, body },
    });
    await publishTaskLive(tx, row, before.jurisdictionPath, 'note');
    return (await listNotes(tx, id)).find((n) => n.id === note.id)!;
  });
}

// ── files ─────────────────────────────────────────────────────────────────────────────────────────────────

export async function listTaskFiles(db: Executor, principal: Principal, id: string): Promise<AttachmentView[]> {
  await visibleTask(db, principal, id);
  return listAttachments(db, 'task', id);
}

export async function uploadTaskFile(
  database: Database,
  principal: Principal,
  id: string,
  file: { filename: string; bytes: Uint8Array },
  ctx: Ctx & { limitBytes: number },
): Promise<AttachmentView> {
  scopeFor(principal, 'tasks.read');
  return database.db.transaction(async (tx) => {
    const { row, before } = await lockVisible(tx, principal, id, ctx.now);
    if (!(await isAssigneeSide(tx, principal, row)) && !canManage(principal, before.jurisdictionPath)) throw forbidden(NOT_ASSIGNEE);
    const view = await saveAttachment(
      tx,
      { entityType: 'task', entityId: id, jurisdictionId: row.jurisdictionId, filename: file.filename, bytes: file.bytes },
      { actor: actorOf(principal), ip: ctx.ip, limitBytes: ctx.limitBytes },
    );
    await publishTaskLive(tx, row, before.jurisdictionPath, 'file');
    return view;
  });
}

export async function readTaskFile(db: Executor, principal: Principal, id: string, fileId: string) {
  await visibleTask(db, principal, id);
  return readAttachment(db, 'task', id, fileId);
}

/** Unknown agency, township, user or incident (or a closed incident), each named by its field. */
export async function referenceIssues(
  db: Executor,
  input: {
    assigneeAgencyId?: string | null;
    assigneeJurisdictionId?: string | null;
    assigneeUserId?: string | null;
    incidentId?: string | null;
  },
) {
  const issues: { path: string; message: string }[] = [];
  if (input.assigneeAgencyId && !(await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, input.assigneeAgencyId)))[0]) {
    issues.push({ path: 'assigneeAgencyId', message: 'Unknown agency' });
  }
  if (input.assigneeJurisdictionId && !(await jurisdictionPath(db, input.assigneeJurisdictionId))) {
    issues.push({ path: 'assigneeJurisdictionId', message: 'Unknown township' });
  }
  if (input.assigneeUserId) {
    const [user] = await db.select({ disabled: users.disabled }).from(users).where(eq(users.id, input.assigneeUserId));
    if (!user) issues.push({ path: 'assigneeUserId', message: 'Unknown user' });
    else if (user.disabled) issues.push({ path: 'assigneeUserId', message: 'This account is disabled' });
  }
  if (input.incidentId) {
    const [incident] = await db.select({ status: incidents.status }).from(incidents).where(eq(incidents.id, input.incidentId));
    if (!incident) issues.push({ path: 'incidentId', message: 'Unknown incident' });
    else if (incident.status === 'closed') issues.push({ path: 'incidentId', message: 'The incident is closed' });
  }
  return issues;
}

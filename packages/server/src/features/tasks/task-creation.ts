/**
 * `createTasks(tx, inputs, ctx)`: the one way tasks come into being — by hand, in bulk, from a plan's measures
 * at activation (incidents), from a meeting's decisions (meetings) or from a recurrence (tasks.jobs.ts). In the
 * caller's transaction it validates every input (all problems at once, each naming its field with the input's
 * index, `tasks.2.assigneeAgencyId`), inserts the tasks, audits each, tells the assignee side (notify) and
 * publishes a live event on topic 'tasks'.
 *
 * The caller authorises (tasks.assign or its own right, and scope) before calling.
 *
 * @example
 * const created = await db.transaction((tx) => createTasks(tx, [{ title: '流调', assigneeAgencyId: cdc.id,
 *   jurisdictionId: incident.jurisdictionId, incidentId: incident.id, dueAt, origin: 'plan_measure', originRef: measure.id }],
 *   { actor: { id: principal.id, username: principal.username }, ip }));
 */
import { and, eq, inArray } from 'drizzle-orm';
import { type AuditActor, audit } from '../../platform/audit/audit.ts';
import { holdersOf, rolesWith } from '../../platform/auth/holders.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions, userRoles, users } from '../../platform/db/platform.tables.ts';
import { type FieldIssue, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { type TaskOrigin, TASK_PRIORITIES, tasks } from './tasks.tables.ts';
import { incidents } from '../incidents/index.ts';
import { notify } from '../notifications/index.ts';
import type { NotificationSeverity } from '../notifications/index.ts';
import { agencies } from '../registry/index.ts';
import { type TaskRow, type TaskView, publicView, selectTaskViews } from './tasks.store.ts';
import { districtDateTime } from '../../platform/time/district-time.ts';

export type { TaskView } from './tasks.store.ts';

/** One task to create. At least one assignee (agency, township or person) is required. */
export interface NewTaskInput {
  incidentId?: string | null;
  title: string;
  description?: string;
  assigneeAgencyId?: string | null;
  assigneeJurisdictionId?: string | null;
  assigneeUserId?: string | null;
  /** where the task is (its scope): the incident's area or the assignee township */
  jurisdictionId: string;
  priority?: 'low' | 'normal' | 'high' | 'urgent';
  dueAt: Date;
  checklist?: { text: string; done: boolean }[];
  origin: TaskOrigin;
  originRef?: string | null;
}

export interface CreateTasksContext {
  actor: AuditActor | null;
  ip?: string | null;
  /**
   * How field paths are named in errors: 'indexed' (default) `tasks.<i>.<field>`, or 'bare' `<field>` for a
   * single-task form.
   */
  paths?: 'indexed' | 'bare';
  /** the clock (tests) */
  now?: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Creates tasks; see the module comment. Returns them in the order given. */
export async function createTasks(tx: Tx, inputs: NewTaskInput[], ctx: CreateTasksContext): Promise<TaskView[]> {
  if (inputs.length === 0) return [];
  const field = (i: number, name: string) => (ctx.paths === 'bare' && inputs.length === 1 ? name : `tasks.${i}.${name}`);
  const issues: FieldIssue[] = [];

  // Shape first (callers outside HTTP are not zod-validated).
  inputs.forEach((input, i) => {
    if (typeof input.title !== 'string' || input.title.trim() === '')
      issues.push({ path: field(i, 'title'), message: 'A title is required' });
    else if (input.title.length > 200) issues.push({ path: field(i, 'title'), message: 'At most 200 characters' });
    if (!(input.dueAt instanceof Date) || Number.isNaN(input.dueAt.getTime())) {
      issues.push({ path: field(i, 'dueAt'), message: 'A due time is required (a valid date and time)' });
    }
    if (!input.assigneeAgencyId && !input.assigneeJurisdictionId && !input.assigneeUserId) {
      issues.push({ path: field(i, 'assigneeAgencyId'), message: 'Assign the task to an agency, a township or a person' });
    }
    if (input.priority !== undefined && !TASK_PRIORITIES.includes(input.priority)) {
      issues.push({ path: field(i, 'priority'), message: `One of ${TASK_PRIORITIES.join(', ')}` });
    }
    (input.checklist ?? []).forEach((item, j) => {
      if (typeof item?.text !== 'string' || item.text.trim() === '')
        issues.push({ path: `${field(i, 'checklist')}.${j}.text`, message: 'An item needs a text' });
    });
    for (const name of ['incidentId', 'assigneeAgencyId', 'assigneeJurisdictionId', 'assigneeUserId', 'jurisdictionId'] as const) {
      const value = input[name];
      if (value && !UUID.test(value)) issues.push({ path: field(i, name), message: `Unknown ${label(name)}` });
    }
    if (!input.jurisdictionId) issues.push({ path: field(i, 'jurisdictionId'), message: 'The jurisdiction is required' });
  });

  // References: one query per kind for the whole batch.
  const ids = (name: keyof NewTaskInput) => [
    ...new Set(
      inputs
        .map((x) => x[name])
        .filter((v): v is string => typeof v === 'string' && UUID.test(v))
        .map((v) => v.toLowerCase()),
    ),
  ];
  const agencyIds = ids('assigneeAgencyId');
  const jurisdictionIds = [...new Set([...ids('assigneeJurisdictionId'), ...ids('jurisdictionId')])];
  const userIds = ids('assigneeUserId');
  const incidentIds = ids('incidentId');
  const knownAgencies = new Set(
    agencyIds.length ? (await tx.select({ id: agencies.id }).from(agencies).where(inArray(agencies.id, agencyIds))).map((r) => r.id) : [],
  );
  const knownJurisdictions = new Set(
    jurisdictionIds.length
      ? (await tx.select({ id: jurisdictions.id }).from(jurisdictions).where(inArray(jurisdictions.id, jurisdictionIds))).map((r) => r.id)
      : [],
  );
  const knownUsers = new Map(
    userIds.length
      ? (await tx.select({ id: users.id, disabled: users.disabled }).from(users).where(inArray(users.id, userIds))).map((r) => [
          r.id,
          r.disabled,
        ])
      : [],
  );
  // A person assigned by name must be able to open the task (hold tasks.read somewhere).
  const readers = new Set(
    userIds.length
      ? (
          await tx
            .selectDistinct({ id: userRoles.userId })
            .from(userRoles)
            .where(and(inArray(userRoles.userId, userIds), inArray(userRoles.role, rolesWith('tasks.read'))))
        ).map((r) => r.id)
      : [],
  );
  const knownIncidents = new Map(
    incidentIds.length
      ? (await tx.select({ id: incidents.id, status: incidents.status }).from(incidents).where(inArray(incidents.id, incidentIds))).map(
          (r) => [r.id, r.status],
        )
      : [],
  );
  inputs.forEach((input, i) => {
    const check = (
      name: 'assigneeAgencyId' | 'assigneeJurisdictionId' | 'jurisdictionId' | 'assigneeUserId' | 'incidentId',
      known: boolean,
    ) => {
      const value = input[name];
      if (value && UUID.test(value) && !known) issues.push({ path: field(i, name), message: `Unknown ${label(name)}` });
    };
    check('assigneeAgencyId', knownAgencies.has(input.assigneeAgencyId?.toLowerCase() ?? ''));
    check('assigneeJurisdictionId', knownJurisdictions.has(input.assigneeJurisdictionId?.toLowerCase() ?? ''));
    check('jurisdictionId', knownJurisdictions.has(input.jurisdictionId?.toLowerCase() ?? ''));
    const disabled = knownUsers.get(input.assigneeUserId?.toLowerCase() ?? '');
    check('assigneeUserId', disabled !== undefined);
    if (disabled === true) issues.push({ path: field(i, 'assigneeUserId'), message: 'This account is disabled' });
    else if (disabled === false && !readers.has(input.assigneeUserId!.toLowerCase())) {
      issues.push({ path: field(i, 'assigneeUserId'), message: 'This person has no role that can read tasks' });
    }
    const incidentStatus = knownIncidents.get(input.incidentId?.toLowerCase() ?? '');
    check('incidentId', incidentStatus !== undefined);
    if (incidentStatus === 'closed') issues.push({ path: field(i, 'incidentId'), message: 'The incident is closed' });
  });
  if (issues.length > 0) throw validationFailed(issues);

  const rows = await tx
    .insert(tasks)
    .values(
      inputs.map((input) => ({
        incidentId: input.incidentId?.toLowerCase() ?? null,
        title: input.title.trim(),
        description: input.description?.trim() ?? '',
        assigneeAgencyId: input.assigneeAgencyId?.toLowerCase() ?? null,
        assigneeJurisdictionId: input.assigneeJurisdictionId?.toLowerCase() ?? null,
        assigneeUserId: input.assigneeUserId?.toLowerCase() ?? null,
        jurisdictionId: input.jurisdictionId.toLowerCase(),
        priority: input.priority ?? 'normal',
        dueAt: input.dueAt,
        checklist: (input.checklist ?? []).map((item) => ({ text: item.text.trim(), done: Boolean(item.done) })),
        origin: input.origin,
        originRef: input.originRef ?? null,
        createdBy: ctx.actor?.id ?? null,
      })),
    )
    .returning();

  const views = await selectTaskViews(
    tx,
    inArray(
      tasks.id,
      rows.map((r) => r.id),
    ),
    { now: ctx.now },
  );
  const byId = new Map(views.map((v) => [v.id, v]));
  const out: TaskView[] = [];
  for (const row of rows) {
    const view = byId.get(row.id)!;
    await audit(tx, {
      actor: ctx.actor,
      ip: ctx.ip ?? null,
      action: 'create',
      entityType: 'task',
      entityId: row.id,
      after: publicView(view),
    });
    await notifyAssigneeSide(tx, row, {
      kind: 'task.assigned',
      severity: row.priority === 'urgent' ? 'warning' : 'info',
      title: `新任务：${row.title}`,
      titleEn: `New task: ${row.title}`,
      body: `${row.code}，截止 ${formatLocal(row.dueAt)}`,
      bodyEn: `${row.code}, due ${formatLocal(row.dueAt)}`,
      actorId: ctx.actor?.id ?? null,
    });
    await publishTaskLive(tx, row, view.jurisdictionPath, 'created');
    out.push(publicView(view));
  }
  return out;
}

function label(name: string): string {
  return (
    {
      incidentId: 'incident',
      assigneeAgencyId: 'agency',
      assigneeJurisdictionId: 'township',
      assigneeUserId: 'user',
      jurisdictionId: 'jurisdiction',
    } as Record<string, string>
  )[name]!;
}

/** 'YYYY-MM-DD HH:MM' in the district's time (China Standard Time, UTC+8, no daylight saving). */
export function formatLocal(at: Date): string {
  return districtDateTime(at);
}

/**
 * The users who work on a task assigned to a township (or any jurisdiction): holders of `tasks.update` whose
 * grant lies at or below that jurisdiction — its own staff, not everyone whose district-wide scope covers it.
 */
export async function jurisdictionStaff(db: Executor, jurisdictionId: string): Promise<string[]> {
  return holdersOf(db, 'tasks.update', jurisdictionId, { grants: 'at-or-below' });
}

/** Tells the assignee side of a task (its agency's users, the township's staff, the person). */
export async function notifyAssigneeSide(
  tx: Executor,
  task: TaskRow,
  message: {
    kind: string;
    severity?: NotificationSeverity;
    title: string;
    titleEn: string;
    body?: string;
    bodyEn?: string;
    actorId: string | null;
    /** more users to tell (the incident's commander) */
    alsoUserIds?: string[];
  },
): Promise<string[]> {
  const userIds = new Set(message.alsoUserIds ?? []);
  if (task.assigneeUserId) userIds.add(task.assigneeUserId);
  if (task.assigneeJurisdictionId) for (const id of await jurisdictionStaff(tx, task.assigneeJurisdictionId)) userIds.add(id);
  // The actor is not told about their own act (notify() keeps named recipients, so drop them here).
  if (message.actorId) userIds.delete(message.actorId);
  const result = await notify(tx, {
    recipients: { userIds: [...userIds], agencyId: task.assigneeAgencyId ?? undefined },
    kind: message.kind,
    severity: message.severity,
    title: message.title,
    titleEn: message.titleEn,
    body: message.body,
    bodyEn: message.bodyEn,
    link: `/tasks/${task.id}`,
    entity: { type: 'task', id: task.id },
    actorId: message.actorId,
  });
  return result.userIds;
}

/** The live event of a task change: readers in scope, the assigned agency's users, and the assigned person. */
export async function publishTaskLive(tx: Executor, task: TaskRow, jurisdictionPath: string, action: string): Promise<void> {
  const data = { status: task.status, incidentId: task.incidentId, code: task.code };
  await publishLive(tx, {
    topic: 'tasks',
    id: task.id,
    action,
    right: 'tasks.read',
    jurisdictionPath,
    agencyId: task.assigneeAgencyId ?? undefined,
    data,
  });
  // The assigned township's staff see it even when the task's area (e.g. the district) is outside their scope.
  if (task.assigneeJurisdictionId && task.assigneeJurisdictionId !== task.jurisdictionId) {
    const [assigned] = await tx
      .select({ path: jurisdictions.path })
      .from(jurisdictions)
      .where(eq(jurisdictions.id, task.assigneeJurisdictionId));
    if (assigned) {
      await publishLive(tx, { topic: 'tasks', id: task.id, action, right: 'tasks.read', jurisdictionPath: assigned.path, data });
    }
  }
  // The person assigned may see the task outside their scope (tasks.store.ts visibleTo): tell them by name.
  if (task.assigneeUserId) await publishLive(tx, { topic: 'tasks', id: task.id, action, userIds: [task.assigneeUserId], data });
}

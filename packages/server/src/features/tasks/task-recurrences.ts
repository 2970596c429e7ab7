/**
 * Recurring tasks ("a daily case report to the headquarters at 16:00 for as long as the incident is open"): their
 * definitions, read and written under the same rules as tasks (tasks.jobs.ts makes each occurrence).
 */
import { and, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { inScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import type { RecurrenceCreate } from './tasks.schema.ts';
import { type RecurrenceRow, listRecurrences } from './tasks.store.ts';
import { taskRecurrences } from './tasks.tables.ts';

import { type Ctx, actorOf, checkAssignScope, referenceIssues } from './tasks.service.ts';

function recurrenceView(r: {
  recurrence: RecurrenceRow;
  agencyName: string | null;
  agencyNameEn: string | null;
  incidentCode: string | null;
}) {
  const x = r.recurrence;
  return {
    id: x.id,
    incidentId: x.incidentId,
    incidentCode: r.incidentCode,
    title: x.title,
    description: x.description,
    assigneeAgencyId: x.assigneeAgencyId,
    assigneeAgencyName: r.agencyName,
    assigneeAgencyNameEn: r.agencyNameEn,
    assigneeJurisdictionId: x.assigneeJurisdictionId,
    assigneeUserId: x.assigneeUserId,
    jurisdictionId: x.jurisdictionId,
    priority: x.priority,
    checklist: x.checklist,
    frequency: x.frequency,
    weekdays: x.weekdays,
    dueTime: x.dueTime,
    startsOn: x.startsOn,
    endsOn: x.endsOn,
    active: x.active,
    lastPeriod: x.lastPeriod,
    createdAt: x.createdAt.toISOString(),
  };
}

export async function listRecurrencesFor(db: Executor, principal: Principal, query: { incidentId?: string }) {
  const scope = scopeFor(principal, 'tasks.read');
  const rows = await listRecurrences(
    db,
    and(inScope(scope, taskRecurrences.jurisdictionId), query.incidentId ? eq(taskRecurrences.incidentId, query.incidentId) : undefined),
  );
  return { items: rows.map(recurrenceView) };
}

async function oneRecurrence(db: Executor, id: string) {
  const [row] = await listRecurrences(db, eq(taskRecurrences.id, id));
  return recurrenceView(row!);
}

export async function createRecurrenceAs(database: Database, principal: Principal, input: RecurrenceCreate, ctx: Ctx = {}) {
  const [area] = await checkAssignScope(database.db, principal, [{ ...input, dueAt: new Date().toISOString() }], (_i, f) => f);
  const issues: { path: string; message: string }[] = [];
  if (!input.assigneeAgencyId && !input.assigneeJurisdictionId && !input.assigneeUserId) {
    issues.push({ path: 'assigneeAgencyId', message: 'Assign the task to an agency, a township or a person' });
  }
  if (input.frequency === 'weekly' && (input.weekdays ?? []).length === 0)
    issues.push({ path: 'weekdays', message: 'Choose at least one weekday' });
  if (input.endsOn && input.endsOn < input.startsOn) issues.push({ path: 'endsOn', message: 'The end date is before the start date' });
  issues.push(...(await referenceIssues(database.db, input)));
  if (issues.length > 0) throw validationFailed(issues);
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(taskRecurrences)
      .values({
        incidentId: input.incidentId ?? null,
        title: input.title,
        description: input.description ?? '',
        assigneeAgencyId: input.assigneeAgencyId ?? null,
        assigneeJurisdictionId: input.assigneeJurisdictionId ?? null,
        assigneeUserId: input.assigneeUserId ?? null,
        jurisdictionId: area!,
        priority: input.priority ?? 'normal',
        checklist: (input.checklist ?? []).map((c) => ({ text: c.text, done: false })),
        frequency: input.frequency,
        weekdays: input.frequency === 'weekly' ? [...new Set(input.weekdays ?? [])].sort() : [],
        dueTime: input.dueTime,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        createdBy: principal.id,
      })
      .returning();
    const view = await oneRecurrence(tx, row!.id);
    await audit(tx, {
      actor: actorOf(principal),
      ip: ctx.ip ?? null,
      action: 'create',
      entityType: 'task_recurrence',
      entityId: row!.id,
      after: view,
    });
    return view;
  });
}

export async function updateRecurrenceAs(
  database: Database,
  principal: Principal,
  id: string,
  patch: { active?: boolean; endsOn?: string | null; dueTime?: string },
  ctx: Ctx = {},
) {
  const scope = scopeFor(principal, 'tasks.assign');
  return database.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(taskRecurrences)
      .where(and(eq(taskRecurrences.id, id), inScope(scope, taskRecurrences.jurisdictionId)))
      .for('update');
    if (!row) throw notFound('recurrence');
    if (patch.endsOn && patch.endsOn < row.startsOn)
      throw validationFailed([{ path: 'endsOn', message: 'The end date is before the start date' }]);
    const before = await oneRecurrence(tx, id);
    await tx
      .update(taskRecurrences)
      .set({
        active: patch.active ?? row.active,
        endsOn: patch.endsOn !== undefined ? patch.endsOn : row.endsOn,
        dueTime: patch.dueTime ?? row.dueTime,
        updatedAt: ctx.now ?? new Date(),
      })
      .where(eq(taskRecurrences.id, id));
    const after = await oneRecurrence(tx, id);
    await audit(tx, {
      actor: actorOf(principal),
      ip: ctx.ip ?? null,
      action: 'update',
      entityType: 'task_recurrence',
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

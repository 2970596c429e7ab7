import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { tasks } from './tasks.tables.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { createTasks } from './task-creation.ts';
import { actorOf, buildTaskWorld } from './tasks.test-helpers.ts';

const due = new Date('2026-12-01T08:00:00Z');

describe.each(testEngines())('createTasks (%s)', (engine) => {
  const t = withTestDb(engine);

  it('creates, audits, notifies the assignee side and returns the views in order', async () => {
    const w = await buildTaskWorld(t.database);
    const created = await t.database.db.transaction((tx) =>
      createTasks(
        tx,
        [
          {
            title: '  核查密接  ',
            assigneeAgencyId: w.police.id,
            jurisdictionId: w.tree.district.id,
            incidentId: w.incident.id,
            dueAt: due,
            origin: 'plan_measure',
            originRef: 'm1',
            checklist: [{ text: '名单', done: false }],
          },
          {
            title: '社区排查',
            assigneeJurisdictionId: w.tree.townshipA.id,
            jurisdictionId: w.tree.townshipA.id,
            dueAt: due,
            origin: 'manual',
            priority: 'urgent',
          },
        ],
        { actor: actorOf(w.commander.principal), ip: '127.0.0.1' },
      ),
    );
    expect(created.map((c) => c.title)).toEqual(['核查密接', '社区排查']);
    expect(created[0]).toMatchObject({
      status: 'assigned',
      assigneeAgencyId: w.police.id,
      assigneeAgencyName: w.police.name,
      incidentCode: w.incident.code,
      origin: 'plan_measure',
      originRef: 'm1',
      dueAt: due.toISOString(),
      checklist: [{ text: '名单', done: false }],
      createdByName: '指挥长',
      priority: 'normal',
    });
    expect(created[0]!.code).toMatch(/^T\d{4}-\d{5}$/);
    expect(created[1]).toMatchObject({ priority: 'urgent', assigneeJurisdictionName: w.tree.townshipA.name });

    // The police liaison is told of the first, township A's officer of the second; B's officer and the CDC of none.
    const inbox = async (userId: string) =>
      (await t.database.db.select().from(notifications).where(eq(notifications.userId, userId))).map((n) => [
        n.kind,
        n.entityId,
        n.severity,
      ]);
    expect(await inbox(w.policeLiaison.principal.id)).toEqual([['task.assigned', created[0]!.id, 'info']]);
    expect(await inbox(w.officerA.principal.id)).toEqual([['task.assigned', created[1]!.id, 'warning']]);
    expect(await inbox(w.officerB.principal.id)).toEqual([]);
    expect(await inbox(w.cdcLiaison.principal.id)).toEqual([]);
    expect(await inbox(w.commander.principal.id)).toEqual([]);

    const audits = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'task'), eq(auditLog.action, 'create')));
    expect(audits.map((a) => a.entityId).sort()).toEqual(created.map((c) => c.id).sort());
  });

  it('refuses a missing due time and an unknown agency with every field named, writing nothing', async () => {
    const w = await buildTaskWorld(t.database);
    const unknown = '00000000-0000-4000-8000-000000000000';
    const error = await t.database.db
      .transaction((tx) =>
        createTasks(
          tx,
          [
            { title: 'ok', assigneeAgencyId: w.police.id, jurisdictionId: w.tree.district.id, dueAt: due, origin: 'bulk' },
            {
              title: 'no due',
              assigneeAgencyId: w.police.id,
              jurisdictionId: w.tree.district.id,
              dueAt: undefined as unknown as Date,
              origin: 'bulk',
            },
            { title: 'bad agency', assigneeAgencyId: unknown, jurisdictionId: w.tree.district.id, dueAt: due, origin: 'bulk' },
            { title: 'nobody', jurisdictionId: w.tree.district.id, dueAt: new Date('nonsense'), origin: 'bulk' },
            { title: 'bad refs', assigneeUserId: unknown, incidentId: unknown, jurisdictionId: unknown, dueAt: due, origin: 'bulk' },
          ],
          { actor: actorOf(w.commander.principal) },
        ),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect(((error as AppError).details as { path: string }[]).map((d) => d.path).sort()).toEqual(
      [
        'tasks.1.dueAt',
        'tasks.2.assigneeAgencyId',
        'tasks.3.dueAt',
        'tasks.3.assigneeAgencyId',
        'tasks.4.assigneeUserId',
        'tasks.4.jurisdictionId',
        'tasks.4.incidentId',
      ].sort(),
    );
    expect(await t.database.db.select().from(tasks).where(eq(tasks.title, 'ok'))).toHaveLength(0);
  });

  it('refuses a person who could not open the task (no tasks.read)', async () => {
    const w = await buildTaskWorld(t.database);
    const { buildMember } = await import('./tasks.test-helpers.ts');
    const press = await buildMember(t.database, { role: 'press_officer', jurisdictionId: w.tree.district.id });
    const error = (await t.database.db
      .transaction((tx) =>
        createTasks(
          tx,
          [{ title: 'x', assigneeUserId: press.principal.id, jurisdictionId: w.tree.district.id, dueAt: due, origin: 'manual' }],
          { actor: null },
        ),
      )
      .catch((e: unknown) => e)) as AppError;
    expect(error.details).toEqual([{ path: 'tasks.0.assigneeUserId', message: 'This person has no role that can read tasks' }]);
    const ok = await t.database.db.transaction((tx) =>
      createTasks(
        tx,
        [{ title: 'y', assigneeUserId: w.epidemiologist.principal.id, jurisdictionId: w.tree.district.id, dueAt: due, origin: 'manual' }],
        { actor: null },
      ),
    );
    expect(ok[0]!.assigneeUserName).toBe(w.epidemiologist.principal.displayName);
  });

  it('names bare fields for a single form and refuses a closed incident', async () => {
    const w = await buildTaskWorld(t.database);
    const { incidents } = await import('../incidents/incidents.tables.ts');
    await t.database.db.update(incidents).set({ status: 'closed', closedAt: new Date() }).where(eq(incidents.id, w.incident.id));
    const error = (await t.database.db
      .transaction((tx) =>
        createTasks(
          tx,
          [
            {
              title: 'x',
              assigneeAgencyId: w.police.id,
              jurisdictionId: w.tree.district.id,
              incidentId: w.incident.id,
              dueAt: due,
              origin: 'manual',
            },
          ],
          {
            actor: null,
            paths: 'bare',
          },
        ),
      )
      .catch((e: unknown) => e)) as AppError;
    expect(error.details).toEqual([{ path: 'incidentId', message: 'The incident is closed' }]);
  });
});

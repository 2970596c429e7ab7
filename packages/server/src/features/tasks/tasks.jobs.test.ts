import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { createTasks } from './task-creation.ts';
import { escalateOverdueTasks, instantiateRecurringTasks, localDate, localInstant } from './tasks.jobs.ts';
import { listNotes } from './tasks.store.ts';
import { taskRecurrences, tasks } from './tasks.tables.ts';
import { actorOf, buildTaskWorld } from './tasks.test-helpers.ts';

describe('local time', () => {
  it('is China Standard Time (UTC+8)', () => {
    expect(localDate(new Date('2026-12-01T15:59:00Z'))).toBe('2026-12-01');
    expect(localDate(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02');
    expect(localInstant('2026-12-01', '16:00').toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });
});

describe.each(testEngines())('tasks jobs (%s)', (engine) => {
  const t = withTestDb(engine);

  it('escalates overdue open tasks once, telling the assignee side and the commander', async () => {
    const w = await buildTaskWorld(t.database);
    const dueAt = new Date('2030-01-01T08:00:00Z');
    const [late, done, onTime] = await t.database.db.transaction((tx) =>
      createTasks(
        tx,
        [
          {
            title: '迟了',
            assigneeAgencyId: w.police.id,
            jurisdictionId: w.tree.district.id,
            incidentId: w.incident.id,
            dueAt,
            origin: 'manual',
          },
          {
            title: '办结',
            assigneeAgencyId: w.police.id,
            jurisdictionId: w.tree.district.id,
            incidentId: w.incident.id,
            dueAt,
            origin: 'manual',
          },
          {
            title: '未到期',
            assigneeAgencyId: w.police.id,
            jurisdictionId: w.tree.district.id,
            incidentId: w.incident.id,
            dueAt: new Date('2030-01-02T08:00:00Z'),
            origin: 'manual',
          },
        ],
        { actor: actorOf(w.commander.principal) },
      ),
    );
    await t.database.db.update(tasks).set({ status: 'done' }).where(eq(tasks.id, done!.id));
    const now = new Date('2030-01-01T11:00:00Z');
    const first = await escalateOverdueTasks(t.database, now);
    expect(first).toContain(late!.id);
    expect(first).not.toContain(done!.id);
    expect(first).not.toContain(onTime!.id);
    // Idempotent: a second run at the same or a later time escalates nothing more.
    expect((await escalateOverdueTasks(t.database, now)).filter((id) => [late!.id, done!.id, onTime!.id].includes(id))).toEqual([]);
    const [row] = await t.database.db.select().from(tasks).where(eq(tasks.id, late!.id));
    expect(row!.escalatedAt?.toISOString()).toBe(now.toISOString());
    const notes = await listNotes(t.database.db, late!.id);
    expect(notes.map((n) => n.kind)).toEqual(['escalation']);
    const overdueFor = async (userId: string) =>
      (
        await t.database.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.userId, userId), eq(notifications.kind, 'task.overdue')))
      ).map((n) => [n.entityId, n.severity, n.body]);
    expect(await overdueFor(w.policeLiaison.principal.id)).toEqual([[late!.id, 'warning', expect.stringContaining('已超时约 3 小时')]]);
    expect(await overdueFor(w.commander.principal.id)).toEqual([[late!.id, 'warning', expect.any(String)]]);
    expect(await overdueFor(w.cdcLiaison.principal.id)).toEqual([]);
  });

  it('creates one task per recurring period, idempotently, and stops with the incident', async () => {
    const w = await buildTaskWorld(t.database);
    const [r] = await t.database.db
      .insert(taskRecurrences)
      .values({
        incidentId: w.incident.id,
        title: '每日疫情报告',
        assigneeAgencyId: w.cdc.id,
        jurisdictionId: w.tree.district.id,
        frequency: 'daily',
        dueTime: '16:00',
        startsOn: '2030-03-01',
        endsOn: '2030-03-03',
        checklist: [{ text: '新增病例', done: false }],
        createdAt: new Date('2030-02-01T00:00:00Z'),
      })
      .returning();
    const [weekly] = await t.database.db
      .insert(taskRecurrences)
      .values({
        title: '周报',
        assigneeJurisdictionId: w.tree.townshipA.id,
        jurisdictionId: w.tree.townshipA.id,
        frequency: 'weekly',
        weekdays: [1],
        dueTime: '09:30',
        startsOn: '2030-03-01',
        createdAt: new Date('2030-02-01T00:00:00Z'),
      })
      .returning();
    const mine = async () =>
      (await t.database.db.select().from(tasks).where(eq(tasks.origin, 'recurring'))).filter(
        (x) => x.originRef?.startsWith(r!.id) || x.originRef?.startsWith(weekly!.id),
      );

    // Before the start: nothing. 2030-02-28 is a Thursday.
    await instantiateRecurringTasks(t.database, new Date('2030-02-28T02:00:00Z'));
    expect(await mine()).toHaveLength(0);
    // 1 March 2030 (Friday), 08:00 local: the daily report of the day, due 16:00 local; the weekly one is for Mondays.
    const day1 = new Date('2030-03-01T00:00:00Z');
    const created = await instantiateRecurringTasks(t.database, day1);
    await instantiateRecurringTasks(t.database, new Date('2030-03-01T09:00:00Z'));
    let rows = await mine();
    expect(rows.map((x) => [x.originRef, x.dueAt.toISOString(), x.title, x.checklist])).toEqual([
      [`${r!.id}:2030-03-01`, '2030-03-01T08:00:00.000Z', '每日疫情报告（2030-03-01）', [{ text: '新增病例', done: false }]],
    ]);
    expect(created).toEqual([rows[0]!.id]);
    // Monday 4 March: the weekly one; the daily one ended on the 3rd and is stopped.
    await instantiateRecurringTasks(t.database, new Date('2030-03-02T01:00:00Z'));
    await instantiateRecurringTasks(t.database, new Date('2030-03-04T01:00:00Z'));
    rows = await mine();
    expect(rows.map((x) => x.originRef).sort()).toEqual([`${r!.id}:2030-03-01`, `${r!.id}:2030-03-02`, `${weekly!.id}:2030-03-04`].sort());
    const [stopped] = await t.database.db.select().from(taskRecurrences).where(eq(taskRecurrences.id, r!.id));
    expect(stopped!.active).toBe(false);
    // The incident closes: recurrences bound to it stop.
    const [again] = await t.database.db
      .insert(taskRecurrences)
      .values({
        incidentId: w.incident.id,
        title: 'x',
        assigneeAgencyId: w.cdc.id,
        jurisdictionId: w.tree.district.id,
        frequency: 'daily',
        dueTime: '16:00',
        startsOn: '2030-03-01',
      })
      .returning();
    await t.database.db.update(incidents).set({ status: 'closed' }).where(eq(incidents.id, w.incident.id));
    await instantiateRecurringTasks(t.database, new Date('2030-03-05T01:00:00Z'));
    expect((await t.database.db.select().from(taskRecurrences).where(eq(taskRecurrences.id, again!.id)))[0]!.active).toBe(false);
  });
});

import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines, withTestDb } from '../../test-support/index.ts';

import { createTasks } from './task-creation.ts';
import { DEMO_RECURRENCE_TITLE, seedTasksDemo } from './tasks.demo.ts';
import { taskNotes, taskRecurrences, tasks } from './tasks.tables.ts';
import { buildTaskWorld } from './tasks.test-helpers.ts';

describe.each(testEngines())('tasks demo (%s)', (engine) => {
  const t = withTestDb(engine);

  it("moves the incident's plan tasks into several states, adds the daily report, and is idempotent", async () => {
    const w = await buildTaskWorld(t.database);
    const now = new Date();
    const due = (h: number) => new Date(now.getTime() + h * 3600_000);
    await t.database.db.transaction((tx) =>
      createTasks(
        tx,
        [1, 2, 3, 4, 5, 6].map((h) => ({
          title: `措施${h}`,
          assigneeAgencyId: h % 2 ? w.police.id : w.cdc.id,
          jurisdictionId: w.tree.district.id,
          incidentId: w.incident.id,
          dueAt: due(h),
          origin: 'plan_measure' as const,
          originRef: `m${h}`,
        })),
        { actor: null },
      ),
    );
    // Two starts at once seed once.
    await Promise.all([
      seedTasksDemo(t.database, { districtId: w.tree.district.id, seed: 1, now }),
      seedTasksDemo(t.database, { districtId: w.tree.district.id, seed: 1, now }),
    ]);
    const states = async () =>
      (
        await t.database.db
          .select()
          .from(tasks)
          .where(and(eq(tasks.incidentId, w.incident.id), eq(tasks.origin, 'plan_measure')))
      )
        .sort((a, b) => a.originRef!.localeCompare(b.originRef!))
        .map((x) => [x.originRef, x.status, x.dueAt < now]);
    const after = await states();
    expect(after).toEqual([
      ['m1', 'accepted', false],
      ['m2', 'in_progress', false],
      ['m3', 'done', false],
      ['m4', 'blocked', false],
      ['m5', 'accepted', true],
      ['m6', 'assigned', false],
    ]);
    const [blocked] = await t.database.db.select().from(tasks).where(eq(tasks.originRef, 'm4'));
    expect(blocked!.statusReason).toMatch(/消毒物资/);
    const recurrences = await t.database.db.select().from(taskRecurrences).where(eq(taskRecurrences.incidentId, w.incident.id));
    expect(recurrences.map((r) => [r.title, r.dueTime, r.frequency])).toEqual([[DEMO_RECURRENCE_TITLE, '16:00', 'daily']]);
    const recurring = await t.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.incidentId, w.incident.id), eq(tasks.origin, 'recurring')));
    expect(recurring).toHaveLength(1);
    const notes = await t.database.db.select().from(taskNotes);
    // Again: nothing changes.
    await seedTasksDemo(t.database, { districtId: w.tree.district.id, seed: 1, now });
    expect(await states()).toEqual(after);
    expect(await t.database.db.select().from(taskNotes)).toHaveLength(notes.length);
    expect(
      await t.database.db
        .select()
        .from(tasks)
        .where(and(eq(tasks.incidentId, w.incident.id), eq(tasks.origin, 'recurring'))),
    ).toHaveLength(1);
  });
});

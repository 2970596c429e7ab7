/**
 * The tasks demo on the real demo district (registry, plan and incident demos first): the demo users get their
 * agencies, the demo incident's plan tasks reach several states, and the daily report recurs; again: nothing new.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { DEMO_TOWNSHIP_A, seedDemoDistrict } from '../demo/demo.seeder.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import { seedIncidentsDemo } from '../incidents/incidents.demo.ts';
import { seedPlansDemo } from '../plans/plans.demo.ts';
import { agencies } from '../registry/registry.tables.ts';
import { DEMO_USER_AGENCIES, seedTasksDemo } from './tasks.demo.ts';
import { taskRecurrences, tasks } from './tasks.tables.ts';

describe.each(testEngines())('tasks demo on District J (%s)', (engine) => {
  const t = withTestDb(engine);

  it("sets the demo users' agencies and moves the demo incident's tasks along, once", async () => {
    await seedDemoDistrict(t.database, { rosterStart: '2026-11-20', rosterDays: 1, features: false });
    const [district] = await t.database.db.select().from(jurisdictions).where(eq(jurisdictions.level, 'district'));
    const ctx = { districtId: district!.id, seed: 1, now: new Date(), incidentTownshipCode: DEMO_TOWNSHIP_A };
    await seedPlansDemo(t.database, ctx);
    await seedIncidentsDemo(t.database, ctx);
    await seedTasksDemo(t.database, ctx);

    const agencyOf = await t.database.db
      .select({ username: users.username, code: agencies.code })
      .from(users)
      .innerJoin(agencies, eq(agencies.id, users.agencyId));
    expect(Object.fromEntries(agencyOf.map((r) => [r.username, r.code]))).toMatchObject(DEMO_USER_AGENCIES);

    const [incident] = await t.database.db.select().from(incidents);
    const planTasks = await t.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.incidentId, incident!.id), eq(tasks.origin, 'plan_measure')));
    const count = (status: string) => planTasks.filter((x) => x.status === status).length;
    expect(count('accepted')).toBeGreaterThanOrEqual(1);
    expect(count('in_progress')).toBe(1);
    expect(count('done')).toBe(1);
    expect(count('blocked')).toBe(1);
    expect(
      planTasks.filter((x) => x.dueAt < ctx.now && ['assigned', 'accepted', 'in_progress', 'blocked'].includes(x.status)).length,
    ).toBeGreaterThanOrEqual(1);
    const [recurrence] = await t.database.db.select().from(taskRecurrences).where(eq(taskRecurrences.incidentId, incident!.id));
    expect(recurrence).toMatchObject({ frequency: 'daily', dueTime: '16:00', active: true });
    const recurring = await t.database.db.select().from(tasks).where(eq(tasks.origin, 'recurring'));
    expect(recurring).toHaveLength(1);

    const before = planTasks.map((x) => [x.id, x.status]).sort();
    await seedTasksDemo(t.database, ctx);
    const after = (
      await t.database.db
        .select()
        .from(tasks)
        .where(and(eq(tasks.incidentId, incident!.id), eq(tasks.origin, 'plan_measure')))
    )
      .map((x) => [x.id, x.status])
      .sort();
    expect(after).toEqual(before);
    expect(await t.database.db.select().from(tasks).where(eq(tasks.origin, 'recurring'))).toHaveLength(1);
  }, 120_000);
});

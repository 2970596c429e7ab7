/**
 * The demo plan and incident seed on the demo registry: complete, idempotent, level III tasks for the right
 * agencies (the public security bureau among them), command staffed.
 */
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { DEMO_TOWNSHIP_A, seedDemoDistrict } from '../demo/demo.seeder.ts';
import { completenessIssues } from '../plans/plans.content.ts';
import { seedPlansDemo } from '../plans/plans.demo.ts';
import { planVersions, plans } from '../plans/plans.tables.ts';
import { agencies } from '../registry/registry.tables.ts';
import { incidentEvents, incidentRoles, incidents } from './incidents.tables.ts';
import { tasks } from '../tasks/tasks.tables.ts';
import { DEMO_INCIDENT_TITLE, seedIncidentsDemo } from './incidents.demo.ts';

describe.each(testEngines())('plans and incidents demo (%s)', (engine) => {
  const t = withTestDb(engine);

  it('seeds an approved complete plan and a level III incident with tasks, once', async () => {
    await seedDemoDistrict(t.database, { rosterStart: '2026-11-20', rosterDays: 1, features: false });
    const [district] = await t.database.db.select().from(jurisdictions).where(eq(jurisdictions.level, 'district'));
    const ctx = { districtId: district!.id, seed: 1, now: new Date('2026-11-28T04:00:00Z'), incidentTownshipCode: DEMO_TOWNSHIP_A };
    for (let i = 0; i < 2; i++) {
      await seedPlansDemo(t.database, ctx);
      await seedIncidentsDemo(t.database, ctx);
    }
    const versions = await t.database.db.select().from(planVersions);
    expect(versions).toHaveLength(1);
    expect(versions[0]!.status).toBe('approved');
    expect(completenessIssues(versions[0]!.content)).toEqual([]);
    // Four-eyes: drafted and submitted by the commander, approved by the district leader.
    const people = new Map(
      (await t.database.db.select({ id: users.id, username: users.username }).from(users)).map((u) => [u.id, u.username]),
    );
    expect(people.get(versions[0]!.lastEditedBy!)).toBe('commander');
    expect(people.get(versions[0]!.submittedBy!)).toBe('commander');
    expect(people.get(versions[0]!.reviewedBy!)).toBe('leader');
    expect((await t.database.db.select().from(plans))[0]!.name).toBe('嘉江区突发急性传染病应急预案');

    const all = await t.database.db.select().from(incidents);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ title: DEMO_INCIDENT_TITLE, responseLevel: 'III', status: 'open' });
    const made = await t.database.db
      .select({ code: agencies.code, dueAt: tasks.dueAt, origin: tasks.origin })
      .from(tasks)
      .innerJoin(agencies, eq(agencies.id, tasks.assigneeAgencyId))
      .where(eq(tasks.incidentId, all[0]!.id));
    expect(made).toHaveLength(versions[0]!.content.levels.III.measures.length);
    expect(made.map((m) => m.code)).toContain('JJ-GA');
    // Activated 48 h before "now": the 6-hour CDC measure is due 42 h before it.
    expect(
      made
        .filter((m) => m.code === 'JJ-CDC')
        .map((m) => m.dueAt.toISOString())
        .sort()[0],
    ).toBe('2026-11-26T10:00:00.000Z');
    const roles = await t.database.db.select().from(incidentRoles).where(eq(incidentRoles.incidentId, all[0]!.id));
    expect(roles.map((r) => r.role).sort()).toEqual(['agency_liaison', 'commander', 'group_lead', 'group_lead', 'group_lead']);
    // The story is in order: opened, then level III, then the log entries, all before "now".
    const timeline = await t.database.db
      .select()
      .from(incidentEvents)
      .where(eq(incidentEvents.incidentId, all[0]!.id))
      .orderBy(asc(incidentEvents.occurredAt));
    expect(timeline[0]!.kind).toBe('opened');
    expect(timeline.findIndex((e) => e.kind === 'level_set')).toBeLessThan(timeline.findIndex((e) => e.kind === 'log'));
    expect(timeline.every((e) => e.occurredAt <= ctx.now)).toBe(true);
  }, 240_000);
});

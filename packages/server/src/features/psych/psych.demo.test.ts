/**
 * The psychological-assistance demo: a hotline log, clients with improving screening histories, open and
 * closed referrals, group sessions and a same-day task; seeded once.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { users } from '../../platform/db/platform.tables.ts';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { executedRows } from '../dashboard/case-counts.ts';
import { seedDemoDistrict } from '../demo/demo.seeder.ts';
import { seedPsychDemo } from './psych.demo.ts';
import { psychCalls, psychClients, psychGroups, psychReferrals, psychScreenings, psychTasks } from './psych.tables.ts';

const NOW = new Date('2026-11-20T04:00:00Z');

describe.each(testEngines())('psych demo (%s)', (engine) => {
  const t = withTestDb(engine);

  it('seeds the hotline, clients with screening histories, referrals and groups, once', async () => {
    await seedDemoDistrict(t.database, { rosterDays: 1, features: false, now: NOW });
    const [district] = executedRows<{ id: string }>(
      await t.database.db.execute(sql`SELECT id::text FROM jurisdictions WHERE level = 'district' LIMIT 1`),
    );
    const ctx = { districtId: district!.id, seed: 20_260_101, now: NOW };
    await seedPsychDemo(t.database, ctx);

    const clients = await t.database.db.select().from(psychClients);
    expect(clients).toHaveLength(8);
    expect(clients.every((c) => c.name.endsWith('（演示）'))).toBe(true);
    const screenings = await t.database.db.select().from(psychScreenings);
    expect(screenings.filter((s) => s.instrument === 'phq9')).toHaveLength(24);
    const calls = await t.database.db.select().from(psychCalls);
    expect(calls.length).toBeGreaterThanOrEqual(28);
    expect(calls.filter((c) => c.callbackNeeded && !c.callbackDoneAt).length).toBe(2);
    const referrals = await t.database.db.select().from(psychReferrals);
    expect(referrals.map((r) => r.status).sort()).toEqual(['accepted', 'completed', 'rejected', 'requested']);
    expect(referrals.find((r) => r.status === 'requested')!.respondBy < NOW).toBe(true); // overdue
    expect(await t.database.db.select().from(psychGroups)).toHaveLength(2);
    const tasks = await t.database.db.select().from(psychTasks);
    expect(tasks.filter((x) => x.kind === 'high_risk' && x.status === 'open')).toHaveLength(1);
    // re-screens at 2 and 4 weeks were answered by the screenings; the 12-week one is still ahead
    expect(tasks.filter((x) => x.kind === 'rescreen' && x.status === 'done')).toHaveLength(16);
    // one client is closed (goals met): its 12-week re-screen was cancelled with the closing
    expect(tasks.filter((x) => x.kind === 'rescreen' && x.status === 'open')).toHaveLength(7);
    expect(tasks.filter((x) => x.kind === 'rescreen' && x.status === 'cancelled')).toHaveLength(1);
    const closed = clients.filter((c) => c.status === 'closed');
    expect(closed.map((c) => [c.closeReason, c.closeOutcome])).toEqual([['goals_met', 'improved']]);
    // the demo reporter's hospital answered its referrals itself
    const reporter = await t.database.db.select().from(users).where(eq(users.username, 'reporter'));
    expect(referrals.every((r) => r.facilityId === reporter[0]!.facilityId)).toBe(true);
    const accepted = referrals.find((r) => r.status === 'accepted')!;
    expect(accepted.history.at(-1)).toMatchObject({ status: 'accepted', side: 'facility' });

    await seedPsychDemo(t.database, ctx);
    expect(await t.database.db.select().from(psychClients)).toHaveLength(8);
  });
});

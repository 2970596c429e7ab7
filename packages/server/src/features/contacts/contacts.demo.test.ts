/**
 * The contact tracing demo: contacts and second-degree contacts of the newest HFMD cases of the demo township,
 * a follow-up history with one unwell contact and one lost, ended windows completed; seeded once.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { executedRows } from '../dashboard/case-counts.ts';
import { DEMO_TOWNSHIP_A, seedDemoDistrict } from '../demo/demo.seeder.ts';
import { seedCasesDemo } from '../cases/cases.demo.ts';
import { identityProtector } from '../cases/identity-protection.ts';
import { seedContactsDemo } from './contacts.demo.ts';
import { contactFollowUps, contacts } from './contacts.tables.ts';

const NOW = new Date('2026-11-20T04:00:00Z');
const identity = { identityKey: 'ab'.repeat(32), dataDir: '/nonexistent' };

describe.each(testEngines())('contacts demo (%s)', (engine) => {
  const t = withTestDb(engine);

  it('traces the newest cases with second-degree contacts and follow-up history, once', async () => {
    await seedDemoDistrict(t.database, { rosterDays: 1, features: false, now: NOW });
    const [district] = executedRows<{ id: string }>(
      await t.database.db.execute(sql`SELECT id::text FROM jurisdictions WHERE level = 'district' LIMIT 1`),
    );
    const ctx = { districtId: district!.id, seed: 20_260_101, now: NOW, identity, incidentTownshipCode: DEMO_TOWNSHIP_A };
    await seedCasesDemo(t.database, ctx, identityProtector(identity));
    await seedContactsDemo(t.database, ctx);

    const rows = await t.database.db.select().from(contacts);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(rows.filter((c) => c.degree === 2).length).toBe(2);
    expect(rows.some((c) => c.status === 'lost_to_follow_up')).toBe(true);
    // every window that ended before the demo's today is completed
    const today = '2026-11-20';
    expect(rows.filter((c) => c.status === 'under_follow_up' && String(c.followUpUntil) < today)).toEqual([]);
    expect(rows.some((c) => c.status === 'under_follow_up')).toBe(true);
    const followUps = await t.database.db.select().from(contactFollowUps);
    expect(followUps.length).toBeGreaterThan(20);
    expect(followUps.filter((f) => f.status === 'seen_unwell')).toHaveLength(1);
    expect(followUps.every((f) => String(f.date) < today)).toBe(true);

    await seedContactsDemo(t.database, ctx);
    expect(await t.database.db.select().from(contacts)).toHaveLength(rows.length);
    expect((await t.database.db.select().from(contacts).where(eq(contacts.idType, 'resident_id'))).length).toBe(0);
  }, 300_000);
});

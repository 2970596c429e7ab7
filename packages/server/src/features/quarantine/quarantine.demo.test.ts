/**
 * The quarantine demo: rooms at two quarantine hotels of District J, half the contacts under follow-up placed at
 * a site or at home, contacts whose follow-up completed with a released stay; the rest left to place; seeded once.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { seedCasesDemo } from '../cases/cases.demo.ts';
import { identityProtector } from '../cases/identity-protection.ts';
import { seedContactsDemo } from '../contacts/contacts.demo.ts';
import { contacts } from '../contacts/index.ts';
import { executedRows } from '../dashboard/case-counts.ts';
import { DEMO_TOWNSHIP_A, seedDemoDistrict } from '../demo/demo.seeder.ts';
import { facilities } from '../registry/index.ts';
import { DEMO_QUARANTINE_SITES, seedQuarantineDemo } from './quarantine.demo.ts';
import { quarantineAssignments, quarantineRooms } from './quarantine.tables.ts';

const NOW = new Date('2026-11-20T04:00:00Z');
const identity = { identityKey: 'ab'.repeat(32), dataDir: '/nonexistent' };

describe.each(testEngines())('quarantine demo (%s)', (engine) => {
  const t = withTestDb(engine);

  it('sets up two hotels with rooms, places and releases demo contacts, once', async () => {
    await seedDemoDistrict(t.database, { rosterDays: 1, features: false, now: NOW });
    const [district] = executedRows<{ id: string }>(
      await t.database.db.execute(sql`SELECT id::text FROM jurisdictions WHERE level = 'district' LIMIT 1`),
    );
    const ctx = { districtId: district!.id, seed: 20_260_101, now: NOW, identity, incidentTownshipCode: DEMO_TOWNSHIP_A };
    await seedCasesDemo(t.database, ctx, identityProtector(identity));
    await seedContactsDemo(t.database, ctx);
    await seedQuarantineDemo(t.database, ctx);

    const rooms = await t.database.db.select().from(quarantineRooms);
    expect(rooms).toHaveLength(60);
    const hotels = await t.database.db
      .select({ id: facilities.id, name: facilities.name })
      .from(facilities)
      .where(eq(facilities.type, 'quarantine_hotel'));
    const demoHotels = hotels.filter((h) => (DEMO_QUARANTINE_SITES as readonly string[]).includes(h.name));
    expect(demoHotels).toHaveLength(2);
    expect(new Set(rooms.map((r) => r.facilityId))).toEqual(new Set(demoHotels.map((h) => h.id)));

    const stays = await t.database.db.select().from(quarantineAssignments);
    const active = stays.filter((s) => s.status === 'active');
    expect(active.some((s) => s.kind === 'site')).toBe(true);
    expect(active.some((s) => s.kind === 'home')).toBe(true);
    expect(stays.filter((s) => s.status === 'released').length).toBeGreaterThanOrEqual(2);
    expect(stays.some((s) => s.status === 'released' && s.endedOn === '2026-11-20')).toBe(true);
    expect(active.every((s) => s.startDate <= '2026-11-20')).toBe(true);
    // one case person isolated at a site (0066)
    expect(active.filter((s) => s.caseReportId !== null).map((s) => [s.kind, s.contactId])).toEqual([['site', null]]);
    // some contacts under follow-up are left for a person to place
    const open = await t.database.db.select({ id: contacts.id }).from(contacts).where(eq(contacts.status, 'under_follow_up'));
    expect(open.length).toBeGreaterThan(active.length);

    await seedQuarantineDemo(t.database, ctx);
    expect(await t.database.db.select().from(quarantineAssignments)).toHaveLength(stays.length);
  }, 300_000);
});

/**
 * The voyages demo and the investigation demo: the downstream voyage with its 180-person manifest, the district's
 * newest confirmed case on it (its own manifest row recognised), the same-cabin cohort confirmed as contacts,
 * the return voyage awaiting its manifest, the port shift's workers, the case's 流调; seeded once.
 */
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { identityProtector } from '../cases/identity-protection.ts';
import { seedCasesDemo } from '../cases/cases.demo.ts';
import { contacts } from '../contacts/index.ts';
import { executedRows } from '../dashboard/case-counts.ts';
import { DEMO_TOWNSHIP_A, seedDemoDistrict } from '../demo/demo.seeder.ts';
import { seedInvestigationsDemo } from '../investigations/investigations.demo.ts';
import { investigationEvents, investigations } from '../investigations/investigations.tables.ts';
import { DEMO_RETURN_VOYAGE, DEMO_VOYAGE, seedTravelDemo } from './travel.demo.ts';
import { travelCohortMembers, travelExposures, travelManifestEntries, travelTrips } from './travel.tables.ts';

const NOW = new Date('2026-11-20T04:00:00Z');
const identity = { identityKey: 'ab'.repeat(32), dataDir: '/nonexistent' };

describe.each(testEngines())('travel and investigations demo (%s)', (engine) => {
  const t = withTestDb(engine);

  it('a voyage with its manifest, a confirmed case on it, its high-risk cohort confirmed, its 流调; once', async () => {
    await seedDemoDistrict(t.database, { rosterDays: 1, features: false, now: NOW });
    const [district] = executedRows<{ id: string }>(
      await t.database.db.execute(sql`SELECT id::text FROM jurisdictions WHERE level = 'district' LIMIT 1`),
    );
    const ctx = { districtId: district!.id, seed: 20_260_101, now: NOW, identity, incidentTownshipCode: DEMO_TOWNSHIP_A };
    await seedCasesDemo(t.database, ctx, identityProtector(identity));
    await seedTravelDemo(t.database, ctx);
    await seedInvestigationsDemo(t.database, ctx);

    const trips = await t.database.db.select().from(travelTrips);
    expect(trips.map((x) => x.serviceNumber).sort()).toEqual(expect.arrayContaining([DEMO_VOYAGE, DEMO_RETURN_VOYAGE]));
    const voyage = trips.find((x) => x.serviceNumber === DEMO_VOYAGE)!;
    const back = trips.find((x) => x.serviceNumber === DEMO_RETURN_VOYAGE)!;
    expect(voyage.departsAt.getTime()).toBeLessThan(NOW.getTime());
    const manifest = await t.database.db.select().from(travelManifestEntries).where(eq(travelManifestEntries.tripId, voyage.id));
    expect(manifest).toHaveLength(180);
    expect(manifest.every((m) => m.idNumberEncrypted && m.idNumberMasked.includes('*'))).toBe(true);
    expect(await t.database.db.select().from(travelManifestEntries).where(eq(travelManifestEntries.tripId, back.id))).toHaveLength(0);
    const shift = trips.find((x) => x.mode === 'port_shift')!;
    const workers = await t.database.db.select().from(travelManifestEntries).where(eq(travelManifestEntries.tripId, shift.id));
    expect(workers.map((w) => w.role)).toEqual(Array(12).fill('worker'));

    const [exposure] = await t.database.db.select().from(travelExposures);
    expect(exposure).toMatchObject({ tripId: voyage.id, deck: '3', cabin: '305' });
    expect(exposure!.manifestEntryId).not.toBeNull();
    const members = await t.database.db.select().from(travelCohortMembers);
    expect(members.filter((m) => m.rank === 1).every((m) => m.status === 'confirmed' && m.contactId)).toBe(true);
    expect(members.filter((m) => m.rank === 1)).toHaveLength(3);
    expect(members.filter((m) => m.status === 'suggested').length).toBeGreaterThan(10);
    const traced = await t.database.db.select().from(contacts).where(eq(contacts.sourceCaseId, exposure!.caseId));
    expect(traced).toHaveLength(3);
    expect(traced.every((c) => c.setting === 'vessel' && c.riskCategory === 'high')).toBe(true);

    const [inv] = await t.database.db.select().from(investigations);
    expect(inv).toMatchObject({ caseId: exposure!.caseId, likelySourceKind: 'travel' });
    const events = await t.database.db.select().from(investigationEvents);
    expect(events.map((e) => e.kind).sort()).toEqual(['gathering', 'home', 'market', 'voyage']);
    expect(events.find((e) => e.kind === 'voyage')!.tripId).toBe(voyage.id);

    await seedTravelDemo(t.database, ctx);
    await seedInvestigationsDemo(t.database, ctx);
    expect(await t.database.db.select().from(travelTrips)).toHaveLength(trips.length);
    expect(await t.database.db.select().from(investigationEvents)).toHaveLength(4);
  }, 300_000);
});

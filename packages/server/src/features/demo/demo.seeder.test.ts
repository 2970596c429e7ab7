import { count, desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit/audit.ts';
import { passwordPolicyIssues, verifyPassword } from '../../platform/auth/password.ts';
import { ROLE_IDS } from '../../platform/auth/rights.ts';
import { auditLog, jurisdictions, userRoles, users } from '../../platform/db/platform.tables.ts';
import { createTestDb, testEngines, withTestDb } from '../../test-support/test-db.ts';
import {
  DEMO_FLOW_SOURCE,
  adjacentDistricts,
  agencies,
  districtFlows,
  dutyRoster,
  facilities,
  jurisdictionAdjacency,
  jurisdictionFlows,
  mapFeatures,
} from '../registry/registry.tables.ts';
import { DEMO_PASSWORD, DEMO_REPORTER_FACILITY, DEMO_TOWNSHIP_A, DEMO_TOWNSHIP_B, demoUserSpecs, seedDemoDistrict } from './demo.seeder.ts';
import { generateDistrictJ } from './district-j.ts';

describe('demo users', () => {
  it('cover every role, with a password the policy accepts', () => {
    const specs = demoUserSpecs();
    expect(new Set(specs.map((s) => s.role))).toEqual(new Set(ROLE_IDS));
    for (const s of specs) expect(passwordPolicyIssues(DEMO_PASSWORD, s.username), s.username).toEqual([]);
    const officers = specs.filter((s) => s.role === 'township_officer').map((s) => s.at);
    expect(officers.sort()).toEqual([DEMO_TOWNSHIP_A, DEMO_TOWNSHIP_B]);
  });
});

describe.each(testEngines())('seedDemoDistrict (%s)', (engine) => {
  const t = withTestDb(engine);
  // the registry only: each feature's demo data is tested by that feature (feature-demos.ts)
  const options = { rosterStart: '2026-03-02', rosterDays: 7, features: false };
  const demo = generateDistrictJ(options);

  const counts = async () => {
    const db = t.database.db;
    const n = async (table: Parameters<typeof db.select>[0] extends never ? never : any) =>
      (await db.select({ n: count() }).from(table))[0]!.n;
    return {
      jurisdictions: await n(jurisdictions),
      agencies: await n(agencies),
      roster: await n(dutyRoster),
      facilities: await n(facilities),
      adjacent: await n(adjacentDistricts),
      flows: await n(districtFlows),
      adjacency: await n(jurisdictionAdjacency),
      townshipFlows: await n(jurisdictionFlows),
      mapFeatures: await n(mapFeatures),
      users: await n(users),
      roles: await n(userRoles),
      audit: await n(auditLog),
    };
  };

  it('writes the whole district, audited, with users for every role', async () => {
    const result = await seedDemoDistrict(t.database, options);
    expect(result.created).toBe(true);
    expect(result.users.map((u) => u.role).sort()).toEqual([...demoUserSpecs().map((s) => s.role)].sort());
    const wangjiang = result.users.find((u) => u.username === 'officer.wangjiang');
    expect(wangjiang).toMatchObject({ role: 'township_officer', password: DEMO_PASSWORD, jurisdiction: '望江街道 Wangjiang Subdistrict' });

    const c = await counts();
    expect(c.jurisdictions).toBe(1 + demo.townships.length + demo.communities.length);
    expect(c.agencies).toBe(demo.agencies.length);
    expect(c.roster).toBe(demo.agencies.reduce((s, a) => s + a.roster.length, 0));
    expect(c.facilities).toBe(demo.facilities.length);
    expect(c.adjacent).toBe(6);
    // road for all six, rail for three, river for two
    expect(c.flows).toBe(6 + 3 + 2);
    expect(c.users).toBe(demoUserSpecs().length);
    expect(c.adjacency).toBe(demo.borders.length);
    expect(c.townshipFlows).toBe(demo.commuting.length);
    expect(c.mapFeatures).toBe(demo.mapFeatures.length);
    // one record per district, township, neighbour, agency, roster, facility, user and map feature; one per
    // township for its communities; one for all adjacent pairs and one for all township flows
    expect(c.audit).toBe(1 + 2 * demo.townships.length + c.adjacent + 2 * c.agencies + c.facilities + c.users + c.mapFeatures + 2);
    const batches = await t.database.db.select().from(auditLog).where(eq(auditLog.entityType, 'jurisdiction_batch'));
    const listed = batches.flatMap((b) => (b.after as { jurisdictions: Array<{ code: string }> }).jurisdictions.map((j) => j.code));
    expect(listed.sort()).toEqual(demo.communities.map((x) => x.code).sort());
    const chain = await verifyAuditChain(t.database.db);
    expect(chain.ok).toBe(true);
    const [first] = await t.database.db.select().from(auditLog).where(eq(auditLog.seq, 1));
    expect(first).toMatchObject({ actorId: null, action: 'create', entityType: 'jurisdiction' });

    const [district] = await t.database.db.select().from(jurisdictions).where(eq(jurisdictions.code, '500199'));
    expect(district.parentId).toBeNull();
    expect(district.population).toBe(demo.district.population);
    expect(district.geometry?.type).toBe('Polygon');
    // Stored as JSON structures, not as JSON strings (a driver that double-encodes would give 'string').
    const kinds = await t.database.raw.query<{ geometry: string; centroid: string; location: string }>(
      `SELECT jsonb_typeof(j.geometry) AS geometry, jsonb_typeof(j.centroid) AS centroid,
              (SELECT jsonb_typeof(location) FROM facilities LIMIT 1) AS location
         FROM jurisdictions j WHERE j.code = '500199'`,
    );
    expect(kinds).toEqual([{ geometry: 'object', centroid: 'array', location: 'array' }]);
    const [officer] = await t.database.db.select().from(users).where(eq(users.username, 'officer.baisha'));
    expect(await verifyPassword(officer.passwordHash, DEMO_PASSWORD)).toBe(true);
    // the hospital reporter reports for the People's Hospital (issue 11, item 6: it sees only that hospital's reports)
    const [reporter] = await t.database.db.select().from(users).where(eq(users.username, 'reporter'));
    const [hospital] = await t.database.db.select().from(facilities).where(eq(facilities.name, DEMO_REPORTER_FACILITY));
    expect(reporter!.facilityId).toBe(hospital!.id);
  });

  it("stores the generator's borders, commuting flows, river reaches and port, by code", async () => {
    const codeOf = new Map((await t.database.db.select().from(jurisdictions)).map((j) => [j.id, j.code]));
    const pairs = (await t.database.db.select().from(jurisdictionAdjacency)).map((r) => {
      expect(r.jurisdictionAId < r.jurisdictionBId).toBe(true);
      const [a, b] = [codeOf.get(r.jurisdictionAId)!, codeOf.get(r.jurisdictionBId)!].sort();
      return { a: a!, b: b!, borderKm: r.sharedBorderKm };
    });
    expect(pairs.sort((x, y) => x.a.localeCompare(y.a) || x.b.localeCompare(y.b))).toEqual(demo.borders);
    const flows = (await t.database.db.select().from(jurisdictionFlows)).map((r) => {
      expect(r.source).toBe(DEMO_FLOW_SOURCE);
      return { from: codeOf.get(r.originId)!, to: codeOf.get(r.destinationId)!, dailyTrips: r.dailyTrips };
    });
    expect(flows.sort((x, y) => x.from.localeCompare(y.from) || x.to.localeCompare(y.to))).toEqual(demo.commuting);
    const features = (await t.database.db.select().from(mapFeatures)).map((f) => ({
      kind: f.kind,
      jurisdictionCode: codeOf.get(f.jurisdictionId)!,
      name: f.name,
      nameEn: f.nameEn,
      geometry: f.geometry,
    }));
    expect(features.sort((x, y) => x.kind.localeCompare(y.kind) || x.jurisdictionCode.localeCompare(y.jurisdictionCode))).toEqual(
      [...demo.mapFeatures].sort((x, y) => x.kind.localeCompare(y.kind) || x.jurisdictionCode.localeCompare(y.jurisdictionCode)),
    );
  });

  it('fills in adjacency, flows and map features on a district seeded before they were stored (0003)', async () => {
    const before = await counts();
    const stored = {
      adjacency: await t.database.db.select().from(jurisdictionAdjacency),
      flows: await t.database.db
        .select({ o: jurisdictionFlows.originId, d: jurisdictionFlows.destinationId, n: jurisdictionFlows.dailyTrips })
        .from(jurisdictionFlows),
      features: await t.database.db
        .select({ j: mapFeatures.jurisdictionId, name: mapFeatures.name, g: mapFeatures.geometry })
        .from(mapFeatures),
    };
    // A database seeded before migration 0003 has these three tables empty after migrating.
    await t.database.raw.exec('DELETE FROM jurisdiction_adjacency; DELETE FROM jurisdiction_flows; DELETE FROM map_features;');
    const again = await seedDemoDistrict(t.database, options);
    expect(again.created).toBe(false);
    expect(again.backfilled).toEqual(['adjacency', 'flows', 'map_features']);
    const after = await counts();
    expect(after).toEqual({ ...before, audit: before.audit + 2 + before.mapFeatures });
    const byKey = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(byKey(await t.database.db.select().from(jurisdictionAdjacency))).toEqual(byKey(stored.adjacency));
    expect(
      byKey(
        await t.database.db
          .select({ o: jurisdictionFlows.originId, d: jurisdictionFlows.destinationId, n: jurisdictionFlows.dailyTrips })
          .from(jurisdictionFlows),
      ),
    ).toEqual(byKey(stored.flows));
    expect(
      byKey(
        await t.database.db.select({ j: mapFeatures.jurisdictionId, name: mapFeatures.name, g: mapFeatures.geometry }).from(mapFeatures),
      ),
    ).toEqual(byKey(stored.features));
    const [record] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityType, 'jurisdiction_adjacency'))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    expect(record).toMatchObject({ actorId: null, action: 'create' });
    expect((record!.after as { pairs: unknown[] }).pairs).toHaveLength(demo.borders.length);
    expect((await verifyAuditChain(t.database.db)).ok).toBe(true);
    // Filled in once: the next start finds nothing missing.
    expect((await seedDemoDistrict(t.database, options)).backfilled).toEqual([]);
    expect(await counts()).toEqual(after);
  });

  it('seeds once when two runs start together', async () => {
    const fresh = await createTestDb(engine);
    try {
      const runs = await Promise.all([
        seedDemoDistrict(fresh, { ...options, rosterDays: 1 }),
        seedDemoDistrict(fresh, { ...options, rosterDays: 1 }),
      ]);
      expect(runs.map((r) => r.created).sort()).toEqual([false, true]);
      const districts = await fresh.db.select({ n: count() }).from(jurisdictions).where(eq(jurisdictions.level, 'district'));
      expect(districts[0]!.n).toBe(1);
    } finally {
      await fresh.close();
    }
  });

  it('changes nothing when run again', async () => {
    const before = await counts();
    const [adminBefore] = await t.database.db.select().from(users).where(eq(users.username, 'admin'));
    const again = await seedDemoDistrict(t.database, { ...options, seed: 99 });
    expect(again.created).toBe(false);
    expect(again.users.length).toBe(demoUserSpecs().length);
    expect(await counts()).toEqual(before);
    const [adminAfter] = await t.database.db.select().from(users).where(eq(users.username, 'admin'));
    expect(adminAfter.passwordHash).toBe(adminBefore.passwordHash);
  });
});

describe('seedDemoDistrict failures (pglite)', () => {
  const t = withTestDb('pglite');

  it('refuses a demo password the policy refuses, before writing anything', async () => {
    await expect(seedDemoDistrict(t.database, { password: 'short' })).rejects.toMatchObject({ id: 'validation_failed' });
    expect((await t.database.db.select({ n: count() }).from(jurisdictions))[0]!.n).toBe(0);
  });

  it('leaves no half district when a write fails midway (one transaction)', async () => {
    // A township code taken beforehand makes the township insert fail after the district row was written.
    await t.database.db.insert(jurisdictions).values({ level: 'district', code: DEMO_TOWNSHIP_B, name: '占位', nameEn: 'Placeholder' });
    await expect(seedDemoDistrict(t.database, { rosterStart: '2026-03-02', rosterDays: 1 })).rejects.toThrow();
    const codes = (await t.database.db.select({ code: jurisdictions.code }).from(jurisdictions)).map((r) => r.code);
    expect(codes).toEqual([DEMO_TOWNSHIP_B]);
    expect((await t.database.db.select({ n: count() }).from(auditLog))[0]!.n).toBe(0);
    expect((await t.database.db.select({ n: count() }).from(users))[0]!.n).toBe(0);
  });
});

import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../platform/audit/audit.ts';
import { passwordPolicyIssues, verifyPassword } from '../../platform/auth/password.ts';
import { ROLE_IDS } from '../../platform/auth/rights.ts';
import { auditLog, jurisdictions, userRoles, users } from '../../platform/db/platform.tables.ts';
import { createTestDb, testEngines, withTestDb } from '../../test-support/test-db.ts';
import { adjacentDistricts, agencies, districtFlows, dutyRoster, facilities } from '../registry/registry.tables.ts';
import { DEMO_PASSWORD, DEMO_TOWNSHIP_A, DEMO_TOWNSHIP_B, demoUserSpecs, seedDemoDistrict } from './demo.seeder.ts';
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
  const options = { rosterStart: '2026-03-02', rosterDays: 7 };
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
    // one record per district, township, neighbour, agency, roster, facility and user; one per township
    // for its communities
    expect(c.audit).toBe(1 + 2 * demo.townships.length + c.adjacent + 2 * c.agencies + c.facilities + c.users);
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
  });

  it('seeds once when two runs start together', async () => {
    const fresh = await createTestDb(engine);
    try {
      const runs = await Promise.all([seedDemoDistrict(fresh, { ...options, rosterDays: 1 }), seedDemoDistrict(fresh, { ...options, rosterDays: 1 })]);
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

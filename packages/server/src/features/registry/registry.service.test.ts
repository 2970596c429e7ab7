/**
 * Registry service on the seeded demo district: scope (two township officers, a township-level manager),
 * rights, validation naming fields, audit with before/after, and no partial writes.
 */
import { and, count, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/auth/scope.ts';
import { auditLog, jurisdictions } from '../../platform/db/platform.tables.ts';
import { AppError } from '../../platform/errors.ts';
import { buildUser, testEngines, withTestDb } from '../../test-support/index.ts';
import { DEMO_TOWNSHIP_A, DEMO_TOWNSHIP_B, seedDemoDistrict } from '../demo/demo.seeder.ts';
import { generateDistrictJ } from '../demo/district-j.ts';
import { findUserByUsername, loadPrincipal } from '../users/users.store.ts';
import {
  createAgency,
  createFacility,
  createJurisdiction,
  getAgency,
  getDashboardSummary,
  getFacility,
  getJurisdiction,
  getRoster,
  jurisdictionGeoJson,
  listAdjacencyFor,
  listAdjacentDistrictsFor,
  listAgenciesFor,
  listFacilitiesFor,
  listJurisdictionFlowsFor,
  listJurisdictionsFor,
  mapFeaturesGeoJson,
  replaceRosterAs,
  updateAgencyAs,
  updateFacilityAs,
  updateJurisdictionAs,
} from './registry.service.ts';
import { dutyRoster, facilities } from './registry.tables.ts';

const ROSTER_START = '2026-03-02';
const demo = generateDistrictJ({ rosterStart: ROSTER_START, rosterDays: 7 });
const page = { page: 1, pageSize: 500 };

/** Awaits a promise expected to fail with an AppError of `id`; returns it for further checks. */
async function failure(promise: Promise<unknown>, id: string): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, `expected ${id}`).toBeInstanceOf(AppError);
  expect((err as AppError).id).toBe(id);
  return err as AppError;
}

const issuePaths = (err: AppError) => (err.details as Array<{ path: string }>).map((d) => d.path);

describe.each(testEngines())('registry service on District J (%s)', (engine) => {
  const t = withTestDb(engine);
  let admin: Principal;
  let viewer: Principal;
  let officerA: Principal;
  let officerB: Principal;
  /** a registry manager for township A only (system_admin held at township level) */
  let managerA: Principal;
  const ids = new Map<string, string>();

  const principalOf = async (username: string) =>
    (await loadPrincipal(t.database.db, (await findUserByUsername(t.database.db, username))!.id))!;
  const auditCount = async () => (await t.database.db.select({ n: count() }).from(auditLog))[0]!.n;
  const lastAudit = async () => (await t.database.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1))[0]!;

  beforeAll(async () => {
    await seedDemoDistrict(t.database, { rosterStart: ROSTER_START, rosterDays: 7 });
    for (const j of await t.database.db.select({ id: jurisdictions.id, code: jurisdictions.code }).from(jurisdictions))
      ids.set(j.code, j.id);
    admin = await principalOf('admin');
    viewer = await principalOf('viewer');
    officerA = await principalOf('officer.wangjiang');
    officerB = await principalOf('officer.baisha');
    managerA = (await buildUser(t.database, { role: 'system_admin', jurisdictionId: ids.get(DEMO_TOWNSHIP_A)! })).principal;
  }, 180_000);

  const facilityIn = async (townshipCode: string) =>
    (
      await t.database.db
        .select()
        .from(facilities)
        .where(eq(facilities.jurisdictionId, ids.get(townshipCode)!))
    )[0]!;

  describe('jurisdictions', () => {
    it('lists the whole district for district staff and only the own township for an officer', async () => {
      const all = await listJurisdictionsFor(t.database, admin, {});
      expect(all.items).toHaveLength(1 + demo.townships.length + demo.communities.length);
      expect((await listJurisdictionsFor(t.database, admin, { level: 'township' })).items).toHaveLength(20);

      const mine = await listJurisdictionsFor(t.database, officerA, {});
      const ownCommunities = demo.communities.filter((c) => c.parentCode === DEMO_TOWNSHIP_A);
      expect(mine.items).toHaveLength(1 + ownCommunities.length);
      expect(mine.items[0]).toMatchObject({ code: DEMO_TOWNSHIP_A, name: '望江街道', level: 'township', parentId: ids.get('500199') });
      expect(mine.items.every((j) => j.code.startsWith(DEMO_TOWNSHIP_A.slice(0, 9)))).toBe(true);
    });

    it('answers 404 for a jurisdiction outside the subtree', async () => {
      const other = ids.get(DEMO_TOWNSHIP_B)!;
      expect((await getJurisdiction(t.database, officerB, other)).code).toBe(DEMO_TOWNSHIP_B);
      await failure(getJurisdiction(t.database, officerA, other), 'not_found');
      await failure(getJurisdiction(t.database, officerA, ids.get('500199')!), 'not_found');
    });

    it('gives GeoJSON: township polygons, and communities as points', async () => {
      const townships = await jurisdictionGeoJson(t.database, admin, { level: 'township' });
      expect(townships.type).toBe('FeatureCollection');
      expect(townships.features).toHaveLength(20);
      const first = townships.features[0];
      expect(first.geometry.type).toBe('Polygon');
      expect(Object.keys(first.properties).sort()).toEqual(['code', 'id', 'level', 'name', 'nameEn', 'population']);
      expect(first.properties).toMatchObject({ code: demo.townships[0].code, population: demo.townships[0].population });
      const ring = (first.geometry as { coordinates: number[][][] }).coordinates[0];
      expect(ring[0]).toEqual(ring.at(-1));

      const points = await jurisdictionGeoJson(t.database, officerA, { level: 'community' });
      expect(points.features.length).toBe(demo.communities.filter((c) => c.parentCode === DEMO_TOWNSHIP_A).length);
      expect(points.features.every((f) => f.geometry.type === 'Point')).toBe(true);
    });

    it('creates a community under a township in scope, audited; refuses bad level, code and parent', async () => {
      const before = await auditCount();
      const created = await createJurisdiction(
        t.database,
        managerA,
        {
          parentId: ids.get(DEMO_TOWNSHIP_A)!,
          level: 'community',
          code: '500199001099',
          name: '新港社区',
          nameEn: 'Xingang Community',
          population: 1200,
          centroid: [106.42, 29.49],
        },
        '127.0.0.1',
      );
      expect(created).toMatchObject({
        level: 'community',
        parentId: ids.get(DEMO_TOWNSHIP_A),
        population: 1200,
        centroid: [106.42, 29.49],
      });
      expect(created.adjacentIds).toEqual([]);
      expect(await auditCount()).toBe(before + 1);
      expect(await lastAudit()).toMatchObject({
        action: 'create',
        entityType: 'jurisdiction',
        entityId: created.id,
        actorId: managerA.id,
        ip: '127.0.0.1',
      });

      const base = { parentId: ids.get(DEMO_TOWNSHIP_A)!, level: 'community' as const, code: '500199001098', name: '甲', nameEn: 'A' };
      expect(
        issuePaths(
          await failure(
            createJurisdiction(t.database, managerA, { ...base, level: 'district', code: '500198' }, null),
            'validation_failed',
          ),
        ),
      ).toEqual(['level']);
      expect(
        issuePaths(await failure(createJurisdiction(t.database, managerA, { ...base, code: '5001990010' }, null), 'validation_failed')),
      ).toEqual(['code']);
      expect(
        issuePaths(await failure(createJurisdiction(t.database, managerA, { ...base, code: '500199101098' }, null), 'validation_failed')),
      ).toEqual(['code']);
      // township B exists but is outside this manager's subtree: it reads as absent
      expect(
        issuePaths(
          await failure(
            createJurisdiction(t.database, managerA, { ...base, parentId: ids.get(DEMO_TOWNSHIP_B)!, code: '500199101098' }, null),
            'validation_failed',
          ),
        ),
      ).toEqual(['parentId']);
      const dup = await failure(createJurisdiction(t.database, managerA, { ...base, code: '500199001099' }, null), 'conflict');
      expect(dup.details).toEqual([{ path: 'code', message: 'already in use' }]);
      await failure(createJurisdiction(t.database, officerA, { ...base, code: '500199001097' }, null), 'forbidden');
      expect(await auditCount()).toBe(before + 1);
    });

    it('updates a jurisdiction with before and after in the audit', async () => {
      const id = ids.get(DEMO_TOWNSHIP_A)!;
      const oldPopulation = demo.townships[0].population;
      const after = await updateJurisdictionAs(
        t.database,
        managerA,
        id,
        { population: oldPopulation + 10, nameEn: 'Wangjiang Street' },
        null,
      );
      expect(after).toMatchObject({ population: oldPopulation + 10, nameEn: 'Wangjiang Street', code: DEMO_TOWNSHIP_A });
      const record = await lastAudit();
      expect(record).toMatchObject({ action: 'update', entityType: 'jurisdiction', entityId: id });
      expect((record.before as { population: number }).population).toBe(oldPopulation);
      expect((record.after as { population: number }).population).toBe(oldPopulation + 10);
      await failure(updateJurisdictionAs(t.database, managerA, ids.get(DEMO_TOWNSHIP_B)!, { population: 1 }, null), 'not_found');
      const renumber = await failure(updateJurisdictionAs(t.database, managerA, id, { code: '500199009000' }, null), 'validation_failed');
      expect(issuePaths(renumber)).toEqual(['code']);
      // A leaf may be renumbered, within its parent's prefix.
      const leaf = demo.communities.find((c) => c.parentCode === DEMO_TOWNSHIP_A)!;
      const renumbered = await updateJurisdictionAs(t.database, managerA, ids.get(leaf.code)!, { code: '500199001150' }, null);
      expect(renumbered.code).toBe('500199001150');
      const outside = await failure(
        updateJurisdictionAs(t.database, managerA, ids.get(leaf.code)!, { code: '500199002150' }, null),
        'validation_failed',
      );
      expect(outside.details).toEqual([{ path: 'code', message: "must start with the parent's 500199001" }]);
      const [b] = await t.database.db.select().from(jurisdictions).where(eq(jurisdictions.code, DEMO_TOWNSHIP_B));
      expect(b.population).toBe(demo.townships.find((x) => x.code === DEMO_TOWNSHIP_B)!.population);
    });

    it("presents neighbours as the user reads them, also in a write's answer", async () => {
      const id = ids.get(DEMO_TOWNSHIP_A)!;
      const codeOf = new Map([...ids].map(([code, jid]) => [jid, code]));
      // managerA's subtree holds township A only: its neighbours stay hidden.
      expect((await updateJurisdictionAs(t.database, managerA, id, { nameEn: 'Wangjiang Subdistrict' }, null)).adjacentIds).toEqual([]);
      const byAdmin = await updateJurisdictionAs(t.database, admin, id, { nameEn: 'Wangjiang Subdistrict' }, null);
      expect(byAdmin.adjacentIds.map((n) => codeOf.get(n))).toEqual(demo.townships[0].neighbours);
      expect((await getJurisdiction(t.database, viewer, id)).adjacentIds).toEqual(byAdmin.adjacentIds);
      // Pairs, flows and map features follow the same scope.
      expect((await listAdjacencyFor(t.database, viewer)).items).toHaveLength(demo.borders.length);
      expect((await listAdjacencyFor(t.database, officerB)).items).toEqual([]);
      expect((await listJurisdictionFlowsFor(t.database, viewer)).items).toHaveLength(demo.commuting.length);
      expect((await listJurisdictionFlowsFor(t.database, officerB)).items).toEqual([]);
      // 白沙镇 lies away from the river: an empty map layer; the district sees every reach and the port.
      expect(demo.mapFeatures.some((f) => f.jurisdictionCode === DEMO_TOWNSHIP_B)).toBe(false);
      expect((await mapFeaturesGeoJson(t.database, officerB, {})).features).toEqual([]);
      const rivers = await mapFeaturesGeoJson(t.database, viewer, { kind: 'river' });
      expect(rivers.features.map((f) => codeOf.get(f.properties.jurisdictionId))).toEqual(
        demo.mapFeatures.filter((f) => f.kind === 'river').map((f) => f.jurisdictionCode),
      );
    });
  });

  describe('facilities', () => {
    it('lists only facilities in scope, with filters', async () => {
      const all = await listFacilitiesFor(t.database, admin, page);
      // the generated registry and the mental-health centre the feature demos add last (registry.demo.ts)
      expect(all.total).toBe(demo.facilities.length + 1);
      expect(all.items.filter((f) => f.type === 'mental_health_centre').map((f) => f.name)).toEqual(['嘉江区精神卫生中心']);
      const mine = await listFacilitiesFor(t.database, officerA, page);
      const expected = demo.facilities.filter((f) => f.jurisdictionCode === DEMO_TOWNSHIP_A);
      expect(mine.total).toBe(expected.length);
      expect(mine.items.map((f) => f.name).sort()).toEqual(expected.map((f) => f.name).sort());

      const hotels = await listFacilitiesFor(t.database, admin, { ...page, type: 'quarantine_hotel' });
      expect(hotels.total).toBe(6);
      const inB = await listFacilitiesFor(t.database, admin, { ...page, jurisdictionId: ids.get(DEMO_TOWNSHIP_B)! });
      expect(inB.items.every((f) => f.jurisdictionId === ids.get(DEMO_TOWNSHIP_B))).toBe(true);
      expect(inB.total).toBe(demo.facilities.filter((f) => f.jurisdictionCode === DEMO_TOWNSHIP_B).length);
      // A filter on another township's subtree still stays inside the officer's scope.
      expect((await listFacilitiesFor(t.database, officerA, { ...page, jurisdictionId: ids.get(DEMO_TOWNSHIP_B)! })).total).toBe(0);
      const search = await listFacilitiesFor(t.database, admin, { ...page, q: '传染病医院' });
      expect(search.items.map((f) => f.type).sort()).toEqual(['designated_hospital', 'fever_clinic']);
      // A '%' in the search is a character, not a wildcard.
      expect((await listFacilitiesFor(t.database, admin, { ...page, q: '%' })).total).toBe(0);
      const paged = await listFacilitiesFor(t.database, admin, { page: 2, pageSize: 10 });
      expect(paged.items).toHaveLength(10);
      expect(paged.total).toBe(demo.facilities.length + 1);
    });

    it("answers 404 when a township officer asks for another township's facility by id", async () => {
      const inB = await facilityIn(DEMO_TOWNSHIP_B);
      expect((await getFacility(t.database, officerB, inB.id)).name).toBe(inB.name);
      await failure(getFacility(t.database, officerA, inB.id), 'not_found');
      await failure(getFacility(t.database, officerA, '00000000-0000-4000-8000-000000000000'), 'not_found');
    });

    it("cannot change another township's facility even with the manage right: 404, nothing written", async () => {
      const inB = await facilityIn(DEMO_TOWNSHIP_B);
      const before = await auditCount();
      await failure(updateFacilityAs(t.database, managerA, inB.id, { beds: 1 }, null), 'not_found');
      expect((await facilityIn(DEMO_TOWNSHIP_B)).beds).toBe(inB.beds);
      expect(await auditCount()).toBe(before);
      // Nor move one of its own facilities into township B.
      const inA = await facilityIn(DEMO_TOWNSHIP_A);
      const err = await failure(
        updateFacilityAs(t.database, managerA, inA.id, { jurisdictionId: ids.get(DEMO_TOWNSHIP_B)! }, null),
        'validation_failed',
      );
      expect(issuePaths(err)).toEqual(['jurisdictionId']);
      expect(await auditCount()).toBe(before);
    });

    it('creates and updates a facility with audit; refuses rights, bad capacities, duplicates', async () => {
      const input = {
        name: '望江方舱医院',
        nameEn: 'Wangjiang Field Hospital',
        type: 'designated_hospital' as const,
        jurisdictionId: ids.get(DEMO_TOWNSHIP_A)!,
        address: '望江街道体育馆',
        location: [106.41, 29.49] as [number, number],
        beds: 800,
        icuBeds: 0,
        isolationRooms: 0,
        rooms: 0,
        phone: '023-61230000',
      };
      const created = await createFacility(t.database, managerA, input, null);
      expect(created).toMatchObject({ ...input, id: expect.any(String) });
      expect(await lastAudit()).toMatchObject({ action: 'create', entityType: 'facility', entityId: created.id, before: null });

      const updated = await updateFacilityAs(t.database, managerA, created.id, { beds: 1000, icuBeds: 20 }, null);
      expect(updated).toMatchObject({ beds: 1000, icuBeds: 20, name: input.name });
      const record = await lastAudit();
      expect(record).toMatchObject({ action: 'update', entityType: 'facility', entityId: created.id });
      expect(record.before).toMatchObject({ beds: 800, icuBeds: 0 });
      expect(record.after).toMatchObject({ beds: 1000, icuBeds: 20 });

      const n = await auditCount();
      expect(
        issuePaths(await failure(updateFacilityAs(t.database, managerA, created.id, { icuBeds: 1001 }, null), 'validation_failed')),
      ).toEqual(['icuBeds']);
      const dup = await failure(createFacility(t.database, managerA, input, null), 'conflict');
      expect(dup.details).toEqual([{ path: 'name', message: 'already in use here' }]);
      expect(
        issuePaths(
          await failure(
            createFacility(t.database, managerA, { ...input, name: 'X', jurisdictionId: ids.get(DEMO_TOWNSHIP_B)! }, null),
            'validation_failed',
          ),
        ),
      ).toEqual(['jurisdictionId']);
      await failure(createFacility(t.database, viewer, { ...input, name: 'Y' }, null), 'forbidden');
      await failure(createFacility(t.database, officerA, { ...input, name: 'Z' }, null), 'forbidden');
      expect(await auditCount()).toBe(n);
    });
  });

  describe('agencies and duty roster', () => {
    it('searches agencies in scope', async () => {
      const all = await listAgenciesFor(t.database, admin, page);
      expect(all.total).toBe(demo.agencies.length);
      const cdc = await listAgenciesFor(t.database, admin, { ...page, q: '疾病预防' });
      expect(cdc.items.map((a) => a.code)).toEqual(['JJ-CDC']);
      expect((await listAgenciesFor(t.database, admin, { ...page, q: 'jj-cdc' })).total).toBe(1);
      const mine = await listAgenciesFor(t.database, officerA, page);
      expect(mine.items.map((a) => a.kind).sort()).toEqual(['community_grid', 'township_government']);
      const cdcId = cdc.items[0].id;
      expect((await getAgency(t.database, admin, cdcId)).kind).toBe('cdc');
      await failure(getAgency(t.database, officerA, cdcId), 'not_found');
    });

    it('creates and updates agencies with audit; codes are unique', async () => {
      const input = {
        code: 'JJ-T001-VOL',
        name: '望江街道志愿者服务队',
        nameEn: 'Wangjiang Volunteer Team',
        kind: 'community_grid' as const,
        jurisdictionId: ids.get(DEMO_TOWNSHIP_A)!,
        contactPerson: '刘洋',
        phone: '13800000000',
        email: '',
        address: '',
        duties: '协助入户排查',
      };
      const created = await createAgency(t.database, managerA, input, null);
      expect(created).toMatchObject(input);
      expect(await lastAudit()).toMatchObject({ action: 'create', entityType: 'agency', entityId: created.id });
      const updated = await updateAgencyAs(t.database, managerA, created.id, { phone: '13800000001' }, null);
      expect(updated.phone).toBe('13800000001');
      expect((await lastAudit()).before).toMatchObject({ phone: '13800000000' });
      const dup = await failure(createAgency(t.database, admin, { ...input, code: 'JJ-CDC' }, null), 'conflict');
      expect(dup.details).toEqual([{ path: 'code', message: 'already in use' }]);
      await failure(
        updateAgencyAs(
          t.database,
          managerA,
          (await listAgenciesFor(t.database, admin, { ...page, q: 'JJ-CDC' })).items[0].id,
          { phone: '1' },
          null,
        ),
        'not_found',
      );
    });

    it('reads the roster by date range, ordered by date and shift', async () => {
      const cdc = (await listAgenciesFor(t.database, admin, { ...page, q: 'JJ-CDC' })).items[0];
      const roster = await getRoster(t.database, admin, cdc.id, { from: '2026-03-03', to: '2026-03-04' });
      expect(roster.items.map((e) => `${e.date} ${e.shift}`)).toEqual([
        '2026-03-03 all_day',
        '2026-03-03 day',
        '2026-03-03 night',
        '2026-03-04 all_day',
        '2026-03-04 day',
        '2026-03-04 night',
      ]);
      const seeded = demo.agencies.find((a) => a.code === 'JJ-CDC')!.roster.find((e) => e.date === '2026-03-03' && e.shift === 'day')!;
      expect(roster.items[1]).toMatchObject(seeded);
      // The default window is two weeks from "today".
      const byDefault = await getRoster(t.database, admin, cdc.id, {}, new Date('2026-03-06T10:00:00Z'));
      expect(byDefault.items[0].date).toBe('2026-03-06');
      expect(byDefault.items.at(-1)!.date).toBe('2026-03-08');
      expect(
        issuePaths(await failure(getRoster(t.database, admin, cdc.id, { from: '2026-03-05', to: '2026-03-04' }), 'validation_failed')),
      ).toEqual(['to']);
      await failure(getRoster(t.database, officerA, cdc.id, { from: '2026-03-03', to: '2026-03-04' }), 'not_found');
    });

    it('replaces a range of the roster in one transaction, audited, leaving other days alone', async () => {
      const government = (await listAgenciesFor(t.database, officerA, { ...page, q: '办事处' })).items[0];
      const before = await getRoster(t.database, admin, government.id, { from: ROSTER_START, to: '2026-03-08' });
      expect(before.items).toHaveLength(14);
      const entries = [
        { date: '2026-03-04', shift: 'day' as const, personName: '张伟', phone: '13900000001', role: '值班员' },
        { date: '2026-03-04', shift: 'night' as const, personName: '李静', phone: '13900000002', role: '值班员' },
        { date: '2026-03-05', shift: 'all_day' as const, personName: '王磊', phone: '13900000003', role: '带班领导' },
      ];
      const result = await replaceRosterAs(t.database, managerA, government.id, { from: '2026-03-04', to: '2026-03-05', entries }, null);
      expect(result.items.map(({ id: _id, ...e }) => e)).toEqual(entries);
      const afterAll = await getRoster(t.database, admin, government.id, { from: ROSTER_START, to: '2026-03-08' });
      expect(afterAll.items).toHaveLength(14 - 4 + 3);
      expect(afterAll.items.filter((e) => e.date === '2026-03-03')).toEqual(before.items.filter((e) => e.date === '2026-03-03'));
      const record = await lastAudit();
      expect(record).toMatchObject({ action: 'update', entityType: 'agency_roster', entityId: government.id });
      expect((record.before as { entries: unknown[] }).entries).toHaveLength(4);
      expect((record.after as { entries: unknown[] }).entries).toHaveLength(3);

      // An entry outside the range is refused, naming it, and nothing changes.
      const n = await auditCount();
      const err = await failure(
        replaceRosterAs(
          t.database,
          managerA,
          government.id,
          { from: '2026-03-04', to: '2026-03-05', entries: [...entries, { ...entries[0], date: '2026-03-06' }] },
          null,
        ),
        'validation_failed',
      );
      expect(issuePaths(err)).toEqual(['entries.3.date']);
      expect(await auditCount()).toBe(n);
      expect((await getRoster(t.database, admin, government.id, { from: ROSTER_START, to: '2026-03-08' })).items).toEqual(afterAll.items);

      // Another township's agency: 404, its roster untouched.
      const otherGov = (await listAgenciesFor(t.database, officerB, { ...page, q: '人民政府' })).items[0];
      const [{ n: rowsBefore }] = await t.database.db.select({ n: count() }).from(dutyRoster).where(eq(dutyRoster.agencyId, otherGov.id));
      await failure(
        replaceRosterAs(t.database, managerA, otherGov.id, { from: ROSTER_START, to: '2026-03-08', entries: [] }, null),
        'not_found',
      );
      const [{ n: rowsAfter }] = await t.database.db
        .select({ n: count() })
        .from(dutyRoster)
        .where(and(eq(dutyRoster.agencyId, otherGov.id)));
      expect(rowsAfter).toBe(rowsBefore);
    });
  });

  describe('neighbours and dashboard', () => {
    it('lists the six neighbours with flows to district staff, none to a township officer', async () => {
      const { items } = await listAdjacentDistrictsFor(t.database, admin);
      expect(items).toHaveLength(6);
      for (const n of items) {
        const d = demo.adjacentDistricts.find((x) => x.code === n.code)!;
        expect(n.modes).toEqual(d.flows);
        expect(n.dailyFlowIn).toBe(d.flows.road.in + d.flows.rail.in + d.flows.river.in);
        expect(n.dailyFlowOut).toBe(d.flows.road.out + d.flows.rail.out + d.flows.river.out);
        expect(n.population).toBe(d.population);
      }
      expect((await listAdjacentDistrictsFor(t.database, officerA)).items).toEqual([]);
    });

    it('sums the registry within scope', async () => {
      const district = await getDashboardSummary(t.database, viewer);
      expect(district.population).toBe(demo.district.population);
      expect(district.townships).toBe(20);
      expect(district.communities).toBe(demo.communities.length + 1); // + the community created above
      expect(district.facilitiesByType.designated_hospital).toBe(2); // + the field hospital created above
      expect(district.facilitiesByType.quarantine_hotel).toBe(6);
      const hotels = demo.facilities.filter((f) => f.type === 'quarantine_hotel');
      expect(district.quarantineRooms).toBe(hotels.reduce((s, f) => s + f.rooms, 0));
      expect(district.agencies).toBe(demo.agencies.length + 1);

      const township = await getDashboardSummary(t.database, officerB);
      const b = demo.townships.find((x) => x.code === DEMO_TOWNSHIP_B)!;
      const bFacilities = demo.facilities.filter((f) => f.jurisdictionCode === DEMO_TOWNSHIP_B);
      expect(township).toEqual({
        population: b.population,
        townships: 1,
        communities: demo.communities.filter((c) => c.parentCode === DEMO_TOWNSHIP_B).length,
        agencies: 2,
        facilitiesByType: Object.fromEntries(
          [...new Set(bFacilities.map((f) => f.type))].map((type) => [type, bFacilities.filter((f) => f.type === type).length]),
        ),
        beds: bFacilities.reduce((s, f) => s + f.beds, 0),
        icuBeds: bFacilities.reduce((s, f) => s + f.icuBeds, 0),
        isolationRooms: bFacilities.reduce((s, f) => s + f.isolationRooms, 0),
        quarantineRooms: bFacilities.filter((f) => f.type === 'quarantine_hotel').reduce((s, f) => s + f.rooms, 0),
      });
    });
  });
});

/**
 * The store applies the scope by itself, whatever the caller checked: inserts into, reads of and writes to
 * another township's records do nothing. Built on a small tree (district → townships A and B).
 */
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { scopeFor } from '../../platform/auth/scope.ts';
import { buildDistrictTree, buildUser, testEngines, withTestDb } from '../../test-support/index.ts';
import {
  adjacentIdsOf,
  dashboardSummary,
  findFacility,
  insertAdjacency,
  insertAgency,
  insertFacility,
  insertJurisdictionFlows,
  insertMapFeature,
  insertRosterEntries,
  listAdjacency,
  listFacilities,
  listJurisdictionFlows,
  listJurisdictions,
  listMapFeatures,
  listRoster,
  replaceRoster,
  updateFacility,
} from './registry.store.ts';
import { dutyRoster, facilities, jurisdictionAdjacency, jurisdictionFlows, mapFeatures } from './registry.tables.ts';

const facility = (jurisdictionId: string, name: string) => ({
  name,
  nameEn: name,
  type: 'fever_clinic' as const,
  jurisdictionId,
  address: '',
  location: [106.5, 29.5] as [number, number],
  beds: 10,
  icuBeds: 0,
  isolationRooms: 4,
  rooms: 0,
  phone: '',
});

describe.each(testEngines())('registry store scope (%s)', (engine) => {
  const t = withTestDb(engine);

  it('never reads, writes or counts outside the scope', async () => {
    const tree = await buildDistrictTree(t.database);
    const { principal: managerA } = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.townshipA.id });
    const { principal: districtAdmin } = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const scopeA = scopeFor(managerA, 'registry.manage');
    const scopeAll = scopeFor(districtAdmin, 'registry.manage');
    const db = t.database.db;

    // Inserting into township B with township A's scope writes nothing.
    const refused = await db.transaction((tx) => insertFacility(tx, scopeA, facility(tree.townshipB.id, 'B clinic')));
    expect(refused).toBeUndefined();
    expect((await db.select({ n: count() }).from(facilities).where(eq(facilities.jurisdictionId, tree.townshipB.id)))[0]!.n).toBe(0);

    const inA = (await db.transaction((tx) => insertFacility(tx, scopeA, facility(tree.communityA.id, 'A clinic'))))!;
    const inB = (await db.transaction((tx) => insertFacility(tx, scopeAll, facility(tree.townshipB.id, 'B clinic'))))!;
    expect(inA.jurisdictionId).toBe(tree.communityA.id);

    expect(await findFacility(db, scopeA, inB.id)).toBeUndefined();
    expect((await findFacility(db, scopeAll, inB.id))?.name).toBe('B clinic');
    expect((await listFacilities(db, scopeA, { page: 1, pageSize: 50 })).items.map((f) => f.name)).toEqual(['A clinic']);

    const changed = await db.transaction((tx) => updateFacility(tx, scopeA, inB.id, { beds: 99 }));
    expect(changed).toBeUndefined();
    expect((await findFacility(db, scopeAll, inB.id))?.beds).toBe(10);

    expect((await listJurisdictions(db, scopeA)).map((j) => j.id).sort()).toEqual([tree.townshipA.id, tree.communityA.id].sort());
    const summaryA = await dashboardSummary(db, scopeA);
    expect(summaryA).toMatchObject({
      population: 200,
      townships: 1,
      communities: 1,
      beds: 10,
      isolationRooms: 4,
      facilitiesByType: { fever_clinic: 1 },
    });
    const summaryAll = await dashboardSummary(db, scopeAll);
    expect(summaryAll).toMatchObject({ population: 300, townships: 2, communities: 2, beds: 20, facilitiesByType: { fever_clinic: 2 } });
  });

  it("keeps another township's agency and roster out of reach", async () => {
    const tree = await buildDistrictTree(t.database);
    const { principal: managerA } = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.townshipA.id });
    const { principal: districtAdmin } = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const scopeA = scopeFor(managerA, 'registry.manage');
    const scopeAll = scopeFor(districtAdmin, 'registry.manage');
    const db = t.database.db;
    const agency = {
      name: 'B 镇政府',
      nameEn: 'Township B Government',
      kind: 'township_government' as const,
      contactPerson: '',
      phone: '',
      email: '',
      address: '',
      duties: '',
    };
    expect(
      await db.transaction((tx) =>
        insertAgency(tx, scopeA, { ...agency, code: `B-${tree.townshipB.code}`, jurisdictionId: tree.townshipB.id }),
      ),
    ).toBeUndefined();
    const b = (await db.transaction((tx) =>
      insertAgency(tx, scopeAll, { ...agency, code: `B-${tree.townshipB.code}`, jurisdictionId: tree.townshipB.id }),
    ))!;
    const entry = { date: '2026-03-02', shift: 'day' as const, personName: '张伟', phone: '13900000001', role: '值班员' };
    expect(await db.transaction((tx) => insertRosterEntries(tx, scopeA, b.id, [entry]))).toBe(false);
    expect(await db.transaction((tx) => insertRosterEntries(tx, scopeAll, b.id, [entry]))).toBe(true);

    // A replace through township A's scope deletes nothing of B's roster and adds nothing.
    const result = await db.transaction((tx) =>
      replaceRoster(tx, scopeA, b.id, '2026-03-01', '2026-03-31', [{ ...entry, personName: '李静' }]),
    );
    expect(result).toEqual([]);
    const rows = await db.select().from(dutyRoster).where(eq(dutyRoster.agencyId, b.id));
    expect(rows.map((r) => r.personName)).toEqual(['张伟']);
    expect(await listRoster(db, scopeA, b.id, '2026-03-01', '2026-03-31')).toEqual([]);
    expect((await listRoster(db, scopeAll, b.id, '2026-03-01', '2026-03-31')).map((r) => r.personName)).toEqual(['张伟']);
  });

  it('keeps adjacency, flows and map features to pairs and places inside the scope', async () => {
    const tree = await buildDistrictTree(t.database);
    const { principal: managerA } = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.townshipA.id });
    const { principal: districtAdmin } = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const scopeA = scopeFor(managerA, 'registry.manage');
    const scopeAll = scopeFor(districtAdmin, 'registry.manage');
    const db = t.database.db;
    const pair = { jurisdictionId: tree.townshipB.id, otherId: tree.townshipA.id, sharedBorderKm: 3.25 };
    const source = 'test';

    // A pair with one side outside the writer's subtree is not written.
    expect(await db.transaction((tx) => insertAdjacency(tx, scopeA, [pair]))).toEqual([]);
    const [aId, bId] = [tree.townshipA.id, tree.townshipB.id].sort();
    // Stored smaller id first, whatever order it was given in.
    expect(await db.transaction((tx) => insertAdjacency(tx, scopeAll, [pair]))).toEqual([{ aId, bId, sharedBorderKm: 3.25 }]);
    const reversed = { jurisdictionAId: bId!, jurisdictionBId: aId!, sharedBorderKm: 1 };
    await expect(db.insert(jurisdictionAdjacency).values(reversed)).rejects.toThrow();
    expect(await listAdjacency(db, scopeAll)).toEqual([{ aId, bId, sharedBorderKm: 3.25 }]);
    expect(await listAdjacency(db, scopeA)).toEqual([]);
    expect((await adjacentIdsOf(db, scopeAll)).get(tree.townshipA.id)).toEqual([tree.townshipB.id]);
    expect((await adjacentIdsOf(db, scopeAll, tree.townshipB.id)).get(tree.townshipB.id)).toEqual([tree.townshipA.id]);
    expect((await adjacentIdsOf(db, scopeA)).size).toBe(0);

    const flows = [
      { originId: tree.townshipA.id, destinationId: tree.townshipB.id, dailyTrips: 40, source },
      { originId: tree.communityA.id, destinationId: tree.townshipA.id, dailyTrips: 7, source },
    ];
    expect(await db.transaction((tx) => insertJurisdictionFlows(tx, scopeA, flows))).toEqual([flows[1]]);
    expect(await db.transaction((tx) => insertJurisdictionFlows(tx, scopeAll, [flows[0]!]))).toEqual([flows[0]]);
    expect(await listJurisdictionFlows(db, scopeA)).toEqual([flows[1]]);
    expect((await listJurisdictionFlows(db, scopeAll)).map((f) => f.dailyTrips).sort()).toEqual([40, 7].sort());
    await expect(
      db.insert(jurisdictionFlows).values({ originId: tree.townshipA.id, destinationId: tree.townshipA.id, dailyTrips: 1, source }),
    ).rejects.toThrow();

    const reach = {
      kind: 'river' as const,
      name: 'B reach',
      nameEn: 'B reach',
      geometry: {
        type: 'LineString' as const,
        coordinates: [
          [106.5, 29.5],
          [106.6, 29.5],
        ] as Array<[number, number]>,
      },
    };
    expect(await db.transaction((tx) => insertMapFeature(tx, scopeA, { ...reach, jurisdictionId: tree.townshipB.id }))).toBeUndefined();
    const stored = (await db.transaction((tx) => insertMapFeature(tx, scopeAll, { ...reach, jurisdictionId: tree.townshipB.id })))!;
    expect(stored).toMatchObject({ ...reach, jurisdictionId: tree.townshipB.id });
    expect(await listMapFeatures(db, scopeA)).toEqual([]);
    expect((await listMapFeatures(db, scopeAll, 'river')).map((f) => f.id)).toEqual([stored.id]);
    expect(await listMapFeatures(db, scopeAll, 'port')).toEqual([]);
    // Not a GeoJSON geometry: refused by the table's check.
    await expect(
      db.insert(mapFeatures).values({ ...reach, name: 'bad', jurisdictionId: tree.townshipB.id, geometry: { type: 'Circle' } as never }),
    ).rejects.toThrow();
  });
});

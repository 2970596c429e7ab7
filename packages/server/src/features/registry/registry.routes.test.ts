/**
 * The registry over HTTP, signed in as the demo users: contract shapes, error bodies naming fields, and the
 * end-to-end scope rule (a township officer is refused another township's facility with 404).
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { DEMO_PASSWORD, DEMO_TOWNSHIP_A, DEMO_TOWNSHIP_B, seedDemoDistrict } from '../demo/demo.seeder.ts';
import { generateDistrictJ } from '../demo/district-j.ts';
import { facilities } from './registry.tables.ts';

const options = { rosterStart: '2026-03-02', rosterDays: 3 };
const demo = generateDistrictJ(options);

describe.each(testEngines())('registry HTTP API (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let admin: TestClient;
  let officerA: TestClient;
  let facilityA: string;
  let facilityB: string;
  let townshipA: string;

  beforeAll(async () => {
    await seedDemoDistrict(t.database, options);
    app = createTestApp(t.database);
    admin = await signIn(app, 'admin', DEMO_PASSWORD);
    officerA = await signIn(app, 'officer.wangjiang', DEMO_PASSWORD);
    const idOfCode = async (code: string) => (await t.database.db.select().from(jurisdictions).where(eq(jurisdictions.code, code)))[0]!.id;
    townshipA = await idOfCode(DEMO_TOWNSHIP_A);
    const inTownship = async (id: string) =>
      (await t.database.db.select().from(facilities).where(eq(facilities.jurisdictionId, id)))[0]!.id;
    facilityA = await inTownship(townshipA);
    facilityB = await inTownship(await idOfCode(DEMO_TOWNSHIP_B));
  }, 180_000);

  it('refuses an anonymous caller with 401', async () => {
    const res = await app.request('/api/facilities');
    expect(res.status).toBe(401);
    expect((await res.json()).error.id).toBe('unauthenticated');
  });

  it("answers 404 to a township officer asking for another township's facility, 200 for their own", async () => {
    const own = await officerA.get(`/api/facilities/${facilityA}`);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ id: facilityA, jurisdictionId: townshipA });
    expect(Object.keys(own.body).sort()).toEqual(
      [
        'address',
        'beds',
        'icuBeds',
        'id',
        'isolationRooms',
        'jurisdictionId',
        'location',
        'name',
        'nameEn',
        'phone',
        'rooms',
        'type',
      ].sort(),
    );
    const other = await officerA.get(`/api/facilities/${facilityB}`);
    expect(other.status).toBe(404);
    expect(other.body).toEqual({ error: { id: 'not_found', message: 'facility not found', details: { entity: 'facility' } } });
    // The district administrator sees both.
    expect((await admin.get(`/api/facilities/${facilityB}`)).status).toBe(200);
    // Without the manage right, a write is refused before anything is looked up.
    const write = await officerA.patch(`/api/facilities/${facilityA}`, { beds: 1 });
    expect(write.status).toBe(403);
    expect(write.body.error.id).toBe('forbidden');
  });

  it('answers 404 for an id that is not a uuid', async () => {
    const res = await admin.get('/api/facilities/12345');
    expect(res.status).toBe(404);
    expect(res.body.error.id).toBe('not_found');
  });

  it('lists with paging and names a bad query field', async () => {
    const res = await admin.get('/api/facilities?type=quarantine_hotel&page=1&pageSize=2');
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(6);
    expect(res.body.items).toHaveLength(2);
    const bad = await admin.get('/api/facilities?pageSize=501');
    expect(bad.status).toBe(400);
    expect(bad.body.error.id).toBe('validation_failed');
    expect(JSON.stringify(bad.body.error.details)).toContain('pageSize');
    const badType = await admin.get('/api/facilities?type=spaceport');
    expect(badType.status).toBe(400);
    expect(JSON.stringify(badType.body.error.details)).toContain('type');
  });

  it('creates a facility (201) and refuses unknown fields and wrong types naming them, writing nothing', async () => {
    const body = {
      name: '港城临时隔离点',
      nameEn: 'Gangcheng Temporary Site',
      type: 'quarantine_hotel',
      jurisdictionId: townshipA,
      rooms: 40,
      beds: 40,
    };
    const created = await admin.post('/api/facilities', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...body, icuBeds: 0, isolationRooms: 0, address: '', location: null, phone: '' });

    const unknown = await admin.post('/api/facilities', { ...body, name: 'Other', colour: 'red' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.id).toBe('validation_failed');
    expect(JSON.stringify(unknown.body.error.details)).toContain('colour');
    const wrongType = await admin.post('/api/facilities', { ...body, name: 'Other', beds: 'ten' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error.details.map((d: { path: string }) => d.path)).toEqual(['beds']);
    const negative = await admin.post('/api/facilities', { ...body, name: 'Other', icuBeds: -1 });
    expect(negative.body.error.details.map((d: { path: string }) => d.path)).toEqual(['icuBeds']);
    const badLocation = await admin.post('/api/facilities', { ...body, name: 'Other', location: [200, 29] });
    expect(badLocation.status).toBe(400);
    expect(badLocation.body.error.details[0].path).toMatch(/^location/);
    const malformed = await admin.request('/api/facilities', {
      method: 'POST',
      body: '{"name":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    const list = await admin.get(`/api/facilities?q=${encodeURIComponent('Other')}`);
    expect(list.body.total).toBe(0);
  });

  it('serves the contract shapes: jurisdictions, GeoJSON, neighbours, agencies, roster, dashboard', async () => {
    const list = await admin.get('/api/jurisdictions?level=township');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(20);
    expect(Object.keys(list.body.items[0]).sort()).toEqual([
      'adjacentIds',
      'centroid',
      'code',
      'id',
      'level',
      'name',
      'nameEn',
      'parentId',
      'population',
    ]);

    const geo = await admin.get('/api/jurisdictions/geojson?level=township');
    expect(geo.status).toBe(200);
    expect(geo.headers.get('content-type')).toContain('application/geo+json');
    expect(geo.body.type).toBe('FeatureCollection');
    expect(geo.body.features).toHaveLength(20);
    const one = await admin.get(`/api/jurisdictions/${townshipA}`);
    expect(one.body).toMatchObject({ id: townshipA, code: DEMO_TOWNSHIP_A, level: 'township' });

    const neighbours = await admin.get('/api/adjacent-districts');
    expect(neighbours.body.items).toHaveLength(6);
    expect(neighbours.body.items[0].modes.road.in).toBeGreaterThan(0);

    const agencies = await admin.get(`/api/agencies?q=${encodeURIComponent('JJ-CDC')}`);
    expect(agencies.body.total).toBe(1);
    const cdc = agencies.body.items[0];
    const roster = await admin.get(`/api/agencies/${cdc.id}/roster?from=2026-03-02&to=2026-03-02`);
    expect(roster.status).toBe(200);
    expect(roster.body.items.map((e: { shift: string }) => e.shift)).toEqual(['all_day', 'day', 'night']);
    const badDate = await admin.get(`/api/agencies/${cdc.id}/roster?from=2026-02-30`);
    expect(badDate.status).toBe(400);
    expect(JSON.stringify(badDate.body.error.details)).toContain('from');

    const put = await admin.put(`/api/agencies/${cdc.id}/roster`, {
      from: '2026-03-03',
      to: '2026-03-03',
      entries: [{ date: '2026-03-03', shift: 'day', personName: '陈敏', phone: '13700000000', role: '值班员' }],
    });
    expect(put.status).toBe(200);
    expect(put.body.items).toHaveLength(1);

    const summary = await admin.get('/api/dashboard/summary');
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ population: demo.district.population, townships: 20, agencies: demo.agencies.length });
    const officerSummary = await officerA.get('/api/dashboard/summary');
    expect(officerSummary.body.population).toBe(demo.townships[0].population);
    expect(officerSummary.body.townships).toBe(1);
  });

  it('names nested fields in validation errors and refuses an empty patch', async () => {
    const openRing = [
      [106.4, 29.4],
      [106.5, 29.4],
      [106.5, 29.5],
      [106.4, 29.5],
    ];
    const geometry = await admin.patch(`/api/jurisdictions/${townshipA}`, { geometry: { type: 'Polygon', coordinates: [openRing] } });
    expect(geometry.status).toBe(400);
    expect(geometry.body.error.details[0].path).toMatch(/^geometry/);
    const empty = await admin.patch(`/api/jurisdictions/${townshipA}`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.id).toBe('validation_failed');
    const cdc = (await admin.get('/api/agencies?q=JJ-CDC')).body.items[0];
    const roster = await admin.put(`/api/agencies/${cdc.id}/roster`, {
      from: '2026-03-02',
      to: '2026-03-02',
      entries: [{ date: '2026-03-02', shift: 'day', personName: '陈敏', phone: '13700000000', role: '值班员', colour: 'red' }],
    });
    expect(roster.status).toBe(400);
    expect(JSON.stringify(roster.body.error.details)).toContain('entries.0');
    expect(JSON.stringify(roster.body.error.details)).toContain('colour');
    const shift = await admin.put(`/api/agencies/${cdc.id}/roster`, {
      from: '2026-03-02',
      to: '2026-03-02',
      entries: [{ date: '2026-03-02', shift: 'evening', personName: '陈敏', phone: '13700000000', role: '值班员' }],
    });
    expect(shift.body.error.details.map((d: { path: string }) => d.path)).toEqual(['entries.0.shift']);
    // Nothing of the refused writes reached the roster.
    const kept = await admin.get(`/api/agencies/${cdc.id}/roster?from=2026-03-02&to=2026-03-02`);
    expect(kept.body.items).toHaveLength(3);
  });

  it('creates an agency and shows it in the audit log', async () => {
    const res = await admin.post('/api/agencies', {
      code: 'JJ-RED-CROSS',
      name: '嘉江区红十字会',
      nameEn: 'District J Red Cross',
      kind: 'civil_affairs',
      jurisdictionId: (await admin.get('/api/jurisdictions?level=district')).body.items[0].id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'JJ-RED-CROSS', contactPerson: '', duties: '' });
    const auditRes = await admin.get(`/api/audit?entityType=agency&entityId=${res.body.id}`);
    expect(auditRes.status).toBe(200);
    expect(auditRes.body.items[0]).toMatchObject({
      action: 'create',
      entityType: 'agency',
      entityId: res.body.id,
      actor: { username: 'admin' },
    });
    const dup = await admin.post('/api/agencies', { ...res.body, id: undefined });
    expect(dup.status).toBe(409);
    expect(dup.body.error.details).toEqual([{ path: 'code', message: 'already in use' }]);
  });

  it("gives each township the ids of its neighbours, within the reader's scope only", async () => {
    const list = (await admin.get('/api/jurisdictions')).body.items as Array<{
      id: string;
      code: string;
      level: string;
      adjacentIds: string[];
    }>;
    const codeOf = new Map(list.map((j) => [j.id, j.code]));
    for (const township of demo.townships) {
      const item = list.find((j) => j.code === township.code)!;
      // Neighbours in code order, exactly the generator's.
      expect(item.adjacentIds.map((id) => codeOf.get(id))).toEqual(township.neighbours);
    }
    expect(list.filter((j) => j.level !== 'township').every((j) => j.adjacentIds.length === 0)).toBe(true);
    const detail = await admin.get(`/api/jurisdictions/${townshipA}`);
    expect(detail.body.adjacentIds.map((id: string) => codeOf.get(id))).toEqual(demo.townships[0].neighbours);
    expect(detail.body.adjacentIds.length).toBeGreaterThan(0);

    // The township officer's scope holds no neighbour of their township: none is revealed, in list or detail.
    const own = await officerA.get(`/api/jurisdictions/${townshipA}`);
    expect(own.status).toBe(200);
    expect(own.body.adjacentIds).toEqual([]);
    const ownList = await officerA.get('/api/jurisdictions?level=township');
    expect(ownList.body.items.map((j: { id: string; adjacentIds: string[] }) => [j.id, j.adjacentIds])).toEqual([[townshipA, []]]);

    const pairs = await admin.get('/api/jurisdictions/adjacency');
    expect(pairs.status).toBe(200);
    const asCodes = pairs.body.items.map((p: { aId: string; bId: string; sharedBorderKm: number }) => {
      expect(p.aId < p.bId).toBe(true);
      const [a, b] = [codeOf.get(p.aId)!, codeOf.get(p.bId)!].sort();
      return { a, b, borderKm: p.sharedBorderKm };
    });
    expect(asCodes).toEqual(demo.borders);
    expect((await officerA.get('/api/jurisdictions/adjacency')).body).toEqual({ items: [] });
  });

  it('serves the township commuting flows, scoped', async () => {
    const list = (await admin.get('/api/jurisdictions')).body.items as Array<{ id: string; code: string }>;
    const codeOf = new Map(list.map((j) => [j.id, j.code]));
    const res = await admin.get('/api/jurisdictions/flows');
    expect(res.status).toBe(200);
    const flows = res.body.items.map((f: { originId: string; destinationId: string; dailyTrips: number; source: string }) => {
      expect(f.source).toMatch(/gravity model \(demo data\)/);
      return { from: codeOf.get(f.originId), to: codeOf.get(f.destinationId), dailyTrips: f.dailyTrips };
    });
    // Ordered by origin code, then destination code: the generator's list as it is.
    expect(flows).toEqual(demo.commuting);
    const fromA = demo.commuting.filter((f) => f.from === DEMO_TOWNSHIP_A).reduce((s, f) => s + f.dailyTrips, 0);
    expect(fromA).toBe(Math.round(0.18 * demo.townships[0].population));
    // A township officer sees no flow: each has one end outside their township.
    const officer = await officerA.get('/api/jurisdictions/flows');
    expect(officer.status).toBe(200);
    expect(officer.body).toEqual({ items: [] });
  });

  it('serves the river and the port as GeoJSON, scoped, and names a bad kind', async () => {
    const all = await admin.get('/api/map/features');
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toContain('application/geo+json');
    expect(all.body.type).toBe('FeatureCollection');
    const kinds = all.body.features.map((f: { properties: { kind: string } }) => f.properties.kind);
    expect(kinds.filter((k: string) => k === 'river')).toHaveLength(demo.mapFeatures.filter((f) => f.kind === 'river').length);
    expect(kinds.filter((k: string) => k === 'port')).toHaveLength(1);

    const port = await admin.get('/api/map/features?kind=port');
    expect(port.body.features).toHaveLength(1);
    const [feature] = port.body.features;
    expect(feature).toMatchObject({
      type: 'Feature',
      id: feature.properties.id,
      geometry: { type: 'Point', coordinates: demo.port },
      properties: { kind: 'port', name: '嘉江港', nameEn: 'District J Port' },
    });
    const gangcheng = (await admin.get(`/api/jurisdictions/${feature.properties.jurisdictionId}`)).body;
    expect(gangcheng.name).toBe('港城街道');

    // The Wangjiang officer sees the river's reach in Wangjiang and nothing else: not the port, not other reaches.
    const officer = await officerA.get('/api/map/features');
    expect(officer.status).toBe(200);
    const reach = demo.mapFeatures.find((f) => f.kind === 'river' && f.jurisdictionCode === DEMO_TOWNSHIP_A)!;
    expect(officer.body.features).toHaveLength(1);
    expect(officer.body.features[0]).toMatchObject({
      geometry: reach.geometry,
      properties: { kind: 'river', name: reach.name, nameEn: reach.nameEn, jurisdictionId: townshipA },
    });
    expect((await officerA.get('/api/map/features?kind=port')).body.features).toEqual([]);

    const bad = await admin.get('/api/map/features?kind=lake');
    expect(bad.status).toBe(400);
    expect(bad.body.error.id).toBe('validation_failed');
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['query.kind']);
  });

  it('documents the registry in the OpenAPI document', async () => {
    const res = await app.request('/api/openapi.json');
    const doc = await res.json();
    for (const path of [
      '/api/jurisdictions',
      '/api/jurisdictions/geojson',
      '/api/jurisdictions/adjacency',
      '/api/jurisdictions/flows',
      '/api/map/features',
      '/api/facilities/{id}',
      '/api/agencies/{id}/roster',
      '/api/dashboard/summary',
    ]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.components.schemas.Jurisdiction.required).toContain('adjacentIds');
  });
});

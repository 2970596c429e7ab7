/**
 * Bed occupancy over HTTP: a hospital reporter reports for its own facility only; the rules (no negative or
 * fractional numbers, within capacity unless flagged with a note, no future day); a second report of a day
 * replaces the first and the audit keeps both; the overview's latest figures, totals, rates and the facilities
 * that have not reported, within the reader's area.
 */
import { and, desc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { waitForImport } from '../imports/imports.service.ts';
import { upload } from '../imports/imports.test-helpers.ts';
import { facilities } from '../registry/registry.tables.ts';
import { districtDay } from './occupancy.rules.ts';
import { bedOccupancy } from './occupancy.tables.ts';

describe.each(testEngines())('bed occupancy (%s)', (engine) => {
  const t = withTestDb(engine);
  let reporter: TestClient;
  let epi: TestClient;
  let officerB: TestClient;
  let hospital: string;
  let clinic: string;
  const today = districtDay(new Date());
  const yesterday = districtDay(new Date(Date.now() - 86_400_000));
  const tomorrow = districtDay(new Date(Date.now() + 86_400_000));
  const report = (over: Record<string, unknown> = {}) => ({
    facilityId: hospital,
    date: today,
    bedsOccupied: 62,
    icuBedsOccupied: 3,
    isolationRoomsOccupied: 8,
    ...over,
  });

  beforeAll(async () => {
    const tree = await buildDistrictTree(t.database);
    const db = t.database.db;
    hospital = (
      await db
        .insert(facilities)
        .values({
          name: '人民医院',
          nameEn: 'People’s Hospital',
          type: 'designated_hospital',
          jurisdictionId: tree.townshipA.id,
          beds: 100,
          icuBeds: 10,
          isolationRooms: 20,
        })
        .returning()
    )[0]!.id;
    clinic = (
      await db
        .insert(facilities)
        .values({
          name: '乙镇卫生院',
          nameEn: 'Township B centre',
          type: 'township_health_centre',
          jurisdictionId: tree.townshipB.id,
          beds: 20,
        })
        .returning()
    )[0]!.id;
    await db
      .insert(facilities)
      .values({ name: '物资仓库', nameEn: 'Warehouse', type: 'warehouse', jurisdictionId: tree.townshipA.id, beds: 5 });
    const r = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id, facilityId: hospital });
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const o = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const app = createTestApp(t.database);
    reporter = await signIn(app, r.user.username, r.password);
    epi = await signIn(app, e.user.username, e.password);
    officerB = await signIn(app, o.user.username, o.password);
  }, 120_000);

  it("takes the reporter's report of its facility, with the capacity of the day", async () => {
    const res = await reporter.put('/api/occupancy', report());
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      facilityId: hospital,
      reportDate: today,
      bedsOccupied: 62,
      icuBedsOccupied: 3,
      isolationRoomsOccupied: 8,
      capacity: { beds: 100, icuBeds: 10, isolationRooms: 20 },
      overCapacity: false,
      source: 'form',
    });
  });

  it('refuses another facility (404), and a reader without occupancy.report (403)', async () => {
    expect((await reporter.put('/api/occupancy', report({ facilityId: clinic }))).status).toBe(404);
    expect((await epi.put('/api/occupancy', report())).status).toBe(403);
  });

  it('refuses negative, fractional, future and above-capacity figures, unless flagged with a note', async () => {
    const paths = async (body: Record<string, unknown>) => {
      const res = await reporter.put('/api/occupancy', report(body));
      expect(res.status).toBe(400);
      return (res.body.error.details as { path: string }[]).map((d) => d.path);
    };
    expect(await paths({ bedsOccupied: -1 })).toEqual(['bedsOccupied']);
    expect(await paths({ icuBedsOccupied: 2.5 })).toEqual(['icuBedsOccupied']);
    expect(await paths({ date: tomorrow })).toEqual(['date']);
    expect(await paths({ bedsOccupied: 120, isolationRoomsOccupied: 21 })).toEqual(['bedsOccupied', 'isolationRoomsOccupied']);
    expect(await paths({ bedsOccupied: 120, overCapacity: true })).toEqual(['note']);
    const flagged = await reporter.put(
      '/api/occupancy',
      report({ date: yesterday, bedsOccupied: 120, overCapacity: true, note: '走廊加床' }),
    );
    expect(flagged.status).toBe(200);
    expect(flagged.body).toMatchObject({ bedsOccupied: 120, overCapacity: true, note: '走廊加床' });
  });

  it('keeps one report per facility and day: a second replaces the first, audited with both', async () => {
    const res = await reporter.put('/api/occupancy', report({ bedsOccupied: 70 }));
    expect(res.status).toBe(200);
    const rows = await t.database.db
      .select()
      .from(bedOccupancy)
      .where(and(eq(bedOccupancy.facilityId, hospital), eq(bedOccupancy.reportDate, today)));
    expect(rows.map((r) => r.bedsOccupied)).toEqual([70]);
    const [record] = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.entityType, 'bed_occupancy'))
      .orderBy(desc(auditLog.seq))
      .limit(1);
    expect(record).toMatchObject({ action: 'update', entityId: rows[0]!.id, before: { bedsOccupied: 62 }, after: { bedsOccupied: 70 } });
  });

  it("shows the area's latest figures, totals, rates and who has not reported today", async () => {
    const res = await epi.get('/api/occupancy');
    expect(res.status).toBe(200);
    expect(res.body.date).toBe(today);
    // the warehouse is no care facility
    expect(res.body.facilities.map((f: { name: string }) => f.name).sort()).toEqual(['乙镇卫生院', '人民医院']);
    const h = res.body.facilities.find((f: { id: string }) => f.id === hospital);
    expect(h).toMatchObject({ reportedOnDate: true, bedRate: 70, latest: { bedsOccupied: 70 } });
    expect(res.body.totals).toMatchObject({
      occupied: { beds: 70, icuBeds: 3, isolationRooms: 8 },
      capacity: { beds: 100, icuBeds: 10, isolationRooms: 20 },
      registered: { beds: 120, icuBeds: 10, isolationRooms: 20 },
      rates: { beds: 70, icuBeds: 30, isolationRooms: 40 },
      facilities: 2,
      reportedOnDate: 1,
    });
    expect(res.body.notReported).toEqual([{ id: clinic, name: '乙镇卫生院', nameEn: 'Township B centre', lastReportDate: null }]);
    expect(res.body.reportable).toEqual([]);
    // yesterday: the flagged report above capacity
    const before = await epi.get(`/api/occupancy?date=${yesterday}`);
    expect(before.body.totals.occupied.beds).toBe(120);
    expect(before.body.totals.rates.beds).toBe(120);
    expect((await epi.get(`/api/occupancy?date=${tomorrow}`)).status).toBe(400);
    expect((await epi.get('/api/occupancy?date=2026-02-30')).status).toBe(400);
  });

  it('keeps readers to their area and tells the reporter which facility is its own', async () => {
    const b = await officerB.get('/api/occupancy');
    expect(b.body.facilities.map((f: { id: string }) => f.id)).toEqual([clinic]);
    expect((await officerB.get(`/api/occupancy/facilities/${hospital}`)).status).toBe(404);
    const own = await reporter.get('/api/occupancy');
    expect(own.body.reportable).toEqual([hospital]);
    const history = await reporter.get(`/api/occupancy/facilities/${hospital}?days=7`);
    expect(history.body).toMatchObject({ canReport: true, facility: { capacity: { beds: 100 } } });
    expect(history.body.items.map((r: { reportDate: string; bedsOccupied: number }) => [r.reportDate, r.bedsOccupied])).toEqual([
      [today, 70],
      [yesterday, 120],
    ]);
  });

  it("imports a file of daily figures for the reporter's facility: rules per row, a day replaced, all or nothing", async () => {
    const twoDaysAgo = districtDay(new Date(Date.now() - 2 * 86_400_000));
    const csv = `日期,占用床位,占用重症床位,占用隔离病房,超出容量,备注\n${twoDaysAgo},55,2,6,,\n${yesterday},80,4,9,,\n`;
    const up = await upload(reporter, 'beds.csv', csv, 'occupancy');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body.suggested).toMatchObject({
      date: '日期',
      bedsOccupied: '占用床位',
      icuBedsOccupied: '占用重症床位',
      isolationRoomsOccupied: '占用隔离病房',
      overCapacity: '超出容量',
      note: '备注',
    });
    const v = await reporter.post(`/api/imports/${up.body.id}/validate`, { mapping: { columns: up.body.suggested, values: {} } });
    expect(v.body).toMatchObject({ validRows: 2, errorRows: 0 });
    expect((await reporter.post(`/api/imports/${up.body.id}/run`, { mode: 'all_or_nothing' })).status).toBe(202);
    await waitForImport(up.body.id);
    expect((await reporter.get(`/api/imports/${up.body.id}`)).body).toMatchObject({ status: 'done', importedRows: 2 });
    const rows = await t.database.db
      .select()
      .from(bedOccupancy)
      .where(eq(bedOccupancy.facilityId, hospital))
      .orderBy(bedOccupancy.reportDate);
    // yesterday's flagged 120 was replaced by the file's 80
    expect(rows.map((r) => [r.reportDate, r.bedsOccupied, r.source])).toEqual([
      [twoDaysAgo, 55, 'import'],
      [yesterday, 80, 'import'],
      [today, 70, 'form'],
    ]);

    const bad = await upload(
      reporter,
      'bad.csv',
      `日期,机构,占用床位,占用重症床位,占用隔离病房\n${yesterday},乙镇卫生院,1,0,0\n${yesterday},,101,0,-1\n${tomorrow},,1,0,0\n`,
      'occupancy',
    );
    const bv = await reporter.post(`/api/imports/${bad.body.id}/validate`, { mapping: { columns: bad.body.suggested, values: {} } });
    expect(bv.body.errors.map((e: { row: number; field: string; code: string }) => [e.row, e.field, e.code])).toEqual([
      [2, 'facility', 'not_your_facility'],
      [3, 'isolationRoomsOccupied', 'not_whole_number'],
      [4, 'date', 'in_future'],
    ]);
    const over = await upload(reporter, 'over.csv', `日期,占用床位,占用重症床位,占用隔离病房\n${yesterday},101,0,0\n`, 'occupancy');
    const ov = await reporter.post(`/api/imports/${over.body.id}/validate`, { mapping: { columns: over.body.suggested, values: {} } });
    expect(ov.body.errors).toMatchObject([{ row: 2, field: 'bedsOccupied', code: 'over_capacity', params: { value: 101, capacity: 100 } }]);
  });
});

/**
 * Demo data of voyages and the port for District J (called by seedFeatureDemos after the contacts demo): the
 * Yangtze passenger line Chongqing Chaotianmen → District J's port → Wanzhou → Yichang, its vessel, a downstream
 * voyage shortly before the district's most recent confirmed case fell ill, with a 180-person manifest imported
 * through the manifest import (the case on it, deck 3, cabin 305, left at District J's port), the case linked to
 * the voyage and the cohort's high-risk members (the same cabin) confirmed as contacts; the return voyage of the
 * last days whose manifest is still awaited (the end-to-end test imports it), and a dayshift of port workers at
 * the berth. Everything goes through the services a person uses (audited), with the demo's clock. Idempotent:
 * any vessel in the database means it is there.
 */
import { and, desc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Principal } from '../../platform/auth/scope.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { districtDate, districtInstant } from '../../platform/time/district-time.ts';
import { caseReports, identityProtector } from '../cases/index.ts';
import { loadPrincipal } from '../users/index.ts';
import { importManifestAs } from './travel.manifest.ts';
import { manifestCsv, samplePeople } from './travel.sample.ts';
import { cohortFor, confirmCohortAs, createRouteAs, createTripAs, createVesselAs, linkCaseAs } from './travel.service.ts';
import { travelVessels } from './travel.tables.ts';

/** The demo's voyage number: the investigations demo and the end-to-end test find the voyage by it. */
export const DEMO_VOYAGE = 'CJ2806';
export const DEMO_RETURN_VOYAGE = 'CJ2811';

function addDays(date: string, n: number) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

async function principalOf(database: Database, username: string): Promise<Principal | undefined> {
  const [row] = await database.db.select({ id: users.id }).from(users).where(eq(users.username, username));
  return row ? loadPrincipal(database.db, row.id) : undefined;
}

export async function seedTravelDemo(database: Database, ctx: DemoContext): Promise<void> {
  const db = database.db;
  if ((await db.select({ id: travelVessels.id }).from(travelVessels).limit(1)).length > 0) return;
  const epi = await principalOf(database, 'epidemiologist');
  if (!epi) return;
  const deps = { database, protector: identityProtector(ctx.identity ?? loadConfig()), now: () => ctx.now };
  const [district] = await db.select().from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return;
  const port = `${district.name}港`;
  const townships = await db
    .select({ name: jurisdictions.name })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.level, 'township'), sql`${jurisdictions.path} LIKE ${`${district.path}%`}`));

  // the district's most recent confirmed case that fell ill some days ago
  const today = districtDate(ctx.now);
  const [index] = await db
    .select()
    .from(caseReports)
    .innerJoin(jurisdictions, eq(jurisdictions.id, caseReports.jurisdictionId))
    .where(
      and(
        eq(caseReports.classification, 'confirmed'),
        eq(caseReports.status, 'active'),
        lte(caseReports.diagnosisAt, districtInstant(addDays(today, -1))),
        gte(caseReports.diagnosisAt, districtInstant(addDays(today, -12))),
        sql`${jurisdictions.path} LIKE ${`${district.path}%`}`,
      ),
    )
    .orderBy(desc(caseReports.diagnosisAt))
    .limit(1);

  const vessel = await createVesselAs(
    database,
    epi,
    {
      name: '长江明珠号',
      nameEn: 'Changjiang Pearl',
      registration: 'CN-CQ-2019-0307',
      operator: '重庆长江轮船有限公司',
      decks: 4,
      passengerCapacity: 420,
    },
    null,
  );
  const stops = ['重庆朝天门', port, '万州', '宜昌'];
  await createRouteAs(
    database,
    epi,
    {
      mode: 'voyage',
      name: `重庆—${port}—万州—宜昌客运航线`,
      nameEn: 'Chongqing – District J port – Wanzhou – Yichang passenger line',
      stops: stops.map((name) => ({ name })),
    },
    null,
  );

  const at = (day: string, time: string) => districtInstant(day, time).toISOString();
  const ill = index
    ? index.case_reports.onsetDate
      ? String(index.case_reports.onsetDate).slice(0, 10)
      : districtDate(index.case_reports.diagnosisAt)
    : addDays(today, -4);
  const departs = addDays(ill, -4);
  const voyage = await createTripAs(
    database,
    epi,
    {
      mode: 'voyage',
      jurisdictionId: ctx.districtId,
      vesselId: vessel.id,
      routeId: null,
      serviceNumber: DEMO_VOYAGE,
      origin: stops[0]!,
      destination: stops[3]!,
      departsAt: at(departs, '08:00'),
      arrivesAt: at(addDays(departs, 2), '09:00'),
      calls: [
        { place: port, arrivesAt: at(departs, '15:30'), departsAt: at(departs, '16:30') },
        { place: '万州', arrivesAt: at(addDays(departs, 1), '06:00'), departsAt: at(addDays(departs, 1), '08:00') },
      ],
      terminal: `${port}客运码头`,
      berth: '3号泊位',
      notes: '下行航次，四层客舱，每舱四铺',
    },
    null,
  );
  const returnDeparts = addDays(today, -3);
  await createTripAs(
    database,
    epi,
    {
      mode: 'voyage',
      jurisdictionId: ctx.districtId,
      vesselId: vessel.id,
      routeId: null,
      serviceNumber: DEMO_RETURN_VOYAGE,
      origin: '宜昌',
      destination: '重庆朝天门',
      departsAt: at(returnDeparts, '07:00'),
      arrivesAt: at(addDays(returnDeparts, 2), '12:00'),
      calls: [
        { place: '万州', arrivesAt: at(addDays(returnDeparts, 1), '05:00'), departsAt: at(addDays(returnDeparts, 1), '07:00') },
        { place: port, arrivesAt: at(addDays(returnDeparts, 1), '20:00'), departsAt: at(addDays(returnDeparts, 1), '21:00') },
      ],
      terminal: `${port}客运码头`,
      berth: '3号泊位',
      notes: '上行航次；舱单待航运公司报送',
    },
    null,
  );
  const shift = await createTripAs(
    database,
    epi,
    {
      mode: 'port_shift',
      jurisdictionId: ctx.districtId,
      vesselId: null,
      routeId: null,
      serviceNumber: `3号泊位白班（${DEMO_VOYAGE}靠泊）`,
      origin: `${port}3号泊位`,
      destination: '',
      departsAt: at(departs, '08:00'),
      arrivesAt: at(departs, '20:00'),
      calls: [],
      terminal: `${port}客运码头`,
      berth: '3号泊位',
      notes: '',
    },
    null,
  );

  const residences = [...townships.map((t) => `${t.name}`), '重庆市万州区', '湖北省宜昌市', '重庆市渝中区', '湖北省恩施州', '四川省成都市'];
  const people = samplePeople({ rows: 180, seed: ctx.seed + 29, stops, residences });
  if (index) {
    // the case's own berth: deck 3, cabin 305, berth 1, boarded at Chaotianmen and left at District J's port
    const c = index.case_reports;
    const slot = people.findIndex((p) => p.cabin === '305');
    const idNumber =
      c.idNumberEncrypted && c.idType === 'resident_id' ? deps.protector.reveal(c.idNumberEncrypted) : people[slot]!.idNumber;
    people[slot] = {
      ...people[slot]!,
      name: c.personName,
      idNumber,
      role: '旅客',
      boardedAt: stops[0]!,
      alightedAt: port,
      residence: index.jurisdictions.name,
    };
    // the cabin mates live in the district: their follow-up is the district's
    for (const [i, p] of people.entries())
      if (p.cabin === '305' && i !== slot)
        people[i] = { ...p, residence: townships[i % Math.max(1, townships.length)]?.name ?? p.residence };
  }
  await importManifestAs(
    deps,
    epi,
    voyage.id,
    { filename: `${DEMO_VOYAGE}舱单.csv`, bytes: new TextEncoder().encode(manifestCsv(people)), preview: false },
    null,
  );

  const workers = samplePeople({
    rows: 12,
    seed: ctx.seed + 31,
    stops: [port, port],
    residences: townships.map((t) => t.name),
    firstSequence: 500,
  }).map((p, i) => ({
    ...p,
    role: '旅客' as const,
    deck: i < 6 ? '客运区' : '货运区',
    cabin: '',
    berth: ['引航', '系缆', '安检', '检票'][i % 4]!,
    boardedAt: '',
    alightedAt: '',
  }));
  const workerCsv = manifestCsv(workers).replace(/,旅客,/g, ',工作人员,');
  await importManifestAs(
    deps,
    epi,
    shift.id,
    { filename: '3号泊位白班.csv', bytes: new TextEncoder().encode(workerCsv), preview: false },
    null,
  );

  if (!index) return;
  const exposure = await linkCaseAs(
    deps,
    epi,
    voyage.id,
    {
      caseId: index.case_reports.id,
      deck: '3',
      cabin: '305',
      seat: '1',
      boardedAt: stops[0]!,
      alightedAt: port,
      notes: '病例自述同舱三人，途中曾在三层餐厅用餐',
    },
    null,
  );
  const high = await cohortFor(database, epi, exposure.id, { rank: 1, status: 'suggested', page: 1, pageSize: 100 });
  if (high.items.length > 0) {
    await confirmCohortAs(
      deps,
      epi,
      exposure.id,
      { memberIds: high.items.map((m) => m.id), defaultJurisdictionId: index.case_reports.jurisdictionId, followUpPerDay: 1 },
      null,
    );
  }
}

/**
 * Bed occupancy (docs/occupancy.md). Who may do what:
 * - report: `occupancy.report` — a hospital reporter for its own facility only (users.facility_id, a
 *   facility-bound right), anyone else holding it for the facilities of their area. A second report of the same
 *   day replaces the first; both the report and the replacement are audited (before/after).
 * - read: `registry.read` in scope (capacity and occupancy are facts about facilities, no personal data).
 * The overview gives the latest report of each facility up to a day, the totals and occupancy rates, and the
 * facilities that have not reported that day.
 */
import { sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { facilityScopeFor, inScopePath, type Principal, recordInFacilityScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { districtDay, occupancyIssues, occupancyRate } from './occupancy.rules.ts';
import {
  type CareFacility,
  careFacilities,
  facilityHistory,
  findFacility,
  latestReports,
  lockReport,
  type OccupancyValues,
  upsertReport,
} from './occupancy.store.ts';
import type { BedOccupancyRow, OccupancySource } from './occupancy.tables.ts';

export interface OccupancyInput {
  facilityId: string;
  date: string;
  bedsOccupied: number;
  icuBedsOccupied: number;
  isolationRoomsOccupied: number;
  overCapacity?: boolean;
  note?: string;
}

export function presentReport(r: BedOccupancyRow) {
  return {
    id: r.id,
    facilityId: r.facilityId,
    reportDate: r.reportDate,
    bedsOccupied: r.bedsOccupied,
    icuBedsOccupied: r.icuBedsOccupied,
    isolationRoomsOccupied: r.isolationRoomsOccupied,
    capacity: { beds: r.bedsCapacity, icuBeds: r.icuBedsCapacity, isolationRooms: r.isolationRoomsCapacity },
    overCapacity: r.overCapacity,
    note: r.note,
    source: r.source,
    updatedAt: r.updatedAt.toISOString(),
  };
}
export type OccupancyReportView = ReturnType<typeof presentReport>;

/** A facility is expected to report when it has any bed, ICU bed or isolation room registered. */
const expectsReport = (f: CareFacility) => f.beds + f.icuBeds + f.isolationRooms > 0;

/**
 * The occupancy picture of a set of facilities on `date`: each one's latest report up to that day, totals over
 * the facilities that have reported (occupied against the capacity they reported with), rates, and who has not
 * reported on the day itself. Pure: the reports feature computes a report's figures with it too.
 */
export function occupancyPicture(date: string, facilityList: CareFacility[], latest: Map<string, BedOccupancyRow>) {
  const items = facilityList.filter(expectsReport).map((f) => {
    const report = latest.get(f.id) ?? null;
    return {
      id: f.id,
      name: f.name,
      nameEn: f.nameEn,
      type: f.type,
      jurisdiction: { id: f.jurisdictionId, name: f.jurisdictionName, nameEn: f.jurisdictionNameEn },
      capacity: { beds: f.beds, icuBeds: f.icuBeds, isolationRooms: f.isolationRooms },
      latest: report ? presentReport(report) : null,
      reportedOnDate: report?.reportDate === date,
      bedRate: report ? occupancyRate(report.bedsOccupied, report.bedsCapacity) : null,
    };
  });
  const occupied = { beds: 0, icuBeds: 0, isolationRooms: 0 };
  const capacity = { beds: 0, icuBeds: 0, isolationRooms: 0 };
  const registered = { beds: 0, icuBeds: 0, isolationRooms: 0 };
  for (const f of items) {
    registered.beds += f.capacity.beds;
    registered.icuBeds += f.capacity.icuBeds;
    registered.isolationRooms += f.capacity.isolationRooms;
    if (!f.latest) continue;
    occupied.beds += f.latest.bedsOccupied;
    occupied.icuBeds += f.latest.icuBedsOccupied;
    occupied.isolationRooms += f.latest.isolationRoomsOccupied;
    capacity.beds += f.latest.capacity.beds;
    capacity.icuBeds += f.latest.capacity.icuBeds;
    capacity.isolationRooms += f.latest.capacity.isolationRooms;
  }
  const notReported = items.filter((f) => !f.reportedOnDate);
  return {
    date,
    facilities: items,
    totals: {
      occupied,
      capacity,
      registered,
      rates: {
        beds: occupancyRate(occupied.beds, capacity.beds),
        icuBeds: occupancyRate(occupied.icuBeds, capacity.icuBeds),
        isolationRooms: occupancyRate(occupied.isolationRooms, capacity.isolationRooms),
      },
      facilities: items.length,
      reportedOnDate: items.length - notReported.length,
    },
    notReported: notReported.map((f) => ({ id: f.id, name: f.name, nameEn: f.nameEn, lastReportDate: f.latest?.reportDate ?? null })),
  };
}
export type OccupancyPicture = ReturnType<typeof occupancyPicture>;

/**
 * The picture of an area (a jurisdiction path, the caller's scope already applied: the reports feature passes an
 * incident's area) on `date`.
 */
export async function occupancyOfArea(db: Executor, areaPath: string, date: string): Promise<OccupancyPicture> {
  const list = await careFacilities(db, sql`${jurisdictions.path} LIKE ${`${areaPath}%`}`);
  return occupancyPicture(
    date,
    list,
    await latestReports(
      db,
      list.map((f) => f.id),
      date,
    ),
  );
}

/** GET /api/occupancy: the picture of the reader's area (registry.read) on `date` (default: today). */
export async function occupancyOverviewFor(database: Database, principal: Principal, query: { date?: string }, now = new Date()) {
  const scope = scopeFor(principal, 'registry.read');
  const date = query.date ?? districtDay(now);
  if (date > districtDay(now)) throw validationFailed([{ path: 'date', message: 'must not be after today' }]);
  const list = await careFacilities(database.db, inScopePath(scope, jurisdictions.path));
  const picture = occupancyPicture(
    date,
    list,
    await latestReports(
      database.db,
      list.map((f) => f.id),
      date,
    ),
  );
  return { ...picture, reportable: reportableFacilityIds(principal, list) };
}

/** Facilities of the list the principal may report for (empty without occupancy.report). */
function reportableFacilityIds(principal: Principal, list: CareFacility[]): string[] {
  let scope;
  try {
    scope = facilityScopeFor(principal, 'occupancy.report');
  } catch {
    return [];
  }
  return list.filter((f) => recordInFacilityScope(scope, f.jurisdictionPath, f.id)).map((f) => f.id);
}

/** GET /api/occupancy/facilities/{id}: a facility's reports over the last `days` days (registry.read). */
export async function facilityOccupancyFor(
  database: Database,
  principal: Principal,
  facilityId: string,
  query: { days: number },
  now = new Date(),
) {
  const scope = scopeFor(principal, 'registry.read');
  const facility = await findFacility(database.db, facilityId);
  if (!facility || !scope.paths.some((p) => facility.jurisdictionPath.startsWith(p))) throw notFound('facility');
  const to = districtDay(now);
  const from = districtDay(new Date(now.getTime() - (query.days - 1) * 86_400_000));
  const history = await facilityHistory(database.db, facilityId, from, to);
  return {
    facility: {
      id: facility.id,
      name: facility.name,
      nameEn: facility.nameEn,
      type: facility.type,
      capacity: { beds: facility.beds, icuBeds: facility.icuBeds, isolationRooms: facility.isolationRooms },
    },
    canReport: reportableFacilityIds(principal, [facility]).length > 0,
    items: history.map(presentReport),
  };
}

/**
 * Writes checked reports inside the caller's transaction, each replacing that facility's report of its day, each
 * audited (a replacement with the report it replaced), and tells the facilities' areas.
 */
export async function writeOccupancy(
  tx: Tx,
  rows: { facility: CareFacility; input: OccupancyInput }[],
  ctx: { actor: { id: string; username: string }; ip?: string | null; source: OccupancySource; importId?: string },
): Promise<BedOccupancyRow[]> {
  const out: BedOccupancyRow[] = [];
  for (const { facility, input } of rows) {
    const before = await lockReport(tx, facility.id, input.date);
    const values: OccupancyValues = {
      facilityId: facility.id,
      jurisdictionId: facility.jurisdictionId,
      reportDate: input.date,
      bedsOccupied: input.bedsOccupied,
      icuBedsOccupied: input.icuBedsOccupied,
      isolationRoomsOccupied: input.isolationRoomsOccupied,
      bedsCapacity: facility.beds,
      icuBedsCapacity: facility.icuBeds,
      isolationRoomsCapacity: facility.isolationRooms,
      overCapacity: input.overCapacity ?? false,
      note: input.note?.trim() ?? '',
      source: ctx.source,
      importId: ctx.importId ?? null,
      reportedBy: ctx.actor.id,
    };
    const after = await upsertReport(tx, values);
    await audit(tx, {
      actor: ctx.actor,
      ip: ctx.ip ?? null,
      action: before ? 'update' : 'create',
      entityType: 'bed_occupancy',
      entityId: after.id,
      ...(before ? { before } : {}),
      after,
    });
    out.push(after);
  }
  const paths = new Set(rows.map((r) => r.facility.jurisdictionPath));
  for (const jurisdictionPath of paths)
    await publishLive(tx, { topic: 'occupancy', action: 'reported', right: 'registry.read', jurisdictionPath });
  return out;
}

/** PUT /api/occupancy: a facility's report of a day (occupancy.report over that facility); replaces the day's. */
export async function reportOccupancyAs(
  database: Database,
  principal: Principal,
  input: OccupancyInput,
  ip: string | null,
  now = new Date(),
) {
  const scope = facilityScopeFor(principal, 'occupancy.report');
  const facility = await findFacility(database.db, input.facilityId);
  // another facility than the reporter's own, or one outside the area, does not exist for this user
  if (!facility || !recordInFacilityScope(scope, facility.jurisdictionPath, facility.id)) throw notFound('facility');
  const issues = occupancyIssues(
    { ...input, reportDate: input.date, overCapacity: input.overCapacity ?? false, note: input.note ?? '' },
    facility,
    now,
  );
  if (issues.length > 0) throw validationFailed(issues.map((i) => ({ path: i.path, message: i.message })));
  const [row] = await database.db.transaction((tx) =>
    writeOccupancy(tx, [{ facility, input }], { actor: { id: principal.id, username: principal.username }, ip, source: 'form' }),
  );
  return presentReport(row!);
}

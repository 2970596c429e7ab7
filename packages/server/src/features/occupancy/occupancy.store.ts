/**
 * Every query of bed occupancy. Reads take the facilities' place condition from the caller (a scope, or an
 * incident's area for the reports feature), so that one query serves the API and the daily report.
 */
import { type SQL, and, asc, desc, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { facilities } from '../registry/index.ts';
import { type BedOccupancyRow, bedOccupancy } from './occupancy.tables.ts';

/** Facilities whose beds matter to a response (not laboratories or warehouses); owned here, read by reports. */
export const CARE_FACILITY_TYPES = [
  'designated_hospital',
  'general_hospital',
  'fever_clinic',
  'township_health_centre',
  'port_quarantine',
  'quarantine_hotel',
] as const;

export interface CareFacility {
  id: string;
  name: string;
  nameEn: string;
  type: string;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  jurisdictionPath: string;
  beds: number;
  icuBeds: number;
  isolationRooms: number;
  rooms: number;
}

/** Care facilities where `where` holds (a condition on jurisdictions.path), by type then name. */
export async function careFacilities(db: Executor, where: SQL): Promise<CareFacility[]> {
  return db
    .select({
      id: facilities.id,
      name: facilities.name,
      nameEn: facilities.nameEn,
      type: facilities.type,
      jurisdictionId: facilities.jurisdictionId,
      jurisdictionName: jurisdictions.name,
      jurisdictionNameEn: jurisdictions.nameEn,
      jurisdictionPath: jurisdictions.path,
      beds: facilities.beds,
      icuBeds: facilities.icuBeds,
      isolationRooms: facilities.isolationRooms,
      rooms: facilities.rooms,
    })
    .from(facilities)
    .innerJoin(jurisdictions, eq(jurisdictions.id, facilities.jurisdictionId))
    .where(and(inArray(facilities.type, [...CARE_FACILITY_TYPES]), where))
    .orderBy(asc(facilities.type), asc(facilities.name));
}

/** One facility with its place, or undefined. */
export async function findFacility(db: Executor, id: string): Promise<CareFacility | undefined> {
  const [row] = await careFacilities(db, eq(facilities.id, id));
  return row;
}

/** The latest report of each facility on or before `date` (one row per facility that ever reported by then). */
export async function latestReports(db: Executor, facilityIds: string[], date: string): Promise<Map<string, BedOccupancyRow>> {
  if (facilityIds.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([bedOccupancy.facilityId])
    .from(bedOccupancy)
    .where(and(inArray(bedOccupancy.facilityId, facilityIds), lte(bedOccupancy.reportDate, date)))
    .orderBy(bedOccupancy.facilityId, desc(bedOccupancy.reportDate));
  return new Map(rows.map((r) => [r.facilityId, r]));
}

/** A facility's reports from `from` to `to`, newest first. */
export async function facilityHistory(db: Executor, facilityId: string, from: string, to: string): Promise<BedOccupancyRow[]> {
  return db
    .select()
    .from(bedOccupancy)
    .where(and(eq(bedOccupancy.facilityId, facilityId), gte(bedOccupancy.reportDate, from), lte(bedOccupancy.reportDate, to)))
    .orderBy(desc(bedOccupancy.reportDate));
}

/** The report of a facility for a day, locked for the rest of the transaction (a replacement is audited against it). */
export async function lockReport(tx: Tx, facilityId: string, date: string): Promise<BedOccupancyRow | undefined> {
  const [row] = await tx
    .select()
    .from(bedOccupancy)
    .where(and(eq(bedOccupancy.facilityId, facilityId), eq(bedOccupancy.reportDate, date)))
    .for('update');
  return row;
}

export type OccupancyValues = Omit<typeof bedOccupancy.$inferInsert, 'id' | 'createdAt' | 'updatedAt'>;

/** Writes the day's report of a facility, replacing the one there was (one per facility and day). */
export async function upsertReport(tx: Tx, values: OccupancyValues): Promise<BedOccupancyRow> {
  const [row] = await tx
    .insert(bedOccupancy)
    .values(values)
    .onConflictDoUpdate({
      target: [bedOccupancy.facilityId, bedOccupancy.reportDate],
      set: {
        jurisdictionId: values.jurisdictionId,
        bedsOccupied: values.bedsOccupied,
        icuBedsOccupied: values.icuBedsOccupied,
        isolationRoomsOccupied: values.isolationRoomsOccupied,
        bedsCapacity: values.bedsCapacity,
        icuBedsCapacity: values.icuBedsCapacity,
        isolationRoomsCapacity: values.isolationRoomsCapacity,
        overCapacity: values.overCapacity ?? false,
        note: values.note ?? '',
        source: values.source ?? 'form',
        importId: values.importId ?? null,
        reportedBy: values.reportedBy ?? null,
        updatedAt: sql`now()`,
      },
    })
    .returning();
  return row!;
}

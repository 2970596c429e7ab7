/**
 * Every query of the travel feature. Trips, manifests, exposures and cohorts are scoped by the trip's
 * jurisdiction (the port or station); vessels and routes are reference data without personal data.
 */
import { and, asc, count, desc, eq, gte, ilike, inArray, lt, or, type SQL, sql } from 'drizzle-orm';
import { inScope, type Scope } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { districtInstant } from '../../platform/time/district-time.ts';
import { caseReports } from '../cases/index.ts';
import { contacts } from '../contacts/index.ts';
import {
  type CohortStatus,
  travelCohortMembers,
  travelExposures,
  travelManifestEntries,
  travelRoutes,
  travelTrips,
  travelVessels,
} from './travel.tables.ts';

export type VesselRow = typeof travelVessels.$inferSelect;
export type RouteRow = typeof travelRoutes.$inferSelect;
export type TripRow = typeof travelTrips.$inferSelect;
export type EntryRow = typeof travelManifestEntries.$inferSelect;
export type ExposureRow = typeof travelExposures.$inferSelect;
export type MemberRow = typeof travelCohortMembers.$inferSelect;

const like = (q: string) => `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export const listVessels = (db: Executor) => db.select().from(travelVessels).orderBy(asc(travelVessels.name));
export const listRoutes = (db: Executor) => db.select().from(travelRoutes).orderBy(asc(travelRoutes.mode), asc(travelRoutes.name));
export async function findVessel(db: Executor, id: string) {
  const [row] = await db.select().from(travelVessels).where(eq(travelVessels.id, id));
  return row;
}
export async function findRoute(db: Executor, id: string) {
  const [row] = await db.select().from(travelRoutes).where(eq(travelRoutes.id, id));
  return row;
}

export interface TripSummaryRow {
  trip: TripRow;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  vessel: VesselRow | null;
  routeName: string | null;
  routeNameEn: string | null;
  manifestCount: number;
  exposureCount: number;
}

function tripFilters(scope: Scope, query: { mode?: string; q?: string; from?: string; to?: string }): SQL[] {
  const where: SQL[] = [inScope(scope, travelTrips.jurisdictionId)];
  if (query.mode) where.push(eq(travelTrips.mode, query.mode as TripRow['mode']));
  if (query.from) where.push(gte(travelTrips.departsAt, districtInstant(query.from)));
  if (query.to) where.push(lt(travelTrips.departsAt, new Date(districtInstant(query.to).getTime() + 86_400_000)));
  if (query.q) {
    const p = like(query.q);
    where.push(
      or(
        ilike(travelTrips.code, p),
        ilike(travelTrips.serviceNumber, p),
        ilike(travelTrips.origin, p),
        ilike(travelTrips.destination, p),
        ilike(travelVessels.name, p),
      )!,
    );
  }
  return where;
}

const tripSummary = {
  trip: travelTrips,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
  vessel: travelVessels,
  routeName: travelRoutes.name,
  routeNameEn: travelRoutes.nameEn,
  manifestCount: sql<number>`(SELECT count(*)::int FROM travel_manifest_entries m WHERE m.trip_id = ${travelTrips.id})`,
  exposureCount: sql<number>`(SELECT count(*)::int FROM travel_exposures e WHERE e.trip_id = ${travelTrips.id})`,
};

export async function listTripPage(
  db: Executor,
  scope: Scope,
  query: { mode?: string; q?: string; from?: string; to?: string; page: number; pageSize: number },
): Promise<{ rows: TripSummaryRow[]; total: number }> {
  const where = and(...tripFilters(scope, query));
  const rows = await db
    .select(tripSummary)
    .from(travelTrips)
    .innerJoin(jurisdictions, eq(jurisdictions.id, travelTrips.jurisdictionId))
    .leftJoin(travelVessels, eq(travelVessels.id, travelTrips.vesselId))
    .leftJoin(travelRoutes, eq(travelRoutes.id, travelTrips.routeId))
    .where(where)
    .orderBy(desc(travelTrips.departsAt), desc(travelTrips.code))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await db
    .select({ n: count() })
    .from(travelTrips)
    .leftJoin(travelVessels, eq(travelVessels.id, travelTrips.vesselId))
    .where(where);
  return { rows, total: total?.n ?? 0 };
}

export async function findTripSummary(db: Executor, scope: Scope, id: string): Promise<TripSummaryRow | undefined> {
  const [row] = await db
    .select(tripSummary)
    .from(travelTrips)
    .innerJoin(jurisdictions, eq(jurisdictions.id, travelTrips.jurisdictionId))
    .leftJoin(travelVessels, eq(travelVessels.id, travelTrips.vesselId))
    .leftJoin(travelRoutes, eq(travelRoutes.id, travelTrips.routeId))
    .where(and(eq(travelTrips.id, id), inScope(scope, travelTrips.jurisdictionId)));
  return row;
}

export async function findTrip(db: Executor, scope: Scope, id: string, forUpdate = false): Promise<TripRow | undefined> {
  const query = db
    .select()
    .from(travelTrips)
    .where(and(eq(travelTrips.id, id), inScope(scope, travelTrips.jurisdictionId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export interface EntrySummaryRow {
  entry: EntryRow;
  jurisdictionPath: string;
  residenceName: string | null;
  residenceNameEn: string | null;
}
function entrySelect() {
  return {
    entry: travelManifestEntries,
    jurisdictionPath: sql<string>`(SELECT j.path FROM jurisdictions j WHERE j.id = ${travelManifestEntries.jurisdictionId})`,
    residenceName: sql<string | null>`(SELECT j.name FROM jurisdictions j WHERE j.id = ${travelManifestEntries.residenceJurisdictionId})`,
    residenceNameEn: sql<
      string | null
    >`(SELECT j.name_en FROM jurisdictions j WHERE j.id = ${travelManifestEntries.residenceJurisdictionId})`,
  };
}

export async function listManifestPage(
  db: Executor,
  scope: Scope,
  tripId: string,
  query: { role?: string; q?: string; page: number; pageSize: number },
): Promise<{ rows: EntrySummaryRow[]; total: number }> {
  const where: SQL[] = [eq(travelManifestEntries.tripId, tripId), inScope(scope, travelManifestEntries.jurisdictionId)];
  if (query.role) where.push(eq(travelManifestEntries.role, query.role as EntryRow['role']));
  if (query.q) {
    const p = like(query.q);
    where.push(
      or(
        ilike(travelManifestEntries.personName, p),
        ilike(travelManifestEntries.deck, p),
        ilike(travelManifestEntries.cabin, p),
        ilike(travelManifestEntries.seat, p),
      )!,
    );
  }
  const rows = await db
    .select(entrySelect())
    .from(travelManifestEntries)
    .where(and(...where))
    .orderBy(asc(travelManifestEntries.rowNumber))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await db
    .select({ n: count() })
    .from(travelManifestEntries)
    .where(and(...where));
  return { rows, total: total?.n ?? 0 };
}

export async function findEntrySummary(db: Executor, scope: Scope, id: string): Promise<EntrySummaryRow | undefined> {
  const [row] = await db
    .select(entrySelect())
    .from(travelManifestEntries)
    .where(and(eq(travelManifestEntries.id, id), inScope(scope, travelManifestEntries.jurisdictionId)));
  return row;
}

export async function tripEntries(db: Executor, tripId: string): Promise<EntryRow[]> {
  return db.select().from(travelManifestEntries).where(eq(travelManifestEntries.tripId, tripId));
}

export async function manifestStats(db: Executor, tripId: string): Promise<{ count: number; maxRow: number; hashes: Set<string> }> {
  const rows = await db
    .select({ hash: travelManifestEntries.idNumberHash, row: travelManifestEntries.rowNumber })
    .from(travelManifestEntries)
    .where(eq(travelManifestEntries.tripId, tripId));
  let maxRow = 0;
  const hashes = new Set<string>();
  for (const r of rows) {
    if (r.row > maxRow) maxRow = r.row;
    if (r.hash) hashes.add(r.hash);
  }
  return { count: rows.length, maxRow, hashes };
}

/** One batch of manifest rows as ONE JSON parameter (as the case import does: fast, far from the parameter limit). */
export async function insertManifestRows(tx: Tx, rows: readonly (typeof travelManifestEntries.$inferInsert)[]): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(
    rows.map((r) => ({
      trip_id: r.tripId,
      jurisdiction_id: r.jurisdictionId,
      row_number: r.rowNumber,
      role: r.role,
      person_name: r.personName,
      sex: r.sex,
      id_type: r.idType,
      id_number_encrypted: r.idNumberEncrypted ?? null,
      id_number_masked: r.idNumberMasked ?? '',
      id_number_hash: r.idNumberHash ?? null,
      phone: r.phone ?? '',
      residence: r.residence ?? '',
      residence_jurisdiction_id: r.residenceJurisdictionId ?? null,
      deck: r.deck ?? '',
      cabin: r.cabin ?? '',
      seat: r.seat ?? '',
      boarded_at: r.boardedAt ?? '',
      alighted_at: r.alightedAt ?? '',
      created_by: r.createdBy ?? null,
    })),
  );
  const columns = sql.raw(`trip_id, jurisdiction_id, row_number, role, person_name, sex, id_type, id_number_encrypted, id_number_masked,
    id_number_hash, phone, residence, residence_jurisdiction_id, deck, cabin, seat, boarded_at, alighted_at, created_by`);
  await tx.execute(sql`
    INSERT INTO travel_manifest_entries (${columns})
    SELECT ${columns} FROM jsonb_to_recordset(${json}::jsonb) AS x(trip_id uuid, jurisdiction_id uuid, row_number int, role text,
      person_name text, sex text, id_type text, id_number_encrypted text, id_number_masked text, id_number_hash text, phone text,
      residence text, residence_jurisdiction_id uuid, deck text, cabin text, seat text, boarded_at text, alighted_at text, created_by uuid)`);
}

/** Townships and communities by name (zh and en, lower case) for recognising a written residence. */
export async function placeNames(db: Executor): Promise<Map<string, string>> {
  const rows = await db
    .select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn, level: jurisdictions.level })
    .from(jurisdictions);
  const out = new Map<string, string>();
  for (const r of rows) {
    if (r.level === 'district' || r.level === 'city' || r.level === 'province') continue;
    for (const k of [r.name, r.nameEn]) if (k && k.trim() !== '') out.set(k.trim().toLowerCase(), r.id);
  }
  return out;
}

// ── exposures and cohorts ───────────────────────────────────────────────────────────────────────

export interface ExposureSummaryRow {
  exposure: ExposureRow;
  trip: TripRow;
  caseCode: string;
  total: number;
  rank1: number;
  rank2: number;
  rank3: number;
  suggested: number;
  confirmed: number;
  dismissed: number;
}

const exposureSelect = {
  exposure: travelExposures,
  trip: travelTrips,
  caseCode: caseReports.code,
  total: sql<number>`(SELECT count(*)::int FROM travel_cohort_members m WHERE m.exposure_id = ${travelExposures.id})`,
  rank1: sql<number>`(SELECT count(*)::int FROM travel_cohort_members m WHERE m.exposure_id = ${travelExposures.id} AND m.rank = 1)`,
  rank2: sql<number>`(SELECT count(*)::int FROM travel_cohort_members m WHERE m.exposure_id = ${travelExposures.id} AND m.rank = 2)`,
  rank3: sql<number>`(SELECT count(*)::int FROM travel_cohort_members m WHERE m.exposure_id = ${travelExposures.id} AND m.rank = 3)`,
  suggested: sql<number>`(SELECT count(*)::int FROM travel_cohort_members m WHERE m.exposure_id = ${travelExposures.id} AND m.status = 'suggested')`,
  confirmed: sql<number>`(SELECT count(*)::int FROM travel_cohort_members m WHERE m.exposure_id = ${travelExposures.id} AND m.status = 'confirmed')`,
  dismissed: sql<number>`(SELECT count(*)::int FROM travel_cohort_members m WHERE m.exposure_id = ${travelExposures.id} AND m.status = 'dismissed')`,
};

export async function listExposures(
  db: Executor,
  scope: Scope,
  where: { tripId?: string; caseId?: string },
): Promise<ExposureSummaryRow[]> {
  const conditions: SQL[] = [inScope(scope, travelExposures.jurisdictionId)];
  if (where.tripId) conditions.push(eq(travelExposures.tripId, where.tripId));
  if (where.caseId) conditions.push(eq(travelExposures.caseId, where.caseId));
  return db
    .select(exposureSelect)
    .from(travelExposures)
    .innerJoin(travelTrips, eq(travelTrips.id, travelExposures.tripId))
    .innerJoin(caseReports, eq(caseReports.id, travelExposures.caseId))
    .where(and(...conditions))
    .orderBy(desc(travelTrips.departsAt), asc(travelExposures.createdAt));
}

export async function findExposureSummary(db: Executor, scope: Scope, id: string): Promise<ExposureSummaryRow | undefined> {
  const [row] = await db
    .select(exposureSelect)
    .from(travelExposures)
    .innerJoin(travelTrips, eq(travelTrips.id, travelExposures.tripId))
    .innerJoin(caseReports, eq(caseReports.id, travelExposures.caseId))
    .where(and(eq(travelExposures.id, id), inScope(scope, travelExposures.jurisdictionId)));
  return row;
}

export async function findExposure(db: Executor, tripId: string, caseId: string): Promise<ExposureRow | undefined> {
  const [row] = await db
    .select()
    .from(travelExposures)
    .where(and(eq(travelExposures.tripId, tripId), eq(travelExposures.caseId, caseId)));
  return row;
}

export async function exposuresOfTrip(db: Executor, tripId: string): Promise<ExposureRow[]> {
  return db.select().from(travelExposures).where(eq(travelExposures.tripId, tripId));
}

/**
 * Writes a cohort: new members inserted, members still only suggested re-ranked (a confirmed or dismissed
 * member keeps the investigator's decision). One JSON parameter per 2,000 members.
 */
export async function upsertCohort(
  tx: Tx,
  members: readonly {
    exposureId: string;
    entryId: string;
    jurisdictionId: string;
    proximity: string;
    rank: number;
    risk: string;
    at: Date;
  }[],
): Promise<void> {
  for (let i = 0; i < members.length; i += 2000) {
    const json = JSON.stringify(
      members.slice(i, i + 2000).map((m) => ({
        exposure_id: m.exposureId,
        entry_id: m.entryId,
        jurisdiction_id: m.jurisdictionId,
        proximity: m.proximity,
        rank: m.rank,
        suggested_risk: m.risk,
        last_exposure_at: m.at.toISOString(),
      })),
    );
    await tx.execute(sql`
      INSERT INTO travel_cohort_members (exposure_id, entry_id, jurisdiction_id, proximity, rank, suggested_risk, last_exposure_at)
      SELECT exposure_id, entry_id, jurisdiction_id, proximity, rank, suggested_risk, last_exposure_at
      FROM jsonb_to_recordset(${json}::jsonb) AS x(exposure_id uuid, entry_id uuid, jurisdiction_id uuid, proximity text, rank int,
        suggested_risk text, last_exposure_at timestamptz)
      ON CONFLICT (exposure_id, entry_id) DO UPDATE SET proximity = excluded.proximity, rank = excluded.rank,
        suggested_risk = excluded.suggested_risk, last_exposure_at = excluded.last_exposure_at
      WHERE travel_cohort_members.status = 'suggested'`);
  }
}

/** Suggested members no longer in the cohort (the case's position changed): removed. */
export async function dropStaleSuggestions(tx: Tx, exposureId: string, keep: readonly string[]): Promise<void> {
  const rows = await tx
    .select({ id: travelCohortMembers.id, entryId: travelCohortMembers.entryId })
    .from(travelCohortMembers)
    .where(and(eq(travelCohortMembers.exposureId, exposureId), eq(travelCohortMembers.status, 'suggested')));
  const keepSet = new Set(keep);
  const stale = rows.filter((r) => !keepSet.has(r.entryId)).map((r) => r.id);
  for (let i = 0; i < stale.length; i += 5000)
    await tx.delete(travelCohortMembers).where(inArray(travelCohortMembers.id, stale.slice(i, i + 5000)));
}

export interface MemberSummaryRow {
  member: MemberRow;
  entry: EntryRow;
  jurisdictionPath: string;
  residenceName: string | null;
  residenceNameEn: string | null;
  contactCode: string | null;
  contactRisk: string | null;
}

export async function listCohortPage(
  db: Executor,
  exposureId: string,
  query: { rank?: number; status?: CohortStatus; page: number; pageSize: number },
): Promise<{ rows: MemberSummaryRow[]; total: number }> {
  const where: SQL[] = [eq(travelCohortMembers.exposureId, exposureId)];
  if (query.rank) where.push(eq(travelCohortMembers.rank, query.rank));
  if (query.status) where.push(eq(travelCohortMembers.status, query.status));
  const rows = await db
    .select({
      member: travelCohortMembers,
      ...entrySelect(),
      contactCode: contacts.code,
      contactRisk: contacts.riskCategory,
    })
    .from(travelCohortMembers)
    .innerJoin(travelManifestEntries, eq(travelManifestEntries.id, travelCohortMembers.entryId))
    .leftJoin(contacts, eq(contacts.id, travelCohortMembers.contactId))
    .where(and(...where))
    .orderBy(
      asc(travelCohortMembers.rank),
      asc(travelManifestEntries.deck),
      asc(travelManifestEntries.cabin),
      asc(travelManifestEntries.rowNumber),
    )
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await db
    .select({ n: count() })
    .from(travelCohortMembers)
    .where(and(...where));
  return { rows, total: total?.n ?? 0 };
}

export async function membersForDecision(tx: Tx, exposureId: string, ids: readonly string[]) {
  return tx
    .select({ member: travelCohortMembers, entry: travelManifestEntries })
    .from(travelCohortMembers)
    .innerJoin(travelManifestEntries, eq(travelManifestEntries.id, travelCohortMembers.entryId))
    .where(and(eq(travelCohortMembers.exposureId, exposureId), inArray(travelCohortMembers.id, [...ids])))
    .orderBy(asc(travelCohortMembers.rank), asc(travelManifestEntries.rowNumber))
    .for('update');
}

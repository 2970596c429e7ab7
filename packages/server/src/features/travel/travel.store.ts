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

/** What placing a person in a cohort needs of a manifest row (travel.cohort.ts), and recognising the case's own row. */
export type CohortEntry = Pick<EntryRow, 'id' | 'personName' | 'idNumberHash' | 'deck' | 'cabin' | 'seat' | 'boardedAt' | 'alightedAt'>;

/**
 * The manifest rows of a trip as a cohort needs them — not the whole row (ciphertext, phone, residence are
 * not read: at 10,000 rows the wide read cost more than the ranking). `afterRow`: only rows numbered above it
 * (the rows an import has just added).
 */
export async function tripEntries(db: Executor, tripId: string, afterRow?: number): Promise<CohortEntry[]> {
  return db
    .select({
      id: travelManifestEntries.id,
      personName: travelManifestEntries.personName,
      idNumberHash: travelManifestEntries.idNumberHash,
      deck: travelManifestEntries.deck,
      cabin: travelManifestEntries.cabin,
      seat: travelManifestEntries.seat,
      boardedAt: travelManifestEntries.boardedAt,
      alightedAt: travelManifestEntries.alightedAt,
    })
    .from(travelManifestEntries)
    .where(
      afterRow === undefined
        ? eq(travelManifestEntries.tripId, tripId)
        : and(eq(travelManifestEntries.tripId, tripId), sql`${travelManifestEntries.rowNumber} > ${afterRow}`),
    );
}

/** How many rows a trip's manifest has and its highest row number (one aggregate, not the rows). */
export async function manifestStats(db: Executor, tripId: string): Promise<{ count: number; maxRow: number }> {
  const [row] = await db
    .select({ count: count(), maxRow: sql<number>`coalesce(max(${travelManifestEntries.rowNumber}), 0)::int` })
    .from(travelManifestEntries)
    .where(eq(travelManifestEntries.tripId, tripId));
  return { count: Number(row?.count ?? 0), maxRow: Number(row?.maxRow ?? 0) };
}

/**
 * Which of these identity hashes are already on the trip's manifest: one set-based query on the identity index
 * (`travel_manifest_entries_identity_idx`) instead of loading every hash of the manifest.
 */
export async function hashesOnManifest(db: Executor, tripId: string, hashes: readonly string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set();
  const rows = await db.execute<{ hash: string }>(sql`
    SELECT DISTINCT id_number_hash AS hash FROM travel_manifest_entries
    WHERE trip_id = ${tripId} AND id_number_hash = ANY(${pgArray(hashes)}::text[])`);
  return new Set(rowsOf<{ hash: string }>(rows).map((r) => r.hash));
}

/** `db.execute` answers an array (postgres-js) or `{ rows }` (PGlite). */
function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/**
 * A PostgreSQL array literal of text values (NULL for null), to pass a whole column as ONE parameter
 * (`${pgArray(xs)}::text[]`): drizzle would spread a JS array into one parameter per value.
 */
export function pgArray(values: readonly (string | number | null)[]): string {
  const items = values.map((v) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `"${v.replace(/[\\"]/g, (m) => `\\${m}`)}"`));
  return `{${items.join(',')}}`;
}

/**
 * Manifest rows of ONE trip written column-wise: each column one array parameter, `unnest`ed into rows, and the
 * trip, its jurisdiction and the importer (the same on every row) as plain parameters — a third of the bytes of
 * a JSON document with every key on every row, and no JSON parsing in the database.
 */
export async function insertManifestRows(
  tx: Tx,
  common: { tripId: string; jurisdictionId: string; createdBy: string },
  rows: readonly Omit<typeof travelManifestEntries.$inferInsert, 'tripId' | 'jurisdictionId' | 'createdBy'>[],
): Promise<void> {
  if (rows.length === 0) return;
  const col = (pick: (r: (typeof rows)[number]) => string | number | null | undefined) => pgArray(rows.map((r) => pick(r) ?? null));
  await tx.execute(sql`
    INSERT INTO travel_manifest_entries (trip_id, jurisdiction_id, created_by, row_number, role, person_name, sex, id_type,
      id_number_encrypted, id_number_masked, id_number_hash, phone, residence, residence_jurisdiction_id, deck, cabin, seat,
      boarded_at, alighted_at)
    SELECT ${common.tripId}::uuid, ${common.jurisdictionId}::uuid, ${common.createdBy}::uuid, x.*
    FROM unnest(${col((r) => r.rowNumber)}::int[], ${col((r) => r.role)}::text[], ${col((r) => r.personName)}::text[],
      ${col((r) => r.sex)}::text[], ${col((r) => r.idType)}::text[], ${col((r) => r.idNumberEncrypted)}::text[],
      ${col((r) => r.idNumberMasked ?? '')}::text[], ${col((r) => r.idNumberHash)}::text[], ${col((r) => r.phone ?? '')}::text[],
      ${col((r) => r.residence ?? '')}::text[], ${col((r) => r.residenceJurisdictionId)}::uuid[], ${col((r) => r.deck ?? '')}::text[],
      ${col((r) => r.cabin ?? '')}::text[], ${col((r) => r.seat ?? '')}::text[], ${col((r) => r.boardedAt ?? '')}::text[],
      ${col((r) => r.alightedAt ?? '')}::text[]) AS x`);
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
 * Writes a cohort of ONE exposure: new members inserted, members still only suggested re-ranked (a confirmed or
 * dismissed member keeps the investigator's decision). Column-wise (one array parameter per column, the
 * exposure and its jurisdiction as plain parameters), 5,000 members per statement.
 */
export async function upsertCohort(
  tx: Tx,
  exposure: { id: string; jurisdictionId: string },
  members: readonly { entryId: string; proximity: string; rank: number; risk: string; at: Date }[],
): Promise<void> {
  for (let i = 0; i < members.length; i += 5000) {
    const part = members.slice(i, i + 5000);
    await tx.execute(sql`
      INSERT INTO travel_cohort_members (exposure_id, jurisdiction_id, entry_id, proximity, rank, suggested_risk, last_exposure_at)
      SELECT ${exposure.id}::uuid, ${exposure.jurisdictionId}::uuid, x.*
      FROM unnest(${pgArray(part.map((m) => m.entryId))}::uuid[], ${pgArray(part.map((m) => m.proximity))}::text[],
        ${pgArray(part.map((m) => m.rank))}::int[], ${pgArray(part.map((m) => m.risk))}::text[],
        ${pgArray(part.map((m) => m.at.toISOString()))}::timestamptz[]) AS x
      ON CONFLICT (exposure_id, entry_id) DO UPDATE SET proximity = excluded.proximity, rank = excluded.rank,
        suggested_risk = excluded.suggested_risk, last_exposure_at = excluded.last_exposure_at
      WHERE travel_cohort_members.status = 'suggested'`);
  }
}

/** Drops the suggestions of an exposure that are no longer in its cohort: one set-based DELETE. */
export async function dropStaleSuggestions(tx: Tx, exposureId: string, keep: readonly string[]): Promise<void> {
  await tx.execute(sql`
    DELETE FROM travel_cohort_members
    WHERE exposure_id = ${exposureId} AND status = 'suggested' AND NOT (entry_id = ANY(${pgArray(keep)}::uuid[]))`);
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

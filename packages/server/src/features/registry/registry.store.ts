/**
 * Every query of the registry. Each one applies the caller's jurisdiction scope (`inScope` on a record's
 * jurisdiction, `inScopePath` on jurisdictions themselves), reads and writes alike, so a record outside the
 * caller's subtree is never found, never changed, never counted — the service turns "not found" into 404.
 */
import { type SQL, and, asc, count, eq, gte, ilike, inArray, lte, or, sql, sum } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { type JurisdictionLevel, jurisdictions, type GeoJsonGeometry } from '../../platform/db/platform.tables.ts';
import { type Scope, inScope, inScopePath } from '../../platform/auth/scope.ts';
import {
  type FacilityType,
  type FlowMode,
  type LonLat,
  type MapFeatureGeometry,
  type MapFeatureKind,
  type RosterShift,
  ROSTER_SHIFTS,
  adjacentDistricts,
  agencies,
  districtFlows,
  dutyRoster,
  facilities,
  jurisdictionAdjacency,
  jurisdictionFlows,
  mapFeatures,
} from './registry.tables.ts';

/** docs/api-contract.md `Jurisdiction`. */
export interface JurisdictionView {
  id: string;
  parentId: string | null;
  level: JurisdictionLevel;
  code: string;
  name: string;
  nameEn: string;
  population: number | null;
  centroid: LonLat | null;
}

/** A jurisdiction with what the service needs for rules (path, geometry). */
export interface JurisdictionRecord extends JurisdictionView {
  path: string;
  geometry: GeoJsonGeometry | null;
}

/** docs/api-contract.md `Agency`. */
export type AgencyView = Omit<typeof agencies.$inferSelect, 'createdAt' | 'updatedAt'>;
/** docs/api-contract.md `Facility`. */
export type FacilityView = Omit<typeof facilities.$inferSelect, 'createdAt' | 'updatedAt'>;
/** One roster slot as presented. */
export interface RosterEntryView {
  id: string;
  date: string;
  shift: RosterShift;
  personName: string;
  phone: string;
  role: string;
}
/** A roster slot to write. */
export type RosterEntryInput = Omit<RosterEntryView, 'id'>;

/** A neighbour with its flows, as presented by GET /api/adjacent-districts. */
export interface AdjacentDistrictView {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  population: number | null;
  centroid: LonLat | null;
  dailyFlowIn: number;
  dailyFlowOut: number;
  modes: Record<FlowMode, { in: number; out: number }>;
}

/** A page request. */
export interface PageQuery {
  page: number;
  pageSize: number;
}

const jurisdictionColumns = {
  id: jurisdictions.id,
  parentId: jurisdictions.parentId,
  level: jurisdictions.level,
  code: jurisdictions.code,
  name: jurisdictions.name,
  nameEn: jurisdictions.nameEn,
  population: jurisdictions.population,
  centroid: jurisdictions.centroid,
};

const agencyColumns = {
  id: agencies.id,
  code: agencies.code,
  name: agencies.name,
  nameEn: agencies.nameEn,
  kind: agencies.kind,
  jurisdictionId: agencies.jurisdictionId,
  contactPerson: agencies.contactPerson,
  phone: agencies.phone,
  email: agencies.email,
  address: agencies.address,
  duties: agencies.duties,
};

const facilityColumns = {
  id: facilities.id,
  name: facilities.name,
  nameEn: facilities.nameEn,
  type: facilities.type,
  jurisdictionId: facilities.jurisdictionId,
  address: facilities.address,
  location: facilities.location,
  beds: facilities.beds,
  icuBeds: facilities.icuBeds,
  isolationRooms: facilities.isolationRooms,
  rooms: facilities.rooms,
  phone: facilities.phone,
};

const rosterColumns = {
  id: dutyRoster.id,
  date: dutyRoster.date,
  shift: dutyRoster.shift,
  personName: dutyRoster.personName,
  phone: dutyRoster.phone,
  role: dutyRoster.role,
};

/** `%q%` for ILIKE with the user's wildcards taken literally. */
function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

// ── jurisdictions ───────────────────────────────────────────────────────────────────────────────

/** Jurisdictions within the scope, optionally of one level, ordered by code (parents before children). */
export async function listJurisdictions(db: Executor, scope: Scope, level?: JurisdictionLevel): Promise<JurisdictionView[]> {
  const where = [inScopePath(scope, jurisdictions.path)];
  if (level) where.push(eq(jurisdictions.level, level));
  return db
    .select(jurisdictionColumns)
    .from(jurisdictions)
    .where(and(...where))
    .orderBy(asc(jurisdictions.code));
}

/** One jurisdiction within the scope, with its path and geometry; undefined when absent or out of scope. */
export async function findJurisdiction(db: Executor, scope: Scope, id: string): Promise<JurisdictionRecord | undefined> {
  const [row] = await db
    .select({ ...jurisdictionColumns, path: jurisdictions.path, geometry: jurisdictions.geometry })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.id, id), inScopePath(scope, jurisdictions.path)));
  return row;
}

/** Whether a jurisdiction in scope has children (in scope too, as its whole subtree is). */
export async function hasChildJurisdictions(db: Executor, scope: Scope, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: jurisdictions.id })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.parentId, id), inScopePath(scope, jurisdictions.path)))
    .limit(1);
  return row !== undefined;
}

/** Jurisdictions in scope with their shapes, for the map. */
export async function listJurisdictionShapes(db: Executor, scope: Scope, level?: JurisdictionLevel) {
  const where = [inScopePath(scope, jurisdictions.path)];
  if (level) where.push(eq(jurisdictions.level, level));
  return db
    .select({ ...jurisdictionColumns, geometry: jurisdictions.geometry })
    .from(jurisdictions)
    .where(and(...where))
    .orderBy(asc(jurisdictions.code));
}

/**
 * Whether a jurisdiction code is used anywhere, whatever the scope: codes are unique across the deployment (the
 * database enforces it), so a clash outside the caller's subtree must still be reported, as a 409 on `code`.
 */
export async function jurisdictionCodeTaken(db: Executor, code: string, exceptId?: string): Promise<boolean> {
  const [row] = await db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.code, code));
  return row !== undefined && row.id !== exceptId;
}

/** The writable fields of a jurisdiction. */
export interface JurisdictionValues {
  parentId: string;
  level: JurisdictionLevel;
  code: string;
  name: string;
  nameEn: string;
  population: number | null;
  centroid: LonLat | null;
  geometry: GeoJsonGeometry | null;
}

/**
 * Inserts a jurisdiction under a parent that the service has found in scope; the insert itself re-checks the
 * parent against the scope (INSERT … SELECT), so a parent outside the subtree inserts nothing.
 */
export async function insertJurisdiction(tx: Tx, scope: Scope, values: JurisdictionValues): Promise<JurisdictionRecord | undefined> {
  const inserted = await tx.execute<{ id: string }>(sql`
    INSERT INTO ${jurisdictions} (parent_id, level, code, name, name_en, population, centroid, geometry)
    SELECT ${values.parentId}::uuid, ${values.level}::text, ${values.code}::text, ${values.name}::text, ${values.nameEn}::text,
           ${values.population}::integer,
           ${values.centroid === null ? null : JSON.stringify(values.centroid)}::jsonb,
           ${values.geometry === null ? null : JSON.stringify(values.geometry)}::jsonb
      FROM ${jurisdictions} parent
     WHERE parent.id = ${values.parentId}::uuid AND ${inScopePath(scope, sql`parent.path`)}
    RETURNING id`);
  const id = rowsOf<{ id: string }>(inserted)[0]?.id;
  return id ? findJurisdiction(tx, scope, id) : undefined;
}

/** Updates a jurisdiction in scope; returns the new record, undefined when not in scope. */
export async function updateJurisdiction(
  tx: Tx,
  scope: Scope,
  id: string,
  patch: Partial<Omit<JurisdictionValues, 'parentId' | 'level'>>,
): Promise<JurisdictionRecord | undefined> {
  const updated = await tx
    .update(jurisdictions)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(jurisdictions.id, id), inScopePath(scope, jurisdictions.path)))
    .returning({ id: jurisdictions.id });
  return updated[0] ? findJurisdiction(tx, scope, id) : undefined;
}

/** Rows of a raw `execute` on either engine (PGlite answers `{ rows }`, postgres.js an array). */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

// ── adjacency, flows and map features (0003) ────────────────────────────────────────────────────

/** Two jurisdictions sharing a border; `aId` < `bId`. */
export interface AdjacencyView {
  aId: string;
  bId: string;
  /** km */
  sharedBorderKm: number;
}

const sideA = alias(jurisdictions, 'side_a');
const sideB = alias(jurisdictions, 'side_b');

/** Adjacent pairs with both sides in the scope, with the sides' codes (for ordering). */
async function adjacencyRows(db: Executor, scope: Scope, jurisdictionId?: string) {
  const where = [inScopePath(scope, sideA.path), inScopePath(scope, sideB.path)];
  if (jurisdictionId) {
    where.push(or(eq(jurisdictionAdjacency.jurisdictionAId, jurisdictionId), eq(jurisdictionAdjacency.jurisdictionBId, jurisdictionId))!);
  }
  return db
    .select({
      aId: jurisdictionAdjacency.jurisdictionAId,
      bId: jurisdictionAdjacency.jurisdictionBId,
      sharedBorderKm: jurisdictionAdjacency.sharedBorderKm,
      aCode: sideA.code,
      bCode: sideB.code,
    })
    .from(jurisdictionAdjacency)
    .innerJoin(sideA, eq(sideA.id, jurisdictionAdjacency.jurisdictionAId))
    .innerJoin(sideB, eq(sideB.id, jurisdictionAdjacency.jurisdictionBId))
    .where(and(...where));
}

/**
 * Pairs of adjacent jurisdictions with *both* sides in the scope (a neighbour outside the caller's subtree is
 * not revealed, not even by id), optionally only the pairs touching one jurisdiction. Ordered by the sides'
 * codes: the lower code first, then the other.
 */
export async function listAdjacency(db: Executor, scope: Scope, jurisdictionId?: string): Promise<AdjacencyView[]> {
  const rows = await adjacencyRows(db, scope, jurisdictionId);
  const lowHigh = (r: (typeof rows)[number]) => (r.aCode < r.bCode ? [r.aCode, r.bCode] : [r.bCode, r.aCode]);
  return rows
    .sort((x, y) => {
      const [x1, x2] = lowHigh(x);
      const [y1, y2] = lowHigh(y);
      return x1!.localeCompare(y1!) || x2!.localeCompare(y2!);
    })
    .map(({ aId, bId, sharedBorderKm }) => ({ aId, bId, sharedBorderKm }));
}

/**
 * For each jurisdiction in the scope that has neighbours in it, their ids ordered by code (scoped like
 * {@link listAdjacency}); only those touching `jurisdictionId` when given.
 */
export async function adjacentIdsOf(db: Executor, scope: Scope, jurisdictionId?: string): Promise<Map<string, string[]>> {
  const neighbours = new Map<string, Array<{ id: string; code: string }>>();
  const add = (from: string, id: string, code: string) => {
    const list = neighbours.get(from) ?? [];
    list.push({ id, code });
    neighbours.set(from, list);
  };
  for (const r of await adjacencyRows(db, scope, jurisdictionId)) {
    add(r.aId, r.bId, r.bCode);
    add(r.bId, r.aId, r.aCode);
  }
  return new Map([...neighbours].map(([id, list]) => [id, list.sort((x, y) => x.code.localeCompare(y.code)).map((n) => n.id)]));
}

/** A directed flow between two jurisdictions, as presented by GET /api/jurisdictions/flows. */
export interface JurisdictionFlowView {
  originId: string;
  destinationId: string;
  /** residents of the origin spending a working day in the destination */
  dailyTrips: number;
  source: string;
}

const flowOrigin = alias(jurisdictions, 'flow_origin');
const flowDestination = alias(jurisdictions, 'flow_destination');

/** Flows with both ends in the scope, ordered by origin code, then destination code. */
export async function listJurisdictionFlows(db: Executor, scope: Scope): Promise<JurisdictionFlowView[]> {
  return db
    .select({
      originId: jurisdictionFlows.originId,
      destinationId: jurisdictionFlows.destinationId,
      dailyTrips: jurisdictionFlows.dailyTrips,
      source: jurisdictionFlows.source,
    })
    .from(jurisdictionFlows)
    .innerJoin(flowOrigin, eq(flowOrigin.id, jurisdictionFlows.originId))
    .innerJoin(flowDestination, eq(flowDestination.id, jurisdictionFlows.destinationId))
    .where(and(inScopePath(scope, flowOrigin.path), inScopePath(scope, flowDestination.path)))
    .orderBy(asc(flowOrigin.code), asc(flowDestination.code));
}

/** A map feature as stored. */
export interface MapFeatureRecord {
  id: string;
  jurisdictionId: string;
  kind: MapFeatureKind;
  name: string;
  nameEn: string;
  geometry: MapFeatureGeometry;
}

const mapFeatureColumns = {
  id: mapFeatures.id,
  jurisdictionId: mapFeatures.jurisdictionId,
  kind: mapFeatures.kind,
  name: mapFeatures.name,
  nameEn: mapFeatures.nameEn,
  geometry: mapFeatures.geometry,
};

/** Map features lying in the scope, optionally of one kind, ordered by kind, then jurisdiction code, name. */
export async function listMapFeatures(db: Executor, scope: Scope, kind?: MapFeatureKind): Promise<MapFeatureRecord[]> {
  const where = [inScope(scope, mapFeatures.jurisdictionId)];
  if (kind) where.push(eq(mapFeatures.kind, kind));
  return db
    .select(mapFeatureColumns)
    .from(mapFeatures)
    .innerJoin(jurisdictions, eq(jurisdictions.id, mapFeatures.jurisdictionId))
    .where(and(...where))
    .orderBy(asc(mapFeatures.kind), asc(jurisdictions.code), asc(mapFeatures.name));
}

// ── adjacent districts ──────────────────────────────────────────────────────────────────────────

/** Neighbouring districts of the districts in scope, with flows per mode and totals. */
export async function listAdjacentDistricts(db: Executor, scope: Scope): Promise<AdjacentDistrictView[]> {
  const rows = await db
    .select({
      id: adjacentDistricts.id,
      code: adjacentDistricts.code,
      name: adjacentDistricts.name,
      nameEn: adjacentDistricts.nameEn,
      population: adjacentDistricts.population,
      centroid: adjacentDistricts.centroid,
      mode: districtFlows.mode,
      dailyIn: districtFlows.dailyIn,
      dailyOut: districtFlows.dailyOut,
    })
    .from(adjacentDistricts)
    .leftJoin(districtFlows, eq(districtFlows.adjacentDistrictId, adjacentDistricts.id))
    .where(inScope(scope, adjacentDistricts.districtId))
    .orderBy(asc(adjacentDistricts.code), asc(districtFlows.mode));
  const byId = new Map<string, AdjacentDistrictView>();
  for (const r of rows) {
    let view = byId.get(r.id);
    if (!view) {
      view = {
        id: r.id,
        code: r.code,
        name: r.name,
        nameEn: r.nameEn,
        population: r.population,
        centroid: r.centroid,
        dailyFlowIn: 0,
        dailyFlowOut: 0,
        modes: { road: { in: 0, out: 0 }, rail: { in: 0, out: 0 }, river: { in: 0, out: 0 } },
      };
      byId.set(r.id, view);
    }
    if (r.mode) {
      view.modes[r.mode] = { in: r.dailyIn ?? 0, out: r.dailyOut ?? 0 };
      view.dailyFlowIn += r.dailyIn ?? 0;
      view.dailyFlowOut += r.dailyOut ?? 0;
    }
  }
  return [...byId.values()];
}

// ── agencies ────────────────────────────────────────────────────────────────────────────────────

/** Agencies in scope, searched by name, English name or code, ordered by code. */
export async function listAgencies(
  db: Executor,
  scope: Scope,
  query: PageQuery & { q?: string },
): Promise<{ items: AgencyView[]; total: number }> {
  const where: SQL[] = [inScope(scope, agencies.jurisdictionId)];
  if (query.q) {
    const p = containsPattern(query.q);
    where.push(or(ilike(agencies.name, p), ilike(agencies.nameEn, p), ilike(agencies.code, p))!);
  }
  const [items, [{ total }]] = await Promise.all([
    db
      .select(agencyColumns)
      .from(agencies)
      .where(and(...where))
      .orderBy(asc(agencies.code))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(agencies).where(and(...where)),
  ]);
  return { items, total };
}

/** One agency in scope. */
export async function findAgency(db: Executor, scope: Scope, id: string): Promise<AgencyView | undefined> {
  const [row] = await db
    .select(agencyColumns)
    .from(agencies)
    .where(and(eq(agencies.id, id), inScope(scope, agencies.jurisdictionId)));
  return row;
}

/**
 * Whether an agency holds the code, whatever the scope: codes are unique across the deployment (the database
 * enforces it), so a clash with an agency the caller cannot see must still be reported, as a 409 on `code`.
 */
export async function agencyCodeTaken(db: Executor, code: string, exceptId?: string): Promise<boolean> {
  const [row] = await db.select({ id: agencies.id }).from(agencies).where(eq(agencies.code, code));
  return row !== undefined && row.id !== exceptId;
}

/**
 * The whole tree, for trusted writers only (the demo seeder, imports run by an operator): every path starts
 * with '/'. Named, so that a search finds every place that writes without a user's scope.
 */
export const TRUSTED_SCOPE: Scope = { right: 'registry.manage', paths: ['/'] };

/** Whether a jurisdiction lies within the scope (for inserts, which cannot carry a WHERE). */
async function jurisdictionInScope(tx: Executor, scope: Scope, jurisdictionId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: jurisdictions.id })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.id, jurisdictionId), inScopePath(scope, jurisdictions.path)));
  return row !== undefined;
}

/** Inserts an agency if its jurisdiction lies within the scope; undefined (nothing written) otherwise. */
export async function insertAgency(tx: Tx, scope: Scope, values: Omit<AgencyView, 'id'>): Promise<AgencyView | undefined> {
  if (!(await jurisdictionInScope(tx, scope, values.jurisdictionId))) return undefined;
  const [row] = await tx.insert(agencies).values(values).returning(agencyColumns);
  return row;
}

/** Updates an agency in scope; undefined when not in scope. */
export async function updateAgency(
  tx: Tx,
  scope: Scope,
  id: string,
  patch: Partial<Omit<AgencyView, 'id'>>,
): Promise<AgencyView | undefined> {
  const [row] = await tx
    .update(agencies)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(agencies.id, id), inScope(scope, agencies.jurisdictionId)))
    .returning(agencyColumns);
  return row;
}

// ── duty roster ─────────────────────────────────────────────────────────────────────────────────

const shiftOrder = sql`array_position(ARRAY[${sql.join(
  ROSTER_SHIFTS.map((s) => sql`${s}`),
  sql`, `,
)}]::text[], ${dutyRoster.shift})`;

/** The agencies of the scope, as a subquery: roster rows are reachable only through them. */
function agenciesInScope(scope: Scope) {
  return sql`${dutyRoster.agencyId} IN (SELECT ${agencies.id} FROM ${agencies} WHERE ${inScope(scope, agencies.jurisdictionId)})`;
}

/** An agency's roster between two dates (inclusive), by date then shift (leader, day, night). */
export async function listRoster(
  db: Executor,
  scope: Scope,
  agencyId: string,
  from: string,
  to: string,
): Promise<RosterEntryView[]> {
  return db
    .select(rosterColumns)
    .from(dutyRoster)
    .where(and(eq(dutyRoster.agencyId, agencyId), gte(dutyRoster.date, from), lte(dutyRoster.date, to), agenciesInScope(scope)))
    .orderBy(asc(dutyRoster.date), shiftOrder, asc(dutyRoster.personName), asc(dutyRoster.id));
}

/** Replaces an agency's roster between two dates (inclusive) with `entries`, inside the caller's transaction. */
export async function replaceRoster(
  tx: Tx,
  scope: Scope,
  agencyId: string,
  from: string,
  to: string,
  entries: RosterEntryInput[],
): Promise<RosterEntryView[]> {
  await tx
    .delete(dutyRoster)
    .where(and(eq(dutyRoster.agencyId, agencyId), gte(dutyRoster.date, from), lte(dutyRoster.date, to), agenciesInScope(scope)));
  if (entries.length > 0) await insertRosterEntries(tx, scope, agencyId, entries);
  return listRoster(tx, scope, agencyId, from, to);
}

/**
 * Inserts roster rows for an agency within the scope (also used by the demo seeder); returns false, writing
 * nothing, when the agency is not in scope.
 */
export async function insertRosterEntries(tx: Tx, scope: Scope, agencyId: string, entries: RosterEntryInput[]): Promise<boolean> {
  if (!(await findAgency(tx, scope, agencyId))) return false;
  // Chunks keep each statement's parameter count well below PostgreSQL's limit of 65 535.
  for (let i = 0; i < entries.length; i += 1000) {
    await tx.insert(dutyRoster).values(entries.slice(i, i + 1000).map((e) => ({ agencyId, ...e })));
  }
  return true;
}

// ── facilities ──────────────────────────────────────────────────────────────────────────────────

/** Filters of the facility list. `jurisdictionId` selects that jurisdiction's whole subtree. */
export interface FacilityQuery extends PageQuery {
  type?: FacilityType;
  jurisdictionId?: string;
  q?: string;
}

/** Facilities in scope, filtered, ordered by type then name. */
export async function listFacilities(
  db: Executor,
  scope: Scope,
  query: FacilityQuery,
): Promise<{ items: FacilityView[]; total: number }> {
  const where: SQL[] = [inScope(scope, facilities.jurisdictionId)];
  if (query.type) where.push(eq(facilities.type, query.type));
  if (query.jurisdictionId) {
    where.push(
      sql`${facilities.jurisdictionId} IN (SELECT sub.id FROM ${jurisdictions} sub, ${jurisdictions} top
            WHERE top.id = ${query.jurisdictionId}::uuid AND sub.path LIKE top.path || '%')`,
    );
  }
  if (query.q) {
    const p = containsPattern(query.q);
    where.push(or(ilike(facilities.name, p), ilike(facilities.nameEn, p), ilike(facilities.address, p))!);
  }
  const [items, [{ total }]] = await Promise.all([
    db
      .select(facilityColumns)
      .from(facilities)
      .where(and(...where))
      .orderBy(asc(facilities.type), asc(facilities.name))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    db.select({ total: count() }).from(facilities).where(and(...where)),
  ]);
  return { items, total };
}

/** One facility in scope. */
export async function findFacility(db: Executor, scope: Scope, id: string): Promise<FacilityView | undefined> {
  const [row] = await db
    .select(facilityColumns)
    .from(facilities)
    .where(and(eq(facilities.id, id), inScope(scope, facilities.jurisdictionId)));
  return row;
}

/** Whether another facility of that name stands in that jurisdiction (which the caller found in scope). */
export async function facilityNameTaken(
  db: Executor,
  scope: Scope,
  jurisdictionId: string,
  name: string,
  exceptId?: string,
): Promise<boolean> {
  const [row] = await db
    .select({ id: facilities.id })
    .from(facilities)
    .where(and(eq(facilities.jurisdictionId, jurisdictionId), eq(facilities.name, name), inScope(scope, facilities.jurisdictionId)));
  return row !== undefined && row.id !== exceptId;
}

/** Inserts a facility if its jurisdiction lies within the scope; undefined (nothing written) otherwise. */
export async function insertFacility(tx: Tx, scope: Scope, values: Omit<FacilityView, 'id'>): Promise<FacilityView | undefined> {
  if (!(await jurisdictionInScope(tx, scope, values.jurisdictionId))) return undefined;
  const [row] = await tx.insert(facilities).values(values).returning(facilityColumns);
  return row;
}

/** Updates a facility in scope; undefined when not in scope. */
export async function updateFacility(
  tx: Tx,
  scope: Scope,
  id: string,
  patch: Partial<Omit<FacilityView, 'id'>>,
): Promise<FacilityView | undefined> {
  const [row] = await tx
    .update(facilities)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(facilities.id, id), inScope(scope, facilities.jurisdictionId)))
    .returning(facilityColumns);
  return row;
}

// ── dashboard ───────────────────────────────────────────────────────────────────────────────────

/** The registry's figures within the scope (GET /api/dashboard/summary). */
export interface DashboardSummary {
  population: number;
  townships: number;
  communities: number;
  agencies: number;
  facilitiesByType: Partial<Record<FacilityType, number>>;
  beds: number;
  icuBeds: number;
  isolationRooms: number;
  quarantineRooms: number;
}

/**
 * Sums and counts within the scope. Population is that of the scope's top jurisdictions (the subtrees'
 * roots), not a sum over levels, which would count each resident once per level.
 */
export async function dashboardSummary(db: Executor, scope: Scope): Promise<DashboardSummary> {
  const [[pop], levels, byType, [capacity]] = await Promise.all([
    db
      .select({ population: sum(jurisdictions.population).mapWith(Number) })
      .from(jurisdictions)
      .where(and(inArray(jurisdictions.path, scope.paths), inScopePath(scope, jurisdictions.path))),
    db
      .select({ level: jurisdictions.level, n: count() })
      .from(jurisdictions)
      .where(inScopePath(scope, jurisdictions.path))
      .groupBy(jurisdictions.level),
    db
      .select({ type: facilities.type, n: count() })
      .from(facilities)
      .where(inScope(scope, facilities.jurisdictionId))
      .groupBy(facilities.type),
    db
      .select({
        beds: sum(facilities.beds).mapWith(Number),
        icuBeds: sum(facilities.icuBeds).mapWith(Number),
        isolationRooms: sum(facilities.isolationRooms).mapWith(Number),
        quarantineRooms: sql<number>`coalesce(sum(${facilities.rooms}) FILTER (WHERE ${facilities.type} = 'quarantine_hotel'), 0)`.mapWith(Number),
      })
      .from(facilities)
      .where(inScope(scope, facilities.jurisdictionId)),
  ]);
  const [{ n: agencyCount }] = await db.select({ n: count() }).from(agencies).where(inScope(scope, agencies.jurisdictionId));
  const levelCount = (l: JurisdictionLevel) => levels.find((r) => r.level === l)?.n ?? 0;
  return {
    population: pop?.population ?? 0,
    townships: levelCount('township'),
    communities: levelCount('community'),
    agencies: agencyCount,
    facilitiesByType: Object.fromEntries(byType.map((r) => [r.type, r.n])),
    beds: capacity?.beds ?? 0,
    icuBeds: capacity?.icuBeds ?? 0,
    isolationRooms: capacity?.isolationRooms ?? 0,
    quarantineRooms: capacity?.quarantineRooms ?? 0,
  };
}

// ── trusted bulk writes (the demo seeder and imports; no principal, so no scope) ───────────────

/** A jurisdiction row to insert without a scope check. */
export type JurisdictionSeed = Omit<JurisdictionValues, 'parentId'> & { parentId: string | null };

/**
 * Inserts jurisdictions of one level in one statement and returns their ids by code. Parents must already
 * exist (the path trigger reads them), so callers insert level by level. For trusted callers only.
 */
export async function insertJurisdictionsTrusted(tx: Tx, rows: JurisdictionSeed[]): Promise<Map<string, JurisdictionRecord>> {
  const out = new Map<string, JurisdictionRecord>();
  for (let i = 0; i < rows.length; i += 500) {
    const inserted = await tx
      .insert(jurisdictions)
      .values(rows.slice(i, i + 500))
      .returning({ ...jurisdictionColumns, path: jurisdictions.path, geometry: jurisdictions.geometry });
    for (const r of inserted) out.set(r.code, r);
  }
  return out;
}

/** The jurisdiction holding a code, whatever the scope. For trusted callers (the seeder's idempotency check). */
export async function findJurisdictionByCodeTrusted(db: Executor, code: string): Promise<JurisdictionView | undefined> {
  const [row] = await db.select(jurisdictionColumns).from(jurisdictions).where(eq(jurisdictions.code, code));
  return row;
}

/** A neighbouring district with its flows, to insert. */
export interface AdjacentDistrictSeed {
  districtId: string;
  code: string;
  name: string;
  nameEn: string;
  population: number | null;
  centroid: LonLat | null;
  flows: Array<{ mode: FlowMode; dailyIn: number; dailyOut: number }>;
}

/** Inserts a neighbouring district and its flows; returns its id. For trusted callers only. */
export async function insertAdjacentDistrictTrusted(tx: Tx, seed: AdjacentDistrictSeed): Promise<string> {
  const { flows, ...values } = seed;
  const [row] = await tx.insert(adjacentDistricts).values(values).returning({ id: adjacentDistricts.id });
  if (flows.length > 0) {
    await tx.insert(districtFlows).values(flows.map((f) => ({ adjacentDistrictId: row!.id, ...f })));
  }
  return row!.id;
}

/** Which of the given jurisdiction ids lie within the scope (for bulk inserts, which cannot carry a WHERE). */
async function idsInScope(db: Executor, scope: Scope, ids: string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows = await db
    .select({ id: jurisdictions.id })
    .from(jurisdictions)
    .where(and(inArray(jurisdictions.id, unique), inScopePath(scope, jurisdictions.path)));
  return new Set(rows.map((r) => r.id));
}

/** An adjacent pair to insert (any order: stored smaller id first). */
export interface AdjacencySeed {
  jurisdictionId: string;
  otherId: string;
  sharedBorderKm: number;
}

/**
 * Inserts adjacent pairs, each with both of its jurisdictions in the scope (the writer's or, for the seeder,
 * its district's); returns the pairs written, smaller id first. A pair with a side outside the scope is not
 * written.
 */
export async function insertAdjacency(tx: Tx, scope: Scope, seeds: AdjacencySeed[]): Promise<AdjacencyView[]> {
  if (seeds.length === 0) return [];
  const inScopeIds = await idsInScope(tx, scope, seeds.flatMap((s) => [s.jurisdictionId, s.otherId]));
  const rows = seeds
    .filter((s) => inScopeIds.has(s.jurisdictionId) && inScopeIds.has(s.otherId))
    .map((s) => {
      const [a, b] = s.jurisdictionId < s.otherId ? [s.jurisdictionId, s.otherId] : [s.otherId, s.jurisdictionId];
      return { jurisdictionAId: a, jurisdictionBId: b, sharedBorderKm: s.sharedBorderKm };
    });
  const out: AdjacencyView[] = [];
  // Chunks keep each statement's parameter count well below PostgreSQL's limit of 65 535.
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await tx.insert(jurisdictionAdjacency).values(rows.slice(i, i + 1000)).returning();
    out.push(...inserted.map((r) => ({ aId: r.jurisdictionAId, bId: r.jurisdictionBId, sharedBorderKm: r.sharedBorderKm })));
  }
  return out;
}

/** Inserts flows whose two ends lie in the scope; returns the flows written. */
export async function insertJurisdictionFlows(tx: Tx, scope: Scope, flows: JurisdictionFlowView[]): Promise<JurisdictionFlowView[]> {
  if (flows.length === 0) return [];
  const inScopeIds = await idsInScope(tx, scope, flows.flatMap((f) => [f.originId, f.destinationId]));
  const rows = flows.filter((f) => inScopeIds.has(f.originId) && inScopeIds.has(f.destinationId));
  const out: JurisdictionFlowView[] = [];
  // Chunks keep each statement's parameter count well below PostgreSQL's limit of 65 535.
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await tx
      .insert(jurisdictionFlows)
      .values(rows.slice(i, i + 1000))
      .returning({
        originId: jurisdictionFlows.originId,
        destinationId: jurisdictionFlows.destinationId,
        dailyTrips: jurisdictionFlows.dailyTrips,
        source: jurisdictionFlows.source,
      });
    out.push(...inserted);
  }
  return out;
}

/** Inserts a map feature if its jurisdiction lies within the scope; undefined (nothing written) otherwise. */
export async function insertMapFeature(tx: Tx, scope: Scope, values: Omit<MapFeatureRecord, 'id'>): Promise<MapFeatureRecord | undefined> {
  if (!(await jurisdictionInScope(tx, scope, values.jurisdictionId))) return undefined;
  const [row] = await tx.insert(mapFeatures).values(values).returning(mapFeatureColumns);
  return row;
}

// Any constant, distinct from the platform's lock keys: seeders in several processes take turns on it.
const SEED_LOCK_KEY = 72_210_101;

/**
 * Serialises seeding transactions across processes (API replicas starting together on one PostgreSQL): the
 * second waits for the first to commit, then finds the data there. Released when the transaction ends.
 */
export async function lockSeeding(tx: Tx): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`);
}

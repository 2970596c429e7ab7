/**
 * Queries of jurisdictions, their borders, flows and map features, and the neighbouring districts: each applies the
 * caller's scope (`inScopePath` on jurisdictions), reads and writes alike; plus the trusted bulk writes of the seeder.
 */
import { and, asc, eq, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { type JurisdictionLevel, jurisdictions, type GeoJsonGeometry } from '../../platform/db/platform.tables.ts';
import { type Scope, inScope, inScopePath } from '../../platform/auth/scope.ts';
import {
  type FlowMode,
  type LonLat,
  type MapFeatureGeometry,
  type MapFeatureKind,
  adjacentDistricts,
  districtFlows,
  jurisdictionAdjacency,
  jurisdictionFlows,
  mapFeatures,
} from './registry.tables.ts';

import {
  type AdjacentDistrictView,
  type JurisdictionRecord,
  type JurisdictionView,
  jurisdictionColumns,
  rowsOf,
  jurisdictionInScope,
  idsInScope,
} from './registry.views.ts';

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
  const inScopeIds = await idsInScope(
    tx,
    scope,
    seeds.flatMap((s) => [s.jurisdictionId, s.otherId]),
  );
  const rows = seeds
    .filter((s) => inScopeIds.has(s.jurisdictionId) && inScopeIds.has(s.otherId))
    .map((s) => {
      const [a, b] = s.jurisdictionId < s.otherId ? [s.jurisdictionId, s.otherId] : [s.otherId, s.jurisdictionId];
      return { jurisdictionAId: a, jurisdictionBId: b, sharedBorderKm: s.sharedBorderKm };
    });
  const out: AdjacencyView[] = [];
  // Chunks keep each statement's parameter count well below PostgreSQL's limit of 65 535.
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await tx
      .insert(jurisdictionAdjacency)
      .values(rows.slice(i, i + 1000))
      .returning();
    out.push(...inserted.map((r) => ({ aId: r.jurisdictionAId, bId: r.jurisdictionBId, sharedBorderKm: r.sharedBorderKm })));
  }
  return out;
}

/** Inserts flows whose two ends lie in the scope; returns the flows written. */
export async function insertJurisdictionFlows(tx: Tx, scope: Scope, flows: JurisdictionFlowView[]): Promise<JurisdictionFlowView[]> {
  if (flows.length === 0) return [];
  const inScopeIds = await idsInScope(
    tx,
    scope,
    flows.flatMap((f) => [f.originId, f.destinationId]),
  );
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

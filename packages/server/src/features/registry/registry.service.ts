/**
 * Registry rules: jurisdictions, adjacent districts, agencies with their duty roster, facilities and the
 * dashboard figures. Each method starts by asking for the right it needs (`scopeFor` throws `forbidden`),
 * then works only through store functions that apply that scope; writes run in one transaction together
 * with their audit record (before and after).
 *
 * @example
 * const facility = await getFacility(database, principal, id); // 404 when outside the principal's subtree
 */
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { JURISDICTION_LEVELS, type JurisdictionLevel, type GeoJsonGeometry } from '../../platform/db/platform.tables.ts';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import { AppError, conflict, type FieldIssue, notFound, validationFailed } from '../../platform/errors.ts';
import type {
  AgencyCreate,
  AgencyListQuery,
  AgencyPatch,
  FacilityCreate,
  FacilityListQuery,
  FacilityPatch,
  JurisdictionCreate,
  JurisdictionPatch,
  RosterPut,
} from './registry.schema.ts';
import type { MapFeatureKind } from './registry.tables.ts';
import {
  type AdjacencyView,
  type AdjacentDistrictView,
  type AgencyView,
  type DashboardSummary,
  type FacilityView,
  type JurisdictionFlowView,
  type JurisdictionRecord,
  type JurisdictionView,
  type MapFeatureRecord,
  type RosterEntryView,
  adjacentIdsOf,
  agencyCodeTaken,
  dashboardSummary,
  facilityNameTaken,
  findAgency,
  findFacility,
  findJurisdiction,
  hasChildJurisdictions,
  insertAgency,
  insertFacility,
  insertJurisdiction,
  jurisdictionCodeTaken,
  listAdjacency,
  listAdjacentDistricts,
  listAgencies,
  listFacilities,
  listJurisdictionFlows,
  listJurisdictionShapes,
  listJurisdictions,
  listMapFeatures,
  listRoster,
  replaceRoster,
  TRUSTED_SCOPE,
  updateAgency,
  updateFacility,
  updateJurisdiction,
} from './registry.store.ts';

/** Longest roster range one request may read or replace (a year and a day, for leap years). */
export const MAX_ROSTER_DAYS = 366;
/** Default roster window when `to` is not given: two weeks from `from`. */
export const DEFAULT_ROSTER_DAYS = 14;

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
const viewOf = ({ path: _path, geometry: _geometry, ...view }: JurisdictionRecord): JurisdictionView => view;

/** docs/api-contract.md `Jurisdiction`: the record with the ids of its neighbours within the reader's scope. */
export type JurisdictionPresented = JurisdictionView & { adjacentIds: string[] };

/** One jurisdiction as presented, its neighbours read with the same scope (a neighbour outside it is omitted). */
async function present(db: Executor, scope: Scope, row: JurisdictionView): Promise<JurisdictionPresented> {
  const neighbours = await adjacentIdsOf(db, scope, row.id);
  return { ...row, adjacentIds: neighbours.get(row.id) ?? [] };
}

/** PostgreSQL's unique_violation (23505), found through Drizzle's wrapping of driver errors. */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

/**
 * Runs a write in a transaction; a unique violation that slipped past the service's own check (two requests
 * at once) becomes a 409 naming `field` instead of a 500.
 */
async function write<T>(database: Database, field: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await database.db.transaction(fn);
  } catch (err) {
    if (!(err instanceof AppError) && isUniqueViolation(err)) {
      throw conflict('already_exists', `The ${field} is already in use`, [{ path: field, message: 'already in use' }]);
    }
    throw err;
  }
}

// ── jurisdictions ───────────────────────────────────────────────────────────────────────────────

/** Jurisdictions in the reader's subtree, flat (the client builds the tree from `parentId`). */
export async function listJurisdictionsFor(
  database: Database,
  principal: Principal,
  query: { level?: JurisdictionLevel },
): Promise<{ items: JurisdictionPresented[] }> {
  const scope = scopeFor(principal, 'registry.read');
  const [rows, neighbours] = await Promise.all([listJurisdictions(database.db, scope, query.level), adjacentIdsOf(database.db, scope)]);
  return { items: rows.map((r) => ({ ...r, adjacentIds: neighbours.get(r.id) ?? [] })) };
}

/** One jurisdiction; 404 when it does not exist or lies outside the reader's subtree. */
export async function getJurisdiction(database: Database, principal: Principal, id: string): Promise<JurisdictionPresented> {
  const scope = scopeFor(principal, 'registry.read');
  const row = await findJurisdiction(database.db, scope, id);
  if (!row) throw notFound('jurisdiction');
  return present(database.db, scope, viewOf(row));
}

/** Pairs of adjacent jurisdictions, both within the reader's subtree, each pair once (smaller id first). */
export async function listAdjacencyFor(database: Database, principal: Principal): Promise<{ items: AdjacencyView[] }> {
  const scope = scopeFor(principal, 'registry.read');
  return { items: await listAdjacency(database.db, scope) };
}

/** Directed daily flows between jurisdictions, both ends within the reader's subtree. */
export async function listJurisdictionFlowsFor(database: Database, principal: Principal): Promise<{ items: JurisdictionFlowView[] }> {
  const scope = scopeFor(principal, 'registry.read');
  return { items: await listJurisdictionFlows(database.db, scope) };
}

/** A GeoJSON Feature of a map feature that is not a jurisdiction (river reach, port). */
export interface MapFeatureFeature {
  type: 'Feature';
  id: string;
  geometry: MapFeatureRecord['geometry'];
  properties: { id: string; kind: MapFeatureKind; name: string; nameEn: string; jurisdictionId: string };
}

/** The map features lying in the reader's subtree, optionally of one kind, as a GeoJSON FeatureCollection. */
export async function mapFeaturesGeoJson(
  database: Database,
  principal: Principal,
  query: { kind?: MapFeatureKind },
): Promise<{ type: 'FeatureCollection'; features: MapFeatureFeature[] }> {
  const scope = scopeFor(principal, 'registry.read');
  const rows = await listMapFeatures(database.db, scope, query.kind);
  return {
    type: 'FeatureCollection',
    features: rows.map((r) => ({
      type: 'Feature',
      id: r.id,
      geometry: r.geometry,
      properties: { id: r.id, kind: r.kind, name: r.name, nameEn: r.nameEn, jurisdictionId: r.jurisdictionId },
    })),
  };
}

/** A GeoJSON Feature of one jurisdiction. */
export interface JurisdictionFeature {
  type: 'Feature';
  id: string;
  geometry: GeoJsonGeometry | { type: 'Point'; coordinates: [number, number] };
  properties: { id: string; code: string; name: string; nameEn: string; level: JurisdictionLevel; population: number | null };
}

/**
 * The reader's jurisdictions as a GeoJSON FeatureCollection for the map. A jurisdiction without an outline
 * but with a centroid (a community) is a Point; one with neither is left out, having nothing to draw.
 */
export async function jurisdictionGeoJson(
  database: Database,
  principal: Principal,
  query: { level?: JurisdictionLevel },
): Promise<{ type: 'FeatureCollection'; features: JurisdictionFeature[] }> {
  const scope = scopeFor(principal, 'registry.read');
  const rows = await listJurisdictionShapes(database.db, scope, query.level);
  const features: JurisdictionFeature[] = [];
  for (const r of rows) {
    const geometry = r.geometry ?? (r.centroid ? { type: 'Point' as const, coordinates: r.centroid } : null);
    if (!geometry) continue;
    features.push({
      type: 'Feature',
      id: r.id,
      geometry,
      properties: { id: r.id, code: r.code, name: r.name, nameEn: r.nameEn, level: r.level, population: r.population },
    });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * Code rules (GB/T 2260 and the statistics division code): 6 digits for province, city and district;
 * 12 digits for township and community. A township's code starts with its district's 6 digits, a community's
 * with its township's first 9; a township's own code ends in 000.
 */
function codeIssues(level: JurisdictionLevel, code: string, parent: JurisdictionRecord | undefined): FieldIssue[] {
  const sixDigit = level === 'province' || level === 'city' || level === 'district';
  if (sixDigit) return /^\d{6}$/.test(code) ? [] : [{ path: 'code', message: `a ${level} code has 6 digits` }];
  if (!/^\d{12}$/.test(code)) return [{ path: 'code', message: `a ${level} code has 12 digits` }];
  if (level === 'township' && !code.endsWith('000')) {
    return [{ path: 'code', message: 'a township code ends in 000 (its last 3 digits number communities)' }];
  }
  if (parent && /^\d+$/.test(parent.code)) {
    const prefix = parent.level === 'township' ? parent.code.slice(0, 9) : parent.code.slice(0, 6);
    if (!code.startsWith(prefix)) return [{ path: 'code', message: `must start with the parent's ${prefix}` }];
  }
  return [];
}

/** Creates a jurisdiction under a parent in the writer's subtree, one level (or more) below it. */
export async function createJurisdiction(
  database: Database,
  principal: Principal,
  input: JurisdictionCreate,
  ip: string | null,
): Promise<JurisdictionPresented> {
  const scope = scopeFor(principal, 'registry.manage');
  return write(database, 'code', async (tx) => {
    const parent = await findJurisdiction(tx, scope, input.parentId);
    const issues: FieldIssue[] = [];
    if (!parent) issues.push({ path: 'parentId', message: 'no such jurisdiction' });
    else if (JURISDICTION_LEVELS.indexOf(input.level) <= JURISDICTION_LEVELS.indexOf(parent.level)) {
      issues.push({ path: 'level', message: `must be below the parent's level (${parent.level})` });
    }
    issues.push(...codeIssues(input.level, input.code, parent));
    if (issues.length > 0) throw validationFailed(issues);
    if (await jurisdictionCodeTaken(tx, input.code)) {
      throw conflict('already_exists', 'This code is already in use', [{ path: 'code', message: 'already in use' }]);
    }
    const created = await insertJurisdiction(tx, scope, {
      parentId: input.parentId,
      level: input.level,
      code: input.code,
      name: input.name,
      nameEn: input.nameEn,
      population: input.population ?? null,
      centroid: input.centroid ?? null,
      geometry: (input.geometry ?? null) as GeoJsonGeometry | null,
    });
    if (!created) throw validationFailed([{ path: 'parentId', message: 'no such jurisdiction' }]);
    const { path: _path, ...after } = created;
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'jurisdiction', entityId: created.id, after });
    // A new jurisdiction borders nothing yet: adjacency is stored data, not derived from the outline here.
    return { ...viewOf(created), adjacentIds: [] };
  });
}

/** Changes a jurisdiction's code, names, population, centroid or outline. */
export async function updateJurisdictionAs(
  database: Database,
  principal: Principal,
  id: string,
  patch: JurisdictionPatch,
  ip: string | null,
): Promise<JurisdictionPresented> {
  const scope = scopeFor(principal, 'registry.manage');
  return write(database, 'code', async (tx) => {
    const before = await findJurisdiction(tx, scope, id);
    if (!before) throw notFound('jurisdiction');
    if (patch.code !== undefined && patch.code !== before.code) {
      // Children's codes start with this one: changing it would leave them inconsistent.
      if (await hasChildJurisdictions(tx, scope, id)) {
        throw validationFailed([{ path: 'code', message: 'cannot change while it has sub-jurisdictions, whose codes derive from it' }]);
      }
      // The parent may lie outside the writer's scope (a manager of one township editing it): read it with the
      // trusted scope, only for its code, which the prefix rule needs.
      const parent = before.parentId ? await findJurisdiction(tx, TRUSTED_SCOPE, before.parentId) : undefined;
      const issues = codeIssues(before.level, patch.code, parent);
      if (issues.length > 0) throw validationFailed(issues);
      if (await jurisdictionCodeTaken(tx, patch.code, id)) {
        throw conflict('already_exists', 'This code is already in use', [{ path: 'code', message: 'already in use' }]);
      }
    }
    const after = await updateJurisdiction(tx, scope, id, patch as Partial<JurisdictionRecord>);
    if (!after) throw notFound('jurisdiction');
    const { path: _b, ...auditBefore } = before;
    const { path: _a, ...auditAfter } = after;
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'jurisdiction',
      entityId: id,
      before: auditBefore,
      after: auditAfter,
    });
    // Neighbours are shown as the user reads them (the read right may reach wider than the manage right).
    return present(tx, scopeFor(principal, 'registry.read'), viewOf(after));
  });
}

// ── adjacent districts ──────────────────────────────────────────────────────────────────────────

/** Neighbouring districts of the reader's districts, with daily flows by mode. */
export async function listAdjacentDistrictsFor(database: Database, principal: Principal): Promise<{ items: AdjacentDistrictView[] }> {
  const scope = scopeFor(principal, 'registry.read');
  return { items: await listAdjacentDistricts(database.db, scope) };
}

// ── agencies ────────────────────────────────────────────────────────────────────────────────────

/** Agencies in the reader's subtree, searched by `q` (name, English name or code). */
export async function listAgenciesFor(database: Database, principal: Principal, query: AgencyListQuery) {
  const scope = scopeFor(principal, 'registry.read');
  return listAgencies(database.db, scope, query);
}

/** One agency; 404 outside the reader's subtree. */
export async function getAgency(database: Database, principal: Principal, id: string): Promise<AgencyView> {
  const scope = scopeFor(principal, 'registry.read');
  const row = await findAgency(database.db, scope, id);
  if (!row) throw notFound('agency');
  return row;
}

/** Checks that a jurisdiction a record is placed in lies within the writer's scope. */
async function requireJurisdictionInScope(tx: Tx, scope: Scope, jurisdictionId: string): Promise<FieldIssue[]> {
  // Outside the subtree reads the same as non-existent, as everywhere.
  return (await findJurisdiction(tx, scope, jurisdictionId)) ? [] : [{ path: 'jurisdictionId', message: 'no such jurisdiction' }];
}

/** Creates an agency in the writer's subtree. */
export async function createAgency(database: Database, principal: Principal, input: AgencyCreate, ip: string | null): Promise<AgencyView> {
  const scope = scopeFor(principal, 'registry.manage');
  return write(database, 'code', async (tx) => {
    const issues = await requireJurisdictionInScope(tx, scope, input.jurisdictionId);
    if (issues.length > 0) throw validationFailed(issues);
    if (await agencyCodeTaken(tx, input.code))
      throw conflict('already_exists', 'This agency code is already in use', [{ path: 'code', message: 'already in use' }]);
    const after = await insertAgency(tx, scope, input);
    if (!after) throw validationFailed([{ path: 'jurisdictionId', message: 'no such jurisdiction' }]);
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'agency', entityId: after.id, after });
    return after;
  });
}

/** Changes an agency; moving it to another jurisdiction requires that one in scope too. */
export async function updateAgencyAs(
  database: Database,
  principal: Principal,
  id: string,
  patch: AgencyPatch,
  ip: string | null,
): Promise<AgencyView> {
  const scope = scopeFor(principal, 'registry.manage');
  return write(database, 'code', async (tx) => {
    const before = await findAgency(tx, scope, id);
    if (!before) throw notFound('agency');
    if (patch.jurisdictionId !== undefined) {
      const issues = await requireJurisdictionInScope(tx, scope, patch.jurisdictionId);
      if (issues.length > 0) throw validationFailed(issues);
    }
    if (patch.code !== undefined && (await agencyCodeTaken(tx, patch.code, id))) {
      throw conflict('already_exists', 'This agency code is already in use', [{ path: 'code', message: 'already in use' }]);
    }
    const after = await updateAgency(tx, scope, id, patch);
    if (!after) throw notFound('agency');
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'agency', entityId: id, before, after });
    return after;
  });
}

// ── duty roster ─────────────────────────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
const isoOfDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

function rangeIssues(from: string, to: string): FieldIssue[] {
  const days = dayNumber(to) - dayNumber(from) + 1;
  if (days < 1) return [{ path: 'to', message: 'must not be before from' }];
  if (days > MAX_ROSTER_DAYS) return [{ path: 'to', message: `the range may cover at most ${MAX_ROSTER_DAYS} days` }];
  return [];
}

/**
 * An agency's duty roster from `from` to `to` (inclusive). Without `from`, today (UTC calendar day, as the
 * server's clock gives it); without `to`, two weeks.
 */
export async function getRoster(
  database: Database,
  principal: Principal,
  agencyId: string,
  query: { from?: string; to?: string },
  today: Date = new Date(),
): Promise<{ items: RosterEntryView[] }> {
  const scope = scopeFor(principal, 'registry.read');
  const from = query.from ?? today.toISOString().slice(0, 10);
  const to = query.to ?? isoOfDay(dayNumber(from) + DEFAULT_ROSTER_DAYS - 1);
  const issues = rangeIssues(from, to);
  if (issues.length > 0) throw validationFailed(issues);
  if (!(await findAgency(database.db, scope, agencyId))) throw notFound('agency');
  return { items: await listRoster(database.db, scope, agencyId, from, to) };
}

/**
 * Replaces an agency's roster from `from` to `to` with `entries`, in one transaction: the range is emptied and
 * refilled, so a day left out of `entries` ends with nobody on duty — which is what the caller asked for.
 */
export async function replaceRosterAs(
  database: Database,
  principal: Principal,
  agencyId: string,
  input: RosterPut,
  ip: string | null,
): Promise<{ items: RosterEntryView[] }> {
  const scope = scopeFor(principal, 'registry.manage');
  const issues = rangeIssues(input.from, input.to);
  input.entries.forEach((e, i) => {
    if (e.date < input.from || e.date > input.to) {
      issues.push({ path: `entries.${i}.date`, message: `must lie between from (${input.from}) and to (${input.to})` });
    }
  });
  if (issues.length > 0) throw validationFailed(issues);
  return database.db.transaction(async (tx) => {
    if (!(await findAgency(tx, scope, agencyId))) throw notFound('agency');
    const before = await listRoster(tx, scope, agencyId, input.from, input.to);
    const items = await replaceRoster(tx, scope, agencyId, input.from, input.to, input.entries);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'agency_roster',
      entityId: agencyId,
      before: { from: input.from, to: input.to, entries: before },
      after: { from: input.from, to: input.to, entries: items },
    });
    return { items };
  });
}

// ── facilities ──────────────────────────────────────────────────────────────────────────────────

/** Facilities in the reader's subtree, filtered by type, jurisdiction subtree and text. */
export async function listFacilitiesFor(database: Database, principal: Principal, query: FacilityListQuery) {
  const scope = scopeFor(principal, 'registry.read');
  return listFacilities(database.db, scope, query);
}

/** One facility; 404 when it does not exist or lies outside the reader's subtree. */
export async function getFacility(database: Database, principal: Principal, id: string): Promise<FacilityView> {
  const scope = scopeFor(principal, 'registry.read');
  const row = await findFacility(database.db, scope, id);
  if (!row) throw notFound('facility');
  return row;
}

function capacityIssues(f: { type: string; beds: number; icuBeds: number }): FieldIssue[] {
  // ICU beds are part of a hospital's bed count (national bed statistics count them among open beds).
  return f.icuBeds > f.beds ? [{ path: 'icuBeds', message: 'ICU beds are counted among the beds, so they cannot exceed them' }] : [];
}

/** Creates a facility in the writer's subtree. */
export async function createFacility(
  database: Database,
  principal: Principal,
  input: FacilityCreate,
  ip: string | null,
): Promise<FacilityView> {
  const scope = scopeFor(principal, 'registry.manage');
  return write(database, 'name', async (tx) => {
    const issues = [...(await requireJurisdictionInScope(tx, scope, input.jurisdictionId)), ...capacityIssues(input)];
    if (issues.length > 0) throw validationFailed(issues);
    if (await facilityNameTaken(tx, scope, input.jurisdictionId, input.name)) {
      throw conflict('already_exists', 'A facility of this name already exists in this jurisdiction', [
        { path: 'name', message: 'already in use here' },
      ]);
    }
    const after = await insertFacility(tx, scope, input);
    if (!after) throw validationFailed([{ path: 'jurisdictionId', message: 'no such jurisdiction' }]);
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'facility', entityId: after.id, after });
    return after;
  });
}

/** Changes a facility (capacities, place, names …) in the writer's subtree. */
export async function updateFacilityAs(
  database: Database,
  principal: Principal,
  id: string,
  patch: FacilityPatch,
  ip: string | null,
): Promise<FacilityView> {
  const scope = scopeFor(principal, 'registry.manage');
  return write(database, 'name', async (tx) => {
    const before = await findFacility(tx, scope, id);
    if (!before) throw notFound('facility');
    const merged = { ...before, ...patch };
    const issues = capacityIssues(merged);
    if (patch.jurisdictionId !== undefined) issues.unshift(...(await requireJurisdictionInScope(tx, scope, patch.jurisdictionId)));
    if (issues.length > 0) throw validationFailed(issues);
    if (
      (patch.name !== undefined || patch.jurisdictionId !== undefined) &&
      (await facilityNameTaken(tx, scope, merged.jurisdictionId, merged.name, id))
    ) {
      throw conflict('already_exists', 'A facility of this name already exists in this jurisdiction', [
        { path: 'name', message: 'already in use here' },
      ]);
    }
    const after = await updateFacility(tx, scope, id, patch);
    if (!after) throw notFound('facility');
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'facility', entityId: id, before, after });
    return after;
  });
}

// ── dashboard ───────────────────────────────────────────────────────────────────────────────────

/** Population, places, agencies and capacities within the reader's subtree. */
export async function getDashboardSummary(database: Database, principal: Principal): Promise<DashboardSummary> {
  const scope = scopeFor(principal, 'registry.read');
  return dashboardSummary(database.db, scope);
}

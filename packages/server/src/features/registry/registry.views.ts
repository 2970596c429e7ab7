/**
 * What the registry's stores share: the shapes they present (docs/api-contract.md), the columns they select, and
 * the scope checks for inserts (which cannot carry a WHERE). The queries are in jurisdictions.store.ts,
 * agencies.store.ts (with the duty roster) and facilities.store.ts; registry.store.ts adds the summary and the
 * seeding lock and is the entry the service uses.
 */
import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { type JurisdictionLevel, jurisdictions, type GeoJsonGeometry } from '../../platform/db/platform.tables.ts';
import { type Scope, inScopePath } from '../../platform/auth/scope.ts';
import { type FlowMode, type LonLat, type RosterShift, agencies, dutyRoster, facilities } from './registry.tables.ts';

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

export const jurisdictionColumns = {
  id: jurisdictions.id,
  parentId: jurisdictions.parentId,
  level: jurisdictions.level,
  code: jurisdictions.code,
  name: jurisdictions.name,
  nameEn: jurisdictions.nameEn,
  population: jurisdictions.population,
  centroid: jurisdictions.centroid,
};

export const agencyColumns = {
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

export const facilityColumns = {
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

export const rosterColumns = {
  id: dutyRoster.id,
  date: dutyRoster.date,
  shift: dutyRoster.shift,
  personName: dutyRoster.personName,
  phone: dutyRoster.phone,
  role: dutyRoster.role,
};

/** `%q%` for ILIKE with the user's wildcards taken literally. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Rows of a raw `execute` on either engine (PGlite answers `{ rows }`, postgres.js an array). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export const TRUSTED_SCOPE: Scope = { right: 'registry.manage', paths: ['/'] };

/** Whether a jurisdiction lies within the scope (for inserts, which cannot carry a WHERE). */
export async function jurisdictionInScope(tx: Executor, scope: Scope, jurisdictionId: string): Promise<boolean> {
  const [row] = await tx
    .select({ id: jurisdictions.id })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.id, jurisdictionId), inScopePath(scope, jurisdictions.path)));
  return row !== undefined;
}

/** Which of the given jurisdiction ids lie within the scope (for bulk inserts, which cannot carry a WHERE). */
export async function idsInScope(db: Executor, scope: Scope, ids: string[]): Promise<Set<string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Set();
  const rows = await db
    .select({ id: jurisdictions.id })
    .from(jurisdictions)
    .where(and(inArray(jurisdictions.id, unique), inScopePath(scope, jurisdictions.path)));
  return new Set(rows.map((r) => r.id));
}

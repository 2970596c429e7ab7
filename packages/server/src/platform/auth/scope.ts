/**
 * Who is acting, and where they may act.
 *
 * A `Principal` is the signed-in user with their role grants. `scopeFor(principal, right)` gives the
 * jurisdiction subtrees in which the user holds that right (throws `forbidden` when none), and
 * `inScope(scope, column)` turns it into a SQL condition that every store query applies, so that a township
 * officer cannot read or change another township's record even by id: the row is simply not found (404).
 *
 * @example
 * const scope = scopeFor(principal, 'registry.read');
 * const rows = await db.select().from(facilities)
 *   .where(and(eq(facilities.id, id), inScope(scope, facilities.jurisdictionId)));
 * if (!rows[0]) throw notFound('facility');
 */
import { type SQL, type SQLWrapper, or, sql } from 'drizzle-orm';
import { forbidden } from '../errors.ts';
import { jurisdictions } from '../db/platform.tables.ts';
import { ROLES, type Right, type RoleId, facilityBoundRights, isRoleId } from './rights.ts';

/** One role held by a user within a jurisdiction's subtree. */
export interface RoleGrant {
  role: RoleId;
  jurisdictionId: string;
  jurisdictionName: string;
  /** materialised path of the jurisdiction ('/<root>/…/<id>/') */
  jurisdictionPath: string;
}

/** The acting user. `grants` comes from user_roles joined with jurisdictions. */
export interface Principal {
  id: string;
  username: string;
  displayName: string;
  locale: 'zh-CN' | 'en';
  grants: RoleGrant[];
  /** The agency the user works for (users.agency_id): an agency liaison acts for it (task inbox). */
  agencyId?: string | null;
  /** The facility the user reports for (users.facility_id): binds a hospital reporter's case rights to it. */
  facilityId?: string | null;
}

/** The subtrees (by path prefix) in which the principal holds one right. */
export interface Scope {
  right: Right;
  /** path prefixes; none nested in another */
  paths: string[];
  /**
   * Only from `facilityScopeFor`: subtrees in which the right covers just the records `id` (a facility) filed,
   * granted by a facility-bound role (a hospital reporter). Not part of `paths`, so that a store applying only
   * `inScope` gives such a user nothing rather than the whole subtree.
   */
  facility?: { id: string; paths: string[] };
}

/** Whether the principal holds `right` anywhere. */
export function hasRight(principal: Principal, right: Right): boolean {
  return principal.grants.some((g) => isRoleId(g.role) && (ROLES[g.role].rights as readonly Right[]).includes(right));
}

/**
 * The scope of `right` for `principal`. Throws `forbidden` when no role grants it: authorisation is the
 * first line of every service method, and this call is it.
 */
export function scopeFor(principal: Principal, right: Right): Scope {
  const paths = principal.grants
    .filter((g) => isRoleId(g.role) && (ROLES[g.role].rights as readonly Right[]).includes(right))
    .map((g) => g.jurisdictionPath)
    .sort();
  if (paths.length === 0) throw forbidden();
  // Drop a path lying inside another (sorted, an ancestor comes first): keeps the SQL short.
  const roots: string[] = [];
  for (const p of paths) if (!roots.some((r) => p.startsWith(r))) roots.push(p);
  return { right, paths: roots };
}

/** Drops paths lying inside another (sorted, an ancestor comes first): keeps the SQL short. */
function outermost(paths: string[]): string[] {
  const roots: string[] = [];
  for (const p of [...paths].sort()) if (!roots.some((r) => p.startsWith(r))) roots.push(p);
  return roots;
}

/**
 * The scope of `right` over records a facility files (case reports), for stores that apply
 * `inFacilityScope`: `paths` from the roles that grant the right over every record, `facility` from the
 * facility-bound ones (rights.ts `facilityBound`: a hospital reporter's cases.read covers its own hospital's
 * reports). A facility-bound grant of a user bound to no facility gives nothing. Throws `forbidden` when
 * nothing is left.
 *
 * @example
 * const scope = facilityScopeFor(principal, 'cases.read');
 * db.select().from(caseReports).where(inFacilityScope(scope, caseReports.jurisdictionId, caseReports.facilityId));
 */
export function facilityScopeFor(principal: Principal, right: Right): Scope {
  const full: string[] = [];
  const bound: string[] = [];
  for (const g of principal.grants) {
    if (!isRoleId(g.role) || !(ROLES[g.role].rights as readonly Right[]).includes(right)) continue;
    if (facilityBoundRights(g.role).includes(right)) bound.push(g.jurisdictionPath);
    else full.push(g.jurisdictionPath);
  }
  const paths = outermost(full);
  // a facility-bound grant inside a subtree where the user already sees everything adds nothing
  const facilityPaths = principal.facilityId ? outermost(bound).filter((p) => !paths.some((r) => p.startsWith(r))) : [];
  if (paths.length === 0 && facilityPaths.length === 0) throw forbidden();
  return facilityPaths.length > 0 ? { right, paths, facility: { id: principal.facilityId!, paths: facilityPaths } } : { right, paths };
}

/** Every subtree the scope reaches, with or without a facility binding (e.g. where a reporter may report residents). */
export function reachOf(scope: Scope): Scope {
  return { right: scope.right, paths: outermost([...scope.paths, ...(scope.facility?.paths ?? [])]) };
}

/**
 * SQL: a record filed by a facility lies within the scope: its jurisdiction within `paths`, or within
 * `facility.paths` and filed by that facility. With no facility binding it is `inScope`.
 */
export function inFacilityScope(scope: Scope, jurisdictionIdColumn: SQLWrapper, facilityIdColumn: SQLWrapper): SQL {
  if (!scope.facility) return inScope(scope, jurisdictionIdColumn);
  const bound = sql`(${facilityIdColumn} = ${scope.facility.id} AND ${inScope({ right: scope.right, paths: scope.facility.paths }, jurisdictionIdColumn)})`;
  return scope.paths.length === 0 ? bound : or(inScope(scope, jurisdictionIdColumn), bound)!;
}

/** Whether a record (its jurisdiction's path and its facility) lies within the scope, in JS. */
export function recordInFacilityScope(scope: Scope, jurisdictionPath: string, facilityId: string | null): boolean {
  if (pathInScope(scope, jurisdictionPath)) return true;
  return !!scope.facility && facilityId === scope.facility.id && scope.facility.paths.some((p) => jurisdictionPath.startsWith(p));
}

/** Whether a jurisdiction (by its path) lies within the scope. */
export function pathInScope(scope: Scope, jurisdictionPath: string): boolean {
  return scope.paths.some((p) => jurisdictionPath.startsWith(p));
}

/** SQL: `pathColumn` (a jurisdictions.path) lies within the scope. For queries on `jurisdictions` itself. */
export function inScopePath(scope: Scope, pathColumn: SQLWrapper): SQL {
  if (scope.paths.length === 0) return sql`false`;
  // Paths hold only hex digits, '-' and '/', so no LIKE escaping is needed.
  return or(...scope.paths.map((p) => sql`${pathColumn} LIKE ${`${p}%`}`))!;
}

/**
 * SQL: the record's jurisdiction (`jurisdictionIdColumn`) lies within the scope. Apply it in every query of a
 * scoped table — reads, updates and deletes alike.
 */
export function inScope(scope: Scope, jurisdictionIdColumn: SQLWrapper): SQL {
  if (scope.paths.length === 0) return sql`false`;
  return sql`${jurisdictionIdColumn} IN (SELECT ${jurisdictions.id} FROM ${jurisdictions} WHERE ${inScopePath(scope, jurisdictions.path)})`;
}

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
import { ROLES, type Right, type RoleId, isRoleId } from './rights.ts';

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
}

/** The subtrees (by path prefix) in which the principal holds one right. */
export interface Scope {
  right: Right;
  /** path prefixes; none nested in another */
  paths: string[];
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

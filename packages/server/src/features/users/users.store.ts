/**
 * Every query on users and user_roles. Listing and fetching apply the `users.manage` scope: an administrator
 * sees the users holding a role inside their subtree (and users holding no role yet).
 */
import { and, asc, count, eq, gt, ilike, inArray, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, sessions, userRoles, users } from '../../platform/db/platform.tables.ts';
import type { SessionBounds } from '../../platform/auth/sessions.ts';
import { type Principal, type RoleGrant, type Scope, inScope } from '../../platform/auth/scope.ts';
import { isRoleId } from '../../platform/auth/rights.ts';
import { agencies, facilities } from '../registry/index.ts';

export type UserRow = typeof users.$inferSelect;

/** A role as presented: which role, where. */
export interface RoleAssignment {
  role: string;
  jurisdictionId: string;
  jurisdictionName: string;
}

/** The presented user (docs/api-contract.md `User`); never carries the password hash. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  locale: 'zh-CN' | 'en';
  disabled: boolean;
  lockedUntil: string | null;
  lastLoginAt: string | null;
  createdAt: string;
  roles: RoleAssignment[];
  /** the agency the user works for (an agency liaison acts for it in the task inbox) */
  agencyId: string | null;
  agencyName: string | null;
  agencyNameEn: string | null;
  /** the facility the user reports for (binds a hospital reporter's case reports to it) */
  facilityId: string | null;
  facilityName: string | null;
  facilityNameEn: string | null;
}

/** The users row for a (normalised, lower-case) username. */
export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row;
}

/** The users row by id, unscoped: for the user's own session and password change. */
export async function findUserById(db: Executor, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

/** The role grants of some users, with each jurisdiction's name and path. */
export async function grantsOf(db: Executor, userIds: string[]): Promise<Map<string, RoleGrant[]>> {
  const out = new Map<string, RoleGrant[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return out;
  const rows = await db
    .select({
      userId: userRoles.userId,
      role: userRoles.role,
      jurisdictionId: userRoles.jurisdictionId,
      jurisdictionName: jurisdictions.name,
      jurisdictionPath: jurisdictions.path,
    })
    .from(userRoles)
    .innerJoin(jurisdictions, eq(jurisdictions.id, userRoles.jurisdictionId))
    .where(inArray(userRoles.userId, userIds))
    .orderBy(asc(userRoles.role), asc(jurisdictions.path));
  for (const { userId, role, ...rest } of rows) {
    // A role id no longer defined in rights.ts grants nothing; it is skipped rather than failing sign-in.
    if (isRoleId(role)) out.get(userId)!.push({ role, ...rest });
  }
  return out;
}

/** The acting user for a session (undefined when the user is gone or disabled). */
export async function loadPrincipal(db: Executor, userId: string): Promise<Principal | undefined> {
  const row = await findUserById(db, userId);
  if (!row || row.disabled) return undefined;
  const grants = (await grantsOf(db, [row.id])).get(row.id) ?? [];
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    locale: row.locale,
    grants,
    agencyId: row.agencyId,
    facilityId: row.facilityId,
  };
}

/**
 * A live session's principal in one statement: the session (within `bounds`), its user (not disabled) and the
 * user's role grants, aggregated in order (role, then jurisdiction path, as `grantsOf`). The session middleware
 * runs it before every API request; undefined when any part is missing.
 */
export async function loadSessionPrincipal(
  db: Executor,
  sessionId: string,
  bounds: SessionBounds,
): Promise<{ principal: Principal; lastSeenAt: Date; expiresAt: Date } | undefined> {
  const grants = sql<RawGrant[] | string | null>`(
    SELECT json_agg(json_build_object('role', r.role, 'jurisdictionId', r.jurisdiction_id, 'jurisdictionName', j.name,
                                      'jurisdictionPath', j.path) ORDER BY r.role, j.path)
    FROM ${userRoles} r JOIN ${jurisdictions} j ON j.id = r.jurisdiction_id
    WHERE r.user_id = ${users.id})`;
  const [row] = await db
    .select({
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      id: users.id,
      username: users.username,
      displayName: users.displayName,
      locale: users.locale,
      disabled: users.disabled,
      agencyId: users.agencyId,
      facilityId: users.facilityId,
      grants,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), gt(sessions.expiresAt, bounds.now), gt(sessions.lastSeenAt, bounds.idleCutoff)));
  if (!row || row.disabled) return undefined;
  const raw: RawGrant[] = typeof row.grants === 'string' ? (JSON.parse(row.grants) as RawGrant[]) : (row.grants ?? []);
  return {
    lastSeenAt: row.lastSeenAt,
    expiresAt: row.expiresAt,
    principal: {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      locale: row.locale,
      // a role id no longer defined in rights.ts grants nothing (as in grantsOf)
      grants: raw.flatMap((g) => (isRoleId(g.role) ? [{ ...g, role: g.role }] : [])),
      agencyId: row.agencyId,
      facilityId: row.facilityId,
    },
  };
}

interface RawGrant {
  role: string;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionPath: string;
}

/** The names of some agencies by id (for the users' agency). */
export async function agencyNames(db: Executor, ids: (string | null)[]): Promise<Map<string, { name: string; nameEn: string }>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: agencies.id, name: agencies.name, nameEn: agencies.nameEn })
    .from(agencies)
    .where(inArray(agencies.id, wanted));
  return new Map(rows.map((r) => [r.id, { name: r.name, nameEn: r.nameEn }]));
}

/** The names of some facilities by id (for the users' facility). */
export async function facilityNames(db: Executor, ids: (string | null)[]): Promise<Map<string, { name: string; nameEn: string }>> {
  const wanted = [...new Set(ids.filter((id): id is string => Boolean(id)))];
  if (wanted.length === 0) return new Map();
  const rows = await db
    .select({ id: facilities.id, name: facilities.name, nameEn: facilities.nameEn })
    .from(facilities)
    .where(inArray(facilities.id, wanted));
  return new Map(rows.map((r) => [r.id, { name: r.name, nameEn: r.nameEn }]));
}

/** Presents a users row with its roles (and its agency's and facility's names, when given). */
export function toUserView(
  row: UserRow,
  grants: RoleGrant[],
  agency?: { name: string; nameEn: string } | null,
  facility?: { name: string; nameEn: string } | null,
): UserView {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    locale: row.locale,
    disabled: row.disabled,
    lockedUntil: row.lockedUntil && row.lockedUntil > new Date() ? row.lockedUntil.toISOString() : null,
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    roles: grants.map((g) => ({ role: g.role, jurisdictionId: g.jurisdictionId, jurisdictionName: g.jurisdictionName })),
    agencyId: row.agencyId,
    agencyName: agency?.name ?? null,
    agencyNameEn: agency?.nameEn ?? null,
    facilityId: row.facilityId,
    facilityName: facility?.name ?? null,
    facilityNameEn: facility?.nameEn ?? null,
  };
}

/** SQL: the user holds a role within the scope, or holds no role at all (so that no account is orphaned). */
function userInScope(scope: Scope) {
  return or(
    sql`EXISTS (SELECT 1 FROM ${userRoles} WHERE ${userRoles.userId} = ${users.id} AND ${inScope(scope, userRoles.jurisdictionId)})`,
    sql`NOT EXISTS (SELECT 1 FROM ${userRoles} WHERE ${userRoles.userId} = ${users.id})`,
  )!;
}

/** One user by id, unscoped (after a scoped check, or for trusted callers). */
export async function findUserView(db: Executor, id: string): Promise<UserView | undefined> {
  const row = await findUserById(db, id);
  if (!row) return undefined;
  return toUserView(
    row,
    (await grantsOf(db, [row.id])).get(row.id) ?? [],
    (await agencyNames(db, [row.agencyId])).get(row.agencyId ?? ''),
    (await facilityNames(db, [row.facilityId])).get(row.facilityId ?? ''),
  );
}

/** One user by id within the scope. */
export async function findUserInScope(db: Executor, scope: Scope, id: string): Promise<UserView | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, id), userInScope(scope)));
  if (!row) return undefined;
  return toUserView(
    row,
    (await grantsOf(db, [row.id])).get(row.id) ?? [],
    (await agencyNames(db, [row.agencyId])).get(row.agencyId ?? ''),
    (await facilityNames(db, [row.facilityId])).get(row.facilityId ?? ''),
  );
}

/** A page of users within the scope, optionally filtered by a username / display-name fragment. */
export async function listUsers(
  db: Executor,
  scope: Scope,
  query: { q?: string; page: number; pageSize: number },
): Promise<{ items: UserView[]; total: number }> {
  const conditions = [userInScope(scope)];
  if (query.q) {
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(users.username, pattern), ilike(users.displayName, pattern))!);
  }
  const where = and(...conditions);
  const [{ total }] = (await db.select({ total: count() }).from(users).where(where)) as [{ total: number }];
  const rows = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(asc(users.username))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const grants = await grantsOf(
    db,
    rows.map((r) => r.id),
  );
  const names = await agencyNames(
    db,
    rows.map((r) => r.agencyId),
  );
  const facilityNamesById = await facilityNames(
    db,
    rows.map((r) => r.facilityId),
  );
  return {
    items: rows.map((r) => toUserView(r, grants.get(r.id) ?? [], names.get(r.agencyId ?? ''), facilityNamesById.get(r.facilityId ?? ''))),
    total: Number(total),
  };
}

/** Jurisdictions by id with their paths (to check role assignments). */
export async function jurisdictionPaths(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: jurisdictions.id, path: jurisdictions.path })
    .from(jurisdictions)
    .where(inArray(jurisdictions.id, ids));
  return new Map(rows.map((r) => [r.id, r.path]));
}

/** A jurisdiction's id by its administrative code (for the command line). */
export async function findJurisdictionIdByCode(db: Executor, code: string): Promise<string | undefined> {
  const [row] = await db.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.code, code));
  return row?.id;
}

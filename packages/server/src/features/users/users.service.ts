/**
 * Users and their roles: creation (also used by the demo seeder), changes, password resets.
 * Authorisation comes first in each HTTP-facing function; `createUser` is the trusted building block that
 * the seeder and `outbreak user add` call inside their own transaction.
 */
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database, Tx } from '../../platform/db/database.ts';
import { loginThrottle, sessions, userRoles, users } from '../../platform/db/platform.tables.ts';
import { agencies, facilities } from '../registry/index.ts';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { inScope, type Principal, type Scope, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import { facilityBoundRights, isRoleId, ROLE_IDS } from '../../platform/auth/rights.ts';
import { hashPassword, passwordPolicyIssues } from '../../platform/auth/password.ts';
import { conflict, type FieldIssue, notFound, validationFailed } from '../../platform/errors.ts';
import { findUserByUsername, findUserInScope, findUserView, jurisdictionPaths, listUsers, type UserView } from './users.store.ts';

/** Usernames: 3–64 characters, lower-case letters, digits, '.', '_' and '-', starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;

/** A role to grant: role id and the jurisdiction whose subtree it covers. */
export interface RoleInput {
  role: string;
  jurisdictionId: string;
}

/** What `createUser` needs. The password is plain text here and hashed before storage. */
export interface CreateUserInput {
  username: string;
  displayName: string;
  password: string;
  roles: RoleInput[];
  locale?: 'zh-CN' | 'en';
  /** the agency the user works for (must exist) */
  agencyId?: string | null;
  /** the facility the user reports for (must exist; required with a facility-bound role) */
  facilityId?: string | null;
}

/** Who asks, for the audit record. */
export interface ActionContext {
  actor: AuditActor | null;
  ip?: string | null;
}

/** Audit form of a user: no password hash, ever. */
function auditView(view: UserView) {
  return { ...view, lastLoginAt: undefined, lockedUntil: undefined };
}

async function checkRoles(tx: Tx, roles: RoleInput[], scope: Scope | null): Promise<FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const paths = await jurisdictionPaths(
    tx,
    roles.map((r) => r.jurisdictionId),
  );
  const seen = new Set<string>();
  roles.forEach((r, i) => {
    if (!isRoleId(r.role)) issues.push({ path: `roles.${i}.role`, message: `unknown role; one of ${ROLE_IDS.join(', ')}` });
    const path = paths.get(r.jurisdictionId);
    // Outside the administrator's subtree reads the same as non-existent.
    if (!path || (scope && !pathInScope(scope, path))) {
      issues.push({ path: `roles.${i}.jurisdictionId`, message: 'no such jurisdiction' });
    }
    const key = `${r.role}|${r.jurisdictionId}`;
    if (seen.has(key)) issues.push({ path: `roles.${i}`, message: 'the same role is given twice for this jurisdiction' });
    seen.add(key);
  });
  return issues;
}

/** The agency given for a user exists (an unknown id is a 400 naming `agencyId`, not a foreign-key error). */
async function checkAgency(tx: Tx, agencyId: string | null | undefined): Promise<FieldIssue[]> {
  if (!agencyId) return [];
  const [row] = await tx.select({ id: agencies.id }).from(agencies).where(eq(agencies.id, agencyId));
  return row ? [] : [{ path: 'agencyId', message: 'Unknown agency' }];
}

/** The facility given for a user exists (an unknown id is a 400 naming `facilityId`). */
async function checkFacility(tx: Tx, facilityId: string | null | undefined): Promise<FieldIssue[]> {
  if (!facilityId) return [];
  const [row] = await tx.select({ id: facilities.id }).from(facilities).where(eq(facilities.id, facilityId));
  return row ? [] : [{ path: 'facilityId', message: 'Unknown facility' }];
}

/**
 * A facility-bound role (a hospital reporter) needs the facility it reports for: without one the role's case
 * rights would cover nothing, and an account that looks set up but sees no report helps no one.
 */
function facilityRequiredIssues(roles: string[], facilityId: string | null | undefined): FieldIssue[] {
  const bound = roles.filter((r) => isRoleId(r) && facilityBoundRights(r).length > 0);
  if (bound.length === 0 || facilityId) return [];
  return [{ path: 'facilityId', message: `required for the role ${bound[0]}: the facility whose case reports the user files and sees` }];
}

/**
 * Creates a user with roles inside the caller's transaction, hashing the password and writing the audit
 * record. Validates everything first (username, password policy, roles, jurisdictions) and throws
 * `validation_failed` naming each field, or `conflict` for a taken username. `scope`, when given, limits the
 * jurisdictions the roles may be granted in (an administrator grants only within their subtree).
 *
 * @example
 * await database.db.transaction((tx) =>
 *   createUser(tx, { username: 'epi', displayName: '李医生', password: 'Demo-Pass-2024', roles: [{ role: 'epidemiologist', jurisdictionId }] },
 *     { actor: null }));
 */
export async function createUser(tx: Tx, input: CreateUserInput, context: ActionContext, scope: Scope | null = null): Promise<UserView> {
  const username = input.username.trim().toLowerCase();
  const issues: FieldIssue[] = [];
  if (!USERNAME_PATTERN.test(username)) {
    issues.push({
      path: 'username',
      message: '3–64 characters: lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
    });
  }
  if (!input.displayName.trim()) issues.push({ path: 'displayName', message: 'must not be empty' });
  issues.push(...passwordPolicyIssues(input.password, username));
  issues.push(...(await checkRoles(tx, input.roles, scope)));
  issues.push(...(await checkAgency(tx, input.agencyId)));
  issues.push(...(await checkFacility(tx, input.facilityId)));
  issues.push(
    ...facilityRequiredIssues(
      input.roles.map((r) => r.role),
      input.facilityId,
    ),
  );
  if (issues.length > 0) throw validationFailed(issues);
  if (await findUserByUsername(tx, username)) {
    throw conflict('already_exists', 'This username is taken', [{ path: 'username', message: 'already taken' }]);
  }
  const passwordHash = await hashPassword(input.password);
  const [row] = await tx
    .insert(users)
    .values({
      username,
      displayName: input.displayName.trim(),
      passwordHash,
      locale: input.locale ?? 'zh-CN',
      agencyId: input.agencyId ?? null,
      facilityId: input.facilityId ?? null,
    })
    .returning();
  if (input.roles.length > 0) {
    await tx.insert(userRoles).values(input.roles.map((r) => ({ userId: row!.id, ...r })));
  }
  const view = (await findUserView(tx, row!.id))!;
  await audit(tx, {
    actor: context.actor,
    ip: context.ip,
    action: 'create',
    entityType: 'user',
    entityId: row!.id,
    after: auditView(view),
  });
  return view;
}

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });

/** Lists users within the administrator's scope. */
export async function listUsersFor(database: Database, principal: Principal, query: { q?: string; page: number; pageSize: number }) {
  const scope = scopeFor(principal, 'users.manage');
  return listUsers(database.db, scope, query);
}

/** Creates a user as an administrator: roles only within the administrator's subtree. */
export async function createUserAs(database: Database, principal: Principal, input: CreateUserInput, ip: string | null): Promise<UserView> {
  const scope = scopeFor(principal, 'users.manage');
  return database.db.transaction((tx) => createUser(tx, input, { actor: actorOf(principal), ip }, scope));
}

/** A change to a user; absent fields stay. `roles` replaces the whole set. */
export interface UpdateUserInput {
  displayName?: string;
  disabled?: boolean;
  locale?: 'zh-CN' | 'en';
  roles?: RoleInput[];
  /** the agency the user works for; null: none */
  agencyId?: string | null;
  /** the facility the user reports for; null: none (refused while they hold a facility-bound role) */
  facilityId?: string | null;
}

/**
 * Changes a user's display name, disabled flag, language or roles, as an administrator. `roles` replaces the
 * roles inside the administrator's subtree (others stay). Disabling ends the user's sessions at once; an
 * administrator cannot disable themselves or drop their own administrator role (no one could then undo it).
 */
export async function updateUserAs(
  database: Database,
  principal: Principal,
  id: string,
  input: UpdateUserInput,
  ip: string | null,
): Promise<UserView> {
  const scope = scopeFor(principal, 'users.manage');
  return database.db.transaction(async (tx) => {
    const before = await findUserInScope(tx, scope, id);
    if (!before) throw notFound('user');
    const issues: FieldIssue[] = [];
    if (input.displayName !== undefined && !input.displayName.trim()) {
      issues.push({ path: 'displayName', message: 'must not be empty' });
    }
    if (input.roles) issues.push(...(await checkRoles(tx, input.roles, scope)));
    issues.push(...(await checkAgency(tx, input.agencyId)));
    issues.push(...(await checkFacility(tx, input.facilityId)));
    if (id === principal.id && input.disabled === true) {
      issues.push({ path: 'disabled', message: 'you cannot disable your own account' });
    }
    if (id === principal.id && input.roles && !input.roles.some((r) => r.role === 'system_admin')) {
      issues.push({ path: 'roles', message: 'you cannot remove your own administrator role' });
    }
    if (issues.length > 0) throw validationFailed(issues);
    await tx
      .update(users)
      .set({
        ...(input.displayName !== undefined ? { displayName: input.displayName.trim() } : {}),
        ...(input.disabled !== undefined ? { disabled: input.disabled } : {}),
        ...(input.locale !== undefined ? { locale: input.locale } : {}),
        ...(input.agencyId !== undefined ? { agencyId: input.agencyId } : {}),
        ...(input.facilityId !== undefined ? { facilityId: input.facilityId } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, id));
    if (input.roles) {
      // Only the roles inside the administrator's subtree are replaced: a township administrator editing a
      // user must not strip the roles another township (or the district) gave them.
      await tx.delete(userRoles).where(and(eq(userRoles.userId, id), inScope(scope, userRoles.jurisdictionId)));
      if (input.roles.length > 0) {
        await tx
          .insert(userRoles)
          .values(input.roles.map((r) => ({ userId: id, ...r })))
          .onConflictDoNothing();
      }
    }
    if (input.disabled === true) await tx.delete(sessions).where(eq(sessions.userId, id));
    const after = (await findUserView(tx, id))!;
    // checked on the result (roles granted elsewhere stay): throwing here rolls the change back
    const facilityIssues = facilityRequiredIssues(
      after.roles.map((r) => r.role),
      after.facilityId,
    );
    if (facilityIssues.length > 0) throw validationFailed(facilityIssues);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'user',
      entityId: id,
      before: auditView(before),
      after: auditView(after),
    });
    return after;
  });
}

/**
 * Sets a new password for a user, as an administrator: the policy applies, the lockout is cleared, and the
 * user's sessions end (whoever held them must sign in with the new password).
 */
export async function resetPasswordAs(
  database: Database,
  principal: Principal,
  id: string,
  password: string,
  ip: string | null,
): Promise<void> {
  const scope = scopeFor(principal, 'users.manage');
  await database.db.transaction(async (tx) => {
    const target = await findUserInScope(tx, scope, id);
    if (!target) throw notFound('user');
    const issues = passwordPolicyIssues(password, target.username);
    if (issues.length > 0) throw validationFailed(issues);
    await setPassword(tx, id, password);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'reset_password',
      entityType: 'user',
      entityId: id,
    });
  });
}

/**
 * Stores a new password hash, clears the lockout and ends the user's sessions (same transaction), except
 * `keepSessionId` (the session of a user changing their own password).
 */
export async function setPassword(
  tx: Tx,
  userId: string,
  password: string,
  options: { keepSessionId?: string | null } = {},
): Promise<void> {
  const passwordHash = await hashPassword(password);
  await tx
    .update(users)
    .set({ passwordHash, passwordChangedAt: new Date(), failedLogins: 0, lockedUntil: null, updatedAt: new Date() })
    .where(eq(users.id, userId));
  // a reset is also how an administrator lifts a sign-in lock (from every address)
  await tx
    .delete(loginThrottle)
    .where(sql`${loginThrottle.username} = (SELECT ${users.username} FROM ${users} WHERE ${users.id} = ${userId})`);
  await tx
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), options.keepSessionId ? ne(sessions.id, options.keepSessionId) : undefined));
}

/**
 * Resets a password by username as the system (the `outbreak user reset-password` recovery path, for an
 * operator with access to the server). Returns false when there is no such user.
 */
export async function resetPasswordTrusted(database: Database, username: string, password: string): Promise<boolean> {
  const normalised = username.trim().toLowerCase();
  return database.db.transaction(async (tx) => {
    const user = await findUserByUsername(tx, normalised);
    if (!user) return false;
    const issues = passwordPolicyIssues(password, user.username);
    if (issues.length > 0) throw validationFailed(issues);
    await setPassword(tx, user.id, password);
    await audit(tx, { actor: null, action: 'reset_password', entityType: 'user', entityId: user.id, after: { via: 'cli' } });
    return true;
  });
}

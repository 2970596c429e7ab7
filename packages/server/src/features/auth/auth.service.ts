/**
 * Sign-in, sign-out and password change.
 *
 * Defences (GB/T 22239 level 3 identification and authentication):
 * - rate limit: at most `loginRateLimit` failed attempts per IP + username within `loginRateWindowMinutes`
 *   (429 with Retry-After), which slows guessing without locking the owner out from their own machine;
 * - lockout: `loginMaxFailures` consecutive failures lock the account for `loginLockoutMinutes` (423);
 * - the same 401 for an unknown user, a disabled one and a wrong password, with the same argon2 cost;
 * - a new session id at every sign-in (the old one, if any, is deleted: no session fixation).
 */
import { and, count, eq, gt } from 'drizzle-orm';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { loginAttempts, sessions, users } from '../../platform/db/platform.tables.ts';
import { audit } from '../../platform/audit/audit.ts';
import { verifyDecoy, verifyPassword, passwordPolicyIssues } from '../../platform/auth/password.ts';
import { createSession, deleteSession } from '../../platform/auth/sessions.ts';
import { rightsOfRoles } from '../../platform/auth/rights.ts';
import type { Principal } from '../../platform/auth/scope.ts';
import { accountLocked, rateLimited, unauthenticated, validationFailed } from '../../platform/errors.ts';
import { findUserById, findUserByUsername, loadPrincipal } from '../users/users.store.ts';
import { setPassword } from '../users/users.service.ts';

/** The signed-in user as the web app sees it (docs/api-contract.md `Me`). */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  locale: 'zh-CN' | 'en';
  roles: { role: string; jurisdictionId: string; jurisdictionName: string }[];
  rights: string[];
}

/** Presents a principal. */
export function toMe(p: Principal): Me {
  return {
    id: p.id,
    username: p.username,
    displayName: p.displayName,
    locale: p.locale,
    roles: p.grants.map((g) => ({ role: g.role, jurisdictionId: g.jurisdictionId, jurisdictionName: g.jurisdictionName })),
    rights: rightsOfRoles(p.grants.map((g) => g.role)),
  };
}

export interface LoginRequest {
  username: string;
  password: string;
  ip: string;
  userAgent?: string;
  /** the session being replaced, if the browser had one */
  previousSessionId?: string | null;
  now?: Date;
}

/** Signs in; returns the new session's token and the user. Throws 401, 423 or 429 as documented above. */
export async function login(
  database: Database,
  config: Config,
  request: LoginRequest,
): Promise<{ token: string; expiresAt: Date; me: Me }> {
  const now = request.now ?? new Date();
  const username = request.username.trim().toLowerCase();
  const { db } = database;

  const windowStart = new Date(now.getTime() - config.loginRateWindowMinutes * 60_000);
  const [recent] = await db
    .select({ failures: count() })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.username, username),
        eq(loginAttempts.ip, request.ip),
        eq(loginAttempts.success, false),
        gt(loginAttempts.at, windowStart),
      ),
    );
  if (Number(recent?.failures ?? 0) >= config.loginRateLimit) {
    throw rateLimited(config.loginRateWindowMinutes * 60);
  }

  const user = await findUserByUsername(db, username);
  const fail = async (reason: string, userId: string | null) => {
    await db.transaction(async (tx) => {
      await tx.insert(loginAttempts).values({ username, ip: request.ip, at: now, success: false });
      // Nobody proved who they are: the actor is unknown; the account tried (if it exists) is the entity.
      await audit(tx, {
        actor: null,
        action: 'login_failed',
        entityType: 'user',
        entityId: userId,
        after: { username, reason },
        ip: request.ip,
      });
    });
  };

  if (!user || user.disabled) {
    await verifyDecoy(request.password);
    await fail(user ? 'disabled' : 'unknown_user', user?.id ?? null);
    throw unauthenticated('Wrong username or password');
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await fail('locked', user.id);
    throw accountLocked(user.lockedUntil);
  }
  if (!(await verifyPassword(user.passwordHash, request.password))) {
    const failures = user.failedLogins + 1;
    const lock = failures >= config.loginMaxFailures;
    await db
      .update(users)
      .set({
        failedLogins: lock ? 0 : failures,
        lockedUntil: lock ? new Date(now.getTime() + config.loginLockoutMinutes * 60_000) : user.lockedUntil,
      })
      .where(eq(users.id, user.id));
    await fail(lock ? 'wrong_password_locked' : 'wrong_password', user.id);
    throw unauthenticated('Wrong username or password');
  }

  const session = await db.transaction(async (tx) => {
    if (request.previousSessionId) await deleteSession(tx, request.previousSessionId);
    await tx
      .update(users)
      .set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now })
      .where(eq(users.id, user.id));
    await tx.insert(loginAttempts).values({ username, ip: request.ip, at: now, success: true });
    const created = await createSession(tx, user.id, { config, ip: request.ip, userAgent: request.userAgent, now });
    await audit(tx, {
      actor: { id: user.id, username: user.username },
      action: 'login',
      entityType: 'session',
      entityId: null,
      ip: request.ip,
    });
    return created;
  });
  const principal = await loadPrincipal(db, user.id);
  if (!principal) throw unauthenticated('Wrong username or password');
  return { token: session.token, expiresAt: session.expiresAt, me: toMe(principal) };
}

/** Ends the session (and records it). */
export async function logout(database: Database, principal: Principal | null, sessionId: string | null, ip: string) {
  if (!sessionId) return;
  await database.db.transaction(async (tx) => {
    await tx.delete(sessions).where(eq(sessions.id, sessionId));
    if (principal) {
      await audit(tx, { actor: { id: principal.id, username: principal.username }, action: 'logout', entityType: 'session', ip });
    }
  });
}

/**
 * Changes the signed-in user's own password: the current one must be right, the new one must meet the policy
 * and differ. Other sessions end; the current one stays.
 */
export async function changeOwnPassword(
  database: Database,
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
  sessionId: string | null,
  ip: string,
): Promise<void> {
  const user = await findUserById(database.db, principal.id);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw validationFailed([{ path: 'currentPassword', message: 'is not your current password' }]);
  }
  const issues = passwordPolicyIssues(input.newPassword, user.username, 'newPassword');
  if (input.newPassword === input.currentPassword) issues.push({ path: 'newPassword', message: 'must differ from the current password' });
  if (issues.length > 0) throw validationFailed(issues);
  await database.db.transaction(async (tx) => {
    await setPassword(tx, user.id, input.newPassword, { keepSessionId: sessionId });
    await audit(tx, { actor: { id: user.id, username: user.username }, action: 'change_password', entityType: 'user', entityId: user.id, ip });
  });
}

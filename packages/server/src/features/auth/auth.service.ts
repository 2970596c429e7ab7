/**
 * Sign-in, sign-out and password change.
 *
 * Defences (GB/T 22239 level 3 identification and authentication):
 * - rate limit: at most `loginRateLimit` failed attempts per IP + username within `loginRateWindowMinutes`
 *   (429 with Retry-After), which slows guessing without locking the owner out from their own machine;
 * - lockout per username AND client address (table login_throttle): each attempt is counted under a row lock
 *   before its password is checked, so parallel guesses cannot outrun the count; `loginMaxFailures` failures
 *   lock that pair for `loginLockoutMinutes`, doubled at each further lock (423). Another address (the owner's)
 *   is not locked out, so locking `admin` is no free denial of service; wrong guesses of the current password
 *   at /api/auth/password count in the same pair;
 * - the same answers (401, then 423) for an unknown user, a disabled one and a wrong password, with the same
 *   argon2 cost: unknown usernames are counted and locked like real ones;
 * - a new session id at every sign-in (the old one, if any, is deleted: no session fixation).
 */
import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { Config } from '../../platform/config.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { loginAttempts, loginThrottle, sessions, users } from '../../platform/db/platform.tables.ts';
import { audit } from '../../platform/audit/audit.ts';
import { verifyDecoy, verifyPassword, passwordPolicyIssues } from '../../platform/auth/password.ts';
import { createSession, deleteSession } from '../../platform/auth/sessions.ts';
import { rightsOfRoles } from '../../platform/auth/rights.ts';
import type { Principal } from '../../platform/auth/scope.ts';
import { accountLocked, type FieldIssue, rateLimited, unauthenticated, validationFailed } from '../../platform/errors.ts';
import { findUserById, findUserByUsername, loadPrincipal } from '../users/index.ts';
import { setPassword } from '../users/index.ts';

/** The longest lock, however many locks came before (growing delays stop here). */
const MAX_LOCK_MINUTES = 24 * 60;

/** How long the n-th consecutive lock (n ≥ 1) lasts: the configured minutes, doubled at each further lock. */
export function lockMinutes(config: Pick<Config, 'loginLockoutMinutes'>, nthLock: number): number {
  return Math.min(MAX_LOCK_MINUTES, config.loginLockoutMinutes * 2 ** Math.min(Math.max(nthLock - 1, 0), 16));
}

type ThrottleKey = { username: string; ip: string };

/**
 * Counts one attempt for (username, address) BEFORE its password is checked, under a row lock (the same on
 * PGlite and PostgreSQL): returns the lock's end when the pair is locked or has spent its attempts (then it
 * locks it), else null and the attempt may be checked. Parallel requests queue on the row, so at most
 * `loginMaxFailures` passwords are ever checked per lock period.
 */
export async function reserveAttempt(database: Database, config: Config, key: ThrottleKey, now: Date): Promise<Date | null> {
  return database.db.transaction(async (tx) => {
    await tx
      .insert(loginThrottle)
      .values({ ...key, updatedAt: now })
      .onConflictDoNothing();
    const [row] = await tx
      .select()
      .from(loginThrottle)
      .where(and(eq(loginThrottle.username, key.username), eq(loginThrottle.ip, key.ip)))
      .for('update');
    if (!row) throw new Error('login_throttle row vanished under its lock');
    if (row.lockedUntil && row.lockedUntil > now) return row.lockedUntil;
    // a lock that has run out starts a fresh count (its number stays, so the next lock is longer)
    const failures = row.lockedUntil ? 0 : row.failures;
    if (failures >= config.loginMaxFailures) return lockPair(tx, config, key, row.lockouts, now);
    await tx
      .update(loginThrottle)
      .set({ failures: failures + 1, lockedUntil: null, updatedAt: now })
      .where(throttleRow(key));
    return null;
  });
}

const throttleRow = (key: ThrottleKey) => and(eq(loginThrottle.username, key.username), eq(loginThrottle.ip, key.ip));

async function lockPair(tx: Executor, config: Config, key: ThrottleKey, lockouts: number, now: Date): Promise<Date> {
  const until = new Date(now.getTime() + lockMinutes(config, lockouts + 1) * 60_000);
  await tx
    .update(loginThrottle)
    .set({ failures: 0, lockouts: lockouts + 1, lockedUntil: until, updatedAt: now })
    .where(throttleRow(key));
  // shown to administrators in the user list ("locked from some address until"); sign-in does not read it
  // (the instant goes in as text: postgres-js cannot bind a Date inside a raw sql fragment)
  await tx
    .update(users)
    .set({ lockedUntil: until })
    .where(and(eq(users.username, key.username), sql`coalesce(${users.lockedUntil}, '-infinity') < ${until.toISOString()}::timestamptz`));
  return until;
}

/** After a wrong password: locks the pair once its attempts are spent (the attempt itself was counted before). */
async function settleFailure(tx: Executor, config: Config, key: ThrottleKey, now: Date): Promise<boolean> {
  const [row] = await tx.select().from(loginThrottle).where(throttleRow(key)).for('update');
  if (!row || (row.lockedUntil && row.lockedUntil > now)) return Boolean(row);
  if (row.failures < config.loginMaxFailures) return false;
  await lockPair(tx, config, key, row.lockouts, now);
  return true;
}

/** After a success: the pair starts afresh (count and lock history). */
async function clearPair(tx: Executor, key: ThrottleKey): Promise<void> {
  await tx.delete(loginThrottle).where(throttleRow(key));
}

/** The signed-in user as the web app sees it (docs/api-contract.md `Me`). */
export interface Me {
  id: string;
  username: string;
  displayName: string;
  locale: 'zh-CN' | 'en';
  roles: { role: string; jurisdictionId: string; jurisdictionName: string }[];
  rights: string[];
  /** the facility the user reports for (the case form prefills its reporting unit with it) */
  facilityId: string | null;
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
    facilityId: p.facilityId ?? null,
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

  const key = { username, ip: request.ip };
  const lockedUntil = await reserveAttempt(database, config, key, now);
  const user = await findUserByUsername(db, username);
  const fail = async (reason: string, userId: string | null) => {
    await db.transaction(async (tx) => {
      await tx.insert(loginAttempts).values({ username, ip: request.ip, at: now, success: false });
      const locked = reason === 'locked' ? false : await settleFailure(tx, config, key, now);
      // Nobody proved who they are: the actor is unknown; the account tried (if it exists) is the entity.
      await audit(tx, {
        actor: null,
        action: 'login_failed',
        entityType: 'user',
        entityId: userId,
        after: { username, reason: locked ? `${reason}_locked` : reason },
        ip: request.ip,
      });
    });
  };

  // Locked: the same answer whether the account exists or not, and no password is checked.
  if (lockedUntil) {
    await fail('locked', user?.id ?? null);
    throw accountLocked(lockedUntil);
  }
  if (!user || user.disabled) {
    await verifyDecoy(request.password);
    await fail(user ? 'disabled' : 'unknown_user', user?.id ?? null);
    throw unauthenticated('Wrong username or password');
  }
  if (!(await verifyPassword(user.passwordHash, request.password))) {
    await fail('wrong_password', user.id);
    throw unauthenticated('Wrong username or password');
  }

  const session = await db.transaction(async (tx) => {
    if (request.previousSessionId) await deleteSession(tx, request.previousSessionId);
    // the throttle row before the user row, in the order lockPair takes them (no deadlock between the two)
    await clearPair(tx, key);
    await tx.update(users).set({ failedLogins: 0, lockedUntil: null, lastLoginAt: now }).where(eq(users.id, user.id));
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
  config: Config,
  principal: Principal,
  input: { currentPassword: string; newPassword: string },
  sessionId: string | null,
  ip: string,
): Promise<void> {
  const user = await findUserById(database.db, principal.id);
  if (!user) throw unauthenticated();
  // A stolen session must not become a free password-guessing oracle: the same count as sign-in.
  const key = { username: user.username, ip };
  const now = new Date();
  const lockedUntil = await reserveAttempt(database, config, key, now);
  if (lockedUntil) throw rateLimited(Math.max(1, Math.ceil((lockedUntil.getTime() - now.getTime()) / 1000)));
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await database.db.transaction(async (tx) => {
      const locked = await settleFailure(tx, config, key, now);
      await audit(tx, {
        actor: { id: user.id, username: user.username },
        action: 'change_password_failed',
        entityType: 'user',
        entityId: user.id,
        after: { reason: locked ? 'wrong_password_locked' : 'wrong_password' },
        ip,
      });
    });
    throw validationFailed([{ path: 'currentPassword', message: 'is not your current password' }]);
  }
  await database.db.transaction((tx) => clearPair(tx, key));
  const issues: FieldIssue[] = passwordPolicyIssues(input.newPassword, user.username, 'newPassword');
  if (input.newPassword === input.currentPassword) issues.push({ path: 'newPassword', message: 'must differ from the current password' });
  if (issues.length > 0) throw validationFailed(issues);
  await database.db.transaction(async (tx) => {
    await setPassword(tx, user.id, input.newPassword, { keepSessionId: sessionId });
    await audit(tx, {
      actor: { id: user.id, username: user.username },
      action: 'change_password',
      entityType: 'user',
      entityId: user.id,
      ip,
    });
  });
}

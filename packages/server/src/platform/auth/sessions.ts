/**
 * Server-side sessions. The cookie `oc_session` holds a random token; the database keeps only its sha256, so
 * a copy of the sessions table opens nothing. A session ends after `sessionIdleMinutes` without a request or
 * `sessionMaxHours` after sign-in, whichever comes first (GB/T 22239 level 3: session timeout).
 *
 * @example
 * const { token } = await createSession(db, userId, { config, ip, userAgent });
 * const session = await findActiveSession(db, token, config); // { id, userId } | undefined
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, or } from 'drizzle-orm';
import type { Executor } from '../db/database.ts';
import { loginAttempts, loginThrottle, sessions } from '../db/platform.tables.ts';
import type { Config } from '../config.ts';

export const SESSION_COOKIE = 'oc_session';
// Refreshing last_seen_at on every request would write on every read; once a minute is precise enough.
const TOUCH_INTERVAL_MS = 60_000;

/** The stored id of a cookie token. */
export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Starts a session; returns the cookie token (shown to the client once) and the stored id. */
export async function createSession(
  db: Executor,
  userId: string,
  options: { config: Pick<Config, 'sessionMaxHours'>; ip?: string; userAgent?: string; now?: Date },
): Promise<{ token: string; id: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const id = sessionIdOf(token);
  const now = options.now ?? new Date();
  const expiresAt = new Date(now.getTime() + options.config.sessionMaxHours * 3_600_000);
  await db.insert(sessions).values({
    id,
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt,
    ip: options.ip ?? null,
    userAgent: options.userAgent?.slice(0, 500) ?? null,
  });
  return { token, id, expiresAt };
}

/** The bounds a live session lies within at `now`: it expires after `now` and was last seen after `idleCutoff`. */
export interface SessionBounds {
  now: Date;
  idleCutoff: Date;
}

/** The bounds of a live session at `now` under the configured idle timeout. */
export function sessionBounds(config: Pick<Config, 'sessionIdleMinutes'>, now: Date = new Date()): SessionBounds {
  return { now, idleCutoff: new Date(now.getTime() - config.sessionIdleMinutes * 60_000) };
}

/**
 * Refreshes a live session's idle clock, at most once a minute (`lastSeenAt`: as read with the session); returns
 * the clock as it now stands.
 */
export async function touchSession(db: Executor, id: string, lastSeenAt: Date, now: Date): Promise<Date> {
  if (now.getTime() - lastSeenAt.getTime() <= TOUCH_INTERVAL_MS) return lastSeenAt;
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  return now;
}

/** The live session for a cookie token, refreshing its idle clock; undefined when unknown or expired. */
export async function findActiveSession(
  db: Executor,
  token: string,
  config: Pick<Config, 'sessionIdleMinutes'>,
  now: Date = new Date(),
): Promise<{ id: string; userId: string } | undefined> {
  const id = sessionIdOf(token);
  const { idleCutoff } = sessionBounds(config, now);
  const [row] = await db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleCutoff)));
  if (!row) return undefined;
  await touchSession(db, id, row.lastSeenAt, now);
  return { id: row.id, userId: row.userId };
}

/** Ends one session. */
export async function deleteSession(db: Executor, id: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, id));
}

/** Deletes expired and idle sessions; returns how many. */
export async function purgeExpiredSessions(
  db: Executor,
  config: Pick<Config, 'sessionIdleMinutes'>,
  now: Date = new Date(),
): Promise<number> {
  const idleCutoff = new Date(now.getTime() - config.sessionIdleMinutes * 60_000);
  const gone = await db
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, now), lt(sessions.lastSeenAt, idleCutoff)))
    .returning({ id: sessions.id });
  return gone.length;
}

/**
 * How long sign-in attempts are kept: a year, beyond the 6 months GB/T 22239 level 3 asks of security records
 * (the rate limit itself needs only minutes).
 */
export const LOGIN_ATTEMPT_RETENTION_DAYS = 365;

/** Deletes sign-in attempts older than the retention; returns how many. */
export async function purgeOldLoginAttempts(db: Executor, now: Date = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - LOGIN_ATTEMPT_RETENTION_DAYS * 86_400_000);
  const gone = await db.delete(loginAttempts).where(lt(loginAttempts.at, cutoff)).returning({ id: loginAttempts.id });
  // throttle rows untouched for a month (guessed usernames pile up there); their locks have long run out
  await db.delete(loginThrottle).where(lt(loginThrottle.updatedAt, new Date(now.getTime() - 30 * 86_400_000)));
  return gone.length;
}

/**
 * Whether a session (by stored id) is still live, without refreshing its idle clock: the live event stream
 * asks before each delivery, so that a stream never outlives its session (expired, signed out, or ended).
 */
export async function isSessionActive(
  db: Executor,
  id: string,
  config: Pick<Config, 'sessionIdleMinutes'>,
  now: Date = new Date(),
): Promise<boolean> {
  const idleCutoff = new Date(now.getTime() - config.sessionIdleMinutes * 60_000);
  const [row] = await db
    .select({ id: sessions.id })
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now), gt(sessions.lastSeenAt, idleCutoff)));
  return row !== undefined;
}

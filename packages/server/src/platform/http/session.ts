/**
 * Loads the signed-in principal from the session cookie for every /api request (or null).
 * An unknown or expired cookie is cleared, so the browser stops sending it.
 *
 * The session and its user's principal come in one statement (`SessionPrincipalLoader`): this runs before every
 * API request, and under load (issue 11: 50 clients on the case list) three round trips per request — the
 * session, the user, the roles — were a good part of the server's work for a page that itself needs one or two.
 */
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { Principal } from '../auth/scope.ts';
import { SESSION_COOKIE, type SessionBounds, sessionBounds, sessionIdOf, touchSession } from '../auth/sessions.ts';
import type { Executor } from '../db/database.ts';
import type { AppEnv } from './context.ts';

/**
 * Reads a live session (by its stored id, within `bounds`) with its user's principal (roles and rights);
 * undefined when the session is unknown, expired or idle, or its user may not sign in. The users feature owns
 * it and the composition root passes it in, so that the platform imports no feature.
 */
export type SessionPrincipalLoader = (
  db: Executor,
  sessionId: string,
  bounds: SessionBounds,
) => Promise<{ principal: Principal; lastSeenAt: Date } | undefined>;

/** The session middleware: sets `principal` and `sessionId` on the context. */
export function sessionLoader(loadSessionPrincipal: SessionPrincipalLoader): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('principal', null);
    c.set('sessionId', null);
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const { database, config } = c.get('deps');
      const id = sessionIdOf(token);
      const bounds = sessionBounds(config);
      const found = await loadSessionPrincipal(database.db, id, bounds);
      if (found) {
        await touchSession(database.db, id, found.lastSeenAt, bounds.now);
        c.set('principal', found.principal);
        c.set('sessionId', id);
      } else {
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    await next();
  };
}

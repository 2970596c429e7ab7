/**
 * Loads the signed-in principal from the session cookie for every /api request (or null).
 * An unknown or expired cookie is cleared, so the browser stops sending it.
 *
 * The session and its user's principal come in one statement (`SessionPrincipalLoader`), and a server with a live
 * hub keeps them for up to a minute (session-principals.ts: forgotten after every write through this process and
 * on every database notice of a change elsewhere). Why: this runs before every API request, and under load
 * (issue 11: 50 clients on the case list) three round trips per request — the session, the user, the roles —
 * were a good part of the server's work for a page that itself needs one or two statements.
 */
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { Principal } from '../auth/scope.ts';
import { SESSION_COOKIE, type SessionBounds, sessionBounds, sessionIdOf, touchSession } from '../auth/sessions.ts';
import type { Executor } from '../db/database.ts';
import type { AppEnv } from './context.ts';
import { sessionPrincipalsFor } from './session-principals.ts';

/**
 * Reads a live session (by its stored id, within `bounds`) with its user's principal (roles and rights);
 * undefined when the session is unknown, expired or idle, or its user may not sign in. The users feature owns
 * it and the composition root passes it in, so that the platform imports no feature.
 */
export type SessionPrincipalLoader = (
  db: Executor,
  sessionId: string,
  bounds: SessionBounds,
) => Promise<{ principal: Principal; lastSeenAt: Date; expiresAt: Date } | undefined>;

const READS = new Set(['GET', 'HEAD']);

/** The session middleware: sets `principal` and `sessionId` on the context. */
export function sessionLoader(loadSessionPrincipal: SessionPrincipalLoader): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('principal', null);
    c.set('sessionId', null);
    const { database, config, live } = c.get('deps');
    const kept = sessionPrincipalsFor(live?.listening ? live : undefined);
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const id = sessionIdOf(token);
      const bounds = sessionBounds(config);
      let principal = kept?.get(id, bounds);
      if (!principal) {
        const generation = kept?.generation ?? 0;
        const found = await loadSessionPrincipal(database.db, id, bounds);
        if (found) {
          const lastSeenAt = await touchSession(database.db, id, found.lastSeenAt, bounds.now);
          principal = found.principal;
          kept?.keep(id, { principal, lastSeenAt, expiresAt: found.expiresAt }, generation);
        }
      }
      if (principal) {
        c.set('principal', principal);
        c.set('sessionId', id);
      } else {
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    try {
      await next();
    } finally {
      // A write may have ended a session or changed who may do what, whichever service made it: the next request
      // reads afresh. Here its transaction has committed and its answer has not left yet.
      if (kept && !READS.has(c.req.method)) kept.forgetAll();
    }
  };
}

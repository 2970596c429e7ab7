/**
 * Loads the signed-in principal from the session cookie for every /api request (or null).
 * An unknown or expired cookie is cleared, so the browser stops sending it.
 */
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import type { Principal } from '../auth/scope.ts';
import { findActiveSession, SESSION_COOKIE } from '../auth/sessions.ts';
import type { Executor } from '../db/database.ts';
import type { AppEnv } from './context.ts';

/**
 * Reads a user's principal (roles and rights); undefined for a user who may not sign in. The users feature owns
 * it and the composition root passes it in, so that the platform imports no feature.
 */
export type PrincipalLoader = (db: Executor, userId: string) => Promise<Principal | undefined>;

/** The session middleware: sets `principal` and `sessionId` on the context. */
export function sessionLoader(loadPrincipal: PrincipalLoader): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set('principal', null);
    c.set('sessionId', null);
    const token = getCookie(c, SESSION_COOKIE);
    if (token) {
      const { database, config } = c.get('deps');
      const session = await findActiveSession(database.db, token, config);
      const principal = session ? await loadPrincipal(database.db, session.userId) : undefined;
      if (session && principal) {
        c.set('principal', principal);
        c.set('sessionId', session.id);
      } else {
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
      }
    }
    await next();
  };
}

/**
 * Loads the signed-in principal from the session cookie for every /api request (or null).
 * An unknown or expired cookie is cleared, so the browser stops sending it.
 */
import type { MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { findActiveSession, SESSION_COOKIE } from '../auth/sessions.ts';
import { loadPrincipal } from '../../features/users/users.store.ts';
import type { AppEnv } from './context.ts';

/** The session middleware: sets `principal` and `sessionId` on the context. */
export function sessionLoader(): MiddlewareHandler<AppEnv> {
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

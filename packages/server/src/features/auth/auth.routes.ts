/** HTTP adapter for sign-in, sign-out, the current user and password change (docs/api-contract.md). */
import { createRoute } from '@hono/zod-openapi';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { eq } from 'drizzle-orm';
import { users } from '../../platform/db/platform.tables.ts';
import { isHttps } from '../../platform/http/csrf.ts';
import { type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { SESSION_COOKIE, sessionIdOf } from '../../platform/auth/sessions.ts';
import { changeOwnPassword, login, logout, toMe } from './auth.service.ts';
import { LocaleInput, LoginInput, MeResponse, PasswordChangeInput } from './auth.schema.ts';

const loginRoute = createRoute({
  method: 'post',
  path: '/api/auth/login',
  tags: ['auth'],
  summary: 'Sign in (starts a session; needs the CSRF header like every write)',
  request: { body: jsonBody(LoginInput) },
  responses: {
    200: jsonResponse(MeResponse, 'Signed in; the session cookie is set'),
    ...errorResponses(400, 401, 403, 423, 429),
  },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/api/auth/logout',
  tags: ['auth'],
  summary: 'Sign out',
  responses: { 204: { description: 'Signed out' }, ...errorResponses(403) },
});

const meRoute = createRoute({
  method: 'get',
  path: '/api/auth/me',
  tags: ['auth'],
  summary: 'The signed-in user',
  responses: { 200: jsonResponse(MeResponse, 'The signed-in user'), ...errorResponses(401) },
});

const passwordRoute = createRoute({
  method: 'post',
  path: '/api/auth/password',
  tags: ['auth'],
  summary: 'Change your own password (other sessions end)',
  request: { body: jsonBody(PasswordChangeInput) },
  responses: { 204: { description: 'Changed' }, ...errorResponses(400, 401, 403, 429) },
});

const localeRoute = createRoute({
  method: 'put',
  path: '/api/auth/locale',
  tags: ['auth'],
  summary: 'Remember the signed-in user’s language',
  request: { body: jsonBody(LocaleInput) },
  responses: { 200: jsonResponse(MeResponse, 'The signed-in user'), ...errorResponses(400, 401, 403) },
});

/** Mounts the auth routes. */
export function registerAuthRoutes(app: AppOpenAPI): void {
  app.openapi(loginRoute, async (c) => {
    const { database, config } = c.get('deps');
    const body = c.req.valid('json');
    const previous = getCookie(c, SESSION_COOKIE);
    const result = await login(database, config, {
      ...body,
      ip: clientIp(c),
      userAgent: c.req.header('user-agent'),
      previousSessionId: previous ? sessionIdOf(previous) : null,
    });
    setCookie(c, SESSION_COOKIE, result.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'Lax',
      secure: isHttps(c.req.url, c.req.header('x-forwarded-proto')),
      expires: result.expiresAt,
    });
    return c.json({ user: result.me }, 200);
  });

  app.openapi(logoutRoute, async (c) => {
    await logout(c.get('deps').database, c.get('principal'), c.get('sessionId'), clientIp(c));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

  app.openapi(meRoute, async (c) => c.json({ user: toMe(requirePrincipal(c)) }, 200));

  app.openapi(passwordRoute, async (c) => {
    const principal = requirePrincipal(c);
    const { database, config } = c.get('deps');
    await changeOwnPassword(database, config, principal, c.req.valid('json'), c.get('sessionId'), clientIp(c));
    return c.body(null, 204);
  });

  app.openapi(localeRoute, async (c) => {
    const principal = requirePrincipal(c);
    const { locale } = c.req.valid('json');
    // a preference, not a security-relevant change: not audited
    await c.get('deps').database.db.update(users).set({ locale }).where(eq(users.id, principal.id));
    return c.json({ user: toMe({ ...principal, locale }) }, 200);
  });
}

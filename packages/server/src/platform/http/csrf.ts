/**
 * CSRF protection by double submit (docs/api-contract.md): a readable cookie `oc_csrf` is set on any response
 * that lacks it, and every POST/PUT/PATCH/DELETE must echo it in the `x-csrf-token` header. A foreign site can
 * make the browser send cookies, but cannot read ours to copy into a header. When the request has an Origin,
 * it must be this host as well.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { csrfFailed } from '../errors.ts';
import type { AppEnv } from './context.ts';

export const CSRF_COOKIE = 'oc_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether the request came over https (directly or, per X-Forwarded-Proto, through a proxy). */
export function isHttps(url: string, forwardedProto: string | undefined): boolean {
  return new URL(url).protocol === 'https:' || forwardedProto?.split(',')[0]?.trim() === 'https';
}

/**
 * The CSRF middleware for /api. X-Forwarded-Host counts only behind a trusted proxy (`trustProxyHops` > 0):
 * otherwise a client could name any host there and pass the Origin check.
 */
export function csrf(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const cookie = getCookie(c, CSRF_COOKIE);
    // The public API (/api/public/…) is anonymous: no cookie is set (its answers are cacheable by proxies) and its
    // one write (the public form) carries no ambient authority to forge; the Origin check below still applies.
    const publicApi = c.req.path.startsWith('/api/public/');
    // Set first, so that even a refused request leaves the client a token to retry with.
    if (!cookie && !publicApi) {
      setCookie(c, CSRF_COOKIE, randomBytes(24).toString('base64url'), {
        path: '/',
        sameSite: 'Strict',
        httpOnly: false,
        secure: isHttps(c.req.url, c.req.header('x-forwarded-proto')),
      });
    }
    if (UNSAFE.has(c.req.method)) {
      const origin = c.req.header('origin');
      if (origin && origin !== 'null') {
        // the last entry: the one our own proxy wrote (a proxy that appends keeps what the client sent before it)
        const forwardedHost =
          c.get('deps').config.trustProxyHops > 0 ? c.req.header('x-forwarded-host')?.split(',').pop()?.trim() : undefined;
        const host = forwardedHost || (c.req.header('host') ?? new URL(c.req.url).host);
        let originHost: string;
        try {
          originHost = new URL(origin).host;
        } catch {
          throw csrfFailed('The Origin header is malformed');
        }
        if (originHost !== host) throw csrfFailed('The request comes from another site');
      }
      const header = c.req.header(CSRF_HEADER);
      if (!publicApi && (!cookie || !header || !same(cookie, header))) throw csrfFailed();
    }
    await next();
  };
}

/**
 * The Hono environment shared by every route: dependencies, the signed-in principal, and helpers to read them.
 *
 * @example
 * app.openapi(route, async (c) => {
 *   const principal = requirePrincipal(c);        // 401 when not signed in
 *   const { database } = c.get('deps');
 *   return c.json(await listFacilities(database, principal, c.req.valid('query')), 200);
 * });
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Principal } from '../auth/scope.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { JobQueue } from '../jobs/jobs.ts';
import type { LiveHub } from '../live/live.ts';
import type { Logger } from '../logger.ts';
import { unauthenticated } from '../errors.ts';

/** What the app is built from (tests pass their own). */
export interface AppDeps {
  database: Database;
  config: Config;
  log: Logger;
  /** background jobs; absent in most tests */
  jobs?: JobQueue;
  /** live events hub (GET /api/live); the server starts one, tests may */
  live?: LiveHub;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    /** the signed-in user, or null */
    principal: Principal | null;
    /** the current session's id (hash), or null */
    sessionId: string | null;
  };
};

/** The application type every `register<Feature>Routes(app)` receives. */
export type AppOpenAPI = OpenAPIHono<AppEnv>;
export type AppContext = Context<AppEnv>;

/** The signed-in principal; throws 401 `unauthenticated` when there is none. */
export function requirePrincipal(c: AppContext): Principal {
  const principal = c.get('principal');
  if (!principal) throw unauthenticated();
  return principal;
}

/**
 * The address the outermost of `hops` trusted proxies saw, from X-Forwarded-For. Each proxy appends the
 * address it received from, so only the rightmost `hops` entries were written by proxies we run; anything to
 * their left was written by the client and may be forged. Undefined when the header has fewer entries.
 *
 * @example
 * forwardedClient('6.6.6.6, 203.0.113.7', 1); // '203.0.113.7'
 */
export function forwardedClient(header: string | undefined, hops: number): string | undefined {
  if (!header || hops < 1) return undefined;
  const entries = header.split(',').map((e) => e.trim());
  const entry = entries[entries.length - hops];
  return entry ? entry : undefined;
}

/**
 * The client's IP address: the socket's, or (only with TRUST_PROXY) the X-Forwarded-For entry the outermost
 * trusted proxy wrote (never the client-written leftmost one). In-process test requests have no socket: 'local'.
 */
export function clientIp(c: AppContext): string {
  const forwarded = forwardedClient(c.req.header('x-forwarded-for'), c.get('deps').config.trustProxyHops);
  if (forwarded) return forwarded;
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local';
  }
}

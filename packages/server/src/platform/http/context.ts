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
 * The client's IP address: the socket's, or (only with TRUST_PROXY) the first X-Forwarded-For entry.
 * In-process test requests have no socket: 'local'.
 */
export function clientIp(c: AppContext): string {
  if (c.get('deps').config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'local';
  } catch {
    return 'local';
  }
}

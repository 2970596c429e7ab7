/** Liveness, readiness and the list of modules the web app may show. */
import { createRoute, z } from '@hono/zod-openapi';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { errorResponses, jsonResponse } from '../../platform/http/schemas.ts';
import { migrationLevel, loadMigrations } from '../../platform/db/migrator.ts';
import { unavailable } from '../../platform/errors.ts';

const healthRoute = createRoute({
  method: 'get',
  path: '/api/health',
  tags: ['platform'],
  summary: 'The process is alive',
  responses: { 200: jsonResponse(z.object({ status: z.literal('ok') }), 'Alive') },
});

const readyRoute = createRoute({
  method: 'get',
  path: '/api/ready',
  tags: ['platform'],
  summary: 'The database answers and every migration is applied',
  responses: {
    200: jsonResponse(z.object({ ready: z.literal(true), database: z.literal('ok'), migrations: z.number().int() }), 'Ready'),
    ...errorResponses(503),
  },
});

const modulesRoute = createRoute({
  method: 'get',
  path: '/api/modules',
  tags: ['platform'],
  summary: 'The modules this server provides (the web navigation shows only these)',
  responses: {
    200: jsonResponse(
      z.object({ modules: z.array(z.object({ id: z.string(), enabled: z.boolean(), right: z.string().nullable() })) }),
      'Modules',
    ),
  },
});

/** A module the web app can show, and the right its page needs (null: every signed-in user). */
export interface AppModule {
  id: string;
  right: string | null;
}

/** Mounts the platform routes; `modules` is the list built by createApp from the mounted features. */
export function registerPlatformRoutes(app: AppOpenAPI, modules: AppModule[]): void {
  const expected = loadMigrations().length;
  app.openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200));

  app.openapi(readyRoute, async (c) => {
    let level: number;
    try {
      level = await migrationLevel(c.get('deps').database.raw);
    } catch {
      throw unavailable('The database does not answer');
    }
    if (level < expected) throw unavailable(`Migrations pending: ${level} of ${expected} applied`);
    return c.json({ ready: true as const, database: 'ok' as const, migrations: level }, 200);
  });

  app.openapi(modulesRoute, (c) => c.json({ modules: modules.map((m) => ({ ...m, enabled: true })) }, 200));
}

/**
 * The OpenAPI document without a running server or a database (composition root: it builds the whole app, which
 * the platform may not import): the app is built in-process and asked for
 * /api/openapi.json, exactly what it serves. The web's API types are generated from it
 * (`npm run api:types`, docs/api-contract.md "Typed web contract").
 *
 * @example
 * const doc = await openApiDocument();
 * doc.paths['/api/plans']
 */
import { createApp } from './app.ts';
import { loadConfig } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import { createLogger } from './platform/logger.ts';

export type OpenApiDocument = {
  openapi: string;
  paths: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown> };
} & Record<string, unknown>;

/** The document /api/openapi.json answers. */
export async function openApiDocument(): Promise<OpenApiDocument> {
  // Building the routes and the document reads no data: a database that is never opened is enough, and a
  // query reaching it would fail loudly rather than touch a real one.
  const database = new Proxy({} as Database, {
    get: (_target, key) => {
      throw new Error(`the OpenAPI document needs no database (tried database.${String(key)})`);
    },
  });
  const app = createApp({ database, config: loadConfig({ LOG_LEVEL: 'silent' }), log: createLogger('silent', () => undefined) });
  const res = await app.request('/api/openapi.json');
  if (res.status !== 200) throw new Error(`/api/openapi.json answered ${res.status}`);
  return (await res.json()) as OpenApiDocument;
}

/**
 * The OpenAPI 3.1 document (/api/openapi.json) and a browsable Swagger UI (/api/docs) served from the
 * swagger-ui-dist package's own files: no CDN, so it works on an isolated network.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { AppOpenAPI } from '../http/context.ts';

const require = createRequire(import.meta.url);
const SWAGGER_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Outbreak Command API</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>`;

// A separate file, not an inline script: the Content-Security-Policy allows scripts from 'self' only.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', withCredentials: true,
  requestInterceptor: (req) => { const m = document.cookie.match(/(?:^|; )oc_csrf=([^;]+)/); if (m) req.headers['x-csrf-token'] = decodeURIComponent(m[1]); return req; } });`;

/** Mounts /api/openapi.json and /api/docs. */
export function registerOpenApiRoutes(app: AppOpenAPI): void {
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Outbreak Command API',
      version: '0.1.0',
      description:
        'The HTTP API of Outbreak Command. Sign in with POST /api/auth/login; writes need the x-csrf-token header equal to the oc_csrf cookie. Errors: { error: { id, message, details } }.',
    },
    servers: [{ url: '/' }],
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'oc_session' });

  app.get('/api/docs', (c) => c.html(PAGE));
  app.get('/api/docs/init.js', (c) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/api/docs/:file', async (c) => {
    const file = c.req.param('file');
    const type = ASSETS[file];
    if (!type) return c.notFound();
    const body = await readFile(join(SWAGGER_DIR, file));
    return c.body(body, 200, { 'content-type': type, 'cache-control': 'public, max-age=86400' });
  });
}

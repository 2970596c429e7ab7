/**
 * Serves the built web app (packages/web/dist): files as they are, and index.html for any other GET outside
 * /api, so that client-side routes (/registry/facilities …) survive a reload.
 */
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { MiddlewareHandler } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.geojson': 'application/geo+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.pbf': 'application/x-protobuf',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The static-file middleware for `root` (absolute). Without a built app it explains how to build it. */
export function webApp(root: string): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const pathname = decodeURIComponent(new URL(c.req.url).pathname);
    if (pathname === '/api' || pathname.startsWith('/api/')) return next();
    if (!existsSync(join(root, 'index.html'))) {
      return c.text('The web app is not built. Run `npm run build -w @outbreak/web` (npm start does it for you).', 503);
    }
    const target = normalize(join(root, pathname));
    // refuse anything resolving outside root ('..' segments, encoded or not)
    if (target !== root && !target.startsWith(root.endsWith(sep) ? root : root + sep)) return c.notFound();
    // the public portal is a separate entry (dist/portal/index.html) with its own client-side routes
    if (pathname === '/portal') return c.redirect('/portal/', 301);
    const portal = pathname.startsWith('/portal/');
    let file = target;
    const info = await stat(file).catch(() => undefined);
    if (!info || info.isDirectory()) {
      // a missing asset is a 404; a missing page is the SPA's business
      if (extname(pathname) && !pathname.endsWith('.html')) return c.notFound();
      file = portal ? join(root, 'portal', 'index.html') : join(root, 'index.html');
    }
    const body = await readFile(file);
    const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    // Vite fingerprints files under assets/: cache them for good; index.html must be revalidated each time.
    const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    const headers = { 'content-type': type, 'cache-control': cache };
    return c.req.method === 'HEAD' ? c.body(null, 200, headers) : c.body(new Uint8Array(body), 200, headers);
  };
}

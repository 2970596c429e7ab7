/**
 * What other packages need from the web app: where its production build lives and whether it must be
 * rebuilt. The app's own code starts at main.tsx and is bundled by Vite, never imported by Node.
 *
 * @example
 * import { distDir, isDistStale, buildWeb } from '@outbreak/web';
 * if (isDistStale()) await buildWeb();
 * serveStatic({ root: distDir });
 */
// build-status.mjs is plain JavaScript so tools/start.mjs can use it before any TypeScript loader runs.
export { buildWeb, distDir, isDistStale, webRoot } from '../build-status.mjs';

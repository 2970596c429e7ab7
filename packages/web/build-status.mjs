// Plain JavaScript so that tools/start.mjs (which runs before any TypeScript loader) and the e2e
// global setup can share one answer to "is packages/web/dist older than its sources?".
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the web package (the folder holding this file). */
export const webRoot = dirname(fileURLToPath(import.meta.url));
/** Absolute path of the production build the server serves. */
export const distDir = join(webRoot, 'dist');

// Everything whose change alters the built bundle. node_modules is left out on purpose: dependency
// versions are pinned in package.json, whose own mtime changes when they change.
const SOURCES = ['src', 'public', 'index.html', 'portal', 'vite.config.ts', 'package.json'];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/**
 * True when dist/index.html is missing or older than any source file.
 * @param {string} [root] the web package folder (tests pass a scratch copy)
 * @example if (isDistStale()) await buildWeb();
 */
export function isDistStale(root = webRoot) {
  const built = join(root, 'dist', 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((source) => newestMtime(join(root, source)) > builtAt);
}

// npm workspaces hoist vite to the root node_modules; resolve it the way Node would rather than guess.
function viteBin() {
  const vitePackage = createRequire(import.meta.url).resolve('vite/package.json');
  return join(dirname(vitePackage), 'bin/vite.js');
}

/**
 * Runs `vite build` in the web package; resolves when it succeeds, rejects with its exit code otherwise.
 * @param {{ quiet?: boolean }} [options] quiet: keep Vite's output off the console (tests)
 */
export function buildWeb(options = {}) {
  const { quiet = false } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [viteBin(), 'build'], {
      cwd: webRoot,
      stdio: quiet ? ['ignore', 'ignore', 'pipe'] : 'inherit',
    });
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`vite build failed with exit code ${code}\n${stderr}`))));
  });
}

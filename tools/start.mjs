#!/usr/bin/env node
// `npm start` and `npm run dev`.
//
//   npm start      builds the web app when packages/web/dist is missing or older than its sources, then runs
//                  `outbreak serve`: migrate, seed District J on first start, serve API + web app on PORT.
//   npm run dev    `outbreak serve` under tsx watch (restarts on server changes) and the Vite dev server
//                  (hot reload, proxies /api to the server); open the Vite URL it prints.
//
// Plain JavaScript on purpose: it runs before any TypeScript loader is registered.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb, isDistStale, webRoot } from '@outbreak/web/build-status';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');
const passThrough = process.argv.slice(2).filter((a) => a !== '--dev');
const require = createRequire(import.meta.url);

/**
 * Starts a child that prints to our terminal; resolves with its exit code. The child gets its own process
 * group, so a Ctrl-C reaches it once — through us — rather than twice (from the terminal and from us): a
 * second signal would make tsx watch SIGKILL the server in the middle of closing its database.
 */
function run(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], cwd: root, detached: true, ...options });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', (err) => {
      process.stderr.write(`start: cannot run ${command}: ${err.message}\n`);
      resolve(1);
    });
  });
  return { child, exited };
}

// Pass Ctrl-C / SIGTERM on, once, and let the children shut down cleanly (the server closes its database)
// before we exit with their code. Should we die abruptly instead, take the children with us.
let stopping = false;
function stopChildren(children, signal) {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}
function forwardSignals(children) {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stopChildren(children, signal));
  process.on('exit', () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  });
}

const cli = join(root, 'packages/cli/bin/outbreak.mjs');

if (!dev) {
  if (isDistStale()) {
    process.stdout.write('Building the web app (packages/web/dist is missing or older than its sources)…\n');
    try {
      await buildWeb();
    } catch (err) {
      process.stderr.write(`start: the web app did not build: ${err.message}\n`);
      process.exit(1);
    }
  }
  const server = run(process.execPath, [cli, 'serve', ...passThrough]);
  forwardSignals([server.child]);
  process.exitCode = await server.exited;
} else {
  const tsxCli = require.resolve('tsx/cli');
  const server = run(process.execPath, [
    tsxCli,
    'watch',
    '--clear-screen=false',
    '--include',
    'packages/server/migrations/**/*',
    'packages/cli/src/main.ts',
    'serve',
    ...passThrough,
  ]);
  const viteBin = join(dirname(require.resolve('vite/package.json')), 'bin/vite.js');
  // the Vite dev server proxies /api to the API server, wherever PORT put it
  const apiUrl = `http://localhost:${process.env.PORT || 8080}`;
  const vite = run(process.execPath, [viteBin], { cwd: webRoot, env: { ...process.env, OC_API_URL: apiUrl } });
  forwardSignals([server.child, vite.child]);
  process.stdout.write(`Development: API on ${apiUrl} (reloads on change), web app with hot reload on http://localhost:5173\n`);
  // when one of the two ends (or is stopped), stop the other
  const first = await Promise.race([server.exited, vite.exited]);
  stopChildren([server.child, vite.child], 'SIGTERM');
  await Promise.all([server.exited, vite.exited]);
  process.exitCode = first;
}

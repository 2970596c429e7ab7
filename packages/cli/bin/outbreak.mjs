#!/usr/bin/env node
// Runs the compiled CLI (packages/cli/dist, built by `npm install` / `npm ci`). When that build is missing or
// older than the sources it is rebuilt first (≈ 1 s, once), so an edited clone never runs stale code; should the
// build be impossible (no esbuild, a read-only folder) the TypeScript sources run through tsx instead, slower to
// start, and a line on stderr says so. OUTBREAK_CLI_FROM_SOURCE=1 always runs the sources (debugging, benches).
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import { staleReason } from '../build/build-info.mjs';

// `outbreak detect … | head` closes our stdout early: that is the reader's choice, not an error.
// Without this handler Node throws EPIPE from the next write and prints a stack trace.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

// Node ≥ 22.1 keeps V8's compiled code between runs; Node 20 has no such cache and skips this.
module.enableCompileCache?.();

async function loadMain() {
  if (process.env.OUTBREAK_CLI_FROM_SOURCE !== '1') {
    const stale = staleReason();
    if (stale === null) return import('../dist/main.js');
    try {
      const { buildCli } = await import('../build/build.mjs');
      await buildCli();
      process.stderr.write(`outbreak: compiled the command line (${stale})\n`);
      return import('../dist/main.js');
    } catch (err) {
      process.stderr.write(
        `outbreak: cannot compile the command line (${err?.message ?? err}); running its TypeScript sources through tsx\n`,
      );
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return import(fileURLToPath(new URL('../src/main.ts', import.meta.url)));
}

const { main } = await loadMain();
process.exitCode = await main(process.argv.slice(2));

#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a clone needs no build step for the CLI.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

// `outbreak detect … | head` closes our stdout early: that is the reader's choice, not an error.
// Without this handler Node throws EPIPE from the next write and prints a stack trace.
process.stdout.on('error', (err) => {
  if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

register();
const { main } = await import(fileURLToPath(new URL('../src/main.ts', import.meta.url)));
process.exitCode = await main(process.argv.slice(2));

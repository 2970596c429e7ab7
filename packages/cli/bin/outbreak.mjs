#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so a clone needs no build step for the CLI.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';

register();
const { main } = await import(fileURLToPath(new URL('../src/main.ts', import.meta.url)));
process.exitCode = await main(process.argv.slice(2));

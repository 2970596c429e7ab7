/**
 * Global setup of the web project: makes sure packages/web/dist is current, then starts the REAL server
 * in-process — the same createApp the `outbreak serve` command runs — on a fresh PGlite database in a temp
 * directory, migrated and seeded with the demo district, on a random loopback port. The e2e tests get its
 * URL through `inject('baseUrl')`. Everything is closed and deleted in the teardown.
 */
import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { buildWeb, isDistStale } from '../build-status.mjs';
import { findChromium } from './chromium-path.ts';
import { startTestServer } from './test-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    demoPassword: string;
  }
}

export default async function setup(project: TestProject) {
  // Developers may point the tests at a server they already run (`npm run dev` of the server, another
  // database); CI never sets this, so there the tests always start their own.
  const external = process.env.OC_E2E_BASE_URL;
  if (external) {
    project.provide('baseUrl', external.replace(/\/$/, ''));
    project.provide('demoPassword', process.env.OC_E2E_DEMO_PASSWORD ?? 'DistrictJ#2026');
    return;
  }
  // Said once up front: without a browser every e2e file fails at its launch (with the same message). Not thrown
  // here, because this setup serves the project's unit tests too, and those need no browser.
  try {
    findChromium();
  } catch (error) {
    process.stderr.write(`\n${(error as Error).message}\n\n`);
  }
  if (isDistStale()) await buildWeb({ quiet: true });
  const server = await startTestServer();
  project.provide('baseUrl', server.url);
  project.provide('demoPassword', server.demoPassword);
  return async () => {
    await server.close();
    rmSync(server.dataDir, { recursive: true, force: true });
  };
}

import { createLogger, loadConfig, startServer } from '@outbreak/server';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distDir } from '../build-status.mjs';

export interface TestServer {
  url: string;
  dataDir: string;
  /** Password of the seeded demo users. */
  demoPassword: string;
  close(): Promise<void>;
}

/**
 * The production server (`startServer`, what `outbreak serve` runs) on a throw-away PGlite data directory:
 * migrated and seeded with District J on start, serving the built web app. Port 0 lets the OS pick a free
 * port so parallel runs never collide; background jobs stay off because no flow here needs them.
 */
export async function startTestServer(): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'oc-web-e2e-'));
  // WEBHOOK_ALLOW_PRIVATE: the notifications e2e points a webhook channel at a receiver on 127.0.0.1, which the
  // SSRF guard refuses by default
  const config = {
    ...loadConfig({
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEB_DIST: distDir,
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'true',
      WEBHOOK_ALLOW_PRIVATE: 'true',
    }),
    port: 0,
  };
  const server = await startServer(config, { jobs: false, log: createLogger('warn') });
  const demoPassword = server.demoUsers[0]?.password;
  if (!server.seeded || !demoPassword) {
    await server.close();
    throw new Error('the e2e server did not seed the demo district on its fresh data directory');
  }
  return { url: server.url, dataDir, demoPassword, close: () => server.close() };
}

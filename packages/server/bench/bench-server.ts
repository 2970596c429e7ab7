/**
 * The HTTP app of a bench, served on a random loopback port and signed in as the demo district's
 * epidemiologist (CSRF cookie first, then the login with the double-submit header), as a browser would be.
 */
import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import type { Database } from '../src/platform/db/database.ts';
import type { LiveHub } from '../src/platform/live/live.ts';
import { createLogger } from '../src/platform/logger.ts';
import { DEMO_PASSWORD } from '../src/features/demo/demo.seeder.ts';

export interface BenchServer {
  /** http://127.0.0.1:<port> */
  base: string;
  /** the signed-in session's Cookie header */
  cookie: string;
  close(): Promise<void>;
}

export async function serveSignedIn(database: Database, options: { live?: LiveHub } = {}): Promise<BenchServer> {
  const config = { ...loadConfig({ LOG_LEVEL: 'warn' }), port: 0, host: '127.0.0.1' };
  const app = createApp({ database, config, log: createLogger('warn'), ...(options.live ? { live: options.live } : {}) });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const health = await fetch(`${base}/api/health`);
    const csrf = /oc_csrf=([^;]+)/.exec(health.headers.getSetCookie().join('; '))?.[1] ?? '';
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: `oc_csrf=${csrf}`, 'x-csrf-token': decodeURIComponent(csrf), origin: base },
      body: JSON.stringify({ username: 'epidemiologist', password: DEMO_PASSWORD }),
    });
    if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    return { base, cookie, close };
  } catch (e) {
    await close();
    throw e;
  }
}

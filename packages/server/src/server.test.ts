import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './platform/config.ts';
import { startServer } from './server.ts';
import { memoryLogger } from './test-support/http.ts';
import { createTestDb } from './test-support/test-db.ts';

describe('startServer (PGlite data directory, real HTTP)', () => {
  it('migrates, seeds once, serves the API and the web app with SPA fallback, and shuts down cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'oc-serve-'));
    const webDist = mkdtempSync(join(tmpdir(), 'oc-web-'));
    mkdirSync(join(webDist, 'assets'));
    writeFileSync(join(webDist, 'index.html'), '<!doctype html><title>Outbreak Command</title>');
    writeFileSync(join(webDist, 'assets', 'app-1234.js'), 'console.log(1)');
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '1', WEB_DIST: webDist, LOG_LEVEL: 'silent' });

    const first = await startServer({ ...config, port: 0, host: '127.0.0.1' }, { log: memoryLogger() });
    try {
      expect(first.seeded).toBe(true);
      expect(first.demoUsers.map((u) => u.username)).toContain('admin');
      expect(existsSync(join(dataDir, 'db.lock'))).toBe(true);
      // a second process (here: a second start) cannot open the same data directory
      await expect(startServer({ ...config, port: 0, host: '127.0.0.1' }, { log: memoryLogger(), jobs: false })).rejects.toThrow(/in use/);
      const ready = await fetch(`${first.url}/api/ready`);
      expect(await ready.json()).toMatchObject({ ready: true, migrations: expect.any(Number) });
      const page = await fetch(`${first.url}/registry/facilities`);
      expect(page.status).toBe(200);
      expect(page.headers.get('cache-control')).toBe('no-cache');
      expect(await page.text()).toContain('<title>Outbreak Command</title>');
      const asset = await fetch(`${first.url}/assets/app-1234.js`);
      expect(asset.headers.get('cache-control')).toContain('immutable');
      expect((await fetch(`${first.url}/assets/missing.js`)).status).toBe(404);
      expect((await fetch(`${first.url}/..%2f..%2fetc%2fpasswd`)).status).not.toBe(500);
    } finally {
      await first.close();
    }
    expect(existsSync(join(dataDir, 'db.lock'))).toBe(false);

    const second = await startServer({ ...config, port: 0, host: '127.0.0.1' }, { log: memoryLogger(), jobs: false });
    try {
      expect(second.seeded).toBe(false);
    } finally {
      await second.close();
    }
  }, 240_000);
});

describe.skipIf(!process.env.TEST_DATABASE_URL)('startServer with DATABASE_URL (PostgreSQL)', () => {
  it('migrates and seeds an empty PostgreSQL database, runs the jobs on it, and signs in a demo user', async () => {
    const blank = await createTestDb('postgres', { migrated: false });
    try {
      const config = loadConfig({ DATABASE_URL: blank.url, LOG_LEVEL: 'silent' });
      const server = await startServer({ ...config, port: 0, host: '127.0.0.1' }, { log: memoryLogger() });
      try {
        expect(server.database.engine).toBe('postgres');
        expect(server.seeded).toBe(true);
        const health = await fetch(`${server.url}/api/health`);
        const csrf = /oc_csrf=([^;]+)/.exec(health.headers.get('set-cookie') ?? '')![1]!;
        const login = await fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie: `oc_csrf=${csrf}` },
          body: JSON.stringify({ username: 'officer.baisha', password: server.demoUsers[0]!.password }),
        });
        expect(login.status).toBe(200);
        expect(((await login.json()) as { user: { roles: { jurisdictionName: string }[] } }).user.roles[0]!.jurisdictionName).toBe(
          '白沙镇',
        );
        const jobs = await blank.raw.query<{ name: string }>('SELECT name FROM pgboss.schedule');
        expect(jobs.map((j) => j.name)).toContain('platform.purge-sessions');
      } finally {
        await server.close();
      }
    } finally {
      await blank.close();
    }
  }, 240_000);
});

import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../db/platform.tables.ts';
import { buildDistrictTree, buildUser } from '../../test-support/factories.ts';
import { createTestApp, TestClient } from '../../test-support/http.ts';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';
import { forwardedClient } from './context.ts';

describe('forwardedClient', () => {
  it('takes the entry the outermost trusted proxy wrote, never one the client wrote', () => {
    expect(forwardedClient('6.6.6.6, 203.0.113.7', 1)).toBe('203.0.113.7');
    expect(forwardedClient('6.6.6.6, 203.0.113.7, 10.0.0.2', 2)).toBe('203.0.113.7');
    expect(forwardedClient('203.0.113.7', 2)).toBeUndefined();
    expect(forwardedClient('203.0.113.7', 0)).toBeUndefined();
  });
});

describe.each(testEngines())('behind a reverse proxy (%s)', (engine) => {
  const t = withTestDb(engine);

  it('does not let a client escape the rate limit or forge the audited address by rotating X-Forwarded-For', async () => {
    const tree = await buildDistrictTree(t.database);
    const { user } = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const app = createTestApp(t.database, { trustProxyHops: 1, loginRateLimit: 3, loginMaxFailures: 100 });
    const client = new TestClient(app);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) {
      // the client writes its own entry; the proxy appends the real address (198.51.100.20)
      const res = await client.request('/api/auth/login', {
        method: 'POST',
        json: { username: user.username, password: 'Wrong-Password-1' },
        headers: { 'x-forwarded-for': `10.9.9.${i}, 198.51.100.20` },
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const failed = await t.database.db.select({ ip: auditLog.ip }).from(auditLog).where(eq(auditLog.action, 'login_failed'));
    expect(new Set(failed.map((r) => r.ip))).toEqual(new Set(['198.51.100.20']));
  });

  it('ignores X-Forwarded-For entirely without TRUST_PROXY', async () => {
    const app = createTestApp(t.database, { trustProxyHops: 0 });
    const client = new TestClient(app);
    await client.request('/api/auth/login', {
      method: 'POST',
      json: { username: 'ghost-x', password: 'Wrong-Password-1' },
      headers: { 'x-forwarded-for': '198.51.100.21' },
    });
    const failed = await t.database.db.select({ ip: auditLog.ip }).from(auditLog).where(eq(auditLog.action, 'login_failed'));
    expect(failed.map((r) => r.ip)).not.toContain('198.51.100.21');
  });

  it('checks the Origin against X-Forwarded-Host only behind a trusted proxy', async () => {
    const post = (trustProxyHops: number) => {
      const client = new TestClient(createTestApp(t.database, { trustProxyHops }));
      return client.request('/api/auth/logout', {
        method: 'POST',
        headers: { origin: 'https://evil.example', host: 'district.example', 'x-forwarded-host': 'evil.example' },
      });
    };
    // before: a client-written X-Forwarded-Host matching its own Origin passed the check
    const direct = await post(0);
    expect(direct.status).toBe(403);
    expect(direct.body.error.id).toBe('csrf_failed');
    // behind a proxy of ours, the header is the proxy's word for the host the browser used
    expect((await post(1)).status).toBe(204);
  });
});

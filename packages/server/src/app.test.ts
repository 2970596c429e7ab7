import { describe, expect, it } from 'vitest';
import { buildDistrictTree, buildUser } from './test-support/factories.ts';
import { createTestApp, memoryLogger, signIn, TestClient } from './test-support/http.ts';
import { testEngines, withTestDb } from './test-support/test-db.ts';

describe.each(testEngines())('application platform (%s)', (engine) => {
  const t = withTestDb(engine);

  it('answers health, readiness with the migration level, and the module list', async () => {
    const client = new TestClient(createTestApp(t.database));
    expect((await client.get('/api/health')).body).toEqual({ status: 'ok' });
    const ready = await client.get('/api/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.ready).toBe(true);
    expect(ready.body.migrations).toBeGreaterThanOrEqual(1);
    const modules = (await client.get('/api/modules')).body.modules.map((m: { id: string }) => m.id);
    expect(modules).toEqual(expect.arrayContaining(['dashboard', 'registry', 'users', 'audit']));
  });

  it('serves an OpenAPI 3.1 document listing the routes, and the offline docs page', async () => {
    const client = new TestClient(createTestApp(t.database));
    const doc = await client.get('/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/users', '/api/audit']));
    const page = await client.get('/api/docs');
    expect(page.status).toBe(200);
    expect(page.body).toContain('/api/docs/swagger-ui-bundle.js');
    const bundle = await createTestApp(t.database).request('/api/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
  });

  it('logs writes with status, duration and user, without bodies', async () => {
    const log = memoryLogger();
    const client = new TestClient(createTestApp(t.database, {}, log));
    await client.post('/api/auth/login', { username: 'nobody', password: 'Secret-Guess-1' });
    const line = log.lines.find((l) => l.includes('POST /api/auth/login 401'));
    expect(line).toMatch(/INFO .*"ms":\d+,"user":null/);
    expect(log.lines.join('')).not.toContain('Secret-Guess-1');
  });

  it('sets secure headers with a same-origin CSP', async () => {
    const res = await createTestApp(t.database).request('/api/health');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("worker-src 'self' blob:");
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  it('refuses API calls without a session (401) and unknown routes (404), in the error shape', async () => {
    const client = new TestClient(createTestApp(t.database));
    const res = await client.get('/api/users');
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { id: 'unauthenticated', message: expect.any(String) } });
    const missing = await client.get('/api/no-such-thing');
    expect(missing.status).toBe(401); // not signed in: nothing is revealed, not even what exists
    const tree = await buildDistrictTree(t.database);
    const { user, password } = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.district.id });
    const signedIn = await signIn(createTestApp(t.database), user.username, password);
    const unknown = await signedIn.get('/api/no-such-thing');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.id).toBe('not_found');
  });

  describe('request checks', () => {
    const admin = async () => {
      const tree = await buildDistrictTree(t.database);
      const { user, password } = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
      return { client: await signIn(createTestApp(t.database, { bodyLimitBytes: 2048 }), user.username, password), tree };
    };

    it('refuses a write without the CSRF header, or from another origin', async () => {
      const client = new TestClient(createTestApp(t.database));
      await client.get('/api/health');
      const res = await client.request('/api/auth/login', {
        method: 'POST',
        json: { username: 'a', password: 'b' },
        headers: { 'x-csrf-token': 'forged' },
      });
      expect(res.status).toBe(403);
      expect(res.body.error.id).toBe('csrf_failed');
      const foreign = await client.request('/api/auth/login', {
        method: 'POST',
        json: { username: 'a', password: 'b' },
        headers: { origin: 'https://evil.example' },
      });
      expect(foreign.body.error.id).toBe('csrf_failed');
    });

    it('gives a CSRF token even with a refused write, so the client can retry', async () => {
      const client = new TestClient(createTestApp(t.database));
      const res = await client.request('/api/auth/login', { method: 'POST', json: {}, headers: { 'x-csrf-token': 'x' } });
      expect(res.status).toBe(403);
      expect(client.cookies.get('oc_csrf')).toMatch(/^[\w-]{20,}$/);
    });

    it('answers malformed JSON with 400, a non-JSON body with 415, an oversize body with 413', async () => {
      const { client } = await admin();
      const malformed = await client.request('/api/users', {
        method: 'POST',
        body: '{"username": ',
        headers: { 'content-type': 'application/json' },
      });
      expect(malformed.status).toBe(400);
      expect(malformed.body.error.id).toBe('validation_failed');
      const text = await client.request('/api/users', { method: 'POST', body: 'username=x', headers: { 'content-type': 'text/plain' } });
      expect(text.status).toBe(415);
      expect(text.body.error.id).toBe('unsupported_media_type');
      const big = await client.post('/api/users', { username: 'x', displayName: 'y'.repeat(5000), password: 'p', roles: [] });
      expect(big.status).toBe(413);
      expect(big.body.error.id).toBe('payload_too_large');
    });

    it('names unknown fields, wrong types and missing fields, and writes nothing', async () => {
      const { client, tree } = await admin();
      const res = await client.post('/api/users', {
        username: 'valid-name',
        displayName: 42,
        roles: [{ role: 'viewer', jurisdictionId: tree.district.id, extra: 1 }],
        isAdmin: true,
      });
      expect(res.status).toBe(400);
      const paths = res.body.error.details.map((d: { path: string }) => d.path).sort();
      expect(paths).toEqual(['displayName', 'isAdmin', 'password', 'roles.0.extra']);
      const list = await client.get('/api/users?q=valid-name');

      expect(list.body.total).toBe(0);
    });

    it('names bad query parameters', async () => {
      const { client } = await admin();
      const res = await client.get('/api/users?pageSize=100000');
      expect(res.status).toBe(400);
      expect(res.body.error.details[0].path).toBe('query.pageSize');
    });
  });
});

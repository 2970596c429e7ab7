import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog, loginThrottle, sessions, users } from '../../platform/db/platform.tables.ts';
import { sessionIdOf } from '../../platform/auth/sessions.ts';
import { buildDistrictTree, buildUser } from '../../test-support/factories.ts';
import { createTestApp, signIn, TestClient } from '../../test-support/http.ts';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';

describe.each(testEngines())('sign-in and sessions (%s)', (engine) => {
  const t = withTestDb(engine);
  const officer = async () => {
    const tree = await buildDistrictTree(t.database);
    return buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id, displayName: '黄秀英' });
  };

  it('signs in with an HttpOnly SameSite session cookie and answers /me with roles and rights', async () => {
    const { user, password } = await officer();
    const client = new TestClient(createTestApp(t.database));
    const res = await client.post('/api/auth/login', { username: user.username.toUpperCase(), password });
    expect(res.status).toBe(200);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('oc_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(res.body.user).toMatchObject({ username: user.username, displayName: '黄秀英', locale: 'zh-CN' });
    expect(res.body.user.roles).toEqual([
      { role: 'township_officer', jurisdictionId: user.roles[0]!.jurisdictionId, jurisdictionName: expect.any(String) },
    ]);
    expect(res.body.user.rights).toContain('registry.read');
    expect(res.body.user.rights).not.toContain('users.manage');
    const me = await client.get('/api/auth/me');
    expect(me.body.user.id).toBe(user.id);
    // only the hash of the token is stored
    const token = client.cookies.get('oc_session')!;
    const [row] = await t.database.db
      .select()
      .from(sessions)
      .where(eq(sessions.id, sessionIdOf(token)));
    expect(row!.userId).toBe(user.id);
    const [plain] = await t.database.db.select().from(sessions).where(eq(sessions.id, token));
    expect(plain).toBeUndefined();
  });

  it('marks cookies Secure over https (directly or per X-Forwarded-Proto) and records the proxied client address', async () => {
    const { user, password } = await officer();
    const app = createTestApp(t.database, { trustProxyHops: 1 });
    const health = await app.request('https://district.example/api/health');
    const csrfCookie = health.headers.getSetCookie().find((c) => c.startsWith('oc_csrf='))!;
    expect(csrfCookie).toMatch(/Secure/);
    const csrf = /oc_csrf=([^;]+)/.exec(csrfCookie)![1]!;
    const res = await app.request('http://district.example/api/auth/login', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: `oc_csrf=${csrf}`,
        'x-csrf-token': csrf,
        'x-forwarded-proto': 'https',
        // the client wrote the first entry; our proxy appended the address it saw
        'x-forwarded-for': '198.51.100.99, 203.0.113.7',
      },
      body: JSON.stringify({ username: user.username, password }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('oc_session='))).toMatch(/Secure/);
    const [login] = await t.database.db.select().from(auditLog).where(eq(auditLog.actorId, user.id));
    expect(login).toMatchObject({ action: 'login', ip: '203.0.113.7' });
  });

  it('gives the same 401 for an unknown user and a wrong password', async () => {
    const { user } = await officer();
    const client = new TestClient(createTestApp(t.database));
    const unknown = await client.post('/api/auth/login', { username: 'nobody-here', password: 'Whatever-123' });
    const wrong = await client.post('/api/auth/login', { username: user.username, password: 'Wrong-Password-1' });
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    // both attempts are in the audit log, with no actor (nobody proved who they are)
    const failed = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'login_failed'));
    const mine = failed.filter((r) => (r.after as { username: string }).username === user.username);
    expect(mine.map((r) => ({ actorId: r.actorId, entityId: r.entityId }))).toEqual([{ actorId: null, entityId: user.id }]);
  });

  it('rotates the session id at sign-in and ends it at sign-out', async () => {
    const { user, password } = await officer();
    const client = await signIn(createTestApp(t.database), user.username, password);
    const first = client.cookies.get('oc_session')!;
    await client.post('/api/auth/login', { username: user.username, password });
    const second = client.cookies.get('oc_session')!;
    expect(second).not.toBe(first);
    const stale = new TestClient(client.app);
    stale.cookies.set('oc_session', first);
    expect((await stale.get('/api/auth/me')).status).toBe(401);
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect(client.cookies.has('oc_session')).toBe(false);
    const replay = new TestClient(client.app);
    replay.cookies.set('oc_session', second);
    expect((await replay.get('/api/auth/me')).status).toBe(401);
  });

  it('ends a session after the idle timeout and after its absolute lifetime', async () => {
    const { user, password } = await officer();
    const app = createTestApp(t.database);
    const idle = await signIn(app, user.username, password);
    const idleId = sessionIdOf(idle.cookies.get('oc_session')!);
    await t.database.db
      .update(sessions)
      .set({ lastSeenAt: new Date(Date.now() - 31 * 60_000) })
      .where(eq(sessions.id, idleId));
    expect((await idle.get('/api/auth/me')).status).toBe(401);
    const old = await signIn(app, user.username, password);
    const oldId = sessionIdOf(old.cookies.get('oc_session')!);
    await t.database.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.id, oldId));
    expect((await old.get('/api/auth/me')).status).toBe(401);
  });

  it('locks the account after repeated failures (423), even for the right password, until the lockout ends', async () => {
    const { user, password } = await officer();
    const app = createTestApp(t.database, { loginMaxFailures: 3, loginLockoutMinutes: 15 });
    const client = new TestClient(app);
    for (let i = 0; i < 3; i += 1) {
      expect((await client.post('/api/auth/login', { username: user.username, password: 'Wrong-Password-1' })).status).toBe(401);
    }
    const locked = await client.post('/api/auth/login', { username: user.username, password });
    expect(locked.status).toBe(423);
    expect(locked.body.error.id).toBe('account_locked');
    expect(Date.parse(locked.body.error.details.lockedUntil)).toBeGreaterThan(Date.now() + 14 * 60_000);
    // administrators see the lock in the user list
    const [row] = await t.database.db.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, user.id));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);
    await t.database.db
      .update(loginThrottle)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(loginThrottle.username, user.username));
    expect((await client.post('/api/auth/login', { username: user.username, password })).status).toBe(200);
  });

  it('checks at most the allowed number of passwords when guesses arrive in parallel', async () => {
    const { user } = await officer();
    const app = createTestApp(t.database, { loginMaxFailures: 5, loginRateLimit: 1000 });
    const client = new TestClient(app);
    await client.get('/api/health');
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => client.post('/api/auth/login', { username: user.username, password: `Wrong-Guess-${i}` })),
    );
    const statuses = answers.map((a) => a.status);
    // before: each request read the failure count before any was written, and most were checked
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 423)).toHaveLength(25);
    const checked = await t.database.db.select().from(auditLog).where(eq(auditLog.action, 'login_failed'));
    const reasons = checked
      .filter((r) => (r.after as { username: string }).username === user.username)
      .map((r) => (r.after as { reason: string }).reason);
    expect(reasons.filter((r) => r.startsWith('wrong_password'))).toHaveLength(5);
  });

  it('answers an unknown username exactly like a real one, also once locked (no enumeration)', async () => {
    const { user } = await officer();
    const app = createTestApp(t.database, { loginMaxFailures: 2 });
    const client = new TestClient(app);
    const trace = async (username: string) => {
      const out: [number, string][] = [];
      for (let i = 0; i < 4; i += 1) {
        const res = await client.post('/api/auth/login', { username, password: 'Wrong-Password-1' });
        out.push([res.status, res.body.error.id]);
      }
      return out;
    };
    const real = await trace(user.username);
    const unknown = await trace('nobody-at-all');
    expect(real).toEqual([
      [401, 'unauthenticated'],
      [401, 'unauthenticated'],
      [423, 'account_locked'],
      [423, 'account_locked'],
    ]);
    expect(unknown).toEqual(real);
  });

  it('locks a username only for the address that guessed, with longer locks each time (no free denial of service)', async () => {
    const { user, password } = await officer();
    const app = createTestApp(t.database, { loginMaxFailures: 2, loginLockoutMinutes: 15, trustProxyHops: 1 });
    const from = (ip: string) => {
      const client = new TestClient(app);
      return (body: object) => client.request('/api/auth/login', { method: 'POST', json: body, headers: { 'x-forwarded-for': ip } });
    };
    const attacker = from('198.51.100.66');
    for (let i = 0; i < 2; i += 1) expect((await attacker({ username: user.username, password: 'Wrong-Password-1' })).status).toBe(401);
    const first = await attacker({ username: user.username, password });
    expect(first.status).toBe(423);
    // the owner, elsewhere, still signs in
    expect((await from('203.0.113.10')({ username: user.username, password })).status).toBe(200);
    // the attacker's lock runs out; the next lock lasts twice as long
    await t.database.db
      .update(loginThrottle)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(loginThrottle.ip, '198.51.100.66'));
    for (let i = 0; i < 2; i += 1) expect((await attacker({ username: user.username, password: 'Wrong-Password-1' })).status).toBe(401);
    const second = await attacker({ username: user.username, password: 'Wrong-Password-1' });
    expect(second.status).toBe(423);
    expect(Date.parse(second.body.error.details.lockedUntil)).toBeGreaterThan(Date.now() + 29 * 60_000);
  });

  it('throttles guesses of the current password on a password change, like sign-in', async () => {
    const { user, password } = await officer();
    const app = createTestApp(t.database, { loginMaxFailures: 3 });
    const client = await signIn(app, user.username, password);
    for (let i = 0; i < 3; i += 1) {
      const res = await client.post('/api/auth/password', { currentPassword: `Guess-Number-${i}`, newPassword: 'Brand-New-Pass-9' });
      expect(res.status).toBe(400);
    }
    // even the right current password is refused now: the guesser cannot learn from the answer
    const limited = await client.post('/api/auth/password', { currentPassword: password, newPassword: 'Brand-New-Pass-9' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.id).toBe('rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(14 * 60);
  });

  it('refuses a common password that meets the character classes, with a code the web app translates', async () => {
    const { user, password } = await officer();
    const client = await signIn(createTestApp(t.database), user.username, password);
    const res = await client.post('/api/auth/password', { currentPassword: password, newPassword: 'Password12' });
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'newPassword', code: 'password_guessable', message: expect.any(String) }]);
  });

  it('rate-limits guessing per IP and username (429 with Retry-After)', async () => {
    const app = createTestApp(t.database, { loginRateLimit: 3, loginRateWindowMinutes: 10 });
    const client = new TestClient(app);
    for (let i = 0; i < 3; i += 1) {
      expect((await client.post('/api/auth/login', { username: 'ghost-user', password: 'Wrong-Password-1' })).status).toBe(401);
    }
    const limited = await client.post('/api/auth/login', { username: 'ghost-user', password: 'Wrong-Password-1' });
    expect(limited.status).toBe(429);
    expect(limited.body.error).toMatchObject({ id: 'rate_limited', details: { retryAfterSeconds: 600 } });
    expect(limited.headers.get('retry-after')).toBe('600');
    // another username from the same address is not affected
    expect((await client.post('/api/auth/login', { username: 'other-ghost', password: 'Wrong-Password-1' })).status).toBe(401);
  });

  it('changes the own password under the policy, keeping this session and ending the others', async () => {
    const { user, password } = await officer();
    const app = createTestApp(t.database);
    const here = await signIn(app, user.username, password);
    const elsewhere = await signIn(app, user.username, password);
    const weak = await here.post('/api/auth/password', { currentPassword: password, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.map((d: { path: string }) => d.path)).toContain('newPassword');
    const wrongCurrent = await here.post('/api/auth/password', { currentPassword: 'Not-Mine-123', newPassword: 'Brand-New-Pass-9' });
    expect(wrongCurrent.body.error.details[0].path).toBe('currentPassword');
    expect((await here.post('/api/auth/password', { currentPassword: password, newPassword: 'Brand-New-Pass-9' })).status).toBe(204);
    expect((await here.get('/api/auth/me')).status).toBe(200);
    expect((await elsewhere.get('/api/auth/me')).status).toBe(401);
    await signIn(app, user.username, 'Brand-New-Pass-9');
  });

  it('remembers the language choice', async () => {
    const { user, password } = await officer();
    const app = createTestApp(t.database);
    const client = await signIn(app, user.username, password);
    expect((await client.put('/api/auth/locale', { locale: 'en' })).body.user.locale).toBe('en');
    expect((await client.put('/api/auth/locale', { locale: 'fr' })).status).toBe(400);
    const again = await signIn(app, user.username, password);
    expect((await again.get('/api/auth/me')).body.user.locale).toBe('en');
  });
});

/**
 * Kept principals (platform/http/session-principals.ts, issue 11's load work): a server with a live hub keeps a
 * session's principal instead of reading it on every request. Revocation must not wait for it: a sign-out, a
 * disabled account or a removed right takes effect for the very next request in the same process, and a change
 * made outside the process's requests (another process, the CLI, SQL) as soon as its database notice arrives.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { sessionBounds } from '../../platform/auth/sessions.ts';
import { jurisdictions, userRoles } from '../../platform/db/platform.tables.ts';
import { SessionPrincipals, sessionPrincipalsFor } from '../../platform/http/session-principals.ts';
import { LiveHub } from '../../platform/live/live.ts';
import { buildDistrictTree, buildUser, memoryLogger, signIn, testConfig, testEngines, withTestDb } from '../../test-support/index.ts';
import type { Principal } from '../../platform/auth/scope.ts';

const principal = (id: string): Principal => ({ id, username: id, displayName: id, locale: 'zh-CN', grants: [] });

describe('SessionPrincipals', () => {
  const config = { sessionIdleMinutes: 30 };
  const at = (iso: string) => sessionBounds(config, new Date(iso));

  it('serves an entry only while the session is live and its idle clock needs no refresh', () => {
    const kept = new SessionPrincipals();
    const entry = { principal: principal('u1'), lastSeenAt: new Date('2026-03-01T08:00:00Z'), expiresAt: new Date('2026-03-01T08:00:50Z') };
    kept.keep('s1', entry, kept.generation);
    expect(kept.get('s1', at('2026-03-01T08:00:30Z'))?.id).toBe('u1');
    // past its expiry (50 s), the entry is gone
    expect(kept.get('s1', at('2026-03-01T08:00:51Z'))).toBeUndefined();
    expect(kept.size).toBe(0);
    // a minute after the last refresh the database is asked again (it refreshes the idle clock)
    kept.keep('s2', { ...entry, expiresAt: new Date('2026-03-01T20:00:00Z') }, kept.generation);
    expect(kept.get('s2', at('2026-03-01T08:00:59Z'))?.id).toBe('u1');
    expect(kept.get('s2', at('2026-03-01T08:01:00Z'))).toBeUndefined();
  });

  it('forgets by session, by user and wholesale, and does not keep a load that started before a forgetting', () => {
    const kept = new SessionPrincipals();
    const now = at('2026-03-01T08:00:10Z');
    const entry = (id: string) => ({
      principal: principal(id),
      lastSeenAt: new Date('2026-03-01T08:00:00Z'),
      expiresAt: new Date('2026-03-01T20:00:00Z'),
    });
    kept.keep('s1', entry('u1'), kept.generation);
    kept.keep('s2', entry('u1'), kept.generation);
    kept.keep('s3', entry('u2'), kept.generation);
    kept.forget({ control: 'session_ended', sessionId: 's3' });
    expect([kept.get('s1', now)?.id, kept.get('s2', now)?.id, kept.get('s3', now)]).toEqual(['u1', 'u1', undefined]);
    kept.forget({ control: 'principal_changed', userId: 'u1' });
    expect([kept.get('s1', now), kept.get('s2', now)]).toEqual([undefined, undefined]);
    const before = kept.generation;
    kept.keep('s1', entry('u1'), before);
    kept.forget({ control: 'jurisdictions_changed' });
    expect(kept.get('s1', now)).toBeUndefined();
    // loaded under the old generation: not kept
    kept.keep('s1', entry('u1'), before);
    expect(kept.get('s1', now)).toBeUndefined();
    kept.keep('s1', entry('u1'), kept.generation);
    kept.forgetAll();
    expect(kept.size).toBe(0);
  });
});

describe.each(testEngines())('kept principals in the server (%s)', (engine) => {
  const t = withTestDb(engine);

  const setUp = async () => {
    const tree = await buildDistrictTree(t.database);
    const admin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const live = new LiveHub();
    await live.start(t.database);
    const app = createApp({ database: t.database, config: testConfig(), log: memoryLogger(), live });
    return { tree, admin, epi, live, app, kept: sessionPrincipalsFor(live)! };
  };

  /** Asks until `check` holds (a database notice arrives after its commit), at most 5 s. */
  const eventually = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i += 1) {
      if (await check()) return true;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return false;
  };

  it('keeps a principal between reads; a sign-out, a disabled account or a removed right counts from the next request', async () => {
    const { admin, epi, live, app, kept } = await setUp();
    try {
      const adminClient = await signIn(app, admin.user.username, admin.password);
      const epiClient = await signIn(app, epi.user.username, epi.password);
      expect((await epiClient.get('/api/cases')).status).toBe(200);
      expect((await epiClient.get('/api/cases')).status).toBe(200);
      expect(kept.size).toBeGreaterThan(0);

      // the right goes: the very next request is refused, without waiting for any notice
      const roles = await adminClient.patch(`/api/users/${epi.user.id}`, { roles: [] });
      expect(roles.status).toBe(200);
      expect((await epiClient.get('/api/cases')).status).toBe(403);
      expect((await epiClient.get('/api/auth/me')).body.user.roles).toEqual([]);

      // disabled: the next request is not signed in
      expect((await adminClient.patch(`/api/users/${epi.user.id}`, { disabled: true })).status).toBe(200);
      expect((await epiClient.get('/api/auth/me')).status).toBe(401);

      // signed out: the cookie opens nothing any more
      const cookie = adminClient.cookies.get('oc_session')!;
      expect((await adminClient.get('/api/auth/me')).status).toBe(200);
      expect((await adminClient.post('/api/auth/logout')).status).toBe(204);
      const replay = await app.request('/api/auth/me', { headers: { cookie: `oc_session=${cookie}` } });
      expect(replay.status).toBe(401);
    } finally {
      await live.stop();
    }
  });

  it("hears changes made outside this process's requests: roles removed and a jurisdiction renamed in SQL", async () => {
    const { tree, epi, live, app, kept } = await setUp();
    try {
      const epiClient = await signIn(app, epi.user.username, epi.password);
      expect((await epiClient.get('/api/cases')).status).toBe(200);
      expect(kept.size).toBeGreaterThan(0);
      await t.database.db.update(jurisdictions).set({ name: '改名区' }).where(eq(jurisdictions.id, tree.district.id));
      expect(await eventually(async () => (await epiClient.get('/api/auth/me')).body.user.roles[0].jurisdictionName === '改名区')).toBe(
        true,
      );
      await t.database.db.delete(userRoles).where(eq(userRoles.userId, epi.user.id));
      expect(await eventually(async () => (await epiClient.get('/api/cases')).status === 403)).toBe(true);
    } finally {
      await live.stop();
    }
  });
});

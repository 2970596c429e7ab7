import { describe, expect, it } from 'vitest';
import { loginAttempts, sessions } from '../db/platform.tables.ts';
import { buildUser } from '../../test-support/factories.ts';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';
import { createSession, findActiveSession, purgeExpiredSessions, purgeOldLoginAttempts } from './sessions.ts';

describe.each(testEngines())('session store (%s)', (engine) => {
  const t = withTestDb(engine);
  const config = { sessionIdleMinutes: 30, sessionMaxHours: 12 };

  it('finds a live session by its token, refreshes the idle clock, and purges dead ones', async () => {
    const { user } = await buildUser(t.database);
    const start = new Date('2026-03-01T08:00:00Z');
    const live = await createSession(t.database.db, user.id, { config, now: start });
    const idle = await createSession(t.database.db, user.id, { config, now: start });
    expect(live.expiresAt.toISOString()).toBe('2026-03-01T20:00:00.000Z');
    // 20 minutes later the first is used (refreshing it); 40 minutes later the second has idled out
    expect(await findActiveSession(t.database.db, live.token, config, new Date('2026-03-01T08:20:00Z'))).toEqual({
      id: live.id,
      userId: user.id,
    });
    const at40 = new Date('2026-03-01T08:40:00Z');
    expect(await findActiveSession(t.database.db, live.token, config, at40)).toBeDefined();
    expect(await findActiveSession(t.database.db, idle.token, config, at40)).toBeUndefined();
    expect(await findActiveSession(t.database.db, 'forged-token', config, at40)).toBeUndefined();
    expect(await purgeExpiredSessions(t.database.db, config, at40)).toBe(1);
    const left = await t.database.db.select({ id: sessions.id }).from(sessions);
    expect(left.map((s) => s.id)).toContain(live.id);
    expect(left.map((s) => s.id)).not.toContain(idle.id);
  });

  it('keeps sign-in attempts for a year, then purges them', async () => {
    const now = new Date('2027-06-01T00:00:00Z');
    await t.database.db.insert(loginAttempts).values([
      { username: 'old', ip: '1.2.3.4', at: new Date('2026-05-01T00:00:00Z'), success: false },
      { username: 'recent', ip: '1.2.3.4', at: new Date('2026-12-01T00:00:00Z'), success: false },
    ]);
    expect(await purgeOldLoginAttempts(t.database.db, now)).toBe(1);
    const left = await t.database.db.select({ username: loginAttempts.username }).from(loginAttempts);
    expect(left.map((r) => r.username)).toContain('recent');
    expect(left.map((r) => r.username)).not.toContain('old');
  });
});

/**
 * The session middleware's principal comes in one statement (loadSessionPrincipal: session, user and role grants
 * together, issue 11's load work). It must be the very principal the three separate reads gave (loadPrincipal),
 * and nothing for a session that is unknown, expired, idle, or whose user is disabled.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sessionBounds, createSession } from '../../platform/auth/sessions.ts';
import { sessions, users } from '../../platform/db/platform.tables.ts';
import { buildDistrictTree, buildUser } from '../../test-support/factories.ts';
import { testEngines, withTestDb } from '../../test-support/test-db.ts';
import { loadPrincipal, loadSessionPrincipal } from './users.store.ts';

describe.each(testEngines())('a session and its principal in one statement (%s)', (engine) => {
  const t = withTestDb(engine);
  const config = { sessionIdleMinutes: 30, sessionMaxHours: 12 };

  it('gives the principal loadPrincipal gives, grants in the same order; nothing for a dead session or a disabled user', async () => {
    const tree = await buildDistrictTree(t.database);
    const { user } = await buildUser(t.database, {
      roles: [
        { role: 'township_officer', jurisdictionId: tree.townshipB.id },
        { role: 'epidemiologist', jurisdictionId: tree.district.id },
        { role: 'township_officer', jurisdictionId: tree.townshipA.id },
      ],
    });
    const start = new Date('2026-03-01T08:00:00Z');
    const session = await createSession(t.database.db, user.id, { config, now: start });
    const at10 = sessionBounds(config, new Date('2026-03-01T08:10:00Z'));
    const found = await loadSessionPrincipal(t.database.db, session.id, at10);
    const expected = await loadPrincipal(t.database.db, user.id);
    expect(found?.principal).toEqual(expected);
    expect(found?.principal.grants.map((g) => g.role)).toEqual(['epidemiologist', 'township_officer', 'township_officer']);
    expect(found?.lastSeenAt.toISOString()).toBe(start.toISOString());

    // unknown, idle (40 minutes without a request), past its lifetime (13 hours)
    expect(await loadSessionPrincipal(t.database.db, 'f'.repeat(64), at10)).toBeUndefined();
    expect(await loadSessionPrincipal(t.database.db, session.id, sessionBounds(config, new Date('2026-03-01T08:40:00Z')))).toBeUndefined();
    await t.database.db
      .update(sessions)
      .set({ lastSeenAt: new Date('2026-03-01T20:50:00Z') })
      .where(eq(sessions.id, session.id));
    expect(await loadSessionPrincipal(t.database.db, session.id, sessionBounds(config, new Date('2026-03-01T21:00:00Z')))).toBeUndefined();

    // a user without roles still signs in (with no grants); a disabled one does not
    const { user: bare } = await buildUser(t.database);
    const bareSession = await createSession(t.database.db, bare.id, { config, now: start });
    expect((await loadSessionPrincipal(t.database.db, bareSession.id, at10))?.principal.grants).toEqual([]);
    await t.database.db.update(users).set({ disabled: true }).where(eq(users.id, bare.id));
    expect(await loadSessionPrincipal(t.database.db, bareSession.id, at10)).toBeUndefined();
  });
});

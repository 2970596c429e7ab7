/**
 * Live events (issue 11 item 5): every event is scoped like the record it is about, and a stream ends with
 * its session — sign-out, a disabled account, a role change — instead of delivering for minutes after.
 */
import { describe, expect, it } from 'vitest';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import type { AppOpenAPI } from '../http/context.ts';
import { mayReceive, publishLive, publishLiveDistrictWide, publishLiveIn } from './live.ts';

/** Reads a stream's events until it ends or `ms` pass. */
async function readStream(response: Response, ms: number): Promise<{ events: Array<Record<string, unknown>>; ended: boolean }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const events: Array<Record<string, unknown>> = [];
  let buffer = '';
  const deadline = Date.now() + ms;
  let ended = false;
  while (Date.now() < deadline) {
    const chunk = await Promise.race([
      reader.read(),
      new Promise<null>((resolve) => setTimeout(() => resolve(null), deadline - Date.now())),
    ]);
    if (!chunk) break;
    if (chunk.done) {
      ended = true;
      break;
    }
    buffer += decoder.decode(chunk.value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.includes('event: ready')) continue;
      const data = block.split('\n').find((line) => line.startsWith('data:'));
      if (data) events.push(JSON.parse(data.slice(5).trim()));
    }
  }
  await reader.cancel().catch(() => {});
  return { events, ended };
}

const openStream = (app: AppOpenAPI, client: TestClient) =>
  app.request('/api/live', { headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe.each(testEngines())('live events (%s)', (engine) => {
  const t = withTestDb(engine);

  it('delivers an event only within the scope of the records it is about; an unscoped one reaches nobody', async () => {
    const tree = await buildDistrictTree(t.database);
    const officerA = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const officerB = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });

    // rules, without a database round trip
    const unscoped = { topic: 'feeds', action: 'counts', right: 'feeds.read' as const, data: { count: 7 } };
    expect(mayReceive(officerA.principal, unscoped)).toBe(false);
    expect(mayReceive(epi.principal, unscoped)).toBe(false);
    expect(mayReceive(officerB.principal, { topic: 'diseases', id: 'd', everywhere: true })).toBe(true);

    const app = createTestApp(t.database);
    const clients = await Promise.all([officerA, officerB, epi].map((u) => signIn(app, u.user.username, u.password)));
    const streams = await Promise.all(clients.map((c) => openStream(app, c)));
    const reading = streams.map((s) => readStream(s, 3000));
    await settle();
    await t.database.db.transaction(async (tx) => {
      await publishLive(tx, unscoped); // as feeds and imports used to: to every holder of the right
      await publishLiveIn(
        tx,
        { topic: 'feeds', action: 'counts', right: 'feeds.read' },
        new Map([
          [tree.communityA.id, 5],
          [tree.townshipA.id, 2],
        ]),
      );
      await publishLiveDistrictWide(tx, {
        topic: 'signals',
        id: 'run-1',
        action: 'run',
        right: 'signals.read',
        data: { signalsCreated: 3 },
      });
    });
    const [a, b, district] = await Promise.all(reading);
    expect(a!.events).toHaveLength(2);
    expect(a!.events).toEqual(
      expect.arrayContaining([
        { topic: 'feeds', action: 'counts', data: { count: 5 } },
        { topic: 'feeds', action: 'counts', data: { count: 2 } },
      ]),
    );
    expect(b!.events).toEqual([]); // Baisha hears nothing of Wangjiang
    expect(district!.events).toHaveLength(3);
    expect(district!.events[2]).toMatchObject({ topic: 'signals', id: 'run-1' });
  });

  it('ends the stream at sign-out, when the account is disabled, and when the roles change', async () => {
    const tree = await buildDistrictTree(t.database);
    const admin = await buildUser(t.database, { role: 'system_admin', jurisdictionId: tree.district.id });
    const officer = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const app = createTestApp(t.database);
    const adminClient = await signIn(app, admin.user.username, admin.password);
    const event = () =>
      t.database.db.transaction((tx) =>
        publishLive(tx, { topic: 'alerts', id: 'x', right: 'alerts.read', jurisdictionPath: tree.townshipA.path }),
      );

    // sign-out
    let client = await signIn(app, officer.user.username, officer.password);
    let reading = readStream(await openStream(app, client), 4000);
    await settle();
    expect((await client.post('/api/auth/logout')).status).toBeLessThan(300);
    await event();
    let result = await reading;
    expect(result.ended).toBe(true);
    expect(result.events).toEqual([]);

    // a role change (here: another township) ends the stream opened with the old rights
    client = await signIn(app, officer.user.username, officer.password);
    reading = readStream(await openStream(app, client), 4000);
    await settle();
    const moved = await adminClient.patch(`/api/users/${officer.user.id}`, {
      roles: [{ role: 'township_officer', jurisdictionId: tree.townshipB.id }],
    });
    expect(moved.status).toBe(200);
    await event();
    result = await reading;
    expect(result.ended).toBe(true);
    expect(result.events).toEqual([]);

    // the account disabled
    reading = readStream(await openStream(app, client), 4000);
    await settle();
    expect((await adminClient.patch(`/api/users/${officer.user.id}`, { disabled: true })).status).toBe(200);
    await t.database.db.transaction((tx) =>
      publishLive(tx, { topic: 'alerts', id: 'y', right: 'alerts.read', jurisdictionPath: tree.townshipB.path }),
    );
    result = await reading;
    expect(result.ended).toBe(true);
    expect(result.events).toEqual([]);
    expect((await openStream(app, client)).status).toBe(401);
  });
});

import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { type TestClient, buildDistrictTree, buildUser, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { buildDisease } from './alerts.fixtures.ts';

/** Sends a multipart upload with the client's cookies and CSRF header. */
async function upload(client: TestClient, path: string, name: string, bytes: Uint8Array) {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type: 'image/png' }));
  const res = await client.app.request(path, {
    method: 'POST',
    body: form,
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': client.cookies.get('oc_csrf') ?? '' },
  });
  return { status: res.status, body: (await res.json()) as any };
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

describe.each(testEngines())('event reports (%s)', (engine) => {
  const t = withTestDb(engine);
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let officerA: TestClient;
  let officerB: TestClient;
  let epi: TestClient;
  let viewer: TestClient;
  let officerAId: string;
  let epiId: string;

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const app = createTestApp(t.database);
    const oA = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const oB = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const v = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.district.id });
    officerAId = oA.user.id;
    epiId = e.user.id;
    officerA = await signIn(app, oA.user.username, oA.password);
    officerB = await signIn(app, oB.user.username, oB.password);
    epi = await signIn(app, e.user.username, e.password);
    viewer = await signIn(app, v.user.username, v.password);
  });

  const report = (overrides: Record<string, unknown> = {}) => ({
    eventType: 'school_cluster',
    place: '实验小学三年级二班',
    occurredAt: hoursAgo(20),
    peopleAffected: 12,
    description: '同班 12 名学生发热、呕吐',
    source: '校医电话',
    ...overrides,
  });

  it("opens an alert of class event at the officer's community, which the verifiers are told of and handle as any alert", async () => {
    const res = await officerA.post('/api/event-reports', report({ jurisdictionId: tree.communityA.id }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      eventType: 'school_cluster',
      place: '实验小学三年级二班',
      peopleAffected: 12,
      deaths: 0,
      jurisdiction: { id: tree.communityA.id, level: 'community' },
      reportedBy: { id: officerAId },
      alertStatus: 'new',
    });

    const alert = await epi.get(`/api/alerts/${res.body.alertId}`);
    expect(alert.status).toBe(200);
    expect(alert.body).toMatchObject({
      origin: 'event',
      status: 'new',
      code: res.body.alertCode,
      disease: null,
      event: { id: res.body.id, eventType: 'school_cluster', place: '实验小学三年级二班' },
      jurisdiction: { id: tree.communityA.id },
      eventReport: { id: res.body.id, description: '同班 12 名学生发热、呕吐', source: '校医电话' },
      signalCount: 0,
    });
    expect(alert.body.allowedActions).toContain('start_verification');
    // 24 hours to verify when no disease is suspected
    const dueIn = new Date(alert.body.verificationDueAt).getTime() - new Date(alert.body.createdAt).getTime();
    expect(dueIn).toBe(24 * 3_600_000);
    expect(alert.body.summaryZh).toContain('12 人受影响');

    // the same workflow: the epidemiologist starts verifying it
    expect((await epi.post(`/api/alerts/${res.body.alertId}/start-verification`, {})).status).toBe(200);

    // listed with the other alerts, and filterable by class
    const events = await epi.get('/api/alerts?origin=event&pageSize=500');
    expect(events.body.items.map((a: { id: string }) => a.id)).toContain(res.body.alertId);
    const signalsOnly = await epi.get('/api/alerts?origin=signal&pageSize=500');
    expect(signalsOnly.body.items.map((a: { id: string }) => a.id)).not.toContain(res.body.alertId);

    // the verifier was notified, the reporter was not (their own action); both writes are audited
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.entityId, res.body.alertId)));
    expect(told.map((n) => n.userId)).toContain(epiId);
    expect(told.map((n) => n.userId)).not.toContain(officerAId);
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'event_report'), eq(auditLog.entityId, res.body.id)));
    expect(audited).toMatchObject([{ action: 'create', actorId: officerAId }]);
  });

  it("defaults to the officer's township; another township neither sees it nor may report there", async () => {
    const res = await officerA.post('/api/event-reports', report({ eventType: 'rumour', place: '东门农贸市场', peopleAffected: 0 }));
    expect(res.status).toBe(201);
    expect(res.body.jurisdiction.id).toBe(tree.townshipA.id);

    expect((await officerB.get(`/api/event-reports/${res.body.id}`)).status).toBe(404);
    expect((await officerB.get(`/api/alerts/${res.body.alertId}`)).status).toBe(404);
    const listB = await officerB.get('/api/event-reports?pageSize=500');
    expect(listB.body.items.map((r: { id: string }) => r.id)).not.toContain(res.body.id);
    const mineA = await officerA.get('/api/event-reports?mine=true&pageSize=500');
    expect(mineA.body.items.map((r: { id: string }) => r.id)).toContain(res.body.id);

    const elsewhere = await officerB.post('/api/event-reports', report({ jurisdictionId: tree.communityA.id }));
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.details).toEqual([expect.objectContaining({ path: 'jurisdictionId', code: 'event_place_outside' })]);
  });

  it('refuses what cannot be true, naming the field, and a role without the right', async () => {
    const future = await officerA.post('/api/event-reports', report({ occurredAt: new Date(Date.now() + 86_400_000).toISOString() }));
    expect(future.status).toBe(400);
    expect(future.body.error.details).toEqual([expect.objectContaining({ path: 'occurredAt', code: 'event_in_future' })]);
    const old = await officerA.post('/api/event-reports', report({ occurredAt: new Date(Date.now() - 91 * 86_400_000).toISOString() }));
    expect(old.body.error.details).toEqual([{ path: 'occurredAt', code: 'event_too_old', message: 'report events of the last 90 days' }]);
    const deaths = await officerA.post('/api/event-reports', report({ peopleAffected: 2, deaths: 3 }));
    expect(deaths.status).toBe(400);
    expect(deaths.body.error.details).toEqual([expect.objectContaining({ path: 'deaths', code: 'event_deaths_exceed' })]);
    const empty = await officerA.post('/api/event-reports', report({ place: '  ', description: '' }));
    expect(empty.status).toBe(400);
    const unknownDisease = await officerA.post(
      '/api/event-reports',
      report({ suspectedDiseaseId: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(unknownDisease.status).toBe(400);
    expect(unknownDisease.body.error.details).toEqual([
      expect.objectContaining({ path: 'suspectedDiseaseId', code: 'event_unknown_disease' }),
    ]);
    expect((await viewer.post('/api/event-reports', report())).status).toBe(403);
  });

  it('a suspected Class A disease gets its 2-hour deadline; the reporter adds a photo to the alert, another officer may not', async () => {
    const cholera = await buildDisease(t.database, 'A');
    const res = await officerA.post(
      '/api/event-reports',
      report({ eventType: 'gathering', place: '村委会婚宴', suspectedDiseaseId: cholera.id, peopleAffected: 30, deaths: 1 }),
    );
    expect(res.status).toBe(201);
    const alert = await epi.get(`/api/alerts/${res.body.alertId}`);
    expect(alert.body.disease.id).toBe(cholera.id);
    expect(new Date(alert.body.verificationDueAt).getTime() - new Date(alert.body.createdAt).getTime()).toBe(2 * 3_600_000);
    const critical = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.entityId, res.body.alertId), eq(notifications.userId, epiId)));
    expect(critical.map((n) => n.severity)).toEqual(['critical']);

    const photo = await upload(officerA, `/api/event-reports/${res.body.id}/files`, 'scene.png', PNG);
    expect(photo.status).toBe(201);
    const files = await epi.get(`/api/alerts/${res.body.alertId}/files`);
    expect(files.body.items.map((f: { filename: string }) => f.filename)).toEqual(['scene.png']);
    expect((await upload(officerB, `/api/event-reports/${res.body.id}/files`, 'x.png', PNG)).status).toBe(404);
  });
});

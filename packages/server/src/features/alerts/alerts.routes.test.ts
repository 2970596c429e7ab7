import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { type TestClient, buildDistrictTree, buildUser, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { alertComments, alertEvents } from './alerts.tables.ts';
import { buildDisease, signalsToAlerts } from './alerts.fixtures.ts';

/** Sends a multipart upload with the client's cookies and CSRF header. */
async function upload(client: TestClient, path: string, name: string, bytes: Uint8Array, type = 'application/octet-stream') {
  const form = new FormData();
  form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  const res = await client.app.request(path, {
    method: 'POST',
    body: form,
    headers: {
      cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': client.cookies.get('oc_csrf') ?? '',
    },
  });
  return { status: res.status, body: (await res.json()) as any };
}

describe.each(testEngines())('alerts API (%s)', (engine) => {
  const t = withTestDb(engine);
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let epi: TestClient;
  let epiB: TestClient;
  let officerA: TestClient;
  let officerB: TestClient;
  let viewer: TestClient;
  let officerAId: string;
  let epiId: string;
  let colleagueId: string;
  let epiBId: string;
  let commanderId: string;

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const app = createTestApp(t.database);
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const colleague = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const eB = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.townshipB.id });
    const oA = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const oB = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const commander = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.district.id });
    const v = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.district.id });
    officerAId = oA.user.id;
    epiId = e.user.id;
    colleagueId = colleague.user.id;
    epiBId = eB.user.id;
    commanderId = commander.user.id;
    epi = await signIn(app, e.user.username, e.password);
    epiB = await signIn(app, eB.user.username, eB.password);
    officerA = await signIn(app, oA.user.username, oA.password);
    officerB = await signIn(app, oB.user.username, oB.password);
    viewer = await signIn(app, v.user.username, v.password);
  });

  async function newAlert(jurisdictionId = tree.townshipA.id): Promise<string> {
    // a fresh disease each time, so each test gets its own alert rather than the open one of an earlier test
    const disease = await buildDisease(t.database, 'B');
    const { created } = await signalsToAlerts(t.database, [{ diseaseId: disease.id, jurisdictionId }]);
    return created[0]!;
  }

  it('lists and shows alerts within scope only; a township officer sees their own township', async () => {
    const a = await newAlert(tree.townshipA.id);
    const b = await newAlert(tree.townshipB.id);
    const all = await epi.get('/api/alerts?pageSize=500');
    expect(all.status).toBe(200);
    const ids = all.body.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([a, b]));

    const mine = await officerA.get('/api/alerts?pageSize=500');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(a);
    expect(mine.body.items.map((i: { id: string }) => i.id)).not.toContain(b);
    expect(mine.body.items.every((i: { jurisdiction: { id: string } }) => i.jurisdiction.id === tree.townshipA.id)).toBe(true);
    expect((await officerA.get(`/api/alerts/${b}`)).status).toBe(404);
    expect((await officerA.get(`/api/alerts/${b}/history`)).status).toBe(404);
    expect((await officerA.get(`/api/alerts/${b}/files`)).status).toBe(404);

    const detail = await officerA.get(`/api/alerts/${a}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      status: 'new',
      canAct: false,
      canComment: true,
      allowedActions: [],
      signalCount: 1,
      overdue: false,
    });
    expect(detail.body.signals[0]).toMatchObject({
      observed: 5,
      threshold: 2,
      expected: 1.5,
      method: 'cidars_mpm',
      parameters: { percentile: 80 },
    });
    // reading is allowed, acting is not: the officer lacks alerts.verify
    expect((await officerA.post(`/api/alerts/${a}/start-verification`, {})).status).toBe(403);
    // a verifier of township B cannot act on township A's alert: not found
    expect((await epiB.post(`/api/alerts/${a}/start-verification`, {})).status).toBe(404);
    expect((await epiB.post(`/api/alerts/${a}/comments`, { body: 'x' })).status).toBe(404);

    const filtered = await epi.get(`/api/alerts?jurisdictionId=${tree.townshipB.id}&status=new,verifying&pageSize=500`);
    expect(filtered.body.items.map((i: { id: string }) => i.id)).toContain(b);
    expect(filtered.body.items.map((i: { id: string }) => i.id)).not.toContain(a);
    expect((await epi.get('/api/alerts?status=bogus')).status).toBe(400);
    expect((await epi.get('/api/alerts/not-a-uuid')).status).toBe(404);
  });

  it('walks new → verifying → risk assessment → characterised (orange) → confirmed, recording who, when and why', async () => {
    const id = await newAlert();
    const initial = await epi.get(`/api/alerts/${id}`);
    expect(initial.body.allowedActions).toEqual(['assign', 'start_verification', 'discard']);

    // assign to a colleague with a new deadline: the colleague is told
    const due = new Date(Date.now() + 3 * 3_600_000).toISOString();
    const assigned = await epi.post(`/api/alerts/${id}/assign`, { assigneeId: colleagueId, verificationDueAt: due, note: 'on duty today' });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee.id).toBe(colleagueId);
    expect(assigned.body.verificationDueAt).toBe(due);
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, colleagueId), eq(notifications.entityId, id), eq(notifications.kind, 'alert.assigned')));
    expect(told).toHaveLength(1);
    expect(told[0]!.link).toBe(`/alerts/${id}`);

    expect((await epi.post(`/api/alerts/${id}/start-verification`, { note: 'calling the clinic' })).body.status).toBe('verifying');
    const assessed = await epi.post(`/api/alerts/${id}/assess`, {
      hazard: 'Norovirus suspected',
      exposure: '40 pupils, one canteen',
      context: 'winter term',
    });
    expect(assessed.body.status).toBe('risk_assessment');
    expect(assessed.body.assessment).toMatchObject({
      hazard: 'Norovirus suspected',
      exposure: '40 pupils, one canteen',
      context: 'winter term',
      assessedBy: epiId,
    });

    // 3 × 4 = 12: orange
    const characterised = await epi.post(`/api/alerts/${id}/characterise`, { likelihood: 3, consequence: 4 });
    expect(characterised.status).toBe(200);
    expect(characterised.body).toMatchObject({ status: 'characterised', warningLevel: 'orange' });
    expect(characterised.body.assessment).toMatchObject({
      likelihood: 3,
      consequence: 4,
      matrixLevel: 'orange',
      warningLevel: 'orange',
      overrideReason: '',
    });
    expect(characterised.body.allowedActions).toEqual(['assign', 'characterise', 'close', 'confirm']);

    const confirmed = await epi.post(`/api/alerts/${id}/confirm`, { note: 'outbreak confirmed by the lab' });
    expect(confirmed.body).toMatchObject({ status: 'confirmed', allowedActions: [] });
    expect(confirmed.body.closedAt).not.toBeNull();
    const commanderTold = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, commanderId), eq(notifications.entityId, id), eq(notifications.kind, 'alert.confirmed')));
    expect(commanderTold).toHaveLength(1);
    expect(commanderTold[0]!.severity).toBe('critical');

    const history = await epi.get(`/api/alerts/${id}/history`);
    expect(history.body.items.map((h: { kind: string; toStatus: string }) => `${h.kind}:${h.toStatus}`)).toEqual([
      'created:new',
      'assigned:new',
      'status:verifying',
      'assessed:risk_assessment',
      'characterised:characterised',
      'status:confirmed',
    ]);
    expect(history.body.items[0].actor).toBeNull();
    expect(history.body.items[1]).toMatchObject({ reason: 'on duty today', actor: { id: epiId } });
    expect(history.body.items[4].data).toMatchObject({
      likelihood: 3,
      consequence: 4,
      score: 12,
      matrixLevel: 'orange',
      overridden: false,
    });
    expect(history.body.items[5].reason).toBe('outbreak confirmed by the lab');

    const records = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'alert'), eq(auditLog.entityId, id)));
    expect(records.filter((r) => r.actorId === epiId)).toHaveLength(5);

    // finished: every action is refused with the (empty) list of allowed ones
    const refused = await epi.post(`/api/alerts/${id}/close`, { reason: 'x' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ status: 'confirmed', action: 'close', allowed: [] });
  });

  it('refuses moves the status does not allow (409 with the allowed actions) and bad input (400 naming the field)', async () => {
    const id = await newAlert();
    const early = await epi.post(`/api/alerts/${id}/confirm`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.details).toEqual({ status: 'new', action: 'confirm', allowed: ['assign', 'start_verification', 'discard'] });
    expect((await epi.post(`/api/alerts/${id}/characterise`, { likelihood: 1, consequence: 1 })).status).toBe(409);
    expect((await epi.post(`/api/alerts/${id}/monitor`, {})).status).toBe(409);

    const noReason = await epi.post(`/api/alerts/${id}/discard`, { reason: '  ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toBe('reason');
    expect((await epi.post(`/api/alerts/${id}/discard`, { reason: 'x', extra: 1 })).status).toBe(400);

    // the township B verifier does not cover township A: cannot be assigned its alert
    const wrongPerson = await epi.post(`/api/alerts/${id}/assign`, { assigneeId: epiBId });
    expect(wrongPerson.status).toBe(400);
    expect(wrongPerson.body.error.details[0].path).toBe('assigneeId');
    const past = await epi.post(`/api/alerts/${id}/assign`, { assigneeId: colleagueId, verificationDueAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.error.details[0].path).toBe('verificationDueAt');

    const assignees = await epi.get(`/api/alerts/${id}/assignees`);
    const names = assignees.body.items.map((u: { id: string }) => u.id);
    expect(names).toEqual(expect.arrayContaining([epiId, colleagueId, commanderId]));
    expect(names).not.toContain(epiBId);

    // starting verification unassigned takes the alert
    const started = await epi.post(`/api/alerts/${id}/start-verification`, {});
    expect(started.body.assignee.id).toBe(epiId);
    expect(started.body.allowedActions).toEqual(['assign', 'discard', 'monitor', 'assess']);

    expect((await epi.post(`/api/alerts/${id}/assess`, { hazard: '', exposure: 'x', context: 'y' })).status).toBe(400);
    await epi.post(`/api/alerts/${id}/assess`, { hazard: 'h', exposure: 'e', context: 'c' });
    const override = await epi.post(`/api/alerts/${id}/characterise`, { likelihood: 2, consequence: 2, warningLevel: 'red' });
    expect(override.status).toBe(400);
    expect(override.body.error.details[0].path).toBe('overrideReason');
    expect((await epi.post(`/api/alerts/${id}/characterise`, { likelihood: 6, consequence: 2 })).status).toBe(400);
    const overridden = await epi.post(`/api/alerts/${id}/characterise`, {
      likelihood: 2,
      consequence: 2,
      warningLevel: 'yellow',
      overrideReason: 'a school is involved',
    });
    expect(overridden.body.assessment).toMatchObject({
      matrixLevel: 'blue',
      warningLevel: 'yellow',
      overrideReason: 'a school is involved',
    });
    expect(overridden.body.warningLevel).toBe('yellow');
    const closed = await epi.post(`/api/alerts/${id}/close`, { reason: 'contained, no new cases in 14 days' });
    expect(closed.body.status).toBe('closed');
  });

  it('discards with a reason, monitors, and lets a new signal open a fresh alert after discarding', async () => {
    const id = await newAlert();
    await epi.post(`/api/alerts/${id}/start-verification`, {});
    expect((await epi.post(`/api/alerts/${id}/monitor`, { note: 'watch for a week' })).body.status).toBe('monitoring');
    const discarded = await epi.post(`/api/alerts/${id}/discard`, { reason: 'duplicate reports of one case' });
    expect(discarded.body.status).toBe('discarded');
    const [event] = await t.database.db
      .select()
      .from(alertEvents)
      .where(and(eq(alertEvents.alertId, id), eq(alertEvents.toStatus, 'discarded')));
    expect(event).toMatchObject({ fromStatus: 'monitoring', reason: 'duplicate reports of one case', actorId: epiId });
  });

  it('keeps comments and attachments, refusing unsafe files and serving downloads as attachments', async () => {
    const id = await newAlert();
    expect((await epi.post(`/api/alerts/${id}/comments`, { body: '' })).status).toBe(400);
    const comment = await epi.post(`/api/alerts/${id}/comments`, { body: '已电话联系学校' });
    expect(comment.status).toBe(201);
    const comments = await officerA.get(`/api/alerts/${id}/comments`);
    expect(comments.body.items).toMatchObject([{ body: '已电话联系学校', author: { id: epiId } }]);

    const exe = await upload(epi, `/api/alerts/${id}/files`, 'report.exe', new Uint8Array([0x4d, 0x5a, 0x90, 0]));
    expect(exe.status).toBe(400);
    expect(exe.body.error.details[0].path).toBe('file');
    const fake = await upload(epi, `/api/alerts/${id}/files`, 'lab.pdf', new TextEncoder().encode('not a pdf'));
    expect(fake.status).toBe(400);

    const text = new TextEncoder().encode('school,absent\nA,12\n');
    const stored = await upload(epi, `/api/alerts/${id}/files`, '学校缺课.csv', text, 'text/csv');
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ filename: '学校缺课.csv', contentType: 'text/csv', size: text.length });
    expect((await upload(officerA, `/api/alerts/${id}/files`, 'a.txt', text)).status).toBe(403);

    const list = await officerA.get(`/api/alerts/${id}/files`);
    expect(list.body.items.map((f: { id: string }) => f.id)).toEqual([stored.body.id]);
    const res = await officerA.app.request(`/api/alerts/${id}/files/${stored.body.id}`, {
      headers: { cookie: [...officerA.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="____.csv"; filename*=UTF-8''${encodeURIComponent('学校缺课.csv')}`,
    );
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(text);
    expect((await officerB.get(`/api/alerts/${id}/files/${stored.body.id}`)).status).toBe(404);

    const history = await epi.get(`/api/alerts/${id}/history`);
    expect(history.body.items.at(-1)).toMatchObject({ kind: 'attached', data: { filename: '学校缺课.csv' } });
  });

  it("lets the township officer comment on their own township's alerts only; a viewer reads the discussion", async () => {
    const id = await newAlert(tree.townshipA.id);
    const other = await newAlert(tree.townshipB.id);

    const local = await officerA.post(`/api/alerts/${id}/comments`, { body: '该村小学本周因病缺课 12 人' });
    expect(local.status).toBe(201);
    expect(local.body).toMatchObject({ body: '该村小学本周因病缺课 12 人', author: { id: officerAId } });
    // another township's alert: not found, as for reading
    expect((await officerA.post(`/api/alerts/${other}/comments`, { body: 'x' })).status).toBe(404);
    expect((await officerB.post(`/api/alerts/${id}/comments`, { body: 'x' })).status).toBe(404);
    // a viewer reads alerts but may not comment (no alerts.comment), wherever the alert is
    expect((await viewer.post(`/api/alerts/${id}/comments`, { body: 'x' })).status).toBe(403);
    expect((await viewer.get(`/api/alerts/${id}`)).body).toMatchObject({ canAct: false, canComment: false });
    expect((await epi.get(`/api/alerts/${id}`)).body).toMatchObject({ canAct: true, canComment: true });

    // the epidemiologist and the viewer see the officer's comment; the officer still cannot act or attach
    const seen = await epi.get(`/api/alerts/${id}/comments`);
    expect(seen.body.items).toMatchObject([{ body: '该村小学本周因病缺课 12 人', author: { id: officerAId } }]);
    expect((await viewer.get(`/api/alerts/${id}/comments`)).body.items).toHaveLength(1);
    expect((await officerA.post(`/api/alerts/${id}/discard`, { reason: 'x' })).status).toBe(403);
    const records = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'alert_comment'), eq(auditLog.entityId, local.body.id)));
    expect(records).toMatchObject([{ action: 'create', actorId: officerAId }]);
    const stored = await t.database.db.select().from(alertComments).where(eq(alertComments.alertId, other));
    expect(stored).toEqual([]);
  });

  it('shows the township officer which signals fired in their township and why; nothing of another township', async () => {
    const disease = await buildDisease(t.database, 'B');
    const explanation = { baseline: [1, 2, 1, 2, 1], rule: 'exceeds', place: { id: tree.townshipA.id, name: tree.townshipA.name } };
    const { created } = await signalsToAlerts(t.database, [
      { diseaseId: disease.id, jurisdictionId: tree.townshipA.id, observed: 7, threshold: 3, expected: 1.2, explanation },
      { diseaseId: disease.id, jurisdictionId: tree.townshipB.id, observed: 9, threshold: 4, expected: 2 },
    ]);
    expect(created).toHaveLength(2);
    const detailA = await officerA.get(`/api/alerts/${created[0]}`);
    const [inA, inB] = detailA.status === 200 ? [created[0]!, created[1]!] : [created[1]!, created[0]!];
    const detail = await officerA.get(`/api/alerts/${inA}`);
    expect(detail.status).toBe(200);
    expect(detail.body.jurisdiction.id).toBe(tree.townshipA.id);
    expect(detail.body.signals).toHaveLength(1);
    expect(detail.body.signals[0]).toMatchObject({
      jurisdictionId: tree.townshipA.id,
      observed: 7,
      threshold: 3,
      expected: 1.2,
      explanation,
    });
    expect(detail.body.summary).toContain('observed 7');
    expect(detail.body.summaryZh).toContain('观察值 7');
    // the detail's "open signal" link shows the same explanation to the officer
    const signal = await officerA.get(`/api/signals/${detail.body.signals[0].id}`);
    expect(signal.status).toBe(200);
    expect(signal.body).toMatchObject({ alertId: inA, observed: 7, explanation });
    // township B's alert and its signals stay hidden from township A's officer
    expect((await officerA.get(`/api/alerts/${inB}`)).status).toBe(404);
    const signalsB = (await officerB.get(`/api/alerts/${inB}`)).body.signals;
    expect(signalsB.map((s: { observed: number }) => s.observed)).toEqual([9]);
    expect((await officerA.get(`/api/signals/${signalsB[0].id}`)).status).toBe(404);
  });

  it('filters the inbox by deadline and by assignee, and orders the nearest deadline first', async () => {
    const disease = await buildDisease(t.database, 'A');
    const { created } = await signalsToAlerts(
      t.database,
      [{ diseaseId: disease.id, jurisdictionId: tree.townshipB.id }],
      new Date(Date.now() - 3 * 3_600_000),
    );
    const late = created[0]!;
    const onTime = await newAlert(tree.townshipB.id);
    const overdue = await epi.get('/api/alerts?overdue=true&pageSize=500');
    const overdueIds = overdue.body.items.map((i: { id: string }) => i.id);
    expect(overdueIds).toContain(late);
    expect(overdueIds).not.toContain(onTime);
    expect(overdue.body.items.find((i: { id: string }) => i.id === late)).toMatchObject({ overdue: true });
    const open = await epi.get(`/api/alerts?open=true&jurisdictionId=${tree.townshipB.id}&pageSize=500`);
    expect(open.body.items[0].id).toBe(late);

    await epi.post(`/api/alerts/${onTime}/assign`, { assigneeId: epiId });
    const mine = await epi.get('/api/alerts?mine=true&pageSize=500');
    expect(mine.body.items.map((i: { id: string }) => i.id)).toContain(onTime);
    expect(mine.body.items.every((i: { assignee: { id: string } }) => i.assignee.id === epiId)).toBe(true);
    expect((await epi.get(`/api/alerts?q=${encodeURIComponent(disease.name)}`)).body.items.map((i: { id: string }) => i.id)).toEqual([
      late,
    ]);
  });

  it('serves the risk matrix', async () => {
    const res = await officerA.get('/api/alerts/risk-matrix');
    expect(res.status).toBe(200);
    expect(res.body.cells[0][0]).toBe('blue');
    expect(res.body.cells[2][3]).toBe('orange');
    expect(res.body.cells[4][4]).toBe('red');
    expect(res.body.cells[0][4]).toBe('yellow');
  });
});

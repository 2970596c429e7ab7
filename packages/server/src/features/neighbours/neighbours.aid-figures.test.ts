/**
 * Two platforms on loopback (District J and Shaxi, each its own database and key): a border alert of J in Shaxi's
 * alert work (who sees it, who is told, handled locally with a task of Shaxi's), a request for help from J answered
 * in part by Shaxi with four eyes on both sides, accepted, turned into a task at Shaxi and closed with what was
 * delivered, and J's daily figures in Shaxi's joint view with small numbers suppressed.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { notifications } from '../notifications/index.ts';
import { tasks } from '../tasks/index.ts';
import { buildUser, signIn, type TestClient, testEngines } from '../../test-support/index.ts';
import { type Agreements, DEMO_AGREEMENTS } from './neighbours.agreements.ts';
import { suppressColumn, suppressFigures } from './neighbours.figures.ts';
import { deliverOutbox } from './neighbours.outbox.ts';
import { linkSide, startTestPlatform, type TestPlatform } from './neighbours.test-helpers.ts';
import { httpTransport } from './neighbours.transport.ts';

const transport = httpTransport({ timeoutMs: 120_000 });
const deliver = (p: TestPlatform) => deliverOutbox(p.database, p.config, { transport, backoffSeconds: 0 });

async function userOf(p: TestPlatform, role: string, jurisdictionId: string): Promise<TestClient & { id: string }> {
  const u = await buildUser(p.database, { role: role as 'commander', jurisdictionId });
  return Object.assign(await signIn(p.app, u.user.username, u.password), { id: u.user.id });
}

describe('suppression of the daily figures (the bulletins rule, one column with its total published)', () => {
  it('suppresses 1 … 4, and a second count when one alone would be given away by the total', () => {
    expect(suppressColumn([3, 7, 0], 5)).toEqual({ published: [null, null, 0], suppressed: 2 });
    expect(suppressColumn([3, 2, 9], 5)).toEqual({ published: [null, null, 9], suppressed: 2 });
    expect(suppressColumn([0, 5, 6], 5)).toEqual({ published: [0, 5, 6], suppressed: 0 });
    // the smallest other non-zero count goes with it, never a zero
    expect(suppressColumn([4, 0, 12, 8], 5)).toEqual({ published: [null, 0, 12, null], suppressed: 2 });
    // nothing else to hide behind: the district total tells it anyway (a district figure, published as bulletins do)
    expect(suppressColumn([3, 0], 5)).toEqual({ published: [null, 0], suppressed: 1 });
  });

  it('leaves the counts as they are when the agreement allows small numbers', () => {
    const figures = {
      day: '2026-11-20',
      district: { code: '500199', name: 'J', nameEn: 'J' },
      diseases: [{ code: 'mumps', name: '腮腺炎', nameEn: 'Mumps', newCases: 3, cumulativeCases: 13 }],
      newCases: 3,
      cumulativeCases: 13,
      openAlerts: 1,
      responseLevel: null,
      k: null,
      suppressed: 0,
    };
    expect(suppressFigures(figures, true).diseases[0]!.newCases).toBe(3);
    expect(suppressFigures(figures, false)).toMatchObject({
      k: 5,
      suppressed: 1,
      newCases: 3,
      diseases: [{ newCases: null, cumulativeCases: 13 }],
    });
  });
});

describe.each(testEngines())('neighbours: alerts in the alert work, mutual aid, daily figures (%s)', (engine) => {
  let j: TestPlatform;
  let s: TestPlatform;
  let jToS = '';
  let sToJ = '';

  beforeAll(async () => {
    [j, s] = await Promise.all([startTestPlatform(engine, 'District J'), startTestPlatform(engine, 'Shaxi')]);
    const jAgreements: Agreements = {
      ...DEMO_AGREEMENTS,
      borderAlerts: { send: true, accept: true, synced: true, townshipIds: [j.tree.townshipA.id] },
    };
    // Shaxi's township B borders J: its staff see J's border alerts
    const sAgreements: Agreements = {
      ...DEMO_AGREEMENTS,
      borderAlerts: { send: false, accept: true, synced: true, townshipIds: [s.tree.townshipB.id] },
    };
    jToS = await linkSide(j, s, '500192', jAgreements);
    sToJ = await linkSide(s, j, '500199', sAgreements);
    await deliver(j);
    await deliver(s);
    await deliver(j);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([j, s].map((p) => p?.close()));
  });

  let borderAlert = { jId: '', code: '' };

  it("a neighbour's border alert is in our alert work: seen in scope, told by subscription, handled locally", async () => {
    const border = await j.epi.post('/api/event-reports', {
      eventType: 'school_cluster',
      jurisdictionId: j.tree.communityA.id,
      place: '边界小学',
      occurredAt: '2026-12-06T08:00:00+08:00',
      peopleAffected: 12,
      description: '发热、皮疹，多名学生缺课',
    });
    expect(border.status, JSON.stringify(border.body)).toBe(201);
    borderAlert = { jId: border.body.alertId, code: border.body.alertCode };
    const commander = await userOf(s, 'commander', s.tree.district.id);
    const borderOfficer = await userOf(s, 'township_officer', s.tree.townshipB.id);
    const innerOfficer = await userOf(s, 'township_officer', s.tree.townshipA.id);
    expect((await deliver(j)).delivered).toBe(1);

    const listed = await s.epi.get('/api/neighbours/alerts/shared');
    expect(listed.status, JSON.stringify(listed.body)).toBe(200);
    expect(listed.body.items).toHaveLength(1);
    const alert = listed.body.items[0];
    expect(alert).toMatchObject({
      source: 'neighbour',
      linkId: sToJ,
      code: border.body.alertCode,
      status: 'new',
      open: true,
      alertClass: 'C',
      handling: null,
      provenance: { districtName: 'District J', remoteCode: border.body.alertCode, synced: true, linkState: 'active' },
    });
    // the township bordering J sees it; a township inland does not
    expect((await borderOfficer.get('/api/neighbours/alerts/shared')).body.items.map((a: any) => a.id)).toEqual([alert.id]);
    expect((await innerOfficer.get('/api/neighbours/alerts/shared')).body.items).toEqual([]);
    // told by subscription: the epidemiologist and the border officer (every class by default), not the commander
    // (Class A only by default)
    const told = await s.database.db
      .select({ userId: notifications.userId })
      .from(notifications)
      .where(eq(notifications.kind, 'neighbour.alert'));
    const toldIds = new Set(told.map((n) => n.userId));
    expect(toldIds.has(borderOfficer.id)).toBe(true);
    expect(toldIds.has(commander.id)).toBe(false);
    expect(toldIds.has(innerOfficer.id)).toBe(false);
    expect((await commander.get('/api/neighbours/alerts/shared?subscribed=true')).body.items).toEqual([]);
    expect((await commander.get('/api/neighbours/alerts/shared')).body.items).toHaveLength(1);
    expect((await s.epi.get('/api/neighbours/alerts/shared?subscribed=true')).body.items).toHaveLength(1);

    // handled locally: acknowledged by the epidemiologist; the officer (no alerts.verify) and a bad state are refused
    expect((await borderOfficer.post(`/api/neighbours/alerts/${alert.id}/handling`, { state: 'acknowledged' })).status).toBe(403);
    expect((await s.epi.post(`/api/neighbours/alerts/${alert.id}/handling`, { state: 'closed' })).status).toBe(400);
    const acked = await s.epi.post(`/api/neighbours/alerts/${alert.id}/handling`, { state: 'acknowledged', note: '已知悉，关注边界学校' });
    expect(acked.status, JSON.stringify(acked.body)).toBe(200);
    expect(acked.body).toMatchObject({ state: 'acknowledged', taskId: null });
    expect((await s.epi.get('/api/neighbours/alerts/shared?handling=unhandled')).body.items).toEqual([]);
    // acting on it: a task of Shaxi's for its border township (the epidemiologist may not assign tasks)
    const task = { title: '排查边界学校发热学生', dueAt: '2026-12-08T18:00:00+08:00', assigneeJurisdictionId: s.tree.townshipB.id };
    expect((await s.epi.post(`/api/neighbours/alerts/${alert.id}/handling`, { state: 'actioned', task })).status).toBe(403);
    const actioned = await commander.post(`/api/neighbours/alerts/${alert.id}/handling`, { state: 'actioned', note: '派员排查', task });
    expect(actioned.status, JSON.stringify(actioned.body)).toBe(200);
    const [made] = await s.database.db.select().from(tasks).where(eq(tasks.id, actioned.body.taskId));
    expect(made).toMatchObject({
      title: '排查边界学校发热学生',
      jurisdictionId: s.tree.district.id,
      assigneeJurisdictionId: s.tree.townshipB.id,
    });
    const audited = await s.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'neighbour_alert_handling'), eq(auditLog.entityId, alert.id)));
    expect(audited.map((a) => a.action)).toEqual(['create', 'update']);

    // the status follows J's; our handling stays ours
    expect((await j.epi.post(`/api/alerts/${border.body.alertId}/start-verification`, { note: '已派员核实' })).status).toBe(200);
    await deliver(j);
    const after = (await s.epi.get('/api/neighbours/alerts/shared?handling=actioned')).body.items;
    expect(after).toEqual([
      expect.objectContaining({
        id: alert.id,
        status: 'verifying',
        handling: expect.objectContaining({ state: 'actioned', note: '派员排查' }),
      }),
    ]);
    // nothing of ours goes back to J: J has no shared alert
    expect((await j.epi.get('/api/neighbours/alerts/shared')).body.items).toEqual([]);
  });

  it('comments on a border alert travel both ways and show on the alert in both places (scoped, audited)', async () => {
    const [shared] = (await s.epi.get('/api/neighbours/alerts/shared')).body.items;
    const innerOfficer = await userOf(s, 'township_officer', s.tree.townshipA.id);
    const borderOfficer = await userOf(s, 'township_officer', s.tree.townshipB.id);
    // Shaxi's epidemiologist comments on the read-only copy; an officer inland does not see the thread, the border
    // officer reads it but may not write (no alerts.verify)
    expect((await innerOfficer.get(`/api/neighbours/alerts/${shared.id}/comments`)).status).toBe(404);
    expect((await borderOfficer.post(`/api/neighbours/alerts/${shared.id}/comments`, { body: '边界乡镇已知悉' })).status).toBe(404);
    expect((await s.epi.post(`/api/neighbours/alerts/${shared.id}/comments`, { body: '  ' })).status).toBe(400);
    const sent = await s.epi.post(`/api/neighbours/alerts/${shared.id}/comments`, { body: '我区边界学校同期亦有2名发热学生，已隔离观察' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body.sentTo).toEqual(['500199']);
    expect((await deliver(s)).delivered).toBe(1);

    // at J, the owner: the comment shows on J's own alert, from Shaxi; J's answer goes back
    const atJ = await j.epi.get(`/api/neighbours/alerts/${borderAlert.jId}/comments`);
    expect(atJ.status, JSON.stringify(atJ.body)).toBe(200);
    expect(atJ.body).toMatchObject({ side: 'owned', canWrite: true, sharedWith: [{ code: '500192', name: 'Shaxi', state: 'active' }] });
    expect(atJ.body.items.map((c: any) => [c.direction, c.district.code, c.body])).toEqual([
      ['in', '500192', '我区边界学校同期亦有2名发热学生，已隔离观察'],
    ]);
    const told = await j.database.db.select().from(notifications).where(eq(notifications.kind, 'neighbour.comment'));
    expect(told.map((n) => n.link)).toContain(`/alerts/${borderAlert.jId}`);
    const answer = await j.epi.post(`/api/neighbours/alerts/${borderAlert.jId}/comments`, { body: '请共享两名学生的检测结果' });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect((await deliver(j)).delivered).toBe(1);

    const atS = (await s.epi.get(`/api/neighbours/alerts/${shared.id}/comments`)).body;
    expect(atS.side).toBe('received');
    expect(atS.items.map((c: any) => [c.direction, c.body])).toEqual([
      ['out', '我区边界学校同期亦有2名发热学生，已隔离观察'],
      ['in', '请共享两名学生的检测结果'],
    ]);
    // the border officer reads the thread
    expect((await borderOfficer.get(`/api/neighbours/alerts/${shared.id}/comments`)).body.items).toHaveLength(2);
    // an alert of J's shared with no neighbour: no one to send to
    const inland = await j.epi.post('/api/event-reports', {
      eventType: 'school_cluster',
      jurisdictionId: j.tree.communityB.id,
      place: '内陆小学',
      occurredAt: '2026-12-06T08:00:00+08:00',
      peopleAffected: 9,
      description: '发热',
    });
    const none = await j.epi.post(`/api/neighbours/alerts/${inland.body.alertId}/comments`, { body: '无' });
    expect([none.status, none.body.error.reason ?? none.body.error.id]).toEqual([409, 'link_not_active']);
    // audited on both sides: that a comment went, never its text
    const auditedS = await s.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'comment'), eq(auditLog.entityId, shared.id)));
    const auditedJ = await j.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'comment'), eq(auditLog.entityId, borderAlert.jId)));
    expect([auditedS.length, auditedJ.length]).toEqual([1, 1]);
    expect(JSON.stringify([auditedS, auditedJ])).not.toContain('学生');
  });

  it('a request for help: four eyes on both sides, a partial offer, accepted, a task at the neighbour, closed with what was delivered', async () => {
    const jL1 = await userOf(j, 'logistics_officer', j.tree.district.id);
    const jL2 = await userOf(j, 'logistics_officer', j.tree.district.id);
    const sL1 = await userOf(s, 'logistics_officer', s.tree.district.id);
    const sL2 = await userOf(s, 'logistics_officer', s.tree.district.id);
    const request = {
      linkIds: [jToS],
      title: '港区疫情支援',
      reason: '港区聚集性疫情，口罩与流调人员不足',
      neededBy: '2026-12-10',
      items: [
        { kind: 'materials', description: 'N95口罩', unit: '只', quantity: 1000 },
        { kind: 'staff', description: '流调员', unit: '人', quantity: 4 },
      ],
    };
    // validation and rights
    expect((await jL1.post('/api/neighbours/aid/requests', { ...request, items: [{ ...request.items[0], quantity: 0 }] })).status).toBe(
      400,
    );
    const unknown = await jL1.post('/api/neighbours/aid/requests', { ...request, linkIds: [sToJ] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('linkIds.0');
    expect((await j.epi.post('/api/neighbours/aid/requests', request)).status).toBe(403);

    const drafted = await jL1.post('/api/neighbours/aid/requests', request);
    expect(drafted.status, JSON.stringify(drafted.body)).toBe(201);
    const out = drafted.body.items[0];
    expect(out).toMatchObject({ status: 'draft', direction: 'outgoing', linkId: jToS });
    expect((await jL1.post(`/api/neighbours/aid/requests/${out.id}/approve`)).body.error.reason).toBe('approver_is_proposer');
    const sent = await jL2.post(`/api/neighbours/aid/requests/${out.id}/approve`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(200);
    expect(sent.body.status).toBe('sent');
    expect((await deliver(j)).delivered).toBe(1);

    const incoming = (await sL1.get('/api/neighbours/aid/requests?direction=incoming')).body.items;
    expect(incoming).toHaveLength(1);
    const inc = incoming[0];
    expect(inc).toMatchObject({ status: 'received', requestRef: out.id, title: '港区疫情支援', district: { code: '500199' } });
    // an offer of more than asked, and a refusal without a reason, are refused
    const tooMuch = await sL1.post(`/api/neighbours/aid/requests/${inc.id}/answer`, { decision: 'offer', offered: [600, 5] });
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.error.details[0].path).toBe('offered.1');
    expect((await sL1.post(`/api/neighbours/aid/requests/${inc.id}/answer`, { decision: 'refuse' })).status).toBe(400);
    const draft = await sL1.post(`/api/neighbours/aid/requests/${inc.id}/answer`, {
      decision: 'offer',
      offered: [600, 0],
      note: '流调员本区也紧缺',
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(200);
    expect(draft.body).toMatchObject({ status: 'received', answerDraft: { decision: 'offer', offered: [600, 0] } });
    expect((await sL1.post(`/api/neighbours/aid/requests/${inc.id}/approve-answer`)).body.error.reason).toBe('approver_is_proposer');
    const answered = await sL2.post(`/api/neighbours/aid/requests/${inc.id}/approve-answer`);
    expect(answered.body).toMatchObject({ status: 'offered', items: [{ offered: 600 }, { offered: 0 }] });
    expect((await deliver(s)).delivered).toBe(1);

    let mine = (await jL1.get(`/api/neighbours/aid/requests/${out.id}`)).body;
    expect(mine).toMatchObject({ status: 'offered', answerNote: '流调员本区也紧缺', items: [{ offered: 600 }, { offered: 0 }] });
    expect((await jL2.post(`/api/neighbours/aid/requests/${out.id}/accept`)).body.status).toBe('accepted');
    expect((await deliver(j)).delivered).toBe(1);

    const accepted = (await sL1.get(`/api/neighbours/aid/requests/${inc.id}`)).body;
    expect(accepted.status).toBe('accepted');
    // no task is shared: Shaxi made its own, for the person who approved the offer
    const [task] = await s.database.db.select().from(tasks).where(eq(tasks.id, accepted.taskId));
    expect(task).toMatchObject({ assigneeUserId: sL2.id, jurisdictionId: s.tree.district.id, originRef: inc.id });
    expect(task!.title).toContain('港区疫情支援');
    expect((await j.database.db.select().from(tasks).where(eq(tasks.originRef, out.id))).length).toBe(0);

    expect((await sL2.post(`/api/neighbours/aid/requests/${inc.id}/delivered`, { delivered: [700, 0] })).status).toBe(400);
    const closed = await sL2.post(`/api/neighbours/aid/requests/${inc.id}/delivered`, { delivered: [600, 0], note: '12月9日送达港区' });
    expect(closed.body).toMatchObject({ status: 'delivered', items: [{ delivered: 600 }, { delivered: 0 }] });
    expect((await deliver(s)).delivered).toBe(1);
    mine = (await jL1.get(`/api/neighbours/aid/requests/${out.id}`)).body;
    expect(mine).toMatchObject({ status: 'delivered', deliveredNote: '12月9日送达港区', items: [{ delivered: 600 }, { delivered: 0 }] });
    // a closed request cannot be withdrawn
    expect((await jL1.post(`/api/neighbours/aid/requests/${out.id}/cancel`, { reason: '不需要了' })).status).toBe(409);
    // audited on both sides
    const steps = async (p: TestPlatform, id: string) =>
      (await p.database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, id))).map((a) => a.action);
    expect(await steps(j, out.id)).toEqual(['create', 'approve', 'receive', 'accept', 'receive']);
    expect(await steps(s, inc.id)).toEqual(['update', 'approve', 'receive', 'close']);
  });

  it("a request Shaxi's agreement does not take is refused back at once, so J knows to call", async () => {
    const current = (await s.admin.get(`/api/neighbours/${sToJ}`)).body.agreements;
    const off = await s.admin.put(`/api/neighbours/${sToJ}/agreements`, {
      agreements: { ...current, mutualAid: { send: true, accept: false } },
    });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    const a = await userOf(j, 'logistics_officer', j.tree.district.id);
    const b = await userOf(j, 'commander', j.tree.district.id);
    const drafted = await a.post('/api/neighbours/aid/requests', {
      linkIds: [jToS],
      title: '负压救护车',
      neededBy: '2026-12-12',
      items: [{ kind: 'materials', description: '负压救护车', unit: '辆', quantity: 2 }],
    });
    const id = drafted.body.items[0].id;
    expect((await b.post(`/api/neighbours/aid/requests/${id}/approve`)).body.status).toBe('sent');
    await deliver(j);
    const there = (await s.admin.get(`/api/neighbours`)).status; // the link is still fine
    expect(there).toBe(200);
    await deliver(s);
    const mine = (await a.get(`/api/neighbours/aid/requests/${id}`)).body;
    expect(mine).toMatchObject({ status: 'refused', answerNote: 'not_in_agreement', items: [{ offered: 0 }] });
    await s.admin.put(`/api/neighbours/${sToJ}/agreements`, { agreements: current });
  });

  it("J's daily figures reach Shaxi's joint view, small numbers suppressed; the region's totals are summed", async () => {
    const db = j.database.db;
    const [mumps] = await db.select().from(diseases).where(eq(diseases.code, 'mumps'));
    const [measles] = await db.select().from(diseases).where(eq(diseases.code, 'measles'));
    const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`);
    const row = (diseaseId: string, day: string, hour: number, over: Partial<typeof caseReports.$inferInsert> = {}) => ({
      diseaseId,
      jurisdictionId: j.tree.communityA.id,
      personName: '测试',
      sex: 'female' as const,
      birthDate: '2015-01-01',
      idType: 'none' as const,
      classification: 'clinical' as const,
      diagnosisAt: at(day, 8),
      reportedAt: at(day, hour),
      ...over,
    });
    await db.insert(caseReports).values([
      // 20 Nov (district time): 3 mumps (one at 23:30 district time, still that day), 7 measles; an excluded one
      // and one on the 21st do not count for the 20th
      row(mumps!.id, '2026-11-20', 9),
      row(mumps!.id, '2026-11-20', 10),
      { ...row(mumps!.id, '2026-11-20', 9), reportedAt: new Date('2026-11-20T15:30:00Z') },
      ...Array.from({ length: 7 }, () => row(measles!.id, '2026-11-20', 11)),
      row(mumps!.id, '2026-11-20', 12, { classification: 'excluded' }),
      row(mumps!.id, '2026-11-21', 9),
      // 19 Nov: 10 mumps
      ...Array.from({ length: 10 }, () => row(mumps!.id, '2026-11-19', 9)),
    ]);
    expect((await s.admin.post('/api/neighbours/figures/send', { day: '2099-01-01' })).status).toBe(400);
    expect((await j.epi.post('/api/neighbours/figures/send', { day: '2026-11-20' })).status).toBe(403);
    const sent = await j.admin.post('/api/neighbours/figures/send', { day: '2026-11-20' });
    expect(sent.body).toEqual({ day: '2026-11-20', queued: 1 });
    expect((await deliver(j)).delivered).toBe(1);

    const joint = await s.epi.get('/api/neighbours/figures/joint?days=2&until=2026-11-20');
    expect(joint.status, JSON.stringify(joint.body)).toBe(200);
    expect(joint.body.days).toEqual(['2026-11-19', '2026-11-20']);
    const own = joint.body.series.find((x: any) => x.own);
    const fromJ = joint.body.series.find((x: any) => !x.own);
    expect(own.days[1]).toMatchObject({ newCases: 0, cumulativeCases: 0 });
    expect(fromJ.linkId).toBe(sToJ);
    expect(fromJ.days[0]).toBeNull(); // the 19th was not sent
    expect(fromJ.days[1]).toMatchObject({
      day: '2026-11-20',
      newCases: 10,
      cumulativeCases: 20,
      k: 5,
      suppressed: 2,
      diseases: [
        { code: 'measles', newCases: null, cumulativeCases: 7 },
        { code: 'mumps', newCases: null, cumulativeCases: 13 },
      ],
    });
    expect(joint.body.region[1]).toMatchObject({ day: '2026-11-20', districts: 2, missing: 0, newCases: 10, cumulativeCases: 20 });
    expect(joint.body.region[1].diseases).toEqual([
      expect.objectContaining({ code: 'measles', newCases: 0, cumulativeCases: 7, atLeast: true }),
      expect.objectContaining({ code: 'mumps', newCases: 0, cumulativeCases: 13, atLeast: true }),
    ]);
    expect(joint.body.region[0]).toMatchObject({ districts: 1, missing: 1 });
    // J sees its own figures unsuppressed
    const jView = (await j.epi.get('/api/neighbours/figures/joint?days=1&until=2026-11-20')).body;
    expect(jView.series.find((x: any) => x.own).days[0].diseases).toEqual([
      expect.objectContaining({ code: 'measles', newCases: 7, cumulativeCases: 7 }),
      expect.objectContaining({ code: 'mumps', newCases: 3, cumulativeCases: 13 }),
    ]);
    // a later message for the same day replaces the figures (one row)
    await j.admin.post('/api/neighbours/figures/send', { day: '2026-11-20' });
    await deliver(j);
    expect((await s.epi.get('/api/neighbours/figures/joint?days=1&until=2026-11-20')).body.series.filter((x: any) => !x.own)).toHaveLength(
      1,
    );
    // bad queries are refused, not failed
    expect((await s.epi.get('/api/neighbours/figures/joint?days=0')).status).toBe(400);
    expect((await s.epi.get('/api/neighbours/figures/joint?until=yesterday')).status).toBe(400);
  });
});

/**
 * Incidents under command over HTTP: opening from alerts, level changes and the tasks they launch, staffing,
 * the log, stand-down, rights, scope and audit.
 */
import { and, asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { type TestClient, buildDistrictTree, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { alerts } from '../alerts/alerts.tables.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { tasks } from '../tasks/tasks.tables.ts';
import { buildAgency, buildApprovedPlan, buildPerson, testPlanContent } from '../plans/plans.test-helpers.ts';

describe.each(testEngines())('incidents HTTP API (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let commander: TestClient;
  let commanderId: string;
  let leaderId: string;
  let liaison: TestClient;
  let policeLiaisonId: string;
  let epidemiologistId: string;
  let commanderB: TestClient;
  let ids: { district: string; townshipA: string; townshipB: string; cdc: string; police: string; health: string };

  beforeAll(async () => {
    const tree = await buildDistrictTree(t.database);
    const cdc = await buildAgency(t.database, tree.district.id, 'cdc');
    const police = await buildAgency(t.database, tree.district.id, 'public_security');
    const health = await buildAgency(t.database, tree.district.id, 'health_commission');
    ids = {
      district: tree.district.id,
      townshipA: tree.townshipA.id,
      townshipB: tree.townshipB.id,
      cdc: cdc.id,
      police: police.id,
      health: health.id,
    };
    await buildApprovedPlan(t.database, tree.district.id, testPlanContent({ cdc: cdc.id, police: police.id, health: health.id }));
    app = createTestApp(t.database);
    const c = await buildPerson(t.database, { role: 'commander', jurisdictionId: tree.district.id, displayName: '陈指挥' });
    commanderId = c.principal.id;
    // Four eyes: the district's other holder of response.level approves the commander's requests.
    leaderId = (await buildPerson(t.database, { role: 'commander', jurisdictionId: tree.district.id, displayName: '刘副区长' })).principal
      .id;
    const l = await buildPerson(t.database, {
      role: 'agency_liaison',
      jurisdictionId: tree.district.id,
      agencyId: police.id,
      displayName: '王联络',
    });
    policeLiaisonId = l.principal.id;
    const e = await buildPerson(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    epidemiologistId = e.principal.id;
    const cb = await buildPerson(t.database, { role: 'commander', jurisdictionId: tree.townshipB.id });
    commander = await signIn(app, c.username, c.password);
    liaison = await signIn(app, l.username, l.password);
    commanderB = await signIn(app, cb.username, cb.password);
  }, 120_000);

  const alert = async (status: 'confirmed' | 'verifying') =>
    (
      await t.database.db
        .insert(alerts)
        .values({
          jurisdictionId: ids.townshipA,
          status,
          title: `手足口病聚集 ${status}`,
          summary: '3 signals: 7 cases vs threshold 2',
          summaryZh: '3 个信号：7 例，阈值 2',
          firstSignalAt: new Date('2026-11-18T02:00:00Z'),
        })
        .returning()
    )[0]!;
  const open = (body: Record<string, unknown> = {}) =>
    commander.post('/api/incidents', {
      title: '望江街道手足口病聚集性疫情',
      jurisdictionId: ids.townshipA,
      startedAt: '2026-11-18T08:00:00+08:00',
      ...body,
    });

  it('opens from a confirmed alert only, once per alert, taking its area and title', async () => {
    const verifying = await alert('verifying');
    const refused = await commander.post('/api/incidents', { alertId: verifying.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details).toMatchObject({ status: 'verifying' });

    const confirmed = await alert('confirmed');
    const opened = await commander.post('/api/incidents', { alertId: confirmed.id });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      alertId: confirmed.id,
      alertCode: confirmed.code,
      title: confirmed.title,
      // in the district's working language
      description: '3 个信号：7 例，阈值 2',
      jurisdictionId: ids.townshipA,
      status: 'open',
      responseLevel: null,
      startedAt: '2026-11-18T02:00:00.000Z',
    });
    expect(opened.body.code).toMatch(/^E\d{4}-\d{3}$/);
    // The area's plan in force is attached by default.
    expect(opened.body.planName).toBe('测试区传染病应急预案');
    const twice = await commander.post('/api/incidents', { alertId: confirmed.id });
    expect(twice.status).toBe(409);
    expect(twice.body.error.details).toEqual({ incidentId: opened.body.id });
    const prefill = await commander.get(`/api/incidents/form-options?alertId=${confirmed.id}`);
    expect(prefill.body.alert).toMatchObject({ id: confirmed.id, status: 'confirmed', incidentId: opened.body.id });
  });

  it('requires a title and an area when opened by hand', async () => {
    const res = await commander.post('/api/incidents', {});
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([
      { path: 'title', message: 'A title is required' },
      { path: 'jurisdictionId', message: 'The affected area is required' },
    ]);
  });

  it("activating level III launches its measures as tasks for the plan's agencies, due from activation, and staffs command", async () => {
    const incident = (await open()).body;
    // Before confirming, the dialog asks what the level would launch.
    const preview = await commander.get(`/api/incidents/${incident.id}/level-preview?level=III`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      level: 'III',
      outcome: 'launches',
      planName: '测试区传染病应急预案',
      planVersion: 1,
      measuresLaunched: 2,
      agencies: 2,
      warning: null,
    });
    expect((await commander.get(`/api/incidents/${incident.id}/level-preview?level=V`)).status).toBe(400);
    expect((await liaison.get(`/api/incidents/${incident.id}/level-preview?level=III`)).status).toBe(403);
    const res = await commander.post(`/api/incidents/${incident.id}/level`, {
      level: 'III',
      reason: '一周内3起托幼机构聚集性疫情',
      approverId: leaderId,
      effectiveAt: '2026-11-20T09:00:00+08:00',
    });
    expect(res.status).toBe(200);
    expect(res.body.responseLevel).toBe('III');
    expect(res.body.planCoverage).toEqual({ ...preview.body, measuresLaunched: 2 });
    expect(res.body.activations).toEqual([
      expect.objectContaining({ level: 'III', taskCount: 2, activatedAt: '2026-11-20T01:00:00.000Z', planVersion: 1 }),
    ]);
    const made = await t.database.db.select().from(tasks).where(eq(tasks.incidentId, incident.id)).orderBy(asc(tasks.dueAt));
    expect(made.map((x) => [x.originRef, x.assigneeAgencyId, x.dueAt.toISOString(), x.origin, x.jurisdictionId])).toEqual([
      ['III-cdc', ids.cdc, '2026-11-20T07:00:00.000Z', 'plan_measure', ids.townshipA],
      ['III-police', ids.police, '2026-11-21T01:00:00.000Z', 'plan_measure', ids.townshipA],
    ]);
    expect(made[1]!.title).toBe('协助流调溯源');
    expect(made[1]!.checklist).toEqual([{ text: '第一步 / First step', done: false }]);
    // Command: the acting commander, and the police liaison (the only user of an agency given a measure).
    expect(
      res.body.roles.map((r: { role: string; user: { id: string }; agencyId: string | null }) => [r.role, r.user.id, r.agencyId]),
    ).toEqual([
      ['commander', commanderId, null],
      ['agency_liaison', policeLiaisonId, ids.police],
    ]);
    const timeline = (await liaison.get(`/api/incidents/${incident.id}/timeline`)).body.items;
    const change = timeline.find((e: { kind: string }) => e.kind === 'level_set');
    expect(change).toMatchObject({
      toLevel: 'III',
      fromLevel: null,
      text: '一周内3起托幼机构聚集性疫情',
      approver: { id: leaderId, displayName: '刘副区长' },
      data: { tasksCreated: 2 },
    });
    expect(timeline.filter((e: { kind: string }) => e.kind === 'staffing')).toHaveLength(2);
    const audited = await t.database.db
      .select({ action: auditLog.action })
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'incident'), eq(auditLog.entityId, incident.id)));
    expect(audited.map((a) => a.action)).toEqual(['create', 'level_set']);
  });

  it('raising adds the new level’s measures once; lowering keeps tasks and adds none; ending keeps the incident open', async () => {
    const incident = (await open()).body;
    const level = (level: string | null) =>
      commander.post(`/api/incidents/${incident.id}/level`, { level, reason: '研判', approverId: leaderId });
    const count = async () => (await t.database.db.select().from(tasks).where(eq(tasks.incidentId, incident.id))).length;
    await level('IV');
    expect(await count()).toBe(1);
    const raised = await level('II');
    expect(raised.body.responseLevel).toBe('II');
    expect(await count()).toBe(3); // IV's 1 + II's 2 (III is skipped, not launched)
    expect(raised.body.planCoverage).toMatchObject({ outcome: 'launches', measuresLaunched: 2, warning: null });
    const preview = async (lvl: string) => (await commander.get(`/api/incidents/${incident.id}/level-preview?level=${lvl}`)).body;
    expect(await preview('III')).toMatchObject({ outcome: 'lowering', measuresLaunched: 0, warning: null });
    const lowered = await level('III'); // lowering: no new tasks even though III was never launched
    expect(lowered.body.planCoverage).toMatchObject({ outcome: 'lowering', measuresLaunched: 0 });
    expect(await count()).toBe(3);
    expect(await preview('II')).toMatchObject({ outcome: 'already_launched', measuresLaunched: 0, planVersion: 1 });
    await level('II'); // re-entering II: launched already
    expect(await count()).toBe(3);
    const same = await level('II');
    expect(same.status).toBe(409);
    const ended = await level(null);
    expect(ended.body).toMatchObject({ responseLevel: null, status: 'open' });
    expect(await count()).toBe(3);
    const kinds = (await commander.get(`/api/incidents/${incident.id}/timeline`)).body.items
      .filter((e: { kind: string }) => e.kind.startsWith('level'))
      .map((e: { kind: string }) => e.kind);
    expect(kinds).toEqual(['level_set', 'level_raised', 'level_lowered', 'level_raised', 'level_ended']);
  });

  it('says so when no approved plan covers the area: the preview warns, the level applies, nothing is launched', async () => {
    const other = await buildDistrictTree(t.database);
    const c = await buildPerson(t.database, { role: 'commander', jurisdictionId: other.district.id });
    const otherApprover = await buildPerson(t.database, { role: 'commander', jurisdictionId: other.district.id });
    const otherCommander = await signIn(app, c.username, c.password);
    const incident = (await otherCommander.post('/api/incidents', { title: '无预案地区疫情', jurisdictionId: other.townshipA.id })).body;
    expect(incident.planId).toBeNull();
    const preview = await otherCommander.get(`/api/incidents/${incident.id}/level-preview?level=IV`);
    expect(preview.body).toMatchObject({ level: 'IV', outcome: 'no_plan', planId: null, planName: null, measuresLaunched: 0, agencies: 0 });
    expect(preview.body.warning).toMatch(/No approved emergency plan covers/);
    const res = await otherCommander.post(`/api/incidents/${incident.id}/level`, {
      level: 'IV',
      reason: '研判',
      approverId: otherApprover.principal.id,
    });
    expect(res.status).toBe(200);
    expect(res.body.responseLevel).toBe('IV');
    expect(res.body.planCoverage).toEqual(preview.body);
    expect(await t.database.db.select().from(tasks).where(eq(tasks.incidentId, incident.id))).toEqual([]);
    // Ending: nothing to launch, no warning.
    const end = await otherCommander.get(`/api/incidents/${incident.id}/level-preview`);
    expect(end.body).toMatchObject({ level: null, outcome: 'ending', warning: null });
  });

  it('refuses the requester as his own approver (four eyes) and tells the approver named', async () => {
    const incident = (await open()).body;
    const own = await commander.post(`/api/incidents/${incident.id}/level`, { level: 'IV', reason: '研判', approverId: commanderId });
    expect(own.status).toBe(409);
    expect(own.body.error).toMatchObject({ id: 'conflict', reason: 'approver_is_requester', details: { path: 'approverId' } });
    // Nothing changed.
    expect((await commander.get(`/api/incidents/${incident.id}`)).body.responseLevel).toBeNull();
    const ownStandDown = await commander.post(`/api/incidents/${incident.id}/stand-down`, {
      summary: '结束',
      approverId: commanderId.toUpperCase(),
    });
    expect(ownStandDown.body.error.reason).toBe('approver_is_requester');

    const ok = await commander.post(`/api/incidents/${incident.id}/level`, { level: 'IV', reason: '专家研判', approverId: leaderId });
    expect(ok.status).toBe(200);
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, leaderId), eq(notifications.kind, 'incident.approval'), eq(notifications.entityId, incident.id)));
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      title: `您被记录为批准人：${incident.code} 启动/调整为Ⅳ级（一般）响应（陈指挥提出）`,
      body: '专家研判',
      link: `/incidents/${incident.id}`,
    });
    // The people list says who may approve: the dialog proposes the leader, never the requester.
    const people = (await commander.get(`/api/incidents/${incident.id}/people`)).body.items as { id: string; canApproveLevel: boolean }[];
    expect(
      people
        .filter((p) => p.canApproveLevel)
        .map((p) => p.id)
        .sort(),
    ).toEqual([commanderId, leaderId].sort());
  });

  it('refuses an approver without the right, and a liaison without response.level', async () => {
    const incident = (await open()).body;
    const bad = await commander.post(`/api/incidents/${incident.id}/level`, { level: 'IV', reason: 'x', approverId: epidemiologistId });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('approverId');
    const noReason = await commander.post(`/api/incidents/${incident.id}/level`, { level: 'IV', reason: ' ', approverId: leaderId });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details[0].path).toBe('reason');
    expect((await liaison.post(`/api/incidents/${incident.id}/level`, { level: 'IV', reason: 'x', approverId: leaderId })).status).toBe(
      403,
    );
    expect((await liaison.get(`/api/incidents/${incident.id}`)).status).toBe(200);
  });

  it('keeps a log, staffs posts, and stands down; a closed incident takes no level', async () => {
    const incident = (await open()).body;
    const entry = await commander.post(`/api/incidents/${incident.id}/log`, {
      occurredAt: '2026-11-19T10:30:00+08:00',
      text: '第二所幼儿园报告3例',
    });
    expect(entry.status).toBe(201);
    expect(entry.body).toMatchObject({
      kind: 'log',
      text: '第二所幼儿园报告3例',
      occurredAt: '2026-11-19T02:30:00.000Z',
      author: { id: commanderId },
    });

    const lead = await commander.post(`/api/incidents/${incident.id}/roles`, {
      role: 'group_lead',
      userId: epidemiologistId,
      workingGroupId: 'yqfk',
    });
    expect(lead.status).toBe(200);
    expect(lead.body.roles).toEqual([
      expect.objectContaining({ role: 'group_lead', workingGroupId: 'yqfk', workingGroupName: '疫情防控组' }),
    ]);
    const noGroup = await commander.post(`/api/incidents/${incident.id}/roles`, {
      role: 'group_lead',
      userId: epidemiologistId,
      workingGroupId: 'nope',
    });
    expect(noGroup.status).toBe(400);
    expect(noGroup.body.error.details).toEqual([{ path: 'workingGroupId', message: "No such working group in the incident's plan" }]);
    const ended = await commander.delete(`/api/incidents/${incident.id}/roles/${lead.body.roles[0].id}`);
    expect(ended.body.roles).toEqual([]);

    expect((await commander.post(`/api/incidents/${incident.id}/stand-down`, { summary: '', approverId: leaderId })).status).toBe(400);
    const closed = await commander.post(`/api/incidents/${incident.id}/stand-down`, {
      summary: '连续14天无新发病例，终止响应。',
      approverId: leaderId,
    });
    expect(closed.body).toMatchObject({ status: 'closed', responseLevel: null, summary: '连续14天无新发病例，终止响应。' });
    expect(closed.body.closedAt).not.toBeNull();
    const late = await commander.post(`/api/incidents/${incident.id}/level`, { level: 'IV', reason: 'x', approverId: leaderId });
    expect(late.status).toBe(409);
    expect(late.body.error.details).toEqual({ status: 'closed' });
    expect((await commander.post(`/api/incidents/${incident.id}/log`, { text: 'x' })).status).toBe(409);
    const kinds = (await commander.get(`/api/incidents/${incident.id}/timeline`)).body.items.map((e: { kind: string }) => e.kind);
    // Ordered by when things happened: the log entry tells of the day before the incident was opened here.
    expect(kinds).toEqual(['log', 'opened', 'staffing', 'staffing', 'stand_down']);
  });

  it('edits an open incident, on the timeline and in the audit log; refuses an unknown disease by field', async () => {
    const incident = (await open()).body;
    const res = await commander.patch(`/api/incidents/${incident.id}`, {
      title: '望江街道手足口病聚集性疫情（更新）',
      description: '新增病例2例',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ title: '望江街道手足口病聚集性疫情（更新）', description: '新增病例2例' });
    const bad = await commander.patch(`/api/incidents/${incident.id}`, { diseaseId: '00000000-0000-4000-8000-000000000000' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details).toEqual([{ path: 'diseaseId', message: 'No such disease' }]);
    const unknown = await commander.patch(`/api/incidents/${incident.id}`, { status: 'closed' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('status');
    const timeline = (await commander.get(`/api/incidents/${incident.id}/timeline`)).body.items;
    expect(timeline.at(-1)).toMatchObject({ kind: 'updated', data: { fields: ['title', 'description'] } });
    const [audited] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'incident'), eq(auditLog.entityId, incident.id), eq(auditLog.action, 'update')));
    expect(audited).toBeDefined();
    expect((audited!.before as { title: string }).title).toBe('望江街道手足口病聚集性疫情');
  });

  it("scopes incidents: another township's commander gets 404 and does not list it", async () => {
    const incident = (await open()).body;
    expect((await commanderB.get(`/api/incidents/${incident.id}`)).status).toBe(404);
    expect((await commanderB.post(`/api/incidents/${incident.id}/log`, { text: 'x' })).status).toBe(404);
    const list = (await commanderB.get('/api/incidents')).body;
    expect(list.items.map((i: { id: string }) => i.id)).not.toContain(incident.id);
    const outside = await commanderB.post('/api/incidents', { title: 'x', jurisdictionId: ids.townshipA });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details).toEqual([{ path: 'jurisdictionId', message: 'No such area within yours' }]);
    const mine = (await commander.get('/api/incidents?status=open')).body;
    expect(mine.items.map((i: { id: string }) => i.id)).toContain(incident.id);
  });
});

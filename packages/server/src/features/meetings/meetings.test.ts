import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { tasks } from '../tasks/tasks.tables.ts';
import { buildReportWorld } from '../reports/reports.fixtures.ts';

describe.each(testEngines())('meetings (%s)', (engine) => {
  const t = withTestDb(engine);
  let w: Awaited<ReturnType<typeof buildReportWorld>>;
  beforeAll(async () => {
    w = await buildReportWorld(t.database);
  });
  const inTwoDays = () => new Date(Date.now() + 2 * 86400_000).toISOString();

  it('records a meeting, turns a decision into tasks and shows their statuses', async () => {
    const app = createTestApp(t.database);
    const commander = await signIn(app, w.commander.username, w.commander.password);
    const epi = await signIn(app, w.epidemiologist.username, w.epidemiologist.password);
    const liaison = await signIn(app, w.liaison.username, w.liaison.password);
    const viewerB = await signIn(app, w.viewerB.username, w.viewerB.password);

    const body = {
      incidentId: w.incident.id,
      title: '第一次联防联控会议',
      heldAt: '2026-11-20T09:00:00+08:00',
      location: '区卫健委三楼会议室',
      chair: '王区长',
      agenda: [{ title: '通报疫情', presenter: '区疾控中心' }, { title: '部署防控措施' }],
      attendees: [{ agencyId: w.police.id, personName: '李四', position: '副局长' }, { agencyId: w.cdc.id }, { personName: '张专家' }],
      minutes: '会议听取了疫情通报。',
      status: 'held',
    };
    // Rights: the epidemiologist has no meetings.manage.
    expect((await epi.post('/api/meetings', body)).status).toBe(403);
    const bad = await commander.post('/api/meetings', { ...body, attendees: [{ position: '无名' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('attendees.0.personName');
    const created = await commander.post('/api/meetings', body);
    expect(created.status).toBe(201);
    const meeting = created.body;
    expect(meeting).toMatchObject({ incidentId: w.incident.id, jurisdictionId: w.tree.district.id, status: 'held', decisionCount: 0 });
    expect(meeting.agenda).toEqual([
      { title: '通报疫情', presenter: '区疾控中心' },
      { title: '部署防控措施', presenter: '' },
    ]);
    expect(meeting.attendees.map((a: { agencyName: string | null; personName: string }) => a.agencyName ?? a.personName)).toEqual([
      w.police.name,
      w.cdc.name,
      '张专家',
    ]);

    const withDecision = await commander.post(`/api/meetings/${meeting.id}/decisions`, { text: '公安部门协助开展密接者排查' });
    expect(withDecision.status).toBe(201);
    const decision = withDecision.body.decisions[0];
    expect(decision.seq).toBe(1);

    // Missing due time and unknown agency: clear field errors; nothing written.
    const noDue = await commander.post(`/api/meetings/${meeting.id}/decisions/${decision.id}/tasks`, { agencyIds: [w.police.id] });
    expect(noDue.status).toBe(400);
    expect(noDue.body.error.details.map((d: { path: string }) => d.path)).toContain('dueAt');
    const unknown = await commander.post(`/api/meetings/${meeting.id}/decisions/${decision.id}/tasks`, {
      agencyIds: [w.police.id, '00000000-0000-4000-8000-000000000000'],
      dueAt: inTwoDays(),
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'agencyIds.1', message: 'Unknown agency' }]);
    const past = await commander.post(`/api/meetings/${meeting.id}/decisions/${decision.id}/tasks`, {
      agencyIds: [w.police.id],
      dueAt: '2020-01-01T00:00:00Z',
    });
    expect(past.body.error.details[0].path).toBe('dueAt');
    expect(await t.database.db.select().from(tasks).where(eq(tasks.originRef, decision.id))).toHaveLength(0);

    const made = await commander.post(`/api/meetings/${meeting.id}/decisions/${decision.id}/tasks`, {
      agencyIds: [w.police.id, w.cdc.id],
      dueAt: inTwoDays(),
      priority: 'high',
    });
    expect(made.status).toBe(201);
    const madeTasks = made.body.decisions[0].tasks;
    expect(madeTasks).toHaveLength(2);
    expect(madeTasks.map((x: { assigneeAgencyId: string }) => x.assigneeAgencyId).sort()).toEqual([w.police.id, w.cdc.id].sort());
    expect(
      madeTasks.every((x: { status: string; title: string }) => x.status === 'assigned' && x.title === '公安部门协助开展密接者排查'),
    ).toBe(true);
    const rows = await t.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.origin, 'meeting_decision'), eq(tasks.originRef, decision.id)));
    expect(rows.map((r) => [r.incidentId, r.priority, r.jurisdictionId])).toEqual([
      [w.incident.id, 'high', w.tree.district.id],
      [w.incident.id, 'high', w.tree.district.id],
    ]);

    // The decision shows its tasks' statuses as they move.
    const policeTask = rows.find((r) => r.assigneeAgencyId === w.police.id)!;
    await t.database.db.update(tasks).set({ status: 'done' }).where(eq(tasks.id, policeTask.id));
    const again = await liaison.get(`/api/meetings/${meeting.id}`);
    expect(again.status).toBe(200);
    expect(again.body.decisions[0].tasks.find((x: { id: string }) => x.id === policeTask.id).status).toBe('done');

    // A decision with tasks is not deleted; a new one without tasks is.
    expect((await commander.delete(`/api/meetings/${meeting.id}/decisions/${decision.id}`)).status).toBe(409);
    const second = await commander.post(`/api/meetings/${meeting.id}/decisions`, { text: '暂定事项' });
    const secondId = second.body.decisions[1].id;
    expect(second.body.decisions[1].seq).toBe(2);
    expect((await commander.delete(`/api/meetings/${meeting.id}/decisions/${secondId}`)).body.decisions).toHaveLength(1);

    // Edits, scope and listing.
    const patched = await commander.patch(`/api/meetings/${meeting.id}`, {
      minutes: '会议纪要（修订）',
      attendees: [{ agencyId: w.police.id }],
    });
    expect(patched.body.minutes).toBe('会议纪要（修订）');
    expect(patched.body.attendees).toHaveLength(1);
    expect((await viewerB.get(`/api/meetings/${meeting.id}`)).status).toBe(404);
    expect((await viewerB.get('/api/meetings')).body.total).toBe(0);
    const list = await liaison.get(`/api/meetings?incidentId=${w.incident.id}`);
    expect(list.body.items.map((m: { id: string; decisionCount: number }) => [m.id, m.decisionCount])).toEqual([[meeting.id, 1]]);

    const audited = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, meeting.id));
    expect(audited.map((r) => r.action).sort()).toEqual(['create', 'update']);
    const decisionAudit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, decision.id));
    expect(decisionAudit.map((r) => r.action)).toEqual(['create', 'make_tasks']);
  });

  it('keeps standing meetings within the jurisdiction', async () => {
    const app = createTestApp(t.database);
    const commander = await signIn(app, w.commander.username, w.commander.password);
    const base = { title: '例会', heldAt: '2026-11-21T09:00:00+08:00' };
    expect((await commander.post('/api/meetings', base)).body.error.details[0].path).toBe('jurisdictionId');
    const outside = await commander.post('/api/meetings', { ...base, jurisdictionId: w.elsewhere.district.id });
    expect(outside.body.error.details[0].path).toBe('jurisdictionId');
    const ok = await commander.post('/api/meetings', { ...base, jurisdictionId: w.tree.townshipA.id });
    expect(ok.status).toBe(201);
    expect(ok.body.incidentId).toBeNull();
    expect((await commander.get('/api/meetings?kind=standing')).body.items.map((m: { id: string }) => m.id)).toEqual([ok.body.id]);
  });
});

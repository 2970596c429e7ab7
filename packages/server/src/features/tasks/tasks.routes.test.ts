import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { type TestClient, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { taskNotes } from './tasks.tables.ts';
import { incidents } from '../incidents/incidents.tables.ts';
import { buildAgency, buildMember, buildTaskWorld } from './tasks.test-helpers.ts';

const due = '2099-12-01T16:00:00+08:00';

async function upload(client: TestClient, path: string, name: string, bytes: Uint8Array, type = 'application/octet-stream') {
  if (!client.cookies.has('oc_csrf')) await client.get('/api/health');
  const form = new FormData();
  form.append('file', new File([bytes as Uint8Array<ArrayBuffer>], name, { type }));
  const res = await client.app.request(path, {
    method: 'POST',
    body: form,
    headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': client.cookies.get('oc_csrf') ?? '' },
  });
  return { status: res.status, body: await res.json() };
}

describe.each(testEngines())('tasks API (%s)', (engine) => {
  const t = withTestDb(engine);

  async function world() {
    const w = await buildTaskWorld(t.database);
    const app = createTestApp(t.database);
    const as = async (m: { username: string; password: string }) => signIn(app, m.username, m.password);
    return {
      ...w,
      app,
      commanderC: await as(w.commander),
      policeC: await as(w.policeLiaison),
      cdcC: await as(w.cdcLiaison),
      officerAC: await as(w.officerA),
      officerBC: await as(w.officerB),
      epiC: await as(w.epidemiologist),
    };
  }

  it('refuses a missing due time and an unknown agency with clear 400s naming the fields', async () => {
    const w = await world();
    const missing = await w.commanderC.post('/api/tasks', { title: '核查', assigneeAgencyId: w.police.id, incidentId: w.incident.id });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details).toEqual([expect.objectContaining({ path: 'dueAt' })]);
    const unknown = await w.commanderC.post('/api/tasks', {
      title: '核查',
      assigneeAgencyId: '00000000-0000-4000-8000-000000000000',
      incidentId: w.incident.id,
      dueAt: due,
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([{ path: 'assigneeAgencyId', message: 'Unknown agency' }]);
    const nobody = await w.commanderC.post('/api/tasks', { title: '核查', incidentId: w.incident.id, dueAt: due });
    expect(nobody.body.error.details).toEqual([
      { path: 'assigneeAgencyId', message: 'Assign the task to an agency, a township or a person' },
    ]);
    const bulk = await w.commanderC.post('/api/tasks/bulk', {
      tasks: [
        { title: 'a', assigneeAgencyId: w.police.id, incidentId: w.incident.id, dueAt: due },
        { title: 'b', assigneeAgencyId: '00000000-0000-4000-8000-000000000000', incidentId: w.incident.id, dueAt: due },
        { title: 'c', assigneeAgencyId: w.cdc.id, incidentId: w.incident.id },
      ],
    });
    // The shape is checked first (the missing due time), then the references.
    expect(bulk.status).toBe(400);
    expect(bulk.body.error.details.map((d: { path: string }) => d.path)).toEqual(['tasks.2.dueAt']);
    const bulkRefs = await w.commanderC.post('/api/tasks/bulk', {
      tasks: [
        { title: 'a', assigneeAgencyId: w.police.id, incidentId: w.incident.id, dueAt: due },
        { title: 'b', assigneeAgencyId: '00000000-0000-4000-8000-000000000000', incidentId: w.incident.id, dueAt: due },
      ],
    });
    expect(bulkRefs.body.error.details).toEqual([{ path: 'tasks.1.assigneeAgencyId', message: 'Unknown agency' }]);
    // Nothing was written by the refused batch.
    expect((await w.commanderC.get(`/api/tasks?incidentId=${w.incident.id}`)).body.total).toBe(0);
    // A liaison cannot assign.
    expect((await w.policeC.post('/api/tasks', { title: 'x', assigneeAgencyId: w.cdc.id, dueAt: due })).status).toBe(403);
  });

  it('runs the workflow for the assigned agency only; another agency cannot change the task', async () => {
    const w = await world();
    const created = await w.commanderC.post('/api/tasks', {
      title: '协查密切接触者',
      assigneeAgencyId: w.police.id,
      incidentId: w.incident.id,
      dueAt: due,
      checklist: [{ text: '获取名单' }, { text: '反馈结果' }],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'assigned', jurisdictionId: w.tree.district.id, origin: 'manual' });

    // The CDC liaison sees it (in scope) but may not act on it: 403 with a clear message, nothing changed.
    const detailCdc = await w.cdcC.get(`/api/tasks/${id}`);
    expect(detailCdc.body).toMatchObject({ actions: [], isAssignee: false, canManage: false });
    const refused = await w.cdcC.post(`/api/tasks/${id}/transition`, { action: 'accept' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Only the assigned agency, township or person may work on this task');
    expect((await w.cdcC.put(`/api/tasks/${id}/checklist/0`, { done: true })).status).toBe(403);
    expect((await w.cdcC.post(`/api/tasks/${id}/notes`, { body: 'x' })).status).toBe(403);
    // The commander manages it but is not the assignee.
    expect((await w.commanderC.post(`/api/tasks/${id}/transition`, { action: 'accept' })).status).toBe(403);

    const detail = await w.policeC.get(`/api/tasks/${id}`);
    expect(detail.body).toMatchObject({ actions: ['accept', 'start', 'reject'], isAssignee: true, canManage: false });
    expect((await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'complete' })).status).toBe(409);
    expect((await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'accept' })).body.status).toBe('accepted');
    expect((await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'block' })).body.error.details).toEqual([
      { path: 'reason', message: 'Give the reason' },
    ]);
    expect((await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'block', reason: '名单未提供' })).body).toMatchObject({
      status: 'blocked',
      statusReason: '名单未提供',
    });
    expect((await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'reopen' })).body).toMatchObject({
      status: 'in_progress',
      statusReason: '',
    });
    expect((await w.policeC.put(`/api/tasks/${id}/checklist/1`, { done: true })).body.checklist).toEqual([
      { text: '获取名单', done: false },
      { text: '反馈结果', done: true },
    ]);
    expect((await w.policeC.put(`/api/tasks/${id}/checklist/5`, { done: true })).status).toBe(404);
    expect((await w.policeC.post(`/api/tasks/${id}/notes`, { body: '已联系 12 人' })).status).toBe(201);
    // Done needs the result: what was done (evidence is uploaded as a file beforehand).
    const noResult = await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'complete', result: '  ' });
    expect(noResult.status).toBe(400);
    expect(noResult.body.error.details).toEqual([{ path: 'result', message: 'Say what was done' }]);
    const done = await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'complete', result: '12 人全部落实管控，名单已报指挥部' });
    expect(done.body).toMatchObject({ status: 'done', result: '12 人全部落实管控，名单已报指挥部' });
    expect(done.body.completedAt).not.toBeNull();

    const final = await w.commanderC.get(`/api/tasks/${id}`);
    expect(final.body.notes.map((n: { kind: string; status: string | null; body: string }) => [n.kind, n.status, n.body])).toEqual([
      ['status', 'accepted', ''],
      ['status', 'blocked', '名单未提供'],
      ['status', 'in_progress', ''],
      ['note', null, '已联系 12 人'],
      ['status', 'done', '12 人全部落实管控，名单已报指挥部'],
    ]);
    // The commander (who assigned it) was told it was blocked and done.
    const told = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.commander.principal.id));
    expect(told.map((n) => n.kind).sort()).toEqual(['task.blocked', 'task.done']);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(auditLog.seq);
    expect(audits.map((a) => a.action)).toEqual(['create', 'accept', 'block', 'reopen', 'checklist', 'note', 'complete']);
    // Done is not edited: it is reopened, with a reason.
    expect((await w.commanderC.patch(`/api/tasks/${id}`, { dueAt: due })).status).toBe(409);
  });

  it('reopens a done task with a reason: by its manager or the assignee side, audited, in its history', async () => {
    const w = await world();
    const id = (
      await w.commanderC.post('/api/tasks', { title: '排查密接', assigneeAgencyId: w.police.id, incidentId: w.incident.id, dueAt: due })
    ).body.id as string;
    await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'start' });
    await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'complete', result: '已排查 8 人' });
    // The commander manages it: he may reopen it (only that), the CDC may not.
    expect((await w.commanderC.get(`/api/tasks/${id}`)).body).toMatchObject({ actions: ['reopen'], isAssignee: false, canManage: true });
    expect((await w.cdcC.get(`/api/tasks/${id}`)).body.actions).toEqual([]);
    expect((await w.cdcC.post(`/api/tasks/${id}/transition`, { action: 'reopen', reason: 'x' })).status).toBe(403);
    const noReason = await w.commanderC.post(`/api/tasks/${id}/transition`, { action: 'reopen' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.details).toEqual([{ path: 'reason', message: 'Say why the task is reopened' }]);
    const reopened = await w.commanderC.post(`/api/tasks/${id}/transition`, { action: 'reopen', reason: '名单缺少 2 名同住人员' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'in_progress', statusReason: '名单缺少 2 名同住人员', result: '', completedAt: null });
    // The commander may not take the assignee's steps.
    expect((await w.commanderC.post(`/api/tasks/${id}/transition`, { action: 'complete', result: 'x' })).status).toBe(403);
    // The police liaison is told, finishes again, and reopens it himself (a mistake), with a reason.
    const told = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.policeLiaison.principal.id));
    expect(told.filter((n) => n.kind === 'task.reopened').map((n) => n.body)).toEqual([`${reopened.body.code}：名单缺少 2 名同住人员`]);
    await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'complete', result: '已排查 10 人' });
    const again = await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'reopen', reason: '误点办结' });
    expect(again.body).toMatchObject({ status: 'in_progress', statusReason: '误点办结' });
    const history = (await w.commanderC.get(`/api/tasks/${id}`)).body.notes.map(
      (n: { kind: string; status: string | null; body: string }) => [n.status, n.body],
    );
    expect(history).toEqual([
      ['in_progress', ''],
      ['done', '已排查 8 人'],
      ['in_progress', '名单缺少 2 名同住人员'],
      ['done', '已排查 10 人'],
      ['in_progress', '误点办结'],
    ]);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, id)).orderBy(auditLog.seq);
    expect(audits.map((a) => a.action)).toEqual(['create', 'start', 'complete', 'reopen', 'complete', 'reopen']);
    const reopenAudit = audits[3]!;
    expect(reopenAudit.actorId).toBe(w.commander.principal.id);
    expect(reopenAudit.after).toMatchObject({ status: 'in_progress', statusReason: '名单缺少 2 名同住人员', result: '' });
    expect(reopenAudit.before).toMatchObject({ status: 'done', result: '已排查 8 人' });
    // The commander (who assigned it) hears of the assignee's own reopening.
    const commanderTold = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.commander.principal.id));
    expect(commanderTold.filter((n) => n.kind === 'task.reopened')).toHaveLength(1);
  });

  it('rejects with a reason; the assigner reassigns, changes the due time and cancels', async () => {
    const w = await world();
    const id = (
      await w.commanderC.post('/api/tasks', { title: '道口检疫', assigneeAgencyId: w.police.id, incidentId: w.incident.id, dueAt: due })
    ).body.id;
    const rejected = await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'reject', reason: '不属于本部门职责' });
    expect(rejected.body).toMatchObject({ status: 'rejected', statusReason: '不属于本部门职责' });
    const reassigned = await w.commanderC.patch(`/api/tasks/${id}`, {
      assigneeAgencyId: w.cdc.id,
      dueAt: '2099-12-02T12:00:00+08:00',
      reason: '改由疾控',
    });
    expect(reassigned.body).toMatchObject({
      status: 'assigned',
      statusReason: '',
      assigneeAgencyId: w.cdc.id,
      dueAt: '2099-12-02T04:00:00.000Z',
    });
    // every status the task had is in its notes: the reassignment's change note records 'assigned'
    const history = await t.database.db
      .select({ kind: taskNotes.kind, status: taskNotes.status })
      .from(taskNotes)
      .where(eq(taskNotes.taskId, id))
      .orderBy(asc(taskNotes.createdAt));
    expect(history.filter((n) => n.status !== null)).toEqual([
      { kind: 'status', status: 'rejected' },
      { kind: 'change', status: 'assigned' },
    ]);
    // The police liaison no longer may act; the CDC liaison now may.
    expect((await w.policeC.post(`/api/tasks/${id}/transition`, { action: 'accept' })).status).toBe(403);
    expect((await w.cdcC.get(`/api/tasks/${id}`)).body.actions).toEqual(['accept', 'start', 'reject']);
    expect((await w.policeC.patch(`/api/tasks/${id}`, { dueAt: due })).status).toBe(403);
    expect((await w.commanderC.post(`/api/tasks/${id}/cancel`, {})).status).toBe(400);
    const cancelled = await w.commanderC.post(`/api/tasks/${id}/cancel`, { reason: '事件降级' });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: '事件降级' });
    expect((await w.cdcC.post(`/api/tasks/${id}/transition`, { action: 'accept' })).status).toBe(409);
    const cdcTold = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.cdcLiaison.principal.id));
    expect(cdcTold.map((n) => n.kind).sort()).toEqual(['task.assigned', 'task.cancelled']);
  });

  it("fills each inbox: the agency's liaison, the township's officer, the assigned person", async () => {
    const w = await world();
    const mk = (body: object) => w.commanderC.post('/api/tasks', { incidentId: w.incident.id, dueAt: due, ...body });
    const toPolice = (await mk({ title: 'P', assigneeAgencyId: w.police.id })).body.id;
    const toCdc = (await mk({ title: 'C', assigneeAgencyId: w.cdc.id })).body.id;
    const toA = (await mk({ title: 'A', assigneeJurisdictionId: w.tree.townshipA.id, jurisdictionId: w.tree.townshipA.id })).body.id;
    // The incident's area is the district: township B's task lies there, yet B's officer finds it.
    const toB = (await mk({ title: 'B', assigneeJurisdictionId: w.tree.townshipB.id })).body.id;
    expect((await w.commanderC.get(`/api/tasks/${toB}`)).body.task.jurisdictionId).toBe(w.tree.district.id);
    const toEpi = (await mk({ title: 'E', assigneeUserId: w.epidemiologist.principal.id })).body.id;
    const inbox = async (c: TestClient) => ((await c.get('/api/tasks/inbox')).body.items as { id: string }[]).map((x) => x.id).sort();
    expect(await inbox(w.policeC)).toEqual([toPolice]);
    expect(await inbox(w.cdcC)).toEqual([toCdc]);
    expect(await inbox(w.officerAC)).toEqual([toA]);
    expect(await inbox(w.officerBC)).toEqual([toB]);
    expect(await inbox(w.epiC)).toEqual([toEpi]);
    expect(await inbox(w.commanderC)).toEqual([]);
    // The township officer of A acts on A's task; B's officer cannot even see it (outside scope: 404).
    expect((await w.officerAC.post(`/api/tasks/${toA}/transition`, { action: 'start' })).body.status).toBe('in_progress');
    expect((await w.officerBC.get(`/api/tasks/${toA}`)).status).toBe(404);
    expect((await w.officerBC.post(`/api/tasks/${toA}/transition`, { action: 'complete' })).status).toBe(404);
    // The epidemiologist, assigned by name, may act though they hold tasks.read only.
    expect((await w.epiC.post(`/api/tasks/${toEpi}/transition`, { action: 'accept' })).body.status).toBe('accepted');
    // Done tasks leave the inbox unless asked for.
    await w.officerAC.post(`/api/tasks/${toA}/transition`, { action: 'complete', result: '已完成' });
    expect(await inbox(w.officerAC)).toEqual([]);
    expect(((await w.officerAC.get('/api/tasks/inbox?status=done')).body.items as { id: string }[]).map((x) => x.id)).toEqual([toA]);
  });

  it('lists the people a commander may assign by name, with their agency', async () => {
    const w = await world();
    const found = await w.commanderC.get(`/api/tasks/assignees?q=${encodeURIComponent(w.policeLiaison.username)}`);
    expect(found.body.items).toEqual([expect.objectContaining({ id: w.policeLiaison.principal.id, agencyName: w.police.name })]);
    expect((await w.policeC.get('/api/tasks/assignees')).status).toBe(403);
  });

  it('shows an agency member its task outside their scope, and nothing else there', async () => {
    const w = await world();
    // A liaison granted only in township B, working for an agency given a task in township A.
    const port = await buildAgency(t.database, w.tree.townshipA.id, 'port_maritime');
    const portMember = await buildMember(t.database, { role: 'agency_liaison', jurisdictionId: w.tree.townshipB.id, agencyId: port.id });
    const client = await signIn(w.app, portMember.username, portMember.password);
    const mine = (
      await w.commanderC.post('/api/tasks', { title: '码头', assigneeAgencyId: port.id, jurisdictionId: w.tree.townshipA.id, dueAt: due })
    ).body.id;
    const other = (
      await w.commanderC.post('/api/tasks', {
        title: '其他',
        assigneeAgencyId: w.police.id,
        jurisdictionId: w.tree.townshipA.id,
        dueAt: due,
      })
    ).body.id;
    expect((await client.get(`/api/tasks/${mine}`)).status).toBe(200);
    expect((await client.get(`/api/tasks/${other}`)).status).toBe(404);
    const listed = ((await client.get('/api/tasks')).body.items as { id: string }[]).map((x) => x.id);
    expect(listed).toContain(mine);
    expect(listed).not.toContain(other);
  });

  it('answers 404 for the board of an incident outside the area, like a random id (no existence oracle)', async () => {
    const w = await world();
    const [elsewhere] = await t.database.db
      .insert(incidents)
      .values({
        title: '乙镇事件',
        jurisdictionId: w.tree.townshipB.id,
        startedAt: new Date('2026-11-20T00:00:00Z'),
        createdBy: w.commander.principal.id,
      })
      .returning();
    const outOfArea = await w.officerAC.get(`/api/tasks/board?incidentId=${elsewhere!.id}`);
    const random = await w.officerAC.get(`/api/tasks/board?incidentId=${randomUUID()}`);
    expect([outOfArea.status, outOfArea.body.error?.id]).toEqual([404, 'not_found']);
    expect(outOfArea.body).toEqual(random.body);
    // in the area: the board, even when empty; and a district incident with a task for township A
    expect((await w.officerBC.get(`/api/tasks/board?incidentId=${elsewhere!.id}`)).status).toBe(200);
    await w.commanderC.post('/api/tasks', {
      title: '甲镇核查',
      assigneeJurisdictionId: w.tree.townshipA.id,
      incidentId: w.incident.id,
      dueAt: due,
    });
    expect((await w.officerAC.get(`/api/tasks/board?incidentId=${w.incident.id}`)).body.tasks).toHaveLength(1);
  });

  it('builds the board of an incident by agency and status, with overdue counts', async () => {
    const w = await world();
    const past = '2020-01-01T00:00:00Z';
    await w.commanderC.post('/api/tasks/bulk', {
      tasks: [
        { title: '1', assigneeAgencyId: w.police.id, incidentId: w.incident.id, dueAt: due },
        { title: '2', assigneeAgencyId: w.police.id, incidentId: w.incident.id, dueAt: past },
        { title: '3', assigneeAgencyId: w.cdc.id, incidentId: w.incident.id, dueAt: due },
      ],
    });
    const inbox = (await w.policeC.get('/api/tasks/inbox')).body.items as { id: string; title: string }[];
    await w.policeC.post(`/api/tasks/${inbox.find((x) => x.title === '1')!.id}/transition`, { action: 'accept' });
    const board = (await w.commanderC.get(`/api/tasks/board?incidentId=${w.incident.id}`)).body;
    expect(board.overdue).toBe(1);
    expect(board.totals).toMatchObject({ assigned: 2, accepted: 1 });
    expect(
      board.rows.map((r: { key: string; counts: Record<string, number>; overdue: number; total: number }) => [
        r.key,
        r.counts.assigned,
        r.counts.accepted,
        r.overdue,
        r.total,
      ]),
    ).toEqual([
      [w.police.id, 1, 1, 1, 2],
      [w.cdc.id, 1, 0, 0, 1],
    ]);
    expect(board.tasks).toHaveLength(3);
    const overdueList = (await w.commanderC.get(`/api/tasks?incidentId=${w.incident.id}&overdue=true`)).body;
    expect(overdueList.items.map((x: { title: string; overdue: boolean }) => [x.title, x.overdue])).toEqual([['2', true]]);
    const byStatus = (await w.commanderC.get(`/api/tasks?incidentId=${w.incident.id}&status=accepted`)).body;
    expect(byStatus.items.map((x: { title: string }) => x.title)).toEqual(['1']);
    expect((await w.commanderC.get(`/api/tasks?status=nonsense`)).status).toBe(400);
  });

  it('stores attachments from the assignee side, refuses others and bad files, serves downloads', async () => {
    const w = await world();
    const id = (
      await w.commanderC.post('/api/tasks', { title: '报告', assigneeAgencyId: w.police.id, incidentId: w.incident.id, dueAt: due })
    ).body.id;
    const text = new TextEncoder().encode('已完成排查 12 户\n');
    const stored = await upload(w.policeC, `/api/tasks/${id}/files`, '排查记录.txt', text);
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ filename: '排查记录.txt', contentType: 'text/plain', size: text.length });
    expect((await upload(w.cdcC, `/api/tasks/${id}/files`, 'x.txt', text)).status).toBe(403);
    const fake = await upload(w.policeC, `/api/tasks/${id}/files`, 'x.pdf', new TextEncoder().encode('MZ not a pdf'));
    expect(fake.status).toBe(400);
    expect(fake.body.error.details[0].path).toBe('file');
    const list = await w.commanderC.get(`/api/tasks/${id}/files`);
    expect(list.body.items.map((f: { filename: string }) => f.filename)).toEqual(['排查记录.txt']);
    const download = await w.commanderC.get(`/api/tasks/${id}/files/${stored.body.id}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    expect(download.body).toBe('已完成排查 12 户\n');
    expect((await w.officerBC.get(`/api/tasks/${id}/files/${stored.body.id}`)).status).toBe(404);
  });

  it('defines recurring tasks with validation and stops them', async () => {
    const w = await world();
    const bad = await w.commanderC.post('/api/task-recurrences', {
      title: '日报',
      frequency: 'weekly',
      dueTime: '25:00',
      startsOn: '2026-12-01',
      incidentId: w.incident.id,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual(['dueTime']);
    const noWeekday = await w.commanderC.post('/api/task-recurrences', {
      title: '周报',
      frequency: 'weekly',
      dueTime: '16:00',
      startsOn: '2026-12-01',
      incidentId: w.incident.id,
      assigneeAgencyId: w.cdc.id,
    });
    expect(noWeekday.body.error.details).toEqual([{ path: 'weekdays', message: 'Choose at least one weekday' }]);
    const created = await w.commanderC.post('/api/task-recurrences', {
      title: '每日疫情报告',
      frequency: 'daily',
      dueTime: '16:00',
      startsOn: '2026-12-01',
      incidentId: w.incident.id,
      assigneeAgencyId: w.cdc.id,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ active: true, jurisdictionId: w.tree.district.id, assigneeAgencyName: w.cdc.name });
    expect(
      (
        await w.policeC.post('/api/task-recurrences', {
          title: 'x',
          frequency: 'daily',
          dueTime: '16:00',
          startsOn: '2026-12-01',
          assigneeAgencyId: w.cdc.id,
        })
      ).status,
    ).toBe(403);
    const stopped = await w.commanderC.patch(`/api/task-recurrences/${created.body.id}`, { active: false });
    expect(stopped.body.active).toBe(false);
    expect((await w.commanderC.get(`/api/task-recurrences?incidentId=${w.incident.id}`)).body.items).toHaveLength(1);
  });
});

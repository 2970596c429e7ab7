/**
 * Material requests over HTTP: a township asks for masks; four eyes (the requester never decides); need more
 * information and the answer; approval in part (a note required); commit from the warehouse FEFO (stock leaves
 * it); the dispatch note PDF; dispatch; receipt with a partial fill; a facility's request received into its store;
 * the history, notifications, audit and scope (another township: 404).
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { notifications } from '../notifications/index.ts';
import { facilities } from '../registry/index.ts';
import { stockItems } from './stock.tables.ts';

describe.each(testEngines())('material requests (%s)', (engine) => {
  const t = withTestDb(engine);
  let logistics: TestClient;
  let commander: TestClient;
  let officerA: TestClient;
  let officerB: TestClient;
  let officerAId: string;
  let commanderId: string;
  let townshipA: string;
  let officerBTownship: string;
  let districtId: string;
  let warehouse: string;
  let hospital: string;
  let masks: string;
  let gowns: string;
  const inDays = (n: number) => districtToday(new Date(), -n);

  beforeAll(async () => {
    const tree = await buildDistrictTree(t.database);
    townshipA = tree.townshipA.id;
    officerBTownship = tree.townshipB.id;
    districtId = tree.district.id;
    const db = t.database.db;
    warehouse = (
      await db
        .insert(facilities)
        .values({ name: '区应急物资库', nameEn: 'Depot', type: 'warehouse', jurisdictionId: tree.district.id })
        .returning()
    )[0]!.id;
    hospital = (
      await db
        .insert(facilities)
        .values({ name: '甲镇医院', nameEn: 'Hospital A', type: 'general_hospital', jurisdictionId: tree.townshipA.id })
        .returning()
    )[0]!.id;
    masks = (
      await db
        .insert(stockItems)
        .values({
          code: 'PPE-MASK',
          name: '医用外科口罩',
          nameEn: 'Surgical masks',
          category: 'ppe',
          unit: '盒',
          unitEn: 'box',
          shelfLifeDays: 730,
        })
        .returning()
    )[0]!.id;
    gowns = (
      await db
        .insert(stockItems)
        .values({ code: 'PPE-GOWN', name: '防护服', nameEn: 'Gowns', category: 'ppe', unit: '件', unitEn: 'piece', shelfLifeDays: 1095 })
        .returning()
    )[0]!.id;
    const app = createTestApp(t.database);
    const l = await buildUser(t.database, { role: 'logistics_officer', jurisdictionId: tree.district.id });
    logistics = await signIn(app, l.user.username, l.password);
    const c = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.district.id });
    commanderId = c.user.id;
    commander = await signIn(app, c.user.username, c.password);
    const a = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    officerAId = a.user.id;
    officerA = await signIn(app, a.user.username, a.password);
    const b = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    officerB = await signIn(app, b.user.username, b.password);
    for (const [lot, q, days] of [
      ['M-OLD', 300, 40],
      ['M-NEW', 1000, 400],
    ] as const)
      expect(
        (
          await logistics.post('/api/stock/movements', {
            kind: 'receipt',
            itemId: masks,
            facilityId: warehouse,
            quantity: q,
            lot,
            expiresOn: inDays(days),
          })
        ).status,
      ).toBe(201);
    expect(
      (
        await logistics.post('/api/stock/movements', {
          kind: 'receipt',
          itemId: gowns,
          facilityId: warehouse,
          quantity: 50,
          lot: 'G-1',
          expiresOn: inDays(500),
        })
      ).status,
    ).toBe(201);
  });

  it('a township requests masks: approved in part by another person, committed FEFO, dispatched, received in part', async () => {
    const created = await officerA.post('/api/stock/requests', {
      requesterKind: 'township',
      requesterJurisdictionId: townshipA,
      priority: 'urgent',
      neededBy: inDays(2),
      purpose: '社区核酸采样点防护',
      lines: [
        { itemId: masks, quantity: 500 },
        { itemId: gowns, quantity: 40 },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({
      status: 'submitted',
      requesterKind: 'township',
      priority: 'urgent',
      overdue: false,
      allowed: ['cancel'],
    });
    expect(created.body.code).toMatch(/^M\d{4}-\d{5}$|^M/);
    // the approvers are told
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, commanderId), eq(notifications.kind, 'stock_request.submitted')));
    expect(told).toHaveLength(1);

    // the requester cannot decide; another township does not see it
    expect((await officerA.post(`/api/stock/requests/${id}/approve`, { lines: [{ itemId: masks, quantity: 500 }] })).status).toBe(403);
    expect((await officerB.get(`/api/stock/requests/${id}`)).status).toBe(404);

    // need more information, answered
    const info = await commander.post(`/api/stock/requests/${id}/request-info`, { note: '请说明采样点数量' });
    expect(info.body.status).toBe('info_requested');
    expect((await commander.post(`/api/stock/requests/${id}/approve`, { lines: [{ itemId: masks, quantity: 1 }] })).status).toBe(409);
    const answered = await officerA.post(`/api/stock/requests/${id}/answer`, { note: '共 6 个采样点' });
    expect(answered.body.status).toBe('submitted');

    // approval in part needs a note; more than requested is refused
    expect(
      (
        await commander.post(`/api/stock/requests/${id}/approve`, {
          lines: [
            { itemId: masks, quantity: 300 },
            { itemId: gowns, quantity: 40 },
          ],
        })
      ).status,
    ).toBe(400);
    expect(
      (await commander.post(`/api/stock/requests/${id}/approve`, { lines: [{ itemId: masks, quantity: 501 }], note: 'x' })).status,
    ).toBe(400);
    const approved = await commander.post(`/api/stock/requests/${id}/approve`, {
      lines: [
        { itemId: masks, quantity: 350 },
        { itemId: gowns, quantity: 40 },
      ],
      note: '库存需保障医院',
    });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', fill: { approval: 'partial', commit: 'none' } });
    expect(approved.body.lines.map((l: any) => [l.itemId, l.quantityRequested, l.quantityApproved])).toEqual([
      [gowns, 40, 40],
      [masks, 500, 350],
    ]);

    // commit: the warehouse's stock goes, earliest expiry first
    const committed = await logistics.post(`/api/stock/requests/${id}/commit`, { supplierFacilityId: warehouse });
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({ status: 'committed', supplierFacilityId: warehouse, fill: { commit: 'complete' } });
    const lots = await logistics.get(`/api/stock?itemId=${masks}&facilityId=${warehouse}`);
    expect(lots.body.items.map((i: any) => [i.lot, i.quantity])).toEqual([['M-NEW', 950]]);

    const pdf = await logistics.get(`/api/stock/requests/${id}/dispatch-note`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(String(pdf.body).startsWith('%PDF')).toBe(true);

    const dispatched = await logistics.post(`/api/stock/requests/${id}/dispatch`, { note: '车牌 渝A12345' });
    expect(dispatched.body).toMatchObject({ status: 'dispatched', fill: { transit: 'complete', receipt: 'none' } });

    // received in part: a note is required
    expect(
      (
        await officerA.post(`/api/stock/requests/${id}/receive`, {
          lines: [
            { itemId: masks, quantity: 340 },
            { itemId: gowns, quantity: 40 },
          ],
        })
      ).status,
    ).toBe(400);
    const received = await officerA.post(`/api/stock/requests/${id}/receive`, {
      lines: [
        { itemId: masks, quantity: 340 },
        { itemId: gowns, quantity: 40 },
      ],
      note: '一箱破损',
    });
    expect(received.status).toBe(200);
    expect(received.body).toMatchObject({
      status: 'received',
      fill: { approval: 'partial', commit: 'complete', transit: 'complete', receipt: 'partial' },
    });
    expect(received.body.lines.find((l: any) => l.itemId === masks)).toMatchObject({
      quantityCommitted: 350,
      quantityDispatched: 350,
      quantityReceived: 340,
    });
    expect(received.body.events.map((e: any) => e.action)).toEqual([
      'submit',
      'request_info',
      'answer',
      'approve',
      'commit',
      'dispatch',
      'receive',
    ]);
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'stock_request'), eq(auditLog.entityId, id)));
    expect(audited.map((a) => a.action)).toEqual(['create', 'request_info', 'answer', 'approve', 'commit', 'dispatch', 'receive']);
    const toRequester = await t.database.db
      .select({ kind: notifications.kind })
      .from(notifications)
      .where(eq(notifications.userId, officerAId));
    expect(toRequester.map((n) => n.kind)).toEqual(
      expect.arrayContaining(['stock_request.info_requested', 'stock_request.approved', 'stock_request.dispatched']),
    );
  });

  it("a hospital's request is received into its store by the lots sent; commit beyond stock is 409; reject needs a reason", async () => {
    const created = await logistics.post('/api/stock/requests', {
      requesterKind: 'facility',
      requesterFacilityId: hospital,
      priority: 'critical',
      neededBy: inDays(1),
      lines: [{ itemId: gowns, quantity: 20 }],
    });
    const id = created.body.id;
    // the logistics officer raised it: another person approves
    expect((await logistics.post(`/api/stock/requests/${id}/approve`, { lines: [{ itemId: gowns, quantity: 20 }] })).status).toBe(409);
    expect((await commander.post(`/api/stock/requests/${id}/approve`, { lines: [{ itemId: gowns, quantity: 20 }] })).status).toBe(200);
    const tooMuch = await logistics.post(`/api/stock/requests/${id}/commit`, { supplierFacilityId: warehouse });
    expect(tooMuch.status).toBe(409);
    expect(tooMuch.body.error.reason).toBe('insufficient_stock');
    expect((await logistics.get(`/api/stock/requests/${id}`)).body.status).toBe('approved');
    const part = await logistics.post(`/api/stock/requests/${id}/commit`, {
      supplierFacilityId: warehouse,
      lines: [{ itemId: gowns, quantity: 10 }],
    });
    expect(part.body).toMatchObject({ status: 'committed', fill: { commit: 'partial' } });
    await logistics.post(`/api/stock/requests/${id}/dispatch`, {});
    const received = await logistics.post(`/api/stock/requests/${id}/receive`, { lines: [{ itemId: gowns, quantity: 10 }] });
    expect(received.body.status).toBe('received');
    const store = await logistics.get(`/api/stock?facilityId=${hospital}`);
    expect(store.body.items.map((i: any) => [i.itemId, i.lot, i.expiresOn, i.quantity])).toEqual([[gowns, 'G-1', inDays(500), 10]]);

    const other = await officerA.post('/api/stock/requests', {
      requesterKind: 'township',
      requesterJurisdictionId: townshipA,
      priority: 'routine',
      neededBy: inDays(5),
      lines: [{ itemId: masks, quantity: 10 }],
    });
    expect((await commander.post(`/api/stock/requests/${other.body.id}/reject`, { note: '' })).status).toBe(400);
    const rejected = await commander.post(`/api/stock/requests/${other.body.id}/reject`, { note: '乡镇库存充足' });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionNote: '乡镇库存充足', allowed: [] });
  });

  it('validation: requester references, past needed-by, duplicate items; the board counts by state', async () => {
    const base = {
      requesterKind: 'township',
      requesterJurisdictionId: townshipA,
      priority: 'routine',
      neededBy: inDays(3),
      lines: [{ itemId: masks, quantity: 1 }],
    };
    expect((await officerA.post('/api/stock/requests', { ...base, requesterJurisdictionId: undefined })).status).toBe(400);
    expect((await officerA.post('/api/stock/requests', { ...base, neededBy: inDays(-1) })).status).toBe(400);
    expect((await officerB.post('/api/stock/requests', base)).status).toBe(400); // outside the officer's area
    expect(
      (
        await officerA.post('/api/stock/requests', {
          ...base,
          lines: [
            { itemId: masks, quantity: 1 },
            { itemId: masks, quantity: 2 },
          ],
        })
      ).status,
    ).toBe(400);
    const board = await commander.get('/api/stock/requests/board');
    expect(board.status).toBe(200);
    const by = Object.fromEntries(board.body.byStatus.map((s: any) => [s.status, s.count]));
    expect(by).toMatchObject({ received: 2, rejected: 1 });
    const list = await officerB.get('/api/stock/requests');
    expect(list.body.total).toBe(0);
  });

  it('raised from a task or a meeting decision the raiser can see; a hidden or missing origin answers alike', async () => {
    const base = {
      requesterKind: 'township',
      requesterJurisdictionId: townshipA,
      priority: 'urgent',
      neededBy: inDays(2),
      lines: [{ itemId: masks, quantity: 20 }],
    };
    const dueAt = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const taskA = await commander.post('/api/tasks', { title: '甲镇集中隔离点开设', assigneeJurisdictionId: townshipA, dueAt });
    expect(taskA.status).toBe(201);
    const taskB = await commander.post('/api/tasks', { title: '乙镇入户排查', assigneeJurisdictionId: officerBTownship, dueAt });
    expect(taskB.status).toBe(201);
    const fromTask = await officerA.post('/api/stock/requests', { ...base, origin: { type: 'task', id: taskA.body.id } });
    expect(fromTask.status).toBe(201);
    const detail = await officerA.get(`/api/stock/requests/${fromTask.body.id}`);
    expect(detail.body.origin).toEqual({
      type: 'task',
      id: taskA.body.id,
      title: `${taskA.body.code} 甲镇集中隔离点开设`,
      meetingId: null,
    });
    // another township's task and a task that does not exist: the same refusal, nothing written
    const hidden = await officerA.post('/api/stock/requests', { ...base, origin: { type: 'task', id: taskB.body.id } });
    const missing = await officerA.post('/api/stock/requests', {
      ...base,
      origin: { type: 'task', id: '00000000-0000-4000-8000-000000000000' },
    });
    expect(hidden.status).toBe(400);
    expect(missing.status).toBe(400);
    expect(hidden.body.error).toEqual(missing.body.error);
    // a decision of the district's meeting: the township officer cannot see the meeting, the commander can
    const meeting = await commander.post('/api/meetings', {
      title: '联防联控工作会议',
      heldAt: new Date().toISOString(),
      jurisdictionId: districtId,
    });
    expect(meeting.status).toBe(201);
    const decision = await commander.post(`/api/meetings/${meeting.body.id}/decisions`, { text: '为甲镇调拨口罩' });
    expect(decision.status).toBe(201);
    const decisionId = decision.body.decisions.at(-1).id;
    expect((await officerA.post('/api/stock/requests', { ...base, origin: { type: 'meeting', id: decisionId } })).status).toBe(400);
    const fromMeeting = await logistics.post('/api/stock/requests', { ...base, origin: { type: 'meeting', id: decisionId } });
    expect(fromMeeting.status).toBe(201);
    const seen = await logistics.get(`/api/stock/requests/${fromMeeting.body.id}`);
    expect(seen.body.origin).toEqual({
      type: 'meeting',
      id: decisionId,
      title: '联防联控工作会议 · 1. 为甲镇调拨口罩',
      meetingId: meeting.body.id,
    });
    // the township officer reads the request (their township's) but not the meeting's words
    const officerView = await officerA.get(`/api/stock/requests/${fromMeeting.body.id}`);
    expect(officerView.body.origin).toEqual({ type: 'meeting', id: decisionId, title: null, meetingId: null });
  });
});

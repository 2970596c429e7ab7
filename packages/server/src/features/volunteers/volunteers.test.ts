/**
 * Volunteers: Sahana Eden's active rule against hand-computed windows; over HTTP the registry's four eyes (the
 * registrar never vets), masks by right (stars without volunteers.personal) and the audited reveal, scope (404 in
 * another township), assignment through the task system, and a volunteer's own account: their assignment's
 * contact details while open, check-in and check-out logging the hours, and nothing else of the platform.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { tasks } from '../tasks/index.ts';
import { activityOf } from './volunteer-activity.ts';
import { volunteerHours } from './volunteers.tables.ts';

describe('activityOf (Sahana Eden: at least 8 hours a month on average over the last year)', () => {
  it('a volunteer in their first month: the window is that month, 10 hours → active', () => {
    expect(activityOf([{ workedOn: '2026-11-01', minutes: 600 }], '2026-12-07')).toEqual({
      minutes: 600,
      hoursPerMonth: 10,
      active: true,
      window: { from: '2026-11-01', to: '2026-11-01' },
      lastWorkedOn: '2026-11-01',
    });
  });
  it('the window ends 92 days ago when the last record is older, and starts a year before; older hours do not count', () => {
    // end = 2026-12-07 − 92 d = 2026-09-06; start = 2025-09-06; 2 h + 4 h inside over 365/30.5 = 11.97 months
    const a = activityOf(
      [
        { workedOn: '2025-01-01', minutes: 6000 },
        { workedOn: '2025-12-10', minutes: 120 },
        { workedOn: '2026-06-10', minutes: 240 },
      ],
      '2026-12-07',
    );
    expect(a).toEqual({
      minutes: 360,
      hoursPerMonth: 0.5,
      active: false,
      window: { from: '2025-09-06', to: '2026-09-06' },
      lastWorkedOn: '2026-06-10',
    });
  });
  it('exactly 8 hours a month is active; just under is not; no hours is not', () => {
    const year = Array.from({ length: 12 }, (_, i) => ({ workedOn: `2026-${String(i + 1).padStart(2, '0')}-01`, minutes: 0 }));
    // first record 2025-11-01 is older than a year before the last (2026-12-01): the window is 2025-12-01 … 2026-12-01,
    // 365 days = 11.97 months, so 8 h a month needs 5744.3 minutes
    const hours = (total: number) => [...year.slice(1), { workedOn: '2025-11-01', minutes: 0 }, { workedOn: '2026-12-01', minutes: total }];
    expect(activityOf(hours(5745), '2026-12-07').active).toBe(true);
    expect(activityOf(hours(5743), '2026-12-07').active).toBe(false);
    expect(activityOf([], '2026-12-07').active).toBe(false);
  });
});

describe.each(testEngines())('volunteers over HTTP (%s)', (engine) => {
  const t = withTestDb(engine);
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let coordinatorA: TestClient;
  let coordinatorB: TestClient;
  let officerA: TestClient;
  let officerB: TestClient;
  let volunteerUser: { id: string; username: string };
  let volunteerClient: TestClient;
  let volunteerId: string;

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const app = createTestApp(t.database);
    const make = async (role: 'volunteer_coordinator' | 'township_officer' | 'volunteer', jurisdictionId: string) => {
      const u = await buildUser(t.database, { role, jurisdictionId });
      return { user: u.user, client: await signIn(app, u.user.username, u.password) };
    };
    coordinatorA = (await make('volunteer_coordinator', tree.district.id)).client;
    coordinatorB = (await make('volunteer_coordinator', tree.district.id)).client;
    officerA = (await make('township_officer', tree.townshipA.id)).client;
    officerB = (await make('township_officer', tree.townshipB.id)).client;
    const v = await make('volunteer', tree.communityA.id);
    volunteerUser = v.user;
    volunteerClient = v.client;
  });

  it('registers a volunteer pending; the registrar cannot vet (409 registrar_cannot_vet), another coordinator can', async () => {
    const res = await coordinatorA.post('/api/volunteers', {
      name: '陈思远',
      sex: 'male',
      birthYear: 1998,
      jurisdictionId: tree.communityA.id,
      grid: '第2网格',
      phone: '13812345678',
      idType: 'resident_id',
      idNumber: '11010519491231002X',
      skills: ['it_support', 'translation'],
      languages: ['zh', 'en'],
      availability: ['weekend'],
      userId: volunteerUser.id,
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      vettingStatus: 'pending',
      phoneMasked: '138****5678',
      idNumberMasked: '110105********002X',
      hasAccount: true,
    });
    expect(res.body.can).toEqual({ manage: true, vet: false, reveal: true });
    volunteerId = res.body.id;

    const own = await coordinatorA.post(`/api/volunteers/${volunteerId}/vet`, { decision: 'approved' });
    expect(own.status).toBe(409);
    expect(own.body.error.reason).toBe('registrar_cannot_vet');
    const officer = await officerA.post(`/api/volunteers/${volunteerId}/vet`, { decision: 'approved' });
    expect(officer.status).toBe(403);
    const other = await coordinatorB.post(`/api/volunteers/${volunteerId}/vet`, { decision: 'approved', note: '身份已核验' });
    expect(other.status).toBe(200);
    expect(other.body.vettingStatus).toBe('approved');
    const again = await coordinatorB.post(`/api/volunteers/${volunteerId}/vet`, { decision: 'rejected', note: 'x' });
    expect(again.body.error.reason).toBe('status_not_allowed');
  });

  it('refuses a second registration of the same identity number (409) and an invalid resident ID (400)', async () => {
    const dup = await officerA.post('/api/volunteers', {
      name: '重复',
      jurisdictionId: tree.communityA.id,
      idType: 'resident_id',
      idNumber: '11010519491231002x',
    });
    expect(dup.status).toBe(409);
    const bad = await officerA.post('/api/volunteers', {
      name: '错号',
      jurisdictionId: tree.communityA.id,
      idType: 'resident_id',
      idNumber: '110105194912310021',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('idNumber');
  });

  it('masks phone and ID as stars without volunteers.personal; the reveal is for coordinators and audited', async () => {
    const seen = await officerA.get(`/api/volunteers/${volunteerId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.phoneMasked).toBe('***********');
    expect(seen.body.idNumberMasked).toBe('******************');
    expect(JSON.stringify(seen.body)).not.toContain('5678');
    expect((await officerA.post(`/api/volunteers/${volunteerId}/personal`)).status).toBe(403);
    const full = await coordinatorA.post(`/api/volunteers/${volunteerId}/personal`);
    expect(full.body).toEqual({ phone: '13812345678', idType: 'resident_id', idNumber: '11010519491231002X' });
    const reads = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'volunteer_personal'), eq(auditLog.entityId, volunteerId)));
    expect(reads).toHaveLength(1);
    expect(reads[0]!.action).toBe('read');
  });

  it('another township does not see the volunteer (404) nor list them', async () => {
    expect((await officerB.get(`/api/volunteers/${volunteerId}`)).status).toBe(404);
    const list = await officerB.get('/api/volunteers');
    expect(list.body.total).toBe(0);
    const listA = await officerA.get('/api/volunteers?skill=translation&language=en');
    expect(listA.body.items.map((v: any) => v.id)).toEqual([volunteerId]);
  });

  it('assigns an approved volunteer to a new task through the task system; a pending one is refused (409)', async () => {
    const res = await coordinatorA.post(`/api/volunteers/${volunteerId}/assignments`, {
      task: { title: '为居家隔离户配送物资', dueAt: '2030-01-01T10:00:00+08:00', priority: 'high' },
      duty: '配送2户',
      contactDetails: '3栋2单元501',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'assigned',
      contactDetails: '3栋2单元501',
      task: { title: '为居家隔离户配送物资', status: 'assigned' },
    });
    const [task] = await t.database.db.select().from(tasks).where(eq(tasks.id, res.body.task.id));
    expect(task).toMatchObject({ originRef: `volunteer:${volunteerId}`, jurisdictionId: tree.communityA.id });

    const pending = await officerA.post('/api/volunteers', { name: '待审', jurisdictionId: tree.communityA.id });
    const refused = await coordinatorA.post(`/api/volunteers/${pending.body.id}/assignments`, { taskId: task!.id });
    expect(refused.status).toBe(409);
    expect(refused.body.error.reason).toBe('volunteer_not_approved');
    // readers of the registry without volunteers.manage do not see the task's contact details
    const seen = await (await officerB.get(`/api/volunteers/${volunteerId}`)).status;
    expect(seen).toBe(404);
  });

  it('the volunteer sees their own assignment with its contact details, checks in and out, and nothing else', async () => {
    const me = await volunteerClient.get('/api/volunteers/me');
    expect(me.status).toBe(200);
    expect(me.body.volunteer.phoneMasked).toBe('***********');
    const [assignment] = me.body.assignments;
    expect(assignment.contactDetails).toBe('3栋2单元501');
    expect((await volunteerClient.get('/api/volunteers')).status).toBe(403);
    expect((await volunteerClient.get('/api/tasks')).status).toBe(403);
    expect((await volunteerClient.get('/api/cases')).status).toBe(403);

    expect((await volunteerClient.post(`/api/volunteer-assignments/${assignment.id}/check-in`)).body.status).toBe('checked_in');
    const out = await volunteerClient.post(`/api/volunteer-assignments/${assignment.id}/check-out`);
    expect(out.body.status).toBe('completed');
    const logged = await t.database.db.select().from(volunteerHours).where(eq(volunteerHours.assignmentId, assignment.id));
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ source: 'check_out', activity: '配送2户' });
    expect(logged[0]!.minutes).toBeGreaterThanOrEqual(1);
    // once completed, the contact details are no longer shown to the volunteer
    const after = await volunteerClient.get('/api/volunteers/me');
    expect(after.body.assignments[0].contactDetails).toBeNull();
    expect((await volunteerClient.post(`/api/volunteer-assignments/${assignment.id}/cancel`)).status).toBe(409);
  });

  it('logs hours by hand with the day’s limit and no future days', async () => {
    const ok = await officerA.post(`/api/volunteers/${volunteerId}/hours`, { workedOn: '2026-01-05', minutes: 600, activity: '卡口值守' });
    expect(ok.status).toBe(201);
    const over = await officerA.post(`/api/volunteers/${volunteerId}/hours`, { workedOn: '2026-01-05', minutes: 900 });
    expect(over.status).toBe(400);
    expect(over.body.error.details[0].path).toBe('minutes');
    const future = await officerA.post(`/api/volunteers/${volunteerId}/hours`, { workedOn: '2099-01-01', minutes: 60 });
    expect(future.status).toBe(400);
    const impossible = await officerA.post(`/api/volunteers/${volunteerId}/hours`, { workedOn: '2026-02-30', minutes: 60 });
    expect(impossible.status).toBe(400);
  });

  it('suspending ends open assignments; reinstating is for someone other than the registrar', async () => {
    const s = await coordinatorB.post(`/api/volunteers/${volunteerId}/status`, { status: 'suspended', note: '面谈' });
    expect(s.body.vettingStatus).toBe('suspended');
    const own = await coordinatorA.post(`/api/volunteers/${volunteerId}/status`, { status: 'approved', note: '恢复' });
    expect(own.body.error.reason).toBe('registrar_cannot_vet');
    const back = await coordinatorB.post(`/api/volunteers/${volunteerId}/status`, { status: 'approved', note: '恢复' });
    expect(back.body.vettingStatus).toBe('approved');
  });
});

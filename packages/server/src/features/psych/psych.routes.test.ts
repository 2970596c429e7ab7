/**
 * Psychological assistance over HTTP on both engines: the outside checks (clients, screenings, 404 outside the
 * team), need to know over every role with each read audited, the audit log as no side door, break-glass,
 * the same-day task and the lead's notice, triage and re-screens, the hotline and its callback queue,
 * referrals through the FHIR states, the one-time self-screening link, aggregates with suppression, and the
 * retention purge.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLE_IDS, type RoleId } from '../../platform/auth/rights.ts';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { notifications } from '../notifications/index.ts';
import { facilities } from '../registry/index.ts';
import { breakGlassAs, getClientFor, purgeExpired } from './psych.service.ts';
import { psychClients } from './psych.tables.ts';

const TEAM: RoleId[] = ['counsellor', 'counsellor_lead'];

describe.each(testEngines())('psych HTTP API (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let counsellor: TestClient;
  let lead: TestClient;
  let leadId: string;
  let commander: TestClient;
  let commanderPrincipal: Awaited<ReturnType<typeof buildUser>>['principal'];
  let others: { role: RoleId; client: TestClient }[];
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let hospital: string;
  let clientId: string;

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    app = createTestApp(t.database);
    const c = await buildUser(t.database, { role: 'counsellor', jurisdictionId: tree.district.id });
    const l = await buildUser(t.database, { role: 'counsellor_lead', jurisdictionId: tree.district.id });
    leadId = l.user.id;
    counsellor = await signIn(app, c.user.username, c.password);
    lead = await signIn(app, l.user.username, l.password);
    others = [];
    for (const role of ROLE_IDS.filter((r) => !TEAM.includes(r))) {
      const u = await buildUser(t.database, { role, jurisdictionId: tree.district.id });
      const client = await signIn(app, u.user.username, u.password);
      others.push({ role, client });
      if (role === 'commander') {
        commander = client;
        commanderPrincipal = u.principal;
      }
    }
    hospital = (
      await t.database.db
        .insert(facilities)
        .values({
          name: '区精神卫生中心',
          nameEn: 'District Mental Health Centre',
          type: 'mental_health_centre',
          jurisdictionId: tree.townshipA.id,
        })
        .returning()
    )[0]!.id;
    await t.database.db.insert(facilities).values([
      { name: '甲镇卫生院', nameEn: 'Township A Health Centre', type: 'township_health_centre', jurisdictionId: tree.townshipA.id },
      { name: '区人民医院', nameEn: "District People's Hospital", type: 'general_hospital', jurisdictionId: tree.district.id },
      { name: '区应急物资库', nameEn: 'Depot', type: 'warehouse', jurisdictionId: tree.district.id },
    ]);
  });

  it('referral facilities: the mental-health centre first and preferred, then hospitals and health centres; no warehouse', async () => {
    const res = await counsellor.get('/api/psych/referral-facilities');
    expect(res.status).toBe(200);
    const rows = res.body.items.map((f: any) => [f.name, f.type, f.preferred]);
    expect(rows[0]).toEqual(['区精神卫生中心', 'mental_health_centre', true]);
    expect(rows.slice(1)).toEqual(
      expect.arrayContaining([
        ['区人民医院', 'general_hospital', false],
        ['甲镇卫生院', 'township_health_centre', false],
      ]),
    );
    expect(rows.filter((r: any[]) => r[2])).toHaveLength(1);
    expect(rows.map((r: any[]) => r[1])).not.toContain('warehouse');
    expect((await commander.get('/api/psych/referral-facilities')).status).toBe(403);
  });

  it('POST /api/psych/clients answers the client with its id; refuses a bad group and a link without consent', async () => {
    const res = await counsellor.post('/api/psych/clients', { name: '测试来访者甲', group: 'health_worker' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: '测试来访者甲',
      group: 'health_worker',
      consent: false,
      status: 'open',
      jurisdictionId: tree.district.id,
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.code).toMatch(/^P\d{4}-\d{5}$/);
    clientId = res.body.id;
    expect((await counsellor.post('/api/psych/clients', { name: 'x', group: 'doctor' })).status).toBe(400);
    const noConsent = await counsellor.post('/api/psych/clients', {
      name: 'x',
      group: 'patient',
      linkedCaseId: '00000000-0000-4000-8000-000000000000',
    });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.details[0].path).toBe('consent');
    expect((await commander.post('/api/psych/clients', { name: 'x', group: 'public' })).status).toBe(403);
  });

  it('POST /api/psych/screenings scores; PHQ-9 item 9 = 1 flags self_harm, raises a same-day task and tells the lead', async () => {
    const res = await counsellor.post('/api/psych/screenings', { clientId, instrument: 'phq9', answers: [2, 2, 1, 1, 1, 1, 1, 1, 1] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ score: 11, band: 'moderate', flags: ['self_harm'], source: 'counsellor' });
    expect(res.body.taskId).toBeTruthy();
    const tasks = await lead.get('/api/psych/tasks');
    expect(tasks.body.items).toEqual([
      expect.objectContaining({
        id: res.body.taskId,
        kind: 'self_harm',
        dueDate: districtToday(),
        status: 'open',
        clientId,
        overdue: false,
      }),
    ]);
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, leadId), eq(notifications.kind, 'psych.same_day_task')));
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0])).not.toContain('测试来访者甲'); // the code only: notices may leave the system
    // a second positive screening the same day does not pile up tasks
    const again = await counsellor.post('/api/psych/screenings', { clientId, instrument: 'phq9', answers: [0, 0, 0, 0, 0, 0, 0, 0, 2] });
    expect(again.body.taskId).toBe(res.body.taskId);
    const gad = await counsellor.post('/api/psych/screenings', { clientId, instrument: 'gad7', answers: [3, 3, 3, 3, 3, 0, 0] });
    expect(gad.body).toMatchObject({ score: 15, band: 'severe', flags: [], taskId: null });
  });

  it('invalid answers are refused with the item named', async () => {
    const short = await counsellor.post('/api/psych/screenings', { clientId, instrument: 'phq9', answers: [0, 0, 0] });
    expect(short.status).toBe(400);
    expect(short.body.error.details).toEqual([{ path: 'answers', message: 'phq9 has 9 items: expected 9 answers in item order, got 3' }]);
    const range = await counsellor.post('/api/psych/screenings', { clientId, instrument: 'isi', answers: [0, 0, 0, 0, 0, 5, 0.5] });
    expect(range.status).toBe(400);
    expect(range.body.error.details.map((d: any) => d.path)).toEqual(['answers.5', 'answers.6']);
    expect((await counsellor.post('/api/psych/screenings', { clientId, instrument: 'bdi', answers: [] })).status).toBe(400);
    expect(
      (
        await counsellor.post('/api/psych/screenings', {
          clientId: '00000000-0000-4000-8000-000000000000',
          instrument: 'phq9',
          answers: Array(9).fill(0),
        })
      ).status,
    ).toBe(400);
  });

  it('need to know: the team reads the record, every other role gets 404; every read is audited', async () => {
    const before = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, clientId), eq(auditLog.action, 'read')));
    const team = await counsellor.get(`/api/psych/clients/${clientId}`);
    expect(team.status).toBe(200);
    expect(team.body).toMatchObject({ id: clientId, name: '测试来访者甲', access: 'team' });
    expect(team.body.screenings.map((s: any) => s.score)).toEqual([11, 2, 15]);
    expect((await lead.get(`/api/psych/clients/${clientId}`)).status).toBe(200);
    for (const { role, client } of others) {
      const res = await client.get(`/api/psych/clients/${clientId}`);
      expect(res.status, role).toBe(404);
      expect(JSON.stringify(res.body)).not.toContain('测试来访者甲');
      expect((await client.get('/api/psych/clients')).status, role).toBe(403);
    }
    const after = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, clientId), eq(auditLog.action, 'read')));
    expect(after.length - before.length).toBe(2);
    expect(JSON.stringify(after.map((a) => a.after))).not.toContain('测试来访者甲');
  });

  it('the audit log is no side door: an auditor outside the team sees no details and no names', async () => {
    const admin = others.find((o) => o.role === 'system_admin')!.client;
    const res = await admin.get(`/api/audit?entityId=${clientId}`);
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(res.body.items.every((i: any) => i.detailsHidden && i.before === null && i.after === null)).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain('测试来访者甲');
  });

  it('break-glass: reason required; a live grant opens one client, audited and counted; the lead is told and reviews', async () => {
    expect((await commander.post('/api/psych/break-glass', { client: clientId, reason: 'short' })).status).toBe(400);
    expect(
      (
        await others
          .find((o) => o.role === 'viewer')!
          .client.post('/api/psych/break-glass', { client: clientId, reason: '急诊抢救需要了解既往评估情况' })
      ).status,
    ).toBe(403);
    expect((await commander.post('/api/psych/break-glass', { client: 'P2099-99999', reason: '急诊抢救需要了解既往评估情况' })).status).toBe(
      404,
    );
    const code = (await counsellor.get(`/api/psych/clients/${clientId}`)).body.code;
    const grant = await commander.post('/api/psych/break-glass', { client: code, reason: '急诊抢救需要了解既往评估情况', hours: 2 });
    expect(grant.status).toBe(201);
    expect(grant.body.clientId).toBe(clientId);
    const read = await commander.get(`/api/psych/clients/${clientId}`);
    expect(read.status).toBe(200);
    expect(read.body.access).toBe('break_glass');
    const audited = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, clientId), eq(auditLog.action, 'read'), eq(auditLog.actorUsername, commanderPrincipal.username)));
    expect(audited).toHaveLength(1);
    expect(audited[0]!.after).toEqual({ access: 'break_glass', breakGlassId: grant.body.id });
    // the grant is for this client only
    const other = (await counsellor.post('/api/psych/clients', { name: '测试来访者乙', group: 'public' })).body.id;
    expect((await commander.get(`/api/psych/clients/${other}`)).status).toBe(404);
    // expired: 404 again
    await expect(
      getClientFor({ database: t.database, now: () => new Date(Date.now() + 3 * 3_600_000) }, commanderPrincipal, clientId),
    ).rejects.toMatchObject({ id: 'not_found' });
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, leadId), eq(notifications.kind, 'psych.break_glass')));
    expect(told).toHaveLength(1);
    const list = await lead.get('/api/psych/break-glass?pending=true');
    expect(list.body.items).toEqual([
      expect.objectContaining({
        id: grant.body.id,
        clientId,
        reason: '急诊抢救需要了解既往评估情况',
        reads: 1,
        active: true,
        reviewedAt: null,
      }),
    ]);
    expect((await counsellor.get('/api/psych/break-glass')).status).toBe(403);
    const reviewed = await lead.post(`/api/psych/break-glass/${grant.body.id}/review`, { note: '理由成立' });
    expect(reviewed.status).toBe(200);
    expect(reviewed.body.reviewNote).toBe('理由成立');
    expect((await lead.get('/api/psych/break-glass?pending=true')).body.items).toEqual([]);
    expect((await lead.post(`/api/psych/break-glass/${grant.body.id}/review`, { note: '' })).status).toBe(409);
    // a grant written directly through the service expires after its hours
    const g = await breakGlassAs({ database: t.database }, commanderPrincipal, { client: other, reason: '夜间急诊需要核实风险', hours: 1 });
    expect(new Date(g.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(3_600_000);
  });

  it('triage: high risk raises a same-day task; re-screens and the next contact are scheduled', async () => {
    const c = (await counsellor.post('/api/psych/clients', { name: '测试来访者丙', group: 'quarantined', phone: '13800000000' })).body.id;
    const res = await counsellor.post(`/api/psych/clients/${c}/triage`, {
      riskLevel: 'high',
      plan: ['counselling', 'referral'],
      nextContactDate: districtToday(new Date(), -3),
      rescreenWeeks: [2, 4, 12],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      riskLevel: 'high',
      plan: ['counselling', 'referral'],
      nextContactDate: districtToday(new Date(), -3),
    });
    const detail = (await counsellor.get(`/api/psych/clients/${c}`)).body;
    expect(detail.tasks.map((x: any) => [x.kind, x.dueDate])).toEqual([
      ['high_risk', districtToday()],
      ['follow_up', districtToday(new Date(), -3)],
      ['rescreen', districtToday(new Date(), -14)],
      ['rescreen', districtToday(new Date(), -28)],
      ['rescreen', districtToday(new Date(), -84)],
    ]);
    expect((await counsellor.post(`/api/psych/clients/${c}/triage`, { riskLevel: 'severe' })).status).toBe(400);
    expect((await counsellor.post(`/api/psych/clients/${c}/triage`, { riskLevel: 'low', nextContactDate: '2020-01-01' })).status).toBe(400);
    const task = detail.tasks.find((x: any) => x.kind === 'high_risk');
    const done = await counsellor.post(`/api/psych/tasks/${task.id}/done`, { note: '已电话评估' });
    expect(done.body).toMatchObject({ status: 'done', note: '已电话评估' });
    expect((await counsellor.post(`/api/psych/tasks/${task.id}/done`, {})).status).toBe(409);
  });

  it('hotline: a call with a callback enters the queue until made', async () => {
    const calledAt = new Date(Date.now() - 30 * 60_000).toISOString();
    const res = await counsellor.post('/api/psych/calls', {
      calledAt,
      durationMinutes: 25,
      callerGroup: 'family',
      concerns: ['grief', 'sleep'],
      riskLevel: 'moderate',
      action: '倾听与情绪支持，提供自助材料',
      callbackNeeded: true,
      callbackPhone: '13700000000',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      durationMinutes: 25,
      callerGroup: 'family',
      concerns: ['grief', 'sleep'],
      callbackNeeded: true,
      callbackDoneAt: null,
    });
    expect(new Date(res.body.callbackDueAt).getTime()).toBe(new Date(calledAt).getTime() + 24 * 3_600_000);
    expect((await counsellor.get('/api/psych/callbacks')).body.items.map((x: any) => x.id)).toEqual([res.body.id]);
    expect(
      (
        await counsellor.post('/api/psych/calls', {
          calledAt,
          durationMinutes: 5,
          callerGroup: 'public',
          riskLevel: 'low',
          callbackNeeded: true,
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await counsellor.post('/api/psych/calls', {
          calledAt: '2099-01-01T00:00:00Z',
          durationMinutes: 5,
          callerGroup: 'public',
          riskLevel: 'low',
        })
      ).status,
    ).toBe(400);
    expect((await counsellor.post(`/api/psych/calls/${res.body.id}/callback`, { note: '已回访' })).body.callbackNote).toBe('已回访');
    expect((await counsellor.get('/api/psych/callbacks')).body.items).toEqual([]);
    const log = await counsellor.get('/api/psych/calls');
    expect(log.body.total).toBe(1);
    expect((await commander.get('/api/psych/calls')).status).toBe(403);
  });

  it('referrals follow the FHIR Task states; rejection needs a reason; overdue is flagged', async () => {
    const res = await counsellor.post('/api/psych/referrals', {
      clientId,
      facilityId: hospital,
      reason: '需精神科评估',
      urgency: 'urgent',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'requested', overdue: false, facility: { id: hospital, name: '区精神卫生中心' } });
    const id = res.body.id;
    expect((await counsellor.post(`/api/psych/referrals/${id}/status`, { status: 'completed' })).status).toBe(409);
    expect((await counsellor.post(`/api/psych/referrals/${id}/status`, { status: 'rejected' })).status).toBe(400);
    expect((await counsellor.post(`/api/psych/referrals/${id}/status`, { status: 'received' })).body.status).toBe('received');
    expect((await counsellor.post(`/api/psych/referrals/${id}/status`, { status: 'accepted' })).body.status).toBe('accepted');
    const done = await counsellor.post(`/api/psych/referrals/${id}/status`, { status: 'completed' });
    expect(done.body.history.map((h: any) => h.status)).toEqual(['requested', 'received', 'accepted', 'completed']);
    expect((await counsellor.get('/api/psych/referrals?open=true')).body.items).toEqual([]);
    const late = await counsellor.post('/api/psych/referrals', { clientId, facilityId: hospital, urgency: 'routine' });
    await t.database.db.execute(
      // the facility has not answered for four days
      (await import('drizzle-orm')).sql`UPDATE psych_referrals SET respond_by = now() - interval '1 day' WHERE id = ${late.body.id}`,
    );
    expect((await counsellor.get('/api/psych/referrals?overdue=true')).body.items.map((x: any) => x.id)).toEqual([late.body.id]);
    expect((await counsellor.post('/api/psych/referrals', { clientId, facilityId: tree.district.id })).status).toBe(400);
    const [depot] = await t.database.db.select().from(facilities).where(eq(facilities.type, 'warehouse'));
    const toDepot = await counsellor.post('/api/psych/referrals', { clientId, facilityId: depot!.id });
    expect(toDepot.status).toBe(400);
    expect(toDepot.body.error.details[0]).toMatchObject({ path: 'facilityId' });
  });

  it('self-screening: a one-time link without sign-in; the answers are scored; the link is spent', async () => {
    const link = await counsellor.post(`/api/psych/clients/${clientId}/links`, { instrument: 'phq9', hours: 24 });
    expect(link.status).toBe(201);
    expect(link.body.path).toBe(`/screen/${link.body.token}`);
    const phone = new TestClient(app);
    const form = await phone.get(`/api/public/psych/screen/${link.body.token}`);
    expect(form.status).toBe(200);
    expect(form.body.items).toHaveLength(9);
    expect(JSON.stringify(form.body)).not.toContain('测试来访者甲');
    expect((await phone.post(`/api/public/psych/screen/${link.body.token}`, { answers: [0, 0] })).status).toBe(400);
    const sent = await phone.post(`/api/public/psych/screen/${link.body.token}`, { answers: [1, 1, 1, 1, 0, 0, 0, 0, 1] });
    expect(sent.status).toBe(201);
    expect(sent.body).toEqual({ received: true, urgentHelp: true });
    expect((await phone.post(`/api/public/psych/screen/${link.body.token}`, { answers: Array(9).fill(0) })).status).toBe(404);
    expect((await phone.get(`/api/public/psych/screen/${link.body.token}`)).status).toBe(404);
    expect((await phone.get('/api/public/psych/screen/not-a-token')).status).toBe(404);
    const last = (await counsellor.get(`/api/psych/clients/${clientId}`)).body.screenings.at(-1);
    expect(last).toMatchObject({ source: 'self', score: 5, band: 'mild', flags: ['self_harm'] });
  });

  it('aggregates for everyone: counts only, 1–4 suppressed', async () => {
    const viewer = others.find((o) => o.role === 'viewer')!.client;
    const res = await viewer.get('/api/psych/aggregates?days=7');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.callsPerDay).toHaveLength(7);
    expect(res.body.callsPerDay.at(-1)).toEqual({ date: districtToday(), calls: null }); // 1 call: suppressed
    expect(res.body.screeningsByBand.find((s: any) => s.instrument === 'phq9' && s.band === 'severe')).toEqual({
      instrument: 'phq9',
      band: 'severe',
      count: 0,
    });
    expect(res.body.referralsByState.find((s: any) => s.status === 'completed').count).toBeNull();
    for (let i = 0; i < 5; i++) {
      await counsellor.post('/api/psych/calls', {
        calledAt: new Date().toISOString(),
        durationMinutes: 3,
        callerGroup: 'public',
        riskLevel: 'low',
      });
    }
    expect((await viewer.get('/api/psych/aggregates?days=7')).body.callsPerDay.at(-1).calls).toBe(6);
    expect(JSON.stringify(res.body)).not.toMatch(/测试来访者/);
  });

  it('cut-offs: the lead sets them (validated), the next screening uses them; a counsellor may not', async () => {
    const bands = [
      { band: 'minimal', min: 0 },
      { band: 'mild', min: 5 },
      { band: 'moderate', min: 9 },
      { band: 'moderately_severe', min: 15 },
      { band: 'severe', min: 20 },
    ];
    expect((await counsellor.put('/api/psych/settings/cutoffs/phq9', { cutoffs: { bands } })).status).toBe(403);
    expect((await lead.put('/api/psych/settings/cutoffs/pcl5', { cutoffs: { threshold: 30, itemRule: true } })).status).toBe(400);
    const saved = await lead.put('/api/psych/settings/cutoffs/phq9', { cutoffs: { bands } });
    expect(saved.status).toBe(200);
    expect(saved.body.cutoffs.phq9).toEqual({ bands });
    const s = await counsellor.post('/api/psych/screenings', { clientId, instrument: 'phq9', answers: [3, 3, 3, 0, 0, 0, 0, 0, 0] });
    expect(s.body.band).toBe('moderate');
    await lead.put('/api/psych/settings/cutoffs/phq9', {
      cutoffs: { bands: bands.map((b) => (b.band === 'moderate' ? { ...b, min: 10 } : b)) },
    });
  });

  it('retention: closed records past the period are purged, with one audit record', async () => {
    const old = (await counsellor.post('/api/psych/clients', { name: '测试来访者丁', group: 'public' })).body.id;
    await counsellor.post('/api/psych/screenings', { clientId: old, instrument: 'gad7', answers: Array(7).fill(1) });
    await counsellor.post(`/api/psych/clients/${old}/close`, { reason: 'goals_met', outcome: 'improved', notes: '好转' });
    const later = new Date(Date.now() + 6 * 365 * 86_400_000);
    const purged = await purgeExpired(t.database, later);
    expect(purged.clientIds).toContain(old);
    expect(purged.clientIds).not.toContain(clientId); // still open
    expect(await t.database.db.select().from(psychClients).where(eq(psychClients.id, old))).toEqual([]);
    const record = await t.database.db.select().from(auditLog).where(eq(auditLog.entityType, 'psych_purge'));
    expect(record).toHaveLength(1);
    expect(record[0]!.after).toMatchObject({ retentionDays: 1825, clients: purged.clientIds.length });
    expect((await purgeExpired(t.database, later)).clientIds).toEqual([]);
  });
});

/**
 * Psychological assistance, second part, over HTTP on both engines: links to cases and contacts (consent only,
 * the linker's area only, and no existence probe: a missing record and one outside the area get the same
 * answer), closing a client with a coded reason (read-only until reopened), the receiving facility answering
 * its referrals (scoped to its own users, each read audited, no clinical content in notices), and group
 * sessions with their attendees.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROLE_IDS, type RoleId } from '../../platform/auth/rights.ts';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { contacts } from '../contacts/index.ts';
import { notifications } from '../notifications/index.ts';
import { facilities } from '../registry/index.ts';

describe.each(testEngines())('psych links, closing, facility answers, groups (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let counsellor: TestClient;
  let reporter: TestClient;
  let reporterId: string;
  let otherReporter: TestClient;
  let hospital: string;
  let caseHere: { id: string; code: string };
  let caseElsewhere: { id: string; code: string };
  let contactHere: { id: string; code: string };
  let contactElsewhere: { id: string; code: string };

  const newClient = async (name: string, consent = true) =>
    (await counsellor.post('/api/psych/clients', { name, group: 'patient', consent })).body as { id: string; code: string };

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    app = createTestApp(t.database);
    const db = t.database.db;
    // the counsellor works for township A only
    const c = await buildUser(t.database, { role: 'counsellor', jurisdictionId: tree.townshipA.id });
    counsellor = await signIn(app, c.user.username, c.password);
    hospital = (
      await db
        .insert(facilities)
        .values({
          name: '区精神卫生中心',
          nameEn: 'District Mental Health Centre',
          type: 'general_hospital',
          jurisdictionId: tree.townshipA.id,
        })
        .returning()
    )[0]!.id;
    const r = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id, facilityId: hospital });
    reporterId = r.user.id;
    reporter = await signIn(app, r.user.username, r.password);
    const o = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id });
    otherReporter = await signIn(app, o.user.username, o.password);

    const [disease] = await db.select().from(diseases).limit(1);
    const fileCase = async (jurisdictionId: string, personName: string) =>
      (
        await db
          .insert(caseReports)
          .values({
            diseaseId: disease!.id,
            jurisdictionId,
            personName,
            sex: 'unknown',
            idType: 'none',
            classification: 'clinical',
            diagnosisAt: new Date('2026-11-01T09:00:00+08:00'),
            reportedAt: new Date('2026-11-01T10:00:00+08:00'),
          })
          .returning({ id: caseReports.id, code: caseReports.code })
      )[0]!;
    caseHere = await fileCase(tree.communityA.id, '病例甲');
    caseElsewhere = await fileCase(tree.townshipB.id, '病例乙');
    const traceContact = async (jurisdictionId: string, personName: string) =>
      (
        await db
          .insert(contacts)
          .values({
            diseaseId: disease!.id,
            sourceCaseId: caseHere.id,
            indexCaseId: caseHere.id,
            degree: 1,
            jurisdictionId,
            personName,
            riskCategory: 'high',
            lastExposureAt: new Date('2026-11-01T20:00:00+08:00'),
            followUpUntil: '2026-11-15',
          })
          .returning({ id: contacts.id, code: contacts.code })
      )[0]!;
    contactHere = await traceContact(tree.communityA.id, '密接甲');
    contactElsewhere = await traceContact(tree.townshipB.id, '密接乙');
  });

  it('a link to a missing case and to a case outside your area get the same answer (no existence probe)', async () => {
    const client = await newClient('关联测试甲');
    const missing = await counsellor.patch(`/api/psych/clients/${client.id}`, { linkedCaseId: '00000000-0000-4000-8000-000000000000' });
    const elsewhere = await counsellor.patch(`/api/psych/clients/${client.id}`, { linkedCaseId: caseElsewhere.id });
    expect(missing.status).toBe(400);
    expect(elsewhere.status).toBe(missing.status);
    expect(elsewhere.body).toEqual(missing.body);
    expect(missing.body.error.details).toEqual([{ path: 'linkedCaseId', message: 'no case with this code or id in your area' }]);
    // the same on registering, for contacts, and by code on the link route
    const onCreate = [
      await counsellor.post('/api/psych/clients', { name: 'x', group: 'public', consent: true, linkedContactId: contactElsewhere.id }),
      await counsellor.post('/api/psych/clients', {
        name: 'x',
        group: 'public',
        consent: true,
        linkedContactId: '00000000-0000-4000-8000-000000000000',
      }),
    ];
    expect(onCreate.map((r) => r.status)).toEqual([400, 400]);
    expect(onCreate[0]!.body).toEqual(onCreate[1]!.body);
    const byCode = [
      await counsellor.put(`/api/psych/clients/${client.id}/record-link`, { kind: 'case', ref: caseElsewhere.code }),
      await counsellor.put(`/api/psych/clients/${client.id}/record-link`, { kind: 'case', ref: 'C2099-999999' }),
    ];
    expect(byCode.map((r) => r.status)).toEqual([400, 400]);
    expect(byCode[0]!.body).toEqual(byCode[1]!.body);
    // nothing was linked
    expect((await counsellor.get(`/api/psych/clients/${client.id}`)).body).toMatchObject({ linkedCaseId: null, linkedContactId: null });
  });

  it('links by code within your area and with consent; the team sees the code only; withdrawing consent unlinks', async () => {
    const client = await newClient('关联测试乙');
    const linked = await counsellor.put(`/api/psych/clients/${client.id}/record-link`, { kind: 'case', ref: caseHere.code.toLowerCase() });
    expect(linked.status).toBe(200);
    expect(linked.body).toMatchObject({ linkedCaseId: caseHere.id, linkedCaseCode: caseHere.code });
    const contact = await counsellor.put(`/api/psych/clients/${client.id}/record-link`, { kind: 'contact', ref: contactHere.id });
    expect(contact.body).toMatchObject({ linkedContactId: contactHere.id, linkedContactCode: contactHere.code });
    const detail = await counsellor.get(`/api/psych/clients/${client.id}`);
    expect(JSON.stringify(detail.body)).not.toContain('病例甲'); // psych reads the code, never the case's content
    const withdrawn = await counsellor.patch(`/api/psych/clients/${client.id}`, { consent: false });
    expect(withdrawn.body).toMatchObject({ consent: false, linkedCaseId: null, linkedContactId: null, linkedCaseCode: null });
    const noConsent = await counsellor.put(`/api/psych/clients/${client.id}/record-link`, { kind: 'case', ref: caseHere.code });
    expect(noConsent.status).toBe(400);
    expect(noConsent.body.error.details[0].path).toBe('consent');
    // the audit entries carry that a link exists, not which record
    const entries = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'psych_client'), eq(auditLog.entityId, client.id), eq(auditLog.action, 'link')));
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain(caseHere.id);
  });

  it('closing: refused while a same-day risk task is open; coded; read-only until reopened; links expire', async () => {
    const client = await newClient('结案测试');
    await counsellor.post(`/api/psych/clients/${client.id}/triage`, { riskLevel: 'high', rescreenWeeks: [2, 4] });
    const link = (await counsellor.post(`/api/psych/clients/${client.id}/links`, { instrument: 'phq9' })).body;
    const blocked = await counsellor.post(`/api/psych/clients/${client.id}/close`, { reason: 'goals_met', outcome: 'improved' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.reason).toBe('risk_task_open');
    const risk = (await counsellor.get('/api/psych/tasks')).body.items.find(
      (x: { clientId: string; kind: string }) => x.clientId === client.id && x.kind === 'high_risk',
    );
    await counsellor.post(`/api/psych/tasks/${risk.id}/done`, { note: '已电话评估' });
    expect((await counsellor.post(`/api/psych/clients/${client.id}/close`, { reason: 'nonsense', outcome: 'improved' })).status).toBe(400);
    const closed = await counsellor.post(`/api/psych/clients/${client.id}/close`, {
      reason: 'goals_met',
      outcome: 'improved',
      notes: 'PHQ-9 降至 4 分',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      closeReason: 'goals_met',
      closeOutcome: 'improved',
      outcome: 'PHQ-9 降至 4 分',
    });
    expect(closed.body.closedAt).toBeTruthy();
    const detail = (await counsellor.get(`/api/psych/clients/${client.id}`)).body;
    expect(detail.tasks.filter((x: { status: string }) => x.status === 'open')).toEqual([]);
    expect(detail.tasks.filter((x: { kind: string; status: string }) => x.kind === 'rescreen' && x.status === 'cancelled')).toHaveLength(2);

    // read-only: every write answers 409 client_closed
    const writes = [
      await counsellor.post(`/api/psych/clients/${client.id}/triage`, { riskLevel: 'low' }),
      await counsellor.post('/api/psych/screenings', { clientId: client.id, instrument: 'gad7', answers: Array(7).fill(0) }),
      await counsellor.post(`/api/psych/clients/${client.id}/sessions`, { heldAt: new Date().toISOString(), notes: 'x' }),
      await counsellor.post(`/api/psych/clients/${client.id}/links`, { instrument: 'phq9' }),
      await counsellor.post('/api/psych/referrals', { clientId: client.id, facilityId: hospital }),
      await counsellor.patch(`/api/psych/clients/${client.id}`, { name: '改名' }),
      await counsellor.post('/api/psych/calls', {
        calledAt: new Date().toISOString(),
        durationMinutes: 5,
        callerGroup: 'patient',
        riskLevel: 'low',
        clientId: client.id,
      }),
      await counsellor.post(`/api/psych/clients/${client.id}/close`, { reason: 'other', outcome: 'unknown' }),
    ];
    expect(writes.map((w) => [w.status, w.body.error?.reason])).toEqual(Array(8).fill([409, 'client_closed']));
    // ... except withdrawing consent, and the link given out before the closing is dead
    expect((await counsellor.patch(`/api/psych/clients/${client.id}`, { consent: false })).status).toBe(200);
    const anon = await app.request(`/api/public/psych/screen/${link.token}`);
    expect(anon.status).toBe(404);

    const reopened = await counsellor.post(`/api/psych/clients/${client.id}/reopen`);
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'open', closeReason: null, closeOutcome: null, closedAt: null });
    expect((await counsellor.post(`/api/psych/clients/${client.id}/reopen`)).status).toBe(409);
    expect(
      (await counsellor.post('/api/psych/screenings', { clientId: client.id, instrument: 'gad7', answers: Array(7).fill(0) })).status,
    ).toBe(201);
    const actions = (
      await t.database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'psych_client'), eq(auditLog.entityId, client.id)))
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['close', 'reopen']));
  });

  it('the receiving facility answers its referrals; other facilities and roles see nothing; each read audited', async () => {
    const client = await newClient('转介测试');
    const referral = (
      await counsellor.post('/api/psych/referrals', {
        clientId: client.id,
        facilityId: hospital,
        reason: '需精神科评估',
        urgency: 'urgent',
      })
    ).body;
    // the facility's users are told: the code, not the name
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.userId, reporterId), eq(notifications.kind, 'psych.referral_received')));
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toContain(client.code);
    expect(JSON.stringify(told)).not.toContain('转介测试');

    const inbox = await reporter.get('/api/psych/facility-referrals?open=true');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toEqual([
      expect.objectContaining({
        id: referral.id,
        clientCode: client.code,
        clientName: '转介测试',
        reason: '需精神科评估',
        urgency: 'urgent',
        status: 'requested',
        next: ['received', 'accepted', 'rejected'],
      }),
    ]);
    expect(Object.keys(inbox.body.items[0])).not.toContain('screenings');
    const reads = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'psych_referral'), eq(auditLog.entityId, referral.id), eq(auditLog.action, 'read')));
    expect(reads).toHaveLength(1);
    expect(reads[0]!.actorId).toBe(reporterId);

    // another facility: an empty inbox, and 404 for the referral exactly as for one that does not exist
    expect((await otherReporter.get('/api/psych/facility-referrals')).body.items).toEqual([]);
    const foreign = await otherReporter.post(`/api/psych/facility-referrals/${referral.id}/answer`, { status: 'accepted' });
    const none = await otherReporter.post('/api/psych/facility-referrals/00000000-0000-4000-8000-000000000000/answer', {
      status: 'accepted',
    });
    expect([foreign.status, none.status]).toEqual([404, 404]);
    expect(foreign.body).toEqual(none.body);

    // declining needs a note; cancelling is the team's
    expect((await reporter.post(`/api/psych/facility-referrals/${referral.id}/answer`, { status: 'rejected' })).status).toBe(400);
    expect((await reporter.post(`/api/psych/facility-referrals/${referral.id}/answer`, { status: 'cancelled' })).status).toBe(400);
    const received = await reporter.post(`/api/psych/facility-referrals/${referral.id}/answer`, { status: 'received' });
    expect(received.body).toMatchObject({ status: 'received', next: ['accepted', 'rejected'] });
    const accepted = await reporter.post(`/api/psych/facility-referrals/${referral.id}/answer`, {
      status: 'accepted',
      note: '明日上午门诊',
    });
    expect(accepted.status).toBe(200);
    expect((await reporter.post(`/api/psych/facility-referrals/${referral.id}/answer`, { status: 'received' })).status).toBe(409);
    const seen = await reporter.post(`/api/psych/facility-referrals/${referral.id}/answer`, {
      status: 'in-progress',
      note: '三号诊室接诊',
    });
    expect(seen.body).toMatchObject({ status: 'in-progress', next: ['completed'] });

    // the team sees the facility's answers in the loop, marked as the facility's
    const team = (await counsellor.get(`/api/psych/clients/${client.id}`)).body.referrals[0];
    expect(team).toMatchObject({ status: 'in-progress', statusReason: '三号诊室接诊' });
    expect(team.history.map((h: { status: string; side: string }) => [h.status, h.side])).toEqual([
      ['requested', 'team'],
      ['received', 'facility'],
      ['accepted', 'facility'],
      ['in-progress', 'facility'],
    ]);
    const answered = await t.database.db.select().from(notifications).where(eq(notifications.kind, 'psych.referral_answered'));
    expect(answered.length).toBeGreaterThan(0);
    expect(JSON.stringify(answered)).not.toContain('转介测试');
    expect(JSON.stringify(answered)).not.toContain('三号诊室接诊');
  });

  it('the facility inbox: every role but the facility-bound hospital reporter gets 403', async () => {
    const statuses: Partial<Record<RoleId, number>> = {};
    for (const role of ROLE_IDS) {
      const u = await buildUser(t.database, { role, jurisdictionId: tree.district.id });
      const client = await signIn(app, u.user.username, u.password);
      statuses[role] = (await client.get('/api/psych/facility-referrals')).status;
    }
    for (const role of ROLE_IDS) expect([role, statuses[role]]).toEqual([role, role === 'hospital_reporter' ? 200 : 403]);
  });

  it('groups: attendees shown by code and name to the team; a closed client cannot be listed as attending', async () => {
    const a = await newClient('团体甲');
    const b = await newClient('团体乙');
    const created = await counsellor.post('/api/psych/groups', {
      title: '医护减压团体',
      audience: 'health_workers',
      heldAt: new Date().toISOString(),
      attendance: 12,
      attendeeClientIds: [a.id, b.id],
    });
    expect(created.status).toBe(201);
    expect(created.body.attendees).toEqual(
      expect.arrayContaining([
        { id: a.id, code: a.code, name: '团体甲' },
        { id: b.id, code: b.code, name: '团体乙' },
      ]),
    );
    const listed = (await counsellor.get('/api/psych/groups')).body.items.find((g: { id: string }) => g.id === created.body.id);
    expect(listed).toMatchObject({ title: '医护减压团体', attendance: 12 });
    expect(listed.attendees).toHaveLength(2);
    await counsellor.post(`/api/psych/clients/${b.id}/close`, { reason: 'declined', outcome: 'unknown' });
    const refused = await counsellor.post('/api/psych/groups', {
      title: '第二次',
      audience: 'health_workers',
      heldAt: new Date().toISOString(),
      attendance: 3,
      attendeeClientIds: [b.id],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('attendeeClientIds.0');
    expect((await reporter.get('/api/psych/groups')).status).toBe(403);
  });
});

/**
 * Training: certificate arithmetic (expiry by months, clamped to the month's end; standing by the best
 * certificate) and, over HTTP, a session from planning to certificates (attendance, failed and absent people get
 * none), readiness per township with an expiring certificate, the certificate list by standing, scope and rights.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { districtToday } from '../../platform/time/district-time.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { notifications } from '../notifications/index.ts';
import { addDays, bestOf, expiryOf, standingOf } from './readiness.ts';
import { sendExpiryReminders } from './training.reminders.ts';

describe('certificate arithmetic', () => {
  it('expires a number of months later, clamped to the end of a shorter month; no validity: no expiry', () => {
    expect(expiryOf('2026-01-31', 1)).toBe('2026-02-28');
    expect(expiryOf('2024-01-31', 1)).toBe('2024-02-29');
    expect(expiryOf('2026-03-15', 12)).toBe('2027-03-15');
    expect(expiryOf('2026-11-30', 3)).toBe('2027-02-28');
    expect(expiryOf('2026-03-15', null)).toBeNull();
  });
  it('standing: expired on the expiry day, expiring within the window, the best certificate counts', () => {
    const today = '2026-12-07';
    expect(standingOf([], today)).toBe('untrained');
    expect(standingOf(['2026-12-07'], today)).toBe('expired');
    expect(standingOf(['2026-12-08'], today)).toBe('expiring');
    expect(standingOf([addDays(today, 60)], today)).toBe('expiring');
    expect(standingOf([addDays(today, 61)], today)).toBe('current');
    expect(standingOf(['2025-01-01', '2027-06-01'], today)).toBe('current');
    expect(standingOf(['2025-01-01', null], today)).toBe('current');
    expect(standingOf(['2027-01-15'], today, 30)).toBe('current');
    expect(bestOf([{ expiresOn: '2027-01-01' }, { expiresOn: null }, { expiresOn: '2028-01-01' }])).toEqual({ expiresOn: null });
  });
});

describe.each(testEngines())('training over HTTP (%s)', (engine) => {
  const t = withTestDb(engine);
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let trainer: TestClient;
  let trainerId: string;
  let viewerB: TestClient;
  let viewerId: string;
  let staffA: Awaited<ReturnType<typeof buildUser>>;
  let staffB: Awaited<ReturnType<typeof buildUser>>;
  let courseId: string;
  let volunteerId: string;

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const app = createTestApp(t.database);
    const trainerUser = await buildUser(t.database, { role: 'training_officer', jurisdictionId: tree.district.id });
    trainer = await signIn(app, trainerUser.user.username, trainerUser.password);
    trainerId = trainerUser.user.id;
    const viewer = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.townshipB.id });
    viewerB = await signIn(app, viewer.user.username, viewer.password);
    viewerId = viewer.user.id;
    staffA = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    staffB = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    // an approved volunteer in township A (registered by the officer, vetted by a coordinator)
    const officer = await signIn(app, staffA.user.username, staffA.password);
    const v = await officer.post('/api/volunteers', { name: '志愿者甲', jurisdictionId: tree.communityA.id });
    const coordinator = await buildUser(t.database, { role: 'volunteer_coordinator', jurisdictionId: tree.district.id });
    const cc = await signIn(app, coordinator.user.username, coordinator.password);
    expect((await cc.post(`/api/volunteers/${v.body.id}/vet`, { decision: 'approved' })).status).toBe(200);
    volunteerId = v.body.id;
  });

  it('runs a session: enrol, take attendance, close; those present and not failed get certificates', async () => {
    const course = await trainer.post('/api/training/courses', {
      code: 'PPE-T1',
      title: '个人防护用品穿脱',
      titleEn: 'PPE donning and doffing',
      topic: 'ppe',
      audience: 'both',
      validityMonths: 12,
    });
    expect(course.status).toBe(201);
    courseId = course.body.id;
    expect((await trainer.post('/api/training/courses', { code: 'PPE-T1', title: 'x', titleEn: 'x', topic: 'ppe' })).status).toBe(409);

    const session = await trainer.post('/api/training/sessions', {
      courseId,
      jurisdictionId: tree.townshipA.id,
      startsAt: '2026-03-10T09:00:00+08:00',
      endsAt: '2026-03-10T12:00:00+08:00',
      location: '卫生院会议室',
    });
    expect(session.status).toBe(201);
    const id = session.body.id;
    const backwards = await trainer.post('/api/training/sessions', {
      courseId,
      jurisdictionId: tree.townshipA.id,
      startsAt: '2026-03-10T12:00:00+08:00',
      endsAt: '2026-03-10T09:00:00+08:00',
    });
    expect(backwards.status).toBe(400);

    const enrolled = await trainer.post(`/api/training/sessions/${id}/enrolments`, {
      userIds: [staffA.user.id, staffB.user.id],
      volunteerIds: [volunteerId],
    });
    expect(enrolled.status).toBe(200);
    expect(enrolled.body.enrolled).toBe(3);
    expect((await trainer.post(`/api/training/sessions/${id}/close`)).status).toBe(400); // attendance not taken yet

    const byPerson = new Map(enrolled.body.enrolments.map((e: any) => [e.person.id, e.id]));
    const marked = await trainer.put(`/api/training/sessions/${id}/attendance`, {
      entries: [
        { enrolmentId: byPerson.get(staffA.user.id), attendance: 'present', passed: true },
        { enrolmentId: byPerson.get(staffB.user.id), attendance: 'present', passed: false },
        { enrolmentId: byPerson.get(volunteerId), attendance: 'present' },
      ],
    });
    expect(marked.body.present).toBe(3);
    const closed = await trainer.post(`/api/training/sessions/${id}/close`);
    expect(closed.body.status).toBe('held');
    const codes = Object.fromEntries(closed.body.enrolments.map((e: any) => [e.person.id, e.certificateCode]));
    expect(codes[staffA.user.id]).toMatch(/^TC\d{4}-\d{5}$/);
    expect(codes[staffB.user.id]).toBeNull();
    expect(codes[volunteerId]).toMatch(/^TC/);
    expect(
      (
        await trainer.put(`/api/training/sessions/${id}/attendance`, {
          entries: [{ enrolmentId: byPerson.get(staffA.user.id), attendance: 'absent' }],
        })
      ).status,
    ).toBe(409);
  });

  it('readiness per township counts current, expiring and untrained people; the certificate list filters by standing', async () => {
    const today = districtToday();
    // the volunteer's certificate from March 2026 is replaced by one expiring within the window
    const rec = await trainer.post('/api/training/certificates', {
      courseId,
      userId: staffB.user.id,
      issuedOn: addDays(today, -340),
      expiresOn: addDays(today, 20),
    });
    expect(rec.status).toBe(201);
    const readiness = await trainer.get(`/api/training/readiness?courseId=${courseId}&by=township`);
    expect(readiness.status).toBe(200);
    const standing = Object.fromEntries(readiness.body.people.map((p: any) => [p.id, p.standing]));
    // March 2026 + 12 months: current until 2027-03-10 (expiring only from January 2027 on)
    expect(standing[staffA.user.id]).toBe(today < '2027-01-09' ? 'current' : today < '2027-03-10' ? 'expiring' : 'expired');
    expect(standing[staffB.user.id]).toBe('expiring');
    const groupB = readiness.body.groups.find((g: any) => g.id === tree.townshipB.id);
    // township B: its officer (expiring) and the viewer (staff too, untrained)
    expect(groupB).toMatchObject({ kind: 'township', people: 2, expiring: 1, untrained: 1, readyPercent: 50 });
    const groupA = readiness.body.groups.find((g: any) => g.id === tree.townshipA.id);
    expect(groupA.people).toBe(2); // the officer and the volunteer
    const trainerRow = readiness.body.groups.find((g: any) => g.kind === 'district');
    expect(trainerRow).toMatchObject({ people: 2, untrained: 2, readyPercent: 0 }); // the trainer and the coordinator

    const expiring = await trainer.get(`/api/training/certificates?standing=expiring&courseId=${courseId}`);
    expect(expiring.body.items.map((c: any) => c.person.id)).toEqual([staffB.user.id]);
    expect(expiring.body.items[0].standing).toBe('expiring');
  });

  it('reminds the holder and the training managers once of a certificate expiring within 30 days', async () => {
    const sent = await sendExpiryReminders(t.database, new Date());
    expect(sent).toBeGreaterThanOrEqual(1);
    const told = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'training.expiring'), eq(notifications.userId, staffB.user.id)));
    expect(told).toHaveLength(1);
    expect(told[0]!.title).toContain('个人防护用品穿脱');
    const managers = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.kind, 'training.expiring'), eq(notifications.userId, trainerId)));
    expect(managers.length).toBe(sent);
    expect(await sendExpiryReminders(t.database, new Date())).toBe(0);
  });

  it('a reader in township B sees only township B’s people and certificates; a viewer cannot manage', async () => {
    const readiness = await viewerB.get(`/api/training/readiness?courseId=${courseId}`);
    expect(readiness.body.people.map((p: any) => p.id)).toEqual([staffB.user.id, viewerId]); // expiring before untrained
    const certs = await viewerB.get('/api/training/certificates');
    expect(certs.body.items.every((c: any) => c.jurisdiction.id === tree.townshipB.id)).toBe(true);
    expect((await viewerB.post('/api/training/courses', { code: 'X-1', title: 'x', titleEn: 'x', topic: 'other' })).status).toBe(403);
    expect((await viewerB.get('/api/training/candidates')).status).toBe(403);
  });
});

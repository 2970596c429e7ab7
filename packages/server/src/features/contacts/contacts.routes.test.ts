/**
 * Contact tracing over HTTP on both engines: registering a contact of a case and of a contact (window from the
 * disease's incubation period), masked identity numbers, scope (a township officer sees their township only;
 * a hospital reporter has no contacts right), follow-up records and the daily list, restarting the clock on a
 * new exposure, every state change, the case report of an unwell contact, the completion job, and audit.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { diseases } from '../catalogue/index.ts';
import { facilities } from '../registry/index.ts';
import { makeResidentId } from '../cases/resident-id.ts';
import { completeEndedFollowUps } from './contacts.service.ts';
import { contacts } from './contacts.tables.ts';
import { addDays } from './follow-up-clock.ts';

const KEY = '5a'.repeat(32);
const ID = makeResidentId('500199', '1990-05-02', 222);

describe.each(testEngines())('contacts HTTP API (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let epi: TestClient;
  let officerA: TestClient;
  let officerB: TestClient;
  let reporter: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let covid: string;
  let caseId: string;
  /** the reporting unit (报告单位) every card names */
  let hospital: string;
  const today = districtToday();
  const daysAgo = (n: number) => addDays(today, -n);
  const exposure = (n: number) => `${daysAgo(n)}T10:00:00+08:00`;

  const contact = (over: Record<string, unknown> = {}) => ({
    sourceCaseId: caseId,
    personName: '王芳',
    jurisdictionId: tree.communityA.id,
    lastExposureAt: exposure(3),
    idType: 'resident_id',
    idNumber: ID,
    phone: '13900000001',
    contactType: 'close',
    ...over,
  });

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    covid = (await t.database.db.select().from(diseases).where(eq(diseases.code, 'covid19')))[0]!.id;
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const a = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const b = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const r = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id });
    app = createTestApp(t.database, { identityKey: KEY });
    epi = await signIn(app, e.user.username, e.password);
    officerA = await signIn(app, a.user.username, a.password);
    officerB = await signIn(app, b.user.username, b.password);
    reporter = await signIn(app, r.user.username, r.password);
    hospital = (
      await t.database.db
        .insert(facilities)
        .values({ name: '区人民医院', nameEn: "District People's Hospital", type: 'general_hospital', jurisdictionId: tree.townshipA.id })
        .returning()
    )[0]!.id;
    const res = await epi.post('/api/cases', {
      diseaseId: covid,
      facilityId: hospital,
      jurisdictionId: tree.communityB.id,
      personName: '李强',
      classification: 'confirmed',
      diagnosisAt: `${daysAgo(2)}T09:00:00+08:00`,
      reportedAt: `${daysAgo(2)}T10:00:00+08:00`,
    });
    expect(res.status).toBe(201);
    caseId = res.body.id;
  }, 120_000);

  it('the disease catalogue carries the maximum incubation period, editable', async () => {
    const res = await epi.get(`/api/diseases/${covid}`);
    expect(res.body.maxIncubationDays).toBe(14);
    const hfmd = (await epi.get('/api/diseases')).body.items.find((d: { code: string }) => d.code === 'hfmd');
    expect(hfmd.maxIncubationDays).toBe(7);
    expect((await epi.patch(`/api/diseases/${covid}`, { maxIncubationDays: 0 })).status).toBe(400);
  });

  let contactId: string;
  it('registers a contact of a case: window = exposure day + 14, under follow-up, number masked', async () => {
    const res = await epi.post('/api/contacts', contact({ setting: 'household', relation: 'family' }));
    expect(res.status).toBe(201);
    contactId = res.body.id;
    expect(res.body).toMatchObject({
      code: expect.stringMatching(/^K\d{4}-\d{6}$/),
      status: 'under_follow_up',
      followUpUntil: addDays(daysAgo(3), 14),
      degree: 1,
      riskCategory: 'high',
      sourceCase: { id: caseId },
      indexCase: { id: caseId },
      disease: { code: 'covid19', maxIncubationDays: 14 },
      // the epidemiologist holds cases.identity: the stored mask
      idNumberMasked: `${'500199********2220'.slice(0, 6)}********${ID.slice(-4)}`,
    });
    expect(JSON.stringify(res.body)).not.toContain(ID);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const bad = await epi.post('/api/contacts', contact({ idNumber: '500199199005021234' }));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.error.details)).toContain('idNumber');
    const two = await epi.post('/api/contacts', contact({ sourceContactId: contactId }));
    expect(two.status).toBe(400);
    const future = await epi.post('/api/contacts', contact({ lastExposureAt: `${addDays(today, 2)}T10:00:00+08:00` }));
    expect(future.status).toBe(400);
    const missing = await epi.post('/api/contacts', { personName: 'x', jurisdictionId: tree.communityA.id, lastExposureAt: exposure(1) });
    expect(missing.status).toBe(400);
    const unknownCase = await epi.post('/api/contacts', contact({ sourceCaseId: '00000000-0000-4000-8000-000000000000' }));
    expect(unknownCase.status).toBe(400);
  });

  let secondId: string;
  it('registers a contact of a contact (degree 2) with the index case of the chain', async () => {
    const res = await officerA.post('/api/contacts', {
      sourceContactId: contactId,
      personName: '赵六',
      jurisdictionId: tree.communityA.id,
      lastExposureAt: daysAgo(1),
      setting: 'workplace',
    });
    expect(res.status).toBe(201);
    secondId = res.body.id;
    expect(res.body).toMatchObject({
      degree: 2,
      riskCategory: 'low',
      indexCase: { id: caseId },
      sourceContact: { id: contactId },
      followUpUntil: addDays(daysAgo(1), 14),
    });
    const list = await epi.get(`/api/cases/${caseId}/contacts`);
    expect(list.body.items.map((c: { id: string }) => c.id).sort()).toEqual([contactId, secondId].sort());
  });

  it('scope: a township officer sees their township only, full stars for the number; a hospital reporter nothing', async () => {
    const own = await officerA.get(`/api/contacts/${contactId}`);
    expect(own.status).toBe(200);
    expect(own.body.idNumberMasked).toBe('*'.repeat(18));
    expect((await officerB.get(`/api/contacts/${contactId}`)).status).toBe(404);
    expect((await officerB.get('/api/contacts')).body.total).toBe(0);
    expect((await officerB.post(`/api/contacts/${contactId}/follow-ups`, { date: today, status: 'seen_ok' })).status).toBe(404);
    expect((await officerB.post('/api/contacts', contact())).status).toBe(400); // residence outside their township
    expect((await reporter.get('/api/contacts')).status).toBe(403);
    const filtered = await officerA.get(`/api/contacts?status=under_follow_up&jurisdictionId=${tree.townshipA.id}`);
    expect(filtered.body.total).toBe(2);
    expect((await officerA.get('/api/contacts?status=completed')).body.total).toBe(0);
    expect((await officerA.get(`/api/contacts/${contactId}/identity`)).status).toBe(403);
    const revealed = await epi.get(`/api/contacts/${contactId}/identity`);
    expect(revealed.body.idNumber).toBe(ID);
  });

  it('the daily list puts the contact with missed days first; a follow-up takes it off today', async () => {
    // registered three days ago (days before registration are never counted as missed)
    await t.database.db
      .update(contacts)
      .set({ createdAt: new Date(Date.now() - 3 * 86_400_000) })
      .where(eq(contacts.id, contactId));
    const list = await officerA.get(`/api/contacts/today?jurisdictionId=${tree.townshipA.id}`);
    expect(list.status).toBe(200);
    expect(list.body.date).toBe(today);
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([contactId, secondId]);
    expect(list.body.items[0]).toMatchObject({ missedDays: 2, dueToday: 1, recordedToday: 0 });
    const rec = await officerA.post(`/api/contacts/${contactId}/follow-ups`, { date: daysAgo(1), status: 'seen_ok', temperature: 36.6 });
    expect(rec.status).toBe(201);
    expect(rec.body).toMatchObject({ round: 1, status: 'seen_ok', temperature: 36.6 });
    const after = await officerA.get('/api/contacts/today');
    expect(after.body.items[0]).toMatchObject({ id: contactId, missedDays: 0, lastFollowUp: { date: daysAgo(1), status: 'seen_ok' } });
    const todayRec = await officerA.post(`/api/contacts/${contactId}/follow-ups`, { date: today, status: 'seen_ok' });
    expect(todayRec.status).toBe(201);
    const done = await officerA.get('/api/contacts/today');
    expect(done.body.items.find((c: { id: string }) => c.id === contactId)).toMatchObject({ dueToday: 0, recordedToday: 1 });
    // once a day: a second record the same day is a conflict; outside the window or in the future, 400
    expect((await officerA.post(`/api/contacts/${contactId}/follow-ups`, { date: today, status: 'missed' })).status).toBe(409);
    expect((await officerA.post(`/api/contacts/${contactId}/follow-ups`, { date: addDays(today, 1), status: 'seen_ok' })).status).toBe(400);
    expect((await officerA.post(`/api/contacts/${contactId}/follow-ups`, { date: daysAgo(10), status: 'seen_ok' })).status).toBe(400);
    expect((await officerA.post(`/api/contacts/${contactId}/follow-ups`, { date: today, status: 'fine' })).status).toBe(400);
  });

  it('the daily list pages by cursor, overdue first, with the counts on the first page', async () => {
    // five more contacts of township B, exposed 2–6 days ago and registered then: 1–5 days without a record
    const ids: string[] = [];
    for (let n = 2; n <= 6; n += 1) {
      const res = await epi.post(
        '/api/contacts',
        contact({
          personName: `翻页${n}`,
          jurisdictionId: tree.communityB.id,
          lastExposureAt: exposure(n),
          idNumber: undefined,
          idType: 'none',
          phone: `1390000010${n}`,
        }),
      );
      expect(res.status).toBe(201);
      ids.push(res.body.id);
      await t.database.db
        .update(contacts)
        .set({ createdAt: new Date(Date.parse(exposure(n))) })
        .where(eq(contacts.id, res.body.id));
    }
    // the trigger keeps the first day not followed: the day after the exposure
    const [row] = await t.database.db.select().from(contacts).where(eq(contacts.id, ids[4]!));
    expect(row!.dueFrom).toBe(daysAgo(5));
    const first = await epi.get(`/api/contacts/today?jurisdictionId=${tree.townshipB.id}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.counts).toEqual({ total: 5, due: 5, overdue: 5 });
    expect(first.body.items.map((c: { missedDays: number }) => c.missedDays)).toEqual([5, 4]);
    const seen: string[] = first.body.items.map((c: { id: string }) => c.id);
    let cursor: string | null = first.body.nextCursor;
    while (cursor) {
      const next = await epi.get(`/api/contacts/today?jurisdictionId=${tree.townshipB.id}&limit=2&cursor=${encodeURIComponent(cursor)}`);
      expect(next.status).toBe(200);
      expect(next.body.counts).toBeNull();
      seen.push(...next.body.items.map((c: { id: string }) => c.id));
      cursor = next.body.nextCursor;
    }
    expect(seen).toEqual([...ids].reverse());
    // a record of yesterday moves the most overdue contact behind the others; one today puts it last
    expect((await epi.post(`/api/contacts/${ids[4]}/follow-ups`, { date: daysAgo(1), status: 'seen_ok' })).status).toBe(201);
    const moved = await epi.get(`/api/contacts/today?jurisdictionId=${tree.townshipB.id}`);
    expect(moved.body.items.map((c: { id: string }) => c.id)).toEqual([ids[3], ids[2], ids[1], ids[0], ids[4]]);
    expect(moved.body.counts).toEqual({ total: 5, due: 5, overdue: 4 });
    expect((await epi.post(`/api/contacts/${ids[0]}/follow-ups`, { date: today, status: 'seen_ok' })).status).toBe(201);
    const done = await epi.get(`/api/contacts/today?jurisdictionId=${tree.townshipB.id}`);
    expect(done.body.items.at(-1)).toMatchObject({ id: ids[0], dueToday: 0 });
    expect(done.body.counts).toEqual({ total: 5, due: 4, overdue: 3 });
    // township A's officer sees none of them; a cursor that is not ours is a 400, never a 500
    const other = await officerA.get(`/api/contacts/today?limit=200`);
    expect(other.body.items.some((c: { id: string }) => ids.includes(c.id))).toBe(false);
    const bad = await epi.get('/api/contacts/today?cursor=bm90LWEtY3Vyc29y');
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('cursor');
    expect((await epi.get('/api/contacts/today?cursor=%00%01')).status).toBe(400);
    expect((await epi.get('/api/contacts/today?limit=0')).status).toBe(400);
    // they leave township B's list again (the later tests count township A only)
    for (const id of ids) expect((await epi.post(`/api/contacts/${id}/status`, { status: 'cancelled', reason: '测试' })).status).toBe(200);
  });

  it('a later exposure restarts the clock; an earlier correction moves the window back', async () => {
    const later = await officerA.patch(`/api/contacts/${secondId}`, { lastExposureAt: `${today}T00:00:00+08:00` }); // midnight: never in the future, whatever the hour
    expect(later.status).toBe(200);
    expect(later.body.followUpUntil).toBe(addDays(today, 14));
    const earlier = await officerA.patch(`/api/contacts/${secondId}`, { lastExposureAt: daysAgo(1) });
    expect(earlier.body.followUpUntil).toBe(addDays(daysAgo(1), 14));
  });

  it('state changes: cancel needs a reason; lost and found again; completed only after the window; no way back from cancelled', async () => {
    expect((await officerA.post(`/api/contacts/${secondId}/status`, { status: 'cancelled' })).status).toBe(400);
    expect((await officerA.post(`/api/contacts/${secondId}/status`, { status: 'completed' })).status).toBe(400);
    const lost = await officerA.post(`/api/contacts/${secondId}/status`, { status: 'lost_to_follow_up', reason: 'phone off' });
    expect(lost.body.status).toBe('lost_to_follow_up');
    const found = await officerA.post(`/api/contacts/${secondId}/status`, { status: 'under_follow_up', reason: 'reached' });
    expect(found.body.status).toBe('under_follow_up');
    const cancelled = await officerA.post(`/api/contacts/${secondId}/status`, {
      status: 'cancelled',
      reason: 'not a contact: wrong person',
    });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', statusReason: 'not a contact: wrong person' });
    const again = await officerA.post(`/api/contacts/${secondId}/status`, { status: 'under_follow_up' });
    expect(again.status).toBe(409);
    expect(again.body.error.reason).toBe('status_not_allowed');
    expect((await officerA.patch(`/api/contacts/${secondId}`, { lastExposureAt: today })).status).toBe(400);
  });

  it('an unwell contact becomes a suspected case report, pre-filled and linked; then confirmed', async () => {
    await officerA
      .post(`/api/contacts/${contactId}/follow-ups`, { date: today, status: 'seen_unwell' })
      .then((r) => expect(r.status).toBe(409));
    const c2 = await epi.post(
      '/api/contacts',
      contact({ personName: '孙七', idType: 'none', idNumber: null, lastExposureAt: exposure(2) }),
    );
    const unwell = await officerA.post(`/api/contacts/${c2.body.id}/follow-ups`, {
      date: today,
      status: 'seen_unwell',
      temperature: 38.4,
      symptoms: ['fever', 'cough'],
    });
    expect(unwell.status).toBe(201);
    // a card names its reporting unit: the officer has no facility of their own, so the request must give one
    const noUnit = await officerA.post(`/api/contacts/${c2.body.id}/case-report`, {});
    expect(noUnit.status).toBe(400);
    expect(noUnit.body.error.details.map((d: { path: string }) => d.path)).toContain('facilityId');
    const filed = await officerA.post(`/api/contacts/${c2.body.id}/case-report`, { facilityId: hospital });
    expect(filed.status).toBe(201);
    expect(filed.body.contact).toMatchObject({ status: 'converted_suspected', caseReport: { id: filed.body.caseReport.id } });
    const report = await epi.get(`/api/cases/${filed.body.caseReport.id}`);
    expect(report.body).toMatchObject({
      personName: '孙七',
      classification: 'suspected',
      onsetDate: today,
      jurisdiction: { id: tree.communityA.id },
      disease: { code: 'covid19' },
    });
    const confirmed = await epi.post(`/api/contacts/${c2.body.id}/status`, {
      status: 'converted_confirmed',
      caseReportId: filed.body.caseReport.id,
    });
    expect(confirmed.body.status).toBe('converted_confirmed');
    expect((await officerA.post(`/api/contacts/${c2.body.id}/follow-ups`, { date: today, status: 'seen_ok' })).status).toBe(409);
  });

  it('the daily job completes windows that ended, and only those', async () => {
    const old = await epi.post(
      '/api/contacts',
      contact({ personName: '周八', idType: 'none', idNumber: null, lastExposureAt: exposure(20) }),
    );
    expect(old.body.followUpUntil).toBe(addDays(daysAgo(20), 14));
    const ids = await completeEndedFollowUps(t.database, new Date());
    expect(ids).toEqual([old.body.id]);
    expect((await epi.get(`/api/contacts/${old.body.id}`)).body.status).toBe('completed');
    expect((await epi.get(`/api/contacts/${contactId}`)).body.status).toBe('under_follow_up');
    // re-exposure restarts a completed contact
    const restarted = await epi.patch(`/api/contacts/${old.body.id}`, { lastExposureAt: exposure(1) });
    expect(restarted.body).toMatchObject({ status: 'under_follow_up', followUpUntil: addDays(daysAgo(1), 14) });
  });

  it('audits every change without personal values', async () => {
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'contact'), eq(auditLog.entityId, contactId)));
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const text = JSON.stringify(rows);
    expect(text).not.toContain('王芳');
    expect(text).not.toContain(ID);
    expect(text).not.toContain('13900000001');
    const fu = await t.database.db.select().from(auditLog).where(eq(auditLog.entityType, 'contact_follow_up'));
    expect(fu.length).toBeGreaterThanOrEqual(3);
  });
});

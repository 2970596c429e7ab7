/**
 * Case reports and the catalogue over HTTP on both engines: filing with a resident ID, masking everywhere,
 * scope (404 for another township), the audited identity view, duplicates and their audited merge,
 * review, correction, timeliness numbers and catalogue edits.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { facilities } from '../registry/registry.tables.ts';
import { caseReports } from './cases.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { makeResidentId } from './resident-id.ts';

const KEY = '5a'.repeat(32);
const ID = makeResidentId('500199', '1988-07-21', 415); // born 21 July 1988; sequence 415 is odd: male

describe.each(testEngines())('cases HTTP API (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let reporter: TestClient;
  let epi: TestClient;
  let officerB: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let hospital: string;
  let hfmd: string;
  let cholera: string;
  let firstId: string;
  let secondId: string;

  const report = (over: Record<string, unknown> = {}) => ({
    diseaseId: hfmd,
    jurisdictionId: tree.communityA.id,
    personName: 'Li Ming',
    idType: 'resident_id',
    idNumber: ID,
    phone: '13800000000',
    classification: 'clinical',
    onsetDate: '2026-03-08',
    diagnosisAt: '2026-03-10T09:00:00+08:00',
    reportedAt: '2026-03-10T12:00:00+08:00',
    facilityId: hospital,
    reportingDoctor: 'Dr Zhang',
    labResults: [{ test: 'EV71 RT-PCR', specimen: 'throat swab', result: 'positive', at: '2026-03-10' }],
    ...over,
  });

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const db = t.database.db;
    hospital = (
      await db
        .insert(facilities)
        .values({ name: 'H', nameEn: 'Hospital H', type: 'general_hospital', jurisdictionId: tree.townshipA.id })
        .returning()
    )[0]!.id;
    hfmd = (await db.select().from(diseases).where(eq(diseases.code, 'hfmd')))[0]!.id;
    cholera = (await db.select().from(diseases).where(eq(diseases.code, 'cholera')))[0]!.id;
    const r = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id, facilityId: hospital });
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const o = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    app = createTestApp(t.database, { identityKey: KEY });
    reporter = await signIn(app, r.user.username, r.password);
    epi = await signIn(app, e.user.username, e.password);
    officerB = await signIn(app, o.user.username, o.password);
  }, 120_000);

  it('files a report: birth date and sex from the resident ID, number masked, deadline clock', async () => {
    const res = await reporter.post('/api/cases', report());
    expect(res.status).toBe(201);
    firstId = res.body.id;
    expect(res.body).toMatchObject({
      code: expect.stringMatching(/^C\d{4}-\d{6}$/),
      personName: 'Li Ming',
      // the reporter holds no cases.identity: the birth year, and no character of the number
      birthDate: null,
      birthYear: 1988,
      sex: 'male',
      idType: 'resident_id',
      idNumberMasked: '******************',
      disease: { code: 'hfmd', class: 'C' },
      facility: { id: hospital, nameEn: 'Hospital H' },
      timeliness: { deadlineHours: 24, delayHours: 3, onTime: true, lateByHours: 0 },
      labResults: [{ test: 'EV71 RT-PCR', specimen: 'throat swab', result: 'positive', at: '2026-03-10' }],
      jurisdictionTrail: [{ id: tree.district.id }, { id: tree.townshipA.id }, { id: tree.communityA.id }],
      possibleDuplicates: [],
      source: 'form',
    });
    expect(JSON.stringify(res.body)).not.toContain(ID);
    const [stored] = await t.database.db.select().from(caseReports).where(eq(caseReports.id, firstId));
    expect(stored!.idNumberEncrypted).not.toContain(ID.slice(6, 14));
    const [created] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, firstId), eq(auditLog.action, 'create')));
    expect(JSON.stringify(created!.after)).not.toContain(ID.slice(6, 14));
  });

  it('refuses a wrong check character and a disagreeing birth date, naming the fields', async () => {
    const bad = ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1');
    const res = await reporter.post('/api/cases', report({ idNumber: bad }));
    expect(res.status).toBe(400);
    expect(res.body.error.details).toEqual([{ path: 'idNumber', message: expect.stringContaining('check character') }]);
    const birth = await reporter.post('/api/cases', report({ birthDate: '1988-07-22', sex: 'female' }));
    expect(birth.body.error.details.map((d: { path: string }) => d.path)).toEqual(['birthDate', 'sex']);
    const unknown = await reporter.post('/api/cases', { ...report(), nickname: 'x' });
    expect(unknown.status).toBe(400);
  });

  it("requires the reporting unit: the reporter's own facility when left empty, refused when there is none (issue 12)", async () => {
    // the epidemiologist is bound to no facility: a card without a reporting unit is refused, naming the field
    const none = await epi.post('/api/cases', report({ facilityId: null, personName: 'No Unit' }));
    expect(none.status).toBe(400);
    expect(none.body.error.details).toEqual([{ path: 'facilityId', message: 'give the reporting unit (报告单位)' }]);
    const omitted = { ...report({ personName: 'No Unit' }) } as Record<string, unknown>;
    delete omitted.facilityId;
    expect((await epi.post('/api/cases', omitted)).body.error.details).toEqual([
      { path: 'facilityId', message: 'give the reporting unit (报告单位)' },
    ]);
    // the hospital reporter's card is its hospital's; /api/auth/me tells the form which facility to prefill
    expect((await reporter.get('/api/auth/me')).body.user.facilityId).toBe(hospital);
    expect((await epi.get('/api/auth/me')).body.user.facilityId).toBeNull();
    expect(await t.database.db.select().from(caseReports).where(eq(caseReports.personName, 'No Unit'))).toEqual([]);
  });

  it('lists reports masked; a township officer elsewhere gets 404 and an empty list', async () => {
    const list = await epi.get('/api/cases?q=li%20m');
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({ id: firstId, idNumberMasked: `500199********${ID.slice(-4)}`, birthDate: '1988-07-21' });
    expect(JSON.stringify(list.body)).not.toContain(ID);
    expect((await officerB.get(`/api/cases/${firstId}`)).status).toBe(404);
    expect((await officerB.get('/api/cases')).body.total).toBe(0);
    const filtered = await epi.get(`/api/cases?jurisdictionId=${tree.townshipB.id}`);
    expect(filtered.body.total).toBe(0);
    const byOnset = await epi.get('/api/cases?dateField=onset&from=2026-03-08&to=2026-03-08');
    expect(byOnset.body.total).toBe(1);
    expect((await epi.get('/api/cases?dateField=onset&from=2026-03-09')).body.total).toBe(0);
  });

  it('shows the full number only to cases.identity, and audits each view as a read', async () => {
    expect((await reporter.post(`/api/cases/${firstId}/identity`)).status).toBe(403);
    const res = await epi.post(`/api/cases/${firstId}/identity`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ idType: 'resident_id', idNumber: ID });
    const reads = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, firstId), eq(auditLog.action, 'read')));
    expect(reads.map((r) => r.entityType)).toEqual(['case_identity']);
    expect(JSON.stringify(reads[0]!.after)).not.toContain(ID);
  });

  it('flags a second report of the same person and disease, and merges it with an audited reason', async () => {
    const second = await reporter.post(
      '/api/cases',
      report({
        idNumber: ID.toLowerCase(),
        diagnosisAt: '2026-03-20T09:00:00+08:00',
        reportedAt: '2026-03-21T15:00:00+08:00',
        onsetDate: '2026-03-19',
      }),
    );
    expect(second.status).toBe(201);
    secondId = second.body.id;
    expect(second.body.timeliness).toEqual({ deadlineHours: 24, delayHours: 30, onTime: false, lateByHours: 6 });
    expect(second.body.possibleDuplicates).toEqual([expect.objectContaining({ id: firstId, match: 'identity', daysApart: 10 })]);
    // outside a 5-day window, no pair
    expect((await epi.get('/api/cases/duplicates?windowDays=5&since=all')).body.items).toEqual([]);
    // reported in March: not among the last 90 days' pairs (the default), listed from an earlier day or for all
    expect((await epi.get('/api/cases/duplicates')).body).toMatchObject({ items: [], total: 0, page: 1 });
    expect((await epi.get('/api/cases/duplicates?since=2026-03-22')).body.total).toBe(0);
    expect((await epi.get('/api/cases/duplicates?since=2026-03-21')).body.total).toBe(1);
    expect((await epi.get('/api/cases/duplicates?since=nope')).status).toBe(400);
    const dups = await epi.get('/api/cases/duplicates?since=all');
    expect(dups.body).toMatchObject({ since: null, total: 1, page: 1, pageSize: 50 });
    expect(dups.body.items).toHaveLength(1);
    expect(dups.body.items[0]).toMatchObject({ match: 'identity', daysApart: 10 });
    expect([dups.body.items[0].a.id, dups.body.items[0].b.id].sort()).toEqual([firstId, secondId].sort());

    expect((await reporter.post(`/api/cases/${secondId}/merge`, { into: firstId, reason: 'same child' })).status).toBe(403);
    expect((await epi.post(`/api/cases/${secondId}/merge`, { into: secondId, reason: 'x' })).status).toBe(400);
    const merged = await epi.post(`/api/cases/${secondId}/merge`, { into: firstId, reason: 'same child, second visit' });
    expect(merged.status).toBe(200);
    expect(merged.body).toMatchObject({ status: 'merged', mergedInto: firstId, mergedIntoCode: expect.any(String) });
    const [record] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, secondId), eq(auditLog.action, 'merge')));
    expect(record!.after).toMatchObject({ status: 'merged', mergedInto: firstId, reason: 'same child, second visit' });
    // merged reports leave lists and duplicates by default, and stay reachable
    expect((await epi.get('/api/cases')).body.items.map((i: { id: string }) => i.id)).toEqual([firstId]);
    expect((await epi.get('/api/cases?status=all')).body.total).toBe(2);
    expect((await epi.get('/api/cases/duplicates?since=all')).body.items).toEqual([]);
    expect((await epi.get(`/api/cases/${firstId}`)).body.mergedFrom).toEqual([{ id: secondId, code: second.body.code }]);
    expect((await epi.post(`/api/cases/${secondId}/merge`, { into: firstId, reason: 'again' })).status).toBe(409);
  });

  it('matches by name and birth date when a report has no number', async () => {
    const noId = await reporter.post(
      '/api/cases',
      report({
        idType: 'none',
        idNumber: null,
        birthDate: '1988-07-21',
        sex: 'male',
        diagnosisAt: '2026-03-12T09:00:00+08:00',
        reportedAt: '2026-03-12T10:00:00+08:00',
        onsetDate: null,
      }),
    );
    expect(noId.status).toBe(201);
    expect(noId.body.possibleDuplicates).toEqual([expect.objectContaining({ id: firstId, match: 'name_birth', daysApart: 2 })]);
    expect((await epi.post(`/api/cases/${noId.body.id}/merge`, { into: firstId, reason: 'same person' })).status).toBe(200);
  });

  it('corrects a report without touching the stored number, and records the review', async () => {
    const [before] = await t.database.db.select().from(caseReports).where(eq(caseReports.id, firstId));
    const res = await reporter.patch(`/api/cases/${firstId}`, { phone: '13900000000', outcome: 'recovered' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      phone: '13900000000',
      outcome: 'recovered',
      severity: 'mild',
      reportingDoctor: 'Dr Zhang',
      birthYear: 1988,
    });
    expect((await epi.get(`/api/cases/${firstId}`)).body.birthDate).toBe('1988-07-21');
    const [after] = await t.database.db.select().from(caseReports).where(eq(caseReports.id, firstId));
    expect(after!.idNumberEncrypted).toBe(before!.idNumberEncrypted);
    const unitRemoved = await epi.patch(`/api/cases/${firstId}`, { facilityId: null });
    expect(unitRemoved.body.error.details).toEqual([{ path: 'facilityId', message: 'give the reporting unit (报告单位)' }]);
    const wrong = await reporter.patch(`/api/cases/${firstId}`, { onsetDate: '2026-03-11' });
    expect(wrong.body.error.details).toEqual([{ path: 'onsetDate', message: 'must not be after the diagnosis' }]);
    expect((await reporter.post(`/api/cases/${firstId}/review`, {})).status).toBe(403);
    const reviewed = await epi.post(`/api/cases/${firstId}/review`, { classification: 'confirmed' });
    expect(reviewed.body).toMatchObject({
      classification: 'confirmed',
      reviewedAt: expect.any(String),
      reviewedBy: { displayName: expect.any(String) },
    });
    expect((await epi.get('/api/cases?reviewed=false')).body.total).toBe(0);
  });

  it('counts timeliness per facility (merged reports left out)', async () => {
    await reporter.post(
      '/api/cases',
      report({
        diseaseId: cholera,
        idType: 'none',
        idNumber: null,
        personName: 'Wang',
        sex: 'female',
        birthDate: '1970-01-01',
        diagnosisAt: '2026-03-11T08:00:00+08:00',
        reportedAt: '2026-03-11T11:00:00+08:00',
        onsetDate: null,
      }),
    );
    const res = await epi.get('/api/cases/timeliness?from=2026-03-01&to=2026-03-31');
    expect(res.status).toBe(200);
    // the first hfmd report (3 h, on time) and the cholera one (3 h against 2 h, late)
    expect(res.body.total).toEqual({
      reports: 2,
      onTime: 1,
      late: 1,
      onTimeShare: 0.5,
      medianDelayHours: 3,
      corrections: 0,
      correctionsOnTime: 0,
      correctionsLate: 0,
      // the hfmd report was reviewed by the earlier test, at the real clock (months after its March report: late);
      // the cholera one awaits review
      reviewed: 1,
      reviewedOnTime: 0,
      reviewedLate: 1,
      awaitingReview: 1,
      medianReviewHours: expect.any(Number),
    });
    expect(res.body.total.medianReviewHours).toBeGreaterThan(24);
    expect(res.body.facilities).toEqual([expect.objectContaining({ facilityId: hospital, reports: 2, late: 1 })]);
    expect((await epi.get('/api/cases?timeliness=late')).body.items.map((i: { personName: string }) => i.personName)).toEqual(['Wang']);
    expect((await epi.get('/api/cases/timeliness?from=2026-03-31&to=2026-03-01')).status).toBe(400);
  });

  it('serves the catalogue to readers and lets only diseases.manage change it, audited', async () => {
    const list = await officerB.get('/api/diseases');
    expect(list.status).toBe(200);
    expect(list.body.items[0]).toMatchObject({ code: 'plague', class: 'A', reportDeadlineHours: 2 });
    expect((await reporter.patch(`/api/diseases/${hfmd}`, { active: false })).status).toBe(403);
    const bad = await epi.patch(`/api/diseases/${hfmd}`, { defaultMethod: 'crystalBall' });
    expect(bad.body.error.details[0].path).toBe('defaultMethod');
    const res = await epi.patch(`/api/diseases/${hfmd}`, {
      defaultParams: { years: 5, halfWindow: 2, p: 0.75, minCount: 1, periodLength: 7 },
    });
    expect(res.status).toBe(200);
    expect(res.body.defaultParams.p).toBe(0.75);
    const [record] = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, hfmd), eq(auditLog.action, 'update')));
    expect(record!.entityType).toBe('disease');
    const created = await epi.post('/api/diseases', { code: 'norovirus', name: 'N', nameEn: 'Norovirus', class: 'other' });
    expect(created.body).toMatchObject({ reportDeadlineHours: 24, defaultMethod: 'mpm' });
    expect((await epi.post('/api/diseases', { code: 'norovirus', name: 'N', nameEn: 'N', class: 'other' })).status).toBe(409);
    // an inactive disease leaves the default list and is refused on new reports
    await epi.patch(`/api/diseases/${created.body.id}`, { active: false });
    expect((await epi.get('/api/diseases')).body.items.some((d: { code: string }) => d.code === 'norovirus')).toBe(false);
    expect((await epi.get('/api/diseases?includeInactive=true')).body.items.some((d: { code: string }) => d.code === 'norovirus')).toBe(
      true,
    );
    const refused = await reporter.post('/api/cases', report({ diseaseId: created.body.id }));
    expect(refused.body.error.details).toEqual([{ path: 'diseaseId', message: 'Norovirus is not active in the catalogue' }]);
  });
});

/**
 * Card corrections (订正) and the CDC's review (审核) over HTTP (issue 12, item 13): a correction of the diagnosis,
 * the classification or a death is a version of the card (before/after, who, when, why) counted in timeliness
 * against the disease deadline from the event; the review queue approves or returns cards in bulk, never the
 * reviewer's own, within the reviewer's area; a hospital reporter corrects only its facility's cards.
 */
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { facilities } from '../registry/registry.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { makeResidentId } from './resident-id.ts';

const KEY = '5a'.repeat(32);
const ID = makeResidentId('500199', '1986-04-12', 233);

describe.each(testEngines())('case corrections and review (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let reporter: TestClient;
  let otherReporter: TestClient;
  let epi: TestClient;
  let epi2: TestClient;
  let officerB: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let hospital: string;
  let other: string;
  let influenza: string;
  let covid: string;
  let cholera: string;
  let cardId: string;

  const card = (over: Record<string, unknown> = {}) => ({
    diseaseId: influenza,
    jurisdictionId: tree.communityA.id,
    personName: '陈订正',
    idType: 'resident_id',
    idNumber: ID,
    classification: 'suspected',
    onsetDate: '2026-11-01',
    diagnosisAt: '2026-11-02T09:00:00+08:00',
    reportedAt: '2026-11-02T11:00:00+08:00',
    facilityId: hospital,
    ...over,
  });

  beforeAll(async () => {
    tree = await buildDistrictTree(t.database);
    const db = t.database.db;
    [hospital, other] = (
      await db
        .insert(facilities)
        .values([
          { name: '订正医院', nameEn: 'Correcting Hospital', type: 'general_hospital', jurisdictionId: tree.townshipA.id },
          { name: '他院', nameEn: 'Other Hospital', type: 'general_hospital', jurisdictionId: tree.townshipB.id },
        ])
        .returning()
    ).map((f) => f.id) as [string, string];
    const code = async (c: string) => (await db.select().from(diseases).where(eq(diseases.code, c)))[0]!.id;
    [influenza, covid, cholera] = [await code('influenza'), await code('covid19'), await code('cholera')];
    const r = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id, facilityId: hospital });
    const r2 = await buildUser(t.database, { role: 'hospital_reporter', jurisdictionId: tree.district.id, facilityId: other });
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id, displayName: '审核员甲' });
    const e2 = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id, displayName: '审核员乙' });
    const o = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    app = createTestApp(t.database, { identityKey: KEY });
    reporter = await signIn(app, r.user.username, r.password);
    otherReporter = await signIn(app, r2.user.username, r2.password);
    epi = await signIn(app, e.user.username, e.password);
    epi2 = await signIn(app, e2.user.username, e2.password);
    officerB = await signIn(app, o.user.username, o.password);
  }, 120_000);

  it('keeps each correction as a version with who, when, why, and counts its timeliness from the event', async () => {
    const filed = await reporter.post('/api/cases', card());
    expect(filed.status).toBe(201);
    cardId = filed.body.id;
    expect(filed.body).toMatchObject({ version: 1, reviewStatus: 'pending' });

    // a revised classification needs the moment of the revision; the kinds must fit what changed
    const noEvent = await reporter.post(`/api/cases/${cardId}/corrections`, {
      changes: { classification: 'confirmed' },
      correctionTypes: ['classification_revised'],
      reason: '核酸阳性',
    });
    expect(noEvent.status).toBe(400);
    expect(noEvent.body.error.details).toEqual([{ path: 'eventAt', message: expect.any(String) }]);
    const wrongKind = await reporter.post(`/api/cases/${cardId}/corrections`, {
      changes: { classification: 'confirmed' },
      correctionTypes: ['diagnosis_changed'],
      reason: 'x',
      eventAt: '2026-11-03T08:00:00+08:00',
    });
    expect(wrongKind.body.error.details).toEqual([
      { path: 'correctionTypes', message: 'a changed diagnosis names the new disease (diseaseId)' },
    ]);
    const nothing = await reporter.post(`/api/cases/${cardId}/corrections`, { changes: {}, correctionTypes: ['other'], reason: 'x' });
    expect(nothing.body.error.details).toEqual([{ path: 'changes', message: 'nothing to correct: no field changes' }]);
    expect(
      (
        await reporter.post(`/api/cases/${cardId}/corrections`, {
          changes: { classification: 'confirmed' },
          correctionTypes: ['classification_revised'],
          reason: '',
        })
      ).status,
    ).toBe(400);

    // laboratory confirmation on 3 Nov 08:00, corrected 10 h later: on time against influenza's 24 h
    const at = (iso: string) => new Date(iso);
    const first = await reporter.post(`/api/cases/${cardId}/corrections`, {
      changes: { classification: 'confirmed', labResults: [{ test: 'Flu A RT-PCR', result: 'positive', at: '2026-11-03' }] },
      correctionTypes: ['classification_revised'],
      reason: '流感病毒核酸阳性，订正为确诊病例',
      eventAt: '2026-11-03T08:00:00+08:00',
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      classification: 'confirmed',
      version: 2,
      reviewStatus: 'pending',
      code: filed.body.code,
      reportedAt: at('2026-11-02T11:00:00+08:00').toISOString(),
    });
    // a changed diagnosis (another disease) and a death, 30 h after the event: late against 24 h
    const second = await reporter.post(`/api/cases/${cardId}/corrections`, {
      changes: { diseaseId: covid },
      correctionTypes: ['diagnosis_changed', 'death'],
      reason: '订正诊断为新冠病毒感染；患者死亡',
      eventAt: '2026-11-04T02:00:00+08:00',
    });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ disease: { code: 'covid19' }, outcome: 'died', version: 3 });

    const versions = await epi.get(`/api/cases/${cardId}/versions`);
    expect(versions.status).toBe(200);
    const items = versions.body.items as Array<Record<string, any>>;
    expect(items.map((v) => v.version)).toEqual([3, 2]);
    expect(items[1]).toMatchObject({
      source: 'correction',
      correctionTypes: ['classification_revised'],
      reason: '流感病毒核酸阳性，订正为确诊病例',
      eventAt: at('2026-11-03T08:00:00+08:00').toISOString(),
      changedFields: ['classification', 'labResults'],
      changedBy: { displayName: expect.any(String) },
      before: { classification: 'suspected', diseaseId: influenza },
      after: { classification: 'confirmed' },
    });
    expect(items[0]).toMatchObject({
      correctionTypes: ['diagnosis_changed', 'death'],
      changedFields: ['diseaseId', 'outcome'],
      before: { outcome: 'under_treatment' },
      after: { outcome: 'died', diseaseId: covid },
    });
    // the epidemiologist (cases.identity) sees the birth date; the reporter the year and no character of the number
    expect(items[0]!.before).toMatchObject({ birthDate: '1986-04-12', idNumberMasked: `500199********${ID.slice(-4)}` });
    const theirs = (await reporter.get(`/api/cases/${cardId}/versions`)).body.items[0];
    expect(theirs.before).toMatchObject({ birthDate: null, birthYear: 1986, idNumberMasked: '*'.repeat(18) });
    expect(JSON.stringify((await reporter.get(`/api/cases/${cardId}/versions`)).body)).not.toContain('1986-04-12');
    // another facility's reporter and a township officer elsewhere: 404, as for the card
    expect((await otherReporter.get(`/api/cases/${cardId}/versions`)).status).toBe(404);
    expect((await officerB.get(`/api/cases/${cardId}/versions`)).status).toBe(404);
    expect(
      (
        await otherReporter.post(`/api/cases/${cardId}/corrections`, {
          changes: { outcome: 'recovered' },
          correctionTypes: ['other'],
          reason: 'x',
        })
      ).status,
    ).toBe(404);

    // both are made today, weeks after the events of early November: late against covid-19's and influenza's 24 h
    expect(items.map((v) => v.timeliness)).toEqual([
      { deadlineHours: 24, delayHours: expect.any(Number), onTime: false },
      { deadlineHours: 24, delayHours: expect.any(Number), onTime: false },
    ]);
  });

  it('counts corrections on time and late against the deadline from the event', async () => {
    // a cholera card (2 h): confirmed 1 h after the revision (on time), then died 3 h before its correction (late)
    const now = Date.now();
    const iso = (msAgo: number) => new Date(now - msAgo).toISOString();
    const filed = await reporter.post(
      '/api/cases',
      card({
        diseaseId: cholera,
        personName: '霍乱订正',
        idType: 'none',
        idNumber: null,
        birthDate: '1970-01-01',
        sex: 'male',
        onsetDate: null,
        diagnosisAt: iso(10 * 3_600_000),
        reportedAt: iso(9 * 3_600_000),
      }),
    );
    expect(filed.status).toBe(201);
    expect(
      (
        await reporter.post(`/api/cases/${filed.body.id}/corrections`, {
          changes: { classification: 'confirmed' },
          correctionTypes: ['classification_revised'],
          reason: '培养阳性',
          eventAt: iso(3_600_000),
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await reporter.post(`/api/cases/${filed.body.id}/corrections`, {
          changes: {},
          correctionTypes: ['death'],
          reason: '患者死亡',
          eventAt: iso(3 * 3_600_000),
        })
      ).status,
    ).toBe(200);
    const today = new Date(now + 8 * 3_600_000).toISOString().slice(0, 10);
    // from the China day of the report (9 h ago: yesterday between 00:00 and 09:00 China time)
    const reportDay = new Date(now - 9 * 3_600_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const report = await epi.get(`/api/cases/timeliness?from=${reportDay}&to=${today}`);
    expect(report.status).toBe(200);
    // with the two late corrections of the first card, made today as well
    expect(report.body.total).toMatchObject({ corrections: 4, correctionsOnTime: 1, correctionsLate: 3 });
    expect(report.body.facilities).toEqual([
      expect.objectContaining({ facilityId: hospital, reports: 1, corrections: 4, correctionsOnTime: 1, correctionsLate: 3 }),
    ]);
    const versions = (await epi.get(`/api/cases/${filed.body.id}/versions`)).body.items;
    expect(versions.map((v: { timeliness: { onTime: boolean; deadlineHours: number } }) => v.timeliness)).toEqual([
      { deadlineHours: 2, delayHours: 3, onTime: false },
      { deadlineHours: 2, delayHours: 1, onTime: true },
    ]);
  });

  it("reviews the queue in bulk: approve, return with a reason, never the reviewer's own card; a correction sends it back", async () => {
    const own = await epi.post(
      '/api/cases',
      card({ personName: '自报病例', idType: 'none', idNumber: null, birthDate: '1990-01-01', sex: 'female' }),
    );
    expect(own.status).toBe(201);
    const queue = await epi.get('/api/cases?reviewStatus=pending&pageSize=100');
    const pendingIds = queue.body.items.map((i: { id: string }) => i.id);
    expect(pendingIds).toEqual(expect.arrayContaining([cardId, own.body.id]));

    // the reporter cannot review; returning needs a reason
    expect((await reporter.post('/api/cases/reviews', { ids: [cardId], decision: 'approve' })).status).toBe(403);
    expect((await epi.post('/api/cases/reviews', { ids: [cardId], decision: 'return', reason: ' ' })).body.error.details).toEqual([
      { path: 'reason', message: expect.any(String) },
    ]);

    // select all: the epidemiologist's own card is refused (four eyes), the others are returned
    const returned = await epi.post('/api/cases/reviews', { ids: pendingIds, decision: 'return', reason: '请补充实验室检测结果' });
    expect(returned.status).toBe(200);
    expect(returned.body.refused).toEqual([{ id: own.body.id, code: own.body.code, reason: 'own_card' }]);
    expect(returned.body.done.map((d: { id: string }) => d.id)).toContain(cardId);
    const back = await reporter.get(`/api/cases/${cardId}`);
    expect(back.body).toMatchObject({
      reviewStatus: 'returned',
      reviewNote: '请补充实验室检测结果',
      reviewedBy: { displayName: '审核员甲' },
    });
    expect((await reporter.get('/api/cases?reviewStatus=returned')).body.items.map((i: { id: string }) => i.id)).toContain(cardId);

    // The reporter is told, once for the whole decision (not once per card), with the reason and the cards' codes;
    // the reviewer is not.
    const mine = (await reporter.get('/api/cases?reviewStatus=returned&pageSize=100')).body.items as { id: string; code: string }[];
    const told = (await reporter.get('/api/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'case.returned');
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({
      severity: 'warning',
      ...(mine.length === 1
        ? { title: `报告卡 ${mine[0]!.code} 被疾控中心退回`, link: `/cases/${cardId}`, entityType: 'case_report', entityId: cardId }
        : { title: `${mine.length} 张报告卡被疾控中心退回`, link: '/cases?reviewStatus=returned' }),
    });
    expect(told[0].body).toContain('退回原因：请补充实验室检测结果。');
    expect(told[0].bodyEn).toContain('Reason: 请补充实验室检测结果.');
    for (const c of mine) expect(mine.length === 1 || told[0].body.includes(c.code)).toBe(true);
    expect((await epi.get('/api/notifications')).body.items.filter((n: { kind: string }) => n.kind === 'case.returned')).toEqual([]);

    // the reporter corrects it: pending again, and the other epidemiologist approves it; the own card too
    expect(
      (
        await reporter.post(`/api/cases/${cardId}/corrections`, {
          changes: { reportingDoctor: '李医生' },
          correctionTypes: ['other'],
          reason: '按审核意见补充',
        })
      ).body.reviewStatus,
    ).toBe('pending');
    const approved = await epi2.post('/api/cases/reviews', { ids: [cardId, own.body.id], decision: 'approve' });
    expect(approved.body).toEqual({
      done: expect.arrayContaining([expect.objectContaining({ id: cardId }), expect.objectContaining({ id: own.body.id })]),
      refused: [],
    });
    expect((await epi.get(`/api/cases/${cardId}`)).body).toMatchObject({
      reviewStatus: 'approved',
      reviewNote: '',
      reviewedBy: { displayName: '审核员乙' },
    });
    // approved already: the single review answers 409; a correction by the reviewer then bars them from approving it
    expect((await epi.post(`/api/cases/${cardId}/review`, {})).status).toBe(409);
    expect(
      (
        await epi2.post(`/api/cases/${cardId}/corrections`, {
          changes: { phone: '13700000000' },
          correctionTypes: ['other'],
          reason: '电话有误',
        })
      ).status,
    ).toBe(200);
    const self = await epi2.post(`/api/cases/${cardId}/review`, {});
    expect(self.status).toBe(409);
    expect(self.body.error.reason).toBe('four_eyes');
    expect((await epi.post(`/api/cases/${cardId}/review`, {})).status).toBe(200);
  });
});

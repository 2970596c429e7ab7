/**
 * Assessment on both engines against hand-computed values on a small world (docs/assessment.md):
 * 7-1-7 of an incident and of an event with missing data, the emergence correction and bottlenecks, every
 * indicator (with a township that has no records: incomplete, never 0), reviews with four eyes and actions
 * becoming tasks, the review PDF in Chinese, and the lessons library's Chinese search.
 */
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { alertEvents, alerts } from '../alerts/index.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { incidentCases, incidentLevelActivations, incidents } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';
import { tasks } from '../tasks/index.ts';
import { atLocal, getBytes, pdfText } from '../reports/reports.fixtures.ts';
import type { EventFacts } from './seven17.store.ts';
import { sevenOneSevenOf } from './seven17.service.ts';

describe('7-1-7 of an event whose early actions are done (pure)', () => {
  const base: EventFacts = {
    kind: 'incident',
    id: 'i',
    code: 'E2025-001',
    title: 't',
    status: 'open',
    jurisdictionId: 'j',
    jurisdictionPath: '/j/',
    diseaseId: null,
    startedAt: null,
    createdAt: atLocal('2025-05-03', '09:00'),
    note: null,
    cases: [{ id: 'c', code: 'C1', onsetDate: '2025-05-01', reportedAt: atLocal('2025-05-02', '10:00') }],
    alert: null,
    confirmation: null,
    firstReport: null,
    earlyTasks: [
      {
        id: 't1',
        code: 'T1',
        title: 'a',
        status: 'done',
        completedAt: atLocal('2025-05-06', '12:00'),
        dueAt: new Date(),
        agencyName: null,
        agencyNameEn: null,
      },
      {
        id: 't2',
        code: 'T2',
        title: 'b',
        status: 'done',
        completedAt: atLocal('2025-05-12', '08:00'),
        dueAt: new Date(),
        agencyName: null,
        agencyNameEn: null,
      },
      { id: 't3', code: 'T3', title: 'c', status: 'cancelled', completedAt: null, dueAt: new Date(), agencyName: null, agencyNameEn: null },
    ],
    firstActivation: { level: 'IV', activatedAt: atLocal('2025-05-03', '10:00') },
    exerciseId: null,
  };
  it('responds when the last early task is done (cancelled ones aside): 05-03 → 05-12 = 9 days, over target', () => {
    const v = sevenOneSevenOf(base, { readableCases: new Set(['c']) });
    expect(v).toMatchObject({
      emergenceAt: atLocal('2025-05-01', '00:00').toISOString(),
      detectedAt: atLocal('2025-05-02', '10:00').toISOString(),
      notifiedAt: atLocal('2025-05-03', '09:00').toISOString(),
      respondedAt: atLocal('2025-05-12', '08:00').toISOString(),
      detection: { days: 1, status: 'within_target' },
      notification: { days: 1, status: 'within_target' },
      response: { days: 9, status: 'over_target' },
    });
    expect(v.records.response.map((r) => r.code)).toEqual(['T1', 'T2', 'T3']);
  });
  it('an early task still open leaves the response incomplete; an end before its start is a data error, not a number', () => {
    const open = { ...base, earlyTasks: [{ ...base.earlyTasks![0]!, status: 'in_progress', completedAt: null }] };
    expect(sevenOneSevenOf(open, { readableCases: new Set(['c']) })).toMatchObject({
      respondedAt: null,
      response: { days: null, status: 'incomplete' },
    });
    const wrong = { ...base, cases: [{ ...base.cases[0]!, onsetDate: '2025-05-09' }] };
    const v = sevenOneSevenOf(wrong, { readableCases: new Set(['c']) });
    expect(v.detection).toEqual({ days: null, status: 'incomplete' });
    expect(v.dataErrors).toEqual(['detection']);
  });
});

describe.each(testEngines())('assessment (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let epi: TestClient;
  let commander: TestClient;
  let viewerB: TestClient;
  let officer: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let incidentX: string;
  let incidentZ: string;
  let alertA1: string;
  let agency1: string;
  let agency2: string;

  beforeAll(async () => {
    const db = t.database.db;
    tree = await buildDistrictTree(t.database);
    const [d24] = await db
      .insert(diseases)
      .values({
        code: `t24_${engine}`,
        name: '测试病24',
        nameEn: 'Test 24',
        class: 'C',
        reportDeadlineHours: 24,
        defaultMethod: 'cidars_fixed',
      })
      .returning();
    const [d2] = await db
      .insert(diseases)
      .values({
        code: `t2_${engine}`,
        name: '测试病2',
        nameEn: 'Test 2',
        class: 'A',
        reportDeadlineHours: 2,
        defaultMethod: 'cidars_fixed',
      })
      .returning();
    const [g1, g2] = await db
      .insert(agencies)
      .values([
        { code: `G1-${engine}`, name: '区疾控中心', nameEn: 'District CDC', kind: 'cdc', jurisdictionId: tree.district.id },
        { code: `G2-${engine}`, name: '区教委', nameEn: 'Education', kind: 'education', jurisdictionId: tree.district.id },
      ])
      .returning();
    agency1 = g1!.id;
    agency2 = g2!.id;
    const person = { personName: '测试', sex: 'unknown' as const, idType: 'none' as const, source: 'demo' as const };
    const [c1, c2, c3] = await db
      .insert(caseReports)
      .values([
        // 24 h disease: 1 h → on time; 25 h → late (and died); 2 h disease excluded case: 1 h → on time
        {
          ...person,
          diseaseId: d24!.id,
          jurisdictionId: tree.communityA.id,
          classification: 'confirmed',
          onsetDate: '2025-02-26',
          diagnosisAt: atLocal('2025-03-04', '14:00'),
          reportedAt: atLocal('2025-03-04', '15:00'),
        },
        {
          ...person,
          diseaseId: d24!.id,
          jurisdictionId: tree.communityA.id,
          classification: 'confirmed',
          onsetDate: '2025-02-28',
          diagnosisAt: atLocal('2025-03-05', '08:00'),
          reportedAt: atLocal('2025-03-06', '09:00'),
          outcome: 'died',
        },
        {
          ...person,
          diseaseId: d2!.id,
          jurisdictionId: tree.townshipA.id,
          classification: 'excluded',
          onsetDate: '2025-02-01',
          diagnosisAt: atLocal('2025-03-06', '09:00'),
          reportedAt: atLocal('2025-03-06', '10:00'),
        },
      ])
      .returning();
    const [a1, a2] = await db
      .insert(alerts)
      .values([
        {
          jurisdictionId: tree.townshipA.id,
          status: 'confirmed',
          title: '聚集预警',
          firstSignalAt: atLocal('2025-03-05', '10:00'),
          createdAt: atLocal('2025-03-05', '10:05'),
          verificationDueAt: atLocal('2025-03-05', '12:05'),
        },
        {
          jurisdictionId: tree.townshipA.id,
          status: 'discarded',
          title: '单例',
          createdAt: atLocal('2025-03-10', '08:00'),
          verificationDueAt: atLocal('2025-03-10', '10:00'),
        },
        { jurisdictionId: tree.townshipA.id, status: 'new', title: '待核实', createdAt: atLocal('2025-03-20', '08:00') },
      ])
      .returning();
    alertA1 = a1!.id;
    await db.insert(alertEvents).values([
      { alertId: a1!.id, kind: 'status', fromStatus: 'new', toStatus: 'verifying', createdAt: atLocal('2025-03-05', '12:00') },
      { alertId: a1!.id, kind: 'status', fromStatus: 'verifying', toStatus: 'confirmed', createdAt: atLocal('2025-03-07', '09:00') },
      { alertId: a2!.id, kind: 'status', fromStatus: 'new', toStatus: 'discarded', createdAt: atLocal('2025-03-10', '09:30') },
    ]);
    const [x, z] = await db
      .insert(incidents)
      .values([
        {
          title: '甲乡聚集性疫情',
          jurisdictionId: tree.townshipA.id,
          alertId: a1!.id,
          startedAt: atLocal('2025-03-01', '00:00'),
          createdAt: atLocal('2025-03-07', '10:00'),
        },
        {
          title: '无记录事件',
          jurisdictionId: tree.townshipA.id,
          startedAt: atLocal('2025-06-01', '00:00'),
          createdAt: atLocal('2025-06-01', '08:00'),
        },
      ])
      .returning();
    incidentX = x!.id;
    incidentZ = z!.id;
    await db.insert(incidentCases).values([c1, c2, c3].map((c) => ({ incidentId: x!.id, caseId: c!.id, origin: 'hand' as const })));
    await db.insert(incidentLevelActivations).values({ incidentId: x!.id, level: 'IV', activatedAt: atLocal('2025-03-07', '21:00') });
    await db.insert(tasks).values([
      {
        title: '流调',
        jurisdictionId: tree.townshipA.id,
        incidentId: x!.id,
        assigneeAgencyId: g1!.id,
        dueAt: atLocal('2025-03-08', '18:00'),
        status: 'done',
        completedAt: atLocal('2025-03-08', '12:00'),
      },
      {
        title: '消杀',
        jurisdictionId: tree.townshipA.id,
        incidentId: x!.id,
        assigneeAgencyId: g1!.id,
        dueAt: atLocal('2025-03-09', '18:00'),
        status: 'done',
        completedAt: atLocal('2025-03-10', '12:00'),
      },
      {
        title: '停课',
        jurisdictionId: tree.townshipA.id,
        incidentId: x!.id,
        assigneeAgencyId: g2!.id,
        dueAt: atLocal('2025-03-10', '18:00'),
        status: 'assigned',
      },
      {
        title: '取消的',
        jurisdictionId: tree.townshipA.id,
        incidentId: x!.id,
        assigneeAgencyId: g2!.id,
        dueAt: atLocal('2025-03-30', '18:00'),
        status: 'cancelled',
      },
    ]);
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const c = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.district.id });
    const v = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.townshipB.id });
    const o = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    app = createTestApp(t.database);
    epi = await signIn(app, e.user.username, e.password);
    commander = await signIn(app, c.user.username, c.password);
    viewerB = await signIn(app, v.user.username, v.password);
    officer = await signIn(app, o.user.username, o.password);
  });

  it("computes an incident's 7-1-7 from its records: detection 6 days (within), notification 3 days (over), response incomplete", async () => {
    const res = await epi.get(`/api/assessment/717?incidentId=${incidentX}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      // earliest onset among the counted linked cases (the excluded one's 02-01 is not counted)
      emergenceAt: atLocal('2025-02-26', '00:00').toISOString(),
      // the first case report (03-04 15:00) precedes the alert's first signal (03-05 10:00)
      detectedAt: atLocal('2025-03-04', '15:00').toISOString(),
      // the alert's confirmation (03-07 09:00) precedes the incident's opening (10:00)
      notifiedAt: atLocal('2025-03-07', '09:00').toISOString(),
      // a level activated without a plan version: no early actions to complete
      respondedAt: null,
      detection: { days: 6, status: 'within_target' },
      notification: { days: 3, status: 'over_target' },
      response: { days: null, status: 'incomplete' },
      caseCount: 2,
    });
    expect(res.body.records.detection[0]).toMatchObject({ kind: 'case' });
    expect(res.body.records.notification[0]).toMatchObject({ kind: 'alert', id: alertA1, label: 'confirmed' });
  });

  it('an event without records is incomplete everywhere, never a number', async () => {
    const res = await epi.get(`/api/assessment/717?incidentId=${incidentZ}`);
    expect(res.body).toMatchObject({
      emergenceAt: null,
      detectedAt: null,
      respondedAt: null,
      detection: { days: null, status: 'incomplete' },
      notification: { days: null, status: 'incomplete' },
      response: { days: null, status: 'incomplete' },
    });
  });

  it('corrects the emergence with a reason and records bottlenecks (audited); refuses a correction without a reason', async () => {
    const missing = await epi.put('/api/assessment/717', {
      incidentId: incidentX,
      emergenceAt: '2025-02-20T00:00:00+08:00',
      emergenceReason: '',
    });
    expect(missing.status).toBe(400);
    const badCode = await epi.put('/api/assessment/717', {
      incidentId: incidentX,
      emergenceAt: null,
      bottlenecks: [{ interval: 'notification', code: 'nope' }],
    });
    expect(badCode.status).toBe(400);
    const res = await epi.put('/api/assessment/717', {
      incidentId: incidentX,
      emergenceAt: '2025-02-20T00:00:00+08:00',
      emergenceReason: '流调发现更早的未报告病例',
      bottlenecks: [{ interval: 'notification', code: 'decision_delay', note: '周末等待会商' }],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      emergenceAt: atLocal('2025-02-20', '00:00').toISOString(),
      detection: { days: 12, status: 'over_target' },
      emergence: { source: 'correction', computedAt: atLocal('2025-02-26', '00:00').toISOString(), reason: '流调发现更早的未报告病例' },
      bottlenecks: [{ interval: 'notification', code: 'decision_delay', name: '决策或审批延误', theme: 'coordination' }],
    });
    const logged = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, 'assessment_event')));
    expect(logged.length).toBe(1);
    const table = await epi.get('/api/assessment/717/events');
    const row = table.body.items.find((i: { event: { id: string } }) => i.event.id === incidentX);
    expect(row.notification.status).toBe('over_target');
    expect(table.body.bottlenecks).toEqual([expect.objectContaining({ code: 'decision_delay', events: 1 })]);
    expect(table.body.trend.find((p: { quarter: string }) => p.quarter === '2025-Q1')).toMatchObject({
      events: 1,
      detection: { complete: 1, withinTarget: 0, medianDays: 12 },
      notification: { complete: 1, withinTarget: 0, medianDays: 3 },
    });
  });

  it('scope and rights: another township sees 404, a role without assessment.read 403', async () => {
    expect((await viewerB.get(`/api/assessment/717?incidentId=${incidentX}`)).status).toBe(404);
    expect((await officer.get(`/api/assessment/717?incidentId=${incidentX}`)).status).toBe(403);
    expect((await epi.get('/api/assessment/717')).status).toBe(400);
    expect((await viewerB.put('/api/assessment/717', { incidentId: incidentX, emergenceAt: null })).status).toBe(403);
  });

  it('computes every indicator by hand for March 2025 in township A', async () => {
    const res = await epi.get(`/api/assessment/indicators?from=2025-03-01&to=2025-03-31&townshipId=${tree.townshipA.id}`);
    expect(res.status).toBe(200);
    const b = res.body;
    expect(b.reportingTimeliness.groups).toEqual([
      { deadlineHours: 2, reports: 1, onTime: 1, late: 0, onTimeShare: 1, medianDelayHours: 1 },
      { deadlineHours: 24, reports: 2, onTime: 1, late: 1, onTimeShare: 0.5, medianDelayHours: 13 },
    ]);
    // A1: 03-05 10:05 → 03-07 09:00 = 46.9 h, after its deadline; A2: 1.5 h, within; A3 pending without a deadline
    expect(b.alertVerification).toMatchObject({
      alerts: 3,
      verified: 2,
      pending: 1,
      medianHours: 24.2,
      withDeadline: 2,
      withinDeadline: 1,
      withinShare: 0.5,
    });
    // confirmation 03-07 09:00 → activation 21:00
    expect(b.confirmationToActivation).toMatchObject({ incidents: 1, complete: 1, medianHours: 12 });
    const byAgency = Object.fromEntries(b.taskOnTime.agencies.map((a: { agencyId: string }) => [a.agencyId, a]));
    expect(byAgency[agency1]).toMatchObject({ judged: 2, onTime: 1, late: 1, overdue: 0, rate: 0.5 });
    expect(byAgency[agency2]).toMatchObject({ judged: 1, onTime: 0, overdue: 1, rate: 0 });
    expect(b.taskOnTime.records).toHaveLength(3); // the cancelled task is left out
    // 2 counted cases over 200 people; 1 died
    expect(b.events.find((e: { id: string }) => e.id === incidentX)).toMatchObject({
      cases: 2,
      deaths: 1,
      population: 200,
      attackRatePer100k: 1000,
      caseFatalityRatio: 0.5,
    });
  });

  it('a township without records gives incomplete figures (null), not zeros', async () => {
    const res = await epi.get(`/api/assessment/indicators?from=2025-03-01&to=2025-03-31&townshipId=${tree.townshipB.id}`);
    expect(res.body.reportingTimeliness.groups.map((g: { onTimeShare: unknown }) => g.onTimeShare)).toEqual([null, null]);
    expect(res.body.alertVerification).toMatchObject({ alerts: 0, medianHours: null, withinShare: null });
    expect(res.body.confirmationToActivation.medianHours).toBeNull();
    expect(res.body.taskOnTime.agencies).toEqual([]);
    expect((await epi.get('/api/assessment/indicators?from=2025-03-31&to=2025-03-01')).status).toBe(400);
  });

  it('runs a review: draft, submit with indicators, four eyes, approval turns actions into tasks, PDF in Chinese', async () => {
    const created = await epi.post('/api/assessment/reviews', {
      kind: 'after_action',
      incidentId: incidentX,
      title: '甲乡聚集性疫情事后评估',
      format: 'working_group',
      reviewDate: '2025-04-10',
      participantAgencyIds: [agency1, agency2],
      pillars: ['coordination', 'surveillance'],
      wentWell: '流调在24小时内完成',
      challenges: '确认后报告延误',
      rootCauses: '周末会商机制缺失',
      actions: [
        { title: '建立周末会商值班制度', ownerAgencyId: agency1, dueDate: '2025-05-01', priority: 'high' },
        { title: '学校晨午检培训', ownerAgencyId: agency2, dueDate: '2025-05-15', term: 'mid_long' },
      ],
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({ status: 'draft', participants: [{ name: '区疾控中心' }, { name: '区教委' }] });
    const early = await epi.post('/api/assessment/reviews', { ...created.body, id: undefined });
    expect(early.status).toBe(400); // not the create shape (strict)
    const badDue = await epi.patch(`/api/assessment/reviews/${id}`, {
      actions: [{ title: 'x', ownerAgencyId: agency1, dueDate: '2025-01-01' }],
    });
    expect(badDue.status).toBe(400);
    const submitted = await epi.post(`/api/assessment/reviews/${id}/submit`, {});
    expect(submitted.status).toBe(200);
    expect(submitted.body.indicators.sevenOneSeven.notification).toEqual({ days: 3, status: 'over_target' });
    // the key figures read from the snapshot, the modules beside surveillance included (counts, never records)
    expect(submitted.body.keyFigures.map((f: { key: string }) => f.key)).toEqual([
      'reportsOnTime',
      'alertsVerifiedInTime',
      'alertVerificationMedianHours',
      'confirmationToActivationMedianHours',
      'tasksOnTime',
      'stockOutDays',
      'contactsTracedWithin24h',
      'contactDaysFollowedUp',
    ]);
    expect(submitted.body.indicators.indicators.stockOut.records).toBeUndefined();
    expect(submitted.body.indicators.indicators.contactTracing.records).toBeUndefined();
    expect((await epi.get('/api/assessment/reviews')).body.items[0].keyFigures).toBeUndefined();
    const self = await epi.post(`/api/assessment/reviews/${id}/approve`, {});
    expect(self.status).toBe(403); // the epidemiologist holds no assessment.approve
    const approved = await commander.post(`/api/assessment/reviews/${id}/approve`, { comment: '同意' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
    expect(approved.body.actions.map((a: { task: { status: string } }) => a.task.status)).toEqual(['assigned', 'assigned']);
    const made = await t.database.db.select().from(tasks).where(eq(tasks.origin, 'review_action'));
    expect(made.map((m) => [m.title, m.assigneeAgencyId, m.incidentId, m.priority])).toEqual(
      expect.arrayContaining([
        ['建立周末会商值班制度', agency1, incidentX, 'high'],
        ['学校晨午检培训', agency2, incidentX, 'normal'],
      ]),
    );
    const again = await commander.post(`/api/assessment/reviews/${id}/approve`, {});
    expect(again.status).toBe(409);
    const pdf = await getBytes(epi, `/api/assessment/reviews/${id}/pdf`);
    expect(pdf.type).toBe('application/pdf');
    const text = pdfText(pdf.bytes);
    expect(text).toContain('事后评估（复盘）报告');
    expect(text).toContain('建立周末会商值班制度');
    expect(text).toContain('超时');
    expect(text).toContain('提交时的主要指标');
    expect(text).toContain('物资断货');
  });

  it('the commander who wrote a review cannot approve it', async () => {
    const created = await commander.post('/api/assessment/reviews', {
      kind: 'intra_action',
      exerciseName: '桌面推演',
      jurisdictionId: tree.district.id,
      title: '推演事中评估',
      format: 'debrief',
      reviewDate: '2025-04-10',
      wentWell: '响应迅速',
    });
    expect(created.status).toBe(201);
    await commander.post(`/api/assessment/reviews/${created.body.id}/submit`, {});
    const res = await commander.post(`/api/assessment/reviews/${created.body.id}/approve`, {});
    expect(res.status).toBe(409);
    expect(res.body.error.reason).toBe('review_author_cannot_approve');
  });

  it('the lessons library finds a lesson by a Chinese word; LIKE wildcards are taken literally', async () => {
    const made = await epi.post('/api/assessment/lessons', {
      title: '托幼机构晨午检',
      lesson: '落实晨午检和因病缺勤追踪，可提前发现手足口病聚集。',
      source: 'own_event',
      incidentId: incidentX,
      tags: ['手足口病', '学校'],
    });
    expect(made.status).toBe(201);
    await epi.post('/api/assessment/lessons', {
      title: '武汉经验',
      lesson: '早期发现不明原因肺炎需要直报。',
      source: 'external',
      sourceNote: '武汉 2020',
      tags: ['新冠'],
    });
    const found = await epi.get(`/api/assessment/lessons?q=${encodeURIComponent('缺勤 追踪')}`);
    expect(found.body.items.map((l: { title: string }) => l.title)).toEqual(['托幼机构晨午检']);
    expect((await epi.get(`/api/assessment/lessons?q=${encodeURIComponent('%')}`)).body.items).toEqual([]);
    const byTag = await epi.get(`/api/assessment/lessons?tag=${encodeURIComponent('新冠')}`);
    expect(byTag.body.items.map((l: { sourceNote: string }) => l.sourceNote)).toEqual(['武汉 2020']);
    expect(found.body.tags).toEqual(expect.arrayContaining([{ tag: '学校', count: 1 }]));
    expect((await viewerB.get('/api/assessment/lessons')).body.items).toEqual([]);
  });
});

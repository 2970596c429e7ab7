import { estimateR } from '@outbreak/epimodels';
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { notifications } from '../notifications/notifications.tables.ts';
import { atLocal, DRAFT_NOW, REPORT_DAY, buildMember, buildReportWorld, getBytes, pdfText } from './reports.fixtures.ts';
import {
  RT_MIN_CASES,
  addDays,
  daysBetween,
  draftFigures,
  incidentForFigures,
  incompleteDaysOf,
  localDate,
  medianDelayOf,
  rtOf,
  trendOf,
} from './reports.figures.ts';
import { bedOccupancy, districtDay } from '../occupancy/index.ts';
import { PDF_HEADINGS, tracingSentenceZh } from './reports.pdf.ts';
import { contactFollowUps, contacts } from '../contacts/index.ts';
import { caseReports } from '../cases/index.ts';
import { draftDailyReports, REPORTS_DAILY_CRON } from './reports.jobs.ts';
import { createReportAs } from './reports.service.ts';

describe('report figures (pure parts)', () => {
  it('compares the last 7 days with the 7 before', () => {
    expect(trendOf([...Array(7).fill(1), ...Array(7).fill(2)])).toEqual({ last7: 14, previous7: 7, changePct: 100, direction: 'up' });
    expect(trendOf([...Array(7).fill(0), ...Array(7).fill(2)])).toEqual({ last7: 14, previous7: 0, changePct: null, direction: 'up' });
    expect(trendOf(Array(14).fill(1))).toMatchObject({ changePct: 0, direction: 'flat' });
  });

  it('gives Rt only with a serial interval and enough cases in the window', () => {
    const si = { mean: 2.6, sd: 1.5, source: 'x' };
    const few = [...Array(35).fill(0), ...Array(7).fill(1)];
    expect(rtOf(few, '2026-01-01', si, 'no_serial_interval')).toMatchObject({
      estimable: false,
      reason: 'too_few_cases',
      casesInWindow: 7,
    });
    expect(rtOf(few, '2026-01-01', null, 'no_serial_interval')).toMatchObject({ estimable: false, reason: 'no_serial_interval' });
    const many = Array.from({ length: 42 }, (_, i) => 1 + Math.floor(i / 4));
    const rt = rtOf(many, '2026-01-01', si, 'no_serial_interval');
    const direct = estimateR(many, 'parametric_si', { mean_si: 2.6, std_si: 1.5, t_start: [36], t_end: [42] }).windows[0]!;
    expect(rt).toMatchObject({ estimable: true, mean: direct.mean_r, lower: direct.quantile_0_025_r, upper: direct.quantile_0_975_r });
    expect(rt.windowFrom).toBe('2026-02-05');
    expect(rt.windowTo).toBe('2026-02-11');
    expect(RT_MIN_CASES).toBe(11);
  });

  it('takes the median reporting delay in whole days, rounded up, and leaves out at least one day', () => {
    expect(medianDelayOf(new Map())).toBeNull();
    expect(
      medianDelayOf(
        new Map([
          [0, 28],
          [1, 7],
        ]),
      ),
    ).toBe(0);
    expect(
      medianDelayOf(
        new Map([
          [2, 1],
          [3, 3],
        ]),
      ),
    ).toBe(3);
    // even count between 1 and 2: 1.5, rounded up
    expect(
      medianDelayOf(
        new Map([
          [1, 2],
          [2, 2],
        ]),
      ),
    ).toBe(2);
    expect(
      medianDelayOf(
        new Map([
          [5, 1],
          [0, 1],
          [9, 1],
        ]),
      ),
    ).toBe(5);
    const delay = (medianDays: number | null) => ({ medianDays, cases: 0, basis: 'disease' as const, lookbackDays: 90 });
    expect(incompleteDaysOf(delay(0))).toBe(1);
    expect(incompleteDaysOf(delay(null))).toBe(1);
    expect(incompleteDaysOf(delay(4))).toBe(4);
  });

  it('knows district days', () => {
    expect(localDate(new Date('2026-11-20T15:59:00Z'))).toBe('2026-11-20');
    expect(localDate(new Date('2026-11-20T16:00:00Z'))).toBe('2026-11-21');
    expect(daysBetween('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});

describe.each(testEngines())('situation reports (%s)', (engine) => {
  const t = withTestDb(engine);
  let w: Awaited<ReturnType<typeof buildReportWorld>>;
  beforeAll(async () => {
    w = await buildReportWorld(t.database);
  });

  it('drafts the figures of a known dataset', async () => {
    const incident = (await incidentForFigures(t.database.db, w.incident.id))!;
    const f = await draftFigures(t.database.db, incident, REPORT_DAY, DRAFT_NOW);
    const row = (id: string) => f.cases.townships.find((x) => x.jurisdictionId === id)!;
    // A: 2 (onset D) + 1 (onset unknown) + 1 (reported 23:30) reported on D; onset D: 2 + 1 (diagnosis date).
    expect(row(w.tree.townshipA.id)).toMatchObject({ newReported: 4, newOnset: 3, cumulative: 22 });
    // B: onset D−1 reported D; onset D not known by the end of D; cumulative: reported D−5 … D.
    expect(row(w.tree.townshipB.id)).toMatchObject({ newReported: 1, newOnset: 0, cumulative: 6 });
    expect(f.cases.totals).toEqual({ newReported: 5, newOnset: 3, cumulative: 28 });
    expect(f.cases.cumulativeFrom).toBe(addDays(REPORT_DAY, -9));
    expect(f.cases.townships).toHaveLength(2);
    // Trend: last 7 days A 14 + 2, B 6; the 7 before: A 14.
    expect(f.trend).toMatchObject({ last7: 22, previous7: 14, changePct: 57.1, direction: 'up' });
    expect(f.trend.daily).toHaveLength(28);
    expect(f.trend.daily.at(-1)).toEqual({ date: REPORT_DAY, reported: 5, onset: 3 });

    // Rt: estimateR on the same onset series, ending the day before the report's: the district's median reporting
    // delay is 0 days (28 cases reported on their onset day, 7 a day later), and at least 1 day is left out.
    expect(f.rt.reportingDelay).toEqual({ medianDays: 0, cases: 35, basis: 'disease', lookbackDays: 90 });
    expect(f.rt.incompleteDays).toBe(1);
    const expected = new Array(42).fill(0);
    const from = addDays(REPORT_DAY, -42);
    for (const s of w.specs) {
      if (s.diseaseId !== w.flu.id || s.classification === 'excluded') continue;
      if (![w.tree.communityA.id, w.tree.communityB.id, w.tree.townshipA.id].includes(s.jurisdictionId)) continue;
      if (localDate(s.reportedAt) > REPORT_DAY) continue;
      const day = s.onsetDate ?? localDate(s.diagnosisAt);
      const i = daysBetween(from, day).length - 1;
      if (i >= 0 && i < 42) expected[i] += 1;
    }
    expect(f.rt.series).toEqual(expected);
    expect(f.rt.seriesFrom).toBe(from);
    const direct = estimateR(expected, 'parametric_si', { mean_si: 2.6, std_si: 1.5, t_start: [36], t_end: [42] }).windows[0]!;
    expect(f.rt).toMatchObject({ estimable: true, mean: direct.mean_r, lower: direct.quantile_0_025_r, upper: direct.quantile_0_975_r });
    expect(f.rt.serialInterval).toMatchObject({ mean: 2.6, sd: 1.5 });

    expect(f.alerts.map((a) => [a.title, a.diseaseNameEn])).toEqual([['流感样病例聚集', 'Influenza']]);
    const police = f.tasks.byAssignee.find((a) => a.assigneeId === w.police.id)!;
    expect(police).toMatchObject({ total: 3, done: 1, open: 2, overdue: 1, rejected: 0 });
    expect(f.tasks.byAssignee.find((a) => a.assigneeId === w.cdc.id)).toMatchObject({ total: 1, done: 0, open: 0, rejected: 1 });
    expect(f.tasks.totals).toEqual({ total: 4, done: 1, open: 2, overdue: 1, rejected: 1 });
    expect(f.tasks.overdue.map((o) => o.title)).toEqual(['协查密接']);
    expect(f.facilities.items.map((x) => x.id)).toEqual([w.hospital.id]);
    expect(f.facilities.totals).toEqual({ beds: 100, icuBeds: 10, isolationRooms: 20, rooms: 0 });
    // no contact traced yet: every ratio without a denominator is null, never 0 %
    expect(f.tracing?.district).toMatchObject({
      followedUpToday: { numerator: 0, denominator: 0, value: null },
      medianHoursToListed: null,
      contactsListed: 0,
    });

    // Two contacts of a case reported on D at 09:00, both listed at 11:00 (2 h); one seen well on D at 11:30.
    const [index] = await t.database.db
      .select({ id: caseReports.id })
      .from(caseReports)
      .where(and(eq(caseReports.jurisdictionId, w.tree.communityA.id), eq(caseReports.reportedAt, atLocal(REPORT_DAY, '09:00'))))
      .limit(1);
    const listed = atLocal(REPORT_DAY, '11:00');
    const traced = await t.database.db
      .insert(contacts)
      .values(
        ['甲', '乙'].map((name) => ({
          diseaseId: w.flu.id,
          sourceCaseId: index!.id,
          indexCaseId: index!.id,
          degree: 1,
          jurisdictionId: w.tree.communityA.id,
          personName: `密接${name}`,
          riskCategory: 'high' as const,
          lastExposureAt: atLocal(addDays(REPORT_DAY, -1), '20:00'),
          followUpUntil: addDays(REPORT_DAY, 6),
          createdAt: listed,
        })),
      )
      .returning({ id: contacts.id });
    await t.database.db.insert(contactFollowUps).values({
      contactId: traced[0]!.id,
      jurisdictionId: w.tree.communityA.id,
      date: REPORT_DAY,
      round: 1,
      status: 'seen_ok',
      createdAt: atLocal(REPORT_DAY, '11:30'),
    });
    const again = await draftFigures(t.database.db, incident, REPORT_DAY, DRAFT_NOW);
    expect(again.tracing?.district).toMatchObject({
      followedUpToday: { numerator: 1, denominator: 2, value: 0.5 },
      medianHoursToListed: 2,
      // seen 2.5 h after the report; the other one's 24 h have not passed by the draft (18:00): not counted yet
      tracedWithin24h: { numerator: 1, denominator: 1, value: 1 },
      tracedWithin48h: { numerator: 1, denominator: 1, value: 1 },
      contactsListed: 2,
      toNotify: 0,
    });
    expect(again.tracing?.district.casesKnownContacts.numerator).toBe(0);
    expect(tracingSentenceZh(again)).toContain(`${REPORT_DAY} 应随访密切接触者 2 人，已随访 1 人（50%）`);
    expect(tracingSentenceZh(f)).toContain('应随访密切接触者 0 人，已随访 0 人（—）');
    expect(tracingSentenceZh({ reportDate: REPORT_DAY })).toBeNull();
  });

  it('runs the workflow with rights, versions, audit and a Chinese PDF', async () => {
    const app = createTestApp(t.database);
    const commander = await signIn(app, w.commander.username, w.commander.password);
    const epi = await signIn(app, w.epidemiologist.username, w.epidemiologist.password);
    const viewerB = await signIn(app, w.viewerB.username, w.viewerB.password);
    const liaison = await signIn(app, w.liaison.username, w.liaison.password);

    // A day to come is refused; an unknown incident names the field.
    const future = await epi.post('/api/reports', { incidentId: w.incident.id, reportDate: '2099-01-01' });
    expect(future.status).toBe(400);
    expect(future.body.error.details[0].path).toBe('reportDate');
    const unknown = await epi.post('/api/reports', { incidentId: '00000000-0000-4000-8000-000000000000', reportDate: REPORT_DAY });
    expect(unknown.body.error.details[0].path).toBe('incidentId');
    expect((await liaison.post('/api/reports', { incidentId: w.incident.id, reportDate: REPORT_DAY })).status).toBe(403);

    const created = await epi.post('/api/reports', { incidentId: w.incident.id, reportDate: REPORT_DAY });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect(created.body).toMatchObject({ status: 'draft', version: 1, issueNo: 1, reportDate: REPORT_DAY, incidentCode: w.incident.code });
    expect(created.body.figures.cases.totals.cumulative).toBe(28);
    expect((await epi.post('/api/reports', { incidentId: w.incident.id, reportDate: REPORT_DAY })).status).toBe(409);

    // Scope and rights on reading.
    expect((await viewerB.get(`/api/reports/${id}`)).status).toBe(404);
    expect((await liaison.get(`/api/reports/${id}`)).status).toBe(403);
    expect((await viewerB.get('/api/reports')).body.total).toBe(0);

    // Editing: occupancy within capacity, stale versions refused.
    const tooMany = await epi.patch(`/api/reports/${id}`, {
      version: 1,
      occupancy: [{ facilityId: w.hospital.id, bedsOccupied: 101, icuBedsOccupied: 2, isolationRoomsOccupied: null, roomsOccupied: null }],
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].path).toBe('occupancy.0.bedsOccupied');
    const saved = await epi.patch(`/api/reports/${id}`, {
      version: 1,
      summary: '疫情总体平稳。',
      measures: '开展流行病学调查。',
      nextSteps: '继续监测。',
      occupancy: [{ facilityId: w.hospital.id, bedsOccupied: 37, icuBedsOccupied: 2, isolationRoomsOccupied: 5, roomsOccupied: null }],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.summary).toBe('疫情总体平稳。');
    expect((await epi.patch(`/api/reports/${id}`, { version: 2, summary: 'x' })).status).toBe(409);
    expect((await epi.patch(`/api/reports/${id}`, { version: 1, bogus: 1 })).status).toBe(400);

    // Submit (draft right), approve (approve right only).
    expect((await epi.post(`/api/reports/${id}/submit`, {})).body.status).toBe('submitted');
    expect((await epi.patch(`/api/reports/${id}`, { version: 1, summary: 'x' })).status).toBe(409);
    expect((await epi.post(`/api/reports/${id}/approve`, {})).status).toBe(403);
    expect((await commander.post(`/api/reports/${id}/return`, {})).status).toBe(400); // a reason is required
    const returned = await commander.post(`/api/reports/${id}/return`, { comment: '请补充措施' });
    expect(returned.body).toMatchObject({ status: 'draft', version: 2, reviewComment: '请补充措施' });
    await epi.patch(`/api/reports/${id}`, { version: 2, measures: '开展流行病学调查，落实隔离。' });
    await epi.post(`/api/reports/${id}/submit`, {});
    const approved = await commander.post(`/api/reports/${id}/approve`, {});
    expect(approved.body).toMatchObject({ status: 'approved', version: 2 });
    expect(approved.body.approvedByName).toBeTruthy();
    expect(approved.body.versions.map((v: { version: number; event: string }) => `${v.version}:${v.event}`)).toEqual([
      '1:submitted',
      '1:returned',
      '2:submitted',
      '2:approved',
    ]);
    const kept = await epi.get(`/api/reports/${id}/versions/1`);
    expect(kept.body.content.measures).toBe('开展流行病学调查。');

    // The PDF: Chinese headings and the day's figures, extracted from the file.
    const pdf = await getBytes(epi, `/api/reports/${id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    const text = pdfText(pdf.bytes);
    for (const heading of Object.values(PDF_HEADINGS)) expect(text).toContain(heading);
    expect(text).toContain(`新增报告${w.flu.name}病例5例`);
    expect(text).toContain('累计报告28例');
    expect(text).toContain('开展流行病学调查，落实隔离。');
    // occupancy comes from the facilities' own reports (none for that day), not from the 37 typed into the draft
    expect(text).toContain('—/100');
    expect(text).not.toContain('37/100');
    expect(text).toContain('当日未填报：定点医院');
    // Rt ends before the incomplete last day (median reporting delay 0 days, at least 1 day left out).
    expect(text).toContain(`Rt估算截至${addDays(REPORT_DAY, -1)}；最近1天的发病数据尚不完整（报告延迟中位数0天）。`);
    // Dates as the app writes them (2026-12-07), never 2026年12月7日.
    expect(text).toContain(`报告日期：${REPORT_DAY}`);
    expect(text).not.toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    const v1 = pdfText((await getBytes(epi, `/api/reports/${id}/pdf?version=1`)).bytes);
    expect(v1).toContain('开展流行病学调查。');
    expect((await getBytes(viewerB, `/api/reports/${id}/pdf`)).status).toBe(404);

    // Approved reports are not edited; a revision is a new version; archive keeps it read-only.
    expect((await epi.patch(`/api/reports/${id}`, { version: 2, summary: 'x' })).status).toBe(409);
    const revised = await epi.post(`/api/reports/${id}/revise`, { comment: '更正数字' });
    expect(revised.body).toMatchObject({ status: 'draft', version: 3, approvedAt: null });
    await epi.post(`/api/reports/${id}/submit`, {});
    await commander.post(`/api/reports/${id}/approve`, {});
    expect((await commander.post(`/api/reports/${id}/archive`, {})).body.status).toBe('archived');
    expect((await epi.post(`/api/reports/${id}/revise`, { comment: 'x' })).status).toBe(409);

    const records = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, id));
    expect(records.map((r) => r.action)).toEqual(
      expect.arrayContaining(['create', 'update', 'submitted', 'returned', 'approved', 'revised', 'archived']),
    );
  });

  it('regenerates figures on request and drafts a day only once', async () => {
    const day = addDays(REPORT_DAY, -1);
    const report = await createReportAs(
      t.database,
      w.epidemiologist.principal,
      { incidentId: w.incident.id, reportDate: day },
      undefined,
      DRAFT_NOW,
    );
    expect(report.issueNo).toBe(2);
    expect((report.figures as { cases: { totals: { newReported: number } } }).cases.totals.newReported).toBe(3);
    const app = createTestApp(t.database);
    const epi = await signIn(app, w.epidemiologist.username, w.epidemiologist.password);
    const again = await epi.post(`/api/reports/${report.id}/regenerate`, {});
    expect(again.status).toBe(200);
    expect(Date.parse(again.body.figuresGeneratedAt)).toBeGreaterThan(Date.parse(report.figuresGeneratedAt));
  });

  it('gives the command summary in scope', async () => {
    const app = createTestApp(t.database);
    const commander = await signIn(app, w.commander.username, w.commander.password);
    const viewerB = await signIn(app, w.viewerB.username, w.viewerB.password);
    const res = await commander.get(`/api/incidents/${w.incident.id}/command-summary`);
    expect(res.status).toBe(200);
    expect(res.body.incident).toMatchObject({ id: w.incident.id, responseLevel: 'III', status: 'open' });
    expect(res.body.tasks.totals.total).toBe(4);
    expect(res.body.tasks.totals.done).toBe(1);
    expect(res.body.facilities.totals.beds).toBe(100);
    expect(res.body.cases.townships).toHaveLength(2);
    expect(res.body.latestReport).toMatchObject({ reportDate: REPORT_DAY });
    // Nothing reported by the facilities yet: no occupancy, whatever a report's editor typed (37 beds)
    expect(res.body.facilities.used.beds).toBe(0);
    expect(res.body.facilities.occupancy.notReported.map((f: { id: string }) => f.id)).toEqual([w.hospital.id]);
    // The hospital reports (issue 12, item 15): the board shows its figures, rates and that it reported today
    const base = {
      facilityId: w.hospital.id,
      jurisdictionId: w.hospital.jurisdictionId,
      bedsCapacity: 100,
      icuBedsCapacity: 10,
      isolationRoomsCapacity: 20,
    };
    await t.database.db.insert(bedOccupancy).values([
      {
        ...base,
        reportDate: districtDay(new Date(Date.now() - 86_400_000)),
        bedsOccupied: 30,
        icuBedsOccupied: 1,
        isolationRoomsOccupied: 2,
      },
      { ...base, reportDate: districtDay(new Date()), bedsOccupied: 41, icuBedsOccupied: 5, isolationRoomsOccupied: 4 },
    ]);
    const reported = await commander.get(`/api/incidents/${w.incident.id}/command-summary`);
    expect(reported.body.facilities.used).toEqual({ beds: 41, icuBeds: 5, isolationRooms: 4, rooms: 0 });
    expect(reported.body.facilities.occupancy.totals.rates).toEqual({ beds: 41, icuBeds: 50, isolationRooms: 20 });
    expect(reported.body.facilities.occupancy.notReported).toEqual([]);
    expect(reported.body.facilities.occupancyFrom).toBeNull();
    expect((await viewerB.get(`/api/incidents/${w.incident.id}/command-summary`)).status).toBe(404);
    expect((await commander.get('/api/incidents/not-a-uuid/command-summary')).status).toBe(404);
  });

  it("drafts each open incident's report of the day once (daily job)", async () => {
    expect(REPORTS_DAILY_CRON).toBe('0 8 * * *'); // 16:00 district time
    const later = new Date(DRAFT_NOW.getTime() + 2 * 86400_000);
    const first = await draftDailyReports(t.database, later);
    expect(first).toHaveLength(1);
    expect(await draftDailyReports(t.database, later)).toEqual([]);
    const app = createTestApp(t.database);
    const epi = await signIn(app, w.epidemiologist.username, w.epidemiologist.password);
    const report = await epi.get(`/api/reports/${first[0]}`);
    expect(report.body).toMatchObject({
      reportDate: addDays(REPORT_DAY, 2),
      status: 'draft',
      draftedByJob: true,
      issueNo: 3,
      createdByName: null,
    });
    // The dashboard's capacity use comes from the facilities' own latest reports, not from any report's text.
    const summary = await epi.get(`/api/incidents/${w.incident.id}/command-summary`);
    expect(summary.body.latestReport.reportDate).toBe(addDays(REPORT_DAY, 2));
    expect(summary.body.facilities.used.beds).toBe(41);
    // the draft of that day keeps the picture as at its day: the hospital's latest report up to then
    expect(report.body.figures.facilities.occupancy).toMatchObject({ date: addDays(REPORT_DAY, 2) });
  });

  it('keeps four eyes: required sections before submission, approvers told, no author approves', async () => {
    const app = createTestApp(t.database);
    const second = await buildMember(t.database, { role: 'commander', jurisdictionId: w.tree.district.id });
    const commander = await signIn(app, w.commander.username, w.commander.password);
    const epi = await signIn(app, w.epidemiologist.username, w.epidemiologist.password);
    const other = await signIn(app, second.username, second.password);
    const created = await epi.post('/api/reports', { incidentId: w.incident.id, reportDate: addDays(REPORT_DAY, -2) });
    const id = created.body.id as string;

    // An empty overall situation (and the other required sections) is refused, by field.
    const empty = await epi.post(`/api/reports/${id}/submit`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.error.details.map((d: { path: string }) => d.path)).toEqual(['summary', 'measures', 'nextSteps']);
    await epi.patch(`/api/reports/${id}`, { version: 1, summary: '  ', measures: '流调。', nextSteps: '监测。' });
    expect((await epi.post(`/api/reports/${id}/submit`, {})).body.error.details).toEqual([
      { path: 'summary', message: 'This section must be written before the report is submitted' },
    ]);
    // The commander writes the overall situation: he is an author now.
    await commander.patch(`/api/reports/${id}`, { version: 1, summary: '疫情总体平稳。' });
    const submitted = await epi.post(`/api/reports/${id}/submit`, { comment: '请审核' });
    expect(submitted.body.status).toBe('submitted');
    expect([...submitted.body.authorIds].sort()).toEqual([w.epidemiologist.principal.id, w.commander.principal.id].sort());

    // Only the approver who wrote none of it is told that it awaits approval.
    const told = async (kind: string) =>
      (
        await t.database.db
          .select()
          .from(notifications)
          .where(and(eq(notifications.entityId, id), eq(notifications.kind, kind)))
      )
        .map((n) => n.userId)
        .sort();
    expect(await told('report.submitted')).toEqual([second.principal.id]);
    const [awaiting] = await t.database.db
      .select()
      .from(notifications)
      .where(and(eq(notifications.entityId, id), eq(notifications.kind, 'report.submitted')));
    expect(awaiting).toMatchObject({
      title: `疫情日报待审核：第4期（${addDays(REPORT_DAY, -2)}）${created.body.title}`,
      body: '请审核',
      link: `/reports/${id}`,
    });

    const own = await commander.post(`/api/reports/${id}/approve`, {});
    expect(own.status).toBe(409);
    expect(own.body.error.reason).toBe('author_cannot_approve');
    expect((await epi.get(`/api/reports/${id}`)).body.status).toBe('submitted');
    const approved = await other.post(`/api/reports/${id}/approve`, { comment: '同意' });
    expect(approved.body).toMatchObject({ status: 'approved', approvedByName: second.principal.displayName });
    expect(await told('report.approved')).toEqual([w.epidemiologist.principal.id, w.commander.principal.id].sort());
  });
});

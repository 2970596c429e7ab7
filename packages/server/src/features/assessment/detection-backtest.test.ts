/**
 * The back-test of the detection settings in use, on a constructed history whose alarms are known by hand: a fixed
 * threshold (k = 3 cases a day) per township over one year of background below it, with
 * - a recorded outbreak (an incident in township A, 2025-06-10 to 06-20) with 3 and 5 cases on 06-12 and 06-13:
 *   detected in its first week, 2 days after its start (k = 4: 3 days);
 * - a known false alarm: 3 cases on 2025-09-17 in township A, whose alert the district discarded (not an outbreak);
 * - a recorded outbreak the threshold misses: an alert in township B confirmed as an event (reported 2025-11-05,
 *   confirmed 11-06, closed 11-20) with
 *   2 cases a day from 11-04 (found by the looser k = 2, a day before it was reported);
 * - an exercise in township B (5 exercise cases on 2025-12-10 and an exercise incident): no part of the history.
 * Both engines; the window is the year to the last Sunday before "now" (2026-03-04, a Wednesday).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../platform/auth/scope.ts';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { alertEvents, alerts } from '../alerts/index.ts';
import { caseReports } from '../cases/index.ts';
import { forgetReplays } from '../detection/index.ts';
import { buildConfig, buildDisease, insertDailyCases } from '../detection/detection.test-support.ts';
import { exercises } from '../exercises/index.ts';
import { incidents } from '../incidents/index.ts';
import { atLocal } from '../reports/reports.fixtures.ts';
import { backtestWindow, detectionBacktestFor, scoreReplay } from './detection-backtest.service.ts';

const NOW = new Date('2026-03-04T04:00:00Z'); // Wednesday 2026-03-04 in the district
const START = '2025-03-03'; // the window's first Monday (52 weeks to Sunday 2026-03-01)
const dayIndex = (day: string) => Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${START}T00:00:00Z`)) / 86_400_000);

describe('backtestWindow', () => {
  it('ends on the last Sunday on or before the district day and spans 52 weeks a year', () => {
    expect(backtestWindow(NOW, 1)).toMatchObject({ from: '2025-03-03', to: '2026-03-01' });
    expect(backtestWindow(NOW, 1).weeks).toHaveLength(52);
    // 2026-03-01 16:30 UTC is Monday 03-02 00:30 in the district: the window still ends on Sunday 03-01
    expect(backtestWindow(new Date('2026-03-01T16:30:00Z'), 2)).toMatchObject({ from: '2024-03-04', to: '2026-03-01' });
    // on a Sunday the window ends that day
    expect(backtestWindow(new Date('2026-03-01T03:00:00Z'), 1).to).toBe('2026-03-01');
  });

  it('scores by hand: an unknown figure is null, never 0', () => {
    const place = { id: 'p', name: '甲', nameEn: 'A', path: '/d/a/', level: 'township', centroid: null };
    const weeks = ['2025-03-03', '2025-03-10'];
    const none = scoreReplay({ places: [{ place, alarmDays: [], weekCounts: {} }], error: null }, [], { weeks, years: 1 });
    expect(none).toMatchObject({
      events: 0,
      pod: null,
      firstWeekPod: null,
      quietWeeks: 2,
      fpr: 0,
      alarmsPerYear: 0,
      medianDelayDays: null,
    });
    const failed = scoreReplay({ places: [{ place, alarmDays: [], weekCounts: {} }], error: 'too short' }, [], { weeks, years: 1 });
    expect(failed).toMatchObject({ fpr: null, alarmsPerYear: null, error: 'too short' });
  });
});

describe.each(testEngines())('detection back-test on a constructed history (%s)', (engine) => {
  const t = withTestDb(engine);
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let diseaseId: string;
  let incidentA: string;
  let alertB: string;
  let epi: Principal;
  let epiB: Principal;
  let app: AppOpenAPI;
  let client: TestClient;
  let volunteer: TestClient;

  beforeAll(async () => {
    const db = t.database.db;
    forgetReplays();
    tree = await buildDistrictTree(t.database);
    diseaseId = (await buildDisease(t.database, { name: '回测病', nameEn: 'Backtest disease' })).id;
    // background: one case every third day in each township, below every threshold tried
    const days = 366;
    const background = (offset: number): number[] => Array.from({ length: days }, (_, i) => ((i + offset) % 3 === 0 ? 1 : 0));
    const a = background(0);
    const b = background(1);
    a[dayIndex('2025-06-12')] = 3;
    a[dayIndex('2025-06-13')] = 5;
    a[dayIndex('2025-09-17')] = 3;
    for (const d of ['2025-11-04', '2025-11-05', '2025-11-06']) b[dayIndex(d)] = 2;
    await insertDailyCases(t.database, { diseaseId, jurisdictionId: tree.townshipA.id, start: START, counts: a });
    await insertDailyCases(t.database, { diseaseId, jurisdictionId: tree.townshipB.id, start: START, counts: b });
    await buildConfig(t.database, {
      diseaseId,
      jurisdictionId: tree.district.id,
      level: 'township',
      method: 'fixedThreshold',
      parameters: { k: 3, period: 1 },
    });

    const [x] = await db
      .insert(incidents)
      .values({
        title: '甲乡回测病暴发',
        diseaseId,
        jurisdictionId: tree.townshipA.id,
        status: 'closed',
        startedAt: atLocal('2025-06-10', '08:00'),
        closedAt: atLocal('2025-06-20', '17:00'),
      })
      .returning();
    incidentA = x!.id;
    const [falseAlert, confirmedAlert] = await db
      .insert(alerts)
      .values([
        { diseaseId, jurisdictionId: tree.townshipA.id, status: 'discarded', title: '甲乡误报', createdAt: atLocal('2025-09-18', '09:00') },
        {
          diseaseId,
          jurisdictionId: tree.townshipB.id,
          status: 'closed',
          origin: 'event',
          title: '乙乡学校报告',
          createdAt: atLocal('2025-11-05', '10:00'),
        },
      ])
      .returning();
    alertB = confirmedAlert!.id;
    await db.insert(alertEvents).values([
      { alertId: falseAlert!.id, kind: 'status', fromStatus: 'new', toStatus: 'discarded', createdAt: atLocal('2025-09-18', '12:00') },
      { alertId: alertB, kind: 'status', fromStatus: 'verifying', toStatus: 'confirmed', createdAt: atLocal('2025-11-06', '15:00') },
      { alertId: alertB, kind: 'status', fromStatus: 'confirmed', toStatus: 'closed', createdAt: atLocal('2025-11-20', '15:00') },
    ]);

    // an exercise in township B: its cases and its incident are no part of the history
    const [exercise] = await db
      .insert(exercises)
      .values({
        title: '回测演练',
        type: 'functional',
        jurisdictionId: tree.district.id,
        scheduledDate: '2025-12-10',
        status: 'running',
        startedAt: atLocal('2025-12-10', '08:00'),
      })
      .returning();
    await db.insert(caseReports).values(
      Array.from({ length: 5 }, (_, i) => ({
        diseaseId,
        jurisdictionId: tree.townshipB.id,
        personName: `演练病例${i}`,
        sex: 'unknown' as const,
        idType: 'none' as const,
        classification: 'confirmed' as const,
        onsetDate: '2025-12-10',
        diagnosisAt: atLocal('2025-12-10', '10:00'),
        reportedAt: atLocal('2025-12-10', '11:00'),
        status: 'exercise' as const,
        exerciseId: exercise!.id,
      })),
    );
    await db.insert(incidents).values({
      title: '演练事件',
      diseaseId,
      jurisdictionId: tree.townshipB.id,
      startedAt: atLocal('2025-12-10', '09:00'),
      exerciseId: exercise!.id,
    });

    epi = (await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id })).principal;
    epiB = (await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.townshipB.id })).principal;
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const v = await buildUser(t.database, { role: 'volunteer', jurisdictionId: tree.district.id });
    app = createTestApp(t.database);
    client = await signIn(app, e.user.username, e.password);
    volunteer = await signIn(app, v.user.username, v.password);
  }, 120_000);

  it('scores the setting in use: the outbreak found in its first week, the false alarm counted, the missed alert', async () => {
    const view = await detectionBacktestFor(t.database, epi, { years: 1, diseaseId }, { now: NOW, threads: 0 });
    expect(view).toMatchObject({ from: '2025-03-03', to: '2026-03-01', weeks: 52, leadDays: 7 });
    const [d] = view.diseases;
    expect(d!.events.map((e) => [e.kind, e.id, e.start, e.end])).toEqual([
      ['incident', incidentA, '2025-06-10', '2025-06-20'],
      ['alert', alertB, '2025-11-05', '2025-11-20'],
    ]);
    const inUse = d!.variants.find((v) => v.kind === 'in_use')!;
    // 2 townships × 52 weeks; outbreak weeks: A 06-02, 06-09, 06-16 (from 7 days before the start), B 10-27, 11-03,
    // 11-10, 11-17 (to the alert's closure): 7; FPR 1/97
    expect(inUse).toMatchObject({
      method: 'fixedThreshold',
      level: 'township',
      places: 2,
      error: null,
      events: 2,
      detected: 1,
      detectedFirstWeek: 1,
      pod: 0.5,
      firstWeekPod: 0.5,
      outbreakWeeks: 7,
      quietWeeks: 97,
      falseAlarmWeeks: 1,
      fpr: 0.01,
      alarmWeeks: 2,
      alarmsPerYear: 2,
      falseAlarmsPerYear: 1,
      medianDelayDays: 2,
    });
    expect(inUse.detections).toEqual([{ eventKey: `incident:${incidentA}`, firstAlarmDay: '2025-06-12', delayDays: 2, firstWeek: true }]);
    // the week's cases: the 3 of 09-17 and one background case (09-20)
    expect(inUse.falseAlarms).toEqual([
      {
        week: '2025-09-15',
        placeId: tree.townshipA.id,
        placeName: tree.townshipA.name,
        placeNameEn: tree.townshipA.nameEn,
        alarmDays: 1,
        cases: 4,
      },
    ]);
  });

  it('compares a stricter and a looser threshold and the other methods', async () => {
    const view = await detectionBacktestFor(t.database, epi, { years: 1, diseaseId }, { now: NOW, threads: 0 });
    const variants = view.diseases[0]!.variants;
    const stricter = variants.find((v) => v.kind === 'stricter')!;
    const looser = variants.find((v) => v.kind === 'looser')!;
    expect(stricter).toMatchObject({ knob: { name: 'k', from: 3, to: 4 }, pod: 0.5, fpr: 0, medianDelayDays: 3, falseAlarmWeeks: 0 });
    // k = 2 also finds the school's outbreak in township B, the day before it was reported (delay 0)
    expect(looser).toMatchObject({ knob: { name: 'k', from: 3, to: 2 }, pod: 1, firstWeekPod: 1, fpr: 0.01, alarmWeeks: 3 });
    expect(looser.detections.map((x) => [x.eventKey, x.firstAlarmDay, x.delayDays])).toEqual([
      [`incident:${incidentA}`, '2025-06-12', 2],
      [`alert:${alertB}`, '2025-11-04', 0],
    ]);
    const alternatives = variants.filter((v) => v.kind === 'alternative').map((v) => v.method);
    expect(alternatives).toContain('earsC_C1');
    expect(alternatives).not.toContain('fixedThreshold');
    // a second request replays nothing again: the same counts and setting are answered from the cache
    expect(view.cachedReplays).toBe(view.replays);
  });

  it('respects the scope: a township epidemiologist sees only its series and outbreaks', async () => {
    const view = await detectionBacktestFor(t.database, epiB, { years: 1, diseaseId }, { now: NOW, threads: 0 });
    const d = view.diseases[0]!;
    expect(d.events.map((e) => e.key)).toEqual([`alert:${alertB}`]);
    expect(d.variants.find((v) => v.kind === 'in_use')).toMatchObject({
      places: 1,
      events: 1,
      detected: 0,
      pod: 0,
      quietWeeks: 48,
      fpr: 0,
    });
  });

  it('answers over HTTP (settings list, 400 on a bad window, 403 without assessment.read)', async () => {
    const settings = await client.get('/api/assessment/detection-backtest/settings');
    expect(settings.status).toBe(200);
    expect(settings.body.diseases.find((x: { diseaseId: string }) => x.diseaseId === diseaseId)?.settings).toEqual([
      expect.objectContaining({ method: 'fixedThreshold', level: 'township', places: 2 }),
    ]);
    expect(settings.body.windows.map((w: { years: number }) => w.years)).toEqual([1, 2, 3]);
    const res = await client.get(`/api/assessment/detection-backtest?years=1&diseaseId=${diseaseId}`);
    expect(res.status).toBe(200);
    expect(res.body.diseases[0].variants[0]).toMatchObject({ kind: 'in_use', method: 'fixedThreshold', places: 2 });
    expect((await client.get('/api/assessment/detection-backtest?years=4')).status).toBe(400);
    expect((await client.get('/api/assessment/detection-backtest?diseaseId=nope')).status).toBe(400);
    expect((await volunteer.get('/api/assessment/detection-backtest?years=1')).status).toBe(403);
  });
});

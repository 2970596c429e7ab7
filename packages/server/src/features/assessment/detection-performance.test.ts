/**
 * Detection performance from the district's own records, against hand-computed values on both engines: PPV of the
 * signals, POD of the verified events, FPR over quiet weeks, lead time, per disease and per method, with the
 * records; a place without signals is incomplete (null), never 0; signal records only with signals.read.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppOpenAPI } from '../../platform/http/context.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, type TestClient, testEngines, withTestDb } from '../../test-support/index.ts';
import { alertEvents, alerts } from '../alerts/index.ts';
import { diseases } from '../catalogue/index.ts';
import { signals } from '../detection/index.ts';
import { incidents } from '../incidents/index.ts';
import { atLocal } from '../reports/reports.fixtures.ts';

describe.each(testEngines())('detection performance (%s)', (engine) => {
  const t = withTestDb(engine);
  let app: AppOpenAPI;
  let epi: TestClient;
  let viewer: TestClient;
  let tree: Awaited<ReturnType<typeof buildDistrictTree>>;
  let diseaseId: string;
  let incidentX: string;
  const period = 'from=2025-03-03&to=2025-04-06'; // five district weeks, Monday 03-03 to Sunday 04-06

  beforeAll(async () => {
    const db = t.database.db;
    tree = await buildDistrictTree(t.database);
    const [d] = await db
      .insert(diseases)
      .values({
        code: `dp_${engine}`,
        name: '手足口病测试',
        nameEn: 'HFMD test',
        class: 'C',
        reportDeadlineHours: 24,
        defaultMethod: 'ears_c1',
      })
      .returning();
    diseaseId = d!.id;
    const [a1, a2, a3, a4] = await db
      .insert(alerts)
      .values([
        { diseaseId, jurisdictionId: tree.townshipA.id, status: 'confirmed', title: '甲乡聚集', createdAt: atLocal('2025-03-10', '09:00') },
        { diseaseId, jurisdictionId: tree.townshipA.id, status: 'discarded', title: '误报', createdAt: atLocal('2025-03-19', '09:00') },
        { diseaseId, jurisdictionId: tree.townshipA.id, status: 'verifying', title: '核实中', createdAt: atLocal('2025-03-25', '09:00') },
        // reported by a person in township B: no signal ever alarmed for it
        {
          diseaseId,
          jurisdictionId: tree.townshipB.id,
          status: 'confirmed',
          origin: 'event',
          title: '乙乡学校报告',
          createdAt: atLocal('2025-03-04', '09:00'),
        },
      ])
      .returning();
    await db.insert(alertEvents).values([
      { alertId: a1!.id, kind: 'status', fromStatus: 'verifying', toStatus: 'confirmed', createdAt: atLocal('2025-03-12', '10:00') },
      { alertId: a2!.id, kind: 'status', fromStatus: 'new', toStatus: 'discarded', createdAt: atLocal('2025-03-19', '12:00') },
      { alertId: a4!.id, kind: 'status', fromStatus: 'verifying', toStatus: 'confirmed', createdAt: atLocal('2025-03-05', '16:00') },
    ]);
    const [x] = await db
      .insert(incidents)
      .values({
        title: '甲乡手足口病聚集',
        diseaseId,
        jurisdictionId: tree.townshipA.id,
        alertId: a1!.id,
        startedAt: atLocal('2025-03-08', '00:00'),
        createdAt: atLocal('2025-03-12', '12:00'),
      })
      .returning();
    incidentX = x!.id;
    const signal = (n: number, method: string, place: string, day: string, alertId: string) => ({
      diseaseId,
      jurisdictionId: place,
      kind: 'aberration' as const,
      method,
      periodStart: day,
      periodEnd: day,
      observed: 5,
      alertId,
      dedupeKey: `dp-${engine}-${n}`,
    });
    await db
      .insert(signals)
      .values([
        signal(1, 'ears_c1', tree.townshipA.id, '2025-03-10', a1!.id),
        signal(2, 'cidars_fixed', tree.communityA.id, '2025-03-11', a1!.id),
        signal(3, 'ears_c1', tree.townshipA.id, '2025-03-19', a2!.id),
        signal(4, 'cidars_fixed', tree.townshipA.id, '2025-03-25', a3!.id),
      ]);
    const e = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const v = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.district.id });
    app = createTestApp(t.database);
    epi = await signIn(app, e.user.username, e.password);
    viewer = await signIn(app, v.user.username, v.password);
  });

  it('computes PPV, POD, FPR and lead time by hand, overall and per method', async () => {
    const res = await epi.get(`/api/assessment/detection-performance?${period}`);
    expect(res.status).toBe(200);
    const d = res.body.diseases.find((x: { diseaseId: string }) => x.diseaseId === diseaseId);
    // signals: S1, S2 true (alert confirmed, incident opened); S3 false (discarded); S4 pending (verifying)
    // events: incident X (recognised 03-12, window 02-26…03-12, detected by S1 on 03-10 → 2 days ahead) and the
    // township B alert (confirmed 03-05, no signal): POD 1/2. Weeks W1, W2 touch an event's window; W3 (S3), W4
    // (S4) and W5 are quiet: FPR 2/3.
    expect(d).toMatchObject({
      defaultMethod: 'ears_c1',
      signals: 4,
      trueAlarms: 2,
      falseAlarms: 1,
      pending: 1,
      ppv: 0.667,
      events: 2,
      detected: 1,
      pod: 0.5,
      weeks: 5,
      quietWeeks: 3,
      alarmedQuietWeeks: 2,
      fpr: 0.667,
      medianLeadDays: 2,
    });
    expect(d.methods).toEqual([
      expect.objectContaining({
        method: 'cidars_fixed',
        signals: 2,
        trueAlarms: 1,
        pending: 1,
        ppv: 1,
        pod: 0.5,
        fpr: 0.333,
        medianLeadDays: 1,
      }),
      expect.objectContaining({
        method: 'ears_c1',
        signals: 2,
        trueAlarms: 1,
        falseAlarms: 1,
        ppv: 0.5,
        pod: 0.5,
        fpr: 0.333,
        medianLeadDays: 2,
      }),
    ]);
    expect(d.eventRecords.map((e: { kind: string; detected: boolean; methods: string[] }) => [e.kind, e.detected, e.methods])).toEqual([
      ['alert', false, []],
      ['incident', true, ['cidars_fixed', 'ears_c1']],
    ]);
    expect(d.eventRecords[1]).toMatchObject({ id: incidentX, firstSignalDay: '2025-03-10' });
    expect(d.signalRecords.map((s: { verdict: string }) => s.verdict)).toEqual(['true_alarm', 'true_alarm', 'false_alarm', 'pending']);
  });

  it('a place without signals is incomplete (null PPV), a reader without signals.read gets no signal records', async () => {
    const b = await epi.get(`/api/assessment/detection-performance?${period}&townshipId=${tree.townshipB.id}`);
    const d = b.body.diseases.find((x: { diseaseId: string }) => x.diseaseId === diseaseId);
    expect(d).toMatchObject({ signals: 0, ppv: null, events: 1, detected: 0, pod: 0, medianLeadDays: null });
    const v = await viewer.get(`/api/assessment/detection-performance?${period}`);
    expect(v.status).toBe(200);
    const dv = v.body.diseases.find((x: { diseaseId: string }) => x.diseaseId === diseaseId);
    expect(dv.pod).toBe(0.5);
    expect(dv.signalRecords).toEqual([]);
    expect((await epi.get('/api/assessment/detection-performance?from=2025-04-01&to=2025-03-01')).status).toBe(400);
    expect((await epi.get('/api/assessment/detection-performance?from=2025-02-30&to=2025-03-01')).status).toBe(400);
  });
});

import fc from 'fast-check';
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { districtToday } from '../../platform/time/district-time.ts';
import { buildDistrictTree, buildUser, createTestApp, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { actOnAlert, alerts } from '../alerts/index.ts';
import { caseReports } from '../cases/index.ts';
import { buildConfig, buildDisease, buildFeedType } from '../detection/detection.test-support.ts';
import { incidents } from '../incidents/index.ts';
import { rowsOf } from './exercise-sql.ts';
import { DEMO_EXERCISE_TITLE, seedExercisesDemo } from './exercises.demo.ts';
import { scorecardOf } from './exercises.service.ts';
import { exercises } from './exercises.tables.ts';
import { notificationChannels, notificationDeliveries, notifications } from '../notifications/index.ts';

describe.each(testEngines())('exercises (%s)', (engine) => {
  const t = withTestDb(engine);

  async function world() {
    const tree = await buildDistrictTree(t.database);
    const disease = await buildDisease(t.database);
    await buildConfig(t.database, {
      diseaseId: disease.id,
      jurisdictionId: tree.district.id,
      level: 'township',
      method: 'fixedThreshold',
      parameters: { k: 3, period: 1 },
    });
    const feed = await buildFeedType(t.database);
    await buildConfig(t.database, {
      feedTypeId: feed.id,
      jurisdictionId: tree.district.id,
      level: 'township',
      method: 'fixedThreshold',
      parameters: { k: 20, period: 1 },
    });
    const commander = await buildUser(t.database, { role: 'commander', jurisdictionId: tree.district.id });
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const evaluator = await buildUser(t.database, { role: 'viewer', jurisdictionId: tree.district.id });
    const [realChannel] = await t.database.db
      .insert(notificationChannels)
      .values({
        name: `real-${Math.random()}`,
        kind: 'webhook',
        config: { url: 'https://example.invalid/real', secret: 's' },
        minSeverity: 'info',
      })
      .returning();
    const [testChannel] = await t.database.db
      .insert(notificationChannels)
      .values({
        name: `drill-${Math.random()}`,
        kind: 'webhook',
        config: { url: 'https://example.invalid/drill', secret: 's' },
        minSeverity: 'info',
      })
      .returning();
    const app = createTestApp(t.database);
    return {
      tree,
      disease,
      feed,
      commander,
      epi,
      evaluator,
      realChannel: realChannel!,
      testChannel: testChannel!,
      app,
      cmd: await signIn(app, commander.user.username, commander.password),
      epiClient: await signIn(app, epi.user.username, epi.password),
    };
  }

  /** Every real figure a reader can get: the dashboard's, and the aggregate the reports and public data read. */
  async function realFigures(w: Awaited<ReturnType<typeof world>>) {
    const from = districtToday(new Date(), 30);
    const to = districtToday(new Date());
    const [diseases, townships, alertList, curve] = await Promise.all([
      w.epiClient.get(`/api/dashboard/diseases?from=${from}&to=${to}`),
      w.epiClient.get(`/api/dashboard/townships?from=${from}&to=${to}`),
      w.epiClient.get('/api/dashboard/alerts'),
      w.epiClient.get(`/api/dashboard/curve?diseaseId=${w.disease.id}&from=${from}&to=${to}`),
    ]);
    const [agg] = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT coalesce(sum(count), 0)::int AS n FROM case_daily_counts`));
    const realDeliveries = await t.database.db
      .select({ id: notificationDeliveries.id })
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.channelId, w.realChannel.id));
    return {
      diseases: diseases.body,
      townships: townships.body,
      alerts: alertList.body,
      curve: curve.body?.points ?? curve.body,
      aggregate: agg,
      realDeliveries: realDeliveries.length,
    };
  }

  it('creates and starts through the outside routes; injects raise an alert in exercise mode; scored; closed', async () => {
    const w = await world();
    const before = await realFigures(w);
    const created = await w.cmd.post('/api/exercises', {
      title: '霍乱应急功能演练',
      type: 'functional',
      objectives: ['2 小时内核实预警', '30 分钟内启动响应'],
      scenario: '甲镇出现聚集性腹泻病例',
      jurisdictionId: w.tree.district.id,
      participantTownshipIds: [w.tree.townshipA.id],
      evaluatorIds: [w.evaluator.user.id],
      criticalTasks: [{ key: 'verify', title: '核实预警', titleEn: 'Verify the alert' }],
      scheduledDate: districtToday(),
      testChannelId: w.testChannel.id,
      injects: [
        {
          kind: 'cases',
          offsetMinutes: 0,
          title: '甲镇报告腹泻病例',
          expectedAction: 'alert_verified',
          targetMinutes: 60,
          content: { diseaseId: w.disease.id, townshipId: w.tree.townshipA.id, days: 3, firstDay: 2, growth: 1 },
        },
        { kind: 'message', offsetMinutes: 30, title: '网络传言', content: { text: '网传甲镇水源污染' } },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body.exercise).toBe(true);
    expect(created.body.injects).toHaveLength(2);
    const id = created.body.id;

    // the epidemiologist reads but cannot control
    expect((await w.epiClient.post(`/api/exercises/${id}/start`)).status).toBe(403);
    const started = await w.cmd.post(`/api/exercises/${id}/start`);
    expect(started.status).toBe(200);
    expect(started.body.status).toBe('running');
    const first = started.body.injects[0];
    expect(first.firedAt).not.toBeNull();
    // 2, 4, 8 cases over three days ending today; today's 8 reach the threshold of 3
    expect(first.result.cases).toBe(14);
    expect(first.result.perDay).toEqual([2, 4, 8]);
    expect(started.body.injects[1].firedAt).toBeNull();
    expect(started.body.records.cases).toBe(14);
    expect(started.body.records.alerts).toHaveLength(1);

    const stored = await t.database.db.select().from(caseReports).where(eq(caseReports.exerciseId, id));
    expect(stored).toHaveLength(14);
    expect(new Set(stored.map((c) => c.status))).toEqual(new Set(['exercise']));
    const caseView = await w.epiClient.get(`/api/cases/${stored[0]!.id}`);
    expect(caseView.status).toBe(200);
    expect(caseView.body.exercise).toBe(true);
    expect(caseView.body.exerciseId).toBe(id);

    const alertId = started.body.records.alerts[0].id;
    const alertView = await w.epiClient.get(`/api/alerts/${alertId}`);
    expect(alertView.body.exercise ?? alertView.body.alert?.exercise).toBe(true);

    // outside notifications: only the exercise's test channel; inbox rows marked
    const deliveries = await t.database.db.select().from(notificationDeliveries);
    const exerciseDeliveries = deliveries.filter((d) => (d.payload as { exerciseId?: string }).exerciseId === id);
    expect(exerciseDeliveries.length).toBeGreaterThan(0);
    expect(new Set(exerciseDeliveries.map((d) => d.channelId))).toEqual(new Set([w.testChannel.id]));
    const inbox = await t.database.db.select().from(notifications).where(eq(notifications.userId, w.epi.user.id));
    expect(inbox.length).toBeGreaterThan(0);
    expect(inbox.every((n) => n.exerciseId === id && n.title.startsWith('【演练】') && n.titleEn.startsWith('[EXERCISE]'))).toBe(true);

    // real figures unchanged
    expect(await realFigures(w)).toEqual(before);

    // the epidemiologist verifies: start verification, then risk assessment
    await actOnAlert(t.database, w.epi.principal, alertId, { action: 'start_verification' }, null);
    await actOnAlert(
      t.database,
      w.epi.principal,
      alertId,
      { action: 'assess', hazard: '霍乱', exposure: '甲镇居民', context: '夏季' },
      null,
    );

    const card = await w.cmd.get(`/api/exercises/${id}/scorecard`);
    expect(card.status).toBe(200);
    const verified = card.body.actions.find((a: any) => a.expectedAction === 'alert_verified');
    expect(verified.status).toBe('met');
    expect(verified.minutes).toBeGreaterThanOrEqual(0);
    expect(verified.minutes).toBeLessThan(60);

    // pause, resume, fire the message early, stop
    expect((await w.cmd.post(`/api/exercises/${id}/pause`)).body.status).toBe('paused');
    expect((await w.cmd.post(`/api/exercises/${id}/pause`)).status).toBe(409);
    expect((await w.cmd.post(`/api/exercises/${id}/resume`)).body.status).toBe('running');
    const fired = await w.cmd.post(`/api/exercises/${id}/injects/${created.body.injects[1].id}/fire`);
    expect(fired.status).toBe(200);
    expect(fired.body.injects[1].result.notified).toBeGreaterThan(0);
    expect((await w.cmd.post(`/api/exercises/${id}/injects/${created.body.injects[1].id}/fire`)).status).toBe(409);
    expect((await w.cmd.post(`/api/exercises/${id}/stop`)).body.status).toBe('stopped');

    // ratings: only the named evaluator
    expect((await w.cmd.put(`/api/exercises/${id}/ratings/verify`, { rating: 'P' })).status).toBe(403);
    const evalClient = await signIn(w.app, w.evaluator.user.username, w.evaluator.password);
    const rated = await evalClient.put(`/api/exercises/${id}/ratings/verify`, { rating: 'S', notes: '核实及时，但未及时采样' });
    expect(rated.status).toBe(200);
    expect(rated.body.criticalTasks[0].consensus).toBe('S');
    expect((await evalClient.put(`/api/exercises/${id}/ratings/unknown`, { rating: 'P' })).status).toBe(404);
    expect((await evalClient.put(`/api/exercises/${id}/ratings/verify`, { rating: 'X' })).status).toBe(400);

    // the after-action report
    const pdf = await w.cmd.request(`/api/exercises/${id}/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');

    // the review drafted in the assessment area
    const review = await w.cmd.post(`/api/exercises/${id}/review`);
    expect(review.status).toBe(201);
    const reviewView = await w.cmd.get(`/api/assessment/reviews/${review.body.reviewId}`);
    expect(reviewView.status).toBe(200);
    expect(reviewView.body.exerciseName).toBe('霍乱应急功能演练');
    expect(reviewView.body.wentWell).toContain('预警核实');
    expect((await w.cmd.post(`/api/exercises/${id}/review`)).status).toBe(409);

    // closing archives the live records
    const closed = await w.cmd.post(`/api/exercises/${id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    const [alertAfter] = await t.database.db.select().from(alerts).where(eq(alerts.id, alertId));
    expect(alertAfter!.status).toBe('closed');
    expect((await w.cmd.patch(`/api/exercises/${id}`, { title: 'x' })).status).toBe(409);
    expect(await realFigures(w)).toEqual(before);
  });

  it('seeds the demo exercise once, with a scorecard computed from its records (hand-computed times)', async () => {
    const tree = await buildDistrictTree(t.database);
    for (const [username, role] of [
      ['commander', 'commander'],
      ['epidemiologist', 'epidemiologist'],
      ['leader', 'commander'],
      ['viewer', 'viewer'],
    ] as const) {
      await buildUser(t.database, { username, role, jurisdictionId: tree.district.id });
    }
    const ctx = { districtId: tree.district.id, seed: 1, now: new Date() };
    await seedExercisesDemo(t.database, ctx);
    await seedExercisesDemo(t.database, ctx);
    const rows = await t.database.db.select().from(exercises).where(eq(exercises.title, DEMO_EXERCISE_TITLE));
    expect(rows).toHaveLength(1);
    const card = await scorecardOf(t.database.db, rows[0]!);
    // fired at 0, verified at +38: 38 ≤ 60; fired at +30 (clock 30), opened at +82 (clock 77, a 5-minute pause at
    // +40): 47 > 45; fired at +75 (clock 70), level at +100 (clock 95): 25 ≤ 30
    expect(card.actions.filter((a) => a.status !== 'not_timed').map((a) => [a.expectedAction, a.minutes, a.status])).toEqual([
      ['alert_verified', 38, 'met'],
      ['incident_opened', 47, 'late'],
      ['level_activated', 25, 'met'],
    ]);
    expect(card.criticalTasks.map((c) => c.consensus)).toEqual(['P', 'S', 'M']);
    const [{ n }] = rowsOf<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM case_daily_counts`)) as [
      { n: number },
    ];
    expect(Number(n)).toBe(0);
  });

  it('validates the plan (area, references, inject content) with field paths', async () => {
    const w = await world();
    const other = await buildDistrictTree(t.database);
    const bad = await w.cmd.post('/api/exercises', {
      title: 'x',
      type: 'drill',
      jurisdictionId: w.tree.district.id,
      scheduledDate: districtToday(),
      injects: [
        {
          kind: 'cases',
          offsetMinutes: 0,
          title: 'a',
          content: { diseaseId: w.disease.id, townshipId: other.townshipA.id, days: 2, firstDay: 1, growth: 0 },
        },
      ],
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('injects.0.content.townshipId');
    const wrongType = await w.cmd.post('/api/exercises', {
      title: 'x',
      type: 'game',
      jurisdictionId: w.tree.district.id,
      scheduledDate: '2026-02-30',
    });
    expect(wrongType.status).toBe(400);
    const tooMany = await w.cmd.post('/api/exercises', {
      title: 'x',
      type: 'drill',
      jurisdictionId: w.tree.district.id,
      scheduledDate: districtToday(),
      injects: [
        {
          kind: 'cases',
          offsetMinutes: 0,
          title: 'a',
          content: { diseaseId: w.disease.id, townshipId: w.tree.townshipA.id, days: 28, firstDay: 50, growth: 1 },
        },
      ],
    });
    expect(tooMany.status).toBe(400);
    // outside the caller's area: 404 for reading
    const outsider = await buildUser(t.database, { role: 'commander', jurisdictionId: other.district.id });
    const created = await w.cmd.post('/api/exercises', {
      title: 'y',
      type: 'tabletop',
      jurisdictionId: w.tree.district.id,
      scheduledDate: districtToday(),
    });
    const client = await signIn(w.app, outsider.user.username, outsider.password);
    expect((await client.get(`/api/exercises/${created.body.id}`)).status).toBe(404);
    expect((await client.post(`/api/exercises/${created.body.id}/start`)).status).toBe(404);
  });

  it('property: no exercise record changes a real figure, and nothing leaves but by the test channel', async () => {
    const w = await world();
    const before = await realFigures(w);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          kind: fc.constantFrom('cases', 'feed', 'message'),
          days: fc.integer({ min: 1, max: 4 }),
          firstDay: fc.integer({ min: 0, max: 6 }),
          growth: fc.double({ min: 0, max: 1.5, noNaN: true }),
          township: fc.constantFrom('A', 'B'),
          withTestChannel: fc.boolean(),
        }),
        async (p) => {
          runs++;
          const townshipId = p.township === 'A' ? w.tree.townshipA.id : w.tree.townshipB.id;
          const content =
            p.kind === 'cases'
              ? { diseaseId: w.disease.id, townshipId, days: p.days, firstDay: p.firstDay, growth: p.growth }
              : p.kind === 'feed'
                ? { feedTypeId: w.feed.id, townshipId, days: p.days, firstDay: p.firstDay * 10, growth: p.growth }
                : { text: `演练消息 ${runs}` };
          const created = await w.cmd.post('/api/exercises', {
            title: `演练 ${runs}`,
            type: 'drill',
            jurisdictionId: w.tree.district.id,
            scheduledDate: districtToday(),
            testChannelId: p.withTestChannel ? w.testChannel.id : null,
            injects: [{ kind: p.kind, offsetMinutes: 0, title: 'inject', content }],
          });
          expect(created.status).toBe(201);
          const started = await w.cmd.post(`/api/exercises/${created.body.id}/start`);
          expect(started.status).toBe(200);
          // the alerts it raised are the exercise's
          for (const a of started.body.records.alerts) {
            const [row] = await t.database.db.select().from(alerts).where(eq(alerts.id, a.id));
            expect(row!.exerciseId).toBe(created.body.id);
          }
          const deliveries = (await t.database.db.select().from(notificationDeliveries)).filter(
            (d) => (d.payload as { exerciseId?: string }).exerciseId === created.body.id,
          );
          if (!p.withTestChannel) expect(deliveries).toHaveLength(0);
          else expect(deliveries.every((d) => d.channelId === w.testChannel.id)).toBe(true);
          expect(await realFigures(w)).toEqual(before);
          await w.cmd.post(`/api/exercises/${created.body.id}/stop`);
          await w.cmd.post(`/api/exercises/${created.body.id}/close`);
          expect(await realFigures(w)).toEqual(before);
        },
      ),
      { numRuns: 4, seed: 19 },
    );
    // no real incident was ever opened
    const real = await t.database.db
      .select()
      .from(incidents)
      .where(and(sql`${incidents.exerciseId} IS NULL`));
    expect(real).toHaveLength(0);
  });
});

import { and, asc, eq } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { describe, expect, it } from 'vitest';
import { mpm } from '@outbreak/surveillance';
import { buildDistrictTree, buildUser, createTestApp, memoryLogger, signIn, testEngines, withTestDb } from '../../test-support/index.ts';
import { addDays } from './detection.counts.ts';
import { handleDetectionDaily } from './detection.jobs.ts';
import { isoDates } from './detection.methods.ts';
import { detectionConfigs, detectionRuns } from './detection.tables.ts';
import { signals } from './signals.tables.ts';
import { buildDisease, insertDailyCases, seasonalCounts } from './detection.test-support.ts';

async function auditRecords(database: Database, id: string): Promise<string[]> {
  const rows = await database.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.entityType, 'detection_config'), eq(auditLog.entityId, id)))
    .orderBy(asc(auditLog.seq));
  return rows.map((r) => r.action);
}

describe.each(testEngines())('detection API (%s)', (engine) => {
  const t = withTestDb(engine);

  async function setup() {
    const tree = await buildDistrictTree(t.database);
    const epi = await buildUser(t.database, { role: 'epidemiologist', jurisdictionId: tree.district.id });
    const townA = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipA.id });
    const townB = await buildUser(t.database, { role: 'township_officer', jurisdictionId: tree.townshipB.id });
    const app = createTestApp(t.database);
    return {
      tree,
      app,
      epi: await signIn(app, epi.user.username, epi.password),
      epiPrincipal: epi.principal,
      townA: await signIn(app, townA.user.username, townA.password),
      townB: await signIn(app, townB.user.username, townB.password),
    };
  }

  it('creates settings from the catalogue defaults and refuses bad ones naming the field', async () => {
    const { tree, epi, townA } = await setup();
    const disease = await buildDisease(t.database, { defaultMethod: 'cidars_mpm', defaultParams: { p: 0.75 } });

    const created = await epi.post('/api/detection/configs', {
      diseaseId: disease.id,
      jurisdictionId: tree.district.id,
      level: 'township',
    });
    expect(created.status).toBe(201);
    expect(created.body.method).toBe('mpm');
    expect(created.body.parameters).toEqual({ years: 3, halfWindow: 2, p: 0.75, minCount: 1, periodLength: 7 });
    expect(created.body.schedule).toBe('0 22 * * *');
    expect(created.body.dateBasis).toBe('onset');
    expect(created.body.nextRunAt).toMatch(/T22:00:00.000Z$/);
    expect(created.body.subject.nameEn).toBe(disease.nameEn);

    const bad = async (body: Record<string, unknown>, path: string, status = 400) => {
      const res = await epi.post('/api/detection/configs', {
        diseaseId: disease.id,
        jurisdictionId: tree.district.id,
        level: 'district',
        ...body,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      if (status === 400) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    };
    await bad({ method: 'nope' }, 'method');
    await bad({ method: 'mpm', parameters: { p: 1.5 } }, 'parameters.p');
    await bad({ method: 'mpm', parameters: { percentile: 0.8 } }, 'parameters.percentile');
    await bad({ method: 'earsC_C3', parameters: { alpha: 'x' } }, 'parameters.alpha');
    await bad({ method: 'mpm', parameters: { years: 20 } }, 'parameters');
    await bad({ method: 'scan' }, 'level');
    await bad({ method: 'mpm', schedule: '61 * * * *' }, 'schedule');
    await bad({ method: 'mpm', extra: 1 }, 'extra');
    await bad({ method: 'mpm', level: 'township', jurisdictionId: tree.townshipA.id }, 'level');
    // The same disease, place, level and method twice.
    await bad({ level: 'township', method: 'mpm' }, '', 409);

    // A township officer reads the district's settings that cover the township, but may not change them.
    const list = await townA.get('/api/detection/configs');
    expect(list.status).toBe(200);
    expect(list.body.items.map((c: { id: string }) => c.id)).toContain(created.body.id);
    expect(
      (
        await townA.post('/api/detection/configs', {
          diseaseId: disease.id,
          jurisdictionId: tree.townshipA.id,
          level: 'district',
          method: 'mpm',
        })
      ).status,
    ).toBe(403);

    const patched = await epi.patch(`/api/detection/configs/${created.body.id}`, { parameters: { p: 0.9 }, enabled: false });
    expect(patched.status).toBe(200);
    expect(patched.body.parameters.p).toBe(0.9);
    expect(patched.body.enabled).toBe(false);
    expect(patched.body.nextRunAt).toBeNull();
    const switched = await epi.patch(`/api/detection/configs/${created.body.id}`, { method: 'earsC_C3' });
    expect(switched.body.parameters).toEqual({ baseline: 7, minSigma: 0, alpha: 0.025 });
    expect((await epi.patch(`/api/detection/configs/${created.body.id}`, { parameters: { baseline: 1 } })).body.error.details[0].path).toBe(
      'parameters.baseline',
    );

    const audits = await auditRecords(t.database, created.body.id);
    expect(audits).toEqual(['create', 'update', 'update']);
    expect((await epi.delete(`/api/detection/configs/${created.body.id}`)).status).toBe(204);
    expect((await epi.get(`/api/detection/configs/${created.body.id}`)).status).toBe(404);
  });

  it('runs now, lists runs and signals within scope, and explains a signal', async () => {
    const { tree, epi, townA, townB } = await setup();
    const disease = await buildDisease(t.database);
    const asOf = '2026-06-30';
    const n = 3 * 366 + 60;
    const start = addDays(asOf, -(n - 1));
    const counts = seasonalCounts(n, 2, 3);
    for (let i = n - 7; i < n; i++) counts[i] = counts[i]! + 8;
    await insertDailyCases(t.database, { diseaseId: disease.id, jurisdictionId: tree.communityA.id, start, counts });
    const config = (
      await epi.post('/api/detection/configs', {
        diseaseId: disease.id,
        jurisdictionId: tree.district.id,
        level: 'township',
        method: 'mpm',
      })
    ).body;

    expect((await townA.post('/api/detection/runs', { asOf })).status).toBe(403);
    expect((await epi.post('/api/detection/runs', { asOf: '2999-01-01' })).status).toBe(400);
    const run = await epi.post('/api/detection/runs', { asOf, configIds: [config.id] });
    expect(run.status).toBe(201);
    expect(run.body.trigger).toBe('manual');
    expect(run.body.status).toBe('succeeded');
    expect(run.body.signalsCreated).toBe(1);
    const again = await epi.post('/api/detection/runs', { asOf, configIds: [config.id] });
    expect(again.body.signalsCreated).toBe(0);

    const runs = await townA.get('/api/detection/runs');
    expect(runs.body.items.map((r: { id: string }) => r.id).slice(0, 2)).toEqual([again.body.id, run.body.id]);

    const seen = await townA.get(`/api/signals?diseaseId=${disease.id}`);
    expect(seen.body.total).toBe(1);
    const signal = seen.body.items[0];
    expect(signal.jurisdictionId).toBe(tree.townshipA.id);
    expect(signal.jurisdictionNameEn).toBe(tree.townshipA.nameEn);
    expect(signal.alertId).not.toBeNull();
    expect(signal.alertCode).toMatch(/^A\d{4}-\d{4}$/);
    expect((await townB.get(`/api/signals?diseaseId=${disease.id}`)).body.total).toBe(0);
    expect((await townB.get(`/api/signals/${signal.id}`)).status).toBe(404);
    expect((await epi.get(`/api/signals?jurisdictionId=${tree.townshipB.id}`)).body.total).toBe(0);
    expect((await epi.get(`/api/signals?kind=cluster&diseaseId=${disease.id}`)).body.total).toBe(0);
    expect((await epi.get(`/api/signals?from=${asOf}&to=${asOf}&diseaseId=${disease.id}`)).body.total).toBe(1);

    const detail = await townA.get(`/api/signals/${signal.id}`);
    expect(detail.status).toBe(200);
    const dates = isoDates(asOf, n, 1);
    const direct = mpm({ observed: counts, dates, frequency: 365, start: dates[0]!, epochAsDate: true }, { range: [n, n] }).points[0]!;
    expect(detail.body.observed).toBe(direct.observed);
    expect(detail.body.threshold).toBeCloseTo(direct.upperbound!, 12);
    expect(detail.body.explanation.baseline.values).toHaveLength(15);
    expect(detail.body.explanation.parameters.p).toBe(0.8);
  });

  it('back-tests a method over past weeks without writing anything', async () => {
    const { tree, epi, townB } = await setup();
    const disease = await buildDisease(t.database);
    const n = 5 * 365;
    const start = '2021-01-04'; // a Monday
    const counts = seasonalCounts(n, 3, 17);
    await insertDailyCases(t.database, { diseaseId: disease.id, jurisdictionId: tree.communityA.id, start, counts });
    const before = (await t.database.db.select().from(signals)).length;

    const body = {
      diseaseId: disease.id,
      jurisdictionId: tree.townshipA.id,
      method: 'mpm',
      parameters: { years: 3, halfWindow: 2, p: 0.8 },
      from: '2025-01-06',
      to: '2025-12-28',
      step: 'week',
    };
    const res = await epi.post('/api/detection/backtest', body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.step).toBe('week');
    expect(res.body.periods).toHaveLength(51);
    expect(res.body.periods[0].start).toBe('2025-01-06');
    expect(res.body.periods[0].end).toBe('2025-01-12');
    // Week 1 of 2025 is the sum of its 7 days.
    const offset = (Date.parse('2025-01-06') - Date.parse(start)) / 86_400_000;
    expect(res.body.periods[0].observed).toBe(counts.slice(offset, offset + 7).reduce((a, b) => a + b, 0));
    const alarms = res.body.periods.filter((p: { alarm: boolean }) => p.alarm).length;
    expect(res.body.alarms).toBe(alarms);
    expect(res.body.alarmsByYear).toEqual([{ year: 2025, alarms, periods: 51 }]);
    for (const p of res.body.periods) if (p.alarm) expect(p.observed).toBeGreaterThan(p.threshold);

    // A higher percentile never alarms more often.
    const strict = await epi.post('/api/detection/backtest', { ...body, parameters: { years: 3, halfWindow: 2, p: 0.95 } });
    expect(strict.body.alarms).toBeLessThanOrEqual(alarms);

    const daily = await epi.post('/api/detection/backtest', { ...body, step: 'day', from: '2025-06-01', to: '2025-06-30' });
    expect(daily.body.periods).toHaveLength(30);
    expect(daily.body.periods[0].start).toBe('2025-05-26');
    expect(daily.body.periods[0].end).toBe('2025-06-01');

    expect((await epi.post('/api/detection/backtest', { ...body, parameters: { p: 2 } })).body.error.details[0].path).toBe('parameters.p');
    expect((await epi.post('/api/detection/backtest', { ...body, method: 'scan' })).body.error.details[0].path).toBe('method');
    expect((await epi.post('/api/detection/backtest', { ...body, to: '2024-01-01' })).body.error.details[0].path).toBe('to');
    expect((await townB.post('/api/detection/backtest', body)).status).toBe(404);
    expect((await t.database.db.select().from(signals)).length).toBe(before);
  });

  it('the detection.daily job runs each setting once per firing of its schedule', async () => {
    const { tree, epiPrincipal } = await setup();
    void epiPrincipal;
    const disease = await buildDisease(t.database);
    const [config] = await t.database.db
      .insert(detectionConfigs)
      .values({
        diseaseId: disease.id,
        jurisdictionId: tree.district.id,
        level: 'district',
        method: 'fixedThreshold',
        parameters: { k: 1, period: 1 },
        schedule: '0 22 * * *',
        createdAt: new Date('2026-06-01T00:00:00Z'),
      })
      .returning();
    await insertDailyCases(t.database, { diseaseId: disease.id, jurisdictionId: tree.communityB.id, start: '2026-06-29', counts: [2] });
    const deps = { database: t.database, log: memoryLogger() };

    // 22:05 UTC on 29 June = 06:05 on 30 June in China: evaluates 29 June.
    await handleDetectionDaily(deps, new Date('2026-06-29T22:05:00Z'));
    const runs = await t.database.db.select().from(detectionRuns).where(eq(detectionRuns.trigger, 'schedule'));
    const mine = runs.filter((r) => r.configIds?.includes(config!.id));
    expect(mine).toHaveLength(1);
    expect(mine[0]!.asOf).toBe('2026-06-29');
    expect(mine[0]!.signalsCreated).toBe(1);
    const [sig] = await t.database.db.select().from(signals).where(eq(signals.runId, mine[0]!.id));
    expect(sig!.observed).toBe(2);
    expect(sig!.threshold).toBe(1);
    expect((sig!.explanation as { rule: string }).rule).toBe('reaches');
    expect(deps.log.lines.some((l) => l.includes('detection run'))).toBe(true);

    // Ten minutes later nothing is due; the next day's firing runs again.
    await handleDetectionDaily(deps, new Date('2026-06-29T22:15:00Z'));
    await handleDetectionDaily(deps, new Date('2026-06-30T22:05:00Z'));
    const after = (await t.database.db.select().from(detectionRuns).where(eq(detectionRuns.trigger, 'schedule'))).filter((r) =>
      r.configIds?.includes(config!.id),
    );
    expect(after.map((r) => r.asOf).sort()).toEqual(['2026-06-29', '2026-06-30']);
  });
});

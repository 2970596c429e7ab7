import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { earsC, findMethod, mpm } from '@outbreak/surveillance';
import { buildDistrictTree, testEngines, withTestDb } from '../../test-support/index.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { alerts } from '../alerts/alerts.tables.ts';
import { addDays, readDailySeries } from './detection.counts.ts';
import { isoDates } from './detection.methods.ts';
import { runDetection } from './detection.run.ts';
import { detectionRuns } from './detection.tables.ts';
import { signals } from './signals.tables.ts';
import { buildConfig, buildDisease, buildFeedType, insertDailyCases, insertFeedCounts, seasonalCounts } from './detection.test-support.ts';

const AS_OF = '2026-06-30';

describe.each(testEngines())('detection runs (%s)', (engine) => {
  const t = withTestDb(engine);

  it('gives the thresholds and alarms of @outbreak/surveillance, explains them, and re-runs idempotently', async () => {
    const tree = await buildDistrictTree(t.database);
    const disease = await buildDisease(t.database);
    const n = 3 * 366 + 60;
    const start = addDays(AS_OF, -(n - 1));
    const countsA = seasonalCounts(n, 2, 7);
    // An outbreak in township A over the last week.
    for (let i = n - 7; i < n; i++) countsA[i] = countsA[i]! + 6;
    const countsB = seasonalCounts(n, 1, 11);
    await insertDailyCases(t.database, { diseaseId: disease.id, jurisdictionId: tree.communityA.id, start, counts: countsA });
    await insertDailyCases(t.database, { diseaseId: disease.id, jurisdictionId: tree.communityB.id, start, counts: countsB });
    const config = await buildConfig(t.database, {
      diseaseId: disease.id,
      jurisdictionId: tree.district.id,
      level: 'township',
      method: 'mpm',
      parameters: { years: 3, halfWindow: 2, p: 0.8, minCount: 1, periodLength: 7 },
    });

    const run = await runDetection(t.database, { asOf: AS_OF, trigger: 'manual', configIds: [config.id], threads: 0 });
    expect(run.status).toBe('succeeded');
    expect(run.seriesEvaluated).toBe(2);

    // The same series straight through the library.
    const dates = isoDates(AS_OF, n, 1);
    const direct = mpm({ observed: countsA, dates, frequency: 365, start: dates[0]!, epochAsDate: true }, { range: [n, n] }).points[0]!;
    expect(direct.alarm).toBe(true);
    const stored = await t.database.db.select().from(signals).where(eq(signals.runId, run.id));
    const a = stored.find((s) => s.jurisdictionId === tree.townshipA.id)!;
    expect(a).toBeDefined();
    expect(a.observed).toBe(direct.observed);
    expect(a.threshold).toBeCloseTo(direct.upperbound!, 12);
    expect(a.periodStart).toBe(addDays(AS_OF, -6));
    expect(a.periodEnd).toBe(AS_OF);
    const directB = mpm({ observed: countsB, dates, frequency: 365, start: dates[0]!, epochAsDate: true }, { range: [n, n] }).points[0]!;
    expect(stored.some((s) => s.jurisdictionId === tree.townshipB.id)).toBe(directB.alarm === true);
    expect(run.signalsCreated).toBe(stored.length);

    // What explains it: the 15 baseline period sums, the rule, the method and its parameters, the date basis.
    const why = a.explanation as any;
    expect(why.method).toBe('mpm');
    expect(why.parameters).toEqual({ years: 3, halfWindow: 2, p: 0.8, minCount: 1, periodLength: 7 });
    expect(why.dateBasis).toBe('onset');
    expect(why.rule).toBe('exceeds');
    expect(why.observed).toBe(direct.observed);
    expect(why.threshold).toBeCloseTo(direct.upperbound!, 12);
    expect(why.baseline.kind).toBe('periods');
    expect(why.baseline.values).toHaveLength(15);
    // P80 (type 7) of the baseline sums is the threshold.
    const sums = (why.baseline.values as Array<{ value: number }>).map((v) => v.value).sort((x, y) => x - y);
    const h = (sums.length - 1) * 0.8;
    expect(sums[Math.floor(h)]! + (h - Math.floor(h)) * (sums[Math.ceil(h)]! - sums[Math.floor(h)]!)).toBeCloseTo(a.threshold!, 12);
    // The baseline periods are 7-day sums of the same calendar weeks in 2023–2025.
    const first = why.baseline.values[0];
    expect(first.start).toBe(addDays(first.end, -6));
    expect(first.end.slice(0, 4)).toBe('2023');
    expect(why.recent.dates.at(-1)).toBe(AS_OF);
    expect(why.recent.counts.at(-1)).toBe(countsA[n - 1]);

    // The intake opened an alert that absorbed the signal, in the same transaction.
    expect(a.alertId).not.toBeNull();
    const [alert] = await t.database.db.select().from(alerts).where(eq(alerts.id, a.alertId!));
    expect(alert!.jurisdictionId).toBe(tree.townshipA.id);
    expect(run.alertsCreated).toBeGreaterThanOrEqual(1);

    // Same day again: nothing new.
    const again = await runDetection(t.database, { asOf: AS_OF, trigger: 'manual', configIds: [config.id], threads: 0 });
    expect(again.status).toBe('succeeded');
    expect(again.signalsCreated).toBe(0);
    expect(again.alertsCreated).toBe(0);
    const all = await t.database.db.select().from(signals).where(eq(signals.diseaseId, disease.id));
    expect(all).toHaveLength(stored.length);
  });

  it('computes in worker threads with the same result, and evaluates the district level and feeds', async () => {
    const tree = await buildDistrictTree(t.database);
    const disease = await buildDisease(t.database);
    const feed = await buildFeedType(t.database);
    const n = 60;
    const start = addDays(AS_OF, -(n - 1));
    const cases = seasonalCounts(n, 3, 5);
    cases[n - 1] = 25;
    await insertDailyCases(t.database, { diseaseId: disease.id, jurisdictionId: tree.communityA.id, start, counts: cases });
    const visits = seasonalCounts(n, 40, 9);
    visits[n - 1] = 120;
    await insertFeedCounts(t.database, { feedTypeId: feed.id, jurisdictionId: tree.townshipB.id, start, counts: visits });
    const c1 = await buildConfig(t.database, {
      diseaseId: disease.id,
      jurisdictionId: tree.district.id,
      level: 'district',
      method: 'earsC_C1',
      parameters: { baseline: 7, minSigma: 0, alpha: 0.001 },
    });
    const c2 = await buildConfig(t.database, {
      feedTypeId: feed.id,
      jurisdictionId: tree.district.id,
      level: 'township',
      method: 'earsC_C1',
      parameters: { baseline: 7, minSigma: 0, alpha: 0.001 },
    });

    const run = await runDetection(t.database, { asOf: AS_OF, trigger: 'manual', configIds: [c1.id, c2.id], threads: 2 });
    expect(run.status).toBe('succeeded');
    expect(run.seriesEvaluated).toBe(3);
    const stored = await t.database.db.select().from(signals).where(eq(signals.runId, run.id));
    const district = stored.find((s) => s.diseaseId === disease.id)!;
    expect(district.jurisdictionId).toBe(tree.district.id);
    const direct = earsC({ observed: cases, frequency: 365, start: [2026, 1] }, { method: 'C1', range: [n, n] }).points[0]!;
    expect(district.threshold).toBeCloseTo(direct.upperbound!, 10);
    expect((district.explanation as any).baseline.values.map((v: any) => v.value)).toEqual(cases.slice(n - 8, n - 1));
    const feedSignal = stored.find((s) => s.feedTypeId === feed.id)!;
    expect(feedSignal.jurisdictionId).toBe(tree.townshipB.id);
    expect(feedSignal.observed).toBe(120);
  });

  it('evaluates a setting without any cases quietly (no signals, details recorded)', async () => {
    const tree = await buildDistrictTree(t.database);
    const disease = await buildDisease(t.database);
    const config = await buildConfig(t.database, {
      diseaseId: disease.id,
      jurisdictionId: tree.district.id,
      level: 'township',
      method: 'earsC_C3',
      parameters: { baseline: 7, minSigma: 0, alpha: 0.025 },
    });
    const run = await runDetection(t.database, { asOf: AS_OF, trigger: 'manual', configIds: [config.id], threads: 0 });
    expect(run.status).toBe('succeeded');
    expect(run.seriesEvaluated).toBe(2);
    expect(run.signalsCreated).toBe(0);
    const [row] = await t.database.db.select().from(detectionRuns).where(eq(detectionRuns.id, run.id));
    expect(row!.details[0]!.configId).toBe(config.id);
  });

  it('stores space-time clusters with their townships, radius, window, LLR, p-value and recurrence interval', async () => {
    const tree = await buildDistrictTree(t.database);
    // Three more townships with centroids, so the scan has a map.
    const extra = [];
    for (const [i, centroid] of (
      [
        [106.62, 29.41],
        [106.66, 29.43],
        [106.7, 29.45],
      ] as const
    ).entries()) {
      const [row] = await t.database.db
        .insert(jurisdictions)
        .values({
          level: 'township',
          parentId: tree.district.id,
          code: `S${i}${Date.now() % 100000}`,
          name: `镇${i}`,
          nameEn: `Town ${i}`,
          centroid: [centroid[0], centroid[1]],
        })
        .returning();
      extra.push(row!);
    }
    await t.database.db
      .update(jurisdictions)
      .set({ centroid: [106.5, 29.35] })
      .where(eq(jurisdictions.id, tree.townshipA.id));
    await t.database.db
      .update(jurisdictions)
      .set({ centroid: [106.56, 29.38] })
      .where(eq(jurisdictions.id, tree.townshipB.id));
    const disease = await buildDisease(t.database);
    const n = 60;
    const start = addDays(AS_OF, -(n - 1));
    for (const [k, place] of [tree.communityA, tree.communityB, ...extra].entries()) {
      const counts = seasonalCounts(n, 1.5, 20 + k);
      if (k === 2) for (let i = n - 3; i < n; i++) counts[i] = counts[i]! + 12; // a cluster in town 0 over 3 days
      await insertDailyCases(t.database, { diseaseId: disease.id, jurisdictionId: place.id, start, counts });
    }
    const config = await buildConfig(t.database, {
      diseaseId: disease.id,
      jurisdictionId: tree.district.id,
      level: 'township',
      method: 'scan',
      parameters: { maxTemporalDays: 7, maxSpatialShare: 0.5, replications: 199, seed: 42, alpha: 0.05, studyDays: 60, minCases: 2 },
    });
    const run = await runDetection(t.database, { asOf: AS_OF, trigger: 'manual', configIds: [config.id], threads: 0 });
    expect(run.status).toBe('succeeded');
    const stored = await t.database.db.select().from(signals).where(eq(signals.runId, run.id));
    expect(stored.length).toBeGreaterThanOrEqual(1);
    const cluster = stored[0]!;
    expect(cluster.kind).toBe('cluster');
    expect(cluster.periodEnd).toBe(AS_OF);
    const why = (cluster.explanation as any).cluster;
    expect(why.locations.map((l: any) => l.id)).toContain(extra[0]!.id);
    expect(why.locations[0].id).toBe(cluster.jurisdictionId);
    expect(why.locations[0].name).toBeTruthy();
    expect(why.pValue).toBeLessThan(0.05);
    expect(why.llr).toBeGreaterThan(0);
    expect(why.recurrenceInterval.days).toBeCloseTo(1 / why.pValue, 6);
    expect(why.window.end).toBe(AS_OF);
    expect(typeof why.radiusKm).toBe('number');
    expect(cluster.observed).toBe(why.observed);
    // Same seed, same data: the re-run finds the same clusters and stores nothing new.
    const again = await runDetection(t.database, { asOf: AS_OF, trigger: 'manual', configIds: [config.id], threads: 0 });
    expect(again.signalsCreated).toBe(0);
  });

  it('reads township series from the subtree of each township, on the report basis too', async () => {
    const tree = await buildDistrictTree(t.database);
    const disease = await buildDisease(t.database);
    await insertDailyCases(t.database, {
      diseaseId: disease.id,
      jurisdictionId: tree.communityA.id,
      start: '2026-06-01',
      counts: [1, 2, 3],
    });
    await insertDailyCases(t.database, { diseaseId: disease.id, jurisdictionId: tree.townshipB.id, start: '2026-06-01', counts: [4] });
    const area = { id: tree.district.id, name: '', nameEn: '', path: tree.district.path, level: 'district', centroid: null };
    const onset = await readDailySeries(t.database.db, {
      subject: { diseaseId: disease.id },
      area,
      level: 'township',
      dateBasis: 'onset',
      from: '2026-06-01',
      to: '2026-06-04',
    });
    expect(Array.from(onset.counts.get(tree.townshipA.id)!)).toEqual([1, 2, 3, 0]);
    expect(Array.from(onset.counts.get(tree.townshipB.id)!)).toEqual([4, 0, 0, 0]);
    // Reported the next day (01:00 UTC = 09:00 China time).
    const report = await readDailySeries(t.database.db, {
      subject: { diseaseId: disease.id },
      area,
      level: 'district',
      dateBasis: 'report',
      from: '2026-06-01',
      to: '2026-06-04',
    });
    expect(Array.from(report.counts.get(tree.district.id)!)).toEqual([0, 5, 2, 3]);
  });

  it('keeps the registry method names the catalogue uses', () => {
    expect(findMethod('mpm')?.name).toBe('mpm');
  });
});

import { and, eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrictTree, testEngines, withTestDb } from '../../test-support/index.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { addDays } from './detection.counts.ts';
import { seedDetectionDemo } from './detection.demo.ts';
import { detectionConfigs, detectionRuns } from './detection.tables.ts';
import { signals } from './signals.tables.ts';
import { insertDailyCases, seasonalCounts } from './detection.test-support.ts';

describe.each(testEngines())('detection demo (%s)', (engine) => {
  const t = withTestDb(engine);

  it('creates default settings and a demo run with signals, once', async () => {
    const tree = await buildDistrictTree(t.database);
    await t.database.db
      .update(jurisdictions)
      .set({ centroid: [106.5, 29.35] })
      .where(eq(jurisdictions.id, tree.townshipA.id));
    await t.database.db
      .update(jurisdictions)
      .set({ centroid: [106.56, 29.38] })
      .where(eq(jurisdictions.id, tree.townshipB.id));
    // The catalogue (migration 0010) has HFMD with CIDARS MPM; five years of it with an outbreak this week.
    const [hfmd] = await t.database.db.select().from(diseases).where(eq(diseases.code, 'hfmd'));
    const now = new Date('2026-06-30T04:00:00Z'); // 12:00 in China
    const n = 3 * 366 + 60;
    const start = addDays('2026-06-30', -(n - 1));
    const counts = seasonalCounts(n, 1, 4);
    for (let i = n - 7; i < n; i++) counts[i] = counts[i]! + 5;
    await insertDailyCases(t.database, { diseaseId: hfmd!.id, jurisdictionId: tree.communityA.id, start, counts });

    await seedDetectionDemo(t.database, { districtId: tree.district.id, seed: 1, now });
    const configs = await t.database.db.select().from(detectionConfigs).where(eq(detectionConfigs.jurisdictionId, tree.district.id));
    const forHfmd = configs.filter((c) => c.diseaseId === hfmd!.id);
    expect(forHfmd.map((c) => `${c.level}:${c.method}`).sort()).toEqual(['district:mpm', 'township:mpm', 'township:scan']);
    expect(configs.filter((c) => c.feedTypeId !== null).length % 2).toBe(0);
    // Only diseases with cases get settings.
    expect(new Set(configs.filter((c) => c.diseaseId).map((c) => c.diseaseId))).toEqual(new Set([hfmd!.id]));

    const runs = await t.database.db.select().from(detectionRuns).where(eq(detectionRuns.trigger, 'demo'));
    expect(runs).toHaveLength(1);
    expect(runs[0]!.asOf).toBe('2026-06-30');
    const found = await t.database.db
      .select()
      .from(signals)
      .where(and(eq(signals.diseaseId, hfmd!.id), inArray(signals.jurisdictionId, [tree.townshipA.id, tree.district.id])));
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found.every((s) => s.alertId !== null)).toBe(true);

    // Second start: nothing new.
    await seedDetectionDemo(t.database, { districtId: tree.district.id, seed: 1, now });
    expect(await t.database.db.select().from(detectionConfigs).where(eq(detectionConfigs.jurisdictionId, tree.district.id))).toHaveLength(
      configs.length,
    );
    expect(await t.database.db.select().from(detectionRuns).where(eq(detectionRuns.trigger, 'demo'))).toHaveLength(1);
  });
});

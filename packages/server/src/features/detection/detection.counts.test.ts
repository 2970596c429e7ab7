import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDistrictTree, testEngines, withTestDb } from '../../test-support/index.ts';
import { forgetCaseAggregate, readDailySeries, weeklySums } from './detection.counts.ts';
import { buildDisease, insertDailyCases } from './detection.test-support.ts';

describe.each(testEngines())('count series (%s)', (engine) => {
  const t = withTestDb(engine);

  it('reads the same series from the aggregate and straight from case reports', async () => {
    const tree = await buildDistrictTree(t.database);
    const disease = await buildDisease(t.database);
    await insertDailyCases(t.database, {
      diseaseId: disease.id,
      jurisdictionId: tree.communityA.id,
      start: '2026-06-01',
      counts: [1, 0, 3, 2],
    });
    await insertDailyCases(t.database, { diseaseId: disease.id, jurisdictionId: tree.townshipB.id, start: '2026-06-02', counts: [5] });
    await insertDailyCases(t.database, { diseaseId: disease.id, jurisdictionId: tree.district.id, start: '2026-06-03', counts: [7] });
    // Merged and excluded reports never count.
    await t.database.db.execute(
      sql`UPDATE case_reports SET classification = 'excluded' WHERE id = (SELECT id FROM case_reports WHERE disease_id = ${disease.id}::uuid AND jurisdiction_id = ${tree.district.id}::uuid LIMIT 1)`,
    );
    const area = { id: tree.district.id, name: '', nameEn: '', path: tree.district.path, level: 'district', centroid: null };
    const query = { subject: { diseaseId: disease.id }, area, level: 'township' as const, from: '2026-06-01', to: '2026-06-05' };
    const read = async () => {
      const onset = await readDailySeries(t.database.db, { ...query, dateBasis: 'onset' });
      const report = await readDailySeries(t.database.db, { ...query, dateBasis: 'report' });
      return {
        a: Array.from(onset.counts.get(tree.townshipA.id)!),
        b: Array.from(onset.counts.get(tree.townshipB.id)!),
        total: Array.from(onset.total),
        reportTotal: Array.from(report.total),
      };
    };
    const fromAggregate = await read();
    expect(fromAggregate).toEqual({ a: [1, 0, 3, 2, 0], b: [0, 5, 0, 0, 0], total: [1, 5, 9, 2, 0], reportTotal: [0, 1, 5, 9, 2] });

    // Without the dashboard's aggregate (an older database), the same numbers from case_reports.
    await t.database.db.execute(sql`DROP TABLE case_daily_counts CASCADE`);
    forgetCaseAggregate();
    try {
      expect(await read()).toEqual(fromAggregate);
    } finally {
      forgetCaseAggregate();
    }
  });

  it('sums days into ISO weeks', () => {
    // 2026-06-01 is a Monday.
    const { firstMonday, weeks } = weeklySums(Float64Array.from([1, 1, 1, 1, 1, 1, 1, 2, 2]), '2026-06-01');
    expect(firstMonday).toBe('2026-06-01');
    expect(Array.from(weeks)).toEqual([7, 4]);
    expect(weeklySums(Float64Array.from([3, 4]), '2026-06-03').firstMonday).toBe('2026-06-01');
  });
});

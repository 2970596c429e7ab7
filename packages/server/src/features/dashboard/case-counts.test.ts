/**
 * The aggregate case_daily_counts must equal a GROUP BY over case_reports after every kind of write, and
 * dailyCaseCounts must read it by place, disease, basis and grouping.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../platform/db/database.ts';
import { buildDistrictTree, testEngines, withTestDb } from '../../test-support/index.ts';
import { caseReports } from '../cases/cases.tables.ts';
import { dailyCaseCounts, executedRows } from './case-counts.ts';
import { buildDisease, caseRow } from './dashboard.test-support.ts';

/** The aggregate and the same counts computed from scratch, both sorted, for comparison. */
async function bothWays(database: Database) {
  const agg = executedRows<Record<string, unknown>>(
    await database.db.execute(sql`SELECT disease_id::text AS d, jurisdiction_id::text AS j, to_char(date, 'YYYY-MM-DD') AS day, basis, count::int AS n
      FROM case_daily_counts ORDER BY 1, 2, 3, 4`),
  );
  const fresh = executedRows<Record<string, unknown>>(
    await database.db.execute(sql`SELECT d, j, day, basis, n FROM (
      SELECT disease_id::text AS d, jurisdiction_id::text AS j, to_char(coalesce(onset_date, (diagnosis_at AT TIME ZONE 'Asia/Shanghai')::date), 'YYYY-MM-DD') AS day, 'onset' AS basis, count(*)::int AS n
        FROM case_reports WHERE status = 'active' AND classification <> 'excluded' GROUP BY 1, 2, 3
      UNION ALL
      SELECT disease_id::text, jurisdiction_id::text, to_char((reported_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD'), 'report', count(*)::int
        FROM case_reports WHERE status = 'active' AND classification <> 'excluded' GROUP BY 1, 2, 3) x ORDER BY 1, 2, 3, 4`),
  );
  return { agg, fresh };
}

describe.each(testEngines())('case_daily_counts aggregate (%s)', (engine) => {
  const t = withTestDb(engine);

  it('equals a GROUP BY over case_reports after inserts, updates and deletes', async () => {
    const tree = await buildDistrictTree(t.database);
    const flu = await buildDisease(t.database);
    const hfmd = await buildDisease(t.database);
    const rows = [];
    for (let i = 0; i < 40; i++) {
      rows.push(
        caseRow(i % 3 ? flu.id : hfmd.id, i % 2 ? tree.communityA.id : tree.communityB.id, {
          onsetDate: i % 5 === 0 ? null : `2026-03-${String(1 + (i % 7)).padStart(2, '0')}`,
          // 17:30 UTC is 01:30 the next day in China: the report day must be the Chinese one
          reportedAt: new Date(`2026-03-${String(2 + (i % 7)).padStart(2, '0')}T17:30:00Z`),
          diagnosisAt: new Date(`2026-03-${String(2 + (i % 7)).padStart(2, '0')}T16:30:00Z`),
          classification: i % 11 === 0 ? 'excluded' : 'confirmed',
        }),
      );
    }
    const inserted = await t.database.db.insert(caseReports).values(rows).returning();
    let { agg, fresh } = await bothWays(t.database);
    expect(agg.length).toBeGreaterThan(10);
    expect(agg).toEqual(fresh);
    // the China-time rule: reported 2026-03-02 17:30Z counts on 3 March
    const reportDays = agg.filter((r) => r.basis === 'report').map((r) => r.day);
    expect(reportDays).toContain('2026-03-03');
    expect(reportDays).not.toContain('2026-03-02');
    // a null onset falls back to the diagnosis day in China time (16:30Z → next day)
    const noOnset = inserted.find((r) => r.onsetDate === null && r.classification !== 'excluded')!;
    const onsetFallback = await dailyCaseCounts(t.database.db, {
      diseaseIds: [noOnset.diseaseId],
      jurisdictionIds: [noOnset.jurisdictionId],
      basis: 'onset',
      from: '2026-03-01',
      to: '2026-03-31',
      groupBy: 'none',
    });
    const chinaDay = new Date(noOnset.diagnosisAt.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    expect(onsetFallback.map((r) => r.date)).toContain(chinaDay);

    // merged, excluded, dates changed, moved place, disease changed: one statement each
    await t.database.db
      .update(caseReports)
      .set({ status: 'merged', mergedInto: inserted[0]!.id })
      .where(inArray(caseReports.id, [inserted[1]!.id, inserted[2]!.id]));
    await t.database.db.update(caseReports).set({ classification: 'excluded' }).where(eq(caseReports.id, inserted[3]!.id));
    await t.database.db
      .update(caseReports)
      .set({ onsetDate: '2026-02-20', reportedAt: new Date('2026-03-20T01:00:00Z') })
      .where(
        inArray(
          caseReports.id,
          inserted.slice(4, 12).map((r) => r.id),
        ),
      );
    await t.database.db
      .update(caseReports)
      .set({ jurisdictionId: tree.townshipA.id, diseaseId: hfmd.id })
      .where(eq(caseReports.id, inserted[13]!.id));
    // re-instating an excluded case brings it back
    await t.database.db.update(caseReports).set({ classification: 'clinical' }).where(eq(caseReports.id, inserted[11]!.id));
    // an update that changes nothing counted (the name) leaves the aggregate as it is
    await t.database.db.update(caseReports).set({ personName: '改名' }).where(eq(caseReports.diseaseId, flu.id));
    ({ agg, fresh } = await bothWays(t.database));
    expect(agg).toEqual(fresh);

    // deletes, including every case of one day: the emptied rows disappear (no zero counts)
    await t.database.db.delete(caseReports).where(
      inArray(
        caseReports.id,
        inserted.slice(20, 30).map((r) => r.id),
      ),
    );
    ({ agg, fresh } = await bothWays(t.database));
    expect(agg).toEqual(fresh);
    expect(agg.every((r) => Number(r.n) > 0)).toBe(true);

    // all gone
    await t.database.db.update(caseReports).set({ status: 'active', mergedInto: null });
    await t.database.db.delete(caseReports);
    ({ agg, fresh } = await bothWays(t.database));
    expect(agg).toEqual([]);
    expect(fresh).toEqual([]);

    // the repair function rebuilds the same thing
    await t.database.db.insert(caseReports).values(rows);
    const before = (await bothWays(t.database)).agg;
    await t.database.db.execute(sql`DELETE FROM case_daily_counts`);
    await t.database.db.execute(sql`SELECT refresh_case_daily_counts()`);
    expect((await bothWays(t.database)).agg).toEqual(before);
  });

  it('reads counts by place, disease, basis and grouping', async () => {
    const tree = await buildDistrictTree(t.database);
    const flu = await buildDisease(t.database);
    const other = await buildDisease(t.database);
    await t.database.db.insert(caseReports).values([
      caseRow(flu.id, tree.communityA.id, {
        onsetDate: '2026-01-05',
        reportedAt: new Date('2026-01-07T03:00:00Z'),
        diagnosisAt: new Date('2026-01-06T03:00:00Z'),
      }),
      caseRow(flu.id, tree.communityA.id, {
        onsetDate: '2026-01-05',
        reportedAt: new Date('2026-01-07T04:00:00Z'),
        diagnosisAt: new Date('2026-01-06T03:00:00Z'),
      }),
      caseRow(flu.id, tree.townshipA.id, {
        onsetDate: '2026-01-06',
        reportedAt: new Date('2026-01-08T03:00:00Z'),
        diagnosisAt: new Date('2026-01-06T03:00:00Z'),
      }),
      caseRow(flu.id, tree.communityB.id, {
        onsetDate: '2026-01-05',
        reportedAt: new Date('2026-01-07T03:00:00Z'),
        diagnosisAt: new Date('2026-01-06T03:00:00Z'),
      }),
      caseRow(flu.id, tree.district.id, {
        onsetDate: '2026-01-05',
        reportedAt: new Date('2026-01-07T03:00:00Z'),
        diagnosisAt: new Date('2026-01-06T03:00:00Z'),
      }),
      caseRow(other.id, tree.communityA.id, {
        onsetDate: '2026-01-05',
        reportedAt: new Date('2026-01-07T03:00:00Z'),
        diagnosisAt: new Date('2026-01-06T03:00:00Z'),
      }),
      // outside the range
      caseRow(flu.id, tree.communityA.id, {
        onsetDate: '2025-12-31',
        reportedAt: new Date('2026-01-01T03:00:00Z'),
        diagnosisAt: new Date('2026-01-01T01:00:00Z'),
      }),
    ]);
    const base = { diseaseIds: [flu.id], basis: 'onset' as const, from: '2026-01-01', to: '2026-01-31' };
    expect(await dailyCaseCounts(t.database.db, { ...base, scopePaths: [tree.district.path], groupBy: 'none' })).toEqual([
      { diseaseId: flu.id, jurisdictionId: null, date: '2026-01-05', count: 4 },
      { diseaseId: flu.id, jurisdictionId: null, date: '2026-01-06', count: 1 },
    ]);
    const byTownship = await dailyCaseCounts(t.database.db, { ...base, scopePaths: [tree.district.path], groupBy: 'township' });
    expect(byTownship.filter((r) => r.jurisdictionId === tree.townshipA.id).map((r) => [r.date, r.count])).toEqual([
      ['2026-01-05', 2],
      ['2026-01-06', 1],
    ]);
    expect(byTownship.filter((r) => r.jurisdictionId === tree.townshipB.id).map((r) => r.count)).toEqual([1]);
    // a case recorded at district level has no township: it keeps its own jurisdiction
    expect(byTownship.filter((r) => r.jurisdictionId === tree.district.id).map((r) => r.count)).toEqual([1]);
    // a township's scope sees only its subtree
    expect(await dailyCaseCounts(t.database.db, { ...base, scopePaths: [tree.townshipA.path], groupBy: 'jurisdiction' })).toEqual([
      { diseaseId: flu.id, jurisdictionId: tree.communityA.id, date: '2026-01-05', count: 2 },
      { diseaseId: flu.id, jurisdictionId: tree.townshipA.id, date: '2026-01-06', count: 1 },
    ]);
    expect(await dailyCaseCounts(t.database.db, { ...base, jurisdictionIds: [tree.townshipB.id], groupBy: 'none' })).toEqual([
      { diseaseId: flu.id, jurisdictionId: null, date: '2026-01-05', count: 1 },
    ]);
    // report basis, every disease
    const report = await dailyCaseCounts(t.database.db, {
      basis: 'report',
      from: '2026-01-01',
      to: '2026-01-31',
      scopePaths: [tree.district.path],
      groupBy: 'none',
    });
    expect(report.map((r) => `${r.diseaseId === flu.id ? 'flu' : 'other'} ${r.date} ${r.count}`).sort()).toEqual([
      'flu 2026-01-01 1',
      'flu 2026-01-07 4',
      'flu 2026-01-08 1',
      'other 2026-01-07 1',
    ]);
    expect(await dailyCaseCounts(t.database.db, { ...base, scopePaths: [], groupBy: 'none' })).toEqual([]);
  });
});

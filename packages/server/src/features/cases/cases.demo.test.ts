/**
 * The demo case history: seeded once (idempotent), fast, plausible (seasonality, township populations, the
 * recent outbreaks), counted by the aggregate, with valid protected identity numbers and one audit record.
 */
import { and, eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { auditLog } from '../../platform/db/platform.tables.ts';
import { testEngines, withTestDb } from '../../test-support/index.ts';
import { executedRows } from '../dashboard/case-counts.ts';
import { seedDemoDistrict } from '../demo/demo.seeder.ts';
import { DEMO_DOUBLE_REPORTS, DEMO_OLD_DOUBLE_REPORTS, seedCasesDemo } from './cases.demo.ts';
import { findDuplicatePairs } from './cases.store.ts';
import { caseReports } from './cases.tables.ts';
import { identityProtector } from './identity-protection.ts';
import { parseResidentId } from './resident-id.ts';

const NOW = new Date('2026-11-20T04:00:00Z');
const protector = identityProtector({ identityKey: 'ab'.repeat(32), dataDir: '/nonexistent' });

describe.each(testEngines())('cases demo history (%s)', (engine) => {
  const t = withTestDb(engine);

  // Seeds 30,000 reports: 20 s on PostgreSQL, 80 s on PGlite when the machine's 2 cores are shared with the rest of the run.
  it('seeds five plausible years once, with the recent outbreaks, in one audited transaction', { timeout: 300_000 }, async () => {
    // the registry only: the case history is seeded below
    await seedDemoDistrict(t.database, { rosterDays: 1, features: false, now: NOW });
    const [district] = executedRows<{ id: string; path: string }>(
      await t.database.db.execute(sql`SELECT id::text, path FROM jurisdictions WHERE level = 'district' LIMIT 1`),
    );
    const ctx = { districtId: district!.id, seed: 20_260_101, now: NOW };
    const first = await seedCasesDemo(t.database, ctx, protector);
    console.log(`demo case history (${engine}): ${first.created} cases in ${first.ms} ms`);
    expect(first.created).toBeGreaterThan(20_000);
    expect(first.created).toBeLessThan(60_000);

    // idempotent: nothing more the second time
    expect((await seedCasesDemo(t.database, ctx, protector)).created).toBe(0);
    const [{ n }] = executedRows<{ n: number }>(await t.database.db.execute(sql`SELECT count(*)::int AS n FROM case_reports`)) as [
      { n: number },
    ];
    expect(n).toBe(first.created);
    const audits = await t.database.db.select().from(auditLog).where(eq(auditLog.entityType, 'case_demo_history'));
    expect(audits).toHaveLength(1);

    // a few recent cases reported twice: the duplicates page of a new demo has pairs from the last weeks
    const since = new Date(NOW.getTime() - 30 * 86_400_000);
    const { pairs } = await findDuplicatePairs(
      t.database.db,
      { right: 'cases.read', paths: [district!.path] },
      { windowDays: 30, since, limit: 50, offset: 0 },
    );
    const recentPairs = pairs.filter((p) => p.daysApart <= 2);
    expect(recentPairs.length).toBeGreaterThanOrEqual(DEMO_DOUBLE_REPORTS);
    // and a few from months ago: the whole history holds more pairs than the recent weeks
    const all = await findDuplicatePairs(
      t.database.db,
      { right: 'cases.read', paths: [district!.path] },
      { windowDays: 30, limit: 200, offset: 0 },
    );
    const monthsAgo = all.pairs.filter((p) => p.daysApart <= 2 && !pairs.some((q) => q.a === p.a && q.b === p.b));
    expect(monthsAgo.length).toBeGreaterThanOrEqual(DEMO_OLD_DOUBLE_REPORTS);

    // five years, nothing reported after now, every row from the demo
    const [span] = executedRows<{ first: string; last: string; future: number; other: number }>(
      await t.database.db.execute(sql`SELECT to_char(min(onset_date), 'YYYY-MM-DD') AS first, max(reported_at)::text AS last,
        count(*) FILTER (WHERE reported_at > ${NOW.toISOString()}::timestamptz)::int AS future,
        count(*) FILTER (WHERE source <> 'demo')::int AS other FROM case_reports`),
    );
    expect(span!.first <= '2021-11-21').toBe(true);
    expect(span!.future).toBe(0);
    expect(span!.other).toBe(0);

    // influenza: winter months (Dec–Feb) well above summer months (Jun–Aug) by onset, every full season
    const flu = executedRows<{ winter: number; summer: number }>(
      await t.database.db.execute(sql`SELECT
          count(*) FILTER (WHERE extract(month FROM c.onset_date) IN (12, 1, 2))::int AS winter,
          count(*) FILTER (WHERE extract(month FROM c.onset_date) IN (6, 7, 8))::int AS summer
        FROM case_reports c JOIN diseases d ON d.id = c.disease_id WHERE d.code = 'influenza'`),
    )[0]!;
    expect(flu.winter).toBeGreaterThan(3 * flu.summer);
    // HFMD: spring/early summer (Apr–Jun) above winter (Dec–Feb); diarrhoea: summer above spring
    const seasons = executedRows<{ code: string; spring: number; summer: number; winter: number }>(
      await t.database.db.execute(sql`SELECT d.code,
          count(*) FILTER (WHERE extract(month FROM c.onset_date) IN (4, 5, 6))::int AS spring,
          count(*) FILTER (WHERE extract(month FROM c.onset_date) IN (7, 8, 9))::int AS summer,
          count(*) FILTER (WHERE extract(month FROM c.onset_date) IN (12, 1, 2))::int AS winter
        FROM case_reports c JOIN diseases d ON d.id = c.disease_id WHERE d.code IN ('hfmd', 'bacillary_dysentery', 'hepatitis_b') GROUP BY d.code`),
    );
    const by = Object.fromEntries(seasons.map((s) => [s.code, s]));
    expect(by.hfmd!.spring).toBeGreaterThan(2 * by.hfmd!.winter);
    expect(by.bacillary_dysentery!.summer).toBeGreaterThan(by.bacillary_dysentery!.winter);
    // flat diseases stay flat (within 30 %)
    expect(Math.abs(by.hepatitis_b!.spring - by.hepatitis_b!.winter) / by.hepatitis_b!.winter).toBeLessThan(0.3);

    // the recent HFMD cluster: one township's last 2½ weeks far above its same weeks of the previous years
    const hfmdByTownship = executedRows<{ township: string; recent: number; before: number }>(
      await t.database.db.execute(sql`SELECT t.id::text AS township,
          count(*) FILTER (WHERE c.onset_date > ${NOW.toISOString()}::date - 18)::int AS recent,
          count(*) FILTER (WHERE c.onset_date BETWEEN ${NOW.toISOString()}::date - 18 - 365 * 3 AND ${NOW.toISOString()}::date - 365)::int AS before
        FROM case_reports c JOIN diseases d ON d.id = c.disease_id AND d.code = 'hfmd'
        JOIN jurisdictions j ON j.id = c.jurisdiction_id JOIN jurisdictions t ON t.level = 'township' AND j.path LIKE t.path || '%'
        GROUP BY t.id ORDER BY recent DESC`),
    );
    expect(hfmdByTownship[0]!.recent).toBeGreaterThan(25);
    expect(hfmdByTownship[1]!.recent).toBeLessThan(hfmdByTownship[0]!.recent / 2);

    // identity numbers: valid resident IDs, stored encrypted, masked and hashed
    const sample = await t.database.db
      .select()
      .from(caseReports)
      .where(and(eq(caseReports.idType, 'resident_id')))
      .limit(20);
    for (const row of sample) {
      const plain = protector.reveal(row.idNumberEncrypted!);
      const parsed = parseResidentId(plain);
      expect(parsed.ok).toBe(true);
      expect(parsed.ok && parsed.birthDate).toBe(row.birthDate);
      expect(row.idNumberMasked).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/);
      expect(row.idNumberHash).toMatch(/^[0-9a-f]{64}$/);
    }

    // reporting delays: most within the deadline, a few late
    const [delays] = executedRows<{ late: number; total: number }>(
      await t.database.db.execute(sql`SELECT count(*) FILTER (WHERE c.reported_at - c.diagnosis_at > d.report_deadline_hours * interval '1 hour')::int AS late,
        count(*)::int AS total FROM case_reports c JOIN diseases d ON d.id = c.disease_id`),
    );
    expect(delays!.late / delays!.total).toBeGreaterThan(0.01);
    expect(delays!.late / delays!.total).toBeLessThan(0.1);

    // the aggregate holds them all
    const [agg] = executedRows<{ n: number }>(
      await t.database.db.execute(sql`SELECT sum(count)::int AS n FROM case_daily_counts WHERE basis = 'report'`),
    );
    const [counted] = executedRows<{ n: number }>(
      await t.database.db.execute(sql`SELECT count(*)::int AS n FROM case_reports WHERE classification <> 'excluded'`),
    );
    expect(agg!.n).toBe(counted!.n);

    // review work: the returned card is one of the hospital reporter's, and the reporter is told, as after a real
    // return (issue 12: the demo's returned card had nobody told)
    const [returned] = executedRows<{ id: string; code: string; reporter: string | null }>(
      await t.database.db.execute(sql`SELECT c.id::text, c.code, u.username AS reporter FROM case_reports c
        LEFT JOIN users u ON u.facility_id = c.facility_id WHERE c.review_status = 'returned'`),
    );
    expect(returned!.reporter).toBe('reporter');
    const told = executedRows<{ kind: string; title: string; link: string }>(
      await t.database.db.execute(sql`SELECT n.kind, n.title, n.link FROM notifications n JOIN users u ON u.id = n.user_id
        WHERE u.username = 'reporter' AND n.read_at IS NULL`),
    );
    expect(told).toEqual([{ kind: 'case.returned', title: `报告卡 ${returned!.code} 被疾控中心退回`, link: `/cases/${returned!.id}` }]);
  });
});

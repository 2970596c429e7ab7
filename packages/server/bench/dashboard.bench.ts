/**
 * Dashboard latency with 1,000,000 cases in PostgreSQL: the surveillance endpoints under 50 concurrent clients
 * (autocannon on loopback) against the real HTTP app (createApp + @hono/node-server, the server's own stack),
 * signed in with a session cookie as an epidemiologist of District J. Target: p95 ≤ 200 ms (issue 5).
 *
 *   BENCH_DATABASE_URL=postgres://… npm run bench -w @outbreak/server -- dashboard
 *   (TEST_DATABASE_URL works too; BENCH_SECONDS=10 per endpoint, BENCH_CASES=1000000)
 *
 * Set-up: the demo district's registry (townships, communities with populations, facilities, users), then
 * 1,000,000 cases over five years generated in SQL (INSERT … SELECT over generate_series; a seasonal mix of the
 * catalogue's common diseases, communities weighted by population), the aggregate rebuilt once with
 * refresh_case_daily_counts() (the per-statement trigger is switched off for the bulk load only), some signals
 * and open alerts, then ANALYZE. Each endpoint is measured twice: every answer computed (identical concurrent requests
 * still share one computation), and as deployed (answers kept until a live event says the data changed). The
 * figures go to docs/dashboard.md.
 */
import autocannon from 'autocannon';
import { sql } from 'drizzle-orm';
import { loadavg } from 'node:os';
import type { Database } from '../src/platform/db/database.ts';
import { LiveHub } from '../src/platform/live/live.ts';
import { setDashboardCacheTtl } from '../src/features/dashboard/dashboard.cache.ts';
import { seedDemoDistrict } from '../src/features/demo/demo.seeder.ts';
import { serveSignedIn } from './bench-server.ts';
import { executedRows } from '../src/features/dashboard/case-counts.ts';
import { createTestDb } from '../src/test-support/test-db.ts';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 50;
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

async function seed(database: Database): Promise<void> {
  let started = performance.now();
  await seedDemoDistrict(database, { rosterDays: 1, features: false });
  process.stdout.write(`  registry: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  const db = database.db;
  started = performance.now();
  // The bulk load bypasses the statement trigger and rebuilds the aggregate once (what an operator would do
  // for a migration of old data; imports keep the trigger).
  await db.execute(sql`ALTER TABLE case_reports DISABLE TRIGGER case_daily_counts_insert`);
  await db.execute(sql`
    WITH d AS (
      SELECT array_agg(id ORDER BY code) AS ids, count(*)::int AS n FROM diseases
      WHERE code IN ('influenza', 'hfmd', 'other_diarrhoea', 'varicella', 'tuberculosis', 'hepatitis_b', 'syphilis', 'hepatitis_c',
                     'mumps', 'scarlet_fever', 'bacillary_dysentery', 'gonorrhoea', 'hiv_aids', 'pertussis', 'hepatitis_e')
    ), c AS (
      -- communities by the lower end of their share of the population: width_bucket finds a draw's community
      SELECT array_agg(id ORDER BY lo) AS ids, array_agg(lo ORDER BY lo) AS los, max(lo + pop) AS total FROM (
        SELECT id, pop, sum(pop) OVER (ORDER BY code) - pop AS lo
        FROM (SELECT id, code, greatest(coalesce(population, 1), 1)::float8 AS pop FROM jurisdictions WHERE level = 'community') p
      ) w
    ), f AS (
      SELECT array_agg(id ORDER BY name) AS ids, count(*)::int AS n FROM facilities
      WHERE type IN ('designated_hospital', 'general_hospital', 'fever_clinic', 'township_health_centre')
    ), g AS (
      SELECT s, random() AS r_disease, random() * (SELECT total FROM c) AS r_place, random() AS r_fac,
             -- onset within five years, the diagnosis 0–2 days later, the report 0–30 h after diagnosis
             (current_date - (floor(random() * 1826))::int) AS onset, random() AS r_diag, random() AS r_rep
      FROM generate_series(1, ${CASES}) s
    )
    INSERT INTO case_reports (code, disease_id, jurisdiction_id, person_name, sex, id_type, classification, onset_date, diagnosis_at, reported_at, facility_id, source)
    -- own numbers: the default's lpad(…, 6) would repeat itself past 999,999 (reported to the lead)
    SELECT 'CB-' || g.s, d.ids[1 + floor(g.r_disease * d.n)::int],
           c.ids[width_bucket(g.r_place, c.los)],
           'bench', CASE WHEN g.s % 2 = 0 THEN 'male' ELSE 'female' END, 'none',
           CASE WHEN g.s % 97 = 0 THEN 'excluded' ELSE 'confirmed' END,
           g.onset,
           (g.onset + floor(g.r_diag * 3)::int)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '9 hours',
           (g.onset + floor(g.r_diag * 3)::int)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '9 hours' + make_interval(secs => g.r_rep * 30 * 3600),
           f.ids[1 + floor(g.r_fac * f.n)::int], 'import'
    FROM g, d, c, f`);
  await db.execute(sql`ALTER TABLE case_reports ENABLE TRIGGER case_daily_counts_insert`);
  const loaded = performance.now();
  await db.execute(sql`SELECT refresh_case_daily_counts()`);
  const [{ n, rows }] = executedRows<{ n: number; rows: number }>(
    await db.execute(sql`SELECT (SELECT count(*) FROM case_reports)::int AS n, (SELECT count(*) FROM case_daily_counts)::int AS rows`),
  ) as [{ n: number; rows: number }];
  process.stdout.write(
    `  cases: ${n.toLocaleString('en')} loaded in ${((loaded - started) / 1000).toFixed(1)} s; aggregate rebuilt in ${((performance.now() - loaded) / 1000).toFixed(1)} s (${rows.toLocaleString('en')} rows)\n`,
  );
  // Signals and open alerts as detection would leave them: a few per week of the last year, for some townships.
  await db.execute(sql`
    INSERT INTO alerts (disease_id, jurisdiction_id, title, status, verification_due_at, signal_count)
    SELECT d.id, t.id, 'bench alert ' || g, (ARRAY['new', 'verifying', 'monitoring', 'risk_assessment', 'closed'])[1 + g % 5],
           now() + (g % 48 - 12) * interval '1 hour', 1
    FROM generate_series(1, 60) g
    CROSS JOIN LATERAL (SELECT id FROM diseases WHERE code IN ('influenza', 'hfmd', 'other_diarrhoea') ORDER BY code OFFSET g % 3 LIMIT 1) d
    CROSS JOIN LATERAL (SELECT id FROM jurisdictions WHERE level = 'township' ORDER BY code OFFSET g % 20 LIMIT 1) t`);
  await db.execute(sql`
    INSERT INTO signals (disease_id, jurisdiction_id, kind, method, period_start, period_end, date_basis, observed, expected, threshold, dedupe_key)
    SELECT d.id, j.id, 'aberration', 'mpm', current_date - w * 7 - 6, current_date - w * 7, b, 12, 4, 7, 'bench-' || d.code || '-' || j.code || '-' || w || '-' || b
    FROM diseases d, jurisdictions j, generate_series(0, 51) w, (VALUES ('onset'), ('report')) v(b)
    WHERE d.code IN ('influenza', 'hfmd', 'other_diarrhoea') AND j.level IN ('district', 'township') AND (w + length(j.code)) % 6 = 0`);
  await database.raw.exec('ANALYZE');
}

interface Figures {
  p50: number;
  p95: number;
  p99: number;
  rps: number;
  errors: number;
  non2xx: number;
}

const quantile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

/** 50 connections on one path for SECONDS, latencies taken from every response (autocannon's table has no p95). */
async function load(base: string, cookie: string, path: string): Promise<Figures> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon({ url: `${base}${path}`, connections: CONNECTIONS, duration: SECONDS, headers: { cookie } }, (error, r) =>
      error ? reject(error) : resolve(r),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  return {
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    rps: result.requests.average,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

async function main(): Promise<void> {
  if (!url) {
    process.stdout.write('  skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL (the target is about PostgreSQL)\n');
    return;
  }
  process.env.TEST_DATABASE_URL = url;
  const database = await createTestDb('postgres');
  try {
    await seed(database);
    // as the server runs it: with the live hub, so that the dashboard keeps answers until data changes
    const live = new LiveHub();
    await live.start(database);
    const { base, cookie, close } = await serveSignedIn(database, { live });
    try {
      const diseases = (await (await fetch(`${base}/api/dashboard/diseases`, { headers: { cookie } })).json()) as {
        items: Array<{ id: string; code: string }>;
      };
      const id = (code: string) => diseases.items.find((d) => d.code === code)!.id;
      const endpoints: Array<[string, string]> = [
        ['curve, weekly, 52 weeks, onset (influenza)', `/api/dashboard/curve?diseaseId=${id('influenza')}&basis=onset&interval=week`],
        ['curve, daily, 90 days, report (HFMD)', `/api/dashboard/curve?diseaseId=${id('hfmd')}&basis=report&interval=day`],
        ['curve, weekly, 5 years, onset (HFMD)', `/api/dashboard/curve?diseaseId=${id('hfmd')}&basis=onset&interval=week&from=2021-12-01`],
        ['townships, 28 days, one disease', `/api/dashboard/townships?diseaseId=${id('influenza')}`],
        ['townships, 28 days, all diseases', `/api/dashboard/townships`],
        ['diseases (picker), 28 days', `/api/dashboard/diseases`],
        ['open alerts', `/api/dashboard/alerts`],
        ['timeliness, 28 days', `/api/dashboard/timeliness`],
      ];
      // Two passes: computing every answer (identical concurrent requests still share one computation), then as
      // deployed (answers kept until a live event about cases, signals or alerts; 20 s at most).
      for (const [mode, ttl] of [
        ['computed every time (only concurrent identical requests shared)', 0],
        ['as deployed (answers kept until data changes)', 20_000],
      ] as const) {
        setDashboardCacheTtl(ttl);
        process.stdout.write(
          `\n  ${mode}: ${CONNECTIONS} connections, ${SECONDS} s per endpoint, loopback; load average ${loadavg()[0]!.toFixed(1)}\n`,
        );
        process.stdout.write(
          `  ${'endpoint'.padEnd(46)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'req/s'.padStart(8)}  errors\n`,
        );
        for (const [label, path] of endpoints) {
          const check = await fetch(`${base}${path}`, { headers: { cookie } });
          if (!check.ok) throw new Error(`${path}: ${check.status} ${await check.text()}`);
          const f = await load(base, cookie, path);
          process.stdout.write(
            `  ${label.padEnd(46)} ${f.p50.toFixed(0).padStart(5)}ms ${f.p95.toFixed(0).padStart(5)}ms ${f.p99.toFixed(0).padStart(5)}ms ${f.rps.toFixed(0).padStart(8)}  ${f.errors + f.non2xx}  (load ${loadavg()[0]!.toFixed(1)})\n`,
          );
          // let requests still in the server finish before the next endpoint
          await new Promise((resolve) => setTimeout(resolve, 1500));
        }
      }
      await live.stop();
    } finally {
      await close();
    }
  } finally {
    await database.close();
  }
}

await main();

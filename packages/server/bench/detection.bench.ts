/**
 * Daily detection, end to end: 40 diseases × 25 jurisdictions (24 townships and their district) with five years
 * of daily case history, through runDetection — reading counts (one query per setting), the arithmetic in a
 * worker thread, writing the signals and handing them to the alerts intake in one transaction. Target ≤ 5 s
 * (docs/detection.md). Runs on PGlite, and on PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set.
 *
 *   npm run bench -w @outbreak/server -- detection
 *
 * The history is generated in SQL (INSERT … SELECT over generate_series) so that set-up stays short; the
 * aggregate triggers of case_daily_counts fill it as they would for imports.
 */
import { sql } from 'drizzle-orm';
import { loadavg } from 'node:os';
import type { Database } from '../src/platform/db/database.ts';
import { createTestDb } from '../src/test-support/test-db.ts';
import { runDetection } from '../src/features/detection/detection.run.ts';

const DISEASES = 40;
const TOWNSHIPS = 24;
const YEARS = 5;
const AS_OF = '2026-06-30';

async function seed(database: Database): Promise<void> {
  const db = database.db;
  await db.execute(sql`
    WITH d AS (INSERT INTO jurisdictions (level, code, name, name_en, population) VALUES ('district', 'B00001', '基准区', 'Bench district', 700000) RETURNING id)
    INSERT INTO jurisdictions (level, parent_id, code, name, name_en, population, centroid)
    SELECT 'township', d.id, 'B00001' || lpad(g::text, 6, '0'), '镇' || g, 'Town ' || g, 30000,
           jsonb_build_array(106.4 + (g % 6) * 0.05, 29.3 + (g / 6) * 0.05)
    FROM d, generate_series(1, ${TOWNSHIPS}) g`);
  // 35 common diseases watched with CIDARS MPM, 5 rare ones with the fixed threshold.
  await db.execute(sql`
    INSERT INTO diseases (code, name, name_en, class, report_deadline_hours, default_method, default_params)
    SELECT 'bench' || g, '基准病' || g, 'Bench disease ' || g, CASE WHEN g > 35 THEN 'A' ELSE 'C' END, 24,
           CASE WHEN g > 35 THEN 'fixedThreshold' ELSE 'mpm' END, '{}'::jsonb
    FROM generate_series(1, ${DISEASES}) g`);
  // Daily counts with a yearly season; common diseases average ~0.3 cases a day per township (about 460,000 cases); the 5 rare ones have no background cases.
  // An outbreak in the last week in township 1 for every fifth disease.
  const started = performance.now();
  await db.execute(sql`
    INSERT INTO case_reports (disease_id, jurisdiction_id, person_name, sex, id_type, classification, onset_date, diagnosis_at, reported_at, source)
    SELECT x.disease_id, x.township_id, 'bench', 'unknown', 'none', 'confirmed', x.day,
           x.day::timestamp AT TIME ZONE 'UTC' + interval '1 day', x.day::timestamp AT TIME ZONE 'UTC' + interval '1 day 2 hours', 'demo'
    FROM (
      SELECT d.id AS disease_id, t.id AS township_id, day::date AS day,
             floor(random() * CASE WHEN d.code ~ '^bench(3[6-9]|40)$' THEN 0.004 ELSE 1.5 * (1 + 0.5 * sin(2 * pi() * extract(doy FROM day) / 365.25)) END
                   + CASE WHEN t.code LIKE '%000001' AND (substring(d.code from 6)::int % 5) = 0 AND day > (${AS_OF}::date - 7)::timestamp THEN 4 ELSE 0 END)::int AS n
      FROM diseases d
      CROSS JOIN jurisdictions t
      CROSS JOIN generate_series((${AS_OF}::date - ${YEARS * 365 - 1}::int)::timestamp, ${AS_OF}::date::timestamp, interval '1 day') day
      WHERE d.code LIKE 'bench%' AND t.level = 'township' AND t.code LIKE 'B00001%'
    ) x
    CROSS JOIN LATERAL generate_series(1, x.n)`);
  const [{ n }] = (await database.raw.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_reports`)) as [{ n: number }];
  process.stdout.write(`  history: ${n.toLocaleString('en')} cases in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  await db.execute(sql`
    INSERT INTO detection_configs (disease_id, jurisdiction_id, level, method, parameters)
    SELECT d.id, j.id, lvl, d.default_method,
           CASE WHEN d.default_method = 'mpm' THEN '{"years":3,"halfWindow":2,"p":0.8,"minCount":1,"periodLength":7}'::jsonb ELSE '{"k":1,"period":1}'::jsonb END
    FROM diseases d, jurisdictions j, (VALUES ('township'), ('district')) l(lvl)
    WHERE d.code LIKE 'bench%' AND j.code = 'B00001'`);
  await database.raw.exec('ANALYZE');
}

async function bench(engine: 'pglite' | 'postgres'): Promise<void> {
  process.stdout.write(`\n${engine}\n`);
  const database = await createTestDb(engine);
  try {
    await seed(database);
    const nextDay = new Date(Date.parse(`${AS_OF}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    for (const [label, asOf] of [
      ['first run (signals and alerts written)', AS_OF],
      ['same day again (idempotent)', AS_OF],
      ['next day (open alerts absorb the signals)', nextDay],
    ] as const) {
      const started = performance.now();
      const run = await runDetection(database, { asOf, trigger: 'schedule' });
      const ms = performance.now() - started;
      const readMs = run.details.reduce((s, d) => s + d.ms, 0);
      process.stdout.write(
        `  ${label}: ${(ms / 1000).toFixed(2)} s — ${run.configsEvaluated} settings, ${run.seriesEvaluated} series, ` +
          `${run.signalsCreated} new signals, ${run.alertsCreated} new alerts, ${run.alertsUpdated} alerts absorbing; reading counts ${(readMs / 1000).toFixed(2)} s; load ${loadavg()[0]!.toFixed(1)}\n`,
      );
    }
  } finally {
    await database.close();
  }
}

await bench('pglite');
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
if (url) {
  process.env.TEST_DATABASE_URL = url;
  await bench('postgres');
} else {
  process.stdout.write('\npostgres: skipped (set BENCH_DATABASE_URL or TEST_DATABASE_URL)\n');
}
process.exit(0);

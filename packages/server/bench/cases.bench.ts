/**
 * Case-report lists with 1,000,000 cases in PostgreSQL: the possible-duplicates page and the name search of the
 * case list, through the real HTTP app (createApp + @hono/node-server), one request at a time, signed in as the
 * district epidemiologist. Figures go to docs/cases.md.
 *
 *   BENCH_DATABASE_URL=postgres://… npm run bench -w @outbreak/server -- cases
 *   (TEST_DATABASE_URL works too; BENCH_CASES=1000000, BENCH_RUNS=5 per request; BENCH_KEEP=1 keeps the database
 *   and prints its name, for EXPLAIN by hand)
 *
 * Set-up: the demo district's registry, then BENCH_CASES reports over five years generated in SQL as the
 * dashboard bench does (seasonal mix of common diseases, communities by population), but with people: Chinese
 * names (a common surname and one or two given characters), birth dates, 80% with an identity number hash, and
 * 1% of the reports filed twice (same person and disease, diagnosed 0–10 days later). Then VACUUM ANALYZE (what
 * autovacuum does to an insert-only table; index-only scans need its visibility map).
 * Each request: one warm-up, then the median (and range) of BENCH_RUNS timed runs.
 */
import { sql } from 'drizzle-orm';
import { loadavg } from 'node:os';
import postgres from 'postgres';
import { openDatabase, type Database } from '../src/platform/db/database.ts';
import { migrate } from '../src/platform/db/migrator.ts';
import { seedDemoDistrict } from '../src/features/demo/demo.seeder.ts';
import { serveSignedIn } from './bench-server.ts';
import { executedRows } from '../src/features/dashboard/case-counts.ts';

const CASES = Number(process.env.BENCH_CASES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬建国文辉力鹏宇浩然子轩梓涵一诺欣怡雨泽思远嘉怡俊杰博文晨曦佳琪志强海燕春梅晓东德福';

async function seed(database: Database): Promise<void> {
  let started = performance.now();
  await seedDemoDistrict(database, { rosterDays: 1, features: false });
  process.stdout.write(`  registry: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  const db = database.db;
  started = performance.now();
  await db.execute(sql`ALTER TABLE case_reports DISABLE TRIGGER case_daily_counts_insert`);
  const original = Math.round(CASES * 0.99);
  await db.execute(sql`
    WITH d AS (
      SELECT array_agg(id ORDER BY code) AS ids, count(*)::int AS n FROM diseases
      WHERE code IN ('influenza', 'hfmd', 'other_diarrhoea', 'varicella', 'tuberculosis', 'hepatitis_b', 'syphilis', 'hepatitis_c',
                     'mumps', 'scarlet_fever', 'bacillary_dysentery', 'gonorrhoea', 'hiv_aids', 'pertussis', 'hepatitis_e')
    ), c AS (
      SELECT array_agg(id ORDER BY lo) AS ids, array_agg(lo ORDER BY lo) AS los, max(lo + pop) AS total FROM (
        SELECT id, pop, sum(pop) OVER (ORDER BY code) - pop AS lo
        FROM (SELECT id, code, greatest(coalesce(population, 1), 1)::float8 AS pop FROM jurisdictions WHERE level = 'community') p
      ) w
    ), f AS (
      SELECT array_agg(id ORDER BY name) AS ids, count(*)::int AS n FROM facilities
      WHERE type IN ('designated_hospital', 'general_hospital', 'fever_clinic', 'township_health_centre')
    ), g AS (
      SELECT s, random() AS r_disease, random() * (SELECT total FROM c) AS r_place, random() AS r_fac,
             (current_date - (floor(random() * 1826))::int) AS onset, random() AS r_diag, random() AS r_rep,
             substr(${SURNAMES}, 1 + floor(random() * ${[...SURNAMES].length})::int, 1)
               || substr(${GIVEN}, 1 + floor(random() * ${[...GIVEN].length})::int, 1)
               || CASE WHEN random() < 0.7 THEN substr(${GIVEN}, 1 + floor(random() * ${[...GIVEN].length})::int, 1) ELSE '' END AS name,
             (date '1940-01-01' + floor(random() * 30000)::int) AS birth, random() < 0.8 AS has_id
      FROM generate_series(1, ${original}) s
    )
    INSERT INTO case_reports (code, disease_id, jurisdiction_id, person_name, sex, birth_date, id_type, id_number_masked, id_number_hash,
                              classification, onset_date, diagnosis_at, reported_at, facility_id, source)
    SELECT 'CB-' || g.s, d.ids[1 + floor(g.r_disease * d.n)::int], c.ids[width_bucket(g.r_place, c.los)],
           g.name, CASE WHEN g.s % 2 = 0 THEN 'male' ELSE 'female' END, g.birth,
           CASE WHEN g.has_id THEN 'resident_id' ELSE 'none' END,
           CASE WHEN g.has_id THEN '500199********' || lpad((g.s % 10000)::text, 4, '0') ELSE '' END,
           CASE WHEN g.has_id THEN md5('person-' || g.s) ELSE NULL END,
           CASE WHEN g.s % 97 = 0 THEN 'excluded' ELSE 'confirmed' END,
           g.onset,
           (g.onset + floor(g.r_diag * 3)::int)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '9 hours',
           (g.onset + floor(g.r_diag * 3)::int)::timestamp AT TIME ZONE 'Asia/Shanghai' + interval '9 hours' + make_interval(secs => g.r_rep * 30 * 3600),
           f.ids[1 + floor(g.r_fac * f.n)::int], 'import'
    FROM g, d, c, f`);
  // the second report of 1% of them: same person and disease, diagnosed 0–10 days later, reported within 30 h
  await db.execute(sql`
    INSERT INTO case_reports (code, disease_id, jurisdiction_id, person_name, sex, birth_date, id_type, id_number_masked, id_number_hash,
                              classification, onset_date, diagnosis_at, reported_at, facility_id, source)
    SELECT 'CB-' || (${original} + row_number() OVER (ORDER BY code)), disease_id, jurisdiction_id, person_name, sex, birth_date,
           id_type, id_number_masked, id_number_hash, classification, onset_date, diagnosis_at + x.lag, reported_at + x.lag, facility_id, source
    FROM (SELECT *, floor(random() * 11)::int * interval '1 day' AS lag FROM case_reports WHERE substr(code, 4)::int % 100 = 0) x
    WHERE x.reported_at + x.lag <= now()
    LIMIT ${CASES - original}`);
  await db.execute(sql`ALTER TABLE case_reports ENABLE TRIGGER case_daily_counts_insert`);
  const [{ n }] = executedRows<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM case_reports`)) as [{ n: number }];
  process.stdout.write(`  cases: ${n.toLocaleString('en')} loaded in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  started = performance.now();
  // as autovacuum leaves an insert-only table: statistics, and the visibility map that index-only scans need
  await database.raw.exec('VACUUM ANALYZE');
  process.stdout.write(`  VACUUM ANALYZE: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

async function main(): Promise<void> {
  if (!url) {
    process.stdout.write('  skipped: set BENCH_DATABASE_URL or TEST_DATABASE_URL (the target is about PostgreSQL)\n');
    return;
  }
  const name = `bench_cases_${process.pid}`;
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ url: dbUrl.toString(), maxConnections: 4 });
  try {
    let started = performance.now();
    await migrate(database);
    process.stdout.write(`  migrated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    await seed(database);
    const { base, cookie, close } = await serveSignedIn(database);
    try {
      // search terms taken from the data: a three-character name, its two given characters, its surname
      const [sample] = executedRows<{ name: string }>(
        await database.db.execute(sql`SELECT person_name AS name FROM case_reports WHERE char_length(person_name) = 3 ORDER BY code LIMIT 1 OFFSET 4321`),
      ) as [{ name: string }];
      const full = sample.name;
      const given = [...full].slice(1).join('');
      const surname = [...full][0]!;
      const q = (s: string) => encodeURIComponent(s);
      const requests: Array<[string, string]> = [
        ['duplicates, default (before: whole history; after: 90 days)', '/api/cases/duplicates'],
        ['duplicates, since 365 days', `/api/cases/duplicates?since=${sinceDays(365)}`],
        ['duplicates, whole history (since=all)', '/api/cases/duplicates?since=all'],
        ['duplicates, 90 days, page 2', '/api/cases/duplicates?page=2'],
        [`case list, first page`, '/api/cases'],
        [`case list, q = full name (${full})`, `/api/cases?q=${q(full)}`],
        [`case list, q = 2 given characters (${given})`, `/api/cases?q=${q(given)}`],
        [`case list, q = surname (${surname})`, `/api/cases?q=${q(surname)}`],
        ['case list, q = code part (12345)', '/api/cases?q=12345'],
        ['case list, q = no match (zzzz)', '/api/cases?q=zzzz'],
      ];
      process.stdout.write(`\n  one request at a time, ${RUNS} runs after a warm-up; load average ${loadavg()[0]!.toFixed(1)}\n`);
      process.stdout.write(`  ${'request'.padEnd(62)} ${'median'.padStart(8)} ${'min'.padStart(8)} ${'max'.padStart(8)}  answer\n`);
      for (const [label, path] of requests) {
        const first = await fetch(`${base}${path}`, { headers: { cookie } });
        if (!first.ok) throw new Error(`${path}: ${first.status} ${await first.text()}`);
        const body = (await first.json()) as { items: unknown[]; total?: number };
        const times: number[] = [];
        for (let i = 0; i < RUNS; i += 1) {
          started = performance.now();
          const res = await fetch(`${base}${path}`, { headers: { cookie } });
          await res.arrayBuffer();
          times.push(performance.now() - started);
        }
        times.sort((x, y) => x - y);
        const ms = (v: number) => `${v.toFixed(0)}ms`.padStart(8);
        process.stdout.write(
          `  ${label.padEnd(62)} ${ms(times[Math.floor(times.length / 2)]!)} ${ms(times[0]!)} ${ms(times[times.length - 1]!)}  ${body.items.length} items${body.total === undefined ? '' : `, total ${body.total}`} (load ${loadavg()[0]!.toFixed(1)})\n`,
        );
      }
    } finally {
      await close();
    }
  } finally {
    await database.close();
    if (process.env.BENCH_KEEP) process.stdout.write(`  kept database ${name}\n`);
    else await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end({ timeout: 5 });
  }
}

/** The report day `days` ago in China Standard Time, as YYYY-MM-DD. */
function sinceDays(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 - days * 86400_000).toISOString().slice(0, 10);
}

await main();

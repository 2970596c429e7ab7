/**
 * The case reports of the case benchmarks (cases.bench.ts, cases-load.bench.ts): the demo district's registry, then
 * `cases` reports over five years generated in SQL as the dashboard bench does (seasonal mix of common diseases,
 * communities by population), but with people: Chinese names (a common surname and one or two given characters),
 * birth dates, 80% with an identity number hash, and 1% of the reports filed twice (same person and disease,
 * diagnosed 0–10 days later). Then VACUUM ANALYZE (what autovacuum does to an insert-only table; index-only scans
 * need its visibility map).
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../src/platform/db/database.ts';
import { seedDemoDistrict } from '../src/features/demo/demo.seeder.ts';
import { executedRows } from '../src/features/dashboard/case-counts.ts';

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬建国文辉力鹏宇浩然子轩梓涵一诺欣怡雨泽思远嘉怡俊杰博文晨曦佳琪志强海燕春梅晓东德福';

export async function seedCaseReports(database: Database, cases: number): Promise<void> {
  let started = performance.now();
  await seedDemoDistrict(database, { rosterDays: 1, features: false });
  process.stdout.write(`  registry: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  const db = database.db;
  started = performance.now();
  await db.execute(sql`ALTER TABLE case_reports DISABLE TRIGGER case_daily_counts_insert`);
  // The name-search index takes new entries into its pending list, merged into the index whenever the list
  // reaches 4 MB: for a million rows, merged once by the VACUUM below instead (several times faster on a busy
  // machine); the setting is reset afterwards, so the requests measured see the index as the migration made it.
  await db.execute(sql`ALTER INDEX case_reports_search_idx SET (gin_pending_list_limit = 2097151)`);
  const original = Math.round(cases * 0.99);
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
    LIMIT ${cases - original}`);
  await db.execute(sql`ALTER TABLE case_reports ENABLE TRIGGER case_daily_counts_insert`);
  const [{ n }] = executedRows<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM case_reports`)) as [{ n: number }];
  process.stdout.write(`  cases: ${n.toLocaleString('en')} loaded in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  started = performance.now();
  // as autovacuum leaves an insert-only table: statistics, and the visibility map that index-only scans need
  await database.raw.exec('VACUUM ANALYZE');
  await db.execute(sql`ALTER INDEX case_reports_search_idx RESET (gin_pending_list_limit)`);
  process.stdout.write(`  VACUUM ANALYZE: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

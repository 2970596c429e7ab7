/**
 * Factories for detection tests: a disease, a feed type, case reports by day, feed counts, a setting.
 */
import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { uniqueSuffix } from '../../test-support/index.ts';
import { diseases } from '../catalogue/index.ts';
import { feedTypes } from '../catalogue/index.ts';
import { detectionConfigs } from './detection.tables.ts';

export async function buildDisease(database: Database, overrides: Partial<typeof diseases.$inferInsert> = {}) {
  const suffix = uniqueSuffix();
  const [row] = await database.db
    .insert(diseases)
    .values({
      code: `d${suffix}`,
      name: `病${suffix}`,
      nameEn: `Disease ${suffix}`,
      class: 'C',
      reportDeadlineHours: 24,
      defaultMethod: 'mpm',
      defaultParams: {},
      ...overrides,
    })
    .returning();
  return row!;
}

export async function buildFeedType(database: Database, overrides: Partial<typeof feedTypes.$inferInsert> = {}) {
  const suffix = uniqueSuffix();
  const [row] = await database.db
    .insert(feedTypes)
    .values({
      code: `f${suffix}`,
      name: `监测${suffix}`,
      nameEn: `Feed ${suffix}`,
      measure: 'count',
      defaultMethod: 'earsC_C3',
      defaultParams: {},
      ...overrides,
    })
    .returning();
  return row!;
}

/** Inserts `counts[i]` case reports with onset on day `start + i` (reported the next morning) in `jurisdictionId`. */
export async function insertDailyCases(
  database: Database,
  input: { diseaseId: string; jurisdictionId: string; start: string; counts: ArrayLike<number> },
) {
  const days: string[] = [];
  const n: number[] = [];
  for (let i = 0; i < input.counts.length; i++) {
    if (input.counts[i]! > 0) {
      days.push(String(i));
      n.push(input.counts[i]!);
    }
  }
  if (days.length === 0) return;
  // One statement: generate_series expands each day's count into that many reports.
  await database.db.execute(sql`
    INSERT INTO case_reports (disease_id, jurisdiction_id, person_name, sex, id_type, classification, onset_date, diagnosis_at, reported_at, source)
    SELECT ${input.diseaseId}::uuid, ${input.jurisdictionId}::uuid, 'test', 'unknown', 'none', 'confirmed',
           ${input.start}::date + d.i, (${input.start}::date + d.i)::timestamp AT TIME ZONE 'UTC' + interval '1 day',
           (${input.start}::date + d.i)::timestamp AT TIME ZONE 'UTC' + interval '1 day 1 hour', 'demo'
    FROM unnest(${`{${days.join(',')}}`}::int[], ${`{${n.join(',')}}`}::int[]) AS d(i, n), generate_series(1, d.n)`);
}

export async function insertFeedCounts(
  database: Database,
  input: { feedTypeId: string; jurisdictionId: string; start: string; counts: ArrayLike<number> },
) {
  const values = Array.from(
    input.counts,
    (v, i) => sql`(${input.feedTypeId}::uuid, ${input.jurisdictionId}::uuid, ${input.start}::date + ${i}::int, ${v}::float8, 'demo')`,
  );
  for (let i = 0; i < values.length; i += 500) {
    await database.db.execute(
      sql`INSERT INTO feed_counts (feed_type_id, jurisdiction_id, date, value, source) VALUES ${sql.join(values.slice(i, i + 500), sql`, `)}`,
    );
  }
}

export async function buildConfig(database: Database, values: typeof detectionConfigs.$inferInsert) {
  const [row] = await database.db.insert(detectionConfigs).values(values).returning();
  return row!;
}

/** A deterministic seasonal series of daily counts (mean about `level`). */
export function seasonalCounts(n: number, level: number, seed = 1): number[] {
  let state = seed;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const u = state / 2147483648;
    const mean = level * (1 + 0.5 * Math.sin((2 * Math.PI * i) / 365.25));
    out.push(Math.max(0, Math.round(mean + (u - 0.5) * 2 * Math.sqrt(mean))));
  }
  return out;
}

/**
 * Inserts proportion feed values (ILI visits) with their denominators (all visits): day `start + i` gets
 * `values[i]` over `denominators[i]`; a null denominator leaves the day without a row (missing).
 */
export async function insertProportionCounts(
  database: Database,
  input: { feedTypeId: string; jurisdictionId: string; start: string; values: ArrayLike<number>; denominators: ArrayLike<number | null> },
) {
  const rows = [];
  for (let i = 0; i < input.values.length; i++) {
    const d = input.denominators[i];
    if (d === null || d === undefined) continue;
    rows.push(
      sql`(${input.feedTypeId}::uuid, ${input.jurisdictionId}::uuid, ${input.start}::date + ${i}::int, ${input.values[i]!}::float8, ${d}::float8, 'demo')`,
    );
  }
  for (let i = 0; i < rows.length; i += 500) {
    await database.db.execute(
      sql`INSERT INTO feed_counts (feed_type_id, jurisdiction_id, date, value, denominator, source) VALUES ${sql.join(rows.slice(i, i + 500), sql`, `)}`,
    );
  }
}

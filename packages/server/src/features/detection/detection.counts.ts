/**
 * Daily count series for detection: one query per setting, grouped by day and place (each township of the area,
 * or the area as a whole), for a disease (case reports) or a feed (feed counts).
 *
 * Cases are read from the dashboard's aggregate `case_daily_counts` (migrations/0014, kept equal to case_reports
 * by triggers) when the database has it, else straight from case_reports with the same rule: status 'active',
 * classification not 'excluded'; the onset basis falls back to the diagnosis day (China time, UTC+8) when the
 * onset is unknown; the report basis is the day of reported_at in China time.
 *
 * @example
 * const { places, counts } = await readDailySeries(db, { subject: { diseaseId }, area, level: 'township', dateBasis: 'onset', from, to });
 * counts.get(places[0].id) // Float64Array, one value per day from..to
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import type { DateBasis } from './signals.tables.ts';
import type { DetectionLevel } from './detection.tables.ts';
import { DISTRICT_UTC_OFFSET } from '../../platform/time/district-time.ts';

/** A place a series is about. */
export interface Place {
  id: string;
  name: string;
  nameEn: string;
  path: string;
  level: string;
  centroid: [number, number] | null;
}

export type Subject = { diseaseId: string; feedTypeId?: undefined } | { feedTypeId: string; diseaseId?: undefined };

export interface SeriesQuery {
  subject: Subject;
  /** the area watched (a config's jurisdiction) */
  area: Place;
  level: DetectionLevel;
  dateBasis: DateBasis;
  /** first and last day, ISO, inclusive */
  from: string;
  to: string;
  /**
   * A proportion feed (ILI share): also read the denominators, and count only the values filed with one (a day
   * without a denominator is missing, not zero).
   */
  proportion?: boolean;
  /**
   * Exercise mode (docs/exercises.md): the real counts plus this exercise's synthetic case reports and feed
   * counts. Without it only real data is read (an exercise's records never reach a real series).
   */
  exerciseId?: string;
}

/** Rows of a raw `execute` on either engine (postgres.js gives an array, PGlite an object with `rows`). */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

export const dayNumber = (iso: string) => Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
export const isoOfDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);
export const addDays = (iso: string, days: number) => isoOfDay(dayNumber(iso) + days);

const depthOf = (path: string) => path.split('/').filter(Boolean).length;

/** The area itself (district level) or the townships in its subtree, by name. */
export async function placesOf(db: Executor, area: Place, level: DetectionLevel): Promise<Place[]> {
  if (level === 'district') return [area];
  const rows = rowsOf<Place>(
    await db.execute(sql`
      SELECT id::text AS id, name, name_en AS "nameEn", path, level, centroid
      FROM jurisdictions WHERE level = 'township' AND path LIKE ${`${area.path}%`} AND id <> ${area.id}::uuid
      ORDER BY code, name`),
  );
  return rows;
}

/** One jurisdiction as a Place, or undefined. */
export async function placeById(db: Executor, id: string): Promise<Place | undefined> {
  const rows = rowsOf<Place>(
    await db.execute(
      sql`SELECT id::text AS id, name, name_en AS "nameEn", path, level, centroid FROM jurisdictions WHERE id = ${id}::uuid`,
    ),
  );
  return rows[0];
}

let aggregateKnown: WeakMap<object, boolean> = new WeakMap();

/** Whether the database has the dashboard's daily aggregate (asked once per database handle). */
async function hasCaseAggregate(db: Executor): Promise<boolean> {
  const known = aggregateKnown.get(db);
  if (known !== undefined) return known;
  const [row] = rowsOf<{ present: boolean }>(await db.execute(sql`SELECT to_regclass('public.case_daily_counts') IS NOT NULL AS present`));
  const present = Boolean(row?.present);
  aggregateKnown.set(db, present);
  return present;
}

/** For tests that create or drop the aggregate. */
export function forgetCaseAggregate(): void {
  aggregateKnown = new WeakMap();
}

/**
 * The SQL expression naming each row's place: the township at the townships' depth in the materialised path
 * (split_part of '/<district>/<township>/…/'), or the area itself.
 */
function placeExpression(places: Place[], level: DetectionLevel, area: Place): SQL {
  if (level === 'district') return sql`${area.id}::text`;
  const depths = [...new Set(places.map((p) => depthOf(p.path)))].sort((a, b) => a - b);
  if (depths.length === 1) return sql`split_part(j.path, '/', ${depths[0]! + 1})`;
  // Townships at several depths (an unusual tree): pick the ancestor at the depth where one of them lies.
  const branches = depths.map((d) => {
    const ids = places.filter((p) => depthOf(p.path) === d).map((p) => p.id);
    return sql`WHEN split_part(j.path, '/', ${d + 1}) IN (${sql.join(
      ids.map((id) => sql`${id}`),
      sql`, `,
    )}) THEN split_part(j.path, '/', ${d + 1})`;
  });
  return sql`CASE ${sql.join(branches, sql` `)} END`;
}

/** For every jurisdiction of the area: the place it counts towards (its township, or the area), or null (none). */
export type PlaceIndex = Map<string, string | null>;

/** Maps each jurisdiction in the area's subtree to its place (the township containing it, or the area). */
export async function placeIndexOf(db: Executor, area: Place, level: DetectionLevel, places: Place[]): Promise<PlaceIndex> {
  const rows = rowsOf<{ id: string; path: string }>(
    await db.execute(sql`SELECT id::text AS id, path FROM jurisdictions WHERE path LIKE ${`${area.path}%`}`),
  );
  const index: PlaceIndex = new Map();
  for (const row of rows) {
    if (level === 'district') index.set(row.id, area.id);
    else index.set(row.id, places.find((p) => row.path.startsWith(p.path))?.id ?? null);
  }
  return index;
}

/** Counts of one subject over one area: per place, and for the area as a whole. */
export interface DailySeries {
  places: Place[];
  counts: Map<string, Float64Array>;
  /** every case (or feed value) of the area, in a place or not: the district-level series */
  total: Float64Array;
  days: number;
  /** proportion feeds only: the denominators per place and day (0 = no denominator that day: missing) */
  denominators?: Map<string, Float64Array>;
  /** proportion feeds only: the whole area's denominators */
  totalDenominator?: Float64Array;
}

/**
 * Counts per place and day, zero-filled: `counts.get(placeId)[i]` is day `from + i`; `total[i]` is the whole
 * area's. One query.
 *
 * From the aggregate and from feeds the query groups by recorded jurisdiction and day with no join (an
 * index-only range read), and each row is added to its place through `index`; from case_reports the places are
 * resolved in SQL from the materialised path.
 */
export async function readDailySeries(
  db: Executor,
  query: SeriesQuery,
  knownPlaces?: Place[],
  knownIndex?: PlaceIndex,
): Promise<DailySeries> {
  const places = knownPlaces ?? (await placesOf(db, query.area, query.level));
  const days = Math.max(0, dayNumber(query.to) - dayNumber(query.from) + 1);
  const counts = new Map<string, Float64Array>(places.map((p) => [p.id, new Float64Array(days)]));
  const total = new Float64Array(days);
  if (days === 0) return { places, counts, total, days };
  const proportion = query.proportion === true && query.subject.feedTypeId !== undefined;
  const denominators = proportion ? new Map<string, Float64Array>(places.map((p) => [p.id, new Float64Array(days)])) : undefined;
  const totalDenominator = proportion ? new Float64Array(days) : undefined;
  const add = (place: string | null | undefined, i: number, n: number, d = 0) => {
    if (i < 0 || i >= days) return;
    total[i]! += n;
    const series = place ? counts.get(place) : undefined;
    if (series) series[i]! += n;
    if (totalDenominator) {
      totalDenominator[i]! += d;
      const den = place ? denominators!.get(place) : undefined;
      if (den) den[i]! += d;
    }
  };
  const byJurisdiction = async (statement: SQL) => {
    const index = knownIndex ?? (await placeIndexOf(db, query.area, query.level, places));
    for (const row of rowsOf<{ j: string; i: number; n: number; d?: number | null }>(await db.execute(statement))) {
      // Rows of other areas are read (the query has no join) and skipped here.
      if (index.has(row.j)) add(index.get(row.j), Number(row.i), Number(row.n), Number(row.d ?? 0));
    }
  };
  if (query.subject.diseaseId !== undefined) {
    if (await hasCaseAggregate(db)) {
      // One row per jurisdiction with its days packed as 'i:n,i:n,…': years of daily rows cross the driver (and
      // PGlite's wire format) as a few strings instead of tens of thousands of row objects.
      const index = knownIndex ?? (await placeIndexOf(db, query.area, query.level, places));
      const rows = rowsOf<{ j: string; s: string }>(
        await db.execute(sql`
          SELECT c.jurisdiction_id::text AS j, string_agg((c.date - ${query.from}::date)::text || ':' || c.count::text, ',') AS s
          FROM case_daily_counts c
          WHERE c.basis = ${query.dateBasis} AND c.disease_id = ${query.subject.diseaseId}::uuid
            AND c.date BETWEEN ${query.from}::date AND ${query.to}::date
          GROUP BY 1`),
      );
      for (const row of rows) {
        if (!index.has(row.j)) continue;
        const place = index.get(row.j);
        for (const pair of row.s.split(',')) {
          const colon = pair.indexOf(':');
          add(place, Number(pair.slice(0, colon)), Number(pair.slice(colon + 1)));
        }
      }
      if (query.exerciseId) {
        // the exercise's reports (status 'exercise', never in the aggregate), by the aggregate's day rule
        const day =
          query.dateBasis === 'onset'
            ? sql`coalesce(c.onset_date, (c.diagnosis_at AT TIME ZONE INTERVAL ${sql.raw(`'${DISTRICT_UTC_OFFSET}'`)})::date)`
            : sql`(c.reported_at AT TIME ZONE INTERVAL ${sql.raw(`'${DISTRICT_UTC_OFFSET}'`)})::date`;
        await byJurisdiction(sql`
          SELECT c.jurisdiction_id::text AS j, (${day} - ${query.from}::date) AS i, count(*)::float8 AS n
          FROM case_reports c
          WHERE c.exercise_id = ${query.exerciseId}::uuid AND c.status = 'exercise' AND c.disease_id = ${query.subject.diseaseId}::uuid
            AND c.classification <> 'excluded' AND ${day} BETWEEN ${query.from}::date AND ${query.to}::date
          GROUP BY 1, 2`);
      }
      return { places, counts, total, days };
    }
    const place = places.length > 0 ? placeExpression(places, query.level, query.area) : sql`NULL::text`;
    const day =
      query.dateBasis === 'onset'
        ? sql`coalesce(c.onset_date, (c.diagnosis_at AT TIME ZONE INTERVAL ${sql.raw(`'${DISTRICT_UTC_OFFSET}'`)})::date)`
        : sql`(c.reported_at AT TIME ZONE INTERVAL ${sql.raw(`'${DISTRICT_UTC_OFFSET}'`)})::date`;
    const rows = rowsOf<{ place: string | null; i: number; n: number }>(
      await db.execute(sql`
        SELECT ${place} AS place, (${day} - ${query.from}::date) AS i, count(*)::float8 AS n
        FROM case_reports c JOIN jurisdictions j ON j.id = c.jurisdiction_id
        WHERE c.disease_id = ${query.subject.diseaseId}::uuid AND c.classification <> 'excluded'
          AND ${query.exerciseId ? sql`(c.status = 'active' OR (c.status = 'exercise' AND c.exercise_id = ${query.exerciseId}::uuid))` : sql`c.status = 'active'`}
          AND ${day} BETWEEN ${query.from}::date AND ${query.to}::date AND j.path LIKE ${`${query.area.path}%`}
        GROUP BY 1, 2`),
    );
    for (const row of rows) add(row.place, Number(row.i), Number(row.n));
    return { places, counts, total, days };
  }
  // Feeds: real counts only, or real and this exercise's in exercise mode.
  const feedMark = query.exerciseId
    ? sql`(f.exercise_id IS NULL OR f.exercise_id = ${query.exerciseId}::uuid)`
    : sql`f.exercise_id IS NULL`;
  // Feeds: the value summed over sites and places. For a proportion also the denominator, from the values filed
  // with one (the share of a day is Σ value / Σ denominator, so sites weigh by their visits).
  if (proportion) {
    await byJurisdiction(sql`
      SELECT f.jurisdiction_id::text AS j, (f.date - ${query.from}::date) AS i, sum(f.value)::float8 AS n, sum(f.denominator)::float8 AS d
      FROM feed_counts f
      WHERE f.feed_type_id = ${query.subject.feedTypeId}::uuid AND f.date BETWEEN ${query.from}::date AND ${query.to}::date AND f.denominator > 0 AND ${feedMark}
      GROUP BY 1, 2`);
    return { places, counts, total, days, denominators, totalDenominator };
  }
  await byJurisdiction(sql`
    SELECT f.jurisdiction_id::text AS j, (f.date - ${query.from}::date) AS i, sum(f.value)::float8 AS n
    FROM feed_counts f
    WHERE f.feed_type_id = ${query.subject.feedTypeId}::uuid AND f.date BETWEEN ${query.from}::date AND ${query.to}::date AND ${feedMark}
    GROUP BY 1, 2`);
  return { places, counts, total, days };
}

/** Sums a daily series into ISO weeks (Monday–Sunday); `firstMonday` is the Monday of week 0. */
export function weeklySums(daily: Float64Array, from: string): { firstMonday: string; weeks: Float64Array } {
  const start = dayNumber(from);
  // 1970-01-01 was a Thursday: day d is a Monday when (d + 3) % 7 === 0.
  const firstMonday = start - ((((start + 3) % 7) + 7) % 7);
  const lastDay = start + daily.length - 1;
  const weeks = new Float64Array(Math.floor((lastDay - firstMonday) / 7) + 1);
  for (let i = 0; i < daily.length; i++) weeks[Math.floor((start + i - firstMonday) / 7)]! += daily[i]!;
  return { firstMonday: isoOfDay(firstMonday), weeks };
}

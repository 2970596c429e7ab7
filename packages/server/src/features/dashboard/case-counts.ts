/**
 * Daily case counts read from the aggregate `case_daily_counts` (migrations/0014_case_daily_counts.sql), which
 * triggers keep equal to a GROUP BY over case_reports (active, not excluded). Detection and the dashboard read
 * series here instead of scanning case_reports: one indexed range read per query.
 *
 * Bases: 'onset' = onset date, or the diagnosis date (China time) when the onset is unknown; 'report' = the
 * date of reported_at in China time (UTC+8).
 *
 * @example
 * const rows = await dailyCaseCounts(database.db, {
 *   diseaseIds: [hfmd.id], scopePaths: scope.paths, basis: 'onset', from: '2026-01-01', to: '2026-03-31',
 *   groupBy: 'township',
 * });
 * // [{ diseaseId, jurisdictionId: <township id>, date: '2026-01-04', count: 3 }, …] (days without cases omitted)
 */
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import type { CountBasis } from './dashboard.tables.ts';

export interface DailyCaseCountsQuery {
  /** only these diseases; omitted: every disease */
  diseaseIds?: readonly string[];
  /**
   * Where: the subtrees whose jurisdictions.path starts with one of these prefixes (a Scope's `paths`) …
   * (one of scopePaths / jurisdictionIds is required; both given: a case must satisfy both)
   */
  scopePaths?: readonly string[];
  /** … or the subtrees of these jurisdictions (each one and everything below it) */
  jurisdictionIds?: readonly string[];
  basis: CountBasis;
  /** first day, 'YYYY-MM-DD' (included) */
  from: string;
  /** last day, 'YYYY-MM-DD' (included) */
  to: string;
  /**
   * 'jurisdiction': per residence jurisdiction as recorded (often a community);
   * 'township': per township (a case recorded above township level keeps its own jurisdiction);
   * 'none': one series per disease (jurisdictionId null).
   */
  groupBy: 'jurisdiction' | 'township' | 'none';
}

export interface DailyCaseCount {
  diseaseId: string;
  /** the group's jurisdiction; null when groupBy is 'none' */
  jurisdictionId: string | null;
  /** 'YYYY-MM-DD' */
  date: string;
  count: number;
}

/** Rows of a raw `execute`, whichever driver: postgres.js gives an array, PGlite an object with `rows`. */
export function executedRows<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** SQL: the jurisdiction row aliased `j` lies in the query's place (scope paths and/or subtree roots). */
export function placeCondition(query: Pick<DailyCaseCountsQuery, 'scopePaths' | 'jurisdictionIds'>): SQL {
  const parts: SQL[] = [];
  if (query.scopePaths) {
    parts.push(
      query.scopePaths.length === 0
        ? sql`false`
        : sql`(${sql.join(
            query.scopePaths.map((p) => sql`j.path LIKE ${`${p}%`}`),
            sql` OR `,
          )})`,
    );
  }
  if (query.jurisdictionIds) {
    parts.push(
      query.jurisdictionIds.length === 0
        ? sql`false`
        : sql`EXISTS (SELECT 1 FROM jurisdictions r WHERE r.id IN (${sql.join(
            query.jurisdictionIds.map((id) => sql`${id}::uuid`),
            sql`, `,
          )}) AND j.path LIKE r.path || '%')`,
    );
  }
  if (parts.length === 0) throw new Error('dailyCaseCounts: give scopePaths or jurisdictionIds');
  return sql.join(parts, sql` AND `);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Daily counts by disease (and jurisdiction or township), days without cases omitted, ordered by date. */
export async function dailyCaseCounts(db: Executor, query: DailyCaseCountsQuery): Promise<DailyCaseCount[]> {
  if (!DAY.test(query.from) || !DAY.test(query.to)) throw new Error('dailyCaseCounts: from/to must be YYYY-MM-DD');
  if (query.diseaseIds && query.diseaseIds.length === 0) return [];
  const group = query.groupBy === 'none' ? sql`NULL::text` : query.groupBy === 'township' ? sql`p.township_id::text` : sql`p.id::text`;
  const diseaseFilter = query.diseaseIds
    ? sql`AND c.disease_id IN (${sql.join(
        query.diseaseIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`
    : sql``;
  // The places are a few hundred rows: resolve each one's township once, then join the (large) aggregate.
  const result = await db.execute(sql`
    WITH p AS (
      SELECT j.id, coalesce(t.id, j.id) AS township_id
      FROM jurisdictions j
      LEFT JOIN jurisdictions t ON t.level = 'township' AND j.path LIKE t.path || '%'
      WHERE ${placeCondition(query)}
    )
    SELECT c.disease_id::text AS "diseaseId", ${group} AS "jurisdictionId", to_char(c.date, 'YYYY-MM-DD') AS "date",
           sum(c.count)::integer AS "count"
    FROM case_daily_counts c
    JOIN p ON p.id = c.jurisdiction_id
    WHERE c.basis = ${query.basis} AND c.date BETWEEN ${query.from}::date AND ${query.to}::date ${diseaseFilter}
    GROUP BY 1, 2, c.date
    ORDER BY c.date, 1, 2`);
  return executedRows<DailyCaseCount>(result).map((r) => ({ ...r, count: Number(r.count) }));
}

/**
 * Queries of the surveillance dashboard. Every query takes the place as path prefixes (the reader's scope, or a
 * jurisdiction inside it, already resolved by the service): nothing outside them is read.
 */
import { type SQLWrapper, and, asc, count, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { alerts, OPEN_ALERT_STATUSES } from '../alerts/index.ts';
import { diseases } from '../catalogue/index.ts';
import { signals } from '../detection/index.ts';
import { executedRows } from './case-counts.ts';
import type { CountBasis } from './dashboard.tables.ts';

/** Alert statuses still needing attention (not discarded, closed or confirmed as an event). */

/** SQL: a jurisdictions.path column lies under one of the prefixes. */
export function underPaths(paths: readonly string[], pathColumn: SQLWrapper = jurisdictions.path) {
  if (paths.length === 0) return sql`false`;
  return sql`(${sql.join(
    paths.map((p) => sql`${pathColumn} LIKE ${`${p}%`}`),
    sql` OR `,
  )})`;
}

export async function findDisease(db: Executor, id: string) {
  const [row] = await db.select().from(diseases).where(eq(diseases.id, id));
  return row;
}

export async function listActiveDiseases(db: Executor) {
  return db.select().from(diseases).where(eq(diseases.active, true)).orderBy(asc(diseases.sortOrder), asc(diseases.code));
}

export async function findJurisdictionById(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: jurisdictions.id,
      code: jurisdictions.code,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      level: jurisdictions.level,
      path: jurisdictions.path,
    })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, id));
  return row;
}

/** The jurisdiction whose path is exactly `path` (a scope root). */
export async function findJurisdictionByPath(db: Executor, path: string) {
  const [row] = await db
    .select({
      id: jurisdictions.id,
      code: jurisdictions.code,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      level: jurisdictions.level,
      path: jurisdictions.path,
    })
    .from(jurisdictions)
    .where(eq(jurisdictions.path, path));
  return row;
}

/** The first day with any case on this basis (history before it is unknown, not zero). */
export async function firstCountedDay(db: Executor, basis: CountBasis): Promise<string | null> {
  const rows = executedRows<{ day: string | null }>(
    await db.execute(sql`SELECT to_char(min(date), 'YYYY-MM-DD') AS day FROM case_daily_counts WHERE basis = ${basis}`),
  );
  return rows[0]?.day ?? null;
}

/** Signals of one disease and basis whose period ends in [from, to], in the places (with their alert's code). */
export async function listSignals(
  db: Executor,
  q: { diseaseId: string; basis: CountBasis; from: string; to: string; paths: readonly string[] },
) {
  return db
    .select({
      id: signals.id,
      kind: signals.kind,
      method: signals.method,
      periodStart: signals.periodStart,
      periodEnd: signals.periodEnd,
      observed: signals.observed,
      expected: signals.expected,
      threshold: signals.threshold,
      explanation: signals.explanation,
      jurisdictionId: signals.jurisdictionId,
      jurisdictionName: jurisdictions.name,
      jurisdictionNameEn: jurisdictions.nameEn,
      alertId: signals.alertId,
      alertCode: alerts.code,
    })
    .from(signals)
    .innerJoin(jurisdictions, eq(jurisdictions.id, signals.jurisdictionId))
    .leftJoin(alerts, eq(alerts.id, signals.alertId))
    .where(
      and(
        eq(signals.diseaseId, q.diseaseId),
        eq(signals.dateBasis, q.basis),
        gte(signals.periodEnd, q.from),
        lte(signals.periodEnd, q.to),
        underPaths(q.paths),
        // real figures only: an exercise's signals (0060) stay on the exercise's own pages
        isNull(signals.exerciseId),
      ),
    )
    .orderBy(asc(signals.periodEnd), asc(jurisdictions.code))
    .limit(2000);
}

/** Townships in (or containing) the places, with their population. */
export async function listTownships(db: Executor, paths: readonly string[]) {
  if (paths.length === 0) return [];
  return db
    .select({
      id: jurisdictions.id,
      code: jurisdictions.code,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      population: jurisdictions.population,
      path: jurisdictions.path,
    })
    .from(jurisdictions)
    .where(
      and(
        eq(jurisdictions.level, 'township'),
        sql`(${underPaths(paths)} OR ${sql.join(
          paths.map((p) => sql`${p} LIKE ${jurisdictions.path} || '%'`),
          sql` OR `,
        )})`,
      ),
    )
    .orderBy(asc(jurisdictions.code));
}

/** Open alerts per township (alerts placed in the township's subtree and in the places). */
export async function openAlertsByTownship(db: Executor, paths: readonly string[]): Promise<Map<string, number>> {
  if (paths.length === 0) return new Map();
  const rows = executedRows<{ township: string; n: number }>(
    await db.execute(sql`
      SELECT t.id::text AS township, count(*)::int AS n
      FROM alerts a
      JOIN jurisdictions j ON j.id = a.jurisdiction_id
      JOIN jurisdictions t ON t.level = 'township' AND j.path LIKE t.path || '%'
      WHERE a.status IN (${sql.join(
        OPEN_ALERT_STATUSES.map((s) => sql`${s}`),
        sql`, `,
      )}) AND a.exercise_id IS NULL AND ${underPaths(paths, sql`j.path`)}
      GROUP BY t.id`),
  );
  return new Map(rows.map((r) => [r.township, Number(r.n)]));
}

/** The communities (and villages) of one township, with their points, by code. */
export async function listCommunities(db: Executor, townshipPath: string) {
  return db
    .select({
      id: jurisdictions.id,
      code: jurisdictions.code,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      population: jurisdictions.population,
      centroid: jurisdictions.centroid,
      path: jurisdictions.path,
    })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.level, 'community'), sql`${jurisdictions.path} LIKE ${townshipPath} || '%'`))
    .orderBy(asc(jurisdictions.code));
}

/** Open alerts per community of a township (an alert placed in the community, such as a reported event). */
export async function openAlertsByCommunity(db: Executor, townshipPath: string): Promise<Map<string, number>> {
  const rows = await db
    .select({ id: alerts.jurisdictionId, n: count() })
    .from(alerts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
    .where(
      and(
        inArray(alerts.status, [...OPEN_ALERT_STATUSES]),
        isNull(alerts.exerciseId),
        eq(jurisdictions.level, 'community'),
        sql`${jurisdictions.path} LIKE ${townshipPath} || '%'`,
      ),
    )
    .groupBy(alerts.jurisdictionId);
  return new Map(rows.map((r) => [r.id, Number(r.n)]));
}

/** Open alerts per disease in the places. */
export async function openAlertsByDisease(db: Executor, paths: readonly string[]): Promise<Map<string, number>> {
  if (paths.length === 0) return new Map();
  const rows = await db
    .select({ diseaseId: alerts.diseaseId, n: count() })
    .from(alerts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
    .where(and(inArray(alerts.status, [...OPEN_ALERT_STATUSES]), isNull(alerts.exerciseId), underPaths(paths)))
    .groupBy(alerts.diseaseId);
  return new Map(rows.filter((r) => r.diseaseId !== null).map((r) => [r.diseaseId!, Number(r.n)]));
}

const LEVEL_ORDER = sql`CASE ${alerts.warningLevel} WHEN 'red' THEN 0 WHEN 'orange' THEN 1 WHEN 'yellow' THEN 2 WHEN 'blue' THEN 3 ELSE 4 END`;

/**
 * The open alerts most in need of attention: those with a verification deadline first (soonest first), then by
 * warning level, newest first.
 */
export async function listOpenAlerts(db: Executor, paths: readonly string[], limit: number) {
  const where = and(inArray(alerts.status, [...OPEN_ALERT_STATUSES]), isNull(alerts.exerciseId), underPaths(paths));
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: alerts.id,
        code: alerts.code,
        title: alerts.title,
        status: alerts.status,
        warningLevel: alerts.warningLevel,
        diseaseId: alerts.diseaseId,
        diseaseName: diseases.name,
        diseaseNameEn: diseases.nameEn,
        jurisdictionId: alerts.jurisdictionId,
        jurisdictionName: jurisdictions.name,
        jurisdictionNameEn: jurisdictions.nameEn,
        signalCount: alerts.signalCount,
        verificationDueAt: alerts.verificationDueAt,
        createdAt: alerts.createdAt,
      })
      .from(alerts)
      .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
      .leftJoin(diseases, eq(diseases.id, alerts.diseaseId))
      .where(where)
      .orderBy(
        sql`CASE WHEN ${alerts.status} IN ('new', 'verifying') AND ${alerts.verificationDueAt} IS NOT NULL THEN 0 ELSE 1 END`,
        sql`CASE WHEN ${alerts.status} IN ('new', 'verifying') THEN ${alerts.verificationDueAt} END ASC NULLS LAST`,
        LEVEL_ORDER,
        sql`${alerts.createdAt} DESC`,
      )
      .limit(limit),
    db.select({ n: count() }).from(alerts).innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId)).where(where),
  ]);
  return { total: Number(total?.n ?? 0), rows };
}

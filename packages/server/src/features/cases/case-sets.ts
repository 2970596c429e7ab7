/**
 * Case sets: the cases behind a signal, an alert or an incident, described by what detection counted (a disease,
 * the places, a period of days on a date basis) and listed for a reader within their rights (issue 12, items 1
 * and 5). The rule is detection's own (detection.counts.ts): status 'active', classification not 'excluded';
 * the onset basis falls back to the diagnosis day (China time, UTC+8) when the onset is unknown; the report basis
 * is the day of reported_at in China time. So a line list holds exactly the cases a signal counted.
 *
 * Reading: the count of a set is a figure (signals and reports show it to readers without cases.read); the line
 * list is records, so it is limited to the reader's cases.read scope (residence, and the facility for a
 * hospital reporter) and presented as the case list presents them (identity masked unless cases.identity covers
 * the case: docs/cases.md).
 *
 * @example
 * const list = await caseLineListFor(database, principal, { sets: [{ diseaseId, areaPaths: [township.path],
 *   dateBasis: 'onset', from: '2026-11-20', to: '2026-12-06' }] });
 */
import { type SQL, and, eq, inArray, ne, or, sql } from 'drizzle-orm';
import { facilityScopeFor, hasRight, inFacilityScope, type Principal } from '../../platform/auth/scope.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { caseReaderOf, presentSummary } from './cases.service.ts';
import { caseSetSummaries, countMatching, findCaseRef, townshipsOfPaths } from './cases.store.ts';
import { caseReports } from './cases.tables.ts';

/** One part of a case set: a disease, places (jurisdiction paths, each with its subtree) and a period of days. */
export interface CaseSetCriteria {
  diseaseId: string;
  /** materialised paths of the places; a case resident anywhere in one of their subtrees belongs */
  areaPaths: string[];
  dateBasis: 'onset' | 'report';
  /** first and last district day, 'YYYY-MM-DD', inclusive */
  from: string;
  to: string;
  /**
   * The exercise whose records count too (docs/exercises.md): the set of an exercise's signal, alert or incident
   * holds the real counted reports and that exercise's own reports (status 'exercise'), as detection in exercise
   * mode counted them; without it (a real set) no exercise report ever belongs.
   */
  exerciseId?: string | null;
}

/** At most this many cases in one line list (a signal of a district-wide rise can count hundreds). */
export const LINE_LIST_LIMIT = 500;

/** SQL: the district day of a timestamptz column. */
const localDay = (column: SQL | typeof caseReports.reportedAt | typeof caseReports.diagnosisAt) =>
  sql`((${column} AT TIME ZONE 'UTC') + interval '8 hours')::date`;
/** SQL: a report's onset day (the diagnosis day when the onset is unknown). */
export const onsetDaySql = sql`coalesce(${caseReports.onsetDate}, ${localDay(caseReports.diagnosisAt)})`;

/** SQL: the report counts (active, not excluded) — detection's rule. */
export const countedCaseSql: SQL = and(eq(caseReports.status, 'active'), ne(caseReports.classification, 'excluded'))!;

/**
 * SQL: the report counts for a set of `exerciseId` — a counted real report, or (for an exercise's set) a report of
 * that exercise, not excluded. Null: real reports only (countedCaseSql).
 */
export function countedCaseSqlFor(exerciseId: string | null | undefined): SQL {
  if (!exerciseId) return countedCaseSql;
  return and(
    ne(caseReports.classification, 'excluded'),
    or(eq(caseReports.status, 'active'), and(eq(caseReports.status, 'exercise'), eq(caseReports.exerciseId, exerciseId))),
  )!;
}

/** SQL over case_reports: the report belongs to one of the sets (counted reports only). */
export function caseSetMatch(sets: readonly CaseSetCriteria[]): SQL {
  const parts = sets
    .filter((s) => s.areaPaths.length > 0)
    .map((s) => {
      const day = s.dateBasis === 'report' ? localDay(caseReports.reportedAt) : onsetDaySql;
      const places = sql.join(
        s.areaPaths.map((p) => sql`r.path LIKE ${`${p}%`}`),
        sql` OR `,
      );
      return and(
        countedCaseSqlFor(s.exerciseId),
        eq(caseReports.diseaseId, s.diseaseId),
        sql`${caseReports.jurisdictionId} IN (SELECT r.id FROM jurisdictions r WHERE ${places})`,
        sql`${day} BETWEEN ${s.from}::date AND ${s.to}::date`,
      )!;
    });
  if (parts.length === 0) return sql`false`;
  return or(...parts)!;
}

/** The earliest onset day (diagnosis day when unknown) among the cases of the sets, or null when they hold none. */
export async function earliestOnsetOf(db: Executor, sets: readonly CaseSetCriteria[]): Promise<string | null> {
  if (sets.length === 0) return null;
  const [row] = await db
    .select({ day: sql<string | null>`min(${onsetDaySql})::text` })
    .from(caseReports)
    .where(caseSetMatch(sets));
  return row?.day ?? null;
}

/** How many reports the sets hold (counted ones; unscoped: a figure). */
export async function countCaseSet(db: Executor, sets: readonly CaseSetCriteria[]): Promise<number> {
  return sets.length === 0 ? 0 : countMatching(db, caseSetMatch(sets));
}

/** The ids of the reports of the sets (counted ones), at most `limit`. */
export async function caseIdsOf(db: Executor, sets: readonly CaseSetCriteria[], limit = LINE_LIST_LIMIT): Promise<string[]> {
  if (sets.length === 0) return [];
  const rows = await db.select({ id: caseReports.id }).from(caseReports).where(caseSetMatch(sets)).orderBy(caseReports.code).limit(limit);
  return rows.map((r) => r.id);
}

export interface CaseLineItem extends ReturnType<typeof presentSummary> {
  township: { id: string; name: string; nameEn: string } | null;
  /** the case matches the sets (rather than only being among `extraIds`) */
  matched: boolean;
}

export interface CaseLineList {
  /** cases of the set (or the extra ids), whoever may read them: the figure */
  total: number;
  /** the reader holds cases.read (else `items` is empty and only `total` is told) */
  canRead: boolean;
  /** the cases the reader may see, by onset */
  items: CaseLineItem[];
  /** cases of the set outside the reader's scope (another township, another facility) */
  hidden: number;
  /** more cases than LINE_LIST_LIMIT were in the reader's scope: the list is cut */
  truncated: boolean;
}

/**
 * The line list of a case set (the sets, plus `extraIds`: cases linked by hand) for `principal`. `counted`
 * restricts the extra ids to counted reports too (an incident's figures count only those).
 */
export async function caseLineListFor(
  database: Database,
  principal: Principal,
  input: {
    sets: readonly CaseSetCriteria[];
    extraIds?: readonly string[];
    limit?: number;
    /** the exercise whose reports among `extraIds` count (an exercise incident's linked cases) */
    exerciseId?: string | null;
  },
): Promise<CaseLineList> {
  const db = database.db;
  const setMatch = caseSetMatch(input.sets);
  const extra =
    input.extraIds && input.extraIds.length > 0
      ? and(countedCaseSqlFor(input.exerciseId), inArray(caseReports.id, [...input.extraIds]))
      : undefined;
  const match = extra ? or(setMatch, extra)! : setMatch;
  const total = await countMatching(db, match);
  if (!hasRight(principal, 'cases.read')) return { total, canRead: false, items: [], hidden: total, truncated: false };
  const limit = input.limit ?? LINE_LIST_LIMIT;
  const scope = facilityScopeFor(principal, 'cases.read');
  const rows = await caseSetSummaries(db, scope, match, { limit: limit + 1, flag: setMatch });
  const truncated = rows.length > limit;
  const shown = rows.slice(0, limit);
  const reader = caseReaderOf(principal);
  const townships = await townshipsOfPaths(
    db,
    shown.map((r) => r.residencePath),
  );
  const visible = truncated ? await countMatching(db, match, scope) : shown.length;
  return {
    total,
    canRead: true,
    items: shown.map((r) => ({ ...presentSummary(r, reader), township: townships.get(r.residencePath) ?? null, matched: r.flagged })),
    hidden: Math.max(0, total - visible),
    truncated,
  };
}

/**
 * A report the principal may read (cases.read scope), by id or by code, with what linking needs: null when none
 * (or outside the scope, which is the same to the caller).
 */
export async function readableCaseRef(
  db: Executor,
  principal: Principal,
  ref: { id?: string; code?: string },
): Promise<{
  id: string;
  code: string;
  status: string;
  classification: string;
  mergedInto: string | null;
  jurisdictionId: string;
  exerciseId: string | null;
} | null> {
  if (!hasRight(principal, 'cases.read')) return null;
  return (await findCaseRef(db, facilityScopeFor(principal, 'cases.read'), ref)) ?? null;
}

/**
 * The ids among `ids` of the reports the principal may read: the cases.read scope, residence and role (a hospital
 * reporter only the reports its facility filed). For a read model that lists cases another record links to (an
 * incident's cases behind a figure): pass every case through this before showing its code. Empty without cases.read.
 *
 * @example
 * const readable = await readableCaseIds(db, principal, facts.cases.map((c) => c.id));
 */
export async function readableCaseIds(db: Executor, principal: Principal, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0 || !hasRight(principal, 'cases.read')) return new Set();
  const scope = facilityScopeFor(principal, 'cases.read');
  const unique = [...new Set(ids)];
  const found = new Set<string>();
  // in slices: a district-wide table may name thousands of cases, and a bind list has a limit
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .select({ id: caseReports.id })
      .from(caseReports)
      .where(
        and(inArray(caseReports.id, unique.slice(i, i + 1000)), inFacilityScope(scope, caseReports.jurisdictionId, caseReports.facilityId)),
      );
    for (const r of rows) found.add(r.id);
  }
  return found;
}

/**
 * Every query of case reports and the disease catalogue. Case reports are scoped by the residence
 * jurisdiction and, for a hospital reporter, the reporting facility (`caseInScope(scope)`, from
 * `facilityScopeFor`) in every query; the catalogue is district-wide data without scope.
 */
import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gte,
  inArray,
  isNotNull,
  isNull,
  lt,
  lte,
  ne,
  or,
  type SQL,
  sql,
  type SQLWrapper,
} from 'drizzle-orm';
import { alias, unionAll } from 'drizzle-orm/pg-core';
import { inFacilityScope, inScope, reachOf, type Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { facilities } from '../registry/index.ts';
import { caseReports } from './cases.tables.ts';
import { diseases } from '../catalogue/index.ts';
import type { CaseListQuery } from './cases.schema.ts';
import { chinaDayBounds } from './timeliness.ts';

// ── case reports ────────────────────────────────────────────────────────────────────────────────

const facility = alias(facilities, 'reporting_facility');

/** SQL: the report lies in the scope (residence, and the reporting facility for a facility-bound reader). */
function caseInScope(scope: Scope, table: { jurisdictionId: SQLWrapper; facilityId: SQLWrapper } = caseReports): SQL {
  return inFacilityScope(scope, table.jurisdictionId, table.facilityId);
}

/** Columns of a case summary (joined names; no identity number beyond the mask). */
const summaryColumns = {
  id: caseReports.id,
  code: caseReports.code,
  diseaseId: caseReports.diseaseId,
  diseaseCode: diseases.code,
  diseaseName: diseases.name,
  diseaseNameEn: diseases.nameEn,
  diseaseClass: diseases.class,
  reportDeadlineHours: diseases.reportDeadlineHours,
  jurisdictionId: caseReports.jurisdictionId,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
  jurisdictionPath: jurisdictions.path,
  personName: caseReports.personName,
  sex: caseReports.sex,
  birthDate: caseReports.birthDate,
  idType: caseReports.idType,
  idNumberMasked: caseReports.idNumberMasked,
  classification: caseReports.classification,
  onsetDate: caseReports.onsetDate,
  diagnosisAt: caseReports.diagnosisAt,
  reportedAt: caseReports.reportedAt,
  reviewedAt: caseReports.reviewedAt,
  reviewStatus: caseReports.reviewStatus,
  version: caseReports.version,
  facilityId: caseReports.facilityId,
  facilityName: facility.name,
  facilityNameEn: facility.nameEn,
  severity: caseReports.severity,
  outcome: caseReports.outcome,
  source: caseReports.source,
  status: caseReports.status,
  mergedInto: caseReports.mergedInto,
  exerciseId: caseReports.exerciseId,
};

export type CaseSummaryRow = {
  [K in keyof typeof summaryColumns]: (typeof summaryColumns)[K]['_']['notNull'] extends true
    ? (typeof summaryColumns)[K]['_']['data']
    : (typeof summaryColumns)[K]['_']['data'] | null;
};

function summaryQuery(db: Executor) {
  return db
    .select(summaryColumns)
    .from(caseReports)
    .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, caseReports.jurisdictionId))
    .leftJoin(facility, eq(facility.id, caseReports.facilityId));
}

const late = sql`${caseReports.reportedAt} - ${caseReports.diagnosisAt} > ${diseases.reportDeadlineHours} * interval '1 hour'`;

/**
 * The name or the code contains `text` (any characters taken literally, letters in any case): the gram index of
 * migration 0022 (`case_reports_search_idx`) finds the candidates, `strpos` checks them.
 */
function nameOrCodeContains(text: string): SQL {
  // the very expression of the index, so that the planner can use it
  return sql`(case_search_grams(${caseReports.personName}, ${caseReports.code}) @> case_search_query_grams(${text}::text)
    AND (strpos(lower(${caseReports.personName}), lower(${text}::text)) > 0 OR strpos(lower(${caseReports.code}), lower(${text}::text)) > 0))`;
}

function listConditions(scope: Scope, q: CaseListQuery): SQL[] {
  const where: SQL[] = [caseInScope(scope)];
  if (q.status !== 'all') where.push(eq(caseReports.status, q.status));
  if (q.diseaseId) where.push(eq(caseReports.diseaseId, q.diseaseId));
  if (q.classification) where.push(eq(caseReports.classification, q.classification));
  if (q.facilityId) where.push(eq(caseReports.facilityId, q.facilityId));
  if (q.jurisdictionId) {
    where.push(
      sql`${caseReports.jurisdictionId} IN (SELECT j.id FROM jurisdictions j WHERE j.path LIKE (SELECT p.path FROM jurisdictions p WHERE p.id = ${q.jurisdictionId}) || '%')`,
    );
  }
  if (q.from || q.to) {
    if (q.dateField === 'onset') {
      if (q.from) where.push(gte(caseReports.onsetDate, q.from));
      if (q.to) where.push(lte(caseReports.onsetDate, q.to));
    } else {
      const column = q.dateField === 'diagnosis' ? caseReports.diagnosisAt : caseReports.reportedAt;
      const { start, end } = chinaDayBounds(q.from ?? '1900-01-01', q.to ?? '2999-12-31');
      if (q.from) where.push(gte(column, start));
      if (q.to) where.push(lt(column, end));
    }
  }
  if (q.q) where.push(nameOrCodeContains(q.q));
  if (q.timeliness === 'late') where.push(late);
  if (q.timeliness === 'on_time') where.push(sql`NOT (${late})`);
  // reviewed: approved by the CDC (a correction sends a card back to review, 0044)
  if (q.reviewed === 'true') where.push(eq(caseReports.reviewStatus, 'approved'));
  if (q.reviewed === 'false') where.push(ne(caseReports.reviewStatus, 'approved'));
  if (q.reviewStatus) where.push(eq(caseReports.reviewStatus, q.reviewStatus));
  return where;
}

/** Only the timeliness filter reads the disease (its reporting deadline): the other queries leave the join out. */
const needsDisease = (q: CaseListQuery) => q.timeliness !== undefined;

/**
 * Whether the list covers only part of the district — a township filter, or a reader whose whole scope is below
 * the root (a township officer) — so that its page is best found place by place (`placesPage`). Not for a search
 * (its gram index finds the candidates) nor the timeliness filter (it joins the disease).
 */
function coversPartOfDistrict(scope: Scope, q: CaseListQuery): boolean {
  if (q.q || needsDisease(q)) return false;
  if (q.jurisdictionId) return true;
  // a path '/<root>/…/' below the root has at least two ids in it
  const belowRoot = (path: string) => path.split('/').filter(Boolean).length >= 2;
  return scope.paths.length > 0 && scope.paths.every(belowRoot) && (scope.facility?.paths ?? []).every(belowRoot);
}

/**
 * The ids of a page found place by place: for each jurisdiction the list can reach (within the filter's subtree
 * and the reader's reach), its newest `offset + limit` matching reports through migration 0073's index
 * (jurisdiction, status, report time, code), then the page of their union in the list's order. The result is
 * the page of the plain query: every condition of the list still applies to each report inside the lateral
 * subquery; the places only prune the jurisdictions whose reports could not match anyway, and no place's
 * reports beyond its own first `offset + limit` can be on the page. A township costs its communities × a page
 * of index entries instead of reading and sorting all its reports (1.2 s on the million, issue 11).
 */
function placesPage(db: Executor, scope: Scope, q: CaseListQuery, limit: number, offset: number) {
  const place = alias(jurisdictions, 'list_place');
  const reach = reachOf(scope).paths;
  const placeConditions: SQL[] = [reach.length === 0 ? sql`false` : or(...reach.map((p) => sql`${place.path} LIKE ${`${p}%`}`))!];
  if (q.jurisdictionId) {
    placeConditions.push(sql`${place.path} LIKE (SELECT f.path FROM jurisdictions f WHERE f.id = ${q.jurisdictionId}) || '%'`);
  }
  const newest = db
    .select({ id: caseReports.id, reportedAt: caseReports.reportedAt, code: caseReports.code })
    .from(caseReports)
    .where(and(eq(caseReports.jurisdictionId, place.id), ...listConditions(scope, q)))
    .orderBy(desc(caseReports.reportedAt), desc(caseReports.code))
    .limit(offset + limit)
    .as('newest');
  return db
    .select({ id: newest.id })
    .from(place)
    .innerJoinLateral(newest, sql`true`)
    .where(and(...placeConditions))
    .orderBy(desc(newest.reportedAt), desc(newest.code))
    .limit(limit)
    .offset(offset);
}

/**
 * A page of case summaries in scope, newest report first. The page's ids are found first from case_reports alone
 * (through the report-time order of migration 0033's index, or place by place for part of the district), and
 * only those rows are joined with the disease, the place and the facility: a deep page skips its offset without
 * joining the rows it skips.
 */
export async function listCasePage(db: Executor, scope: Scope, q: CaseListQuery): Promise<CaseSummaryRow[]> {
  const rows = await summaryQuery(db)
    .where(inArray(caseReports.id, casePageIds(db, scope, q)))
    .orderBy(desc(caseReports.reportedAt), desc(caseReports.code));
  return rows as CaseSummaryRow[];
}

/** The query of a page's ids (exported for the test of its plan). */
export function casePageIds(db: Executor, scope: Scope, q: CaseListQuery) {
  const offset = (q.page - 1) * q.pageSize;
  if (coversPartOfDistrict(scope, q)) return placesPage(db, scope, q, q.pageSize, offset);
  const base = db.select({ id: caseReports.id }).from(caseReports);
  return (needsDisease(q) ? base.innerJoin(diseases, eq(diseases.id, caseReports.diseaseId)) : base)
    .where(and(...listConditions(scope, q)))
    .orderBy(desc(caseReports.reportedAt), desc(caseReports.code))
    .limit(q.pageSize)
    .offset(offset);
}

/** How many reports in scope match the list's filters (every page of one list has the same). */
export async function countCases(db: Executor, scope: Scope, q: CaseListQuery): Promise<number> {
  const base = db.select({ n: sql<number>`count(*)::int` }).from(caseReports);
  const [count] = await (needsDisease(q) ? base.innerJoin(diseases, eq(diseases.id, caseReports.diseaseId)) : base).where(
    and(...listConditions(scope, q)),
  );
  return count?.n ?? 0;
}

/** A page of case summaries in scope, newest report first, with the total count. */
export async function listCases(db: Executor, scope: Scope, q: CaseListQuery): Promise<{ rows: CaseSummaryRow[]; total: number }> {
  const [rows, total] = await Promise.all([listCasePage(db, scope, q), countCases(db, scope, q)]);
  return { rows, total };
}

/**
 * The next `size` case summaries of the list (same filters and order as the list) after the report `afterId`, for
 * exports: keyed on (report time, code) rather than an offset, so that reading a million reports in batches
 * stays linear. The key is read back from the row itself (no millisecond rounding of the timestamp in JS).
 */
export async function listCaseBatch(
  db: Executor,
  scope: Scope,
  q: CaseListQuery,
  afterId: string | null,
  size: number,
): Promise<CaseSummaryRow[]> {
  const where = listConditions(scope, q);
  if (afterId) {
    where.push(
      sql`(${caseReports.reportedAt}, ${caseReports.code}) < (SELECT k.reported_at, k.code FROM case_reports k WHERE k.id = ${afterId})`,
    );
  }
  const base = db.select({ id: caseReports.id }).from(caseReports);
  const batch = (needsDisease(q) ? base.innerJoin(diseases, eq(diseases.id, caseReports.diseaseId)) : base)
    .where(and(...where))
    .orderBy(desc(caseReports.reportedAt), desc(caseReports.code))
    .limit(size);
  const rows = await summaryQuery(db).where(inArray(caseReports.id, batch)).orderBy(desc(caseReports.reportedAt), desc(caseReports.code));
  return rows as CaseSummaryRow[];
}

/** The encrypted identity numbers of the given reports (for an export with full numbers; opened by the caller). */
export async function encryptedIdentities(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: caseReports.id, encrypted: caseReports.idNumberEncrypted })
    .from(caseReports)
    .where(and(inArray(caseReports.id, ids), isNotNull(caseReports.idNumberEncrypted)));
  return new Map(rows.map((r) => [r.id, r.encrypted!]));
}

/** Summaries of the given ids in scope (any status). */
export async function caseSummariesByIds(db: Executor, scope: Scope, ids: string[]): Promise<CaseSummaryRow[]> {
  if (ids.length === 0) return [];
  return (await summaryQuery(db).where(and(inArray(caseReports.id, ids), caseInScope(scope)))) as CaseSummaryRow[];
}

/**
 * What a facility-bound reader (hospital reporter) is told of another facility's reports that possibly duplicate
 * its own: which report, by whom, when — nothing of the person. Within the reader's whole reach (`reachOf`).
 */
export async function otherFacilityCases(db: Executor, scope: Scope, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({
      id: caseReports.id,
      code: caseReports.code,
      diseaseId: caseReports.diseaseId,
      facilityId: caseReports.facilityId,
      facilityName: facility.name,
      facilityNameEn: facility.nameEn,
      diagnosisAt: caseReports.diagnosisAt,
      reportedAt: caseReports.reportedAt,
      status: caseReports.status,
    })
    .from(caseReports)
    .leftJoin(facility, eq(facility.id, caseReports.facilityId))
    .where(and(inArray(caseReports.id, ids), inScope(reachOf(scope), caseReports.jurisdictionId)));
}
export type OtherFacilityCaseRow = Awaited<ReturnType<typeof otherFacilityCases>>[number];

export type CaseRow = typeof caseReports.$inferSelect;

/** The stored report (all columns, including the encrypted number) in scope, locked for update when asked. */
export async function findCaseRow(db: Executor, scope: Scope, id: string, forUpdate = false): Promise<CaseRow | undefined> {
  const query = db
    .select()
    .from(caseReports)
    .where(and(eq(caseReports.id, id), caseInScope(scope)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findCaseSummary(db: Executor, scope: Scope, id: string): Promise<CaseSummaryRow | undefined> {
  const [row] = await caseSummariesByIds(db, scope, [id]);
  return row;
}

/** A report in scope as its summary (joined names) and its whole row, in one statement (its detail page). */
export async function findCaseWithSummary(
  db: Executor,
  scope: Scope,
  id: string,
): Promise<{ summary: CaseSummaryRow; row: CaseRow } | undefined> {
  const [found] = await db
    .select({ summary: summaryColumns, row: getTableColumns(caseReports) })
    .from(caseReports)
    .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, caseReports.jurisdictionId))
    .leftJoin(facility, eq(facility.id, caseReports.facilityId))
    .where(and(eq(caseReports.id, id), caseInScope(scope)));
  return found ? { summary: found.summary as CaseSummaryRow, row: found.row } : undefined;
}

/** Display names of users (reviewer, creator). */
export async function userNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.displayName]));
}

/** The jurisdictions on a materialised path, root first. */
export async function jurisdictionTrail(db: Executor, path: string): Promise<{ id: string; name: string; nameEn: string }[]> {
  const ids = path.split('/').filter(Boolean);
  if (ids.length === 0) return [];
  const rows = await db
    .select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
    .from(jurisdictions)
    .where(inArray(jurisdictions.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

export async function mergedFrom(db: Executor, id: string): Promise<{ id: string; code: string }[]> {
  return db
    .select({ id: caseReports.id, code: caseReports.code })
    .from(caseReports)
    .where(eq(caseReports.mergedInto, id))
    .orderBy(asc(caseReports.code));
}

export async function caseCode(db: Executor, id: string): Promise<string | null> {
  const [row] = await db.select({ code: caseReports.code }).from(caseReports).where(eq(caseReports.id, id));
  return row?.code ?? null;
}

export async function insertCase(db: Executor, values: typeof caseReports.$inferInsert): Promise<CaseRow> {
  const [row] = await db.insert(caseReports).values(values).returning();
  return row!;
}

export async function updateCase(
  db: Executor,
  scope: Scope,
  id: string,
  values: Partial<typeof caseReports.$inferInsert>,
): Promise<CaseRow | undefined> {
  const [row] = await db
    .update(caseReports)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(caseReports.id, id), caseInScope(scope)))
    .returning();
  return row;
}

/** Re-points reports merged into `from` to `into`, so that no chain of merges forms. Returns their ids. */
export async function repointMerged(db: Executor, from: string, into: string): Promise<string[]> {
  const rows = await db
    .update(caseReports)
    .set({ mergedInto: into, updatedAt: new Date() })
    .where(eq(caseReports.mergedInto, from))
    .returning({ id: caseReports.id });
  return rows.map((r) => r.id);
}

export async function jurisdictionPathOf(db: Executor, id: string): Promise<string | null> {
  const [row] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return row?.path ?? null;
}

// ── possible duplicates ─────────────────────────────────────────────────────────────────────────

export interface DuplicatePair {
  a: string;
  b: string;
  match: 'identity' | 'name_birth';
  daysApart: number;
}

/**
 * Pairs of active reports of the same disease and, probably, the same person, diagnosed at most `windowDays`
 * apart: the same identity hash, or the same name and birth date where at least one report has no number
 * (two different numbers are two people). Both reports in scope.
 * Two joins (identity, name + birth) rather than one OR-join, so that each uses its index
 * (`case_reports_identity_idx`, `case_reports_person_idx`).
 */
function pairQueries(
  db: Executor,
  scope: Scope,
  options: { windowDays: number; diseaseId?: string; caseId?: string; since?: Date; olderFrom?: Date },
) {
  const a = alias(caseReports, 'a');
  const b = alias(caseReports, 'b');
  const window = sql`${options.windowDays} * interval '1 day'`;
  const common: SQL[] = [
    eq(a.status, 'active'),
    eq(b.status, 'active'),
    sql`${b.diagnosisAt} BETWEEN ${a.diagnosisAt} - ${window} AND ${a.diagnosisAt} + ${window}`,
    caseInScope(scope, a),
    // a facility-bound reader (hospital reporter) is told of the other facilities' reports that duplicate its own
    // (so as not to report a case twice); the service shows those without the person's data
    scope.facility ? inScope(reachOf(scope), b.jurisdictionId) : caseInScope(scope, b),
  ];
  // each unordered pair once: ordered by id when both sides are readable in full, else the readable side is `a`
  const idOrder = scope.facility ? or(sql`${a.id} < ${b.id}`, sql`NOT ${caseInScope(scope, b)}`)! : sql`${a.id} < ${b.id}`;
  // Each unordered pair once. With caseId, `a` is that report. With since, `a` is a report of the period and `b`
  // is older than the period, or also in it with a larger id.
  if (options.caseId) {
    common.push(eq(a.id, options.caseId), ne(b.id, options.caseId));
  } else if (options.since) {
    common.push(gte(a.reportedAt, options.since), or(lt(b.reportedAt, options.since), idOrder)!);
    // b is diagnosed after the oldest diagnosis of the period minus the window, so reported after that too
    // (this and the period's own bound let both sides be read through case_reports_duplicates_idx)
    if (options.olderFrom) common.push(gte(b.reportedAt, options.olderFrom));
  } else {
    common.push(idOrder);
  }
  if (options.diseaseId) common.push(eq(a.diseaseId, options.diseaseId));
  const columns = {
    // named: a union's subquery cannot have two columns called id
    a: sql<string>`${a.id}`.as('a_id'),
    b: sql<string>`${b.id}`.as('b_id'),
    daysApart: sql<number>`round((abs(extract(epoch from (${a.diagnosisAt} - ${b.diagnosisAt}))) / 86400.0)::numeric, 1)::float8`.as(
      'days_apart',
    ),
    latest: sql<number>`extract(epoch from greatest(${a.reportedAt}, ${b.reportedAt}))::float8`.as('latest'),
  };
  return {
    byIdentity: db
      .select({ ...columns, match: sql<DuplicatePair['match']>`'identity'`.as('match') })
      .from(a)
      .innerJoin(b, and(eq(b.idNumberHash, a.idNumberHash), eq(b.diseaseId, a.diseaseId)))
      .where(and(isNotNull(a.idNumberHash), ...common)),
    byName: db
      .select({ ...columns, match: sql<DuplicatePair['match']>`'name_birth'`.as('match') })
      .from(a)
      .innerJoin(b, and(eq(b.diseaseId, a.diseaseId), eq(b.personName, a.personName), eq(b.birthDate, a.birthDate)))
      .where(and(isNotNull(a.birthDate), or(isNull(a.idNumberHash), isNull(b.idNumberHash)), ...common)),
  };
}

/** The possible duplicates of one report (its detail page), most recent first, at most `limit`. */
export async function findDuplicatesOf(
  db: Executor,
  scope: Scope,
  caseId: string,
  options: { windowDays: number; limit: number },
): Promise<DuplicatePair[]> {
  const { byIdentity, byName } = pairQueries(db, scope, { windowDays: options.windowDays, caseId });
  // one statement (each branch keeps its own limit: the union's parts are parenthesised)
  const rows = await unionAll(byIdentity.limit(options.limit), byName.limit(options.limit));
  return rows
    .map((r) => ({ a: r.a, b: r.b, match: r.match, daysApart: Number(r.daysApart), latest: Number(r.latest) }))
    .sort((x, y) => y.latest - x.latest)
    .slice(0, options.limit)
    .map(({ latest: _latest, ...p }) => p);
}

/**
 * A page of the possible duplicates in scope, the pair with the most recent report first, and how many there are.
 * `since`: only pairs with a report filed from that moment on (a new report of someone reported earlier too).
 */
export async function findDuplicatePairs(
  db: Executor,
  scope: Scope,
  options: { windowDays: number; diseaseId?: string; since?: Date; limit: number; offset: number },
): Promise<{ pairs: DuplicatePair[]; total: number }> {
  let olderFrom: Date | undefined;
  if (options.since) {
    // A bound on the other report's filing time, as a constant the planner can use with the report-time index
    // (a late report of an old diagnosis widens it; the answer stays the same).
    const [oldest] = await db
      .select({ at: sql<number | null>`extract(epoch from min(${caseReports.diagnosisAt}))::float8` })
      .from(caseReports)
      .where(and(gte(caseReports.reportedAt, options.since), eq(caseReports.status, 'active')));
    if (oldest?.at == null) return { pairs: [], total: 0 };
    // (a report may be filed up to a minute before its diagnosis time: migration 0004's check)
    olderFrom = new Date((Number(oldest.at) - options.windowDays * 86_400 - 60) * 1000);
  }
  const queryOptions = { ...options, olderFrom };
  const { byIdentity, byName } = pairQueries(db, scope, queryOptions);
  const pairs = unionAll(byIdentity, byName).as('pairs');
  const rows = await db
    .select({
      a: pairs.a,
      b: pairs.b,
      match: pairs.match,
      daysApart: pairs.daysApart,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(pairs)
    .orderBy(desc(pairs.latest), asc(pairs.a), asc(pairs.b))
    .limit(options.limit)
    .offset(options.offset);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && options.offset > 0) {
    // past the last page: the window count has no row to ride on
    // (fresh builders: a union keeps the queries it was made of)
    const again = pairQueries(db, scope, queryOptions);
    const [count] = await db
      .select({ n: sql<number>`count(*)`.mapWith(Number) })
      .from(unionAll(again.byIdentity, again.byName).as('pairs'));
    total = count?.n ?? 0;
  }
  return { pairs: rows.map((r) => ({ a: r.a, b: r.b, match: r.match, daysApart: Number(r.daysApart) })), total };
}

// ── case sets (the cases behind a signal, an alert or an incident; case-sets.ts) ─────────────────────────

/** How many reports match `match` (without `scope`: a figure, not a record; callers show it only beside a scoped list). */
export async function countMatching(db: Executor, match: SQL, scope?: Scope): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(caseReports)
    .where(scope ? and(match, caseInScope(scope)) : match);
  return Number(row?.n ?? 0);
}

/**
 * Summaries of the reports matching `match` within the scope, by onset (else diagnosis) then code, at most
 * `limit`; `flag` is an SQL boolean returned per row as `flagged` (e.g. "matches by area, disease and period").
 */
export async function caseSetSummaries(
  db: Executor,
  scope: Scope,
  match: SQL,
  options: { limit: number; flag?: SQL },
): Promise<Array<CaseSummaryRow & { residencePath: string; flagged: boolean }>> {
  const rows = await db
    .select({ ...summaryColumns, residencePath: jurisdictions.path, flagged: sql<boolean>`${options.flag ?? sql`false`}` })
    .from(caseReports)
    .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, caseReports.jurisdictionId))
    .leftJoin(facility, eq(facility.id, caseReports.facilityId))
    .where(and(match, caseInScope(scope)))
    .orderBy(
      asc(sql`coalesce(${caseReports.onsetDate}, ((${caseReports.diagnosisAt} AT TIME ZONE 'UTC') + interval '8 hours')::date)`),
      asc(caseReports.code),
    )
    .limit(options.limit);
  return rows.map((r) => ({
    ...(r as CaseSummaryRow & { residencePath: string }),
    flagged: r.flagged === true || String(r.flagged) === 'true',
  }));
}

/** The township of each jurisdiction path (the township whose id is one of the path's segments), by path. */
export async function townshipsOfPaths(db: Executor, paths: string[]): Promise<Map<string, { id: string; name: string; nameEn: string }>> {
  const segments = [...new Set(paths.flatMap((p) => p.split('/').filter(Boolean)))];
  if (segments.length === 0) return new Map();
  const rows = await db
    .select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
    .from(jurisdictions)
    .where(and(inArray(jurisdictions.id, segments), eq(jurisdictions.level, 'township')));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out = new Map<string, { id: string; name: string; nameEn: string }>();
  for (const p of paths) {
    const hit = p.split('/').find((segment) => byId.has(segment));
    if (hit) out.set(p, byId.get(hit)!);
  }
  return out;
}

/** A report in scope by id or code (codes are unique), with its status: what linking it to an incident needs. */
export async function findCaseRef(db: Executor, scope: Scope, ref: { id?: string; code?: string }) {
  const key = ref.id ? eq(caseReports.id, ref.id) : ref.code ? eq(caseReports.code, ref.code.trim().toUpperCase()) : undefined;
  if (!key) return undefined;
  const [row] = await db
    .select({
      id: caseReports.id,
      code: caseReports.code,
      status: caseReports.status,
      classification: caseReports.classification,
      mergedInto: caseReports.mergedInto,
      jurisdictionId: caseReports.jurisdictionId,
      exerciseId: caseReports.exerciseId,
    })
    .from(caseReports)
    .where(and(key, caseInScope(scope)));
  return row;
}

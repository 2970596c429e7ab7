/**
 * Every query of case reports and the disease catalogue. Case reports are scoped by the residence
 * jurisdiction (`inScope(scope, case_reports.jurisdiction_id)`) in every query; the catalogue is district-wide
 * data without scope.
 */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, lte, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias, unionAll } from 'drizzle-orm/pg-core';
import { inScope, type Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { facilities } from '../registry/registry.tables.ts';
import { caseReports, diseases } from './cases.tables.ts';
import type { CaseListQuery, DiseaseCreate, DiseasePatch } from './cases.schema.ts';
import { chinaDayBounds } from './timeliness.ts';

// ── diseases ────────────────────────────────────────────────────────────────────────────────────

export type DiseaseRow = typeof diseases.$inferSelect;

export async function listDiseases(db: Executor, includeInactive: boolean): Promise<DiseaseRow[]> {
  return db
    .select()
    .from(diseases)
    .where(includeInactive ? undefined : eq(diseases.active, true))
    .orderBy(asc(diseases.sortOrder), asc(diseases.code));
}

export async function findDisease(db: Executor, id: string): Promise<DiseaseRow | undefined> {
  const [row] = await db.select().from(diseases).where(eq(diseases.id, id));
  return row;
}

export async function insertDisease(db: Executor, values: DiseaseCreate & { reportDeadlineHours: number; verificationHours: number }): Promise<DiseaseRow> {
  const [row] = await db.insert(diseases).values(values).returning();
  return row!;
}

export async function updateDisease(db: Executor, id: string, patch: DiseasePatch): Promise<DiseaseRow | undefined> {
  const [row] = await db
    .update(diseases)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(diseases.id, id))
    .returning();
  return row;
}

// ── case reports ────────────────────────────────────────────────────────────────────────────────

const facility = alias(facilities, 'reporting_facility');

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
  facilityId: caseReports.facilityId,
  facilityName: facility.name,
  facilityNameEn: facility.nameEn,
  severity: caseReports.severity,
  outcome: caseReports.outcome,
  source: caseReports.source,
  status: caseReports.status,
  mergedInto: caseReports.mergedInto,
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
  const where: SQL[] = [inScope(scope, caseReports.jurisdictionId)];
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
  if (q.reviewed === 'true') where.push(isNotNull(caseReports.reviewedAt));
  if (q.reviewed === 'false') where.push(isNull(caseReports.reviewedAt));
  return where;
}

/** A page of case summaries in scope, newest report first, with the total count. */
export async function listCases(db: Executor, scope: Scope, q: CaseListQuery): Promise<{ rows: CaseSummaryRow[]; total: number }> {
  const where = and(...listConditions(scope, q));
  const [rows, [count]] = await Promise.all([
    summaryQuery(db)
      .where(where)
      .orderBy(desc(caseReports.reportedAt), desc(caseReports.code))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(caseReports)
      .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
      .where(where),
  ]);
  return { rows: rows as CaseSummaryRow[], total: count?.n ?? 0 };
}

/** Summaries of the given ids in scope (any status). */
export async function caseSummariesByIds(db: Executor, scope: Scope, ids: string[]): Promise<CaseSummaryRow[]> {
  if (ids.length === 0) return [];
  return (await summaryQuery(db).where(and(inArray(caseReports.id, ids), inScope(scope, caseReports.jurisdictionId)))) as CaseSummaryRow[];
}

export type CaseRow = typeof caseReports.$inferSelect;

/** The stored report (all columns, including the encrypted number) in scope, locked for update when asked. */
export async function findCaseRow(db: Executor, scope: Scope, id: string, forUpdate = false): Promise<CaseRow | undefined> {
  const query = db
    .select()
    .from(caseReports)
    .where(and(eq(caseReports.id, id), inScope(scope, caseReports.jurisdictionId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export async function findCaseSummary(db: Executor, scope: Scope, id: string): Promise<CaseSummaryRow | undefined> {
  const [row] = await caseSummariesByIds(db, scope, [id]);
  return row;
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
  const rows = await db.select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn }).from(jurisdictions).where(inArray(jurisdictions.id, ids));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

export async function mergedFrom(db: Executor, id: string): Promise<{ id: string; code: string }[]> {
  return db.select({ id: caseReports.id, code: caseReports.code }).from(caseReports).where(eq(caseReports.mergedInto, id)).orderBy(asc(caseReports.code));
}

export async function caseCode(db: Executor, id: string): Promise<string | null> {
  const [row] = await db.select({ code: caseReports.code }).from(caseReports).where(eq(caseReports.id, id));
  return row?.code ?? null;
}

export async function insertCase(db: Executor, values: typeof caseReports.$inferInsert): Promise<CaseRow> {
  const [row] = await db.insert(caseReports).values(values).returning();
  return row!;
}

export async function updateCase(db: Executor, scope: Scope, id: string, values: Partial<typeof caseReports.$inferInsert>): Promise<CaseRow | undefined> {
  const [row] = await db
    .update(caseReports)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(caseReports.id, id), inScope(scope, caseReports.jurisdictionId)))
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
function pairQueries(db: Executor, scope: Scope, options: { windowDays: number; diseaseId?: string; caseId?: string; since?: Date; olderFrom?: Date }) {
  const a = alias(caseReports, 'a');
  const b = alias(caseReports, 'b');
  const window = sql`${options.windowDays} * interval '1 day'`;
  const common: SQL[] = [
    eq(a.status, 'active'),
    eq(b.status, 'active'),
    sql`${b.diagnosisAt} BETWEEN ${a.diagnosisAt} - ${window} AND ${a.diagnosisAt} + ${window}`,
    inScope(scope, a.jurisdictionId),
    inScope(scope, b.jurisdictionId),
  ];
  // Each unordered pair once. With caseId, `a` is that report. With since, `a` is a report of the period and `b`
  // is older than the period, or also in it with a larger id.
  if (options.caseId) {
    common.push(eq(a.id, options.caseId), ne(b.id, options.caseId));
  } else if (options.since) {
    common.push(gte(a.reportedAt, options.since), or(lt(b.reportedAt, options.since), sql`${a.id} < ${b.id}`)!);
    // b is diagnosed after the oldest diagnosis of the period minus the window, so reported after that too
    // (this and the period's own bound let both sides be read through case_reports_duplicates_idx)
    if (options.olderFrom) common.push(gte(b.reportedAt, options.olderFrom));
  } else {
    common.push(sql`${a.id} < ${b.id}`);
  }
  if (options.diseaseId) common.push(eq(a.diseaseId, options.diseaseId));
  const columns = {
    // named: a union's subquery cannot have two columns called id
    a: sql<string>`${a.id}`.as('a_id'),
    b: sql<string>`${b.id}`.as('b_id'),
    daysApart: sql<number>`round((abs(extract(epoch from (${a.diagnosisAt} - ${b.diagnosisAt}))) / 86400.0)::numeric, 1)::float8`.as('days_apart'),
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
  const rows = (await Promise.all([byIdentity.limit(options.limit), byName.limit(options.limit)])).flat();
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
    .select({ a: pairs.a, b: pairs.b, match: pairs.match, daysApart: pairs.daysApart, total: sql<number>`count(*) over ()`.mapWith(Number) })
    .from(pairs)
    .orderBy(desc(pairs.latest), asc(pairs.a), asc(pairs.b))
    .limit(options.limit)
    .offset(options.offset);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && options.offset > 0) {
    // past the last page: the window count has no row to ride on
    // (fresh builders: a union keeps the queries it was made of)
    const again = pairQueries(db, scope, queryOptions);
    const [count] = await db.select({ n: sql<number>`count(*)`.mapWith(Number) }).from(unionAll(again.byIdentity, again.byName).as('pairs'));
    total = count?.n ?? 0;
  }
  return { pairs: rows.map((r) => ({ a: r.a, b: r.b, match: r.match, daysApart: Number(r.daysApart) })), total };
}

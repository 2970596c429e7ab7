/**
 * Every query of contacts and their follow-ups, scoped: a contact outside the caller's scope is not found.
 */
import { aliasedTable, and, asc, count, desc, eq, ilike, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { inScope, inScopePath, type Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { DISTRICT_UTC_OFFSET } from '../../platform/time/district-time.ts';
import { caseReports } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import type { ContactListQuery } from './contacts.schema.ts';
import { contactFollowUps, contacts, tracingTeams } from './contacts.tables.ts';

export type ContactRow = typeof contacts.$inferSelect;
export type FollowUpRow = typeof contactFollowUps.$inferSelect;

const sourceContact = aliasedTable(contacts, 'source_contact');
const sourceCase = aliasedTable(caseReports, 'source_case');
const indexCase = aliasedTable(caseReports, 'index_case');
const becameCase = aliasedTable(caseReports, 'became_case');
const mergedIntoContact = aliasedTable(contacts, 'merged_into');

/** A contact with the labels its view needs. */
const summaryColumns = {
  contact: contacts,
  diseaseCode: diseases.code,
  diseaseName: diseases.name,
  diseaseNameEn: diseases.nameEn,
  maxIncubationDays: diseases.maxIncubationDays,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
  jurisdictionPath: jurisdictions.path,
  sourceCaseCode: sourceCase.code,
  sourceContactCode: sourceContact.code,
  sourceContactName: sourceContact.personName,
  indexCaseCode: indexCase.code,
  caseReportCode: becameCase.code,
  teamName: tracingTeams.name,
  mergedIntoCode: mergedIntoContact.code,
};
export interface ContactSummaryRow {
  contact: ContactRow;
  diseaseCode: string;
  diseaseName: string;
  diseaseNameEn: string;
  maxIncubationDays: number;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  jurisdictionPath: string;
  sourceCaseCode: string | null;
  sourceContactCode: string | null;
  sourceContactName: string | null;
  indexCaseCode: string;
  caseReportCode: string | null;
  teamName: string | null;
  mergedIntoCode: string | null;
}

function summaries(db: Executor) {
  return db
    .select(summaryColumns)
    .from(contacts)
    .innerJoin(diseases, eq(diseases.id, contacts.diseaseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, contacts.jurisdictionId))
    .innerJoin(indexCase, eq(indexCase.id, contacts.indexCaseId))
    .leftJoin(sourceCase, eq(sourceCase.id, contacts.sourceCaseId))
    .leftJoin(sourceContact, eq(sourceContact.id, contacts.sourceContactId))
    .leftJoin(becameCase, eq(becameCase.id, contacts.caseReportId))
    .leftJoin(tracingTeams, eq(tracingTeams.id, contacts.teamId))
    .leftJoin(mergedIntoContact, eq(mergedIntoContact.id, contacts.mergedIntoId));
}

/** Contacts resident in the subtree of `jurisdictionId` (and in scope). */
function inSubtree(jurisdictionId: string): SQL {
  return sql`${contacts.jurisdictionId} IN (SELECT j.id FROM jurisdictions j WHERE j.path LIKE (SELECT p.path FROM jurisdictions p WHERE p.id = ${jurisdictionId}) || '%')`;
}

function listConditions(scope: Scope, query: Partial<ContactListQuery>): SQL {
  const conditions: SQL[] = [inScope(scope, contacts.jurisdictionId)];
  if (query.status) conditions.push(eq(contacts.status, query.status));
  if (query.jurisdictionId) conditions.push(inSubtree(query.jurisdictionId));
  if (query.sourceCaseId) conditions.push(eq(contacts.sourceCaseId, query.sourceCaseId));
  if (query.indexCaseId) conditions.push(eq(contacts.indexCaseId, query.indexCaseId));
  if (query.riskCategory) conditions.push(eq(contacts.riskCategory, query.riskCategory));
  if (query.teamId) conditions.push(eq(contacts.teamId, query.teamId));
  if (query.otherDistrict === 'any') conditions.push(sql`${contacts.otherDistrict} <> ''`);
  if (query.otherDistrict === 'to_notify')
    conditions.push(
      sql`${contacts.otherDistrict} <> '' AND ${contacts.otherDistrictNotifiedAt} IS NULL AND ${contacts.mergedIntoId} IS NULL`,
    );
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(or(ilike(contacts.personName, like), ilike(contacts.code, like))!);
  }
  return and(...conditions)!;
}

export async function listContactPage(db: Executor, scope: Scope, query: ContactListQuery): Promise<ContactSummaryRow[]> {
  return summaries(db)
    .where(listConditions(scope, query))
    .orderBy(asc(contacts.status), desc(contacts.lastExposureAt), asc(contacts.code))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
}

export async function countContacts(db: Executor, scope: Scope, query: ContactListQuery): Promise<number> {
  const [row] = await db.select({ n: count() }).from(contacts).where(listConditions(scope, query));
  return row?.n ?? 0;
}

export async function findContactSummary(db: Executor, scope: Scope, id: string): Promise<ContactSummaryRow | undefined> {
  const [row] = await summaries(db).where(and(eq(contacts.id, id), inScope(scope, contacts.jurisdictionId)));
  return row;
}

export async function findContactRow(db: Executor, scope: Scope, id: string, forUpdate = false): Promise<ContactRow | undefined> {
  const query = db
    .select()
    .from(contacts)
    .where(and(eq(contacts.id, id), inScope(scope, contacts.jurisdictionId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** The work list's risk order (high first), as in contacts_work_list_idx (0066). */
const riskRank = sql<number>`(CASE ${contacts.riskCategory} WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END)`;

/** A position in the work list: after this contact (its first day not followed, risk rank and code). */
export interface WorkListKey {
  dueFrom: string;
  riskRank: number;
  code: string;
}

function workListConditions(scope: Scope, date: string, jurisdictionId?: string, teamId?: string): SQL[] {
  const conditions: SQL[] = [
    inScope(scope, contacts.jurisdictionId),
    eq(contacts.status, 'under_follow_up'),
    sql`${contacts.followUpUntil} >= ${date}`,
    sql`(${contacts.lastExposureAt} AT TIME ZONE INTERVAL ${sql.raw(`'${DISTRICT_UTC_OFFSET}'`)})::date < ${date}`,
  ];
  if (jurisdictionId) conditions.push(inSubtree(jurisdictionId));
  if (teamId) conditions.push(eq(contacts.teamId, teamId));
  return conditions;
}

/** A work-list row: the contact with its labels, the whole list's counts (first page) and its records' tally. */
export interface WorkListRow extends ContactSummaryRow {
  counts: { total: number; due: number; overdue: number } | null;
  tally: FollowUpTally;
}

/**
 * One page of the contacts under follow-up of the scope (optionally a subtree or a team) whose window contains
 * `date`, in work-list order: the first day of the window not yet followed up (`due_from`, kept by a trigger,
 * 0066: the most overdue first, those done for the day last), then the highest risk, then the code; `after`
 * continues after a key (keyset paging). One statement (docs/contacts.md "Speed"): the page's keys in a subquery
 * with its LIMIT — read from contacts alone, a place's from contacts_open_place_idx (0074) without the heap;
 * joining the labels there made the planner read every open contact of the place through them — with the whole
 * list's counts beside them on the first page (window aggregates over the same rows, before the LIMIT), then the
 * labels of those rows and their records' tally (a few index probes per contact, not every record).
 */
export async function workListPage(
  db: Executor,
  scope: Scope,
  query: { date: string; jurisdictionId?: string; teamId?: string; after?: WorkListKey; limit: number },
): Promise<WorkListRow[]> {
  const { date } = query;
  const conditions = workListConditions(scope, date, query.jurisdictionId, query.teamId);
  if (query.after)
    conditions.push(
      sql`(${contacts.dueFrom}, ${riskRank}, ${contacts.code}) > (${query.after.dueFrom}::date, ${query.after.riskRank}::int, ${query.after.code})`,
    );
  const counted = !query.after;
  const page = db
    .select({
      id: sql<string>`${contacts.id}`.as('page_id'),
      total: (counted ? sql<number | null>`count(*) OVER ()` : sql<number | null>`NULL::bigint`).as('page_total'),
      due: (counted
        ? sql<number | null>`count(*) FILTER (WHERE ${contacts.dueFrom} <= ${date}) OVER ()`
        : sql<number | null>`NULL::bigint`
      ).as('page_due'),
      overdue: (counted
        ? sql<number | null>`count(*) FILTER (WHERE ${contacts.dueFrom} < ${date}) OVER ()`
        : sql<number | null>`NULL::bigint`
      ).as('page_overdue'),
    })
    .from(contacts)
    .where(and(...conditions))
    .orderBy(asc(contacts.dueFrom), asc(riskRank), asc(contacts.code))
    .limit(query.limit)
    .as('page');
  const f = sql.raw('contact_follow_ups');
  // typed by hand: drizzle's result type of a select from a subquery joined to aliased tables collapses to never
  const rows = (await db
    .select({
      ...summaryColumns,
      total: page.total,
      due: page.due,
      overdue: page.overdue,
      recordedToday: sql<number>`(SELECT count(*)::int FROM ${f} WHERE ${f}.contact_id = ${contacts.id} AND ${f}.date = ${date})`,
      lastBefore: sql<
        string | null
      >`(SELECT max(${f}.date)::text FROM ${f} WHERE ${f}.contact_id = ${contacts.id} AND ${f}.date < ${date})`,
      last: sql<
        string | null
      >`(SELECT ${f}.date::text || ' ' || ${f}.status FROM ${f} WHERE ${f}.contact_id = ${contacts.id} AND ${f}.date <= ${date}
        ORDER BY ${f}.date DESC, ${f}.round DESC LIMIT 1)`,
    })
    .from(page)
    .innerJoin(contacts, eq(contacts.id, page.id))
    .innerJoin(diseases, eq(diseases.id, contacts.diseaseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, contacts.jurisdictionId))
    .innerJoin(indexCase, eq(indexCase.id, contacts.indexCaseId))
    .leftJoin(sourceCase, eq(sourceCase.id, contacts.sourceCaseId))
    .leftJoin(sourceContact, eq(sourceContact.id, contacts.sourceContactId))
    .leftJoin(becameCase, eq(becameCase.id, contacts.caseReportId))
    .leftJoin(tracingTeams, eq(tracingTeams.id, contacts.teamId))
    .leftJoin(mergedIntoContact, eq(mergedIntoContact.id, contacts.mergedIntoId))
    .orderBy(asc(contacts.dueFrom), asc(riskRank), asc(contacts.code))) as unknown as Array<
    ContactSummaryRow & {
      total: number | null;
      due: number | null;
      overdue: number | null;
      recordedToday: number;
      lastBefore: string | null;
      last: string | null;
    }
  >;
  return rows.map(({ total, due, overdue, recordedToday, lastBefore, last, ...summary }) => {
    const space = last ? last.indexOf(' ') : -1;
    return {
      ...summary,
      counts: total === null ? null : { total: Number(total), due: Number(due ?? 0), overdue: Number(overdue ?? 0) },
      tally: {
        today: Number(recordedToday),
        lastDate: last ? last.slice(0, space) : null,
        lastBefore: lastBefore ? lastBefore.slice(0, 10) : null,
        lastStatus: last ? (last.slice(space + 1) as FollowUpRow['status']) : null,
      },
    };
  });
}

export interface FollowUpTally {
  today: number;
  lastDate: string | null;
  /** the last day with a record before `date` (missed days are counted from it) */
  lastBefore: string | null;
  lastStatus: FollowUpRow['status'] | null;
}

/** The follow-ups of a contact and of the duplicates merged into it (their history is kept). */
export async function listFollowUps(db: Executor, contactId: string): Promise<FollowUpRow[]> {
  return db
    .select()
    .from(contactFollowUps)
    .where(
      or(
        eq(contactFollowUps.contactId, contactId),
        sql`${contactFollowUps.contactId} IN (SELECT id FROM contacts WHERE merged_into_id = ${contactId})`,
      ),
    )
    .orderBy(desc(contactFollowUps.date), desc(contactFollowUps.round));
}

export async function contactsOf(db: Executor, scope: Scope, contactId: string) {
  return db
    .select({ id: contacts.id, code: contacts.code, personName: contacts.personName, status: contacts.status })
    .from(contacts)
    .where(and(eq(contacts.sourceContactId, contactId), inScope(scope, contacts.jurisdictionId)))
    .orderBy(asc(contacts.code));
}

/** The duplicates merged into a contact. */
export async function mergedInto(db: Executor, contactId: string) {
  return db
    .select({ id: contacts.id, code: contacts.code, createdAt: contacts.createdAt })
    .from(contacts)
    .where(eq(contacts.mergedIntoId, contactId))
    .orderBy(asc(contacts.code));
}

export async function insertContact(db: Executor, values: typeof contacts.$inferInsert): Promise<ContactRow> {
  const [row] = await db.insert(contacts).values(values).returning();
  return row!;
}

export async function updateContact(
  db: Executor,
  scope: Scope,
  id: string,
  values: Partial<typeof contacts.$inferInsert>,
): Promise<ContactRow | undefined> {
  const [row] = await db
    .update(contacts)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(contacts.id, id), inScope(scope, contacts.jurisdictionId)))
    .returning();
  return row;
}

export async function insertFollowUp(db: Executor, values: typeof contactFollowUps.$inferInsert): Promise<FollowUpRow> {
  const [row] = await db.insert(contactFollowUps).values(values).returning();
  return row!;
}

export async function countFollowUpsOn(db: Executor, contactId: string, date: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(contactFollowUps)
    .where(and(eq(contactFollowUps.contactId, contactId), eq(contactFollowUps.date, date)));
  return row?.n ?? 0;
}

export async function firstUnwellDate(db: Executor, contactId: string): Promise<string | null> {
  const [row] = await db
    .select({ date: sql<string | null>`min(${contactFollowUps.date})` })
    .from(contactFollowUps)
    .where(and(eq(contactFollowUps.contactId, contactId), eq(contactFollowUps.status, 'seen_unwell')));
  return row?.date ? String(row.date).slice(0, 10) : null;
}

/** A case report by id, unscoped: a contact's source may be a case reported elsewhere (only its code is shown). */
export async function findSourceCase(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: caseReports.id,
      code: caseReports.code,
      diseaseId: caseReports.diseaseId,
      status: caseReports.status,
      classification: caseReports.classification,
    })
    .from(caseReports)
    .where(eq(caseReports.id, id));
  return row;
}

export async function findDiseaseIncubation(db: Executor, diseaseId: string): Promise<number | undefined> {
  const [row] = await db.select({ days: diseases.maxIncubationDays }).from(diseases).where(eq(diseases.id, diseaseId));
  return row?.days;
}

export async function jurisdictionInScope(db: Executor, scope: Scope, id: string): Promise<{ id: string; path: string } | undefined> {
  const [row] = await db
    .select({ id: jurisdictions.id, path: jurisdictions.path })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.id, id), inScopePath(scope, jurisdictions.path)));
  return row;
}

export async function jurisdictionPathOf(db: Executor, id: string): Promise<string | null> {
  const [row] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return row?.path ?? null;
}

/** Contacts under follow-up whose window ended before `today`, locked for the completion job. */
export async function endedWindows(db: Executor, today: string): Promise<ContactRow[]> {
  return db
    .select()
    .from(contacts)
    .where(and(eq(contacts.status, 'under_follow_up'), lt(contacts.followUpUntil, today)))
    .for('update', { skipLocked: true });
}

export interface DuplicateSideRow {
  id: string;
  code: string;
  personName: string;
  phone: string;
  idNumberMasked: string;
  status: ContactRow['status'];
  indexCaseCode: string;
  jurisdictionPath: string;
  lastExposureAt: Date;
  createdAt: Date;
}

/** Pairs of live contacts (not merged, not cancelled) of one disease with the same identity, or name and phone. */
export async function findDuplicatePairs(db: Executor, scope: Scope) {
  const a = aliasedTable(contacts, 'dup_a');
  const b = aliasedTable(contacts, 'dup_b');
  const live = (t: typeof contacts) => and(isNull(t.mergedIntoId), sql`${t.status} <> 'cancelled'`, inScope(scope, t.jurisdictionId));
  const pairs = await db
    .select({
      aId: a.id,
      bId: b.id,
      match: sql<'identity' | 'name_phone'>`CASE WHEN ${a.idNumberHash} = ${b.idNumberHash} THEN 'identity' ELSE 'name_phone' END`,
    })
    .from(a)
    .innerJoin(
      b,
      and(
        eq(a.diseaseId, b.diseaseId),
        sql`${a.id} < ${b.id}`,
        or(eq(a.idNumberHash, b.idNumberHash), and(eq(a.personName, b.personName), eq(a.phone, b.phone), sql`${a.phone} <> ''`)),
      ),
    )
    .where(and(live(a), live(b)))
    .limit(200);
  if (pairs.length === 0) return [];
  const ids = [...new Set(pairs.flatMap((p) => [p.aId, p.bId]))];
  const sides = await db
    .select({
      id: contacts.id,
      code: contacts.code,
      personName: contacts.personName,
      phone: contacts.phone,
      idNumberMasked: contacts.idNumberMasked,
      status: contacts.status,
      indexCaseCode: indexCase.code,
      jurisdictionPath: jurisdictions.path,
      lastExposureAt: contacts.lastExposureAt,
      createdAt: contacts.createdAt,
    })
    .from(contacts)
    .innerJoin(indexCase, eq(indexCase.id, contacts.indexCaseId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, contacts.jurisdictionId))
    .where(inArray(contacts.id, ids));
  const byId = new Map<string, DuplicateSideRow>(sides.map((s) => [s.id, s]));
  return pairs
    .map((p) => {
      const [first, second] = [byId.get(p.aId)!, byId.get(p.bId)!].sort((x, y) => x.createdAt.getTime() - y.createdAt.getTime());
      return { match: p.match, a: first!, b: second! };
    })
    .sort((x, y) => x.a.code.localeCompare(y.a.code));
}

/** Moves the contacts of a merged duplicate to the survivor (and its chain); returns their codes. */
export async function moveContactsOfContact(db: Executor, fromId: string, to: Pick<ContactRow, 'id' | 'indexCaseId' | 'degree'>) {
  const moved = await db
    .update(contacts)
    .set({ sourceContactId: to.id, indexCaseId: to.indexCaseId, degree: to.degree + 1, updatedAt: new Date() })
    .where(eq(contacts.sourceContactId, fromId))
    .returning({ code: contacts.code });
  return moved.map((m) => m.code);
}

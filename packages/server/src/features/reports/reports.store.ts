/**
 * Every query of situation reports. Reads and writes apply the caller's scope on the report's jurisdiction (the
 * incident's area), so a report outside it is never found (404), never changed, never counted. The daily job, which
 * acts for the system, uses the unscoped `…System` functions.
 */
import { type SQL, and, asc, count, desc, eq, max } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Scope, inScope } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { incidents } from '../incidents/index.ts';
import { type ReportContent, type ReportEvent, type ReportStatus, situationReportVersions, situationReports } from './reports.tables.ts';

export type ReportRow = typeof situationReports.$inferSelect;

export interface ReportSummaryView {
  id: string;
  incidentId: string;
  incidentCode: string;
  incidentTitle: string;
  jurisdictionId: string;
  reportDate: string;
  issueNo: number;
  status: ReportStatus;
  version: number;
  title: string;
  updatedAt: string;
  submittedAt: string | null;
  approvedAt: string | null;
  approvedByName: string | null;
}

export interface ReportVersionEntry {
  id: string;
  version: number;
  event: ReportEvent;
  comment: string;
  actorName: string | null;
  createdAt: string;
}

export type ReportView = ReportSummaryView &
  Omit<ReportContent, 'title'> & {
    figuresGeneratedAt: string;
    reviewComment: string;
    draftedByJob: boolean;
    createdByName: string | null;
    submittedByName: string | null;
    /** who drafted, edited or submitted it: none of them may approve it */
    authorIds: string[];
    versions: ReportVersionEntry[];
  };

const approver = alias(users, 'approver');
const creator = alias(users, 'creator');
const submitter = alias(users, 'submitter');

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function summaryOf(r: ReportRow, incidentCode: string, incidentTitle: string, approvedByName: string | null): ReportSummaryView {
  return {
    id: r.id,
    incidentId: r.incidentId,
    incidentCode,
    incidentTitle,
    jurisdictionId: r.jurisdictionId,
    reportDate: r.reportDate,
    issueNo: r.issueNo,
    status: r.status,
    version: r.version,
    title: r.title,
    updatedAt: r.updatedAt.toISOString(),
    submittedAt: iso(r.submittedAt),
    approvedAt: iso(r.approvedAt),
    approvedByName,
  };
}

/** A page of reports in scope, newest day first. */
export async function listReports(
  db: Executor,
  scope: Scope,
  q: { incidentId?: string; status?: ReportStatus; page: number; pageSize: number },
): Promise<{ items: ReportSummaryView[]; total: number }> {
  const conditions: SQL[] = [inScope(scope, situationReports.jurisdictionId)];
  if (q.incidentId) conditions.push(eq(situationReports.incidentId, q.incidentId));
  if (q.status) conditions.push(eq(situationReports.status, q.status));
  const where = and(...conditions);
  const [rows, [{ total } = { total: 0 }]] = await Promise.all([
    db
      .select({ r: situationReports, code: incidents.code, incidentTitle: incidents.title, approvedByName: approver.displayName })
      .from(situationReports)
      .innerJoin(incidents, eq(incidents.id, situationReports.incidentId))
      .leftJoin(approver, eq(approver.id, situationReports.approvedBy))
      .where(where)
      .orderBy(desc(situationReports.reportDate), asc(incidents.code))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ total: count() }).from(situationReports).where(where),
  ]);
  return { items: rows.map((x) => summaryOf(x.r, x.code, x.incidentTitle, x.approvedByName)), total: Number(total) };
}

/** The report row in scope (for rules), or null. `forUpdate` locks it for the rest of the transaction. */
export async function findReportRow(db: Executor, scope: Scope, id: string, forUpdate = false): Promise<ReportRow | null> {
  const query = db
    .select()
    .from(situationReports)
    .where(and(eq(situationReports.id, id), inScope(scope, situationReports.jurisdictionId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

/** The presented report in scope, with its history, or null. */
export async function findReport(db: Executor, scope: Scope, id: string): Promise<ReportView | null> {
  const [x] = await db
    .select({
      r: situationReports,
      code: incidents.code,
      incidentTitle: incidents.title,
      approvedByName: approver.displayName,
      createdByName: creator.displayName,
      submittedByName: submitter.displayName,
    })
    .from(situationReports)
    .innerJoin(incidents, eq(incidents.id, situationReports.incidentId))
    .leftJoin(approver, eq(approver.id, situationReports.approvedBy))
    .leftJoin(creator, eq(creator.id, situationReports.createdBy))
    .leftJoin(submitter, eq(submitter.id, situationReports.submittedBy))
    .where(and(eq(situationReports.id, id), inScope(scope, situationReports.jurisdictionId)));
  if (!x) return null;
  const versions = await db
    .select({
      id: situationReportVersions.id,
      version: situationReportVersions.version,
      event: situationReportVersions.event,
      comment: situationReportVersions.comment,
      actorName: users.displayName,
      createdAt: situationReportVersions.createdAt,
    })
    .from(situationReportVersions)
    .leftJoin(users, eq(users.id, situationReportVersions.actorId))
    .where(eq(situationReportVersions.reportId, id))
    .orderBy(asc(situationReportVersions.createdAt), asc(situationReportVersions.version));
  const r = x.r;
  return {
    ...summaryOf(r, x.code, x.incidentTitle, x.approvedByName),
    summary: r.summary,
    situation: r.situation,
    measures: r.measures,
    nextSteps: r.nextSteps,
    figures: r.figures,
    occupancy: r.occupancy,
    scenario: r.scenario ?? null,
    figuresGeneratedAt: r.figuresGeneratedAt.toISOString(),
    reviewComment: r.reviewComment,
    draftedByJob: r.draftedByJob,
    createdByName: x.createdByName,
    submittedByName: x.submittedByName,
    authorIds: r.authorIds,
    versions: versions.map((v) => ({ ...v, createdAt: v.createdAt.toISOString() })),
  };
}

/** A kept snapshot of a report (the report must be in scope). */
export async function findReportVersion(db: Executor, scope: Scope, reportId: string, version: number) {
  const [row] = await db
    .select({ v: situationReportVersions })
    .from(situationReportVersions)
    .innerJoin(situationReports, eq(situationReports.id, situationReportVersions.reportId))
    .where(
      and(
        eq(situationReportVersions.reportId, reportId),
        eq(situationReportVersions.version, version),
        inScope(scope, situationReports.jurisdictionId),
      ),
    )
    // the last snapshot of that version: the approved one when it was approved
    .orderBy(desc(situationReportVersions.createdAt))
    .limit(1);
  return row?.v ?? null;
}

/** The incident's next issue number. */
export async function nextIssueNo(db: Executor, incidentId: string): Promise<number> {
  const [row] = await db
    .select({ n: max(situationReports.issueNo) })
    .from(situationReports)
    .where(eq(situationReports.incidentId, incidentId));
  return (row?.n ?? 0) + 1;
}

/** The report of an incident for a day, whatever the scope (for idempotent drafting), or null. */
export async function findReportOfDaySystem(db: Executor, incidentId: string, reportDate: string): Promise<ReportRow | null> {
  const [row] = await db
    .select()
    .from(situationReports)
    .where(and(eq(situationReports.incidentId, incidentId), eq(situationReports.reportDate, reportDate)));
  return row ?? null;
}

/** Inserts a report; returns null when the incident already has one for that day (a racing job or person). */
export async function insertReport(tx: Tx, values: typeof situationReports.$inferInsert): Promise<ReportRow | null> {
  const [row] = await tx
    .insert(situationReports)
    .values(values)
    .onConflictDoNothing({ target: [situationReports.incidentId, situationReports.reportDate] })
    .returning();
  return row ?? null;
}

/** Updates a report in scope; returns the new row (null when not found in scope). */
export async function updateReport(
  tx: Tx,
  scope: Scope,
  id: string,
  changes: Partial<typeof situationReports.$inferInsert>,
): Promise<ReportRow | null> {
  const [row] = await tx
    .update(situationReports)
    .set({ ...changes, updatedAt: new Date() })
    .where(and(eq(situationReports.id, id), inScope(scope, situationReports.jurisdictionId)))
    .returning();
  return row ?? null;
}

/** Keeps a snapshot. */
export async function insertVersion(tx: Tx, values: typeof situationReportVersions.$inferInsert): Promise<void> {
  await tx.insert(situationReportVersions).values(values);
}

/** The incident (in scope) a report is drafted for. */
export async function findIncidentInScope(db: Executor, scope: Scope, incidentId: string) {
  const [row] = await db
    .select({
      id: incidents.id,
      code: incidents.code,
      title: incidents.title,
      status: incidents.status,
      jurisdictionId: incidents.jurisdictionId,
    })
    .from(incidents)
    .where(and(eq(incidents.id, incidentId), inScope(scope, incidents.jurisdictionId)));
  return row ?? null;
}

/** Open incidents (for the daily job). */
export async function openIncidentIdsSystem(db: Executor): Promise<string[]> {
  const rows = await db.select({ id: incidents.id }).from(incidents).where(eq(incidents.status, 'open')).orderBy(asc(incidents.code));
  return rows.map((r) => r.id);
}

/** The materialised path of a jurisdiction (for live events). */
export async function jurisdictionPathOf(db: Executor, id: string): Promise<string> {
  const [row] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return row?.path ?? '';
}

/** The latest report of an incident in scope (any status), for the command dashboard. */
export async function latestReportOf(db: Executor, scope: Scope, incidentId: string): Promise<ReportRow | null> {
  const [row] = await db
    .select()
    .from(situationReports)
    .where(and(eq(situationReports.incidentId, incidentId), inScope(scope, situationReports.jurisdictionId)))
    .orderBy(desc(situationReports.reportDate))
    .limit(1);
  return row ?? null;
}

/** Display name of a user. */
export async function displayNameOf(db: Executor, userId: string | null): Promise<string | null> {
  if (!userId) return null;
  const [row] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, userId));
  return row?.name ?? null;
}

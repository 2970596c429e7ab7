/**
 * The records behind an event's 7-1-7 (read only; every query of another feature's table goes through its
 * public entry's tables). Unscoped: the service found the event within the reader's scope first.
 */
import { and, asc, eq, inArray, isNotNull, isNull, min, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { alertEvents, alerts } from '../alerts/index.ts';
import { caseReports, caseSetMatch, countedCaseSql } from '../cases/index.ts';
import { caseSetsOfAlert } from '../detection/index.ts';
import { incidentCases, incidentLevelActivations, incidents } from '../incidents/index.ts';
import { measuresOf, planVersions } from '../plans/index.ts';
import { situationReports } from '../reports/index.ts';
import { agencies } from '../registry/index.ts';
import { tasks } from '../tasks/index.ts';
import { assessmentEvents } from './assessment.tables.ts';

export interface CaseFact {
  id: string;
  code: string;
  onsetDate: string | null;
  reportedAt: Date;
}
export interface EarlyTaskFact {
  id: string;
  code: string;
  title: string;
  status: string;
  completedAt: Date | null;
  dueAt: Date;
  agencyName: string | null;
  agencyNameEn: string | null;
}
export interface EventFacts {
  kind: 'incident' | 'alert';
  id: string;
  code: string;
  title: string;
  status: string;
  jurisdictionId: string;
  jurisdictionPath: string;
  diseaseId: string | null;
  startedAt: Date | null;
  createdAt: Date;
  note: typeof assessmentEvents.$inferSelect | null;
  cases: CaseFact[];
  /** the alert's place (`path`) decides whether the reader may see it among the records (alerts.read scope) */
  alert: { id: string; code: string; firstSignalAt: Date | null; createdAt: Date; origin: string; path: string } | null;
  confirmation: { at: Date; alertId: string; alertCode: string } | null;
  firstReport: { id: string; issueNo: number; submittedAt: Date } | null;
  /** the measures of the first level activated, as tasks (null: no level activated under a plan) */
  earlyTasks: EarlyTaskFact[] | null;
  firstActivation: { level: string; activatedAt: Date } | null;
  /** the exercise that created the event (issue 19): left out of the table and the trend, marked when opened */
  exerciseId: string | null;
}

const caseColumns = { id: caseReports.id, code: caseReports.code, onsetDate: caseReports.onsetDate, reportedAt: caseReports.reportedAt };

async function alertFacts(db: Executor, alertId: string) {
  const [alert] = await db
    .select({
      id: alerts.id,
      code: alerts.code,
      firstSignalAt: alerts.firstSignalAt,
      createdAt: alerts.createdAt,
      origin: alerts.origin,
      path: jurisdictions.path,
    })
    .from(alerts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
    .where(eq(alerts.id, alertId));
  const [confirmed] = await db
    .select({ at: min(alertEvents.createdAt) })
    .from(alertEvents)
    .where(and(eq(alertEvents.alertId, alertId), eq(alertEvents.toStatus, 'confirmed')));
  return {
    alert: alert ?? null,
    confirmation: alert && confirmed?.at ? { at: new Date(confirmed.at), alertId: alert.id, alertCode: alert.code } : null,
  };
}

/** The records of an incident's 7-1-7, or undefined when there is no such incident. */
export async function incidentFacts(db: Executor, incidentId: string): Promise<EventFacts | undefined> {
  const [row] = await db
    .select({ incident: incidents, path: jurisdictions.path })
    .from(incidents)
    .innerJoin(jurisdictions, eq(jurisdictions.id, incidents.jurisdictionId))
    .where(eq(incidents.id, incidentId));
  if (!row) return undefined;
  const i = row.incident;
  const [note] = await db.select().from(assessmentEvents).where(eq(assessmentEvents.incidentId, i.id));
  const cases = await db
    .select(caseColumns)
    .from(incidentCases)
    .innerJoin(caseReports, eq(caseReports.id, incidentCases.caseId))
    .where(and(eq(incidentCases.incidentId, i.id), isNull(incidentCases.unlinkedAt), countedCaseSql))
    .orderBy(asc(caseReports.code));
  const { alert, confirmation } = i.alertId ? await alertFacts(db, i.alertId) : { alert: null, confirmation: null };
  const [firstReport] = await db
    .select({ id: situationReports.id, issueNo: situationReports.issueNo, submittedAt: situationReports.submittedAt })
    .from(situationReports)
    .where(and(eq(situationReports.incidentId, i.id), sql`${situationReports.submittedAt} IS NOT NULL`))
    .orderBy(asc(situationReports.submittedAt))
    .limit(1);
  const [activation] = await db
    .select()
    .from(incidentLevelActivations)
    .where(eq(incidentLevelActivations.incidentId, i.id))
    .orderBy(asc(incidentLevelActivations.activatedAt))
    .limit(1);
  let earlyTasks: EarlyTaskFact[] | null = null;
  if (activation?.planVersionId) {
    const [version] = await db
      .select({ content: planVersions.content })
      .from(planVersions)
      .where(eq(planVersions.id, activation.planVersionId));
    const measureIds = version ? measuresOf(version.content, activation.level).map((m) => m.id) : [];
    earlyTasks =
      measureIds.length === 0
        ? []
        : await db
            .select({
              id: tasks.id,
              code: tasks.code,
              title: tasks.title,
              status: tasks.status,
              completedAt: tasks.completedAt,
              dueAt: tasks.dueAt,
              agencyName: agencies.name,
              agencyNameEn: agencies.nameEn,
            })
            .from(tasks)
            .leftJoin(agencies, eq(agencies.id, tasks.assigneeAgencyId))
            .where(and(eq(tasks.incidentId, i.id), eq(tasks.origin, 'plan_measure'), inArray(tasks.originRef, measureIds)))
            .orderBy(asc(tasks.dueAt), asc(tasks.code));
  }
  return {
    kind: 'incident',
    id: i.id,
    code: i.code,
    title: i.title,
    status: i.status,
    jurisdictionId: i.jurisdictionId,
    jurisdictionPath: row.path,
    diseaseId: i.diseaseId,
    startedAt: i.startedAt,
    createdAt: i.createdAt,
    note: note ?? null,
    cases,
    alert,
    confirmation,
    firstReport: firstReport?.submittedAt
      ? { id: firstReport.id, issueNo: firstReport.issueNo, submittedAt: firstReport.submittedAt }
      : null,
    earlyTasks,
    firstActivation: activation ? { level: activation.level, activatedAt: activation.activatedAt } : null,
    exerciseId: i.exerciseId,
  };
}

/** The records of a confirmed alert's 7-1-7 (an event with no incident opened from it). */
export async function alertEventFacts(db: Executor, alertId: string): Promise<EventFacts | undefined> {
  const [row] = await db
    .select({ alert: alerts, path: jurisdictions.path })
    .from(alerts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
    .where(eq(alerts.id, alertId));
  if (!row) return undefined;
  if (row.alert.status !== 'confirmed') return undefined;
  const a = row.alert;
  const [note] = await db.select().from(assessmentEvents).where(eq(assessmentEvents.alertId, a.id));
  const sets = await caseSetsOfAlert(db, a.id);
  const cases = sets.length
    ? await db.select(caseColumns).from(caseReports).where(caseSetMatch(sets)).orderBy(asc(caseReports.code)).limit(500)
    : [];
  const { alert, confirmation } = await alertFacts(db, a.id);
  return {
    kind: 'alert',
    id: a.id,
    code: a.code,
    title: a.title,
    status: a.status,
    jurisdictionId: a.jurisdictionId,
    jurisdictionPath: row.path,
    diseaseId: a.diseaseId,
    startedAt: null,
    createdAt: a.createdAt,
    note: note ?? null,
    cases,
    alert,
    confirmation,
    firstReport: null,
    earlyTasks: null,
    firstActivation: null,
    exerciseId: a.exerciseId,
  };
}

/**
 * The events in scope: incidents, and confirmed alerts no incident was opened from (ids, newest first). An
 * exercise's incidents and alerts (exercise_id, issue 19) are no events of the district: left out.
 */
export async function listEventIds(db: Executor, scopeWhere: { incidents: SQL; alerts: SQL }) {
  const incidentRows = await db
    .select({ id: incidents.id, at: incidents.startedAt })
    .from(incidents)
    .where(and(scopeWhere.incidents, isNull(incidents.exerciseId)));
  const alertRows = await db
    .select({ id: alerts.id, at: alerts.createdAt })
    .from(alerts)
    .where(and(eq(alerts.status, 'confirmed'), isNull(alerts.exerciseId), scopeWhere.alerts));
  const opened = new Set(
    (await db.select({ alertId: incidents.alertId }).from(incidents).where(isNotNull(incidents.alertId))).map((r) => r.alertId),
  );
  return [
    ...incidentRows.map((r) => ({ kind: 'incident' as const, id: r.id, at: r.at })),
    ...alertRows.filter((r) => !opened.has(r.id)).map((r) => ({ kind: 'alert' as const, id: r.id, at: r.at })),
  ].sort((a, b) => b.at.getTime() - a.at.getTime());
}

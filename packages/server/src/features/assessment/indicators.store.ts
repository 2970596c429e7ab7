/**
 * The rows behind the indicators (indicators.service.ts computes the figures from them, so that each figure can
 * list its records). Every query is limited to `area`: the reader's scope, or one township of it.
 */
import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, min, ne, notInArray, or, type SQL, sql } from 'drizzle-orm';
import type { Scope } from '../../platform/auth/scope.ts';
import { inScope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { alertEvents, alerts } from '../alerts/index.ts';
import { caseReports, countedCaseSql } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { incidentCases, incidentLevelActivations, incidents } from '../incidents/index.ts';
import { agencies } from '../registry/index.ts';
import { tasks } from '../tasks/index.ts';

export interface Period {
  start: Date;
  end: Date;
}

/**
 * Exercise data (issue 19: rows an exercise created carry its exercise_id) is no record of the district: an
 * exercise's incidents, the tasks of those incidents and an exercise's alerts are left out of every figure —
 * except the incident named by `incidentId` itself (the review of an exercise's incident attaches its own figures).
 * Exercise case reports have the status `exercise`, so the `status = 'active'` conditions leave them out already.
 */
function realIncident(named: string | null): SQL {
  return named ? or(isNull(incidents.exerciseId), eq(incidents.id, named))! : isNull(incidents.exerciseId);
}

/** Case reports whose report time lies in the period (active ones; excluded cases too: they were reported). */
export function reportRows(db: Executor, area: Scope, p: Period) {
  return db
    .select({
      id: caseReports.id,
      code: caseReports.code,
      diagnosisAt: caseReports.diagnosisAt,
      reportedAt: caseReports.reportedAt,
      deadlineHours: diseases.reportDeadlineHours,
      diseaseClass: diseases.class,
      diseaseName: diseases.name,
      diseaseNameEn: diseases.nameEn,
      // completeness: whether each key field is filled in (booleans only: no personal value leaves the store)
      hasOnset: sql<boolean>`${caseReports.onsetDate} IS NOT NULL`,
      hasSex: sql<boolean>`${caseReports.sex} <> 'unknown'`,
      hasBirthDate: sql<boolean>`${caseReports.birthDate} IS NOT NULL`,
      hasId: sql<boolean>`${caseReports.idType} <> 'none' AND ${caseReports.idNumberMasked} <> ''`,
      hasAddress: sql<boolean>`${caseReports.address} <> ''`,
      hasOccupation: sql<boolean>`${caseReports.occupation} <> ''`,
    })
    .from(caseReports)
    .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
    .where(
      and(
        eq(caseReports.status, 'active'),
        gte(caseReports.reportedAt, p.start),
        lt(caseReports.reportedAt, p.end),
        inScope(area, caseReports.jurisdictionId),
      ),
    )
    .orderBy(asc(caseReports.reportedAt), asc(caseReports.code));
}

/**
 * Alerts opened in the period (an exercise's aside), with the first time each left verification (null: still
 * being verified) and their place's path (the records pass the reader's alerts.read scope, alert-scope.ts).
 */
export async function alertRows(db: Executor, area: Scope, p: Period) {
  const rows = await db
    .select({
      id: alerts.id,
      code: alerts.code,
      title: alerts.title,
      status: alerts.status,
      createdAt: alerts.createdAt,
      dueAt: alerts.verificationDueAt,
      path: jurisdictions.path,
    })
    .from(alerts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
    .where(
      and(gte(alerts.createdAt, p.start), lt(alerts.createdAt, p.end), isNull(alerts.exerciseId), inScope(area, alerts.jurisdictionId)),
    )
    .orderBy(asc(alerts.createdAt), asc(alerts.code));
  const firsts = await firstEvents(
    db,
    rows.map((r) => r.id),
    notInArray(alertEvents.toStatus, ['new', 'verifying']),
  );
  return rows.map((r) => ({ ...r, verifiedAt: firsts.get(r.id) ?? null }));
}

/** The first event of each alert matching `condition` (a status change), by alert. */
async function firstEvents(db: Executor, alertIds: string[], condition: SQL | undefined): Promise<Map<string, Date>> {
  if (alertIds.length === 0) return new Map();
  const rows = await db
    .select({ alertId: alertEvents.alertId, at: min(alertEvents.createdAt) })
    .from(alertEvents)
    .where(and(inArray(alertEvents.alertId, alertIds), isNotNull(alertEvents.toStatus), condition))
    .groupBy(alertEvents.alertId);
  return new Map(rows.filter((r) => r.at).map((r) => [r.alertId, new Date(r.at!)]));
}

/** Incidents started in the period with their first level activation and their source alert's confirmation. */
export async function incidentActivationRows(db: Executor, area: Scope, p: Period, named: string | null = null) {
  const rows = await db
    .select({ id: incidents.id, code: incidents.code, title: incidents.title, openedAt: incidents.createdAt, alertId: incidents.alertId })
    .from(incidents)
    .where(
      and(gte(incidents.startedAt, p.start), lt(incidents.startedAt, p.end), realIncident(named), inScope(area, incidents.jurisdictionId)),
    )
    .orderBy(asc(incidents.startedAt), asc(incidents.code));
  const confirmed = await firstEvents(
    db,
    rows.map((r) => r.alertId).filter((x): x is string => Boolean(x)),
    eq(alertEvents.toStatus, 'confirmed'),
  );
  const activations = rows.length
    ? await db
        .select({ incidentId: incidentLevelActivations.incidentId, at: min(incidentLevelActivations.activatedAt) })
        .from(incidentLevelActivations)
        .where(
          inArray(
            incidentLevelActivations.incidentId,
            rows.map((r) => r.id),
          ),
        )
        .groupBy(incidentLevelActivations.incidentId)
    : [];
  const activated = new Map(activations.filter((a) => a.at).map((a) => [a.incidentId, new Date(a.at!)]));
  return rows.map((r) => ({
    ...r,
    confirmedAt: r.alertId ? (confirmed.get(r.alertId) ?? null) : null,
    activatedAt: activated.get(r.id) ?? null,
  }));
}

/** Tasks due in the period (cancelled ones and an exercise incident's aside), with their agency. */
export function taskRows(db: Executor, area: Scope, p: Period, named: string | null = null) {
  return db
    .select({
      id: tasks.id,
      code: tasks.code,
      title: tasks.title,
      status: tasks.status,
      incidentId: tasks.incidentId,
      dueAt: tasks.dueAt,
      completedAt: tasks.completedAt,
      agencyId: tasks.assigneeAgencyId,
      agencyName: agencies.name,
      agencyNameEn: agencies.nameEn,
    })
    .from(tasks)
    .leftJoin(agencies, eq(agencies.id, tasks.assigneeAgencyId))
    .leftJoin(incidents, eq(incidents.id, tasks.incidentId))
    .where(
      and(
        gte(tasks.dueAt, p.start),
        lt(tasks.dueAt, p.end),
        ne(tasks.status, 'cancelled'),
        or(isNull(tasks.incidentId), realIncident(named)),
        inScope(area, tasks.jurisdictionId),
      ),
    )
    .orderBy(asc(tasks.dueAt), asc(tasks.code));
}

/** Incidents open at some time of the period, with their area's population and their linked cases. */
export async function incidentBurdenRows(db: Executor, area: Scope, p: Period, named: string | null = null) {
  const rows = await db
    .select({
      id: incidents.id,
      code: incidents.code,
      title: incidents.title,
      population: jurisdictions.population,
      areaName: jurisdictions.name,
      areaNameEn: jurisdictions.nameEn,
    })
    .from(incidents)
    .innerJoin(jurisdictions, eq(jurisdictions.id, incidents.jurisdictionId))
    .where(
      and(
        lt(incidents.startedAt, p.end),
        or(isNull(incidents.closedAt), gte(incidents.closedAt, p.start)),
        realIncident(named),
        inScope(area, incidents.jurisdictionId),
      ),
    )
    .orderBy(asc(incidents.startedAt), asc(incidents.code));
  const ids = rows.map((r) => r.id);
  const cases = ids.length
    ? await db
        .select({ incidentId: incidentCases.incidentId, id: caseReports.id, code: caseReports.code, outcome: caseReports.outcome })
        .from(incidentCases)
        .innerJoin(caseReports, eq(caseReports.id, incidentCases.caseId))
        .where(and(inArray(incidentCases.incidentId, ids), isNull(incidentCases.unlinkedAt), countedCaseSql))
        .orderBy(asc(caseReports.code))
    : [];
  return rows.map((r) => ({ ...r, cases: cases.filter((c) => c.incidentId === r.id) }));
}

/** A township's path, if it is a township (or community) in the database. */
export async function areaPath(db: Executor, jurisdictionId: string) {
  const [row] = await db
    .select({ path: jurisdictions.path, level: jurisdictions.level })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, jurisdictionId));
  return row;
}

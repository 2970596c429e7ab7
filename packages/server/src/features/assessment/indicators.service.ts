/**
 * Indicators from the platform's own records, per period and township (docs/assessment.md for each definition).
 * Each figure comes with the records it was computed from. Where nothing can be counted the figure is null
 * ("incomplete" in the web), never 0.
 */
import { pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { districtInstant } from '../../platform/time/district-time.ts';
import { readableCaseIds } from '../cases/index.ts';
import { alertReader } from './alert-scope.ts';
import { stockOutIndicator, tracingIndicator } from './indicators.stock-tracing.ts';
import type { IndicatorsQuery, IndicatorsView } from './indicators.schema.ts';
import { alertRows, areaPath, incidentActivationRows, incidentBurdenRows, type Period, reportRows, taskRows } from './indicators.store.ts';
import { median } from './seven17.ts';

const HOUR = 3_600_000;

/**
 * The key fields of a case report card whose filling makes a report complete (the national report card's
 * required items that our form may leave blank: onset date, sex, birth date, identity document, address,
 * occupation). Classification, disease, diagnosis and report times are always present.
 */
export const COMPLETENESS_FIELDS = ['onsetDate', 'sex', 'birthDate', 'idDocument', 'address', 'occupation'] as const;
type CompletenessField = (typeof COMPLETENESS_FIELDS)[number];
function completenessOf(r: {
  hasOnset: boolean;
  hasSex: boolean;
  hasBirthDate: boolean;
  hasId: boolean;
  hasAddress: boolean;
  hasOccupation: boolean;
}): Record<CompletenessField, boolean> {
  return {
    onsetDate: Boolean(r.hasOnset),
    sex: Boolean(r.hasSex),
    birthDate: Boolean(r.hasBirthDate),
    idDocument: Boolean(r.hasId),
    address: Boolean(r.hasAddress),
    occupation: Boolean(r.hasOccupation),
  };
}
const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const ratio = (n: number, d: number) => (d === 0 ? null : round3(n / d));
const med1 = (xs: number[]) => {
  const m = median(xs);
  return m === null ? null : round1(m);
};
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** The area the figures cover: the reader's scope, or one township of it (404 outside). */
async function areaOf(db: Executor, scope: Scope, townshipId?: string): Promise<Scope> {
  if (!townshipId) return scope;
  const area = await areaPath(db, townshipId.toLowerCase());
  if (!area || !pathInScope(scope, area.path)) throw notFound('jurisdiction');
  return { right: scope.right, paths: [area.path] };
}

/** GET /api/assessment/indicators */
export async function indicatorsFor(db: Executor, principal: Principal, q: IndicatorsQuery, now = new Date()): Promise<IndicatorsView> {
  const scope = scopeFor(principal, 'assessment.read');
  if (q.to < q.from) throw validationFailed([{ path: 'to', message: 'The period ends before it starts' }]);
  const area = await areaOf(db, scope, q.townshipId);
  const period: Period = { start: districtInstant(q.from), end: new Date(districtInstant(q.to).getTime() + 24 * HOUR) };
  const incidentId = q.incidentId?.toLowerCase() ?? null;

  // Reporting timeliness: reported_at − diagnosis_at against the disease's deadline (2 h or 24 h).
  const reports = await reportRows(db, area, period);
  const reportRecords = reports.map((r) => {
    const delay = (r.reportedAt.getTime() - r.diagnosisAt.getTime()) / HOUR;
    const filled = completenessOf(r);
    return {
      missing: COMPLETENESS_FIELDS.filter((f) => !filled[f]),
      id: r.id,
      code: r.code,
      reportedAt: r.reportedAt.toISOString(),
      delayHours: round1(delay),
      deadlineHours: r.deadlineHours,
      onTime: delay <= r.deadlineHours,
    };
  });
  // Completeness: the key fields of the report card filled in (COMPLETENESS_FIELDS), per report and per field.
  const completeness = {
    reports: reportRecords.length,
    complete: reportRecords.filter((r) => r.missing.length === 0).length,
    share: ratio(reportRecords.filter((r) => r.missing.length === 0).length, reportRecords.length),
    fields: COMPLETENESS_FIELDS.map((field) => {
      const n = reportRecords.filter((r) => !r.missing.includes(field)).length;
      return { field, filled: n, share: ratio(n, reportRecords.length) };
    }),
  };
  const deadlines = [...new Set(reportRecords.map((r) => r.deadlineHours))].sort((a, b) => a - b);
  const groups = (deadlines.length ? deadlines : [2, 24]).map((deadlineHours) => {
    const rs = reportRecords.filter((r) => r.deadlineHours === deadlineHours);
    const onTime = rs.filter((r) => r.onTime).length;
    return {
      deadlineHours,
      reports: rs.length,
      onTime,
      late: rs.length - onTime,
      onTimeShare: ratio(onTime, rs.length),
      medianDelayHours: med1(rs.map((r) => r.delayHours)),
    };
  });

  // Alert verification: opening → first status past verification; within the alert's own deadline.
  const alertList = await alertRows(db, area, period);
  const alertReadable = alertReader(principal);
  const alertRecords = alertList.map((a) => {
    const verifiedAt = a.verifiedAt;
    return {
      path: a.path,
      id: a.id,
      code: a.code,
      title: a.title,
      createdAt: a.createdAt.toISOString(),
      verifiedAt: iso(verifiedAt),
      dueAt: iso(a.dueAt),
      hours: verifiedAt ? round1((verifiedAt.getTime() - a.createdAt.getTime()) / HOUR) : null,
      withinDeadline: a.dueAt ? (verifiedAt ? verifiedAt <= a.dueAt : now > a.dueAt ? false : null) : null,
    };
  });
  const judged = alertRecords.filter((a) => a.withinDeadline !== null);

  // Confirmation (the source alert's, else the incident's opening) → first level activation.
  const activations = (await incidentActivationRows(db, area, period, incidentId)).filter((r) => !incidentId || r.id === incidentId);
  const activationRecords = activations.map((r) => {
    const confirmed = r.confirmedAt ?? r.openedAt;
    const activated = r.activatedAt;
    return {
      id: r.id,
      code: r.code,
      title: r.title,
      confirmedAt: confirmed.toISOString(),
      activatedAt: iso(activated),
      // an activation recorded before the confirmation is a data error: not a negative figure
      hours: activated && activated >= confirmed ? round1((activated.getTime() - confirmed.getTime()) / HOUR) : null,
    };
  });

  // Task on-time rate by agency: tasks due in the period and already due.
  const taskList = (await taskRows(db, area, period, incidentId)).filter((t) => !incidentId || t.incidentId === incidentId);
  const taskRecords = taskList.map((t) => {
    const verdict =
      t.status === 'done' && t.completedAt
        ? t.completedAt <= t.dueAt
          ? ('on_time' as const)
          : ('late' as const)
        : t.dueAt <= now
          ? ('overdue' as const)
          : ('not_yet_due' as const);
    return {
      id: t.id,
      code: t.code,
      title: t.title,
      agencyId: t.agencyId,
      status: t.status,
      dueAt: t.dueAt.toISOString(),
      completedAt: iso(t.completedAt),
      verdict,
    };
  });
  const agencyIds = [...new Set(taskList.map((t) => t.agencyId))];
  const byAgency = agencyIds.map((agencyId) => {
    const ts = taskRecords.filter((t) => t.agencyId === agencyId);
    const first = taskList.find((t) => t.agencyId === agencyId)!;
    const count = (v: string) => ts.filter((t) => t.verdict === v).length;
    const onTime = count('on_time');
    const judgedTasks = onTime + count('late') + count('overdue');
    return {
      agencyId,
      name: first.agencyName,
      nameEn: first.agencyNameEn,
      judged: judgedTasks,
      onTime,
      late: count('late'),
      overdue: count('overdue'),
      notYetDue: count('not_yet_due'),
      rate: ratio(onTime, judgedTasks),
    };
  });

  // Attack rate and case-fatality ratio per incident: its linked cases over its area's population.
  const burden = (await incidentBurdenRows(db, area, period, incidentId)).filter((r) => !incidentId || r.id === incidentId);
  // records of cases: only those the reader may read (cases.read scope, residence and role), one query for all
  const readable = await readableCaseIds(db, principal, [...reports.map((r) => r.id), ...burden.flatMap((e) => e.cases.map((c) => c.id))]);
  const events = burden.map((e) => {
    const deaths = e.cases.filter((c) => c.outcome === 'died').length;
    return {
      id: e.id,
      code: e.code,
      title: e.title,
      cases: e.cases.length,
      deaths,
      population: e.population,
      attackRatePer100k: e.population ? round1((e.cases.length / e.population) * 100_000) : null,
      caseFatalityRatio: ratio(deaths, e.cases.length),
      records: e.cases.filter((c) => readable.has(c.id)).map((c) => ({ id: c.id, code: c.code, died: c.outcome === 'died' })),
    };
  });

  // stock-out days and tracing KPIs of the area, their records each in the reader's scope of its module
  const stockOut = await stockOutIndicator(db, principal, area, q, now);
  const contactTracing = await tracingIndicator(db, principal, area, q, (ids) => readableCaseIds(db, principal, ids), now);

  return {
    from: q.from,
    to: q.to,
    townshipId: q.townshipId?.toLowerCase() ?? null,
    incidentId,
    reportingTimeliness: { groups, completeness, records: reportRecords.filter((r) => readable.has(r.id)) },
    alertVerification: {
      alerts: alertRecords.length,
      verified: alertRecords.filter((a) => a.verifiedAt).length,
      pending: alertRecords.filter((a) => !a.verifiedAt).length,
      medianHours: med1(alertRecords.filter((a) => a.hours !== null).map((a) => a.hours!)),
      withDeadline: judged.length,
      withinDeadline: judged.filter((a) => a.withinDeadline).length,
      withinShare: ratio(judged.filter((a) => a.withinDeadline).length, judged.length),
      // each alert only within the reader's alerts.read scope (its place), not just for holders of the right
      records: alertRecords.filter((a) => alertReadable(a.path)).map(({ path: _path, ...a }) => a),
    },
    confirmationToActivation: {
      incidents: activationRecords.length,
      complete: activationRecords.filter((r) => r.hours !== null).length,
      medianHours: med1(activationRecords.filter((r) => r.hours !== null).map((r) => r.hours!)),
      records: activationRecords,
    },
    taskOnTime: { agencies: byAgency, records: taskRecords },
    events,
    stockOut,
    contactTracing,
  };
}

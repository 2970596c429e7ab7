/**
 * Reporting timeliness (DOMAIN.md §2, §6): the delay from diagnosis to report, against each disease's
 * online-reporting deadline (report_deadline_hours: 2 h or 24 h), per reporting facility.
 *
 * A report is on time when `reported_at − diagnosis_at ≤ deadline`. The period selects reports by their report
 * day in China Standard Time (both ends included). Merged reports are left out (they were counted once, under
 * the report they were merged into); so are reports outside the reader's scope (residence jurisdiction).
 *
 * @example
 * const t = await reportingTimeliness(db, scopeFor(principal, 'cases.read'), { from: '2026-01-01', to: '2026-03-31' });
 * t.facilities[0]; // { facilityId, facilityName, reports: 120, onTime: 117, late: 3, onTimeShare: 0.975, medianDelayHours: 3.2 }
 */
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { facilities } from '../registry/registry.tables.ts';
import { inScope } from '../../platform/auth/scope.ts';
import { caseReports, diseases } from './cases.tables.ts';

/** Report days, inclusive, 'YYYY-MM-DD' (China Standard Time). */
export interface TimelinessRange {
  from: string;
  to: string;
}

export interface FacilityTimeliness {
  /** null: reports that named no facility */
  facilityId: string | null;
  facilityName: string | null;
  facilityNameEn: string | null;
  reports: number;
  onTime: number;
  late: number;
  /** onTime / reports (0–1) */
  onTimeShare: number;
  /** median of reported_at − diagnosis_at, hours (1 decimal) */
  medianDelayHours: number;
}

export interface ReportingTimeliness {
  from: string;
  to: string;
  /** most reports first */
  facilities: FacilityTimeliness[];
  total: Omit<FacilityTimeliness, 'facilityId' | 'facilityName' | 'facilityNameEn'>;
}

/** The first instant of a China-time day and of the day after another. */
export function chinaDayBounds(from: string, to: string): { start: Date; end: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + 86_400_000);
  return { start, end };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Timeliness of the reports in `scope` whose report day lies in `range`. */
export async function reportingTimeliness(db: Executor, scope: Scope, range: TimelinessRange): Promise<ReportingTimeliness> {
  const { start, end } = chinaDayBounds(range.from, range.to);
  const delayHours = sql<number>`extract(epoch from (${caseReports.reportedAt} - ${caseReports.diagnosisAt})) / 3600.0`;
  const onTimeExpr = sql`${caseReports.reportedAt} - ${caseReports.diagnosisAt} <= ${diseases.reportDeadlineHours} * interval '1 hour'`;
  const where = and(
    eq(caseReports.status, 'active'),
    gte(caseReports.reportedAt, start),
    lt(caseReports.reportedAt, end),
    inScope(scope, caseReports.jurisdictionId),
  );
  const [rows, totals] = await Promise.all([
    db
      .select({
        facilityId: caseReports.facilityId,
        facilityName: facilities.name,
        facilityNameEn: facilities.nameEn,
        reports: sql<number>`count(*)::int`,
        onTime: sql<number>`(count(*) FILTER (WHERE ${onTimeExpr}))::int`,
        median: sql<number>`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${delayHours})`,
      })
      .from(caseReports)
      .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
      .leftJoin(facilities, eq(facilities.id, caseReports.facilityId))
      .where(where)
      .groupBy(caseReports.facilityId, facilities.name, facilities.nameEn),
    db
      .select({
        reports: sql<number>`count(*)::int`,
        onTime: sql<number>`(count(*) FILTER (WHERE ${onTimeExpr}))::int`,
        median: sql<number | null>`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${delayHours})`,
      })
      .from(caseReports)
      .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
      .where(where),
  ]);
  const present = (r: { reports: number; onTime: number; median: number | null }) => ({
    reports: r.reports,
    onTime: r.onTime,
    late: r.reports - r.onTime,
    onTimeShare: r.reports === 0 ? 0 : Math.round((r.onTime / r.reports) * 1000) / 1000,
    medianDelayHours: r.median === null ? 0 : round1(Number(r.median)),
  });
  const facilitiesOut = rows
    .map((r) => ({ facilityId: r.facilityId, facilityName: r.facilityName, facilityNameEn: r.facilityNameEn, ...present(r) }))
    .sort((a, b) => b.reports - a.reports || (a.facilityNameEn ?? '~').localeCompare(b.facilityNameEn ?? '~'));
  return { from: range.from, to: range.to, facilities: facilitiesOut, total: present(totals[0] ?? { reports: 0, onTime: 0, median: null }) };
}

/**
 * Reporting timeliness (DOMAIN.md §2, §6): the delay from diagnosis to report, against each disease's
 * online-reporting deadline (report_deadline_hours: 2 h or 24 h), per reporting facility.
 *
 * A report is on time when `reported_at − diagnosis_at ≤ deadline`. The period selects reports by their report
 * day in China Standard Time (both ends included). Merged reports are left out (they were counted once, under
 * the report they were merged into); so are reports outside the reader's scope (residence jurisdiction).
 *
 * @example
 * Review time (审核): the CDC's first decision on a card (approved or returned; `first_reviewed_at`, migration 0049)
 * is due within the same deadline from the report — 2 h for class A diseases and those managed as class A, 24 h
 * for the others (传染病信息报告管理规范, 2015: "甲类…2小时内…完成…审核确认；其他乙、丙类…24小时内…完成确认审核"),
 * which is each disease's report_deadline_hours. A card not yet reviewed is counted as awaiting review.
 *
 * const t = await reportingTimeliness(db, scopeFor(principal, 'cases.read'), { from: '2026-01-01', to: '2026-03-31' });
 * t.facilities[0]; // { facilityId, facilityName, reports: 120, onTime: 117, late: 3, onTimeShare: 0.975, medianDelayHours: 3.2 }
 */
import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { facilities } from '../registry/index.ts';
import { inFacilityScope } from '../../platform/auth/scope.ts';
import { caseReports, caseReportVersions } from './cases.tables.ts';
import { diseases } from '../catalogue/index.ts';
import { districtInstant } from '../../platform/time/district-time.ts';

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
  /**
   * Corrections (订正) made in the period of a changed diagnosis, a revised classification or a death: due within
   * the disease's deadline from the event, as the first report is from the diagnosis (NIDRIS; case-corrections.ts).
   */
  corrections: number;
  correctionsOnTime: number;
  correctionsLate: number;
  /** reports of the period the CDC has reviewed (approved or returned) at least once */
  reviewed: number;
  /** … of which the first review came within the disease's deadline from the report */
  reviewedOnTime: number;
  reviewedLate: number;
  /** reports of the period not reviewed yet */
  awaitingReview: number;
  /** median of first review − report, hours (1 decimal); null when none was reviewed */
  medianReviewHours: number | null;
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
  const start = districtInstant(from);
  const end = new Date(districtInstant(to).getTime() + 86_400_000);
  return { start, end };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Timeliness of the reports in `scope` whose report day lies in `range`. */
export async function reportingTimeliness(db: Executor, scope: Scope, range: TimelinessRange): Promise<ReportingTimeliness> {
  const { start, end } = chinaDayBounds(range.from, range.to);
  const delayHours = sql<number>`extract(epoch from (${caseReports.reportedAt} - ${caseReports.diagnosisAt})) / 3600.0`;
  const onTimeExpr = sql`${caseReports.reportedAt} - ${caseReports.diagnosisAt} <= ${diseases.reportDeadlineHours} * interval '1 hour'`;
  const reviewHours = sql<number>`extract(epoch from (${caseReports.firstReviewedAt} - ${caseReports.reportedAt})) / 3600.0`;
  const reviewOnTimeExpr = sql`${caseReports.firstReviewedAt} - ${caseReports.reportedAt} <= ${diseases.reportDeadlineHours} * interval '1 hour'`;
  const reviewFigures = {
    reviewed: sql<number>`count(${caseReports.firstReviewedAt})::int`,
    reviewedOnTime: sql<number>`(count(*) FILTER (WHERE ${reviewOnTimeExpr}))::int`,
    medianReview: sql<
      number | null
    >`percentile_cont(0.5) WITHIN GROUP (ORDER BY ${reviewHours}) FILTER (WHERE ${caseReports.firstReviewedAt} IS NOT NULL)`,
  };
  const where = and(
    eq(caseReports.status, 'active'),
    gte(caseReports.reportedAt, start),
    lt(caseReports.reportedAt, end),
    // a hospital reporter's scope covers its own facility's reports (facilityScopeFor)
    inFacilityScope(scope, caseReports.jurisdictionId, caseReports.facilityId),
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
        ...reviewFigures,
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
        ...reviewFigures,
      })
      .from(caseReports)
      .innerJoin(diseases, eq(diseases.id, caseReports.diseaseId))
      .where(where),
  ]);
  const corrections = await correctionTimeliness(db, scope, start, end);
  const none = { corrections: 0, onTime: 0 };
  const correctionsOf = (c: { corrections: number; onTime: number }) => ({
    corrections: c.corrections,
    correctionsOnTime: c.onTime,
    correctionsLate: c.corrections - c.onTime,
  });
  type Counted = {
    reports: number;
    onTime: number;
    median: number | null;
    reviewed: number;
    reviewedOnTime: number;
    medianReview: number | null;
  };
  const present = (r: Counted, c: { corrections: number; onTime: number }) => ({
    reports: r.reports,
    onTime: r.onTime,
    late: r.reports - r.onTime,
    onTimeShare: r.reports === 0 ? 0 : Math.round((r.onTime / r.reports) * 1000) / 1000,
    medianDelayHours: r.median === null ? 0 : round1(Number(r.median)),
    ...correctionsOf(c),
    reviewed: r.reviewed,
    reviewedOnTime: r.reviewedOnTime,
    reviewedLate: r.reviewed - r.reviewedOnTime,
    awaitingReview: r.reports - r.reviewed,
    medianReviewHours: r.medianReview === null ? null : round1(Number(r.medianReview)),
  });
  const nothing: Counted = { reports: 0, onTime: 0, median: null, reviewed: 0, reviewedOnTime: 0, medianReview: null };
  const byFacility = new Map(corrections.rows.map((c) => [c.facilityId ?? '', c]));
  const out = rows.map((r) => ({
    facilityId: r.facilityId,
    facilityName: r.facilityName,
    facilityNameEn: r.facilityNameEn,
    ...present(r, byFacility.get(r.facilityId ?? '') ?? none),
  }));
  // a facility that corrected cards in the period but filed none in it is listed too
  const listed = new Set(rows.map((r) => r.facilityId ?? ''));
  for (const c of corrections.rows) {
    if (!listed.has(c.facilityId ?? ''))
      out.push({
        facilityId: c.facilityId,
        facilityName: c.facilityName,
        facilityNameEn: c.facilityNameEn,
        ...present(nothing, c),
      });
  }
  const facilitiesOut = out.sort((a, b) => b.reports - a.reports || (a.facilityNameEn ?? '~').localeCompare(b.facilityNameEn ?? '~'));
  return {
    from: range.from,
    to: range.to,
    facilities: facilitiesOut,
    total: present(totals[0] ?? nothing, corrections.total),
  };
}

/**
 * Corrections made in [start, end) whose kind has a clock (a changed diagnosis, a revised classification, a death:
 * `event_at` and `deadline_hours` recorded), per reporting unit of the card: on time when made within the
 * deadline from the event.
 */
async function correctionTimeliness(db: Executor, scope: Scope, start: Date, end: Date) {
  const v = caseReportVersions;
  const onTime = sql`${v.changedAt} - ${v.eventAt} <= ${v.deadlineHours} * interval '1 hour'`;
  const where = and(
    gte(v.changedAt, start),
    lt(v.changedAt, end),
    sql`${v.eventAt} IS NOT NULL AND ${v.deadlineHours} IS NOT NULL`,
    inFacilityScope(scope, caseReports.jurisdictionId, caseReports.facilityId),
  );
  const rows = await db
    .select({
      facilityId: caseReports.facilityId,
      facilityName: facilities.name,
      facilityNameEn: facilities.nameEn,
      corrections: sql<number>`count(*)::int`,
      onTime: sql<number>`(count(*) FILTER (WHERE ${onTime}))::int`,
    })
    .from(v)
    .innerJoin(caseReports, eq(caseReports.id, v.caseId))
    .leftJoin(facilities, eq(facilities.id, caseReports.facilityId))
    .where(where)
    .groupBy(caseReports.facilityId, facilities.name, facilities.nameEn);
  const total = rows.reduce((t, r) => ({ corrections: t.corrections + r.corrections, onTime: t.onTime + r.onTime }), {
    corrections: 0,
    onTime: 0,
  });
  return { rows, total };
}

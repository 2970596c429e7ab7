/**
 * The figures of a daily situation report and of the command dashboard, read from the data of one incident's
 * area for one day (district time, UTC+8):
 *
 * - cases of the incident's disease by township (case_reports, active, not excluded, residence in the incident's
 *   area, reported by the end of the day): new by report date (the day the report reached the system — what a
 *   daily report counts as 新增), new by onset date (onset, or the diagnosis date when the onset is unknown), and
 *   cumulative by report date from the day the incident started (for an incident opened from an alert, by default
 *   the earliest onset among the cases behind the alert's signals); cases linked to the incident (incident_cases:
 *   from its alert, or by hand) count too, whatever their place, disease or date;
 * - trend: reported cases in the last 7 days (the day and the 6 before) against the 7 days before those;
 * - Rt: `estimateR` of @outbreak/epimodels (Cori et al. 2013, EpiEstim parametric_si) on a daily onset series of
 *   42 days, one window of its last 7 days, with the disease's serial interval (serial-intervals.ts). Onset counts
 *   of the most recent days are incomplete (cases with a recent onset are not all reported yet), so the series ends
 *   N days before the report's day, N = the median onset-to-report delay (days, rounded up, at least 1) of the
 *   disease's cases in the incident's district reported in the last 90 days (all diseases when it had none);
 *   "not estimable" when the disease has no serial interval, or when the window holds fewer cases than EpiEstim
 *   asks for the default posterior coefficient of variation of 0.3 (⌈1/0.3² − a₀⌉ = 11 with the default prior a₀ = 1);
 * - alerts: the incident's source alert (always, first), then the open alerts in the area (new, verifying,
 *   monitoring, risk assessment, characterised) about the incident's disease (every disease when it has none);
 * - the incident's tasks by assignee: done, open (assigned, accepted, in progress, blocked), overdue (open and past
 *   due) and rejected, with the overdue list — for today's report as at the time of drafting; for an earlier day as
 *   at the end of that day, from the tasks' status history (task_notes, see taskFiguresOf);
 * - facility capacity from the registry (beds, ICU beds, isolation rooms, quarantine rooms), and the occupancy the
 *   facilities reported themselves (the occupancy feature, docs/occupancy.md): each one's latest daily report up to
 *   the report's day, totals, rates and the facilities that had not reported that day. Reports drafted before
 *   facilities reported (no `occupancy` in their figures) keep the figures their editor typed (OccupancyEntry).
 */
import { estimateR } from '@outbreak/epimodels';
import { type SQL, type SQLWrapper, and, asc, eq, inArray, like, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { alerts, OPEN_ALERT_STATUSES } from '../alerts/index.ts';
import { type ResponseLevel, incidentCases, incidents } from '../incidents/index.ts';
import { caseReports, countedCaseSqlFor } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { agencies, facilities } from '../registry/index.ts';
import { taskNotes, type TaskStatus, tasks, OPEN_TASK_STATUSES } from '../tasks/index.ts';
import { CARE_FACILITY_TYPES, type OccupancyPicture, occupancyOfArea } from '../occupancy/index.ts';
import { type ContactKpis, tracingKpisOfArea } from '../contacts/index.ts';
import { type SerialInterval, serialIntervalFor } from './serial-intervals.ts';
import { districtDate, districtInstant } from '../../platform/time/district-time.ts';

/** Days of onset series given to estimateR. */
export const RT_SERIES_DAYS = 42;
/** Days of the Rt window (the last week, EpiEstim's default window length). */
export const RT_WINDOW_DAYS = 7;
/**
 * Fewest cases in the window for an Rt: EpiEstim warns below ⌈1/cv² − a₀⌉ with cv_posterior 0.3 and the default
 * prior (mean 5, sd 5: a₀ = 1), i.e. 11 (estimate_R, "too early in the epidemic to get the desired posterior CV").
 */
export const RT_MIN_CASES = Math.ceil(1 / 0.3 ** 2 - 1);
/** Days of case reports over which the district's median onset-to-report delay is measured. */
export const DELAY_LOOKBACK_DAYS = 90;
/** Days of the daily curve in a report. */
export const CURVE_DAYS = 28;

const OPEN_TASK: TaskStatus[] = [...OPEN_TASK_STATUSES];
const OPEN_ALERT: (typeof alerts.$inferSelect)['status'][] = [...OPEN_ALERT_STATUSES];
/** Facilities whose capacity matters to a response: the occupancy feature owns the list. */
export { CARE_FACILITY_TYPES };

/** Occupancy of a facility on the report's day, as entered by the report's editor. */
export interface OccupancyEntry {
  facilityId: string;
  bedsOccupied: number | null;
  icuBedsOccupied: number | null;
  isolationRoomsOccupied: number | null;
  roomsOccupied: number | null;
}

export interface TownshipCases {
  /** the township (null: cases recorded above township level, at the district itself) */
  jurisdictionId: string | null;
  name: string;
  nameEn: string;
  newReported: number;
  newOnset: number;
  cumulative: number;
}

export interface RtFigure {
  estimable: boolean;
  /** why not: no disease on the incident, no serial interval for it, or too few cases in the window */
  reason: 'no_disease' | 'no_serial_interval' | 'too_few_cases' | null;
  mean: number | null;
  /** 95% credible interval (posterior 2.5% and 97.5% quantiles) */
  lower: number | null;
  upper: number | null;
  windowFrom: string;
  windowTo: string;
  casesInWindow: number;
  serialInterval: SerialInterval | null;
  /** the onset series given to estimateR: first day and daily counts (the last one is windowTo) */
  seriesFrom: string;
  series: number[];
  /** days before the report's day left out as incomplete (windowTo = report day − incompleteDays); at least 1 */
  incompleteDays: number;
  /** the median onset-to-report delay it is based on */
  reportingDelay: ReportingDelay;
}

export interface ReportingDelay {
  /** median of (report day − onset day), days, rounded up; null without any case to measure */
  medianDays: number | null;
  /** cases measured: reported in the DELAY_LOOKBACK_DAYS days up to the report's day, onset known */
  cases: number;
  /** whose cases: the incident's disease in its district, all diseases there (the disease had none), or none */
  basis: 'disease' | 'all_diseases' | 'none';
  lookbackDays: number;
}

export interface TaskAgencyFigure {
  /** the assignee: an agency, else a township, else a person */
  assigneeKind: 'agency' | 'jurisdiction' | 'user';
  assigneeId: string;
  name: string;
  nameEn: string;
  total: number;
  done: number;
  open: number;
  overdue: number;
  rejected: number;
}

export interface OverdueTask {
  id: string;
  code: string;
  title: string;
  status: TaskStatus;
  dueAt: string;
  assigneeName: string;
  assigneeNameEn: string;
}

export interface FacilityFigure {
  id: string;
  name: string;
  nameEn: string;
  type: string;
  beds: number;
  icuBeds: number;
  isolationRooms: number;
  rooms: number;
}

/** Everything a report shows from the data (kept with the report as drafted). */
export interface ReportFigures {
  reportDate: string;
  generatedAt: string;
  incident: { id: string; code: string; title: string; responseLevel: ResponseLevel | null; startedOn: string };
  disease: { id: string; code: string; name: string; nameEn: string } | null;
  area: { id: string; name: string; nameEn: string };
  cases: {
    /** cumulative counts start on this day (the incident's start, district time) */
    cumulativeFrom: string;
    townships: TownshipCases[];
    totals: { newReported: number; newOnset: number; cumulative: number };
  };
  trend: {
    last7: number;
    previous7: number;
    /** percentage change, null when the previous week had none */
    changePct: number | null;
    direction: 'up' | 'down' | 'flat';
    /** the last CURVE_DAYS days: reported and onset counts */
    daily: { date: string; reported: number; onset: number }[];
  };
  rt: RtFigure;
  /** `title` is the stored Chinese "disease · place"; `diseaseNameEn` lets an English reader see it in English. */
  alerts: {
    id: string;
    code: string;
    title: string;
    status: string;
    warningLevel: string | null;
    jurisdictionName: string;
    jurisdictionNameEn: string;
    diseaseNameEn: string | null;
    /** the alert the incident was opened from (listed first, whatever its status) */
    source?: boolean;
  }[];
  tasks: {
    asOf: string;
    byAssignee: TaskAgencyFigure[];
    totals: { total: number; done: number; open: number; overdue: number; rejected: number };
    overdue: OverdueTask[];
  };
  facilities: {
    items: FacilityFigure[];
    totals: { beds: number; icuBeds: number; isolationRooms: number; rooms: number };
    /** what the facilities reported, as at the report's day (absent in reports drafted before it was kept) */
    occupancy?: OccupancyPicture;
  };
  /**
   * contact tracing in the area (WHO KPIs, docs/contacts.md): the report's day, cases of its last 7 days, the
   * incident's disease (absent in reports drafted before it was kept)
   */
  tracing?: ContactKpis;
}

// ── dates ────────────────────────────────────────────────────────────────────────────────────────────

/** The district's calendar day of an instant, 'YYYY-MM-DD'. */
export function localDate(at: Date): string {
  return districtDate(at);
}

/** `date` plus `days` (may be negative), 'YYYY-MM-DD'. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The instant a district day ends (exclusive bound): 24:00 district time. */
export function endOfLocalDay(date: string): Date {
  return new Date(districtInstant(date).getTime() + 24 * 3600_000);
}

/** Days from `from` to `to` inclusive, in order. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

// ── pure parts ───────────────────────────────────────────────────────────────────────────────────────

/** Last 7 days against the 7 before, from a daily series whose last element is the report's day. */
export function trendOf(dailyReported: readonly number[]): Omit<ReportFigures['trend'], 'daily'> {
  const n = dailyReported.length;
  const sum = (from: number, to: number) => dailyReported.slice(Math.max(0, from), Math.max(0, to)).reduce((a, b) => a + b, 0);
  const last7 = sum(n - 7, n);
  const previous7 = sum(n - 14, n - 7);
  const changePct = previous7 === 0 ? null : Math.round(((last7 - previous7) / previous7) * 1000) / 10;
  const direction: 'up' | 'down' | 'flat' = last7 > previous7 ? 'up' : last7 < previous7 ? 'down' : 'flat';
  return { last7, previous7, changePct, direction };
}

/**
 * The median of a histogram of whole-day delays (`counts[d]` cases with delay d), rounded up to a whole day; null
 * when empty. Rounding up leaves out rather one day too many than one too few.
 */
export function medianDelayOf(counts: ReadonlyMap<number, number>): number | null {
  const sorted = [...counts.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const n = sorted.reduce((acc, [, k]) => acc + k, 0);
  if (n === 0) return null;
  const at = (rank: number) => {
    let seen = 0;
    for (const [d, k] of sorted) {
      seen += k;
      if (rank < seen) return d;
    }
    return sorted.at(-1)![0];
  };
  return Math.ceil((at(Math.floor((n - 1) / 2)) + at(Math.floor(n / 2))) / 2);
}

/** Days to leave out of the Rt series before the report's day: the median delay, at least 1. */
export function incompleteDaysOf(delay: ReportingDelay): number {
  return Math.max(1, delay.medianDays ?? 1);
}

/**
 * Rt over the last RT_WINDOW_DAYS days of `series` (daily onset counts, the last element the last complete day) by
 * estimateR with the parametric serial interval `si`; see the module comment for when it is not estimable.
 */
export function rtOf(
  series: readonly number[],
  seriesFrom: string,
  si: SerialInterval | null,
  reasonIfNoSi: 'no_disease' | 'no_serial_interval',
): Omit<RtFigure, 'incompleteDays' | 'reportingDelay'> {
  const T = series.length;
  const windowFrom = addDays(seriesFrom, T - RT_WINDOW_DAYS);
  const windowTo = addDays(seriesFrom, T - 1);
  const casesInWindow = series.slice(T - RT_WINDOW_DAYS).reduce((a, b) => a + b, 0);
  const base = { windowFrom, windowTo, casesInWindow, serialInterval: si, seriesFrom, series: [...series] };
  const none = (reason: RtFigure['reason']): Omit<RtFigure, 'incompleteDays' | 'reportingDelay'> => ({
    ...base,
    estimable: false,
    reason,
    mean: null,
    lower: null,
    upper: null,
  });
  if (!si) return none(reasonIfNoSi);
  if (casesInWindow < RT_MIN_CASES) return none('too_few_cases');
  const est = estimateR(series, 'parametric_si', { mean_si: si.mean, std_si: si.sd, t_start: [T - RT_WINDOW_DAYS + 1], t_end: [T] });
  const w = est.windows[0]!;
  if (w.mean_r === null) return none('too_few_cases');
  return { ...base, estimable: true, reason: null, mean: w.mean_r, lower: w.quantile_0_025_r, upper: w.quantile_0_975_r };
}

// ── queries ──────────────────────────────────────────────────────────────────────────────────────────

const township = alias(jurisdictions, 'township');
const residence = alias(jurisdictions, 'residence');

/** SQL: the district day of a timestamptz column. */
const localDay = (column: SQLWrapper) => sql`((${column} AT TIME ZONE 'UTC') + interval '8 hours')::date`;
const reportDay = localDay(caseReports.reportedAt);
const onsetDay = sql`coalesce(${caseReports.onsetDate}, ${localDay(caseReports.diagnosisAt)})`;

/**
 * Daily counts by township on one basis, of cases known by the end of `to`: the disease's cases resident in the
 * area with their day in [from, to], and the cases linked to the incident (incident_cases, current links) with
 * their day up to `to` whatever their disease, place or how early they were (`linked` marks them: they count
 * from before the incident's start too).
 */
async function caseCounts(
  db: Executor,
  q: {
    /** null: an area's figures without an incident (public bulletins): no linked cases */
    incidentId: string | null;
    diseaseId: string | null;
    areaPath: string;
    from: string;
    to: string;
    basis: 'report' | 'onset';
    /** without an incident: every disease when diseaseId is null */
    allDiseases?: boolean;
    /** an exercise incident's figures: that exercise's reports count beside the real ones; null: real only */
    exerciseId?: string | null;
  },
): Promise<{ townshipId: string | null; day: string; n: number; linked: boolean }[]> {
  const day = q.basis === 'report' ? reportDay : onsetDay;
  const linked = q.incidentId
    ? sql`${caseReports.id} IN (SELECT ic.case_id FROM ${incidentCases} ic WHERE ic.incident_id = ${q.incidentId}::uuid AND ic.unlinked_at IS NULL)`
    : sql`false`;
  const inArea = and(sql`${residence.path} LIKE ${`${q.areaPath}%`}`, sql`${day} >= ${q.from}::date`)!;
  const matched = q.diseaseId ? and(eq(caseReports.diseaseId, q.diseaseId), inArea)! : q.allDiseases ? inArea : sql`false`;
  const rows = await db
    .select({ townshipId: township.id, day: sql<string>`(${day})::text`, linked: sql<boolean>`(${linked})`, n: sql<number>`count(*)::int` })
    .from(caseReports)
    .innerJoin(residence, eq(residence.id, caseReports.jurisdictionId))
    .leftJoin(township, and(eq(township.level, 'township'), sql`${residence.path} LIKE ${township.path} || '%'`))
    .where(
      and(
        countedCaseSqlFor(q.exerciseId),
        sql`${caseReports.reportedAt} < ${endOfLocalDay(q.to).toISOString()}::timestamptz`,
        sql`${day} <= ${q.to}::date`,
        or(matched, linked),
      ),
    )
    .groupBy(township.id, day, sql`3`);
  return rows.map((r) => ({
    townshipId: r.townshipId,
    day: r.day,
    n: Number(r.n),
    linked: r.linked === true || String(r.linked) === 'true',
  }));
}

/** Age bands of a public breakdown (years at the day of report; "unknown": no or impossible birth date). */
export const AGE_BANDS = ['0-14', '15-24', '25-44', '45-64', '65+', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

/** Cases of one age band by sex (an area's cumulative cases: the same filter as its cumulative count). */
export interface AgeSexRow {
  band: AgeBand;
  male: number;
  female: number;
  unknown: number;
}

/**
 * The cumulative cases of an area by age band and sex: the same cases as `caseCounts` on the report basis without
 * an incident (active, not excluded, resident in the area, reported in [from, to] by district day and known by the
 * end of `to`), so the table sums to the area's cumulative figure. Every band is listed, zeros included.
 */
async function ageSexCounts(
  db: Executor,
  q: { diseaseId: string | null; areaPath: string; from: string; to: string },
): Promise<AgeSexRow[]> {
  const years = sql`date_part('year', age(${reportDay}, ${caseReports.birthDate}))`;
  const band = sql<string>`CASE WHEN ${caseReports.birthDate} IS NULL OR ${caseReports.birthDate} > ${reportDay} THEN 'unknown'
    WHEN ${years} < 15 THEN '0-14' WHEN ${years} < 25 THEN '15-24' WHEN ${years} < 45 THEN '25-44'
    WHEN ${years} < 65 THEN '45-64' ELSE '65+' END`;
  const rows = await db
    .select({ band, sex: caseReports.sex, n: sql<number>`count(*)::int` })
    .from(caseReports)
    .innerJoin(residence, eq(residence.id, caseReports.jurisdictionId))
    .where(
      and(
        eq(caseReports.status, 'active'),
        ne(caseReports.classification, 'excluded'),
        q.diseaseId ? eq(caseReports.diseaseId, q.diseaseId) : undefined,
        sql`${residence.path} LIKE ${`${q.areaPath}%`}`,
        sql`${reportDay} >= ${q.from}::date`,
        sql`${reportDay} <= ${q.to}::date`,
        sql`${caseReports.reportedAt} < ${endOfLocalDay(q.to).toISOString()}::timestamptz`,
      ),
    )
    .groupBy(sql`1`, caseReports.sex);
  const out = new Map<string, AgeSexRow>(AGE_BANDS.map((b) => [b, { band: b, male: 0, female: 0, unknown: 0 }]));
  for (const r of rows) out.get(r.band)![r.sex] += Number(r.n);
  return [...out.values()];
}

/**
 * The median onset-to-report delay of cases resident in the district at `districtPath`, reported in the
 * DELAY_LOOKBACK_DAYS days up to `reportDate` (by its end) with a known onset date: the incident's disease, or all
 * diseases when the disease had no such case. A delay is the district day of the report minus the onset date;
 * negative ones (onset after the report: a data error) are left out.
 */
export async function reportingDelayOf(
  db: Executor,
  q: { diseaseId: string; districtPath: string; reportDate: string },
): Promise<ReportingDelay> {
  const delay = sql<number>`(${reportDay} - ${caseReports.onsetDate})`;
  const from = endOfLocalDay(addDays(q.reportDate, -DELAY_LOOKBACK_DAYS));
  const rows = await db
    .select({
      sameDisease: sql<boolean>`(${caseReports.diseaseId} = ${q.diseaseId})`,
      delay: sql<number>`${delay}::int`,
      n: sql<number>`count(*)::int`,
    })
    .from(caseReports)
    .innerJoin(residence, eq(residence.id, caseReports.jurisdictionId))
    .where(
      and(
        eq(caseReports.status, 'active'),
        ne(caseReports.classification, 'excluded'),
        sql`${caseReports.onsetDate} IS NOT NULL`,
        sql`${residence.path} LIKE ${`${q.districtPath}%`}`,
        sql`${caseReports.reportedAt} >= ${from.toISOString()}::timestamptz`,
        sql`${caseReports.reportedAt} < ${endOfLocalDay(q.reportDate).toISOString()}::timestamptz`,
        sql`${delay} >= 0`,
      ),
    )
    .groupBy(sql`1`, sql`2`);
  const histogram = (rs: typeof rows) => {
    const m = new Map<number, number>();
    for (const r of rs) m.set(Number(r.delay), (m.get(Number(r.delay)) ?? 0) + Number(r.n));
    return m;
  };
  const own = rows.filter((r) => r.sameDisease === true || String(r.sameDisease) === 'true');
  const basis = own.length > 0 ? 'disease' : rows.length > 0 ? 'all_diseases' : 'none';
  const used = basis === 'disease' ? own : rows;
  return {
    medianDays: medianDelayOf(histogram(used)),
    cases: used.reduce((a, r) => a + Number(r.n), 0),
    basis,
    lookbackDays: DELAY_LOOKBACK_DAYS,
  };
}

/** What figure drafting needs of the incident. */
export interface IncidentForFigures {
  id: string;
  code: string;
  title: string;
  responseLevel: ResponseLevel | null;
  startedAt: Date;
  diseaseId: string | null;
  jurisdictionId: string;
  /** the alert the incident was opened from */
  alertId: string | null;
  /** the exercise the incident belongs to (docs/exercises.md): its figures count that exercise's reports too */
  exerciseId?: string | null;
}

/** Reads the incident (unscoped: callers have checked scope). */
export async function incidentForFigures(db: Executor, incidentId: string): Promise<IncidentForFigures | null> {
  const [row] = await db
    .select({
      id: incidents.id,
      code: incidents.code,
      title: incidents.title,
      responseLevel: incidents.responseLevel,
      startedAt: incidents.startedAt,
      diseaseId: incidents.diseaseId,
      jurisdictionId: incidents.jurisdictionId,
      alertId: incidents.alertId,
      exerciseId: incidents.exerciseId,
    })
    .from(incidents)
    .where(eq(incidents.id, incidentId));
  return row ?? null;
}

/**
 * Drafts the figures of `incident` for the district day `reportDate`. `now` is the time of drafting: tasks are as
 * at `now` for today's report (or a day to come), as at the end of the day for an earlier day.
 */
export async function draftFigures(db: Executor, incident: IncidentForFigures, reportDate: string, now: Date): Promise<ReportFigures> {
  const [area] = await db
    .select({
      id: jurisdictions.id,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      path: jurisdictions.path,
      level: jurisdictions.level,
    })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, incident.jurisdictionId));
  if (!area) throw new Error(`incident ${incident.id}: its jurisdiction is missing`);
  const [disease] = incident.diseaseId
    ? await db
        .select({ id: diseases.id, code: diseases.code, name: diseases.name, nameEn: diseases.nameEn })
        .from(diseases)
        .where(eq(diseases.id, incident.diseaseId))
    : [];
  const startedOn = localDate(incident.startedAt);
  const cumulativeFrom = startedOn <= reportDate ? startedOn : reportDate;
  const curveFrom = addDays(reportDate, -(CURVE_DAYS - 1));
  // Rt leaves out the most recent days, whose onset counts are still incomplete (module comment).
  const [district] = await db
    .select({ path: jurisdictions.path })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.level, 'district'), sql`${area.path} LIKE ${jurisdictions.path} || '%'`));
  const reportingDelay: ReportingDelay = disease
    ? await reportingDelayOf(db, { diseaseId: disease.id, districtPath: district?.path ?? area.path, reportDate })
    : { medianDays: null, cases: 0, basis: 'none', lookbackDays: DELAY_LOOKBACK_DAYS };
  const incompleteDays = incompleteDaysOf(reportingDelay);
  const rtTo = addDays(reportDate, -incompleteDays);
  const seriesFrom = addDays(rtTo, -(RT_SERIES_DAYS - 1));

  // Townships of the area (all of them, so a township without cases shows 0).
  const areaTownships = await db
    .select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
    .from(jurisdictions)
    .where(
      and(
        eq(jurisdictions.level, 'township'),
        sql`(${jurisdictions.path} LIKE ${`${area.path}%`} OR ${area.path} LIKE ${jurisdictions.path} || '%')`,
      ),
    )
    .orderBy(asc(jurisdictions.code));

  const reportFrom = [cumulativeFrom, curveFrom].sort()[0]!;
  const onsetFrom = [seriesFrom, curveFrom].sort()[0]!;
  const [reported, onset] = await Promise.all([
    caseCounts(db, {
      incidentId: incident.id,
      exerciseId: incident.exerciseId ?? null,
      diseaseId: disease?.id ?? null,
      areaPath: area.path,
      from: reportFrom,
      to: reportDate,
      basis: 'report',
    }),
    caseCounts(db, {
      incidentId: incident.id,
      exerciseId: incident.exerciseId ?? null,
      diseaseId: disease?.id ?? null,
      areaPath: area.path,
      from: onsetFrom,
      to: reportDate,
      basis: 'onset',
    }),
  ]);
  // Linked cases may live outside the area: their townships are named too.
  const outside = [
    ...new Set(
      [...reported, ...onset].map((r) => r.townshipId).filter((id): id is string => id !== null && !areaTownships.some((t) => t.id === id)),
    ),
  ];
  if (outside.length > 0) {
    areaTownships.push(
      ...(await db
        .select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
        .from(jurisdictions)
        .where(inArray(jurisdictions.id, outside))
        .orderBy(asc(jurisdictions.code))),
    );
  }

  const rows = new Map<string, TownshipCases>();
  const rowOf = (id: string | null): TownshipCases => {
    const key = id ?? '';
    let row = rows.get(key);
    if (!row) {
      const t = areaTownships.find((x) => x.id === id);
      row = {
        jurisdictionId: id,
        name: t?.name ?? (id ? '' : area.name),
        nameEn: t?.nameEn ?? (id ? '' : area.nameEn),
        newReported: 0,
        newOnset: 0,
        cumulative: 0,
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const t of areaTownships) if (!outside.includes(t.id)) rowOf(t.id);
  for (const r of reported) {
    if (r.day === reportDate) rowOf(r.townshipId).newReported += r.n;
    if (r.day >= cumulativeFrom || r.linked) rowOf(r.townshipId).cumulative += r.n;
  }
  for (const r of onset) if (r.day === reportDate) rowOf(r.townshipId).newOnset += r.n;
  const townships = [...rows.values()];
  const totals = townships.reduce(
    (acc, r) => ({
      newReported: acc.newReported + r.newReported,
      newOnset: acc.newOnset + r.newOnset,
      cumulative: acc.cumulative + r.cumulative,
    }),
    { newReported: 0, newOnset: 0, cumulative: 0 },
  );

  const byDay = (list: typeof reported, days: string[]) => {
    const m = new Map<string, number>();
    for (const r of list) m.set(r.day, (m.get(r.day) ?? 0) + r.n);
    return days.map((d) => m.get(d) ?? 0);
  };
  const curveDays = daysBetween(curveFrom, reportDate);
  const reportedDaily = byDay(reported, curveDays);
  const onsetDaily = byDay(onset, curveDays);
  const trend = {
    ...trendOf(reportedDaily),
    daily: curveDays.map((date, i) => ({ date, reported: reportedDaily[i]!, onset: onsetDaily[i]! })),
  };
  const series = byDay(onset, daysBetween(seriesFrom, rtTo));
  const rt: RtFigure = {
    ...rtOf(series, seriesFrom, disease ? serialIntervalFor(disease.code) : null, disease ? 'no_serial_interval' : 'no_disease'),
    incompleteDays,
    reportingDelay,
  };

  // Today's report counts tasks as they are; an earlier day's as they stood when that day ended.
  const dayEnd = endOfLocalDay(reportDate);
  const [alertRows, taskFigures, facilityRows, occupancy, tracing] = await Promise.all([
    alertsOf(db, { areaPath: area.path, diseaseId: incident.diseaseId, sourceAlertId: incident.alertId }),
    dayEnd.getTime() < now.getTime() ? taskFiguresAsOf(db, incident.id, dayEnd) : taskFiguresOf(db, incident.id, now),
    facilityCapacity(db, area.path),
    occupancyOfArea(db, area.path, reportDate),
    tracingKpisOfArea(db, area.path, { date: reportDate, days: 7, ...(incident.diseaseId ? { diseaseId: incident.diseaseId } : {}) }, now),
  ]);

  return {
    reportDate,
    generatedAt: now.toISOString(),
    incident: { id: incident.id, code: incident.code, title: incident.title, responseLevel: incident.responseLevel, startedOn },
    disease: disease ?? null,
    area: { id: area.id, name: area.name, nameEn: area.nameEn },
    cases: { cumulativeFrom, townships, totals },
    trend,
    rt,
    alerts: alertRows,
    tasks: taskFigures,
    facilities: { ...facilityRows, occupancy },
    tracing,
  };
}

/**
 * The report's alerts: the alert the incident was opened from, always and first (whatever its status: it is
 * confirmed by then), then the open alerts in the incident's area about its disease (alerts about other diseases
 * or syndromic feeds are not this outbreak's; an incident without a disease lists every open alert of its area).
 */
async function alertsOf(
  db: Executor,
  q: { areaPath: string; diseaseId: string | null; sourceAlertId: string | null },
): Promise<ReportFigures['alerts']> {
  const source = q.sourceAlertId ? eq(alerts.id, q.sourceAlertId) : sql`false`;
  const rows = await db
    .select({
      id: alerts.id,
      code: alerts.code,
      title: alerts.title,
      status: alerts.status,
      warningLevel: alerts.warningLevel,
      jurisdictionName: jurisdictions.name,
      jurisdictionNameEn: jurisdictions.nameEn,
      diseaseNameEn: diseases.nameEn,
    })
    .from(alerts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
    .leftJoin(diseases, eq(diseases.id, alerts.diseaseId))
    .where(
      or(
        source,
        and(
          inArray(alerts.status, OPEN_ALERT),
          sql`${jurisdictions.path} LIKE ${`${q.areaPath}%`}`,
          q.diseaseId ? eq(alerts.diseaseId, q.diseaseId) : undefined,
        ),
      ),
    )
    .orderBy(sql`CASE WHEN ${source} THEN 0 ELSE 1 END`, asc(alerts.createdAt))
    .limit(50);
  return rows.map((r) => ({
    ...r,
    warningLevel: r.warningLevel ?? null,
    diseaseNameEn: r.diseaseNameEn ?? null,
    source: r.id === q.sourceAlertId,
  }));
}

/** Tasks of an incident by assignee (done / open / overdue / rejected) and the overdue list, as they are at `now`. */
export async function taskFiguresOf(db: Executor, incidentId: string, now: Date): Promise<ReportFigures['tasks']> {
  const rows = await taskRows(db, incidentId, ne(tasks.status, 'cancelled'));
  return tallyTasks(rows, now);
}

type TaskFigureRow = Awaited<ReturnType<typeof taskRows>>[number];

/** The incident's tasks with their assignee's names (`where` narrows them). */
function taskRows(db: Executor, incidentId: string, where?: SQL) {
  const assigneeJurisdiction = alias(jurisdictions, 'assignee_jurisdiction');
  return db
    .select({
      id: tasks.id,
      code: tasks.code,
      title: tasks.title,
      status: tasks.status,
      dueAt: tasks.dueAt,
      createdAt: tasks.createdAt,
      updatedAt: tasks.updatedAt,
      agencyId: tasks.assigneeAgencyId,
      agencyName: agencies.name,
      agencyNameEn: agencies.nameEn,
      jurisdictionId: tasks.assigneeJurisdictionId,
      jurisdictionName: assigneeJurisdiction.name,
      jurisdictionNameEn: assigneeJurisdiction.nameEn,
      userId: tasks.assigneeUserId,
      userName: users.displayName,
    })
    .from(tasks)
    .leftJoin(agencies, eq(agencies.id, tasks.assigneeAgencyId))
    .leftJoin(assigneeJurisdiction, eq(assigneeJurisdiction.id, tasks.assigneeJurisdictionId))
    .leftJoin(users, eq(users.id, tasks.assigneeUserId))
    .where(and(eq(tasks.incidentId, incidentId), where))
    .orderBy(asc(tasks.dueAt));
}

/**
 * A reassignment sets a task back to 'assigned' with a 'change' note that carries that status. Notes written
 * before the tasks feature recorded it there are recognised by their text.
 */
const REASSIGNED_NOTE_PREFIX = '重新分派';

/**
 * Tasks of an incident as they stood at `asOf` (the end of an earlier report day), from their history: a task
 * counts when it was created before `asOf`; its status is that of its last status note before `asOf` (a
 * reassignment sets it back to assigned), else 'assigned', the status every task starts in. A task whose steps
 * left no notes at all (written directly, not through the tasks feature) keeps its current status when it was
 * last changed before `asOf`. The assignee and due time are the current ones (the tasks feature keeps no history
 * of them apart from the text of its change notes).
 */
export async function taskFiguresAsOf(db: Executor, incidentId: string, asOf: Date): Promise<ReportFigures['tasks']> {
  const rows = await taskRows(db, incidentId, sql`${tasks.createdAt} < ${asOf.toISOString()}::timestamptz`);
  if (rows.length === 0) return tallyTasks([], asOf);
  const notes = await db
    .select({
      taskId: taskNotes.taskId,
      kind: taskNotes.kind,
      status: taskNotes.status,
      body: taskNotes.body,
      createdAt: taskNotes.createdAt,
    })
    .from(taskNotes)
    .where(
      and(
        inArray(
          taskNotes.taskId,
          rows.map((r) => r.id),
        ),
        or(sql`${taskNotes.status} IS NOT NULL`, and(eq(taskNotes.kind, 'change'), like(taskNotes.body, `${REASSIGNED_NOTE_PREFIX}%`))),
      ),
    )
    .orderBy(asc(taskNotes.createdAt));
  const lastBefore = new Map<string, TaskStatus>();
  const hasHistory = new Set<string>();
  for (const n of notes) {
    hasHistory.add(n.taskId);
    if (n.createdAt.getTime() < asOf.getTime()) lastBefore.set(n.taskId, n.status ?? 'assigned');
  }
  const asThen = rows.map((r) => {
    const status: TaskStatus =
      lastBefore.get(r.id) ?? (!hasHistory.has(r.id) && r.updatedAt.getTime() < asOf.getTime() ? r.status : 'assigned');
    return { ...r, status };
  });
  return tallyTasks(
    asThen.filter((r) => r.status !== 'cancelled'),
    asOf,
  );
}

/** Counts by assignee, totals and the overdue list of task rows, overdue meaning open and past due at `at`. */
function tallyTasks(rows: TaskFigureRow[], at: Date): ReportFigures['tasks'] {
  const now = at;
  const groups = new Map<string, TaskAgencyFigure>();
  const overdue: OverdueTask[] = [];
  const totals = { total: 0, done: 0, open: 0, overdue: 0, rejected: 0 };
  for (const r of rows) {
    const who: Pick<TaskAgencyFigure, 'assigneeKind' | 'assigneeId' | 'name' | 'nameEn'> = r.agencyId
      ? { assigneeKind: 'agency', assigneeId: r.agencyId, name: r.agencyName ?? '', nameEn: r.agencyNameEn ?? '' }
      : r.jurisdictionId
        ? { assigneeKind: 'jurisdiction', assigneeId: r.jurisdictionId, name: r.jurisdictionName ?? '', nameEn: r.jurisdictionNameEn ?? '' }
        : { assigneeKind: 'user', assigneeId: r.userId ?? '', name: r.userName ?? '', nameEn: r.userName ?? '' };
    let g = groups.get(who.assigneeId);
    if (!g) {
      g = { ...who, total: 0, done: 0, open: 0, overdue: 0, rejected: 0 };
      groups.set(who.assigneeId, g);
    }
    const isOpen = OPEN_TASK.includes(r.status);
    const isOverdue = isOpen && r.dueAt.getTime() < now.getTime();
    for (const acc of [g, totals]) {
      acc.total += 1;
      if (r.status === 'done') acc.done += 1;
      if (isOpen) acc.open += 1;
      if (isOverdue) acc.overdue += 1;
      if (r.status === 'rejected') acc.rejected += 1;
    }
    if (isOverdue) {
      overdue.push({
        id: r.id,
        code: r.code,
        title: r.title,
        status: r.status,
        dueAt: r.dueAt.toISOString(),
        assigneeName: who.name,
        assigneeNameEn: who.nameEn,
      });
    }
  }
  const byAssignee = [...groups.values()].sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
  return { asOf: now.toISOString(), byAssignee, totals, overdue };
}

/** Care facilities of an area with their registered capacity. */
export async function facilityCapacity(db: Executor, areaPath: string): Promise<ReportFigures['facilities']> {
  const items = await db
    .select({
      id: facilities.id,
      name: facilities.name,
      nameEn: facilities.nameEn,
      type: facilities.type,
      beds: facilities.beds,
      icuBeds: facilities.icuBeds,
      isolationRooms: facilities.isolationRooms,
      rooms: facilities.rooms,
    })
    .from(facilities)
    .innerJoin(jurisdictions, eq(jurisdictions.id, facilities.jurisdictionId))
    .where(and(inArray(facilities.type, [...CARE_FACILITY_TYPES]), sql`${jurisdictions.path} LIKE ${`${areaPath}%`}`))
    .orderBy(asc(facilities.type), asc(facilities.name));
  const totals = items.reduce(
    (acc, f) => ({
      beds: acc.beds + f.beds,
      icuBeds: acc.icuBeds + f.icuBeds,
      isolationRooms: acc.isolationRooms + f.isolationRooms,
      rooms: acc.rooms + f.rooms,
    }),
    { beds: 0, icuBeds: 0, isolationRooms: 0, rooms: 0 },
  );
  return { items, totals };
}

/** Case figures of an area for one day, without an incident: what a public bulletin publishes. */
export interface AreaCaseFigures {
  reportDate: string;
  area: { id: string; name: string; nameEn: string; level: string };
  disease: { id: string; code: string; name: string; nameEn: string } | null;
  /** cumulative counts start on this day */
  cumulativeFrom: string;
  /** by township of residence (null: recorded at the district itself) */
  townships: TownshipCases[];
  totals: { newReported: number; newOnset: number; cumulative: number };
  trend: ReportFigures['trend'];
  /** the cumulative cases by age band and sex (snapshots taken before 2026-12-07 lack it) */
  ageSex?: AgeSexRow[];
}

/**
 * The case figures of `areaId` for the district day `reportDate` — the same queries and rules as a situation
 * report's (caseCounts: active, not excluded, resident in the area, known by the end of the day; new by report
 * date and by onset date; cumulative by report date from `cumulativeFrom`; the CURVE_DAYS curve), for one disease
 * or every disease, with no incident's linked cases. One truth: a public bulletin and the internal report of the
 * same day and area count alike.
 */
export async function areaCaseFigures(
  db: Executor,
  q: { areaId: string; diseaseId: string | null; reportDate: string; cumulativeFrom: string },
): Promise<AreaCaseFigures | null> {
  const [area] = await db
    .select({
      id: jurisdictions.id,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      path: jurisdictions.path,
      level: jurisdictions.level,
    })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, q.areaId));
  if (!area) return null;
  const [disease] = q.diseaseId
    ? await db
        .select({ id: diseases.id, code: diseases.code, name: diseases.name, nameEn: diseases.nameEn })
        .from(diseases)
        .where(eq(diseases.id, q.diseaseId))
    : [];
  if (q.diseaseId && !disease) return null;
  const cumulativeFrom = q.cumulativeFrom <= q.reportDate ? q.cumulativeFrom : q.reportDate;
  const curveFrom = addDays(q.reportDate, -(CURVE_DAYS - 1));
  const from = [cumulativeFrom, curveFrom].sort()[0]!;
  const base = { incidentId: null, diseaseId: q.diseaseId, areaPath: area.path, from, to: q.reportDate, allDiseases: !q.diseaseId };
  const [reported, onset, areaTownships, ageSex] = await Promise.all([
    caseCounts(db, { ...base, basis: 'report' }),
    caseCounts(db, { ...base, from: curveFrom < q.reportDate ? curveFrom : q.reportDate, basis: 'onset' }),
    db
      .select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
      .from(jurisdictions)
      .where(
        and(
          eq(jurisdictions.level, 'township'),
          sql`(${jurisdictions.path} LIKE ${`${area.path}%`} OR ${area.path} LIKE ${jurisdictions.path} || '%')`,
        ),
      )
      .orderBy(asc(jurisdictions.code)),
    ageSexCounts(db, { diseaseId: q.diseaseId, areaPath: area.path, from: cumulativeFrom, to: q.reportDate }),
  ]);
  const rows = new Map<string, TownshipCases>();
  for (const t of areaTownships)
    rows.set(t.id, { jurisdictionId: t.id, name: t.name, nameEn: t.nameEn, newReported: 0, newOnset: 0, cumulative: 0 });
  const rowOf = (id: string | null) => {
    const key = id ?? '';
    let row = rows.get(key);
    if (!row) {
      row = { jurisdictionId: id, name: area.name, nameEn: area.nameEn, newReported: 0, newOnset: 0, cumulative: 0 };
      rows.set(key, row);
    }
    return row;
  };
  for (const r of reported) {
    if (r.day === q.reportDate) rowOf(r.townshipId).newReported += r.n;
    if (r.day >= cumulativeFrom) rowOf(r.townshipId).cumulative += r.n;
  }
  for (const r of onset) if (r.day === q.reportDate) rowOf(r.townshipId).newOnset += r.n;
  const townships = [...rows.values()];
  const totals = townships.reduce(
    (acc, r) => ({
      newReported: acc.newReported + r.newReported,
      newOnset: acc.newOnset + r.newOnset,
      cumulative: acc.cumulative + r.cumulative,
    }),
    { newReported: 0, newOnset: 0, cumulative: 0 },
  );
  const curveDays = daysBetween(curveFrom, q.reportDate);
  const byDay = (list: typeof reported) => {
    const m = new Map<string, number>();
    for (const r of list) m.set(r.day, (m.get(r.day) ?? 0) + r.n);
    return curveDays.map((d) => m.get(d) ?? 0);
  };
  const reportedDaily = byDay(reported);
  const onsetDaily = byDay(onset);
  return {
    reportDate: q.reportDate,
    area: { id: area.id, name: area.name, nameEn: area.nameEn, level: area.level },
    disease: disease ?? null,
    cumulativeFrom,
    townships,
    totals,
    trend: { ...trendOf(reportedDaily), daily: curveDays.map((date, i) => ({ date, reported: reportedDaily[i]!, onset: onsetDaily[i]! })) },
    ageSex,
  };
}

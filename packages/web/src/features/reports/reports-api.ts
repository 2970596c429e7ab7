/**
 * Server state of daily situation reports and the incident command summary: types mirroring the server's
 * reports.figures.ts / reports.store.ts, and the query hooks. After a write, invalidate ['reports'] (the live topic
 * 'reports' does it for changes made elsewhere).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { ResponseLevel } from '../plans/plans-api.ts';

export type ReportStatus = 'draft' | 'submitted' | 'approved' | 'archived';
export type ReportEvent = 'submitted' | 'returned' | 'approved' | 'revised' | 'archived';
export const REPORT_STATUSES: ReportStatus[] = ['draft', 'submitted', 'approved', 'archived'];

export interface OccupancyEntry {
  facilityId: string;
  bedsOccupied: number | null;
  icuBedsOccupied: number | null;
  isolationRoomsOccupied: number | null;
  roomsOccupied: number | null;
}

export interface TownshipCases {
  jurisdictionId: string | null;
  name: string;
  nameEn: string;
  newReported: number;
  newOnset: number;
  cumulative: number;
}

export interface RtFigure {
  estimable: boolean;
  reason: 'no_disease' | 'no_serial_interval' | 'too_few_cases' | null;
  mean: number | null;
  lower: number | null;
  upper: number | null;
  windowFrom: string;
  windowTo: string;
  casesInWindow: number;
  serialInterval: { mean: number; sd: number; source: string } | null;
  /** days before the report's day left out as incomplete (absent in figures drafted before this was recorded) */
  incompleteDays?: number;
  reportingDelay?: { medianDays: number | null; cases: number; basis: 'disease' | 'all_diseases' | 'none'; lookbackDays: number };
}

export interface TaskAssigneeFigure {
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
  status: string;
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

export interface ReportFigures {
  reportDate: string;
  generatedAt: string;
  incident: { id: string; code: string; title: string; responseLevel: ResponseLevel | null; startedOn: string };
  disease: { id: string; code: string; name: string; nameEn: string } | null;
  area: { id: string; name: string; nameEn: string };
  cases: { cumulativeFrom: string; townships: TownshipCases[]; totals: { newReported: number; newOnset: number; cumulative: number } };
  trend: { last7: number; previous7: number; changePct: number | null; direction: 'up' | 'down' | 'flat'; daily: { date: string; reported: number; onset: number }[] };
  rt: RtFigure;
  /** diseaseNameEn: absent in reports drafted before it was recorded */
  alerts: { id: string; code: string; title: string; status: string; warningLevel: string | null; jurisdictionName: string; jurisdictionNameEn: string; diseaseNameEn?: string | null }[];
  tasks: { asOf: string; byAssignee: TaskAssigneeFigure[]; totals: { total: number; done: number; open: number; overdue: number; rejected: number }; overdue: OverdueTask[] };
  facilities: { items: FacilityFigure[]; totals: { beds: number; icuBeds: number; isolationRooms: number; rooms: number } };
}

export interface ReportSummary {
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

export interface Report extends ReportSummary {
  summary: string;
  situation: string;
  measures: string;
  nextSteps: string;
  figures: ReportFigures;
  figuresGeneratedAt: string;
  occupancy: OccupancyEntry[];
  reviewComment: string;
  draftedByJob: boolean;
  createdByName: string | null;
  submittedByName: string | null;
  versions: { id: string; version: number; event: ReportEvent; comment: string; actorName: string | null; createdAt: string }[];
}

export interface CommandSummary {
  incident: { id: string; code: string; title: string; status: 'open' | 'closed'; responseLevel: ResponseLevel | null; startedOn: string };
  today: string;
  disease: ReportFigures['disease'];
  area: ReportFigures['area'];
  cases: ReportFigures['cases'];
  trend: ReportFigures['trend'];
  rt: RtFigure;
  alerts: ReportFigures['alerts'];
  tasks: ReportFigures['tasks'];
  facilities: ReportFigures['facilities'] & {
    used: { beds: number; icuBeds: number; isolationRooms: number; rooms: number };
    occupancy: OccupancyEntry[];
    occupancyFrom: { reportId: string; reportDate: string } | null;
  };
  latestReport: { id: string; reportDate: string; status: ReportStatus; issueNo: number } | null;
}

export function useReports(query: { incidentId?: string; status?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['reports', 'list', query],
    queryFn: () => api.get<{ items: ReportSummary[]; total: number }>('/api/reports', query),
    placeholderData: keepPreviousData,
  });
}

export function useReport(id: string | undefined) {
  return useQuery({ queryKey: ['reports', 'one', id], queryFn: () => api.get<Report>(`/api/reports/${encodeURIComponent(id ?? '')}`), enabled: Boolean(id) });
}

export function useCommandSummary(incidentId: string | undefined) {
  return useQuery({
    queryKey: ['reports', 'command-summary', incidentId],
    queryFn: () => api.get<CommandSummary>(`/api/incidents/${encodeURIComponent(incidentId ?? '')}/command-summary`),
    enabled: Boolean(incidentId),
  });
}

/** The PDF's address (a plain link: the browser downloads it with the session cookie). */
export function reportPdfUrl(id: string, version?: number): string {
  return `/api/reports/${encodeURIComponent(id)}/pdf${version ? `?version=${version}` : ''}`;
}

/** Today in district time (UTC+8), 'YYYY-MM-DD'. */
export function districtToday(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** 'YYYY-MM-DD HH:mm' in district time. */
export function districtTime(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/**
 * Class breaks for case counts on the command map: no case is its own (lightest) class, then up to four even steps
 * to the largest count. Quantile breaks would leave a one-township area unshaded.
 */
export function caseBreaks(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  const step = max / 4;
  const candidates = [1, Math.ceil(step), Math.ceil(2 * step), Math.ceil(3 * step)];
  return candidates.filter((value, index) => value >= 1 && (index === 0 || value > candidates[index - 1]!) && (index === 0 || value <= max));
}

/** Share of capacity used, as a whole percentage; null when nothing is registered. */
export function percentUsed(used: number, capacity: number): number | null {
  return capacity > 0 ? Math.round((used / capacity) * 100) : null;
}

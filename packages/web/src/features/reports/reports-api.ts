/**
 * Server state of daily situation reports and the incident command summary: types mirroring the server's
 * reports.figures.ts / reports.store.ts, and the query hooks. After a write, invalidate ['reports'] (the live topic
 * 'reports' does it for changes made elsewhere).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Schemas } from '../../api/contract.ts';

export type ReportStatus = Schemas['SituationReportSummary']['status'];
export type ReportEvent = 'submitted' | 'returned' | 'approved' | 'revised' | 'archived';
export const REPORT_STATUSES: ReportStatus[] = ['draft', 'submitted', 'approved', 'archived'];

export type OccupancyEntry = Schemas['SituationReport']['occupancy'][number];

export type TownshipCases = ReportFigures['cases']['townships'][number];

export type RtFigure = ReportFigures['rt'];

export type TaskAssigneeFigure = ReportFigures['tasks']['byAssignee'][number];

export type OverdueTask = ReportFigures['tasks']['overdue'][number];

export type FacilityFigure = ReportFigures['facilities']['items'][number];

export type ReportFigures = Schemas['SituationReportFigures'];

export type ReportSummary = Schemas['SituationReportSummary'];

export type Report = Schemas['SituationReport'];

export type CommandSummary = Schemas['IncidentCommandSummary'];

export function useReports(query: { incidentId?: string; status?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['reports', 'list', query],
    queryFn: () => api.get<{ items: ReportSummary[]; total: number }>('/api/reports', query),
    placeholderData: keepPreviousData,
  });
}

export function useReport(id: string | undefined) {
  return useQuery({
    queryKey: ['reports', 'one', id],
    queryFn: () => api.get<Report>(`/api/reports/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
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

/**
 * Class breaks for case counts on the command map: no case is its own (lightest) class, then up to four even steps
 * to the largest count. Quantile breaks would leave a one-township area unshaded.
 */
export function caseBreaks(values: readonly number[]): number[] {
  const max = Math.max(0, ...values);
  const step = max / 4;
  const candidates = [1, Math.ceil(step), Math.ceil(2 * step), Math.ceil(3 * step)];
  return candidates.filter(
    (value, index) => value >= 1 && (index === 0 || value > candidates[index - 1]!) && (index === 0 || value <= max),
  );
}

/** Share of capacity used, as a whole percentage; null when nothing is registered. */
export function percentUsed(used: number, capacity: number): number | null {
  return capacity > 0 ? Math.round((used / capacity) * 100) : null;
}

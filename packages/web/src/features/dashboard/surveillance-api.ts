/**
 * The surveillance dashboard's reads (server: features/dashboard, docs/dashboard.md). Query keys start with
 * 'dashboard' so that live events (alerts, cases, signals) refetch them all at once.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';

export type Basis = 'onset' | 'report';
export type Interval = 'day' | 'week';

export interface DashboardDisease {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  class: string;
  cases: number;
  previousCases: number;
  openAlerts: number;
}

export interface CurvePoint {
  start: string;
  end: string;
  count: number;
  expected: number | null;
  upper: number | null;
  threshold: number | null;
  alarm: boolean;
}

export interface CurveSignal {
  id: string;
  kind: string;
  method: string;
  periodStart: string;
  periodEnd: string;
  observed: number;
  expected: number | null;
  threshold: number | null;
  explanation: Record<string, unknown>;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  alertId: string | null;
  alertCode: string | null;
}

export interface Curve {
  disease: { id: string; code: string; name: string; nameEn: string };
  basis: Basis;
  interval: Interval;
  from: string;
  to: string;
  jurisdiction: { id: string; name: string; nameEn: string; level: string } | null;
  baseline: { years: number; halfWindow: number; percentile: number };
  points: CurvePoint[];
  signals: CurveSignal[];
}

export interface TownshipFigure {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  population: number | null;
  cases: number;
  incidencePer100k: number | null;
  openAlerts: number | null;
}

export interface DashboardAlert {
  id: string;
  code: string;
  title: string;
  status: string;
  warningLevel: string | null;
  diseaseName: string | null;
  diseaseNameEn: string | null;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  signalCount: number;
  verificationDueAt: string | null;
  createdAt: string;
  link: string;
}

export interface FacilityTimeliness {
  facilityId: string | null;
  facilityName: string | null;
  facilityNameEn: string | null;
  reports: number;
  onTime: number;
  late: number;
  onTimeShare: number;
  medianDelayHours: number;
}

const params = (p: Record<string, string | number | undefined>) =>
  Object.fromEntries(Object.entries(p).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));

export function useDashboardDiseases(q: { basis: Basis; from?: string; to?: string }) {
  return useQuery({
    queryKey: ['dashboard', 'diseases', q],
    queryFn: () => api.get<{ from: string; to: string; items: DashboardDisease[] }>('/api/dashboard/diseases', params(q)),
    placeholderData: keepPreviousData,
  });
}

export function useCurve(q: { diseaseId?: string; basis: Basis; interval: Interval; from?: string; to?: string; jurisdictionId?: string }) {
  return useQuery({
    queryKey: ['dashboard', 'curve', q],
    queryFn: () => api.get<Curve>('/api/dashboard/curve', params(q)),
    enabled: Boolean(q.diseaseId),
    placeholderData: keepPreviousData,
  });
}

export function useTownshipFigures(q: { diseaseId?: string; basis: Basis; from?: string; to?: string }) {
  return useQuery({
    queryKey: ['dashboard', 'townships', q],
    queryFn: () => api.get<{ from: string; to: string; days: number; items: TownshipFigure[] }>('/api/dashboard/townships', params(q)),
    placeholderData: keepPreviousData,
  });
}

export function useDashboardAlerts(enabled: boolean) {
  return useQuery({
    queryKey: ['dashboard', 'alerts'],
    queryFn: () => api.get<{ total: number; items: DashboardAlert[] }>('/api/dashboard/alerts', { limit: '8' }),
    enabled,
  });
}

export function useTimeliness(q: { from?: string; to?: string }) {
  return useQuery({
    queryKey: ['dashboard', 'timeliness', q],
    queryFn: () => api.get<{ from: string; to: string; facilities: FacilityTimeliness[]; total: Omit<FacilityTimeliness, 'facilityId' | 'facilityName' | 'facilityNameEn'> }>('/api/dashboard/timeliness', params(q)),
    placeholderData: keepPreviousData,
  });
}

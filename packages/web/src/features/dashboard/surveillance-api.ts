/**
 * The surveillance dashboard's reads (server: features/dashboard, docs/dashboard.md). Query keys start with
 * 'dashboard' so that live events (alerts, cases, signals) refetch them all at once.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Schemas, ResponseOf } from '../../api/contract.ts';

export type Basis = Schemas['EpidemicCurve']['basis'];
export type Interval = Schemas['EpidemicCurve']['interval'];

export type DashboardDisease = Schemas['DashboardDisease'];

export type CurvePoint = Schemas['CurvePoint'];

export type CurveSignal = Schemas['CurveSignal'];

export type Curve = Schemas['EpidemicCurve'];

export type TownshipFigure = Schemas['TownshipFigure'];

export type DashboardAlert = Schemas['DashboardAlert'];

export type FacilityTimeliness = ResponseOf<'/api/dashboard/timeliness', 'get'>['facilities'][number];

const params = (p: Record<string, string | number | undefined>) =>
  Object.fromEntries(
    Object.entries(p)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );

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
    queryFn: () =>
      api.get<{
        from: string;
        to: string;
        facilities: FacilityTimeliness[];
        total: Omit<FacilityTimeliness, 'facilityId' | 'facilityName' | 'facilityNameEn'>;
      }>('/api/dashboard/timeliness', params(q)),
    placeholderData: keepPreviousData,
  });
}

export type CommunityFigure = Schemas['CommunityFigure'];

/**
 * Per community of one township (a township officer's own, by default): cases, incidence and open alerts.
 * `enabled` only where the reader's map is a single township.
 */
export function useCommunityFigures(
  q: { diseaseId?: string; basis: Basis; from?: string; to?: string; townshipId?: string },
  enabled: boolean,
) {
  return useQuery({
    queryKey: ['dashboard', 'communities', q],
    queryFn: () => api.get<Schemas['CommunityFigures']>('/api/dashboard/communities', params(q)),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/**
 * Server state of the neighbours' border alerts in our alert list, mutual aid and the joint figures (issue 16):
 * types from the OpenAPI contract and the query hooks. After a write, invalidate ['neighbour-work'].
 */
import { useQuery } from '@tanstack/react-query';
import { typedApi } from '../../app/api.ts';
import type { Schemas } from '../../api/contract.ts';

export type SharedAlert = Schemas['NeighbourSharedAlert'];
export type AidRequest = Schemas['NeighbourAidRequest'];
export type JointFigures = Schemas['NeighbourJointFigures'];
export type DailyFigures = NonNullable<Schemas['NeighbourDailyFigures']>;

export interface SharedAlertFilters {
  open?: 'true' | 'false' | undefined;
  handling?: 'unhandled' | 'acknowledged' | 'monitoring' | 'actioned' | undefined;
  subscribed?: 'true' | 'false' | undefined;
  q?: string | undefined;
}

export function useSharedAlerts(filters: SharedAlertFilters, enabled = true) {
  const query = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== '')) as SharedAlertFilters;
  return useQuery({
    queryKey: ['neighbour-work', 'alerts', query],
    queryFn: () => typedApi.get('/api/neighbours/alerts/shared', { query }),
    refetchInterval: 30_000,
    enabled,
  });
}

export function useAidRequests(direction: 'outgoing' | 'incoming') {
  return useQuery({
    queryKey: ['neighbour-work', 'aid', direction],
    queryFn: () => typedApi.get('/api/neighbours/aid/requests', { query: { direction } }),
    refetchInterval: 30_000,
  });
}

export function useAidRequest(id: string | undefined) {
  return useQuery({
    queryKey: ['neighbour-work', 'aid', 'one', id],
    queryFn: () => typedApi.get('/api/neighbours/aid/requests/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
    refetchInterval: 30_000,
  });
}

export function useAidPartners() {
  return useQuery({ queryKey: ['neighbour-work', 'aid', 'partners'], queryFn: () => typedApi.get('/api/neighbours/aid/partners') });
}

export function useJointFigures(days: number) {
  return useQuery({
    queryKey: ['neighbour-work', 'figures', days],
    queryFn: () => typedApi.get('/api/neighbours/figures/joint', { query: { days } }),
  });
}

/**
 * Server state of the links with neighbouring districts: types from the OpenAPI contract and the query hooks.
 * After a write, invalidate ['neighbours'].
 */
import { useQuery } from '@tanstack/react-query';
import { typedApi } from '../../app/api.ts';
import type { Schemas } from '../../api/contract.ts';

export type Neighbour = Schemas['Neighbour'];
export type NeighbourDetail = Schemas['NeighbourDetail'];
export type Agreements = Schemas['NeighbourAgreements'];
export type InboxItem = Schemas['NeighbourInbox']['items'][number];
export type Preview = Schemas['NeighbourNotificationPreview'];

export function useNeighbours() {
  return useQuery({ queryKey: ['neighbours', 'list'], queryFn: () => typedApi.get('/api/neighbours'), refetchInterval: 15_000 });
}

export function useBorderAlerts() {
  return useQuery({ queryKey: ['neighbours', 'alerts'], queryFn: () => typedApi.get('/api/neighbours/alerts'), refetchInterval: 15_000 });
}

export type BorderAlert = Schemas['NeighbourBorderAlerts']['items'][number];

export function useNeighbour(id: string | undefined) {
  return useQuery({
    queryKey: ['neighbours', 'one', id],
    queryFn: () => typedApi.get('/api/neighbours/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
    refetchInterval: 15_000,
  });
}

export function useIdentity() {
  return useQuery({ queryKey: ['neighbours', 'identity'], queryFn: () => typedApi.get('/api/neighbours/identity') });
}

export function useInbox(status: 'pending' | 'accepted' | 'rejected' | undefined) {
  return useQuery({
    queryKey: ['neighbours', 'inbox', status ?? 'all'],
    queryFn: () => typedApi.get('/api/neighbours/inbox', { query: status ? { status } : {} }),
    refetchInterval: 15_000,
  });
}

export function usePreview(id: string | undefined) {
  return useQuery({
    queryKey: ['neighbours', 'preview', id],
    queryFn: () => typedApi.get('/api/neighbours/inbox/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

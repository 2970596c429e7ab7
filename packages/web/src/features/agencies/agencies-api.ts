import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Agency, RosterEntry } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import type { Schemas } from '../../api/contract.ts';

export function useAgencies(query: { q?: string; page?: number; pageSize?: number }) {
  return useQuery({
    queryKey: ['agencies', query],
    queryFn: () => api.get<Schemas['AgencyList']>('/api/agencies', query),
    placeholderData: keepPreviousData,
  });
}

export function useAgency(id: string | undefined) {
  return useQuery({
    queryKey: ['agencies', 'one', id],
    queryFn: () => api.get<Agency>(`/api/agencies/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export function useRoster(id: string | undefined, from: string, to: string) {
  return useQuery({
    queryKey: ['agencies', 'roster', id, from, to],
    queryFn: async () =>
      (await api.get<{ items: RosterEntry[] }>(`/api/agencies/${encodeURIComponent(id ?? '')}/roster`, { from, to })).items,
    enabled: Boolean(id),
  });
}

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Facility } from '../../api/types.ts';
import { api } from '../../app/api.ts';
import type { FiltersOf } from '../../api/contract.ts';
import type { Schemas } from '../../api/contract.ts';

export type FacilityFilters = FiltersOf<'/api/facilities'>;

/** The contract's maximum page size: the map shows every facility in scope on one page. */
export const ALL_ON_ONE_PAGE = 500;

export function useFacilities(filters: FacilityFilters) {
  return useQuery({
    queryKey: ['facilities', filters],
    queryFn: () => api.get<Schemas['FacilityList']>('/api/facilities', { ...filters }),
    placeholderData: keepPreviousData,
  });
}

export function useFacility(id: string | undefined) {
  return useQuery({
    queryKey: ['facilities', 'one', id],
    queryFn: () => api.get<Facility>(`/api/facilities/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

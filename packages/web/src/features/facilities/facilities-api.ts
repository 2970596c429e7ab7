import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Facility, Page } from '../../api/types.ts';
import { api } from '../../app/api.ts';

export interface FacilityFilters {
  type?: string;
  jurisdictionId?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

/** The contract's maximum page size: the map shows every facility in scope on one page. */
export const ALL_ON_ONE_PAGE = 500;

export function useFacilities(filters: FacilityFilters) {
  return useQuery({
    queryKey: ['facilities', filters],
    queryFn: () => api.get<Page<Facility>>('/api/facilities', { ...filters }),
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

/**
 * Bed occupancy API hooks (docs/occupancy.md): the area's picture of a day, a facility's recent reports, and the
 * daily report of a facility (a second report of a day replaces the first).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Schemas } from '../../api/contract.ts';
import { api } from '../../app/api.ts';
export type OccupancyOverview = Schemas['OccupancyOverview'];
export type FacilityOccupancy = Schemas['FacilityOccupancy'];
export type OccupancyReportInput = Schemas['OccupancyReportInput'];

export function useOccupancy(date: string | undefined) {
  return useQuery({
    queryKey: ['occupancy', 'overview', date ?? 'today'],
    queryFn: () => api.get<OccupancyOverview>('/api/occupancy', { date }),
    placeholderData: keepPreviousData,
  });
}

export function useFacilityOccupancy(facilityId: string | undefined, days = 14) {
  return useQuery({
    queryKey: ['occupancy', 'facility', facilityId, days],
    queryFn: () => api.get<FacilityOccupancy>(`/api/occupancy/facilities/${encodeURIComponent(facilityId ?? '')}`, { days }),
    enabled: Boolean(facilityId),
  });
}

export const reportOccupancy = (body: OccupancyReportInput) => api.put('/api/occupancy', body);

/** Today in the district's time (China Standard Time). */

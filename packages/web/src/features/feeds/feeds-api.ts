/**
 * The feeds API as the web app uses it: feed types, sites, series for the chart, the entry grid, latest entries.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Schemas } from '../../api/contract.ts';
import { addDays, districtToday } from '../../app/dates.ts';

export const SITE_KINDS = ['fever_clinic', 'pharmacy', 'school', 'port', 'sentinel_hospital', 'other'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export type FeedType = Schemas['FeedType'];

export type FeedSite = Schemas['FeedSite'];

export type FeedSeries = Schemas['FeedSeries'];

export type FeedGrid = Schemas['FeedGrid'];

export type FeedCount = Schemas['FeedCount'];

export type CountInput = Schemas['FeedCountInput'];

export function useFeedTypes() {
  return useQuery({
    queryKey: ['feeds', 'types'],
    queryFn: () => api.get<{ items: FeedType[] }>('/api/feeds/types'),
    staleTime: 5 * 60_000,
  });
}

export function useFeedSites(includeInactive = false) {
  return useQuery({
    queryKey: ['feeds', 'sites', includeInactive],
    queryFn: () => api.get<{ items: FeedSite[] }>('/api/feeds/sites', { includeInactive }),
  });
}

export function useFeedSeries(feedType: string | undefined, from: string, to: string, by: 'total' | 'site') {
  return useQuery({
    queryKey: ['feeds', 'series', feedType, from, to, by],
    queryFn: () => api.get<FeedSeries>('/api/feeds/series', { feedType, from, to, by }),
    enabled: Boolean(feedType),
    placeholderData: keepPreviousData,
  });
}

export function useFeedGrid(feedType: string | undefined, end: string, days: number) {
  return useQuery({
    queryKey: ['feeds', 'grid', feedType, end, days],
    queryFn: () => api.get<FeedGrid>('/api/feeds/grid', { feedType, end, days }),
    enabled: Boolean(feedType),
  });
}

export function useLatestCounts(feedType: string | undefined, limit = 20) {
  return useQuery({
    queryKey: ['feeds', 'counts', feedType, limit],
    queryFn: () => api.get<{ items: FeedCount[] }>('/api/feeds/counts', { feedType, limit }),
    enabled: Boolean(feedType),
  });
}

export const reportCounts = (counts: CountInput[]) => api.post<{ written: number }>('/api/feeds/counts', { counts, source: 'form' });

/** Today in China time (the district's calendar), as YYYY-MM-DD. */
export function chinaToday(): string {
  return districtToday();
}

export { addDays };

export const localName = (item: { name: string; nameEn?: string | null }, language: string) =>
  language.startsWith('en') && item.nameEn ? item.nameEn : item.name;

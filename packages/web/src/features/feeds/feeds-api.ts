/**
 * The feeds API as the web app uses it: feed types, sites, series for the chart, the entry grid, latest entries.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';

export const SITE_KINDS = ['fever_clinic', 'pharmacy', 'school', 'port', 'sentinel_hospital', 'other'] as const;
export type SiteKind = (typeof SITE_KINDS)[number];

export interface FeedType {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  measure: 'count' | 'proportion';
  unit: string;
  unitEn: string;
  description: string;
  defaultMethod: string;
  active: boolean;
  siteKinds: SiteKind[];
}

export interface FeedSite {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  kind: SiteKind;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  facilityId: string | null;
  active: boolean;
  updatedAt: string;
}

export interface FeedSeries {
  feedType: string;
  measure: 'count' | 'proportion';
  dates: string[];
  series: { key: string; name: string; nameEn: string; values: (number | null)[] }[];
}

export interface FeedGrid {
  feedType: string;
  measure: 'count' | 'proportion';
  dates: string[];
  rows: {
    site: { id: string; code: string; name: string; nameEn: string; jurisdictionName: string; jurisdictionNameEn: string };
    cells: ({ value: number; denominator: number | null } | null)[];
  }[];
}

export interface FeedCount {
  id: string;
  date: string;
  siteId: string | null;
  siteCode: string | null;
  siteName: string | null;
  siteNameEn: string | null;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  value: number;
  denominator: number | null;
  source: string;
  updatedAt: string;
}

export interface CountInput {
  feedType: string;
  site?: string | null;
  jurisdiction?: string | null;
  date: string;
  value: number;
  denominator?: number | null;
}

export function useFeedTypes() {
  return useQuery({ queryKey: ['feeds', 'types'], queryFn: () => api.get<{ items: FeedType[] }>('/api/feeds/types'), staleTime: 5 * 60_000 });
}

export function useFeedSites(includeInactive = false) {
  return useQuery({ queryKey: ['feeds', 'sites', includeInactive], queryFn: () => api.get<{ items: FeedSite[] }>('/api/feeds/sites', { includeInactive }) });
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
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export const localName = (item: { name: string; nameEn?: string | null }, language: string) => (language.startsWith('en') && item.nameEn ? item.nameEn : item.name);

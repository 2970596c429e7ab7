/**
 * Server state of case reports and the disease catalogue (docs/cases.md): shapes mirroring the server's zod
 * schemas (packages/server/src/features/cases/cases.schema.ts) and the TanStack Query hooks.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Schemas, FiltersOf } from '../../api/contract.ts';
import { addDays, districtToday } from '../../app/dates.ts';

export const DISEASE_CLASSES = ['A', 'B', 'C', 'other'] as const;
export const SEXES = ['male', 'female', 'unknown'] as const;
export const ID_TYPES = ['resident_id', 'passport', 'other', 'none'] as const;
export const CASE_CLASSIFICATIONS = ['suspected', 'clinical', 'confirmed', 'asymptomatic', 'excluded'] as const;
export const SEVERITIES = ['mild', 'moderate', 'severe', 'critical'] as const;
export const OUTCOMES = ['under_treatment', 'recovered', 'died', 'unknown'] as const;
export const CASE_SOURCES = ['form', 'import', 'api', 'demo'] as const;
export const DATE_FIELDS = ['report', 'diagnosis', 'onset'] as const;
export const REVIEW_STATUSES = ['pending', 'approved', 'returned'] as const;
export const REVIEW_STATUS_COLOR: Record<(typeof REVIEW_STATUSES)[number], string> = {
  pending: 'orange',
  approved: 'green',
  returned: 'red',
};
export const CORRECTION_TYPES = ['diagnosis_changed', 'classification_revised', 'death', 'other'] as const;
/** Kinds of correction due within the disease deadline from the event: they need its time. */
export const TIMED_CORRECTIONS: ReadonlyArray<(typeof CORRECTION_TYPES)[number]> = ['diagnosis_changed', 'classification_revised', 'death'];
/** Detection methods of @outbreak/surveillance offered as a disease's default (the server refuses others). */
export const DETECTION_METHODS = [
  'mpm',
  'fixedThreshold',
  'earsC_C1',
  'earsC_C2',
  'earsC_C3',
  'farrington',
  'farringtonFlexible',
  'cusum',
  'glrnb',
  'bayes',
  'rki1',
  'rki2',
  'rki3',
] as const;

export type Disease = Schemas['Disease'];

export type CaseTimeliness = Schemas['CaseTimeliness'];

export type LabResult = Schemas['LabResult'];

export type CaseSummary = Schemas['CaseSummary'];

export type CaseDetail = Schemas['CaseDetail'];

export type DuplicateMatch = DuplicatePair['match'];

export type DuplicatePair = Schemas['DuplicateList']['items'][number];

/** Another facility's report in a hospital reporter's pair: which report, by whom, when; no person. */
export type RestrictedCase = Schemas['RestrictedCase'];

export type CaseFilters = FiltersOf<'/api/cases'>;

/** The body of POST /api/cases and PATCH /api/cases/:id. */
export type CaseReportInput = Schemas['CaseReportInput'];

export function useDiseases(options: { includeInactive?: boolean } = {}) {
  return useQuery({
    queryKey: ['diseases', options.includeInactive ? 'all' : 'active'],
    queryFn: () => api.get<{ items: Disease[] }>('/api/diseases', options.includeInactive ? { includeInactive: true } : undefined),
    staleTime: 5 * 60_000,
  });
}

export function useCases(filters: CaseFilters) {
  return useQuery({
    queryKey: ['cases', 'list', filters],
    queryFn: () => api.get<{ items: CaseSummary[]; total: number; page: number; pageSize: number }>('/api/cases', { ...filters }),
    placeholderData: keepPreviousData,
  });
}

export function useCase(id: string | undefined) {
  return useQuery({
    queryKey: ['cases', 'one', id],
    queryFn: () => api.get<CaseDetail>(`/api/cases/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

/** How far back the duplicates page looks, in days of report date ('all': the whole history). */
export const DUPLICATE_PERIODS = ['30', '90', '365', 'all'] as const;
export type DuplicatePeriod = (typeof DUPLICATE_PERIODS)[number];

/** The China-time calendar day `days` before today, YYYY-MM-DD (the server's `since`). */
export function chinaDayBefore(days: number, now = new Date()): string {
  return addDays(districtToday(now), -days);
}

export interface DuplicateFilters {
  windowDays: number;
  period: DuplicatePeriod;
  diseaseId?: string;
  page: number;
  pageSize: number;
}

export function useDuplicates({ period, ...filters }: DuplicateFilters) {
  const since = period === 'all' ? 'all' : chinaDayBefore(Number(period));
  return useQuery({
    queryKey: ['cases', 'duplicates', { ...filters, since }],
    queryFn: () =>
      api.get<{ windowDays: number; since: string | null; total: number; page: number; pageSize: number; items: DuplicatePair[] }>(
        '/api/cases/duplicates',
        {
          ...filters,
          since,
        },
      ),
    placeholderData: keepPreviousData,
  });
}

/**
 * Server state of case reports and the disease catalogue (docs/cases.md): shapes mirroring the server's zod
 * schemas (packages/server/src/features/cases/cases.schema.ts) and the TanStack Query hooks.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';

export const DISEASE_CLASSES = ['A', 'B', 'C', 'other'] as const;
export const SEXES = ['male', 'female', 'unknown'] as const;
export const ID_TYPES = ['resident_id', 'passport', 'other', 'none'] as const;
export const CASE_CLASSIFICATIONS = ['suspected', 'clinical', 'confirmed', 'asymptomatic', 'excluded'] as const;
export const SEVERITIES = ['mild', 'moderate', 'severe', 'critical'] as const;
export const OUTCOMES = ['under_treatment', 'recovered', 'died', 'unknown'] as const;
export const CASE_SOURCES = ['form', 'import', 'api', 'demo'] as const;
export const DATE_FIELDS = ['report', 'diagnosis', 'onset'] as const;
/** Detection methods of @outbreak/surveillance offered as a disease's default (the server refuses others). */
export const DETECTION_METHODS = ['mpm', 'fixedThreshold', 'earsC_C1', 'earsC_C2', 'earsC_C3', 'farrington', 'farringtonFlexible', 'cusum', 'glrnb', 'bayes', 'rki1', 'rki2', 'rki3'] as const;

export interface Disease {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  icd10: string;
  class: (typeof DISEASE_CLASSES)[number];
  managedAsClassA: boolean;
  reportDeadlineHours: number;
  verificationHours: number;
  defaultMethod: string;
  defaultParams: Record<string, unknown>;
  active: boolean;
  sortOrder: number;
  updatedAt: string;
}

interface Ref {
  id: string;
  name: string;
  nameEn: string;
}

export interface CaseTimeliness {
  deadlineHours: number;
  delayHours: number;
  onTime: boolean;
  lateByHours: number;
}

export interface LabResult {
  test: string;
  specimen: string;
  result: string;
  at: string | null;
}

export interface CaseSummary {
  id: string;
  code: string;
  disease: Ref & { code: string; class: Disease['class'] };
  jurisdiction: Ref;
  personName: string;
  sex: (typeof SEXES)[number];
  birthDate: string | null;
  idType: (typeof ID_TYPES)[number];
  idNumberMasked: string;
  classification: (typeof CASE_CLASSIFICATIONS)[number];
  onsetDate: string | null;
  diagnosisAt: string;
  reportedAt: string;
  reviewedAt: string | null;
  facility: Ref | null;
  severity: (typeof SEVERITIES)[number];
  outcome: (typeof OUTCOMES)[number];
  source: (typeof CASE_SOURCES)[number];
  status: 'active' | 'merged';
  mergedInto: string | null;
  timeliness: CaseTimeliness;
}

export interface CaseDetail extends CaseSummary {
  phone: string;
  address: string;
  occupation: string;
  reportingDoctor: string;
  labResults: LabResult[];
  reviewedBy: { id: string; displayName: string } | null;
  createdBy: { id: string; displayName: string } | null;
  createdAt: string;
  updatedAt: string;
  jurisdictionTrail: Ref[];
  mergedIntoCode: string | null;
  mergedFrom: { id: string; code: string }[];
  possibleDuplicates: { id: string; code: string; match: DuplicateMatch; daysApart: number; diagnosisAt: string; status: 'active' | 'merged' }[];
}

export type DuplicateMatch = 'identity' | 'name_birth';

export interface DuplicatePair {
  match: DuplicateMatch;
  daysApart: number;
  a: CaseSummary;
  b: CaseSummary;
}

export interface CaseFilters {
  diseaseId?: string;
  jurisdictionId?: string;
  classification?: string;
  dateField?: string;
  from?: string;
  to?: string;
  q?: string;
  status?: string;
  timeliness?: string;
  reviewed?: string;
  page?: number;
  pageSize?: number;
}

/** The body of POST /api/cases and PATCH /api/cases/:id. */
export interface CaseReportInput {
  diseaseId: string;
  jurisdictionId: string;
  personName: string;
  sex?: (typeof SEXES)[number];
  birthDate?: string | null;
  idType: (typeof ID_TYPES)[number];
  idNumber?: string | null;
  phone: string;
  address: string;
  occupation: string;
  classification: (typeof CASE_CLASSIFICATIONS)[number];
  onsetDate?: string | null;
  diagnosisAt: string;
  reportedAt?: string;
  facilityId?: string | null;
  reportingDoctor: string;
  severity: (typeof SEVERITIES)[number];
  outcome: (typeof OUTCOMES)[number];
  labResults: LabResult[];
}

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
  return new Date(now.getTime() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
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
      api.get<{ windowDays: number; since: string | null; total: number; page: number; pageSize: number; items: DuplicatePair[] }>('/api/cases/duplicates', {
        ...filters,
        since,
      }),
    placeholderData: keepPreviousData,
  });
}

/**
 * Server state of bulletins, risk areas, rumours and public submissions (types from the OpenAPI contract). After a
 * write, invalidate ['bulletins'] (the live topic 'bulletins' does it for changes made elsewhere).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Schemas } from '../../api/contract.ts';

export type Bulletin = Schemas['Bulletin'];
export type BulletinSummary = Schemas['BulletinSummary'];
export type BulletinStatus = BulletinSummary['status'];
export type BulletinKind = BulletinSummary['kind'];
export type GuardFinding = Schemas['GuardFinding'];
export type PublicAgeSex = NonNullable<Schemas['PublicAgeSex']>;
export type RiskArea = Schemas['RiskAreaList']['items'][number];
export type Rumour = Schemas['Rumour'];
export type Submission = Schemas['PublicSubmission'];

export const BULLETIN_KINDS: BulletinKind[] = ['daily', 'trajectory', 'risk_areas', 'guidance', 'rebuttal', 'press_release'];
export const BULLETIN_STATUSES: BulletinStatus[] = ['draft', 'in_review', 'approved', 'scheduled', 'published', 'superseded', 'withdrawn'];

export function useBulletins(query: { status?: string; kind?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['bulletins', 'list', query],
    queryFn: () => api.get<{ items: BulletinSummary[]; total: number }>('/api/bulletins', query),
    placeholderData: keepPreviousData,
  });
}

export function useBulletin(id: string | undefined) {
  return useQuery({
    queryKey: ['bulletins', 'one', id],
    queryFn: () => api.get<Bulletin>(`/api/bulletins/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export function useRiskAreas() {
  return useQuery({ queryKey: ['bulletins', 'risk-areas'], queryFn: () => api.get<{ items: RiskArea[] }>('/api/risk-areas') });
}

export function useRumours(page: number) {
  return useQuery({
    queryKey: ['bulletins', 'rumours', page],
    queryFn: () => api.get<{ items: Rumour[]; total: number }>('/api/rumours', { page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });
}

export function useSubmissions(page: number) {
  return useQuery({
    queryKey: ['bulletins', 'submissions', page],
    queryFn: () => api.get<{ items: Submission[]; total: number }>('/api/public-submissions', { page, pageSize: 20 }),
    placeholderData: keepPreviousData,
  });
}

/** The findings of a 409 personal_data_found answer (empty for any other error). */
export function findingsOf(error: unknown): GuardFinding[] {
  const e = error as { reason?: string; details?: { findings?: GuardFinding[] } } | null;
  return e?.reason === 'personal_data_found' ? (e.details?.findings ?? []) : [];
}

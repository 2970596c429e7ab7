/**
 * Server state of contact tracing (docs/contacts.md): types from the OpenAPI contract and TanStack Query hooks.
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { typedApi } from '../../app/api.ts';
import { type Schemas, everyValueOf } from '../../api/contract.ts';

export const CONTACT_STATUSES = everyValueOf<Schemas['Contact']['status']>()([
  'under_follow_up',
  'completed',
  'lost_to_follow_up',
  'cancelled',
  'converted_suspected',
  'converted_confirmed',
]);
export const FOLLOW_UP_STATUSES = everyValueOf<Schemas['FollowUp']['status']>()(['seen_ok', 'seen_unwell', 'missed', 'not_attempted']);
export const CONTACT_RELATIONS = everyValueOf<Schemas['Contact']['relation']>()([
  'household',
  'family',
  'partner',
  'colleague',
  'classmate',
  'friend',
  'caregiver',
  'health_worker',
  'fellow_traveller',
  'other',
]);
export const CONTACT_SETTINGS = everyValueOf<Schemas['Contact']['setting']>()([
  'household',
  'workplace',
  'school',
  'healthcare',
  'vessel',
  'port',
  'public_transport',
  'gathering',
  'market',
  'other',
]);
export const CONTACT_TYPES = everyValueOf<Schemas['Contact']['contactType']>()(['close', 'general']);
export const RISK_CATEGORIES = everyValueOf<Schemas['Contact']['riskCategory']>()(['high', 'medium', 'low']);

export type Contact = Schemas['Contact'];
export type ContactDetail = Schemas['ContactDetail'];
export type FollowUp = Schemas['FollowUp'];
export type WorkListItem = Schemas['WorkListItem'];
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

export interface ContactFilters {
  status?: ContactStatus;
  jurisdictionId?: string;
  teamId?: string;
  otherDistrict?: 'any' | 'to_notify';
  riskCategory?: (typeof RISK_CATEGORIES)[number];
  q?: string;
  page: number;
  pageSize: number;
}

export function useContacts(filters: ContactFilters) {
  return useQuery({
    queryKey: ['contacts', 'list', filters],
    queryFn: () => typedApi.get('/api/contacts', { query: filters }),
    placeholderData: keepPreviousData,
  });
}

export function useCaseContacts(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['contacts', 'case', caseId],
    queryFn: () => typedApi.get('/api/cases/{id}/contacts', { path: { id: caseId }, query: { page: 1, pageSize: 500 } }),
    enabled,
  });
}

export function useContact(id: string | undefined) {
  return useQuery({
    queryKey: ['contacts', 'one', id],
    queryFn: () => typedApi.get('/api/contacts/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

/** The daily work list, a page at a time (the server pages by key; counts come with the first page). */
export function useWorkList(jurisdictionId: string | undefined, teamId?: string) {
  return useInfiniteQuery({
    queryKey: ['contacts', 'today', jurisdictionId ?? '', teamId ?? ''],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) =>
      typedApi.get('/api/contacts/today', {
        query: {
          ...(jurisdictionId ? { jurisdictionId } : {}),
          ...(teamId ? { teamId } : {}),
          ...(pageParam ? { cursor: pageParam } : {}),
          limit: 50,
        },
      }),
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

/** The colour of a contact's state tag. */
export function statusColour(status: ContactStatus): string {
  return {
    under_follow_up: 'processing',
    completed: 'success',
    lost_to_follow_up: 'warning',
    cancelled: 'default',
    converted_suspected: 'orange',
    converted_confirmed: 'red',
  }[status];
}

export function riskColour(risk: string): string {
  return risk === 'high' ? 'red' : risk === 'medium' ? 'orange' : 'blue';
}

// ── second increment: KPIs, chains, teams, risk rules, duplicates ─────────────────────────────────

export type Kpis = Schemas['ContactKpis'];
export type KpiRatio = Schemas['KpiRatio'];
export type Chains = Schemas['ContactChains'];
export type ChainNode = Schemas['ChainNode'];
export type TracingTeam = Schemas['TracingTeam'];
export type RiskRule = Schemas['ContactRiskRule'];
export type DuplicatePair = Schemas['ContactDuplicatePair'];

export function useContactKpis(query: { days?: number; diseaseId?: string } = {}) {
  return useQuery({
    queryKey: ['contacts', 'kpis', query],
    queryFn: () =>
      typedApi.get('/api/contacts/kpis', { query: { days: query.days ?? 7, ...(query.diseaseId ? { diseaseId: query.diseaseId } : {}) } }),
  });
}

export interface ChainFilters {
  from?: string;
  to?: string;
  diseaseId?: string;
  jurisdictionId?: string;
  cluster?: string;
}
export function useChains(filters: ChainFilters) {
  return useQuery({
    queryKey: ['contacts', 'chains', filters],
    queryFn: () => typedApi.get('/api/contacts/chains', { query: filters }),
    placeholderData: keepPreviousData,
  });
}

export function useTeams() {
  return useQuery({ queryKey: ['contacts', 'teams'], queryFn: () => typedApi.get('/api/tracing-teams', {}) });
}

export function useRiskRules() {
  return useQuery({ queryKey: ['contacts', 'rules'], queryFn: () => typedApi.get('/api/contact-risk-rules', {}) });
}

export function useDuplicates() {
  return useQuery({ queryKey: ['contacts', 'duplicates'], queryFn: () => typedApi.get('/api/contacts/duplicates', {}) });
}

/** A share as a percentage with one decimal, or a dash. */
export function percent(r: { value: number | null }): string {
  return r.value === null ? '—' : `${(r.value * 100).toFixed(1)}%`;
}

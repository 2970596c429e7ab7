/**
 * Server state of psychological assistance (docs/psych.md): types from the OpenAPI contract and TanStack
 * Query hooks. Client records come only from the team's routes; everyone else reads the aggregates.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { typedApi } from '../../app/api.ts';
import { type Schemas, everyValueOf } from '../../api/contract.ts';

export type PsychClient = Schemas['PsychClient'];
export type PsychClientDetail = Schemas['PsychClientDetail'];
export type PsychScreening = Schemas['PsychScreening'];
export type PsychCall = Schemas['PsychCall'];
export type PsychTask = Schemas['PsychTask'];
export type PsychReferral = Schemas['PsychReferral'];
export type PsychBreakGlass = Schemas['PsychBreakGlass'];
export type Instrument = PsychScreening['instrument'];
export type PsychGroup = Schemas['PsychGroup'];
export type PsychFacilityReferral = Schemas['PsychFacilityReferral'];
export type PsychCutoffs = Schemas['PsychCutoffs'];
export type PsychReferralFacility = Schemas['PsychReferralFacility'];

export const CLIENT_GROUPS = everyValueOf<PsychClient['group']>()(['public', 'patient', 'family', 'quarantined', 'health_worker', 'other']);
export const RISK_LEVELS = everyValueOf<NonNullable<PsychClient['riskLevel']>>()(['low', 'moderate', 'high', 'imminent']);
export const PLAN_ITEMS = everyValueOf<PsychClient['plan'][number]>()(['self_help', 'counselling', 'group', 'referral']);
export const INSTRUMENTS = everyValueOf<Instrument>()(['phq9', 'gad7', 'isi', 'pcl5']);
export const GROUP_AUDIENCES = everyValueOf<PsychGroup['audience']>()([
  'health_workers',
  'quarantine_site',
  'patients',
  'families',
  'other',
]);
export const CLOSE_REASONS = everyValueOf<NonNullable<PsychClient['closeReason']>>()([
  'goals_met',
  'referred_on',
  'declined',
  'lost_contact',
  'moved_away',
  'other',
]);
export const CLOSE_OUTCOMES = everyValueOf<NonNullable<PsychClient['closeOutcome']>>()(['improved', 'unchanged', 'worse', 'unknown']);
export const INSTRUMENT_LABELS: Record<Instrument, string> = { phq9: 'PHQ-9', gad7: 'GAD-7', isi: 'ISI', pcl5: 'PCL-5' };
export const REFERRAL_STATUSES = everyValueOf<PsychReferral['status']>()([
  'requested',
  'received',
  'accepted',
  'rejected',
  'in-progress',
  'completed',
  'cancelled',
]);
/** The next states the referral loop allows (server: REFERRAL_TRANSITIONS). */
export const REFERRAL_NEXT: Record<PsychReferral['status'], PsychReferral['status'][]> = {
  requested: ['received', 'accepted', 'rejected', 'cancelled'],
  received: ['accepted', 'rejected', 'cancelled'],
  accepted: ['in-progress', 'completed', 'cancelled'],
  'in-progress': ['completed', 'cancelled'],
  rejected: [],
  completed: [],
  cancelled: [],
};
export const CALL_CONCERNS = everyValueOf<Schemas['PsychCallCreate']['concerns'] extends (infer C)[] | undefined ? C : never>()([
  'anxiety',
  'low_mood',
  'sleep',
  'grief',
  'fear_of_infection',
  'quarantine_stress',
  'work_stress',
  'family_conflict',
  'financial',
  'self_harm',
  'substance_use',
  'information',
  'other',
]);

export const riskColour = (risk: string | null | undefined) =>
  risk === 'imminent' ? 'magenta' : risk === 'high' ? 'red' : risk === 'moderate' ? 'orange' : risk === 'low' ? 'green' : 'default';

export function usePsychAggregates(days: number) {
  return useQuery({ queryKey: ['psych', 'aggregates', days], queryFn: () => typedApi.get('/api/psych/aggregates', { query: { days } }) });
}

export interface ClientFilters {
  q?: string;
  status?: 'open' | 'closed';
  page: number;
  pageSize: number;
}
export function usePsychClients(filters: ClientFilters) {
  return useQuery({
    queryKey: ['psych', 'clients', filters],
    queryFn: () => typedApi.get('/api/psych/clients', { query: filters }),
    placeholderData: keepPreviousData,
  });
}
export function usePsychClient(id: string | undefined) {
  return useQuery({
    queryKey: ['psych', 'client', id],
    queryFn: () => typedApi.get('/api/psych/clients/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}
export function usePsychCalls(page: number) {
  return useQuery({
    queryKey: ['psych', 'calls', page],
    queryFn: () => typedApi.get('/api/psych/calls', { query: { page, pageSize: 50 } }),
    placeholderData: keepPreviousData,
  });
}
export function useCallbackQueue() {
  return useQuery({ queryKey: ['psych', 'callbacks'], queryFn: () => typedApi.get('/api/psych/callbacks') });
}
export function usePsychTasks() {
  return useQuery({ queryKey: ['psych', 'tasks'], queryFn: () => typedApi.get('/api/psych/tasks', { query: { status: 'open' } }) });
}
export function usePsychReferrals(query: { open?: 'true'; overdue?: 'true' }) {
  return useQuery({ queryKey: ['psych', 'referrals', query], queryFn: () => typedApi.get('/api/psych/referrals', { query }) });
}
/** Where a client may be referred: mental-health centres first (`preferred`), then hospitals and health centres. */
export function useReferralFacilities() {
  return useQuery({
    queryKey: ['psych', 'referral-facilities'],
    queryFn: () => typedApi.get('/api/psych/referral-facilities'),
    staleTime: 10 * 60_000,
  });
}
export function usePsychSettings() {
  return useQuery({ queryKey: ['psych', 'settings'], queryFn: () => typedApi.get('/api/psych/settings'), staleTime: 10 * 60_000 });
}
export function useBreakGlassList(pending: boolean) {
  return useQuery({
    queryKey: ['psych', 'break-glass', pending],
    queryFn: () => typedApi.get('/api/psych/break-glass', { query: pending ? { pending: 'true' } : {} }),
  });
}
export function usePsychGroups() {
  return useQuery({ queryKey: ['psych', 'groups'], queryFn: () => typedApi.get('/api/psych/groups') });
}
/** The receiving facility's referrals (counselling.referrals, bound to the user's facility). */
export function useFacilityReferrals(openOnly: boolean) {
  return useQuery({
    queryKey: ['psych', 'facility-referrals', openOnly],
    queryFn: () => typedApi.get('/api/psych/facility-referrals', { query: openOnly ? { open: 'true' } : {} }),
  });
}

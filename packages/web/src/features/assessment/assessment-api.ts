/**
 * Server state of assessment (docs/assessment.md): 7-1-7, indicators, reviews and lessons. Types from the OpenAPI
 * contract; TanStack Query hooks.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Schemas, everyValueOf } from '../../api/contract.ts';
import { typedApi } from '../../app/api.ts';

export type SevenOneSeven = Schemas['SevenOneSeven'];
export type RecordRef = Schemas['AssessmentRecordRef'];
export type Review = Schemas['AssessmentReview'];
export type Lesson = Schemas['AssessmentLesson'];
export type Indicators = Schemas['AssessmentIndicators'];
export type IntervalName = 'detection' | 'notification' | 'response';
export const INTERVAL_NAMES: IntervalName[] = ['detection', 'notification', 'response'];
export const TARGETS: Record<IntervalName, number> = { detection: 7, notification: 1, response: 7 };

export const REVIEW_FORMATS = everyValueOf<Review['format']>()(['debrief', 'working_group', 'key_informant', 'mixed']);
export const REVIEW_KINDS = everyValueOf<Review['kind']>()(['after_action', 'intra_action']);
export const REVIEW_PILLARS = everyValueOf<Review['pillars'][number]>()([
  'coordination',
  'surveillance',
  'laboratory',
  'case_management',
  'infection_prevention',
  'risk_communication',
  'logistics',
  'points_of_entry',
]);
export const LESSON_SOURCES = everyValueOf<Lesson['source']>()(['own_event', 'review', 'external']);
export const PRIORITIES = everyValueOf<Review['actions'][number]['priority']>()(['low', 'normal', 'high', 'urgent']);

export function useEventTable() {
  return useQuery({ queryKey: ['assessment', '717', 'table'], queryFn: () => typedApi.get('/api/assessment/717/events', { query: {} }) });
}

export function useSevenOneSeven(kind: 'incident' | 'alert', id: string | undefined) {
  return useQuery({
    queryKey: ['assessment', '717', kind, id],
    queryFn: () => typedApi.get('/api/assessment/717', { query: kind === 'incident' ? { incidentId: id } : { alertId: id } }),
    enabled: Boolean(id),
  });
}

export function useBottlenecks() {
  return useQuery({
    queryKey: ['assessment', 'bottlenecks'],
    queryFn: () => typedApi.get('/api/assessment/bottlenecks', {}),
    staleTime: Infinity,
  });
}

export function useIndicators(query: { from: string; to: string; townshipId?: string }) {
  return useQuery({
    queryKey: ['assessment', 'indicators', query],
    queryFn: () => typedApi.get('/api/assessment/indicators', { query }),
    placeholderData: keepPreviousData,
  });
}

export function useReviews(query: { incidentId?: string } = {}) {
  return useQuery({ queryKey: ['assessment', 'reviews', query], queryFn: () => typedApi.get('/api/assessment/reviews', { query }) });
}

export function useReview(id: string | undefined) {
  return useQuery({
    queryKey: ['assessment', 'review', id],
    queryFn: () => typedApi.get('/api/assessment/reviews/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

export function useLessons(query: { q?: string; tag?: string; source?: Lesson['source'] }) {
  return useQuery({
    queryKey: ['assessment', 'lessons', query],
    queryFn: () => typedApi.get('/api/assessment/lessons', { query }),
    placeholderData: keepPreviousData,
  });
}

/** The colour of an interval's status tag. */
export function statusColour(status: string): string {
  return status === 'within_target' ? 'success' : status === 'over_target' ? 'error' : 'default';
}

/** Where a record of a figure opens. */
export function recordLink(r: Pick<RecordRef, 'kind' | 'id'>): string | null {
  switch (r.kind) {
    case 'case':
      return `/cases/${r.id}`;
    case 'alert':
      return `/alerts/${r.id}`;
    case 'incident':
      return `/incidents/${r.id}`;
    case 'task':
      return `/tasks/${r.id}`;
    case 'situation_report':
      return `/reports/${r.id}`;
    default:
      return null;
  }
}

export type SparRound = Schemas['SparRound'];
export type SparFramework = Schemas['SparFramework'];
export type DetectionPerformance = Schemas['DetectionPerformance'];
export type PlanVersionRef = Schemas['AssessmentPlanVersionRef'];
export const SPAR_LINK_KINDS = everyValueOf<SparRound['scores'][number]['links'][number]['kind']>()([
  'plan_version',
  'review',
  'indicator',
  'url',
]);

export function useSparFramework() {
  return useQuery({
    queryKey: ['assessment', 'spar', 'framework'],
    queryFn: () => typedApi.get('/api/assessment/spar/framework', {}),
    staleTime: Infinity,
  });
}

export function useSparRounds() {
  return useQuery({ queryKey: ['assessment', 'spar', 'list'], queryFn: () => typedApi.get('/api/assessment/spar', { query: {} }) });
}

export function useSparRound(id: string | undefined) {
  return useQuery({
    queryKey: ['assessment', 'spar', 'round', id],
    queryFn: () => typedApi.get('/api/assessment/spar/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

export function useDetectionPerformance(query: { from: string; to: string; townshipId?: string }) {
  return useQuery({
    queryKey: ['assessment', 'detection', query],
    queryFn: () => typedApi.get('/api/assessment/detection-performance', { query }),
    placeholderData: keepPreviousData,
  });
}

export function usePlanVersions(enabled = true) {
  return useQuery({
    queryKey: ['assessment', 'plan-versions'],
    queryFn: () => typedApi.get('/api/assessment/plan-versions', {}),
    enabled,
  });
}

/** A share 0–1 as a percentage, or null when incomplete. */
export function percent(share: number | null | undefined): string | null {
  return share === null || share === undefined ? null : `${Math.round(share * 1000) / 10}%`;
}

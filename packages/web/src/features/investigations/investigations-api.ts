/**
 * Server state of the epidemiological investigation (流调) of a case (docs/travel.md).
 */
import { useQuery } from '@tanstack/react-query';
import { everyValueOf, type Schemas } from '../../api/contract.ts';
import { typedApi } from '../../app/api.ts';

export type CaseInvestigation = Schemas['CaseInvestigation'];
export type Investigation = NonNullable<Schemas['Investigation']>;
export type InvestigationEvent = Schemas['InvestigationEvent'];
export type EventKind = InvestigationEvent['kind'];

export const PLACE_KINDS = everyValueOf<EventKind>()([
  'home',
  'work',
  'school',
  'market',
  'clinic',
  'gathering',
  'other_place',
  'voyage',
  'bus',
  'train',
  'flight',
  'port_shift',
]);
export const JOURNEY_KINDS = ['voyage', 'bus', 'train', 'flight', 'port_shift'] as const;
export const SOURCE_KINDS = everyValueOf<Investigation['likelySourceKind']>()([
  'unknown',
  'household',
  'local',
  'travel',
  'imported',
  'healthcare',
  'other',
]);
export const isJourney = (kind: EventKind) => (JOURNEY_KINDS as readonly string[]).includes(kind);

export function useCaseInvestigation(caseId: string, enabled = true) {
  return useQuery({
    queryKey: ['investigations', caseId],
    queryFn: () => typedApi.get('/api/cases/{id}/investigation', { path: { id: caseId } }),
    enabled,
  });
}

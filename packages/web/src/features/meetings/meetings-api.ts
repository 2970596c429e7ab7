/**
 * Server state of joint prevention and control meetings: types mirroring meetings.store.ts and the query hooks.
 * After a write, invalidate ['meetings'] (the live topic 'meetings' does it for changes made elsewhere).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { typedApi } from '../../app/api.ts';
import type { Schemas } from '../../api/contract.ts';

export type MeetingStatus = Schemas['MeetingSummary']['status'];
export const MEETING_STATUSES: MeetingStatus[] = ['scheduled', 'held', 'cancelled'];

export type MeetingSummary = Schemas['MeetingSummary'];

export type DecisionTask = Schemas['Meeting']['decisions'][number]['tasks'][number];

export type Meeting = Schemas['Meeting'];

export function useMeetings(query: { incidentId?: string; kind?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['meetings', 'list', query],
    queryFn: () => typedApi.get('/api/meetings', { query }),
    placeholderData: keepPreviousData,
  });
}

export function useMeeting(id: string | undefined) {
  return useQuery({
    queryKey: ['meetings', 'one', id],
    queryFn: () => typedApi.get('/api/meetings/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

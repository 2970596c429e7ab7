/**
 * Server state of joint prevention and control meetings: types mirroring meetings.store.ts and the query hooks.
 * After a write, invalidate ['meetings'] (the live topic 'meetings' does it for changes made elsewhere).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';

export type MeetingStatus = 'scheduled' | 'held' | 'cancelled';
export const MEETING_STATUSES: MeetingStatus[] = ['scheduled', 'held', 'cancelled'];

export interface MeetingSummary {
  id: string;
  incidentId: string | null;
  incidentCode: string | null;
  incidentTitle: string | null;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  title: string;
  heldAt: string;
  location: string;
  status: MeetingStatus;
  decisionCount: number;
}

export interface DecisionTask {
  id: string;
  code: string;
  title: string;
  status: string;
  dueAt: string;
  overdue: boolean;
  assigneeAgencyId: string | null;
  assigneeName: string;
  assigneeNameEn: string;
}

export interface Meeting extends MeetingSummary {
  chair: string;
  agenda: { title: string; presenter: string }[];
  attendees: { id: string; agencyId: string | null; agencyName: string | null; agencyNameEn: string | null; personName: string; position: string }[];
  minutes: string;
  decisions: { id: string; seq: number; text: string; tasks: DecisionTask[] }[];
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
}

export function useMeetings(query: { incidentId?: string; kind?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['meetings', 'list', query],
    queryFn: () => api.get<{ items: MeetingSummary[]; total: number }>('/api/meetings', query),
    placeholderData: keepPreviousData,
  });
}

export function useMeeting(id: string | undefined) {
  return useQuery({ queryKey: ['meetings', 'one', id], queryFn: () => api.get<Meeting>(`/api/meetings/${encodeURIComponent(id ?? '')}`), enabled: Boolean(id) });
}

/** An instant as the value of a datetime-local input in district time (UTC+8). */
export function toDistrictInput(iso: string): string {
  return new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16);
}

/** A datetime-local value read as district time, as ISO 8601 with its offset. */
export function fromDistrictInput(value: string): string {
  return `${value.length === 16 ? `${value}:00` : value}+08:00`;
}

/** 'YYYY-MM-DD HH:mm' in district time. */
export function districtTime(iso: string): string {
  return toDistrictInput(iso).replace('T', ' ');
}

/**
 * Server state of the volunteer registry (docs/capability.md): types from the OpenAPI contract and TanStack Query hooks.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Schemas, everyValueOf } from '../../api/contract.ts';
import { api } from '../../app/api.ts';

export type Volunteer = Schemas['Volunteer'];
export type VolunteerDetail = Schemas['VolunteerDetail'];
export type VolunteerList = Schemas['VolunteerList'];
export type VolunteerAssignment = Schemas['VolunteerAssignment'];
export type VolunteerSelf = Schemas['VolunteerSelf'];
export type VolunteerInput = Schemas['VolunteerInput'];

export const SKILLS = everyValueOf<Volunteer['skills'][number]>()([
  'medical',
  'nursing',
  'first_aid',
  'psychological_support',
  'logistics',
  'driving',
  'translation',
  'community_outreach',
  'port_work',
  'it_support',
  'data_entry',
  'elderly_care',
]);
export const LANGUAGES = everyValueOf<Volunteer['languages'][number]>()([
  'zh',
  'en',
  'yue',
  'cdo',
  'wuu',
  'vi',
  'my',
  'ru',
  'ja',
  'ko',
  'csl',
]);
export const AVAILABILITY = everyValueOf<Volunteer['availability'][number]>()([
  'weekday_daytime',
  'weekday_evening',
  'weekend',
  'on_call',
  'emergency_only',
]);
export const VETTING_STATUSES = everyValueOf<Volunteer['vettingStatus']>()(['pending', 'approved', 'rejected', 'suspended', 'withdrawn']);

export function useVolunteers(filters: Record<string, string | number | undefined>) {
  return useQuery({
    queryKey: ['volunteers', 'list', filters],
    queryFn: () => api.get<VolunteerList>('/api/volunteers', filters),
    placeholderData: keepPreviousData,
  });
}

export function useVolunteer(id: string | undefined) {
  return useQuery({
    queryKey: ['volunteers', 'one', id],
    queryFn: () => api.get<VolunteerDetail>(`/api/volunteers/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export function useSelf() {
  return useQuery({ queryKey: ['volunteers', 'me'], queryFn: () => api.get<VolunteerSelf>('/api/volunteers/me') });
}

export const registerVolunteer = (body: VolunteerInput) => api.post<VolunteerDetail>('/api/volunteers', body);
export const vetVolunteer = (id: string, body: Schemas['VolunteerVetInput']) =>
  api.post<VolunteerDetail>(`/api/volunteers/${id}/vet`, body);
export const changeStatus = (id: string, body: Schemas['VolunteerStatusInput']) =>
  api.post<VolunteerDetail>(`/api/volunteers/${id}/status`, body);
export const revealPersonal = (id: string) => api.post<Schemas['VolunteerPersonal']>(`/api/volunteers/${id}/personal`);
export const assignVolunteer = (id: string, body: Schemas['VolunteerAssignInput']) =>
  api.post<VolunteerAssignment>(`/api/volunteers/${id}/assignments`, body);
export const logHours = (id: string, body: Schemas['VolunteerHoursInput']) => api.post(`/api/volunteers/${id}/hours`, body);
export const stepAssignment = (id: string, step: 'check-in' | 'check-out' | 'cancel') =>
  api.post<VolunteerAssignment>(`/api/volunteer-assignments/${id}/${step}`);

export function vettingColour(status: Volunteer['vettingStatus']): string {
  return { pending: 'gold', approved: 'green', rejected: 'red', suspended: 'orange', withdrawn: 'default' }[status];
}
export function assignmentColour(status: VolunteerAssignment['status']): string {
  return { assigned: 'blue', checked_in: 'processing', completed: 'green', cancelled: 'default' }[status];
}
/** Minutes as hours with one decimal. */
export const hoursOf = (minutes: number) => Math.round((minutes / 60) * 10) / 10;
/** A name in the UI language. */
export const nameIn = (language: string, x: { name: string; nameEn: string }) => (language.startsWith('en') ? x.nameEn || x.name : x.name);

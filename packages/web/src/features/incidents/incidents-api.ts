/**
 * Server state of incidents under command: types mirroring incidents.schema.ts and the query hooks. After a
 * write, invalidate ['incidents'] (the live topic 'incidents' does it for changes made elsewhere).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { ResponseLevel } from '../plans/plans-api.ts';
import type { Schemas } from '../../api/contract.ts';

export const INCIDENT_ROLES = ['commander', 'deputy_commander', 'group_lead', 'agency_liaison', 'member'] as const;
export type IncidentRole = Schemas['IncidentRole'];

export type IncidentSummary = Schemas['IncidentSummary'];

export type IncidentRoleView = Schemas['IncidentRoleView'];

export type Incident = Schemas['Incident'];

export type IncidentEventKind = Schemas['IncidentEvent']['kind'];

export type IncidentEvent = Schemas['IncidentEvent'];

export type IncidentPerson = Schemas['IncidentPerson'];

export type FormOptions = Schemas['IncidentFormOptions'];

export function useIncidents(query: { status?: string; q?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['incidents', 'list', query],
    queryFn: () => api.get<{ items: IncidentSummary[]; total: number }>('/api/incidents', query),
    placeholderData: keepPreviousData,
  });
}

export function useIncident(id: string | undefined) {
  return useQuery({
    queryKey: ['incidents', 'one', id],
    queryFn: () => api.get<Incident>(`/api/incidents/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export function useTimeline(id: string | undefined) {
  return useQuery({
    queryKey: ['incidents', 'timeline', id],
    queryFn: async () => (await api.get<{ items: IncidentEvent[] }>(`/api/incidents/${encodeURIComponent(id ?? '')}/timeline`)).items,
    enabled: Boolean(id),
  });
}

export function usePeople(id: string | undefined) {
  return useQuery({
    queryKey: ['incidents', 'people', id],
    queryFn: async () => (await api.get<{ items: IncidentPerson[] }>(`/api/incidents/${encodeURIComponent(id ?? '')}/people`)).items,
    enabled: Boolean(id),
  });
}

export function useFormOptions(alertId: string | null) {
  return useQuery({
    queryKey: ['incidents', 'form-options', alertId],
    queryFn: () => api.get<FormOptions>('/api/incidents/form-options', alertId ? { alertId } : {}),
  });
}

/** What a level change launches (incidents.schema.ts PlanCoverageSchema): the preview, and the result of a change. */
export type PlanCoverage = Schemas['PlanCoverage'];

/** Before confirming a level change: which plan launches how many measures, or a warning that none will. */
export function useLevelPreview(id: string, level: ResponseLevel | null | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['incidents', 'level-preview', id, level ?? null],
    queryFn: () => api.get<PlanCoverage>(`/api/incidents/${encodeURIComponent(id)}/level-preview`, level ? { level } : {}),
    enabled: enabled && level !== undefined,
  });
}

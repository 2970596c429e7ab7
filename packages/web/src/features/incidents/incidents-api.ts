/**
 * Server state of incidents under command: types mirroring incidents.schema.ts and the query hooks. After a
 * write, invalidate ['incidents'] (the live topic 'incidents' does it for changes made elsewhere).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Person, ResponseLevel } from '../plans/plans-api.ts';

export const INCIDENT_ROLES = ['commander', 'deputy_commander', 'group_lead', 'agency_liaison', 'member'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];

export interface IncidentSummary {
  id: string;
  code: string;
  title: string;
  status: 'open' | 'closed';
  responseLevel: ResponseLevel | null;
  diseaseId: string | null;
  diseaseName: string | null;
  diseaseNameEn: string | null;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  startedAt: string;
  closedAt: string | null;
  updatedAt: string;
}

export interface IncidentRoleView {
  id: string;
  role: IncidentRole;
  workingGroupId: string | null;
  workingGroupName: string | null;
  workingGroupNameEn: string | null;
  agencyId: string | null;
  agencyName: string | null;
  agencyNameEn: string | null;
  user: Person;
  assignedAt: string;
  endedAt: string | null;
}

export interface Incident extends IncidentSummary {
  description: string;
  summary: string;
  alertId: string | null;
  alertCode: string | null;
  planId: string | null;
  planName: string | null;
  planNameEn: string | null;
  createdBy: Person | null;
  createdAt: string;
  activations: { level: ResponseLevel; activatedAt: string; taskCount: number; planVersionId: string | null; planVersion: number | null }[];
  roles: IncidentRoleView[];
  workingGroups: { id: string; name: string; nameEn: string }[];
}

export type IncidentEventKind = 'opened' | 'updated' | 'level_set' | 'level_raised' | 'level_lowered' | 'level_ended' | 'log' | 'staffing' | 'stand_down';

export interface IncidentEvent {
  id: string;
  kind: IncidentEventKind;
  occurredAt: string;
  text: string;
  fromLevel: ResponseLevel | null;
  toLevel: ResponseLevel | null;
  approver: Person | null;
  author: Person | null;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface IncidentPerson {
  id: string;
  displayName: string;
  agencyId: string | null;
  agencyName: string | null;
  agencyNameEn: string | null;
  canApproveLevel: boolean;
}

export interface FormOptions {
  diseases: { id: string; code: string; name: string; nameEn: string }[];
  plans: { id: string; code: string; name: string; nameEn: string; jurisdictionId: string }[];
  alert: { id: string; code: string; title: string; status: string; diseaseId: string | null; jurisdictionId: string; firstSignalAt: string | null; incidentId: string | null } | null;
}

export function useIncidents(query: { status?: string; q?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['incidents', 'list', query],
    queryFn: () => api.get<{ items: IncidentSummary[]; total: number }>('/api/incidents', query),
    placeholderData: keepPreviousData,
  });
}

export function useIncident(id: string | undefined) {
  return useQuery({ queryKey: ['incidents', 'one', id], queryFn: () => api.get<Incident>(`/api/incidents/${encodeURIComponent(id ?? '')}`), enabled: Boolean(id) });
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
  return useQuery({ queryKey: ['incidents', 'form-options', alertId], queryFn: () => api.get<FormOptions>('/api/incidents/form-options', alertId ? { alertId } : {}) });
}

/** What a level change launches (incidents.schema.ts PlanCoverageSchema): the preview, and the result of a change. */
export interface PlanCoverage {
  level: ResponseLevel | null;
  outcome: 'launches' | 'no_plan' | 'no_measures' | 'already_launched' | 'lowering' | 'ending';
  planId: string | null;
  planCode: string | null;
  planName: string | null;
  planNameEn: string | null;
  planVersionId: string | null;
  planVersion: number | null;
  measuresLaunched: number;
  agencies: number;
  warning: string | null;
}

/** Before confirming a level change: which plan launches how many measures, or a warning that none will. */
export function useLevelPreview(id: string, level: ResponseLevel | null | undefined, enabled: boolean) {
  return useQuery({
    queryKey: ['incidents', 'level-preview', id, level ?? null],
    queryFn: () => api.get<PlanCoverage>(`/api/incidents/${encodeURIComponent(id)}/level-preview`, level ? { level } : {}),
    enabled: enabled && level !== undefined,
  });
}

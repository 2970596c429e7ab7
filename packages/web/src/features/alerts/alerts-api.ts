/**
 * The alerts API as TanStack Query hooks (server: packages/server/src/features/alerts/alerts.routes.ts).
 * Every query key starts with 'alerts', so `useLiveInvalidate('alerts', [['alerts']])` refreshes them all.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Schemas, FiltersOf } from '../../api/contract.ts';

export const ALERT_STATUSES = [
  'new',
  'verifying',
  'discarded',
  'monitoring',
  'risk_assessment',
  'characterised',
  'closed',
  'confirmed',
] as const;
export type AlertStatus = Schemas['AlertStatus'];
export const WARNING_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export type WarningLevel = NonNullable<Schemas['WarningLevel']>;
export const ALERT_ACTIONS = ['assign', 'start_verification', 'discard', 'monitor', 'assess', 'characterise', 'close', 'confirm'] as const;
export type AlertAction = Schemas['AlertAction'];

/** antd Tag colours of the warning levels. */
export const LEVEL_COLOURS: Record<WarningLevel, string> = { red: 'red', orange: 'orange', yellow: 'gold', blue: 'blue' };
/** antd Tag colours of the statuses. */
export const STATUS_COLOURS: Record<AlertStatus, string> = {
  new: 'magenta',
  verifying: 'processing',
  discarded: 'default',
  monitoring: 'cyan',
  risk_assessment: 'purple',
  characterised: 'geekblue',
  closed: 'default',
  confirmed: 'volcano',
};

export type Alert = Schemas['Alert'];

export type AlertSignal = Schemas['AlertSignal'];

export type Assessment = Schemas['AlertAssessment'];

export type AlertDetail = Schemas['AlertDetail'];

export type AlertEvent = Schemas['AlertEvent'];

export type AlertComment = Schemas['AlertComment'];

export type RiskMatrix = Schemas['RiskMatrix'];

export type AlertFilters = FiltersOf<'/api/alerts'>;

export function useAlerts(filters: AlertFilters) {
  return useQuery({
    queryKey: ['alerts', 'list', filters],
    queryFn: () => api.get<{ items: Alert[]; total: number }>('/api/alerts', { ...filters }),
    placeholderData: keepPreviousData,
  });
}

export function useAlert(id: string | undefined) {
  return useQuery({
    queryKey: ['alerts', 'one', id],
    queryFn: () => api.get<AlertDetail>(`/api/alerts/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export function useAlertHistory(id: string) {
  return useQuery({ queryKey: ['alerts', 'history', id], queryFn: () => api.get<{ items: AlertEvent[] }>(`/api/alerts/${id}/history`) });
}

export function useAlertComments(id: string) {
  return useQuery({
    queryKey: ['alerts', 'comments', id],
    queryFn: () => api.get<{ items: AlertComment[] }>(`/api/alerts/${id}/comments`),
  });
}

export function useAssignees(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['alerts', 'assignees', id],
    queryFn: () => api.get<{ items: Array<{ id: string; username: string; displayName: string }> }>(`/api/alerts/${id}/assignees`),
    enabled,
  });
}

export function useRiskMatrix() {
  return useQuery({
    queryKey: ['alerts', 'risk-matrix'],
    queryFn: () => api.get<RiskMatrix>('/api/alerts/risk-matrix'),
    staleTime: Infinity,
  });
}

/** The path segment of each action. */
const ACTION_PATHS: Record<AlertAction, string> = {
  assign: 'assign',
  start_verification: 'start-verification',
  discard: 'discard',
  monitor: 'monitor',
  assess: 'assess',
  characterise: 'characterise',
  close: 'close',
  confirm: 'confirm',
};

export function useAlertAction(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ action, body }: { action: AlertAction; body: Record<string, unknown> }) =>
      api.post<AlertDetail>(`/api/alerts/${id}/${ACTION_PATHS[action]}`, body),
    onSuccess: (detail) => {
      client.setQueryData(['alerts', 'one', id], detail);
      void client.invalidateQueries({ queryKey: ['alerts'] });
      void client.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}

export function useAddComment(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: string) => api.post<AlertComment>(`/api/alerts/${id}/comments`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['alerts', 'comments', id] }),
  });
}

/** Splits a span of milliseconds into the parts the countdown shows. */
export function durationParts(ms: number): { d: number; h: number; m: number; s: number } {
  const total = Math.floor(Math.abs(ms) / 1000);
  return { d: Math.floor(total / 86_400), h: Math.floor((total % 86_400) / 3600), m: Math.floor((total % 3600) / 60), s: total % 60 };
}

export const ALERT_CLASSES = ['A', 'B', 'C', 'syndromic'] as const;
export type AlertClass = Schemas['AlertClass'];
/** antd Tag colours of the alert classes. */
export const CLASS_COLOURS: Record<AlertClass, string> = { A: 'red', B: 'orange', C: 'blue', syndromic: 'cyan' };
export const ALERT_SORTS = ['deadline', 'class', 'latest'] as const;

export type AlertSubscription = Schemas['AlertSubscription'];

/** My alert subscription: which new alerts I am notified of. */
export function useAlertSubscription() {
  return useQuery({ queryKey: ['alerts', 'subscription'], queryFn: () => api.get<AlertSubscription>('/api/alerts/subscription') });
}

export function useSaveAlertSubscription() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { alertClasses: AlertClass[]; diseaseIds: string[]; jurisdictionIds: string[] } | 'default') =>
      body === 'default'
        ? api.delete<AlertSubscription>('/api/alerts/subscription')
        : api.put<AlertSubscription>('/api/alerts/subscription', body),
    onSuccess: (saved) => {
      client.setQueryData(['alerts', 'subscription'], saved);
      void client.invalidateQueries({ queryKey: ['alerts', 'list'] });
    },
  });
}

// ── event reports (event-based surveillance) ─────────────────────────────────────────────────────

export const EVENT_TYPES = ['school_cluster', 'workplace_cluster', 'market', 'gathering', 'rumour', 'animal_deaths', 'other'] as const;
export type EventType = Schemas['EventType'];
export type EventReport = Schemas['EventReport'];
export type EventReportInput = Schemas['EventReportCreate'];

/** Files a report (opens an alert of class 'event'); the lists of alerts and the dashboard refresh. */
export function useReportEvent() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: EventReportInput) => api.post<EventReport>('/api/event-reports', input),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['alerts'] });
      void client.invalidateQueries({ queryKey: ['dashboard'] });
    },
  });
}

/** The reports the user made, newest first. */
export function useMyEventReports() {
  return useQuery({
    queryKey: ['alerts', 'event-reports', 'mine'],
    queryFn: () => api.get<{ items: EventReport[]; total: number }>('/api/event-reports', { mine: 'true', pageSize: '10' }),
  });
}

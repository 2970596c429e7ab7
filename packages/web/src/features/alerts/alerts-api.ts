/**
 * The alerts API as TanStack Query hooks (server: packages/server/src/features/alerts/alerts.routes.ts).
 * Every query key starts with 'alerts', so `useLiveInvalidate('alerts', [['alerts']])` refreshes them all.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';

export const ALERT_STATUSES = ['new', 'verifying', 'discarded', 'monitoring', 'risk_assessment', 'characterised', 'closed', 'confirmed'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
export const WARNING_LEVELS = ['red', 'orange', 'yellow', 'blue'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const ALERT_ACTIONS = ['assign', 'start_verification', 'discard', 'monitor', 'assess', 'characterise', 'close', 'confirm'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

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

interface Named {
  id: string;
  name: string;
  nameEn: string;
}

export interface Alert {
  id: string;
  code: string;
  title: string;
  /** the latest signals in one line, in English */
  summary: string;
  /** the same line in Chinese ('' for alerts opened before the server kept it) */
  summaryZh: string;
  status: AlertStatus;
  warningLevel: WarningLevel | null;
  disease: (Named & { code: string; class: string; managedAsClassA: boolean }) | null;
  feedType: Named | null;
  jurisdiction: Named & { level: string };
  assignee: { id: string; displayName: string; username: string } | null;
  signalCount: number;
  firstSignalAt: string | null;
  lastSignalAt: string | null;
  verificationDueAt: string | null;
  escalatedAt: string | null;
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface AlertSignal {
  id: string;
  kind: 'aberration' | 'cluster';
  method: string;
  parameters: Record<string, unknown>;
  periodStart: string;
  periodEnd: string;
  dateBasis: 'onset' | 'report';
  observed: number;
  expected: number | null;
  threshold: number | null;
  explanation: Record<string, unknown>;
  jurisdictionId: string;
  createdAt: string;
}

export interface Assessment {
  hazard: string;
  exposure: string;
  context: string;
  assessedBy: string | null;
  assessedAt: string | null;
  likelihood: number | null;
  consequence: number | null;
  matrixLevel: WarningLevel | null;
  warningLevel: WarningLevel | null;
  overrideReason: string;
  characterisedBy: string | null;
  characterisedAt: string | null;
}

export interface AlertDetail extends Alert {
  canAct: boolean;
  /** may comment: alerts.comment covering the alert's place (verifiers, and the township officers there) */
  canComment: boolean;
  allowedActions: AlertAction[];
  assessment: Assessment | null;
  signals: AlertSignal[];
  incident: { id: string; code: string; title: string; status: string } | null;
}

export interface AlertEvent {
  id: string;
  kind: string;
  fromStatus: AlertStatus | null;
  toStatus: AlertStatus | null;
  actor: { id: string; displayName: string } | null;
  reason: string;
  data: Record<string, unknown>;
  createdAt: string;
}

export interface AlertComment {
  id: string;
  body: string;
  author: { id: string; displayName: string };
  createdAt: string;
}

export interface RiskMatrix {
  likelihoods: Array<{ value: number; key: string; name: string; nameEn: string }>;
  consequences: Array<{ value: number; key: string; name: string; nameEn: string }>;
  bands: Array<{ level: WarningLevel; minScore: number; risk: string; riskEn: string }>;
  cells: WarningLevel[][];
}

export interface AlertFilters {
  status?: string;
  open?: string;
  warningLevel?: string;
  jurisdictionId?: string;
  mine?: string;
  overdue?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

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
  return useQuery({ queryKey: ['alerts', 'comments', id], queryFn: () => api.get<{ items: AlertComment[] }>(`/api/alerts/${id}/comments`) });
}

export function useAssignees(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['alerts', 'assignees', id],
    queryFn: () => api.get<{ items: Array<{ id: string; username: string; displayName: string }> }>(`/api/alerts/${id}/assignees`),
    enabled,
  });
}

export function useRiskMatrix() {
  return useQuery({ queryKey: ['alerts', 'risk-matrix'], queryFn: () => api.get<RiskMatrix>('/api/alerts/risk-matrix'), staleTime: Infinity });
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

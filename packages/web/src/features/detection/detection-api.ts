/**
 * Detection API of the web app: settings, runs, signals and the back-test (server: features/detection). The
 * types mirror the server's zod schemas (detection.schema.ts).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';

export type DetectionLevel = 'township' | 'district';
export type DateBasis = 'onset' | 'report';

export interface SubjectNames {
  code: string;
  name: string;
  nameEn: string;
}

export interface DetectionMethodInfo {
  id: string;
  defaults: Record<string, unknown>;
  thresholdIsCount: boolean;
  reaches: boolean;
}

export interface DetectionConfig {
  id: string;
  diseaseId: string | null;
  feedTypeId: string | null;
  subject: SubjectNames;
  /** counts, or for a proportion feed (ILI share) the share value / denominator in percent */
  monitored: 'count' | 'share';
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  level: DetectionLevel;
  method: string;
  parameters: Record<string, unknown>;
  dateBasis: DateBasis;
  enabled: boolean;
  schedule: string;
  nextRunAt: string | null;
  lastScheduledAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RunDetail {
  configId: string;
  method: string;
  series: number;
  failed: number;
  signals: number;
  errors: Array<{ jurisdictionId: string; message: string }>;
  ms: number;
}

export interface DetectionRun {
  id: string;
  trigger: 'schedule' | 'manual' | 'demo';
  asOf: string;
  configIds: string[] | null;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  configsEvaluated: number;
  seriesEvaluated: number;
  seriesFailed: number;
  signalsCreated: number;
  alertsCreated: number;
  alertsUpdated: number;
  error: string | null;
  details: RunDetail[];
  actorId: string | null;
  /** scheduled runs: a failed attempt is retried with back-off; each attempt is its own run */
  attempt: number;
  maxAttempts: number;
  firedAt: string | null;
  /** a failed attempt: when the next one is due (null: none follows) */
  retryAt: string | null;
}

export interface BaselineValue {
  start: string;
  end: string;
  /** a count, or for a proportion the share in percent */
  value: number;
  numerator?: number;
  denominator?: number;
}

/** What a signal stores about why it fired (detection.run.ts builds it). */
export interface SignalExplanation {
  configId?: string;
  level?: DetectionLevel;
  method: string;
  parameters: Record<string, unknown>;
  dateBasis: DateBasis;
  asOf: string;
  /** a proportion feed: observed, threshold, expected and the baseline are shares in percent */
  measure?: 'proportion';
  unit?: '%';
  /** the numerator and denominator behind the observed share */
  share?: { numerator: number | null; denominator: number | null };
  rule: 'exceeds' | 'reaches' | 'statistic' | 'pvalue';
  observed: number;
  threshold: number | null;
  expected: number | null;
  statistic?: number | null;
  baseline?: { kind: 'periods' | 'window' | 'none' | 'history'; values: BaselineValue[]; mean: number | null };
  recent?: { dates: string[]; counts: Array<number | null>; numerators?: number[]; denominators?: number[] };
  extra?: Record<string, number | boolean | null>;
  cluster?: {
    rank: number;
    centre: string;
    locations: Array<{ id: string; name: string; nameEn: string }>;
    radiusKm: number;
    window: { start: string; end: string; days: number };
    observed: number;
    expected: number;
    ratio: number;
    llr: number;
    pValue: number | null;
    recurrenceInterval: { days: number; years: number } | null;
    alpha: number | null;
    replications: number;
    study: { start: string; end: string; cases: number; locations: number; days: number };
  };
}

export interface Signal {
  id: string;
  diseaseId: string | null;
  feedTypeId: string | null;
  subject: SubjectNames;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  kind: 'aberration' | 'cluster';
  method: string;
  parameters: Record<string, unknown>;
  periodStart: string;
  periodEnd: string;
  dateBasis: DateBasis;
  observed: number;
  expected: number | null;
  threshold: number | null;
  explanation: SignalExplanation;
  runId: string | null;
  alertId: string | null;
  alertCode: string | null;
  alertStatus: string | null;
  createdAt: string;
}

export interface SignalFilters {
  diseaseId?: string;
  feedTypeId?: string;
  jurisdictionId?: string;
  kind?: string;
  from?: string;
  to?: string;
  runId?: string;
  page?: number;
  pageSize?: number;
}

export interface BacktestRequest {
  diseaseId?: string;
  feedTypeId?: string;
  jurisdictionId: string;
  method: string;
  parameters?: Record<string, unknown>;
  dateBasis?: DateBasis;
  from: string;
  to: string;
  step?: 'day' | 'week';
}

export interface BacktestPeriod {
  start: string;
  end: string;
  observed: number | null;
  threshold: number | null;
  expected: number | null;
  alarm: boolean | null;
}

export interface BacktestResult {
  method: string;
  parameters: Record<string, unknown>;
  dateBasis: DateBasis;
  step: 'day' | 'week';
  /** share: a proportion feed, observed and threshold in percent */
  monitored?: 'count' | 'share';
  periods: BacktestPeriod[];
  alarms: number;
  alarmsByYear: Array<{ year: number; alarms: number; periods: number }>;
  errors: string[];
}

/** A disease or feed type as the catalogue lists it (only the fields these pages use). */
export interface SubjectOption {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  defaultMethod?: string;
  /** feed types: a proportion (ILI share) is watched as a share */
  measure?: 'count' | 'proportion';
}

/** Methods that can watch a proportion feed (the server refuses the others: they model counts). */
export const PROPORTION_METHODS = ['mpm', 'fixedThreshold', 'earsC_C1', 'earsC_C2', 'earsC_C3', 'farrington', 'farringtonFlexible'];

/** Whether a signal is about a proportion (its values are shares in percent). */
export const isShare = (signal: Signal) => signal.explanation.measure === 'proportion';

export function useDetectionMethods() {
  return useQuery({ queryKey: ['detection', 'methods'], queryFn: () => api.get<{ items: DetectionMethodInfo[] }>('/api/detection/methods'), staleTime: Infinity });
}

export function useDetectionConfigs() {
  return useQuery({ queryKey: ['detection', 'configs'], queryFn: () => api.get<{ items: DetectionConfig[] }>('/api/detection/configs') });
}

export function useDetectionRuns(page: number, pageSize = 10) {
  return useQuery({
    queryKey: ['detection', 'runs', page, pageSize],
    queryFn: () => api.get<{ items: DetectionRun[]; total: number }>('/api/detection/runs', { page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

export function useSignals(filters: SignalFilters) {
  return useQuery({
    queryKey: ['signals', 'list', filters],
    queryFn: () => api.get<{ items: Signal[]; total: number }>('/api/signals', { ...filters }),
    placeholderData: keepPreviousData,
  });
}

export function useSignal(id: string | undefined) {
  return useQuery({ queryKey: ['signals', 'one', id], queryFn: () => api.get<Signal>(`/api/signals/${encodeURIComponent(id ?? '')}`), enabled: Boolean(id) });
}

export function useDiseaseOptions() {
  return useQuery({ queryKey: ['detection', 'diseases'], queryFn: () => api.get<{ items: SubjectOption[] }>('/api/diseases'), staleTime: 300_000 });
}

/** Feed types; users without `feeds.read` get none (the query fails quietly and the pages offer diseases only). */
export function useFeedTypeOptions(enabled: boolean) {
  return useQuery({ queryKey: ['detection', 'feedTypes'], queryFn: () => api.get<{ items: SubjectOption[] }>('/api/feeds/types'), staleTime: 300_000, enabled, retry: false });
}

export function useSaveConfig() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string | null; body: Record<string, unknown> }) =>
      id ? api.patch<DetectionConfig>(`/api/detection/configs/${id}`, body) : api.post<DetectionConfig>('/api/detection/configs', body),
    onSuccess: () => client.invalidateQueries({ queryKey: ['detection', 'configs'] }),
  });
}

export function useDeleteConfig() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<void>(`/api/detection/configs/${id}`),
    onSuccess: () => client.invalidateQueries({ queryKey: ['detection', 'configs'] }),
  });
}

export function useRunNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { asOf?: string; configIds?: string[] }) => api.post<DetectionRun>('/api/detection/runs', body),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['detection', 'runs'] });
      void client.invalidateQueries({ queryKey: ['signals'] });
    },
  });
}

export function runBacktest(body: BacktestRequest) {
  return api.post<BacktestResult>('/api/detection/backtest', body);
}

/** A parameter value as the form shows it. */
export function formatParameter(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  return String(value);
}

/** "p=0.8, years=3" */
export function parameterSummary(parameters: Record<string, unknown>): string {
  return Object.entries(parameters)
    .map(([k, v]) => `${k}=${formatParameter(v)}`)
    .join(', ');
}

export function subjectName(subject: { name: string; nameEn: string }, language: string): string {
  return language === 'en' && subject.nameEn ? subject.nameEn : subject.name;
}

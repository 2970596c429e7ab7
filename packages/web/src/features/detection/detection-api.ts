/**
 * Detection API of the web app: settings, runs, signals and the back-test (server: features/detection). The
 * types mirror the server's zod schemas (detection.schema.ts).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api.ts';
import type { Schemas, FiltersOf } from '../../api/contract.ts';
import { parameterSummary as labelledParameters } from '@outbreak/surveillance/labels';

export type DetectionLevel = Schemas['DetectionConfig']['level'];
export type DateBasis = Schemas['DetectionConfig']['dateBasis'];

export type SubjectNames = Schemas['DetectionConfig']['subject'];

export type DetectionMethodInfo = Schemas['DetectionMethod'];

export type DetectionConfig = Schemas['DetectionConfig'];

export type RunDetail = Schemas['DetectionRun']['details'][number];

export type DetectionRun = Schemas['DetectionRun'];

export type BaselineValue = Schemas['BaselineValue'];

/** What a signal stores about why it fired (the server's SignalExplanation: detection.run.ts and space-time-scan.ts build it). */
export type SignalExplanation = Schemas['SignalExplanation'];

export type Signal = Schemas['Signal'];

export type SignalFilters = FiltersOf<'/api/signals'>;

export type BacktestRequest = Schemas['BacktestRequest'];

export type BacktestPeriod = Schemas['BacktestResult']['periods'][number];

export type BacktestResult = Schemas['BacktestResult'];

/** A disease or feed type as the catalogue lists it (only the fields these pages use; a disease has no measure). */
export type SubjectOption = Pick<Schemas['Disease'], 'id' | 'code' | 'name' | 'nameEn' | 'defaultMethod'> & {
  /** feed types: a proportion (ILI share) is watched as a share */
  measure?: Schemas['FeedType']['measure'];
};

/** Methods that can watch a proportion feed (the server refuses the others: they model counts). */
export const PROPORTION_METHODS = ['mpm', 'fixedThreshold', 'earsC_C1', 'earsC_C2', 'earsC_C3', 'farrington', 'farringtonFlexible'];

/** Whether a signal is about a proportion (its values are shares in percent). */
export const isShare = (signal: Signal) => signal.explanation.measure === 'proportion';

export function useDetectionMethods() {
  return useQuery({
    queryKey: ['detection', 'methods'],
    queryFn: () => api.get<{ items: DetectionMethodInfo[] }>('/api/detection/methods'),
    staleTime: Infinity,
  });
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
  return useQuery({
    queryKey: ['signals', 'one', id],
    queryFn: () => api.get<Signal>(`/api/signals/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export function useDiseaseOptions() {
  return useQuery({
    queryKey: ['detection', 'diseases'],
    queryFn: () => api.get<{ items: SubjectOption[] }>('/api/diseases'),
    staleTime: 300_000,
  });
}

/** Feed types; users without `feeds.read` get none (the query fails quietly and the pages offer diseases only). */
export function useFeedTypeOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['detection', 'feedTypes'],
    queryFn: () => api.get<{ items: SubjectOption[] }>('/api/feeds/types'),
    staleTime: 300_000,
    enabled,
    retry: false,
  });
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

/**
 * The parameters in words, in the UI language, from the shared catalogue (@outbreak/surveillance/labels):
 * "百分位数 P80 · 往年数 3 …" rather than "p=0.8, years=3".
 */
export function parameterSummary(parameters: Record<string, unknown>, language: string): string {
  return labelledParameters(parameters, language);
}

export function subjectName(subject: { name: string; nameEn: string }, language: string): string {
  return language === 'en' && subject.nameEn ? subject.nameEn : subject.name;
}

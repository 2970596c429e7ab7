/**
 * Server state of emergency materials (docs/stock.md): types from the OpenAPI contract and TanStack Query hooks.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { type Schemas, everyValueOf } from '../../api/contract.ts';
import { api } from '../../app/api.ts';

export type StockItem = Schemas['StockItem'];
export type StockSummary = Schemas['StockSummary'];
export type SummaryRow = StockSummary['rows'][number];
export type StockBalances = Schemas['StockBalances'];
export type StockSites = Schemas['StockSites'];
export type StockSite = StockSites['items'][number];
export type StockMovementInput = Schemas['StockMovementInput'];
export type StockMovement = Schemas['StockMovement'];
export type StockMovementList = Schemas['StockMovementList'];
export type StockRequest = Schemas['StockRequest'];
export type StockRequestSummary = Schemas['StockRequestSummary'];
export type StockRequestList = Schemas['StockRequestList'];
export type StockRequestBoard = Schemas['StockRequestBoard'];
export type StockRequestInput = Schemas['StockRequestInput'];
export type StockFefo = Schemas['StockFefoSuggestion'];

export const ITEM_CATEGORIES = everyValueOf<StockItem['category']>()([
  'ppe',
  'test_kit',
  'disinfectant',
  'medicine',
  'oxygen',
  'ventilator',
  'bed',
  'vehicle',
  'other',
]);
export const STORAGE_CLASSES = everyValueOf<StockItem['storageClass']>()([
  'ambient',
  'cool',
  'cold_chain',
  'frozen',
  'flammable',
  'compressed_gas',
  'controlled',
]);
export const MOVEMENT_KINDS = everyValueOf<StockMovementInput['kind']>()(['receipt', 'issue', 'transfer', 'adjustment', 'disposal']);
export const REQUEST_STATUSES = everyValueOf<StockRequest['status']>()([
  'submitted',
  'info_requested',
  'approved',
  'rejected',
  'committed',
  'dispatched',
  'received',
  'cancelled',
]);
export const REQUESTER_KINDS = everyValueOf<StockRequest['requesterKind']>()(['facility', 'township', 'agency', 'district']);
export const PRIORITIES = everyValueOf<StockRequest['priority']>()(['routine', 'urgent', 'critical']);

export function useItems(includeInactive = false) {
  return useQuery({
    queryKey: ['stock', 'items', includeInactive],
    queryFn: () => api.get<{ items: StockItem[] }>('/api/stock/items', includeInactive ? { includeInactive: 'true' } : {}),
  });
}

export function useSites() {
  return useQuery({ queryKey: ['stock', 'sites'], queryFn: () => api.get<StockSites>('/api/stock/sites') });
}

export function useSummary(facilityId: string | undefined) {
  return useQuery({
    queryKey: ['stock', 'summary', facilityId ?? ''],
    queryFn: () => api.get<StockSummary>('/api/stock/summary', facilityId ? { facilityId } : {}),
    placeholderData: keepPreviousData,
  });
}

export function useLots(itemId: string | undefined, facilityId: string | undefined) {
  return useQuery({
    queryKey: ['stock', 'lots', itemId ?? '', facilityId ?? ''],
    queryFn: () => api.get<StockBalances>('/api/stock', { itemId, facilityId }),
    enabled: Boolean(itemId || facilityId),
  });
}

export function useFefo(itemId: string | undefined, facilityId: string | undefined, quantity: number | undefined) {
  return useQuery({
    queryKey: ['stock', 'fefo', itemId, facilityId, quantity],
    queryFn: () => api.get<StockFefo>('/api/stock/fefo', { itemId, facilityId, quantity }),
    enabled: Boolean(itemId && facilityId && quantity && quantity > 0 && Number.isInteger(quantity)),
  });
}

export function useMovements(filters: { itemId?: string; facilityId?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['stock', 'movements', filters],
    queryFn: () => api.get<StockMovementList>('/api/stock/movements', filters),
    placeholderData: keepPreviousData,
  });
}

export function useRequests(filters: { status?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['stock-requests', 'list', filters],
    queryFn: () => api.get<StockRequestList>('/api/stock/requests', filters),
    placeholderData: keepPreviousData,
  });
}

export function useRequestBoard() {
  return useQuery({ queryKey: ['stock-requests', 'board'], queryFn: () => api.get<StockRequestBoard>('/api/stock/requests/board') });
}

export function useRequest(id: string | undefined) {
  return useQuery({
    queryKey: ['stock-requests', 'one', id],
    queryFn: () => api.get<StockRequest>(`/api/stock/requests/${encodeURIComponent(id ?? '')}`),
    enabled: Boolean(id),
  });
}

export const recordMovement = (body: StockMovementInput) => api.post<StockMovement>('/api/stock/movements', body);
export const setMinimum = (body: Schemas['StockMinimumInput']) => api.put('/api/stock/minimums', body);
export const createItem = (body: Schemas['StockItemInput']) => api.post<StockItem>('/api/stock/items', body);
export const updateItem = (id: string, body: Schemas['StockItemPatch']) =>
  api.patch<StockItem>(`/api/stock/items/${encodeURIComponent(id)}`, body);
export const createRequest = (body: StockRequestInput) => api.post<StockRequest>('/api/stock/requests', body);
export const requestStep = (id: string, step: string, body: unknown) =>
  api.post<StockRequest>(`/api/stock/requests/${encodeURIComponent(id)}/${step}`, body);

export function statusColour(status: StockRequest['status']): string {
  return {
    submitted: 'blue',
    info_requested: 'orange',
    approved: 'cyan',
    rejected: 'red',
    committed: 'geekblue',
    dispatched: 'purple',
    received: 'green',
    cancelled: 'default',
  }[status];
}

export function priorityColour(priority: StockRequest['priority']): string {
  return { routine: 'default', urgent: 'orange', critical: 'red' }[priority];
}

/** A name in the UI language. */
export const nameIn = (language: string, x: { name: string; nameEn: string }) => (language.startsWith('en') ? x.nameEn || x.name : x.name);

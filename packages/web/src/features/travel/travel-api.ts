/**
 * Server state of voyages, trips, manifests and exposure cohorts (docs/travel.md): types from the OpenAPI
 * contract, TanStack Query hooks, and the manifest upload (multipart).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie } from '../../api/client.ts';
import { everyValueOf, type Schemas } from '../../api/contract.ts';
import { typedApi } from '../../app/api.ts';

export type Trip = Schemas['Trip'];
export type TripMode = Trip['mode'];
export type ManifestEntry = Schemas['ManifestEntry'];
export type Exposure = Schemas['TravelExposure'];
export type CohortMember = Schemas['CohortMember'];
export type CohortPage = Schemas['CohortPage'];
export type ManifestPreview = Schemas['ManifestPreview'];
export type ManifestImportResult = Schemas['ManifestImportResult'];

export const TRIP_MODES = everyValueOf<TripMode>()(['voyage', 'bus', 'train', 'flight', 'port_shift']);
export const MANIFEST_FIELDS = [
  'personName',
  'role',
  'sex',
  'idType',
  'idNumber',
  'phone',
  'residence',
  'deck',
  'cabin',
  'seat',
  'boardedAt',
  'alightedAt',
] as const;

export const rankColour = (rank: number) => (rank === 1 ? 'red' : rank === 2 ? 'orange' : 'default');

export interface TripFilters {
  mode?: TripMode;
  q?: string;
  page: number;
  pageSize: number;
}

export function useTrips(filters: TripFilters) {
  return useQuery({
    queryKey: ['travel', 'trips', filters],
    queryFn: () => typedApi.get('/api/travel/trips', { query: filters }),
    placeholderData: keepPreviousData,
  });
}

export function useTrip(id: string | undefined) {
  return useQuery({
    queryKey: ['travel', 'trip', id],
    queryFn: () => typedApi.get('/api/travel/trips/{id}', { path: { id: id ?? '' } }),
    enabled: Boolean(id),
  });
}

export function useVessels(enabled = true) {
  return useQuery({ queryKey: ['travel', 'vessels'], queryFn: () => typedApi.get('/api/travel/vessels'), enabled });
}

export function useManifest(tripId: string, query: { q?: string; page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['travel', 'manifest', tripId, query],
    queryFn: () => typedApi.get('/api/travel/trips/{id}/manifest', { path: { id: tripId }, query }),
    placeholderData: keepPreviousData,
  });
}

export function useTripExposures(tripId: string) {
  return useQuery({
    queryKey: ['travel', 'exposures', 'trip', tripId],
    queryFn: () => typedApi.get('/api/travel/trips/{id}/exposures', { path: { id: tripId } }),
  });
}

export function useCaseExposures(caseId: string, enabled: boolean) {
  return useQuery({
    queryKey: ['travel', 'exposures', 'case', caseId],
    queryFn: () => typedApi.get('/api/cases/{id}/travel-exposures', { path: { id: caseId } }),
    enabled,
  });
}

export function useCohort(
  exposureId: string | undefined,
  query: { rank?: number; status?: CohortMember['status']; page: number; pageSize: number },
) {
  return useQuery({
    queryKey: ['travel', 'cohort', exposureId, query],
    queryFn: () => typedApi.get('/api/travel/exposures/{id}/cohort', { path: { id: exposureId ?? '' }, query }),
    enabled: Boolean(exposureId),
    placeholderData: keepPreviousData,
  });
}

/**
 * Sends a manifest file (multipart/form-data, with the CSRF header): `preview` answers the header, first rows
 * and suggested columns; otherwise the rows are imported with `mapping`, all or nothing.
 */
export async function uploadManifest(
  tripId: string,
  file: File,
  options: { preview: true } | { preview: false; mapping: Record<string, string> },
): Promise<ManifestPreview | ManifestImportResult> {
  let token = readCookie(document.cookie, CSRF_COOKIE);
  if (!token) {
    await fetch('/api/health', { credentials: 'same-origin' }).catch(() => undefined);
    token = readCookie(document.cookie, CSRF_COOKIE);
  }
  const form = new FormData();
  form.set('file', file, file.name);
  form.set('preview', options.preview ? 'true' : 'false');
  if (!options.preview) form.set('mapping', JSON.stringify(options.mapping));
  let response: Response;
  try {
    response = await fetch(`/api/travel/trips/${encodeURIComponent(tripId)}/manifest/files`, {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(token ? { [CSRF_HEADER]: token } : {}) },
    });
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause));
  }
  const body = (await response.json().catch(() => null)) as { error?: { id: string; message: string; details?: unknown } } | null;
  if (!response.ok) {
    const error = body?.error ?? { id: response.status >= 500 ? 'internal' : 'http_error', message: '' };
    throw new ApiError(response.status, error.id, error.message, 'details' in error ? error.details : undefined);
  }
  return body as unknown as ManifestPreview | ManifestImportResult;
}

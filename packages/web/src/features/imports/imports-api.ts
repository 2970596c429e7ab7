/**
 * The imports API as the web app uses it: upload (multipart), validate with a mapping, run, poll, saved
 * mappings. Shared by the case line-list wizard and the feeds CSV upload (kind 'feeds').
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ApiError, CSRF_COOKIE, CSRF_HEADER, readCookie } from '../../api/client.ts';
import { api } from '../../app/api.ts';
import type { Schemas, ResponseOf } from '../../api/contract.ts';

export type ImportKind = Schemas['Import']['kind'];
export type ImportMode = NonNullable<Schemas['ImportRun']['mode']>;
export type ImportStatus = Schemas['Import']['status'];

export type ImportMapping = Schemas['ImportValidate']['mapping'];

/** What a run does with a row matching a case already reported: skip it, update that card, import it anyway. */
export type DuplicateAction = NonNullable<Schemas['ImportRun']['duplicates']>;
export const DUPLICATE_ACTIONS: DuplicateAction[] = ['skip', 'update', 'import'];
export type ExistingMatch = Schemas['Import']['matches'][number];
export type EarlierImport = Schemas['Import']['earlierImports'][number];

/**
 * One row problem: the column's header and the field it feeds, the cell's text, a stable `code` with the
 * `params` of its sentence (import-problems.ts), and the server's English message. Problems stored before
 * codes existed have no field, code or params.
 */
export type RowError = Schemas['ImportRowError'];

export type ImportJob = Schemas['Import'];

export type UploadedImport = ResponseOf<'/api/imports', 'post'>;

export type SavedMapping = Schemas['ImportMapping'];

export type ImportFields = Schemas['ImportFields'];

/** Accepted file types, for the file picker. */
export const IMPORT_ACCEPT = '.csv,.xlsx,.txt';

/** Sends the file as multipart/form-data with the CSRF header (api/client.ts speaks JSON only). */
export async function uploadImportFile(kind: ImportKind, file: File): Promise<UploadedImport> {
  let token = readCookie(document.cookie, CSRF_COOKIE);
  if (!token) {
    await fetch('/api/health', { credentials: 'same-origin' }).catch(() => undefined);
    token = readCookie(document.cookie, CSRF_COOKIE);
  }
  const form = new FormData();
  form.set('kind', kind);
  form.set('file', file, file.name);
  let response: Response;
  try {
    response = await fetch('/api/imports', {
      method: 'POST',
      body: form,
      credentials: 'same-origin',
      headers: { accept: 'application/json', ...(token ? { [CSRF_HEADER]: token } : {}) },
    });
  } catch (cause) {
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause));
  }
  const body = (await response.json().catch(() => null)) as
    | { error?: { id: string; message: string; details?: unknown } }
    | UploadedImport
    | null;
  if (!response.ok) {
    const error =
      body && 'error' in body && body.error ? body.error : { id: response.status >= 500 ? 'internal' : 'http_error', message: '' };
    throw new ApiError(response.status, error.id, error.message, 'details' in error ? error.details : undefined);
  }
  return body as UploadedImport;
}

export const validateImport = (id: string, mapping: ImportMapping) => api.post<ImportJob>(`/api/imports/${id}/validate`, { mapping });
export const runImport = (
  id: string,
  mode: ImportMode,
  duplicates: DuplicateAction = 'skip',
  rowActions: Record<string, DuplicateAction> = {},
) => api.post<ImportJob>(`/api/imports/${id}/run`, { mode, duplicates, rowActions });
export const saveMapping = (kind: ImportKind, name: string, mapping: ImportMapping) =>
  api.post<SavedMapping>('/api/imports/mappings', { kind, name, columns: mapping.columns, values: mapping.values });
export const deleteMapping = (id: string) => api.delete<void>(`/api/imports/mappings/${id}`);

/** The error report's address, in the page's language (a plain link: the browser downloads it with the session cookie). */
export const errorReportUrl = (id: string, lang: string) =>
  `/api/imports/${id}/errors.csv?lang=${encodeURIComponent(lang === 'en' ? 'en' : 'zh-CN')}`;

export function useImportFields(kind: ImportKind) {
  return useQuery({
    queryKey: ['imports', 'fields', kind],
    queryFn: () => api.get<ImportFields>('/api/imports/fields', { kind }),
    staleTime: Infinity,
  });
}

export function useSavedMappings(kind: ImportKind) {
  return useQuery({
    queryKey: ['imports', 'mappings', kind],
    queryFn: () => api.get<{ items: SavedMapping[] }>('/api/imports/mappings', { kind }),
  });
}

/** One import; polls every second while it runs. */
export function useImport(id: string | undefined) {
  return useQuery({
    queryKey: ['imports', 'one', id],
    queryFn: () => api.get<ImportJob>(`/api/imports/${id}`),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.status === 'importing' ? 1000 : false),
  });
}

export function useImports(kind: ImportKind, page: number, pageSize = 20) {
  return useQuery({
    queryKey: ['imports', 'list', kind, page],
    queryFn: () => api.get<{ items: ImportJob[]; total: number }>('/api/imports', { kind, page, pageSize }),
    placeholderData: keepPreviousData,
  });
}

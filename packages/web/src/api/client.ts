/**
 * The one HTTP client of the web app. It knows the contract's conventions (docs/api-contract.md):
 * JSON bodies, the `{ error: { id, message, details } }` error shape, and the CSRF double-submit
 * (`x-csrf-token` copied from the readable `oc_csrf` cookie on every unsafe request).
 *
 * @example
 * const api = createApiClient();
 * const { items } = await api.get<{ items: Agency[] }>('/api/agencies', { q: '疾控' });
 */

/** A failed API call, carrying the stable error id the UI translates. */
export class ApiError extends Error {
  readonly status: number;
  readonly id: string;
  readonly details: unknown;
  /** On a 409 `conflict`: which rule refused the write (`four_eyes`, `already_exists` …), translated as `conflicts.<reason>`. */
  readonly reason: string | undefined;

  constructor(status: number, id: string, message: string, details?: unknown, reason?: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.id = id;
    this.details = details;
    this.reason = reason;
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type Query = Record<string, QueryValue>;

export interface ApiClientOptions {
  /** fetch implementation; tests pass a fake. */
  fetch: typeof fetch;
  /** Reads the raw `document.cookie` string; tests pass a fixed one. */
  readCookies: () => string;
  /** Prefix for every path; empty when the app is served by the API server itself. */
  baseUrl: string;
  /** Called on every 401 from a request other than sign-in, so the app can drop its session state. */
  onUnauthenticated?: () => void;
}

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete<T>(path: string): Promise<T>;
}

export const CSRF_COOKIE = 'oc_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Value of one cookie from a `document.cookie` string, or null. */
export function readCookie(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** `/api/x` + `{ a: 1, b: undefined, c: '' }` → `/api/x?a=1`: empty filters are left out. */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

// A response that is not our error shape (a proxy's HTML 502, a truncated body) still becomes an ApiError
// with an id the UI can translate, so no screen ever shows a raw status line.
export async function toApiError(response: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  const error = (body as { error?: { id?: unknown; reason?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  if (error && typeof error.id === 'string') {
    const reason = typeof error.reason === 'string' ? error.reason : undefined;
    return new ApiError(response.status, error.id, typeof error.message === 'string' ? error.message : '', error.details, reason);
  }
  const id = response.status >= 500 ? 'internal' : 'http_error';
  return new ApiError(response.status, id, `${response.status} ${response.statusText}`);
}

export function createApiClient(options: Partial<ApiClientOptions> = {}): ApiClient {
  const settings = {
    fetch: (...args: Parameters<typeof fetch>) => globalThis.fetch(...args),
    readCookies: () => (typeof document === 'undefined' ? '' : document.cookie),
    baseUrl: '',
    ...options,
  } satisfies ApiClientOptions;

  async function send<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (UNSAFE_METHODS.has(method)) {
      let token = readCookie(settings.readCookies(), CSRF_COOKIE);
      // The server sets oc_csrf on any response that lacks it; a first unsafe request (sign-in on a
      // fresh browser) primes it with a cheap GET so the double-submit can succeed.
      if (!token) {
        await settings.fetch(`${settings.baseUrl}/api/health`, { credentials: 'same-origin' }).catch(() => undefined);
        token = readCookie(settings.readCookies(), CSRF_COOKIE);
      }
      if (token) headers[CSRF_HEADER] = token;
    }
    let response: Response;
    try {
      response = await settings.fetch(`${settings.baseUrl}${path}`, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause));
    }
    if (!response.ok) {
      const error = await toApiError(response);
      if (error.status === 401 && path !== '/api/auth/login') settings.onUnauthenticated?.();
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return {
    get: (path, query) => send('GET', withQuery(path, query)),
    post: (path, body) => send('POST', path, body ?? {}),
    put: (path, body) => send('PUT', path, body ?? {}),
    patch: (path, body) => send('PATCH', path, body ?? {}),
    delete: (path) => send('DELETE', path),
  };
}

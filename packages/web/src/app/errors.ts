import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';

/** Error ids of docs/api-contract.md plus the two the client itself produces. */
export const KNOWN_ERROR_IDS = [
  'validation_failed',
  'unauthenticated',
  'forbidden',
  'csrf_failed',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'rate_limited',
  'account_locked',
  'internal',
  'unavailable',
  'network_error',
  'http_error',
] as const;

export interface FieldIssue {
  path: string;
  message: string;
  code?: string;
}

/**
 * The sentence a user sees for a failed request, in the current language. Only the id is used: the
 * server's `message` is English developer text and may change (CONVENTIONS rule 6).
 * @example message.error(translateError(t, error))
 */
export function translateError(t: TFunction, error: unknown): string {
  if (error instanceof ApiError) {
    const id = (KNOWN_ERROR_IDS as readonly string[]).includes(error.id) ? error.id : 'unknown';
    if (id === 'account_locked') {
      const until = new Date(String((error.details as { lockedUntil?: unknown } | undefined)?.lockedUntil ?? ''));
      // i18next's built-in Intl formatter writes the time in the UI language (14:05 / 2:05 PM).
      if (!Number.isNaN(until.getTime())) return t('errors.account_locked_until', { time: until, formatParams: { time: { hour: '2-digit', minute: '2-digit' } } });
    }
    if (id === 'rate_limited') {
      const seconds = Number((error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds);
      if (Number.isFinite(seconds) && seconds > 0) return t('errors.rate_limited_seconds', { count: Math.ceil(seconds) });
    }
    return t(`errors.${id}`);
  }
  return t('errors.unknown');
}

/** Errors whose details name fields: `validation_failed` always, `conflict` when it says which value clashes. */
const FIELD_ERROR_IDS = new Set(['validation_failed', 'conflict']);

/** The field-level details of a `validation_failed` or `conflict` answer, or [] for any other error. */
export function fieldIssues(error: unknown): FieldIssue[] {
  if (!(error instanceof ApiError) || !FIELD_ERROR_IDS.has(error.id) || !Array.isArray(error.details)) return [];
  return error.details
    .filter((issue): issue is FieldIssue => typeof issue === 'object' && issue !== null && typeof issue.path === 'string')
    .map((issue) => ({ path: issue.path, message: String(issue.message ?? ''), code: issue.code }));
}

/** "roles.0.jurisdictionId" → ['roles', 0, 'jurisdictionId'], the name path an antd Form field uses. */
export function fieldNamePath(path: string): Array<string | number> {
  return path
    .split('.')
    .filter((part) => part !== '')
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * antd `form.setFields` input that puts each field issue beside its field (several issues on one field are
 * listed together). For `validation_failed` the server's message follows a translated lead-in, because zod's
 * messages name the constraint ("at most 200 characters") precisely and the contract gives no per-issue id
 * to translate instead; a `conflict` on a field needs no detail ("already in use") and is fully translated.
 * Issues whose path names no field on the form are returned separately to show above the form.
 */
export function formFieldErrors(
  t: TFunction,
  error: unknown,
  knownFields: readonly string[],
): { fields: Array<{ name: Array<string | number>; errors: string[] }>; unplaced: string[] } {
  const byPath = new Map<string, { name: Array<string | number>; errors: string[] }>();
  const unplaced: string[] = [];
  const conflict = error instanceof ApiError && error.id === 'conflict';
  for (const issue of fieldIssues(error)) {
    const name = fieldNamePath(issue.path);
    const text = conflict ? t('errors.fieldConflict') : issue.message ? t('errors.fieldInvalidWithReason', { reason: issue.message }) : t('errors.fieldInvalid');
    if (name.length > 0 && knownFields.includes(String(name[0]))) {
      const key = name.join('.');
      const field = byPath.get(key) ?? { name, errors: [] };
      field.errors.push(text);
      byPath.set(key, field);
    } else {
      unplaced.push(issue.path ? `${issue.path}: ${text}` : text);
    }
  }
  return { fields: [...byPath.values()], unplaced };
}

import type { TFunction } from 'i18next';
import { ApiError } from '../api/client.ts';
import type { ConflictReason } from '../api/contract.ts';

/**
 * Every conflict reason of the contract. A Record, so that a reason the server adds (after `npm run api:types`)
 * is a type error here until it is listed, and the i18n test then asks for its sentence in both languages.
 */
const CONFLICT_REASON_KEYS: Record<ConflictReason, true> = {
  already_exists: true,
  status_not_allowed: true,
  stale_version: true,
  report_merged: true,
  site_has_values: true,
  file_gone: true,
  validate_first: true,
  import_running: true,
  import_done: true,
  import_ended: true,
  already_started: true,
  risk_assessment_missing: true,
  four_eyes: true,
  version_in_progress: true,
  incident_closed: true,
  alert_not_confirmed: true,
  incident_already_opened: true,
  level_unchanged: true,
  approver_is_requester: true,
  author_cannot_approve: true,
  meeting_cancelled: true,
  decision_has_tasks: true,
  room_full: true,
  room_out_of_service: true,
  review_author_cannot_approve: true,
  review_has_no_content: true,
  spar_incomplete: true,
  spar_author_cannot_approve: true,
  insufficient_stock: true,
  requester_cannot_approve: true,
  personal_data_found: true,
  correction_in_progress: true,
  not_published: true,
  area_not_allowed: true,
  too_many_images: true,
  client_closed: true,
  risk_task_open: true,
  registrar_cannot_vet: true,
  volunteer_not_approved: true,
  author_cannot_publish: true,
  link_not_active: true,
  not_in_agreement: true,
  approver_is_proposer: true,
  out_of_sequence: true,
  own_key: true,
  exercise_not_running: true,
  inject_already_fired: true,
  exercise_closed: true,
  exercise_started: true,
  exercise_state: true,
  review_exists: true,
};
export const CONFLICT_REASONS = Object.keys(CONFLICT_REASON_KEYS) as ConflictReason[];

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
      if (!Number.isNaN(until.getTime()))
        return t('errors.account_locked_until', { time: until, formatParams: { time: { hour: '2-digit', minute: '2-digit' } } });
    }
    if (id === 'rate_limited') {
      const seconds = Number((error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds);
      if (Number.isFinite(seconds) && seconds > 0) return t('errors.rate_limited_seconds', { count: Math.ceil(seconds) });
    }
    // A conflict says which rule refused the write; each reason's sentence lives in the messages of the feature
    // that owns the rule (`conflicts.<reason>`, shared ones in the core catalogue). A reason this build does not
    // know yet (a newer server) falls back to the general sentence.
    if (id === 'conflict' && error.reason && t(`conflicts.${error.reason}`, { defaultValue: '' }) !== '') {
      return t(`conflicts.${error.reason}`);
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
    // an issue with a code the app knows (the password policy's) gets its own full sentence in both languages
    const coded = issue.code ? t(`errors.fieldIssue.${issue.code}`, { defaultValue: '' }) : '';
    const text =
      coded ||
      (conflict
        ? t('errors.fieldConflict')
        : issue.message
          ? t('errors.fieldInvalidWithReason', { reason: issue.message })
          : t('errors.fieldInvalid'));
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

/**
 * The application's errors: one class, and a factory per stable id (docs/api-contract.md, "Conventions").
 * Services throw these; the global handler (http/error-handler.ts) turns them into
 * `{ error: { id, message, details } }` with the status. The UI translates `id` and never parses `message`.
 *
 * @example
 * throw notFound('facility');
 * throw validationFailed([{ path: 'beds', message: 'must be at least 0' }]);
 */

/** Stable error ids and their HTTP statuses. */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  account_locked: 423,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorId = keyof typeof ERROR_STATUS;

/** One problem with a request field: `path` is dotted (`roles.0.jurisdictionId`), '' for the whole body. */
export interface FieldIssue {
  path: string;
  message: string;
  /** A stable id the web translates (`errors.fieldIssue.<code>`) where the message alone would stay in English. */
  code?: string;
}

/** 400: the request is malformed; `details` lists each field and what is wrong with it. */
export const validationFailed = (issues: FieldIssue[], message = 'The request is not valid') =>
  new AppError('validation_failed', message, issues);

/** 401: no valid session, or bad credentials (the same answer for an unknown user, not to reveal accounts). */
export const unauthenticated = (message = 'Sign-in required') => new AppError('unauthenticated', message);

/** 403: signed in, but the user's roles do not grant the right. */
export const forbidden = (message = 'You do not have the right to do this') => new AppError('forbidden', message);

/** 403: the CSRF header is missing or differs from the cookie, or the Origin is foreign. */
export const csrfFailed = (message = 'CSRF check failed: reload the page and try again') => new AppError('csrf_failed', message);

/**
 * 404: no such record *in the caller's scope*. Out-of-scope records answer the same, so that ids cannot be
 * probed for existence.
 */
export const notFound = (entity: string) => new AppError('not_found', `${entity} not found`, { entity });

/**
 * Why a write conflicts (409), per feature: a stable `reason` the web translates (`conflicts.<reason>` in the
 * owning feature's messages, shared ones in the core catalogue), so that the UI says what the conflict is.
 * Published in the OpenAPI document as the enum of `Error.error.reason`. A reason is named once here, by the
 * feature that owns the rule; a feature that meets a shared situation (a duplicate, a status that forbids the
 * step, a stale edit) uses the shared reason rather than a synonym of its own.
 */
export const CONFLICT_REASONS = {
  /** any feature: a unique value is taken; a status that does not allow the step; someone saved in between */
  shared: ['already_exists', 'status_not_allowed', 'stale_version'],
  cases: ['report_merged'],
  feeds: ['site_has_values'],
  imports: ['file_gone', 'validate_first', 'import_running', 'import_done', 'import_ended', 'already_started'],
  alerts: ['risk_assessment_missing'],
  plans: ['four_eyes', 'version_in_progress'],
  incidents: ['incident_closed', 'alert_not_confirmed', 'incident_already_opened', 'level_unchanged', 'approver_is_requester'],
  reports: ['author_cannot_approve'],
  meetings: ['meeting_cancelled', 'decision_has_tasks'],
  quarantine: ['room_full', 'room_out_of_service'],
  assessment: ['review_author_cannot_approve', 'review_has_no_content', 'spar_incomplete', 'spar_author_cannot_approve'],
  stock: ['insufficient_stock', 'requester_cannot_approve'],
  bulletins: ['personal_data_found', 'correction_in_progress', 'not_published', 'area_not_allowed', 'too_many_images'],
  psych: ['client_closed', 'risk_task_open'],
  volunteers: ['registrar_cannot_vet', 'volunteer_not_approved'],
  education: ['author_cannot_publish'],
  neighbours: ['link_not_active', 'not_in_agreement', 'approver_is_proposer', 'out_of_sequence', 'own_key'],
  exercises: ['exercise_not_running', 'inject_already_fired', 'exercise_closed', 'exercise_started', 'exercise_state', 'review_exists'],
} as const;

/** The reasons of one feature (`ConflictReasonOf<'plans'>` is `'four_eyes' | 'version_in_progress'`). */
export type ConflictReasonOf<F extends keyof typeof CONFLICT_REASONS> = (typeof CONFLICT_REASONS)[F][number];
export type ConflictReason = ConflictReasonOf<keyof typeof CONFLICT_REASONS>;
/** Every reason, in declaration order: the OpenAPI enum. */
export const CONFLICT_REASON_LIST = Object.values(CONFLICT_REASONS).flat() as ConflictReason[];

/** The single error class of the application. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly id: ErrorId,
    message: string,
    readonly details?: unknown,
    /** only for `conflict`: why, as a stable id */
    readonly reason?: ConflictReason,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[id];
  }
}

/**
 * 409: the write conflicts with existing data or state. `reason` says which rule refused it (the UI translates
 * it), `message` is English developer text, `details` the facts the sentence may need (`status`, `allowed` …).
 * @example throw conflict('four_eyes', 'A plan version cannot be approved by its last editor', { roles })
 */
export const conflict = (reason: ConflictReason, message: string, details?: unknown) => new AppError('conflict', message, details, reason);

/** 413: the body exceeds the route's limit. */
export const payloadTooLarge = (limitBytes: number) =>
  new AppError('payload_too_large', `The request body exceeds ${limitBytes} bytes`, { limitBytes });

/** 415: the body is not JSON. */
export const unsupportedMediaType = (expected = 'application/json') =>
  new AppError('unsupported_media_type', `The request body must be ${expected}`, { expected });

/** 423: too many failed sign-ins; the account is locked until `lockedUntil`. */
export const accountLocked = (lockedUntil: Date) =>
  new AppError('account_locked', 'The account is temporarily locked after repeated failed sign-ins', {
    lockedUntil: lockedUntil.toISOString(),
  });

/** 429: too many attempts; try again after `retryAfterSeconds`. */
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('rate_limited', 'Too many attempts; try again later', { retryAfterSeconds });

/** 503: a dependency (the database) is not available. */
export const unavailable = (message: string) => new AppError('unavailable', message);

/** 500: never for a user's mistake; the message is generic, the cause is logged. */
export const internal = () => new AppError('internal', 'Internal error');

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
}

/** The single error class of the application. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly id: ErrorId,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[id];
  }
}

/** 400: the request is malformed; `details` lists each field and what is wrong with it. */
export const validationFailed = (issues: FieldIssue[], message = 'The request is not valid') =>
  new AppError('validation_failed', message, issues);

/** 401: no valid session, or bad credentials (the same answer for an unknown user, not to reveal accounts). */
export const unauthenticated = (message = 'Sign-in required') => new AppError('unauthenticated', message);

/** 403: signed in, but the user's roles do not grant the right. */
export const forbidden = (message = 'You do not have the right to do this') => new AppError('forbidden', message);

/** 403: the CSRF header is missing or differs from the cookie, or the Origin is foreign. */
export const csrfFailed = (message = 'CSRF check failed: reload the page and try again') =>
  new AppError('csrf_failed', message);

/**
 * 404: no such record *in the caller's scope*. Out-of-scope records answer the same, so that ids cannot be
 * probed for existence.
 */
export const notFound = (entity: string) => new AppError('not_found', `${entity} not found`, { entity });

/** 409: the write conflicts with existing data (duplicate code or username, stale state). */
export const conflict = (message: string, details?: unknown) => new AppError('conflict', message, details);

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

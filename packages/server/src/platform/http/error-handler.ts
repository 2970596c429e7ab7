/**
 * Turns anything thrown while handling a request into the one error shape
 * `{ error: { id, message, details } }` (docs/api-contract.md). A user's mistake is always a 4xx naming the
 * field; only a real fault is a 500, with a generic message and the cause in the log.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError, type core } from 'zod';
import { AppError, type FieldIssue, internal, payloadTooLarge, unsupportedMediaType, validationFailed, conflict } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** Field issues from a zod error: dotted paths, one entry per unknown key. */
export function zodIssues(error: { issues: core.$ZodIssue[] }, prefix = ''): FieldIssue[] {
  const join = (path: PropertyKey[]) => [prefix, ...path.map(String)].filter((p) => p !== '').join('.');
  return error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: join([...issue.path, key]), message: 'unknown field' }));
    }
    return [{ path: join(issue.path), message: issue.message }];
  });
}

/** The PostgreSQL error behind a driver or Drizzle error (Drizzle wraps it in `cause`). */
function pgError(err: unknown): { code: string; detail?: string; constraint?: string } | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return e as { code: string };
  }
  return undefined;
}

/** Maps any error to an AppError (and logs the unexpected ones). */
export function toAppError(err: unknown, log: Logger, context: Record<string, unknown> = {}): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof ZodError) return validationFailed(zodIssues(err));
  if (err instanceof HTTPException) {
    if (err.status === 413) return payloadTooLarge(0);
    if (err.status === 415) return unsupportedMediaType();
    if (err.status === 400) return validationFailed([{ path: '', message: err.message || 'malformed request' }]);
    if (err.status === 404) return new AppError('not_found', 'Not found');
  }
  const pg = pgError(err);
  if (pg) {
    // The services check these first; the database's constraints are the last line, still a 4xx.
    if (pg.code === '23505') return conflict('already_exists', 'A record with these values already exists', { constraint: pg.constraint });
    if (pg.code === '23503') {
      return validationFailed([{ path: '', message: 'a referenced record does not exist' }], 'A referenced record does not exist');
    }
    if (pg.code === '23514' || pg.code === '23502') {
      return validationFailed([{ path: '', message: 'a value is out of range or of the wrong form' }]);
    }
    // Class 22, data exceptions (22021 a NUL or bad byte, 22P05 untranslatable character, 22008 date out of
    // range, 22007 bad date, 22P02 bad text representation, 22003 numeric overflow, 22001 too long …): the
    // value the user sent is what the database refused, on either engine. The input guard refuses most first.
    if (pg.code.startsWith('22')) {
      return validationFailed([{ path: '', message: 'a value is out of range or of the wrong form' }]);
    }
  }
  log.error('unhandled error', { ...context, error: err });
  return internal();
}

/** The JSON response for an error. */
export function errorResponse(c: Context, error: AppError): Response {
  if (error.id === 'rate_limited') {
    const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (retry) c.header('Retry-After', String(retry));
  }
  const body = {
    error: {
      id: error.id,
      ...(error.reason !== undefined ? { reason: error.reason } : {}),
      message: error.message,
      ...(error.details !== undefined ? { details: error.details } : {}),
    },
  };
  return c.json(body, error.status as 400);
}

/**
 * Schemas shared by routes: the error body, paging, and helpers to declare JSON bodies and error responses.
 *
 * @example
 * const route = createRoute({ method: 'post', path: '/api/things', request: { body: jsonBody(ThingInput) },
 *   responses: { 201: jsonResponse(Thing, 'Created'), ...errorResponses(400, 401, 403) } });
 */
import { z } from '@hono/zod-openapi';
import { CONFLICT_REASON_LIST, type ConflictReason, ERROR_STATUS } from '../errors.ts';

export const ErrorBody = z
  .object({
    error: z.object({
      id: z.enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]]),
      reason: z
        .enum(CONFLICT_REASON_LIST as [ConflictReason, ...ConflictReason[]])
        .optional()
        .openapi({ description: 'Only on 409 conflict: which rule refused the write (translate it; never parse message)' }),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

const ERROR_TEXT: Record<number, string> = {
  400: 'validation_failed: the body or query is malformed; details lists each field',
  401: 'unauthenticated',
  403: 'forbidden, or csrf_failed',
  404: 'not_found (also for records outside your jurisdiction)',
  409: 'conflict: reason says which rule refused the write',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  423: 'account_locked',
  429: 'rate_limited',
  503: 'unavailable',
};

/** OpenAPI responses for the given error statuses. */
export function errorResponses<S extends number>(
  ...statuses: S[]
): Record<S, { description: string; content: { 'application/json': { schema: typeof ErrorBody } } }> {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_TEXT[s] ?? 'error', content: { 'application/json': { schema: ErrorBody } } }]),
  ) as never;
}

/** A required JSON request body (required: so that a missing or non-JSON body is refused, never skipped). */
export function jsonBody<T extends z.ZodType>(schema: T, description?: string) {
  return { required: true as const, description, content: { 'application/json': { schema } } };
}

/** A JSON response. */
export function jsonResponse<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** `?page=&pageSize=` (max 500). */
export const PageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1).openapi({ example: 1 }),
  pageSize: z.coerce.number().int().min(1).max(500).default(50).openapi({ example: 50 }),
});

/** A uuid path parameter; anything else is answered 404 by the route (an id that cannot exist). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const IdParam = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }) });

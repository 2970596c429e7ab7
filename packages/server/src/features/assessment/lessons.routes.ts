/** HTTP adapter of the lessons library (docs/assessment.md). */
import { createRoute } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { LessonCreateSchema, LessonListQuerySchema, LessonListSchema, LessonPatchSchema, LessonViewSchema } from './lessons.schema.ts';
import { createLessonAs, deleteLessonAs, getLessonFor, listLessonsFor, updateLessonAs } from './lessons.service.ts';

const tags = ['assessment'];
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const idOf = (id: string) => {
  if (!UUID_PATTERN.test(id)) throw notFound('lesson');
  return id.toLowerCase();
};

const listRoute = createRoute({
  method: 'get',
  path: '/api/assessment/lessons',
  tags,
  summary: 'The lessons library: search by words (Chinese or English), tag or source',
  request: { query: LessonListQuerySchema },
  responses: { 200: jsonResponse(LessonListSchema, 'Lessons, newest first, and the tags in use'), ...errorResponses(400, 401, 403) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/assessment/lessons/{id}',
  tags,
  summary: 'One lesson',
  request: { params: IdParam },
  responses: { 200: jsonResponse(LessonViewSchema, 'The lesson'), ...errorResponses(401, 403, 404) },
});
const createLessonRoute = createRoute({
  method: 'post',
  path: '/api/assessment/lessons',
  tags,
  summary: 'Add a lesson (assessment.manage; audited)',
  request: { body: jsonBody(LessonCreateSchema) },
  responses: { 201: jsonResponse(LessonViewSchema, 'Added'), ...writeErrors },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/api/assessment/lessons/{id}',
  tags,
  summary: 'Change a lesson, e.g. link it to the plan version it changed (audited)',
  request: { params: IdParam, body: jsonBody(LessonPatchSchema) },
  responses: { 200: jsonResponse(LessonViewSchema, 'Changed'), ...writeErrors },
});
const deleteRoute = createRoute({
  method: 'delete',
  path: '/api/assessment/lessons/{id}',
  tags,
  summary: 'Remove a lesson (audited)',
  request: { params: IdParam },
  responses: { 204: { description: 'Removed' }, ...errorResponses(401, 403, 404) },
});

export function registerLessonRoutes(app: AppOpenAPI): void {
  app.openapi(listRoute, async (c) =>
    c.json(await listLessonsFor(c.get('deps').database.db, requirePrincipal(c), c.req.valid('query')), 200),
  );
  app.openapi(getRoute, async (c) =>
    c.json(await getLessonFor(c.get('deps').database.db, requirePrincipal(c), idOf(c.req.valid('param').id)), 200),
  );
  app.openapi(createLessonRoute, async (c) =>
    c.json(await createLessonAs(c.get('deps').database, requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchRoute, async (c) =>
    c.json(
      await updateLessonAs(c.get('deps').database, requirePrincipal(c), idOf(c.req.valid('param').id), c.req.valid('json'), clientIp(c)),
      200,
    ),
  );
  app.openapi(deleteRoute, async (c) => {
    await deleteLessonAs(c.get('deps').database, requirePrincipal(c), idOf(c.req.valid('param').id), clientIp(c));
    return c.body(null, 204);
  });
}

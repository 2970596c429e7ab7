/**
 * HTTP adapter of joint prevention and control meetings (docs/meetings-and-reports.md): validate, call the
 * service, present. Meetings outside the caller's jurisdiction answer 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { notFound } from '../../platform/errors.ts';
import {
  DecisionInputSchema,
  DecisionTasksSchema,
  MeetingCreateSchema,
  MeetingListQuerySchema,
  MeetingListSchema,
  MeetingPatchSchema,
  MeetingSchema,
} from './meetings.schema.ts';
import {
  addDecisionAs,
  createMeetingAs,
  decisionToTasksAs,
  deleteDecisionAs,
  getMeetingFor,
  listMeetingsFor,
  updateDecisionAs,
  updateMeetingAs,
} from './meetings.service.ts';

const tags = ['meetings'];
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const database = (c: AppContext) => c.get('deps').database;

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const DecisionParams = IdParam.extend({ decisionId: z.string().openapi({ param: { name: 'decisionId', in: 'path' }, format: 'uuid' }) });

const listRoute = createRoute({
  method: 'get',
  path: '/api/meetings',
  tags,
  summary: 'Joint prevention and control meetings in your jurisdiction, latest first',
  request: { query: MeetingListQuerySchema },
  responses: { 200: jsonResponse(MeetingListSchema, 'A page of meetings'), ...errorResponses(400, 401, 403) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/meetings/{id}',
  tags,
  summary: 'One meeting with attendees, decisions and the tasks made from them',
  request: { params: IdParam },
  responses: { 200: jsonResponse(MeetingSchema, 'The meeting'), ...errorResponses(401, 403, 404) },
});
const createMeetingRoute = createRoute({
  method: 'post',
  path: '/api/meetings',
  tags,
  summary: 'Record a meeting (for an incident, or standing for a jurisdiction)',
  request: { body: jsonBody(MeetingCreateSchema) },
  responses: { 201: jsonResponse(MeetingSchema, 'Created'), ...writeErrors },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/api/meetings/{id}',
  tags,
  summary: "Change a meeting's details, agenda, attendees, minutes or status",
  request: { params: IdParam, body: jsonBody(MeetingPatchSchema) },
  responses: { 200: jsonResponse(MeetingSchema, 'Changed'), ...writeErrors },
});
const addDecisionRoute = createRoute({
  method: 'post',
  path: '/api/meetings/{id}/decisions',
  tags,
  summary: 'Add a decision',
  request: { params: IdParam, body: jsonBody(DecisionInputSchema) },
  responses: { 201: jsonResponse(MeetingSchema, 'The meeting with the decision'), ...writeErrors },
});
const patchDecisionRoute = createRoute({
  method: 'patch',
  path: '/api/meetings/{id}/decisions/{decisionId}',
  tags,
  summary: 'Reword a decision',
  request: { params: DecisionParams, body: jsonBody(DecisionInputSchema) },
  responses: { 200: jsonResponse(MeetingSchema, 'The meeting'), ...writeErrors },
});
const deleteDecisionRoute = createRoute({
  method: 'delete',
  path: '/api/meetings/{id}/decisions/{decisionId}',
  tags,
  summary: 'Remove a decision that has no tasks',
  request: { params: DecisionParams },
  responses: { 200: jsonResponse(MeetingSchema, 'The meeting'), ...errorResponses(401, 403, 404, 409) },
});
const decisionTasksRoute = createRoute({
  method: 'post',
  path: '/api/meetings/{id}/decisions/{decisionId}/tasks',
  tags,
  summary: 'Turn a decision into tasks: one per agency picked, with a due time',
  request: { params: DecisionParams, body: jsonBody(DecisionTasksSchema) },
  responses: { 201: jsonResponse(MeetingSchema, 'The meeting with the decision and its tasks'), ...writeErrors },
});

export function registerMeetingsRoutes(app: AppOpenAPI): void {
  app.openapi(listRoute, async (c) => c.json(await listMeetingsFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(getRoute, async (c) =>
    c.json(await getMeetingFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'meeting')), 200),
  );
  app.openapi(createMeetingRoute, async (c) =>
    c.json(await createMeetingAs(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'meeting');
    return c.json(await updateMeetingAs(database(c), requirePrincipal(c), id, c.req.valid('json'), clientIp(c)), 200);
  });
  app.openapi(addDecisionRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'meeting');
    return c.json(await addDecisionAs(database(c), requirePrincipal(c), id, c.req.valid('json').text, clientIp(c)), 201);
  });
  app.openapi(patchDecisionRoute, async (c) => {
    const { id, decisionId } = c.req.valid('param');
    return c.json(
      await updateDecisionAs(
        database(c),
        requirePrincipal(c),
        idOf(id, 'meeting'),
        idOf(decisionId, 'decision'),
        c.req.valid('json').text,
        clientIp(c),
      ),
      200,
    );
  });
  app.openapi(deleteDecisionRoute, async (c) => {
    const { id, decisionId } = c.req.valid('param');
    return c.json(
      await deleteDecisionAs(database(c), requirePrincipal(c), idOf(id, 'meeting'), idOf(decisionId, 'decision'), clientIp(c)),
      200,
    );
  });
  app.openapi(decisionTasksRoute, async (c) => {
    const { id, decisionId } = c.req.valid('param');
    return c.json(
      await decisionToTasksAs(
        database(c),
        requirePrincipal(c),
        idOf(id, 'meeting'),
        idOf(decisionId, 'decision'),
        c.req.valid('json'),
        clientIp(c),
      ),
      201,
    );
  });
}

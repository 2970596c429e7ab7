/**
 * HTTP adapter of emergency plans: validate, call the service, present. Reads need `plans.read`, edits and
 * submission `plans.manage`, approval and return `plans.approve`, within the plan's jurisdiction (404 outside).
 */
import { createRoute } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { notFound } from '../../platform/errors.ts';
import {
  PlanApproveSchema,
  PlanCreateSchema,
  PlanDetailSchema,
  PlanListSchema,
  PlanReturnSchema,
  PlanSubmitSchema,
  PlanVersionParams,
  PlanVersionPutSchema,
  PlanVersionSchema,
} from './plans.schema.ts';
import { createPlan, getPlan, getPlanVersion, listPlansFor, movePlanVersion, savePlanVersion } from './plans.service.ts';

const tags = ['plans'];
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const database = (c: AppContext) => c.get('deps').database;

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const listRoute = createRoute({
  method: 'get',
  path: '/api/plans',
  tags,
  summary: 'Emergency plans in your area, with the version in force and the one being worked on',
  responses: { 200: jsonResponse(PlanListSchema, 'Plans'), ...errorResponses(401, 403) },
});
const createRoute_ = createRoute({
  method: 'post',
  path: '/api/plans',
  tags,
  summary: 'Create a plan; its first version is a draft',
  request: { body: jsonBody(PlanCreateSchema) },
  responses: { 201: jsonResponse(PlanDetailSchema, 'Created'), ...writeErrors },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/plans/{id}',
  tags,
  summary: 'A plan and its versions',
  request: { params: IdParam },
  responses: { 200: jsonResponse(PlanDetailSchema, 'The plan'), ...errorResponses(401, 403, 404) },
});
const getVersionRoute = createRoute({
  method: 'get',
  path: '/api/plans/{id}/versions/{versionId}',
  tags,
  summary: 'One version of a plan with its full content',
  request: { params: PlanVersionParams },
  responses: { 200: jsonResponse(PlanVersionSchema, 'The version'), ...errorResponses(401, 403, 404) },
});
const putVersionRoute = createRoute({
  method: 'put',
  path: '/api/plans/{id}/versions/{versionId}',
  tags,
  summary: 'Save a version: a draft or returned version in place; the approved one into a new draft version',
  request: { params: PlanVersionParams, body: jsonBody(PlanVersionPutSchema) },
  responses: { 200: jsonResponse(PlanVersionSchema, 'The saved (possibly new) version'), ...writeErrors },
});
const stepRoute = (
  step: 'submit' | 'approve' | 'return',
  schema: typeof PlanSubmitSchema | typeof PlanApproveSchema | typeof PlanReturnSchema,
  summary: string,
) =>
  createRoute({
    method: 'post',
    path: `/api/plans/{id}/versions/{versionId}/${step}`,
    tags,
    summary,
    request: { params: PlanVersionParams, body: jsonBody(schema) },
    responses: { 200: jsonResponse(PlanVersionSchema, 'The version'), ...writeErrors },
  });
const submitRoute = stepRoute('submit', PlanSubmitSchema, 'Submit a draft or returned version for review (it must be complete)');
const approveRoute = stepRoute(
  'approve',
  PlanApproveSchema,
  'Approve a version in review: it comes into force, the previous one is superseded. Four-eyes rule: 409 for its last editor or submitter',
);
const returnRoute = stepRoute('return', PlanReturnSchema, 'Return a version in review to its editors with comments');

export function registerPlansRoutes(app: AppOpenAPI): void {
  app.openapi(listRoute, async (c) => c.json(await listPlansFor(database(c), requirePrincipal(c)), 200));
  app.openapi(createRoute_, async (c) => c.json(await createPlan(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201));
  app.openapi(getRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getPlan(database(c), principal, idOf(c.req.valid('param').id, 'plan')), 200);
  });
  app.openapi(getVersionRoute, async (c) => {
    const principal = requirePrincipal(c);
    const p = c.req.valid('param');
    return c.json(await getPlanVersion(database(c), principal, idOf(p.id, 'plan'), idOf(p.versionId, 'plan version')), 200);
  });
  app.openapi(putVersionRoute, async (c) => {
    const principal = requirePrincipal(c);
    const p = c.req.valid('param');
    const saved = await savePlanVersion(
      database(c),
      principal,
      idOf(p.id, 'plan'),
      idOf(p.versionId, 'plan version'),
      c.req.valid('json'),
      clientIp(c),
    );
    return c.json(saved, 200);
  });
  for (const [route, step] of [
    [submitRoute, 'submit'],
    [approveRoute, 'approve'],
    [returnRoute, 'return'],
  ] as const) {
    app.openapi(route, async (c) => {
      const principal = requirePrincipal(c);
      const p = c.req.valid('param');
      const body = c.req.valid('json') as { changeNote?: string; comment?: string };
      return c.json(
        await movePlanVersion(database(c), principal, idOf(p.id, 'plan'), idOf(p.versionId, 'plan version'), step, body, clientIp(c)),
        200,
      );
    });
  }
}

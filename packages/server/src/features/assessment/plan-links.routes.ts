/** HTTP adapter of the plan-version link control (docs/assessment.md). */
import { createRoute } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { ActionPlanLinkSchema, ActionPlanLinkViewSchema, PlanVersionListSchema } from './plan-links.schema.ts';
import { linkActionPlanVersionAs, planVersionsFor } from './plan-links.service.ts';

const tags = ['assessment'];

const listRoute = createRoute({
  method: 'get',
  path: '/api/assessment/plan-versions',
  tags,
  summary: 'The plan versions a review action, a lesson or a self-assessment score may link to (plans of your places and above)',
  responses: { 200: jsonResponse(PlanVersionListSchema, 'Plan versions, newest of each plan first'), ...errorResponses(401, 403) },
});
const linkRoute = createRoute({
  method: 'put',
  path: '/api/assessment/actions/{id}/plan-version',
  tags,
  summary: 'Link an action of a review or self-assessment to the plan version it changed (any status; audited)',
  request: { params: IdParam, body: jsonBody(ActionPlanLinkSchema) },
  responses: { 200: jsonResponse(ActionPlanLinkViewSchema, 'The link'), ...errorResponses(400, 401, 403, 404, 413, 415) },
});

export function registerPlanLinkRoutes(app: AppOpenAPI): void {
  app.openapi(listRoute, async (c) => c.json(await planVersionsFor(c.get('deps').database.db, requirePrincipal(c)), 200));
  app.openapi(linkRoute, async (c) => {
    const id = c.req.valid('param').id;
    if (!UUID_PATTERN.test(id)) throw notFound('action');
    return c.json(
      await linkActionPlanVersionAs(
        c.get('deps').database,
        requirePrincipal(c),
        id.toLowerCase(),
        c.req.valid('json').planVersionId,
        clientIp(c),
      ),
      200,
    );
  });
}

/**
 * HTTP adapter of bulletins, risk areas and the rumour register for staff (docs/disclosure.md): validate, call the
 * service, present. Reads need bulletins.read, drafting bulletins.draft, approving bulletins.approve.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import {
  BulletinActionSchema,
  BulletinCheckSchema,
  BulletinCorrectSchema,
  BulletinCreateSchema,
  BulletinListQuerySchema,
  BulletinListSchema,
  BulletinPatchSchema,
  BulletinPublishSchema,
  BulletinSchema,
  BulletinWithdrawSchema,
  CheckResultSchema,
  RiskAreaCreateSchema,
  RiskAreaListSchema,
  RiskAreaPatchSchema,
  RiskAreaSchema,
  RumourCreateSchema,
  RumourListQuerySchema,
  RumourListSchema,
  RumourPatchSchema,
  RumourSchema,
  SubmissionListQuerySchema,
  SubmissionListSchema,
  SubmissionPatchSchema,
} from './bulletins.schema.ts';
import {
  approveBulletinAs,
  checkTextsAs,
  correctBulletinAs,
  createBulletinAs,
  getBulletinFor,
  listBulletinsFor,
  publishBulletinAs,
  refreshFiguresAs,
  returnBulletinAs,
  submitBulletinAs,
  updateBulletinAs,
  withdrawBulletinAs,
} from './bulletins.service.ts';
import {
  createRiskAreaAs,
  createRumourAs,
  deleteRiskAreaAs,
  handleSubmissionAs,
  listRiskAreasFor,
  listRumoursFor,
  listSubmissionsFor,
  updateRiskAreaAs,
  updateRumourAs,
} from './registers.service.ts';
import { registerBulletinImageRoutes } from './images.routes.ts';

const database = (c: AppContext) => c.get('deps').database;
function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const tags = ['bulletins'];
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

const listRoute = createRoute({
  method: 'get',
  path: '/api/bulletins',
  tags,
  summary: 'Bulletins of your area (every status), newest change first',
  request: { query: BulletinListQuerySchema },
  responses: { 200: jsonResponse(BulletinListSchema, 'A page of bulletins'), ...readErrors },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/bulletins/{id}',
  tags,
  summary: 'One bulletin version with its figures (internal and as published), risk areas, history, versions and your next actions',
  request: { params: IdParam },
  responses: { 200: jsonResponse(BulletinSchema, 'The bulletin'), ...oneErrors },
});
const createRouteDef = createRoute({
  method: 'post',
  path: '/api/bulletins',
  tags,
  summary: 'Drafts a bulletin from its kind’s template; daily figures are taken from the data for the day as a snapshot',
  request: { body: jsonBody(BulletinCreateSchema) },
  responses: { 201: jsonResponse(BulletinSchema, 'The draft'), ...writeErrors },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/api/bulletins/{id}',
  tags,
  summary: 'Edits a draft (refused when someone saved it since you loaded it)',
  request: { params: IdParam, body: jsonBody(BulletinPatchSchema) },
  responses: { 200: jsonResponse(BulletinSchema, 'The draft'), ...writeErrors },
});
const refreshRoute = createRoute({
  method: 'post',
  path: '/api/bulletins/{id}/refresh-figures',
  tags,
  summary: 'Takes the daily figures of a draft again from the data',
  request: { params: IdParam },
  responses: { 200: jsonResponse(BulletinSchema, 'The draft'), ...writeErrors },
});
const checkRoute = createRoute({
  method: 'post',
  path: '/api/bulletins/check',
  tags,
  summary: 'Runs the publication guard on texts without saving: identity numbers, phones, names and addresses of cases and contacts',
  request: { body: jsonBody(BulletinCheckSchema) },
  responses: { 200: jsonResponse(CheckResultSchema, 'The offending spans (empty: clean)'), ...writeErrors },
});
const stepRoute = (path: string, summary: string) =>
  createRoute({
    method: 'post',
    path: `/api/bulletins/{id}/${path}`,
    tags,
    summary,
    request: { params: IdParam, body: jsonBody(BulletinActionSchema) },
    responses: { 200: jsonResponse(BulletinSchema, 'The bulletin'), ...writeErrors },
  });
const submitRoute = stepRoute('submit', 'Submits a draft for review (the guard runs: 409 personal_data_found with the spans)');
const returnRoute = stepRoute('return', 'Returns a bulletin under review to its authors (a comment is required)');
const approveRoute = stepRoute('approve', 'Approves a bulletin under review (four eyes: not by whoever wrote it)');
const publishRoute = createRoute({
  method: 'post',
  path: '/api/bulletins/{id}/publish',
  tags,
  summary: 'Publishes an approved bulletin now, or schedules it at `at`; the guard runs again',
  request: { params: IdParam, body: jsonBody(BulletinPublishSchema) },
  responses: { 200: jsonResponse(BulletinSchema, 'The bulletin'), ...writeErrors },
});
const withdrawRoute = createRoute({
  method: 'post',
  path: '/api/bulletins/{id}/withdraw',
  tags,
  summary: 'Withdraws a published bulletin (the public page says so, with the reason)',
  request: { params: IdParam, body: jsonBody(BulletinWithdrawSchema) },
  responses: { 200: jsonResponse(BulletinSchema, 'The bulletin'), ...writeErrors },
});
const correctRoute = createRoute({
  method: 'post',
  path: '/api/bulletins/{id}/correct',
  tags,
  summary: 'Starts a correction of a published bulletin: a new draft version with a visible correction note',
  request: { params: IdParam, body: jsonBody(BulletinCorrectSchema) },
  responses: { 201: jsonResponse(BulletinSchema, 'The new version (a draft)'), ...writeErrors },
});

const riskListRoute = createRoute({
  method: 'get',
  path: '/api/risk-areas',
  tags,
  summary: 'Risk areas of your area, published or not',
  responses: { 200: jsonResponse(RiskAreaListSchema, 'Risk areas'), ...readErrors },
});
const riskCreateRoute = createRoute({
  method: 'post',
  path: '/api/risk-areas',
  tags,
  summary: 'Adds a risk area (a township or community), optionally to a draft bulletin that publishes it',
  request: { body: jsonBody(RiskAreaCreateSchema) },
  responses: { 201: jsonResponse(RiskAreaSchema.extend({ published: z.boolean() }), 'The risk area'), ...writeErrors },
});
const riskPatchRoute = createRoute({
  method: 'patch',
  path: '/api/risk-areas/{id}',
  tags,
  summary: 'Changes a risk area while its bulletin is a draft',
  request: { params: IdParam, body: jsonBody(RiskAreaPatchSchema) },
  responses: { 200: jsonResponse(RiskAreaSchema.extend({ published: z.boolean() }), 'The risk area'), ...writeErrors },
});
const riskDeleteRoute = createRoute({
  method: 'delete',
  path: '/api/risk-areas/{id}',
  tags,
  summary: 'Removes a risk area while its bulletin is a draft',
  request: { params: IdParam },
  responses: { 204: { description: 'Removed' }, ...writeErrors },
});
const rumourListRoute = createRoute({
  method: 'get',
  path: '/api/rumours',
  tags,
  summary: 'The rumour register, newest first',
  request: { query: RumourListQuerySchema },
  responses: { 200: jsonResponse(RumourListSchema, 'A page of rumours'), ...readErrors },
});
const rumourCreateRoute = createRoute({
  method: 'post',
  path: '/api/rumours',
  tags,
  summary: 'Registers a rumour',
  request: { body: jsonBody(RumourCreateSchema) },
  responses: { 201: jsonResponse(RumourSchema, 'The rumour'), ...writeErrors },
});
const rumourPatchRoute = createRoute({
  method: 'patch',
  path: '/api/rumours/{id}',
  tags,
  summary: 'Updates a rumour: its verdict (you become its reviewer), rebuttal bulletin, reach …',
  request: { params: IdParam, body: jsonBody(RumourPatchSchema) },
  responses: { 200: jsonResponse(RumourSchema, 'The rumour'), ...writeErrors },
});
const submissionsRoute = createRoute({
  method: 'get',
  path: '/api/public-submissions',
  tags,
  summary: 'What the public sent through the portal: symptoms after an exposure (follow-up queue) and rumours',
  request: { query: SubmissionListQuerySchema },
  responses: { 200: jsonResponse(SubmissionListSchema, 'A page of submissions'), ...readErrors },
});
const submissionPatchRoute = createRoute({
  method: 'patch',
  path: '/api/public-submissions/{id}',
  tags,
  summary: 'Marks a submission handled or dismissed',
  request: { params: IdParam, body: jsonBody(SubmissionPatchSchema) },
  responses: { 200: jsonResponse(z.object({ ok: z.literal(true) }), 'Done'), ...writeErrors },
});

export function registerBulletinsRoutes(app: AppOpenAPI): void {
  registerBulletinImageRoutes(app);
  app.openapi(listRoute, async (c) =>
    c.json((await listBulletinsFor(database(c), requirePrincipal(c), c.req.valid('query'))) as never, 200),
  );
  app.openapi(checkRoute, async (c) => c.json((await checkTextsAs(database(c), requirePrincipal(c), c.req.valid('json'))) as never, 200));
  app.openapi(getRoute, async (c) =>
    c.json((await getBulletinFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'bulletin'))) as never, 200),
  );
  app.openapi(createRouteDef, async (c) =>
    c.json((await createBulletinAs(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c))) as never, 201),
  );
  app.openapi(patchRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'bulletin');
    return c.json((await updateBulletinAs(database(c), requirePrincipal(c), id, c.req.valid('json'), clientIp(c))) as never, 200);
  });
  app.openapi(refreshRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'bulletin');
    return c.json((await refreshFiguresAs(database(c), requirePrincipal(c), id, clientIp(c))) as never, 200);
  });
  const steps = [
    [submitRoute, submitBulletinAs],
    [returnRoute, returnBulletinAs],
    [approveRoute, approveBulletinAs],
  ] as const;
  for (const [route, fn] of steps) {
    app.openapi(route, async (c) => {
      const id = idOf(c.req.valid('param').id, 'bulletin');
      return c.json((await fn(database(c), requirePrincipal(c), id, c.req.valid('json').comment, clientIp(c))) as never, 200);
    });
  }
  app.openapi(publishRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'bulletin');
    return c.json((await publishBulletinAs(database(c), requirePrincipal(c), id, c.req.valid('json').at, clientIp(c))) as never, 200);
  });
  app.openapi(withdrawRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'bulletin');
    return c.json((await withdrawBulletinAs(database(c), requirePrincipal(c), id, c.req.valid('json').reason, clientIp(c))) as never, 200);
  });
  app.openapi(correctRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'bulletin');
    return c.json((await correctBulletinAs(database(c), requirePrincipal(c), id, c.req.valid('json'), clientIp(c))) as never, 201);
  });

  app.openapi(riskListRoute, async (c) => c.json((await listRiskAreasFor(database(c), requirePrincipal(c))) as never, 200));
  app.openapi(riskCreateRoute, async (c) =>
    c.json((await createRiskAreaAs(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c))) as never, 201),
  );
  app.openapi(riskPatchRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'risk_area');
    return c.json((await updateRiskAreaAs(database(c), requirePrincipal(c), id, c.req.valid('json'), clientIp(c))) as never, 200);
  });
  app.openapi(riskDeleteRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'risk_area');
    await deleteRiskAreaAs(database(c), requirePrincipal(c), id, clientIp(c));
    return c.body(null, 204) as never;
  });
  app.openapi(rumourListRoute, async (c) =>
    c.json((await listRumoursFor(database(c), requirePrincipal(c), c.req.valid('query'))) as never, 200),
  );
  app.openapi(rumourCreateRoute, async (c) =>
    c.json((await createRumourAs(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c))) as never, 201),
  );
  app.openapi(rumourPatchRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'rumour');
    return c.json((await updateRumourAs(database(c), requirePrincipal(c), id, c.req.valid('json'), clientIp(c))) as never, 200);
  });
  app.openapi(submissionsRoute, async (c) =>
    c.json((await listSubmissionsFor(database(c), requirePrincipal(c), c.req.valid('query'))) as never, 200),
  );
  app.openapi(submissionPatchRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'submission');
    return c.json((await handleSubmissionAs(database(c), requirePrincipal(c), id, c.req.valid('json').status, clientIp(c))) as never, 200);
  });
}

/**
 * HTTP adapter of public education (docs/capability.md), and its public route on the portal's API
 * (`GET /api/public/education`, anonymous, cacheable like the rest of /api/public/).
 */
import { createRoute } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import {
  CampaignCreateSchema,
  CampaignDetailSchema,
  CampaignListSchema,
  CampaignStatusSchema,
  EventCreateSchema,
  MaterialCreateSchema,
  MaterialListQuery,
  MaterialListSchema,
  MaterialPatchSchema,
  MaterialSchema,
  PublicMaterialListSchema,
  PublicMaterialQuery,
} from './education.schema.ts';
import {
  createCampaignAs,
  createMaterialAs,
  getCampaignFor,
  getMaterialFor,
  listCampaignsFor,
  listMaterialsFor,
  publicMaterials,
  publishMaterialAs,
  recordEventAs,
  setCampaignStatusAs,
  updateMaterialAs,
  withdrawMaterialAs,
} from './education.service.ts';

const tags = ['education'];
const deps = (c: AppContext) => ({ database: c.get('deps').database });
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const idOf = (id: string, entity: string) => {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
};
/** Seconds a browser or proxy may keep the public list (as the portal's other answers). */
const PUBLIC_MAX_AGE = 30;

const r = {
  materials: createRoute({
    method: 'get',
    path: '/api/education/materials',
    tags,
    summary: 'Education materials of your area by audience, language, topic and status',
    request: { query: MaterialListQuery },
    responses: { 200: jsonResponse(MaterialListSchema, 'A page of materials'), ...readErrors },
  }),
  createMaterial: createRoute({
    method: 'post',
    path: '/api/education/materials',
    tags,
    summary: 'Write a material (a draft; education.manage)',
    request: { body: jsonBody(MaterialCreateSchema) },
    responses: { 201: jsonResponse(MaterialSchema, 'Created'), ...writeErrors },
  }),
  material: createRoute({
    method: 'get',
    path: '/api/education/materials/{id}',
    tags,
    summary: 'One material',
    request: { params: IdParam },
    responses: { 200: jsonResponse(MaterialSchema, 'The material'), ...oneErrors },
  }),
  patchMaterial: createRoute({
    method: 'patch',
    path: '/api/education/materials/{id}',
    tags,
    summary: 'Edit a material (it becomes a draft again: off the portal until someone else publishes it)',
    request: { params: IdParam, body: jsonBody(MaterialPatchSchema) },
    responses: { 200: jsonResponse(MaterialSchema, 'Saved'), ...writeErrors },
  }),
  publish: createRoute({
    method: 'post',
    path: '/api/education/materials/{id}/publish',
    tags,
    summary: 'Publish a draft on the public portal (education.manage; never its author: 409 author_cannot_publish)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(MaterialSchema, 'Published'), ...writeErrors },
  }),
  withdraw: createRoute({
    method: 'post',
    path: '/api/education/materials/{id}/withdraw',
    tags,
    summary: 'Withdraw a material (off the portal for good)',
    request: { params: IdParam },
    responses: { 200: jsonResponse(MaterialSchema, 'Withdrawn'), ...writeErrors },
  }),
  campaigns: createRoute({
    method: 'get',
    path: '/api/education/campaigns',
    tags,
    summary: 'Campaigns of your area with their events’ reach',
    responses: { 200: jsonResponse(CampaignListSchema, 'The campaigns'), ...readErrors },
  }),
  createCampaign: createRoute({
    method: 'post',
    path: '/api/education/campaigns',
    tags,
    summary: 'Start a campaign (education.manage)',
    request: { body: jsonBody(CampaignCreateSchema) },
    responses: { 201: jsonResponse(CampaignDetailSchema, 'Created'), ...writeErrors },
  }),
  campaign: createRoute({
    method: 'get',
    path: '/api/education/campaigns/{id}',
    tags,
    summary: 'One campaign with its events and reach by audience and place',
    request: { params: IdParam },
    responses: { 200: jsonResponse(CampaignDetailSchema, 'The campaign'), ...oneErrors },
  }),
  campaignStatus: createRoute({
    method: 'post',
    path: '/api/education/campaigns/{id}/status',
    tags,
    summary: 'Mark a campaign planned, active or closed (closed is final)',
    request: { params: IdParam, body: jsonBody(CampaignStatusSchema) },
    responses: { 200: jsonResponse(CampaignDetailSchema, 'Changed'), ...writeErrors },
  }),
  event: createRoute({
    method: 'post',
    path: '/api/education/campaigns/{id}/events',
    tags,
    summary: 'Record an event of a campaign and its reach (education.manage)',
    request: { params: IdParam, body: jsonBody(EventCreateSchema) },
    responses: { 201: jsonResponse(CampaignDetailSchema, 'Recorded'), ...writeErrors },
  }),
  public: createRoute({
    method: 'get',
    path: '/api/public/education',
    tags: ['public'],
    summary: 'Published education materials by audience and language — anonymous',
    request: { query: PublicMaterialQuery },
    responses: { 200: jsonResponse(PublicMaterialListSchema, 'The materials'), ...errorResponses(400) },
  }),
};

export function registerEducationRoutes(app: AppOpenAPI): void {
  app.openapi(r.materials, async (c) => c.json(await listMaterialsFor(deps(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(r.createMaterial, async (c) =>
    c.json(await createMaterialAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(r.material, async (c) =>
    c.json(await getMaterialFor(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'material')), 200),
  );
  app.openapi(r.patchMaterial, async (c) =>
    c.json(
      await updateMaterialAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'material'), c.req.valid('json'), clientIp(c)),
      200,
    ),
  );
  app.openapi(r.publish, async (c) =>
    c.json(await publishMaterialAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'material'), clientIp(c)), 200),
  );
  app.openapi(r.withdraw, async (c) =>
    c.json(await withdrawMaterialAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'material'), clientIp(c)), 200),
  );
  app.openapi(r.campaigns, async (c) => c.json(await listCampaignsFor(deps(c), requirePrincipal(c)), 200));
  app.openapi(r.createCampaign, async (c) =>
    c.json(await createCampaignAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(r.campaign, async (c) =>
    c.json(await getCampaignFor(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'campaign')), 200),
  );
  app.openapi(r.campaignStatus, async (c) =>
    c.json(
      await setCampaignStatusAs(
        deps(c),
        requirePrincipal(c),
        idOf(c.req.valid('param').id, 'campaign'),
        c.req.valid('json').status,
        clientIp(c),
      ),
      200,
    ),
  );
  app.openapi(r.event, async (c) =>
    c.json(
      await recordEventAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'campaign'), c.req.valid('json'), clientIp(c)),
      201,
    ),
  );
  app.openapi(r.public, async (c) => {
    c.header('Cache-Control', `public, max-age=${PUBLIC_MAX_AGE}`);
    c.header('Access-Control-Allow-Origin', '*');
    return c.json(await publicMaterials(c.get('deps').database.db, c.req.valid('query')), 200);
  });
}

/**
 * HTTP adapter of the disease catalogue (docs/cases.md, "The disease catalogue"): readable by holders of
 * cases.read, signals.read, alerts.read, incidents.read or diseases.manage, edited with diseases.manage.
 */
import { createRoute } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { DiseaseCreateSchema, DiseaseListQuerySchema, DiseaseListSchema, DiseasePatchSchema, DiseaseSchema } from './catalogue.schema.ts';
import { createDiseaseAs, getDiseaseFor, listDiseasesFor, updateDiseaseAs } from './diseases.service.ts';

const database = (c: AppContext) => c.get('deps').database;

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

// ── diseases ────────────────────────────────────────────────────────────────────────────────────

const listDiseasesRoute = createRoute({
  method: 'get',
  path: '/api/diseases',
  tags: ['diseases'],
  summary: 'The notifiable-disease catalogue (active diseases unless includeInactive)',
  request: { query: DiseaseListQuerySchema },
  responses: { 200: jsonResponse(DiseaseListSchema, 'Diseases in catalogue order'), ...readErrors },
});
const getDiseaseRoute = createRoute({
  method: 'get',
  path: '/api/diseases/{id}',
  tags: ['diseases'],
  summary: 'One disease of the catalogue',
  request: { params: IdParam },
  responses: { 200: jsonResponse(DiseaseSchema, 'The disease'), ...oneErrors },
});
const createDiseaseRoute = createRoute({
  method: 'post',
  path: '/api/diseases',
  tags: ['diseases'],
  summary: 'Add a disease to the catalogue (diseases.manage; audited)',
  request: { body: jsonBody(DiseaseCreateSchema) },
  responses: { 201: jsonResponse(DiseaseSchema, 'Created'), ...writeErrors },
});
const patchDiseaseRoute = createRoute({
  method: 'patch',
  path: '/api/diseases/{id}',
  tags: ['diseases'],
  summary: 'Change a disease: names, class, deadlines, default detection method, active (diseases.manage; audited)',
  request: { params: IdParam, body: jsonBody(DiseasePatchSchema) },
  responses: { 200: jsonResponse(DiseaseSchema, 'Changed'), ...writeErrors },
});

/**
 * Mounts the routes of the disease catalogue.
 * @example registerCatalogueRoutes(app); // in createApp
 */
export function registerCatalogueRoutes(app: AppOpenAPI): void {
  app.openapi(listDiseasesRoute, async (c) => c.json(await listDiseasesFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(getDiseaseRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getDiseaseFor(database(c), principal, idOf(c.req.valid('param').id, 'disease')), 200);
  });
  app.openapi(createDiseaseRoute, async (c) =>
    c.json(await createDiseaseAs(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchDiseaseRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'disease');
    return c.json(await updateDiseaseAs(database(c), principal, id, c.req.valid('json'), clientIp(c)), 200);
  });
}

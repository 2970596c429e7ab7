/**
 * HTTP adapter of the registry (docs/api-contract.md, "Registry"): validate, call the service, present.
 * Reads need `registry.read`, writes `registry.manage`, always within the caller's jurisdiction subtree;
 * a record outside it answers 404 exactly as a record that does not exist.
 */
import { createRoute } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { notFound } from '../../platform/errors.ts';
import {
  AdjacencyListSchema,
  AdjacentDistrictListSchema,
  AgencyCreateSchema,
  AgencyListQuerySchema,
  AgencyListSchema,
  AgencyPatchSchema,
  AgencySchema,
  DashboardSummarySchema,
  FacilityCreateSchema,
  FacilityListQuerySchema,
  FacilityListSchema,
  FacilityPatchSchema,
  FacilitySchema,
  FeatureCollectionSchema,
  GeoJsonQuerySchema,
  JurisdictionCreateSchema,
  JurisdictionFlowListSchema,
  JurisdictionListQuerySchema,
  JurisdictionListSchema,
  JurisdictionPatchSchema,
  JurisdictionSchema,
  MapFeatureCollectionSchema,
  MapFeatureQuerySchema,
  RosterListSchema,
  RosterPutSchema,
  RosterQuerySchema,
} from './registry.schema.ts';
import {
  createAgency,
  createFacility,
  createJurisdiction,
  getAgency,
  getDashboardSummary,
  getFacility,
  getJurisdiction,
  getRoster,
  jurisdictionGeoJson,
  listAdjacencyFor,
  listAdjacentDistrictsFor,
  listAgenciesFor,
  listFacilitiesFor,
  listJurisdictionFlowsFor,
  listJurisdictionsFor,
  mapFeaturesGeoJson,
  replaceRosterAs,
  updateAgencyAs,
  updateFacilityAs,
  updateJurisdictionAs,
} from './registry.service.ts';

const tags = ['registry'];
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

/** The `:id` of a path; an id that is not a uuid cannot exist, so it is answered 404 like any unknown id. */
function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const database = (c: AppContext) => c.get('deps').database;

// ── route declarations ──────────────────────────────────────────────────────────────────────────

const listJurisdictionsRoute = createRoute({
  method: 'get',
  path: '/api/jurisdictions',
  tags,
  summary: 'Jurisdictions in your subtree (flat; build the tree from parentId)',
  request: { query: JurisdictionListQuerySchema },
  responses: { 200: jsonResponse(JurisdictionListSchema, 'Jurisdictions'), ...readErrors },
});
const geoJsonRoute = createRoute({
  method: 'get',
  path: '/api/jurisdictions/geojson',
  tags,
  summary: 'Jurisdictions in your subtree as GeoJSON, for the map',
  request: { query: GeoJsonQuerySchema },
  responses: {
    200: { description: 'A FeatureCollection', content: { 'application/geo+json': { schema: FeatureCollectionSchema } } },
    ...readErrors,
  },
});
const adjacencyRoute = createRoute({
  method: 'get',
  path: '/api/jurisdictions/adjacency',
  tags,
  summary: 'Pairs of jurisdictions in your subtree sharing a border, with its length',
  responses: { 200: jsonResponse(AdjacencyListSchema, 'Adjacent pairs, each once'), ...errorResponses(401, 403) },
});
const flowsRoute = createRoute({
  method: 'get',
  path: '/api/jurisdictions/flows',
  tags,
  summary: 'Daily flows between jurisdictions in your subtree (commuting matrix of the metapopulation model)',
  responses: { 200: jsonResponse(JurisdictionFlowListSchema, 'Directed flows'), ...errorResponses(401, 403) },
});
const mapFeaturesRoute = createRoute({
  method: 'get',
  path: '/api/map/features',
  tags,
  summary: 'Map features other than jurisdictions (river, port) in your subtree, as GeoJSON',
  request: { query: MapFeatureQuerySchema },
  responses: {
    200: { description: 'A FeatureCollection', content: { 'application/geo+json': { schema: MapFeatureCollectionSchema } } },
    ...readErrors,
  },
});
const getJurisdictionRoute = createRoute({
  method: 'get',
  path: '/api/jurisdictions/{id}',
  tags,
  summary: 'One jurisdiction',
  request: { params: IdParam },
  responses: { 200: jsonResponse(JurisdictionSchema, 'The jurisdiction'), ...oneErrors },
});
const createJurisdictionRoute = createRoute({
  method: 'post',
  path: '/api/jurisdictions',
  tags,
  summary: 'Create a jurisdiction under one in your subtree',
  request: { body: jsonBody(JurisdictionCreateSchema) },
  responses: { 201: jsonResponse(JurisdictionSchema, 'Created'), ...writeErrors },
});
const patchJurisdictionRoute = createRoute({
  method: 'patch',
  path: '/api/jurisdictions/{id}',
  tags,
  summary: "Change a jurisdiction's code, names, population, centroid or outline",
  request: { params: IdParam, body: jsonBody(JurisdictionPatchSchema) },
  responses: { 200: jsonResponse(JurisdictionSchema, 'Changed'), ...writeErrors },
});
const adjacentRoute = createRoute({
  method: 'get',
  path: '/api/adjacent-districts',
  tags,
  summary: 'Neighbouring districts with daily flows by road, rail and river',
  responses: { 200: jsonResponse(AdjacentDistrictListSchema, 'Neighbours'), ...errorResponses(401, 403) },
});
const listAgenciesRoute = createRoute({
  method: 'get',
  path: '/api/agencies',
  tags,
  summary: 'Agencies of the joint prevention and control mechanism in your subtree',
  request: { query: AgencyListQuerySchema },
  responses: { 200: jsonResponse(AgencyListSchema, 'A page of agencies'), ...readErrors },
});
const getAgencyRoute = createRoute({
  method: 'get',
  path: '/api/agencies/{id}',
  tags,
  summary: 'One agency',
  request: { params: IdParam },
  responses: { 200: jsonResponse(AgencySchema, 'The agency'), ...oneErrors },
});
const createAgencyRoute = createRoute({
  method: 'post',
  path: '/api/agencies',
  tags,
  summary: 'Create an agency',
  request: { body: jsonBody(AgencyCreateSchema) },
  responses: { 201: jsonResponse(AgencySchema, 'Created'), ...writeErrors },
});
const patchAgencyRoute = createRoute({
  method: 'patch',
  path: '/api/agencies/{id}',
  tags,
  summary: 'Change an agency',
  request: { params: IdParam, body: jsonBody(AgencyPatchSchema) },
  responses: { 200: jsonResponse(AgencySchema, 'Changed'), ...writeErrors },
});
const getRosterRoute = createRoute({
  method: 'get',
  path: '/api/agencies/{id}/roster',
  tags,
  summary: "An agency's duty roster between two dates (default: two weeks from today)",
  request: { params: IdParam, query: RosterQuerySchema },
  responses: { 200: jsonResponse(RosterListSchema, 'Roster entries by date and shift'), ...errorResponses(400, 401, 403, 404) },
});
const putRosterRoute = createRoute({
  method: 'put',
  path: '/api/agencies/{id}/roster',
  tags,
  summary: "Replace an agency's duty roster between two dates, in one transaction",
  request: { params: IdParam, body: jsonBody(RosterPutSchema) },
  responses: { 200: jsonResponse(RosterListSchema, 'The roster of the range as stored'), ...writeErrors },
});
const listFacilitiesRoute = createRoute({
  method: 'get',
  path: '/api/facilities',
  tags,
  summary: 'Facilities in your subtree, by type, jurisdiction subtree or text',
  request: { query: FacilityListQuerySchema },
  responses: { 200: jsonResponse(FacilityListSchema, 'A page of facilities'), ...readErrors },
});
const getFacilityRoute = createRoute({
  method: 'get',
  path: '/api/facilities/{id}',
  tags,
  summary: 'One facility',
  request: { params: IdParam },
  responses: { 200: jsonResponse(FacilitySchema, 'The facility'), ...oneErrors },
});
const createFacilityRoute = createRoute({
  method: 'post',
  path: '/api/facilities',
  tags,
  summary: 'Create a facility',
  request: { body: jsonBody(FacilityCreateSchema) },
  responses: { 201: jsonResponse(FacilitySchema, 'Created'), ...writeErrors },
});
const patchFacilityRoute = createRoute({
  method: 'patch',
  path: '/api/facilities/{id}',
  tags,
  summary: "Change a facility's capacities, place or names",
  request: { params: IdParam, body: jsonBody(FacilityPatchSchema) },
  responses: { 200: jsonResponse(FacilitySchema, 'Changed'), ...writeErrors },
});
const dashboardRoute = createRoute({
  method: 'get',
  path: '/api/dashboard/summary',
  tags,
  summary: 'Population, places, agencies and capacities within your subtree',
  responses: { 200: jsonResponse(DashboardSummarySchema, 'Figures'), ...errorResponses(401, 403) },
});

/**
 * Mounts the registry routes on the application.
 * @example registerRegistryRoutes(app); // in createApp
 */
export function registerRegistryRoutes(app: AppOpenAPI): void {
  app.openapi(listJurisdictionsRoute, async (c) =>
    c.json(await listJurisdictionsFor(database(c), requirePrincipal(c), c.req.valid('query')), 200),
  );
  // Declared before /{id}: otherwise 'geojson', 'adjacency' and 'flows' would be taken for ids.
  app.openapi(geoJsonRoute, async (c) => {
    const collection = await jurisdictionGeoJson(database(c), requirePrincipal(c), c.req.valid('query'));
    c.header('Content-Type', 'application/geo+json; charset=UTF-8');
    return c.body(JSON.stringify(collection), 200) as never;
  });
  app.openapi(adjacencyRoute, async (c) => c.json(await listAdjacencyFor(database(c), requirePrincipal(c)), 200));
  app.openapi(flowsRoute, async (c) => c.json(await listJurisdictionFlowsFor(database(c), requirePrincipal(c)), 200));
  app.openapi(getJurisdictionRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getJurisdiction(database(c), principal, idOf(c.req.valid('param').id, 'jurisdiction')), 200);
  });
  app.openapi(createJurisdictionRoute, async (c) =>
    c.json(await createJurisdiction(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchJurisdictionRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'jurisdiction');
    return c.json(await updateJurisdictionAs(database(c), principal, id, c.req.valid('json'), clientIp(c)), 200);
  });

  app.openapi(mapFeaturesRoute, async (c) => {
    const collection = await mapFeaturesGeoJson(database(c), requirePrincipal(c), c.req.valid('query'));
    c.header('Content-Type', 'application/geo+json; charset=UTF-8');
    return c.body(JSON.stringify(collection), 200) as never;
  });

  app.openapi(adjacentRoute, async (c) => c.json(await listAdjacentDistrictsFor(database(c), requirePrincipal(c)), 200));

  app.openapi(listAgenciesRoute, async (c) => c.json(await listAgenciesFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(getAgencyRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getAgency(database(c), principal, idOf(c.req.valid('param').id, 'agency')), 200);
  });
  app.openapi(createAgencyRoute, async (c) =>
    c.json(await createAgency(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchAgencyRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'agency');
    return c.json(await updateAgencyAs(database(c), principal, id, c.req.valid('json'), clientIp(c)), 200);
  });
  app.openapi(getRosterRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'agency');
    return c.json(await getRoster(database(c), principal, id, c.req.valid('query')), 200);
  });
  app.openapi(putRosterRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'agency');
    return c.json(await replaceRosterAs(database(c), principal, id, c.req.valid('json'), clientIp(c)), 200);
  });

  app.openapi(listFacilitiesRoute, async (c) =>
    c.json(await listFacilitiesFor(database(c), requirePrincipal(c), c.req.valid('query')), 200),
  );
  app.openapi(getFacilityRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getFacility(database(c), principal, idOf(c.req.valid('param').id, 'facility')), 200);
  });
  app.openapi(createFacilityRoute, async (c) =>
    c.json(await createFacility(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchFacilityRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'facility');
    return c.json(await updateFacilityAs(database(c), principal, id, c.req.valid('json'), clientIp(c)), 200);
  });

  app.openapi(dashboardRoute, async (c) => c.json(await getDashboardSummary(database(c), requirePrincipal(c)), 200));
}

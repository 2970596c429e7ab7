/**
 * HTTP adapter of voyages, trips, manifests and exposure cohorts (docs/travel.md): validate, call the service,
 * present. Reads need travel.read, writes travel.manage, over the trip's jurisdiction (404 outside it).
 */
import { createRoute } from '@hono/zod-openapi';
import { AppError, notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { identityProtector } from '../cases/index.ts';
import { importManifestAs } from './travel.manifest.ts';
import {
  CohortConfirmSchema,
  CohortDecisionResultSchema,
  CohortDismissSchema,
  CohortPageSchema,
  CohortQuerySchema,
  ExposureCreateSchema,
  ExposureListSchema,
  ExposureSchema,
  ManifestIdentitySchema,
  ManifestImportResultSchema,
  ManifestPageSchema,
  ManifestPreviewSchema,
  ManifestQuerySchema,
  ManifestUploadForm,
  RouteCreateSchema,
  RouteListSchema,
  RouteSchema,
  TripCreateSchema,
  TripListQuerySchema,
  TripListSchema,
  TripPatchSchema,
  TripSchema,
  VesselCreateSchema,
  VesselListSchema,
  VesselSchema,
} from './travel.schema.ts';
import {
  cohortFor,
  confirmCohortAs,
  createRouteAs,
  createTripAs,
  createVesselAs,
  dismissCohortAs,
  getExposureFor,
  getTripFor,
  linkCaseAs,
  listExposuresFor,
  listManifestFor,
  listRoutesFor,
  listTripsFor,
  listVesselsFor,
  revealEntryIdentity,
  updateTripAs,
} from './travel.service.ts';

const deps = (c: AppContext) => ({ database: c.get('deps').database, protector: identityProtector(c.get('deps').config) });
function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const tags = ['travel'];
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

const vesselsRoute = createRoute({
  method: 'get',
  path: '/api/travel/vessels',
  tags,
  summary: 'Vessels on record',
  responses: { 200: jsonResponse(VesselListSchema, 'Vessels'), ...readErrors },
});
const vesselCreateRoute = createRoute({
  method: 'post',
  path: '/api/travel/vessels',
  tags,
  summary: 'Record a vessel (audited)',
  request: { body: jsonBody(VesselCreateSchema) },
  responses: { 201: jsonResponse(VesselSchema, 'Recorded'), ...writeErrors },
});
const routesRoute = createRoute({
  method: 'get',
  path: '/api/travel/routes',
  tags,
  summary: 'Routes (passenger lines, bus and train lines) with their stops',
  responses: { 200: jsonResponse(RouteListSchema, 'Routes'), ...readErrors },
});
const routeCreateRoute = createRoute({
  method: 'post',
  path: '/api/travel/routes',
  tags,
  summary: 'Record a route with its stops in order (audited)',
  request: { body: jsonBody(RouteCreateSchema) },
  responses: { 201: jsonResponse(RouteSchema, 'Recorded'), ...writeErrors },
});
const tripsRoute = createRoute({
  method: 'get',
  path: '/api/travel/trips',
  tags,
  summary: 'Trips (voyages, bus and train runs, flights, port shifts) in your jurisdiction, newest departure first',
  request: { query: TripListQuerySchema },
  responses: { 200: jsonResponse(TripListSchema, 'A page of trips'), ...readErrors },
});
const tripCreateRoute = createRoute({
  method: 'post',
  path: '/api/travel/trips',
  tags,
  summary: 'Record a trip: a voyage (vessel, calls, terminal, berth), a bus or train run, a flight, or a port shift (audited)',
  request: { body: jsonBody(TripCreateSchema) },
  responses: { 201: jsonResponse(TripSchema, 'Recorded'), ...writeErrors },
});
const tripRoute = createRoute({
  method: 'get',
  path: '/api/travel/trips/{id}',
  tags,
  summary: 'One trip',
  request: { params: IdParam },
  responses: { 200: jsonResponse(TripSchema, 'The trip'), ...oneErrors },
});
const tripPatchRoute = createRoute({
  method: 'patch',
  path: '/api/travel/trips/{id}',
  tags,
  summary: "Change a trip; its cases' cohorts are rebuilt (audited)",
  request: { params: IdParam, body: jsonBody(TripPatchSchema) },
  responses: { 200: jsonResponse(TripSchema, 'Changed'), ...writeErrors },
});
const manifestRoute = createRoute({
  method: 'get',
  path: '/api/travel/trips/{id}/manifest',
  tags,
  summary: "The trip's manifest (identity numbers masked)",
  request: { params: IdParam, query: ManifestQuerySchema },
  responses: { 200: jsonResponse(ManifestPageSchema, 'A page of the manifest'), ...oneErrors },
});
const manifestFilesRoute = createRoute({
  method: 'post',
  path: '/api/travel/trips/{id}/manifest/files',
  tags,
  summary:
    "Import the manifest from a CSV or XLSX file, all or nothing (preview=true: header, first rows, suggested columns); rebuilds the trip's cohorts",
  request: { params: IdParam, body: { required: true, content: { 'multipart/form-data': { schema: ManifestUploadForm } } } },
  responses: {
    200: jsonResponse(ManifestPreviewSchema, 'The preview (nothing written)'),
    201: jsonResponse(ManifestImportResultSchema, 'Imported'),
    ...writeErrors,
  },
});
const entryIdentityRoute = createRoute({
  method: 'get',
  path: '/api/travel/manifest-entries/{id}/identity',
  tags,
  summary: "A manifest person's full identity number (cases.identity; every view is audited)",
  request: { params: IdParam },
  responses: { 200: jsonResponse(ManifestIdentitySchema, 'The number'), ...oneErrors },
});
const exposuresRoute = createRoute({
  method: 'get',
  path: '/api/travel/trips/{id}/exposures',
  tags,
  summary: 'The cases on this trip, with their cohort counts',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ExposureListSchema, 'Cases on the trip'), ...oneErrors },
});
const linkRoute = createRoute({
  method: 'post',
  path: '/api/travel/trips/{id}/exposures',
  tags,
  summary: 'Record that a case was on this trip (where, from which stop to which) and build its exposure cohort (audited)',
  request: { params: IdParam, body: jsonBody(ExposureCreateSchema) },
  responses: { 201: jsonResponse(ExposureSchema, 'Linked; the cohort is built'), ...writeErrors },
});
const caseExposuresRoute = createRoute({
  method: 'get',
  path: '/api/cases/{id}/travel-exposures',
  tags,
  summary: 'The trips a case was on, with their cohort counts',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ExposureListSchema, 'Trips of the case'), ...oneErrors },
});
const exposureRoute = createRoute({
  method: 'get',
  path: '/api/travel/exposures/{id}',
  tags,
  summary: 'A case on a trip, with its cohort counts',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ExposureSchema, 'The exposure'), ...oneErrors },
});
const cohortRoute = createRoute({
  method: 'get',
  path: '/api/travel/exposures/{id}/cohort',
  tags,
  summary: 'The exposure cohort ranked by proximity (same cabin > same deck > same vessel …), with suggested risk',
  request: { params: IdParam, query: CohortQuerySchema },
  responses: { 200: jsonResponse(CohortPageSchema, 'A page of the cohort'), ...oneErrors },
});
const confirmRoute = createRoute({
  method: 'post',
  path: '/api/travel/exposures/{id}/cohort/confirm',
  tags,
  summary: 'Confirm cohort members as contacts of the case, in one transaction (contacts.write over their residence)',
  request: { params: IdParam, body: jsonBody(CohortConfirmSchema) },
  responses: { 200: jsonResponse(CohortDecisionResultSchema, 'Registered as contacts'), ...writeErrors },
});
const dismissRoute = createRoute({
  method: 'post',
  path: '/api/travel/exposures/{id}/cohort/dismiss',
  tags,
  summary: 'Mark suggested cohort members as not contacts',
  request: { params: IdParam, body: jsonBody(CohortDismissSchema) },
  responses: { 200: jsonResponse(CohortDecisionResultSchema, 'Dismissed'), ...writeErrors },
});

export function registerTravelRoutes(app: AppOpenAPI): void {
  app.openapi(vesselsRoute, async (c) => c.json(await listVesselsFor(c.get('deps').database, requirePrincipal(c)), 200));
  app.openapi(vesselCreateRoute, async (c) =>
    c.json(await createVesselAs(c.get('deps').database, requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(routesRoute, async (c) => c.json(await listRoutesFor(c.get('deps').database, requirePrincipal(c)), 200));
  app.openapi(routeCreateRoute, async (c) =>
    c.json(await createRouteAs(c.get('deps').database, requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(tripsRoute, async (c) => c.json(await listTripsFor(c.get('deps').database, requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(tripCreateRoute, async (c) =>
    c.json(await createTripAs(c.get('deps').database, requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(tripRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getTripFor(c.get('deps').database, principal, idOf(c.req.valid('param').id, 'trip')), 200);
  });
  app.openapi(tripPatchRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await updateTripAs(deps(c), principal, idOf(c.req.valid('param').id, 'trip'), c.req.valid('json'), clientIp(c)), 200);
  });
  app.openapi(manifestRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await listManifestFor(c.get('deps').database, principal, idOf(c.req.valid('param').id, 'trip'), c.req.valid('query')),
      200,
    );
  });
  app.openapi(manifestFilesRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'trip');
    const form = c.req.valid('form');
    const file = form.file as unknown;
    if (!(file instanceof File)) {
      throw new AppError('validation_failed', 'No file was sent', [
        { path: 'file', code: 'no_file', message: 'attach the file (multipart field "file")' },
      ]);
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const result = await importManifestAs(
      deps(c),
      principal,
      id,
      { filename: file.name, bytes, mapping: form.mapping, preview: form.preview === 'true' },
      clientIp(c),
    );
    if (result.kind === 'preview') {
      const { kind: _k, ...preview } = result;
      return c.json(preview, 200);
    }
    const { kind: _k, ...imported } = result;
    return c.json(imported, 201);
  });
  app.openapi(entryIdentityRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await revealEntryIdentity(deps(c), principal, idOf(c.req.valid('param').id, 'manifest entry'), clientIp(c)), 200);
  });
  app.openapi(exposuresRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await listExposuresFor(c.get('deps').database, principal, { tripId: idOf(c.req.valid('param').id, 'trip') }), 200);
  });
  app.openapi(linkRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await linkCaseAs(deps(c), principal, idOf(c.req.valid('param').id, 'trip'), c.req.valid('json'), clientIp(c)), 201);
  });
  app.openapi(caseExposuresRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await listExposuresFor(c.get('deps').database, principal, { caseId: idOf(c.req.valid('param').id, 'case') }), 200);
  });
  app.openapi(exposureRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getExposureFor(c.get('deps').database, principal, idOf(c.req.valid('param').id, 'exposure')), 200);
  });
  app.openapi(cohortRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await cohortFor(c.get('deps').database, principal, idOf(c.req.valid('param').id, 'exposure'), c.req.valid('query')), 200);
  });
  app.openapi(confirmRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await confirmCohortAs(deps(c), principal, idOf(c.req.valid('param').id, 'exposure'), c.req.valid('json'), clientIp(c)),
      200,
    );
  });
  app.openapi(dismissRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await dismissCohortAs(deps(c), principal, idOf(c.req.valid('param').id, 'exposure'), c.req.valid('json').memberIds, clientIp(c)),
      200,
    );
  });
}

/**
 * HTTP adapter of bed occupancy (docs/occupancy.md): the area's picture, a facility's recent reports, and the
 * daily report of a facility (PUT: one per facility and day, a second replaces the first).
 */
import { createRoute } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import {
  FacilityOccupancyQuery,
  FacilityOccupancySchema,
  OccupancyOverviewQuery,
  OccupancyOverviewSchema,
  OccupancyReportSchema,
  OccupancyReportViewSchema,
} from './occupancy.schema.ts';
import { facilityOccupancyFor, occupancyOverviewFor, reportOccupancyAs } from './occupancy.service.ts';

const tags = ['occupancy'];
const database = (c: AppContext) => c.get('deps').database;

const overviewRoute = createRoute({
  method: 'get',
  path: '/api/occupancy',
  tags,
  summary: "Bed occupancy of your area's care facilities on a day: latest report of each, totals, rates, who has not reported",
  request: { query: OccupancyOverviewQuery },
  responses: { 200: jsonResponse(OccupancyOverviewSchema, 'The picture'), ...errorResponses(400, 401, 403) },
});
const facilityRoute = createRoute({
  method: 'get',
  path: '/api/occupancy/facilities/{id}',
  tags,
  summary: "A facility's daily occupancy reports over the last days, newest first",
  request: { params: IdParam, query: FacilityOccupancyQuery },
  responses: { 200: jsonResponse(FacilityOccupancySchema, 'The reports'), ...errorResponses(400, 401, 403, 404) },
});
const reportRoute = createRoute({
  method: 'put',
  path: '/api/occupancy',
  tags,
  summary:
    "Report a facility's occupied beds, ICU beds and isolation rooms for a day (occupancy.report; replaces that day's report; audited)",
  request: { body: jsonBody(OccupancyReportSchema) },
  responses: { 200: jsonResponse(OccupancyReportViewSchema, 'Saved'), ...errorResponses(400, 401, 403, 404, 409, 415) },
});

/**
 * Mounts the occupancy routes.
 * @example registerOccupancyRoutes(app); // in createApp
 */
export function registerOccupancyRoutes(app: AppOpenAPI): void {
  app.openapi(overviewRoute, async (c) => c.json(await occupancyOverviewFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(facilityRoute, async (c) => {
    const id = c.req.valid('param').id;
    if (!UUID_PATTERN.test(id)) throw notFound('facility');
    return c.json(await facilityOccupancyFor(database(c), requirePrincipal(c), id.toLowerCase(), c.req.valid('query')), 200);
  });
  app.openapi(reportRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json(
      await reportOccupancyAs(database(c), requirePrincipal(c), { ...body, facilityId: body.facilityId.toLowerCase() }, clientIp(c)),
      200,
    );
  });
}

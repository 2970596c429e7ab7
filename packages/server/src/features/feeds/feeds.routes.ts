/**
 * HTTP adapter of the feeds feature: feed types, reporting sites, daily values (batch upsert), the entry grid
 * and chart series. Reads need `feeds.read`, writes `feeds.report`, within the caller's jurisdiction subtree.
 * CSV uploads of values go through /api/imports with kind 'feeds'.
 */
import { createRoute } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { notFound } from '../../platform/errors.ts';
import { exportFileResponse, ExportParams, streamListExport } from '../../platform/export/export.ts';
import { FEED_EXPORT_COLUMNS, feedExportFor } from './feeds.export.ts';
import {
  CountListQuery,
  CountListSchema,
  CountsBody,
  CountsResultSchema,
  FeedTypeListSchema,
  GridQuery,
  GridSchema,
  SeriesQuery,
  SeriesSchema,
  SiteCreateSchema,
  SiteListQuery,
  SiteListSchema,
  SitePatchSchema,
  SiteSchema,
} from './feeds.schema.ts';
import {
  createSite,
  feedGrid,
  feedSeries,
  getSite,
  listCounts,
  listFeedTypes,
  listSites,
  reportCounts,
  updateSite,
} from './feeds.service.ts';

const tags = ['feeds'];
const readErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409);

function idOf(id: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound('site');
  return id.toLowerCase();
}

const typesRoute = createRoute({
  method: 'get',
  path: '/api/feeds/types',
  tags,
  summary: 'Feed types (fever-clinic visits, pharmacy sales, school absenteeism, port findings, ILI share)',
  responses: { 200: jsonResponse(FeedTypeListSchema, 'Feed types'), ...errorResponses(401, 403) },
});
const sitesRoute = createRoute({
  method: 'get',
  path: '/api/feeds/sites',
  tags,
  summary: 'Reporting sites in your area',
  request: { query: SiteListQuery },
  responses: { 200: jsonResponse(SiteListSchema, 'Sites'), ...readErrors },
});
const siteRoute = createRoute({
  method: 'get',
  path: '/api/feeds/sites/{id}',
  tags,
  summary: 'One reporting site',
  request: { params: IdParam },
  responses: { 200: jsonResponse(SiteSchema, 'The site'), ...readErrors },
});
const createSiteRoute = createRoute({
  method: 'post',
  path: '/api/feeds/sites',
  tags,
  summary: 'Create a reporting site (code unique)',
  request: { body: jsonBody(SiteCreateSchema) },
  responses: { 201: jsonResponse(SiteSchema, 'Created'), ...writeErrors },
});
const patchSiteRoute = createRoute({
  method: 'patch',
  path: '/api/feeds/sites/{id}',
  tags,
  summary: 'Change a reporting site (deactivate it rather than delete: its values stay)',
  request: { params: IdParam, body: jsonBody(SitePatchSchema) },
  responses: { 200: jsonResponse(SiteSchema, 'Changed'), ...writeErrors },
});
const countsRoute = createRoute({
  method: 'post',
  path: '/api/feeds/counts',
  tags,
  summary: 'Report daily values (a batch, all or nothing; a day already reported is replaced)',
  request: { body: jsonBody(CountsBody) },
  responses: { 200: jsonResponse(CountsResultSchema, 'Saved'), ...writeErrors },
});
const listCountsRoute = createRoute({
  method: 'get',
  path: '/api/feeds/counts',
  tags,
  summary: 'Latest entries of a feed type',
  request: { query: CountListQuery },
  responses: { 200: jsonResponse(CountListSchema, 'Entries'), ...readErrors },
});
const exportCountsRoute = createRoute({
  method: 'get',
  path: '/api/feeds/counts/export',
  tags,
  summary: "A feed type's entries as xlsx or CSV (period and site filters) within your scope; audited",
  request: { query: CountListQuery.omit({ limit: true }).extend(ExportParams.shape) },
  responses: { 200: exportFileResponse, ...readErrors },
});
const seriesRoute = createRoute({
  method: 'get',
  path: '/api/feeds/series',
  tags,
  summary: 'Daily values of a feed type, in total or per site (proportions in per cent)',
  request: { query: SeriesQuery },
  responses: { 200: jsonResponse(SeriesSchema, 'Series'), ...readErrors },
});
const gridRoute = createRoute({
  method: 'get',
  path: '/api/feeds/grid',
  tags,
  summary: 'The entry grid: sites reporting a feed type × recent days',
  request: { query: GridQuery },
  responses: { 200: jsonResponse(GridSchema, 'Grid'), ...readErrors },
});

export function registerFeedsRoutes(app: AppOpenAPI): void {
  const db = (c: AppContext) => c.get('deps').database;
  app.openapi(typesRoute, async (c) => c.json({ items: await listFeedTypes(db(c), requirePrincipal(c)) }, 200));
  app.openapi(sitesRoute, async (c) => c.json({ items: await listSites(db(c), requirePrincipal(c), c.req.valid('query')) }, 200));
  app.openapi(siteRoute, async (c) => c.json(await getSite(db(c), requirePrincipal(c), idOf(c.req.valid('param').id)), 200));
  app.openapi(createSiteRoute, async (c) =>
    c.json(await createSite(db(c), requirePrincipal(c), c.req.valid('json'), { ip: clientIp(c) }), 201),
  );
  app.openapi(patchSiteRoute, async (c) =>
    c.json(await updateSite(db(c), requirePrincipal(c), idOf(c.req.valid('param').id), c.req.valid('json'), { ip: clientIp(c) }), 200),
  );
  app.openapi(countsRoute, async (c) =>
    c.json(await reportCounts(db(c), requirePrincipal(c), c.req.valid('json'), { ip: clientIp(c) }), 200),
  );
  app.openapi(listCountsRoute, async (c) => c.json({ items: await listCounts(db(c), requirePrincipal(c), c.req.valid('query')) }, 200));
  app.openapi(exportCountsRoute, async (c) => {
    const { format, lang, check: _check, ...filters } = c.req.valid('query');
    const batches = await feedExportFor(db(c), requirePrincipal(c), filters);
    return streamListExport(c, { list: 'feeds', format, lang, filters, columns: FEED_EXPORT_COLUMNS, batches }) as never;
  });
  app.openapi(seriesRoute, async (c) => c.json(await feedSeries(db(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(gridRoute, async (c) => c.json(await feedGrid(db(c), requirePrincipal(c), c.req.valid('query')), 200));
}

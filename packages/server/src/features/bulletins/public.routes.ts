/**
 * The public API (`/api/public/…`, anonymous: no session, no cookie; docs/disclosure.md). GET answers are cached
 * (public.cache.ts) and cacheable by browsers and proxies: `Cache-Control: public, max-age=30`, an `ETag`, and
 * 304 on a matching `If-None-Match`. A publication, a withdrawal or a risk-area change empties the cache.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import {
  PublicBulletinListSchema,
  PublicBulletinSchema,
  PublicListQuerySchema,
  PublicMapSchema,
  PublicPlacesSchema,
  PublicRiskAreasSchema,
  PublicServicesSchema,
  PublicSituationSchema,
  PublicSubmissionCreateSchema,
  PublicSubmissionResultSchema,
} from './bulletins.schema.ts';
import { isNotModified, publicAnswerHeaders, representationFor } from './public.answer.ts';
import { cachedPublic, type PublicCacheEntry, publicCacheKey } from './public.cache.ts';
import {
  atomFeed,
  openDaily,
  openDailyCsv,
  publicBulletin,
  publicBulletins,
  publicMap,
  publicPlaces,
  publicRiskAreas,
  publicServices,
  publicSituation,
  receiveSubmission,
} from './public.service.ts';
import { readPublicImage } from './images.service.ts';

const tags = ['public'];
const db = (c: AppContext) => c.get('deps').database.db;
const JSON_TYPE = 'application/json; charset=utf-8';

/** Answers from the cache with ETag and Cache-Control; 304 when the client has it. */
async function cached(c: AppContext, make: () => Promise<{ body: string | Uint8Array; type: string }>) {
  const entry = await cachedPublic(publicCacheKey(new URL(c.req.url)), make);
  return answerFromCache(c, entry);
}

/**
 * A kept public answer with its headers: the representation the client accepts (public.answer.ts), 304 when it
 * has it. The lean path in front of the middleware (app.ts) answers with the same headers (leanPublicAnswer).
 */
export function answerFromCache(c: Context, entry: PublicCacheEntry): Response {
  const rep = representationFor(entry, c.req.header('accept-encoding'));
  const status = isNotModified(entry, c.req.header('if-none-match')) ? 304 : 200;
  for (const [name, value] of Object.entries(publicAnswerHeaders(entry, rep, status))) c.header(name, value);
  if (status === 304) return c.body(null, 304) as never;
  return c.body(rep.body as Uint8Array<ArrayBuffer>, 200) as never;
}
const json = (make: () => Promise<unknown>) => async () => ({ body: JSON.stringify(await make()), type: JSON_TYPE });
const notModified = { 304: { description: 'Not modified (If-None-Match)' } };

const listRoute = createRoute({
  method: 'get',
  path: '/api/public/bulletins',
  tags,
  summary: 'Published bulletins (the newest version of each; a withdrawn one says so), newest first — anonymous',
  request: { query: PublicListQuerySchema },
  responses: { 200: jsonResponse(PublicBulletinListSchema, 'A page of bulletins'), ...notModified, ...errorResponses(400) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/public/bulletins/{id}',
  tags,
  summary: 'One published version with its versions, correction notes, suppressed figures and risk areas — anonymous',
  request: { params: IdParam },
  responses: { 200: jsonResponse(PublicBulletinSchema, 'The bulletin'), ...notModified, ...errorResponses(404) },
});
const situationRoute = createRoute({
  method: 'get',
  path: '/api/public/situation',
  tags,
  summary: 'Today’s situation: the latest published daily figures with the curve; breakdowns below the district suppressed',
  responses: { 200: jsonResponse(PublicSituationSchema, 'The situation'), ...notModified },
});
const riskRoute = createRoute({
  method: 'get',
  path: '/api/public/risk-areas',
  tags,
  summary: 'Current and coming risk areas published with a bulletin',
  responses: { 200: jsonResponse(PublicRiskAreasSchema, 'Risk areas'), ...notModified },
});
const servicesRoute = createRoute({
  method: 'get',
  path: '/api/public/services',
  tags,
  summary: 'Fever clinics and hotline numbers from the registry',
  responses: { 200: jsonResponse(PublicServicesSchema, 'Clinics and hotlines'), ...notModified },
});
const placesRoute = createRoute({
  method: 'get',
  path: '/api/public/places',
  tags,
  summary: 'Townships and communities (for the public form)',
  responses: { 200: jsonResponse(PublicPlacesSchema, 'Places'), ...notModified },
});
const feedRoute = createRoute({
  method: 'get',
  path: '/api/public/feed.atom',
  tags,
  summary: 'Atom feed of the newest published bulletins',
  responses: { 200: { description: 'Atom feed', content: { 'application/atom+xml': { schema: z.string() } } }, ...notModified },
});
const openJsonRoute = createRoute({
  method: 'get',
  path: '/api/public/open-data/daily.json',
  tags,
  summary: 'Open data: every published daily figure (district totals as they are, township breakdown suppressed)',
  responses: {
    200: jsonResponse(
      z.object({
        license: z.string(),
        suppression: z.string(),
        records: z.array(z.object({ bulletinId: z.string(), publishedAt: z.string(), figures: z.unknown() })),
      }),
      'Daily figures',
    ),
    ...notModified,
  },
});
const openCsvRoute = createRoute({
  method: 'get',
  path: '/api/public/open-data/daily.csv',
  tags,
  summary: 'Open data as CSV (UTF-8 with BOM): one row per day for the district and per township (suppressed cells empty)',
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...notModified },
});
const ImageParam = z.object({ id: z.string(), imageId: z.string() });
const imageRoute = createRoute({
  method: 'get',
  path: '/api/public/bulletins/{id}/images/{imageId}',
  tags,
  summary: 'An image of a published bulletin (re-encoded, no metadata); 404 once the bulletin is withdrawn — anonymous',
  request: { params: ImageParam },
  responses: {
    200: { description: 'The image', content: { 'image/png': { schema: z.string() }, 'image/jpeg': { schema: z.string() } } },
    ...notModified,
    ...errorResponses(404),
  },
});
const mapRoute = createRoute({
  method: 'get',
  path: '/api/public/map',
  tags,
  summary: "The district's and townships' outlines (registry), for the portal's risk-area map",
  responses: { 200: jsonResponse(PublicMapSchema, 'Outlines'), ...notModified },
});
const submitRoute = createRoute({
  method: 'post',
  path: '/api/public/reports',
  tags,
  summary: 'The public form: symptoms after an exposure, or a rumour (plain text ≤ 1000 characters; 5 per hour per address)',
  request: { body: jsonBody(PublicSubmissionCreateSchema) },
  responses: { 201: jsonResponse(PublicSubmissionResultSchema, 'Received'), ...errorResponses(400, 403, 413, 415, 429) },
});

export function registerPublicRoutes(app: AppOpenAPI): void {
  app.openapi(listRoute, (c) => {
    const q = c.req.valid('query');
    return cached(
      c,
      json(() => publicBulletins(db(c), q)),
    );
  });
  app.openapi(getRoute, (c) => {
    const { id } = c.req.valid('param');
    if (!UUID_PATTERN.test(id)) throw notFound('bulletin');
    return cached(
      c,
      json(() => publicBulletin(db(c), id.toLowerCase())),
    );
  });
  app.openapi(situationRoute, (c) =>
    cached(
      c,
      json(() => publicSituation(db(c))),
    ),
  );
  app.openapi(riskRoute, (c) =>
    cached(
      c,
      json(() => publicRiskAreas(db(c))),
    ),
  );
  app.openapi(servicesRoute, (c) =>
    cached(
      c,
      json(() => publicServices(db(c))),
    ),
  );
  app.openapi(placesRoute, (c) =>
    cached(
      c,
      json(() => publicPlaces(db(c))),
    ),
  );
  app.openapi(feedRoute, (c) =>
    cached(c, async () => ({ body: await atomFeed(db(c), new URL(c.req.url).origin), type: 'application/atom+xml; charset=utf-8' })),
  );
  app.openapi(openJsonRoute, (c) =>
    cached(
      c,
      json(async () => ({
        license: 'CC BY 4.0',
        suppression: 'Breakdowns below the district: counts 1 to k−1 and the counts that would reveal them are null.',
        records: await openDaily(db(c)),
      })),
    ),
  );
  app.openapi(openCsvRoute, (c) =>
    cached(c, async () => ({ body: openDailyCsv(await openDaily(db(c))), type: 'text/csv; charset=utf-8' })),
  );
  app.openapi(imageRoute, (c) => {
    const { id, imageId } = c.req.valid('param');
    if (!UUID_PATTERN.test(id) || !UUID_PATTERN.test(imageId)) throw notFound('image');
    return cached(c, async () => {
      const image = await readPublicImage(db(c), id.toLowerCase(), imageId.toLowerCase());
      return { body: image.content, type: image.contentType };
    });
  });
  app.openapi(mapRoute, (c) =>
    cached(
      c,
      json(() => publicMap(db(c))),
    ),
  );
  app.openapi(submitRoute, async (c) => {
    const result = await receiveSubmission(c.get('deps').database, c.req.valid('json'), clientIp(c));
    c.header('Cache-Control', 'no-store');
    return c.json(result as never, 201);
  });
}

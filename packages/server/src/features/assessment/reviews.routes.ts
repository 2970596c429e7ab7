/** HTTP adapter of after- and intra-action reviews (docs/assessment.md). */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { renderReviewPdf } from './reviews.pdf.ts';
import {
  ReviewCommentSchema,
  ReviewCreateSchema,
  ReviewListQuerySchema,
  ReviewListSchema,
  ReviewPatchSchema,
  ReviewViewSchema,
} from './reviews.schema.ts';
import {
  approveReviewAs,
  createReviewAs,
  getReviewFor,
  listReviewsFor,
  returnReviewAs,
  submitReviewAs,
  updateReviewAs,
} from './reviews.service.ts';

const tags = ['assessment'];
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const database = (c: AppContext) => c.get('deps').database;
function idOf(id: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound('review');
  return id.toLowerCase();
}

const listRoute = createRoute({
  method: 'get',
  path: '/api/assessment/reviews',
  tags,
  summary: 'After- and intra-action reviews in your scope, newest first',
  request: { query: ReviewListQuerySchema },
  responses: { 200: jsonResponse(ReviewListSchema, 'Reviews with their actions'), ...errorResponses(400, 401, 403) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/assessment/reviews/{id}',
  tags,
  summary: 'One review with its actions, their tasks and the indicators attached at submission',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ReviewViewSchema, 'The review'), ...oneErrors },
});
const pdfRoute = createRoute({
  method: 'get',
  path: '/api/assessment/reviews/{id}/pdf',
  tags,
  summary: 'The review as a PDF (Chinese)',
  request: { params: IdParam },
  responses: {
    200: { description: 'A PDF document', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...oneErrors,
  },
});
const createRoute_ = createRoute({
  method: 'post',
  path: '/api/assessment/reviews',
  tags,
  summary: 'Draft a review of an incident or an exercise, with its recommended actions (assessment.manage; audited)',
  request: { body: jsonBody(ReviewCreateSchema) },
  responses: { 201: jsonResponse(ReviewViewSchema, 'Drafted'), ...writeErrors },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/api/assessment/reviews/{id}',
  tags,
  summary: 'Change a draft review; `actions` replaces its actions (audited)',
  request: { params: IdParam, body: jsonBody(ReviewPatchSchema) },
  responses: { 200: jsonResponse(ReviewViewSchema, 'Changed'), ...writeErrors },
});
const step = (name: 'submit' | 'return' | 'approve', summary: string) =>
  createRoute({
    method: 'post',
    path: `/api/assessment/reviews/{id}/${name}`,
    tags,
    summary,
    request: { params: IdParam, body: jsonBody(ReviewCommentSchema) },
    responses: { 200: jsonResponse(ReviewViewSchema, 'The review'), ...writeErrors },
  });
const submitRoute = step('submit', "Submit a draft for approval; the incident's 7-1-7 and indicators are attached as they stand");
const returnRoute = step('return', 'Return a submitted review to draft with a comment (assessment.approve)');
const approveRoute = step(
  'approve',
  'Approve a submitted review (assessment.approve, not one of its authors): every action becomes a task of its owner agency',
);

export function registerReviewRoutes(app: AppOpenAPI): void {
  app.openapi(listRoute, async (c) => c.json(await listReviewsFor(database(c).db, requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(getRoute, async (c) => c.json(await getReviewFor(database(c).db, requirePrincipal(c), idOf(c.req.valid('param').id)), 200));
  app.openapi(pdfRoute, async (c) => {
    const review = await getReviewFor(database(c).db, requirePrincipal(c), idOf(c.req.valid('param').id));
    const pdf = await renderReviewPdf(review);
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `attachment; filename="review-${review.code}.pdf"`);
    c.header('Cache-Control', 'no-store');
    return c.body(new Uint8Array(pdf), 200) as never;
  });
  app.openapi(createRoute_, async (c) =>
    c.json(await createReviewAs(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchRoute, async (c) =>
    c.json(await updateReviewAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id), c.req.valid('json'), clientIp(c)), 200),
  );
  app.openapi(submitRoute, async (c) =>
    c.json(await submitReviewAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id), clientIp(c)), 200),
  );
  app.openapi(returnRoute, async (c) =>
    c.json(
      await returnReviewAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id), c.req.valid('json').comment, clientIp(c)),
      200,
    ),
  );
  app.openapi(approveRoute, async (c) =>
    c.json(
      await approveReviewAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id), c.req.valid('json').comment, clientIp(c)),
      200,
    ),
  );
}

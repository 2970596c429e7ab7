/** HTTP adapter of the preparedness self-assessment (docs/assessment.md). */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { attachmentDownload, readUploadedFile } from '../../platform/files/attachments.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import {
  SparAttachmentSchema,
  SparCommentSchema,
  SparCreateSchema,
  SparFileParam,
  SparFrameworkSchema,
  SparListQuerySchema,
  SparListSchema,
  SparRoundSchema,
  SparUpdateSchema,
} from './spar.schema.ts';
import {
  approveSparRoundAs,
  createSparRoundAs,
  getSparRoundFor,
  listSparFiles,
  listSparRoundsFor,
  readSparFile,
  returnSparRoundAs,
  sparFramework,
  submitSparRoundAs,
  updateSparRoundAs,
  uploadSparFile,
} from './spar.service.ts';

const tags = ['assessment'];
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const database = (c: AppContext) => c.get('deps').database;
function idOf(id: string, what = 'self_assessment'): string {
  if (!UUID_PATTERN.test(id)) throw notFound(what);
  return id.toLowerCase();
}

const frameworkRoute = createRoute({
  method: 'get',
  path: '/api/assessment/spar/framework',
  tags,
  summary: 'The self-assessment framework (SPAR-shaped): capacities, indicators, the levels 1–5 and what evidence may cite',
  responses: { 200: jsonResponse(SparFrameworkSchema, 'The framework'), ...errorResponses(401, 403) },
});
const listRoute = createRoute({
  method: 'get',
  path: '/api/assessment/spar',
  tags,
  summary: 'Self-assessments in your scope by year, newest first, with capacity and overall scores (the history)',
  request: { query: SparListQuerySchema },
  responses: { 200: jsonResponse(SparListSchema, 'Rounds'), ...errorResponses(400, 401, 403) },
});
const createRoute_ = createRoute({
  method: 'post',
  path: '/api/assessment/spar',
  tags,
  summary: "Open a year's self-assessment for a place (one per place and year; 409 when it exists)",
  request: { body: jsonBody(SparCreateSchema) },
  responses: { 201: jsonResponse(SparRoundSchema, 'The new draft'), ...writeErrors },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/assessment/spar/{id}',
  tags,
  summary: 'One self-assessment: scores with evidence, capacity and overall scores, the previous year, gap actions and their tasks',
  request: { params: IdParam },
  responses: { 200: jsonResponse(SparRoundSchema, 'The round'), ...oneErrors },
});
const updateRoute = createRoute({
  method: 'put',
  path: '/api/assessment/spar/{id}',
  tags,
  summary: 'Score indicators with evidence and set the gap actions (draft only; audited)',
  request: { params: IdParam, body: jsonBody(SparUpdateSchema) },
  responses: { 200: jsonResponse(SparRoundSchema, 'The round as it now stands'), ...writeErrors },
});
const step = (name: 'submit' | 'approve' | 'return', summary: string) =>
  createRoute({
    method: 'post',
    path: `/api/assessment/spar/{id}/${name}`,
    tags,
    summary,
    request: { params: IdParam, body: jsonBody(SparCommentSchema) },
    responses: { 200: jsonResponse(SparRoundSchema, 'The round'), ...writeErrors },
  });
const submitRoute = step('submit', 'Submit a complete draft for approval (409 spar_incomplete while an indicator is unscored)');
const approveRoute = step(
  'approve',
  'Approve (assessment.approve, not an author: four eyes); every gap action becomes a task of its owner agency',
);
const returnRoute = step('return', 'Return a submitted self-assessment to draft with a comment');
const filesRoute = createRoute({
  method: 'get',
  path: '/api/assessment/spar/{id}/files',
  tags,
  summary: 'The documents attached to a self-assessment as evidence',
  request: { params: IdParam },
  responses: { 200: jsonResponse(z.object({ items: z.array(SparAttachmentSchema) }), 'Attachments'), ...oneErrors },
});
const uploadRoute = createRoute({
  method: 'post',
  path: '/api/assessment/spar/{id}/files',
  tags,
  summary: 'Attach a document (multipart/form-data, field "file"; pdf, images, Office documents, csv, txt; draft only)',
  request: { params: IdParam },
  responses: { 201: jsonResponse(SparAttachmentSchema, 'Stored'), ...writeErrors },
});
const downloadRoute = createRoute({
  method: 'get',
  path: '/api/assessment/spar/{id}/files/{fileId}',
  tags,
  summary: 'Download a document of a self-assessment',
  request: { params: SparFileParam },
  responses: { 200: { description: 'The file, as an attachment' }, ...oneErrors },
});

export function registerSparRoutes(app: AppOpenAPI): void {
  app.openapi(frameworkRoute, async (c) => c.json(sparFramework(requirePrincipal(c)), 200));
  app.openapi(listRoute, async (c) => c.json(await listSparRoundsFor(database(c).db, requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(createRoute_, async (c) =>
    c.json(await createSparRoundAs(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(getRoute, async (c) =>
    c.json(await getSparRoundFor(database(c).db, requirePrincipal(c), idOf(c.req.valid('param').id)), 200),
  );
  app.openapi(updateRoute, async (c) =>
    c.json(await updateSparRoundAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id), c.req.valid('json'), clientIp(c)), 200),
  );
  app.openapi(submitRoute, async (c) =>
    c.json(await submitSparRoundAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id), clientIp(c)), 200),
  );
  app.openapi(approveRoute, async (c) =>
    c.json(
      await approveSparRoundAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id), c.req.valid('json').comment, clientIp(c)),
      200,
    ),
  );
  app.openapi(returnRoute, async (c) =>
    c.json(
      await returnSparRoundAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id), c.req.valid('json').comment, clientIp(c)),
      200,
    ),
  );
  app.openapi(filesRoute, async (c) =>
    c.json({ items: await listSparFiles(database(c).db, requirePrincipal(c), idOf(c.req.valid('param').id)) }, 200),
  );
  app.openapi(uploadRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id);
    const { name, bytes } = await readUploadedFile(c);
    const view = await uploadSparFile(
      database(c),
      principal,
      id,
      { filename: name, bytes },
      {
        ip: clientIp(c),
        limitBytes: c.get('deps').config.attachmentLimitBytes,
      },
    );
    return c.json(view, 201);
  });
  app.openapi(downloadRoute, async (c) => {
    const { id, fileId } = c.req.valid('param');
    const file = await readSparFile(database(c).db, requirePrincipal(c), idOf(id), idOf(fileId, 'attachment'));
    return attachmentDownload(c, file) as never;
  });
}

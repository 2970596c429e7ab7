/**
 * HTTP adapter of case reports (docs/cases.md): validate, call the service, present.
 * Reads of cases need `cases.read` within the caller's subtree (404 outside it). The disease catalogue's routes
 * are the catalogue feature's (catalogue.routes.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { exportFileResponse, exportQuerySchema, streamListExport } from '../../platform/export/export.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { caseReportInputSchema } from './case-input.ts';
import { caseListTotalsFor } from './case-list-totals.ts';
import { CASE_EXPORT_COLUMNS, caseExportFor } from './cases.export.ts';
import {
  CaseDetailSchema,
  CaseIdentitySchema,
  CaseListQuerySchema,
  CaseListSchema,
  CaseCorrectionSchema,
  CaseMergeSchema,
  CasePatchSchema,
  CaseReviewBatchResultSchema,
  CaseReviewBatchSchema,
  CaseReviewSchema,
  CaseVersionListSchema,
  DuplicateListSchema,
  DuplicateQuerySchema,
  TimelinessQuerySchema,
  TimelinessReportSchema,
} from './cases.schema.ts';
import {
  correctCaseAs,
  createCaseAs,
  listCaseVersionsFor,
  reviewCasesAs,
  getCaseFor,
  listCasesFor,
  listDuplicatesFor,
  mergeCaseAs,
  revealIdentity,
  reviewCaseAs,
  timelinessFor,
  updateCaseAs,
} from './cases.service.ts';
import { identityProtector } from './identity-protection.ts';

const database = (c: AppContext) => c.get('deps').database;
const protector = (c: AppContext) => identityProtector(c.get('deps').config);
const writeDeps = (c: AppContext) => ({ database: database(c), protector: protector(c) });

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

// ── cases ───────────────────────────────────────────────────────────────────────────────────────

const tags = ['cases'];
const listCasesRoute = createRoute({
  method: 'get',
  path: '/api/cases',
  tags,
  summary: 'Case reports resident in your subtree (identity numbers masked), newest report first',
  request: { query: CaseListQuerySchema },
  responses: { 200: jsonResponse(CaseListSchema, 'A page of case reports'), ...readErrors },
});
const duplicatesRoute = createRoute({
  method: 'get',
  path: '/api/cases/duplicates',
  tags,
  summary: 'Possible duplicates: same person (identity number, or name + birth date) and disease, diagnosed within the window',
  request: { query: DuplicateQuerySchema },
  responses: { 200: jsonResponse(DuplicateListSchema, 'A page of pairs, the most recent report first, with their total'), ...readErrors },
});
const timelinessRoute = createRoute({
  method: 'get',
  path: '/api/cases/timeliness',
  tags,
  summary: 'Reporting timeliness (diagnosis → report against the deadline) per facility, by report day',
  request: { query: TimelinessQuerySchema },
  responses: { 200: jsonResponse(TimelinessReportSchema, 'Counts per facility and in total'), ...readErrors },
});
const CaseExportQuerySchema = exportQuerySchema(CaseListQuerySchema).extend({
  identity: z
    .enum(['masked', 'full'])
    .default('masked')
    .openapi({ description: 'full: the complete identity numbers (cases.identity, within its scope; audited)' }),
});
const exportRoute = createRoute({
  method: 'get',
  path: '/api/cases/export',
  tags,
  summary: "The case list as xlsx or CSV: the list's filters, your scope, numbers masked unless identity=full (cases.identity); audited",
  request: { query: CaseExportQuerySchema },
  responses: { 200: exportFileResponse, ...readErrors },
});
const getCaseRoute = createRoute({
  method: 'get',
  path: '/api/cases/{id}',
  tags,
  summary: 'One case report, with its deadline clock and possible duplicates',
  request: { params: IdParam },
  responses: { 200: jsonResponse(CaseDetailSchema, 'The case report'), ...oneErrors },
});
const createCaseRoute = createRoute({
  method: 'post',
  path: '/api/cases',
  tags,
  summary: 'File a case report (cases.report); the resident ID is checked, birth date and sex filled from it',
  request: { body: jsonBody(caseReportInputSchema) },
  responses: { 201: jsonResponse(CaseDetailSchema, 'Filed'), ...writeErrors },
});
const patchCaseRoute = createRoute({
  method: 'patch',
  path: '/api/cases/{id}',
  tags,
  summary: 'Correct a case report (cases.report); checked again by the same rules',
  request: { params: IdParam, body: jsonBody(CasePatchSchema) },
  responses: { 200: jsonResponse(CaseDetailSchema, 'Changed'), ...writeErrors },
});
const identityRoute = createRoute({
  method: 'post',
  path: '/api/cases/{id}/identity',
  tags,
  summary: 'The full identity number (cases.identity); every view is written to the audit log',
  request: { params: IdParam },
  responses: { 200: jsonResponse(CaseIdentitySchema, 'The number'), ...oneErrors },
});
const reviewRoute = createRoute({
  method: 'post',
  path: '/api/cases/{id}/review',
  tags,
  summary: 'Record the CDC review of a report (cases.review), optionally with a new classification',
  request: { params: IdParam, body: jsonBody(CaseReviewSchema) },
  responses: { 200: jsonResponse(CaseDetailSchema, 'Reviewed'), ...writeErrors },
});
const correctRoute = createRoute({
  method: 'post',
  path: '/api/cases/{id}/corrections',
  tags,
  summary:
    'Correct a filed card (订正, cases.report): the changes, the kinds of correction, why, and when the diagnosis changed or the patient died; kept as a version, back to review',
  request: { params: IdParam, body: jsonBody(CaseCorrectionSchema) },
  responses: { 200: jsonResponse(CaseDetailSchema, 'Corrected'), ...writeErrors },
});
const versionsRoute = createRoute({
  method: 'get',
  path: '/api/cases/{id}/versions',
  tags,
  summary: "A card's corrections, newest first: before and after, who, when, why (cases.read)",
  request: { params: IdParam },
  responses: { 200: jsonResponse(CaseVersionListSchema, 'The versions'), ...oneErrors },
});
const reviewBatchRoute = createRoute({
  method: 'post',
  path: '/api/cases/reviews',
  tags,
  summary: 'The review queue: approve pending cards, or return them with a reason, in bulk (cases.review; four eyes: not your own cards)',
  request: { body: jsonBody(CaseReviewBatchSchema) },
  responses: { 200: jsonResponse(CaseReviewBatchResultSchema, 'What was done and what was refused'), ...writeErrors },
});
const mergeRoute = createRoute({
  method: 'post',
  path: '/api/cases/{id}/merge',
  tags,
  summary: 'Merge this report into another of the same person and disease (cases.review; audited with the reason)',
  request: { params: IdParam, body: jsonBody(CaseMergeSchema) },
  responses: { 200: jsonResponse(CaseDetailSchema, 'The merged report'), ...writeErrors },
});

/**
 * Mounts the routes of case reports.
 * @example registerCasesRoutes(app); // in createApp
 */
export function registerCasesRoutes(app: AppOpenAPI): void {
  app.openapi(listCasesRoute, async (c) =>
    c.json(await listCasesFor(database(c), requirePrincipal(c), c.req.valid('query'), { totals: caseListTotalsFor(c.get('deps')) }), 200),
  );
  // declared before /{id}: 'duplicates' and 'timeliness' are not ids
  app.openapi(duplicatesRoute, async (c) => c.json(await listDuplicatesFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(timelinessRoute, async (c) => c.json(await timelinessFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(exportRoute, async (c) => {
    const { format, lang, identity, check: _check, ...filters } = c.req.valid('query');
    const rows = caseExportFor(database(c), requirePrincipal(c), filters, { fullIdentity: identity === 'full', protector: protector(c) });
    return streamListExport(c, {
      list: 'cases',
      format,
      lang,
      filters: { ...filters, identity },
      columns: CASE_EXPORT_COLUMNS,
      batches: rows.batches,
      auditDetails: () => ({ fullIdentityNumbers: rows.fullNumbers() }),
    }) as never;
  });
  app.openapi(getCaseRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getCaseFor(database(c), principal, idOf(c.req.valid('param').id, 'case')), 200);
  });
  app.openapi(createCaseRoute, async (c) =>
    c.json(await createCaseAs(writeDeps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchCaseRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'case');
    // zod 4 fills defaults of omitted optional fields: keep only the fields the client sent
    const valid = c.req.valid('json') as Record<string, unknown>;
    const sent = Object.keys((await c.req.json()) as Record<string, unknown>);
    const patch = Object.fromEntries(sent.map((k) => [k, valid[k]]));
    return c.json(await updateCaseAs(writeDeps(c), principal, id, patch, clientIp(c)), 200);
  });
  app.openapi(identityRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'case');
    return c.json(await revealIdentity(database(c), protector(c), principal, id, clientIp(c)), 200);
  });
  app.openapi(reviewRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'case');
    return c.json(await reviewCaseAs(database(c), principal, id, c.req.valid('json'), clientIp(c)), 200);
  });
  app.openapi(reviewBatchRoute, async (c) =>
    c.json(await reviewCasesAs(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 200),
  );
  app.openapi(correctRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'case');
    const valid = c.req.valid('json');
    // zod 4 fills defaults of omitted optional fields: keep only the changes the client sent
    const sent = Object.keys(((await c.req.json()) as { changes: Record<string, unknown> }).changes);
    const changes = Object.fromEntries(sent.map((k) => [k, (valid.changes as Record<string, unknown>)[k]]));
    return c.json(await correctCaseAs(writeDeps(c), principal, id, { ...valid, changes }, clientIp(c)), 200);
  });
  app.openapi(versionsRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await listCaseVersionsFor(database(c), principal, idOf(c.req.valid('param').id, 'case')), 200);
  });
  app.openapi(mergeRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'case');
    return c.json(await mergeCaseAs(database(c), principal, id, c.req.valid('json'), clientIp(c)), 200);
  });
}

/**
 * HTTP adapter of daily situation reports (docs/meetings-and-reports.md) and of the incident command summary:
 * validate, call the service, present. Reports outside the caller's jurisdiction answer 404.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { notFound } from '../../platform/errors.ts';
import { renderReportPdf } from './reports.pdf.ts';
import {
  CommandSummarySchema,
  ReportActionSchema,
  ReportCreateSchema,
  ReportListQuerySchema,
  ReportListSchema,
  ReportPatchSchema,
  ReportPdfQuerySchema,
  ReportSchema,
  ReportVersionSchema,
} from './reports.schema.ts';
import {
  approveReportAs,
  archiveReportAs,
  commandSummaryFor,
  createReportAs,
  getReportFor,
  getReportVersionFor,
  listReportsFor,
  printableReportFor,
  regenerateFiguresAs,
  returnReportAs,
  reviseReportAs,
  submitReportAs,
  updateReportAs,
} from './reports.service.ts';

const tags = ['reports'];
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const database = (c: AppContext) => c.get('deps').database;

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const listRoute = createRoute({
  method: 'get',
  path: '/api/reports',
  tags,
  summary: 'Situation reports in your jurisdiction, newest day first',
  request: { query: ReportListQuerySchema },
  responses: { 200: jsonResponse(ReportListSchema, 'A page of reports'), ...errorResponses(400, 401, 403) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/reports/{id}',
  tags,
  summary: 'One report with its figures and history',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ReportSchema, 'The report'), ...errorResponses(401, 403, 404) },
});
const versionRoute = createRoute({
  method: 'get',
  path: '/api/reports/{id}/versions/{version}',
  tags,
  summary: 'A kept version of a report (the snapshot at its last workflow step)',
  request: {
    params: IdParam.extend({
      version: z.coerce
        .number()
        .int()
        .min(1)
        .openapi({ param: { name: 'version', in: 'path' } }),
    }),
  },
  responses: { 200: jsonResponse(ReportVersionSchema, 'The snapshot'), ...errorResponses(400, 401, 403, 404) },
});
const pdfRoute = createRoute({
  method: 'get',
  path: '/api/reports/{id}/pdf',
  tags,
  summary: 'The report as a PDF (current text, or ?version=N for a kept version)',
  request: { params: IdParam, query: ReportPdfQuerySchema },
  responses: {
    200: { description: 'A PDF document', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(400, 401, 403, 404),
  },
});
const createReportRoute = createRoute({
  method: 'post',
  path: '/api/reports',
  tags,
  summary: "Draft an incident's report for a day from the data (409 when that day's report exists)",
  request: { body: jsonBody(ReportCreateSchema) },
  responses: { 201: jsonResponse(ReportSchema, 'Drafted'), ...writeErrors },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/api/reports/{id}',
  tags,
  summary: "Edit a draft's texts and occupancy figures (give the version you started from)",
  request: { params: IdParam, body: jsonBody(ReportPatchSchema) },
  responses: { 200: jsonResponse(ReportSchema, 'Saved'), ...writeErrors },
});

function actionRoute(path: string, summary: string) {
  return createRoute({
    method: 'post',
    path: `/api/reports/{id}/${path}`,
    tags,
    summary,
    request: { params: IdParam, body: jsonBody(ReportActionSchema) },
    responses: { 200: jsonResponse(ReportSchema, 'The report after the step'), ...writeErrors },
  });
}
const regenerateRoute = actionRoute('regenerate', "Draft a draft's figures again from the current data");
const submitRoute = actionRoute('submit', 'Submit a draft for approval');
const returnRoute = actionRoute('return', 'Return a submitted report to its editors (comment required)');
const approveRoute = actionRoute('approve', 'Approve a submitted report');
const reviseRoute = actionRoute('revise', 'Rework an approved report as a new version (comment required)');
const archiveRoute = actionRoute('archive', 'Archive an approved report');

const commandSummaryRoute = createRoute({
  method: 'get',
  path: '/api/incidents/{id}/command-summary',
  tags: ['incidents'],
  summary: "The command dashboard's figures for an incident: cases, trend, Rt, alerts, tasks by agency, overdue, capacity",
  request: { params: IdParam },
  responses: { 200: jsonResponse(CommandSummarySchema, 'The figures'), ...errorResponses(401, 403, 404) },
});

export function registerReportsRoutes(app: AppOpenAPI): void {
  app.openapi(listRoute, async (c) => c.json(await listReportsFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(getRoute, async (c) =>
    c.json((await getReportFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'report'))) as never, 200),
  );
  app.openapi(versionRoute, async (c) => {
    const { id, version } = c.req.valid('param');
    return c.json(await getReportVersionFor(database(c), requirePrincipal(c), idOf(id, 'report'), version), 200);
  });
  app.openapi(pdfRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'report');
    const { report, content } = await printableReportFor(database(c), requirePrincipal(c), id, c.req.valid('query').version);
    const meta = {
      issueNo: report.issueNo,
      status: report.status,
      version: report.version,
      approvedByName: report.approvedByName,
      approvedAt: report.approvedAt,
    };
    const pdf = await renderReportPdf(content, meta, { log: c.get('deps').log });
    const name = `situation-report-${report.incidentCode}-${report.reportDate}-v${report.version}.pdf`;
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `attachment; filename="${name}"`);
    c.header('Cache-Control', 'no-store');
    return c.body(new Uint8Array(pdf), 200) as never;
  });
  app.openapi(createReportRoute, async (c) =>
    c.json((await createReportAs(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c))) as never, 201),
  );
  app.openapi(patchRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'report');
    return c.json((await updateReportAs(database(c), requirePrincipal(c), id, c.req.valid('json'), clientIp(c))) as never, 200);
  });
  app.openapi(regenerateRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'report');
    return c.json((await regenerateFiguresAs(database(c), requirePrincipal(c), id, clientIp(c))) as never, 200);
  });
  const steps = [
    [submitRoute, submitReportAs],
    [returnRoute, returnReportAs],
    [approveRoute, approveReportAs],
    [reviseRoute, reviseReportAs],
    [archiveRoute, archiveReportAs],
  ] as const;
  for (const [route, fn] of steps) {
    app.openapi(route, async (c) => {
      const id = idOf(c.req.valid('param').id, 'report');
      return c.json((await fn(database(c), requirePrincipal(c), id, c.req.valid('json').comment, clientIp(c))) as never, 200);
    });
  }
  app.openapi(commandSummaryRoute, async (c) => {
    const id = idOf(c.req.valid('param').id, 'incident');
    return c.json((await commandSummaryFor(database(c), requirePrincipal(c), id)) as never, 200);
  });
}

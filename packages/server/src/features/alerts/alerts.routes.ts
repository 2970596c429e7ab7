/**
 * HTTP adapter of the alerts feature: the inbox, an alert's detail, history and comments (alerts.read), the
 * workflow actions and attachments (alerts.verify), new comments (alerts.comment), always within the caller's
 * scope (an alert outside it answers 404). Workflow actions refused in the current status answer 409 with the allowed ones.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { notFound } from '../../platform/errors.ts';
import { attachmentDownload, readUploadedFile } from '../../platform/files/attachments.ts';
import { CaseLineListSchema } from '../cases/index.ts';
import { exportFileResponse, exportQuerySchema, streamListExport } from '../../platform/export/export.ts';
import { ALERT_EXPORT_COLUMNS, alertExportFor } from './alerts.export.ts';
import { riskMatrix } from './alerts.matrix.ts';
import {
  AlertCommentListSchema,
  AlertCommentSchema,
  AlertDetailSchema,
  AlertEventListSchema,
  AlertListQuerySchema,
  AlertListSchema,
  AssessSchema,
  AssigneeListSchema,
  AssignSchema,
  CharacteriseSchema,
  CommentCreateSchema,
  NoteSchema,
  ReasonSchema,
  RiskMatrixSchema,
  SubscriptionInputSchema,
  SubscriptionSchema,
} from './alerts.schema.ts';
import {
  type AlertActionInput,
  actOnAlert,
  addCommentAs,
  alertCasesFor,
  assigneesFor,
  commentsFor,
  getAlertDetail,
  getSubscriptionFor,
  resetSubscriptionFor,
  saveSubscriptionFor,
  historyFor,
  listAlertFiles,
  listAlertsFor,
  readAlertFile,
  uploadAlertFile,
} from './alerts.service.ts';
import { registerEventReportRoutes } from './event-reports.routes.ts';

const tags = ['alerts'];
const database = (c: AppContext) => c.get('deps').database;
const oneErrors = errorResponses(401, 403, 404);
const actionErrors = errorResponses(400, 401, 403, 404, 409, 415);

function idOf(id: string, entity = 'alert'): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const AttachmentSchema = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Attachment');
const FileParams = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }),
  fileId: z.string().openapi({ param: { name: 'fileId', in: 'path' }, format: 'uuid' }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/alerts',
  tags,
  summary: 'Alerts in your jurisdiction: open first, nearest verification deadline first',
  request: { query: AlertListQuerySchema },
  responses: { 200: jsonResponse(AlertListSchema, 'A page of alerts'), ...errorResponses(400, 401, 403) },
});
const matrixRoute = createRoute({
  method: 'get',
  path: '/api/alerts/risk-matrix',
  tags,
  summary: 'The risk matrix: likelihood × consequence → warning level',
  responses: { 200: jsonResponse(RiskMatrixSchema, 'The matrix'), ...errorResponses(401, 403) },
});
const subscriptionRoute = createRoute({
  method: 'get',
  path: '/api/alerts/subscription',
  tags,
  summary: 'My alert subscription: which new alerts I am notified of (my roles’ default when none is stored)',
  responses: { 200: jsonResponse(SubscriptionSchema, 'My subscription'), ...errorResponses(401, 403) },
});
const saveSubscriptionRoute = createRoute({
  method: 'put',
  path: '/api/alerts/subscription',
  tags,
  summary: 'Store my alert subscription (classes, diseases, places within my area; audited)',
  request: { body: jsonBody(SubscriptionInputSchema) },
  responses: { 200: jsonResponse(SubscriptionSchema, 'My subscription'), ...errorResponses(400, 401, 403) },
});
const resetSubscriptionRoute = createRoute({
  method: 'delete',
  path: '/api/alerts/subscription',
  tags,
  summary: 'Back to my roles’ default subscription (audited)',
  responses: { 200: jsonResponse(SubscriptionSchema, 'My subscription'), ...errorResponses(401, 403) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/alerts/{id}',
  tags,
  summary: 'One alert with its signals, assessment, allowed actions and incident',
  request: { params: IdParam },
  responses: { 200: jsonResponse(AlertDetailSchema, 'The alert'), ...oneErrors },
});
const historyRoute = createRoute({
  method: 'get',
  path: '/api/alerts/{id}/history',
  tags,
  summary: "An alert's history: who did what, when and why (oldest first)",
  request: { params: IdParam },
  responses: { 200: jsonResponse(AlertEventListSchema, 'The history'), ...oneErrors },
});
const casesRoute = createRoute({
  method: 'get',
  path: '/api/alerts/{id}/cases',
  tags,
  summary:
    "The cases behind the alert's signals (their disease, places and periods), within your rights: identity masked as in the case list; without cases.read only the total",
  request: { params: IdParam },
  responses: { 200: jsonResponse(CaseLineListSchema, 'The line list'), ...oneErrors },
});
const commentsRoute = createRoute({
  method: 'get',
  path: '/api/alerts/{id}/comments',
  tags,
  summary: "An alert's comments (oldest first)",
  request: { params: IdParam },
  responses: { 200: jsonResponse(AlertCommentListSchema, 'Comments'), ...oneErrors },
});
const addCommentRoute = createRoute({
  method: 'post',
  path: '/api/alerts/{id}/comments',
  tags,
  summary: 'Comment on an alert (needs alerts.comment: verifiers and the township officers of the place)',
  request: { params: IdParam, body: jsonBody(CommentCreateSchema) },
  responses: { 201: jsonResponse(AlertCommentSchema, 'Added'), ...errorResponses(400, 401, 403, 404, 415) },
});
const assigneesRoute = createRoute({
  method: 'get',
  path: '/api/alerts/{id}/assignees',
  tags,
  summary: 'Who may be assigned this alert (holders of alerts.verify covering its place)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(AssigneeListSchema, 'Users'), ...oneErrors },
});

function actionRoute<T extends z.ZodType>(path: string, summary: string, body: T) {
  return createRoute({
    method: 'post',
    path: `/api/alerts/{id}/${path}`,
    tags,
    summary,
    request: { params: IdParam, body: jsonBody(body) },
    responses: { 200: jsonResponse(AlertDetailSchema, 'The alert after the action'), ...actionErrors },
  });
}

const filesRoute = createRoute({
  method: 'get',
  path: '/api/alerts/{id}/files',
  tags,
  summary: "An alert's attachments",
  request: { params: IdParam },
  responses: { 200: jsonResponse(z.object({ items: z.array(AttachmentSchema) }), 'Attachments'), ...oneErrors },
});
const uploadRoute = createRoute({
  method: 'post',
  path: '/api/alerts/{id}/files',
  tags,
  summary: 'Attach a file (multipart/form-data, field "file"; pdf, images, Office documents, csv, txt)',
  request: { params: IdParam },
  responses: { 201: jsonResponse(AttachmentSchema, 'Stored'), ...errorResponses(400, 401, 403, 404, 413, 415) },
});
const exportRoute = createRoute({
  method: 'get',
  path: '/api/alerts/export',
  tags,
  summary: "The alert list as xlsx or CSV: the list's filters within your scope; audited",
  request: { query: exportQuerySchema(AlertListQuerySchema) },
  responses: { 200: exportFileResponse, ...errorResponses(400, 401, 403) },
});
const downloadRoute = createRoute({
  method: 'get',
  path: '/api/alerts/{id}/files/{fileId}',
  tags,
  summary: 'Download an attachment',
  request: { params: FileParams },
  responses: { 200: { description: 'The file, as an attachment' }, ...oneErrors },
});

/**
 * Mounts the alerts routes on the application.
 * @example registerAlertsRoutes(app); // in createApp
 */
export function registerAlertsRoutes(app: AppOpenAPI): void {
  registerEventReportRoutes(app);
  app.openapi(listRoute, async (c) => c.json(await listAlertsFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  // before /{id}, or 'export' and 'risk-matrix' would be taken for ids
  app.openapi(exportRoute, async (c) => {
    const { format, lang, check: _check, ...filters } = c.req.valid('query');
    const batches = alertExportFor(database(c), requirePrincipal(c), filters);
    return streamListExport(c, { list: 'alerts', format, lang, filters, columns: ALERT_EXPORT_COLUMNS, batches }) as never;
  });
  app.openapi(matrixRoute, async (c) => {
    requirePrincipal(c);
    return c.json(riskMatrix(), 200);
  });
  app.openapi(subscriptionRoute, async (c) => c.json(await getSubscriptionFor(database(c), requirePrincipal(c)), 200));
  app.openapi(saveSubscriptionRoute, async (c) =>
    c.json(await saveSubscriptionFor(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 200),
  );
  app.openapi(resetSubscriptionRoute, async (c) => c.json(await resetSubscriptionFor(database(c), requirePrincipal(c), clientIp(c)), 200));
  app.openapi(getRoute, async (c) => c.json(await getAlertDetail(database(c), requirePrincipal(c), idOf(c.req.valid('param').id)), 200));
  app.openapi(casesRoute, async (c) => c.json(await alertCasesFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id)), 200));
  app.openapi(historyRoute, async (c) => c.json(await historyFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id)), 200));
  app.openapi(commentsRoute, async (c) => c.json(await commentsFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id)), 200));
  app.openapi(addCommentRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await addCommentAs(database(c), principal, idOf(c.req.valid('param').id), c.req.valid('json').body, clientIp(c)), 201);
  });
  app.openapi(assigneesRoute, async (c) =>
    c.json(await assigneesFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id)), 200),
  );

  const act = (c: AppContext, id: string, input: AlertActionInput) =>
    actOnAlert(database(c), requirePrincipal(c), idOf(id), input, clientIp(c));
  app.openapi(actionRoute('assign', 'Assign the alert (optionally with a new verification deadline)', AssignSchema), async (c) =>
    c.json(await act(c, c.req.valid('param').id, { action: 'assign', ...c.req.valid('json') }), 200),
  );
  app.openapi(actionRoute('start-verification', 'Start verifying (new → verifying)', NoteSchema), async (c) =>
    c.json(await act(c, c.req.valid('param').id, { action: 'start_verification', ...c.req.valid('json') }), 200),
  );
  app.openapi(actionRoute('discard', 'Discard the alert, with a reason', ReasonSchema), async (c) =>
    c.json(await act(c, c.req.valid('param').id, { action: 'discard', ...c.req.valid('json') }), 200),
  );
  app.openapi(actionRoute('monitor', 'Keep the alert under monitoring', NoteSchema), async (c) =>
    c.json(await act(c, c.req.valid('param').id, { action: 'monitor', ...c.req.valid('json') }), 200),
  );
  app.openapi(actionRoute('assess', 'Record (or revise) the risk assessment: hazard, exposure, context', AssessSchema), async (c) =>
    c.json(await act(c, c.req.valid('param').id, { action: 'assess', ...c.req.valid('json') }), 200),
  );
  app.openapi(
    actionRoute('characterise', 'Characterise the risk: likelihood × consequence → warning level', CharacteriseSchema),
    async (c) => c.json(await act(c, c.req.valid('param').id, { action: 'characterise', ...c.req.valid('json') }), 200),
  );
  app.openapi(actionRoute('close', 'Close the alert, with a reason', ReasonSchema), async (c) =>
    c.json(await act(c, c.req.valid('param').id, { action: 'close', ...c.req.valid('json') }), 200),
  );
  app.openapi(actionRoute('confirm', 'Confirm the alert as an event (the response opens an incident from it)', NoteSchema), async (c) =>
    c.json(await act(c, c.req.valid('param').id, { action: 'confirm', ...c.req.valid('json') }), 200),
  );

  app.openapi(filesRoute, async (c) => c.json(await listAlertFiles(database(c), requirePrincipal(c), idOf(c.req.valid('param').id)), 200));
  app.openapi(uploadRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id);
    const view = await uploadAlertFile(database(c), principal, id, await readUploadedFile(c), {
      ip: clientIp(c),
      limitBytes: c.get('deps').config.attachmentLimitBytes,
    });
    return c.json(view, 201);
  });
  app.openapi(downloadRoute, async (c) => {
    const principal = requirePrincipal(c);
    const { id, fileId } = c.req.valid('param');
    const file = await readAlertFile(database(c), principal, idOf(id), idOf(fileId, 'attachment'));
    return attachmentDownload(c, file) as never;
  });
}

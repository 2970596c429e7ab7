/**
 * HTTP adapter of event reports (event-based surveillance): file a report (events.report), read them
 * (alerts.read, within scope), attach a photo to one (its reporter or a verifier of the place).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { notFound } from '../../platform/errors.ts';
import { readUploadedFile } from '../../platform/files/attachments.ts';
import { EventReportCreateSchema, EventReportListQuerySchema, EventReportListSchema, EventReportSchema } from './event-reports.schema.ts';
import { attachToEventReport, getEventReport, listEventReportsFor, reportEvent } from './event-reports.service.ts';

const tags = ['alerts'];
const database = (c: AppContext) => c.get('deps').database;

function idOf(id: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound('event report');
  return id.toLowerCase();
}

const AttachmentSchema = z.object({
  id: z.uuid(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
});

const createRouteDef = createRoute({
  method: 'post',
  path: '/api/event-reports',
  tags,
  summary: 'Report a local event (opens an alert of class "event" at its place)',
  request: { body: jsonBody(EventReportCreateSchema) },
  responses: { 201: jsonResponse(EventReportSchema, 'Reported; the alert is open'), ...errorResponses(400, 401, 403, 415) },
});
const listRoute = createRoute({
  method: 'get',
  path: '/api/event-reports',
  tags,
  summary: 'Event reports in scope, newest first',
  request: { query: EventReportListQuerySchema },
  responses: { 200: jsonResponse(EventReportListSchema, 'A page of reports'), ...errorResponses(400, 401, 403) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/event-reports/{id}',
  tags,
  summary: 'One event report',
  request: { params: IdParam },
  responses: { 200: jsonResponse(EventReportSchema, 'The report'), ...errorResponses(401, 403, 404) },
});
const uploadRoute = createRoute({
  method: 'post',
  path: '/api/event-reports/{id}/files',
  tags,
  summary: 'Add a photo (or document) to the report\'s alert (multipart/form-data, field "file")',
  request: { params: IdParam },
  responses: { 201: jsonResponse(AttachmentSchema, 'Stored on the alert'), ...errorResponses(400, 401, 403, 404, 413, 415) },
});

/** Mounts the event-report routes (called by registerAlertsRoutes). */
export function registerEventReportRoutes(app: AppOpenAPI): void {
  app.openapi(createRouteDef, async (c) =>
    c.json(await reportEvent(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(listRoute, async (c) => c.json(await listEventReportsFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(getRoute, async (c) => c.json(await getEventReport(database(c), requirePrincipal(c), idOf(c.req.valid('param').id)), 200));
  app.openapi(uploadRoute, async (c) => {
    const principal = requirePrincipal(c);
    const view = await attachToEventReport(database(c), principal, idOf(c.req.valid('param').id), await readUploadedFile(c), {
      ip: clientIp(c),
      limitBytes: c.get('deps').config.attachmentLimitBytes,
    });
    return c.json(view, 201);
  });
}

/**
 * HTTP adapter of assessment (docs/assessment.md): validate, call the service, present.
 * Reads need assessment.read, writes assessment.manage, approvals assessment.approve (404 outside the scope).
 */
import { createRoute } from '@hono/zod-openapi';
import { type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import {
  BottleneckListSchema,
  EventNoteSchema,
  EventTableQuerySchema,
  EventTableSchema,
  SevenOneSevenQuerySchema,
  SevenOneSevenSchema,
} from './seven17.schema.ts';
import { bottleneckList, saveEventNoteAs, sevenOneSevenFor, sevenOneSevenTableFor } from './seven17.service.ts';
import { registerIndicatorRoutes } from './indicators.routes.ts';
import { registerReviewRoutes } from './reviews.routes.ts';
import { registerLessonRoutes } from './lessons.routes.ts';
import { registerSparRoutes } from './spar.routes.ts';
import { registerDetectionPerformanceRoutes } from './detection-performance.routes.ts';
import { registerDetectionBacktestRoutes } from './detection-backtest.routes.ts';
import { registerPlanLinkRoutes } from './plan-links.routes.ts';

const tags = ['assessment'];
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

const sevenOneSevenRoute = createRoute({
  method: 'get',
  path: '/api/assessment/717',
  tags,
  summary:
    "One event's 7-1-7: emergence, detection, notification and early-response times (ISO, null when unknown) and each interval as { days, status }",
  request: { query: SevenOneSevenQuerySchema },
  responses: { 200: jsonResponse(SevenOneSevenSchema, 'The 7-1-7 of the incident (or confirmed alert)'), ...oneErrors },
});
const noteRoute = createRoute({
  method: 'put',
  path: '/api/assessment/717',
  tags,
  summary: "Correct an event's emergence (with a reason) and choose its bottlenecks from the coded list (audited)",
  request: { body: jsonBody(EventNoteSchema) },
  responses: { 200: jsonResponse(SevenOneSevenSchema, 'The 7-1-7 as it now stands'), ...writeErrors },
});
const tableRoute = createRoute({
  method: 'get',
  path: '/api/assessment/717/events',
  tags,
  summary: 'The 7-1-7 of every event in your scope (incidents and confirmed alerts without one), the trend by quarter and the bottlenecks',
  request: { query: EventTableQuerySchema },
  responses: { 200: jsonResponse(EventTableSchema, 'Events, newest first'), ...readErrors },
});
const bottlenecksRoute = createRoute({
  method: 'get',
  path: '/api/assessment/bottlenecks',
  tags,
  summary: 'The coded list of 7-1-7 bottlenecks in themes',
  responses: { 200: jsonResponse(BottleneckListSchema, 'Themes and codes'), ...errorResponses(401, 403) },
});

export function registerAssessmentRoutes(app: AppOpenAPI): void {
  app.openapi(bottlenecksRoute, async (c) => {
    return c.json(bottleneckList(requirePrincipal(c)), 200);
  });
  app.openapi(tableRoute, async (c) =>
    c.json(await sevenOneSevenTableFor(c.get('deps').database.db, requirePrincipal(c), c.req.valid('query')), 200),
  );
  app.openapi(sevenOneSevenRoute, async (c) =>
    c.json(await sevenOneSevenFor(c.get('deps').database.db, requirePrincipal(c), c.req.valid('query')), 200),
  );
  app.openapi(noteRoute, async (c) =>
    c.json(await saveEventNoteAs(c.get('deps').database, requirePrincipal(c), c.req.valid('json'), clientIp(c)), 200),
  );
  registerIndicatorRoutes(app);
  registerReviewRoutes(app);
  registerLessonRoutes(app);
  registerSparRoutes(app);
  registerDetectionPerformanceRoutes(app);
  registerDetectionBacktestRoutes(app);
  registerPlanLinkRoutes(app);
}

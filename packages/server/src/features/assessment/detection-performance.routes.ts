/** HTTP adapter of the detection performance (docs/assessment.md). */
import { createRoute } from '@hono/zod-openapi';
import { type AppOpenAPI, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, jsonResponse } from '../../platform/http/schemas.ts';
import { DetectionPerformanceQuerySchema, DetectionPerformanceSchema } from './detection-performance.schema.ts';
import { detectionPerformanceFor } from './detection-performance.service.ts';

const performanceRoute = createRoute({
  method: 'get',
  path: '/api/assessment/detection-performance',
  tags: ['assessment'],
  summary:
    "The district's own detection performance per disease and method: signals against verified events — PPV, probability of detection (POD), false positive rate (FPR) by week, lead time — with the records",
  request: { query: DetectionPerformanceQuerySchema },
  responses: { 200: jsonResponse(DetectionPerformanceSchema, 'Figures per disease'), ...errorResponses(400, 401, 403, 404) },
});

export function registerDetectionPerformanceRoutes(app: AppOpenAPI): void {
  app.openapi(performanceRoute, async (c) =>
    c.json(await detectionPerformanceFor(c.get('deps').database.db, requirePrincipal(c), c.req.valid('query')), 200),
  );
}

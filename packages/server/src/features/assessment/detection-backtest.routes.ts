/** HTTP adapter of the back-test of the detection methods in use (docs/assessment.md). */
import { createRoute } from '@hono/zod-openapi';
import { type AppOpenAPI, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, jsonResponse } from '../../platform/http/schemas.ts';
import { DetectionBacktestQuerySchema, DetectionBacktestSchema, DetectionBacktestSettingsSchema } from './detection-backtest.schema.ts';
import { detectionBacktestFor, detectionBacktestSettingsFor } from './detection-backtest.service.ts';

const backtestRoute = createRoute({
  method: 'get',
  path: '/api/assessment/detection-backtest',
  tags: ['assessment'],
  summary:
    "The detection settings in use re-run over the district's own case history (1–3 years) and scored against its recorded outbreaks, per disease: POD, first-week POD, FPR by place-week, alarms per year, median delay — compared with a stricter and a looser threshold and the engine's other methods, with the records behind each figure",
  request: { query: DetectionBacktestQuerySchema },
  responses: { 200: jsonResponse(DetectionBacktestSchema, 'Figures per disease and variant'), ...errorResponses(400, 401, 403) },
});

const settingsRoute = createRoute({
  method: 'get',
  path: '/api/assessment/detection-backtest/settings',
  tags: ['assessment'],
  summary:
    'The diseases whose detection settings in use the back-test replays (within your scope), and the windows offered; nothing is replayed',
  responses: { 200: jsonResponse(DetectionBacktestSettingsSchema, 'Diseases and settings'), ...errorResponses(401, 403) },
});

export function registerDetectionBacktestRoutes(app: AppOpenAPI): void {
  app.openapi(settingsRoute, async (c) => c.json(await detectionBacktestSettingsFor(c.get('deps').database, requirePrincipal(c)), 200));
  app.openapi(backtestRoute, async (c) =>
    c.json(await detectionBacktestFor(c.get('deps').database, requirePrincipal(c), c.req.valid('query')), 200),
  );
}

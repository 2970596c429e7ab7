/** HTTP adapter of the indicators (docs/assessment.md). */
import { createRoute } from '@hono/zod-openapi';
import { type AppOpenAPI, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, jsonResponse } from '../../platform/http/schemas.ts';
import { IndicatorsQuerySchema, IndicatorsSchema } from './indicators.schema.ts';
import { indicatorsFor } from './indicators.service.ts';

const indicatorsRoute = createRoute({
  method: 'get',
  path: '/api/assessment/indicators',
  tags: ['assessment'],
  summary:
    'Indicators from the records for a period and township: reporting timeliness, alert verification, confirmation to activation, task on-time rate by agency, attack rate and CFR per incident — each with its records',
  request: { query: IndicatorsQuerySchema },
  responses: { 200: jsonResponse(IndicatorsSchema, 'The figures and their records'), ...errorResponses(400, 401, 403, 404) },
});

export function registerIndicatorRoutes(app: AppOpenAPI): void {
  app.openapi(indicatorsRoute, async (c) =>
    c.json(await indicatorsFor(c.get('deps').database.db, requirePrincipal(c), c.req.valid('query')), 200),
  );
}

/**
 * HTTP routes of the surveillance dashboard (docs/dashboard.md). All are reads: `dashboard.read` plus the right
 * of what each panel shows, within the reader's jurisdiction subtree. (The registry's figures stay at
 * /api/dashboard/summary, served by the registry feature.)
 */
import { createRoute } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, jsonResponse } from '../../platform/http/schemas.ts';
import {
  AlertsQuerySchema,
  CommunityFiguresSchema,
  CommunityQuerySchema,
  CurveQuerySchema,
  CurveSchema,
  DashboardAlertListSchema,
  DiseaseSummaryListSchema,
  RangeQuerySchema,
  TimelinessSchema,
  TownshipFiguresSchema,
  TownshipQuerySchema,
  BasisSchema,
} from './dashboard.schema.ts';
import { cached } from './dashboard.cache.ts';
import { communityFigures, diseaseSummary, epidemicCurve, timeliness, topAlerts, townshipFigures } from './dashboard.service.ts';
import type { Principal } from '../../platform/auth/scope.ts';

const tags = ['dashboard'];
const errors = errorResponses(400, 401, 403, 404);
const database = (c: AppContext) => c.get('deps').database.db;

const diseasesRoute = createRoute({
  method: 'get',
  path: '/api/dashboard/diseases',
  tags,
  summary: 'Every active disease with its cases in the period (and a year before) and its open alerts; for the disease picker',
  request: { query: RangeQuerySchema.extend({ basis: BasisSchema.default('onset') }) },
  responses: { 200: jsonResponse(DiseaseSummaryListSchema, 'Diseases'), ...errors },
});

const curveRoute = createRoute({
  method: 'get',
  path: '/api/dashboard/curve',
  tags,
  summary: 'Epidemic curve of one disease by onset or report date, daily or weekly, with baseline band and detection signals',
  request: { query: CurveQuerySchema },
  responses: { 200: jsonResponse(CurveSchema, 'Curve'), ...errors },
});

const townshipsRoute = createRoute({
  method: 'get',
  path: '/api/dashboard/townships',
  tags,
  summary: 'Per township: cases, incidence per 100,000 and open alerts (for the map)',
  request: { query: TownshipQuerySchema },
  responses: { 200: jsonResponse(TownshipFiguresSchema, 'Townships'), ...errors },
});

const alertsRoute = createRoute({
  method: 'get',
  path: '/api/dashboard/alerts',
  tags,
  summary: 'Open alerts most in need of attention (verification deadline first)',
  request: { query: AlertsQuerySchema },
  responses: { 200: jsonResponse(DashboardAlertListSchema, 'Alerts'), ...errors },
});

const communitiesRoute = createRoute({
  method: 'get',
  path: '/api/dashboard/communities',
  tags,
  summary: "Per community of one township: cases, incidence and open alerts (a township officer's map)",
  request: { query: CommunityQuerySchema },
  responses: { 200: jsonResponse(CommunityFiguresSchema, 'Communities'), ...errors },
});

const timelinessRoute = createRoute({
  method: 'get',
  path: '/api/dashboard/timeliness',
  tags,
  summary: 'Reporting timeliness by facility (diagnosis to report against the deadline)',
  request: { query: RangeQuerySchema },
  responses: { 200: jsonResponse(TimelinessSchema, 'Timeliness'), ...errors },
});

/**
 * Mounts the dashboard routes on the application.
 * @example registerDashboardRoutes(app); // in createApp
 */
export function registerDashboardRoutes(app: AppOpenAPI): void {
  // Each answer goes through the dashboard cache (dashboard.cache.ts): shared between identical concurrent
  // requests, kept until a live event about cases, signals or alerts.
  const answer = <T>(c: AppContext, endpoint: string, query: unknown, compute: (principal: Principal) => Promise<T>) => {
    const principal = requirePrincipal(c);
    return cached(c.get('deps'), principal, endpoint, query, () => compute(principal));
  };
  app.openapi(diseasesRoute, async (c) => {
    const q = c.req.valid('query');
    return c.json(await answer(c, 'diseases', q, (p) => diseaseSummary(database(c), p, q)), 200);
  });
  app.openapi(curveRoute, async (c) => {
    const q = c.req.valid('query');
    return c.json(await answer(c, 'curve', q, (p) => epidemicCurve(database(c), p, q)), 200);
  });
  app.openapi(communitiesRoute, async (c) => {
    const q = c.req.valid('query');
    return c.json(await answer(c, 'communities', q, (p) => communityFigures(database(c), p, q)), 200);
  });
  app.openapi(townshipsRoute, async (c) => {
    const q = c.req.valid('query');
    return c.json(await answer(c, 'townships', q, (p) => townshipFigures(database(c), p, q)), 200);
  });
  app.openapi(alertsRoute, async (c) => {
    const q = c.req.valid('query');
    return c.json(await answer(c, 'alerts', q, (p) => topAlerts(database(c), p, q)), 200);
  });
  app.openapi(timelinessRoute, async (c) => {
    const q = c.req.valid('query');
    return c.json(await answer(c, 'timeliness', q, (p) => timeliness(database(c), p, q)), 200);
  });
}

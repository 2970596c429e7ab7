/**
 * The application factory: middleware, every feature's routes, the OpenAPI document and (optionally) the
 * built web app. Tests call `createApp(deps).request(...)` in-process; `outbreak serve` serves the same app.
 *
 * @example
 * const app = createApp({ database, config, log });
 * const res = await app.request('/api/health');
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { registerAuditRoutes } from './features/audit/audit.routes.ts';
import { registerAlertsRoutes } from './features/alerts/alerts.routes.ts';
import { registerCasesRoutes } from './features/cases/cases.routes.ts';
import { registerCatalogueRoutes } from './features/catalogue/catalogue.routes.ts';
import { registerContactsRoutes } from './features/contacts/contacts.routes.ts';
import { registerDashboardRoutes } from './features/dashboard/dashboard.routes.ts';
import { registerDetectionRoutes } from './features/detection/detection.routes.ts';
import { registerFeedsRoutes } from './features/feeds/feeds.routes.ts';
import { registerOccupancyRoutes } from './features/occupancy/index.ts';
import { registerImportsRoutes } from './features/imports/imports.routes.ts';
import { registerIncidentsRoutes } from './features/incidents/incidents.routes.ts';
import { registerMeetingsRoutes } from './features/meetings/meetings.routes.ts';
import { registerNotificationsRoutes } from './features/notifications/notifications.routes.ts';
import { registerPlansRoutes } from './features/plans/plans.routes.ts';
import { registerReportsRoutes } from './features/reports/reports.routes.ts';
import { registerQuarantineRoutes } from './features/quarantine/quarantine.routes.ts';
import { registerPsychRoutes } from './features/psych/psych.routes.ts';
import { registerTasksRoutes } from './features/tasks/tasks.routes.ts';
import { registerAuthRoutes } from './features/auth/auth.routes.ts';
import { type AppModule, registerPlatformRoutes } from './features/platform/platform.routes.ts';
import { registerRegistryRoutes } from './features/registry/registry.routes.ts';
import { registerUsersRoutes } from './features/users/users.routes.ts';
import { registerTravelRoutes } from './features/travel/travel.routes.ts';
import { registerInvestigationsRoutes } from './features/investigations/investigations.routes.ts';
import { registerStockRoutes } from './features/stock/index.ts';
import { loadPrincipal } from './features/users/users.store.ts';
import { AppError, payloadTooLarge, unauthenticated, validationFailed } from './platform/errors.ts';
import type { AppDeps, AppEnv, AppOpenAPI } from './platform/http/context.ts';
import { csrf } from './platform/http/csrf.ts';
import { inputGuard } from './platform/http/input-guard.ts';
import { errorResponse, toAppError, zodIssues } from './platform/http/error-handler.ts';
import { sessionLoader } from './platform/http/session.ts';
import { webApp } from './platform/http/static.ts';
import { registerOpenApiRoutes } from './platform/openapi/docs.ts';
import { registerFeatureHooks } from './features/feature-hooks.ts';
import { registerAssessmentRoutes } from './features/assessment/assessment.routes.ts';
import {
  freshPublicEntry,
  leanPublicAnswer,
  publicCacheKeyOf,
  registerBulletinsRoutes,
  registerPublicRoutes,
} from './features/bulletins/index.ts';
import { registerVolunteersRoutes } from './features/volunteers/index.ts';
import { registerTrainingRoutes } from './features/training/index.ts';
import { registerEducationRoutes } from './features/education/index.ts';
import { registerNeighboursRoutes } from './features/neighbours/index.ts';
import { registerExercisesRoutes } from './features/exercises/exercises.routes.ts';

export interface CreateAppOptions {
  /** serve the built web app from config.webDist (the server does; API tests need not) */
  serveWeb?: boolean;
}

/** API paths answered without a session (everything else under /api needs one: 401). */
const PUBLIC_API = new Set(['/api/health', '/api/ready', '/api/modules', '/api/auth/login', '/api/auth/logout', '/api/openapi.json']);
const isPublicApi = (path: string) =>
  PUBLIC_API.has(path) || path === '/api/docs' || path.startsWith('/api/docs/') || path.startsWith('/api/public/');

/** Paths that receive files: imports (/api/imports/…) and attachments (…/files). */
export const isUploadPath = (path: string) => path.startsWith('/api/imports/') || path === '/api/imports' || /\/files$/.test(path);

/**
 * Content-Security-Policy: only our own origin. MapLibre needs blob: workers and data:/blob: images; Ant
 * Design injects <style> elements at run time (CSS-in-JS), hence 'unsafe-inline' for styles only.
 */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'", 'blob:'],
  childSrc: ["'self'", 'blob:'],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

const SECURE_HEADERS = { contentSecurityPolicy: CSP, crossOriginEmbedderPolicy: false, referrerPolicy: 'same-origin' } as const;

/** The headers the security middleware adds to an answer, made once by the middleware itself (for the lean path). */
async function securityHeadersOnce(): Promise<Readonly<Record<string, string>>> {
  const probe = new Hono();
  probe.use('*', secureHeaders(SECURE_HEADERS));
  probe.get('*', (c) => c.body(null, 204));
  const res = await probe.request('/');
  return Object.freeze(Object.fromEntries(res.headers.entries()));
}

/** Builds the application. */
export function createApp(deps: AppDeps, options: CreateAppOptions = {}): AppOpenAPI {
  registerFeatureHooks();
  const app: AppOpenAPI = new OpenAPIHono<AppEnv>({
    // zod failures of params, query and body: 400 naming each field
    defaultHook: (result) => {
      if (!result.success) {
        const prefix = result.target === 'json' ? '' : result.target;
        throw validationFailed(zodIssues(result.error, prefix));
      }
    },
  });

  app.onError((err, c) => {
    const error = err instanceof AppError ? err : toAppError(err, deps.log, { method: c.req.method, path: c.req.path });
    return errorResponse(c, error);
  });
  app.notFound((c) => errorResponse(c, new AppError('not_found', `No route ${c.req.method} ${c.req.path}`)));

  // The lean path of the public portal under a spike (docs/benchmarks.md, "Public portal"): a GET whose answer is
  // kept and fresh is answered here, first, before the access log, body limits, CSRF, the input guard, the session
  // and the route's validation — none of which an anonymous read of a kept public answer needs (a key is only ever
  // kept after its request passed them). The answer is bytes made once (compressed once, public.cache.ts) with a
  // header record made once per kept answer, the security headers included: those are made once by the security
  // middleware itself (securityHeadersOnce), so the lean answer carries exactly what the middleware would add.
  // Until they are made (the first moments of a process), and for everything else, the normal way.
  let security: Readonly<Record<string, string>> | undefined;
  securityHeadersOnce().then(
    (headers) => {
      security = headers;
    },
    (error: unknown) => deps.log.warn('the lean public path is off: the security headers could not be made', { error: String(error) }),
  );
  app.use('/api/public/*', async (c, next) => {
    if (security && c.req.method === 'GET') {
      const entry = freshPublicEntry(publicCacheKeyOf(c.req.url));
      if (entry) {
        // Node's own parsed headers when served by @hono/node-server (no Fetch Headers object is built)
        const incoming = (c.env as { incoming?: { headers: Record<string, string | string[] | undefined> } } | undefined)?.incoming;
        const header = (name: string) => {
          const value = incoming ? incoming.headers[name] : c.req.header(name);
          return Array.isArray(value) ? value.join(', ') : value;
        };
        return leanPublicAnswer(entry, { acceptEncoding: header('accept-encoding'), ifNoneMatch: header('if-none-match') }, security);
      }
    }
    await next();
  });
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    const started = performance.now();
    await next();
    // An access log: writes at info (they change something), reads at debug (they are many).
    if (c.req.path.startsWith('/api/')) {
      const write = c.req.method !== 'GET' && c.req.method !== 'HEAD';
      (write ? deps.log.info : deps.log.debug)(`${c.req.method} ${c.req.path} ${c.res.status}`, {
        ms: Math.round(performance.now() - started),
        user: c.get('principal')?.username ?? null,
      });
    }
  });
  // The site's security headers on every answer; an answer that sets its own Content-Security-Policy (a public
  // image: "default-src 'none'; sandbox") keeps it — the middleware alone would overwrite it with the site's.
  const secure = secureHeaders(SECURE_HEADERS);
  app.use('*', async (c, next) => {
    let own: string | null = null;
    await secure(c, async () => {
      await next();
      own = c.res.headers.get('Content-Security-Policy');
    });
    if (own) c.res.headers.set('Content-Security-Policy', own);
  });
  // File uploads (line-list imports, attachments) get their own, larger limit; every other body the small one.
  const jsonLimit = bodyLimit({
    maxSize: deps.config.bodyLimitBytes,
    onError: () => {
      throw payloadTooLarge(deps.config.bodyLimitBytes);
    },
  });
  const uploadLimit = bodyLimit({
    maxSize: deps.config.uploadLimitBytes,
    onError: () => {
      throw payloadTooLarge(deps.config.uploadLimitBytes);
    },
  });
  app.use('/api/*', (c, next) => (isUploadPath(c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next)));
  app.use('/api/*', csrf());
  app.use('/api/*', inputGuard());
  app.use('/api/*', sessionLoader(loadPrincipal));
  app.use('/api/*', async (c, next) => {
    if (!isPublicApi(c.req.path) && !c.get('principal')) throw unauthenticated();
    await next();
  });
  app.use('/api/*', async (c, next) => {
    await next();
    // API answers are per user: never cached by the browser or a proxy (the public API sets its own caching)
    if (!c.req.path.startsWith('/api/docs') && !(c.req.path.startsWith('/api/public/') && c.res.headers.has('Cache-Control'))) {
      c.header('Cache-Control', 'no-store');
    }
  });

  const modules: AppModule[] = [
    { id: 'dashboard', right: 'dashboard.read' },
    { id: 'registry', right: 'registry.read' },
    { id: 'users', right: 'users.manage' },
    { id: 'audit', right: 'audit.read' },
    { id: 'cases', right: 'cases.read' },
    { id: 'contacts', right: 'contacts.read' },
    { id: 'imports', right: 'cases.import' },
    { id: 'feeds', right: 'feeds.read' },
    { id: 'detection', right: 'signals.read' },
    { id: 'alerts', right: 'alerts.read' },
    { id: 'notifications', right: null },
    { id: 'plans', right: 'plans.read' },
    { id: 'incidents', right: 'incidents.read' },
    { id: 'tasks', right: 'tasks.read' },
    { id: 'meetings', right: 'incidents.read' },
    { id: 'reports', right: 'reports.read' },
    { id: 'travel', right: 'travel.read' },
    { id: 'investigations', right: 'cases.read' },
    { id: 'quarantine', right: 'quarantine.read' },
    // psychological assistance: everyone sees the aggregates; the team's pages check counselling.read
    { id: 'psych', right: 'dashboard.read' },
    { id: 'assessment', right: 'assessment.read' },
    { id: 'stock', right: 'stock.read' },
    { id: 'bulletins', right: 'bulletins.read' },
    { id: 'volunteers', right: 'volunteers.read' },
    { id: 'training', right: 'training.read' },
    { id: 'education', right: 'education.read' },
    { id: 'neighbours', right: 'neighbours.read' },
    { id: 'exercises', right: 'exercises.read' },
  ];
  registerPlatformRoutes(app, modules);
  registerAuthRoutes(app);
  registerUsersRoutes(app);
  registerAuditRoutes(app);
  registerRegistryRoutes(app);
  registerNotificationsRoutes(app);
  registerCatalogueRoutes(app);
  registerCasesRoutes(app);
  registerContactsRoutes(app);
  registerImportsRoutes(app);
  registerFeedsRoutes(app);
  registerOccupancyRoutes(app);
  registerDetectionRoutes(app);
  registerAlertsRoutes(app);
  registerDashboardRoutes(app);
  registerPlansRoutes(app);
  registerIncidentsRoutes(app);
  registerTasksRoutes(app);
  registerMeetingsRoutes(app);
  registerTravelRoutes(app);
  registerInvestigationsRoutes(app);
  registerReportsRoutes(app);
  registerQuarantineRoutes(app);
  registerPsychRoutes(app);
  registerAssessmentRoutes(app);
  registerStockRoutes(app);
  registerBulletinsRoutes(app);
  registerExercisesRoutes(app);
  registerPublicRoutes(app);
  registerVolunteersRoutes(app);
  registerTrainingRoutes(app);
  registerEducationRoutes(app);
  registerNeighboursRoutes(app);
  registerOpenApiRoutes(app);

  if (options.serveWeb) app.use('*', webApp(deps.config.webDist));
  return app;
}

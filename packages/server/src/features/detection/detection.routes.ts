/**
 * HTTP adapter of detection: settings (`detection.configure` to change, `signals.read` to read), runs ("run now"),
 * signals and the back-test. Validate, call the service, present.
 */
import { createRoute } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { notFound } from '../../platform/errors.ts';
import { exportFileResponse, exportQuerySchema, streamListExport } from '../../platform/export/export.ts';
import { SIGNAL_EXPORT_COLUMNS, signalExportFor } from './signals.export.ts';
import { backtestFor } from './detection.backtest.ts';
import {
  BacktestResultSchema,
  BacktestSchema,
  ConfigCreateSchema,
  ConfigListQuerySchema,
  ConfigListSchema,
  ConfigPatchSchema,
  ConfigSchema,
  MethodListSchema,
  RunCreateSchema,
  RunListQuerySchema,
  RunListSchema,
  RunSchema,
  SignalListQuerySchema,
  SignalListSchema,
  SignalSchema,
} from './detection.schema.ts';
import {
  createConfig,
  deleteConfig,
  getConfig,
  getRunFor,
  getSignalFor,
  listConfigsFor,
  listMethodsFor,
  listRunsFor,
  listSignalsFor,
  runNow,
  updateConfig,
} from './detection.service.ts';

import { CaseLineListSchema } from '../cases/index.ts';
import { signalCasesFor } from './signal-cases.ts';
const tags = ['detection'];
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const database = (c: AppContext) => c.get('deps').database;

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const methodsRoute = createRoute({
  method: 'get',
  path: '/api/detection/methods',
  tags,
  summary: 'Detection methods a setting may use, with their default parameters',
  responses: { 200: jsonResponse(MethodListSchema, 'Methods'), ...errorResponses(401, 403) },
});
const listConfigsRoute = createRoute({
  method: 'get',
  path: '/api/detection/configs',
  tags,
  summary: 'Detection settings covering your jurisdictions',
  request: { query: ConfigListQuerySchema },
  responses: { 200: jsonResponse(ConfigListSchema, 'Settings'), ...readErrors },
});
const getConfigRoute = createRoute({
  method: 'get',
  path: '/api/detection/configs/{id}',
  tags,
  summary: 'One detection setting',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ConfigSchema, 'The setting'), ...oneErrors },
});
const createConfigRoute = createRoute({
  method: 'post',
  path: '/api/detection/configs',
  tags,
  summary: 'Create a detection setting (method and parameters default to the catalogue; parameters are checked by running the method)',
  request: { body: jsonBody(ConfigCreateSchema) },
  responses: { 201: jsonResponse(ConfigSchema, 'Created'), ...writeErrors },
});
const patchConfigRoute = createRoute({
  method: 'patch',
  path: '/api/detection/configs/{id}',
  tags,
  summary: 'Change a detection setting',
  request: { params: IdParam, body: jsonBody(ConfigPatchSchema) },
  responses: { 200: jsonResponse(ConfigSchema, 'Changed'), ...writeErrors },
});
const deleteConfigRoute = createRoute({
  method: 'delete',
  path: '/api/detection/configs/{id}',
  tags,
  summary: 'Delete a detection setting (its signals stay)',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...oneErrors },
});
const listRunsRoute = createRoute({
  method: 'get',
  path: '/api/detection/runs',
  tags,
  summary: 'Detection runs, newest first',
  request: { query: RunListQuerySchema },
  responses: { 200: jsonResponse(RunListSchema, 'A page of runs'), ...readErrors },
});
const getRunRoute = createRoute({
  method: 'get',
  path: '/api/detection/runs/{id}',
  tags,
  summary: 'One detection run',
  request: { params: IdParam },
  responses: { 200: jsonResponse(RunSchema, 'The run'), ...oneErrors },
});
const createRunRoute = createRoute({
  method: 'post',
  path: '/api/detection/runs',
  tags,
  summary: 'Run detection now (idempotent: a day already evaluated gives no new signals)',
  request: { body: jsonBody(RunCreateSchema) },
  responses: { 201: jsonResponse(RunSchema, 'The finished run'), ...writeErrors },
});
const backtestRoute = createRoute({
  method: 'post',
  path: '/api/detection/backtest',
  tags,
  summary: 'Run a method over past days or weeks of one place: which periods would have alarmed (nothing is stored)',
  request: { body: jsonBody(BacktestSchema) },
  responses: {
    200: jsonResponse(BacktestResultSchema, 'Periods with observed, threshold and alarm'),
    ...errorResponses(400, 401, 403, 404, 413, 415),
  },
});
const listSignalsRoute = createRoute({
  method: 'get',
  path: '/api/signals',
  tags,
  summary: 'Signals in your jurisdictions, newest period first',
  request: { query: SignalListQuerySchema },
  responses: { 200: jsonResponse(SignalListSchema, 'A page of signals'), ...readErrors },
});
const exportSignalsRoute = createRoute({
  method: 'get',
  path: '/api/signals/export',
  tags,
  summary: "The signal list as xlsx or CSV: the list's filters within your scope; audited",
  request: { query: exportQuerySchema(SignalListQuerySchema) },
  responses: { 200: exportFileResponse, ...readErrors },
});
const getSignalRoute = createRoute({
  method: 'get',
  path: '/api/signals/{id}',
  tags,
  summary: 'One signal with its explanation',
  request: { params: IdParam },
  responses: { 200: jsonResponse(SignalSchema, 'The signal'), ...oneErrors },
});

const signalCasesRoute = createRoute({
  method: 'get',
  path: '/api/signals/{id}/cases',
  tags,
  summary:
    'The cases the signal counted (its disease, place — every township of a cluster — and period), within your rights: identity masked as in the case list; without cases.read only the total',
  request: { params: IdParam },
  responses: { 200: jsonResponse(CaseLineListSchema, 'The line list'), ...oneErrors },
});

/**
 * Mounts the detection routes on the application.
 * @example registerDetectionRoutes(app); // in createApp
 */
export function registerDetectionRoutes(app: AppOpenAPI): void {
  app.openapi(methodsRoute, (c) => c.json(listMethodsFor(requirePrincipal(c)), 200));
  app.openapi(listConfigsRoute, async (c) => c.json(await listConfigsFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(getConfigRoute, async (c) =>
    c.json(await getConfig(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'detection config')), 200),
  );
  app.openapi(createConfigRoute, async (c) =>
    c.json(await createConfig(database(c), requirePrincipal(c), c.req.valid('json'), { ip: clientIp(c) }), 201),
  );
  app.openapi(patchConfigRoute, async (c) =>
    c.json(
      await updateConfig(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'detection config'), c.req.valid('json'), {
        ip: clientIp(c),
      }),
      200,
    ),
  );
  app.openapi(deleteConfigRoute, async (c) => {
    await deleteConfig(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'detection config'), { ip: clientIp(c) });
    return c.body(null, 204);
  });
  app.openapi(listRunsRoute, async (c) => {
    const q = c.req.valid('query');
    return c.json(await listRunsFor(database(c), requirePrincipal(c), q.page, q.pageSize), 200);
  });
  app.openapi(getRunRoute, async (c) =>
    c.json(await getRunFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'detection run')), 200),
  );
  app.openapi(createRunRoute, async (c) =>
    c.json(await runNow(database(c), requirePrincipal(c), c.req.valid('json'), { ip: clientIp(c) }), 201),
  );
  app.openapi(backtestRoute, async (c) => c.json(await backtestFor(database(c), requirePrincipal(c), c.req.valid('json')), 200));
  app.openapi(listSignalsRoute, async (c) => c.json(await listSignalsFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(signalCasesRoute, async (c) =>
    c.json(await signalCasesFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'signal')), 200),
  );
  app.openapi(exportSignalsRoute, async (c) => {
    const { format, lang, check: _check, ...filters } = c.req.valid('query');
    const batches = signalExportFor(database(c), requirePrincipal(c), filters);
    return streamListExport(c, { list: 'signals', format, lang, filters, columns: SIGNAL_EXPORT_COLUMNS, batches }) as never;
  });
  app.openapi(getSignalRoute, async (c) =>
    c.json(await getSignalFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'signal')), 200),
  );
}

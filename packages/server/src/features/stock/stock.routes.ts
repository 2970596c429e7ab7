/**
 * HTTP adapter of emergency materials and logistics (docs/stock.md): validate, call the service, present.
 * The outside checks' names are kept exactly: GET /api/stock/items, POST /api/stock/movements, GET /api/stock.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { registerStockExerciseRoutes } from './stock.exercise.routes.ts';
import { renderDispatchNotePdf } from './stock.pdf.ts';
import { deleteScenarioAs, getScenarioFor, listScenariosFor, saveScenarioAs, scenarioInputsFor } from './stock.scenarios.ts';
import {
  answerAs,
  approveAs,
  cancelAs,
  commitAs,
  createRequestAs,
  dispatchAs,
  dispatchNoteData,
  getRequestFor,
  listRequestsFor,
  receiveAs,
  rejectAs,
  requestBoardFor,
  requestInfoAs,
} from './stock.requests.ts';
import {
  BalanceListSchema,
  BalanceQuery,
  FefoQuery,
  FefoSchema,
  ItemCreateSchema,
  ItemListQuery,
  ItemListSchema,
  ItemPatchSchema,
  ItemSchema,
  MinimumSchema,
  MovementCreateSchema,
  MovementListQuery,
  MovementListSchema,
  MovementSchema,
  RequestApproveSchema,
  RequestBoardSchema,
  RequestCommitSchema,
  RequestCreateSchema,
  RequestDetailSchema,
  RequestListQuery,
  RequestListSchema,
  RequestNoteSchema,
  RequestOptionalNoteSchema,
  RequestReceiveSchema,
  ScenarioInputsQuery,
  ScenarioInputsSchema,
  ScenarioListSchema,
  ScenarioSaveSchema,
  ScenarioSchema,
  SiteListSchema,
  SummaryQuery,
  SummarySchema,
} from './stock.schema.ts';
import {
  balancesFor,
  createItemAs,
  fefoFor,
  listItemsFor,
  listMovementsFor,
  listSitesFor,
  recordMovementAs,
  setMinimumAs,
  summaryFor,
  updateItemAs,
} from './stock.service.ts';

const tags = ['stock'];
const database = (c: AppContext) => c.get('deps').database;
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}
const lower = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' && UUID_PATTERN.test(v) ? v.toLowerCase() : v])) as T;

const itemsRoute = createRoute({
  method: 'get',
  path: '/api/stock/items',
  tags,
  summary: 'The item catalogue: PPE, test kits, disinfectants, medicines, oxygen, ventilators, beds, vehicles',
  request: { query: ItemListQuery },
  responses: { 200: jsonResponse(ItemListSchema, 'The items'), ...readErrors },
});
const createItemRoute = createRoute({
  method: 'post',
  path: '/api/stock/items',
  tags,
  summary: 'Add an item to the catalogue (resources.manage; audited)',
  request: { body: jsonBody(ItemCreateSchema) },
  responses: { 201: jsonResponse(ItemSchema, 'Created'), ...writeErrors },
});
const patchItemRoute = createRoute({
  method: 'patch',
  path: '/api/stock/items/{id}',
  tags,
  summary: "Change an item's details, consumption rates, or withdraw it (active: false) (resources.manage; audited)",
  request: { params: IdParam, body: jsonBody(ItemPatchSchema) },
  responses: { 200: jsonResponse(ItemSchema, 'Saved'), ...writeErrors },
});
const balancesRoute = createRoute({
  method: 'get',
  path: '/api/stock',
  tags,
  summary: 'Stock on hand by item, site and lot (derived from the ledger), in your area',
  request: { query: BalanceQuery },
  responses: { 200: jsonResponse(BalanceListSchema, 'Lots held'), ...readErrors },
});
const sitesRoute = createRoute({
  method: 'get',
  path: '/api/stock/sites',
  tags,
  summary: 'Sites that hold stock (registry facilities: warehouses first, then hospital and health-centre stores) in your area',
  responses: { 200: jsonResponse(SiteListSchema, 'The sites'), ...readErrors },
});
const fefoRoute = createRoute({
  method: 'get',
  path: '/api/stock/fefo',
  tags,
  summary: 'Which lots to pick for a quantity: first expiry, first out (expired lots are not picked)',
  request: { query: FefoQuery },
  responses: { 200: jsonResponse(FefoSchema, 'The suggestion'), ...oneErrors },
});
const summaryRoute = createRoute({
  method: 'get',
  path: '/api/stock/summary',
  tags,
  summary: 'Per item and site: usable, expired and soon-expiring stock, minimum, use rate, days of cover, stock-out date, incoming',
  request: { query: SummaryQuery },
  responses: { 200: jsonResponse(SummarySchema, 'The picture'), ...oneErrors },
});
const movementsRoute = createRoute({
  method: 'get',
  path: '/api/stock/movements',
  tags,
  summary: 'The ledger: movements at sites in your area, newest first',
  request: { query: MovementListQuery },
  responses: { 200: jsonResponse(MovementListSchema, 'A page of movements'), ...readErrors },
});
const createMovementRoute = createRoute({
  method: 'post',
  path: '/api/stock/movements',
  tags,
  summary:
    'Record a receipt, issue, transfer, adjustment or disposal (resources.manage over the site; audited). 409 conflict (insufficient_stock), writing nothing, when it takes more than the lots hold',
  request: { body: jsonBody(MovementCreateSchema) },
  responses: { 201: jsonResponse(MovementSchema, 'Recorded, with its ledger entries'), ...writeErrors },
});
const minimumRoute = createRoute({
  method: 'put',
  path: '/api/stock/minimums',
  tags,
  summary: 'Set the minimum stock of an item at a site (below it: a warning) (resources.manage; audited)',
  request: { body: jsonBody(MinimumSchema) },
  responses: { 200: jsonResponse(MinimumSchema, 'Saved'), ...writeErrors },
});
const requestsRoute = createRoute({
  method: 'get',
  path: '/api/stock/requests',
  tags,
  summary: 'Material requests from your area (status "open": not finished), the open ones by needed-by day',
  request: { query: RequestListQuery },
  responses: { 200: jsonResponse(RequestListSchema, 'A page of requests'), ...readErrors },
});
const boardRoute = createRoute({
  method: 'get',
  path: '/api/stock/requests/board',
  tags,
  summary: 'Requests by state, open requests by age, overdue count',
  responses: { 200: jsonResponse(RequestBoardSchema, 'The board'), ...readErrors },
});
const requestRoute = createRoute({
  method: 'get',
  path: '/api/stock/requests/{id}',
  tags,
  summary: 'One request: lines, fills per step, history, and the steps open to you',
  request: { params: IdParam },
  responses: { 200: jsonResponse(RequestDetailSchema, 'The request'), ...oneErrors },
});
const createRequestRoute = createRoute({
  method: 'post',
  path: '/api/stock/requests',
  tags,
  summary: 'Request materials for a facility, township, agency or neighbouring district (stock.request; audited, approvers told)',
  request: { body: jsonBody(RequestCreateSchema) },
  responses: { 201: jsonResponse(RequestDetailSchema, 'Submitted'), ...writeErrors },
});
const dispatchNoteRoute = createRoute({
  method: 'get',
  path: '/api/stock/requests/{id}/dispatch-note',
  tags,
  summary: 'The dispatch note (PDF) of a committed request: lots picked, signature lines',
  request: { params: IdParam },
  responses: {
    200: { description: 'A PDF document', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(401, 403, 404, 409),
  },
});

const scenarioInputsRoute = createRoute({
  method: 'get',
  path: '/api/stock/scenario-inputs',
  tags,
  summary:
    'What a scenario starts from (models.run): townships, borders, neighbours and flows, the port, 28 days of cases, bed/ICU capacity, consumption rates, stock and use per site',
  request: { query: ScenarioInputsQuery },
  responses: { 200: jsonResponse(ScenarioInputsSchema, 'The inputs'), ...readErrors },
});
const scenariosRoute = createRoute({
  method: 'get',
  path: '/api/stock/scenarios',
  tags,
  summary: 'Saved scenarios of your area, newest first (models.run)',
  responses: { 200: jsonResponse(ScenarioListSchema, 'The scenarios'), ...readErrors },
});
const scenarioRoute = createRoute({
  method: 'get',
  path: '/api/stock/scenarios/{id}',
  tags,
  summary: 'One saved scenario with its inputs and result (models.run)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ScenarioSchema, 'The scenario'), ...oneErrors },
});
const saveScenarioRoute = createRoute({
  method: 'post',
  path: '/api/stock/scenarios',
  tags,
  summary: 'Save a scenario: its inputs and the projection computed in the browser (models.run; audited)',
  request: { body: jsonBody(ScenarioSaveSchema) },
  responses: { 201: jsonResponse(ScenarioSchema, 'Saved'), ...writeErrors },
});
const deleteScenarioRoute = createRoute({
  method: 'delete',
  path: '/api/stock/scenarios/{id}',
  tags,
  summary: 'Delete a saved scenario (models.run; audited)',
  request: { params: IdParam },
  responses: { 204: { description: 'Deleted' }, ...errorResponses(401, 403, 404) },
});

function stepRoute<B extends z.ZodType>(path: string, summary: string, body: B) {
  return createRoute({
    method: 'post',
    path: `/api/stock/requests/{id}/${path}`,
    tags,
    summary,
    request: { params: IdParam, body: jsonBody(body) },
    responses: { 200: jsonResponse(RequestDetailSchema, 'The request after the step'), ...writeErrors },
  });
}
const infoRoute = stepRoute('request-info', 'Ask the requester for more information (stock.approve, not the requester)', RequestNoteSchema);
const answerRoute = stepRoute('answer', 'Answer the question and resubmit (the requester side)', RequestNoteSchema);
const approveRoute = stepRoute(
  'approve',
  'Approve in full or in part, per line (stock.approve, never the requester; a note says why less)',
  RequestApproveSchema,
);
const rejectRoute = stepRoute('reject', 'Reject with a reason (stock.approve, never the requester)', RequestNoteSchema);
const commitRoute = stepRoute(
  'commit',
  "Commit from a site's stock, FEFO (resources.manage over the site; 409 when it does not suffice)",
  RequestCommitSchema,
);
const dispatchRoute = stepRoute('dispatch', 'Mark as dispatched (resources.manage over the supplying site)', RequestOptionalNoteSchema);
const receiveRoute = stepRoute(
  'receive',
  'Record what arrived per line; less than sent is a partial fill (the requester side)',
  RequestReceiveSchema,
);
const cancelRoute = stepRoute(
  'cancel',
  'Withdraw the request before it is committed (the requester or an approver)',
  RequestOptionalNoteSchema,
);

/**
 * Mounts the stock routes.
 * @example registerStockRoutes(app); // in createApp
 */
export function registerStockRoutes(app: AppOpenAPI): void {
  app.openapi(itemsRoute, async (c) => c.json(await listItemsFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(createItemRoute, async (c) =>
    c.json(await createItemAs(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchItemRoute, async (c) =>
    c.json(
      await updateItemAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'item'), c.req.valid('json'), clientIp(c)),
      200,
    ),
  );
  app.openapi(balancesRoute, async (c) => c.json(await balancesFor(database(c), requirePrincipal(c), lower(c.req.valid('query'))), 200));
  app.openapi(sitesRoute, async (c) => c.json(await listSitesFor(database(c), requirePrincipal(c)), 200));
  app.openapi(fefoRoute, async (c) => c.json(await fefoFor(database(c), requirePrincipal(c), lower(c.req.valid('query'))), 200));
  app.openapi(summaryRoute, async (c) => c.json(await summaryFor(database(c), requirePrincipal(c), lower(c.req.valid('query'))), 200));
  app.openapi(movementsRoute, async (c) =>
    c.json(await listMovementsFor(database(c), requirePrincipal(c), lower(c.req.valid('query'))), 200),
  );
  app.openapi(createMovementRoute, async (c) =>
    c.json(await recordMovementAs(database(c), requirePrincipal(c), lower(c.req.valid('json')), clientIp(c)), 201),
  );
  app.openapi(minimumRoute, async (c) =>
    c.json(await setMinimumAs(database(c), requirePrincipal(c), lower(c.req.valid('json')), clientIp(c)), 200),
  );
  app.openapi(requestsRoute, async (c) => c.json(await listRequestsFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(boardRoute, async (c) => c.json(await requestBoardFor(database(c), requirePrincipal(c)), 200));
  app.openapi(requestRoute, async (c) =>
    c.json(await getRequestFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'request')), 200),
  );
  app.openapi(createRequestRoute, async (c) => {
    const body = lower(c.req.valid('json'));
    const lines = body.lines.map((l) => ({ ...l, itemId: l.itemId.toLowerCase() }));
    return c.json(await createRequestAs(database(c), requirePrincipal(c), { ...body, lines }, clientIp(c)), 201);
  });
  app.openapi(dispatchNoteRoute, async (c) => {
    const { view, lots } = await dispatchNoteData(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'request'));
    const pdf = await renderDispatchNotePdf({
      code: view.code,
      requesterName: view.requesterName,
      supplierName: view.supplierName,
      priority: view.priority,
      neededBy: view.neededBy,
      deliveryAddress: view.deliveryAddress,
      approvedByName: view.approvedByName,
      lines: view.lines.map((l) => ({
        itemName: l.itemName,
        unit: l.unit,
        quantityApproved: l.quantityApproved,
        quantityCommitted: l.quantityCommitted,
      })),
      lots,
    });
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `attachment; filename="dispatch-note-${view.code}.pdf"`);
    c.header('Cache-Control', 'no-store');
    return c.body(new Uint8Array(pdf), 200) as never;
  });
  app.openapi(scenarioInputsRoute, async (c) =>
    c.json(await scenarioInputsFor(database(c), requirePrincipal(c), lower(c.req.valid('query'))), 200),
  );
  app.openapi(scenariosRoute, async (c) => c.json(await listScenariosFor(database(c), requirePrincipal(c)), 200));
  app.openapi(scenarioRoute, async (c) =>
    c.json(await getScenarioFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'scenario')), 200),
  );
  app.openapi(saveScenarioRoute, async (c) =>
    c.json(await saveScenarioAs(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(deleteScenarioRoute, async (c) => {
    await deleteScenarioAs(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'scenario'), clientIp(c));
    return c.body(null, 204);
  });
  const id = (c: { req: { valid: (t: 'param') => { id: string } } }) => idOf(c.req.valid('param').id, 'request');
  const lowerLines = <T extends { itemId: string }>(lines: T[]) => lines.map((l) => ({ ...l, itemId: l.itemId.toLowerCase() }));
  app.openapi(infoRoute, async (c) =>
    c.json(await requestInfoAs(database(c), requirePrincipal(c), id(c), c.req.valid('json').note, clientIp(c)), 200),
  );
  app.openapi(answerRoute, async (c) =>
    c.json(await answerAs(database(c), requirePrincipal(c), id(c), c.req.valid('json').note, clientIp(c)), 200),
  );
  app.openapi(rejectRoute, async (c) =>
    c.json(await rejectAs(database(c), requirePrincipal(c), id(c), c.req.valid('json').note, clientIp(c)), 200),
  );
  app.openapi(approveRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json(await approveAs(database(c), requirePrincipal(c), id(c), { ...body, lines: lowerLines(body.lines) }, clientIp(c)), 200);
  });
  app.openapi(commitRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json(
      await commitAs(
        database(c),
        requirePrincipal(c),
        id(c),
        { supplierFacilityId: body.supplierFacilityId.toLowerCase(), ...(body.lines ? { lines: lowerLines(body.lines) } : {}) },
        clientIp(c),
      ),
      200,
    );
  });
  app.openapi(dispatchRoute, async (c) =>
    c.json(await dispatchAs(database(c), requirePrincipal(c), id(c), c.req.valid('json').note, clientIp(c)), 200),
  );
  app.openapi(receiveRoute, async (c) => {
    const body = c.req.valid('json');
    return c.json(await receiveAs(database(c), requirePrincipal(c), id(c), { ...body, lines: lowerLines(body.lines) }, clientIp(c)), 200);
  });
  app.openapi(cancelRoute, async (c) =>
    c.json(await cancelAs(database(c), requirePrincipal(c), id(c), c.req.valid('json').note, clientIp(c)), 200),
  );
  registerStockExerciseRoutes(app);
}

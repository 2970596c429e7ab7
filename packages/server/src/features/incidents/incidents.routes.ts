/**
 * HTTP adapter of incidents under command: validate, call the service, present. Reads need `incidents.read`,
 * changes `incidents.command`, level changes `response.level`, within the incident's area (404 outside).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { IdParam, UUID_PATTERN, errorResponses, jsonBody, jsonResponse } from '../../platform/http/schemas.ts';
import { notFound } from '../../platform/errors.ts';
import {
  FormOptionsQuerySchema,
  IncidentCaseLinkSchema,
  IncidentCasesSchema,
  IncidentCaseUnlinkSchema,
  IncidentCreateSchema,
  IncidentEventSchema,
  IncidentFormOptionsSchema,
  IncidentListQuerySchema,
  IncidentListSchema,
  IncidentPatchSchema,
  IncidentPeopleSchema,
  IncidentSchema,
  IncidentTimelineSchema,
  LevelChangeResultSchema,
  LevelChangeSchema,
  LevelPreviewQuerySchema,
  LogEntryCreateSchema,
  PlanCoverageSchema,
  RoleAssignSchema,
  StandDownSchema,
} from './incidents.schema.ts';
import {
  addLogEntry,
  assignRole,
  changeLevel,
  endRole,
  getFormOptions,
  getIncident,
  getPeople,
  getTimeline,
  incidentCasesFor,
  linkCase,
  listIncidentsFor,
  openIncident,
  previewLevel,
  standDown,
  unlinkCase,
  updateIncident,
} from './incidents.service.ts';

const tags = ['incidents'];
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const database = (c: AppContext) => c.get('deps').database;

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const RoleParams = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }),
  roleId: z.string().openapi({ param: { name: 'roleId', in: 'path' }, format: 'uuid' }),
});

const listRoute = createRoute({
  method: 'get',
  path: '/api/incidents',
  tags,
  summary: 'Incidents in your area, open ones first',
  request: { query: IncidentListQuerySchema },
  responses: { 200: jsonResponse(IncidentListSchema, 'A page of incidents'), ...errorResponses(400, 401, 403) },
});
const formOptionsRoute = createRoute({
  method: 'get',
  path: '/api/incidents/form-options',
  tags,
  summary: 'What the open-incident form offers: diseases, plans in force, and the alert to open from (?alertId=)',
  request: { query: FormOptionsQuerySchema },
  responses: { 200: jsonResponse(IncidentFormOptionsSchema, 'Options'), ...errorResponses(400, 401, 403, 404) },
});
const openRoute = createRoute({
  method: 'post',
  path: '/api/incidents',
  tags,
  summary: 'Open an incident, from a confirmed alert (409 when it is not confirmed or already has one) or by hand',
  request: { body: jsonBody(IncidentCreateSchema) },
  responses: { 201: jsonResponse(IncidentSchema, 'Opened'), ...writeErrors },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/incidents/{id}',
  tags,
  summary: 'An incident with its levels activated and command structure',
  request: { params: IdParam },
  responses: { 200: jsonResponse(IncidentSchema, 'The incident'), ...oneErrors },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/api/incidents/{id}',
  tags,
  summary: "Change an open incident's title, description, disease, start or plan",
  request: { params: IdParam, body: jsonBody(IncidentPatchSchema) },
  responses: { 200: jsonResponse(IncidentSchema, 'Changed'), ...writeErrors },
});
const timelineRoute = createRoute({
  method: 'get',
  path: '/api/incidents/{id}/timeline',
  tags,
  summary: 'The timeline: level changes, significant events, staffing, stand-down (oldest first)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(IncidentTimelineSchema, 'Events'), ...oneErrors },
});
const peopleRoute = createRoute({
  method: 'get',
  path: '/api/incidents/{id}/people',
  tags,
  summary: 'People who can be staffed in the incident or approve its level changes',
  request: { params: IdParam },
  responses: { 200: jsonResponse(IncidentPeopleSchema, 'People'), ...oneErrors },
});
const levelRoute = createRoute({
  method: 'post',
  path: '/api/incidents/{id}/level',
  tags,
  summary: "Set, raise, lower or end (level null) the response level; raising launches the level's measures once",
  request: { params: IdParam, body: jsonBody(LevelChangeSchema) },
  responses: {
    200: jsonResponse(LevelChangeResultSchema, 'The incident, with the plan coverage of the change (planCoverage)'),
    ...writeErrors,
  },
});
const levelPreviewRoute = createRoute({
  method: 'get',
  path: '/api/incidents/{id}/level-preview',
  tags,
  summary: 'Before a level change: which plan and how many measures entering the level would launch, or a warning that none would',
  request: { params: IdParam, query: LevelPreviewQuerySchema },
  responses: { 200: jsonResponse(PlanCoverageSchema, 'The plan coverage'), ...errorResponses(400, 401, 403, 404) },
});
const logRoute = createRoute({
  method: 'post',
  path: '/api/incidents/{id}/log',
  tags,
  summary: 'Add an entry to the significant-events log',
  request: { params: IdParam, body: jsonBody(LogEntryCreateSchema) },
  responses: { 201: jsonResponse(IncidentEventSchema, 'The entry'), ...writeErrors },
});
const assignRoute = createRoute({
  method: 'post',
  path: '/api/incidents/{id}/roles',
  tags,
  summary: 'Staff a post of the command structure (commander, deputy, group lead, liaison, member)',
  request: { params: IdParam, body: jsonBody(RoleAssignSchema) },
  responses: { 200: jsonResponse(IncidentSchema, 'The incident'), ...writeErrors },
});
const endRoleRoute = createRoute({
  method: 'delete',
  path: '/api/incidents/{id}/roles/{roleId}',
  tags,
  summary: 'Relieve a person of a post (kept on the record)',
  request: { params: RoleParams },
  responses: { 200: jsonResponse(IncidentSchema, 'The incident'), ...errorResponses(401, 403, 404, 409) },
});
const CaseParams = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }),
  caseId: z.string().openapi({ param: { name: 'caseId', in: 'path' }, format: 'uuid' }),
});
const casesRoute = createRoute({
  method: 'get',
  path: '/api/incidents/{id}/cases',
  tags,
  summary:
    "The outbreak's cases: its disease in its area reported since its start, and the cases linked to it (from its alert or by hand), within your rights",
  request: { params: IdParam },
  responses: { 200: jsonResponse(IncidentCasesSchema, 'The line list with each case’s link'), ...oneErrors },
});
const linkCaseRoute = createRoute({
  method: 'post',
  path: '/api/incidents/{id}/cases',
  tags,
  summary: 'Link a case to the outbreak by hand (a case its area, disease or period does not catch); 409 when linked already',
  request: { params: IdParam, body: jsonBody(IncidentCaseLinkSchema) },
  responses: { 200: jsonResponse(IncidentCasesSchema, 'The line list'), ...writeErrors },
});
const unlinkCaseRoute = createRoute({
  method: 'post',
  path: '/api/incidents/{id}/cases/{caseId}/unlink',
  tags,
  summary: 'Unlink a case (with the reason; the link is kept on the record)',
  request: { params: CaseParams, body: jsonBody(IncidentCaseUnlinkSchema) },
  responses: { 200: jsonResponse(IncidentCasesSchema, 'The line list'), ...writeErrors },
});
const standDownRoute = createRoute({
  method: 'post',
  path: '/api/incidents/{id}/stand-down',
  tags,
  summary: 'Stand down: end the response and close the incident with a summary',
  request: { params: IdParam, body: jsonBody(StandDownSchema) },
  responses: { 200: jsonResponse(IncidentSchema, 'The closed incident'), ...writeErrors },
});

export function registerIncidentsRoutes(app: AppOpenAPI): void {
  app.openapi(listRoute, async (c) => c.json(await listIncidentsFor(database(c), requirePrincipal(c), c.req.valid('query')), 200));
  // Before /{id}: 'form-options' is not an id.
  app.openapi(formOptionsRoute, async (c) =>
    c.json(await getFormOptions(database(c), requirePrincipal(c), c.req.valid('query').alertId), 200),
  );
  app.openapi(openRoute, async (c) => c.json(await openIncident(database(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201));
  app.openapi(getRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getIncident(database(c), principal, idOf(c.req.valid('param').id, 'incident')), 200);
  });
  app.openapi(patchRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await updateIncident(database(c), principal, idOf(c.req.valid('param').id, 'incident'), c.req.valid('json'), clientIp(c)),
      200,
    );
  });
  app.openapi(timelineRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getTimeline(database(c), principal, idOf(c.req.valid('param').id, 'incident')), 200);
  });
  app.openapi(peopleRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getPeople(database(c), principal, idOf(c.req.valid('param').id, 'incident')), 200);
  });
  app.openapi(levelRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await changeLevel(database(c), principal, idOf(c.req.valid('param').id, 'incident'), c.req.valid('json'), clientIp(c)),
      200,
    );
  });
  app.openapi(levelPreviewRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await previewLevel(database(c), principal, idOf(c.req.valid('param').id, 'incident'), c.req.valid('query').level ?? null),
      200,
    );
  });
  app.openapi(logRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await addLogEntry(database(c), principal, idOf(c.req.valid('param').id, 'incident'), c.req.valid('json'), clientIp(c)),
      201,
    );
  });
  app.openapi(assignRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await assignRole(database(c), principal, idOf(c.req.valid('param').id, 'incident'), c.req.valid('json'), clientIp(c)),
      200,
    );
  });
  app.openapi(endRoleRoute, async (c) => {
    const principal = requirePrincipal(c);
    const p = c.req.valid('param');
    return c.json(await endRole(database(c), principal, idOf(p.id, 'incident'), idOf(p.roleId, 'incident role'), clientIp(c)), 200);
  });
  app.openapi(casesRoute, async (c) =>
    c.json(await incidentCasesFor(database(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'incident')), 200),
  );
  app.openapi(linkCaseRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await linkCase(database(c), principal, idOf(c.req.valid('param').id, 'incident'), c.req.valid('json'), clientIp(c)), 200);
  });
  app.openapi(unlinkCaseRoute, async (c) => {
    const principal = requirePrincipal(c);
    const p = c.req.valid('param');
    return c.json(
      await unlinkCase(
        database(c),
        principal,
        idOf(p.id, 'incident'),
        idOf(p.caseId, 'incident case link'),
        c.req.valid('json').reason,
        clientIp(c),
      ),
      200,
    );
  });
  app.openapi(standDownRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await standDown(database(c), principal, idOf(c.req.valid('param').id, 'incident'), c.req.valid('json'), clientIp(c)),
      200,
    );
  });
}

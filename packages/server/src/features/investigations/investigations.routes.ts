/**
 * HTTP adapter of the epidemiological investigation (流调) of a case (docs/travel.md). Scoped like the case:
 * outside the reader's cases it is "not found".
 */
import { createRoute } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import {
  CaseInvestigationSchema,
  EventCreateSchema,
  EventParams,
  EventPatchSchema,
  InvestigationPatchSchema,
  InvestigationStartSchema,
} from './investigations.schema.ts';
import {
  addEventAs,
  caseInvestigationFor,
  deleteEventAs,
  startInvestigationAs,
  updateEventAs,
  updateInvestigationAs,
} from './investigations.service.ts';

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const tags = ['investigations'];
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

const getRoute = createRoute({
  method: 'get',
  path: '/api/cases/{id}/investigation',
  tags,
  summary: "The case's epidemiological investigation (流调) with its timeline, or null with the suggested exposure window",
  request: { params: IdParam },
  responses: { 200: jsonResponse(CaseInvestigationSchema, 'The investigation of the case'), ...oneErrors },
});
const startRoute = createRoute({
  method: 'post',
  path: '/api/cases/{id}/investigation',
  tags,
  summary: 'Start the investigation of a case (contacts.write over the case’s place; audited)',
  request: { params: IdParam, body: jsonBody(InvestigationStartSchema) },
  responses: { 201: jsonResponse(CaseInvestigationSchema, 'Started'), ...writeErrors },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/api/investigations/{id}',
  tags,
  summary: 'Change the exposure window, likely source, notes, or close / reopen (audited)',
  request: { params: IdParam, body: jsonBody(InvestigationPatchSchema) },
  responses: { 200: jsonResponse(CaseInvestigationSchema, 'Changed'), ...writeErrors },
});
const addEventRoute = createRoute({
  method: 'post',
  path: '/api/investigations/{id}/events',
  tags,
  summary: 'Add a place or journey to the timeline; a journey on a recorded trip links the case to it and builds its cohort',
  request: { params: IdParam, body: jsonBody(EventCreateSchema) },
  responses: { 201: jsonResponse(CaseInvestigationSchema, 'Added'), ...writeErrors },
});
const patchEventRoute = createRoute({
  method: 'patch',
  path: '/api/investigations/{id}/events/{eventId}',
  tags,
  summary: 'Change an entry of the timeline (audited)',
  request: { params: EventParams, body: jsonBody(EventPatchSchema) },
  responses: { 200: jsonResponse(CaseInvestigationSchema, 'Changed'), ...writeErrors },
});
const deleteEventRoute = createRoute({
  method: 'delete',
  path: '/api/investigations/{id}/events/{eventId}',
  tags,
  summary: 'Remove an entry told by mistake (audited)',
  request: { params: EventParams },
  responses: { 200: jsonResponse(CaseInvestigationSchema, 'Removed'), ...writeErrors },
});

export function registerInvestigationsRoutes(app: AppOpenAPI): void {
  app.openapi(getRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await caseInvestigationFor(c.get('deps').database, principal, idOf(c.req.valid('param').id, 'case')), 200);
  });
  app.openapi(startRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await startInvestigationAs(
        c.get('deps').database,
        principal,
        idOf(c.req.valid('param').id, 'case'),
        c.req.valid('json'),
        clientIp(c),
      ),
      201,
    );
  });
  app.openapi(patchRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await updateInvestigationAs(
        c.get('deps').database,
        principal,
        idOf(c.req.valid('param').id, 'investigation'),
        c.req.valid('json'),
        clientIp(c),
      ),
      200,
    );
  });
  app.openapi(addEventRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await addEventAs(c.get('deps').database, principal, idOf(c.req.valid('param').id, 'investigation'), c.req.valid('json'), clientIp(c)),
      201,
    );
  });
  app.openapi(patchEventRoute, async (c) => {
    const principal = requirePrincipal(c);
    const p = c.req.valid('param');
    return c.json(
      await updateEventAs(
        c.get('deps').database,
        principal,
        idOf(p.id, 'investigation'),
        idOf(p.eventId, 'investigation event'),
        c.req.valid('json'),
        clientIp(c),
      ),
      200,
    );
  });
  app.openapi(deleteEventRoute, async (c) => {
    const principal = requirePrincipal(c);
    const p = c.req.valid('param');
    return c.json(
      await deleteEventAs(
        c.get('deps').database,
        principal,
        idOf(p.id, 'investigation'),
        idOf(p.eventId, 'investigation event'),
        clientIp(c),
      ),
      200,
    );
  });
}

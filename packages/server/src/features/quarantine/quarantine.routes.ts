/**
 * HTTP adapter of quarantine (docs/quarantine.md): validate, call the service, present.
 * Reads need quarantine.read, placing/moving/releasing people quarantine.write over their residence, rooms
 * quarantine.sites over the site's place (404 outside).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { identityProtector } from '../cases/index.ts';
import {
  AssignmentCreateSchema,
  AssignmentListQuerySchema,
  AssignmentListSchema,
  AssignmentPatchSchema,
  AssignmentSchema,
  NoticeQuerySchema,
  OccupancySchema,
  ReleaseSchema,
  RoomPatchSchema,
  RoomsCreateSchema,
  SiteWithRoomsSchema,
  TransferSchema,
} from './quarantine.schema.ts';
import {
  addRoomsAs,
  assignAs,
  getAssignmentFor,
  listAssignmentsFor,
  noticePdfFor,
  occupancyFor,
  releaseAs,
  siteFor,
  transferAs,
  updateAssignmentAs,
  updateRoomAs,
} from './quarantine.service.ts';

const deps = (c: AppContext) => ({
  database: c.get('deps').database,
  protector: identityProtector(c.get('deps').config),
  log: c.get('deps').log,
});

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const tags = ['quarantine'];
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

const occupancyRoute = createRoute({
  method: 'get',
  path: '/api/quarantine/occupancy',
  tags,
  summary: "Occupancy of the district's quarantine sites (occupied / capacity, arrivals and releases today) and of home quarantine",
  responses: { 200: jsonResponse(OccupancySchema, 'Occupancy'), ...readErrors },
});
const siteRoute = createRoute({
  method: 'get',
  path: '/api/quarantine/sites/{id}',
  tags,
  summary: 'A quarantine site with its rooms, places taken, and the occupants resident in your jurisdiction',
  request: { params: IdParam },
  responses: { 200: jsonResponse(SiteWithRoomsSchema, 'The site'), ...oneErrors },
});
const addRoomsRoute = createRoute({
  method: 'post',
  path: '/api/quarantine/sites/{id}/rooms',
  tags,
  summary: 'Add rooms to a quarantine site (quarantine.sites; audited)',
  request: { params: IdParam, body: jsonBody(RoomsCreateSchema) },
  responses: { 201: jsonResponse(SiteWithRoomsSchema, 'The site with its rooms'), ...writeErrors },
});
const patchRoomRoute = createRoute({
  method: 'patch',
  path: '/api/quarantine/rooms/{id}',
  tags,
  summary: 'Change a room: capacity (not below its people now), in or out of service, floor, notes (audited)',
  request: { params: IdParam, body: jsonBody(RoomPatchSchema) },
  responses: { 200: jsonResponse(SiteWithRoomsSchema, 'The site with its rooms'), ...writeErrors },
});
const listRoute = createRoute({
  method: 'get',
  path: '/api/quarantine/assignments',
  tags,
  summary: 'Stays in quarantine of people resident in your jurisdiction, filtered by status, kind, site, contact, place, name',
  request: { query: AssignmentListQuerySchema },
  responses: { 200: jsonResponse(AssignmentListSchema, 'A page of stays and their total'), ...readErrors },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/quarantine/assignments/{id}',
  tags,
  summary: 'One stay in quarantine',
  request: { params: IdParam },
  responses: { 200: jsonResponse(AssignmentSchema, 'The stay'), ...oneErrors },
});
const createAssignmentRoute = createRoute({
  method: 'post',
  path: '/api/quarantine/assignments',
  tags,
  summary:
    "Place a contact in quarantine at a site's room (a free place, checked under a lock) or at home; the end defaults to the contact's followUpUntil (audited)",
  request: { body: jsonBody(AssignmentCreateSchema) },
  responses: { 201: jsonResponse(AssignmentSchema, 'Placed'), ...writeErrors },
});
const patchAssignmentRoute = createRoute({
  method: 'patch',
  path: '/api/quarantine/assignments/{id}',
  tags,
  summary: 'Change the dates, home address or notes of a current stay (audited)',
  request: { params: IdParam, body: jsonBody(AssignmentPatchSchema) },
  responses: { 200: jsonResponse(AssignmentSchema, 'Changed'), ...writeErrors },
});
const transferRoute = createRoute({
  method: 'post',
  path: '/api/quarantine/assignments/{id}/transfer',
  tags,
  summary: 'Move a person to another room, site or home: the stay ends (transferred) and a new one starts (audited)',
  request: { params: IdParam, body: jsonBody(TransferSchema) },
  responses: { 201: jsonResponse(AssignmentSchema, 'The new stay'), ...writeErrors },
});
const releaseRoute = createRoute({
  method: 'post',
  path: '/api/quarantine/assignments/{id}/release',
  tags,
  summary: 'Release a person from quarantine with the day and the reason (audited)',
  request: { params: IdParam, body: jsonBody(ReleaseSchema) },
  responses: { 200: jsonResponse(AssignmentSchema, 'Released'), ...writeErrors },
});
const noticeRoute = createRoute({
  method: 'get',
  path: '/api/quarantine/assignments/{id}/notice',
  tags,
  summary:
    'The quarantine notice (隔离通知书) or, for a released stay, the release notice (解除隔离通知书) as PDF; the identity number in full only with cases.identity (audited)',
  request: { params: IdParam, query: NoticeQuerySchema },
  responses: {
    200: { description: 'A PDF document', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...errorResponses(401, 403, 404, 409),
  },
});

export function registerQuarantineRoutes(app: AppOpenAPI): void {
  app.openapi(occupancyRoute, async (c) => c.json(await occupancyFor(deps(c), requirePrincipal(c)), 200));
  app.openapi(siteRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await siteFor(deps(c), principal, idOf(c.req.valid('param').id, 'site')), 200);
  });
  app.openapi(addRoomsRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await addRoomsAs(deps(c), principal, idOf(c.req.valid('param').id, 'site'), c.req.valid('json'), clientIp(c)), 201);
  });
  app.openapi(patchRoomRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await updateRoomAs(deps(c), principal, idOf(c.req.valid('param').id, 'room'), c.req.valid('json'), clientIp(c)), 200);
  });
  app.openapi(listRoute, async (c) => c.json(await listAssignmentsFor(deps(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(getRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getAssignmentFor(deps(c), principal, idOf(c.req.valid('param').id, 'quarantine')), 200);
  });
  app.openapi(createAssignmentRoute, async (c) =>
    c.json(await assignAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchAssignmentRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await updateAssignmentAs(deps(c), principal, idOf(c.req.valid('param').id, 'quarantine'), c.req.valid('json'), clientIp(c)),
      200,
    );
  });
  app.openapi(transferRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await transferAs(deps(c), principal, idOf(c.req.valid('param').id, 'quarantine'), c.req.valid('json'), clientIp(c)), 201);
  });
  app.openapi(releaseRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await releaseAs(deps(c), principal, idOf(c.req.valid('param').id, 'quarantine'), c.req.valid('json'), clientIp(c)), 200);
  });
  app.openapi(noticeRoute, async (c) => {
    const principal = requirePrincipal(c);
    const { filename, pdf } = await noticePdfFor(
      deps(c),
      principal,
      idOf(c.req.valid('param').id, 'quarantine'),
      c.req.valid('query').kind,
      clientIp(c),
    );
    c.header('Content-Type', 'application/pdf');
    c.header('Content-Disposition', `attachment; filename="${filename}"`);
    c.header('Cache-Control', 'no-store');
    return c.body(new Uint8Array(pdf), 200) as never;
  });
}

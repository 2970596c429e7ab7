/**
 * HTTP adapter of the volunteer registry (docs/capability.md): validate, call the service, present.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { identityProtector } from '../cases/index.ts';
import {
  AssignmentSchema,
  AssignSchema,
  HoursCreateSchema,
  HoursSchema,
  ActivitySchema,
  PersonalSchema,
  SelfSchema,
  StatusChangeSchema,
  VetSchema,
  VolunteerCreateSchema,
  VolunteerDetailSchema,
  VolunteerListQuery,
  VolunteerListSchema,
  VolunteerPatchSchema,
} from './volunteers.schema.ts';
import {
  assignVolunteerAs,
  changeVolunteerStatusAs,
  getVolunteerFor,
  listVolunteersFor,
  logHoursAs,
  registerVolunteerAs,
  revealVolunteerPersonal,
  selfFor,
  stepAssignmentAs,
  updateVolunteerAs,
  vetVolunteerAs,
} from './volunteers.service.ts';

const tags = ['volunteers'];
const deps = (c: AppContext) => ({ database: c.get('deps').database, protector: identityProtector(c.get('deps').config) });
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const selfRoute = createRoute({
  method: 'get',
  path: '/api/volunteers/me',
  // its own tag: the volunteer's own account (volunteers.self) reads it, not the registry's readers
  tags: ['volunteer-self'],
  summary:
    'A volunteer’s own record, assignments (the contact details a task needs, while it is open; audited) and hours (volunteers.self)',
  responses: { 200: jsonResponse(SelfSchema, 'Your record'), ...oneErrors },
});
const listRoute = createRoute({
  method: 'get',
  path: '/api/volunteers',
  tags,
  summary: 'The volunteer registry in your area, with vetting state and active status (Sahana Eden’s rule); phone and ID masked',
  request: { query: VolunteerListQuery },
  responses: { 200: jsonResponse(VolunteerListSchema, 'A page of volunteers'), ...readErrors },
});
const createRouteDef = createRoute({
  method: 'post',
  path: '/api/volunteers',
  tags,
  summary: 'Register a volunteer (volunteers.manage; pending until someone else vets them; audited)',
  request: { body: jsonBody(VolunteerCreateSchema) },
  responses: { 201: jsonResponse(VolunteerDetailSchema, 'Registered'), ...writeErrors },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/volunteers/{id}',
  tags,
  summary: 'One volunteer with assignments and hours',
  request: { params: IdParam },
  responses: { 200: jsonResponse(VolunteerDetailSchema, 'The volunteer'), ...oneErrors },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/api/volunteers/{id}',
  tags,
  summary: 'Change a volunteer’s details (volunteers.manage; audited, person fields protected)',
  request: { params: IdParam, body: jsonBody(VolunteerPatchSchema) },
  responses: { 200: jsonResponse(VolunteerDetailSchema, 'Saved'), ...writeErrors },
});
const personalRoute = createRoute({
  method: 'post',
  path: '/api/volunteers/{id}/personal',
  tags,
  summary: 'The full phone and identity number (volunteers.personal; every view is audited as a read)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(PersonalSchema, 'The numbers'), ...oneErrors },
});
const vetRoute = createRoute({
  method: 'post',
  path: '/api/volunteers/{id}/vet',
  tags,
  summary: 'Vet a pending volunteer: approve or reject (volunteers.vet; never the registrar: 409 registrar_cannot_vet)',
  request: { params: IdParam, body: jsonBody(VetSchema) },
  responses: { 200: jsonResponse(VolunteerDetailSchema, 'Vetted'), ...writeErrors },
});
const statusRoute = createRoute({
  method: 'post',
  path: '/api/volunteers/{id}/status',
  tags,
  summary: 'Suspend, withdraw or reinstate a volunteer (volunteers.vet); open assignments end when they stop serving',
  request: { params: IdParam, body: jsonBody(StatusChangeSchema) },
  responses: { 200: jsonResponse(VolunteerDetailSchema, 'Changed'), ...writeErrors },
});
const assignRoute = createRoute({
  method: 'post',
  path: '/api/volunteers/{id}/assignments',
  tags,
  summary: 'Assign an approved volunteer to an open task, or to a new task made through the task system (tasks.assign)',
  request: { params: IdParam, body: jsonBody(AssignSchema) },
  responses: { 201: jsonResponse(AssignmentSchema, 'Assigned'), ...writeErrors },
});
const hoursRoute = createRoute({
  method: 'post',
  path: '/api/volunteers/{id}/hours',
  tags,
  summary: 'Log hours by hand (volunteers.manage, or the volunteer’s own account); at most 24 hours a day',
  request: { params: IdParam, body: jsonBody(HoursCreateSchema) },
  responses: {
    201: jsonResponse(z.object({ activity: ActivitySchema, hours: z.array(HoursSchema) }).openapi('VolunteerHoursResult'), 'Logged'),
    ...writeErrors,
  },
});
const stepRoute = (step: 'check-in' | 'check-out' | 'cancel', summary: string) =>
  createRoute({
    method: 'post',
    path: `/api/volunteer-assignments/{id}/${step}`,
    tags,
    summary,
    request: { params: IdParam },
    responses: { 200: jsonResponse(AssignmentSchema, 'Done'), ...writeErrors },
  });

export function registerVolunteersRoutes(app: AppOpenAPI): void {
  app.openapi(selfRoute, async (c) => c.json(await selfFor(deps(c), requirePrincipal(c), clientIp(c)), 200));
  app.openapi(listRoute, async (c) => c.json(await listVolunteersFor(deps(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(createRouteDef, async (c) =>
    c.json(await registerVolunteerAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(getRoute, async (c) =>
    c.json(await getVolunteerFor(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'volunteer')), 200),
  );
  app.openapi(patchRoute, async (c) =>
    c.json(
      await updateVolunteerAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'volunteer'), c.req.valid('json'), clientIp(c)),
      200,
    ),
  );
  app.openapi(personalRoute, async (c) =>
    c.json(await revealVolunteerPersonal(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'volunteer'), clientIp(c)), 200),
  );
  app.openapi(vetRoute, async (c) =>
    c.json(
      await vetVolunteerAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'volunteer'), c.req.valid('json'), clientIp(c)),
      200,
    ),
  );
  app.openapi(statusRoute, async (c) =>
    c.json(
      await changeVolunteerStatusAs(
        deps(c),
        requirePrincipal(c),
        idOf(c.req.valid('param').id, 'volunteer'),
        c.req.valid('json'),
        clientIp(c),
      ),
      200,
    ),
  );
  app.openapi(assignRoute, async (c) =>
    c.json(
      await assignVolunteerAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'volunteer'), c.req.valid('json'), clientIp(c)),
      201,
    ),
  );
  app.openapi(hoursRoute, async (c) =>
    c.json(
      await logHoursAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'volunteer'), c.req.valid('json'), clientIp(c)),
      201,
    ),
  );
  for (const [step, summary] of [
    ['check-in', 'Check in to an assignment (the volunteer, or a coordinator on their behalf)'],
    ['check-out', 'Check out: the assignment is completed and the hours between check-in and check-out are logged'],
    ['cancel', 'Cancel an assignment (volunteers.manage)'],
  ] as const) {
    app.openapi(stepRoute(step, summary), async (c) =>
      c.json(await stepAssignmentAs(deps(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'assignment'), step, clientIp(c)), 200),
    );
  }
}

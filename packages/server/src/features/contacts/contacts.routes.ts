/**
 * HTTP adapter of contact tracing (docs/contacts.md): validate, call the service, present.
 * Reads need contacts.read, writes contacts.write, both over the contact's residence (404 outside it).
 */
import { createRoute } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, PageQuery, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { identityProtector } from '../cases/index.ts';
import {
  ContactCaseReportResultSchema,
  ContactCaseReportSchema,
  ContactCreateSchema,
  ContactDetailSchema,
  ContactIdentitySchema,
  ContactListQuerySchema,
  ContactListSchema,
  ContactPatchSchema,
  ContactStatusChangeSchema,
  FollowUpCreateSchema,
  FollowUpSchema,
  WorkListQuerySchema,
  WorkListSchema,
} from './contacts.schema.ts';
import {
  changeContactStatusAs,
  createContactAs,
  getContactFor,
  listCaseContactsFor,
  listContactsFor,
  recordFollowUpAs,
  reportContactAsCaseAs,
  revealContactIdentity,
  updateContactAs,
  workListFor,
} from './contacts.service.ts';
import { registerTracingRoutes } from './tracing.routes.ts';

const deps = (c: AppContext) => ({ database: c.get('deps').database, protector: identityProtector(c.get('deps').config) });

function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const tags = ['contacts'];
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

const listRoute = createRoute({
  method: 'get',
  path: '/api/contacts',
  tags,
  summary: 'Contacts resident in your jurisdiction (identity numbers masked), filtered by status, place, case, risk, name',
  request: { query: ContactListQuerySchema },
  responses: { 200: jsonResponse(ContactListSchema, 'A page of contacts and their total'), ...readErrors },
});
const todayRoute = createRoute({
  method: 'get',
  path: '/api/contacts/today',
  tags,
  summary: 'The daily work list: contacts due a follow-up today, the most days without a record first',
  request: { query: WorkListQuerySchema },
  responses: { 200: jsonResponse(WorkListSchema, 'Contacts to follow today'), ...readErrors },
});
const caseContactsRoute = createRoute({
  method: 'get',
  path: '/api/cases/{id}/contacts',
  tags,
  summary: "A case's contacts and contacts of contacts in your jurisdiction",
  request: { params: IdParam, query: PageQuery },
  responses: { 200: jsonResponse(ContactListSchema, 'A page of contacts'), ...oneErrors },
});
const getRoute = createRoute({
  method: 'get',
  path: '/api/contacts/{id}',
  tags,
  summary: 'One contact with its follow-up history and its own contacts',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ContactDetailSchema, 'The contact'), ...oneErrors },
});
const identityRoute = createRoute({
  method: 'get',
  path: '/api/contacts/{id}/identity',
  tags,
  summary: "The contact's full identity number (cases.identity; every view is audited)",
  request: { params: IdParam },
  responses: { 200: jsonResponse(ContactIdentitySchema, 'The number'), ...oneErrors },
});
const createContactRoute = createRoute({
  method: 'post',
  path: '/api/contacts',
  tags,
  summary:
    'Register a contact of a case (sourceCaseId) or of a contact (sourceContactId); the follow-up window follows from the disease (audited)',
  request: { body: jsonBody(ContactCreateSchema) },
  responses: { 201: jsonResponse(ContactDetailSchema, 'Registered, under follow-up until followUpUntil'), ...writeErrors },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/api/contacts/{id}',
  tags,
  summary: 'Change a contact; a later lastExposureAt restarts the follow-up clock (audited)',
  request: { params: IdParam, body: jsonBody(ContactPatchSchema) },
  responses: { 200: jsonResponse(ContactDetailSchema, 'Changed'), ...writeErrors },
});
const statusRoute = createRoute({
  method: 'post',
  path: '/api/contacts/{id}/status',
  tags,
  summary:
    'Change the follow-up state: completed, lost_to_follow_up, under_follow_up (found), cancelled (reason), converted_* (caseReportId)',
  request: { params: IdParam, body: jsonBody(ContactStatusChangeSchema) },
  responses: { 200: jsonResponse(ContactDetailSchema, 'Changed'), ...writeErrors },
});
const followUpRoute = createRoute({
  method: 'post',
  path: '/api/contacts/{id}/follow-ups',
  tags,
  summary: 'Record a follow-up (seen_ok | seen_unwell | missed | not_attempted) on a day of the window (audited)',
  request: { params: IdParam, body: jsonBody(FollowUpCreateSchema) },
  responses: { 201: jsonResponse(FollowUpSchema, 'Recorded'), ...writeErrors },
});
const caseReportRoute = createRoute({
  method: 'post',
  path: '/api/contacts/{id}/case-report',
  tags,
  summary: 'File the case report of a symptomatic contact, pre-filled from the contact and linked to it; converts the contact',
  request: { params: IdParam, body: jsonBody(ContactCaseReportSchema) },
  responses: { 201: jsonResponse(ContactCaseReportResultSchema, 'Filed'), ...writeErrors },
});

export function registerContactsRoutes(app: AppOpenAPI): void {
  // first: /api/contacts/kpis, /chains, /duplicates must not be taken for /api/contacts/{id}
  registerTracingRoutes(app);
  app.openapi(listRoute, async (c) =>
    c.json(await listContactsFor(c.get('deps').database, requirePrincipal(c), c.req.valid('query')), 200),
  );
  app.openapi(todayRoute, async (c) => c.json(await workListFor(deps(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(caseContactsRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await listCaseContactsFor(c.get('deps').database, principal, idOf(c.req.valid('param').id, 'case'), c.req.valid('query')),
      200,
    );
  });
  app.openapi(getRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await getContactFor(c.get('deps').database, principal, idOf(c.req.valid('param').id, 'contact')), 200);
  });
  app.openapi(identityRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(await revealContactIdentity(deps(c), principal, idOf(c.req.valid('param').id, 'contact'), clientIp(c)), 200);
  });
  app.openapi(createContactRoute, async (c) =>
    c.json(await createContactAs(deps(c), requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await updateContactAs(deps(c), principal, idOf(c.req.valid('param').id, 'contact'), c.req.valid('json'), clientIp(c)),
      200,
    );
  });
  app.openapi(statusRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await changeContactStatusAs(deps(c), principal, idOf(c.req.valid('param').id, 'contact'), c.req.valid('json'), clientIp(c)),
      200,
    );
  });
  app.openapi(followUpRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await recordFollowUpAs(deps(c), principal, idOf(c.req.valid('param').id, 'contact'), c.req.valid('json'), clientIp(c)),
      201,
    );
  });
  app.openapi(caseReportRoute, async (c) => {
    const principal = requirePrincipal(c);
    return c.json(
      await reportContactAsCaseAs(deps(c), principal, idOf(c.req.valid('param').id, 'contact'), c.req.valid('json'), clientIp(c)),
      201,
    );
  });
}

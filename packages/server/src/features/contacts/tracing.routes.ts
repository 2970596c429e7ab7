/**
 * HTTP adapter of the second increment of contact tracing (docs/contacts.md): KPIs, chains of transmission,
 * duplicates and merge, teams, risk rules, residence in another district. Registered before `/api/contacts/{id}`.
 */
import { createRoute } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { identityProtector } from '../cases/index.ts';
import { chainsFor } from './chains.ts';
import { ContactDetailSchema } from './contacts.schema.ts';
import { listDuplicatesFor, markOtherDistrictNotifiedAs, mergeContactsAs, setContactTeamAs } from './contacts.service.ts';
import { contactKpisFor } from './kpis.ts';
import { listRiskRules, replaceRiskRules } from './risk-rules.ts';
import { createTeamAs, listTeamsFor, updateTeamAs } from './teams.ts';
import {
  ChainQuerySchema,
  ChainSchema,
  ContactTeamSchema,
  DuplicateListSchema,
  KpiQuerySchema,
  KpiSchema,
  MergeSchema,
  OtherDistrictNoticeSchema,
  RiskRuleListSchema,
  RiskRulesReplaceSchema,
  TeamCreateSchema,
  TeamListSchema,
  TeamPatchSchema,
  TeamSchema,
} from './tracing.schema.ts';

const deps = (c: AppContext) => ({ database: c.get('deps').database, protector: identityProtector(c.get('deps').config) });
function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}

const tags = ['contacts'];
const readErrors = errorResponses(400, 401, 403);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

const kpiRoute = createRoute({
  method: 'get',
  path: '/api/contacts/kpis',
  tags,
  summary:
    'Tracing KPIs (WHO) per township and for your area: followed up today, cases already known as contacts, time to listing, traced within 24 h / 48 h',
  request: { query: KpiQuerySchema },
  responses: { 200: jsonResponse(KpiSchema, 'The indicators'), ...readErrors },
});
const chainRoute = createRoute({
  method: 'get',
  path: '/api/contacts/chains',
  tags,
  summary: 'Chains of transmission: cases and contacts as a graph with clusters, filtered by date, disease, place and cluster',
  request: { query: ChainQuerySchema },
  responses: { 200: jsonResponse(ChainSchema, 'Nodes, edges and clusters'), ...readErrors },
});
const duplicatesRoute = createRoute({
  method: 'get',
  path: '/api/contacts/duplicates',
  tags,
  summary: 'Pairs of contacts that look like one person of one disease (same ID number, or name and phone)',
  responses: { 200: jsonResponse(DuplicateListSchema, 'Up to 200 pairs'), ...readErrors },
});
const mergeRoute = createRoute({
  method: 'post',
  path: '/api/contacts/{id}/merge',
  tags,
  summary: 'Merge a duplicate into this contact: the duplicate is cancelled and its history kept here (audited)',
  request: { params: IdParam, body: jsonBody(MergeSchema) },
  responses: { 200: jsonResponse(ContactDetailSchema, 'The merged contact'), ...writeErrors },
});
const teamOfContactRoute = createRoute({
  method: 'post',
  path: '/api/contacts/{id}/team',
  tags,
  summary: 'Assign the contact to a tracing team by hand, or (null) back to the team of its township (audited)',
  request: { params: IdParam, body: jsonBody(ContactTeamSchema) },
  responses: { 200: jsonResponse(ContactDetailSchema, 'Assigned'), ...writeErrors },
});
const notifiedRoute = createRoute({
  method: 'post',
  path: '/api/contacts/{id}/other-district-notified',
  tags,
  summary: 'Record that the district where the contact lives was notified (audited)',
  request: { params: IdParam, body: jsonBody(OtherDistrictNoticeSchema) },
  responses: { 200: jsonResponse(ContactDetailSchema, 'Recorded'), ...writeErrors },
});
const teamsRoute = createRoute({
  method: 'get',
  path: '/api/tracing-teams',
  tags,
  summary: 'Tracing teams of your area, the townships each serves and its contacts under follow-up',
  responses: { 200: jsonResponse(TeamListSchema, 'Teams'), ...readErrors },
});
const createTeamRoute = createRoute({
  method: 'post',
  path: '/api/tracing-teams',
  tags,
  summary: 'Create a tracing team; the townships it serves send it their contacts (audited)',
  request: { body: jsonBody(TeamCreateSchema) },
  responses: { 201: jsonResponse(TeamSchema, 'Created'), ...writeErrors },
});
const patchTeamRoute = createRoute({
  method: 'patch',
  path: '/api/tracing-teams/{id}',
  tags,
  summary: 'Change a tracing team: name, leader, townships served, active (audited)',
  request: { params: IdParam, body: jsonBody(TeamPatchSchema) },
  responses: { 200: jsonResponse(TeamSchema, 'Changed'), ...writeErrors },
});
const rulesRoute = createRoute({
  method: 'get',
  path: '/api/contact-risk-rules',
  tags,
  summary: 'Risk rules: the list for every disease and each disease’s own list, in the order they are tried',
  responses: { 200: jsonResponse(RiskRuleListSchema, 'Rules'), ...readErrors },
});
const replaceRulesRoute = createRoute({
  method: 'put',
  path: '/api/contact-risk-rules',
  tags,
  summary: 'Replace the risk rules of one disease (or of every disease) — contacts.configure (audited)',
  request: { body: jsonBody(RiskRulesReplaceSchema) },
  responses: { 200: jsonResponse(RiskRuleListSchema, 'The new list'), ...writeErrors },
});

export function registerTracingRoutes(app: AppOpenAPI): void {
  app.openapi(kpiRoute, async (c) => c.json(await contactKpisFor(c.get('deps').database, requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(chainRoute, async (c) => c.json(await chainsFor(c.get('deps').database, requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(duplicatesRoute, async (c) => c.json(await listDuplicatesFor(deps(c), requirePrincipal(c)), 200));
  app.openapi(mergeRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'contact');
    return c.json(await mergeContactsAs(deps(c), principal, id, c.req.valid('json').duplicateId.toLowerCase(), clientIp(c)), 200);
  });
  app.openapi(teamOfContactRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'contact');
    return c.json(await setContactTeamAs(deps(c), principal, id, c.req.valid('json').teamId, clientIp(c)), 200);
  });
  app.openapi(notifiedRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'contact');
    return c.json(await markOtherDistrictNotifiedAs(deps(c), principal, id, c.req.valid('json').note, clientIp(c)), 200);
  });
  app.openapi(teamsRoute, async (c) => c.json(await listTeamsFor(c.get('deps').database, requirePrincipal(c)), 200));
  app.openapi(createTeamRoute, async (c) =>
    c.json(await createTeamAs(c.get('deps').database, requirePrincipal(c), c.req.valid('json'), clientIp(c)), 201),
  );
  app.openapi(patchTeamRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'team');
    return c.json(await updateTeamAs(c.get('deps').database, principal, id, c.req.valid('json'), clientIp(c)), 200);
  });
  app.openapi(rulesRoute, async (c) => c.json(await listRiskRules(c.get('deps').database, requirePrincipal(c)), 200));
  app.openapi(replaceRulesRoute, async (c) =>
    c.json(await replaceRiskRules(c.get('deps').database, requirePrincipal(c), c.req.valid('json'), clientIp(c)), 200),
  );
}

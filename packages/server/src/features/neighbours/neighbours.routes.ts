/**
 * HTTP adapter of the links with neighbouring districts (docs/neighbours.md): validate, call the service,
 * present. The outside checks' name is kept exactly: GET /api/neighbours. The one public route,
 * POST /api/public/neighbours/messages, is how platforms deliver to each other: no session, the Ed25519
 * signature of each message authenticates its sender.
 */
import { createRoute, type z } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { listBorderAlertsFor } from './neighbours.alerts.ts';
import { acceptAs, listInboxFor, previewFor, provenanceFor, rejectAs, shareCaseAs, sharesOfCaseFor } from './neighbours.exchange.ts';
import type { SignedEnvelope } from './neighbours.keys.ts';
import { registerNeighbourContactRoutes } from './neighbours.contacts.routes.ts';
import { receiveMessages } from './neighbours.receive.ts';
import {
  AcceptSchema,
  AgreementsUpdateSchema,
  BorderAlertListSchema,
  CaseSharesSchema,
  DecisionSchema,
  IdentitySchema,
  IdentityWithDistrictsSchema,
  InboxListSchema,
  InboxQuery,
  LinkCreateSchema,
  NeighbourDetailSchema,
  NeighbourListSchema,
  NeighbourSchema,
  PreviewSchema,
  ProvenanceSchema,
  ReasonSchema,
  ReceiveResultSchema,
  ReceiveSchema,
  ShareCreateSchema,
  ShareSchema,
} from './neighbours.schema.ts';
import {
  approveLinkAs,
  getNeighbourFor,
  identityFor,
  listNeighboursFor,
  type NeighbourDeps,
  proposeLinkAs,
  publicIdentity,
  resumeLinkAs,
  revokeLinkAs,
  setAgreementsAs,
  suspendLinkAs,
} from './neighbours.service.ts';

const tags = ['neighbours'];
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);

const depsOf = (c: AppContext): NeighbourDeps => ({ database: c.get('deps').database, config: c.get('deps').config });
function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}
/** Deliver soon after a write that queued a message (the scheduled run catches up otherwise). */
function kick(c: AppContext) {
  void c
    .get('deps')
    .jobs?.send('neighbours.deliver', {})
    .catch(() => {});
}

const listRoute = createRoute({
  method: 'get',
  path: '/api/neighbours',
  tags,
  summary: 'The linked districts, each with its link state and its outbox delivery state (pending, delivered, failed counts)',
  responses: { 200: jsonResponse(NeighbourListSchema, 'The links in your district'), ...readErrors },
});
const identityRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/identity',
  tags,
  summary: "This platform's public key and fingerprint: what you give a neighbour's administrator (neighbours.read)",
  responses: { 200: jsonResponse(IdentityWithDistrictsSchema, 'The identity'), ...readErrors },
});
const detailRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/{id}',
  tags,
  summary: 'One link: state, agreement, delivery state, the latest 50 messages sent (no content) and records shared',
  request: { params: IdParam },
  responses: { 200: jsonResponse(NeighbourDetailSchema, 'The link'), ...oneErrors },
});
const createLinkRoute = createRoute({
  method: 'post',
  path: '/api/neighbours',
  tags,
  summary: "Propose a link to a neighbour's platform (its address and public key, exchanged out of band) (neighbours.manage; audited)",
  request: { body: jsonBody(LinkCreateSchema) },
  responses: { 201: jsonResponse(NeighbourSchema, 'Proposed'), ...writeErrors },
});
function stepRoute(path: string, summary: string) {
  return createRoute({
    method: 'post',
    path: `/api/neighbours/{id}/${path}`,
    tags,
    summary,
    request: { params: IdParam },
    responses: { 200: jsonResponse(NeighbourSchema, 'The link after the step'), ...writeErrors },
  });
}
function stepWithBodyRoute<B extends z.ZodType>(method: 'post' | 'put', path: string, summary: string, body: B) {
  return createRoute({
    method,
    path: `/api/neighbours/{id}/${path}`,
    tags,
    summary,
    request: { params: IdParam, body: jsonBody(body) },
    responses: { 200: jsonResponse(NeighbourSchema, 'The link after the step'), ...writeErrors },
  });
}
const approveRoute = stepRoute('approve', 'Approve a proposed link (neighbours.manage, not the proposer): it becomes active');
const agreementsRoute = stepWithBodyRoute(
  'put',
  'agreements',
  'Set what is sent and taken, per kind (neighbours.manage; audited)',
  AgreementsUpdateSchema,
);
const suspendRoute = stepWithBodyRoute(
  'post',
  'suspend',
  'Suspend an active link: nothing is sent or taken; its queue waits (neighbours.manage)',
  ReasonSchema,
);
const resumeRoute = stepRoute('resume', 'Resume a suspended link: its queue is delivered (neighbours.manage)');
const revokeRoute = stepWithBodyRoute(
  'post',
  'revoke',
  'Revoke a link for good: undelivered messages are cancelled (neighbours.manage)',
  ReasonSchema,
);

const shareRoute = createRoute({
  method: 'post',
  path: '/api/neighbours/{id}/case-notifications',
  tags,
  summary: 'Notify the neighbour of a case who lives there (neighbours.share and cases.read; once per case; audited)',
  request: { params: IdParam, body: jsonBody(ShareCreateSchema) },
  responses: { 201: jsonResponse(ShareSchema, 'Queued for delivery'), ...writeErrors },
});
const caseSharesRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/cases/{id}/shares',
  tags,
  summary: 'The neighbours a case was notified to, and their decisions (cases.read over the case)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(CaseSharesSchema, 'The shares'), ...oneErrors },
});
const provenanceRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/cases/{id}/provenance',
  tags,
  summary: 'Where a case report came from when a neighbour notified it: district, when, by whom (cases.read); 404 otherwise',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ProvenanceSchema, 'The provenance'), ...oneErrors },
});
const inboxRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/inbox',
  tags,
  summary: "Neighbours' case notifications received in your district, newest first (neighbours.inbox)",
  request: { query: InboxQuery },
  responses: { 200: jsonResponse(InboxListSchema, 'The notifications'), ...readErrors },
});
const previewRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/inbox/{id}',
  tags,
  summary: 'Preview a notification (identity number masked; possible local duplicates) (neighbours.inbox; audited read)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(PreviewSchema, 'The notification'), ...oneErrors },
});
const acceptRoute = createRoute({
  method: 'post',
  path: '/api/neighbours/inbox/{id}/accept',
  tags,
  summary: 'Accept a notification: it becomes a case report here with its provenance; the sender is told (neighbours.inbox, cases.report)',
  request: { params: IdParam, body: jsonBody(AcceptSchema) },
  responses: { 200: jsonResponse(DecisionSchema, 'Accepted'), ...writeErrors },
});
const rejectRoute = createRoute({
  method: 'post',
  path: '/api/neighbours/inbox/{id}/reject',
  tags,
  summary: 'Reject a notification with a reason, which goes back to the sender (neighbours.inbox)',
  request: { params: IdParam, body: jsonBody(ReasonSchema) },
  responses: { 200: jsonResponse(DecisionSchema, 'Rejected'), ...writeErrors },
});
const borderAlertsRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/alerts',
  tags,
  summary: "Neighbours' border alerts in your district, read-only, their status as last sent (alerts.read)",
  responses: { 200: jsonResponse(BorderAlertListSchema, 'The border alerts'), ...readErrors },
});
const publicIdentityRoute = createRoute({
  method: 'get',
  path: '/api/public/neighbours/identity',
  tags,
  summary:
    "This platform's public key, key id, fingerprint and district (public: a public key is no secret; check the fingerprint out of band)",
  responses: { 200: jsonResponse(IdentitySchema, 'The identity') },
});
const receiveRoute = createRoute({
  method: 'post',
  path: '/api/public/neighbours/messages',
  tags,
  summary:
    'Deliver signed messages from a linked platform (no session: each Ed25519 signature authenticates). Unknown sender or bad signature: 401; misaddressed: 403; link not active or out of sequence: 409. Each message id is stored once (outcome duplicate)',
  request: { body: jsonBody(ReceiveSchema) },
  responses: { 200: jsonResponse(ReceiveResultSchema, 'What was stored'), ...errorResponses(400, 401, 403, 409, 413, 415) },
});

export function registerNeighboursRoutes(app: AppOpenAPI): void {
  app.openapi(listRoute, async (c) => c.json({ items: await listNeighboursFor(depsOf(c), requirePrincipal(c)) }, 200));
  app.openapi(identityRoute, async (c) => c.json(await identityFor(depsOf(c), requirePrincipal(c)), 200));
  app.openapi(borderAlertsRoute, async (c) => c.json({ items: await listBorderAlertsFor(depsOf(c), requirePrincipal(c)) }, 200));
  app.openapi(inboxRoute, async (c) => c.json({ items: await listInboxFor(depsOf(c), requirePrincipal(c), c.req.valid('query')) }, 200));
  app.openapi(previewRoute, async (c) =>
    c.json(await previewFor(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'notification'), clientIp(c)), 200),
  );
  app.openapi(acceptRoute, async (c) => {
    const result = await acceptAs(
      depsOf(c),
      requirePrincipal(c),
      idOf(c.req.valid('param').id, 'notification'),
      c.req.valid('json'),
      clientIp(c),
    );
    kick(c);
    return c.json(result, 200);
  });
  app.openapi(rejectRoute, async (c) => {
    const result = await rejectAs(
      depsOf(c),
      requirePrincipal(c),
      idOf(c.req.valid('param').id, 'notification'),
      c.req.valid('json').reason,
      clientIp(c),
    );
    kick(c);
    return c.json(result, 200);
  });
  app.openapi(caseSharesRoute, async (c) =>
    c.json({ items: await sharesOfCaseFor(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'case')) }, 200),
  );
  app.openapi(provenanceRoute, async (c) =>
    c.json(await provenanceFor(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'case')), 200),
  );
  app.openapi(detailRoute, async (c) =>
    c.json(await getNeighbourFor(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'neighbour')), 200),
  );
  app.openapi(createLinkRoute, async (c) => {
    const principal = requirePrincipal(c);
    const link = await proposeLinkAs(depsOf(c), principal, c.req.valid('json'), clientIp(c));
    return c.json(await oneView(c, link.id), 201);
  });
  app.openapi(approveRoute, async (c) => {
    const link = await approveLinkAs(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'neighbour'), clientIp(c));
    kick(c);
    return c.json(await oneView(c, link.id), 200);
  });
  app.openapi(agreementsRoute, async (c) => {
    const body = c.req.valid('json');
    const link = await setAgreementsAs(
      depsOf(c),
      requirePrincipal(c),
      idOf(c.req.valid('param').id, 'neighbour'),
      body.agreements,
      clientIp(c),
    );
    return c.json(await oneView(c, link.id), 200);
  });
  app.openapi(suspendRoute, async (c) => {
    const body = c.req.valid('json');
    const link = await suspendLinkAs(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'neighbour'), body.reason, clientIp(c));
    return c.json(await oneView(c, link.id), 200);
  });
  app.openapi(resumeRoute, async (c) => {
    const link = await resumeLinkAs(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'neighbour'), clientIp(c));
    kick(c);
    return c.json(await oneView(c, link.id), 200);
  });
  app.openapi(revokeRoute, async (c) => {
    const body = c.req.valid('json');
    const link = await revokeLinkAs(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'neighbour'), body.reason, clientIp(c));
    return c.json(await oneView(c, link.id), 200);
  });
  app.openapi(shareRoute, async (c) => {
    const share = await shareCaseAs(
      depsOf(c),
      requirePrincipal(c),
      idOf(c.req.valid('param').id, 'neighbour'),
      c.req.valid('json'),
      clientIp(c),
    );
    kick(c);
    return c.json(share, 201);
  });
  app.openapi(publicIdentityRoute, async (c) => c.json(await publicIdentity(depsOf(c)), 200));
  app.openapi(receiveRoute, async (c) => {
    const { log } = c.get('deps');
    const result = await receiveMessages({ ...depsOf(c), log }, c.req.valid('json').messages as SignedEnvelope[], clientIp(c));
    return c.json(result, 200);
  });
  // 0067 (issue 16): contact notifications, comments, the shares of a record
  registerNeighbourContactRoutes(app);
}

/** The link as the list shows it (the writer's view may be narrower than neighbours.read: re-read it). */
async function oneView(c: AppContext, id: string) {
  const { outbox: _o, shares: _s, ...link } = await getNeighbourFor(depsOf(c), requirePrincipal(c), id);
  return link;
}

/**
 * HTTP adapter of contact notifications and comments on notifications (issue 16, 0067): validate, call the
 * service, present. Registered at the end of registerNeighboursRoutes.
 */
import { createRoute } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { commentAs, commentsFor } from './neighbours.comments.ts';
import {
  acceptContactAs,
  contactProvenanceFor,
  previewContactFor,
  rejectContactAs,
  shareContactAs,
  sharesOf,
  sharesOfContactFor,
} from './neighbours.contacts.ts';
import {
  CommentCreateSchema,
  CommentListSchema,
  CommentSchema,
  ContactAcceptSchema,
  ContactDecisionSchema,
  ContactPreviewSchema,
  ContactProvenanceSchema,
  ContactShareCreateSchema,
  ContactShareSchema,
  RecordSharesSchema,
  ResolvedSchema,
  ResolveSchema,
  UpdateListSchema,
} from './neighbours.contacts.schema.ts';
import { resolveConflictAs, updatesFor } from './neighbours.updates.ts';
import { ReasonSchema } from './neighbours.schema.ts';
import { sharesOfCaseFor } from './neighbours.exchange.ts';
import type { NeighbourDeps } from './neighbours.service.ts';

const tags = ['neighbours'];
const oneErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const depsOf = (c: AppContext): NeighbourDeps => ({ database: c.get('deps').database, config: c.get('deps').config });
function idOf(id: string, entity: string): string {
  if (!UUID_PATTERN.test(id)) throw notFound(entity);
  return id.toLowerCase();
}
function kick(c: AppContext) {
  void c
    .get('deps')
    .jobs?.send('neighbours.deliver', {})
    .catch(() => {});
}

const shareContactRoute = createRoute({
  method: 'post',
  path: '/api/neighbours/{id}/contact-notifications',
  tags,
  summary: 'Notify the neighbour of a contact who lives or stays there (neighbours.share and contacts.read; once per contact; audited)',
  request: { params: IdParam, body: jsonBody(ContactShareCreateSchema) },
  responses: { 201: jsonResponse(ContactShareSchema, 'Queued for delivery'), ...writeErrors },
});
const contactSharesRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/contacts/{id}/shares',
  tags,
  summary: 'The neighbours a contact was notified to, their decisions and comments (contacts.read over the contact)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(RecordSharesSchema, 'The shares'), ...oneErrors },
});
const contactProvenanceRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/contacts/{id}/provenance',
  tags,
  summary: 'Where a contact came from when a neighbour notified it: district, when, by whom (contacts.read); 404 otherwise',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ContactProvenanceSchema, 'The provenance'), ...oneErrors },
});
const contactPreviewRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/contact-notifications/{id}',
  tags,
  summary:
    'Preview a contact notification (identity number masked; possible local duplicates; the local index case) (neighbours.inbox; audited read)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(ContactPreviewSchema, 'The notification'), ...oneErrors },
});
const contactAcceptRoute = createRoute({
  method: 'post',
  path: '/api/neighbours/contact-notifications/{id}/accept',
  tags,
  summary:
    'Accept a contact notification: it becomes a contact under follow-up here with its provenance; the sender is told (neighbours.inbox, contacts.write)',
  request: { params: IdParam, body: jsonBody(ContactAcceptSchema) },
  responses: { 200: jsonResponse(ContactDecisionSchema, 'Accepted'), ...writeErrors },
});
const contactRejectRoute = createRoute({
  method: 'post',
  path: '/api/neighbours/contact-notifications/{id}/reject',
  tags,
  summary: 'Reject a contact notification with a reason, which goes back to the sender (neighbours.inbox)',
  request: { params: IdParam, body: jsonBody(ReasonSchema) },
  responses: { 200: jsonResponse(ContactDecisionSchema, 'Rejected'), ...writeErrors },
});
const caseRecordSharesRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/cases/{id}/record-shares',
  tags,
  summary: 'The neighbours a case was notified to, their decisions and comments (cases.read over the case)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(RecordSharesSchema, 'The shares'), ...oneErrors },
});
const commentsRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/notifications/{id}/comments',
  tags,
  summary: 'The comments on a case or contact notification, sent or received (neighbours.inbox, or neighbours.read for one we sent)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(CommentListSchema, 'The comments'), ...oneErrors },
});
const commentRoute = createRoute({
  method: 'post',
  path: '/api/neighbours/notifications/{id}/comments',
  tags,
  summary: 'Comment on a notification: it goes to the neighbour (neighbours.inbox on one received, neighbours.share on one sent; audited)',
  request: { params: IdParam, body: jsonBody(CommentCreateSchema) },
  responses: { 201: jsonResponse(CommentSchema, 'Queued for delivery'), ...writeErrors },
});

const updatesRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/notifications/{id}/updates',
  tags,
  summary: 'The updates received for a notification (versions, applied, waiting, stale, conflicts) (neighbours.inbox)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(UpdateListSchema, 'The updates'), ...oneErrors },
});
const resolveRoute = createRoute({
  method: 'post',
  path: '/api/neighbours/updates/{id}/resolve',
  tags,
  summary:
    "Resolve a conflict: per field, keep ours or take the neighbour's (neighbours.inbox, and cases.report or contacts.write; audited)",
  request: { params: IdParam, body: jsonBody(ResolveSchema) },
  responses: { 200: jsonResponse(ResolvedSchema, 'Resolved'), ...writeErrors },
});

export function registerNeighbourContactRoutes(app: AppOpenAPI): void {
  app.openapi(updatesRoute, async (c) =>
    c.json(await updatesFor(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'notification')), 200),
  );
  app.openapi(resolveRoute, async (c) =>
    c.json(
      await resolveConflictAs(
        depsOf(c),
        requirePrincipal(c),
        idOf(c.req.valid('param').id, 'update'),
        c.req.valid('json').choices,
        clientIp(c),
      ),
      200,
    ),
  );
  app.openapi(shareContactRoute, async (c) => {
    const share = await shareContactAs(
      depsOf(c),
      requirePrincipal(c),
      idOf(c.req.valid('param').id, 'neighbour'),
      c.req.valid('json'),
      clientIp(c),
    );
    kick(c);
    return c.json({ ...share, entityType: 'contact' as const }, 201);
  });
  app.openapi(contactSharesRoute, async (c) =>
    c.json({ items: await sharesOfContactFor(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'contact')) }, 200),
  );
  app.openapi(contactProvenanceRoute, async (c) =>
    c.json(await contactProvenanceFor(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'contact')), 200),
  );
  app.openapi(contactPreviewRoute, async (c) =>
    c.json(await previewContactFor(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'notification'), clientIp(c)), 200),
  );
  app.openapi(contactAcceptRoute, async (c) => {
    const result = await acceptContactAs(
      depsOf(c),
      requirePrincipal(c),
      idOf(c.req.valid('param').id, 'notification'),
      c.req.valid('json'),
      clientIp(c),
    );
    kick(c);
    return c.json(result, 200);
  });
  app.openapi(contactRejectRoute, async (c) => {
    const result = await rejectContactAs(
      depsOf(c),
      requirePrincipal(c),
      idOf(c.req.valid('param').id, 'notification'),
      c.req.valid('json').reason,
      clientIp(c),
    );
    kick(c);
    return c.json(result, 200);
  });
  app.openapi(caseRecordSharesRoute, async (c) => {
    const principal = requirePrincipal(c);
    const id = idOf(c.req.valid('param').id, 'case');
    await sharesOfCaseFor(depsOf(c), principal, id); // cases.read over the case: 404 outside it
    return c.json({ items: await sharesOf(depsOf(c).database.db, 'case_report', id) }, 200);
  });
  app.openapi(commentsRoute, async (c) =>
    c.json(await commentsFor(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'notification')), 200),
  );
  app.openapi(commentRoute, async (c) => {
    const comment = await commentAs(
      depsOf(c),
      requirePrincipal(c),
      idOf(c.req.valid('param').id, 'notification'),
      c.req.valid('json').body,
      clientIp(c),
    );
    kick(c);
    return c.json(comment, 201);
  });
}

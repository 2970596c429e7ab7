/** HTTP adapter for browsing the audit log (right `audit.read`). */
import { createRoute, z } from '@hono/zod-openapi';
import { type AppOpenAPI, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, jsonResponse, PageQuery } from '../../platform/http/schemas.ts';
import { scopeFor } from '../../platform/auth/scope.ts';
import { validationFailed } from '../../platform/errors.ts';
import { listAudit, listAuditActors, scopeCoversDistrict } from './audit.store.ts';

const AuditQuery = PageQuery.extend({
  entityType: z.string().max(64).optional(),
  entityId: z.string().max(128).optional(),
  actorId: z.uuid().optional(),
  action: z.string().max(64).optional(),
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
});

const AuditName = z
  .object({ kind: z.enum(['user', 'jurisdiction', 'agency', 'facility', 'role']), name: z.string(), nameEn: z.string().nullable() })
  .openapi('AuditName');

const AuditRecord = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z
      .object({
        id: z.string().nullable(),
        username: z.string().nullable(),
        displayName: z.string().nullable().openapi({ description: "the actor's current display name (null: account gone)" }),
      })
      .nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    changedFields: z.array(z.string()).nullable(),
    detailsHidden: z.boolean(),
    ip: z.string().nullable(),
  })
  .openapi('AuditRecord');

const listRoute = createRoute({
  method: 'get',
  path: '/api/audit',
  tags: ['audit'],
  summary: 'The audit log, newest first',
  request: { query: AuditQuery },
  responses: {
    200: jsonResponse(
      z
        .object({
          items: z.array(AuditRecord),
          total: z.number().int(),
          names: z.record(z.string(), AuditName).openapi({
            description:
              'the ids of the page (entities, ids inside the shown before/after) and role ids, resolved to names the reader may see',
          }),
        })
        .openapi('AuditList'),
      'A page of records',
    ),
    ...errorResponses(400, 401, 403),
  },
});

const actorsRoute = createRoute({
  method: 'get',
  path: '/api/audit/actors',
  tags: ['audit'],
  summary: 'The people the log can be filtered by (the user picker), matching q',
  request: { query: z.object({ q: z.string().trim().max(100).optional() }) },
  responses: {
    200: jsonResponse(
      z
        .object({ items: z.array(z.object({ id: z.string(), username: z.string(), displayName: z.string(), disabled: z.boolean() })) })
        .openapi('AuditActorList'),
      'Up to 20 people, by name',
    ),
    ...errorResponses(400, 401, 403),
  },
});

/** Mounts the audit routes. */
export function registerAuditRoutes(app: AppOpenAPI): void {
  app.openapi(listRoute, async (c) => {
    const principal = requirePrincipal(c);
    const scope = scopeFor(principal, 'audit.read');
    const q = c.req.valid('query');
    // a date alone means the whole day: from its start, to its end (UTC)
    const from = q.from ? new Date(q.from.length === 10 ? `${q.from}T00:00:00Z` : q.from) : undefined;
    const to = q.to ? new Date(q.to.length === 10 ? `${q.to}T23:59:59.999Z` : q.to) : undefined;
    if (from && to && from > to) throw validationFailed([{ path: 'from', message: 'must not be after "to"' }]);
    const { db } = c.get('deps').database;
    const wholeTree = await scopeCoversDistrict(db, scope);
    return c.json(await listAudit(db, scope, { ...q, from, to }, { wholeTree, principal }), 200);
  });
  app.openapi(actorsRoute, async (c) => {
    const scope = scopeFor(requirePrincipal(c), 'audit.read');
    const { db } = c.get('deps').database;
    const wholeTree = await scopeCoversDistrict(db, scope);
    return c.json({ items: await listAuditActors(db, scope, c.req.valid('query').q || undefined, { wholeTree, limit: 20 }) }, 200);
  });
}

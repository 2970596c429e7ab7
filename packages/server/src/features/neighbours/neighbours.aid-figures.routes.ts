/**
 * HTTP adapter of the neighbours' border alerts inside our alert work, mutual aid and the daily joint figures
 * (issue 16, items 4–6; docs/neighbours.md): validate, call the service, present.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { notFound } from '../../platform/errors.ts';
import { type AppContext, type AppOpenAPI, clientIp, requirePrincipal } from '../../platform/http/context.ts';
import { errorResponses, IdParam, jsonBody, jsonResponse, UUID_PATTERN } from '../../platform/http/schemas.ts';
import { AID_KINDS, AID_STATUSES, ALERT_HANDLING_STATES } from './neighbours.aid-figures.tables.ts';
import { alertCommentsFor, commentOnAlertAs } from './neighbours.alert-comments.ts';
import { handleSharedAlertAs, listSharedAlertsFor } from './neighbours.alerts-inbox.ts';
import { jointFiguresFor, sendFiguresNowAs } from './neighbours.figures.ts';
import {
  acceptAidOfferAs,
  aidPartnersFor,
  approveAidAnswerAs,
  approveAidRequestAs,
  cancelAidRequestAs,
  createAidRequestsAs,
  draftAidAnswerAs,
  getAidRequestFor,
  listAidRequestsFor,
  recordAidDeliveredAs,
} from './neighbours.mutual-aid.ts';
import type { NeighbourDeps } from './neighbours.service.ts';

const tags = ['neighbours'];
const readErrors = errorResponses(400, 401, 403);
const oneErrors = errorResponses(400, 401, 403, 404);
const writeErrors = errorResponses(400, 401, 403, 404, 409, 413, 415);
const instant = z.date().openapi({ type: 'string', format: 'date-time' });
const day = z.iso.date().openapi({ example: '2026-12-07' });
const note = z.string().trim().max(2000);

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

// ── border alerts inside our alert work ──────────────────────────────────────────────────────────────

const District = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });

export const SharedAlertSchema = z
  .object({
    id: z.uuid(),
    linkId: z.uuid(),
    source: z.literal('neighbour'),
    provenance: z.object({
      districtCode: z.string(),
      districtName: z.string(),
      districtNameEn: z.string(),
      linkState: z.string(),
      remoteCode: z.string().openapi({ description: "the alert's code at the neighbour" }),
      receivedAt: instant,
      remoteUpdatedAt: instant,
      synced: z.boolean().openapi({ description: "true: its status follows the neighbour's; false: as shared (view-only)" }),
    }),
    code: z.string(),
    title: z.string(),
    summary: z.string(),
    summaryZh: z.string(),
    alertClass: z.enum(['A', 'B', 'C', 'syndromic']).openapi({ description: "from our catalogue by the disease's code" }),
    diseaseCode: z.string().nullable(),
    diseaseName: z.string().nullable(),
    diseaseNameEn: z.string().nullable(),
    placeName: z.string(),
    placeNameEn: z.string(),
    status: z.string().openapi({ description: "the alert's status at the neighbour (read-only)" }),
    open: z.boolean(),
    warningLevel: z.string().nullable(),
    firstSignalAt: instant.nullable(),
    closedAt: instant.nullable(),
    handling: z
      .object({
        state: z.enum(ALERT_HANDLING_STATES),
        note: z.string(),
        taskId: z.uuid().nullable(),
        handledBy: z.string().nullable(),
        handledAt: instant,
      })
      .nullable()
      .openapi({ description: 'how we handle it here (null: not yet)' }),
  })
  .openapi('NeighbourSharedAlert');

const SharedAlertQuery = z.object({
  linkId: z.uuid().optional(),
  open: z.enum(['true', 'false']).optional().openapi({ description: 'by the status at the neighbour' }),
  handling: z
    .enum(['unhandled', ...ALERT_HANDLING_STATES])
    .optional()
    .openapi({ description: 'how we handle it here' }),
  subscribed: z.enum(['true', 'false']).optional().openapi({ description: 'only the alerts my subscription covers (Class A always)' }),
  q: z.string().trim().max(100).optional().openapi({ description: 'code or title contains' }),
});

const HandlingSchema = z
  .object({
    state: z.enum(ALERT_HANDLING_STATES),
    note: note.default(''),
    task: z
      .object({
        title: z.string().trim().min(1, 'a title is required').max(200),
        dueAt: z.coerce.date().openapi({ type: 'string', format: 'date-time' }),
        assigneeAgencyId: z.uuid().optional(),
        assigneeJurisdictionId: z.uuid().optional(),
      })
      .strict()
      .optional()
      .openapi({ description: 'a task of ours (needs tasks.assign): tasks are never shared' }),
  })
  .strict()
  .openapi('NeighbourAlertHandlingInput');

const sharedAlertsRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/alerts/shared',
  tags,
  summary:
    "The neighbours' border alerts in our alert work: with provenance and how we handle them; seen by our district's staff and the staff of our townships bordering that neighbour (alerts.read)",
  request: { query: SharedAlertQuery },
  responses: {
    200: jsonResponse(z.object({ items: z.array(SharedAlertSchema) }).openapi('NeighbourSharedAlerts'), 'The alerts'),
    ...readErrors,
  },
});
const handleAlertRoute = createRoute({
  method: 'post',
  path: '/api/neighbours/alerts/{id}/handling',
  tags,
  summary:
    "Record how we handle a neighbour's border alert: acknowledged, monitoring, actioned (with a task of ours) (alerts.verify; audited)",
  request: { params: IdParam, body: jsonBody(HandlingSchema) },
  responses: {
    200: jsonResponse(
      z
        .object({ id: z.uuid(), state: z.enum(ALERT_HANDLING_STATES), note: z.string(), taskId: z.uuid().nullable(), handledAt: instant })
        .openapi('NeighbourAlertHandling'),
      'Recorded',
    ),
    ...writeErrors,
  },
});

const AlertCommentDistrict = z.object({ linkId: z.uuid(), code: z.string(), name: z.string(), nameEn: z.string(), state: z.string() });
const AlertCommentsSchema = z
  .object({
    side: z.enum(['received', 'owned']).openapi({ description: "received: a neighbour's alert shared with us; owned: an alert of ours" }),
    canWrite: z.boolean().openapi({ description: 'alerts.verify here and an active link to send to' }),
    sharedWith: z
      .array(AlertCommentDistrict)
      .openapi({ description: 'the neighbours of the thread (owned: every one the alert is shared with)' }),
    items: z.array(
      z.object({
        id: z.uuid(),
        direction: z.enum(['in', 'out']).openapi({ description: "in: the neighbour's, out: ours" }),
        authorName: z.string(),
        body: z.string(),
        createdAt: instant,
        district: AlertCommentDistrict,
      }),
    ),
  })
  .openapi('NeighbourAlertComments');
const alertCommentsRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/alerts/{id}/comments',
  tags,
  summary:
    "Comments on a border alert, both ways: id is a neighbour's alert received here or an alert of ours shared with neighbours (alerts.read where it is seen)",
  request: { params: IdParam },
  responses: { 200: jsonResponse(AlertCommentsSchema, 'The comments'), ...oneErrors },
});
const alertCommentRoute = createRoute({
  method: 'post',
  path: '/api/neighbours/alerts/{id}/comments',
  tags,
  summary:
    "Comment on a border alert: on a neighbour's, sent to its owner; on ours, sent to every active neighbour it is shared with (alerts.verify; audited)",
  request: {
    params: IdParam,
    body: jsonBody(
      z
        .object({ body: z.string().trim().min(1, 'must not be empty').max(2000) })
        .strict()
        .openapi('NeighbourAlertCommentInput'),
    ),
  },
  responses: {
    201: jsonResponse(
      z.object({ ids: z.array(z.uuid()), sentTo: z.array(z.string()), createdAt: instant }).openapi('NeighbourAlertCommentSent'),
      'Recorded and queued',
    ),
    ...writeErrors,
  },
});

// ── mutual aid ───────────────────────────────────────────────────────────────────────────────────────

const AidItemSchema = z.object({
  kind: z.enum(AID_KINDS),
  description: z.string(),
  unit: z.string(),
  quantity: z.number().int(),
  offered: z.number().int().nullable(),
  delivered: z.number().int().nullable(),
});
export const AidRequestSchema = z
  .object({
    id: z.uuid(),
    linkId: z.uuid(),
    district: District,
    direction: z.enum(['outgoing', 'incoming']),
    requestRef: z.uuid(),
    title: z.string(),
    reason: z.string(),
    neededBy: z.string(),
    items: z.array(AidItemSchema),
    status: z.enum(AID_STATUSES),
    answerNote: z.string(),
    answerDraft: z
      .object({ decision: z.enum(['offer', 'refuse']), offered: z.array(z.number().int()), note: z.string() })
      .nullable()
      .openapi({ description: 'incoming: the answer drafted here, waiting for a second person' }),
    answerDraftedBy: z.string().nullable(),
    answerApprovedBy: z.string().nullable(),
    deliveredNote: z.string(),
    stockRequestId: z.uuid().nullable(),
    taskId: z.uuid().nullable(),
    createdBy: z.string().nullable(),
    approvedBy: z.string().nullable(),
    createdAt: instant,
    updatedAt: instant,
  })
  .openapi('NeighbourAidRequest');
const AidListSchema = z.object({ items: z.array(AidRequestSchema) }).openapi('NeighbourAidRequests');

const quantity = z.number().int().min(0).max(1_000_000);
const AidCreateSchema = z
  .object({
    linkIds: z.array(z.uuid()).min(1, 'choose at least one neighbour').max(10),
    title: z.string().trim().min(1, 'a title is required').max(200),
    reason: note.default(''),
    neededBy: day,
    items: z
      .array(
        z
          .object({
            kind: z.enum(AID_KINDS),
            description: z.string().trim().min(1, 'say what is needed').max(200),
            unit: z.string().trim().max(20).default(''),
            quantity: quantity.min(1, 'at least 1'),
          })
          .strict(),
      )
      .max(50)
      .default([]),
    stockRequestId: z.uuid().optional().openapi({ description: 'a material request of ours: its missing quantities become the lines' }),
  })
  .strict()
  .openapi('NeighbourAidRequestCreate');
const AidAnswerSchema = z
  .object({
    decision: z.enum(['offer', 'refuse']),
    offered: z.array(quantity).max(50).default([]).openapi({ description: 'per line, what we offer (0 … asked): all or part' }),
    note: note.default(''),
  })
  .strict()
  .openapi('NeighbourAidAnswer');
const AidDeliveredSchema = z
  .object({ delivered: z.array(quantity).max(50), note: note.default('') })
  .strict()
  .openapi('NeighbourAidDelivered');
const AidCancelSchema = z
  .object({ reason: z.string().trim().min(1, 'a reason is required').max(500) })
  .strict()
  .openapi('NeighbourAidCancel');

const AidQuery = z.object({
  direction: z.enum(['outgoing', 'incoming']).optional(),
  status: z.enum(AID_STATUSES).optional(),
  linkId: z.uuid().optional(),
});

const aidListRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/aid/requests',
  tags,
  summary: 'Requests for help with neighbours, both ways, with their status on our side (stock.read)',
  request: { query: AidQuery },
  responses: { 200: jsonResponse(AidListSchema, 'The requests'), ...readErrors },
});
const aidPartnersRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/aid/partners',
  tags,
  summary:
    'The linked districts a request for help may go to (stock.read): canAsk when the link is active and the agreement sends requests',
  responses: {
    200: jsonResponse(
      z
        .object({
          items: z.array(
            z.object({
              id: z.uuid(),
              districtCode: z.string(),
              name: z.string(),
              nameEn: z.string(),
              state: z.string(),
              canAsk: z.boolean(),
            }),
          ),
        })
        .openapi('NeighbourAidPartners'),
      'The neighbours',
    ),
    ...readErrors,
  },
});
const aidOneRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/aid/requests/{id}',
  tags,
  summary: 'One request for help (stock.read)',
  request: { params: IdParam },
  responses: { 200: jsonResponse(AidRequestSchema, 'The request'), ...oneErrors },
});
const aidCreateRoute = createRoute({
  method: 'post',
  path: '/api/neighbours/aid/requests',
  tags,
  summary: 'Draft a request for help to one or several neighbours (stock.request; sent when another person approves it)',
  request: { body: jsonBody(AidCreateSchema) },
  responses: { 201: jsonResponse(AidListSchema, 'Drafted, one per neighbour'), ...writeErrors },
});
function aidStep(path: string, summary: string) {
  return createRoute({
    method: 'post',
    path: `/api/neighbours/aid/requests/{id}/${path}`,
    tags,
    summary,
    request: { params: IdParam },
    responses: { 200: jsonResponse(AidRequestSchema, 'The request after the step'), ...writeErrors },
  });
}
function aidStepWithBody<B extends z.ZodType>(path: string, summary: string, body: B) {
  return createRoute({
    method: 'post',
    path: `/api/neighbours/aid/requests/{id}/${path}`,
    tags,
    summary,
    request: { params: IdParam, body: jsonBody(body) },
    responses: { 200: jsonResponse(AidRequestSchema, 'The request after the step'), ...writeErrors },
  });
}
const aidApproveRoute = aidStep('approve', 'Approve a drafted request (stock.approve, not its author): it is sent');
const aidAcceptRoute = aidStep('accept', "Accept the neighbour's offer (stock.approve): it becomes a task at the neighbour");
const aidCancelRoute = aidStepWithBody(
  'cancel',
  'Withdraw a request not yet accepted (stock.request; the neighbour is told)',
  AidCancelSchema,
);
const aidAnswerRoute = aidStepWithBody(
  'answer',
  "Draft our answer to a neighbour's request: offer all or part, or refuse (stock.request)",
  AidAnswerSchema,
);
const aidApproveAnswerRoute = aidStep('approve-answer', 'Approve the drafted answer (stock.approve, not its drafter): it is sent');
const aidDeliveredRoute = aidStepWithBody(
  'delivered',
  'Close an accepted request with what was delivered (stock.approve)',
  AidDeliveredSchema,
);

// ── daily joint figures ──────────────────────────────────────────────────────────────────────────────

const count = z.number().int();
const DailyFiguresSchema = z
  .object({
    day: z.string(),
    district: District,
    diseases: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        nameEn: z.string(),
        newCases: count.nullable().openapi({ description: 'null: suppressed (a small number)' }),
        cumulativeCases: count.nullable(),
      }),
    ),
    newCases: count,
    cumulativeCases: count,
    openAlerts: count,
    responseLevel: z.string().nullable(),
    k: count.nullable().openapi({ description: 'counts 1 … k−1 suppressed; null: the agreement allows small numbers' }),
    suppressed: count,
  })
  .openapi('NeighbourDailyFigures');
const JointSchema = z
  .object({
    days: z.array(z.string()),
    series: z.array(
      z.object({
        own: z.boolean(),
        linkId: z.uuid().nullable(),
        district: District,
        days: z.array(DailyFiguresSchema.nullable()).openapi({ description: 'one per day; null: no figures arrived for it' }),
      }),
    ),
    region: z.array(
      z.object({
        day: z.string(),
        districts: count,
        missing: count,
        newCases: count,
        cumulativeCases: count,
        openAlerts: count,
        responseLevel: z.string().nullable(),
        diseases: z.array(
          z.object({
            code: z.string(),
            name: z.string(),
            nameEn: z.string(),
            newCases: count,
            cumulativeCases: count,
            atLeast: z.boolean().openapi({ description: 'a suppressed count is left out: the sum is a lower bound' }),
          }),
        ),
      }),
    ),
  })
  .openapi('NeighbourJointFigures');

const jointRoute = createRoute({
  method: 'get',
  path: '/api/neighbours/figures/joint',
  tags,
  summary: "The border region's daily figures: ours and each neighbour's side by side, and summed (neighbours.read)",
  request: {
    query: z.object({
      days: z.coerce.number().int().min(1).max(31).default(14),
      until: day.optional().openapi({ description: 'the last day (default: today, district time)' }),
    }),
  },
  responses: { 200: jsonResponse(JointSchema, 'The joint figures'), ...readErrors },
});
const sendFiguresRoute = createRoute({
  method: 'post',
  path: '/api/neighbours/figures/send',
  tags,
  summary: "Send a day's figures now to the neighbours whose agreement takes them (neighbours.manage; audited)",
  request: {
    body: jsonBody(
      z
        .object({ day: day.optional().openapi({ description: 'default: yesterday' }), linkId: z.uuid().optional() })
        .strict()
        .openapi('NeighbourFiguresSend'),
    ),
  },
  responses: { 200: jsonResponse(z.object({ day: z.string(), queued: count }), 'Queued'), ...writeErrors },
});

export function registerNeighbourAidFiguresRoutes(app: AppOpenAPI): void {
  app.openapi(sharedAlertsRoute, async (c) =>
    c.json({ items: await listSharedAlertsFor(depsOf(c), requirePrincipal(c), c.req.valid('query')) }, 200),
  );
  app.openapi(handleAlertRoute, async (c) =>
    c.json(
      await handleSharedAlertAs(
        depsOf(c),
        requirePrincipal(c),
        idOf(c.req.valid('param').id, 'neighbour_alert'),
        c.req.valid('json'),
        clientIp(c),
      ),
      200,
    ),
  );
  app.openapi(alertCommentsRoute, async (c) =>
    c.json(await alertCommentsFor(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'alert')), 200),
  );
  app.openapi(alertCommentRoute, async (c) => {
    const out = await commentOnAlertAs(
      depsOf(c),
      requirePrincipal(c),
      idOf(c.req.valid('param').id, 'alert'),
      c.req.valid('json').body,
      clientIp(c),
    );
    kick(c);
    return c.json(out, 201);
  });
  app.openapi(aidListRoute, async (c) =>
    c.json({ items: await listAidRequestsFor(depsOf(c), requirePrincipal(c), c.req.valid('query')) }, 200),
  );
  app.openapi(aidPartnersRoute, async (c) => c.json({ items: await aidPartnersFor(requirePrincipal(c), depsOf(c)) }, 200));
  app.openapi(aidOneRoute, async (c) =>
    c.json(await getAidRequestFor(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'aid_request')), 200),
  );
  app.openapi(aidCreateRoute, async (c) => {
    const items = await createAidRequestsAs(depsOf(c), requirePrincipal(c), c.req.valid('json'), clientIp(c));
    return c.json({ items }, 201);
  });
  app.openapi(aidApproveRoute, async (c) => {
    const out = await approveAidRequestAs(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'aid_request'), clientIp(c));
    kick(c);
    return c.json(out, 200);
  });
  app.openapi(aidAcceptRoute, async (c) => {
    const out = await acceptAidOfferAs(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'aid_request'), clientIp(c));
    kick(c);
    return c.json(out, 200);
  });
  app.openapi(aidCancelRoute, async (c) => {
    const out = await cancelAidRequestAs(
      depsOf(c),
      requirePrincipal(c),
      idOf(c.req.valid('param').id, 'aid_request'),
      c.req.valid('json').reason,
      clientIp(c),
    );
    kick(c);
    return c.json(out, 200);
  });
  app.openapi(aidAnswerRoute, async (c) =>
    c.json(
      await draftAidAnswerAs(
        depsOf(c),
        requirePrincipal(c),
        idOf(c.req.valid('param').id, 'aid_request'),
        c.req.valid('json'),
        clientIp(c),
      ),
      200,
    ),
  );
  app.openapi(aidApproveAnswerRoute, async (c) => {
    const out = await approveAidAnswerAs(depsOf(c), requirePrincipal(c), idOf(c.req.valid('param').id, 'aid_request'), clientIp(c));
    kick(c);
    return c.json(out, 200);
  });
  app.openapi(aidDeliveredRoute, async (c) => {
    const out = await recordAidDeliveredAs(
      depsOf(c),
      requirePrincipal(c),
      idOf(c.req.valid('param').id, 'aid_request'),
      c.req.valid('json'),
      clientIp(c),
    );
    kick(c);
    return c.json(out, 200);
  });
  app.openapi(jointRoute, async (c) => c.json(await jointFiguresFor(depsOf(c), requirePrincipal(c), c.req.valid('query')), 200));
  app.openapi(sendFiguresRoute, async (c) => {
    const out = await sendFiguresNowAs(depsOf(c), requirePrincipal(c), c.req.valid('json'), clientIp(c));
    kick(c);
    return c.json(out, 200);
  });
}

/**
 * Zod schemas of contact notifications and comments (issue 16, 0067); the OpenAPI document is generated from them.
 */
import { z } from '@hono/zod-openapi';
import { INBOX_STATUSES, LINK_STATES, SHARE_STATUSES, UPDATE_STATUSES } from './neighbours.tables.ts';

const instant = z.date().openapi({ type: 'string', format: 'date-time' });
const nullableInstant = instant.nullable();

export const ContactShareCreateSchema = z
  .object({
    contactId: z.uuid(),
    note: z
      .string()
      .trim()
      .max(1000)
      .default('')
      .openapi({ description: 'what the neighbour should know (no more personal data than the agreement)' }),
  })
  .strict()
  .openapi('NeighbourContactShare');

/** A record of ours shared with a neighbour, as its page lists it. */
export const RecordShareSchema = z
  .object({
    id: z.uuid(),
    linkId: z.uuid(),
    messageId: z
      .uuid()
      .openapi({ description: 'the notification: its comments are under /api/neighbours/notifications/{messageId}/comments' }),
    districtCode: z.string(),
    name: z.string(),
    nameEn: z.string(),
    linkState: z.enum(LINK_STATES),
    withPersonalData: z.boolean(),
    status: z.enum(SHARE_STATUSES).openapi({ description: "the neighbour's decision: sent (waiting), accepted, rejected" }),
    version: z.number().int().openapi({ description: 'the last version sent (1: the notification; each update +1)' }),
    decisionReason: z.string(),
    decidedAt: nullableInstant,
    decidedByName: z.string(),
    sharedByName: z.string().nullable(),
    createdAt: instant,
    comments: z.number().int().openapi({ description: 'comments on the notification, both ways' }),
  })
  .openapi('NeighbourRecordShare');
export const RecordSharesSchema = z.object({ items: z.array(RecordShareSchema) }).openapi('NeighbourRecordShares');

export const ContactShareSchema = z
  .object({
    id: z.uuid(),
    linkId: z.uuid(),
    entityType: z.literal('contact'),
    entityId: z.uuid(),
    messageId: z.uuid(),
    withPersonalData: z.boolean(),
    status: z.enum(SHARE_STATUSES),
    createdAt: instant,
  })
  .openapi('NeighbourContactShareCreated');

export const ContactPreviewSchema = z
  .object({
    id: z.uuid(),
    linkId: z.uuid(),
    jurisdictionId: z.uuid(),
    districtCode: z.string(),
    districtName: z.string(),
    districtNameEn: z.string(),
    seq: z.number().int(),
    kind: z.string(),
    sentAt: instant,
    receivedAt: instant,
    summary: z.record(z.string(), z.unknown()),
    status: z.enum(INBOX_STATUSES),
    decidedAt: nullableInstant,
    decidedByName: z.string().nullable(),
    decisionReason: z.string(),
    resultEntityId: z.uuid().nullable(),
    notification: z.object({
      contactCode: z.string(),
      disease: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }),
      indexCase: z.object({ code: z.string(), classification: z.string(), onsetDate: z.string().nullable(), diagnosisAt: z.string() }),
      degree: z.number().int(),
      relation: z.string(),
      setting: z.string(),
      contactType: z.string(),
      riskCategory: z.string(),
      lastExposureAt: z.string(),
      followUpUntil: z.string(),
      followUpPerDay: z.number().int(),
      status: z.string(),
      sex: z.string(),
      note: z.string(),
      sharedBy: z.string(),
      person: z
        .object({ name: z.string(), idType: z.string(), idNumberMasked: z.string(), phone: z.string(), address: z.string() })
        .nullable()
        .openapi({ description: 'null when the agreement for contacts sends no personal data' }),
    }),
    possibleDuplicates: z
      .array(z.object({ id: z.uuid(), code: z.string() }))
      .openapi({ description: 'local contacts with the same identity number' }),
    indexCaseHere: z
      .object({ id: z.uuid(), code: z.string(), kind: z.enum(['accepted_notification', 'reference']) })
      .nullable()
      .openapi({
        description: "the local case for the neighbour's index case, when there is one (else a reference case is made on accept)",
      }),
  })
  .openapi('NeighbourContactPreview');

export const ContactAcceptSchema = z
  .object({
    jurisdictionId: z.uuid().openapi({ description: 'the residence here (a community or township in your scope)' }),
    indexCaseId: z.uuid().nullable().optional().openapi({
      description: "a local case to file the contact under (default: the neighbour's case accepted here, else a reference case)",
    }),
  })
  .strict()
  .openapi('NeighbourContactAccept');

export const ContactDecisionSchema = z
  .object({ id: z.uuid(), status: z.enum(['accepted', 'rejected']), contactId: z.uuid().nullable(), reason: z.string() })
  .openapi('NeighbourContactDecision');

export const ContactProvenanceSchema = z
  .object({
    contactId: z.uuid(),
    messageId: z.uuid(),
    linkId: z.uuid(),
    districtCode: z.string(),
    districtName: z.string(),
    districtNameEn: z.string(),
    senderContactCode: z.string(),
    senderIndexCaseCode: z.string(),
    sharedBy: z.string(),
    sentAt: instant,
    receivedAt: instant,
    acceptedAt: nullableInstant,
    acceptedBy: z.string().nullable(),
  })
  .openapi('NeighbourContactProvenance');

export const CommentCreateSchema = z
  .object({ body: z.string().trim().min(1, 'must not be empty').max(2000) })
  .strict()
  .openapi('NeighbourCommentCreate');
export const CommentSchema = z
  .object({
    id: z.uuid(),
    direction: z.enum(['in', 'out']).openapi({ description: "'in': the neighbour's, 'out': ours" }),
    authorName: z.string(),
    body: z.string(),
    createdAt: instant,
  })
  .openapi('NeighbourComment');
export const CommentListSchema = z
  .object({
    side: z.enum(['received', 'sent']).openapi({ description: 'whether we received the notification or sent it' }),
    items: z.array(CommentSchema),
  })
  .openapi('NeighbourComments');

export const UpdateSchema = z
  .object({
    id: z.uuid(),
    version: z.number().int(),
    changes: z.record(z.string(), z.unknown()).openapi({ description: 'the fields the neighbour changed, with their new values' }),
    status: z.enum(UPDATE_STATUSES).openapi({
      description:
        'applied; waiting (not decided yet, or an earlier version missing); stale (an old version: refused); ignored (notification rejected); conflict; resolved',
    }),
    conflicts: z
      .record(z.string(), z.object({ base: z.unknown(), local: z.unknown(), remote: z.unknown() }))
      .openapi({ description: 'per field: the value last applied, ours now, the neighbour’s new one' }),
    resolution: z.record(z.string(), z.enum(['local', 'remote'])),
    resolvedAt: nullableInstant,
    resolvedByName: z.string().nullable(),
    receivedAt: instant,
  })
  .openapi('NeighbourUpdate');
export const UpdateListSchema = z.object({ appliedVersion: z.number().int(), items: z.array(UpdateSchema) }).openapi('NeighbourUpdates');
export const ResolveSchema = z
  .object({
    choices: z
      .record(z.string().max(40), z.enum(['local', 'remote']))
      .openapi({ description: "per field in conflict: keep ours ('local') or take the neighbour's ('remote')" }),
  })
  .strict()
  .openapi('NeighbourConflictResolve');
export const ResolvedSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(UPDATE_STATUSES),
    resolution: z.record(z.string(), z.enum(['local', 'remote'])),
    version: z.number().int(),
  })
  .openapi('NeighbourConflictResolved');

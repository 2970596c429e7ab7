/**
 * Zod schemas of the neighbours routes (the OpenAPI document is generated from them).
 */
import { z } from '@hono/zod-openapi';
import { AgreementsSchema } from './neighbours.agreements.ts';
import { INBOX_STATUSES, LINK_STATES, OUTBOX_STATUSES, SHARE_STATUSES, SHARED_ENTITY_TYPES } from './neighbours.tables.ts';

const instant = z.date().openapi({ type: 'string', format: 'date-time' });
const nullableInstant = instant.nullable();
const reasonText = z.string().trim().min(1, 'must not be empty').max(500);

export const DeliveryStateSchema = z
  .object({
    pending: z.number().int().openapi({ description: 'not yet delivered, never failed' }),
    delivered: z.number().int(),
    failed: z.number().int().openapi({ description: 'not yet delivered, the last attempt failed: retried with back-off' }),
    cancelled: z.number().int().openapi({ description: 'dropped when the link was revoked' }),
    oldestUndeliveredAt: nullableInstant,
    lastDeliveredAt: nullableInstant,
    lastError: z.string().openapi({ description: "the head message's last failure ('' when none)" }),
    nextAttemptAt: nullableInstant,
  })
  .openapi('NeighbourDeliveryState');

export const NeighbourSchema = z
  .object({
    id: z.uuid(),
    jurisdictionId: z.uuid().openapi({ description: 'our district' }),
    districtCode: z.string().openapi({ example: '500192' }),
    name: z.string(),
    nameEn: z.string(),
    baseUrl: z.string(),
    peerKeyId: z.string(),
    peerFingerprint: z.string().openapi({ description: "the neighbour key's fingerprint, to read out on the phone" }),
    state: z.enum(LINK_STATES),
    stateReason: z.string(),
    peerConfirmed: z.boolean().openapi({ description: 'the neighbour has approved its side (a message went through)' }),
    agreements: AgreementsSchema,
    proposedBy: z.uuid().nullable(),
    approvedBy: z.uuid().nullable(),
    approvedAt: nullableInstant,
    createdAt: instant,
    updatedAt: instant,
    delivery: DeliveryStateSchema,
    inboxPending: z.number().int().openapi({ description: 'notifications from the neighbour waiting for a decision' }),
  })
  .openapi('Neighbour');

export const NeighbourListSchema = z.object({ items: z.array(NeighbourSchema) }).openapi('NeighbourList');

export const OutboxMessageSchema = z
  .object({
    id: z.uuid(),
    seq: z.number().int(),
    kind: z.string(),
    summary: z.record(z.string(), z.unknown()),
    status: z.enum(OUTBOX_STATUSES),
    attempts: z.number().int(),
    lastError: z.string(),
    nextAttemptAt: instant,
    deliveredAt: nullableInstant,
    createdAt: instant,
  })
  .openapi('NeighbourOutboxMessage');

export const ShareSchema = z
  .object({
    id: z.uuid(),
    linkId: z.uuid(),
    entityType: z.enum(SHARED_ENTITY_TYPES),
    entityId: z.uuid(),
    messageId: z.uuid(),
    withPersonalData: z.boolean(),
    status: z.enum(SHARE_STATUSES),
    decisionReason: z.string(),
    decidedAt: nullableInstant,
    decidedByName: z.string(),
    sharedBy: z.uuid().nullable(),
    jurisdictionId: z.uuid(),
    createdAt: instant,
  })
  .openapi('NeighbourShare');

export const NeighbourDetailSchema = NeighbourSchema.extend({
  outbox: z.array(OutboxMessageSchema),
  shares: z.array(ShareSchema),
}).openapi('NeighbourDetail');

export const IdentitySchema = z
  .object({
    keyId: z.string(),
    publicKey: z.string().openapi({ description: 'Ed25519 public key, base64url of its 32 bytes: give it to the neighbour' }),
    fingerprint: z.string(),
    district: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }).nullable(),
  })
  .openapi('NeighbourPublicIdentity');

export const IdentityWithDistrictsSchema = IdentitySchema.extend({
  districts: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string(), nameEn: z.string() })),
}).openapi('NeighbourIdentity');

export const LinkCreateSchema = z
  .object({
    jurisdictionId: z.uuid().optional().openapi({ description: 'our district (default: yours)' }),
    districtCode: z.string().regex(/^[0-9]{6}$/, 'a 6-digit administrative division code'),
    name: z.string().trim().min(1, 'must not be empty').max(100),
    nameEn: z.string().trim().max(100).default(''),
    baseUrl: z
      .string()
      .trim()
      .max(300)
      .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'an http:// or https:// address without query')
      .openapi({ example: 'https://shaxi.example' }),
    publicKey: z.string().trim().max(100).openapi({ description: "the neighbour's public key, as its administrator gave it" }),
    agreements: AgreementsSchema.optional(),
  })
  .strict()
  .openapi('NeighbourLinkCreate');

export const AgreementsUpdateSchema = z.object({ agreements: AgreementsSchema }).strict().openapi('NeighbourAgreementsUpdate');
export const ReasonSchema = z.object({ reason: reasonText }).strict().openapi('NeighbourReason');

export const ShareCreateSchema = z
  .object({
    caseId: z.uuid(),
    note: z
      .string()
      .trim()
      .max(1000)
      .default('')
      .openapi({ description: 'what the neighbour should know (no more personal data than the agreement)' }),
  })
  .strict()
  .openapi('NeighbourCaseShare');

export const CaseSharesSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        linkId: z.uuid(),
        districtCode: z.string(),
        name: z.string(),
        nameEn: z.string(),
        withPersonalData: z.boolean(),
        status: z.enum(SHARE_STATUSES),
        decisionReason: z.string(),
        decidedAt: nullableInstant,
        decidedByName: z.string(),
        createdAt: instant,
      }),
    ),
  })
  .openapi('NeighbourCaseShares');

export const InboxItemSchema = z
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
    summary: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'case code at the sender, disease, classification, onset: no personal data' }),
    status: z.enum(INBOX_STATUSES),
    decidedAt: nullableInstant,
    decidedByName: z.string().nullable(),
    decisionReason: z.string(),
    resultEntityId: z.uuid().nullable(),
  })
  .openapi('NeighbourInboxItem');

export const InboxListSchema = z
  .object({
    items: z.array(
      InboxItemSchema.extend({
        resultCaseCode: z.string().nullable(),
        // 0067: a contact notification accepted here: the contact's code
        resultContactCode: z.string().nullable(),
      }),
    ),
  })
  .openapi('NeighbourInbox');
export const InboxQuery = z.object({ status: z.enum(['pending', 'accepted', 'rejected']).optional() });

const LabSchema = z.object({ test: z.string(), specimen: z.string(), result: z.string(), at: z.string().nullable() }).partial();

export const PreviewSchema = InboxItemSchema.extend({
  notification: z.object({
    caseCode: z.string(),
    disease: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }),
    classification: z.string(),
    severity: z.string(),
    outcome: z.string(),
    sex: z.string(),
    age: z.number().int().nullable(),
    birthDate: z.string().nullable(),
    onsetDate: z.string().nullable(),
    diagnosisAt: z.string(),
    reportedAt: z.string(),
    labResults: z.array(LabSchema),
    reportingUnit: z.string(),
    reportingDoctor: z.string(),
    note: z.string(),
    sharedBy: z.string(),
    person: z
      .object({
        name: z.string(),
        idType: z.string(),
        idNumberMasked: z.string(),
        phone: z.string(),
        address: z.string(),
        occupation: z.string(),
      })
      .nullable()
      .openapi({ description: 'null when the agreement sends no personal data' }),
  }),
  possibleDuplicates: z
    .array(z.object({ id: z.uuid(), code: z.string() }))
    .openapi({ description: 'local reports with the same identity number' }),
}).openapi('NeighbourNotificationPreview');

export const AcceptSchema = z
  .object({
    jurisdictionId: z.uuid().openapi({ description: 'the residence here (a community or township in your scope)' }),
    facilityId: z.uuid().nullable().optional().openapi({ description: 'the local reporting unit (default: yours)' }),
  })
  .strict()
  .openapi('NeighbourAccept');

export const DecisionSchema = z
  .object({ id: z.uuid(), status: z.enum(['accepted', 'rejected']), caseId: z.uuid().nullable(), reason: z.string() })
  .openapi('NeighbourDecision');

export const ProvenanceSchema = z
  .object({
    caseId: z.uuid(),
    messageId: z.uuid(),
    linkId: z.uuid(),
    districtCode: z.string(),
    districtName: z.string(),
    districtNameEn: z.string(),
    senderCaseCode: z.string(),
    sharedBy: z.string(),
    reportingUnit: z.string(),
    sentAt: instant,
    receivedAt: instant,
    acceptedAt: nullableInstant,
    acceptedBy: z.string().nullable(),
  })
  .openapi('NeighbourProvenance');

const uuidish = z.string().max(64);
export const EnvelopeSchema = z
  .object({
    v: z.literal(1),
    id: z.uuid(),
    from: uuidish,
    to: uuidish,
    seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    kind: z.string().min(1).max(64),
    sentAt: z.iso.datetime({ offset: true }),
    payload: z.record(z.string(), z.unknown()),
    signature: z.string().max(200),
  })
  .strict()
  .openapi('NeighbourEnvelope');

export const ReceiveSchema = z
  .object({ messages: z.array(EnvelopeSchema).min(1).max(500) })
  .strict()
  .openapi('NeighbourMessages');
export const ReceiveResultSchema = z
  .object({ outcomes: z.array(z.object({ id: z.uuid(), outcome: z.enum(['stored', 'duplicate']) })) })
  .openapi('NeighbourMessagesResult');

export const BorderAlertListSchema = z
  .object({
    items: z.array(
      z.object({
        id: z.uuid(),
        linkId: z.uuid(),
        districtCode: z.string(),
        districtName: z.string(),
        districtNameEn: z.string(),
        code: z.string(),
        title: z.string(),
        summary: z.string(),
        summaryZh: z.string(),
        diseaseCode: z.string().nullable(),
        diseaseName: z.string().nullable(),
        diseaseNameEn: z.string().nullable(),
        placeName: z.string(),
        placeNameEn: z.string(),
        status: z.string().openapi({ description: "the alert's status at the neighbour, as last sent" }),
        warningLevel: z.string().nullable(),
        synced: z.boolean().openapi({ description: 'false: view-only, the state when shared' }),
        firstSignalAt: nullableInstant,
        closedAt: nullableInstant,
        remoteUpdatedAt: instant,
        receivedAt: instant,
      }),
    ),
  })
  .openapi('NeighbourBorderAlerts');

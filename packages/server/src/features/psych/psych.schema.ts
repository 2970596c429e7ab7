/**
 * Request and response schemas of psychological assistance (docs/psych.md): one source for validation, types
 * and the OpenAPI document. Bodies are `.strict()`.
 */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';
import { INSTRUMENTS, SCREENING_FLAGS } from './psych-scoring.ts';
import {
  CALL_CONCERNS,
  CLIENT_GROUPS,
  CLOSE_OUTCOMES,
  CLOSE_REASONS,
  FACILITY_ANSWERS,
  GROUP_AUDIENCES,
  PLAN_ITEMS,
  REFERRAL_FACILITY_TYPES,
  REFERRAL_STATUSES,
  RISK_LEVELS,
  SESSION_MODES,
  PSYCH_TASK_KINDS,
  PSYCH_TASK_STATUSES,
} from './psych.tables.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const instant = z.iso.datetime({ offset: true }).openapi({ example: '2026-12-07T09:30:00+08:00' });
const text = (max: number) => z.string().trim().max(max);

// ── clients ──────────────────────────────────────────────────────────────────────────────────────

export const ClientCreateSchema = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(100).openapi({ example: '王女士' }),
    group: z.enum(CLIENT_GROUPS),
    phone: text(40).default(''),
    consent: z.boolean().default(false).openapi({ description: 'consent to be helped and (if given) to the link to a case or contact' }),
    linkedCaseId: z.uuid().nullable().default(null).openapi({ description: 'a case report; only with consent' }),
    linkedContactId: z.uuid().nullable().default(null).openapi({ description: 'a contact; only with consent' }),
    jurisdictionId: z.uuid().optional().openapi({ description: "default: the team's jurisdiction (your counselling grant)" }),
  })
  .strict()
  .openapi('PsychClientCreate');
export type ClientCreate = z.infer<typeof ClientCreateSchema>;

export const ClientPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    group: z.enum(CLIENT_GROUPS),
    phone: text(40),
    consent: z.boolean(),
    linkedCaseId: z.uuid().nullable(),
    linkedContactId: z.uuid().nullable(),
  })
  .partial()
  .strict()
  .openapi('PsychClientPatch', {
    description:
      'withdrawing consent removes the case/contact links (also on a closed client); any other change of a closed client is refused (409 client_closed)',
  });
export type ClientPatch = z.infer<typeof ClientPatchSchema>;

export const ClientCloseSchema = z
  .object({
    reason: z.enum(CLOSE_REASONS).openapi({ description: 'why the team closes the client' }),
    outcome: z.enum(CLOSE_OUTCOMES).openapi({ description: 'how the client was doing at the end' }),
    notes: text(2000).default('').openapi({ description: 'closing summary (team only)' }),
  })
  .strict()
  .openapi('PsychClientClose');
export type ClientClose = z.infer<typeof ClientCloseSchema>;

export const RecordLinkSchema = z
  .object({
    kind: z.enum(['case', 'contact']),
    ref: z.string().trim().min(1).max(60).nullable().openapi({
      description: 'the case (C2026-000123) or contact (K2026-000045) by code or id; null removes the link',
      example: 'C2026-000123',
    }),
  })
  .strict()
  .openapi('PsychRecordLink', {
    description: 'needs the client’s consent; a record outside your area is answered like one that does not exist',
  });
export type RecordLink = z.infer<typeof RecordLinkSchema>;

export const TriageSchema = z
  .object({
    riskLevel: z.enum(RISK_LEVELS),
    plan: z.array(z.enum(PLAN_ITEMS)).max(PLAN_ITEMS.length).default([]),
    planNotes: text(2000).default(''),
    nextContactDate: isoDate.nullable().default(null),
    rescreenWeeks: z
      .array(z.number().int().min(1).max(52))
      .max(6)
      .default([])
      .openapi({ description: 'schedule re-screens this many weeks from today (e.g. [2, 4, 12])', example: [2, 4, 12] }),
    rescreenInstrument: z.enum(INSTRUMENTS).default('phq9'),
  })
  .strict()
  .openapi('PsychTriage');
export type Triage = z.infer<typeof TriageSchema>;

export const ClientListQuerySchema = PageQuery.extend({
  q: z.string().trim().max(100).optional().openapi({ description: 'name, phone or code' }),
  status: z.enum(['open', 'closed']).optional(),
  group: z.enum(CLIENT_GROUPS).optional(),
  riskLevel: z.enum(RISK_LEVELS).optional(),
});
export type ClientListQuery = z.infer<typeof ClientListQuerySchema>;

const ClientSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    jurisdictionId: z.uuid(),
    name: z.string(),
    phone: z.string(),
    group: z.enum(CLIENT_GROUPS),
    consent: z.boolean(),
    consentAt: z.string().nullable(),
    linkedCaseId: z.uuid().nullable(),
    linkedContactId: z.uuid().nullable(),
    riskLevel: z.enum(RISK_LEVELS).nullable(),
    plan: z.array(z.enum(PLAN_ITEMS)),
    planNotes: z.string(),
    nextContactDate: z.string().nullable(),
    linkedCaseCode: z.string().nullable().openapi({ description: 'the code of the linked case (all psych reads of it)' }),
    linkedContactCode: z.string().nullable(),
    status: z.enum(['open', 'closed']),
    outcome: z.string().openapi({ description: 'closing summary' }),
    closeReason: z.enum(CLOSE_REASONS).nullable(),
    closeOutcome: z.enum(CLOSE_OUTCOMES).nullable(),
    closedAt: z.string().nullable(),
    lastScreening: z.object({ instrument: z.enum(INSTRUMENTS), score: z.number(), band: z.string(), screenedAt: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PsychClient');
export { ClientSchema };

export const ClientListSchema = z
  .object({ items: z.array(ClientSchema), total: z.number(), page: z.number(), pageSize: z.number() })
  .openapi('PsychClientList');

// ── screenings ───────────────────────────────────────────────────────────────────────────────────

export const ScreeningCreateSchema = z
  .object({
    clientId: z.uuid(),
    instrument: z.enum(INSTRUMENTS),
    // integers are checked per item by the scoring (count and range), with the item named in the error
    answers: z
      .array(z.number())
      .max(40)
      .openapi({ example: [1, 1, 0, 2, 1, 0, 0, 0, 1], description: 'integers in item order' }),
    screenedAt: instant.optional().openapi({ description: 'default: now' }),
  })
  .strict()
  .openapi('PsychScreeningCreate');
export type ScreeningCreate = z.infer<typeof ScreeningCreateSchema>;

export const ScreeningSchema = z
  .object({
    id: z.uuid(),
    clientId: z.uuid(),
    instrument: z.enum(INSTRUMENTS),
    answers: z.array(z.number()),
    score: z.number(),
    band: z.string(),
    flags: z.array(z.enum(SCREENING_FLAGS)),
    source: z.enum(['counsellor', 'self']),
    screenedAt: z.string(),
    taskId: z.uuid().nullable().openapi({ description: 'the same-day task raised by this screening (self_harm), if any' }),
  })
  .openapi('PsychScreening');

// ── detail ───────────────────────────────────────────────────────────────────────────────────────

const SessionSchema = z
  .object({ id: z.uuid(), heldAt: z.string(), mode: z.enum(SESSION_MODES), notes: z.string(), counsellorId: z.uuid().nullable() })
  .openapi('PsychSession');
export const SessionCreateSchema = z
  .object({ heldAt: instant, mode: z.enum(SESSION_MODES).default('phone'), notes: text(4000).default('') })
  .strict()
  .openapi('PsychSessionCreate');
export type SessionCreate = z.infer<typeof SessionCreateSchema>;

export const TaskSchema = z
  .object({
    id: z.uuid(),
    clientId: z.uuid().nullable(),
    clientCode: z.string().nullable(),
    clientName: z.string().nullable(),
    kind: z.enum(PSYCH_TASK_KINDS),
    instrument: z.enum(INSTRUMENTS).nullable(),
    dueDate: z.string(),
    overdue: z.boolean(),
    status: z.enum(PSYCH_TASK_STATUSES),
    note: z.string(),
    createdAt: z.string(),
    doneAt: z.string().nullable(),
  })
  .openapi('PsychTask');

const ReferralStepSchema = z
  .object({
    status: z.enum(REFERRAL_STATUSES),
    at: z.string(),
    by: z.string().nullable(),
    reason: z.string(),
    side: z.enum(['team', 'facility']).openapi({ description: 'recorded by the team or answered by the facility itself' }),
  })
  .openapi('PsychReferralStep');

export const ReferralSchema = z
  .object({
    id: z.uuid(),
    clientId: z.uuid(),
    clientCode: z.string(),
    clientName: z.string(),
    facility: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() }),
    reason: z.string(),
    urgency: z.enum(['routine', 'urgent']),
    status: z.enum(REFERRAL_STATUSES),
    statusReason: z.string(),
    respondBy: z.string(),
    overdue: z.boolean(),
    history: z.array(ReferralStepSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PsychReferral');

/**
 * A referral as the receiving facility sees it: what it needs to see and contact the client (code, name,
 * phone, group, urgency, the referral's reason) and the loop's states — nothing of screenings, sessions or notes.
 */
export const FacilityReferralSchema = z
  .object({
    id: z.uuid(),
    clientCode: z.string(),
    clientName: z.string(),
    clientPhone: z.string(),
    clientGroup: z.enum(CLIENT_GROUPS),
    facility: z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() }),
    reason: z.string(),
    urgency: z.enum(['routine', 'urgent']),
    status: z.enum(REFERRAL_STATUSES),
    statusReason: z.string(),
    respondBy: z.string(),
    overdue: z.boolean(),
    history: z.array(ReferralStepSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
    next: z.array(z.enum(FACILITY_ANSWERS)).openapi({ description: 'the answers the facility may give now' }),
  })
  .openapi('PsychFacilityReferral');
export const FacilityReferralListSchema = z.object({ items: z.array(FacilityReferralSchema) }).openapi('PsychFacilityReferralList');
export const FacilityReferralQuerySchema = z.object({
  open: z.enum(['true', 'false']).optional().openapi({ description: 'true: still to answer or in progress' }),
});
export const FacilityAnswerSchema = z
  .object({
    status: z
      .enum(FACILITY_ANSWERS)
      .openapi({ description: 'received (acknowledged), accepted, rejected (declined), in-progress (seen), completed' }),
    note: text(1000).default('').openapi({ description: 'required when declining (rejected)' }),
  })
  .strict()
  .openapi('PsychFacilityAnswer');
export type FacilityAnswer = z.infer<typeof FacilityAnswerSchema>;

export const CallSchema = z
  .object({
    id: z.uuid(),
    calledAt: z.string(),
    durationMinutes: z.number(),
    callerGroup: z.enum(CLIENT_GROUPS),
    concerns: z.array(z.string()),
    riskLevel: z.enum(RISK_LEVELS),
    action: z.string(),
    callbackNeeded: z.boolean(),
    callbackPhone: z.string(),
    callbackDueAt: z.string().nullable(),
    callbackDoneAt: z.string().nullable(),
    callbackNote: z.string(),
    clientId: z.uuid().nullable(),
    counsellorId: z.uuid().nullable(),
    counsellorName: z.string().nullable(),
  })
  .openapi('PsychCall');

export const ClientDetailSchema = ClientSchema.extend({
  screenings: z.array(ScreeningSchema),
  sessions: z.array(SessionSchema),
  referrals: z.array(ReferralSchema),
  tasks: z.array(TaskSchema),
  calls: z.array(CallSchema),
  access: z.enum(['team', 'break_glass']).openapi({ description: 'how you read this record (break-glass reads are reviewed)' }),
}).openapi('PsychClientDetail');

// ── hotline ──────────────────────────────────────────────────────────────────────────────────────

export const CallCreateSchema = z
  .object({
    calledAt: instant,
    durationMinutes: z.number().int().min(0).max(600),
    callerGroup: z.enum(CLIENT_GROUPS),
    concerns: z.array(z.enum(CALL_CONCERNS)).max(CALL_CONCERNS.length).default([]),
    riskLevel: z.enum(RISK_LEVELS),
    action: text(2000).default(''),
    callbackNeeded: z.boolean().default(false),
    callbackPhone: text(40).default(''),
    callbackDueAt: instant.nullable().default(null).openapi({ description: 'default for a needed callback: 24 h after the call' }),
    clientId: z.uuid().nullable().default(null).openapi({ description: 'the client this caller is, if registered' }),
  })
  .strict()
  .openapi('PsychCallCreate');
export type CallCreate = z.infer<typeof CallCreateSchema>;

export const CallListQuerySchema = PageQuery.extend({
  from: isoDate.optional().openapi({ description: 'district day, inclusive' }),
  to: isoDate.optional().openapi({ description: 'district day, inclusive' }),
});
export type CallListQuery = z.infer<typeof CallListQuerySchema>;
export const CallListSchema = z
  .object({ items: z.array(CallSchema), total: z.number(), page: z.number(), pageSize: z.number() })
  .openapi('PsychCallList');

export const CallbackDoneSchema = z
  .object({ note: text(2000).default('') })
  .strict()
  .openapi('PsychCallbackDone');

// ── tasks ────────────────────────────────────────────────────────────────────────────────────────

export const TaskListQuerySchema = z.object({ status: z.enum(PSYCH_TASK_STATUSES).optional().default('open') });
export const TaskDoneSchema = z
  .object({ status: z.enum(['done', 'cancelled']).default('done'), note: text(2000).default('') })
  .strict()
  .openapi('PsychTaskDone');
export type TaskDone = z.infer<typeof TaskDoneSchema>;

// ── referrals ────────────────────────────────────────────────────────────────────────────────────

export const ReferralCreateSchema = z
  .object({
    clientId: z.uuid(),
    facilityId: z.uuid().openapi({
      description:
        'a mental-health centre (preferred), hospital or township health centre of the registry: GET /api/psych/referral-facilities',
    }),
    reason: text(2000).default(''),
    urgency: z.enum(['routine', 'urgent']).default('routine'),
  })
  .strict()
  .openapi('PsychReferralCreate');
export type ReferralCreate = z.infer<typeof ReferralCreateSchema>;

/** A facility a referral may go to; `preferred`: a mental-health centre (psychiatric hospital, 精神卫生中心). */
export const ReferralFacilitySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    nameEn: z.string(),
    type: z.enum(REFERRAL_FACILITY_TYPES),
    phone: z.string(),
    preferred: z.boolean(),
  })
  .openapi('PsychReferralFacility');

export const ReferralStatusSchema = z
  .object({
    status: z.enum(REFERRAL_STATUSES),
    reason: text(1000).default('').openapi({ description: 'required for rejected and cancelled' }),
  })
  .strict()
  .openapi('PsychReferralStatus');
export type ReferralStatusChange = z.infer<typeof ReferralStatusSchema>;

export const ReferralListQuerySchema = z.object({
  status: z.enum(REFERRAL_STATUSES).optional(),
  open: z.enum(['true', 'false']).optional().openapi({ description: 'true: requested, received, accepted, in-progress' }),
  overdue: z.enum(['true', 'false']).optional(),
});
export type ReferralListQuery = z.infer<typeof ReferralListQuerySchema>;

// ── sessions, links, groups ──────────────────────────────────────────────────────────────────────

export const LinkCreateSchema = z
  .object({ instrument: z.enum(INSTRUMENTS), hours: z.number().int().min(1).max(168).default(48) })
  .strict()
  .openapi('PsychLinkCreate');
export type LinkCreate = z.infer<typeof LinkCreateSchema>;
export const LinkSchema = z
  .object({ id: z.uuid(), token: z.string(), path: z.string(), instrument: z.enum(INSTRUMENTS), expiresAt: z.string() })
  .openapi('PsychLink', { description: 'the token is shown once: give the path (or its QR code) to the client' });

export const GroupCreateSchema = z
  .object({
    title: z.string().trim().min(1).max(200),
    audience: z.enum(GROUP_AUDIENCES),
    heldAt: instant,
    attendance: z.number().int().min(0).max(10000),
    attendeeClientIds: z.array(z.uuid()).max(500).default([]),
    notes: text(4000).default(''),
  })
  .strict()
  .openapi('PsychGroupCreate');
export type GroupCreate = z.infer<typeof GroupCreateSchema>;
export const GroupSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    audience: z.enum(GROUP_AUDIENCES),
    heldAt: z.string(),
    attendance: z.number(),
    attendeeClientIds: z.array(z.uuid()),
    attendees: z
      .array(z.object({ id: z.uuid(), code: z.string(), name: z.string() }))
      .openapi({ description: 'the registered clients who attended' }),
    facilitatorName: z.string().nullable(),
    notes: z.string(),
  })
  .openapi('PsychGroup');

// ── settings ─────────────────────────────────────────────────────────────────────────────────────

const BandSchema = z.object({ band: z.string().max(40), min: z.number().int() }).strict();
export const CutoffsSchema = z
  .union([
    z.object({ bands: z.array(BandSchema).min(2).max(10) }).strict(),
    z.object({ threshold: z.number().int(), itemRule: z.boolean() }).strict(),
  ])
  .openapi('PsychCutoffs');
export const CutoffsUpdateSchema = z.object({ cutoffs: CutoffsSchema }).strict().openapi('PsychCutoffsUpdate');
export const RetentionUpdateSchema = z
  .object({ days: z.number().int().min(30).max(36500).openapi({ description: 'closed records untouched this long are purged' }) })
  .strict()
  .openapi('PsychRetentionUpdate');
export const SettingsSchema = z
  .object({
    cutoffs: z.record(z.enum(INSTRUMENTS), CutoffsSchema),
    retentionDays: z.number(),
    instruments: z.array(
      z.object({
        id: z.enum(INSTRUMENTS),
        name: z.string(),
        nameEn: z.string(),
        stem: z.string(),
        stemEn: z.string(),
        options: z.array(z.object({ label: z.string(), labelEn: z.string() })),
        items: z.array(z.object({ text: z.string(), textEn: z.string() })),
      }),
    ),
  })
  .openapi('PsychSettings');

// ── break-glass ──────────────────────────────────────────────────────────────────────────────────

export const BreakGlassCreateSchema = z
  .object({
    client: z.string().trim().min(1).max(60).openapi({ description: "the client's id or code (P2026-00012)", example: 'P2026-00012' }),
    reason: z.string().trim().min(10, 'say why (at least 10 characters)').max(1000),
    hours: z.number().int().min(1).max(12).default(4),
  })
  .strict()
  .openapi('PsychBreakGlassCreate');
export type BreakGlassCreate = z.infer<typeof BreakGlassCreateSchema>;
export const BreakGlassSchema = z
  .object({
    id: z.uuid(),
    userId: z.uuid(),
    userName: z.string(),
    clientId: z.uuid().nullable(),
    clientCode: z.string().nullable(),
    reason: z.string(),
    grantedAt: z.string(),
    expiresAt: z.string(),
    active: z.boolean(),
    reads: z.number(),
    reviewedAt: z.string().nullable(),
    reviewedBy: z.string().nullable(),
    reviewNote: z.string(),
  })
  .openapi('PsychBreakGlass');
export const BreakGlassReviewSchema = z
  .object({ note: text(1000).default('') })
  .strict()
  .openapi('PsychBreakGlassReview');

// ── aggregates ───────────────────────────────────────────────────────────────────────────────────

/** A count, or null when it lies between 1 and 4 (suppressed: it could identify someone). */
const Count = z.number().nullable();
export const AggregatesQuerySchema = z.object({ days: z.coerce.number().int().min(7).max(366).default(30) });
export const AggregatesSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    suppressionThreshold: z.number(),
    callsPerDay: z.array(z.object({ date: z.string(), calls: Count })),
    screeningsByBand: z.array(z.object({ instrument: z.enum(INSTRUMENTS), band: z.string(), count: Count })),
    referralsByState: z.array(z.object({ status: z.enum(REFERRAL_STATUSES), count: Count })),
  })
  .openapi('PsychAggregates');

// ── self-screening (public) ──────────────────────────────────────────────────────────────────────

export const TokenParam = z.object({
  token: z
    .string()
    .max(100)
    .openapi({ param: { name: 'token', in: 'path' } }),
});
export const PublicScreenSchema = z
  .object({
    instrument: z.enum(INSTRUMENTS),
    name: z.string(),
    nameEn: z.string(),
    stem: z.string(),
    stemEn: z.string(),
    options: z.array(z.object({ label: z.string(), labelEn: z.string() })),
    items: z.array(z.object({ text: z.string(), textEn: z.string() })),
    expiresAt: z.string(),
  })
  .openapi('PsychPublicScreen');
export const PublicAnswersSchema = z
  .object({ answers: z.array(z.number()).max(40) })
  .strict()
  .openapi('PsychPublicAnswers');
export const PublicReceiptSchema = z
  .object({
    received: z.boolean(),
    urgentHelp: z.boolean().openapi({ description: 'show crisis contacts at once (item 9 answered above 0)' }),
  })
  .openapi('PsychPublicReceipt');

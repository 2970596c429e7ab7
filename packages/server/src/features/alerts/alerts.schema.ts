/**
 * Request and response schemas of the alerts API: one source for validation, types and the OpenAPI document.
 * Bodies are `.strict()` (an unknown field is refused, naming it).
 */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';
import { ALERT_CLASSES, ALERT_ORIGINS, ALERT_STATUSES, WARNING_LEVELS } from './alerts.tables.ts';
import { ALERT_ACTIONS } from './alerts.workflow.ts';
import { EventReportSchema, EventTypeSchema } from './event-reports.schema.ts';

export const AlertStatusSchema = z.enum(ALERT_STATUSES).openapi('AlertStatus');
export const WarningLevelSchema = z.enum(WARNING_LEVELS).openapi('WarningLevel');
export const AlertOriginSchema = z
  .enum(ALERT_ORIGINS)
  .openapi('AlertOrigin', { description: 'signal: computed by detection; event: reported by a person (event-based surveillance)' });
export const AlertActionSchema = z.enum(ALERT_ACTIONS).openapi('AlertAction');
export const AlertClassSchema = z.enum(ALERT_CLASSES).openapi('AlertClass', {
  description: 'A = Class A and managed as A (2-hour verification), B, C = Class C and other, syndromic = a feed',
});
/** Inbox orders: deadline (the nearest verification deadline first), class (Class A first, then by deadline), latest activity. */
export const ALERT_SORTS = ['deadline', 'class', 'latest'] as const;

const reason = (what: string) => z.string().trim().min(1, 'a reason is required').max(2000).openapi({ description: what });
const note = z.string().trim().max(2000).optional().openapi({ description: 'why (recorded in the history)' });
const csv = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(item)).optional();

export const AlertListQuerySchema = PageQuery.extend({
  status: csv(AlertStatusSchema).openapi({ type: 'string', description: 'comma-separated statuses' }),
  open: z.enum(['true', 'false']).optional().openapi({ description: 'true: only alerts still being handled; false: only finished ones' }),
  warningLevel: csv(WarningLevelSchema).openapi({ type: 'string', description: 'comma-separated warning levels' }),
  diseaseId: z.uuid().optional(),
  feedTypeId: z.uuid().optional(),
  origin: AlertOriginSchema.optional().openapi({ description: 'only alerts from signals, or only reported events' }),
  jurisdictionId: z.uuid().optional().openapi({ description: "alerts in this jurisdiction's whole subtree" }),
  assigneeId: z.uuid().optional(),
  mine: z.enum(['true', 'false']).optional().openapi({ description: 'only alerts assigned to me' }),
  overdue: z.enum(['true', 'false']).optional().openapi({ description: 'only alerts past their verification deadline' }),
  q: z.string().trim().max(100).optional().openapi({ description: 'code or title contains' }),
  alertClass: csv(AlertClassSchema).openapi({ type: 'string', description: 'comma-separated alert classes (A, B, C, syndromic)' }),
  subscribed: z.enum(['true', 'false']).optional().openapi({ description: 'only the alerts my subscription covers (Class A always)' }),
  sort: z.enum(ALERT_SORTS).default('deadline').openapi({
    description:
      'deadline: open first, nearest verification deadline first; class: open first, Class A → B → C → syndromic, then deadline; latest: last activity first',
  }),
});
export type AlertListQuery = z.infer<typeof AlertListQuerySchema>;

const Named = z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() });
const NamedDisease = Named.extend({ code: z.string(), class: z.string(), managedAsClassA: z.boolean() });

export const AlertSchema = z
  .object({
    id: z.uuid(),
    code: z.string().openapi({ example: 'A2026-0042' }),
    title: z.string(),
    titleEn: z.string().openapi({ description: 'the title in English (rebuilt from the English names when the intake wrote it)' }),
    summary: z.string().openapi({ description: 'the latest signals in one line, in English' }),
    summaryZh: z.string().openapi({ description: "the same line in Chinese ('' for alerts opened before it was kept: show summary)" }),
    status: AlertStatusSchema,
    warningLevel: WarningLevelSchema.nullable(),
    origin: AlertOriginSchema,
    event: z
      .object({ id: z.uuid(), eventType: EventTypeSchema, place: z.string() })
      .nullable()
      .openapi({ description: 'for an alert of class event: what was reported, and where' }),
    disease: NamedDisease.nullable(),
    feedType: Named.nullable(),
    alertClass: AlertClassSchema,
    jurisdiction: Named.extend({ level: z.string() }),
    assignee: z.object({ id: z.uuid(), displayName: z.string(), username: z.string() }).nullable(),
    signalCount: z.number().int(),
    firstSignalAt: z.string().nullable(),
    lastSignalAt: z.string().nullable(),
    verificationDueAt: z.string().nullable(),
    escalatedAt: z.string().nullable(),
    overdue: z.boolean().openapi({ description: 'still to verify and past the deadline' }),
    createdAt: z.string(),
    updatedAt: z.string(),
    closedAt: z.string().nullable(),
    exercise: z.boolean().openapi({ description: 'created by an exercise (docs/exercises.md): show the 演练 EXERCISE banner' }),
    exerciseId: z.uuid().nullable().openapi({ description: 'the exercise that created it; null for real data' }),
  })
  .openapi('Alert');
export const AlertListSchema = z.object({ items: z.array(AlertSchema), total: z.number().int() }).openapi('AlertList');

export const AssessmentSchema = z
  .object({
    hazard: z.string(),
    exposure: z.string(),
    context: z.string(),
    assessedBy: z.string().nullable(),
    assessedAt: z.string().nullable(),
    likelihood: z.number().int().nullable(),
    consequence: z.number().int().nullable(),
    matrixLevel: WarningLevelSchema.nullable(),
    warningLevel: WarningLevelSchema.nullable(),
    overrideReason: z.string(),
    characterisedBy: z.string().nullable(),
    characterisedAt: z.string().nullable(),
  })
  .openapi('AlertAssessment');

export const AlertSignalSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    method: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    periodStart: z.string(),
    periodEnd: z.string(),
    dateBasis: z.string(),
    observed: z.number(),
    expected: z.number().nullable(),
    threshold: z.number().nullable(),
    explanation: z.record(z.string(), z.unknown()),
    jurisdictionId: z.uuid(),
    createdAt: z.string(),
  })
  .openapi('AlertSignal');

export const AlertDetailSchema = AlertSchema.extend({
  allowedActions: z.array(AlertActionSchema).openapi({ description: 'the workflow actions valid now (empty without alerts.verify)' }),
  canAct: z.boolean().openapi({ description: 'may take workflow actions and attach files (alerts.verify covering the place)' }),
  canComment: z.boolean().openapi({ description: 'may comment (alerts.comment covering the place)' }),
  assessment: AssessmentSchema.nullable(),
  signals: z.array(AlertSignalSchema).openapi({ description: 'the signals it absorbed, newest first (at most 200)' }),
  incident: z.object({ id: z.uuid(), code: z.string(), title: z.string(), status: z.string() }).nullable(),
  eventReport: EventReportSchema.nullable().openapi({ description: 'for an alert of class event: the report that opened it' }),
}).openapi('AlertDetail');

export const AlertEventSchema = z
  .object({
    id: z.uuid(),
    kind: z.string(),
    fromStatus: AlertStatusSchema.nullable(),
    toStatus: AlertStatusSchema.nullable(),
    actor: z.object({ id: z.uuid(), displayName: z.string() }).nullable().openapi({ description: 'null: the system' }),
    reason: z.string(),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('AlertEvent');
export const AlertEventListSchema = z.object({ items: z.array(AlertEventSchema) }).openapi('AlertEventList');

export const AlertCommentSchema = z
  .object({ id: z.uuid(), body: z.string(), author: z.object({ id: z.uuid(), displayName: z.string() }), createdAt: z.string() })
  .openapi('AlertComment');
export const AlertCommentListSchema = z.object({ items: z.array(AlertCommentSchema) }).openapi('AlertCommentList');
export const CommentCreateSchema = z
  .object({ body: z.string().trim().min(1, 'must not be empty').max(4000) })
  .strict()
  .openapi('AlertCommentCreate');

export const AssigneeListSchema = z
  .object({ items: z.array(z.object({ id: z.uuid(), username: z.string(), displayName: z.string() })) })
  .openapi('AlertAssigneeList');

// ── workflow bodies ─────────────────────────────────────────────────────────────────────────────

export const AssignSchema = z
  .object({
    assigneeId: z.uuid().openapi({ description: 'a user holding alerts.verify for the alert’s place' }),
    verificationDueAt: z.iso.datetime({ offset: true }).optional().openapi({ description: 'a new verification deadline (future)' }),
    note,
  })
  .strict()
  .openapi('AlertAssign');
export const NoteSchema = z.object({ note }).strict().openapi('AlertNote');
export const ReasonSchema = z
  .object({ reason: reason('why (required)') })
  .strict()
  .openapi('AlertReason');
export const AssessSchema = z
  .object({
    hazard: z.string().trim().min(1, 'must not be empty').max(4000).openapi({ description: 'the agent or cause and its severity' }),
    exposure: z.string().trim().min(1, 'must not be empty').max(4000).openapi({ description: 'who is exposed, how many, how' }),
    context: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(4000)
      .openapi({ description: 'setting: season, vaccination, services, events' }),
    note,
  })
  .strict()
  .openapi('AlertAssess');
export const CharacteriseSchema = z
  .object({
    likelihood: z.number().int().min(1).max(5),
    consequence: z.number().int().min(1).max(5),
    warningLevel: WarningLevelSchema.optional().openapi({ description: 'overrides the matrix level (needs overrideReason)' }),
    overrideReason: z.string().trim().max(2000).optional(),
    note,
  })
  .strict()
  .openapi('AlertCharacterise');

export const RiskMatrixSchema = z
  .object({
    likelihoods: z.array(z.object({ value: z.number().int(), key: z.string(), name: z.string(), nameEn: z.string() })),
    consequences: z.array(z.object({ value: z.number().int(), key: z.string(), name: z.string(), nameEn: z.string() })),
    bands: z.array(z.object({ level: WarningLevelSchema, minScore: z.number().int(), risk: z.string(), riskEn: z.string() })),
    cells: z.array(z.array(WarningLevelSchema)),
  })
  .openapi('RiskMatrix');

export type AssignInput = z.infer<typeof AssignSchema>;
export type AssessInput = z.infer<typeof AssessSchema>;
export type CharacteriseInput = z.infer<typeof CharacteriseSchema>;

export const SubscriptionSchema = z
  .object({
    alertClasses: z
      .array(AlertClassSchema)
      .openapi({ description: 'the classes I am told of (Class A alerts reach every verifier anyway)' }),
    diseaseIds: z.array(z.uuid()).openapi({ description: 'empty: every disease' }),
    jurisdictionIds: z.array(z.uuid()).openapi({ description: 'empty: my whole area' }),
    isDefault: z.boolean().openapi({ description: "true: nothing stored, my roles' default applies" }),
    roleDefault: z.array(AlertClassSchema).openapi({ description: "my roles' default classes" }),
    updatedAt: z.string().nullable(),
  })
  .openapi('AlertSubscription');
export const SubscriptionInputSchema = z
  .object({
    alertClasses: z.array(AlertClassSchema).max(4),
    diseaseIds: z.array(z.uuid()).max(100).default([]),
    jurisdictionIds: z.array(z.uuid()).max(100).default([]),
  })
  .strict()
  .openapi('AlertSubscriptionInput');
export type SubscriptionInput = z.infer<typeof SubscriptionInputSchema>;

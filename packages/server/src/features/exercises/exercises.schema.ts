/**
 * Request and response schemas of exercises (zod: validation, types and OpenAPI; docs/exercises.md).
 * Bodies are `.strict()`: an unknown field is refused.
 */
import { z } from '@hono/zod-openapi';
import { EXERCISE_STATUSES, EXERCISE_TYPES, EXPECTED_ACTIONS, INJECT_KINDS, RATINGS } from './exercises.tables.ts';

const text = (max: number) => z.string().max(max, { message: `At most ${max} characters` });
const uuid = (what: string) => z.string().uuid({ message: `Unknown ${what}` });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'A date (YYYY-MM-DD)' });

/** Synthetic case reports: `firstDay` cases on the first day, growing by `growth` a day, over `days` days ending today. */
export const CasesInjectSchema = z
  .object({
    diseaseId: uuid('disease'),
    townshipId: uuid('township'),
    days: z.number().int().min(1).max(28),
    firstDay: z.number().int().min(0).max(50),
    growth: z.number().min(-0.9).max(3).openapi({ description: 'daily growth: 0.5 = each day half again as many' }),
    classification: z.enum(['suspected', 'clinical', 'confirmed']).default('confirmed'),
  })
  .strict();
/** Syndromic counts of a feed in a township, the same growth rule; `denominator` for a proportion feed. */
export const FeedInjectSchema = z
  .object({
    feedTypeId: uuid('feed type'),
    townshipId: uuid('township'),
    days: z.number().int().min(1).max(28),
    firstDay: z.number().min(0).max(100000),
    growth: z.number().min(-0.9).max(3),
    denominator: z.number().positive().max(10000000).nullable().default(null),
  })
  .strict();
/** A message or rumour reaching the exercise's players (their inbox), as a call or a social-media post would. */
export const MessageInjectSchema = z
  .object({
    text: text(2000).trim().min(1, { message: 'The message is empty' }),
    textEn: text(2000).default(''),
  })
  .strict();

/**
 * A stock shock at a site (docs/stock.md "Exercises"): `lossQuantity` units of usable stock lost and/or
 * `extraDailyUse` more units used a day. Never a real movement: the stock page shows it as the exercise's.
 */
export const StockInjectSchema = z
  .object({
    itemId: uuid('item'),
    facilityId: uuid('site'),
    lossQuantity: z.number().int().min(0).max(1000000).default(0),
    extraDailyUse: z.number().min(0).max(100000).default(0),
  })
  .strict();

const injectBase = {
  offsetMinutes: z.number().int().min(0).max(100000).openapi({ description: 'minutes of exercise clock after the start' }),
  title: text(200).trim().min(1, { message: 'An inject needs a title' }),
  expectedAction: z.enum(EXPECTED_ACTIONS).default('none'),
  targetMinutes: z.number().int().min(1).max(100000).nullable().default(null),
};
export const InjectInputSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('cases'), ...injectBase, content: CasesInjectSchema }).strict(),
    z.object({ kind: z.literal('feed'), ...injectBase, content: FeedInjectSchema }).strict(),
    z.object({ kind: z.literal('message'), ...injectBase, content: MessageInjectSchema }).strict(),
    z.object({ kind: z.literal('stock'), ...injectBase, content: StockInjectSchema }).strict(),
  ])
  .openapi('ExerciseInjectInput');
export type InjectInput = z.infer<typeof InjectInputSchema>;

export const CriticalTaskSchema = z
  .object({
    key: z.string().regex(/^[a-z0-9_-]{1,40}$/, { message: 'A short key: a–z, 0–9, _ and -' }),
    title: text(200).trim().min(1, { message: 'A critical task needs a title' }),
    titleEn: text(200).default(''),
  })
  .strict();

const exerciseFields = {
  title: text(200).trim().min(1, { message: 'A title is required' }),
  type: z.enum(EXERCISE_TYPES),
  objectives: z.array(text(500).trim().min(1)).max(30).default([]),
  scenario: text(10000).default(''),
  jurisdictionId: uuid('area'),
  participantAgencyIds: z.array(uuid('agency')).max(100).default([]),
  participantTownshipIds: z.array(uuid('township')).max(100).default([]),
  evaluatorIds: z.array(uuid('evaluator')).max(50).default([]),
  criticalTasks: z.array(CriticalTaskSchema).max(50).default([]),
  scheduledDate: isoDate,
  testChannelId: uuid('channel').nullable().default(null).openapi({
    description: 'the only outbound channel (webhook, e-mail) its notifications may use; null: none leaves the platform',
  }),
};

export const ExerciseCreateSchema = z
  .object({ ...exerciseFields, injects: z.array(InjectInputSchema).max(200).default([]) })
  .strict()
  .openapi('ExerciseCreate');
export type ExerciseCreate = z.infer<typeof ExerciseCreateSchema>;

export const ExercisePatchSchema = z
  .object({
    title: exerciseFields.title.optional(),
    type: exerciseFields.type.optional(),
    objectives: z.array(text(500).trim().min(1)).max(30).optional(),
    scenario: text(10000).optional(),
    participantAgencyIds: z.array(uuid('agency')).max(100).optional(),
    participantTownshipIds: z.array(uuid('township')).max(100).optional(),
    evaluatorIds: z.array(uuid('evaluator')).max(50).optional(),
    criticalTasks: z.array(CriticalTaskSchema).max(50).optional(),
    scheduledDate: isoDate.optional(),
    testChannelId: uuid('channel').nullable().optional(),
    injects: z.array(InjectInputSchema).max(200).optional().openapi({ description: 'replaces the MSEL (before the start only)' }),
  })
  .strict()
  .openapi('ExercisePatch');
export type ExercisePatch = z.infer<typeof ExercisePatchSchema>;

export const RatingInputSchema = z
  .object({ rating: z.enum(RATINGS), notes: text(4000).default('') })
  .strict()
  .openapi('ExerciseRatingInput');

export const ExerciseListQuerySchema = z.object({
  status: z.enum(EXERCISE_STATUSES).optional(),
});

const Named = z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() });
const Person = z.object({ id: z.uuid(), displayName: z.string() });

export const InjectSchema = z
  .object({
    id: z.uuid(),
    offsetMinutes: z.number().int(),
    kind: z.enum(INJECT_KINDS),
    title: z.string(),
    content: z.record(z.string(), z.unknown()),
    expectedAction: z.enum(EXPECTED_ACTIONS),
    targetMinutes: z.number().int().nullable(),
    firedAt: z.string().nullable(),
    due: z.boolean().openapi({ description: 'the clock has reached it and it has not fired yet' }),
    result: z.record(z.string(), z.unknown()).nullable().openapi({ description: 'what firing created (counts, alert ids)' }),
  })
  .openapi('ExerciseInject');

export const ExerciseSummarySchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    type: z.enum(EXERCISE_TYPES),
    status: z.enum(EXERCISE_STATUSES),
    scheduledDate: z.string(),
    jurisdiction: Named,
    startedAt: z.string().nullable(),
    stoppedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    injectCount: z.number().int(),
    exercise: z.literal(true),
  })
  .openapi('ExerciseSummary');

export const ExerciseRecordSchema = z.object({
  id: z.uuid(),
  code: z.string(),
  title: z.string(),
  status: z.string(),
  responseLevel: z.string().nullable(),
});

export const ExerciseSchema = ExerciseSummarySchema.extend({
  objectives: z.array(z.string()),
  scenario: z.string(),
  participantAgencies: z.array(Named),
  participantTownships: z.array(Named),
  evaluators: z.array(Person),
  criticalTasks: z.array(z.object({ key: z.string(), title: z.string(), titleEn: z.string() })),
  testChannel: z.object({ id: z.uuid(), name: z.string(), kind: z.string() }).nullable(),
  pauses: z.array(z.object({ from: z.string(), to: z.string().nullable() })),
  clockMs: z.number().int().openapi({ description: 'exercise clock at serverTime (stands still while paused)' }),
  serverTime: z.string(),
  injects: z.array(InjectSchema),
  records: z.object({
    cases: z.number().int(),
    feedCounts: z.number().int(),
    alerts: z.array(ExerciseRecordSchema),
    incidents: z.array(ExerciseRecordSchema),
  }),
  reviewId: z.uuid().nullable(),
  createdBy: Person.nullable(),
  canManage: z.boolean(),
  canRate: z.boolean(),
}).openapi('Exercise');
export type ExerciseView = z.infer<typeof ExerciseSchema>;

export const ExerciseListSchema = z.object({ items: z.array(ExerciseSummarySchema) }).openapi('ExerciseList');

export const ScorecardSchema = z
  .object({
    exerciseId: z.uuid(),
    status: z.enum(EXERCISE_STATUSES),
    clockMs: z.number().int(),
    actions: z.array(
      z.object({
        injectId: z.uuid(),
        injectTitle: z.string(),
        offsetMinutes: z.number().int(),
        expectedAction: z.enum(EXPECTED_ACTIONS),
        firedAt: z.string().nullable(),
        doneAt: z.string().nullable(),
        minutes: z.number().nullable(),
        targetMinutes: z.number().int().nullable(),
        status: z.enum(['met', 'late', 'pending', 'missed', 'not_fired', 'not_timed']),
      }),
    ),
    summary: z.object({
      timed: z.number().int(),
      met: z.number().int(),
      late: z.number().int(),
      missed: z.number().int(),
      pending: z.number().int(),
    }),
    criticalTasks: z.array(
      z.object({
        key: z.string(),
        title: z.string(),
        titleEn: z.string(),
        consensus: z.enum(RATINGS).nullable(),
        ratings: z.array(z.object({ evaluator: Person, rating: z.enum(RATINGS), notes: z.string(), ratedAt: z.string() })),
      }),
    ),
  })
  .openapi('ExerciseScorecard');
export type Scorecard = z.infer<typeof ScorecardSchema>;

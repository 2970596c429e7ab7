/** Schemas of after- and intra-action reviews (docs/assessment.md). Bodies are `.strict()`. */
import { z } from '@hono/zod-openapi';
import { TASK_PRIORITIES } from '../tasks/index.ts';
import { ACTION_TERMS, REVIEW_FORMATS, REVIEW_KINDS, REVIEW_PILLARS, ASSESSMENT_REVIEW_STATUSES } from './assessment.tables.ts';
import { REVIEW_KEY_FIGURES } from './reviews.key-figures.ts';

const text = (max: number) => z.string().trim().max(max);
const isoDate = z.iso.date();

export const ActionInputSchema = z
  .object({
    title: z.string().trim().min(1, 'must not be empty').max(200),
    description: text(4000).default(''),
    term: z.enum(ACTION_TERMS).default('immediate'),
    ownerAgencyId: z.uuid(),
    dueDate: isoDate,
    priority: z.enum(TASK_PRIORITIES).default('normal'),
    planVersionId: z.uuid().nullable().default(null).openapi({ description: 'the plan version this action changed, once it did' }),
  })
  .strict();

const reviewFields = {
  title: z.string().trim().min(1, 'must not be empty').max(200),
  format: z.enum(REVIEW_FORMATS),
  reviewDate: isoDate,
  participantAgencyIds: z.array(z.uuid()).max(100).default([]),
  pillars: z.array(z.enum(REVIEW_PILLARS)).max(REVIEW_PILLARS.length).default([]),
  wentWell: text(10000).default(''),
  challenges: text(10000).default(''),
  rootCauses: text(10000).default(''),
  actions: z.array(ActionInputSchema).max(100).default([]),
};

export const ReviewCreateSchema = z
  .object({
    kind: z.enum(REVIEW_KINDS),
    incidentId: z.uuid().nullable().default(null),
    exerciseName: text(200).default('').openapi({ description: 'for the review of an exercise (no incident)' }),
    jurisdictionId: z
      .uuid()
      .nullable()
      .default(null)
      .openapi({ description: "an exercise's area; an incident's review takes the incident's" }),
    ...reviewFields,
  })
  .strict();
export type ReviewCreate = z.infer<typeof ReviewCreateSchema>;

export const ReviewPatchSchema = z
  .object({
    title: reviewFields.title.optional(),
    format: reviewFields.format.optional(),
    reviewDate: isoDate.optional(),
    participantAgencyIds: z.array(z.uuid()).max(100).optional(),
    pillars: z.array(z.enum(REVIEW_PILLARS)).max(REVIEW_PILLARS.length).optional(),
    wentWell: text(10000).optional(),
    challenges: text(10000).optional(),
    rootCauses: text(10000).optional(),
    actions: z.array(ActionInputSchema).max(100).optional().openapi({ description: 'replaces the actions (draft only)' }),
  })
  .strict();
export type ReviewPatch = z.infer<typeof ReviewPatchSchema>;

export const ReviewCommentSchema = z.object({ comment: text(2000).default('') }).strict();

const agencyRef = z.object({ id: z.string(), name: z.string(), nameEn: z.string() });

export const ActionViewSchema = z.object({
  id: z.string(),
  position: z.number().int(),
  title: z.string(),
  description: z.string(),
  term: z.enum(ACTION_TERMS),
  ownerAgency: agencyRef,
  dueDate: z.string(),
  priority: z.enum(TASK_PRIORITIES),
  planVersionId: z.string().nullable(),
  planVersion: z
    .object({ id: z.string(), planId: z.string(), planTitle: z.string(), planTitleEn: z.string(), version: z.number().int() })
    .nullable()
    .openapi({ description: 'the plan version the action changed (null: not linked, or outside your scope)' }),
  task: z
    .object({
      id: z.string(),
      code: z.string(),
      status: z.string(),
      dueAt: z.string(),
      completedAt: z.string().nullable(),
      overdue: z.boolean(),
    })
    .nullable()
    .openapi({ description: 'the task the action became at approval' }),
});

export const ReviewViewSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    kind: z.enum(REVIEW_KINDS),
    incident: z.object({ id: z.string(), code: z.string(), title: z.string(), status: z.string() }).nullable(),
    exerciseName: z.string(),
    jurisdictionId: z.string(),
    title: z.string(),
    format: z.enum(REVIEW_FORMATS),
    reviewDate: z.string(),
    participants: z.array(agencyRef),
    pillars: z.array(z.enum(REVIEW_PILLARS)),
    wentWell: z.string(),
    challenges: z.string(),
    rootCauses: z.string(),
    indicators: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: "the incident's 7-1-7 and indicators as they stood at submission" }),
    keyFigures: z
      .array(
        z.object({
          key: z.enum(REVIEW_KEY_FIGURES),
          count: z.number().nullable(),
          of: z.number().nullable(),
          hours: z.number().nullable(),
        }),
      )
      .openapi({ description: 'the key figures of the snapshot (empty before submission): count of `of`, or a median in hours' }),
    status: z.enum(ASSESSMENT_REVIEW_STATUSES),
    authorIds: z.array(z.string()),
    submittedAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    approvedByName: z.string().nullable(),
    reviewComment: z.string(),
    actions: z.array(ActionViewSchema),
    createdAt: z.string(),
    updatedAt: z.string(),
    canApprove: z.boolean(),
  })
  .openapi('AssessmentReview');
export type ReviewView = z.infer<typeof ReviewViewSchema>;

export const ReviewListQuerySchema = z.object({ incidentId: z.uuid().optional(), status: z.enum(ASSESSMENT_REVIEW_STATUSES).optional() });
export const ReviewListSchema = z.object({ items: z.array(ReviewViewSchema.omit({ indicators: true, keyFigures: true })) });

/** Schemas of the preparedness self-assessment (docs/assessment.md). Bodies are `.strict()`. */
import { z } from '@hono/zod-openapi';
import { TASK_PRIORITIES } from '../tasks/index.ts';
import { ACTION_TERMS, SPAR_LINK_KINDS, SPAR_STATUSES } from './assessment.tables.ts';
import { ActionViewSchema } from './reviews.schema.ts';

const year = z.number().int().min(2000).max(2199);

export const SparFrameworkSchema = z
  .object({
    capacities: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        nameEn: z.string(),
        indicators: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string() })),
      }),
    ),
    levels: z.array(
      z.object({ level: z.number().int(), name: z.string(), nameEn: z.string(), description: z.string(), descriptionEn: z.string() }),
    ),
    gapMaxLevel: z.number().int().openapi({ description: 'an indicator at this level or below is a gap' }),
    evidenceIndicators: z.array(z.string()).openapi({ description: "the platform's figures a score may cite (an indicator link's ref)" }),
  })
  .openapi('SparFramework');

export const SparCreateSchema = z
  .object({
    year,
    jurisdictionId: z.uuid().nullable().default(null).openapi({ description: 'default: the widest place you manage' }),
  })
  .strict();
export type SparCreate = z.infer<typeof SparCreateSchema>;

export const SparLinkSchema = z
  .object({
    kind: z.enum(SPAR_LINK_KINDS),
    ref: z
      .string()
      .trim()
      .min(1)
      .max(500)
      .openapi({ description: "a plan version's or review's id, an indicator key, or an http(s) address" }),
    label: z.string().trim().max(200).default(''),
  })
  .strict();

export const SparScoreInputSchema = z
  .object({
    indicatorCode: z.string().max(10),
    score: z.number().int().min(1).max(5).nullable().openapi({ description: 'level 1–5; null removes the score' }),
    evidence: z.string().trim().max(4000).default(''),
    links: z.array(SparLinkSchema).max(20).default([]),
  })
  .strict();

export const SparActionInputSchema = z
  .object({
    indicatorCode: z.string().max(10).openapi({ description: 'the gap this action closes' }),
    title: z.string().trim().min(1, 'must not be empty').max(200),
    description: z.string().trim().max(4000).default(''),
    term: z.enum(ACTION_TERMS).default('mid_long'),
    ownerAgencyId: z.uuid(),
    dueDate: z.iso.date(),
    priority: z.enum(TASK_PRIORITIES).default('normal'),
  })
  .strict();

export const SparUpdateSchema = z
  .object({
    scores: z.array(SparScoreInputSchema).max(100).default([]).openapi({ description: 'the scores to set (others are kept)' }),
    actions: z.array(SparActionInputSchema).max(100).optional().openapi({ description: 'replaces the gap actions (draft only)' }),
  })
  .strict();
export type SparUpdate = z.infer<typeof SparUpdateSchema>;

export const SparCommentSchema = z.object({ comment: z.string().trim().max(2000).default('') }).strict();

const capacityScore = z.object({
  code: z.string(),
  score: z.number().int().nullable().openapi({ description: '0–100 (%), null while an indicator of it is unscored' }),
  scored: z.number().int(),
  indicators: z.number().int(),
});

export const SparRoundSummarySchema = z.object({
  id: z.string(),
  year: z.number().int(),
  jurisdiction: z.object({ id: z.string(), name: z.string(), nameEn: z.string() }),
  status: z.enum(SPAR_STATUSES),
  overall: z.number().int().nullable().openapi({ description: 'mean of the 15 capacity scores (%), null while incomplete' }),
  capacities: z.array(capacityScore),
  scored: z.number().int(),
  gaps: z.number().int(),
  approvedAt: z.string().nullable(),
});

export const SparListSchema = z.object({ items: z.array(SparRoundSummarySchema) }).openapi('SparRoundList');

export const SparRoundSchema = SparRoundSummarySchema.extend({
  scores: z.array(
    z.object({
      indicatorCode: z.string(),
      score: z.number().int(),
      evidence: z.string(),
      links: z.array(
        z.object({
          kind: z.enum(SPAR_LINK_KINDS),
          ref: z.string(),
          label: z.string(),
          path: z.string().nullable().openapi({ description: 'the web page the link opens (null when the record is gone)' }),
        }),
      ),
    }),
  ),
  previous: z
    .object({ year: z.number().int(), overall: z.number().int().nullable(), scores: z.record(z.string(), z.number().int()) })
    .nullable()
    .openapi({ description: "the latest earlier year's round of the same place, for comparison" }),
  actions: z.array(ActionViewSchema.extend({ indicatorCode: z.string() })),
  authorIds: z.array(z.string()),
  submittedAt: z.string().nullable(),
  approvedByName: z.string().nullable(),
  reviewComment: z.string(),
  canEdit: z.boolean(),
  canApprove: z.boolean(),
}).openapi('SparRound');
export type SparRoundView = z.infer<typeof SparRoundSchema>;
export type SparSummaryView = z.infer<typeof SparRoundSummarySchema>;

export const SparAttachmentSchema = z
  .object({
    id: z.uuid(),
    filename: z.string(),
    contentType: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    uploadedBy: z.uuid().nullable(),
    createdAt: z.string(),
  })
  .openapi('SparAttachment');
export const SparFileParam = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }),
  fileId: z.string().openapi({ param: { name: 'fileId', in: 'path' }, format: 'uuid' }),
});
export const SparListQuerySchema = z.object({ jurisdictionId: z.uuid().optional() });

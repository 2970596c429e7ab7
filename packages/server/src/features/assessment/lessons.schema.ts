/** Schemas of the lessons library (docs/assessment.md). */
import { z } from '@hono/zod-openapi';
import { LESSON_SOURCES } from './assessment.tables.ts';

const fields = {
  title: z.string().trim().min(1, 'must not be empty').max(200),
  context: z.string().trim().max(10000).default(''),
  lesson: z.string().trim().min(1, 'must not be empty').max(10000),
  source: z.enum(LESSON_SOURCES),
  sourceNote: z.string().trim().max(300).default('').openapi({ description: 'where it comes from (a city, a year, a publication)' }),
  incidentId: z.uuid().nullable().default(null),
  reviewId: z.uuid().nullable().default(null),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  planVersionId: z.uuid().nullable().default(null).openapi({ description: 'the plan version the lesson changed' }),
  planSection: z.string().trim().max(200).default('').openapi({ description: 'the plan section or measure it changed' }),
};
export const LessonCreateSchema = z.object({ jurisdictionId: z.uuid().nullable().default(null), ...fields }).strict();
export type LessonCreate = z.infer<typeof LessonCreateSchema>;
export const LessonPatchSchema = z
  .object(
    Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as {
      [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>;
    },
  )
  .strict();
export type LessonPatch = z.infer<typeof LessonPatchSchema>;

export const LessonViewSchema = z
  .object({
    id: z.string(),
    jurisdictionId: z.string(),
    title: z.string(),
    context: z.string(),
    lesson: z.string(),
    source: z.enum(LESSON_SOURCES),
    sourceNote: z.string(),
    incident: z.object({ id: z.string(), code: z.string(), title: z.string() }).nullable(),
    review: z.object({ id: z.string(), code: z.string(), title: z.string() }).nullable(),
    tags: z.array(z.string()),
    planVersion: z.object({ id: z.string(), planId: z.string(), version: z.number().int(), planTitle: z.string() }).nullable(),
    planSection: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('AssessmentLesson');
export type LessonView = z.infer<typeof LessonViewSchema>;

export const LessonListQuerySchema = z.object({
  q: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'words (Chinese or English); every word must occur in the title, context, lesson, source or tags' }),
  tag: z.string().max(40).optional(),
  source: z.enum(LESSON_SOURCES).optional(),
});
export const LessonListSchema = z.object({
  items: z.array(LessonViewSchema),
  tags: z.array(z.object({ tag: z.string(), count: z.number().int() })),
});

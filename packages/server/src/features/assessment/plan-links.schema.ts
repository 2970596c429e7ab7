/** Schemas of the plan-version link control (docs/assessment.md). */
import { z } from '@hono/zod-openapi';

export const PlanVersionRefSchema = z
  .object({
    id: z.string(),
    planId: z.string(),
    planCode: z.string(),
    planTitle: z.string(),
    planTitleEn: z.string(),
    version: z.number().int(),
    status: z.string(),
  })
  .openapi('AssessmentPlanVersionRef');

export const PlanVersionListSchema = z.object({ items: z.array(PlanVersionRefSchema) });

export const ActionPlanLinkSchema = z
  .object({ planVersionId: z.uuid().nullable().openapi({ description: 'the plan version the action changed; null unlinks' }) })
  .strict();

export const ActionPlanLinkViewSchema = z.object({ id: z.string(), planVersion: PlanVersionRefSchema.nullable() });

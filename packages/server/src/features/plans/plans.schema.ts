/**
 * Request and response schemas of the plans feature: one source for validation, types and the OpenAPI
 * document. Bodies are `.strict()`. A version's body is the plan content itself (plus a change note), so that
 * a field's error path reads as in the plan: `levels.III.measures.2.agencyId`.
 */
import { z } from '@hono/zod-openapi';
import { PlanContentSchema } from './plans.content.ts';
import { PLAN_VERSION_STATUSES } from './plans.tables.ts';

const changeNote = z.string().trim().max(2000).optional().openapi({ description: 'what changed in this version' });

export const PlanVersionStatusSchema = z.enum(PLAN_VERSION_STATUSES).openapi('PlanVersionStatus');

export const PlanCreateSchema = PlanContentSchema.extend({
  code: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9-]{2,40}$/, 'letters, digits and - only (2–40)')
    .openapi({ example: 'JJ-YA-CRB' }),
  jurisdictionId: z.uuid().openapi({ description: 'the area the plan covers; within your subtree' }),
  changeNote,
})
  .strict()
  .openapi('PlanCreate');
export type PlanCreate = z.infer<typeof PlanCreateSchema>;

export const PlanVersionPutSchema = PlanContentSchema.extend({ changeNote }).strict().openapi('PlanVersionPut');
export type PlanVersionPut = z.infer<typeof PlanVersionPutSchema>;

export const PlanSubmitSchema = z.object({ changeNote }).strict().openapi('PlanSubmit');
export const PlanApproveSchema = z
  .object({ comment: z.string().trim().max(4000).optional() })
  .strict()
  .openapi('PlanApprove');
export const PlanReturnSchema = z
  .object({ comment: z.string().trim().min(1, 'say what must change').max(4000) })
  .strict()
  .openapi('PlanReturn');

const person = z.object({ id: z.uuid(), displayName: z.string() }).nullable();

export const PlanVersionSummarySchema = z
  .object({
    id: z.uuid(),
    version: z.number().int(),
    status: PlanVersionStatusSchema,
    changeNote: z.string(),
    reviewComment: z.string(),
    createdBy: person,
    lastEditedBy: person.openapi({ description: 'who last saved the content; may not approve this version (four-eyes rule)' }),
    submittedBy: person.openapi({ description: 'who submitted it for review; may not approve this version (four-eyes rule)' }),
    submittedAt: z.string().nullable(),
    reviewedBy: person,
    reviewedAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('PlanVersionSummary');
export type PlanVersionSummary = z.infer<typeof PlanVersionSummarySchema>;

export const PlanVersionSchema = PlanVersionSummarySchema.extend({ planId: z.uuid(), content: PlanContentSchema }).openapi('PlanVersion');
export type PlanVersionView = z.infer<typeof PlanVersionSchema>;

const versionRef = z.object({
  id: z.uuid(),
  version: z.number().int(),
  status: PlanVersionStatusSchema,
  approvedAt: z.string().nullable(),
});

export const PlanSummarySchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    jurisdictionId: z.uuid(),
    jurisdictionName: z.string(),
    jurisdictionNameEn: z.string(),
    inForce: versionRef.nullable().openapi({ description: 'the approved version in force' }),
    openVersion: versionRef.nullable().openapi({ description: 'the version being worked on (draft, in review or returned)' }),
    updatedAt: z.string(),
  })
  .openapi('PlanSummary');
export type PlanSummary = z.infer<typeof PlanSummarySchema>;

export const PlanListSchema = z.object({ items: z.array(PlanSummarySchema) }).openapi('PlanList');
export const PlanDetailSchema = PlanSummarySchema.extend({ versions: z.array(PlanVersionSummarySchema) }).openapi('PlanDetail');
export type PlanDetail = z.infer<typeof PlanDetailSchema>;

export const PlanVersionParams = z.object({
  id: z.string().openapi({ param: { name: 'id', in: 'path' }, format: 'uuid' }),
  versionId: z.string().openapi({ param: { name: 'versionId', in: 'path' }, format: 'uuid' }),
});

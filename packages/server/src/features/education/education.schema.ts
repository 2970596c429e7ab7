/**
 * Request and answer shapes of public education (zod: validation, types and the OpenAPI document).
 */
import { z } from '@hono/zod-openapi';
import {
  CAMPAIGN_STATUSES,
  EDUCATION_AUDIENCES,
  EDUCATION_TOPICS,
  EDUCATION_EVENT_KINDS,
  MATERIAL_FORMATS,
  MATERIAL_STATUSES,
} from './education.tables.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);
const Named = z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() });
const language = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a language tag (BCP 47): zh-CN, en, yue, vi …')
  .openapi({ example: 'zh-CN' });
const url = z
  .string()
  .trim()
  .max(500)
  .regex(/^(https?:\/\/\S+)?$/, 'a web address starting with http:// or https://');

export const MaterialSchema = z
  .object({
    id: z.uuid(),
    jurisdiction: Named,
    title: z.string(),
    summary: z.string(),
    body: z.string(),
    audience: z.enum(EDUCATION_AUDIENCES),
    language: z.string(),
    topic: z.enum(EDUCATION_TOPICS),
    format: z.enum(MATERIAL_FORMATS),
    url: z.string(),
    status: z.enum(MATERIAL_STATUSES),
    publishedAt: z.string().nullable(),
    publishedBy: z.string().nullable(),
    createdBy: z.string().nullable(),
    updatedAt: z.string(),
    canPublish: z.boolean().openapi({ description: 'the reader may publish it (education.manage, and not its author)' }),
  })
  .openapi('EducationMaterial');
export const MaterialListSchema = z.object({ items: z.array(MaterialSchema), total: z.number().int() }).openapi('EducationMaterialList');
export const MaterialListQuery = z.object({
  audience: z.enum(EDUCATION_AUDIENCES).optional(),
  language: language.optional(),
  status: z.enum(MATERIAL_STATUSES).optional(),
  topic: z.enum(EDUCATION_TOPICS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
});
export const MaterialCreateSchema = z
  .object({
    jurisdictionId: z.uuid(),
    title: z.string().trim().min(1).max(200),
    summary: text(1000).default(''),
    body: text(20000).default(''),
    audience: z.enum(EDUCATION_AUDIENCES),
    language,
    topic: z.enum(EDUCATION_TOPICS).default('other'),
    format: z.enum(MATERIAL_FORMATS).default('leaflet'),
    url: url.default(''),
  })
  .strict()
  .openapi('EducationMaterialInput');
export const MaterialPatchSchema = MaterialCreateSchema.omit({ jurisdictionId: true }).partial().strict().openapi('EducationMaterialPatch');

export const CampaignSchema = z
  .object({
    id: z.uuid(),
    jurisdiction: Named,
    title: z.string(),
    titleEn: z.string(),
    goal: z.string(),
    audiences: z.array(z.enum(EDUCATION_AUDIENCES)),
    startsOn: z.string(),
    endsOn: z.string(),
    targetReach: z.number().int().nullable(),
    status: z.enum(CAMPAIGN_STATUSES),
    reach: z.number().int(),
    events: z.number().int(),
    materialsDistributed: z.number().int(),
  })
  .openapi('EducationCampaign');
export const CampaignListSchema = z.object({ items: z.array(CampaignSchema) }).openapi('EducationCampaignList');
export const EventSchema = z
  .object({
    id: z.uuid(),
    jurisdiction: Named,
    heldOn: z.string(),
    kind: z.enum(EDUCATION_EVENT_KINDS),
    audience: z.enum(EDUCATION_AUDIENCES),
    location: z.string(),
    reach: z.number().int(),
    materialsDistributed: z.number().int(),
    material: z.object({ id: z.uuid(), title: z.string() }).nullable(),
    notes: z.string(),
  })
  .openapi('EducationEvent');
export const CampaignDetailSchema = CampaignSchema.extend({
  eventList: z.array(EventSchema),
  reachByAudience: z.array(z.object({ audience: z.enum(EDUCATION_AUDIENCES), reach: z.number().int(), events: z.number().int() })),
  reachByPlace: z.array(z.object({ jurisdiction: Named, reach: z.number().int(), events: z.number().int() })),
}).openapi('EducationCampaignDetail');
export const CampaignCreateSchema = z
  .object({
    jurisdictionId: z.uuid(),
    title: z.string().trim().min(1).max(200),
    titleEn: text(200).default(''),
    goal: text(2000).default(''),
    audiences: z.array(z.enum(EDUCATION_AUDIENCES)).min(1).max(EDUCATION_AUDIENCES.length),
    startsOn: isoDate,
    endsOn: isoDate,
    targetReach: z.number().int().min(1).max(100_000_000).nullable().default(null),
  })
  .strict()
  .openapi('EducationCampaignInput');
export const CampaignStatusSchema = z
  .object({ status: z.enum(CAMPAIGN_STATUSES) })
  .strict()
  .openapi('EducationCampaignStatusInput');
export const EventCreateSchema = z
  .object({
    jurisdictionId: z.uuid(),
    heldOn: isoDate,
    kind: z.enum(EDUCATION_EVENT_KINDS),
    audience: z.enum(EDUCATION_AUDIENCES),
    location: text(200).default(''),
    reach: z.number().int().min(0).max(10_000_000),
    materialsDistributed: z.number().int().min(0).max(10_000_000).default(0),
    materialId: z.uuid().nullable().optional(),
    notes: text(2000).default(''),
  })
  .strict()
  .openapi('EducationEventInput');

/** What the public portal shows of a published material: no author, no internal state. */
export const PublicMaterialSchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    summary: z.string(),
    body: z.string(),
    audience: z.enum(EDUCATION_AUDIENCES),
    language: z.string(),
    topic: z.enum(EDUCATION_TOPICS),
    format: z.enum(MATERIAL_FORMATS),
    url: z.string(),
    publishedAt: z.string(),
  })
  .openapi('PublicEducationMaterial');
export const PublicMaterialListSchema = z.object({ items: z.array(PublicMaterialSchema) }).openapi('PublicEducationMaterialList');
export const PublicMaterialQuery = z.object({ audience: z.enum(EDUCATION_AUDIENCES).optional(), language: language.optional() });

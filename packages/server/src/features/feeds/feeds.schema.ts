/**
 * Request and response schemas of the feeds API (zod-openapi).
 */
import { z } from '@hono/zod-openapi';
import { FEED_SITE_KINDS } from './feeds.tables.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const Kind = z.enum(FEED_SITE_KINDS);

export const FeedTypeSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    measure: z.enum(['count', 'proportion']),
    unit: z.string(),
    unitEn: z.string(),
    description: z.string(),
    defaultMethod: z.string(),
    defaultParams: z.record(z.string(), z.unknown()),
    active: z.boolean(),
    siteKinds: z.array(Kind),
  })
  .openapi('FeedType');
export const FeedTypeListSchema = z.object({ items: z.array(FeedTypeSchema) }).openapi('FeedTypeList');

export const SiteSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    name: z.string(),
    nameEn: z.string(),
    kind: Kind,
    jurisdictionId: z.uuid(),
    jurisdictionName: z.string(),
    jurisdictionNameEn: z.string(),
    facilityId: z.uuid().nullable(),
    active: z.boolean(),
    updatedAt: z.string(),
  })
  .openapi('FeedSite');
export const SiteListSchema = z.object({ items: z.array(SiteSchema) }).openapi('FeedSiteList');
export const SiteListQuery = z.object({
  kind: Kind.optional(),
  jurisdictionId: z.uuid().optional(),
  includeInactive: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

const siteFields = {
  code: z
    .string()
    .trim()
    .min(1, 'must not be empty')
    .max(40)
    .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, - _ . only')
    .openapi({ example: 'PH-BJ-01' }),
  name: z.string().trim().min(1, 'must not be empty').max(200),
  nameEn: z.string().trim().max(200).default(''),
  kind: Kind,
  jurisdictionId: z.uuid(),
  facilityId: z.uuid().nullable().default(null),
  active: z.boolean().default(true),
};
export const SiteCreateSchema = z.object(siteFields).strict().openapi('FeedSiteCreate');
export const SitePatchSchema = z
  .object({
    code: siteFields.code.optional(),
    name: siteFields.name.optional(),
    nameEn: z.string().trim().max(200).optional(),
    kind: Kind.optional(),
    jurisdictionId: z.uuid().optional(),
    facilityId: z.uuid().nullable().optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .openapi('FeedSitePatch');

export const CountInputSchema = z
  .object({
    feedType: z.string().trim().min(1).max(100).openapi({ description: 'feed type code (or name)', example: 'fever_clinic_visits' }),
    site: z.string().trim().max(40).nullable().optional().openapi({ description: 'site code; or give a jurisdiction', example: 'FC-RMYY' }),
    jurisdiction: z
      .string()
      .trim()
      .max(40)
      .nullable()
      .optional()
      .openapi({ description: 'jurisdiction code (12-digit), for values of a place as a whole' }),
    date,
    value: z.number(),
    denominator: z
      .number()
      .nullable()
      .optional()
      .openapi({ description: 'required for proportions (e.g. all outpatient visits for the ILI share)' }),
  })
  .strict()
  .openapi('FeedCountInput');
export const CountsBody = z
  .object({
    counts: z
      .array(CountInputSchema)
      .min(1, 'give at least one value')
      .max(5000, 'at most 5,000 values per request: upload a CSV for more'),
    source: z.enum(['form', 'api']).default('api'),
  })
  .strict()
  .openapi('FeedCountsReport');
export const CountsResultSchema = z.object({ written: z.number().int() }).openapi('FeedCountsResult');

export const CountListQuery = z.object({
  feedType: z.string().min(1),
  from: date.optional(),
  to: date.optional(),
  siteId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(50),
});
export const CountSchema = z
  .object({
    id: z.uuid(),
    date: z.string(),
    siteId: z.uuid().nullable(),
    siteCode: z.string().nullable(),
    siteName: z.string().nullable(),
    siteNameEn: z.string().nullable(),
    jurisdictionId: z.uuid(),
    jurisdictionName: z.string(),
    jurisdictionNameEn: z.string(),
    value: z.number(),
    denominator: z.number().nullable(),
    source: z.string(),
    updatedAt: z.string(),
  })
  .openapi('FeedCount');
export const CountListSchema = z.object({ items: z.array(CountSchema) }).openapi('FeedCountList');

export const SeriesQuery = z.object({
  feedType: z.string().min(1),
  from: date.optional(),
  to: date.optional(),
  by: z.enum(['total', 'site']).default('total'),
  jurisdictionId: z.uuid().optional(),
});
export const SeriesSchema = z
  .object({
    feedType: z.string(),
    measure: z.enum(['count', 'proportion']),
    dates: z.array(z.string()),
    series: z.array(z.object({ key: z.string(), name: z.string(), nameEn: z.string(), values: z.array(z.number().nullable()) })),
  })
  .openapi('FeedSeries');

export const GridQuery = z.object({
  feedType: z.string().min(1),
  end: date.optional(),
  days: z.coerce.number().int().min(1).max(31).default(7),
});
export const GridSchema = z
  .object({
    feedType: z.string(),
    measure: z.enum(['count', 'proportion']),
    dates: z.array(z.string()),
    rows: z.array(
      z.object({
        site: z.object({
          id: z.uuid(),
          code: z.string(),
          name: z.string(),
          nameEn: z.string(),
          jurisdictionName: z.string(),
          jurisdictionNameEn: z.string(),
        }),
        cells: z.array(z.object({ value: z.number(), denominator: z.number().nullable() }).nullable()),
      }),
    ),
  })
  .openapi('FeedGrid');

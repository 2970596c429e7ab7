/**
 * Request and response schemas of case reports and the disease catalogue (docs/cases.md): one source for
 * validation, TypeScript types and the OpenAPI document. Bodies are `.strict()`.
 * The case report input itself is `caseReportInputSchema` (case-input.ts), shared with the importer.
 */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';
import { caseReportInputSchema, LabResultSchema } from './case-input.ts';
import { CASE_CLASSIFICATIONS, CASE_SOURCES, DISEASE_CLASSES, ID_TYPES, OUTCOMES, SEVERITIES, SEXES } from './cases.tables.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

// ── diseases ────────────────────────────────────────────────────────────────────────────────────

export const DiseaseSchema = z
  .object({
    id: z.uuid(),
    code: z.string().openapi({ example: 'hfmd' }),
    name: z.string().openapi({ example: '手足口病' }),
    nameEn: z.string().openapi({ example: 'Hand, foot and mouth disease' }),
    icd10: z.string().openapi({ example: 'B08.4' }),
    class: z.enum(DISEASE_CLASSES),
    managedAsClassA: z.boolean(),
    reportDeadlineHours: z.number().int(),
    verificationHours: z.number().int(),
    defaultMethod: z.string().openapi({ example: 'mpm', description: 'an @outbreak/surveillance method name' }),
    defaultParams: z.record(z.string(), z.unknown()).openapi({ example: { years: 3, halfWindow: 2, p: 0.8, minCount: 1, periodLength: 7 } }),
    active: z.boolean(),
    sortOrder: z.number().int(),
    updatedAt: z.string(),
  })
  .openapi('Disease');

export const DiseaseListQuerySchema = z.object({
  includeInactive: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: 'also list diseases switched off in the catalogue' }),
});
export const DiseaseListSchema = z.object({ items: z.array(DiseaseSchema) }).openapi('DiseaseList');

const hours = z.number().int().min(1).max(24 * 30);
const params = z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()]));

export const DiseasePatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(200),
    icd10: z.string().trim().max(20),
    class: z.enum(DISEASE_CLASSES),
    managedAsClassA: z.boolean(),
    reportDeadlineHours: hours,
    verificationHours: hours,
    defaultMethod: z.string().trim().min(1).max(60),
    defaultParams: params,
    active: z.boolean(),
    sortOrder: z.number().int().min(0).max(100_000),
  })
  .partial()
  .strict()
  .openapi('DiseasePatch');

export const DiseaseCreateSchema = z
  .object({
    code: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _ (2–40), starting with a letter'),
    name: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(200),
    icd10: z.string().trim().max(20).default(''),
    class: z.enum(DISEASE_CLASSES),
    managedAsClassA: z.boolean().default(false),
    reportDeadlineHours: hours.optional().openapi({ description: 'default: 2 for Class A or managed as A, else 24' }),
    verificationHours: hours.optional().openapi({ description: 'default: as the report deadline' }),
    defaultMethod: z.string().trim().min(1).max(60).default('mpm'),
    defaultParams: params.default({}),
    active: z.boolean().default(true),
    sortOrder: z.number().int().min(0).max(100_000).default(1000),
  })
  .strict()
  .openapi('DiseaseCreate');

export type DiseasePatch = z.infer<typeof DiseasePatchSchema>;
export type DiseaseCreate = z.infer<typeof DiseaseCreateSchema>;

// ── case reports ────────────────────────────────────────────────────────────────────────────────

const Ref = z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() });

export const TimelinessSchema = z
  .object({
    deadlineHours: z.number().int(),
    delayHours: z.number().openapi({ description: 'report − diagnosis, hours (1 decimal)' }),
    onTime: z.boolean(),
    lateByHours: z.number().openapi({ description: '0 when on time' }),
  })
  .openapi('CaseTimeliness');

export const CaseSummarySchema = z
  .object({
    id: z.uuid(),
    code: z.string().openapi({ example: 'C2026-000123' }),
    disease: Ref.extend({ code: z.string(), class: z.enum(DISEASE_CLASSES) }),
    jurisdiction: Ref,
    personName: z.string(),
    sex: z.enum(SEXES),
    birthDate: z.string().nullable(),
    idType: z.enum(ID_TYPES),
    idNumberMasked: z.string().openapi({ example: '500199********123X' }),
    classification: z.enum(CASE_CLASSIFICATIONS),
    onsetDate: z.string().nullable(),
    diagnosisAt: z.string(),
    reportedAt: z.string(),
    reviewedAt: z.string().nullable(),
    facility: Ref.nullable(),
    severity: z.enum(SEVERITIES),
    outcome: z.enum(OUTCOMES),
    source: z.enum(CASE_SOURCES),
    status: z.enum(['active', 'merged']),
    mergedInto: z.uuid().nullable(),
    timeliness: TimelinessSchema,
  })
  .openapi('CaseSummary');

export const DuplicateMatchSchema = z.enum(['identity', 'name_birth']).openapi({
  description: 'identity: the same identity number; name_birth: same name and birth date, one report without a number',
});

export const CaseDetailSchema = CaseSummarySchema.extend({
  phone: z.string(),
  address: z.string(),
  occupation: z.string(),
  reportingDoctor: z.string(),
  labResults: z.array(LabResultSchema),
  reviewedBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  createdBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** names from the district down to the residence jurisdiction */
  jurisdictionTrail: z.array(Ref),
  mergedIntoCode: z.string().nullable(),
  mergedFrom: z.array(z.object({ id: z.uuid(), code: z.string() })),
  possibleDuplicates: z.array(
    z.object({ id: z.uuid(), code: z.string(), match: DuplicateMatchSchema, daysApart: z.number(), diagnosisAt: z.string(), status: z.enum(['active', 'merged']) }),
  ),
}).openapi('CaseDetail');

export const CaseListQuerySchema = PageQuery.extend({
  diseaseId: z.uuid().optional(),
  jurisdictionId: z.uuid().optional().openapi({ description: 'residence within this jurisdiction subtree' }),
  classification: z.enum(CASE_CLASSIFICATIONS).optional(),
  facilityId: z.uuid().optional(),
  dateField: z.enum(['onset', 'diagnosis', 'report']).default('report'),
  from: isoDate.optional().openapi({ description: 'first day (China Standard Time) of dateField, inclusive' }),
  to: isoDate.optional().openapi({ description: 'last day, inclusive' }),
  q: z.string().trim().max(100).optional().openapi({ description: 'part of the person name or of the case code' }),
  status: z.enum(['active', 'merged', 'all']).default('active'),
  timeliness: z.enum(['on_time', 'late']).optional(),
  reviewed: z.enum(['true', 'false']).optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

export const CaseListSchema = z
  .object({ items: z.array(CaseSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .openapi('CaseList');

/** PATCH: any input field; the merged report is checked again by the same rules as a new one. */
export const CasePatchSchema = caseReportInputSchema.partial().strict().openapi('CasePatch');

export const CaseReviewSchema = z
  .object({ classification: z.enum(CASE_CLASSIFICATIONS).optional().openapi({ description: 'the classification after review, when it changes' }) })
  .strict()
  .openapi('CaseReview');

export const CaseMergeSchema = z
  .object({
    into: z.uuid().openapi({ description: 'the report that is kept' }),
    reason: z.string().trim().min(1, 'must not be empty').max(500),
  })
  .strict()
  .openapi('CaseMerge');

export const CaseIdentitySchema = z
  .object({ idType: z.enum(ID_TYPES), idNumber: z.string().nullable() })
  .openapi('CaseIdentity');

export const DuplicateQuerySchema = PageQuery.extend({
  windowDays: z.coerce.number().int().min(0).max(3650).default(30).openapi({ description: 'diagnoses at most this many days apart' }),
  diseaseId: z.uuid().optional(),
  since: z
    .union([isoDate, z.literal('all')])
    .optional()
    .openapi({ description: "pairs with a report filed on or after this day (China Standard Time); 'all' for the whole history; default 90 days ago" }),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
});
export type DuplicateQuery = z.infer<typeof DuplicateQuerySchema>;
export const DuplicateListSchema = z
  .object({
    windowDays: z.number().int(),
    since: z.string().nullable().openapi({ description: "the first report day of the pairs listed; null for the whole history" }),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    items: z.array(z.object({ match: DuplicateMatchSchema, daysApart: z.number(), a: CaseSummarySchema, b: CaseSummarySchema })),
  })
  .openapi('DuplicateList');

export const TimelinessQuerySchema = z.object({
  from: isoDate.openapi({ description: 'first report day (China Standard Time), inclusive' }),
  to: isoDate.openapi({ description: 'last report day, inclusive' }),
});
export const FacilityTimelinessSchema = z.object({
  facilityId: z.uuid().nullable(),
  facilityName: z.string().nullable(),
  facilityNameEn: z.string().nullable(),
  reports: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  onTimeShare: z.number(),
  medianDelayHours: z.number(),
});
export const TimelinessReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    facilities: z.array(FacilityTimelinessSchema),
    total: FacilityTimelinessSchema.omit({ facilityId: true, facilityName: true, facilityNameEn: true }),
  })
  .openapi('ReportingTimeliness');

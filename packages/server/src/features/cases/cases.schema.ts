/**
 * Request and response schemas of case reports and the disease catalogue (docs/cases.md): one source for
 * validation, TypeScript types and the OpenAPI document. Bodies are `.strict()`.
 * The case report input itself is `caseReportInputSchema` (case-input.ts), shared with the importer.
 */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';
import { caseReportInputSchema, LabResultSchema } from './case-input.ts';
import { DISEASE_CLASSES } from '../catalogue/index.ts';
import {
  CASE_CLASSIFICATIONS,
  CASE_SOURCES,
  CASE_VERSION_SOURCES,
  CORRECTION_TYPES,
  ID_TYPES,
  OUTCOMES,
  REVIEW_STATUSES,
  SEVERITIES,
  SEXES,
} from './cases.tables.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

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
    birthDate: z
      .string()
      .nullable()
      .openapi({ description: 'only for readers holding cases.identity for the residence; null otherwise (see birthYear)' }),
    birthYear: z.number().int().nullable().openapi({ description: 'the year of birth, for every reader' }),
    idType: z.enum(ID_TYPES),
    idNumberMasked: z.string().openapi({
      example: '500199********123X',
      description:
        'with cases.identity: a resident ID keeps its first 6 and last 4 characters, another document its last 3; without: only the last character (*****************X)',
    }),
    classification: z.enum(CASE_CLASSIFICATIONS),
    onsetDate: z.string().nullable(),
    diagnosisAt: z.string(),
    reportedAt: z.string(),
    reviewedAt: z.string().nullable(),
    reviewStatus: z.enum(REVIEW_STATUSES).openapi({
      description: "CDC review (审核): 'pending' until approved or returned with a reason; a correction makes it pending again",
    }),
    version: z.number().int().openapi({ description: '1 as filed, +1 for every correction (订正)' }),
    facility: Ref.nullable(),
    severity: z.enum(SEVERITIES),
    outcome: z.enum(OUTCOMES),
    source: z.enum(CASE_SOURCES),
    status: z.enum(['active', 'merged', 'exercise', 'neighbour']).openapi({
      description:
        "'exercise': a synthetic report of an exercise, never counted; 'neighbour': a neighbour's case referenced as a notified contact's index case, never counted",
    }),
    mergedInto: z.uuid().nullable(),
    timeliness: TimelinessSchema,
    exercise: z.boolean().openapi({ description: 'created by an exercise (docs/exercises.md): show the 演练 EXERCISE banner' }),
    exerciseId: z.uuid().nullable().openapi({ description: 'the exercise that created it; null for real data' }),
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
  reviewNote: z.string().openapi({ description: 'why the CDC returned the card (empty otherwise)' }),
  createdBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** names from the district down to the residence jurisdiction */
  jurisdictionTrail: z.array(Ref),
  mergedIntoCode: z.string().nullable(),
  mergedFrom: z.array(z.object({ id: z.uuid(), code: z.string() })),
  possibleDuplicates: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      match: DuplicateMatchSchema,
      daysApart: z.number(),
      diagnosisAt: z.string(),
      status: z.enum(['active', 'merged', 'exercise', 'neighbour']),
      facility: Ref.nullable(),
      otherFacility: z.boolean().openapi({
        description:
          "true: another facility's report, which a hospital reporter cannot open (it is listed so that a case is not reported twice)",
      }),
    }),
  ),
}).openapi('CaseDetail');

/** Another facility's report in a hospital reporter's duplicate pair: which report, by whom, when; no person. */
export const RestrictedCaseSchema = z
  .object({
    id: z.uuid(),
    code: z.string(),
    restricted: z.literal(true),
    disease: Ref.extend({ code: z.string(), class: z.enum(DISEASE_CLASSES) }),
    facility: Ref.nullable(),
    diagnosisAt: z.string(),
    reportedAt: z.string(),
    status: z.enum(['active', 'merged', 'exercise', 'neighbour']),
  })
  .openapi('RestrictedCase');

export const CaseListQuerySchema = PageQuery.extend({
  diseaseId: z.uuid().optional(),
  jurisdictionId: z.uuid().optional().openapi({ description: 'residence within this jurisdiction subtree' }),
  classification: z.enum(CASE_CLASSIFICATIONS).optional(),
  facilityId: z.uuid().optional(),
  dateField: z.enum(['onset', 'diagnosis', 'report']).default('report'),
  from: isoDate.optional().openapi({ description: 'first day (China Standard Time) of dateField, inclusive' }),
  to: isoDate.optional().openapi({ description: 'last day, inclusive' }),
  q: z.string().trim().max(100).optional().openapi({ description: 'part of the person name or of the case code' }),
  status: z.enum(['active', 'merged', 'exercise', 'neighbour', 'all']).default('active'),
  timeliness: z.enum(['on_time', 'late']).optional(),
  reviewed: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: "'true': approved by the CDC; 'false': not (pending or returned)" }),
  reviewStatus: z.enum(REVIEW_STATUSES).optional().openapi({ description: "the review queue: 'pending'; cards sent back: 'returned'" }),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

export const CaseListSchema = z
  .object({ items: z.array(CaseSummarySchema), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() })
  .openapi('CaseList');

/** PATCH: any input field; the merged report is checked again by the same rules as a new one. */
export const CasePatchSchema = caseReportInputSchema.partial().strict().openapi('CasePatch');

export const CaseReviewSchema = z
  .object({
    classification: z.enum(CASE_CLASSIFICATIONS).optional().openapi({ description: 'the classification after review, when it changes' }),
  })
  .strict()
  .openapi('CaseReview');

const instant = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone' });

/** A correction (订正) as NIDRIS has it: what changes, which kind of correction, why, and when it happened. */
export const CaseCorrectionSchema = z
  .object({
    changes: CasePatchSchema.openapi({
      description: 'the fields that change (checked again with the whole card by the rules of a new report)',
    }),
    correctionTypes: z
      .array(z.enum(CORRECTION_TYPES))
      .min(1, 'choose at least one kind of correction')
      .max(4)
      .openapi({ description: "'diagnosis_changed' (another disease), 'classification_revised', 'death', 'other'" }),
    reason: z.string().trim().min(1, 'must not be empty').max(500),
    eventAt: instant.optional().openapi({
      description:
        'when the diagnosis was revised or the patient died: required for those kinds; the correction is due within the disease deadline from it',
    }),
  })
  .strict()
  .openapi('CaseCorrection');
export type CaseCorrection = z.infer<typeof CaseCorrectionSchema>;

export const CaseVersionSchema = z
  .object({
    id: z.uuid(),
    version: z.number().int(),
    source: z.enum(CASE_VERSION_SOURCES),
    correctionTypes: z.array(z.enum(CORRECTION_TYPES)),
    neighbour: z
      .object({ districtCode: z.string(), name: z.string(), nameEn: z.string(), version: z.number().int() })
      .nullable()
      .openapi({ description: "for a neighbour's update (source neighbour_update): the district it came from and the sender's version" }),
    reason: z.string(),
    eventAt: z.string().nullable(),
    changedFields: z.array(z.string()),
    before: z
      .record(z.string(), z.unknown())
      .openapi({ description: 'the card before (birth date and identity mask as your rights show them)' }),
    after: z.record(z.string(), z.unknown()),
    changedBy: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    changedAt: z.string(),
    timeliness: z.object({ deadlineHours: z.number().int(), delayHours: z.number(), onTime: z.boolean() }).nullable().openapi({
      description:
        'for a changed diagnosis, a revised classification or a death: the delay from the event to the correction against the deadline',
    }),
  })
  .openapi('CaseVersion');
export const CaseVersionListSchema = z.object({ items: z.array(CaseVersionSchema) }).openapi('CaseVersionList');

/** The CDC's decision on pending cards, in bulk (the review queue). */
export const CaseReviewBatchSchema = z
  .object({
    ids: z.array(z.uuid()).min(1).max(500),
    decision: z.enum(['approve', 'return']),
    reason: z
      .string()
      .trim()
      .max(500)
      .default('')
      .openapi({ description: 'required to return cards: what the reporting unit must correct' }),
  })
  .strict()
  .openapi('CaseReviewBatch');
export const CaseReviewBatchResultSchema = z
  .object({
    done: z.array(z.object({ id: z.uuid(), code: z.string() })),
    refused: z.array(
      z.object({
        id: z.uuid(),
        code: z.string().nullable(),
        reason: z
          .enum(['not_found', 'merged', 'not_pending', 'own_card'])
          .openapi({ description: 'own_card: you filed or last corrected it (four eyes: another person reviews it)' }),
      }),
    ),
  })
  .openapi('CaseReviewBatchResult');

export const CaseMergeSchema = z
  .object({
    into: z.uuid().openapi({ description: 'the report that is kept' }),
    reason: z.string().trim().min(1, 'must not be empty').max(500),
  })
  .strict()
  .openapi('CaseMerge');

export const CaseIdentitySchema = z.object({ idType: z.enum(ID_TYPES), idNumber: z.string().nullable() }).openapi('CaseIdentity');

export const DuplicateQuerySchema = PageQuery.extend({
  windowDays: z.coerce.number().int().min(0).max(3650).default(30).openapi({ description: 'diagnoses at most this many days apart' }),
  diseaseId: z.uuid().optional(),
  since: z
    .union([isoDate, z.literal('all')])
    .optional()
    .openapi({
      description: "pairs with a report filed on or after this day (China Standard Time); 'all' for the whole history; default 90 days ago",
    }),
  pageSize: z.coerce.number().int().min(1).max(200).default(50).openapi({ example: 50 }),
});
export type DuplicateQuery = z.infer<typeof DuplicateQuerySchema>;
export const DuplicateListSchema = z
  .object({
    windowDays: z.number().int(),
    since: z.string().nullable().openapi({ description: 'the first report day of the pairs listed; null for the whole history' }),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    items: z.array(
      z.object({
        match: DuplicateMatchSchema,
        daysApart: z.number(),
        a: CaseSummarySchema,
        b: z
          .union([CaseSummarySchema, RestrictedCaseSchema])
          .openapi({ description: "a hospital reporter's pair with another facility's report: that report as RestrictedCase" }),
      }),
    ),
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
  corrections: z.number().int().openapi({
    description:
      'corrections of a diagnosis, classification or death made in the period (counted against the disease deadline from the event)',
  }),
  correctionsOnTime: z.number().int(),
  correctionsLate: z.number().int(),
  reviewed: z
    .number()
    .int()
    .openapi({ description: 'reports of the period the CDC has reviewed (审核: approved or returned) at least once' }),
  reviewedOnTime: z.number().int().openapi({
    description: "first review within the disease's deadline from the report (2 h for class A and managed-as-A diseases, else 24 h)",
  }),
  reviewedLate: z.number().int(),
  awaitingReview: z.number().int().openapi({ description: 'reports of the period not reviewed yet' }),
  medianReviewHours: z
    .number()
    .nullable()
    .openapi({ description: 'median hours from report to first review; null when none was reviewed' }),
});
export const TimelinessReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    facilities: z.array(FacilityTimelinessSchema),
    total: FacilityTimelinessSchema.omit({ facilityId: true, facilityName: true, facilityNameEn: true }),
  })
  .openapi('ReportingTimeliness');

/** A line list of the cases behind a signal, an alert or an incident (case-sets.ts). */
export const CaseLineItemSchema = CaseSummarySchema.extend({
  township: Ref.nullable().openapi({ description: 'the township of the residence' }),
  matched: z.boolean().openapi({ description: 'counted by disease, place and period (false: only linked by hand)' }),
}).openapi('CaseLineItem');

export const CaseLineListSchema = z
  .object({
    total: z.number().int().openapi({ description: 'cases of the set, whoever may read them (the figure)' }),
    canRead: z.boolean().openapi({ description: 'the reader holds cases.read; without it only the total is told' }),
    items: z
      .array(CaseLineItemSchema)
      .openapi({ description: "the cases within the reader's rights, by onset; identity masked as in the case list" }),
    hidden: z.number().int().openapi({ description: "cases of the set outside the reader's area or facility" }),
    truncated: z.boolean().openapi({ description: 'the list was cut at 500 cases' }),
  })
  .openapi('CaseLineList');

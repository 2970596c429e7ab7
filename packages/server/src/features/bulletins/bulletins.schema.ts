/**
 * Request and response schemas of bulletins, risk areas, the rumour register and the public API (zod: validation,
 * types and the OpenAPI document in one place). Bodies are `.strict()`: an unknown field is refused.
 */
import { z } from '@hono/zod-openapi';
import { AGE_BANDS } from '../reports/index.ts';
import {
  BULLETIN_EVENTS,
  BULLETIN_KINDS,
  BULLETIN_STATUSES,
  RISK_AREA_LEVELS,
  RUMOUR_CHANNELS,
  RUMOUR_VERDICTS,
  SUBMISSION_KINDS,
  SUBMISSION_STATUSES,
} from './bulletins.tables.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) =>
  DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
export const DateSchema = z.string().refine(isRealDate, { message: 'A date YYYY-MM-DD' }).openapi({ example: '2026-12-06' });
const text = (max: number) => z.string().max(max, { message: `At most ${max} characters` });
const uuid = (what: string) => z.string().uuid({ message: `A ${what} id` });

// ── staff: bulletins ───────────────────────────────────────────────────────────────────────────────

export const BulletinCreateSchema = z
  .object({
    kind: z.enum(BULLETIN_KINDS),
    /** the area (the district, usually): must be in your scope of bulletins.draft */
    jurisdictionId: uuid('jurisdiction'),
    /** daily figures: the day and (optionally) the disease; the figures are taken from the data as a snapshot */
    figuresDate: DateSchema.optional(),
    diseaseId: uuid('disease').nullable().optional(),
    /** counting cumulative figures from this day (default: 1 January of the figures' year) */
    cumulativeFrom: DateSchema.optional(),
    /** omitted: filled from the kind's template */
    title: text(200).min(1, { message: 'A title is required' }).optional(),
    titleEn: text(300).nullable().optional(),
    body: text(20000).optional(),
    bodyEn: text(30000).nullable().optional(),
    suppressionK: z.number().int().min(2).max(20).optional(),
  })
  .strict()
  .openapi('BulletinCreate');

export const BulletinPatchSchema = z
  .object({
    title: text(200).min(1, { message: 'A title is required' }).optional(),
    titleEn: text(300).nullable().optional(),
    body: text(20000).optional(),
    bodyEn: text(30000).nullable().optional(),
    correctionNote: text(2000).nullable().optional(),
    correctionNoteEn: text(3000).nullable().optional(),
    suppressionK: z.number().int().min(2).max(20).optional(),
    /** the moment you loaded the bulletin (its updatedAt): a stale save is refused (409) */
    updatedAt: z.string().datetime({ offset: true }),
  })
  .strict()
  .openapi('BulletinPatch');

export const BulletinActionSchema = z
  .object({ comment: text(2000).optional() })
  .strict()
  .openapi('BulletinAction');
export const BulletinPublishSchema = z
  .object({
    /** publish at this moment (a job does it); omitted: now */
    at: z.string().datetime({ offset: true }).optional(),
  })
  .strict()
  .openapi('BulletinPublish');
export const BulletinWithdrawSchema = z
  .object({ reason: text(2000).min(1, { message: 'Say why the bulletin is withdrawn' }) })
  .strict()
  .openapi('BulletinWithdraw');
export const BulletinCorrectSchema = z
  .object({
    correctionNote: text(2000).min(1, { message: 'Say what the correction changes' }),
    correctionNoteEn: text(3000).nullable().optional(),
  })
  .strict()
  .openapi('BulletinCorrect');
export const BulletinCheckSchema = z
  .object({
    title: text(200).optional(),
    titleEn: text(300).nullable().optional(),
    body: text(20000).optional(),
    bodyEn: text(30000).nullable().optional(),
    correctionNote: text(2000).nullable().optional(),
    correctionNoteEn: text(3000).nullable().optional(),
  })
  .strict()
  .openapi('BulletinCheck');

export const FindingSchema = z
  .object({
    field: z.string(),
    kind: z.enum(['id_number', 'phone', 'person_name', 'address']),
    start: z.number().int(),
    end: z.number().int(),
    text: z.string(),
  })
  .openapi('GuardFinding');
export const CheckResultSchema = z.object({ findings: z.array(FindingSchema) }).openapi('GuardResult');

export const BulletinListQuerySchema = z.object({
  status: z.enum(BULLETIN_STATUSES).optional(),
  kind: z.enum(BULLETIN_KINDS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const PublishedNumber = z.number().int().nullable().openapi({ description: 'null: suppressed (a count below k)' });

/** A breakdown below the district as the public sees it (small numbers suppressed). */
export const PublicBreakdownSchema = z
  .object({
    k: z.number().int(),
    withheld: z.boolean(),
    rows: z.array(
      z.object({
        jurisdictionId: z.string().nullable(),
        name: z.string(),
        nameEn: z.string(),
        newReported: PublishedNumber,
        cumulative: PublishedNumber,
      }),
    ),
  })
  .openapi('PublicBreakdown');

/** The cumulative cases by age band and sex as the public sees them: a two-way table, small numbers suppressed. */
export const PublicAgeSexSchema = z
  .object({
    k: z.number().int(),
    withheld: z.boolean(),
    rows: z.array(
      z.object({
        band: z.enum(AGE_BANDS),
        male: PublishedNumber,
        female: PublishedNumber,
        unknown: PublishedNumber,
        total: PublishedNumber,
      }),
    ),
    totals: z.object({ male: PublishedNumber, female: PublishedNumber, unknown: PublishedNumber }),
    /** the area's cumulative figure (published as it is) */
    total: z.number().int(),
  })
  .openapi('PublicAgeSex');

export const PublicFiguresSchema = z
  .object({
    reportDate: z.string(),
    area: z.object({ id: z.string(), name: z.string(), nameEn: z.string() }),
    disease: z.object({ code: z.string(), name: z.string(), nameEn: z.string() }).nullable(),
    cumulativeFrom: z.string(),
    totals: z.object({ newReported: z.number().int(), newOnset: z.number().int(), cumulative: z.number().int() }),
    trend: z.object({
      last7: z.number().int(),
      previous7: z.number().int(),
      changePct: z.number().nullable(),
      direction: z.enum(['up', 'down', 'flat']),
      daily: z.array(z.object({ date: z.string(), reported: z.number().int(), onset: z.number().int() })),
    }),
    byTownship: PublicBreakdownSchema,
    /** null: a snapshot taken before the breakdown existed */
    byAgeSex: PublicAgeSexSchema.nullable(),
  })
  .openapi('PublicFigures');

export const EventSchema = z.object({
  event: z.enum(BULLETIN_EVENTS),
  actorName: z.string().nullable(),
  comment: z.string(),
  at: z.string(),
});

/** A risk area's shape (GeoJSON Polygon or MultiPolygon, [longitude, latitude] in WGS 84; risk-shapes.ts checks it). */
const Position = z.array(z.number()).max(3);
const RingSchema = z.array(Position).max(1000);
export const RiskGeometrySchema = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(RingSchema).min(1).max(50) }).strict(),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(RingSchema).min(1).max(50)).min(1).max(50) }).strict(),
  ])
  .openapi('RiskGeometry', { description: 'GeoJSON Polygon or MultiPolygon (RFC 7946), [longitude, latitude] in WGS 84' });

export const RiskAreaSchema = z
  .object({
    id: z.string(),
    jurisdictionId: z.string(),
    /** the drawn area's public name, else the registry area's */
    name: z.string(),
    nameEn: z.string(),
    level: z.enum(RISK_AREA_LEVELS),
    areaLevel: z.string(),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    note: z.string(),
    noteEn: z.string(),
    bulletinId: z.string().nullable(),
    /** drawn on the map (else the registry area's outline) */
    drawn: z.boolean(),
    /** the drawn polygon, or the registry area's outline (null: the registry has none) */
    geometry: RiskGeometrySchema.nullable(),
  })
  .openapi('RiskArea');

export const BulletinImageSchema = z
  .object({
    id: z.string(),
    position: z.number().int(),
    /** the text alternative (required, Chinese and English) */
    alt: z.string(),
    altEn: z.string(),
    contentType: z.enum(['image/png', 'image/jpeg', 'image/webp']),
    width: z.number().int(),
    height: z.number().int(),
    size: z.number().int(),
    /** the uploaded file's name (staff only) */
    filename: z.string(),
    /** where a signed-in reader gets it */
    url: z.string(),
  })
  .openapi('BulletinImage');
export const BulletinImagePatchSchema = z
  .object({
    alt: text(300).optional(),
    altEn: text(500).optional(),
    position: z.number().int().min(0).max(100).optional(),
  })
  .strict()
  .openapi('BulletinImagePatch');
export const PublicImageSchema = z
  .object({
    id: z.string(),
    alt: z.string(),
    altEn: z.string(),
    width: z.number().int(),
    height: z.number().int(),
    /** the image (anonymous; gone once the bulletin is withdrawn) */
    url: z.string(),
  })
  .openapi('PublicImage');

export const BulletinSummarySchema = z
  .object({
    id: z.string(),
    seriesId: z.string(),
    version: z.number().int(),
    kind: z.enum(BULLETIN_KINDS),
    status: z.enum(BULLETIN_STATUSES),
    title: z.string(),
    titleEn: z.string().nullable(),
    jurisdictionId: z.string(),
    jurisdictionName: z.string(),
    jurisdictionNameEn: z.string(),
    figuresDate: z.string().nullable(),
    publishAt: z.string().nullable(),
    publishedAt: z.string().nullable(),
    draftedBy: z.string(),
    draftedByName: z.string(),
    approvedByName: z.string().nullable(),
    updatedAt: z.string(),
  })
  .openapi('BulletinSummary');

export const BulletinSchema = BulletinSummarySchema.extend({
  body: z.string(),
  bodyEn: z.string().nullable(),
  diseaseId: z.string().nullable(),
  suppressionK: z.number().int(),
  correctionNote: z.string().nullable(),
  correctionNoteEn: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawnReason: z.string().nullable(),
  approvedAt: z.string().nullable(),
  /** the snapshot taken from the data (internal: unsuppressed) */
  figures: z.unknown().nullable(),
  /** what the public will see of the figures (suppressed) */
  publicFigures: PublicFiguresSchema.nullable(),
  riskAreas: z.array(RiskAreaSchema),
  images: z.array(BulletinImageSchema),
  events: z.array(EventSchema),
  versions: z.array(
    z.object({ id: z.string(), version: z.number().int(), status: z.enum(BULLETIN_STATUSES), publishedAt: z.string().nullable() }),
  ),
  /** what you may do next */
  actions: z.array(z.enum(['edit', 'refresh', 'submit', 'return', 'approve', 'publish', 'correct', 'withdraw'])),
}).openapi('Bulletin');

export const BulletinListSchema = z.object({ items: z.array(BulletinSummarySchema), total: z.number().int() }).openapi('BulletinList');

// ── staff: risk areas ─────────────────────────────────────────────────────────────────────────────

export const RiskAreaCreateSchema = z
  .object({
    /** a township or community in your scope (with a drawn geometry: the district, a township or a community) */
    jurisdictionId: uuid('jurisdiction'),
    /** drawn on the map: the polygon, inside the district (else the registry area's outline is shown) */
    geometry: RiskGeometrySchema.nullable().optional(),
    /** the drawn area's public name (required with a geometry) */
    placeName: text(200).nullable().optional(),
    placeNameEn: text(300).nullable().optional(),
    level: z.enum(RISK_AREA_LEVELS),
    startsOn: DateSchema,
    endsOn: DateSchema.nullable().optional(),
    note: text(500).optional(),
    noteEn: text(800).optional(),
    /** the risk-area bulletin that publishes it (a draft one) */
    bulletinId: uuid('bulletin').nullable().optional(),
  })
  .strict()
  .openapi('RiskAreaCreate');
export const RiskAreaPatchSchema = z
  .object({
    level: z.enum(RISK_AREA_LEVELS).optional(),
    geometry: RiskGeometrySchema.nullable().optional(),
    placeName: text(200).nullable().optional(),
    placeNameEn: text(300).nullable().optional(),
    startsOn: DateSchema.optional(),
    endsOn: DateSchema.nullable().optional(),
    note: text(500).optional(),
    noteEn: text(800).optional(),
    bulletinId: uuid('bulletin').nullable().optional(),
  })
  .strict()
  .openapi('RiskAreaPatch');
export const RiskAreaListSchema = z.object({ items: z.array(RiskAreaSchema.extend({ published: z.boolean() })) }).openapi('RiskAreaList');

// ── staff: rumours and public submissions ─────────────────────────────────────────────────────────

export const RumourSchema = z
  .object({
    id: z.string(),
    jurisdictionId: z.string(),
    claim: z.string(),
    source: z.string(),
    channel: z.enum(RUMOUR_CHANNELS),
    firstSeenAt: z.string(),
    reach: z.number().int().nullable(),
    verdict: z.enum(RUMOUR_VERDICTS),
    rebuttalBulletinId: z.string().nullable(),
    rebuttalTitle: z.string().nullable(),
    reviewerName: z.string().nullable(),
    reviewedAt: z.string().nullable(),
    origin: z.enum(['staff', 'public']),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Rumour');
export const RumourListSchema = z.object({ items: z.array(RumourSchema), total: z.number().int() }).openapi('RumourList');
export const RumourCreateSchema = z
  .object({
    jurisdictionId: uuid('jurisdiction'),
    claim: text(2000).min(1, { message: 'Quote the rumour' }),
    source: text(300).optional(),
    channel: z.enum(RUMOUR_CHANNELS),
    firstSeenAt: z.string().datetime({ offset: true }),
    reach: z.number().int().min(0).max(2_000_000_000).nullable().optional(),
  })
  .strict()
  .openapi('RumourCreate');
export const RumourPatchSchema = z
  .object({
    claim: text(2000).min(1).optional(),
    source: text(300).optional(),
    channel: z.enum(RUMOUR_CHANNELS).optional(),
    firstSeenAt: z.string().datetime({ offset: true }).optional(),
    reach: z.number().int().min(0).max(2_000_000_000).nullable().optional(),
    /** setting a verdict records you as its reviewer */
    verdict: z.enum(RUMOUR_VERDICTS).optional(),
    rebuttalBulletinId: uuid('bulletin').nullable().optional(),
  })
  .strict()
  .openapi('RumourPatch');
export const RumourListQuerySchema = z.object({
  verdict: z.enum(RUMOUR_VERDICTS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const SubmissionSchema = z
  .object({
    id: z.string(),
    kind: z.enum(SUBMISSION_KINDS),
    text: z.string(),
    placeName: z.string().nullable(),
    occurredOn: z.string().nullable(),
    status: z.enum(SUBMISSION_STATUSES),
    rumourId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('PublicSubmission');
export const SubmissionListSchema = z.object({ items: z.array(SubmissionSchema), total: z.number().int() }).openapi('PublicSubmissionList');
export const SubmissionListQuerySchema = z.object({
  status: z.enum(SUBMISSION_STATUSES).optional(),
  kind: z.enum(SUBMISSION_KINDS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const SubmissionPatchSchema = z
  .object({ status: z.enum(['handled', 'dismissed']) })
  .strict()
  .openapi('PublicSubmissionPatch');

// ── public ─────────────────────────────────────────────────────────────────────────────────────────

export const PublicBulletinSummarySchema = z
  .object({
    id: z.string(),
    seriesId: z.string(),
    version: z.number().int(),
    kind: z.enum(BULLETIN_KINDS),
    title: z.string(),
    titleEn: z.string().nullable(),
    publishedAt: z.string(),
    /** 'withdrawn': the page says so, with the reason */
    status: z.enum(['published', 'withdrawn']),
    corrected: z.boolean(),
    figuresDate: z.string().nullable(),
  })
  .openapi('PublicBulletinSummary');
export const PublicBulletinListSchema = z
  .object({ items: z.array(PublicBulletinSummarySchema), total: z.number().int() })
  .openapi('PublicBulletinList');
export const PublicBulletinSchema = z
  .object({
    id: z.string(),
    seriesId: z.string(),
    version: z.number().int(),
    kind: z.enum(BULLETIN_KINDS),
    status: z.enum(['published', 'superseded', 'withdrawn']),
    title: z.string(),
    titleEn: z.string().nullable(),
    body: z.string(),
    bodyEn: z.string().nullable(),
    publishedAt: z.string(),
    correctionNote: z.string().nullable(),
    correctionNoteEn: z.string().nullable(),
    withdrawnAt: z.string().nullable(),
    withdrawnReason: z.string().nullable(),
    /** the newest public version of the series, when this one is superseded */
    latestId: z.string(),
    versions: z.array(
      z.object({
        id: z.string(),
        version: z.number().int(),
        status: z.enum(['published', 'superseded', 'withdrawn']),
        publishedAt: z.string(),
        correctionNote: z.string().nullable(),
        correctionNoteEn: z.string().nullable(),
      }),
    ),
    figures: PublicFiguresSchema.nullable(),
    riskAreas: z.array(RiskAreaSchema.omit({ bulletinId: true })),
    /** images with their alt text (none once withdrawn) */
    images: z.array(PublicImageSchema),
  })
  .openapi('PublicBulletin');
export const PublicMapSchema = z
  .object({
    /** the district's outline and its townships' (registry), for the portal's map */
    district: z.object({ name: z.string(), nameEn: z.string(), geometry: RiskGeometrySchema.nullable() }).nullable(),
    townships: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string(), geometry: RiskGeometrySchema.nullable() })),
  })
  .openapi('PublicMap');
export const PublicListQuerySchema = z.object({
  kind: z.enum(BULLETIN_KINDS).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export const PublicSituationSchema = z
  .object({
    /** the latest published daily bulletin's figures (null: none published yet) */
    bulletinId: z.string().nullable(),
    publishedAt: z.string().nullable(),
    figures: PublicFiguresSchema.nullable(),
  })
  .openapi('PublicSituation');
export const PublicRiskAreasSchema = z
  .object({
    asOf: z.string(),
    items: z.array(RiskAreaSchema.omit({ note: true, noteEn: true }).extend({ note: z.string(), noteEn: z.string() })),
  })
  .openapi('PublicRiskAreas');
export const PublicServicesSchema = z
  .object({
    feverClinics: z.array(
      z.object({
        name: z.string(),
        nameEn: z.string(),
        address: z.string(),
        phone: z.string(),
        townshipName: z.string(),
        townshipNameEn: z.string(),
      }),
    ),
    hotlines: z.array(z.object({ name: z.string(), nameEn: z.string(), phone: z.string() })),
  })
  .openapi('PublicServices');
export const PublicPlacesSchema = z
  .object({
    items: z.array(z.object({ id: z.string(), name: z.string(), nameEn: z.string(), level: z.string(), parentId: z.string().nullable() })),
  })
  .openapi('PublicPlaces');
export const PublicSubmissionCreateSchema = z
  .object({
    kind: z.enum(SUBMISSION_KINDS),
    /** plain text, no HTML; at most 1000 characters */
    text: text(1000).min(1, { message: 'Say what happened' }),
    placeId: uuid('place').nullable().optional(),
    occurredOn: DateSchema.nullable().optional(),
  })
  .strict()
  .openapi('PublicSubmissionCreate');
export const PublicSubmissionResultSchema = z
  .object({ received: z.literal(true), reference: z.string() })
  .openapi('PublicSubmissionResult');

export type BulletinCreate = z.infer<typeof BulletinCreateSchema>;
export type BulletinPatch = z.infer<typeof BulletinPatchSchema>;
export type PublicFigures = z.infer<typeof PublicFiguresSchema>;
export type RiskAreaCreate = z.infer<typeof RiskAreaCreateSchema>;
export type RiskAreaPatch = z.infer<typeof RiskAreaPatchSchema>;
export type RumourCreate = z.infer<typeof RumourCreateSchema>;
export type RumourPatch = z.infer<typeof RumourPatchSchema>;
export type PublicSubmissionCreate = z.infer<typeof PublicSubmissionCreateSchema>;

/**
 * Request and response schemas of the surveillance dashboard (docs/dashboard.md).
 */
import { z } from '@hono/zod-openapi';

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'Not a real date')
  .openapi({ example: '2026-03-01' });
const Uuid = z.string().uuid('Not a valid id');
export const BasisSchema = z.enum(['onset', 'report']).openapi({ description: 'count cases by onset date or by report date' });

/** `?from=&to=` (China calendar days, both included) and an optional place inside your scope. */
const RangeQuery = {
  from: Day.optional().openapi({ description: 'first day (default: depends on the panel)' }),
  to: Day.optional().openapi({ description: 'last day (default: today, China time)' }),
  jurisdictionId: Uuid.optional().openapi({ description: 'a jurisdiction inside your scope (default: all of it)' }),
};

export const CurveQuerySchema = z.object({
  diseaseId: Uuid,
  basis: BasisSchema.default('onset'),
  interval: z.enum(['day', 'week']).default('week'),
  ...RangeQuery,
});

export const TownshipQuerySchema = z.object({
  diseaseId: Uuid.optional().openapi({ description: 'one disease (default: every disease)' }),
  basis: BasisSchema.default('onset'),
  ...RangeQuery,
});

export const RangeQuerySchema = z.object(RangeQuery);

export const AlertsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(8),
  jurisdictionId: RangeQuery.jurisdictionId,
});

const Named = { name: z.string(), nameEn: z.string() };

export const DiseaseSummarySchema = z
  .object({
    id: z.string(),
    code: z.string(),
    ...Named,
    class: z.string(),
    cases: z.number().int().openapi({ description: 'cases in the period (basis as asked)' }),
    previousCases: z.number().int().openapi({ description: 'cases in the same period one year earlier' }),
    openAlerts: z.number().int(),
  })
  .openapi('DashboardDisease');

export const DiseaseSummaryListSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    basis: BasisSchema,
    /** every active disease of the catalogue, most cases first */
    items: z.array(DiseaseSummarySchema),
  })
  .openapi('DashboardDiseases');

export const CurvePointSchema = z
  .object({
    start: z.string(),
    end: z.string(),
    count: z.number().int(),
    expected: z.number().nullable().openapi({ description: 'historical baseline: median of the comparable periods of the previous years' }),
    upper: z.number().nullable().openapi({ description: 'historical baseline: the percentile used as threshold' }),
    threshold: z.number().nullable().openapi({ description: 'threshold of a detection signal covering this period, if any' }),
    alarm: z.boolean().openapi({ description: 'a detection signal ended in this period' }),
  })
  .openapi('CurvePoint');

export const CurveSignalSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    method: z.string(),
    periodStart: z.string(),
    periodEnd: z.string(),
    observed: z.number(),
    expected: z.number().nullable(),
    threshold: z.number().nullable(),
    explanation: z.record(z.string(), z.unknown()),
    jurisdictionId: z.string(),
    jurisdictionName: z.string(),
    jurisdictionNameEn: z.string(),
    alertId: z.string().nullable(),
    alertCode: z.string().nullable(),
  })
  .openapi('CurveSignal');

export const CurveSchema = z
  .object({
    disease: z.object({ id: z.string(), code: z.string(), ...Named }),
    basis: BasisSchema,
    interval: z.enum(['day', 'week']),
    from: z.string(),
    to: z.string(),
    jurisdiction: z.object({ id: z.string(), ...Named, level: z.string() }).nullable(),
    baseline: z.object({ years: z.number().int(), halfWindow: z.number().int(), percentile: z.number() }),
    points: z.array(CurvePointSchema),
    signals: z.array(CurveSignalSchema),
  })
  .openapi('EpidemicCurve');

export const TownshipFigureSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    ...Named,
    population: z.number().int().nullable(),
    cases: z.number().int(),
    incidencePer100k: z.number().nullable().openapi({ description: 'cases / population × 100,000; null without a population' }),
    openAlerts: z.number().int().nullable().openapi({ description: 'null without the right to read alerts' }),
  })
  .openapi('TownshipFigure');

export const TownshipFiguresSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    basis: BasisSchema,
    diseaseId: z.string().nullable(),
    days: z.number().int(),
    items: z.array(TownshipFigureSchema),
  })
  .openapi('TownshipFigures');

export const CommunityQuerySchema = z.object({
  diseaseId: Uuid.optional().openapi({ description: 'one disease (default: every disease)' }),
  basis: BasisSchema.default('onset'),
  from: RangeQuery.from,
  to: RangeQuery.to,
  townshipId: Uuid.optional().openapi({ description: 'a township inside your scope (default: yours, when your scope is one township)' }),
});

export const CommunityFigureSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    ...Named,
    population: z.number().int().nullable(),
    centroid: z.tuple([z.number(), z.number()]).nullable().openapi({ description: '[lon, lat] of the community or village' }),
    cases: z.number().int(),
    incidencePer100k: z.number().nullable(),
    openAlerts: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'open alerts placed in the community (event reports); null without the right to read alerts' }),
  })
  .openapi('CommunityFigure');

export const CommunityFiguresSchema = z
  .object({
    township: z.object({ id: z.string(), code: z.string(), ...Named }),
    from: z.string(),
    to: z.string(),
    basis: BasisSchema,
    items: z.array(CommunityFigureSchema),
  })
  .openapi('CommunityFigures');

export const DashboardAlertSchema = z
  .object({
    id: z.string(),
    code: z.string(),
    title: z.string(),
    status: z.string(),
    warningLevel: z.string().nullable(),
    diseaseId: z.string().nullable(),
    diseaseName: z.string().nullable(),
    diseaseNameEn: z.string().nullable(),
    jurisdictionId: z.string(),
    jurisdictionName: z.string(),
    jurisdictionNameEn: z.string(),
    signalCount: z.number().int(),
    verificationDueAt: z.string().nullable(),
    createdAt: z.string(),
    link: z.string(),
  })
  .openapi('DashboardAlert');

export const DashboardAlertListSchema = z
  .object({ total: z.number().int(), items: z.array(DashboardAlertSchema) })
  .openapi('DashboardAlerts');

const TimelinessFigures = {
  reports: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  onTimeShare: z.number(),
  medianDelayHours: z.number(),
  // corrections (订正) of a diagnosis, classification or death made in the period (cases feature, timeliness.ts)
  corrections: z.number().int(),
  correctionsOnTime: z.number().int(),
  correctionsLate: z.number().int(),
};

export const TimelinessSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    facilities: z.array(
      z.object({
        facilityId: z.string().nullable(),
        facilityName: z.string().nullable(),
        facilityNameEn: z.string().nullable(),
        ...TimelinessFigures,
      }),
    ),
    total: z.object(TimelinessFigures),
  })
  .openapi('ReportingTimeliness');

export type CurveQuery = z.infer<typeof CurveQuerySchema>;
export type TownshipQuery = z.infer<typeof TownshipQuerySchema>;
export type RangeQuery = z.infer<typeof RangeQuerySchema>;
export type CommunityQuery = z.infer<typeof CommunityQuerySchema>;
export type AlertsQuery = z.infer<typeof AlertsQuerySchema>;
export type Curve = z.infer<typeof CurveSchema>;
export type CurvePoint = z.infer<typeof CurvePointSchema>;

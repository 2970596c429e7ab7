/**
 * Request and response schemas of detection: settings, runs, signals and the back-test. Bodies are `.strict()`:
 * an unknown field is a `validation_failed` naming it. Method parameters are checked by the service against the
 * method itself (detection.methods.ts), so their errors name `parameters.<name>`.
 */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';
import { DETECTION_LEVELS, RUN_STATUSES, RUN_TRIGGERS } from './detection.tables.ts';
import { DATE_BASES, SIGNAL_KINDS } from './signals.tables.ts';

const isoDate = z.iso.date().openapi({ example: '2026-11-28' });
const Parameters = z
  .record(z.string(), z.unknown())
  .openapi({ description: "the method's parameters (R's control names)", example: { p: 0.8, years: 3 } });
const Names = z.object({ code: z.string(), name: z.string(), nameEn: z.string() });

export const MethodInfoSchema = z
  .object({
    id: z.string().openapi({ example: 'mpm' }),
    defaults: Parameters,
    thresholdIsCount: z.boolean(),
    reaches: z.boolean().openapi({ description: 'alarm when observed reaches the threshold (fixed threshold) instead of exceeding it' }),
  })
  .openapi('DetectionMethod');
export const MethodListSchema = z.object({ items: z.array(MethodInfoSchema) }).openapi('DetectionMethodList');

export const ConfigSchema = z
  .object({
    id: z.uuid(),
    diseaseId: z.uuid().nullable(),
    feedTypeId: z.uuid().nullable(),
    subject: Names.openapi({ description: 'the disease or feed type' }),
    monitored: z
      .enum(['count', 'share'])
      .openapi({ description: 'what is watched: counts, or for a proportion feed (ILI share) the share value / denominator in percent' }),
    jurisdictionId: z.uuid(),
    jurisdictionName: z.string(),
    jurisdictionNameEn: z.string(),
    level: z.enum(DETECTION_LEVELS),
    method: z.string(),
    parameters: Parameters,
    dateBasis: z.enum(DATE_BASES),
    enabled: z.boolean(),
    schedule: z.string().openapi({ description: 'cron, 5 fields, UTC', example: '0 22 * * *' }),
    nextRunAt: z.string().nullable().openapi({ description: 'next scheduled run (ISO time), null when disabled' }),
    lastScheduledAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('DetectionConfig');
export const ConfigListSchema = z.object({ items: z.array(ConfigSchema) }).openapi('DetectionConfigList');
export const ConfigListQuerySchema = z.object({
  diseaseId: z.uuid().optional(),
  feedTypeId: z.uuid().optional(),
  level: z.enum(DETECTION_LEVELS).optional(),
  method: z.string().max(40).optional(),
});

const schedule = z
  .string()
  .trim()
  .min(9)
  .max(100)
  .openapi({ description: 'cron, 5 fields, UTC (06:00 China time = "0 22 * * *")', example: '0 22 * * *' });

export const ConfigCreateSchema = z
  .object({
    diseaseId: z.uuid().optional(),
    feedTypeId: z.uuid().optional(),
    jurisdictionId: z.uuid().openapi({ description: 'the area watched (normally the district); within your scope' }),
    level: z.enum(DETECTION_LEVELS),
    method: z.string().trim().min(1).max(40).optional().openapi({ description: "default: the catalogue's method of the disease or feed" }),
    parameters: Parameters.optional(),
    dateBasis: z.enum(DATE_BASES).optional(),
    enabled: z.boolean().optional(),
    schedule: schedule.optional(),
  })
  .strict()
  .openapi('DetectionConfigCreate');
export type ConfigCreate = z.infer<typeof ConfigCreateSchema>;

export const ConfigPatchSchema = z
  .object({
    level: z.enum(DETECTION_LEVELS).optional(),
    method: z.string().trim().min(1).max(40).optional(),
    parameters: Parameters.optional(),
    dateBasis: z.enum(DATE_BASES).optional(),
    enabled: z.boolean().optional(),
    schedule: schedule.optional(),
  })
  .strict()
  .openapi('DetectionConfigPatch');
export type ConfigPatch = z.infer<typeof ConfigPatchSchema>;

const RunDetail = z.object({
  configId: z.string(),
  method: z.string(),
  series: z.number(),
  failed: z.number(),
  signals: z.number(),
  errors: z.array(z.object({ jurisdictionId: z.string(), message: z.string() })),
  ms: z.number(),
});

export const RunSchema = z
  .object({
    id: z.uuid(),
    trigger: z.enum(RUN_TRIGGERS),
    asOf: z.string(),
    configIds: z.array(z.string()).nullable(),
    status: z.enum(RUN_STATUSES),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    configsEvaluated: z.number().int(),
    seriesEvaluated: z.number().int(),
    seriesFailed: z.number().int(),
    signalsCreated: z.number().int(),
    alertsCreated: z.number().int(),
    alertsUpdated: z.number().int(),
    error: z.string().nullable(),
    details: z.array(RunDetail),
    actorId: z.string().nullable(),
    attempt: z
      .number()
      .int()
      .openapi({ description: 'scheduled runs: which attempt of the firing (a failed one is retried with back-off)' }),
    maxAttempts: z.number().int().openapi({ description: 'attempts the firing may take (manual and demo runs: 1)' }),
    firedAt: z.string().nullable().openapi({ description: 'scheduled runs: when the schedule fired' }),
    retryAt: z.string().nullable().openapi({ description: 'a failed attempt: when the next attempt is due; null when none follows' }),
  })
  .openapi('DetectionRun');
export const RunListSchema = z.object({ items: z.array(RunSchema), total: z.number().int() }).openapi('DetectionRunList');
export const RunListQuerySchema = PageQuery;

export const RunCreateSchema = z
  .object({
    asOf: isoDate.optional().openapi({ description: 'the day evaluated; default: today in China time' }),
    configIds: z
      .array(z.uuid())
      .max(2000)
      .optional()
      .openapi({ description: 'only these settings; default: every enabled setting in your scope' }),
  })
  .strict()
  .openapi('DetectionRunCreate');

/** A baseline value a threshold was computed from (detection.compute.ts BaselineValue). */
export const BaselineValueSchema = z
  .object({
    start: z.string(),
    end: z.string(),
    value: z.number().openapi({ description: 'a count, or for a proportion the share in percent' }),
    numerator: z.number().optional(),
    denominator: z.number().optional(),
  })
  .openapi('BaselineValue');

const PlaceRef = z.object({ id: z.string(), name: z.string(), nameEn: z.string() });

/** The space-time cluster behind a scan signal (space-time-scan.ts clusterExplanation). */
const ScanClusterExplanation = z.object({
  rank: z.number().int(),
  centre: z.string(),
  locations: z.array(PlaceRef),
  radiusKm: z.number(),
  window: z.object({ start: z.string(), end: z.string(), days: z.number().int() }),
  observed: z.number(),
  expected: z.number(),
  ratio: z.number(),
  llr: z.number(),
  pValue: z.number().nullable(),
  recurrenceInterval: z.object({ days: z.number(), years: z.number() }).nullable(),
  alpha: z.number().nullable(),
  replications: z.number().int(),
  study: z.object({ start: z.string(), end: z.string(), cases: z.number().int(), locations: z.number().int(), days: z.number().int() }),
});

/**
 * Why a signal fired, as the run stored it (detection.run.ts for the temporal methods, space-time-scan.ts for the
 * scan). Signals stored before a field existed lack it, hence the optional fields; the web reads this type.
 */
export const SignalExplanationSchema = z
  .object({
    configId: z.string().optional(),
    level: z.enum(DETECTION_LEVELS).optional(),
    method: z.string(),
    parameters: z.record(z.string(), z.unknown()),
    dateBasis: z.enum(DATE_BASES),
    asOf: z.string(),
    subject: Names.optional(),
    place: PlaceRef.optional(),
    measure: z.literal('proportion').optional().openapi({ description: 'a proportion feed: values are shares in percent' }),
    unit: z.literal('%').optional(),
    share: z
      .object({ numerator: z.number().nullable(), denominator: z.number().nullable() })
      .optional()
      .openapi({ description: 'the numerator and denominator behind the observed share' }),
    rule: z
      .enum(['exceeds', 'reaches', 'statistic', 'pvalue'])
      .openapi({ description: 'exceeds/reaches: the count against a threshold; statistic: the method’s own statistic; pvalue: a scan' }),
    observed: z.number(),
    threshold: z.number().nullable(),
    expected: z.number().nullable(),
    statistic: z.number().nullable().optional(),
    baseline: z
      .object({ kind: z.enum(['periods', 'window', 'none', 'history']), values: z.array(BaselineValueSchema), mean: z.number().nullable() })
      .optional(),
    recent: z
      .object({
        dates: z.array(z.string()),
        counts: z.array(z.number().nullable()),
        numerators: z.array(z.number()).optional(),
        denominators: z.array(z.number()).optional(),
      })
      .optional(),
    extra: z.record(z.string(), z.union([z.number(), z.boolean(), z.null()])).optional(),
    cluster: ScanClusterExplanation.optional(),
  })
  .openapi('SignalExplanation');
export type SignalExplanation = z.infer<typeof SignalExplanationSchema>;

export const SignalSchema = z
  .object({
    id: z.uuid(),
    diseaseId: z.uuid().nullable(),
    feedTypeId: z.uuid().nullable(),
    subject: Names,
    jurisdictionId: z.uuid(),
    jurisdictionName: z.string(),
    jurisdictionNameEn: z.string(),
    kind: z.enum(SIGNAL_KINDS),
    method: z.string(),
    parameters: Parameters,
    periodStart: z.string(),
    periodEnd: z.string(),
    dateBasis: z.enum(DATE_BASES),
    observed: z.number(),
    expected: z.number().nullable(),
    threshold: z.number().nullable(),
    explanation: SignalExplanationSchema,
    runId: z.string().nullable(),
    alertId: z.string().nullable(),
    alertCode: z.string().nullable(),
    alertStatus: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Signal');
export const SignalListSchema = z.object({ items: z.array(SignalSchema), total: z.number().int() }).openapi('SignalList');
export const SignalListQuerySchema = PageQuery.extend({
  diseaseId: z.uuid().optional(),
  feedTypeId: z.uuid().optional(),
  jurisdictionId: z.uuid().optional().openapi({ description: 'this jurisdiction and everything below it' }),
  kind: z.enum(SIGNAL_KINDS).optional(),
  from: isoDate.optional().openapi({ description: 'period end on or after' }),
  to: isoDate.optional().openapi({ description: 'period end on or before' }),
  runId: z.uuid().optional(),
});
export type SignalListQuery = z.infer<typeof SignalListQuerySchema>;

export const BacktestSchema = z
  .object({
    diseaseId: z.uuid().optional(),
    feedTypeId: z.uuid().optional(),
    jurisdictionId: z.uuid(),
    method: z.string().trim().min(1).max(40),
    parameters: Parameters.optional(),
    dateBasis: z.enum(DATE_BASES).optional(),
    from: isoDate,
    to: isoDate,
    step: z.enum(['day', 'week']).optional(),
  })
  .strict()
  .openapi('BacktestRequest');
export type BacktestInput = z.infer<typeof BacktestSchema>;

export const BacktestResultSchema = z
  .object({
    method: z.string(),
    parameters: Parameters,
    dateBasis: z.enum(DATE_BASES),
    step: z.enum(['day', 'week']),
    monitored: z.enum(['count', 'share']).openapi({ description: 'share: a proportion feed, observed and threshold in percent' }),
    periods: z.array(
      z.object({
        start: z.string(),
        end: z.string(),
        observed: z.number().nullable(),
        threshold: z.number().nullable(),
        expected: z.number().nullable(),
        alarm: z.boolean().nullable(),
      }),
    ),
    alarms: z.number().int(),
    alarmsByYear: z.array(z.object({ year: z.number().int(), alarms: z.number().int(), periods: z.number().int() })),
    errors: z.array(z.string()),
  })
  .openapi('BacktestResult');
export type BacktestResult = z.infer<typeof BacktestResultSchema>;

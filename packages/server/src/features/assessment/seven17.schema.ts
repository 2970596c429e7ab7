/**
 * Schemas of the 7-1-7 routes (docs/assessment.md). `GET /api/assessment/717` answers the outside check's names
 * exactly: emergenceAt, detectedAt, notifiedAt, respondedAt and the three intervals as { days, status }.
 */
import { z } from '@hono/zod-openapi';
import { INTERVALS } from './assessment.tables.ts';
import { BOTTLENECK_CODES } from './bottlenecks.ts';

export const IntervalSchema = z
  .object({
    days: z.number().int().nullable().openapi({ description: 'whole district calendar days from start to end; null when incomplete' }),
    status: z.enum(['within_target', 'over_target', 'incomplete']).openapi({ description: 'incomplete when either end is unknown' }),
  })
  .openapi('SevenOneSevenInterval');

export const RecordRefSchema = z
  .object({
    kind: z.enum(['case', 'alert', 'incident', 'situation_report', 'task', 'correction']),
    id: z.string(),
    code: z.string(),
    at: z.string().nullable(),
    label: z.string(),
    status: z.string().optional(),
  })
  .openapi('AssessmentRecordRef');

const instant = z.string().nullable().openapi({ description: 'ISO 8601 instant; null when unknown', example: '2026-11-20T00:00:00.000Z' });

export const BottleneckViewSchema = z.object({
  interval: z.enum(INTERVALS),
  code: z.string(),
  note: z.string(),
  theme: z.string(),
  name: z.string(),
  nameEn: z.string(),
});

export const SevenOneSevenSchema = z
  .object({
    emergenceAt: instant,
    detectedAt: instant,
    notifiedAt: instant,
    respondedAt: instant,
    detection: IntervalSchema,
    notification: IntervalSchema,
    response: IntervalSchema,
    event: z.object({
      kind: z.enum(['incident', 'alert']),
      id: z.string(),
      code: z.string(),
      title: z.string(),
      status: z.string(),
      jurisdictionId: z.string(),
      exercise: z.boolean().openapi({ description: "an exercise's event (issue 19): never in the table, the trend or any figure" }),
    }),
    emergence: z.object({
      source: z.enum(['cases', 'correction']).nullable().openapi({ description: 'where emergenceAt comes from' }),
      computedAt: instant.openapi({ description: 'the earliest onset among the linked cases, whatever the correction' }),
      reason: z.string(),
    }),
    records: z.object({
      emergence: z.array(RecordRefSchema),
      detection: z.array(RecordRefSchema),
      notification: z.array(RecordRefSchema),
      response: z.array(RecordRefSchema),
    }),
    bottlenecks: z.array(BottleneckViewSchema),
    dataErrors: z.array(z.enum(INTERVALS)).openapi({ description: 'intervals whose end precedes their start (shown as incomplete)' }),
    caseCount: z.number().int(),
  })
  .openapi('SevenOneSeven');

export const SevenOneSevenQuerySchema = z.object({
  incidentId: z.uuid().optional().openapi({ description: 'the incident' }),
  alertId: z.uuid().optional().openapi({ description: 'or a confirmed alert with no incident' }),
});

export const EventNoteSchema = z
  .object({
    incidentId: z.uuid().optional(),
    alertId: z.uuid().optional(),
    emergenceAt: z.iso
      .datetime({ offset: true })
      .nullable()
      .openapi({ description: 'corrected emergence; null returns to the earliest onset among the linked cases' }),
    emergenceReason: z.string().trim().max(1000).default(''),
    bottlenecks: z
      .array(
        z.object({ interval: z.enum(INTERVALS), code: z.enum(BOTTLENECK_CODES), note: z.string().trim().max(1000).default('') }).strict(),
      )
      .max(50)
      .default([]),
  })
  .strict()
  .openapi('SevenOneSevenNote');
export type EventNoteInput = z.infer<typeof EventNoteSchema>;

const stats = z.object({
  events: z.number().int(),
  complete: z.number().int(),
  withinTarget: z.number().int(),
  medianDays: z.number().nullable(),
});
export const TrendPointSchema = z.object({
  quarter: z.string().openapi({ example: '2026-Q3' }),
  events: z.number().int(),
  detection: stats,
  notification: stats,
  response: stats,
  allWithinTarget: z.number().int().openapi({ description: 'events whose three intervals are all within target' }),
});

export const EventTableSchema = z
  .object({
    items: z.array(SevenOneSevenSchema),
    trend: z.array(TrendPointSchema),
    bottlenecks: z.array(z.object({ code: z.string(), theme: z.string(), name: z.string(), nameEn: z.string(), events: z.number().int() })),
  })
  .openapi('SevenOneSevenTable');

export const EventTableQuerySchema = z.object({
  from: z.iso.date().optional().openapi({ description: 'events detected (or opened) from this district day' }),
  to: z.iso.date().optional(),
});

export const BottleneckListSchema = z.object({
  themes: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string() })),
  items: z.array(z.object({ code: z.string(), theme: z.string(), name: z.string(), nameEn: z.string() })),
});

export type SevenOneSevenView = z.infer<typeof SevenOneSevenSchema>;
export type RecordRef = z.infer<typeof RecordRefSchema>;
export type TrendPoint = z.infer<typeof TrendPointSchema>;

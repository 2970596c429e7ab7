/**
 * Schemas of event reports (event-based surveillance): what a township officer tells of a local event, and the
 * report as the API answers it. Bodies are `.strict()`.
 */
import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../platform/http/schemas.ts';
import { ALERT_STATUSES, EVENT_TYPES } from './alerts.tables.ts';

export const EventTypeSchema = z.enum(EVENT_TYPES).openapi('EventType', {
  description:
    'school_cluster, workplace_cluster, market (live-poultry or other market), gathering (banquet, festival), rumour, animal_deaths, other',
});

export const EventReportCreateSchema = z
  .object({
    eventType: EventTypeSchema,
    jurisdictionId: z.uuid().optional().openapi({
      description: "where it happened (the reporter's township or one of its communities); default: the reporter's own jurisdiction",
    }),
    place: z.string().trim().min(1, 'say where exactly (the school, the market …)').max(200).openapi({ example: '实验小学三年级二班' }),
    occurredAt: z.iso
      .datetime({ offset: true })
      .openapi({ description: 'when the first people fell ill or the event began', example: '2026-12-06T08:00:00+08:00' }),
    peopleAffected: z.number().int().min(0).max(100_000).openapi({ description: 'people ill or concerned, as told' }),
    deaths: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .optional()
      .openapi({ description: 'deaths (default 0); not more than the people affected' }),
    suspectedDiseaseId: z
      .uuid()
      .nullable()
      .optional()
      .openapi({ description: 'the disease suspected, if any (its catalogue entry sets the verification deadline)' }),
    description: z.string().trim().min(1, 'describe what happened').max(4000),
    source: z
      .string()
      .trim()
      .max(500)
      .optional()
      .openapi({ description: 'how the reporter learnt of it (the headteacher, the market manager, a post online)' }),
  })
  .strict()
  .openapi('EventReportCreate');
export type EventReportCreate = z.infer<typeof EventReportCreateSchema>;

export const EventReportListQuerySchema = PageQuery.extend({
  mine: z.enum(['true', 'false']).optional().openapi({ description: 'only the reports I made' }),
});
export type EventReportListQuery = z.infer<typeof EventReportListQuerySchema>;

const Named = z.object({ id: z.uuid(), name: z.string(), nameEn: z.string() });

export const EventReportSchema = z
  .object({
    id: z.uuid(),
    alertId: z.uuid(),
    alertCode: z.string(),
    alertStatus: z.enum(ALERT_STATUSES),
    eventType: EventTypeSchema,
    jurisdiction: Named.extend({ level: z.string() }),
    place: z.string(),
    occurredAt: z.string(),
    peopleAffected: z.number().int(),
    deaths: z.number().int(),
    suspectedDisease: Named.nullable(),
    description: z.string(),
    source: z.string(),
    reportedBy: z.object({ id: z.uuid(), displayName: z.string() }),
    createdAt: z.string(),
  })
  .openapi('EventReport');
export const EventReportListSchema = z.object({ items: z.array(EventReportSchema), total: z.number().int() }).openapi('EventReportList');

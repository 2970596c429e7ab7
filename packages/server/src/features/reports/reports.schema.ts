/**
 * Request and response schemas of situation reports and the command summary (zod: validation, types and the
 * OpenAPI document in one place). Bodies are `.strict()`: an unknown field is refused.
 */
import { z } from '@hono/zod-openapi';
import { REPORT_EVENTS, REPORT_STATUSES } from './reports.tables.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) => DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
export const LocalDateSchema = z.string().refine(isRealDate, { message: 'A date YYYY-MM-DD' }).openapi({ example: '2026-11-29' });

const text = (max: number) => z.string().max(max, { message: `At most ${max} characters` });
const count = z.number().int({ message: 'A whole number' }).min(0, { message: 'At least 0' }).nullable();

export const OccupancyEntrySchema = z
  .object({
    facilityId: z.string().uuid({ message: 'A facility id' }),
    bedsOccupied: count,
    icuBedsOccupied: count,
    isolationRoomsOccupied: count,
    roomsOccupied: count,
  })
  .strict();

export const ReportCreateSchema = z
  .object({
    incidentId: z.string().uuid({ message: 'An incident id' }),
    reportDate: LocalDateSchema,
  })
  .strict()
  .openapi('SituationReportCreate');

export const ReportPatchSchema = z
  .object({
    title: text(200).min(1, { message: 'A title is required' }).optional(),
    summary: text(20000).optional(),
    situation: text(20000).optional(),
    measures: text(20000).optional(),
    nextSteps: text(20000).optional(),
    occupancy: z.array(OccupancyEntrySchema).max(500).optional(),
    /** the version the editor started from: a stale save is refused (409) instead of overwriting another's work */
    version: z.number().int().min(1),
  })
  .strict()
  .openapi('SituationReportPatch');

export const ReportActionSchema = z
  .object({
    comment: text(2000).optional(),
  })
  .strict()
  .openapi('SituationReportAction');

export const ReportListQuerySchema = z.object({
  incidentId: z.string().uuid().optional(),
  status: z.enum(REPORT_STATUSES).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ReportPdfQuerySchema = z.object({
  /** a kept version to print instead of the current text */
  version: z.coerce.number().int().min(1).optional(),
});

// Figures are produced by the server (reports.figures.ts); their shape is documented there.
const FiguresSchema = z.record(z.string(), z.unknown()).openapi('SituationReportFigures');

export const ReportSummarySchema = z
  .object({
    id: z.string(),
    incidentId: z.string(),
    incidentCode: z.string(),
    incidentTitle: z.string(),
    jurisdictionId: z.string(),
    reportDate: z.string(),
    issueNo: z.number(),
    status: z.enum(REPORT_STATUSES),
    version: z.number(),
    title: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    approvedByName: z.string().nullable(),
  })
  .openapi('SituationReportSummary');

export const ReportSchema = ReportSummarySchema.extend({
  summary: z.string(),
  situation: z.string(),
  measures: z.string(),
  nextSteps: z.string(),
  figures: FiguresSchema,
  figuresGeneratedAt: z.string(),
  occupancy: z.array(OccupancyEntrySchema),
  reviewComment: z.string(),
  draftedByJob: z.boolean(),
  createdByName: z.string().nullable(),
  submittedByName: z.string().nullable(),
  versions: z.array(
    z.object({
      id: z.string(),
      version: z.number(),
      event: z.enum(REPORT_EVENTS),
      comment: z.string(),
      actorName: z.string().nullable(),
      createdAt: z.string(),
    }),
  ),
}).openapi('SituationReport');

export const ReportListSchema = z.object({ items: z.array(ReportSummarySchema), total: z.number() }).openapi('SituationReportList');

export const ReportVersionSchema = z
  .object({ id: z.string(), version: z.number(), event: z.enum(REPORT_EVENTS), comment: z.string(), content: z.record(z.string(), z.unknown()), createdAt: z.string() })
  .openapi('SituationReportVersion');

export const CommandSummarySchema = z.record(z.string(), z.unknown()).openapi('IncidentCommandSummary');

export type ReportCreate = z.infer<typeof ReportCreateSchema>;
export type ReportPatch = z.infer<typeof ReportPatchSchema>;
export type ReportListQuery = z.infer<typeof ReportListQuerySchema>;

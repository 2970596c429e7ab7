/**
 * Request and response schemas of situation reports and the command summary (zod: validation, types and the
 * OpenAPI document in one place). Bodies are `.strict()`: an unknown field is refused.
 */
import { z } from '@hono/zod-openapi';
import { OccupancyPictureSchema } from '../occupancy/index.ts';
import { ReportScenarioSchema } from './reports.scenario.ts';
import { ContactKpisSchema } from '../contacts/index.ts';
import { REPORT_EVENTS, REPORT_STATUSES } from './reports.tables.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: string) =>
  DATE.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
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
    scenarioId: z.uuid().nullable().optional().openapi({
      description: 'attach a saved stock scenario (GET /api/stock/scenarios; needs models.run) as a snapshot; null detaches it',
    }),
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

// Figures are produced by the server (reports.figures.ts, `ReportFigures`) and kept with the report as drafted.
// Described field by field so that clients are typed from this document (the web's schema.d.ts); fields added
// after the first reports were drafted are optional, since a stored report may lack them;
// reports.schema-contract.test.ts keeps this description and the producing type in step.
const LEVELS = ['I', 'II', 'III', 'IV'] as const;
const Named = z.object({ id: z.string(), name: z.string(), nameEn: z.string() });
const CapacityTotals = z.object({ beds: z.number(), icuBeds: z.number(), isolationRooms: z.number(), rooms: z.number() });
const RtFigureSchema = z.object({
  estimable: z.boolean(),
  reason: z.enum(['no_disease', 'no_serial_interval', 'too_few_cases']).nullable(),
  mean: z.number().nullable(),
  lower: z.number().nullable(),
  upper: z.number().nullable(),
  windowFrom: z.string(),
  windowTo: z.string(),
  casesInWindow: z.number(),
  serialInterval: z.object({ mean: z.number(), sd: z.number(), source: z.string() }).nullable(),
  seriesFrom: z.string().optional(),
  series: z.array(z.number()).optional(),
  incompleteDays: z.number().optional().openapi({ description: 'absent in figures drafted before it was recorded' }),
  reportingDelay: z
    .object({
      medianDays: z.number().nullable(),
      cases: z.number(),
      basis: z.enum(['disease', 'all_diseases', 'none']),
      lookbackDays: z.number(),
    })
    .optional(),
});
const FigureParts = {
  disease: z.object({ id: z.string(), code: z.string(), name: z.string(), nameEn: z.string() }).nullable(),
  area: Named,
  cases: z.object({
    cumulativeFrom: z.string(),
    townships: z.array(
      z.object({
        jurisdictionId: z.string().nullable(),
        name: z.string(),
        nameEn: z.string(),
        newReported: z.number(),
        newOnset: z.number(),
        cumulative: z.number(),
      }),
    ),
    totals: z.object({ newReported: z.number(), newOnset: z.number(), cumulative: z.number() }),
  }),
  trend: z.object({
    last7: z.number(),
    previous7: z.number(),
    changePct: z.number().nullable(),
    direction: z.enum(['up', 'down', 'flat']),
    daily: z.array(z.object({ date: z.string(), reported: z.number(), onset: z.number() })),
  }),
  rt: RtFigureSchema,
  alerts: z.array(
    z.object({
      id: z.string(),
      code: z.string(),
      title: z.string(),
      status: z.string(),
      warningLevel: z.string().nullable(),
      jurisdictionName: z.string(),
      jurisdictionNameEn: z.string(),
      diseaseNameEn: z.string().nullable().optional().openapi({ description: 'absent in reports drafted before it was recorded' }),
      source: z.boolean().optional().openapi({
        description: 'the alert the incident was opened from (listed first whatever its status); absent in reports drafted before issue 12',
      }),
    }),
  ),
  tasks: z.object({
    asOf: z.string(),
    byAssignee: z.array(
      z.object({
        assigneeKind: z.enum(['agency', 'jurisdiction', 'user']),
        assigneeId: z.string(),
        name: z.string(),
        nameEn: z.string(),
        total: z.number(),
        done: z.number(),
        open: z.number(),
        overdue: z.number(),
        rejected: z.number(),
      }),
    ),
    totals: z.object({ total: z.number(), done: z.number(), open: z.number(), overdue: z.number(), rejected: z.number() }),
    overdue: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        title: z.string(),
        status: z.string(),
        dueAt: z.string(),
        assigneeName: z.string(),
        assigneeNameEn: z.string(),
      }),
    ),
  }),
  facilities: z.object({
    items: z.array(
      Named.extend({ type: z.string(), beds: z.number(), icuBeds: z.number(), isolationRooms: z.number(), rooms: z.number() }),
    ),
    totals: CapacityTotals,
    occupancy: OccupancyPictureSchema.optional().openapi({
      description: 'what the facilities reported, as at the day (absent in older reports)',
    }),
  }),
  tracing: ContactKpisSchema.optional().openapi({
    description: "contact tracing KPIs of the area: the day's follow-up, cases of the last 7 days (absent in older reports)",
  }),
};
const FiguresSchema = z
  .object({
    reportDate: z.string(),
    generatedAt: z.string(),
    incident: z.object({
      id: z.string(),
      code: z.string(),
      title: z.string(),
      responseLevel: z.enum(LEVELS).nullable(),
      startedOn: z.string(),
    }),
    ...FigureParts,
  })
  .openapi('SituationReportFigures');

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
  scenario: ReportScenarioSchema.nullable().openapi({ description: 'the attached stock scenario, as attached (snapshot)' }),
  reviewComment: z.string(),
  draftedByJob: z.boolean(),
  createdByName: z.string().nullable(),
  submittedByName: z.string().nullable(),
  authorIds: z
    .array(z.string())
    .openapi({ description: 'who drafted, edited or submitted the report: none of them may approve it (four eyes)' }),
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
  .object({
    id: z.string(),
    version: z.number(),
    event: z.enum(REPORT_EVENTS),
    comment: z.string(),
    content: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
  })
  .openapi('SituationReportVersion');

export const CommandSummarySchema = z
  .object({
    incident: z.object({
      id: z.string(),
      code: z.string(),
      title: z.string(),
      status: z.enum(['open', 'closed']),
      responseLevel: z.enum(LEVELS).nullable(),
      startedOn: z.string(),
    }),
    today: z.string(),
    ...FigureParts,
    facilities: FigureParts.facilities.extend({
      occupancy: OccupancyPictureSchema.openapi({
        description: "today's picture: each facility's latest report, totals, rates, who has not reported",
      }),
      used: CapacityTotals.openapi({ description: "occupied, from the facilities' latest reports (rooms: none reported, 0)" }),
      occupancyFrom: z.null().openapi({ description: 'kept for older clients: occupancy no longer comes from a report' }),
    }),
    latestReport: z.object({ id: z.string(), reportDate: z.string(), status: z.enum(REPORT_STATUSES), issueNo: z.number() }).nullable(),
  })
  .openapi('IncidentCommandSummary');

/** The schemas above describe what the server produces: a change to either side that breaks this is a type error. */
export type FiguresDescribed = z.infer<typeof FiguresSchema>;
export type CommandSummaryDescribed = z.infer<typeof CommandSummarySchema>;

export type ReportCreate = z.infer<typeof ReportCreateSchema>;
export type ReportPatch = z.infer<typeof ReportPatchSchema>;
export type ReportListQuery = z.infer<typeof ReportListQuerySchema>;

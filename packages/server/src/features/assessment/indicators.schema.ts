/** Schemas of the indicators route (docs/assessment.md gives each definition). */
import { z } from '@hono/zod-openapi';

const share = z.number().nullable().openapi({ description: '0–1; null when there is nothing to count (incomplete)' });
const hours = z.number().nullable().openapi({ description: 'hours, 1 decimal; null when there is nothing to measure' });
const ref = { id: z.string(), code: z.string() };

export const IndicatorsQuerySchema = z.object({
  from: z.iso.date().openapi({ description: 'first district day of the period', example: '2026-01-01' }),
  to: z.iso.date().openapi({ description: 'last district day of the period (included)', example: '2026-12-31' }),
  townshipId: z.uuid().optional().openapi({ description: 'one township (or community) of your scope; default: your whole scope' }),
  incidentId: z.uuid().optional().openapi({ description: 'only the records of this incident (tasks, activation, attack rate)' }),
});
export type IndicatorsQuery = z.infer<typeof IndicatorsQuerySchema>;

const day = z.string().openapi({ description: 'district day YYYY-MM-DD' });

/** Stock-out days (indicators.stock-tracing.ts): site-item-days at zero stock in the period, up to today. */
const StockOutSchema = z.object({
  pairs: z.number().int().openapi({ description: 'sites and items kept (a ledger row by the day) in the area' }),
  pairsWithStockOut: z.number().int(),
  stockOutDays: z.number().int().openapi({ description: 'site-item-days at or below zero at some moment of the day' }),
  observedDays: z.number().int().openapi({ description: 'site-item-days observed (from the first ledger row, up to today)' }),
  share: share,
  records: z.array(
    z.object({
      facilityId: z.string(),
      facilityName: z.string(),
      facilityNameEn: z.string(),
      itemId: z.string(),
      itemCode: z.string(),
      itemName: z.string(),
      itemNameEn: z.string(),
      stockOutDays: z.number().int(),
      observedDays: z.number().int(),
      episodes: z.array(z.object({ from: day, to: day, days: z.number().int() })),
    }),
  ),
  truncated: z.boolean().openapi({ description: 'more than 500 records: the first 500 are listed' }),
});

/** Contact tracing (indicators.stock-tracing.ts): contacts of the cases reported in the period. */
const ContactTracingSchema = z.object({
  contacts: z.number().int().openapi({ description: 'first-degree contacts of the cases reported in the period' }),
  tracedWithin24h: z.number().int(),
  judged24h: z.number().int().openapi({ description: 'contacts traced, or whose 24 h have passed' }),
  tracedWithin24hShare: share,
  tracedWithin48h: z.number().int(),
  judged48h: z.number().int(),
  tracedWithin48hShare: share,
  medianHoursToFirstSeen: hours,
  conversions: z.number().int().openapi({ description: 'contacts who became suspected or confirmed cases' }),
  conversionShare: share,
  followUp: z.object({
    contacts: z.number().int(),
    dueDays: z.number().int().openapi({ description: 'contact-days due a follow-up (complete days, before today)' }),
    seenDays: z.number().int(),
    share: share,
    lastDay: day.nullable().openapi({ description: 'the last complete day counted (null: none in the period)' }),
  }),
  casesReported: z.number().int(),
  casesFromContacts: z.number().int().openapi({ description: 'cases that were a contact listed before their report' }),
  casesFromContactsShare: share,
  records: z.object({
    contacts: z.array(
      z.object({
        ...ref,
        caseId: z.string().nullable(),
        caseCode: z.string(),
        caseReportedAt: z.string(),
        firstSeenAt: z.string().nullable(),
        hoursToFirstSeen: hours,
        within24h: z.boolean().nullable().openapi({ description: 'null: not traced and the 24 h have not passed' }),
        within48h: z.boolean().nullable(),
        converted: z.boolean(),
        convertedCaseId: z.string().nullable(),
      }),
    ),
    followUps: z.array(z.object({ ...ref, dueDays: z.number().int(), seenDays: z.number().int() })),
    cases: z.array(z.object({ ...ref, reportedAt: z.string(), wasContact: z.boolean() })),
    truncated: z.boolean(),
  }),
});

export const IndicatorsSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    townshipId: z.string().nullable(),
    incidentId: z.string().nullable(),
    reportingTimeliness: z.object({
      groups: z.array(
        z.object({
          deadlineHours: z.number().int(),
          reports: z.number().int(),
          onTime: z.number().int(),
          late: z.number().int(),
          onTimeShare: share,
          medianDelayHours: hours,
        }),
      ),
      completeness: z
        .object({
          reports: z.number().int(),
          complete: z.number().int().openapi({ description: 'reports with every key field filled in' }),
          share: share,
          fields: z.array(
            z.object({
              field: z.enum(['onsetDate', 'sex', 'birthDate', 'idDocument', 'address', 'occupation']),
              filled: z.number().int(),
              share: share,
            }),
          ),
        })
        .openapi({ description: 'completeness of the case report cards of the period (key fields filled in)' }),
      records: z.array(
        z.object({
          ...ref,
          reportedAt: z.string(),
          delayHours: z.number(),
          deadlineHours: z.number().int(),
          onTime: z.boolean(),
          missing: z.array(z.string()).openapi({ description: 'the key fields left blank (names, never values)' }),
        }),
      ),
    }),
    alertVerification: z.object({
      alerts: z.number().int(),
      verified: z.number().int(),
      pending: z.number().int(),
      medianHours: hours,
      withDeadline: z.number().int(),
      withinDeadline: z.number().int(),
      withinShare: share,
      records: z.array(
        z.object({
          ...ref,
          title: z.string(),
          createdAt: z.string(),
          verifiedAt: z.string().nullable(),
          dueAt: z.string().nullable(),
          hours: hours,
          withinDeadline: z.boolean().nullable(),
        }),
      ),
    }),
    confirmationToActivation: z.object({
      incidents: z.number().int(),
      complete: z.number().int(),
      medianHours: hours,
      records: z.array(
        z.object({ ...ref, title: z.string(), confirmedAt: z.string().nullable(), activatedAt: z.string().nullable(), hours: hours }),
      ),
    }),
    taskOnTime: z.object({
      agencies: z.array(
        z.object({
          agencyId: z.string().nullable(),
          name: z.string().nullable(),
          nameEn: z.string().nullable(),
          judged: z.number().int(),
          onTime: z.number().int(),
          late: z.number().int(),
          overdue: z.number().int(),
          notYetDue: z.number().int(),
          rate: share,
        }),
      ),
      records: z.array(
        z.object({
          ...ref,
          title: z.string(),
          agencyId: z.string().nullable(),
          status: z.string(),
          dueAt: z.string(),
          completedAt: z.string().nullable(),
          verdict: z.enum(['on_time', 'late', 'overdue', 'not_yet_due']),
        }),
      ),
    }),
    events: z.array(
      z.object({
        ...ref,
        title: z.string(),
        cases: z.number().int(),
        deaths: z.number().int(),
        population: z.number().int().nullable(),
        attackRatePer100k: z.number().nullable().openapi({ description: 'null when the area has no population' }),
        caseFatalityRatio: share,
        records: z.array(z.object({ ...ref, died: z.boolean() })),
      }),
    ),
    stockOut: StockOutSchema,
    contactTracing: ContactTracingSchema,
  })
  .openapi('AssessmentIndicators');
export type IndicatorsView = z.infer<typeof IndicatorsSchema>;

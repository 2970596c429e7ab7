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
      records: z.array(
        z.object({ ...ref, reportedAt: z.string(), delayHours: z.number(), deadlineHours: z.number().int(), onTime: z.boolean() }),
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
  })
  .openapi('AssessmentIndicators');
export type IndicatorsView = z.infer<typeof IndicatorsSchema>;

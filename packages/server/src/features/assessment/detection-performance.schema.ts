/** Schemas of the detection performance (docs/assessment.md gives each definition). */
import { z } from '@hono/zod-openapi';

const share = z.number().nullable().openapi({ description: '0–1, 3 decimals; null when there is nothing to count (incomplete)' });

export const DetectionPerformanceQuerySchema = z.object({
  from: z.iso.date().openapi({ description: 'first district day of the period', example: '2026-01-01' }),
  to: z.iso.date().openapi({ description: 'last district day of the period (included)', example: '2026-12-31' }),
  townshipId: z.uuid().optional().openapi({ description: 'one township (or community) of your scope; default: your whole scope' }),
  diseaseId: z.uuid().optional(),
});
export type DetectionPerformanceQuery = z.infer<typeof DetectionPerformanceQuerySchema>;

const figures = {
  signals: z.number().int(),
  trueAlarms: z.number().int().openapi({ description: 'signals whose alert was confirmed as an event or opened an incident' }),
  falseAlarms: z.number().int().openapi({ description: 'signals whose alert was discarded or closed without confirmation' }),
  pending: z.number().int().openapi({ description: 'signals whose alert is still being verified (not judged)' }),
  ppv: share.openapi({ description: 'positive predictive value: true / (true + false)' }),
  events: z.number().int(),
  detected: z.number().int(),
  pod: share.openapi({ description: 'probability of detection: events detected by a signal / events' }),
  weeks: z.number().int(),
  quietWeeks: z.number().int().openapi({ description: 'weeks with no verified event under way' }),
  alarmedQuietWeeks: z.number().int(),
  fpr: share.openapi({ description: 'false positive rate: quiet weeks with a signal / quiet weeks' }),
  medianLeadDays: z
    .number()
    .nullable()
    .openapi({ description: 'median days from the first signal to the event being recognised (detected events)' }),
};

export const DetectionPerformanceSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    townshipId: z.string().nullable(),
    windowDays: z.number().int().openapi({ description: 'a signal counts for an event from this many days before it was recognised' }),
    diseases: z.array(
      z.object({
        diseaseId: z.string(),
        name: z.string(),
        nameEn: z.string(),
        defaultMethod: z.string().openapi({ description: "the method detection runs for the disease (the catalogue's)" }),
        ...figures,
        methods: z.array(z.object({ method: z.string(), ...figures })),
        eventRecords: z.array(
          z.object({
            kind: z.enum(['incident', 'alert']),
            id: z.string(),
            code: z.string(),
            title: z.string(),
            recognisedAt: z.string(),
            detected: z.boolean(),
            methods: z.array(z.string()),
            firstSignalDay: z.string().nullable(),
          }),
        ),
        signalRecords: z
          .array(
            z.object({
              id: z.string(),
              method: z.string(),
              periodEnd: z.string(),
              verdict: z.enum(['true_alarm', 'false_alarm', 'pending']),
              alert: z.object({ id: z.string(), code: z.string(), status: z.string() }).nullable(),
            }),
          )
          .openapi({ description: 'listed only to readers holding signals.read over them' }),
      }),
    ),
  })
  .openapi('DetectionPerformance');
export type DetectionPerformanceView = z.infer<typeof DetectionPerformanceSchema>;

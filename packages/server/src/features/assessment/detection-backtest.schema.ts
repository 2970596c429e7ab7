/** Schemas of the detection back-test on the district's own history (docs/assessment.md, "Back-test of the methods in use"). */
import { z } from '@hono/zod-openapi';

const share = z.number().nullable().openapi({ description: '0–1, 3 decimals; null when there is nothing to count (incomplete)' });

export const DetectionBacktestQuerySchema = z.object({
  years: z.coerce
    .number()
    .int()
    .min(1)
    .max(3)
    .default(2)
    .openapi({ description: 'back-test window in years of 52 district weeks, ending on the last Sunday (district day); 1–3, default 2' }),
  diseaseId: z.uuid().optional().openapi({ description: 'one disease; default: every disease with a temporal method in use' }),
});
export type DetectionBacktestQuery = z.infer<typeof DetectionBacktestQuerySchema>;

const FiguresSchema = z.object({
  events: z.number().int().openapi({ description: 'recorded outbreaks concerning the series replayed' }),
  detected: z.number().int().openapi({ description: 'outbreaks with an alarm in one of their outbreak weeks' }),
  detectedFirstWeek: z.number().int().openapi({ description: 'outbreaks alarmed no later than the week of their start' }),
  pod: share.openapi({ description: 'probability of detection: detected / events' }),
  firstWeekPod: share.openapi({ description: 'detectedFirstWeek / events' }),
  outbreakWeeks: z.number().int().openapi({ description: 'place-weeks under a recorded outbreak (with the lead week)' }),
  quietWeeks: z.number().int().openapi({ description: 'place-weeks under no recorded outbreak' }),
  falseAlarmWeeks: z.number().int().openapi({ description: 'quiet place-weeks with at least one alarm' }),
  fpr: share.openapi({ description: 'false positive rate: falseAlarmWeeks / quietWeeks' }),
  alarmWeeks: z.number().int().openapi({ description: 'place-weeks with at least one alarm' }),
  alarmsPerYear: z.number().nullable().openapi({ description: 'alarmWeeks per year of the window (1 decimal)' }),
  falseAlarmsPerYear: z.number().nullable().openapi({ description: 'falseAlarmWeeks per year of the window (1 decimal)' }),
  medianDelayDays: z
    .number()
    .nullable()
    .openapi({ description: "median days from a detected outbreak's start to its first alarm (0 when the alarm came first)" }),
});

export const DetectionBacktestSchema = z
  .object({
    from: z.string().openapi({ description: 'first day of the window (a Monday)' }),
    to: z.string().openapi({ description: 'last day of the window (a Sunday)' }),
    years: z.number().int(),
    weeks: z.number().int(),
    leadDays: z.number().int().openapi({ description: "an outbreak's weeks start this many days before its recorded start" }),
    ms: z.number().int().openapi({ description: 'server time spent' }),
    replays: z.number().int().openapi({ description: 'settings and variants replayed' }),
    cachedReplays: z.number().int().openapi({ description: 'of which answered from the cache (same counts, same setting)' }),
    diseases: z.array(
      z.object({
        diseaseId: z.string(),
        name: z.string(),
        nameEn: z.string(),
        /** the verdict on the setting in use that the others are compared with */
        variants: z.array(
          z.object({
            key: z.string(),
            kind: z.enum(['in_use', 'stricter', 'looser', 'alternative']),
            configId: z.string().nullable().openapi({ description: 'the detection setting (in use) or the one varied' }),
            method: z.string(),
            parameters: z.record(z.string(), z.unknown()),
            knob: z
              .object({ name: z.string(), from: z.number(), to: z.number() })
              .nullable()
              .openapi({ description: 'stricter / looser: the parameter changed' }),
            level: z.enum(['township', 'district']),
            dateBasis: z.string(),
            places: z.number().int().openapi({ description: 'series replayed (within your scope)' }),
            error: z.string().nullable().openapi({ description: 'why the method could not be evaluated (figures then null)' }),
            ...FiguresSchema.shape,
            detections: z.array(
              z.object({
                eventKey: z.string(),
                firstAlarmDay: z.string(),
                delayDays: z.number().int(),
                firstWeek: z.boolean(),
              }),
            ),
            falseAlarms: z
              .array(
                z.object({
                  week: z.string().openapi({ description: 'Monday of the district week' }),
                  placeId: z.string(),
                  placeName: z.string(),
                  placeNameEn: z.string(),
                  alarmDays: z.number().int(),
                  cases: z.number().openapi({ description: 'cases counted in that place and week (aggregate)' }),
                }),
              )
              .openapi({ description: 'the quiet place-weeks that alarmed' }),
          }),
        ),
        events: z.array(
          z.object({
            key: z.string(),
            kind: z.enum(['incident', 'alert']),
            id: z.string().nullable().openapi({ description: 'null when the record lies outside your scope (counted, not shown)' }),
            code: z.string().nullable(),
            title: z.string().nullable(),
            start: z.string(),
            end: z.string(),
            ongoing: z.boolean(),
            placeName: z.string(),
            placeNameEn: z.string(),
          }),
        ),
      }),
    ),
  })
  .openapi('DetectionBacktest');
export type DetectionBacktestView = z.infer<typeof DetectionBacktestSchema>;

export const DetectionBacktestSettingsSchema = z
  .object({
    windows: z.array(z.object({ years: z.number().int(), from: z.string(), to: z.string() })),
    diseases: z.array(
      z.object({
        diseaseId: z.string(),
        name: z.string(),
        nameEn: z.string(),
        settings: z.array(
          z.object({
            configId: z.string(),
            method: z.string(),
            level: z.enum(['township', 'district']),
            places: z.number().int().openapi({ description: 'series within your scope' }),
          }),
        ),
      }),
    ),
  })
  .openapi('DetectionBacktestSettings');
export type DetectionBacktestSettingsView = z.infer<typeof DetectionBacktestSettingsSchema>;

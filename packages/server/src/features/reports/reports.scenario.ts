/**
 * A stock scenario attached to a situation report (issue 14, docs/stock.md): the logistics officer saves a "what
 * if" scenario (stock feature), the report's drafter attaches it, and the report keeps a SNAPSHOT of what the
 * leaders need — horizon, hospital-bed peak against capacity, and per item the stock, incoming deliveries and the
 * stock-out date — so the approved report and its PDF stay as approved even if the scenario is deleted later.
 * The saved result is the browser's projection (DistrictScenarioResult of @outbreak/epimodels), stored opaque:
 * it is read here defensively, and a result without the expected shape is refused, not half-printed.
 */
import { z } from '@hono/zod-openapi';
import type { Principal } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import { getScenarioFor } from '../stock/index.ts';

const num = z.number().finite();
const SavedResult = z.object({
  startDate: z.string(),
  days: z.number().int().min(1),
  totalInfections: num,
  hospitalPeak: num,
  hospitalPeakDay: z.number().int().min(0),
  icuPeak: num,
  capacity: z.object({ beds: num, icuBeds: num }),
  firstDayOverBeds: z.number().int().nullable(),
  items: z
    .array(
      z.object({
        itemId: z.string(),
        name: z.string(),
        nameEn: z.string(),
        unit: z.string(),
        unitEn: z.string(),
        stock: num,
        incoming: num,
        totalUse: num,
        runOutDay: z.number().int().nullable(),
        stockOutOn: z.string().nullable(),
      }),
    )
    .max(500),
});

/** What the report keeps of an attached scenario (also the API's shape). */
export const ReportScenarioSchema = z
  .object({
    scenarioId: z.uuid(),
    name: z.string(),
    savedAt: z.string(),
    savedByName: z.string(),
    attachedAt: z.string(),
    startDate: z.string().openapi({ description: 'first day of the projection (district date)' }),
    days: z.number().int().openapi({ description: 'horizon in days' }),
    totalInfections: z.number(),
    hospitalPeak: z.number().openapi({ description: 'peak hospital beds needed' }),
    hospitalPeakDay: z.number().int(),
    icuPeak: z.number(),
    capacity: z.object({ beds: z.number(), icuBeds: z.number() }),
    firstDayOverBeds: z.number().int().nullable(),
    items: z.array(
      z.object({
        itemId: z.string(),
        name: z.string(),
        nameEn: z.string(),
        unit: z.string(),
        unitEn: z.string(),
        stock: z.number(),
        incoming: z.number(),
        totalUse: z.number(),
        runOutDay: z
          .number()
          .int()
          .nullable()
          .openapi({ description: 'first day the stock cannot meet the use, null: not within the horizon' }),
        stockOutOn: z.string().nullable(),
      }),
    ),
  })
  .openapi('SituationReportScenario');
export type ReportScenario = z.infer<typeof ReportScenarioSchema>;

/**
 * The snapshot of a saved scenario the principal may read (models.run, in their area), to attach to a report.
 * A scenario that does not exist, lies outside the area, or that the drafter may not read answers alike (400 on
 * `scenarioId`: no existence leak); items are ordered by stock-out (soonest first, none last).
 */
export async function scenarioSnapshot(
  database: Database,
  principal: Principal,
  scenarioId: string,
  now = new Date(),
): Promise<ReportScenario> {
  let saved: Awaited<ReturnType<typeof getScenarioFor>>;
  try {
    saved = await getScenarioFor(database, principal, scenarioId);
  } catch (error) {
    if (error instanceof AppError && (error.id === 'not_found' || error.id === 'forbidden'))
      throw validationFailed([{ path: 'scenarioId', message: 'not a saved scenario you can read' }]);
    throw error;
  }
  const parsed = SavedResult.safeParse(saved.result);
  if (!parsed.success) throw validationFailed([{ path: 'scenarioId', message: 'the saved scenario has no projection to attach' }]);
  const r = parsed.data;
  const order = (d: number | null) => (d === null ? Number.POSITIVE_INFINITY : d);
  return {
    scenarioId: saved.id,
    name: saved.name,
    savedAt: saved.createdAt,
    savedByName: saved.createdByName,
    attachedAt: now.toISOString(),
    startDate: r.startDate,
    days: r.days,
    totalInfections: r.totalInfections,
    hospitalPeak: r.hospitalPeak,
    hospitalPeakDay: r.hospitalPeakDay,
    icuPeak: r.icuPeak,
    capacity: r.capacity,
    firstDayOverBeds: r.firstDayOverBeds,
    items: [...r.items]
      .sort((a, b) => order(a.runOutDay) - order(b.runOutDay) || a.name.localeCompare(b.name))
      .map((i) => ({
        itemId: i.itemId,
        name: i.name,
        nameEn: i.nameEn,
        unit: i.unit,
        unitEn: i.unitEn,
        stock: i.stock,
        incoming: i.incoming,
        totalUse: i.totalUse,
        runOutDay: i.runOutDay,
        stockOutOn: i.stockOutOn,
      })),
  };
}

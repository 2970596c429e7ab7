/**
 * Exercise stock shocks (docs/stock.md "Exercises", docs/exercises.md): an exercise's inject simulates a stock
 * event at a site — usable stock lost (spoiled, recalled, stolen) and/or a spike in daily use — so that the
 * logistics side practises its answer (a request, a transfer, a dispatch) on the figures the event would give.
 *
 * A shock is never a movement: nothing is written to the ledger or the balances, so every real figure (the stock
 * page's summary, warnings, forecasts, scenarios, dispatch notes, reports) stays exactly as it was. The shock is a
 * row of its own, marked with its exercise, holding the site's real figures when it fired and the exercise's
 * picture of them; the stock page lists the live ones under the 演练 EXERCISE tag, and the holders of
 * `resources.manage` over the site get an inbox message that notify() marks as the exercise's (entity type
 * `stock_shock`, answered by the exercises feature through the `notifications.exercise-of` hook) and keeps off
 * every outbound channel but the exercise's test channel.
 *
 * Stock sits below exercises (response layer under the read models): exercises calls these functions through the
 * public entry; stock knows an exercise only by its id.
 *
 * @example
 * const { shockId, picture } = await applyExerciseStockShock(tx, { exerciseId, injectId, title: '口罩受潮报废',
 *   content: { itemId, facilityId, lossQuantity: 400, extraDailyUse: 0 }, actorId: null, now });
 */
import { and, desc, eq, isNull } from 'drizzle-orm';
import { inScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { validationFailed } from '../../platform/errors.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { notify } from '../notifications/index.ts';
import { coverOf, USE_WINDOW_DAYS } from './stock.service.ts';
import { facilitiesById, findSite, itemsById, minimums, stockTotals, usedSince } from './stock.store.ts';
import { type ExerciseStockPicture, stockBalances, stockExerciseShocks, stockItems, stockMinimums } from './stock.tables.ts';

/** What a stock-shock inject says: the item and site, the units lost, the extra units used a day. */
export interface StockShockContent {
  itemId: string;
  facilityId: string;
  lossQuantity: number;
  extraDailyUse: number;
}

/**
 * The site's real figures for the item and the exercise's picture: usable less the loss (never below 0), the
 * real use rate (last 28 days) plus the extra, and days of cover and stock-out day of each (coverOf).
 * Example: 1000 usable, 20 a day, loss 400, extra 30 a day → 600 usable at 50 a day: 12 days of cover (50 real).
 */
export async function exerciseStockPicture(
  db: Executor,
  shock: { itemId: string; facilityId: string; lossQuantity: number; extraDailyUse: number },
  now = new Date(),
): Promise<ExerciseStockPicture> {
  const today = districtToday(now);
  const [totals, mins, used] = await Promise.all([
    stockTotals(db, and(eq(stockBalances.itemId, shock.itemId), eq(stockBalances.facilityId, shock.facilityId))!, today, today),
    minimums(db, and(eq(stockMinimums.itemId, shock.itemId), eq(stockMinimums.facilityId, shock.facilityId))!),
    usedSince(db, new Date(now.getTime() - USE_WINDOW_DAYS * 86_400_000), [shock.facilityId]),
  ]);
  const usable = Number(totals[0]?.usable ?? 0);
  const minimum = mins[0]?.minimum ?? null;
  const realUse = Number(used.find((u) => u.itemId === shock.itemId)?.used ?? 0) / USE_WINDOW_DAYS;
  const exerciseUsable = Math.max(0, usable - shock.lossQuantity);
  const exerciseUse = realUse + shock.extraDailyUse;
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    date: today,
    minimum,
    real: { usable, dailyUse: round(realUse), ...coverOf(usable, realUse, today), belowMinimum: minimum !== null && usable < minimum },
    exercise: {
      usable: exerciseUsable,
      dailyUse: round(exerciseUse),
      ...coverOf(exerciseUsable, exerciseUse, today),
      belowMinimum: minimum !== null && exerciseUsable < minimum,
    },
  };
}

/** Checks a stock-shock inject at planning time: an active item, a site in the exercise's area, something to shock. */
export async function checkStockShockContent(tx: Executor, areaPath: string, content: StockShockContent, path: string): Promise<void> {
  const [item] = await tx
    .select({ id: stockItems.id, active: stockItems.active })
    .from(stockItems)
    .where(eq(stockItems.id, content.itemId));
  if (!item?.active) throw validationFailed([{ path: `${path}.content.itemId`, message: 'No such item in the catalogue' }]);
  const site = await findSite(tx, content.facilityId);
  if (!site?.jurisdictionPath.startsWith(areaPath))
    throw validationFailed([{ path: `${path}.content.facilityId`, message: "No such site in the exercise's area" }]);
  if (!(content.lossQuantity > 0) && !(content.extraDailyUse > 0))
    throw validationFailed([{ path: `${path}.content.lossQuantity`, message: 'A stock shock needs a loss or an extra daily use' }]);
}

/**
 * Fires a stock shock in the inject's transaction: the row (with its picture) and the exercise-marked message to
 * the site's logistics (resources.manage over the site). Writes nothing of the ledger or balances.
 */
export async function applyExerciseStockShock(
  tx: Tx,
  input: { exerciseId: string; injectId: string | null; title: string; content: StockShockContent; actorId: string | null; now: Date },
): Promise<{ shockId: string; picture: ExerciseStockPicture; notified: number }> {
  const { content, now } = input;
  const site = await findSite(tx, content.facilityId);
  const item = (await itemsById(tx, [content.itemId])).get(content.itemId);
  if (!site || !item) throw validationFailed([{ path: 'content', message: 'The item or site of the stock shock is gone' }]);
  const picture = await exerciseStockPicture(tx, content, now);
  const [row] = await tx
    .insert(stockExerciseShocks)
    .values({
      exerciseId: input.exerciseId,
      injectId: input.injectId,
      title: input.title,
      itemId: content.itemId,
      facilityId: content.facilityId,
      jurisdictionId: site.jurisdictionId,
      lossQuantity: content.lossQuantity,
      extraDailyUse: String(content.extraDailyUse),
      picture,
      createdBy: input.actorId,
      createdAt: now,
    })
    .returning({ id: stockExerciseShocks.id });
  const e = picture.exercise;
  const cover = e.daysOfCover === null ? '—' : String(e.daysOfCover);
  const sent = await notify(tx, {
    recipients: { right: 'resources.manage', jurisdictionId: site.jurisdictionId },
    kind: 'stock.exercise_shock',
    severity: e.belowMinimum || (e.daysOfCover !== null && e.daysOfCover < 3) ? 'critical' : 'warning',
    title: `物资冲击：${site.name} ${item.name} 可用 ${e.usable}${item.unit}，保障 ${cover} 天（${input.title}）`,
    titleEn: `Stock shock: ${site.nameEn} ${item.nameEn} usable ${e.usable} ${item.unitEn}, ${cover} days of cover (${input.title})`,
    body: `损失 ${content.lossQuantity}${item.unit}，日用量增加 ${content.extraDailyUse}${item.unit}。实际库存未变动，仅为演练情景。`,
    bodyEn: `Lost ${content.lossQuantity} ${item.unitEn}, ${content.extraDailyUse} ${item.unitEn} more used a day. Real stock is unchanged: exercise scenario only.`,
    link: `/stock?exerciseId=${input.exerciseId}`,
    entity: { type: 'stock_shock', id: row!.id },
    actorId: null,
  });
  return { shockId: row!.id, picture, notified: sent.userIds.length };
}

/** When the exercise is closed: its shocks are archived (kept as its record, no longer shown as live). */
export async function archiveExerciseStockShocks(tx: Tx, exerciseId: string, now: Date): Promise<number> {
  const rows = await tx
    .update(stockExerciseShocks)
    .set({ archivedAt: now })
    .where(and(eq(stockExerciseShocks.exerciseId, exerciseId), isNull(stockExerciseShocks.archivedAt)))
    .returning({ id: stockExerciseShocks.id });
  return rows.length;
}

/**
 * GET /api/stock/exercise-shocks: the exercise stock shocks at sites in the reader's area (stock.read), live ones
 * only unless `exerciseId` names one exercise (then its archived ones too), newest first. Each says `exercise: true`.
 */
export async function exerciseShocksFor(database: Database, principal: Principal, query: { exerciseId?: string }) {
  const scope = scopeFor(principal, 'stock.read');
  const rows = await database.db
    .select()
    .from(stockExerciseShocks)
    .where(
      and(
        inScope(scope, stockExerciseShocks.jurisdictionId),
        query.exerciseId ? eq(stockExerciseShocks.exerciseId, query.exerciseId) : isNull(stockExerciseShocks.archivedAt),
      ),
    )
    .orderBy(desc(stockExerciseShocks.createdAt))
    .limit(200);
  const items = await itemsById(database.db, [...new Set(rows.map((r) => r.itemId))]);
  const sites = await facilitiesById(database.db, [...new Set(rows.map((r) => r.facilityId))]);
  return {
    items: rows.map((r) => {
      const item = items.get(r.itemId)!;
      const site = sites.get(r.facilityId)!;
      return {
        id: r.id,
        exercise: true as const,
        exerciseId: r.exerciseId,
        title: r.title,
        itemId: r.itemId,
        itemName: item.name,
        itemNameEn: item.nameEn,
        unit: item.unit,
        unitEn: item.unitEn,
        facilityId: r.facilityId,
        facilityName: site.name,
        facilityNameEn: site.nameEn,
        jurisdictionId: r.jurisdictionId,
        lossQuantity: r.lossQuantity,
        extraDailyUse: Number(r.extraDailyUse),
        picture: r.picture,
        createdAt: r.createdAt.toISOString(),
        archived: r.archivedAt !== null,
      };
    }),
  };
}

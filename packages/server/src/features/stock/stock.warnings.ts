/**
 * Warnings of stock through the notifications (docs/stock.md), sent by the hourly job 'stock.warnings':
 * - below minimum stock of an item at a site (once a day per item and site);
 * - a lot expiring within `expiringDays` (once per lot and site);
 * - a request past its needed-by day and not finished (once per request);
 * - a forecast stock-out within `forecastDays` at the last 28 days' use rate (once a day per item and site).
 * Each warning is claimed in stock_warnings in the same transaction as its notification, so a restart or a second
 * worker does not repeat it. Recipients: holders of resources.manage over the site (expiry, minimum, forecast), and
 * of stock.approve over the requester's place plus the requester (overdue).
 */
import { and, eq, gt, gte, inArray, lt, lte } from 'drizzle-orm';
import type { Scope } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { notify } from '../notifications/index.ts';
import { facilities } from '../registry/index.ts';
import { stockPicture } from './stock.service.ts';
import { OPEN_REQUEST_STATUSES, stockBalances, stockItems, stockRequests, stockWarnings, type WarningKind } from './stock.tables.ts';

export interface WarningOptions {
  expiringDays: number;
  forecastDays: number;
}
export const WARNING_DEFAULTS: WarningOptions = { expiringDays: 30, forecastDays: 14 };

/** Claims a warning (kind, subject); `daily`: once per day, else once ever. False when already sent. */
async function claim(tx: Tx, kind: WarningKind, subject: string, today: string, daily: boolean): Promise<boolean> {
  if (!daily) {
    const [seen] = await tx
      .select({ s: stockWarnings.subject })
      .from(stockWarnings)
      .where(and(eq(stockWarnings.kind, kind), eq(stockWarnings.subject, subject)));
    if (seen) return false;
  }
  const rows = await tx.insert(stockWarnings).values({ kind, subject, sentOn: today }).onConflictDoNothing().returning();
  return rows.length > 0;
}

/** Sends the warnings due at `now`; returns how many of each kind were sent. */
export async function sendStockWarnings(database: Database, now: Date, options: Partial<WarningOptions> = {}) {
  const o = { ...WARNING_DEFAULTS, ...options } satisfies WarningOptions;
  const today = districtToday(now);
  const sent: Record<WarningKind, number> = { below_minimum: 0, expiring: 0, request_overdue: 0, stock_out_forecast: 0 };
  const everywhere: Scope = { right: 'stock.read', paths: ['/'] };
  const picture = await stockPicture(database.db, everywhere, { expiringDays: o.expiringDays }, now);
  for (const r of picture.rows) {
    const subject = `${r.itemId}|${r.facilityId}`;
    if (r.belowMinimum)
      await database.db.transaction(async (tx) => {
        if (!(await claim(tx, 'below_minimum', subject, today, true))) return;
        sent.below_minimum++;
        await notify(tx, {
          recipients: { right: 'resources.manage', jurisdictionId: r.jurisdictionId },
          kind: 'stock.below_minimum',
          severity: 'warning',
          title: `库存低于下限：${r.facilityName} ${r.itemName} ${r.quantity}/${r.minimum} ${r.unit}`,
          titleEn: `Below minimum stock: ${r.facilityNameEn} ${r.itemNameEn} ${r.quantity}/${r.minimum} ${r.unitEn}`,
          link: `/stock?facilityId=${r.facilityId}`,
          entity: { type: 'facility', id: r.facilityId },
        });
      });
    if (r.daysOfCover !== null && r.daysOfCover < o.forecastDays && r.quantity > 0)
      await database.db.transaction(async (tx) => {
        if (!(await claim(tx, 'stock_out_forecast', subject, today, true))) return;
        sent.stock_out_forecast++;
        await notify(tx, {
          recipients: { right: 'resources.manage', jurisdictionId: r.jurisdictionId },
          kind: 'stock.stock_out_forecast',
          severity: r.daysOfCover! < 3 ? 'critical' : 'warning',
          title: `预计断货：${r.facilityName} ${r.itemName} 约 ${r.daysOfCover} 天后（${r.stockOutOn}）`,
          titleEn: `Forecast stock-out: ${r.facilityNameEn} ${r.itemNameEn} in about ${r.daysOfCover} days (${r.stockOutOn})`,
          link: `/stock?facilityId=${r.facilityId}`,
          entity: { type: 'facility', id: r.facilityId },
        });
      });
  }
  const expiring = await database.db
    .select({
      itemId: stockBalances.itemId,
      facilityId: stockBalances.facilityId,
      jurisdictionId: stockBalances.jurisdictionId,
      lot: stockBalances.lot,
      expiresOn: stockBalances.expiresOn,
      quantity: stockBalances.quantity,
      itemName: stockItems.name,
      itemNameEn: stockItems.nameEn,
      facilityName: facilities.name,
      facilityNameEn: facilities.nameEn,
    })
    .from(stockBalances)
    .innerJoin(stockItems, eq(stockItems.id, stockBalances.itemId))
    .innerJoin(facilities, eq(facilities.id, stockBalances.facilityId))
    .where(
      and(
        gt(stockBalances.quantity, 0),
        gte(stockBalances.expiresOn, today),
        lte(stockBalances.expiresOn, districtToday(now, -o.expiringDays)),
      ),
    );
  for (const e of expiring)
    await database.db.transaction(async (tx) => {
      if (!(await claim(tx, 'expiring', `${e.itemId}|${e.facilityId}|${e.lot}`, today, false))) return;
      sent.expiring++;
      await notify(tx, {
        recipients: { right: 'resources.manage', jurisdictionId: e.jurisdictionId },
        kind: 'stock.expiring',
        severity: 'warning',
        title: `批次临近有效期：${e.facilityName} ${e.itemName} 批号 ${e.lot}，${e.quantity} 件，${e.expiresOn} 到期`,
        titleEn: `Lot expiring: ${e.facilityNameEn} ${e.itemNameEn} lot ${e.lot}, ${e.quantity} on ${e.expiresOn}`,
        link: `/stock?facilityId=${e.facilityId}&itemId=${e.itemId}`,
        entity: { type: 'facility', id: e.facilityId },
      });
    });
  const overdue = await database.db
    .select()
    .from(stockRequests)
    .where(and(inArray(stockRequests.status, [...OPEN_REQUEST_STATUSES]), lt(stockRequests.neededBy, today)));
  for (const r of overdue)
    await database.db.transaction(async (tx) => {
      if (!(await claim(tx, 'request_overdue', r.id, today, false))) return;
      sent.request_overdue++;
      await notify(tx, {
        recipients: { right: 'stock.approve', jurisdictionId: r.jurisdictionId, userIds: [r.createdBy] },
        kind: 'stock.request_overdue',
        severity: 'warning',
        title: `物资申请 ${r.code} 已超过需求日期（${r.neededBy}）`,
        titleEn: `Material request ${r.code} is past its needed-by day (${r.neededBy})`,
        link: `/stock/requests/${r.id}`,
        entity: { type: 'stock_request', id: r.id },
      });
    });
  return sent;
}

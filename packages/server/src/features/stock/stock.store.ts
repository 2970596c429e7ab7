/**
 * Every query of stock (items, sites, balances, movements, the summary), scoped by the caller's scope over the
 * sites' jurisdictions.
 */
import { type SQL, and, asc, count, desc, eq, gt, gte, inArray, lt, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { inScope, type Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { facilities } from '../registry/index.ts';
import {
  type ItemCategory,
  stockBalances,
  stockItems,
  stockLedger,
  stockMinimums,
  stockMovements,
  stockRequestLines,
  stockRequests,
  type StockItemRow,
  type MovementKind,
} from './stock.tables.ts';

export function presentItem(i: StockItemRow) {
  return {
    id: i.id,
    code: i.code,
    name: i.name,
    nameEn: i.nameEn,
    category: i.category,
    unit: i.unit,
    unitEn: i.unitEn,
    packSize: i.packSize,
    shelfLifeDays: i.shelfLifeDays,
    storageClass: i.storageClass,
    consumption: { perCase: Number(i.perCase), perBedDay: Number(i.perBedDay), perStaffDay: Number(i.perStaffDay) },
    active: i.active,
  };
}

export async function listItems(db: Executor, query: { category?: ItemCategory; includeInactive?: boolean }) {
  const where: SQL[] = [];
  if (query.category) where.push(eq(stockItems.category, query.category));
  if (!query.includeInactive) where.push(eq(stockItems.active, true));
  return db
    .select()
    .from(stockItems)
    .where(and(...where))
    .orderBy(asc(stockItems.category), asc(stockItems.code));
}

export interface StockSite {
  id: string;
  name: string;
  nameEn: string;
  type: string;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  jurisdictionPath: string;
}

const siteColumns = {
  id: facilities.id,
  name: facilities.name,
  nameEn: facilities.nameEn,
  type: facilities.type,
  jurisdictionId: facilities.jurisdictionId,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
  jurisdictionPath: jurisdictions.path,
};

/** Sites (facilities) in scope: warehouses first, then by name. */
export async function listSites(db: Executor, scope: Scope): Promise<StockSite[]> {
  return db
    .select(siteColumns)
    .from(facilities)
    .innerJoin(jurisdictions, eq(jurisdictions.id, facilities.jurisdictionId))
    .where(inScope(scope, facilities.jurisdictionId))
    .orderBy(sql`${facilities.type} <> 'warehouse'`, asc(facilities.name));
}

/** A site by id, whatever the scope (the caller checks it). */
export async function findSite(db: Executor, id: string): Promise<StockSite | undefined> {
  const [row] = await db
    .select(siteColumns)
    .from(facilities)
    .innerJoin(jurisdictions, eq(jurisdictions.id, facilities.jurisdictionId))
    .where(eq(facilities.id, id));
  return row;
}

/** Lots held, with item and site names, in scope. */
export async function listBalances(db: Executor, scope: Scope, query: { itemId?: string; facilityId?: string; includeEmpty?: boolean }) {
  const where: SQL[] = [inScope(scope, stockBalances.jurisdictionId)];
  if (query.itemId) where.push(eq(stockBalances.itemId, query.itemId));
  if (query.facilityId) where.push(eq(stockBalances.facilityId, query.facilityId));
  if (!query.includeEmpty) where.push(gt(stockBalances.quantity, 0));
  return db
    .select({
      itemId: stockBalances.itemId,
      facilityId: stockBalances.facilityId,
      lot: stockBalances.lot,
      expiresOn: stockBalances.expiresOn,
      quantity: stockBalances.quantity,
      itemName: stockItems.name,
      itemNameEn: stockItems.nameEn,
      unit: stockItems.unit,
      unitEn: stockItems.unitEn,
      facilityName: facilities.name,
      facilityNameEn: facilities.nameEn,
    })
    .from(stockBalances)
    .innerJoin(stockItems, eq(stockItems.id, stockBalances.itemId))
    .innerJoin(facilities, eq(facilities.id, stockBalances.facilityId))
    .where(and(...where))
    .orderBy(asc(facilities.name), asc(stockItems.code), sql`${stockBalances.expiresOn} ASC NULLS LAST`, asc(stockBalances.lot));
}

/** The item's lots at a site (no lock: a suggestion). */
export async function lotsAt(db: Executor, itemId: string, facilityId: string) {
  return db
    .select({ lot: stockBalances.lot, expiresOn: stockBalances.expiresOn, quantity: stockBalances.quantity })
    .from(stockBalances)
    .where(and(eq(stockBalances.itemId, itemId), eq(stockBalances.facilityId, facilityId)));
}

const movementColumns = {
  id: stockMovements.id,
  kind: stockMovements.kind,
  itemId: stockMovements.itemId,
  itemName: stockItems.name,
  itemNameEn: stockItems.nameEn,
  facilityId: stockMovements.facilityId,
  facilityName: facilities.name,
  facilityNameEn: facilities.nameEn,
  toFacilityId: stockMovements.toFacilityId,
  quantity: stockMovements.quantity,
  lot: stockMovements.lot,
  expiresOn: stockMovements.expiresOn,
  reason: stockMovements.reason,
  donor: stockMovements.donor,
  reference: stockMovements.reference,
  requestId: stockMovements.requestId,
  createdBy: users.displayName,
  createdAt: stockMovements.createdAt,
};

/** Movements at sites in scope (sending or receiving), newest first. */
export async function listMovements(
  db: Executor,
  scope: Scope,
  query: { itemId?: string; facilityId?: string; kind?: MovementKind; page: number; pageSize: number },
) {
  const where: SQL[] = [
    sql`(${inScope(scope, stockMovements.jurisdictionId)} OR ${stockMovements.toFacilityId} IN (SELECT ${facilities.id} FROM ${facilities} WHERE ${inScope(scope, facilities.jurisdictionId)}))`,
  ];
  if (query.itemId) where.push(eq(stockMovements.itemId, query.itemId));
  if (query.facilityId)
    where.push(sql`(${stockMovements.facilityId} = ${query.facilityId} OR ${stockMovements.toFacilityId} = ${query.facilityId})`);
  if (query.kind) where.push(eq(stockMovements.kind, query.kind));
  const rows = await db
    .select(movementColumns)
    .from(stockMovements)
    .innerJoin(stockItems, eq(stockItems.id, stockMovements.itemId))
    .innerJoin(facilities, eq(facilities.id, stockMovements.facilityId))
    .leftJoin(users, eq(users.id, stockMovements.createdBy))
    .where(and(...where))
    .orderBy(desc(stockMovements.createdAt), desc(stockMovements.id))
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await db
    .select({ n: count() })
    .from(stockMovements)
    .where(and(...where));
  return { rows, total: total?.n ?? 0 };
}

export async function movementById(db: Executor, id: string) {
  const [row] = await db
    .select(movementColumns)
    .from(stockMovements)
    .innerJoin(stockItems, eq(stockItems.id, stockMovements.itemId))
    .innerJoin(facilities, eq(facilities.id, stockMovements.facilityId))
    .leftJoin(users, eq(users.id, stockMovements.createdBy))
    .where(eq(stockMovements.id, id));
  return row;
}

/** Per item and site in scope: usable, expired and soon-expiring quantities and the nearest expiry. */
export async function stockTotals(db: Executor, where: SQL, today: string, soon: string) {
  return db
    .select({
      itemId: stockBalances.itemId,
      facilityId: stockBalances.facilityId,
      jurisdictionId: stockBalances.jurisdictionId,
      usable: sql<number>`coalesce(sum(${stockBalances.quantity}) FILTER (WHERE ${stockBalances.expiresOn} IS NULL OR ${stockBalances.expiresOn} >= ${today}), 0)::int`,
      expired: sql<number>`coalesce(sum(${stockBalances.quantity}) FILTER (WHERE ${stockBalances.expiresOn} < ${today}), 0)::int`,
      expiringSoon: sql<number>`coalesce(sum(${stockBalances.quantity}) FILTER (WHERE ${stockBalances.expiresOn} >= ${today} AND ${stockBalances.expiresOn} <= ${soon}), 0)::int`,
      nearestExpiry: sql<
        string | null
      >`min(${stockBalances.expiresOn}) FILTER (WHERE ${stockBalances.expiresOn} >= ${today} AND ${stockBalances.quantity} > 0)::text`,
    })
    .from(stockBalances)
    .where(where)
    .groupBy(stockBalances.itemId, stockBalances.facilityId, stockBalances.jurisdictionId);
}

/** Minimums of sites where `where` holds (on stock_minimums). */
export async function minimums(db: Executor, where: SQL) {
  return db.select().from(stockMinimums).where(where);
}

/** Units issued or sent away per item and site since `since` (the use rate of forecasts). */
export async function usedSince(db: Executor, since: Date, facilityIds?: string[]) {
  const where: SQL[] = [lt(stockLedger.delta, 0), gte(stockLedger.createdAt, since), inArray(stockMovements.kind, ['issue', 'transfer'])];
  if (facilityIds) where.push(facilityIds.length ? inArray(stockLedger.facilityId, facilityIds) : sql`false`);
  return db
    .select({ itemId: stockLedger.itemId, facilityId: stockLedger.facilityId, used: sql<number>`(-sum(${stockLedger.delta}))::int` })
    .from(stockLedger)
    .innerJoin(stockMovements, eq(stockMovements.id, stockLedger.movementId))
    .where(and(...where))
    .groupBy(stockLedger.itemId, stockLedger.facilityId);
}

/** Quantities dispatched to facilities by requests and not received yet, per item and facility. */
export async function incomingByFacility(db: Executor) {
  return db
    .select({
      itemId: stockRequestLines.itemId,
      facilityId: stockRequests.requesterFacilityId,
      incoming: sql<number>`sum(${stockRequestLines.quantityDispatched} - ${stockRequestLines.quantityReceived})::int`,
    })
    .from(stockRequestLines)
    .innerJoin(stockRequests, eq(stockRequests.id, stockRequestLines.requestId))
    .where(and(eq(stockRequests.status, 'dispatched'), sql`${stockRequests.requesterFacilityId} IS NOT NULL`))
    .groupBy(stockRequestLines.itemId, stockRequests.requesterFacilityId);
}

export async function itemsById(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, StockItemRow>();
  const rows = await db.select().from(stockItems).where(inArray(stockItems.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

export async function facilitiesById(db: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, { id: string; name: string; nameEn: string; type: string; townshipId: string | null }>();
  const township = alias(jurisdictions, 'township');
  const rows = await db
    .select({ id: facilities.id, name: facilities.name, nameEn: facilities.nameEn, type: facilities.type, townshipId: township.id })
    .from(facilities)
    .innerJoin(jurisdictions, eq(jurisdictions.id, facilities.jurisdictionId))
    // the township the site lies in (a community's site: its township; a district depot: none)
    .leftJoin(township, and(eq(township.level, 'township'), sql`${jurisdictions.path} LIKE ${township.path} || '%'`))
    .where(inArray(facilities.id, ids));
  return new Map(rows.map((r) => [r.id, r]));
}

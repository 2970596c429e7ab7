/**
 * Stock (docs/stock.md). Who may do what:
 * - read the catalogue, sites, lots, movements and the summary: `stock.read`, over the sites' jurisdictions;
 * - record movements, set minimums, edit the catalogue: `resources.manage` (the logistics officer, the commander),
 *   over the site the goods leave or arrive at (404 outside it).
 * Every write is one transaction, audited, and tells the live stream.
 */
import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { hasRight, inScope, pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { fefoPick, itemOrThrow, type MovementInput, recordMovementInTx } from './stock.ledger.ts';
import {
  facilitiesById,
  findSite,
  incomingByFacility,
  itemsById,
  listBalances,
  listItems,
  listMovements,
  listSites,
  lotsAt,
  minimums,
  movementById,
  presentItem,
  type StockSite,
  stockTotals,
  usedSince,
} from './stock.store.ts';
import { type ItemCategory, type MovementKind, type StorageClass, stockBalances, stockItems, stockMinimums } from './stock.tables.ts';

type Actor = { id: string; username: string };
const actorOf = (p: Principal): Actor => ({ id: p.id, username: p.username });
/** Days over which the use rate of forecasts is averaged. */
export const USE_WINDOW_DAYS = 28;

/** A site in scope of `scope`, else 404. */
async function siteInScope(db: Executor, scope: Scope, id: string, path = 'facilityId'): Promise<StockSite> {
  const site = await findSite(db, id);
  if (!site || !pathInScope(scope, site.jurisdictionPath)) {
    if (path === 'facilityId') throw notFound('facility');
    throw validationFailed([{ path, message: 'unknown facility' }]);
  }
  return site;
}

// catalogue

export async function listItemsFor(
  database: Database,
  principal: Principal,
  query: { category?: ItemCategory; includeInactive?: 'true' | 'false' },
) {
  scopeFor(principal, 'stock.read');
  const rows = await listItems(database.db, { category: query.category, includeInactive: query.includeInactive === 'true' });
  return { items: rows.map(presentItem) };
}

export interface ItemInput {
  code: string;
  name: string;
  nameEn: string;
  category: ItemCategory;
  unit: string;
  unitEn: string;
  packSize: number;
  shelfLifeDays: number | null;
  storageClass: StorageClass;
  consumption?: { perCase: number; perBedDay: number; perStaffDay: number };
}

function itemValues<T extends Partial<ItemInput> & { active?: boolean }>(input: T) {
  const { consumption, ...rest } = input;
  return {
    ...rest,
    ...(consumption
      ? { perCase: String(consumption.perCase), perBedDay: String(consumption.perBedDay), perStaffDay: String(consumption.perStaffDay) }
      : {}),
  };
}

export async function createItemAs(database: Database, principal: Principal, input: ItemInput, ip: string | null) {
  scopeFor(principal, 'resources.manage');
  const row = await database.db.transaction(async (tx) => {
    const [row] = await tx.insert(stockItems).values(itemValues(input)).returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'stock_item', entityId: row!.id, after: row });
    await publishLive(tx, { topic: 'stock', id: row!.id, action: 'item', right: 'stock.read', everywhere: true });
    return row!;
  });
  return presentItem(row);
}

export async function updateItemAs(
  database: Database,
  principal: Principal,
  id: string,
  patch: Partial<Omit<ItemInput, 'code'>> & { active?: boolean },
  ip: string | null,
) {
  scopeFor(principal, 'resources.manage');
  const row = await database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(stockItems).where(eq(stockItems.id, id)).for('update');
    if (!before) throw notFound('item');
    const [after] = await tx
      .update(stockItems)
      .set({ ...itemValues(patch), updatedAt: sql`now()` })
      .where(eq(stockItems.id, id))
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'stock_item', entityId: id, before, after });
    await publishLive(tx, { topic: 'stock', id, action: 'item', right: 'stock.read', everywhere: true });
    return after!;
  });
  return presentItem(row);
}

// sites and balances

export async function listSitesFor(database: Database, principal: Principal) {
  const scope = scopeFor(principal, 'stock.read');
  const manage = hasRight(principal, 'resources.manage') ? scopeFor(principal, 'resources.manage') : null;
  const rows = await listSites(database.db, scope);
  return {
    items: rows.map(({ jurisdictionPath, ...s }) => ({ ...s, manageable: !!manage && pathInScope(manage, jurisdictionPath) })),
  };
}

/** GET /api/stock: lots held per item and site (the outside check's shape, plus names). */
export async function balancesFor(
  database: Database,
  principal: Principal,
  query: { itemId?: string; facilityId?: string; includeEmpty?: 'true' | 'false' },
  now = new Date(),
) {
  const scope = scopeFor(principal, 'stock.read');
  const today = districtToday(now);
  const rows = await listBalances(database.db, scope, { ...query, includeEmpty: query.includeEmpty === 'true' });
  return { items: rows.map((r) => ({ ...r, expired: r.expiresOn !== null && r.expiresOn < today })) };
}

/** GET /api/stock/fefo: which lots to pick for a quantity, first expiry first out (expired lots skipped). */
export async function fefoFor(
  database: Database,
  principal: Principal,
  query: { itemId: string; facilityId: string; quantity: number },
  now = new Date(),
) {
  const scope = scopeFor(principal, 'stock.read');
  await siteInScope(database.db, scope, query.facilityId);
  await itemOrThrow(database.db, query.itemId);
  const today = districtToday(now);
  const lots = await lotsAt(database.db, query.itemId, query.facilityId);
  const { picks, missing } = fefoPick(lots, query.quantity, today);
  const available = lots.filter((l) => l.expiresOn === null || l.expiresOn >= today).reduce((s, l) => s + l.quantity, 0);
  return { picks, available, missing };
}

// movements

export interface MovementRequest {
  kind: MovementKind;
  itemId: string;
  facilityId: string;
  toFacilityId?: string;
  quantity: number;
  lot?: string;
  expiresOn?: string;
  reason?: string;
  donor?: string;
  reference?: string;
}

/** POST /api/stock/movements: one movement (resources.manage over the site); 409 when stock does not suffice. */
export async function recordMovementAs(
  database: Database,
  principal: Principal,
  body: MovementRequest,
  ip: string | null,
  now = new Date(),
) {
  const scope = scopeFor(principal, 'resources.manage');
  const site = await siteInScope(database.db, scope, body.facilityId);
  let toSite: StockSite | undefined;
  if (body.kind === 'transfer') {
    if (!body.toFacilityId) throw validationFailed([{ path: 'toFacilityId', message: 'required for a transfer' }]);
    toSite = await findSite(database.db, body.toFacilityId);
    if (!toSite) throw validationFailed([{ path: 'toFacilityId', message: 'unknown facility' }]);
  } else if (body.toFacilityId) throw validationFailed([{ path: 'toFacilityId', message: 'only for transfers' }]);
  if (body.kind !== 'receipt' && body.kind !== 'adjustment' && body.expiresOn)
    throw validationFailed([{ path: 'expiresOn', message: 'only for receipts and adjustments' }]);
  if (body.donor && body.kind !== 'receipt') throw validationFailed([{ path: 'donor', message: 'only for receipts (donations)' }]);
  const input: MovementInput = {
    kind: body.kind,
    itemId: body.itemId,
    site,
    toSite,
    quantity: body.quantity,
    lot: body.lot ?? null,
    expiresOn: body.expiresOn ?? null,
    reason: body.reason,
    donor: body.donor,
    reference: body.reference,
    actorId: principal.id,
    today: districtToday(now),
  };
  const id = await database.db.transaction(async (tx) => {
    const { movement, entries } = await recordMovementInTx(tx, input);
    await auditMovement(tx, actorOf(principal), ip, movement, entries);
    await publishStock(tx, [site, ...(toSite ? [toSite] : [])], movement.id);
    return movement.id;
  });
  return movementView(database.db, id);
}

export async function auditMovement(
  tx: Parameters<typeof audit>[0],
  actor: Actor | null,
  ip: string | null,
  movement: unknown,
  entries: unknown,
) {
  const m = movement as { id: string; jurisdictionId: string };
  await audit(tx, { actor, ip, action: 'create', entityType: 'stock_movement', entityId: m.id, after: { ...m, entries } });
}

export async function publishStock(tx: Executor, sites: { jurisdictionPath: string }[], id: string) {
  for (const path of new Set(sites.map((s) => s.jurisdictionPath)))
    await publishLive(tx, { topic: 'stock', id, action: 'movement', right: 'stock.read', jurisdictionPath: path });
}

async function movementView(db: Executor, id: string) {
  const row = await movementById(db, id);
  if (!row) throw notFound('movement');
  const entries = await db.execute(
    sql`SELECT facility_id, lot, expires_on::text AS expires_on, delta FROM stock_ledger WHERE movement_id = ${id} ORDER BY id`,
  );
  const list = (Array.isArray(entries) ? entries : (entries as { rows: unknown[] }).rows) as {
    facility_id: string;
    lot: string;
    expires_on: string | null;
    delta: number;
  }[];
  return {
    ...row,
    createdAt: row.createdAt.toISOString(),
    entries: list.map((e) => ({ facilityId: e.facility_id, lot: e.lot, expiresOn: e.expires_on, delta: Number(e.delta) })),
  };
}

export async function listMovementsFor(
  database: Database,
  principal: Principal,
  query: { itemId?: string; facilityId?: string; kind?: MovementKind; page: number; pageSize: number },
) {
  const scope = scopeFor(principal, 'stock.read');
  const { rows, total } = await listMovements(database.db, scope, query);
  return { items: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString() })), total };
}

// minimums

export async function setMinimumAs(
  database: Database,
  principal: Principal,
  body: { itemId: string; facilityId: string; minimum: number },
  ip: string | null,
) {
  const scope = scopeFor(principal, 'resources.manage');
  const site = await siteInScope(database.db, scope, body.facilityId);
  await itemOrThrow(database.db, body.itemId);
  await database.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(stockMinimums)
      .where(and(eq(stockMinimums.itemId, body.itemId), eq(stockMinimums.facilityId, site.id)))
      .for('update');
    const [after] = await tx
      .insert(stockMinimums)
      .values({ itemId: body.itemId, facilityId: site.id, jurisdictionId: site.jurisdictionId, minimum: body.minimum })
      .onConflictDoUpdate({
        target: [stockMinimums.itemId, stockMinimums.facilityId],
        set: { minimum: body.minimum, updatedAt: sql`now()` },
      })
      .returning();
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: before ? 'update' : 'create',
      entityType: 'stock_minimum',
      entityId: null,
      ...(before ? { before } : {}),
      after,
    });
    await publishStock(tx, [site], site.id);
  });
  return body;
}

// summary and forecast

/**
 * Days of cover and the stock-out day of `quantity` used at `dailyUse` units a day from `today`: the stock lasts
 * floor(quantity / dailyUse) whole days, and runs out on the day after (null when nothing is used).
 * Example: 100 boxes at 30 a day cover 3.33 days; they run out on day 4 (today + 3 days).
 */
export function coverOf(quantity: number, dailyUse: number, today: string): { daysOfCover: number | null; stockOutOn: string | null } {
  if (dailyUse <= 0) return { daysOfCover: null, stockOutOn: null };
  const days = quantity / dailyUse;
  const stockOut = new Date(`${today}T00:00:00Z`);
  stockOut.setUTCDate(stockOut.getUTCDate() + Math.floor(days));
  return { daysOfCover: Math.round(days * 10) / 10, stockOutOn: stockOut.toISOString().slice(0, 10) };
}

/**
 * The stock picture per item and site where `where` (on stock_balances.jurisdiction_id … ) holds: usable, expired
 * and soon-expiring quantities, the minimum, the use rate over the last 28 days, days of cover and incoming.
 */
export async function stockPicture(db: Executor, scope: Scope, options: { facilityId?: string; expiringDays: number }, now = new Date()) {
  const today = districtToday(now);
  const soon = districtToday(now, -options.expiringDays); // days counts back: minus is ahead
  const balanceWhere = and(
    inScope(scope, stockBalances.jurisdictionId),
    options.facilityId ? eq(stockBalances.facilityId, options.facilityId) : undefined,
  )!;
  const minWhere = and(
    inScope(scope, stockMinimums.jurisdictionId),
    options.facilityId ? eq(stockMinimums.facilityId, options.facilityId) : undefined,
  )!;
  const [totals, mins, incoming] = await Promise.all([
    stockTotals(db, balanceWhere, today, soon),
    minimums(db, minWhere),
    incomingByFacility(db),
  ]);
  const key = (i: string, f: string) => `${i}|${f}`;
  const pairs = new Map<string, { itemId: string; facilityId: string; jurisdictionId: string }>();
  for (const t of totals) pairs.set(key(t.itemId, t.facilityId), t);
  for (const m of mins) if (!pairs.has(key(m.itemId, m.facilityId))) pairs.set(key(m.itemId, m.facilityId), m);
  const facilityIds = [...new Set([...pairs.values()].map((p) => p.facilityId))];
  const used = await usedSince(db, new Date(now.getTime() - USE_WINDOW_DAYS * 86_400_000), facilityIds);
  const usedMap = new Map(used.map((u) => [key(u.itemId, u.facilityId), Number(u.used)]));
  const totalMap = new Map(totals.map((t) => [key(t.itemId, t.facilityId), t]));
  const minMap = new Map(mins.map((m) => [key(m.itemId, m.facilityId), m.minimum]));
  const incomingMap = new Map(incoming.map((r) => [key(r.itemId, r.facilityId!), Number(r.incoming)]));
  const items = await itemsById(db, [...new Set([...pairs.values()].map((p) => p.itemId))]);
  const sites = await facilitiesById(db, facilityIds);
  const rows = [...pairs.entries()]
    .map(([k, p]) => {
      const t = totalMap.get(k);
      const item = items.get(p.itemId)!;
      const site = sites.get(p.facilityId)!;
      const quantity = Number(t?.usable ?? 0);
      const dailyUse = (usedMap.get(k) ?? 0) / USE_WINDOW_DAYS;
      const minimum = minMap.get(k) ?? null;
      return {
        itemId: p.itemId,
        itemName: item.name,
        itemNameEn: item.nameEn,
        category: item.category,
        unit: item.unit,
        unitEn: item.unitEn,
        facilityId: p.facilityId,
        facilityName: site.name,
        facilityNameEn: site.nameEn,
        jurisdictionId: p.jurisdictionId,
        facilityType: site.type,
        townshipId: site.townshipId,
        quantity,
        expired: Number(t?.expired ?? 0),
        expiringSoon: Number(t?.expiringSoon ?? 0),
        nearestExpiry: t?.nearestExpiry ?? null,
        minimum,
        belowMinimum: minimum !== null && quantity < minimum,
        dailyUse: Math.round(dailyUse * 100) / 100,
        ...coverOf(quantity, dailyUse, today),
        incoming: incomingMap.get(k) ?? 0,
      };
    })
    .sort((a, b) => (a.facilityName === b.facilityName ? (a.itemName < b.itemName ? -1 : 1) : a.facilityName < b.facilityName ? -1 : 1));
  return { date: today, rows };
}

export async function summaryFor(
  database: Database,
  principal: Principal,
  query: { facilityId?: string; expiringDays: number },
  now = new Date(),
) {
  const scope = scopeFor(principal, 'stock.read');
  if (query.facilityId) await siteInScope(database.db, scope, query.facilityId);
  return stockPicture(database.db, scope, query, now);
}

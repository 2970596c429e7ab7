/**
 * The stock ledger (docs/stock.md): every movement writes signed ledger entries per lot and site, and the derived
 * balance of each (item, site, lot) in the same transaction. Rules:
 * - a balance is never negative: the rows of the item at the site are locked (SELECT … FOR UPDATE) before the check,
 *   so two people issuing the last boxes at the same moment take turns, and the second is refused (409) — nothing
 *   of it is written. The CHECK (quantity >= 0) of stock_balances is the last line of defence.
 * - without a lot, an issue, transfer or disposal takes the lots first-expiry-first-out (FEFO); issues and
 *   transfers never take an expired lot (it must be disposed of), disposals take the expired ones first.
 * - a receipt names its lot, and its expiry when the item expires (shelf life); a lot keeps one expiry per site.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import {
  type MovementKind,
  type StockItemRow,
  stockBalances,
  stockItems,
  stockLedger,
  stockMovements,
  type StockMovementRow,
} from './stock.tables.ts';

/** A lot at a site as the ledger holds it. */
export interface LotBalance {
  lot: string;
  expiresOn: string | null;
  quantity: number;
}

/** One pick of a FEFO suggestion. */
export interface LotPick {
  lot: string;
  expiresOn: string | null;
  quantity: number;
}

/** Orders lots first-expiry-first-out: the earliest expiry first, lots without expiry last, then by lot name. */
export function fefoOrder(a: LotBalance, b: LotBalance): number {
  if (a.expiresOn !== b.expiresOn) {
    if (a.expiresOn === null) return 1;
    if (b.expiresOn === null) return -1;
    return a.expiresOn < b.expiresOn ? -1 : 1;
  }
  return a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0;
}

/**
 * The FEFO picks for `quantity` from `lots` on `today` ('YYYY-MM-DD'): expired lots (expiry before today) are
 * skipped unless `expired` is 'first' (a disposal). Returns the picks and what is still missing (0: enough).
 */
export function fefoPick(
  lots: readonly LotBalance[],
  quantity: number,
  today: string,
  options: { expired?: 'skip' | 'first' } = {},
): { picks: LotPick[]; missing: number } {
  const expired = options.expired ?? 'skip';
  const isExpired = (l: LotBalance) => l.expiresOn !== null && l.expiresOn < today;
  const usable = lots.filter((l) => l.quantity > 0 && (expired === 'first' || !isExpired(l))).sort(fefoOrder);
  const picks: LotPick[] = [];
  let left = quantity;
  for (const l of usable) {
    if (left <= 0) break;
    const take = l.quantity < left ? l.quantity : left;
    picks.push({ lot: l.lot, expiresOn: l.expiresOn, quantity: take });
    left -= take;
  }
  return { picks, missing: left };
}

/** A site (a registry facility) as the ledger needs it. */
export interface LedgerSite {
  id: string;
  jurisdictionId: string;
}

export interface MovementInput {
  kind: MovementKind;
  itemId: string;
  site: LedgerSite;
  /** transfers only */
  toSite?: LedgerSite;
  /** positive; an adjustment is signed */
  quantity: number;
  lot?: string | null;
  expiresOn?: string | null;
  reason?: string;
  donor?: string;
  reference?: string;
  requestId?: string | null;
  actorId?: string | null;
  /** 'YYYY-MM-DD' (district): which lots count as expired */
  today: string;
}

export interface LedgerEntry {
  facilityId: string;
  lot: string;
  expiresOn: string | null;
  delta: number;
}

/** The item, or 404. */
export async function itemOrThrow(db: Executor, itemId: string): Promise<StockItemRow> {
  const [item] = await db.select().from(stockItems).where(eq(stockItems.id, itemId));
  if (!item) throw notFound('item');
  return item;
}

/** Locks and reads the item's lots at a site (all of them, in lot order, so that lockers queue alike). */
export async function lockLots(tx: Tx, itemId: string, facilityId: string): Promise<LotBalance[]> {
  return tx
    .select({ lot: stockBalances.lot, expiresOn: stockBalances.expiresOn, quantity: stockBalances.quantity })
    .from(stockBalances)
    .where(and(eq(stockBalances.itemId, itemId), eq(stockBalances.facilityId, facilityId)))
    .orderBy(asc(stockBalances.lot))
    .for('update');
}

function insufficient(available: number, requested: number): never {
  throw conflict('insufficient_stock', `Only ${available} available, ${requested} requested`, { available, requested });
}

/** Takes `quantity` out of locked lots: one named lot, or FEFO. Throws 409 when there is not enough. */
function takeOut(lots: LotBalance[], input: MovementInput, quantity: number): LotPick[] {
  if (input.lot) {
    const lot = lots.find((l) => l.lot === input.lot);
    if (!lot || lot.quantity === 0) insufficient(0, quantity);
    if (input.kind !== 'disposal' && input.kind !== 'adjustment' && lot.expiresOn !== null && lot.expiresOn < input.today)
      throw validationFailed([{ path: 'lot', message: `lot ${lot.lot} expired on ${lot.expiresOn}: dispose of it, do not issue it` }]);
    if (lot.quantity < quantity) insufficient(lot.quantity, quantity);
    return [{ lot: lot.lot, expiresOn: lot.expiresOn, quantity }];
  }
  const { picks, missing } = fefoPick(lots, quantity, input.today, { expired: input.kind === 'disposal' ? 'first' : 'skip' });
  if (missing > 0) insufficient(quantity - missing, quantity);
  return picks;
}

/** The expiry a receipt's lot must carry: the one it already has at the site, else the one given. */
function receiptExpiry(item: StockItemRow, lots: LotBalance[], lot: string, expiresOn: string | null | undefined): string | null {
  const existing = lots.find((l) => l.lot === lot);
  if (existing && existing.expiresOn !== (expiresOn ?? existing.expiresOn))
    throw validationFailed([{ path: 'expiresOn', message: `lot ${lot} is held here with expiry ${existing.expiresOn ?? 'none'}` }]);
  const out = expiresOn ?? existing?.expiresOn ?? null;
  if (item.shelfLifeDays !== null && out === null) throw validationFailed([{ path: 'expiresOn', message: 'required: this item expires' }]);
  return out;
}

/**
 * Records one movement inside the caller's transaction: checks it, writes the movement, its ledger entries and
 * the balances. Throws 409 `insufficient_stock` (nothing written: the caller's transaction rolls back) when it
 * would take more than the lots hold.
 */
export async function recordMovementInTx(tx: Tx, input: MovementInput): Promise<{ movement: StockMovementRow; entries: LedgerEntry[] }> {
  const item = await itemOrThrow(tx, input.itemId);
  const q = input.quantity;
  if (!Number.isInteger(q) || q === 0 || (input.kind !== 'adjustment' && q < 0))
    throw validationFailed([
      { path: 'quantity', message: input.kind === 'adjustment' ? 'must be a whole number, not 0' : 'must be a positive whole number' },
    ]);
  const entries: LedgerEntry[] = [];
  const site = input.site;
  switch (input.kind) {
    case 'receipt': {
      if (!input.lot) throw validationFailed([{ path: 'lot', message: 'required for a receipt' }]);
      if (!item.active) throw validationFailed([{ path: 'itemId', message: 'the item is no longer stocked' }]);
      const lots = await lockLots(tx, item.id, site.id);
      entries.push({ facilityId: site.id, lot: input.lot, expiresOn: receiptExpiry(item, lots, input.lot, input.expiresOn), delta: q });
      break;
    }
    case 'issue':
    case 'disposal': {
      const lots = await lockLots(tx, item.id, site.id);
      for (const p of takeOut(lots, input, q))
        entries.push({ facilityId: site.id, lot: p.lot, expiresOn: p.expiresOn, delta: -p.quantity });
      break;
    }
    case 'transfer': {
      const to = input.toSite;
      if (!to) throw validationFailed([{ path: 'toFacilityId', message: 'required for a transfer' }]);
      if (to.id === site.id) throw validationFailed([{ path: 'toFacilityId', message: 'must differ from the sending site' }]);
      // both sites' rows in one order (by id), so that two opposite transfers cannot deadlock
      const [first, second] = site.id < to.id ? [site, to] : [to, site];
      const firstLots = await lockLots(tx, item.id, first.id);
      const secondLots = await lockLots(tx, item.id, second.id);
      const fromLots = first.id === site.id ? firstLots : secondLots;
      for (const p of takeOut(fromLots, input, q)) {
        entries.push({ facilityId: site.id, lot: p.lot, expiresOn: p.expiresOn, delta: -p.quantity });
        entries.push({ facilityId: to.id, lot: p.lot, expiresOn: p.expiresOn, delta: p.quantity });
      }
      break;
    }
    case 'adjustment': {
      if (!input.lot) throw validationFailed([{ path: 'lot', message: 'required for an adjustment' }]);
      if (!input.reason?.trim()) throw validationFailed([{ path: 'reason', message: 'required for an adjustment' }]);
      const lots = await lockLots(tx, item.id, site.id);
      if (q < 0) {
        const [p] = takeOut(lots, input, -q);
        entries.push({ facilityId: site.id, lot: p!.lot, expiresOn: p!.expiresOn, delta: q });
      } else
        entries.push({ facilityId: site.id, lot: input.lot, expiresOn: receiptExpiry(item, lots, input.lot, input.expiresOn), delta: q });
      break;
    }
  }
  // the movement names its lot when it touched one lot at the sending site (FEFO may have split it over several)
  const siteEntries = entries.filter((e) => e.facilityId === site.id);
  const oneLot = new Set(siteEntries.map((e) => e.lot)).size === 1 ? siteEntries[0] : undefined;
  const [movement] = await tx
    .insert(stockMovements)
    .values({
      kind: input.kind,
      itemId: item.id,
      facilityId: site.id,
      jurisdictionId: site.jurisdictionId,
      toFacilityId: input.toSite?.id ?? null,
      quantity: q,
      lot: oneLot?.lot ?? null,
      expiresOn: oneLot?.expiresOn ?? null,
      reason: input.reason?.trim() ?? '',
      donor: input.donor?.trim() ?? '',
      reference: input.reference?.trim() ?? '',
      requestId: input.requestId ?? null,
      createdBy: input.actorId ?? null,
    })
    .returning();
  const jurisdictionOf = (facilityId: string) => (facilityId === site.id ? site.jurisdictionId : input.toSite!.jurisdictionId);
  await tx.insert(stockLedger).values(
    entries.map((e) => ({
      movementId: movement!.id,
      itemId: item.id,
      facilityId: e.facilityId,
      jurisdictionId: jurisdictionOf(e.facilityId),
      lot: e.lot,
      expiresOn: e.expiresOn,
      delta: e.delta,
    })),
  );
  for (const e of entries) {
    if (e.delta < 0) {
      // the lot is there (locked above); an upsert would check the CHECK against the negative insert row first
      await tx
        .update(stockBalances)
        .set({ quantity: sql`${stockBalances.quantity} + ${e.delta}`, updatedAt: sql`now()` })
        .where(and(eq(stockBalances.itemId, item.id), eq(stockBalances.facilityId, e.facilityId), eq(stockBalances.lot, e.lot)));
      continue;
    }
    await tx
      .insert(stockBalances)
      .values({
        itemId: item.id,
        facilityId: e.facilityId,
        jurisdictionId: jurisdictionOf(e.facilityId),
        lot: e.lot,
        expiresOn: e.expiresOn,
        quantity: e.delta,
      })
      .onConflictDoUpdate({
        target: [stockBalances.itemId, stockBalances.facilityId, stockBalances.lot],
        set: { quantity: sql`${stockBalances.quantity} + ${e.delta}`, updatedAt: sql`now()` },
      });
  }
  return { movement: movement!, entries };
}

/**
 * Days of cover of one item by township (the stock page's map): the usable quantity and the daily use of every
 * site in a township added up, then quantity ÷ use — a township's cover is that of its stores together, since
 * they lend to one another before the district depot does. Warehouses serve the whole district wherever they
 * stand (the demo's depots lie in 龙门街道 and 石门街道), so they and sites recorded at the district itself are
 * reported apart, as the district's reserve. Pure: the page passes the summary rows it already has.
 */
import type { SummaryRow } from './stock-api.ts';

export interface TownshipCover {
  townshipId: string;
  sites: number;
  quantity: number;
  dailyUse: number;
  /** quantity ÷ daily use, one decimal; null: nothing was used in the window (no forecast) */
  daysOfCover: number | null;
}

/** Class breaks of the map (days): < 7 red, 7–14 orange, 14–28 yellow, ≥ 28 green; below 0: no site in the township. */
export const COVER_BREAKS = [0, 7, 14, 28] as const;
export const COVER_PALETTE = ['#d9d9d9', '#cf1322', '#fa8c16', '#fadb14', '#52c41a'] as const;
/** What a township with stock and no recent use is shaded as (ample: the top class). */
export const NO_USE_SHADE = 1_000_000;

const coverOf = (quantity: number, dailyUse: number) => (dailyUse > 0 ? Math.round((quantity / dailyUse) * 10) / 10 : null);

export function coverByTownship(
  rows: readonly SummaryRow[],
  itemId: string,
): { townships: TownshipCover[]; district: Omit<TownshipCover, 'townshipId'> } {
  const byTownship = new Map<string, TownshipCover>();
  const district = { sites: 0, quantity: 0, dailyUse: 0, daysOfCover: null as number | null };
  for (const r of rows) {
    if (r.itemId !== itemId) continue;
    const into =
      r.townshipId && r.facilityType !== 'warehouse'
        ? (byTownship.get(r.townshipId) ??
          byTownship
            .set(r.townshipId, { townshipId: r.townshipId, sites: 0, quantity: 0, dailyUse: 0, daysOfCover: null })
            .get(r.townshipId)!)
        : district;
    into.sites += 1;
    into.quantity += r.quantity;
    into.dailyUse += r.dailyUse;
  }
  for (const c of [...byTownship.values(), district]) {
    c.dailyUse = Math.round(c.dailyUse * 100) / 100;
    c.daysOfCover = coverOf(c.quantity, c.dailyUse);
  }
  return { townships: [...byTownship.values()], district };
}

/** The map's shading values: days of cover; stock and no use: the top class; no site: absent (grey). */
export function coverShading(townships: readonly TownshipCover[]): Record<string, number> {
  return Object.fromEntries(townships.map((c) => [c.townshipId, c.daysOfCover ?? NO_USE_SHADE]));
}

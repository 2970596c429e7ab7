import { describe, expect, it } from 'vitest';
import { coverByTownship, coverShading, NO_USE_SHADE } from './cover-map.ts';
import type { SummaryRow } from './stock-api.ts';

const row = (
  itemId: string,
  facilityId: string,
  townshipId: string | null,
  quantity: number,
  dailyUse: number,
  facilityType = 'general_hospital',
) => ({ itemId, facilityId, townshipId, quantity, dailyUse, facilityType }) as SummaryRow;

describe('days of cover by township', () => {
  it('adds up the stores of a township, keeps warehouses and district sites apart, and leaves other items out', () => {
    const rows = [
      row('mask', 'h1', 'tA', 300, 20),
      row('mask', 'h2', 'tA', 100, 5),
      row('mask', 'c1', 'tB', 50, 0),
      row('mask', 'depot', 'tA', 4000, 60, 'warehouse'),
      row('mask', 'store', null, 1000, 40),
      row('gown', 'h1', 'tA', 10, 10),
    ];
    const { townships, district } = coverByTownship(rows, 'mask');
    expect(townships).toEqual([
      { townshipId: 'tA', sites: 2, quantity: 400, dailyUse: 25, daysOfCover: 16 },
      { townshipId: 'tB', sites: 1, quantity: 50, dailyUse: 0, daysOfCover: null },
    ]);
    expect(district).toEqual({ sites: 2, quantity: 5000, dailyUse: 100, daysOfCover: 50 });
    // no use: shaded as ample; a township with no store is absent (the map's grey)
    expect(coverShading(townships)).toEqual({ tA: 16, tB: NO_USE_SHADE });
  });

  it('rounds to one decimal like the server', () => {
    const { townships } = coverByTownship([row('mask', 'h1', 'tA', 100, 3)], 'mask');
    expect(townships[0]!.daysOfCover).toBe(33.3);
  });
});

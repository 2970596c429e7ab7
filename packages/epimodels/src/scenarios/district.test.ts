/**
 * The scenario engine against figures computed by hand: a constant 1,000 infections a day, a COVID-19-like
 * disease (2.5 % admitted 6 days after infection, 7 days' stay), N95 masks at 2 per bed-day, 1,000 in stock:
 * admissions 25 a day from day 6, census 25, 50, … 175 from day 12, use twice that; cumulative use 50, 150, 300,
 * 500, 750, 1,050 on days 6–11, so the stock runs out on day 11. Per site, use is shared by recent use (3 : 1):
 * 600 at the depot run out on day 11 (787.5 used by then), 400 at the hospital on day 13 (437.5).
 */
import { describe, expect, it } from 'vitest';
import {
  buildDistrictModel,
  DISTRICT_SCENARIO_DEFAULTS,
  districtIncidence,
  districtGeometry,
  projectDistrict,
  stockRunOutDay,
  type DistrictScenarioInputs,
  type DistrictScenarioSettings,
} from './district.ts';

const item = (id: string, perBedDay: number) => ({
  id,
  code: id.toUpperCase(),
  name: id,
  nameEn: id,
  category: 'ppe' as const,
  unit: '只',
  unitEn: 'piece',
  packSize: 1,
  shelfLifeDays: null,
  storageClass: 'ambient' as const,
  consumption: { perCase: 0, perBedDay, perStaffDay: 0 },
  active: true,
});
const T1 = '00000000-0000-4000-8000-000000000001';
const T2 = '00000000-0000-4000-8000-000000000002';
const N1 = '00000000-0000-4000-8000-000000000003';
const inputs: DistrictScenarioInputs = {
  date: '2026-12-07',
  townships: [
    { id: T1, population: 100_000, port: true },
    { id: T2, population: 50_000, port: false },
  ],
  borders: [
    { a: T1, b: T2 },
    { a: T2, b: T1 },
  ],
  neighbours: [{ id: N1, population: 500_000, flows: [{ mode: 'river', dailyIn: 2000, dailyOut: 1500 }] }],
  cases: {
    district: [0, 0, 5],
    byTownship: [
      { id: T1, counts: [0, 0, 5] },
      { id: T2, counts: [0, 0, 0] },
    ],
  },
  capacity: { beds: 100, icuBeds: 10 },
  items: [item('n95', 2)],
  stock: [
    { itemId: 'n95', facilityId: 'depot', facilityName: '库', facilityNameEn: 'Depot', quantity: 600, incoming: 0, dailyUse: 3 },
    { itemId: 'n95', facilityId: 'hospital', facilityName: '院', facilityNameEn: 'Hospital', quantity: 400, incoming: 0, dailyUse: 1 },
  ],
};
const settings: DistrictScenarioSettings = { ...DISTRICT_SCENARIO_DEFAULTS, interventions: [], consumption: {}, days: 30, detection: 0.5 };

describe('scenario engine', () => {
  it('nets the need against stock by hand-computed figures, district-wide and per site', () => {
    const result = projectDistrict(inputs, settings, { beta: 0.55, rt: null, startNote: 'preset' }, new Float64Array(30).fill(1000));
    expect(result.hospital.slice(5, 13)).toEqual([0, 25, 50, 75, 100, 125, 150, 175]);
    expect(result.hospitalPeak).toBe(175);
    expect(result.firstDayOverBeds).toBe(10); // 125 > 100 beds (day 9: exactly 100)
    const n95 = result.items[0]!;
    expect(n95).toMatchObject({ stock: 1000, runOutDay: 11, stockOutOn: '2026-12-18' });
    expect(n95.sites.map((s) => [s.facilityId, s.runOutDay, s.stockOutOn])).toEqual([
      ['depot', 11, '2026-12-18'],
      ['hospital', 13, '2026-12-20'],
    ]);
    expect(stockRunOutDay([1, 1, 1], 3)).toBeNull();
    expect(stockRunOutDay([1, 1, 1], 2)).toBe(2);
  });

  it('builds the township metapopulation with borders, the port and the river', () => {
    const { patches, links } = districtGeometry(inputs, 'metapop');
    expect(patches.map((p) => p.id)).toEqual([T1, T2, N1]);
    expect(links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ from: T1, to: T2, flow: 3000, kind: 'commuting' }),
        expect.objectContaining({ from: T2, to: T1, flow: 1500, kind: 'commuting' }),
        expect.objectContaining({ from: N1, to: T1, flow: 2000, kind: 'shipping' }),
        expect.objectContaining({ from: T1, to: N1, flow: 1500, kind: 'shipping' }),
      ]),
    );
    expect(districtGeometry(inputs, 'seir').patches).toEqual([{ id: 'district', population: 150_000 }]);
  });

  it('a school closure lowers the epidemic; recent cases seed the port township', () => {
    const base = buildDistrictModel(inputs, { ...settings, days: 120 });
    expect(base.model.patches.find((p) => p.id === T1)).toMatchObject({ I0: 10 });
    const open = districtIncidence(base, 120).reduce((s, v) => s + v, 0);
    const closed = districtIncidence(
      buildDistrictModel(inputs, { ...settings, interventions: [{ kind: 'school_closure', start: 0, value: 0.9 }] }),
      120,
    ).reduce((s, v) => s + v, 0);
    expect(closed).toBeLessThan(open);
  });
});

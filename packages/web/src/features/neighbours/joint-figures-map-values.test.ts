import { describe, expect, it } from 'vitest';
import { colourOf, MISSING_COLOUR, mapDayIndex, REGION_PALETTE, regionValues, SUPPRESSED_COLOUR } from './joint-figures-map-values.ts';
import type { JointFigures } from './neighbour-work-api.ts';

const day = (newCases: number, cumulativeCases: number, mumps: { newCases: number | null; cumulativeCases: number | null } | null) => ({
  day: '2026-12-06',
  district: { code: 'x', name: 'x', nameEn: 'x' },
  diseases: mumps ? [{ code: 'mumps', name: '腮腺炎', nameEn: 'Mumps', ...mumps }] : [],
  newCases,
  cumulativeCases,
  openAlerts: 0,
  responseLevel: null,
  k: 5,
  suppressed: 0,
});

const data = {
  days: ['2026-12-05', '2026-12-06'],
  series: [
    { own: true, district: { code: '500199', name: 'J', nameEn: 'J' }, days: [null, day(12, 40, { newCases: 3, cumulativeCases: 9 })] },
    {
      own: false,
      district: { code: '500192', name: '沙溪区', nameEn: 'Shaxi' },
      days: [null, day(7, 25, { newCases: null, cumulativeCases: 11 })],
    },
    { own: false, district: { code: '500194', name: '下江区', nameEn: 'Xiajiang' }, days: [day(1, 1, null), null] },
  ],
  region: [],
} as unknown as JointFigures;

describe('the region map values', () => {
  it('all diseases: the district totals; a district without figures for the day is missing', () => {
    const v = regionValues(data, 1, 'newCases', null);
    expect(Object.fromEntries(v)).toEqual({
      '500199': { kind: 'count', value: 12 },
      '500192': { kind: 'count', value: 7 },
      '500194': { kind: 'missing' },
    });
    expect(regionValues(data, 1, 'cumulativeCases', null).get('500192')).toEqual({ kind: 'count', value: 25 });
  });

  it("one disease: a neighbour's suppressed count stays suppressed, ours is shown, none reported is 0", () => {
    const v = regionValues(data, 1, 'newCases', 'mumps');
    expect(v.get('500199')).toEqual({ kind: 'count', value: 3 });
    expect(v.get('500192')).toEqual({ kind: 'suppressed' });
    expect(regionValues(data, 1, 'cumulativeCases', 'mumps').get('500192')).toEqual({ kind: 'count', value: 11 });
    expect(regionValues(data, 0, 'newCases', 'mumps').get('500194')).toEqual({ kind: 'count', value: 0 });
  });

  it('colours: classes 0, 1–4, 5–9, 10–19, 20+; suppressed grey, missing white', () => {
    expect([0, 1, 4, 5, 9, 10, 19, 20, 300].map((value) => colourOf({ kind: 'count', value }))).toEqual([
      REGION_PALETTE[0],
      REGION_PALETTE[1],
      REGION_PALETTE[1],
      REGION_PALETTE[2],
      REGION_PALETTE[2],
      REGION_PALETTE[3],
      REGION_PALETTE[3],
      REGION_PALETTE[4],
      REGION_PALETTE[4],
    ]);
    expect(colourOf({ kind: 'suppressed' })).toBe(SUPPRESSED_COLOUR);
    expect(colourOf({ kind: 'missing' })).toBe(MISSING_COLOUR);
  });
});

describe('the day the map shows', () => {
  it("is the last day a neighbour's figures arrived for, not today (which no neighbour has sent yet)", () => {
    const today = {
      ...data,
      days: [...data.days, '2026-12-07'],
      series: data.series.map((s) => ({ ...s, days: [...s.days, s.own ? s.days[1] : null] })),
    };
    expect(mapDayIndex(today as JointFigures)).toBe(1);
    const none = { ...data, series: data.series.filter((s) => s.own) };
    expect(mapDayIndex(none as JointFigures)).toBe(1);
  });
});

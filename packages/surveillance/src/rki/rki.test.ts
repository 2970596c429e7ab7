import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DetectionInputError } from '../errors.ts';
import { rki, rki1, rki3 } from './rki.ts';
import { RKI_CI_TABLE } from './rki-table.ts';

describe('RKI table', () => {
  it('is identical to the reference copy of surveillance:::CIdata', () => {
    const ref = JSON.parse(readFileSync(new URL('../../test/reference/tables/rki_CIdata.json', import.meta.url), 'utf8'));
    expect(RKI_CI_TABLE.mu).toEqual(ref.mu);
    expect(RKI_CI_TABLE.U).toEqual(ref.U);
    expect(RKI_CI_TABLE.O).toEqual(ref.O);
  });
});

describe('rki', () => {
  it('looks the limit up in the table when the baseline mean is at most 20', () => {
    // rki1: the 6 points before t; mean of [3,4,5,3,4,5] = 4 → O[4] = 9.598
    const { points } = rki1({ observed: [3, 4, 5, 3, 4, 5, 10], frequency: 52, start: [2020, 1] }, { range: [7, 7] });
    expect(points[0]).toEqual({ t: 7, observed: 10, upperbound: 9.598, alarm: true });
  });

  it('uses mean + 2 sd above 20', () => {
    const base = [21, 25, 30, 22, 26, 28];
    const mean = base.reduce((a, b) => a + b) / 6;
    const sd = Math.sqrt(base.reduce((a, b) => a + (b - mean) ** 2, 0) / 5);
    const { points } = rki1({ observed: [...base, 33], frequency: 52, start: [2020, 1] }, { range: [7, 7] });
    expect(points[0].upperbound).toBeCloseTo(mean + 2 * sd, 12);
    expect(points[0].alarm).toBe(33 > mean + 2 * sd);
  });

  it('rki3 uses only previous years (b = 2, w = 4, actY = false)', () => {
    const y = Array.from({ length: 120 }, () => 0);
    for (const c of [110 - 52, 110 - 104]) for (let i = c - 4; i <= c + 4; i++) y[i - 1] = 2;
    y[109] = 7;
    const { points } = rki3({ observed: y, frequency: 52, start: [2020, 1] }, { range: [110, 110] });
    expect(points[0].upperbound).toBe(RKI_CI_TABLE.O[2]);
    expect(points[0].alarm).toBe(true);
    expect(() => rki3({ observed: y, frequency: 52, start: [2020, 1] }, { range: [100, 110] })).toThrow(DetectionInputError);
    expect(rki({ observed: y, frequency: 52, start: [2020, 1] }).points[0].t).toBe(2 * 52 + 4 + 1);
  });
});

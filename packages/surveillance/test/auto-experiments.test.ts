/**
 * Issue 20, second round (docs/auto-method.md "Second round"): pins the per-scenario claim of the docs — at each R
 * method's false-alarm rate in each scenario of the reference grid, auto detects strictly more outbreaks in 36 of the
 * 44 pairs, and exactly these 8 are not — and checks the family-baseline experiment on fixed inputs.
 */
import { describe, expect, it } from 'vitest';
import { familyResiduals, scoreRule } from '../bench/experiments/family-baseline.ts';
import { matchedPerScenario } from '../bench/experiments/matched-scenarios.ts';
import { referenceGrid } from '../bench/quality-grid.ts';

describe('auto against every R method per scenario, at matched false-alarm rates', () => {
  const ref = referenceGrid();
  const rows = matchedPerScenario(ref);

  it('is strictly better in 36 of 44 (scenario, R method) pairs, as the docs say', () => {
    expect(rows).toHaveLength(44);
    expect(rows.every((r) => r.fpr <= r.rFpr)).toBe(true);
    const not = rows
      .filter((r) => !r.better)
      .map((r) => `${r.scenario} ${r.algorithm} ${(100 * r.pod).toFixed(1)}/${(100 * r.rPod).toFixed(1)}`);
    expect(not).toEqual([
      'S01 farringtonFlexible_noufaily_delta 65.2/69.6',
      'S01 earsC_C1 65.2/65.2',
      'S05 farringtonFlexible_default 63.6/63.6',
      'S05 farrington_b3_w3 63.6/63.6',
      'S05 cusum 68.2/100.0',
      'S05 rki3 63.6/63.6',
      'S08 cusum 81.0/85.7',
      'S12 cusum 81.8/100.0',
    ]);
  });
});

describe('family baseline (borrowing strength across series)', () => {
  const ref = referenceGrid().filter((s) => s.scenario === 'S12' && s.series <= 3);

  it("equals auto's own residuals when the family is one series' copies, and scores them the same", () => {
    const copies = [0, 1, 2].map((i) => ({ ...ref[0]!, series: i + 1 }));
    const z = familyResiduals(copies);
    expect(z).toHaveLength(3);
    expect(z[0]!.own).toHaveLength(49);
    for (let t = 0; t < 49; t++) for (let j = 0; j < 3; j++) expect(z[0]!.fam[t]![j]).toBeCloseTo(z[0]!.own[t]![j]!, 6);
    const rule = { window: 3, k: 0.75, zMin: 1, h: 1.54 };
    expect(scoreRule(copies, z, 'fam', rule).get('ALL')!.POD).toBe(scoreRule(copies, z, 'own', rule).get('ALL')!.POD);
  });

  it('moves the residuals of a series when its family differs', () => {
    const z = familyResiduals(ref);
    const diff = z[0]!.own.flat().reduce((a, v, i) => a + Math.abs(v - z[0]!.fam.flat()[i]!), 0);
    expect(diff).toBeGreaterThan(0.5);
  });
});

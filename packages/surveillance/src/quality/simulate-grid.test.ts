import { describe, expect, it } from 'vitest';
import { NOUFAILY_SCENARIOS, lognormalSpread, scenarioMean, simulateNoufailyGrid } from './simulate-grid.ts';

describe('simulateNoufailyGrid (the design of test/reference/quality)', () => {
  it('spreads outbreak cases as surveillance:::lognormDiscrete(20, 0, 0.5)', () => {
    const p = lognormalSpread();
    expect(p).toHaveLength(20);
    // the README's values: 0.500, 0.417, 0.069, 0.011, …
    expect(p[0]).toBeCloseTo(0.5, 3);
    expect(p[1]).toBeCloseTo(0.417, 3);
    expect(p[2]).toBeCloseTo(0.069, 3);
    expect(p[3]).toBeCloseTo(0.011, 3);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('has the twelve scenarios with their baseline means', () => {
    expect(NOUFAILY_SCENARIOS.map((s) => s.id)).toEqual([
      'S01',
      'S02',
      'S03',
      'S04',
      'S05',
      'S06',
      'S07',
      'S08',
      'S09',
      'S10',
      'S11',
      'S12',
    ]);
    const s12 = NOUFAILY_SCENARIOS[11]!;
    const t = 13;
    const expected = Math.exp(
      3 +
        0.002 * t +
        0.2 * Math.cos((2 * Math.PI * t) / 52) +
        0.4 * Math.sin((2 * Math.PI * t) / 52) +
        0.2 * Math.cos((4 * Math.PI * t) / 52) +
        0.4 * Math.sin((4 * Math.PI * t) / 52),
    );
    expect(scenarioMean(s12, t)).toBeCloseTo(expected, 12);
  });

  const grid = simulateNoufailyGrid({ seed: 42, seriesPerScenario: 30, scenarios: ['S01', 'S07'] });

  it('is determined by its seed, series by series', () => {
    const again = simulateNoufailyGrid({ seed: 42, seriesPerScenario: 2, scenarios: ['S07'] });
    expect(again[1]!.observed).toEqual(grid.find((s) => s.scenario === 'S07' && s.series === 2)!.observed);
    const other = simulateNoufailyGrid({ seed: 43, seriesPerScenario: 1, scenarios: ['S01'] });
    expect(other[0]!.observed).not.toEqual(grid[0]!.observed);
  });

  it('draws the baseline with mean μ and variance φμ, and one current outbreak in the window', () => {
    for (const id of ['S01', 'S07']) {
      const sc = NOUFAILY_SCENARIOS.find((s) => s.id === id)!;
      const baseline: number[] = [];
      for (const s of grid.filter((g) => g.scenario === id)) {
        for (let t = 1; t <= 300; t++) baseline.push(s.observed[t - 1]! - s.outbreak[t - 1]!);
        expect(s.observed).toHaveLength(624);
        expect(s.evalRange).toEqual([576, 624]);
        expect(s.current.start).toBeGreaterThanOrEqual(576);
        expect(s.current.start).toBeLessThanOrEqual(620);
        expect(s.current.k).toBeGreaterThanOrEqual(1);
        expect(s.current.k).toBeLessThanOrEqual(10);
        // the window holds the current outbreak's cases only, from its start week on
        const inWindow = s.outbreak.slice(575).reduce((a, b) => a + b, 0);
        expect(inWindow).toBeLessThanOrEqual(s.current.cases);
        for (let t = 576; t < s.current.start; t++) expect(s.outbreak[t - 1]).toBe(0);
        // four past outbreaks in the history
        expect(s.outbreak.slice(315, 575).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      }
      const mu = scenarioMean(sc, 1);
      const mean = baseline.reduce((a, b) => a + b, 0) / baseline.length;
      const variance = baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / (baseline.length - 1);
      expect(mean / mu).toBeGreaterThan(0.95);
      expect(mean / mu).toBeLessThan(1.05);
      expect(variance / (sc.phi * mu)).toBeGreaterThan(0.85);
      expect(variance / (sc.phi * mu)).toBeLessThan(1.15);
    }
  });
});

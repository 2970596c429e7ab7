import { describe, expect, it } from 'vitest';
import { simulateMetapop } from '../metapop/deterministic.ts';
import type { MetapopModel } from '../metapop/model.ts';
import { compareScenarios, compareScenariosStochastic } from './scenarios.ts';

const base: MetapopModel = {
  patches: [
    { id: 'port', population: 60_000, I0: 20 },
    { id: 'town', population: 30_000 },
  ],
  links: [{ id: 'ferry', from: 'town', to: 'port', flow: 4000, kind: 'shipping' }],
  disease: { beta: 0.5, sigma: 1 / 3, gamma: 1 / 5 },
};

describe('compareScenarios', () => {
  const cmp = compareScenarios(
    base,
    [
      { name: 'no measures', interventions: [] },
      { name: 'schools closed', interventions: [{ type: 'contactReduction', setting: 'school', reduction: 1, start: 10, end: 70 }] },
      { name: 'lockdown', interventions: [{ type: 'contactReduction', reduction: 0.7, start: 10, end: 200 }] },
    ],
    { days: 200 },
    { capacities: { beds: 300, icuBeds: 30 }, supplies: [{ id: 'ppe', stock: 20_000, perHospitalPatientDay: 4 }] },
  );

  it('matches a direct run for each scenario', () => {
    const direct = simulateMetapop(
      { ...base, interventions: [{ type: 'contactReduction', setting: 'school', reduction: 1, start: 10, end: 70 }] },
      { days: 200 },
    );
    let total = 0;
    for (let i = 0; i < 2; i++) total += direct.cumulativeInfections[200 * 2 + i];
    expect(cmp.outcomes[1].totalInfections).toBeCloseTo(total, 6);
    expect(cmp.outcomes[1].infectionsAverted).toBeCloseTo(cmp.outcomes[0].totalInfections - total, 6);
  });

  it('orders the schedules as expected: stronger measures, fewer infections and less time over capacity', () => {
    const [none, schools, lockdown] = cmp.outcomes;
    expect(none.attackRate).toBeGreaterThan(0.85);
    expect(schools.totalInfections).toBeLessThan(none.totalInfections);
    expect(lockdown.totalInfections).toBeLessThan(0.05 * none.totalInfections);
    expect(schools.peakDay).toBeGreaterThan(none.peakDay);
    expect(none.daysOverBeds).toBeGreaterThan(0);
    expect(lockdown.daysOverBeds).toBe(0);
    expect(lockdown.firstDayOverBeds).toBeNull();
    expect(none.hospitalPeak).toBeGreaterThan(lockdown.hospitalPeak);
    expect(none.supplyRunOut.ppe).not.toBeNull();
    expect(lockdown.supplyRunOut.ppe).toBeNull();
    expect(none.infectionsByPatch).toHaveLength(2);
    // The port is seeded: it peaks no later than the town.
    expect(none.peakDayByPatch[0]).toBeLessThanOrEqual(none.peakDayByPatch[1]);
  });

  it('names the offending field', () => {
    expect(() =>
      compareScenarios(base, [{ name: 'x', interventions: [{ type: 'mobilityRestriction', start: 0, reduction: 1, links: ['bridge'] }] }]),
    ).toThrow('scenarios[0].interventions[0].links[0]: unknown link "bridge"');
    expect(() => compareScenarios(base, [])).toThrow('scenarios: must be a non-empty list');
  });
});

describe('compareScenariosStochastic', () => {
  const schedules = [
    { name: 'no measures', interventions: [] },
    { name: 'no measures again', interventions: [] },
    { name: 'lockdown', interventions: [{ type: 'contactReduction' as const, reduction: 0.7, start: 10, end: 200 }] },
  ];
  const out = compareScenariosStochastic(base, schedules, { runs: 24, days: 150, seed: 5 }, { capacities: { icuBeds: 30 } });

  it('gives ordered intervals, and identical outcomes for identical schedules (common random numbers)', () => {
    const [none, again, lockdown] = out;
    expect(again).toEqual({ ...none, name: 'no measures again' });
    for (const o of out) {
      for (const k of ['totalInfections', 'peakInfectious', 'peakDay', 'hospitalPeak', 'icuPeak', 'daysOverIcu'] as const) {
        expect(o[k].lower).toBeLessThanOrEqual(o[k].median);
        expect(o[k].median).toBeLessThanOrEqual(o[k].upper);
      }
    }
    expect(lockdown.totalInfections.median).toBeLessThan(0.1 * none.totalInfections.median);
    expect(none.probabilityIcuOver).toBeGreaterThan(lockdown.probabilityIcuOver);
    expect(lockdown.probabilityFizzle).toBeGreaterThan(0.5);
  });

  it('centres on the deterministic outcome without measures', () => {
    const det = compareScenarios(base, [schedules[0]], { days: 150 }).outcomes[0];
    const none = out[0];
    // 20 infectious people at the start: early extinction is rare, so the median run is a full epidemic.
    expect(none.probabilityFizzle).toBeLessThan(0.1);
    expect(Math.abs(none.totalInfections.median / det.totalInfections - 1)).toBeLessThan(0.05);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateMetapop } from './deterministic.ts';
import type { MetapopModel } from './model.ts';

/**
 * The model of reference/metapop_3patch.R, written in our input format. The R script codes the
 * equations by hand (no shared code), so agreement checks the compilation of links, settings,
 * isolation, vaccination, importation and schedules as well as the solver.
 */
const model: MetapopModel = {
  patches: [
    { id: 'port', population: 50_000, I0: 10 },
    { id: 'town', population: 20_000 },
    { id: 'village', population: 8_000 },
  ],
  links: [
    { from: 'town', to: 'port', flow: 3000 },
    { from: 'village', to: 'town', flow: 800, timeFraction: 0.5 },
    { id: 'ferry', from: 'port', to: 'town', flow: 1000, timeFraction: 0.25, kind: 'shipping' },
  ],
  disease: { beta: 0.5, sigma: 1 / 4, gamma: 1 / 5 },
  interventions: [
    { type: 'importation', start: 0, end: 10, perDay: 2, patches: ['port'] },
    { type: 'contactReduction', start: 20, end: 50, setting: 'school', reduction: 1, patches: ['town'] },
    { type: 'isolation', start: 25, detected: 0.4, delayDays: 2 },
    { type: 'mobilityRestriction', start: 30, kinds: ['shipping'], reduction: 0.8 },
    { type: 'vaccination', start: 40, dosesPerDay: 300, efficacy: 0.8 },
  ],
};

const reference = JSON.parse(readFileSync(join(import.meta.dirname, 'reference/metapop_3patch.json'), 'utf8')) as Record<
  'S' | 'E' | 'I' | 'R' | 'C',
  number[][]
>;

describe('metapopulation SEIR against deSolve (reference/metapop_3patch.R)', () => {
  it('agrees with lsoda at every day, every patch and compartment, to 1e-8 of the population', () => {
    const run = simulateMetapop(model, { days: 120, rtol: 1e-10, atol: 1e-8 });
    const ours = { S: run.S, E: run.E, I: run.I, R: run.R, C: run.cumulativeInfections };
    let worst = 0;
    for (const k of ['S', 'E', 'I', 'R', 'C'] as const) {
      for (let i = 0; i < 3; i++) {
        const N = model.patches[i].population;
        expect(reference[k][i]).toHaveLength(121);
        for (let t = 0; t <= 120; t++) worst = Math.max(worst, Math.abs(ours[k][t * 3 + i] - reference[k][i][t]) / N);
      }
    }
    expect(worst).toBeLessThan(1e-8);
  });
});

/**
 * Metapopulation target 1: the deterministic model with 3 000 patches over days 0..365 in ≤ 2 s
 * (DOPRI5 at the package defaults rtol 1e-6, atol 1e-4 people; breakpoints at the schedule
 * changes). Checked untimed: conservation of every patch's population and the error against a run
 * at rtol 1e-10.
 */
import { createRng } from '@outbreak/stats';
import { type CompiledMetapop, compileMetapop, type MetapopModel, type MetapopResult, simulateMetapop } from '../../src/index.ts';
import type { BenchWorkload } from '../workload.ts';

/**
 * `n` patches of 5 000–60 000 people on a ring of townships; each sends commuters to 4 patches
 * among its 20 nearest (0.5–3 % of residents each), and patch 0 is a port with shipping links to
 * 10 distant patches. Seeded in the port; a first wave of importation, a contact reduction from day
 * 40 to 100, a port restriction from day 30 and isolation from day 20: 6 schedule changes.
 */
export function syntheticMetapop(n: number, seed = 2026): MetapopModel {
  const rng = createRng(seed);
  const patches = Array.from({ length: n }, (_, i) => ({
    id: `p${i}`,
    population: 5000 + rng.int(55_000),
    ...(i === 0 ? { I0: 20 } : {}),
  }));
  const links: NonNullable<MetapopModel['links']> = [];
  for (let i = 0; i < n; i++) {
    const seen = new Set<number>();
    for (let k = 0; k < 4; k++) {
      const j = (i + 1 + rng.int(Math.min(20, n - 1))) % n;
      if (j === i || seen.has(j)) continue;
      seen.add(j);
      links.push({
        from: `p${i}`,
        to: `p${j}`,
        flow: Math.round(patches[i].population * (0.005 + 0.025 * rng.nextDouble())),
        kind: 'commuting',
      });
    }
  }
  for (let k = 1; k <= Math.min(10, n - 1); k++) {
    const j = Math.floor((k * n) / 11) || 1;
    links.push({ id: `ship-${k}`, from: 'p0', to: `p${j}`, flow: 300, kind: 'shipping', timeFraction: 0.25 });
  }
  return {
    patches,
    links,
    disease: { beta: 0.55, sigma: 0.25, gamma: 0.2 },
    interventions: [
      { type: 'importation', start: 0, end: 14, perDay: 3, patches: ['p0'] },
      { type: 'isolation', start: 20, detected: 0.3 },
      { type: 'mobilityRestriction', start: 30, kinds: ['shipping'], reduction: 0.8 },
      { type: 'contactReduction', start: 40, end: 100, setting: 'school', reduction: 0.9 },
      { type: 'contactReduction', start: 40, end: 100, setting: 'work', reduction: 0.3 },
    ],
  };
}

const PATCHES = 3000;
const DAYS = 365;
/** CPU seconds of the last timed run: under load, the time a quiet machine would take. */
let cpuSeconds = 0;

export const workload: BenchWorkload<CompiledMetapop> = {
  id: 'metapop-det',
  title: () => `metapop SEIR deterministic, ${PATCHES} patches × ${DAYS} days`,
  target: { seconds: 2, text: '≤ 2 s' },
  needsInputs: false,
  // Compiling (validation, CSR, epochs) is done once per model and is not part of the solve.
  prepare: () => compileMetapop(syntheticMetapop(PATCHES)),
  run(model) {
    const before = process.cpuUsage();
    const result = simulateMetapop(model, { days: DAYS });
    const used = process.cpuUsage(before);
    cpuSeconds = (used.user + used.system) / 1e6;
    return result;
  },
  check(model, result) {
    const run = result as MetapopResult;
    const n = model.n;
    let conservation = 0;
    for (let t = 0; t <= DAYS; t++) {
      for (let i = 0; i < n; i++) {
        const k = t * n + i;
        conservation = Math.max(
          conservation,
          Math.abs(run.S[k] + run.E[k] + run.I[k] + run.R[k] - model.population[i]) / model.population[i],
        );
      }
    }
    const fine = simulateMetapop(model, { days: DAYS, rtol: 1e-10, atol: 1e-8 });
    let err = 0;
    for (let k = 0; k < run.I.length; k++) err = Math.max(err, Math.abs(run.I[k] - fine.I[k]) / model.population[k % n]);
    let total = 0;
    for (let i = 0; i < n; i++) total += run.cumulativeInfections[DAYS * n + i];
    return [
      `CPU time of the last run: ${cpuSeconds.toFixed(2)} s`,
      `${model.colIndex.length - n} links, ${model.breakpoints.length} breakpoints; ${run.stats.accepted} steps, ${run.stats.rhsEvals} right-hand sides`,
      `max |S+E+I+R − N| / N = ${conservation.toExponential(1)}; max |I − I(rtol 1e-10)| / N = ${err.toExponential(1)}; ${Math.round(total)} infections`,
    ];
  },
};

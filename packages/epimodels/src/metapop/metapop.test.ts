import { createRng } from '@outbreak/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateSeir } from '../seir/seir.ts';
import { simulateMetapop, sumOverPatches } from './deterministic.ts';
import { allocateEnsembleBuffers, runEnsembleReplicates, runMetapopEnsemble } from './ensemble.ts';
import { compileMetapop, type MetapopModel, MetapopModelError, validateMetapopModel } from './model.ts';
import { simulateMetapopStochastic } from './stochastic.ts';

const disease = { beta: 0.6, sigma: 1 / 3, gamma: 1 / 5 };

/** Two patches: a port quarter seeded with cases and a town whose commuters work there. */
function portAndTown(extra: Partial<MetapopModel> = {}): MetapopModel {
  return {
    patches: [
      { id: 'port', population: 80_000, I0: 20 },
      { id: 'town', population: 40_000 },
    ],
    links: [{ id: 'ferry', from: 'town', to: 'port', flow: 6000, kind: 'shipping' }],
    disease,
    ...extra,
  };
}

const paramsArb = fc.record({
  beta: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
  sigma: fc.double({ min: 0.1, max: 1, noNaN: true }),
  gamma: fc.double({ min: 0.05, max: 1, noNaN: true }),
});

describe('deterministic metapopulation SEIR', () => {
  it('zero mobility: every patch equals a single-patch SEIR run', () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.array(fc.record({ N: fc.integer({ min: 100, max: 1_000_000 }), I0: fc.integer({ min: 0, max: 50 }) }), {
          minLength: 1,
          maxLength: 4,
        }),
        (d, ps) => {
          const model: MetapopModel = {
            patches: ps.map((p, i) => ({ id: `p${i}`, population: p.N, I0: Math.min(p.I0, p.N) })),
            disease: d,
          };
          const run = simulateMetapop(model, { days: 60, rtol: 1e-9, atol: 1e-9 });
          const n = ps.length;
          ps.forEach((p, i) => {
            const I0 = Math.min(p.I0, p.N);
            const ref = simulateSeir({ ...d, N: p.N, S0: p.N - I0, E0: 0, I0, R0: 0 }, { days: 60 });
            for (let t = 0; t <= 60; t++) {
              expect(Math.abs(run.S[t * n + i] - ref.S[t]) / p.N).toBeLessThan(1e-7);
              expect(Math.abs(run.I[t * n + i] - ref.I[t]) / p.N).toBeLessThan(1e-7);
            }
          });
        },
      ),
      { numRuns: 15, seed: 4 },
    );
  });

  it('conserves S + E + I + R = N to solver tolerance and keeps compartments ≥ 0', () => {
    fc.assert(
      fc.property(paramsArb, fc.integer({ min: 2, max: 6 }), fc.integer({ min: 0, max: 1000 }), (d, n, seed) => {
        const rng = createRng(seed);
        const patches = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, population: 1000 + rng.int(100_000), I0: i === 0 ? 5 : 0 }));
        const links = Array.from({ length: n }, (_, i) => ({ from: `p${i}`, to: `p${(i + 1) % n}`, flow: rng.int(500) }));
        const model: MetapopModel = {
          patches,
          links,
          disease: d,
          interventions: [
            { type: 'contactReduction', start: 10, end: 30, reduction: 0.5, setting: 'work' },
            { type: 'vaccination', start: 5, dosesPerDay: 200 },
            { type: 'importation', start: 0, end: 20, perDay: 3, patches: [`p${n - 1}`] },
          ],
        };
        const run = simulateMetapop(model, { days: 80 });
        for (let t = 0; t <= 80; t++) {
          for (let i = 0; i < n; i++) {
            const k = t * n + i;
            const total = run.S[k] + run.E[k] + run.I[k] + run.R[k];
            expect(Math.abs(total - patches[i].population) / patches[i].population).toBeLessThan(1e-9);
            for (const x of [run.S[k], run.E[k], run.I[k], run.R[k]]) expect(x).toBeGreaterThan(-1e-3);
          }
        }
      }),
      { numRuns: 10, seed: 11 },
    );
  });

  it('infection crosses a mobility link, and a full restriction of that link keeps the town free', () => {
    const open = simulateMetapop(portAndTown(), { days: 150 });
    expect(open.cumulativeInfections[150 * 2 + 1]).toBeGreaterThan(0.5 * 40_000);
    const closed = simulateMetapop(
      portAndTown({ interventions: [{ type: 'mobilityRestriction', start: 0, reduction: 1, links: ['ferry'] }] }),
      { days: 150 },
    );
    expect(closed.cumulativeInfections[150 * 2 + 1]).toBe(0);
    // The port alone is then a well-mixed SEIR patch: R0 = 3 gives an attack rate of ≈ 94 %.
    expect(closed.cumulativeInfections[150 * 2] / 80_000).toBeCloseTo(0.9405, 3);
  });

  it('a restriction by kind delays the town epidemic', () => {
    const peakDay = (r: ReturnType<typeof simulateMetapop>, i: number) => {
      let best = 0;
      for (let t = 1; t < r.times.length; t++) if (r.I[t * 2 + i] > r.I[best * 2 + i]) best = t;
      return best;
    };
    const open = simulateMetapop(portAndTown(), { days: 200 });
    const cut = simulateMetapop(
      portAndTown({ interventions: [{ type: 'mobilityRestriction', start: 0, reduction: 0.99, kinds: ['shipping'] }] }),
      { days: 200 },
    );
    expect(peakDay(cut, 1) - peakDay(open, 1)).toBeGreaterThan(10);
  });

  it('stopping all contacts at day 30 stops new infections exactly from day 30 (breakpoint)', () => {
    const run = simulateMetapop(portAndTown({ interventions: [{ type: 'contactReduction', start: 30, reduction: 1 }] }), { days: 60 });
    expect(run.cumulativeInfections[29 * 2] + 1).toBeLessThan(run.cumulativeInfections[30 * 2]);
    for (let t = 30; t < 60; t++) expect(run.incidence[t * 2]).toBeCloseTo(0, 9);
  });

  it('isolation of every case at onset (effectiveness 1, no delay) stops transmission', () => {
    const run = simulateMetapop(portAndTown({ interventions: [{ type: 'isolation', start: 0, detected: 1, delayDays: 0 }] }), { days: 60 });
    expect(run.cumulativeInfections[60 * 2] + run.cumulativeInfections[60 * 2 + 1]).toBeCloseTo(0, 6);
    // 30 % detected after 2 days with γ = 0.2: ι = 1 − 0.3·e^(−0.4) = 0.7989
    const c = compileMetapop(portAndTown({ interventions: [{ type: 'isolation', start: 5, detected: 0.3 }] }));
    expect(c.epochs[1].iota[0]).toBeCloseTo(1 - 0.3 * Math.exp(-0.4), 12);
  });

  it('vaccination and importation follow their closed forms without transmission', () => {
    const model: MetapopModel = {
      patches: [{ id: 'a', population: 10_000 }],
      disease: { beta: 0, sigma: 0.2, gamma: 0.2 },
      interventions: [
        { type: 'vaccination', start: 0, dosesPerDay: 100, efficacy: 0.5 },
        { type: 'importation', start: 0, perDay: 4 },
      ],
    };
    const run = simulateMetapop(model, { days: 50, rtol: 1e-10, atol: 1e-8 });
    // dS/dt = −(ε + v) S with ε = 4/N, v = 100·0.5/N: S(t) = N e^{−(ε+v) t}; infections take the ε share.
    const h = (4 + 50) / 10_000;
    expect(run.S[50]).toBeCloseTo(10_000 * Math.exp(-h * 50), 5);
    expect(run.cumulativeInfections[50]).toBeCloseTo((4 / 10_000 / h) * 10_000 * (1 - Math.exp(-h * 50)), 5);
  });

  it('contact reduction by setting scales transmission by the setting share', () => {
    const c = compileMetapop(
      portAndTown({ interventions: [{ type: 'contactReduction', start: 10, setting: 'school', reduction: 1, patches: ['town'] }] }),
    );
    expect(c.epochs[1].coef[1] / c.epochs[0].coef[1]).toBeCloseTo(1 - 0.14, 12);
    expect(c.epochs[1].coef[0]).toBe(c.epochs[0].coef[0]);
    expect(c.breakpoints).toEqual([10]);
  });

  it('names the offending field in validation errors', () => {
    const bad = (m: unknown) => () => validateMetapopModel(m);
    expect(bad({ ...portAndTown(), links: [{ from: 'town', to: 'nowhere', flow: 1 }] })).toThrow('links[0].to: unknown patch "nowhere"');
    expect(bad({ ...portAndTown(), patches: [{ id: 'a', population: 10, I0: 20 }] })).toThrow(MetapopModelError);
    expect(bad({ ...portAndTown(), interventions: [{ type: 'curfew', start: 1 }] })).toThrow(
      'interventions[0].type: unknown intervention "curfew"',
    );
    expect(bad({ ...portAndTown(), interventions: [{ type: 'contactReduction', start: 1, reduction: 1.5 }] })).toThrow(
      'interventions[0].reduction: must be ≤ 1',
    );
    expect(bad({ ...portAndTown(), links: [{ from: 'town', to: 'port', flow: 200_000 }] })).toThrow(
      'patches[1]: residents of town spend a share',
    );
    expect(bad({ ...portAndTown(), disease: { beta: 0.5, sigma: -1, gamma: 0.2 } })).toThrow('disease.sigma: must be ≥ 0');
  });
});

describe('stochastic metapopulation SEIR', () => {
  it('S + E + I + R = N exactly, whole and non-negative counts (property)', () => {
    fc.assert(
      fc.property(
        paramsArb,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 1, max: 4 }),
        (d, n, seed, steps) => {
          const rng = createRng(seed);
          const patches = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, population: 50 + rng.int(5000), I0: i === 0 ? 3 : 0 }));
          const links = n > 1 ? Array.from({ length: n }, (_, i) => ({ from: `p${i}`, to: `p${(i + 1) % n}`, flow: rng.int(40) })) : [];
          const model: MetapopModel = {
            patches,
            links,
            disease: d,
            interventions: [
              { type: 'vaccination', start: 3, dosesPerDay: 10 },
              { type: 'importation', start: 0, end: 10, perDay: 1 },
            ],
          };
          const run = simulateMetapopStochastic(model, { days: 40, stepsPerDay: steps }, rng.split(1));
          for (let t = 0; t <= 40; t++) {
            for (let i = 0; i < n; i++) {
              const k = t * n + i;
              expect(run.S[k] + run.E[k] + run.I[k] + run.R[k]).toBe(patches[i].population);
              for (const x of [run.S[k], run.E[k], run.I[k], run.R[k]]) {
                expect(x).toBeGreaterThanOrEqual(0);
                expect(Number.isInteger(x)).toBe(true);
              }
            }
          }
        },
      ),
      { numRuns: 20, seed: 5 },
    );
  });

  it('is reproducible from its seed', () => {
    const a = simulateMetapopStochastic(portAndTown(), { days: 30 }, createRng(9));
    const b = simulateMetapopStochastic(portAndTown(), { days: 30 }, createRng(9));
    expect(Array.from(a.I)).toEqual(Array.from(b.I));
  });

  it('the mean approaches the deterministic solution as N grows', () => {
    // Attack rate by day 100 of one patch, R0 = 3, 1 % initially infectious; the error of the mean
    // of 20 runs against the ODE shrinks with N (demographic noise and early extinction ~ 1/√N) down
    // to the O(Δt) bias of the chain binomial, small at Δt = 1/32 day.
    const error = (N: number) => {
      const model: MetapopModel = { patches: [{ id: 'a', population: N, I0: N / 100 }], disease };
      const ode = simulateMetapop(model, { days: 100 });
      const target = ode.cumulativeInfections[100];
      let sum = 0;
      const runs = 20;
      for (let r = 0; r < runs; r++) {
        const run = simulateMetapopStochastic(model, { days: 100, stepsPerDay: 32 }, createRng(100).split(r));
        let c = 0;
        for (let t = 0; t < 100; t++) c += run.incidence[t];
        sum += c;
      }
      return Math.abs(sum / runs - target) / N;
    };
    const small = error(200);
    const large = error(1_000_000);
    expect(large).toBeLessThan(1e-3);
    expect(large).toBeLessThan(small);
  });

  it('an ensemble does not depend on how its replicates are split (threads)', () => {
    const c = compileMetapop(portAndTown());
    const opts = { days: 40, seed: 'split-test', runs: 10 };
    const whole = allocateEnsembleBuffers(2, 40, 10);
    runEnsembleReplicates(c, opts, 0, 10, whole);
    const parts = allocateEnsembleBuffers(2, 40, 10);
    runEnsembleReplicates(c, opts, 6, 10, parts);
    runEnsembleReplicates(c, opts, 0, 6, parts);
    expect(Array.from(parts.infectious)).toEqual(Array.from(whole.infectious));
    expect(Array.from(parts.incidence)).toEqual(Array.from(whole.incidence));
  });

  it('refuses an ensemble too large to hold in memory, naming runs', () => {
    expect(() => allocateEnsembleBuffers(3000, 365, 1000)).toThrow('runs: 1000 runs × 3000 patches × 365 days need 16.3 GiB');
  });

  it('ensemble quantiles are ordered and bracket the deterministic curve', () => {
    const ens = runMetapopEnsemble(portAndTown(), { runs: 60, days: 120, seed: 3 });
    const ode = simulateMetapop(portAndTown(), { days: 120 });
    const total = sumOverPatches(ode.I, 2);
    const cols = ens.columns.length;
    expect(ens.columns).toEqual(['port', 'town', 'total']);
    const lo = ens.infectious.quantiles[0];
    const mid = ens.infectious.quantiles[3];
    const hi = ens.infectious.quantiles[6];
    for (let t = 0; t <= 120; t++) {
      const k = t * cols + 2;
      expect(lo[k]).toBeLessThanOrEqual(mid[k]);
      expect(mid[k]).toBeLessThanOrEqual(hi[k]);
    }
    // At the deterministic peak the 95 % band contains the ODE value.
    let peak = 0;
    for (let t = 0; t <= 120; t++) if (total[t] > total[peak]) peak = t;
    expect(lo[peak * cols + 2]).toBeLessThan(total[peak]);
    expect(hi[peak * cols + 2]).toBeGreaterThan(total[peak]);
    expect(ens.peak.value.length).toBe(60);
  });
});

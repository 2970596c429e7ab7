import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dopri5Integrator } from '../ode/dopri5.ts';
import { dailyTimes, type SeirParams, simulateSeir, validateSeirParams } from './seir.ts';

const flu: SeirParams = { beta: 0.5, sigma: 0.5, gamma: 1 / 3, N: 1e6, S0: 999_990, E0: 0, I0: 10, R0: 0 };

/** Random but epidemiologically plausible SEIR parameter sets (rates per day). */
const seirParams = fc
  .record({
    beta: fc.double({ min: 0.05, max: 3, noNaN: true }),
    sigma: fc.double({ min: 0.05, max: 2, noNaN: true }),
    gamma: fc.double({ min: 0.03, max: 1, noNaN: true }),
    N: fc.integer({ min: 10, max: 100_000_000 }),
    e: fc.double({ min: 0, max: 0.1, noNaN: true }),
    i: fc.double({ min: 0, max: 0.1, noNaN: true }),
    r: fc.double({ min: 0, max: 0.5, noNaN: true }),
  })
  .map(({ beta, sigma, gamma, N, e, i, r }): SeirParams => {
    const E0 = Math.round(e * N);
    const I0 = Math.max(1, Math.round(i * N));
    const R0 = Math.round(r * N);
    return { beta, sigma, gamma, N, E0, I0, R0, S0: N - E0 - I0 - R0 };
  });

describe('simulateSeir', () => {
  it('returns daily trajectories starting from the initial state', () => {
    const run = simulateSeir(flu, { days: 10 });
    expect(Array.from(run.times)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect([run.S[0], run.E[0], run.I[0], run.R[0]]).toEqual([999_990, 0, 10, 0]);
    // Day 1 of the reference run (deSolve lsoda, rtol = atol = 1e-10): S = 999985.589995014.
    expect(run.S[1]).toBeCloseTo(999985.589995014, 3);
  });

  it('satisfies the final-size relation ln(S0/S∞) = (β/γ)(R∞ − R0)/N', () => {
    // Integrating dS/dt = −βSI/N and dR/dt = γI over the whole epidemic gives this identity exactly.
    const p = { ...flu, R0: 1000, S0: flu.S0 - 1000 };
    const run = simulateSeir(p, { times: [0, 3000] });
    const sInf = run.S[1];
    const rInf = run.R[1];
    expect(run.E[1] + run.I[1]).toBeLessThan(1e-6);
    expect(Math.log(p.S0 / sInf)).toBeCloseTo(((p.beta / p.gamma) * (rInf - p.R0)) / p.N, 9);
    // R0 = 1.5: about 58 % infected, the classical final size.
    expect((rInf - p.R0) / p.N).toBeCloseTo(0.5817, 3);
  });

  it('stays at the disease-free state when nobody is infected', () => {
    const run = simulateSeir({ ...flu, I0: 0, S0: 1e6 }, { days: 50 });
    expect(Array.from(run.S).every((s) => s === 1e6)).toBe(true);
    expect(Array.from(run.I).every((i) => i === 0)).toBe(true);
  });

  it('names the offending field on bad parameters', () => {
    expect(() => validateSeirParams({ ...flu, gamma: -1 })).toThrow(/^gamma must be ≥ 0/);
    expect(() => validateSeirParams({ ...flu, N: 0 })).toThrow(/^N must be > 0/);
    expect(() => validateSeirParams({ ...flu, beta: Number.NaN })).toThrow(/^beta must be a finite number/);
    expect(() => dailyTimes(-1)).toThrow(/days must be an integer ≥ 0/);
  });

  it('invariant: S + E + I + R = N to solver tolerance, for any parameters', () => {
    const ode = new Dopri5Integrator(4);
    fc.assert(
      fc.property(seirParams, (p) => {
        const run = simulateSeir(p, { days: 200 }, ode);
        let worst = 0;
        for (let t = 0; t < run.times.length; t++) {
          const total = run.S[t] + run.E[t] + run.I[t] + run.R[t];
          worst = Math.max(worst, Math.abs(total - p.N));
        }
        // Each RK stage adds derivatives that sum to zero, so only rounding accumulates.
        expect(worst).toBeLessThanOrEqual(1e-10 * p.N);
      }),
      { numRuns: 100 },
    );
  });

  it('invariant: no negative compartments; S never increases and R never decreases', () => {
    const ode = new Dopri5Integrator(4);
    fc.assert(
      fc.property(seirParams, (p) => {
        const run = simulateSeir(p, { days: 200 }, ode);
        // Near extinction I oscillates around 0 within the absolute tolerance (atol = 1e-10 people):
        // allow 10 × atol plus rounding relative to N.
        const slack = 1e-9 + 1e-12 * p.N;
        let lowest = Number.POSITIVE_INFINITY;
        let sRise = 0;
        let rFall = 0;
        for (let t = 0; t < run.times.length; t++) {
          lowest = Math.min(lowest, run.S[t], run.E[t], run.I[t], run.R[t]);
          if (t > 0) {
            sRise = Math.max(sRise, run.S[t] - run.S[t - 1]);
            rFall = Math.max(rFall, run.R[t - 1] - run.R[t]);
          }
        }
        expect(lowest).toBeGreaterThanOrEqual(-slack);
        expect(sRise).toBeLessThanOrEqual(slack);
        expect(rFall).toBeLessThanOrEqual(slack);
      }),
      { numRuns: 100 },
    );
  });
});

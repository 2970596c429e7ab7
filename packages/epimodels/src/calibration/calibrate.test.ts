import { createRng } from '@outbreak/stats';
import { describe, expect, it } from 'vitest';
import { simulateMetapop, sumOverPatches } from '../metapop/deterministic.ts';
import type { MetapopModel } from '../metapop/model.ts';
import { calibrateMetapop, expectedReports, withTransmissionAndSeed } from './calibrate.ts';
import { invertSpd, nelderMead, numericalHessian } from './optim.ts';

describe('optimiser helpers', () => {
  it('Nelder–Mead finds the Rosenbrock minimum', () => {
    const r = nelderMead(([a, b]) => 100 * (b - a * a) ** 2 + (1 - a) ** 2, [-1.2, 1], { reltol: 1e-14, maxEvals: 5000 });
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 3);
    expect(r.x[1]).toBeCloseTo(1, 3);
  });

  it('the numerical Hessian of a quadratic is exact, and its inverse is the covariance', () => {
    const f = ([x, y]: number[]) => 2 * x * x + 3 * x * y + 5 * y * y;
    const H = numericalHessian(f, [0.3, -0.7], 1e-3);
    expect(H[0][0]).toBeCloseTo(4, 6);
    expect(H[0][1]).toBeCloseTo(3, 6);
    expect(H[1][1]).toBeCloseTo(10, 6);
    const inv = invertSpd([
      [4, 3],
      [3, 10],
    ]) as number[][];
    expect(inv[0][0]).toBeCloseTo(10 / 31, 12);
    expect(inv[0][1]).toBeCloseTo(-3 / 31, 12);
    expect(invertSpd([[-1]])).toBeNull();
  });
});

const model: MetapopModel = {
  patches: [
    { id: 'port', population: 120_000, I0: 1 },
    { id: 'town', population: 50_000 },
    { id: 'village', population: 15_000 },
  ],
  links: [
    { from: 'town', to: 'port', flow: 8000 },
    { from: 'village', to: 'town', flow: 1500 },
  ],
  disease: { beta: 0.3, sigma: 1 / 4, gamma: 1 / 5 },
};

const truth = { beta: 0.45, seed: 25, rho: 0.3, delay: [0.1, 0.3, 0.4, 0.2], size: 20 };

/** Reports simulated from the true parameters with negative-binomial noise. */
function simulatedReports(days: number, seed: number, size = truth.size): number[] {
  const run = simulateMetapop(withTransmissionAndSeed(model, truth.beta, truth.seed), { days });
  const mu = expectedReports(sumOverPatches(run.incidence, 3), truth.rho, truth.delay);
  const rng = createRng(seed);
  return Array.from(mu, (m) => (Number.isFinite(size) ? rng.negativeBinomial(size, m) : rng.poisson(m)));
}

describe('calibrateMetapop', () => {
  it('recovers β and the initial infections from negative-binomial reports (tolerance: β within 5 %, seeds within 35 %, both inside the 95 % intervals)', () => {
    const observed = simulatedReports(60, 2024);
    const fit = calibrateMetapop(model, observed, {
      reportingFraction: truth.rho,
      reportingDelay: truth.delay,
      forecastDays: 14,
      draws: 100,
      starts: 3,
    });
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.beta.estimate / truth.beta - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.initialInfections.estimate / truth.seed - 1)).toBeLessThan(0.35);
    expect(fit.beta.lower).toBeLessThan(truth.beta);
    expect(fit.beta.upper).toBeGreaterThan(truth.beta);
    expect(fit.initialInfections.lower).toBeLessThan(truth.seed);
    expect(fit.initialInfections.upper).toBeGreaterThan(truth.seed);
    expect(fit.r0.estimate).toBeCloseTo(fit.beta.estimate * 5, 10);
    expect(fit.size?.estimate).toBeGreaterThan(3);
    // The forecast continues the data: bands ordered, and the 95 % prediction band of the next two
    // weeks contains most of the reports simulated from the truth beyond day 60.
    const future = simulatedReports(74, 2024);
    const [lo, , mid, , hi] = fit.forecast.reported.quantiles;
    let inside = 0;
    for (let t = 60; t < 74; t++) {
      expect(lo[t]).toBeLessThanOrEqual(mid[t]);
      expect(mid[t]).toBeLessThanOrEqual(hi[t]);
      if (future[t] >= lo[t] && future[t] <= hi[t]) inside++;
    }
    expect(inside).toBeGreaterThanOrEqual(12);
    expect(fit.forecast.days.length).toBe(74);
  });

  it('fits Poisson reports, with a narrower interval than the overdispersed fit', () => {
    const observed = simulatedReports(50, 7, Number.POSITIVE_INFINITY);
    const fit = calibrateMetapop(model, observed, {
      likelihood: 'poisson',
      reportingFraction: truth.rho,
      reportingDelay: truth.delay,
      forecastDays: 0,
      draws: 20,
      starts: 3,
    });
    expect(Math.abs(fit.beta.estimate / truth.beta - 1)).toBeLessThan(0.05);
    expect(fit.size).toBeUndefined();
    expect(fit.beta.seLog).toBeGreaterThan(0);
    expect(fit.beta.seLog).toBeLessThan(0.05);
  });

  it('names the offending field', () => {
    expect(() => calibrateMetapop(model, [1, 2, 3.5])).toThrow('observed[2]: must be a whole number');
    expect(() => calibrateMetapop(model, [1, 2, 3], { reportingFraction: 0 })).toThrow('reportingFraction');
    expect(() => calibrateMetapop({ ...model, links: [], patches: [{ id: 'a', population: 100 }] }, [1, 2, 3])).toThrow(
      'patches: give E0 or I0',
    );
  });
});

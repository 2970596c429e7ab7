import { describe, expect, it } from 'vitest';
import { Dopri5Integrator, dopri5, OdeError, type OdeRhs } from './dopri5.ts';

// Arenstorf orbit: the example driver dr_dop5.f distributed with Hairer's DOPRI5.
const MU = 0.012277471;
const MUP = 1 - MU;
const arenstorf: OdeRhs = (_t, y, d) => {
  d[0] = y[2];
  d[1] = y[3];
  let r1 = (y[0] + MU) ** 2 + y[1] ** 2;
  r1 *= Math.sqrt(r1);
  let r2 = (y[0] - MUP) ** 2 + y[1] ** 2;
  r2 *= Math.sqrt(r2);
  d[2] = y[0] + 2 * y[3] - (MUP * (y[0] + MU)) / r1 - (MU * (y[0] - MUP)) / r2;
  d[3] = y[1] - 2 * y[2] - (MUP * y[1]) / r1 - (MU * y[1]) / r2;
};
const ARENSTORF_Y0 = [0.994, 0, 0, -2.00158510637908252240537862224];
const ARENSTORF_T = 17.0652165601579625588917206249;

describe('dopri5', () => {
  it("reproduces Hairer's dr_dop5 output for the Arenstorf orbit (dense output and work counters)", () => {
    const times = [0, 2, 4, 6, 8, 10, 12, 14, 16, ARENSTORF_T];
    const sol = dopri5(arenstorf, ARENSTORF_Y0, times, { rtol: 1e-7, atol: 1e-7 });
    // Printed by the Fortran DOPRI5 driver (tol = 1e-7) with 10 significant digits, x and y coordinates.
    const fortran = [
      [0.994, 0],
      [-0.5798781411, 0.6090775251],
      [-0.198333527, 1.137638086],
      [-0.4735743943, 0.2239068118],
      [-1.17455335, -0.2759466982],
      [-0.8398073466, 0.4468302268],
      [0.01314712468, -0.8385751499],
      [-0.6031129504, -0.9912598031],
      [0.2427110999, -0.3899948833],
      [0.9940021016, 0.8911185692e-5],
    ];
    fortran.forEach(([x, y], i) => {
      expect(sol.y[4 * i]).toBeCloseTo(x, 9);
      expect(sol.y[4 * i + 1]).toBeCloseTo(y, 9);
    });
    // "tol=0.10D-06   fcn= 1442 step= 240 accpt= 216 rejct= 22"
    expect(sol.stats).toEqual({ rhsEvals: 1442, steps: 240, accepted: 216, rejected: 22 });
  });

  it('reports at requested times by interpolation, without changing the steps taken', () => {
    const coarse = dopri5(arenstorf, ARENSTORF_Y0, [0, ARENSTORF_T], { rtol: 1e-9, atol: 1e-9 });
    const grid = Array.from({ length: 2001 }, (_, i) => (i * ARENSTORF_T) / 2000);
    grid[2000] = ARENSTORF_T;
    const fine = dopri5(arenstorf, ARENSTORF_Y0, grid, { rtol: 1e-9, atol: 1e-9 });
    expect(fine.stats).toEqual(coarse.stats);
    expect(fine.stats.accepted).toBeLessThan(2000); // so most reports are interpolated
    expect(Array.from(fine.y.slice(4 * 2000))).toEqual(Array.from(coarse.y.slice(4)));
    // The periodic orbit returns to its start after one period.
    expect(Math.abs(fine.y[4 * 2000] - 0.994)).toBeLessThan(1e-6);
  });

  it('is accurate on problems with known solutions (decay, oscillator), also between steps', () => {
    const times = Array.from({ length: 101 }, (_, i) => i * 0.1);
    const decay = dopri5((_t, y, d) => void (d[0] = -0.7 * y[0]), [2], times, { rtol: 1e-11, atol: 1e-14 });
    times.forEach((t, i) => expect(Math.abs(decay.y[i] - 2 * Math.exp(-0.7 * t)) / (2 * Math.exp(-0.7 * t))).toBeLessThan(1e-9));
    const osc = dopri5(
      (_t, y, d) => {
        d[0] = y[1];
        d[1] = -y[0];
      },
      [1, 0],
      times,
      { rtol: 1e-11, atol: 1e-11 },
    );
    times.forEach((t, i) => {
      expect(Math.abs(osc.y[2 * i] - Math.cos(t))).toBeLessThan(1e-9);
      expect(Math.abs(osc.y[2 * i + 1] + Math.sin(t))).toBeLessThan(1e-9);
    });
  });

  it('passes t to the right-hand side (non-autonomous problems)', () => {
    // y' = cos t, y(0) = 0  ⇒  y = sin t
    const sol = dopri5((t, _y, d) => void (d[0] = Math.cos(t)), [0], [0, 1, 5], { rtol: 1e-12, atol: 1e-12 });
    expect(sol.y[1]).toBeCloseTo(Math.sin(1), 10);
    expect(sol.y[2]).toBeCloseTo(Math.sin(5), 10);
  });

  it('error shrinks with the tolerance at roughly 5th-order rate', () => {
    const exact = Math.exp(-3);
    const err = (tol: number) => Math.abs(dopri5((_t, y, d) => void (d[0] = -y[0]), [1], [0, 3], { rtol: tol, atol: 0 }).y[1] - exact);
    expect(err(1e-9)).toBeLessThan(err(1e-6) / 100);
  });

  it('repeats time points and handles a single time', () => {
    const sol = dopri5((_t, y, d) => void (d[0] = y[0]), [1], [0, 0, 1, 1], { rtol: 1e-10, atol: 1e-10 });
    expect(sol.y[0]).toBe(1);
    expect(sol.y[1]).toBe(1);
    expect(sol.y[2]).toBeCloseTo(Math.E, 8);
    expect(sol.y[3]).toBe(sol.y[2]);
    expect(Array.from(dopri5((_t, _y, d) => void (d[0] = 1), [3], [5]).y)).toEqual([3]);
  });

  it('reuses one integrator for many solves with the same results', () => {
    const ode = new Dopri5Integrator(4);
    const a = ode.solve(arenstorf, ARENSTORF_Y0, [0, 5], { rtol: 1e-8, atol: 1e-8 });
    ode.solve((_t, _y, d) => d.fill(-1), [1, 2, 3, 4], [0, 1]);
    const b = ode.solve(arenstorf, ARENSTORF_Y0, [0, 5], { rtol: 1e-8, atol: 1e-8 });
    expect(Array.from(b.y)).toEqual(Array.from(a.y));
  });

  it('fails clearly on step-size underflow (finite-time blow-up of y′ = y², y(0) = 1, at t = 1)', () => {
    expect(() => dopri5((_t, y, d) => void (d[0] = y[0] * y[0]), [1], [0, 2], { rtol: 1e-8, atol: 1e-8 })).toThrow(
      /step size underflow at t = 1\.0000/,
    );
    try {
      dopri5((_t, y, d) => void (d[0] = y[0] * y[0]), [1], [0, 2], { rtol: 1e-8, atol: 1e-8 });
    } catch (e) {
      expect(e).toBeInstanceOf(OdeError);
      expect((e as OdeError).t).toBeCloseTo(1, 6);
    }
  });

  it('fails clearly when maxSteps is exceeded', () => {
    expect(() => dopri5((_t, y, d) => void (d[0] = -y[0]), [1], [0, 100], { rtol: 1e-12, atol: 1e-12, maxSteps: 5 })).toThrow(
      /more than maxSteps = 5 steps/,
    );
  });

  it('rejects bad arguments', () => {
    const f: OdeRhs = (_t, y, d) => void (d[0] = y[0]);
    expect(() => dopri5(f, [1], [1, 0])).toThrow(/non-decreasing/);
    expect(() => dopri5(f, [1], [])).toThrow(/at least one time/);
    expect(() => dopri5(f, [1], [0, 1], { rtol: 0, atol: 0 })).toThrow(/tolerances/);
    expect(() => new Dopri5Integrator(2).solve(f, [1], [0, 1])).toThrow(/y0 has length 1, expected 2/);
  });
});

describe('dopri5 breakpoints', () => {
  // y' = 1 before t = 1 and −2y after: y(t) = t, then y(t) = e^{−2(t − 1)} for t ≥ 1.
  const jump: OdeRhs = (t, y, d) => void (d[0] = t < 1 ? 1 : -2 * y[0]);
  const exact = (t: number) => (t < 1 ? t : Math.exp(-2 * (t - 1)));

  it('stops on each breakpoint and restarts there, keeping the accuracy of smooth problems', () => {
    const times = [0, 0.5, 1, 1.5, 3];
    const sol = dopri5(jump, [0], times, { rtol: 1e-10, atol: 1e-12, breakpoints: [1] });
    times.forEach((t, i) => expect(Math.abs(sol.y[i] - exact(t))).toBeLessThan(1e-11));
    // No step straddles the jump, and the step ending on it sees the old regime: nothing is rejected.
    expect(sol.stats.rejected).toBe(0);
    // Without the breakpoint, steps across the jump are rejected repeatedly and the error is ~1000× larger.
    const blind = dopri5(jump, [0], times, { rtol: 1e-10, atol: 1e-12 });
    expect(blind.stats.rejected).toBeGreaterThan(10);
    expect(Math.abs(blind.y[3] - exact(1.5))).toBeGreaterThan(100 * Math.abs(sol.y[3] - exact(1.5)));
  });

  it('ignores breakpoints outside the interval and accepts them unsorted and repeated', () => {
    const a = dopri5(jump, [0], [0, 3], { rtol: 1e-8, atol: 1e-10, breakpoints: [5, 1, -1, 0, 3, 1] });
    const b = dopri5(jump, [0], [0, 3], { rtol: 1e-8, atol: 1e-10, breakpoints: [1] });
    expect(Array.from(a.y)).toEqual(Array.from(b.y));
    expect(a.stats).toEqual(b.stats);
  });
});

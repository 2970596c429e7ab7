/**
 * Dormand–Prince 5(4) explicit Runge–Kutta integrator with step-size control and dense output.
 *
 * A TypeScript port of the algorithm of Hairer's DOPRI5 (E. Hairer, S. P. Nørsett, G. Wanner,
 * "Solving Ordinary Differential Equations I", 2nd ed., Springer 1993, §II.4–II.6; Fortran code
 * `dopri5.f`, version of 11 Dec 2010):
 * - Butcher tableau of Dormand & Prince (1980), "A family of embedded Runge–Kutta formulae",
 *   J. Comput. Appl. Math. 6:19–26, with the FSAL property (6 right-hand-side calls per step);
 * - the embedded 4th-order error estimate measured in the RMS norm with weights
 *   `atol + rtol · max(|y_n|, |y_{n+1}|)` (Hairer's ITOL = 0 / 1);
 * - the PI ("Lund-stabilised") step-size controller with beta = 0.04, safety 0.9, and factor bounds
 *   0.2 ≤ h_new / h ≤ 10, exactly as DOPRI5's defaults;
 * - Hairer's initial step-size guess (subroutine HINIT);
 * - the 4th-order continuous extension of Shampine (1986) in Hairer's form (CONTD5, coefficients
 *   d1…d7), used to report the solution at the requested times **without shortening steps** to land
 *   on them: only the final time is hit by a step end.
 *
 * The integrator is generic (any dimension, any right-hand side) and allocation-free in its loop:
 * stage vectors are preallocated once per `Dopri5Integrator`, which can be reused for many solves of
 * the same dimension (parameter sweeps, calibration, ensembles).
 */

/** The right-hand side f(t, y) of y' = f(t, y): writes the derivative into `dydt` (do not keep references). */
export type OdeRhs = (t: number, y: Float64Array, dydt: Float64Array) => void;

/** Solver settings. Units of `atol` are those of y; `rtol` is dimensionless. */
export interface Dopri5Options {
  /** relative tolerance (default 1e-6, as DOPRI5's examples) */
  rtol?: number;
  /** absolute tolerance, a scalar or one per component (default 1e-6) */
  atol?: number | ArrayLike<number>;
  /** first trial step size; when absent or 0 it is chosen by Hairer's HINIT */
  hInit?: number;
  /** largest step allowed (default: the whole integration interval) */
  hMax?: number;
  /** steps (accepted + rejected) allowed before giving up (default 100 000, DOPRI5's NMAX) */
  maxSteps?: number;
  /**
   * times where the right-hand side may jump (intervention start and end dates, for example). A step
   * ends exactly on each and the integration restarts there with a fresh f(t, y) and step size, so the
   * error control never steps across the discontinuity. The right-hand side is taken to switch *at* the
   * breakpoint (a schedule applying from day b on): the stages of the step ending on b are evaluated
   * just below b. Times outside (times[0], times[last]) are ignored.
   */
  breakpoints?: ArrayLike<number>;
}

/** Work counters of one solve, as DOPRI5's IWORK(17..20). */
export interface Dopri5Stats {
  rhsEvals: number;
  steps: number;
  accepted: number;
  rejected: number;
}

/** The solution at the requested times. */
export interface OdeSolution {
  /** the requested output times (copied) */
  times: Float64Array;
  /** states, row-major: `y[i * dim + j]` is component j at `times[i]` */
  y: Float64Array;
  dim: number;
  stats: Dopri5Stats;
}

/** Raised when the integration cannot proceed (step size underflow, too many steps, non-finite values). */
export class OdeError extends Error {
  constructor(
    message: string,
    /** the time reached when the integration stopped */
    readonly t: number,
  ) {
    super(message);
    this.name = 'OdeError';
  }
}

// Dormand–Prince coefficients (Hairer's dopri5.f, CDOPRI).
const C2 = 0.2;
const C3 = 0.3;
const C4 = 0.8;
const C5 = 8 / 9;
const A21 = 0.2;
const A31 = 3 / 40;
const A32 = 9 / 40;
const A41 = 44 / 45;
const A42 = -56 / 15;
const A43 = 32 / 9;
const A51 = 19372 / 6561;
const A52 = -25360 / 2187;
const A53 = 64448 / 6561;
const A54 = -212 / 729;
const A61 = 9017 / 3168;
const A62 = -355 / 33;
const A63 = 46732 / 5247;
const A64 = 49 / 176;
const A65 = -5103 / 18656;
const A71 = 35 / 384;
const A73 = 500 / 1113;
const A74 = 125 / 192;
const A75 = -2187 / 6784;
const A76 = 11 / 84;
// Error coefficients: b_i (5th order) − b̂_i (4th order).
const E1 = 71 / 57600;
const E3 = -71 / 16695;
const E4 = 71 / 1920;
const E5 = -17253 / 339200;
const E6 = 22 / 525;
const E7 = -1 / 40;
// Dense-output coefficients (Shampine 1986, as in Hairer's CONTD5).
const D1 = -12715105075 / 11282082432;
const D3 = 87487479700 / 32700410799;
const D4 = -10690763975 / 1880347072;
const D5 = 701980252875 / 199316789632;
const D6 = -1453857185 / 822651844;
const D7 = 69997945 / 29380423;

// Step-size controller constants (DOPRI5 defaults: WORK(2..5)).
const SAFE = 0.9;
const FAC1 = 0.2; // smallest h_new / h
const FAC2 = 10; // largest h_new / h
const BETA = 0.04; // PI stabilisation
const EXPO1 = 0.2 - BETA * 0.75;
const UROUND = 2.220446049250313e-16;

const bits = new DataView(new ArrayBuffer(8));

/** The largest double below x (x finite). */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  bits.setFloat64(0, x);
  const b = bits.getBigUint64(0);
  bits.setBigUint64(0, x > 0 ? b - 1n : b + 1n);
  return bits.getFloat64(0);
}

const DEFAULTS = { rtol: 1e-6, atol: 1e-6, hInit: 0, hMax: 0, maxSteps: 100_000, breakpoints: [] as ArrayLike<number> };

/**
 * A reusable DOPRI5 integrator for systems of dimension `dim`. Stage buffers are allocated once.
 *
 * ```ts
 * const ode = new Dopri5Integrator(2);
 * // harmonic oscillator y'' = −y
 * const sol = ode.solve((t, y, dy) => { dy[0] = y[1]; dy[1] = -y[0]; }, Float64Array.of(1, 0), [0, Math.PI], { rtol: 1e-10, atol: 1e-10 });
 * sol.y[2]; // ≈ −1
 * ```
 */
export class Dopri5Integrator {
  readonly dim: number;
  private readonly y: Float64Array;
  private readonly y1: Float64Array;
  private readonly ysti: Float64Array;
  private readonly k1: Float64Array;
  private readonly k2: Float64Array;
  private readonly k3: Float64Array;
  private readonly k4: Float64Array;
  private readonly k5: Float64Array;
  private readonly k6: Float64Array;
  private readonly k7: Float64Array;
  private readonly atolV: Float64Array;
  // Dense-output polynomial coefficients of the last accepted step.
  private readonly r1: Float64Array;
  private readonly r2: Float64Array;
  private readonly r3: Float64Array;
  private readonly r4: Float64Array;
  private readonly r5: Float64Array;

  constructor(dim: number) {
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dopri5: dimension must be a positive integer, got ${dim}`);
    this.dim = dim;
    const buf = () => new Float64Array(dim);
    this.y = buf();
    this.y1 = buf();
    this.ysti = buf();
    this.k1 = buf();
    this.k2 = buf();
    this.k3 = buf();
    this.k4 = buf();
    this.k5 = buf();
    this.k6 = buf();
    this.k7 = buf();
    this.atolV = buf();
    this.r1 = buf();
    this.r2 = buf();
    this.r3 = buf();
    this.r4 = buf();
    this.r5 = buf();
  }

  /**
   * Integrates y' = rhs(t, y) from `times[0]` (where y = y0) and returns y at every entry of `times`
   * (non-decreasing). Pass `out` (length `times.length * dim`) to write into an existing array.
   * Throws `OdeError` on step-size underflow, `maxSteps` exceeded, or a non-finite state.
   */
  solve(rhs: OdeRhs, y0: ArrayLike<number>, times: ArrayLike<number>, options: Dopri5Options = {}, out?: Float64Array): OdeSolution {
    const opts = { ...DEFAULTS, ...options } satisfies Required<Omit<Dopri5Options, 'atol'>> & { atol: number | ArrayLike<number> };
    const n = this.dim;
    const nt = times.length;
    if (y0.length !== n) throw new RangeError(`dopri5: y0 has length ${y0.length}, expected ${n}`);
    if (nt < 1) throw new RangeError('dopri5: times must hold at least one time');
    const result = out ?? new Float64Array(nt * n);
    if (result.length < nt * n) throw new RangeError(`dopri5: out has length ${result.length}, expected ${nt * n}`);
    for (let i = 1; i < nt; i++) {
      if (!(times[i] >= times[i - 1]))
        throw new RangeError(`dopri5: times must be non-decreasing (times[${i}] = ${times[i]} < ${times[i - 1]})`);
    }
    const rtol = opts.rtol;
    if (!(rtol >= 0)) throw new RangeError(`dopri5: rtol must be ≥ 0, got ${rtol}`);
    const atolV = this.atolV;
    if (typeof opts.atol === 'number') atolV.fill(opts.atol);
    else {
      if (opts.atol.length !== n) throw new RangeError(`dopri5: atol has length ${opts.atol.length}, expected ${n}`);
      for (let j = 0; j < n; j++) atolV[j] = opts.atol[j];
    }
    for (let j = 0; j < n; j++) {
      if (!(atolV[j] >= 0) || (atolV[j] === 0 && rtol === 0)) throw new RangeError('dopri5: tolerances must be ≥ 0 and not both zero');
    }

    const { y, y1, ysti, k1, k2, k3, k4, k5, k6, k7, r1, r2, r3, r4, r5 } = this;
    const stats: Dopri5Stats = { rhsEvals: 0, steps: 0, accepted: 0, rejected: 0 };
    const t0 = times[0];
    const tEnd = times[nt - 1];
    for (let j = 0; j < n; j++) {
      y[j] = y0[j];
      result[j] = y0[j];
    }
    let next = 1; // next output index to fill
    while (next < nt && times[next] === t0) {
      for (let j = 0; j < n; j++) result[next * n + j] = y[j];
      next++;
    }
    if (next >= nt) return { times: Float64Array.from(times), y: result, dim: n, stats };

    // Breakpoints strictly inside (t0, tEnd), sorted; the final time is the last stop.
    const stops = Array.from(new Set(Array.from(opts.breakpoints)))
      .filter((b) => b > t0 && b < tEnd)
      .sort((a, b) => a - b);
    // A schedule that changes at b applies from b on (right-continuous), so the stages of a step that
    // ends on b are evaluated at the largest double below b: on the old side of the jump.
    const stopsBelow = stops.map(nextDown);
    stops.push(tEnd);
    stopsBelow.push(tEnd);
    let stopIndex = 0;
    const span = tEnd - t0;
    const hMax = opts.hMax > 0 ? Math.min(opts.hMax, span) : span;
    let t = t0;
    rhs(t, y, k1);
    stats.rhsEvals++;
    let h = opts.hInit > 0 ? Math.min(opts.hInit, hMax) : this.initialStep(rhs, t, hMax, rtol);
    if (opts.hInit <= 0) stats.rhsEvals++;

    let facOld = 1e-4;
    let last = false;
    let atStop = false;
    let reject = false;
    for (;;) {
      if (stats.steps >= opts.maxSteps) {
        throw new OdeError(
          `dopri5: more than maxSteps = ${opts.maxSteps} steps needed (stopped at t = ${t}); loosen the tolerances or raise maxSteps`,
          t,
        );
      }
      if (0.1 * Math.abs(h) <= Math.abs(t) * UROUND) {
        throw new OdeError(`dopri5: step size underflow at t = ${t} (h = ${h}); the problem is stiff or has a singularity`, t);
      }
      const stopAt = stops[stopIndex];
      if (t + 1.01 * h - stopAt > 0) {
        h = stopAt - t;
        atStop = true;
        last = stopIndex === stops.length - 1;
      }
      stats.steps++;

      // The six new stages (k1 is f(t, y), reused from the previous step: FSAL).
      for (let j = 0; j < n; j++) y1[j] = y[j] + h * A21 * k1[j];
      rhs(t + C2 * h, y1, k2);
      for (let j = 0; j < n; j++) y1[j] = y[j] + h * (A31 * k1[j] + A32 * k2[j]);
      rhs(t + C3 * h, y1, k3);
      for (let j = 0; j < n; j++) y1[j] = y[j] + h * (A41 * k1[j] + A42 * k2[j] + A43 * k3[j]);
      rhs(t + C4 * h, y1, k4);
      for (let j = 0; j < n; j++) y1[j] = y[j] + h * (A51 * k1[j] + A52 * k2[j] + A53 * k3[j] + A54 * k4[j]);
      rhs(t + C5 * h, y1, k5);
      for (let j = 0; j < n; j++) ysti[j] = y[j] + h * (A61 * k1[j] + A62 * k2[j] + A63 * k3[j] + A64 * k4[j] + A65 * k5[j]);
      const tph = t + h;
      const tStage = atStop ? stopsBelow[stopIndex] : tph;
      rhs(tStage, ysti, k6);
      for (let j = 0; j < n; j++) y1[j] = y[j] + h * (A71 * k1[j] + A73 * k3[j] + A74 * k4[j] + A75 * k5[j] + A76 * k6[j]);
      rhs(tStage, y1, k7);
      stats.rhsEvals += 6;

      // Error estimate in the weighted RMS norm.
      let err = 0;
      for (let j = 0; j < n; j++) {
        const e = h * (E1 * k1[j] + E3 * k3[j] + E4 * k4[j] + E5 * k5[j] + E6 * k6[j] + E7 * k7[j]);
        const sk = atolV[j] + rtol * Math.max(Math.abs(y[j]), Math.abs(y1[j]));
        const q = e / sk;
        err += q * q;
      }
      err = Math.sqrt(err / n);
      // A non-finite stage (overflow, NaN from the model) counts as a failed step: shrink and retry.
      if (!Number.isFinite(err)) err = 1e10;

      // PI step-size controller (Hairer's DOPRI5, lines "COMPUTATION OF HNEW").
      const fac11 = err ** EXPO1;
      let fac = fac11 / facOld ** BETA;
      fac = Math.max(1 / FAC2, Math.min(1 / FAC1, fac / SAFE));
      let hNew = h / fac;

      if (err <= 1) {
        // Step accepted.
        facOld = Math.max(err, 1e-4);
        stats.accepted++;
        // Dense output coefficients for this step (CONTD5).
        for (let j = 0; j < n; j++) {
          const yd = y1[j] - y[j];
          const bspl = h * k1[j] - yd;
          r1[j] = y[j];
          r2[j] = yd;
          r3[j] = bspl;
          r4[j] = yd - h * k7[j] - bspl;
          r5[j] = h * (D1 * k1[j] + D3 * k3[j] + D4 * k4[j] + D5 * k5[j] + D6 * k6[j] + D7 * k7[j]);
        }
        const tOld = t;
        // Land exactly on a breakpoint or the final time (t + (stop − t) can miss it by an ulp).
        t = atStop ? stops[stopIndex] : tph;
        for (let j = 0; j < n; j++) {
          k1[j] = k7[j];
          y[j] = y1[j];
        }
        // Report every requested time inside (tOld, t] by interpolation; the final time exactly.
        while (next < nt && (times[next] <= t || last)) {
          const off = next * n;
          if (times[next] === t || (last && next === nt - 1)) {
            for (let j = 0; j < n; j++) result[off + j] = y[j];
          } else {
            const theta = (times[next] - tOld) / h;
            const theta1 = 1 - theta;
            for (let j = 0; j < n; j++) result[off + j] = r1[j] + theta * (r2[j] + theta1 * (r3[j] + theta * (r4[j] + theta1 * r5[j])));
          }
          next++;
        }
        if (last || next >= nt) break;
        for (let j = 0; j < n; j++) {
          if (!Number.isFinite(y[j])) throw new OdeError(`dopri5: the solution became non-finite at t = ${t} (component ${j})`, t);
        }
        if (Math.abs(hNew) > hMax) hNew = hMax;
        if (reject) hNew = Math.min(Math.abs(hNew), Math.abs(h));
        reject = false;
        if (atStop) {
          // Restart past the breakpoint: the FSAL stage was evaluated on the old side of the jump.
          atStop = false;
          stopIndex++;
          rhs(t, y, k1);
          stats.rhsEvals++;
          // The step size learnt before the jump says nothing about the new regime: start afresh.
          hNew = this.initialStep(rhs, t, hMax, rtol);
          stats.rhsEvals++;
          facOld = 1e-4;
        }
      } else {
        // Step rejected: shrink (without the PI memory after a first rejection, as DOPRI5).
        hNew = h / Math.min(1 / FAC1, fac11 / SAFE);
        reject = true;
        last = false;
        atStop = false;
        // Counted as DOPRI5's NREJCT: only after the first accepted step.
        if (stats.accepted >= 1) stats.rejected++;
      }
      h = hNew;
    }
    return { times: Float64Array.from(times), y: result, dim: n, stats };
  }

  /** Hairer's HINIT: a first step from an explicit Euler trial step, for a method of order 5. `k1` holds f(t, y). */
  private initialStep(rhs: OdeRhs, t: number, hMax: number, rtol: number): number {
    const { y, k1, k2, y1, atolV, dim: n } = this;
    let dnf = 0;
    let dny = 0;
    for (let j = 0; j < n; j++) {
      const sk = atolV[j] + rtol * Math.abs(y[j]);
      dnf += (k1[j] / sk) ** 2;
      dny += (y[j] / sk) ** 2;
    }
    let h = dnf <= 1e-10 || dny <= 1e-10 ? 1e-6 : Math.sqrt(dny / dnf) * 0.01;
    h = Math.min(h, hMax);
    for (let j = 0; j < n; j++) y1[j] = y[j] + h * k1[j];
    rhs(t + h, y1, k2);
    let der2 = 0;
    for (let j = 0; j < n; j++) {
      const sk = atolV[j] + rtol * Math.abs(y[j]);
      der2 += ((k2[j] - k1[j]) / sk) ** 2;
    }
    der2 = Math.sqrt(der2) / h;
    const der12 = Math.max(Math.abs(der2), Math.sqrt(dnf));
    const h1 = der12 <= 1e-15 ? Math.max(1e-6, Math.abs(h) * 1e-3) : (0.01 / der12) ** (1 / 5);
    return Math.min(100 * Math.abs(h), h1, hMax);
  }
}

/**
 * Solves y' = rhs(t, y), y(times[0]) = y0, and returns y at each of `times` (non-decreasing), using
 * DOPRI5 with dense output. For many solves of the same dimension, reuse a `Dopri5Integrator`.
 *
 * ```ts
 * // exponential decay y' = −0.5 y
 * const sol = dopri5((t, y, dy) => { dy[0] = -0.5 * y[0]; }, Float64Array.of(1), [0, 1, 2], { rtol: 1e-10, atol: 1e-12 });
 * sol.y; // ≈ [1, e^−0.5, e^−1]
 * ```
 */
export function dopri5(rhs: OdeRhs, y0: ArrayLike<number>, times: ArrayLike<number>, options: Dopri5Options = {}): OdeSolution {
  return new Dopri5Integrator(y0.length).solve(rhs, y0, times, options);
}

/**
 * Stochastic metapopulation SEIR: a chain-binomial (Reed–Frost type) process with sub-daily steps
 * of length Δt = 1 / stepsPerDay, the discrete-time analogue of the ODE in `model.ts` (Keeling &
 * Rohani 2008, ch. 6, chain binomials and tau-leaping; the same scheme as e.g. the R package
 * `odin`'s discrete-time stochastic SEIR examples). In each step and patch i, with the forces of
 * infection Λ_i computed from the current integer counts:
 *
 *   leaving S   ~ Binomial(S_i, 1 − exp(−(Λ_i + ε_i + v_i) Δt))
 *   infected    ~ Binomial(leaving, (Λ_i + ε_i) / (Λ_i + ε_i + v_i)),  the rest vaccinated → R
 *   E → I       ~ Binomial(E_i, 1 − exp(−σ Δt))
 *   I → R       ~ Binomial(I_i, 1 − exp(−γ Δt))
 *
 * Every transition moves whole people between compartments, so S + E + I + R = N holds exactly
 * and no compartment can go negative. Competing risks out of S are split by their hazards; the
 * hazards are held constant within a step (evaluated at its start, so a schedule change inside a
 * step takes effect from the next step). As Δt → 0 and N → ∞ the process approaches the ODE.
 */
import type { Rng } from '@outbreak/stats';
import { createRng } from '@outbreak/stats';
import { type CompiledMetapop, compileMetapop, epochAt, forceOfInfection, type MetapopModel } from './model.ts';

/** Settings of a stochastic run. */
export interface MetapopStochasticOptions {
  /** report days 0 … `days` (default 180) */
  days?: number;
  /** binomial steps per day (default 4, i.e. Δt = 6 h) */
  stepsPerDay?: number;
}

/** Defaults of `MetapopStochasticOptions`. */
export const METAPOP_STOCHASTIC_DEFAULTS = { days: 180, stepsPerDay: 4 } as const;

/** Receives the state at the end of each day (the arrays are reused: copy what you keep). */
export type DailySink = (
  day: number,
  S: Float64Array,
  E: Float64Array,
  I: Float64Array,
  R: Float64Array,
  newInfections: Float64Array,
) => void;

/** One stochastic run, time-major arrays as `MetapopResult` (`X[t * n + i]`). */
export interface MetapopStochasticResult {
  patchIds: string[];
  times: Float64Array;
  S: Float64Array;
  E: Float64Array;
  I: Float64Array;
  R: Float64Array;
  /** new infections in day t → t + 1 */
  incidence: Float64Array;
}

/**
 * A reusable stochastic simulator of one compiled model: buffers are allocated once, so an
 * ensemble allocates nothing per replicate.
 */
export class MetapopStochasticRunner {
  readonly model: CompiledMetapop;
  readonly days: number;
  readonly stepsPerDay: number;
  private readonly S: Float64Array;
  private readonly E: Float64Array;
  private readonly I: Float64Array;
  private readonly R: Float64Array;
  private readonly newInf: Float64Array;
  private readonly present: Float64Array;
  private readonly lambda: Float64Array;

  constructor(model: MetapopModel | CompiledMetapop, options: MetapopStochasticOptions = {}) {
    this.model = 'epochs' in model ? model : compileMetapop(model);
    const opts = { ...METAPOP_STOCHASTIC_DEFAULTS, ...options } satisfies Required<MetapopStochasticOptions>;
    if (!Number.isInteger(opts.days) || opts.days < 0) throw new RangeError(`days must be a whole number ≥ 0, got ${opts.days}`);
    if (!Number.isInteger(opts.stepsPerDay) || opts.stepsPerDay < 1)
      throw new RangeError(`stepsPerDay must be a whole number ≥ 1, got ${opts.stepsPerDay}`);
    const m = this.model;
    for (let i = 0; i < m.n; i++) {
      for (const [name, v] of [
        ['E0', m.E0[i]],
        ['I0', m.I0[i]],
        ['R0', m.R0[i]],
        ['population', m.population[i]],
      ] as const) {
        if (!Number.isInteger(v))
          throw new RangeError(`patches[${i}].${name} must be a whole number of people for a stochastic run, got ${v}`);
      }
    }
    this.days = opts.days;
    this.stepsPerDay = opts.stepsPerDay;
    const buf = () => new Float64Array(m.n);
    this.S = buf();
    this.E = buf();
    this.I = buf();
    this.R = buf();
    this.newInf = buf();
    this.present = buf();
    this.lambda = buf();
  }

  /** Runs one replicate with `rng`, calling `sink` for day 0 (initial state, no infections) and every later day. */
  run(rng: Rng, sink: DailySink): void {
    const { model: m, S, E, I, R, newInf, present, lambda } = this;
    const n = m.n;
    S.set(m.S0);
    E.set(m.E0);
    I.set(m.I0);
    R.set(m.R0);
    newInf.fill(0);
    sink(0, S, E, I, R, newInf);
    const dt = 1 / this.stepsPerDay;
    const pOnset = -Math.expm1(-m.sigma * dt);
    const pRemoval = -Math.expm1(-m.gamma * dt);
    let hint = 0;
    for (let day = 1; day <= this.days; day++) {
      newInf.fill(0);
      for (let s = 0; s < this.stepsPerDay; s++) {
        const t = day - 1 + s * dt;
        hint = epochAt(m, t, hint);
        const ep = m.epochs[hint];
        forceOfInfection(m, ep, I, 0, present, lambda);
        const { importHazard, vaccHazard } = ep;
        for (let i = 0; i < n; i++) {
          // Draws use the counts at the start of the step (a synchronous update).
          const infHazard = lambda[i] + importHazard[i];
          const outHazard = infHazard + vaccHazard[i];
          let infected = 0;
          let vaccinated = 0;
          if (S[i] > 0 && outHazard > 0) {
            const leaving = rng.binomial(S[i], -Math.expm1(-outHazard * dt));
            if (leaving > 0) {
              infected = vaccHazard[i] > 0 ? rng.binomial(leaving, infHazard / outHazard) : leaving;
              vaccinated = leaving - infected;
            }
          }
          const onset = E[i] > 0 ? rng.binomial(E[i], pOnset) : 0;
          const removal = I[i] > 0 ? rng.binomial(I[i], pRemoval) : 0;
          S[i] -= infected + vaccinated;
          E[i] += infected - onset;
          I[i] += onset - removal;
          R[i] += removal + vaccinated;
          newInf[i] += infected;
        }
      }
      sink(day, S, E, I, R, newInf);
    }
  }
}

/**
 * One stochastic run of the model, seeded: the same seed gives the same run on every engine.
 *
 * ```ts
 * const run = simulateMetapopStochastic(model, { days: 120 }, createRng(7));
 * run.I[60 * run.patchIds.length]; // infectious in the first patch on day 60
 * ```
 */
export function simulateMetapopStochastic(
  model: MetapopModel | CompiledMetapop,
  options: MetapopStochasticOptions = {},
  rng: Rng = createRng(1),
): MetapopStochasticResult {
  const runner = new MetapopStochasticRunner(model, options);
  const n = runner.model.n;
  const nt = runner.days + 1;
  const S = new Float64Array(nt * n);
  const E = new Float64Array(nt * n);
  const I = new Float64Array(nt * n);
  const R = new Float64Array(nt * n);
  const incidence = new Float64Array(runner.days * n);
  runner.run(rng, (day, s, e, i, r, inf) => {
    S.set(s, day * n);
    E.set(e, day * n);
    I.set(i, day * n);
    R.set(r, day * n);
    if (day > 0) incidence.set(inf, (day - 1) * n);
  });
  const times = new Float64Array(nt);
  for (let t = 0; t < nt; t++) times[t] = t;
  return { patchIds: runner.model.patchIds, times, S, E, I, R, incidence };
}

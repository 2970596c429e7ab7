/**
 * Calibration of the metapopulation SEIR to observed daily case reports, with uncertainty and a
 * forecast with prediction intervals.
 *
 * Observation model. With inc(t) the modelled new infections of day t (all patches; infections
 * before day 0 are none), ρ the reporting fraction and f_d the reporting-delay distribution
 * (probability that an infection of day t is reported on day t + d, Σ f_d = 1), the expected number
 * of reports on day t is
 *
 *   μ_t = ρ · Σ_d f_d · inc(t − d)
 *
 * and the reports y_t are independent Poisson(μ_t) or negative binomial with mean μ_t and size k
 * (variance μ_t + μ_t² / k, as R `dnbinom(y, size = k, mu = μ)`).
 *
 * Parameters. The transmission rate β and the number of initial infections s (the model's initial
 * E0 + I0 pattern scaled to total s), and for the negative binomial the size k, are estimated by
 * maximum likelihood on the log scale, θ = (log β, log s[, log k]), with Nelder–Mead (`optim.ts`)
 * from several starting points (R0 = β/γ of 1.2, 2 and 3.5 crossed with two seed sizes; the best
 * optimum is polished by a restart). Uncertainty: the observed information, i.e. the numerical
 * Hessian H of −log L at θ̂ (central differences), gives cov(θ̂) ≈ H⁻¹ and Wald intervals
 * exp(θ̂ ± 1.96 se) (Pawitan 2001, "In All Likelihood", on observed Fisher information and Wald intervals).
 *
 * Forecast. M parameter sets are drawn from N(θ̂, H⁻¹); each is run to the end of the horizon, giving
 * μ_t, and one report count is drawn per day from the observation distribution; daily quantiles of
 * μ_t (parameter uncertainty only) and of the draws (prediction intervals: parameters + observation
 * noise) are reported.
 */
import { createRng, dnbinom, dpois, quantileSorted } from '@outbreak/stats';
import { simulateMetapop, sumOverPatches } from '../metapop/deterministic.ts';
import { type MetapopModel, validateMetapopModel } from '../metapop/model.ts';
import { cholesky, invertSpd, nelderMead, numericalHessian } from './optim.ts';

/** Observation likelihood. */
export type CalibrationLikelihood = 'poisson' | 'negbin';

/** Settings of `calibrateMetapop`. */
export interface CalibrationOptions {
  /** observation distribution (default 'negbin', its size estimated) */
  likelihood?: CalibrationLikelihood;
  /** share of infections that are reported, 0..1 (default 1) */
  reportingFraction?: number;
  /** probabilities f_0, f_1, … of a report d days after infection (normalised; default [1]) */
  reportingDelay?: number[];
  /** Nelder–Mead starts (default 6) */
  starts?: number;
  /** days to forecast beyond the data (default 28) */
  forecastDays?: number;
  /** parameter draws for the forecast (default 200) */
  draws?: number;
  /** seed of the forecast draws (default 1) */
  seed?: number | string;
  /** quantile levels of the forecast (default 0.025, 0.25, 0.5, 0.75, 0.975) */
  probs?: number[];
  /** DOPRI5 relative tolerance of each model run (default 1e-9: smooth likelihood for the Hessian) */
  rtol?: number;
}

/** An estimate with its Wald interval (computed on the log scale). */
export interface Estimate {
  estimate: number;
  /** standard error of log(estimate) */
  seLog: number;
  lower: number;
  upper: number;
}

/** Daily quantiles, `quantiles[k][t]` at level `probs[k]`. */
export interface Bands {
  probs: number[];
  quantiles: Float64Array[];
}

/** Output of `calibrateMetapop`. */
export interface CalibrationResult {
  likelihood: CalibrationLikelihood;
  beta: Estimate;
  initialInfections: Estimate;
  /** negative-binomial size k (absent for Poisson) */
  size?: Estimate;
  /** β / γ: the basic reproduction number of a single well-mixed patch */
  r0: Estimate;
  logLik: number;
  /** covariance of θ̂ = (log β, log s[, log k]); null when the Hessian is not positive definite */
  covariance: number[][] | null;
  converged: boolean;
  evaluations: number;
  /** expected reports μ_t on the observed days at θ̂ */
  fitted: Float64Array;
  /** the fitted model (β and initial infections set to the estimates) */
  model: MetapopModel;
  forecast: {
    /** days 0 … observed + forecastDays − 1 */
    days: Float64Array;
    /** quantiles of μ_t over parameter draws */
    expected: Bands;
    /** prediction intervals of the reports (parameter draws + observation noise) */
    reported: Bands;
  };
}

const DEFAULTS = {
  likelihood: 'negbin' as CalibrationLikelihood,
  reportingFraction: 1,
  reportingDelay: [1],
  starts: 6,
  forecastDays: 28,
  draws: 200,
  seed: 1 as number | string,
  probs: [0.025, 0.25, 0.5, 0.75, 0.975],
  rtol: 1e-9,
};

/** Expected reports: μ_t = ρ Σ_d f_d inc(t − d), for t < `inc.length`. */
export function expectedReports(incidence: ArrayLike<number>, reportingFraction: number, delay: ArrayLike<number>): Float64Array {
  const out = new Float64Array(incidence.length);
  for (let t = 0; t < incidence.length; t++) {
    let s = 0;
    for (let d = 0; d < delay.length && d <= t; d++) s += delay[d] * incidence[t - d];
    out[t] = reportingFraction * s;
  }
  return out;
}

/** The model with transmission β and its initial E0 + I0 pattern scaled to `seed` people in all. */
export function withTransmissionAndSeed(model: MetapopModel, beta: number, seed: number): MetapopModel {
  const total = model.patches.reduce((s, p) => s + (p.E0 ?? 0) + (p.I0 ?? 0), 0);
  const scale = seed / total;
  return {
    ...model,
    disease: { ...model.disease, beta },
    patches: model.patches.map((p) => ({ ...p, E0: (p.E0 ?? 0) * scale, I0: (p.I0 ?? 0) * scale })),
  };
}

/**
 * Fits β and the initial infections (and the negative-binomial size) of `model` to the daily case
 * reports `observed` (day 0 = the model's day 0), and forecasts. The model's own β and E0/I0 give
 * only the pattern of seeding across patches. Errors name the field.
 *
 * ```ts
 * const fit = calibrateMetapop(model, reports, { reportingFraction: 0.4, reportingDelay: [0.2, 0.5, 0.3] });
 * fit.r0;                              // { estimate, lower, upper }
 * fit.forecast.reported.quantiles[4];  // upper 97.5 % prediction limit per day
 * ```
 */
export function calibrateMetapop(model: MetapopModel, observed: ArrayLike<number>, options: CalibrationOptions = {}): CalibrationResult {
  const opts = { ...DEFAULTS, ...options } satisfies Required<CalibrationOptions>;
  validateMetapopModel(model);
  const T = observed.length;
  if (T < 3) throw new RangeError(`observed: needs at least 3 days of reports, got ${T}`);
  for (let t = 0; t < T; t++) {
    const y = observed[t];
    if (!(Number.isInteger(y) && y >= 0)) throw new RangeError(`observed[${t}]: must be a whole number ≥ 0, got ${y}`);
  }
  if (opts.likelihood !== 'poisson' && opts.likelihood !== 'negbin')
    throw new RangeError(`likelihood: must be poisson or negbin, got ${JSON.stringify(opts.likelihood)}`);
  if (!(opts.reportingFraction > 0 && opts.reportingFraction <= 1))
    throw new RangeError(`reportingFraction: must be in (0, 1], got ${opts.reportingFraction}`);
  const delaySum = opts.reportingDelay.reduce((a, b) => a + b, 0);
  if (opts.reportingDelay.length === 0 || opts.reportingDelay.some((p) => !(p >= 0)) || !(delaySum > 0)) {
    throw new RangeError('reportingDelay: must be a non-empty list of probabilities ≥ 0 with a positive sum');
  }
  const delay = opts.reportingDelay.map((p) => p / delaySum);
  const seedTotal = model.patches.reduce((s, p) => s + (p.E0 ?? 0) + (p.I0 ?? 0), 0);
  if (!(seedTotal > 0)) throw new RangeError('patches: give E0 or I0 in at least one patch (the pattern of initial infections)');
  const maxSeed = Math.min(
    ...model.patches.filter((p) => (p.E0 ?? 0) + (p.I0 ?? 0) > 0).map((p) => (p.population * seedTotal) / ((p.E0 ?? 0) + (p.I0 ?? 0))),
  );
  const negbin = opts.likelihood === 'negbin';
  const { gamma } = model.disease;

  const reportsFor = (theta: number[], days: number) => {
    const beta = Math.exp(theta[0]);
    const seed = Math.exp(theta[1]);
    const run = simulateMetapop(withTransmissionAndSeed(model, beta, seed), { days, rtol: opts.rtol, atol: 1e-8 });
    return expectedReports(sumOverPatches(run.incidence, model.patches.length), opts.reportingFraction, delay);
  };
  const negLogLik = (theta: number[]) => {
    // Seeds beyond a patch's population or absurd transmission are outside the parameter space.
    if (theta[1] > Math.log(maxSeed) || theta[0] > Math.log(100 * gamma + 100) || theta[0] < -20) return Number.POSITIVE_INFINITY;
    let mu: Float64Array;
    try {
      mu = reportsFor(theta, T);
    } catch {
      return Number.POSITIVE_INFINITY;
    }
    const k = negbin ? Math.exp(theta[2]) : 0;
    let ll = 0;
    for (let t = 0; t < T; t++) {
      const m = Math.max(mu[t], 1e-12);
      ll += negbin ? dnbinom(observed[t], k, m, { log: true }) : dpois(observed[t], m, { log: true });
    }
    return -ll;
  };

  // Starting points: R0 of 1.2, 2 and 3.5; seeds of about a week of reports and a tenth of it.
  const firstWeek = Array.from(observed)
    .slice(0, 7)
    .reduce((a, b) => a + b, 0);
  const seedGuess = Math.max(1, Math.min(maxSeed / 2, firstWeek / opts.reportingFraction));
  const starts: number[][] = [];
  for (const r0 of [1.2, 2, 3.5])
    for (const s of [seedGuess, seedGuess / 10])
      starts.push([Math.log(r0 * gamma), Math.log(Math.max(0.5, s)), ...(negbin ? [Math.log(10)] : [])]);
  let best = { x: starts[0], value: Number.POSITIVE_INFINITY, evaluations: 0, converged: false };
  let evaluations = 0;
  for (const x0 of starts.slice(0, Math.max(1, opts.starts))) {
    const r = nelderMead(negLogLik, x0, { step: 0.3, reltol: 1e-10 });
    evaluations += r.evaluations;
    if (r.value < best.value) best = r;
  }
  // A restart from the best point guards against a collapsed simplex (a standard Nelder–Mead remedy).
  const polished = nelderMead(negLogLik, best.x, { step: 0.05, reltol: 1e-12 });
  evaluations += polished.evaluations;
  if (polished.value <= best.value) best = polished;
  if (!Number.isFinite(best.value)) throw new RangeError('observed: the model cannot produce these reports for any parameter value tried');
  const theta = best.x;

  const H = numericalHessian(negLogLik, theta, 1e-3);
  const covariance = invertSpd(H);
  const se = theta.map((_, k) => (covariance ? Math.sqrt(covariance[k][k]) : Number.NaN));
  const est = (k: number): Estimate => ({
    estimate: Math.exp(theta[k]),
    seLog: se[k],
    lower: Math.exp(theta[k] - 1.959963984540054 * se[k]),
    upper: Math.exp(theta[k] + 1.959963984540054 * se[k]),
  });
  const beta = est(0);

  // Forecast: parameter draws from N(θ̂, H⁻¹), observation noise on top.
  const horizon = T + opts.forecastDays;
  const L = covariance ? cholesky(covariance) : null;
  const rng = createRng(opts.seed);
  const nd = opts.draws;
  const expectedDraws = new Float64Array(horizon * nd);
  const reportedDraws = new Float64Array(horizon * nd);
  for (let m = 0; m < nd; m++) {
    const r = rng.split(m);
    const z = theta.map(() => r.normal());
    const th = theta.map((x, k) => {
      if (!L) return x;
      let s = x;
      for (let l = 0; l <= k; l++) s += L[k][l] * z[l];
      return s;
    });
    th[1] = Math.min(th[1], Math.log(maxSeed));
    const mu = reportsFor(th, horizon);
    const k = negbin ? Math.exp(th[2]) : 0;
    for (let t = 0; t < horizon; t++) {
      expectedDraws[t * nd + m] = mu[t];
      reportedDraws[t * nd + m] = negbin ? r.negativeBinomial(k, mu[t]) : r.poisson(mu[t]);
    }
  }
  const bands = (draws: Float64Array): Bands => {
    const quantiles = opts.probs.map(() => new Float64Array(horizon));
    for (let t = 0; t < horizon; t++) {
      const block = draws.subarray(t * nd, (t + 1) * nd).sort();
      opts.probs.forEach((p, k) => {
        quantiles[k][t] = quantileSorted(block, p);
      });
    }
    return { probs: [...opts.probs], quantiles };
  };
  const days = new Float64Array(horizon);
  for (let t = 0; t < horizon; t++) days[t] = t;

  return {
    likelihood: opts.likelihood,
    beta,
    initialInfections: est(1),
    ...(negbin ? { size: est(2) } : {}),
    r0: { estimate: beta.estimate / gamma, seLog: beta.seLog, lower: beta.lower / gamma, upper: beta.upper / gamma },
    logLik: -best.value,
    covariance,
    converged: best.converged,
    evaluations,
    fitted: reportsFor(theta, T),
    model: withTransmissionAndSeed(model, beta.estimate, Math.exp(theta[1])),
    forecast: { days, expected: bands(expectedDraws), reported: bands(reportedDraws) },
  };
}

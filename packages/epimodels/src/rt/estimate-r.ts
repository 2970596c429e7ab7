/**
 * Time-varying reproduction number by the method of Cori, Ferguson, Fraser & Cauchemez (2013),
 * "A new framework and software to estimate time-varying reproduction numbers during epidemics",
 * Am. J. Epidemiol. 178(9):1505–1512 — a port of EpiEstim 2.2.4 `estimate_R` for the methods
 * `parametric_si` and `non_parametric_si`.
 *
 * Model: local incidence I_t ~ Poisson(R_t Λ_t), where the overall infectivity
 * Λ_t = Σ_{s=1}^{t−1} w_s (I^local_{t−s} + I^imported_{t−s}) (EpiEstim `overall_infectivity`) weights
 * past cases (local and imported) by the discretised serial interval w. R is assumed constant over
 * each window [t_start, t_end]; with a Gamma(shape a₀, scale b₀) prior (mean 5, sd 5 by default,
 * a₀ = (mean/sd)², b₀ = sd²/mean) the posterior is Gamma with
 *
 *   shape a = a₀ + Σ_{t∈window} I^local_t,   scale b = 1 / (1/b₀ + Σ_{t∈window} Λ_t)
 *
 * (Cori et al. 2013, Web Appendix). Reported: mean a·b, sd √a·b, and quantiles of that gamma.
 * As EpiEstim, windows with t_end ≤ the mean of the discretised SI give NA (null here): too little
 * of the epidemic has been seen to weigh the infectivity.
 *
 * Cases on day 1 are always treated as imported (nothing earlier can have infected them): with a
 * plain vector all of them are moved to `imported`, and when local cases are given on day 1 they are
 * moved too, with a warning (EpiEstim `process_I`). Missing counts (NaN) count as 0.
 */
import { discrSiSeq } from './discr-si.ts';
import { qgammaMany } from '@outbreak/stats';

/** Estimation method, EpiEstim's names. */
export type RtMethod = 'parametric_si' | 'non_parametric_si';

/** Daily incidence: local cases and, when the data distinguish them, imported cases (day 1..T). */
export interface RtIncidence {
  local: ArrayLike<number>;
  imported?: ArrayLike<number> | null;
}

/** EpiEstim `make_config` fields for the two supported methods (same names, same defaults). */
export interface RtConfig {
  /** first day of each window (1-based, ≥ 2); default 2..T−6 (weekly sliding windows) */
  t_start?: ArrayLike<number>;
  /** last day of each window (1-based, inclusive, ≤ T); default t_start + 6 */
  t_end?: ArrayLike<number>;
  /** parametric_si: mean of the serial interval in days (> 1) */
  mean_si?: number;
  /** parametric_si: standard deviation of the serial interval in days (> 0) */
  std_si?: number;
  /** non_parametric_si: P(SI = 0, 1, 2, … days); the first must be 0 and they must sum to 1 (±0.01) */
  si_distr?: ArrayLike<number>;
  /** prior mean of R (default 5) */
  mean_prior?: number;
  /** prior standard deviation of R (default 5) */
  std_prior?: number;
  /** desired posterior coefficient of variation, used only to warn when the first window has too few cases (default 0.3) */
  cv_posterior?: number;
}

/** Posterior summary for one window, EpiEstim's `R` data frame row; null where EpiEstim gives NA. */
export interface RtWindow {
  t_start: number;
  t_end: number;
  mean_r: number | null;
  std_r: number | null;
  quantile_0_025_r: number | null;
  quantile_0_05_r: number | null;
  quantile_0_25_r: number | null;
  median_r: number | null;
  quantile_0_75_r: number | null;
  quantile_0_95_r: number | null;
  quantile_0_975_r: number | null;
}

/** Result of `estimateR`. */
export interface RtEstimate {
  method: RtMethod;
  windows: RtWindow[];
  /** the discretised serial interval used, w_0 … w_T (padded with zeros to length T + 1, as EpiEstim) */
  si_distr: Float64Array;
  /** mean and standard deviation (days) of `si_distr` (EpiEstim `SI.Moments`) */
  si_mean: number;
  si_std: number;
  /** local and imported incidence after EpiEstim's processing (day-1 cases imported, NA → 0) */
  local: Float64Array;
  imported: Float64Array;
  /** EpiEstim's warnings, verbatim in meaning (too early for the desired posterior CV, SI not summing to 1, day-1 local cases moved) */
  warnings: string[];
}

/** Bad input to `estimateR`; `field` names the EpiEstim config field or input column at fault. */
export class RtInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'RtInputError';
  }
}

/** Posterior quantile levels reported, in the order of `RtWindow`. */
export const RT_QUANTILES = [0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975] as const;

const DEFAULTS = { mean_prior: 5, std_prior: 5, cv_posterior: 0.3 };

/**
 * Work shared across `estimateR` calls (pass one in `options.cache` for a batch of curves). Results
 * are identical with or without it:
 * - unit-scale gamma quantiles by posterior shape: qgamma(p, a, scale = b) = b · qgamma(p, a, 1) (R's
 *   qgamma itself works on x/scale), and shapes a₀ + (integer case counts) repeat a great deal
 *   across windows and curves, so each distinct shape costs 7 qgamma calls once;
 * - the discretised serial interval of `parametric_si` by (mean_si, std_si, T).
 * Memory grows with the number of distinct shapes and SI settings; use one cache per batch.
 */
export class RtCache {
  private readonly byShape = new Map<number, Float64Array>();
  private readonly siByKey = new Map<string, Float64Array>();

  /** qgamma(p, shape, scale = 1) for every p in `RT_QUANTILES`. */
  unitQuantiles(shape: number): Float64Array {
    let q = this.byShape.get(shape);
    if (q === undefined) {
      // One call shares the per-shape set-up (log Γ(shape)) across the 7 quantiles; values are
      // bit-identical to 7 separate qgamma(p, shape, scale = 1) calls.
      q = qgammaMany(RT_QUANTILES, shape, 1);
      this.byShape.set(shape, q);
    }
    return q;
  }

  /** EpiEstim's `discr_si(seq(0, T − 1), mean_si, std_si)` (read-only: do not modify the array). */
  parametricSi(T: number, meanSi: number, stdSi: number): Float64Array {
    const key = `${T},${meanSi},${stdSi}`;
    let si = this.siByKey.get(key);
    if (si === undefined) {
      si = discrSiSeq(T, meanSi, stdSi);
      this.siByKey.set(key, si);
    }
    return si;
  }

  /** number of distinct posterior shapes memoised */
  get size(): number {
    return this.byShape.size;
  }
}

/** Options that do not change results. */
export interface EstimateROptions {
  /** work shared across calls (see `RtCache`) */
  cache?: RtCache;
}

function toIncidence(incid: ArrayLike<number> | RtIncidence, warnings: string[]): { local: Float64Array; imported: Float64Array } {
  const plain = !('local' in (incid as object));
  const localIn = plain ? (incid as ArrayLike<number>) : (incid as RtIncidence).local;
  const importedIn = plain ? null : ((incid as RtIncidence).imported ?? null);
  const T = localIn.length;
  if (importedIn !== null && importedIn.length !== T) {
    throw new RtInputError('imported', `has ${importedIn.length} days but local has ${T}`);
  }
  const local = new Float64Array(T);
  const imported = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const l = localIn[t];
    const m = importedIn === null ? 0 : importedIn[t];
    // EpiEstim process_I: incid[is.na(incid)] <- 0.
    local[t] = Number.isNaN(l) ? 0 : l;
    imported[t] = Number.isNaN(m) ? 0 : m;
    if (local[t] < 0 || !Number.isFinite(local[t])) throw new RtInputError('local', `day ${t + 1} has ${l}; counts must be finite and ≥ 0`);
    if (imported[t] < 0 || !Number.isFinite(imported[t]))
      throw new RtInputError('imported', `day ${t + 1} has ${m}; counts must be finite and ≥ 0`);
  }
  if (T > 0 && local[0] > 0) {
    // All day-1 cases are imported (EpiEstim process_I); it warns only when local/imported were given.
    if (!plain && importedIn !== null)
      warnings.push('local[1] is > 0 but must be 0, as all cases on the first time step are assumed imported; moved to imported');
    imported[0] += local[0];
    local[0] = 0;
  }
  return { local, imported };
}

function windows(config: RtConfig, T: number): { tStart: Int32Array; tEnd: Int32Array } {
  if ((config.t_start === undefined) !== (config.t_end === undefined)) {
    throw new RtInputError(
      config.t_start === undefined ? 't_start' : 't_end',
      'give both t_start and t_end, or neither for weekly sliding windows',
    );
  }
  if (config.t_start === undefined || config.t_end === undefined) {
    // EpiEstim make_config default: t_start = seq(2, T − 6), t_end = seq(8, T).
    if (T < 8) throw new RtInputError('incidence', `has ${T} days; the default weekly windows need at least 8 (or give t_start and t_end)`);
    const n = T - 7;
    const tStart = new Int32Array(n);
    const tEnd = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      tStart[i] = i + 2;
      tEnd[i] = i + 8;
    }
    return { tStart, tEnd };
  }
  const ts = config.t_start;
  const te = config.t_end;
  if (ts.length !== te.length)
    throw new RtInputError('t_start', `has ${ts.length} values but t_end has ${te.length}; they must have the same length`);
  const tStart = new Int32Array(ts.length);
  const tEnd = new Int32Array(ts.length);
  // EpiEstim check_times.
  for (let i = 0; i < ts.length; i++) {
    if (!Number.isInteger(ts[i]) || ts[i] < 2 || ts[i] > T)
      throw new RtInputError('t_start', `value ${ts[i]} (window ${i + 1}) must be an integer between 2 and the number of days (${T})`);
    if (!Number.isInteger(te[i]) || te[i] < 2 || te[i] > T)
      throw new RtInputError('t_end', `value ${te[i]} (window ${i + 1}) must be an integer between 2 and the number of days (${T})`);
    if (ts[i] > te[i]) throw new RtInputError('t_start', `window ${i + 1} starts on day ${ts[i]} after it ends (t_end ${te[i]})`);
    tStart[i] = ts[i];
    tEnd[i] = te[i];
  }
  return { tStart, tEnd };
}

function serialInterval(method: RtMethod, config: RtConfig, T: number, cache: RtCache): Float64Array {
  const si = new Float64Array(T + 1);
  if (method === 'parametric_si') {
    const { mean_si, std_si } = config;
    if (typeof mean_si !== 'number' || !Number.isFinite(mean_si))
      throw new RtInputError('mean_si', 'method parametric_si requires a number mean_si');
    if (typeof std_si !== 'number' || !Number.isFinite(std_si))
      throw new RtInputError('std_si', 'method parametric_si requires a number std_si');
    if (mean_si <= 1) throw new RtInputError('mean_si', `method parametric_si requires a value > 1, got ${mean_si}`);
    if (std_si <= 0) throw new RtInputError('std_si', `method parametric_si requires a value > 0, got ${std_si}`);
    // discr_si(seq(0, T − 1), mean_si, std_si), padded with one 0 to length T + 1.
    si.set(cache.parametricSi(T, mean_si, std_si));
    return si;
  }
  const given = config.si_distr;
  if (given === undefined || given === null) throw new RtInputError('si_distr', 'method non_parametric_si requires si_distr');
  // EpiEstim check_si_distr (sumToOne = "error").
  let sum = 0;
  for (let k = 0; k < given.length; k++) {
    if (!Number.isFinite(given[k]) || given[k] < 0)
      throw new RtInputError('si_distr', `value ${given[k]} at lag ${k} must be finite and ≥ 0`);
    sum += given[k];
  }
  if (given.length === 0 || given[0] !== 0) throw new RtInputError('si_distr', 'the first value (lag 0) must be 0');
  if (Math.abs(sum - 1) > 0.01) throw new RtInputError('si_distr', `must sum to 1, sums to ${sum}`);
  if (given.length <= T + 1) {
    si.set(Array.from(given));
    return si;
  }
  // Longer than T + 1: EpiEstim keeps the whole vector (only the first T lags can ever be used).
  return Float64Array.from(given);
}

/**
 * Overall infectivity Λ_t for t = 1..T (index t − 1), EpiEstim `overall_infectivity`:
 * Λ_1 = NA (NaN here), Λ_t = Σ_{k=0}^{t−1} w_k (local + imported)_{t−k}.
 */
export function overallInfectivity(local: ArrayLike<number>, imported: ArrayLike<number>, si: ArrayLike<number>): Float64Array {
  const T = local.length;
  const total = new Float64Array(T);
  for (let t = 0; t < T; t++) total[t] = local[t] + imported[t];
  const lambda = new Float64Array(T);
  // Lags past the last non-zero w_k add exact zeros (0 · finite = 0): skip them. A parametric SI
  // is exactly 0 beyond ~10–20 mean serial intervals (see discrSiSeq), so Λ costs O(T · support).
  let support = si.length - 1;
  while (support > 0 && si[support] === 0) support--;
  // Lag-major loop: each Λ_t still receives its terms in the order k = 1, 2, … (w_0 = 0 always in
  // EpiEstim), so the sums are the same as the day-major loop, with contiguous memory access.
  for (let k = 1; k <= support && k < T; k++) {
    const w = si[k];
    if (w === 0) continue;
    for (let t = k; t < T; t++) lambda[t] += w * total[t - k];
  }
  if (si[0] !== 0) for (let t = 1; t < T; t++) lambda[t] += si[0] * total[t];
  lambda[0] = Number.NaN;
  return lambda;
}

/**
 * Estimates the time-varying reproduction number on windows of daily incidence, as EpiEstim
 * `estimate_R(incid, method, config = make_config(config))`.
 *
 * `incid` is a plain array of daily counts (all day-1 cases then count as imported) or
 * `{ local, imported }`. Throws `RtInputError` naming the field on invalid input.
 *
 * ```ts
 * const est = estimateR([21, 9, 15, 22, 98, 299, 141, 100, 44, 15, 6, 4, 5, 1], 'parametric_si', { mean_si: 2.6, std_si: 1.5 });
 * est.windows[0].mean_r; // 1.95306129860808 (EpiEstim 2.2.4)
 * ```
 */
export function estimateR(
  incid: ArrayLike<number> | RtIncidence,
  method: RtMethod,
  config: RtConfig = {},
  options: EstimateROptions = {},
): RtEstimate {
  if (method !== 'parametric_si' && method !== 'non_parametric_si') {
    throw new RtInputError('method', `must be parametric_si or non_parametric_si, got ${String(method)}`);
  }
  const cfg = { ...DEFAULTS, ...config } satisfies RtConfig;
  const warnings: string[] = [];
  const { local, imported } = toIncidence(incid, warnings);
  const T = local.length;
  if (T < 2) throw new RtInputError('incidence', `has ${T} days; at least 2 are needed`);
  for (const f of ['mean_prior', 'std_prior'] as const) {
    if (!(cfg[f] > 0) || !Number.isFinite(cfg[f])) throw new RtInputError(f, `must be a number > 0, got ${cfg[f]}`);
  }
  if (!(cfg.cv_posterior >= 0)) throw new RtInputError('cv_posterior', `must be > 0, got ${cfg.cv_posterior}`);
  const aPrior = (cfg.mean_prior / cfg.std_prior) ** 2;
  const bPrior = cfg.std_prior ** 2 / cfg.mean_prior;
  const { tStart, tEnd } = windows(cfg, T);
  const cache = options.cache ?? new RtCache();
  const si = serialInterval(method, cfg, T, cache);

  // EpiEstim overall_infectivity → check_si_distr(si_distr, "warning").
  let siSum = 0;
  let siMean = 0;
  let siSecond = 0;
  for (let k = 0; k < si.length; k++) {
    siSum += si[k];
    siMean += si[k] * k;
    siSecond += si[k] * k * k;
  }
  if (Math.abs(siSum - 1) > 0.01) warnings.push('si_distr does not sum to 1');
  const siStd = Math.sqrt(siSecond - siMean * siMean);

  // Warning of estimate_R_func when the first window holds fewer cases than needed for the posterior CV.
  const minCases = Math.ceil(1 / cfg.cv_posterior ** 2 - aPrior);
  if (tStart.length > 0) {
    let first = 0;
    for (let t = tStart[0]; t <= tEnd[0]; t++) first += local[t - 1] + imported[t - 1];
    if (first < minCases) warnings.push("You're estimating R too early in the epidemic to get the desired posterior CV.");
  }

  const lambda = overallInfectivity(local, imported, si);
  const out: RtWindow[] = new Array(tStart.length);
  for (let w = 0; w < tStart.length; w++) {
    const s = tStart[w];
    const e = tEnd[w];
    if (!(e > siMean)) {
      out[w] = {
        t_start: s,
        t_end: e,
        mean_r: null,
        std_r: null,
        quantile_0_025_r: null,
        quantile_0_05_r: null,
        quantile_0_25_r: null,
        median_r: null,
        quantile_0_75_r: null,
        quantile_0_95_r: null,
        quantile_0_975_r: null,
      };
      continue;
    }
    let sumLocal = 0;
    let sumLambda = 0;
    for (let t = s - 1; t < e; t++) {
      sumLocal += local[t];
      sumLambda += lambda[t];
    }
    const a = aPrior + sumLocal;
    const b = 1 / (1 / bPrior + sumLambda);
    const q = cache.unitQuantiles(a);
    out[w] = {
      t_start: s,
      t_end: e,
      mean_r: a * b,
      std_r: Math.sqrt(a) * b,
      quantile_0_025_r: b * q[0],
      quantile_0_05_r: b * q[1],
      quantile_0_25_r: b * q[2],
      median_r: b * q[3],
      quantile_0_75_r: b * q[4],
      quantile_0_95_r: b * q[5],
      quantile_0_975_r: b * q[6],
    };
  }
  return { method, windows: out, si_distr: si, si_mean: siMean, si_std: siStd, local, imported, warnings };
}

/**
 * Generalised likelihood-ratio (GLR) detector for a change in the intercept of a negative binomial
 * (or Poisson) count model, as R `surveillance::glrnb` / `algo.glrnb` with its C routines
 * `glr_nb_window`, `glr_cusum`, `glr_cusum_window`, `lr_cusum`, `lr_cusum_nb`.
 *
 * Höhle M, Paul M (2008). Count data regression charts for the monitoring of surveillance time
 * series. Computational Statistics & Data Analysis 52(9):4357–4368.
 * Höhle M (2010). Online change-point detection in categorical time series. In: Kneib T, Tutz G
 * (eds) Statistical Modelling and Regression Structures, Physica, 377–397.
 *
 * In-control means mu0 come from a GLM fitted to the counts before the range
 * (`mu0 = list(S, trend, refit)`: y ~ 1 [+ t] + Σ_{s=1..S} cos(2sπt/freq) + sin(2sπt/freq),
 * MASS `glm.nb` when alpha is NULL (then alpha = 1/θ), Poisson when alpha = 0, else a negative
 * binomial GLM with θ = 1/alpha) or are given as a vector. With the monitored counts x_1..x_n,
 *   GLR(n) = max_{k ∈ window} sup_{κ} Σ_{t=k..n} log f_{κ}(x_t)/f_0(x_t),  μ_1 = μ_0·e^κ,
 * κ found by Newton–Raphson (started at the previous k's estimate, at most 1000 steps, stopped when
 * κ ≤ −18) and clipped at 0 in the monitored direction. With `change = "epi"` the alternative is
 * μ_1,t = μ_0,t + e^θ·x_{t−1} (R's `glr_epi_window` / `glr_nbgeneral_window`). An alarm is raised at the first n with
 * GLR(n) ≥ c.ARL; the chart then restarts on the remaining points (with mu0 refitted when
 * `mu0$refit`). `upperbound` is the GLR statistic (R's `ret = "value"`) or, with `ret = "cases"`,
 * the count at t that would have raised the alarm (R's search or closed forms).
 */
import { glmFit, glmNbFit, type GlmFitResult } from '@outbreak/stats';
import { DetectionInputError } from '../errors.ts';
import { booleanParam, choiceParam, numberParam, readCounts, resolveRange } from '../series.ts';
import type { DetectionControl, DetectionPoint, DetectionResult, SurveillanceSeries } from '../types.ts';

/** Model of the in-control mean, R's `mu0 = list(S, trend, refit)`. */
export interface GlrnbMu0Model {
  /** number of harmonics (default 1) */
  S: number;
  /** include a linear time trend (default false) */
  trend: boolean;
  /** refit the model on all data before the remaining range after each alarm (default false) */
  refit: boolean;
}

/** Control list of R `glrnb(sts, control = list(...))`. */
export interface GlrnbControl extends DetectionControl {
  /** alarm threshold on the GLR statistic (default 5) */
  'c.ARL': number;
  /** in-control means: a model list (default S = 1, trend = false, refit = false) or one mean per monitored point */
  mu0: Partial<GlrnbMu0Model> | ArrayLike<number> | null;
  /** overdispersion (variance μ + alpha·μ²): null = estimate with glm.nb (default), 0 = Poisson */
  alpha: number | null;
  /** number of observations needed before a change can be estimated (default 1) */
  Mtilde: number;
  /** window: how far back the change point may lie; −1 = unlimited (default) */
  M: number;
  /** kind of change: "intercept" (μ_1 = μ_0·e^κ, default) or "epi" (μ_1 = μ_0 + e^θ·x_{t−1}, an epidemic component) */
  change: 'intercept' | 'epi';
  /** known change κ (then a likelihood-ratio CUSUM); null = estimate it (GLR; default) */
  theta: number | null;
  /** direction: "inc" (default) or "dec" */
  dir: 'inc' | 'dec';
  /** what `upperbound` holds: "value" (the GLR statistic, default) or "cases" (the count at t that would have raised the alarm) */
  ret: 'value' | 'cases';
  /** largest count tried by the negative binomial chart's `ret = "cases"` search (default 10000) */
  xMax: number;
}

/** R `algo.glrnb` defaults. */
export const GLRNB_DEFAULTS = {
  'c.ARL': 5,
  mu0: null,
  alpha: null,
  Mtilde: 1,
  M: -1,
  change: 'intercept',
  theta: null,
  dir: 'inc',
  ret: 'value',
  xMax: 10000,
} as const satisfies Partial<GlrnbControl>;

/** Result of the chart on one block of points: statistic per point and the alarm position. */
interface ChartRun {
  /** 0-based index of the alarm in the block, or −1 */
  alarmAt: number;
}

/**
 * One Newton–Raphson step for κ of the NB intercept chart on points k..n of a block: R's
 * score/Fisher ratio `nbScore/nbFisher` (Höhle & Paul 2008, Sect. 2.2).
 */
function interceptNewtonStep(
  x: Int32Array | Float64Array,
  mu0: Float64Array,
  from: number,
  k: number,
  n: number,
  alpha: number,
  kappa: number,
): number {
  const ek = Math.exp(kappa);
  let score = 0;
  let fisher = 0;
  for (let i = k; i <= n; i++) {
    const m = mu0[from + i];
    const xi = x[from + i];
    const d = 1 + alpha * ek * m;
    score += (xi - ek * m) / d;
    fisher += (m * (alpha * xi + 1)) / (d * d);
  }
  return score / (ek * fisher);
}

/** R's `glr_nb_window` (κ estimated, negative binomial with fixed alpha). */
function glrNbWindow(
  x: Int32Array | Float64Array,
  mu0: Float64Array,
  from: number,
  lx: number,
  alpha: number,
  Mtilde: number,
  M: number,
  cARL: number,
  dir: number,
  val: Float64Array,
): ChartRun {
  const n0 = Math.max(Mtilde - 1, 0);
  for (let n = 0; n < n0; n++) val[from + n] = 0;
  for (let n = n0; n < lx; n++) {
    let maxGLR = -1e99;
    let kappaMl = 0.5;
    const low = M === -1 ? 0 : Math.max(0, n - M);
    const up = n - (Mtilde - 1);
    for (let k = low; k <= up; k++) {
      let kappaOld = 0.4;
      let kappaNew = kappaMl;
      let iter = 0;
      while (kappaNew > -18 && Math.abs(kappaNew - kappaOld) > 1e-6 && iter < 1000) {
        iter++;
        kappaOld = kappaNew;
        kappaNew = kappaOld + interceptNewtonStep(x, mu0, from, k, n, alpha, kappaOld);
      }
      kappaMl = dir * Math.max(0, dir * kappaNew);
      const ek = Math.exp(kappaMl);
      let lnk = 0;
      for (let i = k; i <= n; i++) {
        const m = mu0[from + i];
        const xi = x[from + i];
        lnk += kappaMl * xi + (xi + 1 / alpha) * Math.log((1 + alpha * m) / (1 + alpha * m * ek));
      }
      if (lnk > maxGLR) maxGLR = lnk;
    }
    val[from + n] = maxGLR;
    if (maxGLR >= cARL) return { alarmAt: n };
  }
  return { alarmAt: -1 };
}

/** R's `glr` (M = −1) and `glr_window` (M > 0): the Poisson GLR statistic at n, κ = log(Σx/Σμ0) clipped. */
function poissonGlrAt(x: Int32Array, mu0: Float64Array, from: number, n: number, Mtilde: number, M: number, dir: number): number {
  let maxGLR = -1e99;
  let sumx = 0;
  let summu = 0;
  let kLow = 0;
  let kHigh = n;
  if (M > 0) {
    for (let l = n - Mtilde + 1; l <= n; l++) {
      sumx += x[from + l];
      summu += mu0[from + l];
    }
    kHigh = n - Mtilde;
    kLow = Math.max(0, n - M);
  }
  for (let k = kHigh; k >= kLow; k--) {
    sumx += x[from + k];
    summu += mu0[from + k];
    const kappa = dir * Math.max(0, dir * Math.log(sumx / summu));
    const s = kappa * sumx + (1 - Math.exp(kappa)) * summu;
    if (s > maxGLR) maxGLR = s;
  }
  return maxGLR;
}

/**
 * R's `glr_cusum` (M = −1) and `glr_cusum_window` (M > 0), the Poisson GLR chart. With `cases`,
 * also R's `ret = "cases"`: the count at n, tried 0, 1, 2, … with the earlier counts unchanged, at
 * which the statistic would first reach c.ARL (for dir = −1: first fall to c.ARL or below).
 */
function glrPoisson(
  x: Int32Array,
  mu0: Float64Array,
  from: number,
  lx: number,
  Mtilde: number,
  M: number,
  cARL: number,
  dir: number,
  val: Float64Array,
  cases: Float64Array | null,
): ChartRun {
  let n = M > 0 ? Mtilde : Math.max(0, Mtilde - 1);
  for (let i = 0; i < n; i++) {
    val[from + i] = 0;
    if (cases) cases[from + i] = 0;
  }
  for (; n < lx; n++) {
    const g = poissonGlrAt(x, mu0, from, n, Mtilde, M, dir);
    val[from + n] = g;
    if (cases) {
      const saved = x[from + n];
      let trial = -1;
      let glrNew = cARL - dir;
      while (dir * glrNew < cARL * dir) {
        trial++;
        x[from + n] = trial;
        glrNew = poissonGlrAt(x, mu0, from, n, Mtilde, M, dir);
      }
      cases[from + n] = trial;
      x[from + n] = saved;
    }
    if (g >= cARL) return { alarmAt: n };
  }
  return { alarmAt: -1 };
}

/**
 * R's `lr_cusum` (Poisson) and `lr_cusum_nb` (alpha > 0): CUSUM of log-likelihood ratios for a known
 * κ. With `cases`, R's closed-form count that would make the statistic reach c.ARL at n.
 */
function lrCusum(
  x: Int32Array,
  mu0: Float64Array,
  from: number,
  lx: number,
  alpha: number,
  kappa: number,
  cARL: number,
  val: Float64Array,
  cases: Float64Array | null,
): ChartRun {
  let prev = 0;
  const ek = Math.exp(kappa);
  for (let n = 0; n < lx; n++) {
    const m = mu0[from + n];
    const xi = x[from + n];
    const logRatio = alpha === 0 ? 0 : Math.log((1 + alpha * m) / (1 + alpha * m * ek));
    const zn = alpha === 0 ? kappa * xi + (1 - ek) * m : kappa * xi + (xi + 1 / alpha) * logRatio;
    const before = n === 0 ? 0 : prev;
    if (cases) {
      cases[from + n] =
        alpha === 0 ? (cARL - before + m * (ek - 1)) / kappa : -(before * alpha + logRatio - cARL * alpha) / alpha / (kappa + logRatio);
    }
    const s = Math.max(0, before + zn);
    val[from + n] = s;
    prev = s;
    // R's lr_cusum and lr_cusum_nb stop on a strictly greater statistic.
    if (s > cARL) return { alarmAt: n };
  }
  return { alarmAt: -1 };
}

/**
 * R's brute-force `ret = "cases"` for the NB GLR chart (in `algo.glrnb` itself): for each point up
 * to the alarm, the count there is moved one at a time (up before the alarm, down at it; only while
 * it lies in [1, xMax], as R checks before each move) and the whole chart rerun, until the alarm
 * would move; no change gives 1e99 (no alarm reachable) or NA at the alarm.
 */
function nbCasesBruteForce(
  x: Int32Array,
  mu0: Float64Array,
  from: number,
  lx: number,
  alarmAt: number,
  alpha: number,
  Mtilde: number,
  M: number,
  cARL: number,
  dir: number,
  xMax: number,
  cases: Float64Array,
): void {
  const N = alarmAt < 0 ? lx + 1 : alarmAt + 1; // R's res$N, 1-based
  const block = x.slice(from, from + lx);
  const mu = mu0.subarray(from, from + lx);
  const scratch = new Float64Array(lx);
  for (let pos = 1; pos <= Math.min(lx, N); pos++) {
    const myx = block.slice();
    const gotAlarm = N <= pos;
    const direction = gotAlarm ? -1 : 1;
    let changed = false;
    while (!changed && myx[pos - 1] <= xMax && myx[pos - 1] >= 1) {
      myx[pos - 1] += direction;
      const tmp = glrNbWindow(myx, mu, 0, lx, alpha, Mtilde, M, cARL, dir, scratch);
      const tmpN = tmp.alarmAt < 0 ? lx + 1 : tmp.alarmAt + 1;
      if (!gotAlarm && tmpN <= pos) {
        changed = true;
        cases[from + pos - 1] = myx[pos - 1];
      }
      if (gotAlarm && tmpN > pos) {
        changed = true;
        cases[from + pos - 1] = myx[pos - 1] + 1;
      }
    }
    // R: NA at the alarm (set to 0 with the other NAs at the end), 1e99 before it
    if (!changed) cases[from + pos - 1] = gotAlarm ? 0 : 1e99;
  }
}

/**
 * R's `glr_epi_window` (Poisson, `change = "epi"`): μ_1,t = μ_0,t + λ·x_{t−1}; λ by Newton–Raphson on
 * φ = log λ (started at the previous k's λ, stopped when |e^φ − e^φold| ≤ 1e-6 or φ ≤ −18), no clipping.
 * Held et al. (2005), Stat Model 5:187–199. Stops on a strictly greater statistic, as the C code.
 */
function glrEpiPoisson(
  x: Int32Array,
  mu0: Float64Array,
  from: number,
  lx: number,
  Mtilde: number,
  M: number,
  xm10: number,
  cARL: number,
  val: Float64Array,
): ChartRun {
  const xm1 = (i: number) => (i === 0 ? xm10 : x[from + i - 1]);
  const n0 = Math.max(Mtilde - 1, 0);
  for (let n = 0; n < n0; n++) val[from + n] = 0;
  for (let n = n0; n < lx; n++) {
    let maxGLR = -1e99;
    let lambdaMl = 0.5;
    const low = M === -1 ? 0 : Math.max(0, n - M);
    const up = n - (Mtilde - 1);
    for (let k = low; k <= up; k++) {
      let phiOld = 2.0;
      let phiNew = Math.log(lambdaMl);
      let iter = 0;
      while (phiNew > -18 && Math.abs(Math.exp(phiNew) - Math.exp(phiOld)) > 1e-6 && iter < 1000) {
        iter++;
        phiOld = phiNew;
        const e = Math.exp(phiOld);
        let sScore = 0;
        let sFisher = 0;
        for (let i = k; i <= n; i++) {
          const xi = x[from + i];
          const xm = xm1(i);
          const d = e * xm + mu0[from + i];
          sScore += (xi * xm) / d - xm;
          sFisher += (xi * xm * xm) / (d * d);
        }
        const score = e * sScore;
        const fisher = -score + Math.exp(2 * phiOld) * sFisher;
        phiNew = phiOld + score / fisher;
      }
      lambdaMl = Math.exp(phiNew);
      let lnk = 0;
      for (let i = k; i <= n; i++) {
        const xm = xm1(i);
        lnk += x[from + i] * Math.log((lambdaMl * xm) / mu0[from + i] + 1.0) - lambdaMl * xm;
      }
      if (lnk > maxGLR) maxGLR = lnk;
    }
    val[from + n] = maxGLR;
    if (maxGLR > cARL) return { alarmAt: n };
  }
  return { alarmAt: -1 };
}

/**
 * R's `glr_nbgeneral_window` (negative binomial, `change = "epi"`). As in the C code, θ is found
 * with the intercept chart's score and Fisher information (not the epidemic model's), without
 * clipping, and l_{n,k} is then evaluated under μ_1,t = μ_0,t + e^θ·x_{t−1}.
 */
function glrNbGeneral(
  x: Int32Array,
  mu0: Float64Array,
  from: number,
  lx: number,
  alpha: number,
  Mtilde: number,
  M: number,
  xm10: number,
  cARL: number,
  val: Float64Array,
): ChartRun {
  const xm1 = (i: number) => (i === 0 ? xm10 : x[from + i - 1]);
  const n0 = Math.max(Mtilde - 1, 0);
  for (let n = 0; n < n0; n++) val[from + n] = 0;
  for (let n = n0; n < lx; n++) {
    let maxGLR = -1e99;
    let thetaMl = 0.5;
    const low = M === -1 ? 0 : Math.max(0, n - M);
    const up = n - (Mtilde - 1);
    for (let k = low; k <= up; k++) {
      let thetaOld = 0.4;
      let thetaNew = thetaMl;
      let iter = 0;
      while (thetaNew > -18 && Math.abs(thetaNew - thetaOld) > 1e-6 && iter < 1000) {
        iter++;
        thetaOld = thetaNew;
        thetaNew = thetaOld + interceptNewtonStep(x, mu0, from, k, n, alpha, thetaOld);
      }
      thetaMl = thetaNew;
      const e = Math.exp(thetaMl);
      let lnk = 0;
      for (let i = k; i <= n; i++) {
        const m0 = mu0[from + i];
        const m1 = m0 + e * xm1(i);
        lnk +=
          x[from + i] * (Math.log(m1) - Math.log(m0) + Math.log(1 + alpha * m0) - Math.log(1 + alpha * m1)) +
          (1 / alpha) * (Math.log(1 + alpha * m0) - Math.log(1 + alpha * m1));
      }
      if (lnk > maxGLR) maxGLR = lnk;
    }
    val[from + n] = maxGLR;
    if (maxGLR >= cARL) return { alarmAt: n };
  }
  return { alarmAt: -1 };
}

interface Mu0Fit {
  mu0: Float64Array;
  alpha: number;
}

/** R's `estimateGLRNbHook`: fits the in-control model on 1..first−1 and predicts on first..last. */
function fitInControl(y: Float64Array, first: number, last: number, freq: number, model: GlrnbMu0Model, alpha: number | null): Mu0Fit {
  const rowFor = (t: number): Float64Array => {
    const row = new Float64Array(1 + (model.trend ? 1 : 0) + 2 * model.S);
    let j = 0;
    row[j++] = 1;
    if (model.trend) row[j++] = t;
    for (let s = 1; s <= model.S; s++) {
      row[j++] = Math.cos((2 * s * Math.PI * t) / freq);
      row[j++] = Math.sin((2 * s * Math.PI * t) / freq);
    }
    return row;
  };
  const X: Float64Array[] = [];
  const resp: number[] = [];
  for (let t = 1; t < first; t++) {
    if (Number.isNaN(y[t - 1])) continue; // glm's na.omit
    X.push(rowFor(t));
    resp.push(y[t - 1]);
  }
  const p = 1 + (model.trend ? 1 : 0) + 2 * model.S;
  if (resp.length <= p) {
    throw new DetectionInputError(
      'range',
      `glrnb needs more than ${p} counts before the range to fit the in-control model; it has ${resp.length}`,
    );
  }
  let fit: GlmFitResult;
  let fittedAlpha: number;
  if (alpha === null) {
    const nb = glmNbFit({ X, y: resp });
    fit = nb;
    fittedAlpha = 1 / nb.theta;
  } else if (alpha === 0) {
    fit = glmFit({ X, y: resp, family: 'poisson' });
    fittedAlpha = 0;
  } else {
    fit = glmFit({ X, y: resp, family: 'negbin', theta: 1 / alpha });
    fittedAlpha = alpha;
  }
  const mu0 = new Float64Array(last - first + 1);
  for (let t = first; t <= last; t++) mu0[t - first] = fit.predict(rowFor(t), { type: 'response' }).fit;
  return { mu0, alpha: fittedAlpha };
}

/**
 * The GLR chart on one series, as R `glrnb(sts, control)`. Extra fields per point: `mu0` (the
 * in-control mean) and `nb_alpha` (the overdispersion used: estimated, given, or 0 for Poisson).
 * Default range: from one count after the first `2 + 2S (+1 with trend)` counts to the end.
 */
export function glrnb(series: SurveillanceSeries, control: Partial<GlrnbControl> = {}): DetectionResult {
  const cARL = numberParam('c.ARL', control['c.ARL'] ?? GLRNB_DEFAULTS['c.ARL'], { min: 0 });
  const Mtilde = numberParam('Mtilde', control.Mtilde ?? GLRNB_DEFAULTS.Mtilde, { integer: true, min: 1 });
  const M = numberParam('M', control.M ?? GLRNB_DEFAULTS.M, { integer: true, min: -1 });
  if (M !== -1 && M < Mtilde) throw new DetectionInputError('M', `M must be -1 or at least Mtilde (${Mtilde}), not ${M}`);
  const change = choiceParam('change', control.change ?? GLRNB_DEFAULTS.change, ['intercept', 'epi'] as const);
  const ret = choiceParam('ret', control.ret ?? GLRNB_DEFAULTS.ret, ['value', 'cases'] as const);
  const xMax = numberParam('xMax', control.xMax ?? GLRNB_DEFAULTS.xMax, { min: 0 });
  const dir = choiceParam('dir', control.dir ?? GLRNB_DEFAULTS.dir, ['inc', 'dec'] as const) === 'inc' ? 1 : -1;
  const theta = control.theta == null ? null : numberParam('theta', control.theta);
  if (theta === 1) throw new DetectionInputError('theta', 'theta has to be larger than 1 (R: "Error: theta has to be larger than 1!")');
  const alphaIn = control.alpha == null ? null : numberParam('alpha', control.alpha, { min: 0 });

  const y = readCounts(series);
  const mu0Spec = control.mu0 ?? null;
  const isVector = mu0Spec !== null && typeof (mu0Spec as ArrayLike<number>).length === 'number';
  const model: GlrnbMu0Model | null = isVector
    ? null
    : {
        S: numberParam('mu0.S', (mu0Spec as Partial<GlrnbMu0Model> | null)?.S ?? 1, { integer: true, min: 0 }),
        trend: booleanParam('mu0.trend', (mu0Spec as Partial<GlrnbMu0Model> | null)?.trend ?? false),
        refit: booleanParam('mu0.refit', (mu0Spec as Partial<GlrnbMu0Model> | null)?.refit ?? false),
      };
  const minFirst = model ? 2 + 2 * model.S + (model.trend ? 1 : 0) + 1 : 1;
  const [first, last] = resolveRange(y.length, control.range, minFirst, 'glrnb');
  const count = last - first + 1;
  const x = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const v = y[first - 1 + i];
    if (Number.isNaN(v)) throw new DetectionInputError('observed', `glrnb cannot monitor a missing count (t=${first + i})`);
    x[i] = Math.trunc(v); // R passes as.integer(x) to the C routines
  }

  let mu0: Float64Array;
  let alpha: number;
  if (model) {
    const fit = fitInControl(y, first, last, series.frequency, model, alphaIn);
    mu0 = fit.mu0;
    alpha = fit.alpha;
  } else {
    const v = mu0Spec as ArrayLike<number>;
    if (v.length !== count) throw new DetectionInputError('mu0', `mu0 has ${v.length} values; the range has ${count} points`);
    mu0 = Float64Array.from(v as ArrayLike<number>);
    alpha = alphaIn ?? 0;
  }

  if (change === 'epi' && ret === 'cases') {
    throw new DetectionInputError('ret', 'ret = "cases" is not available for change = "epi" (R has no such computation)');
  }
  const val = new Float64Array(count);
  const cases = ret === 'cases' ? new Float64Array(count) : null;
  const alarm = new Uint8Array(count);
  let done = 0;
  let xm10 = 0;
  while (done < count) {
    const lx = count - done;
    let run: ChartRun;
    if (change === 'epi') {
      run =
        alpha === 0
          ? glrEpiPoisson(x, mu0, done, lx, Mtilde, M, xm10, cARL, val)
          : glrNbGeneral(x, mu0, done, lx, alpha, Mtilde, M, xm10, cARL, val);
    } else if (theta !== null) run = lrCusum(x, mu0, done, lx, alpha, theta, cARL, val, cases);
    else if (alpha === 0) run = glrPoisson(x, mu0, done, lx, Mtilde, M, cARL, dir, val, cases);
    else {
      run = glrNbWindow(x, mu0, done, lx, alpha, Mtilde, M, cARL, dir, val);
      if (cases) nbCasesBruteForce(x, mu0, done, lx, run.alarmAt, alpha, Mtilde, M, cARL, dir, xMax, cases);
    }
    if (run.alarmAt < 0) break;
    alarm[done + run.alarmAt] = 1;
    // R keeps the count at the alarm as x_0 of the epidemic chart's restart (xm10 <- x[res$N])
    xm10 = x[done + run.alarmAt];
    done += run.alarmAt + 1;
    if (model?.refit && done < count) {
      // R refits on all counts before the new start (estimateGLRNbHook with the shortened range).
      // By then R has stored the first estimate in control$alpha, so the refit is a negative
      // binomial GLM with that alpha held fixed (or Poisson when it is 0), and alpha is unchanged.
      const refit = fitInControl(y, first + done, last, series.frequency, model, alpha);
      mu0.set(refit.mu0, done);
    }
  }

  const points: DetectionPoint[] = new Array(count);
  const shown = cases ?? val;
  for (let i = 0; i < count; i++) {
    const v = shown[i];
    points[i] = {
      t: first + i,
      observed: y[first - 1 + i],
      upperbound: Number.isNaN(v) || v < 0 ? 0 : v,
      alarm: alarm[i] === 1,
      mu0: mu0[i],
      nb_alpha: alpha,
    };
  }
  return { points };
}

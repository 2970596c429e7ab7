/**
 * The parts of the `auto` method (./auto.ts), each testable alone:
 *
 * - {@link fitBaseline}: a robust quasi-Poisson log-linear model of the baseline — intercept, optional linear trend
 *   (kept when significant), `harmonics` seasonal harmonic pairs and, for daily counts, day-of-week effects — fitted
 *   by IRLS on the last `b` years of history, with Farrington/Noufaily reweighting: counts whose Anscombe residual
 *   exceeds `weightsThreshold` get weight 1/r² so that past outbreaks do not lift the baseline;
 * - {@link quantileResidual}: the mid-p normal quantile residual of a count under a negative binomial with mean μ
 *   and variance φμ (the distribution the fitted model implies): about N(0, 1) whatever the level of counts, so one
 *   threshold serves every series;
 * - {@link accumulate}: the windowed CUSUM of those residuals, S_t = max over the last `window` points of
 *   Σ (z_j − k);
 * - {@link smallestAlarmingCount}: the count at t that makes the statistic cross its limit, reported as the
 *   threshold in counts.
 */
import { dnbinom, dpois, pnbinom, ppois, qnorm } from '@outbreak/stats';

/** What the design of the baseline model contains. */
export interface BaselineDesign {
  /** observations per year: 52 (weekly), 365 (daily), 12 (monthly) */
  frequency: number;
  /** number of seasonal harmonic pairs cos/sin(2πjt/frequency), j = 1..harmonics */
  harmonics: number;
  /** include a linear time trend (still dropped when not significant at 5 %) */
  trend: boolean;
  /** day-of-week effects (daily series): six indicator columns, by `t mod 7` */
  weekday: boolean;
}

/** The fitted baseline: predicts the mean at any time point and carries the dispersion. */
export interface BaselineFit {
  /** coefficients in design order (see {@link designRow}) */
  coef: Float64Array;
  /** whether the trend column was kept */
  trend: boolean;
  /** dispersion φ ≥ 1 (variance = φ·μ), from the reweighted Pearson statistic */
  phi: number;
  /** the time point the trend is centred on (its predictions are extrapolated from there) */
  origin: number;
  /** number of points that entered the fit (non-missing counts) */
  n: number;
  /** how many of them were down-weighted as outliers */
  downweighted: number;
  /** Cholesky factor L of X'WX at the fit (row-major p×p, lower): (X'WX)⁻¹ gives the variance of predictions */
  chol: Float64Array;
}

const HARMONIC_TABLES = new Map<string, Float64Array>();

/** cos and sin of 2πjt/frequency for t = 0..frequency−1 and j = 1..harmonics, computed once per pair. */
function harmonicTable(frequency: number, harmonics: number): Float64Array {
  const key = `${frequency}/${harmonics}`;
  let table = HARMONIC_TABLES.get(key);
  if (!table) {
    table = new Float64Array(frequency * 2 * harmonics);
    for (let t = 0; t < frequency; t++) {
      for (let j = 1; j <= harmonics; j++) {
        const a = (2 * Math.PI * j * t) / frequency;
        table[(t * harmonics + j - 1) * 2] = Math.cos(a);
        table[(t * harmonics + j - 1) * 2 + 1] = Math.sin(a);
      }
    }
    HARMONIC_TABLES.set(key, table);
  }
  return table;
}

/** Number of design columns. */
export function designColumns(d: BaselineDesign, trend: boolean): number {
  return 1 + (trend ? 1 : 0) + 2 * d.harmonics + (d.weekday ? 6 : 0);
}

/**
 * The design row of time point `t` (1-based) into `out`: 1, (t − origin)/frequency when `trend`, cos and sin of
 * 2πjt/frequency for j = 1..harmonics, then the weekday indicators (t mod 7 = 1..6; 0 is the reference).
 */
export function designRow(d: BaselineDesign, trend: boolean, t: number, origin: number, out: Float64Array): void {
  let c = 0;
  out[c++] = 1;
  if (trend) out[c++] = (t - origin) / d.frequency;
  if (d.harmonics > 0) {
    const table = harmonicTable(d.frequency, d.harmonics);
    const base = (((t % d.frequency) + d.frequency) % d.frequency) * 2 * d.harmonics;
    for (let j = 0; j < 2 * d.harmonics; j++) out[c++] = table[base + j]!;
  }
  if (d.weekday) {
    const dow = t % 7;
    for (let k = 1; k <= 6; k++) out[c++] = dow === k ? 1 : 0;
  }
}

/** Reusable buffers of {@link fitBaseline} (one per series, so a long range allocates once). */
export class BaselineScratch {
  x = new Float64Array(0);
  y = new Float64Array(0);
  t = new Float64Array(0);
  w = new Float64Array(0);
  mu = new Float64Array(0);
  eta = new Float64Array(0);
  xtwx = new Float64Array(0);
  xtwz = new Float64Array(0);
  row = new Float64Array(0);
  /**
   * Coefficients of the previous unweighted fit with trend, the start of the next one (consecutive points shift
   * the window by one: IRLS then needs two or three steps instead of ten). The result does not depend on it
   * beyond the convergence tolerance.
   */
  warm: Float64Array | null = null;
  ensure(n: number, p: number): void {
    if (this.y.length < n) {
      this.y = new Float64Array(n);
      this.t = new Float64Array(n);
      this.w = new Float64Array(n);
      this.mu = new Float64Array(n);
      this.eta = new Float64Array(n);
    }
    if (this.x.length < n * p) this.x = new Float64Array(n * p);
    if (this.xtwx.length < p * p) {
      this.xtwx = new Float64Array(p * p);
      this.xtwz = new Float64Array(p);
      this.row = new Float64Array(p);
    }
  }
}

/**
 * Cholesky factorisation of the symmetric positive definite p×p matrix `a` (row-major, lower triangle used) in
 * place; returns false when it is not positive definite (a singular design).
 */
export function cholesky(a: Float64Array, p: number): boolean {
  for (let j = 0; j < p; j++) {
    let s = a[j * p + j]!;
    for (let k = 0; k < j; k++) s -= a[j * p + k]! * a[j * p + k]!;
    if (!(s > 1e-12 * Math.max(1, Math.abs(a[j * p + j]!)))) return false;
    const l = Math.sqrt(s);
    a[j * p + j] = l;
    for (let i = j + 1; i < p; i++) {
      let v = a[i * p + j]!;
      for (let k = 0; k < j; k++) v -= a[i * p + k]! * a[j * p + k]!;
      a[i * p + j] = v / l;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b in place in `b`, L the factor of {@link cholesky}. */
export function choleskySolve(l: Float64Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let v = b[i]!;
    for (let k = 0; k < i; k++) v -= l[i * p + k]! * b[k]!;
    b[i] = v / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let v = b[i]!;
    for (let k = i + 1; k < p; k++) v -= l[k * p + i]! * b[k]!;
    b[i] = v / l[i * p + i]!;
  }
}

/** (L·Lᵀ)⁻¹[j][j]: the unscaled variance of coefficient j. */
function inverseDiagonal(l: Float64Array, p: number, j: number): number {
  // solve L v = e_j, then (LLᵀ)⁻¹_jj = |v|²
  const v = new Float64Array(p);
  let s = 0;
  for (let i = j; i < p; i++) {
    let x = i === j ? 1 : 0;
    for (let k = j; k < i; k++) x -= l[i * p + k]! * v[k]!;
    v[i] = x / l[i * p + i]!;
    s += v[i]! * v[i]!;
  }
  return s;
}

/**
 * Weighted Poisson IRLS (log link) on the n rows loaded in `s` (design row-major in `s.x`), prior weights `s.w`; starts from `coef` when it is finite, else from log(mean). Leaves the fitted
 * means in `s.mu`. Returns false when the design is singular or the fit diverges.
 */
function irls(s: BaselineScratch, n: number, p: number, coef: Float64Array, maxit = 30): boolean {
  const { x, y, w, mu, eta, xtwx, xtwz } = s;
  if (!Number.isFinite(coef[0]!)) {
    let sw = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      sw += w[i]!;
      sy += w[i]! * y[i]!;
    }
    coef.fill(0);
    coef[0] = Math.log(Math.max(sy / sw, 0.05));
  }
  let devOld = Number.POSITIVE_INFINITY;
  for (let iter = 0; iter < maxit; iter++) {
    let dev = 0;
    for (let i = 0; i < n; i++) {
      let e = 0;
      const r = i * p;
      for (let j = 0; j < p; j++) e += x[r + j]! * coef[j]!;
      if (e > 30) e = 30;
      eta[i] = e;
      const m = Math.exp(e);
      mu[i] = m;
      const yi = y[i]!;
      dev += 2 * w[i]! * ((yi > 0 ? yi * Math.log(yi / m) : 0) - (yi - m));
    }
    if (Math.abs(dev - devOld) <= 1e-8 * (Math.abs(dev) + 0.1)) return true;
    devOld = dev;
    // normal equations X'WX β = X'W z, working weight w·μ, working response η + (y − μ)/μ
    xtwx.fill(0, 0, p * p);
    xtwz.fill(0, 0, p);
    for (let i = 0; i < n; i++) {
      const m = mu[i]!;
      const ww = w[i]! * m;
      if (ww === 0) continue;
      const z = eta[i]! + (y[i]! - m) / m;
      const r = i * p;
      for (let a = 0; a < p; a++) {
        const xa = x[r + a]! * ww;
        xtwz[a] += xa * z;
        const ra = a * p;
        for (let b = 0; b <= a; b++) xtwx[ra + b] += xa * x[r + b]!;
      }
    }
    if (!cholesky(xtwx, p)) return false;
    choleskySolve(xtwx, p, xtwz);
    for (let j = 0; j < p; j++) coef[j] = xtwz[j]!;
    if (!Number.isFinite(coef[0]!)) return false;
  }
  return true;
}

/** Loads the design of the points in `s.t` (n of them) into `s.x`. */
function loadDesign(s: BaselineScratch, d: BaselineDesign, trend: boolean, n: number, origin: number): number {
  const p = designColumns(d, trend);
  const { row, x } = s;
  for (let i = 0; i < n; i++) {
    designRow(d, trend, s.t[i]!, origin, row);
    for (let j = 0; j < p; j++) x[i * p + j] = row[j]!;
  }
  return p;
}

/** Pearson dispersion Σ w (y − μ)²/μ / (Σ w − p), at least 1. */
function dispersion(s: BaselineScratch, n: number, p: number): number {
  let num = 0;
  let sw = 0;
  for (let i = 0; i < n; i++) {
    const m = s.mu[i]!;
    num += (s.w[i]! * (s.y[i]! - m) ** 2) / m;
    sw += s.w[i]!;
  }
  const df = sw - p;
  return df > 0 ? Math.max(1, num / df) : 1;
}

/**
 * Fits the baseline on the counts `y[from..to]` (0-based, inclusive; NaN left out) and returns the model, or null
 * when fewer than `2·p` counts are available or the design is singular (e.g. all counts zero is fine: the fit is a
 * tiny mean; a constant weekday column is not).
 *
 * Steps: (1) Poisson fit with trend (when asked); the trend is kept when its Wald test with the quasi-Poisson
 * dispersion is significant at 5 %, else the model is refitted without it; (2) Anscombe residuals
 * r = 1.5·(y^{2/3} − μ^{2/3}) / (μ^{1/6}·√φ); weights 1/r² where r > weightsThreshold, 1 elsewhere, rescaled to
 * sum to n; (3) refit with those weights; (2)–(3) twice; φ from the last fit.
 */
export function fitBaseline(
  y: ArrayLike<number>,
  from: number,
  to: number,
  d: BaselineDesign,
  weightsThreshold: number,
  s: BaselineScratch = new BaselineScratch(),
): BaselineFit | null {
  const warm = s.warm;
  const maxP = designColumns(d, d.trend);
  s.ensure(Math.max(0, to - from + 1), maxP);
  let n = 0;
  for (let i = from; i <= to; i++) {
    const v = y[i]!;
    if (Number.isNaN(v)) continue;
    s.y[n] = v;
    s.t[n] = i + 1;
    s.w[n] = 1;
    n++;
  }
  if (n < 2 * maxP + 2) return null;
  const origin = to + 1; // centre the trend on the last fitted point: predictions extrapolate little
  let trend = d.trend;
  let p = loadDesign(s, d, trend, n, origin);
  let coef = new Float64Array(p);
  if (warm && warm.length === p) coef.set(warm);
  else coef.fill(Number.NaN);
  if (!irls(s, n, p, coef)) return null;
  s.warm = coef.slice();
  let phi = dispersion(s, n, p);
  if (trend) {
    const se = Math.sqrt(phi * inverseDiagonal(s.xtwx, p, 1));
    if (!(Math.abs(coef[1]! / se) > 1.959964)) {
      trend = false;
      const reduced = new Float64Array(p - 1);
      reduced[0] = coef[0]!;
      for (let j = 2; j < p; j++) reduced[j - 1] = coef[j]!;
      coef = reduced;
      p = loadDesign(s, d, trend, n, origin);
      if (!irls(s, n, p, coef)) return null;
      phi = dispersion(s, n, p);
    }
  }
  let downweighted = 0;
  for (let pass = 0; pass < REWEIGHT_PASSES; pass++) {
    downweighted = 0;
    let sw = 0;
    const sqrtPhi = Math.sqrt(phi);
    for (let i = 0; i < n; i++) {
      const m = s.mu[i]!;
      const r = (1.5 * (Math.cbrt(s.y[i]! * s.y[i]!) - Math.cbrt(m * m))) / (Math.pow(m, 1 / 6) * sqrtPhi);
      const wi = r > weightsThreshold ? 1 / (r * r) : 1;
      if (wi < 1) downweighted++;
      s.w[i] = wi;
      sw += wi;
    }
    if (downweighted === 0) break;
    for (let i = 0; i < n; i++) s.w[i] = (s.w[i]! * n) / sw;
    if (!irls(s, n, p, coef)) return null;
    phi = dispersion(s, n, p);
  }
  return { coef, trend, phi, origin, n, downweighted, chol: s.xtwx.slice(0, p * p) };
}

/** Reweighting passes (each recomputes the weights from the previous fit). */
export const REWEIGHT_PASSES = 2;

/** The fitted mean at time point `t` (1-based). */
export function predictMean(fit: BaselineFit, d: BaselineDesign, t: number, row = new Float64Array(fit.coef.length)): number {
  designRow(d, fit.trend, t, fit.origin, row);
  let eta = 0;
  for (let j = 0; j < fit.coef.length; j++) eta += row[j]! * fit.coef[j]!;
  return Math.exp(Math.min(eta, 30));
}

/**
 * The dispersion of the prediction at t: φ + μ·Var(η̂_t), with Var(η̂_t) = φ·x_tᵀ(XᵀWX)⁻¹x_t — the uncertainty of the
 * fitted mean added to the count's own variance (variance φμ + μ²Var(η̂)), so a point far from a well-fitted
 * history (an extrapolated trend, a short or noisy baseline) gets a wider distribution.
 */
export function predictionDispersion(
  fit: BaselineFit,
  d: BaselineDesign,
  t: number,
  mu: number,
  row = new Float64Array(fit.coef.length),
): number {
  const p = fit.coef.length;
  designRow(d, fit.trend, t, fit.origin, row);
  // v = L⁻¹x; xᵀ(LLᵀ)⁻¹x = |v|²
  let q = 0;
  for (let i = 0; i < p; i++) {
    let v = row[i]!;
    for (let k = 0; k < i; k++) v -= fit.chol[i * p + k]! * row[k]!;
    v /= fit.chol[i * p + i]!;
    row[i] = v;
    q += v * v;
  }
  return fit.phi + mu * fit.phi * q;
}

/** P(Y ≥ y + 1) and P(Y = y) for Y negative binomial with mean μ and variance φμ (Poisson when φ = 1). */
function upperTail(y: number, mu: number, phi: number): { above: number; at: number } {
  if (phi <= 1 + 1e-9) return { above: ppois(y, mu, { lowerTail: false }), at: dpois(y, mu) };
  const size = mu / (phi - 1);
  return { above: pnbinom(y, size, { mu }, { lowerTail: false }), at: dnbinom(y, size, { mu }) };
}

/** Largest |z| a residual may take (keeps a wildly improbable count from dominating the sum for weeks). */
export const Z_CAP = 6;

/**
 * Mid-p normal quantile residual of count `y` under NB(mean μ, variance φμ): z = Φ⁻¹(P(Y < y) + ½·P(Y = y)),
 * computed from the upper tail for precision and capped at ±{@link Z_CAP}. NaN for a missing count.
 */
export function quantileResidual(y: number, mu: number, phi: number): number {
  if (Number.isNaN(y)) return Number.NaN;
  const { above, at } = upperTail(y, mu, phi);
  const upper = above + 0.5 * at; // P(Y > y) + ½ P(Y = y) = 1 − mid-p
  const z = qnorm(upper, 0, 1, { lowerTail: false });
  return Math.max(-Z_CAP, Math.min(Z_CAP, z));
}

/**
 * The windowed CUSUM at the last of the residuals `z` (oldest first): S = max over m = 1..z.length of
 * Σ_{last m} (z_j − k), and `carry` = max(0, the same over the points before the last), so that
 * S = z_last − k + carry. Missing residuals (NaN) count as 0.
 */
export function accumulate(z: ArrayLike<number>, k: number): { statistic: number; carry: number } {
  const last = z.length - 1;
  let run = 0;
  let carry = 0;
  for (let j = last - 1; j >= 0; j--) {
    const v = Number.isNaN(z[j]!) ? 0 : z[j]!;
    run += v - k;
    if (run > carry) carry = run;
  }
  const zl = Number.isNaN(z[last]!) ? 0 : z[last]!;
  return { statistic: zl - k + carry, carry };
}

/**
 * The smallest count whose residual exceeds `zStar` under NB(μ, φμ): the threshold in counts behind an alarm
 * rule "z > zStar". Found by stepping up from the normal approximation.
 */
export function smallestAlarmingCount(zStar: number, mu: number, phi: number): number {
  if (zStar >= Z_CAP) return Number.POSITIVE_INFINITY;
  let c = Math.max(0, Math.floor(mu + (zStar - 1) * Math.sqrt(phi * mu)));
  while (c > 0 && quantileResidual(c - 1, mu, phi) > zStar) c--;
  while (!(quantileResidual(c, mu, phi) > zStar)) c++;
  return c;
}

/**
 * The quasi-Poisson model fit shared by farrington (Farrington et al. 1996) and farringtonFlexible
 * (Noufaily et al. 2013), reproducing R `surveillance` 1.20's `algo.farrington.fitGLM.fast`,
 * `algo.farrington.fitGLM.flexible`, `anscombe.residuals` and `algo.farrington.assign.weights`.
 *
 * One {@link FarringtonFitter} per series run holds the baseline data of the current time point and
 * a reused {@link GlmWorkspace}, so that the thousands of small fits of a run allocate nothing.
 */
import { GlmWorkspace } from '@outbreak/stats';

const DOUBLE_EPS = 2.220446049250313e-16;

/** y^(2/3) for small integer counts, tabulated on first use (Anscombe residuals). */
const POW23_TABLE = new Float64Array(4096).fill(Number.NaN);

function twoThirdsPower(y: number): number {
  if (y < POW23_TABLE.length && Number.isInteger(y)) {
    let v = POW23_TABLE[y]!;
    if (Number.isNaN(v)) {
      v = Math.pow(y, 2 / 3);
      POW23_TABLE[y] = v;
    }
    return v;
  }
  return Math.pow(y, 2 / 3);
}

/**
 * Which R fit function to mimic: `'fast'` = algo.farrington.fitGLM.fast (farrington's default),
 * `'glm'` = algo.farrington.fitGLM, `'populationOffset'` = algo.farrington.fitGLM.populationOffset,
 * `'flexible'` = algo.farrington.fitGLM.flexible.
 */
export type FitVariant = 'fast' | 'glm' | 'populationOffset' | 'flexible';

/** Design columns besides the seasonal-group dummies: intercept and trend. */
const BASE_COLUMNS = 2;

/**
 * Baseline data of one time point plus the reusable GLM workspace. Fill `response`, `wtime`,
 * `logPopulation` and `group` for rows 0..n−1, then call {@link FarringtonFitter.fit}.
 */
export class FarringtonFitter {
  readonly ws: GlmWorkspace;
  /** number of baseline observations */
  n = 0;
  response: Float64Array;
  wtime: Float64Array;
  /** log(population) offsets, used when `useOffset` */
  logPopulation: Float64Array;
  /** seasonal group level index (0 = baseline level) per row, used when `nGroupDummies > 0` */
  group: Int32Array;
  useOffset = false;
  /** number of dummy columns of the seasonal-group factor (levels − 1) */
  nGroupDummies = 0;

  /** whether the current model contains the time trend column */
  hasTrend = false;
  /** max(dispersion, 1) of the final model (R `model$phi`) */
  phi = 1;
  /** reweighting weights ω (R `omega`), valid when `reweighted` */
  omega: Float64Array;
  reweighted = false;
  /** linear predictor at the new point, from {@link FarringtonFitter.predictLink} */
  predEta = 0;
  /** its unscaled variance x'(X'WX)⁻¹x */
  predVarUnscaled = 0;

  private hat: Float64Array;
  private s: Float64Array;
  private xnew: Float64Array;
  private cov = new Float64Array(0);

  constructor(capacity = 64, maxGroups = 1) {
    const p = BASE_COLUMNS + Math.max(0, maxGroups - 1);
    this.ws = new GlmWorkspace(capacity, p);
    this.response = new Float64Array(capacity);
    this.wtime = new Float64Array(capacity);
    this.logPopulation = new Float64Array(capacity);
    this.group = new Int32Array(capacity);
    this.omega = new Float64Array(capacity);
    this.hat = new Float64Array(capacity);
    this.s = new Float64Array(capacity);
    this.xnew = new Float64Array(p);
  }

  /** Makes room for `n` rows and `groups` seasonal levels (keeps nothing of the current data). */
  reserve(n: number, groups: number): void {
    const p = BASE_COLUMNS + Math.max(0, groups - 1);
    this.ws.reserve(n, p);
    if (n > this.response.length) {
      this.response = new Float64Array(n);
      this.wtime = new Float64Array(n);
      this.logPopulation = new Float64Array(n);
      this.group = new Int32Array(n);
      this.omega = new Float64Array(n);
      this.hat = new Float64Array(n);
      this.s = new Float64Array(n);
    }
    if (p > this.xnew.length) this.xnew = new Float64Array(p);
  }

  /** number of design columns for a model with or without trend */
  columns(trend: boolean): number {
    return 1 + (trend ? 1 : 0) + this.nGroupDummies;
  }

  /** Loads the design (intercept, [wtime], [group dummies]), response, offset into the workspace. */
  private load(trend: boolean): void {
    const { ws, n } = this;
    const p = this.columns(trend);
    ws.setDimensions(n, p);
    const ld = ws.ld;
    const x = ws.x;
    for (let i = 0; i < n; i++) {
      x[i] = 1;
      ws.y[i] = this.response[i]!;
    }
    let col = 1;
    if (trend) {
      for (let i = 0; i < n; i++) x[ld + i] = this.wtime[i]!;
      col = 2;
    }
    for (let g = 1; g <= this.nGroupDummies; g++, col++) {
      const off = col * ld;
      for (let i = 0; i < n; i++) x[off + i] = this.group[i] === g ? 1 : 0;
    }
    ws.useOffset = this.useOffset;
    if (this.useOffset) ws.offset.set(this.logPopulation.subarray(0, n));
    ws.usePrior = false;
  }

  /**
   * Fits the quasi-Poisson model with or without trend, then (when `reweight`) refits with the
   * Anscombe-residual weights, as R's fitFun. Returns false when R would return NULL
   * (flexible variant: no convergence with nor without trend). The final model stays in `ws`.
   *
   * @param variant `'fast'` never gives NULL (a non-converged fit is used as is); the others
   *   give NULL when the fallback fit without trend does not converge either
   * @param weightsThreshold Anscombe-residual threshold above which observations are down-weighted
   *   (1 in the 1996 method, `weightsThreshold` = 2.58 by default in the flexible one)
   */
  fit(trend: boolean, reweight: boolean, weightsThreshold: number, variant: FitVariant): boolean {
    const ws = this.ws;
    let withTrend = trend;
    // The model refitted with the weights: R's `theModel`/`design`, which the 1996
    // populationOffset variant does not update after its fallback fit.
    let reweightTrend = trend;
    const useOffset = this.useOffset;
    this.load(withTrend);
    ws.fit('quasipoisson');
    if (!ws.converged) {
      if (withTrend) {
        withTrend = false;
        if (variant === 'populationOffset') {
          // algo.farrington.fitGLM.populationOffset falls back to `response ~ 1` without offset.
          this.useOffset = false;
          this.load(false);
          this.useOffset = useOffset;
        } else {
          reweightTrend = false;
          this.load(false);
        }
        ws.fit('quasipoisson');
      }
      if (!ws.converged && variant !== 'fast') return false;
    }
    this.hasTrend = withTrend;
    let phi = Math.max(ws.dispersion(), 1);
    this.reweighted = false;
    if (reweight) {
      this.assignWeights(phi, weightsThreshold);
      if (reweightTrend !== withTrend || ws.useOffset !== useOffset) this.load(reweightTrend);
      this.hasTrend = reweightTrend;
      ws.usePrior = true;
      ws.prior.set(this.omega.subarray(0, this.n));
      ws.fit('quasipoisson');
      phi = Math.max(ws.dispersion(), 1);
      this.reweighted = true;
    }
    // R's max(NaN, 1) is NaN: keep NaN dispersions NaN.
    this.phi = phi;
    return true;
  }

  /**
   * Anscombe residuals of the current fit, R `anscombe.residuals(m, phi)`:
   * s = 3/2 (y^(2/3) μ^(−1/6) − μ^(1/2)) / sqrt(phi (1 − h)), then the weights of
   * R `algo.farrington.assign.weights(s, weightsThreshold)` (Farrington et al. 1996, §3.3):
   * ω = γ s^(−2) where s > threshold, γ elsewhere, γ normalising the weights to sum n.
   */
  private assignWeights(phi: number, threshold: number): void {
    const { ws, n, s, omega } = this;
    const hat = ws.hatValues(this.hat);
    const eta = ws.eta;
    let denom = 0;
    for (let i = 0; i < n; i++) {
      const m = ws.mu[i]!;
      // μ^(−1/6) = exp(−η/6) unless μ was clamped at .Machine$double.eps.
      const mPow = m > DOUBLE_EPS ? Math.exp(-eta[i]! / 6) : Math.pow(m, -1 / 6);
      const a = 1.5 * (twoThirdsPower(this.response[i]!) * mPow - Math.sqrt(m));
      const si = a / Math.sqrt(phi * (1 - hat[i]!));
      s[i] = si;
      denom += si > threshold ? 1 / (si * si) : 1;
    }
    const gamma = n / denom;
    for (let i = 0; i < n; i++) {
      const si = s[i]!;
      omega[i] = si > threshold ? gamma / (si * si) : gamma;
    }
  }

  /**
   * Linear predictor and its unscaled variance at a new point with trend value `wtimeNew`, the
   * seasonal group `groupNew` (level index) and offset `offsetNew` — the pieces of `predict.glm` —
   * written to {@link FarringtonFitter.predEta} and {@link FarringtonFitter.predVarUnscaled}.
   */
  predictLink(wtimeNew: number, groupNew: number, offsetNew: number): void {
    const xnew = this.xnew;
    xnew[0] = 1;
    let col = 1;
    if (this.hasTrend) xnew[col++] = wtimeNew;
    for (let g = 1; g <= this.nGroupDummies; g++) xnew[col++] = groupNew === g ? 1 : 0;
    this.predEta = this.ws.linkPredict(xnew, offsetNew);
    this.predVarUnscaled = this.ws.linkVarianceUnscaled(xnew);
  }

  /**
   * `summary.glm(model)$dispersion` of the final model. For farringtonFlexible with reweighting
   * R has overwritten `model$weights` (the working weights) with ω, so summary.glm computes
   * Σ ω r² / df.residual with the working residuals r = (y − μ)/μ: pass `overwritten = true`.
   */
  summaryDispersion(overwritten: boolean): number {
    return overwritten && this.reweighted ? this.ws.dispersion(this.omega) : this.ws.dispersion();
  }

  /** Estimate and unscaled variance of the trend coefficient (column 1). */
  trendCoefficient(): { estimate: number; varUnscaled: number } {
    const p = this.ws.p;
    if (this.cov.length < p * p) this.cov = new Float64Array(p * p);
    const cov = this.ws.covUnscaled(this.cov);
    return { estimate: this.ws.coef[1]!, varUnscaled: cov[p + 1]! };
  }
}

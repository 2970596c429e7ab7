/**
 * Probability distributions with R's names, argument order and semantics:
 * `d*` density / mass, `p*` distribution function, `q*` quantile.
 *
 * Calling convention (the same for every function here):
 *  - the numeric parameters are positional, in R's order, with R's defaults;
 *  - tails and log scale go in a trailing options object:
 *    `{ lowerTail = true, logP = false }` for `p*`/`q*`, `{ log = false }` for `d*`
 *    (R's `lower.tail`, `log.p`, `log`) — never positional booleans;
 *  - the negative binomial takes `mu` (a number) or `{ mu }` or `{ prob }` as
 *    its third argument; the gamma takes `rate` (a number, R's positional
 *    default) or `{ rate }` or `{ scale }`.
 *  - invalid parameters give NaN (R warns and returns NaN); nothing throws.
 *
 * The algorithms are R 4.2.2's `nmath` ones (see each function), so results
 * match R to a few units in the last place, and the discrete quantiles
 * (`qpois`, `qnbinom`, `qbinom`) return exactly R's integers: Cornish–Fisher
 * start, then R's `do_search` with the left-continuity fuzz of R ≥ 4.1.
 */
import {
  DBL_EPSILON,
  DBL_MIN,
  M_1_SQRT_2PI,
  M_LN2,
  M_LN_SQRT_2PI,
  bd0,
  dbinomRaw,
  dnormStd,
  dpoisRaw,
  lbeta,
  lgamma,
  lgamma1p,
  log1mexp,
  pbetaRaw,
  pgammaRaw,
  pnormStd,
  roundHalfEven,
  stirlerr,
} from './special.ts';
import { incompleteBeta } from './toms708.ts';

/** Tail and scale options of the `p*` and `q*` functions (R `lower.tail`, `log.p`). */
export interface TailOptions {
  /** true (default): P[X ≤ x]; false: P[X > x]. */
  lowerTail?: boolean;
  /** true: probabilities are given / returned as log(p). Default false. */
  logP?: boolean;
}

/** Options of the `d*` functions (R `log`). */
export interface DensityOptions {
  /** true: return log density. Default false. */
  log?: boolean;
}

/** Negative-binomial parameter: the mean `mu` (a bare number), or `{ mu }`, or `{ prob }`. */
export type NbinomParam = number | { mu: number } | { prob: number };

/** Gamma scale parameter: the `rate` (a bare number, as R's positional argument), or `{ rate }`, or `{ scale }`. */
export type GammaScaleParam = number | { rate: number } | { scale: number };

const NO_OPTIONS: TailOptions & DensityOptions = {};

/** The four tail/scale option objects, shared so that hot loops allocate nothing. */
const TAIL_OPTIONS: readonly TailOptions[] = [
  { lowerTail: false, logP: false },
  { lowerTail: false, logP: true },
  { lowerTail: true, logP: false },
  { lowerTail: true, logP: true },
];
function tailOptions(lowerTail: boolean, logP: boolean): TailOptions {
  return TAIL_OPTIONS[(lowerTail ? 2 : 0) + (logP ? 1 : 0)];
}

// ----- helpers mirroring R's dpq.h -----

function dt0(lowerTail: boolean, logP: boolean): number {
  return lowerTail ? (logP ? Number.NEGATIVE_INFINITY : 0) : logP ? 0 : 1;
}
function dt1(lowerTail: boolean, logP: boolean): number {
  return lowerTail ? (logP ? 0 : 1) : logP ? Number.NEGATIVE_INFINITY : 0;
}
function d0(log: boolean): number {
  return log ? Number.NEGATIVE_INFINITY : 0;
}
/** R_nonint: not an integer up to relative 1e-7. */
function nonint(x: number): boolean {
  return Math.abs(x - roundHalfEven(x)) > 1e-7 * Math.max(1, Math.abs(x));
}
/** R_DT_qIv: the lower-tail, non-log probability. */
function dtQIv(p: number, lowerTail: boolean, logP: boolean): number {
  return logP ? (lowerTail ? Math.exp(p) : -Math.expm1(p)) : lowerTail ? p : 0.5 - p + 0.5;
}
/** R_DT_CIv: the upper-tail, non-log probability. */
function dtCIv(p: number, lowerTail: boolean, logP: boolean): number {
  return logP ? (lowerTail ? -Math.expm1(p) : Math.exp(p)) : lowerTail ? 0.5 - p + 0.5 : p;
}
/** R_DT_Clog: log of the upper-tail probability. */
function dtClog(p: number, lowerTail: boolean, logP: boolean): number {
  if (lowerTail) return logP ? log1mexp(p) : Math.log1p(-p);
  return logP ? p : Math.log(p);
}
/** R_DT_log: log of the lower-tail probability. */
function dtLog(p: number, lowerTail: boolean, logP: boolean): number {
  if (lowerTail) return logP ? p : Math.log(p);
  return logP ? log1mexp(p) : Math.log1p(-p);
}
/** R_Q_P01_check: is p a valid probability on its scale? */
function badProb(p: number, logP: boolean): boolean {
  return logP ? p > 0 : p < 0 || p > 1;
}
/**
 * R_Q_P01_boundaries: returns the quantile at the boundary probabilities,
 * NaN for invalid p, or undefined when p is interior.
 */
function qBoundaries(p: number, left: number, right: number, lowerTail: boolean, logP: boolean): number | undefined {
  if (logP) {
    if (p > 0) return Number.NaN;
    if (p === 0) return lowerTail ? right : left;
    if (p === Number.NEGATIVE_INFINITY) return lowerTail ? left : right;
  } else {
    if (p < 0 || p > 1) return Number.NaN;
    if (p === 0) return lowerTail ? left : right;
    if (p === 1) return lowerTail ? right : left;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Normal
// ---------------------------------------------------------------------------

/** Normal density (R `dnorm`). */
export function dnorm(x: number, mean = 0, sd = 1, options: DensityOptions = NO_OPTIONS): number {
  const log = options.log ?? false;
  if (Number.isNaN(x) || Number.isNaN(mean) || Number.isNaN(sd)) return x + mean + sd;
  if (sd < 0) return Number.NaN;
  if (!Number.isFinite(sd)) return d0(log);
  if (!Number.isFinite(x) && mean === x) return Number.NaN;
  if (sd === 0) return x === mean ? Number.POSITIVE_INFINITY : d0(log);
  const z = (x - mean) / sd;
  if (!Number.isFinite(z)) return d0(log);
  const az = Math.abs(z);
  if (az >= 2 * Math.sqrt(Number.MAX_VALUE)) return d0(log);
  if (log) return -(M_LN_SQRT_2PI + 0.5 * az * az + Math.log(sd));
  return dnormStd(az, false) / sd;
}

/** Normal distribution function (R `pnorm`; Cody's algorithm, ACM TOMS 715). */
export function pnorm(q: number, mean = 0, sd = 1, options: TailOptions = NO_OPTIONS): number {
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  if (Number.isNaN(q) || Number.isNaN(mean) || Number.isNaN(sd)) return q + mean + sd;
  if (!Number.isFinite(q) && mean === q) return Number.NaN;
  if (sd <= 0) {
    if (sd < 0) return Number.NaN;
    return q < mean ? dt0(lowerTail, logP) : dt1(lowerTail, logP);
  }
  const p = (q - mean) / sd;
  // includes NaN (q and mean infinite with the same sign is caught above, e.g. mean = sd = Inf): decided by q < mean, as R
  if (!Number.isFinite(p)) return q < mean ? dt0(lowerTail, logP) : dt1(lowerTail, logP);
  return pnormStd(p, lowerTail, logP);
}

/** Standard normal quantile, Wichura's AS 241 (PPND16), exactly as R 4.2 `qnorm`. */
function qnormStd(p: number, lowerTail: boolean, logP: boolean): number {
  const pLower = dtQIv(p, lowerTail, logP);
  const q = pLower - 0.5;
  let r: number;
  let val: number;
  if (Math.abs(q) <= 0.425) {
    // 0.075 ≤ p ≤ 0.925
    r = 0.180625 - q * q;
    val =
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r + 45921.953931549871457) * r +
          13731.693765509461125) *
          r +
          1971.5909503065514427) *
          r +
          133.14166789178437745) *
          r +
          3.387132872796366608)) /
      (((((((r * 5226.495278852854561 + 28729.085735721942674) * r + 39307.89580009271061) * r + 21213.794301586595867) * r +
        5394.1960214247511077) *
        r +
        687.1870074920579083) *
        r +
        42.313330701600911252) *
        r +
        1);
    return val;
  }
  // r = min(p, 1 − p) < 0.075; on the log scale use p itself to avoid exp/log round trips
  r = q > 0 ? dtCIv(p, lowerTail, logP) : pLower;
  r = Math.sqrt(-(logP && ((lowerTail && q <= 0) || (!lowerTail && q > 0)) ? p : Math.log(r)));
  if (r <= 5) {
    r -= 1.6;
    val =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r + 1.27045825245236838258) * r +
        3.64784832476320460504) *
        r +
        5.7694972214606914055) *
        r +
        4.6303378461565452959) *
        r +
        1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r + 0.14810397642748007459) * r +
        0.68976733498510000455) *
        r +
        1.6763848301838038494) *
        r +
        2.05319162663775882187) *
        r +
        1);
  } else {
    r -= 5;
    val =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r + 0.026532189526576123093) * r +
        0.29656057182850489123) *
        r +
        1.7848265399172913358) *
        r +
        5.4637849111641143699) *
        r +
        6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r + 7.868691311456132591e-4) * r +
        0.0148753612908506148525) *
        r +
        0.13692988092273580531) *
        r +
        0.59983220655588793769) *
        r +
        1);
  }
  return q < 0 ? -val : val;
}

/** Normal quantile (R `qnorm`; Wichura 1988, AS 241). */
export function qnorm(p: number, mean = 0, sd = 1, options: TailOptions = NO_OPTIONS): number {
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  if (Number.isNaN(p) || Number.isNaN(mean) || Number.isNaN(sd)) return p + mean + sd;
  const b = qBoundaries(p, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, lowerTail, logP);
  if (b !== undefined) return b;
  if (sd < 0) return Number.NaN;
  if (sd === 0) return mean;
  return mean + sd * qnormStd(p, lowerTail, logP);
}

// ---------------------------------------------------------------------------
// Discrete quantile search (R >= 4.1 qDiscrete_search.h)
// ---------------------------------------------------------------------------

// The search state lives at module level (R passes z by pointer): the searches are not
// re-entrant, and hot loops (one quantile per monitored week) then create no closures.
const DIST_POIS = 0;
const DIST_NBINOM_MU = 1;
const DIST_NBINOM_PROB = 2;
const DIST_BINOM = 3;
/** Which distribution the current search inverts, and its two parameters. */
let searchDist = DIST_POIS;
let searchA = 0;
let searchB = 0;
/** Tail, scale and (fuzzed) target probability of the current search. */
let searchLower = true;
let searchLog = false;
let searchP = 0;
/** cdf value at the y returned by the last {@link doSearch} (R's `*z`). */
let searchZ = 0;

/** The cdf being inverted, on the requested tail and scale. */
function searchCdf(y: number): number {
  switch (searchDist) {
    case DIST_POIS:
      return ppoisImpl(y, searchA, searchLower, searchLog);
    case DIST_NBINOM_MU:
      return pnbinomMuImpl(y, searchA, searchB, searchLower, searchLog);
    case DIST_NBINOM_PROB:
      return pnbinomProbImpl(y, searchA, searchB, searchLower, searchLog);
    default:
      return pbinomImpl(y, searchA, searchB, searchLower, searchLog);
  }
}

/** The walk stops at y: lower tail P(y) ≥ p, upper tail P(X > y) < p. */
function reached(z: number): boolean {
  return searchLower ? z >= searchP : z < searchP;
}

/** Steps of R's linear search before switching to galloping + bisection. */
const LINEAR_SEARCH_BUDGET = 64;

/**
 * Find the p-quantile y, i.e. P(y − 1) < p ≤ P(y), stepping by `incr` from the
 * current guess y whose cdf is `searchZ` (R `do_search`).
 *
 * R walks one increment at a time, which takes ~10⁵ cdf evaluations when the
 * Cornish–Fisher start is far off (very skewed negative binomials, e.g.
 * size = 0.5, mu = 1e6). After {@link LINEAR_SEARCH_BUDGET} steps we gallop
 * (doubling steps) to bracket the answer and bisect: for a monotone cdf this
 * returns the same y as R's walk — the smallest y on the search lattice where
 * the walk would stop — in O(log) evaluations.
 */
function doSearch(y: number, incr: number, maxY: number): number {
  let steps = 0;
  if (reached(searchZ)) {
    for (;;) {
      let newz = -1;
      if (y > 0) newz = searchCdf(y - incr);
      else if (y < 0) y = 0;
      if (y === 0 || Number.isNaN(newz) || !reached(newz)) return y;
      y = Math.max(0, y - incr);
      searchZ = newz;
      if (++steps >= LINEAR_SEARCH_BUDGET) break;
    }
    // gallop down: find lo (on the lattice) with ¬reached(P(lo)), or hit 0
    let step = incr * 2;
    let hi = y;
    let hiZ = searchZ;
    let lo: number;
    for (;;) {
      const cand = Math.max(0, hi - step);
      const z = searchCdf(cand);
      if (Number.isNaN(z)) {
        searchZ = hiZ;
        return hi;
      }
      if (!reached(z)) {
        lo = cand;
        break;
      }
      hi = cand;
      hiZ = z;
      if (cand === 0) {
        searchZ = z;
        return 0;
      }
      step *= 2;
    }
    return bisectDown(lo, hi, hiZ, incr);
  }
  for (;;) {
    y += incr;
    if (y < maxY) searchZ = searchCdf(y);
    else if (y > maxY) y = maxY;
    if (y === maxY || Number.isNaN(searchZ) || reached(searchZ)) return y;
    if (++steps >= LINEAR_SEARCH_BUDGET) break;
  }
  // gallop up: find hi with reached(P(hi)), capped at maxY
  let step = incr * 2;
  let lo = y;
  for (;;) {
    // capped at the largest double: bisection needs a finite bracket
    let cand = Math.min(lo + step, Number.MAX_VALUE);
    if (cand >= maxY) {
      cand = maxY;
      if (maxY !== Number.POSITIVE_INFINITY) {
        const z = searchCdf(cand);
        if (Number.isNaN(z) || !reached(z)) {
          searchZ = z;
          return maxY;
        }
        return bisectUp(lo, cand, z, incr);
      }
    }
    const z = searchCdf(cand);
    if (Number.isNaN(z)) {
      searchZ = z;
      return cand;
    }
    if (reached(z)) return bisectUp(lo, cand, z, incr);
    if (cand === Number.MAX_VALUE) {
      searchZ = z;
      return Number.POSITIVE_INFINITY; // not reached anywhere below the largest double
    }
    lo = cand;
    step *= 2;
  }
}

/**
 * Walking down from hi (reached, cdf hiZ) in steps of incr: the last lattice point
 * hi − k·incr that is still reached, given that points ≤ lo are not (monotone
 * cdf). Sets {@link searchZ} to its cdf.
 */
function bisectDown(lo: number, hi: number, hiZ: number, incr: number): number {
  let kNo = Math.ceil((hi - lo) / incr);
  let kYes = 0;
  let z = hiZ;
  while (kNo - kYes > 1) {
    const k = Math.floor((kNo + kYes) / 2);
    if (k === kNo || k === kYes) break; // beyond 2^53 no integer lies between: as close as doubles get
    const zc = searchCdf(hi - k * incr);
    if (reached(zc)) {
      kYes = k;
      z = zc;
    } else {
      kNo = k;
    }
  }
  searchZ = z;
  return hi - kYes * incr;
}

/**
 * Walking up from lo (not reached) in steps of incr: the first lattice point
 * lo + k·incr that is reached, given that hi (= a lattice point, or maxY where
 * R's walk stops anyway) is, with cdf hiZ. Sets {@link searchZ} to its cdf.
 */
function bisectUp(lo: number, hi: number, hiZ: number, incr: number): number {
  const kMax = Math.ceil((hi - lo) / incr);
  let kNo = 0;
  let kYes = kMax;
  let z = hiZ;
  while (kYes - kNo > 1) {
    const k = Math.floor((kNo + kYes) / 2);
    if (k === kNo || k === kYes) break; // beyond 2^53 no integer lies between: as close as doubles get
    const zc = searchCdf(lo + k * incr);
    if (reached(zc)) {
      kYes = k;
      z = zc;
    } else {
      kNo = k;
    }
  }
  searchZ = z;
  return kYes === kMax ? hi : lo + kYes * incr;
}

/**
 * Quantile of a discrete distribution on 0, 1, 2, … (up to maxY): Cornish–Fisher
 * start from mean `mu`, sd `sigma`, skewness `gamma`, then search, with R's
 * left-continuity fuzz (p·(1 − 8ε) lower tail, p·(1 + 8ε) upper tail, 2ε on
 * the log scale), and geometric step refinement for large y (R `q_DISCRETE_BODY`).
 * The distribution is (dist, a, b) as understood by {@link searchCdf}.
 */
function discreteQuantile(
  p: number,
  mu: number,
  sigma: number,
  gamma: number,
  dist: number,
  a: number,
  b: number,
  maxY: number,
  lowerTail: boolean,
  logP: boolean,
): number {
  const z0 = qnormStd(p, lowerTail, logP);
  let y = roundHalfEven(mu + sigma * (z0 + (gamma * (z0 * z0 - 1)) / 6));
  if (y > maxY) y = maxY;
  else if (y < 0) y = 0;
  if (Number.isNaN(y)) return y;
  searchDist = dist;
  searchA = a;
  searchB = b;
  searchLower = lowerTail;
  searchLog = logP;
  searchZ = searchCdf(y);
  if (logP) {
    const e = 2 * DBL_EPSILON;
    if (lowerTail && p > -Number.MAX_VALUE) p *= 1 + e;
    else p *= 1 - e;
  } else {
    const e = 8 * DBL_EPSILON;
    if (lowerTail) p *= 1 - e;
    else if (1 - p > 4 * e) p *= 1 + e;
  }
  searchP = p;
  if (y < 4096) return doSearch(y, 1, maxY);
  let incr = Math.floor(y / 64);
  let oldincr: number;
  do {
    oldincr = incr;
    y = doSearch(y, incr, maxY);
    incr = Math.max(1, Math.floor(incr / 8));
  } while (oldincr > 1 && incr > y * 1e-15);
  return y;
}

// ---------------------------------------------------------------------------
// Poisson
// ---------------------------------------------------------------------------

/** Poisson probability mass (R `dpois`; Loader's saddle-point algorithm). Non-integer x gives 0. */
export function dpois(x: number, lambda: number, options: DensityOptions = NO_OPTIONS): number {
  const log = options.log ?? false;
  if (Number.isNaN(x) || Number.isNaN(lambda)) return x + lambda;
  if (lambda < 0) return Number.NaN;
  if (nonint(x)) return d0(log);
  if (x < 0 || !Number.isFinite(x)) return d0(log);
  return dpoisRaw(roundHalfEven(x), lambda, log);
}

/** Poisson distribution function (R `ppois` = upper incomplete gamma Q(⌊x⌋ + 1, λ)). */
export function ppois(q: number, lambda: number, options: TailOptions = NO_OPTIONS): number {
  return ppoisImpl(q, lambda, options.lowerTail ?? true, options.logP ?? false);
}

function ppoisImpl(q: number, lambda: number, lowerTail: boolean, logP: boolean): number {
  if (Number.isNaN(q) || Number.isNaN(lambda)) return q + lambda;
  if (lambda < 0) return Number.NaN;
  if (q < 0) return dt0(lowerTail, logP);
  if (lambda === 0) return dt1(lowerTail, logP);
  if (!Number.isFinite(q)) return dt1(lowerTail, logP);
  const x = Math.floor(q + 1e-7);
  return pgammaRaw(lambda, x + 1, !lowerTail, logP);
}

/** Poisson quantile: the smallest x with P(X ≤ x) ≥ p, exactly as R 4.2 `qpois`. */
export function qpois(p: number, lambda: number, options: TailOptions = NO_OPTIONS): number {
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  if (Number.isNaN(p) || Number.isNaN(lambda)) return p + lambda;
  if (!Number.isFinite(lambda) || lambda < 0) return Number.NaN;
  if (badProb(p, logP)) return Number.NaN;
  if (lambda === 0) return 0;
  if (p === dt0(lowerTail, logP)) return 0;
  if (p === dt1(lowerTail, logP)) return Number.POSITIVE_INFINITY;
  const sigma = Math.sqrt(lambda);
  return discreteQuantile(p, lambda, sigma, 1 / sigma, DIST_POIS, lambda, 0, Number.POSITIVE_INFINITY, lowerTail, logP);
}

// ---------------------------------------------------------------------------
// Negative binomial
// ---------------------------------------------------------------------------

function isProbParam(param: NbinomParam): param is { prob: number } {
  return typeof param === 'object' && 'prob' in param;
}
function muOf(param: NbinomParam): number {
  return typeof param === 'number' ? param : (param as { mu: number }).mu;
}

/**
 * Negative binomial probability mass of x failures before the `size`-th success
 * (R `dnbinom`): third argument the mean `mu` (number or `{ mu }`), variance
 * mu + mu²/size, or `{ prob }` with mean size(1 − prob)/prob. size may be
 * non-integer; size = Inf with mu is the Poisson limit.
 */
export function dnbinom(x: number, size: number, param: NbinomParam, options: DensityOptions = NO_OPTIONS): number {
  const log = options.log ?? false;
  if (isProbParam(param)) {
    const prob = param.prob;
    if (Number.isNaN(x) || Number.isNaN(size) || Number.isNaN(prob)) return x + size + prob;
    if (prob <= 0 || prob > 1 || size < 0) return Number.NaN;
    if (nonint(x)) return d0(log);
    if (x < 0 || !Number.isFinite(x)) return d0(log);
    if (x === 0 && size === 0) return log ? 0 : 1;
    x = roundHalfEven(x);
    if (!Number.isFinite(size)) size = Number.MAX_VALUE;
    if (x < 1e-10 * size) {
      // x + size = size to double precision: R 4.2's direct form instead of dbinom_raw
      // (x = 0 kept apart so that prob = 1 gives 0·log 0 = 0, not NaN, as R: dnbinom(0, 3, 1) = 1)
      const l =
        x === 0
          ? size * Math.log(prob)
          : size * Math.log(prob) + x * (Math.log(size) + Math.log1p(-prob)) - lgamma1p(x) + Math.log1p((x * (x - 1)) / (2 * size));
      return log ? l : Math.exp(l);
    }
    const ans = dbinomRaw(size, x + size, prob, 1 - prob, log);
    const p = size / (size + x);
    return log ? Math.log(p) + ans : p * ans;
  }
  const mu = muOf(param);
  if (Number.isNaN(x) || Number.isNaN(size) || Number.isNaN(mu)) return x + size + mu;
  if (mu < 0 || size < 0) return Number.NaN;
  if (nonint(x)) return d0(log);
  if (x < 0 || !Number.isFinite(x)) return d0(log);
  if (x === 0 && size === 0) return log ? 0 : 1;
  x = roundHalfEven(x);
  if (!Number.isFinite(size)) return dpoisRaw(x, mu, log);
  if (x === 0) {
    const l = size * (size < mu ? Math.log(size / (size + mu)) : Math.log1p(-mu / (size + mu)));
    return log ? l : Math.exp(l);
  }
  if (x < 1e-10 * size) {
    // size ≫ x: MM's expansion avoids cancellation inside dbinomRaw
    const p = size < mu ? Math.log(size / (1 + size / mu)) : Math.log(mu / (1 + mu / size));
    const l = x * p - mu - lgamma(x + 1) + Math.log1p((x * (x - 1)) / (2 * size));
    return log ? l : Math.exp(l);
  }
  const p = size / (size + x);
  const ans = dbinomRaw(size, x + size, size / (size + mu), mu / (size + mu), log);
  return log ? Math.log(p) + ans : p * ans;
}

/** Negative binomial distribution function (R `pnbinom`; = I_prob(size, ⌊x⌋ + 1)). Parameters as {@link dnbinom}. */
export function pnbinom(q: number, size: number, param: NbinomParam, options: TailOptions = NO_OPTIONS): number {
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  if (isProbParam(param)) return pnbinomProbImpl(q, size, param.prob, lowerTail, logP);
  return pnbinomMuImpl(q, size, muOf(param), lowerTail, logP);
}

/** R `pnbinom(q, size, prob)`. */
function pnbinomProbImpl(q: number, size: number, prob: number, lowerTail: boolean, logP: boolean): number {
  if (Number.isNaN(q) || Number.isNaN(size) || Number.isNaN(prob)) return q + size + prob;
  if (!Number.isFinite(size) || !Number.isFinite(prob)) return Number.NaN;
  if (size < 0 || prob <= 0 || prob > 1) return Number.NaN;
  if (size === 0) return q >= 0 ? dt1(lowerTail, logP) : dt0(lowerTail, logP);
  if (q < 0) return dt0(lowerTail, logP);
  if (!Number.isFinite(q)) return dt1(lowerTail, logP);
  const x = Math.floor(q + 1e-7);
  return pbetaRaw(prob, size, x + 1, lowerTail, logP);
}

/** R `pnbinom(q, size, mu = mu)` (C `pnbinom_mu`). */
function pnbinomMuImpl(q: number, size: number, mu: number, lowerTail: boolean, logP: boolean): number {
  if (Number.isNaN(q) || Number.isNaN(size) || Number.isNaN(mu)) return q + size + mu;
  if (!Number.isFinite(mu)) return Number.NaN;
  if (size < 0 || mu < 0) return Number.NaN;
  if (size === 0) return q >= 0 ? dt1(lowerTail, logP) : dt0(lowerTail, logP);
  if (q < 0) return dt0(lowerTail, logP);
  if (!Number.isFinite(q)) return dt1(lowerTail, logP);
  if (!Number.isFinite(size)) return ppoisImpl(q, mu, lowerTail, logP);
  const x = Math.floor(q + 1e-7);
  // prob = size/(size+mu) and 1 − prob = mu/(size+mu) both formed directly (no cancellation)
  return incompleteBeta(size / (size + mu), size, x + 1, lowerTail, logP, mu / (size + mu));
}

/**
 * Negative binomial quantile: the smallest x with P(X ≤ x) ≥ p, exactly as
 * R 4.2 `qnbinom` (prob) / `qnbinom_mu` (mu). Parameters as {@link dnbinom}.
 */
export function qnbinom(p: number, size: number, param: NbinomParam, options: TailOptions = NO_OPTIONS): number {
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  if (isProbParam(param)) {
    const prob = param.prob;
    if (Number.isNaN(p) || Number.isNaN(size) || Number.isNaN(prob)) return p + size + prob;
    if (prob === 0 && size === 0) return 0;
    if (prob <= 0 || prob > 1 || size < 0) return Number.NaN;
    if (prob === 1 || size === 0) return 0;
    const b = qBoundaries(p, 0, Number.POSITIVE_INFINITY, lowerTail, logP);
    if (b !== undefined) return b;
    const Q = 1 / prob;
    const P = (1 - prob) * Q;
    const sigma = Math.sqrt(size * P * Q);
    return discreteQuantile(p, size * P, sigma, (Q + P) / sigma, DIST_NBINOM_PROB, size, prob, Number.POSITIVE_INFINITY, lowerTail, logP);
  }
  const mu = muOf(param);
  if (size === Number.POSITIVE_INFINITY) return qpois(p, mu, options);
  if (Number.isNaN(p) || Number.isNaN(size) || Number.isNaN(mu)) return p + size + mu;
  if (mu === 0 || size === 0) return 0;
  if (mu < 0 || size < 0) return Number.NaN;
  const b = qBoundaries(p, 0, Number.POSITIVE_INFINITY, lowerTail, logP);
  if (b !== undefined) return b;
  const Q = 1 + mu / size;
  const P = mu / size;
  const sigma = Math.sqrt(size * P * Q);
  return discreteQuantile(p, mu, sigma, (Q + P) / sigma, DIST_NBINOM_MU, size, mu, Number.POSITIVE_INFINITY, lowerTail, logP);
}

// ---------------------------------------------------------------------------
// Gamma and chi-squared
// ---------------------------------------------------------------------------

/** scale from a rate number / { rate } / { scale } (R computes scale = 1/rate). */
function gammaScale(param: GammaScaleParam): number {
  if (typeof param === 'number') return 1 / param;
  if ('scale' in param) return param.scale;
  return 1 / param.rate;
}

/** Gamma density (R `dgamma`); third argument the rate (number or `{ rate }`) or `{ scale }`. */
export function dgamma(x: number, shape: number, rate: GammaScaleParam = 1, options: DensityOptions = NO_OPTIONS): number {
  const log = options.log ?? false;
  const scale = gammaScale(rate);
  if (Number.isNaN(x) || Number.isNaN(shape) || Number.isNaN(scale)) return x + shape + scale;
  if (shape < 0 || scale <= 0) return Number.NaN;
  if (x < 0) return d0(log);
  if (shape === 0) return x === 0 ? Number.POSITIVE_INFINITY : d0(log);
  if (x === 0) {
    if (shape < 1) return Number.POSITIVE_INFINITY;
    if (shape > 1) return d0(log);
    return log ? -Math.log(scale) : 1 / scale;
  }
  if (shape < 1) {
    const pr = dpoisRaw(shape, x / scale, log);
    return log ? pr + (Number.isFinite(shape / x) ? Math.log(shape / x) : Math.log(shape) - Math.log(x)) : (pr * shape) / x;
  }
  const pr = dpoisRaw(shape - 1, x / scale, log);
  return log ? pr - Math.log(scale) : pr / scale;
}

/** Gamma distribution function (R `pgamma`, Welinder's algorithm); rate/scale as {@link dgamma}. */
export function pgamma(q: number, shape: number, rate: GammaScaleParam = 1, options: TailOptions = NO_OPTIONS): number {
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  const scale = gammaScale(rate);
  if (Number.isNaN(q) || Number.isNaN(shape) || Number.isNaN(scale)) return q + shape + scale;
  if (shape < 0 || scale <= 0) return Number.NaN;
  const x = q / scale;
  if (Number.isNaN(x)) return x;
  if (shape === 0) return x <= 0 ? dt0(lowerTail, logP) : dt1(lowerTail, logP);
  return pgammaRaw(x, shape, lowerTail, logP);
}

/**
 * Starting value for the chi-squared quantile with nu degrees of freedom,
 * g = log Γ(nu/2) (Best & Roberts 1975, AS 91, with the Wilson–Hilferty
 * approximation; R `qchisq_appr`).
 */
function qchisqAppr(p: number, nu: number, g: number, lowerTail: boolean, logP: boolean, tol: number): number {
  if (Number.isNaN(p) || Number.isNaN(nu)) return p + nu;
  if (badProb(p, logP)) return Number.NaN;
  if (nu <= 0) return Number.NaN;
  const alpha = 0.5 * nu;
  const c = alpha - 1;
  const p1 = dtLog(p, lowerTail, logP);
  let ch: number;
  if (nu < -1.24 * p1) {
    // small chi-squared: log Γ(alpha + 1) without cancellation for small alpha
    const lgam1pa = alpha < 0.5 ? lgamma1p(alpha) : Math.log(alpha) + g;
    ch = Math.exp((lgam1pa + p1) / alpha + M_LN2);
  } else if (nu > 0.32) {
    // Wilson & Hilferty
    const x = qnormStd(p, lowerTail, logP);
    const pw = 2 / (9 * nu);
    ch = nu * Math.pow(x * Math.sqrt(pw) + 1 - pw, 3);
    if (ch > 2.2 * nu + 6) ch = -2 * (dtClog(p, lowerTail, logP) - c * Math.log(0.5 * ch) + g);
  } else {
    // small nu: 1.24·(−log p) ≤ nu ≤ 0.32, Newton iterations of AS 91
    ch = 0.4;
    const a = dtClog(p, lowerTail, logP) + g + c * M_LN2;
    let q: number;
    do {
      q = ch;
      const pp1 = 1 / (1 + ch * (4.67 + ch));
      const pp2 = ch * (6.73 + ch * (6.66 + ch));
      const t = -0.5 + (4.67 + 2 * ch) * pp1 - (6.73 + ch * (13.32 + 3 * ch)) / pp2;
      ch -= (1 - Math.exp(a + 0.5 * ch) * pp2 * pp1) / t;
    } while (Math.abs(q - ch) > tol * Math.abs(ch));
  }
  return ch;
}

/**
 * Gamma quantile (R `qgamma`); rate/scale as {@link dgamma}.
 *
 * For shape ≥ 1 and 1e-8 ≤ p ≤ 0.999 (not log scale): Cornish–Fisher start
 * ({@link qgammaStart}), then Halley steps on `pgamma` ({@link qgammaHalley}) — typically one to
 * three `pgamma` calls against R's six to ten. Elsewhere R's algorithm ({@link qgammaAs91}). Both
 * converge to the root of pgamma(x) = p, so results agree with R to the conditioning of that root
 * (README "Accuracy").
 */
export function qgamma(p: number, shape: number, rate: GammaScaleParam = 1, options: TailOptions = NO_OPTIONS): number {
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  const scale = gammaScale(rate);
  const alpha = shape;
  if (Number.isNaN(p) || Number.isNaN(alpha) || Number.isNaN(scale)) return p + alpha + scale;
  const bnd = qBoundaries(p, 0, Number.POSITIVE_INFINITY, lowerTail, logP);
  if (bnd !== undefined) return bnd;
  if (alpha < 0 || scale <= 0) return Number.NaN;
  if (alpha === 0) return 0;
  return qgammaInterior(p, alpha, scale, lgamma(alpha), lowerTail, logP);
}

/**
 * `out[i] = qgamma(ps[i], shape, rate, options)` for every i, with the per-shape work (validation,
 * log Γ(shape)) done once — e.g. the seven posterior quantiles of one Rt window. Same values as
 * {@link qgamma}; returns `out` (allocated when not given).
 */
export function qgammaMany(
  ps: ArrayLike<number>,
  shape: number,
  rate: GammaScaleParam = 1,
  out: Float64Array = new Float64Array(ps.length),
  options: TailOptions = NO_OPTIONS,
): Float64Array {
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  const scale = gammaScale(rate);
  const valid = !Number.isNaN(shape) && !Number.isNaN(scale) && shape > 0 && scale > 0;
  const g = valid ? lgamma(shape) : Number.NaN;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i];
    if (!valid || Number.isNaN(p)) {
      out[i] = qgamma(p, shape, { scale }, options);
      continue;
    }
    const bnd = qBoundaries(p, 0, Number.POSITIVE_INFINITY, lowerTail, logP);
    out[i] = bnd !== undefined ? bnd : qgammaInterior(p, shape, scale, g, lowerTail, logP);
  }
  return out;
}

/** Interior p (strictly between the boundaries), alpha > 0, scale > 0, g = log Γ(alpha). */
function qgammaInterior(p: number, alpha: number, scale: number, g: number, lowerTail: boolean, logP: boolean): number {
  // p near 1 in its own tail (above 0.999) stays with R's algorithm: there R's answer carries the
  // error of log(1 − Q) (up to 1e-12 relative at p = 1 − 1e-5), which the reference cases record;
  // below 1e-8 R's log-scale Newton stop leaves up to 1e-11 in p, so we keep R's answers there too
  if (!logP && alpha >= 1 && alpha < 1e300 && p >= 1e-8 && p <= 0.999) {
    // solve in the tail whose probability is below ½ (1 − p is exact there), as pgamma is accurate relative to it
    const x = p > 0.5 ? qgammaHalley(0.5 - p + 0.5, alpha, g, !lowerTail) : qgammaHalley(p, alpha, g, lowerTail);
    if (x > 0) return scale * x;
  }
  return qgammaAs91(p, alpha, scale, g, lowerTail, logP);
}

/**
 * Starting value for the unit-scale gamma quantile, shape alpha ≥ 1, pLower = P[X ≤ x] in
 * [1e-8, 1 − 1e-8]; g = log Γ(alpha).
 * - Cornish–Fisher expansion of the gamma quantile to order alpha^(−3/2) (the χ² expansion of
 *   Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions 1, ch. 18, with χ² = 2X;
 *   coefficients checked against R): relative error ~1e-5 at alpha = 30, ~1e-10 at alpha = 1000
 *   for p ∈ [1e-4, 1 − 1e-4].
 * - In the lower tail of small shapes, where the expansion fails, the series
 *   P(alpha, x) = x^alpha e^(−x) / Γ(alpha + 1) · (1 + x/(alpha + 1) + …) inverted by one
 *   fixed-point step from x₀ = (p Γ(alpha + 1))^(1/alpha).
 */
function qgammaStart(pLower: number, alpha: number, g: number, lowerTail: boolean, p: number): number {
  const z = qnormStd(p, lowerTail, false);
  const sa = Math.sqrt(alpha);
  const z2 = z * z;
  const cf =
    alpha +
    sa * z +
    (z2 - 1) / 3 +
    (z * (z2 - 7)) / (36 * sa) -
    (6 * z2 * z2 + 14 * z2 - 32) / (1620 * alpha) +
    (z * (9 * z2 * z2 + 256 * z2 - 433)) / (38880 * alpha * sa);
  if (cf > 0.5 * alpha) return cf;
  // lower-tail power start (log Γ(alpha + 1) = log alpha + g)
  const x0 = Math.exp((Math.log(pLower) + Math.log(alpha) + g) / alpha);
  if (x0 < 0.25 * alpha || !(cf > 0)) {
    const a1 = alpha + 1;
    const corr = 1 + (x0 / a1) * (1 + x0 / (a1 + 1));
    return x0 * Math.exp((x0 - Math.log(corr)) / alpha);
  }
  return cf;
}

/** Largest integer shape for which {@link qgammaHalley} evaluates the cdf by {@link pgammaIntShape}. */
const INT_SHAPE_MAX = 32;

/**
 * P(n, x) (lowerTail) or Q(n, x) of an integer shape 2 ≤ n ≤ 32 at 0 < x < n + 16, by the Poisson sums
 * Q = e^(−x) Σ_{k<n} x^k/k! and P = e^(−x) Σ_{k≥n} x^k/k! (Abramowitz & Stegun 6.5.13): positive
 * terms only, so both tails keep full relative accuracy, at a fraction of `pgammaRaw`'s cost. The Rt
 * posteriors have such shapes (prior shape 1 + integer case counts).
 */
function pgammaIntShape(x: number, n: number, lowerTail: boolean): number {
  let term = 1;
  let sum = 1;
  for (let k = 1; k < n; k++) {
    term *= x / k;
    sum += term;
  }
  if (!lowerTail) return Math.exp(-x) * sum;
  term *= x / n;
  sum = term;
  for (let k = n + 1; term > sum * 1e-17; k++) {
    term *= x / k;
    sum += term;
  }
  return Math.exp(-x) * sum;
}

/**
 * Unit-scale gamma quantile by Halley's method on F(x) = pgamma(x, alpha) − p (alpha ≥ 1, p not on
 * the log scale, 1e-12 ≤ p ≤ 1 − 1e-12; g = log Γ(alpha)). The density f = x^(alpha−1) e^(−x)/Γ(alpha)
 * reuses g and f'/f = (alpha − 1)/x − 1 is exact, so a step costs one `pgammaRaw`, one log and one
 * exp; errors in f only slow convergence, never move the root. Halley's error after a step of size
 * d is O(d³/s²) on the scale s = min(x, max(1, √alpha)) over which F bends, so we stop once
 * |d| ≤ 1e-6·s (the next step would be below 1e-17·s). Returns NaN when it does not converge in
 * 12 steps (never seen; the caller then falls back to R's algorithm).
 */
function qgammaHalley(p: number, alpha: number, g: number, lowerTail: boolean): number {
  // shape 1 (the exponential; an Rt posterior with no cases in the window) in closed form
  if (alpha === 1) return lowerTail ? -Math.log1p(-p) : -Math.log(p);
  const pLower = lowerTail ? p : 0.5 - p + 0.5;
  let x = qgammaStart(pLower, alpha, g, lowerTail, p);
  if (!(x > 0 && x < Number.POSITIVE_INFINITY)) return Number.NaN;
  const am1 = alpha - 1;
  const sqrtA = Math.sqrt(alpha);
  const integerShape = alpha <= INT_SHAPE_MAX && alpha === Math.floor(alpha);
  for (let i = 0; i < 12; i++) {
    const cdf = integerShape && x < alpha + 16 ? pgammaIntShape(x, alpha, lowerTail) : pgammaRaw(x, alpha, lowerTail, false);
    const r = cdf - p;
    const f = Math.exp(am1 * Math.log(x) - x - g);
    if (!(f > 0) || !Number.isFinite(f)) return Number.NaN;
    // Newton correction t (x_new = x − t for the lower tail's increasing F; the upper tail's Q decreases)
    const t = lowerTail ? r / f : -r / f;
    const h = am1 / x - 1;
    const den = 1 - 0.5 * t * h;
    let d = den > 0.5 ? t / den : t;
    let xNew = x - d;
    if (xNew <= 0) xNew = 0.125 * x;
    else if (xNew > 8 * x + 8) xNew = 8 * x + 8;
    d = x - xNew;
    x = xNew;
    const s = Math.min(x, sqrtA > 1 ? sqrtA : 1);
    if (Math.abs(d) <= 1e-6 * s) return x;
  }
  return Number.NaN;
}

/**
 * R's own `qgamma` algorithm for interior p, alpha > 0, scale > 0 (g = log Γ(alpha)): AS 91 start
 * (`qchisqAppr`), AS 239-based seven-term Taylor iterations to 5e-7, then Newton steps on the log
 * scale until the relative change in p is below 1e-15. Used where {@link qgammaHalley} does not
 * apply (log-scale or extreme tails, shape < 1).
 */
function qgammaAs91(p: number, alpha: number, scale: number, g: number, lowerTail: boolean, logP: boolean): number {
  const EPS1 = 1e-2;
  const EPS2 = 5e-7;
  const EPS_N = 1e-15;
  const MAXIT = 1000;
  const pMIN = 1e-100;
  const pMAX = 1 - 1e-14;
  const i420 = 1 / 420;
  const i2520 = 1 / 2520;
  const i5040 = 1 / 5040;
  let maxItNewton = alpha < 1e-10 ? 7 : 1;
  let pLower = dtQIv(p, lowerTail, logP);
  let ch = qchisqAppr(p, 2 * alpha, g, lowerTail, logP, EPS1);
  // biome-ignore lint/suspicious/noConfusingLabels: the labelled block mirrors R's qgamma.c (its goto END) so the port can be checked line by line
  phase2: {
    if (!Number.isFinite(ch)) {
      maxItNewton = 0;
      break phase2;
    }
    if (ch < EPS2 || pLower > pMAX || pLower < pMIN) {
      maxItNewton = 20;
      break phase2;
    }
    const c = alpha - 1;
    const s6 = (120 + c * (346 + 127 * c)) * i5040;
    const ch0 = ch;
    for (let i = 1; i <= MAXIT; i++) {
      const q = ch;
      const p1 = 0.5 * ch;
      const p2 = pLower - pgammaRaw(p1, alpha, true, false);
      if (!Number.isFinite(p2) || ch <= 0) {
        ch = ch0;
        maxItNewton = 27;
        break phase2;
      }
      const t = p2 * Math.exp(alpha * M_LN2 + g + p1 - c * Math.log(ch));
      const b = t / ch;
      const a = 0.5 * t - b * c;
      const s1 = (210 + a * (140 + a * (105 + a * (84 + a * (70 + 60 * a))))) * i420;
      const s2 = (420 + a * (735 + a * (966 + a * (1141 + 1278 * a)))) * i2520;
      const s3 = (210 + a * (462 + a * (707 + 932 * a))) * i2520;
      const s4 = (252 + a * (672 + 1182 * a) + c * (294 + a * (889 + 1740 * a))) * i5040;
      const s5 = (84 + 2264 * a + c * (1175 + 606 * a)) * i2520;
      ch += t * (1 + 0.5 * t * s1 - b * c * (s1 - b * (s2 - b * (s3 - b * (s4 - b * (s5 - b * s6))))));
      if (Math.abs(q - ch) < EPS2 * ch) break phase2;
      if (Math.abs(q - ch) > 0.1 * ch) ch = ch < q ? 0.9 * q : 1.1 * q;
    }
  }
  // Final Newton steps (Welinder, PR#2214), always on the log scale
  let x = 0.5 * scale * ch;
  if (maxItNewton) {
    if (!logP) {
      p = Math.log(p);
      logP = true;
    }
    const tail = { lowerTail, logP };
    if (x === 0) {
      x = DBL_MIN;
      pLower = pgamma(x, alpha, { scale }, tail);
      if ((lowerTail && pLower > p * (1 + 1e-7)) || (!lowerTail && pLower < p * (1 - 1e-7))) return 0;
    } else {
      pLower = pgamma(x, alpha, { scale }, tail);
    }
    if (pLower === Number.NEGATIVE_INFINITY) return 0;
    for (let i = 1; i <= maxItNewton; i++) {
      const p1 = pLower - p;
      if (Math.abs(p1) < Math.abs(EPS_N * p)) break;
      g = dgamma(x, alpha, { scale }, { log: logP });
      if (g === d0(logP)) break;
      let t = logP ? p1 * Math.exp(pLower - g) : p1 / g;
      t = lowerTail ? x - t : x + t;
      pLower = pgamma(t, alpha, { scale }, tail);
      if (Math.abs(pLower - p) > Math.abs(p1) || (i > 1 && Math.abs(pLower - p) === Math.abs(p1))) break;
      x = t;
    }
  }
  return x;
}

/** Chi-squared density (R `dchisq` = dgamma(x, df/2, scale = 2)). */
export function dchisq(x: number, df: number, options: DensityOptions = NO_OPTIONS): number {
  return dgamma(x, df / 2, { scale: 2 }, options);
}

/** Chi-squared distribution function (R `pchisq`). */
export function pchisq(q: number, df: number, options: TailOptions = NO_OPTIONS): number {
  return pgamma(q, df / 2, { scale: 2 }, options);
}

/** Chi-squared quantile (R `qchisq`). */
export function qchisq(p: number, df: number, options: TailOptions = NO_OPTIONS): number {
  // R's algorithm throughout (not qgamma's Halley path): the reference cases hold qchisq to 1e-15
  // of R, closer than the two methods' last-digit noise in the upper tail (~1e-14 at p = 0.999)
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  const alpha = 0.5 * df;
  if (Number.isNaN(p) || Number.isNaN(alpha)) return p + alpha;
  const bnd = qBoundaries(p, 0, Number.POSITIVE_INFINITY, lowerTail, logP);
  if (bnd !== undefined) return bnd;
  if (alpha < 0) return Number.NaN;
  if (alpha === 0) return 0;
  return qgammaAs91(p, alpha, 2, lgamma(alpha), lowerTail, logP);
}

// ---------------------------------------------------------------------------
// Beta
// ---------------------------------------------------------------------------

/** Beta density (R `dbeta`). */
export function dbeta(x: number, a: number, b: number, options: DensityOptions = NO_OPTIONS): number {
  const log = options.log ?? false;
  if (Number.isNaN(x) || Number.isNaN(a) || Number.isNaN(b)) return x + a + b;
  if (a < 0 || b < 0) return Number.NaN;
  if (x < 0 || x > 1) return d0(log);
  if (a === 0 || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) {
    if (a === 0 && b === 0) return x === 0 || x === 1 ? Number.POSITIVE_INFINITY : d0(log);
    if (a === 0 || a / b === 0) return x === 0 ? Number.POSITIVE_INFINITY : d0(log);
    if (b === 0 || b / a === 0) return x === 1 ? Number.POSITIVE_INFINITY : d0(log);
    return x === 0.5 ? Number.POSITIVE_INFINITY : d0(log);
  }
  if (x === 0) {
    if (a > 1) return d0(log);
    if (a < 1) return Number.POSITIVE_INFINITY;
    return log ? Math.log(b) : b;
  }
  if (x === 1) {
    if (b > 1) return d0(log);
    if (b < 1) return Number.POSITIVE_INFINITY;
    return log ? Math.log(a) : a;
  }
  const lval =
    a <= 2 || b <= 2
      ? (a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - lbeta(a, b)
      : Math.log(a + b - 1) + dbinomRaw(a - 1, a + b - 2, x, 1 - x, true);
  return log ? lval : Math.exp(lval);
}

/** Beta distribution function, the regularised incomplete beta I_x(a, b) (R `pbeta`). */
export function pbeta(q: number, a: number, b: number, options: TailOptions = NO_OPTIONS): number {
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  if (Number.isNaN(q) || Number.isNaN(a) || Number.isNaN(b)) return q + a + b;
  if (a < 0 || b < 0) return Number.NaN;
  if (q <= 0) return dt0(lowerTail, logP);
  // q ≥ 1 is left to pbetaRaw, after the point-mass limits (R: pbeta(1, 0, 0) = 0.5)
  return pbetaRaw(q, a, b, lowerTail, logP);
}

/**
 * Beta quantile (R `qbeta`): a start from the AS 109 / Cornish–Fisher
 * approximations, then safeguarded Newton iterations on log I_x(a, b)
 * (bracketing keeps every step inside (0, 1)) to a change of 2 ulps.
 */
export function qbeta(p: number, a: number, b: number, options: TailOptions = NO_OPTIONS): number {
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  if (Number.isNaN(p) || Number.isNaN(a) || Number.isNaN(b)) return p + a + b;
  if (a < 0 || b < 0) return Number.NaN;
  const bnd = qBoundaries(p, 0, 1, lowerTail, logP);
  if (bnd !== undefined) return bnd;
  // point-mass limits as in R
  if (a === 0 || b === 0 || !Number.isFinite(a) || !Number.isFinite(b)) {
    if (a === 0 && b === 0) {
      // two-point mass: R compares p with ½ on its own scale, whatever the tail
      const half = logP ? -M_LN2 : 0.5;
      return p < half ? 0 : p > half ? 1 : 0.5;
    }
    if (a === 0 || a / b === 0) return 0;
    if (b === 0 || b / a === 0) return 1;
    return 0.5;
  }
  // Work with the lower-tail log probability target, and solve in whichever tail is smaller
  // so that tiny probabilities keep their relative accuracy.
  const logLower = dtLog(p, lowerTail, logP);
  const logUpper = dtClog(p, lowerTail, logP);
  const useLower = logLower <= logUpper;
  const target = useLower ? logLower : logUpper;
  const f = (x: number): number => pbetaRaw(x, a, b, useLower, true) - target;
  // start: AS 109 (Majumder & Bhattacharjee 1973) approximation
  const pp = Math.exp(logLower);
  let x0: number;
  {
    const swap = pp > 0.5;
    const aa = swap ? b : a;
    const bb = swap ? a : b;
    const pa = swap ? -Math.expm1(logLower) : pp;
    const r0 = Math.sqrt(-2 * Math.log(pa));
    const yy = r0 - (2.30753 + 0.27061 * r0) / (1 + (0.99229 + 0.04481 * r0) * r0);
    let xs: number;
    if (aa > 1 && bb > 1) {
      const r = (yy * yy - 3) / 6;
      const s = 1 / (aa + aa - 1);
      const t = 1 / (bb + bb - 1);
      const h = 2 / (s + t);
      const w = (yy * Math.sqrt(h + r)) / h - (t - s) * (r + 5 / 6 - 2 / (3 * h));
      xs = aa / (aa + bb * Math.exp(w + w));
    } else {
      const r = bb + bb;
      let t = 1 / (9 * bb);
      t = r * Math.pow(1 - t + yy * Math.sqrt(t), 3);
      if (t <= 0) xs = 1 - Math.exp((Math.log1p(-pa) + Math.log(bb) + lbeta(aa, bb)) / bb);
      else {
        t = (4 * aa + r - 2) / t;
        if (t <= 1) xs = Math.exp((Math.log(pa * aa) + lbeta(aa, bb)) / aa);
        else xs = 1 - 2 / (t + 1);
      }
    }
    if (!(xs > 0 && xs < 1)) xs = 0.5;
    x0 = swap ? 1 - xs : xs;
  }
  // bracket [lo, hi] with f(lo) < 0 < f(hi) for the lower tail (reversed for the upper tail)
  let lo = 0;
  let hi = 1;
  let x = x0;
  for (let it = 0; it < 1000; it++) {
    const fx = f(x);
    if (fx === 0 || Number.isNaN(fx)) return x;
    const increasing = useLower;
    if (fx < 0 === increasing) lo = x;
    else hi = x;
    // Newton on log scale: d/dx log I = dbeta / I
    const dens = dbeta(x, a, b, { log: true });
    const logCdf = fx + target;
    const deriv = (useLower ? 1 : -1) * Math.exp(dens - logCdf);
    let xn = x - fx / deriv;
    if (!(xn > lo && xn < hi) || !Number.isFinite(xn)) {
      // bisect (geometrically when the bracket spans orders of magnitude near 0)
      xn = lo > 0 && hi / lo > 16 ? Math.sqrt(lo * hi) : lo === 0 && hi < 1e-3 ? hi / 16 : 0.5 * (lo + hi);
    }
    // Newton converges quadratically: stop at a change of ~2 ulps (or a bracket of 4 ulps)
    if (Math.abs(xn - x) <= 2 * DBL_EPSILON * Math.max(Math.abs(x), 1e-300) || hi - lo <= 4 * DBL_EPSILON * hi) return xn;
    x = xn;
  }
  return x;
}

// ---------------------------------------------------------------------------
// Binomial
// ---------------------------------------------------------------------------

/** Binomial probability mass (R `dbinom`; Loader's algorithm). */
export function dbinom(x: number, size: number, prob: number, options: DensityOptions = NO_OPTIONS): number {
  const log = options.log ?? false;
  if (Number.isNaN(x) || Number.isNaN(size) || Number.isNaN(prob)) return x + size + prob;
  if (prob < 0 || prob > 1 || size < 0 || nonint(size)) return Number.NaN;
  if (nonint(x)) return d0(log);
  if (x < 0 || !Number.isFinite(x)) return d0(log);
  return dbinomRaw(roundHalfEven(x), roundHalfEven(size), prob, 1 - prob, log);
}

/** Binomial distribution function (R `pbinom` = upper incomplete beta). */
export function pbinom(q: number, size: number, prob: number, options: TailOptions = NO_OPTIONS): number {
  return pbinomImpl(q, size, prob, options.lowerTail ?? true, options.logP ?? false);
}

function pbinomImpl(q: number, size: number, prob: number, lowerTail: boolean, logP: boolean): number {
  if (Number.isNaN(q) || Number.isNaN(size) || Number.isNaN(prob)) return q + size + prob;
  if (!Number.isFinite(size) || !Number.isFinite(prob)) return Number.NaN;
  if (nonint(size)) return Number.NaN;
  const n = roundHalfEven(size);
  if (n < 0 || prob < 0 || prob > 1) return Number.NaN;
  if (q < 0) return dt0(lowerTail, logP);
  const x = Math.floor(q + 1e-7);
  if (n <= x) return dt1(lowerTail, logP);
  return pbetaRaw(prob, x + 1, n - x, !lowerTail, logP);
}

/** Binomial quantile: the smallest x with P(X ≤ x) ≥ p, exactly as R 4.2 `qbinom`. */
export function qbinom(p: number, size: number, prob: number, options: TailOptions = NO_OPTIONS): number {
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  if (Number.isNaN(p) || Number.isNaN(size) || Number.isNaN(prob)) return p + size + prob;
  if (!Number.isFinite(size) || !Number.isFinite(prob)) return Number.NaN;
  if (!Number.isFinite(p) && !logP) return Number.NaN;
  const n = roundHalfEven(size);
  if (prob < 0 || prob > 1 || n < 0) return Number.NaN;
  const bnd = qBoundaries(p, 0, n, lowerTail, logP);
  if (bnd !== undefined) return bnd;
  if (prob === 0 || n === 0) return 0;
  if (prob === 1) return n;
  const q = 1 - prob;
  const mu = n * prob;
  const sigma = Math.sqrt(n * prob * q);
  return discreteQuantile(p, mu, sigma, (q - prob) / sigma, DIST_BINOM, n, prob, n, lowerTail, logP);
}

// ---------------------------------------------------------------------------
// Student t
// ---------------------------------------------------------------------------

/** Student t density (R `dt`; Loader's saddle-point form). */
export function dt(x: number, df: number, options: DensityOptions = NO_OPTIONS): number {
  const log = options.log ?? false;
  const n = df;
  if (Number.isNaN(x) || Number.isNaN(n)) return x + n;
  if (n <= 0) return Number.NaN;
  if (!Number.isFinite(x)) return d0(log);
  if (!Number.isFinite(n)) return dnorm(x, 0, 1, options);
  const t = -bd0(n / 2, (n + 1) / 2) + stirlerr((n + 1) / 2) - stirlerr(n / 2);
  const x2n = (x * x) / n;
  let ax = 0;
  let lX2n: number;
  let u: number;
  const lrgX2n = x2n > 1 / DBL_EPSILON;
  if (lrgX2n) {
    ax = Math.abs(x);
    lX2n = Math.log(ax) - Math.log(n) / 2;
    u = n * lX2n;
  } else if (x2n > 0.2) {
    lX2n = Math.log(1 + x2n) / 2;
    u = n * lX2n;
  } else {
    lX2n = Math.log1p(x2n) / 2;
    u = -bd0(n / 2, (n + x * x) / 2) + (x * x) / 2;
  }
  if (log) return t - u - (M_LN_SQRT_2PI + lX2n);
  const iSqrt = lrgX2n ? Math.sqrt(n) / ax : Math.exp(-lX2n);
  return Math.exp(t - u) * M_1_SQRT_2PI * iSqrt;
}

/** Student t distribution function (R `pt`, through the incomplete beta). */
export function pt(q: number, df: number, options: TailOptions = NO_OPTIONS): number {
  let lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  const x = q;
  const n = df;
  if (Number.isNaN(x) || Number.isNaN(n)) return x + n;
  if (n <= 0) return Number.NaN;
  if (!Number.isFinite(x)) return x < 0 ? dt0(lowerTail, logP) : dt1(lowerTail, logP);
  if (!Number.isFinite(n)) return pnorm(x, 0, 1, options);
  const nx = 1 + (x / n) * x;
  let val: number;
  if (nx > 1e100) {
    const lval = -0.5 * n * (2 * Math.log(Math.abs(x)) - Math.log(n)) - lbeta(0.5 * n, 0.5) - Math.log(0.5 * n);
    val = logP ? lval : Math.exp(lval);
  } else {
    val =
      n > x * x ? pbeta((x * x) / (n + x * x), 0.5, n / 2, tailOptions(false, logP)) : pbeta(1 / nx, n / 2, 0.5, tailOptions(true, logP));
  }
  // val = P(|T| > |x|); fold to the requested tail
  if (x <= 0) lowerTail = !lowerTail;
  if (logP) return lowerTail ? Math.log1p(-0.5 * Math.exp(val)) : val - M_LN2;
  val /= 2;
  return lowerTail ? 0.5 - val + 0.5 : val;
}

/**
 * Student t quantile (R `qt`): exact forms for df = 1 (Cauchy) and df = 2,
 * G. W. Hill's (1970, CACM 396) approximation otherwise, then Newton–Taylor
 * steps on `pt` (as R) to relative 1e-14; df > 1e20 is the normal.
 */
export function qt(p: number, df: number, options: TailOptions = NO_OPTIONS): number {
  const lowerTail = options.lowerTail ?? true;
  const logP = options.logP ?? false;
  const ndf = df;
  if (Number.isNaN(p) || Number.isNaN(ndf)) return p + ndf;
  const bnd = qBoundaries(p, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, lowerTail, logP);
  if (bnd !== undefined) return bnd;
  if (ndf <= 0) return Number.NaN;
  if (ndf > 1e20) return qnorm(p, 0, 1, options);
  const pLower = dtQIv(p, lowerTail, logP);
  // P = two-sided tail probability 2·min(p, 1 − p), computed without cancellation
  const neg = pLower <= 0.5;
  const pTail = neg ? pLower : dtCIv(p, lowerTail, logP);
  const logPTail = logP ? (neg ? dtLog(p, lowerTail, logP) : dtClog(p, lowerTail, logP)) : Math.log(pTail);
  const P = 2 * pTail;
  let q: number;
  if (Math.abs(ndf - 2) < 1e-12) {
    // exact: q = sqrt(2 / (P(2 − P)) − 2)
    if (P > DBL_MIN) {
      if (3 * P < DBL_EPSILON) q = 1 / Math.sqrt(P);
      else if (P > 0.9) q = (1 - P) * Math.sqrt(2 / (P * (2 - P)));
      else q = Math.sqrt(2 / (P * (2 - P)) - 2);
    } else {
      q = Math.exp(-0.5 * (logPTail + M_LN2)); // 1/sqrt(P)
    }
  } else if (Math.abs(ndf - 1) < 1e-12) {
    // Cauchy: q = 1/tan(πP/2), tail-accurate
    q = P > 0 ? 1 / Math.tan((Math.PI * P) / 2) : Math.exp(-(logPTail + M_LN2) - Math.log(Math.PI / 2));
    if (P > 0 && P === 1) q = 0;
  } else if (ndf < 1) {
    // heavy tails: bracket, then bisect on the lower-tail probability, exactly as R
    // (accuracy 1e-13 relative, which is what R returns for df < 1)
    const accu = 1e-13;
    const eps = 1e-11;
    const pp0 = dtQIv(p, lowerTail, logP);
    if (pp0 > 1 - DBL_EPSILON) return Number.POSITIVE_INFINITY;
    let pp = Math.min(1 - DBL_EPSILON, pp0 * (1 + eps));
    let ux = 1;
    while (ux < Number.MAX_VALUE && pt(ux, ndf) < pp) ux *= 2;
    pp = pp0 * (1 - eps);
    let lx = -1;
    while (lx > -Number.MAX_VALUE && pt(lx, ndf) > pp) lx *= 2;
    let nx: number;
    let iter = 0;
    do {
      nx = 0.5 * (lx + ux);
      if (pt(nx, ndf) > pp0) ux = nx;
      else lx = nx;
    } while ((ux - lx) / Math.abs(nx) > accu && ++iter < 1000);
    return 0.5 * (lx + ux);
  } else {
    // Hill (1970) for the two-sided P, as R: y = (d·P)^(2/ndf)
    const a = 1 / (ndf - 0.5);
    const b = 48 / (a * a);
    let c = (((20700 * a) / b - 98) * a - 16) * a + 96.36;
    const d = ((94.5 / (b + c) - 3) / b + 1) * Math.sqrt((a * Math.PI) / 2) * ndf;
    const logDP = Math.log(d) + M_LN2 + logPTail; // log(d·P)
    let y = Math.exp((2 / ndf) * logDP);
    const pOk = y >= DBL_EPSILON;
    const xl = logDP / ndf; // log(y)/2, used when y underflows
    if ((ndf < 2.1 && P > 0.5) || y > 0.05 + a) {
      // asymptotic inverse expansion about the normal
      const x = pOk ? qnormStd(0.5 * P, true, false) : qnormStd(logPTail, true, true);
      y = x * x;
      if (ndf < 5) c += 0.3 * (ndf - 4.5) * (x + 0.6);
      c = (((0.05 * d * x - 5) * x - 7) * x - 2) * x + b + c;
      y = (((((0.4 * y + 6.3) * y + 36) * y + 94.5) / c - y - 3) / b + 1) * x;
      y = Math.expm1(a * y * y);
      q = Math.sqrt(ndf * y);
    } else if (!pOk && xl < -M_LN2 * 53) {
      q = Math.sqrt(ndf) * Math.exp(-xl);
    } else {
      if (!pOk) y = Math.exp(2 * xl);
      y = (((1 / (((ndf + 6) / (ndf * y) - 0.089 * d - 0.822) * (ndf + 2) * 3) + 0.5 / (ndf + 4)) * y - 1) * (ndf + 1)) / (ndf + 2) + 1 / y;
      q = Math.sqrt(ndf * y);
    }
  }
  // Newton (with a second-order Taylor correction, as R) on the upper tail, P/2 = pt(q, upper)
  if (Number.isFinite(q)) {
    for (let it = 0; it < 10; it++) {
      const y = dt(q, ndf);
      if (!(y > 0)) break;
      // f(q) = P[T > q] − P/2 decreases with slope −dt(q): the step is +f/dt
      const x = (pt(q, ndf, tailOptions(false, false)) - P / 2) / y;
      if (!Number.isFinite(x) || Math.abs(x) <= 1e-14 * Math.abs(q)) break;
      q += x * (1 + (x * q * (ndf + 1)) / (2 * (q * q + ndf)));
    }
  }
  return neg ? -q : q;
}

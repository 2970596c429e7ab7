/**
 * The hot loops of the space-time permutation scan: the log likelihood ratio, the search for
 * candidate clusters in the real data, and the maximum LLR of one permuted replicate.
 * Pure functions over typed arrays; no allocation inside the loops over circles and windows.
 */
import type { ScanProblem } from './scan-problem.ts';

/** The part of a seeded generator the permutation needs: a uniform integer in [0, n). */
export interface UniformIntSource {
  int(n: number): number;
}

/**
 * Log likelihood ratio of a cylinder with c observed and mu expected cases out of C
 * (Kulldorff et al. 2005 eq. 2; SaTScan PoissonLikelihoodCalculator with total measure U = C):
 * c·ln(c/μ) + (C−c)·ln((C−c)/(C−μ)), the second term dropped when c = C.
 * Only meaningful for high-rate cylinders (c > μ); callers check that first.
 */
export function spaceTimePermutationLlr(c: number, mu: number, totalCases: number): number {
  if (c === totalCases) return c * Math.log(c / mu);
  return c * Math.log(c / mu) + (totalCases - c) * Math.log((totalCases - c) / (totalCases - mu));
}

/** A candidate cylinder: circle = the first `size` neighbours of `centre`, window = days [start, end) of the scan span. */
export interface Cylinder {
  centre: number;
  size: number;
  start: number;
  end: number;
  observed: number;
  expected: number;
  llr: number;
}

/**
 * SaTScan keeps per-centre secondary candidates in retrospective space-time analyses only if their
 * LLR exceeds this (IntermediateClustersContainer.cpp, CClusterSetTemporalOverlap::MIN_CLUSTER_LLR_RETAINED).
 */
const MIN_TEMPORAL_SECONDARY_LLR = 1.0;

/**
 * The candidate clusters of the real data: for every centre its best cylinder (highest LLR; on equal
 * LLR the first found, i.e. the smaller circle). Retrospective analyses also keep, per centre, the best
 * cylinders in the time ranges before and after that window, recursively, whose LLR exceeds 1
 * (SaTScan CClusterSetTemporalOverlap::findOtherNotTemporalOverlapping / findBestInRange, whose ranges
 * are half-open interval indices: windows ending (exclusive) ≤ start − 1, or starting ≥ end + 1 and
 * ending (exclusive) ≤ nIntervals − 1, reproduced as written).
 */
export function findCandidateCylinders(p: ScanProblem, retrospective: boolean): Cylinder[] {
  const span = p.nDays - p.scanFirstDay;
  const stride = span + 1;
  const C = p.totalCases;
  const circ = new Float64Array(stride);
  const nW = p.windowStart.length;
  const out: Cylinder[] = [];
  // Per-centre best cylinder per window [s, e): bestLlr[e * stride + s] (retrospective only).
  const bestLlr = retrospective ? new Float64Array(stride * stride) : new Float64Array(0);
  const bestSize = retrospective ? new Int32Array(stride * stride) : new Int32Array(0);
  const bestObs = retrospective ? new Float64Array(stride * stride) : new Float64Array(0);
  const bestExp = retrospective ? new Float64Array(stride * stride) : new Float64Array(0);
  for (let i = 0; i < p.nLocations; i++) {
    circ.fill(0);
    if (retrospective) bestLlr.fill(0);
    let top: Cylinder | null = null;
    const k0 = p.neighbourStart[i];
    const k1 = p.neighbourStart[i + 1];
    for (let k = k0; k < k1; k++) {
      const z = p.neighbours[k];
      const row = z * p.nDays + p.scanFirstDay;
      let acc = 0;
      for (let j = 0; j < span; j++) {
        acc += p.counts[row + j];
        circ[j + 1] += acc;
      }
      const sk = p.neighbourCumCases[k];
      for (let w = 0; w < nW; w++) {
        const s = p.windowStart[w];
        const e = p.windowEnd[w];
        const c = circ[e] - circ[s];
        if (c < p.minCasesInCluster) continue;
        const mu = (sk * p.windowCases[w]) / C;
        if (c <= mu) continue;
        // Skip the logarithms when the bound above `foldExact` cannot beat what this cell could replace
        // (the centre's best, and for retrospective scans also this window's best); 1e-9 absorbs rounding.
        const d = c - mu;
        const bound = 0.5 * d * d * (1 / mu + (c === C ? 0 : 1 / (C - c)));
        const beat = top === null ? 0 : retrospective ? Math.min(top.llr, bestLlr[e * stride + s]) : top.llr;
        if (c !== C && bound + 1e-9 < beat) continue;
        const llr = spaceTimePermutationLlr(c, mu, C);
        if (top === null || llr > top.llr) top = { centre: i, size: k - k0 + 1, start: s, end: e, observed: c, expected: mu, llr };
        if (retrospective) {
          const at = e * stride + s;
          if (bestLlr[at] < llr) {
            bestLlr[at] = llr;
            bestSize[at] = k - k0 + 1;
            bestObs[at] = c;
            bestExp[at] = mu;
          }
        }
      }
    }
    if (top === null) continue;
    out.push(top);
    if (!retrospective) continue;
    const bestInRange = (startRange: number, endRange: number): void => {
      let found = -1;
      for (let e = endRange; e >= startRange + 1; e--) {
        for (let s = e - 1; s >= startRange; s--) {
          const at = e * stride + s;
          if (bestLlr[at] > MIN_TEMPORAL_SECONDARY_LLR && (found < 0 || bestLlr[found] < bestLlr[at])) found = at;
        }
      }
      if (found < 0) return;
      const e = Math.floor(found / stride);
      const s = found - e * stride;
      out.push({
        centre: i,
        size: bestSize[found],
        start: s,
        end: e,
        observed: bestObs[found],
        expected: bestExp[found],
        llr: bestLlr[found],
      });
      bestInRange(startRange, s - 1);
      bestInRange(e + 1, endRange);
    };
    bestInRange(0, top.start - 1);
    bestInRange(top.end + 1, span - 1);
  }
  return out;
}

/** How the allowed windows fall by length, and the constants of the replicate kernels' skip tests. */
interface WindowLengths {
  minLength: number;
  maxLength: number;
  /** the allowed windows of length ℓ start at firstStart[ℓ]..lastStart[ℓ] (prospective: one start) */
  firstStart: Int32Array;
  lastStart: Int32Array;
  /** smallest T_W/C among the allowed windows of length ℓ */
  minShareByLength: Float64Array;
  /** (cases on the scan span's days before day j)/C, j = 0..span */
  dayShareBefore: Float64Array;
  /** most cases any circle holds */
  maxCircle: number;
  /** 1 + (largest expected count of any cylinder)/(C − maxCircle): h of `foldExact` */
  excessBound: number;
}

function windowLengths(p: ScanProblem): WindowLengths {
  const C = p.totalCases;
  const span = p.nDays - p.scanFirstDay;
  const nW = p.windowStart.length;
  let minLength = Number.POSITIVE_INFINITY;
  let maxLength = 0;
  for (let w = 0; w < nW; w++) {
    minLength = Math.min(minLength, p.windowEnd[w] - p.windowStart[w]);
    maxLength = Math.max(maxLength, p.windowEnd[w] - p.windowStart[w]);
  }
  const firstStart = new Int32Array(maxLength + 1).fill(span + 1);
  const lastStart = new Int32Array(maxLength + 1).fill(-1);
  const minShareByLength = new Float64Array(maxLength + 1).fill(Number.POSITIVE_INFINITY);
  let maxShare = 0;
  for (let w = 0; w < nW; w++) {
    const len = p.windowEnd[w] - p.windowStart[w];
    const share = p.windowCases[w] / C;
    firstStart[len] = Math.min(firstStart[len], p.windowStart[w]);
    lastStart[len] = Math.max(lastStart[len], p.windowStart[w]);
    minShareByLength[len] = Math.min(minShareByLength[len], share);
    maxShare = Math.max(maxShare, share);
  }
  const dayShareBefore = new Float64Array(span + 1);
  for (let j = 1; j <= span; j++) dayShareBefore[j] = dayShareBefore[j - 1] + p.dayTotals[p.scanFirstDay + j - 1] / C;
  let maxCircle = 0;
  for (let i = 0; i < p.nLocations; i++) {
    const last = p.neighbourStart[i + 1] - 1;
    if (last >= p.neighbourStart[i]) maxCircle = Math.max(maxCircle, p.neighbourCumCases[last]);
  }
  return {
    minLength,
    maxLength,
    firstStart,
    lastStart,
    minShareByLength,
    dayShareBefore,
    maxCircle,
    excessBound: 1 + (maxCircle * maxShare) / (C - maxCircle),
  };
}

/**
 * For the per-length bounds of `maxOverPrefixes`: per location z and length ℓ
 * (at z·(maxLength + 1) + ℓ), the most adding z to a circle can raise the excess of a window of length ℓ —
 * z's largest count in such a window minus S(z)·(smallest t_w of that length). `prefix` holds the counts as
 * per-location prefix sums over the scan span (row stride span + 1).
 */
function lengthIncrements(
  p: ScanProblem,
  prefix: Int32Array,
  lengths: Pick<WindowLengths, 'minLength' | 'maxLength' | 'firstStart' | 'lastStart' | 'minShareByLength'>,
  out: Float64Array,
): void {
  const stride = p.nDays - p.scanFirstDay + 1;
  const { minLength, maxLength, firstStart, lastStart, minShareByLength } = lengths;
  for (let z = 0; z < p.nLocations; z++) {
    const row = z * stride;
    const sz = p.locationTotals[z];
    for (let len = minLength; len <= maxLength; len++) {
      let most = 0;
      for (let st = firstStart[len], en = st + len; st <= lastStart[len]; st++, en++) {
        const c = prefix[row + en] - prefix[row + st];
        most = c > most ? c : most;
      }
      out[z * (maxLength + 1) + len] = most - sz * minShareByLength[len];
    }
  }
}

/** Reusable buffers for replicates of one problem (allocate once per thread). */
export interface ReplicateWorkspace {
  /** location of each case; shuffled in place, reset from `caseLocations` per replicate */
  permuted: Int32Array;
  caseLocations: Int32Array;
  /** day (relative to the scan span) given to permuted position i < dated.length */
  dated: Int32Array;
  /** per-location prefix sums over the scan span, row stride span + 1 */
  prefix: Int32Array;
  /**
   * per-location scaled excess (count − S(z)·t_w)/√t_w in each window w, t_w = T_W/C, row stride
   * EXCESS_STRIDE (few-window scans only; see `maxOverFewWindows`)
   */
  windowExcess: Float64Array;
  /** window totals t_w = T_W / C, padded with zeros to UNROLLED_WINDOWS */
  windowShare: Float64Array;
  /** √t_w, and 1/√t_w (0 for the padding windows, whose scaled excess is then always 0) */
  windowRootShare: Float64Array;
  windowInvRootShare: Float64Array;
  /** √(cases in the circle) for every neighbour-list entry (same indexing as `neighbourCumCases`); few-window scans only */
  rootCumCases: Float64Array;
  /** the scaled excesses of a circle with a cell that passed the bound test (length UNROLLED_WINDOWS) */
  passedExcess: Float64Array;
  /** the growing circle's prefix sums (length span + 1) */
  circle: Int32Array;
  /** the growing circle's excess prefix (length span + 1), many-window scans */
  circleExcess: Float64Array;
  /** (cases on the scan span's days before day j)/C, j = 0..span */
  dayShareBefore: Float64Array;
  /** T_W/C of window [s, s+ℓ) at index ℓ·(span + 1) + s, for ℓ = minLength..maxLength */
  windowShareByLength: Float64Array;
  minLength: number;
  maxLength: number;
  /** the allowed windows of length ℓ start at firstStart[ℓ]..lastStart[ℓ] (prospective: one start) */
  firstStart: Int32Array;
  lastStart: Int32Array;
  /** smallest T_W/C among the allowed windows of length ℓ */
  minShareByLength: Float64Array;
  /**
   * prefix kernel: per location z and length ℓ (index z·(maxLength + 1) + ℓ), its largest count in a window
   * of length ℓ minus S(z)·minShareByLength[ℓ]; recomputed per replicate
   */
  lengthIncrement: Float64Array;
  /** prefix kernel: the growing circle's bound on its largest excess per length */
  lengthBound: Float64Array;
  /** 1/(C − most cases any circle holds): bounds 1/(C − c) for every cylinder */
  restBound: number;
  /** 1 + (largest expected count of any cylinder)·restBound: bounds 1 + μ·restBound */
  excessBound: number;
}

/**
 * Scans with at most this many windows (every prospective scan with maxTemporalDays ≤ 7, the usual
 * daily set-up) run a kernel unrolled over the windows, which keeps the circle's sums in registers.
 * Seven, not eight: an eighth sum and test cost every scan about a tenth more for a set-up nobody uses
 * (longer prospective scans take the prefix kernel, which handles any number of windows).
 */
const UNROLLED_WINDOWS = 7;
/** Row stride of `windowExcess`: a location's row fills one 64-byte cache line. */
const EXCESS_STRIDE = 8;

/** Allocates the buffers for `replicateMaxLlr`. */
export function createReplicateWorkspace(p: ScanProblem): ReplicateWorkspace {
  const C = p.totalCases;
  const span = p.nDays - p.scanFirstDay;
  const nW = p.windowStart.length;
  const caseLocations = new Int32Array(C);
  // Dates of the scan span in day order: after a partial shuffle, permuted position i gets dated[i].
  let dated = 0;
  for (let d = p.scanFirstDay; d < p.nDays; d++) dated += p.dayTotals[d];
  const dates = new Int32Array(dated);
  let m = 0;
  for (let d = p.scanFirstDay; d < p.nDays; d++) for (let t = 0; t < p.dayTotals[d]; t++) dates[m++] = d - p.scanFirstDay;
  let n = 0;
  for (let z = 0; z < p.nLocations; z++) {
    for (let d = 0; d < p.nDays; d++) {
      const c = p.counts[z * p.nDays + d];
      for (let t = 0; t < c; t++) caseLocations[n++] = z;
    }
  }
  const windowShare = new Float64Array(UNROLLED_WINDOWS);
  const windowRootShare = new Float64Array(UNROLLED_WINDOWS);
  const windowInvRootShare = new Float64Array(UNROLLED_WINDOWS);
  for (let w = 0; w < Math.min(nW, UNROLLED_WINDOWS); w++) {
    windowShare[w] = p.windowCases[w] / C;
    windowRootShare[w] = Math.sqrt(windowShare[w]);
    // A window without cases has no high-rate cylinder: a zero factor keeps its scaled excess at 0.
    windowInvRootShare[w] = windowShare[w] > 0 ? 1 / windowRootShare[w] : 0;
  }
  const rootCumCases = new Float64Array(nW <= UNROLLED_WINDOWS ? p.neighbourCumCases.length : 0);
  for (let k = 0; k < rootCumCases.length; k++) rootCumCases[k] = Math.sqrt(p.neighbourCumCases[k]);
  const lengths = windowLengths(p);
  const { minLength, maxLength, firstStart, lastStart, minShareByLength, dayShareBefore, maxCircle } = lengths;
  const windowShareByLength = new Float64Array(nW > UNROLLED_WINDOWS ? (maxLength + 1) * (span + 1) : 0);
  if (nW > UNROLLED_WINDOWS) {
    for (let w = 0; w < nW; w++)
      windowShareByLength[(p.windowEnd[w] - p.windowStart[w]) * (span + 1) + p.windowStart[w]] = p.windowCases[w] / C;
  }
  return {
    permuted: new Int32Array(C),
    caseLocations,
    dated: dates,
    prefix: new Int32Array(p.nLocations * (span + 1)),
    windowExcess: new Float64Array(nW <= UNROLLED_WINDOWS ? p.nLocations * EXCESS_STRIDE : 0),
    windowShare,
    windowRootShare,
    windowInvRootShare,
    rootCumCases,
    passedExcess: new Float64Array(UNROLLED_WINDOWS),
    circle: new Int32Array(span + 1),
    circleExcess: new Float64Array(nW > UNROLLED_WINDOWS ? span + 1 : 0),
    dayShareBefore,
    windowShareByLength,
    minLength,
    maxLength,
    firstStart,
    lastStart,
    minShareByLength,
    lengthIncrement: new Float64Array(nW > UNROLLED_WINDOWS ? p.nLocations * (maxLength + 1) : 0),
    lengthBound: new Float64Array(maxLength + 1),
    restBound: 1 / (C - maxCircle),
    excessBound: lengths.excessBound,
  };
}

/**
 * Maximum LLR over all cylinders of one replicate in which the dates are randomly permuted over the
 * cases while every case keeps its location (Kulldorff et al. 2005, "Inference"), so S(z), T(d) and
 * every expected count stay as in the real data.
 *
 * Only the dates that fall in the scan span matter (prospective: the last maxTemporalDays days), so a
 * partial Fisher–Yates shuffle draws the m cases that receive those dates (m = cases on those days);
 * the result has the distribution of a full permutation.
 */
export function replicateMaxLlr(p: ScanProblem, ws: ReplicateWorkspace, rng: UniformIntSource): number {
  const C = p.totalCases;
  const span = p.nDays - p.scanFirstDay;
  const stride = span + 1;
  const perm = ws.permuted;
  perm.set(ws.caseLocations);
  const dated = ws.dated;
  const m = dated.length;
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(C - i);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const prefix = ws.prefix;
  prefix.fill(0);
  for (let i = 0; i < m; i++) prefix[perm[i] * stride + dated[i] + 1]++;
  for (let z = 0; z < p.nLocations; z++) {
    const row = z * stride;
    for (let j = 1; j <= span; j++) prefix[row + j] += prefix[row + j - 1];
  }
  const nW = p.windowStart.length;
  if (nW > UNROLLED_WINDOWS) return maxOverPrefixes(p, ws);
  const ex = ws.windowExcess;
  const share = ws.windowShare;
  const inv = ws.windowInvRootShare;
  for (let z = 0; z < p.nLocations; z++) {
    const row = z * stride;
    const sz = p.locationTotals[z];
    for (let w = 0; w < nW; w++)
      ex[z * EXCESS_STRIDE + w] = (prefix[row + p.windowEnd[w]] - prefix[row + p.windowStart[w]] - sz * share[w]) * inv[w];
  }
  return maxOverFewWindows(p, ws);
}

/**
 * The bound behind every skipped logarithm. With f(x) = x·ln x − x + 1,
 * LLR = μ·f(c/μ) + (C−μ)·f((C−c)/(C−μ)); since f(x) ≤ (x−1)²/2 for x ≥ 1 and f(x) ≤ (1−x)²/(2x) for
 * x ≤ 1, LLR ≤ (c−μ)²/2 · (1/μ + 1/(C−c)) ≤ (c−μ)²/2 · (1 + μ·g)/μ with g = restBound ≥ 1/(C−c), and
 * ≤ (c−μ)²/2 · h/μ with h = excessBound ≥ 1 + μ·g for every cylinder. So a cell can beat `best` only if
 * d·|d| > (2·best/h)·μ, d = c − μ; cells with c ≤ μ fail through the sign of d·|d|, without a branch.
 */
/** The rarely taken path of the bound tests, kept out of line so that the tests inline into the loops. */
function foldExact(c: number, mu: number, best: number, C: number, minCases: number): number {
  if (c < minCases || c <= mu) return best;
  const llr = c === C ? c * Math.log(c / mu) : c * Math.log(c / mu) + (C - c) * Math.log((C - c) / (C - mu));
  return llr > best ? llr : best;
}

/**
 * Up to 7 windows. The circle accumulates each window's excess d_w = c_w − μ_w directly (μ_w = S_circle·t_w
 * is additive over locations, so each location contributes count − S(z)·t_w), unrolled over the windows so
 * that the sums stay in registers. The sums are kept scaled, u_w = d_w/√t_w, because then the bound test of
 * `foldExact` (d·|d| > (2·best/h)·S_circle·t_w) becomes one comparison per cell, u_w > √(2·best/h)·√S_circle,
 * against a threshold computed once per circle.
 *
 * The inner loop only accumulates and compares, and leaves as soon as a cell passes; the exact LLRs are
 * computed outside it. Keeping the logarithms (calls) out of the hot loop lets the compiler keep the seven
 * sums in registers: about 1.5× faster than folding inside the loop (docs/benchmarks.md).
 */
function maxOverFewWindows(p: ScanProblem, ws: ReplicateWorkspace): number {
  const C = p.totalCases;
  const minCases = p.minCasesInCluster;
  const nW = p.windowStart.length;
  const ex = ws.windowExcess;
  const nbr = p.neighbours;
  const cum = p.neighbourCumCases;
  const rootCum = ws.rootCumCases;
  const starts = p.neighbourStart;
  const share = ws.windowShare;
  const root = ws.windowRootShare;
  const passed = ws.passedExcess;
  const twoInvH = 2 / ws.excessBound;
  let best = 0;
  let g = 0; // √(2·best/h): the threshold factor, raised with best
  for (let i = 0; i < p.nLocations; i++) {
    let u0 = 0;
    let u1 = 0;
    let u2 = 0;
    let u3 = 0;
    let u4 = 0;
    let u5 = 0;
    let u6 = 0;
    const k1 = starts[i + 1];
    let k = starts[i];
    while (k < k1) {
      let s = 0;
      for (; k < k1; k++) {
        const row = nbr[k] * EXCESS_STRIDE;
        u0 += ex[row];
        u1 += ex[row + 1];
        u2 += ex[row + 2];
        u3 += ex[row + 3];
        u4 += ex[row + 4];
        u5 += ex[row + 5];
        u6 += ex[row + 6];
        s = g * rootCum[k];
        // Windows beyond nW have a scaled excess of 0 and s ≥ 0: they never pass.
        if (u0 > s || u1 > s || u2 > s || u3 > s || u4 > s || u5 > s || u6 > s) break;
      }
      if (k === k1) break;
      // Circle k has cells that pass the bound: their exact LLRs, then on with the next circle.
      passed[0] = u0;
      passed[1] = u1;
      passed[2] = u2;
      passed[3] = u3;
      passed[4] = u4;
      passed[5] = u5;
      passed[6] = u6;
      const sk = cum[k];
      for (let w = 0; w < nW; w++) {
        if (passed[w] > s) best = foldExcess(passed[w] * root[w], sk * share[w], best, C, minCases);
      }
      g = Math.sqrt(twoInvH * best);
      k++;
    }
  }
  return best;
}

/** Exact fold from an accumulated excess: the count is an integer, so rounding d + μ recovers it exactly. */
function foldExcess(d: number, mu: number, best: number, C: number, minCases: number): number {
  return foldExact(Math.round(d + mu), mu, best, C, minCases);
}

/**
 * Many windows (retrospective). The circle accumulates per-day prefix sums of its counts; a window
 * [s, s+ℓ) then has excess E[s+ℓ] − E[s], with E[j] = counts before day j − S_circle·(cases before day
 * j)/C. Windows are walked by length, then start, which needs no index arrays (the allowed windows of
 * one length have consecutive starts: all of them in a retrospective scan, the one ending on the last day
 * in a prospective one); the bound test is the one of `maxOverFewWindows`.
 *
 * Most circles need no window looked at. For each length ℓ the circle carries `ub[ℓ]`, an upper bound on
 * the largest excess of its windows of that length: adding location z changes a window's excess by
 * count − S(z)·t_w ≤ (z's largest count in a window of length ℓ) − S(z)·(smallest t_w of length ℓ), the
 * per-replicate `lengthIncrement`. While ub[ℓ]² ≤ a·(smallest t_w), no window of length ℓ can pass the
 * bound; only when the bound fails are E and that length's windows computed, and ub[ℓ] reset to their
 * exact largest excess. On the 1,000 × 60 benchmark this looks at about one length in five of the
 * circles' and leaves the prefix sums (one add per day per circle) as the main cost.
 */
function maxOverPrefixes(p: ScanProblem, ws: ReplicateWorkspace): number {
  const C = p.totalCases;
  const minCases = p.minCasesInCluster;
  const span = p.nDays - p.scanFirstDay;
  const circ = ws.circle;
  const excess = ws.circleExcess;
  const dayShare = ws.dayShareBefore;
  const lenShare = ws.windowShareByLength;
  const minLen = ws.minLength;
  const maxLen = ws.maxLength;
  const firstStart = ws.firstStart;
  const lastStart = ws.lastStart;
  const minShare = ws.minShareByLength;
  const prefix = ws.prefix;
  const stride = span + 1;
  const nbr = p.neighbours;
  const cum = p.neighbourCumCases;
  const starts = p.neighbourStart;
  const invH = 1 / ws.excessBound;
  const inc = ws.lengthIncrement;
  const ub = ws.lengthBound;
  const lengths = maxLen + 1;
  lengthIncrements(p, prefix, ws, inc);
  let best = 0;
  for (let i = 0; i < p.nLocations; i++) {
    circ.fill(0);
    ub.fill(0); // the empty circle: every excess is 0
    const k1 = starts[i + 1];
    for (let k = starts[i]; k < k1; k++) {
      const z = nbr[k];
      const row = z * stride;
      for (let j = 1; j <= span; j++) circ[j] += prefix[row + j];
      const sk = cum[k];
      const a = 2 * best * invH * sk;
      const incRow = z * lengths;
      let excessReady = false;
      for (let len = minLen; len <= maxLen; len++) {
        let bound = ub[len] + inc[incRow + len];
        if (bound > 0 && bound * bound > a * minShare[len]) {
          if (!excessReady) {
            for (let j = 1; j <= span; j++) excess[j] = circ[j] - sk * dayShare[j];
            excessReady = true;
          }
          const base = len * stride;
          const last = lastStart[len];
          const first = firstStart[len];
          // The largest excess of this length: the exact bound from here on. If even it, over the smallest
          // window total, cannot pass, no window of this length can (d² ≤ top² ≤ a·min t ≤ a·t).
          let top = Number.NEGATIVE_INFINITY;
          for (let st = first, en = st + len; st <= last; st++, en++) {
            const d = excess[en] - excess[st];
            top = d > top ? d : top;
          }
          bound = top;
          if (top > 0 && top * top > a * minShare[len]) {
            // `a` goes stale (too low) once a fold raises `best`: a few more exact tests, never fewer.
            for (let st = first, en = st + len; st <= last; st++, en++) {
              const d = excess[en] - excess[st];
              const t = lenShare[base + st];
              if (d * Math.abs(d) > a * t) best = foldExcess(d, sk * t, best, C, minCases);
            }
          }
        }
        ub[len] = bound;
      }
    }
  }
  return best;
}

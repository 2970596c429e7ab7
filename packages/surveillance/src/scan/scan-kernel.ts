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
        const llr = spaceTimePermutationLlr(c, mu, C);
        if (top === null || llr > top.llr)
          top = { centre: i, size: k - k0 + 1, start: s, end: e, observed: c, expected: mu, llr };
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
      out.push({ centre: i, size: bestSize[found], start: s, end: e, observed: bestObs[found], expected: bestExp[found], llr: bestLlr[found] });
      bestInRange(startRange, s - 1);
      bestInRange(e + 1, endRange);
    };
    bestInRange(0, top.start - 1);
    bestInRange(top.end + 1, span - 1);
  }
  return out;
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
  /** per-location counts in each window (row stride = number of windows), when windows are few */
  windowCounts: Int32Array;
  /** the growing circle's prefix sums (length span + 1) or window counts (length = number of windows) */
  circle: Int32Array;
  invWindowCases: Float64Array;
  /** 1/(C − c) for c = 0..C (Infinity at c = C) */
  invRest: Float64Array;
  /** 1 when c ≥ minCasesInCluster, else 0, for c = 0..C: masks the bound without a branch */
  enough: Float64Array;
}

/**
 * Few windows (a prospective scan has maxTemporalDays of them) are cheaper to accumulate directly per
 * window than through per-day prefix sums.
 */
function usesWindowCounts(p: ScanProblem): boolean {
  return p.windowStart.length <= p.nDays - p.scanFirstDay + 1;
}

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
  const invWindowCases = new Float64Array(nW);
  for (let w = 0; w < nW; w++) invWindowCases[w] = 1 / p.windowCases[w];
  const invRest = new Float64Array(C + 1);
  const enough = new Float64Array(C + 1);
  for (let c = 0; c <= C; c++) {
    invRest[c] = 1 / (C - c);
    enough[c] = c >= p.minCasesInCluster ? 1 : 0;
  }
  const direct = usesWindowCounts(p);
  return {
    permuted: new Int32Array(C),
    caseLocations,
    dated: dates,
    prefix: new Int32Array(p.nLocations * (span + 1)),
    windowCounts: new Int32Array(direct ? p.nLocations * nW : 0),
    circle: new Int32Array(direct ? nW : span + 1),
    invWindowCases,
    invRest,
    enough,
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
 *
 * LLRs are computed exactly only when a cheap upper bound beats the running maximum:
 * with f(x) = x·ln x − x + 1 ≤ (x−1)²/2 (x ≥ 1) and ≤ (1−x)²/(2x) (x ≤ 1),
 * LLR = μ·f(c/μ) + (C−μ)·f((C−c)/(C−μ)) ≤ (c−μ)²/2 · (1/μ + 1/(C−c)).
 * The bound is computed without branches (cells with c ≤ μ or too few cases get 0), so the only
 * branch in the inner loop is the rarely taken one.
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
  if (!usesWindowCounts(p)) return maxOverPrefixes(p, ws);
  const nW = p.windowStart.length;
  const wc = ws.windowCounts;
  for (let z = 0; z < p.nLocations; z++) {
    const row = z * stride;
    for (let w = 0; w < nW; w++) wc[z * nW + w] = prefix[row + p.windowEnd[w]] - prefix[row + p.windowStart[w]];
  }
  return maxOverWindowCounts(p, ws);
}

function exactLlr(c: number, mu: number, C: number): number {
  return c === C ? c * Math.log(c / mu) : c * Math.log(c / mu) + (C - c) * Math.log((C - c) / (C - mu));
}

/** Circles accumulate per-window counts directly (few windows). */
function maxOverWindowCounts(p: ScanProblem, ws: ReplicateWorkspace): number {
  const C = p.totalCases;
  const nW = p.windowStart.length;
  const cw = ws.circle;
  const wc = ws.windowCounts;
  const wCases = p.windowCases;
  const invW = ws.invWindowCases;
  const invRest = ws.invRest;
  const enough = ws.enough;
  const nbr = p.neighbours;
  const cum = p.neighbourCumCases;
  const starts = p.neighbourStart;
  const invC = 1 / C;
  let best = 0;
  for (let i = 0; i < p.nLocations; i++) {
    cw.fill(0);
    const k1 = starts[i + 1];
    for (let k = starts[i]; k < k1; k++) {
      const row = nbr[k] * nW;
      const sk = cum[k];
      const cOverSk = C / sk;
      const skInvC = sk * invC;
      for (let w = 0; w < nW; w++) {
        const c = cw[w] + wc[row + w];
        cw[w] = c;
        const mu = skInvC * wCases[w];
        const d = c - mu;
        const dp = d + Math.abs(d); // 2·max(d, 0)
        if (0.125 * enough[c] * dp * dp * (cOverSk * invW[w] + invRest[c]) > best) {
          const llr = exactLlr(c, mu, C);
          if (llr > best) best = llr;
        }
      }
    }
  }
  return best;
}

/** Circles accumulate per-day prefix sums; each window is a difference (many windows, retrospective). */
function maxOverPrefixes(p: ScanProblem, ws: ReplicateWorkspace): number {
  const C = p.totalCases;
  const span = p.nDays - p.scanFirstDay;
  const stride = span + 1;
  const nW = p.windowStart.length;
  const circ = ws.circle;
  const prefix = ws.prefix;
  const wStart = p.windowStart;
  const wEnd = p.windowEnd;
  const wCases = p.windowCases;
  const invW = ws.invWindowCases;
  const invRest = ws.invRest;
  const enough = ws.enough;
  const nbr = p.neighbours;
  const cum = p.neighbourCumCases;
  const starts = p.neighbourStart;
  const invC = 1 / C;
  let best = 0;
  for (let i = 0; i < p.nLocations; i++) {
    circ.fill(0);
    const k1 = starts[i + 1];
    for (let k = starts[i]; k < k1; k++) {
      const row = nbr[k] * stride;
      for (let j = 1; j <= span; j++) circ[j] += prefix[row + j];
      const sk = cum[k];
      const cOverSk = C / sk;
      const skInvC = sk * invC;
      for (let w = 0; w < nW; w++) {
        const c = circ[wEnd[w]] - circ[wStart[w]];
        const mu = skInvC * wCases[w];
        const d = c - mu;
        const dp = d + Math.abs(d);
        if (0.125 * enough[c] * dp * dp * (cOverSk * invW[w] + invRest[c]) > best) {
          const llr = exactLlr(c, mu, C);
          if (llr > best) best = llr;
        }
      }
    }
  }
  return best;
}

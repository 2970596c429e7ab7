/**
 * From candidate cylinders and replicate maxima to the reported clusters: ranking with SaTScan's
 * "no geographical overlap" rule, Monte Carlo and Gumbel p-values, recurrence intervals.
 */
import type { Cylinder } from './scan-kernel.ts';
import { dayToIso, type ScanProblem } from './scan-problem.ts';
import type { ScanCluster, ScanInput, ScanOptions } from './scan-types.ts';

/**
 * SaTScan ranks at most min(number of centres, 500) clusters when secondary clusters are restricted
 * (MostLikelyClustersContainer::MAX_RANKED_CLUSTERS).
 */
const MAX_RANKED_CLUSTERS = 500;
/** SaTScan does not report clusters with an LLR below 0.001 (other than the most likely one). */
const MIN_REPORTED_LLR = 0.001;
/** Two LLRs closer than this (relative) are a tie, as SaTScan compares doubles with a tolerance. */
const LLR_TOLERANCE = 1e-9;
const EULER_GAMMA = 0.5772156649015329;

function sameLlr(a: number, b: number): boolean {
  return Math.abs(a - b) <= LLR_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Location indices of a cylinder's circle, nearest first. */
export function cylinderLocations(p: ScanProblem, cyl: Cylinder): Int32Array {
  const k0 = p.neighbourStart[cyl.centre];
  return p.neighbours.subarray(k0, k0 + cyl.size);
}

/**
 * Orders candidates by decreasing LLR (ties: fewer locations first) and keeps them greedily:
 * a candidate is kept when, against every cylinder kept so far, it shares no location or its
 * time window does not intersect (SaTScan CriteriaForReportingSecondaryClusters=0, which lets
 * space-time clusters with disjoint windows share locations).
 */
export function rankCylinders(p: ScanProblem, candidates: readonly Cylinder[]): Cylinder[] {
  const sorted = [...candidates].sort((a, b) => {
    if (sameLlr(a.llr, b.llr)) return a.size - b.size || a.centre - b.centre;
    return b.llr - a.llr;
  });
  const limit = Math.min(p.nLocations, MAX_RANKED_CLUSTERS);
  const kept: Cylinder[] = [];
  const mark = new Int32Array(p.nLocations).fill(-1);
  for (const cand of sorted) {
    if (kept.length >= limit) break;
    const locs = cylinderLocations(p, cand);
    for (const z of locs) mark[z] = 1;
    let ok = true;
    for (const other of kept) {
      if (other.end <= cand.start || cand.end <= other.start) continue; // disjoint windows
      for (const z of cylinderLocations(p, other)) {
        if (mark[z] === 1) {
          ok = false;
          break;
        }
      }
      if (!ok) break;
    }
    for (const z of locs) mark[z] = -1;
    if (ok) kept.push(cand);
  }
  return kept;
}

/** Number of replicate maxima ≥ llr, with SaTScan's relative tolerance for ties. */
function countAtLeast(sims: Float64Array, n: number, llr: number): number {
  let k = 0;
  for (let r = 0; r < n; r++) if (sims[r] > llr || sameLlr(sims[r], llr)) k++;
  return k;
}

/**
 * Replications to count under sequential reporting (SaTScan PValueReportType=0): the run stops after
 * the replication in which the `threshold`-th maximum strictly greater than the most likely cluster's
 * LLR appears (ties do not count, which is why SaTScan's rank can exceed the threshold + 1).
 */
export function sequentialStop(sims: Float64Array, available: number, topLlr: number, threshold: number): number | null {
  let beaten = 0;
  for (let r = 0; r < available; r++) {
    if (sims[r] > topLlr && !sameLlr(sims[r], topLlr)) {
      beaten++;
      if (beaten >= threshold) return r + 1;
    }
  }
  return null;
}

/**
 * Gumbel p-value: a Gumbel distribution fitted by moments to the replicate maxima
 * (SaTScan GumbelPValue: β = sd·√6/π with the population sd, μ = mean − γ·β,
 * p = 1 − exp(−exp((μ − llr)/β)), floored at 1e-17).
 */
export function gumbelPValue(sims: Float64Array, n: number, llr: number): number | null {
  if (n < 2) return null;
  let mean = 0;
  for (let r = 0; r < n; r++) mean += sims[r];
  mean /= n;
  let v = 0;
  for (let r = 0; r < n; r++) v += (sims[r] - mean) ** 2;
  const beta = (Math.sqrt(v / n) * Math.sqrt(6)) / Math.PI;
  if (beta === 0) return llr > mean ? 1e-17 : 1;
  const mu = mean - EULER_GAMMA * beta;
  return Math.max(1e-17, -Math.expm1(-Math.exp((mu - llr) / beta)));
}

/**
 * Builds the reported clusters. `sims` holds at least `replicationsRun` replicate maxima in
 * replication order. A secondary cluster is reported when its LLR ≥ 0.001 and its p-value is below 1
 * (rank ≤ replications); the most likely cluster is always reported.
 */
export function reportClusters(
  p: ScanProblem,
  input: ScanInput,
  options: ScanOptions,
  ranked: readonly Cylinder[],
  sims: Float64Array,
  replicationsRun: number,
  stoppedEarly: boolean,
): ScanCluster[] {
  const out: ScanCluster[] = [];
  const n = replicationsRun;
  const prospective = options.analysis === 'prospective';
  const sequential = options.pValueReporting === 'sequential';
  ranked.forEach((cyl, idx) => {
    const monteCarloRank = n > 0 ? countAtLeast(sims, n, cyl.llr) + 1 : null;
    if (idx > 0) {
      if (cyl.llr < MIN_REPORTED_LLR) return;
      if (monteCarloRank !== null && monteCarloRank > n) return;
    }
    const gumbel = gumbelPValue(sims, n, cyl.llr);
    let pValue: number | null = null;
    if (monteCarloRank !== null) {
      if (!sequential) pValue = monteCarloRank / (n + 1);
      else if (monteCarloRank < 10 && gumbel !== null) pValue = gumbel;
      else if (stoppedEarly && idx === 0) pValue = options.earlyTerminationThreshold / n;
      else if (stoppedEarly) pValue = (monteCarloRank - 1) / n;
      else pValue = monteCarloRank / (n + 1);
    }
    const locs = cylinderLocations(p, cyl);
    const k0 = p.neighbourStart[cyl.centre];
    const days = pValue !== null && pValue > 0 ? Math.max(1, 1 / pValue) : null;
    out.push({
      rank: out.length + 1,
      centre: input.locations[cyl.centre].id,
      locations: Array.from(locs, (z) => input.locations[z].id),
      radius: p.neighbourDistance[k0 + cyl.size - 1],
      start: dayToIso(p.firstDay + p.scanFirstDay + cyl.start),
      end: dayToIso(p.firstDay + p.scanFirstDay + cyl.end - 1),
      observed: cyl.observed,
      expected: cyl.expected,
      ratio: cyl.observed / cyl.expected,
      llr: cyl.llr,
      pValue,
      monteCarloRank,
      pValueGumbel: gumbel,
      recurrenceInterval: prospective && days !== null ? { days, years: days / 365.25 } : null,
    });
  });
  return out;
}

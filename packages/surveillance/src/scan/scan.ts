/**
 * Space-time permutation scan statistic (Kulldorff M, Heffernan R, Hartman J, Assunção R, Mostashari F.
 * A space-time permutation scan statistic for disease outbreak detection. PLoS Med 2005;2(3):e59),
 * computed as SaTScan 10.3.2 does (model type 2). Pure and single-threaded; `./scan-node.ts` runs the
 * replications in worker threads and gives identical results for the same seed.
 */
import { createRng } from '@outbreak/stats';
import {
  type Cylinder,
  createReplicateWorkspace,
  findCandidateCylinders,
  type ReplicateWorkspace,
  replicateMaxLlr,
} from './scan-kernel.ts';
import { buildScanProblem, dayToIso, type ScanProblem } from './scan-problem.ts';
import { rankCylinders, reportClusters, sequentialStop } from './scan-report.ts';
import { SCAN_DEFAULTS, type ScanInput, type ScanOptions, type ScanResult } from './scan-types.ts';

/** Replications are drawn and reported in blocks of this size (progress, sequential stopping, thread hand-out). */
export const REPLICATION_BLOCK = 50;

/** Real-data part of a scan: the prepared problem and the ranked candidate clusters. */
export interface PreparedScan {
  options: ScanOptions;
  problem: ScanProblem;
  ranked: Cylinder[];
}

/** Merges options with the defaults, validates the input and finds the real data's clusters. */
export function prepareScan(input: ScanInput, options: Partial<ScanOptions> = {}): PreparedScan {
  return findRealClusters(prepareProblem(input, options));
}

/** The first half of `prepareScan`: options merged with the defaults, the input validated and reduced to the problem. */
export function prepareProblem(input: ScanInput, options: Partial<ScanOptions> = {}): Omit<PreparedScan, 'ranked'> {
  const merged = { ...SCAN_DEFAULTS, ...options } satisfies ScanOptions;
  return { options: merged, problem: buildScanProblem(input, merged) };
}

/** The second half of `prepareScan`: the real data's candidate clusters, ranked. Replications do not need them. */
export function findRealClusters({ options, problem }: Omit<PreparedScan, 'ranked'>): PreparedScan {
  const candidates = findCandidateCylinders(problem, options.analysis === 'retrospective');
  return { options, problem, ranked: rankCylinders(problem, candidates) };
}

/**
 * Maximum LLRs of replications first..last−1, written to out[r − first]. Replication r uses its own
 * stream `createRng(seed).split(r)`, so any split of the replications over threads gives the same values.
 */
export function simulateReplications(
  problem: ScanProblem,
  seed: number,
  first: number,
  last: number,
  out: Float64Array,
  workspace: ReplicateWorkspace = createReplicateWorkspace(problem),
): void {
  const root = createRng(seed);
  for (let r = first; r < last; r++) out[r - first] = replicateMaxLlr(problem, workspace, root.split(r));
}

/** How many replications count, given the maxima computed so far (all of them unless sequential reporting stops early). */
export function replicationsToCount(prepared: PreparedScan, sims: Float64Array, available: number): { n: number; stoppedEarly: boolean } {
  const { options, ranked } = prepared;
  if (options.pValueReporting === 'sequential' && ranked.length > 0) {
    const stop = sequentialStop(sims, available, ranked[0].llr, options.earlyTerminationThreshold);
    if (stop !== null && stop < options.replications) return { n: stop, stoppedEarly: true };
  }
  return { n: Math.min(available, options.replications), stoppedEarly: false };
}

/** Assembles the result from the prepared scan and the replicate maxima. */
export function completeScan(input: ScanInput, prepared: PreparedScan, sims: Float64Array, available: number): ScanResult {
  const { problem, options, ranked } = prepared;
  const { n, stoppedEarly } = replicationsToCount(prepared, sims, available);
  return {
    clusters: reportClusters(problem, input, options, ranked, sims, n, stoppedEarly),
    replicationsRun: n,
    simulatedLlr: sims.slice(0, n),
    totals: { cases: problem.totalCases, locations: problem.nLocations, days: problem.nDays },
    studyStart: dayToIso(problem.firstDay),
    studyEnd: dayToIso(problem.firstDay + problem.nDays - 1),
  };
}

/**
 * Space-time permutation scan in the calling thread.
 *
 * @example
 * const result = spaceTimePermutationScan(
 *   { coordinates: 'cartesian', locations: [{ id: 'A', x: 0, y: 0 }, …], cases: [{ location: 'A', date: '2024-03-01', count: 3 }, …] },
 *   { analysis: 'prospective', maxTemporalDays: 7, replications: 999, seed: 1 },
 * );
 * result.clusters[0]; // the most likely cluster: centre, locations, start, end, observed, expected, llr, pValue …
 *
 * Throws `ScanInputError` (naming the field, e.g. `cases[3].date`) for unusable input or options.
 */
export function spaceTimePermutationScan(input: ScanInput, options: Partial<ScanOptions> = {}): ScanResult {
  const prepared = prepareScan(input, options);
  const { problem } = prepared;
  const total = prepared.options.replications;
  const sims = new Float64Array(total);
  const workspace = createReplicateWorkspace(problem);
  let done = 0;
  while (done < total) {
    const next = Math.min(total, done + REPLICATION_BLOCK);
    simulateReplications(problem, prepared.options.seed, done, next, sims.subarray(done, next), workspace);
    done = next;
    prepared.options.onProgress?.(done, total);
    if (replicationsToCount(prepared, sims, done).stoppedEarly) break;
  }
  return completeScan(input, prepared, sims, done);
}

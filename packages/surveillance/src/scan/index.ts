/** Space-time permutation scan (pure, in-thread). The worker-thread version is `@outbreak/surveillance/scan-node`. */
export {
  spaceTimePermutationScan,
  prepareScan,
  completeScan,
  simulateReplications,
  replicationsToCount,
  REPLICATION_BLOCK,
  type PreparedScan,
} from './scan.ts';
export {
  SCAN_DEFAULTS,
  type ScanInput,
  type ScanOptions,
  type ScanResult,
  type ScanCluster,
  type ScanCaseRow,
  type CartesianLocation,
  type LatLongLocation,
} from './scan-types.ts';
export { ScanInputError, isoToDay, dayToIso, type ScanProblem } from './scan-problem.ts';
export { spaceTimePermutationLlr } from './scan-kernel.ts';
export { gumbelPValue } from './scan-report.ts';

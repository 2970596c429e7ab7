/**
 * Public types of the space-time permutation scan statistic (Kulldorff, Heffernan, Hartman,
 * Assunção, Mostashari 2005, PLoS Medicine 2(3):e59), with SaTScan 10.3.2's definitions.
 *
 * Option names follow the neutral names of the reference cases (`test/reference/scan/README.md`),
 * each mapped there to the SaTScan parameter it stands for.
 */

/** A location with Cartesian coordinates (any unit; distances and radii are in that unit). */
export interface CartesianLocation {
  id: string;
  x: number;
  y: number;
}

/** A location in degrees (WGS84); distances are great-circle km on SaTScan's 6367 km sphere. */
export interface LatLongLocation {
  id: string;
  lat: number;
  long: number;
}

/** Cases at one location on one day (several rows for the same location and day add up). */
export interface ScanCaseRow {
  location: string;
  /** ISO date `YYYY-MM-DD` */
  date: string;
  /** number of cases, a non-negative integer */
  count: number;
}

/** What the scan reads: locations with coordinates and case counts by location and day. */
export interface ScanInput {
  /** `cartesian` for `{id, x, y}` locations, `latlong` for `{id, lat, long}` */
  coordinates: 'cartesian' | 'latlong';
  locations: ReadonlyArray<CartesianLocation | LatLongLocation>;
  cases: ReadonlyArray<ScanCaseRow>;
  /** first day of the study period (ISO); default: the earliest case date */
  studyStart?: string;
  /** last day of the study period (ISO); default: the latest case date */
  studyEnd?: string;
}

/** Analysis settings; every field has a default in `SCAN_DEFAULTS` (SaTScan's, with standard p-values). */
export interface ScanOptions {
  /**
   * `prospective`: only windows ending on the last day (SaTScan `AnalysisType=4` without adjustment for
   * earlier analyses); `retrospective`: every window inside the study period (`AnalysisType=3`).
   */
  analysis: 'prospective' | 'retrospective';
  /** largest circle, as a fraction of all cases (SaTScan `MaxSpatialSizeInPopulationAtRisk`/100). Default 0.5. */
  maxSpatialFractionOfCases: number;
  /** optional cap on the circle radius (km for lat/long, coordinate units for Cartesian); `null` = none */
  maxSpatialDistance: number | null;
  /** longest time window in days, inclusive (SaTScan `MaxTemporalSize`, interpretation 1 = days). Default 7. */
  maxTemporalDays: number;
  /** shortest time window in days, inclusive (SaTScan `MinimumTemporalClusterSize`). Default 1. */
  minTemporalDays: number;
  /** a cylinder with fewer observed cases is never a candidate (SaTScan `MinimumCasesInHighRateClusters`). Default 2. */
  minCasesInCluster: number;
  /** Monte Carlo replications (SaTScan `MonteCarloReps`). Default 999. */
  replications: number;
  /** seed of the replications' random streams; the same seed gives the same p-values on any thread count */
  seed: number;
  /**
   * `standard`: p = rank/(R+1) after all R replications (SaTScan `PValueReportType=1`).
   * `sequential`: SaTScan's default (`PValueReportType=0`): stop once `earlyTerminationThreshold`
   * replications beat the most likely cluster; Gumbel p-values for clusters with rank < 10.
   */
  pValueReporting: 'standard' | 'sequential';
  /** SaTScan `EarlyTerminationThreshold` for sequential reporting. Default 50. */
  earlyTerminationThreshold: number;
  /** called after each block of replications with (done, total); for progress reports */
  onProgress?: (done: number, total: number) => void;
}

/** Defaults: SaTScan's for this model, with standard Monte Carlo p-values. */
export const SCAN_DEFAULTS = {
  analysis: 'prospective',
  maxSpatialFractionOfCases: 0.5,
  maxSpatialDistance: null,
  maxTemporalDays: 7,
  minTemporalDays: 1,
  minCasesInCluster: 2,
  replications: 999,
  seed: 12345678,
  pValueReporting: 'standard',
  earlyTerminationThreshold: 50,
} as const satisfies Omit<ScanOptions, 'onProgress'>;

/** One reported cluster (a cylinder: a circle of locations × a window of days). */
export interface ScanCluster {
  /** 1 = the most likely cluster, then secondary clusters by decreasing LLR */
  rank: number;
  /** id of the location the circle is centred on */
  centre: string;
  /** ids in the cluster, by distance from the centre (the centre first) */
  locations: string[];
  /** distance from the centre to the farthest location in the cluster (km for lat/long) */
  radius: number;
  /** first day of the window (ISO, inclusive) */
  start: string;
  /** last day of the window (ISO, inclusive) */
  end: string;
  /** cases in the cylinder */
  observed: number;
  /** expected cases under the null: (cases in the circle over the study period)·(cases on the window's days)/C */
  expected: number;
  /** observed / expected */
  ratio: number;
  /** log likelihood ratio, the test statistic */
  llr: number;
  /** the reported p-value (Monte Carlo, or Gumbel in sequential mode for rank < 10); `null` without replications */
  pValue: number | null;
  /** 1 + number of replications whose maximum LLR is at least this cluster's; `null` without replications */
  monteCarloRank: number | null;
  /** p-value from a Gumbel distribution fitted to the replications' maxima by moments; `null` with < 2 replications */
  pValueGumbel: number | null;
  /** prospective analyses only: 1/p in days and years (365.25 days); `null` for retrospective ones */
  recurrenceInterval: { days: number; years: number } | null;
}

/** The reported clusters and the Monte Carlo replicate maxima behind their p-values. */
export interface ScanResult {
  clusters: ScanCluster[];
  /** replications actually run (fewer than requested when sequential reporting stopped early) */
  replicationsRun: number;
  /** maximum LLR of each replication, in replication order */
  simulatedLlr: Float64Array;
  totals: { cases: number; locations: number; days: number };
  studyStart: string;
  studyEnd: string;
}

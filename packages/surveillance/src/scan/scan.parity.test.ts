/**
 * Parity with SaTScan 10.3.2 on every reference case in test/reference/scan (README there).
 * Deterministic fields (cluster locations, window, observed, expected, LLR) must be identical;
 * Monte Carlo quantities are compared with a binomial tolerance, since SaTScan's random stream differs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { prepareScan, spaceTimePermutationScan } from './scan.ts';
import { reportClusters } from './scan-report.ts';
import type { ScanInput, ScanOptions } from './scan-types.ts';

const folder = fileURLToPath(new URL('../../test/reference/scan/', import.meta.url));

interface RefCluster {
  rank: number;
  centre: string;
  locations: string[];
  radius: number;
  start: string;
  end: string;
  observed: number;
  expected: number;
  llr: number;
  p_value: number;
  monte_carlo_rank: number;
  p_value_gumbel: number;
  recurrence_interval: { days: number; years: number } | null;
}
interface RefCase {
  id: string;
  method: string;
  analysis: 'prospective' | 'retrospective';
  coordinates: 'cartesian' | 'latlong';
  params: {
    maxSpatialFractionOfCases: number;
    maxSpatialDistance: number | null;
    maxTemporalDays: number;
    minTemporalDays: number;
    minCasesInCluster: number;
    replications: number;
    replicationsRun: number;
    seed: number;
    studyStart: string;
    studyEnd: string;
    scanRate: string;
    timeAggregationDays: number;
    dayOfWeekAdjustment: boolean;
    adjustForEarlierAnalyses: boolean;
    secondaryClusterCriterion: string;
    pValueReporting: string;
  };
  locations: ScanInput['locations'];
  cases: ScanInput['cases'];
  totals: { cases: number; locations: number; days: number };
  expected?: { clusters: RefCluster[]; simulated_llr: { count: number; mean: number; variance: number; values: number[] } };
}

const files = readdirSync(folder)
  .filter((f) => f.endsWith('.json'))
  .sort();
const cases = files.map((f) => JSON.parse(readFileSync(folder + f, 'utf8')) as RefCase);
const withResults = cases.filter((c) => c.expected !== undefined);

function inputOf(ref: RefCase): ScanInput {
  return {
    coordinates: ref.coordinates,
    locations: ref.locations,
    cases: ref.cases,
    studyStart: ref.params.studyStart,
    studyEnd: ref.params.studyEnd,
  };
}

function optionsOf(ref: RefCase): Partial<ScanOptions> {
  const p = ref.params;
  // Settings this implementation does not have must not appear in a reference case unnoticed.
  expect(ref.method).toBe('space_time_permutation');
  expect(p.scanRate).toBe('high');
  expect(p.timeAggregationDays).toBe(1);
  expect(p.dayOfWeekAdjustment).toBe(false);
  expect(p.adjustForEarlierAnalyses).toBe(false);
  expect(p.secondaryClusterCriterion).toBe('no_geographical_overlap');
  return {
    analysis: ref.analysis,
    maxSpatialFractionOfCases: p.maxSpatialFractionOfCases,
    maxSpatialDistance: p.maxSpatialDistance,
    maxTemporalDays: p.maxTemporalDays,
    minTemporalDays: p.minTemporalDays,
    minCasesInCluster: p.minCasesInCluster,
    replications: p.replications,
    seed: p.seed,
    pValueReporting: p.pValueReporting === 'standard_monte_carlo' ? 'standard' : 'sequential',
  };
}

/**
 * Monte Carlo tolerance: a p-value estimated from n replications has standard error about
 * sqrt(p(1−p)/n) (binomial); 4 standard errors plus 0.002 keeps the chance of a false failure below
 * 1e-4 per comparison (README). Sequential reporting's p = 50/N has nearly the same error with
 * n = the replications run (negative-binomial N ≈ 50/p).
 */
function mcTolerance(pRef: number, n: number): number {
  return 4 * Math.sqrt((pRef * (1 - pRef)) / n) + 0.002;
}

function relClose(actual: number, expected: number, rel: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.max(1e-12, Math.abs(expected)));
}

describe('space-time permutation scan: SaTScan reference cases', () => {
  it('reads every file in the folder, and the results-free data set matches the cases’ inputs', () => {
    expect(files.length).toBeGreaterThanOrEqual(4);
    expect(withResults.length).toBeGreaterThanOrEqual(3);
    const data = cases.find((c) => c.expected === undefined);
    expect(data).toBeDefined();
    for (const ref of withResults) {
      expect(ref.locations).toEqual(data?.locations);
      expect(ref.cases).toEqual(data?.cases);
    }
  });

  for (const ref of withResults) {
    describe(ref.id, () => {
      const expected = ref.expected!;
      const input = inputOf(ref);

      it('finds the same clusters: centre, locations, radius, window, observed, expected, LLR', () => {
        const prepared = prepareScan(input, optionsOf(ref));
        expect(prepared.problem.totalCases).toBe(ref.totals.cases);
        expect(prepared.problem.nLocations).toBe(ref.totals.locations);
        expect(prepared.problem.nDays).toBe(ref.totals.days);
        // Report the whole ranked list with p-values set aside (no replications).
        const all = reportClusters(
          prepared.problem,
          input,
          { ...prepared.options, replications: 0 },
          prepared.ranked,
          new Float64Array(0),
          0,
          false,
        );
        for (const want of expected.clusters) {
          const got = all[want.rank - 1];
          expect(got.centre).toBe(want.centre);
          expect(got.locations).toEqual(want.locations);
          expect(got.start).toBe(want.start);
          expect(got.end).toBe(want.end);
          expect(got.observed).toBe(want.observed);
          relClose(got.expected, want.expected, 1e-9);
          relClose(got.llr, want.llr, 1e-9);
          expect(Math.abs(got.radius - want.radius)).toBeLessThanOrEqual(5e-7);
        }
      });

      it('with SaTScan’s own replicate maxima, gives its ranks, p-values, Gumbel p-values and recurrence intervals', () => {
        const prepared = prepareScan(input, optionsOf(ref));
        // The reference maxima are printed to 6 decimals; compare LLRs at that precision so that ties stay ties.
        const ranked = prepared.ranked.map((c) => ({ ...c, llr: Number(c.llr.toFixed(6)) }));
        const sims = Float64Array.from(expected.simulated_llr.values);
        const n = ref.params.replicationsRun;
        const stoppedEarly = n < ref.params.replications;
        const got = reportClusters(prepared.problem, input, prepared.options, ranked, sims, n, stoppedEarly);
        expect(got.map((c) => c.centre)).toEqual(expected.clusters.map((c) => c.centre));
        got.forEach((c, i) => {
          const want = expected.clusters[i];
          expect(c.monteCarloRank).toBe(want.monte_carlo_rank);
          relClose(c.pValue!, want.p_value, 2e-3); // SaTScan prints p to 3 significant digits
          relClose(c.pValueGumbel!, want.p_value_gumbel, 1e-4);
          if (want.recurrence_interval === null) expect(c.recurrenceInterval).toBeNull();
          else relClose(c.recurrenceInterval!.days, want.recurrence_interval.days, 2e-3);
        });
      });

      it('with our own replications, agrees within Monte Carlo error', () => {
        const result = spaceTimePermutationScan(input, optionsOf(ref));
        const n = ref.params.replicationsRun;
        if (n < ref.params.replications) expect(result.replicationsRun).toBeLessThan(ref.params.replications);
        else expect(result.replicationsRun).toBe(ref.params.replications);
        // Mean and spread of the replicate maxima (Gumbel-like: sd of the variance ≈ sqrt((κ−1)/n)·σ², κ ≈ 5.4).
        const sims = result.simulatedLlr;
        const m = sims.reduce((a, b) => a + b, 0) / sims.length;
        const v = sims.reduce((a, b) => a + (b - m) ** 2, 0) / sims.length;
        const refSd = Math.sqrt(expected.simulated_llr.variance);
        expect(Math.abs(m - expected.simulated_llr.mean)).toBeLessThanOrEqual(4 * refSd * Math.sqrt(1 / n + 1 / sims.length));
        expect(Math.abs(v / expected.simulated_llr.variance - 1)).toBeLessThanOrEqual(4 * Math.sqrt(4.4 / Math.min(n, sims.length)));
        // Every reference cluster whose p-value is clearly below 1 is reported, with p within tolerance.
        for (const want of expected.clusters) {
          const got = result.clusters.find((c) => c.centre === want.centre && c.start === want.start && c.end === want.end);
          const tol = mcTolerance(want.p_value, n);
          if (got === undefined) {
            expect(want.p_value + tol).toBeGreaterThanOrEqual(1);
            continue;
          }
          expect(Math.abs(got.pValue! - want.p_value)).toBeLessThanOrEqual(tol);
          expect(Math.abs(got.pValueGumbel! - want.p_value_gumbel)).toBeLessThanOrEqual(mcTolerance(want.p_value_gumbel, n));
          if (want.recurrence_interval === null) expect(got.recurrenceInterval).toBeNull();
          else expect(got.recurrenceInterval!.days).toBeCloseTo(1 / got.pValue!, 12);
        }
        // Anything reported beyond the reference list must be a borderline p ≈ 1 cluster.
        for (const got of result.clusters) {
          const known = expected.clusters.some((c) => c.centre === got.centre && c.start === got.start && c.end === got.end);
          if (!known) expect(got.pValue!).toBeGreaterThanOrEqual(1 - mcTolerance(0.999, n));
        }
      });
    });
  }
});

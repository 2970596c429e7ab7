import { createRng } from '@outbreak/stats';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareScan, spaceTimePermutationScan } from './scan.ts';
import { createReplicateWorkspace, replicateMaxLlr, spaceTimePermutationLlr } from './scan-kernel.ts';
import { buildScanProblem, ScanInputError } from './scan-problem.ts';
import { gumbelPValue, sequentialStop } from './scan-report.ts';
import { SCAN_DEFAULTS, type ScanCaseRow, type ScanInput } from './scan-types.ts';

/** Builds an input from a compact table: counts[location][day], days from 2024-03-01. */
function grid(xs: number[], counts: number[][], ys: number[] = xs.map(() => 0)): ScanInput {
  const cases: ScanCaseRow[] = [];
  counts.forEach((row, z) =>
    row.forEach((count, d) => {
      if (count > 0) cases.push({ location: `L${z}`, date: `2024-03-${String(d + 1).padStart(2, '0')}`, count });
    }),
  );
  return {
    coordinates: 'cartesian',
    locations: xs.map((x, z) => ({ id: `L${z}`, x, y: ys[z] })),
    cases,
    studyStart: '2024-03-01',
    studyEnd: `2024-03-${String(counts[0].length).padStart(2, '0')}`,
  };
}

/** Background of one case per location and day, with extra cases added at [location, day]. */
function background(nLoc: number, nDays: number, extra: Array<[number, number, number]>): number[][] {
  const counts = Array.from({ length: nLoc }, () => Array.from({ length: nDays }, () => 1));
  for (const [z, d, n] of extra) counts[z][d] += n;
  return counts;
}

describe('spaceTimePermutationLlr', () => {
  it('reproduces SaTScan’s LLR for the NYC retrospective most likely cluster (5 observed, 77/194 expected)', () => {
    expect(spaceTimePermutationLlr(5, 0.39690721649484534, 194)).toBeCloseTo(8.11952077543295, 12);
  });
  it('drops the outside term when the cluster holds every case', () => {
    expect(spaceTimePermutationLlr(10, 4, 10)).toBeCloseTo(10 * Math.log(10 / 4), 14);
  });
});

describe('spaceTimePermutationScan: deterministic part', () => {
  // Five locations on a line; location 0 has a burst on the last two days.
  const xs = [0, 1, 2, 3, 10];
  const counts = background(5, 6, [
    [0, 4, 4],
    [0, 5, 5],
    [1, 5, 2],
  ]);
  const input = grid(xs, counts);

  it('computes expected counts as S(circle)·T(window)/C and windows ending on the last day (prospective)', () => {
    const r = spaceTimePermutationScan(input, { analysis: 'prospective', replications: 0 });
    const top = r.clusters[0];
    // C = 30 + 11 = 41; S(L0) = 6 + 9 = 15, S(L1) = 8; T(day 5) = 5 + 4 = 9, T(day 6) = 5 + 7 = 12.
    expect(r.totals).toEqual({ cases: 41, locations: 5, days: 6 });
    expect(top.end).toBe('2024-03-06');
    expect(top.centre).toBe('L0');
    expect(top.locations).toEqual(['L0']);
    expect(top.start).toBe('2024-03-05');
    expect(top.observed).toBe(11);
    expect(top.expected).toBeCloseTo((15 * 21) / 41, 12);
    expect(top.llr).toBeCloseTo(spaceTimePermutationLlr(11, (15 * 21) / 41, 41), 12);
    expect(top.pValue).toBeNull();
    expect(r.clusters.every((c) => c.end === '2024-03-06')).toBe(true);
  });

  it('grows circles only while they hold at most maxSpatialFractionOfCases of all cases', () => {
    // S = 15, 8, 6, 6, 6: with 0.5·41 = 20.5, L0's circle can never add L1 (15 + 8 = 23).
    const half = prepareScan(input, { replications: 0, maxSpatialFractionOfCases: 0.5 });
    const k0 = half.problem.neighbourStart[0];
    expect(half.problem.neighbourStart[1] - k0).toBe(1);
    // With 0.6 (24.6 cases) it may hold L0 and L1 but not L2 (29).
    const more = prepareScan(input, { replications: 0, maxSpatialFractionOfCases: 0.6 });
    expect(Array.from(more.problem.neighbours.subarray(more.problem.neighbourStart[0], more.problem.neighbourStart[1]))).toEqual([0, 1]);
  });

  it('caps the radius with maxSpatialDistance', () => {
    const capped = prepareScan(input, { replications: 0, maxSpatialFractionOfCases: 1, maxSpatialDistance: 1.5 });
    const p = capped.problem;
    expect(Array.from(p.neighbours.subarray(p.neighbourStart[2], p.neighbourStart[3]))).toEqual([2, 1, 3]);
    expect(Array.from(p.neighbours.subarray(p.neighbourStart[4], p.neighbourStart[5]))).toEqual([4]);
  });

  it('orders equidistant neighbours by smaller coordinates, x then y', () => {
    const tie = grid([0, 1, -1, 0], background(4, 2, []), [0, 0, 0, -1]);
    const p = prepareScan(tie, { replications: 0, maxSpatialFractionOfCases: 1 }).problem;
    // From L0 at the origin: L1 (1,0), L2 (−1,0), L3 (0,−1) all at distance 1 → L2 (x=−1), L3 (x=0), L1 (x=1).
    expect(Array.from(p.neighbours.subarray(p.neighbourStart[0], p.neighbourStart[1]))).toEqual([0, 2, 3, 1]);
  });

  it('orders every centre’s neighbours by distance, then x, then y, then input order (bucket sort and its fallback)', () => {
    /** The order by a plain comparator sort, for every centre. */
    const reference = (xs: number[], ys: number[]): number[][] =>
      xs.map((_, i) =>
        xs
          .map((__, j) => j)
          .sort((a, b) => {
            const d = (xs[a] - xs[i]) ** 2 + (ys[a] - ys[i]) ** 2 - ((xs[b] - xs[i]) ** 2 + (ys[b] - ys[i]) ** 2);
            return d !== 0 ? d : xs[a] !== xs[b] ? xs[a] - xs[b] : ys[a] !== ys[b] ? ys[a] - ys[b] : a - b;
          }),
      );
    const orders = (xs: number[], ys: number[]): number[][] => {
      const p = prepareScan(grid(xs, background(xs.length, 2, []), ys), { replications: 0, maxSpatialFractionOfCases: 1 }).problem;
      return xs.map((_, i) => Array.from(p.neighbours.subarray(p.neighbourStart[i], p.neighbourStart[i + 1])));
    };
    // A 9 × 9 lattice with repeated points: many equal distances, spread over the buckets.
    const rng = createRng(5);
    const lx = Array.from({ length: 90 }, (_, k) => (k < 81 ? k % 9 : rng.int(9)));
    const ly = Array.from({ length: 90 }, (_, k) => (k < 81 ? Math.floor(k / 9) : rng.int(9)));
    expect(orders(lx, ly)).toEqual(reference(lx, ly));
    // 80 locations on a circle around the first: from it, one bucket of 80 equal distances (the fallback sort).
    const cx = [0, ...Array.from({ length: 80 }, (_, k) => Math.round(1000 * Math.cos((2 * Math.PI * k) / 80)))];
    const cy = [0, ...Array.from({ length: 80 }, (_, k) => Math.round(1000 * Math.sin((2 * Math.PI * k) / 80)))];
    const circle = orders(cx, cy);
    expect(circle).toEqual(reference(cx, cy));
    // The rounded circle is not exact, so check the fallback really met a full bucket: 80 points at the same place.
    const sx = Array.from({ length: 80 }, (_, k) => (k < 70 ? 3 : k));
    const sy = Array.from({ length: 80 }, (_, k) => (k < 70 ? 3 : 2 * k));
    expect(orders(sx, sy)).toEqual(reference(sx, sy));
  });

  it('never makes a candidate of fewer than minCasesInCluster cases', () => {
    const single = grid(
      [0, 5],
      [
        [0, 0, 1],
        [3, 3, 0],
      ],
    );
    const two = spaceTimePermutationScan(single, { replications: 0, minCasesInCluster: 2 });
    expect(two.clusters.length).toBe(0);
    const one = spaceTimePermutationScan(single, { replications: 0, minCasesInCluster: 1 });
    expect(one.clusters[0].observed).toBe(1);
    expect(one.clusters[0].centre).toBe('L0');
  });

  it('retrospective: reports the same place again for a disjoint window, never an overlapping one', () => {
    // L0 has cases only in two bursts (days 2 and 7, more than a day apart, as SaTScan's per-centre search
    // for temporally separate clusters needs); the other locations have one case a day.
    const counts = background(4, 9, []);
    counts[0] = [0, 6, 0, 0, 0, 0, 6, 0, 0];
    const r = spaceTimePermutationScan(grid([0, 1, 20, 30], counts), {
      analysis: 'retrospective',
      replications: 0,
      maxTemporalDays: 3,
    });
    const l0 = r.clusters.filter((c) => c.centre === 'L0');
    expect(l0.map((c) => [c.start, c.end, c.observed]).sort()).toEqual([
      ['2024-03-02', '2024-03-02', 6],
      ['2024-03-07', '2024-03-07', 6],
    ]);
    // μ = S(L0)·T(day)/C = 12·9/39
    expect(l0[0].expected).toBeCloseTo((12 * 9) / 39, 12);
    for (const a of r.clusters)
      for (const b of r.clusters) {
        if (a === b) continue;
        const share = a.locations.some((z) => b.locations.includes(z));
        const overlap = !(a.end < b.start || b.end < a.start);
        expect(share && overlap).toBe(false);
      }
    expect(r.clusters.every((c) => c.recurrenceInterval === null)).toBe(true);
  });

  it('names the offending field in input errors', () => {
    const bad = (cases: ScanCaseRow[]) => () => spaceTimePermutationScan({ ...input, cases }, { replications: 0 });
    expect(bad([...input.cases, { location: 'nowhere', date: '2024-03-01', count: 1 }])).toThrow(
      new ScanInputError(`cases[${input.cases.length}].location`, "unknown location 'nowhere'"),
    );
    expect(bad([{ location: 'L0', date: '2024-02-30', count: 1 }])).toThrow(/cases\[0\]\.date/);
    expect(bad([{ location: 'L0', date: '2024-03-02', count: -1 }])).toThrow(/cases\[0\]\.count/);
    expect(bad([{ location: 'L0', date: '2024-04-02', count: 1 }])).toThrow(/outside the study period/);
    expect(() => spaceTimePermutationScan({ ...input, locations: [input.locations[0], input.locations[0]] })).toThrow(/locations\[1\]\.id/);
    expect(() => spaceTimePermutationScan(input, { maxSpatialFractionOfCases: 0 })).toThrow(/maxSpatialFractionOfCases/);
  });
});

describe('spaceTimePermutationScan: Monte Carlo', () => {
  const counts = background(12, 10, [
    [3, 9, 12],
    [4, 9, 10],
  ]);
  const input = grid([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], counts, [0, 3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5]);

  it('is reproducible for a seed and changes with it', () => {
    const a = spaceTimePermutationScan(input, { replications: 60, seed: 11 });
    const b = spaceTimePermutationScan(input, { replications: 60, seed: 11 });
    const c = spaceTimePermutationScan(input, { replications: 60, seed: 12 });
    expect(Array.from(a.simulatedLlr)).toEqual(Array.from(b.simulatedLlr));
    expect(Array.from(a.simulatedLlr)).not.toEqual(Array.from(c.simulatedLlr));
    expect(a.replicationsRun).toBe(60);
  });

  it('gives p = rank/(R+1) with the rank counting replications at least as extreme, and RI = 1/p days', () => {
    const r = spaceTimePermutationScan(input, { replications: 99, seed: 3 });
    const top = r.clusters[0];
    const beaten = Array.from(r.simulatedLlr).filter((v) => v >= top.llr).length;
    expect(top.monteCarloRank).toBe(beaten + 1);
    expect(top.pValue).toBeCloseTo((beaten + 1) / 100, 15);
    expect(top.pValue!).toBeLessThan(0.05); // the planted cluster
    expect(top.recurrenceInterval!.days).toBeCloseTo(1 / top.pValue!, 12);
    expect(top.recurrenceInterval!.years).toBeCloseTo(1 / top.pValue! / 365.25, 12);
    expect(top.pValueGumbel).toBeCloseTo(gumbelPValue(r.simulatedLlr, 99, top.llr)!, 15);
    // Replicate maxima are LLRs of high-rate cylinders: never negative.
    expect(Math.min(...r.simulatedLlr)).toBeGreaterThanOrEqual(0);
  });

  it('without a planted cluster the most likely cluster is not significant', () => {
    const flat = grid([0, 1, 2, 3, 4, 5], background(6, 8, [[2, 7, 1]]));
    const r = spaceTimePermutationScan(flat, { replications: 99, seed: 5 });
    expect(r.clusters[0].pValue!).toBeGreaterThan(0.2);
  });
});

describe('replicate kernel', () => {
  /** 10 locations × 12 days of pseudo-random counts (a fixed LCG), on a jittered line. */
  function data(): ScanInput {
    let state = 12345;
    const next = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 2 ** 32;
    };
    const counts = Array.from({ length: 10 }, () => Array.from({ length: 12 }, () => Math.floor(next() * next() * 6)));
    return grid(
      Array.from({ length: 10 }, (_, z) => z + next()),
      counts,
      Array.from({ length: 10 }, () => next()),
    );
  }

  /**
   * Brute force over every cylinder of the data set the kernel scans when the generator always returns 0
   * (no swaps): permuted position i holds case location caseLocations[i] on day dated[i].
   */
  function bruteForceMax(
    options: Parameters<typeof buildScanProblem>[1],
    input: ScanInput = data(),
    rng: { int(n: number): number } = { int: () => 0 },
  ): { kernel: number; brute: number } {
    const p = buildScanProblem(input, options);
    const ws = createReplicateWorkspace(p);
    const kernel = replicateMaxLlr(p, ws, rng);
    // After the call, permuted position i < dated.length holds the location given day dated[i].
    const span = p.nDays - p.scanFirstDay;
    const cnt = Array.from({ length: p.nLocations }, () => new Array<number>(span).fill(0));
    for (let i = 0; i < ws.dated.length; i++) cnt[ws.permuted[i]][ws.dated[i]]++;
    const C = p.totalCases;
    let brute = 0;
    for (let i = 0; i < p.nLocations; i++)
      for (let k = p.neighbourStart[i]; k < p.neighbourStart[i + 1]; k++)
        for (let w = 0; w < p.windowStart.length; w++) {
          let c = 0;
          for (let q = p.neighbourStart[i]; q <= k; q++)
            for (let d = p.windowStart[w]; d < p.windowEnd[w]; d++) c += cnt[p.neighbours[q]][d];
          const mu = (p.neighbourCumCases[k] * p.windowCases[w]) / C;
          if (c >= p.minCasesInCluster && c > mu) brute = Math.max(brute, spaceTimePermutationLlr(c, mu, C));
        }
    return { kernel, brute };
  }

  const base = { ...SCAN_DEFAULTS, maxSpatialFractionOfCases: 0.7 };
  it.each([
    ['prospective, 7 windows (unrolled kernel)', { ...base, analysis: 'prospective' as const, maxTemporalDays: 7 }],
    ['prospective, 3 windows of 2–4 days', { ...base, analysis: 'prospective' as const, minTemporalDays: 2, maxTemporalDays: 4 }],
    [
      'prospective, 8 windows (prefix kernel: the unrolled one takes up to 7)',
      { ...base, analysis: 'prospective' as const, maxTemporalDays: 8 },
    ],
    ['prospective, 10 windows (prefix kernel)', { ...base, analysis: 'prospective' as const, maxTemporalDays: 10 }],
    ['retrospective, 1–3 days', { ...base, analysis: 'retrospective' as const, maxTemporalDays: 3 }],
    [
      'retrospective, 2–5 days, at least 4 cases',
      { ...base, analysis: 'retrospective' as const, minTemporalDays: 2, maxTemporalDays: 5, minCasesInCluster: 4 },
    ],
  ])('gives the brute-force maximum LLR: %s', (_name, options) => {
    const { kernel, brute } = bruteForceMax(options);
    expect(brute).toBeGreaterThan(0);
    expect(kernel).toBeCloseTo(brute, 10);
  });

  it('gives the brute-force maximum when the last day has no case at all (a window total of 0)', () => {
    const input = data();
    const lastDay = input.studyEnd;
    const noLastDay = { ...input, cases: input.cases.filter((c) => c.date !== lastDay) };
    for (const analysis of ['prospective', 'retrospective'] as const) {
      const { kernel, brute } = bruteForceMax({ ...base, analysis, maxTemporalDays: 4 }, noLastDay);
      expect(brute).toBeGreaterThan(0);
      expect(kernel).toBeCloseTo(brute, 10);
    }
  });

  it('gives the brute-force maximum on 40 locations × 30 days, where the kernels skip most circles by their bounds', () => {
    // Large enough that the prefix kernel's per-length bounds and the unrolled kernel's early exits decide
    // most circles (the small cases above are evaluated nearly cell by cell); several permutations each.
    const rng = createRng(77);
    const counts = Array.from({ length: 40 }, (_, z) => Array.from({ length: 30 }, () => rng.int(z % 5 === 0 ? 6 : 3)));
    const input = grid(
      Array.from({ length: 40 }, () => rng.int(1000) / 10),
      counts,
      Array.from({ length: 40 }, () => rng.int(1000) / 10),
    );
    for (const analysis of ['prospective', 'retrospective'] as const) {
      for (let r = 0; r < 3; r++) {
        const { kernel, brute } = bruteForceMax({ ...SCAN_DEFAULTS, analysis, maxTemporalDays: 7 }, input, rng.split(r));
        expect(brute).toBeGreaterThan(1);
        expect(kernel).toBeCloseTo(brute, 10);
      }
    }
  });

  it('gives the brute-force maximum on random data, options and permutations (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 7 }),
        fc.integer({ min: 2, max: 10 }),
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.constantFrom<'prospective' | 'retrospective'>('prospective', 'retrospective'),
        fc.integer({ min: 1, max: 12 }),
        fc.double({ min: 0.2, max: 1, noNaN: true }),
        (nLoc, nDays, seed, analysis, maxDays, share) => {
          const rng = createRng(seed);
          const counts = Array.from({ length: nLoc }, () => Array.from({ length: nDays }, () => rng.int(4)));
          counts[0][0] += 1; // at least one case
          const input = grid(
            Array.from({ length: nLoc }, () => rng.int(5)),
            counts,
            Array.from({ length: nLoc }, () => rng.int(5)),
          );
          const { kernel, brute } = bruteForceMax(
            { ...SCAN_DEFAULTS, analysis, maxTemporalDays: maxDays, maxSpatialFractionOfCases: share },
            input,
            rng.split(1),
          );
          expect(kernel).toBeCloseTo(brute, 9);
        },
      ),
      { numRuns: 200, seed: 20240601 },
    );
  });
});

describe('sequential p-value reporting (SaTScan PValueReportType=0)', () => {
  it('stops after the replication in which the threshold-th strictly larger maximum appears; ties do not count', () => {
    const sims = Float64Array.from([5, 1, 3, 6, 3, 7, 2, 8]);
    expect(sequentialStop(sims, sims.length, 3, 3)).toBe(6); // 5, 6, 7 beat 3; the 3s do not
    expect(sequentialStop(sims, 5, 3, 3)).toBeNull();
  });
  it('gives the most likely cluster p = threshold/n when it stops early', () => {
    const flat = grid([0, 1, 2, 3, 4, 5], background(6, 8, [[2, 7, 1]]));
    const r = spaceTimePermutationScan(flat, { replications: 999, seed: 5, pValueReporting: 'sequential', earlyTerminationThreshold: 10 });
    expect(r.replicationsRun).toBeLessThan(999);
    expect(r.clusters[0].pValue).toBeCloseTo(10 / r.replicationsRun, 15);
    expect(r.simulatedLlr.length).toBe(r.replicationsRun);
  });
});

describe('gumbelPValue', () => {
  it('fits a Gumbel by moments with the population variance', () => {
    const sims = Float64Array.from([1, 2, 3, 4]);
    const beta = (Math.sqrt(1.25) * Math.sqrt(6)) / Math.PI;
    const mu = 2.5 - 0.5772156649015329 * beta;
    expect(gumbelPValue(sims, 4, 5)).toBeCloseTo(1 - Math.exp(-Math.exp((mu - 5) / beta)), 14);
    expect(gumbelPValue(sims, 4, 1e6)).toBe(1e-17);
    expect(gumbelPValue(sims, 1, 5)).toBeNull();
  });
});

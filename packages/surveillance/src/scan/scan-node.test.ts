import { describe, expect, it } from 'vitest';
import { spaceTimePermutationScan } from './scan.ts';
import { spaceTimePermutationScanParallel } from './scan-node.ts';
import type { ScanCaseRow, ScanInput } from './scan-types.ts';

/** 15 locations × 12 days, one case a day each, plus a burst at L3/L4 on the last two days. */
function input(): ScanInput {
  const cases: ScanCaseRow[] = [];
  for (let z = 0; z < 15; z++)
    for (let d = 0; d < 12; d++) {
      const burst = (z === 3 || z === 4) && d >= 10 ? 4 : 0;
      cases.push({
        location: `L${z}`,
        date: `2024-05-${String(d + 1).padStart(2, '0')}`,
        count: 1 + burst + ((z * 7 + d) % 3 === 0 ? 1 : 0),
      });
    }
  return {
    coordinates: 'cartesian',
    locations: Array.from({ length: 15 }, (_, z) => ({ id: `L${z}`, x: z, y: 0 })),
    cases,
  };
}

describe('spaceTimePermutationScanParallel (worker threads)', () => {
  it('gives exactly the in-thread result for the same seed, whatever the thread count', async () => {
    const data = input();
    const options = { replications: 130, seed: 99, analysis: 'retrospective' as const };
    const serial = spaceTimePermutationScan(data, options);
    const progress: number[] = [];
    const two = await spaceTimePermutationScanParallel(data, { ...options, threads: 2, onProgress: (done) => progress.push(done) });
    const three = await spaceTimePermutationScanParallel(data, { ...options, threads: 3 });
    const withCaller = await spaceTimePermutationScanParallel(data, { ...options, threads: 2, useCallingThread: true });
    expect(Array.from(two.simulatedLlr)).toEqual(Array.from(serial.simulatedLlr));
    expect(Array.from(three.simulatedLlr)).toEqual(Array.from(serial.simulatedLlr));
    expect(Array.from(withCaller.simulatedLlr)).toEqual(Array.from(serial.simulatedLlr));
    expect(withCaller.clusters).toEqual(serial.clusters);
    expect(two.clusters).toEqual(serial.clusters);
    expect(serial.clusters[0].locations.sort()).toEqual(['L3', 'L4']);
    expect(progress.at(-1)).toBe(130);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // Replications are handed out 10 at a time, but progress comes once per block of 50 (as in-thread) and at the end.
    expect(progress.length).toBeLessThanOrEqual(3);
  });

  it('stops sequential reporting at the same replication as the in-thread run', async () => {
    const data = input();
    const options = {
      replications: 999,
      seed: 4,
      pValueReporting: 'sequential' as const,
      earlyTerminationThreshold: 5,
      maxTemporalDays: 1,
    };
    const serial = spaceTimePermutationScan(data, { ...options, analysis: 'prospective' });
    const parallel = await spaceTimePermutationScanParallel(data, { ...options, analysis: 'prospective', threads: 2 });
    const withCaller = await spaceTimePermutationScanParallel(data, {
      ...options,
      analysis: 'prospective',
      threads: 2,
      useCallingThread: true,
    });
    expect(serial.replicationsRun).toBeLessThan(999);
    expect(parallel.replicationsRun).toBe(serial.replicationsRun);
    expect(parallel.clusters).toEqual(serial.clusters);
    expect(withCaller.replicationsRun).toBe(serial.replicationsRun);
    expect(withCaller.clusters).toEqual(serial.clusters);
  });

  it('rejects unusable input with the same error as in-thread, and stops its workers', async () => {
    const data = input();
    const bad = { ...data, cases: [...data.cases, { location: 'nowhere', date: '2024-05-01', count: 1 }] };
    await expect(spaceTimePermutationScanParallel(bad, { replications: 200, threads: 2 })).rejects.toThrow(
      /cases\[180\]\.location: unknown location 'nowhere'/,
    );
  });
});

import { afterAll, describe, expect, it } from 'vitest';
import { type ComputeGroup, computeGroup } from './detection.compute.ts';
import { closeDetectionPool, computeInWorkers, idleDetectionWorkers } from './detection.pool.ts';

const counts = Float64Array.from({ length: 120 }, (_, i) => ((i * 7) % 5) + (i === 119 ? 20 : 0));
const group: ComputeGroup = {
  method: 'earsC_C1',
  params: { baseline: 7, alpha: 0.001 },
  frequency: 365,
  end: '2026-06-30',
  n: 120,
  first: 120,
  last: 120,
  explain: true,
  series: [{ key: 'a', counts }],
};

describe('detection worker pool', () => {
  afterAll(async () => {
    await closeDetectionPool();
  });

  it('keeps its worker for the next call, gives the same results as this thread, and closes', async () => {
    await closeDetectionPool();
    const first = await computeInWorkers([group], { threads: 1 });
    const kept = idleDetectionWorkers();
    expect(kept).toHaveLength(1);
    const second = await computeInWorkers([group], { threads: 1 });
    // The same thread served the second call, and is kept again.
    expect(idleDetectionWorkers()).toEqual(kept);
    expect(second).toEqual(first);
    expect(first[0]![0]!.points![0]!.alarm).toBe(true);
    expect(first).toEqual([computeGroup(group)]);
    // Two threads at once (300 series are two batches): the kept one and a new one; both are kept (at most two).
    const many = await computeInWorkers([{ ...group, series: Array.from({ length: 300 }, (_, k) => ({ key: `s${k}`, counts })) }], {
      threads: 2,
    });
    expect(many[0]).toHaveLength(300);
    expect(many[0]![299]!.points).toEqual(first[0]![0]!.points);
    expect(idleDetectionWorkers()).toHaveLength(2);
    expect(idleDetectionWorkers()).toContain(kept[0]);
    await closeDetectionPool();
    expect(idleDetectionWorkers()).toEqual([]);
  });

  it('does not keep a worker whose computation failed', async () => {
    await closeDetectionPool();
    await expect(computeInWorkers([{ ...group, method: 'noSuchMethod' }], { threads: 1 })).rejects.toThrow(/unknown method noSuchMethod/);
    expect(idleDetectionWorkers()).toEqual([]);
  });
});

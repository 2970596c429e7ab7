import { describe, expect, it } from 'vitest';
import { runMetapopEnsemble } from './ensemble.ts';
import type { MetapopModel } from './model.ts';
import { runMetapopEnsembleParallel } from './node.ts';

const model: MetapopModel = {
  patches: [
    { id: 'port', population: 30_000, I0: 10 },
    { id: 'town', population: 12_000 },
    { id: 'village', population: 3_000 },
  ],
  links: [
    { from: 'town', to: 'port', flow: 2000 },
    { from: 'village', to: 'town', flow: 300 },
  ],
  disease: { beta: 0.55, sigma: 1 / 3, gamma: 1 / 5 },
  interventions: [{ type: 'contactReduction', start: 25, end: 60, reduction: 0.4 }],
};

describe('runMetapopEnsembleParallel (worker threads)', () => {
  it('gives exactly the single-thread ensemble, for 2 threads and small chunks', async () => {
    const options = { runs: 24, days: 60, seed: 77 };
    const single = runMetapopEnsemble(model, options);
    const parallel = await runMetapopEnsembleParallel(model, { ...options, threads: 2, chunk: 3 });
    expect(parallel.columns).toEqual(single.columns);
    expect(Array.from(parallel.peak.value)).toEqual(Array.from(single.peak.value));
    for (const q of ['infectious', 'incidence'] as const) {
      expect(Array.from(parallel[q].mean)).toEqual(Array.from(single[q].mean));
      parallel[q].quantiles.forEach((band, k) => expect(Array.from(band)).toEqual(Array.from(single[q].quantiles[k])));
    }
    // Something happened: the district-wide median incidence on day 20 is positive.
    const cols = single.columns.length;
    expect(single.incidence.quantiles[3][20 * cols + cols - 1]).toBeGreaterThan(0);
  });

  it('rejects a bad thread count', async () => {
    await expect(runMetapopEnsembleParallel(model, { runs: 4, days: 5, threads: -1 })).rejects.toThrow('threads must be a whole number');
  });
});

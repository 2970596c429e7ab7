/**
 * Worker thread of `runMetapopEnsembleParallel` (./node.ts). Phase 1 claims chunks of replicates
 * from a shared counter and runs them into the shared buffers; phase 2 (on the "summarise" message,
 * once every replicate is in) claims chunks of rows and writes their means and quantiles. Each
 * replicate's random stream depends only on the seed and its index, so how the chunks fall between
 * threads never changes the result.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { type EnsembleBuffers, type QuantityBands, runEnsembleReplicates, summariseRows } from './ensemble.ts';
import { compileMetapop, type MetapopModel } from './model.ts';

/** What the main thread passes in `workerData`. */
export interface EnsembleWorkerData {
  model: MetapopModel;
  options: { days: number; stepsPerDay: number; seed: number | string; runs: number };
  probs: number[];
  buffers: EnsembleBuffers;
  bands: { infectious: QuantityBands; incidence: QuantityBands };
  /** [next replicate, next infectious row, next incidence row] claimed atomically */
  counters: Int32Array;
  chunk: number;
}

const data = workerData as EnsembleWorkerData;
const port = parentPort;
if (!port) throw new Error('ensemble.worker.ts must run in a worker thread');

function claim(slot: number, total: number, size: number): [number, number] | null {
  const from = Atomics.add(data.counters, slot, size);
  return from < total ? [from, Math.min(total, from + size)] : null;
}

try {
  const compiled = compileMetapop(data.model);
  const n = compiled.n;
  const { runs, days } = data.options;
  for (let c = claim(0, runs, data.chunk); c; c = claim(0, runs, data.chunk))
    runEnsembleReplicates(compiled, data.options, c[0], c[1], data.buffers);
  port.postMessage({ phase: 'replicated' });
  port.once('message', () => {
    try {
      const rowChunk = 64;
      const parts = [
        { slot: 1, raw: data.buffers.infectious, rows: (days + 1) * (n + 1), bands: data.bands.infectious },
        { slot: 2, raw: data.buffers.incidence, rows: days * (n + 1), bands: data.bands.incidence },
      ];
      for (const part of parts) {
        for (let c = claim(part.slot, part.rows, rowChunk); c; c = claim(part.slot, part.rows, rowChunk)) {
          summariseRows(part.raw, runs, data.probs, c[0], c[1], part.bands.mean, part.bands.quantiles);
        }
      }
      port.postMessage({ phase: 'summarised' });
    } catch (err) {
      port.postMessage({ phase: 'error', message: (err as Error).message });
    }
  });
} catch (err) {
  port.postMessage({ phase: 'error', message: (err as Error).message });
}

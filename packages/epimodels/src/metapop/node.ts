/**
 * Node-only entry `@outbreak/epimodels/metapop-node`: stochastic ensembles spread over worker
 * threads (the browser-safe single-thread version is `runMetapopEnsemble`). Workers share the raw
 * replicate buffers and the summary arrays (`SharedArrayBuffer`), claim replicates and rows in
 * chunks from atomic counters, and the result is identical to the single-thread one whatever the
 * number of threads (each replicate's stream is `createRng(seed).split(r)`).
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import {
  allocateBands,
  allocateEnsembleBuffers,
  type EnsembleSummary,
  ensembleSettings,
  ensembleSummary,
  type MetapopEnsembleOptions,
  runMetapopEnsemble,
} from './ensemble.ts';
import type { EnsembleWorkerData } from './ensemble.worker.ts';
import { compileMetapop, type MetapopModel } from './model.ts';
import { MetapopStochasticRunner } from './stochastic.ts';

/**
 * The worker bootstrap registers tsx, then loads `ensemble.worker.ts` (a file path, so that Vitest's
 * transformed module URLs are not involved).
 */
const WORKER_ENTRY = fileURLToPath(new URL('./ensemble-worker-bootstrap.mjs', import.meta.url));

/** Settings of a parallel ensemble. */
export interface ParallelEnsembleOptions extends MetapopEnsembleOptions {
  /** worker threads (default: the machine's available parallelism, at most `runs`); 0 runs in this thread */
  threads?: number;
  /** replicates claimed at a time by a worker (default 8) */
  chunk?: number;
}

/**
 * Runs an ensemble of stochastic replicates on worker threads and returns the same summary as
 * `runMetapopEnsemble` would (bit for bit). The workers register `tsx` and run the TypeScript sources.
 *
 * ```ts
 * import { runMetapopEnsembleParallel } from '@outbreak/epimodels/metapop-node';
 * const ens = await runMetapopEnsembleParallel(model, { runs: 1000, days: 180, seed: 42, threads: 2 });
 * ```
 */
export async function runMetapopEnsembleParallel(model: MetapopModel, options: ParallelEnsembleOptions = {}): Promise<EnsembleSummary> {
  const opts = ensembleSettings(options);
  const compiled = compileMetapop(model);
  const threads = Math.min(options.threads ?? availableParallelism(), opts.runs);
  if (!Number.isInteger(threads) || threads < 0) throw new RangeError(`threads must be a whole number ≥ 0, got ${options.threads}`);
  // Checks the stochastic settings (whole numbers of people …) here, so errors surface as RangeErrors.
  new MetapopStochasticRunner(compiled, opts);
  if (threads === 0) return runMetapopEnsemble(compiled, opts);
  const n = compiled.n;
  const buffers = allocateEnsembleBuffers(n, opts.days, opts.runs, { shared: true });
  const bands = {
    infectious: allocateBands((opts.days + 1) * (n + 1), opts.probs.length, { shared: true }),
    incidence: allocateBands(opts.days * (n + 1), opts.probs.length, { shared: true }),
  };
  const counters = new Int32Array(new SharedArrayBuffer(3 * 4));
  const workerData: EnsembleWorkerData = {
    model,
    options: { days: opts.days, stepsPerDay: opts.stepsPerDay, seed: opts.seed, runs: opts.runs },
    probs: [...opts.probs],
    buffers,
    bands,
    counters,
    chunk: options.chunk ?? 8,
  };
  const workers = Array.from({ length: threads }, () => new Worker(WORKER_ENTRY, { workerData }));
  try {
    const phase = (name: string) =>
      Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve, reject) => {
              // A worker that dies without a message (killed, out of memory) must not leave us waiting.
              const onExit = (code: number) => {
                w.off('error', reject);
                w.off('message', onMessage);
                reject(new Error(`ensemble worker exited with code ${code} before the ${name} phase ended`));
              };
              const onMessage = (msg: { phase: string; message?: string }) => {
                w.off('error', reject);
                w.off('message', onMessage);
                w.off('exit', onExit);
                if (msg.phase === 'error') reject(new Error(`ensemble worker: ${msg.message}`));
                else if (msg.phase === name) resolve();
                else reject(new Error(`ensemble worker: unexpected message ${msg.phase}`));
              };
              w.on('message', onMessage);
              w.once('exit', onExit);
              w.once('error', reject);
            }),
        ),
      );
    await phase('replicated');
    const summarised = phase('summarised');
    for (const w of workers) w.postMessage('summarise');
    await summarised;
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return ensembleSummary(compiled.patchIds, opts.days, opts.runs, opts.seed, opts.probs, bands, {
    value: buffers.peakValue,
    day: buffers.peakDay,
  });
}

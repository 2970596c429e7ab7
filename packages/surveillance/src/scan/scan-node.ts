/**
 * Node-only entry (`@outbreak/surveillance/scan-node`): the space-time permutation scan with its Monte
 * Carlo replications spread over worker threads. Kept apart from the package index so that browser
 * bundles never import `node:worker_threads`.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { completeScan, type PreparedScan, prepareScan, REPLICATION_BLOCK, replicationsToCount, spaceTimePermutationScan } from './scan.ts';
import type { ScanInput, ScanOptions, ScanResult } from './scan-types.ts';
import type { ScanWorkerReply, ScanWorkerRequest } from './scan-worker.ts';

/** The worker bootstrap registers tsx, then loads `scan-worker.ts` (a file path, so Vitest's transformed URLs are not involved). */
const workerEntry = fileURLToPath(new URL('./scan-worker-bootstrap.mjs', import.meta.url));

/** Scan options plus the number of worker threads. */
export interface ParallelScanOptions extends ScanOptions {
  /** worker threads for the replications; default: the machine's available parallelism; 1 = in this thread */
  threads: number;
}

/**
 * Space-time permutation scan with replications in worker threads. Same result as
 * `spaceTimePermutationScan` for the same seed, whatever the number of threads.
 *
 * @example
 * const result = await spaceTimePermutationScanParallel(input, { analysis: 'prospective', seed: 7, threads: 2 });
 */
export async function spaceTimePermutationScanParallel(
  input: ScanInput,
  options: Partial<ParallelScanOptions> = {},
): Promise<ScanResult> {
  const { threads: requested, ...scanOptions } = options;
  const threads = Math.max(1, Math.floor(requested ?? availableParallelism()));
  const total = scanOptions.replications ?? 999;
  if (threads === 1 || total <= REPLICATION_BLOCK) return spaceTimePermutationScan(input, scanOptions);

  const blocks = Math.ceil(total / REPLICATION_BLOCK);
  // Workers start (loading tsx and the kernel) while this thread prepares the problem.
  // A worker failure (including one during start-up) is kept and rejects the run; listeners go on at once
  // because an 'error' event without a listener would crash the process.
  let failure: Error | null = null;
  let fail: (err: Error) => void = (err) => {
    failure ??= err;
  };
  const workers = Array.from({ length: Math.min(threads, blocks) }, () => {
    const worker = new Worker(workerEntry);
    worker.on('error', (err) => fail(err));
    worker.on('exit', (code) => {
      if (code !== 0) fail(new Error(`scan worker exited with code ${code}`));
    });
    return worker;
  });
  let prepared: PreparedScan;
  try {
    prepared = prepareScan(input, scanOptions);
  } catch (err) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  }
  const { problem, options: merged } = prepared;
  const sims = new Float64Array(total);
  const finished = new Uint8Array(blocks);
  let nextBlock = 0;
  let contiguous = 0; // replications done without a gap from 0
  let stopped = false;

  try {
    await new Promise<void>((resolve, reject) => {
      let active = 0;
      fail = (err) => {
        stopped = true;
        reject(err);
      };
      if (failure !== null) fail(failure);
      const handOut = (worker: Worker): void => {
        if (stopped || nextBlock >= blocks) {
          worker.postMessage({ stop: true } satisfies ScanWorkerRequest);
          if (--active === 0) resolve();
          return;
        }
        const first = nextBlock * REPLICATION_BLOCK;
        nextBlock++;
        worker.postMessage({ first, last: Math.min(total, first + REPLICATION_BLOCK) } satisfies ScanWorkerRequest);
      };
      for (const worker of workers) {
        worker.postMessage({ problem, seed: merged.seed } satisfies ScanWorkerRequest);
        active++;
        worker.on('message', (reply: ScanWorkerReply) => {
          sims.set(reply.values, reply.first);
          finished[reply.first / REPLICATION_BLOCK] = 1;
          let b = contiguous / REPLICATION_BLOCK;
          while (b < blocks && finished[b]) b++;
          const before = contiguous;
          contiguous = Math.min(total, b * REPLICATION_BLOCK);
          if (contiguous > before) {
            merged.onProgress?.(contiguous, total);
            // Sequential reporting stops as soon as the replications done so far (in order) decide it.
            if (replicationsToCount(prepared, sims, contiguous).stoppedEarly) stopped = true;
          }
          handOut(worker);
        });
        handOut(worker);
      }
    });
  } finally {
    fail = () => {}; // terminate() below ends the workers with a non-zero code: not a failure
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return completeScan(input, prepared, sims, contiguous);
}

/**
 * Node-only entry (`@outbreak/surveillance/scan-node`): the space-time permutation scan with its Monte
 * Carlo replications spread over worker threads. Kept apart from the package index so that browser
 * bundles never import `node:worker_threads`.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createReplicateWorkspace } from './scan-kernel.ts';
import {
  completeScan,
  type PreparedScan,
  prepareScan,
  REPLICATION_BLOCK,
  replicationsToCount,
  simulateReplications,
  spaceTimePermutationScan,
} from './scan.ts';
import type { ScanInput, ScanOptions, ScanResult } from './scan-types.ts';
import type { ScanWorkerReply, ScanWorkerRequest } from './scan-worker.ts';

/** The worker bootstrap registers tsx, then loads `scan-worker.ts` (a file path, so Vitest's transformed URLs are not involved). */
const workerEntry = fileURLToPath(new URL('./scan-worker-bootstrap.mjs', import.meta.url));

/**
 * Replications the calling thread computes between two turns of its event loop, when it takes part:
 * small enough (tens of ms) that worker replies are answered promptly.
 */
const CALLING_THREAD_CHUNK = 5;

/** Scan options plus how to spread the replications over threads. */
export interface ParallelScanOptions extends ScanOptions {
  /** threads computing replications; default: the machine's available parallelism; 1 = in this thread only */
  threads: number;
  /**
   * When true the calling thread is one of the `threads` (so `threads` − 1 workers start) and computes
   * replications from the start, while the workers boot. Right for a command-line run; leave it false
   * (the default) in a server, whose event loop must stay responsive.
   */
  useCallingThread: boolean;
}

/**
 * Space-time permutation scan with replications in worker threads. Same result as
 * `spaceTimePermutationScan` for the same seed, whatever the number of threads.
 *
 * @example
 * const result = await spaceTimePermutationScanParallel(input, { analysis: 'prospective', seed: 7, threads: 2 });
 */
export async function spaceTimePermutationScanParallel(input: ScanInput, options: Partial<ParallelScanOptions> = {}): Promise<ScanResult> {
  const { threads: requested, useCallingThread = false, ...scanOptions } = options;
  const threads = Math.max(1, Math.floor(requested ?? availableParallelism()));
  const total = scanOptions.replications ?? 999;
  const blocks = Math.ceil(total / REPLICATION_BLOCK);
  const workerCount = Math.min(useCallingThread ? threads - 1 : threads, blocks);
  if (threads === 1 || total <= REPLICATION_BLOCK || workerCount === 0) return spaceTimePermutationScan(input, scanOptions);

  // Workers start (loading tsx and the kernel) while this thread prepares the problem.
  // A worker failure (including one during start-up) is kept and rejects the run; listeners go on at once
  // because an 'error' event without a listener would crash the process.
  let failure: Error | null = null;
  let fail: (err: Error) => void = (err) => {
    failure ??= err;
  };
  const workers = Array.from({ length: workerCount }, () => {
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

  const blockDone = (block: number): void => {
    finished[block] = 1;
    let b = contiguous / REPLICATION_BLOCK;
    while (b < blocks && finished[b]) b++;
    const before = contiguous;
    contiguous = Math.min(total, b * REPLICATION_BLOCK);
    if (contiguous > before) {
      merged.onProgress?.(contiguous, total);
      // Sequential reporting stops as soon as the replications done so far (in order) decide it.
      if (replicationsToCount(prepared, sims, contiguous).stoppedEarly) stopped = true;
    }
  };

  /** The calling thread's share: whole blocks, computed a few replications per event-loop turn. */
  const callingThread = async (): Promise<void> => {
    const workspace = createReplicateWorkspace(problem);
    while (!stopped && nextBlock < blocks) {
      const block = nextBlock++;
      const last = Math.min(total, (block + 1) * REPLICATION_BLOCK);
      for (let r = block * REPLICATION_BLOCK; r < last && !stopped; r += CALLING_THREAD_CHUNK) {
        const end = Math.min(last, r + CALLING_THREAD_CHUNK);
        simulateReplications(problem, merged.seed, r, end, sims.subarray(r, end), workspace);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
      if (!stopped) blockDone(block);
    }
  };

  try {
    const workersDone = new Promise<void>((resolve, reject) => {
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
          blockDone(reply.first / REPLICATION_BLOCK);
          handOut(worker);
        });
        handOut(worker);
      }
    });
    await Promise.all([workersDone, useCallingThread ? callingThread() : Promise.resolve()]);
  } finally {
    stopped = true;
    fail = () => {}; // terminate() below ends the workers with a non-zero code: not a failure
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return completeScan(input, prepared, sims, contiguous);
}

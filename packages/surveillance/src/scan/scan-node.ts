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
  findRealClusters,
  type PreparedScan,
  prepareProblem,
  REPLICATION_BLOCK,
  replicationsToCount,
  simulateReplications,
  spaceTimePermutationScan,
} from './scan.ts';
import type { ScanProblem } from './scan-problem.ts';
import type { ScanInput, ScanOptions, ScanResult } from './scan-types.ts';
import type { ScanWorkerReply, ScanWorkerRequest } from './scan-worker.ts';

/** The worker bootstrap registers tsx, then loads `scan-worker.ts` (a file path, so Vitest's transformed URLs are not involved). */
const workerEntry = fileURLToPath(new URL('./scan-worker-bootstrap.mjs', import.meta.url));

/**
 * Replications the calling thread computes between two turns of its event loop, when it takes part:
 * small enough (tens of ms) that worker replies are answered promptly.
 */
const CALLING_THREAD_CHUNK = 5;

/**
 * Replications handed to a thread at a time. Small, so that at the end no thread waits long for the
 * last one (with 50, the old size, a 2,000 × 90 scan left one of two threads idle for up to 0.8 s), and
 * large enough that messages cost nothing (one per 40–160 ms of work on the benchmark data).
 */
const HAND_OUT = 10;

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
  const blocks = Math.ceil(total / HAND_OUT);
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
  let base: Omit<PreparedScan, 'ranked'>;
  try {
    base = prepareProblem(input, scanOptions);
  } catch (err) {
    await Promise.all(workers.map((w) => w.terminate()));
    throw err;
  }
  const { problem, options: merged } = base;
  const sims = new Float64Array(total);
  const finished = new Uint8Array(blocks);
  let nextBlock = 0;
  let contiguous = 0; // replications done without a gap from 0
  let stopped = false;
  // Set (synchronously) before any worker reply can be handled: replies wait for this thread's event loop.
  let prepared: PreparedScan | null = null;

  const blockDone = (block: number): void => {
    finished[block] = 1;
    let b = contiguous / HAND_OUT;
    while (b < blocks && finished[b]) b++;
    const before = contiguous;
    contiguous = Math.min(total, b * HAND_OUT);
    if (contiguous > before && prepared !== null) {
      // Progress in whole blocks of REPLICATION_BLOCK, as the in-thread scan reports it.
      if (Math.floor(contiguous / REPLICATION_BLOCK) > Math.floor(before / REPLICATION_BLOCK) || contiguous === total)
        merged.onProgress?.(contiguous, total);
      // Sequential reporting stops as soon as the replications done so far (in order) decide it.
      if (replicationsToCount(prepared, sims, contiguous).stoppedEarly) stopped = true;
    }
  };

  /** The calling thread's share: whole hand-outs, computed a few replications per event-loop turn. */
  const callingThread = async (): Promise<void> => {
    const workspace = createReplicateWorkspace(problem);
    while (!stopped && nextBlock < blocks) {
      const block = nextBlock++;
      const last = Math.min(total, (block + 1) * HAND_OUT);
      for (let r = block * HAND_OUT; r < last && !stopped; r += CALLING_THREAD_CHUNK) {
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
        const first = nextBlock * HAND_OUT;
        nextBlock++;
        worker.postMessage({ first, last: Math.min(total, first + HAND_OUT) } satisfies ScanWorkerRequest);
      };
      // The workers need the problem, not the real data's clusters: they get it (without the neighbours'
      // distances, which only the report uses) and their first replications before this thread scans
      // the real data.
      const forWorkers: ScanProblem = { ...problem, neighbourDistance: new Float64Array(0) };
      for (const worker of workers) {
        worker.postMessage({ problem: forWorkers, seed: merged.seed } satisfies ScanWorkerRequest);
        active++;
        worker.on('message', (reply: ScanWorkerReply) => {
          sims.set(reply.values, reply.first);
          blockDone(reply.first / HAND_OUT);
          handOut(worker);
        });
        handOut(worker);
      }
    });
    prepared = findRealClusters(base);
    await Promise.all([workersDone, useCallingThread ? callingThread() : Promise.resolve()]);
  } finally {
    stopped = true;
    fail = () => {}; // terminate() below ends the workers with a non-zero code: not a failure
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return completeScan(input, prepared, sims, contiguous);
}

/**
 * Computes detection groups in worker threads, so that a run or a back-test over years of history never blocks
 * the event loop that answers API requests.
 *
 * Workers are kept for the next call (up to MAX_IDLE of them): starting one costs 0.2–0.5 s (a thread, the tsx
 * loader, the surveillance modules), a noticeable part of a daily run. An idle worker is unref'd, so it never
 * holds the process open, and `closeDetectionPool()` terminates them when the server stops. A worker that failed
 * or crashed during a call is terminated, never reused; each call takes its workers for itself, so concurrent
 * calls (a run and a back-test) never share one.
 *
 * @example
 * const outcomes = await computeInWorkers(groups, { threads: 2 }); // outcomes[g][s] for series s of group g
 * await closeDetectionPool(); // on shutdown
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ComputeGroup, type SeriesOutcome, computeGroup } from './detection.compute.ts';
import type { DetectionWorkerReply, DetectionWorkerRequest } from './detection.worker.ts';

const workerEntry = fileURLToPath(new URL('./detection-worker-bootstrap.mjs', import.meta.url));

/** Series per message: large enough that messaging costs little, small enough to share work between workers. */
const SERIES_PER_BATCH = 200;
/** Workers kept between calls (runs and back-tests use one each). */
const MAX_IDLE = 2;

const idle: Worker[] = [];

/**
 * Removes our listeners only: Worker keeps internal 'newListener' / 'removeListener' handlers (they ref its
 * message port), which a bare removeAllListeners() would remove too, and no message would arrive any more.
 */
function forgetListeners(worker: Worker): void {
  for (const event of ['message', 'error', 'exit'] as const) worker.removeAllListeners(event);
}

/** An idle worker, or a new one; its idle-time listeners removed. */
function takeWorker(): Worker {
  const worker = idle.pop();
  if (!worker) return new Worker(workerEntry);
  forgetListeners(worker);
  worker.ref();
  return worker;
}

/** Keeps a healthy worker for the next call (unref'd), or terminates it when enough are kept. */
function keepWorker(worker: Worker): void {
  forgetListeners(worker);
  if (idle.length >= MAX_IDLE) {
    void worker.terminate();
    return;
  }
  // An idle worker that dies is simply forgotten.
  worker.on('error', () => {});
  worker.once('exit', () => {
    const i = idle.indexOf(worker);
    if (i >= 0) idle.splice(i, 1);
  });
  worker.unref();
  idle.push(worker);
}

/** Terminates the idle workers (the server calls it when it stops). */
export async function closeDetectionPool(): Promise<void> {
  const workers = idle.splice(0);
  await Promise.all(workers.map((w) => w.terminate()));
}

/** Thread ids of the idle workers (for tests). */
export function idleDetectionWorkers(): number[] {
  return idle.map((w) => w.threadId);
}

export interface PoolOptions {
  /** worker threads; default: available parallelism (at least 1). 0 = compute in this thread (tests, tiny jobs). */
  threads?: number;
}

/** Computes every group; `outcomes[g]` lists group g's series outcomes in order. */
export async function computeInWorkers(groups: ComputeGroup[], options: PoolOptions = {}): Promise<SeriesOutcome[][]> {
  const threads = options.threads ?? Math.max(1, availableParallelism());
  if (threads === 0 || groups.length === 0) return groups.map(computeGroup);

  // Batches of whole groups (split when one group alone is large), remembering where each piece goes.
  const batches: Array<{ groups: ComputeGroup[]; targets: Array<{ group: number; offset: number }> }> = [];
  let current: (typeof batches)[number] = { groups: [], targets: [] };
  let size = 0;
  groups.forEach((group, g) => {
    for (let offset = 0; offset < Math.max(1, group.series.length); offset += SERIES_PER_BATCH) {
      const piece = { ...group, series: group.series.slice(offset, offset + SERIES_PER_BATCH) };
      if (size > 0 && size + piece.series.length > SERIES_PER_BATCH) {
        batches.push(current);
        current = { groups: [], targets: [] };
        size = 0;
      }
      current.groups.push(piece);
      current.targets.push({ group: g, offset });
      size += piece.series.length;
    }
  });
  if (current.groups.length > 0) batches.push(current);

  const outcomes: SeriesOutcome[][] = groups.map((group) => new Array<SeriesOutcome>(group.series.length));
  const workerCount = Math.min(threads, batches.length);
  const workers: Worker[] = [];
  let healthy = false;
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let done = 0;
      let failed = false;
      const fail = (err: Error) => {
        if (!failed) {
          failed = true;
          reject(err);
        }
      };
      const handOut = (worker: Worker) => {
        if (failed) return;
        if (next >= batches.length) return;
        const id = next++;
        // Counts are copied (not transferred): the caller keeps its series for the explanation.
        worker.postMessage({ id, groups: batches[id]!.groups } satisfies DetectionWorkerRequest);
      };
      for (let w = 0; w < workerCount; w++) {
        const worker = takeWorker();
        workers.push(worker);
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (code !== 0 && done < batches.length) fail(new Error(`detection worker exited with code ${code}`));
        });
        worker.on('message', (reply: DetectionWorkerReply) => {
          if ('failure' in reply) {
            fail(new Error(`detection worker: ${reply.failure}`));
            return;
          }
          const batch = batches[reply.id]!;
          reply.outcomes.forEach((list, k) => {
            const { group, offset } = batch.targets[k]!;
            list.forEach((outcome, s) => (outcomes[group]![offset + s] = outcome));
          });
          done++;
          if (done === batches.length) resolve();
          else handOut(worker);
        });
        handOut(worker);
      }
    });
    healthy = true;
  } finally {
    if (healthy) workers.forEach(keepWorker);
    else await Promise.all(workers.map((w) => w.terminate()));
  }
  return outcomes;
}

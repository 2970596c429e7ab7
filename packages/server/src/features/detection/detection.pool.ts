/**
 * Computes detection groups in worker threads, so that a run or a back-test over years of history never blocks
 * the event loop that answers API requests. Workers live for one call: a run is minutes apart from the next,
 * and a pool that outlives its caller is a pool someone forgets to close.
 *
 * @example
 * const outcomes = await computeInWorkers(groups, { threads: 2 }); // outcomes[g][s] for series s of group g
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ComputeGroup, type SeriesOutcome, computeGroup } from './detection.compute.ts';
import type { DetectionWorkerReply, DetectionWorkerRequest } from './detection.worker.ts';

const workerEntry = fileURLToPath(new URL('./detection-worker-bootstrap.mjs', import.meta.url));

/** Series per message: large enough that messaging costs little, small enough to share work between workers. */
const SERIES_PER_BATCH = 200;

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
        const worker = new Worker(workerEntry);
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
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return outcomes;
}

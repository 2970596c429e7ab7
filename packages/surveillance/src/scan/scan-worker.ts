/**
 * Worker-thread entry for the space-time permutation scan: receives the prepared problem once, then
 * computes blocks of replications on request. Replication r always uses the stream
 * `createRng(seed).split(r)`, so results do not depend on which worker computes which block.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createReplicateWorkspace } from './scan-kernel.ts';
import type { ScanProblem } from './scan-problem.ts';
import { simulateReplications } from './scan.ts';

/** Message from the pool: compute replications [first, last), or stop. */
export type ScanWorkerRequest = { first: number; last: number } | { stop: true };
/** Reply: the maximum LLRs of replications first..first+values.length−1. */
export interface ScanWorkerReply {
  first: number;
  values: Float64Array;
}

const { problem, seed } = workerData as { problem: ScanProblem; seed: number };
const workspace = createReplicateWorkspace(problem);
const port = parentPort;
if (port === null) throw new Error('scan-worker.ts must run in a worker thread');
port.on('message', (msg: ScanWorkerRequest) => {
  if ('stop' in msg) {
    port.close();
    return;
  }
  const values = new Float64Array(msg.last - msg.first);
  simulateReplications(problem, seed, msg.first, msg.last, values, workspace);
  port.postMessage({ first: msg.first, values } satisfies ScanWorkerReply, [values.buffer]);
});

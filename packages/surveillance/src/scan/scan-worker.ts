/**
 * Worker-thread entry for the space-time permutation scan: receives the prepared problem once (the
 * pool starts workers before it has prepared the problem, so that their start-up overlaps it), then
 * computes blocks of replications on request. Replication r always uses the stream
 * `createRng(seed).split(r)`, so results do not depend on which worker computes which block.
 */
import { parentPort } from 'node:worker_threads';
import { createReplicateWorkspace, type ReplicateWorkspace } from './scan-kernel.ts';
import type { ScanProblem } from './scan-problem.ts';
import { simulateReplications } from './scan.ts';

/** Message from the pool: the problem (first), compute replications [first, last), or stop. */
export type ScanWorkerRequest = { problem: ScanProblem; seed: number } | { first: number; last: number } | { stop: true };
/** Reply: the maximum LLRs of replications first..first+values.length−1. */
export interface ScanWorkerReply {
  first: number;
  values: Float64Array;
}

let problem: ScanProblem | null = null;
let seed = 0;
let workspace: ReplicateWorkspace | null = null;
const port = parentPort;
if (port === null) throw new Error('scan-worker.ts must run in a worker thread');
port.on('message', (msg: ScanWorkerRequest) => {
  if ('stop' in msg) {
    port.close();
    return;
  }
  if ('problem' in msg) {
    problem = msg.problem;
    seed = msg.seed;
    workspace = createReplicateWorkspace(problem);
    return;
  }
  if (problem === null || workspace === null) throw new Error('scan worker: replications requested before the problem');
  const values = new Float64Array(msg.last - msg.first);
  simulateReplications(problem, seed, msg.first, msg.last, values, workspace);
  port.postMessage({ first: msg.first, values } satisfies ScanWorkerReply, [values.buffer]);
});

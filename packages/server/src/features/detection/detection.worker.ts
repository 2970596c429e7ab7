/**
 * Worker-thread entry of detection runs and back-tests: computes the groups it is sent and replies with the
 * outcomes. Started by detection.pool.ts; holds no state between messages but the calendar cache.
 */
import { parentPort } from 'node:worker_threads';
import { type ComputeGroup, type SeriesOutcome, computeGroup } from './detection.compute.ts';

/** A batch of groups to compute (`id` pairs the reply with the request), or stop. */
export type DetectionWorkerRequest = { id: number; groups: ComputeGroup[] } | { stop: true };
/** The outcomes of every group of the batch, in order; or the message of an unexpected failure. */
export type DetectionWorkerReply = { id: number; outcomes: SeriesOutcome[][] } | { id: number; failure: string };

const port = parentPort;
if (port === null) throw new Error('detection.worker.ts must run in a worker thread');
port.on('message', (msg: DetectionWorkerRequest) => {
  if ('stop' in msg) {
    port.close();
    return;
  }
  try {
    port.postMessage({ id: msg.id, outcomes: msg.groups.map(computeGroup) } satisfies DetectionWorkerReply);
  } catch (err) {
    port.postMessage({
      id: msg.id,
      failure: err instanceof Error ? (err.stack ?? err.message) : String(err),
    } satisfies DetectionWorkerReply);
  }
});

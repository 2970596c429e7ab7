/**
 * The helper thread of `outbreak rt` (compiled to dist/rt-worker.js): estimates the later half of the curves and
 * formats their output while the main thread does the first half, then hands over the bytes, its warnings and its
 * failures; the main thread writes them after its own, so the output is the same as from one thread. On two cores
 * this halves the time of estimating and formatting 1,000 curves (docs/benchmarks.md, "Command line").
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CliError } from './cli-command.ts';
import { OutputWriter } from './output.ts';
import { estimatePart, type RtTask, type SeriesInput } from './commands/rt.ts';

const { list, task } = workerData as { list: SeriesInput[]; task: RtTask };
const port = parentPort!;
// pieces of ≈ 1 MB, each moved (not copied) to the main thread
const out = OutputWriter.toChunks((chunk) => port.postMessage({ chunk }, [chunk.buffer as ArrayBuffer]));
try {
  // written as if an item came before (a comma first); failures go back with the result, in order
  const part = await estimatePart(list, task, out, 1, () => {});
  await out.end();
  port.postMessage({ done: { warned: [...part.warned], failures: part.failures, items: part.items } });
} catch (err) {
  port.postMessage({ error: { message: err instanceof Error ? err.message : String(err), usage: err instanceof CliError } });
}

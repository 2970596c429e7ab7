// Worker-thread bootstrap: the project runs its TypeScript sources without a build step, and Node 20
// does not apply an `--import tsx` loader to a worker's entry file, so the worker registers tsx itself
// (as packages/surveillance/src/scan/scan-worker-bootstrap.mjs does) before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./ensemble.worker.ts');

// Worker-thread bootstrap: the server runs its TypeScript sources without a build step, and Node does not apply
// an `--import tsx` loader to a worker's entry file, so the worker registers tsx itself before loading the
// TypeScript worker (as detection's workers do).
import { register } from 'tsx/esm/api';

register();
await import('./imports.xlsx.worker.ts');

import { defineConfig } from 'vitest/config';

// One run covers every package: each package keeps its own vitest.config.ts
// (environment, timeouts, setup), and the root only adds the closing-line reporter CI reads.
export default defineConfig({
  test: {
    projects: ['packages/*'],
    reporters: ['default', './tools/vitest/summary-reporter.ts'],
  },
});

import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'web',
    // Unit tests run in plain Node (the API client and i18n take their browser pieces as parameters);
    // the e2e tests drive a real Chromium against the real server started by the global setup.
    environment: 'node',
    // (e2e/**/*.test.ts: the flows, *.e2e.test.ts, and the unit tests of their helpers)
    include: ['src/**/*.test.ts', 'e2e/**/*.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // One browser at a time: the machine has 2 cores shared with the rest of the test run.
    fileParallelism: false,
  },
});

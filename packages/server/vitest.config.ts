import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // database tests create a PGlite (seconds) or a PostgreSQL database each
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

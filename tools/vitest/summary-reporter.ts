import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints `Tests: N passed, N failed` as the very last line of a run.
 * CI reads this line rather than Vitest's own summary, whose wording changes between versions.
 * Skipped and todo tests are reported separately so that a skip can never pass for a pass.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else skipped++;
      }
      // A file that failed without any failing test — it did not load (syntax error, failing import), or a
      // beforeAll threw and every test in it was skipped — must still fail the run, and the line must say so.
      if (module.state() === 'failed' && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    failed += unhandledErrors.length;
    const tail = skipped > 0 ? `, ${skipped} skipped` : '';
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed${tail}\n`);
  }
}

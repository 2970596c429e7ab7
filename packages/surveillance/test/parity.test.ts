/**
 * Numerical parity with R `surveillance` 1.20.3: every case in test/reference/surveillance is run
 * through the method registry. At every monitored point the alarm must be identical (NA ↔ null),
 * `upperbound` and every extra numeric field within relative 1e-6 (absolute 1e-9 near zero;
 * glrnb 1e-4, whose κ comes from a Newton iteration with tolerance 1e-6). A case whose algorithm has
 * no implementation fails here (and in reference-coverage.test.ts); none is skipped.
 */
import { describe, expect, it } from 'vitest';
import { findMethod } from '../src/methods.ts';
import type { DetectionPoint } from '../src/types.ts';
import { caseControl, caseSeries, loadCase, referenceFiles } from './reference-cases.ts';

function tolerance(algorithm: string): { rel: number; abs: number } {
  return algorithm === 'glrnb' ? { rel: 1e-4, abs: 1e-4 } : { rel: 1e-6, abs: 1e-9 };
}

function close(actual: number, expected: number, tol: { rel: number; abs: number }): boolean {
  const diff = Math.abs(actual - expected);
  return diff <= tol.abs || diff <= tol.rel * Math.abs(expected);
}

/** Describes every mismatch between our points and R's expected arrays (empty = parity). */
export function compareWithReference(
  points: DetectionPoint[],
  expected: Record<string, unknown>,
  first: number,
  tol: { rel: number; abs: number },
): string[] {
  const problems: string[] = [];
  const n = (expected.alarm as unknown[]).length;
  if (points.length !== n) return [`${points.length} points, expected ${n}`];
  for (const [field, values] of Object.entries(expected)) {
    for (let i = 0; i < n; i++) {
      const want = Array.isArray(values) ? values[i] : values; // scalars (cusum m, glrnb nb_alpha) hold at every point
      const got = points[i][field];
      const where = `t=${first + i} ${field}`;
      if (got === undefined) {
        problems.push(`${where}: missing in our output`);
        break;
      }
      if (want === null || typeof want === 'boolean') {
        if (got !== want) problems.push(`${where}: got ${String(got)}, R ${String(want)}`);
      } else if (typeof want === 'number') {
        if (typeof got !== 'number' || !close(got, want, tol)) problems.push(`${where}: got ${String(got)}, R ${want}`);
      } else {
        problems.push(`${where}: unexpected reference value ${JSON.stringify(want)}`);
      }
    }
  }
  return problems;
}

describe('parity with R surveillance (test/reference/surveillance)', () => {
  const files = referenceFiles();

  it('finds the reference cases', () => {
    expect(files.length).toBeGreaterThanOrEqual(86);
  });

  for (const file of files) {
    it(file, () => {
      const c = loadCase(file);
      const method = findMethod(c.algorithm);
      if (!method) throw new Error(`no implementation registered for algorithm ${c.algorithm} (${file})`);
      const result = method.run(caseSeries(c), caseControl(c));
      const problems = compareWithReference(result.points, c.expected, c.range[0], tolerance(c.algorithm));
      expect(problems.slice(0, 10), `${problems.length} mismatches in ${file}; R call: ${c.r_call}`).toEqual([]);
    });
  }
});

/**
 * Parity with deSolve: every case in test/reference/seir/ (R `lsoda`, rtol = atol = 1e-10) must be
 * reproduced to max |ours − R| / N ≤ 1e-8 at every reported day, with the package defaults.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulateSeir } from '../src/seir/seir.ts';

interface SeirCase {
  id: string;
  params: { beta: number; sigma: number; gamma: number; N: number; S0: number; E0: number; I0: number; R0: number };
  times: number[];
  expected: { S: number[]; E: number[]; I: number[]; R: number[] };
}

const dir = join(import.meta.dirname, 'reference', 'seir');
const cases: SeirCase[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as SeirCase);

const KEYS = ['S', 'E', 'I', 'R'] as const;

function maxScaledDiff(
  a: Record<(typeof KEYS)[number], ArrayLike<number>>,
  b: Record<(typeof KEYS)[number], ArrayLike<number>>,
  n: number,
  N: number,
): number {
  let m = 0;
  for (const k of KEYS) for (let i = 0; i < n; i++) m = Math.max(m, Math.abs(a[k][i] - b[k][i]) / N);
  return m;
}

describe('SEIR parity with deSolve::lsoda', () => {
  it('finds reference cases', () => expect(cases.length).toBeGreaterThan(0));

  for (const c of cases) {
    it(`${c.id}: max |ours − R| / N ≤ 1e-8 at every reported day`, () => {
      const run = simulateSeir(c.params, { times: c.times });
      expect(Array.from(run.times)).toEqual(c.times);
      for (const k of KEYS) expect(run[k].length).toBe(c.times.length);
      expect(maxScaledDiff(run, c.expected, c.times.length, c.params.N)).toBeLessThanOrEqual(1e-8);
    });

    it(`${c.id}: at R's tolerances our error is smaller than lsoda's (both against a converged solution)`, () => {
      const converged = simulateSeir(c.params, { times: c.times, rtol: 3e-15, atol: 1e-12 });
      const ours = simulateSeir(c.params, { times: c.times });
      const errOurs = maxScaledDiff(ours, converged, c.times.length, c.params.N);
      const errLsoda = maxScaledDiff(c.expected, converged, c.times.length, c.params.N);
      expect(errOurs).toBeLessThan(errLsoda);
      expect(errOurs).toBeLessThan(5e-11);
    });
  }
});

/**
 * 12 random SEIR parameter sets integrated by deSolve::lsoda (test/fixtures/seir_random_lsoda.R,
 * rtol = atol = 1e-10): R0 from 0.7 to 8, N from 1e3 to 1e8, non-zero E0 and R0. Same requirement as
 * the reference case: max |ours − R| / N ≤ 1e-8 at every reported day, with the package defaults.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type SeirParams, simulateSeir } from '../src/seir/seir.ts';

interface RandomSeir {
  id: string;
  params: SeirParams;
  times: number[];
  expected: { S: number[]; E: number[]; I: number[]; R: number[] };
}

const cases = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'seir_random_lsoda.json'), 'utf8')) as RandomSeir[];

describe('SEIR parity with lsoda on random parameter sets', () => {
  it('has the cases', () => expect(cases).toHaveLength(12));
  for (const c of cases) {
    it(`${c.id}: R0 = ${(c.params.beta / c.params.gamma).toFixed(2)}, N = ${c.params.N}`, () => {
      const run = simulateSeir(c.params, { times: c.times });
      let worst = 0;
      for (const k of ['S', 'E', 'I', 'R'] as const) {
        for (let i = 0; i < c.times.length; i++) worst = Math.max(worst, Math.abs(run[k][i] - c.expected[k][i]) / c.params.N);
      }
      expect(worst).toBeLessThanOrEqual(1e-8);
    });
  }
});

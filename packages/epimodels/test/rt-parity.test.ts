/**
 * Parity with EpiEstim 2.2.4: every case in test/reference/rt/ must be reproduced — each window's
 * mean, sd and quantiles within relative 1e-6 (null where EpiEstim gives NA), and the discretised
 * serial interval to 1e-12.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateR, type RtConfig, type RtMethod, type RtWindow } from '../src/rt/estimate-r.ts';

interface RtCase {
  id: string;
  algorithm: 'epiestim_parametric_si' | 'epiestim_non_parametric_si';
  params: RtConfig;
  incidence: number[];
  imported: number[] | null;
  expected: Record<string, (number | null)[]> & { si_distr: number[] };
}

const dir = join(import.meta.dirname, 'reference', 'rt');
const cases: RtCase[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RtCase);

const FIELDS = [
  'mean_r',
  'std_r',
  'quantile_0_025_r',
  'quantile_0_05_r',
  'quantile_0_25_r',
  'median_r',
  'quantile_0_75_r',
  'quantile_0_95_r',
  'quantile_0_975_r',
] as const;

describe('Rt parity with EpiEstim::estimate_R', () => {
  it('finds reference cases of both methods', () => {
    expect(cases.some((c) => c.algorithm === 'epiestim_parametric_si')).toBe(true);
    expect(cases.some((c) => c.algorithm === 'epiestim_non_parametric_si')).toBe(true);
  });

  for (const c of cases) {
    it(`${c.id}: every window within relative 1e-6, si_distr to 1e-12`, () => {
      const method = c.algorithm.replace('epiestim_', '') as RtMethod;
      const incid = c.imported === null ? c.incidence : { local: c.incidence, imported: c.imported };
      const est = estimateR(incid, method, c.params);
      const n = c.expected.t_start.length;
      expect(est.windows).toHaveLength(n);
      let checked = 0;
      for (let w = 0; w < n; w++) {
        const win: RtWindow = est.windows[w];
        expect(win.t_start).toBe(c.expected.t_start[w]);
        expect(win.t_end).toBe(c.expected.t_end[w]);
        for (const f of FIELDS) {
          const want = c.expected[f][w];
          const got = win[f];
          if (want === null) {
            expect(got, `${f}[${w}]`).toBeNull();
          } else {
            expect(got, `${f}[${w}]`).not.toBeNull();
            expect(Math.abs((got as number) - want) / Math.abs(want), `${f}[${w}] = ${got}, R ${want}`).toBeLessThanOrEqual(1e-6);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
      expect(est.si_distr).toHaveLength(c.expected.si_distr.length);
      c.expected.si_distr.forEach((p, k) => expect(Math.abs(est.si_distr[k] - p), `si_distr[${k}]`).toBeLessThanOrEqual(1e-12));
    });
  }
});

/**
 * 40 random EpiEstim runs (test/fixtures/rt_random_epiestim.R, EpiEstim 2.2.4): both methods, with and
 * without imported cases, random priors, window lengths 1–14 days (some windows end before the mean
 * SI and are NA), non-parametric SIs longer than the series. Same tolerances as the reference parity
 * test, and the same warnings.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateR, type RtConfig, type RtMethod } from '../src/rt/estimate-r.ts';

type Scalar<T> = T | T[];
interface RandomCase {
  id: Scalar<string>;
  method: Scalar<RtMethod>;
  config: Record<string, number[]>;
  local: number[];
  imported: number[] | null;
  expected: Record<string, (number | null)[]> & { si_distr: number[]; warnings: string[] | string };
}

/** The fixture writes R's length-1 vectors as one-element arrays. */
const one = <T>(x: Scalar<T>): T => (Array.isArray(x) ? x[0] : x);
const normalise = (w: string) => w.replace(/\s+/g, ' ').replace(/\.$/, '').trim();

const cases = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', 'rt_random_epiestim.json'), 'utf8')) as RandomCase[];
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

describe('Rt parity on random EpiEstim runs', () => {
  it('covers NA windows, imported cases, both methods and both warnings', () => {
    expect(cases).toHaveLength(40);
    expect(cases.some((c) => c.imported !== null)).toBe(true);
    expect(new Set(cases.map((c) => one(c.method))).size).toBe(2);
    expect(cases.some((c) => c.expected.mean_r.includes(null))).toBe(true);
    const warnings = new Set(cases.flatMap((c) => [c.expected.warnings].flat().map(normalise)));
    expect(warnings.size).toBe(2);
  });

  for (const c of cases) {
    it(`${one(c.id)} (${one(c.method)}${c.imported ? ', imported' : ''})`, () => {
      const config: RtConfig = {
        t_start: c.config.t_start,
        t_end: c.config.t_end,
        mean_prior: one(c.config.mean_prior),
        std_prior: one(c.config.std_prior),
        cv_posterior: one(c.config.cv_posterior),
        ...(c.config.si_distr ? { si_distr: c.config.si_distr } : { mean_si: one(c.config.mean_si), std_si: one(c.config.std_si) }),
      };
      const est = estimateR(c.imported ? { local: c.local, imported: c.imported } : c.local, one(c.method), config);
      expect(est.windows).toHaveLength(c.config.t_start.length);
      est.windows.forEach((w, i) => {
        for (const f of FIELDS) {
          const want = c.expected[f][i];
          if (want === null) expect(w[f], `${f}[${i}]`).toBeNull();
          else expect(Math.abs((w[f] as number) - want) / Math.abs(want), `${f}[${i}] = ${w[f]}, R ${want}`).toBeLessThanOrEqual(1e-6);
        }
      });
      expect(est.si_distr).toHaveLength(c.expected.si_distr.length);
      c.expected.si_distr.forEach((p, k) => expect(Math.abs(est.si_distr[k] - p), `si_distr[${k}]`).toBeLessThanOrEqual(1e-12));
      expect(est.warnings.map(normalise).sort()).toEqual([c.expected.warnings].flat().map(normalise).sort());
    });
  }
});

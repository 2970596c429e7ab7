/**
 * Workload d of ../shared/bench: the SEIR model on days 0..200 for 1000 parameter sets, which R
 * integrates with deSolve::lsoda at rtol = atol = 1e-10. We integrate with DOPRI5 at the same
 * tolerances (the package defaults) and check, untimed, that our error is no larger than lsoda's,
 * both measured against a solution converged to rtol 3e-15.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dopri5Integrator, type SeirParams, type SeirResult, simulateSeir } from '../../src/index.ts';
import type { BenchWorkload } from '../workload.ts';

const DAYS = 200;
/** parameter sets checked for accuracy (each needs a converged run and an lsoda run) */
const ACCURACY_SAMPLE = 25;

/** Reads `param_id,beta,sigma,gamma,N,I0,E0,R0,S0` rows (the first n sets). */
export function readSeirParams(path: string, n: number): SeirParams[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head.split(',');
  const at = (name: string) => cols.indexOf(name);
  return lines.slice(0, n).map((line) => {
    const v = line.split(',').map(Number);
    return {
      beta: v[at('beta')],
      sigma: v[at('sigma')],
      gamma: v[at('gamma')],
      N: v[at('N')],
      S0: v[at('S0')],
      E0: v[at('E0')],
      I0: v[at('I0')],
      R0: v[at('R0')],
    };
  });
}

function maxScaledError(
  a: { S: ArrayLike<number>; E: ArrayLike<number>; I: ArrayLike<number>; R: ArrayLike<number> },
  b: SeirResult,
  N: number,
): number {
  let m = 0;
  for (const k of ['S', 'E', 'I', 'R'] as const) for (let i = 0; i < b.times.length; i++) m = Math.max(m, Math.abs(a[k][i] - b[k][i]) / N);
  return m;
}

interface Prepared {
  sets: SeirParams[];
  path: string;
}

export const workload: BenchWorkload<Prepared> = {
  id: 'd',
  title: (ctx) => `SEIR, ${ctx.series} parameter sets, days 0..${DAYS}, rtol = atol = 1e-10`,
  rBenchmark: 'd',
  target: { ratio: 1, text: 'faster than deSolve lsoda at the same accuracy' },
  needsInputs: true,
  prepare(ctx) {
    const path = join(ctx.inputsDir as string, 'd_seir_params.csv');
    return { sets: readSeirParams(path, ctx.series), path };
  },
  run({ sets }) {
    const ode = new Dopri5Integrator(4);
    let steps = 0;
    let last: SeirResult | null = null;
    for (const p of sets) {
      last = simulateSeir(p, { days: DAYS }, ode);
      steps += last.stats.steps;
    }
    return { steps, last };
  },
  check({ sets, path }, result, ctx) {
    const notes = [`${(result as { steps: number }).steps} DOPRI5 steps in all`];
    const k = Math.min(ACCURACY_SAMPLE, sets.length);
    const converged = sets.slice(0, k).map((p) => simulateSeir(p, { days: DAYS, rtol: 3e-15, atol: 1e-12 }));
    const ours = sets.slice(0, k).map((p) => simulateSeir(p, { days: DAYS }));
    const errOurs = Math.max(...ours.map((r, i) => maxScaledError(r, converged[i], sets[i].N)));
    notes.push(`accuracy, first ${k} sets, max |y − converged| / N: DOPRI5 ${errOurs.toExponential(1)}`);
    if (ctx.rscript) {
      const csv = execFileSync(ctx.rscript, [join(import.meta.dirname, '..', 'r', 'seir_lsoda_sample.R'), path, String(k)], {
        encoding: 'utf8',
        maxBuffer: 1 << 26,
      });
      const rows = csv
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',').map(Number));
      let errR = 0;
      for (let i = 0; i < k; i++) {
        const mine = rows.filter((r) => r[0] === i + 1);
        const lsoda = { S: mine.map((r) => r[2]), E: mine.map((r) => r[3]), I: mine.map((r) => r[4]), R: mine.map((r) => r[5]) };
        errR = Math.max(errR, maxScaledError(lsoda, converged[i], sets[i].N));
      }
      notes[1] += `, lsoda ${errR.toExponential(1)}${errOurs <= errR ? ' (ours at least as accurate)' : ' (lsoda more accurate!)'}`;
    }
    return notes;
  },
};

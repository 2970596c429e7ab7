/**
 * Workload c of ../shared/bench: EpiEstim `estimate_R(incid, "parametric_si", make_config(list(
 * mean_si = 4.8, std_si = 2.3, t_start = 2:359, t_end = 8:365)))` on each of 1000 daily curves of
 * 365 days. Our batch shares one `RtCache` across the curves (exact: see RtCache), as the CLI does
 * for a file with many series.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimateR, type RtEstimate, RtCache } from '../../src/index.ts';
import type { BenchContext, BenchWorkload } from '../workload.ts';

const T = 365;

/** Reads the first `n` series of a long CSV `series_id,t,count` (t 1-based) into arrays of length T. */
export function readSeriesCsv(path: string, n: number, length: number): Float64Array[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const series: Float64Array[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const c1 = line.indexOf(',');
    const c2 = line.indexOf(',', c1 + 1);
    const id = Number(line.slice(0, c1));
    if (id > n) continue;
    const t = Number(line.slice(c1 + 1, c2));
    if (series[id - 1] === undefined) series[id - 1] = new Float64Array(length);
    series[id - 1][t - 1] = Number(line.slice(c2 + 1));
  }
  return series;
}

interface Prepared {
  curves: Float64Array[];
  tStart: number[];
  tEnd: number[];
}

export const workload: BenchWorkload<Prepared> = {
  id: 'c',
  title: (ctx: BenchContext) => `EpiEstim parametric_si, ${ctx.series} curves × ${T} days, weekly windows`,
  rBenchmark: 'c',
  target: { ratio: 100, text: '≥ 100× faster than R' },
  needsInputs: true,
  prepare(ctx) {
    const curves = readSeriesCsv(join(ctx.inputsDir as string, 'c_epiestim_parametric_daily.csv'), ctx.series, T);
    const tStart = Array.from({ length: T - 7 }, (_, i) => i + 2);
    return { curves, tStart, tEnd: tStart.map((s) => s + 6) };
  },
  run({ curves, tStart, tEnd }) {
    const cache = new RtCache();
    const out: RtEstimate[] = [];
    for (const y of curves) out.push(estimateR(y, 'parametric_si', { mean_si: 4.8, std_si: 2.3, t_start: tStart, t_end: tEnd }, { cache }));
    return out;
  },
  check({ curves, tStart, tEnd }, result) {
    const estimates = result as RtEstimate[];
    const windows = estimates.reduce((n, e) => n + e.windows.length, 0);
    // For comparison: every curve on its own (a fresh RtCache per call), which is how R works.
    const t0 = performance.now();
    for (const y of curves) estimateR(y, 'parametric_si', { mean_si: 4.8, std_si: 2.3, t_start: tStart, t_end: tEnd });
    const alone = (performance.now() - t0) / 1000;
    return [
      `${estimates.length} curves, ${windows} windows estimated`,
      `each curve alone (no shared RtCache, one run): ${alone.toFixed(3)} s`,
    ];
  },
};

/**
 * Workload b of ../shared/bench: EARS C3 on 1000 daily negative-binomial series × 1095 days,
 * monitoring days 731–1095 — R: `earsC(sts, control = list(range = 731:1095, method = "C3"))` per series.
 * Timed through the public `earsC` (it builds the per-point result objects R's sts would hold);
 * the allocation-free kernel `earsCInto` is timed too, for batch callers.
 */
import { earsC, earsCInto, earsCScratch, earsCSettings } from '../../src/index.ts';
import type { DetectionResult, SurveillanceSeries } from '../../src/types.ts';
import { readBenchSeries } from '../inputs.ts';
import { type BenchWorkload, alarmString, timeMedian } from '../workload.ts';

export const workload: BenchWorkload = {
  id: 'b',
  title: 'earsC C3, daily series × 1095 days, days 731–1095 monitored',
  rBenchmark: 'b',
  needsSharedInputs: true,
  async run(ctx) {
    const counts = readBenchSeries(ctx.sharedBench!, 'b_earsC_C3_daily.csv', ctx.series);
    const series: SurveillanceSeries[] = counts.map((observed) => ({ observed, frequency: 365, start: [2015, 1] }));
    const control = { range: [731, 1095] as const, method: 'C3' as const };
    let results: DetectionResult[] = [];
    const seconds = timeMedian(Math.max(ctx.reps, 5), () => {
      results = series.map((s) => earsC(s, control));
    });
    const alarms = results.map((r) => alarmString(r.points.map((p) => p.alarm)));
    // The kernel alone: typed arrays in, typed arrays out, nothing allocated per series.
    const settings = earsCSettings(control);
    const ub = new Float64Array(365);
    const al = new Uint8Array(365);
    const scratch = earsCScratch(365);
    let kernelAlarms = 0;
    const kernelSeconds = timeMedian(Math.max(ctx.reps, 5), () => {
      kernelAlarms = 0;
      for (const y of counts) {
        earsCInto(y, 731, 1095, settings, ub, al, scratch);
        for (let k = 0; k < 365; k++) kernelAlarms += al[k] === 1 ? 1 : 0;
      }
    });
    const apiAlarms = alarms.reduce((n, s) => n + s.split('1').length - 1, 0);
    return {
      seconds,
      series: series.length,
      repetitions: Math.max(ctx.reps, 5),
      notes: [
        `${series.length} series × 365 monitored days; ${apiAlarms} alarms`,
        `allocation-free kernel earsCInto: ${(kernelSeconds * 1000).toFixed(1)} ms (${kernelAlarms} alarms)`,
      ],
      alarms,
    };
  },
};

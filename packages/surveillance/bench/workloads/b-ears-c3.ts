/**
 * Workload b of ../shared/bench: EARS C3 on 1000 daily negative-binomial series × 1095 days,
 * monitoring days 731–1095 — R: `earsC(sts, control = list(range = 731:1095, method = "C3"))` per series.
 * Timed through the public `earsC` (it builds the per-point result objects R's sts would hold); as
 * in R's loop, each result is dropped after its alarms are noted. The allocation-free kernel
 * `earsCInto` is timed too, for batch callers.
 */
import { earsC, earsCInto, earsCScratch, earsCSettings } from '../../src/index.ts';
import type { SurveillanceSeries } from '../../src/types.ts';
import { readBenchSeries } from '../inputs.ts';
import { AlarmRecorder, type BenchWorkload, timeMedian } from '../workload.ts';

const MONITORED = 365;

export const workload: BenchWorkload = {
  id: 'b',
  title: 'earsC C3, daily series × 1095 days, days 731–1095 monitored',
  rBenchmark: 'b',
  needsSharedInputs: true,
  async run(ctx) {
    const counts = readBenchSeries(ctx.sharedBench!, 'b_earsC_C3_daily.csv', ctx.series);
    const series: SurveillanceSeries[] = counts.map((observed) => ({ observed, frequency: 365, start: [2015, 1] }));
    const control = { range: [731, 1095] as const, method: 'C3' as const };
    const recorder = new AlarmRecorder(series.length, MONITORED);
    const reps = Math.max(ctx.reps, 7);
    const seconds = timeMedian(reps, () => {
      for (let i = 0; i < series.length; i++) recorder.record(i, earsC(series[i], control).points);
    });
    // The kernel alone: typed arrays in, typed arrays out, nothing allocated per series.
    const settings = earsCSettings(control);
    const ub = new Float64Array(MONITORED);
    const al = new Uint8Array(MONITORED);
    const scratch = earsCScratch(MONITORED);
    let kernelAlarms = 0;
    const kernelSeconds = timeMedian(reps, () => {
      kernelAlarms = 0;
      for (const y of counts) {
        earsCInto(y, 731, 1095, settings, ub, al, scratch);
        for (let k = 0; k < MONITORED; k++) kernelAlarms += al[k] === 1 ? 1 : 0;
      }
    });
    const alarms = recorder.strings();
    return {
      seconds,
      series: series.length,
      repetitions: reps,
      notes: [
        `${series.length} series × ${MONITORED} monitored days; ${recorder.alarmCount()} alarms`,
        `allocation-free kernel earsCInto: ${(kernelSeconds * 1000).toFixed(1)} ms (${kernelAlarms} alarms)`,
      ],
      alarms,
    };
  },
};

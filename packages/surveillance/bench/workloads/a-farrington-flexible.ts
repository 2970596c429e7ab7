/**
 * Workload a of ../shared/bench: farringtonFlexible with R's defaults on 1000 weekly
 * negative-binomial series × 315 weeks, monitoring weeks 264–315 — R:
 * `farringtonFlexible(sts, control = list(range = 264:315, glmWarnings = FALSE))` per series.
 * As in R's loop, each result is dropped after its alarms are noted.
 */
import { farringtonFlexible } from '../../src/index.ts';
import type { SurveillanceSeries } from '../../src/types.ts';
import { readBenchSeries } from '../inputs.ts';
import { AlarmRecorder, type BenchWorkload, timeMedian } from '../workload.ts';

const MONITORED = 52;

export const workload: BenchWorkload = {
  id: 'a',
  title: 'farringtonFlexible (defaults), weekly series × 315 weeks, weeks 264–315 monitored',
  rBenchmark: 'a',
  needsSharedInputs: true,
  async run(ctx) {
    const counts = readBenchSeries(ctx.sharedBench!, 'a_farringtonFlexible_weekly.csv', ctx.series);
    const series: SurveillanceSeries[] = counts.map((observed) => ({ observed, frequency: 52, start: [2015, 1] }));
    const control = { range: [264, 315] as const, glmWarnings: false };
    const recorder = new AlarmRecorder(series.length, MONITORED);
    const seconds = timeMedian(ctx.reps, () => {
      for (let i = 0; i < series.length; i++) recorder.record(i, farringtonFlexible(series[i], control).points);
    });
    return {
      seconds,
      series: series.length,
      repetitions: ctx.reps,
      notes: [`${series.length} series × ${MONITORED} monitored weeks; ${recorder.alarmCount()} alarms`],
      alarms: recorder.strings(),
    };
  },
};

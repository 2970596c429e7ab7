/**
 * Workload a of ../shared/bench: farringtonFlexible with R's defaults on 1000 weekly
 * negative-binomial series × 315 weeks, monitoring weeks 264–315 — R:
 * `farringtonFlexible(sts, control = list(range = 264:315, glmWarnings = FALSE))` per series.
 */
import { farringtonFlexible } from '../../src/index.ts';
import type { DetectionResult, SurveillanceSeries } from '../../src/types.ts';
import { readBenchSeries } from '../inputs.ts';
import { type BenchWorkload, alarmString, timeMedian } from '../workload.ts';

export const workload: BenchWorkload = {
  id: 'a',
  title: 'farringtonFlexible (defaults), weekly series × 315 weeks, weeks 264–315 monitored',
  rBenchmark: 'a',
  needsSharedInputs: true,
  async run(ctx) {
    const counts = readBenchSeries(ctx.sharedBench!, 'a_farringtonFlexible_weekly.csv', ctx.series);
    const series: SurveillanceSeries[] = counts.map((observed) => ({ observed, frequency: 52, start: [2015, 1] }));
    const control = { range: [264, 315] as const, glmWarnings: false };
    let results: DetectionResult[] = [];
    const seconds = timeMedian(ctx.reps, () => {
      results = series.map((s) => farringtonFlexible(s, control));
    });
    const alarms = results.map((r) => alarmString(r.points.map((p) => p.alarm)));
    return { seconds, series: series.length, repetitions: ctx.reps, notes: [`${series.length} series × 52 monitored weeks`], alarms };
  },
};

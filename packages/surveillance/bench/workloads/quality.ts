/**
 * Quality workload: every algorithm setting of the detection-quality reference
 * (test/reference/quality: 80 simulated weekly series × 624 weeks, last 49 monitored) with our code,
 * against R's run times recorded with that reference (`timing.csv`, R 4.2.2 / surveillance 1.20.3).
 * R is not rerun here (the reference does not ship its script), so the ratio compares with a
 * recorded figure, not the same run; alarms are checked against R's by test/quality-alarms.test.ts.
 */
import { readFileSync } from 'node:fs';
import { findMethod } from '../../src/methods.ts';
import type { SurveillanceSeries } from '../../src/types.ts';
import { QUALITY_CALLS, QUALITY_DIR, type QualitySeries, readJsonl } from '../../test/reference-quality.ts';
import { type BenchWorkload, timeMedian } from '../workload.ts';

export const workload: BenchWorkload = {
  id: 'quality',
  title: 'all algorithms on the 80 detection-quality series (624 weeks, 49 monitored) vs R timing.csv',
  async run(ctx) {
    const all = readJsonl<QualitySeries>('series.jsonl.gz');
    const list = ctx.series === null ? all : all.slice(0, ctx.series);
    const series: SurveillanceSeries[] = list.map((s) => ({ observed: s.observed, frequency: s.frequency, start: s.start }));
    const range = list[0].eval_range;
    const rTiming = new Map(
      readFileSync(new URL('timing.csv', QUALITY_DIR), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.replaceAll('"', '').split(','))
        .map(([name, , msPerSeries]) => [name, Number(msPerSeries)] as const),
    );
    const notes: string[] = [];
    let total = 0;
    for (const [name, call] of Object.entries(QUALITY_CALLS)) {
      const method = findMethod(call.method)!;
      const control = { ...call.control, range };
      let alarms = 0;
      const seconds = timeMedian(ctx.reps, () => {
        alarms = 0;
        for (const s of series) for (const p of method.run(s, control).points) alarms += p.alarm ? 1 : 0;
      });
      total += seconds;
      const ms = (seconds * 1000) / series.length;
      const rMs = rTiming.get(name);
      notes.push(
        `${name.padEnd(38)} ${ms.toFixed(3).padStart(8)} ms/series; R (recorded) ${rMs?.toFixed(1).padStart(6) ?? '?'} ms/series: ${rMs ? `${(rMs / ms).toFixed(0)}×` : '?'}; ${alarms} alarms`,
      );
    }
    return { seconds: total, series: series.length, repetitions: ctx.reps, notes };
  },
};

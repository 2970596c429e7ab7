/**
 * Quality of `auto` against every R method (issue 20): POD, first-week POD, FPR and F1 per scenario and overall on
 * - the reference grid (test/reference/quality: 80 series of R's seed; R's own alarms from alarms.jsonl.gz), split
 *   into the half `auto` was tuned on (odd series numbers), the held-out half (even) and the whole;
 * - a check grid drawn in TypeScript with another seed (src/quality/simulate-grid.ts: all twelve scenarios of the
 *   design × 25 series), where the R methods run through our implementations (alarm-identical to R on the
 *   reference, test/quality-alarms.test.ts);
 * plus `auto`'s POD at each R method's false-alarm rate (its limit h re-set on the whole reference grid: an
 * operating curve, not the defaults), and the run time of `auto` against farringtonFlexible on the same series.
 * Writes the tables as markdown to `--out`-free location: $TMPDIR/outbreak-auto-quality.md (path printed).
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTO_DEFAULTS } from '../../src/auto/auto.ts';
import { findMethod } from '../../src/methods.ts';
import type { DetectionMetrics } from '../../src/quality/detection-metrics.ts';
import { type QualityAlarms, readJsonl } from '../../test/reference-quality.ts';
import {
  CHECK_GRID,
  type GridSeries,
  SCORED_METHODS,
  alarmsOf,
  checkGrid,
  isTuningSeries,
  metricsTable,
  oracleCeiling,
  referenceGrid,
  scoreAlarms,
} from '../quality-grid.ts';
import { type BenchWorkload, timeMedian } from '../workload.ts';

type Alarms = ((boolean | null)[] | null)[];

/** R's own alarms on the reference grid, in grid order. */
function rAlarms(grid: readonly GridSeries[], algorithm: string, lines: QualityAlarms[]): Alarms {
  const by = new Map(lines.filter((l) => l.algorithm === algorithm).map((l) => [`${l.scenario}/${l.series}`, l]));
  return grid.map((s) => {
    const l = by.get(`${s.scenario}/${s.series}`);
    if (!l || l.failed || !l.alarm) return null;
    return l.alarm.map((a) => (a === null ? null : a === 1));
  });
}

function subset(grid: readonly GridSeries[], alarms: Alarms, keep: (s: GridSeries) => boolean): [GridSeries[], Alarms] {
  const g: GridSeries[] = [];
  const a: Alarms = [];
  grid.forEach((s, i) => {
    if (keep(s)) {
      g.push(s);
      a.push(alarms[i]!);
    }
  });
  return [g, a];
}

/** Scenario-by-scenario table of one grid: rows method × scenario. */
function scenarioTable(results: Map<string, Map<string, DetectionMetrics>>): string {
  const scenarios = [...(results.values().next().value?.keys() ?? [])].filter((s) => s !== 'ALL');
  const parts: string[] = [];
  for (const sc of [...scenarios, 'ALL'])
    parts.push(`\n${sc === 'ALL' ? 'Overall (mean over scenarios)' : `Scenario ${sc}`}\n\n${metricsTable(results, sc)}`);
  return parts.join('\n');
}

export const workload: BenchWorkload = {
  id: 'auto',
  title: 'auto vs every R method: POD, first-week POD, FPR, F1 on the reference grid (tuning / held-out / all) and a check grid',
  async run(ctx) {
    const ref = referenceGrid();
    const lines = readJsonl<QualityAlarms>('alarms.jsonl.gz');
    const check = checkGrid(ctx.series === null ? CHECK_GRID.seriesPerScenario : Math.max(1, Math.ceil(ctx.series / 12)));
    const names = Object.keys(SCORED_METHODS);

    // Alarms: ours for auto; R's own on the reference grid, our R-parity implementations on the check grid.
    const refAlarms = new Map<string, Alarms>();
    const checkAlarms = new Map<string, Alarms>();
    for (const name of names) {
      const call = SCORED_METHODS[name]!;
      ctx.log(`auto quality: ${name}`);
      refAlarms.set(name, name === 'auto' ? alarmsOf(call.method, call.control, ref) : rAlarms(ref, name, lines));
      checkAlarms.set(name, alarmsOf(call.method, call.control, check));
    }
    const score = (grid: GridSeries[], alarms: Map<string, Alarms>, keep: (s: GridSeries) => boolean) =>
      new Map(
        names.map((name) => {
          const [g, a] = subset(grid, alarms.get(name)!, keep);
          return [name, scoreAlarms(g, a)] as const;
        }),
      );
    const tuning = score(ref, refAlarms, isTuningSeries);
    const heldOut = score(ref, refAlarms, (s) => !isTuningSeries(s));
    const whole = score(ref, refAlarms, () => true);
    const checked = score(check, checkAlarms, () => true);

    // auto's operating curve on the reference grid: the same statistics, limit h re-set to each R method's FPR.
    const method = findMethod('auto')!;
    const points = ref.map((s) => method.run({ observed: s.observed, frequency: 52, start: [2000, 1] }, { range: s.evalRange }).points);
    const alarmsAt = (h: number): Alarms =>
      points.map((ps) => ps.map((p) => (p.alarm === null ? null : (p.cusum as number) > h && (p.score as number) > AUTO_DEFAULTS.zMin)));
    const matched: string[] = [
      '| R method | its FPR % | its POD % | auto at that FPR: h | FPR % | POD % | first-week POD % |',
      '|---|---:|---:|---:|---:|---:|---:|',
    ];
    for (const name of names.filter((n) => n !== 'auto')) {
      const r = whole.get(name)!.get('ALL')!;
      let lo = 0;
      let hi = 12;
      for (let i = 0; i < 30; i++) {
        const mid = (lo + hi) / 2;
        if (scoreAlarms(ref, alarmsAt(mid)).get('ALL')!.FPR! > r.FPR!) lo = mid;
        else hi = mid;
      }
      const a = scoreAlarms(ref, alarmsAt(hi)).get('ALL')!;
      matched.push(
        `| ${name} | ${(100 * r.FPR!).toFixed(1)} | ${(100 * r.POD!).toFixed(1)} | ${hi.toFixed(2)} | ${(100 * a.FPR!).toFixed(1)} | ${(100 * a.POD!).toFixed(1)} | ${(100 * a.POD1!).toFixed(1)} |`,
      );
    }

    // The ceiling: the same family of rules with each series' true mean and dispersion, at 4 % FPR.
    const ceiling = [ref, check].map((g) => oracleCeiling(g, 0.04));
    const ceilingLines = ceiling.map(
      (c, i) =>
        `oracle ceiling at FPR 4 %, ${i === 0 ? 'reference grid' : 'check grid'}: POD ${(100 * c.POD).toFixed(1)} %, first-week POD ${(100 * c.POD1).toFixed(1)} %, FPR ${(100 * c.FPR).toFixed(2)} % (window ${c.window}, k ${c.k}, zMin ${c.zMin}, h ${c.h.toFixed(2)})`,
    );

    // Speed on the same 80 series: auto against farringtonFlexible (R defaults, and Noufaily's settings).
    const timed: string[] = [];
    const seconds: Record<string, number> = {};
    for (const name of ['auto', 'farringtonFlexible_default', 'farringtonFlexible_noufaily_delta']) {
      const call = SCORED_METHODS[name]!;
      seconds[name] = timeMedian(ctx.reps, () => alarmsOf(call.method, call.control, ref));
      timed.push(`${name.padEnd(36)} ${((1000 * seconds[name]!) / ref.length).toFixed(2).padStart(8)} ms/series`);
    }

    const report = [
      '# auto vs the R methods (generated by `npm run bench -w @outbreak/surveillance -- --workloads auto`)',
      `\n## Reference grid, tuning half (odd series, ${ref.filter(isTuningSeries).length} series)\n`,
      metricsTable(tuning),
      `\n## Reference grid, held-out half (even series, ${ref.filter((s) => !isTuningSeries(s)).length} series)\n`,
      metricsTable(heldOut),
      `\n## Reference grid, all ${ref.length} series, per scenario`,
      scenarioTable(whole),
      `\n## Check grid (seed ${CHECK_GRID.seed}, ${check.length} series, twelve scenarios), per scenario`,
      scenarioTable(checked),
      '\n## auto at the false-alarm rate of each R method (reference grid, limit h re-set)\n',
      matched.join('\n'),
      '\n## Ceiling: the same rules given the true baseline of every series\n',
      ...ceilingLines.map((l) => `- ${l}`),
      '\n## Speed on the 80 reference series\n',
      '```',
      ...timed,
      '```',
    ].join('\n');
    const out = join(tmpdir(), 'outbreak-auto-quality.md');
    writeFileSync(out, `${report}\n`);
    const all = (m: Map<string, Map<string, DetectionMetrics>>) => m.get('auto')!.get('ALL')!;
    const f = (m: DetectionMetrics) =>
      `POD ${(100 * m.POD!).toFixed(1)} %, first-week POD ${(100 * m.POD1!).toFixed(1)} %, FPR ${(100 * m.FPR!).toFixed(2)} %, F1 ${m.F1!.toFixed(3)}`;
    return {
      seconds: seconds.auto!,
      series: ref.length,
      repetitions: ctx.reps,
      notes: [
        `auto, reference grid, tuning half: ${f(all(tuning))}`,
        `auto, reference grid, held-out half: ${f(all(heldOut))}`,
        `auto, reference grid, all: ${f(all(whole))}`,
        `auto, check grid (${check.length} series): ${f(all(checked))}`,
        ...ceilingLines,
        ...timed,
        `speed ratio farringtonFlexible (Noufaily settings) / auto: ${(seconds.farringtonFlexible_noufaily_delta! / seconds.auto!).toFixed(2)}×; farringtonFlexible (R defaults) / auto: ${(seconds.farringtonFlexible_default! / seconds.auto!).toFixed(2)}×`,
        `tables written to ${out}`,
        '',
        metricsTable(whole),
      ],
    };
  },
};

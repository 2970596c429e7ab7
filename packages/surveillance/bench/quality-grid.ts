/**
 * Scoring detection methods on simulated grids with known outbreaks (the reference grid of test/reference/quality
 * and grids drawn by src/quality/simulate-grid.ts): runs a method over every series' evaluation window and pools
 * the Bédubourg & Le Strat metrics per scenario, plus the "ALL" row (mean over scenarios), as metrics.csv does.
 * Shared by the `auto` benchmark workload, the tuning script and the test that pins the documented figures.
 */
import { findMethod } from '../src/methods.ts';
import { type DetectionMetrics, type EvaluatedSeries, averageMetrics, detectionMetrics } from '../src/quality/detection-metrics.ts';
import { accumulate, quantileResidual } from '../src/auto/auto-model.ts';
import { NOUFAILY_SCENARIOS, type SimulatedSeries, scenarioMean, simulateNoufailyGrid } from '../src/quality/simulate-grid.ts';
import { QUALITY_CALLS, type QualitySeries, readJsonl } from '../test/reference-quality.ts';

/** One series of a grid, whatever its source. */
export interface GridSeries {
  scenario: string;
  series: number;
  observed: number[];
  outbreak: number[];
  evalRange: [number, number];
}

/** The 80 series of test/reference/quality (R's seed 20240611). */
export function referenceGrid(): GridSeries[] {
  return readJsonl<QualitySeries>('series.jsonl.gz').map((s) => ({
    scenario: s.scenario,
    series: s.series,
    observed: s.observed,
    outbreak: s.outbreak,
    evalRange: s.eval_range,
  }));
}

/** The check grid: all twelve scenarios of the design, drawn in TypeScript with another seed. */
export const CHECK_GRID = { seed: 20261207, seriesPerScenario: 25 } as const;

export function checkGrid(seriesPerScenario: number = CHECK_GRID.seriesPerScenario): GridSeries[] {
  return simulateNoufailyGrid({ seed: CHECK_GRID.seed, seriesPerScenario }).map((s: SimulatedSeries) => ({
    scenario: s.scenario,
    series: s.series,
    observed: s.observed,
    outbreak: s.outbreak,
    evalRange: s.evalRange,
  }));
}

/** Reference half used to tune `auto` (odd series numbers) and the held-out half (even). */
export const isTuningSeries = (s: GridSeries) => s.series % 2 === 1;

/** The methods scored: `auto` and every R setting of the reference (quality/README.md "Algorithms"). */
export const SCORED_METHODS: Record<string, { method: string; control: Record<string, unknown> }> = {
  auto: { method: 'auto', control: {} },
  ...QUALITY_CALLS,
};

/** Alarms of one method on each series' evaluation window; null where the method refused the series. */
export function alarmsOf(method: string, control: Record<string, unknown>, grid: readonly GridSeries[]): ((boolean | null)[] | null)[] {
  const m = findMethod(method);
  if (!m) throw new Error(`unknown method ${method}`);
  return grid.map((s) => {
    try {
      return m
        .run({ observed: s.observed, frequency: 52, start: [2000, 1] }, { ...control, range: s.evalRange })
        .points.map((p) => p.alarm);
    } catch (err) {
      if (err instanceof Error && err.name === 'DetectionInputError') return null;
      throw err;
    }
  });
}

/** Metrics per scenario and "ALL" (unweighted mean over scenarios, counts summed), from alarms in grid order. */
export function scoreAlarms(grid: readonly GridSeries[], alarms: readonly ((boolean | null)[] | null)[]): Map<string, DetectionMetrics> {
  const by = new Map<string, EvaluatedSeries[]>();
  grid.forEach((s, i) => {
    const a = alarms[i];
    if (!a) return; // a refused series is left out, as R's failures are
    const list = by.get(s.scenario) ?? [];
    by.set(s.scenario, list);
    list.push({ alarm: a, outbreak: s.outbreak.slice(s.evalRange[0] - 1, s.evalRange[1]) });
  });
  const scenarios = [...by.keys()].sort();
  const out = new Map<string, DetectionMetrics>(scenarios.map((sc) => [sc, detectionMetrics(by.get(sc)!)]));
  out.set('ALL', averageMetrics(scenarios.map((sc) => out.get(sc)!)));
  return out;
}

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}`);
const dec = (v: number | null) => (v === null ? '—' : v.toFixed(3));

/** A markdown table: one row per method, POD / POD1 / FPR / F1 on `scenario` (default ALL). */
export function metricsTable(results: Map<string, Map<string, DetectionMetrics>>, scenario = 'ALL'): string {
  const lines = ['| method | POD % | first-week POD % | FPR % | F1 |', '|---|---:|---:|---:|---:|'];
  for (const [name, byScenario] of results) {
    const m = byScenario.get(scenario);
    if (!m) continue;
    lines.push(`| ${name} | ${pct(m.POD)} | ${pct(m.POD1)} | ${pct(m.FPR)} | ${dec(m.F1)} |`);
  }
  return lines.join('\n');
}

/**
 * The ceiling of `auto`'s family of rules on a grid of the Noufaily design: the windowed CUSUM of quantile residuals
 * computed with each series' TRUE mean and dispersion (no estimation at all), for window 1–4, k 0.25–1.25 and zMin
 * 0–1, h set to the smallest value with FPR ≤ `targetFpr`; the rule with the highest POD. No real method can know
 * the true baseline, so no rule of this family can do better on that grid.
 */
export function oracleCeiling(
  grid: readonly GridSeries[],
  targetFpr: number,
): { POD: number; POD1: number; FPR: number; window: number; k: number; zMin: number; h: number } {
  const W = 4;
  const zs = grid.map((s) => {
    const sc = NOUFAILY_SCENARIOS.find((x) => x.id === s.scenario);
    if (!sc) throw new Error(`oracleCeiling: ${s.scenario} is not a scenario of the design`);
    const out: number[] = [];
    for (let t = s.evalRange[0] - W + 1; t <= s.evalRange[1]; t++)
      out.push(quantileResidual(s.observed[t - 1]!, scenarioMean(sc, t), sc.phi));
    return out;
  });
  const alarms = (window: number, k: number, zMin: number, h: number) =>
    zs.map((z) => {
      const a: boolean[] = [];
      for (let j = W - 1; j < z.length; j++) a.push(accumulate(z.slice(j - window + 1, j + 1), k).statistic > h && z[j]! > zMin);
      return a;
    });
  let best = { POD: -1, POD1: 0, FPR: 0, window: 0, k: 0, zMin: 0, h: 0 };
  for (const window of [1, 2, 3, 4])
    for (const k of [0.25, 0.5, 0.75, 1, 1.25])
      for (const zMin of [0, 0.5, 1]) {
        let lo = 0;
        let hi = 8;
        for (let i = 0; i < 20; i++) {
          const mid = (lo + hi) / 2;
          if (scoreAlarms(grid, alarms(window, k, zMin, mid)).get('ALL')!.FPR! > targetFpr) lo = mid;
          else hi = mid;
        }
        const m = scoreAlarms(grid, alarms(window, k, zMin, hi)).get('ALL')!;
        if (m.POD! > best.POD) best = { POD: m.POD!, POD1: m.POD1!, FPR: m.FPR!, window, k, zMin, h: hi };
      }
  return best;
}

/**
 * Scoring detection methods on simulated grids with known outbreaks (the reference grid of test/reference/quality
 * and grids drawn by src/quality/simulate-grid.ts): runs a method over every series' evaluation window and pools
 * the Bédubourg & Le Strat metrics per scenario, plus the "ALL" row (mean over scenarios), as metrics.csv does.
 * Shared by the `auto` benchmark workload, the tuning script and the test that pins the documented figures.
 */
import { findMethod } from '../src/methods.ts';
import { type DetectionMetrics, type EvaluatedSeries, averageMetrics, detectionMetrics } from '../src/quality/detection-metrics.ts';
import { type SimulatedSeries, simulateNoufailyGrid } from '../src/quality/simulate-grid.ts';
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

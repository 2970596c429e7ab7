/**
 * Issue 20 experiments behind docs/auto-method.md "Against the target" and "What was tried":
 *   node --import tsx packages/surveillance/bench/experiments/issue20.ts [family] [scenarios] [oracle] [glr] [large] [ffcusum]
 * (no argument: all four; prints markdown).
 * - family:    borrowing strength across the series of a scenario (./family-baseline.ts) against auto as it is, on the
 *              tuning set (odd reference series + 180 series of seed "auto-tuning"), the held-out half, the whole
 *              reference, the check grid (seed 20261207, 300 series) and a larger grid (seed 20261208, 600 series).
 *              The limit h (and, for "best rule", window/k/zMin) is chosen on the tuning set only, FPR ≤ 3.5 %.
 * - scenarios: per scenario of the reference, auto's POD with its limit h set to each R method's FPR in that scenario.
 * - oracle:    POD of auto's family of rules given the TRUE baseline of each series, at FPR 4–15 %.
 * - large:     every method (auto at its defaults, the R settings through our implementations) on the larger grid,
 *              and the ceiling of auto's rules given the true baseline there at FPR 4 %.
 * - ffcusum:   Farrington-Noufaily's baseline (farringtonFlexible with Noufaily's settings: its expected count and φ)
 *              with auto's accumulation: quantile residuals of the last three weeks under NB(μ₀, φμ₀), windowed CUSUM,
 *              h chosen on the tuning set at FPR ≤ 3.5 %.
 * - glr:       a likelihood-ratio detector given the true baseline and outbreak shape, at FPR 4 % (./glr-oracle.ts).
 */
import { quantileResidual } from '../../src/auto/auto-model.ts';
import { findMethod } from '../../src/methods.ts';
import { simulateNoufailyGrid } from '../../src/quality/simulate-grid.ts';
import {
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
import { VARIANTS, familyResiduals, limitFor, scoreRule } from './family-baseline.ts';
import { atFpr, glrOracleStatistics } from './glr-oracle.ts';
import { matchedPerScenario } from './matched-scenarios.ts';

const LARGE_GRID = { seed: 20261208, seriesPerScenario: 50 } as const;
const TUNING_FPR = 0.035;
const asGrid = (seed: number | string, n: number, prefix = ''): GridSeries[] =>
  simulateNoufailyGrid({ seed, seriesPerScenario: n }).map((s) => ({
    scenario: `${prefix}${s.scenario}`,
    series: s.series,
    observed: s.observed,
    outbreak: s.outbreak,
    evalRange: s.evalRange,
  }));
const pct = (v: number | null | undefined, d = 1) => (v == null ? '—' : (100 * v).toFixed(d));
type M = { POD: number | null; POD1: number | null; FPR: number | null; F1: number | null };
const cells = (m: M) => `${pct(m.POD)} | ${pct(m.POD1)} | ${pct(m.FPR, 2)} | ${m.F1 == null ? '—' : m.F1.toFixed(3)}`;

const want = new Set(process.argv.slice(2));
const on = (s: string) => want.size === 0 || want.has(s);
const ref = referenceGrid();

if (on('family')) {
  const sets: Record<string, GridSeries[]> = {
    tuning: [...ref.filter(isTuningSeries), ...asGrid('auto-tuning', 15, 'T')],
    'held-out half': ref.filter((s) => !isTuningSeries(s)),
    'reference (80)': ref,
    'check grid (300)': checkGrid(),
    [`larger grid (seed ${LARGE_GRID.seed}, ${12 * LARGE_GRID.seriesPerScenario})`]: asGrid(LARGE_GRID.seed, LARGE_GRID.seriesPerScenario),
  };
  const z = Object.fromEntries(Object.entries(sets).map(([k, g]) => [k, familyResiduals(g)]));
  const tune = sets.tuning!;
  console.log('\n## Borrowing strength across a family (h chosen on the tuning set, FPR ≤ 3.5 %)\n');
  console.log('| variant | rule (window, k, zMin, h) | set | POD % | first-week POD % | FPR % | F1 |\n|---|---|---|---:|---:|---:|---:|');
  for (const v of VARIANTS) {
    const rules: { name: string; r: { window: number; k: number; zMin: number; h: number } }[] = [];
    const base = { window: 3, k: 0.75, zMin: 1 };
    rules.push({ name: "auto's", r: { ...base, h: limitFor(tune, z.tuning!, v, base, TUNING_FPR) } });
    let best: { r: (typeof rules)[0]['r']; pod: number } | null = null;
    for (const window of [1, 2, 3])
      for (const k of [0.25, 0.5, 0.75, 1, 1.25])
        for (const zMin of [0, 0.5, 1, 1.5]) {
          if (window === 1 && k !== 0.75) continue;
          const h = limitFor(tune, z.tuning!, v, { window, k, zMin }, TUNING_FPR);
          const pod = scoreRule(tune, z.tuning!, v, { window, k, zMin, h }).get('ALL')!.POD!;
          if (!best || pod > best.pod) best = { r: { window, k, zMin, h }, pod };
        }
    rules.push({ name: 'best on tuning', r: best!.r });
    for (const { name, r } of rules)
      for (const [set, g] of Object.entries(sets))
        console.log(
          `| ${v} | ${name}: ${r.window}, ${r.k}, ${r.zMin}, ${r.h.toFixed(2)} | ${set} | ${cells(scoreRule(g, z[set]!, v, r).get('ALL')!)} |`,
        );
  }
}

if (on('scenarios')) {
  const rows = matchedPerScenario(ref);
  console.log("\n## Per scenario: auto with h set to the R method's FPR in that scenario (reference grid)\n");
  console.log(
    '| scenario | R method | its FPR % | its POD % | auto h | auto FPR % | auto POD % | strictly better |\n|---|---|---:|---:|---:|---:|---:|---|',
  );
  for (const r of rows)
    console.log(
      `| ${r.scenario} | ${r.algorithm} | ${pct(r.rFpr)} | ${pct(r.rPod)} | ${r.h.toFixed(2)} | ${pct(r.fpr)} | ${pct(r.pod)} | ${r.better ? 'yes' : 'no'} |`,
    );
  console.log(`\nstrictly better in ${rows.filter((r) => r.better).length} of ${rows.length} (scenario, R method) pairs`);
}

if (on('oracle')) {
  console.log("\n## Ceiling of auto's family of rules given the true baseline (window 1–4, k, zMin chosen on the grid itself)\n");
  console.log('| grid | FPR target % | POD % | first-week POD % | FPR % | rule |\n|---|---:|---:|---:|---:|---|');
  for (const [name, g] of [
    ['reference', ref],
    ['check', checkGrid()],
  ] as const)
    for (const f of [0.04, 0.06, 0.08, 0.1, 0.12, 0.15]) {
      const c = oracleCeiling(g, f);
      console.log(
        `| ${name} | ${pct(f)} | ${pct(c.POD)} | ${pct(c.POD1)} | ${pct(c.FPR, 2)} | ${c.window}, ${c.k}, ${c.zMin}, ${c.h.toFixed(2)} |`,
      );
    }
}

if (on('glr')) {
  const m = atFpr(ref, glrOracleStatistics(ref), 0.04);
  console.log(
    `\nGLR given the true baseline and outbreak shape, reference grid, FPR ≤ 4 %: POD ${pct(m.POD)}, first-week ${pct(m.POD1)}, FPR ${pct(m.FPR, 2)}`,
  );
}

if (on('large')) {
  const g = asGrid(LARGE_GRID.seed, LARGE_GRID.seriesPerScenario);
  const results = new Map<string, ReturnType<typeof scoreAlarms>>();
  for (const [name, call] of Object.entries(SCORED_METHODS)) results.set(name, scoreAlarms(g, alarmsOf(call.method, call.control, g)));
  console.log(`\n## Larger grid (seed ${LARGE_GRID.seed}, ${g.length} series, twelve scenarios), overall\n`);
  console.log(metricsTable(results));
  const auto = results.get('auto')!;
  const pairs: string[] = [];
  let wins = 0;
  let total = 0;
  for (const sc of [...auto.keys()].filter((k) => k !== 'ALL'))
    for (const [name, r] of results) {
      if (name === 'auto') continue;
      const a = auto.get(sc)!;
      const m = r.get(sc)!;
      total++;
      if (a.POD! > m.POD! && a.FPR! <= m.FPR!) wins++;
      else pairs.push(`${sc} ${name} (auto ${pct(a.POD)} / ${pct(a.FPR)} against ${pct(m.POD)} / ${pct(m.FPR)})`);
    }
  console.log(
    `\nauto at its defaults: POD above and FPR at most the R method's in ${wins} of ${total} (scenario, method) pairs; not in: ${pairs.join('; ')}`,
  );
  const c = oracleCeiling(g, 0.04);
  console.log(`\nceiling given the true baseline, FPR ≤ 4 %: POD ${pct(c.POD)}, first-week ${pct(c.POD1)}, FPR ${pct(c.FPR, 2)}`);
}

if (on('ffcusum')) {
  const ff = findMethod('farringtonFlexible')!;
  const control = { ...SCORED_METHODS.farringtonFlexible_noufaily_delta!.control };
  const residuals = (g: readonly GridSeries[]) =>
    g.map((s) => {
      const pts = ff.run(
        { observed: s.observed, frequency: 52, start: [2000, 1] },
        { ...control, range: [s.evalRange[0] - 2, s.evalRange[1]] },
      ).points as unknown as { observed: number; expected: number | null; phi: number | null }[];
      const z = pts.map((p) => (p.expected === null || p.phi === null ? Number.NaN : quantileResidual(p.observed, p.expected, p.phi)));
      const own = z.slice(2).map((_, i) => z.slice(i, i + 3));
      return { own, fam: own, famAll: own };
    });
  const sets: Record<string, GridSeries[]> = {
    tuning: [...ref.filter(isTuningSeries), ...asGrid('auto-tuning', 15, 'T')],
    'held-out half': ref.filter((s) => !isTuningSeries(s)),
    'reference (80)': ref,
    'check grid (300)': checkGrid(),
  };
  const z = Object.fromEntries(Object.entries(sets).map(([k, g]) => [k, residuals(g)]));
  console.log("\n## Farrington-Noufaily baseline + auto's windowed CUSUM (h on the tuning set, FPR ≤ 3.5 %)\n");
  console.log('| rule (window, k, zMin, h) | set | POD % | first-week POD % | FPR % | F1 |\n|---|---|---:|---:|---:|---:|');
  for (const base of [
    { window: 3, k: 0.75, zMin: 1 },
    { window: 2, k: 0.5, zMin: 1 },
    { window: 1, k: 0.75, zMin: 0 },
  ]) {
    const h = limitFor(sets.tuning!, z.tuning!, 'own', base, TUNING_FPR);
    for (const [set, g] of Object.entries(sets))
      console.log(
        `| ${base.window}, ${base.k}, ${base.zMin}, ${h.toFixed(2)} | ${set} | ${cells(scoreRule(g, z[set]!, 'own', { ...base, h }).get('ALL')!)} |`,
      );
  }
}

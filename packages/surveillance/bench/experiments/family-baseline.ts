/**
 * Issue 20 experiment: borrowing strength across the series of a family (here: the series of one scenario, which
 * the design draws from the same baseline). At each monitored week t every series of the family gets auto's own
 * robust baseline fit (b = 5 years ending `gap` weeks before t); then
 * - `own`:    auto as it is — the series' own mean and dispersion;
 * - `fam`:    shared shape, own level: log μᵢ(s) = levelᵢ + mean over the family of (log μⱼ(s) − levelⱼ), levelⱼ the
 *             mean log fitted mean over the last year of series j's fit; dispersion = the family's mean φ, plus the
 *             series' own prediction variance divided by n/4;
 * - `famAll`: shared level too (every series of the family has the same mean), family φ — what is possible only when
 *             the series really are replicates, as in the grid.
 * Returns, per series and monitored week, the quantile residuals of the last three weeks (oldest first) under each
 * variant, so that any rule of auto's family (window ≤ 3, k, zMin, h) can be scored without refitting.
 */
import { AUTO_DEFAULTS } from '../../src/auto/auto.ts';
import {
  type BaselineDesign,
  BaselineScratch,
  accumulate,
  fitBaseline,
  predictMean,
  predictionDispersion,
  quantileResidual,
} from '../../src/auto/auto-model.ts';
import { type GridSeries, scoreAlarms } from '../quality-grid.ts';

export const VARIANTS = ['own', 'fam', 'famAll'] as const;
export type Variant = (typeof VARIANTS)[number];
/** Per monitored week, the residuals of the window under each variant. */
export type WindowResiduals = Record<Variant, number[][]>;

const W = 3;
const DESIGN: BaselineDesign = { frequency: 52, harmonics: AUTO_DEFAULTS.harmonics, trend: true, weekday: false };

function runFamily(family: readonly GridSeries[]): WindowResiduals[] {
  const n = family.length;
  const scratch = family.map(() => new BaselineScratch());
  const [first, last] = family[0]!.evalRange;
  const out: WindowResiduals[] = family.map(() => ({ own: [], fam: [], famAll: [] }));
  const row = new Float64Array(32);
  for (let t = first; t <= last; t++) {
    const to = t - AUTO_DEFAULTS.gap - 1;
    const from = Math.max(0, to - AUTO_DEFAULTS.b * 52 + 1);
    const fits = family.map((s, i) => {
      const f = fitBaseline(s.observed, from, to, DESIGN, AUTO_DEFAULTS.weightsThreshold, scratch[i]);
      if (!f) throw new Error(`no baseline for ${s.scenario}/${s.series} at ${t}`);
      return f;
    });
    const eta = fits.map((f) => Array.from({ length: W }, (_, j) => Math.log(predictMean(f, DESIGN, t - W + 1 + j, row))));
    const level = fits.map((f) => {
      let a = 0;
      for (let u = to - 51; u <= to; u++) a += Math.log(predictMean(f, DESIGN, u + 1, row));
      return a / 52;
    });
    const phiFamily = fits.reduce((a, f) => a + f.phi, 0) / n;
    const levelFamily = level.reduce((a, b) => a + b, 0) / n;
    const shape = Array.from({ length: W }, (_, j) => eta.reduce((a, e, i) => a + e[j]! - level[i]!, 0) / n);
    family.forEach((s, i) => {
      const own: number[] = [];
      const fam: number[] = [];
      const famAll: number[] = [];
      for (let j = 0; j < W; j++) {
        const tj = t - W + 1 + j;
        const y = s.observed[tj - 1]!;
        const mu = Math.exp(eta[i]![j]!);
        const pd = predictionDispersion(fits[i]!, DESIGN, tj, mu, row);
        own.push(quantileResidual(y, mu, pd));
        const muF = Math.exp(level[i]! + shape[j]!);
        fam.push(quantileResidual(y, muF, phiFamily + ((pd - fits[i]!.phi) * (muF / mu)) / Math.max(1, n / 4)));
        famAll.push(quantileResidual(y, Math.exp(levelFamily + shape[j]!), phiFamily));
      }
      out[i]!.own.push(own);
      out[i]!.fam.push(fam);
      out[i]!.famAll.push(famAll);
    });
  }
  return out;
}

/** Residuals of every series of `grid`, its family being the series of the same scenario in `grid`. */
export function familyResiduals(grid: readonly GridSeries[]): WindowResiduals[] {
  const res: WindowResiduals[] = new Array(grid.length);
  const groups = new Map<string, number[]>();
  grid.forEach((s, i) => {
    const g = groups.get(s.scenario) ?? [];
    g.push(i);
    groups.set(s.scenario, g);
  });
  for (const idx of groups.values()) {
    const z = runFamily(idx.map((i) => grid[i]!));
    idx.forEach((i, k) => {
      res[i] = z[k]!;
    });
  }
  return res;
}

export interface Rule {
  window: number;
  k: number;
  zMin: number;
  h: number;
}

/** Metrics of a rule of auto's family applied to precomputed window residuals. */
export function scoreRule(grid: readonly GridSeries[], z: readonly WindowResiduals[], v: Variant, r: Rule) {
  const alarms = z.map((zz) =>
    zz[v].map((zw) => {
      const win = zw.slice(W - r.window);
      return accumulate(win, r.k).statistic > r.h && win[win.length - 1]! > r.zMin;
    }),
  );
  return scoreAlarms(grid, alarms);
}

/** The smallest h with pooled FPR ≤ `fpr` (bisection). */
export function limitFor(grid: readonly GridSeries[], z: readonly WindowResiduals[], v: Variant, r: Omit<Rule, 'h'>, fpr: number): number {
  let lo = 0;
  let hi = 8;
  for (let i = 0; i < 18; i++) {
    const mid = (lo + hi) / 2;
    if (scoreRule(grid, z, v, { ...r, h: mid }).get('ALL')!.FPR! > fpr) lo = mid;
    else hi = mid;
  }
  return hi;
}

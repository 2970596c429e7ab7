/**
 * Issue 20 experiment: a likelihood-ratio detector GIVEN each series' true baseline mean μ(t) and dispersion φ and the
 * design's outbreak shape (Poisson cases spread by the lognormal delay): at week t, the largest log likelihood ratio,
 * over a start t₀ ∈ [t−3, t] and a size k·√(φμ(t₀)) (k on a grid), of "outbreak from t₀" against the baseline, on the
 * weeks t₀..t. Thresholded to a pooled FPR, it bounds what a likelihood-ratio rule could do with a perfect baseline
 * (docs/auto-method.md "Against the target").
 */
import { dnbinom, dpois } from '@outbreak/stats';
import { NOUFAILY_SCENARIOS, lognormalSpread, scenarioMean } from '../../src/quality/simulate-grid.ts';
import { type GridSeries, scoreAlarms } from '../quality-grid.ts';

const SPREAD = lognormalSpread();

function nbPmf(y: number, mu: number, phi: number): number {
  return phi > 1 ? dnbinom(y, mu / (phi - 1), { mu }) : dpois(y, mu);
}

/** P(Y = y) for Y = NB(μ, φμ) + Poisson(λ). */
function convolved(y: number, mu: number, phi: number, lambda: number): number {
  let p = 0;
  for (let j = 0; j <= y; j++) p += nbPmf(y - j, mu, phi) * dpois(j, lambda);
  return p;
}

/** Per series, the GLR statistic at each week of its evaluation window. */
export function glrOracleStatistics(grid: readonly GridSeries[]): number[][] {
  return grid.map((s) => {
    const sc = NOUFAILY_SCENARIOS.find((x) => x.id === s.scenario);
    if (!sc) throw new Error(`glrOracle: ${s.scenario} is not a scenario of the design`);
    const mu = (t: number) => scenarioMean(sc, t);
    const y = (t: number) => s.observed[t - 1]!;
    const out: number[] = [];
    for (let t = s.evalRange[0]; t <= s.evalRange[1]; t++) {
      let best = 0;
      for (let t0 = t - 3; t0 <= t; t0++)
        for (const k of [0.5, 1, 1.5, 2, 3, 4, 5, 6, 8, 10]) {
          const lambda = k * Math.sqrt(sc.phi * mu(t0));
          let llr = 0;
          for (let u = t0; u <= t; u++)
            llr += Math.log(convolved(y(u), mu(u), sc.phi, lambda * SPREAD[u - t0]!) / nbPmf(y(u), mu(u), sc.phi));
          if (llr > best) best = llr;
        }
      out.push(best);
    }
    return out;
  });
}

/** Thresholds `stats` (alarm when above) at the smallest value whose pooled ("ALL") FPR is at most `targetFpr`. */
export function atFpr(grid: readonly GridSeries[], stats: readonly (readonly number[])[], targetFpr: number) {
  const values = [...new Set(stats.flat())].sort((a, b) => a - b);
  const score = (thr: number) =>
    scoreAlarms(
      grid,
      stats.map((s) => s.map((v) => v > thr)),
    ).get('ALL')!;
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (score(values[mid]!).FPR! > targetFpr) lo = mid + 1;
    else hi = mid;
  }
  return { threshold: values[lo]!, ...score(values[lo]!) };
}

/**
 * Simulated weekly series with known outbreaks, in the design of Noufaily et al. (2013, Stat Med 32:1206–1222) as
 * the detection-quality reference (test/reference/quality/README.md, "Simulation") describes it: the same twelve
 * scenarios, baseline, past and current outbreaks and lognormal spread of outbreak cases. Used to score detection
 * methods on a grid other than the 80 reference series (another seed, more series, all twelve scenarios), so that
 * a method tuned on the reference is checked for overfitting.
 *
 * The random numbers come from @outbreak/stats (xoshiro128**), not R's Mersenne-Twister: a grid drawn here has the
 * design of the reference, not its numbers.
 *
 * @example
 * ```ts
 * const grid = simulateNoufailyGrid({ seed: 20261207, seriesPerScenario: 25 });
 * grid[0]; // { scenario: 'S01', series: 1, observed: [...624], outbreak: [...624], evalRange: [576, 624], … }
 * ```
 */
import { createRng, pnorm } from '@outbreak/stats';

/** Baseline parameters of one scenario: μ(t) = exp(θ + βt + Σ_{j≤m} [γ₁cos(2πjt/52) + γ₂sin(2πjt/52)]), variance φμ. */
export interface NoufailyScenario {
  id: string;
  theta: number;
  beta: number;
  gamma1: number;
  gamma2: number;
  m: number;
  phi: number;
}

/** The twelve scenarios of the reference grid (README "Scenario grid"). */
export const NOUFAILY_SCENARIOS: readonly NoufailyScenario[] = [
  { id: 'S01', theta: 0.5, beta: 0, gamma1: 0, gamma2: 0, m: 0, phi: 1.5 },
  { id: 'S02', theta: 0.5, beta: 0, gamma1: 0.6, gamma2: 0.6, m: 1, phi: 1.5 },
  { id: 'S03', theta: 0.5, beta: 0, gamma1: 0.2, gamma2: 0.4, m: 2, phi: 5 },
  { id: 'S04', theta: 0.5, beta: 0.002, gamma1: 0, gamma2: 0, m: 0, phi: 5 },
  { id: 'S05', theta: 0.5, beta: 0.002, gamma1: 0.6, gamma2: 0.6, m: 1, phi: 1.5 },
  { id: 'S06', theta: 0.5, beta: 0.002, gamma1: 0.2, gamma2: 0.4, m: 2, phi: 5 },
  { id: 'S07', theta: 3, beta: 0, gamma1: 0, gamma2: 0, m: 0, phi: 5 },
  { id: 'S08', theta: 3, beta: 0, gamma1: 0.6, gamma2: 0.6, m: 1, phi: 5 },
  { id: 'S09', theta: 3, beta: 0, gamma1: 0.2, gamma2: 0.4, m: 2, phi: 1.5 },
  { id: 'S10', theta: 3, beta: 0.002, gamma1: 0, gamma2: 0, m: 0, phi: 1.5 },
  { id: 'S11', theta: 3, beta: 0.002, gamma1: 0.6, gamma2: 0.6, m: 1, phi: 5 },
  { id: 'S12', theta: 3, beta: 0.002, gamma1: 0.2, gamma2: 0.4, m: 2, phi: 1.5 },
];

/** One simulated series, in the shape of the reference's series.jsonl lines. */
export interface SimulatedSeries {
  scenario: string;
  series: number;
  frequency: 52;
  start: [number, number];
  observed: number[];
  /** outbreak cases per week, past and current (observed − outbreak = baseline) */
  outbreak: number[];
  /** [first, last], 1-based inclusive: the evaluation window */
  evalRange: [number, number];
  current: { start: number; k: number; cases: number };
}

export interface GridOptions {
  seed: number | string;
  /** series per scenario (the reference has 20) */
  seriesPerScenario: number;
  /** scenario ids (default all twelve) */
  scenarios?: readonly string[];
}

const WEEKS = 624;
const EVAL_FIRST = 576;
const PAST_FROM = 316;
const PAST_TO = 570;
const CURRENT_FROM = 576;
const CURRENT_TO = 620;
const SPREAD = 20;

/** surveillance:::lognormDiscrete(20, 0, 0.5): P(d) = (F(d+1) − F(d)) / F(20), F the lognormal(0, 0.5) cdf. */
export function lognormalSpread(length = SPREAD, meanlog = 0, sdlog = 0.5): Float64Array {
  const F = (x: number) => (x <= 0 ? 0 : pnorm((Math.log(x) - meanlog) / sdlog));
  const out = new Float64Array(length);
  const total = F(length);
  for (let d = 0; d < length; d++) out[d] = (F(d + 1) - F(d)) / total;
  return out;
}

/** The baseline mean μ(t) of a scenario at week t (1-based). */
export function scenarioMean(s: NoufailyScenario, t: number): number {
  let eta = s.theta + s.beta * t;
  for (let j = 1; j <= s.m; j++) {
    const a = (2 * Math.PI * j * t) / 52;
    eta += s.gamma1 * Math.cos(a) + s.gamma2 * Math.sin(a);
  }
  return Math.exp(eta);
}

/**
 * Draws the grid: for each scenario and series, the NB baseline over 624 weeks, four past outbreaks (start weeks
 * without replacement in 316..570, k from {2, 3, 5, 10}; cases from week 576 on dropped) and one current outbreak
 * (start in 576..620, k in 1..10; cases after week 624 dropped), each outbreak Poisson(k·√(φμ(t₀))) cases spread
 * by {@link lognormalSpread}. Each series draws from its own stream, so a series does not change when others are
 * added.
 */
export function simulateNoufailyGrid(options: GridOptions): SimulatedSeries[] {
  const root = createRng(options.seed);
  const spread = lognormalSpread();
  const cumulative = new Float64Array(SPREAD);
  let acc = 0;
  for (let d = 0; d < SPREAD; d++) cumulative[d] = acc += spread[d]!;
  const drawDelay = (u: number) => {
    for (let d = 0; d < SPREAD; d++) if (u < cumulative[d]!) return d;
    return SPREAD - 1;
  };
  const wanted = options.scenarios ?? NOUFAILY_SCENARIOS.map((s) => s.id);
  const out: SimulatedSeries[] = [];
  for (const id of wanted) {
    const sc = NOUFAILY_SCENARIOS.find((s) => s.id === id);
    if (!sc) throw new Error(`unknown scenario ${id}`);
    for (let i = 1; i <= options.seriesPerScenario; i++) {
      const rng = root.split(`${id}/${i}`);
      const observed = new Array<number>(WEEKS);
      const outbreak = new Array<number>(WEEKS).fill(0);
      for (let t = 1; t <= WEEKS; t++) {
        const mu = scenarioMean(sc, t);
        observed[t - 1] = sc.phi > 1 ? rng.negativeBinomial(mu / (sc.phi - 1), { mu }) : rng.poisson(mu);
      }
      const inject = (t0: number, k: number, lastWeek: number) => {
        const cases = rng.poisson(k * Math.sqrt(sc.phi * scenarioMean(sc, t0)));
        for (let c = 0; c < cases; c++) {
          const t = t0 + drawDelay(rng.nextDouble());
          if (t <= lastWeek) outbreak[t - 1]! += 1;
        }
        return cases;
      };
      const pastStarts: number[] = [];
      while (pastStarts.length < 4) {
        const t0 = PAST_FROM + rng.int(PAST_TO - PAST_FROM + 1);
        if (!pastStarts.includes(t0)) pastStarts.push(t0);
      }
      const pastK = [2, 3, 5, 10];
      for (const t0 of pastStarts) inject(t0, pastK[rng.int(4)]!, EVAL_FIRST - 1);
      const currentStart = CURRENT_FROM + rng.int(CURRENT_TO - CURRENT_FROM + 1);
      const currentK = 1 + rng.int(10);
      const currentCases = inject(currentStart, currentK, WEEKS);
      for (let t = 0; t < WEEKS; t++) observed[t]! += outbreak[t]!;
      out.push({
        scenario: id,
        series: i,
        frequency: 52,
        start: [2000, 1],
        observed,
        outbreak,
        evalRange: [EVAL_FIRST, WEEKS],
        current: { start: currentStart, k: currentK, cases: currentCases },
      });
    }
  }
  return out;
}

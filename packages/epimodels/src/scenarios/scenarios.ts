/**
 * Scenario comparison: several intervention schedules run on the same model (the same patches,
 * mobility, disease parameters — typically a calibrated model) with the deterministic metapopulation
 * SEIR, each turned into demand with the same clinical and supply parameters, and summarised side by
 * side. Differences between scenarios are then due to the schedules alone.
 */
import { createRng, quantileSorted } from '@outbreak/stats';
import { type DemandForecast, type DemandParams, estimateDemand } from '../demand/demand.ts';
import { type MetapopOptions, type MetapopResult, simulateMetapop, sumOverPatches } from '../metapop/deterministic.ts';
import {
  compileMetapop,
  type Intervention,
  type MetapopModel,
  MetapopModelError,
  validateIntervention,
  validateMetapopModel,
} from '../metapop/model.ts';
import { MetapopStochasticRunner } from '../metapop/stochastic.ts';

/** Demand parameters of a comparison, with the patches whose infections the facilities serve. */
export interface ScenarioDemandParams extends DemandParams {
  /** patch ids whose infections feed demand (default: all; e.g. the district's own townships, not its neighbours) */
  patches?: string[];
}

/** One schedule to compare. */
export interface Scenario {
  name: string;
  /** interventions added to (or, with `replaceBase`, used instead of) the base model's */
  interventions: Intervention[];
  /** when true the base model's interventions are dropped (default false: added to them) */
  replaceBase?: boolean;
}

/** Side-by-side outcomes of one scenario. Days count from day 0 of the model. */
export interface ScenarioOutcome {
  name: string;
  /** largest number of people infectious at once, all patches */
  peakInfectious: number;
  peakDay: number;
  /** infections over the horizon (imported ones included) */
  totalInfections: number;
  /** totalInfections / total population */
  attackRate: number;
  /** infections averted compared with the first scenario (0 for the first) */
  infectionsAverted: number;
  /** infections per patch over the horizon, in patch order */
  infectionsByPatch: number[];
  /** peak day of infectious people per patch, in patch order */
  peakDayByPatch: number[];
  /** deaths among the infections of the served patches (`demand.patches`) */
  deaths: number;
  hospitalPeak: number;
  icuPeak: number;
  ventilationPeak: number;
  /** days the census exceeds the bed / ICU / ventilator capacity (0 when no capacity is given) */
  daysOverBeds: number;
  daysOverIcu: number;
  daysOverVentilators: number;
  /** first day over capacity, or null */
  firstDayOverBeds: number | null;
  firstDayOverIcu: number | null;
  /** day each supply runs out (by supply id), or null */
  supplyRunOut: Record<string, number | null>;
}

/** A comparison: outcomes in the order given, plus each scenario's full run and demand. */
export interface ScenarioComparison {
  patchIds: string[];
  days: number;
  outcomes: ScenarioOutcome[];
  runs: MetapopResult[];
  demand: DemandForecast[];
}

/**
 * Runs every scenario on `base` and returns side-by-side outcomes. The first scenario is the
 * reference for `infectionsAverted` (make it "no further measures" with `interventions: []`).
 * Throws `MetapopModelError` naming e.g. `scenarios[1].interventions[0].reduction`.
 *
 * ```ts
 * const cmp = compareScenarios(model, [
 *   { name: 'no measures', interventions: [] },
 *   { name: 'schools closed', interventions: [{ type: 'contactReduction', setting: 'school', reduction: 1, start: 14, end: 56 }] },
 *   { name: 'port restricted', interventions: [{ type: 'mobilityRestriction', kinds: ['shipping'], reduction: 0.8, start: 14 }] },
 * ], { days: 180 }, { capacities: { beds: 600, icuBeds: 60 } });
 * cmp.outcomes.map((o) => [o.name, o.peakDay, o.daysOverIcu]);
 * ```
 */
export function compareScenarios(
  base: MetapopModel,
  scenarios: Scenario[],
  options: MetapopOptions = {},
  demand: ScenarioDemandParams = {},
): ScenarioComparison {
  compareScenariosInputs(base, scenarios, demand);
  const n = base.patches.length;
  const served = servedPatches(base, demand);
  const population = base.patches.reduce((s, p) => s + p.population, 0);
  const runs: MetapopResult[] = [];
  const forecasts: DemandForecast[] = [];
  const outcomes: ScenarioOutcome[] = scenarios.map((s) => {
    const model: MetapopModel = { ...base, interventions: [...(s.replaceBase ? [] : (base.interventions ?? [])), ...s.interventions] };
    const run = simulateMetapop(model, options);
    runs.push(run);
    const infectious = sumOverPatches(run.I, n);
    const daily = new Float64Array(run.times.length - 1);
    for (let t = 0; t < daily.length; t++) for (let i = 0; i < n; i++) if (served[i]) daily[t] += run.incidence[t * n + i];
    const d = estimateDemand(daily, demand);
    forecasts.push(d);
    let peakDay = 0;
    for (let t = 1; t < infectious.length; t++) if (infectious[t] > infectious[peakDay]) peakDay = t;
    const nt = run.times.length;
    const infectionsByPatch = Array.from({ length: n }, (_, i) => run.cumulativeInfections[(nt - 1) * n + i] - run.cumulativeInfections[i]);
    const peakDayByPatch = Array.from({ length: n }, (_, i) => {
      let best = 0;
      for (let t = 1; t < nt; t++) if (run.I[t * n + i] > run.I[best * n + i]) best = t;
      return best;
    });
    const totalInfections = infectionsByPatch.reduce((a, b) => a + b, 0);
    return {
      name: s.name,
      peakInfectious: infectious[peakDay],
      peakDay,
      totalInfections,
      attackRate: totalInfections / population,
      infectionsAverted: 0,
      infectionsByPatch,
      peakDayByPatch,
      deaths: d.deaths.reduce((a, b) => a + b, 0),
      hospitalPeak: d.capacity.hospital.peak,
      icuPeak: d.capacity.icu.peak,
      ventilationPeak: d.capacity.ventilation.peak,
      daysOverBeds: d.capacity.hospital.daysOver,
      daysOverIcu: d.capacity.icu.daysOver,
      daysOverVentilators: d.capacity.ventilation.daysOver,
      firstDayOverBeds: d.capacity.hospital.firstDayOver,
      firstDayOverIcu: d.capacity.icu.firstDayOver,
      supplyRunOut: Object.fromEntries(d.supplies.map((x) => [x.id, x.runOutDay])),
    };
  });
  for (const o of outcomes) o.infectionsAverted = outcomes[0].totalInfections - o.totalInfections;
  return { patchIds: base.patches.map((p) => p.id), days: runs[0].times.length - 1, outcomes, runs, demand: forecasts };
}

/** Checks the base model, the scenarios (names, interventions against the model's patches and links) and `demand.patches`. */
function compareScenariosInputs(base: MetapopModel, scenarios: Scenario[], demand: ScenarioDemandParams): void {
  validateMetapopModel(base);
  if (!Array.isArray(scenarios) || scenarios.length === 0) throw new MetapopModelError('scenarios', 'must be a non-empty list');
  const patchIds = new Set(base.patches.map((p) => p.id));
  const linkIds = new Set((base.links ?? []).map((l) => l.id ?? `${l.from}->${l.to}`));
  const names = new Set<string>();
  scenarios.forEach((s, k) => {
    if (typeof s?.name !== 'string' || s.name === '') throw new MetapopModelError(`scenarios[${k}].name`, 'must be a non-empty string');
    if (names.has(s.name)) throw new MetapopModelError(`scenarios[${k}].name`, `duplicate scenario name ${JSON.stringify(s.name)}`);
    names.add(s.name);
    if (!Array.isArray(s.interventions)) throw new MetapopModelError(`scenarios[${k}].interventions`, 'must be a list');
    s.interventions.forEach((iv, j) => validateIntervention(iv, `scenarios[${k}].interventions[${j}]`, patchIds, linkIds));
  });
  servedPatches(base, demand);
}

/** Which patches' infections feed demand (`demand.patches`, default all). */
function servedPatches(base: MetapopModel, demand: ScenarioDemandParams): boolean[] {
  const served = new Array<boolean>(base.patches.length).fill(demand.patches === undefined);
  (demand.patches ?? []).forEach((id, k) => {
    const i = base.patches.findIndex((p) => p.id === id);
    if (i < 0) throw new MetapopModelError(`demand.patches[${k}]`, `unknown patch ${JSON.stringify(id)}`);
    served[i] = true;
  });
  return served;
}

/** Quantiles over stochastic runs of one outcome: 2.5 %, 50 % and 97.5 %. */
export interface OutcomeInterval {
  lower: number;
  median: number;
  upper: number;
}

/** Outcomes of one scenario over an ensemble of stochastic runs. */
export interface StochasticScenarioOutcome {
  name: string;
  runs: number;
  totalInfections: OutcomeInterval;
  peakInfectious: OutcomeInterval;
  peakDay: OutcomeInterval;
  hospitalPeak: OutcomeInterval;
  icuPeak: OutcomeInterval;
  daysOverBeds: OutcomeInterval;
  daysOverIcu: OutcomeInterval;
  /** share of runs in which the ICU census ever exceeds the ICU capacity (0 without a capacity) */
  probabilityIcuOver: number;
  /** share of runs in which the epidemic dies out with fewer than 1 % of the population infected */
  probabilityFizzle: number;
}

/** Settings of `compareScenariosStochastic`. */
export interface StochasticComparisonOptions {
  /** runs per scenario (default 200) */
  runs?: number;
  /** seed (default 1); run r of every scenario uses `createRng(seed).split(r)` */
  seed?: number | string;
  days?: number;
  stepsPerDay?: number;
}

const interval = (values: Float64Array): OutcomeInterval => {
  const s = values.slice().sort();
  return { lower: quantileSorted(s, 0.025), median: quantileSorted(s, 0.5), upper: quantileSorted(s, 0.975) };
};

/**
 * Scenario comparison with chance: each schedule is run `runs` times with the chain-binomial model
 * and its outcomes summarised as 95 % intervals and medians. Run r of every scenario draws from the
 * same stream (common random numbers), so differences between scenarios are not blurred by
 * independent noise. Single-threaded; see `compareScenarios` for the deterministic version.
 *
 * ```ts
 * const cmp = compareScenariosStochastic(model, scenarios, { runs: 200, days: 180, seed: 7 }, { capacities: { icuBeds: 60 } });
 * cmp.map((o) => [o.name, o.probabilityIcuOver]);
 * ```
 */
export function compareScenariosStochastic(
  base: MetapopModel,
  scenarios: Scenario[],
  options: StochasticComparisonOptions = {},
  demand: ScenarioDemandParams = {},
): StochasticScenarioOutcome[] {
  // The deterministic comparison's checks (names, interventions, served patches) apply unchanged.
  compareScenariosInputs(base, scenarios, demand);
  const runs = options.runs ?? 200;
  if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`runs: must be a whole number ≥ 1, got ${runs}`);
  const n = base.patches.length;
  const served = servedPatches(base, demand);
  const population = base.patches.reduce((s, p) => s + p.population, 0);
  const streams = createRng(options.seed ?? 1);
  return scenarios.map((s) => {
    const model: MetapopModel = { ...base, interventions: [...(s.replaceBase ? [] : (base.interventions ?? [])), ...s.interventions] };
    const runner = new MetapopStochasticRunner(compileMetapop(model), { days: options.days ?? 180, stepsPerDay: options.stepsPerDay ?? 4 });
    const days = runner.days;
    const take = () => new Float64Array(runs);
    const [total, peak, peakDay, hosp, icu, overBeds, overIcu] = [take(), take(), take(), take(), take(), take(), take()];
    let icuOver = 0;
    let fizzle = 0;
    const daily = new Float64Array(days);
    for (let r = 0; r < runs; r++) {
      daily.fill(0);
      let infections = 0;
      let best = -1;
      let bestDay = 0;
      runner.run(streams.split(r), (day, _S, _E, I, _R, inf) => {
        let prevalence = 0;
        for (let i = 0; i < n; i++) prevalence += I[i];
        if (prevalence > best) {
          best = prevalence;
          bestDay = day;
        }
        if (day === 0) return;
        for (let i = 0; i < n; i++) {
          infections += inf[i];
          if (served[i]) daily[day - 1] += inf[i];
        }
      });
      const d = estimateDemand(daily, demand);
      total[r] = infections;
      peak[r] = best;
      peakDay[r] = bestDay;
      hosp[r] = d.capacity.hospital.peak;
      icu[r] = d.capacity.icu.peak;
      overBeds[r] = d.capacity.hospital.daysOver;
      overIcu[r] = d.capacity.icu.daysOver;
      if (d.capacity.icu.firstDayOver !== null) icuOver++;
      if (infections < 0.01 * population) fizzle++;
    }
    return {
      name: s.name,
      runs,
      totalInfections: interval(total),
      peakInfectious: interval(peak),
      peakDay: interval(peakDay),
      hospitalPeak: interval(hosp),
      icuPeak: interval(icu),
      daysOverBeds: interval(overBeds),
      daysOverIcu: interval(overIcu),
      probabilityIcuOver: icuOver / runs,
      probabilityFizzle: fizzle / runs,
    };
  });
}

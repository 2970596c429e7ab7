/**
 * Scenario comparison: several intervention schedules run on the same model (the same patches,
 * mobility, disease parameters — typically a calibrated model) with the deterministic metapopulation
 * SEIR, each turned into demand with the same clinical and supply parameters, and summarised side by
 * side. Differences between scenarios are then due to the schedules alone.
 */
import { type DemandForecast, type DemandParams, estimateDemand } from '../demand/demand.ts';
import { type MetapopOptions, type MetapopResult, simulateMetapop, sumOverPatches } from '../metapop/deterministic.ts';
import { type Intervention, type MetapopModel, MetapopModelError, validateIntervention, validateMetapopModel } from '../metapop/model.ts';

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
export function compareScenarios(base: MetapopModel, scenarios: Scenario[], options: MetapopOptions = {}, demand: ScenarioDemandParams = {}): ScenarioComparison {
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
  const n = base.patches.length;
  const served = new Array<boolean>(n).fill(demand.patches === undefined);
  (demand.patches ?? []).forEach((id, k) => {
    const i = base.patches.findIndex((p) => p.id === id);
    if (i < 0) throw new MetapopModelError(`demand.patches[${k}]`, `unknown patch ${JSON.stringify(id)}`);
    served[i] = true;
  });
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

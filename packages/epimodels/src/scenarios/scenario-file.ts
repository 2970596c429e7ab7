/**
 * The scenario document read by `outbreak simulate --model metapop --scenario FILE`: a metapopulation
 * model (patches, links, disease, interventions) with a horizon, optional schedules to compare and
 * optional demand parameters. See packages/epimodels/examples/district-j.scenario.json and
 * docs/epimodels.md ("Scenario files").
 */
import { estimateDemand } from '../demand/demand.ts';
import { type MetapopModel, MetapopModelError, validateMetapopModel } from '../metapop/model.ts';
import type { Scenario, ScenarioDemandParams } from './scenarios.ts';

/** A parsed scenario document. */
export interface ScenarioDocument {
  description?: string;
  /** horizon in days (default 180) */
  days: number;
  model: MetapopModel;
  /** schedules to compare (added to the model's interventions) */
  scenarios: Scenario[];
  /** demand parameters; when present the output carries demand forecasts */
  demand: ScenarioDemandParams | null;
}

const MODEL_KEYS = ['patches', 'links', 'disease', 'interventions', 'settingShares'] as const;
const KEYS = new Set<string>(['description', 'days', 'scenarios', 'demand', ...MODEL_KEYS]);
const DEMAND_KEYS = new Set(['patches', 'clinical', 'response', 'supplies', 'capacities']);

/**
 * Checks a scenario document (parsed JSON) and splits it into model, horizon, schedules and demand.
 * Throws `MetapopModelError` whose message starts with the path of the offending field
 * (`patches[3].population: must be ≥ 1, got 0`, `demand.supplies[1].stock: …`).
 */
export function parseScenarioDocument(raw: unknown): ScenarioDocument {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new MetapopModelError('scenario', 'must be a JSON object with patches, links, disease …');
  const doc = raw as Record<string, unknown>;
  for (const k of Object.keys(doc)) {
    if (!KEYS.has(k)) throw new MetapopModelError(k, `unknown field (expected ${[...KEYS].join(', ')})`);
  }
  if (doc.description !== undefined && typeof doc.description !== 'string') throw new MetapopModelError('description', 'must be a string');
  const days = doc.days ?? 180;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 100_000)
    throw new MetapopModelError('days', `must be a whole number of days ≥ 1, got ${JSON.stringify(days)}`);
  const model: MetapopModel = validateMetapopModel(
    Object.fromEntries(MODEL_KEYS.filter((k) => doc[k] !== undefined).map((k) => [k, doc[k]])),
  );
  const scenarios = doc.scenarios ?? [];
  if (!Array.isArray(scenarios)) throw new MetapopModelError('scenarios', 'must be a list of {name, interventions}');
  const names = new Set<string>();
  scenarios.forEach((s, k) => {
    if (s === null || typeof s !== 'object') throw new MetapopModelError(`scenarios[${k}]`, 'must be an object {name, interventions}');
    const sc = s as Record<string, unknown>;
    if (typeof sc.name !== 'string' || sc.name === '') throw new MetapopModelError(`scenarios[${k}].name`, 'must be a non-empty string');
    if (names.has(sc.name)) throw new MetapopModelError(`scenarios[${k}].name`, `duplicate scenario name ${JSON.stringify(sc.name)}`);
    names.add(sc.name);
    if (!Array.isArray(sc.interventions)) throw new MetapopModelError(`scenarios[${k}].interventions`, 'must be a list');
    // Validated against the model's patches and links, with the scenario's path in messages.
    validateMetapopModel({ ...model, interventions: sc.interventions }, `scenarios[${k}]`);
    if (sc.replaceBase !== undefined && typeof sc.replaceBase !== 'boolean')
      throw new MetapopModelError(`scenarios[${k}].replaceBase`, 'must be true or false');
  });
  let demand: ScenarioDemandParams | null = null;
  if (doc.demand !== undefined) {
    if (doc.demand === null || typeof doc.demand !== 'object' || Array.isArray(doc.demand))
      throw new MetapopModelError('demand', 'must be an object');
    for (const k of Object.keys(doc.demand))
      if (!DEMAND_KEYS.has(k)) throw new MetapopModelError(`demand.${k}`, `unknown field (expected ${[...DEMAND_KEYS].join(', ')})`);
    demand = doc.demand as ScenarioDemandParams;
    const ids = new Set(model.patches.map((p) => p.id));
    if (demand.patches !== undefined) {
      if (!Array.isArray(demand.patches)) throw new MetapopModelError('demand.patches', 'must be a list of patch ids');
      demand.patches.forEach((id, k) => {
        if (!ids.has(id)) throw new MetapopModelError(`demand.patches[${k}]`, `unknown patch ${JSON.stringify(id)}`);
      });
    }
    try {
      // A one-day dry run checks every rate, delay, capacity and supply with its field name.
      estimateDemand([0], demand);
    } catch (err) {
      const message = (err as Error).message;
      const colon = message.indexOf(': ');
      throw new MetapopModelError(`demand.${message.slice(0, colon)}`, message.slice(colon + 2));
    }
  }
  return { description: doc.description as string | undefined, days, model, scenarios: scenarios as Scenario[], demand };
}

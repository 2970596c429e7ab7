/**
 * Runs a scenario off the page's thread (docs/stock.md): a deterministic run, or a stochastic ensemble in chunks of
 * replicates with progress after each chunk. The page cancels by terminating the worker.
 *
 * Messages in: { inputs, settings }. Out: { type: 'progress', done, total, phase } … then { type: 'done', result }
 * or { type: 'error', message }.
 */
import { allocateBands, allocateEnsembleBuffers, compileMetapop, runEnsembleReplicates, summariseRows } from '@outbreak/epimodels';
import {
  buildDistrictModel,
  calibrateDistrictModel,
  districtIncidence,
  projectDistrict,
  type DistrictScenarioInputs,
  type DistrictScenarioSettings,
} from '@outbreak/epimodels';

const CHUNK = 10;

function run(inputs: DistrictScenarioInputs, settings: DistrictScenarioSettings) {
  const post = (m: unknown) => (self as unknown as Worker).postMessage(m);
  let built = buildDistrictModel(inputs, settings);
  if (settings.start === 'calibrated') {
    post({ type: 'progress', phase: 'calibrating', done: 0, total: 1 });
    built = calibrateDistrictModel(built, inputs, settings);
  }
  if (!settings.runs) {
    post({ type: 'progress', phase: 'running', done: 0, total: 1 });
    return projectDistrict(inputs, settings, built, districtIncidence(built, settings.days));
  }
  // stochastic: whole people, the same replicate streams whatever the chunking (createRng(seed).split(r))
  const model = compileMetapop({
    ...built.model,
    patches: built.model.patches.map((p) => ({ ...p, population: Math.round(p.population) })),
  });
  const n = model.n;
  const runs = settings.runs;
  const buffers = allocateEnsembleBuffers(n, settings.days, runs);
  const options = { days: settings.days, stepsPerDay: 4, seed: settings.seed, runs };
  for (let from = 0; from < runs; from += CHUNK) {
    runEnsembleReplicates(model, options, from, Math.min(runs, from + CHUNK), buffers);
    post({ type: 'progress', phase: 'running', done: Math.min(runs, from + CHUNK), total: runs });
  }
  // the district's daily infections per run: sum of the district patches' columns
  const keep = built.model.patches.map((p) => built.districtPatches.includes(p.id));
  const cols = n + 1;
  const raw = new Float64Array(settings.days * runs);
  for (let t = 0; t < settings.days; t++)
    for (let p = 0; p < n; p++)
      if (keep[p]) for (let r = 0; r < runs; r++) raw[t * runs + r]! += buffers.incidence[(t * cols + p) * runs + r]!;
  const probs = [0.05, 0.5, 0.95];
  const bands = allocateBands(settings.days, probs.length);
  summariseRows(raw, runs, probs, 0, settings.days, bands.mean, bands.quantiles);
  return projectDistrict(inputs, settings, built, bands.mean, { low: bands.quantiles[0]!, high: bands.quantiles[2]! });
}

self.onmessage = (event: MessageEvent<{ inputs: DistrictScenarioInputs; settings: DistrictScenarioSettings }>) => {
  try {
    const result = run(event.data.inputs, event.data.settings);
    (self as unknown as Worker).postMessage({ type: 'done', result });
  } catch (e) {
    (self as unknown as Worker).postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
};

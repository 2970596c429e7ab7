/**
 * `outbreak simulate --model NAME …` — runs an epidemic model and prints its trajectories.
 *
 * Each model is one entry of `MODELS`: its own options, help text and runner. Adding a model
 * (for example `metapop`, with `--scenario scenario.json`) is adding one entry.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  compareScenarios,
  compareScenariosStochastic,
  Dopri5Integrator,
  type EnsembleSummary,
  METAPOP_DEFAULTS,
  MetapopModelError,
  OdeError,
  parseScenarioDocument,
  type QuantityBands,
  SEIR_DEFAULT_ATOL,
  SEIR_DEFAULT_RTOL,
  type SeirParams,
  type SeirResult,
  type ScenarioDocument,
  simulateMetapop,
  simulateSeir,
  validateSeirParams,
} from '@outbreak/epimodels';
import { type CliCommand, CliError, EXIT } from '../cli-command.ts';
import { importTypeScript } from '../typescript-loader.ts';
import { type CsvTable, numberCell, readCsvTable } from '../csv.ts';

/** Option values as parsed by node:util parseArgs. */
export type OptionValues = Record<string, string | boolean | undefined>;

/** One model of `outbreak simulate`. */
export interface SimulateModel {
  /** one line for the list of models in --help */
  summary: string;
  /** lines of --help describing the model's options and output */
  usage: string;
  /** options this model reads, in node:util parseArgs form (shared names such as --days may repeat) */
  options: Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>;
  /** runs the model with the parsed options, writes the result to stdout; resolves to the exit code */
  run(values: OptionValues): Promise<number>;
}

/** Options every model understands. */
const COMMON_OPTIONS = {
  model: { type: 'string' },
  format: { type: 'string', default: 'json' },
} as const;

// ---------------------------------------------------------------------------------------------
// seir

const SEIR_KEYS = ['beta', 'sigma', 'gamma', 'N', 'S0', 'E0', 'I0', 'R0'] as const;

/**
 * Completes and checks one parameter set: E0 and R0 default to 0, S0 to N − E0 − I0 − R0.
 * `where` prefixes messages ("--params" or "sets.csv line 4").
 */
function seirParams(raw: Partial<Record<(typeof SEIR_KEYS)[number], number>>, where: string): SeirParams {
  for (const k of ['beta', 'sigma', 'gamma', 'N', 'I0'] as const) {
    if (raw[k] === undefined || Number.isNaN(raw[k])) throw new CliError(`${where}: field '${k}' is missing`);
  }
  const E0 = raw.E0 === undefined || Number.isNaN(raw.E0) ? 0 : raw.E0;
  const R0 = raw.R0 === undefined || Number.isNaN(raw.R0) ? 0 : raw.R0;
  const I0 = raw.I0 as number;
  const N = raw.N as number;
  const S0 = raw.S0 === undefined || Number.isNaN(raw.S0) ? N - E0 - I0 - R0 : raw.S0;
  const p: SeirParams = { beta: raw.beta as number, sigma: raw.sigma as number, gamma: raw.gamma as number, N, S0, E0, I0, R0 };
  try {
    validateSeirParams(p);
  } catch (err) {
    throw new CliError(`${where}: ${(err as Error).message}`);
  }
  return p;
}

function parseSeirJson(json: string): SeirParams {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new CliError(`--params: not valid JSON (${(err as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new CliError('--params: must be a JSON object such as {"beta":0.5,"sigma":0.2,"gamma":0.2,"N":100000,"I0":10}');
  }
  const rec: Partial<Record<(typeof SEIR_KEYS)[number], number>> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!(SEIR_KEYS as readonly string[]).includes(k))
      throw new CliError(`--params: unknown field '${k}' (expected ${SEIR_KEYS.join(', ')})`);
    if (typeof v !== 'number' || !Number.isFinite(v))
      throw new CliError(`--params: field '${k}' must be a number, got ${JSON.stringify(v)}`);
    rec[k as (typeof SEIR_KEYS)[number]] = v;
  }
  return seirParams(rec, '--params');
}

interface ParamSet {
  id: string;
  params: SeirParams;
}

function readSeirSets(path: string): { table: CsvTable; sets: ParamSet[] } {
  const table = readCsvTable(path);
  const idCol = table.header.indexOf('param_id');
  const cols = new Map<string, number>();
  for (const k of SEIR_KEYS) cols.set(k, table.header.indexOf(k));
  for (const h of table.header) {
    if (h !== 'param_id' && !(SEIR_KEYS as readonly string[]).includes(h)) {
      throw new CliError(`${table.file} line 1: unknown column '${h}' (expected param_id, ${SEIR_KEYS.join(', ')})`);
    }
  }
  if (table.rows.length === 0) throw new CliError(`${table.file}: no parameter sets after the header`);
  const sets = table.rows.map((row, i) => {
    const rec: Partial<Record<(typeof SEIR_KEYS)[number], number>> = {};
    for (const k of SEIR_KEYS) {
      const c = cols.get(k) as number;
      if (c >= 0) rec[k] = numberCell(table, row, c, { allowMissing: true });
    }
    return { id: idCol >= 0 ? row.cells[idCol].trim() : String(i + 1), params: seirParams(rec, `${table.file} line ${row.line}`) };
  });
  return { table, sets };
}

function positiveNumber(values: OptionValues, name: string, fallback: number): number {
  const raw = values[name];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (typeof raw !== 'string' || !(v > 0) || !Number.isFinite(v))
    throw new CliError(`--${name} must be a number > 0, got '${String(raw)}'`);
  return v;
}

function seirCsvLines(run: SeirResult, id: string | null): string[] {
  const lines: string[] = [];
  for (let i = 0; i < run.times.length; i++) {
    const cells = [run.times[i], run.S[i], run.E[i], run.I[i], run.R[i]].map(String);
    lines.push((id !== null ? [id, ...cells] : cells).join(','));
  }
  return lines;
}

const seir: SimulateModel = {
  summary: 'deterministic SEIR ODE (DOPRI5, deSolve lsoda parity)',
  usage: `  --model seir --params JSON | --params-file SETS.csv [--days 200] [--rtol 1e-10] [--atol 1e-10]
      dS/dt = −βSI/N, dE/dt = βSI/N − σE, dI/dt = σE − γI, dR/dt = γI (rates per day).
      --params keys: beta, sigma, gamma (per day), N, I0 (people), optional E0, R0 (default 0),
      S0 (default N − E0 − I0 − R0). --params-file: a CSV with those columns and an optional
      param_id (as ../shared/bench/inputs/d_seir_params.csv), one run per row.
      --rtol, --atol: DOPRI5 tolerances (atol in people).
      Output (json): {model, times, S, E, I, R, params, solver} for one set, or {model, times, runs:
      [{param_id, params, S, E, I, R} or {param_id, error}]} for a file; (csv): [param_id,]time,S,E,I,R.`,
  options: {
    params: { type: 'string' },
    'params-file': { type: 'string' },
    days: { type: 'string', default: '200' },
    rtol: { type: 'string' },
    atol: { type: 'string' },
  },
  async run(values) {
    const json = values.params as string | undefined;
    const file = values['params-file'] as string | undefined;
    if ((json === undefined) === (file === undefined)) throw new CliError('give exactly one of --params JSON or --params-file FILE');
    const daysRaw = String(values.days);
    const days = Number(daysRaw);
    if (!/^\d+$/.test(daysRaw.trim()) || !Number.isInteger(days) || days > 1_000_000)
      throw new CliError(`--days must be a whole number of days ≥ 0, got '${daysRaw}'`);
    const rtol = positiveNumber(values, 'rtol', SEIR_DEFAULT_RTOL);
    const atol = positiveNumber(values, 'atol', SEIR_DEFAULT_ATOL);
    const solver = { method: 'dopri5', rtol, atol };
    const format = values.format as string;

    if (json !== undefined) {
      const params = parseSeirJson(json);
      let run: SeirResult;
      try {
        run = simulateSeir(params, { days, rtol, atol });
      } catch (err) {
        if (err instanceof OdeError) throw new CliError(`the solver failed: ${err.message}`);
        throw err;
      }
      if (format === 'json') {
        const out = {
          model: 'seir',
          params,
          times: Array.from(run.times),
          S: Array.from(run.S),
          E: Array.from(run.E),
          I: Array.from(run.I),
          R: Array.from(run.R),
          solver: { ...solver, ...run.stats },
        };
        process.stdout.write(`${JSON.stringify(out)}\n`);
      } else {
        process.stdout.write(`${['time,S,E,I,R', ...seirCsvLines(run, null)].join('\n')}\n`);
      }
      return EXIT.ok;
    }

    const { sets } = readSeirSets(file as string);
    const ode = new Dopri5Integrator(4);
    const started = performance.now();
    let failures = 0;
    let times: number[] = [];
    const runs: object[] = [];
    const csv: string[] = ['param_id,time,S,E,I,R'];
    for (const set of sets) {
      try {
        const run = simulateSeir(set.params, { days, rtol, atol }, ode);
        times = Array.from(run.times);
        if (format === 'json')
          runs.push({
            param_id: set.id,
            params: set.params,
            S: Array.from(run.S),
            E: Array.from(run.E),
            I: Array.from(run.I),
            R: Array.from(run.R),
          });
        else csv.push(...seirCsvLines(run, set.id));
      } catch (err) {
        if (!(err instanceof OdeError)) throw err;
        failures++;
        process.stderr.write(`outbreak simulate: param_id ${set.id}: the solver failed: ${err.message}\n`);
        runs.push({ param_id: set.id, params: set.params, error: err.message });
      }
    }
    process.stderr.write(
      `outbreak simulate: ${sets.length} parameter set(s) in ${((performance.now() - started) / 1000).toFixed(2)} s${failures ? `, ${failures} failed` : ''}\n`,
    );
    if (format === 'json') process.stdout.write(`${JSON.stringify({ model: 'seir', times, solver, runs })}\n`);
    else process.stdout.write(`${csv.join('\n')}\n`);
    return failures > 0 ? EXIT.partial : EXIT.ok;
  },
};

// ---------------------------------------------------------------------------------------------
// metapop

function readScenario(path: string): ScenarioDocument {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`--scenario: cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new CliError(`${path}: not valid JSON (${(err as Error).message})`);
  }
  try {
    return parseScenarioDocument(raw);
  } catch (err) {
    if (err instanceof MetapopModelError) throw new CliError(`${path}: ${err.message}`);
    throw err;
  }
}

function wholeNumber(values: OptionValues, name: string, min: number): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const v = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(v) || v < min)
    throw new CliError(`--${name} must be a whole number ≥ ${min}, got '${String(raw)}'`);
  return v;
}

/** Splits a time-major [t · n + i] array into one array per patch. */
function byPatch(x: Float64Array, n: number, i: number): number[] {
  const out: number[] = [];
  for (let k = i; k < x.length; k += n) out.push(x[k]);
  return out;
}

function bandsJson(bands: QuantityBands, probs: number[], cols: number, col: number): Record<string, unknown> {
  return {
    mean: byPatch(bands.mean, cols, col),
    quantiles: Object.fromEntries(probs.map((p, k) => [String(p), byPatch(bands.quantiles[k], cols, col)])),
  };
}

function ensembleCsv(ens: EnsembleSummary): string {
  const cols = ens.columns.length;
  const lines = [`patch,time,quantity,mean,${ens.probs.map((p) => `q${p}`).join(',')}`];
  for (const [name, bands, rows] of [
    ['infectious', ens.infectious, ens.times.length],
    ['incidence', ens.incidence, ens.times.length - 1],
  ] as const) {
    for (let t = 0; t < rows; t++) {
      for (let c = 0; c < cols; c++) {
        const k = t * cols + c;
        lines.push([ens.columns[c], t, name, bands.mean[k], ...bands.quantiles.map((q) => q[k])].join(','));
      }
    }
  }
  return lines.join('\n');
}

const metapop: SimulateModel = {
  summary: 'metapopulation SEIR over townships and neighbours with mobility and interventions',
  usage: `  --model metapop --scenario FILE.json [--days N] [--runs N --seed S [--steps-per-day 4] [--threads T]]
      Patches (townships, adjacent districts) joined by daily mobility flows; the force of infection
      mixes where people spend the day; interventions (contactReduction, mobilityRestriction,
      isolation, vaccination, importation) as schedules. FILE: {days, disease: {beta, sigma, gamma},
      patches: [{id, population, E0, I0, R0}], links: [{id, from, to, flow, kind, timeFraction}],
      interventions, scenarios: [{name, interventions}], demand: {patches, clinical, response,
      capacities, supplies}} (see packages/epimodels/examples/district-j.scenario.json).
      --days: horizon (default: the file's days, else 180).
      Without --runs: deterministic ODE (DOPRI5). Output (json): {model, mode: "deterministic",
      times, patches: [{id, name, population, S, E, I, R, incidence}], total, solver, and when the
      file has them demand (census, capacity, supply run-out days) and comparison (one outcome per
      scenario)}; (csv): patch,time,S,E,I,R,incidence (new infections of day time → time + 1).
      --runs N: N stochastic chain-binomial replicates seeded by --seed (default 1), spread over
      --threads worker threads (default: all cores); identical results whatever the thread count.
      Output (json): {model, mode: "ensemble", runs, seed, probs, times, patches: [{id, infectious:
      {mean, quantiles: {"0.025": […], …}}, incidence: {…}}], total, peak, and with scenarios
      comparison: per scenario 2.5/50/97.5 % of its outcomes over N runs each}; (csv):
      patch,time,quantity,mean,q0.025,… (the base model only).`,
  options: {
    scenario: { type: 'string' },
    days: { type: 'string' },
    runs: { type: 'string' },
    seed: { type: 'string' },
    'steps-per-day': { type: 'string' },
    threads: { type: 'string' },
  },
  async run(values) {
    const file = values.scenario;
    if (typeof file !== 'string') throw new CliError('--scenario FILE.json is required for --model metapop');
    const doc = readScenario(file);
    const days = wholeNumber(values, 'days', 1) ?? doc.days;
    const runs = wholeNumber(values, 'runs', 1);
    const format = values.format as string;
    const n = doc.model.patches.length;
    const started = performance.now();
    for (const k of ['seed', 'steps-per-day', 'threads'] as const) {
      if (values[k] !== undefined && runs === undefined) throw new CliError(`--${k} applies to stochastic runs: give --runs N too`);
    }

    if (runs !== undefined) {
      const seedRaw = values.seed;
      const seed = seedRaw === undefined ? 1 : /^-?\d+$/.test(String(seedRaw).trim()) ? Number(seedRaw) : String(seedRaw);
      const stepsPerDay = wholeNumber(values, 'steps-per-day', 1) ?? 4;
      const threads = wholeNumber(values, 'threads', 0);
      let ens: EnsembleSummary;
      // The worker-thread front end is TypeScript only (its workers load the model by path).
      const { runMetapopEnsembleParallel } = await importTypeScript(() => import('@outbreak/epimodels/metapop-node'));
      try {
        ens = await runMetapopEnsembleParallel(doc.model, { runs, days, seed, stepsPerDay, ...(threads !== undefined ? { threads } : {}) });
      } catch (err) {
        if (err instanceof RangeError) throw new CliError(`${file}: ${err.message}`);
        throw err;
      }
      // Scenarios are compared on their own stochastic runs (this thread), with the same streams per run.
      const comparison =
        doc.scenarios.length > 0
          ? compareScenariosStochastic(doc.model, doc.scenarios, { runs, days, seed, stepsPerDay }, doc.demand ?? {})
          : null;
      process.stderr.write(
        `outbreak simulate: metapop ensemble, ${runs} runs × ${n} patches × ${days} days${comparison ? `, ${comparison.length} scenario(s)` : ''} in ${((performance.now() - started) / 1000).toFixed(2)} s\n`,
      );
      if (format === 'csv') {
        process.stdout.write(`${ensembleCsv(ens)}\n`);
        return EXIT.ok;
      }
      const cols = ens.columns.length;
      const sorted = (x: Float64Array) => Array.from(x).sort((a, b) => a - b);
      const median = (x: number[]) => (x.length % 2 ? x[(x.length - 1) / 2] : (x[x.length / 2 - 1] + x[x.length / 2]) / 2);
      const out = {
        model: 'metapop',
        mode: 'ensemble',
        description: doc.description ?? null,
        runs,
        seed,
        stepsPerDay,
        probs: ens.probs,
        times: Array.from(ens.times),
        patches: doc.model.patches.map((p, i) => ({
          id: p.id,
          name: p.name ?? p.id,
          population: p.population,
          infectious: bandsJson(ens.infectious, ens.probs, cols, i),
          incidence: bandsJson(ens.incidence, ens.probs, cols, i),
        })),
        total: { infectious: bandsJson(ens.infectious, ens.probs, cols, n), incidence: bandsJson(ens.incidence, ens.probs, cols, n) },
        peak: { medianInfectious: median(sorted(ens.peak.value)), medianDay: median(sorted(ens.peak.day)) },
        ...(comparison ? { comparison } : {}),
      };
      process.stdout.write(`${JSON.stringify(out)}\n`);
      return EXIT.ok;
    }

    let run: ReturnType<typeof simulateMetapop>;
    let comparison: ReturnType<typeof compareScenarios> | null = null;
    try {
      run = simulateMetapop(doc.model, { days });
      if (doc.scenarios.length > 0 || doc.demand) {
        // Without scenarios the comparison holds the base run alone, which gives its demand forecast.
        const scenarios = doc.scenarios.length > 0 ? doc.scenarios : [{ name: 'base', interventions: [] }];
        comparison = compareScenarios(doc.model, scenarios, { days }, doc.demand ?? {});
      }
    } catch (err) {
      if (err instanceof OdeError) throw new CliError(`the solver failed: ${err.message}`);
      if (err instanceof MetapopModelError) throw new CliError(`${file}: ${err.message}`);
      throw err;
    }
    process.stderr.write(
      `outbreak simulate: metapop, ${n} patches × ${days} days${comparison ? `, ${comparison.outcomes.length} scenario(s)` : ''} in ${((performance.now() - started) / 1000).toFixed(2)} s\n`,
    );
    const times = Array.from(run.times);
    if (format === 'csv') {
      const lines = ['patch,time,S,E,I,R,incidence'];
      for (let i = 0; i < n; i++) {
        for (let t = 0; t <= days; t++) {
          const k = t * n + i;
          lines.push([run.patchIds[i], t, run.S[k], run.E[k], run.I[k], run.R[k], t < days ? run.incidence[k] : ''].join(','));
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      return EXIT.ok;
    }
    const total = (x: Float64Array) => {
      const out: number[] = [];
      for (let t = 0; t < x.length / n; t++) {
        let s = 0;
        for (let i = 0; i < n; i++) s += x[t * n + i];
        out.push(s);
      }
      return out;
    };
    const demand = doc.demand && comparison ? comparison.demand[0] : null;
    const out = {
      model: 'metapop',
      mode: 'deterministic',
      description: doc.description ?? null,
      days,
      times,
      patches: doc.model.patches.map((p, i) => ({
        id: p.id,
        name: p.name ?? p.id,
        population: p.population,
        S: byPatch(run.S, n, i),
        E: byPatch(run.E, n, i),
        I: byPatch(run.I, n, i),
        R: byPatch(run.R, n, i),
        incidence: byPatch(run.incidence, n, i),
      })),
      total: { S: total(run.S), E: total(run.E), I: total(run.I), R: total(run.R), incidence: total(run.incidence) },
      solver: { method: 'dopri5', rtol: METAPOP_DEFAULTS.rtol, atol: METAPOP_DEFAULTS.atol, ...run.stats },
      ...(demand
        ? {
            demand: {
              scenario: comparison?.outcomes[0].name,
              admissions: {
                hospital: Array.from(demand.admissions.hospital),
                icu: Array.from(demand.admissions.icu),
                ventilation: Array.from(demand.admissions.ventilation),
              },
              census: {
                hospital: Array.from(demand.census.hospital),
                icu: Array.from(demand.census.icu),
                ventilation: Array.from(demand.census.ventilation),
              },
              deaths: Array.from(demand.deaths),
              capacity: demand.capacity,
              supplies: demand.supplies.map((s) => ({
                id: s.id,
                name: s.name,
                unit: s.unit,
                runOutDay: s.runOutDay,
                totalUse: s.totalUse,
                use: Array.from(s.use),
                stock: Array.from(s.stock),
              })),
            },
          }
        : {}),
      ...(comparison && doc.scenarios.length > 0 ? { comparison: comparison.outcomes } : {}),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return EXIT.ok;
  },
};

/** The models of `outbreak simulate`, by `--model` name. */
export const MODELS: Record<string, SimulateModel> = {
  seir,
  metapop,
};

const USAGE = `Usage: outbreak simulate --model MODEL [model options] [--format json|csv]

Models:
${Object.entries(MODELS)
  .map(([name, m]) => `  ${name.padEnd(10)} ${m.summary}\n${m.usage}`)
  .join('\n')}

Exit codes: 0 ok, 2 bad arguments or input (one line naming the field, file and line),
3 some parameter sets failed (each failure reported).`;

export const command: CliCommand = {
  usage: USAGE,
  async run(args) {
    // All models' options are known to the parser; each model reads its own.
    // Defaults are applied after the model is known, so that one model's defaults never look like
    // options given to another.
    const options: Record<string, { type: 'string' | 'boolean' }> = {};
    for (const m of [{ options: COMMON_OPTIONS }, ...Object.values(MODELS)]) {
      for (const [k, o] of Object.entries(m.options)) options[k] = { type: o.type };
    }
    let values: OptionValues;
    try {
      ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }));
    } catch (err) {
      throw new CliError(`${(err as Error).message.split('\n')[0].replace(/\.?$/, '.')} Run 'outbreak simulate --help'.`);
    }
    const name = values.model;
    if (typeof name !== 'string') throw new CliError(`--model is required (one of ${Object.keys(MODELS).join(', ')})`);
    const model = MODELS[name];
    if (!model || !Object.hasOwn(MODELS, name))
      throw new CliError(`--model: unknown model '${name}' (one of ${Object.keys(MODELS).join(', ')})`);
    for (const [k, o] of Object.entries({ ...COMMON_OPTIONS, ...model.options })) {
      if (values[k] === undefined && 'default' in o) values[k] = o.default;
    }
    if (values.format !== 'json' && values.format !== 'csv')
      throw new CliError(`--format must be json or csv, got '${String(values.format)}'`);
    // Options that belong to other models only are a mistake worth naming.
    for (const key of Object.keys(values)) {
      if (key in COMMON_OPTIONS || key in model.options) continue;
      throw new CliError(`--${key} does not apply to --model ${name}`);
    }
    return model.run(values);
  },
};

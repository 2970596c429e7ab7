/**
 * Ensembles of stochastic metapopulation runs, summarised as daily quantiles (R `quantile`
 * type 7) and means per patch and for the whole area.
 *
 * Replicate r draws from `createRng(seed).split(r)`, a stream fixed by the seed and r alone, so an
 * ensemble is the same whether its replicates run in one thread or are shared among workers
 * (`runMetapopEnsembleParallel` in `@outbreak/epimodels/metapop-node`). Raw values are kept in
 * "replicate-minor" order, `raw[(t · (n + 1) + p) · runs + r]`, so that the quantiles of one day and
 * patch read one contiguous block; column p = n holds the sum over patches.
 */
import { createRng, quantileSorted } from '@outbreak/stats';
import type { CompiledMetapop, MetapopModel } from './model.ts';
import { compileMetapop } from './model.ts';
import { type MetapopStochasticOptions, MetapopStochasticRunner } from './stochastic.ts';

/** Quantile levels reported by default (as EpiEstim's and the Rt output). */
export const ENSEMBLE_PROBS = [0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975] as const;

/** Settings of an ensemble. */
export interface MetapopEnsembleOptions extends MetapopStochasticOptions {
  /** replicates (default 100) */
  runs?: number;
  /** seed of the ensemble (default 1); replicate r uses `createRng(seed).split(r)` */
  seed?: number | string;
  /** quantile levels (default `ENSEMBLE_PROBS`) */
  probs?: readonly number[];
}

/** Daily quantiles and mean of one quantity; arrays are `[t · (n + 1) + p]`, column n = all patches. */
export interface QuantityBands {
  mean: Float64Array;
  /** one array per level of `probs`, same layout as `mean` */
  quantiles: Float64Array[];
}

/** An ensemble's summary. */
export interface EnsembleSummary {
  /** patch ids, then "total" for the sum over patches (the n + 1 columns) */
  columns: string[];
  runs: number;
  seed: number | string;
  probs: number[];
  /** days 0 … days */
  times: Float64Array;
  /** infectious people I at the end of each day (days + 1 rows) */
  infectious: QuantityBands;
  /** new infections in day t → t + 1 (days rows) */
  incidence: QuantityBands;
  /** per replicate: the peak of district-wide infectious people, and its day */
  peak: { value: Float64Array; day: Float64Array };
}

/** Largest raw ensemble storage allowed (bytes): 2 GiB. */
export const MAX_ENSEMBLE_BYTES = 2 * 2 ** 30;

/** Raw ensemble storage (plain or shared buffers). */
export interface EnsembleBuffers {
  /** [(t · (n + 1) + p) · runs + r], t = 0 … days */
  infectious: Float64Array;
  /** [(t · (n + 1) + p) · runs + r], t = 0 … days − 1 */
  incidence: Float64Array;
  /** [r] */
  peakValue: Float64Array;
  peakDay: Float64Array;
}

/** Allocates ensemble buffers (on `SharedArrayBuffer`s when `shared`, for worker threads). */
export function allocateEnsembleBuffers(n: number, days: number, runs: number, options: { shared?: boolean } = {}): EnsembleBuffers {
  // Every run's daily values are kept until the quantiles are taken: refuse sizes that cannot fit.
  const bytes = (2 * days + 1) * (n + 1) * runs * 8;
  if (bytes > MAX_ENSEMBLE_BYTES) {
    throw new RangeError(
      `runs: ${runs} runs × ${n} patches × ${days} days need ${(bytes / 2 ** 30).toFixed(1)} GiB of raw values (limit ${MAX_ENSEMBLE_BYTES / 2 ** 30} GiB); use fewer runs, patches or days`,
    );
  }
  const make = (len: number) => (options.shared ? new Float64Array(new SharedArrayBuffer(len * 8)) : new Float64Array(len));
  return {
    infectious: make((days + 1) * (n + 1) * runs),
    incidence: make(days * (n + 1) * runs),
    peakValue: make(runs),
    peakDay: make(runs),
  };
}

/**
 * Runs replicates `from` ≤ r < `to` of an ensemble of `runs` into `buffers`. This is the unit of
 * work a worker thread does; the results depend only on (model, options, seed, r).
 */
export function runEnsembleReplicates(
  model: MetapopModel | CompiledMetapop,
  options: MetapopStochasticOptions & { seed: number | string; runs: number },
  from: number,
  to: number,
  buffers: EnsembleBuffers,
): void {
  const runner = new MetapopStochasticRunner(model, options);
  const n = runner.model.n;
  const cols = n + 1;
  const { runs } = options;
  const base = createRng(options.seed);
  for (let r = from; r < to; r++) {
    let peak = -1;
    let peakDay = 0;
    runner.run(base.split(r), (day, _S, _E, I, _R, inf) => {
      let total = 0;
      const row = day * cols;
      for (let p = 0; p < n; p++) {
        buffers.infectious[(row + p) * runs + r] = I[p];
        total += I[p];
      }
      buffers.infectious[(row + n) * runs + r] = total;
      if (total > peak) {
        peak = total;
        peakDay = day;
      }
      if (day > 0) {
        const irow = (day - 1) * cols;
        let totalInf = 0;
        for (let p = 0; p < n; p++) {
          buffers.incidence[(irow + p) * runs + r] = inf[p];
          totalInf += inf[p];
        }
        buffers.incidence[(irow + n) * runs + r] = totalInf;
      }
    });
    buffers.peakValue[r] = peak;
    buffers.peakDay[r] = peakDay;
  }
}

/**
 * Summarises rows `fromRow` ≤ row < `toRow` of a raw block (`raw[row · runs + r]`): the mean and the
 * type-7 quantiles at `probs`, written into `mean[row]` and `quantiles[k][row]`. Sorts each row in
 * place (the raw order is not needed afterwards).
 */
export function summariseRows(
  raw: Float64Array,
  runs: number,
  probs: readonly number[],
  fromRow: number,
  toRow: number,
  mean: Float64Array,
  quantiles: Float64Array[],
): void {
  for (let row = fromRow; row < toRow; row++) {
    const block = raw.subarray(row * runs, (row + 1) * runs);
    let s = 0;
    for (let r = 0; r < runs; r++) s += block[r];
    mean[row] = s / runs;
    block.sort();
    for (let k = 0; k < probs.length; k++) quantiles[k][row] = quantileSorted(block, probs[k]);
  }
}

/** Builds the summary object from summarised arrays. */
export function ensembleSummary(
  patchIds: string[],
  days: number,
  runs: number,
  seed: number | string,
  probs: readonly number[],
  bands: { infectious: QuantityBands; incidence: QuantityBands },
  peak: { value: Float64Array; day: Float64Array },
): EnsembleSummary {
  const times = new Float64Array(days + 1);
  for (let t = 0; t <= days; t++) times[t] = t;
  return {
    columns: [...patchIds, 'total'],
    runs,
    seed,
    probs: [...probs],
    times,
    infectious: bands.infectious,
    incidence: bands.incidence,
    peak,
  };
}

/** Allocates the bands of a quantity with `rows` rows (plain or shared). */
export function allocateBands(rows: number, nProbs: number, options: { shared?: boolean } = {}): QuantityBands {
  const make = (len: number) => (options.shared ? new Float64Array(new SharedArrayBuffer(len * 8)) : new Float64Array(len));
  return { mean: make(rows), quantiles: Array.from({ length: nProbs }, () => make(rows)) };
}

/** Checks ensemble options; returns them completed with defaults. */
export function ensembleSettings(
  options: MetapopEnsembleOptions,
): Required<Omit<MetapopEnsembleOptions, 'probs'>> & { probs: readonly number[] } {
  const opts = { days: 180, stepsPerDay: 4, runs: 100, seed: 1, probs: ENSEMBLE_PROBS, ...options };
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new RangeError(`runs must be a whole number ≥ 1, got ${opts.runs}`);
  for (const p of opts.probs) if (!(p >= 0 && p <= 1)) throw new RangeError(`probs must lie in [0, 1], got ${p}`);
  return opts;
}

/**
 * Runs an ensemble of stochastic replicates in this thread and returns daily quantiles. For both
 * cores, use `runMetapopEnsembleParallel` from `@outbreak/epimodels/metapop-node` (same result).
 *
 * ```ts
 * const ens = runMetapopEnsemble(model, { runs: 200, days: 120, seed: 42 });
 * const median = ens.incidence.quantiles[ens.probs.indexOf(0.5)];
 * median[30 * ens.columns.length + ens.columns.length - 1]; // median district-wide new infections on day 30
 * ```
 */
export function runMetapopEnsemble(model: MetapopModel | CompiledMetapop, options: MetapopEnsembleOptions = {}): EnsembleSummary {
  const opts = ensembleSettings(options);
  const compiled = 'epochs' in model ? model : compileMetapop(model);
  const n = compiled.n;
  const buffers = allocateEnsembleBuffers(n, opts.days, opts.runs);
  runEnsembleReplicates(compiled, opts, 0, opts.runs, buffers);
  const infRows = (opts.days + 1) * (n + 1);
  const incRows = opts.days * (n + 1);
  const infectious = allocateBands(infRows, opts.probs.length);
  const incidence = allocateBands(incRows, opts.probs.length);
  summariseRows(buffers.infectious, opts.runs, opts.probs, 0, infRows, infectious.mean, infectious.quantiles);
  summariseRows(buffers.incidence, opts.runs, opts.probs, 0, incRows, incidence.mean, incidence.quantiles);
  return ensembleSummary(
    compiled.patchIds,
    opts.days,
    opts.runs,
    opts.seed,
    opts.probs,
    { infectious, incidence },
    { value: buffers.peakValue, day: buffers.peakDay },
  );
}

/**
 * A benchmark workload of @outbreak/epimodels. Each file in bench/workloads/ exports one as
 * `workload`; bench/run.ts finds them, times `run` and, where `rBenchmark` names a workload of
 * ../shared/bench/r/bench_r.R, times R on the same inputs in the same run.
 */
export interface BenchContext {
  /** ../shared/bench/inputs beside the project, or null when that folder is absent */
  inputsDir: string | null;
  /** the number of series / parameter sets to use (the first N of the input) */
  series: number;
}

/** What a workload reports besides its time (accuracy, work done), printed under its result. */
export type BenchNotes = string[];

export interface BenchWorkload<Prepared = unknown> {
  /** short id used by --only (e.g. 'c', 'd', 'metapop-det') */
  id: string;
  /** one line describing the work, e.g. "EpiEstim parametric_si, 1000 curves × 365 days" */
  title(ctx: BenchContext): string;
  /** bench_r.R's letter for the same work, when R has a counterpart */
  rBenchmark?: string;
  /** the goal: a minimum R/ours ratio, or a maximum time in seconds, with its wording */
  target: { ratio?: number; seconds?: number; text: string };
  /** true when the workload needs files from ../shared/bench/inputs */
  needsInputs: boolean;
  /** loads or builds the inputs (not timed) */
  prepare(ctx: BenchContext): Prepared | Promise<Prepared>;
  /** the timed work; returns its result for `check` */
  run(prepared: Prepared): unknown | Promise<unknown>;
  /** optional checks on the result (not timed), e.g. accuracy against a converged solution */
  check?(
    prepared: Prepared,
    result: unknown,
    ctx: BenchContext & { rscript: string | null; sharedBench: string | null },
  ): BenchNotes | Promise<BenchNotes>;
}

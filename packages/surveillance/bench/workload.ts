/**
 * The contract between the benchmark runner (bench/run.ts) and its workloads (bench/workloads/*.ts).
 * A workload file exports `workload: BenchWorkload`; the runner finds every file in the folder,
 * runs the selected ones, and, when R and ../shared/bench are present, times R on the same
 * inputs in the same run and compares alarms.
 *
 * @example
 * ```ts
 * export const workload: BenchWorkload = {
 *   id: 'b', title: 'earsC C3, 1000 daily series × 1095 days, last 365 monitored', rBenchmark: 'b',
 *   async run(ctx) { … return { seconds, notes: [], alarms }; },
 * };
 * ```
 */

/** What the runner gives a workload. */
export interface BenchContext {
  /** `--series N`: limit the number of series (null = the workload's full size) */
  series: number | null;
  /** `--reps`: timed repetitions; report the median */
  reps: number;
  /** absolute path of ../shared/bench, or null when it is absent */
  sharedBench: string | null;
  /** prints a progress line on stderr */
  log(line: string): void;
}

/** What a workload reports. */
export interface WorkloadResult {
  /** median wall seconds of the timed part (the algorithm calls only, as R's bench_r.R times them) */
  seconds: number;
  /** number of series actually run */
  series: number;
  /** how many timed repetitions `seconds` is the median of (default 1: a single run) */
  repetitions?: number;
  /** extra lines for the report (sizes, memory, throughput, comparisons with other tools) */
  notes: string[];
  /**
   * Our alarms, one string per series in input order, one character per monitored point:
   * '1' alarm, '0' no alarm, 'N' NA. Compared with R's when the workload has `rBenchmark`.
   */
  alarms?: string[];
}

/** One benchmark workload. */
export interface BenchWorkload {
  /** short id used by `--workloads` (`a`, `b`, `province`, `scan` …) */
  id: string;
  title: string;
  /** the letter of the same workload in ../shared/bench/r/bench_r.R, when R has it */
  rBenchmark?: string;
  /** true when the workload needs ../shared/bench/inputs */
  needsSharedInputs?: boolean;
  run(ctx: BenchContext): Promise<WorkloadResult>;
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Times `fn` `reps` times (after one untimed warm-up when `warmup`); returns the median seconds. */
export function timeMedian(reps: number, fn: () => void, warmup = true): number {
  if (warmup) fn();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    times.push((performance.now() - t0) / 1000);
  }
  return median(times);
}

/**
 * Notes the alarms of each series in a preallocated byte array while the timed loop runs, so that
 * results need not be kept alive (R's benchmark loop drops them too); `strings()` encodes them as
 * the runner compares them: '1' alarm, '0' none, 'N' NA.
 */
export class AlarmRecorder {
  private readonly codes: Uint8Array;

  constructor(
    readonly series: number,
    readonly points: number,
  ) {
    this.codes = new Uint8Array(series * points);
  }

  record(index: number, result: ReadonlyArray<{ alarm: boolean | null }>): void {
    const base = index * this.points;
    for (let k = 0; k < this.points; k++) {
      const a = result[k]?.alarm;
      this.codes[base + k] = a === null || a === undefined ? 2 : a ? 1 : 0;
    }
  }

  alarmCount(): number {
    let n = 0;
    for (const c of this.codes) n += c === 1 ? 1 : 0;
    return n;
  }

  strings(): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.series; i++) {
      let s = '';
      for (let k = 0; k < this.points; k++) s += '01N'[this.codes[i * this.points + k]];
      out.push(s);
    }
    return out;
  }
}

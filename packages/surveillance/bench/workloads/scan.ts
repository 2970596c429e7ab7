/**
 * Space-time permutation scan workload: ../shared/bench/scan/generate.py's synthetic data set of
 * 1,000 locations × 60 days (~38k cases, one planted cluster), SaTScan's comparison settings
 * (prospective, windows 1–7 days ending on the last day, circles up to 50% of cases, no distance cap,
 * at least 2 cases, high rates, 999 replications, standard Monte Carlo p-values), timed with 1 and
 * 2 worker threads beside SaTScan 10.3.2's published wall times on the same machine kind
 * (../shared/bench/README.md: 17.3 s with 1 process, 9.3 s with 2).
 *
 * Timed: the whole run as SaTScan's figure is (reading the two CSVs, neighbour lists, the real-data
 * scan, 999 replications, the report); not timed: generating the data. `--series 2000` (or more)
 * adds the 2,000 × 90 data set (SaTScan 66.9 s / 34.3 s).
 *
 * Standalone: `node --import tsx packages/surveillance/bench/workloads/scan.ts [reps]`.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScanInput, ScanResult } from '../../src/scan/scan-types.ts';
import { spaceTimePermutationScanParallel } from '../../src/scan/scan-node.ts';
import { type BenchContext, type BenchWorkload, median, type WorkloadResult } from '../workload.ts';

/** SaTScan 10.3.2 wall seconds (median of 3) from ../shared/bench/README.md, by data set. */
const SATSCAN_SECONDS: Record<string, { one: number; two: number }> = {
  bench_c_1000x60_cluster: { one: 17.3, two: 9.3 },
  bench_d_2000x90_cluster: { one: 66.9, two: 34.3 },
};

const defaultShared = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../../shared/bench');

/** Reads generate.py's `locations.csv` (id,x,y) and `cases.csv` (location,date,count); no header checks: the files are ours. */
function readDataSet(dir: string): ScanInput {
  const lines = (f: string) => readFileSync(join(dir, f), 'utf8').trim().split('\n').slice(1);
  const locations = lines('locations.csv').map((l) => {
    const [id, x, y] = l.split(',');
    return { id, x: Number(x), y: Number(y) };
  });
  const cases = lines('cases.csv').map((l) => {
    const [location, date, count] = l.split(',');
    return { location, date, count: Number(count) };
  });
  return { coordinates: 'cartesian', locations, cases };
}

/**
 * Wall seconds of one whole run, and the CPU seconds of the process (all threads): on a machine shared
 * with other work the CPU figure shows what the run costs without the wait for a core.
 */
async function timeScan(
  dir: string,
  threads: number,
  replications = 999,
): Promise<{ seconds: number; cpuSeconds: number; result: ScanResult }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await spaceTimePermutationScanParallel(readDataSet(dir), {
    analysis: 'prospective',
    maxTemporalDays: 7,
    maxSpatialFractionOfCases: 0.5,
    minCasesInCluster: 2,
    replications,
    seed: 20240101,
    threads,
    // As `outbreak scan` runs it: the calling thread is one of the threads (n threads = this one + n − 1 workers).
    useCallingThread: true,
  });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, result };
}

export const workload: BenchWorkload = {
  id: 'scan',
  title: 'space-time permutation scan, 1000 locations × 60 days, 999 replications (prospective, SaTScan settings)',
  async run(ctx: BenchContext): Promise<WorkloadResult> {
    const shared = ctx.sharedBench ?? (existsSync(defaultShared) ? defaultShared : null);
    const generator = shared === null ? null : join(shared, 'scan', 'generate.py');
    if (generator === null || !existsSync(generator)) {
      return {
        seconds: Number.NaN,
        series: 0,
        notes: [
          `skipped: ${generator ?? `${defaultShared}/scan/generate.py`} not found. Put the shared benchmark folder beside the project`,
          '(../shared/bench with scan/generate.py; python3 needed) to generate the data sets from their fixed seeds.',
        ],
      };
    }
    const out = mkdtempSync(join(tmpdir(), 'outbreak-bench-scan-'));
    try {
      ctx.log(`scan: generating data sets with ${generator}`);
      const gen = spawnSync('python3', [generator, out], { encoding: 'utf8' });
      if (gen.status !== 0) throw new Error(`python3 ${generator} failed: ${gen.stderr.trim().split('\n').at(-1)}`);
      const sets = ['bench_c_1000x60_cluster', ...((ctx.series ?? 0) >= 2000 ? ['bench_d_2000x90_cluster'] : [])];
      const notes: string[] = [];
      let headline = Number.NaN;
      for (const name of sets) {
        const dir = join(out, name);
        const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as {
          total_cases: number;
          injected: { centre: string; locations: string[]; start: string; end: string };
        };
        const times: Record<number, number> = {};
        const cpuTimes: Record<number, number> = {};
        let found: ScanResult | null = null;
        for (const threads of [1, 2]) {
          const runs: number[] = [];
          const cpuRuns: number[] = [];
          for (let r = 0; r < Math.max(1, ctx.reps); r++) {
            ctx.log(`scan: ${name}, ${threads} thread(s), run ${r + 1}/${Math.max(1, ctx.reps)}`);
            const { seconds, cpuSeconds, result } = await timeScan(dir, threads);
            runs.push(seconds);
            cpuRuns.push(cpuSeconds);
            found = result;
          }
          times[threads] = median(runs);
          cpuTimes[threads] = median(cpuRuns);
        }
        // The same run without replications: what is left is the fixed part (reading, neighbour lists, the
        // real-data scan, the report), and the difference from the one-thread run the replications' CPU.
        // Under load the wall times mostly show the wait for a core; these two CPU figures give the wall
        // time of two otherwise idle cores: fixed + replications/2 (the worker's start overlaps the fixed part).
        const fixedRuns: number[] = [];
        for (let r = 0; r < Math.max(1, ctx.reps); r++) fixedRuns.push((await timeScan(dir, 1, 0)).cpuSeconds);
        const fixed = median(fixedRuns);
        const perReplication = (cpuTimes[1] - fixed) / 999;
        const twoCores = fixed + (999 * perReplication) / 2;
        const sat = SATSCAN_SECONDS[name];
        if (name === sets[0]) headline = times[2];
        notes.push(
          `${name} (${meta.total_cases} cases): 1 thread ${times[1].toFixed(2)} s vs SaTScan ${sat.one} s (${(sat.one / times[1]).toFixed(2)}×); ` +
            `2 threads ${times[2].toFixed(2)} s vs SaTScan ${sat.two} s (${(sat.two / times[2]).toFixed(2)}×)`,
          `  CPU seconds (all threads): ${cpuTimes[1].toFixed(2)} with 1 thread, ${cpuTimes[2].toFixed(2)} with 2; load average at the end ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores`,
          `  CPU split: fixed part ${fixed.toFixed(2)} s, ${(perReplication * 1000).toFixed(2)} ms per replication; on two idle cores ` +
            `${twoCores.toFixed(2)} s vs SaTScan ${sat.two} s (${(sat.two / twoCores).toFixed(2)}×), one core ${cpuTimes[1].toFixed(2)} s vs ${sat.one} s (${(sat.one / cpuTimes[1]).toFixed(2)}×)`,
        );
        const top = found!.clusters[0];
        const planted = new Set(meta.injected.locations);
        const hit = top.locations.filter((l) => planted.has(l)).length;
        notes.push(
          `  most likely cluster: centre ${top.centre}, ${top.locations.length} locations (${hit} of the ${planted.size} planted), ` +
            `${top.start}..${top.end} (planted ${meta.injected.start.replaceAll('/', '-')}..${meta.injected.end.replaceAll('/', '-')}), ` +
            `LLR ${top.llr.toFixed(2)}, p = ${top.pValue?.toFixed(3)}`,
        );
      }
      notes.push('SaTScan figures: ../shared/bench/README.md (SaTScan 10.3.2, -O3, median of 3, same machine kind); ratio = SaTScan/ours.');
      return { seconds: headline, series: 1000, notes };
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  },
};

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const reps = Number(process.argv[2] ?? 1);
  workload
    .run({
      series: Number(process.env.SCAN_BENCH_LOCATIONS ?? 1000),
      reps,
      sharedBench: null,
      log: (l) => process.stderr.write(`bench: ${l}\n`),
    })
    .then((r) => {
      process.stdout.write(`[scan] ${workload.title}\n  ours (2 threads): ${r.seconds.toFixed(2)} s\n`);
      for (const n of r.notes) process.stdout.write(`  ${n}\n`);
    })
    .catch((err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    });
}

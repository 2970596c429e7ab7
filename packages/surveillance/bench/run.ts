/**
 * Benchmark runner: `npm run bench -w @outbreak/surveillance [-- --series N --workloads a,b,province --reps 3 --no-r]`.
 *
 * Runs the workloads of bench/workloads/*.ts with our code; when ../shared/bench (beside the
 * project) and `Rscript` are present, runs `Rscript r/bench_r.R <letters> 1 <N>` there in the same
 * run for R's times, and bench/r/alarms.R for R's alarms on the same inputs (cached in the temp
 * folder, untimed), then prints both times, the ratio R/ours and whether the alarms are identical.
 * Set OUTBREAK_SHARED_BENCH to use a shared benchmark folder elsewhere.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { BenchContext, BenchWorkload, WorkloadResult } from './workload.ts';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, '../../..');
// OUTBREAK_SHARED_BENCH points elsewhere (e.g. a copy of the shared folder); default ../shared/bench beside the project.
const sharedBenchPath = resolve(process.env.OUTBREAK_SHARED_BENCH ?? resolve(repoRoot, '../shared/bench'));

const { values } = parseArgs({
  options: {
    series: { type: 'string' },
    workloads: { type: 'string' },
    reps: { type: 'string', default: '3' },
    'no-r': { type: 'boolean', default: false },
  },
});
const seriesLimit = values.series ? Number(values.series) : null;
if (seriesLimit !== null && !(Number.isInteger(seriesLimit) && seriesLimit > 0)) {
  process.stderr.write(`bench: --series must be a positive integer, not '${values.series}'\n`);
  process.exit(2);
}
const reps = Number(values.reps);

async function loadWorkloads(): Promise<BenchWorkload[]> {
  const dir = join(here, 'workloads');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .sort();
  const list: BenchWorkload[] = [];
  for (const f of files) {
    const mod = (await import(join(dir, f))) as { workload?: BenchWorkload };
    if (mod.workload) list.push(mod.workload);
  }
  return list;
}

function hasRscript(): boolean {
  const r = spawnSync('Rscript', ['--version'], { stdio: 'ignore' });
  return r.status === 0;
}

/** Runs a command in `cwd`, passing its stderr through; resolves to its stdout. */
function run(cmd: string, args: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => process.stderr.write(`  [R] ${d.toString()}`));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, stdout }));
  });
}

/** R's alarms for workload `letter` on the first `n` series (cached per input file version). */
async function rAlarms(letter: string, n: number, shared: string): Promise<string[] | null> {
  const input = join(shared, 'inputs', letter === 'a' ? 'a_farringtonFlexible_weekly.csv' : 'b_earsC_C3_daily.csv');
  const cache = join(tmpdir(), `outbreak-bench-r-alarms-${letter}-${n}-${statSync(input).mtimeMs}.txt`);
  if (!existsSync(cache)) {
    process.stderr.write(`bench: computing R's alarms for workload ${letter} (${n} series, untimed, cached in ${cache})\n`);
    const r = await run('Rscript', [join(here, 'r', 'alarms.R'), letter, String(n), join(shared, 'inputs'), cache], shared);
    if (r.code !== 0) return null;
  }
  return readFileSync(cache, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

function compareAlarms(ours: string[], theirs: string[]): string {
  if (ours.length !== theirs.length) return `NO (${ours.length} series vs R's ${theirs.length})`;
  let points = 0;
  let differ = 0;
  let first = '';
  for (let i = 0; i < ours.length; i++) {
    const a = ours[i];
    const b = theirs[i];
    points += b.length;
    if (a.length !== b.length) return `NO (series ${i + 1}: ${a.length} points vs R's ${b.length})`;
    for (let k = 0; k < a.length; k++) {
      if (a[k] !== b[k]) {
        differ++;
        if (!first) first = `series ${i + 1} point ${k + 1}: ours ${a[k]}, R ${b[k]}`;
      }
    }
  }
  const alarms = theirs.reduce((s, l) => s + l.split('1').length - 1, 0);
  return differ === 0 ? `yes (${points} points, ${alarms} alarms)` : `NO: ${differ} of ${points} points differ (first: ${first})`;
}

async function main(): Promise<void> {
  const all = await loadWorkloads();
  const wanted = values.workloads ? values.workloads.split(',') : all.map((w) => w.id);
  const unknown = wanted.filter((id) => !all.some((w) => w.id === id));
  if (unknown.length) {
    process.stderr.write(`bench: unknown workload(s) ${unknown.join(', ')}; available: ${all.map((w) => w.id).join(', ')}\n`);
    process.exit(2);
  }
  const shared = existsSync(join(sharedBenchPath, 'inputs')) ? sharedBenchPath : null;
  const ctx: BenchContext = { series: seriesLimit, reps, sharedBench: shared, log: (l) => process.stderr.write(`bench: ${l}\n`) };
  const selected = all.filter((w) => wanted.includes(w.id));
  const results = new Map<string, WorkloadResult>();
  for (const w of selected) {
    if (w.needsSharedInputs && !shared) {
      process.stdout.write(
        `\n[${w.id}] ${w.title}\n  skipped: inputs not found at ${sharedBenchPath}/inputs. Put the shared benchmark folder beside the project\n` +
          `  (../shared/bench with inputs/*.csv and r/bench_r.R; see its README), or regenerate the inputs there with\n` +
          `  'Rscript r/bench_r.R a,b 1 1000 1' (writes inputs/ from the fixed seeds).\n`,
      );
      continue;
    }
    process.stderr.write(`bench: running ${w.id} (${w.title})\n`);
    const r = await w.run(ctx);
    results.set(w.id, r);
  }

  // R on the same inputs, in the same run.
  const rTimes = new Map<string, number>();
  const rAlarmSets = new Map<string, string[] | null>();
  const rWorkloads = selected.filter((w) => w.rBenchmark && results.has(w.id));
  const rOk = !values['no-r'] && shared !== null && rWorkloads.length > 0 && hasRscript();
  if (rOk) {
    const n = Math.max(...rWorkloads.map((w) => results.get(w.id)!.series));
    const letters = rWorkloads.map((w) => w.rBenchmark!).join(',');
    process.stderr.write(`bench: running R: (cd ${shared} && Rscript r/bench_r.R ${letters} 1 ${n})\n`);
    const r = await run('Rscript', ['r/bench_r.R', letters, '1', String(n)], shared!);
    for (const line of r.stdout.split('\n')) {
      const m = /^RESULT ([a-z])_\S*: .*median = ([0-9.]+) s/.exec(line);
      if (m) rTimes.set(m[1], Number(m[2]));
      if (line.startsWith('R ')) process.stderr.write(`bench: ${line}\n`);
    }
    for (const w of rWorkloads) rAlarmSets.set(w.id, await rAlarms(w.rBenchmark!, results.get(w.id)!.series, shared!));
  }

  process.stdout.write(`\n@outbreak/surveillance benchmarks (Node ${process.version}, ${new Date().toISOString()})\n`);
  for (const w of selected) {
    const r = results.get(w.id);
    if (!r) continue;
    process.stdout.write(
      `\n[${w.id}] ${w.title}\n  ours: ${r.seconds.toFixed(3)} s (${(r.repetitions ?? 1) > 1 ? `median of ${r.repetitions}` : 'one run'}; ${r.series} series)\n`,
    );
    if (w.rBenchmark) {
      const rt = rTimes.get(w.rBenchmark);
      if (rt !== undefined) {
        process.stdout.write(
          `  R:    ${rt.toFixed(3)} s (bench_r.R, same inputs, same run)\n  ratio R/ours: ${(rt / r.seconds).toFixed(1)}×\n`,
        );
        const theirs = rAlarmSets.get(w.id);
        process.stdout.write(
          `  alarms identical: ${theirs && r.alarms ? compareAlarms(r.alarms, theirs) : 'unknown (R alarms unavailable)'}\n`,
        );
      } else {
        process.stdout.write(
          `  R: not run (${values['no-r'] ? '--no-r' : !shared ? '../shared/bench absent' : !hasRscript() ? 'Rscript not installed (apt-get install r-base-core r-cran-surveillance)' : 'no RESULT line from bench_r.R'})\n`,
        );
      }
    }
    for (const note of r.notes) process.stdout.write(`  ${note}\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

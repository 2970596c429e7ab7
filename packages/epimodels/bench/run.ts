/**
 * Benchmarks of @outbreak/epimodels, side by side with R when it is installed.
 *
 *   npm run bench -w @outbreak/epimodels -- [--series N] [--reps R] [--only c,d] [--no-r] [--shared DIR]
 *
 * Runs every workload in bench/workloads/ (each file exports `workload`), prints our median time of
 * `--reps` runs, then, when `Rscript` and ../shared/bench (beside the project) exist, runs
 * `Rscript r/bench_r.R <letters> 1 N` there on the same inputs and prints R's time and the ratio
 * R / ours. Ours run first and R after, so the two never compete for the CPU.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchContext, BenchWorkload } from './workload.ts';

const root = resolve(import.meta.dirname, '..', '..', '..');

const { values } = parseArgs({
  options: {
    series: { type: 'string', default: '1000' },
    reps: { type: 'string', default: '3' },
    only: { type: 'string' },
    'no-r': { type: 'boolean', default: false },
    /** the shared benchmark folder (inputs/ and r/bench_r.R); default ../shared/bench beside the project */
    shared: { type: 'string' },
  },
});
const sharedBench = values.shared ? resolve(values.shared) : resolve(root, '..', 'shared', 'bench');
const series = Number(values.series);
const reps = Number(values.reps);
if (!Number.isInteger(series) || series < 1) throw new Error(`--series must be a whole number ≥ 1, got ${values.series}`);
if (!Number.isInteger(reps) || reps < 1) throw new Error(`--reps must be a whole number ≥ 1, got ${values.reps}`);

function findRscript(): string | null {
  try {
    return execFileSync('which', ['Rscript'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

async function loadWorkloads(): Promise<BenchWorkload[]> {
  const dir = join(import.meta.dirname, 'workloads');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  const all: BenchWorkload[] = [];
  for (const f of files) {
    const mod = (await import(join(dir, f))) as { workload?: BenchWorkload };
    if (!mod.workload) throw new Error(`bench/workloads/${f} does not export 'workload' (see bench/workload.ts)`);
    all.push(mod.workload);
  }
  const only = values.only?.split(',').map((s) => s.trim());
  return only ? all.filter((w) => only.includes(w.id)) : all;
}

/** Runs bench_r.R for the given letters; returns R's median seconds by letter. */
function runR(rscript: string, letters: string[]): Promise<Map<string, number>> {
  return new Promise((done, fail) => {
    const child = spawn(rscript, ['r/bench_r.R', letters.join(','), '1', String(series)], {
      cwd: sharedBench,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const times = new Map<string, number>();
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) if (line.startsWith('run ')) process.stderr.write(`  R ${line}\n`);
    });
    child.on('error', fail);
    child.on('close', (code) => {
      for (const line of out.split('\n')) {
        // "RESULT c_EpiEstim_parametric_si_1000x365d_weekly: runs = 61.2 s ; median = 61.200 s"
        const m = /^RESULT ([a-z])_\S*: .*median = ([0-9.]+) s/.exec(line);
        if (m) times.set(m[1], Number(m[2]));
        else if (line.startsWith('R ')) process.stdout.write(`  ${line}\n`);
      }
      if (code !== 0 && times.size === 0) fail(new Error(`Rscript r/bench_r.R exited with code ${code}`));
      else done(times);
    });
  });
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const haveShared = existsSync(join(sharedBench, 'inputs'));
  const rscript = values['no-r'] ? null : findRscript();
  const ctx: BenchContext = { inputsDir: haveShared ? join(sharedBench, 'inputs') : null, series };
  const workloads = await loadWorkloads();
  // Other processes share the CPU with both implementations: the load average tells how far the
  // absolute times are from a quiet machine (ratios are fairer, since R runs under the same load).
  const load = () => loadavg()[0].toFixed(1);
  process.stdout.write(
    `@outbreak/epimodels benchmarks — node ${process.version}, ${cpus().length} CPUs (load ${load()}), ${series} series, median of ${reps} runs\n`,
  );
  if (!haveShared) {
    process.stdout.write(
      `  ${sharedBench}/inputs not found: the R-comparable workloads need the shared benchmark folder (inputs/*.csv and r/bench_r.R),\n` +
        '  by default ../shared/bench beside the project (or --shared DIR); see docs/benchmarks.md. Workloads that build their own data still run.\n',
    );
  }
  const ours = new Map<string, number>();
  const ran: BenchWorkload[] = [];
  for (const w of workloads) {
    if (w.needsInputs && !haveShared) {
      process.stdout.write(`- ${w.id}: skipped (needs ${sharedBench}/inputs)\n`);
      continue;
    }
    const prepared = await w.prepare(ctx);
    const times: number[] = [];
    let result: unknown;
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      result = await w.run(prepared);
      times.push((performance.now() - t0) / 1000);
    }
    ours.set(w.id, median(times));
    process.stdout.write(
      `- ${w.id}: ${w.title(ctx)}\n  ours: ${times.map((t) => t.toFixed(3)).join(', ')} s; median ${median(times).toFixed(3)} s\n`,
    );
    if (w.check) {
      for (const note of await w.check(prepared, result, {
        ...ctx,
        rscript: haveShared ? rscript : null,
        sharedBench: haveShared ? sharedBench : null,
      }))
        process.stdout.write(`  ${note}\n`);
    }
    ran.push(w);
  }

  const letters = ran.filter((w) => w.rBenchmark).map((w) => w.rBenchmark as string);
  let rTimes = new Map<string, number>();
  if (letters.length > 0 && haveShared) {
    if (values['no-r']) {
      process.stdout.write('  R not run (--no-r)\n');
    } else if (!rscript) {
      process.stdout.write(
        '  R not run: Rscript not found (apt-get install r-base-core r-cran-epiestim r-cran-desolve r-cran-surveillance)\n',
      );
    } else {
      process.stdout.write(`R: Rscript r/bench_r.R ${letters.join(',')} 1 ${series} (in ${sharedBench})\n`);
      rTimes = await runR(rscript, letters);
    }
  }

  process.stdout.write(
    `\nload average at the end: ${load()}\n\nworkload | ours (s) | R (s) | R / ours | target | met\n---|---|---|---|---|---\n`,
  );
  let missed = 0;
  for (const w of ran) {
    const mine = ours.get(w.id) as number;
    const r = w.rBenchmark ? rTimes.get(w.rBenchmark) : undefined;
    const ratio = r !== undefined ? r / mine : undefined;
    let met = '—';
    if (w.target.ratio !== undefined && ratio !== undefined) met = ratio >= w.target.ratio ? 'yes' : 'NO';
    if (w.target.seconds !== undefined) met = mine <= w.target.seconds ? 'yes' : 'NO';
    if (met === 'NO') missed++;
    process.stdout.write(
      `${w.id} ${w.title(ctx)} | ${mine.toFixed(3)} | ${r !== undefined ? r.toFixed(2) : '—'} | ${ratio !== undefined ? `${ratio.toFixed(0)}×` : '—'} | ${w.target.text} | ${met}\n`,
    );
  }
  if (missed > 0)
    process.stdout.write(`\n${missed} target(s) not met on this run (timings depend on machine load: check with a quiet machine).\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});

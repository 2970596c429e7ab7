/**
 * Whole-process benchmark of the `outbreak` command line, the way a user meets it:
 *
 *   npm run bench -w @outbreak/cli -- [--runs N] [--no-r] [--shared DIR] [--only startup,output,workloads]
 *
 * 1. startup: wall and CPU time of whole processes that do (almost) nothing — `node -e 0` for the floor, then
 *    `outbreak --help`, `detect --help`, `rt --help` and `detect` / `rt` on a one-series file — compiled (the
 *    bin as installed) and from the TypeScript sources through tsx (OUTBREAK_CLI_FROM_SOURCE=1);
 * 2. output: `outbreak rt` on workload c (1,000 curves): the bytes written and how fast the formatting and
 *    writing alone go (in this process, on precomputed estimates, into a file);
 * 3. workloads a, b, c of ../shared/bench as whole processes (start, read the CSV, compute, write the result to
 *    a file) against R's algorithm time: R in the same run when `Rscript` is installed (and not --no-r), else
 *    the quiet-machine figures of ../shared/bench/README.md.
 *
 * The machine is shared: each figure is the minimum of --runs runs (default 5 for start-up, 3 for workloads),
 * CPU time (user + system, from bash's `times`) beside wall time, and the load average is printed with each part.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { estimateR, RtCache, type RtWindow } from '@outbreak/epimodels';
import { type SeriesInput, writeCsvRows, writeJsonRows } from '../src/commands/rt.ts';
import { readCsvTable } from '../src/csv.ts';
import { OutputWriter } from '../src/output.ts';

const cliRoot = resolve(import.meta.dirname, '..');
const repoRoot = resolve(cliRoot, '..', '..');
const bin = join(cliRoot, 'bin', 'outbreak.mjs');

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    'no-r': { type: 'boolean', default: false },
    shared: { type: 'string' },
    only: { type: 'string' },
  },
});
const sharedBench = resolve(values.shared ?? process.env.OUTBREAK_SHARED_BENCH ?? join(repoRoot, '..', 'shared', 'bench'));
const inputs = join(sharedBench, 'inputs');
const parts = new Set((values.only ?? 'startup,output,workloads').split(',').map((s) => s.trim()));
const runsArg = values.runs === undefined ? null : Number(values.runs);
if (runsArg !== null && !(Number.isInteger(runsArg) && runsArg >= 1))
  throw new Error(`--runs must be a whole number ≥ 1, got ${values.runs}`);

const tmp = mkdtempSync(join(tmpdir(), 'outbreak-cli-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const fmt = (s: number) => (s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const hasBash = spawnSync('bash', ['-c', 'true']).status === 0;

interface Timing {
  wall: number;
  /** user + system seconds of the child, null without bash */
  cpu: number | null;
  code: number;
}

/**
 * Runs `node args…` once, stdout to `stdoutFile` (or /dev/null); wall time from here, CPU time of the child
 * from bash's `times` (the only portable way to read a child's rusage from Node).
 */
function timeOnce(args: string[], env: NodeJS.ProcessEnv, stdoutFile: string | null): Promise<Timing> {
  return new Promise((done, fail) => {
    const out = openSync(stdoutFile ?? '/dev/null', 'w');
    const quoted = [process.execPath, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = hasBash
      ? spawn('bash', ['-c', `${quoted} >&3 2>/dev/null; code=$?; times; exit $code`], { env, stdio: ['ignore', 'pipe', 'ignore', out] })
      : spawn(process.execPath, args, { env, stdio: ['ignore', out, 'ignore'] });
    const started = performance.now();
    let text = '';
    child.stdout?.on('data', (d: Buffer) => {
      text += d.toString();
    });
    child.on('error', fail);
    child.on('close', (code) => {
      const wall = (performance.now() - started) / 1000;
      closeSync(out);
      let cpu: number | null = null;
      if (hasBash) {
        // second line of `times`: the children's user and system time, e.g. "0m0.052s 0m0.012s"
        const m = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s\s*$/.exec(text.trim());
        if (m) cpu = Number(m[1]) * 60 + Number(m[2]) + Number(m[3]) * 60 + Number(m[4]);
      }
      done({ wall, cpu, code: code ?? 1 });
    });
  });
}

/** The fastest of `runs` runs (wall and CPU each their own minimum): the least disturbed by the other users. */
async function best(args: string[], env: NodeJS.ProcessEnv, runs: number, stdoutFile: string | null = null): Promise<Timing> {
  let wall = Number.POSITIVE_INFINITY;
  let cpu: number | null = null;
  let code = 0;
  for (let i = 0; i < runs; i++) {
    const t = await timeOnce(args, env, stdoutFile);
    wall = Math.min(wall, t.wall);
    if (t.cpu !== null) cpu = Math.min(cpu ?? Number.POSITIVE_INFINITY, t.cpu);
    code = t.code;
  }
  return { wall, cpu, code };
}

const compiledEnv = { ...process.env, OUTBREAK_CLI_FROM_SOURCE: '0' };
const sourceEnv = { ...process.env, OUTBREAK_CLI_FROM_SOURCE: '1' };

// The first start after a change compiles the CLI (once); do that before timing anything.
execFileSync(process.execPath, [bin, '--help'], { env: compiledEnv, stdio: 'ignore' });

process.stdout.write(`outbreak CLI bench — Node ${process.versions.node}, load average ${load()} (1/5/15 min, 2 cores shared)\n`);

async function startup(): Promise<void> {
  const runs = runsArg ?? 5;
  const tiny = join(tmp, 'one-series.csv');
  writeFileSync(tiny, `t,count\n${Array.from({ length: 60 }, (_, i) => `${i + 1},${(i * 7) % 5}`).join('\n')}\n`);
  const cases: [string, string[]][] = [
    ['outbreak --help', ['--help']],
    ['outbreak detect --help', ['detect', '--help']],
    ['outbreak rt --help', ['rt', '--help']],
    ['outbreak detect (1 series × 60 weeks, EARS C1)', ['detect', '--method', 'ears-c1', '--input', tiny]],
    ['outbreak rt (1 curve × 60 days)', ['rt', '--input', tiny, '--params', '{"mean_si":4.8,"std_si":2.3}']],
  ];
  process.stdout.write(`\nStart-up: whole process, min of ${runs} runs (wall / CPU user+system)\n`);
  const floor = await best(['-e', '0'], process.env, runs);
  process.stdout.write(
    `  ${'node -e 0 (Node itself)'.padEnd(48)} ${fmt(floor.wall).padStart(8)} / ${floor.cpu === null ? '—' : fmt(floor.cpu)}\n`,
  );
  process.stdout.write(`  ${''.padEnd(48)} ${'compiled'.padStart(19)}   ${'sources through tsx'.padStart(21)}\n`);
  for (const [label, args] of cases) {
    const compiled = await best([bin, ...args], compiledEnv, runs);
    const source = await best([bin, ...args], sourceEnv, runs);
    const cell = (t: Timing) => `${fmt(t.wall).padStart(8)} / ${t.cpu === null ? '—' : fmt(t.cpu).padStart(7)}`;
    process.stdout.write(
      `  ${label.padEnd(48)} ${cell(compiled)}   ${cell(source)}${compiled.code === 0 ? '' : ` (exit ${compiled.code})`}\n`,
    );
  }
  process.stdout.write(`  load average after: ${load()}\n`);
}

async function output(): Promise<void> {
  const file = join(inputs, 'c_epiestim_parametric_daily.csv');
  if (!existsSync(file)) {
    process.stdout.write(`\nOutput: skipped (${file} not found; see ../shared/bench/README.md)\n`);
    return;
  }
  // Estimates first (not timed), then only the formatting and writing, as `outbreak rt` does them.
  const table = readCsvTable(file);
  const bySeries = new Map<string, number[]>();
  for (const row of table.rows) {
    const id = row.cells[0];
    let list = bySeries.get(id);
    if (!list) bySeries.set(id, (list = []));
    list.push(Number(row.cells[2]));
  }
  const cache = new RtCache();
  const estimated: [SeriesInput, RtWindow[]][] = [];
  for (const [id, local] of bySeries) {
    const series: SeriesInput = { id, incidence: { local, imported: null }, firstDay: null, line: 0 };
    estimated.push([series, estimateR(series.incidence, 'parametric_si', { mean_si: 4.8, std_si: 2.3 }, { cache }).windows]);
  }
  process.stdout.write(
    `\nOutput: outbreak rt's formatting + writing into a file, workload c (${estimated.length} curves), best of 3 (wall / CPU)\n`,
  );
  for (const format of ['json', 'csv'] as const) {
    let wall = Number.POSITIVE_INFINITY;
    let cpu = Number.POSITIVE_INFINITY;
    let bytes = 0;
    for (let r = 0; r < 3; r++) {
      const path = join(tmp, `rt.${format}`);
      const started = performance.now();
      const cpuStart = process.cpuUsage();
      const out = OutputWriter.open(path);
      let first = true;
      if (format === 'csv')
        out.write(
          'series_id,t_start,t_end,mean_r,std_r,quantile_0_025_r,quantile_0_05_r,quantile_0_25_r,median_r,quantile_0_75_r,quantile_0_95_r,quantile_0_975_r\n',
        );
      for (const [series, windows] of estimated) {
        if (format === 'csv') writeCsvRows(out, series, windows, { seriesId: true, dates: false });
        else if (windows.length > 0) {
          if (first) out.write('[');
          writeJsonRows(out, series, windows, first);
          first = false;
        }
        await out.ready();
      }
      if (format === 'json') out.write(']\n');
      await out.end();
      const used = process.cpuUsage(cpuStart);
      wall = Math.min(wall, (performance.now() - started) / 1000);
      cpu = Math.min(cpu, (used.user + used.system) / 1e6);
      bytes = statSync(path).size;
    }
    const mb = bytes / 1e6;
    process.stdout.write(
      `  ${format.padEnd(5)} ${mb.toFixed(1).padStart(6)} MB in ${fmt(wall)} wall / ${fmt(cpu)} CPU: ${(mb / wall).toFixed(0)} MB/s by the clock, ${(mb / cpu).toFixed(0)} MB/s of CPU time (target ≥ 100 MB/s)\n`,
    );
  }
  process.stdout.write(`  load average after: ${load()}\n`);
}

/** R's algorithm seconds by workload letter, for the first `n` series, from Rscript r/bench_r.R. */
function runR(letters: string, n: number): Promise<Map<string, number>> {
  return new Promise((done, fail) => {
    const child = spawn('Rscript', ['r/bench_r.R', letters, '1', String(n)], { cwd: sharedBench, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) if (line.startsWith('run ')) process.stderr.write(`  R ${line}\n`);
    });
    child.on('error', fail);
    child.on('close', () => {
      const times = new Map<string, number>();
      for (const line of text.split('\n')) {
        const m = /^RESULT ([a-z])_\S*: .*median = ([0-9.]+) s/.exec(line);
        if (m) times.set(m[1], Number(m[2]));
      }
      done(times);
    });
  });
}

async function workloads(): Promise<void> {
  const runs = runsArg ?? 3;
  const a = join(inputs, 'a_farringtonFlexible_weekly.csv');
  const b = join(inputs, 'b_earsC_C3_daily.csv');
  const c = join(inputs, 'c_epiestim_parametric_daily.csv');
  if (![a, b, c].every(existsSync)) {
    process.stdout.write(`\nWorkloads: skipped (${inputs} lacks the workload CSVs; see ../shared/bench/README.md)\n`);
    return;
  }
  // Workload a on its first 200 series: the header and 200 × 315 weeks.
  const a200 = join(tmp, 'a200.csv');
  writeFileSync(
    a200,
    `${readFileSync(a, 'utf8')
      .split('\n')
      .slice(0, 1 + 200 * 315)
      .join('\n')}\n`,
  );
  // R's algorithm time on a quiet machine (../shared/bench/README.md: 1000 series; a scaled to 200)
  const quietR = new Map([
    ['a', 314 * 0.2],
    ['b', 11.3],
    ['c', 62.1],
  ]);
  const rscript = !values['no-r'] && spawnSync('Rscript', ['--version'], { stdio: 'ignore' }).status === 0;
  const list: { letter: string; label: string; n: number; args: string[]; target: number }[] = [
    {
      letter: 'a',
      label: 'a farringtonFlexible, 200 series',
      n: 200,
      args: ['detect', '--method', 'farrington-flexible', '--range', '264:315', '--input', a200],
      target: 100,
    },
    {
      letter: 'b',
      label: 'b earsC C3, 1000 series',
      n: 1000,
      args: ['detect', '--method', 'ears-c3', '--frequency', '365', '--range', '731:1095', '--input', b],
      target: 10,
    },
    {
      letter: 'c',
      label: 'c EpiEstim parametric_si, 1000 curves',
      n: 1000,
      args: ['rt', '--input', c, '--params', '{"mean_si":4.8,"std_si":2.3}'],
      target: 100,
    },
  ];
  process.stdout.write(`\nWorkloads: whole process (start, read, compute, write JSON to a file), min of ${runs} runs\n`);
  const ours = new Map<string, { t: Timing; bytes: number }>();
  for (const w of list) {
    const outFile = join(tmp, `${w.letter}.json`);
    const t = await best([bin, ...w.args], compiledEnv, runs, outFile);
    ours.set(w.letter, { t, bytes: statSync(outFile).size });
  }
  process.stdout.write(`  load average after ours: ${load()}\n`);
  let rTimes = new Map<string, number>();
  if (rscript) {
    process.stdout.write('  R: Rscript r/bench_r.R a 1 200, then b,c 1 1000 (algorithm time only, as bench_r.R measures)\n');
    rTimes = new Map([...(await runR('a', 200)), ...(await runR('b,c', 1000))]);
    process.stdout.write(`  load average after R: ${load()}\n`);
  } else {
    process.stdout.write(
      `  R not run (${values['no-r'] ? '--no-r' : 'Rscript not found'}): ratios against the quiet-machine R figures of ../shared/bench/README.md\n`,
    );
  }
  for (const w of list) {
    const { t, bytes } = ours.get(w.letter)!;
    const r = rTimes.get(w.letter) ?? quietR.get(w.letter)!;
    const source = rTimes.has(w.letter) ? 'R same run' : 'R quiet (README)';
    const ratio = r / t.wall;
    process.stdout.write(
      `  ${w.label.padEnd(40)} ${fmt(t.wall).padStart(8)} wall / ${t.cpu === null ? '—' : fmt(t.cpu)} CPU, ${(bytes / 1e6).toFixed(1)} MB out; ` +
        `${source} ${fmt(r)}: ${ratio.toFixed(0)}× (target ≥ ${w.target}×${ratio >= w.target ? ', met' : ', NOT met'})` +
        `${t.code === 0 ? '' : ` exit ${t.code}`}\n`,
    );
  }
}

if (parts.has('startup')) await startup();
if (parts.has('output')) await output();
if (parts.has('workloads')) await workloads();

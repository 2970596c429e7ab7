/**
 * The compiled CLI (packages/cli/build): built into a temporary folder here, then run as a process. Checks that each
 * command loads only its own module, that large results arrive complete and valid through a pipe, and that a
 * changed source makes the build stale.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli } from '../build/build.mjs';
import { BUILD_INFO, describeInputs, staleReason } from '../build/build-info.mjs';
import { COMMANDS } from '../src/command-registry.ts';

const cliRoot = resolve(import.meta.dirname, '..');
const hook = join(import.meta.dirname, 'module-log-hook.mjs');
let dir: string;
let dist: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'outbreak-compiled-'));
  dist = await buildCli({ outdir: join(dir, 'dist') });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the compiled CLI; returns its output and the modules it loaded. */
function run(args: string[], options: { maxBuffer?: number; env?: Record<string, string> } = {}) {
  const log = join(dir, `modules-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', hook, join(dist, 'main.js'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, OUTBREAK_MODULE_LOG: log, ...options.env },
    maxBuffer: options.maxBuffer ?? 1 << 20,
  });
  const loaded = readFileSync(log, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, loaded };
}

/** The command chunks among the loaded modules, by command name. */
function commandChunks(loaded: string[]): string[] {
  const names = Object.keys(COMMANDS);
  return loaded
    .map((url) => /\/chunks\/([a-z-]+)-[A-Z0-9]+\.js$/.exec(url)?.[1])
    .filter((name): name is string => name !== undefined && names.includes(name))
    .sort();
}

function csvFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('compiled outbreak CLI', () => {
  it('has one chunk per command', () => {
    const chunks = readdirSync(join(dist, 'chunks'));
    for (const name of Object.keys(COMMANDS)) expect(chunks.filter((f) => new RegExp(`^${name}-[A-Z0-9]+\\.js$`).test(f))).toHaveLength(1);
  });

  it('lists the commands without loading any command module, the server or tsx', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(r.stdout).toContain(`  ${name.padEnd(12)} ${COMMANDS[name].summary}`);
    expect(commandChunks(r.loaded)).toEqual([]);
    expect(r.loaded.filter((u) => /packages\/server\/|\/tsx\//.test(u))).toEqual([]);
  });

  it('loads only the module of the command that runs', () => {
    const counts = csvFile('counts.csv', `t,count\n${Array.from({ length: 60 }, (_, i) => `${i + 1},${i % 7}`).join('\n')}\n`);
    const detect = run(['detect', '--method', 'ears-c1', '--input', counts]);
    expect(detect.code).toBe(0);
    expect(commandChunks(detect.loaded)).toEqual(['detect']);
    const rt = run(['rt', '--input', counts, '--params', '{"mean_si":4.8,"std_si":2.3}']);
    expect(rt.code).toBe(0);
    expect(commandChunks(rt.loaded)).toEqual(['rt']);
    for (const r of [detect, rt]) expect(r.loaded.filter((u) => /packages\/server\/|\/tsx\/|\.ts$/.test(u))).toEqual([]);
    const usage = run(['simulate', '--help']);
    expect(commandChunks(usage.loaded)).toEqual(['simulate']);
  });

  it('streams a large rt result (many 1 MB pieces) through a pipe as complete, valid JSON and CSV', () => {
    const series = 120;
    const days = 365;
    const rows = ['series_id,t,count'];
    for (let s = 1; s <= series; s++) for (let t = 1; t <= days; t++) rows.push(`S${s},${t},${(s * 31 + t * 17) % 40}`);
    const input = csvFile('many.csv', `${rows.join('\n')}\n`);
    const params = '{"mean_si":4.8,"std_si":2.3}';
    const json = run(['rt', '--input', input, '--params', params], { maxBuffer: 1 << 28 });
    expect(json.code).toBe(0);
    expect(json.stdout.length).toBeGreaterThan(10 << 20);
    const parsed = JSON.parse(json.stdout) as { series_id: string; t_start: number; t_end: number; mean_r: number | null }[];
    // default weekly windows: t_start 2 … days − 6, one row each per series, in input order
    expect(parsed).toHaveLength(series * (days - 7));
    expect(parsed[0]).toMatchObject({ series_id: 'S1', t_start: 2, t_end: 8 });
    expect(parsed.at(-1)).toMatchObject({ series_id: `S${series}`, t_start: days - 6, t_end: days });
    const csv = run(['rt', '--input', input, '--params', params, '--format', 'csv'], { maxBuffer: 1 << 28 });
    expect(csv.code).toBe(0);
    const lines = csv.stdout.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines).toHaveLength(1 + series * (days - 7) + 1);
    const width = lines[0].split(',').length;
    expect(lines.slice(0, -1).every((l) => l.split(',').length === width)).toBe(true);
    // the same numbers in both formats
    const last = lines.at(-2)!.split(',');
    expect(Number(last[3])).toBe(parsed.at(-1)!.mean_r);
  }, 120_000);

  it('rt in two threads writes what one thread writes: output, warnings, failures in order, exit code', () => {
    // 40 series: some too short (failures, one in each half), some with few early cases (the warning), dated
    const rows = ['series_id,date,count'];
    for (let s = 0; s < 40; s++) {
      const days = s === 3 || s === 31 ? 5 : 60 + s;
      for (let d = 0; d < days; d++) {
        const date = new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10);
        rows.push(`S${s},${date},${s % 4 === 0 ? d % 2 : 5 + ((d * 7 + s) % 11)}`);
      }
    }
    const input = csvFile('rt-threads.csv', `${rows.join('\n')}\n`);
    const params = '{"mean_si":4.8,"std_si":2.3}';
    for (const format of ['json', 'csv']) {
      const one = run(['rt', '--input', input, '--params', params, '--format', format], {
        env: { OUTBREAK_RT_THREADS: '1' },
        maxBuffer: 1 << 26,
      });
      const two = run(['rt', '--input', input, '--params', params, '--format', format], {
        env: { OUTBREAK_RT_THREADS: '2' },
        maxBuffer: 1 << 26,
      });
      expect(one.code).toBe(3);
      expect(one.stderr).toContain('series S3:');
      expect(one.stderr).toContain('series S31:');
      expect(one.stderr).toMatch(/warning \(10 series: S0, S4, S8, S12/);
      expect(two.loaded.some((url) => url.endsWith('/rt-worker.js'))).toBe(true);
      expect(one.loaded.some((url) => url.endsWith('/rt-worker.js'))).toBe(false);
      expect({ code: two.code, stdout: two.stdout, stderr: two.stderr }).toEqual({
        code: one.code,
        stdout: one.stdout,
        stderr: one.stderr,
      });
    }
  });

  it('streams a large detect result as complete, valid JSON, also into --output', () => {
    const series = 300;
    const rows = ['series_id,t,count'];
    for (let s = 1; s <= series; s++) for (let t = 1; t <= 400; t++) rows.push(`${s},${t},${(s + t * 13) % 23}`);
    const input = csvFile('detect-many.csv', `${rows.join('\n')}\n`);
    const piped = run(['detect', '--method', 'ears-c3', '--input', input], { maxBuffer: 1 << 28 });
    expect(piped.code).toBe(0);
    const doc = JSON.parse(piped.stdout) as { series_id: string; points: unknown[] }[];
    expect(doc).toHaveLength(series);
    expect(doc.every((s) => s.points.length === doc[0].points.length && s.points.length > 300)).toBe(true);
    const output = join(dir, 'detect-out.json');
    expect(run(['detect', '--method', 'ears-c3', '--input', input, '--output', output]).code).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(piped.stdout);
  }, 120_000);

  it('refuses an --output it cannot write with one line and exit 2', () => {
    const input = csvFile('small.csv', 't,count\n1,1\n2,2\n3,1\n4,0\n5,2\n6,1\n7,3\n8,9\n');
    const r = run(['detect', '--method', 'ears-c1', '--input', input, '--output', join(dir, 'no-such-folder', 'out.json')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^outbreak detect: .*no-such-folder\/out\.json: cannot write the output \(ENOENT\)\n$/);
  });
});

describe('build freshness', () => {
  it('is fresh right after a build, and stale once a recorded input changes', () => {
    expect(staleReason(dist)).toBeNull();
    const info = JSON.parse(readFileSync(join(dist, BUILD_INFO), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(info.files)).toEqual(
      expect.arrayContaining(['src/main.ts', 'src/commands/rt.ts', '../surveillance/src/index.ts', 'build/build.mjs']),
    );

    const source = join(dir, 'input.ts');
    writeFileSync(source, 'export const x = 1;\n');
    const recorded = describeInputs([source]);
    const infoDir = mkdtempSync(join(dir, 'info-'));
    writeFileSync(join(infoDir, BUILD_INFO), JSON.stringify(recorded));
    expect(staleReason(infoDir)).toBeNull();
    // same size, another modification time (a checkout, a touch): stale
    utimesSync(source, new Date(2020, 0, 1), new Date(2020, 0, 1));
    expect(staleReason(infoDir)).toBe(`${source} changed`);
    writeFileSync(join(infoDir, BUILD_INFO), JSON.stringify({ ...describeInputs([source]), node: '0' }));
    expect(staleReason(infoDir)).toBe('built for Node 0');
    rmSync(source);
    writeFileSync(join(infoDir, BUILD_INFO), JSON.stringify(recorded));
    expect(staleReason(infoDir)).toBe(`${source} is gone`);
    expect(staleReason(join(dir, 'never-built'))).toBe('not built yet');
  });

  it('the bin rebuilds a stale build before running it, and says so', () => {
    const real = join(cliRoot, 'dist');
    // Make the installed build stale (or leave it missing): a recorded input that no longer exists.
    try {
      const info = JSON.parse(readFileSync(join(real, BUILD_INFO), 'utf8')) as { files: Record<string, unknown> };
      info.files['src/no-such-file.ts'] = [1, 1];
      writeFileSync(join(real, BUILD_INFO), JSON.stringify(info));
    } catch {
      // not built: the bin must build it
    }
    expect(staleReason(real)).not.toBeNull();
    const r = spawnSync(process.execPath, [join(cliRoot, 'bin', 'outbreak.mjs'), '--help'], {
      encoding: 'utf8',
      env: { ...process.env, OUTBREAK_CLI_FROM_SOURCE: '' },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^outbreak: compiled the command line \((src\/no-such-file\.ts is gone|not built yet)\)\n$/);
    expect(r.stdout).toContain('Usage: outbreak <command>');
    expect(staleReason(real)).toBeNull();
  }, 120_000);
});

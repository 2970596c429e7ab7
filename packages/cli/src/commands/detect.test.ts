import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { auto } from '@outbreak/surveillance';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.ts';
import { parseCsv } from '../csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'outbreak-detect-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let stderr = '';
beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

let fileNo = 0;
function csvFile(text: string): string {
  const path = join(dir, `in${++fileNo}.csv`);
  writeFileSync(path, text);
  return path;
}

/** Runs `outbreak detect` in-process with --output to a temp file; returns the exit code and output text. */
async function detect(args: string[]): Promise<{ code: number; out: string }> {
  const output = join(dir, `out${++fileNo}`);
  const code = await main(['detect', ...args, '--output', output]);
  let out = '';
  try {
    out = readFileSync(output, 'utf8');
  } catch {
    out = '';
  }
  return { code, out };
}

interface ReferenceCase {
  observed: number[];
  dates: string[] | null;
  range: [number, number];
  params: Record<string, unknown>;
  expected: { upperbound: (number | null)[]; alarm: (boolean | null)[] };
}
function reference(name: string): ReferenceCase {
  return JSON.parse(readFileSync(new URL(`../../../surveillance/test/reference/surveillance/${name}`, import.meta.url), 'utf8'));
}

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, embedded commas and line breaks, CRLF, BOM and blank lines', () => {
    const text = '\uFEFFa,b\r\n"x, ""y""",2\r\n\r\n"multi\nline",3\n';
    expect([...parseCsv(text)]).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['x, "y"', '2'], line: 2 },
      { fields: ['multi\nline', '3'], line: 4 },
    ]);
  });
  it('names the line of an unterminated quote or a stray quote', () => {
    expect(() => [...parseCsv('a,b\n1,"2\n3,4\n')]).toThrow(/not closed/);
    expect(() => [...parseCsv('a,b\n1,2\n3,4"x\n')]).toThrow(expect.objectContaining({ line: 3 }));
  });
});

describe('outbreak detect', () => {
  it('runs EARS C3 on a reference series and reproduces R (t-indexed, JSON)', async () => {
    const c = reference('earsC_C3__ha.sts__chwi.json');
    const input = csvFile(`t,count\n${c.observed.map((y, i) => `${i + 1},${y}`).join('\n')}\n`);
    const { code, out } = await detect(['--method', 'ears-c3', '--input', input, '--range', `${c.range[0]}:${c.range[1]}`]);
    expect(code).toBe(0);
    const [series] = JSON.parse(out);
    expect(series.series_id).toBe('1');
    expect(series.points).toHaveLength(c.expected.alarm.length);
    series.points.forEach((p: { upperbound: number | null; alarm: boolean | null; t: number }, i: number) => {
      expect(p.t).toBe(c.range[0] + i);
      expect(p.alarm).toBe(c.expected.alarm[i]);
      if (c.expected.upperbound[i] === null) expect(p.upperbound).toBeNull();
      else expect(p.upperbound).toBeCloseTo(c.expected.upperbound[i] as number, 9);
    });
  });

  it('runs farringtonFlexible on a date-indexed series with --params in R names', async () => {
    const c = reference('farringtonFlexible_nbPlugin__salmNewport__Bavaria.json');
    const input = csvFile(`date,count\n${c.observed.map((y, i) => `${c.dates![i]},${y}`).join('\n')}\n`);
    const { code, out } = await detect([
      '--method',
      'farrington-flexible',
      '--input',
      input,
      '--range',
      `${c.range[0]}:${c.range[1]}`,
      '--params',
      JSON.stringify({ thresholdMethod: 'nbPlugin' }),
    ]);
    expect(code).toBe(0);
    const points = JSON.parse(out)[0].points;
    expect(points.map((p: { alarm: boolean | null }) => p.alarm)).toEqual(c.expected.alarm);
    expect(points[0].date).toBe(c.dates![c.range[0] - 1]);
  });

  it('reports a series that cannot be evaluated and still runs the others (exit 3)', async () => {
    const rows = ['series_id,t,count'];
    for (let t = 1; t <= 12; t++) rows.push(`"county, A",${t},${t % 4}`);
    for (let t = 1; t <= 3; t++) rows.push(`B,${t},1`);
    for (let t = 1; t <= 12; t++) rows.push(`C,${t},${t === 5 ? 'x' : 1}`);
    const input = csvFile(`${rows.join('\n')}\n`);
    const { code, out } = await detect(['--method', 'ears-c1', '--input', input]);
    expect(code).toBe(3);
    const result = JSON.parse(out);
    expect(result.map((r: { series_id: string }) => r.series_id)).toEqual(['county, A', 'B', 'C']);
    expect(result[0].points.map((p: { t: number }) => p.t)).toEqual([8, 9, 10, 11, 12]);
    // the message names the file and the series' first row (line 14: header + 12 rows of A)
    expect(result[1]).toEqual({
      series_id: 'B',
      error: `${input}:14: earsC C1 needs at least 8 time points (history plus one monitored point); the series has 3`,
    });
    // header (line 1) + 12 rows of A + 3 of B + the 5th row of C
    expect(result[2].error).toBe(`${input}:21: count 'x' is not a non-negative number`);
  });

  it('writes CSV with NA for missing values and extra fields as columns', async () => {
    const input = csvFile('t,count\n1,2\n2,2\n3,2\n4,2\n5,2\n6,2\n7,2\n8,2\n9,2\n10,2\n11,2\n12,5\n');
    const { code, out } = await detect(['--method', 'ears-c3', '--input', input, '--format', 'csv']);
    expect(code).toBe(0);
    expect(out).toBe('series_id,t,observed,upperbound,alarm,error\n1,12,5,NA,NA,\n');
    const cus = await detect(['--method', 'cusum', '--input', input, '--format', 'csv', '--range', '12:12']);
    expect(cus.out.split('\n')[0]).toBe('series_id,t,observed,upperbound,alarm,cusum,m,error');
    // m = mean of t = 1..11 = 2; S = max(0, (5 - 2)/sqrt(2) - 1.04); upperbound = ceiling(sqrt(2)·(2.26 + 1.04) + 2) = 7
    expect(cus.out.split('\n')[1]).toBe(`1,12,5,7,FALSE,${Math.max(0, 3 / Math.sqrt(2) - 1.04)},2,`);
  });

  it('runs auto (our own method) with the same input, output and exit codes as the R methods', async () => {
    const gz = readFileSync(new URL('../../../surveillance/test/reference/quality/series.jsonl.gz', import.meta.url));
    const line = gunzipSync(gz).toString('utf8').split('\n')[0]!;
    const s = JSON.parse(line) as { observed: number[]; eval_range: [number, number] };
    const rows = ['series_id,t,count', ...s.observed.map((y, i) => `S01-1,${i + 1},${y}`), 'short,1,3', 'short,2,4'];
    const input = csvFile(`${rows.join('\n')}\n`);
    const range = `${s.eval_range[0]}:${s.eval_range[1]}`;
    const { code, out } = await detect(['--method', 'auto', '--input', input, '--range', range]);
    // the short series cannot be evaluated: exit 3, the other series still runs
    expect(code).toBe(3);
    const result = JSON.parse(out);
    expect(result[1].series_id).toBe('short');
    expect(result[1].error).toBe(`${input}:626: range [576, 624] ends after the last time point 2`);
    const lib = auto({ observed: s.observed, frequency: 52, start: [2000, 1] }, { range: s.eval_range }).points;
    expect(result[0].points).toHaveLength(49);
    expect(result[0].points.map((p: { alarm: boolean | null }) => p.alarm)).toEqual(lib.map((p) => p.alarm));
    expect(result[0].points.map((p: { upperbound: number | null }) => p.upperbound)).toEqual(lib.map((p) => p.upperbound));
    // CSV: the explained fields as columns
    const csv = await detect([
      '--method',
      'auto',
      '--input',
      csvFile(`${rows.slice(0, -2).join('\n')}\n`),
      '--range',
      range,
      '--format',
      'csv',
    ]);
    expect(csv.code).toBe(0);
    expect(csv.out.split('\n')[0]).toBe('series_id,t,observed,upperbound,alarm,expected,score,cusum,phi,trend,error');
    expect(csv.out.trim().split('\n')).toHaveLength(50);
    // a parameter out of its domain: exit 2, one line naming it
    const bad = await detect(['--method', 'auto', '--input', input, '--params', '{"window":20}']);
    expect(bad.code).toBe(2);
    expect(stderr).toMatch(/window \(20\) must not exceed gap/);
  });

  it('runs the CIDARS methods on daily dates', async () => {
    const rows = ['date,count'];
    const start = Date.UTC(2024, 0, 1);
    for (let i = 0; i < 10; i++) rows.push(`${new Date(start + i * 86_400_000).toISOString().slice(0, 10)},${i === 7 ? 1 : 0}`);
    const { code, out } = await detect(['--method', 'fixed-threshold', '--input', csvFile(`${rows.join('\n')}\n`)]);
    expect(code).toBe(0);
    const points = JSON.parse(out)[0].points;
    expect(points.filter((p: { alarm: boolean }) => p.alarm).map((p: { date: string }) => p.date)).toEqual(['2024-01-08']);
  });

  it('exits 2 with one line naming the file and line for unusable input', async () => {
    const noCount = csvFile('t,cases\n1,2\n');
    expect((await detect(['--method', 'ears-c1', '--input', noCount])).code).toBe(2);
    expect(stderr).toBe(`outbreak detect: ${noCount}:1: the header has no count column (found: t, cases)\n`);

    stderr = '';
    const ragged = csvFile('t,count\n1,2\n2,3,4\n');
    expect((await detect(['--method', 'ears-c1', '--input', ragged])).code).toBe(2);
    expect(stderr).toBe(`outbreak detect: ${ragged}:3: 3 fields, but the header has 2\n`);

    stderr = '';
    const quote = csvFile('t,count\n1,"2\n');
    expect((await detect(['--method', 'ears-c1', '--input', quote])).code).toBe(2);
    expect(stderr).toBe(`outbreak detect: ${quote}:2: a quoted field is not closed\n`);

    stderr = '';
    expect((await detect(['--method', 'ears-c1', '--input', join(dir, 'missing.csv')])).code).toBe(2);
    expect(stderr).toMatch(/missing\.csv: cannot read the input: ENOENT\n$/);
  });

  it('reads standard input with --input - and sets the process exit code (bin/outbreak.mjs)', () => {
    const bin = new URL('../../bin/outbreak.mjs', import.meta.url).pathname;
    const csv = `series_id,t,count\n${[1, 2, 3, 4, 5, 6, 7, 8].map((t) => `a,${t},${t === 8 ? 9 : 1}`).join('\n')}\nb,1,1\n`;
    const r = spawnSync(process.execPath, [bin, 'detect', '--method', 'ears-c1', '--input', '-'], { input: csv, encoding: 'utf8' });
    expect(r.status).toBe(3);
    const out = JSON.parse(r.stdout);
    // baseline of t = 8: seven 1s, sd 0 → upperbound 1, and 9 > 1
    expect(out[0]).toEqual({ series_id: 'a', points: [{ t: 8, observed: 9, upperbound: 1, alarm: true }] });
    expect(out[1].error).toMatch(/needs at least 8 time points/);
  });

  it('exits 2 for unusable arguments, naming the option', async () => {
    const input = csvFile('t,count\n1,2\n');
    const cases: [string[], RegExp][] = [
      [['--method', 'nope', '--input', input], /--method 'nope' is not known/],
      [['--input', input], /--method is required/],
      [['--method', 'ears-c1'], /--input is required/],
      [['--method', 'ears-c1', '--input', input, '--params', '{alpha:1}'], /--params is not valid JSON/],
      [['--method', 'ears-c1', '--input', input, '--params', '{"alpha":2}'], /--params: alpha must be/],
      [['--method', 'ears-c1', '--input', input, '--range', '5:3'], /--range must be FIRST:LAST/],
      [['--method', 'ears-c1', '--input', input, '--format', 'xml'], /--format must be json or csv/],
      [['--method', 'ears-c1', '--input', input, '--bogus'], /Unknown option '--bogus'/],
    ];
    for (const [args, message] of cases) {
      stderr = '';
      expect((await detect(args)).code, args.join(' ')).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});

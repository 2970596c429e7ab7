import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../main.ts';

const dir = mkdtempSync(join(tmpdir(), 'outbreak-scan-'));
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
function file(text: string): string {
  const path = join(dir, `f${++fileNo}.csv`);
  writeFileSync(path, text);
  return path;
}

/** Eight locations in a 4×2 grid, 10 days, two cases a day each, a burst at A and B on the last two days. */
const LOCATIONS = 'id,x,y\nA,0,0\nB,1,0\nC,2,0\nD,3,0\nE,0,5\nF,1,5\nG,2,5\nH,3,5\n';
function casesCsv(): string {
  const rows = ['location,date,count'];
  for (let d = 1; d <= 10; d++)
    for (const l of 'ABCDEFGH') rows.push(`${l},2024-03-${String(d).padStart(2, '0')},${2 + ((l === 'A' || l === 'B') && d >= 9 ? 7 : 0)}`);
  return `${rows.join('\n')}\n`;
}

async function scan(args: string[]): Promise<{ code: number; out: string }> {
  const output = join(dir, `out${++fileNo}`);
  const code = await main(['scan', ...args, '--output', output]);
  let out = '';
  try {
    out = readFileSync(output, 'utf8');
  } catch {
    out = '';
  }
  return { code, out };
}

describe('outbreak scan', () => {
  it('finds the planted cluster, prospective, as JSON with p-value and recurrence interval', async () => {
    const { code, out } = await scan([
      '--input',
      file(casesCsv()),
      '--locations',
      file(LOCATIONS),
      '--prospective',
      '--replications',
      '99',
      '--seed',
      '7',
      '--threads',
      '2',
    ]);
    expect(code).toBe(0);
    const res = JSON.parse(out);
    expect(res.analysis).toBe('prospective');
    expect(res.totals).toEqual({ cases: 188, locations: 8, days: 10 });
    expect(res.replications).toBe(99);
    const top = res.clusters[0];
    expect([...top.locations].sort()).toEqual(['A', 'B']);
    expect(top.start).toBe('2024-03-09');
    expect(top.end).toBe('2024-03-10');
    expect(top.observed).toBe(36);
    // S(A∪B) = 2·(20 + 14) = 68, T(9..10) = 2·(16 + 14) = 60, C = 8·10·2 + 28 = 188
    expect(top.expected).toBeCloseTo((68 * 60) / 188, 10);
    expect(top.pValue).toBeLessThan(0.05);
    expect(top.recurrenceInterval.days).toBeCloseTo(1 / top.pValue, 10);
    expect(stderr).toContain('99/99 replications');
  });

  it('gives the same p-values with 1 and 2 threads, and prints CSV', async () => {
    const input = file(casesCsv());
    const locations = file(LOCATIONS);
    const one = await scan(['--input', input, '--locations', locations, '--replications', '120', '--threads', '1', '--format', 'csv']);
    const two = await scan(['--input', input, '--locations', locations, '--replications', '120', '--threads', '2', '--format', 'csv']);
    expect(one.code).toBe(0);
    expect(two.out).toBe(one.out);
    const [header, first] = one.out.trim().split('\n');
    expect(header).toBe(
      'rank,centre,radius,n_locations,locations,start,end,observed,expected,ratio,llr,p_value,monte_carlo_rank,p_value_gumbel,recurrence_days',
    );
    const f = first.split(',');
    expect(f[0]).toBe('1');
    expect(f[4].split(' ').sort()).toEqual(['A', 'B']);
    expect(f[14]).toBe('NA'); // retrospective: no recurrence interval
  });

  it('stops early with --p-values sequential when the most likely cluster is ordinary', async () => {
    const rows = ['location,date,count'];
    for (let d = 1; d <= 10; d++)
      for (const l of 'ABCDEFGH') rows.push(`${l},2024-03-${String(d).padStart(2, '0')},${1 + ((d * 7 + l.charCodeAt(0)) % 3)}`);
    const { code, out } = await scan([
      '--input',
      file(`${rows.join('\n')}\n`),
      '--locations',
      file(LOCATIONS),
      '--p-values',
      'sequential',
      '--threads',
      '1',
    ]);
    expect(code).toBe(0);
    const res = JSON.parse(out);
    expect(res.replications).toBeLessThan(999);
    expect(res.clusters[0].pValue).toBeCloseTo(50 / res.replications, 12);
    expect((await scan(['--input', file(casesCsv()), '--locations', file(LOCATIONS), '--p-values', 'gumbel'])).code).toBe(2);
  });

  it('reads lat/long locations and rows without a count column', async () => {
    const locations = file('id,lat,long\nP,40.70,-74.00\nQ,40.71,-74.00\nR,40.90,-73.80\nS,41.00,-73.70\n');
    const rows = ['location,date'];
    for (let d = 1; d <= 6; d++) for (const l of 'PQRS') rows.push(`${l},2024-01-0${d}`);
    rows.push('P,2024-01-06', 'P,2024-01-06', 'P,2024-01-06', 'Q,2024-01-06', 'Q,2024-01-06');
    const { code, out } = await scan([
      '--input',
      file(`${rows.join('\n')}\n`),
      '--locations',
      locations,
      '--prospective',
      '--replications',
      '0',
      '--max-share',
      '0.6',
    ]);
    expect(code).toBe(0);
    const top = JSON.parse(out).clusters[0];
    expect(top.locations).toEqual(['P', 'Q']);
    expect(top.radius).toBeCloseTo(1.111, 2); // 0.01° of latitude on a 6367 km sphere
    expect(top.pValue).toBeNull();
  });

  it('exits 2 naming the file and line of a bad row', async () => {
    const input = file('location,date,count\nA,2024-03-01,1\nZ,2024-03-02,1\n');
    expect((await scan(['--input', input, '--locations', file(LOCATIONS)])).code).toBe(2);
    expect(stderr).toContain(`${input}:3: location 'Z' is not in`);
    stderr = '';
    const badDate = file('location,date,count\nA,2024-13-01,1\n');
    expect((await scan(['--input', badDate, '--locations', file(LOCATIONS)])).code).toBe(2);
    expect(stderr).toContain(`${badDate}:2: date '2024-13-01'`);
    stderr = '';
    const badCount = file('location,date,count\nA,2024-03-01,1.5\n');
    expect((await scan(['--input', badCount, '--locations', file(LOCATIONS)])).code).toBe(2);
    expect(stderr).toContain(`${badCount}:2: count '1.5'`);
    stderr = '';
    const dup = file('id,x,y\nA,0,0\nA,1,1\n');
    expect((await scan(['--input', file(casesCsv()), '--locations', dup])).code).toBe(2);
    expect(stderr).toContain(`${dup}:3: location 'A' already defined on line 2`);
    stderr = '';
    const late = file('location,date,count\nA,2024-03-01,1\nB,2024-03-09,1\n');
    expect((await scan(['--input', late, '--locations', file(LOCATIONS), '--end', '2024-03-05'])).code).toBe(2);
    expect(stderr).toContain(`${late}:3: date: 2024-03-09 is outside the study period`);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 2 on unusable arguments', async () => {
    const input = file(casesCsv());
    const locations = file(LOCATIONS);
    expect((await scan(['--input', input])).code).toBe(2);
    expect(stderr).toContain('--locations is required');
    expect((await scan(['--input', input, '--locations', locations, '--format', 'xml'])).code).toBe(2);
    expect((await scan(['--input', input, '--locations', locations, '--max-share', '1.5'])).code).toBe(2);
    expect((await scan(['--input', input, '--locations', locations, '--max-days', '0'])).code).toBe(2);
    expect((await scan(['--input', input, '--locations', locations, '--bogus'])).code).toBe(2);
    expect((await scan(['--input', join(dir, 'missing.csv'), '--locations', locations])).code).toBe(2);
    expect(stderr).toContain('missing.csv: cannot read the cases file (ENOENT)');
  });
});

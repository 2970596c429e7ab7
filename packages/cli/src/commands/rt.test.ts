import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutbreak as outbreak } from '../test-support/run-outbreak.ts';
import { csvTable, readCsvTable } from '../csv.ts';
import { readIncidence, readPlainIncidence } from './rt.ts';

let dir: string;
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbreak-rt-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const nyc = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../epimodels/test/reference/rt/rt_p_NYCschool_m2.6_s1.5.json'), 'utf8'),
) as {
  incidence: number[];
  expected: Record<string, number[]>;
};

describe('outbreak rt', () => {
  it('reproduces EpiEstim from a t,count CSV (json, default weekly windows)', async () => {
    const input = file('nyc.csv', `t,count\n${nyc.incidence.map((c, i) => `${i + 1},${c}`).join('\n')}\n`);
    const { code, stdout, stderr } = await outbreak('rt', '--input', input, '--params', '{"mean_si":2.6,"std_si":1.5}');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const rows = JSON.parse(stdout);
    expect(rows).toHaveLength(7);
    expect(Object.keys(rows[0])).toEqual([
      't_start',
      't_end',
      'mean_r',
      'std_r',
      'quantile_0_025_r',
      'quantile_0_05_r',
      'quantile_0_25_r',
      'median_r',
      'quantile_0_75_r',
      'quantile_0_95_r',
      'quantile_0_975_r',
    ]);
    rows.forEach((r: Record<string, number>, i: number) => {
      expect(r.t_start).toBe(nyc.expected.t_start[i]);
      for (const f of ['mean_r', 'std_r', 'quantile_0_025_r', 'median_r', 'quantile_0_975_r']) {
        expect(Math.abs(r[f] - nyc.expected[f][i]) / nyc.expected[f][i]).toBeLessThanOrEqual(1e-6);
      }
    });
  });

  it('reads dates, local and imported columns, writes CSV with NA', async () => {
    const days = [
      '2024-03-01',
      '2024-03-02',
      '2024-03-03',
      '2024-03-04',
      '2024-03-05',
      '2024-03-06',
      '2024-03-07',
      '2024-03-08',
      '2024-03-09',
    ];
    const input = file(
      'dated.csv',
      `date,local,imported\n${days.map((d, i) => `${d},${[0, 2, 3, 5, 8, 10, 9, 12, 15][i]},${i === 0 ? 4 : 0}`).join('\r\n')}\r\n`,
    );
    const { code, stdout } = await outbreak(
      'rt',
      '--input',
      input,
      '--params',
      '{"mean_si":2.6,"std_si":1.5,"t_start":[2,2],"t_end":[2,9]}',
      '--format',
      'csv',
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe(
      't_start,t_end,date_start,date_end,mean_r,std_r,quantile_0_025_r,quantile_0_05_r,quantile_0_25_r,median_r,quantile_0_75_r,quantile_0_95_r,quantile_0_975_r',
    );
    // The window ending on day 2 is shorter than the mean serial interval: EpiEstim gives NA.
    expect(lines[1]).toBe('2,2,2024-03-02,2024-03-02,NA,NA,NA,NA,NA,NA,NA,NA,NA');
    expect(lines[2].startsWith('2,9,2024-03-02,2024-03-09,')).toBe(true);
    expect(Number(lines[2].split(',')[4])).toBeGreaterThan(1);
  });

  it('estimates each series_id separately, reports a failing series and exits 3', async () => {
    const rows = ['series_id,t,count'];
    for (let t = 1; t <= 20; t++) rows.push(`town-a,${t},${5 + t}`);
    for (let t = 1; t <= 5; t++) rows.push(`town-b,${t},${t}`);
    const input = file('series.csv', `${rows.join('\n')}\n`);
    const r = await outbreak('rt', '--input', input, '--params', '{"mean_si":4.8,"std_si":2.3}');
    expect(r.code).toBe(3);
    const out = JSON.parse(r.stdout);
    expect(out.filter((o: { series_id: string }) => o.series_id === 'town-a')).toHaveLength(13);
    const failed = out.find((o: { series_id: string }) => o.series_id === 'town-b');
    expect(failed.error).toMatch(/series\.csv line 22: series town-b: incidence: has 5 days/);
    expect(r.stderr).toMatch(/series town-b: incidence: has 5 days/);
  });

  it('refuses --params that no series can use with exit 2, before writing anything', async () => {
    const rows = ['series_id,t,count'];
    for (const id of ['a', 'b']) for (let t = 1; t <= 10; t++) rows.push(`${id},${t},${t}`);
    const input = file('two.csv', `${rows.join('\n')}\n`);
    const r = await outbreak('rt', '--input', input, '--params', '{"mean_si":0.5,"std_si":1}');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('outbreak rt: --params: series a: mean_si: method parametric_si requires a value > 1, got 0.5');
  });

  it('builds incidence from a line list by onset or by report date', async () => {
    const lines = ['onset_date,report_date,imported'];
    for (let d = 1; d <= 20; d++)
      for (let k = 0; k < d; k++)
        lines.push(`2024-05-${String(d).padStart(2, '0')},2024-05-${String(d + 2).padStart(2, '0')},${d === 1 ? 'yes' : 'no'}`);
    lines.push(',2024-05-10,0');
    const input = file('cases.csv', `${lines.join('\n')}\n`);
    const onset = await outbreak('rt', '--input', input, '--linelist', '--params', '{"mean_si":4.8,"std_si":2.3}');
    expect(onset.code).toBe(0);
    expect(onset.stderr).toMatch(/1 case\(s\) without onset_date left out/);
    const byOnset = JSON.parse(onset.stdout);
    expect(byOnset[0]).toMatchObject({ t_start: 2, t_end: 8, date_start: '2024-05-02', date_end: '2024-05-08' });
    const report = await outbreak('rt', '--input', input, '--linelist', '--by', 'report', '--params', '{"mean_si":4.8,"std_si":2.3}');
    expect(report.code).toBe(0);
    const byReport = JSON.parse(report.stdout);
    expect(byReport[0]).toMatchObject({ date_start: '2024-05-04', date_end: '2024-05-10' });
  });

  it('uses non_parametric_si when si_distr is given', async () => {
    const input = file('np.csv', `t,count\n${nyc.incidence.map((c, i) => `${i + 1},${c}`).join('\n')}\n`);
    const r = await outbreak(
      'rt',
      '--input',
      input,
      '--params',
      '{"si_distr":[0,0.233,0.359,0.198,0.103,0.053,0.027,0.014,0.007,0.003,0.002,0.001]}',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)[0].mean_r).toBeGreaterThan(1.9);
  });

  it('rejects bad input with one line naming the field, file and line (exit 2)', async () => {
    const good = file('good.csv', 't,count\n1,2\n2,3\n3,4\n4,5\n5,6\n6,7\n7,8\n8,9\n');
    const cases: [string[], RegExp][] = [
      [['--input', file('nocol.csv', 't,cases\n1,2\n')], /nocol\.csv line 1: no column 'local' or 'count'/],
      [['--input', file('nan.csv', 't,count\n1,2\n2,x3\n')], /nan\.csv line 3: count is 'x3', not a number/],
      [['--input', file('gap.csv', 't,count\n1,2\n2,3\n4,4\n')], /gap\.csv line 4: days jump from 2 to 4/],
      [['--input', file('neg.csv', 't,count\n1,2\n2,-3\n')], /neg\.csv line 3: count is -3; counts must be ≥ 0/],
      [['--input', file('ragged.csv', 't,count\n1,2\n2,3,4\n')], /ragged\.csv line 3: has 3 fields, the header has 2/],
      [['--input', file('date.csv', 'date,count\n2024-02-30,1\n')], /date\.csv line 2: date is '2024-02-30', not a calendar date/],
      [['--input', good, '--params', '{"mean_si":2.6}'], /--params: std_si: method parametric_si requires a number std_si/],
      [['--input', good, '--params', '{"mean_si":2.6,"std_si":1.5,"window":7}'], /--params: unknown field 'window'/],
      [['--input', good, '--params', '{"mean_si":2.6,"std_si":1.5,"t_start":[1],"t_end":[5]}'], /--params: t_start: value 1 \(window 1\)/],
      [['--input', good, '--method', 'uncertain_si'], /--method must be parametric_si or non_parametric_si/],
      [['--input', join(dir, 'absent.csv')], /cannot read .*absent\.csv: ENOENT/],
      [['--params', '{}'], /--input FILE is required/],
      [['--input', good, '--bogus'], /Unknown option '--bogus'/],
      [['--input', file('late.csv', 't,count\n5,2\n6,3\n')], /late\.csv line 2: t starts at 5; day numbers must start at 1/],
      [['--input', good, '--by', 'report'], /--by applies only with --linelist/],
    ];
    for (const [args, message] of cases) {
      const r = await outbreak('rt', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });
});

describe('readCsvTable', () => {
  /** RFC 4180 encoding of one cell: quoted when it holds a comma, quote or line break, or is blank (a blank line is skipped). */
  const encode = (cell: string) => (/[",\r\n]/.test(cell) || cell.trim() === '' ? `"${cell.replace(/"/g, '""')}"` : cell);

  it('property: reads back any table written as RFC 4180 CSV, with the right line numbers', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', '1', ' ', ',', '"', '\n', '\r\n', '区', '-'), maxLength: 6 });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.boolean(), fc.boolean(), (width, crlf, bom) =>
        fc.assert(
          fc.property(fc.array(fc.array(cell, { minLength: width, maxLength: width }), { minLength: 1, maxLength: 6 }), (table) => {
            const eol = crlf ? '\r\n' : '\n';
            const text = (bom ? '\ufeff' : '') + table.map((row) => row.map(encode).join(',')).join(eol) + eol;
            const path = file('prop.csv', text);
            const got = readCsvTable(path);
            expect(got.header).toEqual(table[0].map((h) => h.trim()));
            expect(got.rows.map((r) => r.cells)).toEqual(table.slice(1));
            // Line numbers count the physical lines before each record (quoted cells may span lines).
            let line = 1 + table[0].join('').split('\n').length - 1 + 1;
            got.rows.forEach((r, i) => {
              expect(r.line).toBe(line);
              line += table[i + 1].join('').split('\n').length;
            });
          }),
          { numRuns: 15 },
        ),
      ),
      { numRuns: 12 },
    );
  });
});

describe('readPlainIncidence (the fast reader of plain incidence files)', () => {
  const general = (text: string) => readIncidence(csvTable(text, join(dir, 'plain.csv')));

  it('gives the series of the general reader on plain files', () => {
    const files = [
      't,count\n1,0\n2,3\n3,10\n',
      'series_id,t,count\nA,1,1\nA,2,0\nA,3,4\nB-2,1,7\nB-2,2,0\n',
      't,local,imported,series_id\n1,0,2,x\n2,5,1,x\n1,1,1,y\n',
      'series_id,t,local\n1,1,5\n1,2,6',
    ];
    for (const text of files) {
      const fast = readPlainIncidence(text);
      expect(fast, text).not.toBeNull();
      expect(fast).toEqual(general(text));
    }
    const two = readPlainIncidence(files[2])!;
    expect(two.map((s) => [s.id, s.line, s.incidence.local, s.incidence.imported])).toEqual([
      ['x', 2, [0, 5], [2, 1]],
      ['y', 4, [1], [1]],
    ]);
  });

  it('leaves every other file to the general reader', () => {
    for (const text of [
      't,count\n1,0\n\n2,3\n', // blank line
      't,count\r\n1,0\r\n', // CRLF
      't,count\n1,"0"\n', // quotes
      't,count\n2,0\n1,3\n', // days out of order
      't,count\n1,NA\n2,3\n', // missing count
      't,count\n1, 4\n', // space
      't,count\n1,4.5\n', // decimal
      'date,count\n2024-01-01,4\n', // dates
      'series_id,t,count\nA,1,1\nB,1,1\nA,2,1\n', // a series in two runs
      't,count,extra\n1,1,1\n', // another column
      't,count\n1,1,1\n', // a row too long
      't,count\n',
    ])
      expect(readPlainIncidence(text), text).toBeNull();
  });

  const workloadC = join(import.meta.dirname, '../../../../../shared/bench/inputs/c_epiestim_parametric_daily.csv');
  it.skipIf(!existsSync(workloadC))('reads workload c (../shared/bench) as the general reader does', () => {
    const text = readFileSync(workloadC, 'utf8');
    const fast = readPlainIncidence(text);
    expect(fast).toHaveLength(1000);
    expect(fast).toEqual(general(text));
  });
});

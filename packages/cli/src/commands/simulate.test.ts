import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutbreak as outbreak } from '../test-support/run-outbreak.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbreak-simulate-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reference = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../epimodels/test/reference/seir/seir_flu_like.json'), 'utf8'),
) as { params: Record<string, number>; expected: { S: number[]; E: number[]; I: number[]; R: number[] } };

describe('outbreak simulate --model seir', () => {
  it('reproduces the deSolve reference run from --params', async () => {
    const { beta, sigma, gamma, N, S0, E0, I0, R0 } = reference.params;
    const { code, stdout } = await outbreak(
      'simulate',
      '--model',
      'seir',
      '--params',
      JSON.stringify({ beta, sigma, gamma, N, S0, E0, I0, R0 }),
    );
    expect(code).toBe(0);
    const out = JSON.parse(stdout);
    expect(out.model).toBe('seir');
    expect(out.times).toHaveLength(201);
    expect(out.solver).toMatchObject({ method: 'dopri5', rtol: 1e-10, atol: 1e-10 });
    for (const k of ['S', 'E', 'I', 'R'] as const) {
      out[k].forEach((v: number, i: number) => expect(Math.abs(v - reference.expected[k][i]) / N).toBeLessThanOrEqual(1e-8));
    }
  });

  it('fills S0, E0 and R0 by default and honours --days and --format csv', async () => {
    const { code, stdout } = await outbreak(
      'simulate',
      '--model',
      'seir',
      '--params',
      '{"beta":0.4,"sigma":0.25,"gamma":0.2,"N":1000,"I0":5}',
      '--days',
      '3',
      '--format',
      'csv',
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('time,S,E,I,R');
    expect(lines).toHaveLength(5);
    expect(lines[1]).toBe('0,995,0,5,0');
    const last = lines[4].split(',').map(Number);
    expect(last[0]).toBe(3);
    expect(last.slice(1).reduce((a, b) => a + b, 0)).toBeCloseTo(1000, 8);
  });

  it('runs every row of --params-file and reports failures per set (exit 3)', async () => {
    const file = join(dir, 'sets.csv');
    writeFileSync(
      file,
      'param_id,beta,sigma,gamma,N,I0,E0,R0,S0\n1,0.435228872776497,0.324805234737327,0.114649436003933,54698,1,0,0,54697\n2,0.408264017407782,0.133916826382474,0.286643822217874,1550484,16,0,0,1550468\n',
    );
    const ok = await outbreak('simulate', '--model', 'seir', '--params-file', file, '--days', '50');
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.stdout);
    expect(out.times).toHaveLength(51);
    expect(out.runs.map((r: { param_id: string }) => r.param_id)).toEqual(['1', '2']);
    expect(out.runs[1].S[0]).toBe(1550468);
    expect(ok.stderr).toMatch(/2 parameter set\(s\) in/);

    const csv = await outbreak('simulate', '--model', 'seir', '--params-file', file, '--days', '2', '--format', 'csv');
    expect(csv.stdout.trim().split('\n')).toHaveLength(1 + 2 * 3);
    expect(csv.stdout.split('\n')[1]).toBe('1,0,54697,0,1,0');

    // maxSteps cannot be reached at sane tolerances; an absurd rtol makes the solver give up on one set.
    const tight = await outbreak(
      'simulate',
      '--model',
      'seir',
      '--params-file',
      file,
      '--days',
      '200',
      '--rtol',
      '1e-300',
      '--atol',
      '1e-300',
    );
    expect(tight.code).toBe(3);
    expect(tight.stderr).toMatch(/param_id 1: the solver failed/);
    expect(JSON.parse(tight.stdout).runs[0].error).toMatch(/dopri5/);
  });

  it('numbers rows without param_id and completes S0, E0 and R0 in a params file', async () => {
    const file = join(dir, 'minimal.csv');
    writeFileSync(file, 'beta,sigma,gamma,N,I0\n0.5,0.5,0.25,10000,10\n0.2,0.5,0.25,10000,10\n');
    const r = await outbreak('simulate', '--model', 'seir', '--params-file', file, '--days', '100');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.runs.map((x: { param_id: string }) => x.param_id)).toEqual(['1', '2']);
    expect(out.runs[0].params).toEqual({ beta: 0.5, sigma: 0.5, gamma: 0.25, N: 10000, S0: 9990, E0: 0, I0: 10, R0: 0 });
    // R0 = β/γ: 2 grows into an epidemic, 0.8 dies out.
    expect(Math.max(...out.runs[0].I)).toBeGreaterThan(1000);
    expect(Math.max(...out.runs[1].I)).toBeLessThanOrEqual(10);
  });

  it('rejects bad input with a one-line message naming field, file and line (exit 2)', async () => {
    writeFileSync(join(dir, 'sets-unknown.csv'), 'beta,sigma,gamma,N,I0,mu\n0.3,0.2,0.1,1000,1,2\n');
    writeFileSync(join(dir, 'sets-nogamma.csv'), 'beta,sigma,gamma,N,I0\n0.3,0.2,,1000,1\n');
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'param_id,beta,sigma,gamma,N,I0\n1,0.3,0.2,0.1,1000,1\n2,0.3,abc,0.1,1000,1\n');
    const cases: [string[], RegExp][] = [
      [['--params', '{"beta":0.3,"sigma":0.2,"N":1000,"I0":1}'], /--params: field 'gamma' is missing/],
      [['--params', '{"beta":0.3,"sigma":0.2,"gamma":-1,"N":1000,"I0":1}'], /--params: gamma must be ≥ 0, got -1/],
      [['--params', '{"beta":0.3,"sigma":0.2,"gamma":0.1,"N":1000,"I0":1,"mu":2}'], /--params: unknown field 'mu'/],
      [['--params', '{beta:1}'], /--params: not valid JSON/],
      [['--params-file', bad], /bad\.csv line 3: sigma is 'abc', not a number/],
      [['--params-file', join(dir, 'missing.csv')], /cannot read .*missing\.csv: ENOENT/],
      [['--params-file', join(dir, 'sets-unknown.csv')], /sets-unknown\.csv line 1: unknown column 'mu'/],
      [['--params-file', join(dir, 'sets-nogamma.csv')], /sets-nogamma\.csv line 2: field 'gamma' is missing/],
      [['--params', '{"beta":0.3,"sigma":0.2,"gamma":0.1,"N":1000,"I0":1}', '--days', '2.5'], /--days must be a whole number/],
      [[], /give exactly one of --params JSON or --params-file FILE/],
    ];
    for (const [args, message] of cases) {
      const r = await outbreak('simulate', '--model', 'seir', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
  });

  it('names unknown models and missing --model', async () => {
    expect((await outbreak('simulate', '--model', 'sirs')).stderr).toMatch(/unknown model 'sirs' \(one of seir/);
    const r = await outbreak('simulate', '--params', '{}');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--model is required/);
  });

  it('prints help listing the models', async () => {
    const r = await outbreak('simulate', '--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--model seir --params JSON/);
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runOutbreak as outbreak } from '../test-support/run-outbreak.ts';

const example = join(import.meta.dirname, '../../../epimodels/examples/district-j.scenario.json');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'outbreak-metapop-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small two-patch scenario written to the temporary folder. */
function scenarioFile(name: string, doc: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : JSON.stringify(doc));
  return path;
}

const small = {
  days: 40,
  disease: { beta: 0.6, sigma: 0.25, gamma: 0.2 },
  patches: [
    { id: 'port', population: 20_000, I0: 10 },
    { id: 'town', population: 8_000 },
  ],
  links: [{ id: 'ferry', from: 'town', to: 'port', flow: 1500, kind: 'shipping' }],
};

describe('outbreak simulate --model metapop', () => {
  it('runs the District J example deterministically with demand and the scenario comparison', async () => {
    const { code, stdout, stderr } = await outbreak('simulate', '--model', 'metapop', '--scenario', example, '--days', '120');
    expect(code).toBe(0);
    expect(stderr).toContain('15 patches × 120 days, 5 scenario(s)');
    const out = JSON.parse(stdout);
    expect(out.mode).toBe('deterministic');
    expect(out.times).toHaveLength(121);
    expect(out.patches).toHaveLength(15);
    const port = out.patches.find((p: { id: string }) => p.id === '500199005');
    // S + E + I + R stays the patch population.
    for (const t of [0, 60, 120]) expect(port.S[t] + port.E[t] + port.I[t] + port.R[t]).toBeCloseTo(95_000, 4);
    expect(port.incidence).toHaveLength(120);
    expect(out.comparison.map((o: { name: string }) => o.name)).toContain('port restricted from day 21');
    expect(out.demand.capacity.hospital.capacity).toBe(900);
    expect(out.demand.supplies.map((s: { id: string }) => s.id)).toEqual(['n95', 'ppe', 'test-kits', 'disinfectant']);
  });

  it('writes CSV rows per patch and day', async () => {
    const path = scenarioFile('small.json', small);
    const { code, stdout } = await outbreak('simulate', '--model', 'metapop', '--scenario', path, '--format', 'csv');
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('patch,time,S,E,I,R,incidence');
    expect(lines).toHaveLength(1 + 2 * 41);
    expect(lines[1].startsWith('port,0,19990,0,10,0,')).toBe(true);
  });

  it('runs a seeded ensemble with quantiles, the same for 1 and 2 threads', async () => {
    const path = scenarioFile('small-ens.json', small);
    const one = await outbreak('simulate', '--model', 'metapop', '--scenario', path, '--runs', '12', '--seed', '8', '--threads', '1');
    const two = await outbreak('simulate', '--model', 'metapop', '--scenario', path, '--runs', '12', '--seed', '8', '--threads', '2');
    expect(one.code).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    const out = JSON.parse(one.stdout);
    expect(out.mode).toBe('ensemble');
    expect(out.runs).toBe(12);
    expect(Object.keys(out.total.infectious.quantiles)).toEqual(['0.025', '0.05', '0.25', '0.5', '0.75', '0.95', '0.975']);
    expect(out.total.infectious.mean[0]).toBe(10);
    expect(out.patches[1].incidence.mean).toHaveLength(40);
    expect(out.peak.medianInfectious).toBeGreaterThan(10);
    expect(out.comparison).toBeUndefined();
  });

  it('compares scenarios over stochastic runs when the file has them', async () => {
    const path = scenarioFile('small-cmp.json', {
      ...small,
      scenarios: [
        { name: 'open', interventions: [] },
        { name: 'ferry closed', interventions: [{ type: 'mobilityRestriction', links: ['ferry'], reduction: 1, start: 0 }] },
      ],
    });
    const { code, stdout, stderr } = await outbreak('simulate', '--model', 'metapop', '--scenario', path, '--runs', '10', '--threads', '0');
    expect(code).toBe(0);
    expect(stderr).toContain('2 scenario(s)');
    const out = JSON.parse(stdout);
    expect(out.comparison.map((o: { name: string }) => o.name)).toEqual(['open', 'ferry closed']);
    for (const o of out.comparison) {
      expect(o.runs).toBe(10);
      expect(o.totalInfections.lower).toBeLessThanOrEqual(o.totalInfections.median);
      expect(o.totalInfections.median).toBeLessThanOrEqual(o.totalInfections.upper);
    }
    // The port is seeded and has most of the people: both schedules infect thousands in 40 days.
    expect(out.comparison[1].totalInfections.median).toBeGreaterThan(1000);
  });

  it('rejects bad scenarios with one line naming the file and field', async () => {
    const bad = scenarioFile('bad.json', { ...small, links: [{ from: 'town', to: 'harbour', flow: 10 }] });
    const r1 = await outbreak('simulate', '--model', 'metapop', '--scenario', bad);
    expect(r1.code).toBe(2);
    expect(r1.stderr.trim()).toBe(`outbreak simulate: ${bad}: links[0].to: unknown patch "harbour"`);
    const broken = scenarioFile('broken.json', '{ "days": ');
    const r2 = await outbreak('simulate', '--model', 'metapop', '--scenario', broken);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(`${broken}: not valid JSON`);
    const r3 = await outbreak('simulate', '--model', 'metapop');
    expect(r3.stderr).toContain('--scenario FILE.json is required');
    const r4 = await outbreak('simulate', '--model', 'metapop', '--scenario', bad.replace('bad', 'small'), '--seed', '3');
    expect(r4.code).toBe(2);
    expect(r4.stderr).toContain('--seed applies to stochastic runs');
    const r5 = await outbreak(
      'simulate',
      '--model',
      'metapop',
      '--scenario',
      scenarioFile('frac.json', {
        ...small,
        patches: [
          { id: 'port', population: 20_000, I0: 2.5 },
          { id: 'town', population: 8_000 },
        ],
      }),
      '--runs',
      '2',
    );
    expect(r5.code).toBe(2);
    expect(r5.stderr).toContain('patches[0].I0 must be a whole number of people');
  });
});

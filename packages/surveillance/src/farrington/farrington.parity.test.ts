/**
 * Parity of farrington and farringtonFlexible with R `surveillance` 1.20.3: every reference file
 * in test/reference/surveillance whose `algorithm` starts with "farrington" is run (new files are
 * picked up automatically), one test per case, and so is every case in ./test-cases (control values
 * the shared cases leave untested; see test-cases/README.md). At every monitored point `alarm` and `trend` must
 * be identical (R NA ↔ null) and `upperbound` and every other numeric field within relative 1e-6
 * (absolute 1e-9 near zero). Nothing is skipped: a mismatch fails with the first ten differences.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DetectionPoint, SurveillanceSeries } from '../types.ts';
import { farrington } from './farrington.ts';
import { farringtonFlexible } from './farrington-flexible.ts';

const REFERENCE_DIR = fileURLToPath(new URL('../../test/reference/surveillance/', import.meta.url));
const EXTRA_DIR = fileURLToPath(new URL('./test-cases/', import.meta.url));

interface ReferenceCase {
  id: string;
  algorithm: string;
  r_call: string;
  params: Record<string, unknown>;
  frequency: number;
  start: [number, number] | string;
  epochAsDate?: boolean;
  dates?: string[] | null;
  observed: (number | null)[];
  population?: (number | null)[] | null;
  range: [number, number];
  expected: Record<string, (number | boolean | null)[]>;
}

function load(path: string): ReferenceCase {
  return JSON.parse(readFileSync(path, 'utf8')) as ReferenceCase;
}

/** JSON files of a folder whose algorithm is a Farrington variant, sorted, as full paths. */
function farringtonCases(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => dir + f)
    .filter((path) => load(path).algorithm.startsWith('farrington'));
}

function seriesOf(c: ReferenceCase): SurveillanceSeries {
  return {
    observed: c.observed.map((v) => (v === null ? Number.NaN : v)),
    population: c.population ? c.population.map((v) => (v === null ? Number.NaN : v)) : null,
    dates: c.dates ?? null,
    frequency: c.frequency,
    start: c.start,
    epochAsDate: c.epochAsDate ?? false,
  };
}

function run(c: ReferenceCase): DetectionPoint[] {
  const control = { ...c.params, range: c.range } as Record<string, unknown>;
  if (c.algorithm.startsWith('farringtonFlexible')) return farringtonFlexible(seriesOf(c), control).points;
  if (c.algorithm === 'farrington') return farrington(seriesOf(c), control).points;
  throw new Error(`unknown Farrington variant ${c.algorithm}`);
}

/** Relative 1e-6, or absolute 1e-9 near zero. */
function close(actual: number, expected: number): boolean {
  const diff = Math.abs(actual - expected);
  return diff <= 1e-9 || diff <= 1e-6 * Math.abs(expected);
}

/** Every difference between our points and R's expected arrays (empty = parity). */
export function mismatches(points: DetectionPoint[], c: ReferenceCase): string[] {
  const problems: string[] = [];
  const n = c.range[1] - c.range[0] + 1;
  if (points.length !== n) return [`${points.length} points, expected ${n}`];
  for (const [field, values] of Object.entries(c.expected)) {
    if (!Array.isArray(values) || values.length !== n) {
      problems.push(`${field}: reference has ${Array.isArray(values) ? values.length : 'no'} values, expected ${n}`);
      continue;
    }
    for (let i = 0; i < n; i++) {
      const want = values[i] ?? null;
      const got = points[i]![field];
      const where = `t=${c.range[0] + i} ${field}`;
      if (got === undefined) {
        problems.push(`${where}: missing in our output`);
        break;
      }
      if (want === null || typeof want === 'boolean') {
        if (got !== want) problems.push(`${where}: got ${String(got)}, R ${String(want)}`);
      } else if (typeof got !== 'number' || !close(got, want)) {
        problems.push(`${where}: got ${String(got)}, R ${want}`);
      }
    }
  }
  return problems;
}

describe('farrington / farringtonFlexible parity with R surveillance 1.20.3', () => {
  const shared = farringtonCases(REFERENCE_DIR);
  const extra = farringtonCases(EXTRA_DIR);

  it('finds the Farrington reference cases', () => {
    expect(shared.length).toBeGreaterThanOrEqual(21);
    expect(extra.length).toBeGreaterThanOrEqual(22);
  });

  for (const path of [...shared, ...extra]) {
    it(path.slice(path.lastIndexOf('/', path.lastIndexOf('/') - 1) + 1), () => {
      const c = load(path);
      const problems = mismatches(run(c), c);
      expect(problems.slice(0, 10), `${problems.length} mismatches; R call: ${c.r_call}`).toEqual([]);
    });
  }
});

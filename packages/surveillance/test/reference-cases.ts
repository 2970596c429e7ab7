/**
 * Loads the R reference cases of test/reference/surveillance (format: test/reference/README.md)
 * and turns them into our inputs. Every file in the folder is read, so new cases are picked up.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SurveillanceSeries } from '../src/types.ts';

export const REFERENCE_DIR = fileURLToPath(new URL('./reference/surveillance/', import.meta.url));

/** One reference case as stored. */
export interface ReferenceCase {
  id: string;
  file: string;
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
  expected: Record<string, unknown>;
}

/** All reference files, sorted by name. */
export function referenceFiles(): string[] {
  return readdirSync(REFERENCE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function loadCase(file: string): ReferenceCase {
  const data = JSON.parse(readFileSync(REFERENCE_DIR + file, 'utf8')) as Omit<ReferenceCase, 'file'>;
  return { ...data, file };
}

/** The case's series as the library takes it (R NA → NaN). */
export function caseSeries(c: ReferenceCase): SurveillanceSeries {
  return {
    observed: c.observed.map((v) => (v === null ? Number.NaN : v)),
    population: c.population ? c.population.map((v) => (v === null ? Number.NaN : v)) : null,
    dates: c.dates ?? null,
    frequency: c.frequency,
    start: c.start,
    epochAsDate: c.epochAsDate ?? false,
  };
}

/**
 * The control list we pass: the case's params (R names) plus its range. Fields the reference
 * writes for information only (glrnb's `alpha_estimated`, the result of the fit) are removed.
 */
export function caseControl(c: ReferenceCase): Record<string, unknown> {
  const { alpha_estimated: _estimated, ...params } = c.params;
  return { ...params, range: c.range };
}

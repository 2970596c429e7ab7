/**
 * Loader for the detection-quality reference (test/reference/quality, README there) and the R
 * calls it was produced with, as registry method + control list. Shared by the alarm-parity test
 * and the quality benchmark workload.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export const QUALITY_DIR = new URL('./reference/quality/', import.meta.url);

export function readJsonl<T>(file: string): T[] {
  return gunzipSync(readFileSync(new URL(file, QUALITY_DIR)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

export interface QualitySeries {
  scenario: string;
  series: number;
  frequency: number;
  start: [number, number];
  observed: number[];
  outbreak: number[];
  eval_range: [number, number];
}

export interface QualityAlarms {
  scenario: string;
  series: number;
  algorithm: string;
  failed: boolean;
  alarm: (0 | 1 | null)[] | null;
}

/** The R calls of quality/README.md ("Algorithms"), as registry method + control list. */
export const QUALITY_CALLS: Record<string, { method: string; control: Record<string, unknown> }> = {
  farringtonFlexible_default: { method: 'farringtonFlexible', control: {} },
  farringtonFlexible_noufaily_nbPlugin: {
    method: 'farringtonFlexible',
    control: { thresholdMethod: 'nbPlugin', noPeriods: 10, pastWeeksNotIncluded: 26, weightsThreshold: 2.58 },
  },
  farringtonFlexible_noufaily_delta: {
    method: 'farringtonFlexible',
    control: { thresholdMethod: 'delta', noPeriods: 10, pastWeeksNotIncluded: 26, weightsThreshold: 2.58 },
  },
  farrington_b3_w3: { method: 'farrington', control: { b: 3, w: 3 } },
  earsC_C1: { method: 'earsC_C1', control: {} },
  earsC_C2: { method: 'earsC_C2', control: {} },
  earsC_C3: { method: 'earsC_C3', control: {} },
  cusum: { method: 'cusum', control: {} },
  glrnb: { method: 'glrnb', control: {} },
  bayes: { method: 'bayes', control: {} },
  rki3: { method: 'rki3', control: {} },
};

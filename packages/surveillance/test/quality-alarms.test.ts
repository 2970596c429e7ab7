/**
 * Alarm-level parity on the detection-quality reference (test/reference/quality, README there):
 * 80 simulated weekly series with injected outbreaks (Noufaily et al. 2013 design) and the alarms
 * R surveillance 1.20.3 raised on their last 49 weeks with each algorithm. Every series and
 * algorithm is rerun through the registry and its alarms must be identical (NA ↔ null); a series
 * on which R failed must fail here too (DetectionInputError).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DetectionInputError } from '../src/errors.ts';
import { findMethod } from '../src/methods.ts';

const dir = new URL('./reference/quality/', import.meta.url);
const jsonl = <T>(file: string): T[] =>
  gunzipSync(readFileSync(new URL(file, dir)))
    .toString('utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

interface QualitySeries {
  scenario: string;
  series: number;
  frequency: number;
  start: [number, number];
  observed: number[];
  eval_range: [number, number];
}
interface QualityAlarms {
  scenario: string;
  series: number;
  algorithm: string;
  failed: boolean;
  alarm: (0 | 1 | null)[] | null;
}

/** The R calls of quality/README.md as registry method + control list. */
const CALLS: Record<string, { method: string; control: Record<string, unknown> }> = {
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

describe('alarms on the detection-quality reference series', () => {
  const series = new Map(jsonl<QualitySeries>('series.jsonl.gz').map((s) => [`${s.scenario}/${s.series}`, s]));
  const lines = jsonl<QualityAlarms>('alarms.jsonl.gz');

  it('reads all 80 series and 880 alarm lines', () => {
    expect(series.size).toBe(80);
    expect(lines).toHaveLength(880);
  });

  const algorithms = [...new Set(lines.map((l) => l.algorithm))].sort();
  for (const algorithm of algorithms) {
    it(`${algorithm}: identical alarms on every series`, () => {
      const call = CALLS[algorithm];
      if (!call) throw new Error(`no R call known for quality algorithm ${algorithm}`);
      const method = findMethod(call.method);
      if (!method) throw new Error(`no implementation registered for ${call.method}`);
      const problems: string[] = [];
      for (const line of lines.filter((l) => l.algorithm === algorithm)) {
        const s = series.get(`${line.scenario}/${line.series}`)!;
        const where = `${line.scenario} series ${line.series}`;
        let alarms: (boolean | null)[] | null = null;
        try {
          alarms = method
            .run({ observed: s.observed, frequency: s.frequency, start: s.start }, { ...call.control, range: s.eval_range })
            .points.map((p) => p.alarm);
        } catch (err) {
          if (!(err instanceof DetectionInputError)) throw err;
          if (!line.failed) problems.push(`${where}: we failed (${err.message}), R did not`);
          continue;
        }
        if (line.failed) {
          problems.push(`${where}: R failed, we did not`);
          continue;
        }
        const want = line.alarm!.map((a) => (a === null ? null : a === 1));
        want.forEach((a, i) => {
          if (alarms![i] !== a) problems.push(`${where} week ${s.eval_range[0] + i}: ours ${alarms![i]}, R ${a}`);
        });
      }
      expect(problems.slice(0, 10), `${problems.length} differences`).toEqual([]);
    });
  }
});

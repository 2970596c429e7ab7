/**
 * Alarm-level parity on the detection-quality reference (test/reference/quality, README there):
 * 80 simulated weekly series with injected outbreaks (Noufaily et al. 2013 design) and the alarms
 * R surveillance 1.20.3 raised on their last 49 weeks with each algorithm. Every series and
 * algorithm is rerun through the registry and its alarms must be identical (NA ↔ null); a series
 * on which R failed must fail here too (DetectionInputError).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DetectionInputError } from '../src/errors.ts';
import { findMethod } from '../src/methods.ts';
import { type DetectionMetrics, type EvaluatedSeries, averageMetrics, detectionMetrics } from '../src/quality/detection-metrics.ts';
import { QUALITY_CALLS, QUALITY_DIR, type QualityAlarms, type QualitySeries, readJsonl } from './reference-quality.ts';

describe('alarms on the detection-quality reference series', () => {
  const series = new Map(readJsonl<QualitySeries>('series.jsonl.gz').map((s) => [`${s.scenario}/${s.series}`, s]));
  const lines = readJsonl<QualityAlarms>('alarms.jsonl.gz');

  it('reads all 80 series and 880 alarm lines', () => {
    expect(series.size).toBe(80);
    expect(lines).toHaveLength(880);
  });

  const algorithms = [...new Set(lines.map((l) => l.algorithm))].sort();
  /** our alarms, kept for the metrics test: algorithm → scenario → evaluated series */
  const ours = new Map<string, Map<string, EvaluatedSeries[]>>();
  for (const algorithm of algorithms) {
    it(`${algorithm}: identical alarms on every series`, () => {
      const call = QUALITY_CALLS[algorithm];
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
        const byScenario = ours.get(algorithm) ?? new Map<string, EvaluatedSeries[]>();
        ours.set(algorithm, byScenario);
        const list = byScenario.get(s.scenario) ?? [];
        byScenario.set(s.scenario, list);
        list.push({ alarm: alarms, outbreak: s.outbreak.slice(s.eval_range[0] - 1, s.eval_range[1]) });
        const want = line.alarm!.map((a) => (a === null ? null : a === 1));
        want.forEach((a, i) => {
          if (alarms![i] !== a) problems.push(`${where} week ${s.eval_range[0] + i}: ours ${alarms![i]}, R ${a}`);
        });
      }
      expect(problems.slice(0, 10), `${problems.length} differences`).toEqual([]);
    });
  }

  it('reproduces metrics.csv (FPR, POD, POD1, sensitivity, specificity, PPV, F1) from our alarms', () => {
    const csv = readFileSync(new URL('metrics.csv', QUALITY_DIR), 'utf8').trim().split('\n');
    const header = csv[0].split(',').map((h) => h.replaceAll('"', ''));
    const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v.replaceAll('"', '')])));
    expect(rows.length).toBeGreaterThan(40);
    const problems: string[] = [];
    for (const algorithm of algorithms) {
      const byScenario = ours.get(algorithm)!;
      const scenarios = [...byScenario.keys()].sort();
      const metrics = new Map<string, DetectionMetrics>(scenarios.map((sc) => [sc, detectionMetrics(byScenario.get(sc)!)]));
      metrics.set('ALL', averageMetrics(scenarios.map((sc) => metrics.get(sc)!)));
      for (const row of rows.filter((r) => r.algorithm === algorithm)) {
        const m = metrics.get(row.scenario)!;
        for (const key of ['FPR', 'POD', 'POD1', 'sens', 'spec', 'PPV', 'F1'] as const) {
          const want = row[key] === '' || row[key] === 'NA' ? null : Number(row[key]);
          const got = m[key];
          // metrics.csv has 6 significant digits
          const ok = want === null ? got === null : got !== null && Math.abs(got - want) <= 5e-6 * Math.max(Math.abs(want), 1e-3);
          if (!ok) problems.push(`${algorithm} ${row.scenario} ${key}: ours ${got}, R ${want}`);
        }
        const counts: [string, number][] = [
          ['n_series', m.nSeries],
          ['n_outbreaks', m.nOutbreaks],
          ['n_outbreak_weeks', m.nOutbreakWeeks],
          ['n_nonoutbreak_weeks', m.nNonOutbreakWeeks],
          ['n_na_alarm', m.nNaAlarm],
        ];
        for (const [key, got] of counts)
          if (Number(row[key]) !== got) problems.push(`${algorithm} ${row.scenario} ${key}: ours ${got}, R ${row[key]}`);
      }
    }
    expect(problems.slice(0, 10), `${problems.length} differences`).toEqual([]);
  });
});

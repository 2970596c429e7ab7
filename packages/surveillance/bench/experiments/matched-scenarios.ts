/**
 * Issue 20: auto against each R method in each scenario of the reference grid at a matched false-alarm rate — auto's
 * limit h is set (per scenario) to the smallest value whose FPR there is at most the R method's (R's own
 * metrics.csv), and auto's POD there is compared with the R method's. "better" = strictly higher POD at no higher FPR.
 */
import { readFileSync } from 'node:fs';
import { AUTO_DEFAULTS } from '../../src/auto/auto.ts';
import { findMethod } from '../../src/methods.ts';
import { QUALITY_DIR } from '../../test/reference-quality.ts';
import { type GridSeries, scoreAlarms } from '../quality-grid.ts';

export interface MatchedRow {
  scenario: string;
  algorithm: string;
  rFpr: number;
  rPod: number;
  h: number;
  fpr: number;
  pod: number;
  better: boolean;
}

/** R's metrics.csv rows of one scenario (or all), as numbers where numeric. */
export function rMetrics(): Record<string, string>[] {
  const csv = readFileSync(new URL('metrics.csv', QUALITY_DIR), 'utf8').trim().split('\n');
  const header = csv[0]!.split(',').map((h) => h.replaceAll('"', ''));
  return csv.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v.replaceAll('"', '')])));
}

export function matchedPerScenario(ref: readonly GridSeries[]): MatchedRow[] {
  const rows = rMetrics();
  const method = findMethod('auto')!;
  const points = ref.map((s) => method.run({ observed: s.observed, frequency: 52, start: [2000, 1] }, { range: s.evalRange }).points);
  const out: MatchedRow[] = [];
  for (const sc of [...new Set(ref.map((s) => s.scenario))].sort()) {
    const idx = ref.flatMap((s, i) => (s.scenario === sc ? [i] : []));
    const g = idx.map((i) => ref[i]!);
    const at = (h: number) =>
      scoreAlarms(
        g,
        idx.map((i) =>
          points[i]!.map((p) => (p.alarm === null ? null : (p.cusum as number) > h && (p.score as number) > AUTO_DEFAULTS.zMin)),
        ),
      ).get(sc)!;
    for (const r of rows.filter((x) => x.scenario === sc)) {
      const rFpr = Number(r.FPR);
      const rPod = Number(r.POD);
      let lo = 0;
      let hi = 12;
      for (let i = 0; i < 30; i++) {
        const mid = (lo + hi) / 2;
        if (at(mid).FPR! > rFpr) lo = mid;
        else hi = mid;
      }
      const a = at(hi);
      out.push({
        scenario: sc,
        algorithm: r.algorithm!,
        rFpr,
        rPod,
        h: hi,
        fpr: a.FPR!,
        pod: a.POD!,
        better: a.POD! > rPod && a.FPR! <= rFpr,
      });
    }
  }
  return out;
}

/**
 * `auto` on the detection-quality reference grid (test/reference/quality, 80 series, R's seed): its alarms must give
 * exactly the figures docs/auto-method.md publishes (table between the `auto-quality:reference` markers), so a change
 * of the method that moves any figure — for better or worse — fails until the docs are regenerated
 * (`npm run bench -w @outbreak/surveillance -- --workloads auto`). Also pins the claim of the docs: auto has a
 * higher POD and a lower false-alarm rate than every R method of the reference except CUSUM (whose FPR is ~20×).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alarmsOf, referenceGrid, scoreAlarms } from '../bench/quality-grid.ts';
import { QUALITY_DIR } from './reference-quality.ts';

const DOC = new URL('../../../docs/auto-method.md', import.meta.url);

/** Rows of the markdown table between `<!-- name -->` and `<!-- /name -->`: first cell → other cells. */
function docTable(name: string): Map<string, string[]> {
  const text = readFileSync(DOC, 'utf8');
  const start = text.indexOf(`<!-- ${name} -->`);
  const end = text.indexOf(`<!-- /${name} -->`);
  if (start < 0 || end < start) throw new Error(`docs/auto-method.md has no ${name} table`);
  const rows = text
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('|') && !l.startsWith('|--') && !l.startsWith('| -'))
    .map((l) =>
      l
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim().replaceAll('*', '')),
    );
  return new Map(rows.slice(1).map((r) => [r[0]!, r.slice(1)]));
}

describe('auto on the reference grid', () => {
  const grid = referenceGrid();
  const metrics = scoreAlarms(grid, alarmsOf('auto', {}, grid));

  it('reproduces the per-scenario and overall figures of docs/auto-method.md', () => {
    const table = docTable('auto-quality:reference');
    expect([...table.keys()]).toEqual(['S01', 'S05', 'S08', 'S12', 'ALL']);
    for (const [scenario, cells] of table) {
      const m = metrics.get(scenario)!;
      const ours = [
        (100 * m.POD!).toFixed(1),
        (100 * m.POD1!).toFixed(1),
        (100 * m.FPR!).toFixed(2),
        m.F1!.toFixed(3),
        String(m.nOutbreaks),
        String(m.nNonOutbreakWeeks),
      ];
      expect(ours, `auto on ${scenario}: POD, first-week POD, FPR, F1, outbreaks, non-outbreak weeks`).toEqual(cells);
    }
  });

  it('detects more outbreaks with fewer false alarms than every R method but CUSUM', () => {
    const csv = readFileSync(new URL('metrics.csv', QUALITY_DIR), 'utf8').trim().split('\n');
    const header = csv[0]!.split(',').map((h) => h.replaceAll('"', ''));
    const rows = csv
      .slice(1)
      .map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v.replaceAll('"', '')])))
      .filter((r) => r.scenario === 'ALL');
    expect(rows).toHaveLength(11);
    const auto = metrics.get('ALL')!;
    for (const r of rows) {
      if (r.algorithm === 'cusum') {
        expect(Number(r.FPR)).toBeGreaterThan(10 * auto.FPR!);
        continue;
      }
      expect(auto.POD!, `POD vs ${r.algorithm}`).toBeGreaterThan(Number(r.POD));
      expect(auto.FPR!, `FPR vs ${r.algorithm}`).toBeLessThan(Number(r.FPR));
      expect(auto.F1!, `F1 vs ${r.algorithm}`).toBeGreaterThan(Number(r.F1));
    }
  });
});

/**
 * Reads the long CSVs of ../shared/bench/inputs (`series_id,t,count`, t 1-based) into one count
 * array per series. Not timed: the R script reads them before timing too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Series of a benchmark input, in series_id order (ids 1..N). */
export function readBenchSeries(sharedBench: string, file: string, maxSeries: number | null): Float64Array[] {
  const text = readFileSync(join(sharedBench, 'inputs', file), 'utf8');
  const lines = text.split('\n');
  if (lines[0].trim() !== 'series_id,t,count') throw new Error(`${file}:1: expected the header series_id,t,count`);
  const rows = new Map<number, { t: number; y: number }[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const a = line.indexOf(',');
    const b = line.indexOf(',', a + 1);
    const id = Number(line.slice(0, a));
    if (maxSeries !== null && id > maxSeries) continue;
    const t = Number(line.slice(a + 1, b));
    const y = Number(line.slice(b + 1));
    if (!Number.isInteger(id) || !Number.isInteger(t) || !Number.isFinite(y)) throw new Error(`${file}:${i + 1}: malformed row '${line}'`);
    let list = rows.get(id);
    if (!list) rows.set(id, (list = []));
    list.push({ t, y });
  }
  const ids = [...rows.keys()].sort((p, q) => p - q);
  return ids.map((id) => {
    const list = rows.get(id)!;
    const out = new Float64Array(list.length);
    for (const { t, y } of list) out[t - 1] = y;
    return out;
  });
}

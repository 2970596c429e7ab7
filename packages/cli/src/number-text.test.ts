import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { estimateR, RtCache } from '@outbreak/epimodels';
import { describe, expect, it } from 'vitest';
import { numberText, writeNumber, writeNumberExact } from './number-text.ts';

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Checks every value against String(x); returns how many took the exact path and the first mismatches. */
function compare(values: Iterable<number>): { count: number; exact: number; mismatches: string[] } {
  const buf = Buffer.alloc(64);
  let count = 0;
  let exact = 0;
  const mismatches: string[] = [];
  for (const x of values) {
    count++;
    if (writeNumberExact(buf, 0, x) >= 0) exact++;
    const end = writeNumber(buf, 0, x);
    const text = String(x);
    let same = end === text.length;
    for (let i = 0; same && i < end; i++) same = buf[i] === text.charCodeAt(i);
    if (!same && mismatches.length < 10) mismatches.push(`${text} written as ${buf.toString('latin1', 0, end)}`);
  }
  return { count, exact, mismatches };
}

function* randomDoubles(n: number, seed: number): Generator<number> {
  const next = random(seed);
  for (let i = 0; i < n; i++) {
    switch (i % 4) {
      case 0:
        // uniform in a random decade from 1e-7 to 1e17: every layout and both sides of the exact path's range
        yield next() * 10 ** Math.floor(next() * 24 - 7);
        break;
      case 1:
        // any bit pattern: subnormals, huge, NaN, infinities
        u32[0] = next() * 4294967296;
        u32[1] = next() * 4294967296;
        yield f64[0];
        break;
      case 2: {
        // short decimals and their neighbours one ulp away: the ≤ 15-digit path and its boundaries
        const v = Math.round(next() * 1e6) / 10 ** Math.floor(next() * 12);
        f64[0] = v;
        u32[0] += next() < 0.5 ? 1 : -1;
        yield next() < 0.5 ? v : -f64[0];
        break;
      }
      default:
        // 16- and 17-significant-digit decimals read back, as estimates are
        yield Number((next() * 10 ** Math.floor(next() * 8 - 3)).toPrecision(15 + Math.floor(next() * 3)));
    }
  }
}

describe('writeNumber: String(x), byte for byte', () => {
  it('writes the examples of every path and layout', () => {
    const cases = [0, -0, 1, -1, 7, 10, 123456789, -2147483648, 2147483648, 0.1, 0.5, 0.30000000000000004, 1.6870789579805046];
    cases.push(1e-4, 0.00012345, 1e-7, 1.5e-7, 999999999999999.9, 1e15, 1e21, 123e20, 2 ** 52, 0.25, 2 ** -20, Number.MAX_VALUE);
    cases.push(Number.MIN_VALUE, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 100, 120.5, 5e-5, 9.999999999999999e14);
    for (const x of cases) expect(numberText(x), String(x)).toBe(String(x));
  });

  it('agrees with String(x) on 2 million random doubles, most of them on the exact path', () => {
    const { count, exact, mismatches } = compare(randomDoubles(2_000_000, 20261207));
    expect(mismatches).toEqual([]);
    expect(count).toBe(2_000_000);
    // everything but the bit patterns (mostly out of range) and the decades outside 1e-4 … 1e15
    expect(exact / count).toBeGreaterThan(0.55);
  });

  it('agrees near powers of ten and short binary fractions, one and two ulps either side', () => {
    const values: number[] = [];
    for (let e = -8; e <= 17; e++)
      for (let m = 1; m < 1000; m++) {
        for (const v of [m * 10 ** e, m / 10 ** -e, m / 2 ** (e + 9)]) {
          f64[0] = v;
          const low = u32[0];
          for (let d = -2; d <= 2; d++) {
            u32[0] = low + d;
            values.push(f64[0]);
          }
        }
      }
    const { mismatches, exact } = compare(values);
    expect(mismatches).toEqual([]);
    expect(exact).toBeGreaterThan(values.length / 2);
  });

  // Every estimate of the bench's workload c (../shared/bench: 1,000 curves, 3.2 million numbers), when present.
  const workloadC = resolve(import.meta.dirname, '../../../../shared/bench/inputs/c_epiestim_parametric_daily.csv');
  it.skipIf(!existsSync(workloadC))('agrees on every estimate of workload c', () => {
    const bySeries = new Map<string, number[]>();
    const lines = readFileSync(workloadC, 'utf8').split('\n');
    for (let i = 1; i < lines.length; i++) {
      if (lines[i] === '') continue;
      const [id, , count] = lines[i].split(',');
      let list = bySeries.get(id);
      if (!list) bySeries.set(id, (list = []));
      list.push(Number(count));
    }
    const cache = new RtCache();
    const values: number[] = [];
    for (const local of bySeries.values()) {
      for (const w of estimateR(local, 'parametric_si', { mean_si: 4.8, std_si: 2.3 }, { cache }).windows) {
        for (const v of Object.values(w)) if (typeof v === 'number') values.push(v);
      }
    }
    expect(values.length).toBeGreaterThan(3_000_000);
    const { mismatches, exact } = compare(values);
    expect(mismatches).toEqual([]);
    // t_start and t_end are whole numbers (their own path): 9 of 11 values per window are estimates
    expect(exact / values.length).toBeGreaterThan(0.75);
  });
});

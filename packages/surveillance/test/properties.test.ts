/**
 * Property tests (fast-check) over the method registry: outputs never leak NaN (NA is `null`),
 * alarms are monotone in the significance level, and a batch's results do not depend on the
 * order of its (unrelated) series.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BatchItem, findMethod, listMethods, runBatch } from '../src/methods.ts';
import { DetectionInputError } from '../src/errors.ts';
import type { DetectionResult, SurveillanceSeries } from '../src/types.ts';

/** Monthly series (frequency 12) of 70–90 counts: every method has enough history at the end. */
const counts = fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 70, maxLength: 90 });
const monthly = (observed: number[]): SurveillanceSeries => ({ observed, frequency: 12, start: [2015, 1] });
const lastPoints = (n: number): [number, number] => [n - 5, n];

function nanLeaks(result: DetectionResult): string[] {
  const leaks: string[] = [];
  for (const p of result.points) {
    for (const [k, v] of Object.entries(p)) {
      if (k === 'observed') continue; // the input count itself
      if (typeof v === 'number' && Number.isNaN(v)) leaks.push(`t=${p.t} ${k}`);
    }
    if (p.alarm !== null && typeof p.alarm !== 'boolean') leaks.push(`t=${p.t} alarm ${String(p.alarm)}`);
  }
  return leaks;
}

describe('no NaN leaks', () => {
  for (const method of listMethods()) {
    const slow = method.name.startsWith('farrington') || method.name === 'glrnb';
    it(`${method.name}: every output field is a number, boolean or null`, () => {
      fc.assert(
        fc.property(counts, (y) => {
          const result = method.run(monthly(y), { range: lastPoints(y.length) });
          expect(result.points).toHaveLength(6);
          expect(nanLeaks(result)).toEqual([]);
        }),
        { numRuns: slow ? 15 : 100, seed: 20261129 },
      );
    });
  }

  const withMissing = fc.array(
    fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 1, arbitrary: fc.constant(Number.NaN) }),
    {
      minLength: 70,
      maxLength: 90,
    },
  );
  for (const method of listMethods()) {
    const slow = method.name.startsWith('farrington') || method.name === 'glrnb';
    it(`${method.name}: missing counts (NaN in) become null or a DetectionInputError, never NaN out`, () => {
      fc.assert(
        fc.property(withMissing, (y) => {
          let result: DetectionResult;
          try {
            result = method.run(monthly(y), { range: lastPoints(y.length) });
          } catch (err) {
            expect(err).toBeInstanceOf(DetectionInputError);
            return;
          }
          expect(nanLeaks(result)).toEqual([]);
        }),
        { numRuns: slow ? 15 : 100, seed: 99 },
      );
    });
  }

  it("no method writes to the caller's counts (plain arrays and Float64Array)", () => {
    fc.assert(
      fc.property(counts, (y) => {
        for (const method of listMethods()) {
          const typed = Float64Array.from(y);
          const plain = [...y];
          const range = lastPoints(y.length);
          method.run(monthly(plain), { range });
          method.run({ observed: typed, frequency: 12, start: [2015, 1] }, { range });
          expect(plain).toEqual(y);
          expect(Array.from(typed)).toEqual(y);
        }
      }),
      { numRuns: 10, seed: 5 },
    );
  });

  it('earsC C3 with a constant baseline gives null, not NaN', () => {
    const r = findMethod('earsC_C3')!.run(monthly(new Array(20).fill(3)), {});
    expect(r.points.every((p) => p.upperbound === null && p.alarm === null)).toBe(true);
  });
});

describe('alarms are monotone in alpha', () => {
  const levels = fc.tuple(fc.double({ min: 0.0005, max: 0.3, noNaN: true }), fc.double({ min: 0.0005, max: 0.3, noNaN: true }));
  for (const name of ['earsC_C1', 'earsC_C2', 'earsC_C3', 'bayes', 'farrington', 'farringtonFlexible']) {
    const slow = name.startsWith('farrington');
    it(`${name}: an alarm at a smaller alpha is also an alarm at a larger one`, () => {
      const method = findMethod(name)!;
      fc.assert(
        fc.property(counts, levels, (y, [a, b]) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const range = lastPoints(y.length);
          const strict = method.run(monthly(y), { range, alpha: lo }).points;
          const loose = method.run(monthly(y), { range, alpha: hi }).points;
          strict.forEach((p, i) => {
            if (p.alarm === true) expect(loose[i].alarm, `t=${p.t} alpha ${lo} vs ${hi}`).toBe(true);
          });
        }),
        { numRuns: slow ? 15 : 100, seed: 7 },
      );
    });
  }

  it('mpm: an alarm at a higher percentile is also an alarm at a lower one', () => {
    const method = findMethod('mpm')!;
    fc.assert(
      fc.property(counts, fc.double({ min: 0.05, max: 1, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true }), (y, a, b) => {
        const [lo, hi] = a < b ? [a, b] : [b, a];
        const range = lastPoints(y.length);
        const strict = method.run(monthly(y), { range, p: hi }).points;
        const loose = method.run(monthly(y), { range, p: lo }).points;
        strict.forEach((p, i) => {
          if (p.alarm === true) expect(loose[i].alarm).toBe(true);
        });
      }),
      { numRuns: 100, seed: 11 },
    );
  });
});

describe('batches', () => {
  it('give every series the same result whatever the order of the others', () => {
    const method = findMethod('earsC_C3')!;
    const batch = fc.array(counts, { minLength: 2, maxLength: 8 });
    fc.assert(
      fc.property(batch, fc.nat(), (series, seed) => {
        const items: BatchItem[] = series.map((y, i) => ({ id: `s${i}`, series: monthly(y) }));
        // a deterministic permutation derived from `seed`
        const shuffled = items
          .map((item, i) => ({ item, key: (i * 2654435761 + seed) % 4294967296 }))
          .sort((p, q) => p.key - q.key)
          .map((p) => p.item);
        const byId = (outcomes: ReturnType<typeof runBatch>) => new Map([...outcomes].map((o) => [o.id, o]));
        const a = byId(runBatch(method, items, {}));
        const b = byId(runBatch(method, shuffled, {}));
        for (const item of items) expect(b.get(item.id)).toEqual(a.get(item.id));
      }),
      { numRuns: 50, seed: 3 },
    );
  });

  it('report a series that cannot be evaluated and still run the others', () => {
    const method = findMethod('ears-c1')!;
    const out = [
      ...runBatch(method, [
        { id: 'short', series: monthly([1, 2, 3]) },
        { id: 'ok', series: monthly([1, 2, 3, 4, 5, 6, 7, 8, 9]) },
      ]),
    ];
    expect(out[0]).toEqual({ id: 'short', error: expect.stringContaining('needs at least 8 time points') });
    expect(out[1].result?.points.map((p) => p.t)).toEqual([8, 9]);
  });
});

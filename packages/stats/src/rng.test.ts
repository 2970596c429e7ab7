/**
 * RNG tests. Every generator is seeded, so these statistical checks are
 * deterministic: thresholds are 5 standard errors or the 0.999 chi-squared
 * quantile, and a failure means a real defect, never bad luck on a rerun.
 */
import { describe, expect, it } from 'vitest';
import { pbinom, pnbinom, ppois, pgamma, qchisq } from './distributions.ts';
import { createRng, rngFromState, type Rng } from './rng.ts';

function moments(draw: () => number, n: number): { mean: number; variance: number } {
  let s = 0;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const v = draw();
    s += v;
    ss += v * v;
  }
  const mean = s / n;
  return { mean, variance: (ss - n * mean * mean) / (n - 1) };
}

/** Pearson chi-squared statistic of observed counts against expected probabilities. */
function chiSquare(counts: ArrayLike<number>, probs: ArrayLike<number>, n: number): number {
  let stat = 0;
  for (let i = 0; i < counts.length; i++) {
    const e = n * probs[i];
    stat += ((counts[i] - e) * (counts[i] - e)) / e;
  }
  return stat;
}

/**
 * Chi-squared goodness of fit of a discrete sampler against its cdf, with the
 * support split into cells of at least 5 expected counts (first/last cells open).
 */
function discreteFit(draw: () => number, cdf: (k: number) => number, lo: number, hi: number, n: number): { stat: number; df: number } {
  const edges: number[] = [];
  let prev = 0;
  for (let k = lo; k < hi; k++) {
    const c = cdf(k);
    if ((c - prev) * n >= 20 && (1 - c) * n >= 20) {
      edges.push(k);
      prev = c;
    }
  }
  const counts = new Float64Array(edges.length + 1);
  for (let i = 0; i < n; i++) {
    const v = draw();
    let j = 0;
    while (j < edges.length && v > edges[j]) j++;
    counts[j]++;
  }
  const probs = new Float64Array(edges.length + 1);
  let last = 0;
  for (let j = 0; j < edges.length; j++) {
    const c = cdf(edges[j]);
    probs[j] = c - last;
    last = c;
  }
  probs[edges.length] = 1 - last;
  return { stat: chiSquare(counts, probs, n), df: edges.length };
}

describe('xoshiro128**', () => {
  it('reproduces the reference sequence from state {1, 2, 3, 4}', () => {
    // Blackman & Vigna's xoshiro128starstar.c seeded with s = {1, 2, 3, 4}
    const rng = rngFromState([1, 2, 3, 4]);
    const out = Array.from({ length: 10 }, () => rng.nextU32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804]);
  });

  it('is reproducible from numeric and string seeds, and seeds differ', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const sa = Array.from({ length: 5 }, () => a.nextU32());
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.nextU32())).not.toEqual(sa);
    // pinned: a change of seeding would silently change every simulation result
    expect(sa[0]).toBe(1623320484);
    expect(createRng('outbreak-2026').nextU32()).toBe(createRng('outbreak-2026').nextU32());
    expect(createRng('a').nextU32()).not.toBe(createRng('b').nextU32());
    expect(() => createRng(Number.NaN)).toThrow(RangeError);
  });

  it('state()/rngFromState() and clone() continue the same stream', () => {
    const rng = createRng(7);
    rng.nextU32();
    rng.normal(); // leaves a cached polar deviate: clone keeps it
    const copy = rng.clone();
    const restored = rngFromState(rng.state());
    const next = [rng.normal(), rng.nextU32(), rng.nextU32()];
    expect([copy.normal(), copy.nextU32(), copy.nextU32()]).toEqual(next);
    // the restored generator has no cached deviate: its words continue after the cached normal
    expect([restored.nextU32(), restored.nextU32()]).toEqual([next[1], next[2]]);
  });

  it('nextDouble is in [0, 1) with 53-bit resolution and uniform deciles', () => {
    const rng = createRng(1);
    const counts = new Float64Array(10);
    let min = 1;
    let max = 0;
    let odd53 = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const u = rng.nextDouble();
      min = Math.min(min, u);
      max = Math.max(max, u);
      counts[Math.floor(u * 10)]++;
      if ((u * 2 ** 53) % 2 === 1) odd53++;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(odd53).toBeGreaterThan(n * 0.45); // the lowest of the 53 bits is random too
    expect(chiSquare(counts, new Float64Array(10).fill(0.1), n)).toBeLessThan(qchisq(0.999, 9));
  });

  it('int(n) is unbiased, also for n that does not divide 2^32 and n > 2^32', () => {
    const rng = createRng(2);
    for (const m of [6, 3 * 2 ** 30]) {
      const cells = 6;
      const counts = new Float64Array(cells);
      const n = 120_000;
      let invalid = 0;
      for (let i = 0; i < n; i++) {
        const v = rng.int(m);
        if (!(v >= 0 && v < m && Number.isInteger(v))) invalid++;
        counts[Math.floor((v / m) * cells)]++;
      }
      expect(invalid).toBe(0);
      expect(chiSquare(counts, new Float64Array(cells).fill(1 / cells), n)).toBeLessThan(qchisq(0.999, cells - 1));
    }
    const big = 2 ** 40 + 7;
    let maxSeen = 0;
    for (let i = 0; i < 1000; i++) {
      const v = rng.int(big);
      if (!(v >= 0 && Number.isInteger(v))) maxSeen = Number.POSITIVE_INFINITY;
      maxSeen = Math.max(maxSeen, v);
    }
    expect(maxSeen).toBeLessThan(big);
    expect(maxSeen).toBeGreaterThan(2 ** 32); // the high bits are used
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.int(2.5)).toThrow(RangeError);
  });
});

describe('split streams', () => {
  it('depend only on the seed and stream id, not on draws from the parent', () => {
    const a = createRng(99);
    const b = createRng(99);
    for (let i = 0; i < 1000; i++) b.nextU32();
    const sa = a.split(3);
    const sb = b.split(3);
    expect(Array.from({ length: 8 }, () => sa.nextU32())).toEqual(Array.from({ length: 8 }, () => sb.nextU32()));
  });

  it('differ between ids and from the parent, and nest deterministically', () => {
    const rng = createRng(5);
    const first = (r: Rng) => Array.from({ length: 4 }, () => r.nextU32()).join(',');
    const seen = new Set<string>([first(createRng(5))]);
    for (let id = 0; id < 200; id++) seen.add(first(rng.split(id)));
    seen.add(first(rng.split('replicate-7')));
    expect(seen.size).toBe(202);
    expect(first(rng.split(1).split(2))).toBe(first(createRng(5).split(1).split(2)));
  });

  it('are uncorrelated: successive-stream outputs pass a uniformity check', () => {
    const rng = createRng(11);
    const counts = new Float64Array(16);
    const n = 4000;
    for (let id = 0; id < n; id++) counts[rng.split(id).nextU32() >>> 28]++;
    expect(chiSquare(counts, new Float64Array(16).fill(1 / 16), n)).toBeLessThan(qchisq(0.999, 15));
  });
});

describe('variates', () => {
  it('normal: mean, variance and tail frequency', () => {
    const rng = createRng(3);
    const n = 200_000;
    const { mean, variance } = moments(() => rng.normal(), n);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / n));
    let beyond = 0;
    for (let i = 0; i < n; i++) if (Math.abs(rng.normal()) > 1.959963984540054) beyond++;
    expect(Math.abs(beyond / n - 0.05)).toBeLessThan(5 * Math.sqrt((0.05 * 0.95) / n));
    const m2 = moments(() => rng.normal(10, 3), 50_000);
    expect(Math.abs(m2.mean - 10)).toBeLessThan(5 * (3 / Math.sqrt(50_000)));
  });

  it('gamma: fits pgamma for shape < 1, moderate and large shape; rate and scale', () => {
    const rng = createRng(4);
    for (const [shape, rate] of [
      [0.3, 1],
      [2.5, 2],
      [50, 0.1],
    ]) {
      const n = 60_000;
      const qs = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];
      // bin edges at true quantiles → equal expected counts
      const edges = qs.map((q) => {
        let lo = 0;
        let hi = (shape / rate) * 20 + 50;
        for (let it = 0; it < 200; it++) {
          const mid = 0.5 * (lo + hi);
          if (pgamma(mid, shape, rate) < q) lo = mid;
          else hi = mid;
        }
        return 0.5 * (lo + hi);
      });
      const counts = new Float64Array(10);
      for (let i = 0; i < n; i++) {
        const v = rng.gamma(shape, rate);
        let j = 0;
        while (j < 9 && v > edges[j]) j++;
        counts[j]++;
      }
      expect(chiSquare(counts, new Float64Array(10).fill(0.1), n), `shape ${shape}`).toBeLessThan(qchisq(0.999, 9));
    }
    const byScale = moments(() => rng.gamma(3, { scale: 2 }), 50_000);
    expect(Math.abs(byScale.mean - 6)).toBeLessThan(5 * Math.sqrt(12 / 50_000));
    expect(rng.gamma(0)).toBe(0);
    expect(rng.gamma(-1)).toBeNaN();
  });

  it('poisson: λ = 0, inversion (λ < 10) and PTRS (λ ≥ 10) fit ppois', () => {
    const rng = createRng(6);
    expect(rng.poisson(0)).toBe(0);
    expect(rng.poisson(-1)).toBeNaN();
    for (const lambda of [0.7, 3, 9.9, 10, 57.5, 1e6]) {
      const n = 50_000;
      const { stat, df } = discreteFit(
        () => rng.poisson(lambda),
        (k) => ppois(k, lambda),
        0,
        Math.ceil(lambda + 12 * Math.sqrt(lambda) + 20),
        n,
      );
      expect(stat, `lambda ${lambda}`).toBeLessThan(qchisq(0.999, df));
    }
    const huge = moments(() => rng.poisson(1e12), 20_000);
    expect(Math.abs(huge.mean - 1e12)).toBeLessThan(5 * Math.sqrt(1e12 / 20_000));
  });

  it('binomial: edge cases, inversion and BTRS fit pbinom, symmetry in p', () => {
    const rng = createRng(8);
    expect(rng.binomial(0, 0.3)).toBe(0);
    expect(rng.binomial(10, 0)).toBe(0);
    expect(rng.binomial(10, 1)).toBe(10);
    expect(rng.binomial(10.5, 0.3)).toBeNaN();
    for (const [size, p] of [
      [20, 0.3],
      [1000, 0.004],
      [1000, 0.4],
      [500, 0.93],
      [1e7, 0.5],
    ]) {
      const n = 50_000;
      const sd = Math.sqrt(size * p * (1 - p));
      const { stat, df } = discreteFit(
        () => rng.binomial(size, p),
        (k) => pbinom(k, size, p),
        Math.max(0, Math.floor(size * p - 12 * sd - 5)),
        Math.min(size, Math.ceil(size * p + 12 * sd + 5)),
        n,
      );
      expect(stat, `n ${size} p ${p}`).toBeLessThan(qchisq(0.999, df));
    }
    const huge = moments(() => rng.binomial(1e15, 1e-3), 20_000);
    expect(Math.abs(huge.mean - 1e12)).toBeLessThan(5 * Math.sqrt((1e12 * 0.999) / 20_000));
  });

  it('negative binomial: gamma–Poisson mixture fits pnbinom (mu and prob), Poisson limit', () => {
    const rng = createRng(13);
    for (const [size, mu] of [
      [0.5, 4],
      [3, 20],
      [50, 300],
    ]) {
      const n = 40_000;
      const sd = Math.sqrt(mu + (mu * mu) / size);
      const { stat, df } = discreteFit(
        () => rng.negativeBinomial(size, mu),
        (k) => pnbinom(k, size, mu),
        0,
        Math.ceil(mu + 15 * sd + 10),
        n,
      );
      expect(stat, `size ${size} mu ${mu}`).toBeLessThan(qchisq(0.999, df));
    }
    const byProb = moments(() => rng.negativeBinomial(2, { prob: 0.25 }), 50_000); // mean 6, var 24
    expect(Math.abs(byProb.mean - 6)).toBeLessThan(5 * Math.sqrt(24 / 50_000));
    expect(rng.negativeBinomial(3, 0)).toBe(0);
    expect(rng.negativeBinomial(0, 3)).toBeNaN();
    expect(Number.isInteger(rng.negativeBinomial(Number.POSITIVE_INFINITY, 7))).toBe(true);
  });

  it('multinomial: counts sum to n, zero weights get nothing, marginals are binomial', () => {
    const rng = createRng(9);
    const out = new Float64Array(4);
    const probs = [0.1, 0, 0.6, 0.3];
    let sum2 = 0;
    const reps = 20_000;
    let bad = 0;
    for (let r = 0; r < reps; r++) {
      const res = rng.multinomial(50, probs, out);
      if (res !== out || out[0] + out[1] + out[2] + out[3] !== 50 || out[1] !== 0) bad++; // filled in place
      sum2 += out[2];
    }
    expect(bad).toBe(0);
    expect(Math.abs(sum2 / reps - 30)).toBeLessThan(5 * Math.sqrt((50 * 0.6 * 0.4) / reps));
    // unnormalised weights, as R rmultinom
    const counts = rng.multinomial(1000, [2, 6, 2]);
    expect(counts.length).toBe(3);
    expect(counts[0] + counts[1] + counts[2]).toBe(1000);
    expect(() => rng.multinomial(5, [0, 0])).toThrow(RangeError);
  });

  it('shuffle: permutes in place (arrays and typed arrays), all orders equally likely', () => {
    const rng = createRng(10);
    const arr = [1, 2, 3, 4, 5, 6, 7, 8];
    expect(rng.shuffle(arr)).toBe(arr);
    expect([...arr].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const typed = Int32Array.from({ length: 100 }, (_, i) => i);
    rng.shuffle(typed);
    expect(Array.from(typed).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const counts = new Map<string, number>();
    const n = 48_000;
    for (let i = 0; i < n; i++) {
      const key = rng.shuffle(['a', 'b', 'c', 'd']).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(24);
    expect(chiSquare(Array.from(counts.values()), new Float64Array(24).fill(1 / 24), n)).toBeLessThan(qchisq(0.999, 23));
  });

  it('invalid parameters give NaN as in R (rnorm, rexp, runif)', () => {
    const rng = createRng(14);
    expect(rng.normal(0, -1)).toBeNaN();
    expect(rng.normal(0, Number.POSITIVE_INFINITY)).toBeNaN();
    expect(rng.normal(3, 0)).toBe(3);
    expect(rng.exponential(-1)).toBeNaN();
    expect(rng.exponential(0)).toBe(Number.POSITIVE_INFINITY);
    expect(rng.uniform(2, 1)).toBeNaN();
    expect(rng.uniform(2, 2)).toBe(2);
  });

  it('exponential, uniform and beta have the right means', () => {
    const rng = createRng(12);
    const n = 100_000;
    expect(Math.abs(moments(() => rng.exponential(2), n).mean - 0.5)).toBeLessThan(5 * (0.5 / Math.sqrt(n)));
    expect(Math.abs(moments(() => rng.uniform(-2, 4), n).mean - 1)).toBeLessThan(5 * (Math.sqrt(3) / Math.sqrt(n)));
    const ab = moments(() => rng.beta(2, 6), n);
    expect(Math.abs(ab.mean - 0.25)).toBeLessThan(5 * Math.sqrt((2 * 6) / (64 * 9) / n));
  });
});

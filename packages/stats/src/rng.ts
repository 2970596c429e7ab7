/**
 * Seeded pseudo-random numbers for simulations and Monte-Carlo tests.
 *
 * Generator: xoshiro128** 1.1 (Blackman & Vigna 2018, "Scrambled linear
 * pseudorandom number generators"): 128-bit state in a Uint32Array, period
 * 2^128 − 1, passes BigCrush; 32-bit integer arithmetic only (`Math.imul`),
 * so it is fast in every JavaScript engine and identical everywhere.
 * Seeding: the seed (number or string) is hashed to a 64-bit key, and the
 * state words are drawn from splitmix32 (a Weyl sequence through a 32-bit
 * avalanche mixer) started at that key, so nearby seeds give unrelated states.
 *
 * Streams: `split(streamId)` derives a generator from the *seed key* and the
 * stream id only — not from how many numbers the parent has drawn — so work
 * split into replicates `rng.split(i)` gives the same numbers whatever the
 * number of worker threads and whatever order the replicates run in.
 *
 * Variates (all allocation-free):
 *  - normal: Marsaglia polar method (the second deviate is kept for the next call);
 *  - gamma: Marsaglia & Tsang (2000) squeeze, with U^(1/a) boost for shape < 1;
 *  - poisson: inversion by sequential search for λ < 10, Hörmann (1993) PTRS
 *    transformed rejection otherwise;
 *  - binomial: inversion (BINV) for n·min(p, 1−p) < 10, Hörmann (1993) BTRS otherwise;
 *  - negative binomial: gamma–Poisson mixture (as R `rnbinom`);
 *  - multinomial: conditional binomials; shuffle: Fisher–Yates (Durstenfeld).
 */
import { logFactorial } from './special.ts';
import type { NumericArray } from './quantile.ts';

/** Anything indexable and writable: plain arrays and typed arrays. */
export interface MutableArrayLike<T> {
  readonly length: number;
  [index: number]: T;
}

/** A seeded random number generator; see {@link createRng}. */
export interface Rng {
  /** Next 32-bit unsigned integer, uniform on [0, 2^32). */
  nextU32(): number;
  /** Uniform double on [0, 1) with 53 random bits. */
  nextDouble(): number;
  /** Uniform integer on [0, n) without modulo bias; n a positive integer ≤ 2^53. */
  int(n: number): number;
  /** Uniform double on [min, max). */
  uniform(min?: number, max?: number): number;
  /** Normal deviate with the given mean and standard deviation. */
  normal(mean?: number, sd?: number): number;
  /** Exponential deviate with the given rate. */
  exponential(rate?: number): number;
  /** Gamma deviate (R `rgamma(1, shape, rate)`); rate as a number, or `{ rate }` / `{ scale }`. */
  gamma(shape: number, rate?: number | { rate: number } | { scale: number }): number;
  /** Beta deviate via two gammas. */
  beta(a: number, b: number): number;
  /** Poisson deviate with mean lambda ≥ 0. */
  poisson(lambda: number): number;
  /** Binomial deviate: successes in n (integer ≥ 0) trials of probability p. */
  binomial(n: number, p: number): number;
  /**
   * Negative binomial deviate (R `rnbinom`): size > 0 with the mean `mu` (a bare number, as
   * `dnbinom` here) or `{ mu }` or `{ prob }`; drawn as a gamma–Poisson mixture.
   */
  negativeBinomial(size: number, param: number | { mu: number } | { prob: number }): number;
  /**
   * Multinomial counts of n trials over categories with weights `probs`
   * (normalised by their sum, as R `rmultinom`), written into `out` (allocated
   * when omitted) and returned.
   */
  multinomial<T extends MutableArrayLike<number>>(n: number, probs: NumericArray, out?: T): T | Float64Array;
  /** Shuffle in place (Fisher–Yates) and return the same array. */
  shuffle<T extends MutableArrayLike<unknown>>(array: T): T;
  /** An independent generator for stream `streamId`, determined by this generator's seed and the id only. */
  split(streamId: number | string): Rng;
  /** A copy of the current state (continues identically to this one). */
  clone(): Rng;
  /** The four 32-bit state words (a copy), e.g. to checkpoint a long simulation; see {@link rngFromState}. */
  state(): Uint32Array;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/** splitmix32 output function (Wellons' low-bias 32-bit mixer). */
function mix32(z: number): number {
  z ^= z >>> 16;
  z = Math.imul(z, 0x21f0aaad);
  z ^= z >>> 15;
  z = Math.imul(z, 0x735a2d97);
  z ^= z >>> 15;
  return z >>> 0;
}

/** Hash a seed (number or string) to a 64-bit key held as two 32-bit words. */
function seedKey(seed: number | string): [number, number] {
  if (typeof seed === 'string') {
    // two independent FNV-1a passes with different offset bases, then mixed
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ seed.length;
    for (let i = 0; i < seed.length; i++) {
      const c = seed.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    }
    return [mix32(h1 ^ 0x5f356495), mix32(h2 ^ 0x2545f491)];
  }
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`);
  if (Number.isInteger(seed) && Math.abs(seed) <= Number.MAX_SAFE_INTEGER) {
    const neg = seed < 0;
    const a = Math.abs(seed);
    const lo = a % TWO_POW_32;
    const hi = Math.floor(a / TWO_POW_32) ^ (neg ? 0x80000000 : 0);
    return [lo >>> 0, hi >>> 0];
  }
  // non-integer seeds: use the IEEE-754 bits
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, seed);
  return [view.getUint32(4), view.getUint32(0) ^ 0x3c6ef372];
}

/** Fill a xoshiro128 state from a 64-bit key with splitmix32; never all zero. */
function stateFromKey(k0: number, k1: number): Uint32Array {
  const s = new Uint32Array(4);
  let w = (k0 ^ Math.imul(k1, 0x9e3779b9)) | 0;
  const salt = mix32(k1 ^ 0x85ebca6b);
  for (let i = 0; i < 4; i++) {
    w = (w + 0x9e3779b9) | 0;
    s[i] = mix32(w ^ salt);
  }
  if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  return s;
}

class Xoshiro128 implements Rng {
  private readonly s: Uint32Array;
  private readonly k0: number;
  private readonly k1: number;
  private hasSpare = false;
  private spare = 0;

  constructor(k0: number, k1: number, state?: Uint32Array) {
    this.k0 = k0 >>> 0;
    this.k1 = k1 >>> 0;
    this.s = state ?? stateFromKey(this.k0, this.k1);
  }

  nextU32(): number {
    const s = this.s;
    const s1 = s[1];
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    const s3 = s[3];
    s[3] = (s3 << 11) | (s3 >>> 21);
    return result;
  }

  nextDouble(): number {
    const a = this.nextU32() >>> 5; // 27 bits
    const b = this.nextU32() >>> 6; // 26 bits
    return (a * 67108864 + b) / TWO_POW_53;
  }

  int(n: number): number {
    if (!(n >= 1) || !Number.isInteger(n) || n > TWO_POW_53) throw new RangeError(`int(n) needs an integer 1 ≤ n ≤ 2^53, got ${n}`);
    if (n <= TWO_POW_32) {
      // rejection of the top partial block: unbiased, one division per accepted draw
      const limit = TWO_POW_32 - (TWO_POW_32 % n);
      for (;;) {
        const u = this.nextU32();
        if (u < limit) return u % n;
      }
    }
    const limit = TWO_POW_53 - (TWO_POW_53 % n);
    for (;;) {
      const u = (this.nextU32() >>> 5) * 67108864 + (this.nextU32() >>> 6);
      if (u < limit) return u % n;
    }
  }

  uniform(min = 0, max = 1): number {
    // as R runif: NaN for non-finite or reversed limits
    if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return Number.NaN;
    if (min === max) return min;
    return min + (max - min) * this.nextDouble();
  }

  normal(mean = 0, sd = 1): number {
    // as R rnorm: NaN for NaN mean or sd < 0 or sd = Inf; the mean itself for sd = 0 or infinite mean
    if (Number.isNaN(mean) || !Number.isFinite(sd) || sd < 0) return Number.NaN;
    if (sd === 0 || !Number.isFinite(mean)) return mean;
    if (this.hasSpare) {
      this.hasSpare = false;
      return mean + sd * this.spare;
    }
    // Marsaglia polar: a uniform point in the unit disc gives two independent N(0,1)
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.nextDouble() - 1;
      v = 2 * this.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return mean + sd * (u * f);
  }

  exponential(rate = 1): number {
    // as R rexp: NaN for rate < 0 or NaN; Inf for rate 0; 0 for rate Inf
    if (!(rate >= 0)) return Number.NaN;
    if (rate === Number.POSITIVE_INFINITY) return 0;
    return -Math.log1p(-this.nextDouble()) / rate;
  }

  gamma(shape: number, rate: number | { rate: number } | { scale: number } = 1): number {
    const scale = typeof rate === 'number' ? 1 / rate : 'scale' in rate ? rate.scale : 1 / rate.rate;
    return this.gammaScaled(shape, scale);
  }

  /** Gamma(shape, scale) deviate. */
  private gammaScaled(shape: number, scale: number): number {
    if (!(shape >= 0) || !(scale > 0)) return Number.NaN;
    if (shape === 0) return 0;
    if (shape < 1) {
      // Marsaglia–Tsang boost: G(a) = G(a + 1) · U^(1/a)
      const g = this.gammaStd(shape + 1);
      const u = 1 - this.nextDouble(); // (0, 1]
      return g * Math.pow(u, 1 / shape) * scale;
    }
    return this.gammaStd(shape) * scale;
  }

  /** Marsaglia & Tsang (2000), "A simple method for generating gamma variables", shape ≥ 1. */
  private gammaStd(a: number): number {
    const d = a - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = this.nextDouble();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2) return d * v;
      if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
    }
  }

  beta(a: number, b: number): number {
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }

  poisson(lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) return Number.NaN;
    if (lambda === 0) return 0;
    if (lambda < 10) {
      // inversion: walk the cdf from 0
      let x = 0;
      let p = Math.exp(-lambda);
      let s = p;
      const u = this.nextDouble();
      while (u > s) {
        x++;
        p *= lambda / x;
        const next = s + p;
        if (next === s) break; // the remaining mass is below rounding
        s = next;
      }
      return x;
    }
    // Hörmann (1993), "The transformed rejection method for generating Poisson random variables" (PTRS)
    const slam = Math.sqrt(lambda);
    let loglam = Number.NaN; // only needed past the squeeze (~10% of draws): computed then
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const U = this.nextDouble() - 0.5;
      const V = this.nextDouble();
      const us = 0.5 - Math.abs(U);
      const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
      if (us >= 0.07 && V <= vr) return k;
      if (k < 0 || (us < 0.013 && V > us)) continue;
      if (Number.isNaN(loglam)) loglam = Math.log(lambda);
      if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logFactorial(k)) {
        return k;
      }
    }
  }

  binomial(n: number, p: number): number {
    if (!(n >= 0) || !Number.isInteger(n) || !(p >= 0 && p <= 1)) return Number.NaN;
    if (n === 0 || p === 0) return 0;
    if (p === 1) return n;
    if (p > 0.5) return n - this.binomialLow(n, 1 - p);
    return this.binomialLow(n, p);
  }

  /** Binomial with p ≤ ½. */
  private binomialLow(n: number, p: number): number {
    const q = 1 - p;
    if (n * p < 10) {
      // BINV (Kachitvichyanukul & Schmeiser 1988): inversion with the pmf recurrence
      const s = p / q;
      const a = (n + 1) * s;
      const r0 = Math.exp(n * Math.log1p(-p));
      for (;;) {
        let r = r0;
        let u = this.nextDouble();
        let x = 0;
        while (u > r) {
          u -= r;
          x++;
          if (x > n) break;
          r *= a / x - s;
          if (r <= 0) break;
        }
        if (x <= n && u <= r) return x;
        // rounding left u above the last term (probability ~1e-16): redraw
      }
    }
    // Hörmann (1993), "The generation of binomial random variates" (BTRS)
    const spq = Math.sqrt(n * p * q);
    const b = 1.15 + 2.53 * spq;
    const a = -0.0873 + 0.0248 * b + 0.01 * p;
    const c = n * p + 0.5;
    const alpha = (2.83 + 5.1 / b) * spq;
    const vr = 0.92 - 4.2 / b;
    const m = Math.floor((n + 1) * p);
    // needed only past the squeeze (~15% of draws): computed on first use
    let lpq = Number.NaN;
    let h = Number.NaN;
    for (;;) {
      const u = this.nextDouble() - 0.5;
      let v = this.nextDouble();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + c);
      if (k < 0 || k > n) continue;
      if (us >= 0.07 && v <= vr) return k;
      v = Math.log((v * alpha) / (a / (us * us) + b));
      if (Number.isNaN(h)) {
        lpq = Math.log(p / q);
        h = logFactorial(m) + logFactorial(n - m);
      }
      if (v <= h - logFactorial(k) - logFactorial(n - k) + (k - m) * lpq) return k;
    }
  }

  negativeBinomial(size: number, param: number | { mu: number } | { prob: number }): number {
    // X | Λ ~ Poisson(Λ), Λ ~ Gamma(size, scale = mu/size) (R rnbinom_mu; prob: mu = size(1 − prob)/prob)
    const mu = typeof param === 'number' ? param : 'mu' in param ? param.mu : (size * (1 - param.prob)) / param.prob;
    if (!(size > 0) || !(mu >= 0) || !Number.isFinite(mu)) return Number.NaN;
    if (mu === 0) return 0;
    if (!Number.isFinite(size)) return this.poisson(mu);
    return this.poisson(this.gammaScaled(size, mu / size));
  }

  multinomial<T extends MutableArrayLike<number>>(n: number, probs: NumericArray, out?: T): T | Float64Array {
    const k = probs.length;
    const result: MutableArrayLike<number> = out ?? new Float64Array(k);
    if (result.length < k) throw new RangeError('multinomial: output shorter than probs');
    let total = 0;
    for (let i = 0; i < k; i++) {
      const w = probs[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`multinomial: invalid weight ${w}`);
      total += w;
    }
    if (!(total > 0)) throw new RangeError('multinomial: weights sum to 0');
    let left = n;
    let restP = total;
    for (let i = 0; i < k; i++) {
      const w = probs[i];
      if (left === 0 || i === k - 1) {
        result[i] = i === k - 1 ? left : 0;
        continue;
      }
      // X_i | X_1..X_{i−1} ~ Binomial(left, w / (remaining weight))
      const pi = w >= restP ? 1 : w / restP;
      const x = pi > 0 ? this.binomial(left, pi) : 0;
      result[i] = x;
      left -= x;
      restP -= w;
    }
    return result as T | Float64Array;
  }

  shuffle<T extends MutableArrayLike<unknown>>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }

  split(streamId: number | string): Rng {
    const [i0, i1] = seedKey(streamId);
    // key of the child = hash(parent key, stream key): depends on nothing else
    const c0 = mix32(this.k0 ^ mix32(i0 ^ 0x6a09e667) ^ Math.imul(this.k1, 0x9e3779b1));
    const c1 = mix32(this.k1 ^ mix32(i1 ^ 0xbb67ae85) ^ Math.imul(c0, 0x85ebca77));
    return new Xoshiro128(c0, c1);
  }

  state(): Uint32Array {
    return Uint32Array.from(this.s);
  }

  clone(): Rng {
    const copy = new Xoshiro128(this.k0, this.k1, Uint32Array.from(this.s));
    copy.hasSpare = this.hasSpare;
    copy.spare = this.spare;
    return copy;
  }
}

/**
 * A seeded generator (xoshiro128**). The same seed gives the same sequence on
 * every platform; strings are accepted (e.g. a run id).
 *
 * @example
 * const rng = createRng(42);
 * rng.poisson(3.5); rng.shuffle(days); const worker3 = rng.split(3);
 */
export function createRng(seed: number | string): Rng {
  const [k0, k1] = seedKey(seed);
  return new Xoshiro128(k0, k1);
}

/**
 * A generator continuing from saved state words (from {@link Rng.state}, or the
 * raw xoshiro128** state of another implementation). `split` of such a
 * generator is keyed by the state it was restored from. The state must not be all zero.
 */
export function rngFromState(words: ArrayLike<number>): Rng {
  if (words.length !== 4) throw new RangeError('xoshiro128** state has 4 words');
  const s = new Uint32Array(4);
  for (let i = 0; i < 4; i++) s[i] = words[i] >>> 0;
  if ((s[0] | s[1] | s[2] | s[3]) === 0) throw new RangeError('xoshiro128** state must not be all zero');
  return new Xoshiro128(mix32(s[0] ^ mix32(s[2])), mix32(s[1] ^ mix32(s[3])), s);
}

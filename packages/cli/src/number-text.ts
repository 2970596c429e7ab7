/**
 * Numbers as text, byte for byte what `String(x)` gives (ECMAScript Number::toString: the shortest decimal that
 * reads back as x, the closest such when several have that length), written straight into a byte buffer.
 *
 * Why: `outbreak rt` on 1,000 curves writes 3.2 million estimates; V8's `String(x)` took ≈ 0.2 µs each on a quiet
 * machine (half of the time to write 126 MB of JSON), and each made a string that then had to be concatenated,
 * encoded and collected. Here the digits are found with a few exact integer operations on doubles (every
 * intermediate below is an integer < 2^53, so nothing is rounded) and written as bytes; a number outside that
 * exact path (NaN, ±Infinity, 0 < |x| < 1e-4, |x| ≥ 1e15, powers of two, and ties that need the
 * round-half-even rule) falls back to `String(x)` itself. Equality with `String(x)` is tested on millions of
 * random doubles and on every value of the bench's workload c (number-text.test.ts).
 *
 * The method (exact, in the spirit of Steele & White's free-format printing, 1990): write x = M·2^E (M the 53-bit
 * significand) and n for its decimal exponent (10^(n−1) ≤ |x| < 10^n). Then V = |x|·10^(15−n) = M·5^s / 2^K
 * (s = 15 − n ≥ 0, K = −(E + s) > 0) lies in [10^14, 10^15): its integer part Q has 15 digits and its fraction is
 * R / 2^K, both read off the exact product M·5^s. Every double within half an ulp of x reads back as x (the ulp is
 * 2^E; the boundary itself reads back as x when M is even, as round-half-even parsing does); in units of V that
 * half ulp is h = 5^s / 2^(K+1) < 0.12. The shortest decimal that reads back is then
 *   - the integer N nearest to V, trailing zeros dropped, when |V − N| ≤ h (15 digits or fewer: no other decimal
 *     of ≤ 15 digits lies within h < 0.5 of V);
 *   - else V rounded to one decimal (16 digits) when that is within h;
 *   - else V rounded to two decimals (17 digits), always within h.
 * Rounding to the nearest candidate of the shortest length is also the "closest" rule of the spec. Ties (V exactly
 * halfway between two candidates of that length) go to `String(x)`.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
/** The bit view above assumes little-endian word order; elsewhere every number takes the `String(x)` path. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const TWO_26 = 2 ** 26;
const INV_TWO_26 = 2 ** -26;
/** 5^s, exact as doubles for s ≤ 22 */
const POW5 = Float64Array.from({ length: 23 }, (_, s) => 5 ** s);
/** 2^k and 2^−k, exact */
const POW2 = Float64Array.from({ length: 64 }, (_, k) => 2 ** k);
const POW2_INV = Float64Array.from({ length: 64 }, (_, k) => 2 ** -k);
const LOG10_2 = 0.30102999566398114;

/** "00" … "99" as ASCII pairs */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.floor(i / 20)));

/** Writes v (0 ≤ v < 10^8) as exactly 8 digits into `buf[pos..pos+8)`. */
function eightDigits(buf: Uint8Array, pos: number, value: number): void {
  // int32 operands: V8 divides by the constants with a multiply and shifts
  const v = value | 0;
  const a = (v / 10000) | 0;
  const b = v - a * 10000;
  const a1 = (a / 100) | 0;
  const a2 = (a - a1 * 100) << 1;
  const b1 = (b / 100) | 0;
  const b2 = (b - b1 * 100) << 1;
  buf[pos] = PAIRS[a1 << 1];
  buf[pos + 1] = PAIRS[(a1 << 1) + 1];
  buf[pos + 2] = PAIRS[a2];
  buf[pos + 3] = PAIRS[a2 + 1];
  buf[pos + 4] = PAIRS[b1 << 1];
  buf[pos + 5] = PAIRS[(b1 << 1) + 1];
  buf[pos + 6] = PAIRS[b2];
  buf[pos + 7] = PAIRS[b2 + 1];
}

/** Writes the 15 digits of 10^14 ≤ q < 10^15 into `buf[pos..pos+15)`. */
function fifteenDigits(buf: Uint8Array, pos: number, q: number): void {
  // q · 1e-8 may round across an integer: the remainder puts it right
  let high = Math.floor(q * 1e-8);
  let low = q - high * 1e8;
  if (low < 0) {
    high--;
    low += 1e8;
  } else if (low >= 1e8) {
    high++;
    low -= 1e8;
  }
  // high has 7 digits: write 8 (a leading 0) one place early, then put back the byte it overwrote
  const before = buf[pos - 1];
  eightDigits(buf, pos - 1, high);
  buf[pos - 1] = before;
  eightDigits(buf, pos + 7, low);
}

/**
 * Writes `String(x)` for x in the exact path (see the file comment) into `buf` at `pos` and returns the position
 * after it, or −1 (writing nothing) for a number outside it. `buf` needs 26 bytes of room from `pos`.
 */
export function writeNumberExact(buf: Uint8Array, pos: number, x: number): number {
  let a = x;
  let p = pos;
  if (x < 0) a = -x;
  // also false for NaN and the infinities
  if (!(a >= 1e-4 && a < 1e15) || !LITTLE_ENDIAN) return -1;
  f64[0] = a;
  const hiWord = u32[1];
  const loWord = u32[0];
  const fracHi = hiWord & 0xfffff;
  // a power of two has a narrower gap below it than above: the symmetric rule below does not hold
  if (fracHi === 0 && loWord === 0) return -1;
  const M = (fracHi + 0x100000) * 4294967296 + loWord;
  const E = (hiWord >>> 20) - 1075;
  const even = (loWord & 1) === 0;
  // log10(2^(E+52)) ≤ log10 a < log10(2^(E+53)): n is this estimate or one more
  let n = Math.floor((E + 52) * LOG10_2) + 1;
  let s = 0;
  let K = 0;
  let Q = 0;
  let R = 0;
  for (let attempt = 0; ; attempt++) {
    s = 15 - n;
    K = -(E + s);
    if (s < 0 || s > 18 || K < 1 || K > 49) return -1;
    // A = M · 5^s exactly, as high · 2^52 + low (low < 2^52), from 26-bit pieces whose products stay below 2^53
    const P = POW5[s];
    const mh = Math.floor(M * INV_TWO_26);
    const ml = M - mh * TWO_26;
    const ph = Math.floor(P * INV_TWO_26);
    const pl = P - ph * TWO_26;
    const t0 = ml * pl;
    const t0h = Math.floor(t0 * INV_TWO_26);
    const t1 = mh * pl;
    const t1h = Math.floor(t1 * INV_TWO_26);
    const t2 = ml * ph;
    const t2h = Math.floor(t2 * INV_TWO_26);
    const mid = t0h + (t1 - t1h * TWO_26) + (t2 - t2h * TWO_26);
    const midh = Math.floor(mid * INV_TWO_26);
    const low = (mid - midh * TWO_26) * TWO_26 + (t0 - t0h * TWO_26);
    const high = mh * ph + t1h + t2h + midh;
    // Q = ⌊A / 2^K⌋, R = A mod 2^K (K ≤ 49 < 52)
    const lowQ = Math.floor(low * POW2_INV[K]);
    R = low - lowQ * POW2[K];
    Q = high * POW2[52 - K] + lowQ;
    if (Q < 1e15) break;
    if (attempt > 0) return -1;
    n++;
  }
  if (Q < 1e14) return -1;
  const S = POW2[K];
  const P = POW5[s];
  // Digits go to `d`: after "0.000" for |x| < 1, else one byte after the start, to make room for the point.
  if (x < 0) buf[p++] = 45; // -
  let d = p + 1;
  if (n <= 0) {
    buf[p] = 48;
    buf[p + 1] = 46;
    for (let i = 0; i < -n; i++) buf[p + 2 + i] = 48;
    d = p + 2 - n;
  }
  let k: number;
  // ≤ 15 digits: the integer nearest to V
  const twoR = 2 * R;
  let found = false;
  if (twoR !== S) {
    let N = Q;
    let dist = R;
    if (twoR > S) {
      N = Q + 1;
      dist = S - R;
    }
    const d2 = 2 * dist;
    if (d2 < P || (d2 === P && even)) {
      if (N === 1e15) {
        // 10^n: one digit, one place further
        if (n <= 0) return -1;
        N = 1e14;
        n++;
      }
      fifteenDigits(buf, d, N);
      k = 15;
      while (buf[d + k - 1] === 48) k--;
      found = true;
    }
  } else if (S <= P) return -1;
  if (!found) {
    // 16 digits: V rounded to one decimal
    const R10 = R * 10;
    const d16 = Math.floor(R10 * POW2_INV[K]);
    const R1 = R10 - d16 * S;
    const twoR1 = 2 * R1;
    const H16 = 10 * P;
    if (twoR1 !== S) {
      let last = d16;
      let dist = R1;
      if (twoR1 > S) {
        last = d16 + 1;
        dist = S - R1;
      }
      const d2 = 2 * dist;
      if (d2 < H16 || (d2 === H16 && even)) {
        // a last digit 0 or 10 would equal N, already refused
        if (last === 0 || last === 10) return -1;
        fifteenDigits(buf, d, Q);
        buf[d + 15] = 48 + last;
        k = 16;
        found = true;
      }
    } else if (S <= H16) return -1;
    if (!found) {
      // 17 digits: V rounded to two decimals
      const R100 = R1 * 10;
      const d17 = Math.floor(R100 * POW2_INV[K]);
      const R2 = R100 - d17 * S;
      const twoR2 = 2 * R2;
      if (twoR2 === S) return -1;
      let last = d17;
      let dist = R2;
      if (twoR2 > S) {
        last = d17 + 1;
        dist = S - R2;
      }
      const d2 = 2 * dist;
      const H17 = 100 * P;
      if (!(d2 < H17 || (d2 === H17 && even)) || last === 0 || last === 10) return -1;
      fifteenDigits(buf, d, Q);
      buf[d + 15] = 48 + d16;
      buf[d + 16] = 48 + last;
      k = 17;
    }
  }
  k = k!;
  // Number::toString's layout for 10^−7 < |x| < 10^21 (n here is −3 … 15): no exponent
  if (n <= 0) return d + k;
  // the first n digits move one place left; then the point, or the zeros of a whole number
  for (let i = 0; i < n && i < k; i++) buf[p + i] = buf[d + i];
  if (n < k) {
    buf[p + n] = 46; // .
    return d + k;
  }
  for (let i = k; i < n; i++) buf[p + i] = 48;
  return p + n;
}

/** Writes an ASCII string (such as `String(x)`) into `buf` at `pos`; returns the position after it. */
export function writeAscii(buf: Uint8Array, pos: number, text: string): number {
  let p = pos;
  for (let i = 0; i < text.length; i++) buf[p++] = text.charCodeAt(i);
  return p;
}

/**
 * Writes `String(x)` into `buf` at `pos` (room for 26 bytes needed) and returns the position after it.
 *
 * ```ts
 * const buf = new Uint8Array(32);
 * new TextDecoder().decode(buf.subarray(0, writeNumber(buf, 0, 0.1 + 0.2))); // '0.30000000000000004'
 * ```
 */
export function writeNumber(buf: Uint8Array, pos: number, x: number): number {
  // integers (day numbers, counts) need neither the exact path nor String
  if (x === (x | 0)) {
    let v = x;
    let p = pos;
    if (v < 0) {
      // −2^31 has no positive int32: its own text
      if (v === -2147483648) return writeAscii(buf, pos, '-2147483648');
      buf[p++] = 45;
      v = -v;
    }
    if (v < 10) {
      buf[p] = 48 + v;
      return p + 1;
    }
    let width = 1;
    for (let t = v; t >= 10; t = (t / 10) | 0) width++;
    let end = p + width;
    for (let t = v; end > p; t = (t / 10) | 0) buf[--end] = 48 + (t % 10);
    return p + width;
  }
  const p = writeNumberExact(buf, pos, x);
  return p >= 0 ? p : writeAscii(buf, pos, String(x));
}

/** `String(x)` by way of `writeNumber` (for tests and small uses). */
export function numberText(x: number): string {
  const buf = new Uint8Array(32);
  const end = writeNumber(buf, 0, x);
  let text = '';
  for (let i = 0; i < end; i++) text += String.fromCharCode(buf[i]);
  return text;
}

/**
 * Micro-benchmarks of the hot numerics, side by side with R (vectorised calls, the
 * fastest way R can do them) when `Rscript` is on the PATH. Both sides get the same
 * inputs (written to a temporary CSV); deterministic workloads also compare a checksum
 * so that speed is never bought with different numbers.
 *
 *   npm run bench -w @outbreak/stats
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, lgamma, pnbinom, pnorm, ppois, qnbinom, qnorm, qpois } from '../src/index.ts';

interface Workload {
  name: string;
  /** R expression over the vectors `a`, `b` (read from the CSV) returning a numeric vector */
  r: string;
  /** the same computation here, returning the sum of the results (NaN-free) */
  ts: (a: Float64Array, b: Float64Array) => number;
  /** compare sums with R (false for random variates) */
  deterministic: boolean;
}

const N = 200_000;
const rng = createRng('stats-bench');
const a = new Float64Array(N);
const b = new Float64Array(N);
for (let i = 0; i < N; i++) {
  a[i] = Math.exp(Math.log(0.5) + rng.nextDouble() * Math.log(100)); // 0.5 … 50 (sizes)
  b[i] = Math.exp(Math.log(0.5) + rng.nextDouble() * Math.log(1000)); // 0.5 … 500 (means)
}

/** Σ f(i) over the indices of x (the inputs, or a prefix of them for the warm-up). */
const sum = (x: Float64Array, f: (i: number) => number) => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += f(i);
  return s;
};

const workloads: Workload[] = [
  {
    name: 'qnbinom(0.99, size, mu)',
    r: 'qnbinom(0.99, a, mu = b)',
    ts: (x, y) => sum(x, (i) => qnbinom(0.99, x[i], y[i])),
    deterministic: true,
  },
  {
    name: 'pnbinom(round(mu), size, mu)',
    r: 'pnbinom(round(b), a, mu = b)',
    ts: (x, y) => sum(x, (i) => pnbinom(Math.round(y[i]), x[i], y[i])),
    deterministic: true,
  },
  { name: 'qpois(0.99, mu)', r: 'qpois(0.99, b)', ts: (x, y) => sum(x, (i) => qpois(0.99, y[i])), deterministic: true },
  {
    name: 'ppois(round(mu), mu)',
    r: 'ppois(round(b), b)',
    ts: (x, y) => sum(x, (i) => ppois(Math.round(y[i]), y[i])),
    deterministic: true,
  },
  { name: 'lgamma(mu)', r: 'lgamma(b)', ts: (x, y) => sum(x, (i) => lgamma(y[i])), deterministic: true },
  { name: 'pnorm(size / 10 - 2)', r: 'pnorm(a / 10 - 2)', ts: (x) => sum(x, (i) => pnorm(x[i] / 10 - 2)), deterministic: true },
  { name: 'qnorm(size / 51)', r: 'qnorm(a / 51)', ts: (x) => sum(x, (i) => qnorm(x[i] / 51)), deterministic: true },
  {
    name: 'rpois(mu)',
    r: 'rpois(length(b), b)',
    ts: (x, y) => {
      const g = createRng(1);
      return sum(x, (i) => g.poisson(y[i]));
    },
    deterministic: false,
  },
  {
    name: 'rbinom(100, size / 51)',
    r: 'rbinom(length(a), 100, a / 51)',
    ts: (x) => {
      const g = createRng(2);
      return sum(x, (i) => g.binomial(100, x[i] / 51));
    },
    deterministic: false,
  },
  {
    name: 'rgamma(size)',
    r: 'rgamma(length(a), a)',
    ts: (x) => {
      const g = createRng(3);
      return sum(x, (i) => g.gamma(x[i]));
    },
    deterministic: false,
  },
];

function timeTs(w: Workload): { ns: number; checksum: number } {
  w.ts(a.subarray(0, 2000), b.subarray(0, 2000)); // warm up the JIT
  const t0 = performance.now();
  const checksum = w.ts(a, b);
  return { ns: ((performance.now() - t0) * 1e6) / N, checksum };
}

function timeR(dir: string): Map<string, { ns: number; checksum: number }> | null {
  const script = [
    `d <- read.csv(file.path("${dir}", "inputs.csv")); a <- d$a; b <- d$b`,
    `set.seed(1)`,
    ...workloads.map(
      (w, k) => `t <- system.time(v <- ${w.r})[["elapsed"]]; cat(${k}, t * 1e9 / length(a), sprintf("%.17g", sum(v)), "\\n")`,
    ),
  ].join('\n');
  writeFileSync(join(dir, 'bench.R'), script);
  try {
    const out = execFileSync('Rscript', [join(dir, 'bench.R')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const result = new Map<string, { ns: number; checksum: number }>();
    for (const line of out.trim().split('\n')) {
      const [k, ns, checksum] = line.trim().split(/\s+/);
      result.set(workloads[Number(k)].name, { ns: Number(ns), checksum: Number(checksum) });
    }
    return result;
  } catch {
    return null;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'stats-bench-'));
try {
  const lines = ['a,b'];
  for (let i = 0; i < N; i++) lines.push(`${a[i]},${b[i]}`);
  writeFileSync(join(dir, 'inputs.csv'), lines.join('\n'));
  const r = timeR(dir);
  console.log(
    `@outbreak/stats micro-benchmarks, ${N.toLocaleString('en')} calls each${r ? ' (R: vectorised, same inputs)' : ' (Rscript not found: TypeScript only)'}`,
  );
  console.log(['workload'.padEnd(30), 'TS ns/call'.padStart(11), 'R ns/call'.padStart(10), 'R/TS'.padStart(6), '  same result'].join(' '));
  for (const w of workloads) {
    const t = timeTs(w);
    const rr = r?.get(w.name);
    const same = !w.deterministic
      ? 'n/a (random)'
      : rr
        ? Math.abs(rr.checksum - t.checksum) <= 1e-9 * Math.abs(t.checksum)
          ? 'yes'
          : `NO (${t.checksum} vs ${rr.checksum})`
        : '';
    console.log(
      [
        w.name.padEnd(30),
        t.ns.toFixed(0).padStart(11),
        (rr ? rr.ns.toFixed(0) : '-').padStart(10),
        (rr ? (rr.ns / t.ns).toFixed(2) : '-').padStart(6),
        ` ${same}`,
      ].join(' '),
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

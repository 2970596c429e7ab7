/**
 * CPU time per gamma quantile on the Rt workload: the seven posterior quantiles
 * (0.025 … 0.975) of shapes 1 + (integer case counts) from 1 to 1e5, by
 * - `qgamma` (Cornish–Fisher / power start + Halley steps),
 * - `qgammaMany` (the same, per-shape setup shared by the seven quantiles),
 * - R's algorithm (AS 91 + AS 239 + Newton), which `qchisq` still uses: qgamma(p, a) = qchisq(p, 2a) / 2.
 * CPU time (process.cpuUsage), not wall time: the machines that run this are shared.
 *
 *   node --import tsx packages/stats/bench/qgamma.ts
 */
import { qchisq, qgamma, qgammaMany } from '../src/index.ts';

const P = [0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975];
const out = new Float64Array(P.length);
const SHAPES_PER_RANGE = 20_000;

const methods: [string, (a: number) => number][] = [
  [
    "R's algorithm",
    (a) => {
      let s = 0;
      for (const p of P) s += 0.5 * qchisq(p, 2 * a);
      return s;
    },
  ],
  [
    'qgamma',
    (a) => {
      let s = 0;
      for (const p of P) s += qgamma(p, a);
      return s;
    },
  ],
  [
    'qgammaMany',
    (a) => {
      qgammaMany(P, a, 1, out);
      let s = 0;
      for (let i = 0; i < out.length; i++) s += out[i]!;
      return s;
    },
  ],
];

for (const [lo, hi] of [
  [1, 10],
  [10, 100],
  [100, 1e3],
  [1e3, 1e4],
  [1e4, 1e5],
] as const) {
  const shapes = new Float64Array(SHAPES_PER_RANGE);
  // integer shapes spread over [lo, hi] by the golden-ratio sequence
  for (let i = 0; i < shapes.length; i++) shapes[i] = Math.round(lo + (hi - lo) * ((i * 0.6180339887498949) % 1));
  const cells: string[] = [];
  let reference = Number.NaN;
  for (const [name, f] of methods) {
    for (let i = 0; i < 500; i++) f(shapes[i]!); // warm up the JIT
    const c0 = process.cpuUsage();
    let sum = 0;
    for (let i = 0; i < shapes.length; i++) sum += f(shapes[i]!);
    const c = process.cpuUsage(c0);
    if (Number.isNaN(reference)) reference = sum;
    const us = (c.user + c.system) / (shapes.length * P.length);
    cells.push(`${name} ${us.toFixed(2)} µs (Σ rel. diff ${Math.abs(sum / reference - 1).toExponential(0)})`);
  }
  console.log(`shapes ${lo}–${hi}: ${cells.join(' | ')}`);
}

/**
 * CPU time of `glmNbFit` on glrnb's workload: 575 weekly counts (negative binomial, θ = 4, with
 * trend and one harmonic, the in-control model of surveillance's `glrnb`), design [1, t, cos, sin].
 * Also `thetaMl` alone on the same counts and means. CPU time (process.cpuUsage), not wall time:
 * the machines that run this are shared.
 *
 *   node --import tsx packages/stats/bench/glm-nb.ts
 */
import { createRng, glmNbFit, thetaMl } from '../src/index.ts';

const N = 575;
const FREQ = 52;
const rng = createRng('glm-nb-bench');

function series(seed: number): { X: Float64Array[]; y: number[]; mu: Float64Array } {
  const g = rng.split(seed);
  const X: Float64Array[] = [];
  const y: number[] = [];
  const mu = new Float64Array(N);
  for (let t = 1; t <= N; t++) {
    const row = Float64Array.of(1, t, Math.cos((2 * Math.PI * t) / FREQ), Math.sin((2 * Math.PI * t) / FREQ));
    const m = Math.exp(2.5 + 0.0008 * t + 0.6 * row[2]! - 0.3 * row[3]!);
    X.push(row);
    y.push(g.negativeBinomial(4, m));
    mu[t - 1] = m;
  }
  return { X, y, mu };
}

const inputs = Array.from({ length: 20 }, (_, i) => series(i));

function cpuMicros(f: () => void, reps: number): number {
  const c0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / reps;
}

let checksum = 0;
for (const s of inputs) checksum += glmNbFit({ X: s.X, y: s.y }).theta; // warm-up
const fitUs =
  cpuMicros(() => {
    for (const s of inputs) checksum += glmNbFit({ X: s.X, y: s.y }).theta;
  }, 5) / inputs.length;
const thetaUs =
  cpuMicros(() => {
    for (const s of inputs) checksum += thetaMl(s.y, s.mu).theta;
  }, 20) / inputs.length;
console.log(`glmNbFit, ${N} points, p = 4: ${(fitUs / 1000).toFixed(2)} ms CPU per fit`);
console.log(`thetaMl, ${N} points:          ${thetaUs.toFixed(1)} µs CPU per call`);
console.log(`checksum ${checksum}`);

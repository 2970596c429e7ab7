/**
 * The Anscombe residual of a negative binomial count, as R `surveillance:::anscombeNB` — including
 * R's way of evaluating its hypergeometric function, so that results match R's.
 *
 * Hilbe JM (2011), Negative Binomial Regression, 2nd ed., §4.4 (Anscombe residuals for the NB2 model):
 *   A(y) = 3/2·[y^(2/3)·H(−αy) − μ^(2/3)·H(−αμ)] / (μ + αμ²)^(1/6),  H(z) = ₂F₁(1/3, 2/3; 5/3; z).
 *
 * R (`surveillance:::hypgeom2F1special`) does not evaluate H at z but looks it up in a table
 * (`surveillance.gvar.z`, `surveillance.gvar.hyp`): z = 0, −0.01, …, −10 (nearest grid value, no
 * interpolation) and −11, −12, …, −100 (linear interpolation); below −100 the lookup runs off the
 * table and gives NA. We rebuild the same grid with H computed to double precision (R stores it
 * rounded to 10 significant digits, so values differ from R's by about 1e-10 relative) and apply the
 * same lookup rule.
 */

/** H(z) = ₂F₁(1/3, 2/3; 5/3; z) for z ≤ 0, by the Pfaff transformation
 * ₂F₁(a, b; c; z) = (1 − z)^(−a)·₂F₁(a, c − b; c; z/(z − 1)), whose series converges for z ≤ 0. */
export function hypergeom2F1Anscombe(z: number): number {
  const a = 1 / 3;
  const cb = 1; // c − b = 5/3 − 2/3
  const c = 5 / 3;
  const w = z / (z - 1);
  let sum = 1;
  let term = 1;
  for (let k = 0; k < 200_000; k++) {
    term *= (((a + k) * (cb + k)) / ((c + k) * (k + 1))) * w;
    sum += term;
    if (Math.abs(term) < 1e-17 * Math.abs(sum)) break;
  }
  return (1 - z) ** -a * sum;
}

/** R's grid: 1001 points 0, −0.01, …, −10, then −11 … −100. */
const FINE = 1001;
const GRID_LENGTH = FINE + 90;

function gridZ(i: number): number {
  return i < FINE ? -i / 100 : -(10 + (i - FINE + 1));
}

let table: Float64Array | null = null;

/** H on R's grid, computed on first use (1091 values; a few milliseconds). */
function gridH(): Float64Array {
  if (table === null) {
    const t = new Float64Array(GRID_LENGTH);
    for (let i = 0; i < GRID_LENGTH; i++) t[i] = hypergeom2F1Anscombe(gridZ(i));
    table = t;
  }
  return table;
}

/** R `hypgeom2F1special(x)`: nearest grid value for x ≥ −10, linear interpolation below, NaN below −100. */
export function hypergeom2F1Lookup(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const h = gridH();
  // which.min(abs(z − x)): the first index of the smallest distance
  let idx: number;
  if (x >= 0) idx = 0;
  else if (x >= -10) {
    idx = Math.round(-x * 100);
    // guard the rounding of −x·100 against the exact distances R compares
    if (idx > 0 && Math.abs(gridZ(idx - 1) - x) <= Math.abs(gridZ(idx) - x)) idx--;
    else if (idx + 1 < FINE && Math.abs(gridZ(idx + 1) - x) < Math.abs(gridZ(idx) - x)) idx++;
  } else {
    idx = Math.min(GRID_LENGTH - 1, FINE - 1 + Math.round(-x - 10));
    if (Math.abs(gridZ(idx - 1) - x) <= Math.abs(gridZ(idx) - x)) idx--;
  }
  if (x >= -10) return h[idx];
  let low: number;
  let up: number;
  if (x - gridZ(idx) < 0) {
    low = idx + 1;
    up = idx;
  } else {
    low = idx;
    up = idx - 1;
  }
  if (low >= GRID_LENGTH) return Number.NaN; // R indexes past the table: NA
  return h[low] + (h[up] - h[low]) * (x - gridZ(low));
}

/** R `anscombeNB(y, mu, alpha)` for one count. */
export function anscombeNB(y: number, mu: number, alpha: number): number {
  const hypMu = 1.5 * mu ** (2 / 3) * hypergeom2F1Lookup(-alpha * mu);
  const up = 1.5 * y ** (2 / 3) * hypergeom2F1Lookup(-alpha * y) - hypMu;
  const down = (mu + alpha * mu * mu) ** (1 / 6);
  return up / down;
}

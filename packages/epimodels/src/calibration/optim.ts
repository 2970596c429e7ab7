/**
 * Small derivative-free optimiser and numerical-derivative helpers for calibration.
 *
 * Nelder–Mead simplex (Nelder & Mead 1965, Comput. J. 7:308–313) with the standard coefficients
 * reflection 1, expansion 2, contraction ½, shrink ½ (Lagarias et al. 1998, SIAM J. Optim. 9:112–147)
 * and R `optim`'s stopping rule: stop when the spread of the simplex values satisfies
 * f_max − f_min ≤ reltol · (|f_min| + reltol).
 */

/** Settings of `nelderMead`. */
export interface NelderMeadOptions {
  /** initial simplex: x0 plus `step` along each axis (default 0.5) */
  step?: number | number[];
  /** relative convergence tolerance on the function values (default 1e-10) */
  reltol?: number;
  /** maximum function evaluations (default 1000 · dimension) */
  maxEvals?: number;
}

/** Result of a minimisation. */
export interface MinimiseResult {
  x: number[];
  value: number;
  evaluations: number;
  converged: boolean;
}

/**
 * Minimises f from x0 with the Nelder–Mead simplex. Non-finite values count as +Infinity (so the
 * simplex walks away from them).
 *
 * ```ts
 * nelderMead(([a, b]) => (a - 1) ** 2 + 10 * (b + 2) ** 2, [0, 0]).x; // ≈ [1, −2]
 * ```
 */
export function nelderMead(f: (x: number[]) => number, x0: number[], options: NelderMeadOptions = {}): MinimiseResult {
  const d = x0.length;
  const reltol = options.reltol ?? 1e-10;
  const maxEvals = options.maxEvals ?? 1000 * d;
  const steps = Array.isArray(options.step) ? options.step : Array.from({ length: d }, () => (options.step as number | undefined) ?? 0.5);
  let evaluations = 0;
  const value = (x: number[]) => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Number.POSITIVE_INFINITY;
  };
  const simplex: number[][] = [x0.slice()];
  for (let k = 0; k < d; k++) {
    const x = x0.slice();
    x[k] += steps[k];
    simplex.push(x);
  }
  const fs = simplex.map(value);
  const order = () => {
    const idx = simplex.map((_, i) => i).sort((a, b) => fs[a] - fs[b]);
    const s = idx.map((i) => simplex[i]);
    const v = idx.map((i) => fs[i]);
    for (let i = 0; i <= d; i++) {
      simplex[i] = s[i];
      fs[i] = v[i];
    }
  };
  let converged = false;
  while (evaluations < maxEvals) {
    order();
    if (fs[d] - fs[0] <= reltol * (Math.abs(fs[0]) + reltol)) {
      converged = true;
      break;
    }
    const centroid = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) centroid[k] += simplex[i][k] / d;
    const along = (t: number) => centroid.map((c, k) => c + t * (simplex[d][k] - c));
    const xr = along(-1);
    const fr = value(xr);
    if (fr < fs[0]) {
      const xe = along(-2);
      const fe = value(xe);
      if (fe < fr) {
        simplex[d] = xe;
        fs[d] = fe;
      } else {
        simplex[d] = xr;
        fs[d] = fr;
      }
    } else if (fr < fs[d - 1]) {
      simplex[d] = xr;
      fs[d] = fr;
    } else {
      // Contract outside (towards the reflected point) or inside (towards the worst).
      const outside = fr < fs[d];
      const xc = along(outside ? -0.5 : 0.5);
      const fc = value(xc);
      if (fc < (outside ? fr : fs[d])) {
        simplex[d] = xc;
        fs[d] = fc;
      } else {
        for (let i = 1; i <= d; i++) {
          simplex[i] = simplex[i].map((x, k) => simplex[0][k] + 0.5 * (x - simplex[0][k]));
          fs[i] = value(simplex[i]);
        }
      }
    }
  }
  order();
  return { x: simplex[0], value: fs[0], evaluations, converged };
}

/**
 * Hessian of f at x by central differences with steps h_k (second-order accurate):
 * H_kk = (f(x + h e_k) − 2 f(x) + f(x − h e_k)) / h², H_kl from the four points x ± h_k e_k ± h_l e_l.
 */
export function numericalHessian(f: (x: number[]) => number, x: number[], h: number[] | number = 1e-3): number[][] {
  const d = x.length;
  const hs = Array.isArray(h) ? h : x.map(() => h);
  const at = (dk: number, k: number, dl: number, l: number) => {
    const y = x.slice();
    y[k] += dk;
    y[l] += dl;
    return f(y);
  };
  const f0 = f(x);
  const H = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let k = 0; k < d; k++) {
    H[k][k] = (at(hs[k], k, 0, k) - 2 * f0 + at(-hs[k], k, 0, k)) / (hs[k] * hs[k]);
    for (let l = 0; l < k; l++) {
      const v =
        (at(hs[k], k, hs[l], l) - at(hs[k], k, -hs[l], l) - at(-hs[k], k, hs[l], l) + at(-hs[k], k, -hs[l], l)) / (4 * hs[k] * hs[l]);
      H[k][l] = v;
      H[l][k] = v;
    }
  }
  return H;
}

/** Cholesky factor L (lower, A = L Lᵀ) of a symmetric positive-definite matrix, or null if it is not. */
export function cholesky(A: number[][]): number[][] | null {
  const d = A.length;
  const L = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i][j];
      for (let k = 0; k < j; k++) s -= L[i][k] * L[j][k];
      if (i === j) {
        if (!(s > 0)) return null;
        L[i][i] = Math.sqrt(s);
      } else L[i][j] = s / L[j][j];
    }
  }
  return L;
}

/** Inverse of a symmetric positive-definite matrix via its Cholesky factor, or null if it is not SPD. */
export function invertSpd(A: number[][]): number[][] | null {
  const L = cholesky(A);
  if (!L) return null;
  const d = A.length;
  // Solve L Lᵀ X = I column by column.
  const inv = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (let c = 0; c < d; c++) {
    const y = new Array<number>(d).fill(0);
    for (let i = 0; i < d; i++) {
      let s = i === c ? 1 : 0;
      for (let k = 0; k < i; k++) s -= L[i][k] * y[k];
      y[i] = s / L[i][i];
    }
    for (let i = d - 1; i >= 0; i--) {
      let s = y[i];
      for (let k = i + 1; k < d; k++) s -= L[k][i] * inv[k][c];
      inv[i][c] = s / L[i][i];
    }
  }
  return inv;
}

import { describe, expect, it } from 'vitest';
import { hypergeom2F1Anscombe, hypergeom2F1Lookup } from './anscombe-nb.ts';

describe('hypergeometric function of the NB Anscombe residual', () => {
  it('agrees with R surveillance:::surveillance.gvar.hyp (10 significant digits) on its grid', () => {
    // R: h <- surveillance:::surveillance.gvar.hyp; z <- surveillance:::surveillance.gvar.z; h[c(2, 100, 500, 1001, 1002, 1091)]
    const grid: [number, number][] = [
      [-0.01, 0.998672191],
      [-0.99, 0.9036675577],
      [-4.99, 0.7387800351],
      [-10, 0.6484697206],
      [-11, 0.6358280998],
      [-100, 0.3680632231],
    ];
    for (const [z, h] of grid) expect(Math.abs(hypergeom2F1Anscombe(z) - h) / h).toBeLessThan(2e-10);
    expect(hypergeom2F1Anscombe(0)).toBe(1);
  });

  it('looks values up as R does: nearest grid point down to −10, linear interpolation to −100, NaN beyond', () => {
    expect(hypergeom2F1Lookup(-0.734)).toBe(hypergeom2F1Anscombe(-0.73));
    expect(hypergeom2F1Lookup(-0.736)).toBe(hypergeom2F1Anscombe(-0.74));
    const h10 = hypergeom2F1Anscombe(-10);
    const h11 = hypergeom2F1Anscombe(-11);
    // R: hyp[low] + (hyp[up] − hyp[low])·(x − z[low]) with low = −11, up = −10
    expect(hypergeom2F1Lookup(-10.25)).toBeCloseTo(h11 + (h10 - h11) * 0.75, 15);
    expect(hypergeom2F1Lookup(-10.004)).toBeCloseTo(h11 + (h10 - h11) * 0.996, 15);
    expect(hypergeom2F1Lookup(-100)).toBe(hypergeom2F1Anscombe(-100));
    expect(hypergeom2F1Lookup(-100.2)).toBeNaN();
  });
});

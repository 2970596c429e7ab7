import { describe, expect, it } from 'vitest';
import type { SurveillanceSeries } from '../types.ts';
import { type CusumTransformation, cusum } from './cusum.ts';

const x = [3, 5, 2, 4, 6, 3, 4, 5, 2, 3, 4, 12, 9, 4, 3, 2, 5, 15, 3, 4];
const series: SurveillanceSeries = { observed: x, frequency: 52, start: [2020, 1] };

// R 4.2.2, surveillance 1.20.3: s <- sts(observed = x, frequency = 52, start = c(2020, 1));
// cusum(s, control = list(range = 11:20, trans = <trans>, k = 0.8, h = 3, alpha = 0.2))
const R: Record<string, { ub: number[]; alarm: number[] }> = {
  standard: { ub: [12, 12, 5, 1, 2, 4, 8, 8, 0, 0], alarm: [0, 1, 1, 1, 1, 0, 0, 1, 1, 1] },
  rossi: {
    ub: [
      12.2526607962856, 12.2526607962856, 5.52621638158617, 2.33177504991662, 3.49635458685757, 5.87748548697847, 9.86072130114797,
      10.2187187129943, 1.73183710794688, 3.80481173112489,
    ],
    alarm: [0, 0, 1, 1, 0, 0, 0, 1, 1, 1],
  },
  anscombe: {
    ub: [
      13.0495529863613, 13.0495529863613, 6.15028456673639, 3.01192157987253, 4.24388096305096, 6.82104945620075, 11.3983008276235,
      11.8450330357504, 3.19563994197938, 5.5773382251152,
    ],
    alarm: [0, 0, 1, 1, 0, 0, 0, 1, 0, 0],
  },
  anscombe2nd: {
    ub: [
      12.4473853784697, 12.4473853784697, 5.49286441088887, 2.35495269387185, 3.33880271059732, 5.55735631969727, 9.65346573294318,
      9.84459721508668, 1.82764348235944, 3.71439256303052,
    ],
    alarm: [0, 0, 1, 1, 0, 0, 0, 1, 1, 1],
  },
  pearsonNegBin: {
    ub: [
      13.3418214046932, 13.3418214046932, 7.07167854252335, 3.8015356803535, 5.53139281818365, 8.2612499560138, 11.9911070938439,
      12.7209642316741, 3.45082136950424, 6.18067850733439,
    ],
    alarm: [0, 0, 1, 1, 0, 0, 0, 1, 0, 0],
  },
  none: { ub: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], alarm: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
};

describe('cusum', () => {
  for (const [trans, want] of Object.entries(R)) {
    it(`trans = "${trans}" matches R`, () => {
      const { points } = cusum(series, { range: [11, 20], trans: trans as CusumTransformation, k: 0.8, h: 3, alpha: 0.2 });
      points.forEach((p, i) => {
        expect(Math.abs((p.upperbound as number) - want.ub[i])).toBeLessThanOrEqual(1e-12 * Math.max(1, want.ub[i]));
      });
      expect(points.map((p) => (p.alarm ? 1 : 0))).toEqual(want.alarm);
    });
  }

  it('accumulates without restarting after an alarm and reports S_t and m', () => {
    const { points } = cusum(series, { range: [11, 20], k: 0.8, h: 3 });
    const m = x.slice(0, 10).reduce((a, b) => a + b, 0) / 10; // mean before the range
    let s = 0;
    for (const p of points) {
      s = Math.max(0, s + (p.observed - m) / Math.sqrt(m) - 0.8);
      expect(p.cusum).toBeCloseTo(s, 12);
      expect(p.m).toBe(m);
      expect(p.alarm).toBe(s >= 3);
    }
  });

  it('trans = "anscombeNegBin" matches R, including its table lookup of the hypergeometric function', () => {
    // R: surveillance:::algo.cusum(sts2disProg(s), control = list(range = 11:20, trans = "anscombeNegBin", k = 0.8, h = 3, alpha = 0.2))
    const { points } = cusum(series, { range: [11, 20], trans: 'anscombeNegBin', k: 0.8, h: 3, alpha: 0.2 });
    const ub = [
      3, 1.47743769889525, 0.645645616106172, 1.3296111995526, 2.41903364123035, 3, 3, 0.879153543597481, 1.96857598527524,
      2.65254156872166,
    ];
    const s = [
      0, 1.52256230110475, 2.35435438389383, 1.6703888004474, 0.580966358769647, 0, 0, 2.12084645640252, 1.03142401472476,
      0.347458431278338,
    ];
    // R's table holds H to 10 significant digits; ours is exact: agreement to about 1e-9
    points.forEach((p, i) => {
      expect(Math.abs((p.upperbound as number) - ub[i])).toBeLessThan(1e-8);
      expect(Math.abs((p.cusum as number) - s[i])).toBeLessThan(1e-8);
      expect(p.alarm).toBe(false);
    });
  });

  it('"anscombeNegBin" gives NA past the end of R\'s table (−alpha·y < −100), as R does', () => {
    // R: x2 <- c(x, 150, 2000); algo.cusum(..., control = list(range = 11:22, trans = "anscombeNegBin", k = 0.8, h = 3, alpha = 0.07))
    const { points } = cusum(
      { ...series, observed: [...x, 150, 2000] },
      { range: [11, 22], trans: 'anscombeNegBin', k: 0.8, h: 3, alpha: 0.07 },
    );
    expect(points.map((p) => p.alarm)).toEqual([false, false, true, false, false, false, false, false, false, false, true, null]);
    expect(points[10].cusum).toBeCloseTo(18.6114278036645, 7);
    expect(points[11]).toMatchObject({ upperbound: 0, cusum: null });
  });

  it('"pearson" is the Poisson Pearson residual, the same as "standard"', () => {
    const a = cusum(series, { range: [11, 20], trans: 'pearson' }).points;
    const b = cusum(series, { range: [11, 20], trans: 'standard' }).points;
    expect(a).toEqual(b);
  });

  it('uses a given numeric m and rejects invalid ones', () => {
    const { points } = cusum(series, { range: [11, 12], m: 4 });
    expect(points[0].cusum).toBeCloseTo(Math.max(0, (4 - 4) / 2 - 1.04), 12);
    expect(points[1].cusum).toBeCloseTo((12 - 4) / 2 - 1.04, 12);
    expect(() => cusum(series, { m: -1 })).toThrow(/m must be/);
    // one mean per monitored point, as R accepts a numeric vector
    const v = cusum(series, { range: [11, 12], m: [4, 6] }).points;
    expect(v[1].cusum).toBeCloseTo((12 - 6) / Math.sqrt(6) - 1.04, 12);
    expect(v.map((p) => p.m)).toEqual([4, 6]);
    expect(() => cusum(series, { range: [11, 12], m: [4] })).toThrow(/m has 1 values/);
    expect(() => cusum(series, { trans: 'anscombe3' as CusumTransformation })).toThrow(/trans/);
  });
});

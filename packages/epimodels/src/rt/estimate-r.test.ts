import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discrSi, discrSiSeq } from './discr-si.ts';
import { estimateR, RtCache, overallInfectivity, RtInputError } from './estimate-r.ts';

/** Relative difference, for comparing with R values printed to 15 significant digits. */
const rel = (a: number | null, b: number) => Math.abs((a as number) - b) / Math.abs(b);

// EpiEstim's Flu2009 incidence (data(Flu2009); Flu2009$incidence$I).
const FLU2009 = [1, 1, 0, 2, 5, 3, 3, 3, 6, 2, 5, 9, 13, 12, 13, 11, 12, 6, 6, 6, 3, 1, 0, 2, 0, 0, 0, 0, 2, 0, 2, 0];
const LOCAL = [0, 2, 3, 5, 8, 10, 9, 12, 15, 11, 9, 7, 6, 4, 3];
const IMPORTED = [4, 1, 0, 0, 2, 0, 0, 1, 0, 0, 0, 3, 0, 0, 0];

describe('discrSi', () => {
  it('matches EpiEstim discr_si', () => {
    // R: discr_si(c(0, 1, 2, 3, 10, 30), 4.8, 2.3)
    const want = [0, 1.68117221099937e-2, 1.1874440894824e-1, 1.95165177576778e-1, 1.82229276600879e-2, 8.06407649767135e-8];
    const got = discrSi([0, 1, 2, 3, 10, 30], 4.8, 2.3);
    want.forEach((w, i) => expect(Math.abs(got[i] - w)).toBeLessThanOrEqual(1e-15 + 1e-13 * w));
    // R: discr_si(0:4, 1.5, 0.2) — a short, narrow SI
    const narrow = discrSi([0, 1, 2, 3, 4], 1.5, 0.2);
    [0, 5.02271386743812e-1, 4.95457429656765e-1, 2.270980460514e-3, 2.03133428022807e-7].forEach((w, i) =>
      expect(rel(narrow[i] || 0, w || 1) * (w ? 1 : 0)).toBeLessThanOrEqual(1e-12),
    );
  });

  it('rejects what discr_si rejects', () => {
    expect(() => discrSi([0, 1], 1, 1)).toThrow(/mean_si \(mu\) must be > 1/);
    expect(() => discrSi([0, 1], 3, -1)).toThrow(/std_si \(sigma\) must be ≥ 0/);
    expect(() => discrSi([-1], 3, 1)).toThrow(/must be ≥ 0/);
  });

  it('property: a probability distribution summing to 1 over a long enough support, with mean ≈ mu', () => {
    fc.assert(
      // sigma ≤ mu − 1 keeps the gamma shape ≥ 1, so that 200 days hold all but a negligible tail.
      fc.property(fc.double({ min: 1.5, max: 10, noNaN: true }), fc.double({ min: 0.2, max: 1, noNaN: true }), (mu, f) => {
        const sigma = f * (mu - 1);
        const k = Array.from({ length: 200 }, (_, i) => i);
        const w = discrSi(k, mu, sigma);
        let sum = 0;
        let mean = 0;
        for (let i = 0; i < w.length; i++) {
          expect(w[i]).toBeGreaterThanOrEqual(0);
          sum += w[i];
          mean += i * w[i];
        }
        expect(w[0]).toBe(0);
        expect(sum).toBeCloseTo(1, 9);
        // The triangular-kernel discretisation preserves the mean of the continuous distribution.
        expect(mean).toBeCloseTo(mu, 6);
      }),
      { numRuns: 50 },
    );
  });
});

describe('estimateR', () => {
  it('gives NA (null) where t_end ≤ the mean of the discretised SI', () => {
    // R: estimate_R(Flu2009$incidence$I, "parametric_si", make_config(list(mean_si = 2.6, std_si = 1.5,
    //    t_start = c(2, 2, 3), t_end = c(2, 3, 5))));  mean of si_distr = 2.59999997897559
    const est = estimateR(FLU2009, 'parametric_si', { mean_si: 2.6, std_si: 1.5, t_start: [2, 2, 3], t_end: [2, 3, 5] });
    expect(est.si_mean).toBeCloseTo(2.59999997897559, 12);
    expect(est.windows[0].mean_r).toBeNull();
    expect(est.windows[0].quantile_0_975_r).toBeNull();
    expect(rel(est.windows[1].mean_r, 1.95136486292772)).toBeLessThan(1e-12);
    expect(rel(est.windows[1].std_r, 1.37982332714535)).toBeLessThan(1e-12);
    expect(rel(est.windows[1].quantile_0_025_r, 0.236319337812883)).toBeLessThan(1e-12);
    expect(rel(est.windows[2].median_r, 3.62399883427727)).toBeLessThan(1e-12);
    expect(rel(est.windows[2].quantile_0_975_r, 6.81523779997503)).toBeLessThan(1e-12);
    expect(est.warnings).toContain("You're estimating R too early in the epidemic to get the desired posterior CV.");
  });

  it('uses imported cases in the infectivity but not as offspring (default weekly windows)', () => {
    // R: estimate_R(data.frame(local = LOCAL, imported = IMPORTED), "parametric_si",
    //    make_config(list(mean_si = 4.8, std_si = 2.3)))
    const est = estimateR({ local: LOCAL, imported: IMPORTED }, 'parametric_si', { mean_si: 4.8, std_si: 2.3 });
    expect(est.windows.map((w) => w.t_start)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(est.windows.map((w) => w.t_end)).toEqual([8, 9, 10, 11, 12, 13, 14, 15]);
    const mean = [
      3.20270568902472, 2.82406029721085, 2.37010983859088, 1.94962052560898, 1.56199688716105, 1.25555346369555, 1.03801707531081,
      0.83323586640267,
    ];
    const q975 = [
      4.14946383303933, 3.56285248558564, 2.95231526399372, 2.41493576763945, 1.93743635201487, 1.56628350452277, 1.30513194494504,
      1.06520367231942,
    ];
    est.windows.forEach((w, i) => {
      expect(rel(w.mean_r, mean[i])).toBeLessThan(1e-12);
      expect(rel(w.quantile_0_975_r, q975[i])).toBeLessThan(1e-12);
    });
    expect(rel(est.windows[7].std_r, 0.111345826230376)).toBeLessThan(1e-12);
    expect(rel(est.windows[0].median_r, 3.181379808184175)).toBeLessThan(1e-12);
    expect(est.warnings).toEqual([]);
  });

  it('non_parametric_si with imported cases, a custom prior and the cv_posterior warning', () => {
    // R: estimate_R(data.frame(local = LOCAL, imported = IMPORTED), "non_parametric_si", make_config(list(
    //    si_distr = c(0, .2, .5, .2, .1), mean_prior = 2, std_prior = 1, cv_posterior = 0.1, t_start = c(2, 6, 9), t_end = c(8, 12, 15))))
    const est = estimateR({ local: LOCAL, imported: IMPORTED }, 'non_parametric_si', {
      si_distr: [0, 0.2, 0.5, 0.2, 0.1],
      mean_prior: 2,
      std_prior: 1,
      cv_posterior: 0.1,
      t_start: [2, 6, 9],
      t_end: [8, 12, 15],
    });
    expect(rel(est.windows[0].mean_r, 1.522988505747126)).toBeLessThan(1e-12);
    expect(rel(est.windows[1].quantile_0_05_r, 0.874749603492149)).toBeLessThan(1e-12);
    expect(rel(est.windows[2].quantile_0_25_r, 0.713479937699729)).toBeLessThan(1e-12);
    expect(rel(est.windows[2].quantile_0_95_r, 0.959798351385539)).toBeLessThan(1e-12);
    expect(est.si_distr).toHaveLength(16);
    expect(est.warnings).toEqual(["You're estimating R too early in the epidemic to get the desired posterior CV."]);
  });

  it('warns when the discretised SI does not sum to 1 on a short series', () => {
    // R: estimate_R(c(3, 4, 5, 6, 7, 8, 9, 10), "parametric_si", make_config(list(mean_si = 9, std_si = 3)))
    const est = estimateR([3, 4, 5, 6, 7, 8, 9, 10], 'parametric_si', { mean_si: 9, std_si: 3 });
    expect(est.warnings).toContain('si_distr does not sum to 1');
    expect(rel(est.windows[0].mean_r, 17.4492459030357)).toBeLessThan(1e-12);
    expect(rel(est.windows[0].quantile_0_025_r, 12.9511666390723)).toBeLessThan(1e-12);
  });

  it('keeps a non-parametric SI longer than the series whole, as EpiEstim', () => {
    // R: estimate_R(c(3, 5, 8, 6, 9, 12, 10, 7, 5, 4), "non_parametric_si", make_config(list(si_distr = c(0, .1, .2, .2,
    //    .15, .1, .08, .06, .04, .03, .02, .01, .005, .003, .002), t_start = c(2, 4), t_end = c(8, 10))))
    const si = [0, 0.1, 0.2, 0.2, 0.15, 0.1, 0.08, 0.06, 0.04, 0.03, 0.02, 0.01, 0.005, 0.003, 0.002];
    const est = estimateR([3, 5, 8, 6, 9, 12, 10, 7, 5, 4], 'non_parametric_si', { si_distr: si, t_start: [2, 4], t_end: [8, 10] });
    expect(est.si_distr).toHaveLength(15);
    expect(est.si_mean).toBeCloseTo(4.127, 12);
    expect(est.si_std).toBeCloseTo(2.49135926754854, 12);
    expect(rel(est.windows[0].mean_r, 2.22905457340507)).toBeLessThan(1e-12);
    expect(rel(est.windows[1].quantile_0_025_r, 0.999666386706376)).toBeLessThan(1e-12);
    expect(rel(est.windows[1].quantile_0_975_r, 1.70836138317408)).toBeLessThan(1e-12);
  });

  it('moves day-1 local cases to imported, as EpiEstim process_I', () => {
    const plain = estimateR([5, 3, 4, 6, 8, 9, 7, 10], 'parametric_si', { mean_si: 2.6, std_si: 1.5 });
    expect(plain.local[0]).toBe(0);
    expect(plain.imported[0]).toBe(5);
    expect(plain.warnings).not.toContain(expect.stringMatching(/local\[1\]/));
    const split = estimateR({ local: [5, 3, 4, 6, 8, 9, 7, 10], imported: [1, 0, 0, 0, 0, 0, 0, 0] }, 'parametric_si', {
      mean_si: 2.6,
      std_si: 1.5,
    });
    expect(split.imported[0]).toBe(6);
    expect(split.warnings.some((w) => w.startsWith('local[1] is > 0'))).toBe(true);
    // NaN counts are 0, as EpiEstim's incid[is.na(incid)] <- 0.
    const withNa = estimateR([5, 3, Number.NaN, 6, 8, 9, 7, 10], 'parametric_si', { mean_si: 2.6, std_si: 1.5 });
    expect(withNa.local[2]).toBe(0);
  });

  it('computes the overall infectivity Λ as EpiEstim overall_infectivity', () => {
    const lambda = overallInfectivity([0, 2, 3], [4, 1, 0], [0, 0.5, 0.3, 0.2]);
    expect(lambda[0]).toBeNaN();
    expect(lambda[1]).toBeCloseTo(0.5 * 4, 14);
    expect(lambda[2]).toBeCloseTo(0.5 * 3 + 0.3 * 4, 14);
  });

  it('names the field at fault', () => {
    const go =
      (config: object, incid: number[] = FLU2009) =>
      () =>
        estimateR(incid, 'parametric_si', config);
    expect(go({ std_si: 1 })).toThrow(/^mean_si: method parametric_si requires/);
    expect(go({ mean_si: 0.9, std_si: 1 })).toThrow(/^mean_si: .*> 1, got 0.9/);
    expect(go({ mean_si: 3, std_si: 0 })).toThrow(/^std_si: /);
    expect(go({ mean_si: 3, std_si: 1, t_start: [1], t_end: [5] })).toThrow(/^t_start: value 1 \(window 1\)/);
    expect(go({ mean_si: 3, std_si: 1, t_start: [2], t_end: [50] })).toThrow(/^t_end: value 50/);
    expect(go({ mean_si: 3, std_si: 1, t_start: [6], t_end: [5] })).toThrow(/^t_start: window 1 starts on day 6 after it ends/);
    expect(go({ mean_si: 3, std_si: 1, t_start: [2] })).toThrow(/^t_end: give both/);
    expect(go({ mean_si: 3, std_si: 1 }, [1, 2, 3])).toThrow(/^incidence: has 3 days/);
    expect(go({ mean_si: 3, std_si: 1 }, [1, 2, -3, 4, 5, 6, 7, 8])).toThrow(/^local: day 3 has -3/);
    expect(go({ mean_si: 3, std_si: 1, cv_posterior: -1 })).toThrow(/^cv_posterior/);
    expect(go({ mean_si: 3, std_si: 1, mean_prior: 0 })).toThrow(/^mean_prior/);
    const np = (si: number[]) => () => estimateR(FLU2009, 'non_parametric_si', { si_distr: si });
    expect(np([0.1, 0.9])).toThrow(/^si_distr: the first value/);
    expect(np([0, 0.5, 0.4])).toThrow(/^si_distr: must sum to 1/);
    expect(np([0, 1.5, -0.5])).toThrow(/^si_distr: value -0.5 at lag 2/);
    expect(() => estimateR(FLU2009, 'non_parametric_si', {})).toThrow(RtInputError);
  });

  it('property: a shared RtCache changes nothing, and posterior quantiles are ordered around the mean', () => {
    const cache = new RtCache();
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 500 }), { minLength: 10, maxLength: 60 }), (counts) => {
        const a = estimateR(counts, 'parametric_si', { mean_si: 4.8, std_si: 2.3 });
        const b = estimateR(counts, 'parametric_si', { mean_si: 4.8, std_si: 2.3 }, { cache });
        expect(b.windows).toEqual(a.windows);
        for (const w of a.windows) {
          if (w.mean_r === null) continue;
          const q = [
            w.quantile_0_025_r,
            w.quantile_0_05_r,
            w.quantile_0_25_r,
            w.median_r,
            w.quantile_0_75_r,
            w.quantile_0_95_r,
            w.quantile_0_975_r,
          ] as number[];
          for (let i = 1; i < q.length; i++) expect(q[i]).toBeGreaterThanOrEqual(q[i - 1]);
          expect(w.mean_r).toBeGreaterThan(q[0]);
          expect(w.mean_r).toBeLessThan(q[6]);
        }
      }),
      { numRuns: 60 },
    );
    expect(cache.size).toBeGreaterThan(0);
  });
});

describe('discrSiSeq', () => {
  it('property: bit-for-bit the values of discrSi on 0..n−1', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1.01, max: 30, noNaN: true }),
        fc.double({ min: 0.05, max: 20, noNaN: true }),
        fc.integer({ min: 0, max: 400 }),
        (mu, sigma, n) => {
          const fast = discrSiSeq(n, mu, sigma);
          const direct = discrSi(
            Array.from({ length: n }, (_, i) => i),
            mu,
            sigma,
          );
          for (let i = 0; i < n; i++) expect(Object.is(fast[i], direct[i]), `w_${i}`).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { SurveillanceSeries } from '../types.ts';
import { glrnb } from './glrnb.ts';

// R 4.2.2, surveillance 1.20.3:
// y <- c(rep(c(1,2,0,3,1,2,4,1,0,2),10), 2,3,1,6,8,9,7,5,2,1); s3 <- sts(observed = y, frequency = 52, start = c(2020, 1))
const y = [...Array.from({ length: 10 }, () => [1, 2, 0, 3, 1, 2, 4, 1, 0, 2]).flat(), 2, 3, 1, 6, 8, 9, 7, 5, 2, 1];
const s3: SurveillanceSeries = { observed: y, frequency: 52, start: [2020, 1] };

function expectR(control: Parameters<typeof glrnb>[1], ub: number[], alarm: number[], tol = 1e-9): void {
  const { points } = glrnb(s3, { range: [101, 110], ...control });
  points.forEach((p, i) => expect(Math.abs((p.upperbound as number) - ub[i])).toBeLessThanOrEqual(tol * Math.max(1, ub[i])));
  expect(points.map((p) => (p.alarm ? 1 : 0))).toEqual(alarm);
}

describe('glrnb', () => {
  it('Poisson GLR (alpha = 0) restarts after each alarm: glrnb(s3, control = list(range = 101:110, alpha = 0))', () => {
    expectR(
      { alpha: 0 },
      [
        0.0465895514036679, 0.48710259990758, 0.139951857184054, 3.53574545795569, 9.87608574874585, 8.15527514060993, 4.93925274077348,
        7.07419098458182, 0.0469086140029697, 0,
      ],
      [0, 0, 0, 0, 1, 1, 0, 1, 0, 0],
    );
  });

  it('windowed Poisson GLR: control = list(range = 101:110, alpha = 0, M = 4, Mtilde = 2)', () => {
    expectR(
      { alpha: 0, M: 4, Mtilde: 2 },
      [0, 0, 0.139951857184054, 2.14515507277765, 7.02622644919689, 0, 0, 14.8176458743756, 0, 0],
      [0, 0, 0, 0, 1, 0, 0, 1, 0, 0],
    );
  });

  it('NB likelihood-ratio CUSUM with known change: control = list(range = 101:110, alpha = 0.3, theta = log(2))', () => {
    expectR(
      { alpha: 0.3, theta: Math.log(2) },
      [
        0, 0.301349486625127, 0, 1.53895754983722, 3.90300695759651, 6.67970696575484, 1.95187664216436, 3.07885228409181, 2.96836795410369,
        2.44538929776405,
      ],
      [0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
    );
  });

  it('windowed NB GLR with fixed alpha: control = list(range = 101:110, alpha = 0.3, M = 3)', () => {
    expectR(
      { alpha: 0.3, M: 3 },
      [
        0.0306969496757351, 0.30454850408828, 0.0922073391027705, 1.98333799677393, 5.3916840989479, 4.25102645623657, 6.91070998552511,
        1.33192216837335, 1.03067952522174, 0.566531134827985,
      ],
      [0, 0, 0, 0, 1, 0, 1, 0, 0, 0],
      1e-6,
    );
  });

  it('refits mu0 after an alarm: control = list(range = 101:110, alpha = 0.3, mu0 = list(S = 1, refit = TRUE), c.ARL = 3)', () => {
    expectR(
      { alpha: 0.3, mu0: { S: 1, refit: true }, 'c.ARL': 3 },
      [
        0.0306969496757351, 0.30454850408828, 0.0922073391027705, 1.98333799677393, 5.3916840989479, 3.35655068182146, 1.76329987350472,
        2.47879621690957, 1.88882157707488, 1.19349565507898,
      ],
      [0, 0, 0, 0, 1, 1, 0, 0, 0, 0],
      1e-6,
    );
    const mu0 = glrnb(s3, { range: [101, 110], alpha: 0.3, mu0: { S: 1, refit: true }, 'c.ARL': 3 }).points.map((p) => p.mu0 as number);
    const want = [
      1.59879040543978, 1.59854039212226, 1.59831080000881, 1.59810496760605, 1.5979258867101, 1.929332266486, 2.11548187068086,
      2.10024379263967, 2.07974727623738, 2.05444244448196,
    ];
    mu0.forEach((m, i) => expect(m).toBeCloseTo(want[i], 9));
  });

  it('monitors decreases with a trend and two harmonics: control = list(range = 101:110, alpha = 0, mu0 = list(S = 2, trend = TRUE), dir = "dec", c.ARL = 2)', () => {
    expectR(
      { alpha: 0, mu0: { S: 2, trend: true }, dir: 'dec', 'c.ARL': 2 },
      [0, 0, 0.131376452088077, 0, 0, 0, 0, 0, 0, 0.135454974146139],
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
      1e-7,
    );
  });

  it('Poisson epidemic chart: control = list(range = 101:110, alpha = 0, change = "epi")', () => {
    expectR(
      { alpha: 0, change: 'epi' },
      [
        0, 0.48710259990758, 0.0262266235220521, 0.755117121229746, 8.64972945014554, 8.15527514060993, 4.93925274077348, 7.20744672188919,
        0.0469086140029696, 0.00650069988636911,
      ],
      [0, 0, 0, 0, 1, 1, 0, 1, 0, 0],
      1e-7,
    );
  });

  it('NB epidemic chart: control = list(range = 101:110, alpha = 0.3, change = "epi", c.ARL = 3) and with M = 2', () => {
    expectR(
      { alpha: 0.3, change: 'epi', 'c.ARL': 3 },
      [0, 0.141563853298072, 0, 1.96922220285321, 3.94405389835422, 1.8004321799975, 1.76499683786217, 0.956418221135142, 0, 0],
      [0, 0, 0, 0, 1, 0, 0, 0, 0, 0],
      1e-6,
    );
    expectR(
      { alpha: 0.3, change: 'epi', M: 2, Mtilde: 1 },
      [0, 0.141563853298072, 0, 1.96922220285321, 3.94405389835422, 5.93195094827703, 0.0193057828516618, 0, 0, 0],
      [0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
      1e-6,
    );
  });

  it('ret = "cases" gives the count that would alarm, as R (Poisson search, windowed, decreasing, closed forms, NB brute force)', () => {
    // R: glrnb(s3, control = list(range = 101:110, <settings>, ret = "cases"))
    expectR({ alpha: 0, ret: 'cases' }, [8, 8, 8, 8, 5, 8, 8, 4, 8, 8], [0, 0, 0, 0, 1, 1, 0, 1, 0, 0]);
    expectR({ alpha: 0, M: 4, Mtilde: 2, ret: 'cases' }, [0, 0, 9, 10, 6, 0, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0, 0, 1, 0, 0]);
    expectR({ alpha: 0, dir: 'dec', 'c.ARL': 1, ret: 'cases' }, [0, 0, 0, 1, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expectR(
      { alpha: 0, theta: Math.log(2), ret: 'cases' },
      [
        9.52004519298093, 9.51968443706553, 8.82556233416521, 9.51905600439609, 5.82437826392546, 9.51858123684934, 2.82351649621944,
        9.51828762480029, 6.82302692366246, 7.12774388006949,
      ],
      [0, 0, 0, 0, 1, 0, 1, 0, 0, 0],
    );
    expectR(
      { alpha: 0.3, theta: Math.log(2), ret: 'cases' },
      [
        14.3946581562135, 14.3935458947744, 13.6618377954084, 14.3916087696594, 10.6596387640934, 4.92773546362649, 14.3896201088127,
        9.65737353148964, 6.92515455521666, 7.19295425543373,
      ],
      [0, 0, 0, 0, 0, 1, 0, 0, 0, 0],
    );
    expectR({ alpha: 0.3, 'c.ARL': 3, ret: 'cases' }, [8, 8, 8, 8, 5, 8, 8, 4, 8, 8], [0, 0, 0, 0, 1, 1, 0, 1, 0, 0]);
    expect(() => glrnb(s3, { range: [101, 110], change: 'epi', ret: 'cases' })).toThrow(/not available/);
  });

  it('accepts a given mu0 vector and rejects R-invalid settings', () => {
    const { points } = glrnb(s3, { range: [109, 110], mu0: [1, 1], alpha: 0 });
    // GLR at the first point: κ = log(2/1), 2·log 2 + (1 − 2)·1
    expect(points[0].upperbound).toBeCloseTo(2 * Math.log(2) - 1, 12);
    expect(() => glrnb(s3, { range: [101, 110], theta: 1 })).toThrow(/theta/);
    expect(() => glrnb(s3, { range: [101, 110], mu0: [1] })).toThrow(/mu0/);
    expect(() => glrnb(s3, { range: [101, 110], change: 'trend' as 'intercept' })).toThrow(/change/);
  });
});

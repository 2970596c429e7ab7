import { describe, expect, it } from 'vitest';
import { bayes } from './bayes.ts';

const x = [3, 5, 2, 4, 6, 3, 4, 5, 2, 3, 4, 12, 9, 4, 3, 2, 5, 15, 3, 4];

describe('bayes', () => {
  it('matches R bayes(s, control = list(range = 8:20, b = 0, w = 5, alpha = 0.01))', () => {
    // R 4.2.2, surveillance 1.20.3, s <- sts(observed = x, frequency = 52, start = c(2020, 1))
    const { points } = bayes({ observed: x, frequency: 52, start: [2020, 1] }, { range: [8, 20], b: 0, w: 5, alpha: 0.01 });
    expect(points.map((p) => p.upperbound)).toEqual([10, 11, 10, 9, 10, 12, 13, 14, 14, 13, 11, 13, 13]);
    expect(points.map((p) => (p.alarm ? 1 : 0))).toEqual([0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0]);
  });

  it('uses the windows of previous years (b years back, ± w) and ignores missing values like R (na.rm)', () => {
    const y: number[] = Array.from({ length: 60 }, (_, i) => (i % 52 === 40 ? 30 : 1));
    y[1] = Number.NaN;
    // t = 55: previous-year window t − 52 ± 1 = 2..4 (t = 2 missing) plus actY w = 1 → values 1, 1 and t = 54's 1
    const { points } = bayes({ observed: y, frequency: 52, start: [2020, 1] }, { range: [55, 55], b: 1, w: 1, actY: true });
    // R: qnbinom(0.95, size = 3 + 1/2, prob = 3/4) = 4, and
    // upperbound(bayes(sts(observed = y, frequency = 52, start = c(2020, 1)),
    //   control = list(range = 55:55, b = 1, w = 1, actY = TRUE))) = 4
    expect(points[0].upperbound).toBe(4);
  });
});

import { describe, expect, it } from 'vitest';
import { averageMetrics, detectionMetrics } from './detection-metrics.ts';

describe('detectionMetrics', () => {
  it('counts weeks and outbreaks (maximal runs of outbreak weeks) as defined by Bédubourg & Le Strat', () => {
    const m = detectionMetrics([
      // outbreak weeks 2–3 (detected in its 2nd week only) and 6 (missed); one false alarm in week 5; one NA
      { alarm: [false, false, true, false, true, false, null], outbreak: [0, 2, 1, 0, 0, 4, 0] },
      // no outbreak, no alarm
      { alarm: [false, false], outbreak: [0, 0] },
    ]);
    expect(m).toEqual({
      FPR: 1 / 6,
      POD: 1 / 2,
      POD1: 0,
      sens: 1 / 3,
      spec: 5 / 6,
      PPV: 1 / 2,
      F1: (2 * (1 / 2) * (1 / 3)) / (1 / 2 + 1 / 3),
      nSeries: 2,
      nOutbreaks: 2,
      nOutbreakWeeks: 3,
      nNonOutbreakWeeks: 6,
      nNaAlarm: 1,
    });
  });

  it('leaves undefined ratios null and averages only defined ones', () => {
    const none = detectionMetrics([{ alarm: [false, false], outbreak: [0, 0] }]);
    expect([none.PPV, none.F1, none.sens, none.POD]).toEqual([null, null, null, null]);
    const avg = averageMetrics([none, detectionMetrics([{ alarm: [true], outbreak: [1] }])]);
    expect(avg.PPV).toBe(1);
    expect(avg.FPR).toBe(0);
    expect(avg.nSeries).toBe(2);
  });
});

import { describe, expect, it } from 'vitest';
import { DetectionInputError } from '../errors.ts';
import { dayToIso, isoToDay } from '../series.ts';
import type { SurveillanceSeries } from '../types.ts';
import { mpm, planMpm } from './mpm.ts';

/** ISO dates of `n` consecutive days from `first`. */
function dailyDates(first: string, n: number): string[] {
  const d0 = isoToDay(first);
  return Array.from({ length: n }, (_, i) => dayToIso(d0 + i));
}

describe('mpm on a weekly index-based series', () => {
  // 4 years of weeks; t = 200 is monitored. Its baseline: weeks 200 − 52y + s, y = 1..3, s = −2..2.
  const n = 208;
  const t = 200;
  function series(current: number): SurveillanceSeries {
    const y = new Array<number>(n).fill(0);
    let k = 1;
    for (let yr = 1; yr <= 3; yr++) for (let s = -2; s <= 2; s++) y[t - 52 * yr + s - 1] = k++; // baseline values 1..15
    y[t - 1] = current;
    return { observed: y, frequency: 52, start: [2020, 1] };
  }

  it('thresholds at P80 (type 7) of 5 weeks × 3 years: 12 + 0.2·(13 − 12) = 12.2', () => {
    // quantile(1:15, 0.8, type = 7): h = 14·0.8 = 11.2 → x[12] + 0.2·(x[13] − x[12]) = 12.2
    const hit = mpm(series(13), { range: [t, t] }).points[0];
    expect(hit.observed).toBe(13);
    expect(hit.upperbound).toBeCloseTo(12.2, 12);
    expect(hit.alarm).toBe(true);
    expect(mpm(series(12), { range: [t, t] }).points[0].alarm).toBe(false);
  });

  it('honours p, halfWindow, years and minCount', () => {
    // p = 0.5 of 1..15 is the median 8
    expect(mpm(series(9), { range: [t, t], p: 0.5 }).points[0]).toMatchObject({ upperbound: 8, alarm: true });
    // halfWindow 0: the same week of 3 years: values 3, 8, 13 → P80 = 8 + 0.6·5 = 11
    expect(mpm(series(12), { range: [t, t], halfWindow: 0 }).points[0].upperbound).toBeCloseTo(11, 12);
    // years 1: values 1..5 → P80 = 4.2
    expect(mpm(series(5), { range: [t, t], years: 1 }).points[0].upperbound).toBeCloseTo(4.2, 12);
    // minCount: observed 13 > 12.2 but below minCount 20 → no alarm
    expect(mpm(series(13), { range: [t, t], minCount: 20 }).points[0].alarm).toBe(false);
  });

  it('starts the default range at the first week with 3 full years of baseline', () => {
    const { points } = mpm(series(0));
    // earliest baseline week of t is t − 156 − 2 ≥ 1 → t ≥ 159
    expect(points[0].t).toBe(159);
    expect(points.at(-1)?.t).toBe(n);
    expect(() => mpm(series(0), { range: [158, 160] })).toThrow(DetectionInputError);
  });
});

describe('mpm on a daily series (7-day periods moved daily, calendar years)', () => {
  const dates = dailyDates('2020-01-01', 1521); // up to 2024-02-29
  const t = dates.indexOf('2024-02-29') + 1;

  it('finds the same date in previous years, 29 February → 28 February, periods shifted by 7 days', () => {
    const plan = planMpm(
      { observed: new Array(dates.length).fill(0), dates, frequency: 365, start: '2020-01-01', epochAsDate: true },
      dates.length,
      {
        range: [t, t],
      },
    );
    const ends = Array.from(plan.ends, (i) => dates[i]);
    expect(ends).toEqual([
      '2023-02-14',
      '2023-02-21',
      '2023-02-28',
      '2023-03-07',
      '2023-03-14',
      '2022-02-14',
      '2022-02-21',
      '2022-02-28',
      '2022-03-07',
      '2022-03-14',
      '2021-02-14',
      '2021-02-21',
      '2021-02-28',
      '2021-03-07',
      '2021-03-14',
    ]);
    expect(plan.periodLength).toBe(7);
  });

  it('sums the 7 days ending at t and compares with P80 of the 15 baseline sums', () => {
    const y = new Array<number>(dates.length).fill(0);
    // one count per baseline period, on its first day: period sums 1..15
    const firstDays = [
      '2023-02-08',
      '2023-02-15',
      '2023-02-22',
      '2023-03-01',
      '2023-03-08',
      '2022-02-08',
      '2022-02-15',
      '2022-02-22',
      '2022-03-01',
      '2022-03-08',
      '2021-02-08',
      '2021-02-15',
      '2021-02-22',
      '2021-03-01',
      '2021-03-08',
    ];
    firstDays.forEach((d, k) => {
      y[dates.indexOf(d)] = k + 1;
    });
    // current period 2024-02-23..2024-02-29: 4 + 9 = 13
    y[dates.indexOf('2024-02-23')] = 4;
    y[dates.indexOf('2024-02-29')] = 9;
    const s: SurveillanceSeries = { observed: y, dates, frequency: 365, start: '2020-01-01', epochAsDate: true };
    const p = mpm(s, { range: [t, t] }).points[0];
    expect(p).toMatchObject({ t, observed: 13, alarm: true });
    expect(p.upperbound).toBeCloseTo(12.2, 12);
    // the day before, the 2024-02-29 count is outside the current period: observed 4
    expect(mpm(s, { range: [t - 1, t - 1] }).points[0].observed).toBe(4);
  });

  it('derives the calendar of an index-based daily series from start = [year, dayOfYear]', () => {
    const y = Array.from({ length: 1200 }, (_, i) => i % 5);
    const byIndex = mpm({ observed: y, frequency: 365, start: [2020, 1] }, { range: [1200, 1200] });
    const byDate = mpm(
      { observed: y, frequency: 365, start: '2020-01-01', dates: dailyDates('2020-01-01', 1200), epochAsDate: true },
      { range: [1200, 1200] },
    );
    expect(byIndex).toEqual(byDate);
  });

  it('gives NA when a count in the current or a baseline period is missing', () => {
    const y = Array.from({ length: dates.length }, () => 1);
    y[dates.indexOf('2022-02-25')] = Number.NaN;
    const p = mpm({ observed: y, dates, frequency: 365, start: '2020-01-01', epochAsDate: true }, { range: [t, t] }).points[0];
    expect(p.alarm).toBeNull();
    expect(p.upperbound).toBeNull();
  });

  it('rejects dates that are not consecutive days', () => {
    const gap = [...dates];
    gap.splice(10, 1);
    expect(() => mpm({ observed: new Array(gap.length).fill(0), dates: gap, frequency: 365, start: gap[0], epochAsDate: true })).toThrow(
      /days after/,
    );
  });
});

describe('mpm on a date-indexed weekly series', () => {
  it('takes the week nearest to the same date in each previous year', () => {
    // Mondays from 2020-01-06; t = 2024-01-01. Same date 1, 2, 3 years back: 2023-01-01 → Monday
    // 2023-01-02 (1 day away), 2022-01-01 → 2022-01-03, 2021-01-01 → 2021-01-04 (3 days vs 4).
    const first = isoToDay('2020-01-06');
    const dates = Array.from({ length: 209 }, (_, i) => dayToIso(first + 7 * i));
    const t = dates.indexOf('2024-01-01') + 1;
    const plan = planMpm(
      { observed: new Array(dates.length).fill(0), dates, frequency: 52, start: dates[0], epochAsDate: true },
      dates.length,
      {
        range: [t, t],
        halfWindow: 0,
      },
    );
    expect(Array.from(plan.ends, (i) => dates[i])).toEqual(['2023-01-02', '2022-01-03', '2021-01-04']);
  });
});

/**
 * Reference-week selection against R surveillance 1.20.3 / R 4.2.2; the expected values were
 * printed by R from the calls quoted in each test.
 */
import { describe, expect, it } from 'vitest';
import { isoToDay } from '../series.ts';
import { assignBlocks, referenceTimePoints, refvalIdxByDate, shiftMonths, shiftYears, weekday } from './reference-weeks.ts';

/** `seq(as.Date(from), by = "<step> days", length.out = n)` as day numbers */
function daySeq(from: string, stepDays: number, n: number): Float64Array {
  const first = isoToDay(from);
  return Float64Array.from({ length: n }, (_, i) => first + i * stepDays);
}

describe('calendar steps as R seq.Date', () => {
  it('moves 29 February to 1 March in non-leap years (seq(as.Date("2016-02-29"), by = "-1 year"))', () => {
    const d = isoToDay('2016-02-29');
    expect(shiftYears(d, -1)).toBe(isoToDay('2015-03-01'));
    expect(shiftYears(d, -2)).toBe(isoToDay('2014-03-01'));
    expect(shiftYears(d, -4)).toBe(isoToDay('2012-02-29'));
  });

  it('normalises month overflow (seq(as.Date("2021-01-31"), by = "1 month"))', () => {
    const d = isoToDay('2021-01-31');
    expect(shiftMonths(d, 1)).toBe(isoToDay('2021-03-03'));
    expect(shiftMonths(d, 2)).toBe(isoToDay('2021-03-31'));
  });

  it('numbers weekdays as format(date, "%w")', () => {
    expect([weekday(isoToDay('1970-01-01')), weekday(isoToDay('2016-02-29')), weekday(isoToDay('2024-06-09'))]).toEqual([4, 1, 0]);
  });
});

describe('refvalIdxByDate (farrington 1996 on date-indexed series)', () => {
  it('weekly: the windows of the previous years, moved to the same weekday', () => {
    // refvalIdxByDate(t0 = epochs[300], b = 3, w = 2, "1 week", epochs = weekly from 2010-01-04)
    const days = daySeq('2010-01-04', 7, 400);
    expect(refvalIdxByDate(days[299]!, 3, 2, 'week', days)).toEqual([
      246, 247, 248, 249, 250, 194, 195, 196, 197, 198, 142, 143, 144, 145, 146,
    ]);
  });

  it('monthly: moved to the day of month of t0', () => {
    // monthly epochs from 2010-01-15, t0 = epochs[80], b = 2, w = 1
    const days = Float64Array.from({ length: 100 }, (_, i) => shiftMonths(isoToDay('2010-01-15'), i));
    expect(refvalIdxByDate(days[79]!, 2, 1, 'month', days)).toEqual([67, 68, 69, 55, 56, 57]);
  });

  it('daily', () => {
    const days = daySeq('2010-01-01', 1, 1200);
    expect(refvalIdxByDate(days[1099]!, 2, 1, 'day', days)).toEqual([733, 734, 735, 368, 369, 370]);
  });
});

describe('algo.farrington.referencetimepoints (farringtonFlexible)', () => {
  it('weekly dates: the closer day with the current weekday, one year at a time', () => {
    // match(algo.farrington.referencetimepoints(vd[300], b = 4, freq = 52, TRUE, "week"), vd)
    const days = daySeq('2010-01-04', 7, 400);
    const out = new Int32Array(5);
    referenceTimePoints(300, 4, 52, 'week', days, out);
    expect([...out]).toEqual([300, 248, 196, 144, 91]);
  });

  it('index-based: t − j·freq, and R stops when one is missing', () => {
    const out = new Int32Array(3);
    referenceTimePoints(120, 2, 52, 'none', null, out);
    expect([...out]).toEqual([120, 68, 16]);
    expect(() => referenceTimePoints(100, 2, 52, 'none', null, new Int32Array(3))).toThrow(/does not exist/);
  });
});

describe('blocks (seasonal groups of farringtonFlexible)', () => {
  it('splits the gaps between reference windows into noPeriods − 1 groups as R', () => {
    // surveillance:::blocks(seq(300, length.out = 4, by = -52), 1:400, "none", 300, b = 3, w = 2, p = 4, FALSE)[140:300]
    const expected =
      'NA,NA,4,4,4,4,4,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,4,4,4,4,4,' +
      '1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,4,4,4,4,4,1,1,1,1,1,1,1,1,' +
      '1,1,1,1,1,1,1,1,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,2,3,3,3,3,3,3,3,3,3,3,3,3,3,3,3,4,4,4';
    // assignBlocks writes the span refs[b] − w .. now only; start from NaN like R's vector.
    const factors = new Float64Array(400).fill(Number.NaN);
    assignBlocks(factors, 400, 300, [300, 248, 196, 144], 3, 2, 4);
    const got = [...factors.subarray(139, 300)].map((v) => (Number.isNaN(v) ? 'NA' : String(v))).join(',');
    expect(got).toBe(expected);
  });

  it('marks only the windows when noPeriods = 1', () => {
    const factors = new Float64Array(200).fill(Number.NaN);
    assignBlocks(factors, 200, 150, [150, 98, 46], 2, 1, 1);
    const marked = [...factors.keys()].filter((i) => factors[i] === 1).map((i) => i + 1);
    expect(marked).toEqual([45, 46, 47, 97, 98, 99, 149, 150]);
  });
});

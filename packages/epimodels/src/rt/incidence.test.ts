import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, incidenceFromLineList, isoDate, LineListDateError } from './incidence.ts';

describe('incidenceFromLineList', () => {
  const cases = [
    { onset_date: '2024-02-28', report_date: '2024-03-01' },
    { onset_date: '2024-03-01', report_date: '2024-03-02', imported: true },
    { onset_date: null, report_date: '2024-03-02' },
    { onset_date: '2024-02-28', report_date: '2024-03-04' },
  ];

  it('counts by onset date with zero-filled days across a leap day', () => {
    const inc = incidenceFromLineList(cases);
    expect(inc.dates).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(Array.from(inc.local)).toEqual([2, 0, 0]);
    expect(Array.from(inc.imported)).toEqual([0, 0, 1]);
    expect(inc.missingDate).toBe(1);
    expect(inc.outOfRange).toBe(0);
  });

  it('counts by report date', () => {
    const inc = incidenceFromLineList(cases, { by: 'report' });
    expect(inc.dates).toEqual(['2024-03-01', '2024-03-02', '2024-03-03', '2024-03-04']);
    expect(Array.from(inc.local)).toEqual([1, 1, 0, 1]);
    expect(Array.from(inc.imported)).toEqual([0, 1, 0, 0]);
    expect(inc.missingDate).toBe(0);
  });

  it('falls back to the report date when asked, and clips to [from, to]', () => {
    const inc = incidenceFromLineList(cases, { fallbackToReport: true, from: '2024-02-29', to: '2024-03-05' });
    expect(inc.dates[0]).toBe('2024-02-29');
    expect(inc.dates).toHaveLength(6);
    expect(Array.from(inc.local)).toEqual([0, 0, 1, 0, 0, 0]);
    expect(inc.outOfRange).toBe(2);
    expect(inc.missingDate).toBe(0);
  });

  it('names the case and field of a malformed date', () => {
    expect(() => incidenceFromLineList([{ onset_date: '2024-01-01' }, { onset_date: '2023-02-29' }])).toThrow(LineListDateError);
    expect(() => incidenceFromLineList([{ onset_date: '2024-01-01' }, { onset_date: '1/3/2024' }])).toThrow(
      "onset_date '1/3/2024' of case 2",
    );
  });

  it('returns an empty curve when no case has the date', () => {
    const inc = incidenceFromLineList([{ report_date: '2024-01-01' }]);
    expect(inc.dates).toEqual([]);
    expect(inc.missingDate).toBe(1);
  });

  it('property: every dated case is counted exactly once, on its own day', () => {
    const day0 = dayNumber('2023-12-25');
    fc.assert(
      fc.property(
        fc.array(fc.record({ d: fc.integer({ min: 0, max: 60 }), imported: fc.boolean() }), { minLength: 1, maxLength: 200 }),
        (rows) => {
          const list = rows.map((r) => ({ onset_date: isoDate(day0 + r.d), imported: r.imported }));
          const inc = incidenceFromLineList(list);
          const total = inc.local.reduce((a, b) => a + b, 0) + inc.imported.reduce((a, b) => a + b, 0);
          expect(total).toBe(rows.length);
          const first = Math.min(...rows.map((r) => r.d));
          for (const r of rows) {
            const idx = r.d - first;
            expect(inc.dates[idx]).toBe(isoDate(day0 + r.d));
            expect((r.imported ? inc.imported : inc.local)[idx]).toBeGreaterThan(0);
          }
        },
      ),
    );
  });
});

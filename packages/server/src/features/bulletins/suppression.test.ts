import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type SuppressedTable, isSmall, suppressList, suppressTable } from './suppression.ts';

/**
 * An attacker's exhaustive search, independent of the algorithm: is there a table of non-negative counts that
 * agrees with everything published (cells, row totals, column totals, grand total) in which cell (ti, tj) holds
 * another value than `truth`? If not, the cell is recoverable.
 */
function recoverable(
  t: SuppressedTable,
  opts: { rowTotals: boolean; columnTotals: boolean },
  ti: number,
  tj: number,
  truth: number,
): boolean {
  const rows = t.cells.length;
  const cols = t.cells[0]!.length;
  const unknown: [number, number][] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (t.cells[i]![j] === null) unknown.push([i, j]);
  const grid = t.cells.map((r) => r.map((v) => v ?? 0));
  const rowCap = (i: number) => (opts.rowTotals && t.rowTotals![i] !== null ? t.rowTotals![i]! : t.total);
  const colCap = (j: number) => (opts.columnTotals && t.columnTotals![j] !== null ? t.columnTotals![j]! : t.total);
  const consistent = () => {
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      const rs = grid[i]!.reduce((a, b) => a + b, 0);
      sum += rs;
      if (opts.rowTotals && t.rowTotals![i] !== null && rs !== t.rowTotals![i]) return false;
    }
    for (let j = 0; j < cols; j++) {
      const cs = grid.reduce((a, r) => a + r[j]!, 0);
      if (opts.columnTotals && t.columnTotals![j] !== null && cs !== t.columnTotals![j]) return false;
    }
    return sum === t.total;
  };
  const partialOk = () => {
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      const rs = grid[i]!.reduce((a, b) => a + b, 0);
      sum += rs;
      if (rs > rowCap(i)) return false;
    }
    for (let j = 0; j < cols; j++) if (grid.reduce((a, r) => a + r[j]!, 0) > colCap(j)) return false;
    return sum <= t.total;
  };
  const others = unknown.filter(([i, j]) => !(i === ti && j === tj));
  const search = (n: number): boolean => {
    if (!partialOk()) return false;
    if (n === others.length) return consistent();
    const [i, j] = others[n]!;
    for (let v = 0; v <= t.total; v++) {
      grid[i]![j] = v;
      if (search(n + 1)) return true;
      if (!partialOk()) break;
    }
    grid[i]![j] = 0;
    return false;
  };
  for (let v = 0; v <= t.total; v++) {
    if (v === truth) continue;
    for (const [i, j] of others) grid[i]![j] = 0;
    grid[ti]![tj] = v;
    if (search(0)) return false;
  }
  return true;
}

const table = fc.record({ rows: fc.integer({ min: 1, max: 3 }), cols: fc.integer({ min: 1, max: 3 }) }).chain(({ rows, cols }) =>
  fc.record({
    cells: fc.array(
      fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 9 })), {
        minLength: cols,
        maxLength: cols,
      }),
      {
        minLength: rows,
        maxLength: rows,
      },
    ),
    k: fc.integer({ min: 2, max: 5 }),
    rowTotals: fc.boolean(),
    columnTotals: fc.boolean(),
    fixedColumnTotals: fc.boolean(),
  }),
);

describe('suppression', () => {
  it('primary: counts 1..k−1 are hidden, 0 and k or more shown when no complement is needed', () => {
    const t = suppressList([0, 7, 12, 9], 5);
    expect(t.values).toEqual([0, 7, 12, 9]);
    expect(t.total).toBe(28);
    const s = suppressList([3, 7, 12, 0], 5);
    // 3 is small; the smallest other non-zero (7) is hidden with it so that 28 − 7 − 12 − 0 does not give it away
    expect(s.values).toEqual([null, null, 12, 0]);
    expect(s.total).toBe(22);
  });

  it('k is configurable: with k = 10 a 7 is hidden too', () => {
    expect(suppressList([3, 7, 12, 15], 10).values).toEqual([null, null, 12, 15]);
  });

  it('a breakdown of one place cannot be protected: withheld, the total stays', () => {
    const t = suppressList([3], 5);
    expect(t.withheld).toBe(true);
    expect(t.values).toEqual([null]);
    expect(t.total).toBe(3);
  });

  it('two-way table with row and column totals: the small cell is protected by a rectangle', () => {
    const t = suppressTable({
      cells: [
        [2, 10, 8],
        [6, 9, 7],
      ],
      k: 5,
      rowTotals: true,
      columnTotals: true,
    });
    // a rectangle: the 2, the smallest of its row (8), then of that one's column (7), then of its row (6) —
    // not the whole table withheld (it was, before the choice of the line to widen was fixed)
    expect(t.withheld).toBe(false);
    expect(t.cells).toEqual([
      [null, 10, null],
      [null, 9, null],
    ]);
    expect(t.rowTotals).toEqual([20, 22]);
    expect(t.columnTotals).toEqual([8, 19, 15]);
    expect(t.total).toBe(42);
  });

  it('age band × sex with one small cell: a rectangle is hidden, the table is not withheld', () => {
    const t = suppressTable({
      cells: [
        [8, 7, 0],
        [11, 6, 0],
        [10, 10, 0],
        [7, 9, 0],
        [9, 3, 0],
        [7, 5, 0],
      ],
      k: 5,
      rowTotals: true,
      columnTotals: true,
      fixedColumnTotals: false,
    });
    expect(t.withheld).toBe(false);
    expect(t.cells[4]).toEqual([null, null, 0]);
    expect(t.cells.flat().filter((v) => v === null)).toHaveLength(4);
    expect(t.total).toBe(92);
  });

  it('age band × sex: a band of 4 cases and a sex total of 3 are small numbers too, and hidden', () => {
    const t = suppressTable({
      cells: [
        [9, 7, 0],
        [2, 2, 0],
        [6, 8, 3],
      ],
      k: 5,
      rowTotals: true,
      columnTotals: true,
      fixedColumnTotals: false,
    });
    expect(t.withheld).toBe(false);
    expect(t.rowTotals![1]).toBeNull();
    expect(t.columnTotals![2]).toBeNull();
    expect(t.cells[1]!.slice(0, 2)).toEqual([null, null]);
    // the 3 would follow from its row (6 + 8 + x = 17): a second entry of that row is hidden with it
    expect(t.cells[2]![2]).toBeNull();
    expect(t.cells[2]!.filter((v) => v === null).length + (t.rowTotals![2] === null ? 1 : 0)).toBeGreaterThanOrEqual(2);
    expect(t.total).toBe(37);
    expect(t.primary).toBe(5);
  });

  it('property: no small count is published, and none can be recovered from what is', () => {
    fc.assert(
      fc.property(table, ({ cells, k, rowTotals, columnTotals, fixedColumnTotals }) => {
        const t = suppressTable({ cells, k, rowTotals, columnTotals, fixedColumnTotals });
        // grand total always the truth
        expect(t.total).toBe(cells.flat().reduce((a, b) => a + b, 0));
        if (t.withheld) {
          // nothing of the breakdown is published but the district-level totals
          expect(t.cells.flat().every((v) => v === null)).toBe(true);
          return;
        }
        cells.forEach((row, i) =>
          row.forEach((v, j) => {
            const shown = t.cells[i]![j];
            if (shown !== null) expect(shown).toBe(v);
            if (isSmall(v, k)) {
              expect(shown).toBeNull();
              expect(recoverable(t, { rowTotals, columnTotals }, i, j, v)).toBe(false);
            }
          }),
        );
        for (const v of [...(t.rowTotals ?? [])]) if (v !== null) expect(v).toBeGreaterThanOrEqual(0);
        // a published total below the district is no small number either (fixed column totals are district figures)
        for (const v of t.rowTotals ?? []) if (v !== null) expect(isSmall(v, k)).toBe(false);
        if (!fixedColumnTotals) for (const v of t.columnTotals ?? []) if (v !== null) expect(isSmall(v, k)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });
});

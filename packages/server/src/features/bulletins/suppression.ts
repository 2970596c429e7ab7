/**
 * Small-number suppression of a breakdown published below the district (docs/disclosure.md, "Suppression").
 *
 * A table of counts (rows × columns) is published with, optionally, its row totals and column totals and always
 * its grand total (the district's headline figure, published as it is). Rules:
 *
 * - **primary**: a cell holding 1 … k−1 is suppressed (0 and k or more are published), and so is a published
 *   total that is not fixed (a row's or a column's total below the district: a band of 4 cases is a small number);
 * - **complementary**: every published line (a row with its row total, a column with its column total, the row
 *   totals with the grand total, the column totals with the grand total) that holds exactly one suppressed entry
 *   would give it away by subtraction, so a second entry of that line is suppressed too — a non-zero one first
 *   (a suppressed zero next to a zero total is no protection), the smallest, a cell before a total; repeated until
 *   no line holds exactly one;
 * - totals marked `fixed` (district-level figures) are never suppressed. When a line cannot be protected (all its
 *   other entries fixed) the breakdown is withheld as a whole.
 *
 * Pure: no database, no clock. Property tests (suppression.test.ts) check with an exhaustive search that no
 * primary cell can be pinned to a single value from what is published.
 */

/** Published value or null (suppressed, shown as "<k" or "*"). */
export type Published = number | null;

export interface SuppressionInput {
  /** counts, rows × columns (every row the same length), non-negative integers */
  cells: readonly (readonly number[])[];
  /** threshold: counts 1 … k−1 are suppressed (k ≥ 2) */
  k: number;
  /** publish each row's total (suppressible: a row is below the district) */
  rowTotals?: boolean;
  /** publish each column's total; `fixedColumnTotals`: they are district figures, never suppressed (default true) */
  columnTotals?: boolean;
  fixedColumnTotals?: boolean;
}

export interface SuppressedTable {
  cells: Published[][];
  rowTotals: Published[] | null;
  columnTotals: Published[] | null;
  total: number;
  /** the breakdown could not be protected: publish only the total */
  withheld: boolean;
  /** suppressed entries: primary (small counts) and complementary */
  primary: number;
  complementary: number;
  k: number;
}

interface Entry {
  value: number;
  kind: 'cell' | 'rowTotal' | 'columnTotal' | 'grand';
  fixed: boolean;
  suppressed: boolean;
}

/** Default threshold of the district (configurable per bulletin). */
export const DEFAULT_K = 5;

/** Whether a count is a small number that must not be published below the district. */
export const isSmall = (n: number, k: number): boolean => n >= 1 && n < k;

/** Applies primary and complementary suppression; see the module comment. */
export function suppressTable(input: SuppressionInput): SuppressedTable {
  const { k } = input;
  if (!Number.isInteger(k) || k < 2) throw new RangeError('k must be an integer ≥ 2');
  const rows = input.cells.length;
  const cols = rows === 0 ? 0 : input.cells[0]!.length;
  for (const row of input.cells) {
    if (row.length !== cols) throw new RangeError('every row must have the same number of cells');
    for (const v of row) if (!Number.isInteger(v) || v < 0) throw new RangeError('counts must be non-negative integers');
  }
  const withRowTotals = input.rowTotals ?? false;
  const withColumnTotals = input.columnTotals ?? true;
  const fixedColumnTotals = input.fixedColumnTotals ?? true;

  const rowSum = input.cells.map((r) => r.reduce((a, b) => a + b, 0));
  const colSum = Array.from({ length: cols }, (_, j) => input.cells.reduce((a, r) => a + r[j]!, 0));
  const total = rowSum.reduce((a, b) => a + b, 0);

  const cell: Entry[][] = input.cells.map((r) => r.map((value) => ({ value, kind: 'cell', fixed: false, suppressed: isSmall(value, k) })));
  // a published total below the district is a count like any cell: small, it is suppressed too
  const rowTotal: Entry[] = rowSum.map((value) => ({
    value,
    kind: 'rowTotal',
    fixed: false,
    suppressed: withRowTotals && isSmall(value, k),
  }));
  const colTotal: Entry[] = colSum.map((value) => ({
    value,
    kind: 'columnTotal',
    fixed: fixedColumnTotals,
    suppressed: withColumnTotals && !fixedColumnTotals && isSmall(value, k),
  }));
  const grand: Entry = { value: total, kind: 'grand', fixed: true, suppressed: false };

  // Every published equation of the table (its entries sum to a relation the reader knows).
  const lines: Entry[][] = [];
  if (withRowTotals) for (let i = 0; i < rows; i++) lines.push([...cell[i]!, rowTotal[i]!]);
  if (withColumnTotals) for (let j = 0; j < cols; j++) lines.push([...cell.map((r) => r[j]!), colTotal[j]!]);
  if (withRowTotals) lines.push([...rowTotal, grand]);
  if (withColumnTotals) lines.push([...colTotal, grand]);
  // Without row totals, the grand total still binds all cells when column totals are absent too.
  if (!withRowTotals && !withColumnTotals) lines.push([...cell.flat(), grand]);

  const primaries = [...cell.flat(), ...rowTotal, ...colTotal].filter((e) => e.suppressed);
  const primary = primaries.length;
  let withheld = false;
  const rank = (e: Entry) => [e.value > 0 ? 0 : 1, e.value, e.kind === 'cell' ? 0 : 1] as const;
  const suppressOneOf = (line: Entry[]): boolean => {
    const candidates = line.filter((e) => !e.suppressed && !e.fixed);
    if (candidates.length === 0) return false;
    candidates.sort((a, b) => {
      const ra = rank(a);
      const rb = rank(b);
      return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2];
    });
    candidates[0]!.suppressed = true;
    return true;
  };
  for (let step = 0; step < 10_000; step++) {
    // What a reader can still work out: bounds of each hidden entry from the published lines (counts ≥ 0).
    const pinned = pinnedEntries(lines, total);
    const hidden = (e: Entry) => e.suppressed && !pinned.has(e);
    // a line with one hidden entry gives it away: first the lines with one suppressed entry at all (the usual
    // rectangle: the cell, then one in its row, one in that one's column …), then one whose other hidden entries
    // the reader can work out
    const open =
      lines.find((line) => line.filter((e) => e.suppressed).length === 1) ?? lines.find((line) => line.filter(hidden).length === 1);
    const exposed = primaries.find((e) => pinned.has(e));
    const line = open ?? (exposed ? lineToWiden(lines, exposed, hidden) : undefined);
    if (!open && !exposed) break;
    if (!line || !suppressOneOf(line)) {
      withheld = true;
      break;
    }
  }
  const all = [...cell.flat(), ...rowTotal, ...colTotal];
  const suppressedCount = all.filter((e) => e.suppressed).length;
  if (withheld) {
    return {
      cells: cell.map((r) => r.map(() => null)),
      rowTotals: withRowTotals ? rowTotal.map(() => null) : null,
      columnTotals: withColumnTotals ? colTotal.map((e) => (e.fixed ? e.value : null)) : null,
      total,
      withheld: true,
      primary,
      complementary:
        all.filter((e) => !e.fixed && (e.kind === 'cell' || (e.kind === 'rowTotal' ? withRowTotals : withColumnTotals))).length - primary,
      k,
    };
  }
  const show = (e: Entry): Published => (e.suppressed ? null : e.value);
  return {
    cells: cell.map((r) => r.map(show)),
    rowTotals: withRowTotals ? rowTotal.map(show) : null,
    columnTotals: withColumnTotals ? colTotal.map(show) : null,
    total,
    withheld: false,
    primary,
    complementary: suppressedCount - primary,
    k,
  };
}

/**
 * The line in which one more suppression protects a pinned primary entry. First the lines through the entry that
 * still have an entry to hide, the one with the fewest other hidden entries first (the line that pins it — where
 * the entry stands alone — rather than the first in the table: choosing the first line hid a whole row, then another,
 * until the table was withheld). Failing that, the nearest line reached through hidden entries (one sharing a
 * hidden entry with a line already looked at): hiding there loosens the bounds that pinned it. Only when no line can
 * be widened is the breakdown withheld. Before, 7 % of random age × sex tables were withheld, and the portal then
 * showed no table at all.
 */
function lineToWiden(lines: Entry[][], exposed: Entry, hidden: (e: Entry) => boolean): Entry[] | undefined {
  const open = (l: Entry[]) => l.some((e) => !e.suppressed && !e.fixed);
  const through = lines.filter((l) => l.includes(exposed) && open(l));
  if (through.length > 0) {
    const others = (l: Entry[]) => l.filter((e) => e !== exposed && hidden(e)).length;
    return through.reduce((best, l) => (others(l) < others(best) ? l : best));
  }
  const seenLines = new Set<Entry[]>();
  const seenEntries = new Set<Entry>([exposed]);
  let frontier: Entry[] = [exposed];
  while (frontier.length > 0) {
    const next: Entry[] = [];
    for (const l of lines) {
      if (seenLines.has(l) || !l.some((e) => frontier.includes(e))) continue;
      if (open(l)) return l;
      seenLines.add(l);
      for (const e of l)
        if (e.suppressed && !seenEntries.has(e)) {
          seenEntries.add(e);
          next.push(e);
        }
    }
    frontier = next;
  }
  return undefined;
}

/** A one-column breakdown (e.g. new cases by township) with the district total: the usual case. */
export function suppressList(values: readonly number[], k: number): { values: Published[]; total: number; withheld: boolean } {
  const t = suppressTable({ cells: values.map((v) => [v]), k, rowTotals: false, columnTotals: true, fixedColumnTotals: true });
  return { values: t.cells.map((r) => r[0]!), total: t.total, withheld: t.withheld };
}

/**
 * The hidden entries a reader can pin to one value by interval reasoning over the published lines (each line: its
 * cells sum to its last entry; counts are ≥ 0; nothing exceeds the grand total).
 */
function pinnedEntries(lines: Entry[][], total: number): Set<Entry> {
  const lo = new Map<Entry, number>();
  const hi = new Map<Entry, number>();
  for (const line of lines)
    for (const e of line) {
      lo.set(e, e.suppressed ? 0 : e.value);
      hi.set(e, e.suppressed ? total : e.value);
    }
  for (let round = 0; round < 200; round++) {
    let changed = false;
    const tighten = (e: Entry, l: number, h: number) => {
      if (l > lo.get(e)!) {
        lo.set(e, l);
        changed = true;
      }
      if (h < hi.get(e)!) {
        hi.set(e, h);
        changed = true;
      }
    };
    for (const line of lines) {
      const parts = line.slice(0, -1);
      const sum = line[line.length - 1]!;
      const loParts = parts.reduce((a, e) => a + lo.get(e)!, 0);
      const hiParts = parts.reduce((a, e) => a + hi.get(e)!, 0);
      tighten(sum, loParts, hiParts);
      for (const e of parts) {
        tighten(e, lo.get(sum)! - (hiParts - hi.get(e)!), hi.get(sum)! - (loParts - lo.get(e)!));
      }
    }
    if (!changed) break;
  }
  const out = new Set<Entry>();
  for (const [e, l] of lo) if (e.suppressed && l === hi.get(e)) out.add(e);
  return out;
}

/**
 * `outbreak rt` — time-varying reproduction number (Cori et al. 2013, as EpiEstim `estimate_R`)
 * from a daily incidence CSV or a case line list, one result per window.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import {
  dayNumber,
  estimateR,
  RtCache,
  incidenceFromLineList,
  isoDate,
  LineListDateError,
  type LineListCase,
  type RtConfig,
  type RtIncidence,
  RtInputError,
  type RtMethod,
  type RtWindow,
} from '@outbreak/epimodels';
import { type CliCommand, CliError, EXIT } from '../cli-command.ts';
import { type CsvTable, csvTable, numberCell, readCsvText } from '../csv.ts';
import { writeAscii, writeNumber } from '../number-text.ts';
import { OutputWriter } from '../output.ts';

const USAGE = `Usage: outbreak rt --input FILE [--method parametric_si|non_parametric_si] [--params JSON] [--format json|csv]
       outbreak rt --input CASES.csv --linelist [--by onset|report] [--method …] [--params JSON] [--format json|csv]

Estimates the time-varying reproduction number R_t by the method of Cori et al. (2013), as
EpiEstim::estimate_R, on sliding weekly windows (default) or the windows given.

Input (incidence, one row per day and series):
  t or date        day number (1, 2, …) or ISO date (YYYY-MM-DD); consecutive days, no gaps
  local or count   cases that day (empty or NA counts as 0, as EpiEstim)
  imported         optional: imported cases that day (day-1 cases always count as imported)
  series_id        optional: several curves in one file, estimated separately
Input with --linelist (one row per case): onset_date, report_date (ISO dates; either may be empty),
  optional imported (1/0, true/false, yes/no), optional series_id. --by picks the date (default onset).

--params (JSON, EpiEstim config names): mean_si, std_si (days; parametric_si), si_distr (P(SI = 0, 1,
  … days); non_parametric_si), t_start, t_end (1-based day numbers of each window), mean_prior (5),
  std_prior (5), cv_posterior (0.3).
--method  default parametric_si, or non_parametric_si when --params has si_distr.

Output: one object (json) or row (csv) per window: series_id, t_start, t_end (date_start, date_end
with dates), mean_r, std_r, quantile_0_025_r, quantile_0_05_r, quantile_0_25_r, median_r,
quantile_0_75_r, quantile_0_95_r, quantile_0_975_r; null (json) or NA (csv) where EpiEstim gives NA
(windows ending before the mean serial interval). EpiEstim's warnings go to stderr.
Exit codes: 0 ok, 2 bad arguments or input (one line naming the field, file and line),
3 some series failed (each failure reported).`;

const CONFIG_KEYS = ['mean_si', 'std_si', 'si_distr', 't_start', 't_end', 'mean_prior', 'std_prior', 'cv_posterior'] as const;
const ARRAY_KEYS = new Set(['si_distr', 't_start', 't_end']);

/** Validates `--params` JSON into an EpiEstim config; errors name the key. */
function parseConfig(json: string | undefined): RtConfig {
  if (json === undefined) return {};
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (err) {
    throw new CliError(`--params: not valid JSON (${(err as Error).message})`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw new CliError('--params: must be a JSON object such as {"mean_si": 4.8, "std_si": 2.3}');
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!(CONFIG_KEYS as readonly string[]).includes(key)) {
      throw new CliError(`--params: unknown field '${key}' (expected one of ${CONFIG_KEYS.join(', ')})`);
    }
    if (ARRAY_KEYS.has(key)) {
      // EpiEstim accepts a single number where a vector is expected (an R scalar is a vector of length 1).
      const arr = typeof value === 'number' ? [value] : value;
      if (!Array.isArray(arr) || !arr.every((v) => typeof v === 'number' && Number.isFinite(v))) {
        throw new CliError(`--params: ${key} must be an array of numbers`);
      }
      config[key] = arr;
    } else {
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new CliError(`--params: ${key} must be a number, got ${JSON.stringify(value)}`);
      config[key] = value;
    }
  }
  return config as RtConfig;
}

/** One curve as read from the input (exported for the output benchmark, bench/run.ts). */
export interface SeriesInput {
  id: string | null;
  incidence: RtIncidence;
  /** day number (days since 1970-01-01) of day 1, when the input had dates */
  firstDay: number | null;
  /** the first input line of the series, for messages */
  line: number;
}

function column(table: CsvTable, names: readonly string[]): number {
  for (const n of names) {
    const i = table.header.indexOf(n);
    if (i >= 0) return i;
  }
  return -1;
}

/** Groups incidence rows by series and checks that days are consecutive (exported for tests). */
export function readIncidence(table: CsvTable): SeriesInput[] {
  const tCol = column(table, ['t']);
  const dateCol = column(table, ['date']);
  const localCol = column(table, ['local', 'count']);
  const importedCol = column(table, ['imported']);
  const seriesCol = column(table, ['series_id']);
  if (tCol < 0 && dateCol < 0) throw new CliError(`${table.file} line 1: no column 't' or 'date' in the header`);
  if (localCol < 0) throw new CliError(`${table.file} line 1: no column 'local' or 'count' in the header`);
  const bySeries = new Map<string, { line: number; day: number; local: number; imported: number }[]>();
  for (const row of table.rows) {
    const id = seriesCol >= 0 ? row.cells[seriesCol].trim() : '';
    let day: number;
    if (tCol >= 0) {
      day = numberCell(table, row, tCol, { allowMissing: false });
      if (!Number.isInteger(day))
        throw new CliError(`${table.file} line ${row.line}: t is '${row.cells[tCol].trim()}', not a whole day number`);
    } else {
      day = dayNumber(row.cells[dateCol].trim());
      if (Number.isNaN(day))
        throw new CliError(`${table.file} line ${row.line}: date is '${row.cells[dateCol].trim()}', not a calendar date YYYY-MM-DD`);
    }
    const local = numberCell(table, row, localCol, { allowMissing: true });
    const imported = importedCol >= 0 ? numberCell(table, row, importedCol, { allowMissing: true }) : 0;
    if (local < 0) throw new CliError(`${table.file} line ${row.line}: ${table.header[localCol]} is ${local}; counts must be ≥ 0`);
    if (imported < 0) throw new CliError(`${table.file} line ${row.line}: imported is ${imported}; counts must be ≥ 0`);
    let list = bySeries.get(id);
    if (!list) {
      list = [];
      bySeries.set(id, list);
    }
    list.push({ line: row.line, day, local, imported });
  }
  if (bySeries.size === 0) throw new CliError(`${table.file}: no data rows after the header`);
  const out: SeriesInput[] = [];
  for (const [id, list] of bySeries) {
    list.sort((a, b) => a.day - b.day);
    // Windows (t_start, t_end) count days from 1, as EpiEstim: a t column must start there too.
    if (tCol >= 0 && list[0].day !== 1) {
      throw new CliError(
        `${table.file} line ${list[0].line}: t starts at ${list[0].day}${seriesCol >= 0 ? ` (series ${id})` : ''}; day numbers must start at 1 (or use a date column)`,
      );
    }
    for (let i = 1; i < list.length; i++) {
      const what = seriesCol >= 0 ? ` (series ${id})` : '';
      const show = (d: number) => (tCol >= 0 ? String(d) : isoDate(d));
      if (list[i].day === list[i - 1].day)
        throw new CliError(`${table.file} line ${list[i].line}: day ${show(list[i].day)} appears twice${what}`);
      if (list[i].day !== list[i - 1].day + 1) {
        throw new CliError(
          `${table.file} line ${list[i].line}: days jump from ${show(list[i - 1].day)} to ${show(list[i].day)}${what}; give every day a row (0 when there were no cases)`,
        );
      }
    }
    out.push({
      id: seriesCol >= 0 ? id : null,
      incidence: { local: list.map((r) => r.local), imported: importedCol >= 0 ? list.map((r) => r.imported) : null },
      firstDay: dateCol >= 0 && tCol < 0 ? list[0].day : null,
      line: list.reduce((m, r) => Math.min(m, r.line), Number.POSITIVE_INFINITY),
    });
  }
  return out;
}

/** The header names `readPlainIncidence` takes, each at most once. */
const PLAIN_COLUMNS = new Set(['t', 'local', 'count', 'imported', 'series_id']);

/**
 * Whole day numbers and counts as written by programs: 1–15 ASCII digits, nothing else. Returns −1 for anything
 * else (spaces, signs, decimals, NA, an empty field), which then goes to the general reader.
 */
function plainWhole(text: string, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

/**
 * The common incidence file read without building a table: a header of t, local or count, and optionally
 * imported and series_id; LF line ends, no quotes, no blank line; every count and day number plain digits; each
 * series' rows together and its days 1, 2, 3, … in order. Gives the same series as `readIncidence` on such a file
 * (with 1,000 curves the table's strings were a fifth of the run, mostly in the garbage collector) and null for
 * any other file — which the general reader then reads, and reports on, as before.
 */
export function readPlainIncidence(text: string): SeriesInput[] | null {
  if (text.indexOf('"') >= 0 || text.indexOf('\r') >= 0) return null;
  const headerEnd = text.indexOf('\n');
  if (headerEnd < 0) return null;
  const names = text.slice(0, headerEnd).split(',');
  if (new Set(names).size !== names.length || !names.every((n) => PLAIN_COLUMNS.has(n))) return null;
  const tCol = names.indexOf('t');
  const localCol = names.includes('local') ? names.indexOf('local') : names.indexOf('count');
  const importedCol = names.indexOf('imported');
  const seriesCol = names.indexOf('series_id');
  if (tCol < 0 || localCol < 0 || (names.includes('local') && names.includes('count'))) return null;
  const width = names.length;
  const out: SeriesInput[] = [];
  const seen = new Set<string>();
  let current: { id: string; local: number[]; imported: number[] | null } | null = null;
  let line = 1;
  let pos = headerEnd + 1;
  const n = text.length;
  while (pos < n) {
    line++;
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    if (end === pos) return null;
    let t = -1;
    let local = -1;
    let imported = 0;
    let idStart = 0;
    let idEnd = 0;
    let start = pos;
    for (let f = 0; f < width; f++) {
      let stop = text.indexOf(',', start);
      if (stop < 0 || stop > end) stop = end;
      if (f < width - 1 ? stop === end : stop !== end) return null;
      if (f === tCol) t = plainWhole(text, start, stop);
      else if (f === localCol) local = plainWhole(text, start, stop);
      else if (f === importedCol) imported = plainWhole(text, start, stop);
      else {
        idStart = start;
        idEnd = stop;
      }
      start = stop + 1;
    }
    if (t < 0 || local < 0 || imported < 0) return null;
    // the id: printable ASCII without spaces (trim would change nothing), read only when it changes
    let same = current !== null && current.id.length === idEnd - idStart;
    for (let i = idStart; i < idEnd; i++) {
      const c = text.charCodeAt(i);
      if (c <= 32 || c >= 127) return null;
      if (same && current!.id.charCodeAt(i - idStart) !== c) same = false;
    }
    if (!same) {
      if (seriesCol < 0 && current !== null) return null;
      const id = text.slice(idStart, idEnd);
      if (seen.has(id)) return null;
      seen.add(id);
      current = { id, local: [], imported: importedCol >= 0 ? [] : null };
      out.push({ id: seriesCol >= 0 ? id : null, incidence: { local: current.local, imported: current.imported }, firstDay: null, line });
    }
    const series = current!;
    if (t !== series.local.length + 1) return null;
    series.local.push(local);
    series.imported?.push(imported);
    pos = end + 1;
  }
  return out.length > 0 ? out : null;
}

function parseFlag(table: CsvTable, row: { line: number; cells: string[] }, col: number): boolean {
  const raw = row.cells[col].trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false' || raw === 'no' || raw === 'n') return false;
  if (raw === '1' || raw === 'true' || raw === 'yes' || raw === 'y') return true;
  throw new CliError(`${table.file} line ${row.line}: imported is '${row.cells[col].trim()}', expected 1/0, true/false or yes/no`);
}

/** Builds daily incidence per series from a line list (one row per case). */
function readLineList(table: CsvTable, by: 'onset' | 'report'): SeriesInput[] {
  const onsetCol = column(table, ['onset_date']);
  const reportCol = column(table, ['report_date']);
  const importedCol = column(table, ['imported']);
  const seriesCol = column(table, ['series_id']);
  const needed = by === 'onset' ? onsetCol : reportCol;
  if (needed < 0) throw new CliError(`${table.file} line 1: no column '${by}_date' in the header (needed for --by ${by})`);
  const groups = new Map<string, { cases: LineListCase[]; lines: number[] }>();
  for (const row of table.rows) {
    const id = seriesCol >= 0 ? row.cells[seriesCol].trim() : '';
    let g = groups.get(id);
    if (!g) {
      g = { cases: [], lines: [] };
      groups.set(id, g);
    }
    g.cases.push({
      onset_date: onsetCol >= 0 ? row.cells[onsetCol].trim() : null,
      report_date: reportCol >= 0 ? row.cells[reportCol].trim() : null,
      imported: importedCol >= 0 ? parseFlag(table, row, importedCol) : false,
    });
    g.lines.push(row.line);
  }
  const out: SeriesInput[] = [];
  for (const [id, g] of groups) {
    let inc: ReturnType<typeof incidenceFromLineList>;
    try {
      inc = incidenceFromLineList(g.cases, { by });
    } catch (err) {
      if (err instanceof LineListDateError)
        throw new CliError(`${table.file} line ${g.lines[err.index]}: ${err.field} is '${err.value}', not a calendar date YYYY-MM-DD`);
      throw err;
    }
    if (inc.missingDate > 0)
      process.stderr.write(
        `outbreak rt: ${seriesCol >= 0 ? `series ${id}: ` : ''}${inc.missingDate} case(s) without ${by}_date left out\n`,
      );
    if (inc.dates.length === 0) throw new CliError(`${table.file}: no case${seriesCol >= 0 ? ` of series ${id}` : ''} has a ${by}_date`);
    out.push({
      id: seriesCol >= 0 ? id : null,
      incidence: { local: inc.local, imported: inc.imported },
      firstDay: dayNumber(inc.dates[0]),
      line: g.lines[0],
    });
  }
  return out;
}

const WINDOW_FIELDS = [
  'mean_r',
  'std_r',
  'quantile_0_025_r',
  'quantile_0_05_r',
  'quantile_0_25_r',
  'median_r',
  'quantile_0_75_r',
  'quantile_0_95_r',
  'quantile_0_975_r',
] as const;

const ascii = (text: string) => Buffer.from(text, 'latin1');
/** `,"mean_r":` … for each estimate field, in output order, as bytes. */
const JSON_PREFIXES = WINDOW_FIELDS.map((f) => ascii(`,${JSON.stringify(f)}:`));
const JSON_T_START = ascii('"t_start":');
const JSON_T_END = ascii(',"t_end":');
const JSON_DATE_START = ascii(',"date_start":"');
const JSON_DATE_END = ascii('","date_end":"');
const NULL = ascii('null');
const NA = ascii('NA');
/** Room for one window's row apart from the series id: 9 numbers of ≤ 25 bytes, two dates, keys, separators. */
const ROW_ROOM = 512;

/** Copies `bytes` into `buf` at `pos`; returns the position after them (a loop: these are a few bytes each). */
function put(buf: Uint8Array, pos: number, bytes: Uint8Array): number {
  let p = pos;
  for (let i = 0; i < bytes.length; i++) buf[p++] = bytes[i];
  return p;
}

/** `YYYY-MM-DD` of a day number (ASCII) into `buf` at `pos`. */
function putDate(buf: Uint8Array, pos: number, day: number): number {
  return writeAscii(buf, pos, isoDate(day));
}

/**
 * Writes the windows of one series as JSON objects separated by commas (a comma first unless `first`): the bytes
 * `JSON.stringify` gave for each row object, assembled directly (output.ts says why). Estimates are numbers or
 * null; a non-finite number is null, and an absent one is left out, as `JSON.stringify` does.
 */
export function writeJsonRows(out: OutputWriter, series: SeriesInput, windows: readonly RtWindow[], first: boolean): void {
  // `{"series_id":"…",` once per series, through JSON.stringify (any text may be an id)
  const head = Buffer.from(`{${series.id !== null ? `"series_id":${JSON.stringify(series.id)},` : ''}`);
  const room = ROW_ROOM + head.length;
  for (let i = 0; i < windows.length; i++) {
    const w = windows[i];
    const buf = out.room(room);
    let p = out.pos;
    if (i > 0 || !first) buf[p++] = 44; // ,
    p = put(buf, p, head);
    p = put(buf, p, JSON_T_START);
    p = writeNumber(buf, p, w.t_start);
    p = put(buf, p, JSON_T_END);
    p = writeNumber(buf, p, w.t_end);
    if (series.firstDay !== null) {
      p = put(buf, p, JSON_DATE_START);
      p = putDate(buf, p, series.firstDay + w.t_start - 1);
      p = put(buf, p, JSON_DATE_END);
      p = putDate(buf, p, series.firstDay + w.t_end - 1);
      buf[p++] = 34; // "
    }
    for (let f = 0; f < WINDOW_FIELDS.length; f++) {
      const v = w[WINDOW_FIELDS[f]];
      if (v === undefined) continue;
      p = put(buf, p, JSON_PREFIXES[f]);
      p = typeof v === 'number' && Number.isFinite(v) ? writeNumber(buf, p, v) : put(buf, p, NULL);
    }
    buf[p++] = 125; // }
    out.pos = p;
  }
}

/** Which leading columns the CSV has (the same for every series of a file). */
export interface CsvLayout {
  seriesId: boolean;
  dates: boolean;
}

/** Writes the windows of one series as CSV lines, each ended by a line break; NA where a value is missing. */
export function writeCsvRows(out: OutputWriter, series: SeriesInput, windows: readonly RtWindow[], layout: CsvLayout): void {
  const head = Buffer.from(layout.seriesId ? `${csvCell(series.id)},` : '');
  const room = ROW_ROOM + head.length;
  for (const w of windows) {
    const buf = out.room(room);
    let p = put(buf, out.pos, head);
    p = writeNumber(buf, p, w.t_start);
    buf[p++] = 44;
    p = writeNumber(buf, p, w.t_end);
    if (layout.dates) {
      buf[p++] = 44;
      if (series.firstDay !== null) {
        p = putDate(buf, p, series.firstDay + w.t_start - 1);
        buf[p++] = 44;
        p = putDate(buf, p, series.firstDay + w.t_end - 1);
      } else {
        p = put(buf, p, NA);
        buf[p++] = 44;
        p = put(buf, p, NA);
      }
    }
    for (let f = 0; f < WINDOW_FIELDS.length; f++) {
      buf[p++] = 44;
      const v = w[WINDOW_FIELDS[f]];
      // String(v) for every number, NaN and the infinities included, as before
      p =
        typeof v === 'number'
          ? writeNumber(buf, p, v)
          : v === null || v === undefined
            ? put(buf, p, NA)
            : put(buf, p, Buffer.from(csvCell(v)));
    }
    buf[p++] = 10; // line break
    out.pos = p;
  }
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return 'NA';
  if (typeof v === 'number') return String(v);
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** What every part of one `outbreak rt` run shares (sent to the helper thread as is). */
export interface RtTask {
  method: RtMethod;
  config: RtConfig;
  format: 'json' | 'csv';
  layout: CsvLayout;
  /** the input file's name, for messages */
  file: string;
  /** how many series the whole run has */
  seriesCount: number;
}

/** What estimating some of the series left besides their output. */
export interface RtPart {
  /** each distinct warning with the series it concerns, in order */
  warned: Map<string, (string | null)[]>;
  /** the messages of the series that failed, in order */
  failures: string[];
  /** JSON items written so far, counting the `itemsBefore` given */
  items: number;
}

/**
 * Estimates `list` in order and writes each result to `out` (JSON items after `itemsBefore` others, so with a
 * comma first unless that is 0). A failed series is reported to `onFailure` and, in JSON, written as an error
 * item; `--params` refused on the run's first series, or the only series failing, is a usage error (thrown).
 */
export async function estimatePart(
  list: readonly SeriesInput[],
  task: RtTask,
  out: OutputWriter,
  itemsBefore: number,
  onFailure: (message: string) => void,
): Promise<RtPart> {
  const cache = new RtCache();
  const part: RtPart = { warned: new Map(), failures: [], items: itemsBefore };
  const emitJson = (text: string) => {
    out.write(part.items === 0 ? `[${text}` : `,${text}`);
    part.items++;
  };
  for (let i = 0; i < list.length; i++) {
    const s = list[i];
    const label = s.id !== null ? `series ${s.id}: ` : '';
    let windows: RtWindow[];
    try {
      const est = estimateR(s.incidence, task.method, task.config, { cache });
      for (const w of est.warnings) {
        const ids = part.warned.get(w) ?? [];
        ids.push(s.id);
        part.warned.set(w, ids);
      }
      windows = est.windows;
    } catch (err) {
      if (!(err instanceof RtInputError)) throw err;
      const fromParams = (CONFIG_KEYS as readonly string[]).includes(err.field);
      const message = `${fromParams ? '--params' : `${task.file} line ${s.line}`}: ${label}${err.message}`;
      // With one series the whole run failed, and --params refused on the first series would be
      // refused on all: usage errors (nothing has been written yet). Otherwise report and go on.
      if (task.seriesCount === 1 || (fromParams && i === 0 && itemsBefore === 0)) throw new CliError(message);
      part.failures.push(message);
      onFailure(message);
      if (task.format === 'json') emitJson(JSON.stringify({ series_id: s.id, error: message }));
      continue;
    }
    if (task.format === 'csv') writeCsvRows(out, s, windows, task.layout);
    else if (windows.length > 0) {
      if (part.items === 0) out.write('[');
      writeJsonRows(out, s, windows, part.items === 0);
      part.items++;
    }
    await out.ready();
  }
  return part;
}

/** Below this many days of incidence in all, one thread does it all: a second costs ≈ 30 ms to start. */
const PARALLEL_MIN_DAYS = 50_000;

/**
 * Where the run splits between this thread (the series before) and the helper thread (from there on): about
 * half of the days each — or no split (`series.length`) for small inputs, from the TypeScript sources (the helper
 * is a compiled file), and when no core is idle: with the machine's load average (1 min) above its cores less one,
 * a second thread only competes with others for a core (and costs a third more CPU time in all: it starts and
 * compiles its code anew). OUTBREAK_RT_THREADS=1 or 2 sets it (the output is the same).
 */
function parallelSplit(series: readonly SeriesInput[]): number {
  const threads = process.env.OUTBREAK_RT_THREADS;
  if (series.length < 2 || threads === '1') return series.length;
  if (import.meta.url.endsWith('.ts') || !existsSync(helperFile())) return series.length;
  if (threads !== '2') {
    const cores = availableParallelism();
    if (cores < 2 || loadavg()[0] > cores - 1) return series.length;
    let days = 0;
    for (const s of series) days += s.incidence.local.length;
    if (days < PARALLEL_MIN_DAYS) return series.length;
  }
  let total = 0;
  for (const s of series) total += s.incidence.local.length;
  let sum = 0;
  for (let i = 0; i < series.length - 1; i++) {
    sum += series[i].incidence.local.length;
    if (sum * 2 >= total) return i + 1;
  }
  return series.length - 1;
}

/** dist/rt-worker.js, the helper thread's entry, beside main.js; this module is a chunk in dist/chunks/. */
function helperFile(): string {
  return fileURLToPath(new URL(import.meta.url.includes('/chunks/') ? '../rt-worker.js' : './rt-worker.js', import.meta.url));
}

/** The helper's output (pieces of bytes, in order) and what it left besides. */
interface HelperResult {
  chunks: Uint8Array[];
  warned: [string, (string | null)[]][];
  failures: string[];
  items: number;
}

/** Starts the helper thread on `list` (see rt-worker.ts); `result` settles when it has done all of it. */
function startHelper(list: SeriesInput[], task: RtTask): { result: Promise<HelperResult>; stop: () => Promise<void> } {
  const worker = new Worker(helperFile(), { workerData: { list, task } });
  const chunks: Uint8Array[] = [];
  const result = new Promise<HelperResult>((resolve, reject) => {
    worker.on('message', (m: { chunk?: Uint8Array; done?: Omit<HelperResult, 'chunks'>; error?: { message: string; usage: boolean } }) => {
      if (m.chunk) chunks.push(m.chunk);
      else if (m.done) resolve({ ...m.done, chunks });
      else if (m.error) reject(m.error.usage ? new CliError(m.error.message) : new Error(m.error.message));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => reject(new Error(`the rt helper thread stopped (exit code ${code})`)));
  });
  // settled or not, the thread is ended once the result is in (its exit then rejects nothing that matters)
  result.then(
    () => worker.terminate(),
    () => worker.terminate(),
  );
  return {
    result,
    stop: async () => {
      await worker.terminate();
    },
  };
}

export const command: CliCommand = {
  usage: USAGE,
  async run(args) {
    let values: { input?: string; method?: string; params?: string; format?: string; linelist?: boolean; by?: string };
    try {
      ({ values } = parseArgs({
        args,
        options: {
          input: { type: 'string' },
          method: { type: 'string' },
          params: { type: 'string' },
          format: { type: 'string', default: 'json' },
          linelist: { type: 'boolean', default: false },
          by: { type: 'string' },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (err) {
      throw new CliError(`${(err as Error).message.split('\n')[0].replace(/\.?$/, '.')} Run 'outbreak rt --help'.`);
    }
    if (!values.input) throw new CliError("--input FILE is required. Run 'outbreak rt --help'.");
    if (values.format !== 'json' && values.format !== 'csv') throw new CliError(`--format must be json or csv, got '${values.format}'`);
    if (values.by !== undefined && !values.linelist) throw new CliError('--by applies only with --linelist');
    const by = values.by ?? 'onset';
    if (by !== 'onset' && by !== 'report') throw new CliError(`--by must be onset or report, got '${by}'`);
    const config = parseConfig(values.params);
    let method: RtMethod;
    if (values.method === undefined) method = config.si_distr !== undefined ? 'non_parametric_si' : 'parametric_si';
    else if (values.method === 'parametric_si' || values.method === 'non_parametric_si') method = values.method;
    else throw new CliError(`--method must be parametric_si or non_parametric_si, got '${values.method}'`);

    const text = readCsvText(values.input);
    const simple = values.linelist ? null : readPlainIncidence(text);
    const table = simple === null ? csvTable(text, values.input) : null;
    const file = basename(values.input);
    const series = simple ?? (values.linelist ? readLineList(table!, by) : readIncidence(table!));
    const hasSeries = series.some((s) => s.id !== null);
    const hasDates = series.some((s) => s.firstDay !== null);
    const cols = [
      ...(hasSeries ? ['series_id'] : []),
      't_start',
      't_end',
      ...(hasDates ? ['date_start', 'date_end'] : []),
      ...WINDOW_FIELDS,
    ];
    // Results are written series by series, so a file of thousands of curves never sits in memory twice.
    const out = OutputWriter.open(null);
    const layout: CsvLayout = { seriesId: hasSeries, dates: hasDates };
    if (values.format === 'csv') out.write(`${cols.join(',')}\n`);
    const task: RtTask = { method, config, format: values.format, layout, file, seriesCount: series.length };
    // With many curves the later half is estimated and formatted by a second thread meanwhile (rt-worker.ts).
    const split = parallelSplit(series);
    const helper = split < series.length ? startHelper(series.slice(split), task) : null;
    let part: RtPart;
    try {
      part = await estimatePart(series.slice(0, split), task, out, 0, (message) => process.stderr.write(`outbreak rt: ${message}\n`));
    } catch (err) {
      await helper?.stop();
      throw err;
    }
    let items = part.items;
    let failures = part.failures.length;
    const warned = part.warned;
    if (helper) {
      const rest = await helper.result;
      // The helper wrote as if something came before it (a comma first): without a preceding item that comma is
      // the opening bracket.
      let skip = values.format === 'json' && items === 0 && rest.items > 0 ? 1 : 0;
      if (skip) out.write('[');
      for (const chunk of rest.chunks) {
        const bytes = chunk.subarray(skip);
        skip = 0;
        out.room(bytes.length).set(bytes, out.pos);
        out.pos += bytes.length;
        await out.ready();
      }
      items += rest.items - 1;
      for (const message of rest.failures) process.stderr.write(`outbreak rt: ${message}\n`);
      failures += rest.failures.length;
      for (const [w, ids] of rest.warned) {
        const list = warned.get(w) ?? [];
        list.push(...ids);
        warned.set(w, list);
      }
    }
    for (const [w, ids] of warned) {
      const which = ids[0] === null ? '' : ` (${ids.length} series: ${ids.slice(0, 10).join(', ')}${ids.length > 10 ? ', …' : ''})`;
      process.stderr.write(`outbreak rt: warning${which}: ${w}\n`);
    }
    if (values.format === 'json') out.write(items === 0 ? '[]\n' : ']\n');
    await out.end();
    return failures > 0 ? EXIT.partial : EXIT.ok;
  },
};

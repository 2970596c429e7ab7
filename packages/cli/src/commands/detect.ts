/**
 * `outbreak detect` — runs an outbreak-detection algorithm of `@outbreak/surveillance` over the count
 * series of a CSV file and prints, per series and monitored time point, the threshold and the alarm.
 *
 * Input CSV (header required): `count` (required; empty or `NA` = missing), `series_id` (optional,
 * many series in one file), `t` (1-based index) or `date` (ISO date; date-indexed series),
 * `population` (optional). Output: JSON `[{series_id, points: [{t, observed, upperbound, alarm, …}]}]`
 * or CSV, NA as `null` (JSON) / `NA` (CSV). A series that cannot be evaluated yields
 * `{series_id, error}` and the others still run (exit 3); unusable arguments or input exit 2 with
 * one line naming the problem, the file and the line.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  type BatchOutcome,
  type ControlList,
  type DetectionMethod,
  DetectionInputError,
  type SurveillanceSeries,
  cliMethodNames,
  findMethod,
} from '@outbreak/surveillance';
import { CliError, type CliCommand, EXIT } from '../cli-command.ts';
import { CsvSyntaxError, type CsvRecord, parseCsv } from '../csv.ts';
import { jsonMember, jsonObject, OutputWriter } from '../output.ts';

const USAGE = `Usage: outbreak detect --method <name> --input <file.csv|-> [options]

Runs an outbreak-detection algorithm on every series of a CSV file.

Options:
  --method <name>       ${cliMethodNames().join(' ')}
  --input <file|->      CSV with a header: count (required), series_id, t (1-based) or date (ISO; a date
                        column makes the series date-indexed), population
  --frequency <n>       observations per year: 52 (weekly, default), 365 (daily), 12 (monthly);
                        date-indexed input defaults to the spacing of its dates
  --range FIRST:LAST    monitored time points, 1-based inclusive (R's range); default: every point
                        with enough history
  --start YEAR:PERIOD   R's start (year and week/day/month of the first point) of index-based series;
                        default 2000:1 as R's sts; date-indexed series take it from their first date
  --params '<json>'     control list with R's names, e.g. '{"b":3,"w":3,"alpha":0.05}'
  --format json|csv     output format (default json)
  --output <file>       write the result there instead of stdout

Exit codes: 0 all series ran; 3 some series failed (each has an "error"); 2 unusable arguments or
input (one line names the problem, the file and the line).`;

/** Names of DetectionInputError fields that describe one series (not the shared control list). */
const SERIES_FIELDS = new Set(['observed', 'range', 'dates', 'start', 'frequency', 'population']);

/** Parsed command-line options. */
interface DetectOptions {
  method: DetectionMethod;
  input: string;
  frequency: number | null;
  range: [number, number] | null;
  start: [number, number] | null;
  params: ControlList;
  format: 'json' | 'csv';
  output: string | null;
}

function parseOptions(args: string[]): DetectOptions {
  let values: Record<string, string | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        method: { type: 'string' },
        input: { type: 'string' },
        frequency: { type: 'string' },
        range: { type: 'string' },
        start: { type: 'string' },
        params: { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }) as { values: Record<string, string | undefined> });
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]} (see 'outbreak detect --help')`);
  }
  if (!values.method) throw new CliError(`--method is required: one of ${cliMethodNames().join(', ')}`);
  const method = findMethod(values.method);
  if (!method?.cliName) throw new CliError(`--method '${values.method}' is not known; use one of ${cliMethodNames().join(', ')}`);
  if (!values.input) throw new CliError('--input is required (a CSV file, or - for standard input)');

  let frequency: number | null = null;
  if (values.frequency !== undefined) {
    frequency = Number(values.frequency);
    if (!Number.isInteger(frequency) || frequency < 1)
      throw new CliError(`--frequency must be a positive integer such as 52, 365 or 12, not '${values.frequency}'`);
  }
  let range: [number, number] | null = null;
  if (values.range !== undefined) {
    const m = /^(\d+):(\d+)$/.exec(values.range);
    if (!m || Number(m[1]) < 1 || Number(m[2]) < Number(m[1]))
      throw new CliError(`--range must be FIRST:LAST with 1 <= FIRST <= LAST, not '${values.range}'`);
    range = [Number(m[1]), Number(m[2])];
  }
  let start: [number, number] | null = null;
  if (values.start !== undefined) {
    const m = /^(\d{1,4}):(\d+)$/.exec(values.start);
    if (!m || Number(m[2]) < 1) throw new CliError(`--start must be YEAR:PERIOD such as 2020:1, not '${values.start}'`);
    start = [Number(m[1]), Number(m[2])];
  }
  let params: ControlList = {};
  if (values.params !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(values.params);
    } catch (err) {
      throw new CliError(`--params is not valid JSON: ${(err as Error).message}`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new CliError('--params must be a JSON object of R control names, e.g. {"alpha":0.05}');
    params = parsed as ControlList;
    if ('range' in params) throw new CliError('--params must not contain range; use --range FIRST:LAST');
  }
  const format = values.format ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new CliError(`--format must be json or csv, not '${format}'`);
  return { method, input: values.input, frequency, range, start, params, format, output: values.output ?? null };
}

/**
 * One series as read from the CSV, before it is checked: its valid rows column by column (a file of a million
 * rows would otherwise be a million small objects, and collecting them cost more than the detection).
 */
interface RawSeries {
  id: string;
  /** 1-based index of each row; empty for date-indexed input or without a t column */
  t: number[];
  /** date of each row; empty without a date column */
  date: string[];
  count: number[];
  /** population of each row (NaN = missing); empty without a population column */
  population: number[];
  /** the input line of each row */
  line: number[];
  /** the first problem found in this series' rows (the series is then reported as failed) */
  error: string | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

function dayNumber(iso: string): number {
  const ms = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== iso ? Number.NaN : ms / 86_400_000;
}

/** Reads the CSV into series, in order of first appearance. Structural problems are CliErrors. */
function readSeries(text: string, file: string): { series: RawSeries[]; dated: boolean } {
  const records = parseCsv(text);
  let header: CsvRecord | undefined;
  try {
    header = records.next().value ?? undefined;
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new CliError(`${file}:${err.line}: ${err.message}`);
    throw err;
  }
  if (!header) throw new CliError(`${file}:1: the file is empty; expected a header with a count column`);
  const names = header.fields.map((f) => f.trim());
  const col = (name: string) => names.indexOf(name);
  const iCount = col('count');
  const iId = col('series_id');
  const iT = col('t');
  const iDate = col('date');
  const iPop = col('population');
  if (iCount < 0) throw new CliError(`${file}:${header.line}: the header has no count column (found: ${names.join(', ')})`);
  // A date column makes the series date-indexed (R's epochAsDate); a t column beside it is then ignored.
  const dated = iDate >= 0;

  const byId = new Map<string, RawSeries>();
  const order: RawSeries[] = [];
  try {
    for (const rec of records) {
      const f = rec.fields;
      if (f.length !== names.length) {
        throw new CliError(`${file}:${rec.line}: ${f.length} fields, but the header has ${names.length}`);
      }
      const id = iId >= 0 ? f[iId].trim() : '1';
      let s = byId.get(id);
      if (!s) {
        s = { id, t: [], date: [], count: [], population: [], line: [], error: null };
        byId.set(id, s);
        order.push(s);
      }
      if (s.error) continue;
      const countText = f[iCount].trim();
      const count = countText === '' || countText === 'NA' ? Number.NaN : Number(countText);
      if (countText !== '' && countText !== 'NA' && !(Number.isFinite(count) && count >= 0)) {
        s.error = `${file}:${rec.line}: count '${countText}' is not a non-negative number`;
        continue;
      }
      let t: number | null = null;
      if (iT >= 0 && !dated) {
        const tText = f[iT].trim();
        t = Number(tText);
        if (!Number.isInteger(t) || t < 1) {
          s.error = `${file}:${rec.line}: t '${tText}' is not a positive integer`;
          continue;
        }
      }
      let date: string | null = null;
      if (iDate >= 0) {
        date = f[iDate].trim();
        if (!ISO_DATE.test(date) || Number.isNaN(dayNumber(date))) {
          s.error = `${file}:${rec.line}: date '${date}' is not an ISO date (YYYY-MM-DD)`;
          continue;
        }
      }
      let population: number | null = null;
      if (iPop >= 0) {
        const pText = f[iPop].trim();
        population = pText === '' || pText === 'NA' ? Number.NaN : Number(pText);
        if (pText !== '' && pText !== 'NA' && !(Number.isFinite(population) && population > 0)) {
          s.error = `${file}:${rec.line}: population '${pText}' is not a positive number`;
          continue;
        }
      }
      if (t !== null) s.t.push(t);
      if (date !== null) s.date.push(date);
      s.count.push(count);
      if (population !== null) s.population.push(population);
      s.line.push(rec.line);
    }
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new CliError(`${file}:${err.line}: ${err.message}`);
    throw err;
  }
  if (order.length === 0) throw new CliError(`${file}:${header.line + 1}: no data rows after the header`);
  return { series: order, dated };
}

/** The order of the rows by `key` (stable: equal keys keep their input order); null when already in order. */
function orderBy<K extends number | string>(keys: K[]): number[] | null {
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) if (keys[i] < keys[i - 1]) sorted = false;
  if (sorted) return null;
  const order = keys.map((_, i) => i);
  return order.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
}

/** Orders the rows of one series and builds the library's input, or returns the problem. */
function buildSeries(raw: RawSeries, dated: boolean, opts: DetectOptions, file: string): SurveillanceSeries | string {
  if (raw.error) return raw.error;
  const order = dated ? orderBy(raw.date) : raw.t.length > 0 ? orderBy(raw.t) : null;
  const pick = <T>(column: T[]): T[] => (order ? order.map((i) => column[i]) : column);
  const line = pick(raw.line);
  // in time order from here on: a later message names the series by its first row in that order
  raw.line = line;
  if (!dated && raw.t.length > 0) {
    const t = pick(raw.t);
    for (let i = 0; i < t.length; i++) {
      if (t[i] !== i + 1) {
        return t[i] === i
          ? `${file}:${line[i]}: t ${t[i]} appears twice`
          : `t must run 1..n without gaps; t=${i + 1} is missing (line ${line[i]} has t=${t[i]})`;
      }
    }
  }
  const observed = pick(raw.count);
  const population = raw.population.length > 0 ? pick(raw.population) : null;
  const dates = raw.date.length > 0 ? pick(raw.date) : null;
  let frequency = opts.frequency;
  if (dated && dates) {
    const step = dates.length > 1 ? dayNumber(dates[1]) - dayNumber(dates[0]) : 7;
    for (let i = 1; i < dates.length; i++) {
      const d = dayNumber(dates[i]) - dayNumber(dates[i - 1]);
      if (d === 0) return `${file}:${line[i]}: date ${dates[i]} appears twice`;
      if (d !== step && step <= 7)
        return `${file}:${line[i]}: date ${dates[i]} is ${d} days after the previous one; dates must be evenly spaced (${step} days)`;
    }
    frequency ??= step === 1 ? 365 : step === 7 ? 52 : 12;
    return { observed, population, dates, frequency, start: dates[0], epochAsDate: true };
  }
  return { observed, population, dates, frequency: frequency ?? 52, start: opts.start ?? [2000, 1], epochAsDate: false };
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v))) return 'NA';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One point as JSON: its fields in order, NaN (R's NA) as null, then its date for date-indexed series — the
 * bytes `JSON.stringify` gave for the object built from them.
 */
function pointJson(p: Record<string, unknown> & { t: number }, dates: string[] | null): string {
  const members: string[] = [];
  let hasDate = false;
  for (const k of Object.keys(p)) {
    if (k === 'date' && dates) {
      hasDate = true;
      members.push(jsonMember(k, dates[p.t - 1]));
    } else members.push(jsonMember(k, p[k]));
  }
  if (dates && !hasDate) members.push(jsonMember('date', dates[p.t - 1]));
  return jsonObject(members);
}

async function run(args: string[]): Promise<number> {
  const opts = parseOptions(args);
  const file = opts.input === '-' ? '<stdin>' : opts.input;
  let text: string;
  try {
    text = readFileSync(opts.input === '-' ? 0 : opts.input, 'utf8');
  } catch (err) {
    throw new CliError(`${file}: cannot read the input: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const { series, dated } = readSeries(text, file);
  const control: ControlList = { ...opts.params, ...(opts.range ? { range: opts.range } : {}) };

  const outcomes: (BatchOutcome & { dates: string[] | null })[] = [];
  const started = Date.now();
  let lastProgress = started;
  for (let i = 0; i < series.length; i++) {
    const raw = series[i];
    const built = buildSeries(raw, dated, opts, file);
    if (typeof built === 'string') {
      outcomes.push({ id: raw.id, error: built, dates: null });
    } else {
      try {
        outcomes.push({ id: raw.id, result: opts.method.run(built, control), dates: built.dates ?? null });
      } catch (err) {
        if (!(err instanceof DetectionInputError)) throw err;
        // A problem with the shared control list affects every series: report it once, as a usage error.
        if (!SERIES_FIELDS.has(err.field)) throw new CliError(`--params: ${err.message}`);
        // name the file and the series' first row, so the user can find the series
        outcomes.push({ id: raw.id, error: `${file}:${raw.line[0] ?? 1}: ${err.message}`, dates: null });
      }
    }
    const now = Date.now();
    if (now - lastProgress >= 1000) {
      process.stderr.write(`detect: ${i + 1}/${series.length} series (${((now - started) / 1000).toFixed(1)} s)\n`);
      lastProgress = now;
    }
  }
  if (lastProgress !== started) process.stderr.write(`detect: ${series.length}/${series.length} series done\n`);

  // Written series by series (output.ts says why): the same bytes as one JSON.stringify of the whole result.
  const out = OutputWriter.open(opts.output);
  if (opts.format === 'json') {
    for (let i = 0; i < outcomes.length; i++) {
      out.write(i === 0 ? '[' : ',');
      const o = outcomes[i];
      const id = jsonMember('series_id', o.id);
      if (o.error !== undefined) {
        out.write(jsonObject([id, jsonMember('error', o.error)]));
      } else {
        out.write(`{${id},"points":[`);
        const points = o.result.points;
        for (let j = 0; j < points.length; j++) out.write(j === 0 ? pointJson(points[j], o.dates) : `,${pointJson(points[j], o.dates)}`);
        out.write(']}');
      }
      await out.ready();
    }
    out.write(outcomes.length === 0 ? '[]\n' : ']\n');
  } else {
    const extras: string[] = [];
    for (const o of outcomes) {
      for (const p of o.result?.points ?? []) {
        for (const k of Object.keys(p)) if (!['t', 'observed', 'upperbound', 'alarm'].includes(k) && !extras.includes(k)) extras.push(k);
      }
    }
    const header = ['series_id', 't', ...(dated ? ['date'] : []), 'observed', 'upperbound', 'alarm', ...extras, 'error'];
    out.write(`${header.join(',')}\n`);
    for (const o of outcomes) {
      if (o.error !== undefined) {
        out.write(`${header.map((h) => (h === 'series_id' ? csvCell(o.id) : h === 'error' ? csvCell(o.error) : '')).join(',')}\n`);
        continue;
      }
      for (const p of o.result.points) {
        const row: unknown[] = [
          o.id,
          p.t,
          ...(dated ? [o.dates?.[p.t - 1] ?? null] : []),
          p.observed,
          p.upperbound,
          p.alarm,
          ...extras.map((k) => p[k]),
          '',
        ];
        out.write(`${row.map((v, j) => (j === row.length - 1 ? '' : csvCell(v))).join(',')}\n`);
      }
      await out.ready();
    }
  }
  await out.end();
  return outcomes.some((o) => o.error !== undefined) ? EXIT.partial : EXIT.ok;
}

export const command: CliCommand = {
  usage: USAGE,
  run,
};

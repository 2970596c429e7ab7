/**
 * `outbreak scan` — the space-time permutation scan statistic (Kulldorff et al. 2005, as SaTScan
 * 10.3.2 computes it) over case counts by location and day, with Monte Carlo replications in worker
 * threads. Prints the most likely cluster, then secondary clusters without geographical overlap.
 *
 * Input: `--input` CSV with a header `location,date,count` (`count` optional: one case per row
 * without it; several rows for the same location and day add up) and `--locations` CSV with
 * `id,x,y` (Cartesian) or `id,lat,long` (degrees; distances in km). Unusable arguments or input exit 2
 * with one line naming the file and line.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { type ScanCaseRow, type ScanInput, ScanInputError, type ScanResult, SCAN_DEFAULTS, isoToDay } from '@outbreak/surveillance';
import { CliError, type CliCommand, EXIT } from '../cli-command.ts';
import { importTypeScript } from '../typescript-loader.ts';
import { CsvSyntaxError, type CsvRecord, parseCsv } from '../csv.ts';

const USAGE = `Usage: outbreak scan --input <cases.csv> --locations <locations.csv> [options]

Space-time permutation scan statistic (Kulldorff et al. 2005; SaTScan's definitions): finds clusters
of cases in space and time with no population data, tested by Monte Carlo permutation of dates.

Options:
  --input <file>          cases CSV with a header: location, date (YYYY-MM-DD), count (optional, default 1)
  --locations <file>      locations CSV with a header: id,x,y (Cartesian) or id,lat,long (degrees, km)
  --prospective           only clusters ending on the last day (default: retrospective, any window)
  --max-days <n>          longest time window in days (default ${SCAN_DEFAULTS.maxTemporalDays})
  --min-days <n>          shortest time window in days (default ${SCAN_DEFAULTS.minTemporalDays})
  --max-share <f>         largest circle as a fraction of all cases, 0 < f <= 1 (default ${SCAN_DEFAULTS.maxSpatialFractionOfCases})
  --max-radius <d>        optional cap on the circle radius (coordinate units; km for lat/long)
  --min-cases <n>         fewest cases in a cluster (default ${SCAN_DEFAULTS.minCasesInCluster})
  --start <date>          first day of the study period (default: the earliest case)
  --end <date>            last day of the study period (default: the latest case)
  --replications <n>      Monte Carlo replications (default ${SCAN_DEFAULTS.replications}); 0 = no p-values
  --seed <n>              random seed (default ${SCAN_DEFAULTS.seed}); the same seed gives the same p-values
  --p-values <mode>       standard (p = rank/(R+1), default) or sequential (SaTScan's default reporting:
                          stop once 50 replications beat the most likely cluster; Gumbel p for rank < 10)
  --threads <n>           worker threads for the replications (default: all cores)
  --format json|csv       output format (default json)
  --output <file>         write the result there instead of stdout

Output: clusters, most likely first, then secondary clusters: centre, radius, locations, start, end,
observed, expected, ratio, llr, p_value, and for prospective scans the recurrence interval in days.
JSON: {analysis, studyStart, studyEnd, totals, replications, seed, clusters: [...]}; CSV: one row per
cluster, the locations separated by spaces, NA where a value does not apply.

Exit codes: 0 done; 2 unusable arguments or input (one line names the problem, the file and the line).`;

interface ScanCliOptions {
  input: string;
  locations: string;
  prospective: boolean;
  maxDays: number;
  minDays: number;
  maxShare: number;
  maxRadius: number | null;
  minCases: number;
  start: string | undefined;
  end: string | undefined;
  replications: number;
  seed: number;
  pValues: 'standard' | 'sequential';
  threads: number | undefined;
  format: 'json' | 'csv';
  output: string | null;
}

function integerOption(name: string, raw: string | undefined, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < min) throw new CliError(`--${name} must be an integer >= ${min}, not '${raw}'`);
  return v;
}

function dateOption(name: string, raw: string | undefined): string | undefined {
  if (raw !== undefined && Number.isNaN(isoToDay(raw))) throw new CliError(`--${name} must be a date YYYY-MM-DD, not '${raw}'`);
  return raw;
}

function parseOptions(args: string[]): ScanCliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        input: { type: 'string' },
        locations: { type: 'string' },
        prospective: { type: 'boolean' },
        'max-days': { type: 'string' },
        'min-days': { type: 'string' },
        'max-share': { type: 'string' },
        'max-radius': { type: 'string' },
        'min-cases': { type: 'string' },
        start: { type: 'string' },
        end: { type: 'string' },
        replications: { type: 'string' },
        seed: { type: 'string' },
        'p-values': { type: 'string' },
        threads: { type: 'string' },
        format: { type: 'string' },
        output: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new CliError(`${(err as Error).message.split('\n')[0]} (see 'outbreak scan --help')`);
  }
  const str = (k: string) => values[k] as string | undefined;
  if (!str('input')) throw new CliError('--input is required (a CSV of location,date,count)');
  if (!str('locations')) throw new CliError('--locations is required (a CSV of id,x,y or id,lat,long)');
  const minDays = integerOption('min-days', str('min-days'), SCAN_DEFAULTS.minTemporalDays, 1);
  const maxDays = integerOption('max-days', str('max-days'), Math.max(SCAN_DEFAULTS.maxTemporalDays, minDays), minDays);
  let maxShare: number = SCAN_DEFAULTS.maxSpatialFractionOfCases;
  if (str('max-share') !== undefined) {
    maxShare = Number(str('max-share'));
    if (!(maxShare > 0 && maxShare <= 1)) throw new CliError(`--max-share must be a fraction in (0, 1], not '${str('max-share')}'`);
  }
  let maxRadius: number | null = null;
  if (str('max-radius') !== undefined) {
    maxRadius = Number(str('max-radius'));
    if (!(maxRadius >= 0)) throw new CliError(`--max-radius must be a distance >= 0, not '${str('max-radius')}'`);
  }
  const format = str('format') ?? 'json';
  if (format !== 'json' && format !== 'csv') throw new CliError(`--format must be json or csv, not '${format}'`);
  const pValues = str('p-values') ?? 'standard';
  if (pValues !== 'standard' && pValues !== 'sequential') throw new CliError(`--p-values must be standard or sequential, not '${pValues}'`);
  const seedRaw = str('seed');
  if (seedRaw !== undefined && !Number.isSafeInteger(Number(seedRaw))) throw new CliError(`--seed must be an integer, not '${seedRaw}'`);
  return {
    input: str('input')!,
    locations: str('locations')!,
    prospective: values.prospective === true,
    maxDays,
    minDays,
    maxShare,
    maxRadius,
    minCases: integerOption('min-cases', str('min-cases'), SCAN_DEFAULTS.minCasesInCluster, 1),
    start: dateOption('start', str('start')),
    end: dateOption('end', str('end')),
    replications: integerOption('replications', str('replications'), SCAN_DEFAULTS.replications, 0),
    seed: seedRaw === undefined ? SCAN_DEFAULTS.seed : Number(seedRaw),
    pValues,
    threads: str('threads') === undefined ? undefined : integerOption('threads', str('threads'), 1, 1),
    format,
    output: str('output') ?? null,
  };
}

/** Reads a CSV file into its header (lower-cased names) and records; CSV and I/O problems are CliErrors. */
function readTable(file: string, what: string): { header: CsvRecord; names: string[]; rows: CsvRecord[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(`${file}: cannot read the ${what} file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  try {
    const records = [...parseCsv(text)];
    const header = records.shift();
    if (!header) throw new CliError(`${file}:1: the ${what} file is empty; expected a header line`);
    const names = header.fields.map((f) => f.trim().toLowerCase());
    for (const rec of records)
      if (rec.fields.length !== names.length)
        throw new CliError(`${file}:${rec.line}: ${rec.fields.length} fields, but the header has ${names.length}`);
    if (records.length === 0) throw new CliError(`${file}:${header.line + 1}: no data rows after the header`);
    return { header, names, rows: records };
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new CliError(`${file}:${err.line}: ${err.message}`);
    throw err;
  }
}

function column(file: string, header: CsvRecord, names: string[], name: string, optional = false): number {
  const i = names.indexOf(name);
  if (i < 0 && !optional) throw new CliError(`${file}:${header.line}: the header has no ${name} column (found: ${names.join(', ')})`);
  return i;
}

function readLocations(file: string): Pick<ScanInput, 'coordinates' | 'locations'> {
  const { header, names, rows } = readTable(file, 'locations');
  const iId = column(file, header, names, 'id');
  const latlong = names.includes('lat') && (names.includes('long') || names.includes('lon'));
  const iA = latlong ? column(file, header, names, 'lat') : column(file, header, names, 'x');
  const iB = latlong ? (names.includes('long') ? names.indexOf('long') : names.indexOf('lon')) : column(file, header, names, 'y');
  const [nameA, nameB] = latlong ? ['lat', 'long'] : ['x', 'y'];
  const seen = new Map<string, number>();
  const locations = rows.map((rec) => {
    const id = rec.fields[iId].trim();
    if (id === '') throw new CliError(`${file}:${rec.line}: empty id`);
    const first = seen.get(id);
    if (first !== undefined) throw new CliError(`${file}:${rec.line}: location '${id}' already defined on line ${first}`);
    seen.set(id, rec.line);
    const a = Number(rec.fields[iA]);
    const b = Number(rec.fields[iB]);
    if (rec.fields[iA].trim() === '' || !Number.isFinite(a))
      throw new CliError(`${file}:${rec.line}: ${nameA} '${rec.fields[iA]}' is not a number`);
    if (rec.fields[iB].trim() === '' || !Number.isFinite(b))
      throw new CliError(`${file}:${rec.line}: ${nameB} '${rec.fields[iB]}' is not a number`);
    if (latlong && (a < -90 || a > 90)) throw new CliError(`${file}:${rec.line}: lat ${a} is outside [-90, 90]`);
    if (latlong && (b < -180 || b > 180)) throw new CliError(`${file}:${rec.line}: long ${b} is outside [-180, 180]`);
    return latlong ? { id, lat: a, long: b } : { id, x: a, y: b };
  });
  return { coordinates: latlong ? 'latlong' : 'cartesian', locations };
}

function readCases(file: string, locationsFile: string, known: ReadonlySet<string>): { cases: ScanCaseRow[]; lines: number[] } {
  const { header, names, rows } = readTable(file, 'cases');
  const iLoc = column(file, header, names, 'location');
  const iDate = column(file, header, names, 'date');
  const iCount = column(file, header, names, 'count', true);
  const cases = rows.map((rec) => {
    const location = rec.fields[iLoc].trim();
    if (!known.has(location)) throw new CliError(`${file}:${rec.line}: location '${location}' is not in ${locationsFile}`);
    const date = rec.fields[iDate].trim();
    if (Number.isNaN(isoToDay(date))) throw new CliError(`${file}:${rec.line}: date '${date}' is not a date YYYY-MM-DD`);
    let count = 1;
    if (iCount >= 0) {
      count = Number(rec.fields[iCount]);
      if (rec.fields[iCount].trim() === '' || !Number.isInteger(count) || count < 0)
        throw new CliError(`${file}:${rec.line}: count '${rec.fields[iCount]}' is not a non-negative integer`);
    }
    return { location, date, count };
  });
  return { cases, lines: rows.map((r) => r.line) };
}

const CSV_COLUMNS = [
  'rank',
  'centre',
  'radius',
  'n_locations',
  'locations',
  'start',
  'end',
  'observed',
  'expected',
  'ratio',
  'llr',
  'p_value',
  'monte_carlo_rank',
  'p_value_gumbel',
  'recurrence_days',
];

function csvField(v: string | number | null): string {
  if (v === null) return 'NA';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function formatResult(result: ScanResult, opts: ScanCliOptions): string {
  if (opts.format === 'csv') {
    const lines = [CSV_COLUMNS.join(',')];
    for (const c of result.clusters) {
      lines.push(
        [
          c.rank,
          c.centre,
          c.radius,
          c.locations.length,
          c.locations.join(' '),
          c.start,
          c.end,
          c.observed,
          c.expected,
          c.ratio,
          c.llr,
          c.pValue,
          c.monteCarloRank,
          c.pValueGumbel,
          c.recurrenceInterval?.days ?? null,
        ]
          .map(csvField)
          .join(','),
      );
    }
    return `${lines.join('\n')}\n`;
  }
  const body = {
    analysis: opts.prospective ? 'prospective' : 'retrospective',
    studyStart: result.studyStart,
    studyEnd: result.studyEnd,
    totals: result.totals,
    replications: result.replicationsRun,
    seed: opts.seed,
    clusters: result.clusters,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}

export const command: CliCommand = {
  usage: USAGE,
  async run(args: string[]): Promise<number> {
    const opts = parseOptions(args);
    const located = readLocations(opts.locations);
    const { cases, lines } = readCases(opts.input, opts.locations, new Set(located.locations.map((l) => l.id)));
    let lastReport = 0;
    let result: ScanResult;
    // The worker-thread front end is TypeScript only (its workers load the kernel by path): imported once the
    // input has been read, so that unusable input is reported without that start-up.
    const { spaceTimePermutationScanParallel } = await importTypeScript(() => import('@outbreak/surveillance/scan-node'));
    try {
      result = await spaceTimePermutationScanParallel(
        { ...located, cases, studyStart: opts.start, studyEnd: opts.end },
        {
          analysis: opts.prospective ? 'prospective' : 'retrospective',
          maxTemporalDays: opts.maxDays,
          minTemporalDays: opts.minDays,
          maxSpatialFractionOfCases: opts.maxShare,
          maxSpatialDistance: opts.maxRadius,
          minCasesInCluster: opts.minCases,
          replications: opts.replications,
          seed: opts.seed,
          pValueReporting: opts.pValues,
          threads: opts.threads,
          // A command-line run owns its process: this thread computes too while the workers boot.
          useCallingThread: true,
          onProgress: (done, total) => {
            const now = Date.now();
            if (done === total || now - lastReport >= 1000) {
              lastReport = now;
              process.stderr.write(`outbreak scan: ${done}/${total} replications\n`);
            }
          },
        },
      );
    } catch (err) {
      // Rows are checked above, so what remains is the study period (e.g. a case outside --start/--end).
      if (err instanceof ScanInputError) {
        const row = /^cases\[(\d+)\]/.exec(err.field);
        const where = row ? `${opts.input}:${lines[Number(row[1])]}` : opts.input;
        throw new CliError(`${where}: ${err.message.replace(/^cases\[\d+\]\.(\w+): /, '$1: ')}`);
      }
      throw err;
    }
    const text = formatResult(result, opts);
    if (opts.output) writeFileSync(opts.output, text);
    else process.stdout.write(text);
    return EXIT.ok;
  },
};

/**
 * CSV input for the `outbreak` commands: one RFC 4180 parser, and a table reader whose errors name
 * the file and line.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CliError } from './cli-command.ts';

/** A CSV record with the 1-based line on which it starts. */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** A malformed CSV: names the line. */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes (`""` is a quote inside them,
 * quoted fields may hold commas and line breaks), LF or CRLF line ends, a leading BOM ignored,
 * blank lines (empty or white space only) skipped. Throws {@link CsvSyntaxError} on an unterminated quote or text after a
 * closing quote.
 */
export function* parseCsv(text: string): Generator<CsvRecord> {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    let firstQuoted = false;
    let atLineEnd = false;
    while (!atLineEnd) {
      let value: string;
      if (text.charCodeAt(i) === 34 /* " */) {
        if (fields.length === 0) firstQuoted = true;
        i++;
        let buf = '';
        let segment = i;
        for (;;) {
          if (i >= n) throw new CsvSyntaxError(startLine, 'a quoted field is not closed');
          const c = text.charCodeAt(i);
          if (c === 34) {
            if (text.charCodeAt(i + 1) === 34) {
              buf += text.slice(segment, i + 1);
              i += 2;
              segment = i;
              continue;
            }
            buf += text.slice(segment, i);
            i++;
            break;
          }
          if (c === 10) line++;
          i++;
        }
        value = buf;
        const c = i < n ? text.charCodeAt(i) : -1;
        if (c !== 44 && c !== 10 && c !== 13 && c !== -1) {
          throw new CsvSyntaxError(line, 'unexpected text after a closing quote');
        }
      } else {
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === 44 || c === 10 || c === 13) break;
          if (c === 34) throw new CsvSyntaxError(line, 'a quote inside an unquoted field (quote the whole field)');
          i++;
        }
        value = text.slice(start, i);
      }
      fields.push(value);
      if (i >= n) {
        atLineEnd = true;
      } else if (text.charCodeAt(i) === 44) {
        i++;
      } else {
        if (text.charCodeAt(i) === 13) i++;
        if (i < n && text.charCodeAt(i) === 10) i++;
        line++;
        atLineEnd = true;
      }
    }
    // A blank line (empty, or only spaces and tabs, unquoted) separates nothing.
    if (fields.length === 1 && !firstQuoted && fields[0].trim() === '') continue;
    yield { fields, line: startLine };
  }
}

/** A parsed CSV file: header names (trimmed) and data rows with their 1-based line numbers. */
export interface CsvTable {
  file: string;
  header: string[];
  rows: { line: number; cells: string[] }[];
}

/**
 * Reads a CSV file into a {@link CsvTable}. Every row must have as many fields as the header.
 * Errors are `CliError`s of the form `<file> line <n>: <problem>`.
 */
export function readCsvTable(path: string): CsvTable {
  return csvTable(readCsvText(path), path);
}

/** The text of a CSV file; a file that cannot be read is a `CliError` naming it. */
export function readCsvText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new CliError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

/** {@link readCsvTable} on text already read from `path`. */
export function csvTable(text: string, path: string): CsvTable {
  const file = basename(path);
  const records: CsvRecord[] = [];
  try {
    for (const record of parseCsv(text)) records.push(record);
  } catch (err) {
    if (err instanceof CsvSyntaxError) throw new CliError(`${file} line ${err.line}: ${err.message}`);
    throw err;
  }
  if (records.length === 0) throw new CliError(`${file}: the file is empty (a header line is needed)`);
  const [head, ...data] = records;
  const header = head.fields.map((h) => h.trim());
  const rows = data.map((r) => ({ line: r.line, cells: r.fields }));
  for (const r of rows) {
    if (r.cells.length !== header.length) {
      throw new CliError(`${file} line ${r.line}: has ${r.cells.length} fields, the header has ${header.length}`);
    }
  }
  return { file, header, rows };
}

/** Parses a numeric CSV cell; empty or NA → NaN (missing). Throws a CliError naming file, line and column. */
export function numberCell(table: CsvTable, row: { line: number; cells: string[] }, col: number, opts: { allowMissing: boolean }): number {
  const raw = row.cells[col].trim();
  if (raw === '' || raw === 'NA') {
    if (opts.allowMissing) return Number.NaN;
    throw new CliError(`${table.file} line ${row.line}: ${table.header[col]} is missing`);
  }
  const v = Number(raw);
  if (!Number.isFinite(v)) throw new CliError(`${table.file} line ${row.line}: ${table.header[col]} is '${raw}', not a number`);
  return v;
}

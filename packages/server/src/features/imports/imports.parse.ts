/**
 * Reading uploaded tables row by row: CSV (UTF-8 with or without BOM, UTF-16 with BOM, or GB18030/GBK as saved
 * by Chinese Excel) through csv-parse, and XLSX through exceljs's streaming reader (first worksheet). Rows are
 * produced one at a time, so a 100,000-row file is never held as a table of strings.
 *
 * @example
 * const format = detectFormat('病例.csv', bytes);
 * for await (const { row, cells } of readTable(bytes, format, detectEncoding(bytes))) { … }  // row 1 = header
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../../platform/errors.ts';
import type { ProblemCode, ProblemParams } from './imports.errors.ts';

/**
 * 400 about the uploaded file: one issue naming the field `file`, with a stable code (and its params) that the
 * web shows in the user's language, and the English message.
 */
export const fileError = (code: ProblemCode, message: string, params?: ProblemParams) =>
  new AppError('validation_failed', message, [params ? { path: 'file', code, params, message } : { path: 'file', code, message }]);

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'gb18030';

/** One row of the file: its 1-based number as a spreadsheet shows it (the header is row 1), and its cells. */
export interface TableRow {
  row: number;
  cells: string[];
}

const isZip = (b: Uint8Array) => b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isOle = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;

/** The file's format from its name and checked against its content; 400 naming `file` otherwise. */
export function detectFormat(filename: string, bytes: Uint8Array): FileFormat {
  const ext = filename.toLowerCase().split('.').pop() ?? '';
  if (bytes.length === 0) throw fileError('file_empty', 'The file is empty');
  if (ext === 'xls' || isOle(bytes)) {
    throw fileError('file_xls', 'Old .xls workbooks are not read: save the file as .xlsx or .csv');
  }
  if (ext === 'xlsx') {
    if (!isZip(bytes)) throw fileError('file_not_xlsx', 'The file is not a valid .xlsx workbook');
    return 'xlsx';
  }
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') {
    if (isZip(bytes)) throw fileError('file_is_workbook', 'The file is a workbook: name it .xlsx');
    return 'csv';
  }
  throw fileError('file_type', 'Only .csv and .xlsx files are accepted');
}

/**
 * The text encoding of a CSV: a BOM decides; otherwise valid UTF-8 (checked on the first 1 MB, a character cut at
 * the end of the sample is tolerated) is UTF-8, and anything else is taken as GB18030, the superset of GBK and
 * GB2312 that Chinese Excel writes when it saves "CSV (comma delimited)".
 */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  const sample = bytes.subarray(0, 1024 * 1024);
  try {
    // stream: true leaves an incomplete trailing sequence pending instead of failing on it
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: sample.length < bytes.length });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/** The delimiter of a CSV: whichever of comma, semicolon and tab occurs most in the first line. */
function detectDelimiter(firstLine: string): string {
  const counts = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length - 1] as const);
  counts.sort((a, b) => b[1] - a[1]);
  return counts[0]![1] > 0 ? counts[0]![0] : ',';
}

function decodedStream(bytes: Uint8Array, encoding: TextEncoding): NodeJS.ReadableStream {
  // iconv-lite strips a BOM by default (stripBOM), so headers never start with U+FEFF
  return Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]).pipe(iconv.decodeStream(encoding));
}

/** The first line of the decoded text, to choose the delimiter. */
function firstLineOf(bytes: Uint8Array, encoding: TextEncoding): string {
  const head = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 64 * 1024)), encoding);
  return head.split(/\r?\n/, 1)[0] ?? '';
}

async function* readCsv(bytes: Uint8Array, encoding: TextEncoding): AsyncGenerator<TableRow> {
  const parser = decodedStream(bytes, encoding).pipe(
    parse({
      delimiter: detectDelimiter(firstLineOf(bytes, encoding)),
      relax_column_count: true,
      skip_empty_lines: true,
      bom: true,
      trim: true,
    }),
  );
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      yield { row, cells: record };
    }
  } catch (e) {
    // a CSV syntax error (an unclosed quote…) is the user's file, not our failure
    const message = e instanceof Error ? e.message : String(e);
    throw fileError('csv_unreadable', `The CSV cannot be read after row ${row}: ${message}`, { row, reason: message });
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A cell as text. Excel stores wall-clock date-times without a zone and exceljs presents them as UTC, so the
 * UTC fields are the wall time the user typed: written without a zone, later read as China time.
 */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const h = value.getUTCHours();
    const m = value.getUTCMinutes();
    const s = value.getUTCSeconds();
    return h === 0 && m === 0 && s === 0 ? date : `${date} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('').trim();
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text).trim();
    if ('error' in value) return '';
    return '';
  }
  return String(value).trim();
}

async function* readXlsx(bytes: Uint8Array): AsyncGenerator<TableRow> {
  const input = Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]);
  // styles are needed to tell date cells from numbers; shared strings are cached (they precede the sheets)
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  try {
    for await (const sheet of reader) {
      for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
        // row.values is 1-based and sparse
        const values = r.values as ExcelJS.CellValue[];
        const cells: string[] = [];
        for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]));
        if (cells.every((c) => c === '')) continue;
        yield { row: r.number, cells };
      }
      return; // the first worksheet only
    }
  } catch (e) {
    if (e instanceof Error && e.name === 'AppError') throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw fileError('workbook_unreadable', `The workbook cannot be read: ${message}`, { reason: message });
  }
}

/** The rows of the file, header first. */
export function readTable(bytes: Uint8Array, format: FileFormat, encoding: TextEncoding = 'utf-8'): AsyncGenerator<TableRow> {
  return format === 'xlsx' ? readXlsx(bytes) : readCsv(bytes, encoding);
}

/** The header and the first `previewRows` data rows, plus the number of data rows (reads the whole file). */
export async function inspectTable(
  bytes: Uint8Array,
  format: FileFormat,
  encoding: TextEncoding,
  previewRows = 10,
): Promise<{ headers: string[]; preview: string[][]; totalRows: number }> {
  let headers: string[] | null = null;
  const preview: string[][] = [];
  let totalRows = 0;
  for await (const { cells } of readTable(bytes, format, encoding)) {
    if (!headers) {
      headers = cells.map((h) => h.replace(/^\uFEFF/, '').trim());
      continue;
    }
    totalRows += 1;
    if (preview.length < previewRows) preview.push(cells);
  }
  if (!headers || headers.every((h) => h === '')) {
    throw fileError('no_header', 'The file has no header row');
  }
  // text decoded with the wrong encoding shows replacement characters (U+FFFD) where bytes made no character
  if (headers.some((h) => h.includes('\uFFFD'))) {
    throw fileError('bad_encoding', 'The text encoding of the file cannot be read: save it as "CSV UTF-8" or .xlsx');
  }
  const seen = new Set<string>();
  for (const [i, h] of headers.entries()) {
    if (h === '') throw fileError('header_empty', `Column ${i + 1} has no header`, { column: i + 1 });
    if (seen.has(h)) throw fileError('header_repeated', `The header "${h}" appears twice`, { header: h });
    seen.add(h);
  }
  return { headers, preview, totalRows };
}

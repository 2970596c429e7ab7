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
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { AppError } from '../../platform/errors.ts';
import type { ProblemCode, ProblemParams } from './imports.errors.ts';
import { DEFAULT_WORKBOOK_LIMITS, type WorkbookLimits } from './imports.xlsx-limits.ts';
import type { XlsxWorkerMessage } from './imports.xlsx.worker.ts';

/**
 * 400 about the uploaded file: one issue naming the field `file`, with a stable code (and its params) that the
 * web shows in the user's language, and the English message.
 */
export const fileError = (code: ProblemCode, message: string, params?: ProblemParams) =>
  new AppError('validation_failed', message, [params ? { path: 'file', code, params, message } : { path: 'file', code, message }]);

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

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
 * UTF-16 without a byte-order mark, by where its NUL bytes fall: text in UTF-8 or GB18030 holds no NUL byte, while
 * UTF-16 writes one beside every ASCII character (commas, line ends, digits) — at odd offsets in little-endian, at
 * even ones in big-endian. Null when the sample has few NUL bytes or they fall on both sides (a damaged file: the
 * NUL check of the rows refuses it with a code).
 */
function utf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) even += 1;
    else odd += 1;
  }
  const zeros = even + odd;
  // a stray NUL or two in other text is no sign of UTF-16: ASCII (commas, digits, line ends) makes at least a
  // tenth of the characters of any table, even one with only Chinese words
  if (zeros < sample.length / 2 / 10) return null;
  if (odd >= zeros * 0.9) return 'utf-16le';
  if (even >= zeros * 0.9) return 'utf-16be';
  return null;
}

/**
 * The text encoding of a CSV: a BOM decides; UTF-16 without one is told by its NUL bytes (issue 11: it answered
 * 500, the NULs reaching the database); otherwise valid UTF-8 (checked on the first 1 MB, a character cut at the
 * end of the sample is tolerated) is UTF-8, and anything else is taken as GB18030, the superset of GBK and GB2312
 * that Chinese Excel writes when it saves "CSV (comma delimited)".
 */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const utf16 = utf16WithoutBom(bytes.subarray(0, 64 * 1024));
  if (utf16) return utf16;
  const sample = bytes.subarray(0, 1024 * 1024);
  try {
    // stream: true leaves an incomplete trailing sequence pending instead of failing on it
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: sample.length < bytes.length });
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/**
 * 400 for a NUL character in a header or cell: PostgreSQL text cannot hold one (it answered 500), and in a table
 * it means a damaged file or one in an encoding we did not recognise. Row as a spreadsheet shows it, column 1-based.
 */
export function refuseNul(row: number, cells: readonly string[]): void {
  for (let i = 0; i < cells.length; i++) {
    if (cells[i]!.includes('\u0000')) {
      throw fileError(
        'nul_character',
        `Row ${row}, column ${i + 1} holds a NUL character: the file may be damaged; save it again as "CSV UTF-8" or .xlsx`,
        {
          row,
          column: i + 1,
        },
      );
    }
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
    if ('richText' in value)
      return value.richText
        .map((r) => r.text)
        .join('')
        .trim();
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text).trim();
    if ('error' in value) return '';
    return '';
  }
  return String(value).trim();
}

/**
 * The first worksheet's rows, read in this thread with no limit: only the worker (imports.xlsx.worker.ts) calls
 * it, after the zip passed the limits; the server reads workbooks through `readTable`.
 */
export async function* readXlsxInThisThread(bytes: Uint8Array): AsyncGenerator<TableRow> {
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

const xlsxWorkerEntry = fileURLToPath(new URL('./imports-xlsx-worker-bootstrap.mjs', import.meta.url));

/**
 * A workbook's rows, read by a worker thread with a heap cap (`limits.workerHeapMb`) after its zip passed the
 * size and ratio limits (imports.xlsx-limits.ts). The worker sends rows in batches when asked; a worker that runs
 * out of its heap is ended and the file refused (`workbook_too_large`), the server's thread untouched.
 */
async function* readXlsx(bytes: Uint8Array, limits: WorkbookLimits): AsyncGenerator<TableRow> {
  const worker = new Worker(xlsxWorkerEntry, {
    workerData: { bytes, limits },
    resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 32 },
  });
  const inbox: XlsxWorkerMessage[] = [];
  let ended: AppError | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on('message', (m: XlsxWorkerMessage) => {
    inbox.push(m);
    notify();
  });
  worker.on('error', (e: Error & { code?: string }) => {
    ended =
      e.code === 'ERR_WORKER_OUT_OF_MEMORY'
        ? fileError(
            'workbook_too_large',
            `The workbook unpacks to more than ${Math.round(limits.maxUncompressedBytes / 1024 / 1024)} MB and is not read: split it into several files or save it as CSV`,
            {
              limitMb: Math.round(limits.maxUncompressedBytes / 1024 / 1024),
            },
          )
        : fileError('workbook_unreadable', `The workbook cannot be read: ${e.message}`, { reason: e.message });
    notify();
  });
  worker.on('exit', () => {
    ended ??= fileError('workbook_unreadable', 'The workbook cannot be read: the reader stopped', { reason: 'the reader stopped' });
    notify();
  });
  try {
    for (;;) {
      while (inbox.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      const message = inbox.shift();
      if (!message) throw ended!;
      if ('error' in message) throw new AppError('validation_failed', message.error.message, message.error.details);
      for (const row of message.rows) yield row;
      if (message.done) return;
      worker.postMessage('more');
    }
  } finally {
    await worker.terminate();
  }
}

/**
 * The rows of the file, header first; a NUL character anywhere is refused (400 `nul_character`). Workbooks are
 * read within `limits` (imports.xlsx-limits.ts).
 */
export async function* readTable(
  bytes: Uint8Array,
  format: FileFormat,
  encoding: TextEncoding = 'utf-8',
  limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS,
): AsyncGenerator<TableRow> {
  for await (const r of format === 'xlsx' ? readXlsx(bytes, limits) : readCsv(bytes, encoding)) {
    refuseNul(r.row, r.cells);
    yield r;
  }
}

/** The header and the first `previewRows` data rows, plus the number of data rows (reads the whole file). */
export async function inspectTable(
  bytes: Uint8Array,
  format: FileFormat,
  encoding: TextEncoding,
  previewRows = 10,
  limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS,
): Promise<{ headers: string[]; preview: string[][]; totalRows: number }> {
  let headers: string[] | null = null;
  const preview: string[][] = [];
  let totalRows = 0;
  for await (const { cells } of readTable(bytes, format, encoding, limits)) {
    if (!headers) {
      headers = cells.map((h) => h.replace(/^\uFEFF/, '').trim());
      continue;
    }
    totalRows += 1;
    if (preview.length < previewRows) preview.push(cells);
  }
  checkHeaders(headers);
  return { headers, preview, totalRows };
}

/**
 * The header row alone, checked as {@link inspectTable} checks it, reading no further: an import that then
 * reads every row once (travel manifests) need not read the file twice only to count its rows.
 */
export async function readHeader(
  bytes: Uint8Array,
  format: FileFormat,
  encoding: TextEncoding,
  limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS,
): Promise<string[]> {
  let headers: string[] | null = null;
  for await (const { cells } of readTable(bytes, format, encoding, limits)) {
    headers = cells.map((h) => h.replace(/^\uFEFF/, '').trim());
    break;
  }
  checkHeaders(headers);
  return headers;
}

function checkHeaders(headers: string[] | null): asserts headers is string[] {
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
}

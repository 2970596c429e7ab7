/**
 * One export mechanism for every list (cases, alerts, tasks, feeds, signals; docs/exports.md): a feature's
 * route validates the list's own filters, reads its rows in scope batch by batch, and hands them here with its
 * columns. This module writes the file as it goes (xlsx through exceljs' streaming writer, or CSV), never holding
 * the whole list, guards text cells against formula injection, names the columns in the reader's language and
 * audits the export — who, which list, which filters and how many rows, never the rows themselves.
 *
 * @example
 * app.openapi(exportRoute, async (c) => {
 *   const { format, lang, ...filters } = c.req.valid('query');
 *   return streamListExport(c, { list: 'alerts', format, lang, filters, columns: ALERT_COLUMNS,
 *     batches: alertBatches(database, principal, filters) });
 * });
 */
import { PassThrough } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from '@hono/zod-openapi';
import ExcelJS from 'exceljs';
import { audit } from '../audit/audit.ts';
import type { Principal } from '../auth/scope.ts';
import { type AppContext, clientIp, requirePrincipal } from '../http/context.ts';
import { safeError } from '../logger.ts';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportLanguage = 'zh-CN' | 'en';

/** The export's own query parameters, added to the list's filters (page and pageSize make no sense here). */
export const ExportParams = z.object({
  format: z.enum(EXPORT_FORMATS).default('xlsx').openapi({ description: 'xlsx (Excel) or csv (UTF-8 with BOM)' }),
  lang: z.enum(['zh-CN', 'en']).optional().openapi({ description: "column headers' language; default: the user's" }),
  check: z
    .enum(['true'])
    .optional()
    .openapi({
      description:
        "'true': only check that this export would be given (204 when it would; the same error otherwise); nothing is written or audited. " +
        'The web app asks first, then lets the browser download the file itself, straight to disk.',
    }),
});

/**
 * A list's query schema turned into its export's: the same filters (so a bad filter is the same 400), without
 * paging, plus format and lang.
 */
export function exportQuerySchema<T extends z.ZodRawShape>(listQuery: z.ZodObject<T>) {
  // zod's omit cannot check the mask against a generic shape: the cast states what omit does
  const unpaged = listQuery.omit({ page: true, pageSize: true } as never) as unknown as z.ZodObject<Omit<T, 'page' | 'pageSize'>>;
  return unpaged.extend(ExportParams.shape);
}

/** What one cell may hold. Dates are written in the district's time (China Standard Time, UTC+8). */
export type ExportCell = string | number | boolean | Date | null | undefined;

export interface ExportColumn<Row> {
  /** header in Chinese and English */
  zh: string;
  en: string;
  value: (row: Row, lang: ExportLanguage) => ExportCell;
  /** width in characters, for xlsx */
  width?: number;
}

export interface ListExport<Row> {
  /** the list's name: 'cases', 'alerts' … (file name, audit record) */
  list: string;
  format: ExportFormat;
  lang?: ExportLanguage;
  /** the filters as validated, recorded in the audit record */
  filters: Record<string, unknown>;
  columns: readonly ExportColumn<Row>[];
  /** the rows in scope, batch by batch, read lazily while the file is written */
  batches: AsyncIterable<Row[]>;
  /** more facts for the audit record, asked for once the rows are read (e.g. how many full identity numbers) */
  auditDetails?: () => Record<string, unknown>;
  /** the sheet's name in the workbook; default: the list's name */
  sheetName?: string;
}

/**
 * A text cell that a spreadsheet would read as a formula (= + - @, and tab or carriage return, which some
 * spreadsheets strip before looking) gets a leading apostrophe (OWASP, "CSV Injection"). Numbers stay numbers.
 */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

const CHINA_OFFSET_MS = 8 * 3_600_000;

/** 'YYYY-MM-DD HH:mm' in China Standard Time (the district's time, whatever the server's zone). */
export function districtTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

/** The cell as written: guarded text, a number, or empty. */
export function cellValue(value: ExportCell): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return districtTime(value);
  return guardFormula(value);
}

/** One CSV field (RFC 4180): quoted when it holds a quote, a separator or a line break. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Bytes the writer may run ahead of the client before it waits (the next batch is read only then). */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

async function untilDrained(out: PassThrough): Promise<void> {
  // exceljs writes into its zip stream without looking at backpressure, so the buffered size is watched here:
  // a slow client pauses the reading of further batches instead of letting the file pile up in memory.
  while (!out.destroyed && out.readableLength > HIGH_WATER_BYTES) await sleep(10);
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** The OpenAPI description of an export's 200 answer (a file). */
export const exportFileResponse = {
  description: 'The list as a file (xlsx or CSV), with the filters applied, within your scope',
  content: {
    [CONTENT_TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) },
    'text/csv': { schema: z.string().openapi({ format: 'binary' }) },
  },
};

interface Writer {
  row(values: (string | number | null)[]): void;
  finish(): Promise<void>;
}

function csvWriter(out: PassThrough, headers: string[]): Writer {
  // The byte-order mark makes Excel open the file as UTF-8 (Chinese names otherwise come out garbled).
  out.write(`\uFEFF${headers.map((h) => csvField(h)).join(',')}\r\n`);
  return {
    row: (values) => void out.write(`${values.map(csvField).join(',')}\r\n`),
    finish: async () => void out.end(),
  };
}

function xlsxWriter<Row>(out: PassThrough, spec: ListExport<Row>, headers: string[]): Writer {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet(spec.sheetName ?? spec.list);
  sheet.columns = headers.map((header, i) => ({ header, key: `c${i}`, width: spec.columns[i]!.width ?? 16 }));
  return {
    row: (values) => sheet.addRow(values).commit(),
    finish: async () => {
      sheet.commit();
      await workbook.commit();
    },
  };
}

/**
 * Writes the list as a file into the response while reading its batches. The audit record is written (and
 * committed) before the last rows and the file's end: a download whose audit failed is cut short, never whole.
 */
export function streamListExport<Row>(c: AppContext, spec: ListExport<Row>): Response {
  // The check of the web app's Export button (ExportParams.check): the list's refusals came before this point
  // (the first batch is read before the answer starts, primed()), so reaching it means the download would start.
  if (c.req.query('check') === 'true') return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
  const principal: Principal = requirePrincipal(c);
  const database = c.get('deps').database;
  const ip = clientIp(c);
  const lang: ExportLanguage = spec.lang ?? principal.locale;
  const headers = spec.columns.map((col) => (lang === 'en' ? col.en : col.zh));
  const out = new PassThrough();
  const writer = spec.format === 'csv' ? csvWriter(out, headers) : xlsxWriter(out, spec, headers);
  const log = c.get('deps').log;

  const write = async () => {
    let rows = 0;
    let pending: Row[] = [];
    const flush = (batch: Row[]) => {
      for (const row of batch) writer.row(spec.columns.map((col) => cellValue(col.value(row, lang))));
    };
    for await (const batch of spec.batches) {
      if (out.destroyed) return; // the client went away: stop reading
      flush(pending);
      pending = batch;
      rows += batch.length;
      await untilDrained(out);
    }
    await database.db.transaction(async (tx) => {
      await audit(tx, {
        actor: { id: principal.id, username: principal.username },
        ip,
        action: 'export',
        entityType: 'list_export',
        after: { list: spec.list, format: spec.format, filters: definedOnly(spec.filters), rows, ...spec.auditDetails?.() },
      });
    });
    flush(pending);
    await writer.finish();
  };
  write().catch((error: unknown) => {
    // a client that went away (closed the tab, cancelled) is no fault of the server's
    if (out.destroyed) log.info('export stopped: the client went away', { list: spec.list });
    else log.error('export failed', { list: spec.list, error: error instanceof Error ? safeError(error) : String(error) });
    out.destroy(error instanceof Error ? error : new Error('export failed'));
  });

  const day = districtTime(new Date()).slice(0, 10);
  const filename = `${spec.list}-${day}.${spec.format}`;
  return new Response(webStreamOf(out), {
    status: 200,
    headers: {
      'Content-Type': CONTENT_TYPES[spec.format],
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

/**
 * The file as a web stream for the Response. Not `Readable.toWeb`: when the client goes away its adapter still
 * enqueues the chunks already in flight into the cancelled stream and throws "Controller is already closed" as an
 * uncaught exception — 48 of them in one run of the authorisation matrix, each one able to bring the server down.
 * Here a cancelled download destroys the source (the writer sees `out.destroyed` and stops reading batches) and
 * late chunks are dropped; the source pauses while the client is behind.
 */
function webStreamOf(out: PassThrough): ReadableStream<Uint8Array> {
  let settled = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        out.on('data', (chunk: Buffer) => {
          if (settled) return;
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          if ((controller.desiredSize ?? 1) <= 0) out.pause();
        });
        out.once('end', () => {
          if (settled) return;
          settled = true;
          controller.close();
        });
        out.once('error', (error) => {
          if (settled) return;
          settled = true;
          controller.error(error);
        });
      },
      pull() {
        out.resume();
      },
      cancel() {
        settled = true;
        out.destroy();
      },
    },
    { highWaterMark: 16 },
  );
}

function definedOnly(filters: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined && v !== ''));
}

/**
 * Batches from a paged reader: pages of `size` until a short one. For lists that stay small (alerts, tasks,
 * signals, feed entries); the case list pages by key instead (deep offsets grow slow).
 */
export async function* pagedBatches<Row>(readPage: (page: number, pageSize: number) => Promise<Row[]>, size = 1000): AsyncGenerator<Row[]> {
  for (let page = 1; ; page++) {
    const rows = await readPage(page, size);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
  }
}

/**
 * Reads the first batch now, before the answer starts: whatever the list refuses (a missing right, an unknown
 * record named by a filter) is then an error answer, not a broken download.
 */
export async function primed<Row>(batches: AsyncIterable<Row[]>): Promise<AsyncIterable<Row[]>> {
  const iterator = batches[Symbol.asyncIterator]();
  const first = await iterator.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  })();
}

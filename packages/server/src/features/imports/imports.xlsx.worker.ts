/**
 * Reads an uploaded workbook in a worker thread (imports.parse.ts starts it with a heap cap): the zip is checked
 * against the limits first (imports.xlsx-limits.ts), then the first worksheet's rows are sent in batches, each
 * after the reader asked for more, so a slow consumer never lets rows pile up in memory. Whatever the workbook
 * does to this thread (a bomb past the checks, a pathological sheet), the server's own thread keeps answering.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError } from '../../platform/errors.ts';
import { type TableRow, fileError, readXlsxInThisThread } from './imports.parse.ts';
import { type WorkbookLimits, checkWorkbookZip } from './imports.xlsx-limits.ts';

/** Rows per message. */
const ROWS_PER_MESSAGE = 500;

export type XlsxWorkerMessage = { rows: TableRow[]; done: boolean } | { error: { message: string; details?: unknown } };

const port = parentPort!;
const { bytes, limits } = workerData as { bytes: Uint8Array; limits: WorkbookLimits };
const more = () => new Promise<void>((resolve) => port.once('message', () => resolve()));

async function main(): Promise<void> {
  try {
    await checkWorkbookZip(bytes, limits);
    let batch: TableRow[] = [];
    let seen = 0;
    for await (const row of readXlsxInThisThread(bytes)) {
      seen += 1;
      // the first row is the header
      if (seen - 1 > limits.maxRows) {
        throw fileError('too_many_rows', `The file has more than ${limits.maxRows} rows: split it into several files`, {
          limit: limits.maxRows,
        });
      }
      batch.push(row);
      if (batch.length >= ROWS_PER_MESSAGE) {
        port.postMessage({ rows: batch, done: false } satisfies XlsxWorkerMessage);
        batch = [];
        await more();
      }
    }
    port.postMessage({ rows: batch, done: true } satisfies XlsxWorkerMessage);
  } catch (e) {
    const error =
      e instanceof AppError ? { message: e.message, details: e.details } : { message: e instanceof Error ? e.message : String(e) };
    port.postMessage({ error } satisfies XlsxWorkerMessage);
  }
}

await main();

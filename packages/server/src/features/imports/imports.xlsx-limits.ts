/**
 * Limits on what an uploaded workbook may unpack to (issue 11, item 8: a 6.2 MB .xlsx that inflated to 6.4 GB
 * ended the server in "Reached heap limit"; a 300 KB one of 300 MB stalled /api/health for 7 s).
 *
 * Three checks, cheapest first:
 * 1. the zip's central directory, read before anything is inflated: the sizes it declares must add up to at most
 *    `maxUncompressedBytes`, and to at most `maxRatio` times the compressed sizes (real spreadsheets compress
 *    10–30:1; bombs 1,000:1 and more);
 * 2. each entry inflated as a stream, its bytes counted and thrown away: an entry that inflates beyond what the
 *    directory declared (a lying directory) or beyond the budget is refused as soon as the cap is passed;
 * 3. the reading itself runs in a worker thread with a heap cap and a row cap (imports.parse.ts), so whatever
 *    slips past 1 and 2 ends that worker, never the server.
 *
 * @example
 * await checkWorkbookZip(bytes, DEFAULT_WORKBOOK_LIMITS); // throws a coded 400 (`file` …) or returns the totals
 */
import { createInflateRaw } from 'node:zlib';
import { fileError } from './imports.parse.ts';

export interface WorkbookLimits {
  /** what all entries of the zip may inflate to, together (bytes) */
  maxUncompressedBytes: number;
  /** inflated ÷ compressed, over the whole zip (checked when it inflates to more than 1 MB) */
  maxRatio: number;
  /** data rows of the first worksheet */
  maxRows: number;
  /** heap of the reading worker (MB): a reader that needs more is ended */
  workerHeapMb: number;
}

/**
 * 512 MB unpacked holds about 700,000 rows of a 18-column line list (100,000 rows of the benchmark's file are
 * ~75 MB of sheet XML); Excel itself stops at 1,048,576 rows.
 */
export const DEFAULT_WORKBOOK_LIMITS: WorkbookLimits = {
  maxUncompressedBytes: 512 * 1024 * 1024,
  maxRatio: 200,
  maxRows: 1_048_576,
  workerHeapMb: 768,
};

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const MB = 1024 * 1024;
const tooLarge = (limits: WorkbookLimits) =>
  fileError(
    'workbook_too_large',
    `The workbook unpacks to more than ${Math.round(limits.maxUncompressedBytes / MB)} MB and is not read: split it into several files or save it as CSV`,
    {
      limitMb: Math.round(limits.maxUncompressedBytes / MB),
    },
  );
const unreadable = (reason: string) => fileError('workbook_unreadable', `The workbook cannot be read: ${reason}`, { reason });

/** The entries listed in the zip's central directory (the end record is searched from the end, past any comment). */
function centralDirectory(bytes: Buffer, limits: WorkbookLimits): ZipEntry[] {
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unreadable('no zip central directory');
  const count = bytes.readUInt16LE(end + 10);
  const size = bytes.readUInt32LE(end + 12);
  const offset = bytes.readUInt32LE(end + 16);
  // ZIP64 markers: a workbook that needs them is beyond any limit we keep
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw tooLarge(limits);
  if (offset + size > bytes.length) throw unreadable('the zip central directory lies outside the file');
  const entries: ZipEntry[] = [];
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== 0x02014b50) throw unreadable('a damaged zip central directory');
    const nameLength = bytes.readUInt16LE(at + 28);
    entries.push({
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      method: bytes.readUInt16LE(at + 10),
      compressedSize: bytes.readUInt32LE(at + 20),
      uncompressedSize: bytes.readUInt32LE(at + 24),
      localHeaderOffset: bytes.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return entries;
}

/** Inflates one deflated entry as a stream, counting its bytes; refuses once it passes `cap`. */
function inflatedSize(data: Buffer, cap: number, limits: WorkbookLimits): Promise<number> {
  return new Promise((resolve, reject) => {
    const inflate = createInflateRaw();
    let total = 0;
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > cap) {
        inflate.destroy();
        reject(tooLarge(limits));
      }
    });
    inflate.on('error', (e) => reject(unreadable(e.message)));
    inflate.on('end', () => resolve(total));
    inflate.end(data);
  });
}

/**
 * Refuses a workbook whose zip would unpack beyond the limits (coded 400: `workbook_too_large`,
 * `workbook_compression`), first from its directory, then by inflating each entry with a byte cap.
 */
export async function checkWorkbookZip(
  input: Uint8Array,
  limits: WorkbookLimits = DEFAULT_WORKBOOK_LIMITS,
): Promise<{ uncompressedBytes: number }> {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const entries = centralDirectory(bytes, limits);
  const declared = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  const compressed = entries.reduce((sum, e) => sum + e.compressedSize, 0);
  if (declared > limits.maxUncompressedBytes) throw tooLarge(limits);
  if (declared > MB && declared > limits.maxRatio * Math.max(compressed, 1)) {
    throw fileError(
      'workbook_compression',
      `The workbook is compressed beyond ${limits.maxRatio}:1, which no real spreadsheet is: it was not read`,
      { ratio: limits.maxRatio },
    );
  }
  let inflated = 0;
  for (const entry of entries) {
    const at = entry.localHeaderOffset;
    if (at + 30 > bytes.length || bytes.readUInt32LE(at) !== 0x04034b50) throw unreadable(`a damaged zip entry (${entry.name})`);
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    const data = bytes.subarray(start, Math.min(bytes.length, start + entry.compressedSize));
    // an entry may not inflate beyond what the directory declared, nor beyond what is left of the budget
    const cap = Math.min(entry.uncompressedSize, limits.maxUncompressedBytes - inflated);
    if (entry.method === 0) {
      if (data.length > cap) throw tooLarge(limits);
      inflated += data.length;
    } else if (entry.method === 8) {
      inflated += await inflatedSize(data, cap, limits);
    } else {
      throw unreadable(`zip compression method ${entry.method} is not supported`);
    }
  }
  return { uncompressedBytes: inflated };
}

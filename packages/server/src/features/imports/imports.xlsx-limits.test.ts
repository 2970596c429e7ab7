/**
 * Decompression bombs (issue 11, item 8): a workbook that would inflate far beyond its size is refused with a
 * coded 400 before it is inflated, or as soon as it passes the byte cap, and a reader that needs too much memory
 * ends its worker, not the server. Bombs are made here with node:zlib and a small zip writer, kept small for speed;
 * the limits are lowered where a large one would be needed.
 */
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { inspectTable } from './imports.parse.ts';
import { DEFAULT_WORKBOOK_LIMITS, type WorkbookLimits, checkWorkbookZip } from './imports.xlsx-limits.ts';

interface Entry {
  name: string;
  data: Buffer;
  /** what the central directory declares, when it lies */
  declaredSize?: number;
}

/** A zip (deflate, no data descriptors) as a spreadsheet program writes it. */
function zip(entries: Entry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data, { level: 9 });
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.declaredSize ?? e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(e.declaredSize ?? e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** A workbook whose one sheet repeats one row `rows` times: a real .xlsx, highly compressible. */
function bomb(rows: number, declaredSize?: number): Buffer {
  const row = (n: number) =>
    `<row r="${n}"><c r="A${n}" t="inlineStr"><is><t>AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA</t></is></c></row>`;
  const sheet = Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row(1)}${row(2).repeat(rows)}</sheetData></worksheet>`,
  );
  return zip([
    {
      name: '[Content_Types].xml',
      data: Buffer.from(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
    },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize },
  ]);
}

const codeOf = async (f: () => Promise<unknown>) => {
  try {
    await f();
  } catch (e) {
    return { status: (e as { status?: number }).status, details: (e as { details?: Array<{ code: string; params?: unknown }> }).details };
  }
  return 'no error';
};

const limits = (l: Partial<WorkbookLimits>): WorkbookLimits => ({ ...DEFAULT_WORKBOOK_LIMITS, ...l });

describe('workbook limits', () => {
  it('refuses a bomb from its zip directory before inflating it (ratio, then size)', async () => {
    const file = bomb(200_000); // ~24 MB of sheet XML in ~40 KB
    expect(file.length).toBeLessThan(200_000);
    const started = performance.now();
    expect(await codeOf(() => checkWorkbookZip(file))).toMatchObject({
      status: 400,
      details: [{ path: 'file', code: 'workbook_compression', params: { ratio: 200 } }],
    });
    expect(await codeOf(() => checkWorkbookZip(file, limits({ maxRatio: 1e9, maxUncompressedBytes: 8 * 1024 * 1024 })))).toMatchObject({
      details: [{ code: 'workbook_too_large', params: { limitMb: 8 } }],
    });
    // the file of the issue claimed 6.4 GB: refused from the directory alone, without inflating
    const claimed = bomb(10, 0xf0000000);
    expect(await codeOf(() => checkWorkbookZip(claimed))).toMatchObject({
      details: [{ code: 'workbook_too_large', params: { limitMb: 512 } }],
    });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses a zip whose directory lies about the sizes as soon as the inflated bytes pass the cap', async () => {
    const liar = bomb(200_000, 1_000);
    expect(await codeOf(() => checkWorkbookZip(liar, limits({ maxRatio: 1e9 })))).toMatchObject({
      details: [{ code: 'workbook_too_large' }],
    });
  });

  it('reads workbooks in a worker: the upload path refuses the bomb with its code; a row cap and a heap cap end the worker, not the server', async () => {
    expect(await codeOf(() => inspectTable(bomb(200_000), 'xlsx', 'utf-8'))).toMatchObject({
      status: 400,
      details: [{ code: 'workbook_compression' }],
    });

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('病例');
    ws.addRow(['姓名', '性别']);
    for (let i = 0; i < 5; i++) ws.addRow([`病人${i}`, '男']);
    const real = new Uint8Array(await wb.xlsx.writeBuffer());
    expect((await inspectTable(real, 'xlsx', 'utf-8')).totalRows).toBe(5);
    expect(await codeOf(() => inspectTable(real, 'xlsx', 'utf-8', 10, limits({ maxRows: 3 })))).toMatchObject({
      details: [{ code: 'too_many_rows', params: { limit: 3 } }],
    });

    // a reader that needs more than its heap (here a heap far too small for any reading) is ended with a coded 400
    const tick = performance.now();
    const ticks: number[] = [];
    const timer = setInterval(() => ticks.push(performance.now()), 20);
    const starved = await codeOf(() => inspectTable(bomb(400_000), 'xlsx', 'utf-8', 10, limits({ maxRatio: 1e9, workerHeapMb: 4 })));
    clearInterval(timer);
    expect(starved).toMatchObject({ status: 400, details: [{ code: expect.stringMatching(/^workbook_(too_large|unreadable)$/) }] });
    // the event loop of this thread kept turning while the worker read
    expect(ticks.length).toBeGreaterThan(0);
    void tick;
  }, 60_000);
});

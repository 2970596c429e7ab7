import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding, detectFormat, inspectTable, readTable } from './imports.parse.ts';

const CSV = '患者姓名,性别,出生日期,疾病名称\n张三,男,1990-01-02,流行性感冒\n"李,四",女,1985-05-06,"手足口病"\n';

async function rows(bytes: Uint8Array, format: 'csv' | 'xlsx') {
  const out: { row: number; cells: string[] }[] = [];
  for await (const r of readTable(bytes, format, detectEncoding(bytes))) out.push(r);
  return out;
}

describe('reading uploaded tables', () => {
  it('reads UTF-8 CSV without BOM', async () => {
    const bytes = new TextEncoder().encode(CSV);
    expect(detectEncoding(bytes)).toBe('utf-8');
    const r = await rows(bytes, 'csv');
    expect(r).toEqual([
      { row: 1, cells: ['患者姓名', '性别', '出生日期', '疾病名称'] },
      { row: 2, cells: ['张三', '男', '1990-01-02', '流行性感冒'] },
      { row: 3, cells: ['李,四', '女', '1985-05-06', '手足口病'] },
    ]);
  });

  it('strips a UTF-8 BOM from the first header', async () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(CSV)]);
    const { headers, totalRows, preview } = await inspectTable(bytes, 'csv', detectEncoding(bytes));
    expect(headers[0]).toBe('患者姓名');
    expect(totalRows).toBe(2);
    expect(preview[1]).toEqual(['李,四', '女', '1985-05-06', '手足口病']);
  });

  it('reads GBK/GB18030 CSV as saved by Chinese Excel, with CRLF and semicolons', async () => {
    const bytes = new Uint8Array(iconv.encode(CSV.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, ';').replace(/\n/g, '\r\n'), 'gbk'));
    expect(detectEncoding(bytes)).toBe('gb18030');
    const r = await rows(bytes, 'csv');
    expect(r[0]!.cells).toEqual(['患者姓名', '性别', '出生日期', '疾病名称']);
    expect(r[2]!.cells).toEqual(['李,四', '女', '1985-05-06', '手足口病']);
  });

  it('reads UTF-16LE CSV with BOM (Excel "Unicode text")', async () => {
    const bytes = new Uint8Array([0xff, 0xfe, ...iconv.encode(CSV.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, '\t'), 'utf-16le')]);
    expect(detectEncoding(bytes)).toBe('utf-16le');
    const r = await rows(bytes, 'csv');
    expect(r[1]!.cells).toEqual(['张三', '男', '1990-01-02', '流行性感冒']);
  });

  it('reads UTF-16 CSV without a byte-order mark, little- and big-endian (issue 11: it answered 500)', async () => {
    const le = new Uint8Array(iconv.encode(CSV, 'utf-16le'));
    expect(detectEncoding(le)).toBe('utf-16le');
    expect((await rows(le, 'csv'))[2]!.cells).toEqual(['李,四', '女', '1985-05-06', '手足口病']);
    const be = new Uint8Array(iconv.encode(CSV, 'utf-16be'));
    expect(detectEncoding(be)).toBe('utf-16be');
    const { headers, totalRows } = await inspectTable(be, 'csv', detectEncoding(be));
    expect(headers).toEqual(['患者姓名', '性别', '出生日期', '疾病名称']);
    expect(totalRows).toBe(2);
  });

  it('refuses a NUL character in a header or a cell with a coded 400 naming row and column', async () => {
    const codeOf = async (bytes: Uint8Array) => {
      try {
        await inspectTable(bytes, 'csv', detectEncoding(bytes));
      } catch (e) {
        return { status: (e as { status?: number }).status, details: (e as { details?: unknown }).details };
      }
      return 'no error';
    };
    expect(await codeOf(new TextEncoder().encode('姓名,性\u0000别\n张三,男\n'))).toMatchObject({
      status: 400,
      details: [{ path: 'file', code: 'nul_character', params: { row: 1, column: 2 } }],
    });
    expect(await codeOf(new TextEncoder().encode('姓名,性别\n张三,男\n李四,\u0000\n'))).toMatchObject({
      details: [{ code: 'nul_character', params: { row: 3, column: 2 } }],
    });
  });

  it('reads the first worksheet of an XLSX, dates and numbers as text, blank rows skipped', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('病例');
    ws.addRow(['姓名', '性别', '出生日期', '诊断时间', '年龄']);
    ws.addRow(['王五', '男', new Date(Date.UTC(2001, 2, 4)), new Date(Date.UTC(2026, 10, 20, 9, 30)), 25]);
    ws.addRow([]);
    ws.addRow([{ richText: [{ text: '赵' }, { text: '六' }] }, '女', '2002-03-04', '2026-11-21 10:00', { formula: '1+1', result: 2 }]);
    ws.getCell('C2').numFmt = 'yyyy-mm-dd';
    ws.getCell('D2').numFmt = 'yyyy-mm-dd hh:mm';
    wb.addWorksheet('其他').addRow(['ignored']);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    expect(detectFormat('a.xlsx', bytes)).toBe('xlsx');
    const r = await rows(bytes, 'xlsx');
    expect(r).toEqual([
      { row: 1, cells: ['姓名', '性别', '出生日期', '诊断时间', '年龄'] },
      { row: 2, cells: ['王五', '男', '2001-03-04', '2026-11-20 09:30', '25'] },
      { row: 4, cells: ['赵六', '女', '2002-03-04', '2026-11-21 10:00', '2'] },
    ]);
  });

  it('refuses other formats and broken files with a 400 naming the file', async () => {
    expect(() => detectFormat('a.pdf', new Uint8Array([1]))).toThrow(/Only .csv and .xlsx/);
    expect(() => detectFormat('a.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toThrow(/\.xlsx/);
    expect(() => detectFormat('a.xlsx', new TextEncoder().encode('a,b'))).toThrow(/not a valid/);
    expect(() => detectFormat('a.csv', new Uint8Array())).toThrow(/empty/);
    await expect(inspectTable(new TextEncoder().encode('a,a\n1,2\n'), 'csv', 'utf-8')).rejects.toThrow(/twice/);
    await expect(inspectTable(new TextEncoder().encode('a,"b\n1,2\n'), 'csv', 'utf-8')).rejects.toThrow(/cannot be read/);
  });

  it('gives every file problem a stable code and the params of its sentence', async () => {
    const details = async (f: () => unknown) => {
      try {
        await f();
      } catch (e) {
        return (e as { details?: unknown }).details;
      }
      return 'no error';
    };
    expect(await details(() => detectFormat('a.pdf', new Uint8Array([1])))).toEqual([
      { path: 'file', code: 'file_type', message: 'Only .csv and .xlsx files are accepted' },
    ]);
    expect(await details(() => detectFormat('a.csv', new Uint8Array()))).toEqual([
      { path: 'file', code: 'file_empty', message: 'The file is empty' },
    ]);
    expect(await details(() => detectFormat('a.xlsx', new TextEncoder().encode('a,b')))).toEqual([
      { path: 'file', code: 'file_not_xlsx', message: 'The file is not a valid .xlsx workbook' },
    ]);
    expect(await details(() => detectFormat('a.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0])))).toMatchObject([{ code: 'file_xls' }]);
    expect(await details(() => detectFormat('a.csv', new Uint8Array([0x50, 0x4b, 0x03, 0x04])))).toMatchObject([
      { code: 'file_is_workbook' },
    ]);
    expect(await details(() => inspectTable(new TextEncoder().encode('a,,b\n1,2,3\n'), 'csv', 'utf-8'))).toEqual([
      { path: 'file', code: 'header_empty', params: { column: 2 }, message: 'Column 2 has no header' },
    ]);
    expect(await details(() => inspectTable(new TextEncoder().encode('姓名,姓名\n1,2\n'), 'csv', 'utf-8'))).toEqual([
      { path: 'file', code: 'header_repeated', params: { header: '姓名' }, message: 'The header "姓名" appears twice' },
    ]);
    expect(await details(() => inspectTable(new TextEncoder().encode('a,"b\n1,2\n'), 'csv', 'utf-8'))).toMatchObject([
      { path: 'file', code: 'csv_unreadable', params: { row: 0, reason: expect.stringMatching(/quote/i) } },
    ]);
    // bytes that are no text in the encoding taken (here: UTF-8 read as UTF-16) show replacement characters
    const garbled = new Uint8Array([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00, 0x0a, 0x00, 0x31, 0x00, 0x0a, 0x00]);
    expect(await details(() => inspectTable(garbled, 'csv', detectEncoding(garbled)))).toMatchObject([
      { path: 'file', code: 'bad_encoding' },
    ]);
  });
});

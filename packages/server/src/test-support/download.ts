/**
 * Downloads for tests: a file answer read as bytes (the JSON client would parse it as text), and the xlsx or
 * CSV read back into rows of strings, so that tests assert on what a user opens.
 *
 * @example
 * const file = await download(epi, '/api/cases/export?format=xlsx');
 * const rows = await xlsxRows(file.bytes); // [['报告卡编号', …], ['C2026-000001', …]]
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import type { TestClient } from './http.ts';

export interface Download {
  status: number;
  headers: Headers;
  bytes: Buffer;
}

export async function download(client: TestClient, path: string): Promise<Download> {
  const headers: Record<string, string> = {};
  if (client.cookies.size > 0) headers.cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const res = await client.app.request(path, { headers });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The first worksheet's rows, each cell as text ('' for empty; numbers as their digits). */
export async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= sheet.columnCount; i++) {
      const value = row.getCell(i).value;
      cells.push(value === null || value === undefined ? '' : String(value));
    }
    rows.push(cells);
  });
  return rows;
}

/** CSV rows (the leading byte-order mark dropped). */
export function csvRows(bytes: Buffer): string[][] {
  const text = bytes.toString('utf8');
  return parse(text.startsWith('\uFEFF') ? text.slice(1) : text, { relax_column_count: true }) as string[][];
}

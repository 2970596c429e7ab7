/**
 * List exports in Chromium against the real demo server: the epidemiologist exports the filtered case list to
 * Excel from the Export button and gets exactly the rows the list counts, with Chinese headers; the hospital
 * reporter's CSV holds its own facility's reports only, numbers without a single character; the alert inbox's
 * export follows the "open" scope the page shows; the liaison's tasks inbox exports its tab. The browser downloads
 * the server's answer itself (the download's URL is the export's), never a blob built in the page.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session.ts';
import { launchBrowser, openPage, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** Clicks Export, picks a format, and returns the downloaded file's name and bytes. */
async function exportFrom(page: Page, choice: RegExp): Promise<{ filename: string; bytes: Buffer; url: string }> {
  await page.getByTestId('export-button').first().click();
  // the file is streamed whole before the browser saves it: generous on a busy machine
  const downloading = page.waitForEvent('download', { timeout: 90_000 });
  await page.getByRole('menuitem', { name: choice }).click();
  const download = await downloading;
  const path = await download.path();
  return { filename: download.suggestedFilename(), bytes: readFileSync(path), url: download.url() };
}

async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    for (let i = 1; i <= sheet.columnCount; i++) cells.push(String(row.getCell(i).value ?? ''));
    rows.push(cells);
  });
  return rows;
}

function csvLines(bytes: Buffer): string[][] {
  // the demo's texts hold no comma, quote or line break: a plain split reads them
  return bytes
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trim()
    .split('\r\n')
    .map((line) => line.split(','));
}

describe('list exports', () => {
  it('exports the filtered case list, the reporter its own facility masked, and the open alerts', async () => {
    const epi = await openPage(browser, baseUrl);
    const reporter = await openPage(browser, baseUrl);
    try {
      const api = new ApiSession(baseUrl);
      await api.signIn('epidemiologist', password);
      // the last 60 days' confirmed cases (five years of demo history would make a long download on a busy machine)
      const day = (daysAgo: number) => new Date(Date.now() + 8 * 3_600_000 - daysAgo * 86_400_000).toISOString().slice(0, 10);
      const filters = `classification=confirmed&from=${day(60)}&to=${day(0)}`;
      const confirmed = await api.request<{ total: number }>('GET', `/api/cases?${filters}&pageSize=1`);
      expect(confirmed.total).toBeGreaterThan(0);

      // 1. The epidemiologist's confirmed cases, as Excel, from the list page's filters.
      await signIn(epi.page, baseUrl, 'epidemiologist', password, `/cases?${filters}`);
      await epi.page.getByRole('heading', { name: '传染病报告卡' }).waitFor();
      const cases = await exportFrom(epi.page, /^Excel 表格/);
      expect(cases.filename).toMatch(/^cases-\d{4}-\d{2}-\d{2}\.xlsx$/);
      // the browser downloaded the server's answer itself (streamed to disk), not a blob built in the page
      expect(cases.url).toMatch(new RegExp(`^${baseUrl}/api/cases/export\\?`));
      const rows = await xlsxRows(cases.bytes);
      expect(rows[0]!.slice(0, 4)).toEqual(['报告卡编号', '疾病', '病例分类', '姓名']);
      expect(rows.length - 1).toBe(confirmed.total);
      expect(new Set(rows.slice(1).map((r) => r[2]))).toEqual(new Set(['确诊病例']));

      // 2. The hospital reporter: its facility only, no character of any number.
      await signIn(reporter.page, baseUrl, 'reporter', password, `/cases?from=${day(60)}&to=${day(0)}`);
      await reporter.page.getByRole('heading', { name: '传染病报告卡' }).waitFor();
      // no "with full numbers" choice for a reader without cases.identity
      await reporter.page.getByTestId('export-button').click();
      await reporter.page.getByRole('menuitem', { name: /^CSV 文本/ }).waitFor();
      expect(await reporter.page.getByRole('menuitem', { name: /完整证件号码/ }).count()).toBe(0);
      await reporter.page.keyboard.press('Escape');
      const own = csvLines((await exportFrom(reporter.page, /^CSV 文本/)).bytes);
      expect(own[0]![12]).toBe('报告单位');
      expect(own.length).toBeGreaterThan(1);
      expect(new Set(own.slice(1).map((r) => r[12])).size).toBe(1);
      for (const row of own.slice(1)) expect(row[7]).toMatch(/^\**$/);

      // 3. The alert inbox (open alerts, the page's default scope).
      const open = await api.request<{ total: number }>('GET', '/api/alerts?open=true&pageSize=1');
      await epi.page.goto(`${baseUrl}/alerts`);
      await epi.page.getByRole('heading', { name: /预警/ }).first().waitFor();
      const alerts = await xlsxRows((await exportFrom(epi.page, /^Excel 表格/)).bytes);
      expect(alerts[0]!.slice(0, 3)).toEqual(['预警编号', '标题', '状态']);
      expect(alerts.length - 1).toBe(open.total);
      expect(epi.pageErrors).toEqual([]);
      expect(epi.outsideRequests).toEqual([]);
    } finally {
      await epi.context.close();
      await reporter.context.close();
    }
  });

  it('exports the tasks inbox tab the liaison is on', async () => {
    const liaison = await openPage(browser, baseUrl);
    try {
      const api = new ApiSession(baseUrl);
      await api.signIn('liaison', password);
      const all = await api.request<{ items: { code: string }[] }>(
        'GET',
        '/api/tasks/inbox?status=assigned,accepted,in_progress,blocked,done,rejected,cancelled',
      );
      expect(all.items.length).toBeGreaterThan(0);
      await signIn(liaison.page, baseUrl, 'liaison', password, '/tasks?inbox=all');
      await liaison.page.getByTestId('task-inbox').locator('.ant-table-row').first().waitFor();
      const file = await exportFrom(liaison.page, /^CSV 文本/);
      expect(file.filename).toMatch(/^task-inbox-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(file.url).toContain('/api/tasks/inbox/export?');
      const rows = csvLines(file.bytes);
      expect(rows[0]!.slice(0, 2)).toEqual(['任务编号', '任务']);
      expect(rows.slice(1).map((r) => r[0])).toEqual(all.items.map((x) => x.code));
      await liaison.page.getByText('文件正在下载').waitFor();
      expect(liaison.pageErrors).toEqual([]);
    } finally {
      await liaison.context.close();
    }
  });
});

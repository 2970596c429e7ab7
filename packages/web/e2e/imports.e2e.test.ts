/**
 * Importing a case line list in Chromium against the real server (issue 5): an epidemiologist uploads a
 * malformed CSV, sees the row-level problems in Chinese (and in English after switching), downloads the report
 * (UTF-8 with BOM, in the page's language), imports "all or nothing"
 * and the database is unchanged (checked through the API); a file missing a required column is refused in Chinese;
 * then a valid file imports and its cases appear in the case list.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session.ts';
import { launchBrowser, openPage, pickOption, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** A 'YYYY-MM-DD HH:mm' China time `hoursAgo` before now. */
function chinaTime(hoursAgo: number): string {
  return new Date(Date.now() + 8 * 3_600_000 - hoursAgo * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const HEADER = '患者姓名,性别,出生日期,现住地址国标,疾病名称,病例分类,发病日期,诊断时间,报告卡录入时间';

function row(name: string, sex: string, place: string, disease = '流行性感冒'): string {
  return [name, sex, '1990-04-05', place, disease, '临床诊断病例', chinaTime(30).slice(0, 10), chinaTime(4), chinaTime(3)].join(',');
}

describe('importing a case line list', () => {
  it('a malformed file is refused row by row and changes nothing; a valid one imports and its cases are listed', async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('epidemiologist', password);
    const places = await api.request<{ items: Array<{ code: string; name: string; level: string }> }>('GET', '/api/jurisdictions');
    const township = places.items.find((j) => j.level === 'township')!;
    const suffix = Date.now().toString(36).slice(-5);
    const casesBefore = (await api.request<{ total: number }>('GET', '/api/cases?pageSize=1')).total;

    const bad = `${[HEADER, row(`导入甲${suffix}`, '男', township.code), row(`导入乙${suffix}`, '未填', township.code), row(`导入丙${suffix}`, '女', '999999999999')].join('\n')}\n`;
    const names = [`导入丁${suffix}`, `导入戊${suffix}`, `导入己${suffix}`];
    const good = `${[HEADER, row(names[0]!, '男', township.code), row(names[1]!, '女', township.name), row(names[2]!, '女', township.code, '手足口病')].join('\n')}\n`;

    const epi = await openPage(browser, baseUrl);
    try {
      const { page } = epi;
      await signIn(page, baseUrl, 'epidemiologist', password, '/imports');
      await page
        .getByRole('heading', { name: '病例一览表批量导入' })
        .waitFor({ timeout: 40_000 })
        .catch(async (e: Error) => {
          await page.screenshot({ path: '/tmp/imports-e2e-start.png', fullPage: true });
          throw new Error(`${e.message}\nat ${page.url()}\npage errors: ${epi.pageErrors.join(' | ')}`);
        });

      // 1. The malformed file: the columns are suggested from the Chinese headers, every row is checked.
      await page.locator('input[type=file]').setInputFiles({ name: '有误的一览表.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
      await page.getByText('列对应关系（已根据表头自动建议）').waitFor();
      await page.getByRole('button', { name: '校验全部行' }).click();
      await page.getByText('发现 2 处问题').waitFor({ timeout: 30_000 });
      const problems = page.locator('.ant-table-tbody tr', { hasText: /未填|999999999999/ });
      await expect.poll(() => problems.count()).toBe(2);
      // the problems are written in the page's language (from the server's codes), not in the server's English
      await page
        .locator('.ant-table-tbody tr', { hasText: '无法识别“未填”' })
        .filter({ hasText: '性别' })
        .getByText('3', { exact: true })
        .waitFor();
      await page
        .locator('.ant-table-tbody tr', { hasText: '“999999999999”不存在或不在您的管辖范围内' })
        .filter({ hasText: '现住地址国标' })
        .getByText('4', { exact: true })
        .waitFor();
      expect((await problems.allTextContents()).join(' ')).not.toMatch(/is not a known|does not exist/);

      // The report downloads as CSV with a BOM (Excel reads UTF-8 Chinese only with it), in Chinese.
      const downloadReport = async (link: RegExp) => {
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: link }).first().click()]);
        const report = await readFile((await download.path())!);
        expect([...report.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        return report.subarray(3).toString('utf8').split('\r\n');
      };
      const zhReport = await downloadReport(/下载问题报告/);
      expect(zhReport[0]).toBe('行号,列,值,问题');
      expect(zhReport).toContain('3,性别,未填,无法识别“未填”：请使用系统取值，或在列对应步骤添加取值转换');
      expect(zhReport).toContain('4,现住地址国标,999999999999,“999999999999”不存在或不在您的管辖范围内');

      // In English the same problems (and the report) are English; then back to Chinese.
      await page.locator('.ant-segmented-item', { hasText: 'English' }).click();
      await page.locator('.ant-table-tbody tr', { hasText: '"未填" is not a known value' }).getByText('3', { exact: true }).waitFor();
      const enReport = await downloadReport(/Download the problem report/);
      expect(enReport[0]).toBe('Row,Column,Value,Problem');
      expect(enReport).toContain(`3,性别,未填,"""未填"" is not a known value: use the system's words or add a value translation"`);
      await page.locator('.ant-segmented-item', { hasText: '中文' }).click();
      await page.getByText('发现 2 处问题').waitFor();

      // All or nothing (the default): nothing is written.
      await page.getByRole('radio', { name: '只要有一行有问题，就全部不导入' }).check();
      await page.getByRole('button', { name: '开始导入' }).click();
      await page.getByText('未导入任何记录').waitFor({ timeout: 30_000 });
      expect((await api.request<{ total: number }>('GET', '/api/cases?pageSize=1')).total).toBe(casesBefore);
      const history = await api.request<{ items: Array<{ filename: string; status: string; importedRows: number }> }>(
        'GET',
        '/api/imports?kind=cases',
      );
      expect(history.items[0]).toMatchObject({ filename: '有误的一览表.csv', status: 'rejected', importedRows: 0 });
      const seen = await api.request<{ total: number }>('GET', `/api/cases?q=${encodeURIComponent(`导入甲${suffix}`)}`);
      expect(seen.total).toBe(0);

      // A file without a required column: the refusal of the mapping is written in the page's language.
      await page.getByRole('button', { name: '导入另一个文件' }).click();
      const noDisease = [HEADER, row(`导入庚${suffix}`, '男', township.code)]
        .map((line) =>
          line
            .split(',')
            .filter((_, i) => i !== 4)
            .join(','),
        )
        .join('\n');
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: '缺列.csv', mimeType: 'text/csv', buffer: Buffer.from(`${noDisease}\n`) });
      await page.getByRole('button', { name: '校验全部行' }).click();
      const refusal = page.getByRole('alert').filter({ hasText: '请为“疾病名称”选择文件中的列' });
      await refusal.waitFor();
      expect(await refusal.textContent()).not.toMatch(/choose the column/i);

      // 2. A valid file (a township given by name works as well as its code) imports whole.
      await page.getByRole('button', { name: '导入另一个文件' }).click();
      await page.locator('input[type=file]').setInputFiles({ name: '一览表.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
      await page.getByRole('button', { name: '校验全部行' }).click();
      await page.getByText('全部行均通过校验。').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: '开始导入' }).click();
      await page.getByText('已导入 3 行').waitFor({ timeout: 60_000 });
      expect((await api.request<{ total: number }>('GET', '/api/cases?pageSize=1')).total).toBe(casesBefore + 3);

      // The cases are in the case list.
      await page.getByRole('button', { name: '查看病例列表' }).click();
      await page.waitForURL('**/cases');
      // newest reports first; the search narrows the list to this run's names
      await page.getByPlaceholder(/./).and(page.locator('.ant-input-search input')).first().fill(suffix);
      await page.keyboard.press('Enter');
      for (const name of names) await page.getByText(name).first().waitFor({ timeout: 20_000 });
      expect(epi.pageErrors).toEqual([]);
      expect(epi.outsideRequests).toEqual([]);
    } finally {
      await epi.context.close();
    }
  }, 240_000);

  it('a file imported again is recognised and its rows are skipped, or update their cards when the clerk says so (issue 12)', async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('epidemiologist', password);
    const places = await api.request<{ items: Array<{ code: string; name: string; level: string }> }>('GET', '/api/jurisdictions');
    const township = places.items.find((j) => j.level === 'township')!;
    const suffix = Date.now().toString(36).slice(-5);
    const names = [`复导甲${suffix}`, `复导乙${suffix}`];
    const file = `${[HEADER, row(names[0]!, '男', township.code), row(names[1]!, '女', township.code)].join('\n')}\n`;
    const corrected = file.replace(
      `${names[0]},男,1990-04-05,${township.code},流行性感冒,临床诊断病例`,
      `${names[0]},男,1990-04-05,${township.code},流行性感冒,确诊病例`,
    );
    expect(corrected).not.toBe(file);
    const total = async () => (await api.request<{ total: number }>('GET', `/api/cases?pageSize=1&q=${encodeURIComponent(suffix)}`)).total;

    const epi = await openPage(browser, baseUrl);
    try {
      const { page } = epi;
      await signIn(page, baseUrl, 'epidemiologist', password, '/imports');
      const importFile = async (name: string, content: string) => {
        await page.locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(content) });
        await page.getByRole('button', { name: '校验全部行' }).click();
      };
      await importFile('复导.csv', file);
      await page.getByText('全部行均通过校验。').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: '开始导入' }).click();
      await page.getByText('已导入 2 行').waitFor({ timeout: 60_000 });
      expect(await total()).toBe(2);

      // The same file again: the page says when and by whom it was imported, and which rows match reported cases.
      await page.getByRole('button', { name: '导入另一个文件' }).click();
      await page.locator('input[type=file]').setInputFiles({ name: '复导(1).csv', mimeType: 'text/csv', buffer: Buffer.from(file) });
      await page
        .getByTestId('earlier-imports')
        .getByText(/同一文件已于 .* 由 .* 导入（复导\.csv，已完成，导入 2 行）/)
        .waitFor();
      await page.getByRole('button', { name: '校验全部行' }).click();
      await page.getByText('全部行均通过校验，但其中 2 行与已报告的病例重复（见下表）。').waitFor({ timeout: 30_000 });
      expect(await page.getByText('全部行均通过校验。').count()).toBe(0);
      await expect.poll(() => page.getByTestId('import-matches').locator('.ant-table-row').count()).toBe(2);
      await page.getByTestId('import-matches').locator('.ant-table-row').first().getByText('姓名和出生日期相同').waitFor();
      // skipped by default: nothing is duplicated, the result says what was skipped
      await page.getByRole('button', { name: '开始导入' }).click();
      await page.getByText('已导入 0 行').waitFor({ timeout: 60_000 });
      await page.getByTestId('import-result-counts').getByText('与已报告病例重复的 2 行：跳过 2 行，更新已有报告卡 0 张').waitFor();
      expect(await total()).toBe(2);

      // A corrected list: row 2 updates its card (chosen for that row), row 3 is skipped (the run's default).
      await page.getByRole('button', { name: '导入另一个文件' }).click();
      await importFile('复导-订正.csv', corrected);
      await page.getByText('全部行均通过校验，但其中 2 行与已报告的病例重复（见下表）。').waitFor({ timeout: 30_000 });
      await page.getByLabel('处理方式 2').click();
      await pickOption(page, '用此行更新已有报告卡（订正）');
      await page.getByRole('button', { name: '开始导入' }).click();
      await page
        .getByTestId('import-result-counts')
        .getByText('与已报告病例重复的 2 行：跳过 1 行，更新已有报告卡 1 张')
        .waitFor({ timeout: 60_000 });
      expect(await total()).toBe(2);
      const updated = await api.request<{ items: Array<{ personName: string; classification: string }> }>(
        'GET',
        `/api/cases?q=${encodeURIComponent(names[0]!)}`,
      );
      expect(updated.items).toEqual([expect.objectContaining({ classification: 'confirmed' })]);
      expect(epi.pageErrors).toEqual([]);
    } finally {
      await epi.context.close();
    }
  }, 240_000);

  it('feeds: the page charts the demo values; a value entered in the grid replaces the day and is listed', async () => {
    const epi = await openPage(browser, baseUrl);
    try {
      const { page } = epi;
      await signIn(page, baseUrl, 'epidemiologist', password, '/feeds?type=fever_clinic_visits');
      await page.getByRole('heading', { name: '症状与汇总监测' }).waitFor();
      await page.getByRole('img', { name: '发热门诊就诊人次每日数值折线图' }).waitFor();
      // the demo's fever clinics have reported up to today
      await page.locator('.ant-table-tbody tr', { hasText: '演示数据' }).first().waitFor();

      await page.getByRole('button', { name: '录入数据' }).click();
      await page.getByRole('heading', { name: '录入每日监测数据' }).waitFor();
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      const cell = page.getByLabel(`FC-RMYY ${today}`, { exact: true });
      await cell.fill('987');
      await page.getByRole('button', { name: /保存（1 项修改）/ }).click();
      await page.getByText('已保存 1 条数据').waitFor();

      await page.getByRole('link', { name: '查看图表' }).click();
      const entry = page.locator('.ant-table-tbody tr', { hasText: '987' });
      await entry.filter({ hasText: '表格录入' }).filter({ hasText: today }).first().waitFor();
      expect(epi.pageErrors).toEqual([]);
    } finally {
      await epi.context.close();
    }
  }, 120_000);
});

/**
 * Case reports in Chromium against the real server: a hospital reporter files a case with a resident ID
 * (a mistyped check character is caught as typed; birth date and sex are filled from the number), the list
 * shows the number masked, and an epidemiologist reveals the full number (a read the server audits).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeResidentId } from '../../server/src/features/cases/resident-id.ts';
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


/** Local 'YYYY-MM-DD HH:mm' of a moment `hoursAgo` before now (the DatePicker's typed format). */
function typedTime(hoursAgo: number): string {
  const d = new Date(Date.now() - hoursAgo * 3_600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

describe('case reports', () => {
  it('a reporter files a case with a resident ID, the list masks it, an epidemiologist reveals it', async () => {
    const suffix = Date.now().toString(36).slice(-4);
    const personName = `测试患者${suffix}`;
    // a girl born 3 May 2018 (even sequence): distinct per run so that no earlier run's report looks like a duplicate
    const residentId = makeResidentId('500199', '2018-05-03', (Date.now() % 400) * 2 + 2);
    const masked = `500199********${residentId.slice(-4)}`;
    const reporter = await openPage(browser, baseUrl);
    const epi = await openPage(browser, baseUrl);
    try {
      const { page } = reporter;
      await signIn(page, baseUrl, 'reporter', password, '/cases/new').catch((e: Error) => {
        throw new Error(`${e.message}\npage errors: ${reporter.pageErrors.join(' | ')}`);
      });
      await page.getByRole('heading', { name: '填报传染病报告卡' }).waitFor();
      await page.getByLabel('患者姓名').fill(personName);

      // A mistyped check character is explained before anything is sent.
      const wrong = residentId.slice(0, 17) + (residentId[17] === '1' ? '2' : '1');
      const idInput = page.getByTestId('id-number');
      await idInput.fill(wrong);
      await idInput.blur();
      await page.getByText('校验码（最后一位）不符，可能有数字输错').waitFor();
      await idInput.fill(residentId.toLowerCase());
      await page.getByText('已根据身份证号码填写：出生日期 2018-05-03，性别 女').waitFor();
      await expect.poll(() => page.getByLabel('出生日期').inputValue()).toBe('2018-05-03');

      // Residence: the searchable jurisdiction tree; disease: the catalogue.
      await page.getByLabel('现住址（辖区）').click();
      await page.keyboard.type('望江');
      await pickOption(page, '望江街道');
      await page.getByLabel('病种').click();
      await page.keyboard.type('手足口');
      await pickOption(page, '手足口病');
      await page.getByText('该病种须在诊断后 24 小时内报告').waitFor();
      const diagnosis = page.getByLabel('诊断时间');
      await diagnosis.click();
      await diagnosis.fill(typedTime(3));
      // confirm with the picker's OK button (Enter would also submit the form)
      await page.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
      await page.getByLabel('报告医生').fill('张医生');
      await page.getByRole('button', { name: '提交报告' }).click({ timeout: 8000 }).catch(async (e: Error) => {
        await page.screenshot({ path: '/tmp/cases-e2e-submit.png', fullPage: true });
        throw e;
      });

      // The detail page: masked number, deadline clock on time.
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      await expect.poll(() => page.getByTestId('case-id-number').innerText()).toBe(masked);
      await page.getByText(/^及时（/).first().waitFor();
      expect(await page.getByRole('button', { name: /查看完整号码/ }).count()).toBe(0);
      const caseUrl = page.url();

      // The list shows the report with the number masked, never in full.
      await page.goto(`${baseUrl}/cases?q=${encodeURIComponent(personName)}`);
      const row = page.locator('.ant-table-row', { hasText: personName });
      await row.waitFor();
      expect(await row.getByTestId('masked-id').innerText()).toBe(masked);
      expect(await page.content()).not.toContain(residentId);

      // The epidemiologist (cases.identity) reveals the full number.
      await signIn(epi.page, baseUrl, 'epidemiologist', password, new URL(caseUrl).pathname);
      await epi.page.getByRole('button', { name: /查看完整号码/ }).click();
      await expect.poll(() => epi.page.getByTestId('case-id-number').innerText()).toBe(residentId);

      // …and the view is in the audit log as a read of the case's identity.
      const api = new ApiSession(baseUrl);
      await api.signIn('admin', password);
      const audit = await api.request<{ items: Array<{ action: string; entityType: string; actor: { username: string | null } | null }> }>('GET', '/api/audit?entityType=case_identity&pageSize=5');
      expect(audit.items[0]).toMatchObject({ action: 'read', entityType: 'case_identity', actor: { username: 'epidemiologist' } });

      // A second report of the same child (filed through the API) is flagged; the epidemiologist merges it.
      const reporterApi = new ApiSession(baseUrl);
      await reporterApi.signIn('reporter', password);
      const first = await reporterApi.request<{ id: string; code: string; disease: { id: string }; jurisdiction: { id: string } }>('GET', new URL(caseUrl).pathname.replace('/cases/', '/api/cases/'));
      const second = await reporterApi.request<{ id: string; code: string }>('POST', '/api/cases', {
        diseaseId: first.disease.id,
        jurisdictionId: first.jurisdiction.id,
        personName,
        idType: 'resident_id',
        idNumber: residentId,
        classification: 'confirmed',
        diagnosisAt: new Date(Date.now() - 3_600_000).toISOString(),
      });
      await epi.page.goto(`${baseUrl}/cases/${second.id}`);
      const flag = epi.page.getByTestId('duplicate-flag');
      await flag.getByText(first.code).waitFor();
      await flag.getByText('证件号码相同').waitFor();
      await flag.getByRole('button', { name: /合\s*并/ }).click();
      const dialog = epi.page.getByRole('dialog');
      await dialog.getByText(`报告 ${second.code} 将被标记为"已合并"`, { exact: false }).waitFor();
      await dialog.getByLabel('合并理由').fill('同一患儿复诊重复报告');
      await dialog.getByRole('button', { name: /确认合并/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await epi.page.getByText(`此报告已合并至 ${first.code}，不再计入统计`).waitFor();
      const merges = await api.request<{ items: Array<{ action: string; entityId: string }> }>('GET', '/api/audit?entityType=case_report&pageSize=5');
      expect(merges.items[0]).toMatchObject({ action: 'merge', entityId: second.id });

      expect(reporter.pageErrors).toEqual([]);
      expect(epi.pageErrors).toEqual([]);
      expect([...reporter.outsideRequests, ...epi.outsideRequests]).toEqual([]);
    } finally {
      await reporter.context.close();
      await epi.context.close();
    }
  }, 180_000);

  it("lists the demo's recent possible duplicates by period, and more over the whole history", async () => {
    const { context, page, pageErrors, outsideRequests } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'epidemiologist', password, '/cases/duplicates');
      await page.getByRole('heading', { name: '疑似重复报告' }).waitFor();
      const total = async () => Number(/共\s*(\d+)\s*对/.exec(await page.locator('.ant-pagination-total-text').innerText())?.[1] ?? Number.NaN);
      // the default period is the last 90 days: the demo's cases reported twice by two facilities
      await page.locator('.ant-pagination-total-text').waitFor();
      const recent = await total();
      expect(recent).toBeGreaterThanOrEqual(3);
      await page.locator('.ant-table-row').first().getByText(/证件号码相同|姓名和出生日期相同/).waitFor();
      expect(await page.locator('.ant-table-row').first().getByRole('button', { name: /合\s*并/ }).count()).toBe(1);

      await page.getByTestId('duplicates-period').click();
      await pickOption(page, '全部历史');
      await expect.poll(() => new URL(page.url()).searchParams.get('period')).toBe('all');
      await expect.poll(total, { timeout: 20_000 }).toBeGreaterThan(recent);

      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

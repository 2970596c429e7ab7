/**
 * Case reports in Chromium against the real server: a hospital reporter files a case with a resident ID
 * (a mistyped check character is caught as typed; birth date and sex are filled from the number), the list
 * shows the number masked — to the reporter (no cases.identity) without any character and with the birth year
 * only, so that nothing shown rebuilds it — and an epidemiologist reveals the full number (a read the server audits).
 */
import type { Browser } from 'playwright-core';
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

/** The district's (China time) 'YYYY-MM-DD HH:mm' of a moment `hoursAgo` before now: the DatePicker's typed format and zone. */
function typedTime(hoursAgo: number): string {
  return new Date(Date.now() + 8 * 3_600_000 - hoursAgo * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

describe('case reports', () => {
  it('a reporter files a case with a resident ID, the list masks it, an epidemiologist reveals it', async () => {
    const suffix = Date.now().toString(36).slice(-4);
    const personName = `测试患者${suffix}`;
    // a girl born 3 May 2018 (even sequence): distinct per run so that no earlier run's report looks like a duplicate
    const residentId = makeResidentId('500199', '2018-05-03', (Date.now() % 400) * 2 + 2);
    const masked = `500199********${residentId.slice(-4)}`;
    // what a reader without cases.identity gets (docs/cases.md): no character of the number, the birth year
    const reporterMasked = '*'.repeat(18);
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
      // Enter confirms the typed time and submits nothing (issue 12: Enter in a date field filed half-empty cards)
      await diagnosis.press('Enter');
      await page.getByLabel('报告医生').fill('张医生');
      await page.getByLabel('报告医生').press('Enter');
      await page.waitForTimeout(500);
      expect(new URL(page.url()).pathname).toBe('/cases/new');
      // the reporting unit is the reporter's hospital, prefilled
      await expect.poll(() => page.getByTestId('case-facility').innerText()).toContain('嘉江区人民医院');
      await page
        .getByRole('button', { name: '提交报告' })
        .click({ timeout: 8000 })
        .catch(async (e: Error) => {
          await page.screenshot({ path: '/tmp/cases-e2e-submit.png', fullPage: true });
          throw e;
        });

      // The detail page: masked number, deadline clock on time.
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      await expect.poll(() => page.getByTestId('case-id-number').innerText()).toBe(reporterMasked);
      expect(await page.getByTestId('case-birth').innerText()).toBe('2018 年生');
      await page
        .getByText(/^及时（/)
        .first()
        .waitFor();
      expect(await page.getByRole('button', { name: /查看完整号码/ }).count()).toBe(0);
      const caseUrl = page.url();

      // The list shows the report with the number masked, never in full.
      await page.goto(`${baseUrl}/cases?q=${encodeURIComponent(personName)}`);
      const row = page.locator('.ant-table-row', { hasText: personName });
      await row.waitFor();
      expect(await row.getByTestId('masked-id').innerText()).toBe(reporterMasked);
      expect(await page.content()).not.toContain(residentId);
      expect(await page.content()).not.toContain('2018-05-03');

      // The epidemiologist (cases.identity) reveals the full number.
      await signIn(epi.page, baseUrl, 'epidemiologist', password, new URL(caseUrl).pathname);
      await expect.poll(() => epi.page.getByTestId('case-id-number').innerText()).toBe(masked);
      expect(await epi.page.getByTestId('case-birth').innerText()).toBe('2018-05-03');
      await epi.page.getByRole('button', { name: /查看完整号码/ }).click();
      await expect.poll(() => epi.page.getByTestId('case-id-number').innerText()).toBe(residentId);

      // …and the view is in the audit log as a read of the case's identity.
      const api = new ApiSession(baseUrl);
      await api.signIn('admin', password);
      const audit = await api.request<{ items: Array<{ action: string; entityType: string; actor: { username: string | null } | null }> }>(
        'GET',
        '/api/audit?entityType=case_identity&pageSize=5',
      );
      expect(audit.items[0]).toMatchObject({ action: 'read', entityType: 'case_identity', actor: { username: 'epidemiologist' } });

      // A second report of the same child (filed through the API) is flagged; the epidemiologist merges it.
      const reporterApi = new ApiSession(baseUrl);
      await reporterApi.signIn('reporter', password);
      const first = await reporterApi.request<{ id: string; code: string; disease: { id: string }; jurisdiction: { id: string } }>(
        'GET',
        new URL(caseUrl).pathname.replace('/cases/', '/api/cases/'),
      );
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
      const merges = await api.request<{ items: Array<{ action: string; entityId: string }> }>(
        'GET',
        '/api/audit?entityType=case_report&pageSize=5',
      );
      expect(merges.items[0]).toMatchObject({ action: 'merge', entityId: second.id });

      expect(reporter.pageErrors).toEqual([]);
      expect(epi.pageErrors).toEqual([]);
      expect([...reporter.outsideRequests, ...epi.outsideRequests]).toEqual([]);
    } finally {
      await reporter.context.close();
      await epi.context.close();
    }
  }, 180_000);

  it('a reporter corrects a card (a version with why and when), the CDC returns it from the review queue, the reporter sees why (issue 12)', async () => {
    const suffix = Date.now().toString(36).slice(-4);
    const personName = `订正患者${suffix}`;
    const reporterApi = new ApiSession(baseUrl);
    await reporterApi.signIn('reporter', password);
    const diseases = await reporterApi.request<{ items: Array<{ id: string; code: string }> }>('GET', '/api/diseases');
    const places = await reporterApi.request<{ items: Array<{ id: string; level: string }> }>('GET', '/api/jurisdictions');
    const filed = await reporterApi.request<{ id: string; code: string; reviewStatus: string; facility: { name: string } | null }>(
      'POST',
      '/api/cases',
      {
        diseaseId: diseases.items.find((d) => d.code === 'influenza')!.id,
        jurisdictionId: places.items.find((j) => j.level === 'community')!.id,
        personName,
        idType: 'none',
        sex: 'female',
        birthDate: '1985-05-05',
        classification: 'suspected',
        diagnosisAt: new Date(Date.now() - 5 * 3_600_000).toISOString(),
      },
    );
    // filed without a reporting unit: the reporter's hospital
    expect(filed).toMatchObject({ reviewStatus: 'pending', facility: { name: '嘉江区人民医院' } });

    const reporter = await openPage(browser, baseUrl);
    const epi = await openPage(browser, baseUrl);
    try {
      const { page } = reporter;
      await signIn(page, baseUrl, 'reporter', password, `/cases/${filed.id}/edit`);
      await page.getByRole('heading', { name: `订正报告卡 ${filed.code}` }).waitFor();
      await page.getByLabel('病例分类', { exact: true }).click();
      await pickOption(page, '确诊病例');
      await page.getByLabel('病例分类订正').check();
      const eventAt = page.getByLabel('变更或死亡时间');
      await eventAt.click();
      await eventAt.fill(typedTime(2));
      await eventAt.press('Enter');
      await page.getByLabel('订正原因').fill('流感病毒核酸检测阳性');
      await page.getByRole('button', { name: '提交订正' }).click();
      await page.waitForURL(new RegExp(`/cases/${filed.id}$`));
      await expect.poll(() => page.getByTestId('review-status').innerText()).toBe('待审核');
      const versions = page.getByTestId('case-versions');
      await versions.getByText('流感病毒核酸检测阳性').waitFor();
      await versions.getByText('病例分类订正').waitFor();
      await versions.getByText(/订正及时（/).waitFor();

      // The epidemiologist's review queue: the card is pending; select-all selects the page; the card is returned.
      await signIn(epi.page, baseUrl, 'epidemiologist', password, '/cases/review');
      await epi.page.getByRole('heading', { name: '报告卡审核' }).waitFor();
      const row = epi.page.locator('.ant-table-row', { hasText: filed.code });
      await row.waitFor({ timeout: 20_000 });
      await epi.page.locator('.ant-table-thead .ant-checkbox-input').check();
      await expect
        .poll(async () => Number(/已选 (\d+) 张/.exec(await epi.page.getByText(/已选 \d+ 张/).innerText())?.[1]))
        .toBeGreaterThan(1);
      await epi.page.locator('.ant-table-thead .ant-checkbox-input').uncheck();
      await epi.page.getByText('已选 0 张').waitFor();
      await row.locator('.ant-checkbox-input').check();
      await epi.page.getByTestId('return-selected').click();
      const dialog = epi.page.getByRole('dialog');
      await dialog.getByLabel('退回原因（报告单位须订正的内容）').fill('请补充检测机构和报告医生');
      await dialog.getByRole('button', { name: /退回 \(1\)/ }).click();
      await row.waitFor({ state: 'detached', timeout: 20_000 });

      // The reporter is notified (one card returned: its code, the reason), and the notification opens the card.
      await page.goto(`${baseUrl}/notifications`);
      const told = page.locator('.ant-list-item', { hasText: `报告卡 ${filed.code} 被疾控中心退回` });
      await told.waitFor({ timeout: 20_000 });
      await told.getByText(/退回原因：请补充检测机构和报告医生/).waitFor();
      await told.getByRole('button', { name: /打\s*开/ }).click();
      await page.waitForURL(new RegExp(`/cases/${filed.id}$`));
      // The reporter sees why, on the card.
      await page.getByTestId('returned-note').getByText('审核退回：请补充检测机构和报告医生').waitFor();

      // The timeliness page shows the review time beside the report timeliness, with the server's figures.
      const today = await epi.page.evaluate(() => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10));
      const epiApi = new ApiSession(baseUrl);
      await epiApi.signIn('epidemiologist', password);
      const figures = await epiApi.request<{
        total: { reviewed: number; reviewedOnTime: number; reviewedLate: number; awaitingReview: number; medianReviewHours: number | null };
      }>('GET', `/api/cases/timeliness?from=${today}&to=${today}`);
      expect(figures.total.reviewed).toBeGreaterThanOrEqual(1); // the card returned just now, reported today
      await epi.page.goto(`${baseUrl}/cases/timeliness?from=${today}&to=${today}`);
      const summary = epi.page.getByTestId('review-summary');
      await summary.waitFor();
      const m = figures.total.medianReviewHours;
      expect(await summary.innerText()).toBe(
        `疾控审核 ${figures.total.reviewed} 张，及时 ${figures.total.reviewedOnTime}，超时 ${figures.total.reviewedLate}，待审核 ${figures.total.awaitingReview}，报告至首次审核中位 ${m === null ? '—' : Math.round(m * 10) / 10} 小时`,
      );
      await epi.page.getByTestId('timeliness-list').getByText('报告至审核中位（小时）').first().waitFor();
      expect(reporter.pageErrors).toEqual([]);
      expect(epi.pageErrors).toEqual([]);
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
      const total = async () =>
        Number(/共\s*(\d+)\s*对/.exec(await page.locator('.ant-pagination-total-text').innerText())?.[1] ?? Number.NaN);
      // the default period is the last 90 days: the demo's cases reported twice by two facilities
      await page.locator('.ant-pagination-total-text').waitFor();
      const recent = await total();
      expect(recent).toBeGreaterThanOrEqual(3);
      await page
        .locator('.ant-table-row')
        .first()
        .getByText(/证件号码相同|姓名和出生日期相同/)
        .waitFor();
      expect(
        await page
          .locator('.ant-table-row')
          .first()
          .getByRole('button', { name: /合\s*并/ })
          .count(),
      ).toBe(1);

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

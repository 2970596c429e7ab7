/**
 * The early-warning loop in Chromium against the real server (issue 5): an epidemiologist imports a CSV line
 * list holding a cholera outbreak in Wangjiang through the import wizard, runs detection ("run now"), sees the
 * alert appear in the open inbox without a reload, verifies it, assesses and characterises it orange on the risk
 * matrix, and confirms the event (the page then offers to open an incident). Township officers see only their
 * own township's alerts: Wangjiang's officer was told of it (for information), sees it with the signals that
 * fired, and adds what they know to its discussion, which the epidemiologist's open page shows by itself;
 * Baisha's officer sees it neither in the inbox nor by its URL.
 *
 * Prepared through the API (not the point of this test): a township-level detection setting for cholera
 * (the demo's settings cover only diseases with case history, and the district has had no cholera).
 */
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

/** The China day ('YYYY-MM-DD') `hoursAgo` before now. */
function chinaTimeDay(hoursAgo: number): string {
  return chinaTime(hoursAgo).slice(0, 10);
}

/** A 'YYYY-MM-DD HH:mm' China time `hoursAgo` before now. */
function chinaTime(hoursAgo: number): string {
  return new Date(Date.now() + 8 * 3_600_000 - hoursAgo * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

interface Named {
  id: string;
  code: string;
  name: string;
}

async function prepare() {
  const api = new ApiSession(baseUrl);
  await api.signIn('epidemiologist', password);
  const diseases = await api.request<{ items: Array<Named & { class: string }> }>('GET', '/api/diseases');
  const cholera = diseases.items.find((d) => d.code === 'cholera');
  if (!cholera) throw new Error('the catalogue has no cholera');
  const places = await api.request<{ items: Array<Named & { level: string }> }>('GET', '/api/jurisdictions');
  const district = places.items.find((j) => j.level === 'district')!;
  const wangjiang = places.items.find((j) => j.code === '500199001000')!;
  const facilities = await api.request<{ items: Array<Named & { jurisdictionId: string }> }>(
    'GET',
    `/api/facilities?type=general_hospital&pageSize=50`,
  );
  const hospital = facilities.items[0];
  await api.request('POST', '/api/detection/configs', {
    diseaseId: cholera.id,
    jurisdictionId: district.id,
    level: 'township',
    enabled: true,
  });
  return { cholera, wangjiang, hospital };
}

function outbreakCsv(place: string, hospital: string | undefined): string {
  const header = '患者姓名,性别,有效证件号,出生日期,现住地址国标,疾病名称,病例分类,发病日期,诊断时间,报告卡录入时间,报告单位';
  const suffix = Date.now().toString(36).slice(-4);
  const rows = [0, 0, 1, 1, 2].map((daysAgo, i) =>
    [
      `霍乱病例${suffix}${i}`,
      i % 2 ? '女' : '男',
      '',
      `1980-03-0${i + 1}`,
      place,
      '霍乱',
      '临床诊断病例',
      // the onset day is counted back from the diagnosis (6 − i hours ago), not from today: between 00:00 and
      // 06:00 in China an onset "today" came after a diagnosis of yesterday evening, and the check refused the rows
      chinaTimeDay(6 - i + 24 * daysAgo),
      chinaTime(6 - i),
      chinaTime(5 - i),
      hospital ?? '',
    ].join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

async function submitDialog(page: Page) {
  const dialog = page.locator('.ant-modal:visible');
  await dialog.locator('[data-testid="action-submit"]').click();
  await dialog.waitFor({ state: 'hidden' });
}

describe('early warning', () => {
  it('an imported outbreak raises an alert live; it is verified, characterised orange and confirmed; townships see their own', async () => {
    const { wangjiang, hospital } = await prepare();
    const epi = await openPage(browser, baseUrl);
    try {
      const { page: inbox, context } = epi;
      await signIn(inbox, baseUrl, 'epidemiologist', password, '/alerts');
      await inbox.getByRole('heading', { name: '预警处置' }).waitFor();
      await inbox.locator('[data-testid="alert-inbox"] .ant-table-tbody').waitFor();
      const choleraRow = inbox.locator('tr[data-alert-id]', { hasText: '霍乱' }).filter({ hasText: '望江街道' });
      expect(await choleraRow.count()).toBe(0);
      // proof that the inbox is never reloaded: a value that a reload would lose
      await inbox.evaluate(() => {
        (window as unknown as { stayed: boolean }).stayed = true;
      });

      // Import the line list in a second tab through the wizard.
      const work = await context.newPage();
      await work.goto(`${baseUrl}/imports`);
      await work
        .locator('input[type=file]')
        .setInputFiles({ name: '霍乱疫情.csv', mimeType: 'text/csv', buffer: Buffer.from(outbreakCsv(wangjiang.code, hospital?.name)) });
      await work.getByRole('button', { name: '校验全部行' }).click();
      await work.getByText('全部行均通过校验。').waitFor({ timeout: 30_000 });
      await work.getByRole('button', { name: '开始导入' }).click();
      await work.getByText('已导入 5 行').waitFor({ timeout: 60_000 });

      // Run detection now.
      await work.goto(`${baseUrl}/detection/settings`);
      await work
        .getByRole('button', { name: /立即运行/ })
        .first()
        .click();
      await work
        .locator('.ant-modal:visible')
        .getByRole('button', { name: /开始运行/ })
        .click();
      await work.getByText(/运行完成/).waitFor({ timeout: 60_000 });
      await work.close();

      // The alert appears in the open inbox by itself.
      await choleraRow.first().waitFor({ timeout: 30_000 });
      expect(await inbox.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true);
      await expect.poll(() => choleraRow.first().locator('[data-testid="alert-status"]').getAttribute('data-status')).toBe('new');
      // Class A: two hours to verify, counting down
      await expect
        .poll(() => choleraRow.first().locator('[data-testid="deadline"]').textContent())
        .toMatch(/^剩余 (1 小时|2 小时 0 分|\d+ 分)/);
      const alertId = (await choleraRow.first().getAttribute('data-alert-id'))!;
      const alertCode = (await choleraRow.first().getAttribute('data-alert-code'))!;

      // Verify, assess, characterise orange, confirm.
      await choleraRow.first().getByRole('link', { name: alertCode }).click();
      await inbox.waitForURL(`**/alerts/${alertId}`);
      await inbox.getByTestId('alert-code').waitFor();
      // why it fired: the signal with its observed count and threshold
      await inbox.getByRole('link', { name: '查看信号' }).first().waitFor();

      await inbox.locator('[data-action="start_verification"]').click();
      await inbox.locator('.ant-modal:visible').getByLabel('说明').fill('已与望江街道社区卫生服务中心核实，5 例均有共同就餐史');
      await submitDialog(inbox);
      await expect.poll(() => inbox.getByTestId('alert-status').first().getAttribute('data-status')).toBe('verifying');

      await inbox.locator('[data-action="assess"]').click();
      const assess = inbox.locator('.ant-modal:visible');
      await assess.getByLabel(/^危害/).fill('霍乱弧菌 O1 群，实验室待复核');
      await assess.getByLabel(/^暴露/).fill('同一婚宴约 120 名宾客');
      await assess.getByLabel(/^背景/).fill('夏秋季，沿江社区，饮用水待检测');
      await submitDialog(inbox);
      await expect.poll(() => inbox.getByTestId('alert-status').first().getAttribute('data-status')).toBe('risk_assessment');

      await inbox.locator('[data-action="characterise"]').click();
      const characterise = inbox.locator('.ant-modal:visible');
      await characterise.locator('[data-cell="3x4"]').click();
      await characterise.getByTestId('matrix-result').getByText('矩阵结果：橙色（12 分）').waitFor();
      await submitDialog(inbox);
      await expect.poll(() => inbox.getByTestId('alert-level').first().getAttribute('data-level')).toBe('orange');

      await inbox.locator('[data-action="confirm"]').click();
      await submitDialog(inbox);
      await expect.poll(() => inbox.getByTestId('alert-status').first().getAttribute('data-status')).toBe('confirmed');
      expect(await inbox.getByTestId('open-incident').getAttribute('href')).toBe(`/incidents/new?alertId=${alertId}`);
      const history = inbox.getByTestId('alert-history');
      await history.getByText(/定级：可能性 3 × 后果 4 = 12 分，橙色/).waitFor();
      await history.getByText('状态：已定级 → 已确认为事件').waitFor();
      await history.getByText('已与望江街道社区卫生服务中心核实，5 例均有共同就餐史').waitFor();
      expect(epi.pageErrors).toEqual([]);
      expect(epi.outsideRequests).toEqual([]);

      // Township officers: Wangjiang sees it, Baisha does not (neither listed nor by URL).
      const wang = await openPage(browser, baseUrl);
      try {
        await signIn(wang.page, baseUrl, 'officer.wangjiang', password, '/alerts?scope=all');
        await wang.page.locator(`tr[data-alert-id="${alertId}"]`).waitFor();
        const places = await wang.page.locator('tr[data-alert-id]').allTextContents();
        // every alert listed is Wangjiang's: the township's own or one of its communities' (an event report is filed
        // at a community; other flows on this shared server may have filed some)
        const wangApi = new ApiSession(baseUrl);
        await wangApi.signIn('officer.wangjiang', password);
        const own = (await wangApi.request<{ items: Array<{ name: string }> }>('GET', '/api/jurisdictions')).items.map((j) => j.name);
        expect(places.every((text) => own.some((name) => text.includes(name)))).toBe(true);
        // reading only: no workflow buttons
        await wang.page.goto(`${baseUrl}/alerts/${alertId}`);
        await wang.page.getByText('您可以查看此预警，但无权处置').waitFor();
        // why it fired, within the officer's own township
        await wang.page
          .getByTestId('alert-summary')
          .getByText(/观察值 \d+/)
          .waitFor();
        await wang.page.getByRole('link', { name: '查看信号' }).first().waitFor();
        // the officer knows the place: they may comment, and the epidemiologist's open page shows it live
        const note = `婚宴在望江街道江边酒楼举办，酒楼已暂停营业（${Date.now().toString(36)}）`;
        await wang.page.getByLabel('讨论').fill(note);
        // (antd spaces a two-character Chinese button label: "发 表")
        await wang.page.getByRole('button', { name: /^发\s?表$/ }).click();
        await wang.page.getByText(note).waitFor();
        await inbox.getByText(note).waitFor({ timeout: 30_000 });
        expect(wang.pageErrors).toEqual([]);

        // the officer had been told of the new alert for information (not asked to verify it)
        const officerApi = new ApiSession(baseUrl);
        await officerApi.signIn('officer.wangjiang', password);
        const told = await officerApi.request<{ items: Array<{ kind: string; entityId: string | null; severity: string; title: string }> }>(
          'GET',
          '/api/notifications?limit=100',
        );
        const local = told.items.find((n) => n.entityId === alertId);
        expect(local).toMatchObject({ kind: 'alert.new.local', severity: 'info' });
        expect(local!.title).toContain(`辖区新预警 ${alertCode}`);
      } finally {
        await wang.context.close();
      }
      const baisha = await openPage(browser, baseUrl);
      try {
        await signIn(baisha.page, baseUrl, 'officer.baisha', password, '/alerts?scope=all');
        await baisha.page.locator('[data-testid="alert-inbox"] .ant-table-tbody').waitFor();
        await baisha.page.waitForLoadState('networkidle');
        expect(await baisha.page.locator(`tr[data-alert-id="${alertId}"]`).count()).toBe(0);
        const rows = await baisha.page.locator('tr[data-alert-id]').allTextContents();
        expect(rows.some((text) => text.includes('望江街道'))).toBe(false);
        await baisha.page.goto(`${baseUrl}/alerts/${alertId}`);
        await baisha.page.getByText('您访问的页面或记录不存在，或不在您的管辖范围内。').waitFor();
      } finally {
        await baisha.context.close();
      }
    } finally {
      await epi.context.close();
    }
  }, 240_000);
});

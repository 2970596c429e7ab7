/**
 * Information disclosure in Chromium against the real server seeded with District J: the press officer drafts
 * today's daily bulletin, pastes an identity number into it and the guard blocks the submission, marking the
 * number; with it removed the bulletin goes to review; the deputy district head (commander) approves and
 * publishes it; a fresh, signed-out browser at phone width opens the portal and reads it — with no cookie and no
 * sideways scrolling. The demo's corrected bulletin shows its correction note, the withdrawn one says so.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchBrowser, openPage, PHONE_VIEWPORT, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const ID_NUMBER = '500112199003074258';

describe('information disclosure', () => {
  it('press officer drafts, the guard blocks an identity number, the leader approves, the portal shows it on a phone', async () => {
    // 1. the press officer drafts today's daily bulletin
    const press = await openPage(browser, baseUrl);
    let bulletinUrl: string;
    let title: string;
    try {
      const { page } = press;
      await signIn(page, baseUrl, 'press', password, '/bulletins');
      await page.getByRole('button', { name: '新建发布' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('数据日期').waitFor();
      await dialog.getByRole('button', { name: /^起\s*草$/ }).click();
      await page.waitForURL(/\/bulletins\/[0-9a-f-]{36}$/);
      bulletinUrl = page.url();
      await page.getByTestId('bulletin-status').getByText('草稿').waitFor();
      const body = page.getByLabel('正文', { exact: true });
      const original = await body.inputValue();
      expect(original).toContain('新增报告');
      title = await page.getByLabel('标题', { exact: true }).inputValue();

      // 2. an identity number pasted in: the guard refuses the submission and marks it
      await body.fill(`${original}\n\n（内部核对：身份证号${ID_NUMBER}）`);
      await page.getByRole('button', { name: '提交审核' }).click();
      const findings = page.getByTestId('guard-findings');
      await findings.waitFor();
      expect(await findings.locator('mark').first().innerText()).toBe(ID_NUMBER);
      expect(await findings.innerText()).toContain('身份证号');
      expect(await page.getByTestId('bulletin-status').innerText()).toContain('草稿');

      // 3. removed: it goes to review
      await body.fill(original);
      await page.getByRole('button', { name: '提交审核' }).click();
      await page.getByTestId('bulletin-status').getByText('待审核').waitFor();
      expect(press.pageErrors).toEqual([]);
      expect(press.outsideRequests).toEqual([]);
    } finally {
      await press.context.close();
    }

    // 4. the deputy district head (commander) approves and publishes
    const leader = await openPage(browser, baseUrl);
    try {
      const { page } = leader;
      await signIn(page, baseUrl, 'leader', password, new URL(bulletinUrl).pathname);
      await page.getByRole('button', { name: /^批\s*准$/ }).click();
      await page.getByTestId('bulletin-status').getByText('已批准').waitFor();
      await page.getByRole('button', { name: '立即发布' }).click();
      await page.getByTestId('bulletin-status').getByText('已发布').waitFor();
      expect(leader.pageErrors).toEqual([]);
    } finally {
      await leader.context.close();
    }

    // 5. a fresh, signed-out browser at phone width reads it on the portal
    const publicView = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      const { page, context } = publicView;
      await page.goto(`${baseUrl}/portal/`);
      await page.getByRole('heading', { name: '今日疫情' }).waitFor();
      await page.getByRole('link', { name: title }).first().click();
      await page.waitForURL(/\/portal\/bulletins\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { name: title }).waitFor();
      expect(await page.locator('main').innerText()).not.toContain(ID_NUMBER);
      // the cases to date by age and sex, small numbers shown as "<5" (the demo's influenza cases span every band)
      const ageSex = page.locator('table').filter({ has: page.getByText(/累计病例年龄性别分布/) });
      await ageSex.getByRole('rowheader', { name: '65+' }).waitFor();
      expect(await ageSex.getByRole('rowheader').allInnerTexts()).toEqual(['0-14', '15-24', '25-44', '45-64', '65+', '年龄不详', '合计']);
      for (const cell of await ageSex.locator('td').allInnerTexts()) expect(cell).toMatch(/^(0|[5-9]|\d{2,}|<5)$/);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      // the demo's correction shows its note; the withdrawn press release says so
      const list = (await (await fetch(`${baseUrl}/api/public/bulletins?pageSize=100`)).json()) as {
        items: { id: string; status: string; corrected: boolean }[];
      };
      const corrected = list.items.find((b) => b.corrected && b.status === 'published')!;
      const withdrawn = list.items.find((b) => b.status === 'withdrawn')!;
      await page.goto(`${baseUrl}/portal/bulletins/${corrected.id}`);
      await page.getByText('更正说明').waitFor();
      await page.goto(`${baseUrl}/portal/bulletins/${withdrawn.id}`);
      await page.getByText(/本通报已于.*撤回/).waitFor();

      // English on request
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByText(/This bulletin was withdrawn/).waitFor();

      expect(await context.cookies()).toEqual([]);
      expect(publicView.pageErrors).toEqual([]);
      expect(publicView.outsideRequests).toEqual([]);
    } finally {
      await publicView.context.close();
    }
  }, 300_000);
});

/**
 * Psychological assistance in Chromium against the real server seeded with District J: the counsellor logs a
 * hotline call, registers the caller as a client and makes a one-time self-screening link; the client, on a
 * phone (390 × 844) without signing in, fills in PHQ-9 and answers item 9 with 1, and is shown crisis
 * contacts; the team lead then finds the same-day task on the team's task list (and in the inbox). A viewer
 * gets 404 for the client's record; the spent link opens no more.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session.ts';
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

describe('psychological assistance', () => {
  it('hotline call → client → self-screening on a phone with item 9 = 1 → the lead sees the same-day task', async () => {
    const suffix = Date.now().toString(36).slice(-4);
    const action = `电话疏导${suffix}`;
    const name = `热线来访者${suffix}`;
    const counsellorApi = new ApiSession(baseUrl);
    await counsellorApi.signIn('counsellor', password);

    const desk = await openPage(browser, baseUrl);
    let linkUrl: string;
    let clientId: string;
    try {
      const { page } = desk;
      await signIn(page, baseUrl, 'counsellor', password, '/psych/hotline');
      const form = page.getByTestId('psych-call-form');
      await form.waitFor();
      await form.getByLabel('通话时长（分钟）').fill('20');
      await form.getByLabel('处置').fill(action);
      await form.getByRole('button', { name: '保存来电' }).click();
      await page.getByTestId('psych-call-log').getByText(action).waitFor();

      await page.goto(`${baseUrl}/psych/clients`);
      await page.getByTestId('psych-new-client').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('姓名').fill(name);
      await dialog.getByRole('button', { name: /^(确\s*定|OK)$/ }).click();
      await page.waitForURL(/\/psych\/clients\/[0-9a-f-]{36}$/);
      clientId = page.url().split('/').pop()!;
      await page.getByTestId('psych-make-link').click();
      linkUrl = (await page.getByTestId('psych-link-url').innerText()).trim();
      expect(linkUrl).toMatch(/\/screen\/[A-Za-z0-9_-]+$/);
      expect(desk.pageErrors).toEqual([]);
    } finally {
      await desk.page.context().close();
    }

    const calls = await counsellorApi.request<{ items: Array<{ action: string; durationMinutes: number }> }>(
      'GET',
      '/api/psych/calls?pageSize=20',
    );
    expect(calls.items.find((c) => c.action === action)).toMatchObject({ durationMinutes: 20 });

    // the client, on a phone, no sign-in
    const phone = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      const { page } = phone;
      await page.goto(linkUrl);
      await page.getByTestId('psych-questionnaire').waitFor();
      expect(await page.locator('body').innerText()).not.toContain(name);
      for (let item = 1; item <= 9; item++) {
        const answer = item === 9 ? 1 : 0;
        await page.getByTestId(`psych-item-${item}`).locator('label.ant-radio-wrapper').nth(answer).click();
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.getByTestId('psych-questionnaire-submit').click();
      const done = page.getByTestId('psych-self-done');
      await done.waitFor();
      expect(await done.innerText()).toContain('12356');
      expect(phone.pageErrors).toEqual([]);
      expect(phone.outsideRequests).toEqual([]);
      // the link is spent
      await page.reload();
      await page.getByText('此链接无效、已使用或已过期').waitFor();
    } finally {
      await phone.page.context().close();
    }

    const detail = await counsellorApi.request<{ screenings: Array<{ source: string; score: number; flags: string[] }>; code: string }>(
      'GET',
      `/api/psych/clients/${clientId}`,
    );
    expect(detail.screenings).toEqual([expect.objectContaining({ source: 'self', score: 1, flags: ['self_harm'] })]);

    // the team lead: the same-day task on the team's list, and a notice in the inbox
    const lead = await openPage(browser, baseUrl);
    try {
      const { page } = lead;
      await signIn(page, baseUrl, 'counsellor.lead', password, '/psych/tasks');
      const tasks = page.getByTestId('psych-tasks');
      const row = tasks.locator('tr, .ant-card', { hasText: detail.code });
      await row.first().waitFor();
      expect(await row.first().innerText()).toContain('当日处置：自伤念头');
      expect(lead.pageErrors).toEqual([]);
    } finally {
      await lead.page.context().close();
    }
    const leadApi = new ApiSession(baseUrl);
    await leadApi.signIn('counsellor.lead', password);
    const inbox = await leadApi.request<{ items: Array<{ kind: string; title: string }> }>('GET', '/api/notifications?pageSize=50');
    expect(inbox.items.some((n) => n.kind === 'psych.same_day_task' && n.title.includes(detail.code))).toBe(true);

    // outside the team: 404
    const viewerApi = new ApiSession(baseUrl);
    await viewerApi.signIn('viewer', password);
    await expect(viewerApi.request('GET', `/api/psych/clients/${clientId}`)).rejects.toThrow(/404/);
  }, 300_000);
});

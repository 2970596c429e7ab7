/**
 * The psychological-assistance loop in Chromium against the real server seeded with District J: a client
 * screened two weeks ago and re-screened today is referred to the district hospital; the hospital's reporter,
 * on a phone, finds the referral on the facility's page (name and reason, nothing of the team's record) and
 * accepts it; the counsellor, on a phone in the field, sees the acceptance and the change in scores, and
 * closes the client (the record turns read-only, with a reopen button); the field pages all fit the phone. On a desktop the counsellor records a
 * group session with a registered attendee, and the team lead changes the retention period on the settings page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, pickOption, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const DAY = 86_400_000;
/** PHQ-9 answers summing to `total`, item 9 at 0. */
const phq9 = (total: number) => Array.from({ length: 9 }, (_, i) => (i < 8 ? Math.min(3, Math.max(0, total - i * 3)) : 0));

const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('psychological assistance: referral answered by the facility, re-screen, closing, groups, settings', () => {
  it('the hospital accepts on a phone; the counsellor sees the change and closes the client; groups; retention', async () => {
    const suffix = Date.now().toString(36).slice(-4);
    const name = `闭环来访者${suffix}`;
    const counsellorApi = new ApiSession(baseUrl);
    await counsellorApi.signIn('counsellor', password);
    const client = await counsellorApi.request<{ id: string; code: string }>('POST', '/api/psych/clients', {
      name,
      group: 'health_worker',
      phone: '13800009999',
      consent: true,
    });
    const twoWeeksAgo = new Date(Date.now() - 14 * DAY).toISOString();
    await counsellorApi.request('POST', '/api/psych/screenings', {
      clientId: client.id,
      instrument: 'phq9',
      answers: phq9(15),
      screenedAt: twoWeeksAgo,
    });
    await counsellorApi.request('POST', '/api/psych/screenings', { clientId: client.id, instrument: 'phq9', answers: phq9(8) });
    const hospitals = await counsellorApi.request<{ items: Array<{ id: string; name: string }> }>(
      'GET',
      `/api/facilities?q=${encodeURIComponent('嘉江区人民医院')}&pageSize=10`,
    );
    const hospital = hospitals.items.find((f) => f.name === '嘉江区人民医院')!;
    const reason = `持续失眠需精神科评估${suffix}`;
    await counsellorApi.request('POST', '/api/psych/referrals', {
      clientId: client.id,
      facilityId: hospital.id,
      reason,
      urgency: 'urgent',
    });

    // the hospital's reporter, on a phone: the referral with what is needed to see the client, then "accept"
    const ward = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      const { page } = ward;
      await signIn(page, baseUrl, 'reporter', password, '/psych/facility-referrals');
      const list = page.getByTestId('psych-facility-referrals');
      const card = list.locator('.ant-card', { hasText: client.code });
      await card.waitFor();
      const text = await card.innerText();
      expect(text).toContain(name);
      expect(text).toContain(reason);
      expect(text).toContain('紧急');
      await page
        .getByTestId(`psych-answer-${client.code}`)
        .getByRole('button', { name: /^接\s*受$/ })
        .click();
      await card.getByText('对方已接受').waitFor();
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      expect(ward.pageErrors).toEqual([]);
      expect(ward.outsideRequests).toEqual([]);
    } finally {
      await ward.context.close();
    }
    // the reporter reads nothing of the team's record
    const reporterApi = new ApiSession(baseUrl);
    await reporterApi.signIn('reporter', password);
    await expect(reporterApi.request('GET', `/api/psych/clients/${client.id}`)).rejects.toThrow(/404/);

    // the counsellor in the field, on a phone: the acceptance, the change since two weeks ago, then closing
    const field = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      const { page } = field;
      await signIn(page, baseUrl, 'counsellor', password, `/psych/clients/${client.id}`);
      await page.getByTestId('psych-referrals').getByText('对方已接受').waitFor();
      const change = page.getByTestId('psych-score-change');
      await change.waitFor();
      expect(await change.innerText()).toContain('PHQ-9：15 → 8 分（-7）');
      expect(await overflow(page)).toBeLessThanOrEqual(0); // the open record, every card on it
      const closing = page.getByTestId('psych-closing');
      await closing.scrollIntoViewIfNeeded();
      await closing.locator('.ant-select').first().click();
      await pickOption(page, '目标达成');
      await closing.getByLabel('结案小结').fill('睡眠改善，PHQ-9 降至 8 分');
      await page.getByTestId('psych-close').click();
      await page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /^(确\s*定|是|OK)$/ })
        .click();
      const banner = page.getByTestId('psych-closed');
      await banner.waitFor();
      expect(await banner.innerText()).toContain('目标达成');
      await page.getByTestId('psych-reopen').waitFor();
      // read-only: no new screening, no triage while closed
      expect(await page.getByTestId('psych-instrument').count()).toBe(0);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      // the rest of the counsellor's field pages fit a phone too
      for (const [path, testId] of [
        ['/psych/hotline', 'psych-call-form'],
        ['/psych/tasks', 'psych-tasks'],
        ['/psych/clients', 'psych-clients'],
        ['/psych/groups', 'psych-group-list'],
        ['/psych/settings', 'psych-retention'],
      ] as const) {
        await page.goto(`${baseUrl}${path}`);
        await page.getByTestId(testId).waitFor();
        expect(await overflow(page), path).toBeLessThanOrEqual(0);
      }
      expect(field.pageErrors).toEqual([]);
    } finally {
      await field.context.close();
    }
    const closed = await counsellorApi.request<{ status: string; closeReason: string; closeOutcome: string }>(
      'GET',
      `/api/psych/clients/${client.id}`,
    );
    expect(closed).toMatchObject({ status: 'closed', closeReason: 'goals_met', closeOutcome: 'improved' });

    // a group session with a registered (open) attendee, on a desktop
    const attendee = await counsellorApi.request<{ id: string; code: string }>('POST', '/api/psych/clients', {
      name: `团体来访者${suffix}`,
      group: 'health_worker',
    });
    const title = `发热门诊减压团体${suffix}`;
    const desk = await openPage(browser, baseUrl);
    try {
      const { page } = desk;
      await signIn(page, baseUrl, 'counsellor', password, '/psych/groups');
      const form = page.getByTestId('psych-group-form');
      await form.waitFor();
      await form.getByLabel('主题').fill(title);
      await form.getByLabel('参加人数').fill('9');
      await page.getByTestId('psych-group-attendees').click();
      await page.keyboard.type(attendee.code);
      await pickOption(page, attendee.code);
      await page.keyboard.press('Escape');
      await form.getByRole('button', { name: /^保\s*存$/ }).click();
      const row = page.getByTestId('psych-group-list').locator('tr', { hasText: title });
      await row.waitFor();
      expect(await row.innerText()).toContain(attendee.code);
      expect(desk.pageErrors).toEqual([]);
    } finally {
      await desk.context.close();
    }
    const groups = await counsellorApi.request<{ items: Array<{ title: string; attendance: number; attendeeClientIds: string[] }> }>(
      'GET',
      '/api/psych/groups',
    );
    expect(groups.items.find((g) => g.title === title)).toMatchObject({ attendance: 9, attendeeClientIds: [attendee.id] });

    // the team lead sets the retention period (then puts it back: other tests share the server)
    const leadApi = new ApiSession(baseUrl);
    await leadApi.signIn('counsellor.lead', password);
    const before = (await leadApi.request<{ retentionDays: number }>('GET', '/api/psych/settings')).retentionDays;
    const lead = await openPage(browser, baseUrl);
    try {
      const { page } = lead;
      await signIn(page, baseUrl, 'counsellor.lead', password, '/psych/settings');
      const card = page.getByTestId('psych-retention');
      await card.waitFor();
      const input = card.getByLabel('保存期限');
      await input.fill(String(before === 2000 ? 2001 : 2000));
      await card.getByRole('button', { name: /^保\s*存$/ }).click();
      for (const deadline = Date.now() + 20_000; Date.now() < deadline; ) {
        const now = (await leadApi.request<{ retentionDays: number }>('GET', '/api/psych/settings')).retentionDays;
        if (now !== before) break;
        await page.waitForTimeout(200);
      }
      expect((await leadApi.request<{ retentionDays: number }>('GET', '/api/psych/settings')).retentionDays).toBe(
        before === 2000 ? 2001 : 2000,
      );
      expect(lead.pageErrors).toEqual([]);
    } finally {
      await lead.context.close();
      await leadApi.request('PUT', '/api/psych/settings/retention', { days: before });
    }
  }, 300_000);
});

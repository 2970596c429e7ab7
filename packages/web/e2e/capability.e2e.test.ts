/**
 * Public emergency capability in Chromium against the real server seeded with District J (issue 19, items 4–6):
 * the Wangjiang township officer registers a volunteer; the district's volunteer coordinator (another person) vets
 * them and assigns them to a new task of the task system; on a phone the coordinator checks the volunteer in and out
 * and logs hours by hand; the training officer sees an expiring PPE certificate in the readiness view and takes
 * attendance of the planned refresher on a phone.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session.ts';
import { PHONE_VIEWPORT, launchBrowser, openPage, pickOption, signIn, waitUntilSaved } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

interface VolunteerDetail {
  id: string;
  vettingStatus: string;
  phoneMasked: string;
  assignments: { id: string; status: string; task: { id: string; title: string } }[];
  hours: { minutes: number; source: string; activity: string }[];
}

describe('capability: volunteers and training', () => {
  it('a township officer registers a volunteer, the coordinator vets and assigns them, and hours are logged on a phone', async () => {
    const officerApi = new ApiSession(baseUrl);
    await officerApi.signIn('officer.wangjiang', password);
    const places = (await officerApi.request<{ items: { id: string; name: string; level: string }[] }>('GET', '/api/jurisdictions')).items;
    const community = places.find((p) => p.level === 'community')!;
    const name = `测试志愿者${Date.now().toString(36).slice(-4)}`;

    // 1. the township officer registers the volunteer (pending; they cannot vet)
    const officer = await openPage(browser, baseUrl);
    let volunteerId: string;
    try {
      await signIn(officer.page, baseUrl, 'officer.wangjiang', password, '/volunteers');
      await officer.page.getByTestId('volunteer-new').click();
      const dialog = officer.page.getByRole('dialog');
      await dialog.getByTestId('volunteer-name').fill(name);
      await dialog.getByTestId('volunteer-place').click();
      await officer.page.keyboard.type(community.name);
      await pickOption(officer.page, community.name);
      await dialog.getByTestId('volunteer-phone').fill('13900001234');
      await dialog.getByTestId('volunteer-skills').click();
      await pickOption(officer.page, '物资保障');
      await officer.page.keyboard.press('Escape');
      await dialog.getByTestId('volunteer-submit').click();
      await waitUntilSaved(dialog);
      await officer.page.waitForURL(/\/volunteers\/[0-9a-f-]{36}$/);
      volunteerId = officer.page.url().split('/').pop()!;
      await expect.poll(() => officer.page.getByTestId('volunteer-status').innerText(), { timeout: 20_000 }).toBe('待审核');
      // the officer holds no volunteers.personal: the phone shows as stars only
      expect(await officer.page.getByTestId('volunteer-phone-value').innerText()).toBe('***********');
      expect(await officer.page.getByTestId('volunteer-approve').count()).toBe(0);
      expect(officer.pageErrors).toEqual([]);
    } finally {
      await officer.context.close();
    }

    // 2. the coordinator vets them (another person) and assigns them to a new task
    const coordinator = await openPage(browser, baseUrl);
    try {
      await signIn(coordinator.page, baseUrl, 'coordinator', password, `/volunteers/${volunteerId}`);
      await expect.poll(() => coordinator.page.getByTestId('volunteer-phone-value').innerText(), { timeout: 20_000 }).toBe('139****1234');
      await coordinator.page.getByTestId('volunteer-approve').click();
      await expect.poll(() => coordinator.page.getByTestId('volunteer-status').innerText(), { timeout: 20_000 }).toBe('已通过');
      await coordinator.page.getByTestId('volunteer-assign').click();
      const dialog = coordinator.page.getByRole('dialog');
      await dialog.getByTestId('assign-title').fill('为居家隔离户配送生活物资（演练）');
      await dialog.getByTestId('assign-duty').fill('配送2户');
      await dialog.getByTestId('assign-contact').fill('3栋2单元501');
      await dialog.getByTestId('assign-submit').click();
      await waitUntilSaved(dialog);
      await expect.poll(() => coordinator.page.getByTestId('assignment-status').first().innerText(), { timeout: 20_000 }).toBe('待签到');
      expect(coordinator.pageErrors).toEqual([]);
    } finally {
      await coordinator.context.close();
    }

    // 3. on a phone: check in, check out, and log hours by hand
    const phone = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(phone.page, baseUrl, 'coordinator', password, `/volunteers/${volunteerId}`);
      await phone.page.getByTestId('assignment-check-in').click();
      await expect.poll(() => phone.page.getByTestId('assignment-status').first().innerText(), { timeout: 20_000 }).toBe('服务中');
      await phone.page.getByTestId('assignment-check-out').click();
      await expect.poll(() => phone.page.getByTestId('assignment-status').first().innerText(), { timeout: 20_000 }).toBe('已完成');
      await phone.page.locator('input[data-testid="hours-value"], [data-testid="hours-value"] input').first().fill('2.5');
      await phone.page.getByTestId('hours-activity').fill('社区卡口值守');
      await phone.page.getByTestId('hours-submit').click();
      await expect.poll(() => phone.page.getByTestId('volunteer-hours').innerText(), { timeout: 20_000 }).toContain('社区卡口值守');
      const width = await phone.page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
      expect(phone.pageErrors).toEqual([]);
    } finally {
      await phone.context.close();
    }

    const coordinatorApi = new ApiSession(baseUrl);
    await coordinatorApi.signIn('coordinator', password);
    const detail = await coordinatorApi.request<VolunteerDetail>('GET', `/api/volunteers/${volunteerId}`);
    expect(detail.vettingStatus).toBe('approved');
    expect(detail.assignments[0]!.status).toBe('completed');
    const { task } = await coordinatorApi.request<{ task: { title: string; status: string } }>(
      'GET',
      `/api/tasks/${detail.assignments[0]!.task.id}`,
    );
    expect(task.title).toBe('为居家隔离户配送生活物资（演练）');
    expect(detail.hours.map((h) => h.source).sort()).toEqual(['check_out', 'manual']);
    expect(detail.hours.find((h) => h.source === 'manual')).toMatchObject({ minutes: 150, activity: '社区卡口值守' });
  });

  it('the training officer sees an expiring PPE certificate and takes attendance of the refresher on a phone', async () => {
    const desk = await openPage(browser, baseUrl);
    try {
      await signIn(desk.page, baseUrl, 'trainer', password, '/training');
      await desk.page.getByTestId('readiness-course').click();
      await desk.page.keyboard.type('个人防护');
      await pickOption(desk.page, '个人防护用品穿脱');
      await expect.poll(() => desk.page.getByTestId('readiness-people').innerText(), { timeout: 20_000 }).toContain('即将到期');
      expect(await desk.page.getByTestId('readiness-totals').innerText()).toMatch(/即将到期\s*[1-9]/);
      expect(desk.pageErrors).toEqual([]);
    } finally {
      await desk.context.close();
    }

    const trainerApi = new ApiSession(baseUrl);
    await trainerApi.signIn('trainer', password);
    const planned = (await trainerApi.request<{ items: { id: string; status: string }[] }>('GET', '/api/training/sessions?status=planned'))
      .items;
    const sessionId = planned[0]!.id;
    const phone = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(phone.page, baseUrl, 'trainer', password, `/training/sessions/${sessionId}`);
      const rows = phone.page.getByTestId('attendance-row');
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBeGreaterThan(1);
      await rows.nth(0).getByTestId('attendance-present').click();
      await rows.nth(1).getByTestId('attendance-excused').click();
      await phone.page.getByTestId('attendance-save').click();
      await expect
        .poll(async () => (await trainerApi.request<{ present: number }>('GET', `/api/training/sessions/${sessionId}`)).present, {
          timeout: 20_000,
        })
        .toBe(1);
      expect(phone.pageErrors).toEqual([]);
    } finally {
      await phone.context.close();
    }
  });
});

/**
 * Bed occupancy in Chromium against the real demo server: the hospital reporter sees its hospital among those
 * not reported today, is stopped by the form when more beds are occupied than registered, reports today's
 * figures, and the page's totals and the not-reported list follow; the reporter gets no form for another facility.
 */
import type { Browser } from 'playwright-core';
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

interface Overview {
  facilities: { id: string; name: string; capacity: { beds: number; icuBeds: number; isolationRooms: number } }[];
  totals: { reportedOnDate: number; facilities: number };
  notReported: { name: string }[];
  reportable: string[];
}

describe('bed occupancy', () => {
  it("the hospital reporter reports today's beds; the page's totals and not-reported list follow", async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('reporter', password);
    const before = await api.request<Overview>('GET', '/api/occupancy');
    expect(before.reportable).toHaveLength(1);
    const own = before.facilities.find((f) => f.id === before.reportable[0])!;
    expect(before.notReported.map((f) => f.name)).toContain(own.name);

    const reporter = await openPage(browser, baseUrl);
    try {
      const { page } = reporter;
      await signIn(page, baseUrl, 'reporter', password, '/occupancy');
      const form = page.getByTestId('occupancy-form');
      await form.waitFor();
      expect(await page.getByTestId('occupancy-form').count()).toBe(1);
      await form.getByLabel('占用 床位').fill(String(own.capacity.beds + 5));
      await form.getByLabel('占用 重症床位').fill('1');
      await form.getByLabel('占用 隔离病房').fill('2');
      await form.getByRole('button', { name: /^保\s*存$/ }).click();
      // above the registered capacity without the flag: the form refuses before sending
      await form.getByText('占用数超过登记数时须勾选并说明原因').first().waitFor();
      await form.getByLabel('占用 床位').fill(String(Math.max(0, own.capacity.beds - 3)));
      await form.getByRole('button', { name: /^保\s*存$/ }).click();
      await page
        .getByTestId('occupancy-not-reported')
        .getByText(`今日已填报 ${before.totals.reportedOnDate + 1}/${before.totals.facilities}`)
        .or(
          page
            .getByTestId('occupancy-not-reported')
            .getByText(`当日已填报 ${before.totals.reportedOnDate + 1}/${before.totals.facilities} 家机构`),
        )
        .waitFor();
      const after = await api.request<Overview>('GET', '/api/occupancy');
      expect(after.notReported.map((f) => f.name)).not.toContain(own.name);
      expect(after.totals.reportedOnDate).toBe(before.totals.reportedOnDate + 1);
      expect(reporter.pageErrors).toEqual([]);
    } finally {
      await reporter.context.close();
    }
  });
});

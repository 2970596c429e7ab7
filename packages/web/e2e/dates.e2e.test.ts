/**
 * Dates in the district's time whatever the browser's zone (issue 12, item 11): a browser in New York (13 hours
 * behind the district in December) sees a meeting held at 09:20 district time as `2026-12-07 09:20` — in the list,
 * on the meeting's page, in the edit form's picker, and in English — and a time typed in the picker is stored as
 * district time.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session.ts';
import { launchBrowser, openPage, signIn, waitUntilSaved } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

interface Meeting {
  id: string;
  heldAt: string;
}

describe('dates in district time', () => {
  it('shows and takes district time in a browser in New York', async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('commander', password);
    const { items: places } = await api.request<{ items: { id: string; level: string }[] }>('GET', '/api/jurisdictions');
    const district = places.find((p) => p.level === 'district')!;
    const title = `时区核对会议 ${Date.now().toString(36)}`;
    const created = await api.request<Meeting>('POST', '/api/meetings', {
      title,
      heldAt: '2026-12-07T09:20:00+08:00',
      jurisdictionId: district.id,
      status: 'held',
    });

    const { page, context, pageErrors, outsideRequests } = await openPage(browser, baseUrl, { timezoneId: 'America/New_York' });
    try {
      // the premise: this browser's clock is New York's, where 09:20 in the district is 20:20 the day before
      expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe('America/New_York');
      expect(await page.evaluate(() => new Date('2026-12-07T09:20:00+08:00').getHours())).toBe(20);

      await signIn(page, baseUrl, 'commander', password, '/meetings?kind=standing');
      const row = page.getByRole('row', { name: new RegExp(title) });
      expect(await row.getByRole('cell').first().innerText()).toBe('2026-12-07 09:20');

      await row.getByRole('link', { name: title }).click();
      await page.waitForURL(`**/meetings/${created.id}`);
      await page.getByText(/^2026-12-07 09:20 · /).waitFor();

      // The edit form's picker shows the district's clock, and a time typed there is district time.
      await page.getByRole('button', { name: /编辑会议/ }).click();
      const drawer = page.getByRole('dialog');
      const picker = drawer.getByLabel('会议时间');
      expect(await picker.inputValue()).toBe('2026-12-07 09:20');
      await picker.click();
      await picker.fill('2026-12-07 10:45');
      await page.locator('.ant-picker-dropdown:visible .ant-picker-ok button').click();
      await drawer.getByRole('button', { name: /^保\s*存$/ }).click();
      await waitUntilSaved(drawer);
      const stored = await api.request<Meeting>('GET', `/api/meetings/${created.id}`);
      expect(new Date(stored.heldAt).toISOString()).toBe('2026-12-07T02:45:00.000Z');
      await page.getByText(/^2026-12-07 10:45 · /).waitFor();

      // English writes the same date and time (not 12/7/26, not in New York's time).
      await page.getByText('English', { exact: true }).click();
      await page.getByText(/^2026-12-07 10:45 · /).waitFor();
      await page.getByRole('button', { name: /Edit meeting/ }).click();
      expect(await page.getByRole('dialog').getByLabel('Date and time').inputValue()).toBe('2026-12-07 10:45');

      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});

/**
 * The indicators page's reporting completeness, stock-out days and contact-tracing KPIs (issue 18, item 2), in
 * Chromium against the real server seeded with District J, on a desktop and at phone width: the figures shown
 * are the API's for the same period (the last 365 district days), the records open, and at phone width the page
 * does not scroll sideways.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session.ts';
import { PHONE_VIEWPORT, launchBrowser, openPage, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const districtDay = (offsetDays = 0) => new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const pct = (x: number | null) => (x === null ? '数据不全' : `${Math.round(x * 1000) / 10}%`);

interface Figures {
  reportingTimeliness: { completeness: { share: number | null } };
  stockOut: { stockOutDays: number; share: number | null; records: unknown[] };
  contactTracing: { tracedWithin24hShare: number | null; followUp: { share: number | null }; records: { contacts: unknown[] } };
}

describe('stock-out days and tracing KPIs on the indicators page', () => {
  for (const viewport of [
    { name: 'desktop', size: { width: 1280, height: 900 } },
    { name: 'phone', size: PHONE_VIEWPORT },
  ]) {
    it(`shows the API's figures and their records (${viewport.name})`, async () => {
      const api = new ApiSession(baseUrl);
      await api.signIn('epidemiologist', password);
      const figures = await api.request<Figures>('GET', `/api/assessment/indicators?from=${districtDay(-365)}&to=${districtDay()}`);

      const { page, pageErrors, outsideRequests } = await openPage(browser, baseUrl, { viewport: viewport.size });
      try {
        await signIn(page, baseUrl, 'epidemiologist', password, '/assessment/indicators');
        const value = async (testId: string) =>
          (await page.getByTestId(testId).locator('.ant-statistic-content').innerText()).replace(/,/g, '');
        await page.getByTestId('indicator-stock-out').waitFor();
        await expect.poll(() => value('stock-out-days')).toBe(String(figures.stockOut.stockOutDays));
        await expect.poll(() => value('traced-24h')).toBe(pct(figures.contactTracing.tracedWithin24hShare));
        await expect.poll(() => value('followed-up-daily')).toBe(pct(figures.contactTracing.followUp.share));
        await expect.poll(() => value('completeness-share')).toBe(pct(figures.reportingTimeliness.completeness.share));

        // the contacts behind the figures open, by code only
        if (figures.contactTracing.records.contacts.length > 0) {
          await page.getByTestId('indicator-tracing').getByText('密接记录').click();
          await page.getByTestId('indicator-tracing').locator('a[href^="/contacts/"]').first().waitFor();
        }
        if (figures.stockOut.records.length > 0) {
          await page.getByTestId('indicator-stock-out').getByText('查看记录').click();
          await page.getByTestId('indicator-stock-out').locator('a[href^="/stock?facilityId="]').first().waitFor();
        }
        if (viewport.name === 'phone') {
          await page.evaluate(() => window.scrollTo(0, 0));
          const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
          expect(width).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
        }
        expect(pageErrors).toEqual([]);
        expect(outsideRequests).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
  }
});

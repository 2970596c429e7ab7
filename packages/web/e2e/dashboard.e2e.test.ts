/**
 * The surveillance dashboard in real Chromium against the demo district (five years of history with recent
 * outbreaks): an epidemiologist sees the epidemic curve by onset date, switches to report date (the choice shows
 * in the panel and the answer), switches the township map between incidence and open alerts, and sees the
 * timeliness table; the registry overview stays one tab away. A township officer's map holds only their
 * township; English works too.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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

interface Curve {
  basis: string;
  points: Array<{ count: number; alarm: boolean }>;
}

describe('surveillance dashboard', () => {
  it('shows curves by onset or report date, the township map by incidence or alerts, and timeliness', async () => {
    // The API over the demo history: the recent HFMD cluster is on the weekly curve.
    const api = new ApiSession(baseUrl);
    await api.signIn('epidemiologist', password);
    const diseases = await api.request<{ items: Array<{ id: string; code: string; cases: number }> }>('GET', '/api/dashboard/diseases');
    const hfmd = diseases.items.find((d) => d.code === 'hfmd')!;
    expect(hfmd.cases).toBeGreaterThan(20);
    const curve = await api.request<Curve>('GET', `/api/dashboard/curve?diseaseId=${hfmd.id}&basis=onset&interval=week`);
    expect(curve.basis).toBe('onset');
    expect(curve.points.reduce((s, p) => s + p.count, 0)).toBeGreaterThan(100);

    const { context, page, outsideRequests, pageErrors } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'epidemiologist', password);
      await page.getByRole('heading', { name: '态势总览' }).waitFor();
      await page.getByRole('tab', { name: '监测预警' }).waitFor();
      const panel = page.getByTestId('surveillance-panel');
      const curveBox = panel.getByTestId('epidemic-curve');
      await curveBox.waitFor();
      expect(await curveBox.getAttribute('data-basis')).toBe('onset');
      expect(Number(await curveBox.getAttribute('data-points'))).toBeGreaterThan(40);
      await curveBox.locator('canvas').first().waitFor();
      expect(await panel.getByTestId('curve-subtitle').innerText()).toContain('按发病日期');

      // Pick HFMD, then switch to the report date: the panel says so and the server's answer repeats it.
      await panel.getByTestId('disease-picker').click();
      await page.keyboard.type('手足口');
      await pickOption(page, '手足口病');
      await expect.poll(() => panel.getByTestId('curve-subtitle').innerText(), { timeout: 30_000 }).toContain('手足口病');
      await panel.getByTestId('basis-toggle').getByText('按报告日期').click();
      await expect.poll(() => curveBox.getAttribute('data-basis'), { timeout: 30_000 }).toBe('report');
      expect(await panel.getByTestId('curve-subtitle').innerText()).toContain('按报告日期');

      // The township map: incidence, then open alerts (legend follows).
      const choropleth = panel.getByTestId('township-choropleth');
      await choropleth.getByTestId('district-map').locator('canvas').waitFor();
      await expect.poll(() => choropleth.getByTestId('map-legend').innerText()).toContain('发病率（/10万）');
      await panel.getByTestId('map-measure').getByText('未结预警').click();
      await expect.poll(() => choropleth.getAttribute('data-measure')).toBe('alerts');
      await expect
        .poll(() =>
          choropleth
            .getByTestId('map-legend')
            .innerText()
            .catch(() => ''),
        )
        .toMatch(/未结预警数|河流/);
      expect(await panel.getByTestId('township-figures').locator('.ant-table-row').count()).toBeGreaterThan(10);

      // Timeliness by facility: rows with report counts.
      const timeliness = panel.getByTestId('timeliness-table');
      await timeliness.locator('.ant-table-row').first().waitFor();
      expect(await timeliness.locator('.ant-table-row').count()).toBeGreaterThan(3);

      // The registry overview is one tab away, with its map; the tab sticks in the URL. Then back, and a language
      // switch (a re-render of everything). The tab shown and the URL must agree at every moment: a sampler in the
      // page records each moment they do not. (The tabs used to lag behind the URL while the router's transition
      // was pending: a click back to the surveillance tab in that time was lost, the URL kept ?tab=registry, and
      // the language switch brought the registry back.)
      await page.evaluate(() => {
        const w = window as unknown as { tabDisagreements: string[] };
        w.tabDisagreements = [];
        const check = () => {
          const shown = document.querySelector('.ant-tabs-tab-active')?.textContent ?? '';
          const inUrl = new URLSearchParams(location.search).get('tab');
          if ((inUrl === 'registry') !== (shown === '基础信息与资源' || shown === 'Registry and resources'))
            w.tabDisagreements.push(`${shown} / ${location.search}`);
        };
        setInterval(check, 5);
        const replace = history.replaceState.bind(history);
        history.replaceState = (...args: Parameters<History['replaceState']>) => {
          replace(...args);
          setTimeout(check, 0);
        };
      });
      const tabInUrl = () => new URL(page.url()).searchParams.get('tab');
      const activeTab = () => page.locator('.ant-tabs-tab-active').innerText();
      await page.getByRole('tab', { name: '基础信息与资源' }).click();
      await page.waitForURL(/tab=registry/);
      await page.getByTestId('district-map').locator('canvas').waitFor();
      await page.getByTestId('figure-population').waitFor();

      await page.getByRole('tab', { name: '监测预警' }).click();
      await expect.poll(tabInUrl, { timeout: 20_000 }).toBeNull();
      await expect.poll(activeTab, { timeout: 20_000 }).toBe('监测预警');
      await page.getByTestId('curve-subtitle').waitFor();

      // English, on the same page.
      await page.getByText('English', { exact: true }).click();
      await page.getByRole('tab', { name: 'Surveillance' }).waitFor();
      await expect.poll(() => page.getByTestId('curve-subtitle').innerText()).toMatch(/By (onset|report) date/);
      // a moment for a late update to land: the tab and the URL still agree
      await page.waitForTimeout(1000);
      expect(await activeTab()).toBe('Surveillance');
      expect(tabInUrl()).toBeNull();
      expect(await panel.isVisible()).toBe(true);
      expect(await page.evaluate(() => (window as unknown as { tabDisagreements: string[] }).tabDisagreements)).toEqual([]);

      expect(outsideRequests).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("gives a township officer only their township's figures", async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('officer.baisha', password);
    const map = await api.request<{ items: Array<{ id: string; incidencePer100k: number | null }> }>('GET', '/api/dashboard/townships');
    expect(map.items).toHaveLength(1);
    const { context, page, pageErrors } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'officer.baisha', password);
      // a map of one township goes down to its communities (issue 12 item 10): their table, not the townships'
      const figures = page.getByTestId('community-figures');
      await figures.locator('.ant-table-row').first().waitFor();
      expect(await figures.locator('.ant-table-row').count()).toBeGreaterThan(1);
      expect(await page.getByTestId('township-figures').count()).toBe(0);
      const baisha = (await api.request<{ items: Array<{ name: string; level: string }> }>('GET', '/api/jurisdictions')).items.filter(
        (j) => j.level === 'community',
      );
      const shown = await figures.locator('.ant-table-row').allInnerTexts();
      // every community listed is one of Baisha's (the officer's scope holds no other)
      for (const row of shown) expect(baisha.some((c) => row.includes(c.name))).toBe(true);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

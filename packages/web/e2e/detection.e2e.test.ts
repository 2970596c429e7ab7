/**
 * Detection in Chromium against the real server seeded with the demo (whose detection run leaves signals): the
 * signals list, a signal's explanation, the settings with their run history (and the ILI share watched as a
 * share), and a back-test comparing two percentiles.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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

describe('detection', () => {
  it('lists the demo signals, explains one, shows the settings and runs, and back-tests two percentiles', async () => {
    const { context, page, pageErrors, outsideRequests } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'epidemiologist', password, '/signals');
      await page.getByRole('heading', { name: '预警信号' }).waitFor();
      const firstSignal = page.locator('.ant-table-row').first().locator('a').first();
      await firstSignal.waitFor();
      await firstSignal.click();
      // The explanation: one sentence with observed and threshold (or the cluster statistics), and the alert link.
      const why = page.getByTestId('signal-why');
      await why.waitFor();
      expect(await why.textContent()).toMatch(/观察|聚集/);
      await page.getByRole('img').first().waitFor();
      await page.getByRole('button', { name: /查看预警/ }).waitFor();

      // A space-time cluster of the demo's scan: its townships shaded on the map, the legend naming the classes.
      await page.goto(`${baseUrl}/signals?kind=cluster`);
      const clusterSignal = page.locator('.ant-table-row').first().locator('a').first();
      await clusterSignal.waitFor();
      await clusterSignal.click();
      const legend = page.getByTestId('map-legend');
      await legend.waitFor();
      expect(await legend.textContent()).toContain('聚集内的乡镇（街道）');
      expect(await legend.textContent()).toContain('其他乡镇（街道）');

      await page.goto(`${baseUrl}/detection/settings`);
      await page.getByRole('heading', { name: '预警方法设置' }).waitFor();
      await page.getByText('移动百分位数法').first().waitFor();
      // The demo's run is in the history, with the attempt column of scheduled retries.
      await page.getByText('演示').first().waitFor();
      await page.getByRole('columnheader', { name: '尝试' }).waitFor();
      // The ILI share (a proportion feed, EARS C3 by default) is watched as a share, and the settings say so.
      await page.getByRole('combobox', { name: '方法' }).click();
      await pickOption(page, 'EARS C3 法');
      const share = page.getByTestId('monitored-share');
      await share.first().waitFor();
      expect(await share.count()).toBeGreaterThanOrEqual(2); // township and district level
      expect(await share.first().textContent()).toBe('占比（%）');

      await page.goto(`${baseUrl}/detection/backtest`);
      await page.getByRole('heading', { name: '预警回测' }).waitFor();
      await page.locator('.ant-form-item', { hasText: '病种或监测项目' }).locator('.ant-select').click();
      await page.keyboard.type('手足口');
      await pickOption(page, '手足口病');
      await page.getByRole('switch', { name: '对比第二组参数' }).click();
      await page.getByRole('button', { name: /运行回测/ }).click();
      await page.getByText('每年预警次数').first().waitFor({ timeout: 60_000 });
      const counts = await page
        .locator('.ant-statistic', { hasText: '预警次数' })
        .locator('.ant-statistic-content-value')
        .allTextContents();
      expect(counts).toHaveLength(2);
      // P90 (set B) never alarms more often than P80 (set A).
      expect(Number(counts[1])).toBeLessThanOrEqual(Number(counts[0]));
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: '/tmp/detection-e2e-failure.png' }).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
});

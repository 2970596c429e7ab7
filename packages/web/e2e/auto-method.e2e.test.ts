/**
 * Our own detection method `auto` (docs/auto-method.md) in the detection settings, in Chromium against the real
 * server: an epidemiologist picks it for one township, sees what it does and its parameters in words (Chinese first,
 * then English), changes its limit, saves, and the list shows the setting under the method's name.
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

describe('auto detection method', () => {
  it('is selectable in the detection settings, explained in both languages, and saved with its parameters', async () => {
    const { context, page, pageErrors, outsideRequests } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'epidemiologist', password, '/detection/settings');
      await page.getByRole('heading', { name: '预警方法设置' }).waitFor();
      await page.getByRole('button', { name: /新增设置/ }).click();
      const modal = page.locator('.ant-modal', { hasText: '新增预警方法设置' });
      await modal.waitFor();

      // fourteen methods: the list is searchable
      await modal.getByRole('combobox', { name: '方法' }).click();
      await page.keyboard.type('稳健');
      await pickOption(page, '稳健季节基线累积和法（本平台）');
      await modal.locator('.ant-select').filter({ hasText: '稳健季节基线累积和法（本平台）' }).waitFor();
      // What it does, and its parameters by name.
      await modal.getByText(/累计近 3 个时间点的标准化超额/).waitFor();
      for (const label of ['往年数', '累积点数', '决策界值 h', '当期最小超额', '季节谐波数', '星期效应']) {
        await modal.locator('[data-param]', { hasText: label }).first().waitFor();
      }
      const limit = modal.getByRole('spinbutton', { name: '决策界值 h' });
      expect(await limit.inputValue()).toBe('1.54');
      await limit.fill('1.3');

      await modal.getByRole('combobox', { name: '病种或监测项目' }).click();
      await page.keyboard.type('手足口');
      await pickOption(page, '手足口病');
      await modal.locator('.ant-select').filter({ hasText: '手足口病' }).waitFor();
      await modal.getByRole('combobox', { name: '地区' }).click();
      await page.keyboard.type('白沙镇');
      await pickOption(page, '白沙镇');
      await modal.locator('.ant-select').filter({ hasText: '白沙镇' }).waitFor();
      // one township: its own series, the "whole area" level
      await modal.getByText('全区', { exact: true }).click();
      await modal.getByRole('button', { name: /^保\s*存$/ }).click();
      await modal.waitFor({ state: 'hidden' });

      // the list, filtered to the method
      await page.getByRole('combobox', { name: '方法' }).click();
      await pickOption(page, '稳健季节基线累积和法（本平台）');
      const row = page.locator('.ant-table-row', { hasText: '稳健季节基线累积和法（本平台）' }).first();
      await row.waitFor();
      expect(await row.innerText()).toContain('手足口病');

      // English: the same setting under the method's English name, its parameters in English in the form.
      await page.getByText('English', { exact: true }).click();
      await page.getByRole('heading', { name: 'Detection settings' }).waitFor();
      const rowEn = page.locator('.ant-table-row', { hasText: 'Robust seasonal baseline + CUSUM (ours)' }).first();
      await rowEn.waitFor();
      await rowEn.getByRole('button', { name: /Edit/ }).click();
      const edit = page.locator('.ant-modal', { hasText: 'Change detection setting' });
      await edit.waitFor();
      await edit.locator('[data-param]', { hasText: 'Points accumulated' }).first().waitFor();
      expect(await edit.getByRole('spinbutton', { name: 'Decision limit h' }).inputValue()).toBe('1.3');
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } catch (err) {
      await page.screenshot({ path: '/tmp/auto-method-e2e-failure.png' }).catch(() => {});
      throw err;
    } finally {
      await context.close();
    }
  });
});

/**
 * The back-test of the detection methods in use on the assessment's detection page (issue 18, item 6), in Chromium
 * against the real server seeded with District J, on a desktop and at phone width: the per-disease table shows the
 * API's figures for HFMD (the setting in use replayed over two years against the district's recorded outbreaks,
 * among them the demo's past outbreaks), the row opens the comparison with a stricter and a looser threshold and
 * the other methods, the outbreak records behind POD and the false-alarm weeks behind FPR; at phone width the page
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

const pct = (x: number | null) => (x === null ? '无可统计' : `${Math.round(x * 1000) / 10}%`);

interface Variant {
  kind: string;
  method: string;
  pod: number | null;
  detected: number;
  events: number;
  fpr: number | null;
  falseAlarmWeeks: number;
  quietWeeks: number;
  falseAlarms: unknown[];
}
interface Backtest {
  diseases: Array<{ name: string; variants: Variant[]; events: Array<{ title: string | null }> }>;
}

describe('the back-test of the methods in use on the detection page', () => {
  for (const viewport of [
    { name: 'desktop', size: { width: 1280, height: 900 } },
    { name: 'phone', size: PHONE_VIEWPORT },
  ]) {
    it(`shows the API's figures per disease with their records (${viewport.name})`, { timeout: 240_000 }, async () => {
      const api = new ApiSession(baseUrl);
      await api.signIn('epidemiologist', password);
      const settings = await api.request<{ diseases: Array<{ diseaseId: string; name: string }> }>(
        'GET',
        '/api/assessment/detection-backtest/settings',
      );
      const hfmd = settings.diseases.find((d) => d.name === '手足口病')!;
      expect(hfmd).toBeTruthy();
      const result = await api.request<Backtest>('GET', `/api/assessment/detection-backtest?years=2&diseaseId=${hfmd.diseaseId}`);
      const row = result.diseases[0]!;
      const inUse = row.variants.find((v) => v.kind === 'in_use')!;
      // the demo's recorded outbreaks of HFMD: the incident of now and the past ones of the case history
      expect(row.events.length).toBeGreaterThanOrEqual(4);
      expect(row.events.map((e) => e.title)).toContain('幼儿园手足口病聚集');
      expect(inUse.events).toBeGreaterThanOrEqual(4);
      expect(inUse.detected).toBeGreaterThan(0);
      expect(row.variants.map((v) => v.kind)).toEqual(expect.arrayContaining(['in_use', 'stricter', 'looser', 'alternative']));

      const { page, pageErrors, outsideRequests } = await openPage(browser, baseUrl, { viewport: viewport.size });
      try {
        await signIn(page, baseUrl, 'epidemiologist', password, '/assessment/detection');
        const section = page.getByTestId('backtest-section');
        await section.getByText('回溯测试：在用预警方法的检出效能').waitFor();
        const tableRow = section.getByTestId('backtest-table').locator('tr.ant-table-row', { hasText: '手足口病' });
        await expect
          .poll(() => tableRow.getByTestId('backtest-pod').innerText(), { timeout: 180_000 })
          .toBe(`${pct(inUse.pod)} (${inUse.detected} / 共 ${inUse.events})`);
        expect(await tableRow.getByTestId('backtest-fpr').innerText()).toBe(
          `${pct(inUse.fpr)} (${inUse.falseAlarmWeeks} / 共 ${inUse.quietWeeks})`,
        );
        await expect
          .poll(() => section.getByTestId('backtest-progress').innerText(), { timeout: 180_000 })
          .toMatch(/已完成 (\d+) \/ \1 个病种/);

        await tableRow.locator('.ant-table-row-expand-icon').click();
        const detail = section.getByTestId('backtest-detail');
        await detail.getByTestId('backtest-variants').getByText('更严').waitFor();
        await detail.getByTestId('backtest-variants').getByText('更宽').waitFor();
        await detail.getByTestId('backtest-variants').getByText('其他方法').first().waitFor();
        await detail.getByText(`本区记录的暴发（${row.events.length}）`).click();
        await detail.getByTestId('backtest-events').getByText('幼儿园手足口病聚集').waitFor();
        expect(await detail.getByTestId('backtest-events').locator('.ant-tag-success').count()).toBe(inUse.detected);
        await detail.getByText(`在用设置的误报周（${inUse.falseAlarms.length}）`).click();
        if (inUse.falseAlarms.length > 0) {
          await detail.getByTestId('backtest-false-alarms').locator('tr.ant-table-row').first().waitFor();
        }

        if (viewport.name === 'phone') {
          const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
          expect(width, 'the detection page scrolls sideways').toBeLessThanOrEqual(PHONE_VIEWPORT.width);
        }
        expect(pageErrors).toEqual([]);
        expect(outsideRequests).toEqual([]);
      } finally {
        await page.context().close();
      }
    });
  }
});

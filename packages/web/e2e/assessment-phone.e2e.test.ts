/**
 * The assessment pages at phone width (390 × 844), in Chromium against the real server seeded with District J:
 * the epidemiologist opens the 7-1-7 table and the demo incident's 7-1-7, searches the lessons library by a
 * Chinese keyword, opens the demo after-action review and links an action to the plan version it changed, opens
 * the two years of self-assessment (history, radar, the latest year's capacities with last year's level beside
 * each indicator) and the detection performance. No page scrolls sideways (tables scroll inside their box) and
 * the page title is not covered.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session.ts';
import { PHONE_VIEWPORT, launchBrowser, openPage, pickOption, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The page does not scroll sideways and its title is not covered (measured at the top, once things are still). */
async function expectFits(page: Page, where: string) {
  await page.evaluate(() => window.scrollTo(0, 0));
  await expect
    .poll(
      () =>
        page.evaluate(() => {
          const heading = document.querySelector('.oc-content h3, .oc-content h4');
          let uncovered = false;
          if (heading) {
            const rect = heading.getBoundingClientRect();
            const hit = document.elementFromPoint(rect.left + Math.min(rect.width / 2, 40), rect.top + rect.height / 2);
            uncovered = hit !== null && heading.contains(hit);
          }
          return { width: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth), uncovered };
        }),
      { message: `${where}: overflows sideways or its title is covered` },
    )
    .toEqual({ width: expect.any(Number), uncovered: true });
  const width = await page.evaluate(() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth));
  expect(width, `${where}: horizontal overflow`).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
}

describe('assessment at phone width (390 × 844)', () => {
  it('7-1-7, lessons, a review with its plan link, two years of self-assessment and detection performance fit a phone', async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('epidemiologist', password);
    const incidents = await api.request<{ items: Array<{ id: string; title: string }> }>('GET', '/api/incidents?page=1&pageSize=50');
    const incident = incidents.items.find((i) => i.title === '望江街道手足口病聚集性疫情')!;
    expect(incident).toBeTruthy();
    const reviews = await api.request<{
      items: Array<{ id: string; title: string; actions: Array<{ id: string; planVersion: unknown }> }>;
    }>('GET', '/api/assessment/reviews');
    const review = reviews.items.find((r) => r.title.includes('桌面推演'))!;
    expect(review).toBeTruthy();
    const rounds = await api.request<{ items: Array<{ id: string; year: number; status: string; overall: number | null }> }>(
      'GET',
      '/api/assessment/spar',
    );
    expect(rounds.items.filter((r) => r.status === 'approved').length).toBeGreaterThanOrEqual(2);
    const latest = rounds.items[0]!;

    const { page, pageErrors, outsideRequests } = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(page, baseUrl, 'epidemiologist', password, '/assessment');
      await page.getByTestId('assessment-events').waitFor();
      await expectFits(page, '/assessment');

      await page.goto(`${baseUrl}/assessment/717/incident/${incident.id}`);
      await page.getByTestId('interval-detection').waitFor();
      await page.getByTestId('bottleneck-tag').first().waitFor();
      await expectFits(page, '7-1-7 of the demo incident');

      await page.goto(`${baseUrl}/assessment/lessons`);
      await page.getByTestId('lessons-search').locator('input').fill('晨午检');
      await page.getByTestId('lessons-search').locator('input').press('Enter');
      await page.getByTestId('lessons-list').getByText('托幼机构晨午检与因病缺勤追踪').waitFor();
      await expectFits(page, '/assessment/lessons');

      // The review's second action (not yet linked) is linked to the plan version in force, from the phone.
      await page.goto(`${baseUrl}/assessment/reviews/${review.id}`);
      const actions = page.getByTestId('review-actions');
      await actions.getByText('修订学校聚集性疫情处置流程').waitFor();
      await expectFits(page, 'the demo review');
      const unlinked = review.actions.findIndex((a) => a.planVersion === null);
      expect(unlinked).toBeGreaterThanOrEqual(0);
      await actions.getByTestId('plan-link-edit').nth(unlinked).click();
      await page.getByTestId('plan-link-select').waitFor();
      await pickOption(page, '第');
      await expect
        .poll(async () => {
          const again = await api.request<{ actions: Array<{ id: string; planVersion: unknown }> }>(
            'GET',
            `/api/assessment/reviews/${review.id}`,
          );
          return again.actions[unlinked]!.planVersion !== null;
        })
        .toBe(true);

      await page.goto(`${baseUrl}/assessment/spar`);
      await page.getByTestId('spar-rounds').getByText(String(latest.year)).first().waitFor();
      await page.getByTestId('spar-radar').locator('canvas').waitFor();
      await expectFits(page, '/assessment/spar');

      await page.goto(`${baseUrl}/assessment/spar/${latest.id}`);
      await page.getByTestId('spar-status').getByText('已审批').waitFor();
      await page.getByTestId('spar-overall').getByText(`${latest.overall}%`).waitFor();
      await page
        .getByTestId('spar-indicator-C7.3')
        .getByText(`${latest.year - 1} 年：2 级`)
        .waitFor();
      await page.getByTestId('spar-actions').getByText('将学校场景消毒物资纳入区级应急物资储备目录').waitFor();
      await expectFits(page, 'the latest self-assessment');

      await page.goto(`${baseUrl}/assessment/detection`);
      await page.getByTestId('detection-table').locator('.ant-table-row, .ant-empty').first().waitFor();
      await expectFits(page, '/assessment/detection');

      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

/**
 * The landing page of those who command the response (issue 12, item 12): the commander's dashboard shows the
 * current response — the demo incident with its level III, its overdue task (a link to it) — in Chinese only, and
 * the district map's labels do not cover each other (the port's name gives way to 龙门街道's), in both languages.
 */
import type { Browser, Page } from 'playwright-core';
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

/** A Chinese text followed by " / " and an English one: the demo's bilingual form, never to be shown whole. */
const BOTH_LANGUAGES = /[\u4e00-\u9fff].* \/ [A-Z][a-z]/;

interface LabelBox {
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The map's visible HTML labels with their boxes on screen. */
function visibleLabels(page: Page): Promise<LabelBox[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('[data-testid="district-map"] .oc-map-label')]
      .filter((element) => getComputedStyle(element).visibility !== 'hidden')
      .map((element) => {
        const box = element.getBoundingClientRect();
        return { text: element.textContent ?? '', left: box.left, top: box.top, right: box.right, bottom: box.bottom };
      }),
  );
}

function overlapping(labels: LabelBox[]): string[] {
  const pairs: string[] = [];
  labels.forEach((a, i) =>
    labels.slice(i + 1).forEach((b) => {
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) pairs.push(`${a.text} × ${b.text}`);
    }),
  );
  return pairs;
}

/** Whether the label `text` shows, and which visible labels overlap. */
async function labelState(page: Page, text: string): Promise<{ shown: boolean; overlapping: string[] }> {
  const labels = await visibleLabels(page);
  return { shown: labels.some((l) => l.text === text), overlapping: overlapping(labels) };
}

describe('the landing page', () => {
  it('shows the commander the current response and a map whose labels do not hide each other', async () => {
    const { page, context, pageErrors, outsideRequests } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'commander', password, '/?tab=registry');
      const card = page.getByTestId('response-card');
      await card.getByText('当前响应').waitFor();
      const incident = card.getByTestId('response-incident').filter({ hasText: '望江街道' }).first();
      await incident.waitFor();
      expect(await incident.getByTestId('response-level').innerText()).toBe('Ⅲ级');
      await incident
        .getByTestId('response-overdue')
        .getByText(/^逾期 \d+ 项$/)
        .waitFor();
      // the overdue tasks are listed by name, in Chinese only (the demo's texts hold both languages)
      const overdue = card.getByTestId('response-overdue-tasks');
      await overdue.getByRole('link').first().waitFor();
      const names = await overdue.getByRole('link').allInnerTexts();
      expect(names.length).toBeGreaterThan(1);
      for (const name of names.slice(0, -1)) expect(name).not.toMatch(BOTH_LANGUAGES);

      // The map: the port's name shows beside its point, and no two visible labels overlap — at the district
      // view, and zoomed in once, where 龙门街道 (beside the port) is wide enough for its name.
      // (Labels are placed once the map stops moving: polled until it has.)
      await page.getByTestId('map-port-label').waitFor();
      await expect.poll(() => labelState(page, '嘉江港'), { timeout: 15_000 }).toEqual({ shown: true, overlapping: [] });
      await page
        .getByTestId('district-map')
        .getByRole('button', { name: /Zoom in|放大/ })
        .click();
      await expect.poll(() => labelState(page, '龙门街道'), { timeout: 15_000 }).toEqual({ shown: true, overlapping: [] });
      await expect.poll(() => labelState(page, '嘉江港')).toEqual({ shown: true, overlapping: [] });

      // English: the same card in English, and still no overlap.
      await page.getByText('English', { exact: true }).click();
      await card.getByText('Current response').waitFor();
      expect(await incident.getByTestId('response-level').innerText()).toBe('level III');
      await expect.poll(() => labelState(page, 'District J Port'), { timeout: 15_000 }).toEqual({ shown: true, overlapping: [] });
      const englishNames = await overdue.getByRole('link').allInnerTexts();
      for (const name of englishNames.slice(0, -1)) expect(name).not.toMatch(BOTH_LANGUAGES);

      // A task opens from the card.
      await overdue.getByRole('link').first().click();
      await page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);

      // The demo meeting's minutes and decisions (written in both languages) read in English only, then in Chinese only.
      await page.goto(`${baseUrl}/meetings`);
      await page.getByRole('link', { name: '望江街道手足口病疫情联防联控第一次会议' }).click();
      const minutes = page.getByTestId('meeting-minutes');
      await minutes.getByText(/^The meeting heard the CDC report/).waitFor();
      expect(await minutes.innerText()).not.toMatch(/[\u4e00-\u9fff]/);
      expect(await page.getByTestId('decision-1').innerText()).toMatch(/^1\. Affected classes closed for 10 days/);
      await page.getByText('中文', { exact: true }).click();
      await minutes.getByText(/^会议听取了区疾控中心/).waitFor();
      expect(await minutes.innerText()).not.toContain('The meeting heard');
      expect(await page.getByTestId('decision-1').innerText()).not.toMatch(BOTH_LANGUAGES);
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it("reads the command board's events and the daily report in one language at a time", async () => {
    const { page, context, pageErrors } = await openPage(browser, baseUrl);
    try {
      const api = new ApiSession(baseUrl);
      await api.signIn('commander', password);
      const incidents = await api.request<{ items: { id: string; title: string }[] }>('GET', '/api/incidents');
      const incident = incidents.items.find((i) => i.title === '望江街道手足口病聚集性疫情')!;
      const reports = await api.request<{ items: { id: string; status: string }[] }>('GET', `/api/reports?incidentId=${incident.id}`);
      // the demo's approved report (other flows on this server approve reports of the same incident too)
      let report: { id: string } | undefined;
      for (const r of reports.items.filter((x) => x.status === 'approved')) {
        const detail = await api.request<{ id: string; summary: string }>('GET', `/api/reports/${r.id}`);
        if (detail.summary.includes('The Wangjiang HFMD cluster is under a level III response')) report = detail;
      }
      expect(report).toBeTruthy();

      // The command board's timeline: the demo's log entries (written in both languages) in Chinese, then English.
      await signIn(page, baseUrl, 'commander', password, `/incidents/${incident.id}/command`);
      const timeline = page.getByTestId('command-timeline');
      await timeline.getByText(/第二轮网格排查完成/).waitFor();
      const zhEvents = await timeline.locator('.ant-list-item').allInnerTexts();
      expect(zhEvents.length).toBeGreaterThan(3);
      for (const text of zhEvents) expect(text).not.toMatch(/ \/ [A-Z][a-z]|[A-Za-z]{3,} [a-z]{3,}/);
      await page.getByText('English', { exact: true }).click();
      await timeline.getByText(/Second round of grid screening done/).waitFor();
      // (people keep their Chinese names; no Chinese sentence is left)
      for (const text of await timeline.locator('.ant-list-item').allInnerTexts()) expect(text).not.toMatch(/[。；]|[\u4e00-\u9fff]{12}/);

      // The daily report's sections: English only, then Chinese only.
      await page.goto(`${baseUrl}/reports/${report!.id}`);
      const summary = page.getByTestId('report-section-summary');
      await summary.getByText(/^The Wangjiang HFMD cluster is under a level III response/).waitFor();
      for (const section of ['summary', 'situation', 'measures', 'nextSteps']) {
        const text = await page.getByTestId(`report-section-${section}`).locator('.ant-typography').first().innerText();
        expect(text, section).not.toMatch(/[\u4e00-\u9fff]/);
      }
      await page.getByText('中文', { exact: true }).click();
      await summary.getByText(/^望江街道手足口病聚集性疫情处于Ⅲ级响应/).waitFor();
      for (const section of ['summary', 'situation', 'measures', 'nextSteps']) {
        const text = await page.getByTestId(`report-section-${section}`).locator('.ant-typography').first().innerText();
        expect(text, section).not.toMatch(BOTH_LANGUAGES);
        expect(text, section).not.toMatch(/[A-Z][a-z]+ [a-z]+/);
      }
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});

/**
 * Issue 12, items 1 and 5, in Chromium against the real server seeded with District J.
 *
 * The demo incident (望江街道手足口病聚集性疫情) is opened from the confirmed HFMD alert of Wangjiang: it starts at the
 * earliest onset behind the alert's signals, its page lists the outbreak's cases (those of the source alert
 * marked so) and counts at least the cluster's cases, not the two of the last days; the commander links a case
 * of another disease by its report number and unlinks it with a reason, and the command dashboard's cumulative
 * count follows. The source alert's page and its signal's page list the cases behind them, each a link to the
 * case; the Wangjiang township officer, at phone width, sees them with identity numbers fully masked; a viewer is
 * told the count only.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session.ts';
import { launchBrowser, openPage, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

const DEMO_INCIDENT = '望江街道手足口病聚集性疫情';

interface LineList {
  total: number;
  canRead: boolean;
  hidden: number;
  items: { id: string; code: string; disease: { code: string }; idNumberMasked: string; link?: { origin: string } | null }[];
}

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

/** The demo incident, its source alert and its line list, through the commander's API session. */
async function demoIncident(api: ApiSession) {
  const list = await api.request<{ items: { id: string; title: string }[] }>('GET', '/api/incidents?page=1&pageSize=500');
  const summary = list.items.find((i) => i.title === DEMO_INCIDENT);
  if (!summary) throw new Error('the demo incident is missing');
  const incident = await api.request<{ id: string; alertId: string | null; alertCode: string | null; startedAt: string }>(
    'GET',
    `/api/incidents/${summary.id}`,
  );
  const cases = await api.request<LineList>('GET', `/api/incidents/${summary.id}/cases`);
  return { incident, cases };
}

describe('the outbreak’s cases', () => {
  it('the demo incident counts the outbreak from its alert; the commander links and unlinks a case; the dashboard follows', async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('commander', password);
    const { incident, cases } = await demoIncident(api);
    expect(incident.alertId).not.toBeNull();
    // the cases behind the HFMD alert's signals, not the two of the last days
    expect(cases.total).toBeGreaterThanOrEqual(14);
    expect(cases.items.filter((c) => c.link?.origin === 'alert').length).toBeGreaterThanOrEqual(10);
    const summary = await api.request<{
      cases: { totals: { cumulative: number } };
      alerts: { id: string; source?: boolean; code: string }[];
    }>('GET', `/api/incidents/${incident.id}/command-summary`);
    expect(summary.cases.totals.cumulative).toBe(cases.total);
    // the report's alerts: the source alert first; no alert of another disease
    expect(summary.alerts[0]).toMatchObject({ id: incident.alertId, source: true });
    // a case of another disease, to link by hand
    const others = await api.request<{ items: { code: string; disease: { code: string }; classification: string }[] }>(
      'GET',
      '/api/cases?page=1&pageSize=20',
    );
    const other = others.items.find((c) => c.disease.code !== 'hfmd' && c.classification !== 'excluded');
    if (!other) throw new Error('no case of another disease in the demo');

    const { page, pageErrors, outsideRequests } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'commander', password, `/incidents/${incident.id}`);
      const card = page.getByTestId('incident-cases');
      await card.getByTestId('line-list-total').getByText(`共 ${cases.total} 例`).waitFor();
      await card.getByTestId('case-link-tag').getByText('来源预警').first().waitFor();
      expect(await card.getByTestId('line-list-case').count()).toBe(Math.min(cases.total, 20));
      await card
        .getByTestId('incident-cases-criteria')
        .getByText(/自 \d{4}-\d{2}-\d{2} 起望江街道报告的手足口病病例/)
        .waitFor();

      // link by hand
      await card.getByLabel('卡片编号').fill(other.code);
      await card.getByLabel('关联依据').fill('流调证实患儿与幼儿园聚集相关');
      await card.getByRole('button', { name: /关联到本事件/ }).click();
      await card
        .getByTestId('line-list-total')
        .getByText(`共 ${cases.total + 1} 例`)
        .waitFor();
      // the linked case is in the list as "linked by hand", first (other flows sharing this server may have added
      // cases of the outbreak: the list can run to several pages)
      await card.locator('tr', { hasText: other.code }).getByText('手工关联').waitFor();
      const linked = await api.request<{ items: { code: string; link: { origin: string } | null }[] }>(
        'GET',
        `/api/incidents/${incident.id}/cases`,
      );
      expect(linked.items.find((c) => c.code === other.code)?.link?.origin).toBe('hand');
      // the same again: refused beside the field
      await card.getByLabel('卡片编号').fill(other.code);
      await card.getByRole('button', { name: /关联到本事件/ }).click();
      await card.locator('.ant-alert-error, .ant-form-item-explain-error').first().waitFor();

      // the dashboard counts it
      const board = await page.context().newPage();
      await board.goto(`${baseUrl}/incidents/${incident.id}/command`);
      await expect
        .poll(async () => (await board.getByTestId('cases-cumulative').locator('.ant-statistic-content').textContent())?.replace(/\D/g, ''))
        .toBe(String(cases.total + 1));
      await board.close();

      // unlink, with a reason
      await card.getByRole('button', { name: `取消关联 ${other.code}` }).click();
      const dialog = page.locator('.ant-modal:visible');
      await dialog.getByLabel('取消原因').fill('复核：与本次聚集无关');
      await dialog.getByRole('button', { name: /取消关联/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await card.getByTestId('line-list-total').getByText(`共 ${cases.total} 例`).waitFor();
      expect(await card.locator('tr', { hasText: other.code }).count()).toBe(0);
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('the alert and its signal list the cases behind them; the township officer at phone width sees masked identities; a viewer the count only', async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('commander', password);
    const { incident } = await demoIncident(api);
    const alertId = incident.alertId!;
    const behind = await api.request<LineList>('GET', `/api/alerts/${alertId}/cases`);
    expect(behind.total).toBeGreaterThanOrEqual(10);
    const alert = await api.request<{ signals: { id: string }[] }>('GET', `/api/alerts/${alertId}`);

    // the epidemiologist: the alert's line list, a case opened from it, the signal's line list
    const epi = await openPage(browser, baseUrl);
    try {
      const { page } = epi;
      await signIn(page, baseUrl, 'epidemiologist', password, `/alerts/${alertId}`);
      const card = page.getByTestId('alert-cases');
      await card.getByTestId('line-list-total').getByText(`共 ${behind.total} 例`).waitFor();
      const first = behind.items[0]!;
      await card.getByRole('link', { name: first.code }).click();
      await page.waitForURL(`**/cases/${first.id}`);
      await page.getByText(first.code).first().waitFor();

      await page.goto(`${baseUrl}/signals/${alert.signals[0]!.id}`);
      const signalCases = page.getByTestId('signal-cases');
      await signalCases.getByTestId('line-list-total').waitFor();
      await signalCases.getByTestId('line-list-case').first().waitFor();
      expect(epi.pageErrors).toEqual([]);
    } finally {
      await epi.context.close();
    }

    // the Wangjiang township officer on a phone: the list fits, identities fully masked
    const officer = await openPage(browser, baseUrl);
    try {
      const { page } = officer;
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, baseUrl, 'officer.wangjiang', password, `/alerts/${alertId}`);
      const card = page.getByTestId('alert-cases');
      await card.getByTestId('line-list-case').first().waitFor();
      const ids = await card.getByTestId('line-list-id').allTextContents();
      expect(ids.length).toBeGreaterThan(0);
      // no digit of an identity number reaches an officer without cases.identity
      expect(ids.every((id) => id === '—' || /^\*+$/.test(id))).toBe(true);
      // the table scrolls inside its card rather than widening it past the screen
      expect((await card.boundingBox())!.width).toBeLessThanOrEqual(390);
      expect(officer.pageErrors).toEqual([]);
    } finally {
      await officer.context.close();
    }

    // a viewer (no cases.read): the figure, no records
    const viewer = await openPage(browser, baseUrl);
    try {
      // the figure the server gives the viewer (cases other flows filed on this shared server may make it differ
      // from the commander's live list: see docs/alerts.md, line lists)
      const viewerApi = new ApiSession(baseUrl);
      await viewerApi.signIn('viewer', password);
      const seen = await viewerApi.request<LineList>('GET', `/api/alerts/${alertId}/cases`);
      expect(seen.total).toBeGreaterThanOrEqual(10);
      expect(seen.items).toEqual([]);
      await signIn(viewer.page, baseUrl, 'viewer', password, `/alerts/${alertId}`);
      await viewer.page.getByTestId('line-list-count-only').getByText(`共 ${seen.total} 例。您无权查看病例明细。`).waitFor();
      expect(await viewer.page.getByTestId('line-list-case').count()).toBe(0);
    } finally {
      await viewer.context.close();
    }
  });
});

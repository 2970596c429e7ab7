/**
 * Contact tracing in Chromium against the real server seeded with District J: the epidemiologist has registered
 * two contacts of a Wangjiang case (through the API); the Wangjiang township officer, on a phone-sized page
 * (390 × 844), opens today's work list, records one contact as seen well with one tap and the other as seen
 * unwell with one tap, and files the unwell contact's suspected case report from the card. The server then
 * holds the follow-ups, the converted contact and its linked suspected case report; the page never scrolls
 * sideways.
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

interface ContactView {
  id: string;
  code: string;
  status: string;
  jurisdiction: { id: string };
  indexCase: { id: string };
  caseReport: { id: string; code: string } | null;
  followUps?: Array<{ status: string }>;
}

describe('contacts', () => {
  it('a township officer on a phone records today’s follow-up; an unwell contact becomes a suspected case report', async () => {
    const officerApi = new ApiSession(baseUrl);
    await officerApi.signIn('officer.wangjiang', password);
    const epiApi = new ApiSession(baseUrl);
    await epiApi.signIn('epidemiologist', password);
    // a case of the officer's township that the demo traced, and the township's residence
    const seeded = (await officerApi.request<{ items: ContactView[] }>('GET', '/api/contacts?pageSize=1')).items[0];
    expect(seeded).toBeTruthy();
    const yesterday = new Date(Date.now() - 86_400_000).toISOString();
    const suffix = Date.now().toString(36).slice(-4);
    const create = (personName: string) =>
      epiApi.request<ContactView>('POST', '/api/contacts', {
        sourceCaseId: seeded!.indexCase.id,
        personName,
        jurisdictionId: seeded!.jurisdiction.id,
        lastExposureAt: yesterday,
        phone: '13900001111',
        contactType: 'close',
        relation: 'classmate',
        setting: 'school',
      });
    const well = await create(`随访甲${suffix}`);
    const unwell = await create(`随访乙${suffix}`);
    expect(well.status).toBe('under_follow_up');

    const { page, pageErrors, outsideRequests } = await openPage(browser, baseUrl);
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      await signIn(page, baseUrl, 'officer.wangjiang', password, '/contacts/today');
      const wellCard = page.getByTestId(`work-card-${well.code}`);
      const unwellCard = page.getByTestId(`work-card-${unwell.code}`);
      await wellCard.waitFor();

      // one tap each
      await wellCard.getByRole('button', { name: /^正\s*常$/ }).click();
      await wellCard.getByText('今日已随访').waitFor();
      await unwellCard.getByRole('button', { name: '有症状' }).click();
      await unwellCard.getByText('今日已随访').waitFor();

      // the page fits the phone: nothing scrolls sideways
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);

      // the unwell contact's card offers the case report, pre-filled by the server
      await unwellCard.getByRole('button', { name: '报告为病例' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('病例分类').waitFor();
      // the reporting unit (报告单位) is required on every card; the officer has no facility of their own and picks
      // one of their township's (the list holds only those)
      await dialog.getByTestId('contact-case-facility').click();
      const unit = (await page.locator('.ant-select-dropdown:visible .ant-select-item-option').first().innerText()).trim();
      await pickOption(page, unit);
      await dialog.getByRole('button', { name: '报告为病例' }).click();
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
      const caseId = page.url().split('/').pop()!;

      const after = await epiApi.request<ContactView & { followUps: Array<{ status: string }> }>('GET', `/api/contacts/${unwell.id}`);
      expect(after.status).toBe('converted_suspected');
      expect(after.caseReport?.id).toBe(caseId);
      expect(after.followUps.map((f) => f.status)).toEqual(['seen_unwell']);
      const report = await epiApi.request<{ classification: string; personName: string }>('GET', `/api/cases/${caseId}`);
      expect(report).toMatchObject({ classification: 'suspected', personName: `随访乙${suffix}` });
      const wellAfter = await epiApi.request<ContactView & { followUps: Array<{ status: string }> }>('GET', `/api/contacts/${well.id}`);
      expect(wellAfter).toMatchObject({ status: 'under_follow_up' });
      expect(wellAfter.followUps.map((f) => f.status)).toEqual(['seen_ok']);

      // the KPI panel shows today's follow-ups and the new case already known as a contact
      const kpis = await epiApi.request<{
        district: { followedUpToday: { numerator: number }; casesKnownContacts: { numerator: number } };
      }>('GET', '/api/contacts/kpis');
      expect(kpis.district.followedUpToday.numerator).toBeGreaterThanOrEqual(2);
      expect(kpis.district.casesKnownContacts.numerator).toBeGreaterThanOrEqual(1);
      await page.goto(`${baseUrl}/contacts`);
      const panel = page.getByTestId('contact-kpis');
      await panel.getByTestId('kpi-followedUpToday').waitFor();
      await panel.getByTestId('kpi-casesKnownContacts').waitFor();

      // the chain graph holds the contact who became a case, linked to it
      const chains = await epiApi.request<{ nodes: Array<{ id: string }>; edges: Array<{ source: string; target: string; kind: string }> }>(
        'GET',
        '/api/contacts/chains',
      );
      expect(chains.edges).toContainEqual({ source: unwell.id, target: caseId, kind: 'became_case' });
      await page.goto(`${baseUrl}/contacts/chains`);
      await page.getByTestId('chain-graph').locator('canvas').first().waitFor();
      await page.getByTestId('chain-clusters').waitFor();
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 240_000);
});

/**
 * Voyages and the epidemiological investigation in Chromium against the real server seeded with District J: the
 * epidemiologist opens a confirmed case, starts its investigation (流调) from the case page, records that the
 * case travelled on the demo return voyage (deck 2, cabin 208), imports the voyage's manifest (a GBK CSV as
 * Chinese Excel saves it), opens the case's exposure cohort and confirms the high-risk people (the same cabin)
 * as contacts in one step. The server then holds the contacts, registered through the contacts feature with the
 * case as source, the vessel as setting and the high risk.
 */
import iconv from 'iconv-lite';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { makeResidentId } from '../../server/src/features/cases/resident-id.ts';
import { ApiSession } from './api-session.ts';
import { launchBrowser, openPage, pickOption, signIn, waitUntilSaved } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

interface Trip {
  id: string;
  code: string;
  serviceNumber: string;
  origin: string;
  destination: string;
  departsAt: string;
  calls: Array<{ place: string }>;
}

/** The district's (China time) 'YYYY-MM-DD HH:mm' of an instant: the DatePicker's typed format and zone. */
const districtTyped = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function manifest(stops: string[], suffix: string): Buffer {
  const header = '姓名,类别,性别,证件号码,联系电话,现住址,甲板,舱室,铺位,上船港,下船港';
  const rows: string[] = [];
  for (let i = 0; i < 40; i++) {
    const deck = String((i % 4) + 1);
    const cabin = i < 3 ? '208' : `${deck}${String(10 + i).padStart(2, '0')}`;
    const id = makeResidentId('420502', `19${60 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`, 100 + i * 2 + (i % 2));
    rows.push(
      [
        `${i < 3 ? '同舱' : '旅客'}${suffix}${i}`,
        i === 39 ? '船员' : '旅客',
        i % 2 ? '男' : '女',
        id,
        `1380000${String(i).padStart(4, '0')}`,
        i < 3 ? '望江街道滨江小区' : '湖北省宜昌市',
        i < 3 ? '2' : deck,
        cabin,
        String((i % 4) + 1),
        stops[0],
        stops[stops.length - 1],
      ].join(','),
    );
  }
  return iconv.encode(`${header}\r\n${rows.join('\r\n')}\r\n`, 'gbk');
}

describe('voyages and the epidemiological investigation', () => {
  it('an epidemiologist records a case’s voyage, imports the manifest and confirms the high-risk cohort as contacts', async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('epidemiologist', password);
    const trip = (await api.request<{ items: Trip[] }>('GET', '/api/travel/trips?q=CJ2811')).items[0]!;
    expect(trip).toBeTruthy();
    // a confirmed case without an investigation yet
    const confirmed = await api.request<{ items: Array<{ id: string; code: string }> }>(
      'GET',
      '/api/cases?classification=confirmed&pageSize=100',
    );
    let caseId = '';
    for (const c of confirmed.items) {
      const state = await api.request<{ investigation: unknown }>('GET', `/api/cases/${c.id}/investigation`);
      if (state.investigation === null) {
        caseId = c.id;
        break;
      }
    }
    expect(caseId).not.toBe('');
    const stops = [trip.origin, ...trip.calls.map((c) => c.place), trip.destination];
    const suffix = Date.now().toString(36).slice(-3);

    const { page, pageErrors, outsideRequests } = await openPage(browser, baseUrl);
    try {
      await page.setViewportSize({ width: 1280, height: 900 });
      await signIn(page, baseUrl, 'epidemiologist', password, `/cases/${caseId}`);
      // from the case page to its investigation, started there
      await page.getByTestId('case-investigation').waitFor();
      await page.getByTestId('open-investigation').click();
      await page.waitForURL(/\/cases\/[0-9a-f-]{36}\/investigation$/);
      await page.getByTestId('investigation-start').click();
      await page.getByTestId('event-add').click();

      // the journey: the demo's return voyage, deck 2, cabin 208
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('event-kind').click();
      await pickOption(page, '乘船');
      const starts = dialog.getByLabel('开始时间');
      await starts.click();
      await starts.fill(districtTyped(trip.departsAt));
      await starts.press('Enter');
      await dialog.getByTestId('event-trip').click();
      await page.keyboard.type('CJ2811');
      await pickOption(page, trip.code);
      await dialog.getByTestId('event-deck').fill('2');
      await dialog.getByTestId('event-cabin').fill('208');
      await dialog.getByTestId('event-save').click();
      await waitUntilSaved(dialog);
      const timeline = page.getByTestId('investigation-timeline');
      await timeline.getByText('乘船').waitFor();
      await timeline.getByText(trip.code).click();

      // the voyage's manifest, imported from a GBK file
      await page.waitForURL(new RegExp(`/travel/${trip.id}$`));
      await page.getByTestId('manifest-import').click();
      const importer = page.getByRole('dialog');
      await importer
        .locator('input[type=file]')
        .setInputFiles({ name: 'CJ2811舱单.csv', mimeType: 'text/csv', buffer: manifest(stops, suffix) });
      await importer.getByText('文件共 40 行').waitFor();
      await importer.getByTestId('manifest-import-run').click();
      await importer.waitFor({ state: 'hidden' });
      await page.getByTestId('manifest-list').getByText(`同舱${suffix}0`).waitFor();

      // the case's cohort: the same cabin first, confirmed in one step
      await page.getByTestId('trip-exposures').getByTestId('cohort-link').click();
      await page.waitForURL(/\/travel\/exposures\/[0-9a-f-]{36}$/);
      const list = page.getByTestId('cohort-list');
      await list.getByText(`同舱${suffix}2`).waitFor();
      expect(await list.locator('tbody tr.ant-table-row').count()).toBe(3);
      await list.locator('thead .ant-checkbox-input').check();
      await page.getByTestId('cohort-confirm').click();
      const confirm = page.getByRole('dialog');
      await confirm.getByTestId('cohort-confirm-ok').click();
      await confirm.waitFor({ state: 'hidden' });
      await page
        .getByTestId('cohort-tally')
        .getByText(/已确认 3/)
        .waitFor();

      const traced = await api.request<{
        items: Array<{ personName: string; setting: string; riskCategory: string; sourceCase: { id: string } }>;
      }>('GET', `/api/contacts?sourceCaseId=${caseId}&pageSize=100`);
      const mates = traced.items.filter((c) => c.personName.startsWith(`同舱${suffix}`));
      expect(mates.map((c) => c.personName).sort()).toEqual([0, 1, 2].map((i) => `同舱${suffix}${i}`));
      expect(mates.every((c) => c.setting === 'vessel' && c.riskCategory === 'high' && c.sourceCase.id === caseId)).toBe(true);
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 300_000);
});

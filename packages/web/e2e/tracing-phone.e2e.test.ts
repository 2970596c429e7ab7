/**
 * Contact tracing at phone width (390 px) in Chromium against the real server seeded with District J:
 *
 * - the epidemiologist, on a phone at the port, opens the demo voyage CJ2806, links a confirmed case to it from
 *   the trip page ("Link a case": cabin 305 on deck 3), lands on the case's exposure cohort, and changes the
 *   trip's notes — no page scrolls sideways;
 * - the logistics officer sets up rooms of the Riverside Hotel on a phone (adds a room, takes it out of service);
 * - the township officer of Wangjiang isolates a case person of the township at home from the case page, and
 *   the stay lists the case.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, pickOption, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const sideways = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);

describe('contact tracing on a phone', () => {
  it('an epidemiologist links a case to a voyage and changes the trip on a phone', async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('epidemiologist', password);
    const trip = (
      await api.request<{ items: Array<{ id: string; code: string; mode: string; serviceNumber: string }> }>(
        'GET',
        '/api/travel/trips?q=CJ2806',
      )
    ).items.find((x) => x.mode === 'voyage' && x.serviceNumber === 'CJ2806')!;
    expect(trip).toBeTruthy();
    const linked = await api.request<{ items: Array<{ case: { id: string } }> }>('GET', `/api/travel/trips/${trip.id}/exposures`);
    const taken = new Set(linked.items.map((e) => e.case.id));
    const confirmed = await api.request<{ items: Array<{ id: string; code: string }> }>(
      'GET',
      '/api/cases?classification=confirmed&pageSize=100',
    );
    const chosen = confirmed.items.find((c) => !taken.has(c.id));
    expect(chosen).toBeTruthy();

    const { page, pageErrors, outsideRequests } = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(page, baseUrl, 'epidemiologist', password, '/travel');
      await page.getByText(trip.code).first().waitFor();
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      await page.goto(`${baseUrl}/travel/${trip.id}`);
      await page.getByTestId('trip-link-case').waitFor();
      expect(await sideways(page)).toBeLessThanOrEqual(0);

      // link the case: found by its code, cabin 305 on deck 3
      await page.getByTestId('trip-link-case').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('link-case-select').click();
      const found = page.waitForResponse((r) => r.url().includes('/api/cases?') && r.url().includes(chosen!.code), { timeout: 60_000 });
      await page.keyboard.type(chosen!.code);
      await found;
      await pickOption(page, chosen!.code);
      await dialog.getByTestId('link-deck').fill('3');
      await dialog.getByTestId('link-cabin').fill('305');
      await page.getByTestId('link-case-save').click();
      await page.waitForURL(/\/travel\/exposures\/[0-9a-f-]{36}$/);
      await page.getByTestId('cohort-tally').waitFor();
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      const exposures = await api.request<{
        items: Array<{ case: { id: string }; cabin: string; cohort: { byRank: Record<string, number> } }>;
      }>('GET', `/api/travel/trips/${trip.id}/exposures`);
      const mine = exposures.items.find((e) => e.case.id === chosen!.id);
      expect(mine).toMatchObject({ cabin: '305' });
      // the demo's cabin 305 has other people: they rank first
      expect(mine!.cohort.byRank['1']).toBeGreaterThan(0);

      // change the trip's notes from the trip page
      const note = `手机修改 ${Date.now().toString(36)}`;
      await page.goto(`${baseUrl}/travel/${trip.id}`);
      await page.getByTestId('trip-edit').click();
      const form = page.getByTestId('trip-form');
      await form.locator('textarea').last().fill(note);
      await page
        .getByRole('dialog')
        .getByRole('button', { name: /保\s*存/ })
        .click();
      await page.getByText(note).waitFor();
      const after = await api.request<{ notes: string }>('GET', `/api/travel/trips/${trip.id}`);
      expect(after.notes).toBe(note);
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 300_000);

  it('rooms are set up on a phone, and a township officer isolates a case person from the case page', async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('epidemiologist', password);
    const occupancy = await api.request<{ sites: Array<{ id: string; name: string }> }>('GET', '/api/quarantine/occupancy');
    const hotel = occupancy.sites.find((s) => s.name.startsWith('江畔酒店'))!;
    expect(hotel).toBeTruthy();
    const roomNo = `9${Date.now().toString(36).slice(-4)}`;

    const logistics = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      const page = logistics.page;
      await signIn(page, baseUrl, 'logistics', password, `/quarantine/sites/${hotel.id}`);
      await page.getByTestId('site-add-rooms').click();
      await page.getByTestId('site-room-numbers').fill(roomNo);
      await page.getByTestId('site-add-rooms-ok').click();
      await page.getByTestId(`room-${roomNo}`).waitFor();
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      await page.getByTestId(`room-toggle-${roomNo}`).click();
      await page.getByTestId(`room-${roomNo}`).getByText('停用').first().waitFor();
      const site = await api.request<{ rooms: Array<{ roomNo: string; inService: boolean }> }>('GET', `/api/quarantine/sites/${hotel.id}`);
      expect(site.rooms.find((r) => r.roomNo === roomNo)).toMatchObject({ inService: false });
      expect(logistics.pageErrors).toEqual([]);
    } finally {
      await logistics.page.context().close();
    }

    // a case of Wangjiang not isolated yet
    const officer = new ApiSession(baseUrl);
    await officer.signIn('officer.wangjiang', password);
    const cases = await officer.request<{ items: Array<{ id: string; code: string; classification: string }> }>(
      'GET',
      '/api/cases?pageSize=100',
    );
    const stays = await officer.request<{ items: Array<{ caseReport: { id: string } | null }> }>(
      'GET',
      '/api/quarantine/assignments?person=case&status=active&pageSize=200',
    );
    const isolated = new Set(stays.items.map((s) => s.caseReport?.id));
    const person = cases.items.find((c) => c.classification !== 'excluded' && !isolated.has(c.id));
    expect(person).toBeTruthy();

    const township = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      const page = township.page;
      await signIn(page, baseUrl, 'officer.wangjiang', password, `/cases/${person!.id}`);
      const panel = page.getByTestId('quarantine-panel');
      await panel.getByTestId('quarantine-none').waitFor();
      await panel.getByTestId('quarantine-place').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByText('居家隔离').click();
      await page.getByTestId('quarantine-dialog-ok').click();
      await panel.getByTestId('quarantine-current-place').waitFor();
      const placed = await officer.request<{ items: Array<{ person: { kind: string; id: string }; kind: string; status: string }> }>(
        'GET',
        `/api/quarantine/assignments?caseReportId=${person!.id}`,
      );
      expect(placed.items[0]).toMatchObject({ person: { kind: 'case', id: person!.id }, kind: 'home', status: 'active' });
      // the quarantine list marks the case person
      await page.goto(`${baseUrl}/quarantine?tab=stays`);
      await page.getByTestId('quarantine-stays').getByText('病例').first().waitFor();
      expect(township.pageErrors).toEqual([]);
      expect(township.outsideRequests).toEqual([]);
    } finally {
      await township.page.context().close();
    }
  }, 300_000);
});

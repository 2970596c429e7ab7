/**
 * The foundation's end-to-end flows in real headless Chromium against the real server (see global-setup.ts):
 * an administrator signs in (Chinese UI), switches to English, creates an agency, finds it in the list and
 * in the audit log, and signs out; a township officer cannot see another township's facility, neither in
 * the list nor by its URL.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Schemas } from '../src/api/contract.ts';
import type { Jurisdiction, User } from '../src/api/types.ts';
import { ApiSession } from './api-session.ts';
import { FACILITY_COLOURS, RIVER_COLOUR } from '../src/features/map/map-style.ts';
import { launchBrowser, openPage, pickOption, signIn, waitUntilSaved } from './browser.ts';
import { findMapColour } from './map-probe.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('administrator', () => {
  it('signs in in Chinese, switches to English, creates an agency, finds it in the list and the audit log, signs out', async () => {
    const { context, page, outsideRequests, pageErrors } = await openPage(browser, baseUrl);
    try {
      // An unauthenticated visit lands on the Chinese sign-in page.
      await page.goto(`${baseUrl}/`);
      await page.waitForURL(/\/sign-in/);
      await page.getByRole('heading', { name: '疫情防控指挥平台' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.title()).toBe('疫情防控指挥平台');

      // Bad credentials: a translated error, not the server's English message. The server answers an unknown
      // user exactly as a wrong password; a made-up name keeps real accounts clear of lock-out counters.
      await page.getByLabel('用户名').fill(`nobody.${Date.now().toString(36)}`);
      await page.getByLabel('密码').fill('not-the-password');
      await page.getByRole('button', { name: /^登\s*录$/ }).click();
      const signInError = page.getByTestId('sign-in-error');
      await signInError.waitFor();
      expect(await signInError.innerText()).toContain('用户名或密码错误');

      await signIn(page, baseUrl, 'admin', password);
      await page.getByRole('heading', { name: '态势总览' }).waitFor();
      const navigation = page.getByRole('menu');
      for (const entry of ['态势总览', '行政区划', '联防联控成员单位', '医疗与保障设施', '用户与角色', '审计日志']) {
        await navigation.getByText(entry, { exact: true }).waitFor();
      }
      // The dashboard's figures come from the seeded district (about 1.2 million people).
      const population = Number(
        (await page.getByTestId('figure-population').locator('.ant-statistic-content-value').innerText()).replace(/\D/g, ''),
      );
      expect(population).toBeGreaterThan(1_000_000);
      await page.getByTestId('district-map').locator('canvas').waitFor();
      // The river and the port are in the map's style and drawn: the port's label, the legend's entries, and
      // the river's blue on the canvas.
      await expect.poll(() => page.getByTestId('district-map').getAttribute('data-layers')).toMatch(/\briver port\b.*\bfacilities\b/);
      expect(await page.getByTestId('map-port-label').innerText()).toBe('嘉江港');
      expect(await page.getByTestId('map-legend').innerText()).toMatch(/河流[\s\S]*港口/);
      await expect.poll(() => findMapColour(page, RIVER_COLOUR, 6), { timeout: 15_000 }).not.toBeNull();
      // Commuting between townships is a layer the user switches on; the legend then explains it.
      await page.getByTestId('map-commuting-switch').click();
      await page.getByTestId('map-legend').getByText('乡镇间通勤（线越粗人数越多）').waitFor();

      // English, remembered across a reload.
      await page.getByText('English', { exact: true }).click();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      expect(await page.evaluate(() => localStorage.getItem('oc.locale'))).toBe('en');
      await page.reload();
      await page.getByRole('heading', { name: 'Overview' }).waitFor();
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.title()).toBe('Outbreak Command');
      expect(await page.getByTestId('map-port-label').innerText()).toBe('District J Port');

      // Create an agency through the form.
      const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
      await navigation.getByText('Agencies', { exact: true }).click();
      await page.getByRole('heading', { name: 'Agencies' }).waitFor();
      await page.getByRole('button', { name: 'New agency' }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByLabel('Code').fill(code);
      await drawer.getByLabel('Chinese name').fill('端到端测试联络组');
      await drawer.getByLabel('English name').fill('End-to-end Test Liaison Group');
      await drawer.getByLabel('Kind').click();
      // The option list is virtual: typing narrows it so the wanted option is surely rendered.
      await page.keyboard.type('Civil');
      await pickOption(page, 'Civil affairs');
      await drawer.locator('.ant-select-content', { hasText: 'Civil affairs' }).waitFor();
      await drawer.getByLabel('Jurisdiction').click();
      await pickOption(page, 'District J');
      await drawer.locator('.ant-select-content', { hasText: 'District J' }).waitFor();
      await drawer.getByLabel('Contact person').fill('测试员');
      await drawer.getByLabel('Phone').fill('023-61234567');
      // A malformed email is refused beside its field before anything is sent.
      await drawer.getByLabel('Email').fill('not-an-email');
      await drawer.getByRole('button', { name: 'Save' }).click();
      await drawer.getByText('Enter a valid email address').waitFor();
      await drawer.getByLabel('Email').fill('e2e@districtj.example');
      await drawer.getByRole('button', { name: 'Save' }).click();
      await waitUntilSaved(drawer);

      // It is in the list (search by its code).
      await page.getByPlaceholder('Search by name, code or contact').fill(code);
      await page.getByPlaceholder('Search by name, code or contact').press('Enter');
      const row = page.locator('.ant-table-row', { hasText: code });
      await row.waitFor();
      expect(await row.innerText()).toContain('End-to-end Test Liaison Group');

      // And in the audit log, as a create by admin, with the new values in the diff.
      await navigation.getByText('Audit log', { exact: true }).click();
      await page.getByRole('heading', { name: 'Audit log' }).waitFor();
      const auditRow = page.locator('.ant-table-row', { hasText: 'End-to-end Test Liaison Group' }).first();
      await auditRow.waitFor();
      const auditText = await auditRow.innerText();
      expect(auditText).toContain('admin');
      expect(auditText).toContain('Create');
      expect(auditText).toContain('Agency');
      await auditRow.locator('.ant-table-row-expand-icon').click();
      const diff = page.getByTestId('audit-diff').first();
      await diff.waitFor();
      expect(await diff.innerText()).toContain(code);
      // Clicking the actor narrows the log to their actions.
      await auditRow.getByRole('button', { name: 'admin' }).click();
      await page.getByTestId('audit-actor-filter').waitFor();
      await page.waitForURL((url) => url.searchParams.has('actorId'));
      // The previous page stays on screen until the filtered one arrives, hence the poll.
      await expect
        .poll(async () => [...new Set(await page.getByTestId('audit-actor').allInnerTexts())], { timeout: 15_000 })
        .toEqual(['周建国（系统管理员） · admin']);

      // Sign out: back to the (English) sign-in page; the session is gone.
      await page.getByTestId('account-menu').click();
      await page.getByText('Sign out', { exact: true }).click();
      await page.waitForURL(/\/sign-in/);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      await page.goto(`${baseUrl}/registry/agencies`);
      await page.waitForURL(/\/sign-in/);

      expect(outsideRequests).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

describe('account language', () => {
  it("applies the account's saved language at sign-in, unless this browser holds a choice", async () => {
    const admin = new ApiSession(baseUrl);
    await admin.signIn('admin', password);
    const { items: jurisdictions } = await admin.request<{ items: Jurisdiction[] }>('GET', '/api/jurisdictions');
    const township = jurisdictions.find((jurisdiction) => jurisdiction.name === '白沙镇');
    const username = `e2e.english.${Date.now().toString(36)}`;
    const userPassword = 'English-Duty#2026';
    const created = await admin.request<User>('POST', '/api/users', {
      username,
      displayName: '端到端英文用户',
      password: userPassword,
      roles: [{ role: 'township_officer', jurisdictionId: township?.id }],
    });
    await admin.request<User>('PATCH', `/api/users/${created.id}`, { locale: 'en' });

    // A browser with no stored choice: the sign-in page is Chinese, the app after it English, and nothing stored.
    const fresh = await openPage(browser, baseUrl);
    try {
      await signIn(fresh.page, baseUrl, username, userPassword, '/registry/agencies');
      await fresh.page.getByRole('heading', { name: 'Agencies' }).waitFor();
      expect(await fresh.page.locator('html').getAttribute('lang')).toBe('en');
      expect(await fresh.page.evaluate(() => localStorage.getItem('oc.locale'))).toBeNull();
      expect(fresh.outsideRequests).toEqual([]);
      expect(fresh.pageErrors).toEqual([]);
    } finally {
      await fresh.context.close();
    }

    // A browser where Chinese was chosen with the switch keeps it.
    const chosen = await openPage(browser, baseUrl);
    try {
      await chosen.page.goto(`${baseUrl}/sign-in`);
      await chosen.page.evaluate(() => localStorage.setItem('oc.locale', 'zh-CN'));
      await signIn(chosen.page, baseUrl, username, userPassword, '/registry/agencies');
      await chosen.page.getByRole('heading', { name: '联防联控成员单位' }).waitFor();
      expect(await chosen.page.locator('html').getAttribute('lang')).toBe('zh-CN');
    } finally {
      await chosen.context.close();
    }
  });
});

describe('township officer', () => {
  it("is refused another township's facility: absent from the list, not found by its URL", async () => {
    // Preparation through the API: a facility outside 望江街道 (the officer's township) and one inside it.
    const admin = new ApiSession(baseUrl);
    await admin.signIn('admin', password);
    const officerApi = new ApiSession(baseUrl);
    await officerApi.signIn('officer.wangjiang', password);
    const all = await admin.request<Schemas['FacilityList']>('GET', '/api/facilities?pageSize=500');
    const own = await officerApi.request<Schemas['FacilityList']>('GET', '/api/facilities?pageSize=500');
    const ownIds = new Set(own.items.map((facility) => facility.id));
    const foreign = all.items.find((facility) => !ownIds.has(facility.id) && facility.type === 'designated_hospital');
    expect(own.items.length).toBeGreaterThan(0);
    expect(foreign).toBeDefined();
    const { items: officerJurisdictions } = await officerApi.request<{ items: Jurisdiction[] }>('GET', '/api/jurisdictions');
    const township = officerJurisdictions.find((jurisdiction) => jurisdiction.level === 'township');
    expect(township?.name).toBe('望江街道');

    const { context, page, outsideRequests } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'officer.wangjiang', password, '/registry/agencies');
      // No administration in the navigation for this role.
      const navigation = page.getByRole('menu');
      await navigation.getByText('医疗与保障设施', { exact: true }).waitFor();
      expect(await navigation.getByText('用户与角色').count()).toBe(0);
      expect(await navigation.getByText('审计日志').count()).toBe(0);

      // The list shows the officer's own facilities and not the foreign one, even when searched by name.
      await navigation.getByText('医疗与保障设施', { exact: true }).click();
      await page.locator('.ant-table-row', { hasText: own.items[0].name }).first().waitFor();
      const search = page.getByPlaceholder('按名称或地址搜索');
      await search.fill(foreign?.name ?? '');
      await search.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('q') === foreign?.name);
      await page.locator('.ant-table-placeholder').waitFor();
      expect(await page.locator('.ant-table-row').count()).toBe(0);

      // A direct URL to its id says not found, with no trace of the record.
      await page.goto(`${baseUrl}/registry/facilities/${foreign?.id}`);
      await page.getByText('未找到', { exact: true }).waitFor();
      expect(await page.getByText(foreign?.name ?? '—').count()).toBe(0);

      // The officer's own facility opens normally, with its location on the map; its dot opens a popup.
      const mine = own.items.find((facility) => facility.location) ?? own.items[0];
      await page.goto(`${baseUrl}/registry/facilities/${mine.id}`);
      await page.getByText(mine.name, { exact: true }).first().waitFor();
      await page.getByTestId('district-map').locator('canvas').waitFor();
      await expect.poll(() => findMapColour(page, FACILITY_COLOURS[mine.type]), { timeout: 15_000 }).not.toBeNull();
      const dot = await findMapColour(page, FACILITY_COLOURS[mine.type]);
      // The first matching pixel is the dot's top edge; its centre lies a few pixels lower.
      await page.mouse.click((dot?.x ?? 0) + 1, (dot?.y ?? 0) + 4);
      const popup = page.locator('.maplibregl-popup');
      await popup.waitFor();
      expect(await popup.innerText()).toContain(mine.name);
      expect(await popup.innerText()).toContain('设施类型');
      expect(outsideRequests).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

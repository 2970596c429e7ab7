/**
 * Administration flows in Chromium against the real server: user accounts (create with a scoped role,
 * reset password, disable) and registry editing (duty roster, jurisdiction validation shown beside the
 * field by the server's `validation_failed` details).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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

describe('user administration', () => {
  it('creates a township officer who sees only that township, resets their password and disables them', async () => {
    const username = `e2e.officer.${Date.now().toString(36)}`;
    const firstPassword = 'Baisha-Duty#2026';
    const changedPassword = 'Baisha-Own#2026';
    const secondPassword = 'Baisha-Night#2027';
    const admin = await openPage(browser, baseUrl);
    const officer = await openPage(browser, baseUrl);
    try {
      const { page } = admin;
      await signIn(page, baseUrl, 'admin', password, '/admin/users');
      await page.getByRole('button', { name: '新建用户' }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByLabel('用户名').fill(username);
      await drawer.getByLabel('姓名').fill('端到端测试员（白沙镇）');
      // The password policy is checked before sending: length and character classes.
      await drawer.getByLabel('初始密码').fill('short');
      await drawer.getByRole('button', { name: /^保\s*存$/ }).click();
      await drawer.getByText('密码至少 10 个字符').waitFor();
      await drawer.getByLabel('初始密码').fill(firstPassword);
      // The first role row's pickers: role, then jurisdiction (the agency and facility pickers come before them).
      const rolePicker = drawer.locator('.ant-select').nth(2);
      const placePicker = drawer.locator('.ant-select').nth(3);
      await rolePicker.click();
      await page.keyboard.type('乡镇');
      await pickOption(page, '乡镇/社区工作人员');
      // Each pick is confirmed in its field: on a loaded machine a click can land while the list still moves.
      await drawer.locator('.ant-select').nth(2).filter({ hasText: '乡镇/社区工作人员' }).waitFor();
      await placePicker.click();
      // The jurisdiction picker is searchable: typing narrows the tree to the township.
      await page.keyboard.type('白沙镇');
      await pickOption(page, '白沙镇');
      await drawer.locator('.ant-select').nth(3).filter({ hasText: '白沙镇' }).waitFor();
      await drawer.getByRole('button', { name: /^保\s*存$/ }).click();
      await waitUntilSaved(drawer);
      const row = page.locator('.ant-table-row', { hasText: username });
      await row.waitFor();
      expect(await row.innerText()).toContain('乡镇/社区工作人员 · 白沙镇');

      // The new officer sees no administration and, among townships, only 白沙镇.
      await signIn(officer.page, baseUrl, username, firstPassword, '/registry/jurisdictions');
      const navigation = officer.page.getByRole('menu');
      await officer.page.locator('.ant-tree-treenode', { hasText: '白沙镇' }).first().waitFor();
      expect(await navigation.getByText('用户与角色').count()).toBe(0);
      expect(await officer.page.locator('.ant-tree-treenode', { hasText: '望江街道' }).count()).toBe(0);

      // The officer changes the first password from the account menu; a mistyped confirmation is caught first.
      await officer.page.getByTestId('account-menu').click();
      await officer.page.getByText('修改密码', { exact: true }).click();
      const change = officer.page.getByRole('dialog');
      await change.getByLabel('当前密码').fill(firstPassword);
      await change.getByLabel('新密码', { exact: true }).fill(changedPassword);
      await change.getByLabel('确认新密码').fill(`${changedPassword}x`);
      await change.getByRole('button', { name: /^保\s*存$/ }).click();
      await change.getByText('两次输入的新密码不一致').waitFor();
      await change.getByLabel('确认新密码').fill(changedPassword);
      await change.getByRole('button', { name: /^保\s*存$/ }).click();
      await waitUntilSaved(change);

      // Reset the password; the officer signs in with the new one.
      await row.getByRole('button', { name: '重置密码' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('新密码').fill(secondPassword);
      await dialog.getByRole('button', { name: /^保\s*存$/ }).click();
      await waitUntilSaved(dialog);
      await officer.context.clearCookies();
      await signIn(officer.page, baseUrl, username, secondPassword, '/registry/agencies');

      // Disable the account: it shows as disabled, and signing in is refused with a translated message.
      await row.getByRole('button', { name: /^停\s*用$/ }).click();
      await page.locator('.ant-popconfirm').getByRole('button', { name: /^是$/ }).click();
      await row.getByText('已停用', { exact: true }).waitFor();
      await officer.context.clearCookies();
      await officer.page.goto(`${baseUrl}/sign-in`);
      await officer.page.getByLabel('用户名').fill(username);
      await officer.page.getByLabel('密码').fill(secondPassword);
      await officer.page.getByRole('button', { name: /^登\s*录$/ }).click();
      const refusal = officer.page.getByTestId('sign-in-error');
      await refusal.waitFor();
      expect((await refusal.innerText()).length).toBeGreaterThan(4);
      expect(officer.page.url()).toContain('/sign-in');

      expect([...admin.outsideRequests, ...officer.outsideRequests]).toEqual([]);
      expect([...admin.pageErrors, ...officer.pageErrors]).toEqual([]);
    } finally {
      await admin.context.close();
      await officer.context.close();
    }
  });
});

describe('registry editing', () => {
  it('edits a duty roster, shows the server’s validation beside a jurisdiction code, places a new facility on the map', async () => {
    const { context, page, outsideRequests, pageErrors } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'admin', password, '/registry/agencies');

      // The CDC's roster for the coming week comes from the seed; rename today's day shift.
      await page.goto(`${baseUrl}/registry/agencies?q=JJ-CDC`);
      await page.locator('.ant-table-row a', { hasText: '嘉江区疾病预防控制中心' }).click();
      await page.getByText('值班表', { exact: true }).waitFor();
      // the district's today (the roster starts there), not UTC's
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      await page.locator('.ant-table-row', { hasText: today }).first().waitFor();
      await page.getByRole('button', { name: '编辑值班表' }).click();
      const names = page.getByPlaceholder('值班人员');
      const before = await names.count();
      expect(before).toBeGreaterThan(7);
      await names.first().fill('端到端值班员');
      await page.getByRole('button', { name: /^保\s*存$/ }).click();
      await page.locator('.ant-table-row', { hasText: '端到端值班员' }).waitFor();
      expect(await page.locator('.ant-table-row').count()).toBe(before);

      // A township code the server refuses (a township with communities keeps its code, and township codes
      // end in 000): the server's reason appears under the field, after the translated lead-in.
      await page.goto(`${baseUrl}/registry/jurisdictions`);
      await page.locator('.ant-tree-node-content-wrapper', { hasText: '望江街道' }).first().click();
      // Its neighbours are listed and lead to each other: a neighbour's own list names 望江街道.
      const neighbours = page.getByTestId('jurisdiction-neighbours').locator('a');
      await neighbours.first().waitFor();
      const neighbour = await neighbours.first().innerText();
      await neighbours.first().click();
      await page.locator('.ant-card-head-title', { hasText: neighbour }).waitFor();
      await neighbours.filter({ hasText: '望江街道' }).click();
      await page.locator('.ant-card-head-title', { hasText: '望江街道' }).waitFor();
      // The button's name includes its icon's label ("edit 编辑").
      await page.getByRole('button', { name: /编\s*辑$/ }).click();
      const drawer = page.getByRole('dialog');
      await drawer.getByLabel('区划代码').fill('500199001999');
      await drawer.getByRole('button', { name: /^保\s*存$/ }).click();
      const explained = drawer.locator('.ant-form-item-explain-error', { hasText: '该字段的值无效' });
      await explained.waitFor();
      expect(await explained.innerText()).toMatch(/^该字段的值无效（.+）$/);
      // Nothing was saved: the drawer stays open for correction.
      expect(await drawer.getByLabel('区划代码').inputValue()).toBe('500199001999');

      // A new facility placed by clicking the map: the click fills longitude and latitude. The name is unique per
      // run so that the test can also run against a long-lived server (OC_E2E_BASE_URL).
      const facilityName = `端到端方舱医院${Date.now().toString(36).toUpperCase()}`;
      await page.goto(`${baseUrl}/registry/facilities`);
      await page.getByRole('button', { name: /新增设施/ }).click();
      const form = page.getByRole('dialog');
      await form.getByLabel('中文名称').fill(facilityName);
      await form.getByLabel('英文名称').fill('End-to-end Field Hospital');
      await form.getByLabel('设施类型').click();
      await pickOption(page, '定点医院');
      await form.getByLabel('所属辖区').click();
      await page.keyboard.type('望江街道');
      await pickOption(page, '望江街道');
      await form.getByLabel('床位', { exact: true }).fill('120');
      const map = form.getByTestId('district-map').locator('canvas');
      await map.waitFor();
      const box = await map.boundingBox();
      await page.mouse.click((box?.x ?? 0) + (box?.width ?? 0) / 2, (box?.y ?? 0) + (box?.height ?? 0) / 2);
      await expect.poll(() => form.getByLabel('经度').inputValue()).not.toBe('');
      const longitude = Number(await form.getByLabel('经度').inputValue());
      const latitude = Number(await form.getByLabel('纬度').inputValue());
      // Inside District J's seeded extent (around 106.4° E, 29.5° N).
      expect(longitude).toBeGreaterThan(105);
      expect(longitude).toBeLessThan(108);
      expect(latitude).toBeGreaterThan(28);
      expect(latitude).toBeLessThan(31);
      await form.getByRole('button', { name: /^保\s*存$/ }).click();
      await waitUntilSaved(form);
      await page.getByPlaceholder('按名称或地址搜索').fill(facilityName);
      await page.getByPlaceholder('按名称或地址搜索').press('Enter');
      const created = page.locator('.ant-table-row', { hasText: facilityName });
      await created.waitFor();
      expect(await created.innerText()).toContain('120');

      expect(outsideRequests).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/**
 * Field staff on a phone (390 × 844, issue 12 item 9), in Chromium against the real server seeded with
 * District J. On every page of their daily jobs — the township officer's alerts (list, detail, comment),
 * notifications and tasks; the liaison's tasks; the epidemiologist's cases and incidents — the page does not
 * scroll sideways (document.scrollWidth ≤ 390), the bell is inside the screen, the page title is not covered
 * (the element at its centre is the title itself) and the list is drawn as cards, not as a table. The menu
 * opens as a drawer from the header and navigates. The other lists (meetings, reports, plans, feeds, users, the
 * audit log) are cards at this width too.
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

interface PhoneLayout {
  scrollWidth: number;
  bell: { left: number; right: number; top: number; bottom: number } | null;
  /** The page title's text, and whether the element at its centre belongs to it (nothing floats over it). */
  title: string | null;
  titleUncovered: boolean;
}

/** Measures what item 9 is about on the page as it is now, scrolled to the top (where its title is). */
async function phoneLayout(page: Page): Promise<PhoneLayout> {
  // a late chunk or font can widen the page after the first paint: measure once things are still
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const bellButton = document.querySelector('[data-testid="app-header"] .anticon-bell')?.closest('button');
    const box = bellButton?.getBoundingClientRect();
    const heading = document.querySelector('.oc-content h3, .oc-content h4');
    let titleUncovered = false;
    if (heading) {
      const rect = heading.getBoundingClientRect();
      const hit = document.elementFromPoint(rect.left + Math.min(rect.width / 2, 40), rect.top + rect.height / 2);
      titleUncovered = hit !== null && heading.contains(hit);
    }
    return {
      scrollWidth: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
      bell: box ? { left: box.left, right: box.right, top: box.top, bottom: box.bottom } : null,
      title: heading?.textContent ?? null,
      titleUncovered,
    };
  });
}

function expectFits(layout: PhoneLayout, where: string) {
  expect(layout.scrollWidth, `${where}: horizontal overflow`).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
  expect(layout.bell, `${where}: no bell`).not.toBeNull();
  expect(layout.bell!.left, `${where}: bell off-screen`).toBeGreaterThanOrEqual(0);
  expect(layout.bell!.right, `${where}: bell off-screen`).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
  expect(layout.bell!.top).toBeGreaterThanOrEqual(0);
  expect(layout.title, `${where}: no title`).toBeTruthy();
  expect(layout.titleUncovered, `${where}: title covered`).toBe(true);
}

/** The list inside `testId` is drawn as cards (at least `min`) and holds no table. */
async function expectCards(page: Page, testId: string, min = 1) {
  const list = page.getByTestId(testId).first();
  await list.locator('.oc-list-card').first().waitFor();
  expect(await list.locator('.oc-list-card').count()).toBeGreaterThanOrEqual(min);
  expect(await list.locator('table').count()).toBe(0);
}

describe('phone width (390 × 844)', () => {
  it('the township officer reports an event from the phone; it is an alert in the inbox, drawn as cards, commented on', async () => {
    const { page, pageErrors, outsideRequests } = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      const api = new ApiSession(baseUrl);
      await api.signIn('officer.wangjiang', password);
      const places = await api.request<{ items: { id: string; name: string; level: string }[] }>('GET', '/api/jurisdictions');
      const community = places.items.find((j) => j.level === 'community')!;
      expect(community).toBeTruthy();

      await signIn(page, baseUrl, 'officer.wangjiang', password, '/tasks');
      await page.getByTestId('task-inbox').waitFor();
      expectFits(await phoneLayout(page), '/tasks');

      // The menu is a drawer opened from the header; the side navigation takes no room on the page. The officer
      // finds "report an event" there, and no detection settings or back-test (the district's business).
      expect(await page.locator('.ant-layout-sider').count()).toBe(0);
      await page.getByTestId('nav-open').click();
      const drawer = page.locator('.oc-nav-drawer .ant-menu');
      await drawer.getByRole('menuitem', { name: /报告突发事件/ }).waitFor();
      expect(await drawer.getByRole('menuitem', { name: /预警方法设置|回溯|Detection settings/ }).count()).toBe(0);
      await drawer.getByRole('menuitem', { name: /报告突发事件/ }).click();
      await page.waitForURL('**/alerts/report-event');
      await drawer.waitFor({ state: 'hidden' });
      const form = page.getByTestId('event-report-form');
      await form.waitFor();
      expectFits(await phoneLayout(page), '/alerts/report-event');

      // Sending it half filled is refused in the form, naming what is missing.
      await form.getByRole('button', { name: /提交报告/ }).click();
      await form.getByText('请选择事件类型').waitFor();
      await form.getByText('请填写具体地点').waitFor();

      const place = `实验小学三年级二班 ${Date.now().toString(36)}`;
      await form.getByLabel('事件类型').click();
      await pickOption(page, '学校/托幼机构聚集性发病');
      await form.getByLabel('所在社区/村').click();
      await page.keyboard.type(community.name);
      await pickOption(page, community.name);
      await form.getByLabel('具体地点').fill(place);
      await form.getByLabel('涉及人数').fill('12');
      await form.getByLabel('情况描述').fill('同班 12 名学生发热、呕吐，2 人就诊');
      await form.getByLabel('信息来源').fill('校医电话');
      await page
        .locator('[data-testid="event-photo"] input[type=file], .ant-upload input[type=file]')
        .first()
        .setInputFiles({
          name: 'scene.png',
          mimeType: 'image/png',
          buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]),
        });
      await form.getByText('scene.png').waitFor();
      expectFits(await phoneLayout(page), 'filled form');
      await form.getByRole('button', { name: /提交报告/ }).click();

      // It is an alert of class "event" at the community, with the report and the photo on its page.
      await page.waitForURL(/\/alerts\/[0-9a-f-]{36}$/);
      const alertId = page.url().split('/').at(-1)!;
      await page.getByTestId('event-report').getByText(place).first().waitFor();
      await page.getByRole('link', { name: 'scene.png', exact: true }).waitFor();
      const detail = await api.request<{
        origin: string;
        status: string;
        jurisdiction: { id: string };
        eventReport: { peopleAffected: number; source: string };
      }>('GET', `/api/alerts/${alertId}`);
      expect(detail).toMatchObject({
        origin: 'event',
        status: 'new',
        jurisdiction: { id: community.id },
        eventReport: { peopleAffected: 12, source: '校医电话' },
      });
      const layout = await phoneLayout(page);
      expect(layout.scrollWidth).toBeLessThanOrEqual(PHONE_VIEWPORT.width);
      expect(layout.bell!.right).toBeLessThanOrEqual(PHONE_VIEWPORT.width);

      // A comment from the phone.
      const note = `手机端补充 ${Date.now().toString(36)}：已通知学校晨检`;
      const box = page.getByLabel('讨论');
      await box.scrollIntoViewIfNeeded();
      await box.fill(note);
      await page.getByRole('button', { name: /^发\s*表$/ }).click();
      await page.getByText(note).waitFor();
      expect((await phoneLayout(page)).scrollWidth).toBeLessThanOrEqual(PHONE_VIEWPORT.width);

      // The inbox: cards, the new event among them, with its "event" tag.
      await page.goto(`${baseUrl}/alerts?origin=event`);
      await expectCards(page, 'alert-inbox');
      const card = page.getByTestId('alert-inbox').locator('.oc-list-card', { hasText: '学校/托幼机构聚集性发病' }).first();
      await card.waitFor();
      expect(await card.locator('dt').allTextContents()).toEqual(expect.arrayContaining(['状态', '地点']));
      await card.getByText('事件', { exact: true }).waitFor();
      expectFits(await phoneLayout(page), '/alerts');

      await page.goto(`${baseUrl}/notifications`);
      await page.getByTestId('notification-list').waitFor();
      expectFits(await phoneLayout(page), '/notifications');
      if ((await page.getByTestId('notification-list').locator('.ant-list-item').count()) > 0) await expectCards(page, 'notification-list');

      // The district's detection settings are not theirs: the page refuses them too.
      await page.goto(`${baseUrl}/detection/settings`);
      await page
        .getByText(/无权|not allowed|没有权限|权限/)
        .first()
        .waitFor();

      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it("the liaison's tasks and the epidemiologist's cases and incidents are cards", async () => {
    const liaison = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    const epi = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(liaison.page, baseUrl, 'liaison', password, '/tasks?inbox=all');
      await expectCards(liaison.page, 'task-inbox');
      expectFits(await phoneLayout(liaison.page), 'liaison /tasks');
      // a task opens from its card and its page fits too
      await liaison.page.getByTestId('task-inbox').locator('.oc-list-card-title a').first().click();
      await liaison.page.waitForURL(/\/tasks\/[0-9a-f-]{36}$/);
      await liaison.page.getByTestId('task-detail').waitFor();
      expectFits(await phoneLayout(liaison.page), 'liaison task');

      await signIn(epi.page, baseUrl, 'epidemiologist', password, '/cases');
      await expectCards(epi.page, 'case-list', 5);
      expectFits(await phoneLayout(epi.page), '/cases');
      await epi.page.goto(`${baseUrl}/incidents`);
      await expectCards(epi.page, 'incident-list');
      expectFits(await phoneLayout(epi.page), '/incidents');
      expect([...liaison.pageErrors, ...epi.pageErrors]).toEqual([]);
    } finally {
      await liaison.context.close();
      await epi.context.close();
    }
  });

  it('the lists of meetings, reports, plans, feeds, users and the audit log are cards; an audit card opens its changes', async () => {
    const epi = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    const admin = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      await signIn(epi.page, baseUrl, 'epidemiologist', password, '/meetings');
      for (const [path, testId] of [
        ['/meetings', 'meeting-list'],
        ['/reports', 'report-list'],
        ['/plans', 'plan-list'],
        ['/feeds', 'feed-counts'],
        ['/feeds/sites', 'feed-site-list'],
      ] as const) {
        if (path !== '/meetings') await epi.page.goto(`${baseUrl}${path}`);
        await expectCards(epi.page, testId);
        expectFits(await phoneLayout(epi.page), path);
      }
      // a card's heading links to its record, as the table's title column did
      await epi.page.goto(`${baseUrl}/meetings`);
      await epi.page.getByTestId('meeting-list').locator('.oc-list-card-title a').first().click();
      await epi.page.waitForURL(/\/meetings\/[0-9a-f-]{36}$/);

      await signIn(admin.page, baseUrl, 'admin', password, '/admin/users');
      await expectCards(admin.page, 'user-list', 10);
      const adminCard = admin.page.getByTestId('user-list').locator('.oc-list-card', { hasText: '周建国（系统管理员）' });
      expect(await adminCard.locator('.oc-list-card-title').innerText()).toContain('admin');
      expectFits(await phoneLayout(admin.page), '/admin/users');

      await admin.page.goto(`${baseUrl}/admin/audit`);
      await expectCards(admin.page, 'audit-list', 5);
      expectFits(await phoneLayout(admin.page), '/admin/audit');
      const expandable = admin.page.getByTestId('audit-list').locator('.oc-list-card', { has: admin.page.locator('.oc-list-card-expand') });
      const first = expandable.first();
      await first.locator('.oc-list-card-expand').click();
      await first.getByTestId('audit-diff').waitFor();
      expect(await first.locator('.oc-list-card-expand').getAttribute('aria-expanded')).toBe('true');
      expectFits(await phoneLayout(admin.page), '/admin/audit, a card open');
      await first.locator('.oc-list-card-expand').first().click();
      expect(await first.getByTestId('audit-diff').count()).toBe(0);
      expect([...epi.pageErrors, ...admin.pageErrors]).toEqual([]);
    } finally {
      await epi.context.close();
      await admin.context.close();
    }
  });

  it("the township officer's overview map goes down to the communities of their township", async () => {
    const { page, pageErrors } = await openPage(browser, baseUrl);
    try {
      const api = new ApiSession(baseUrl);
      await api.signIn('officer.wangjiang', password);
      const figures = await api.request<{ township: { name: string }; items: { id: string; name: string; centroid: unknown }[] }>(
        'GET',
        '/api/dashboard/communities',
      );
      expect(figures.township.name).toBe('望江街道');
      expect(figures.items.length).toBeGreaterThan(1);

      await signIn(page, baseUrl, 'officer.wangjiang', password, '/');
      const table = page.getByTestId('community-figures');
      await table.waitFor();
      await table.getByText(figures.items[0]!.name).first().waitFor();
      expect(await page.getByTestId('township-figures').count()).toBe(0);
      // the circles are a layer of the map's style, each community named on the map
      await page.locator('[data-testid="district-map"][data-layers*="communities"]').waitFor({ timeout: 60_000 });
      const onMap = figures.items.filter((c) => c.centroid).length;
      expect(await page.locator('.oc-map-label-community').count()).toBe(onMap);
      await page.getByTestId('map-community-legend').waitFor();
      expect(pageErrors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

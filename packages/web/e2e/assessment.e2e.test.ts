/**
 * Assessment in Chromium against the real server seeded with District J: after the demo incident, the
 * epidemiologist opens its 7-1-7 and sees an interval over target with its bottleneck; drafts an after-action
 * review with an action for an agency and submits it; once the commander approves it (four eyes), the action is a
 * task of that agency, shown on the review; the epidemiologist records the lesson and the lessons library finds it
 * by a Chinese keyword.
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

type Interval = { days: number | null; status: string };

describe('assessment', () => {
  it('7-1-7 of the demo incident, an after-action review whose action becomes a task, and the lessons library', async () => {
    const epiApi = new ApiSession(baseUrl);
    await epiApi.signIn('epidemiologist', password);
    const commanderApi = new ApiSession(baseUrl);
    await commanderApi.signIn('commander', password);
    const incidents = await epiApi.request<{ items: Array<{ id: string; title: string }> }>('GET', '/api/incidents?page=1&pageSize=50');
    const incident = incidents.items.find((i) => i.title === '望江街道手足口病聚集性疫情');
    expect(incident).toBeTruthy();
    const figures = await epiApi.request<Record<string, Interval> & { bottlenecks: Array<{ interval: string; name: string }> }>(
      'GET',
      `/api/assessment/717?incidentId=${incident!.id}`,
    );
    const over = (['detection', 'notification', 'response'] as const).find((n) => figures[n]!.status === 'over_target');
    expect(over).toBeTruthy();
    const bottleneck = figures.bottlenecks.find((b) => b.interval === over);
    expect(bottleneck).toBeTruthy();
    const suffix = Date.now().toString(36).slice(-4);

    const { page, pageErrors, outsideRequests } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'epidemiologist', password, `/assessment/717/incident/${incident!.id}`);
      const card = page.getByTestId(`interval-${over}`);
      await card.getByTestId(`interval-${over}-status`).getByText(/超时/).waitFor();
      await card.getByTestId('bottleneck-tag').getByText(bottleneck!.name).waitFor();

      // an after-action review of the incident, with one action for an agency
      await page.goto(`${baseUrl}/assessment/reviews/new?incidentId=${incident!.id}`);
      await page.getByTestId('review-title').fill(`望江手足口病疫情事后评估${suffix}`);
      await page.getByTestId('review-went-well').fill('流调在24小时内完成。');
      await page.getByTestId('review-challenges').fill('周末等待会商，确认为事件延误。');
      await page.getByTestId('add-action').click();
      const actionTitle = `建立周末预警会商值班制度${suffix}`;
      await page.getByTestId('action-title').fill(actionTitle);
      await page.getByTestId('action-owner').click();
      await pickOption(page, '疾病预防控制中心');
      const due = page.getByTestId('action-due');
      await due.click();
      const dueDay = new Date(Date.now() + 30 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
      await page.keyboard.type(dueDay);
      await page.keyboard.press('Enter');
      await page.getByTestId('save-review').click();
      await page.waitForURL(/\/assessment\/reviews\/[0-9a-f-]{36}$/);
      const reviewId = page.url().split('/').pop()!;
      await page.getByTestId('submit-review').click();
      await page.getByTestId('review-status').getByText('待审批').waitFor();
      // the key figures attached at submission, in Chinese: the stock and tracing modules' among them
      const keyFigures = page.getByTestId('review-key-figures');
      await keyFigures.getByText('提交时的主要指标').waitFor();
      expect(await keyFigures.innerText()).toContain('物资断货（点位·品种·日）');
      expect(await keyFigures.innerText()).toContain('密接 24 小时内追踪到');

      // four eyes: the commander approves (the epidemiologist may not); the action becomes the CDC's task
      const approved = await commanderApi.request<{
        status: string;
        actions: Array<{ title: string; ownerAgency: { name: string }; task: { id: string; code: string } | null }>;
      }>('POST', `/api/assessment/reviews/${reviewId}/approve`, { comment: '同意' });
      expect(approved.status).toBe('approved');
      const action = approved.actions[0]!;
      expect(action.task).toBeTruthy();
      const { task } = await epiApi.request<{ task: { title: string; origin: string; incidentId: string } }>(
        'GET',
        `/api/tasks/${action.task!.id}`,
      );
      expect(task).toMatchObject({ title: actionTitle, origin: 'review_action', incidentId: incident!.id });
      await page.reload();
      await page.getByTestId('review-status').getByText('已审批').waitFor();
      await page.getByTestId('review-actions').getByText(action.task!.code).waitFor();

      // the lesson, found by a Chinese keyword
      await page.goto(`${baseUrl}/assessment/lessons`);
      await page.getByRole('button', { name: '添加经验' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('标题').fill(`周末会商值班${suffix}`);
      await dialog.getByLabel('经验教训').fill(`预警核实后应当日会商确认，${actionTitle}。`);
      await dialog.getByRole('button', { name: /^(确\s*定|OK)$/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByTestId('lessons-search').locator('input').fill(`值班制度${suffix}`);
      await page.getByTestId('lessons-search').locator('input').press('Enter');
      // the new lesson was on the list before the search too: wait for the search to narrow it to that one
      await expect.poll(() => page.getByTestId('lessons-list').locator('.ant-card').count(), { timeout: 20_000 }).toBe(1);
      await page.getByTestId('lessons-list').getByText(`周末会商值班${suffix}`).waitFor();
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 300_000);
});

/**
 * Tasks in Chromium against the real server seeded with District J: the commander assigns a task to two agencies
 * at once through the form; the public-security liaison finds theirs in "my tasks", accepts it, reports it
 * blocked with a reason, resumes, writes a note and marks it done, while the commander's incident task board
 * follows without a reload; the CDC's epidemiologist sees the task read-only, without workflow buttons.
 */
import type { Browser, Page } from 'playwright-core';
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


describe('tasks', () => {
  it('assigns to two agencies, runs the workflow as the liaison, refuses another agency, updates the board live', async () => {
    const commander = await openPage(browser, baseUrl);
    const liaison = await openPage(browser, baseUrl);
    const epidemiologist = await openPage(browser, baseUrl);
    try {
      const api = new ApiSession(baseUrl);
      await api.signIn('commander', password);
      const incident = (await api.request<{ items: { id: string; code: string; title: string }[] }>('GET', '/api/incidents?status=open&pageSize=100')).items[0]!;
      expect(incident).toBeTruthy();

      // 1. The commander assigns one task to the public security bureau and the CDC at once.
      const title = `核查返乡人员 ${Date.now().toString(36)}`;
      const { page } = commander;
      await signIn(page, baseUrl, 'commander', password, `/tasks/new?incidentId=${incident.id}`);
      await page.getByLabel('任务', { exact: true }).fill(title);
      await page.getByLabel('承办部门（可多选）').click();
      await page.keyboard.type('公安');
      await pickOption(page, '嘉江区公安分局');
      await page.keyboard.type('疾病预防');
      await pickOption(page, '嘉江区疾病预防控制中心');
      await page.keyboard.press('Escape');
      // Without a due time the form refuses before sending anything.
      await page.getByRole('button', { name: /^分\s*派$/ }).click();
      await page.getByText('请填写截止时间').waitFor();
      await page.getByLabel('截止时间').click();
      await page.getByLabel('截止时间').fill('2099-12-31 16:00');
      // Enter confirms the picker's value and submits the form.
      await page.keyboard.press('Enter');
      await page.waitForURL(`**/incidents/${incident.id}/tasks`);
      const board = page.getByTestId('task-board');
      await board.waitFor();

      const created = (await api.request<{ items: { id: string; code: string; title: string; assigneeAgencyName: string }[] }>('GET', `/api/tasks?incidentId=${incident.id}&q=${encodeURIComponent(title)}`)).items;
      expect(created.map((x) => x.assigneeAgencyName).sort()).toEqual(['嘉江区公安分局', '嘉江区疾病预防控制中心']);
      const task = created.find((x) => x.assigneeAgencyName === '嘉江区公安分局')!;
      await page.getByTestId('board-column-assigned').locator(`[data-task-id="${task.id}"]`).waitFor();

      // 2. The liaison finds it in "my tasks" and works it.
      await signIn(liaison.page, baseUrl, 'liaison', password, '/tasks');
      const row = liaison.page.locator(`tr[data-task-id="${task.id}"]`);
      await row.waitFor();
      await row.getByRole('link', { name: task.code }).click();
      await liaison.page.waitForURL(`**/tasks/${task.id}`);
      const actions = liaison.page.getByTestId('task-actions');
      await actions.getByRole('button', { name: /^接\s*受$/ }).click();
      await actions.getByRole('button', { name: /^受\s*阻$/ }).click();
      const dialog = liaison.page.getByRole('dialog');
      await dialog.getByLabel('原因').fill('等待公安大数据比对结果');
      await dialog.getByRole('button', { name: /^确\s*定$/ }).click();
      await liaison.page.getByText('受阻，原因：等待公安大数据比对结果').waitFor();
      await actions.getByRole('button', { name: /^恢复办理$/ }).click();
      await liaison.page.getByLabel('添加记录').fill('已比对 35 人，发现 2 人来自中风险地区');
      await liaison.page.getByRole('button', { name: /^添加记录$/ }).click();
      await liaison.page.getByText('已比对 35 人，发现 2 人来自中风险地区').waitFor();
      await actions.getByRole('button', { name: /^办\s*结$/ }).click();
      await liaison.page.locator('[data-testid="task-detail"][data-status="done"]').waitFor();

      // 3. The commander's board moved the card to "done" without a reload.
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations.push(frame.url());
      });
      await page.getByTestId('board-column-done').locator(`[data-task-id="${task.id}"]`).waitFor({ timeout: 20_000 });
      expect(navigations).toEqual([]);

      // 4. The CDC's epidemiologist reads the police task but gets no workflow buttons; the API refuses a change.
      await signIn(epidemiologist.page, baseUrl, 'epidemiologist', password, `/tasks/${task.id}`);
      await epidemiologist.page.getByTestId('task-detail').waitFor();
      await epidemiologist.page.getByText('该任务不是分派给您或您所在部门的，您只能查看。').waitFor();
      expect(await epidemiologist.page.getByTestId('task-actions').count()).toBe(0);
      const other = new ApiSession(baseUrl);
      await other.signIn('epidemiologist', password);
      await expect(other.request('POST', `/api/tasks/${task.id}/transition`, { action: 'reopen' })).rejects.toThrow(/: 403 /);

      expect([...commander.pageErrors, ...liaison.pageErrors, ...epidemiologist.pageErrors]).toEqual([]);
      expect([...commander.outsideRequests, ...liaison.outsideRequests, ...epidemiologist.outsideRequests]).toEqual([]);
    } finally {
      await commander.context.close();
      await liaison.context.close();
      await epidemiologist.context.close();
    }
  }, 240_000);
});

/**
 * Tasks in Chromium against the real server seeded with District J: the commander assigns a task to two agencies
 * at once through the form; the public-security liaison finds theirs in "my tasks", accepts it, reports it
 * blocked with a reason, resumes, writes a note and marks it done — at phone width, through the completion dialog,
 * which wants the result and takes a file as evidence — while the commander's incident task board follows without a
 * reload; the commander reopens the done task with a reason, shown on the task and in its history; the CDC's
 * epidemiologist sees the task read-only, without workflow buttons.
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

describe('tasks', () => {
  it('assigns to two agencies, runs the workflow as the liaison, refuses another agency, updates the board live', async () => {
    const commander = await openPage(browser, baseUrl);
    const liaison = await openPage(browser, baseUrl);
    const epidemiologist = await openPage(browser, baseUrl);
    try {
      const api = new ApiSession(baseUrl);
      await api.signIn('commander', password);
      const incident = (
        await api.request<{ items: { id: string; code: string; title: string }[] }>('GET', '/api/incidents?status=open&pageSize=100')
      ).items[0]!;
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

      const created = (
        await api.request<{ items: { id: string; code: string; title: string; assigneeAgencyName: string }[] }>(
          'GET',
          `/api/tasks?incidentId=${incident.id}&q=${encodeURIComponent(title)}`,
        )
      ).items;
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
      // Marking it done, on a phone: the dialog fits the screen, wants the result, takes a photo or a list.
      await liaison.page.setViewportSize({ width: 390, height: 844 });
      await actions.getByRole('button', { name: /^办\s*结$/ }).click();
      const completion = liaison.page.getByRole('dialog', { name: '办结任务' });
      await completion.waitFor();
      const box = (await completion.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(390);
      await completion.getByRole('button', { name: /^确\s*定$/ }).click();
      await completion.getByText('请填写办理结果').waitFor();
      expect(await liaison.page.locator('[data-testid="task-detail"]').getAttribute('data-status')).toBe('in_progress');
      await completion.getByLabel('办理结果').fill('已比对 35 人，2 人已落实居家健康监测，名单已报指挥部');
      await completion
        .locator('input[type="file"]')
        .setInputFiles({ name: '核查名单.csv', mimeType: 'text/csv', buffer: Buffer.from('姓名,结果\n张三,居家监测\n') });
      await completion.getByText('核查名单.csv').waitFor();
      await completion.getByRole('button', { name: /^确\s*定$/ }).click();
      await liaison.page.locator('[data-testid="task-detail"][data-status="done"]').waitFor();
      await liaison.page.getByTestId('task-result').getByText('已比对 35 人，2 人已落实居家健康监测，名单已报指挥部').waitFor();
      // the evidence is among the task's files, the result in its history
      await liaison.page
        .getByRole('link', { name: /核查名单\.csv/ })
        .first()
        .waitFor();
      const detail = await api.request<{
        task: { status: string; result: string };
        notes: { status: string | null; body: string }[];
        files: { filename: string }[];
      }>('GET', `/api/tasks/${task.id}`);
      expect(detail.task).toMatchObject({ status: 'done', result: '已比对 35 人，2 人已落实居家健康监测，名单已报指挥部' });
      expect(detail.files.map((f) => f.filename)).toEqual(['核查名单.csv']);
      expect(detail.notes.at(-1)).toMatchObject({ status: 'done', body: '已比对 35 人，2 人已落实居家健康监测，名单已报指挥部' });

      // 3. The commander's board moved the card to "done" without a reload.
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations.push(frame.url());
      });
      await page.getByTestId('board-column-done').locator(`[data-task-id="${task.id}"]`).waitFor({ timeout: 20_000 });
      expect(navigations).toEqual([]);

      // 3b. The commander finds the result short and reopens the task, with a reason; the liaison sees why.
      await page.goto(`${baseUrl}/tasks/${task.id}`);
      await page.getByTestId('task-result').waitFor();
      await page
        .getByTestId('task-actions')
        .getByRole('button', { name: /^重新打开$/ })
        .click();
      const reopen = page.getByRole('dialog', { name: '重新打开' });
      expect(await reopen.getByRole('button', { name: /^确\s*定$/ }).isDisabled()).toBe(true);
      await reopen.getByLabel('原因').fill('请补充 2 人的核酸检测结果');
      await reopen.getByRole('button', { name: /^确\s*定$/ }).click();
      await page.locator('[data-testid="task-detail"][data-status="in_progress"]').waitFor();
      await page.getByText('已重新打开，原因：请补充 2 人的核酸检测结果').waitFor();
      // in the history: the completion with its result, then the reopening with its reason
      const history = await page.locator('.ant-timeline').last().innerText();
      expect(history.indexOf('已比对 35 人')).toBeLessThan(history.indexOf('请补充 2 人的核酸检测结果'));
      await liaison.page.getByText('已重新打开，原因：请补充 2 人的核酸检测结果').waitFor({ timeout: 20_000 });

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

/**
 * The response flow of issue 6 in Chromium against the real server seeded with District J: the commander opens an
 * incident and activates level III; the public-security liaison, in a second browser, finds the plan's task in the
 * agency inbox, accepts it and marks it done; the commander's command dashboard shows the progress without a
 * reload (live events); the commander drafts today's situation report and its PDF, parsed with pdftotext, holds the
 * Chinese headings and today's figures. Through the API: a user of another agency cannot change that task, and a
 * task without a due time or for an unknown agency is refused with an error naming the field. Then, in the demo
 * joint meeting, the commander records a decision and turns it into a task for the public security bureau, whose
 * status the decision shows.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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

/**
 * Text of a PDF through poppler's pdftotext (installed by .ci/run), with all white space removed: a sentence may
 * wrap anywhere, and pdftotext's layout spacing is not the document's.
 */
function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'oc-e2e-pdf-'));
  try {
    writeFileSync(join(dir, 'r.pdf'), bytes);
    return execFileSync('pdftotext', [join(dir, 'r.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The HTTP status of a refused API call (ApiSession throws "METHOD path: status body"). */
async function refusal(
  call: Promise<unknown>,
): Promise<{ status: number; body: { error: { id: string; details?: { path: string; message: string }[] } } }> {
  try {
    await call;
  } catch (error) {
    const m = /: (\d{3}) (.*)$/s.exec((error as Error).message);
    if (m) return { status: Number(m[1]), body: JSON.parse(m[2]!) };
    throw error;
  }
  throw new Error('the call was not refused');
}

interface TaskLite {
  id: string;
  code: string;
  title: string;
  status: string;
  assigneeAgencyId: string | null;
  dueAt: string;
}

describe('response command', () => {
  it('runs an incident from level III to a done task, a live dashboard and a Chinese PDF report', async () => {
    const commander = await openPage(browser, baseUrl);
    const liaison = await openPage(browser, baseUrl);
    try {
      const { page } = commander;
      // 1. The commander opens an incident and activates level III.
      const title = `端到端响应事件 ${Date.now().toString(36)}`;
      await signIn(page, baseUrl, 'commander', password, '/incidents/new');
      await page.getByLabel('事件名称').fill(title);
      await page.getByLabel('发生地区').click();
      await page.keyboard.type('白沙镇');
      await pickOption(page, '白沙镇');
      await page.getByLabel('病种').click();
      await page.keyboard.type('手足口');
      await pickOption(page, '手足口病');
      await page.getByRole('button', { name: /^立\s*项$/ }).click();
      await page.getByText('尚未启动应急响应').waitFor();
      const incidentId = /\/incidents\/([0-9a-f-]{36})/.exec(page.url())![1]!;

      await page.getByRole('button', { name: /启动响应/ }).click();
      const dialog = page.getByRole('dialog', { name: '启动响应' });
      await dialog.getByLabel('响应级别').click();
      await pickOption(page, 'Ⅲ级（较大）');
      await dialog.getByLabel('理由').fill('白沙镇托幼机构聚集性疫情，经研判启动Ⅲ级响应');
      await dialog.getByRole('button', { name: /^确\s*认$/ }).click();
      await waitUntilSaved(dialog);
      await page.getByRole('status', { name: '当前响应级别' }).getByText('当前响应级别：Ⅲ级（较大）').waitFor();

      // The plan's task for the public security bureau, as the API lists it.
      const api = new ApiSession(baseUrl);
      await api.signIn('commander', password);
      const police = (await api.request<{ items: { id: string; code: string }[] }>('GET', '/api/agencies?pageSize=500')).items.find(
        (a) => a.code === 'JJ-GA',
      )!;
      const listed = await api.request<{ items: TaskLite[] }>('GET', `/api/tasks?incidentId=${incidentId}&pageSize=200`);
      const task = listed.items.find((x) => x.assigneeAgencyId === police.id)!;
      expect(task).toBeTruthy();
      expect(task.status).toBe('assigned');

      // 2. The commander watches the command dashboard.
      await page.goto(`${baseUrl}/incidents/${incidentId}/command`);
      await page.getByRole('heading', { name: new RegExp(`指挥看板：.*${title}`) }).waitFor();
      const policeRow = page.getByTestId(`progress-${police.id}`);
      await policeRow.waitFor();
      // The area's townships are shaded by cases in the incident period, with a localised legend; Rt says up to
      // which day it is estimated and why the last days are left out.
      await page
        .getByTestId('map-legend')
        .getByText(/^事件期间病例数（\d{4}-\d{2}-\d{2}起）$/)
        .waitFor();
      await page
        .getByTestId('rt-completeness')
        .getByText(/^Rt估算截至\d{4}-\d{2}-\d{2}；最近\d+天的发病数据尚不完整（/)
        .waitFor();
      const doneCell = policeRow.locator('[data-col="done"]');
      const before = Number(await doneCell.innerText());

      // 3. The liaison, in another browser, finds the task in the agency inbox, accepts it and marks it done.
      await signIn(liaison.page, baseUrl, 'liaison', password, '/tasks');
      const row = liaison.page.locator(`tr[data-task-id="${task.id}"]`);
      await row.waitFor();
      expect(await row.innerText()).toContain(task.title);
      await row.getByRole('link', { name: task.code }).click();
      await liaison.page.waitForURL(`**/tasks/${task.id}`);
      const actions = liaison.page.getByTestId('task-actions');
      await actions.getByRole('button', { name: /^接\s*受$/ }).click();
      await actions.getByRole('button', { name: /^办\s*结$/ }).click();
      // Done needs its result (issue 12): the completion dialog.
      const completion = liaison.page.getByRole('dialog', { name: '办结任务' });
      await completion.getByLabel('办理结果').fill('已协助完成流调溯源，重点人员均已落实管控');
      await completion.getByRole('button', { name: /^确\s*定$/ }).click();
      await expect
        .poll(async () => (await api.request<{ task: TaskLite }>('GET', `/api/tasks/${task.id}`)).task.status, { timeout: 20_000 })
        .toBe('done');

      // 4. The dashboard follows without a reload.
      const navigations: string[] = [];
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations.push(frame.url());
      });
      await expect.poll(async () => Number(await doneCell.innerText()), { timeout: 20_000 }).toBe(before + 1);
      expect(navigations).toEqual([]);

      // 5. Today's report: drafted through the page, exported as a PDF with Chinese headings and today's figures.
      await page.goto(`${baseUrl}/reports`);
      await page.getByRole('button', { name: /起草日报/ }).click();
      const draft = page.getByRole('dialog', { name: '起草日报' });
      await draft.getByLabel('事件').click();
      await page.keyboard.type(title.slice(-6));
      await pickOption(page, title);
      await draft.getByRole('button', { name: /^起\s*草$/ }).click();
      await page.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
      await page.getByText('一、总体情况').waitFor();
      const summary = await api.request<{
        today: string;
        cases: { totals: { newReported: number; cumulative: number } };
        tasks: { totals: { total: number; done: number } };
      }>('GET', `/api/incidents/${incidentId}/command-summary`);
      const href = await page.getByTestId('report-pdf').getAttribute('href');
      const pdf = await page.request.get(`${baseUrl}${href}`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const text = pdfText(await pdf.body());
      const has = (expected: string) => expect(text).toContain(expected.replace(/\s+/g, ''));
      for (const heading of [
        '疫情日报',
        '一、总体情况',
        '二、疫情形势',
        '三、预警信息',
        '四、任务落实情况',
        '五、医疗资源',
        '六、已采取的防控措施',
        '七、下一步工作',
      ]) {
        has(heading);
      }
      // dates as the app writes them (issue 12, item 11): YYYY-MM-DD, the district's day
      has(`报告日期：${summary.today}`);
      has(title);
      has(`手足口病病例 ${summary.cases.totals.newReported} 例`);
      has(`累计报告 ${summary.cases.totals.cumulative} 例`);
      has(`共 ${summary.tasks.totals.total} 项任务：已完成 ${summary.tasks.totals.done} 项`);
      expect(text).toMatch(/Rt估算截至\d{4}-\d{2}-\d{2}；最近\d+天的发病数据尚不完整（/);
      expect(summary.tasks.totals.done).toBeGreaterThanOrEqual(1);

      // 6. Another agency's user cannot change the task; a task without a due time or for an unknown agency is refused.
      const other = new ApiSession(baseUrl);
      await other.signIn('logistics', password);
      const refused = await refusal(other.request('POST', `/api/tasks/${task.id}/transition`, { action: 'reopen' }));
      expect([403, 404]).toContain(refused.status);
      expect((await api.request<{ task: TaskLite }>('GET', `/api/tasks/${task.id}`)).task.status).toBe('done');

      const noDue = await refusal(api.request('POST', '/api/tasks', { incidentId, title: '补充排查', assigneeAgencyId: police.id }));
      expect(noDue.status).toBe(400);
      expect(noDue.body.error.id).toBe('validation_failed');
      expect(noDue.body.error.details!.map((x) => x.path)).toContain('dueAt');
      const unknownAgency = await refusal(
        api.request('POST', '/api/tasks', {
          incidentId,
          title: '补充排查',
          assigneeAgencyId: '00000000-0000-4000-8000-000000000000',
          dueAt: new Date(Date.now() + 86400_000).toISOString(),
        }),
      );
      expect(unknownAgency.status).toBe(400);
      expect(unknownAgency.body.error.details!.map((x) => x.path)).toContain('assigneeAgencyId');

      expect(commander.pageErrors).toEqual([]);
      expect(liaison.pageErrors).toEqual([]);
      expect([...commander.outsideRequests, ...liaison.outsideRequests]).toEqual([]);
    } finally {
      await commander.context.close();
      await liaison.context.close();
    }
  }, 300_000);

  it('records a decision in the demo meeting and turns it into a task for an agency', async () => {
    const { page, pageErrors, outsideRequests } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'commander', password, '/meetings');
      await page.getByRole('link', { name: '望江街道手足口病疫情联防联控第一次会议' }).click();
      await page.getByTestId('decision-1').waitFor();
      const text = `公安分局协助排查密切接触者 ${Date.now().toString(36)}`;
      await page.getByLabel('新的议定事项').fill(text);
      await page.getByRole('button', { name: /添\s*加/ }).click();
      const decision = page.locator('[data-testid^="decision-"]', { hasText: text });
      await decision.waitFor();
      await decision.getByRole('button', { name: /转为任务/ }).click();
      const dialog = page.getByRole('dialog', { name: '转为任务' });
      // Without an agency the form says so before sending.
      await dialog.getByRole('button', { name: /下发任务/ }).click();
      await dialog.getByText('请至少选择一个单位').waitFor();
      await dialog.getByLabel(/责任单位/).click();
      await page.keyboard.type('公安');
      await pickOption(page, '嘉江区公安分局');
      await page.keyboard.press('Escape');
      await dialog.getByRole('button', { name: /下发任务/ }).click();
      await waitUntilSaved(dialog);
      await decision.getByText(/嘉江区公安分局 · 已分派/).waitFor();
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 180_000);
});

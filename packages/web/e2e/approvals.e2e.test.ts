/**
 * Four eyes in Chromium against the real server seeded with District J (issue 12, item 7): the commander finishes
 * today's situation report of the demo incident — refused while its required sections are empty, each marked —
 * submits it and, as one of its authors, cannot approve it (the button is disabled and says why); the district
 * leader finds "awaiting approval" in the notifications and approves it. The level dialog proposes the leader as
 * approver, never the commander who requests it (his own name is listed but cannot be picked), and the leader is
 * told that he was named. The administrator filters the audit log by a person picked by name, and reads a role
 * change with places and roles named, not as ids (item 16).
 */
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

interface ReportLite {
  id: string;
  incidentTitle: string;
  status: string;
  reportDate: string;
  title: string;
}

describe('four eyes', () => {
  it('requires the sections, keeps the author from approving, and tells the other approver', async () => {
    const commander = await openPage(browser, baseUrl);
    const leader = await openPage(browser, baseUrl);
    try {
      const api = new ApiSession(baseUrl);
      await api.signIn('commander', password);
      const drafts = await api.request<{ items: ReportLite[] }>('GET', '/api/reports?status=draft&pageSize=100');
      // Today's report of the demo incident: drafted by the epidemiologist, its texts still empty.
      const report = drafts.items.find((r) => r.incidentTitle === '望江街道手足口病聚集性疫情')!;
      expect(report).toBeTruthy();

      const { page } = commander;
      await signIn(page, baseUrl, 'commander', password, `/reports/${report.id}`);
      await page.getByRole('button', { name: '提交审核' }).click();
      await page.getByText('以下部分尚未填写，不能提交审核：一、总体情况、六、已采取的防控措施、七、下一步工作').waitFor();
      expect(await page.getByText('提交审核前必须填写本部分').count()).toBe(3);
      expect((await api.request<ReportLite>('GET', `/api/reports/${report.id}`)).status).toBe('draft');

      await page.getByLabel('一、总体情况').fill('望江街道手足口病聚集性疫情总体可控，无新增聚集点。');
      await page.getByLabel('六、已采取的防控措施').fill('涉事班级停课并终末消毒。');
      await page.getByLabel('七、下一步工作').fill('继续晨午检和病例搜索。');
      await page.getByRole('button', { name: '提交审核' }).click();
      await page.getByText('待审核').first().waitFor();
      // He wrote it: the approve button is there but disabled, and the page says why.
      await page.getByText('您参与了本期日报的起草、修改或提交，按四眼原则不能审核通过；请由另一位审核人审核。').waitFor();
      expect(await page.getByTestId('approve-disabled').isDisabled()).toBe(true);
      // The server refuses it too, with the rule named.
      await expect(api.request('POST', `/api/reports/${report.id}/approve`, {})).rejects.toThrow(/: 409 .*author_cannot_approve/);

      // The leader is told that it awaits approval, opens it from the notifications and approves it.
      await signIn(leader.page, baseUrl, 'leader', password, '/notifications');
      const notice = leader.page.locator('.ant-list-item', { hasText: `疫情日报待审核：` }).filter({ hasText: report.reportDate }).first();
      await notice.waitFor();
      await notice.getByRole('button', { name: /打\s*开/ }).click();
      await leader.page.waitForURL(`**/reports/${report.id}`);
      await leader.page.getByRole('button', { name: '审核通过' }).click();
      const dialog = leader.page.getByRole('dialog', { name: '审核通过' });
      await dialog.getByRole('button', { name: /^确\s*定$/ }).click();
      await leader.page.getByText('已审核').first().waitFor();
      expect((await api.request<{ approvedByName: string }>('GET', `/api/reports/${report.id}`)).approvedByName).toBe('刘卫东（副区长）');
      expect([...commander.pageErrors, ...leader.pageErrors]).toEqual([]);
    } finally {
      await commander.context.close();
      await leader.context.close();
    }
  }, 180_000);

  it('proposes another holder of the right as the level approver, never the requester', async () => {
    const { page, pageErrors, context } = await openPage(browser, baseUrl);
    try {
      const api = new ApiSession(baseUrl);
      await api.signIn('commander', password);
      const districtTownship = (await api.request<{ items: { id: string; name: string }[] }>('GET', '/api/jurisdictions')).items.find(
        (j) => j.name === '白沙镇',
      )!;
      const title = `四眼测试事件 ${Date.now().toString(36)}`;
      const incident = await api.request<{ id: string; code: string }>('POST', '/api/incidents', {
        title,
        jurisdictionId: districtTownship.id,
      });

      await signIn(page, baseUrl, 'commander', password, `/incidents/${incident.id}`);
      await page.getByRole('button', { name: /启动响应/ }).click();
      const dialog = page.getByRole('dialog', { name: '启动响应' });
      const approver = dialog.locator('.ant-form-item', { hasText: '批准人' });
      // Proposed: the leader, not the commander himself.
      await approver.locator('.ant-select-content', { hasText: '刘卫东（副区长）' }).waitFor();
      await dialog.getByText('四眼原则：批准人须为本区域内有权调整响应级别的另一位人员').waitFor();
      await dialog.getByLabel('批准人').click();
      const own = page.locator('.ant-select-item-option', { hasText: '本人提出，不能批准' });
      await own.waitFor();
      expect(await own.getAttribute('aria-disabled')).toBe('true');
      expect(await own.innerText()).toContain('陈志强');
      await page.keyboard.press('Escape');

      await dialog.getByLabel('响应级别').click();
      await pickOption(page, 'Ⅳ级（一般）');
      await dialog.getByLabel('理由').fill('白沙镇出现聚集性病例，经研判启动Ⅳ级响应');
      await dialog.getByRole('button', { name: /^确\s*认$/ }).click();
      await waitUntilSaved(dialog);
      await page.getByRole('status', { name: '当前响应级别' }).getByText('当前响应级别：Ⅳ级（一般）').waitFor();

      const leader = new ApiSession(baseUrl);
      await leader.signIn('leader', password);
      const inbox = await leader.request<{ items: { kind: string; title: string; link: string }[] }>('GET', '/api/notifications?limit=100');
      expect(inbox.items.find((n) => n.kind === 'incident.approval' && n.link === `/incidents/${incident.id}`)?.title).toBe(
        `您被记录为批准人：${incident.code} 启动/调整为Ⅳ级（一般）响应（陈志强（区卫健委应急办）提出）`,
      );
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('filters the audit log by a picked person and shows names, not ids', async () => {
    const { page, pageErrors, context } = await openPage(browser, baseUrl);
    try {
      const admin = new ApiSession(baseUrl);
      await admin.signIn('admin', password);
      const users = await admin.request<{ items: { id: string; username: string; roles: { role: string; jurisdictionId: string }[] }[] }>(
        'GET',
        '/api/users?pageSize=100',
      );
      const viewer = users.items.find((u) => u.username === 'viewer') ?? users.items.find((u) => u.roles.some((r) => r.role === 'viewer'))!;
      const places = await admin.request<{ items: { id: string; name: string }[] }>('GET', '/api/jurisdictions');
      const baisha = places.items.find((j) => j.name === '白沙镇')!;
      // A role change: the viewer also becomes a township officer of 白沙镇.
      await admin.request('PATCH', `/api/users/${viewer.id}`, {
        roles: [
          ...viewer.roles.map(({ role, jurisdictionId }) => ({ role, jurisdictionId })),
          { role: 'township_officer', jurisdictionId: baisha.id },
        ],
      });

      await signIn(page, baseUrl, 'admin', password, '/admin/audit');
      await page.getByLabel('按操作人筛选（输入姓名或用户名）').click();
      await page.keyboard.type('周建国');
      await pickOption(page, '周建国（系统管理员） · admin');
      await page.waitForURL((url) => url.searchParams.get('actorName') === '周建国（系统管理员）');
      await expect
        .poll(async () => [...new Set(await page.getByTestId('audit-actor').allInnerTexts())], { timeout: 15_000 })
        .toEqual(['周建国（系统管理员） · admin']);

      const row = page.locator('.ant-table-row', { hasText: '用户' }).first();
      await row.locator('.ant-table-row-expand-icon').click();
      const diff = page.getByTestId('audit-diff').first();
      await diff.waitFor();
      const text = await diff.innerText();
      expect(text).toContain('白沙镇');
      expect(text).toContain('乡镇/社区工作人员');
      expect(text).not.toContain(baisha.id);
      expect(pageErrors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});

/**
 * Plans and incidents in Chromium against the real server seeded with District J: the commander revises the plan
 * and submits it, may not approve it himself (four-eyes rule), and the district leader approves it; the commander
 * reads the district plan (level III measures with the public security bureau), opens its print view in English,
 * opens an incident by hand, activates level III through the dialog (seeing beforehand which plan launches how
 * many measures; reason, approver) and sees the banner and the tasks launched from the plan, adds a
 * significant-events entry, and finds the demo incident in the list.
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

describe('plans and incidents', () => {
  it('revises the plan into version 2, refuses an incomplete submission, then approves it into force', async () => {
    const { page, pageErrors } = await openPage(browser, baseUrl);
    const note = `端到端修订 ${Date.now().toString(36)}`;
    try {
      await signIn(page, baseUrl, 'commander', password, '/plans');
      await page.getByRole('link', { name: '嘉江区突发急性传染病应急预案' }).click();
      await page.getByRole('button', { name: /修\s*订/ }).click();
      await page.getByText('现行版本保持有效').waitFor();
      // Blank out one English text: the draft saves, but review needs both languages.
      await page.getByRole('tab', { name: '现场处置与保障' }).click();
      await page.getByLabel('培训与演练（英文）').fill('');
      await page.getByLabel('修订说明').fill(note);
      await page.getByRole('button', { name: /^保\s*存$/ }).click();
      const versions = page.locator('.ant-table-row', { hasText: note });
      await versions.waitFor();
      expect(await versions.innerText()).toContain('草稿');
      await versions.getByRole('button', { name: /提交审核/ }).click();
      await page.getByText(/预案内容尚不完整.*training\.en/).waitFor();

      await versions.getByRole('button', { name: /编\s*辑/ }).click();
      await page.getByRole('tab', { name: '现场处置与保障' }).click();
      await page.getByLabel('培训与演练（英文）').fill('Yearly full exercise including the port.');
      await page.getByRole('button', { name: /^保\s*存$/ }).click();
      await versions.getByRole('button', { name: /提交审核/ }).click();
      await versions.getByText('审核中').waitFor();
      // Four-eyes rule: the commander edited and submitted this version, so the approve button is disabled and says why.
      expect(await versions.getByRole('button', { name: /批\s*准/ }).isDisabled()).toBe(true);
      expect(await versions.innerText()).toContain('四眼原则：须由他人批准');
      expect(pageErrors).toEqual([]);
    } finally {
      await page.context().close();
    }

    // The district leader (another approver) approves it into force.
    const leader = await openPage(browser, baseUrl);
    try {
      await signIn(leader.page, baseUrl, 'leader', password, '/plans');
      await leader.page.getByRole('link', { name: '嘉江区突发急性传染病应急预案' }).click();
      const versions = leader.page.locator('.ant-table-row', { hasText: note });
      await versions.getByText('审核中').waitFor();
      await versions.getByRole('button', { name: /批\s*准/ }).click();
      await versions.getByText('现行有效').waitFor();
      await leader.page.locator('.ant-table-row', { hasText: '首次发布' }).getByText('已废止').waitFor();
      expect(leader.pageErrors).toEqual([]);
    } finally {
      await leader.page.context().close();
    }
  }, 180_000);

  it('shows the district plan, its print view in English, and runs an incident to level III', async () => {
    const { page, pageErrors, outsideRequests } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'commander', password, '/plans');
      await page.getByRole('link', { name: '嘉江区突发急性传染病应急预案' }).click();
      const measures = page.getByRole('table', { name: 'Ⅲ级（较大）响应措施' });
      await measures.waitFor();
      expect(await measures.innerText()).toContain('协助流调溯源与重点人员管控');
      expect(await measures.innerText()).toContain('嘉江区公安分局');

      await page.getByRole('button', { name: /打印视图/ }).click();
      await page.getByText('英文', { exact: true }).click();
      await page.getByRole('heading', { name: 'District J Emergency Plan for Acute Infectious Disease Emergencies' }).waitFor();
      await page.getByRole('heading', { name: 'Grading and response by level' }).waitFor();

      // Open an incident by hand and activate level III.
      const title = `端到端测试事件 ${Date.now().toString(36)}`;
      await page.goto(`${baseUrl}/incidents/new`);
      await page.getByLabel('事件名称').fill(title);
      await page.getByLabel('发生地区').click();
      await page.keyboard.type('白沙镇');
      await pickOption(page, '白沙镇');
      await page.getByRole('button', { name: /^立\s*项$/ }).click();
      await page.getByText('尚未启动应急响应').waitFor();

      await page.getByRole('button', { name: /启动响应/ }).click();
      const dialog = page.getByRole('dialog', { name: '启动响应' });
      await dialog.getByLabel('响应级别').click();
      await pickOption(page, 'Ⅲ级（较大）');
      // Before confirming, the dialog says which plan launches how many measures.
      const coverage = dialog.getByRole('status', { name: '预案措施下发预览' });
      await coverage.getByText(/将按《嘉江区突发急性传染病应急预案》（第\d+版）下发Ⅲ级（较大）措施 13 项/).waitFor();
      await dialog.getByLabel('理由').fill('白沙镇1周内发生3起托幼机构聚集性疫情');
      await dialog.getByRole('button', { name: /^确\s*认$/ }).click();
      await waitUntilSaved(dialog);
      const banner = page.getByRole('status', { name: '当前响应级别' });
      await banner.getByText('当前响应级别：Ⅲ级（较大）').waitFor();
      expect(await banner.innerText()).toMatch(/按预案下发任务 13 项/);
      await page.getByText('启动Ⅲ级应急响应').waitFor();
      expect(await page.getByRole('table', { name: '指挥体系' }).innerText()).toContain('陈志强');

      await page.getByLabel('记录内容').fill('第二所幼儿园报告新发病例2例');
      await page.getByRole('button', { name: '添加记录' }).click();
      await page.getByText('第二所幼儿园报告新发病例2例').waitFor();

      // Staff a working-group lead from the plan's groups.
      await page.getByRole('button', { name: /安排人员/ }).click();
      const staff = page.getByRole('dialog', { name: '安排人员' });
      await staff.getByLabel('职务').click();
      await pickOption(page, '工作组组长');
      // The person list loads while the dialog opens: under load the first pick may land on a list being
      // replaced, so the choice is checked and made again until the field shows it.
      const person = staff.locator('.ant-form-item', { hasText: '人员' }).locator('.ant-select-selection-item');
      for (let attempt = 0; attempt < 3 && !(await person.filter({ hasText: '李晓燕' }).count()); attempt++) {
        await staff.getByLabel('人员').click();
        await page.keyboard.type('李晓燕');
        await pickOption(page, '李晓燕');
        await person
          .filter({ hasText: '李晓燕' })
          .waitFor({ timeout: 3_000 })
          .catch(() => undefined);
      }
      await staff.getByLabel('工作组').click();
      await pickOption(page, '疫情防控组');
      await staff.getByRole('button', { name: /^保\s*存$/ }).click();
      await waitUntilSaved(staff);
      await page.getByRole('table', { name: '指挥体系' }).getByText('疫情防控组').waitFor();

      // Stand down: the level ends and the incident closes with its summary.
      await page.getByRole('button', { name: /终止响应并结案/ }).click();
      const standDown = page.getByRole('dialog', { name: '终止响应并结案' });
      await standDown.getByLabel('处置总结').fill('连续14天无新发病例，终止响应。');
      await standDown.getByRole('button', { name: /^结\s*案$/ }).click();
      await waitUntilSaved(standDown);
      await page
        .getByRole('status', { name: '当前响应级别' })
        .getByText(/终止响应并结案/)
        .waitFor();
      expect(await page.getByRole('button', { name: /启动响应|调整响应级别/ }).count()).toBe(0);

      await page.goto(`${baseUrl}/incidents?status=all`);
      await page.getByRole('link', { name: '望江街道手足口病聚集性疫情' }).waitFor();
      await page.getByRole('link', { name: title }).waitFor();
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 180_000);
});

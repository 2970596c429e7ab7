/**
 * Emergency materials in Chromium against the real server seeded with District J: the logistics officer receives a
 * delivery of masks into the depot; the Wangjiang township officer requests masks; the commander approves in part
 * (another person than the requester); the logistics officer commits from the depot and dispatches; the township
 * confirms receipt. Then the commander runs two scenarios (with and without school closure), saves both, and
 * compares when N95 masks run out in each.
 */
import type { Browser, Page } from 'playwright-core';
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

interface Lot {
  itemId: string;
  facilityId: string;
  lot: string;
  expiresOn: string | null;
  quantity: number;
}
interface RequestView {
  id: string;
  code: string;
  status: string;
  lines: {
    itemId: string;
    quantityRequested: number;
    quantityApproved: number | null;
    quantityDispatched: number;
    quantityReceived: number;
  }[];
}

/** An antd InputNumber's input by its test id (antd puts the id on the input or on its wrapper). */
function numberInput(scope: { locator: Page['locator'] }, testId: string) {
  return scope.locator(`input[data-testid="${testId}"], [data-testid="${testId}"] input`).first();
}

async function selectIn(page: Page, testId: string, text: string, scope?: ReturnType<Page['getByRole']>) {
  await (scope ?? page).getByTestId(testId).click();
  await page.keyboard.type(text);
  await pickOption(page, text);
}

describe('stock', () => {
  it('a delivery is received; a township requests masks; approved in part by another person, dispatched and received', async () => {
    const logisticsApi = new ApiSession(baseUrl);
    await logisticsApi.signIn('logistics', password);
    const items = (await logisticsApi.request<{ items: { id: string; code: string; name: string }[] }>('GET', '/api/stock/items')).items;
    const masks = items.find((i) => i.code === 'PPE-MASK')!;
    const sites = (await logisticsApi.request<{ items: { id: string; name: string }[] }>('GET', '/api/stock/sites')).items;
    const depot = sites.find((s) => s.name === '嘉江区应急物资储备库')!;
    const lot = `E2E-${Date.now().toString(36).slice(-5).toUpperCase()}`;

    // 1. the logistics officer receives a delivery (a donation) into the depot
    const logistics = await openPage(browser, baseUrl);
    try {
      await signIn(logistics.page, baseUrl, 'logistics', password, '/stock');
      await logistics.page.getByTestId('stock-record').click();
      const dialog = logistics.page.getByRole('dialog');
      await selectIn(logistics.page, 'movement-item', 'PPE-MASK', dialog);
      await selectIn(logistics.page, 'movement-site', '嘉江区应急物资储备库', dialog);
      await numberInput(dialog, 'movement-quantity').fill('10000');
      await dialog.getByTestId('movement-lot').fill(lot);
      await dialog.getByTestId('movement-donor').fill('嘉江商会');
      const expiry = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
      await dialog.getByTestId('movement-expires').click();
      await logistics.page.keyboard.type(expiry);
      // Enter takes the typed date and, the date being the last field filled, submits the form
      await logistics.page.keyboard.press('Enter');
      await logistics.page.waitForTimeout(500);
      if (await dialog.getByTestId('movement-save').isVisible()) {
        const saving = await dialog.getByTestId('movement-save').getAttribute('class');
        if (!saving?.includes('ant-btn-loading'))
          await dialog
            .getByTestId('movement-save')
            .click({ timeout: 3_000 })
            .catch(() => undefined);
      }
      await waitUntilSaved(dialog);
      const lots = await logisticsApi.request<{ items: Lot[] }>('GET', `/api/stock?itemId=${masks.id}&facilityId=${depot.id}`);
      expect(lots.items.find((l) => l.lot === lot)).toMatchObject({ quantity: 10000, expiresOn: expiry });
      const ledger = await logisticsApi.request<{ items: { kind: string; lot: string | null; donor: string }[] }>(
        'GET',
        `/api/stock/movements?itemId=${masks.id}&facilityId=${depot.id}&kind=receipt`,
      );
      expect(ledger.items.find((m) => m.lot === lot)).toMatchObject({ kind: 'receipt', donor: '嘉江商会' });
    } finally {
      await logistics.context.close();
    }

    // 2. the Wangjiang township officer requests 3,000 masks
    const officer = await openPage(browser, baseUrl);
    let requestId: string;
    try {
      await signIn(officer.page, baseUrl, 'officer.wangjiang', password, '/stock/requests');
      await officer.page.getByTestId('request-new').click();
      const dialog = officer.page.getByRole('dialog');
      await selectIn(officer.page, 'request-requester', '望江街道', dialog);
      await selectIn(officer.page, 'request-line-item', '医用外科口罩', dialog);
      await numberInput(dialog, 'request-line-quantity').fill('3000');
      await dialog.getByTestId('request-purpose').fill('采样点防护（端到端测试）');
      await dialog.getByTestId('request-submit').click();
      await officer.page.waitForURL(/\/stock\/requests\/[0-9a-f-]{36}$/);
      requestId = officer.page.url().split('/').pop()!;
      await expect.poll(() => officer.page.getByTestId('request-page-status').innerText()).toBe('已提交');
      // the requester cannot approve: no such step is offered
      expect(await officer.page.getByTestId('request-action-approve').count()).toBe(0);
    } finally {
      await officer.context.close();
    }

    // 3. the commander approves 2,000 of them, saying why
    const commander = await openPage(browser, baseUrl);
    try {
      await signIn(commander.page, baseUrl, 'commander', password, `/stock/requests/${requestId}`);
      await commander.page.getByTestId('request-action-approve').click();
      const dialog = commander.page.getByRole('dialog');
      await numberInput(dialog, `step-quantity-${masks.id}`).fill('2000');
      await dialog.getByTestId('step-note').fill('优先保障医院，先拨2000只');
      await dialog.getByTestId('step-save').click();
      await waitUntilSaved(dialog);
      await expect.poll(() => commander.page.getByTestId('request-page-status').innerText()).toBe('已批准');
    } finally {
      await commander.context.close();
    }

    // 4. the logistics officer commits from the depot and dispatches
    const logistics2 = await openPage(browser, baseUrl);
    try {
      await signIn(logistics2.page, baseUrl, 'logistics', password, `/stock/requests/${requestId}`);
      await logistics2.page.getByTestId('request-action-commit').click();
      const dialog = logistics2.page.getByRole('dialog');
      await selectIn(logistics2.page, 'step-supplier', '嘉江区应急物资储备库', dialog);
      await dialog.getByTestId('step-save').click();
      await waitUntilSaved(dialog);
      await expect.poll(() => logistics2.page.getByTestId('request-page-status').innerText()).toBe('已配货');
      await logistics2.page.getByTestId('request-dispatch-note').waitFor();
      await logistics2.page.getByTestId('request-action-dispatch').click();
      const dispatch = logistics2.page.getByRole('dialog');
      await dispatch.getByTestId('step-note').fill('渝A·J3307');
      await dispatch.getByTestId('step-save').click();
      await waitUntilSaved(dispatch);
      await expect.poll(() => logistics2.page.getByTestId('request-page-status').innerText()).toBe('已发运');
    } finally {
      await logistics2.context.close();
    }

    // 5. the township confirms that everything arrived
    const officer2 = await openPage(browser, baseUrl);
    try {
      await signIn(officer2.page, baseUrl, 'officer.wangjiang', password, `/stock/requests/${requestId}`);
      await officer2.page.getByTestId('request-action-receive').click();
      const dialog = officer2.page.getByRole('dialog');
      await dialog.getByTestId('step-save').click();
      await waitUntilSaved(dialog);
      await expect.poll(() => officer2.page.getByTestId('request-page-status').innerText()).toBe('已接收');
      expect(officer2.pageErrors).toEqual([]);
      expect(officer2.outsideRequests).toEqual([]);
    } finally {
      await officer2.context.close();
    }
    const done = await logisticsApi.request<RequestView>('GET', `/api/stock/requests/${requestId}`);
    expect(done.status).toBe('received');
    expect(done.lines).toEqual([
      expect.objectContaining({
        itemId: masks.id,
        quantityRequested: 3000,
        quantityApproved: 2000,
        quantityDispatched: 2000,
        quantityReceived: 2000,
      }),
    ]);
  }, 300_000);

  it('a township officer raises a request from a task of theirs; the request links back to it', async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('officer.wangjiang', password);
    const tasks = await api.request<{ items: { id: string; code: string; status: string }[] }>(
      'GET',
      '/api/tasks?status=assigned,accepted,in_progress&pageSize=50',
    );
    const task = tasks.items[0];
    expect(task, 'the demo gives the Wangjiang officer an open task').toBeDefined();
    const officer = await openPage(browser, baseUrl);
    try {
      const { page } = officer;
      await signIn(page, baseUrl, 'officer.wangjiang', password, `/tasks/${task!.id}`);
      await page.getByTestId('task-request-materials').click();
      await page.waitForURL(/\/stock\/requests\?from=task/);
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('request-origin').getByText(task!.code).waitFor();
      // the purpose starts as the task's code and title
      expect(await dialog.getByTestId('request-purpose').inputValue()).toContain(task!.code);
      await selectIn(page, 'request-requester', '望江街道', dialog);
      await selectIn(page, 'request-line-item', '医用外科口罩', dialog);
      await numberInput(dialog, 'request-line-quantity').fill('200');
      await dialog.getByTestId('request-submit').click();
      await page.waitForURL(/\/stock\/requests\/[0-9a-f-]{36}$/);
      await page
        .getByTestId('request-origin')
        .getByRole('link', { name: new RegExp(task!.code) })
        .click();
      await page.waitForURL(new RegExp(`/tasks/${task!.id}$`));
      expect(officer.pageErrors).toEqual([]);
    } finally {
      await officer.context.close();
    }
  });

  it("the logistics officer reads each township's days of cover of an item on the map and in its table", async () => {
    const logistics = await openPage(browser, baseUrl);
    try {
      const { page } = logistics;
      await signIn(page, baseUrl, 'logistics', password, '/stock');
      await page.getByRole('tab', { name: '保障天数地图' }).click();
      const table = page.getByTestId('stock-cover-table');
      await table.getByText('区级储备（各仓库）').waitFor();
      // the rows are townships of the registry (named, not ids), sorted with the shortest cover first
      const names = await table.locator('tbody tr td:first-child').allInnerTexts();
      expect(names.length).toBeGreaterThan(1);
      for (const n of names) expect(n).not.toMatch(/^[0-9a-f-]{36}$/);
      const covers = (await table.locator('tbody tr td:last-child').allInnerTexts()).slice(0, -1).map((c) => Number.parseFloat(c));
      const known = covers.filter((c) => !Number.isNaN(c));
      expect(known).toEqual([...known].sort((a, b) => a - b));
      await page.locator('canvas.maplibregl-canvas').waitFor();
      expect(logistics.pageErrors).toEqual([]);
    } finally {
      await logistics.context.close();
    }
  });

  it('the commander runs two scenarios, with and without school closure, and sees when N95 masks run out in each', async () => {
    const commander = await openPage(browser, baseUrl);
    const { page } = commander;
    const suffix = Date.now().toString(36).slice(-4);
    const n95Out = async () => {
      const row = page.getByTestId('scenario-items').locator('tr', { hasText: 'N95' }).first();
      await row.waitFor();
      return (await row.getByTestId('scenario-stock-out').innerText()).trim();
    };
    try {
      await signIn(page, baseUrl, 'commander', password, '/stock/scenarios');
      await page.getByTestId('scenario-name').fill(`学校正常开课 ${suffix}`);
      await page.getByTestId('scenario-run').click();
      await page.getByTestId('scenario-result').waitFor({ timeout: 60_000 });
      const open = await n95Out();
      expect(open).toMatch(/^\d{4}-\d{2}-\d{2}$|天内不断货/);
      await page.getByTestId('scenario-save').click();
      await page.getByTestId('scenario-saved').getByText(`学校正常开课 ${suffix}`).waitFor();

      await page.getByTestId('scenario-name').fill(`学校停课 ${suffix}`);
      await page.getByTestId('intervention-add').click();
      await page.getByTestId('scenario-run').click();
      await page.getByTestId('scenario-result').getByText(`学校停课 ${suffix}`).waitFor({ timeout: 60_000 });
      const closed = await n95Out();
      expect(closed).toMatch(/^\d{4}-\d{2}-\d{2}$|天内不断货/);
      await page.getByTestId('scenario-save').click();
      await page.getByTestId('scenario-saved').getByText(`学校停课 ${suffix}`).waitFor();

      // side by side
      await page.getByTestId('scenario-saved').getByText(`学校正常开课 ${suffix}`).click();
      await page.getByTestId('scenario-saved').getByText(`学校停课 ${suffix}`).click();
      const compare = page.getByTestId('scenario-compare');
      const n95Row = compare.locator('tr', { hasText: 'N95' }).first();
      await n95Row.waitFor();
      const cells = await n95Row.locator('td').allInnerTexts();
      expect(cells.slice(1)).toEqual([open, closed]);
      // a school closure does not bring the stock-out forward
      if (/^\d{4}/.test(open) && /^\d{4}/.test(closed)) expect(closed >= open).toBe(true);
      expect(commander.pageErrors).toEqual([]);
      expect(commander.outsideRequests).toEqual([]);
    } finally {
      await commander.context.close();
    }
  }, 300_000);
});

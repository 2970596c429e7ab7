/**
 * An exercise end to end in Chromium against the real server seeded with District J (issue 19): the emergency
 * office plans an exercise on the exercises page, gives it a MSEL (synthetic cases of a watched disease and a stock
 * shock at a site) and starts it; the injects arrive in the real pipelines marked as exercise (an alert, case
 * reports, a stock shock), and every list and detail page shows them with the 演练 tag or banner; the
 * epidemiologist starts verifying the alert on its page; the commander opens the exercise's incident (its cases
 * linked, counted) and activates level IV, approved by the deputy district head, with a task; the logistics officer sees the exercise's stock picture while real stock is
 * unchanged; the commander stops the exercise, the scorecard says the alert was verified and the level activated
 * in time, the after-action
 * report is a PDF, and the dashboard's real alerts are what they were. Then: a volunteer lands on their own page
 * after sign-in, not on the dashboard's 403.
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

interface Place {
  id: string;
  name: string;
  level: string;
  parentId: string | null;
}
interface Config {
  diseaseId: string | null;
  level: string;
  method: string;
  enabled: boolean;
}
interface SummaryRow {
  itemId: string;
  facilityId: string;
  facilityType: string;
  townshipId: string | null;
  quantity: number;
}
interface ExerciseView {
  id: string;
  status: string;
  injects: { id: string; kind: string; firedAt: string | null; result: Record<string, any> | null }[];
  records: { cases: number; alerts: { id: string; code: string }[]; incidents: { id: string }[] };
}

describe('an exercise run through the platform', () => {
  it('plans, starts, marks every record as exercise, scores and reports — and real figures stay', async () => {
    const cmdApi = new ApiSession(baseUrl);
    await cmdApi.signIn('commander', password);
    const epiApi = new ApiSession(baseUrl);
    await epiApi.signIn('epidemiologist', password);
    const logApi = new ApiSession(baseUrl);
    await logApi.signIn('logistics', password);

    const places = (await cmdApi.request<{ items: Place[] }>('GET', '/api/jurisdictions')).items;
    const district = places.find((p) => p.level === 'district' && places.some((q) => q.parentId === p.id && q.level === 'township'))!;
    const township = places.find((p) => p.level === 'township' && p.parentId === district.id)!;
    // a disease that detection watches per township (the exercise's alert is raised by the real detection)
    const configs = (await epiApi.request<{ items: Config[] }>('GET', '/api/detection/configs')).items;
    const watched = configs.filter((c) => c.diseaseId && c.level === 'township' && c.method !== 'scan');
    const diseaseId = (watched.find((c) => c.method === 'fixedThreshold') ?? watched[0])!.diseaseId!;
    // a site holding stock, for the stock shock
    const summary = await logApi.request<{ rows: SummaryRow[] }>('GET', '/api/stock/summary');
    const stocked = summary.rows.find((r) => r.quantity >= 50)!;
    const loss = Math.floor(stocked.quantity / 2);

    const realAlertsBefore = await epiApi.request<unknown>('GET', '/api/dashboard/alerts');
    const realStockBefore = await logApi.request<unknown>('GET', `/api/stock/summary?facilityId=${stocked.facilityId}`);

    const title = `功能演练E2E-${Date.now().toString(36).slice(-5)}`;
    const commander = await openPage(browser, baseUrl);
    let exerciseId: string;
    try {
      // 1. plan: the exercise on the exercises page
      await signIn(commander.page, baseUrl, 'commander', password, '/exercises');
      await commander.page.getByTestId('exercise-create').click();
      const drawer = commander.page.getByRole('dialog');
      await drawer.getByLabel('演练名称').fill(title);
      await drawer.getByLabel('演练区域').click();
      await commander.page.keyboard.type(district.name);
      await pickOption(commander.page, district.name);
      await commander.page.getByTestId('exercise-save').click();
      await commander.page.waitForURL(/\/exercises\/[0-9a-f-]{36}$/);
      exerciseId = commander.page.url().split('/').pop()!;
      await expect.poll(() => commander.page.getByTestId('exercise-status').innerText(), { timeout: 20_000 }).toBe('计划中');

      // the MSEL: cases growing in a township (expected: the alert verified within 60 minutes) and a stock shock
      await cmdApi.request('PATCH', `/api/exercises/${exerciseId}`, {
        injects: [
          {
            kind: 'cases',
            offsetMinutes: 0,
            title: '辖区报告聚集病例',
            expectedAction: 'alert_verified',
            targetMinutes: 60,
            content: { diseaseId, townshipId: township.id, days: 3, firstDay: 5, growth: 2 },
          },
          {
            kind: 'message',
            offsetMinutes: 0,
            title: '病例增多，请求启动响应',
            content: { text: '病例持续增加，请研判启动响应', textEn: 'Cases keep rising: decide on a response level' },
            expectedAction: 'level_activated',
            targetMinutes: 60,
          },
          {
            kind: 'stock',
            offsetMinutes: 0,
            title: '库房物资受潮报废',
            content: { itemId: stocked.itemId, facilityId: stocked.facilityId, lossQuantity: loss, extraDailyUse: 10 },
          },
        ],
      });

      // 2. start: both injects fire at once
      await commander.page.reload();
      await commander.page.getByTestId('exercise-start').click();
      // firing runs detection in exercise mode on every setting that watches the disease: give it time
      await expect.poll(() => commander.page.getByTestId('exercise-status').innerText(), { timeout: 120_000 }).toBe('进行中');
      await expect.poll(() => commander.page.getByTestId('msel-timeline').innerText(), { timeout: 60_000 }).toContain('模拟病例 65 例');
      expect(await commander.page.getByTestId('msel-timeline').innerText()).toContain(`演练库存：可用 ${stocked.quantity - loss}`);
    } finally {
      await commander.context.close();
    }

    const started = await cmdApi.request<ExerciseView>('GET', `/api/exercises/${exerciseId}`);
    expect(started.status).toBe('running');
    // 5 + 15 + 45 synthetic reports; detection in exercise mode raised an alert, marked
    expect(started.records.cases).toBe(65);
    expect(started.records.alerts.length).toBeGreaterThan(0);
    const alert = started.records.alerts[0]!;
    const alertView = await epiApi.request<{ exercise: boolean; exerciseId: string }>('GET', `/api/alerts/${alert.id}`);
    expect(alertView.exercise).toBe(true);
    expect(alertView.exerciseId).toBe(exerciseId);

    // 3. a participant acts: the epidemiologist finds the alert tagged in the list and starts verifying it on its page
    const epi = await openPage(browser, baseUrl);
    try {
      await signIn(epi.page, baseUrl, 'epidemiologist', password, '/alerts');
      const row = epi.page.locator('tr', { hasText: alert.code });
      await expect.poll(() => row.getByTestId('exercise-tag').innerText(), { timeout: 20_000 }).toBe('演练 EXERCISE');
      await epi.page.goto(`${baseUrl}/alerts/${alert.id}`);
      await expect.poll(() => epi.page.getByTestId('exercise-banner').innerText(), { timeout: 20_000 }).toContain('演练');
      await epi.page.locator('[data-action="start_verification"]').click();
      await epi.page.getByTestId('action-submit').click();
      await expect
        .poll(async () => (await epiApi.request<{ status: string }>('GET', `/api/alerts/${alert.id}`)).status, { timeout: 20_000 })
        .toBe('verifying');
      // the exercise's case reports in the case list, tagged (the list shows exercise reports on asking for them)
      await epi.page.goto(`${baseUrl}/cases?status=exercise`);
      await expect.poll(() => epi.page.getByTestId('exercise-tag').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    } finally {
      await epi.context.close();
    }

    // the verification goes on by the API (assess = verified, the scored action), the alert is confirmed
    for (const [action, body] of [
      ['assess', { hazard: '聚集性疫情', exposure: '辖区居民', context: '演练情景' }],
      ['characterise', { likelihood: 4, consequence: 3 }],
      ['confirm', {}],
    ] as const)
      await epiApi.request('POST', `/api/alerts/${alert.id}/${action}`, body);
    // 4. the commander opens the exercise's incident from the alert, with a task
    const incident = await cmdApi.request<{ id: string; code: string; exercise: boolean }>('POST', '/api/incidents', { alertId: alert.id });
    expect(incident.exercise).toBe(true);
    const incidentCases = await cmdApi.request<{ total: number; items: { exercise: boolean }[]; linked: number }>(
      'GET',
      `/api/incidents/${incident.id}/cases`,
    );
    expect(incidentCases.total).toBeGreaterThan(0);
    expect(incidentCases.linked).toBeGreaterThan(0);
    expect(incidentCases.items.every((c) => c.exercise)).toBe(true);
    // the commander activates level IV, approved by the deputy district head (four eyes: never himself)
    const leaderApi = new ApiSession(baseUrl);
    await leaderApi.signIn('leader', password);
    const leaderId = (await leaderApi.request<{ user: { id: string } }>('GET', '/api/auth/me')).user.id;
    const levelled = await cmdApi.request<{ responseLevel: string | null }>('POST', `/api/incidents/${incident.id}/level`, {
      level: 'IV',
      reason: '演练：病例持续增加，启动Ⅳ级响应',
      approverId: leaderId,
    });
    expect(levelled.responseLevel).toBe('IV');
    const task = await cmdApi.request<{ id: string; code: string; exercise: boolean }>('POST', '/api/tasks', {
      incidentId: incident.id,
      title: '演练：开展病例流行病学调查',
      assigneeJurisdictionId: township.id,
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(task.exercise).toBe(true);

    const commander2 = await openPage(browser, baseUrl);
    try {
      await signIn(commander2.page, baseUrl, 'commander', password, '/incidents');
      const incidentRow = commander2.page.locator('tr', { hasText: incident.code });
      await expect.poll(() => incidentRow.getByTestId('exercise-tag').innerText(), { timeout: 20_000 }).toBe('演练 EXERCISE');
      await commander2.page.goto(`${baseUrl}/incidents/${incident.id}`);
      await expect.poll(() => commander2.page.getByTestId('exercise-banner').isVisible(), { timeout: 20_000 }).toBe(true);
      await commander2.page.goto(`${baseUrl}/tasks?tab=all&incidentId=${incident.id}`);
      const taskRow = commander2.page.locator('tr', { hasText: task.code });
      await expect.poll(() => taskRow.getByTestId('exercise-tag').innerText(), { timeout: 20_000 }).toBe('演练 EXERCISE');
      await commander2.page.goto(`${baseUrl}/tasks/${task.id}`);
      await expect.poll(() => commander2.page.getByTestId('exercise-banner').isVisible(), { timeout: 20_000 }).toBe(true);

      // 5. end: stop, the scorecard, the after-action report
      await commander2.page.goto(`${baseUrl}/exercises/${exerciseId}`);
      await commander2.page.getByTestId('exercise-stop').click();
      await commander2.page
        .locator('.ant-popconfirm')
        .getByRole('button', { name: /确\s*定|OK/ })
        .click();
      await expect.poll(() => commander2.page.getByTestId('exercise-status').innerText(), { timeout: 30_000 }).toBe('已结束');
      await commander2.page.getByRole('tab', { name: '评分', exact: true }).click();
      await expect.poll(() => commander2.page.getByTestId('score-alert_verified').innerText(), { timeout: 20_000 }).toBe('达标');
      const pdf = await commander2.page.request.get(`${baseUrl}/api/exercises/${exerciseId}/report.pdf`);
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    } finally {
      await commander2.context.close();
    }

    // 6. the logistics officer: the exercise's stock picture, tagged; real stock as it was
    const logistics = await openPage(browser, baseUrl);
    try {
      await signIn(logistics.page, baseUrl, 'logistics', password, `/stock?exerciseId=${exerciseId}`);
      const panel = logistics.page.getByTestId('exercise-shocks');
      await expect.poll(() => panel.getByTestId('exercise-tag').first().innerText(), { timeout: 20_000 }).toBe('演练 EXERCISE');
      expect(await panel.getByTestId('exercise-shock-usable').innerText()).toBe(String(stocked.quantity - loss));
      expect(await panel.getByTestId('exercise-shock-real').innerText()).toBe(String(stocked.quantity));
    } finally {
      await logistics.context.close();
    }
    expect(await logApi.request('GET', `/api/stock/summary?facilityId=${stocked.facilityId}`)).toEqual(realStockBefore);
    expect(await epiApi.request('GET', '/api/dashboard/alerts')).toEqual(realAlertsBefore);

    const card = await cmdApi.request<{ actions: { expectedAction: string; status: string; minutes: number | null }[] }>(
      'GET',
      `/api/exercises/${exerciseId}/scorecard`,
    );
    const verified = card.actions.find((a) => a.expectedAction === 'alert_verified')!;
    expect(verified.status).toBe('met');
    expect(verified.minutes).toBeLessThan(60);
    const levelScore = card.actions.find((a) => a.expectedAction === 'level_activated')!;
    expect(levelScore.status).toBe('met');
    expect(levelScore.minutes).toBeLessThan(60);
  });

  it('lands a volunteer on their own page after sign-in, not on the dashboard’s 403; the commander on the dashboard', async () => {
    const volunteer = await openPage(browser, baseUrl);
    try {
      await signIn(volunteer.page, baseUrl, 'volunteer.chen', password);
      await volunteer.page.waitForURL((url) => url.pathname === '/volunteers/me');
      expect(await volunteer.page.locator('.ant-result-403').count()).toBe(0);
      // the logo or a typed "/" leads there too
      await volunteer.page.goto(`${baseUrl}/`);
      await volunteer.page.waitForURL((url) => url.pathname === '/volunteers/me');
    } finally {
      await volunteer.context.close();
    }
    const commander = await openPage(browser, baseUrl);
    try {
      await signIn(commander.page, baseUrl, 'commander', password);
      expect(new URL(commander.page.url()).pathname).toBe('/');
      expect(await commander.page.locator('.ant-result-403').count()).toBe(0);
    } finally {
      await commander.context.close();
    }
  });
});

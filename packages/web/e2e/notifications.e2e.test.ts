/**
 * Notifications in Chromium against the real server: a notification reaches a signed-in user live (bell
 * count and toast, no reload), and an administrator sets up a signed webhook channel, tests it against a
 * real HTTP receiver and reads the delivery log.
 */
import { createHmac } from 'node:crypto';
import { type IncomingMessage, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ApiSession } from './api-session.ts';
import { launchBrowser, openPage, signIn } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('notifications', () => {
  it('reach the user live: the bell counts up and a toast names the new task, without a reload', async () => {
    const admin = new ApiSession(baseUrl);
    await admin.signIn('admin', password);
    const users = await admin.request<{ items: Array<{ id: string; username: string }> }>('GET', '/api/users?q=epidemiologist');
    const epidemiologist = users.items.find((u) => u.username === 'epidemiologist')!;
    const commander = new ApiSession(baseUrl);
    await commander.signIn('commander', password);
    const jurisdictions = await commander.request<{ items: Array<{ id: string; level: string }> }>('GET', '/api/jurisdictions');
    const district = jurisdictions.items.find((j) => j.level === 'district')!;

    const watched = await openPage(browser, baseUrl);
    try {
      const { page } = watched;
      await signIn(page, baseUrl, 'epidemiologist', password, '/notifications');
      // the bell carries its count once the inbox has loaded
      const bell = page.locator('button[data-unread]');
      await bell.waitFor();
      const before = Number(await bell.getAttribute('data-unread'));
      // the live stream is open before the event is sent
      await page.waitForTimeout(1500);

      const title = `端到端通知测试 ${Date.now().toString(36)}`;
      await commander.request('POST', '/api/tasks', {
        title,
        assigneeUserId: epidemiologist.id,
        jurisdictionId: district.id,
        dueAt: new Date(Date.now() + 3600_000).toISOString(),
        priority: 'high',
      });

      await page.locator('.ant-notification-notice', { hasText: title }).waitFor();
      // the count goes up without a reload (other notifications of the shared demo server may arrive too)
      const unread = async () => Number(await bell.getAttribute('data-unread'));
      await expect.poll(unread, { timeout: 20_000 }).toBeGreaterThan(before);
      // the inbox page refetched too, and opening the notification marks it read and goes to the task
      const entry = page.locator('.ant-list-item', { hasText: title });
      await entry.waitFor();
      const beforeOpening = await unread();
      await entry.getByRole('button', { name: /打\s*开/ }).click();
      await page.waitForURL(/\/tasks\//);
      await expect.poll(unread, { timeout: 20_000 }).toBe(beforeOpening - 1);
      expect(watched.pageErrors).toEqual([]);
      expect(watched.outsideRequests).toEqual([]);
    } finally {
      await watched.context.close();
    }
  });

  it('lets an administrator add a signed webhook, test it and read the delivery log', async () => {
    const received: Array<{ headers: IncomingMessage['headers']; body: string }> = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/sms`;
    const secret = 'e2e-shared-secret';
    const name = `短信网关 ${Date.now().toString(36)}`;
    const watched = await openPage(browser, baseUrl);
    try {
      const { page } = watched;
      await signIn(page, baseUrl, 'admin', password, '/admin/notification-channels');
      await page.getByRole('button', { name: '新增渠道' }).click();
      const dialog = page.locator('.ant-modal', { hasText: '新增渠道' });
      await dialog.getByLabel('名称').fill(name);
      await dialog.getByLabel('地址').fill(hookUrl);
      await dialog.getByLabel('签名密钥').fill(secret);
      await dialog.getByRole('button', { name: /^保\s*存$/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      const row = page.locator('.ant-table-row', { hasText: name });
      await row.waitFor();
      await row.getByRole('button', { name: '发送测试' }).click();
      await page.getByText('测试消息已发送成功').waitFor();
      expect(received).toHaveLength(1);
      const { headers, body } = received[0]!;
      const signature = createHmac('sha256', secret).update(`${headers['x-oc-timestamp']}.${body}`).digest('hex');
      expect(headers['x-oc-signature']).toBe(`sha256=${signature}`);
      expect(JSON.parse(body)).toMatchObject({ kind: 'channel.test', title: `测试消息：${name}` });
      await page
        .locator('.ant-card', { hasText: '发送记录' })
        .locator('.ant-table-row', { hasText: name })
        .filter({ hasText: '已送达' })
        .waitFor();
      expect(watched.pageErrors).toEqual([]);
    } finally {
      await watched.context.close();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});

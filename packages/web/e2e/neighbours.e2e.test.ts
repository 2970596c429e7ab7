/**
 * Linked districts in Chromium (docs/neighbours.md): a demo neighbour platform (沙溪区 Shaxi, its own database
 * and keys, started here with its delivery job) and the e2e's District J are linked both ways — on J by one
 * administrator proposing and another approving — and Shaxi notifies J of a case who lives in J. J's
 * epidemiologist finds it in the inbox (no personal data in the list), previews it, accepts it into a community
 * of J, and the case appears with its provenance. Then (0067) Shaxi notifies J of a contact who lives in J: J's
 * epidemiologist, on a phone, previews and accepts it, finds the contact with where it came from, and comments
 * (queued for Shaxi: this e2e's J runs no delivery job); Shaxi's answer reaches J.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, loadConfig, type RunningServer, startServer } from '@outbreak/server';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { distDir } from '../build-status.mjs';
import { ApiSession } from './api-session.ts';
import { launchBrowser, openPage, PHONE_VIEWPORT, pickOption, signIn, waitUntilSaved } from './browser.ts';

const baseUrl = inject('baseUrl');
const password = inject('demoPassword');
let browser: Browser;
let shaxi: RunningServer;
let shaxiDir: string;

beforeAll(async () => {
  shaxiDir = mkdtempSync(join(tmpdir(), 'oc-web-e2e-shaxi-'));
  const config = {
    ...loadConfig({ HOST: '127.0.0.1', DATA_DIR: shaxiDir, WEB_DIST: distDir, LOG_LEVEL: 'warn', SEED_DEMO: 'true' }),
    port: 0,
  };
  [browser, shaxi] = await Promise.all([
    launchBrowser(),
    startServer(config, { jobs: true, neighbourDemo: '500192', log: createLogger('warn') }),
  ]);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await shaxi?.close();
  if (shaxiDir) rmSync(shaxiDir, { recursive: true, force: true });
});

interface Item {
  id: string;
  name: string;
  code: string;
  level?: string;
}

describe('neighbours', () => {
  it("the neighbour's epidemiologist previews and accepts a notification; the case appears with its provenance", async () => {
    const shaxiUrl = shaxi.url.replace('localhost', '127.0.0.1');
    // J: one administrator proposes the link, a second one approves it (four eyes)
    const admin = new ApiSession(baseUrl);
    await admin.signIn('admin', password);
    const jurisdictions = (
      await admin.request<{ items: (Item & { level: string; parentId: string | null })[] }>('GET', '/api/jurisdictions')
    ).items;
    const district = jurisdictions.find((j) => j.level === 'district')!;
    const suffix = Date.now().toString(36);
    await admin.request('POST', '/api/users', {
      username: `admin2-${suffix}`,
      displayName: '第二管理员',
      password,
      roles: [{ role: 'system_admin', jurisdictionId: district.id }],
    });
    const identity = await (await fetch(`${shaxiUrl}/api/public/neighbours/identity`)).json();
    const proposed = await admin.request<{ id: string }>('POST', '/api/neighbours', {
      districtCode: '500192',
      name: '沙溪区',
      nameEn: 'Shaxi District',
      baseUrl: shaxiUrl,
      publicKey: identity.publicKey,
      agreements: {
        caseNotifications: { send: true, accept: true, personalData: true },
        borderAlerts: { send: false, accept: true, synced: true, townshipIds: [] },
      },
    });
    const second = new ApiSession(baseUrl);
    await second.signIn(`admin2-${suffix}`, password);
    await second.request('POST', `/api/neighbours/${proposed.id}/approve`);
    // Shaxi links J (the demo linking: proposed and approved as the system)
    await shaxi.linkDemoNeighbour(baseUrl);

    // Shaxi's epidemiologist reports a case who lives in J and notifies J
    const sender = new ApiSession(shaxiUrl);
    await sender.signIn('epidemiologist', password);
    const diseases = (await sender.request<{ items: Item[] }>('GET', '/api/diseases')).items;
    const shaxiPlaces = (await sender.request<{ items: (Item & { level: string })[] }>('GET', '/api/jurisdictions')).items;
    const personName = `跨区病例${suffix}`;
    const filed = await sender.request<{ id: string; code: string }>('POST', '/api/cases', {
      diseaseId: diseases.find((d) => d.code === 'covid19')!.id,
      jurisdictionId: shaxiPlaces.find((j) => j.level === 'community')!.id,
      personName,
      phone: '13900000000',
      address: '嘉江区望江街道滨江路 1 号',
      classification: 'confirmed',
      onsetDate: '2026-12-01',
      diagnosisAt: '2026-12-03T08:00:00+08:00',
    });
    const links = (await sender.request<{ items: { id: string; districtCode: string }[] }>('GET', '/api/neighbours')).items;
    const toJ = links.find((l) => l.districtCode !== '500192')!;
    await sender.request('POST', `/api/neighbours/${toJ.id}/case-notifications`, { caseId: filed.id, note: '现住嘉江区' });

    // J receives it (Shaxi's delivery job; retried until J's side is approved and answers)
    const epi = new ApiSession(baseUrl);
    await epi.signIn('epidemiologist', password);
    let notification: { id: string } | undefined;
    for (let i = 0; i < 90 && !notification; i++) {
      const inbox = await epi.request<{ items: { id: string; summary: { caseCode: string } }[] }>(
        'GET',
        '/api/neighbours/inbox?status=pending',
      );
      notification = inbox.items.find((n) => n.summary.caseCode === filed.code);
      if (!notification) await new Promise((r) => setTimeout(r, 2_000));
    }
    expect(notification, 'the notification reached J').toBeDefined();

    const community = jurisdictions.find((j) => j.level === 'community')!;
    const facility = (await epi.request<{ items: Item[] }>('GET', '/api/facilities?type=cdc_laboratory')).items[0]!;
    const watched = await openPage(browser, baseUrl);
    try {
      const { page } = watched;
      await signIn(page, baseUrl, 'epidemiologist', password, '/neighbours/inbox');
      const inbox = page.getByTestId('neighbour-inbox');
      await inbox.getByText(filed.code).first().waitFor();
      // the list names no one
      expect(await inbox.getByText(personName).count()).toBe(0);
      await inbox.getByText(filed.code).first().click();
      await page.getByTestId('notified-person').getByText(personName).waitFor();
      await page.getByTestId('notified-person').getByText('13900000000').waitFor();
      await page.getByRole('button', { name: /^接\s*收$/ }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('accept-residence').click();
      await page.keyboard.type(community.name);
      await pickOption(page, community.name);
      // J's epidemiologist reports for no facility: the district CDC files it
      await dialog.getByTestId('accept-facility').click();
      await page.keyboard.type(facility.name);
      await pickOption(page, facility.name);
      await dialog.getByRole('button', { name: /^(确\s*定|OK)$/ }).click();
      await waitUntilSaved(dialog);
      await page.getByTestId('notification-status').getByText('已接收').waitFor();
      await page.getByRole('link', { name: '查看病例' }).click();
      await page.getByText(personName).first().waitFor();
      expect(watched.pageErrors).toEqual([]);
    } finally {
      await watched.context.close();
    }

    const accepted = (
      await epi.request<{ items: { id: string; resultEntityId: string | null }[] }>('GET', '/api/neighbours/inbox?status=accepted')
    ).items.find((n) => n.id === notification!.id);
    const provenance = await epi.request<{ districtName: string; senderCaseCode: string; acceptedBy: string }>(
      'GET',
      `/api/neighbours/cases/${accepted!.resultEntityId}/provenance`,
    );
    expect(provenance).toMatchObject({ districtName: '沙溪区', senderCaseCode: filed.code, acceptedBy: '李晓燕（疾控中心监测科）' });
  }, 600_000);

  it("on a phone, J's epidemiologist accepts Shaxi's contact notification and comments; Shaxi's answer reaches J", async () => {
    const shaxiUrl = shaxi.url.replace('localhost', '127.0.0.1');
    // J takes contact notifications from Shaxi (the link of the first test)
    const admin = new ApiSession(baseUrl);
    await admin.signIn('admin', password);
    const jLinks = (
      await admin.request<{ items: { id: string; districtCode: string; agreements: Record<string, unknown> }[] }>('GET', '/api/neighbours')
    ).items;
    const toShaxi = jLinks.find((l) => l.districtCode === '500192')!;
    await admin.request('PUT', `/api/neighbours/${toShaxi.id}/agreements`, {
      agreements: { ...toShaxi.agreements, contactNotifications: { send: true, accept: true, personalData: true } },
    });
    const sender = new ApiSession(shaxiUrl);
    await sender.signIn('epidemiologist', password);
    const diseases = (await sender.request<{ items: Item[] }>('GET', '/api/diseases')).items;
    const shaxiPlaces = (await sender.request<{ items: (Item & { level: string })[] }>('GET', '/api/jurisdictions')).items;
    const suffix = Date.now().toString(36);
    const filed = await sender.request<{ id: string; code: string }>('POST', '/api/cases', {
      diseaseId: diseases.find((d) => d.code === 'covid19')!.id,
      jurisdictionId: shaxiPlaces.find((j) => j.level === 'community')!.id,
      personName: `沙溪病例${suffix}`,
      classification: 'confirmed',
      onsetDate: '2026-12-01',
      diagnosisAt: '2026-12-03T08:00:00+08:00',
    });
    const personName = `跨区密接${suffix}`;
    const contact = await sender.request<{ id: string; code: string }>('POST', '/api/contacts', {
      sourceCaseId: filed.id,
      personName,
      jurisdictionId: shaxiPlaces.find((j) => j.level === 'community')!.id,
      lastExposureAt: new Date(Date.now() - 86_400_000).toISOString(),
      phone: '13700000000',
      address: '嘉江区望江街道滨江路 2 号',
      relation: 'colleague',
      riskCategory: 'high',
    });
    const links = (await sender.request<{ items: { id: string; districtCode: string }[] }>('GET', '/api/neighbours')).items;
    const toJ = links.find((l) => l.districtCode !== '500192')!;
    await sender.request('POST', `/api/neighbours/${toJ.id}/contact-notifications`, { contactId: contact.id, note: '同事，住嘉江' });
    const epi = new ApiSession(baseUrl);
    await epi.signIn('epidemiologist', password);
    let notification: { id: string } | undefined;
    for (let i = 0; i < 90 && !notification; i++) {
      const inbox = await epi.request<{ items: { id: string; kind: string; summary: { contactCode?: string } }[] }>(
        'GET',
        '/api/neighbours/inbox?status=pending',
      );
      notification = inbox.items.find((n) => n.kind === 'contact.notification' && n.summary.contactCode === contact.code);
      if (!notification) await new Promise((r) => setTimeout(r, 2_000));
    }
    expect(notification, 'the contact notification reached J').toBeDefined();
    const jPlaces = (await epi.request<{ items: (Item & { level: string })[] }>('GET', '/api/jurisdictions')).items;
    const community = jPlaces.find((j) => j.level === 'community')!;
    const watched = await openPage(browser, baseUrl, { viewport: PHONE_VIEWPORT });
    try {
      const { page } = watched;
      await signIn(page, baseUrl, 'epidemiologist', password, '/neighbours/inbox');
      const inbox = page.getByTestId('neighbour-inbox');
      await inbox.getByText(contact.code).first().waitFor();
      expect(await inbox.getByText(personName).count()).toBe(0);
      await inbox.getByText(contact.code).first().click();
      await page.getByTestId('notified-person').getByText(personName).waitFor();
      await page.getByTestId('accept-contact').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('accept-residence').click();
      await page.keyboard.type(community.name);
      await pickOption(page, community.name);
      await dialog.getByRole('button', { name: /^(确\s*定|OK)$/ }).click();
      await waitUntilSaved(dialog);
      await page.getByTestId('notification-status').getByText('已接收').waitFor();
      await page.getByRole('link', { name: '查看密切接触者' }).click();
      await page.getByText(personName).first().waitFor();
      await page.getByTestId('neighbour-provenance').getByText(contact.code, { exact: false }).waitFor();
      await page.getByRole('link', { name: '查看通报' }).click();
      await page.getByTestId('comment-body').fill('已纳入本区随访');
      await page.getByRole('button', { name: /^发\s*送$/ }).click();
      await page.getByTestId('neighbour-comments').getByText('已纳入本区随访').waitFor();
      expect(watched.pageErrors).toEqual([]);
    } finally {
      await watched.context.close();
    }
    // J's comment is queued for Shaxi (this e2e's J runs no delivery job), after its decision
    const outbox = (
      await admin.request<{ outbox: { kind: string; summary: Record<string, unknown> }[] }>('GET', `/api/neighbours/${toShaxi.id}`)
    ).outbox;
    expect(outbox.filter((m) => m.summary.notificationId === notification!.id).map((m) => m.kind)).toEqual(['notification.comment']);
    expect(outbox.some((m) => m.kind === 'contact.decision' && m.summary.decision === 'accepted')).toBe(true);
    // Shaxi answers on the notification it sent; its delivery job brings the comment to J
    await sender.request('POST', `/api/neighbours/notifications/${notification!.id}/comments`, { body: '收到，谢谢' });
    let comments: { direction: string; body: string }[] = [];
    for (let i = 0; i < 90 && comments.length < 2; i++) {
      comments = (
        await epi.request<{ items: { direction: string; body: string }[] }>(
          'GET',
          `/api/neighbours/notifications/${notification!.id}/comments`,
        )
      ).items;
      if (comments.length < 2) await new Promise((r) => setTimeout(r, 2_000));
    }
    expect(comments.map((c) => [c.direction, c.body])).toEqual([
      ['out', '已纳入本区随访'],
      ['in', '收到，谢谢'],
    ]);
  }, 600_000);

  it("J's joint view shows Shaxi's daily figures in the curve, the table and on the region's map, on a desktop and a phone", async () => {
    const shaxiUrl = shaxi.url.replace('localhost', '127.0.0.1');
    // J takes Shaxi's daily figures (the link of the first test); Shaxi's administrator sends yesterday's again
    const admin = new ApiSession(baseUrl);
    await admin.signIn('admin', password);
    const toShaxi = (
      await admin.request<{ items: { id: string; districtCode: string; agreements: Record<string, unknown> }[] }>('GET', '/api/neighbours')
    ).items.find((l) => l.districtCode === '500192')!;
    await admin.request('PUT', `/api/neighbours/${toShaxi.id}/agreements`, {
      agreements: { ...toShaxi.agreements, dailyFigures: { send: false, accept: true, smallNumbers: false } },
    });
    const shaxiAdmin = new ApiSession(shaxiUrl);
    await shaxiAdmin.signIn('admin', password);
    const sent = await shaxiAdmin.request<{ day: string; queued: number }>('POST', '/api/neighbours/figures/send', {});
    expect(sent.queued).toBeGreaterThan(0);

    type Joint = { days: string[]; series: { own: boolean; district: { code: string }; days: ({ newCases: number } | null)[] }[] };
    const epi = new ApiSession(baseUrl);
    await epi.signIn('epidemiologist', password);
    let shaxiDay: { newCases: number } | null = null;
    for (let i = 0; i < 90 && !shaxiDay; i++) {
      const joint = await epi.request<Joint>('GET', '/api/neighbours/figures/joint?days=7');
      const series = joint.series.find((s) => s.district.code === '500192');
      shaxiDay = series?.days[joint.days.indexOf(sent.day)] ?? null;
      if (!shaxiDay) await new Promise((r) => setTimeout(r, 2_000));
    }
    expect(shaxiDay, "Shaxi's figures reached J").toBeTruthy();

    for (const viewport of [undefined, PHONE_VIEWPORT]) {
      const watched = await openPage(browser, baseUrl, viewport ? { viewport } : {});
      try {
        const { page } = watched;
        await signIn(page, baseUrl, 'epidemiologist', password, '/neighbours/figures');
        // the map shows the last day Shaxi's figures arrived for (yesterday), not today (which no neighbour has sent)
        const label = page.locator('[data-testid="region-map-label"][data-code="500192"]');
        await label.waitFor();
        expect(await label.getAttribute('data-value')).toBe(String(shaxiDay!.newCases));
        await page.getByText(sent.day).first().waitFor();
        expect(await page.getByTestId('joint-figures').innerText()).toContain('沙溪区');
        if (viewport) {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
          expect(overflow).toBeLessThanOrEqual(1);
        }
        expect(watched.pageErrors).toEqual([]);
      } finally {
        await watched.context.close();
      }
    }
  }, 600_000);
});

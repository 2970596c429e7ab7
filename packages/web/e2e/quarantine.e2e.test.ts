/**
 * Quarantine in Chromium against the real server seeded with District J: the epidemiologist opens a demo contact
 * under follow-up who is not in quarantine, places them in a free room of the Riverside Hotel (a demo quarantine
 * site) from the contact page, downloads the quarantine notice (its Chinese text read back with pdftotext), sees
 * the site's occupancy rise on the quarantine page, releases the person, downloads the release notice, and sees
 * the occupancy fall back with one more release today — on the sites page and on the dashboard's card; on a phone
 * (390 px) the sites page and a site's rooms do not scroll sideways.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

function pdfText(bytes: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'oc-e2e-notice-'));
  try {
    writeFileSync(join(dir, 'n.pdf'), bytes);
    return execFileSync('pdftotext', [join(dir, 'n.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function downloadFrom(page: Page, testId: string): Promise<{ filename: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByTestId(testId).first().click()]);
  return { filename: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
}

interface Site {
  id: string;
  name: string;
  occupied: number;
  capacity: number;
  releasesToday: number;
  arrivalsToday: number;
}
interface Occupancy {
  sites: Site[];
}

const HOTEL = '江畔酒店（集中隔离点）';

describe('quarantine', () => {
  it('places a demo contact in a hotel room, downloads the notice, releases them, and the occupancy follows', async () => {
    const api = new ApiSession(baseUrl);
    await api.signIn('epidemiologist', password);
    const siteOf = async () => (await api.request<Occupancy>('GET', '/api/quarantine/occupancy')).sites.find((s) => s.name === HOTEL)!;
    const before = await siteOf();
    expect(before.capacity).toBeGreaterThan(0);
    // a demo contact under follow-up who is not in quarantine
    const open = await api.request<{ items: Array<{ id: string; personName: string }> }>(
      'GET',
      '/api/contacts?status=under_follow_up&pageSize=200',
    );
    const staying = await api.request<{ items: Array<{ contact: { id: string } | null }> }>(
      'GET',
      '/api/quarantine/assignments?status=active&pageSize=200',
    );
    const taken = new Set(staying.items.map((a) => a.contact?.id));
    const contact = open.items.find((c) => !taken.has(c.id));
    expect(contact).toBeTruthy();
    const rooms = await api.request<{ rooms: Array<{ roomNo: string; inService: boolean; occupied: number; capacity: number }> }>(
      'GET',
      `/api/quarantine/sites/${before.id}`,
    );
    const room = rooms.rooms.find((r) => r.inService && r.occupied === 0 && r.capacity === 1)!;
    expect(room).toBeTruthy();

    const { page, pageErrors, outsideRequests } = await openPage(browser, baseUrl);
    try {
      await signIn(page, baseUrl, 'epidemiologist', password, `/contacts/${contact!.id}`);
      const panel = page.getByTestId('quarantine-panel');
      await panel.getByTestId('quarantine-none').waitFor();

      // place: site, then a free room
      await panel.getByTestId('quarantine-place').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('quarantine-site-select').click();
      await pickOption(page, HOTEL);
      await dialog.getByTestId('quarantine-room-select').click();
      await pickOption(page, `${room.roomNo}（0/1）`);
      await page.getByTestId('quarantine-dialog-ok').click();
      await panel
        .getByTestId('quarantine-current-place')
        .filter({ hasText: `${HOTEL} ${room.roomNo} 房间` })
        .waitFor();

      // the notice, in Chinese, names the person, the site and the room
      const notice = await downloadFrom(page, 'quarantine-notice');
      expect(notice.filename).toMatch(/^quarantine-notice-Q\d{4}-\d{6}\.pdf$/);
      const text = pdfText(notice.bytes);
      expect(text).toContain('隔离通知书');
      expect(text).toContain(contact!.personName);
      expect(text).toContain(`${HOTEL}${room.roomNo}房间`.replace(/\s+/g, ''));
      expect(text).toContain('集中隔离医学观察');

      // the sites page shows one more person at the hotel
      await page.goto(`${baseUrl}/quarantine`);
      await page
        .getByTestId(`occupancy-${before.id}`)
        .filter({ hasText: `${before.occupied + 1} / ${before.capacity}` })
        .waitFor();

      // release from the contact page
      await page.goto(`${baseUrl}/contacts/${contact!.id}`);
      await panel.getByTestId('quarantine-release').click();
      await page.getByTestId('quarantine-release-ok').click();
      await panel.getByTestId('quarantine-none').waitFor();
      const release = pdfText((await downloadFrom(page, 'quarantine-release-notice')).bytes);
      expect(release).toContain('解除隔离通知书');
      expect(release).toContain(contact!.personName);

      // occupancy back, one more release today: on the sites page and the dashboard's card
      await page.goto(`${baseUrl}/quarantine`);
      await page
        .getByTestId(`occupancy-${before.id}`)
        .filter({ hasText: `${before.occupied} / ${before.capacity}` })
        .waitFor();
      const after = await siteOf();
      expect(after.occupied).toBe(before.occupied);
      expect(after.releasesToday).toBe(before.releasesToday + 1);
      expect(after.arrivalsToday).toBe(before.arrivalsToday + 1);
      await page.goto(`${baseUrl}/`);
      await page
        .getByTestId(`card-site-${before.id}`)
        .filter({ hasText: `${before.occupied}/${before.capacity}` })
        .waitFor();

      // on a phone the sites are cards, and neither the list nor a site's rooms scroll sideways
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${baseUrl}/quarantine`);
      await page.getByTestId('quarantine-sites').getByText(HOTEL).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
      await page.goto(`${baseUrl}/quarantine/sites/${before.id}`);
      await page.getByTestId(`room-${room.roomNo}`).waitFor();
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);

      // audited: the stay's placing and release, and both downloads
      const stays = await api.request<{ items: Array<{ id: string; status: string; contact: { id: string } }> }>(
        'GET',
        `/api/quarantine/assignments?contactId=${contact!.id}`,
      );
      expect(stays.items.map((s) => s.status)).toContain('released');
      expect(pageErrors).toEqual([]);
      expect(outsideRequests).toEqual([]);
    } finally {
      await page.context().close();
    }
  }, 240_000);
});

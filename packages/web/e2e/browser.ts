import { type Browser, type BrowserContext, type Locator, type Page, chromium } from 'playwright-core';
import { findChromium } from './chromium-path.ts';

/** The flags this machine needs (ARCHITECTURE.md, Testing); the browser is looked up by `findChromium`. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // MapLibre needs WebGL; without a GPU it runs on SwiftShader.
  '--enable-unsafe-swiftshader',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: findChromium(), args: FLAGS });
}

export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  /** Requests to anything but the app's own origin: the app must make none (no CDN, tiles or fonts). */
  outsideRequests: string[];
  /** Uncaught exceptions in the page, and resources refused by the Content-Security-Policy. */
  pageErrors: string[];
}

/** A phone held upright (the width field staff use, issue 12 item 9). */
export const PHONE_VIEWPORT = { width: 390, height: 844 };

/**
 * A fresh context (no cookies, empty localStorage) and page, watched for outside requests and errors; a desktop
 * window unless `options.viewport` says otherwise (`PHONE_VIEWPORT`). `timezoneId` puts the browser in another
 * time zone (the district's dates must not follow it).
 */
export async function openPage(
  browser: Browser,
  baseUrl: string,
  options: { viewport?: { width: number; height: number }; timezoneId?: string } = {},
): Promise<WatchedPage> {
  const phone = options.viewport !== undefined && options.viewport.width < 576;
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1440, height: 900 },
    locale: 'zh-CN',
    isMobile: phone,
    hasTouch: phone,
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  // Generous: the first visit loads lazily split chunks on a shared 2-core machine.
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  const outsideRequests: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(baseUrl) && !url.startsWith('data:') && !url.startsWith('blob:')) outsideRequests.push(url);
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // The server's Content-Security-Policy must let the app run whole (bundled worker, antd's inline styles):
  // a blocked resource shows up only as a console error, so it is counted as a page error.
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) pageErrors.push(message.text());
  });
  return { context, page, outsideRequests, pageErrors };
}

/**
 * Signs in through the sign-in form, in whatever language it shows, landing on `next` (default: the
 * dashboard). Landing elsewhere spares a WebGL map render on a software renderer when a test does not need it.
 */
export async function signIn(page: Page, baseUrl: string, username: string, password: string, next = '/'): Promise<void> {
  await page.goto(next === '/' ? `${baseUrl}/sign-in` : `${baseUrl}/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel(/^(用户名|Username)$/).fill(username);
  await page.getByLabel(/^(密码|Password)$/).fill(password);
  // antd puts a space between two CJK characters of a button ("登 录").
  await page.getByRole('button', { name: /^(登\s*录|Sign in)$/ }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/**
 * Waits until a drawer or dialog closes after Save — the durable sign of success (the success toast lasts
 * 3 s and can come and go while a loaded machine is busy). If the form shows an error instead, fails with
 * that error's text so the report says what the server refused.
 */
export async function waitUntilSaved(dialog: Locator): Promise<void> {
  // Field messages from an earlier, refused attempt fade out over a moment; only the ones that stay count.
  await dialog.page().waitForTimeout(400);
  const error = dialog.locator('.ant-alert-error, .ant-form-item-explain-error');
  // Whichever wait loses keeps running until its own timeout; both are made "handled" so that its late
  // rejection cannot surface as an unhandled error of the test run.
  const closed = dialog.waitFor({ state: 'hidden' }).then(() => 'closed' as const);
  const refused = error
    .first()
    .waitFor()
    .then(() => 'refused' as const);
  closed.catch(() => undefined);
  refused.catch(() => undefined);
  if ((await Promise.race([closed, refused])) === 'refused') {
    const fields = await dialog.locator('.ant-form-item-has-error .ant-form-item-label label').allInnerTexts();
    throw new Error(`the form was refused: ${(await error.allInnerTexts()).join(' | ')} (fields: ${fields.join(', ')})`);
  }
}

/**
 * Clicks the option (or tree node) with `text` in the open antd select dropdown, and makes sure the pick took.
 *
 * On a loaded machine a click can land while the dropdown is still sliding in or re-rendering its virtual
 * list, and antd drops it: the select stays empty and the test fails much later on something unrelated (two
 * CI runs failed that way). So the pick counts only once its effect shows — a single select closes its
 * dropdown, a multiple select or tree marks the option selected — and a dropped click is repeated, at most
 * three times. A click that did register is never repeated (that would untick a multiple select's option).
 */
export async function pickOption(page: Page, text: string): Promise<void> {
  const dropdown = page.locator('.ant-select-dropdown:visible');
  const option = dropdown.locator('.ant-select-item-option, .ant-select-tree-node-content-wrapper', { hasText: text }).first();
  const taken = dropdown.locator(
    '.ant-select-item-option-selected, .ant-select-tree-node-selected, .ant-select-tree-treenode-selected, .ant-select-tree-treenode-checkbox-checked',
    { hasText: text },
  );
  for (let attempt = 1; ; attempt++) {
    await option.click();
    let tookEffect = false;
    for (const deadline = Date.now() + 5_000; !tookEffect && Date.now() < deadline; ) {
      tookEffect = (await dropdown.count()) === 0 || (await taken.count()) > 0;
      if (!tookEffect) await page.waitForTimeout(100);
    }
    if (tookEffect || attempt === 3) return;
  }
}

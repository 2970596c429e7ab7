import { describe, expect, it } from 'vitest';
import { ChromiumNotFoundError, type ChromiumLookupSystem, findChromium } from './chromium-path.ts';

/** A machine with these executables and folders (folder → entries), nothing else. */
function machine(options: {
  env?: Record<string, string>;
  executables?: string[];
  folders?: Record<string, string[]>;
}): ChromiumLookupSystem {
  const executables = new Set(options.executables ?? []);
  return {
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', ...options.env },
    homeDir: '/home/dev',
    isExecutable: (path) => executables.has(path),
    listDir: (path) => options.folders?.[path] ?? [],
  };
}

describe('findChromium', () => {
  it("finds Debian's /usr/bin/chromium", () => {
    expect(findChromium(machine({ executables: ['/usr/bin/chromium'] }))).toBe('/usr/bin/chromium');
  });

  it('finds chromium-browser, google-chrome and google-chrome-stable on PATH', () => {
    expect(findChromium(machine({ env: { PATH: '/opt/tools/bin' }, executables: ['/opt/tools/bin/chromium-browser'] }))).toBe(
      '/opt/tools/bin/chromium-browser',
    );
    expect(findChromium(machine({ executables: ['/usr/local/bin/google-chrome'] }))).toBe('/usr/local/bin/google-chrome');
    expect(findChromium(machine({ executables: ['/usr/bin/google-chrome-stable'] }))).toBe('/usr/bin/google-chrome-stable');
  });

  it('prefers Chromium to Chrome, and PATH order among folders', () => {
    expect(findChromium(machine({ executables: ['/usr/bin/google-chrome', '/usr/bin/chromium'] }))).toBe('/usr/bin/chromium');
    expect(findChromium(machine({ executables: ['/usr/bin/chromium', '/usr/local/bin/chromium'] }))).toBe('/usr/local/bin/chromium');
  });

  it("finds Ubuntu's snap and /usr/bin even when PATH lacks them", () => {
    expect(findChromium(machine({ env: { PATH: '/bin' }, executables: ['/snap/bin/chromium'] }))).toBe('/snap/bin/chromium');
    expect(findChromium(machine({ env: { PATH: '' }, executables: ['/usr/bin/chromium'] }))).toBe('/usr/bin/chromium');
  });

  it("finds the newest full Chromium in Playwright's cache, or its headless shell", () => {
    const cache = '/home/dev/.cache/ms-playwright';
    const folders = { [cache]: ['chromium-1140', 'chromium-1187', 'chromium_headless_shell-1200', 'ffmpeg-1010'] };
    const both = [`${cache}/chromium-1140/chrome-linux/chrome`, `${cache}/chromium-1187/chrome-linux64/chrome`];
    expect(findChromium(machine({ folders, executables: both }))).toBe(`${cache}/chromium-1187/chrome-linux64/chrome`);
    const shell = `${cache}/chromium_headless_shell-1200/chrome-headless-shell-linux64/chrome-headless-shell`;
    expect(findChromium(machine({ folders: { [cache]: ['chromium_headless_shell-1200'] }, executables: [shell] }))).toBe(shell);
    // PLAYWRIGHT_BROWSERS_PATH moves the cache
    const moved = { '/srv/browsers': ['chromium-1187'] };
    expect(
      findChromium(
        machine({
          env: { PLAYWRIGHT_BROWSERS_PATH: '/srv/browsers' },
          folders: moved,
          executables: ['/srv/browsers/chromium-1187/chrome-linux/chrome'],
        }),
      ),
    ).toBe('/srv/browsers/chromium-1187/chrome-linux/chrome');
  });

  it('honours CHROMIUM_PATH, then CHROME_PATH, before any usual place', () => {
    const executables = ['/usr/bin/chromium', '/opt/chrome/chrome', '/opt/chromium/chrome'];
    expect(findChromium(machine({ env: { CHROME_PATH: '/opt/chrome/chrome' }, executables }))).toBe('/opt/chrome/chrome');
    expect(findChromium(machine({ env: { CHROMIUM_PATH: '/opt/chromium/chrome', CHROME_PATH: '/opt/chrome/chrome' }, executables }))).toBe(
      '/opt/chromium/chrome',
    );
  });

  it('refuses a variable that names no executable, naming the variable', () => {
    const lookup = () => findChromium(machine({ env: { CHROMIUM_PATH: '/opt/typo/chrome' }, executables: ['/usr/bin/chromium'] }));
    expect(lookup).toThrow(ChromiumNotFoundError);
    expect(lookup).toThrow('CHROMIUM_PATH=/opt/typo/chrome is not an executable file');
  });

  it('says how to install one when none is found', () => {
    let error: unknown;
    try {
      findChromium(machine({ folders: { '/usr/bin': ['chromium'] } }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ChromiumNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain('No Chromium found for the end-to-end tests.');
    expect(message).toContain('Debian: apt-get install chromium');
    expect(message).toContain('set CHROMIUM_PATH or CHROME_PATH');
  });
});

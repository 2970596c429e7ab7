/**
 * Where the end-to-end tests find a Chromium (or Chrome) to drive. Debian puts it at /usr/bin/chromium, Ubuntu's
 * snap at /snap/bin/chromium, Google's packages at /usr/bin/google-chrome, and `npx playwright install` in its
 * own cache: a developer's machine may have any of them, so each is tried in that order after the environment
 * variables, which always win (a developer's choice, or CI pointing at a pinned build).
 *
 * @example
 * const executablePath = findChromium(); // throws ChromiumNotFoundError with install instructions when none
 */
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** Environment variables naming the browser executable, tried in this order. */
export const CHROMIUM_ENV_VARIABLES = ['CHROMIUM_PATH', 'CHROME_PATH'] as const;

/** Executable names looked up on PATH and in the usual binary folders. */
const EXECUTABLE_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
/** Folders tried after PATH (PATH in a service or CI job may be minimal). */
const USUAL_FOLDERS = ['/usr/bin', '/snap/bin'];

/** The file-system and environment facts the lookup needs, replaceable in tests. */
export interface ChromiumLookupSystem {
  env: Record<string, string | undefined>;
  homeDir: string;
  /** true when `path` is a file this process may execute */
  isExecutable(path: string): boolean;
  /** entry names of a folder, or [] when it does not exist */
  listDir(path: string): string[];
}

export class ChromiumNotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChromiumNotFoundError';
  }
}

export const nodeSystem: ChromiumLookupSystem = {
  env: process.env,
  homeDir: homedir(),
  isExecutable(path) {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  },
  listDir(path) {
    try {
      return readdirSync(path);
    } catch {
      return [];
    }
  },
};

/**
 * Executables in Playwright's browser cache (PLAYWRIGHT_BROWSERS_PATH, else ~/.cache/ms-playwright), newest
 * revision first. Layouts: chromium-<rev>/chrome-linux/chrome (older), chrome-linux64/chrome (newer), and the
 * headless shell, which is enough for headless tests.
 */
function playwrightCandidates(system: ChromiumLookupSystem): string[] {
  const cache = system.env.PLAYWRIGHT_BROWSERS_PATH || join(system.homeDir, '.cache', 'ms-playwright');
  const revision = (name: string) => Number(/-(\d+)$/.exec(name)?.[1] ?? 0);
  const folders = system
    .listDir(cache)
    .filter((name) => /^chromium(_headless_shell)?-\d+$/.test(name))
    // full Chromium before the headless shell, then the newest revision first
    .sort((a, b) => Number(a.includes('headless')) - Number(b.includes('headless')) || revision(b) - revision(a));
  return folders.flatMap((folder) => [
    join(cache, folder, 'chrome-linux', 'chrome'),
    join(cache, folder, 'chrome-linux64', 'chrome'),
    join(cache, folder, 'chrome-linux', 'headless_shell'),
    join(cache, folder, 'chrome-headless-shell-linux64', 'chrome-headless-shell'),
  ]);
}

/** Every place tried, in order, without the environment variables. */
export function chromiumCandidates(system: ChromiumLookupSystem = nodeSystem): string[] {
  const pathFolders = (system.env.PATH ?? '').split(delimiter).filter(Boolean);
  const folders = [...pathFolders, ...USUAL_FOLDERS.filter((folder) => !pathFolders.includes(folder))];
  const onFolders = EXECUTABLE_NAMES.flatMap((name) => folders.map((folder) => join(folder, name)));
  return [...new Set([...onFolders, ...playwrightCandidates(system)])];
}

/**
 * The Chromium executable for the end-to-end tests. An environment variable that is set must name an executable
 * (a typo fails loudly instead of silently testing another browser); otherwise the first executable candidate.
 */
export function findChromium(system: ChromiumLookupSystem = nodeSystem): string {
  for (const variable of CHROMIUM_ENV_VARIABLES) {
    const value = system.env[variable];
    if (!value) continue;
    if (system.isExecutable(value)) return value;
    throw new ChromiumNotFoundError(
      `${variable}=${value} is not an executable file. Point it at a Chromium or Chrome binary, or unset it to search the usual places.`,
    );
  }
  const found = chromiumCandidates(system).find((path) => system.isExecutable(path));
  if (found) return found;
  throw new ChromiumNotFoundError(
    [
      'No Chromium found for the end-to-end tests.',
      `Looked for ${EXECUTABLE_NAMES.join(', ')} on PATH and in ${USUAL_FOLDERS.join(', ')}, and in Playwright's browser cache.`,
      'Install one — Debian: apt-get install chromium; Ubuntu: snap install chromium; or npx playwright-core install chromium —',
      `or set ${CHROMIUM_ENV_VARIABLES.join(' or ')} to the browser's executable.`,
    ].join('\n'),
  );
}

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENCY_KINDS, FACILITY_TYPES, JURISDICTION_LEVELS, ROSTER_SHIFTS } from '../../api/types.ts';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../../features/audit/audit-vocabulary.ts';
import { KNOWN_ERROR_IDS } from '../errors.ts';
import { FEATURE_MESSAGES } from '../feature-messages.ts';
import { navEntries } from '../navigation.ts';
import { LOCALE_STORAGE_KEY, applyLocale, changeLocale, createI18n, resources, signInLocale, storedLocale } from './i18n.ts';

/** 'a.b.c' → leaf string for every leaf of a nested message tree. */
function flatten(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [inner, text] of flatten(value as object, path)) out.set(inner, text);
  }
  return out;
}

const zhKeys = flatten(resources['zh-CN'].translation);
const enKeysWithPlurals = flatten(resources.en.translation);
/**
 * English plurals: i18next picks `key_one` / `key_other` by `count`, Chinese has one form (`key`). A pair stands
 * for its bare key here (the `_other` form, which must carry every placeholder); a lone `_one` or `_other` is kept
 * as it is, so it shows up as a missing key.
 */
const enKeys = new Map<string, string>();
for (const [key, text] of enKeysWithPlurals) {
  const plural = /^(.*)_(one|other)$/.exec(key);
  const bare = plural?.[1];
  if (bare && zhKeys.has(bare) && enKeysWithPlurals.has(`${bare}_one`) && enKeysWithPlurals.has(`${bare}_other`)) {
    if (plural[2] === 'other') enKeys.set(bare, text);
  } else enKeys.set(key, text);
}
// `{{name}}` or `{{name, format}}`: the name must match across languages; the format may differ.
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)[^}]*\}\}/g)].map((match) => match[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry) && !entry.endsWith('.test.ts') ? [path] : [];
  });
}

describe('message catalogues', () => {
  it('have exactly the same keys in zh-CN and en', () => {
    const missingInEn = [...zhKeys.keys()].filter((key) => !enKeys.has(key));
    const missingInZh = [...enKeys.keys()].filter((key) => !zhKeys.has(key));
    expect(missingInEn).toEqual([]);
    expect(missingInZh).toEqual([]);
    expect(zhKeys.size).toBeGreaterThan(200);
  });

  it('fill every message in both languages, with the same placeholders', () => {
    for (const [key, zh] of zhKeys) {
      const english = enKeys.get(key) ?? '';
      expect(zh.trim(), `zh-CN ${key}`).not.toBe('');
      expect(english.trim(), `en ${key}`).not.toBe('');
      expect(placeholders(english), `placeholders of ${key}`).toEqual(placeholders(zh));
    }
  });

  it('write the Chinese catalogue in Chinese and the English one without Chinese characters', () => {
    const han = /\p{Script=Han}/u;
    // The product name stays in Latin letters in both languages, alongside the Chinese title.
    const untranslatable = new Set(['app.subtitle', ...FEATURE_MESSAGES.flatMap((m) => m.latinInChinese ?? [])]);
    const chineseless = [...zhKeys].filter(
      ([key, text]) => !untranslatable.has(key) && !han.test(text) && !/^[\d\s.,:;()/·%-]*$/.test(text),
    );
    expect(chineseless.map(([key]) => key)).toEqual([]);
    expect([...enKeys].filter(([, text]) => han.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('contain every key the source code asks for literally', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(join(import.meta.dirname, '../..'))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*'([a-zA-Z_]+(?:\.[a-zA-Z_]+)+)'/g)) used.add(match[1]);
    }
    for (const entry of navEntries()) {
      used.add(entry.label);
      if (entry.group) used.add(entry.group);
    }
    expect(used.size).toBeGreaterThan(150);
    expect([...used].filter((key) => !zhKeys.has(key)).sort()).toEqual([]);
  });

  it('leave no Chinese text in the code outside the catalogues (it would not switch to English)', () => {
    const han = /\p{Script=Han}/u;
    const offending: string[] = [];
    for (const file of sourceFiles(join(import.meta.dirname, '../..'))) {
      if (file.includes(`${join('i18n', 'locales')}`) || file.endsWith('.messages.ts')) continue;
      // Comments may speak Chinese (domain terms); code and markup may not.
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      code.split('\n').forEach((line, index) => {
        // Each language is named in itself on the switch, on purpose.
        if (han.test(line) && !line.includes("label: '中文'")) offending.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(offending).toEqual([]);
  });

  it('contain every key built from an enumeration', () => {
    const built = [
      ...FACILITY_TYPES.map((type) => `facilityTypes.${type}`),
      ...AGENCY_KINDS.map((kind) => `agencyKinds.${kind}`),
      ...JURISDICTION_LEVELS.map((level) => `levels.${level}`),
      ...ROSTER_SHIFTS.map((shift) => `roster.shifts.${shift}`),
      ...AUDIT_ACTIONS.map((action) => `audit.actions.${action}`),
      ...AUDIT_ENTITY_TYPES.map((type) => `audit.entityTypes.${type}`),
      ...KNOWN_ERROR_IDS.map((id) => `errors.${id}`),
      ...['population', 'townships', 'communities', 'agencies', 'facilities', 'beds', 'icuBeds', 'isolationRooms', 'quarantineRooms'].map(
        (key) => `dashboard.${key}`,
      ),
      ...['beds', 'icuBeds', 'isolationRooms', 'rooms'].map((key) => `facilities.${key}`),
      ...['added', 'removed', 'changed', 'unchanged'].map((key) => `audit.changes.${key}`),
      ...['road', 'rail', 'river'].map((mode) => `dashboard.modes.${mode}`),
    ];
    expect(built.filter((key) => !zhKeys.has(key))).toEqual([]);
  });
});

describe('language choice', () => {
  function memoryStorage(initial: Record<string, string> = {}) {
    const data = new Map(Object.entries(initial));
    return { getItem: (key: string) => data.get(key) ?? null, setItem: (key: string, value: string) => void data.set(key, value), data };
  }

  it('starts in Chinese and honours a saved choice', () => {
    expect(storedLocale(memoryStorage())).toBe('zh-CN');
    expect(storedLocale(memoryStorage({ [LOCALE_STORAGE_KEY]: 'en' }))).toBe('en');
    expect(storedLocale(memoryStorage({ [LOCALE_STORAGE_KEY]: 'fr' }))).toBe('zh-CN');
    expect(storedLocale(null)).toBe('zh-CN');
  });

  it('translates in the chosen language and remembers a switch', async () => {
    const storage = memoryStorage();
    const i18n = createI18n('zh-CN');
    expect(i18n.t('signIn.submit')).toBe('登录');
    expect(i18n.t('common.total', { count: 3 })).toBe('共 3 条');
    await changeLocale(i18n, 'en', storage);
    expect(i18n.t('signIn.submit')).toBe('Sign in');
    expect(i18n.t('common.total', { count: 3 })).toBe('Total: 3');
    expect(storage.data.get(LOCALE_STORAGE_KEY)).toBe('en');
  });

  it("applies the account's language at sign-in only when this browser holds no choice, without storing it", async () => {
    expect(signInLocale('en', memoryStorage())).toBe('en');
    expect(signInLocale('zh-CN', memoryStorage())).toBe('zh-CN');
    expect(signInLocale('en', memoryStorage({ [LOCALE_STORAGE_KEY]: 'zh-CN' }))).toBeNull();
    expect(signInLocale('zh-CN', memoryStorage({ [LOCALE_STORAGE_KEY]: 'en' }))).toBeNull();
    // an unreadable stored value is no choice
    expect(signInLocale('en', memoryStorage({ [LOCALE_STORAGE_KEY]: 'fr' }))).toBe('en');
    expect(signInLocale(undefined, memoryStorage())).toBeNull();
    expect(signInLocale('en', null)).toBe('en');

    const i18n = createI18n('zh-CN');
    await applyLocale(i18n, 'en');
    expect(i18n.language).toBe('en');
    expect(i18n.t('signIn.submit')).toBe('Sign in');
  });
});

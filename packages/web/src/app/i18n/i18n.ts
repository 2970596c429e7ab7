import i18next, { type i18n as I18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import type { Locale } from '../../api/types.ts';
import { FEATURE_MESSAGES } from '../feature-messages.ts';
import { en } from './locales/en.ts';
import { zhCN } from './locales/zh-CN.ts';

/** The UI starts in Chinese: the platform's users are a Chinese district's staff. */
export const DEFAULT_LOCALE: Locale = 'zh-CN';
export const LOCALES: Locale[] = ['zh-CN', 'en'];
/** localStorage key holding the language the user last chose, so the choice survives reloads and sign-outs. */
export const LOCALE_STORAGE_KEY = 'oc.locale';

type MessageTree = Record<string, unknown>;

/** Deep-merges message trees; a leaf defined twice is a programming error (two features, one key). */
export function mergeMessages(trees: MessageTree[], path = ''): MessageTree {
  const out: MessageTree = {};
  for (const tree of trees) {
    for (const [key, value] of Object.entries(tree)) {
      const at = path ? `${path}.${key}` : key;
      const existing = out[key];
      if (existing === undefined) out[key] = value;
      else if (typeof existing === 'object' && typeof value === 'object' && existing && value)
        out[key] = mergeMessages([existing as MessageTree, value as MessageTree], at);
      else throw new Error(`message key defined twice: ${at}`);
    }
  }
  return out;
}

/** The whole catalogue of each language: the core messages plus every feature's. */
export const resources = {
  'zh-CN': { translation: mergeMessages([zhCN, ...FEATURE_MESSAGES.map((m) => m['zh-CN'])]) },
  en: { translation: mergeMessages([en, ...FEATURE_MESSAGES.map((m) => m.en)]) },
} as const;

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

function browserStorage(): StorageLike | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Storage can throw when disabled by policy; the app then simply forgets the choice.
    return null;
  }
}

/** The saved language, or the default when none (or an unknown value) is saved. */
export function storedLocale(storage: StorageLike | null = browserStorage()): Locale {
  const saved = storage?.getItem(LOCALE_STORAGE_KEY);
  return LOCALES.includes(saved as Locale) ? (saved as Locale) : DEFAULT_LOCALE;
}

/** An initialised i18next instance; resources are bundled, so initialisation is synchronous. */
export function createI18n(locale: Locale = DEFAULT_LOCALE): I18n {
  const instance = i18next.createInstance();
  void instance.use(initReactI18next).init({
    resources,
    lng: locale,
    fallbackLng: false,
    initAsync: false,
    // React escapes on render already; escaping here would show &amp; in names.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return instance;
}

/** Switches language and keeps <html lang> right for screen readers and CJK font choice, without remembering it. */
export async function applyLocale(instance: I18n, locale: Locale): Promise<void> {
  await instance.changeLanguage(locale);
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

/** Switches language (the user's choice) and remembers it in this browser. */
export async function changeLocale(instance: I18n, locale: Locale, storage: StorageLike | null = browserStorage()): Promise<void> {
  await applyLocale(instance, locale);
  storage?.setItem(LOCALE_STORAGE_KEY, locale);
}

/**
 * The language to switch to once a user has signed in: the one saved on their account (`Me.locale`), unless
 * this browser holds a choice made with the switch — that choice was made here, on purpose, and wins. Null when
 * nothing should change. The account's language is applied, not stored, so that the next person to sign in on a
 * shared workstation gets their own.
 */
export function signInLocale(accountLocale: Locale | null | undefined, storage: StorageLike | null = browserStorage()): Locale | null {
  if (!accountLocale || !LOCALES.includes(accountLocale)) return null;
  if (LOCALES.includes(storage?.getItem(LOCALE_STORAGE_KEY) as Locale)) return null;
  return accountLocale;
}

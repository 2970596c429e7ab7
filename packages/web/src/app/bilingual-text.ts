/**
 * Texts written in both languages in one field — the demo's tasks, notes, checklists, meeting minutes and
 * decisions ("已接收。 / Accepted.", or a Chinese paragraph followed by an English one) — shown in the page's
 * language only (issue 12, item 12): a Chinese page showed every demo task twice, once in English.
 *
 * Only a text that is plainly both is split: a Chinese part, then ` / ` or a line break, then a part without any
 * Chinese that reads as English (a capital letter followed by lower-case text). Anything else — a user's
 * "核酸 / 抗原", "检测 / PCR", an English-only note — is shown as written.
 *
 * ```ts
 * inLanguage('已接收。 / Accepted.', 'zh-CN') // '已接收。'
 * inLanguage('已接收。 / Accepted.', 'en')    // 'Accepted.'
 * ```
 */

const CHINESE = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]/;
/** English prose: starts (after quotes or brackets) with a capital or a digit and has lower-case letters. */
const ENGLISH = /^["'([]?[A-Z0-9][^\n]*[a-z]/;
const SEPARATOR = ' / ';

/** The Chinese and English parts of a bilingual text, or null when the text is not plainly both. */
export function splitBilingual(text: string): { zh: string; en: string } | null {
  const lines = text.split('\n');
  if (lines.length > 1) {
    // a Chinese block, then an English block (the minutes)
    const firstEnglish = lines.findIndex((line) => line.trim() !== '' && !CHINESE.test(line));
    if (firstEnglish > 0) {
      const zh = lines.slice(0, firstEnglish).join('\n').trim();
      const en = lines.slice(firstEnglish).join('\n').trim();
      if (CHINESE.test(zh) && !CHINESE.test(en) && ENGLISH.test(en)) return { zh, en };
    }
  }
  // one line: Chinese / English — at the first separator after which no Chinese follows
  for (let at = text.indexOf(SEPARATOR); at > 0; at = text.indexOf(SEPARATOR, at + 1)) {
    const zh = text.slice(0, at).trim();
    const en = text.slice(at + SEPARATOR.length).trim();
    if (CHINESE.test(en)) continue;
    return CHINESE.test(zh) && ENGLISH.test(en) ? { zh, en } : null;
  }
  return null;
}

/** A text in the page's language when it is written in both, else as it is. */
export function inLanguage(text: string, language: string): string;
export function inLanguage(text: string | null | undefined, language: string): string | null | undefined;
export function inLanguage(text: string | null | undefined, language: string): string | null | undefined {
  if (!text) return text;
  const parts = splitBilingual(text);
  if (!parts) return text;
  return language.startsWith('en') ? parts.en : parts.zh;
}

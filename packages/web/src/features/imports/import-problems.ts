/**
 * Import problems in the user's language: the server gives each row or file problem a stable `code` with the
 * `params` of its sentence, and the sentence lives in `imports.problems` (imports.messages.ts). A problem
 * without a code (stored before codes existed) or with a code this page does not know is shown by the server's
 * English `message` (CONVENTIONS rule 6: translate ids, never parse messages).
 *
 * @example
 * problemText(t, i18n.language, { code: 'not_a_date', params: { value: '3/32' }, message: '…' }) // “3/32”不是日期…
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.ts';
import { translateError } from '../../app/errors.ts';

export interface Problem {
  code?: string;
  params?: Record<string, string | number>;
  message: string;
}

/** The sentence of a row or file problem in the current language. */
export function problemText(t: TFunction, language: string, problem: Problem): string {
  if (!problem.code) return problem.message;
  const key = `imports.problems.${problem.code}`;
  const params: Record<string, string | number> = { ...problem.params };
  // a catalogue entry has a Chinese and an English name: the sentence takes the one of the page's language
  if (params.name !== undefined || params.nameEn !== undefined) params.name = String((language === 'en' ? params.nameEn : params.name) ?? params.name ?? '');
  if (problem.code === 'sex_disagrees_with_resident_id') {
    params.expected = t(`imports.sexes.${params.expected}`, { defaultValue: String(params.expected ?? '') });
  }
  // an unknown code answers the server's message (defaultValue), never the key
  return t(key, { ...params, defaultValue: problem.message });
}

/** The sentence for a failed upload or request: the file's problem when the server named one, else the error's id. */
export function importErrorText(t: TFunction, language: string, error: unknown): string {
  if (error instanceof ApiError && error.id === 'validation_failed' && Array.isArray(error.details)) {
    const file = (error.details as Array<Problem & { path?: unknown }>).find((d) => d && d.path === 'file' && typeof d.code === 'string');
    if (file) return problemText(t, language, file);
  }
  return translateError(t, error);
}

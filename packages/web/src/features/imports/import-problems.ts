/**
 * Import problems in the user's language: the server gives each row or file problem a stable `code` with the
 * `params` of its sentence, and the sentence lives in `imports.problems` (imports.messages.ts). A problem
 * without a code (stored before codes existed) or with a code this page does not know is shown by the server's
 * English `message` (CONVENTIONS rule 6: translate ids, never parse messages). Refusals of a request (column
 * mapping, mode, the job's state: `imports.refusals`) and why a job failed (`messageCode`: `imports.failures`)
 * are rendered the same way.
 *
 * @example
 * problemText(t, i18n.language, { code: 'not_a_date', params: { value: '3/32' }, message: '…' }) // “3/32”不是日期…
 */
import type { TFunction } from 'i18next';
import { ApiError } from '../../api/client.ts';
import { translateError } from '../../app/errors.ts';
import { importsMessages } from './imports.messages.ts';

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
  if (params.name !== undefined || params.nameEn !== undefined)
    params.name = String((language === 'en' ? params.nameEn : params.name) ?? params.name ?? '');
  if (problem.code === 'sex_disagrees_with_resident_id') {
    params.expected = t(`imports.sexes.${params.expected}`, { defaultValue: String(params.expected ?? '') });
  }
  // an unknown code answers the server's message (defaultValue), never the key
  return t(key, { ...params, defaultValue: problem.message });
}

/** Codes of the refusals and failures the page has sentences for (the same in both languages). */
const messageKeys = (name: 'refusals' | 'failures') =>
  new Set(Object.keys((importsMessages.en as { imports: Record<string, object> }).imports[name]!));
const REFUSALS = messageKeys('refusals');
const FAILURES = messageKeys('failures');

/** What a refusal's sentence needs in the page's language: the field's label, the allowed modes' names. */
function refusalParams(t: TFunction, language: string, params: Record<string, string | number> | undefined, kind?: string) {
  const out: Record<string, string | number> = { ...params };
  if (params?.field !== undefined) {
    const field = String(params.field);
    out.field = kind ? t(`imports.fields.${kind}.${field}`, { defaultValue: field }) : field;
  }
  if (params?.allowed !== undefined) {
    // the allowed modes are ids joined by ', '
    out.allowed = String(params.allowed)
      .split(/,\s*/)
      .filter(Boolean)
      .map((m) => t(`imports.mode.short.${m}`, { defaultValue: m }))
      .join(language === 'en' ? ', ' : '、');
  }
  return out;
}

/**
 * The sentence of a coded refusal (column mapping, mode, state of the job) or of a file problem; null for a code
 * the page does not know. `kind` names the fields of a mapping refusal by their labels.
 */
export function refusalText(t: TFunction, language: string, problem: Problem, kind?: string): string | null {
  if (!problem.code) return null;
  if (REFUSALS.has(problem.code)) return t(`imports.refusals.${problem.code}`, refusalParams(t, language, problem.params, kind));
  const text = problemText(t, language, { ...problem, message: '' });
  return text === '' ? null : text;
}

/**
 * The sentence for a failed upload or request: the problems the server named by code (the file's, the column
 * mapping's, the mode's, the job's state; several joined), else the error's id.
 */
export function importErrorText(t: TFunction, language: string, error: unknown, kind?: string): string {
  if (error instanceof ApiError && (error.id === 'validation_failed' || error.id === 'conflict') && Array.isArray(error.details)) {
    const texts = (error.details as Array<Problem & { path?: unknown }>)
      .filter((d) => d && typeof d.path === 'string' && typeof d.code === 'string')
      .map((d) => refusalText(t, language, d, kind))
      .filter((x): x is string => x !== null);
    if (texts.length > 0) return texts.join(language === 'en' ? '; ' : '；');
  }
  return translateError(t, error);
}

/**
 * Why an import failed, in the page's language: its `messageCode` (a failure, or the refusal that caused it)
 * with `messageParams`; the server's English `message` without a code or with one the page does not know.
 */
export function failureText(
  t: TFunction,
  language: string,
  job: { message: string; messageCode?: string | null; messageParams?: Record<string, string | number> },
): string {
  const code = job.messageCode;
  if (!code) return job.message;
  if (FAILURES.has(code)) return t(`imports.failures.${code}`, { ...job.messageParams });
  const cause = refusalText(t, language, { code, params: job.messageParams, message: '' });
  return cause ? t('imports.failedBecause', { cause }) : job.message;
}

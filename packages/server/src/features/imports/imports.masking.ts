/**
 * What row problems show of personal data. Row problems are stored on the job and written to the error report
 * (errors.csv), which travel further than the case records (a download, an e-mail attachment, a backup): a
 * mistyped resident ID was echoed there in full (issue 11, item 3). The row number and the column are enough to
 * find the cell in the user's own file, so the values of sensitive fields are masked:
 * - identity numbers keep their last 4 characters only — never the area code or the birth date (characters
 *   1–14), so that no problem, alone or beside a birth-date problem, rebuilds the number;
 * - phone numbers keep their last 4 digits;
 * - names keep their first character (the surname of a Chinese name), as the case lists' masking does.
 * Masking a masked value leaves it as it is, so problems stored before masking are masked again when shown.
 *
 * @example
 * maskRowError({ row: 5, column: '有效证件号', field: 'idNumber', value: '110105194912310021', message: '…' }).value
 * // → '**************0021'
 */
import type { RowError } from './imports.tables.ts';

/** Import fields whose values are personal data, with how each is masked. */
const SENSITIVE: Record<string, (value: string) => string> = {
  idNumber: (v) => keepLast(v.replace(/\s+/g, ''), 4),
  phone: (v) => keepLast(v.replace(/\s+/g, ''), 4),
  personName: (v) => {
    const chars = [...v.trim()];
    return chars.length <= 1 ? '*'.repeat(chars.length) : chars[0] + '*'.repeat(chars.length - 1);
  },
};

function keepLast(value: string, visible: number): string {
  const chars = [...value];
  // a short value would be shown nearly whole: hide it all
  if (chars.length <= visible + 2) return '*'.repeat(chars.length);
  return '*'.repeat(chars.length - visible) + chars.slice(-visible).join('');
}

/** Whether values of `field` are masked in problems. */
export const isSensitiveField = (field: string | undefined): boolean => field !== undefined && field in SENSITIVE;

/** The value of `field` as problems show it. */
export function maskFieldValue(field: string | undefined, value: string): string {
  const mask = field ? SENSITIVE[field] : undefined;
  return mask && value !== '' ? mask(value) : value;
}

/** A row problem with the value (and any `params.value`) of a sensitive field masked. */
export function maskRowError(error: RowError): RowError {
  if (!isSensitiveField(error.field)) return error;
  const masked: RowError = { ...error, value: maskFieldValue(error.field, error.value) };
  if (error.params && typeof error.params.value === 'string')
    masked.params = { ...error.params, value: maskFieldValue(error.field, error.params.value) };
  return masked;
}

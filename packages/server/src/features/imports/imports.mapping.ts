/**
 * Column mapping: which header of the file feeds which input field. Suggestions come from the headers used by
 * China's reporting system exports (患者姓名, 有效证件号, 现住地址国标, 报告卡录入时间 …) and plain English ones;
 * the user confirms or changes them, and may save the mapping by name. Also the value readers shared by every
 * kind of import: calendar dates and instants as spreadsheets write them.
 */
import { type CodedIssue, refusal } from './imports.errors.ts';
import type { ImportMapping } from './imports.tables.ts';
import { districtInstant } from '../../platform/time/district-time.ts';

/** One input field of an import kind. */
export interface FieldSpec {
  field: string;
  required: boolean;
  /** header spellings that suggest this field, most specific first */
  aliases: readonly string[];
}

/** A header in comparable form: lower case, without spaces, punctuation, brackets or a '*' marking required. */
export function normaliseHeader(header: string): string {
  return header
    .toLowerCase()
    .replace(/[（(【[].*?[）)】\]]/g, '')
    .replace(/[\s_\-–—*:：、.,，/\\]+/g, '');
}

/**
 * Suggests a header for each field: an exact (normalised) alias first, then a header containing an alias;
 * each header feeds at most one field, and more specific aliases win (现住地址国标 goes to the residence code,
 * not to the address).
 */
export function suggestColumns(fields: readonly FieldSpec[], headers: readonly string[]): Record<string, string> {
  const normalised = headers.map(normaliseHeader);
  const candidates: { field: string; header: string; score: number }[] = [];
  for (const spec of fields) {
    spec.aliases.forEach((alias, rank) => {
      const a = normaliseHeader(alias);
      normalised.forEach((h, i) => {
        if (h === a) candidates.push({ field: spec.field, header: headers[i]!, score: 1000 - rank });
        else if (a.length >= 2 && h.includes(a)) candidates.push({ field: spec.field, header: headers[i]!, score: 500 + a.length - rank });
      });
    });
  }
  candidates.sort((x, y) => y.score - x.score);
  const result: Record<string, string> = {};
  const used = new Set<string>();
  for (const c of candidates) {
    if (result[c.field] !== undefined || used.has(c.header)) continue;
    result[c.field] = c.header;
    used.add(c.header);
  }
  return result;
}

/**
 * Problems of a mapping against the file, coded (imports.errors.ts, `REFUSAL_MESSAGES`): unknown fields
 * (`mapping_unknown_field`), headers not in the file (`mapping_no_column`), required fields missing
 * (`mapping_required`); params name the `field` (and the `header`).
 */
export function checkMapping(fields: readonly FieldSpec[], headers: readonly string[], mapping: ImportMapping): CodedIssue[] {
  const issues: CodedIssue[] = [];
  const known = new Set(fields.map((f) => f.field));
  const headerSet = new Set(headers);
  for (const [field, header] of Object.entries(mapping.columns)) {
    if (!known.has(field)) issues.push(refusal(`mapping.columns.${field}`, 'mapping_unknown_field', { field }));
    else if (header !== '' && !headerSet.has(header))
      issues.push(refusal(`mapping.columns.${field}`, 'mapping_no_column', { field, header }));
  }
  for (const spec of fields) {
    if (spec.required && !mapping.columns[spec.field])
      issues.push(refusal(`mapping.columns.${spec.field}`, 'mapping_required', { field: spec.field }));
  }
  for (const field of Object.keys(mapping.values)) {
    if (!known.has(field)) issues.push(refusal(`mapping.values.${field}`, 'mapping_unknown_field', { field }));
  }
  return issues;
}

/** A mapped row: the raw text of each field, after the user's value translations. */
export type FieldValues = Record<string, string>;

/** Builds a function from a row's cells to field values (missing cells are ''). */
export function rowReader(headers: readonly string[], mapping: ImportMapping): (cells: string[]) => FieldValues {
  const positions = Object.entries(mapping.columns)
    .filter(([, header]) => header !== '')
    .map(([field, header]) => [field, headers.indexOf(header)] as const);
  // value translations compare trimmed text, case-insensitively for Latin letters
  const maps = new Map(
    Object.entries(mapping.values).map(([field, m]) => [field, new Map(Object.entries(m).map(([k, v]) => [k.trim().toLowerCase(), v]))]),
  );
  return (cells) => {
    const out: FieldValues = {};
    for (const [field, index] of positions) {
      const raw = (cells[index] ?? '').trim();
      out[field] = maps.get(field)?.get(raw.toLowerCase()) ?? raw;
    }
    return out;
  };
}

const pad = (n: number) => String(n).padStart(2, '0');

function realDate(y: number, m: number, d: number): string | null {
  const date = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || y > 2200 || date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

/** An Excel serial day number (days since 1899-12-30) as a date, for cells exported as plain numbers. */
function fromExcelSerial(serial: number): string {
  const date = new Date(Date.UTC(1899, 11, 30) + Math.floor(serial) * 86_400_000);
  return date.toISOString().slice(0, 10);
}

/**
 * A calendar date from the ways spreadsheets write them: 2026-03-05, 2026/3/5, 2026.3.5, 20260305, 2026年3月5日,
 * a date-time (its date part), or an Excel serial number. Returns null when it is none of these.
 */
export function parseCalendarDate(text: string): string | null {
  const s = text.trim();
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$/.exec(s);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (m) return realDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (/^\d{5}(\.\d+)?$/.test(s)) {
    const n = Number(s);
    if (n >= 2 && n < 110_000) return fromExcelSerial(n);
  }
  return null;
}

/**
 * An instant (ISO with an offset) from a date or date-time. Without a zone it is China time (UTC+8), as the
 * district's staff and their exports write it; a date alone is its midnight.
 */
export function parseInstant(text: string): string | null {
  const s = text.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(s)) {
    return Number.isNaN(new Date(s).getTime()) ? null : new Date(s).toISOString();
  }
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2})[:时](\d{1,2})(?:[:分](\d{1,2})(?:\.\d+)?)?秒?)?$/.exec(s);
  let date: string | null = null;
  let h = 0;
  let min = 0;
  let sec = 0;
  if (m) {
    date = realDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (m[4] !== undefined) {
      h = Number(m[4]);
      min = Number(m[5]);
      sec = Number(m[6] ?? 0);
    }
  } else {
    const serial = /^(\d{5})(\.\d+)?$/.exec(s);
    if (serial) {
      const n = Number(s);
      date = fromExcelSerial(n);
      const seconds = Math.round((n - Math.floor(n)) * 86_400);
      h = Math.floor(seconds / 3600);
      min = Math.floor((seconds % 3600) / 60);
      sec = seconds % 60;
    } else {
      date = parseCalendarDate(s);
    }
  }
  if (!date || h > 23 || min > 59 || sec > 59) return null;
  return districtInstant(date, `${pad(h)}:${pad(min)}:${pad(sec)}`).toISOString();
}

/** Text with every Latin letter lower-cased and surrounding spaces removed, for matching names and codes. */
export const keyOf = (s: string) => s.trim().toLowerCase();

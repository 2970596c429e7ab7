/**
 * The publication guard (docs/disclosure.md, "The guard"): finds personal data in a bulletin's texts so that the
 * server refuses to publish it and the author sees the offending spans.
 *
 * - resident identity numbers: 18 characters (17 digits and a digit or X) or the old 15 digits;
 * - phone numbers: mainland mobiles (1[3-9]… 11 digits, optionally +86 and separators), fixed lines with an area
 *   code (0xx-xxxxxxxx) and bare 7–8 digit local numbers — except the public numbers of the registry (hotlines,
 *   fever clinics: facilities and agencies), which a bulletin is meant to carry;
 * - names of case persons and contacts in the database (found by the database: `position(name IN text)`);
 * - exact residential addresses: an address of a case or contact in the database, or any text naming a building,
 *   unit or room (…栋 / …幢 / …单元 / …室 / …号楼 with a number) — a trajectory notice names places, not homes.
 *
 * The registry's own names (jurisdictions, facilities, agencies) are public: a pattern that matches inside one of
 * them ("…第3人民医院", a place code with digits in it) is not personal data and is not reported.
 *
 * `scanText` is pure; `personalDataIn` adds what the database knows.
 */
import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';

export type FindingKind = 'id_number' | 'phone' | 'person_name' | 'address';

export interface Finding {
  /** which text: title, body, titleEn, bodyEn, correctionNote … */
  field: string;
  kind: FindingKind;
  /** UTF-16 offsets into the field's text, end exclusive */
  start: number;
  end: number;
  /** the offending text itself (the author's own words; never sent anywhere public) */
  text: string;
}

const ID_NUMBER = /(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])/g;
const PHONE = [
  /(?<![\d.])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?![\d.])/g,
  /(?<![\d.])(?:\(0\d{2,3}\)|0\d{2,3})[\s-]?\d{7,8}(?![\d.])/g,
  // a bare local number stands alone: digits inside a code or word ("A8132012b") are not a phone
  /(?<![\dA-Za-z.,:/-])[2-9]\d{6,7}(?![\dA-Za-z.,:/-])/g,
];
const RESIDENCE = [
  /[0-9０-９一二三四五六七八九十]+\s*(?:栋|幢|号楼|单元|室)(?:\s*[0-9０-９一二三四五六七八九十-]+\s*(?:栋|幢|号楼|单元|室|号))*/g,
  /\b(?:Room|Flat|Apt\.?|Apartment|Unit|Building)\s+\d+[A-Za-z]?\b/gi,
];

const digits = (s: string) => s.replace(/\D/g, '');

/** Personal data patterns in one text (no database): identity numbers, phones, residential detail. */
export function scanText(field: string, text: string, options: { allowedPhones?: ReadonlySet<string> } = {}): Finding[] {
  const out: Finding[] = [];
  const taken: [number, number][] = [];
  const overlaps = (s: number, e: number) => taken.some(([a, b]) => s < b && e > a);
  const add = (kind: FindingKind, m: RegExpMatchArray) => {
    const start = m.index!;
    const end = start + m[0].length;
    if (overlaps(start, end)) return;
    taken.push([start, end]);
    out.push({ field, kind, start, end, text: m[0] });
  };
  for (const m of text.matchAll(ID_NUMBER)) add('id_number', m);
  for (const re of PHONE)
    for (const m of text.matchAll(re)) {
      const d = digits(m[0]).replace(/^86(?=1[3-9]\d{9}$)/, '');
      if (options.allowedPhones?.has(d)) continue;
      add('phone', m);
    }
  for (const re of RESIDENCE) for (const m of text.matchAll(re)) add('address', m);
  return out.sort((a, b) => a.start - b.start);
}

/** Every occurrence of `needle` in `text`. */
function occurrences(field: string, kind: FindingKind, text: string, needle: string): Finding[] {
  const out: Finding[] = [];
  for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length)) {
    out.push({ field, kind, start: i, end: i + needle.length, text: needle });
  }
  return out;
}

/** The registry's public numbers (digits only): facilities' and agencies' phones. */
export async function registryPhones(db: Executor): Promise<Set<string>> {
  const rows = await db.execute<{ phone: string }>(
    sql`SELECT phone FROM facilities WHERE phone <> '' UNION SELECT phone FROM agencies WHERE phone <> ''`,
  );
  const list = (Array.isArray(rows) ? rows : (rows as { rows: { phone: string }[] }).rows) as { phone: string }[];
  const out = new Set<string>();
  for (const r of list) {
    // a registry entry may hold several numbers ("023-6888 1234 / 12320")
    for (const part of r.phone.split(/[/,;，；、]/)) {
      const d = digits(part);
      if (d.length >= 5) out.add(d);
    }
  }
  return out;
}

/**
 * Names (two characters or more) and addresses (six or more) of case persons and contacts that occur in `text`:
 * the database searches, so no list of names ever leaves it.
 */
async function knownPersonalData(db: Executor, text: string): Promise<{ names: string[]; addresses: string[]; places: string[] }> {
  if (text.trim() === '') return { names: [], addresses: [], places: [] };
  const rows = await db.execute<{ kind: string; value: string }>(sql`
    SELECT DISTINCT 'name' AS kind, person_name AS value FROM case_reports
      WHERE char_length(person_name) >= 2 AND position(person_name IN ${text}) > 0
    UNION
    SELECT DISTINCT 'name', person_name FROM contacts
      WHERE char_length(person_name) >= 2 AND position(person_name IN ${text}) > 0
    UNION
    SELECT DISTINCT 'address', address FROM case_reports
      WHERE char_length(address) >= 6 AND position(address IN ${text}) > 0
    UNION
    SELECT DISTINCT 'address', address FROM contacts
      WHERE char_length(address) >= 6 AND position(address IN ${text}) > 0
    UNION
    SELECT DISTINCT 'place', n FROM (
      SELECT name AS n FROM jurisdictions UNION ALL SELECT name_en FROM jurisdictions
      UNION ALL SELECT name FROM facilities UNION ALL SELECT name_en FROM facilities
      UNION ALL SELECT name FROM agencies UNION ALL SELECT name_en FROM agencies
    ) registry_names
      WHERE char_length(n) >= 2 AND position(n IN ${text}) > 0`);
  const list = (Array.isArray(rows) ? rows : (rows as { rows: { kind: string; value: string }[] }).rows) as {
    kind: string;
    value: string;
  }[];
  return {
    names: list.filter((r) => r.kind === 'name').map((r) => r.value),
    addresses: list.filter((r) => r.kind === 'address').map((r) => r.value),
    places: list.filter((r) => r.kind === 'place').map((r) => r.value),
  };
}

/** Findings in several named texts, patterns and database together, sorted by field then position. */
export async function personalDataIn(db: Executor, texts: Record<string, string | null | undefined>): Promise<Finding[]> {
  const allowedPhones = await registryPhones(db);
  const out: Finding[] = [];
  // one search of the database for all the texts (a name never spans two: they are joined by a line break)
  const known = await knownPersonalData(db, Object.values(texts).filter(Boolean).join('\n'));
  for (const [field, value] of Object.entries(texts)) {
    if (!value) continue;
    const places = known.places.flatMap((p) => occurrences(field, 'address', value, p));
    const inPlaceName = (f: Finding) => places.some((p) => f.start >= p.start && f.end <= p.end);
    const found = scanText(field, value, { allowedPhones }).filter((f) => !inPlaceName(f));
    const extra = [
      ...known.names.flatMap((n) => occurrences(field, 'person_name', value, n)),
      ...known.addresses.flatMap((a) => occurrences(field, 'address', value, a)),
    ];
    for (const f of extra) if (!inPlaceName(f) && !found.some((g) => f.start < g.end && f.end > g.start)) found.push(f);
    out.push(...found.sort((a, b) => a.start - b.start));
  }
  return out;
}

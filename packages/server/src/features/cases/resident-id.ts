/**
 * The 18-character resident identity number of the People's Republic of China (GB 11643-1999):
 * 6-digit administrative division code (GB/T 2260), 8-digit birth date (YYYYMMDD), 3-digit sequence whose
 * parity gives the sex (odd: male, even: female), and a check character by ISO 7064 MOD 11-2 ('X' for 10).
 *
 * @example
 * parseResidentId('11010519491231002x'); // { ok: true, normalised: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', … }
 * makeResidentId('500199', '1985-03-07', 123); // '500199198503071235' style number with a valid check character
 */

export type ResidentIdResult =
  | { ok: true; normalised: string; divisionCode: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; reason: 'length' | 'characters' | 'birth_date' | 'checksum' };

/** ISO 7064 MOD 11-2 weights of positions 1–17: 2^(18−i) mod 11. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character for each remainder of the weighted sum mod 11. */
const CHECK = '10X98765432';

/** The check character of the first 17 digits. */
function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * WEIGHTS[i]!;
  return CHECK[sum % 11]!;
}

/** Whether YYYYMMDD is a real calendar date from 1800 on. The caller decides about future dates (it knows "now"). */
function birthDateOf(yyyymmdd: string): string | null {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (y < 1800 || m < 1 || m > 12 || d < 1) return null;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d > days) return null;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
}

/**
 * Checks and decodes a resident identity number. Surrounding spaces are ignored and a lower-case 'x' is
 * accepted (people type it so) and normalised to 'X'. A birth date in the future is NOT refused here: the
 * case-report checker compares it with its own clock.
 */
export function parseResidentId(value: string): ResidentIdResult {
  const v = value.trim().toUpperCase();
  if (v.length !== 18) return { ok: false, reason: 'length' };
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, reason: 'characters' };
  const birthDate = birthDateOf(v.slice(6, 14));
  if (!birthDate) return { ok: false, reason: 'birth_date' };
  if (checkCharacter(v.slice(0, 17)) !== v[17]) return { ok: false, reason: 'checksum' };
  const sequence = Number(v.slice(14, 17));
  return { ok: true, normalised: v, divisionCode: v.slice(0, 6), birthDate, sex: sequence % 2 === 1 ? 'male' : 'female' };
}

/**
 * Builds a valid number (demo data and tests): `divisionCode` 6 digits, `birthDate` 'YYYY-MM-DD',
 * `sequence` 0–999 (odd for a man, even for a woman).
 */
export function makeResidentId(divisionCode: string, birthDate: string, sequence: number): string {
  if (!/^\d{6}$/.test(divisionCode)) throw new RangeError(`division code must be 6 digits, got ${divisionCode}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(birthDate) || !birthDateOf(birthDate.replaceAll('-', '')))
    throw new RangeError(`birth date must be a real YYYY-MM-DD date, got ${birthDate}`);
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 999) throw new RangeError(`sequence must be 0–999, got ${sequence}`);
  const first17 = `${divisionCode}${birthDate.replaceAll('-', '')}${String(sequence).padStart(3, '0')}`;
  return first17 + checkCharacter(first17);
}

/**
 * The resident identity number check of GB 11643 for the report form, so that a typo is caught as it is typed
 * (the server checks again with the same rules: packages/server/src/features/cases/resident-id.ts; a unit test
 * keeps the two in agreement). 6-digit division code, 8-digit birth date, 3-digit sequence (odd: male,
 * even: female), ISO 7064 MOD 11-2 check character ('X' for 10).
 */
export type ResidentIdResult =
  | { ok: true; normalised: string; divisionCode: string; birthDate: string; sex: 'male' | 'female' }
  | { ok: false; reason: 'length' | 'characters' | 'birth_date' | 'checksum' };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function parseResidentId(value: string): ResidentIdResult {
  const v = value.trim().toUpperCase();
  if (v.length !== 18) return { ok: false, reason: 'length' };
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, reason: 'characters' };
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  if (y < 1800 || m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return { ok: false, reason: 'birth_date' };
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (v.charCodeAt(i) - 48) * WEIGHTS[i]!;
  if (CHECK[sum % 11] !== v[17]) return { ok: false, reason: 'checksum' };
  return {
    ok: true,
    normalised: v,
    divisionCode: v.slice(0, 6),
    birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`,
    sex: Number(v.slice(14, 17)) % 2 === 1 ? 'male' : 'female',
  };
}

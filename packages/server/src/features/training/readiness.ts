/**
 * Certificate arithmetic and the readiness rule (docs/capability.md, "Readiness"), pure.
 *
 * A certificate is current from its issue day until the day before `expiresOn`; on `expiresOn` it has expired. It
 * is "expiring" when it is still current but expires within `withinDays` days (default 60: time to hold a
 * refresher session). A person's standing for a course is that of their best certificate (the latest expiry; one
 * without expiry beats all), revoked ones not counted.
 *
 * @example
 * expiryOf('2026-01-31', 1); // '2026-02-28' (a month later, clamped to the month's end)
 * standingOf(['2027-01-15'], '2026-12-07', 60); // 'expiring'
 */

export const EXPIRING_WITHIN_DAYS = 60;
export type Standing = 'current' | 'expiring' | 'expired' | 'untrained';

/** The day a certificate issued on `issuedOn` expires, `months` later (null: no expiry). */
export function expiryOf(issuedOn: string, months: number | null): string | null {
  if (months === null) return null;
  const [y, m, d] = issuedOn.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const year = y + Math.floor(monthIndex / 12);
  const month = monthIndex % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** `date` plus `days` days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** The standing given the expiry days of a person's unrevoked certificates (null: never expires). */
export function standingOf(expiries: readonly (string | null)[], today: string, withinDays = EXPIRING_WITHIN_DAYS): Standing {
  if (expiries.length === 0) return 'untrained';
  if (expiries.some((e) => e === null)) return 'current';
  const best = (expiries as string[]).reduce((a, b) => (a > b ? a : b));
  if (best <= today) return 'expired';
  return best <= addDays(today, withinDays) ? 'expiring' : 'current';
}

/** The best of a person's certificates: no expiry first, else the latest expiry. */
export function bestOf<T extends { expiresOn: string | null }>(certificates: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const c of certificates) {
    if (!best) best = c;
    else if (best.expiresOn !== null && (c.expiresOn === null || c.expiresOn > best.expiresOn)) best = c;
  }
  return best;
}

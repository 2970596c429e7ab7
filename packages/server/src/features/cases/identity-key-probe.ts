/**
 * Tries an identity key on the stored identity numbers, for the start-up key check (platform/keys/data-keys.ts)
 * of a database that has no recorded check value yet (written before migration 0027, or restored from such a
 * backup): one stored number is enough, all of them share the key.
 */
import { isNotNull } from 'drizzle-orm';
import type { Executor } from '../../platform/db/database.ts';
import { caseReports } from './cases.tables.ts';
import { identityProtector } from './identity-protection.ts';

/** undefined: no identity number stored; else whether `key` opens one (false when there is no key). */
export async function identityKeyOpensData(db: Executor, key: Buffer | undefined): Promise<boolean | undefined> {
  const [row] = await db
    .select({ encrypted: caseReports.idNumberEncrypted })
    .from(caseReports)
    .where(isNotNull(caseReports.idNumberEncrypted))
    .limit(1);
  if (!row?.encrypted) return undefined;
  if (!key) return false;
  try {
    identityProtector({ identityKey: key.toString('hex'), dataDir: '' }).reveal(row.encrypted);
    return true;
  } catch {
    return false;
  }
}

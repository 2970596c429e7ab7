/**
 * The security audit: every write records who, when, what, before and after — in the same transaction as
 * the write, so there is never a change without its record nor a record without its change.
 *
 * Records are hash-chained: `hash = sha256(canonicalJson({ prevHash, seq, at, actor, action, entity, ip,
 * before, after }))`, `prevHash` being the previous record's hash (64 zeros for the first). `seq` is gapless.
 * `verifyAuditChain` recomputes the chain and reports the first record that was changed, removed or
 * inserted behind the application's back.
 *
 * @example
 * await database.db.transaction(async (tx) => {
 *   const [after] = await tx.insert(agencies).values(input).returning();
 *   await audit(tx, { actor, action: 'create', entityType: 'agency', entityId: after.id, after });
 * });
 */
import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../db/database.ts';
import { auditLog } from '../db/platform.tables.ts';
import { canonicalJson, normalise } from './canonical-json.ts';

/** Who did it: a user, or null for the system itself (seeding, jobs). */
export interface AuditActor {
  id: string;
  username: string;
}

/** Usual actions; features may use others ('verify', 'publish' …), lower-case verbs. */
export type AuditAction = 'create' | 'update' | 'delete' | 'read' | 'login' | 'login_failed' | 'logout' | (string & {});

export interface AuditEntry {
  actor: AuditActor | null;
  action: AuditAction;
  /** singular, snake_case: 'user', 'facility', 'agency_roster' */
  entityType: string;
  entityId?: string | null;
  /** the record before the change (omit for create); never put password hashes here */
  before?: unknown;
  /** the record after the change (omit for delete) */
  after?: unknown;
  /** the client's address, when the write came over HTTP */
  ip?: string | null;
}

/** The hash of the (non-existent) record before the first. */
export const GENESIS_HASH = '0'.repeat(64);

// Any constant: all audited transactions take turns on it, which makes seq gapless and the chain linear.
const AUDIT_LOCK_KEY = 72_210_002;

interface HashedFields {
  prevHash: string;
  seq: number;
  at: Date;
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
}

/** The hash of one record, given its fields and the previous record's hash. */
export function auditHash(f: HashedFields): string {
  const text = canonicalJson({
    prevHash: f.prevHash,
    seq: f.seq,
    at: f.at.toISOString(),
    actor: f.actorId === null && f.actorUsername === null ? null : { id: f.actorId, username: f.actorUsername },
    action: f.action,
    entity: { type: f.entityType, id: f.entityId },
    ip: f.ip,
    before: f.before ?? null,
    after: f.after ?? null,
  });
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Appends one audit record inside the caller's transaction. Takes a `Tx` (not a Db) on purpose: the record
 * must commit or roll back with the write it describes.
 */
export async function audit(tx: Tx, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  await tx.execute(sql.raw(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`));
  const [last] = await tx
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1);
  // jsonb keeps values, not key order or number spelling: hash what the database will give back
  const before = entry.before === undefined ? null : normalise(entry.before);
  const after = entry.after === undefined ? null : normalise(entry.after);
  const fields: HashedFields = {
    prevHash: last?.hash ?? GENESIS_HASH,
    seq: (last?.seq ?? 0) + 1,
    // millisecond precision: what a JS Date holds, so the stored value hashes back identically
    at: new Date(),
    actorId: entry.actor?.id ?? null,
    actorUsername: entry.actor?.username ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    ip: entry.ip ?? null,
    before,
    after,
  };
  const hash = auditHash(fields);
  await tx.insert(auditLog).values({ ...fields, hash });
  return { seq: fields.seq, hash };
}

/** The outcome of `verifyAuditChain`. */
export type AuditVerification =
  | { ok: true; records: number; lastSeq: number; lastHash: string }
  | {
      ok: false;
      records: number;
      /** the first record found wrong (for a missing record: the seq that should be there) */
      seq: number;
      problem: 'missing' | 'tampered' | 'broken_link';
      message: string;
    };

/**
 * Recomputes the whole chain, page by page, and reports the first bad record:
 * - `missing`: a seq number is absent (a record was deleted);
 * - `broken_link`: a record's prevHash is not its predecessor's hash (records were removed or re-inserted);
 * - `tampered`: a record's content no longer gives its hash (changed behind the application's back).
 */
export async function verifyAuditChain(db: Executor, pageSize = 1000): Promise<AuditVerification> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let records = 0;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(and(gt(auditLog.seq, expectedSeq - 1)))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of page) {
      if (row.seq !== expectedSeq) {
        return {
          ok: false,
          records,
          seq: expectedSeq,
          problem: 'missing',
          message: `audit record ${expectedSeq} is missing (the next one present is ${row.seq})`,
        };
      }
      if (row.prevHash !== prevHash) {
        return {
          ok: false,
          records,
          seq: row.seq,
          problem: 'broken_link',
          message: `audit record ${row.seq} does not follow record ${row.seq - 1} (prev_hash differs)`,
        };
      }
      const recomputed = auditHash({ ...row, before: row.before, after: row.after });
      if (recomputed !== row.hash) {
        return {
          ok: false,
          records,
          seq: row.seq,
          problem: 'tampered',
          message: `audit record ${row.seq} was changed after it was written (its content no longer matches its hash)`,
        };
      }
      prevHash = row.hash;
      expectedSeq += 1;
      records += 1;
    }
    if (page.length < pageSize) break;
  }
  return { ok: true, records, lastSeq: expectedSeq - 1, lastHash: prevHash };
}

/** Looks up one record by seq (for messages and tests). */
export async function auditRecord(db: Executor, seq: number) {
  const [row] = await db.select().from(auditLog).where(eq(auditLog.seq, seq));
  return row;
}

/**
 * The security audit: every write records who, when, what, before and after — in the same transaction as
 * the write, so there is never a change without its record nor a record without its change.
 *
 * Records are chained: each record's hash covers its content and the previous record's hash (64 zeros for the
 * first); `seq` is gapless. Two chain versions (migrations/0027_audit_keys.sql):
 * - 1 (records written before 0027): `hash = sha256(canonicalJson({ prevHash, seq, at, actor, action, entity,
 *   ip, before, after }))` — anyone who can write to the database could recompute it;
 * - 2 (every record since): `hash = HMAC-SHA256(chain key, canonicalJson({ v: 2, …the same…, jurisdictionId,
 *   changedFields }))`, the chain key derived from the audit key (AUDIT_KEY or DATA_DIR/audit.key), which is
 *   kept outside the database. Rewriting a record and recomputing the later hashes needs the key.
 * A version-1 record after a version-2 one is refused (no downgrade). Deleting the newest records leaves a
 * shorter valid chain; that is caught against a signed checkpoint (`createAuditCheckpoint`), which an operator
 * keeps elsewhere (`outbreak audit checkpoint --out FILE`) and a daily job writes to DATA_DIR/audit-checkpoints.
 *
 * Sensitive values (audit-policies.ts) are not stored: the record keeps which fields changed.
 *
 * @example
 * await database.db.transaction(async (tx) => {
 *   const [after] = await tx.insert(agencies).values(input).returning();
 *   await audit(tx, { actor, action: 'create', entityType: 'agency', entityId: after.id, after });
 * });
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { loadConfig } from '../config.ts';
import type { Executor, Tx } from '../db/database.ts';
import { auditLog } from '../db/platform.tables.ts';
import { AUDIT_KEY_SPEC, configuredOrNewKey, keyCheckValue } from '../keys/data-keys.ts';
import { auditPolicyOf, changedFieldsOf, withoutSensitiveValues } from './audit-policies.ts';
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
  /** the record before the change (omit for create); sensitive fields (audit-policies.ts) are not stored */
  before?: unknown;
  /** the record after the change (omit for delete) */
  after?: unknown;
  /** the client's address, when the write came over HTTP */
  ip?: string | null;
  /** the record's jurisdiction; default: `jurisdictionId` of after (else before), when there is one */
  jurisdictionId?: string | null;
}

/** The hash of the (non-existent) record before the first. */
export const GENESIS_HASH = '0'.repeat(64);

/** The chain version new records are written with. */
export const AUDIT_CHAIN_VERSION = 2;

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

interface HashedFieldsV2 extends HashedFields {
  jurisdictionId: string | null;
  changedFields: string[] | null;
}

function hashedContent(f: HashedFields): Record<string, unknown> {
  return {
    prevHash: f.prevHash,
    seq: f.seq,
    at: f.at.toISOString(),
    actor: f.actorId === null && f.actorUsername === null ? null : { id: f.actorId, username: f.actorUsername },
    action: f.action,
    entity: { type: f.entityType, id: f.entityId },
    ip: f.ip,
    before: f.before ?? null,
    after: f.after ?? null,
  };
}

/** The version-1 hash of one record (sha256, no key), given its fields and the previous record's hash. */
export function auditHash(f: HashedFields): string {
  return createHash('sha256')
    .update(canonicalJson(hashedContent(f)))
    .digest('hex');
}

/** The version-2 hash of one record: HMAC-SHA256 under the chain key. */
export function auditHmac(f: HashedFieldsV2, chainKey: Buffer): string {
  const text = canonicalJson({ v: 2, ...hashedContent(f), jurisdictionId: f.jurisdictionId, changedFields: f.changedFields });
  return createHmac('sha256', chainKey).update(text).digest('hex');
}

/** Subkeys of the audit key: one for the chain, one for checkpoints (HKDF-SHA256, RFC 5869). */
export function auditSubkeys(auditKey: Buffer): { chain: Buffer; checkpoint: Buffer } {
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', auditKey, Buffer.alloc(0), info, 32));
  return { chain: derive('outbreak-command audit chain v2'), checkpoint: derive('outbreak-command audit checkpoint v1') };
}

let processAuditKey: Buffer | undefined;

/**
 * Sets the audit key of this process (the server and the CLI do, after `ensureDataKey` checked it against
 * the database). Without it, the key comes from the environment's configuration (AUDIT_KEY, else the key file
 * in DATA_DIR), as for tools that write through the services.
 */
export function useAuditKey(key: Buffer): void {
  processAuditKey = key;
}

/** This process's audit key (see {@link useAuditKey}). */
export function currentAuditKey(): Buffer {
  processAuditKey ??= configuredOrNewKey(loadConfig(), AUDIT_KEY_SPEC);
  return processAuditKey;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function jurisdictionOf(entry: AuditEntry): string | null {
  if (entry.jurisdictionId !== undefined) return entry.jurisdictionId;
  for (const value of [entry.after, entry.before]) {
    const id = value !== null && typeof value === 'object' ? (value as { jurisdictionId?: unknown }).jurisdictionId : undefined;
    if (typeof id === 'string' && UUID.test(id)) return id.toLowerCase();
  }
  return null;
}

/**
 * Appends one audit record inside the caller's transaction. Takes a `Tx` (not a Db) on purpose: the record
 * must commit or roll back with the write it describes.
 */
export async function audit(tx: Tx, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  const chainKey = auditSubkeys(currentAuditKey()).chain;
  await tx.execute(sql.raw(`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`));
  const [last] = await tx.select({ seq: auditLog.seq, hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
  // jsonb keeps values, not key order or number spelling: hash what the database will give back
  const plainBefore = entry.before === undefined ? null : normalise(entry.before);
  const plainAfter = entry.after === undefined ? null : normalise(entry.after);
  const sensitive = auditPolicyOf(entry.entityType)?.sensitiveFields ?? [];
  const fields: HashedFieldsV2 = {
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
    before: withoutSensitiveValues(plainBefore, sensitive),
    after: withoutSensitiveValues(plainAfter, sensitive),
    jurisdictionId: jurisdictionOf(entry),
    // computed from the full values, so a changed phone shows as changed although its value is not kept
    changedFields: changedFieldsOf(plainBefore, plainAfter, (a, b) => canonicalJson(a) === canonicalJson(b)),
  };
  const hash = auditHmac(fields, chainKey);
  await tx.insert(auditLog).values({ ...fields, hash, chainVersion: AUDIT_CHAIN_VERSION });
  return { seq: fields.seq, hash };
}

/** Why a verification failed. */
export type AuditProblem =
  | 'missing'
  | 'tampered'
  | 'broken_link'
  | 'downgraded'
  | 'truncated'
  | 'checkpoint_mismatch'
  | 'checkpoint_invalid';

/** The outcome of `verifyAuditChain`. */
export type AuditVerification =
  | {
      ok: true;
      records: number;
      lastSeq: number;
      lastHash: string;
      /** the first record of the keyed (HMAC) chain; null when every record is of version 1 */
      keyedFromSeq: number | null;
      /** the checkpoint the chain was checked against, if any */
      checkpointSeq?: number;
    }
  | {
      ok: false;
      records: number;
      /** the first record found wrong (for a missing record: the seq that should be there) */
      seq: number;
      problem: AuditProblem;
      message: string;
    };

/** A signed statement of the chain's state at one moment, kept outside the database. */
export interface AuditCheckpoint {
  format: 'outbreak-audit-checkpoint';
  version: 1;
  /** the last record at the time (0 for an empty log) */
  seq: number;
  hash: string;
  keyedFromSeq: number | null;
  /** when it was made */
  at: string;
  /** check value of the audit key it is signed with (data-keys.ts) */
  keyCheck: string;
  /** HMAC-SHA256 (hex) of the other fields under the checkpoint subkey */
  signature: string;
}

function checkpointSignature(c: Omit<AuditCheckpoint, 'signature'>, auditKey: Buffer): string {
  return createHmac('sha256', auditSubkeys(auditKey).checkpoint).update(canonicalJson(c)).digest('hex');
}

/** Whether a checkpoint was signed with this audit key and is unchanged. */
export function checkpointSignedBy(checkpoint: AuditCheckpoint, auditKey: Buffer): boolean {
  const { signature, ...rest } = checkpoint;
  if (typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signature, 'hex'), Buffer.from(checkpointSignature(rest, auditKey), 'hex'));
}

/**
 * Verifies the chain and, when it is intact, returns a signed checkpoint of its end (else the failed
 * verification: a checkpoint of a damaged chain would anchor the damage).
 */
export async function createAuditCheckpoint(
  db: Executor,
  options: { auditKey?: Buffer; now?: Date } = {},
): Promise<{ ok: true; checkpoint: AuditCheckpoint } | { ok: false; verification: AuditVerification }> {
  const auditKey = options.auditKey ?? currentAuditKey();
  const verification = await verifyAuditChain(db, { auditKey });
  if (!verification.ok) return { ok: false, verification };
  const unsigned: Omit<AuditCheckpoint, 'signature'> = {
    format: 'outbreak-audit-checkpoint',
    version: 1,
    seq: verification.lastSeq,
    hash: verification.lastHash,
    keyedFromSeq: verification.keyedFromSeq,
    at: (options.now ?? new Date()).toISOString(),
    keyCheck: keyCheckValue(auditKey, 'audit'),
  };
  return { ok: true, checkpoint: { ...unsigned, signature: checkpointSignature(unsigned, auditKey) } };
}

export interface VerifyOptions {
  /** default: this process's audit key */
  auditKey?: Buffer;
  /** a checkpoint the chain must still contain (catches removed newest records and a rewritten chain) */
  checkpoint?: AuditCheckpoint;
  pageSize?: number;
}

/**
 * Recomputes the whole chain, page by page, and reports the first bad record:
 * - `missing`: a seq number is absent (a record was deleted);
 * - `broken_link`: a record's prevHash is not its predecessor's hash (records were removed or re-inserted);
 * - `tampered`: a record's content no longer gives its hash (changed behind the application's back, or its
 *   hash recomputed without the audit key);
 * - `downgraded`: an unkeyed (version-1) record after the first keyed one;
 * and against a checkpoint: `checkpoint_invalid` (not signed with this key), `truncated` (the chain ends
 * before the checkpoint: the newest records were deleted), `checkpoint_mismatch` (the record at the
 * checkpoint's seq is not the one it anchored).
 */
export async function verifyAuditChain(db: Executor, options: VerifyOptions | number = {}): Promise<AuditVerification> {
  const opts: VerifyOptions = typeof options === 'number' ? { pageSize: options } : options;
  const pageSize = opts.pageSize ?? 1000;
  let chainKey: Buffer | undefined;
  const keyFor = () => (chainKey ??= auditSubkeys(opts.auditKey ?? currentAuditKey()).chain);
  const checkpoint = opts.checkpoint;
  if (checkpoint && !checkpointSignedBy(checkpoint, opts.auditKey ?? currentAuditKey())) {
    return {
      ok: false,
      records: 0,
      seq: checkpoint.seq ?? 0,
      problem: 'checkpoint_invalid',
      message: 'the checkpoint was not signed with this audit key, or was changed (AUDIT_KEY / audit.key must be the key it was made with)',
    };
  }
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let records = 0;
  let keyedFromSeq: number | null = null;
  for (;;) {
    const page = await db
      .select()
      .from(auditLog)
      .where(and(gt(auditLog.seq, expectedSeq - 1)))
      .orderBy(asc(auditLog.seq))
      .limit(pageSize);
    for (const row of page) {
      const fail = (problem: AuditProblem, message: string, seq = row.seq): AuditVerification => ({
        ok: false,
        records,
        seq,
        problem,
        message,
      });
      if (row.seq !== expectedSeq) {
        return fail('missing', `audit record ${expectedSeq} is missing (the next one present is ${row.seq})`, expectedSeq);
      }
      if (row.prevHash !== prevHash) {
        return fail('broken_link', `audit record ${row.seq} does not follow record ${row.seq - 1} (prev_hash differs)`);
      }
      if (row.chainVersion === 1 && keyedFromSeq !== null) {
        return fail(
          'downgraded',
          `audit record ${row.seq} is unkeyed (version 1) after keyed records began at ${keyedFromSeq}: it was rewritten`,
        );
      }
      if (row.chainVersion === 2) keyedFromSeq ??= row.seq;
      const recomputed = row.chainVersion === 1 ? auditHash(row) : auditHmac(row, keyFor());
      if (recomputed !== row.hash) {
        return fail(
          'tampered',
          `audit record ${row.seq} was changed after it was written (its content no longer matches its ${row.chainVersion === 1 ? 'hash' : 'keyed hash: or AUDIT_KEY is not the key it was written with'})`,
        );
      }
      if (checkpoint && row.seq === checkpoint.seq && row.hash !== checkpoint.hash) {
        return fail(
          'checkpoint_mismatch',
          `audit record ${row.seq} is not the record the checkpoint of ${checkpoint.at} anchored: the chain was rewritten`,
        );
      }
      prevHash = row.hash;
      expectedSeq += 1;
      records += 1;
    }
    if (page.length < pageSize) break;
  }
  const lastSeq = expectedSeq - 1;
  if (checkpoint) {
    if (lastSeq < checkpoint.seq) {
      return {
        ok: false,
        records,
        seq: lastSeq + 1,
        problem: 'truncated',
        message: `the audit log ends at record ${lastSeq}, but the checkpoint of ${checkpoint.at} saw it reach ${checkpoint.seq}: the newest records were deleted`,
      };
    }
    if (checkpoint.seq === 0 && checkpoint.hash !== GENESIS_HASH) {
      return { ok: false, records, seq: 0, problem: 'checkpoint_mismatch', message: 'the checkpoint is not of this audit log' };
    }
    if (checkpoint.keyedFromSeq !== null && keyedFromSeq !== checkpoint.keyedFromSeq) {
      return {
        ok: false,
        records,
        seq: checkpoint.keyedFromSeq,
        problem: 'downgraded',
        message: `keyed records began at ${checkpoint.keyedFromSeq} when the checkpoint was made, now at ${keyedFromSeq ?? 'none'}: the chain was rewritten`,
      };
    }
  }
  return { ok: true, records, lastSeq, lastHash: prevHash, keyedFromSeq, ...(checkpoint ? { checkpointSeq: checkpoint.seq } : {}) };
}

/**
 * For the start-up key check (data-keys.ts) of a database without a recorded audit key check value: whether
 * `key` gives the newest keyed record's hash (undefined: no keyed record yet).
 */
export async function auditKeyOpensChain(db: Executor, key: Buffer | undefined): Promise<boolean | undefined> {
  const [row] = await db.select().from(auditLog).where(eq(auditLog.chainVersion, 2)).orderBy(desc(auditLog.seq)).limit(1);
  if (!row) return undefined;
  if (!key) return false;
  return auditHmac(row, auditSubkeys(key).chain) === row.hash;
}

/** Looks up one record by seq (for messages and tests). */
export async function auditRecord(db: Executor, seq: number) {
  const [row] = await db.select().from(auditLog).where(eq(auditLog.seq, seq));
  return row;
}

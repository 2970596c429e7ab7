/**
 * Audit checkpoints as files: the signed state of the chain's end (audit.ts, `createAuditCheckpoint`) written
 * outside the database, so that deleting the newest records or rewriting the chain is caught by
 * `verifyAuditChain(db, { checkpoint })`. The server writes one a day to DATA_DIR/audit-checkpoints (keeping
 * {@link CHECKPOINTS_KEPT}); an operator also exports them elsewhere with `outbreak audit checkpoint --out FILE`.
 *
 * @example
 * const written = await writeAuditCheckpointFile(database.db, config);           // DATA_DIR/audit-checkpoints/…
 * const checkpoint = readAuditCheckpoint(latestCheckpointFile(config)!);
 * await verifyAuditChain(database.db, { checkpoint });
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { Executor } from '../db/database.ts';
import { type AuditCheckpoint, type AuditVerification, createAuditCheckpoint } from './audit.ts';

/** Daily files kept in the data folder: more than a year (GB/T 22239 asks 6 months of audit records). */
export const CHECKPOINTS_KEPT = 400;

/** The folder of the periodic checkpoints. */
export function checkpointDir(config: Pick<Config, 'dataDir'>): string {
  return join(config.dataDir, 'audit-checkpoints');
}

/** A checkpoint file that cannot be read as one. */
export class CheckpointFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointFileError';
  }
}

/**
 * Verifies the chain and writes a checkpoint of its end to `file` (default: a new file in the data folder's
 * checkpoint folder, older ones beyond {@link CHECKPOINTS_KEPT} removed). Writes nothing for a damaged chain.
 */
export async function writeAuditCheckpointFile(
  db: Executor,
  config: Pick<Config, 'dataDir'>,
  options: { file?: string; now?: Date; auditKey?: Buffer } = {},
): Promise<{ ok: true; file: string; checkpoint: AuditCheckpoint } | { ok: false; verification: AuditVerification }> {
  const made = await createAuditCheckpoint(db, { now: options.now, auditKey: options.auditKey });
  if (!made.ok) return made;
  let file = options.file;
  if (!file) {
    const dir = checkpointDir(config);
    mkdirSync(dir, { recursive: true });
    // names sort by time: the newest is the last
    file = join(dir, `checkpoint-${made.checkpoint.at.replace(/[:.]/g, '-')}-seq-${made.checkpoint.seq}.json`);
  }
  writeFileSync(file, `${JSON.stringify(made.checkpoint, null, 2)}\n`, { mode: 0o600 });
  if (!options.file) {
    const files = checkpointFiles(config);
    for (const old of files.slice(0, Math.max(0, files.length - CHECKPOINTS_KEPT))) rmSync(old, { force: true });
  }
  return { ok: true, file, checkpoint: made.checkpoint };
}

function checkpointFiles(config: Pick<Config, 'dataDir'>): string[] {
  try {
    return readdirSync(checkpointDir(config))
      .filter((f) => /^checkpoint-.*\.json$/.test(f))
      .sort()
      .map((f) => join(checkpointDir(config), f));
  } catch {
    return [];
  }
}

/** The newest checkpoint file in the data folder, if any. */
export function latestCheckpointFile(config: Pick<Config, 'dataDir'>): string | undefined {
  return checkpointFiles(config).at(-1);
}

/** Reads a checkpoint file (its signature is checked by `verifyAuditChain`). */
export function readAuditCheckpoint(file: string): AuditCheckpoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new CheckpointFileError(`${file} is not a readable checkpoint file: ${(e as Error).message}`);
  }
  const c = parsed as Partial<AuditCheckpoint> | null;
  const valid =
    c !== null &&
    typeof c === 'object' &&
    c.format === 'outbreak-audit-checkpoint' &&
    c.version === 1 &&
    Number.isSafeInteger(c.seq) &&
    (c.seq as number) >= 0 &&
    typeof c.hash === 'string' &&
    (c.keyedFromSeq === null || Number.isSafeInteger(c.keyedFromSeq)) &&
    typeof c.at === 'string' &&
    typeof c.keyCheck === 'string' &&
    typeof c.signature === 'string';
  if (!valid) throw new CheckpointFileError(`${file} is not an audit checkpoint (made by 'outbreak audit checkpoint')`);
  return c as AuditCheckpoint;
}

/**
 * The data keys: secrets kept outside the database that the data depends on.
 * - `identity` (IDENTITY_KEY, else DATA_DIR/identity.key): encrypts identity numbers (features/cases);
 * - `audit` (AUDIT_KEY, else DATA_DIR/audit.key): keys the audit chain's HMAC (platform/audit).
 *
 * A backup holds neither, on purpose (a backup with its key beside it protects nothing), so a restore into a
 * new data folder used to make a fresh identity key and every case with an identity number then failed.
 * Now the database records a *check value* per key (`data_key_checks`: HMAC-SHA256 of a fixed text under the
 * key, which reveals nothing about it), and `ensureDataKey` at start-up refuses a key that does not give it —
 * or a missing key where the data needs one — with a message naming the variable and the file.
 *
 * @example
 * const auditKey = await ensureDataKey(database.db, config, AUDIT_KEY_SPEC);
 * keyCheckValue(auditKey, 'audit'); // '3f9c…' (16 hex)
 */
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Executor } from '../db/database.ts';
import { dataKeyChecks } from './keys.tables.ts';

/** Where one data key comes from. */
export interface DataKeySpec {
  name: 'identity' | 'audit';
  /** the environment variable holding the key (64 hex) */
  envVar: 'IDENTITY_KEY' | 'AUDIT_KEY';
  /** the configuration field of that variable */
  configField: 'identityKey' | 'auditKey';
  /** the key file in DATA_DIR used when the variable is unset */
  file: string;
  /** what the key protects, for messages */
  protects: string;
}

export const IDENTITY_KEY_SPEC: DataKeySpec = {
  name: 'identity',
  envVar: 'IDENTITY_KEY',
  configField: 'identityKey',
  file: 'identity.key',
  protects: 'the identity numbers of case reports',
};

export const AUDIT_KEY_SPEC: DataKeySpec = {
  name: 'audit',
  envVar: 'AUDIT_KEY',
  configField: 'auditKey',
  file: 'audit.key',
  protects: 'the audit log’s hash chain',
};

/** A data key that does not fit the data (or is missing where the data needs one). */
export class DataKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataKeyError';
  }
}

/** The check value of a key: the first 16 hex of HMAC-SHA256(key, fixed text). */
export function keyCheckValue(key: Buffer, name: DataKeySpec['name']): string {
  return createHmac('sha256', key).update(`outbreak-command data key check v1: ${name}`).digest('hex').slice(0, 16);
}

/** The key file's path for a configuration. */
export function keyFilePath(config: Pick<Config, 'dataDir'>, spec: DataKeySpec): string {
  return join(config.dataDir, spec.file);
}

/** The configured key (variable, else file), or undefined when neither is there. Never creates a file. */
export function configuredKey(config: Pick<Config, 'dataDir' | 'identityKey' | 'auditKey'>, spec: DataKeySpec): Buffer | undefined {
  const hex = config[spec.configField];
  if (hex) return Buffer.from(hex, 'hex');
  const file = keyFilePath(config, spec);
  if (!existsSync(file)) return undefined;
  const text = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(text)) throw new DataKeyError(`${file} must hold 64 hexadecimal characters (a 256-bit key)`);
  return Buffer.from(text, 'hex');
}

/** The configured key, creating the key file (0600) when there is none. */
export function configuredOrNewKey(config: Pick<Config, 'dataDir' | 'identityKey' | 'auditKey'>, spec: DataKeySpec): Buffer {
  const existing = configuredKey(config, spec);
  if (existing) return existing;
  const file = keyFilePath(config, spec);
  mkdirSync(config.dataDir, { recursive: true });
  try {
    // 'wx': never overwrite a key another process just wrote (the data would become unreadable)
    writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return configuredKey(config, spec)!;
}

/** The recorded check value of a key, if any. */
export async function recordedKeyCheck(db: Executor, name: DataKeySpec['name']): Promise<string | undefined> {
  const [row] = await db.select({ checkValue: dataKeyChecks.checkValue }).from(dataKeyChecks).where(eq(dataKeyChecks.name, name));
  return row?.checkValue;
}

/** Where to put the right key, for messages. */
function remedy(config: Pick<Config, 'dataDir'>, spec: DataKeySpec): string {
  return `set ${spec.envVar} to the key this data was written with, or copy ${spec.file} from the old data folder to ${keyFilePath(config, spec)} (docs/operations.md, "Keys")`;
}

/**
 * Opens a data key for a database and checks it against the data:
 * - a recorded check value must match (else DataKeyError naming the variable);
 * - a missing key where the database has a check value, or where `probe` finds data, is an error (a new
 *   key would make that data unreadable); otherwise the key file is created (a new installation);
 * - with no recorded value, `probe(key)` (when given) tries the key on existing data: false = it does not open it;
 *   then the check value is recorded.
 */
export async function ensureDataKey(
  db: Executor,
  config: Pick<Config, 'dataDir' | 'identityKey' | 'auditKey'>,
  spec: DataKeySpec,
  options: { probe?: (key: Buffer | undefined) => Promise<boolean | undefined> } = {},
): Promise<Buffer> {
  const recorded = await recordedKeyCheck(db, spec.name);
  const source = config[spec.configField] ? spec.envVar : `${spec.envVar} (unset, so ${keyFilePath(config, spec)})`;
  let key = configuredKey(config, spec);
  if (!key) {
    if (recorded || (options.probe && (await options.probe(undefined)) !== undefined)) {
      throw new DataKeyError(
        `${spec.envVar} is not set and there is no ${keyFilePath(config, spec)}, but this database holds ${spec.protects}` +
          `${recorded ? ` (key check value ${recorded})` : ''}: a new key would not open them. ${remedy(config, spec)}.`,
      );
    }
    key = configuredOrNewKey(config, spec);
  }
  const check = keyCheckValue(key, spec.name);
  if (recorded && recorded !== check) {
    throw new DataKeyError(
      `${source} is not the key ${spec.protects} were written with (its check value is ${check}, the database expects ${recorded}). ${remedy(config, spec)}.`,
    );
  }
  if (!recorded) {
    if (options.probe && (await options.probe(key)) === false) {
      throw new DataKeyError(`${source} does not open ${spec.protects} stored in this database. ${remedy(config, spec)}.`);
    }
    await db.insert(dataKeyChecks).values({ name: spec.name, checkValue: check }).onConflictDoNothing();
  }
  return key;
}

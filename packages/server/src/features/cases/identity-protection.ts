/**
 * Identity numbers at rest (PIPL: health data is sensitive personal information). A number is stored three
 * ways, none of which is the plain number:
 * - `encrypted`: AES-256-GCM, base64 of iv (12 bytes) | tag (16 bytes) | ciphertext — opened only by
 *   `reveal`, which the service calls for holders of `cases.identity` and audits as a read;
 * - `masked`: what every list and detail shows ('500199********123X'; passports keep the last 3);
 * - `hash`: HMAC-SHA256 (hex) of the normalised number, so that duplicates are matched without decrypting.
 *   The HMAC key is derived from the encryption key (HKDF), never the key itself.
 *
 * The key is `config.identityKey` (64 hex); when unset, `${dataDir}/identity.key` is created on first use
 * (mode 0600) so that a laptop installation works out of the box. Production must set IDENTITY_KEY and keep it
 * out of database backups: a backup with its key beside it protects nothing.
 *
 * @example
 * const protector = identityProtector(config);
 * const p = protector.protect('resident_id', '11010519491231002x');
 * p.masked; // '110105********002X'
 * protector.reveal(p.encrypted!); // '11010519491231002X'
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Config } from '../../platform/config.ts';
import { AppError } from '../../platform/errors.ts';
import type { ID_TYPES } from './cases.tables.ts';

export type IdType = (typeof ID_TYPES)[number];

export interface ProtectedIdentity {
  /** null when there is no number (idType 'none' or an empty number) */
  encrypted: string | null;
  masked: string;
  hash: string | null;
}

export interface IdentityProtector {
  protect(idType: IdType, idNumber: string | null | undefined): ProtectedIdentity;
  /** The plain number back from `encrypted`. Throws when the value was not made with this key. */
  reveal(encrypted: string): string;
}

/** The normal form of a number: trimmed, inner spaces removed, upper case (resident IDs end in 'X'). */
export function normaliseIdNumber(idNumber: string): string {
  return idNumber.replace(/\s+/g, '').toUpperCase();
}

/** What lists show: resident IDs keep the first 6 (division) and last 4; other documents the last 3. */
export function maskIdNumber(idType: IdType, idNumber: string): string {
  const n = normaliseIdNumber(idNumber);
  if (n === '') return '';
  if (idType === 'resident_id') {
    if (n.length <= 10) return '*'.repeat(n.length);
    return n.slice(0, 6) + '*'.repeat(n.length - 10) + n.slice(-4);
  }
  if (n.length <= 3) return '*'.repeat(n.length);
  return '*'.repeat(n.length - 3) + n.slice(-3);
}

/**
 * The mask shown to a reader without `cases.identity`: no character of the number, only its length. The stored
 * mask keeps the division code and the last 4 of a resident ID; with the birth date shown beside it that was the
 * whole number, and even with the birth year only, the sex (parity of the 17th digit) and the check character
 * (ISO 7064 MOD 11-2 of the other 17) it leaves about 30 candidates. With no character shown, a reader who knows
 * the birth year, the sex and the division code still faces 500 sequence numbers for each possible birth day:
 * about 182,500 numbers, at least 500 (docs/cases.md, "What a reader without cases.identity sees"). Other
 * documents get the same rule: an "other" document may be a residence permit numbered like a resident ID.
 *
 * @example
 * restrictedMask('500199********123X'); // '******************'
 */
export function restrictedMask(storedMask: string): string {
  return '*'.repeat(storedMask.length);
}

/** Reads the key file, creating it (0600) when missing. */
function keyFromFile(dataDir: string): Buffer {
  const file = join(dataDir, 'identity.key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    try {
      // 'wx': never overwrite a key another process just wrote (the data would become unreadable)
      writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
  const hex = readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new Error(`${file} must hold 64 hexadecimal characters (a 256-bit key)`);
  return Buffer.from(hex, 'hex');
}

/**
 * 503 `unavailable` (reason `identity_key_mismatch`): the configured key does not open the stored identity
 * numbers. Start-up refuses such a key when the database records the key's check value (platform/keys).
 */
export function identityKeyMismatch(): AppError {
  return new AppError(
    'unavailable',
    'The identity key (IDENTITY_KEY) does not open this record’s identity number: the server runs with another key than the data was written with; tell the administrator (docs/operations.md, "Keys")',
    { reason: 'identity_key_mismatch' },
  );
}

const protectors = new Map<string, IdentityProtector>();

/**
 * The protector for this configuration. Instances are cached per key source, so the key file is read once.
 */
export function identityProtector(config: Pick<Config, 'identityKey' | 'dataDir'>): IdentityProtector {
  const cacheKey = config.identityKey ? `key:${config.identityKey.toLowerCase()}` : `dir:${config.dataDir}`;
  const cached = protectors.get(cacheKey);
  if (cached) return cached;
  const key = config.identityKey ? Buffer.from(config.identityKey, 'hex') : keyFromFile(config.dataDir);
  const macKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'outbreak-command identity hmac v1', 32));

  const protector: IdentityProtector = {
    protect(idType, idNumber) {
      const n = idType === 'none' || !idNumber ? '' : normaliseIdNumber(idNumber);
      if (n === '') return { encrypted: null, masked: '', hash: null };
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(n, 'utf8'), cipher.final()]);
      const encrypted = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
      // the type is part of the hashed text: passport 'E123' and another document 'E123' are not one person
      const hash = createHmac('sha256', macKey)
        .update(`${idType === 'resident_id' ? 'resident_id' : 'document'}:${n}`)
        .digest('hex');
      return { encrypted, masked: maskIdNumber(idType, n), hash };
    },
    reveal(encrypted) {
      const buf = Buffer.from(encrypted, 'base64');
      try {
        if (buf.length < 29) throw new Error('not an encrypted identity number');
        const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
        decipher.setAuthTag(buf.subarray(12, 28));
        return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
      } catch {
        // The only way a stored value fails to open is a key other than the one it was written with (e.g. a
        // restore without the key): a server fault the user cannot fix, named, never a bare 500.
        throw identityKeyMismatch();
      }
    },
  };
  protectors.set(cacheKey, protector);
  return protector;
}

/** Seals and opens whole files under the identity key (imports keep uploaded line lists this way). */
export interface FileSealer {
  seal(bytes: Uint8Array): Uint8Array;
  /** The bytes back; throws when they were not sealed with this key (or were altered). */
  open(sealed: Uint8Array): Uint8Array;
}

/** 'OCS1': a sealed file, version 1 (what follows: iv 12 | tag 16 | ciphertext). */
export const SEALED_FILE_MAGIC = Uint8Array.from([0x4f, 0x43, 0x53, 0x31]);

const sealers = new Map<string, FileSealer>();

/**
 * AES-256-GCM for files that hold identity numbers (an uploaded line list waiting to be imported): the same key
 * source as the numbers (IDENTITY_KEY or the key file), through HKDF with its own label, so a backup of the
 * database holds no readable list and a file key is never the number key itself.
 *
 * @example
 * const sealer = fileSealer(config);
 * sealer.open(sealer.seal(bytes)); // bytes
 */
export function fileSealer(config: Pick<Config, 'identityKey' | 'dataDir'>): FileSealer {
  const cacheKey = config.identityKey ? `key:${config.identityKey.toLowerCase()}` : `dir:${config.dataDir}`;
  const cached = sealers.get(cacheKey);
  if (cached) return cached;
  const master = config.identityKey ? Buffer.from(config.identityKey, 'hex') : keyFromFile(config.dataDir);
  const key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'outbreak-command staged file v1', 32));
  const sealer: FileSealer = {
    seal(bytes) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(SEALED_FILE_MAGIC);
      const ciphertext = Buffer.concat([cipher.update(bytes), cipher.final()]);
      return new Uint8Array(Buffer.concat([SEALED_FILE_MAGIC, iv, cipher.getAuthTag(), ciphertext]));
    },
    open(sealed) {
      const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
      if (buf.length < 32 || !buf.subarray(0, 4).equals(SEALED_FILE_MAGIC)) throw new Error('not a sealed file');
      const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(4, 16));
      decipher.setAAD(SEALED_FILE_MAGIC);
      decipher.setAuthTag(buf.subarray(16, 32));
      return new Uint8Array(Buffer.concat([decipher.update(buf.subarray(32)), decipher.final()]));
    },
  };
  sealers.set(cacheKey, sealer);
  return sealer;
}

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
      const hash = createHmac('sha256', macKey).update(`${idType === 'resident_id' ? 'resident_id' : 'document'}:${n}`).digest('hex');
      return { encrypted, masked: maskIdNumber(idType, n), hash };
    },
    reveal(encrypted) {
      const buf = Buffer.from(encrypted, 'base64');
      if (buf.length < 29) throw new Error('not an encrypted identity number');
      const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, 12));
      decipher.setAuthTag(buf.subarray(12, 28));
      return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
  protectors.set(cacheKey, protector);
  return protector;
}

/**
 * This platform's Ed25519 identity and the signing of messages between platforms (RFC 8032, Node's crypto: no
 * dependency). A public key travels as base64url of its 32 raw bytes; the sender id (`keyId`) is base64url of
 * the first 16 bytes of its sha256, so a message names its sender without carrying the key.
 *
 * What is signed is the canonical JSON (keys sorted, no whitespace) of the whole envelope but its `signature`:
 * a changed byte anywhere (payload, sequence number, recipient) breaks the signature.
 *
 * @example
 * const identity = await ensureIdentity(db, config);
 * const signed = signEnvelope(identity, envelope);
 * verifyEnvelope(peerPublicKey, signed); // true
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { canonicalJson } from '../../platform/audit/canonical-json.ts';
import type { Config } from '../../platform/config.ts';
import type { Executor } from '../../platform/db/database.ts';
import { fileSealer } from '../cases/index.ts';
import { neighbourIdentity } from './neighbours.tables.ts';

/** One message between platforms, as signed. */
export interface Envelope {
  /** format version */
  v: 1;
  /** the message id (uuid): the receiver stores each id once */
  id: string;
  /** the sender's key id */
  from: string;
  /** the recipient's key id: a message for another platform is refused */
  to: string;
  /** 1, 2, 3 … per link and direction: the receiver takes them in this order, each once */
  seq: number;
  kind: string;
  /** when the change was made (ISO 8601) */
  sentAt: string;
  payload: Record<string, unknown>;
}

export interface SignedEnvelope extends Envelope {
  /** base64url Ed25519 signature of canonicalJson(envelope without signature) */
  signature: string;
}

export interface PlatformIdentity {
  keyId: string;
  /** base64url of the raw 32-byte public key */
  publicKey: string;
  privateKey: KeyObject;
}

const RAW_KEY = /^[A-Za-z0-9_-]{43}$/;

/** The key id of a public key (base64url raw). */
export function keyIdOf(publicKey: string): string {
  return createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest().subarray(0, 16).toString('base64url');
}

/** Whether a string is a usable Ed25519 public key (base64url of 32 bytes). */
export function isPublicKey(value: string): boolean {
  if (!RAW_KEY.test(value)) return false;
  try {
    publicKeyObject(value);
    return true;
  } catch {
    return false;
  }
}

function publicKeyObject(publicKey: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
}

/** A short, readable fingerprint for checking a key out of band (by phone): 8 groups of 4 hex digits. */
export function fingerprintOf(publicKey: string): string {
  const hex = createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest('hex').slice(0, 32);
  return hex.match(/.{4}/g)!.join(' ');
}

const identities = new WeakMap<object, PlatformIdentity>();
/**
 * The key settings of each platform identity loaded in this process, by key id: a hook runs with a transaction
 * only (border alerts, neighbours.alerts.ts) and finds its platform's settings through the identity row. Tests run
 * three platforms in one process, so this cannot be one global.
 */
const keyConfigs = new Map<string, Pick<Config, 'identityKey' | 'dataDir'>>();

/** The key settings of the platform whose database `db` is (undefined until its identity was loaded here). */
export async function keyConfigOf(db: Executor): Promise<Pick<Config, 'identityKey' | 'dataDir'> | undefined> {
  const [row] = await db.select({ keyId: neighbourIdentity.keyId }).from(neighbourIdentity).where(eq(neighbourIdentity.id, 1));
  return row ? keyConfigs.get(row.keyId) : undefined;
}

/**
 * This platform's identity, generated on first use (in one statement: two processes starting at once keep one
 * pair). The private key is sealed with the identity key (IDENTITY_KEY or its key file).
 */
export async function ensureIdentity(db: Executor, config: Pick<Config, 'identityKey' | 'dataDir'>): Promise<PlatformIdentity> {
  const cached = identities.get(db);
  if (cached) {
    keyConfigs.set(cached.keyId, config);
    return cached;
  }
  const sealer = fileSealer(config);
  let [row] = await db.select().from(neighbourIdentity).where(eq(neighbourIdentity.id, 1));
  if (!row) {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = publicKey.export({ format: 'jwk' }).x as string;
    const der = privateKey.export({ format: 'der', type: 'pkcs8' });
    await db
      .insert(neighbourIdentity)
      .values({ id: 1, keyId: keyIdOf(raw), publicKey: raw, privateKeySealed: Buffer.from(sealer.seal(der)).toString('base64') })
      .onConflictDoNothing();
    [row] = await db.select().from(neighbourIdentity).where(eq(neighbourIdentity.id, 1));
  }
  const der = Buffer.from(sealer.open(Buffer.from(row!.privateKeySealed, 'base64')));
  const identity = {
    keyId: row!.keyId,
    publicKey: row!.publicKey,
    privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
  };
  identities.set(db, identity);
  keyConfigs.set(identity.keyId, config);
  return identity;
}

/** The bytes a signature covers. */
function signedBytes(envelope: Envelope): Buffer {
  const { signature: _signature, ...rest } = envelope as SignedEnvelope;
  return Buffer.from(canonicalJson(rest));
}

export function signEnvelope(identity: PlatformIdentity, envelope: Envelope): SignedEnvelope {
  return { ...envelope, signature: sign(null, signedBytes(envelope), identity.privateKey).toString('base64url') };
}

/** Whether the envelope was signed by the holder of `publicKey` and not changed since. */
export function verifyEnvelope(publicKey: string, envelope: SignedEnvelope): boolean {
  if (typeof envelope.signature !== 'string' || !/^[A-Za-z0-9_-]{86}$/.test(envelope.signature)) return false;
  try {
    return verify(null, signedBytes(envelope), publicKeyObject(publicKey), Buffer.from(envelope.signature, 'base64url'));
  } catch {
    return false;
  }
}

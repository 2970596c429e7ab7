/**
 * The outbox: every message for a neighbour is written in the transaction of the change it carries (a case
 * shared, a decision on a notification, a link approved), numbered 1, 2, 3 … per link, signed and sealed; the
 * delivery job sends each link's messages in that order.
 *
 * Delivery guarantees (docs/neighbours.md):
 * - at least once from here, exactly once at the receiver: the receiver stores each message id once and answers
 *   `duplicate` for one it has, so a batch whose answer was lost is simply sent again;
 * - in order per neighbour: only the head of a link's queue is sent (a batch from the oldest undelivered
 *   message); while it fails, nothing behind it overtakes it;
 * - retries with exponential back-off (5 s, 10 s, 20 s … at most 15 min between attempts), for as long as it
 *   takes: a neighbour down for a day gets everything when it is back;
 * - a suspended link keeps its queue (sent on resumption); a revoked link's queue is cancelled, nothing more is
 *   sent.
 *
 * @example
 * await database.db.transaction(async (tx) => {
 *   await enqueueMessage(tx, config, link, 'case.notification', payload, summary);
 * });
 * await deliverOutbox(database, config, { transport: httpTransport() });
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Config } from '../../platform/config.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { conflict } from '../../platform/errors.ts';
import { fileSealer } from '../cases/index.ts';
import { ensureIdentity, type SignedEnvelope, signEnvelope } from './neighbours.keys.ts';
import type { LinkRow } from './neighbours.store.ts';
import { neighbourLinks, neighbourOutbox } from './neighbours.tables.ts';
import type { NeighbourTransport } from './neighbours.transport.ts';

type KeyConfig = Pick<Config, 'identityKey' | 'dataDir'>;

/** Kinds of message between platforms. */
export const MESSAGE_KINDS = [
  'link.hello',
  'case.notification',
  'case.decision',
  'alert.shared',
  'alert.status',
  // 0067 (issue 16: contacts and comments)
  'contact.notification',
  'contact.decision',
  'notification.comment',
  'record.update',
  // mutual aid (neighbours.mutual-aid.ts) and daily figures (neighbours.figures.ts)
  'aid.request',
  'aid.answer',
  'aid.accept',
  'aid.delivered',
  'aid.cancel',
  'figures.daily',
  // comments on a border alert, both ways (neighbours.alert-comments.ts)
  'alert.comment',
] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** Writes one message for the neighbour (inside the caller's transaction); returns its id. */
export async function enqueueMessage(
  tx: Tx,
  config: KeyConfig,
  link: Pick<LinkRow, 'id' | 'jurisdictionId' | 'peerKeyId' | 'state'>,
  kind: MessageKind,
  payload: Record<string, unknown>,
  summary: Record<string, unknown>,
  now: Date = new Date(),
): Promise<string> {
  if (link.state !== 'active') throw conflict('link_not_active', 'The link is not active: nothing is sent', { state: link.state });
  const identity = await ensureIdentity(tx, config);
  // the row lock of this update numbers the link's messages without gaps, in commit order
  const [numbered] = await tx
    .update(neighbourLinks)
    .set({ lastSentSeq: sql`${neighbourLinks.lastSentSeq} + 1` })
    .where(eq(neighbourLinks.id, link.id))
    .returning({ seq: neighbourLinks.lastSentSeq });
  const id = randomUUID();
  const envelope = signEnvelope(identity, {
    v: 1,
    id,
    from: identity.keyId,
    to: link.peerKeyId,
    seq: numbered!.seq,
    kind,
    sentAt: now.toISOString(),
    payload,
  });
  await tx.insert(neighbourOutbox).values({
    id,
    linkId: link.id,
    jurisdictionId: link.jurisdictionId,
    seq: numbered!.seq,
    kind,
    envelopeSealed: sealJson(config, envelope),
    summary,
    createdAt: now,
    nextAttemptAt: now,
  });
  return id;
}

export function sealJson(config: KeyConfig, value: unknown): string {
  return Buffer.from(fileSealer(config).seal(Buffer.from(JSON.stringify(value)))).toString('base64');
}

export function openJson<T>(config: KeyConfig, sealed: string): T {
  return JSON.parse(Buffer.from(fileSealer(config).open(Buffer.from(sealed, 'base64'))).toString('utf8')) as T;
}

/** Cancels what a revoked link had not delivered (inside the revocation's transaction); returns how many. */
export async function cancelUndelivered(tx: Executor, linkId: string): Promise<number> {
  const rows = await tx
    .update(neighbourOutbox)
    .set({ status: 'cancelled' })
    .where(and(eq(neighbourOutbox.linkId, linkId), inArray(neighbourOutbox.status, ['pending', 'failed'])))
    .returning({ id: neighbourOutbox.id });
  return rows.length;
}

export interface DeliveryOptions {
  transport: NeighbourTransport;
  now: () => Date;
  /** messages per request (the receiver's body limit is 1 MB; a case notification is about 2 KB) */
  batchSize: number;
  /** first retry after this many seconds, doubling up to `maxBackoffSeconds` */
  backoffSeconds: number;
  maxBackoffSeconds: number;
}

export const DELIVERY_DEFAULTS: Omit<DeliveryOptions, 'transport'> = {
  now: () => new Date(),
  batchSize: 100,
  backoffSeconds: 5,
  maxBackoffSeconds: 15 * 60,
};

/** Seconds to wait after the n-th failed attempt (n ≥ 1). */
export function backoffSeconds(attempts: number, options: Pick<DeliveryOptions, 'backoffSeconds' | 'maxBackoffSeconds'>): number {
  return Math.min(options.backoffSeconds * 2 ** Math.min(Math.max(attempts - 1, 0), 20), options.maxBackoffSeconds);
}

export interface DeliveryRun {
  delivered: number;
  failed: number;
  /** the earliest moment a message waits for (a retry), or null when every queue is empty or blocked */
  nextDueAt: Date | null;
}

// One delivery run at a time per database in this process: two runs would send the same head twice (harmless,
// the receiver answers `duplicate`, but wasteful).
const running = new WeakMap<object, Promise<DeliveryRun>>();

/** Sends every active link's due messages, in order; see the module comment. */
export function deliverOutbox(
  database: Database,
  config: KeyConfig,
  options: Partial<DeliveryOptions> & Pick<DeliveryOptions, 'transport'>,
) {
  const previous = running.get(database.db) ?? Promise.resolve(null);
  const next = previous.catch(() => null).then(() => deliverOnce(database, config, { ...DELIVERY_DEFAULTS, ...options }));
  running.set(database.db, next);
  return next;
}

async function deliverOnce(database: Database, config: KeyConfig, options: DeliveryOptions): Promise<DeliveryRun> {
  const { db } = database;
  const run: DeliveryRun = { delivered: 0, failed: 0, nextDueAt: null };
  const links = await db.select().from(neighbourLinks).where(eq(neighbourLinks.state, 'active'));
  for (const link of links) {
    for (;;) {
      const now = options.now();
      const batch = await db
        .select({
          id: neighbourOutbox.id,
          seq: neighbourOutbox.seq,
          envelopeSealed: neighbourOutbox.envelopeSealed,
          attempts: neighbourOutbox.attempts,
          nextAttemptAt: neighbourOutbox.nextAttemptAt,
        })
        .from(neighbourOutbox)
        .where(and(eq(neighbourOutbox.linkId, link.id), inArray(neighbourOutbox.status, ['pending', 'failed'])))
        .orderBy(asc(neighbourOutbox.seq))
        .limit(options.batchSize);
      if (batch.length === 0) break;
      const head = batch[0]!;
      if (head.nextAttemptAt > now) {
        if (!run.nextDueAt || head.nextAttemptAt < run.nextDueAt) run.nextDueAt = head.nextAttemptAt;
        break;
      }
      const envelopes = batch.map((m) => openJson<SignedEnvelope>(config, m.envelopeSealed));
      const result = await options.transport.send({ baseUrl: link.baseUrl }, envelopes);
      if (result.ok) {
        const known = new Set(batch.map((m) => m.id));
        const acknowledged = result.outcomes.filter((o) => known.has(o.id)).map((o) => o.id);
        if (acknowledged.length > 0) {
          await db.transaction(async (tx) => {
            await tx
              .update(neighbourOutbox)
              .set({ status: 'delivered', deliveredAt: now, attempts: sql`${neighbourOutbox.attempts} + 1`, lastError: '' })
              .where(inArray(neighbourOutbox.id, acknowledged));
            await tx
              .update(neighbourLinks)
              .set({ peerConfirmedAt: sql`coalesce(${neighbourLinks.peerConfirmedAt}, ${now.toISOString()}::timestamptz)` })
              .where(eq(neighbourLinks.id, link.id));
          });
          run.delivered += acknowledged.length;
        }
        // the receiver stopped before the end of the batch: the rest goes in the next request
        if (acknowledged.length === 0) break;
        continue;
      }
      // failed: the whole batch waits (nothing behind the head may overtake it)
      const attempts = head.attempts + 1;
      const retryAt = new Date(now.getTime() + backoffSeconds(attempts, options) * 1000);
      await db
        .update(neighbourOutbox)
        .set({
          status: 'failed',
          attempts: sql`${neighbourOutbox.attempts} + 1`,
          lastError: result.error.slice(0, 200),
          nextAttemptAt: retryAt,
        })
        .where(
          and(
            inArray(
              neighbourOutbox.id,
              batch.map((m) => m.id),
            ),
            lte(neighbourOutbox.seq, batch.at(-1)!.seq),
          ),
        );
      run.failed += batch.length;
      if (!run.nextDueAt || retryAt < run.nextDueAt) run.nextDueAt = retryAt;
      break;
    }
  }
  return run;
}

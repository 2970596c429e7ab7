/**
 * Every query of the neighbours feature over links and their delivery state. Links are records of the
 * district (`jurisdiction_id`): every read by a user is scoped by it.
 */
import { and, asc, count, desc, eq, getTableColumns, inArray, max, min, sql } from 'drizzle-orm';
import { inScope, inScopePath, type Scope } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { neighbourInbox, neighbourLinks, neighbourOutbox, neighbourShares } from './neighbours.tables.ts';

export type LinkRow = typeof neighbourLinks.$inferSelect;

/** The districts (level 'district') in the scope: where a link may be made. */
export async function districtsInScope(db: Executor, scope: Scope) {
  return db
    .select({ id: jurisdictions.id, code: jurisdictions.code, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.level, 'district'), inScopePath(scope, jurisdictions.path)))
    .orderBy(asc(jurisdictions.code));
}

export async function listLinks(db: Executor, scope: Scope): Promise<LinkRow[]> {
  return db
    .select()
    .from(neighbourLinks)
    .where(inScope(scope, neighbourLinks.jurisdictionId))
    .orderBy(asc(neighbourLinks.districtCode), desc(neighbourLinks.createdAt));
}

export async function findLink(db: Executor, scope: Scope, id: string, forUpdate = false): Promise<LinkRow | undefined> {
  const query = db
    .select()
    .from(neighbourLinks)
    .where(and(eq(neighbourLinks.id, id), inScope(scope, neighbourLinks.jurisdictionId)));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

/** A link by its neighbour's key id (the receiver: the sender names itself by it). Not scoped: no user acts. */
export async function findLinkByPeerKeyTrusted(db: Executor, peerKeyId: string, forUpdate = false): Promise<LinkRow | undefined> {
  const query = db.select().from(neighbourLinks).where(eq(neighbourLinks.peerKeyId, peerKeyId));
  const [row] = forUpdate ? await query.for('update') : await query;
  return row;
}

export interface DeliveryState {
  pending: number;
  delivered: number;
  failed: number;
  cancelled: number;
  /** the oldest message not yet delivered (pending or failed) */
  oldestUndeliveredAt: Date | null;
  lastDeliveredAt: Date | null;
  /** the error of the last failed attempt, when the head is failing */
  lastError: string;
  nextAttemptAt: Date | null;
}

/** The outbox of each link, counted by status. */
export async function deliveryStates(db: Executor, linkIds: string[]): Promise<Map<string, DeliveryState>> {
  const out = new Map<string, DeliveryState>();
  for (const id of linkIds)
    out.set(id, {
      pending: 0,
      delivered: 0,
      failed: 0,
      cancelled: 0,
      oldestUndeliveredAt: null,
      lastDeliveredAt: null,
      lastError: '',
      nextAttemptAt: null,
    });
  if (linkIds.length === 0) return out;
  const counts = await db
    .select({
      linkId: neighbourOutbox.linkId,
      status: neighbourOutbox.status,
      n: count(),
      oldest: min(neighbourOutbox.createdAt),
      lastDelivered: max(neighbourOutbox.deliveredAt),
    })
    .from(neighbourOutbox)
    .where(inArray(neighbourOutbox.linkId, linkIds))
    .groupBy(neighbourOutbox.linkId, neighbourOutbox.status);
  for (const row of counts) {
    const state = out.get(row.linkId)!;
    state[row.status] = Number(row.n);
    if (row.status === 'pending' || row.status === 'failed') {
      const oldest = row.oldest ? new Date(row.oldest) : null;
      if (oldest && (!state.oldestUndeliveredAt || oldest < state.oldestUndeliveredAt)) state.oldestUndeliveredAt = oldest;
    }
    if (row.status === 'delivered' && row.lastDelivered) state.lastDeliveredAt = new Date(row.lastDelivered);
  }
  // the head of each link's queue: what the next attempt is waiting for
  const heads = await db
    .selectDistinctOn([neighbourOutbox.linkId], {
      linkId: neighbourOutbox.linkId,
      lastError: neighbourOutbox.lastError,
      nextAttemptAt: neighbourOutbox.nextAttemptAt,
    })
    .from(neighbourOutbox)
    .where(and(inArray(neighbourOutbox.linkId, linkIds), sql`${neighbourOutbox.status} IN ('pending', 'failed')`))
    .orderBy(neighbourOutbox.linkId, asc(neighbourOutbox.seq));
  for (const head of heads) {
    const state = out.get(head.linkId)!;
    state.lastError = head.lastError;
    state.nextAttemptAt = head.nextAttemptAt;
  }
  return out;
}

/** Messages received and waiting for a decision, per link. */
export async function pendingInboxCounts(db: Executor, linkIds: string[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  if (linkIds.length === 0) return out;
  const rows = await db
    .select({ linkId: neighbourInbox.linkId, n: count() })
    .from(neighbourInbox)
    .where(and(inArray(neighbourInbox.linkId, linkIds), eq(neighbourInbox.status, 'pending')))
    .groupBy(neighbourInbox.linkId);
  for (const row of rows) out.set(row.linkId, Number(row.n));
  return out;
}

/** The latest messages of a link's outbox (the delivery page): no payload, only the summary. */
export async function recentOutbox(db: Executor, linkId: string, limit: number) {
  return db
    .select({
      id: neighbourOutbox.id,
      seq: neighbourOutbox.seq,
      kind: neighbourOutbox.kind,
      summary: neighbourOutbox.summary,
      status: neighbourOutbox.status,
      attempts: neighbourOutbox.attempts,
      lastError: neighbourOutbox.lastError,
      nextAttemptAt: neighbourOutbox.nextAttemptAt,
      deliveredAt: neighbourOutbox.deliveredAt,
      createdAt: neighbourOutbox.createdAt,
    })
    .from(neighbourOutbox)
    .where(eq(neighbourOutbox.linkId, linkId))
    .orderBy(desc(neighbourOutbox.seq))
    .limit(limit);
}

/** The records shared through a link and the neighbour's decisions. */
export async function recentShares(db: Executor, linkId: string, limit: number) {
  // not `sent_fields` (0067): what was sent of a case (classification, outcome, results) is for cases.read, not this page
  const { sentFields: _sent, ...columns } = getTableColumns(neighbourShares);
  return db
    .select(columns)
    .from(neighbourShares)
    .where(eq(neighbourShares.linkId, linkId))
    .orderBy(desc(neighbourShares.createdAt))
    .limit(limit);
}

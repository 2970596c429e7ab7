/**
 * Comments on a notification, both ways (issue 16): the receiver replies on a case or contact notification it
 * received, the sender sees the reply on what it sent (and may answer). A thread is named by the notification's
 * message id, the same on both sides; each comment goes as a signed message (`notification.comment`) through the
 * outbox in the transaction that records it. Who may comment: on a received notification the holders of
 * `neighbours.inbox`, on a sent one the holders of `neighbours.share`; reading needs `neighbours.inbox` or
 * `neighbours.read` — always within the district of the link. Comments are free text between officials: the
 * form asks for no personal data beyond the agreement.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { hasRight, inScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { notify } from '../notifications/index.ts';
import { enqueueMessage } from './neighbours.outbox.ts';
import type { NeighbourDeps } from './neighbours.service.ts';
import type { LinkRow } from './neighbours.store.ts';
import { neighbourComments, neighbourInbox, neighbourLinks, neighbourShares } from './neighbours.tables.ts';

const NOTIFICATION_KINDS = ['case.notification', 'contact.notification'];

type Side = 'received' | 'sent';
interface Thread {
  side: Side;
  linkId: string;
  jurisdictionId: string;
}

/** The thread of a notification id: a notification we received, or one we sent (a share). */
async function threadOf(db: Executor, notificationId: string): Promise<Thread | null> {
  const [received] = await db
    .select({ linkId: neighbourInbox.linkId, jurisdictionId: neighbourInbox.jurisdictionId })
    .from(neighbourInbox)
    .where(and(eq(neighbourInbox.id, notificationId), inArray(neighbourInbox.kind, NOTIFICATION_KINDS)));
  if (received) return { side: 'received', ...received };
  const [sent] = await db
    .select({ linkId: neighbourShares.linkId, jurisdictionId: neighbourShares.jurisdictionId })
    .from(neighbourShares)
    .where(eq(neighbourShares.messageId, notificationId));
  return sent ? { side: 'sent', ...sent } : null;
}

/** The thread if the principal may read (or write) it; 404 otherwise. */
async function threadFor(db: Executor, principal: Principal, notificationId: string, write: boolean): Promise<Thread> {
  const thread = await threadOf(db, notificationId);
  if (!thread) throw notFound('notification');
  const rights =
    thread.side === 'received'
      ? (['neighbours.inbox'] as const)
      : write
        ? (['neighbours.share'] as const)
        : (['neighbours.read', 'neighbours.share'] as const);
  for (const right of rights) {
    if (!hasRight(principal, right)) continue;
    const [inside] = await db
      .select({ id: neighbourLinks.id })
      .from(neighbourLinks)
      .where(and(eq(neighbourLinks.id, thread.linkId), inScope(scopeFor(principal, right), neighbourLinks.jurisdictionId)));
    if (inside) return thread;
  }
  throw notFound('notification');
}

/** The comments of a notification, oldest first. */
export async function commentsFor(deps: NeighbourDeps, principal: Principal, notificationId: string) {
  const thread = await threadFor(deps.database.db, principal, notificationId, false);
  const items = await deps.database.db
    .select({
      id: neighbourComments.id,
      direction: neighbourComments.direction,
      authorName: neighbourComments.authorName,
      body: neighbourComments.body,
      createdAt: neighbourComments.createdAt,
    })
    .from(neighbourComments)
    .where(and(eq(neighbourComments.notificationId, notificationId), eq(neighbourComments.linkId, thread.linkId)))
    .orderBy(asc(neighbourComments.createdAt), asc(neighbourComments.id));
  return { side: thread.side, items };
}

/** Adds a comment and sends it to the neighbour (in one transaction); audited. */
export async function commentAs(deps: NeighbourDeps, principal: Principal, notificationId: string, body: string, ip: string | null) {
  const now = deps.now?.() ?? new Date();
  const thread = await threadFor(deps.database.db, principal, notificationId, true);
  return deps.database.db.transaction(async (tx) => {
    const [link] = await tx.select().from(neighbourLinks).where(eq(neighbourLinks.id, thread.linkId)).for('update');
    if (link?.state !== 'active') throw conflict('link_not_active', 'The link is not active: nothing is sent', { state: link?.state });
    const id = randomUUID();
    const authorName = principal.displayName.slice(0, 100);
    await enqueueMessage(
      tx,
      deps.config,
      link,
      'notification.comment',
      { commentId: id, notificationId, body, author: authorName },
      { notificationId, commentId: id },
      now,
    );
    const [row] = await tx
      .insert(neighbourComments)
      .values({
        id,
        linkId: link.id,
        jurisdictionId: link.jurisdictionId,
        notificationId,
        direction: 'out',
        authorName,
        body,
        createdBy: principal.id,
        createdAt: now,
      })
      .returning();
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'comment',
      entityType: 'neighbour_message',
      entityId: notificationId,
      // the text goes to the neighbour; the audit keeps that a comment was sent, not what it says
      after: { jurisdictionId: link.jurisdictionId, linkId: link.id, commentId: id, length: body.length },
    });
    const { createdBy: _by, linkId: _l, jurisdictionId: _j, notificationId: _n, ...out } = row!;
    return out;
  });
}

/** A neighbour's comment as it arrives (inside the batch's transaction); a thread not of this link is dropped. */
export async function receiveComment(tx: Tx, link: LinkRow, id: string, payload: Record<string, unknown>, now: Date) {
  const notificationId = String(payload.notificationId ?? '');
  const thread = /^[0-9a-f-]{36}$/i.test(notificationId) ? await threadOf(tx, notificationId) : null;
  if (!thread || thread.linkId !== link.id) return { dropped: 'unknown_notification', notificationId };
  const body = String(payload.body ?? '')
    .trim()
    .slice(0, 2000);
  if (body === '') return { dropped: 'empty', notificationId };
  await tx.insert(neighbourComments).values({
    id,
    linkId: link.id,
    jurisdictionId: link.jurisdictionId,
    notificationId,
    direction: 'in',
    authorName: String(payload.author ?? '').slice(0, 100),
    body,
    createdAt: now,
  });
  const title = `${link.name}对通报留言`;
  const titleEn = `${link.nameEn || link.name} commented on a notification`;
  if (thread.side === 'received') {
    await notify(tx, {
      recipients: { right: 'neighbours.inbox', jurisdictionId: link.jurisdictionId },
      kind: 'neighbour.comment',
      severity: 'info',
      title,
      titleEn,
      link: `/neighbours/inbox/${notificationId}`,
      entity: { type: 'neighbour_link', id: link.id },
    });
  } else {
    const [share] = await tx
      .select({ sharedBy: neighbourShares.sharedBy, entityType: neighbourShares.entityType, entityId: neighbourShares.entityId })
      .from(neighbourShares)
      .where(eq(neighbourShares.messageId, notificationId));
    if (share?.sharedBy)
      await notify(tx, {
        recipients: { userIds: [share.sharedBy] },
        kind: 'neighbour.comment',
        severity: 'info',
        title,
        titleEn,
        link: share.entityType === 'contact' ? `/contacts/${share.entityId}` : `/cases/${share.entityId}`,
        entity: { type: share.entityType, id: share.entityId },
      });
  }
  return { notificationId, commentId: id };
}

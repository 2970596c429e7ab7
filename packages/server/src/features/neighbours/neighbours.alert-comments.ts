/**
 * Comments on a border alert (issue 16, item 4: "the neighbour can comment"), both ways. The neighbour comments on
 * the read-only copy of our alert it received; the comment travels back to us, the owning district, and shows on
 * the alert in both places; we may answer on the alert, and the answer goes to every active neighbour the alert
 * is shared with. A thread is named by the owner's alert id (the same on both sides: `remote_alert_id` at the
 * neighbour), kept in `neighbour_comments` beside the notifications' threads, one row per link.
 *
 * Who: on a received alert, reading needs `alerts.read` and writing `alerts.verify` where the reader sees the
 * neighbour's alerts (our district's staff and those of our townships bordering it); on our own alert,
 * `alerts.read` / `alerts.verify` over the alert's place. Outside that: 404. Each comment goes as a signed
 * `alert.comment` in the transaction that records it; sending is audited (that a comment went, not its text —
 * the text is in the thread, and alerts hold no personal data).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { hasRight, pathInScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { alerts } from '../alerts/index.ts';
import { notify } from '../notifications/index.ts';
import { visibleLinkIds } from './neighbours.alerts-inbox.ts';
import { enqueueMessage } from './neighbours.outbox.ts';
import type { NeighbourDeps } from './neighbours.service.ts';
import type { LinkRow } from './neighbours.store.ts';
import { neighbourAlerts, neighbourAlertShares, neighbourComments, neighbourLinks } from './neighbours.tables.ts';

type AlertThread =
  | { side: 'received'; alertId: string; threadId: string; linkIds: string[]; jurisdictionId: string; code: string }
  | { side: 'owned'; alertId: string; threadId: string; linkIds: string[]; jurisdictionId: string; code: string };

/**
 * The thread of an alert id as the principal may use it (`write`: alerts.verify, else alerts.read): a neighbour's
 * alert received here (our row's id), or an alert of ours shared with neighbours; 404 otherwise.
 */
async function alertThreadFor(db: Executor, principal: Principal, id: string, write: boolean): Promise<AlertThread> {
  const right = write ? 'alerts.verify' : 'alerts.read';
  if (!hasRight(principal, right)) throw notFound('alert');
  const scope = scopeFor(principal, right);
  const [received] = await db.select().from(neighbourAlerts).where(eq(neighbourAlerts.id, id));
  if (received) {
    if (!(await visibleLinkIds(db, scope)).has(received.linkId)) throw notFound('alert');
    return {
      side: 'received',
      alertId: id,
      threadId: received.remoteAlertId,
      linkIds: [received.linkId],
      jurisdictionId: received.jurisdictionId,
      code: received.code,
    };
  }
  const [own] = await db
    .select({ id: alerts.id, code: alerts.code, jurisdictionId: alerts.jurisdictionId, path: jurisdictions.path })
    .from(alerts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
    .where(eq(alerts.id, id));
  if (!own || !pathInScope(scope, own.path)) throw notFound('alert');
  const shares = await db
    .select({ linkId: neighbourAlertShares.linkId })
    .from(neighbourAlertShares)
    .where(eq(neighbourAlertShares.alertId, id));
  return {
    side: 'owned',
    alertId: id,
    threadId: id,
    linkIds: shares.map((s) => s.linkId),
    jurisdictionId: own.jurisdictionId,
    code: own.code,
  };
}

/** The comments of an alert's thread, oldest first, each with its neighbour; and the neighbours it is shared with. */
export async function alertCommentsFor(deps: NeighbourDeps, principal: Principal, id: string) {
  const db = deps.database.db;
  const thread = await alertThreadFor(db, principal, id, false);
  const links = thread.linkIds.length === 0 ? [] : (await db.select().from(neighbourLinks)).filter((l) => thread.linkIds.includes(l.id));
  const rows = await db
    .select({
      id: neighbourComments.id,
      linkId: neighbourComments.linkId,
      direction: neighbourComments.direction,
      authorName: neighbourComments.authorName,
      body: neighbourComments.body,
      createdAt: neighbourComments.createdAt,
    })
    .from(neighbourComments)
    .where(eq(neighbourComments.notificationId, thread.threadId))
    .orderBy(asc(neighbourComments.createdAt), asc(neighbourComments.id));
  const byId = new Map(links.map((l) => [l.id, l]));
  const districtOf = (linkId: string) => {
    const l = byId.get(linkId);
    return { linkId, code: l?.districtCode ?? '', name: l?.name ?? '', nameEn: l?.nameEn ?? '', state: l?.state ?? 'revoked' };
  };
  return {
    side: thread.side,
    canWrite: hasRight(principal, 'alerts.verify') && links.some((l) => l.state === 'active'),
    sharedWith: thread.linkIds.map(districtOf),
    items: rows.filter((r) => byId.has(r.linkId)).map(({ linkId, ...r }) => ({ ...r, district: districtOf(linkId) })),
  };
}

/**
 * Adds a comment to an alert's thread and sends it (in one transaction): from a received alert to its owner; from
 * our alert to every active neighbour it is shared with (one row each). Audited.
 */
export async function commentOnAlertAs(deps: NeighbourDeps, principal: Principal, id: string, body: string, ip: string | null) {
  const now = deps.now?.() ?? new Date();
  const thread = await alertThreadFor(deps.database.db, principal, id, true);
  return deps.database.db.transaction(async (tx) => {
    const active: LinkRow[] = [];
    for (const linkId of thread.linkIds) {
      const [link] = await tx.select().from(neighbourLinks).where(eq(neighbourLinks.id, linkId)).for('update');
      if (link?.state === 'active') active.push(link);
    }
    if (active.length === 0)
      throw conflict('link_not_active', 'No active link shares this alert: nothing is sent', { shared: thread.linkIds.length });
    const authorName = principal.displayName.slice(0, 100);
    const ids: string[] = [];
    for (const link of active) {
      const commentId = randomUUID();
      await enqueueMessage(
        tx,
        deps.config,
        link,
        'alert.comment',
        { commentId, alertId: thread.threadId, body, author: authorName },
        { alertId: thread.threadId, commentId },
        now,
      );
      await tx.insert(neighbourComments).values({
        id: commentId,
        linkId: link.id,
        jurisdictionId: link.jurisdictionId,
        notificationId: thread.threadId,
        direction: 'out',
        authorName,
        body,
        createdBy: principal.id,
        createdAt: now,
      });
      ids.push(commentId);
    }
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'comment',
      entityType: thread.side === 'owned' ? 'alert' : 'neighbour_alert',
      entityId: thread.alertId,
      after: { jurisdictionId: thread.jurisdictionId, linkIds: active.map((l) => l.id), commentIds: ids, length: body.length },
    });
    return { ids, sentTo: active.map((l) => l.districtCode), createdAt: now };
  });
}

/**
 * A neighbour's `alert.comment` as it arrives (inside the batch's transaction): on an alert of ours shared with
 * that neighbour, or on one of theirs we received from it; anything else is dropped. The alert's handlers are told.
 */
export async function receiveAlertComment(tx: Tx, link: LinkRow, id: string, payload: Record<string, unknown>, now: Date) {
  const alertId = String(payload.alertId ?? '');
  if (!/^[0-9a-f-]{36}$/i.test(alertId)) return { dropped: 'malformed', alertId };
  const body = String(payload.body ?? '')
    .trim()
    .slice(0, 2000);
  if (body === '') return { dropped: 'empty', alertId };
  const [received] = await tx
    .select({ id: neighbourAlerts.id, code: neighbourAlerts.code })
    .from(neighbourAlerts)
    .where(and(eq(neighbourAlerts.linkId, link.id), eq(neighbourAlerts.remoteAlertId, alertId)));
  const [own] = received
    ? []
    : await tx
        .select({ code: alerts.code, jurisdictionId: alerts.jurisdictionId })
        .from(neighbourAlertShares)
        .innerJoin(alerts, eq(alerts.id, neighbourAlertShares.alertId))
        .where(and(eq(neighbourAlertShares.linkId, link.id), eq(neighbourAlertShares.alertId, alertId)));
  if (!received && !own) return { dropped: 'unknown_alert', alertId };
  await tx.insert(neighbourComments).values({
    id,
    linkId: link.id,
    jurisdictionId: link.jurisdictionId,
    notificationId: alertId,
    direction: 'in',
    authorName: String(payload.author ?? '').slice(0, 100),
    body,
    createdAt: now,
  });
  const code = received?.code ?? own?.code ?? '';
  await notify(tx, {
    recipients: { right: 'alerts.verify', jurisdictionId: own?.jurisdictionId ?? link.jurisdictionId },
    kind: 'neighbour.comment',
    severity: 'info',
    title: `${link.name}对预警 ${code} 留言`,
    titleEn: `${link.nameEn || link.name} commented on alert ${code}`,
    link: own ? `/alerts/${alertId}` : `/alerts?source=neighbours&alert=${received!.id}`,
    entity: own ? { type: 'alert', id: alertId } : { type: 'neighbour_link', id: link.id },
  });
  return { alertId, commentId: id };
}

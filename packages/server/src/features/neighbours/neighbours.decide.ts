/**
 * The decision on a received notification (a case's or a contact's), one transaction for both kinds: the inbox
 * item locked and still pending, its link active (the decision goes back to the sender), the record-specific work
 * (`act`: file the case or the contact, or nothing for a rejection), the item marked decided with what it became,
 * the updates that waited for the decision (neighbours.updates.ts), the decision queued for the sender, audited.
 */
import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Principal } from '../../platform/auth/scope.ts';
import type { Tx } from '../../platform/db/database.ts';
import { conflict } from '../../platform/errors.ts';
import { enqueueMessage, openJson } from './neighbours.outbox.ts';
import type { NeighbourDeps } from './neighbours.service.ts';
import type { LinkRow } from './neighbours.store.ts';
import { neighbourInbox, neighbourLinks } from './neighbours.tables.ts';
import { afterDecision } from './neighbours.updates.ts';

export interface InboxDecisionKind<P> {
  /** the record a notification becomes here */
  entityType: 'case_report' | 'contact';
  /** the kind of the message that carries the decision back */
  messageKind: 'case.decision' | 'contact.decision';
  /** the sender's code of the record, named in the message summary and the audit ({ caseCode } / { contactCode }) */
  codeOf: (payload: P) => Record<string, string>;
  /** the key under which the audit names what it became ('caseId' / 'contactId') */
  entityKey: 'caseId' | 'contactId';
}

export async function decideInboxItem<P>(
  deps: NeighbourDeps,
  principal: Principal,
  id: string,
  ip: string | null,
  decision: 'accepted' | 'rejected',
  kind: InboxDecisionKind<P>,
  act: (tx: Tx, payload: P, link: LinkRow, now: Date) => Promise<{ entityId: string | null; reason: string }>,
): Promise<{ entityId: string | null; reason: string }> {
  const now = deps.now?.() ?? new Date();
  return deps.database.db.transaction(async (tx) => {
    const [item] = await tx.select().from(neighbourInbox).where(eq(neighbourInbox.id, id)).for('update');
    if (item?.status !== 'pending')
      throw conflict('status_not_allowed', `The notification is ${item?.status ?? 'gone'}`, { status: item?.status, allowed: ['pending'] });
    const [link] = await tx.select().from(neighbourLinks).where(eq(neighbourLinks.id, item.linkId)).for('update');
    if (link?.state !== 'active')
      throw conflict('link_not_active', 'The link is not active: no decision can be sent back', { state: link?.state });
    const payload = openJson<P>(deps.config, item.payloadSealed);
    const { entityId, reason } = await act(tx, payload, link, now);
    await tx
      .update(neighbourInbox)
      .set({
        status: decision,
        decidedBy: principal.id,
        decidedAt: now,
        decisionReason: reason,
        resultEntityType: entityId ? kind.entityType : null,
        resultEntityId: entityId,
      })
      .where(eq(neighbourInbox.id, id));
    // 0067: the base of later versions, and the updates that waited for the decision
    await afterDecision(tx, id, decision, now);
    const code = kind.codeOf(payload);
    await enqueueMessage(
      tx,
      deps.config,
      link,
      kind.messageKind,
      { messageId: id, decision, reason, decidedBy: principal.displayName },
      { decision, ...code },
      now,
    );
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: decision === 'accepted' ? 'accept' : 'reject',
      entityType: 'neighbour_message',
      entityId: id,
      after: { jurisdictionId: item.jurisdictionId, linkId: link.id, ...code, [kind.entityKey]: entityId, reason },
    });
    return { entityId, reason };
  });
}

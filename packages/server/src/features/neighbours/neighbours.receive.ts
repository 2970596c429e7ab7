/**
 * Receiving messages from neighbours (`POST /api/public/neighbours/messages`): the route is public, the
 * signature authenticates. A batch is refused whole, and the refusal logged and audited, when its sender is
 * unknown, a message is for another platform, or any signature fails (tampered, forged or missing). A link that
 * is not active (proposed, suspended, revoked) takes nothing.
 *
 * Accepted batches are stored in one transaction under the link's row lock: each message id once (a message
 * already stored answers `duplicate`: a replay or a retry after a lost answer changes nothing), in sequence
 * order (the next message must be the last received + 1: a gap or an old sequence number with a new id is
 * refused). What each kind does on arrival is in `onArrival`.
 */
import { inArray } from 'drizzle-orm';
import { eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import type { Config } from '../../platform/config.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { AppError, conflict, forbidden, unauthenticated } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import { notify } from '../notifications/index.ts';
import { agreementsOf, contactAgreementOf } from './neighbours.agreements.ts';
import { receiveBorderAlert } from './neighbours.alerts.ts';
import { receiveAlertComment } from './neighbours.alert-comments.ts';
import { receiveComment } from './neighbours.comments.ts';
import { contactSummaryOf, receiveContactDecision } from './neighbours.contacts.ts';
import { receiveDailyFigures } from './neighbours.figures.ts';
import { AID_MESSAGE_KINDS, type AidMessageKind, receiveAidMessage } from './neighbours.mutual-aid.ts';
import { ensureIdentity, type SignedEnvelope, verifyEnvelope } from './neighbours.keys.ts';
import { enqueueMessage, sealJson } from './neighbours.outbox.ts';
import { receiveRecordUpdate } from './neighbours.updates.ts';
import { findLinkByPeerKeyTrusted, type LinkRow } from './neighbours.store.ts';
import { type InboxStatus, neighbourInbox, neighbourLinks, neighbourShares } from './neighbours.tables.ts';
import type { MessageOutcome } from './neighbours.transport.ts';

export interface ReceiveDeps {
  database: Database;
  config: Pick<Config, 'identityKey' | 'dataDir'>;
  log: Logger;
}

/** Why a batch was refused (logged and audited; the sender sees the error id). */
export type Refusal = 'unknown_sender' | 'wrong_recipient' | 'bad_signature' | 'mixed_senders';

/**
 * Refusals audited per client address and minute, at most: the route is public, so without a bound anyone could
 * fill the audit log with refused requests (each still refused and logged).
 */
export const AUDITED_REFUSALS_PER_MINUTE = 30;
const refusalCounts = new Map<string, { minute: number; count: number }>();

function auditable(ip: string | null): boolean {
  const minute = Math.floor(Date.now() / 60_000);
  const key = ip ?? 'unknown';
  const entry = refusalCounts.get(key);
  if (!entry || entry.minute !== minute) {
    if (refusalCounts.size > 10_000) refusalCounts.clear();
    refusalCounts.set(key, { minute, count: 1 });
    return true;
  }
  entry.count += 1;
  return entry.count <= AUDITED_REFUSALS_PER_MINUTE;
}

async function refuse(deps: ReceiveDeps, refusal: Refusal, facts: Record<string, unknown>, ip: string | null): Promise<never> {
  deps.log.warn('neighbour message refused', { refusal, ...facts });
  if (auditable(ip))
    await deps.database.db.transaction(async (tx) => {
      await audit(tx, {
        actor: null,
        ip,
        action: 'refuse',
        entityType: 'neighbour_message',
        entityId: null,
        after: { refusal, ...facts },
        jurisdictionId: (facts.jurisdictionId as string | undefined) ?? null,
      });
    });
  if (refusal === 'unknown_sender') throw unauthenticated('Unknown sender: no link with this key');
  if (refusal === 'bad_signature') throw unauthenticated('A signature does not verify');
  throw forbidden(refusal === 'wrong_recipient' ? 'A message is addressed to another platform' : 'One batch, one sender');
}

/** Receives one batch; answers, per message, whether it was stored now or already. */
export async function receiveMessages(
  deps: ReceiveDeps,
  envelopes: SignedEnvelope[],
  ip: string | null,
  now: Date = new Date(),
): Promise<{ outcomes: { id: string; outcome: MessageOutcome }[] }> {
  const from = envelopes[0]!.from;
  if (envelopes.some((e) => e.from !== from)) await refuse(deps, 'mixed_senders', { from }, ip);
  const link = await findLinkByPeerKeyTrusted(deps.database.db, from);
  if (!link) await refuse(deps, 'unknown_sender', { from, ids: envelopes.slice(0, 10).map((e) => e.id) }, ip);
  // only now: a platform with a link has its identity (linking made it), so a stranger's request writes no key pair
  const identity = await ensureIdentity(deps.database.db, deps.config);
  const facts = { linkId: link!.id, jurisdictionId: link!.jurisdictionId, from };
  const misaddressed = envelopes.find((e) => e.to !== identity.keyId);
  if (misaddressed) await refuse(deps, 'wrong_recipient', { ...facts, id: misaddressed.id, seq: misaddressed.seq }, ip);
  const forged = envelopes.find((e) => !verifyEnvelope(link!.peerPublicKey, e));
  if (forged) await refuse(deps, 'bad_signature', { ...facts, id: forged.id, seq: forged.seq }, ip);
  if (link!.state !== 'active') {
    deps.log.info('neighbour message refused: link not active', { linkId: link!.id, state: link!.state });
    throw conflict('link_not_active', 'This platform has no active link with the sender', { state: link!.state });
  }

  return deps.database.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(neighbourLinks).where(eq(neighbourLinks.id, link!.id)).for('update');
    if (locked?.state !== 'active') throw conflict('link_not_active', 'This platform has no active link with the sender');
    const ids = envelopes.map((e) => e.id);
    const known = new Set(
      (await tx.select({ id: neighbourInbox.id }).from(neighbourInbox).where(inArray(neighbourInbox.id, ids))).map((r) => r.id),
    );
    let last = locked.lastReceivedSeq;
    let waiting = 0;
    const outcomes: { id: string; outcome: MessageOutcome }[] = [];
    const stored: SignedEnvelope[] = [];
    for (const envelope of envelopes) {
      if (known.has(envelope.id)) {
        outcomes.push({ id: envelope.id, outcome: 'duplicate' });
        continue;
      }
      if (envelope.seq !== last + 1) {
        deps.log.warn('neighbour message out of sequence', { linkId: locked.id, seq: envelope.seq, expected: last + 1 });
        throw new AppError(
          'conflict',
          `Message ${envelope.seq} is out of sequence: expected ${last + 1}`,
          { expected: last + 1 },
          'out_of_sequence',
        );
      }
      if ((await onArrival(tx, deps, locked, envelope, now)) === 'pending') waiting += 1;
      known.add(envelope.id);
      last = envelope.seq;
      stored.push(envelope);
      outcomes.push({ id: envelope.id, outcome: 'stored' });
    }
    if (stored.length > 0) {
      await tx
        .update(neighbourLinks)
        .set({ lastReceivedSeq: last, peerConfirmedAt: locked.peerConfirmedAt ?? now, updatedAt: now })
        .where(eq(neighbourLinks.id, locked.id));
      // one record per batch: which messages came, never their content
      await audit(tx, {
        actor: null,
        ip,
        action: 'receive',
        entityType: 'neighbour_link',
        entityId: locked.id,
        after: {
          jurisdictionId: locked.jurisdictionId,
          fromSeq: stored[0]!.seq,
          toSeq: last,
          count: stored.length,
          kinds: [...new Set(stored.map((e) => e.kind))],
        },
      });
    }
    if (waiting > 0) {
      // one notice per batch (a neighbour back after a day may bring hundreds)
      await notify(tx, {
        recipients: { right: 'neighbours.inbox', jurisdictionId: locked.jurisdictionId },
        kind: 'neighbour.notification',
        severity: 'warning',
        title: `${locked.name}通报病例或密切接触者 ${waiting} 例，请预览并接收或拒收`,
        titleEn: `${locked.nameEn || locked.name} notified ${waiting} case(s) or contact(s): preview and accept or reject them`,
        link: '/neighbours/inbox',
        entity: { type: 'neighbour_link', id: locked.id },
      });
    }
    const duplicates = outcomes.length - stored.length;
    if (duplicates > 0) deps.log.info('neighbour messages already stored', { linkId: locked.id, duplicates });
    return { outcomes };
  });
}

/** Stores a message and does what its kind asks (inside the batch's transaction). */
async function onArrival(tx: Tx, deps: ReceiveDeps, link: LinkRow, envelope: SignedEnvelope, now: Date): Promise<InboxStatus> {
  let status: InboxStatus = 'recorded';
  let summary: Record<string, unknown> = {};
  let decisionReason = '';
  const payload = envelope.payload;
  if (envelope.kind === 'case.notification') {
    summary = pickSummary(payload);
    if (agreementsOf(link.agreements).caseNotifications.accept) {
      status = 'pending';
    } else {
      // the agreement takes none: refused back at once, so the sender knows to call
      status = 'rejected';
      decisionReason = 'not_in_agreement';
      await enqueueMessage(
        tx,
        deps.config,
        link,
        'case.decision',
        { messageId: envelope.id, decision: 'rejected', reason: 'not_in_agreement', decidedBy: '' },
        { decision: 'rejected', caseCode: summary.caseCode ?? null },
        now,
      );
    }
  } else if (envelope.kind === 'contact.notification') {
    // 0067: a contact who lives or stays here, under the agreement for contacts
    summary = contactSummaryOf(payload);
    if (contactAgreementOf(link.agreements).accept) {
      status = 'pending';
    } else {
      status = 'rejected';
      decisionReason = 'not_in_agreement';
      await enqueueMessage(
        tx,
        deps.config,
        link,
        'contact.decision',
        { messageId: envelope.id, decision: 'rejected', reason: 'not_in_agreement', decidedBy: '' },
        { decision: 'rejected', contactCode: summary.contactCode ?? null },
        now,
      );
    }
  } else if (envelope.kind === 'contact.decision') {
    summary = await receiveContactDecision(tx, link, payload, now);
  } else if (envelope.kind === 'notification.comment') {
    summary = await receiveComment(tx, link, envelope.id, payload, now);
  } else if (envelope.kind === 'alert.comment') {
    summary = await receiveAlertComment(tx, link, envelope.id, payload, now);
  } else if (envelope.kind === 'record.update') {
    summary = await receiveRecordUpdate(tx, link, envelope.id, payload, now);
  } else if (envelope.kind === 'alert.shared' || envelope.kind === 'alert.status') {
    summary = (await receiveBorderAlert(tx, link, envelope.kind, payload, now)).summary;
  } else if ((AID_MESSAGE_KINDS as readonly string[]).includes(envelope.kind)) {
    summary = await receiveAidMessage(tx, deps.config, link, envelope.kind as AidMessageKind, payload, now);
  } else if (envelope.kind === 'figures.daily') {
    summary = await receiveDailyFigures(tx, link, payload, now);
  } else if (envelope.kind === 'case.decision') {
    const decision = payload.decision === 'accepted' ? 'accepted' : 'rejected';
    summary = { decision, messageId: payload.messageId };
    const [share] = await tx
      .update(neighbourShares)
      .set({
        status: decision,
        decisionReason: String(payload.reason ?? '').slice(0, 500),
        decidedAt: now,
        decidedByName: String(payload.decidedBy ?? '').slice(0, 100),
      })
      .where(eq(neighbourShares.messageId, String(payload.messageId)))
      .returning();
    if (share?.sharedBy) {
      await notify(tx, {
        recipients: { userIds: [share.sharedBy] },
        kind: 'neighbour.decision',
        severity: decision === 'accepted' ? 'info' : 'warning',
        title: decision === 'accepted' ? `${link.name}已接收通报的病例` : `${link.name}拒收通报的病例：${share.decisionReason}`,
        titleEn:
          decision === 'accepted'
            ? `${link.nameEn || link.name} accepted the notified case`
            : `${link.nameEn || link.name} rejected the notified case: ${share.decisionReason}`,
        link: `/neighbours/${link.id}`,
        entity: { type: 'case_report', id: share.entityId },
      });
    }
  }
  await tx.insert(neighbourInbox).values({
    id: envelope.id,
    linkId: link.id,
    jurisdictionId: link.jurisdictionId,
    seq: envelope.seq,
    kind: envelope.kind,
    sentAt: new Date(envelope.sentAt),
    receivedAt: now,
    payloadSealed: sealJson(deps.config, payload),
    summary,
    status,
    decisionReason,
    decidedAt: status === 'rejected' ? now : null,
  });
  return status;
}

/** What an inbox list may show of a case notification: nothing that names the person. */
function pickSummary(payload: Record<string, unknown>): Record<string, unknown> {
  const disease = (payload.disease ?? {}) as Record<string, unknown>;
  return {
    caseCode: payload.caseCode ?? null,
    diseaseCode: disease.code ?? null,
    diseaseName: disease.name ?? null,
    diseaseNameEn: disease.nameEn ?? null,
    classification: payload.classification ?? null,
    onsetDate: payload.onsetDate ?? null,
    withPersonalData: payload.person != null,
  };
}

/**
 * Links with neighbouring districts' platforms: an administrator proposes a link (the neighbour's address and
 * public key, exchanged out of band, checked by fingerprint), another administrator approves it (four eyes:
 * linking commits the district), and the neighbour does the same on its side; messages flow once both have.
 * The agreement says per kind what is sent and taken. A link can be suspended (its queue waits), resumed, or
 * revoked (its queue is cancelled; nothing more is sent or accepted). Every step is audited.
 */
import { and, eq, ne } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { type Principal, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Config } from '../../platform/config.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { conflict, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { type Agreements, agreementsOf, NO_AGREEMENTS } from './neighbours.agreements.ts';
import { ensureIdentity, fingerprintOf, isPublicKey, keyIdOf } from './neighbours.keys.ts';
import { borderTownshipIssues } from './neighbours.alerts.ts';
import { cancelUndelivered, enqueueMessage } from './neighbours.outbox.ts';
import {
  type DeliveryState,
  deliveryStates,
  districtsInScope,
  findLink,
  type LinkRow,
  listLinks,
  pendingInboxCounts,
  recentOutbox,
  recentShares,
} from './neighbours.store.ts';
import { neighbourLinks } from './neighbours.tables.ts';

export interface NeighbourDeps {
  database: Database;
  config: Pick<Config, 'identityKey' | 'dataDir'>;
  now?: () => Date;
}

const actorOf = (p: Principal) => ({ id: p.id, username: p.username });

/** What the audit log keeps of a link (no key material but the peer's public key, which is public). */
function auditable(link: LinkRow) {
  const { lastReceivedSeq: _r, lastSentSeq: _s, ...rest } = link;
  return rest;
}

export interface LinkView {
  id: string;
  jurisdictionId: string;
  districtCode: string;
  name: string;
  nameEn: string;
  baseUrl: string;
  peerKeyId: string;
  peerFingerprint: string;
  state: LinkRow['state'];
  stateReason: string;
  /** whether the neighbour has taken a message of ours, or we one of theirs: its side is approved */
  peerConfirmed: boolean;
  agreements: Agreements;
  proposedBy: string | null;
  approvedBy: string | null;
  approvedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  delivery: DeliveryState;
  inboxPending: number;
}

function view(link: LinkRow, delivery: DeliveryState, inboxPending: number): LinkView {
  return {
    id: link.id,
    jurisdictionId: link.jurisdictionId,
    districtCode: link.districtCode,
    name: link.name,
    nameEn: link.nameEn,
    baseUrl: link.baseUrl,
    peerKeyId: link.peerKeyId,
    peerFingerprint: fingerprintOf(link.peerPublicKey),
    state: link.state,
    stateReason: link.stateReason,
    peerConfirmed: link.peerConfirmedAt !== null,
    agreements: agreementsOf(link.agreements),
    proposedBy: link.proposedBy,
    approvedBy: link.approvedBy,
    approvedAt: link.approvedAt,
    createdAt: link.createdAt,
    updatedAt: link.updatedAt,
    delivery,
    inboxPending,
  };
}

/** GET /api/neighbours: the linked districts with their state and their outbox's delivery state. */
export async function listNeighboursFor(deps: NeighbourDeps, principal: Principal): Promise<LinkView[]> {
  const scope = scopeFor(principal, 'neighbours.read');
  const links = await listLinks(deps.database.db, scope);
  const ids = links.map((l) => l.id);
  const states = await deliveryStates(deps.database.db, ids);
  const inbox = await pendingInboxCounts(deps.database.db, ids);
  return links.map((l) => view(l, states.get(l.id)!, inbox.get(l.id) ?? 0));
}

/** One link with its latest messages and shared records. */
export async function getNeighbourFor(deps: NeighbourDeps, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'neighbours.read');
  const link = await findLink(deps.database.db, scope, id);
  if (!link) throw notFound('neighbour');
  const states = await deliveryStates(deps.database.db, [id]);
  const inbox = await pendingInboxCounts(deps.database.db, [id]);
  return {
    ...view(link, states.get(id)!, inbox.get(id) ?? 0),
    outbox: await recentOutbox(deps.database.db, id, 50),
    shares: await recentShares(deps.database.db, id, 50),
  };
}

/** This platform's public identity: what an administrator gives a neighbour (with the fingerprint to read out). */
export async function identityFor(deps: NeighbourDeps, principal: Principal) {
  const scope = scopeFor(principal, 'neighbours.read');
  const districts = await districtsInScope(deps.database.db, scope);
  return { ...(await publicIdentity(deps)), districts };
}

/** The public identity without a user (the public route: a public key is public). */
export async function publicIdentity(deps: NeighbourDeps) {
  const identity = await ensureIdentity(deps.database.db, deps.config);
  const [district] = await deps.database.db
    .select({ code: jurisdictions.code, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
    .from(jurisdictions)
    .where(eq(jurisdictions.level, 'district'))
    .orderBy(jurisdictions.code)
    .limit(1);
  return {
    keyId: identity.keyId,
    publicKey: identity.publicKey,
    fingerprint: fingerprintOf(identity.publicKey),
    district: district ?? null,
  };
}

export interface LinkProposal {
  jurisdictionId?: string | undefined;
  districtCode: string;
  name: string;
  nameEn: string;
  baseUrl: string;
  publicKey: string;
  agreements?: Agreements | undefined;
}

/** Proposes a link (neighbours.manage; audited). Another administrator approves it. */
export async function proposeLinkAs(deps: NeighbourDeps, principal: Principal | null, input: LinkProposal, ip: string | null) {
  const now = deps.now?.() ?? new Date();
  return deps.database.db.transaction(async (tx) => {
    let jurisdictionId: string;
    if (principal) {
      const scope = scopeFor(principal, 'neighbours.manage');
      const districts = await districtsInScope(tx, scope);
      const chosen = input.jurisdictionId ? districts.find((d) => d.id === input.jurisdictionId) : districts[0];
      if (!chosen) {
        if (districts.length === 0) throw forbidden('A link is made by an administrator of a district');
        throw validationFailed([{ path: 'jurisdictionId', message: 'not a district in your scope' }]);
      }
      jurisdictionId = chosen.id;
    } else {
      const [district] = await tx.select({ id: jurisdictions.id }).from(jurisdictions).where(eq(jurisdictions.level, 'district')).limit(1);
      if (!district) throw notFound('district');
      jurisdictionId = district.id;
    }
    const wrongTownships = await borderTownshipIssues(tx, jurisdictionId, input.agreements?.borderAlerts.townshipIds ?? []);
    if (wrongTownships.length > 0)
      throw validationFailed([
        { path: 'agreements.borderAlerts.townshipIds', message: `not townships of this district: ${wrongTownships.join(', ')}` },
      ]);
    if (!isPublicKey(input.publicKey))
      throw validationFailed([{ path: 'publicKey', message: 'not an Ed25519 public key (base64url of 32 bytes)' }]);
    const own = await ensureIdentity(tx, deps.config);
    const peerKeyId = keyIdOf(input.publicKey);
    if (peerKeyId === own.keyId) throw conflict('own_key', "This is this platform's own key, not the neighbour's");
    const [taken] = await tx
      .select({ id: neighbourLinks.id, state: neighbourLinks.state })
      .from(neighbourLinks)
      .where(eq(neighbourLinks.peerKeyId, peerKeyId));
    if (taken) throw conflict('already_exists', 'A link with this key exists (a revoked key cannot be linked again)', { id: taken.id });
    const [live] = await tx
      .select({ id: neighbourLinks.id })
      .from(neighbourLinks)
      .where(
        and(
          eq(neighbourLinks.jurisdictionId, jurisdictionId),
          eq(neighbourLinks.districtCode, input.districtCode),
          ne(neighbourLinks.state, 'revoked'),
        ),
      );
    if (live) throw conflict('already_exists', 'This district is linked already: revoke the link first', { id: live.id });
    const [link] = await tx
      .insert(neighbourLinks)
      .values({
        jurisdictionId,
        districtCode: input.districtCode,
        name: input.name,
        nameEn: input.nameEn,
        baseUrl: input.baseUrl.replace(/\/+$/, ''),
        peerPublicKey: input.publicKey,
        peerKeyId,
        agreements: input.agreements ?? NO_AGREEMENTS,
        proposedBy: principal?.id ?? null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await audit(tx, {
      actor: principal ? actorOf(principal) : null,
      ip,
      action: 'create',
      entityType: 'neighbour_link',
      entityId: link!.id,
      after: auditable(link!),
    });
    return link!;
  });
}

async function changeLink(
  deps: NeighbourDeps,
  principal: Principal | null,
  id: string,
  ip: string | null,
  action: string,
  change: (tx: Tx, link: LinkRow, now: Date) => Promise<Partial<typeof neighbourLinks.$inferInsert>>,
) {
  const now = deps.now?.() ?? new Date();
  return deps.database.db.transaction(async (tx) => {
    let link: LinkRow | undefined;
    if (principal) link = await findLink(tx, scopeFor(principal, 'neighbours.manage'), id, true);
    else [link] = await tx.select().from(neighbourLinks).where(eq(neighbourLinks.id, id)).for('update');
    if (!link) throw notFound('neighbour');
    const set = await change(tx, link, now);
    const [after] = await tx
      .update(neighbourLinks)
      .set({ ...set, updatedAt: now })
      .where(eq(neighbourLinks.id, id))
      .returning();
    await audit(tx, {
      actor: principal ? actorOf(principal) : null,
      ip,
      action,
      entityType: 'neighbour_link',
      entityId: id,
      before: auditable(link),
      after: auditable(after!),
    });
    return after!;
  });
}

function requireState(link: LinkRow, allowed: LinkRow['state'][]) {
  if (!allowed.includes(link.state)) throw conflict('status_not_allowed', `The link is ${link.state}`, { status: link.state, allowed });
}

/** Approves a proposed link (neighbours.manage, not its proposer): it becomes active and greets the neighbour. */
export function approveLinkAs(deps: NeighbourDeps, principal: Principal | null, id: string, ip: string | null) {
  return changeLink(deps, principal, id, ip, 'approve', async (tx, link, now) => {
    requireState(link, ['proposed']);
    if (principal && link.proposedBy === principal.id)
      throw conflict('approver_is_proposer', 'The administrator who proposed the link cannot approve it');
    // the greeting tells the neighbour our side is approved (it answers by taking it once its side is too)
    await enqueueMessage(tx, deps.config, { ...link, state: 'active' }, 'link.hello', {}, {}, now);
    return { state: 'active', approvedBy: principal?.id ?? null, approvedAt: now, stateReason: '' };
  });
}

/** Sets the agreement (neighbours.manage; audited). */
export function setAgreementsAs(deps: NeighbourDeps, principal: Principal, id: string, agreements: Agreements, ip: string | null) {
  return changeLink(deps, principal, id, ip, 'update', async (tx, link) => {
    requireState(link, ['proposed', 'active', 'suspended']);
    const wrong = await borderTownshipIssues(tx, link.jurisdictionId, agreements.borderAlerts.townshipIds);
    if (wrong.length > 0)
      throw validationFailed([
        { path: 'agreements.borderAlerts.townshipIds', message: `not townships of this district: ${wrong.join(', ')}` },
      ]);
    return { agreements };
  });
}

/** Suspends an active link: nothing is sent or taken until it is resumed; its queue waits. */
export function suspendLinkAs(deps: NeighbourDeps, principal: Principal, id: string, reason: string, ip: string | null) {
  return changeLink(deps, principal, id, ip, 'suspend', async (_tx, link) => {
    requireState(link, ['active']);
    return { state: 'suspended', stateReason: reason };
  });
}

export function resumeLinkAs(deps: NeighbourDeps, principal: Principal, id: string, ip: string | null) {
  return changeLink(deps, principal, id, ip, 'resume', async (_tx, link) => {
    requireState(link, ['suspended']);
    return { state: 'active', stateReason: '' };
  });
}

/** Revokes a link for good: undelivered messages are cancelled; nothing more is sent or accepted. */
export function revokeLinkAs(deps: NeighbourDeps, principal: Principal, id: string, reason: string, ip: string | null) {
  return changeLink(deps, principal, id, ip, 'revoke', async (tx, link) => {
    requireState(link, ['proposed', 'active', 'suspended']);
    await cancelUndelivered(tx, link.id);
    return { state: 'revoked', stateReason: reason };
  });
}

/** Whether a jurisdiction path lies in the principal's scope of a right (used by the inbox). */
export function inScopeOf(principal: Principal, right: Parameters<typeof scopeFor>[1], path: string): boolean {
  return pathInScope(scopeFor(principal, right), path);
}

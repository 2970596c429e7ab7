/**
 * Mutual aid between linked districts (issue 16, item 5): a request for staff, beds, materials or testing
 * capacity, sent to one or several neighbours, answered with an offer (all or part of each line) or a refusal,
 * accepted by the requester, and closed by the helper with what was delivered. Each side keeps its own row
 * (`direction` outgoing / incoming, the same `request_ref`), its status following the messages:
 *
 *   requester: draft → sent → offered | refused → accepted → delivered   (cancelled before acceptance)
 *   helper:            received → offered | refused → accepted → delivered (cancelled by the requester)
 *
 * Four eyes where the district commits itself: a request is sent when a second person approves it (it asks in the
 * district's name), and an answer is sent when a second person approves it (an offer commits our staff and
 * materials); the drafter cannot approve (`approver_is_proposer`). Rights are the materials module's: `stock.read`
 * to see, `stock.request` to draft, `stock.approve` to approve, accept and close, over the link's district.
 *
 * No task is shared: when the requester accepts an offer, the helper's platform makes a task of its own for the
 * person who approved the offer ("deliver …"). A request may start from a material request of ours
 * (`stockRequestId`, the materials module's request: its lines and shortfall are copied).
 *
 * Every message goes through the outbox in the transaction of the change; everything is audited on both sides.
 */
import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { and, desc, eq, inArray } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { holdersOf } from '../../platform/auth/holders.ts';
import { type Principal, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Right } from '../../platform/auth/rights.ts';
import type { Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { districtInstant } from '../../platform/time/district-time.ts';
import { notify } from '../notifications/index.ts';
import { stockItems, stockRequestLines, stockRequests } from '../stock/index.ts';
import { createTasks } from '../tasks/index.ts';
import { AID_KINDS, type AidItem, type AidStatus, neighbourAidRequests } from './neighbours.aid-figures.tables.ts';
import { agreementsOf } from './neighbours.agreements.ts';
import { enqueueMessage } from './neighbours.outbox.ts';
import type { NeighbourDeps } from './neighbours.service.ts';
import type { LinkRow } from './neighbours.store.ts';
import { neighbourLinks } from './neighbours.tables.ts';

type AidRow = typeof neighbourAidRequests.$inferSelect;
const actorOf = (p: Principal) => ({ id: p.id, username: p.username });

// ── messages (what travels: no personal data, only what is asked and offered) ──────────────────────────

const count = z.number().int().min(0).max(1_000_000);
const AidRequestPayload = z.object({
  requestRef: z.uuid(),
  title: z.string().min(1).max(200),
  reason: z.string().max(2000),
  neededBy: z.iso.date(),
  items: z
    .array(z.object({ kind: z.enum(AID_KINDS), description: z.string().min(1).max(200), unit: z.string().max(20), quantity: count.min(1) }))
    .min(1)
    .max(50),
});
const AidAnswerPayload = z.object({
  requestRef: z.uuid(),
  decision: z.enum(['offer', 'refuse']),
  offered: z.array(count).max(50),
  note: z.string().max(2000),
});
const AidStepPayload = z.object({ requestRef: z.uuid(), note: z.string().max(2000).default('') });
const AidDeliveredPayload = AidStepPayload.extend({ delivered: z.array(count).max(50) });

export const AID_MESSAGE_KINDS = ['aid.request', 'aid.answer', 'aid.accept', 'aid.delivered', 'aid.cancel'] as const;
export type AidMessageKind = (typeof AID_MESSAGE_KINDS)[number];

// ── reading ──────────────────────────────────────────────────────────────────────────────────────────

async function linksIn(tx: Pick<Tx, 'select'>, principal: Principal, right: Right) {
  const scope = scopeFor(principal, right);
  const rows = await tx
    .select({ link: neighbourLinks, path: jurisdictions.path })
    .from(neighbourLinks)
    .innerJoin(jurisdictions, eq(jurisdictions.id, neighbourLinks.jurisdictionId));
  return rows.filter((r) => pathInScope(scope, r.path)).map((r) => r.link);
}

function present(row: AidRow, link: Pick<LinkRow, 'name' | 'nameEn' | 'districtCode'>, names: Map<string, string>) {
  const name = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return {
    id: row.id,
    linkId: row.linkId,
    district: { code: link.districtCode, name: link.name, nameEn: link.nameEn },
    direction: row.direction,
    requestRef: row.requestRef,
    title: row.title,
    reason: row.reason,
    neededBy: row.neededBy,
    items: row.items,
    status: row.status,
    answerNote: row.answerNote,
    answerDraft: row.answerDraft,
    answerDraftedBy: name(row.answerDraftedBy),
    answerApprovedBy: name(row.answerApprovedBy),
    deliveredNote: row.deliveredNote,
    stockRequestId: row.stockRequestId,
    taskId: row.taskId,
    createdBy: name(row.createdBy),
    approvedBy: name(row.approvedBy),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
export type AidRequestView = ReturnType<typeof present>;

async function presentAll(tx: Pick<Tx, 'select'>, rows: AidRow[], links: Pick<LinkRow, 'id' | 'name' | 'nameEn' | 'districtCode'>[]) {
  const ids = [
    ...new Set(
      rows.flatMap((r) => [r.createdBy, r.approvedBy, r.answerDraftedBy, r.answerApprovedBy]).filter((id): id is string => Boolean(id)),
    ),
  ];
  const names = new Map<string, string>();
  if (ids.length > 0)
    for (const u of await tx.select({ id: users.id, displayName: users.displayName }).from(users).where(inArray(users.id, ids)))
      names.set(u.id, u.displayName);
  const byId = new Map(links.map((l) => [l.id, l]));
  return rows.map((r) => present(r, byId.get(r.linkId)!, names));
}

/** The neighbours a reader of requests for help may ask (stock.read): the form's choice; `canAsk` when it may go now. */
export async function aidPartnersFor(principal: Principal, deps: NeighbourDeps) {
  const links = await linksIn(deps.database.db, principal, 'stock.read');
  return links
    .filter((l) => l.state !== 'revoked')
    .map((l) => ({
      id: l.id,
      districtCode: l.districtCode,
      name: l.name,
      nameEn: l.nameEn,
      state: l.state,
      canAsk: l.state === 'active' && agreementsOf(l.agreements).mutualAid.send,
    }));
}

/** Requests for help, both ways, in the reader's districts (stock.read), latest change first. */
export async function listAidRequestsFor(
  deps: NeighbourDeps,
  principal: Principal,
  query: { direction?: 'outgoing' | 'incoming' | undefined; status?: AidStatus | undefined; linkId?: string | undefined },
) {
  const db = deps.database.db;
  const links = await linksIn(db, principal, 'stock.read');
  const linkIds = links.map((l) => l.id).filter((id) => !query.linkId || id === query.linkId);
  if (linkIds.length === 0) return [];
  const rows = await db
    .select()
    .from(neighbourAidRequests)
    .where(
      and(
        inArray(neighbourAidRequests.linkId, linkIds),
        query.direction ? eq(neighbourAidRequests.direction, query.direction) : undefined,
        query.status ? eq(neighbourAidRequests.status, query.status) : undefined,
      ),
    )
    .orderBy(desc(neighbourAidRequests.updatedAt))
    .limit(500);
  return presentAll(db, rows, links);
}

export async function getAidRequestFor(deps: NeighbourDeps, principal: Principal, id: string) {
  const db = deps.database.db;
  const links = await linksIn(db, principal, 'stock.read');
  const [row] = await db.select().from(neighbourAidRequests).where(eq(neighbourAidRequests.id, id));
  if (!row || !links.some((l) => l.id === row.linkId)) throw notFound('aid_request');
  return (await presentAll(db, [row], links))[0]!;
}

// ── the requester ────────────────────────────────────────────────────────────────────────────────────

export interface AidRequestInput {
  linkIds: string[];
  title: string;
  reason: string;
  neededBy: string;
  items: { kind: AidItem['kind']; description: string; unit: string; quantity: number }[];
  stockRequestId?: string | undefined;
}

/** The lines of a material request of ours, as aid lines: what is still missing of each (requested − committed). */
async function linesOfStockRequest(tx: Tx, stockRequestId: string, jurisdictionPaths: string[]) {
  const [request] = await tx
    .select({ id: stockRequests.id, path: jurisdictions.path })
    .from(stockRequests)
    .innerJoin(jurisdictions, eq(jurisdictions.id, stockRequests.jurisdictionId))
    .where(eq(stockRequests.id, stockRequestId));
  if (!request || !jurisdictionPaths.some((p) => request.path.startsWith(p)))
    throw validationFailed([{ path: 'stockRequestId', message: 'not a material request of this district' }]);
  const lines = await tx
    .select({
      name: stockItems.name,
      unit: stockItems.unit,
      requested: stockRequestLines.quantityRequested,
      committed: stockRequestLines.quantityCommitted,
    })
    .from(stockRequestLines)
    .innerJoin(stockItems, eq(stockItems.id, stockRequestLines.itemId))
    .where(eq(stockRequestLines.requestId, stockRequestId));
  return lines
    .map((l) => ({ kind: 'materials' as const, description: l.name, unit: l.unit, quantity: l.requested - l.committed }))
    .filter((l) => l.quantity > 0);
}

/**
 * Drafts a request for help to each chosen neighbour (stock.request over their district; audited). It is sent
 * when another person approves it.
 */
export async function createAidRequestsAs(deps: NeighbourDeps, principal: Principal, input: AidRequestInput, ip: string | null) {
  const now = deps.now?.() ?? new Date();
  return deps.database.db.transaction(async (tx) => {
    const links = await linksIn(tx, principal, 'stock.request');
    const chosen = input.linkIds.map((id) => links.find((l) => l.id === id));
    const issues = chosen.flatMap((l, i) =>
      !l
        ? [{ path: `linkIds.${i}`, message: 'not a linked district of yours' }]
        : l.state !== 'active'
          ? [{ path: `linkIds.${i}`, message: `the link is ${l.state}` }]
          : !agreementsOf(l.agreements).mutualAid.send
            ? [{ path: `linkIds.${i}`, message: 'the agreement with this district does not send requests for help' }]
            : [],
    );
    if (issues.length > 0) throw validationFailed(issues);
    let items = input.items;
    if (input.stockRequestId) {
      const paths = (
        await tx
          .select({ path: jurisdictions.path })
          .from(jurisdictions)
          .where(
            inArray(
              jurisdictions.id,
              chosen.map((l) => l!.jurisdictionId),
            ),
          )
      ).map((r) => r.path);
      const fromStock = await linesOfStockRequest(tx, input.stockRequestId, paths);
      if (items.length === 0) items = fromStock;
    }
    if (items.length === 0) throw validationFailed([{ path: 'items', message: 'at least one line: what is needed, how many' }]);
    const rows: AidRow[] = [];
    for (const link of chosen) {
      const id = randomUUID();
      const [row] = await tx
        .insert(neighbourAidRequests)
        .values({
          id,
          linkId: link!.id,
          jurisdictionId: link!.jurisdictionId,
          direction: 'outgoing',
          requestRef: id,
          title: input.title,
          reason: input.reason,
          neededBy: input.neededBy,
          items: items.map((it) => ({ ...it, offered: null, delivered: null })),
          status: 'draft',
          stockRequestId: input.stockRequestId ?? null,
          createdBy: principal.id,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      rows.push(row!);
      await audit(tx, {
        actor: actorOf(principal),
        ip,
        action: 'create',
        entityType: 'neighbour_aid_request',
        entityId: id,
        after: row!,
        jurisdictionId: link!.jurisdictionId,
      });
    }
    const approvers = await holdersOf(tx, 'stock.approve', chosen[0]!.jurisdictionId);
    await notify(tx, {
      recipients: { userIds: approvers },
      actorId: principal.id,
      kind: 'neighbour.aid',
      severity: 'info',
      title: `邻区支援请求待审批：${input.title}`,
      titleEn: `A request for help to neighbours awaits approval: ${input.title}`,
      link: `/neighbours/aid/${rows[0]!.id}`,
      entity: { type: 'neighbour_aid_request', id: rows[0]!.id },
    });
    return presentAll(tx, rows, links);
  });
}

/** Locks one request the principal may act on with `right`, of the given direction. */
async function lockRequest(tx: Tx, principal: Principal, right: Right, id: string, direction: AidRow['direction']) {
  const links = await linksIn(tx, principal, right);
  const [row] = await tx.select().from(neighbourAidRequests).where(eq(neighbourAidRequests.id, id)).for('update');
  const link = row ? links.find((l) => l.id === row.linkId) : undefined;
  if (!row || !link || row.direction !== direction) throw notFound('aid_request');
  return { row, link, links };
}

function requireStatus(row: AidRow, allowed: AidStatus[]) {
  if (!allowed.includes(row.status)) throw conflict('status_not_allowed', `The request is ${row.status}`, { status: row.status, allowed });
}

async function step(
  tx: Tx,
  principal: Principal | null,
  ip: string | null,
  action: string,
  before: AidRow,
  set: Partial<typeof neighbourAidRequests.$inferInsert>,
  now: Date,
) {
  const [after] = await tx
    .update(neighbourAidRequests)
    .set({ ...set, updatedAt: now })
    .where(eq(neighbourAidRequests.id, before.id))
    .returning();
  await audit(tx, {
    actor: principal ? actorOf(principal) : null,
    ip,
    action,
    entityType: 'neighbour_aid_request',
    entityId: before.id,
    before,
    after: after!,
    jurisdictionId: before.jurisdictionId,
  });
  return after!;
}

/** Approves a drafted request (stock.approve, not its author): it is sent to the neighbour. */
export async function approveAidRequestAs(deps: NeighbourDeps, principal: Principal, id: string, ip: string | null) {
  const now = deps.now?.() ?? new Date();
  return deps.database.db.transaction(async (tx) => {
    const { row, link, links } = await lockRequest(tx, principal, 'stock.approve', id, 'outgoing');
    requireStatus(row, ['draft']);
    if (row.createdBy === principal.id) throw conflict('approver_is_proposer', 'The person who drafted the request cannot approve it');
    if (!agreementsOf(link.agreements).mutualAid.send)
      throw conflict('not_in_agreement', 'The agreement with this district does not send requests for help');
    await enqueueMessage(
      tx,
      deps.config,
      link,
      'aid.request',
      {
        requestRef: row.requestRef,
        title: row.title,
        reason: row.reason,
        neededBy: row.neededBy,
        items: row.items.map(({ kind, description, unit, quantity }) => ({ kind, description, unit, quantity })),
      },
      { title: row.title, lines: row.items.length },
      now,
    );
    const after = await step(tx, principal, ip, 'approve', row, { status: 'sent', approvedBy: principal.id }, now);
    return (await presentAll(tx, [after], links))[0]!;
  });
}

/** The requester accepts the neighbour's offer (stock.approve): the neighbour makes it a task of its own. */
export async function acceptAidOfferAs(deps: NeighbourDeps, principal: Principal, id: string, ip: string | null) {
  const now = deps.now?.() ?? new Date();
  return deps.database.db.transaction(async (tx) => {
    const { row, link, links } = await lockRequest(tx, principal, 'stock.approve', id, 'outgoing');
    requireStatus(row, ['offered']);
    await enqueueMessage(tx, deps.config, link, 'aid.accept', { requestRef: row.requestRef, note: '' }, { title: row.title }, now);
    const after = await step(tx, principal, ip, 'accept', row, { status: 'accepted' }, now);
    return (await presentAll(tx, [after], links))[0]!;
  });
}

/** The requester withdraws a request not yet accepted (stock.request; a reason; the neighbour is told). */
export async function cancelAidRequestAs(deps: NeighbourDeps, principal: Principal, id: string, reason: string, ip: string | null) {
  const now = deps.now?.() ?? new Date();
  return deps.database.db.transaction(async (tx) => {
    const { row, link, links } = await lockRequest(tx, principal, 'stock.request', id, 'outgoing');
    requireStatus(row, ['draft', 'sent', 'offered', 'refused']);
    if (row.status !== 'draft' && row.status !== 'refused' && link.state === 'active')
      await enqueueMessage(tx, deps.config, link, 'aid.cancel', { requestRef: row.requestRef, note: reason }, { title: row.title }, now);
    const after = await step(tx, principal, ip, 'cancel', row, { status: 'cancelled', deliveredNote: reason }, now);
    return (await presentAll(tx, [after], links))[0]!;
  });
}

// ── the helper ───────────────────────────────────────────────────────────────────────────────────────

export interface AidAnswerInput {
  decision: 'offer' | 'refuse';
  /** per line, what we offer (0 … asked); ignored for a refusal */
  offered: number[];
  note: string;
}

/** Drafts our answer to a neighbour's request (stock.request): another person approves it. */
export async function draftAidAnswerAs(deps: NeighbourDeps, principal: Principal, id: string, input: AidAnswerInput, ip: string | null) {
  const now = deps.now?.() ?? new Date();
  return deps.database.db.transaction(async (tx) => {
    const { row, links } = await lockRequest(tx, principal, 'stock.request', id, 'incoming');
    requireStatus(row, ['received']);
    let offered = row.items.map(() => 0);
    if (input.decision === 'offer') {
      if (input.offered.length !== row.items.length)
        throw validationFailed([{ path: 'offered', message: `one quantity per line (${row.items.length})` }]);
      const issues = input.offered.flatMap((q, i) =>
        q > row.items[i]!.quantity ? [{ path: `offered.${i}`, message: `at most what is asked (${row.items[i]!.quantity})` }] : [],
      );
      if (issues.length > 0) throw validationFailed(issues);
      if (input.offered.every((q) => q === 0))
        throw validationFailed([{ path: 'offered', message: 'an offer of nothing is a refusal: refuse with a reason' }]);
      offered = input.offered;
    } else if (input.note.trim() === '') {
      throw validationFailed([{ path: 'note', message: 'a refusal needs a reason' }]);
    }
    const after = await step(
      tx,
      principal,
      ip,
      'update',
      row,
      { answerDraft: { decision: input.decision, offered, note: input.note }, answerDraftedBy: principal.id },
      now,
    );
    await notify(tx, {
      recipients: { userIds: await holdersOf(tx, 'stock.approve', row.jurisdictionId) },
      actorId: principal.id,
      kind: 'neighbour.aid',
      severity: 'info',
      title: `对邻区支援请求的答复待审批：${row.title}`,
      titleEn: `An answer to a neighbour's request for help awaits approval: ${row.title}`,
      link: `/neighbours/aid/${row.id}`,
      entity: { type: 'neighbour_aid_request', id: row.id },
    });
    return (await presentAll(tx, [after], links))[0]!;
  });
}

/** Approves the drafted answer (stock.approve, not its drafter): it goes to the neighbour. */
export async function approveAidAnswerAs(deps: NeighbourDeps, principal: Principal, id: string, ip: string | null) {
  const now = deps.now?.() ?? new Date();
  return deps.database.db.transaction(async (tx) => {
    const { row, link, links } = await lockRequest(tx, principal, 'stock.approve', id, 'incoming');
    requireStatus(row, ['received']);
    const draft = row.answerDraft;
    if (!draft)
      throw conflict('status_not_allowed', 'Draft the answer first: no answer is drafted', { status: row.status, allowed: ['received'] });
    if (row.answerDraftedBy === principal.id) throw conflict('approver_is_proposer', 'The person who drafted the answer cannot approve it');
    await enqueueMessage(
      tx,
      deps.config,
      link,
      'aid.answer',
      { requestRef: row.requestRef, decision: draft.decision, offered: draft.offered, note: draft.note },
      { title: row.title, decision: draft.decision },
      now,
    );
    const after = await step(
      tx,
      principal,
      ip,
      'approve',
      row,
      {
        status: draft.decision === 'offer' ? 'offered' : 'refused',
        items: row.items.map((it, i) => ({ ...it, offered: draft.offered[i] ?? 0 })),
        answerNote: draft.note,
        answerApprovedBy: principal.id,
      },
      now,
    );
    return (await presentAll(tx, [after], links))[0]!;
  });
}

/** Closes an accepted request with what was delivered (stock.approve): the requester is told. */
export async function recordAidDeliveredAs(
  deps: NeighbourDeps,
  principal: Principal,
  id: string,
  input: { delivered: number[]; note: string },
  ip: string | null,
) {
  const now = deps.now?.() ?? new Date();
  return deps.database.db.transaction(async (tx) => {
    const { row, link, links } = await lockRequest(tx, principal, 'stock.approve', id, 'incoming');
    requireStatus(row, ['accepted']);
    if (input.delivered.length !== row.items.length)
      throw validationFailed([{ path: 'delivered', message: `one quantity per line (${row.items.length})` }]);
    const issues = input.delivered.flatMap((q, i) =>
      q > (row.items[i]!.offered ?? 0)
        ? [{ path: `delivered.${i}`, message: `at most what was offered (${row.items[i]!.offered ?? 0})` }]
        : [],
    );
    if (issues.length > 0) throw validationFailed(issues);
    await enqueueMessage(
      tx,
      deps.config,
      link,
      'aid.delivered',
      { requestRef: row.requestRef, delivered: input.delivered, note: input.note },
      { title: row.title },
      now,
    );
    const after = await step(
      tx,
      principal,
      ip,
      'close',
      row,
      { status: 'delivered', items: row.items.map((it, i) => ({ ...it, delivered: input.delivered[i]! })), deliveredNote: input.note },
      now,
    );
    return (await presentAll(tx, [after], links))[0]!;
  });
}

// ── arrival (inside the receiving batch's transaction) ───────────────────────────────────────────────

async function findByRef(tx: Tx, link: LinkRow, direction: AidRow['direction'], requestRef: string) {
  const [row] = await tx
    .select()
    .from(neighbourAidRequests)
    .where(
      and(
        eq(neighbourAidRequests.linkId, link.id),
        eq(neighbourAidRequests.direction, direction),
        eq(neighbourAidRequests.requestRef, requestRef),
      ),
    )
    .for('update');
  return row;
}

function tell(tx: Tx, row: AidRow, userIds: (string | null)[], title: string, titleEn: string, severity: 'info' | 'warning' = 'info') {
  return notify(tx, {
    recipients: { userIds: userIds.filter((id): id is string => Boolean(id)) },
    kind: 'neighbour.aid',
    severity,
    title,
    titleEn,
    link: `/neighbours/aid/${row.id}`,
    entity: { type: 'neighbour_aid_request', id: row.id },
  });
}

/**
 * What a mutual aid message does on arrival; returns the summary kept with the inbox row. A message that does not
 * parse, or does not fit the request's state (a cancelled request answered), is recorded and changes nothing.
 */
export async function receiveAidMessage(
  tx: Tx,
  config: NeighbourDeps['config'],
  link: LinkRow,
  kind: AidMessageKind,
  payload: Record<string, unknown>,
  now: Date,
): Promise<Record<string, unknown>> {
  if (kind === 'aid.request') {
    const p = AidRequestPayload.safeParse(payload);
    if (!p.success) return { invalid: true };
    const accept = agreementsOf(link.agreements).mutualAid.accept;
    const [row] = await tx
      .insert(neighbourAidRequests)
      .values({
        linkId: link.id,
        jurisdictionId: link.jurisdictionId,
        direction: 'incoming',
        requestRef: p.data.requestRef,
        title: p.data.title,
        reason: p.data.reason,
        neededBy: p.data.neededBy,
        items: p.data.items.map((it) => ({ ...it, offered: null, delivered: null })),
        status: accept ? 'received' : 'refused',
        answerNote: accept ? '' : 'not_in_agreement',
        createdAt: now,
        updatedAt: now,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) return { duplicateRequest: p.data.requestRef };
    if (!accept) {
      // the agreement takes none: refused back at once, so the requester knows to call
      await enqueueMessage(
        tx,
        config,
        link,
        'aid.answer',
        { requestRef: row.requestRef, decision: 'refuse', offered: row.items.map(() => 0), note: 'not_in_agreement' },
        { title: row.title, decision: 'refuse' },
        now,
      );
      return { title: row.title, refused: 'not_in_agreement' };
    }
    const deciders = new Set([
      ...(await holdersOf(tx, 'stock.approve', link.jurisdictionId)),
      ...(await holdersOf(tx, 'stock.request', link.jurisdictionId)),
    ]);
    await tell(
      tx,
      row,
      [...deciders],
      `${link.name}请求支援：${row.title}（${row.neededBy}前）`,
      `${link.nameEn || link.name} asks for help: ${row.title} (by ${row.neededBy})`,
      'warning',
    );
    return { title: row.title, lines: row.items.length };
  }

  const ref = typeof payload.requestRef === 'string' ? payload.requestRef : '';
  const direction = kind === 'aid.answer' || kind === 'aid.delivered' ? 'outgoing' : 'incoming';
  const row = z.uuid().safeParse(ref).success ? await findByRef(tx, link, direction, ref) : undefined;
  if (!row) return { unknownRequest: ref };
  const audited = async (set: Partial<typeof neighbourAidRequests.$inferInsert>, action: string) => {
    const [after] = await tx
      .update(neighbourAidRequests)
      .set({ ...set, updatedAt: now })
      .where(eq(neighbourAidRequests.id, row.id))
      .returning();
    await audit(tx, {
      actor: null,
      ip: null,
      action,
      entityType: 'neighbour_aid_request',
      entityId: row.id,
      before: row,
      after: after!,
      jurisdictionId: row.jurisdictionId,
    });
    return after!;
  };

  if (kind === 'aid.answer') {
    const p = AidAnswerPayload.safeParse(payload);
    if (!p.success || row.status !== 'sent') return { requestRef: ref, ignored: row.status };
    const offer = p.data.decision === 'offer';
    await audited(
      {
        status: offer ? 'offered' : 'refused',
        items: row.items.map((it, i) => ({ ...it, offered: offer ? Math.min(p.data.offered[i] ?? 0, it.quantity) : 0 })),
        answerNote: p.data.note,
      },
      'receive',
    );
    await tell(
      tx,
      row,
      [row.createdBy, row.approvedBy],
      offer ? `${link.name}答复支援请求：可提供（${row.title}），请确认接受` : `${link.name}拒绝支援请求（${row.title}）：${p.data.note}`,
      offer
        ? `${link.nameEn || link.name} offers help (${row.title}): accept the offer`
        : `${link.nameEn || link.name} refused the request (${row.title}): ${p.data.note}`,
      offer ? 'info' : 'warning',
    );
    return { requestRef: ref, decision: p.data.decision };
  }
  if (kind === 'aid.accept') {
    if (row.status !== 'offered') return { requestRef: ref, ignored: row.status };
    // no task is shared: the acceptance becomes a task of ours, for the person who approved the offer
    const offeredLines = row.items.filter((it) => (it.offered ?? 0) > 0).map((it) => `${it.description} ${it.offered} ${it.unit}`);
    const [task] = row.answerApprovedBy
      ? await createTasks(
          tx,
          [
            {
              title: `向${link.name}交付支援：${row.title}`.slice(0, 200),
              description: offeredLines.join('\n'),
              jurisdictionId: link.jurisdictionId,
              assigneeUserId: row.answerApprovedBy,
              priority: 'high',
              dueAt: districtInstant(row.neededBy, '23:59'),
              checklist: offeredLines.map((text) => ({ text, done: false })),
              origin: 'manual',
              originRef: row.id,
            },
          ],
          { actor: null, now },
        )
      : [];
    await audited({ status: 'accepted', taskId: task?.id ?? null }, 'receive');
    await tell(
      tx,
      row,
      [row.answerDraftedBy, row.answerApprovedBy],
      `${link.name}已接受我方支援（${row.title}），已生成交付任务`,
      `${link.nameEn || link.name} accepted our offer (${row.title}): a delivery task was made`,
    );
    return { requestRef: ref, taskId: task?.id ?? null };
  }
  if (kind === 'aid.delivered') {
    const p = AidDeliveredPayload.safeParse(payload);
    if (!p.success || row.status !== 'accepted') return { requestRef: ref, ignored: row.status };
    await audited(
      {
        status: 'delivered',
        items: row.items.map((it, i) => ({ ...it, delivered: Math.min(p.data.delivered[i] ?? 0, it.offered ?? 0) })),
        deliveredNote: p.data.note,
      },
      'receive',
    );
    await tell(
      tx,
      row,
      [row.createdBy, row.approvedBy],
      `${link.name}已交付支援（${row.title}）`,
      `${link.nameEn || link.name} delivered (${row.title})`,
    );
    return { requestRef: ref, delivered: true };
  }
  // aid.cancel
  const p = AidStepPayload.safeParse(payload);
  if (!p.success || !['received', 'offered', 'refused'].includes(row.status)) return { requestRef: ref, ignored: row.status };
  await audited({ status: 'cancelled', deliveredNote: p.data.note }, 'receive');
  await tell(
    tx,
    row,
    [row.answerDraftedBy, row.answerApprovedBy],
    `${link.name}撤回支援请求（${row.title}）：${p.data.note}`,
    `${link.nameEn || link.name} withdrew the request (${row.title}): ${p.data.note}`,
  );
  return { requestRef: ref, cancelled: true };
}

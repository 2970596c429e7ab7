/**
 * Material requests (docs/stock.md): one request object for a facility, a township, an agency or a neighbouring
 * district (mutual aid). Workflow:
 *
 *   submitted ⇄ info_requested → approved (in full or in part) | rejected (with reason)
 *     → committed (taken out of the supplier's stock, FEFO: the goods are set aside) → dispatched (dispatch note)
 *     → received (partial fills recorded: what arrived per line). Cancelled up to approval.
 *
 * Who: the requester side holds `stock.request` over the requester's place; approvers hold `stock.approve` there and
 * are never the requester (four eyes, also a CHECK in the table); commit and dispatch need `resources.manage` over
 * the supplying site; the requester side or the logistics officer record the receipt. Reads: `stock.read` over the
 * requester's place. Every step is one transaction: the request, its lines, an event, the audit record, the
 * notifications and a live event. A received request of a facility puts what arrived into that facility's store.
 */
import { and, asc, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { hasRight, inScope, pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { AppError, conflict, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { visibleDecision } from '../meetings/index.ts';
import { notify } from '../notifications/index.ts';
import { adjacentDistricts, agencies, facilities } from '../registry/index.ts';
import { visibleTask } from '../tasks/index.ts';
import { recordMovementInTx } from './stock.ledger.ts';
import { auditMovement, publishStock } from './stock.service.ts';
import { findSite } from './stock.store.ts';
import {
  OPEN_REQUEST_STATUSES,
  REQUEST_STATUSES,
  type RequesterKind,
  type RequestPriority,
  type RequestStatus,
  stockItems,
  stockMovements,
  stockRequestEvents,
  stockRequestLines,
  stockRequests,
  type StockRequestLineRow,
  type StockRequestRow,
} from './stock.tables.ts';

type Actor = { id: string; username: string };
const actorOf = (p: Principal): Actor => ({ id: p.id, username: p.username });
type Action = 'request_info' | 'answer' | 'approve' | 'reject' | 'commit' | 'dispatch' | 'receive' | 'cancel';

export interface RequestInput {
  requesterKind: RequesterKind;
  requesterFacilityId?: string;
  requesterJurisdictionId?: string;
  requesterAgencyId?: string;
  requesterDistrictId?: string;
  priority: RequestPriority;
  neededBy: string;
  purpose?: string;
  deliveryAddress?: string;
  origin?: { type: 'task' | 'meeting'; id: string };
  lines: { itemId: string; quantity: number; note?: string }[];
}

interface Requester {
  jurisdictionId: string;
  jurisdictionPath: string;
  name: string;
  nameEn: string;
}

/** Where the requester is (the request's scope) and its name; 400 when the reference does not fit the kind. */
async function resolveRequester(db: Executor, districtPaths: string[], input: RequestInput): Promise<Requester> {
  const bad = (path: string, message = 'required for this kind of requester') => validationFailed([{ path, message }]);
  const refs = {
    facility: input.requesterFacilityId,
    township: input.requesterJurisdictionId,
    agency: input.requesterAgencyId,
    district: input.requesterDistrictId,
  } as const;
  const fieldOf = {
    facility: 'requesterFacilityId',
    township: 'requesterJurisdictionId',
    agency: 'requesterAgencyId',
    district: 'requesterDistrictId',
  };
  for (const [kind, value] of Object.entries(refs))
    if (kind !== input.requesterKind && value) throw bad(fieldOf[kind as RequesterKind], `only for requester kind '${kind}'`);
  const id = refs[input.requesterKind];
  if (!id) throw bad(fieldOf[input.requesterKind]);
  let row: { jurisdictionId: string; name: string; nameEn: string } | undefined;
  switch (input.requesterKind) {
    case 'facility':
      [row] = await db
        .select({ jurisdictionId: facilities.jurisdictionId, name: facilities.name, nameEn: facilities.nameEn })
        .from(facilities)
        .where(eq(facilities.id, id));
      break;
    case 'township':
      [row] = await db
        .select({ jurisdictionId: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
        .from(jurisdictions)
        .where(eq(jurisdictions.id, id));
      break;
    case 'agency':
      [row] = await db
        .select({ jurisdictionId: agencies.jurisdictionId, name: agencies.name, nameEn: agencies.nameEn })
        .from(agencies)
        .where(eq(agencies.id, id));
      break;
    case 'district':
      [row] = await db
        .select({ jurisdictionId: adjacentDistricts.districtId, name: adjacentDistricts.name, nameEn: adjacentDistricts.nameEn })
        .from(adjacentDistricts)
        .where(eq(adjacentDistricts.id, id));
      break;
  }
  if (!row) throw bad(fieldOf[input.requesterKind], 'unknown');
  const [j] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, row.jurisdictionId));
  if (!j || !districtPaths.some((p) => j.path.startsWith(p))) throw bad(fieldOf[input.requesterKind], 'outside your area');
  return { ...row, jurisdictionPath: j.path };
}

async function jurisdictionPathOf(db: Executor, id: string): Promise<string> {
  const [j] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, id));
  return j!.path;
}

/** Requester names of requests, by request id. */
async function requesterNames(db: Executor, rows: StockRequestRow[]) {
  const out = new Map<string, { name: string; nameEn: string }>();
  const ids = (pick: (r: StockRequestRow) => string | null) => [...new Set(rows.map(pick).filter((x): x is string => !!x))];
  const [fs, js, as, ds] = await Promise.all([
    ids((r) => r.requesterFacilityId).length
      ? db
          .select({ id: facilities.id, name: facilities.name, nameEn: facilities.nameEn })
          .from(facilities)
          .where(
            inArray(
              facilities.id,
              ids((r) => r.requesterFacilityId),
            ),
          )
      : [],
    ids((r) => (r.requesterKind === 'township' ? r.jurisdictionId : null)).length
      ? db
          .select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
          .from(jurisdictions)
          .where(
            inArray(
              jurisdictions.id,
              ids((r) => (r.requesterKind === 'township' ? r.jurisdictionId : null)),
            ),
          )
      : [],
    ids((r) => r.requesterAgencyId).length
      ? db
          .select({ id: agencies.id, name: agencies.name, nameEn: agencies.nameEn })
          .from(agencies)
          .where(
            inArray(
              agencies.id,
              ids((r) => r.requesterAgencyId),
            ),
          )
      : [],
    ids((r) => r.requesterDistrictId).length
      ? db
          .select({ id: adjacentDistricts.id, name: adjacentDistricts.name, nameEn: adjacentDistricts.nameEn })
          .from(adjacentDistricts)
          .where(
            inArray(
              adjacentDistricts.id,
              ids((r) => r.requesterDistrictId),
            ),
          )
      : [],
  ]);
  const byId = new Map([...fs, ...js, ...as, ...ds].map((x) => [x.id, x]));
  for (const r of rows) {
    const ref = r.requesterFacilityId ?? r.requesterAgencyId ?? r.requesterDistrictId ?? r.jurisdictionId;
    out.set(r.id, byId.get(ref) ?? { name: '', nameEn: '' });
  }
  return out;
}

const FINISHED: readonly RequestStatus[] = ['received', 'rejected', 'cancelled'];
/** Whether a request is past its needed-by day and not finished ('YYYY-MM-DD' today, district). */
export function isOverdue(r: Pick<StockRequestRow, 'status' | 'neededBy'>, today: string): boolean {
  return !FINISHED.includes(r.status) && r.neededBy < today;
}

// reads

export async function listRequestsFor(
  database: Database,
  principal: Principal,
  query: { status?: RequestStatus | 'open'; page: number; pageSize: number },
  now = new Date(),
) {
  const scope = scopeFor(principal, 'stock.read');
  const where: SQL[] = [inScope(scope, stockRequests.jurisdictionId)];
  if (query.status === 'open') where.push(inArray(stockRequests.status, [...OPEN_REQUEST_STATUSES]));
  else if (query.status) where.push(eq(stockRequests.status, query.status));
  const rows = await database.db
    .select({
      r: stockRequests,
      createdByName: users.displayName,
      lineCount: sql<number>`(SELECT count(*)::int FROM stock_request_lines l WHERE l.request_id = ${stockRequests.id})`,
    })
    .from(stockRequests)
    .innerJoin(users, eq(users.id, stockRequests.createdBy))
    .where(and(...where))
    .orderBy(
      sql`${stockRequests.status} IN ('received', 'rejected', 'cancelled')`,
      asc(stockRequests.neededBy),
      desc(stockRequests.createdAt),
    )
    .limit(query.pageSize)
    .offset((query.page - 1) * query.pageSize);
  const [total] = await database.db
    .select({ n: count() })
    .from(stockRequests)
    .where(and(...where));
  const names = await requesterNames(
    database.db,
    rows.map((x) => x.r),
  );
  const today = districtToday(now);
  return {
    items: rows.map(({ r, createdByName, lineCount }) => summaryOf(r, names.get(r.id)!, createdByName, Number(lineCount), today)),
    total: total?.n ?? 0,
  };
}

function summaryOf(r: StockRequestRow, name: { name: string; nameEn: string }, createdByName: string, lineCount: number, today: string) {
  return {
    id: r.id,
    code: r.code,
    requesterKind: r.requesterKind,
    requesterName: name.name,
    requesterNameEn: name.nameEn,
    jurisdictionId: r.jurisdictionId,
    priority: r.priority,
    neededBy: r.neededBy,
    status: r.status,
    overdue: isOverdue(r, today),
    createdAt: r.createdAt.toISOString(),
    createdByName,
    lineCount,
  };
}

type Fill = 'none' | 'partial' | 'complete';
function fillOf(done: number, of: number): Fill {
  return done <= 0 ? 'none' : done >= of ? 'complete' : 'partial';
}

/** How much each step covers: approval of what was asked, commit/transit of what was approved, receipt of what was sent. */
export function requestFill(
  lines: Pick<
    StockRequestLineRow,
    'quantityRequested' | 'quantityApproved' | 'quantityCommitted' | 'quantityDispatched' | 'quantityReceived'
  >[],
) {
  const sum = (f: (l: (typeof lines)[number]) => number) => lines.reduce((s, l) => s + f(l), 0);
  const approved = sum((l) => l.quantityApproved ?? 0);
  return {
    approval: fillOf(
      approved,
      sum((l) => l.quantityRequested),
    ),
    commit: fillOf(
      sum((l) => l.quantityCommitted),
      approved,
    ),
    transit: fillOf(
      sum((l) => l.quantityDispatched),
      approved,
    ),
    receipt: fillOf(
      sum((l) => l.quantityReceived),
      approved,
    ),
  };
}

/** The steps `principal` may take on a request in its state. */
function allowedActions(principal: Principal, r: StockRequestRow, path: string, supplierPath: string | null): Action[] {
  const holds = (right: Parameters<typeof hasRight>[1], at: string | null) => {
    if (!at || !hasRight(principal, right)) return false;
    return pathInScope(scopeFor(principal, right), at);
  };
  const requesterSide = holds('stock.request', path);
  const approver = holds('stock.approve', path) && principal.id !== r.createdBy;
  const manager = hasRight(principal, 'resources.manage');
  const out: Action[] = [];
  if (r.status === 'submitted' && approver) out.push('request_info', 'approve', 'reject');
  if (r.status === 'info_requested' && requesterSide) out.push('answer');
  if (r.status === 'info_requested' && approver) out.push('reject');
  if (r.status === 'approved' && manager) out.push('commit');
  if (r.status === 'committed' && holds('resources.manage', supplierPath)) out.push('dispatch');
  if (r.status === 'dispatched' && (requesterSide || holds('resources.manage', path))) out.push('receive');
  if (['submitted', 'info_requested', 'approved'].includes(r.status) && (principal.id === r.createdBy || approver)) out.push('cancel');
  return out;
}

async function requestInScope(db: Executor, scope: Scope, id: string): Promise<{ r: StockRequestRow; path: string }> {
  const [row] = await db
    .select({ r: stockRequests, path: jurisdictions.path })
    .from(stockRequests)
    .innerJoin(jurisdictions, eq(jurisdictions.id, stockRequests.jurisdictionId))
    .where(and(eq(stockRequests.id, id), inScope(scope, stockRequests.jurisdictionId)));
  if (!row) throw notFound('request');
  return row;
}

async function linesOf(db: Executor, requestId: string) {
  return db
    .select({
      l: stockRequestLines,
      itemName: stockItems.name,
      itemNameEn: stockItems.nameEn,
      unit: stockItems.unit,
      unitEn: stockItems.unitEn,
    })
    .from(stockRequestLines)
    .innerJoin(stockItems, eq(stockItems.id, stockRequestLines.itemId))
    .where(eq(stockRequestLines.requestId, requestId))
    .orderBy(asc(stockItems.code));
}

/**
 * What a request's origin is called for this reader: a task (its code and title) or a meeting decision (the
 * meeting's title and the decision's number and text) — or null when the reader cannot see it (a missing and a
 * hidden origin answer alike: no existence leak).
 */
export async function originLabel(
  db: Executor,
  principal: Principal,
  origin: { type: 'task' | 'meeting'; id: string },
): Promise<{ title: string; meetingId: string | null } | null> {
  if (origin.type === 'task') {
    if (!hasRight(principal, 'tasks.read')) return null;
    try {
      const task = await visibleTask(db, principal, origin.id);
      return { title: `${task.code} ${task.title}`, meetingId: null };
    } catch (error) {
      // Only "no such task, or not one this reader may see" means "not visible"; a failing query, a bug or a
      // cancelled transaction must surface, not pass as a missing label (or as a 422 on create).
      if (error instanceof AppError && error.id === 'not_found') return null;
      throw error;
    }
  }
  const decision = await visibleDecision(db, principal, origin.id);
  return decision ? { title: `${decision.meetingTitle} · ${decision.seq}. ${decision.text}`, meetingId: decision.meetingId } : null;
}

/** GET /api/stock/requests/{id}: the request, its lines, fills, history and the steps open to the reader. */
export async function getRequestFor(database: Database, principal: Principal, id: string, now = new Date()) {
  const scope = scopeFor(principal, 'stock.read');
  const { r, path } = await requestInScope(database.db, scope, id);
  return requestView(database.db, principal, r, path, now);
}

async function requestView(db: Executor, principal: Principal, r: StockRequestRow, path: string, now = new Date()) {
  const lines = await linesOf(db, r.id);
  const events = await db
    .select({ e: stockRequestEvents, actorName: users.displayName })
    .from(stockRequestEvents)
    .leftJoin(users, eq(users.id, stockRequestEvents.actorId))
    .where(eq(stockRequestEvents.requestId, r.id))
    .orderBy(asc(stockRequestEvents.at));
  const [creator] = await db.select({ name: users.displayName }).from(users).where(eq(users.id, r.createdBy));
  const [approver] = r.approvedBy ? await db.select({ name: users.displayName }).from(users).where(eq(users.id, r.approvedBy)) : [];
  const supplier = r.supplierFacilityId ? await findSite(db, r.supplierFacilityId) : undefined;
  const names = await requesterNames(db, [r]);
  return {
    ...summaryOf(r, names.get(r.id)!, creator?.name ?? '', lines.length, districtToday(now)),
    purpose: r.purpose,
    deliveryAddress: r.deliveryAddress,
    decisionNote: r.decisionNote,
    origin:
      r.originType && r.originId
        ? {
            type: r.originType,
            id: r.originId,
            ...((await originLabel(db, principal, { type: r.originType, id: r.originId })) ?? { title: null, meetingId: null }),
          }
        : null,
    supplierFacilityId: r.supplierFacilityId,
    supplierName: supplier?.name ?? null,
    supplierNameEn: supplier?.nameEn ?? null,
    approvedByName: approver?.name ?? null,
    lines: lines.map(({ l, ...names }) => ({
      itemId: l.itemId,
      ...names,
      quantityRequested: l.quantityRequested,
      quantityApproved: l.quantityApproved,
      quantityCommitted: l.quantityCommitted,
      quantityDispatched: l.quantityDispatched,
      quantityReceived: l.quantityReceived,
      note: l.note,
    })),
    fill: requestFill(lines.map((x) => x.l)),
    events: events.map(({ e, actorName }) => ({
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      note: e.note,
      actorName: actorName ?? '',
      at: e.at.toISOString(),
    })),
    allowed: allowedActions(principal, r, path, supplier?.jurisdictionPath ?? null),
  };
}

// writes

const STATUS_ZH: Record<RequestStatus, string> = {
  submitted: '已提交',
  info_requested: '需补充信息',
  approved: '已批准',
  rejected: '已驳回',
  committed: '已配货',
  dispatched: '已发运',
  received: '已接收',
  cancelled: '已取消',
};

interface StepContext {
  tx: Tx;
  principal: Principal;
  ip: string | null;
  before: StockRequestRow;
  path: string;
}

/** Writes the step: status and fields, an event, the audit record, notifications and a live event. */
async function finishStep(
  ctx: StepContext,
  action: Action | 'submit',
  to: RequestStatus,
  set: Partial<typeof stockRequests.$inferInsert>,
  note: string,
  tell: { userIds?: string[]; right?: 'stock.approve' | 'resources.manage' | 'stock.request'; severity?: 'info' | 'warning' },
) {
  const { tx, principal, before } = ctx;
  const [after] = await tx
    .update(stockRequests)
    .set({ ...set, status: to, updatedAt: sql`now()` })
    .where(eq(stockRequests.id, before.id))
    .returning();
  await tx
    .insert(stockRequestEvents)
    .values({ requestId: before.id, action, fromStatus: before.status, toStatus: to, note, actorId: principal.id });
  await audit(tx, {
    actor: actorOf(principal),
    ip: ctx.ip,
    action: action === 'submit' ? 'create' : action,
    entityType: 'stock_request',
    entityId: before.id,
    before,
    after,
  });
  await notify(tx, {
    recipients: { userIds: tell.userIds, ...(tell.right ? { right: tell.right, jurisdictionId: before.jurisdictionId } : {}) },
    kind: `stock_request.${to}`,
    severity: tell.severity ?? 'info',
    title: `物资申请 ${after!.code}：${STATUS_ZH[to]}`,
    titleEn: `Material request ${after!.code}: ${to.replace('_', ' ')}`,
    body: note || undefined,
    bodyEn: note || undefined,
    link: `/stock/requests/${before.id}`,
    entity: { type: 'stock_request', id: before.id },
    actorId: principal.id,
  });
  await publishLive(tx, { topic: 'stock-requests', id: before.id, action: to, right: 'stock.read', jurisdictionPath: ctx.path });
  return after!;
}

/** POST /api/stock/requests: a new request (stock.request over the requester's place). */
export async function createRequestAs(database: Database, principal: Principal, input: RequestInput, ip: string | null, now = new Date()) {
  const scope = scopeFor(principal, 'stock.request');
  const requester = await resolveRequester(database.db, scope.paths, input);
  if (input.neededBy < districtToday(now)) throw validationFailed([{ path: 'neededBy', message: 'must not be in the past' }]);
  const itemIds = input.lines.map((l) => l.itemId);
  if (new Set(itemIds).size !== itemIds.length) throw validationFailed([{ path: 'lines', message: 'an item appears twice' }]);
  const known = await database.db
    .select({ id: stockItems.id })
    .from(stockItems)
    .where(and(inArray(stockItems.id, itemIds), eq(stockItems.active, true)));
  const knownIds = new Set(known.map((k) => k.id));
  const unknown = input.lines.findIndex((l) => !knownIds.has(l.itemId));
  if (unknown >= 0) throw validationFailed([{ path: `lines.${unknown}.itemId`, message: 'unknown item' }]);
  if (input.origin && !(await originLabel(database.db, principal, input.origin)))
    throw validationFailed([
      { path: `origin.id`, message: `not a ${input.origin.type === 'task' ? 'task' : 'meeting decision'} you can see` },
    ]);
  const id = await database.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(stockRequests)
      .values({
        requesterKind: input.requesterKind,
        requesterFacilityId: input.requesterFacilityId ?? null,
        requesterAgencyId: input.requesterAgencyId ?? null,
        requesterDistrictId: input.requesterDistrictId ?? null,
        jurisdictionId: requester.jurisdictionId,
        priority: input.priority,
        neededBy: input.neededBy,
        purpose: input.purpose?.trim() ?? '',
        deliveryAddress: input.deliveryAddress?.trim() ?? '',
        originType: input.origin?.type ?? null,
        originId: input.origin?.id ?? null,
        createdBy: principal.id,
      })
      .returning();
    await tx
      .insert(stockRequestLines)
      .values(
        input.lines.map((l) => ({ requestId: row!.id, itemId: l.itemId, quantityRequested: l.quantity, note: l.note?.trim() ?? '' })),
      );
    // the step's bookkeeping as for every other step (the request was "submitted" from nothing)
    await finishStep(
      { tx, principal, ip, before: { ...row!, status: 'submitted' }, path: requester.jurisdictionPath },
      'submit',
      'submitted',
      {},
      input.purpose?.trim() ?? '',
      {
        right: 'stock.approve',
        severity: input.priority === 'routine' ? 'info' : 'warning',
      },
    );
    return row!.id;
  });
  return getRequestFor(database, principal, id, now);
}

/** Runs one workflow step: locks the request, checks the step is open to the principal, then `work`. */
async function step(
  database: Database,
  principal: Principal,
  id: string,
  action: Action,
  ip: string | null,
  work: (ctx: StepContext) => Promise<void>,
  now = new Date(),
) {
  const scope = scopeFor(principal, 'stock.read');
  await requestInScope(database.db, scope, id);
  await database.db.transaction(async (tx) => {
    const [locked] = await tx.select().from(stockRequests).where(eq(stockRequests.id, id)).for('update');
    const path = await jurisdictionPathOf(tx, locked!.jurisdictionId);
    const supplierPath = locked!.supplierFacilityId ? ((await findSite(tx, locked!.supplierFacilityId))?.jurisdictionPath ?? null) : null;
    const allowed = allowedActions(principal, locked!, path, supplierPath);
    if (!allowed.includes(action)) {
      const rightOf: Record<Action, Parameters<typeof hasRight>[1]> = {
        request_info: 'stock.approve',
        approve: 'stock.approve',
        reject: 'stock.approve',
        answer: 'stock.request',
        commit: 'resources.manage',
        dispatch: 'resources.manage',
        receive: 'stock.request',
        cancel: 'stock.request',
      };
      if (!hasRight(principal, rightOf[action]) && !(action === 'receive' && hasRight(principal, 'resources.manage'))) throw forbidden();
      if ((action === 'approve' || action === 'reject' || action === 'request_info') && principal.id === locked!.createdBy)
        throw conflict('requester_cannot_approve', 'The requester cannot decide on their own request');
      throw conflict('status_not_allowed', `A request ${locked!.status} does not allow '${action}'`, { status: locked!.status });
    }
    await work({ tx, principal, ip, before: locked!, path });
  });
  const { r, path } = await requestInScope(database.db, scope, id);
  return requestView(database.db, principal, r, path, now);
}

export const requestInfoAs = (database: Database, principal: Principal, id: string, note: string, ip: string | null) =>
  step(database, principal, id, 'request_info', ip, async (ctx) => {
    await finishStep(ctx, 'request_info', 'info_requested', { decisionNote: note.trim() }, note.trim(), {
      userIds: [ctx.before.createdBy],
      severity: 'warning',
    });
  });

export const answerAs = (database: Database, principal: Principal, id: string, note: string, ip: string | null) =>
  step(database, principal, id, 'answer', ip, async (ctx) => {
    await finishStep(ctx, 'answer', 'submitted', {}, note.trim(), { right: 'stock.approve' });
  });

export const rejectAs = (database: Database, principal: Principal, id: string, note: string, ip: string | null) =>
  step(database, principal, id, 'reject', ip, async (ctx) => {
    await finishStep(ctx, 'reject', 'rejected', { decisionNote: note.trim() }, note.trim(), {
      userIds: [ctx.before.createdBy],
      severity: 'warning',
    });
  });

export const cancelAs = (database: Database, principal: Principal, id: string, note: string | undefined, ip: string | null) =>
  step(database, principal, id, 'cancel', ip, async (ctx) => {
    await finishStep(ctx, 'cancel', 'cancelled', {}, note?.trim() ?? '', { userIds: [ctx.before.createdBy], right: 'stock.approve' });
  });

/** Matches the body's lines to the request's lines by item; 400 for an item not in the request. */
async function lockedLines(tx: Tx, requestId: string, body: { itemId: string; quantity: number }[]) {
  const lines = await tx.select().from(stockRequestLines).where(eq(stockRequestLines.requestId, requestId)).for('update');
  const byItem = new Map(lines.map((l) => [l.itemId, l]));
  body.forEach((b, i) => {
    if (!byItem.has(b.itemId)) throw validationFailed([{ path: `lines.${i}.itemId`, message: 'not in this request' }]);
  });
  const given = new Map(body.map((b) => [b.itemId, b.quantity]));
  if (given.size !== body.length) throw validationFailed([{ path: 'lines', message: 'an item appears twice' }]);
  return { lines, given };
}

export const approveAs = (
  database: Database,
  principal: Principal,
  id: string,
  body: { lines: { itemId: string; quantity: number }[]; note?: string },
  ip: string | null,
) =>
  step(database, principal, id, 'approve', ip, async (ctx) => {
    const { lines, given } = await lockedLines(ctx.tx, ctx.before.id, body.lines);
    let partial = false;
    let total = 0;
    for (const [i, l] of lines.entries()) {
      const q = given.get(l.itemId) ?? 0;
      if (q > l.quantityRequested)
        throw validationFailed([{ path: `lines.${i}.quantity`, message: `must not exceed the ${l.quantityRequested} requested` }]);
      if (q < l.quantityRequested) partial = true;
      total += q;
      await ctx.tx.update(stockRequestLines).set({ quantityApproved: q }).where(eq(stockRequestLines.id, l.id));
    }
    if (total === 0) throw validationFailed([{ path: 'lines', message: 'nothing approved: reject the request instead' }]);
    const note = body.note?.trim() ?? '';
    if (partial && !note) throw validationFailed([{ path: 'note', message: 'required when approving in part: say why less' }]);
    await finishStep(
      ctx,
      'approve',
      'approved',
      { approvedBy: ctx.principal.id, approvedAt: new Date(), decisionNote: note },
      partial ? `部分批准 / approved in part: ${note}` : note,
      { userIds: [ctx.before.createdBy], right: 'resources.manage' },
    );
  });

/**
 * Commit: the approved quantities (or fewer, given per line) are issued from the supplier's stock FEFO, linked to
 * the request; 409 `insufficient_stock` (nothing written) when the supplier does not hold them.
 */
export const commitAs = (
  database: Database,
  principal: Principal,
  id: string,
  body: { supplierFacilityId: string; lines?: { itemId: string; quantity: number }[] },
  ip: string | null,
  now = new Date(),
) =>
  step(database, principal, id, 'commit', ip, async (ctx) => {
    const manage = scopeFor(principal, 'resources.manage');
    const supplier = await findSite(ctx.tx, body.supplierFacilityId);
    if (!supplier || !pathInScope(manage, supplier.jurisdictionPath))
      throw validationFailed([{ path: 'supplierFacilityId', message: 'unknown facility' }]);
    const { lines, given } = await lockedLines(ctx.tx, ctx.before.id, body.lines ?? []);
    let total = 0;
    for (const [i, l] of lines.entries()) {
      const approved = l.quantityApproved ?? 0;
      const q = body.lines ? (given.get(l.itemId) ?? 0) : approved;
      if (q > approved) throw validationFailed([{ path: `lines.${i}.quantity`, message: `must not exceed the ${approved} approved` }]);
      if (q === 0) continue;
      total += q;
      const { movement, entries } = await recordMovementInTx(ctx.tx, {
        kind: 'issue',
        itemId: l.itemId,
        site: supplier,
        quantity: q,
        reason: `物资申请 ${ctx.before.code} / request ${ctx.before.code}`,
        reference: ctx.before.code,
        requestId: ctx.before.id,
        actorId: principal.id,
        today: districtToday(now),
      });
      await auditMovement(ctx.tx, actorOf(principal), ctx.ip, movement, entries);
      await ctx.tx.update(stockRequestLines).set({ quantityCommitted: q }).where(eq(stockRequestLines.id, l.id));
    }
    if (total === 0) throw validationFailed([{ path: 'lines', message: 'nothing to commit' }]);
    await publishStock(ctx.tx, [supplier], ctx.before.id);
    await finishStep(ctx, 'commit', 'committed', { supplierFacilityId: supplier.id, committedAt: new Date() }, '', {
      userIds: [ctx.before.createdBy],
    });
  });

export const dispatchAs = (database: Database, principal: Principal, id: string, note: string | undefined, ip: string | null) =>
  step(database, principal, id, 'dispatch', ip, async (ctx) => {
    await ctx.tx
      .update(stockRequestLines)
      .set({ quantityDispatched: sql`${stockRequestLines.quantityCommitted}` })
      .where(eq(stockRequestLines.requestId, ctx.before.id));
    await finishStep(ctx, 'dispatch', 'dispatched', { dispatchedAt: new Date() }, note?.trim() ?? '', {
      userIds: [ctx.before.createdBy],
      right: 'stock.request',
    });
  });

/**
 * Receipt: what arrived per line (≤ dispatched; less is a partial fill, a note then says why). A facility's request
 * puts what arrived into its store, by the lots the supplier committed (FEFO order).
 */
export const receiveAs = (
  database: Database,
  principal: Principal,
  id: string,
  body: { lines: { itemId: string; quantity: number }[]; note?: string },
  ip: string | null,
  now = new Date(),
) =>
  step(database, principal, id, 'receive', ip, async (ctx) => {
    const { lines, given } = await lockedLines(ctx.tx, ctx.before.id, body.lines);
    let short = false;
    const site = ctx.before.requesterFacilityId ? await findSite(ctx.tx, ctx.before.requesterFacilityId) : undefined;
    for (const [i, l] of lines.entries()) {
      const q = given.get(l.itemId) ?? 0;
      if (q > l.quantityDispatched)
        throw validationFailed([{ path: `lines.${i}.quantity`, message: `must not exceed the ${l.quantityDispatched} dispatched` }]);
      if (q < l.quantityDispatched) short = true;
      await ctx.tx.update(stockRequestLines).set({ quantityReceived: q }).where(eq(stockRequestLines.id, l.id));
      if (site && q > 0) {
        // the lots the supplier sent, earliest expiry first
        const sent = await ctx.tx.execute(sql`
          SELECT e.lot, e.expires_on::text AS expires_on, -sum(e.delta)::int AS quantity
          FROM stock_ledger e JOIN ${stockMovements} m ON m.id = e.movement_id
          WHERE m.request_id = ${ctx.before.id} AND m.item_id = ${l.itemId} AND e.delta < 0
          GROUP BY e.lot, e.expires_on ORDER BY e.expires_on ASC NULLS LAST, e.lot`);
        const lots = (Array.isArray(sent) ? sent : (sent as { rows: unknown[] }).rows) as {
          lot: string;
          expires_on: string | null;
          quantity: number;
        }[];
        let left = q;
        for (const lot of lots) {
          if (left <= 0) break;
          const take = Math.min(left, Number(lot.quantity));
          left -= take;
          const { movement, entries } = await recordMovementInTx(ctx.tx, {
            kind: 'receipt',
            itemId: l.itemId,
            site,
            quantity: take,
            lot: lot.lot,
            expiresOn: lot.expires_on,
            reason: `物资申请 ${ctx.before.code} / request ${ctx.before.code}`,
            reference: ctx.before.code,
            requestId: ctx.before.id,
            actorId: principal.id,
            today: districtToday(now),
          });
          await auditMovement(ctx.tx, actorOf(principal), ctx.ip, movement, entries);
        }
      }
    }
    const note = body.note?.trim() ?? '';
    if (short && !note) throw validationFailed([{ path: 'note', message: 'required when less arrived than was sent: say what happened' }]);
    if (site) await publishStock(ctx.tx, [site], ctx.before.id);
    await finishStep(ctx, 'receive', 'received', { receivedAt: new Date() }, short ? `部分到货 / partly received: ${note}` : note, {
      right: 'resources.manage',
      userIds: ctx.before.approvedBy ? [ctx.before.approvedBy] : [],
    });
  });

/** GET /api/stock/requests/board: open requests by status and age (days since submitted), and how many are overdue. */
export async function requestBoardFor(database: Database, principal: Principal, now = new Date()) {
  const scope = scopeFor(principal, 'stock.read');
  const rows = await database.db
    .select({ status: stockRequests.status, createdAt: stockRequests.createdAt, neededBy: stockRequests.neededBy })
    .from(stockRequests)
    .where(inScope(scope, stockRequests.jurisdictionId));
  const today = districtToday(now);
  const byStatus = new Map<RequestStatus, number>();
  const byAge = new Map<RequestStatus, { under1: number; days1to3: number; days3to7: number; over7: number }>();
  let overdue = 0;
  for (const r of rows) {
    byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    if (!(OPEN_REQUEST_STATUSES as readonly string[]).includes(r.status)) continue;
    if (isOverdue(r, today)) overdue++;
    const days = (now.getTime() - r.createdAt.getTime()) / 86_400_000;
    const age = byAge.get(r.status) ?? { under1: 0, days1to3: 0, days3to7: 0, over7: 0 };
    if (days < 1) age.under1++;
    else if (days < 3) age.days1to3++;
    else if (days < 7) age.days3to7++;
    else age.over7++;
    byAge.set(r.status, age);
  }
  return {
    byStatus: REQUEST_STATUSES.map((status) => ({ status, count: byStatus.get(status) ?? 0 })),
    byAge: OPEN_REQUEST_STATUSES.map((status) => ({ status, ...(byAge.get(status) ?? { under1: 0, days1to3: 0, days3to7: 0, over7: 0 }) })),
    overdue,
  };
}

/** The request and its committed lots, for the dispatch note (stock.read in scope; committed or later). */
export async function dispatchNoteData(database: Database, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'stock.read');
  const { r, path } = await requestInScope(database.db, scope, id);
  if (!['committed', 'dispatched', 'received'].includes(r.status))
    throw conflict('status_not_allowed', 'Nothing is committed yet', { status: r.status });
  const view = await requestView(database.db, principal, r, path);
  const lots = await database.db.execute(sql`
    SELECT i.name, i.name_en, i.unit, e.lot, e.expires_on::text AS expires_on, -sum(e.delta)::int AS quantity
    FROM stock_ledger e JOIN stock_movements m ON m.id = e.movement_id JOIN stock_items i ON i.id = m.item_id
    WHERE m.request_id = ${id} AND m.kind = 'issue' AND e.delta < 0
    GROUP BY i.code, i.name, i.name_en, i.unit, e.lot, e.expires_on ORDER BY i.code, e.expires_on ASC NULLS LAST, e.lot`);
  const list = (Array.isArray(lots) ? lots : (lots as { rows: unknown[] }).rows) as {
    name: string;
    name_en: string;
    unit: string;
    lot: string;
    expires_on: string | null;
    quantity: number;
  }[];
  return { view, lots: list.map((l) => ({ ...l, quantity: Number(l.quantity) })) };
}

/**
 * Rules of psychological assistance (docs/psych.md). Need to know: client records are read by the team
 * (counselling.read over the record's jurisdiction) or, for one client and a few hours, by a holder of
 * counselling.break_glass who gave a reason; anyone else is answered 404 as if the record did not exist.
 * Every read of a client record and every change is audited — with ids and states only, never names or
 * clinical content (audit-policies.ts keeps the team's entries' details for the team).
 *
 * Same-day risk: a PHQ-9 with item 9 above 0, or a triage (or hotline call of a registered client) at high or
 * imminent risk, raises a task on the team's own list due today and notifies the team lead (counselling.lead),
 * with the client's code only — notifications may leave the system (e-mail, WeCom), names must not.
 */
import { createHash, randomBytes } from 'node:crypto';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { rolesWith } from '../../platform/auth/holders.ts';
import { facilityScopeFor, hasRight, pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { AppError, conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { districtDate, districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { notify } from '../notifications/index.ts';
import { INSTRUMENT_TEXTS } from './psych-instruments.ts';
import {
  bandsOf,
  type Cutoffs,
  DEFAULT_CUTOFFS,
  type Instrument,
  INSTRUMENTS,
  InvalidAnswersError,
  scoreScreening,
  validateCutoffs,
} from './psych-scoring.ts';
import type {
  BreakGlassCreate,
  CallCreate,
  CallListQuery,
  ClientClose,
  ClientCreate,
  ClientListQuery,
  ClientPatch,
  FacilityAnswer,
  GroupCreate,
  LinkCreate,
  ReferralCreate,
  ReferralListQuery,
  ReferralStatusChange,
  RecordLink,
  ScreeningCreate,
  SessionCreate,
  TaskDone,
  Triage,
} from './psych.schema.ts';
import * as store from './psych.store.ts';
import {
  FACILITY_ANSWERS,
  REFERRAL_STATUSES,
  type ReferralStatus,
  type ReferralStep,
  type RiskLevel,
  URGENT_RISK_LEVELS,
} from './psych.tables.ts';

export interface PsychDeps {
  database: Database;
  now?: () => Date;
}
const nowOf = (deps: { now?: () => Date }) => deps.now?.() ?? new Date();
const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const day = (d: string | Date | null) => (d === null ? null : String(d instanceof Date ? d.toISOString() : d).slice(0, 10));

/** Counts from 1 to this minus one are suppressed in the aggregates shown outside the team. */
export const SUPPRESSION_THRESHOLD = 5;
/** Default retention of closed records (days since the last activity). */
export const DEFAULT_RETENTION_DAYS = 5 * 365;
/** A referral should be acknowledged (received) by the facility within this many hours. */
const RESPOND_HOURS = { routine: 72, urgent: 24 } as const;

// ── access ───────────────────────────────────────────────────────────────────────────────────────

const teamScope = (p: Principal): Scope | null => (hasRight(p, 'counselling.read') ? scopeFor(p, 'counselling.read') : null);
const writeScope = (p: Principal) => scopeFor(p, 'counselling.write');

/** The client `id` as `principal` may read it, or 404: the team over its scope, or a live break-glass grant. */
async function clientFor(
  db: Executor,
  principal: Principal,
  id: string,
  now: Date,
): Promise<{ client: store.ClientRow; via: 'team' | 'break_glass'; grantId: string | null }> {
  const scope = teamScope(principal);
  if (scope) {
    const client = await store.findClient(db, scope, id);
    if (client) return { client, via: 'team', grantId: null };
  }
  if (hasRight(principal, 'counselling.break_glass')) {
    const grant = await store.liveGrant(db, principal.id, id, now);
    if (grant) {
      const client = await store.findClientUnscoped(db, id);
      if (client) return { client, via: 'break_glass', grantId: grant.id };
    }
  }
  throw notFound('client');
}

/**
 * A client the principal may write (counselling.write over its jurisdiction), or 404; a closed client is
 * read-only (409 client_closed) unless `closed: 'allow'`.
 */
async function writableClient(
  db: Executor,
  principal: Principal,
  id: string,
  options: { closed?: 'allow' | 'refuse' } = {},
): Promise<store.ClientRow> {
  const client = await store.findClient(db, writeScope(principal), id);
  if (!client) throw notFound('client');
  if (client.status === 'closed' && (options.closed ?? 'refuse') === 'refuse') {
    throw conflict('client_closed', `Client ${client.code} is closed: reopen it first`, { code: client.code });
  }
  return client;
}

/** The client named in a body: a missing one (or one outside the team) is a field error, a closed one stays 409. */
async function writableClientField(db: Executor, principal: Principal, id: string): Promise<store.ClientRow> {
  try {
    return await writableClient(db, principal, id);
  } catch (e) {
    if (e instanceof AppError && e.id === 'not_found')
      throw validationFailed([{ path: 'clientId', message: 'no such client in your team' }]);
    throw e;
  }
}

async function announce(tx: Tx, jurisdictionId: string, id: string, action: string) {
  const jurisdictionPath = (await store.jurisdictionPathOf(tx, jurisdictionId)) ?? undefined;
  await publishLive(tx, { topic: 'psych', id, action, right: 'counselling.read', jurisdictionPath });
}

/** The jurisdiction a new record belongs to: the given one (within the writer's scope) or the writer's grant. */
async function recordJurisdiction(db: Executor, principal: Principal, requested?: string): Promise<string> {
  const scope = writeScope(principal);
  if (requested) {
    const path = await store.jurisdictionPathOf(db, requested);
    if (!path || !pathInScope(scope, path))
      throw validationFailed([{ path: 'jurisdictionId', message: 'not a jurisdiction in your scope' }]);
    return requested;
  }
  const grant = principal.grants.find((g) => scope.paths.includes(g.jurisdictionPath));
  return grant!.jurisdictionId;
}

// ── presentation ─────────────────────────────────────────────────────────────────────────────────

/** The codes of the clients' linked cases and contacts (the only thing psych reads of them). */
async function codesOf(db: Executor, clients: store.ClientRow[]): Promise<Map<string, string>> {
  return store.linkedCodes(
    db,
    clients.flatMap((c) => (c.linkedCaseId ? [c.linkedCaseId] : [])),
    clients.flatMap((c) => (c.linkedContactId ? [c.linkedContactId] : [])),
  );
}

function presentClient(c: store.ClientRow, last: store.ScreeningRow | undefined, codes: Map<string, string>) {
  return {
    id: c.id,
    code: c.code,
    jurisdictionId: c.jurisdictionId,
    name: c.name,
    phone: c.phone,
    group: c.clientGroup,
    consent: c.consent,
    consentAt: iso(c.consentAt),
    linkedCaseId: c.linkedCaseId,
    linkedContactId: c.linkedContactId,
    linkedCaseCode: c.linkedCaseId ? (codes.get(c.linkedCaseId) ?? null) : null,
    linkedContactCode: c.linkedContactId ? (codes.get(c.linkedContactId) ?? null) : null,
    riskLevel: c.riskLevel,
    plan: c.plan,
    planNotes: c.planNotes,
    nextContactDate: day(c.nextContactDate),
    status: c.status,
    outcome: c.outcome,
    closeReason: c.closeReason,
    closeOutcome: c.closeOutcome,
    closedAt: iso(c.closedAt),
    lastScreening: last
      ? { instrument: last.instrument, score: last.score, band: last.band, screenedAt: last.screenedAt.toISOString() }
      : null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

const presentScreening = (s: store.ScreeningRow, taskId: string | null = null) => ({
  id: s.id,
  clientId: s.clientId,
  instrument: s.instrument,
  answers: s.answers,
  score: s.score,
  band: s.band,
  flags: s.flags,
  source: s.source,
  screenedAt: s.screenedAt.toISOString(),
  taskId,
});

function presentTask(r: { task: store.TaskRow; clientCode: string | null; clientName: string | null }, today: string) {
  const t = r.task;
  return {
    id: t.id,
    clientId: t.clientId,
    clientCode: r.clientCode,
    clientName: r.clientName,
    kind: t.kind,
    instrument: t.instrument,
    dueDate: day(t.dueDate)!,
    overdue: t.status === 'open' && day(t.dueDate)! < today,
    status: t.status,
    note: t.note,
    createdAt: t.createdAt.toISOString(),
    doneAt: iso(t.doneAt),
  };
}

type ReferralJoined = Awaited<ReturnType<typeof store.referralsOfClient>>[number];
function presentReferral(r: ReferralJoined, now: Date) {
  const f = r.referral;
  return {
    id: f.id,
    clientId: f.clientId,
    clientCode: r.clientCode,
    clientName: r.clientName,
    facility: { id: f.facilityId, name: r.facilityName, nameEn: r.facilityNameEn },
    reason: f.reason,
    urgency: f.urgency,
    status: f.status,
    statusReason: f.statusReason,
    respondBy: f.respondBy.toISOString(),
    overdue: f.status === 'requested' && f.respondBy < now,
    history: f.history.map((h) => ({ ...h, side: h.side ?? ('team' as const) })),
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
  };
}

type CallJoined = { call: store.CallRow; counsellorName: string | null };
const presentCall = ({ call: c, counsellorName }: CallJoined) => ({
  id: c.id,
  calledAt: c.calledAt.toISOString(),
  durationMinutes: c.durationMinutes,
  callerGroup: c.callerGroup,
  concerns: c.concerns,
  riskLevel: c.riskLevel,
  action: c.action,
  callbackNeeded: c.callbackNeeded,
  callbackPhone: c.callbackPhone,
  callbackDueAt: iso(c.callbackDueAt),
  callbackDoneAt: iso(c.callbackDoneAt),
  callbackNote: c.callbackNote,
  clientId: c.clientId,
  counsellorId: c.counsellorId,
  counsellorName,
});

// ── settings (cut-offs, retention) ───────────────────────────────────────────────────────────────

export async function cutoffsIn(db: Executor): Promise<Record<Instrument, Cutoffs>> {
  const settings = await store.readSettings(db);
  const out = { ...DEFAULT_CUTOFFS };
  for (const i of INSTRUMENTS) {
    const v = settings.get(`cutoffs.${i}`) as Cutoffs | undefined;
    if (v && validateCutoffs(i, v).length === 0) out[i] = v;
  }
  return out;
}

export async function retentionDaysIn(db: Executor): Promise<number> {
  const v = (await store.readSettings(db)).get('retention') as { days?: number } | undefined;
  return typeof v?.days === 'number' ? v.days : DEFAULT_RETENTION_DAYS;
}

export async function settingsFor(database: Database, principal: Principal) {
  scopeFor(principal, 'counselling.read');
  return {
    cutoffs: await cutoffsIn(database.db),
    retentionDays: await retentionDaysIn(database.db),
    instruments: INSTRUMENTS.map((i) => INSTRUMENT_TEXTS[i]),
  };
}

export async function setCutoffsAs(database: Database, principal: Principal, instrument: Instrument, cutoffs: Cutoffs, ip?: string) {
  scopeFor(principal, 'counselling.lead');
  const issues = validateCutoffs(instrument, cutoffs);
  if (issues.length > 0) throw validationFailed(issues);
  await database.db.transaction(async (tx) => {
    const before = (await cutoffsIn(tx))[instrument];
    await store.writeSetting(tx, `cutoffs.${instrument}`, cutoffs, principal.id);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'psych_settings',
      entityId: null,
      before: { instrument, cutoffs: before },
      after: { instrument, cutoffs },
    });
  });
  return settingsFor(database, principal);
}

export async function setRetentionAs(database: Database, principal: Principal, days: number, ip?: string) {
  scopeFor(principal, 'counselling.lead');
  await database.db.transaction(async (tx) => {
    const before = await retentionDaysIn(tx);
    await store.writeSetting(tx, 'retention', { days }, principal.id);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'psych_settings',
      entityId: null,
      before: { retentionDays: before },
      after: { retentionDays: days },
    });
  });
  return settingsFor(database, principal);
}

// ── clients ──────────────────────────────────────────────────────────────────────────────────────

export async function listClientsFor(database: Database, principal: Principal, query: ClientListQuery) {
  const scope = scopeFor(principal, 'counselling.read');
  const { rows, total } = await store.listClients(database.db, scope, query);
  const last = await store.lastScreenings(
    database.db,
    rows.map((r) => r.id),
  );
  const codes = await codesOf(database.db, rows);
  return { items: rows.map((r) => presentClient(r, last.get(r.id), codes)), total, page: query.page, pageSize: query.pageSize };
}

function checkLinks(values: { consent: boolean; linkedCaseId: string | null; linkedContactId: string | null }) {
  if (!values.consent && (values.linkedCaseId || values.linkedContactId)) {
    throw validationFailed([{ path: 'consent', message: 'a link to a case or contact needs the client’s consent' }]);
  }
}

/** The one answer for a case or contact that does not exist and for one outside the linker's area. */
const NO_SUCH_RECORD = { case: 'no case with this code or id in your area', contact: 'no contact with this code or id in your area' };

/**
 * The case or contact `ref` (id or code) names, if it lies in the linker's counselling.write area. A missing
 * record and one outside the area get the same 400, so a link attempt cannot probe for existence.
 */
async function resolveLinked(db: Executor, principal: Principal, kind: 'case' | 'contact', ref: string, path: string): Promise<string> {
  const scope = writeScope(principal);
  const found = kind === 'case' ? await store.linkableCase(db, scope, ref) : await store.linkableContact(db, scope, ref);
  if (!found) throw validationFailed([{ path, message: NO_SUCH_RECORD[kind] }]);
  return found.id;
}

export async function createClientAs(deps: PsychDeps, principal: Principal, input: ClientCreate, ip?: string) {
  writeScope(principal);
  checkLinks(input);
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const jurisdictionId = await recordJurisdiction(tx, principal, input.jurisdictionId);
    const linkedCaseId = input.linkedCaseId ? await resolveLinked(tx, principal, 'case', input.linkedCaseId, 'linkedCaseId') : null;
    const linkedContactId = input.linkedContactId
      ? await resolveLinked(tx, principal, 'contact', input.linkedContactId, 'linkedContactId')
      : null;
    const row = await store.insertClient(tx, {
      jurisdictionId,
      name: input.name,
      phone: input.phone,
      clientGroup: input.group,
      consent: input.consent,
      consentAt: input.consent ? now : null,
      linkedCaseId,
      linkedContactId,
      lastActivityAt: now,
      createdBy: principal.id,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'psych_client',
      entityId: row.id,
      after: auditableClient(row),
    });
    await announce(tx, jurisdictionId, row.id, 'created');
    return presentClient(row, undefined, await codesOf(tx, [row]));
  });
}

/** What the audit log keeps of a client: ids and states, never the name, phone or notes. */
function auditableClient(c: store.ClientRow) {
  return {
    id: c.id,
    code: c.code,
    jurisdictionId: c.jurisdictionId,
    group: c.clientGroup,
    consent: c.consent,
    linked: Boolean(c.linkedCaseId || c.linkedContactId),
    riskLevel: c.riskLevel,
    plan: c.plan,
    nextContactDate: day(c.nextContactDate),
    status: c.status,
  };
}

/** One client with its whole history. Every read is audited (who, which record, by which access). */
export async function getClientFor(deps: PsychDeps, principal: Principal, id: string, ip?: string) {
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const { client, via, grantId } = await clientFor(tx, principal, id, now);
    if (grantId) await store.countGrantRead(tx, grantId);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'read',
      entityType: 'psych_client',
      entityId: client.id,
      jurisdictionId: client.jurisdictionId,
      after: { access: via, breakGlassId: grantId },
    });
    const [screenings, sessions, referrals, tasks, calls] = await Promise.all([
      store.screeningsOf(tx, id),
      store.sessionsOf(tx, id),
      store.referralsOfClient(tx, id),
      store.tasksOfClient(tx, id),
      store.callsOfClient(tx, id),
    ]);
    const today = districtToday(now);
    return {
      ...presentClient(client, screenings.at(-1), await codesOf(tx, [client])),
      screenings: screenings.map((s) => presentScreening(s)),
      sessions: sessions.map((s) => ({
        id: s.id,
        heldAt: s.heldAt.toISOString(),
        mode: s.mode,
        notes: s.notes,
        counsellorId: s.counsellorId,
      })),
      referrals: referrals.map((r) => presentReferral(r, now)),
      tasks: tasks.map((t) => presentTask(t, today)),
      calls: calls.map(presentCall),
      access: via,
    };
  });
}

export async function updateClientAs(deps: PsychDeps, principal: Principal, id: string, patch: ClientPatch, ip?: string) {
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const before = await writableClient(tx, principal, id, { closed: 'allow' });
    // a closed client is read-only, but consent can always be withdrawn (it removes the links)
    const onlyWithdrawal = Object.entries(patch).every(([k, v]) => v === undefined || (k === 'consent' && v === false));
    if (before.status === 'closed' && !onlyWithdrawal) {
      throw conflict('client_closed', `Client ${before.code} is closed: reopen it first`, { code: before.code });
    }
    const consent = patch.consent ?? before.consent;
    if (!consent && (patch.linkedCaseId || patch.linkedContactId))
      checkLinks({ consent, linkedCaseId: patch.linkedCaseId ?? null, linkedContactId: patch.linkedContactId ?? null });
    const linkedCaseId = !consent
      ? null
      : patch.linkedCaseId === undefined
        ? before.linkedCaseId
        : patch.linkedCaseId && (await resolveLinked(tx, principal, 'case', patch.linkedCaseId, 'linkedCaseId'));
    const linkedContactId = !consent
      ? null
      : patch.linkedContactId === undefined
        ? before.linkedContactId
        : patch.linkedContactId && (await resolveLinked(tx, principal, 'contact', patch.linkedContactId, 'linkedContactId'));
    const row = await store.updateClient(tx, id, {
      name: patch.name,
      phone: patch.phone,
      clientGroup: patch.group,
      consent,
      consentAt: consent && !before.consent ? now : consent ? before.consentAt : null,
      linkedCaseId,
      linkedContactId,
      lastActivityAt: before.status === 'closed' ? before.lastActivityAt : now,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'psych_client',
      entityId: id,
      before: auditableClient(before),
      after: auditableClient(row),
    });
    await announce(tx, row.jurisdictionId, id, 'updated');
    return presentClient(row, undefined, await codesOf(tx, [row]));
  });
}

/**
 * Links the client to a case or contact (by code or id), or removes the link (`ref: null`). Needs consent;
 * the record must lie in the linker's area, and a missing record is answered exactly like one outside it.
 */
export async function linkRecordAs(deps: PsychDeps, principal: Principal, id: string, input: RecordLink, ip?: string) {
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const before = await writableClient(tx, principal, id);
    if (input.ref !== null && !before.consent) {
      throw validationFailed([{ path: 'consent', message: 'a link to a case or contact needs the client’s consent' }]);
    }
    const target = input.ref === null ? null : await resolveLinked(tx, principal, input.kind, input.ref, 'ref');
    const row = await store.updateClient(
      tx,
      id,
      input.kind === 'case' ? { linkedCaseId: target, lastActivityAt: now } : { linkedContactId: target, lastActivityAt: now },
    );
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: input.ref === null ? 'unlink' : 'link',
      entityType: 'psych_client',
      entityId: id,
      before: auditableClient(before),
      after: { ...auditableClient(row), linkKind: input.kind },
    });
    await announce(tx, row.jurisdictionId, id, 'updated');
    return presentClient(row, undefined, await codesOf(tx, [row]));
  });
}

/**
 * Closes a client with a coded reason and outcome: the record becomes read-only, open re-screens and
 * follow-ups are cancelled and unused self-screening links expire. Refused while a same-day risk task is open
 * (the risk must be handled, not closed away). The retention clock starts at the closing.
 */
export async function closeClientAs(deps: PsychDeps, principal: Principal, id: string, input: ClientClose, ip?: string) {
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const before = await writableClient(tx, principal, id);
    const risk = await store.openRiskTasks(tx, id);
    if (risk.length > 0) {
      throw conflict('risk_task_open', 'A same-day risk task of this client is still open', { taskIds: risk.map((r) => r.id) });
    }
    const cancelled = await store.cancelOpenTasks(tx, id, now, principal.id);
    await store.expireLinks(tx, id, now);
    const row = await store.updateClient(tx, id, {
      status: 'closed',
      closeReason: input.reason,
      closeOutcome: input.outcome,
      outcome: input.notes,
      closedAt: now,
      nextContactDate: null,
      lastActivityAt: now,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'close',
      entityType: 'psych_client',
      entityId: id,
      before: auditableClient(before),
      after: {
        ...auditableClient(row),
        closeReason: input.reason,
        closeOutcome: input.outcome,
        cancelledTaskIds: cancelled.map((t) => t.id),
      },
    });
    await announce(tx, row.jurisdictionId, id, 'closed');
    return presentClient(row, undefined, await codesOf(tx, [row]));
  });
}

/** Reopens a closed client: writable again, and the retention clock starts afresh. */
export async function reopenClientAs(deps: PsychDeps, principal: Principal, id: string, ip?: string) {
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const before = await writableClient(tx, principal, id, { closed: 'allow' });
    if (before.status !== 'closed') throw conflict('status_not_allowed', `Client ${before.code} is open`);
    const row = await store.updateClient(tx, id, {
      status: 'open',
      closeReason: null,
      closeOutcome: null,
      closedAt: null,
      lastActivityAt: now,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'reopen',
      entityType: 'psych_client',
      entityId: id,
      before: { ...auditableClient(before), closeReason: before.closeReason, closeOutcome: before.closeOutcome },
      after: auditableClient(row),
    });
    await announce(tx, row.jurisdictionId, id, 'reopened');
    return presentClient(row, undefined, await codesOf(tx, [row]));
  });
}

// ── same-day tasks ───────────────────────────────────────────────────────────────────────────────

const TASK_TITLES: Record<'self_harm' | 'high_risk', { zh: string; en: string }> = {
  self_harm: { zh: '当日处置：PHQ-9 第9题（自伤念头）阳性', en: 'Same day: PHQ-9 item 9 (thoughts of self-harm) positive' },
  high_risk: { zh: '当日处置：高风险分级', en: 'Same day: high-risk triage' },
};

/**
 * Raises a same-day task for a client unless one of that kind is already open today, and notifies the team
 * lead (code only). Returns the task id.
 */
async function raiseSameDayTask(
  tx: Tx,
  actor: Principal | null,
  client: store.ClientRow,
  kind: 'self_harm' | 'high_risk',
  now: Date,
  sourceScreeningId: string | null,
  note: string,
): Promise<string> {
  const today = districtToday(now);
  const open = (await store.tasksOfClient(tx, client.id)).find(
    (t) => t.task.kind === kind && t.task.status === 'open' && day(t.task.dueDate) === today,
  );
  if (open) return open.task.id;
  const [task] = await store.insertTasks(tx, [
    { jurisdictionId: client.jurisdictionId, clientId: client.id, kind, dueDate: today, note, sourceScreeningId },
  ]);
  await audit(tx, {
    actor: actor ? actorOf(actor) : null,
    action: 'create',
    entityType: 'psych_task',
    entityId: task!.id,
    after: { id: task!.id, jurisdictionId: client.jurisdictionId, clientId: client.id, kind, dueDate: today },
  });
  await notify(tx, {
    recipients: { right: 'counselling.lead', jurisdictionId: client.jurisdictionId },
    kind: 'psych.same_day_task',
    severity: 'critical',
    title: `${TASK_TITLES[kind].zh}（${client.code}）`,
    titleEn: `${TASK_TITLES[kind].en} (${client.code})`,
    body: '请今日内联系并评估该来访者（详情仅限心理援助队查看）。',
    bodyEn: 'Contact and assess this client today (details visible to the psychological-assistance team only).',
    link: '/psych/tasks',
    entity: { type: 'psych_task', id: task!.id },
    actorId: actor?.id ?? null,
  });
  await announce(tx, client.jurisdictionId, task!.id, 'task');
  return task!.id;
}

// ── screenings ───────────────────────────────────────────────────────────────────────────────────

/** Scores and stores a screening inside `tx`; raises the same-day task for PHQ-9 item 9; closes a due re-screen. */
async function recordScreening(
  tx: Tx,
  actor: Principal | null,
  client: store.ClientRow,
  input: { instrument: Instrument; answers: readonly unknown[]; screenedAt: Date; source: 'counsellor' | 'self'; ip?: string },
  now: Date,
) {
  const cutoffs = (await cutoffsIn(tx))[input.instrument];
  let result: ReturnType<typeof scoreScreening>;
  try {
    result = scoreScreening(input.instrument, input.answers, cutoffs);
  } catch (e) {
    if (e instanceof InvalidAnswersError) throw validationFailed(e.issues, `Invalid answers for ${input.instrument}: ${e.message}`);
    throw e;
  }
  const row = await store.insertScreening(tx, {
    clientId: client.id,
    jurisdictionId: client.jurisdictionId,
    instrument: input.instrument,
    answers: input.answers as number[],
    score: result.score,
    band: result.band,
    flags: result.flags,
    cutoffs,
    source: input.source,
    screenedAt: input.screenedAt,
    recordedBy: actor?.id ?? null,
  });
  await store.touchClient(tx, client.id, now);
  await audit(tx, {
    actor: actor ? actorOf(actor) : null,
    ip: input.ip,
    action: 'create',
    entityType: 'psych_screening',
    entityId: row.id,
    after: { id: row.id, clientId: client.id, jurisdictionId: client.jurisdictionId, instrument: row.instrument, source: row.source },
  });
  // a screening answers the earliest open re-screen of its instrument that is due within a week
  const due = (await store.openRescreens(tx, client.id, input.instrument)).find((t) => day(t.dueDate)! <= districtToday(now, -7));
  if (due) await store.updateTask(tx, due.id, { status: 'done', doneAt: now, doneBy: actor?.id ?? null });
  const taskId = result.flags.includes('self_harm')
    ? await raiseSameDayTask(tx, actor, client, 'self_harm', now, row.id, `PHQ-9 ${result.score}`)
    : null;
  await announce(tx, client.jurisdictionId, client.id, 'screening');
  return presentScreening(row, taskId);
}

export async function createScreeningAs(deps: PsychDeps, principal: Principal, input: ScreeningCreate, ip?: string) {
  writeScope(principal);
  const now = nowOf(deps);
  const screenedAt = input.screenedAt ? new Date(input.screenedAt) : now;
  if (screenedAt.getTime() > now.getTime() + 5 * 60_000)
    throw validationFailed([{ path: 'screenedAt', message: 'must not be in the future' }]);
  return deps.database.db.transaction(async (tx) => {
    const client = await writableClientField(tx, principal, input.clientId);
    return recordScreening(
      tx,
      principal,
      client,
      { instrument: input.instrument, answers: input.answers, screenedAt, source: 'counsellor', ip },
      now,
    );
  });
}

// ── triage and plan ──────────────────────────────────────────────────────────────────────────────

export async function triageAs(deps: PsychDeps, principal: Principal, id: string, input: Triage, ip?: string) {
  const now = nowOf(deps);
  const today = districtToday(now);
  if (input.nextContactDate && input.nextContactDate < today) {
    throw validationFailed([{ path: 'nextContactDate', message: 'must not be in the past' }]);
  }
  return deps.database.db.transaction(async (tx) => {
    const before = await writableClient(tx, principal, id);
    const row = await store.updateClient(tx, id, {
      riskLevel: input.riskLevel,
      plan: [...new Set(input.plan)],
      planNotes: input.planNotes,
      nextContactDate: input.nextContactDate,
      lastActivityAt: now,
    });
    const tasks: Parameters<typeof store.insertTasks>[1] = [];
    for (const weeks of [...new Set(input.rescreenWeeks)].sort((a, b) => a - b)) {
      tasks.push({
        jurisdictionId: row.jurisdictionId,
        clientId: id,
        kind: 'rescreen',
        instrument: input.rescreenInstrument,
        dueDate: districtToday(now, -weeks * 7),
      });
    }
    if (input.nextContactDate)
      tasks.push({ jurisdictionId: row.jurisdictionId, clientId: id, kind: 'follow_up', dueDate: input.nextContactDate });
    const created = await store.insertTasks(tx, tasks);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'triage',
      entityType: 'psych_client',
      entityId: id,
      before: auditableClient(before),
      after: { ...auditableClient(row), tasks: created.map((t) => ({ id: t.id, kind: t.kind, dueDate: day(t.dueDate) })) },
    });
    if ((URGENT_RISK_LEVELS as readonly RiskLevel[]).includes(input.riskLevel)) {
      await raiseSameDayTask(tx, principal, row, 'high_risk', now, null, input.riskLevel);
    }
    await announce(tx, row.jurisdictionId, id, 'triage');
    return presentClient(row, undefined, await codesOf(tx, [row]));
  });
}

// ── sessions ─────────────────────────────────────────────────────────────────────────────────────

export async function addSessionAs(deps: PsychDeps, principal: Principal, clientId: string, input: SessionCreate, ip?: string) {
  const now = nowOf(deps);
  const heldAt = new Date(input.heldAt);
  if (heldAt.getTime() > now.getTime() + 5 * 60_000) throw validationFailed([{ path: 'heldAt', message: 'must not be in the future' }]);
  return deps.database.db.transaction(async (tx) => {
    const client = await writableClient(tx, principal, clientId);
    const row = await store.insertSession(tx, {
      clientId,
      jurisdictionId: client.jurisdictionId,
      heldAt,
      mode: input.mode,
      notes: input.notes,
      counsellorId: principal.id,
    });
    await store.touchClient(tx, clientId, now);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'psych_session',
      entityId: row.id,
      after: { id: row.id, clientId, jurisdictionId: client.jurisdictionId, mode: row.mode },
    });
    await announce(tx, client.jurisdictionId, clientId, 'session');
    return { id: row.id, heldAt: row.heldAt.toISOString(), mode: row.mode, notes: row.notes, counsellorId: row.counsellorId };
  });
}

// ── hotline ──────────────────────────────────────────────────────────────────────────────────────

export async function listCallsFor(database: Database, principal: Principal, query: CallListQuery) {
  const scope = scopeFor(principal, 'counselling.read');
  const { rows, total } = await store.listCalls(database.db, scope, query);
  return { items: rows.map(presentCall), total, page: query.page, pageSize: query.pageSize };
}

export async function callbackQueueFor(database: Database, principal: Principal) {
  const scope = scopeFor(principal, 'counselling.read');
  return { items: (await store.callbackQueue(database.db, scope)).map(presentCall) };
}

export async function logCallAs(deps: PsychDeps, principal: Principal, input: CallCreate, ip?: string) {
  const scope = writeScope(principal);
  const now = nowOf(deps);
  const calledAt = new Date(input.calledAt);
  if (calledAt.getTime() > now.getTime() + 5 * 60_000) throw validationFailed([{ path: 'calledAt', message: 'must not be in the future' }]);
  if (input.callbackNeeded && !input.callbackPhone && !input.clientId) {
    throw validationFailed([{ path: 'callbackPhone', message: 'a callback needs a phone number or a registered client' }]);
  }
  return deps.database.db.transaction(async (tx) => {
    const client = input.clientId ? await store.findClient(tx, scope, input.clientId) : undefined;
    if (input.clientId && !client) throw validationFailed([{ path: 'clientId', message: 'no such client in your team' }]);
    if (client?.status === 'closed') {
      throw conflict('client_closed', `Client ${client.code} is closed: reopen it first`, { code: client.code });
    }
    const jurisdictionId = client?.jurisdictionId ?? (await recordJurisdiction(tx, principal));
    const row = await store.insertCall(tx, {
      jurisdictionId,
      calledAt,
      durationMinutes: input.durationMinutes,
      callerGroup: input.callerGroup,
      concerns: [...new Set(input.concerns)],
      riskLevel: input.riskLevel,
      action: input.action,
      callbackNeeded: input.callbackNeeded,
      callbackPhone: input.callbackPhone,
      callbackDueAt: input.callbackNeeded
        ? input.callbackDueAt
          ? new Date(input.callbackDueAt)
          : new Date(calledAt.getTime() + 24 * 3_600_000)
        : null,
      clientId: client?.id ?? null,
      counsellorId: principal.id,
    });
    if (client) await store.touchClient(tx, client.id, now);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'psych_call',
      entityId: row.id,
      after: {
        id: row.id,
        jurisdictionId,
        callerGroup: row.callerGroup,
        riskLevel: row.riskLevel,
        callbackNeeded: row.callbackNeeded,
        clientId: row.clientId,
      },
    });
    if (client && (URGENT_RISK_LEVELS as readonly RiskLevel[]).includes(input.riskLevel)) {
      await raiseSameDayTask(tx, principal, client, 'high_risk', now, null, `hotline ${input.riskLevel}`);
    }
    await announce(tx, jurisdictionId, row.id, 'call');
    return presentCall({ call: row, counsellorName: principal.displayName });
  });
}

export async function completeCallbackAs(deps: PsychDeps, principal: Principal, id: string, note: string, ip?: string) {
  const scope = writeScope(principal);
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const call = await store.findCall(tx, scope, id);
    if (!call) throw notFound('call');
    if (!call.callbackNeeded || call.callbackDoneAt) throw conflict('status_not_allowed', 'This call has no callback waiting');
    const row = await store.updateCall(tx, id, { callbackDoneAt: now, callbackNote: note });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'callback',
      entityType: 'psych_call',
      entityId: id,
      after: { id, jurisdictionId: row.jurisdictionId, callbackDoneAt: now.toISOString() },
    });
    await announce(tx, row.jurisdictionId, id, 'callback');
    return presentCall({ call: row, counsellorName: null });
  });
}

// ── tasks ────────────────────────────────────────────────────────────────────────────────────────

export async function listTasksFor(deps: PsychDeps, principal: Principal, status: string) {
  const scope = scopeFor(principal, 'counselling.read');
  const today = districtToday(nowOf(deps));
  return { items: (await store.listTasks(deps.database.db, scope, status)).map((t) => presentTask(t, today)) };
}

export async function closeTaskAs(deps: PsychDeps, principal: Principal, id: string, input: TaskDone, ip?: string) {
  const scope = writeScope(principal);
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const task = await store.findTask(tx, scope, id);
    if (!task) throw notFound('task');
    if (task.status !== 'open') throw conflict('status_not_allowed', 'This task is not open');
    const row = await store.updateTask(tx, id, { status: input.status, note: input.note || task.note, doneAt: now, doneBy: principal.id });
    if (task.clientId) await store.touchClient(tx, task.clientId, now);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'psych_task',
      entityId: id,
      before: { status: task.status, jurisdictionId: task.jurisdictionId },
      after: { status: row.status, jurisdictionId: task.jurisdictionId },
    });
    await announce(tx, task.jurisdictionId, id, 'task');
    return presentTask({ task: row, clientCode: null, clientName: null }, districtToday(now));
  });
}

// ── referrals ────────────────────────────────────────────────────────────────────────────────────

/** FHIR Task transitions the referral loop allows (hl7.org/fhir/R4/task.html#statemachine, simplified). */
export const REFERRAL_TRANSITIONS: Record<ReferralStatus, readonly ReferralStatus[]> = {
  requested: ['received', 'accepted', 'rejected', 'cancelled'],
  received: ['accepted', 'rejected', 'cancelled'],
  accepted: ['in-progress', 'completed', 'cancelled'],
  'in-progress': ['completed', 'cancelled'],
  rejected: [],
  completed: [],
  cancelled: [],
};

export async function listReferralsFor(deps: PsychDeps, principal: Principal, query: ReferralListQuery) {
  const scope = scopeFor(principal, 'counselling.read');
  const now = nowOf(deps);
  return { items: (await store.listReferrals(deps.database.db, scope, query, now)).map((r) => presentReferral(r, now)) };
}

/**
 * The facilities a counsellor may refer to (counselling.read): mental-health centres first and marked
 * `preferred`, then hospitals and township health centres. The registry is district-wide reference data, so
 * the list is not scoped further.
 */
export async function referralFacilitiesFor(deps: PsychDeps, principal: Principal) {
  scopeFor(principal, 'counselling.read');
  const rows = await store.listReferralFacilities(deps.database.db);
  return { items: rows.map((f) => ({ ...f, preferred: f.type === 'mental_health_centre' })) };
}

export async function createReferralAs(deps: PsychDeps, principal: Principal, input: ReferralCreate, ip?: string) {
  writeScope(principal);
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const client = await writableClientField(tx, principal, input.clientId);
    if (!(await store.findReferralFacility(tx, input.facilityId))) {
      throw validationFailed([
        { path: 'facilityId', message: 'must be a mental-health centre, hospital or health centre of the registry' },
      ]);
    }
    const step: ReferralStep = { status: 'requested', at: now.toISOString(), by: principal.displayName, reason: '' };
    const row = await store.insertReferral(tx, {
      clientId: client.id,
      jurisdictionId: client.jurisdictionId,
      facilityId: input.facilityId,
      reason: input.reason,
      urgency: input.urgency,
      respondBy: new Date(now.getTime() + RESPOND_HOURS[input.urgency] * 3_600_000),
      history: [step],
      createdBy: principal.id,
    });
    await store.touchClient(tx, client.id, now);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'psych_referral',
      entityId: row.id,
      after: {
        id: row.id,
        clientId: client.id,
        jurisdictionId: client.jurisdictionId,
        facilityId: row.facilityId,
        status: row.status,
        urgency: row.urgency,
      },
    });
    await announce(tx, client.jurisdictionId, row.id, 'referral');
    await tellFacility(tx, row.facilityId, row.id, client.code, row.urgency, principal.id);
    const joined = await store.findReferral(tx, writeScope(principal), row.id);
    return presentReferral(joined!, now);
  });
}

export async function changeReferralStatusAs(deps: PsychDeps, principal: Principal, id: string, input: ReferralStatusChange, ip?: string) {
  const scope = writeScope(principal);
  const now = nowOf(deps);
  if ((input.status === 'rejected' || input.status === 'cancelled') && !input.reason) {
    throw validationFailed([{ path: 'reason', message: `a reason is required for ${input.status}` }]);
  }
  return deps.database.db.transaction(async (tx) => {
    const found = await store.findReferral(tx, scope, id);
    if (!found) throw notFound('referral');
    const from = found.referral.status;
    if (!REFERRAL_TRANSITIONS[from].includes(input.status)) {
      throw conflict('status_not_allowed', `A referral ${from} cannot become ${input.status}`, {
        from,
        allowed: REFERRAL_TRANSITIONS[from],
      });
    }
    const step: ReferralStep = {
      status: input.status,
      at: now.toISOString(),
      by: principal.displayName,
      reason: input.reason,
      side: 'team',
    };
    await store.updateReferral(tx, id, { status: input.status, statusReason: input.reason, history: [...found.referral.history, step] });
    await store.touchClient(tx, found.referral.clientId, now);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'status',
      entityType: 'psych_referral',
      entityId: id,
      before: { status: from, jurisdictionId: found.referral.jurisdictionId },
      after: { status: input.status, jurisdictionId: found.referral.jurisdictionId },
    });
    await announce(tx, found.referral.jurisdictionId, id, 'referral');
    return presentReferral((await store.findReferral(tx, scope, id))!, now);
  });
}

// ── the receiving facility ───────────────────────────────────────────────────────────────────────

/**
 * Tells the users who answer the facility's referrals that one arrived: the client's code and the urgency only
 * (notifications may leave the system); the page shows the rest to them alone.
 */
async function tellFacility(tx: Tx, facilityId: string, referralId: string, code: string, urgency: 'routine' | 'urgent', actorId: string) {
  const userIds = await store.facilityAnswerers(tx, facilityId, rolesWith('counselling.referrals'));
  if (userIds.length === 0) return;
  await notify(tx, {
    recipients: { userIds },
    kind: 'psych.referral_received',
    severity: urgency === 'urgent' ? 'warning' : 'info',
    title: `${urgency === 'urgent' ? '紧急' : ''}心理转介待答复（${code}）`,
    titleEn: `${urgency === 'urgent' ? 'Urgent p' : 'P'}sychological referral to answer (${code})`,
    body: `请在${RESPOND_HOURS[urgency]}小时内答复（接收、接受或拒绝）。`,
    bodyEn: `Please answer within ${RESPOND_HOURS[urgency]} hours (received, accepted or declined).`,
    link: '/psych/facility-referrals',
    entity: { type: 'psych_referral', id: referralId },
    actorId,
  });
}

type FacilityJoined = Awaited<ReturnType<typeof store.listFacilityReferrals>>[number];
const facilityNext = (status: ReferralStatus) =>
  REFERRAL_TRANSITIONS[status].filter((s): s is (typeof FACILITY_ANSWERS)[number] => (FACILITY_ANSWERS as readonly string[]).includes(s));
function presentFacilityReferral(r: FacilityJoined, now: Date) {
  const f = r.referral;
  return {
    id: f.id,
    clientCode: r.clientCode,
    clientName: r.clientName,
    clientPhone: r.clientPhone,
    clientGroup: r.clientGroup,
    facility: { id: f.facilityId, name: r.facilityName, nameEn: r.facilityNameEn },
    reason: f.reason,
    urgency: f.urgency,
    status: f.status,
    statusReason: f.statusReason,
    respondBy: f.respondBy.toISOString(),
    overdue: f.status === 'requested' && f.respondBy < now,
    history: f.history.map((h) => ({ ...h, side: h.side ?? ('team' as const) })),
    createdAt: f.createdAt.toISOString(),
    updatedAt: f.updatedAt.toISOString(),
    next: facilityNext(f.status),
  };
}

/**
 * The referrals addressed to the user's facility (counselling.referrals, facility-bound): what the facility
 * needs to see the client, nothing of the team's record. Each referral shown is an audited read.
 */
export async function facilityReferralsFor(deps: PsychDeps, principal: Principal, openOnly: boolean, ip?: string) {
  const scope = facilityScopeFor(principal, 'counselling.referrals');
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const rows = await store.listFacilityReferrals(tx, scope, openOnly);
    for (const r of rows) {
      await audit(tx, {
        actor: actorOf(principal),
        ip,
        action: 'read',
        entityType: 'psych_referral',
        entityId: r.referral.id,
        jurisdictionId: r.referral.jurisdictionId,
        after: { access: 'facility', facilityId: r.referral.facilityId },
      });
    }
    return { items: rows.map((r) => presentFacilityReferral(r, now)) };
  });
}

/**
 * The receiving facility answers a referral addressed to it (FHIR Task states: received, accepted, rejected
 * with a note, in-progress when the client is seen, completed). The team is told (code and state only).
 * A referral of another facility is answered 404, like one that does not exist.
 */
export async function answerReferralAs(deps: PsychDeps, principal: Principal, id: string, input: FacilityAnswer, ip?: string) {
  const scope = facilityScopeFor(principal, 'counselling.referrals');
  const now = nowOf(deps);
  if (input.status === 'rejected' && !input.note) {
    throw validationFailed([{ path: 'note', message: 'say why the facility declines the referral' }]);
  }
  return deps.database.db.transaction(async (tx) => {
    const found = await store.findFacilityReferral(tx, scope, id);
    if (!found) throw notFound('referral');
    const from = found.referral.status;
    if (!facilityNext(from).includes(input.status)) {
      throw conflict('status_not_allowed', `A referral ${from} cannot become ${input.status}`, { from, allowed: facilityNext(from) });
    }
    const step: ReferralStep = {
      status: input.status,
      at: now.toISOString(),
      by: principal.displayName,
      reason: input.note,
      side: 'facility',
    };
    await store.updateReferral(tx, id, { status: input.status, statusReason: input.note, history: [...found.referral.history, step] });
    await store.touchClient(tx, found.referral.clientId, now);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'status',
      entityType: 'psych_referral',
      entityId: id,
      before: { status: from, jurisdictionId: found.referral.jurisdictionId },
      after: { status: input.status, jurisdictionId: found.referral.jurisdictionId, side: 'facility' },
    });
    await announce(tx, found.referral.jurisdictionId, id, 'referral');
    await notify(tx, {
      recipients: { right: 'counselling.read', jurisdictionId: found.referral.jurisdictionId },
      kind: 'psych.referral_answered',
      severity: input.status === 'rejected' ? 'warning' : 'info',
      title: `转介答复：${found.clientCode} — ${FACILITY_ANSWER_LABELS[input.status].zh}（${found.facilityName}）`,
      titleEn: `Referral answered: ${found.clientCode} — ${FACILITY_ANSWER_LABELS[input.status].en} (${found.facilityNameEn})`,
      body: '详情见心理转介页（仅限心理援助队）。',
      bodyEn: 'Details on the referrals page (psychological-assistance team only).',
      link: '/psych/referrals',
      entity: { type: 'psych_referral', id },
      actorId: principal.id,
    });
    return presentFacilityReferral((await store.findFacilityReferral(tx, scope, id))!, now);
  });
}

const FACILITY_ANSWER_LABELS: Record<(typeof FACILITY_ANSWERS)[number], { zh: string; en: string }> = {
  received: { zh: '已接收', en: 'received' },
  accepted: { zh: '已接受', en: 'accepted' },
  rejected: { zh: '已拒绝', en: 'declined' },
  'in-progress': { zh: '已接诊', en: 'seen' },
  completed: { zh: '已完成', en: 'completed' },
};

// ── self-screening links ─────────────────────────────────────────────────────────────────────────

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createLinkAs(deps: PsychDeps, principal: Principal, clientId: string, input: LinkCreate, ip?: string) {
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const client = await writableClient(tx, principal, clientId);
    const token = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + input.hours * 3_600_000);
    const row = await store.insertLink(tx, {
      tokenHash: hashToken(token),
      clientId,
      jurisdictionId: client.jurisdictionId,
      instrument: input.instrument,
      expiresAt,
      createdBy: principal.id,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'psych_link',
      entityId: row.id,
      after: {
        id: row.id,
        clientId,
        jurisdictionId: client.jurisdictionId,
        instrument: input.instrument,
        expiresAt: expiresAt.toISOString(),
      },
    });
    return { id: row.id, token, path: `/screen/${token}`, instrument: input.instrument, expiresAt: expiresAt.toISOString() };
  });
}

/** The questionnaire behind a one-time link (no name: whoever holds the link sees only the questions). */
export async function publicScreenFor(deps: PsychDeps, token: string) {
  const link = await store.usableLink(deps.database.db, hashToken(token), nowOf(deps));
  if (!link) throw notFound('screening link');
  const text = INSTRUMENT_TEXTS[link.instrument];
  return {
    instrument: link.instrument,
    name: text.name,
    nameEn: text.nameEn,
    stem: text.stem,
    stemEn: text.stemEn,
    options: text.options,
    items: text.items,
    expiresAt: link.expiresAt.toISOString(),
  };
}

/** The client's answers on a one-time link: scored like a counsellor's entry; the link is spent. */
export async function submitPublicScreen(deps: PsychDeps, token: string, answers: readonly unknown[], ip?: string) {
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const link = await store.usableLink(tx, hashToken(token), now, true);
    if (!link) throw notFound('screening link');
    const client = await store.findClientUnscoped(tx, link.clientId);
    if (!client || client.status === 'closed') throw notFound('screening link');
    const result = await recordScreening(
      tx,
      null,
      client,
      { instrument: link.instrument, answers, screenedAt: now, source: 'self', ip },
      now,
    );
    await store.markLinkUsed(tx, link.id, now, result.id);
    await audit(tx, {
      actor: null,
      ip,
      action: 'used',
      entityType: 'psych_link',
      entityId: link.id,
      after: { id: link.id, jurisdictionId: link.jurisdictionId, screeningId: result.id },
    });
    return { received: true, urgentHelp: result.flags.includes('self_harm') };
  });
}

// ── groups ───────────────────────────────────────────────────────────────────────────────────────

type ClientLabels = Map<string, { code: string; name: string }>;
const presentGroup = (r: { group: store.GroupRow; facilitatorName: string | null }, labels: ClientLabels) => ({
  id: r.group.id,
  title: r.group.title,
  audience: r.group.audience,
  heldAt: r.group.heldAt.toISOString(),
  attendance: r.group.attendance,
  attendeeClientIds: r.group.attendeeClientIds,
  // a purged client leaves the headcount, not a name
  attendees: r.group.attendeeClientIds.flatMap((id) => {
    const label = labels.get(id);
    return label ? [{ id, ...label }] : [];
  }),
  facilitatorName: r.facilitatorName,
  notes: r.group.notes,
});

export async function listGroupsFor(database: Database, principal: Principal) {
  const scope = scopeFor(principal, 'counselling.read');
  const rows = await store.listGroups(database.db, scope);
  const labels = await store.clientLabels(database.db, [...new Set(rows.flatMap((r) => r.group.attendeeClientIds))]);
  return { items: rows.map((r) => presentGroup(r, labels)) };
}

export async function createGroupAs(deps: PsychDeps, principal: Principal, input: GroupCreate, ip?: string) {
  const scope = writeScope(principal);
  const attendees = [...new Set(input.attendeeClientIds)];
  if (input.attendance < attendees.length)
    throw validationFailed([{ path: 'attendance', message: 'must count at least the listed clients' }]);
  return deps.database.db.transaction(async (tx) => {
    const known = await store.clientIdsInScope(tx, scope, attendees);
    const unknown = attendees.findIndex((id) => !known.has(id));
    if (unknown >= 0) throw validationFailed([{ path: `attendeeClientIds.${unknown}`, message: 'no such open client in your team' }]);
    const jurisdictionId = await recordJurisdiction(tx, principal);
    const row = await store.insertGroup(tx, {
      jurisdictionId,
      title: input.title,
      audience: input.audience,
      heldAt: new Date(input.heldAt),
      facilitatorId: principal.id,
      attendance: input.attendance,
      attendeeClientIds: attendees,
      notes: input.notes,
    });
    for (const id of attendees) await store.touchClient(tx, id, nowOf(deps));
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'psych_group',
      entityId: row.id,
      after: { id: row.id, jurisdictionId, audience: row.audience, attendance: row.attendance },
    });
    await announce(tx, jurisdictionId, row.id, 'group');
    return presentGroup({ group: row, facilitatorName: principal.displayName }, await store.clientLabels(tx, attendees));
  });
}

// ── break-glass ──────────────────────────────────────────────────────────────────────────────────

/**
 * Emergency access to one client for a few hours by someone outside the team: the reason is required, the
 * grant is audited, the team lead is told at once, and the grant waits in the review list until reviewed.
 * A client the requester could not name answers 404, and nothing is granted.
 */
export async function breakGlassAs(deps: PsychDeps, principal: Principal, input: BreakGlassCreate, ip?: string) {
  scopeFor(principal, 'counselling.break_glass');
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const client = await store.findClientByIdOrCode(tx, input.client);
    if (!client) throw notFound('client');
    const grant = await store.insertBreakGlass(tx, {
      userId: principal.id,
      clientId: client.id,
      jurisdictionId: client.jurisdictionId,
      reason: input.reason,
      grantedAt: now,
      expiresAt: new Date(now.getTime() + input.hours * 3_600_000),
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'break_glass',
      entityType: 'psych_break_glass',
      entityId: grant.id,
      after: {
        id: grant.id,
        clientId: client.id,
        jurisdictionId: client.jurisdictionId,
        reason: input.reason,
        expiresAt: grant.expiresAt.toISOString(),
      },
    });
    await notify(tx, {
      recipients: { right: 'counselling.lead', jurisdictionId: client.jurisdictionId },
      kind: 'psych.break_glass',
      severity: 'warning',
      title: `紧急访问：${principal.displayName} 访问心理援助记录 ${client.code}`,
      titleEn: `Break-glass: ${principal.displayName} opened counselling record ${client.code}`,
      body: '请在“紧急访问审查”中核查理由。',
      bodyEn: 'Check the reason under break-glass review.',
      link: '/psych/break-glass',
      entity: { type: 'psych_break_glass', id: grant.id },
      actorId: principal.id,
    });
    return { id: grant.id, clientId: client.id, expiresAt: grant.expiresAt.toISOString() };
  });
}

export async function listBreakGlassFor(deps: PsychDeps, principal: Principal, pendingOnly: boolean) {
  const scope = scopeFor(principal, 'counselling.lead');
  const now = nowOf(deps);
  const rows = await store.listBreakGlass(deps.database.db, scope, pendingOnly);
  return {
    items: rows.map((r) => ({
      id: r.grant.id,
      userId: r.grant.userId,
      userName: r.userName,
      clientId: r.grant.clientId,
      clientCode: r.clientCode,
      reason: r.grant.reason,
      grantedAt: r.grant.grantedAt.toISOString(),
      expiresAt: r.grant.expiresAt.toISOString(),
      active: r.grant.expiresAt > now,
      reads: r.grant.reads,
      reviewedAt: iso(r.grant.reviewedAt),
      reviewedBy: r.reviewedByName,
      reviewNote: r.grant.reviewNote,
    })),
  };
}

export async function reviewBreakGlassAs(deps: PsychDeps, principal: Principal, id: string, note: string, ip?: string) {
  const scope = scopeFor(principal, 'counselling.lead');
  const now = nowOf(deps);
  await deps.database.db.transaction(async (tx) => {
    const grant = await store.findBreakGlass(tx, scope, id);
    if (!grant) throw notFound('break-glass access');
    if (grant.reviewedAt) throw conflict('status_not_allowed', 'Already reviewed');
    if (grant.userId === principal.id) throw conflict('status_not_allowed', 'You cannot review your own break-glass access');
    await store.updateBreakGlass(tx, id, { reviewedAt: now, reviewedBy: principal.id, reviewNote: note });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'review',
      entityType: 'psych_break_glass',
      entityId: id,
      after: { id, jurisdictionId: grant.jurisdictionId, reviewedAt: now.toISOString() },
    });
  });
  return (await listBreakGlassFor(deps, principal, false)).items.find((g) => g.id === id)!;
}

// ── aggregates (everyone with dashboard.read) ────────────────────────────────────────────────────

const suppress = (n: number) => (n > 0 && n < SUPPRESSION_THRESHOLD ? null : n);

/**
 * What anyone outside the team sees: counts over the last `days` days, with counts of 1–4 suppressed (null).
 * No names, no records, no place below the team's.
 */
export async function aggregatesFor(deps: PsychDeps, principal: Principal, days: number) {
  scopeFor(principal, 'dashboard.read');
  const now = nowOf(deps);
  const from = districtToday(now, days - 1);
  const to = districtToday(now);
  const counts = await store.aggregateCounts(deps.database.db, districtInstant(from), now);
  const perDay = new Map(counts.calls.map((c) => [c.date, Number(c.n)]));
  const callsPerDay = Array.from({ length: days }, (_, i) => {
    const date = districtToday(now, days - 1 - i);
    return { date, calls: suppress(perDay.get(date) ?? 0) };
  });
  const screeningCount = new Map(counts.screenings.map((s) => [`${s.instrument}:${s.band}`, Number(s.n)]));
  const screeningsByBand = INSTRUMENTS.flatMap((instrument) =>
    bandsOf(instrument).map((band) => ({ instrument, band, count: suppress(screeningCount.get(`${instrument}:${band}`) ?? 0) })),
  );
  const referralCount = new Map(counts.referrals.map((r) => [r.status, Number(r.n)]));
  const referralsByState = REFERRAL_STATUSES.map((status) => ({ status, count: suppress(referralCount.get(status) ?? 0) }));
  return { from, to, suppressionThreshold: SUPPRESSION_THRESHOLD, callsPerDay, screeningsByBand, referralsByState };
}

// ── retention ────────────────────────────────────────────────────────────────────────────────────

/**
 * The retention job's work: deletes closed clients untouched for the retention period (with their
 * screenings, sessions, tasks, referrals and links), hotline calls of no client and group sessions older than
 * it, and writes one audit record of the purge (counts and the cut-off; ids of the purged clients only).
 */
export async function purgeExpired(database: Database, now: Date) {
  return database.db.transaction(async (tx) => {
    const days = await retentionDaysIn(tx);
    const before = new Date(now.getTime() - days * 86_400_000);
    const purged = await store.purgeBefore(tx, before);
    if (purged.clientIds.length + purged.calls + purged.groups === 0)
      return { ...purged, before: before.toISOString(), retentionDays: days };
    await audit(tx, {
      actor: null,
      action: 'purge',
      entityType: 'psych_purge',
      entityId: null,
      after: {
        retentionDays: days,
        before: before.toISOString(),
        clients: purged.clientIds.length,
        clientIds: purged.clientIds,
        calls: purged.calls,
        groups: purged.groups,
        on: districtDate(now),
      },
    });
    return { ...purged, before: before.toISOString(), retentionDays: days };
  });
}

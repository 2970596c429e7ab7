/**
 * Rules of contact tracing (docs/contacts.md). Authorisation is the first line of every function; every change
 * is audited in its own transaction (personal fields protected, audit-policies.ts) and announced on the live
 * topic 'contacts'.
 *
 * Rights: contacts.read / contacts.write over the contact's residence (a township officer: own township only).
 * Identity numbers are protected exactly as on case reports (the cases feature's identity protection): the
 * stored mask is shown to holders of cases.identity over the residence, full stars to everyone else, and the
 * number itself only through `revealContactIdentity` (cases.identity, audited as a read).
 */
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { hasRight, pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { conflict, notFound, validationFailed, type FieldIssue } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { runHook } from '../../platform/hooks/hooks.ts';
import { districtInstant, districtToday } from '../../platform/time/district-time.ts';
import './contacts.hooks.ts';
import {
  CLOCK_TOLERANCE_MS,
  fileCaseReportInTx,
  findCaseRow,
  type IdentityProtector,
  parseResidentId,
  restrictedMask,
} from '../cases/index.ts';
import type {
  ContactCaseReport,
  ContactCreate,
  ContactListQuery,
  ContactPatch,
  ContactStatusChange,
  FollowUpCreate,
} from './contacts.schema.ts';
import {
  contactsOf,
  countContacts,
  type DuplicateSideRow,
  findDuplicatePairs,
  moveContactsOfContact,
  countFollowUpsOn,
  type ContactRow,
  type ContactSummaryRow,
  endedWindows,
  findContactRow,
  findContactSummary,
  findDiseaseIncubation,
  findSourceCase,
  firstUnwellDate,
  type FollowUpRow,
  insertContact,
  insertFollowUp,
  jurisdictionInScope,
  jurisdictionPathOf,
  listContactPage,
  listFollowUps,
  mergedInto,
  workListPage,
  type WorkListKey,
  updateContact,
} from './contacts.store.ts';
import type { ContactStatus } from './contacts.tables.ts';
import { riskByRules } from './risk-rules.ts';
import { findTeam, teamOfResidence } from './teams.ts';
import { conversionOf, followUpStart, followUpUntil, missedDays, restartsOnExposure, TRANSITIONS } from './follow-up-clock.ts';

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
const iso = (d: Date) => d.toISOString();

export interface ContactDeps {
  database: Database;
  protector: IdentityProtector;
  now?: () => Date;
}
const nowOf = (deps: { now?: () => Date }) => deps.now?.() ?? new Date();

// ── presentation ────────────────────────────────────────────────────────────────────────────────

interface Reader {
  identity: Scope | null;
}
function readerOf(principal: Principal): Reader {
  return { identity: hasRight(principal, 'cases.identity') ? scopeFor(principal, 'cases.identity') : null };
}

function presentContact(r: ContactSummaryRow, reader: Reader) {
  const c = r.contact;
  const identityShown = reader.identity !== null && pathInScope(reader.identity, r.jurisdictionPath);
  return {
    id: c.id,
    code: c.code,
    disease: { id: c.diseaseId, code: r.diseaseCode, name: r.diseaseName, nameEn: r.diseaseNameEn, maxIncubationDays: r.maxIncubationDays },
    sourceCase: c.sourceCaseId ? { id: c.sourceCaseId, code: r.sourceCaseCode ?? '' } : null,
    sourceContact: c.sourceContactId
      ? { id: c.sourceContactId, code: r.sourceContactCode ?? '', personName: r.sourceContactName ?? '' }
      : null,
    indexCase: { id: c.indexCaseId, code: r.indexCaseCode },
    degree: c.degree,
    jurisdiction: { id: c.jurisdictionId, name: r.jurisdictionName, nameEn: r.jurisdictionNameEn },
    personName: c.personName,
    sex: c.sex,
    idType: c.idType,
    idNumberMasked: identityShown ? c.idNumberMasked : restrictedMask(c.idNumberMasked),
    phone: c.phone,
    address: c.address,
    relation: c.relation,
    setting: c.setting,
    contactType: c.contactType,
    riskCategory: c.riskCategory,
    lastExposureAt: iso(c.lastExposureAt),
    followUpUntil: String(c.followUpUntil).slice(0, 10),
    followUpPerDay: c.followUpPerDay,
    status: c.status,
    statusReason: c.statusReason,
    statusChangedAt: iso(c.statusChangedAt),
    caseReport: c.caseReportId ? { id: c.caseReportId, code: r.caseReportCode ?? '' } : null,
    notes: c.notes,
    team: c.teamId ? { id: c.teamId, name: r.teamName ?? '', byHand: c.teamByHand } : null,
    otherDistrict: c.otherDistrict,
    otherDistrictNotifiedAt: c.otherDistrictNotifiedAt ? iso(c.otherDistrictNotifiedAt) : null,
    mergedInto: c.mergedIntoId ? { id: c.mergedIntoId, code: r.mergedIntoCode ?? '' } : null,
    createdAt: iso(c.createdAt),
    updatedAt: iso(c.updatedAt),
  };
}
export type ContactView = ReturnType<typeof presentContact>;

function presentFollowUp(f: FollowUpRow) {
  return {
    id: f.id,
    contactId: f.contactId,
    date: String(f.date).slice(0, 10),
    round: f.round,
    status: f.status,
    temperature: f.temperature === null ? null : Number(f.temperature),
    symptoms: f.symptoms,
    notes: f.notes,
    recordedBy: f.recordedBy,
    createdAt: iso(f.createdAt),
  };
}

/** What audit records and live events keep of a contact: never the plain or encrypted number. */
function auditable(row: ContactRow) {
  const { idNumberEncrypted: _enc, idNumberHash: _hash, ...rest } = row;
  return rest;
}

async function announce(tx: Tx, row: Pick<ContactRow, 'id' | 'jurisdictionId'>, action: string) {
  const jurisdictionPath = (await jurisdictionPathOf(tx, row.jurisdictionId)) ?? undefined;
  await publishLive(tx, { topic: 'contacts', id: row.id, action, right: 'contacts.read', jurisdictionPath });
}

// ── reads ───────────────────────────────────────────────────────────────────────────────────────

export async function listContactsFor(database: Database, principal: Principal, query: ContactListQuery) {
  const scope = scopeFor(principal, 'contacts.read');
  const reader = readerOf(principal);
  const [rows, total] = await Promise.all([listContactPage(database.db, scope, query), countContacts(database.db, scope, query)]);
  return { items: rows.map((r) => presentContact(r, reader)), total, page: query.page, pageSize: query.pageSize };
}

export async function getContactFor(database: Database, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'contacts.read');
  const row = await findContactSummary(database.db, scope, id);
  if (!row) throw notFound('contact');
  const [followUps, children, merged] = await Promise.all([
    listFollowUps(database.db, id),
    contactsOf(database.db, scope, id),
    mergedInto(database.db, id),
  ]);
  return {
    ...presentContact(row, readerOf(principal)),
    followUps: followUps.map(presentFollowUp),
    contactsOfContact: children,
    mergedFrom: merged.map(({ id, code }) => ({ id, code })),
  };
}

/** A case's contacts and contacts of contacts (the chain under it) within the caller's scope. */
export async function listCaseContactsFor(
  database: Database,
  principal: Principal,
  caseId: string,
  page: { page: number; pageSize: number },
) {
  scopeFor(principal, 'contacts.read');
  if (!(await findSourceCase(database.db, caseId))) throw notFound('case');
  return listContactsFor(database, principal, { ...page, indexCaseId: caseId });
}

/** A work-list cursor: the key of the page's last contact, opaque to the client (base64url JSON). */
function encodeCursor(key: WorkListKey): string {
  return Buffer.from(JSON.stringify([key.dueFrom, key.riskRank, key.code])).toString('base64url');
}
function decodeCursor(cursor: string): WorkListKey {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 3 &&
      typeof value[0] === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(value[0]) &&
      Number.isInteger(value[1]) &&
      typeof value[2] === 'string' &&
      value[2].length <= 40 &&
      !value[2].includes('\u0000')
    )
      return { dueFrom: value[0], riskRank: value[1] as number, code: value[2] };
  } catch {
    // fall through: a cursor that is not ours
  }
  throw validationFailed([{ path: 'cursor', message: 'not a cursor of this list: start again from the first page' }]);
}
const RISK_RANK = { high: 0, medium: 1, low: 2 } as const;

/**
 * The daily work list: contacts under follow-up whose window contains `date`, the first day not yet followed up
 * first ("overdue first": the most days without a record first, those done for the day last), then the highest
 * risk, then the code — a page at a time (keyset paging on contacts_work_list_idx, 0066), with the whole list's
 * counts on the first page. The order is that of the records as they are now (for a past `date` as well).
 */
export async function workListFor(
  deps: ContactDeps,
  principal: Principal,
  query: { jurisdictionId?: string; teamId?: string; date?: string; cursor?: string; limit?: number },
) {
  const scope = scopeFor(principal, 'contacts.read');
  const today = query.date ?? districtToday(nowOf(deps));
  const limit = query.limit ?? 50;
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await workListPage(deps.database.db, scope, {
    date: today,
    jurisdictionId: query.jurisdictionId,
    teamId: query.teamId,
    after,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const counts = after ? null : (rows[0]?.counts ?? { total: 0, due: 0, overdue: 0 });
  const reader = readerOf(principal);
  const items = page.map((r) => {
    const t = r.tally;
    const start = followUpStart(r.contact.lastExposureAt, r.contact.createdAt);
    return {
      ...presentContact(r, reader),
      recordedToday: t.today,
      dueToday: Math.max(0, r.contact.followUpPerDay - t.today),
      missedDays: missedDays(start, String(r.contact.followUpUntil).slice(0, 10), t.lastBefore, today),
      lastFollowUp: t.lastDate && t.lastStatus ? { date: t.lastDate, status: t.lastStatus } : null,
    };
  });
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? encodeCursor({
          dueFrom: String(last.contact.dueFrom).slice(0, 10),
          riskRank: RISK_RANK[last.contact.riskCategory],
          code: last.contact.code,
        })
      : null;
  return { date: today, items, nextCursor, counts };
}

/** The full identity number of a contact, for holders of cases.identity; each view is audited as a read. */
export async function revealContactIdentity(deps: ContactDeps, principal: Principal, id: string, ip: string | null) {
  const readScope = scopeFor(principal, 'contacts.read');
  const identityScope = scopeFor(principal, 'cases.identity');
  return deps.database.db.transaction(async (tx) => {
    const row = await findContactSummary(tx, readScope, id);
    if (!row || !pathInScope(identityScope, row.jurisdictionPath)) throw notFound('contact');
    const c = row.contact;
    const idNumber = c.idNumberEncrypted ? deps.protector.reveal(c.idNumberEncrypted) : null;
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'read',
      entityType: 'contact_identity',
      entityId: id,
      after: { code: c.code, jurisdictionId: c.jurisdictionId, idType: c.idType, idNumberMasked: c.idNumberMasked },
    });
    return { idType: c.idType, idNumber };
  });
}

// ── writes ──────────────────────────────────────────────────────────────────────────────────────

function exposureInstant(value: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? districtInstant(value) : new Date(value);
}

/** Identity number rules of the case form: a resident ID must be a valid GB 11643 number. */
function identityIssues(idType: string, idNumber: string | null | undefined): FieldIssue[] {
  const n = idType === 'none' ? '' : (idNumber ?? '').replace(/\s+/g, '');
  if (idType !== 'none' && n === '') return [{ path: 'idNumber', message: 'give the number, or choose "no document"' }];
  if (idType === 'resident_id' && !parseResidentId(n).ok)
    return [{ path: 'idNumber', message: 'is not a valid resident identity number (GB 11643)' }];
  return [];
}

function exposureIssues(at: Date, now: Date): FieldIssue[] {
  return at.getTime() > now.getTime() + CLOCK_TOLERANCE_MS ? [{ path: 'lastExposureAt', message: 'must not be in the future' }] : [];
}

export async function createContactAs(deps: ContactDeps, principal: Principal, input: ContactCreate, ip: string | null) {
  const scope = scopeFor(principal, 'contacts.write');
  const now = nowOf(deps);
  const created = await deps.database.db.transaction(async (tx) => {
    const issues: FieldIssue[] = [];
    if ((input.sourceCaseId === undefined) === (input.sourceContactId === undefined)) {
      issues.push({ path: 'sourceCaseId', message: 'give exactly one source: sourceCaseId (a case) or sourceContactId (a contact)' });
    }
    const lastExposureAt = exposureInstant(input.lastExposureAt);
    issues.push(...exposureIssues(lastExposureAt, now), ...identityIssues(input.idType, input.idNumber));
    if (!(await jurisdictionInScope(tx, scope, input.jurisdictionId)))
      issues.push({ path: 'jurisdictionId', message: 'unknown, or outside your jurisdiction' });
    let source: { diseaseId: string; indexCaseId: string; degree: number } | null = null;
    if (input.sourceCaseId) {
      const c = await findSourceCase(tx, input.sourceCaseId);
      if (!c) issues.push({ path: 'sourceCaseId', message: 'no such case report' });
      else if (c.status === 'merged' || c.classification === 'excluded')
        issues.push({ path: 'sourceCaseId', message: 'the case report was merged or excluded' });
      else source = { diseaseId: c.diseaseId, indexCaseId: c.id, degree: 1 };
    } else if (input.sourceContactId) {
      const c = await findContactRow(tx, scopeFor(principal, 'contacts.read'), input.sourceContactId);
      if (!c) issues.push({ path: 'sourceContactId', message: 'no such contact in your jurisdiction' });
      else source = { diseaseId: c.diseaseId, indexCaseId: c.indexCaseId, degree: c.degree + 1 };
    }
    if (input.teamId && !(await findTeam(tx, scope, input.teamId)))
      issues.push({ path: 'teamId', message: 'no such tracing team in your jurisdiction' });
    if (issues.length > 0 || !source) throw validationFailed(issues);
    const days = (await findDiseaseIncubation(tx, source.diseaseId)) ?? 14;
    const riskCategory =
      input.riskCategory ??
      (await riskByRules(tx, source.diseaseId, {
        setting: input.setting,
        relation: input.relation,
        contactType: input.contactType,
        degree: source.degree,
      }));
    const teamId = input.teamId ?? (await teamOfResidence(tx, input.jurisdictionId));
    const identity = deps.protector.protect(input.idType, input.idNumber);
    const row = await insertContact(tx, {
      diseaseId: source.diseaseId,
      sourceCaseId: input.sourceCaseId ?? null,
      sourceContactId: input.sourceContactId ?? null,
      indexCaseId: source.indexCaseId,
      degree: source.degree,
      jurisdictionId: input.jurisdictionId,
      personName: input.personName,
      sex: input.sex,
      idType: input.idType,
      idNumberEncrypted: identity.encrypted,
      idNumberMasked: identity.masked,
      idNumberHash: identity.hash,
      phone: input.phone,
      address: input.address,
      relation: input.relation,
      setting: input.setting,
      contactType: input.contactType,
      riskCategory,
      teamId,
      teamByHand: input.teamId !== undefined,
      otherDistrict: input.otherDistrict,
      lastExposureAt,
      followUpUntil: followUpUntil(lastExposureAt, days),
      followUpPerDay: input.followUpPerDay,
      notes: input.notes,
      createdBy: principal.id,
    });
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'contact', entityId: row.id, after: auditable(row) });
    await announce(tx, row, 'created');
    return row;
  });
  return getContactFor(deps.database, principal, created.id);
}

/**
 * Changes a contact. A changed last exposure recomputes the window from the disease's incubation period; a
 * later one is a new exposure and restarts follow-up of a contact that had completed or was lost.
 */
export async function updateContactAs(deps: ContactDeps, principal: Principal, id: string, patch: ContactPatch, ip: string | null) {
  const scope = scopeFor(principal, 'contacts.write');
  const now = nowOf(deps);
  await deps.database.db.transaction(async (tx) => {
    const before = await findContactRow(tx, scope, id, true);
    if (!before) throw notFound('contact');
    const issues: FieldIssue[] = [];
    const values: Partial<ContactRow> = {};
    const { lastExposureAt: exposure, idType, idNumber, ...plain } = patch;
    Object.assign(values, plain);
    if (patch.jurisdictionId !== undefined && !(await jurisdictionInScope(tx, scope, patch.jurisdictionId))) {
      issues.push({ path: 'jurisdictionId', message: 'unknown, or outside your jurisdiction' });
    } else if (patch.jurisdictionId !== undefined && patch.jurisdictionId !== before.jurisdictionId && !before.teamByHand) {
      values.teamId = await teamOfResidence(tx, patch.jurisdictionId);
    }
    if (patch.otherDistrict !== undefined && patch.otherDistrict !== before.otherDistrict) values.otherDistrictNotifiedAt = null;
    if (idType !== undefined || idNumber !== undefined) {
      const type = idType ?? before.idType;
      const number = idNumber !== undefined ? idNumber : before.idNumberEncrypted ? deps.protector.reveal(before.idNumberEncrypted) : null;
      issues.push(...identityIssues(type, number));
      const identity = deps.protector.protect(type, number);
      Object.assign(values, {
        idType: type,
        idNumberEncrypted: identity.encrypted,
        idNumberMasked: identity.masked,
        idNumberHash: identity.hash,
      });
    }
    if (exposure !== undefined) {
      const at = exposureInstant(exposure);
      issues.push(...exposureIssues(at, now));
      const days = (await findDiseaseIncubation(tx, before.diseaseId)) ?? 14;
      values.lastExposureAt = at;
      values.followUpUntil = followUpUntil(at, days);
      const later = at.getTime() > before.lastExposureAt.getTime();
      if (later && !restartsOnExposure(before.status)) {
        issues.push({
          path: 'lastExposureAt',
          message: `a ${before.status} contact is no longer followed; a new exposure of this person is a new contact`,
        });
      }
      if (later && before.status !== 'under_follow_up')
        Object.assign(values, { status: 'under_follow_up', statusReason: 'new exposure', statusChangedAt: now });
    }
    if (issues.length > 0) throw validationFailed(issues);
    const after = await updateContact(tx, scope, id, values);
    if (!after) throw notFound('contact');
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'contact',
      entityId: id,
      before: auditable(before),
      after: auditable(after),
    });
    await announce(tx, after, 'updated');
  });
  return getContactFor(deps.database, principal, id);
}

async function setStatus(
  tx: Tx,
  principal: Principal | null,
  scope: Scope,
  before: ContactRow,
  change: { status: ContactStatus; reason: string; caseReportId?: string | null },
  ip: string | null,
  now: Date,
) {
  const after = await updateContact(tx, scope, before.id, {
    status: change.status,
    statusReason: change.reason,
    statusChangedAt: now,
    ...(change.caseReportId !== undefined ? { caseReportId: change.caseReportId } : {}),
  });
  if (!after) throw notFound('contact');
  await audit(tx, {
    actor: principal ? actorOf(principal) : null,
    ip,
    action: 'update',
    entityType: 'contact',
    entityId: before.id,
    before: auditable(before),
    after: auditable(after),
  });
  await announce(tx, after, 'status');
  if ((change.status === 'converted_suspected' || change.status === 'converted_confirmed') && before.status !== 'converted_suspected') {
    // the person is a case now: their stay in quarantine ends (features/quarantine, in this transaction)
    await runHook(tx, 'contacts.converted', {
      contactId: before.id,
      contactCode: before.code,
      status: change.status,
      caseReportId: after.caseReportId,
      actor: principal ? actorOf(principal) : null,
      ip,
      now,
    });
  }
  return after;
}

function transitionAllowed(from: ContactStatus, to: ContactStatus) {
  if (!TRANSITIONS[from].includes(to)) {
    throw conflict('status_not_allowed', `A contact ${from} cannot become ${to}`, { status: from, allowed: TRANSITIONS[from] });
  }
}

/** A state change by a person: cancel (reason), lost, found again, completed (window ended), conversion (a case). */
export async function changeContactStatusAs(
  deps: ContactDeps,
  principal: Principal,
  id: string,
  body: ContactStatusChange,
  ip: string | null,
) {
  const scope = scopeFor(principal, 'contacts.write');
  const now = nowOf(deps);
  await deps.database.db.transaction(async (tx) => {
    const before = await findContactRow(tx, scope, id, true);
    if (!before) throw notFound('contact');
    transitionAllowed(before.status, body.status);
    const reason = body.reason.trim();
    if (body.status === 'cancelled' && reason === '')
      throw validationFailed([{ path: 'reason', message: 'say why follow-up is cancelled' }]);
    if (body.status === 'completed' && String(before.followUpUntil) >= districtToday(now)) {
      throw validationFailed([
        { path: 'status', message: `follow-up runs until ${String(before.followUpUntil).slice(0, 10)}; it completes after that day` },
      ]);
    }
    let caseReportId: string | undefined;
    if (body.status === 'converted_suspected' || body.status === 'converted_confirmed') {
      const linked = body.caseReportId ?? before.caseReportId;
      if (!linked)
        throw validationFailed([
          { path: 'caseReportId', message: 'name the case report this contact became (or file one from the contact)' },
        ]);
      const report = await findCaseRow(tx, { right: 'cases.read', paths: scope.paths }, linked);
      if (!report) throw validationFailed([{ path: 'caseReportId', message: 'no such case report in your jurisdiction' }]);
      if (report.diseaseId !== before.diseaseId)
        throw validationFailed([{ path: 'caseReportId', message: 'the case report is of another disease' }]);
      caseReportId = linked;
    } else if (body.caseReportId) {
      throw validationFailed([{ path: 'caseReportId', message: 'only for a conversion' }]);
    }
    await setStatus(tx, principal, scope, before, { status: body.status, reason, caseReportId }, ip, now);
  });
  return getContactFor(deps.database, principal, id);
}

/** One follow-up record: a day of the window, not in the future, at most followUpPerDay a day. */
export async function recordFollowUpAs(deps: ContactDeps, principal: Principal, id: string, body: FollowUpCreate, ip: string | null) {
  const scope = scopeFor(principal, 'contacts.write');
  const now = nowOf(deps);
  return deps.database.db.transaction(async (tx) => {
    const contact = await findContactRow(tx, scope, id, true);
    if (!contact) throw notFound('contact');
    if (contact.status !== 'under_follow_up') {
      throw conflict('status_not_allowed', `A contact ${contact.status} is not followed up`, {
        status: contact.status,
        allowed: ['under_follow_up'],
      });
    }
    const until = String(contact.followUpUntil).slice(0, 10);
    const exposureDay = districtToday(contact.lastExposureAt);
    if (body.date > districtToday(now)) throw validationFailed([{ path: 'date', message: 'must not be in the future' }]);
    if (body.date < exposureDay || body.date > until)
      throw validationFailed([{ path: 'date', message: `must lie in the follow-up window ${exposureDay} – ${until}` }]);
    const done = await countFollowUpsOn(tx, id, body.date);
    if (done >= contact.followUpPerDay) {
      throw conflict('already_exists', `This contact already has ${done} follow-up(s) on ${body.date} (${contact.followUpPerDay} a day)`, {
        date: body.date,
        perDay: contact.followUpPerDay,
      });
    }
    const row = await insertFollowUp(tx, {
      contactId: id,
      jurisdictionId: contact.jurisdictionId,
      date: body.date,
      round: done + 1,
      status: body.status,
      temperature: body.temperature === null ? null : body.temperature.toFixed(1),
      symptoms: body.symptoms,
      notes: body.notes,
      recordedBy: principal.id,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'contact_follow_up',
      entityId: row.id,
      after: { ...row, jurisdictionId: contact.jurisdictionId, contactCode: contact.code },
    });
    await announce(tx, contact, 'follow-up');
    return presentFollowUp(row);
  });
}

/**
 * Files the case report of a symptomatic contact, pre-filled from the contact (person, residence, identity,
 * disease; onset = the first day seen unwell), linked to it, and converts the contact. The report is filed
 * through the cases feature's rules under the caller's contacts.write scope (a township officer reports the
 * contacts of their township).
 */
export async function reportContactAsCaseAs(
  deps: ContactDeps,
  principal: Principal,
  id: string,
  body: ContactCaseReport,
  ip: string | null,
) {
  const scope = scopeFor(principal, 'contacts.write');
  const now = nowOf(deps);
  const report = await deps.database.db.transaction(async (tx) => {
    const before = await findContactRow(tx, scope, id, true);
    if (!before) throw notFound('contact');
    const to = conversionOf(body.classification);
    transitionAllowed(before.status, to);
    if (before.caseReportId && before.status !== 'converted_suspected') {
      throw conflict('already_exists', 'This contact already became a case report', { caseReportId: before.caseReportId });
    }
    const onsetDate = body.onsetDate !== undefined ? body.onsetDate : await firstUnwellDate(tx, id);
    const diagnosisAt = body.diagnosisAt ?? now.toISOString();
    const row = await fileCaseReportInTx(
      tx,
      { protector: deps.protector, now: () => now },
      principal,
      scope,
      {
        diseaseId: before.diseaseId,
        jurisdictionId: before.jurisdictionId,
        personName: before.personName,
        sex: before.sex === 'unknown' && before.idType === 'resident_id' ? undefined : before.sex,
        idType: before.idType,
        // opened only to carry it to the report (not shown, not a read by a person)
        idNumber: before.idNumberEncrypted ? deps.protector.reveal(before.idNumberEncrypted) : null,
        phone: before.phone,
        address: before.address,
        classification: body.classification,
        onsetDate: onsetDate && onsetDate <= districtToday(now) ? onsetDate : null,
        diagnosisAt,
        reportedAt: now.toISOString(),
        facilityId: body.facilityId ?? null,
        reportingDoctor: body.reportingDoctor,
      },
      ip,
    );
    await setStatus(tx, principal, scope, before, { status: to, reason: `case report ${row.code}`, caseReportId: row.id }, ip, now);
    return row;
  });
  return {
    contact: await getContactFor(deps.database, principal, id),
    caseReport: { id: report.id, code: report.code, classification: report.classification },
  };
}

// ── the daily job ───────────────────────────────────────────────────────────────────────────────

/**
 * Completes every contact under follow-up whose window ended before `now`'s district day with no conversion
 * (a converted contact is no longer under follow-up). Audited with the system as actor. Returns their ids.
 */
export async function completeEndedFollowUps(database: Database, now: Date): Promise<string[]> {
  const today = districtToday(now);
  return database.db.transaction(async (tx) => {
    const rows = await endedWindows(tx, today);
    const everywhere: Scope = { right: 'contacts.write', paths: ['/'] };
    for (const before of rows) {
      await setStatus(
        tx,
        null,
        everywhere,
        before,
        { status: 'completed', reason: `follow-up window ended ${String(before.followUpUntil).slice(0, 10)}` },
        null,
        now,
      );
    }
    return rows.map((r) => r.id);
  });
}

// ── teams, other districts, duplicates (second increment) ───────────────────────────────────────

/** Assigns a contact to a team by hand, or (teamId null) back to the team of its township. Audited. */
export async function setContactTeamAs(deps: ContactDeps, principal: Principal, id: string, teamId: string | null, ip: string | null) {
  const scope = scopeFor(principal, 'contacts.write');
  await deps.database.db.transaction(async (tx) => {
    const before = await findContactRow(tx, scope, id, true);
    if (!before) throw notFound('contact');
    if (teamId && !(await findTeam(tx, scopeFor(principal, 'contacts.read'), teamId)))
      throw validationFailed([{ path: 'teamId', message: 'no such tracing team in your jurisdiction' }]);
    const after = await updateContact(tx, scope, id, {
      teamId: teamId ?? (await teamOfResidence(tx, before.jurisdictionId)),
      teamByHand: teamId !== null,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'contact',
      entityId: id,
      before: auditable(before),
      after: auditable(after!),
    });
    await announce(tx, after!, 'updated');
  });
  return getContactFor(deps.database, principal, id);
}

/** Records that the other district of residence was notified (the flag leaves the "to notify" list). Audited. */
export async function markOtherDistrictNotifiedAs(deps: ContactDeps, principal: Principal, id: string, note: string, ip: string | null) {
  const scope = scopeFor(principal, 'contacts.write');
  const now = nowOf(deps);
  await deps.database.db.transaction(async (tx) => {
    const before = await findContactRow(tx, scope, id, true);
    if (!before) throw notFound('contact');
    if (before.otherDistrict === '')
      throw validationFailed([
        { path: 'otherDistrict', message: 'this contact lives in this district: there is no other district to notify' },
      ]);
    if (before.otherDistrictNotifiedAt) throw conflict('already_exists', 'The other district was already notified');
    const after = await updateContact(tx, scope, id, { otherDistrictNotifiedAt: now });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'notify_other_district',
      entityType: 'contact',
      entityId: id,
      before: auditable(before),
      after: { ...auditable(after!), notificationNote: note },
    });
    await announce(tx, after!, 'updated');
  });
  return getContactFor(deps.database, principal, id);
}

/**
 * Pairs of contacts in the caller's scope that look like one person of one disease: the same identity number,
 * or the same name and phone. Merged and cancelled records are left out. At most 200 pairs.
 */
export async function listDuplicatesFor(deps: ContactDeps, principal: Principal) {
  const scope = scopeFor(principal, 'contacts.write');
  const rows = await findDuplicatePairs(deps.database.db, scope);
  const reader = readerOf(principal);
  const side = (r: DuplicateSideRow) => ({
    id: r.id,
    code: r.code,
    personName: r.personName,
    phone: r.phone,
    idNumberMasked:
      reader.identity !== null && pathInScope(reader.identity, r.jurisdictionPath) ? r.idNumberMasked : restrictedMask(r.idNumberMasked),
    status: r.status,
    indexCaseCode: r.indexCaseCode,
    lastExposureAt: iso(r.lastExposureAt),
    createdAt: iso(r.createdAt),
  });
  return { items: rows.map((p) => ({ match: p.match, a: side(p.a), b: side(p.b) })) };
}

const RISK_ORDER = { high: 0, medium: 1, low: 2 } as const;

/**
 * Merges `duplicateId` into `id` (SORMAS-style): the survivor keeps its record and takes the duplicate's later
 * exposure (the clock restarts as on an edit), its missing phone, address or document, the higher risk and
 * follow-up frequency; the duplicate's contacts of contacts move to the survivor; the duplicate is cancelled
 * ("merged into …") and keeps its follow-ups, which the survivor's page lists. Both changes are audited.
 */
export async function mergeContactsAs(deps: ContactDeps, principal: Principal, id: string, duplicateId: string, ip: string | null) {
  const scope = scopeFor(principal, 'contacts.write');
  const now = nowOf(deps);
  if (id === duplicateId) throw validationFailed([{ path: 'duplicateId', message: 'a contact cannot be merged into itself' }]);
  await deps.database.db.transaction(async (tx) => {
    const survivor = await findContactRow(tx, scope, id, true);
    if (!survivor) throw notFound('contact');
    const dup = await findContactRow(tx, scope, duplicateId, true);
    if (!dup) throw validationFailed([{ path: 'duplicateId', message: 'no such contact in your jurisdiction' }]);
    if (survivor.mergedIntoId || dup.mergedIntoId) throw conflict('status_not_allowed', 'One of the contacts was already merged');
    if (dup.diseaseId !== survivor.diseaseId)
      throw validationFailed([{ path: 'duplicateId', message: 'the contacts are of different diseases' }]);
    if (dup.caseReportId && !survivor.caseReportId)
      throw conflict('status_not_allowed', 'The duplicate became a case report: merge the other way round', {
        status: dup.status,
        allowed: [],
      });
    if (dup.sourceContactId === survivor.id || survivor.sourceContactId === dup.id)
      throw validationFailed([{ path: 'duplicateId', message: 'one is a contact of the other: not the same person' }]);
    const values: Partial<ContactRow> = {};
    if (dup.lastExposureAt.getTime() > survivor.lastExposureAt.getTime()) {
      if (restartsOnExposure(survivor.status)) {
        const days = (await findDiseaseIncubation(tx, survivor.diseaseId)) ?? 14;
        values.lastExposureAt = dup.lastExposureAt;
        values.followUpUntil = followUpUntil(dup.lastExposureAt, days);
        if (survivor.status !== 'under_follow_up')
          Object.assign(values, { status: 'under_follow_up', statusReason: 'new exposure (merged duplicate)', statusChangedAt: now });
      }
    }
    if (!survivor.phone && dup.phone) values.phone = dup.phone;
    if (!survivor.address && dup.address) values.address = dup.address;
    if (!survivor.otherDistrict && dup.otherDistrict) values.otherDistrict = dup.otherDistrict;
    if (survivor.idType === 'none' && dup.idType !== 'none') {
      Object.assign(values, {
        idType: dup.idType,
        idNumberEncrypted: dup.idNumberEncrypted,
        idNumberMasked: dup.idNumberMasked,
        idNumberHash: dup.idNumberHash,
      });
    }
    if (RISK_ORDER[dup.riskCategory] < RISK_ORDER[survivor.riskCategory]) values.riskCategory = dup.riskCategory;
    if (dup.followUpPerDay > survivor.followUpPerDay) values.followUpPerDay = dup.followUpPerDay;
    const after = await updateContact(tx, scope, id, values);
    const dupAfter = await updateContact(tx, scope, duplicateId, {
      mergedIntoId: id,
      ...(['completed', 'cancelled', 'converted_confirmed', 'converted_suspected'].includes(dup.status)
        ? {}
        : { status: 'cancelled' as const, statusReason: `merged into ${survivor.code}`, statusChangedAt: now }),
    });
    const moved = await moveContactsOfContact(tx, duplicateId, survivor);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'merge',
      entityType: 'contact',
      entityId: id,
      before: auditable(survivor),
      after: { ...auditable(after!), mergedFrom: { id: dup.id, code: dup.code }, movedContactsOfContact: moved },
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'contact',
      entityId: duplicateId,
      before: auditable(dup),
      after: auditable(dupAfter!),
    });
    await announce(tx, after!, 'merged');
    await announce(tx, dupAfter!, 'merged');
  });
  return getContactFor(deps.database, principal, id);
}

// ── contacts of one case registered together (a travel cohort confirmed in bulk) ───────────────────

/** One person of a bulk registration: the fields of ContactCreate without the source (one case for all). */
export type CaseContactInput = Omit<
  ContactCreate,
  'sourceCaseId' | 'sourceContactId' | 'lastExposureAt' | 'idNumber' | 'otherDistrict' | 'teamId'
> & {
  /** the district of residence when it is not this one (flagged for notification); '' or absent: this district */
  otherDistrict?: string;
  lastExposureAt: Date;
  /** an identity number already protected (a manifest's encrypted number), or none */
  identity: { encrypted: string | null; masked: string; hash: string | null } | null;
};

/**
 * Registers contacts of one source case inside the caller's transaction, under the same rules as
 * `createContactAs` (contacts.write over each residence, the case neither merged nor excluded, exposure not in
 * the future, the window from the disease's incubation period), each audited and announced. Refuses the whole
 * batch (400, paths `contacts[i].…`) when one person breaks a rule. Returns the rows in input order.
 */
export async function registerCaseContactsInTx(
  tx: Tx,
  deps: Pick<ContactDeps, 'now'>,
  principal: Principal,
  sourceCaseId: string,
  inputs: readonly CaseContactInput[],
  ip: string | null,
): Promise<ContactRow[]> {
  const scope = scopeFor(principal, 'contacts.write');
  const now = nowOf(deps);
  const source = await findSourceCase(tx, sourceCaseId);
  if (!source) throw validationFailed([{ path: 'sourceCaseId', message: 'no such case report' }]);
  if (source.status === 'merged' || source.classification === 'excluded')
    throw validationFailed([{ path: 'sourceCaseId', message: 'the case report was merged or excluded' }]);
  const issues: FieldIssue[] = [];
  const places = new Map<string, boolean>();
  for (const [i, input] of inputs.entries()) {
    if (!places.has(input.jurisdictionId))
      places.set(input.jurisdictionId, Boolean(await jurisdictionInScope(tx, scope, input.jurisdictionId)));
    if (!places.get(input.jurisdictionId))
      issues.push({ path: `contacts.${i}.jurisdictionId`, message: 'unknown, or outside your jurisdiction' });
    for (const issue of exposureIssues(input.lastExposureAt, now)) issues.push({ ...issue, path: `contacts.${i}.${issue.path}` });
  }
  if (issues.length > 0) throw validationFailed(issues);
  const days = (await findDiseaseIncubation(tx, source.diseaseId)) ?? 14;
  const rows: ContactRow[] = [];
  for (const input of inputs) {
    const row = await insertContact(tx, {
      diseaseId: source.diseaseId,
      sourceCaseId,
      sourceContactId: null,
      indexCaseId: source.id,
      degree: 1,
      jurisdictionId: input.jurisdictionId,
      personName: input.personName,
      sex: input.sex,
      idType: input.identity ? input.idType : 'none',
      idNumberEncrypted: input.identity?.encrypted ?? null,
      idNumberMasked: input.identity?.masked ?? '',
      idNumberHash: input.identity?.hash ?? null,
      phone: input.phone,
      address: input.address,
      relation: input.relation,
      setting: input.setting,
      contactType: input.contactType,
      // the investigator's confirmed category, else the disease's risk rules, as for one contact (createContactAs)
      riskCategory:
        input.riskCategory ??
        (await riskByRules(tx, source.diseaseId, {
          setting: input.setting,
          relation: input.relation,
          contactType: input.contactType,
          degree: 1,
        })),
      teamId: await teamOfResidence(tx, input.jurisdictionId),
      teamByHand: false,
      otherDistrict: input.otherDistrict ?? '',
      lastExposureAt: input.lastExposureAt,
      followUpUntil: followUpUntil(input.lastExposureAt, days),
      followUpPerDay: input.followUpPerDay,
      notes: input.notes,
      createdBy: principal.id,
    });
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'contact', entityId: row.id, after: auditable(row) });
    await announce(tx, row, 'created');
    rows.push(row);
  }
  return rows;
}

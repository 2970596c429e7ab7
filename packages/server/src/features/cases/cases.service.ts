/**
 * Rules of case reports and of the disease catalogue. Authorisation is the first line of every function;
 * every change is audited in its own transaction and announced on the live topic 'cases'.
 *
 * Identity numbers never leave the server in full except through `revealIdentity` (right cases.identity),
 * which writes an audit record with action 'read' in the same transaction as it answers.
 */
import { findMethod } from '@outbreak/surveillance';
import type { Right } from '../../platform/auth/rights.ts';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { hasRight, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { conflict, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { checkCaseReport, loadCaseLookups } from './case-input.ts';
import type { CaseListQuery, DiseaseCreate, DiseasePatch, DuplicateQuery } from './cases.schema.ts';
import {
  caseCode,
  type CaseRow,
  type CaseSummaryRow,
  caseSummariesByIds,
  type DiseaseRow,
  findCaseRow,
  findCaseSummary,
  findDisease,
  findDuplicatePairs,
  findDuplicatesOf,
  insertCase,
  insertDisease,
  jurisdictionPathOf,
  jurisdictionTrail,
  listCases,
  listDiseases,
  mergedFrom,
  repointMerged,
  updateCase,
  updateDisease,
  userNames,
} from './cases.store.ts';
import type { IdentityProtector } from './identity-protection.ts';
import { chinaDayBounds, reportingTimeliness, type TimelinessRange } from './timeliness.ts';

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
const iso = (d: Date | string | null) => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());

// ── diseases ────────────────────────────────────────────────────────────────────────────────────

/** Any of these lets a user read the catalogue (signals, alerts and incidents pick diseases from it). */
const CATALOGUE_READERS: Right[] = ['cases.read', 'signals.read', 'alerts.read', 'incidents.read', 'diseases.manage'];

function presentDisease(d: DiseaseRow) {
  const { createdAt: _createdAt, ...rest } = d;
  return { ...rest, updatedAt: d.updatedAt.toISOString() };
}
export type DiseaseView = ReturnType<typeof presentDisease>;

export async function listDiseasesFor(database: Database, principal: Principal, query: { includeInactive: boolean }) {
  if (!CATALOGUE_READERS.some((r) => hasRight(principal, r))) throw forbidden();
  const rows = await listDiseases(database.db, query.includeInactive);
  return { items: rows.map(presentDisease) };
}

export async function getDiseaseFor(database: Database, principal: Principal, id: string) {
  if (!CATALOGUE_READERS.some((r) => hasRight(principal, r))) throw forbidden();
  const row = await findDisease(database.db, id);
  if (!row) throw notFound('disease');
  return presentDisease(row);
}

/** The method must be one @outbreak/surveillance runs; detection passes it straight through. */
function methodIssues(method: string | undefined) {
  if (method === undefined || findMethod(method)) return [];
  return [{ path: 'defaultMethod', message: `unknown detection method '${method}' (e.g. mpm, fixedThreshold, farringtonFlexible, earsC_C1)` }];
}

export async function createDiseaseAs(database: Database, principal: Principal, input: DiseaseCreate, ip: string | null) {
  scopeFor(principal, 'diseases.manage');
  const issues = methodIssues(input.defaultMethod);
  if (issues.length > 0) throw validationFailed(issues);
  const urgent = input.class === 'A' || input.managedAsClassA;
  const reportDeadlineHours = input.reportDeadlineHours ?? (urgent ? 2 : 24);
  const values = { ...input, reportDeadlineHours, verificationHours: input.verificationHours ?? reportDeadlineHours };
  return database.db.transaction(async (tx) => {
    if ((await listDiseases(tx, true)).some((d) => d.code === input.code)) {
      throw conflict('A disease with this code already exists', [{ path: 'code', message: 'already in use' }]);
    }
    const row = await insertDisease(tx, values);
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'disease', entityId: row.id, after: row });
    await publishLive(tx, { topic: 'diseases', id: row.id, action: 'created' });
    return presentDisease(row);
  });
}

export async function updateDiseaseAs(database: Database, principal: Principal, id: string, patch: DiseasePatch, ip: string | null) {
  scopeFor(principal, 'diseases.manage');
  const issues = methodIssues(patch.defaultMethod);
  if (issues.length > 0) throw validationFailed(issues);
  return database.db.transaction(async (tx) => {
    const before = await findDisease(tx, id);
    if (!before) throw notFound('disease');
    const after = await updateDisease(tx, id, patch);
    if (!after) throw notFound('disease');
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'disease', entityId: id, before, after });
    await publishLive(tx, { topic: 'diseases', id, action: 'updated' });
    return presentDisease(after);
  });
}

// ── case reports: presentation ──────────────────────────────────────────────────────────────────

const round1 = (x: number) => Math.round(x * 10) / 10;

function timelinessOf(diagnosisAt: Date, reportedAt: Date, deadlineHours: number) {
  const delayHours = (reportedAt.getTime() - diagnosisAt.getTime()) / 3_600_000;
  const onTime = delayHours <= deadlineHours;
  return { deadlineHours, delayHours: round1(delayHours), onTime, lateByHours: onTime ? 0 : round1(delayHours - deadlineHours) };
}

function presentSummary(r: CaseSummaryRow) {
  return {
    id: r.id,
    code: r.code,
    disease: { id: r.diseaseId, code: r.diseaseCode, name: r.diseaseName, nameEn: r.diseaseNameEn, class: r.diseaseClass },
    jurisdiction: { id: r.jurisdictionId, name: r.jurisdictionName, nameEn: r.jurisdictionNameEn },
    personName: r.personName,
    sex: r.sex,
    birthDate: r.birthDate,
    idType: r.idType,
    idNumberMasked: r.idNumberMasked,
    classification: r.classification,
    onsetDate: r.onsetDate,
    diagnosisAt: iso(r.diagnosisAt)!,
    reportedAt: iso(r.reportedAt)!,
    reviewedAt: iso(r.reviewedAt),
    facility: r.facilityId ? { id: r.facilityId, name: r.facilityName ?? '', nameEn: r.facilityNameEn ?? '' } : null,
    severity: r.severity,
    outcome: r.outcome,
    source: r.source,
    status: r.status,
    mergedInto: r.mergedInto,
    timeliness: timelinessOf(r.diagnosisAt, r.reportedAt, r.reportDeadlineHours),
  };
}
export type CaseSummaryView = ReturnType<typeof presentSummary>;

/** What audit records and live events keep of a report: never the plain or encrypted number. */
function auditable(row: CaseRow) {
  const { idNumberEncrypted: _enc, idNumberHash: _hash, ...rest } = row;
  return rest;
}

// ── case reports: reads ─────────────────────────────────────────────────────────────────────────

export async function listCasesFor(database: Database, principal: Principal, query: CaseListQuery) {
  const scope = scopeFor(principal, 'cases.read');
  const { rows, total } = await listCases(database.db, scope, query);
  return { items: rows.map(presentSummary), total, page: query.page, pageSize: query.pageSize };
}

export async function getCaseFor(database: Database, principal: Principal, id: string) {
  return caseDetail(database, scopeFor(principal, 'cases.read'), id);
}

/** The detail of a report within `scope` (the reader's, or after a write the writer's). */
async function caseDetail(database: Database, scope: Scope, id: string) {
  const db = database.db;
  const [summary, row] = await Promise.all([findCaseSummary(db, scope, id), findCaseRow(db, scope, id)]);
  if (!summary || !row) throw notFound('case');
  const [trail, from, intoCode, names, duplicates] = await Promise.all([
    jurisdictionTrail(db, summary.jurisdictionPath),
    mergedFrom(db, id),
    row.mergedInto ? caseCode(db, row.mergedInto) : Promise.resolve(null),
    userNames(db, [row.reviewedBy, row.createdBy].filter((x): x is string => x !== null)),
    row.status === 'active' ? findDuplicatesOf(db, scope, id, { windowDays: 30, limit: 20 }) : Promise.resolve([]),
  ]);
  const others = await caseSummariesByIds(db, scope, duplicates.map((p) => p.b));
  const otherById = new Map(others.map((o) => [o.id, o]));
  return {
    ...presentSummary(summary),
    phone: row.phone,
    address: row.address,
    occupation: row.occupation,
    reportingDoctor: row.reportingDoctor,
    labResults: row.labResults,
    reviewedBy: row.reviewedBy ? { id: row.reviewedBy, displayName: names.get(row.reviewedBy) ?? '' } : null,
    createdBy: row.createdBy ? { id: row.createdBy, displayName: names.get(row.createdBy) ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    jurisdictionTrail: trail,
    mergedIntoCode: intoCode,
    mergedFrom: from,
    possibleDuplicates: duplicates.flatMap((p) => {
      const o = otherById.get(p.b);
      return o ? [{ id: o.id, code: o.code, match: p.match, daysApart: p.daysApart, diagnosisAt: iso(o.diagnosisAt)!, status: o.status }] : [];
    }),
  };
}
export type CaseDetailView = Awaited<ReturnType<typeof caseDetail>>;

/**
 * A page of possible duplicates. `since` (a report day, China time, or 'all'; 90 days ago by default) keeps the
 * page to pairs with a report filed from that day on, so that a district with years of history sees its
 * recent duplicates quickly.
 */
export async function listDuplicatesFor(database: Database, principal: Principal, query: DuplicateQuery) {
  const scope = scopeFor(principal, 'cases.read');
  const since = query.since === 'all' ? null : (query.since ?? chinaDaysAgo(DEFAULT_DUPLICATE_DAYS));
  const { pairs, total } = await findDuplicatePairs(database.db, scope, {
    windowDays: query.windowDays,
    diseaseId: query.diseaseId,
    since: since === null ? undefined : chinaDayBounds(since, since).start,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const summaries = await caseSummariesByIds(database.db, scope, [...new Set(pairs.flatMap((p) => [p.a, p.b]))]);
  const byId = new Map(summaries.map((s) => [s.id, presentSummary(s)]));
  return {
    windowDays: query.windowDays,
    since,
    total,
    page: query.page,
    pageSize: query.pageSize,
    items: pairs.flatMap((p) => {
      const a = byId.get(p.a);
      const b = byId.get(p.b);
      return a && b ? [{ match: p.match, daysApart: p.daysApart, a, b }] : [];
    }),
  };
}

/** The duplicates page looks back this many days of report date unless told otherwise. */
export const DEFAULT_DUPLICATE_DAYS = 90;

/** The calendar day (China Standard Time) `days` before today, YYYY-MM-DD. */
function chinaDaysAgo(days: number, now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000 - days * 86_400_000).toISOString().slice(0, 10);
}

export async function timelinessFor(database: Database, principal: Principal, range: TimelinessRange) {
  const scope = scopeFor(principal, 'cases.read');
  if (range.from > range.to) throw validationFailed([{ path: 'to', message: 'must not be before from' }]);
  return reportingTimeliness(database.db, scope, range);
}

/** The full identity number, for holders of cases.identity; each view is audited as a read. */
export async function revealIdentity(database: Database, protector: IdentityProtector, principal: Principal, id: string, ip: string | null) {
  const scope = scopeFor(principal, 'cases.identity');
  return database.db.transaction(async (tx) => {
    const row = await findCaseRow(tx, scope, id);
    if (!row) throw notFound('case');
    const idNumber = row.idNumberEncrypted ? protector.reveal(row.idNumberEncrypted) : null;
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'read',
      entityType: 'case_identity',
      entityId: id,
      after: { code: row.code, idType: row.idType, idNumberMasked: row.idNumberMasked },
    });
    return { idType: row.idType, idNumber };
  });
}

// ── case reports: writes ────────────────────────────────────────────────────────────────────────

async function announce(tx: Tx, row: CaseRow, action: string) {
  const jurisdictionPath = (await jurisdictionPathOf(tx, row.jurisdictionId)) ?? undefined;
  await publishLive(tx, { topic: 'cases', id: row.id, action, right: 'cases.read', jurisdictionPath, data: { code: row.code, diseaseId: row.diseaseId } });
}

export interface CaseWriteDeps {
  database: Database;
  protector: IdentityProtector;
  now?: () => Date;
}

export async function createCaseAs(deps: CaseWriteDeps, principal: Principal, input: unknown, ip: string | null) {
  const scope = scopeFor(principal, 'cases.report');
  const created = await deps.database.db.transaction(async (tx) => {
    const lookups = await loadCaseLookups(tx, scope);
    const checked = checkCaseReport(input, lookups, deps.protector, deps.now?.() ?? new Date());
    if (!checked.ok) throw validationFailed(checked.issues);
    const row = await insertCase(tx, { ...checked.row, source: 'form', createdBy: principal.id });
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'case_report', entityId: row.id, after: auditable(row) });
    await announce(tx, row, 'created');
    return row;
  });
  return caseDetail(deps.database, scope, created.id);
}

/** Changes a report: the merged input is checked by the same rules as a new one. */
export async function updateCaseAs(deps: CaseWriteDeps, principal: Principal, id: string, patch: Record<string, unknown>, ip: string | null) {
  const scope = scopeFor(principal, 'cases.report');
  await deps.database.db.transaction(async (tx) => {
    const before = await findCaseRow(tx, scope, id, true);
    if (!before) throw notFound('case');
    if (before.status === 'merged') throw conflict('This report was merged into another; change that one', [{ path: '', message: 'merged' }]);
    const identityChanged = 'idType' in patch || 'idNumber' in patch;
    const current = {
      diseaseId: before.diseaseId,
      jurisdictionId: before.jurisdictionId,
      personName: before.personName,
      sex: before.sex,
      birthDate: before.birthDate,
      idType: before.idType,
      // the stored number is opened only to check the rules again (not shown, not a read by a person)
      idNumber: before.idNumberEncrypted ? deps.protector.reveal(before.idNumberEncrypted) : null,
      phone: before.phone,
      address: before.address,
      occupation: before.occupation,
      classification: before.classification,
      onsetDate: before.onsetDate,
      diagnosisAt: before.diagnosisAt.toISOString(),
      reportedAt: before.reportedAt.toISOString(),
      facilityId: before.facilityId,
      reportingDoctor: before.reportingDoctor,
      severity: before.severity,
      outcome: before.outcome,
      labResults: before.labResults,
    };
    const merged = { ...current, ...patch };
    // an identity change re-derives birth date and sex unless the patch gives them
    if (identityChanged && !('birthDate' in patch) && merged.idType === 'resident_id') merged.birthDate = null;
    if (identityChanged && !('sex' in patch) && merged.idType === 'resident_id') merged.sex = 'unknown';
    const lookups = await loadCaseLookups(tx, scope);
    // a report already filed may keep a disease switched off since, or a jurisdiction it already had
    const diseaseKept = merged.diseaseId === before.diseaseId;
    if (diseaseKept) {
      const d = lookups.diseasesById.get(before.diseaseId);
      if (d && !d.active) lookups.diseasesById.set(d.id, { ...d, active: true });
    }
    const checked = checkCaseReport(merged, lookups, deps.protector, deps.now?.() ?? new Date());
    if (!checked.ok) throw validationFailed(checked.issues);
    const values = { ...checked.row };
    if (!identityChanged) {
      // keep the stored ciphertext: re-encrypting would change it (fresh IV) without any change of the number
      values.idNumberEncrypted = before.idNumberEncrypted;
      values.idNumberHash = before.idNumberHash;
      values.idNumberMasked = before.idNumberMasked;
    }
    const after = await updateCase(tx, scope, id, values);
    if (!after) throw notFound('case');
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'case_report', entityId: id, before: auditable(before), after: auditable(after) });
    await announce(tx, after, 'updated');
  });
  return caseDetail(deps.database, scope, id);
}

/** CDC review (审核): records who and when, and the classification after review when it changes. */
export async function reviewCaseAs(database: Database, principal: Principal, id: string, body: { classification?: CaseRow['classification'] }, ip: string | null) {
  const scope = scopeFor(principal, 'cases.review');
  await database.db.transaction(async (tx) => {
    const before = await findCaseRow(tx, scope, id, true);
    if (!before) throw notFound('case');
    if (before.status === 'merged') throw conflict('This report was merged into another; review that one', [{ path: '', message: 'merged' }]);
    const after = await updateCase(tx, scope, id, {
      reviewedAt: new Date(),
      reviewedBy: principal.id,
      ...(body.classification ? { classification: body.classification } : {}),
    });
    if (!after) throw notFound('case');
    await audit(tx, { actor: actorOf(principal), ip, action: 'review', entityType: 'case_report', entityId: id, before: auditable(before), after: auditable(after) });
    await announce(tx, after, 'reviewed');
  });
  return caseDetail(database, scope, id);
}

/**
 * Merges a duplicate into the report that is kept: the duplicate becomes 'merged' (kept for the record,
 * left out of counts and lists), and reports merged into it earlier follow it to `into`.
 */
export async function mergeCaseAs(database: Database, principal: Principal, id: string, body: { into: string; reason: string }, ip: string | null) {
  const scope = scopeFor(principal, 'cases.review');
  if (body.into === id) throw validationFailed([{ path: 'into', message: 'a report cannot be merged into itself' }]);
  await database.db.transaction(async (tx) => {
    // lock both in a fixed order: two people merging A→B and B→A at once cannot deadlock
    const [first, second] = [id, body.into].sort();
    const locked = new Map<string, CaseRow | undefined>();
    locked.set(first!, await findCaseRow(tx, scope, first!, true));
    locked.set(second!, await findCaseRow(tx, scope, second!, true));
    const before = locked.get(id);
    const into = locked.get(body.into);
    if (!before) throw notFound('case');
    if (!into) throw validationFailed([{ path: 'into', message: 'no such case report within your area' }]);
    if (before.status === 'merged') throw conflict('This report is already merged', [{ path: '', message: 'merged' }]);
    if (into.status === 'merged') throw validationFailed([{ path: 'into', message: 'that report is itself merged; merge into the report it was merged into' }]);
    if (into.diseaseId !== before.diseaseId) throw validationFailed([{ path: 'into', message: 'only reports of the same disease can be merged' }]);
    const after = await updateCase(tx, scope, id, { status: 'merged', mergedInto: body.into });
    if (!after) throw notFound('case');
    const followed = await repointMerged(tx, id, body.into);
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'merge',
      entityType: 'case_report',
      entityId: id,
      before: auditable(before),
      after: { ...auditable(after), reason: body.reason, intoCode: into.code, alsoMoved: followed },
    });
    await announce(tx, after, 'merged');
  });
  return caseDetail(database, scope, id);
}

/**
 * Rules of case reports. Authorisation is the first line of every function; every change is audited in its own
 * transaction and announced on the live topic 'cases'. (The disease catalogue's rules are the catalogue feature's:
 * catalogue/diseases.service.ts.)
 *
 * Identity numbers never leave the server in full except through `revealIdentity` (right cases.identity),
 * which writes an audit record with action 'read' in the same transaction as it answers.
 */
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import {
  facilityScopeFor,
  hasRight,
  pathInScope,
  type Principal,
  reachOf,
  recordInFacilityScope,
  type Scope,
} from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { notify } from '../notifications/index.ts';
import { and, desc, eq } from 'drizzle-orm';
import { users } from '../../platform/db/platform.tables.ts';
import { type CaseLookups, type CaseReportRow, checkCaseReport, CLOCK_TOLERANCE_MS, loadCaseLookups } from './case-input.ts';
import { changedFieldsOf, correctionTypesOf, recordVersion } from './case-corrections.ts';
import type { CaseCorrection, CaseListQuery, DuplicateQuery } from './cases.schema.ts';
import { type DiseaseRow, listDiseases } from '../catalogue/index.ts';
import { caseReportVersions, type CorrectionType } from './cases.tables.ts';
import {
  caseCode,
  type CaseRow,
  type CaseSummaryRow,
  caseSummariesByIds,
  countCases,
  findCaseRow,
  findCaseSummary,
  findCaseWithSummary,
  findDuplicatePairs,
  findDuplicatesOf,
  insertCase,
  jurisdictionPathOf,
  jurisdictionTrail,
  listCasePage,
  mergedFrom,
  otherFacilityCases,
  type OtherFacilityCaseRow,
  repointMerged,
  updateCase,
  userNames,
} from './cases.store.ts';
import type { CaseListTotals } from './case-list-totals.ts';
import { type IdentityProtector, restrictedMask } from './identity-protection.ts';
import { chinaDayBounds, reportingTimeliness, type TimelinessRange } from './timeliness.ts';
import { districtToday } from '../../platform/time/district-time.ts';

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
const iso = (d: Date | string | null) => (d === null ? null : d instanceof Date ? d.toISOString() : new Date(d).toISOString());

// ── case reports: presentation ──────────────────────────────────────────────────────────────────

const round1 = (x: number) => Math.round(x * 10) / 10;

function timelinessOf(diagnosisAt: Date, reportedAt: Date, deadlineHours: number) {
  const delayHours = (reportedAt.getTime() - diagnosisAt.getTime()) / 3_600_000;
  const onTime = delayHours <= deadlineHours;
  return { deadlineHours, delayHours: round1(delayHours), onTime, lateByHours: onTime ? 0 : round1(delayHours - deadlineHours) };
}

/**
 * Who reads, for presentation: where they hold cases.identity. Without it (for the report's residence) a
 * reader gets the birth year instead of the birth date and a mask keeping only the last character, so that no
 * combination of what they see rebuilds the identity number (docs/cases.md, "What a reader without
 * cases.identity sees").
 */
export interface CaseReader {
  identity: Scope | null;
}

export function caseReaderOf(principal: Principal): CaseReader {
  return { identity: hasRight(principal, 'cases.identity') ? facilityScopeFor(principal, 'cases.identity') : null };
}

export function presentSummary(r: CaseSummaryRow, reader: CaseReader) {
  const identityShown = reader.identity !== null && pathInScope(reader.identity, r.jurisdictionPath);
  return {
    id: r.id,
    code: r.code,
    disease: { id: r.diseaseId, code: r.diseaseCode, name: r.diseaseName, nameEn: r.diseaseNameEn, class: r.diseaseClass },
    jurisdiction: { id: r.jurisdictionId, name: r.jurisdictionName, nameEn: r.jurisdictionNameEn },
    personName: r.personName,
    sex: r.sex,
    // hidden whatever the document: a report without a number may be a duplicate of one with it (same name and
    // birth date), and would then give that number's characters 7–14
    birthDate: identityShown ? r.birthDate : null,
    birthYear: r.birthDate ? Number(r.birthDate.slice(0, 4)) : null,
    idType: r.idType,
    idNumberMasked: identityShown ? r.idNumberMasked : restrictedMask(r.idNumberMasked),
    classification: r.classification,
    onsetDate: r.onsetDate,
    diagnosisAt: iso(r.diagnosisAt)!,
    reportedAt: iso(r.reportedAt)!,
    reviewedAt: iso(r.reviewedAt),
    reviewStatus: r.reviewStatus,
    version: r.version,
    facility: r.facilityId ? { id: r.facilityId, name: r.facilityName ?? '', nameEn: r.facilityNameEn ?? '' } : null,
    severity: r.severity,
    outcome: r.outcome,
    source: r.source,
    status: r.status,
    mergedInto: r.mergedInto,
    timeliness: timelinessOf(r.diagnosisAt, r.reportedAt, r.reportDeadlineHours),
    exercise: r.exerciseId !== null,
    exerciseId: r.exerciseId,
  };
}
export type CaseSummaryView = ReturnType<typeof presentSummary>;

/** What audit records and live events keep of a report: never the plain or encrypted number. */
function auditable(row: CaseRow) {
  const { idNumberEncrypted: _enc, idNumberHash: _hash, ...rest } = row;
  return rest;
}

// ── case reports: reads ─────────────────────────────────────────────────────────────────────────

/**
 * A page of the case list and its total. `totals` (the server's, see case-list-totals.ts) shares and keeps the
 * total between requests; without it the total is counted for this request alone. The scope binds a hospital
 * reporter to its facility (the totals' key holds the whole scope).
 */
export async function listCasesFor(
  database: Database,
  principal: Principal,
  query: CaseListQuery,
  options: { totals?: CaseListTotals } = {},
) {
  const scope = facilityScopeFor(principal, 'cases.read');
  const reader = caseReaderOf(principal);
  const count = () => countCases(database.db, scope, query);
  const [rows, total] = await Promise.all([
    listCasePage(database.db, scope, query),
    options.totals ? options.totals.get(scope, query, count) : count(),
  ]);
  return { items: rows.map((r) => presentSummary(r, reader)), total, page: query.page, pageSize: query.pageSize };
}

export async function getCaseFor(database: Database, principal: Principal, id: string) {
  return caseDetail(database, facilityScopeFor(principal, 'cases.read'), id, caseReaderOf(principal));
}

/** Another facility's report as a facility-bound reader sees it: which report, by whom, when; no person. */
function presentOtherFacilityCase(
  o: OtherFacilityCaseRow,
  diseasesById: Map<string, { code: string; name: string; nameEn: string; class: DiseaseRow['class'] }>,
) {
  const d = diseasesById.get(o.diseaseId);
  return {
    id: o.id,
    code: o.code,
    restricted: true as const,
    disease: { id: o.diseaseId, code: d?.code ?? '', name: d?.name ?? '', nameEn: d?.nameEn ?? '', class: d?.class ?? ('other' as const) },
    facility: o.facilityId ? { id: o.facilityId, name: o.facilityName ?? '', nameEn: o.facilityNameEn ?? '' } : null,
    diagnosisAt: iso(o.diagnosisAt)!,
    reportedAt: iso(o.reportedAt)!,
    status: o.status,
  };
}

/** The detail of a report within `scope` (the reader's, or after a write the writer's). */
async function caseDetail(database: Database, scope: Scope, id: string, reader: CaseReader) {
  const db = database.db;
  // the summary and the row in one statement, the rest at once (each statement is a round trip under load)
  const found = await findCaseWithSummary(db, scope, id);
  if (!found) throw notFound('case');
  const { summary, row } = found;
  const [trail, from, intoCode, names, duplicates] = await Promise.all([
    jurisdictionTrail(db, summary.jurisdictionPath),
    mergedFrom(db, id),
    row.mergedInto ? caseCode(db, row.mergedInto) : Promise.resolve(null),
    userNames(
      db,
      [row.reviewedBy, row.createdBy].filter((x): x is string => x !== null),
    ),
    row.status === 'active' ? findDuplicatesOf(db, scope, id, { windowDays: 30, limit: 20 }) : Promise.resolve([]),
  ]);
  const others = await caseSummariesByIds(
    db,
    scope,
    duplicates.map((p) => p.b),
  );
  const otherById = new Map<
    string,
    {
      id: string;
      code: string;
      diagnosisAt: Date;
      status: 'active' | 'merged' | 'exercise' | 'neighbour';
      facility: { id: string; name: string; nameEn: string } | null;
      otherFacility: boolean;
    }
  >(
    others.map((o) => [
      o.id,
      {
        ...o,
        facility: o.facilityId ? { id: o.facilityId, name: o.facilityName ?? '', nameEn: o.facilityNameEn ?? '' } : null,
        otherFacility: false,
      },
    ]),
  );
  // a hospital reporter learns that another facility reported the person too, not that report's contents
  const hidden = duplicates.map((p) => p.b).filter((b) => !otherById.has(b));
  for (const o of scope.facility ? await otherFacilityCases(db, scope, hidden) : []) {
    otherById.set(o.id, {
      ...o,
      facility: o.facilityId ? { id: o.facilityId, name: o.facilityName ?? '', nameEn: o.facilityNameEn ?? '' } : null,
      otherFacility: true,
    });
  }
  return {
    ...presentSummary(summary, reader),
    phone: row.phone,
    address: row.address,
    occupation: row.occupation,
    reportingDoctor: row.reportingDoctor,
    labResults: row.labResults,
    reviewedBy: row.reviewedBy ? { id: row.reviewedBy, displayName: names.get(row.reviewedBy) ?? '' } : null,
    reviewNote: row.reviewNote,
    createdBy: row.createdBy ? { id: row.createdBy, displayName: names.get(row.createdBy) ?? '' } : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    jurisdictionTrail: trail,
    mergedIntoCode: intoCode,
    mergedFrom: from,
    possibleDuplicates: duplicates.flatMap((p) => {
      const o = otherById.get(p.b);
      return o
        ? [
            {
              id: o.id,
              code: o.code,
              match: p.match,
              daysApart: p.daysApart,
              diagnosisAt: iso(o.diagnosisAt)!,
              status: o.status,
              facility: o.facility,
              otherFacility: o.otherFacility,
            },
          ]
        : [];
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
  const scope = facilityScopeFor(principal, 'cases.read');
  const reader = caseReaderOf(principal);
  const since = query.since === 'all' ? null : (query.since ?? chinaDaysAgo(DEFAULT_DUPLICATE_DAYS));
  const { pairs, total } = await findDuplicatePairs(database.db, scope, {
    windowDays: query.windowDays,
    diseaseId: query.diseaseId,
    since: since === null ? undefined : chinaDayBounds(since, since).start,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  const summaries = await caseSummariesByIds(database.db, scope, ids);
  const byId = new Map<string, CaseSummaryView | ReturnType<typeof presentOtherFacilityCase>>(
    summaries.map((s) => [s.id, presentSummary(s, reader)]),
  );
  // pairs of a hospital reporter's report with another facility's: the other side without the person
  const hidden = ids.filter((id) => !byId.has(id));
  if (scope.facility && hidden.length > 0) {
    const diseasesById = new Map((await listDiseases(database.db, true)).map((d) => [d.id, d]));
    for (const o of await otherFacilityCases(database.db, scope, hidden)) byId.set(o.id, presentOtherFacilityCase(o, diseasesById));
  }
  return {
    windowDays: query.windowDays,
    since,
    total,
    page: query.page,
    pageSize: query.pageSize,
    items: pairs.flatMap((p) => {
      const a = byId.get(p.a);
      const b = byId.get(p.b);
      // `a` is always a report the reader may read in full (cases.store pairQueries)
      return a && b && !('restricted' in a) ? [{ match: p.match, daysApart: p.daysApart, a, b }] : [];
    }),
  };
}

/** The duplicates page looks back this many days of report date unless told otherwise. */
export const DEFAULT_DUPLICATE_DAYS = 90;

/** The calendar day (China Standard Time) `days` before today, YYYY-MM-DD. */
function chinaDaysAgo(days: number, now = new Date()): string {
  return districtToday(now, days);
}

export async function timelinessFor(database: Database, principal: Principal, range: TimelinessRange) {
  const scope = facilityScopeFor(principal, 'cases.read');
  if (range.from > range.to) throw validationFailed([{ path: 'to', message: 'must not be before from' }]);
  return reportingTimeliness(database.db, scope, range);
}

/** The full identity number, for holders of cases.identity; each view is audited as a read. */
export async function revealIdentity(
  database: Database,
  protector: IdentityProtector,
  principal: Principal,
  id: string,
  ip: string | null,
) {
  const scope = facilityScopeFor(principal, 'cases.identity');
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
  // a hospital reporter hears of its own facility's reports only
  await publishLive(tx, {
    topic: 'cases',
    id: row.id,
    action,
    right: 'cases.read',
    jurisdictionPath,
    facilityId: row.facilityId,
    data: { code: row.code, diseaseId: row.diseaseId },
  });
}

export interface CaseWriteDeps {
  database: Database;
  protector: IdentityProtector;
  now?: () => Date;
}

/**
 * A facility-bound reporter (hospital reporter) files and corrects reports of its own facility only: an empty
 * facility becomes theirs, another one is refused (they could not read the report afterwards).
 */
function bindToReporterFacility(scope: Scope, lookups: CaseLookups, row: CaseReportRow): void {
  const path = lookups.jurisdictionsById.get(row.jurisdictionId)?.path ?? '';
  if (pathInScope(scope, path) || !scope.facility) return;
  row.facilityId ??= scope.facility.id;
  if (!recordInFacilityScope(scope, path, row.facilityId)) {
    throw validationFailed([{ path: 'facilityId', message: 'you report for your own facility only' }]);
  }
}

/**
 * The reporting unit (报告单位) is required on a card filed or corrected by hand (issue 12: half-empty cards):
 * left empty, it is the reporter's own facility (users.facility_id) when they have one; otherwise refused.
 * The bulk importer does not pass here (a line list names its facilities per row).
 */
function requireReportingUnit(principal: Principal, row: CaseReportRow): void {
  row.facilityId ??= principal.facilityId ?? null;
  if (!row.facilityId) throw validationFailed([{ path: 'facilityId', message: 'give the reporting unit (报告单位)' }]);
}

export async function createCaseAs(deps: CaseWriteDeps, principal: Principal, input: unknown, ip: string | null) {
  const scope = facilityScopeFor(principal, 'cases.report');
  const created = await deps.database.db.transaction(async (tx) => {
    // a reporter may report residents anywhere in their area; the facility binds what they see afterwards
    const lookups = await loadCaseLookups(tx, reachOf(scope));
    const checked = checkCaseReport(input, lookups, deps.protector, deps.now?.() ?? new Date());
    if (!checked.ok) throw validationFailed(checked.issues);
    bindToReporterFacility(scope, lookups, checked.row);
    requireReportingUnit(principal, checked.row);
    const row = await insertCase(tx, { ...checked.row, source: 'form', createdBy: principal.id });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'case_report',
      entityId: row.id,
      after: auditable(row),
    });
    await announce(tx, row, 'created');
    return row;
  });
  return caseDetail(deps.database, scope, created.id, caseReaderOf(principal));
}

/**
 * Files a case report inside the caller's transaction, for another feature that holds the authority itself
 * (contact tracing reports a symptomatic contact under contacts.write, in the contact's jurisdiction):
 * the same rules as the form (`checkCaseReport` against `scope`), audited and announced like createCaseAs.
 * The caller checks its own right first; `scope` bounds the jurisdictions the report may name.
 */
export async function fileCaseReportInTx(
  tx: Tx,
  deps: { protector: IdentityProtector; now?: () => Date },
  principal: Principal,
  scope: Scope,
  input: unknown,
  ip: string | null,
): Promise<CaseRow> {
  const lookups = await loadCaseLookups(tx, scope);
  const checked = checkCaseReport(input, lookups, deps.protector, deps.now?.() ?? new Date());
  if (!checked.ok) throw validationFailed(checked.issues);
  // filed by hand too (from a contact's card): the reporting unit is required as on the form
  requireReportingUnit(principal, checked.row);
  const row = await insertCase(tx, { ...checked.row, source: 'form', createdBy: principal.id });
  await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'case_report', entityId: row.id, after: auditable(row) });
  await announce(tx, row, 'created');
  return row;
}

/** Kinds of correction that have a clock: due within the disease deadline from the event (NIDRIS). */
const TIMED_CORRECTIONS: readonly CorrectionType[] = ['diagnosis_changed', 'classification_revised', 'death'];

/**
 * A correction as the correction form sends it (订正): its kinds, why, when it happened. PATCH sends none: its
 * change is kept as a version too, its kinds read off the card, without a reason or clock.
 */
interface CorrectionMeta {
  correctionTypes: CorrectionType[];
  reason: string;
  eventAt: string | undefined;
}

/** Changes a report (PATCH): the merged input is checked by the same rules as a new one; kept as a version. */
export async function updateCaseAs(
  deps: CaseWriteDeps,
  principal: Principal,
  id: string,
  patch: Record<string, unknown>,
  ip: string | null,
) {
  return changeCase(deps, principal, id, patch, null, ip);
}

/**
 * Corrects a filed card (订正, issue 12 item 13): the changes are checked with the whole card by the rules of a
 * new report; the kinds must fit what changed (another disease for a changed diagnosis, another classification
 * for a revised one; a death makes the outcome "died"), and the timed kinds need the moment of the event. The
 * card becomes a new version (before/after, who, when, why) and goes back to the CDC's review queue.
 */
export async function correctCaseAs(deps: CaseWriteDeps, principal: Principal, id: string, body: CaseCorrection, ip: string | null) {
  const meta = { correctionTypes: [...new Set(body.correctionTypes)], reason: body.reason, eventAt: body.eventAt };
  return changeCase(deps, principal, id, body.changes as Record<string, unknown>, meta, ip);
}

async function changeCase(
  deps: CaseWriteDeps,
  principal: Principal,
  id: string,
  patch: Record<string, unknown>,
  meta: CorrectionMeta | null,
  ip: string | null,
) {
  const scope = facilityScopeFor(principal, 'cases.report');
  const now = deps.now?.() ?? new Date();
  await deps.database.db.transaction(async (tx) => {
    const before = await findCaseRow(tx, scope, id, true);
    if (!before) throw notFound('case');
    if (before.status === 'merged')
      throw conflict('report_merged', 'This report was merged into another; change that one', [{ path: '', message: 'merged' }]);
    const identityChanged = 'idType' in patch || 'idNumber' in patch;
    // a death is recorded with the outcome "died"
    if (meta?.correctionTypes.includes('death') && !('outcome' in patch)) patch = { ...patch, outcome: 'died' };
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
    const lookups = await loadCaseLookups(tx, reachOf(scope));
    // a report already filed may keep a disease switched off since, or a jurisdiction it already had
    const diseaseKept = merged.diseaseId === before.diseaseId;
    if (diseaseKept) {
      const d = lookups.diseasesById.get(before.diseaseId);
      if (d && !d.active) lookups.diseasesById.set(d.id, { ...d, active: true });
    }
    const checked = checkCaseReport(merged, lookups, deps.protector, now);
    if (!checked.ok) throw validationFailed(checked.issues);
    const values = { ...checked.row };
    bindToReporterFacility(scope, lookups, values);
    requireReportingUnit(principal, values);
    if (!identityChanged) {
      // keep the stored ciphertext: re-encrypting would change it (fresh IV) without any change of the number
      values.idNumberEncrypted = before.idNumberEncrypted;
      values.idNumberHash = before.idNumberHash;
      values.idNumberMasked = before.idNumberMasked;
    }
    const changed = changedFieldsOf(before, { ...before, ...values } as CaseRow);
    let eventAt: Date | null = null;
    if (meta) {
      const issues: Array<{ path: string; message: string }> = [];
      if (meta.correctionTypes.includes('diagnosis_changed') && values.diseaseId === before.diseaseId)
        issues.push({ path: 'correctionTypes', message: 'a changed diagnosis names the new disease (diseaseId)' });
      if (meta.correctionTypes.includes('classification_revised') && values.classification === before.classification)
        issues.push({ path: 'correctionTypes', message: 'a revised classification changes the classification' });
      if (meta.correctionTypes.includes('death') && values.outcome !== 'died')
        issues.push({ path: 'outcome', message: 'a death is corrected with the outcome "died"' });
      if (meta.correctionTypes.some((t) => TIMED_CORRECTIONS.includes(t))) {
        if (!meta.eventAt) issues.push({ path: 'eventAt', message: 'give when the diagnosis was revised or the patient died' });
        else {
          eventAt = new Date(meta.eventAt);
          if (eventAt.getTime() > now.getTime() + CLOCK_TOLERANCE_MS)
            issues.push({ path: 'eventAt', message: 'must not be in the future' });
          else if (eventAt.getTime() < before.diagnosisAt.getTime())
            issues.push({ path: 'eventAt', message: 'must not be before the first diagnosis' });
        }
      }
      if (changed.length === 0) issues.push({ path: 'changes', message: 'nothing to correct: no field changes' });
      if (issues.length > 0) throw validationFailed(issues);
    }
    const versioned = changed.length > 0;
    const after = await updateCase(tx, scope, id, {
      ...values,
      ...(versioned ? { version: before.version + 1, reviewStatus: 'pending' as const, reviewNote: '' } : {}),
    });
    if (!after) throw notFound('case');
    if (versioned) {
      const types = meta?.correctionTypes ?? correctionTypesOf(before, after);
      const timed = eventAt !== null && types.some((t) => TIMED_CORRECTIONS.includes(t));
      await recordVersion(tx, {
        before,
        after,
        source: 'correction',
        correctionTypes: types,
        reason: meta?.reason ?? '',
        eventAt: timed ? eventAt : null,
        deadlineHours: timed ? (lookups.diseasesById.get(after.diseaseId)?.reportDeadlineHours ?? null) : null,
        changedBy: principal.id,
        changedAt: now,
      });
    }
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: meta ? 'correct' : 'update',
      entityType: 'case_report',
      entityId: id,
      before: auditable(before),
      after: {
        ...auditable(after),
        ...(meta ? { correctionTypes: meta.correctionTypes, reason: meta.reason, eventAt: meta.eventAt ?? null } : {}),
      },
    });
    await announce(tx, after, meta ? 'corrected' : 'updated');
  });
  return caseDetail(deps.database, scope, id, caseReaderOf(principal));
}

/** The versions of a card (its corrections), newest first, masked as the card itself is for the reader. */
export async function listCaseVersionsFor(database: Database, principal: Principal, id: string) {
  const scope = facilityScopeFor(principal, 'cases.read');
  const summary = await findCaseSummary(database.db, scope, id);
  if (!summary) throw notFound('case');
  const reader = caseReaderOf(principal);
  const identityShown = reader.identity !== null && pathInScope(reader.identity, summary.jurisdictionPath);
  const rows = await database.db
    .select({ v: caseReportVersions, changedByName: users.displayName })
    .from(caseReportVersions)
    .leftJoin(users, eq(users.id, caseReportVersions.changedBy))
    .where(eq(caseReportVersions.caseId, id))
    .orderBy(desc(caseReportVersions.version));
  // without cases.identity: the birth year and no character of the number, as on the card
  const shown = (fields: Record<string, unknown>) => {
    if (identityShown) return fields;
    const birth = typeof fields.birthDate === 'string' ? fields.birthDate : null;
    return {
      ...fields,
      birthDate: null,
      birthYear: birth ? Number(birth.slice(0, 4)) : null,
      idNumberMasked: restrictedMask(String(fields.idNumberMasked ?? '')),
    };
  };
  return {
    items: rows.map(({ v, changedByName }) => {
      const delayHours = v.eventAt ? (v.changedAt.getTime() - v.eventAt.getTime()) / 3_600_000 : null;
      return {
        id: v.id,
        version: v.version,
        source: v.source,
        correctionTypes: v.correctionTypes,
        reason: v.reason,
        eventAt: iso(v.eventAt),
        changedFields: v.changedFields,
        before: shown(v.before),
        after: shown(v.after),
        neighbour: v.neighbour
          ? { districtCode: v.neighbour.districtCode, name: v.neighbour.name, nameEn: v.neighbour.nameEn, version: v.neighbour.version }
          : null,
        changedBy: v.changedBy ? { id: v.changedBy, displayName: changedByName ?? '' } : null,
        changedAt: v.changedAt.toISOString(),
        timeliness:
          delayHours !== null && v.deadlineHours !== null
            ? { deadlineHours: v.deadlineHours, delayHours: round1(delayHours), onTime: delayHours <= v.deadlineHours }
            : null,
      };
    }),
  };
}

type ReviewRefusal = 'not_found' | 'merged' | 'not_pending' | 'own_card';
type ReviewDecision = { kind: 'approve'; classification?: CaseRow['classification'] } | { kind: 'return'; reason: string };

/**
 * One card's review inside the caller's transaction: approve (审核通过) or return it to the reporting unit with a
 * reason (退回). Four eyes: whoever filed the card or made its last correction does not review it.
 */
async function reviewOne(tx: Tx, scope: Scope, principal: Principal, id: string, decision: ReviewDecision, ip: string | null, now: Date) {
  // `tell`: who filed the card and who last corrected it, to be told when it is returned (the reviewer never is)
  type Outcome = { ok: true; code: string; tell: string[] } | { ok: false; code: string | null; reason: ReviewRefusal };
  const before = await findCaseRow(tx, scope, id, true);
  if (!before) return { ok: false, code: null, reason: 'not_found' } as Outcome;
  if (before.status === 'merged') return { ok: false, code: before.code, reason: 'merged' } as Outcome;
  const allowed = decision.kind === 'approve' ? ['pending', 'returned'] : ['pending'];
  if (!allowed.includes(before.reviewStatus)) return { ok: false, code: before.code, reason: 'not_pending' } as Outcome;
  const [last] = await tx
    .select({ changedBy: caseReportVersions.changedBy })
    .from(caseReportVersions)
    .where(and(eq(caseReportVersions.caseId, id), eq(caseReportVersions.version, before.version)));
  if (before.createdBy === principal.id || last?.changedBy === principal.id)
    return { ok: false, code: before.code, reason: 'own_card' } as Outcome;
  const after = await updateCase(
    tx,
    scope,
    id,
    decision.kind === 'approve'
      ? {
          reviewStatus: 'approved',
          reviewNote: '',
          reviewedAt: now,
          reviewedBy: principal.id,
          ...(decision.classification ? { classification: decision.classification } : {}),
        }
      : { reviewStatus: 'returned', reviewNote: decision.reason, reviewedAt: now, reviewedBy: principal.id },
  );
  if (!after) return { ok: false, code: null, reason: 'not_found' } as Outcome;
  await audit(tx, {
    actor: actorOf(principal),
    ip,
    action: decision.kind === 'approve' ? 'review' : 'return',
    entityType: 'case_report',
    entityId: id,
    before: auditable(before),
    after: { ...auditable(after), ...(decision.kind === 'return' ? { reason: decision.reason } : {}) },
  });
  await announce(tx, after, decision.kind === 'approve' ? 'reviewed' : 'returned');
  const tell =
    decision.kind === 'return' ? [...new Set([before.createdBy, last?.changedBy ?? null])].filter((u): u is string => u !== null) : [];
  return { ok: true, code: after.code, tell } as Outcome;
}

/**
 * Tells a reporter that the CDC returned their cards (退回), with the reason: one notification per person and
 * decision, not one per card, so a bulk return of twenty cards is one message naming them. One card links to its
 * page; several link to the reporter's list of returned cards.
 */
export async function tellReturned(
  tx: Tx,
  userId: string,
  cards: Array<{ id: string; code: string }>,
  reason: string,
  actorId: string | null,
) {
  const one = cards.length === 1 ? cards[0]! : null;
  const codes = cards.map((c) => c.code);
  await notify(tx, {
    recipients: { userIds: [userId] },
    kind: 'case.returned',
    severity: 'warning',
    title: one ? `报告卡 ${one.code} 被疾控中心退回` : `${cards.length} 张报告卡被疾控中心退回`,
    titleEn: one ? `Case card ${one.code} returned by the CDC` : `${cards.length} case cards returned by the CDC`,
    body: `${one ? '' : `${codes.join('、')}。`}退回原因：${reason}。请核对后订正，订正后的报告卡将重新进入审核。`,
    bodyEn: `${one ? '' : `${codes.join(', ')}. `}Reason: ${reason}. Please check and correct the card; the correction goes back to review.`,
    link: one ? `/cases/${one.id}` : '/cases?reviewStatus=returned',
    ...(one ? { entity: { type: 'case_report', id: one.id } } : {}),
    actorId,
  });
}

/** CDC review (审核) of one card: approves it, with the classification after review when it changes. */
export async function reviewCaseAs(
  database: Database,
  principal: Principal,
  id: string,
  body: { classification?: CaseRow['classification'] },
  ip: string | null,
) {
  const scope = facilityScopeFor(principal, 'cases.review');
  await database.db.transaction(async (tx) => {
    const r = await reviewOne(tx, scope, principal, id, { kind: 'approve', classification: body.classification }, ip, new Date());
    if (r.ok) return;
    if (r.reason === 'not_found') throw notFound('case');
    if (r.reason === 'merged')
      throw conflict('report_merged', 'This report was merged into another; review that one', [{ path: '', message: 'merged' }]);
    if (r.reason === 'not_pending') throw conflict('status_not_allowed', 'This card is already approved', { status: 'approved' });
    throw conflict('four_eyes', 'Four-eyes rule: a card is reviewed by someone other than the person who filed or last corrected it', {});
  });
  return caseDetail(database, scope, id, caseReaderOf(principal));
}

/**
 * The review queue's bulk decision: approves, or returns with a reason, every card given that may be; the others
 * are listed with why not (not in your area, merged, not pending, your own card). One transaction.
 */
export async function reviewCasesAs(
  database: Database,
  principal: Principal,
  body: { ids: string[]; decision: 'approve' | 'return'; reason: string },
  ip: string | null,
) {
  const scope = facilityScopeFor(principal, 'cases.review');
  const reason = body.reason.trim();
  if (body.decision === 'return' && reason === '')
    throw validationFailed([{ path: 'reason', message: 'say what the reporting unit must correct' }]);
  const ids = [...new Set(body.ids)].sort(); // one lock order for every reviewer
  return database.db.transaction(async (tx) => {
    const done: Array<{ id: string; code: string }> = [];
    const refused: Array<{ id: string; code: string | null; reason: ReviewRefusal }> = [];
    /** per person to tell: the cards of theirs returned in this decision */
    const returnedTo = new Map<string, Array<{ id: string; code: string }>>();
    const now = new Date();
    for (const id of ids) {
      const r = await reviewOne(
        tx,
        scope,
        principal,
        id,
        body.decision === 'approve' ? { kind: 'approve' } : { kind: 'return', reason },
        ip,
        now,
      );
      if (r.ok) {
        done.push({ id, code: r.code });
        for (const userId of r.tell) returnedTo.set(userId, [...(returnedTo.get(userId) ?? []), { id, code: r.code }]);
      } else refused.push({ id, code: r.code, reason: r.reason });
    }
    for (const [userId, cards] of returnedTo) await tellReturned(tx, userId, cards, reason, principal.id);
    return { done, refused };
  });
}

/**
 * Merges a duplicate into the report that is kept: the duplicate becomes 'merged' (kept for the record,
 * left out of counts and lists), and reports merged into it earlier follow it to `into`.
 */
export async function mergeCaseAs(
  database: Database,
  principal: Principal,
  id: string,
  body: { into: string; reason: string },
  ip: string | null,
) {
  const scope = facilityScopeFor(principal, 'cases.review');
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
    if (before.status === 'merged') throw conflict('report_merged', 'This report is already merged', [{ path: '', message: 'merged' }]);
    if (into.status === 'merged')
      throw validationFailed([{ path: 'into', message: 'that report is itself merged; merge into the report it was merged into' }]);
    if (into.diseaseId !== before.diseaseId)
      throw validationFailed([{ path: 'into', message: 'only reports of the same disease can be merged' }]);
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
  return caseDetail(database, scope, id, caseReaderOf(principal));
}

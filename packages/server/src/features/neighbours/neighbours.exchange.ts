/**
 * Case notifications between linked districts (SORMAS-to-SORMAS in spirit, with its lessons: a record is
 * shared once per neighbour, the receiver previews and decides, and nothing is overwritten on either side).
 *
 * - Sending (`neighbours.share` + `cases.read` over the case): a case reported here whose residence is in the
 *   neighbour goes to its inbox, with or without personal data as the agreement says; the message is written in
 *   the transaction that records the share.
 * - Receiving (`neighbours.inbox` over the district): the notification is previewed (identity number masked;
 *   local reports with the same number shown as possible duplicates), then accepted — it becomes a case report
 *   here, with its provenance kept (which district, when it was sent and received, who shared and who
 *   accepted) — or rejected with a reason; either decision goes back to the sender.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { facilityScopeFor, hasRight, inScopePath, type Principal, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { conflict, notFound } from '../../platform/errors.ts';
import { diseases } from '../catalogue/index.ts';
import {
  caseReports,
  fileCaseReportInTx,
  findCaseRow,
  type IdentityProtector,
  identityProtector,
  type IdType,
  maskIdNumber,
  restrictedMask,
} from '../cases/index.ts';
import { contacts } from '../contacts/index.ts';
import { facilities } from '../registry/index.ts';
import { agreementsOf } from './neighbours.agreements.ts';
import { caseFieldsOf } from './neighbours.updates.ts';
import { type InboxDecisionKind, decideInboxItem } from './neighbours.decide.ts';
import { enqueueMessage, openJson } from './neighbours.outbox.ts';
import type { NeighbourDeps } from './neighbours.service.ts';
import { findLink, type LinkRow } from './neighbours.store.ts';
import { neighbourInbox, neighbourLinks, neighbourShares } from './neighbours.tables.ts';

const actorOf = (p: Principal) => ({ id: p.id, username: p.username });

/** The person part of a notification: only when the agreement sends personal data. */
export interface NotifiedPerson {
  name: string;
  idType: IdType;
  idNumber: string | null;
  phone: string;
  address: string;
  occupation: string;
}

/** What a case notification carries. */
export interface CaseNotificationPayload {
  caseCode: string;
  disease: { code: string; name: string; nameEn: string };
  classification: string;
  severity: string;
  outcome: string;
  sex: string;
  /** age in whole years at diagnosis (null when the birth date is unknown) */
  age: number | null;
  birthDate: string | null;
  onsetDate: string | null;
  diagnosisAt: string;
  reportedAt: string;
  labResults: { test: string; specimen: string; result: string; at: string | null }[];
  reportingUnit: string;
  reportingDoctor: string;
  note: string;
  sharedBy: string;
  person: NotifiedPerson | null;
}

function ageAt(birthDate: string | null, at: Date): number | null {
  if (!birthDate) return null;
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  let age = at.getUTCFullYear() - y;
  if (at.getUTCMonth() + 1 < m || (at.getUTCMonth() + 1 === m && at.getUTCDate() < d)) age -= 1;
  return Math.max(age, 0);
}

const protectorOf = (deps: NeighbourDeps): IdentityProtector => identityProtector(deps.config);

/** Notifies a linked neighbour of a case of ours (its resident); once per case and neighbour. */
export async function shareCaseAs(
  deps: NeighbourDeps,
  principal: Principal,
  linkId: string,
  input: { caseId: string; note: string },
  ip: string | null,
) {
  const now = deps.now?.() ?? new Date();
  const linkScope = scopeFor(principal, 'neighbours.share');
  const caseScope = facilityScopeFor(principal, 'cases.read');
  return deps.database.db.transaction(async (tx) => {
    const link = await findLink(tx, linkScope, linkId, true);
    if (!link) throw notFound('neighbour');
    const row = await findCaseRow(tx, caseScope, input.caseId);
    if (!row) throw notFound('case');
    if (link.state !== 'active') throw conflict('link_not_active', 'The link is not active: nothing is sent', { state: link.state });
    const agreement = agreementsOf(link.agreements).caseNotifications;
    if (!agreement.send) throw conflict('not_in_agreement', 'The agreement with this neighbour does not send case notifications');
    const [already] = await tx
      .select({ id: neighbourShares.id })
      .from(neighbourShares)
      .where(and(eq(neighbourShares.linkId, link.id), eq(neighbourShares.entityType, 'case_report'), eq(neighbourShares.entityId, row.id)));
    if (already) throw conflict('already_exists', 'This case was notified to this neighbour already', { id: already.id });
    const [disease] = await tx.select().from(diseases).where(eq(diseases.id, row.diseaseId));
    const [facility] = row.facilityId
      ? await tx.select({ name: facilities.name }).from(facilities).where(eq(facilities.id, row.facilityId))
      : [];
    const person: NotifiedPerson | null = agreement.personalData
      ? {
          name: row.personName,
          idType: row.idType,
          idNumber: row.idNumberEncrypted ? protectorOf(deps).reveal(row.idNumberEncrypted) : null,
          phone: row.phone,
          address: row.address,
          occupation: row.occupation,
        }
      : null;
    const payload: CaseNotificationPayload = {
      caseCode: row.code,
      disease: { code: disease!.code, name: disease!.name, nameEn: disease!.nameEn },
      classification: row.classification,
      severity: row.severity,
      outcome: row.outcome,
      sex: row.sex,
      age: ageAt(row.birthDate, row.diagnosisAt),
      birthDate: person ? row.birthDate : null,
      onsetDate: row.onsetDate,
      diagnosisAt: row.diagnosisAt.toISOString(),
      reportedAt: row.reportedAt.toISOString(),
      labResults: row.labResults,
      reportingUnit: facility?.name ?? '',
      reportingDoctor: person ? row.reportingDoctor : '',
      note: input.note,
      sharedBy: principal.displayName,
      person,
    };
    const summary = { caseCode: row.code, diseaseCode: disease!.code, withPersonalData: person !== null };
    const messageId = await enqueueMessage(tx, deps.config, link, 'case.notification', { ...payload }, summary, now);
    const [share] = await tx
      .insert(neighbourShares)
      .values({
        linkId: link.id,
        jurisdictionId: link.jurisdictionId,
        entityType: 'case_report',
        entityId: row.id,
        messageId,
        withPersonalData: person !== null,
        sharedBy: principal.id,
        createdAt: now,
        sentFields: caseFieldsOf(row),
      })
      .returning();
    // the case's own audit trail says who sent it where, and whether personal data left the district
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'share',
      entityType: 'case_report',
      entityId: row.id,
      after: {
        jurisdictionId: row.jurisdictionId,
        linkId: link.id,
        district: link.districtCode,
        messageId,
        withPersonalData: person !== null,
      },
    });
    return share!;
  });
}

/** The records of ours shared with neighbours, for one case (its detail page). */
export async function sharesOfCaseFor(deps: NeighbourDeps, principal: Principal, caseId: string) {
  const row = await findCaseRow(deps.database.db, facilityScopeFor(principal, 'cases.read'), caseId);
  if (!row) throw notFound('case');
  return deps.database.db
    .select({
      id: neighbourShares.id,
      linkId: neighbourShares.linkId,
      districtCode: neighbourLinks.districtCode,
      name: neighbourLinks.name,
      nameEn: neighbourLinks.nameEn,
      withPersonalData: neighbourShares.withPersonalData,
      status: neighbourShares.status,
      decisionReason: neighbourShares.decisionReason,
      decidedAt: neighbourShares.decidedAt,
      decidedByName: neighbourShares.decidedByName,
      createdAt: neighbourShares.createdAt,
    })
    .from(neighbourShares)
    .innerJoin(neighbourLinks, eq(neighbourLinks.id, neighbourShares.linkId))
    .where(eq(neighbourShares.entityId, row.id))
    .orderBy(desc(neighbourShares.createdAt));
}

const inboxColumns = {
  id: neighbourInbox.id,
  linkId: neighbourInbox.linkId,
  jurisdictionId: neighbourInbox.jurisdictionId,
  districtCode: neighbourLinks.districtCode,
  districtName: neighbourLinks.name,
  districtNameEn: neighbourLinks.nameEn,
  seq: neighbourInbox.seq,
  kind: neighbourInbox.kind,
  sentAt: neighbourInbox.sentAt,
  receivedAt: neighbourInbox.receivedAt,
  summary: neighbourInbox.summary,
  status: neighbourInbox.status,
  decidedAt: neighbourInbox.decidedAt,
  decidedByName: users.displayName,
  decisionReason: neighbourInbox.decisionReason,
  resultEntityId: neighbourInbox.resultEntityId,
};

/** The notifications received, newest first (neighbours.inbox, scoped by district). */
export async function listInboxFor(
  deps: NeighbourDeps,
  principal: Principal,
  filter: { status?: 'pending' | 'accepted' | 'rejected' | undefined },
) {
  const scope = scopeFor(principal, 'neighbours.inbox');
  const rows = await deps.database.db
    .select(inboxColumns)
    .from(neighbourInbox)
    .innerJoin(neighbourLinks, eq(neighbourLinks.id, neighbourInbox.linkId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, neighbourInbox.jurisdictionId))
    .leftJoin(users, eq(users.id, neighbourInbox.decidedBy))
    .where(
      and(
        // 0067: contact notifications share the inbox (their preview is /api/neighbours/contact-notifications/{id})
        inArray(neighbourInbox.kind, ['case.notification', 'contact.notification']),
        inScopePath(scope, jurisdictions.path),
        filter.status ? eq(neighbourInbox.status, filter.status) : undefined,
      ),
    )
    .orderBy(desc(neighbourInbox.receivedAt), desc(neighbourInbox.seq))
    .limit(500);
  const caseIds = rows
    .filter((r) => r.kind === 'case.notification')
    .map((r) => r.resultEntityId)
    .filter((id): id is string => id !== null);
  const contactCodes = await resultContactCodes(
    deps.database.db,
    rows.filter((r) => r.kind === 'contact.notification').map((r) => r.resultEntityId),
  );
  const codes = new Map(
    caseIds.length === 0
      ? []
      : (
          await deps.database.db
            .select({ id: caseReports.id, code: caseReports.code })
            .from(caseReports)
            .where(inArray(caseReports.id, caseIds))
        ).map((r) => [r.id, r.code] as const),
  );
  return rows.map((r) => ({
    ...r,
    resultCaseCode: r.resultEntityId ? (codes.get(r.resultEntityId) ?? null) : null,
    resultContactCode: r.resultEntityId ? (contactCodes.get(r.resultEntityId) ?? null) : null,
  }));
}

async function inboxItem(deps: NeighbourDeps, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'neighbours.inbox');
  const query = deps.database.db
    .select({ ...inboxColumns, payloadSealed: neighbourInbox.payloadSealed })
    .from(neighbourInbox)
    .innerJoin(neighbourLinks, eq(neighbourLinks.id, neighbourInbox.linkId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, neighbourInbox.jurisdictionId))
    .leftJoin(users, eq(users.id, neighbourInbox.decidedBy))
    .where(and(eq(neighbourInbox.id, id), eq(neighbourInbox.kind, 'case.notification'), inScopePath(scope, jurisdictions.path)));
  const [row] = await query;
  if (!row) throw notFound('notification');
  return row;
}

/**
 * The preview of a notification: what it says, the identity number masked (to a reader without
 * `cases.identity`, not one character of it), and local reports of the same person (by the identity number's
 * keyed hash) as possible duplicates. Reading personal data is audited.
 */
export async function previewFor(deps: NeighbourDeps, principal: Principal, id: string, ip: string | null) {
  const row = await inboxItem(deps, principal, id);
  const payload = openJson<CaseNotificationPayload>(deps.config, row.payloadSealed);
  const { payloadSealed: _sealed, ...item } = row;
  let person: (Omit<NotifiedPerson, 'idNumber'> & { idNumberMasked: string }) | null = null;
  let matches: { id: string; code: string }[] = [];
  if (payload.person) {
    const { idNumber, ...rest } = payload.person;
    const masked = idNumber ? maskIdNumber(rest.idType, idNumber) : '';
    person = { ...rest, idNumberMasked: hasRight(principal, 'cases.identity') ? masked : restrictedMask(masked) };
    if (idNumber && rest.idType !== 'none') {
      const hash = protectorOf(deps).protect(rest.idType, idNumber).hash;
      if (hash && hasRight(principal, 'cases.read')) {
        const caseScope = facilityScopeFor(principal, 'cases.read');
        const candidates = await deps.database.db
          .select({ id: caseReports.id, code: caseReports.code, path: jurisdictions.path })
          .from(caseReports)
          .innerJoin(jurisdictions, eq(jurisdictions.id, caseReports.jurisdictionId))
          .where(and(eq(caseReports.idNumberHash, hash), eq(caseReports.status, 'active')))
          .limit(20);
        matches = candidates.filter((c) => pathInScope(caseScope, c.path)).map(({ id, code }) => ({ id, code }));
      }
    }
    await deps.database.db.transaction(async (tx) => {
      await audit(tx, {
        actor: actorOf(principal),
        ip,
        action: 'read',
        entityType: 'neighbour_message',
        entityId: id,
        after: { jurisdictionId: row.jurisdictionId, linkId: row.linkId, caseCode: payload.caseCode },
      });
    });
  }
  const { person: _person, ...rest } = payload;
  return { ...item, notification: { ...rest, person }, possibleDuplicates: matches };
}

const CASE_DECISION: InboxDecisionKind<CaseNotificationPayload> = {
  entityType: 'case_report',
  messageKind: 'case.decision',
  codeOf: (payload) => ({ caseCode: payload.caseCode }),
  entityKey: 'caseId',
};

async function decide(
  deps: NeighbourDeps,
  principal: Principal,
  id: string,
  ip: string | null,
  decision: 'accepted' | 'rejected',
  act: (tx: Tx, payload: CaseNotificationPayload, link: LinkRow) => Promise<{ caseId: string | null; reason: string }>,
) {
  await inboxItem(deps, principal, id); // scope first: 404 outside it
  const { entityId, reason } = await decideInboxItem(deps, principal, id, ip, decision, CASE_DECISION, async (tx, payload, link) => {
    const done = await act(tx, payload, link);
    return { entityId: done.caseId, reason: done.reason };
  });
  return { id, status: decision, caseId: entityId, reason };
}

/**
 * Accepts a notification: it becomes a case report here (residence `jurisdictionId` in your scope, reporting
 * unit `facilityId` or your own), by the rules of the report form; its provenance stays in the inbox.
 */
export function acceptAs(
  deps: NeighbourDeps,
  principal: Principal,
  id: string,
  input: { jurisdictionId: string; facilityId?: string | null | undefined },
  ip: string | null,
) {
  const reportScope = scopeFor(principal, 'cases.report');
  return decide(deps, principal, id, ip, 'accepted', async (tx, payload, link) => {
    const [disease] = await tx.select({ id: diseases.id }).from(diseases).where(eq(diseases.code, payload.disease.code));
    if (!disease) throw conflict('not_in_agreement', `The disease ${payload.disease.code} is not in this platform's catalogue`);
    const person = payload.person;
    const row = await fileCaseReportInTx(
      tx,
      { protector: protectorOf(deps), now: deps.now },
      principal,
      reportScope,
      {
        diseaseId: disease.id,
        jurisdictionId: input.jurisdictionId,
        personName: person?.name ?? `${link.name}通报 ${payload.caseCode}`,
        sex: payload.sex,
        birthDate: payload.birthDate,
        idType: person?.idNumber ? person.idType : 'none',
        idNumber: person?.idNumber ?? null,
        phone: person?.phone ?? '',
        address: person?.address ?? '',
        occupation: person?.occupation ?? '',
        classification: payload.classification,
        onsetDate: payload.onsetDate,
        diagnosisAt: payload.diagnosisAt,
        reportedAt: payload.reportedAt,
        facilityId: input.facilityId ?? null,
        reportingDoctor: payload.reportingDoctor,
        severity: payload.severity,
        outcome: payload.outcome,
        labResults: payload.labResults,
      },
      ip,
    );
    return { caseId: row.id, reason: '' };
  });
}

/** Rejects a notification with a reason, which goes back to the sender. */
export function rejectAs(deps: NeighbourDeps, principal: Principal, id: string, reason: string, ip: string | null) {
  return decide(deps, principal, id, ip, 'rejected', async () => ({ caseId: null, reason }));
}

/**
 * Where a case report came from, when a neighbour notified it: the district, when it was sent and received,
 * the sender's case code, who shared it there and who accepted it here. 404 for a case of our own.
 */
export async function provenanceFor(deps: NeighbourDeps, principal: Principal, caseId: string) {
  const row = await findCaseRow(deps.database.db, facilityScopeFor(principal, 'cases.read'), caseId);
  if (!row) throw notFound('case');
  const [item] = await deps.database.db
    .select({ ...inboxColumns, payloadSealed: neighbourInbox.payloadSealed })
    .from(neighbourInbox)
    .innerJoin(neighbourLinks, eq(neighbourLinks.id, neighbourInbox.linkId))
    .leftJoin(users, eq(users.id, neighbourInbox.decidedBy))
    .where(and(eq(neighbourInbox.resultEntityId, row.id), eq(neighbourInbox.resultEntityType, 'case_report')));
  if (!item) throw notFound('provenance');
  const payload = openJson<CaseNotificationPayload>(deps.config, item.payloadSealed);
  return {
    caseId: row.id,
    messageId: item.id,
    linkId: item.linkId,
    districtCode: item.districtCode,
    districtName: item.districtName,
    districtNameEn: item.districtNameEn,
    senderCaseCode: payload.caseCode,
    sharedBy: payload.sharedBy,
    reportingUnit: payload.reportingUnit,
    sentAt: item.sentAt,
    receivedAt: item.receivedAt,
    acceptedAt: item.decidedAt,
    acceptedBy: item.decidedByName,
  };
}

/** The codes of contacts filed from accepted contact notifications (the inbox list). */
async function resultContactCodes(db: NeighbourDeps['database']['db'], ids: (string | null)[]): Promise<Map<string, string>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return new Map();
  const rows = await db.select({ id: contacts.id, code: contacts.code }).from(contacts).where(inArray(contacts.id, wanted));
  return new Map(rows.map((r) => [r.id, r.code] as const));
}

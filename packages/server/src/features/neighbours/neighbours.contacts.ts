/**
 * Contact notifications between linked districts (issue 16): a contact of ours (contact tracing) who lives or
 * stays in a linked neighbour is notified to it the way a case is — once per contact and neighbour, with or
 * without personal data as the link's agreement for contacts says — and the neighbour previews it and accepts it
 * (it becomes a contact under follow-up there, with its provenance) or rejects it with a reason; the decision
 * comes back.
 *
 * A contact needs an index case. At the receiver it is, in order: a local case the acceptor names; the case the
 * same neighbour notified with the same case code and that was accepted here; else a **reference case** — a case
 * report with status 'neighbour' that names only the neighbour's case code and is never counted (like an
 * exercise's reports), made once per link and case code (`neighbour_case_refs`). No personal data of the index
 * case ever leaves the sender.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { facilityScopeFor, hasRight, inScopePath, type Principal, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { diseases } from '../catalogue/index.ts';
import { caseReports, findCaseRow, identityProtector, type IdType, maskIdNumber, restrictedMask } from '../cases/index.ts';
import { contacts, registerCaseContactsInTx } from '../contacts/index.ts';
import { notify } from '../notifications/index.ts';
import { contactAgreementOf } from './neighbours.agreements.ts';
import { type InboxDecisionKind, decideInboxItem } from './neighbours.decide.ts';
import { enqueueMessage, openJson } from './neighbours.outbox.ts';
import type { NeighbourDeps } from './neighbours.service.ts';
import { findLink, type LinkRow } from './neighbours.store.ts';
import { contactFieldsOf } from './neighbours.updates.ts';
import { neighbourCaseRefs, neighbourInbox, neighbourLinks, neighbourShares } from './neighbours.tables.ts';

const actorOf = (p: Principal) => ({ id: p.id, username: p.username });

/** The person part of a contact notification: only when the agreement for contacts sends personal data. */
export interface NotifiedContactPerson {
  name: string;
  idType: IdType;
  idNumber: string | null;
  phone: string;
  address: string;
}

/** What a contact notification carries (the minimum: nothing of the index case's person). */
export interface ContactNotificationPayload {
  contactCode: string;
  disease: { code: string; name: string; nameEn: string };
  /** the sender's index case: its code and what is needed to follow the contact up, never its person */
  indexCase: { code: string; classification: string; onsetDate: string | null; diagnosisAt: string };
  degree: number;
  relation: string;
  setting: string;
  contactType: string;
  riskCategory: string;
  lastExposureAt: string;
  followUpUntil: string;
  followUpPerDay: number;
  status: string;
  sex: string;
  note: string;
  sharedBy: string;
  person: NotifiedContactPerson | null;
}

const protectorOf = (deps: NeighbourDeps) => identityProtector(deps.config);

/** A contact of ours in the reader's contacts.read scope (not merged), or undefined. */
async function findOurContact(db: Executor, principal: Principal, id: string, forUpdate = false) {
  const scope = scopeFor(principal, 'contacts.read');
  const query = db
    .select({ contact: contacts })
    .from(contacts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, contacts.jurisdictionId))
    .where(and(eq(contacts.id, id), inScopePath(scope, jurisdictions.path)));
  const [row] = forUpdate ? await query.for('update', { of: contacts }) : await query;
  return row?.contact;
}

/** What a contact notification says of a contact of ours (the sender's side). */
async function contactPayload(
  tx: Executor,
  deps: NeighbourDeps,
  c: typeof contacts.$inferSelect,
  personalData: boolean,
  note: string,
  sharedBy: string,
): Promise<ContactNotificationPayload> {
  const [disease] = await tx.select().from(diseases).where(eq(diseases.id, c.diseaseId));
  const [index] = await tx
    .select({
      code: caseReports.code,
      classification: caseReports.classification,
      onsetDate: caseReports.onsetDate,
      diagnosisAt: caseReports.diagnosisAt,
    })
    .from(caseReports)
    .where(eq(caseReports.id, c.indexCaseId));
  return {
    contactCode: c.code,
    disease: { code: disease!.code, name: disease!.name, nameEn: disease!.nameEn },
    indexCase: {
      code: index!.code,
      classification: index!.classification,
      onsetDate: index!.onsetDate,
      diagnosisAt: index!.diagnosisAt.toISOString(),
    },
    degree: c.degree,
    relation: c.relation,
    setting: c.setting,
    contactType: c.contactType,
    riskCategory: c.riskCategory,
    lastExposureAt: c.lastExposureAt.toISOString(),
    followUpUntil: String(c.followUpUntil),
    followUpPerDay: c.followUpPerDay,
    status: c.status,
    sex: c.sex,
    note,
    sharedBy,
    person: personalData
      ? {
          name: c.personName,
          idType: c.idType,
          idNumber: c.idNumberEncrypted ? protectorOf(deps).reveal(c.idNumberEncrypted) : null,
          phone: c.phone,
          address: c.address,
        }
      : null,
  };
}

/**
 * Notifies a linked neighbour of a contact of ours who lives or stays there (neighbours.share + contacts.read
 * over the contact); once per contact and neighbour. The contact is marked "other district notified".
 */
export async function shareContactAs(
  deps: NeighbourDeps,
  principal: Principal,
  linkId: string,
  input: { contactId: string; note: string },
  ip: string | null,
) {
  const now = deps.now?.() ?? new Date();
  const linkScope = scopeFor(principal, 'neighbours.share');
  return deps.database.db.transaction(async (tx) => {
    const link = await findLink(tx, linkScope, linkId, true);
    if (!link) throw notFound('neighbour');
    const c = await findOurContact(tx, principal, input.contactId, true);
    if (!c || c.mergedIntoId) throw notFound('contact');
    if (link.state !== 'active') throw conflict('link_not_active', 'The link is not active: nothing is sent', { state: link.state });
    const agreement = contactAgreementOf(link.agreements);
    if (!agreement.send) throw conflict('not_in_agreement', 'The agreement with this neighbour does not send contact notifications');
    const [already] = await tx
      .select({ id: neighbourShares.id })
      .from(neighbourShares)
      .where(and(eq(neighbourShares.linkId, link.id), eq(neighbourShares.entityType, 'contact'), eq(neighbourShares.entityId, c.id)));
    if (already) throw conflict('already_exists', 'This contact was notified to this neighbour already', { id: already.id });
    const payload = await contactPayload(tx, deps, c, agreement.personalData, input.note, principal.displayName);
    const summary = { contactCode: c.code, diseaseCode: payload.disease.code, withPersonalData: payload.person !== null };
    const messageId = await enqueueMessage(tx, deps.config, link, 'contact.notification', { ...payload }, summary, now);
    const [share] = await tx
      .insert(neighbourShares)
      .values({
        linkId: link.id,
        jurisdictionId: link.jurisdictionId,
        entityType: 'contact',
        entityId: c.id,
        messageId,
        withPersonalData: payload.person !== null,
        sharedBy: principal.id,
        createdAt: now,
        sentFields: contactFieldsOf(c),
      })
      .returning();
    // the contact's "other district notified" mark (tracing's list of contacts living elsewhere)
    if (!c.otherDistrictNotifiedAt)
      await tx
        .update(contacts)
        .set({ otherDistrictNotifiedAt: now, otherDistrict: c.otherDistrict || link.name, updatedAt: now })
        .where(eq(contacts.id, c.id));
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'share',
      entityType: 'contact',
      entityId: c.id,
      after: {
        jurisdictionId: c.jurisdictionId,
        linkId: link.id,
        district: link.districtCode,
        messageId,
        withPersonalData: payload.person !== null,
      },
    });
    return share!;
  });
}

/** The neighbours a contact of ours was notified to, and their decisions (its page). */
export async function sharesOfContactFor(deps: NeighbourDeps, principal: Principal, contactId: string) {
  const c = await findOurContact(deps.database.db, principal, contactId);
  if (!c) throw notFound('contact');
  return sharesOf(deps.database.db, 'contact', c.id);
}

/** The shares of one record of ours, newest first, with the comments counted. */
export async function sharesOf(db: Executor, entityType: 'case_report' | 'contact', entityId: string) {
  return db
    .select({
      id: neighbourShares.id,
      linkId: neighbourShares.linkId,
      messageId: neighbourShares.messageId,
      districtCode: neighbourLinks.districtCode,
      name: neighbourLinks.name,
      nameEn: neighbourLinks.nameEn,
      linkState: neighbourLinks.state,
      withPersonalData: neighbourShares.withPersonalData,
      status: neighbourShares.status,
      version: neighbourShares.version,
      decisionReason: neighbourShares.decisionReason,
      decidedAt: neighbourShares.decidedAt,
      decidedByName: neighbourShares.decidedByName,
      sharedByName: users.displayName,
      createdAt: neighbourShares.createdAt,
      comments: sql<number>`(SELECT count(*)::int FROM neighbour_comments nc WHERE nc.notification_id = ${neighbourShares.messageId})`,
    })
    .from(neighbourShares)
    .innerJoin(neighbourLinks, eq(neighbourLinks.id, neighbourShares.linkId))
    .leftJoin(users, eq(users.id, neighbourShares.sharedBy))
    .where(and(eq(neighbourShares.entityType, entityType), eq(neighbourShares.entityId, entityId)))
    .orderBy(desc(neighbourShares.createdAt));
}

// ── receiving ───────────────────────────────────────────────────────────────────────────────────

/** What an inbox list may show of a contact notification: nothing that names the person. */
export function contactSummaryOf(payload: Record<string, unknown>): Record<string, unknown> {
  const disease = (payload.disease ?? {}) as Record<string, unknown>;
  const index = (payload.indexCase ?? {}) as Record<string, unknown>;
  return {
    contactCode: payload.contactCode ?? null,
    indexCaseCode: index.code ?? null,
    diseaseCode: disease.code ?? null,
    diseaseName: disease.name ?? null,
    diseaseNameEn: disease.nameEn ?? null,
    riskCategory: payload.riskCategory ?? null,
    lastExposureAt: payload.lastExposureAt ?? null,
    withPersonalData: payload.person != null,
  };
}

async function contactInboxItem(deps: NeighbourDeps, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'neighbours.inbox');
  const [row] = await deps.database.db
    .select({
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
      payloadSealed: neighbourInbox.payloadSealed,
    })
    .from(neighbourInbox)
    .innerJoin(neighbourLinks, eq(neighbourLinks.id, neighbourInbox.linkId))
    .innerJoin(jurisdictions, eq(jurisdictions.id, neighbourInbox.jurisdictionId))
    .leftJoin(users, eq(users.id, neighbourInbox.decidedBy))
    .where(and(eq(neighbourInbox.id, id), eq(neighbourInbox.kind, 'contact.notification'), inScopePath(scope, jurisdictions.path)));
  if (!row) throw notFound('notification');
  return row;
}

/** The local case this platform already has for the neighbour's case code: accepted from it, or a reference. */
async function knownIndexCase(db: Executor, linkId: string, senderCaseCode: string) {
  const [accepted] = await db
    .select({ id: caseReports.id, code: caseReports.code })
    .from(neighbourInbox)
    .innerJoin(caseReports, eq(caseReports.id, neighbourInbox.resultEntityId))
    .where(
      and(
        eq(neighbourInbox.linkId, linkId),
        eq(neighbourInbox.kind, 'case.notification'),
        eq(neighbourInbox.status, 'accepted'),
        sql`${neighbourInbox.summary}->>'caseCode' = ${senderCaseCode}`,
      ),
    )
    .limit(1);
  if (accepted) return { ...accepted, kind: 'accepted_notification' as const };
  const [ref] = await db
    .select({ id: caseReports.id, code: caseReports.code })
    .from(neighbourCaseRefs)
    .innerJoin(caseReports, eq(caseReports.id, neighbourCaseRefs.caseReportId))
    .where(and(eq(neighbourCaseRefs.linkId, linkId), eq(neighbourCaseRefs.senderCaseCode, senderCaseCode)));
  return ref ? { ...ref, kind: 'reference' as const } : null;
}

/**
 * The preview of a contact notification: what it says, the identity number masked (to a reader without
 * cases.identity not one character of it), local contacts with the same identity number as possible duplicates,
 * and the local index case it will be filed under. Reading personal data is audited.
 */
export async function previewContactFor(deps: NeighbourDeps, principal: Principal, id: string, ip: string | null) {
  const row = await contactInboxItem(deps, principal, id);
  const payload = openJson<ContactNotificationPayload>(deps.config, row.payloadSealed);
  const { payloadSealed: _sealed, ...item } = row;
  let person: (Omit<NotifiedContactPerson, 'idNumber'> & { idNumberMasked: string }) | null = null;
  let matches: { id: string; code: string }[] = [];
  if (payload.person) {
    const { idNumber, ...rest } = payload.person;
    const masked = idNumber ? maskIdNumber(rest.idType, idNumber) : '';
    person = { ...rest, idNumberMasked: hasRight(principal, 'cases.identity') ? masked : restrictedMask(masked) };
    if (idNumber && rest.idType !== 'none' && hasRight(principal, 'contacts.read')) {
      const hash = protectorOf(deps).protect(rest.idType, idNumber).hash;
      const scope = scopeFor(principal, 'contacts.read');
      if (hash) {
        const candidates = await deps.database.db
          .select({ id: contacts.id, code: contacts.code, path: jurisdictions.path })
          .from(contacts)
          .innerJoin(jurisdictions, eq(jurisdictions.id, contacts.jurisdictionId))
          .where(and(eq(contacts.idNumberHash, hash), sql`${contacts.mergedIntoId} IS NULL`))
          .limit(20);
        matches = candidates.filter((c) => pathInScope(scope, c.path)).map(({ id: cid, code }) => ({ id: cid, code }));
      }
    }
    await deps.database.db.transaction(async (tx) => {
      await audit(tx, {
        actor: actorOf(principal),
        ip,
        action: 'read',
        entityType: 'neighbour_message',
        entityId: id,
        after: { jurisdictionId: row.jurisdictionId, linkId: row.linkId, contactCode: payload.contactCode },
      });
    });
  }
  const index = await knownIndexCase(deps.database.db, row.linkId, payload.indexCase.code);
  const { person: _p, ...rest } = payload;
  return { ...item, notification: { ...rest, person }, possibleDuplicates: matches, indexCaseHere: index };
}

/** The local index case for an accepted contact (see the module comment). */
async function indexCaseFor(
  tx: Tx,
  principal: Principal,
  link: LinkRow,
  payload: ContactNotificationPayload,
  diseaseId: string,
  chosen: string | null | undefined,
  now: Date,
  ip: string | null,
): Promise<string> {
  if (chosen) {
    const row = await findCaseRow(tx, facilityScopeFor(principal, 'cases.read'), chosen);
    if (!row) throw validationFailed([{ path: 'indexCaseId', message: 'no such case report in your jurisdiction' }]);
    if (row.diseaseId !== diseaseId) throw validationFailed([{ path: 'indexCaseId', message: 'the case is of another disease' }]);
    return row.id;
  }
  const known = await knownIndexCase(tx, link.id, payload.indexCase.code);
  if (known) return known.id;
  const [ref] = await tx
    .insert(caseReports)
    .values({
      diseaseId,
      jurisdictionId: link.jurisdictionId,
      personName: `${link.name}病例 ${payload.indexCase.code}`,
      sex: 'unknown',
      idType: 'none',
      classification: payload.indexCase.classification as (typeof caseReports.$inferInsert)['classification'],
      onsetDate: payload.indexCase.onsetDate,
      diagnosisAt: new Date(payload.indexCase.diagnosisAt),
      reportedAt: now,
      status: 'neighbour',
      reviewStatus: 'approved',
      createdBy: principal.id,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: caseReports.id, code: caseReports.code });
  await tx
    .insert(neighbourCaseRefs)
    .values({ linkId: link.id, senderCaseCode: payload.indexCase.code, caseReportId: ref!.id, createdAt: now });
  await audit(tx, {
    actor: actorOf(principal),
    ip,
    action: 'create',
    entityType: 'case_report',
    entityId: ref!.id,
    after: { jurisdictionId: link.jurisdictionId, status: 'neighbour', linkId: link.id, senderCaseCode: payload.indexCase.code },
  });
  return ref!.id;
}

const CONTACT_DECISION: InboxDecisionKind<ContactNotificationPayload> = {
  entityType: 'contact',
  messageKind: 'contact.decision',
  codeOf: (payload) => ({ contactCode: payload.contactCode }),
  entityKey: 'contactId',
};

async function decideContact(
  deps: NeighbourDeps,
  principal: Principal,
  id: string,
  ip: string | null,
  decision: 'accepted' | 'rejected',
  act: (tx: Tx, payload: ContactNotificationPayload, link: LinkRow, now: Date) => Promise<{ contactId: string | null; reason: string }>,
) {
  await contactInboxItem(deps, principal, id); // scope first: 404 outside it
  const { entityId, reason } = await decideInboxItem(
    deps,
    principal,
    id,
    ip,
    decision,
    CONTACT_DECISION,
    async (tx, payload, link, now) => {
      const done = await act(tx, payload, link, now);
      return { entityId: done.contactId, reason: done.reason };
    },
  );
  return { id, status: decision, contactId: entityId, reason };
}

/**
 * Accepts a contact notification: it becomes a contact under follow-up here (contacts.write over the residence
 * `jurisdictionId`; the window from this platform's incubation period for the disease), filed under the index case
 * (see the module comment); its provenance stays in the inbox.
 */
export function acceptContactAs(
  deps: NeighbourDeps,
  principal: Principal,
  id: string,
  input: { jurisdictionId: string; indexCaseId?: string | null | undefined },
  ip: string | null,
) {
  return decideContact(deps, principal, id, ip, 'accepted', async (tx, payload, link, now) => {
    const [disease] = await tx.select({ id: diseases.id }).from(diseases).where(eq(diseases.code, payload.disease.code));
    if (!disease) throw conflict('not_in_agreement', `The disease ${payload.disease.code} is not in this platform's catalogue`);
    const indexCaseId = await indexCaseFor(tx, principal, link, payload, disease.id, input.indexCaseId, now, ip);
    const person = payload.person;
    const idType = person?.idNumber ? person.idType : 'none';
    const identity = person?.idNumber ? protectorOf(deps).protect(idType, person.idNumber) : null;
    const [row] = await registerCaseContactsInTx(
      tx,
      { now: () => now },
      principal,
      indexCaseId,
      [
        {
          personName: person?.name ?? `${link.name}通报 ${payload.contactCode}`,
          jurisdictionId: input.jurisdictionId,
          sex: payload.sex as 'male' | 'female' | 'unknown',
          idType,
          identity: identity ? { encrypted: identity.encrypted, masked: identity.masked, hash: identity.hash } : null,
          phone: person?.phone ?? '',
          address: person?.address ?? '',
          relation: payload.relation as never,
          setting: payload.setting as never,
          contactType: payload.contactType as never,
          riskCategory: payload.riskCategory as never,
          followUpPerDay: payload.followUpPerDay,
          notes: `${link.name}通报 ${payload.contactCode}${payload.note ? `：${payload.note}` : ''}`.slice(0, 2000),
          lastExposureAt: new Date(payload.lastExposureAt),
        },
      ],
      ip,
    );
    return { contactId: row!.id, reason: '' };
  });
}

/** Rejects a contact notification with a reason, which goes back to the sender. */
export function rejectContactAs(deps: NeighbourDeps, principal: Principal, id: string, reason: string, ip: string | null) {
  return decideContact(deps, principal, id, ip, 'rejected', async () => ({ contactId: null, reason }));
}

/** Where a contact came from, when a neighbour notified it; 404 for a contact of our own. */
export async function contactProvenanceFor(deps: NeighbourDeps, principal: Principal, contactId: string) {
  const c = await findOurContact(deps.database.db, principal, contactId);
  if (!c) throw notFound('contact');
  const [item] = await deps.database.db
    .select({
      id: neighbourInbox.id,
      linkId: neighbourInbox.linkId,
      districtCode: neighbourLinks.districtCode,
      districtName: neighbourLinks.name,
      districtNameEn: neighbourLinks.nameEn,
      sentAt: neighbourInbox.sentAt,
      receivedAt: neighbourInbox.receivedAt,
      decidedAt: neighbourInbox.decidedAt,
      decidedByName: users.displayName,
      payloadSealed: neighbourInbox.payloadSealed,
    })
    .from(neighbourInbox)
    .innerJoin(neighbourLinks, eq(neighbourLinks.id, neighbourInbox.linkId))
    .leftJoin(users, eq(users.id, neighbourInbox.decidedBy))
    .where(and(eq(neighbourInbox.resultEntityId, c.id), eq(neighbourInbox.resultEntityType, 'contact')));
  if (!item) throw notFound('provenance');
  const payload = openJson<ContactNotificationPayload>(deps.config, item.payloadSealed);
  return {
    contactId: c.id,
    messageId: item.id,
    linkId: item.linkId,
    districtCode: item.districtCode,
    districtName: item.districtName,
    districtNameEn: item.districtNameEn,
    senderContactCode: payload.contactCode,
    senderIndexCaseCode: payload.indexCase.code,
    sharedBy: payload.sharedBy,
    sentAt: item.sentAt,
    receivedAt: item.receivedAt,
    acceptedAt: item.decidedAt,
    acceptedBy: item.decidedByName,
  };
}

/** The sender's side of a decision on a contact notification (inside the batch's transaction). */
export async function receiveContactDecision(tx: Tx, link: LinkRow, payload: Record<string, unknown>, now: Date) {
  const decision = payload.decision === 'accepted' ? 'accepted' : 'rejected';
  const [share] = await tx
    .update(neighbourShares)
    .set({
      status: decision,
      decisionReason: String(payload.reason ?? '').slice(0, 500),
      decidedAt: now,
      decidedByName: String(payload.decidedBy ?? '').slice(0, 100),
    })
    .where(and(eq(neighbourShares.messageId, String(payload.messageId)), eq(neighbourShares.linkId, link.id)))
    .returning();
  if (share?.sharedBy) {
    await notify(tx, {
      recipients: { userIds: [share.sharedBy] },
      kind: 'neighbour.decision',
      severity: decision === 'accepted' ? 'info' : 'warning',
      title: decision === 'accepted' ? `${link.name}已接收通报的密切接触者` : `${link.name}拒收通报的密切接触者：${share.decisionReason}`,
      titleEn:
        decision === 'accepted'
          ? `${link.nameEn || link.name} accepted the notified contact`
          : `${link.nameEn || link.name} rejected the notified contact: ${share.decisionReason}`,
      link: `/contacts/${share.entityId}`,
      entity: { type: 'contact', id: share.entityId },
    });
  }
  return { decision, messageId: payload.messageId };
}

/**
 * Versioned updates of a shared record, with conflicts shown rather than overwritten (issue 16; SORMAS's lesson:
 * sharing the same record twice made conflicting copies — here a record is shared once and then follows).
 *
 * Sender: a share remembers its version (1: the notification) and, per field, the value it last sent
 * (`sent_fields`). `queueRecordUpdates` — run by the delivery job before each delivery, and callable at any time —
 * compares each shared record with what was sent; a difference goes as one `record.update` message with the next
 * version and the changed fields, written in one transaction with the share's new version and sent fields. Nothing
 * is lost (the comparison is with what was last sent, so a crash before the transaction only delays it) and nothing
 * is sent twice (the version moves in the same transaction); a burst of edits within a run goes as one version.
 * Fields that follow — a case: classification, severity, outcome, onset date, laboratory results; a contact: risk
 * category and last exposure (its follow-up window moves with it).
 *
 * Receiver: an update is stored once (its message id) and applied in version order: the next version of an
 * accepted notification is applied; a later one waits for the missing one; one at or below the applied version is
 * **stale** (refused, kept for the record); on a notification not yet decided it waits and is applied on
 * acceptance; on a rejected one it is ignored. Applying compares, per field, the local value with the value last
 * applied (the base): unchanged here → the neighbour's value is written; changed here to the same value →
 * nothing to do; changed here to another value → a **conflict**, shown to the holders of `neighbours.inbox`, who
 * choose per field: keep ours or take theirs.
 */
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { type AuditActor, audit } from '../../platform/audit/audit.ts';
import { hasRight, inScopePath, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { conflict, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { runHook } from '../../platform/hooks/hooks.ts';
import { caseReports, type NeighbourCaseValues, recordNeighbourUpdate } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { type ContactStatus, contacts, followUpUntil } from '../contacts/index.ts';
import { notify } from '../notifications/index.ts';
import { enqueueMessage } from './neighbours.outbox.ts';
import type { NeighbourDeps } from './neighbours.service.ts';
import type { LinkRow } from './neighbours.store.ts';
import {
  type FieldConflict,
  neighbourInbox,
  neighbourLinks,
  neighbourShares,
  neighbourUpdates,
  type UpdateStatus,
} from './neighbours.tables.ts';

export const CASE_FIELDS = ['classification', 'severity', 'outcome', 'onsetDate', 'labResults'] as const;
export const CONTACT_FIELDS = ['riskCategory', 'lastExposureAt', 'status'] as const;
/** The statuses at which a contact has become a case (the receiver's quarantine stay ends, as for its own). */
const CONVERTED: readonly string[] = ['converted_suspected', 'converted_confirmed'] satisfies ContactStatus[];
type Fields = Record<string, unknown>;

/** JSON with sorted keys: jsonb reorders object keys, so values are compared in this form. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Fields)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

/** The followed fields of a case (a row or a notification's payload). */
export function caseFieldsOf(r: {
  classification: string;
  severity: string;
  outcome: string;
  onsetDate: string | null;
  labResults: unknown;
}): Fields {
  return { classification: r.classification, severity: r.severity, outcome: r.outcome, onsetDate: r.onsetDate, labResults: r.labResults };
}

/** The followed fields of a contact (a row or a notification's payload). */
export function contactFieldsOf(r: { riskCategory: string; lastExposureAt: Date | string; status: string }): Fields {
  return {
    riskCategory: r.riskCategory,
    status: r.status,
    lastExposureAt: r.lastExposureAt instanceof Date ? r.lastExposureAt.toISOString() : new Date(r.lastExposureAt).toISOString(),
  };
}

// ── sender ──────────────────────────────────────────────────────────────────────────────────────

/** Current followed fields of shared records of one type. */
async function currentFields(db: Database['db'] | Tx, entityType: 'case_report' | 'contact', ids: string[]) {
  const out = new Map<string, Fields>();
  if (ids.length === 0) return out;
  if (entityType === 'case_report') {
    const rows = await db
      .select()
      .from(caseReports)
      .where(and(inArray(caseReports.id, ids), ne(caseReports.status, 'merged')));
    for (const r of rows) out.set(r.id, caseFieldsOf(r));
  } else {
    const rows = await db.select().from(contacts).where(inArray(contacts.id, ids));
    for (const r of rows) if (!r.mergedIntoId) out.set(r.id, contactFieldsOf(r));
  }
  return out;
}

/**
 * Queues a `record.update` for every shared record (on an active link, not rejected) that changed since its last
 * version; a share without a baseline (made before 0067) takes one without sending. Returns the updates queued.
 */
export async function queueRecordUpdates(database: Database, config: NeighbourDeps['config'], now: Date = new Date()): Promise<number> {
  const shares = await database.db
    .select({ share: neighbourShares })
    .from(neighbourShares)
    .innerJoin(neighbourLinks, eq(neighbourLinks.id, neighbourShares.linkId))
    .where(and(eq(neighbourLinks.state, 'active'), ne(neighbourShares.status, 'rejected')));
  let queued = 0;
  for (const type of ['case_report', 'contact'] as const) {
    const ofType = shares.map((s) => s.share).filter((s) => s.entityType === type);
    const current = await currentFields(database.db, type, [...new Set(ofType.map((s) => s.entityId))]);
    for (const share of ofType) {
      const fields = current.get(share.entityId);
      if (!fields) continue;
      const changed = Object.keys(fields).filter((f) => !same(fields[f], share.sentFields[f]));
      if (changed.length === 0) continue;
      const sent = await database.db.transaction(async (tx) => {
        const [locked] = await tx.select().from(neighbourShares).where(eq(neighbourShares.id, share.id)).for('update');
        const [link] = await tx.select().from(neighbourLinks).where(eq(neighbourLinks.id, share.linkId)).for('update');
        if (!locked || link?.state !== 'active') return false;
        const fresh = (await currentFields(tx, type, [locked.entityId])).get(locked.entityId);
        if (!fresh) return false;
        if (Object.keys(locked.sentFields).length === 0) {
          // a share made before versions: take the baseline, send nothing
          await tx.update(neighbourShares).set({ sentFields: fresh }).where(eq(neighbourShares.id, locked.id));
          return false;
        }
        const changes: Fields = {};
        for (const f of Object.keys(fresh)) if (!same(fresh[f], locked.sentFields[f])) changes[f] = fresh[f];
        if (Object.keys(changes).length === 0) return false;
        const version = locked.version + 1;
        const messageId = await enqueueMessage(
          tx,
          config,
          link,
          'record.update',
          { notificationId: locked.messageId, entityType: type, version, changes },
          { notificationId: locked.messageId, version, fields: Object.keys(changes) },
          now,
        );
        await tx.update(neighbourShares).set({ version, sentFields: fresh }).where(eq(neighbourShares.id, locked.id));
        await audit(tx, {
          actor: null,
          ip: null,
          action: 'share',
          entityType: type,
          entityId: locked.entityId,
          after: { jurisdictionId: locked.jurisdictionId, linkId: link.id, messageId, version, fields: Object.keys(changes) },
        });
        return true;
      });
      if (sent) queued += 1;
    }
  }
  return queued;
}

// ── receiver ────────────────────────────────────────────────────────────────────────────────────

type InboxRow = typeof neighbourInbox.$inferSelect;

/** The local values of the followed fields of an accepted notification's record. */
async function localFields(tx: Tx, item: InboxRow): Promise<Fields | null> {
  if (!item.resultEntityId) return null;
  const type = item.resultEntityType === 'contact' ? 'contact' : 'case_report';
  if (type === 'case_report') {
    const [r] = await tx.select().from(caseReports).where(eq(caseReports.id, item.resultEntityId)).for('update');
    return r ? caseFieldsOf(r) : null;
  }
  const [r] = await tx.select().from(contacts).where(eq(contacts.id, item.resultEntityId)).for('update');
  return r ? contactFieldsOf(r) : null;
}

async function auditNeighbourUpdate(tx: Tx, item: InboxRow, values: Fields, version: number, by: AuditActor | null) {
  await audit(tx, {
    actor: by,
    ip: null,
    action: 'update',
    entityType: item.resultEntityType === 'contact' ? 'contact' : 'case_report',
    entityId: item.resultEntityId!,
    after: { jurisdictionId: item.jurisdictionId, source: 'neighbour_update', linkId: item.linkId, version, fields: Object.keys(values) },
  });
}

/**
 * Writes the neighbour's values of some fields to the local record. A case goes through the cases feature's
 * correction record (a version of the card naming the district, `recordNeighbourUpdate`); a contact is updated in
 * place, audited as the neighbour's update — its status too (follow-up ended, lost, became a case: a contact who
 * became a case there leaves quarantine here through contacts' own hook, as one converted here does).
 * `by`: the person who chose the neighbour's value in a conflict; null when applied on arrival.
 */
async function writeLocal(tx: Tx, item: InboxRow, values: Fields, version: number, now: Date, by: AuditActor | null = null) {
  if (!item.resultEntityId || Object.keys(values).length === 0) return;
  const [link] = await tx
    .select({ id: neighbourLinks.id, districtCode: neighbourLinks.districtCode, name: neighbourLinks.name, nameEn: neighbourLinks.nameEn })
    .from(neighbourLinks)
    .where(eq(neighbourLinks.id, item.linkId));
  if (item.resultEntityType !== 'contact') {
    const caseValues: Fields = {};
    for (const f of CASE_FIELDS) if (f in values) caseValues[f] = values[f];
    await recordNeighbourUpdate(tx, {
      caseId: item.resultEntityId,
      values: caseValues as NeighbourCaseValues,
      neighbour: {
        linkId: item.linkId,
        districtCode: link?.districtCode ?? '',
        name: link?.name ?? '',
        nameEn: link?.nameEn ?? '',
        version,
      },
      changedBy: by?.id ?? null,
      now,
    });
    await auditNeighbourUpdate(tx, item, values, version, by);
    return;
  }
  const [c] = await tx
    .select({ code: contacts.code, status: contacts.status, days: diseases.maxIncubationDays })
    .from(contacts)
    .innerJoin(diseases, eq(diseases.id, contacts.diseaseId))
    .where(eq(contacts.id, item.resultEntityId));
  const set: Partial<typeof contacts.$inferInsert> = { updatedAt: now };
  if ('riskCategory' in values) set.riskCategory = values.riskCategory as never;
  if ('lastExposureAt' in values) {
    const at = new Date(String(values.lastExposureAt));
    set.lastExposureAt = at;
    set.followUpUntil = followUpUntil(at, c?.days ?? 14);
  }
  const status = 'status' in values ? (values.status as ContactStatus) : null;
  if (status && status !== c?.status) {
    set.status = status;
    // the reason names the district (a cancellation needs one); the neighbour's own reason may name a person
    set.statusReason = `${link?.name ?? ''}（${link?.districtCode ?? ''}）`;
    set.statusChangedAt = now;
  }
  await tx.update(contacts).set(set).where(eq(contacts.id, item.resultEntityId));
  await auditNeighbourUpdate(tx, item, values, version, by);
  if (set.status && CONVERTED.includes(set.status) && !CONVERTED.includes(c?.status ?? ''))
    await runHook(tx, 'contacts.converted', {
      contactId: item.resultEntityId,
      contactCode: c?.code ?? '',
      status: set.status as 'converted_suspected' | 'converted_confirmed',
      caseReportId: null,
      actor: null,
      ip: null,
      now,
    });
}

/** Applies one update to an accepted notification's record: per field, write, converge or conflict. */
async function applyUpdate(tx: Tx, item: InboxRow, update: { id: string; version: number; changes: Fields }, now: Date) {
  const local = await localFields(tx, item);
  const base = { ...item.appliedFields };
  const write: Fields = {};
  const conflicts: Record<string, FieldConflict> = {};
  for (const [field, remote] of Object.entries(update.changes)) {
    if (local === null || !(field in local)) continue;
    // a field that began to follow after the notification was accepted (a contact's status, 2026-12): no change here is known
    if (!(field in base)) base[field] = local[field];
    if (same(local[field], base[field])) {
      write[field] = remote;
      base[field] = remote;
    } else if (same(local[field], remote)) {
      base[field] = remote;
    } else {
      conflicts[field] = { base: base[field] ?? null, local: local[field], remote };
    }
  }
  await writeLocal(tx, item, write, update.version, now);
  const status: UpdateStatus = Object.keys(conflicts).length > 0 ? 'conflict' : 'applied';
  await tx.update(neighbourUpdates).set({ status, conflicts }).where(eq(neighbourUpdates.id, update.id));
  await tx.update(neighbourInbox).set({ appliedVersion: update.version, appliedFields: base }).where(eq(neighbourInbox.id, item.id));
  return { ...item, appliedVersion: update.version, appliedFields: base, status: item.status, conflicted: status === 'conflict' };
}

/** Applies, in version order, the waiting updates that follow the applied version (after an arrival or an acceptance). */
export async function applyWaitingUpdates(tx: Tx, notificationId: string, now: Date): Promise<{ applied: number; conflicts: number }> {
  let [item] = await tx.select().from(neighbourInbox).where(eq(neighbourInbox.id, notificationId)).for('update');
  let applied = 0;
  let conflicts = 0;
  if (item?.status !== 'accepted') return { applied, conflicts };
  const waiting = await tx
    .select()
    .from(neighbourUpdates)
    .where(and(eq(neighbourUpdates.notificationId, notificationId), eq(neighbourUpdates.status, 'waiting')))
    .orderBy(asc(neighbourUpdates.version));
  for (const update of waiting) {
    if (update.version <= item.appliedVersion) {
      await tx.update(neighbourUpdates).set({ status: 'stale' }).where(eq(neighbourUpdates.id, update.id));
      continue;
    }
    if (update.version !== item.appliedVersion + 1) break; // a version is missing: wait for it
    const next = await applyUpdate(tx, item, update, now);
    applied += 1;
    if (next.conflicted) conflicts += 1;
    item = { ...item, appliedVersion: next.appliedVersion, appliedFields: next.appliedFields };
  }
  return { applied, conflicts };
}

/** A rejected notification's waiting updates are ignored. */
export async function ignoreWaitingUpdates(tx: Tx, notificationId: string) {
  await tx
    .update(neighbourUpdates)
    .set({ status: 'ignored' })
    .where(and(eq(neighbourUpdates.notificationId, notificationId), eq(neighbourUpdates.status, 'waiting')));
}

/** A `record.update` as it arrives (inside the batch's transaction). */
export async function receiveRecordUpdate(tx: Tx, link: LinkRow, id: string, payload: Record<string, unknown>, now: Date) {
  const notificationId = String(payload.notificationId ?? '');
  const version = Number(payload.version);
  const changes = (payload.changes && typeof payload.changes === 'object' ? payload.changes : {}) as Fields;
  if (!/^[0-9a-f-]{36}$/i.test(notificationId) || !Number.isInteger(version) || version < 2)
    return { dropped: 'malformed', notificationId };
  const [item] = await tx
    .select()
    .from(neighbourInbox)
    .where(and(eq(neighbourInbox.id, notificationId), eq(neighbourInbox.linkId, link.id)))
    .for('update');
  if (!item || !['case.notification', 'contact.notification'].includes(item.kind))
    return { dropped: 'unknown_notification', notificationId };
  const allowed: readonly string[] = item.kind === 'contact.notification' ? CONTACT_FIELDS : CASE_FIELDS;
  const kept: Fields = {};
  for (const [f, v] of Object.entries(changes)) if (allowed.includes(f)) kept[f] = v;
  const [seen] = await tx
    .select({ id: neighbourUpdates.id })
    .from(neighbourUpdates)
    .where(
      and(eq(neighbourUpdates.notificationId, notificationId), eq(neighbourUpdates.version, version), ne(neighbourUpdates.status, 'stale')),
    );
  let status: UpdateStatus = 'waiting';
  if (item.status === 'rejected') status = 'ignored';
  else if (seen || (item.status === 'accepted' && version <= item.appliedVersion)) status = 'stale';
  await tx.insert(neighbourUpdates).values({
    id,
    linkId: link.id,
    jurisdictionId: link.jurisdictionId,
    notificationId,
    version,
    changes: kept,
    status,
    receivedAt: now,
  });
  if (status === 'stale') return { notificationId, version, outcome: 'stale' };
  const result = await applyWaitingUpdates(tx, notificationId, now);
  if (result.conflicts > 0)
    await notify(tx, {
      recipients: { right: 'neighbours.inbox', jurisdictionId: link.jurisdictionId },
      kind: 'neighbour.conflict',
      severity: 'warning',
      title: `${link.name}更新了通报的记录，与本地修改冲突，请处理`,
      titleEn: `${link.nameEn || link.name} updated a notified record that was changed here too: resolve the conflict`,
      link: item.kind === 'contact.notification' ? `/neighbours/inbox/contacts/${notificationId}` : `/neighbours/inbox/${notificationId}`,
      entity: { type: 'neighbour_link', id: link.id },
    });
  return { notificationId, version, outcome: status === 'ignored' ? 'ignored' : result.applied > 0 ? 'applied' : 'waiting' };
}

/** The notification of the principal's inbox scope, or 404. */
async function inboxItemIn(deps: NeighbourDeps, principal: Principal, notificationId: string) {
  const scope = scopeFor(principal, 'neighbours.inbox');
  const [row] = await deps.database.db
    .select({ item: neighbourInbox })
    .from(neighbourInbox)
    .innerJoin(jurisdictions, eq(jurisdictions.id, neighbourInbox.jurisdictionId))
    .where(
      and(
        eq(neighbourInbox.id, notificationId),
        inArray(neighbourInbox.kind, ['case.notification', 'contact.notification']),
        inScopePath(scope, jurisdictions.path),
      ),
    );
  if (!row) throw notFound('notification');
  return row.item;
}

/** The updates received for a notification, oldest version first (neighbours.inbox). */
export async function updatesFor(deps: NeighbourDeps, principal: Principal, notificationId: string) {
  const item = await inboxItemIn(deps, principal, notificationId);
  const items = await deps.database.db
    .select({
      id: neighbourUpdates.id,
      version: neighbourUpdates.version,
      changes: neighbourUpdates.changes,
      status: neighbourUpdates.status,
      conflicts: neighbourUpdates.conflicts,
      resolution: neighbourUpdates.resolution,
      resolvedAt: neighbourUpdates.resolvedAt,
      resolvedByName: users.displayName,
      receivedAt: neighbourUpdates.receivedAt,
    })
    .from(neighbourUpdates)
    .leftJoin(users, eq(users.id, neighbourUpdates.resolvedBy))
    .where(eq(neighbourUpdates.notificationId, notificationId))
    .orderBy(asc(neighbourUpdates.version), asc(neighbourUpdates.receivedAt));
  return { appliedVersion: item.appliedVersion, items };
}

/**
 * Resolves a conflict: per field in conflict, keep ours ('local') or take the neighbour's ('remote'). Needs
 * neighbours.inbox over the notification and the right to change the record (cases.report for a case,
 * contacts.write for a contact). Either way the neighbour's value becomes the base of later updates.
 */
export async function resolveConflictAs(
  deps: NeighbourDeps,
  principal: Principal,
  updateId: string,
  choices: Record<string, 'local' | 'remote'>,
  ip: string | null,
) {
  const now = deps.now?.() ?? new Date();
  const [found] = await deps.database.db.select().from(neighbourUpdates).where(eq(neighbourUpdates.id, updateId));
  if (!found) throw notFound('update');
  const scoped = await inboxItemIn(deps, principal, found.notificationId);
  const right = scoped.resultEntityType === 'contact' ? 'contacts.write' : 'cases.report';
  if (!hasRight(principal, right)) throw forbidden(`Resolving needs ${right}`);
  return deps.database.db.transaction(async (tx) => {
    const [update] = await tx.select().from(neighbourUpdates).where(eq(neighbourUpdates.id, updateId)).for('update');
    if (update?.status !== 'conflict')
      throw conflict('status_not_allowed', `The update is ${update?.status}`, { status: update?.status, allowed: ['conflict'] });
    const fields = Object.keys(update.conflicts);
    const missing = fields.filter((f) => choices[f] !== 'local' && choices[f] !== 'remote');
    const extra = Object.keys(choices).filter((f) => !fields.includes(f));
    if (missing.length > 0 || extra.length > 0)
      throw validationFailed([
        ...missing.map((f) => ({ path: `choices.${f}`, message: "choose 'local' or 'remote'" })),
        ...extra.map((f) => ({ path: `choices.${f}`, message: 'not in conflict' })),
      ]);
    const [item] = await tx.select().from(neighbourInbox).where(eq(neighbourInbox.id, update.notificationId)).for('update');
    const write: Fields = {};
    const base = { ...item!.appliedFields };
    for (const f of fields) {
      const remote = update.conflicts[f]!.remote;
      if (choices[f] === 'remote') write[f] = remote;
      base[f] = remote;
    }
    await writeLocal(tx, item!, write, update.version, now, { id: principal.id, username: principal.username });
    await tx.update(neighbourInbox).set({ appliedFields: base }).where(eq(neighbourInbox.id, item!.id));
    const [row] = await tx
      .update(neighbourUpdates)
      .set({ status: 'resolved', resolution: choices, resolvedBy: principal.id, resolvedAt: now })
      .where(eq(neighbourUpdates.id, updateId))
      .returning();
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip,
      action: 'resolve',
      entityType: 'neighbour_message',
      entityId: update.notificationId,
      after: { jurisdictionId: item!.jurisdictionId, linkId: item!.linkId, updateId, version: update.version, choices },
    });
    return { id: row!.id, status: row!.status, resolution: row!.resolution, version: row!.version };
  });
}

/**
 * After a decision on a notification (in its transaction): on acceptance, the local record's followed fields are
 * the base of later updates, and the updates that waited are applied; on rejection they are ignored.
 */
export async function afterDecision(tx: Tx, notificationId: string, decision: 'accepted' | 'rejected', now: Date) {
  if (decision === 'rejected') return ignoreWaitingUpdates(tx, notificationId);
  const [item] = await tx.select().from(neighbourInbox).where(eq(neighbourInbox.id, notificationId));
  const local = item ? await localFields(tx, item) : null;
  if (local) await tx.update(neighbourInbox).set({ appliedFields: local }).where(eq(neighbourInbox.id, notificationId));
  await applyWaitingUpdates(tx, notificationId, now);
}

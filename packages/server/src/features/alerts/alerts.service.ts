/**
 * Alert rules: reading (alerts.read), the workflow and attachments (alerts.verify), comments (alerts.comment:
 * the verifiers and the township officers, who know the place), always within the caller's jurisdiction scope
 * (an alert outside it answers 404 as if it did not exist).
 *
 * Every workflow action runs in one transaction that locks the alert, checks the move is allowed from the
 * current status (409 `conflict` listing the allowed actions otherwise), changes the alert, appends a history
 * line (who, when, why), writes the audit record, publishes a live event ('alerts') and notifies whom the
 * action concerns (the assignee when assigned, the commanders when an event is confirmed).
 *
 * @example
 * await actOnAlert(database, principal, id, { action: 'discard', reason: 'duplicate reports of one case' }, ip);
 */
import { eq, inArray } from 'drizzle-orm';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { type Principal, hasRight, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { type AttachmentView, listAttachments, readAttachment, saveAttachment } from '../../platform/files/attachments.ts';
import { publishLive } from '../../platform/live/live.ts';
import { runHook } from '../../platform/hooks/hooks.ts';
import { districtDateTime } from '../../platform/time/district-time.ts';
import { caseLineListFor } from '../cases/index.ts';
import { diseases } from '../catalogue/index.ts';
import { caseSetsOfAlert } from '../detection/index.ts';
import { notify, resolveRecipients } from '../notifications/index.ts';
import { ALERT_CLASSES, type alerts, alertSubscriptions } from './alerts.tables.ts';
import {
  type Subscription,
  alertClassOf,
  defaultClassesFor,
  loadSubscription,
  removeSubscription,
  storeSubscription,
} from './alerts.subscriptions.ts';
import { matrixLevel } from './alerts.matrix.ts';
import type { AlertListQuery, AssessInput, AssignInput, CharacteriseInput, SubscriptionInput } from './alerts.schema.ts';
import {
  type AlertRecord,
  addComment,
  addEvent,
  assessmentOf,
  commentsOf,
  eventsOf,
  findAlert,
  jurisdictionPath,
  listAlerts,
  lockAlert,
  signalsOf,
  updateAlert,
  upsertAssessment,
} from './alerts.store.ts';
import type { alertEvents } from './alerts.tables.ts';
import { eventReportForAlert } from './event-reports.service.ts';
import { type AlertAction, TRANSITIONS, VERIFICATION_STATUSES, allowedActions } from './alerts.workflow.ts';

type AlertRow = typeof alerts.$inferSelect;
const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
const iso = (d: Date | null) => (d ? d.toISOString() : null);

// ── presentation ────────────────────────────────────────────────────────────────────────────────

/**
 * The alert's title in English: titles are stored as the intake writes them, `疾病 · 地点` (subject · place) in
 * Chinese; such a title is rebuilt from the English names. A title written by a person (an event report's) is
 * their words, in both languages.
 */
export function alertTitleEn(r: Pick<AlertRecord, 'alert' | 'disease' | 'feedType' | 'jurisdiction'>): string {
  const subject = r.disease ?? r.feedType;
  if (subject && r.alert.title === `${subject.name} · ${r.jurisdiction.name}`)
    return `${subject.nameEn || subject.name} · ${r.jurisdiction.nameEn || r.jurisdiction.name}`;
  return r.alert.title;
}

export function presentAlert(r: AlertRecord, now: Date) {
  const a = r.alert;
  const { path: _path, ...jurisdiction } = r.jurisdiction;
  return {
    id: a.id,
    code: a.code,
    title: a.title,
    titleEn: alertTitleEn(r),
    summary: a.summary,
    summaryZh: a.summaryZh,
    status: a.status,
    warningLevel: a.warningLevel,
    origin: a.origin,
    event: r.event,
    disease: r.disease,
    feedType: r.feedType,
    alertClass: alertClassOf(r.disease, { feed: a.feedTypeId !== null }),
    jurisdiction,
    assignee: r.assignee,
    signalCount: a.signalCount,
    firstSignalAt: iso(a.firstSignalAt),
    lastSignalAt: iso(a.lastSignalAt),
    verificationDueAt: iso(a.verificationDueAt),
    escalatedAt: iso(a.escalatedAt),
    overdue: VERIFICATION_STATUSES.includes(a.status) && a.verificationDueAt !== null && a.verificationDueAt < now,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    closedAt: iso(a.closedAt),
    exercise: a.exerciseId !== null,
    exerciseId: a.exerciseId,
  };
}
export type AlertView = ReturnType<typeof presentAlert>;

// ── reading ─────────────────────────────────────────────────────────────────────────────────────

export async function listAlertsFor(database: Database, principal: Principal, query: AlertListQuery, now = new Date()) {
  const scope = scopeFor(principal, 'alerts.read');
  const subscription = query.subscribed === 'true' ? await loadSubscription(database.db, principal.id) : undefined;
  const { items, total } = await listAlerts(database.db, scope, query, { userId: principal.id, now, subscription });
  return { items: items.map((r) => presentAlert(r, now)), total };
}

// ── subscriptions ───────────────────────────────────────────────────────────────────────────────

function presentSubscription(principal: Principal, sub: Subscription, updatedAt: Date | null) {
  return {
    alertClasses: sub.alertClasses,
    diseaseIds: sub.diseaseIds,
    jurisdictionIds: sub.jurisdictionIds,
    isDefault: sub.isDefault,
    roleDefault: defaultClassesFor(principal.grants.map((g) => g.role)),
    updatedAt: iso(updatedAt),
  };
}

/** My alert subscription (the roles' default when none is stored). */
export async function getSubscriptionFor(database: Database, principal: Principal) {
  scopeFor(principal, 'alerts.read');
  const sub = await loadSubscription(database.db, principal.id);
  const [row] = sub.isDefault
    ? []
    : await database.db
        .select({ updatedAt: alertSubscriptions.updatedAt })
        .from(alertSubscriptions)
        .where(eq(alertSubscriptions.userId, principal.id));
  return presentSubscription(principal, sub, row?.updatedAt ?? null);
}

/**
 * Stores my subscription (audited). Diseases must exist in the catalogue and places lie within my area: a
 * subscription never widens what anyone sees, it only chooses among it.
 */
export async function saveSubscriptionFor(database: Database, principal: Principal, input: SubscriptionInput, ip: string | null) {
  const scope = scopeFor(principal, 'alerts.read');
  const diseaseIds = [...new Set(input.diseaseIds)];
  const jurisdictionIds = [...new Set(input.jurisdictionIds)];
  const alertClasses = ALERT_CLASSES.filter((c) => input.alertClasses.includes(c));
  if (diseaseIds.length > 0) {
    const known = new Set(
      (await database.db.select({ id: diseases.id }).from(diseases).where(inArray(diseases.id, diseaseIds))).map((d) => d.id),
    );
    const unknown = diseaseIds.findIndex((id) => !known.has(id));
    if (unknown >= 0) throw validationFailed([{ path: `diseaseIds.${unknown}`, message: 'no such disease' }]);
  }
  if (jurisdictionIds.length > 0) {
    const places = await database.db
      .select({ id: jurisdictions.id, path: jurisdictions.path })
      .from(jurisdictions)
      .where(inArray(jurisdictions.id, jurisdictionIds));
    const bad = jurisdictionIds.findIndex((id) => {
      const place = places.find((p) => p.id === id);
      return !place || !pathInScope(scope, place.path);
    });
    if (bad >= 0) throw validationFailed([{ path: `jurisdictionIds.${bad}`, message: 'not a place within your area' }]);
  }
  return database.db.transaction(async (tx) => {
    const before = await loadSubscription(tx, principal.id);
    const row = await storeSubscription(tx, principal.id, { alertClasses, diseaseIds, jurisdictionIds });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'alert_subscription',
      entityId: principal.id,
      before: {
        alertClasses: before.alertClasses,
        diseaseIds: before.diseaseIds,
        jurisdictionIds: before.jurisdictionIds,
        isDefault: before.isDefault,
      },
      after: { alertClasses, diseaseIds, jurisdictionIds },
    });
    return presentSubscription(principal, { alertClasses, diseaseIds, jurisdictionIds, isDefault: false }, row.updatedAt);
  });
}

/** Back to my roles' default (audited). */
export async function resetSubscriptionFor(database: Database, principal: Principal, ip: string | null) {
  scopeFor(principal, 'alerts.read');
  return database.db.transaction(async (tx) => {
    const removed = await removeSubscription(tx, principal.id);
    if (removed) {
      await audit(tx, {
        actor: actorOf(principal),
        ip,
        action: 'delete',
        entityType: 'alert_subscription',
        entityId: principal.id,
        before: removed,
      });
    }
    return presentSubscription(principal, await loadSubscription(tx, principal.id), null);
  });
}

async function findReadable(database: Database, principal: Principal, id: string): Promise<AlertRecord> {
  const scope = scopeFor(principal, 'alerts.read');
  const record = await findAlert(database.db, scope, id);
  if (!record) throw notFound('alert');
  return record;
}

/** Whether the principal holds `right` covering an alert of this place (alerts.verify: act; alerts.comment: comment). */
function mayOnPlace(principal: Principal, right: 'alerts.verify' | 'alerts.comment', path: string): boolean {
  if (!hasRight(principal, right)) return false;
  return scopeFor(principal, right).paths.some((p) => path.startsWith(p));
}

/**
 * GET /api/alerts/{id}/cases: the cases behind the alert's signals (issue 12, item 5) — what the signals counted,
 * within the reader's rights (case-sets.ts: masked identity, cases.read scope; without it only the total).
 */
export async function alertCasesFor(database: Database, principal: Principal, id: string) {
  await findReadable(database, principal, id);
  return caseLineListFor(database, principal, { sets: await caseSetsOfAlert(database.db, id) });
}

/** The incident opened from this alert, answered by the incidents feature (alerts.hooks.ts). */
async function linkedIncident(database: Database, alertId: string) {
  const answers = await database.db.transaction((tx) => runHook(tx, 'alerts.linked-incident', { alertId }));
  return answers.find((answer) => answer !== undefined);
}

export async function getAlertDetail(database: Database, principal: Principal, id: string, now = new Date()) {
  const record = await findReadable(database, principal, id);
  const [signalRows, assessment, incident] = await Promise.all([
    signalsOf(database.db, id),
    assessmentOf(database.db, id),
    hasRight(principal, 'incidents.read') ? linkedIncident(database, id) : Promise.resolve(undefined),
  ]);
  const eventReport = record.alert.origin === 'event' ? await eventReportForAlert(database, id) : null;
  const canAct = mayOnPlace(principal, 'alerts.verify', record.jurisdiction.path);
  return {
    ...presentAlert(record, now),
    canAct,
    canComment: mayOnPlace(principal, 'alerts.comment', record.jurisdiction.path),
    allowedActions: canAct ? allowedActions(record.alert.status) : [],
    assessment: assessment
      ? {
          hazard: assessment.hazard,
          exposure: assessment.exposure,
          context: assessment.context,
          assessedBy: assessment.assessedBy,
          assessedAt: iso(assessment.assessedAt),
          likelihood: assessment.likelihood,
          consequence: assessment.consequence,
          matrixLevel: assessment.matrixLevel,
          warningLevel: assessment.warningLevel,
          overrideReason: assessment.overrideReason,
          characterisedBy: assessment.characterisedBy,
          characterisedAt: iso(assessment.characterisedAt),
        }
      : null,
    signals: signalRows.map((s) => ({
      id: s.id,
      kind: s.kind,
      method: s.method,
      parameters: s.parameters,
      periodStart: s.periodStart,
      periodEnd: s.periodEnd,
      dateBasis: s.dateBasis,
      observed: s.observed,
      expected: s.expected,
      threshold: s.threshold,
      explanation: s.explanation,
      jurisdictionId: s.jurisdictionId,
      createdAt: s.createdAt.toISOString(),
    })),
    incident: incident ?? null,
    eventReport,
  };
}

export async function historyFor(database: Database, principal: Principal, id: string) {
  await findReadable(database, principal, id);
  const rows = await eventsOf(database.db, id);
  return {
    items: rows.map(({ event, actor }) => ({
      id: event.id,
      kind: event.kind,
      fromStatus: event.fromStatus,
      toStatus: event.toStatus,
      actor: actor?.id ? { id: actor.id, displayName: actor.displayName } : null,
      reason: event.reason,
      data: event.data,
      createdAt: event.createdAt.toISOString(),
    })),
  };
}

export async function commentsFor(database: Database, principal: Principal, id: string) {
  await findReadable(database, principal, id);
  const rows = await commentsOf(database.db, id);
  return {
    items: rows.map(({ comment, author }) => ({ id: comment.id, body: comment.body, author, createdAt: comment.createdAt.toISOString() })),
  };
}

/** The users who may be assigned an alert: holders of alerts.verify whose scope covers its place. */
export async function assigneesFor(database: Database, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'alerts.verify');
  const record = await findAlert(database.db, scope, id);
  if (!record) throw notFound('alert');
  const ids = await resolveRecipients(database.db, { right: 'alerts.verify', jurisdictionId: record.alert.jurisdictionId });
  if (ids.length === 0) return { items: [] };
  const rows = await database.db.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users);
  const wanted = new Set(ids);
  return { items: rows.filter((u) => wanted.has(u.id)).sort((a, b) => a.displayName.localeCompare(b.displayName)) };
}

// ── the workflow ────────────────────────────────────────────────────────────────────────────────

export type AlertActionInput =
  | ({ action: 'assign' } & AssignInput)
  | { action: 'start_verification'; note?: string }
  | { action: 'discard'; reason: string }
  | { action: 'monitor'; note?: string }
  | ({ action: 'assess' } & AssessInput)
  | ({ action: 'characterise' } & CharacteriseInput)
  | { action: 'close'; reason: string }
  | { action: 'confirm'; note?: string };

async function urgencyOf(tx: Tx, alert: AlertRow): Promise<boolean> {
  if (!alert.diseaseId) return false;
  const [d] = await tx.select().from(diseases).where(eq(diseases.id, alert.diseaseId));
  return !!d && (d.class === 'A' || d.managedAsClassA || d.verificationHours <= 2);
}

interface Step {
  changes: Partial<typeof alerts.$inferInsert>;
  event: Omit<typeof alertEvents.$inferInsert, 'alertId' | 'actorId' | 'createdAt'>;
  after?: (tx: Tx, alert: AlertRow, path: string) => Promise<void>;
}

/**
 * Takes one workflow action on an alert (see the module comment). Returns the alert's detail as the caller now
 * sees it.
 */
export async function actOnAlert(
  database: Database,
  principal: Principal,
  id: string,
  input: AlertActionInput,
  ip: string | null,
  now = new Date(),
) {
  const scope = scopeFor(principal, 'alerts.verify');
  const action: AlertAction = input.action;
  await database.db.transaction(async (tx) => {
    const alert = await lockAlert(tx, scope, id);
    if (!alert) throw notFound('alert');
    const rule = TRANSITIONS[action];
    if (!rule.from.includes(alert.status)) {
      const allowed = allowedActions(alert.status);
      throw conflict(
        'status_not_allowed',
        `The action "${action}" is not allowed on an alert that is ${alert.status}; allowed: ${allowed.join(', ') || 'none'}`,
        {
          status: alert.status,
          action,
          allowed,
        },
      );
    }
    const step = await planStep(tx, principal, alert, input, now);
    const toStatus = rule.to ?? alert.status;
    const after = await updateAlert(tx, alert.id, { ...step.changes, status: toStatus, updatedAt: now });
    await addEvent(tx, {
      ...step.event,
      alertId: alert.id,
      fromStatus: alert.status,
      toStatus,
      actorId: principal.id,
      createdAt: now,
    });
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'alert',
      entityId: alert.id,
      before: alert,
      after: { ...after, workflowAction: action, reason: step.event.reason ?? '' },
    });
    const path = await jurisdictionPath(tx, alert.jurisdictionId);
    await publishLive(tx, {
      topic: 'alerts',
      id: alert.id,
      action: toStatus === alert.status ? 'updated' : 'status',
      right: 'alerts.read',
      jurisdictionPath: path,
      data: { status: toStatus },
    });
    if (step.after) await step.after(tx, after, path);
  });
  return getAlertDetail(database, principal, id, now);
}

async function planStep(tx: Tx, principal: Principal, alert: AlertRow, input: AlertActionInput, now: Date): Promise<Step> {
  switch (input.action) {
    case 'assign': {
      const eligible = await resolveRecipients(tx, { right: 'alerts.verify', jurisdictionId: alert.jurisdictionId });
      if (!eligible.includes(input.assigneeId)) {
        throw validationFailed([{ path: 'assigneeId', message: 'This user does not hold the right to verify alerts of this place' }]);
      }
      let due: Date | undefined;
      if (input.verificationDueAt !== undefined) {
        due = new Date(input.verificationDueAt);
        if (!(due > now)) throw validationFailed([{ path: 'verificationDueAt', message: 'The deadline must be in the future' }]);
      }
      const [person] = await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, input.assigneeId));
      const urgent = await urgencyOf(tx, alert);
      return {
        // A new deadline restarts the clock: a missed new deadline escalates again.
        changes: { assigneeId: input.assigneeId, ...(due ? { verificationDueAt: due, escalatedAt: null } : {}) },
        event: {
          kind: 'assigned',
          reason: input.note ?? '',
          data: {
            assigneeId: input.assigneeId,
            assigneeName: person?.displayName ?? '',
            previousAssigneeId: alert.assigneeId,
            ...(due ? { verificationDueAt: due.toISOString(), previousDueAt: iso(alert.verificationDueAt) } : {}),
          },
        },
        after: async (t, a) => {
          if (input.assigneeId === principal.id) return; // taking it oneself needs no message
          const dueAt = a.verificationDueAt;
          await notify(t, {
            recipients: { userIds: [input.assigneeId] },
            kind: 'alert.assigned',
            severity: urgent ? 'critical' : 'warning',
            title: `预警 ${a.code} 已分派给您：${a.title}`,
            titleEn: `Alert ${a.code} assigned to you`,
            body: dueAt ? `核实期限：${districtDateTime(dueAt)}（北京时间）${input.note ? `。${input.note}` : ''}` : (input.note ?? ''),
            bodyEn: dueAt ? `Verify by ${districtDateTime(dueAt)} (China time)${input.note ? `. ${input.note}` : ''}` : (input.note ?? ''),
            link: `/alerts/${a.id}`,
            entity: { type: 'alert', id: a.id },
            actorId: principal.id,
          });
        },
      };
    }
    case 'start_verification':
      // Whoever starts verifying an unassigned alert takes it.
      return {
        changes: alert.assigneeId ? {} : { assigneeId: principal.id },
        event: { kind: 'status', reason: input.note ?? '', data: alert.assigneeId ? {} : { assigneeId: principal.id } },
      };
    case 'discard':
      return { changes: { closedAt: now }, event: { kind: 'status', reason: input.reason } };
    case 'monitor':
      return { changes: {}, event: { kind: 'status', reason: input.note ?? '' } };
    case 'close':
      return { changes: { closedAt: now }, event: { kind: 'status', reason: input.reason } };
    case 'assess': {
      await upsertAssessment(tx, alert.id, {
        hazard: input.hazard,
        exposure: input.exposure,
        context: input.context,
        assessedBy: principal.id,
        assessedAt: now,
      });
      return {
        changes: {},
        event: {
          kind: 'assessed',
          reason: input.note ?? '',
          data: { hazard: input.hazard, exposure: input.exposure, context: input.context },
        },
      };
    }
    case 'characterise': {
      const level = matrixLevel(input.likelihood, input.consequence);
      const chosen = input.warningLevel ?? level;
      const overridden = chosen !== level;
      const overrideReason = input.overrideReason?.trim() ?? '';
      if (overridden && !overrideReason) {
        throw validationFailed([
          { path: 'overrideReason', message: `A reason is required to choose ${chosen} when the matrix gives ${level}` },
        ]);
      }
      const assessment = await assessmentOf(tx, alert.id);
      if (!assessment?.hazard) {
        // cannot happen through the workflow (characterise follows assess), kept as a guard for data written by hand
        throw conflict('risk_assessment_missing', 'The alert has no risk assessment yet', {
          status: alert.status,
          allowed: allowedActions(alert.status),
        });
      }
      await upsertAssessment(tx, alert.id, {
        likelihood: input.likelihood,
        consequence: input.consequence,
        matrixLevel: level,
        warningLevel: chosen,
        overrideReason: overridden ? overrideReason : '',
        characterisedBy: principal.id,
        characterisedAt: now,
      });
      return {
        changes: { warningLevel: chosen },
        event: {
          kind: 'characterised',
          reason: overridden ? overrideReason : (input.note ?? ''),
          data: {
            likelihood: input.likelihood,
            consequence: input.consequence,
            score: input.likelihood * input.consequence,
            matrixLevel: level,
            warningLevel: chosen,
            overridden,
            previousLevel: alert.warningLevel,
          },
        },
      };
    }
    case 'confirm':
      return {
        changes: { closedAt: now },
        event: { kind: 'status', reason: input.note ?? '', data: { warningLevel: alert.warningLevel } },
        after: async (t, a) => {
          // The commanders covering the place decide on the response: they hear of a confirmed event at once.
          await notify(t, {
            recipients: { right: 'incidents.command', jurisdictionId: a.jurisdictionId },
            kind: 'alert.confirmed',
            severity: a.warningLevel === 'red' || a.warningLevel === 'orange' ? 'critical' : 'warning',
            title: `预警 ${a.code} 已确认为事件：${a.title}`,
            titleEn: `Alert ${a.code} confirmed as an event (${a.warningLevel ?? 'no'} warning level)`,
            body: input.note ?? '',
            bodyEn: input.note ?? '',
            link: `/alerts/${a.id}`,
            entity: { type: 'alert', id: a.id },
            actorId: principal.id,
          });
        },
      };
  }
}

// ── comments and attachments ────────────────────────────────────────────────────────────────────

/**
 * Adds a comment. Needs alerts.comment (403 without it) covering the alert's place (404 outside it): the
 * verifiers, and the township officer of the township, who often knows what the figures cannot say.
 */
export async function addCommentAs(database: Database, principal: Principal, id: string, body: string, ip: string | null) {
  const scope = scopeFor(principal, 'alerts.comment');
  const created = await database.db.transaction(async (tx) => {
    const alert = await lockAlert(tx, scope, id);
    if (!alert) throw notFound('alert');
    const row = await addComment(tx, { alertId: id, authorId: principal.id, body });
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'alert_comment', entityId: row.id, after: row });
    await publishLive(tx, {
      topic: 'alerts',
      id,
      action: 'commented',
      right: 'alerts.read',
      jurisdictionPath: await jurisdictionPath(tx, alert.jurisdictionId),
    });
    return row;
  });
  return {
    id: created.id,
    body: created.body,
    author: { id: principal.id, displayName: principal.displayName },
    createdAt: created.createdAt.toISOString(),
  };
}

export async function listAlertFiles(database: Database, principal: Principal, id: string): Promise<{ items: AttachmentView[] }> {
  await findReadable(database, principal, id);
  return { items: await listAttachments(database.db, 'alert', id) };
}

export async function readAlertFile(database: Database, principal: Principal, id: string, fileId: string) {
  await findReadable(database, principal, id);
  return readAttachment(database.db, 'alert', id, fileId);
}

export async function uploadAlertFile(
  database: Database,
  principal: Principal,
  id: string,
  file: { name: string; bytes: Uint8Array },
  ctx: { ip: string | null; limitBytes: number },
): Promise<AttachmentView> {
  const scope = scopeFor(principal, 'alerts.verify');
  return database.db.transaction(async (tx) => {
    const alert = await lockAlert(tx, scope, id);
    if (!alert) throw notFound('alert');
    const view = await saveAttachment(
      tx,
      { entityType: 'alert', entityId: id, jurisdictionId: alert.jurisdictionId, filename: file.name, bytes: file.bytes },
      { actor: actorOf(principal), ip: ctx.ip, limitBytes: ctx.limitBytes },
    );
    await addEvent(tx, {
      alertId: id,
      kind: 'attached',
      actorId: principal.id,
      data: { attachmentId: view.id, filename: view.filename, size: view.size },
    });
    await publishLive(tx, {
      topic: 'alerts',
      id,
      action: 'attached',
      right: 'alerts.read',
      jurisdictionPath: await jurisdictionPath(tx, alert.jurisdictionId),
    });
    return view;
  });
}

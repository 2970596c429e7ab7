/**
 * Event-based surveillance: a township officer (or a surveillance officer) reports a local event — a cluster in
 * a school, sick people after a banquet, dead poultry at the market, a rumour of illness — with place, time and
 * people affected. Each report opens an alert of class 'event' at the event's place, which the verifiers handle
 * with the same workflow as an alert from signals (verify → risk assessment → level → confirm/close), within a
 * deadline set like theirs (the suspected disease's `verification_hours`, else 24 h).
 *
 * Rights: reporting needs `events.report` over the place (the reporter's township or one of its communities; a
 * place outside it is refused on the field); reading needs `alerts.read` over the place (404 outside it). A
 * photo (or any accepted attachment) is added to the alert by the reporter, or by a verifier of the place.
 *
 * @example
 * const report = await reportEvent(database, principal, { eventType: 'school_cluster', place: '实验小学',
 *   occurredAt: '2026-12-06T08:00:00+08:00', peopleAffected: 12, description: '…' }, ip);
 */
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { type Principal, hasRight, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { type FieldIssue, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { runHook } from '../../platform/hooks/hooks.ts';
import { type AttachmentView, saveAttachment } from '../../platform/files/attachments.ts';
import { publishLive } from '../../platform/live/live.ts';
import { districtDateTime } from '../../platform/time/district-time.ts';
import { notify, resolveRecipients } from '../notifications/index.ts';
import { alerts, type EventType } from './alerts.tables.ts';
import { addEvent, jurisdictionPath } from './alerts.store.ts';
import type { EventReportCreate, EventReportListQuery } from './event-reports.schema.ts';
import {
  type EventReportRecord,
  diseaseById,
  eventReportOfAlert,
  findEventReport,
  insertEventReport,
  listEventReports,
  placeById,
} from './event-reports.store.ts';

/** Hours to verify a reported event when no disease is suspected (as for syndromic feeds). */
export const EVENT_VERIFICATION_HOURS = 24;
/** A report may be filed for an event up to this long ago (a forgotten school cluster of last term is history). */
const MAX_AGE_DAYS = 90;
/** Clock skew allowed between the phone and the server for "when it happened". */
const FUTURE_SKEW_MS = 10 * 60_000;

/** The event types in both languages, for titles and messages (the web has its own labels). */
export const EVENT_TYPE_LABELS: Record<EventType, { zh: string; en: string }> = {
  school_cluster: { zh: '学校/托幼机构聚集性发病', en: 'Cluster in a school or nursery' },
  workplace_cluster: { zh: '单位/工地聚集性发病', en: 'Cluster at a workplace or site' },
  market: { zh: '农贸市场异常情况', en: 'Event at a market' },
  gathering: { zh: '聚餐/集会后发病', en: 'Illness after a meal or gathering' },
  rumour: { zh: '疫情传言', en: 'Rumour of illness' },
  animal_deaths: { zh: '禽畜/动物异常死亡', en: 'Unusual animal deaths' },
  other: { zh: '其他突发公共卫生事件线索', en: 'Other public health event' },
};

const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
const URGENT_HOURS = 2;

export function presentEventReport(r: EventReportRecord) {
  return {
    id: r.report.id,
    alertId: r.report.alertId,
    alertCode: r.alert.code,
    alertStatus: r.alert.status,
    eventType: r.report.eventType,
    jurisdiction: r.jurisdiction,
    place: r.report.place,
    occurredAt: r.report.occurredAt.toISOString(),
    peopleAffected: r.report.peopleAffected,
    deaths: r.report.deaths,
    suspectedDisease: r.disease,
    description: r.report.description,
    source: r.report.source,
    reportedBy: r.reporter,
    createdAt: r.report.createdAt.toISOString(),
  };
}
export type EventReportView = ReturnType<typeof presentEventReport>;

/** "Where I work" for a right: the jurisdiction of the (outermost) role granting it. */
function homeOf(paths: string[]): string {
  const path = paths[0]!;
  const ids = path.split('/').filter(Boolean);
  return ids[ids.length - 1]!;
}

/** The event report's own refusals, each with a stable code (the web app's texts: errors.fieldIssue.<code>). */
export type EventReportIssue = FieldIssue & {
  code: 'event_place_outside' | 'event_in_future' | 'event_too_old' | 'event_deaths_exceed' | 'event_unknown_disease';
};

/** Files a report and opens its alert (see the module comment). */
export async function reportEvent(
  database: Database,
  principal: Principal,
  input: EventReportCreate,
  ip: string | null,
  now = new Date(),
): Promise<EventReportView> {
  const scope = scopeFor(principal, 'events.report');
  const placeId = input.jurisdictionId?.toLowerCase() ?? homeOf(scope.paths);
  const place = await placeById(database.db, placeId);
  if (!place || !pathInScope(scope, place.path)) {
    const outside: EventReportIssue = {
      path: 'jurisdictionId',
      code: 'event_place_outside',
      message: 'the place must lie within your jurisdiction',
    };
    throw validationFailed([outside]);
  }
  const occurredAt = new Date(input.occurredAt);
  // each issue with a code the web app translates (alerts.messages.ts, errors.fieldIssue), the English as a fallback
  const issues: EventReportIssue[] = [];
  if (occurredAt.getTime() > now.getTime() + FUTURE_SKEW_MS)
    issues.push({ path: 'occurredAt', code: 'event_in_future', message: 'the time must not lie in the future' });
  if (occurredAt.getTime() < now.getTime() - MAX_AGE_DAYS * 86_400_000)
    issues.push({ path: 'occurredAt', code: 'event_too_old', message: `report events of the last ${MAX_AGE_DAYS} days` });
  const deaths = input.deaths ?? 0;
  if (deaths > input.peopleAffected)
    issues.push({ path: 'deaths', code: 'event_deaths_exceed', message: 'deaths cannot exceed the people affected' });
  const disease = input.suspectedDiseaseId ? await diseaseById(database.db, input.suspectedDiseaseId.toLowerCase()) : undefined;
  if (input.suspectedDiseaseId && !disease)
    issues.push({ path: 'suspectedDiseaseId', code: 'event_unknown_disease', message: 'unknown disease' });
  if (issues.length > 0) throw validationFailed(issues);

  const hours = disease?.verificationHours ?? EVENT_VERIFICATION_HOURS;
  const urgent = Boolean(disease && (disease.class === 'A' || disease.managedAsClassA || disease.verificationHours <= URGENT_HOURS));
  const label = EVENT_TYPE_LABELS[input.eventType];
  // the district's clock in both languages, whatever the server's zone
  const when = districtDateTime(occurredAt);
  const summaryZh = `${label.zh}：${input.place}，${input.peopleAffected} 人受影响${deaths > 0 ? `，死亡 ${deaths} 人` : ''}，始于 ${when}${disease ? `，疑似${disease.name}` : ''}（${principal.displayName} 报告）`;
  const summary = `${label.en}: ${input.place}, ${input.peopleAffected} affected${deaths > 0 ? `, ${deaths} dead` : ''}, since ${when}${disease ? `, suspected ${disease.nameEn}` : ''} (reported by ${principal.displayName})`;

  const reportId = await database.db.transaction(async (tx) => {
    const [alert] = await tx
      .insert(alerts)
      .values({
        origin: 'event',
        diseaseId: disease?.id ?? null,
        jurisdictionId: place.id,
        status: 'new',
        title: `${label.zh} · ${input.place}`,
        summary,
        summaryZh,
        signalCount: 0,
        verificationDueAt: new Date(now.getTime() + hours * 3_600_000),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    // a border alert reaches linked districts in this transaction (neighbours, through the hook)
    await runHook(tx, 'alerts.changed', { alertIds: [alert!.id], now });
    const report = await insertEventReport(tx, {
      alertId: alert!.id,
      jurisdictionId: place.id,
      eventType: input.eventType,
      place: input.place,
      occurredAt,
      peopleAffected: input.peopleAffected,
      deaths,
      suspectedDiseaseId: disease?.id ?? null,
      description: input.description,
      source: input.source ?? '',
      reportedBy: principal.id,
      createdAt: now,
    });
    await addEvent(tx, {
      alertId: alert!.id,
      kind: 'created',
      toStatus: 'new',
      actorId: principal.id,
      data: { eventReportId: report.id, eventType: input.eventType, summary },
      createdAt: now,
    });
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'event_report', entityId: report.id, after: report });
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'alert', entityId: alert!.id, after: alert });
    await publishLive(tx, { topic: 'alerts', id: alert!.id, action: 'created', right: 'alerts.read', jurisdictionPath: place.path });

    const link = `/alerts/${alert!.id}`;
    await notify(tx, {
      recipients: { right: 'alerts.verify', jurisdictionId: place.id },
      kind: 'alert.new',
      severity: urgent || deaths > 0 ? 'critical' : 'warning',
      title: `新事件报告 ${alert!.code}：${label.zh} · ${input.place}（${place.name}），请在 ${hours} 小时内核实`,
      titleEn: `New event report ${alert!.code}: ${label.en} · ${input.place} (${place.nameEn}), verify within ${hours} h`,
      body: summaryZh,
      bodyEn: summary,
      link,
      entity: { type: 'alert', id: alert!.id },
      actorId: principal.id,
    });
    // the other officers of the place hear of it for their information, as of any new alert there
    const verifiers = new Set(await resolveRecipients(tx, { right: 'alerts.verify', jurisdictionId: place.id }));
    const officers = (await resolveRecipients(tx, { right: 'alerts.comment', jurisdictionId: place.id })).filter(
      (id) => !verifiers.has(id) && id !== principal.id,
    );
    if (officers.length > 0) {
      await notify(tx, {
        recipients: { userIds: officers },
        kind: 'alert.new.local',
        severity: 'info',
        title: `辖区新事件报告 ${alert!.code}：${label.zh} · ${input.place}（供知悉，由疾控人员核实）`,
        titleEn: `New event report ${alert!.code} in your area: ${label.en} · ${input.place} (for your information; the surveillance staff verify it)`,
        body: summaryZh,
        bodyEn: summary,
        link,
        entity: { type: 'alert', id: alert!.id },
        actorId: principal.id,
      });
    }
    return report.id;
  });
  const record = await findEventReport(database.db, scope, reportId);
  return presentEventReport(record!);
}

export async function getEventReport(database: Database, principal: Principal, id: string): Promise<EventReportView> {
  const record = await findEventReport(database.db, scopeFor(principal, 'alerts.read'), id);
  if (!record) throw notFound('event report');
  return presentEventReport(record);
}

export async function listEventReportsFor(database: Database, principal: Principal, query: EventReportListQuery) {
  const scope = scopeFor(principal, 'alerts.read');
  const { items, total } = await listEventReports(database.db, scope, {
    reportedBy: query.mine === 'true' ? principal.id : undefined,
    page: query.page,
    pageSize: query.pageSize,
  });
  return { items: items.map(presentEventReport), total };
}

/** The report behind an alert of class 'event', for the alert's page (the alert was found in scope first). */
export async function eventReportForAlert(database: Database, alertId: string): Promise<EventReportView | null> {
  const record = await eventReportOfAlert(database.db, alertId);
  return record ? presentEventReport(record) : null;
}

/**
 * A photo (or other accepted file) of the event, stored on its alert so that the verifiers see it with the
 * alert's attachments. The reporter may add it; so may whoever verifies alerts of the place.
 */
export async function attachToEventReport(
  database: Database,
  principal: Principal,
  id: string,
  file: { name: string; bytes: Uint8Array },
  ctx: { ip: string | null; limitBytes: number },
): Promise<AttachmentView> {
  const record = await findEventReport(database.db, scopeFor(principal, 'alerts.read'), id);
  if (!record) throw notFound('event report');
  const path = await jurisdictionPath(database.db, record.report.jurisdictionId);
  const verifier = hasRight(principal, 'alerts.verify') && pathInScope(scopeFor(principal, 'alerts.verify'), path);
  if (record.report.reportedBy !== principal.id && !verifier) throw forbidden();
  const alertId = record.report.alertId;
  return database.db.transaction(async (tx) => {
    const view = await saveAttachment(
      tx,
      { entityType: 'alert', entityId: alertId, jurisdictionId: record.report.jurisdictionId, filename: file.name, bytes: file.bytes },
      { actor: actorOf(principal), ip: ctx.ip, limitBytes: ctx.limitBytes },
    );
    await addEvent(tx, {
      alertId,
      kind: 'attached',
      actorId: principal.id,
      data: { attachmentId: view.id, filename: view.filename, size: view.size },
    });
    await publishLive(tx, { topic: 'alerts', id: alertId, action: 'attached', right: 'alerts.read', jurisdictionPath: path });
    return view;
  });
}

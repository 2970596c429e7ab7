/**
 * 7-1-7 per event (docs/assessment.md): where each of the four times comes from, the intervals, the records
 * behind each time (clickable in the web), the bottlenecks, and the table over all events with a trend by quarter.
 *
 * - emergence: the corrected emergence when a person gave one (with a reason), else the earliest onset among the
 *   event's cases (an incident's linked cases, incident_cases; a confirmed alert's: the cases its signals counted);
 * - detection: the earliest of the alert's first signal (or its opening, for an alert reported by a person) and
 *   the first case report;
 * - notification: the earliest of the alert's confirmation, the incident's opening and its first situation report
 *   submitted to the next level;
 * - early response completed: the last completion of the tasks made from the plan's measures at the first level
 *   activated, once every one of them (cancelled ones aside) is done.
 */
import { and, eq } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { inScope, pathInScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { districtDate, districtInstant } from '../../platform/time/district-time.ts';
import { alerts } from '../alerts/index.ts';
import { readableCaseIds } from '../cases/index.ts';
import { incidents } from '../incidents/index.ts';
import { alertReader } from './alert-scope.ts';
import { assessmentEvents, type EventBottleneck, INTERVALS, type IntervalName } from './assessment.tables.ts';
import { BOTTLENECK_THEMES, BOTTLENECKS, bottleneckByCode } from './bottlenecks.ts';
import { TARGET_DAYS, interval, median } from './seven17.ts';
import type { EventNoteInput, RecordRef, SevenOneSevenView, TrendPoint } from './seven17.schema.ts';
import { alertEventFacts, type EventFacts, incidentFacts, listEventIds } from './seven17.store.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
function earliest<T extends { at: Date }>(xs: (T | null | undefined)[]): T | null {
  let best: T | null = null;
  for (const x of xs) if (x && (!best || x.at.getTime() < best.at.getTime())) best = x;
  return best;
}

/**
 * The 7-1-7 of one event from its records (pure). `readableCases`: the ids of the event's cases the reader may
 * read (cases.read scope: residence and role, a hospital reporter only its facility's): only those are listed
 * among the records; the times are computed from all of them (they are figures, not records).
 */
export function sevenOneSevenOf(
  f: EventFacts,
  options: { readableCases: ReadonlySet<string>; alertReadable?: (alertPath: string) => boolean },
): SevenOneSevenView {
  const readable = (c: { id: string }) => options.readableCases.has(c.id);
  // the event's alert among the records only within the reader's alerts.read scope (alert-scope.ts)
  const alertShown = f.alert !== null && (options.alertReadable?.(f.alert.path) ?? false);
  const caseRef = (c: EventFacts['cases'][number], at: Date | string | null): RecordRef => ({
    kind: 'case',
    id: c.id,
    code: c.code,
    at: at instanceof Date ? at.toISOString() : at,
    label: c.onsetDate ?? '',
  });
  // Emergence.
  const onsets = f.cases.map((c) => c.onsetDate).filter((d): d is string => Boolean(d));
  const firstOnset = onsets.length ? onsets.reduce((a, b) => (a < b ? a : b)) : null;
  const computed = firstOnset ? districtInstant(firstOnset) : null;
  const corrected = f.note?.emergenceAt ?? null;
  const emergenceAt = corrected ?? computed;
  const emergenceRecords: RecordRef[] = [];
  if (corrected)
    emergenceRecords.push({ kind: 'correction', id: f.note!.id, code: '', at: corrected.toISOString(), label: f.note!.emergenceReason });
  if (firstOnset)
    for (const c of f.cases.filter((x) => x.onsetDate === firstOnset && readable(x)))
      emergenceRecords.push(caseRef(c, districtInstant(firstOnset)));

  // Detection.
  const firstReported = f.cases.length ? f.cases.reduce((a, b) => (a.reportedAt <= b.reportedAt ? a : b)) : null;
  const detected = earliest([
    f.alert
      ? {
          at: f.alert.firstSignalAt ?? f.alert.createdAt,
          ref: alertShown ? alertRef(f.alert, f.alert.firstSignalAt ?? f.alert.createdAt, 'first_signal') : null,
        }
      : null,
    firstReported
      ? { at: firstReported.reportedAt, ref: readable(firstReported) ? caseRef(firstReported, firstReported.reportedAt) : null }
      : null,
  ]);

  // Notification.
  const notified = earliest([
    f.confirmation
      ? {
          at: f.confirmation.at,
          ref: alertShown ? alertRef({ id: f.confirmation.alertId, code: f.confirmation.alertCode }, f.confirmation.at, 'confirmed') : null,
        }
      : null,
    f.kind === 'incident'
      ? { at: f.createdAt, ref: { kind: 'incident' as const, id: f.id, code: f.code, at: f.createdAt.toISOString(), label: 'opened' } }
      : null,
    f.firstReport
      ? {
          at: f.firstReport.submittedAt,
          ref: {
            kind: 'situation_report' as const,
            id: f.firstReport.id,
            code: `#${f.firstReport.issueNo}`,
            at: f.firstReport.submittedAt.toISOString(),
            label: 'submitted',
          },
        }
      : null,
  ]);

  // Early response.
  const early = (f.earlyTasks ?? []).filter((t) => t.status !== 'cancelled');
  const allDone = early.length > 0 && early.every((t) => t.status === 'done' && t.completedAt);
  const respondedAt = allDone ? new Date(Math.max(...early.map((t) => t.completedAt!.getTime()))) : null;
  const responseRecords: RecordRef[] = (f.earlyTasks ?? []).map((t) => ({
    kind: 'task',
    id: t.id,
    code: t.code,
    at: iso(t.completedAt),
    label: t.title,
    status: t.status,
  }));

  const detection = interval(emergenceAt, detected?.at ?? null, TARGET_DAYS.detection);
  const notification = interval(detected?.at ?? null, notified?.at ?? null, TARGET_DAYS.notification);
  const response = interval(notified?.at ?? null, respondedAt, TARGET_DAYS.response);
  const errors: IntervalName[] = [];
  if (detection.error) errors.push('detection');
  if (notification.error) errors.push('notification');
  if (response.error) errors.push('response');
  const strip = (x: typeof detection) => ({ days: x.days, status: x.status });

  return {
    emergenceAt: iso(emergenceAt),
    detectedAt: iso(detected?.at ?? null),
    notifiedAt: iso(notified?.at ?? null),
    respondedAt: iso(respondedAt),
    detection: strip(detection),
    notification: strip(notification),
    response: strip(response),
    event: {
      kind: f.kind,
      id: f.id,
      code: f.code,
      title: f.title,
      status: f.status,
      jurisdictionId: f.jurisdictionId,
      exercise: f.exerciseId !== null,
    },
    emergence: {
      source: corrected ? 'correction' : computed ? 'cases' : null,
      computedAt: iso(computed),
      reason: f.note?.emergenceReason ?? '',
    },
    records: {
      emergence: emergenceRecords,
      detection: detected?.ref ? [detected.ref] : [],
      notification: notified?.ref ? [notified.ref] : [],
      response: responseRecords,
    },
    bottlenecks: (f.note?.bottlenecks ?? []).map((b) => {
      const known = bottleneckByCode.get(b.code);
      return { ...b, theme: known?.theme ?? '', name: known?.name ?? b.code, nameEn: known?.nameEn ?? b.code };
    }),
    dataErrors: errors,
    caseCount: f.cases.length,
  };
}

function alertRef(a: { id: string; code: string }, at: Date, label: string): RecordRef {
  return { kind: 'alert', id: a.id, code: a.code, at: at.toISOString(), label };
}

async function factsInScope(db: Executor, principal: Principal, q: { incidentId?: string; alertId?: string }) {
  const scope = scopeFor(principal, 'assessment.read');
  if (!q.incidentId === !q.alertId)
    throw validationFailed([{ path: 'incidentId', message: 'Give either incidentId or alertId (one event)' }]);
  const facts = q.incidentId ? await incidentFacts(db, q.incidentId.toLowerCase()) : await alertEventFacts(db, q.alertId!.toLowerCase());
  if (!facts || !pathInScope(scope, facts.jurisdictionPath)) throw notFound(q.incidentId ? 'incident' : 'alert');
  // a confirmed alert's 7-1-7 is the alert itself: not found for a reader who may not read the alert
  if (facts.kind === 'alert' && !alertReader(principal)(facts.jurisdictionPath)) throw notFound('alert');
  return facts;
}

/** The 7-1-7 of one event's facts as this reader may see its records (cases and alerts each in their scope). */
async function viewFor(db: Executor, principal: Principal, facts: EventFacts, alertReadable: (path: string) => boolean) {
  return sevenOneSevenOf(facts, {
    readableCases: await readableCaseIds(
      db,
      principal,
      facts.cases.map((c) => c.id),
    ),
    alertReadable,
  });
}

/** GET /api/assessment/717: one event's 7-1-7 (an exercise's event too, marked `event.exercise`). */
export async function sevenOneSevenFor(db: Executor, principal: Principal, q: { incidentId?: string; alertId?: string }) {
  const facts = await factsInScope(db, principal, q);
  return viewFor(db, principal, facts, alertReader(principal));
}

const quarterOf = (day: string) => `${day.slice(0, 4)}-Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;

/** The trend by quarter of detection (events never detected are placed by their emergence, else left out). */
export function trendOf(items: readonly SevenOneSevenView[]): TrendPoint[] {
  const byQuarter = new Map<string, SevenOneSevenView[]>();
  for (const item of items) {
    const at = item.detectedAt ?? item.emergenceAt;
    if (!at) continue;
    const q = quarterOf(districtDate(new Date(at)));
    byQuarter.set(q, [...(byQuarter.get(q) ?? []), item]);
  }
  return [...byQuarter.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([quarter, events]) => {
      const stats = (name: IntervalName) => {
        const complete = events.filter((e) => e[name].status !== 'incomplete');
        return {
          events: events.length,
          complete: complete.length,
          withinTarget: complete.filter((e) => e[name].status === 'within_target').length,
          medianDays: median(complete.map((e) => e[name].days!)),
        };
      };
      return {
        quarter,
        events: events.length,
        detection: stats('detection'),
        notification: stats('notification'),
        response: stats('response'),
        allWithinTarget: events.filter((e) => INTERVALS.every((n) => e[n].status === 'within_target')).length,
      };
    });
}

/** GET /api/assessment/717/events: every event in scope, newest first, with the trend and the bottleneck counts. */
export async function sevenOneSevenTableFor(db: Executor, principal: Principal, q: { from?: string; to?: string }) {
  const scope = scopeFor(principal, 'assessment.read');
  const ids = await listEventIds(db, {
    incidents: inScope(scope, incidents.jurisdictionId),
    alerts: inScope(scope, alerts.jurisdictionId),
  });
  const items: SevenOneSevenView[] = [];
  const alertReadable = alertReader(principal);
  for (const e of ids) {
    const facts = e.kind === 'incident' ? await incidentFacts(db, e.id) : await alertEventFacts(db, e.id);
    if (!facts) continue;
    // a confirmed alert's row is the alert itself: only for a reader who may read it (as GET /717?alertId=)
    if (facts.kind === 'alert' && !alertReadable(facts.jurisdictionPath)) continue;
    const view = await viewFor(db, principal, facts, alertReadable);
    const day = districtDate(new Date(view.detectedAt ?? view.emergenceAt ?? e.at.toISOString()));
    if ((q.from && day < q.from) || (q.to && day > q.to)) continue;
    items.push(view);
  }
  const counts = new Map<string, number>();
  for (const item of items) for (const code of new Set(item.bottlenecks.map((b) => b.code))) counts.set(code, (counts.get(code) ?? 0) + 1);
  return {
    items,
    trend: trendOf(items),
    bottlenecks: BOTTLENECKS.filter((b) => counts.has(b.code))
      .map((b) => ({ ...b, events: counts.get(b.code)! }))
      .sort((a, b) => b.events - a.events),
  };
}

/** GET /api/assessment/bottlenecks: the coded list. */
export function bottleneckList(principal: Principal) {
  scopeFor(principal, 'assessment.read');
  return { themes: Object.entries(BOTTLENECK_THEMES).map(([code, t]) => ({ code, ...t })), items: [...BOTTLENECKS] };
}

/** PUT /api/assessment/717: correct the emergence (with a reason) and choose the bottlenecks (assessment.manage; audited). */
export async function saveEventNoteAs(database: Database, principal: Principal, input: EventNoteInput, ip?: string | null) {
  const scope = scopeFor(principal, 'assessment.manage');
  if (input.emergenceAt && input.emergenceReason.trim() === '')
    throw validationFailed([{ path: 'emergenceReason', message: 'Say why the emergence differs from the earliest onset' }]);
  const key = { incidentId: input.incidentId, alertId: input.alertId };
  const facts = await factsInScope(database.db, principal, key);
  if (!pathInScope(scope, facts.jurisdictionPath)) throw notFound(facts.kind);
  if (input.emergenceAt && new Date(input.emergenceAt).getTime() > Date.now())
    throw validationFailed([{ path: 'emergenceAt', message: 'The emergence cannot lie in the future' }]);
  const bottlenecks: EventBottleneck[] = input.bottlenecks.map((b) => ({ interval: b.interval, code: b.code, note: b.note }));
  const values = {
    emergenceAt: input.emergenceAt ? new Date(input.emergenceAt) : null,
    emergenceReason: input.emergenceAt ? input.emergenceReason.trim() : '',
    bottlenecks,
    updatedBy: principal.id,
    updatedAt: new Date(),
  };
  await database.db.transaction(async (tx) => {
    const where = facts.kind === 'incident' ? eq(assessmentEvents.incidentId, facts.id) : eq(assessmentEvents.alertId, facts.id);
    const [before] = await tx.select().from(assessmentEvents).where(and(where));
    const [row] = before
      ? await tx.update(assessmentEvents).set(values).where(eq(assessmentEvents.id, before.id)).returning()
      : await tx
          .insert(assessmentEvents)
          .values({
            ...values,
            incidentId: facts.kind === 'incident' ? facts.id : null,
            alertId: facts.kind === 'alert' ? facts.id : null,
            jurisdictionId: facts.jurisdictionId,
          })
          .returning();
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip: ip ?? null,
      action: before ? 'update' : 'create',
      entityType: 'assessment_event',
      entityId: row!.id,
      before: before ?? null,
      after: row!,
    });
  });
  return sevenOneSevenFor(database.db, principal, key);
}

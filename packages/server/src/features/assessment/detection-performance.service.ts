/**
 * Detection performance from the district's own records (docs/assessment.md): how well the signals detection
 * actually raised matched the events people verified, per disease and per method in use, so that the CDC can
 * justify (or change) its thresholds. Nothing is re-run: the signals are the records of what the methods alarmed,
 * the verified events are incidents and alerts confirmed as events. Definitions (Buckeridge et al., J Biomed
 * Inform 2005, for POD and FPR of outbreak detection; CIDARS's published "signals answered" figures for PPV):
 *
 * - a signal is a **true alarm** when its alert was confirmed as an event or opened an incident, a **false alarm**
 *   when its alert was discarded or closed without that, and **pending** otherwise (not judged);
 *   PPV = true / (true + false);
 * - an **event** is an incident of the disease, or an alert of it confirmed as an event without an incident,
 *   recognised (incident opened, alert confirmed) in the period; it is **detected** when a signal of the disease
 *   is linked to its alert, or alarmed in an overlapping place (one within the other) on a day of its window:
 *   from WINDOW_DAYS before it was recognised (or from the incident's start, when earlier) to that day;
 *   POD = detected / events;
 * - the period is cut into district weeks (Monday–Sunday) overlapping it; a week is **quiet** when no event's
 *   window touches it; FPR = quiet weeks with a signal of the disease / quiet weeks.
 * A figure with nothing to count is null (incomplete), never 0.
 */
import { and, eq, gte, inArray, isNotNull, isNull, lte, type SQL } from 'drizzle-orm';
import { hasRight, pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { districtDate } from '../../platform/time/district-time.ts';
import { alertEvents, alerts } from '../alerts/index.ts';
import { diseases } from '../catalogue/index.ts';
import { signals } from '../detection/index.ts';
import { incidents } from '../incidents/index.ts';
import { alertReader } from './alert-scope.ts';
import type { DetectionPerformanceQuery, DetectionPerformanceView } from './detection-performance.schema.ts';
import { areaPath } from './indicators.store.ts';
import { dayDiff, median } from './seven17.ts';

/** A signal counts for an event from this many days before the event was recognised. */
export const WINDOW_DAYS = 14;

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const ratio = (n: number, d: number) => (d === 0 ? null : round3(n / d));
const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The Monday on or before a day. */
const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
const overlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);

interface SignalFact {
  id: string;
  diseaseId: string;
  method: string;
  periodEnd: string;
  path: string;
  alertId: string | null;
}
interface EventFact {
  kind: 'incident' | 'alert';
  id: string;
  code: string;
  title: string;
  diseaseId: string;
  path: string;
  alertId: string | null;
  recognisedAt: Date;
  windowStart: string;
  day: string;
}

async function placeScope(db: Executor, scope: Scope, townshipId?: string): Promise<Scope> {
  if (!townshipId) return scope;
  const area = await areaPath(db, townshipId.toLowerCase());
  if (!area || !pathInScope(scope, area.path)) throw notFound('jurisdiction');
  return { right: scope.right, paths: [area.path] };
}

const inPaths = (area: Scope, path: string) => area.paths.some((p) => path.startsWith(p));

/** GET /api/assessment/detection-performance */
export async function detectionPerformanceFor(
  db: Executor,
  principal: Principal,
  q: DetectionPerformanceQuery,
): Promise<DetectionPerformanceView> {
  const scope = scopeFor(principal, 'assessment.read');
  if (q.to < q.from) throw validationFailed([{ path: 'to', message: 'The period ends before it starts' }]);
  if (dayDiff(q.from, q.to) > 10 * 366) throw validationFailed([{ path: 'from', message: 'At most ten years' }]);
  const area = await placeScope(db, scope, q.townshipId);
  const diseaseFilter = (column: typeof signals.diseaseId | typeof incidents.diseaseId | typeof alerts.diseaseId): SQL | undefined =>
    q.diseaseId ? eq(column, q.diseaseId.toLowerCase()) : isNotNull(column);

  // The signals of the period (by the day they alarmed), in the area.
  const signalRows = (
    await db
      .select({
        id: signals.id,
        diseaseId: signals.diseaseId,
        method: signals.method,
        periodEnd: signals.periodEnd,
        path: jurisdictions.path,
        alertId: signals.alertId,
      })
      .from(signals)
      .innerJoin(jurisdictions, eq(jurisdictions.id, signals.jurisdictionId))
      .where(
        and(
          diseaseFilter(signals.diseaseId),
          gte(signals.periodEnd, addDays(q.from, -WINDOW_DAYS)),
          lte(signals.periodEnd, q.to),
          // an exercise's signals, alerts and incidents (exercise_id, issue 19) are no part of the district's history
          isNull(signals.exerciseId),
        ),
      )
  ).filter((s): s is SignalFact => s.diseaseId !== null && inPaths(area, s.path));

  // Alerts (of the signals, and confirmed ones as events): status, first confirmation, incident opened from them.
  const alertRows = (
    await db
      .select({
        id: alerts.id,
        code: alerts.code,
        title: alerts.title,
        status: alerts.status,
        diseaseId: alerts.diseaseId,
        path: jurisdictions.path,
        createdAt: alerts.createdAt,
      })
      .from(alerts)
      .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
      .where(and(diseaseFilter(alerts.diseaseId), isNull(alerts.exerciseId)))
  ).filter((a) => inPaths(area, a.path) || signalRows.some((s) => s.alertId === a.id));
  const alertIds = alertRows.map((a) => a.id);
  const confirmations = new Map<string, Date>();
  for (let i = 0; i < alertIds.length; i += 1000) {
    const rows = await db
      .select({ alertId: alertEvents.alertId, at: alertEvents.createdAt })
      .from(alertEvents)
      .where(and(inArray(alertEvents.alertId, alertIds.slice(i, i + 1000)), eq(alertEvents.toStatus, 'confirmed')));
    for (const r of rows) if (!confirmations.has(r.alertId) || r.at < confirmations.get(r.alertId)!) confirmations.set(r.alertId, r.at);
  }
  const incidentRows = await db
    .select({
      id: incidents.id,
      code: incidents.code,
      title: incidents.title,
      diseaseId: incidents.diseaseId,
      alertId: incidents.alertId,
      startedAt: incidents.startedAt,
      createdAt: incidents.createdAt,
      path: jurisdictions.path,
    })
    .from(incidents)
    .innerJoin(jurisdictions, eq(jurisdictions.id, incidents.jurisdictionId))
    .where(and(diseaseFilter(incidents.diseaseId), isNull(incidents.exerciseId)));
  const openedFrom = new Set(incidentRows.map((i) => i.alertId).filter(Boolean));

  // Verified events recognised in the period.
  const events: EventFact[] = [];
  for (const i of incidentRows) {
    const day = districtDate(i.createdAt);
    if (!i.diseaseId || day < q.from || day > q.to || !inPaths(area, i.path)) continue;
    const start = districtDate(i.startedAt);
    const windowStart = start < addDays(day, -WINDOW_DAYS) ? start : addDays(day, -WINDOW_DAYS);
    events.push({ kind: 'incident', ...i, diseaseId: i.diseaseId, recognisedAt: i.createdAt, windowStart, day });
  }
  for (const a of alertRows) {
    const confirmed = confirmations.get(a.id) ?? (a.status === 'confirmed' ? a.createdAt : undefined);
    if (!confirmed || !a.diseaseId || openedFrom.has(a.id) || !inPaths(area, a.path)) continue;
    const day = districtDate(confirmed);
    if (day < q.from || day > q.to) continue;
    events.push({
      kind: 'alert',
      id: a.id,
      code: a.code,
      title: a.title,
      diseaseId: a.diseaseId,
      path: a.path,
      alertId: a.id,
      recognisedAt: confirmed,
      windowStart: addDays(day, -WINDOW_DAYS),
      day,
    });
  }

  const alertById = new Map(alertRows.map((a) => [a.id, a]));
  const verdictOf = (s: SignalFact): 'true_alarm' | 'false_alarm' | 'pending' => {
    const a = s.alertId ? alertById.get(s.alertId) : undefined;
    if (!a) return 'pending';
    if (confirmations.has(a.id) || a.status === 'confirmed' || openedFrom.has(a.id)) return 'true_alarm';
    if (a.status === 'discarded' || a.status === 'closed') return 'false_alarm';
    return 'pending';
  };
  const matches = (s: SignalFact, e: EventFact) =>
    s.diseaseId === e.diseaseId &&
    ((e.alertId !== null && s.alertId === e.alertId) || (overlaps(s.path, e.path) && s.periodEnd >= e.windowStart && s.periodEnd <= e.day));

  // District weeks overlapping the period.
  const weeks: string[] = [];
  for (let w = mondayOf(q.from); w <= q.to; w = addDays(w, 7)) weeks.push(w);

  const figuresOf = (sigs: SignalFact[], evs: EventFact[]) => {
    const inPeriod = sigs.filter((s) => s.periodEnd >= q.from);
    const verdicts = inPeriod.map(verdictOf);
    const trueAlarms = verdicts.filter((v) => v === 'true_alarm').length;
    const falseAlarms = verdicts.filter((v) => v === 'false_alarm').length;
    const detectedLeads = evs
      .map((e) => sigs.filter((s) => matches(s, e)).map((s) => s.periodEnd))
      .filter((days) => days.length > 0)
      .map((days) => days.reduce((a, b) => (a < b ? a : b)));
    const leads = evs.flatMap((e) => {
      const days = sigs.filter((s) => matches(s, e)).map((s) => s.periodEnd);
      return days.length
        ? [
            Math.max(
              0,
              dayDiff(
                days.reduce((a, b) => (a < b ? a : b)),
                e.day,
              ),
            ),
          ]
        : [];
    });
    const eventWeek = (w: string) => evs.some((e) => e.windowStart <= addDays(w, 6) && e.day >= w);
    const quiet = weeks.filter((w) => !eventWeek(w));
    const alarmedQuiet = quiet.filter((w) => inPeriod.some((s) => s.periodEnd >= w && s.periodEnd <= addDays(w, 6)));
    return {
      signals: inPeriod.length,
      trueAlarms,
      falseAlarms,
      pending: inPeriod.length - trueAlarms - falseAlarms,
      ppv: ratio(trueAlarms, trueAlarms + falseAlarms),
      events: evs.length,
      detected: detectedLeads.length,
      pod: ratio(detectedLeads.length, evs.length),
      weeks: weeks.length,
      quietWeeks: quiet.length,
      alarmedQuietWeeks: alarmedQuiet.length,
      fpr: ratio(alarmedQuiet.length, quiet.length),
      medianLeadDays: median(leads),
    };
  };

  const diseaseIds = [...new Set([...signalRows.map((s) => s.diseaseId), ...events.map((e) => e.diseaseId)])];
  const names = diseaseIds.length
    ? await db
        .select({ id: diseases.id, name: diseases.name, nameEn: diseases.nameEn, defaultMethod: diseases.defaultMethod })
        .from(diseases)
        .where(inArray(diseases.id, diseaseIds))
    : [];
  const signalScope = hasRight(principal, 'signals.read') ? scopeFor(principal, 'signals.read') : null;
  const alertReadable = alertReader(principal);

  return {
    from: q.from,
    to: q.to,
    townshipId: q.townshipId?.toLowerCase() ?? null,
    windowDays: WINDOW_DAYS,
    diseases: names
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'))
      .map((d) => {
        const sigs = signalRows.filter((s) => s.diseaseId === d.id);
        const evs = events.filter((e) => e.diseaseId === d.id);
        const methods = [...new Set(sigs.map((s) => s.method))].sort();
        return {
          diseaseId: d.id,
          name: d.name,
          nameEn: d.nameEn,
          defaultMethod: d.defaultMethod,
          ...figuresOf(sigs, evs),
          methods: methods.map((m) => ({
            method: m,
            ...figuresOf(
              sigs.filter((s) => s.method === m),
              evs,
            ),
          })),
          // an alert confirmed as an event is an alert record: listed only within the reader's alerts.read scope
          eventRecords: evs
            .filter((e) => e.kind !== 'alert' || alertReadable(e.path))
            .sort((a, b) => a.recognisedAt.getTime() - b.recognisedAt.getTime())
            .map((e) => {
              const found = sigs.filter((s) => matches(s, e));
              return {
                kind: e.kind,
                id: e.id,
                code: e.code,
                title: e.title,
                recognisedAt: e.recognisedAt.toISOString(),
                detected: found.length > 0,
                methods: [...new Set(found.map((s) => s.method))].sort(),
                firstSignalDay: found.length ? found.map((s) => s.periodEnd).reduce((a, b) => (a < b ? a : b)) : null,
              };
            }),
          signalRecords: signalScope
            ? sigs
                .filter((s) => s.periodEnd >= q.from && pathInScope(signalScope, s.path))
                .sort((a, b) => (a.periodEnd < b.periodEnd ? -1 : a.periodEnd > b.periodEnd ? 1 : 0))
                .map((s) => {
                  const a = s.alertId ? alertById.get(s.alertId) : undefined;
                  return {
                    id: s.id,
                    method: s.method,
                    periodEnd: s.periodEnd,
                    verdict: verdictOf(s),
                    alert: a && alertReadable(a.path) ? { id: a.id, code: a.code, status: a.status } : null,
                  };
                })
            : [],
        };
      }),
  };
}

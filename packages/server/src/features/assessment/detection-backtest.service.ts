/**
 * The back-test of the detection methods in use, on the district's own history (issue 18 item 6; docs/assessment.md,
 * "Back-test of the methods in use"). Unlike detection-performance.service.ts, which counts the signals detection
 * actually raised, this re-runs each enabled temporal setting (method, parameters, date basis, level) day by day
 * over a window of 1–3 years of the district's case counts and scores its alarms against the outbreaks the district
 * recorded. Definitions (Buckeridge et al., J Biomed Inform 2005; Jackson et al., BMC Med Inform Decis Mak 2007,
 * for POD, FPR and timeliness of outbreak detection):
 *
 * - **a recorded outbreak** of a disease is (a) an incident of the disease, from its recorded start
 *   (`started_at`) to its close (`closed_at`; still open: to the end of the window), or (b) an alert of the disease
 *   confirmed as an event (status 'confirmed' reached) that opened no incident, from its first signal (or its
 *   creation) to its closure after the confirmation (still confirmed: to the end of the window). Exercise records never count; discarded or closed-unconfirmed alerts are not
 *   outbreaks (their weeks stay quiet: the district judged them false alarms);
 * - the window is cut into district weeks (Monday–Sunday) and the series replayed into **place-weeks** (one per
 *   series: the area for a district-level setting, each township for a township-level one). A place-week is an
 *   **outbreak week** when an outbreak whose place overlaps the series' place (one within the other) runs in it,
 *   counting from LEAD_DAYS before its recorded start (a recorded start lags the first cases); every other
 *   place-week is **quiet**;
 * - an outbreak is **detected** when a series whose place overlaps its place alarmed on a day from LEAD_DAYS before
 *   its start to its end; **in its first week** when that first alarm fell no later than the week of its start;
 *   its **delay** is the days from its start to the first alarm (0 when the alarm came first);
 * - POD = detected / outbreaks; first-week POD = detected in the first week / outbreaks; FPR = quiet place-weeks with
 *   an alarm / quiet place-weeks; alarms per year = place-weeks with an alarm / years of the window.
 * A figure with nothing to count is null (incomplete), never 0.
 *
 * Each disease's settings in use are compared with variants of its primary setting (the district-level one when
 * there is one): one step stricter and one looser on the method's threshold knob, and the other methods the engine
 * offers (detection.replay.ts: thresholdVariants, ALTERNATIVE_METHODS). Scope: settings are replayed only for
 * places within the reader's assessment.read scope; outbreak records outside it are counted but not named. Only
 * counts leave the server.
 */
import { and, eq, inArray, isNotNull, isNull, ne } from 'drizzle-orm';
import { pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { validationFailed } from '../../platform/errors.ts';
import { districtDate, districtToday } from '../../platform/time/district-time.ts';
import { alertEvents, alerts } from '../alerts/index.ts';
import { diseases } from '../catalogue/index.ts';
import {
  ALTERNATIVE_METHODS,
  type DetectionPlace,
  detectionConfigs,
  detectionPlaceById,
  type ReplayResult,
  readSettingSeries,
  replayHistory,
  replayOnSeries,
  type SettingSeries,
  settingPlaces,
  thresholdVariants,
} from '../detection/index.ts';
import { incidents } from '../incidents/index.ts';
import { alertReader } from './alert-scope.ts';
import type { DetectionBacktestQuery, DetectionBacktestSettingsView, DetectionBacktestView } from './detection-backtest.schema.ts';
import { dayDiff, median } from './seven17.ts';

/** An outbreak's weeks start this many days before its recorded start. */
export const LEAD_DAYS = 7;

type DiseaseView = DetectionBacktestView['diseases'][number];
type VariantView = DiseaseView['variants'][number];
type EventView = DiseaseView['events'][number];

const addDays = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The Monday on or before a day. */
const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
const overlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);
const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);
const perYear = (n: number, years: number, units: number) => (units === 0 ? null : Math.round((n / years) * 10) / 10);

/** The back-test window: `years` × 52 district weeks ending on the last Sunday on or before the district's today. */
export function backtestWindow(now: Date, years: number): { from: string; to: string; weeks: string[] } {
  const today = districtToday(now);
  const to = addDays(mondayOf(today), today === addDays(mondayOf(today), 6) ? 6 : -1);
  const from = addDays(to, -(years * 52 * 7) + 1);
  const weeks: string[] = [];
  for (let w = from; w <= to; w = addDays(w, 7)) weeks.push(w);
  return { from, to, weeks };
}

/** A recorded outbreak, as scored. */
interface Outbreak {
  key: string;
  diseaseId: string;
  path: string;
  start: string;
  end: string;
  view: EventView;
}

interface Setting {
  configId: string;
  diseaseId: string;
  jurisdictionId: string;
  level: 'township' | 'district';
  method: string;
  parameters: Record<string, unknown>;
  dateBasis: 'onset' | 'report';
}

/** Scores one replay against the outbreaks (see the file comment for each definition). */
export function scoreReplay(
  replay: Pick<ReplayResult, 'places' | 'error'>,
  outbreaks: readonly Pick<Outbreak, 'key' | 'path' | 'start' | 'end'>[],
  window: { weeks: readonly string[]; years: number },
): Omit<VariantView, 'key' | 'kind' | 'configId' | 'method' | 'parameters' | 'knob' | 'level' | 'dateBasis'> {
  const places = replay.places;
  const concerned = outbreaks.filter((o) => places.some((p) => overlaps(p.place.path, o.path)));
  const weekSet = new Set(window.weeks);
  let outbreakWeeks = 0;
  let quietWeeks = 0;
  let alarmWeeks = 0;
  const falseAlarms: VariantView['falseAlarms'] = [];
  for (const p of places) {
    const mine = concerned.filter((o) => overlaps(p.place.path, o.path));
    const alarmsByWeek = new Map<string, number>();
    for (const day of p.alarmDays) {
      const w = mondayOf(day);
      if (weekSet.has(w)) alarmsByWeek.set(w, (alarmsByWeek.get(w) ?? 0) + 1);
    }
    for (const w of window.weeks) {
      const sunday = addDays(w, 6);
      const outbreak = mine.some((o) => addDays(o.start, -LEAD_DAYS) <= sunday && o.end >= w);
      const alarms = alarmsByWeek.get(w) ?? 0;
      if (alarms > 0) alarmWeeks++;
      if (outbreak) outbreakWeeks++;
      else {
        quietWeeks++;
        if (alarms > 0) {
          falseAlarms.push({
            week: w,
            placeId: p.place.id,
            placeName: p.place.name,
            placeNameEn: p.place.nameEn,
            alarmDays: alarms,
            cases: p.weekCounts[w] ?? 0,
          });
        }
      }
    }
  }
  const detections: VariantView['detections'] = [];
  for (const o of concerned) {
    const from = addDays(o.start, -LEAD_DAYS);
    let first: string | null = null;
    for (const p of places) {
      if (!overlaps(p.place.path, o.path)) continue;
      for (const day of p.alarmDays) if (day >= from && day <= o.end && (first === null || day < first)) first = day;
    }
    if (first !== null) {
      detections.push({
        eventKey: o.key,
        firstAlarmDay: first,
        delayDays: Math.max(0, dayDiff(o.start, first)),
        firstWeek: mondayOf(first) <= mondayOf(o.start),
      });
    }
  }
  falseAlarms.sort((a, b) => (a.week < b.week ? -1 : a.week > b.week ? 1 : a.placeName.localeCompare(b.placeName, 'zh')));
  const failed = replay.error !== null;
  const firstWeek = detections.filter((d) => d.firstWeek).length;
  const units = outbreakWeeks + quietWeeks;
  return {
    places: places.length,
    error: replay.error,
    events: concerned.length,
    detected: detections.length,
    detectedFirstWeek: firstWeek,
    pod: failed ? null : ratio(detections.length, concerned.length),
    firstWeekPod: failed ? null : ratio(firstWeek, concerned.length),
    outbreakWeeks,
    quietWeeks,
    falseAlarmWeeks: falseAlarms.length,
    fpr: failed ? null : ratio(falseAlarms.length, quietWeeks),
    alarmWeeks,
    alarmsPerYear: failed ? null : perYear(alarmWeeks, window.years, units),
    falseAlarmsPerYear: failed ? null : perYear(falseAlarms.length, window.years, units),
    medianDelayDays: median(detections.map((d) => d.delayDays)),
    detections,
    falseAlarms,
  };
}

/** GET /api/assessment/detection-backtest */
export async function detectionBacktestFor(
  database: Database,
  principal: Principal,
  q: DetectionBacktestQuery,
  options: { now?: Date; threads?: number } = {},
): Promise<DetectionBacktestView> {
  const scope = scopeFor(principal, 'assessment.read');
  const started = performance.now();
  const db = database.db;
  const years = q.years ?? 2;
  const window = backtestWindow(options.now ?? new Date(), years);
  const diseaseId = q.diseaseId?.toLowerCase();
  if (diseaseId) {
    const [d] = await db.select({ id: diseases.id }).from(diseases).where(eq(diseases.id, diseaseId));
    if (!d) throw validationFailed([{ path: 'diseaseId', message: 'no such disease' }]);
  }

  const { used, placesOf } = await settingsInScope(db, scope, diseaseId);
  const diseaseIds = [...new Set(used.map((c) => c.diseaseId))];
  if (diseaseIds.length === 0) {
    return {
      from: window.from,
      to: window.to,
      years,
      weeks: window.weeks.length,
      leadDays: LEAD_DAYS,
      ms: 0,
      replays: 0,
      cachedReplays: 0,
      diseases: [],
    };
  }

  const outbreaks = await recordedOutbreaks(database, principal, diseaseIds, window);

  const names = await db
    .select({ id: diseases.id, name: diseases.name, nameEn: diseases.nameEn })
    .from(diseases)
    .where(inArray(diseases.id, diseaseIds));
  let replays = 0;
  let cachedReplays = 0;
  const out: DiseaseView[] = [];
  for (const d of names.sort((a, b) => a.name.localeCompare(b.name, 'zh'))) {
    const settings = used.filter((c) => c.diseaseId === d.id);
    const primary = settings[0]!;
    const candidates: Array<{
      kind: VariantView['kind'];
      setting: Setting;
      parameters: Record<string, unknown>;
      method: string;
      knob: VariantView['knob'];
    }> = [
      ...settings.map((s) => ({ kind: 'in_use' as const, setting: s, method: s.method, parameters: s.parameters, knob: null })),
      ...thresholdVariants(primary.method, primary.parameters).map((v) => ({
        kind: v.kind,
        setting: primary,
        method: primary.method,
        parameters: v.parameters,
        knob: v.knob,
      })),
      ...ALTERNATIVE_METHODS.filter((m) => !settings.some((s) => s.method === m.method && s.level === primary.level)).map((m) => ({
        kind: 'alternative' as const,
        setting: primary,
        method: m.method,
        parameters: m.parameters,
        knob: null,
      })),
    ];
    const watched = settings.flatMap((s) => placesOf.get(s.configId)!.places);
    const mine = outbreaks.filter((o) => o.diseaseId === d.id && watched.some((p) => overlaps(p.path, o.path)));
    const variants: VariantView[] = [];
    // the counts of each setting are read once, with the longest history its variants need
    const seriesOf = new Map<string, SettingSeries>();
    for (const s of settings) {
      const history = Math.max(0, ...candidates.filter((c) => c.setting === s).map((c) => replayHistory(c.method, c.parameters) ?? 0));
      const where = placesOf.get(s.configId)!;
      seriesOf.set(
        s.configId,
        await readSettingSeries(db, {
          diseaseId: d.id,
          dateBasis: s.dateBasis,
          area: where.area,
          level: s.level,
          places: where.places,
          from: window.from,
          to: window.to,
          history,
        }),
      );
    }
    for (const [i, c] of candidates.entries()) {
      const replay = await replayOnSeries(seriesOf.get(c.setting.configId)!, c.method, c.parameters, { threads: options.threads });
      replays++;
      if (replay.cached) cachedReplays++;
      variants.push({
        key: `${c.kind}:${i}`,
        kind: c.kind,
        configId: c.setting.configId,
        method: c.method,
        parameters: c.parameters,
        knob: c.knob,
        level: c.setting.level,
        dateBasis: c.setting.dateBasis,
        ...scoreReplay(replay, mine, { weeks: window.weeks, years }),
      });
    }
    out.push({ diseaseId: d.id, name: d.name, nameEn: d.nameEn, variants, events: mine.map((o) => o.view) });
  }
  return {
    from: window.from,
    to: window.to,
    years,
    weeks: window.weeks.length,
    leadDays: LEAD_DAYS,
    ms: Math.round(performance.now() - started),
    replays,
    cachedReplays,
    diseases: out,
  };
}

/** The settings in use (enabled, about a disease, temporal) with their places within the scope. */
async function settingsInScope(db: Executor, scope: Scope, diseaseId: string | undefined) {
  // The settings in use: enabled, about a disease, temporal (the space-time scan is not replayed here).
  const configs: Setting[] = (
    await db
      .select({
        configId: detectionConfigs.id,
        diseaseId: detectionConfigs.diseaseId,
        jurisdictionId: detectionConfigs.jurisdictionId,
        level: detectionConfigs.level,
        method: detectionConfigs.method,
        parameters: detectionConfigs.parameters,
        dateBasis: detectionConfigs.dateBasis,
      })
      .from(detectionConfigs)
      .where(
        and(
          eq(detectionConfigs.enabled, true),
          diseaseId ? eq(detectionConfigs.diseaseId, diseaseId) : isNotNull(detectionConfigs.diseaseId),
          ne(detectionConfigs.method, 'scan'),
        ),
      )
  )
    .filter((c): c is Setting => c.diseaseId !== null)
    // district level first: the primary setting of a disease is its district-level one
    .sort((a, b) => (a.level === b.level ? a.configId.localeCompare(b.configId) : a.level === 'district' ? -1 : 1));

  // Each setting's places within the reader's scope.
  const placesOf = new Map<string, { area: DetectionPlace; places: DetectionPlace[] }>();
  for (const c of configs) {
    const area = await detectionPlaceById(db, c.jurisdictionId);
    if (!area) continue;
    const places = (await settingPlaces(db, c.jurisdictionId, c.level)).filter((p) => pathInScope(scope, p.path));
    if (places.length > 0) placesOf.set(c.configId, { area, places });
  }
  return { used: configs.filter((c) => placesOf.has(c.configId)), placesOf };
}

/** GET /api/assessment/detection-backtest/settings: the diseases with a setting in use, cheaply (nothing replayed). */
export async function detectionBacktestSettingsFor(
  database: Database,
  principal: Principal,
  options: { now?: Date } = {},
): Promise<DetectionBacktestSettingsView> {
  const scope = scopeFor(principal, 'assessment.read');
  const db = database.db;
  const { used, placesOf } = await settingsInScope(db, scope, undefined);
  const ids = [...new Set(used.map((c) => c.diseaseId))];
  const names = ids.length
    ? await db.select({ id: diseases.id, name: diseases.name, nameEn: diseases.nameEn }).from(diseases).where(inArray(diseases.id, ids))
    : [];
  return {
    windows: [1, 2, 3].map((years) => {
      const w = backtestWindow(options.now ?? new Date(), years);
      return { years, from: w.from, to: w.to };
    }),
    diseases: names
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'))
      .map((d) => ({
        diseaseId: d.id,
        name: d.name,
        nameEn: d.nameEn,
        settings: used
          .filter((c) => c.diseaseId === d.id)
          .map((c) => ({ configId: c.configId, method: c.method, level: c.level, places: placesOf.get(c.configId)!.places.length })),
      })),
  };
}

/** The recorded outbreaks of these diseases that overlap the window (exercise records excluded). */
/** A recorded outbreak of the window, with its view (record named only to a reader whose scope holds its place). */
function recordedOutbreak(
  kind: 'incident' | 'alert',
  r: { id: string; code: string; title: string; diseaseId: string | null; path: string; placeName: string; placeNameEn: string },
  readable: boolean,
  start: string,
  end: string,
  ongoing: boolean,
): Outbreak {
  const key = `${kind}:${r.id}`;
  return {
    key,
    diseaseId: r.diseaseId!,
    path: r.path,
    start,
    end,
    view: {
      key,
      kind,
      id: readable ? r.id : null,
      code: readable ? r.code : null,
      title: readable ? r.title : null,
      start,
      end,
      ongoing,
      placeName: r.placeName,
      placeNameEn: r.placeNameEn,
    },
  };
}

async function recordedOutbreaks(
  database: Database,
  principal: Principal,
  diseaseIds: string[],
  window: { from: string; to: string },
): Promise<Outbreak[]> {
  const db = database.db;
  const scope = scopeFor(principal, 'assessment.read');
  const alertReadable = alertReader(principal);
  const out: Outbreak[] = [];
  const incidentRows = await db
    .select({
      id: incidents.id,
      code: incidents.code,
      title: incidents.title,
      diseaseId: incidents.diseaseId,
      alertId: incidents.alertId,
      startedAt: incidents.startedAt,
      closedAt: incidents.closedAt,
      path: jurisdictions.path,
      placeName: jurisdictions.name,
      placeNameEn: jurisdictions.nameEn,
    })
    .from(incidents)
    .innerJoin(jurisdictions, eq(jurisdictions.id, incidents.jurisdictionId))
    .where(and(inArray(incidents.diseaseId, diseaseIds), isNull(incidents.exerciseId)));
  const openedFrom = new Set(incidentRows.map((i) => i.alertId).filter((id): id is string => id !== null));
  for (const i of incidentRows) {
    const start = districtDate(i.startedAt);
    const end = i.closedAt ? districtDate(i.closedAt) : window.to;
    if (end < window.from || addDays(start, -LEAD_DAYS) > window.to || end < start) continue;
    const readable = pathInScope(scope, i.path);
    out.push(recordedOutbreak('incident', i, readable, start, end, i.closedAt === null));
  }

  const alertRows = await db
    .select({
      id: alerts.id,
      code: alerts.code,
      title: alerts.title,
      status: alerts.status,
      diseaseId: alerts.diseaseId,
      firstSignalAt: alerts.firstSignalAt,
      createdAt: alerts.createdAt,
      closedAt: alerts.closedAt,
      path: jurisdictions.path,
      placeName: jurisdictions.name,
      placeNameEn: jurisdictions.nameEn,
    })
    .from(alerts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, alerts.jurisdictionId))
    .where(and(inArray(alerts.diseaseId, diseaseIds), isNull(alerts.exerciseId)));
  const candidates = alertRows.filter((a) => !openedFrom.has(a.id));
  const confirmations = new Map<string, Date>();
  const closures = new Map<string, Date>();
  for (let i = 0; i < candidates.length; i += 1000) {
    const rows = await db
      .select({ alertId: alertEvents.alertId, to: alertEvents.toStatus, at: alertEvents.createdAt })
      .from(alertEvents)
      .where(
        and(
          inArray(
            alertEvents.alertId,
            candidates.slice(i, i + 1000).map((a) => a.id),
          ),
          inArray(alertEvents.toStatus, ['confirmed', 'closed']),
        ),
      );
    for (const r of rows) {
      const into = r.to === 'confirmed' ? confirmations : closures;
      if (!into.has(r.alertId) || r.at < into.get(r.alertId)!) into.set(r.alertId, r.at);
    }
  }
  for (const a of candidates) {
    const confirmed = confirmations.get(a.id) ?? (a.status === 'confirmed' ? a.createdAt : undefined);
    if (!confirmed) continue;
    const first = a.firstSignalAt && a.firstSignalAt < a.createdAt ? a.firstSignalAt : a.createdAt;
    const start = districtDate(first);
    // the outbreak ran until the alert was closed after it (still confirmed: it is ongoing)
    const closedAt = a.closedAt ?? closures.get(a.id) ?? null;
    const closedDay = closedAt && closedAt >= confirmed ? districtDate(closedAt) : null;
    const end = closedDay ?? window.to;
    if (end < window.from || addDays(start, -LEAD_DAYS) > window.to) continue;
    const readable = alertReadable(a.path);
    out.push(recordedOutbreak('alert', a, readable, start, end, closedDay === null));
  }
  return out.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
}

/**
 * The surveillance dashboard (docs/dashboard.md): epidemic curves with a historical baseline band and detection
 * signals, township incidence and open alerts, the alerts most in need of attention, reporting timeliness.
 *
 * Authorisation: `dashboard.read` plus the right of what a panel shows (`cases.read` for counts and timeliness,
 * `alerts.read` for alerts, `signals.read` for signals on the curve); the scope is where the reader holds both.
 * A `jurisdictionId` outside it is answered 404, as a jurisdiction that does not exist.
 */
import { type Principal, type Scope, hasRight, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Right } from '../../platform/auth/rights.ts';
import type { Executor } from '../../platform/db/database.ts';
import { notFound, validationFailed } from '../../platform/errors.ts';
import { reportingTimeliness } from '../cases/index.ts';
import { dailyCaseCounts } from './case-counts.ts';
import type { AlertsQuery, CommunityQuery, Curve, CurvePoint, CurveQuery, RangeQuery, TownshipQuery } from './dashboard.schema.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import {
  findDisease,
  findJurisdictionById,
  findJurisdictionByPath,
  firstCountedDay,
  listActiveDiseases,
  listCommunities,
  listOpenAlerts,
  listSignals,
  listTownships,
  openAlertsByCommunity,
  openAlertsByDisease,
  openAlertsByTownship,
} from './dashboard.store.ts';

const DAY_MS = 86_400_000;
/** Baseline: the comparable periods of the previous 3 years, ±2 periods around each (CIDARS' moving percentile). */
const BASELINE_YEARS = 3;
const BASELINE_HALF_WINDOW = 2;
/** Longest ranges, so that one request cannot ask for decades of days. */
const MAX_DAYS = { day: 732, week: 5 * 366 + 7 } as const;

/** Today's date in China (UTC+8), 'YYYY-MM-DD'. */
export function chinaToday(now = new Date()): string {
  return districtToday(now);
}

export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
/** The Monday of the ISO week of a day. */
const mondayOf = (day: string) => addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));

/** Paths lying in both scopes (the deeper one where one contains the other). */
export function intersectPaths(a: readonly string[], b: readonly string[]): string[] {
  const out = new Set<string>();
  for (const p of a)
    for (const q of b) {
      if (p.startsWith(q)) out.add(p);
      else if (q.startsWith(p)) out.add(q);
    }
  return [...out].sort();
}

/** Where the reader may see what `right` covers on the dashboard (throws 403 without either right). */
function panelScope(principal: Principal, right: Right): Scope {
  const dashboard = scopeFor(principal, 'dashboard.read');
  const panel = scopeFor(principal, right);
  return { right, paths: intersectPaths(dashboard.paths, panel.paths) };
}

/** The places asked for: all of the scope, or one jurisdiction inside it (404 outside). */
async function placePaths(db: Executor, scope: Scope, jurisdictionId: string | undefined) {
  if (!jurisdictionId) {
    const root = scope.paths.length === 1 ? await findJurisdictionByPath(db, scope.paths[0]!) : undefined;
    return { paths: scope.paths, place: root ?? null };
  }
  const j = await findJurisdictionById(db, jurisdictionId);
  if (!j || !pathInScope(scope, j.path)) throw notFound('jurisdiction');
  return { paths: [j.path], place: j };
}

/** Checks and completes a date range (China days, both included). */
function resolveRange(q: { from?: string; to?: string }, defaultDays: number, maxDays: number, now: Date) {
  const to = q.to ?? chinaToday(now);
  const from = q.from ?? addDays(to, -(defaultDays - 1));
  if (from > to) throw validationFailed([{ path: 'from', message: 'The first day must not be after the last day' }]);
  if (daysBetween(from, to) + 1 > maxDays)
    throw validationFailed([{ path: 'from', message: `The period may span at most ${maxDays} days` }]);
  return { from, to };
}

/** Linear-interpolation quantile (R type 7) of a sorted sample. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The percentile a disease's detection uses by default (its catalogue parameters), else P80. */
function percentileOf(defaultParams: Record<string, unknown>): number {
  const p = defaultParams.p;
  return typeof p === 'number' && p > 0 && p < 1 ? p : 0.8;
}

/**
 * The epidemic curve of one disease: counts per day or ISO week, the historical baseline band (median and
 * percentile of the comparable periods of the previous years, from the first day with data), and the detection
 * signals of the same disease and date basis in the place.
 */
export async function epidemicCurve(db: Executor, principal: Principal, q: CurveQuery, now = new Date()): Promise<Curve> {
  const scope = panelScope(principal, 'cases.read');
  const disease = await findDisease(db, q.diseaseId);
  if (!disease) throw notFound('disease');
  const { paths, place } = await placePaths(db, scope, q.jurisdictionId);
  const range = resolveRange(q, q.interval === 'week' ? 52 * 7 : 90, MAX_DAYS[q.interval], now);
  const step = q.interval === 'week' ? 7 : 1;
  const from = q.interval === 'week' ? mondayOf(range.from) : range.from;
  const to = range.to;

  // One read: the period plus the history the baseline compares it with.
  const historyFrom = addDays(from, -(BASELINE_YEARS * 364 + (BASELINE_HALF_WINDOW + 1) * step));
  const [rows, firstDay] = await Promise.all([
    dailyCaseCounts(db, { diseaseIds: [disease.id], scopePaths: paths, basis: q.basis, from: historyFrom, to, groupBy: 'none' }),
    firstCountedDay(db, q.basis),
  ]);
  const origin = Date.parse(`${historyFrom}T00:00:00Z`);
  const totalDays = daysBetween(historyFrom, to) + 1;
  const daily = new Float64Array(totalDays);
  for (const r of rows) daily[Math.round((Date.parse(`${r.date}T00:00:00Z`) - origin) / DAY_MS)] += r.count;
  const prefix = new Float64Array(totalDays + 1);
  for (let i = 0; i < totalDays; i++) prefix[i + 1] = prefix[i]! + daily[i]!;
  const indexOf = (day: string) => daysBetween(historyFrom, day);
  const sumDays = (startIdx: number, len: number) => prefix[Math.min(startIdx + len, totalDays)]! - prefix[Math.max(startIdx, 0)]!;
  const knownFrom = firstDay === null ? totalDays : Math.max(0, indexOf(firstDay));

  const percentile = percentileOf(disease.defaultParams);
  const signalScope = hasRight(principal, 'signals.read') ? panelScope(principal, 'signals.read') : null;
  const signalPaths = signalScope ? intersectPaths(signalScope.paths, paths) : [];
  const signalRows =
    signalPaths.length > 0 ? await listSignals(db, { diseaseId: disease.id, basis: q.basis, from, to, paths: signalPaths }) : [];
  const signalsOut = signalRows.map((s) => ({ ...s, explanation: s.explanation ?? {}, alertCode: s.alertCode ?? null }));

  const points: CurvePoint[] = [];
  for (let start = from; start <= to; start = addDays(start, step)) {
    const end = addDays(start, step - 1) > to ? to : addDays(start, step - 1);
    const idx = indexOf(start);
    const len = daysBetween(start, end) + 1;
    // Baseline: the same period 1–3 years (52 weeks) earlier, shifted by −2…+2 periods; only where data existed.
    const sample: number[] = [];
    for (let y = 1; y <= BASELINE_YEARS; y++) {
      for (let k = -BASELINE_HALF_WINDOW; k <= BASELINE_HALF_WINDOW; k++) {
        const s = idx - y * 364 + k * step;
        if (s >= knownFrom) sample.push(sumDays(s, len));
      }
    }
    sample.sort((a, b) => a - b);
    const enough = sample.length >= BASELINE_HALF_WINDOW * 2 + 1;
    // A signal's threshold belongs on this point when the signal is about this very place and period length.
    const own = signalsOut.filter(
      (s) =>
        s.periodEnd >= start &&
        s.periodEnd <= end &&
        (place === null || s.jurisdictionId === place.id) &&
        daysBetween(s.periodStart, s.periodEnd) + 1 === step,
    );
    const thresholds = own.map((s) => s.threshold).filter((t): t is number => t !== null);
    points.push({
      start,
      end,
      count: sumDays(idx, len),
      expected: enough ? round2(quantile(sample, 0.5)) : null,
      upper: enough ? round2(quantile(sample, percentile)) : null,
      threshold: thresholds.length > 0 ? Math.max(...thresholds) : null,
      alarm: signalsOut.some((s) => s.periodEnd >= start && s.periodEnd <= end),
    });
  }
  return {
    disease: { id: disease.id, code: disease.code, name: disease.name, nameEn: disease.nameEn },
    basis: q.basis,
    interval: q.interval,
    from,
    to,
    jurisdiction: place ? { id: place.id, name: place.name, nameEn: place.nameEn, level: place.level } : null,
    baseline: { years: BASELINE_YEARS, halfWindow: BASELINE_HALF_WINDOW, percentile },
    points,
    signals: signalsOut,
  };
}

/** Every active disease with its cases in the period, the same period a year before, and its open alerts. */
export async function diseaseSummary(db: Executor, principal: Principal, q: RangeQuery & { basis: 'onset' | 'report' }, now = new Date()) {
  const scope = panelScope(principal, 'cases.read');
  const { paths } = await placePaths(db, scope, q.jurisdictionId);
  const { from, to } = resolveRange(q, 28, MAX_DAYS.week, now);
  const alertPaths = hasRight(principal, 'alerts.read') ? intersectPaths(panelScope(principal, 'alerts.read').paths, paths) : [];
  const [list, current, previous, alertCounts] = await Promise.all([
    listActiveDiseases(db),
    dailyCaseCounts(db, { scopePaths: paths, basis: q.basis, from, to, groupBy: 'none' }),
    dailyCaseCounts(db, { scopePaths: paths, basis: q.basis, from: addDays(from, -364), to: addDays(to, -364), groupBy: 'none' }),
    openAlertsByDisease(db, alertPaths),
  ]);
  const sum = (rows: typeof current) => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r.diseaseId, (m.get(r.diseaseId) ?? 0) + r.count);
    return m;
  };
  const now1 = sum(current);
  const before = sum(previous);
  const items = list
    .map((d) => ({
      id: d.id,
      code: d.code,
      name: d.name,
      nameEn: d.nameEn,
      class: d.class,
      cases: now1.get(d.id) ?? 0,
      previousCases: before.get(d.id) ?? 0,
      openAlerts: alertCounts.get(d.id) ?? 0,
    }))
    .sort((a, b) => b.openAlerts - a.openAlerts || b.cases - a.cases || a.code.localeCompare(b.code));
  return { from, to, basis: q.basis, items };
}

/** Per township: cases and incidence per 100,000 in the period, and open alerts. */
export async function townshipFigures(db: Executor, principal: Principal, q: TownshipQuery, now = new Date()) {
  const scope = panelScope(principal, 'cases.read');
  const { paths } = await placePaths(db, scope, q.jurisdictionId);
  const { from, to } = resolveRange(q, 28, MAX_DAYS.week, now);
  if (q.diseaseId && !(await findDisease(db, q.diseaseId))) throw notFound('disease');
  const alertPaths = hasRight(principal, 'alerts.read') ? intersectPaths(panelScope(principal, 'alerts.read').paths, paths) : null;
  const [townships, counts, alertCounts] = await Promise.all([
    listTownships(db, paths),
    dailyCaseCounts(db, {
      diseaseIds: q.diseaseId ? [q.diseaseId] : undefined,
      scopePaths: paths,
      basis: q.basis,
      from,
      to,
      groupBy: 'township',
    }),
    alertPaths ? openAlertsByTownship(db, alertPaths) : Promise.resolve(null),
  ]);
  const cases = new Map<string, number>();
  for (const r of counts) if (r.jurisdictionId) cases.set(r.jurisdictionId, (cases.get(r.jurisdictionId) ?? 0) + r.count);
  // A reader whose scope lies inside a township sees that township's figures for their part only, against the
  // township's population: the incidence is left out rather than understated.
  const partial = (path: string) => !paths.some((p) => path.startsWith(p));
  return {
    from,
    to,
    basis: q.basis,
    diseaseId: q.diseaseId ?? null,
    days: daysBetween(from, to) + 1,
    items: townships.map((t) => {
      const n = cases.get(t.id) ?? 0;
      return {
        id: t.id,
        code: t.code,
        name: t.name,
        nameEn: t.nameEn,
        population: t.population,
        cases: n,
        incidencePer100k: t.population && t.population > 0 && !partial(t.path) ? round2((n / t.population) * 100_000) : null,
        openAlerts: alertCounts ? (alertCounts.get(t.id) ?? 0) : null,
      };
    }),
  };
}

/**
 * Per community (or village) of one township: cases and incidence in the period, open alerts placed there — the
 * map of a township officer, who works at that level. The township is the reader's own when their scope is one
 * township, else `townshipId` (404 outside the scope, 400 when neither).
 */
export async function communityFigures(db: Executor, principal: Principal, q: CommunityQuery, now = new Date()) {
  const scope = panelScope(principal, 'cases.read');
  let township = q.townshipId ? await findJurisdictionById(db, q.townshipId) : undefined;
  if (q.townshipId && (township?.level !== 'township' || !pathInScope(scope, township.path))) throw notFound('jurisdiction');
  if (!township && scope.paths.length === 1) {
    const own = await findJurisdictionByPath(db, scope.paths[0]!);
    if (own?.level === 'township') township = own;
  }
  if (!township) throw validationFailed([{ path: 'townshipId', message: 'choose a township' }]);
  const { from, to } = resolveRange(q, 28, MAX_DAYS.week, now);
  if (q.diseaseId && !(await findDisease(db, q.diseaseId))) throw notFound('disease');
  const canAlerts = hasRight(principal, 'alerts.read') && pathInScope(panelScope(principal, 'alerts.read'), township.path);
  const [communities, counts, alertCounts] = await Promise.all([
    listCommunities(db, township.path),
    dailyCaseCounts(db, {
      diseaseIds: q.diseaseId ? [q.diseaseId] : undefined,
      scopePaths: [township.path],
      basis: q.basis,
      from,
      to,
      groupBy: 'jurisdiction',
    }),
    canAlerts ? openAlertsByCommunity(db, township.path) : Promise.resolve(null),
  ]);
  const cases = new Map<string, number>();
  for (const r of counts) if (r.jurisdictionId) cases.set(r.jurisdictionId, (cases.get(r.jurisdictionId) ?? 0) + r.count);
  return {
    township: { id: township.id, code: township.code, name: township.name, nameEn: township.nameEn },
    from,
    to,
    basis: q.basis,
    items: communities.map((c) => {
      const n = cases.get(c.id) ?? 0;
      return {
        id: c.id,
        code: c.code,
        name: c.name,
        nameEn: c.nameEn,
        population: c.population,
        centroid: c.centroid ?? null,
        cases: n,
        incidencePer100k: c.population && c.population > 0 ? round2((n / c.population) * 100_000) : null,
        openAlerts: alertCounts ? (alertCounts.get(c.id) ?? 0) : null,
      };
    }),
  };
}

/** The open alerts most in need of attention, with their verification deadlines. */
export async function topAlerts(db: Executor, principal: Principal, q: AlertsQuery) {
  const scope = panelScope(principal, 'alerts.read');
  const { paths } = await placePaths(db, scope, q.jurisdictionId);
  const { total, rows } = await listOpenAlerts(db, paths, q.limit);
  return {
    total,
    items: rows.map((a) => ({
      ...a,
      verificationDueAt: a.verificationDueAt?.toISOString() ?? null,
      createdAt: a.createdAt.toISOString(),
      link: `/alerts/${a.id}`,
    })),
  };
}

/** Reporting timeliness by facility for reports whose report day lies in the period (cases' timeliness.ts). */
export async function timeliness(db: Executor, principal: Principal, q: RangeQuery, now = new Date()) {
  const scope = panelScope(principal, 'cases.read');
  const { paths } = await placePaths(db, scope, q.jurisdictionId);
  const range = resolveRange(q, 28, MAX_DAYS.week, now);
  return reportingTimeliness(db, { right: 'cases.read', paths }, range);
}

/**
 * Tracing KPIs (WHO contact-tracing indicators; docs/contacts.md "KPIs"), per township and for the district,
 * within the reader's contacts.read scope:
 *
 * - followedUpToday: contacts whose follow-up window contains the day (registered by then, not yet completed,
 *   lost or converted before it; merged duplicates left out), and of them those seen — well or unwell — that day;
 * - casesKnownContacts: cases reported in the period (not merged, not excluded), and of them those that were a
 *   contact listed before the report (the contact's case report);
 * - medianHoursToListed: per contact of a case reported in the period (a contact of a case, degree 1), the hours
 *   from the case's report to the contact's registration (0 when listed before), the median;
 * - tracedWithin24h / 48h: of those contacts, the ones first seen (a follow-up seen well or unwell) within
 *   24 h / 48 h of the case's report; counted once the 24 h / 48 h have passed or the contact was traced;
 * - contactsListed: those contacts; toNotify: contacts living in another district not yet notified.
 *
 * Contacts count in the township of their residence, cases in the township where they were reported; a record
 * at district level (above any township) counts for the district only.
 *
 * Identical requests that arrive while one is computed share the computation (single flight), never a stale
 * answer: a phone list refreshing after each tap sees its own record.
 */
import { sql } from 'drizzle-orm';
import { inScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { districtInstant, districtToday, DISTRICT_UTC_OFFSET } from '../../platform/time/district-time.ts';
import { addDays } from './follow-up-clock.ts';
import type { KpiQuery, Kpis } from './tracing.schema.ts';

const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

interface Tally {
  due: number;
  seen: number;
  cases: number;
  known: number;
  listedHours: number[];
  traced24: number;
  eligible24: number;
  traced48: number;
  eligible48: number;
  toNotify: number;
}
const emptyTally = (): Tally => ({
  due: 0,
  seen: 0,
  cases: 0,
  known: 0,
  listedHours: [],
  traced24: 0,
  eligible24: 0,
  traced48: 0,
  eligible48: 0,
  toNotify: 0,
});

/** The median of a list of numbers, null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ratio = (numerator: number, denominator: number) => ({
  numerator,
  denominator,
  value: denominator === 0 ? null : Math.round((numerator / denominator) * 1000) / 1000,
});

function figures(t: Tally) {
  const m = median(t.listedHours);
  return {
    followedUpToday: ratio(t.seen, t.due),
    casesKnownContacts: ratio(t.known, t.cases),
    medianHoursToListed: m === null ? null : Math.round(m * 10) / 10,
    tracedWithin24h: ratio(t.traced24, t.eligible24),
    tracedWithin48h: ratio(t.traced48, t.eligible48),
    contactsListed: t.listedHours.length,
    toNotify: t.toNotify,
  };
}

interface Place {
  id: string;
  name: string;
  nameEn: string;
  level: string;
  path: string;
}

const inFlight = new Map<string, Promise<Kpis>>();

export async function contactKpisFor(database: Database, principal: Principal, query: KpiQuery, now = new Date()): Promise<Kpis> {
  const scope = scopeFor(principal, 'contacts.read');
  const date = query.date ?? districtToday(now);
  const key = JSON.stringify([scope.paths, date, query.days, query.diseaseId ?? '', date === districtToday(now) ? '' : now.getTime()]);
  const running = inFlight.get(key);
  if (running) return running;
  const computing = computeKpis(database.db, scope, { ...query, date }, now).finally(() => inFlight.delete(key));
  inFlight.set(key, computing);
  return computing;
}

/**
 * The KPIs of an area (its path) for the situation report, whoever reads the report: the report is the
 * incident's, drafted by a job or its editors, and shows the area's figures, never a person.
 */
export async function tracingKpisOfArea(
  db: Executor,
  areaPath: string,
  query: { date: string; days: number; diseaseId?: string },
  now: Date,
): Promise<Kpis> {
  return computeKpis(db, { right: 'contacts.read', paths: [areaPath] }, query, now);
}

async function computeKpis(db: Executor, scope: ReturnType<typeof scopeFor>, query: KpiQuery & { date: string }, now: Date): Promise<Kpis> {
  const { date } = query;
  const from = addDays(date, -(query.days - 1));
  const dayStart = districtInstant(date);
  const dayEnd = districtInstant(addDays(date, 1));
  const periodStart = districtInstant(from);
  const periodEnd = dayEnd.getTime() < now.getTime() ? dayEnd : now;
  const offset = sql.raw(`'${DISTRICT_UTC_OFFSET}'`);
  const disease = (column: string) => (query.diseaseId ? sql`AND ${sql.raw(column)} = ${query.diseaseId}` : sql``);
  // seen that day: for today, the contact's last day seen (kept by a trigger, 0066; records are never in the
  // future) — no record is read; for a past day, the records of that day (contact_follow_ups_seen_idx)
  const isToday = date >= districtToday(now);
  const seenToday = isToday ? sql`count(*) FILTER (WHERE c.last_seen_on = ${date})` : sql`count(s.contact_id)`;
  const seenJoin = isToday
    ? sql``
    : sql`LEFT JOIN (SELECT DISTINCT f.contact_id FROM contact_follow_ups f
        WHERE f.date = ${date} AND f.status IN ('seen_ok', 'seen_unwell')) s ON s.contact_id = c.id`;

  const [places, followed, cases, listed, notify] = await Promise.all([
    db.execute(sql`SELECT id, name, name_en AS "nameEn", level, path FROM jurisdictions`),
    db.execute(sql`
      SELECT c.jurisdiction_id AS j, count(*)::int AS due, ${seenToday}::int AS seen
      FROM contacts c ${seenJoin}
      WHERE c.follow_up_until >= ${date}
        AND (c.last_exposure_at AT TIME ZONE INTERVAL ${offset})::date < ${date}
        AND c.created_at < ${dayEnd.toISOString()}
        AND c.merged_into_id IS NULL
        AND (c.status = 'under_follow_up' OR (c.status <> 'cancelled' AND c.status_changed_at >= ${dayStart.toISOString()}))
        AND ${inScope(scope, sql`c.jurisdiction_id`)} ${disease('c.disease_id')}
      GROUP BY c.jurisdiction_id`),
    db.execute(sql`
      SELECT cr.jurisdiction_id AS j, count(*)::int AS cases,
        count(*) FILTER (WHERE EXISTS (
          SELECT 1 FROM contacts c WHERE c.case_report_id = cr.id AND c.created_at <= cr.reported_at))::int AS known
      FROM case_reports cr
      WHERE cr.reported_at >= ${periodStart.toISOString()} AND cr.reported_at < ${periodEnd.toISOString()}
        AND cr.status NOT IN ('merged', 'neighbour') AND cr.classification <> 'excluded'
        AND ${inScope(scope, sql`cr.jurisdiction_id`)} ${disease('cr.disease_id')}
      GROUP BY cr.jurisdiction_id`),
    db.execute(sql`
      SELECT c.jurisdiction_id AS j,
        extract(epoch FROM c.created_at - cr.reported_at)::float8 / 3600 AS listed_h,
        extract(epoch FROM (
          SELECT min(f.created_at) FROM contact_follow_ups f
          WHERE f.contact_id = c.id AND f.status IN ('seen_ok', 'seen_unwell')) - cr.reported_at)::float8 / 3600 AS seen_h,
        extract(epoch FROM ${periodEnd.toISOString()}::timestamptz - cr.reported_at)::float8 / 3600 AS age_h
      FROM case_reports cr
      JOIN contacts c ON c.source_case_id = cr.id AND c.merged_into_id IS NULL
      WHERE cr.reported_at >= ${periodStart.toISOString()} AND cr.reported_at < ${periodEnd.toISOString()}
        AND cr.status NOT IN ('merged', 'neighbour')
        AND ${inScope(scope, sql`c.jurisdiction_id`)} ${disease('cr.disease_id')}`),
    db.execute(sql`
      SELECT c.jurisdiction_id AS j, count(*)::int AS n FROM contacts c
      WHERE c.other_district <> '' AND c.other_district_notified_at IS NULL AND c.merged_into_id IS NULL
        AND c.status <> 'cancelled'
        AND ${inScope(scope, sql`c.jurisdiction_id`)} ${disease('c.disease_id')}
      GROUP BY c.jurisdiction_id`),
  ]);

  // each place → its township (the township on its path), if any
  const list = rowsOf<Place>(places);
  const byId = new Map(list.map((p) => [p.id, p]));
  const townshipOf = new Map<string, Place | null>();
  for (const p of list) {
    const ids = p.path.split('/').filter(Boolean);
    townshipOf.set(p.id, ids.map((id) => byId.get(id)).find((x) => x?.level === 'township') ?? null);
  }
  const district = emptyTally();
  const townships = new Map<string, Tally>();
  const tallyOf = (j: string): Tally[] => {
    const t = townshipOf.get(j);
    if (!t) return [district];
    let tally = townships.get(t.id);
    if (!tally) {
      tally = emptyTally();
      townships.set(t.id, tally);
    }
    return [district, tally];
  };
  for (const r of rowsOf<{ j: string; due: number; seen: number }>(followed))
    for (const t of tallyOf(r.j)) {
      t.due += Number(r.due);
      t.seen += Number(r.seen);
    }
  for (const r of rowsOf<{ j: string; cases: number; known: number }>(cases))
    for (const t of tallyOf(r.j)) {
      t.cases += Number(r.cases);
      t.known += Number(r.known);
    }
  for (const r of rowsOf<{ j: string; listed_h: number; seen_h: number | null; age_h: number }>(listed)) {
    const seen = r.seen_h === null ? null : Number(r.seen_h);
    const age = Number(r.age_h);
    for (const t of tallyOf(r.j)) {
      t.listedHours.push(Math.max(0, Number(r.listed_h)));
      const in24 = seen !== null && seen <= 24;
      const in48 = seen !== null && seen <= 48;
      if (in24) t.traced24 += 1;
      if (in24 || age >= 24) t.eligible24 += 1;
      if (in48) t.traced48 += 1;
      if (in48 || age >= 48) t.eligible48 += 1;
    }
  }
  for (const r of rowsOf<{ j: string; n: number }>(notify)) for (const t of tallyOf(r.j)) t.toNotify += Number(r.n);

  return {
    date,
    from,
    district: figures(district),
    townships: [...townships.entries()]
      .map(([id, t]) => {
        const p = byId.get(id)!;
        return { jurisdiction: { id, name: p.name, nameEn: p.nameEn }, ...figures(t) };
      })
      .sort((a, b) => a.jurisdiction.name.localeCompare(b.jurisdiction.name, 'zh-CN')),
  };
}

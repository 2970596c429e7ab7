/**
 * Two indicators of the modules beside surveillance (issue 18, item 2: "stock-out days and tracing KPIs when
 * those modules are present"), computed from their records for the period and area of the indicators page
 * (docs/assessment.md gives each definition for district staff):
 *
 * - **stock-out days** (stock ledger): for each site and item the site has kept (a ledger row at or before the
 *   day), a district day of the period counts when the site's usable balance of the item (all lots not expired
 *   on that day: an expired lot not yet disposed of is no stock to use) stood at zero or below at some moment of
 *   that day — at the day's start, or after one of the day's movements. Days after today
 *   are not counted. The records: each site and item with its days and the runs of consecutive days;
 * - **contact tracing** (contacts of the cases reported in the period, first degree, merged duplicates and
 *   cancelled entries aside; an exercise's cases are not active reports and bring none):
 *   traced within 24 h / 48 h of the case's report (first follow-up seen, well or unwell; a contact counts once
 *   the 24 / 48 h have passed or it was traced), conversions (contacts who became suspected or confirmed cases),
 *   and the share of contact-days followed up: for every contact whose follow-up window overlaps the period, each
 *   complete day (before today) after the last exposure, up to the end of follow-up, from its registration and
 *   while under follow-up, is due; it is followed up when a follow-up of that day saw the person.
 *
 * Figures count every record of the area; the records listed pass the reader's own scope of their module
 * (stock.read for sites, contacts.read for contacts — codes only, no names), as cases pass cases.read.
 */
import { sql } from 'drizzle-orm';
import { hasRight, inScope, pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { DISTRICT_UTC_OFFSET, districtInstant, districtToday } from '../../platform/time/district-time.ts';
import { median } from './seven17.ts';

/** The district day `days` after `day` (YYYY-MM-DD, calendar arithmetic). */
function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
const offset = sql.raw(`'${DISTRICT_UTC_OFFSET}'`);
const localDay = (column: string) => sql`to_char(${sql.raw(column)} AT TIME ZONE INTERVAL ${offset}, 'YYYY-MM-DD')`;

const HOUR = 3_600_000;
const RECORD_LIMIT = 500;
const round1 = (x: number) => Math.round(x * 10) / 10;
const ratio = (n: number, d: number) => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);
const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
const iso = (d: Date | string) => new Date(d).toISOString();

/** The readable subset of records by their place's path (null scope: the reader lacks the right). */
function readerOf(principal: Principal, right: 'stock.read' | 'contacts.read') {
  if (!hasRight(principal, right)) return () => false;
  const scope = scopeFor(principal, right);
  return (path: string) => pathInScope(scope, path);
}

export interface StockOutInput {
  /** the site's balance of the item at the first day's start (sum of the ledger before it) */
  opening: number;
  /**
   * the same opening balance by expiry date (null: the lot does not expire); when given, it replaces `opening`.
   * A lot past its expiry date is not stock a site can use: it counts as none from the day after it expires
   * (the stock feature's rule: expired when expiresOn < today), whether or not it has been disposed of yet.
   */
  openingByExpiry?: { expiresOn: string | null; quantity: number }[];
  /** the first time the site held a ledger row of the item (null: none before the period) */
  keptSince: Date | null;
  /** the ledger rows of the period, in time order (expiresOn: the lot's; absent: a lot that does not expire) */
  rows: { at: Date; delta: number; expiresOn?: string | null }[];
}

/**
 * The stock-out days of one site and item (pure): the district days `from`..`to` on which the usable balance
 * (lots not yet expired on that day) stood at or below zero at some moment, counting only from the first ledger
 * row. Runs of consecutive days as episodes.
 */
export function stockOutDaysOf(input: StockOutInput, from: string, to: string) {
  const days: string[] = [];
  let observed = 0;
  // balances by expiry date ('' for lots that do not expire)
  const byExpiry = new Map<string, number>();
  const add = (expiresOn: string | null | undefined, delta: number) => {
    const key = expiresOn ?? '';
    byExpiry.set(key, (byExpiry.get(key) ?? 0) + delta);
  };
  if (input.openingByExpiry) for (const lot of input.openingByExpiry) add(lot.expiresOn, lot.quantity);
  else add(null, input.opening);
  const usableOn = (day: string) => {
    let total = 0;
    for (const [expiresOn, quantity] of byExpiry) if (expiresOn === '' || expiresOn >= day) total += quantity;
    return total;
  };
  let kept = input.keptSince !== null;
  let i = 0;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    const end = districtInstant(addDays(day, 1));
    let out = kept && usableOn(day) <= 0;
    for (; i < input.rows.length && input.rows[i]!.at < end; i++) {
      add(input.rows[i]!.expiresOn, input.rows[i]!.delta);
      kept = true;
      if (usableOn(day) <= 0) out = true;
    }
    if (!kept) continue;
    observed += 1;
    if (out) days.push(day);
  }
  const episodes: { from: string; to: string; days: number }[] = [];
  for (const d of days) {
    const last = episodes.at(-1);
    if (last && addDays(last.to, 1) === d) {
      last.to = d;
      last.days += 1;
    } else episodes.push({ from: d, to: d, days: 1 });
  }
  return { stockOutDays: days.length, observedDays: observed, episodes };
}

/** Stock-out days of every site and item of the area (figures), and the readable sites' records. */
export async function stockOutIndicator(db: Executor, principal: Principal, area: Scope, q: { from: string; to: string }, now: Date) {
  const today = districtToday(now);
  const last = q.to < today ? q.to : today;
  const start = districtInstant(q.from);
  const end = districtInstant(addDays(last, 1));
  if (last < q.from)
    return { pairs: 0, pairsWithStockOut: 0, stockOutDays: 0, observedDays: 0, share: null, records: [], truncated: false };
  const [before, during] = await Promise.all([
    db.execute(sql`
      SELECT l.facility_id AS "facilityId", l.item_id AS "itemId", l.expires_on::text AS "expiresOn",
        sum(l.delta)::int AS opening, min(l.created_at) AS "keptSince"
      FROM stock_ledger l
      WHERE l.created_at < ${start.toISOString()} AND ${inScope(area, sql`l.jurisdiction_id`)}
      GROUP BY l.facility_id, l.item_id, l.expires_on`),
    db.execute(sql`
      SELECT l.facility_id AS "facilityId", l.item_id AS "itemId", l.created_at AS at, l.delta, l.expires_on::text AS "expiresOn"
      FROM stock_ledger l
      WHERE l.created_at >= ${start.toISOString()} AND l.created_at < ${end.toISOString()} AND ${inScope(area, sql`l.jurisdiction_id`)}
      ORDER BY l.created_at, l.id`),
  ]);
  const pairs = new Map<string, StockOutInput & { facilityId: string; itemId: string }>();
  const key = (f: string, i: string) => `${f}|${i}`;
  for (const r of rowsOf<{ facilityId: string; itemId: string; expiresOn: string | null; opening: number; keptSince: string | Date }>(
    before,
  )) {
    const k = key(r.facilityId, r.itemId);
    const keptSince = new Date(r.keptSince);
    const p = pairs.get(k) ?? { facilityId: r.facilityId, itemId: r.itemId, opening: 0, openingByExpiry: [], keptSince, rows: [] };
    p.opening += Number(r.opening);
    p.openingByExpiry!.push({ expiresOn: r.expiresOn, quantity: Number(r.opening) });
    if (p.keptSince === null || keptSince < p.keptSince) p.keptSince = keptSince;
    pairs.set(k, p);
  }
  for (const r of rowsOf<{ facilityId: string; itemId: string; at: string | Date; delta: number; expiresOn: string | null }>(during)) {
    const k = key(r.facilityId, r.itemId);
    let p = pairs.get(k);
    if (!p) {
      p = { facilityId: r.facilityId, itemId: r.itemId, opening: 0, openingByExpiry: [], keptSince: null, rows: [] };
      pairs.set(k, p);
    }
    p.rows.push({ at: new Date(r.at), delta: Number(r.delta), expiresOn: r.expiresOn });
  }
  const results = [...pairs.values()].map((p) => ({ ...p, ...stockOutDaysOf(p, q.from, last) })).filter((p) => p.observedDays > 0);
  const out = results.filter((p) => p.stockOutDays > 0);
  const facilityIds = [...new Set(out.map((p) => p.facilityId))];
  const itemIds = [...new Set(out.map((p) => p.itemId))];
  const [sites, items] = await Promise.all([
    facilityIds.length
      ? db.execute(sql`SELECT f.id, f.name, f.name_en AS "nameEn", j.path FROM facilities f JOIN jurisdictions j ON j.id = f.jurisdiction_id
          WHERE f.id IN (${sql.join(
            facilityIds.map((id) => sql`${id}`),
            sql`, `,
          )})`)
      : [],
    itemIds.length
      ? db.execute(sql`SELECT i.id, i.code, i.name, i.name_en AS "nameEn", i.unit, i.unit_en AS "unitEn" FROM stock_items i
          WHERE i.id IN (${sql.join(
            itemIds.map((id) => sql`${id}`),
            sql`, `,
          )})`)
      : [],
  ]);
  const siteById = new Map(rowsOf<{ id: string; name: string; nameEn: string; path: string }>(sites).map((s) => [s.id, s]));
  const itemById = new Map(rowsOf<{ id: string; code: string; name: string; nameEn: string }>(items).map((s) => [s.id, s]));
  const readable = readerOf(principal, 'stock.read');
  const records = out
    .filter((p) => readable(siteById.get(p.facilityId)?.path ?? ''))
    .map((p) => {
      const site = siteById.get(p.facilityId);
      const item = itemById.get(p.itemId);
      return {
        facilityId: p.facilityId,
        facilityName: site?.name ?? '',
        facilityNameEn: site?.nameEn ?? '',
        itemId: p.itemId,
        itemCode: item?.code ?? '',
        itemName: item?.name ?? '',
        itemNameEn: item?.nameEn ?? '',
        stockOutDays: p.stockOutDays,
        observedDays: p.observedDays,
        episodes: p.episodes,
      };
    })
    .sort(
      (a, b) =>
        b.stockOutDays - a.stockOutDays || a.facilityName.localeCompare(b.facilityName, 'zh-CN') || a.itemCode.localeCompare(b.itemCode),
    );
  const stockOutDays = results.reduce((s, p) => s + p.stockOutDays, 0);
  const observedDays = results.reduce((s, p) => s + p.observedDays, 0);
  return {
    pairs: results.length,
    pairsWithStockOut: out.length,
    stockOutDays,
    observedDays,
    share: ratio(stockOutDays, observedDays),
    records: records.slice(0, RECORD_LIMIT),
    truncated: records.length > RECORD_LIMIT,
  };
}

interface ContactFact {
  id: string;
  code: string;
  path: string;
  status: string;
  caseId: string;
  caseCode: string;
  caseReportedAt: Date;
  createdAt: Date;
  firstSeenAt: Date | null;
  convertedCaseId: string | null;
}

/** Whether a contact of a case reported at `reportedAt` was traced within `hours`, or null while it may still be. */
export function tracedWithin(c: { caseReportedAt: Date; firstSeenAt: Date | null }, hours: number, now: Date): boolean | null {
  const limit = c.caseReportedAt.getTime() + hours * HOUR;
  if (c.firstSeenAt && c.firstSeenAt.getTime() <= limit) return true;
  return now.getTime() >= limit ? false : null;
}

/**
 * The due and followed-up days of one contact within `from`..`last` (pure; see the module comment): days after
 * the last exposure up to the end of follow-up, from the registration day, and up to the day its follow-up ended
 * (status changed away from under follow-up; that day still counts).
 */
export function followUpDaysOf(
  c: { lastExposureDay: string; followUpUntil: string; createdDay: string; status: string; statusChangedDay: string },
  seenDays: ReadonlySet<string>,
  from: string,
  last: string,
) {
  const first = [addDays(c.lastExposureDay, 1), c.createdDay, from].reduce((a, b) => (a > b ? a : b));
  const endOfWindow = [c.followUpUntil, last, ...(c.status === 'under_follow_up' ? [] : [c.statusChangedDay])].reduce((a, b) =>
    a < b ? a : b,
  );
  let due = 0;
  let seen = 0;
  for (let d = first; d <= endOfWindow; d = addDays(d, 1)) {
    due += 1;
    if (seenDays.has(d)) seen += 1;
  }
  return { due, seen };
}

/** Tracing KPIs of the period and area (figures), with the readable contacts' records (codes only). */
export async function tracingIndicator(
  db: Executor,
  principal: Principal,
  area: Scope,
  q: { from: string; to: string },
  readableCases: (ids: string[]) => Promise<Set<string>>,
  now: Date,
) {
  const start = districtInstant(q.from);
  const end = districtInstant(addDays(q.to, 1));
  const yesterday = addDays(districtToday(now), -1);
  const last = q.to < yesterday ? q.to : yesterday;
  const [listed, windows, cases] = await Promise.all([
    // contacts of the cases reported in the period (first degree)
    db.execute(sql`
      SELECT c.id, c.code, j.path, c.status, c.created_at AS "createdAt", c.case_report_id AS "convertedCaseId",
        cr.id AS "caseId", cr.code AS "caseCode", cr.reported_at AS "caseReportedAt",
        (SELECT min(f.created_at) FROM contact_follow_ups f
          WHERE f.contact_id = c.id AND f.status IN ('seen_ok', 'seen_unwell')) AS "firstSeenAt"
      FROM case_reports cr
      JOIN contacts c ON c.source_case_id = cr.id AND c.merged_into_id IS NULL AND c.status <> 'cancelled'
      JOIN jurisdictions j ON j.id = c.jurisdiction_id
      WHERE cr.reported_at >= ${start.toISOString()} AND cr.reported_at < ${end.toISOString()}
        AND cr.status = 'active' AND ${inScope(area, sql`c.jurisdiction_id`)}
      ORDER BY cr.reported_at, c.code`),
    // contacts whose follow-up window overlaps the complete days of the period
    last < q.from
      ? []
      : db.execute(sql`
      SELECT c.id, c.code, j.path, c.status,
        ${localDay('c.last_exposure_at')} AS "lastExposureDay",
        c.follow_up_until::text AS "followUpUntil",
        ${localDay('c.created_at')} AS "createdDay",
        ${localDay('c.status_changed_at')} AS "statusChangedDay",
        COALESCE((SELECT string_agg(DISTINCT f.date::text, ',') FROM contact_follow_ups f
          WHERE f.contact_id = c.id AND f.status IN ('seen_ok', 'seen_unwell')
            AND f.date >= ${q.from} AND f.date <= ${last}), '') AS "seenDays"
      FROM contacts c
      JOIN jurisdictions j ON j.id = c.jurisdiction_id
      LEFT JOIN case_reports cr ON cr.id = c.index_case_id
      WHERE c.merged_into_id IS NULL AND c.status <> 'cancelled'
        AND c.follow_up_until >= ${q.from} AND c.created_at < ${districtInstant(addDays(last, 1)).toISOString()}
        AND (cr.id IS NULL OR cr.status <> 'exercise')
        AND ${inScope(area, sql`c.jurisdiction_id`)}
      ORDER BY c.code`),
    // cases reported in the period, and whether each was a contact listed before its report
    db.execute(sql`
      SELECT cr.id, cr.code, cr.reported_at AS "reportedAt",
        (SELECT k.code FROM contacts k WHERE k.case_report_id = cr.id AND k.created_at <= cr.reported_at
          ORDER BY k.created_at LIMIT 1) AS "contactCode"
      FROM case_reports cr
      WHERE cr.reported_at >= ${start.toISOString()} AND cr.reported_at < ${end.toISOString()}
        AND cr.status = 'active' AND cr.classification <> 'excluded' AND ${inScope(area, sql`cr.jurisdiction_id`)}
      ORDER BY cr.reported_at, cr.code`),
  ]);
  const contacts: ContactFact[] = rowsOf<
    Omit<ContactFact, 'createdAt' | 'caseReportedAt' | 'firstSeenAt'> & {
      createdAt: string;
      caseReportedAt: string;
      firstSeenAt: string | null;
    }
  >(listed).map((r) => ({
    ...r,
    createdAt: new Date(r.createdAt),
    caseReportedAt: new Date(r.caseReportedAt),
    firstSeenAt: r.firstSeenAt ? new Date(r.firstSeenAt) : null,
  }));
  const readableContact = readerOf(principal, 'contacts.read');
  const judged24 = contacts.map((c) => tracedWithin(c, 24, now));
  const judged48 = contacts.map((c) => tracedWithin(c, 48, now));
  const converted = contacts.filter((c) => c.status === 'converted_suspected' || c.status === 'converted_confirmed');

  const followUps = rowsOf<{
    id: string;
    code: string;
    path: string;
    status: string;
    lastExposureDay: string;
    followUpUntil: string;
    createdDay: string;
    statusChangedDay: string;
    seenDays: string;
  }>(windows).map((c) => ({ ...c, ...followUpDaysOf(c, new Set(c.seenDays ? c.seenDays.split(',') : []), q.from, last) }));
  const due = followUps.filter((c) => c.due > 0);
  const dueDays = due.reduce((s, c) => s + c.due, 0);
  const seenDays = due.reduce((s, c) => s + c.seen, 0);

  const caseRows = rowsOf<{ id: string; code: string; reportedAt: string; contactCode: string | null }>(cases);
  const readableCaseSet = await readableCases([
    ...caseRows.map((c) => c.id),
    ...converted.map((c) => c.convertedCaseId ?? '').filter(Boolean),
  ]);
  const hoursToFirstSeen = contacts
    .filter((c) => c.firstSeenAt)
    .map((c) => Math.max(0, (c.firstSeenAt!.getTime() - c.caseReportedAt.getTime()) / HOUR));
  const medianHours = median(hoursToFirstSeen);

  const contactRecords = contacts
    .map((c, i) => ({ c, within24h: judged24[i]!, within48h: judged48[i]! }))
    .filter(({ c }) => readableContact(c.path))
    .map(({ c, within24h, within48h }) => ({
      id: c.id,
      code: c.code,
      caseId: readableCaseSet.has(c.caseId) ? c.caseId : null,
      caseCode: readableCaseSet.has(c.caseId) ? c.caseCode : '',
      caseReportedAt: c.caseReportedAt.toISOString(),
      firstSeenAt: c.firstSeenAt ? c.firstSeenAt.toISOString() : null,
      hoursToFirstSeen: c.firstSeenAt ? round1(Math.max(0, (c.firstSeenAt.getTime() - c.caseReportedAt.getTime()) / HOUR)) : null,
      within24h,
      within48h,
      converted: c.status === 'converted_suspected' || c.status === 'converted_confirmed',
      convertedCaseId: c.convertedCaseId && readableCaseSet.has(c.convertedCaseId) ? c.convertedCaseId : null,
    }));
  const followUpRecords = due
    .filter((c) => readableContact(c.path))
    .map((c) => ({ id: c.id, code: c.code, dueDays: c.due, seenDays: c.seen }))
    .sort((a, b) => b.dueDays - b.seenDays - (a.dueDays - a.seenDays) || a.code.localeCompare(b.code));
  const known = caseRows.filter((c) => c.contactCode !== null);
  return {
    contacts: contacts.length,
    tracedWithin24h: judged24.filter((x) => x === true).length,
    judged24h: judged24.filter((x) => x !== null).length,
    tracedWithin24hShare: ratio(judged24.filter((x) => x === true).length, judged24.filter((x) => x !== null).length),
    tracedWithin48h: judged48.filter((x) => x === true).length,
    judged48h: judged48.filter((x) => x !== null).length,
    tracedWithin48hShare: ratio(judged48.filter((x) => x === true).length, judged48.filter((x) => x !== null).length),
    medianHoursToFirstSeen: medianHours === null ? null : round1(medianHours),
    conversions: converted.length,
    conversionShare: ratio(converted.length, contacts.length),
    followUp: { contacts: due.length, dueDays, seenDays, share: ratio(seenDays, dueDays), lastDay: last < q.from ? null : last },
    casesReported: caseRows.length,
    casesFromContacts: known.length,
    casesFromContactsShare: ratio(known.length, caseRows.length),
    records: {
      contacts: contactRecords.slice(0, RECORD_LIMIT),
      followUps: followUpRecords.slice(0, RECORD_LIMIT),
      cases: caseRows
        .filter((c) => readableCaseSet.has(c.id))
        .map((c) => ({ id: c.id, code: c.code, reportedAt: iso(c.reportedAt), wasContact: c.contactCode !== null }))
        .slice(0, RECORD_LIMIT),
      truncated: contactRecords.length > RECORD_LIMIT || followUpRecords.length > RECORD_LIMIT || caseRows.length > RECORD_LIMIT,
    },
  };
}

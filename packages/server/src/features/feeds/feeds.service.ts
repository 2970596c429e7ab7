/**
 * Syndromic and aggregate feeds: the feed types (seeded, read-only here), reporting sites (CRUD within the
 * reporter's jurisdiction subtree), and daily values — entered in a grid, posted in batches by other systems, or
 * uploaded as CSV (through src/features/imports). Reads need `feeds.read`, writes `feeds.report`; every write is
 * one transaction with one audit record and one live event ('feeds').
 */
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { type Principal, inScope, pathInScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLiveIn } from '../../platform/live/live.ts';
import { chinaDate } from '../cases/index.ts';
import { facilities } from '../registry/index.ts';
import { type FeedCountInput, type FeedCountRow, checkFeedCount, feedCountKey, loadFeedLookups } from './feeds.rules.ts';
import { FEED_SITE_KINDS, feedCounts, feedSites } from './feeds.tables.ts';
import { feedTypes } from '../catalogue/index.ts';
import { upsertFeedCounts } from './feeds.write.ts';

type SiteKind = (typeof FEED_SITE_KINDS)[number];

/** Which kinds of site usually report a feed type: the entry grid lists these. */
export const SITE_KINDS_OF_TYPE: Record<string, SiteKind[]> = {
  fever_clinic_visits: ['fever_clinic'],
  pharmacy_antipyretics: ['pharmacy'],
  pharmacy_antidiarrhoeals: ['pharmacy'],
  school_absenteeism: ['school'],
  port_quarantine_findings: ['port'],
  ili_share: ['sentinel_hospital'],
};

export interface FeedTypeView {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  measure: 'count' | 'proportion';
  unit: string;
  unitEn: string;
  description: string;
  defaultMethod: string;
  defaultParams: Record<string, unknown>;
  active: boolean;
  siteKinds: SiteKind[];
}

export async function listFeedTypes(database: Database, principal: Principal): Promise<FeedTypeView[]> {
  scopeFor(principal, 'feeds.read');
  const rows = await database.db.select().from(feedTypes).orderBy(asc(feedTypes.createdAt), asc(feedTypes.code));
  return rows.map((t) => ({
    id: t.id,
    code: t.code,
    name: t.name,
    nameEn: t.nameEn,
    measure: t.measure,
    unit: t.unit,
    unitEn: t.unitEn,
    description: t.description,
    defaultMethod: t.defaultMethod,
    defaultParams: t.defaultParams,
    active: t.active,
    siteKinds: SITE_KINDS_OF_TYPE[t.code] ?? [...FEED_SITE_KINDS],
  }));
}

async function typeByCode(database: Database, code: string) {
  const [type] = await database.db.select().from(feedTypes).where(eq(feedTypes.code, code));
  if (!type) throw notFound('feed type');
  return type;
}

// ── sites ───────────────────────────────────────────────────────────────────────────────────────

export interface SiteView {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  kind: SiteKind;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  facilityId: string | null;
  active: boolean;
  updatedAt: string;
}

const siteColumns = {
  id: feedSites.id,
  code: feedSites.code,
  name: feedSites.name,
  nameEn: feedSites.nameEn,
  kind: feedSites.kind,
  jurisdictionId: feedSites.jurisdictionId,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
  facilityId: feedSites.facilityId,
  active: feedSites.active,
  updatedAt: feedSites.updatedAt,
};

const siteView = (r: Omit<SiteView, 'updatedAt'> & { updatedAt: Date }): SiteView => ({ ...r, updatedAt: r.updatedAt.toISOString() });

export async function listSites(
  database: Database,
  principal: Principal,
  query: { kind?: SiteKind; jurisdictionId?: string; includeInactive?: boolean },
): Promise<SiteView[]> {
  const scope = scopeFor(principal, 'feeds.read');
  const conditions = [inScope(scope, feedSites.jurisdictionId)];
  if (query.kind) conditions.push(eq(feedSites.kind, query.kind));
  if (!query.includeInactive) conditions.push(eq(feedSites.active, true));
  if (query.jurisdictionId) {
    // the jurisdiction and everything under it
    conditions.push(
      sql`${feedSites.jurisdictionId} IN (SELECT j.id FROM jurisdictions j WHERE j.path LIKE (SELECT p.path FROM jurisdictions p WHERE p.id = ${query.jurisdictionId}) || '%')`,
    );
  }
  const rows = await database.db
    .select(siteColumns)
    .from(feedSites)
    .innerJoin(jurisdictions, eq(jurisdictions.id, feedSites.jurisdictionId))
    .where(and(...conditions))
    .orderBy(asc(feedSites.kind), asc(feedSites.code));
  return rows.map(siteView);
}

async function loadSite(database: Database, principal: Principal, id: string, right: 'feeds.read' | 'feeds.report'): Promise<SiteView> {
  const scope = scopeFor(principal, right);
  const [row] = await database.db
    .select(siteColumns)
    .from(feedSites)
    .innerJoin(jurisdictions, eq(jurisdictions.id, feedSites.jurisdictionId))
    .where(and(eq(feedSites.id, id), inScope(scope, feedSites.jurisdictionId)));
  if (!row) throw notFound('site');
  return siteView(row);
}

export const getSite = (database: Database, principal: Principal, id: string) => loadSite(database, principal, id, 'feeds.read');

export interface SiteInput {
  code: string;
  name: string;
  nameEn: string;
  kind: SiteKind;
  jurisdictionId: string;
  facilityId: string | null;
  active: boolean;
}

/** The jurisdiction must be in the reporter's scope; the facility must exist (400 naming the field). */
async function checkSitePlace(database: Database, principal: Principal, input: Partial<SiteInput>) {
  const scope = scopeFor(principal, 'feeds.report');
  if (input.jurisdictionId !== undefined) {
    const [place] = await database.db
      .select({ path: jurisdictions.path })
      .from(jurisdictions)
      .where(eq(jurisdictions.id, input.jurisdictionId));
    if (!place || !pathInScope(scope, place.path))
      throw validationFailed([{ path: 'jurisdictionId', message: 'no such jurisdiction within your area' }]);
  }
  if (input.facilityId) {
    const [facility] = await database.db.select({ id: facilities.id }).from(facilities).where(eq(facilities.id, input.facilityId));
    if (!facility) throw validationFailed([{ path: 'facilityId', message: 'no such facility in the registry' }]);
  }
}

export async function createSite(
  database: Database,
  principal: Principal,
  input: SiteInput,
  ctx: { ip?: string | null },
): Promise<SiteView> {
  scopeFor(principal, 'feeds.report');
  await checkSitePlace(database, principal, input);
  const id = await database.db.transaction(async (tx) => {
    const [row] = await tx.insert(feedSites).values(input).returning();
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip: ctx.ip,
      action: 'create',
      entityType: 'feed_site',
      entityId: row!.id,
      after: row,
    });
    await publishLiveIn(tx, { topic: 'feeds', id: row!.id, action: 'site', right: 'feeds.read' }, [row!.jurisdictionId]);
    return row!.id;
  });
  return loadSite(database, principal, id, 'feeds.read');
}

export async function updateSite(
  database: Database,
  principal: Principal,
  id: string,
  patch: Partial<SiteInput>,
  ctx: { ip?: string | null },
): Promise<SiteView> {
  const scope = scopeFor(principal, 'feeds.report');
  await loadSite(database, principal, id, 'feeds.report');
  await checkSitePlace(database, principal, patch);
  await database.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(feedSites)
      .where(and(eq(feedSites.id, id), inScope(scope, feedSites.jurisdictionId)));
    if (!before) throw notFound('site');
    if (patch.jurisdictionId && patch.jurisdictionId !== before.jurisdictionId) {
      // values already filed keep their jurisdiction; moving a site with history would split its series
      const [used] = await tx.select({ id: feedCounts.id }).from(feedCounts).where(eq(feedCounts.siteId, id)).limit(1);
      if (used) throw conflict('site_has_values', 'This site has reported values: its jurisdiction cannot change (create a new site)');
    }
    const [after] = await tx
      .update(feedSites)
      .set({ ...patch, updatedAt: new Date() })
      .where(eq(feedSites.id, id))
      .returning();
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip: ctx.ip,
      action: 'update',
      entityType: 'feed_site',
      entityId: id,
      before,
      after,
    });
    await publishLiveIn(tx, { topic: 'feeds', id, action: 'site', right: 'feeds.read' }, [before.jurisdictionId, after!.jurisdictionId]);
  });
  return loadSite(database, principal, id, 'feeds.read');
}

// ── values ──────────────────────────────────────────────────────────────────────────────────────

/** Largest batch accepted by POST /api/feeds/counts (larger: upload a CSV). */
export const MAX_COUNTS_PER_BATCH = 5000;

/**
 * Checks every value (all or nothing: 400 listing `counts.<i>.<field>` for each problem) and upserts them in
 * one transaction with one audit record.
 */
export async function reportCounts(
  database: Database,
  principal: Principal,
  input: { counts: FeedCountInput[]; source: 'form' | 'api' },
  ctx: { ip?: string | null; now?: Date },
): Promise<{ written: number }> {
  const scope = scopeFor(principal, 'feeds.report');
  const now = ctx.now ?? new Date();
  return database.db.transaction(async (tx) => {
    const lookups = await loadFeedLookups(tx, scope);
    const issues: { path: string; message: string }[] = [];
    const rows: FeedCountRow[] = [];
    const seen = new Map<string, number>();
    input.counts.forEach((c, i) => {
      const checked = checkFeedCount(c, lookups, now);
      if (!checked.ok) {
        for (const issue of checked.issues) issues.push({ path: `counts.${i}.${issue.path}`, message: issue.message });
        return;
      }
      const key = feedCountKey(checked.row);
      const earlier = seen.get(key);
      if (earlier !== undefined) issues.push({ path: `counts.${i}`, message: `repeats counts.${earlier} (same day, place and type)` });
      else {
        seen.set(key, i);
        rows.push(checked.row);
      }
    });
    if (issues.length > 0) throw validationFailed(issues, 'Some values are not valid; nothing was saved');
    await upsertFeedCounts(tx, rows, { source: input.source, createdBy: principal.id });
    const dates = rows.map((r) => r.date).sort();
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip: ctx.ip,
      action: 'report',
      entityType: 'feed_counts',
      after: { source: input.source, count: rows.length, from: dates[0] ?? null, to: dates.at(-1) ?? null },
    });
    // one event per place, each with its own count: a township hears of its values only
    const perPlace = new Map<string, number>();
    for (const r of rows) perPlace.set(r.jurisdictionId, (perPlace.get(r.jurisdictionId) ?? 0) + 1);
    await publishLiveIn(tx, { topic: 'feeds', action: 'counts', right: 'feeds.read' }, perPlace);
    return { written: rows.length };
  });
}

export interface CountView {
  id: string;
  date: string;
  siteId: string | null;
  siteCode: string | null;
  siteName: string | null;
  siteNameEn: string | null;
  jurisdictionId: string;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  value: number;
  denominator: number | null;
  source: string;
  updatedAt: string;
}

/** The latest entries of a feed type within scope, newest day (then newest entry) first. */
export async function listCounts(
  database: Database,
  principal: Principal,
  query: { feedType: string; from?: string; to?: string; siteId?: string; limit: number; offset?: number },
): Promise<CountView[]> {
  const scope = scopeFor(principal, 'feeds.read');
  const type = await typeByCode(database, query.feedType);
  // real counts only: an exercise's synthetic counts (0060) stay out of the feed's views and figures
  const conditions = [eq(feedCounts.feedTypeId, type.id), inScope(scope, feedCounts.jurisdictionId), isNull(feedCounts.exerciseId)];
  if (query.from) conditions.push(gte(feedCounts.date, query.from));
  if (query.to) conditions.push(lte(feedCounts.date, query.to));
  if (query.siteId) conditions.push(eq(feedCounts.siteId, query.siteId));
  const rows = await database.db
    .select({
      id: feedCounts.id,
      date: feedCounts.date,
      siteId: feedCounts.siteId,
      siteCode: feedSites.code,
      siteName: feedSites.name,
      siteNameEn: feedSites.nameEn,
      jurisdictionId: feedCounts.jurisdictionId,
      jurisdictionName: jurisdictions.name,
      jurisdictionNameEn: jurisdictions.nameEn,
      value: feedCounts.value,
      denominator: feedCounts.denominator,
      source: feedCounts.source,
      updatedAt: feedCounts.updatedAt,
    })
    .from(feedCounts)
    .innerJoin(jurisdictions, eq(jurisdictions.id, feedCounts.jurisdictionId))
    .leftJoin(feedSites, eq(feedSites.id, feedCounts.siteId))
    .where(and(...conditions))
    // the id breaks ties so that an export reading page after page sees each entry once
    .orderBy(desc(feedCounts.date), desc(feedCounts.updatedAt), desc(feedCounts.id))
    .limit(query.limit)
    .offset(query.offset ?? 0);
  return rows.map((r) => ({ ...r, updatedAt: r.updatedAt.toISOString() }));
}

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

export interface SeriesView {
  feedType: string;
  measure: 'count' | 'proportion';
  dates: string[];
  /** one line per site (by = 'site') or one for everything in scope (by = 'total'); null = no value that day */
  series: { key: string; name: string; nameEn: string; values: (number | null)[] }[];
}

/**
 * Daily values of a feed type from `from` to `to` (inclusive), summed over the scope or per site. For a
 * proportion the value is Σ value / Σ denominator × 100 (a share in per cent), so sites weigh by their visits.
 */
export async function feedSeries(
  database: Database,
  principal: Principal,
  query: { feedType: string; from?: string; to?: string; by: 'total' | 'site'; jurisdictionId?: string },
): Promise<SeriesView> {
  const scope = scopeFor(principal, 'feeds.read');
  const type = await typeByCode(database, query.feedType);
  const to = query.to ?? chinaDate(new Date());
  const from = query.from ?? addDays(to, -89);
  if (from > to) throw validationFailed([{ path: 'from', message: 'must not be after "to"' }]);
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
  if (days > 3700) throw validationFailed([{ path: 'from', message: 'at most about ten years at once' }]);
  const dates = Array.from({ length: days }, (_, i) => addDays(from, i));
  const conditions = [
    eq(feedCounts.feedTypeId, type.id),
    inScope(scope, feedCounts.jurisdictionId),
    gte(feedCounts.date, from),
    lte(feedCounts.date, to),
    isNull(feedCounts.exerciseId),
  ];
  if (query.jurisdictionId) {
    conditions.push(
      sql`${feedCounts.jurisdictionId} IN (SELECT j.id FROM jurisdictions j WHERE j.path LIKE (SELECT p.path FROM jurisdictions p WHERE p.id = ${query.jurisdictionId}) || '%')`,
    );
  }
  const keyExpr =
    query.by === 'site'
      ? sql<string>`coalesce(${feedCounts.siteId}::text, 'j:' || ${feedCounts.jurisdictionId}::text)`
      : sql<string>`'total'`;
  const rows = await database.db
    .select({
      key: keyExpr,
      date: feedCounts.date,
      value: sql<number>`sum(${feedCounts.value})`.mapWith(Number),
      denominator: sql<number | null>`sum(${feedCounts.denominator})`.mapWith((v) => (v === null ? null : Number(v))),
    })
    .from(feedCounts)
    .where(and(...conditions))
    // a constant cannot stand in GROUP BY: the total groups by day only
    .groupBy(...(query.by === 'site' ? [keyExpr, feedCounts.date] : [feedCounts.date]));
  const index = new Map(dates.map((d, i) => [d, i]));
  const lines = new Map<string, (number | null)[]>();
  for (const r of rows) {
    let line = lines.get(r.key);
    if (!line) {
      line = new Array<number | null>(days).fill(null);
      lines.set(r.key, line);
    }
    const v = type.measure === 'proportion' ? (r.denominator ? Math.round((r.value / r.denominator) * 10_000) / 100 : null) : r.value;
    line[index.get(r.date)!] = v;
  }
  // names of the lines
  const siteIds = [...lines.keys()].filter((k) => k !== 'total' && !k.startsWith('j:'));
  const placeIds = [...lines.keys()].filter((k) => k.startsWith('j:')).map((k) => k.slice(2));
  const [sites, places] = await Promise.all([
    siteIds.length
      ? database.db
          .select({ id: feedSites.id, name: feedSites.name, nameEn: feedSites.nameEn })
          .from(feedSites)
          .where(inArray(feedSites.id, siteIds))
      : [],
    placeIds.length
      ? database.db
          .select({ id: jurisdictions.id, name: jurisdictions.name, nameEn: jurisdictions.nameEn })
          .from(jurisdictions)
          .where(inArray(jurisdictions.id, placeIds))
      : [],
  ]);
  const names = new Map<string, { name: string; nameEn: string }>([
    ['total', { name: '合计', nameEn: 'Total' }],
    ...sites.map((s) => [s.id, { name: s.name, nameEn: s.nameEn || s.name }] as const),
    ...places.map((p) => [`j:${p.id}`, { name: p.name, nameEn: p.nameEn }] as const),
  ]);
  const series = [...lines.entries()]
    .map(([key, values]) => ({ key, ...(names.get(key) ?? { name: key, nameEn: key }), values }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { feedType: type.code, measure: type.measure, dates, series };
}

export interface GridView {
  feedType: string;
  measure: 'count' | 'proportion';
  dates: string[];
  rows: {
    site: { id: string; code: string; name: string; nameEn: string; jurisdictionName: string; jurisdictionNameEn: string };
    cells: ({ value: number; denominator: number | null } | null)[];
  }[];
}

/** The entry grid: the active sites in scope that report this type × the `days` days ending `end`. */
export async function feedGrid(
  database: Database,
  principal: Principal,
  query: { feedType: string; end?: string; days: number },
): Promise<GridView> {
  const scope = scopeFor(principal, 'feeds.read');
  const type = await typeByCode(database, query.feedType);
  const end = query.end ?? chinaDate(new Date());
  const dates = Array.from({ length: query.days }, (_, i) => addDays(end, i - query.days + 1));
  const kinds = SITE_KINDS_OF_TYPE[type.code] ?? [...FEED_SITE_KINDS];
  const sites = await database.db
    .select({
      id: feedSites.id,
      code: feedSites.code,
      name: feedSites.name,
      nameEn: feedSites.nameEn,
      jurisdictionName: jurisdictions.name,
      jurisdictionNameEn: jurisdictions.nameEn,
    })
    .from(feedSites)
    .innerJoin(jurisdictions, eq(jurisdictions.id, feedSites.jurisdictionId))
    .where(and(inScope(scope, feedSites.jurisdictionId), eq(feedSites.active, true), inArray(feedSites.kind, kinds)))
    .orderBy(asc(feedSites.code));
  const values = sites.length
    ? await database.db
        .select({ siteId: feedCounts.siteId, date: feedCounts.date, value: feedCounts.value, denominator: feedCounts.denominator })
        .from(feedCounts)
        .where(
          and(
            eq(feedCounts.feedTypeId, type.id),
            inArray(
              feedCounts.siteId,
              sites.map((s) => s.id),
            ),
            gte(feedCounts.date, dates[0]!),
            lte(feedCounts.date, end),
            isNull(feedCounts.exerciseId),
          ),
        )
    : [];
  const byKey = new Map(values.map((v) => [`${v.siteId}|${v.date}`, { value: v.value, denominator: v.denominator }]));
  return {
    feedType: type.code,
    measure: type.measure,
    dates,
    rows: sites.map((site) => ({ site, cells: dates.map((d) => byKey.get(`${site.id}|${d}`) ?? null) })),
  };
}

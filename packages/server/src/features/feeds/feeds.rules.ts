/**
 * One rule set for a day's feed value, whichever way it arrives (the entry grid, POST /api/feeds/counts, a CSV):
 * the feed type exists and is active; the value belongs to a site or to a jurisdiction in the reporter's scope
 * (a site's value is filed under the site's jurisdiction; a jurisdiction given beside a site must be that one);
 * the day is a real date not after today (China time); the value is a finite number ≥ 0; a proportion has a
 * denominator > 0 not smaller than the value.
 *
 * `loadFeedLookups` reads what the rules need once; `checkFeedCount` is then pure.
 */
import { and, eq } from 'drizzle-orm';
import { type Scope, inScope, inScopePath } from '../../platform/auth/scope.ts';
import type { Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import type { FieldIssue } from '../../platform/errors.ts';
import { chinaDate } from '../cases/index.ts';
import { feedSites } from './feeds.tables.ts';
import { feedTypes } from '../catalogue/index.ts';

export interface FeedTypeLookup {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  measure: 'count' | 'proportion';
  active: boolean;
}
export interface FeedSiteLookup {
  id: string;
  code: string;
  jurisdictionId: string;
  active: boolean;
}
export interface FeedPlaceLookup {
  id: string;
  code: string;
  path: string;
}

export interface FeedLookups {
  typesByKey: Map<string, FeedTypeLookup>;
  /** sites in scope, by code (lower case) */
  sitesByCode: Map<string, FeedSiteLookup>;
  /** jurisdictions in scope, by code */
  placesByCode: Map<string, FeedPlaceLookup>;
}

/** Reads feed types, and the sites and jurisdictions within `scope`. */
export async function loadFeedLookups(db: Executor, scope: Scope): Promise<FeedLookups> {
  const [types, sites, places] = await Promise.all([
    db
      .select({
        id: feedTypes.id,
        code: feedTypes.code,
        name: feedTypes.name,
        nameEn: feedTypes.nameEn,
        measure: feedTypes.measure,
        active: feedTypes.active,
      })
      .from(feedTypes),
    db
      .select({ id: feedSites.id, code: feedSites.code, jurisdictionId: feedSites.jurisdictionId, active: feedSites.active })
      .from(feedSites)
      .where(and(inScope(scope, feedSites.jurisdictionId))),
    db
      .select({ id: jurisdictions.id, code: jurisdictions.code, path: jurisdictions.path })
      .from(jurisdictions)
      .where(inScopePath(scope, jurisdictions.path)),
  ]);
  const typesByKey = new Map<string, FeedTypeLookup>();
  // a type is found by code or by either name (CSV files written by people use names)
  for (const t of types) for (const k of [t.code, t.name, t.nameEn, t.id]) typesByKey.set(k.trim().toLowerCase(), t);
  return {
    typesByKey,
    sitesByCode: new Map(sites.map((s) => [s.code.toLowerCase(), s])),
    placesByCode: new Map(places.map((p) => [p.code.toLowerCase(), p])),
  };
}

/** A day's value as given: codes, not ids (what a site's system or a spreadsheet knows). */
export interface FeedCountInput {
  feedType: string;
  site?: string | null;
  jurisdiction?: string | null;
  date: string;
  value: number;
  denominator?: number | null;
}

export interface FeedCountRow {
  feedTypeId: string;
  jurisdictionId: string;
  siteId: string | null;
  date: string;
  value: number;
  denominator: number | null;
}

/**
 * A problem with a stable `code` and the `params` of its sentence beside the English message: the CSV import
 * shows it in the user's language (docs/imports-and-feeds.md); the API answers path and message as before.
 */
export interface FeedIssue extends FieldIssue {
  code: string;
  params?: Record<string, string | number>;
}

export type CheckedFeedCount = { ok: true; row: FeedCountRow } | { ok: false; issues: FeedIssue[] };

const realDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** Checks one value; pure. `now` decides what "today" is (China time). */
export function checkFeedCount(input: FeedCountInput, lookups: FeedLookups, now: Date): CheckedFeedCount {
  const issues: FeedIssue[] = [];
  const type = lookups.typesByKey.get(input.feedType.trim().toLowerCase());
  if (!type)
    issues.push({
      path: 'feedType',
      message: `no feed type "${input.feedType}"`,
      code: 'not_in_catalogue',
      params: { value: input.feedType },
    });
  else if (!type.active)
    issues.push({
      path: 'feedType',
      message: `${type.nameEn} is not collected any more`,
      code: 'feed_type_inactive',
      params: { name: type.name, nameEn: type.nameEn },
    });

  const siteCode = (input.site ?? '').trim();
  const placeCode = (input.jurisdiction ?? '').trim();
  let jurisdictionId: string | null = null;
  let siteId: string | null = null;
  if (siteCode !== '') {
    const site = lookups.sitesByCode.get(siteCode.toLowerCase());
    if (!site)
      issues.push({ path: 'site', message: `no site "${siteCode}" within your area`, code: 'out_of_scope', params: { value: siteCode } });
    else if (!site.active)
      issues.push({ path: 'site', message: `the site "${siteCode}" is inactive`, code: 'site_inactive', params: { value: siteCode } });
    else {
      siteId = site.id;
      jurisdictionId = site.jurisdictionId;
    }
  }
  if (placeCode !== '') {
    const place = lookups.placesByCode.get(placeCode.toLowerCase());
    if (!place)
      issues.push({
        path: 'jurisdiction',
        message: `no jurisdiction "${placeCode}" within your area`,
        code: 'out_of_scope',
        params: { value: placeCode },
      });
    else if (siteId && jurisdictionId !== place.id)
      issues.push({
        path: 'jurisdiction',
        message: `the site "${siteCode}" is not in ${placeCode}`,
        code: 'site_not_in_jurisdiction',
        params: { site: siteCode, jurisdiction: placeCode },
      });
    else jurisdictionId = place.id;
  }
  if (siteCode === '' && placeCode === '')
    issues.push({ path: 'site', message: 'give a site or a jurisdiction', code: 'site_or_jurisdiction_required' });

  if (!realDate(input.date))
    issues.push({ path: 'date', message: 'must be a real date YYYY-MM-DD', code: 'not_a_date', params: { value: input.date } });
  else if (input.date > chinaDate(now)) issues.push({ path: 'date', message: 'must not be in the future', code: 'in_future' });

  if (!Number.isFinite(input.value) || input.value < 0)
    issues.push({ path: 'value', message: 'must be a number ≥ 0', code: 'not_non_negative_number' });
  const denominator = input.denominator ?? null;
  if (denominator !== null && (!Number.isFinite(denominator) || denominator <= 0)) {
    issues.push({ path: 'denominator', message: 'must be a number > 0', code: 'not_positive_number' });
  } else if (type?.measure === 'proportion') {
    if (denominator === null)
      issues.push({
        path: 'denominator',
        message: `${type.nameEn} is a proportion: give the denominator`,
        code: 'denominator_required',
        params: { name: type.name, nameEn: type.nameEn },
      });
    else if (input.value > denominator)
      issues.push({
        path: 'value',
        message: 'must not exceed the denominator',
        code: 'exceeds_denominator',
        params: { value: input.value, denominator },
      });
  }
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    row: { feedTypeId: type!.id, jurisdictionId: jurisdictionId!, siteId, date: input.date, value: input.value, denominator },
  };
}

/** The unique key of a day's value (feed_counts' unique constraint), to find repeats within one batch. */
export const feedCountKey = (r: FeedCountRow) => `${r.feedTypeId}|${r.jurisdictionId}|${r.siteId ?? ''}|${r.date}`;

/** Sites by id within scope, for existence checks of one id (404 outside scope). */
export async function siteInScope(db: Executor, scope: Scope, id: string) {
  const [row] = await db
    .select()
    .from(feedSites)
    .where(and(eq(feedSites.id, id), inScope(scope, feedSites.jurisdictionId)));
  return row ?? null;
}

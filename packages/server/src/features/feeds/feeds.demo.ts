/**
 * Demo data of the feeds feature for District J (called by seedFeatureDemos, features/demo/feature-demos.ts):
 * eleven reporting sites across the townships (fever clinics at the demo hospitals, pharmacies, schools, the port
 * quarantine station, an ILI sentinel hospital) with five years of daily values up to ctx.now.
 *
 * The values follow simple, plausible shapes: weekly rhythm (fewer clinic visits and more pharmacy sales at
 * weekends), yearly seasonality (winter peaks for respiratory feeds and ILI, a summer peak for antidiarrhoeals),
 * school days only for absenteeism (no weekends, winter and summer holidays), and the demo's recent respiratory
 * outbreak: from ~15 days ago a district-wide rise in ILI and antipyretics, and a steeper one over the last ~10
 * days at 滨江街道's fever clinic, pharmacies and school.
 *
 * Idempotent and fast: each value is a pure function of (seed, site, feed type, day), so re-running writes only
 * the days missing since the last run (nothing on a second start the same day), in multi-row inserts.
 */
import { and, eq, inArray, like, max, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { chinaDate } from '../cases/index.ts';
import type { DemoContext } from '../../platform/demo/demo-context.ts';
import { facilities } from '../registry/index.ts';
import { feedCounts, feedSites } from './feeds.tables.ts';
import { feedTypes } from '../catalogue/index.ts';

const DAY_MS = 86_400_000;
const YEARS = 5;
/** the township of the recent respiratory rise */
const OUTBREAK_TOWNSHIP = '滨江街道';

interface DemoSite {
  code: string;
  name: string;
  nameEn: string;
  kind: 'fever_clinic' | 'pharmacy' | 'school' | 'port' | 'sentinel_hospital';
  township: string;
  facility?: string;
  /** feed type code → mean daily value at baseline (for ILI: outpatient visits, the denominator) */
  feeds: Record<string, number>;
}

export const DEMO_SITES: DemoSite[] = [
  {
    code: 'FC-RMYY',
    name: '嘉江区人民医院发热门诊',
    nameEn: "Fever Clinic, People's Hospital",
    kind: 'fever_clinic',
    township: '滨江街道',
    facility: '嘉江区人民医院发热门诊',
    feeds: { fever_clinic_visits: 60 },
  },
  {
    code: 'FC-CRB',
    name: '嘉江区传染病医院发热门诊',
    nameEn: 'Fever Clinic, Infectious Disease Hospital',
    kind: 'fever_clinic',
    township: '文昌街道',
    facility: '嘉江区传染病医院发热门诊',
    feeds: { fever_clinic_visits: 45 },
  },
  {
    code: 'FC-ZYY',
    name: '嘉江区中医院发热门诊',
    nameEn: 'Fever Clinic, TCM Hospital',
    kind: 'fever_clinic',
    township: '江北街道',
    facility: '嘉江区中医院发热门诊',
    feeds: { fever_clinic_visits: 25 },
  },
  {
    code: 'FC-GC',
    name: '港城医院发热门诊',
    nameEn: 'Fever Clinic, Gangcheng Hospital',
    kind: 'fever_clinic',
    township: '港城街道',
    facility: '港城医院发热门诊',
    feeds: { fever_clinic_visits: 18 },
  },
  {
    code: 'PH-BJ-01',
    name: '滨江大药房',
    nameEn: 'Binjiang Pharmacy',
    kind: 'pharmacy',
    township: '滨江街道',
    feeds: { pharmacy_antipyretics: 40, pharmacy_antidiarrhoeals: 12 },
  },
  {
    code: 'PH-BJ-02',
    name: '滨江仁和药店',
    nameEn: 'Binjiang Renhe Drugstore',
    kind: 'pharmacy',
    township: '滨江街道',
    feeds: { pharmacy_antipyretics: 28, pharmacy_antidiarrhoeals: 9 },
  },
  {
    code: 'PH-JB-01',
    name: '江北百姓大药房',
    nameEn: 'Jiangbei Baixing Pharmacy',
    kind: 'pharmacy',
    township: '江北街道',
    feeds: { pharmacy_antipyretics: 32, pharmacy_antidiarrhoeals: 11 },
  },
  {
    code: 'SC-BJ-XX',
    name: '滨江小学',
    nameEn: 'Binjiang Primary School',
    kind: 'school',
    township: '滨江街道',
    feeds: { school_absenteeism: 9 },
  },
  {
    code: 'SC-WC-ZX',
    name: '文昌中学',
    nameEn: 'Wenchang Middle School',
    kind: 'school',
    township: '文昌街道',
    feeds: { school_absenteeism: 7 },
  },
  {
    code: 'PT-JJG',
    name: '嘉江港口岸检疫站',
    nameEn: 'District J Port Quarantine Station',
    kind: 'port',
    township: '港城街道',
    facility: '嘉江港口岸检疫站',
    feeds: { port_quarantine_findings: 0.06 },
  },
  {
    code: 'SH-RMYY-ILI',
    name: '嘉江区人民医院流感样病例哨点',
    nameEn: "ILI Sentinel, People's Hospital",
    kind: 'sentinel_hospital',
    township: '滨江街道',
    facility: '嘉江区人民医院',
    feeds: { ili_share: 1400 },
  },
];

/** A deterministic uniform number in [0, 1) from integers (a 32-bit mix, as in mulberry32). */
function uniform(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  h = Math.imul(h ^ (h >>> 15), h | 1);
  h ^= h + Math.imul(h ^ (h >>> 7), h | 61);
  return ((h ^ (h >>> 14)) >>> 0) / 4294967296;
}

/** A Poisson-like count with mean `m` (Knuth below 30, a rounded normal above), from two uniforms. */
function count(m: number, u1: number, u2: number): number {
  if (m <= 0) return 0;
  if (m < 30) {
    // inversion of the Poisson CDF with u1
    let p = Math.exp(-m);
    let cdf = p;
    let k = 0;
    while (u1 > cdf && k < 200) {
      k += 1;
      p *= m / k;
      cdf += p;
    }
    return k;
  }
  const z = Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2);
  return Math.max(0, Math.round(m + z * Math.sqrt(m)));
}

const hashOf = (s: string) => [...s].reduce((h, ch) => (Math.imul(h, 31) + ch.charCodeAt(0)) | 0, 7);

/** Day of year 0..365 of a 'YYYY-MM-DD'. */
function dayOfYear(date: string): number {
  const t = Date.parse(`${date}T00:00:00Z`);
  return Math.floor((t - Date.UTC(Number(date.slice(0, 4)), 0, 1)) / DAY_MS);
}

/** School holidays: winter (about 20 Jan – 20 Feb) and summer (5 Jul – 31 Aug), and weekends. */
function schoolClosed(date: string, weekday: number): boolean {
  if (weekday === 0 || weekday === 6) return true;
  const md = date.slice(5);
  return (md >= '01-20' && md <= '02-20') || (md >= '07-05' && md <= '08-31');
}

/** The multiplier of the recent outbreak `daysAgo` days before today for a site and feed. */
function outbreakFactor(site: DemoSite, feed: string, daysAgo: number): number {
  const respiratory =
    feed === 'fever_clinic_visits' || feed === 'pharmacy_antipyretics' || feed === 'school_absenteeism' || feed === 'ili_share';
  if (!respiratory) return 1;
  let f = 1;
  // district-wide influenza, 15 → 1 days ago, ramping up
  if (daysAgo <= 15) f *= 1 + 0.5 * ((15 - daysAgo) / 15);
  // the steeper local rise over the last ~10 days in the outbreak township
  if (site.township === OUTBREAK_TOWNSHIP && daysAgo <= 10) f *= 1 + 1.6 * ((10 - daysAgo) / 10);
  return f;
}

interface ValueRow {
  feed_type_id: string;
  jurisdiction_id: string;
  site_id: string;
  date: string;
  value: number;
  denominator: number | null;
}

/** The value of one site's feed on one day, or null when the site does not report that day. */
function feedValueOn(
  seed: number,
  site: DemoSite,
  feed: string,
  base: number,
  date: string,
  daysAgo: number,
): { value: number; denominator: number | null } | null {
  const t = Date.parse(`${date}T00:00:00Z`);
  const weekday = new Date(t).getUTCDay();
  const doy = dayOfYear(date);
  const dayNumber = Math.floor(t / DAY_MS);
  const u1 = uniform(seed, hashOf(site.code), hashOf(feed), dayNumber);
  const u2 = uniform(seed + 1, hashOf(site.code), hashOf(feed), dayNumber);
  const winter = 1 + 0.55 * Math.cos((2 * Math.PI * (doy - 15)) / 365); // peak mid-January
  const summer = 1 + 0.45 * Math.cos((2 * Math.PI * (doy - 200)) / 365); // peak mid-July
  const year = Number(date.slice(0, 4));
  const trend = 1 + 0.03 * (year - 2022); // slowly growing use of the services
  const outbreak = outbreakFactor(site, feed, daysAgo);
  switch (feed) {
    case 'fever_clinic_visits':
      return { value: count(base * winter * trend * outbreak * (weekday === 0 || weekday === 6 ? 0.8 : 1), u1, u2), denominator: null };
    case 'pharmacy_antipyretics':
      return { value: count(base * winter * trend * outbreak * (weekday === 0 || weekday === 6 ? 1.2 : 1), u1, u2), denominator: null };
    case 'pharmacy_antidiarrhoeals':
      return { value: count(base * summer * trend * (weekday === 0 || weekday === 6 ? 1.2 : 1), u1, u2), denominator: null };
    case 'school_absenteeism':
      if (schoolClosed(date, weekday)) return null;
      return { value: count(base * winter * outbreak, u1, u2), denominator: null };
    case 'port_quarantine_findings':
      return { value: count(base * (1 + 0.3 * Math.cos((2 * Math.PI * (doy - 20)) / 365)), u1, u2), denominator: null };
    case 'ili_share': {
      // all outpatient visits, fewer at weekends; ILI visits ≈ 3 % baseline, ~6 % in winter, more in the outbreak
      const visits = count(base * (weekday === 0 ? 0.55 : weekday === 6 ? 0.7 : 1), u1, u2);
      const share = Math.min(0.3, 0.03 * (1 + (0.9 * (winter - 1)) / 0.55) * outbreak);
      return { value: count(visits * share, u2, u1), denominator: Math.max(1, visits) };
    }
    default:
      return null;
  }
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Rows per INSERT … SELECT FROM jsonb_to_recordset (one parameter, however many rows). */
const DEMO_BATCH = 10_000;

export async function seedFeedsDemo(database: Database, ctx: DemoContext): Promise<void> {
  const started = performance.now();
  const { db } = database;
  const [district] = await db.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, ctx.districtId));
  if (!district) return;
  const townships = await db
    .select({ id: jurisdictions.id, name: jurisdictions.name })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.level, 'township'), like(jurisdictions.path, `${district.path}%`)));
  const townshipId = new Map(townships.map((t) => [t.name, t.id]));
  const types = await db.select({ id: feedTypes.id, code: feedTypes.code }).from(feedTypes);
  const typeId = new Map(types.map((t) => [t.code, t.id]));
  const facilityNames = DEMO_SITES.flatMap((s) => (s.facility ? [s.facility] : []));
  const facilityRows = await db
    .select({ id: facilities.id, name: facilities.name })
    .from(facilities)
    .where(inArray(facilities.name, facilityNames));
  const facilityId = new Map(facilityRows.map((f) => [f.name, f.id]));

  // the sites (missing ones only)
  const wanted = DEMO_SITES.filter((s) => townshipId.has(s.township));
  if (wanted.length === 0) return;
  await db
    .insert(feedSites)
    .values(
      wanted.map((s) => ({
        code: s.code,
        name: s.name,
        nameEn: s.nameEn,
        kind: s.kind,
        jurisdictionId: townshipId.get(s.township)!,
        facilityId: s.facility ? (facilityId.get(s.facility) ?? null) : null,
      })),
    )
    .onConflictDoNothing({ target: feedSites.code });
  const sites = await db
    .select({ id: feedSites.id, code: feedSites.code, jurisdictionId: feedSites.jurisdictionId })
    .from(feedSites)
    .where(
      inArray(
        feedSites.code,
        wanted.map((s) => s.code),
      ),
    );
  const siteRow = new Map(sites.map((s) => [s.code, s]));

  // the last day already seeded per site: only later days are written
  const last = await db
    .select({ siteId: feedCounts.siteId, last: max(feedCounts.date) })
    .from(feedCounts)
    .where(
      and(
        inArray(
          feedCounts.siteId,
          sites.map((s) => s.id),
        ),
        eq(feedCounts.source, 'demo'),
      ),
    )
    .groupBy(feedCounts.siteId);
  const lastOf = new Map(last.map((l) => [l.siteId, l.last]));

  const today = chinaDate(ctx.now);
  const first = addDays(today, -Math.round(YEARS * 365.25) + 1);
  const rows: ValueRow[] = [];
  for (const spec of wanted) {
    const site = siteRow.get(spec.code);
    if (!site) continue;
    const from = lastOf.get(site.id) ? addDays(lastOf.get(site.id)!, 1) : first;
    for (const [feed, base] of Object.entries(spec.feeds)) {
      const feedTypeId = typeId.get(feed);
      if (!feedTypeId) continue;
      for (let date = from; date <= today; date = addDays(date, 1)) {
        const daysAgo = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / DAY_MS);
        const v = feedValueOn(ctx.seed, spec, feed, base, date, daysAgo);
        if (v)
          rows.push({
            feed_type_id: feedTypeId,
            jurisdiction_id: site.jurisdictionId,
            site_id: site.id,
            date,
            value: v.value,
            denominator: v.denominator,
          });
      }
    }
  }
  if (rows.length === 0) return;
  await db.transaction(async (tx) => {
    for (let i = 0; i < rows.length; i += DEMO_BATCH) {
      const json = JSON.stringify(rows.slice(i, i + DEMO_BATCH));
      await tx.execute(sql`
        INSERT INTO feed_counts (feed_type_id, jurisdiction_id, site_id, date, value, denominator, source)
        SELECT feed_type_id, jurisdiction_id, site_id, date, value, denominator, 'demo'
        FROM jsonb_to_recordset(${json}::jsonb)
          AS x(feed_type_id uuid, jurisdiction_id uuid, site_id uuid, date date, value double precision, denominator double precision)
        ON CONFLICT (feed_type_id, jurisdiction_id, site_id, date, exercise_id) DO NOTHING`);
    }
  });
  ctx.log?.info('feeds demo seeded', { values: rows.length, ms: Math.round(performance.now() - started) });
}

/**
 * What the public sees (docs/disclosure.md, "The portal and its data"): published bulletins and their versions,
 * the latest published daily figures (suppressed below the district), risk areas published with a bulletin, fever
 * clinics and hotlines from the registry, an Atom feed, open data; and the public form. Everything here is read
 * from published bulletins only — never from live case data — so nothing unreviewed reaches the public, and the
 * figures are those the leadership approved.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { and, asc, count, desc, eq, inArray, isNotNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { audit } from '../../platform/audit/audit.ts';
import type { Database, Executor } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { notFound, rateLimited, validationFailed } from '../../platform/errors.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { notify } from '../notifications/index.ts';
import { agencies, facilities } from '../registry/index.ts';
import { publicFiguresOf } from './bulletins.figures.ts';
import type { PublicFigures, PublicSubmissionCreate } from './bulletins.schema.ts';
import { drawable, riskAreasOf } from './bulletins.service.ts';
import { type BulletinKind, bulletins, publicSubmissions, riskAreas, rumours } from './bulletins.tables.ts';
import { imagesOf } from './images.service.ts';
import { recentSubmissionsOf } from './registers.service.ts';

const PUBLIC = ['published', 'superseded', 'withdrawn'] as const;
/** Submissions one address may send per hour. */
export const SUBMISSIONS_PER_HOUR = 5;

const newer = alias(bulletins, 'newer');
/** The newest public version of each series (published or withdrawn). */
const latestOfSeries = and(
  inArray(bulletins.status, ['published', 'withdrawn']),
  sql`NOT EXISTS (SELECT 1 FROM ${bulletins} ${newer} WHERE ${newer.seriesId} = ${bulletins.seriesId} AND ${newer.version} > ${bulletins.version} AND ${newer.status} IN ('published', 'superseded', 'withdrawn'))`,
);

export async function publicBulletins(db: Executor, q: { kind?: BulletinKind; page: number; pageSize: number }) {
  const where = and(latestOfSeries, q.kind ? eq(bulletins.kind, q.kind) : undefined);
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(bulletins)
      .where(where)
      .orderBy(desc(bulletins.publishedAt), desc(bulletins.version))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    db.select({ n: count() }).from(bulletins).where(where),
  ]);
  return {
    items: rows.map((b) => ({
      id: b.id,
      seriesId: b.seriesId,
      version: b.version,
      kind: b.kind,
      title: b.title,
      titleEn: b.titleEn,
      publishedAt: b.publishedAt!.toISOString(),
      status: b.status as 'published' | 'withdrawn',
      corrected: b.version > 1,
      figuresDate: b.figuresDate,
    })),
    total: Number(total?.n ?? 0),
  };
}

export async function publicBulletin(db: Executor, id: string) {
  const [b] = await db
    .select()
    .from(bulletins)
    .where(and(eq(bulletins.id, id), inArray(bulletins.status, [...PUBLIC])));
  if (!b) throw notFound('bulletin');
  const versions = await db
    .select()
    .from(bulletins)
    .where(and(eq(bulletins.seriesId, b.seriesId), inArray(bulletins.status, [...PUBLIC])))
    .orderBy(asc(bulletins.version));
  const latest = versions[versions.length - 1]!;
  const areas = b.status === 'withdrawn' ? [] : await riskAreasOf(db, [b.id]);
  const images = b.status === 'withdrawn' ? [] : ((await imagesOf(db, [b.id])).get(b.id) ?? []);
  return {
    id: b.id,
    seriesId: b.seriesId,
    version: b.version,
    kind: b.kind,
    status: b.status as (typeof PUBLIC)[number],
    title: b.title,
    titleEn: b.titleEn,
    body: b.body,
    bodyEn: b.bodyEn,
    publishedAt: b.publishedAt!.toISOString(),
    correctionNote: b.correctionNote,
    correctionNoteEn: b.correctionNoteEn,
    withdrawnAt: b.withdrawnAt ? b.withdrawnAt.toISOString() : null,
    withdrawnReason: b.withdrawnReason,
    latestId: latest.id,
    versions: versions.map((v) => ({
      id: v.id,
      version: v.version,
      status: v.status as (typeof PUBLIC)[number],
      publishedAt: v.publishedAt!.toISOString(),
      correctionNote: v.correctionNote,
      correctionNoteEn: v.correctionNoteEn,
    })),
    figures: b.kind === 'daily' && b.status !== 'withdrawn' ? publicFiguresOf(b.figures, b.suppressionK) : null,
    riskAreas: areas.map(({ bulletinId: _b, ...a }) => a),
    images: images.map((i) => ({
      id: i.id,
      alt: i.alt,
      altEn: i.altEn,
      width: i.width,
      height: i.height,
      url: `/api/public/bulletins/${b.id}/images/${i.id}`,
    })),
  };
}

/** The district's and townships' outlines from the registry (public boundaries), for the portal's map. */
export async function publicMap(db: Executor) {
  const rows = await db
    .select({
      id: jurisdictions.id,
      level: jurisdictions.level,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      geometry: jurisdictions.geometry,
    })
    .from(jurisdictions)
    .where(inArray(jurisdictions.level, ['district', 'township']))
    .orderBy(asc(jurisdictions.code));
  const outline = drawable;
  // a deployment serves one district; of several (a test database), the one whose outline is known
  const districts = rows.filter((r) => r.level === 'district');
  const district = districts.find((r) => outline(r.geometry) !== null) ?? districts[0];
  return {
    district: district ? { name: district.name, nameEn: district.nameEn, geometry: outline(district.geometry) } : null,
    townships: rows
      .filter((r) => r.level === 'township')
      .map((r) => ({ id: r.id, name: r.name, nameEn: r.nameEn, geometry: outline(r.geometry) })),
  };
}

/** The latest published daily figures. */
export async function publicSituation(
  db: Executor,
): Promise<{ bulletinId: string | null; publishedAt: string | null; figures: PublicFigures | null }> {
  const [b] = await db
    .select()
    .from(bulletins)
    .where(and(eq(bulletins.status, 'published'), eq(bulletins.kind, 'daily'), isNotNull(bulletins.figures)))
    .orderBy(desc(bulletins.figuresDate), desc(bulletins.publishedAt))
    .limit(1);
  if (!b) return { bulletinId: null, publishedAt: null, figures: null };
  return { bulletinId: b.id, publishedAt: b.publishedAt!.toISOString(), figures: publicFiguresOf(b.figures, b.suppressionK) };
}

/** Risk areas published with a bulletin that is still published, current or to come. */
export async function publicRiskAreas(db: Executor, now = new Date()) {
  const today = districtToday(now);
  const rows = await db
    .select({ id: riskAreas.id, bulletinId: riskAreas.bulletinId })
    .from(riskAreas)
    .innerJoin(bulletins, eq(bulletins.id, riskAreas.bulletinId))
    .where(and(eq(bulletins.status, 'published'), or(sql`${riskAreas.endsOn} IS NULL`, sql`${riskAreas.endsOn} >= ${today}::date`)));
  const ids = [...new Set(rows.map((r) => r.bulletinId!))];
  const areas = await riskAreasOf(db, ids);
  const order = { high: 0, medium: 1, low: 2 } as const;
  return {
    asOf: today,
    items: areas
      .filter((a) => a.endsOn === null || a.endsOn >= today)
      .sort((a, b) => order[a.level] - order[b.level] || a.startsOn.localeCompare(b.startsOn)),
  };
}

/** Fever clinics (registry facilities of that type) and hotlines (the health commission's and CDC's numbers). */
export async function publicServices(db: Executor) {
  const township = alias(jurisdictions, 'township');
  const clinics = await db
    .select({
      name: facilities.name,
      nameEn: facilities.nameEn,
      address: facilities.address,
      phone: facilities.phone,
      townshipName: township.name,
      townshipNameEn: township.nameEn,
    })
    .from(facilities)
    .innerJoin(jurisdictions, eq(jurisdictions.id, facilities.jurisdictionId))
    .leftJoin(township, and(eq(township.level, 'township'), sql`${jurisdictions.path} LIKE ${township.path} || '%'`))
    .where(eq(facilities.type, 'fever_clinic'))
    .orderBy(asc(facilities.name));
  const lines = await db
    .select({ name: agencies.name, nameEn: agencies.nameEn, phone: agencies.phone })
    .from(agencies)
    .where(and(inArray(agencies.kind, ['health_commission', 'cdc']), ne(agencies.phone, '')))
    .orderBy(asc(agencies.code));
  return {
    feverClinics: clinics.map((c) => ({ ...c, townshipName: c.townshipName ?? '', townshipNameEn: c.townshipNameEn ?? '' })),
    hotlines: lines,
  };
}

/** Townships and communities (the form's place list). */
export async function publicPlaces(db: Executor) {
  const rows = await db
    .select({
      id: jurisdictions.id,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      level: jurisdictions.level,
      parentId: jurisdictions.parentId,
    })
    .from(jurisdictions)
    .where(inArray(jurisdictions.level, ['township', 'community']))
    .orderBy(asc(jurisdictions.path));
  return { items: rows.map((r) => ({ ...r, parentId: r.parentId ?? null })) };
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The Atom feed of the 50 newest public bulletins. */
export async function atomFeed(db: Executor, origin: string) {
  const { items } = await publicBulletins(db, { page: 1, pageSize: 50 });
  const updated = items[0]?.publishedAt ?? new Date(0).toISOString();
  const entries = items
    .map((b) => {
      const url = `${origin}/portal/bulletins/${b.id}`;
      const title = b.status === 'withdrawn' ? `【已撤回】${b.title}` : b.version > 1 ? `【更正】${b.title}` : b.title;
      return `  <entry>\n    <id>urn:uuid:${b.id}</id>\n    <title>${xml(title)}</title>\n    <link rel="alternate" type="text/html" href="${xml(url)}"/>\n    <updated>${b.publishedAt}</updated>\n    <summary>${xml(b.titleEn ?? b.title)}</summary>\n  </entry>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">\n  <id>${xml(`${origin}/portal/`)}</id>\n  <title>疫情信息发布 · Outbreak bulletins</title>\n  <link rel="self" href="${xml(`${origin}/api/public/feed.atom`)}"/>\n  <link rel="alternate" type="text/html" href="${xml(`${origin}/portal/`)}"/>\n  <updated>${updated}</updated>\n${entries}\n</feed>\n`;
}

/** Open data: the published daily figures, one record per day and disease, breakdowns suppressed. */
export async function openDaily(db: Executor) {
  const rows = await db
    .select()
    .from(bulletins)
    .where(and(eq(bulletins.status, 'published'), eq(bulletins.kind, 'daily'), isNotNull(bulletins.figures)))
    .orderBy(desc(bulletins.figuresDate))
    .limit(1000);
  return rows
    .map((b) => ({ bulletinId: b.id, publishedAt: b.publishedAt!.toISOString(), figures: publicFiguresOf(b.figures, b.suppressionK) }))
    .filter((r): r is { bulletinId: string; publishedAt: string; figures: PublicFigures } => r.figures !== null);
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v);
  // a leading = + - @ would be a formula in a spreadsheet
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

export function openDailyCsv(records: Awaited<ReturnType<typeof openDaily>>): string {
  const lines = [
    [
      'date',
      'disease',
      'area_level',
      'area',
      'area_en',
      'new_reported',
      'new_onset',
      'cumulative',
      'cumulative_from',
      'suppressed_below',
      'age_band',
      'sex',
    ].join(','),
  ];
  for (const { figures: f } of records) {
    const disease = f.disease?.code ?? 'all';
    lines.push(
      [
        f.reportDate,
        disease,
        'district',
        f.area.name,
        f.area.nameEn,
        f.totals.newReported,
        f.totals.newOnset,
        f.totals.cumulative,
        f.cumulativeFrom,
        '',
      ]
        .map(csvCell)
        .join(','),
    );
    for (const r of f.byTownship.rows) {
      lines.push(
        [f.reportDate, disease, 'township', r.name, r.nameEn, r.newReported, null, r.cumulative, f.cumulativeFrom, f.byTownship.k]
          .map(csvCell)
          .join(','),
      );
    }
    // the cumulative cases of the area by age band and sex ("all": a band's or a sex's total), suppressed alike
    const ageSex = f.byAgeSex;
    if (ageSex) {
      const row = (band: string, sex: string, n: number | null) =>
        [f.reportDate, disease, 'age_sex', f.area.name, f.area.nameEn, null, null, n, f.cumulativeFrom, ageSex.k, band, sex]
          .map(csvCell)
          .join(',');
      for (const r of ageSex.rows) {
        for (const sex of ['male', 'female', 'unknown'] as const) lines.push(row(r.band, sex, r[sex]));
        lines.push(row(r.band, 'all', r.total));
      }
      for (const sex of ['male', 'female', 'unknown'] as const) lines.push(row('all', sex, ageSex.totals[sex]));
    }
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// ── the public form ───────────────────────────────────────────────────────────────────────────────

const SENDER_KEY = randomBytes(32);
/** The sender's address as a keyed hash (the key lives in memory only: hashes are not linkable after a restart). */
export const senderHashOf = (ip: string) => createHmac('sha256', SENDER_KEY).update(ip).digest('base64url');
const HTML = /<\s*[a-zA-Z!/?]|&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i;

export async function receiveSubmission(database: Database, input: PublicSubmissionCreate, ip: string, now = new Date()) {
  if (HTML.test(input.text)) throw validationFailed([{ path: 'text', message: 'Plain text only: no HTML' }]);
  if (input.text.trim() === '') throw validationFailed([{ path: 'text', message: 'Say what happened' }]);
  if (input.occurredOn && input.occurredOn > districtToday(now))
    throw validationFailed([{ path: 'occurredOn', message: 'The day has not come yet' }]);
  const sender = senderHashOf(ip);
  return database.db.transaction(async (tx) => {
    const [recent] = await tx
      .select({ n: count() })
      .from(publicSubmissions)
      .where(recentSubmissionsOf(sender, new Date(now.getTime() - 3600_000)));
    if (Number(recent?.n ?? 0) >= SUBMISSIONS_PER_HOUR) throw rateLimited(3600);
    let placeId: string | null = null;
    let placePath: string | null = null;
    if (input.placeId) {
      const [p] = await tx.select().from(jurisdictions).where(eq(jurisdictions.id, input.placeId));
      if (!p || (p.level !== 'township' && p.level !== 'community'))
        throw validationFailed([{ path: 'placeId', message: 'Choose a township or community' }]);
      placeId = p.id;
      placePath = p.path;
    }
    // the district of the place (else the first district: a deployment serves one)
    const [district] = await tx
      .select()
      .from(jurisdictions)
      .where(and(eq(jurisdictions.level, 'district'), placePath ? sql`${placePath} LIKE ${jurisdictions.path} || '%'` : undefined))
      .orderBy(asc(jurisdictions.path))
      .limit(1);
    if (!district) throw notFound('district');
    let rumourId: string | null = null;
    if (input.kind === 'rumour') {
      const [r] = await tx
        .insert(rumours)
        .values({
          jurisdictionId: district.id,
          claim: input.text.trim(),
          source: '公众报告 / public report',
          channel: 'portal',
          firstSeenAt: input.occurredOn ? new Date(`${input.occurredOn}T12:00:00+08:00`) : now,
          origin: 'public',
        })
        .returning();
      rumourId = r!.id;
      await audit(tx, { actor: null, action: 'create', entityType: 'rumour', entityId: r!.id, after: r });
    }
    const [s] = await tx
      .insert(publicSubmissions)
      .values({
        jurisdictionId: district.id,
        kind: input.kind,
        text: input.text.trim(),
        placeId,
        occurredOn: input.occurredOn ?? null,
        rumourId,
        senderHash: sender,
      })
      .returning();
    const { senderHash: _h, ...kept } = s!;
    await audit(tx, { actor: null, action: 'create', entityType: 'public_submission', entityId: s!.id, after: kept });
    await notify(tx, {
      recipients: { right: 'bulletins.draft', jurisdictionId: district.id },
      kind: input.kind === 'rumour' ? 'public.rumour' : 'public.symptoms',
      title: input.kind === 'rumour' ? '公众报告了一条谣言' : '公众报告了接触后的症状',
      titleEn: input.kind === 'rumour' ? 'A rumour reported by the public' : 'Symptoms after an exposure reported by the public',
      link: input.kind === 'rumour' ? '/bulletins/rumours' : '/bulletins/submissions',
      entity: { type: 'public_submission', id: s!.id },
    });
    return { received: true as const, reference: s!.id.slice(0, 8).toUpperCase() };
  });
}

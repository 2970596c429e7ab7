/**
 * Risk areas, the rumour register and what the public sent (docs/disclosure.md). Reads need bulletins.read,
 * writes bulletins.draft, over the record's place (404 outside it). Every change is audited.
 *
 * A risk area is edited only while its bulletin is a draft (or it has none yet): once a bulletin is submitted, what
 * it publishes is what was reviewed; a change after publication is a correction of the bulletin.
 */
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { inScope, pathInScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import type { RiskAreaCreate, RiskAreaPatch, RumourCreate, RumourPatch } from './bulletins.schema.ts';
import { riskAreaView } from './bulletins.service.ts';
import { bulletins, publicSubmissions, type RiskGeometry, riskAreas, rumours, type SubmissionStatus } from './bulletins.tables.ts';
import { riskGeometryIssues } from './risk-shapes.ts';
import { invalidatePublicCache } from './public.cache.ts';

const actorOf = (p: Principal) => ({ id: p.id, username: p.username });

// ── risk areas ─────────────────────────────────────────────────────────────────────────────────────

export async function listRiskAreasFor(database: Database, principal: Principal) {
  const scope = scopeFor(principal, 'bulletins.read');
  const rows = await database.db
    .select({
      r: riskAreas,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      areaLevel: jurisdictions.level,
      areaGeometry: jurisdictions.geometry,
      status: bulletins.status,
    })
    .from(riskAreas)
    .innerJoin(jurisdictions, eq(jurisdictions.id, riskAreas.jurisdictionId))
    .leftJoin(bulletins, eq(bulletins.id, riskAreas.bulletinId))
    .where(inScope(scope, riskAreas.jurisdictionId))
    .orderBy(desc(riskAreas.startsOn), asc(jurisdictions.code))
    .limit(1000);
  return { items: rows.map((x) => ({ ...riskAreaView(x), published: x.status === 'published' })) };
}

async function placeInScope(tx: Tx, principal: Principal, id: string, drawn: boolean) {
  const scope = scopeFor(principal, 'bulletins.draft');
  const [place] = await tx.select().from(jurisdictions).where(eq(jurisdictions.id, id));
  if (!place || !pathInScope(scope, place.path)) throw notFound('jurisdiction');
  // a drawn area may span townships: it is then filed under the district
  const allowed = drawn ? ['district', 'township', 'community'] : ['township', 'community'];
  if (!allowed.includes(place.level))
    throw conflict(
      'area_not_allowed',
      drawn ? 'A drawn risk area belongs to the district, a township or a community' : 'A risk area is a township or a community',
      { level: place.level },
    );
  return place;
}

/** The outline of the district that holds a place (null: the registry has none). */
async function districtOutlineOf(tx: Tx, placePath: string): Promise<RiskGeometry | null> {
  const [district] = await tx
    .select({ geometry: jurisdictions.geometry })
    .from(jurisdictions)
    .where(and(eq(jurisdictions.level, 'district'), sql`${placePath} LIKE ${jurisdictions.path} || '%'`))
    .limit(1);
  const g = district?.geometry as { type?: string } | null | undefined;
  return g?.type === 'Polygon' || g?.type === 'MultiPolygon' ? (g as RiskGeometry) : null;
}

/** Refuses (400, naming the field) a drawn area that is not a closed, simple polygon inside the district, or has no name. */
async function checkDrawn(tx: Tx, placePath: string, geometry: RiskGeometry, placeName: string | null | undefined) {
  const outline = await districtOutlineOf(tx, placePath);
  const issues =
    outline === null
      ? [{ path: 'geometry', message: "The district's outline is not in the registry: a drawn area cannot be checked against it" }]
      : riskGeometryIssues(geometry, outline);
  if (!placeName?.trim()) issues.push({ path: 'placeName', message: 'Name the drawn area as the public will read it' });
  if (issues.length > 0) throw validationFailed(issues);
}

async function draftBulletinInScope(tx: Tx, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'bulletins.draft');
  const [b] = await tx
    .select({ id: bulletins.id, status: bulletins.status })
    .from(bulletins)
    .where(and(eq(bulletins.id, id), inScope(scope, bulletins.jurisdictionId)));
  if (!b) throw notFound('bulletin');
  if (b.status !== 'draft')
    throw conflict('status_not_allowed', 'Risk areas are added to a draft bulletin', { status: b.status, allowed: ['draft'] });
}

export async function createRiskAreaAs(database: Database, principal: Principal, input: RiskAreaCreate, ip?: string) {
  scopeFor(principal, 'bulletins.draft');
  if (input.endsOn && input.endsOn < input.startsOn) throw validationFailed([{ path: 'endsOn', message: 'Ends before it starts' }]);
  return database.db.transaction(async (tx) => {
    const drawn = input.geometry !== undefined && input.geometry !== null;
    const place = await placeInScope(tx, principal, input.jurisdictionId, drawn);
    if (drawn) await checkDrawn(tx, place.path, input.geometry as RiskGeometry, input.placeName);
    if (input.bulletinId) await draftBulletinInScope(tx, principal, input.bulletinId);
    const [row] = await tx
      .insert(riskAreas)
      .values({
        jurisdictionId: place.id,
        level: input.level,
        startsOn: input.startsOn,
        endsOn: input.endsOn ?? null,
        note: input.note ?? '',
        noteEn: input.noteEn ?? '',
        bulletinId: input.bulletinId ?? null,
        createdBy: principal.id,
        geometry: drawn ? (input.geometry as RiskGeometry) : null,
        placeName: drawn ? input.placeName!.trim() : null,
        placeNameEn: drawn ? input.placeNameEn?.trim() || null : null,
      })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'risk_area', entityId: row!.id, after: row });
    return {
      ...riskAreaView({ r: row!, name: place.name, nameEn: place.nameEn, areaLevel: place.level, areaGeometry: place.geometry }),
      published: false,
    };
  });
}

async function editableRiskArea(tx: Tx, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'bulletins.draft');
  const [x] = await tx
    .select({
      r: riskAreas,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      areaLevel: jurisdictions.level,
      areaGeometry: jurisdictions.geometry,
      areaPath: jurisdictions.path,
      status: bulletins.status,
    })
    .from(riskAreas)
    .innerJoin(jurisdictions, eq(jurisdictions.id, riskAreas.jurisdictionId))
    .leftJoin(bulletins, eq(bulletins.id, riskAreas.bulletinId))
    .where(and(eq(riskAreas.id, id), inScope(scope, riskAreas.jurisdictionId)))
    .for('update', { of: riskAreas });
  if (!x) throw notFound('risk_area');
  if (x.status && x.status !== 'draft')
    throw conflict('status_not_allowed', 'The bulletin of this risk area is past its draft: correct the bulletin instead', {
      status: x.status,
      allowed: ['draft'],
    });
  return x;
}

export async function updateRiskAreaAs(database: Database, principal: Principal, id: string, patch: RiskAreaPatch, ip?: string) {
  return database.db.transaction(async (tx) => {
    const x = await editableRiskArea(tx, principal, id);
    if (patch.bulletinId) await draftBulletinInScope(tx, principal, patch.bulletinId);
    const startsOn = patch.startsOn ?? x.r.startsOn;
    const endsOn = patch.endsOn !== undefined ? patch.endsOn : x.r.endsOn;
    if (endsOn && endsOn < startsOn) throw validationFailed([{ path: 'endsOn', message: 'Ends before it starts' }]);
    const geometry = (patch.geometry !== undefined ? patch.geometry : x.r.geometry) as RiskGeometry | null;
    const placeName = patch.placeName !== undefined ? patch.placeName : x.r.placeName;
    if (geometry !== null) {
      if (x.areaLevel !== 'district' && x.areaLevel !== 'township' && x.areaLevel !== 'community')
        throw conflict('area_not_allowed', 'A drawn risk area belongs to the district, a township or a community', { level: x.areaLevel });
      if (patch.geometry !== undefined || patch.placeName !== undefined) await checkDrawn(tx, x.areaPath, geometry, placeName);
    } else if (x.areaLevel === 'district') {
      throw conflict('area_not_allowed', 'A risk area of the whole district is drawn on the map', { level: x.areaLevel });
    }
    const [after] = await tx
      .update(riskAreas)
      .set({
        ...patch,
        geometry,
        placeName: geometry !== null ? (placeName?.trim() ?? null) : null,
        placeNameEn: geometry !== null ? (patch.placeNameEn !== undefined ? patch.placeNameEn?.trim() || null : x.r.placeNameEn) : null,
        updatedAt: new Date(),
      })
      .where(eq(riskAreas.id, id))
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'risk_area', entityId: id, before: x.r, after });
    return {
      ...riskAreaView({ r: after!, name: x.name, nameEn: x.nameEn, areaLevel: x.areaLevel, areaGeometry: x.areaGeometry }),
      published: false,
    };
  });
}

export async function deleteRiskAreaAs(database: Database, principal: Principal, id: string, ip?: string) {
  await database.db.transaction(async (tx) => {
    const x = await editableRiskArea(tx, principal, id);
    await tx.delete(riskAreas).where(eq(riskAreas.id, id));
    await audit(tx, { actor: actorOf(principal), ip, action: 'delete', entityType: 'risk_area', entityId: id, before: x.r });
  });
  invalidatePublicCache();
}

// ── rumours ───────────────────────────────────────────────────────────────────────────────────────

const reviewer = alias(users, 'reviewer');
const rebuttal = alias(bulletins, 'rebuttal');

function rumourView(x: { r: typeof rumours.$inferSelect; reviewerName: string | null; rebuttalTitle: string | null }) {
  const r = x.r;
  return {
    id: r.id,
    jurisdictionId: r.jurisdictionId,
    claim: r.claim,
    source: r.source,
    channel: r.channel,
    firstSeenAt: r.firstSeenAt.toISOString(),
    reach: r.reach,
    verdict: r.verdict,
    rebuttalBulletinId: r.rebuttalBulletinId,
    rebuttalTitle: x.rebuttalTitle ?? null,
    reviewerName: x.reviewerName ?? null,
    reviewedAt: r.reviewedAt ? r.reviewedAt.toISOString() : null,
    origin: r.origin,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

const rumourColumns = { r: rumours, reviewerName: reviewer.displayName, rebuttalTitle: rebuttal.title };

export async function listRumoursFor(
  database: Database,
  principal: Principal,
  q: { verdict?: typeof rumours.$inferSelect.verdict; page: number; pageSize: number },
) {
  const scope = scopeFor(principal, 'bulletins.read');
  const where = and(inScope(scope, rumours.jurisdictionId), q.verdict ? eq(rumours.verdict, q.verdict) : undefined);
  const [rows, [total]] = await Promise.all([
    database.db
      .select(rumourColumns)
      .from(rumours)
      .leftJoin(reviewer, eq(reviewer.id, rumours.reviewerId))
      .leftJoin(rebuttal, eq(rebuttal.id, rumours.rebuttalBulletinId))
      .where(where)
      .orderBy(desc(rumours.firstSeenAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    database.db.select({ n: count() }).from(rumours).where(where),
  ]);
  return { items: rows.map(rumourView), total: Number(total?.n ?? 0) };
}

async function rumourById(tx: Tx, id: string) {
  const [x] = await tx
    .select(rumourColumns)
    .from(rumours)
    .leftJoin(reviewer, eq(reviewer.id, rumours.reviewerId))
    .leftJoin(rebuttal, eq(rebuttal.id, rumours.rebuttalBulletinId))
    .where(eq(rumours.id, id));
  return rumourView(x!);
}

export async function createRumourAs(database: Database, principal: Principal, input: RumourCreate, ip?: string) {
  const scope = scopeFor(principal, 'bulletins.draft');
  return database.db.transaction(async (tx) => {
    const [place] = await tx.select().from(jurisdictions).where(eq(jurisdictions.id, input.jurisdictionId));
    if (!place || !pathInScope(scope, place.path)) throw notFound('jurisdiction');
    const [row] = await tx
      .insert(rumours)
      .values({
        jurisdictionId: place.id,
        claim: input.claim,
        source: input.source ?? '',
        channel: input.channel,
        firstSeenAt: new Date(input.firstSeenAt),
        reach: input.reach ?? null,
        createdBy: principal.id,
      })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'rumour', entityId: row!.id, after: row });
    return rumourById(tx, row!.id);
  });
}

export async function updateRumourAs(database: Database, principal: Principal, id: string, patch: RumourPatch, ip?: string) {
  const scope = scopeFor(principal, 'bulletins.draft');
  return database.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(rumours)
      .where(and(eq(rumours.id, id), inScope(scope, rumours.jurisdictionId)))
      .for('update');
    if (!before) throw notFound('rumour');
    if (patch.rebuttalBulletinId) {
      const [b] = await tx
        .select({ id: bulletins.id })
        .from(bulletins)
        .where(and(eq(bulletins.id, patch.rebuttalBulletinId), inScope(scope, bulletins.jurisdictionId)));
      if (!b) throw notFound('bulletin');
    }
    const now = new Date();
    const { firstSeenAt, ...rest } = patch;
    const verdictChanged = patch.verdict !== undefined && patch.verdict !== before.verdict;
    const [after] = await tx
      .update(rumours)
      .set({
        ...rest,
        ...(firstSeenAt ? { firstSeenAt: new Date(firstSeenAt) } : {}),
        ...(verdictChanged ? { reviewerId: principal.id, reviewedAt: now } : {}),
        updatedAt: now,
      })
      .where(eq(rumours.id, id))
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'rumour', entityId: id, before, after });
    return rumourById(tx, id);
  });
}

// ── what the public sent ──────────────────────────────────────────────────────────────────────────

const place = alias(jurisdictions, 'place');

export async function listSubmissionsFor(
  database: Database,
  principal: Principal,
  q: { status?: SubmissionStatus; kind?: 'symptoms' | 'rumour'; page: number; pageSize: number },
) {
  const scope = scopeFor(principal, 'bulletins.read');
  const where = and(
    inScope(scope, publicSubmissions.jurisdictionId),
    q.status ? eq(publicSubmissions.status, q.status) : undefined,
    q.kind ? eq(publicSubmissions.kind, q.kind) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    database.db
      .select({ s: publicSubmissions, placeName: place.name })
      .from(publicSubmissions)
      .leftJoin(place, eq(place.id, publicSubmissions.placeId))
      .where(where)
      .orderBy(desc(publicSubmissions.createdAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    database.db.select({ n: count() }).from(publicSubmissions).where(where),
  ]);
  return {
    items: rows.map(({ s, placeName }) => ({
      id: s.id,
      kind: s.kind,
      text: s.text,
      placeName: placeName ?? null,
      occurredOn: s.occurredOn,
      status: s.status,
      rumourId: s.rumourId,
      createdAt: s.createdAt.toISOString(),
    })),
    total: Number(total?.n ?? 0),
  };
}

export async function handleSubmissionAs(
  database: Database,
  principal: Principal,
  id: string,
  status: 'handled' | 'dismissed',
  ip?: string,
) {
  const scope = scopeFor(principal, 'bulletins.draft');
  await database.db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(publicSubmissions)
      .where(and(eq(publicSubmissions.id, id), inScope(scope, publicSubmissions.jurisdictionId)))
      .for('update');
    if (!before) throw notFound('submission');
    const [after] = await tx
      .update(publicSubmissions)
      .set({ status, handledBy: principal.id, handledAt: new Date() })
      .where(eq(publicSubmissions.id, id))
      .returning();
    const { senderHash: _a, ...b } = before;
    const { senderHash: _b, ...a } = after!;
    await audit(tx, { actor: actorOf(principal), ip, action: status, entityType: 'public_submission', entityId: id, before: b, after: a });
  });
  return { ok: true as const };
}

/** SQL helper kept here so the public service can count a sender's recent submissions. */
export const recentSubmissionsOf = (senderHash: string, since: Date) =>
  and(eq(publicSubmissions.senderHash, senderHash), sql`${publicSubmissions.createdAt} >= ${since.toISOString()}::timestamptz`);

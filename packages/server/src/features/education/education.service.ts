/**
 * Rules of public education (docs/capability.md, "Public education"). Rights: education.read (materials and
 * campaigns of the reader's area), education.manage (write materials, publish them — never one's own: four eyes,
 * since a published material speaks for the district on the public portal — and run campaigns). Editing a
 * published material takes it off the portal until someone else publishes it again. Audited; live topic
 * 'education'.
 */
import { and, asc, count, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { z } from '@hono/zod-openapi';
import { audit, type AuditActor } from '../../platform/audit/audit.ts';
import { hasRight, inScope, pathInScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import type {
  CampaignCreateSchema,
  EventCreateSchema,
  MaterialCreateSchema,
  MaterialListQuery,
  MaterialPatchSchema,
} from './education.schema.ts';
import { EDUCATION_AUDIENCES, educationCampaigns, educationEvents, educationMaterials } from './education.tables.ts';

export interface EducationDeps {
  database: Database;
  now?: () => Date;
}
const nowOf = (deps: { now?: () => Date }) => deps.now?.() ?? new Date();
const actorOf = (p: Principal): AuditActor => ({ id: p.id, username: p.username });
type MaterialRow = typeof educationMaterials.$inferSelect;

async function placeIn(tx: Tx, principal: Principal, jurisdictionId: string) {
  const scope = scopeFor(principal, 'education.manage');
  const [j] = await tx.select().from(jurisdictions).where(eq(jurisdictions.id, jurisdictionId));
  if (!j || !pathInScope(scope, j.path))
    throw validationFailed([{ path: 'jurisdictionId', message: 'Unknown jurisdiction (or outside your area)' }]);
  return j;
}

// ── materials ───────────────────────────────────────────────────────────────────────────────────

async function materialRows(db: Database['db'], where: SQL | undefined, page?: { page: number; pageSize: number }) {
  const q = db
    .select({ material: educationMaterials, jName: jurisdictions.name, jNameEn: jurisdictions.nameEn, jPath: jurisdictions.path })
    .from(educationMaterials)
    .innerJoin(jurisdictions, eq(jurisdictions.id, educationMaterials.jurisdictionId))
    .where(where)
    .orderBy(desc(educationMaterials.updatedAt));
  return page ? q.limit(page.pageSize).offset((page.page - 1) * page.pageSize) : q;
}

async function presentMaterials(db: Database['db'], principal: Principal, rows: Awaited<ReturnType<typeof materialRows>>) {
  const ids = [...new Set(rows.flatMap((r) => [r.material.publishedBy, r.material.createdBy]).filter((x): x is string => !!x))];
  const names = new Map(
    ids.length
      ? (await db.select({ id: users.id, n: users.displayName }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.n])
      : [],
  );
  const manage = hasRight(principal, 'education.manage') ? scopeFor(principal, 'education.manage') : null;
  return rows.map(({ material: m, jName, jNameEn, jPath }) => ({
    id: m.id,
    jurisdiction: { id: m.jurisdictionId, name: jName, nameEn: jNameEn },
    title: m.title,
    summary: m.summary,
    body: m.body,
    audience: m.audience,
    language: m.language,
    topic: m.topic,
    format: m.format,
    url: m.url,
    status: m.status,
    publishedAt: m.publishedAt?.toISOString() ?? null,
    publishedBy: m.publishedBy ? (names.get(m.publishedBy) ?? null) : null,
    createdBy: m.createdBy ? (names.get(m.createdBy) ?? null) : null,
    updatedAt: m.updatedAt.toISOString(),
    canPublish: !!manage && pathInScope(manage, jPath) && !authorsOf(m).includes(principal.id) && m.status !== 'published',
  }));
}

/** Who wrote a material: its creator and its last editor (neither may publish it). */
const authorsOf = (m: MaterialRow) => [m.createdBy, m.updatedBy].filter((x): x is string => !!x);

export async function listMaterialsFor(deps: EducationDeps, principal: Principal, query: z.infer<typeof MaterialListQuery>) {
  const scope = scopeFor(principal, 'education.read');
  const where = and(
    inScope(scope, educationMaterials.jurisdictionId),
    query.audience ? eq(educationMaterials.audience, query.audience) : undefined,
    query.language ? eq(educationMaterials.language, query.language) : undefined,
    query.status ? eq(educationMaterials.status, query.status) : undefined,
    query.topic ? eq(educationMaterials.topic, query.topic) : undefined,
  );
  const db = deps.database.db;
  const rows = await materialRows(db, where, query);
  const [{ total }] = (await db.select({ total: count() }).from(educationMaterials).where(where)) as [{ total: number }];
  return { items: await presentMaterials(db, principal, rows), total: Number(total) };
}

export async function getMaterialFor(deps: EducationDeps, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'education.read');
  const rows = await materialRows(deps.database.db, and(eq(educationMaterials.id, id), inScope(scope, educationMaterials.jurisdictionId)));
  if (!rows[0]) throw notFound('material');
  return (await presentMaterials(deps.database.db, principal, rows))[0]!;
}

export async function createMaterialAs(
  deps: EducationDeps,
  principal: Principal,
  input: z.infer<typeof MaterialCreateSchema>,
  ip: string | null,
) {
  const id = await deps.database.db.transaction(async (tx) => {
    const j = await placeIn(tx, principal, input.jurisdictionId);
    const [row] = await tx
      .insert(educationMaterials)
      .values({ ...input, createdBy: principal.id, updatedBy: principal.id })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'education_material', entityId: row!.id, after: row });
    await publishLive(tx, { topic: 'education', id: row!.id, action: 'material', right: 'education.read', jurisdictionPath: j.path });
    return row!.id;
  });
  return getMaterialFor(deps, principal, id);
}

async function lockMaterial(tx: Tx, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'education.manage');
  const [row] = await tx
    .select({ material: educationMaterials, path: jurisdictions.path })
    .from(educationMaterials)
    .innerJoin(jurisdictions, eq(jurisdictions.id, educationMaterials.jurisdictionId))
    .where(and(eq(educationMaterials.id, id), inScope(scope, educationMaterials.jurisdictionId)))
    .for('update', { of: educationMaterials });
  if (!row) throw notFound('material');
  return row;
}

export async function updateMaterialAs(
  deps: EducationDeps,
  principal: Principal,
  id: string,
  patch: z.infer<typeof MaterialPatchSchema>,
  ip: string | null,
) {
  await deps.database.db.transaction(async (tx) => {
    const { material: before, path } = await lockMaterial(tx, principal, id);
    if (before.status === 'withdrawn') throw conflict('status_not_allowed', 'A withdrawn material is not edited; write a new one');
    // an edit of a published material takes it off the portal until another person publishes it again
    const [after] = await tx
      .update(educationMaterials)
      .set({ ...patch, status: 'draft', publishedAt: null, publishedBy: null, updatedBy: principal.id, updatedAt: sql`now()` })
      .where(eq(educationMaterials.id, id))
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'education_material', entityId: id, before, after });
    await publishLive(tx, { topic: 'education', id, action: 'material', right: 'education.read', jurisdictionPath: path });
  });
  return getMaterialFor(deps, principal, id);
}

/** Publishes a draft on the public portal. Four eyes: its creator and last editor never publish it. */
export async function publishMaterialAs(deps: EducationDeps, principal: Principal, id: string, ip: string | null) {
  await deps.database.db.transaction(async (tx) => {
    const { material: before, path } = await lockMaterial(tx, principal, id);
    if (before.status !== 'draft') throw conflict('status_not_allowed', `The material is ${before.status}`, { status: before.status });
    if (authorsOf(before).includes(principal.id)) {
      throw conflict('author_cannot_publish', 'Four-eyes rule: a material is published by someone other than its author or last editor');
    }
    const [after] = await tx
      .update(educationMaterials)
      .set({ status: 'published', publishedAt: nowOf(deps), publishedBy: principal.id, updatedAt: sql`now()` })
      .where(eq(educationMaterials.id, id))
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'approve', entityType: 'education_material', entityId: id, before, after });
    await publishLive(tx, { topic: 'education', id, action: 'published', right: 'education.read', jurisdictionPath: path });
  });
  return getMaterialFor(deps, principal, id);
}

export async function withdrawMaterialAs(deps: EducationDeps, principal: Principal, id: string, ip: string | null) {
  await deps.database.db.transaction(async (tx) => {
    const { material: before, path } = await lockMaterial(tx, principal, id);
    if (before.status === 'withdrawn') throw conflict('status_not_allowed', 'The material is already withdrawn');
    const [after] = await tx
      .update(educationMaterials)
      .set({ status: 'withdrawn', updatedAt: sql`now()` })
      .where(eq(educationMaterials.id, id))
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'education_material', entityId: id, before, after });
    await publishLive(tx, { topic: 'education', id, action: 'withdrawn', right: 'education.read', jurisdictionPath: path });
  });
  return getMaterialFor(deps, principal, id);
}

/** The public portal's list: published materials only, without author or internal state (anonymous). */
export async function publicMaterials(db: Database['db'], query: { audience?: (typeof EDUCATION_AUDIENCES)[number]; language?: string }) {
  const rows = await db
    .select()
    .from(educationMaterials)
    .where(
      and(
        eq(educationMaterials.status, 'published'),
        query.audience ? eq(educationMaterials.audience, query.audience) : undefined,
        query.language ? eq(educationMaterials.language, query.language) : undefined,
      ),
    )
    .orderBy(desc(educationMaterials.publishedAt))
    .limit(200);
  return {
    items: rows.map((m) => ({
      id: m.id,
      title: m.title,
      summary: m.summary,
      body: m.body,
      audience: m.audience,
      language: m.language,
      topic: m.topic,
      format: m.format,
      url: m.url,
      publishedAt: m.publishedAt!.toISOString(),
    })),
  };
}

// ── campaigns ───────────────────────────────────────────────────────────────────────────────────

async function campaignRows(db: Database['db'], where: SQL | undefined) {
  const rows = await db
    .select({ campaign: educationCampaigns, jName: jurisdictions.name, jNameEn: jurisdictions.nameEn })
    .from(educationCampaigns)
    .innerJoin(jurisdictions, eq(jurisdictions.id, educationCampaigns.jurisdictionId))
    .where(where)
    .orderBy(desc(educationCampaigns.startsOn));
  const ids = rows.map((r) => r.campaign.id);
  const tallies = ids.length
    ? await db
        .select({
          campaignId: educationEvents.campaignId,
          reach: sql<number>`coalesce(sum(${educationEvents.reach}), 0)::int`,
          events: sql<number>`count(*)::int`,
          materials: sql<number>`coalesce(sum(${educationEvents.materialsDistributed}), 0)::int`,
        })
        .from(educationEvents)
        .where(inArray(educationEvents.campaignId, ids))
        .groupBy(educationEvents.campaignId)
    : [];
  const byId = new Map(tallies.map((t) => [t.campaignId, t]));
  return rows.map(({ campaign: c, jName, jNameEn }) => ({
    id: c.id,
    jurisdiction: { id: c.jurisdictionId, name: jName, nameEn: jNameEn },
    title: c.title,
    titleEn: c.titleEn,
    goal: c.goal,
    audiences: c.audiences,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    targetReach: c.targetReach,
    status: c.status,
    reach: Number(byId.get(c.id)?.reach ?? 0),
    events: Number(byId.get(c.id)?.events ?? 0),
    materialsDistributed: Number(byId.get(c.id)?.materials ?? 0),
  }));
}

export async function listCampaignsFor(deps: EducationDeps, principal: Principal) {
  const scope = scopeFor(principal, 'education.read');
  return { items: await campaignRows(deps.database.db, inScope(scope, educationCampaigns.jurisdictionId)) };
}

export async function getCampaignFor(deps: EducationDeps, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'education.read');
  const db = deps.database.db;
  const [campaign] = await campaignRows(db, and(eq(educationCampaigns.id, id), inScope(scope, educationCampaigns.jurisdictionId)));
  if (!campaign) throw notFound('campaign');
  const events = await db
    .select({ event: educationEvents, jName: jurisdictions.name, jNameEn: jurisdictions.nameEn, materialTitle: educationMaterials.title })
    .from(educationEvents)
    .innerJoin(jurisdictions, eq(jurisdictions.id, educationEvents.jurisdictionId))
    .leftJoin(educationMaterials, eq(educationMaterials.id, educationEvents.materialId))
    .where(eq(educationEvents.campaignId, id))
    .orderBy(desc(educationEvents.heldOn), asc(educationEvents.createdAt));
  const eventList = events.map(({ event: e, jName, jNameEn, materialTitle }) => ({
    id: e.id,
    jurisdiction: { id: e.jurisdictionId, name: jName, nameEn: jNameEn },
    heldOn: e.heldOn,
    kind: e.kind,
    audience: e.audience,
    location: e.location,
    reach: e.reach,
    materialsDistributed: e.materialsDistributed,
    material: e.materialId ? { id: e.materialId, title: materialTitle ?? '' } : null,
    notes: e.notes,
  }));
  const byAudience = EDUCATION_AUDIENCES.map((audience) => {
    const mine = eventList.filter((e) => e.audience === audience);
    return { audience, reach: mine.reduce((s, e) => s + e.reach, 0), events: mine.length };
  }).filter((a) => a.events > 0);
  const places = new Map<string, { jurisdiction: { id: string; name: string; nameEn: string }; reach: number; events: number }>();
  for (const e of eventList) {
    const p = places.get(e.jurisdiction.id) ?? { jurisdiction: e.jurisdiction, reach: 0, events: 0 };
    p.reach += e.reach;
    p.events += 1;
    places.set(e.jurisdiction.id, p);
  }
  return { ...campaign, eventList, reachByAudience: byAudience, reachByPlace: [...places.values()].sort((a, b) => b.reach - a.reach) };
}

export async function createCampaignAs(
  deps: EducationDeps,
  principal: Principal,
  input: z.infer<typeof CampaignCreateSchema>,
  ip: string | null,
) {
  if (input.endsOn < input.startsOn) throw validationFailed([{ path: 'endsOn', message: 'The campaign ends on or after its first day' }]);
  const id = await deps.database.db.transaction(async (tx) => {
    const j = await placeIn(tx, principal, input.jurisdictionId);
    const today = districtToday(nowOf(deps));
    const [row] = await tx
      .insert(educationCampaigns)
      .values({
        ...input,
        audiences: [...new Set(input.audiences)],
        status: input.startsOn <= today ? 'active' : 'planned',
        createdBy: principal.id,
      })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'education_campaign', entityId: row!.id, after: row });
    await publishLive(tx, { topic: 'education', id: row!.id, action: 'campaign', right: 'education.read', jurisdictionPath: j.path });
    return row!.id;
  });
  return getCampaignFor(deps, principal, id);
}

async function lockCampaign(tx: Tx, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'education.manage');
  const [row] = await tx
    .select({ campaign: educationCampaigns, path: jurisdictions.path })
    .from(educationCampaigns)
    .innerJoin(jurisdictions, eq(jurisdictions.id, educationCampaigns.jurisdictionId))
    .where(and(eq(educationCampaigns.id, id), inScope(scope, educationCampaigns.jurisdictionId)))
    .for('update', { of: educationCampaigns });
  if (!row) throw notFound('campaign');
  return row;
}

export async function setCampaignStatusAs(
  deps: EducationDeps,
  principal: Principal,
  id: string,
  status: 'planned' | 'active' | 'closed',
  ip: string | null,
) {
  await deps.database.db.transaction(async (tx) => {
    const { campaign: before, path } = await lockCampaign(tx, principal, id);
    if (before.status === 'closed') throw conflict('status_not_allowed', 'The campaign is closed');
    const [after] = await tx
      .update(educationCampaigns)
      .set({ status, updatedAt: sql`now()` })
      .where(eq(educationCampaigns.id, id))
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'update', entityType: 'education_campaign', entityId: id, before, after });
    await publishLive(tx, { topic: 'education', id, action: 'campaign', right: 'education.read', jurisdictionPath: path });
  });
  return getCampaignFor(deps, principal, id);
}

/** Records an event of a campaign and its reach (people reached, materials handed out). */
export async function recordEventAs(
  deps: EducationDeps,
  principal: Principal,
  id: string,
  input: z.infer<typeof EventCreateSchema>,
  ip: string | null,
) {
  await deps.database.db.transaction(async (tx) => {
    const { campaign, path } = await lockCampaign(tx, principal, id);
    if (campaign.status === 'closed') throw conflict('status_not_allowed', 'The campaign is closed');
    if (input.heldOn > districtToday(nowOf(deps)))
      throw validationFailed([{ path: 'heldOn', message: 'Record events that took place (today or earlier)' }]);
    if (input.heldOn < campaign.startsOn || input.heldOn > campaign.endsOn) {
      throw validationFailed([{ path: 'heldOn', message: `Within the campaign (${campaign.startsOn} – ${campaign.endsOn})` }]);
    }
    const place = await placeIn(tx, principal, input.jurisdictionId);
    if (input.materialId) {
      const [m] = await tx
        .select({ id: educationMaterials.id })
        .from(educationMaterials)
        .where(eq(educationMaterials.id, input.materialId));
      if (!m) throw validationFailed([{ path: 'materialId', message: 'Unknown material' }]);
    }
    const [row] = await tx
      .insert(educationEvents)
      .values({ ...input, campaignId: id, jurisdictionId: place.id, materialId: input.materialId ?? null, recordedBy: principal.id })
      .returning();
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'education_event', entityId: row!.id, after: row });
    await publishLive(tx, { topic: 'education', id, action: 'event', right: 'education.read', jurisdictionPath: path });
  });
  return getCampaignFor(deps, principal, id);
}

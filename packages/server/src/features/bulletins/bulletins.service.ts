/**
 * Rules of bulletins (docs/disclosure.md). Each method asks first for the right it needs — bulletins.read to read,
 * bulletins.draft to draft, edit, submit, publish an approved version and propose a correction, bulletins.approve
 * to approve, return and withdraw — over the bulletin's area (404 outside it). Every change is one transaction with
 * its audit record, its workflow event, a live event (topic 'bulletins') and the notifications of the step.
 *
 * Workflow of one version: draft → in_review → approved → (scheduled →) published → superseded (by its published
 * correction) | withdrawn; in_review → draft (returned). Four eyes: whoever drafted or edited a version never
 * approves it (409 four_eyes; the database refuses it too). The guard (guard.ts) runs at submission and again at
 * publication, server-side: a text with personal data is refused (409 personal_data_found, details.findings).
 */
import { and, asc, count, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { holdersOf } from '../../platform/auth/holders.ts';
import { hasRight, inScope, pathInScope, type Principal, type Scope, scopeFor } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions, users } from '../../platform/db/platform.tables.ts';
import { conflict, forbidden, notFound, validationFailed } from '../../platform/errors.ts';
import { publishLive } from '../../platform/live/live.ts';
import { districtToday } from '../../platform/time/district-time.ts';
import { notify } from '../notifications/index.ts';
import { publicFiguresOf, takeFigures } from './bulletins.figures.ts';
import type { BulletinCreate, BulletinPatch } from './bulletins.schema.ts';
import { type BulletinEvent, type BulletinStatus, bulletinEvents, bulletins, type RiskGeometry, riskAreas } from './bulletins.tables.ts';
import { dailyText, templateText } from './bulletins.templates.ts';
import { type Finding, personalDataIn } from './guard.ts';
import { roundedGeometry } from './risk-shapes.ts';
import { copyImages, imagesOf, imageTextsOf, imageView } from './images.service.ts';
import { invalidatePublicCache } from './public.cache.ts';
import { DEFAULT_K } from './suppression.ts';

export type BulletinRow = typeof bulletins.$inferSelect;
type Action = 'edit' | 'refresh' | 'submit' | 'return' | 'approve' | 'publish' | 'correct' | 'withdraw';

const drafter = alias(users, 'drafter');
const approver = alias(users, 'approver');
const iso = (d: Date | null) => (d ? d.toISOString() : null);

// ── reads ──────────────────────────────────────────────────────────────────────────────────────────

const summaryColumns = {
  row: bulletins,
  jurisdictionName: jurisdictions.name,
  jurisdictionNameEn: jurisdictions.nameEn,
  jurisdictionPath: jurisdictions.path,
  draftedByName: drafter.displayName,
  approvedByName: approver.displayName,
};

function summaryOf(r: {
  row: BulletinRow;
  jurisdictionName: string;
  jurisdictionNameEn: string;
  draftedByName: string;
  approvedByName: string | null;
}) {
  const b = r.row;
  return {
    id: b.id,
    seriesId: b.seriesId,
    version: b.version,
    kind: b.kind,
    status: b.status,
    title: b.title,
    titleEn: b.titleEn,
    jurisdictionId: b.jurisdictionId,
    jurisdictionName: r.jurisdictionName,
    jurisdictionNameEn: r.jurisdictionNameEn,
    figuresDate: b.figuresDate,
    publishAt: iso(b.publishAt),
    publishedAt: iso(b.publishedAt),
    draftedBy: b.draftedBy,
    draftedByName: r.draftedByName,
    approvedByName: r.approvedByName ?? null,
    updatedAt: b.updatedAt.toISOString(),
  };
}

function selectSummaries(db: Executor) {
  return db
    .select(summaryColumns)
    .from(bulletins)
    .innerJoin(jurisdictions, eq(jurisdictions.id, bulletins.jurisdictionId))
    .innerJoin(drafter, eq(drafter.id, bulletins.draftedBy))
    .leftJoin(approver, eq(approver.id, bulletins.approvedBy));
}

export async function listBulletinsFor(
  database: Database,
  principal: Principal,
  q: { status?: BulletinStatus; kind?: BulletinRow['kind']; page: number; pageSize: number },
) {
  const scope = scopeFor(principal, 'bulletins.read');
  const where = and(
    inScope(scope, bulletins.jurisdictionId),
    q.status ? eq(bulletins.status, q.status) : undefined,
    q.kind ? eq(bulletins.kind, q.kind) : undefined,
  );
  const [rows, [total]] = await Promise.all([
    selectSummaries(database.db)
      .where(where)
      .orderBy(desc(bulletins.updatedAt))
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize),
    database.db.select({ n: count() }).from(bulletins).where(where),
  ]);
  return { items: rows.map(summaryOf), total: Number(total?.n ?? 0) };
}

async function findRow(db: Executor, scope: Scope, id: string, forUpdate = false): Promise<BulletinRow | null> {
  const q = db
    .select()
    .from(bulletins)
    .where(and(eq(bulletins.id, id), inScope(scope, bulletins.jurisdictionId)));
  const [row] = forUpdate ? await q.for('update', { of: bulletins }) : await q;
  return row ?? null;
}

/** Risk areas of a bulletin (with the area's names and outline). */
export async function riskAreasOf(db: Executor, bulletinIds: string[]) {
  if (bulletinIds.length === 0) return [];
  const rows = await db
    .select({
      r: riskAreas,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      areaLevel: jurisdictions.level,
      areaGeometry: jurisdictions.geometry,
    })
    .from(riskAreas)
    .innerJoin(jurisdictions, eq(jurisdictions.id, riskAreas.jurisdictionId))
    .where(inArray(riskAreas.bulletinId, bulletinIds))
    .orderBy(asc(riskAreas.level), asc(jurisdictions.code), asc(riskAreas.createdAt));
  return rows.map(riskAreaView);
}

/** An outline the portal can draw (a Polygon or MultiPolygon; anything else is left out). */
export const drawable = (g: unknown): RiskGeometry | null => {
  const t = (g as { type?: string } | null)?.type;
  return t === 'Polygon' || t === 'MultiPolygon' ? roundedGeometry(g as RiskGeometry) : null;
};

export function riskAreaView(x: {
  r: typeof riskAreas.$inferSelect;
  name: string;
  nameEn: string;
  areaLevel: string;
  areaGeometry?: unknown;
}) {
  const drawn = x.r.geometry !== null;
  return {
    id: x.r.id,
    jurisdictionId: x.r.jurisdictionId,
    name: x.r.placeName ?? x.name,
    nameEn: x.r.placeName ? (x.r.placeNameEn ?? x.r.placeName) : x.nameEn,
    level: x.r.level,
    areaLevel: x.areaLevel,
    startsOn: x.r.startsOn,
    endsOn: x.r.endsOn,
    note: x.r.note,
    noteEn: x.r.noteEn,
    bulletinId: x.r.bulletinId,
    drawn,
    geometry: drawn ? drawable(x.r.geometry) : drawable(x.areaGeometry),
  };
}

function actionsOf(principal: Principal, b: BulletinRow, authors: Set<string>, openInSeries: boolean): Action[] {
  const draft = hasRight(principal, 'bulletins.draft');
  const approve = hasRight(principal, 'bulletins.approve');
  const out: Action[] = [];
  if (b.status === 'draft' && draft) out.push('edit', ...(b.kind === 'daily' ? (['refresh'] as const) : []), 'submit');
  if (b.status === 'in_review' && approve) {
    out.push('return');
    if (!authors.has(principal.id)) out.push('approve');
  }
  if ((b.status === 'approved' || b.status === 'scheduled') && (draft || approve)) out.push('publish');
  if (b.status === 'published') {
    if (draft && !openInSeries) out.push('correct');
    if (approve) out.push('withdraw');
  }
  return out;
}

/** Who wrote a version: its drafter and whoever edited or submitted it (never its approver). */
async function authorsOf(db: Executor, b: BulletinRow): Promise<Set<string>> {
  const rows = await db
    .select({ actorId: bulletinEvents.actorId })
    .from(bulletinEvents)
    .where(and(eq(bulletinEvents.bulletinId, b.id), inArray(bulletinEvents.event, ['drafted', 'submitted'])));
  return new Set([b.draftedBy, ...rows.map((r) => r.actorId).filter((x): x is string => x !== null)]);
}

export async function getBulletinFor(database: Database, principal: Principal, id: string) {
  const scope = scopeFor(principal, 'bulletins.read');
  return detailOf(database.db, principal, scope, id);
}

async function detailOf(db: Executor, principal: Principal, scope: Scope, id: string) {
  const [r] = await selectSummaries(db).where(and(eq(bulletins.id, id), inScope(scope, bulletins.jurisdictionId)));
  if (!r) throw notFound('bulletin');
  const b = r.row;
  const [events, versions, areas, authors, images] = await Promise.all([
    db
      .select({ event: bulletinEvents.event, actorName: users.displayName, comment: bulletinEvents.comment, at: bulletinEvents.at })
      .from(bulletinEvents)
      .leftJoin(users, eq(users.id, bulletinEvents.actorId))
      .where(eq(bulletinEvents.bulletinId, b.id))
      .orderBy(asc(bulletinEvents.at)),
    db
      .select({ id: bulletins.id, version: bulletins.version, status: bulletins.status, publishedAt: bulletins.publishedAt })
      .from(bulletins)
      .where(eq(bulletins.seriesId, b.seriesId))
      .orderBy(asc(bulletins.version)),
    riskAreasOf(db, [b.id]),
    authorsOf(db, b),
    imagesOf(db, [b.id]),
  ]);
  const openInSeries = versions.some((v) => v.id !== b.id && ['draft', 'in_review', 'approved', 'scheduled'].includes(v.status));
  return {
    ...summaryOf(r),
    body: b.body,
    bodyEn: b.bodyEn,
    diseaseId: b.diseaseId,
    suppressionK: b.suppressionK,
    correctionNote: b.correctionNote,
    correctionNoteEn: b.correctionNoteEn,
    withdrawnAt: iso(b.withdrawnAt),
    withdrawnReason: b.withdrawnReason,
    approvedAt: iso(b.approvedAt),
    figures: b.figures ?? null,
    publicFigures: b.kind === 'daily' ? publicFiguresOf(b.figures, b.suppressionK) : null,
    riskAreas: areas,
    images: (images.get(b.id) ?? []).map(imageView),
    events: events.map((e) => ({ event: e.event, actorName: e.actorName ?? null, comment: e.comment, at: e.at.toISOString() })),
    versions: versions.map((v) => ({ id: v.id, version: v.version, status: v.status, publishedAt: iso(v.publishedAt) })),
    actions: actionsOf(principal, b, authors, openInSeries),
  };
}
export type BulletinView = Awaited<ReturnType<typeof getBulletinFor>>;

// ── the guard ─────────────────────────────────────────────────────────────────────────────────────

/** Every text of a version the public will read: its own and its risk areas' notes. */
async function publicTextsOf(
  db: Executor,
  b: Pick<BulletinRow, 'id' | 'title' | 'titleEn' | 'body' | 'bodyEn' | 'correctionNote' | 'correctionNoteEn'>,
) {
  const areas = await db
    .select({
      id: riskAreas.id,
      note: riskAreas.note,
      noteEn: riskAreas.noteEn,
      placeName: riskAreas.placeName,
      placeNameEn: riskAreas.placeNameEn,
    })
    .from(riskAreas)
    .where(eq(riskAreas.bulletinId, b.id));
  const texts: Record<string, string | null> = {
    title: b.title,
    titleEn: b.titleEn,
    body: b.body,
    bodyEn: b.bodyEn,
    correctionNote: b.correctionNote,
    correctionNoteEn: b.correctionNoteEn,
  };
  for (const a of areas) {
    texts[`riskAreas.${a.id}.note`] = a.note;
    texts[`riskAreas.${a.id}.noteEn`] = a.noteEn;
    texts[`riskAreas.${a.id}.placeName`] = a.placeName;
    texts[`riskAreas.${a.id}.placeNameEn`] = a.placeNameEn;
  }
  return { ...texts, ...(await imageTextsOf(db, b.id)) };
}

function refuse(findings: Finding[]): never {
  throw conflict('personal_data_found', 'The text contains personal data: remove it before it is published', { findings });
}

/** Checks texts without saving (the editor's "check" button): the findings, empty when clean. */
export async function checkTextsAs(database: Database, principal: Principal, texts: Record<string, string | null | undefined>) {
  scopeFor(principal, 'bulletins.draft');
  return { findings: await personalDataIn(database.db, texts) };
}

// ── writes ────────────────────────────────────────────────────────────────────────────────────────

async function record(tx: Tx, b: BulletinRow, event: BulletinEvent, actorId: string | null, comment = '') {
  await tx.insert(bulletinEvents).values({ bulletinId: b.id, event, actorId, comment });
}

async function areaOf(db: Executor, id: string) {
  const [row] = await db
    .select({
      id: jurisdictions.id,
      name: jurisdictions.name,
      nameEn: jurisdictions.nameEn,
      path: jurisdictions.path,
      level: jurisdictions.level,
    })
    .from(jurisdictions)
    .where(eq(jurisdictions.id, id));
  return row ?? null;
}

async function live(tx: Tx, b: BulletinRow, action: string) {
  const area = await areaOf(tx, b.jurisdictionId);
  await publishLive(tx, { topic: 'bulletins', id: b.id, action, right: 'bulletins.read', jurisdictionPath: area?.path ?? '/' });
}

const actorOf = (p: Principal) => ({ id: p.id, username: p.username });
/** What an audit record keeps of a version (the figures snapshot is large and derived: left out). */
const auditView = (b: BulletinRow) => ({ ...b, figures: b.figures ? '(snapshot)' : null });

export async function createBulletinAs(database: Database, principal: Principal, input: BulletinCreate, ip?: string, now = new Date()) {
  const scope = scopeFor(principal, 'bulletins.draft');
  const area = await areaOf(database.db, input.jurisdictionId);
  if (!area || !pathInScope(scope, area.path)) throw notFound('jurisdiction');
  const k = input.suppressionK ?? DEFAULT_K;
  let figures = null;
  let text: { title: string; titleEn: string | null; body: string; bodyEn: string | null };
  if (input.kind === 'daily') {
    if (!input.figuresDate) throw validationFailed([{ path: 'figuresDate', message: 'Daily figures need the day they are for' }]);
    if (input.figuresDate > districtToday(now)) throw validationFailed([{ path: 'figuresDate', message: 'The day has not come yet' }]);
    figures = await takeFigures(database.db, {
      areaId: area.id,
      diseaseId: input.diseaseId ?? null,
      date: input.figuresDate,
      cumulativeFrom: input.cumulativeFrom,
    });
    if (!figures) throw validationFailed([{ path: 'diseaseId', message: 'Unknown disease' }]);
    text = dailyText(figures, k);
  } else {
    text = templateText(input.kind, area, input.figuresDate ?? districtToday(now));
  }
  return database.db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    const [row] = await tx
      .insert(bulletins)
      .values({
        id,
        seriesId: id,
        version: 1,
        jurisdictionId: area.id,
        kind: input.kind,
        title: input.title ?? text.title,
        titleEn: input.titleEn !== undefined ? input.titleEn : text.titleEn,
        body: input.body ?? text.body,
        bodyEn: input.bodyEn !== undefined ? input.bodyEn : text.bodyEn,
        figuresDate: input.figuresDate ?? null,
        diseaseId: input.kind === 'daily' ? (input.diseaseId ?? null) : null,
        figures,
        suppressionK: k,
        draftedBy: principal.id,
      })
      .returning();
    await record(tx, row!, 'drafted', principal.id);
    await audit(tx, { actor: actorOf(principal), ip, action: 'create', entityType: 'bulletin', entityId: id, after: auditView(row!) });
    await live(tx, row!, 'created');
    return detailOf(tx, principal, scope, id);
  });
}

export async function updateBulletinAs(database: Database, principal: Principal, id: string, patch: BulletinPatch, ip?: string) {
  const scope = scopeFor(principal, 'bulletins.draft');
  return database.db.transaction(async (tx) => {
    const before = await findRow(tx, scope, id, true);
    if (!before) throw notFound('bulletin');
    if (before.status !== 'draft')
      throw conflict('status_not_allowed', 'Only a draft is edited', { status: before.status, allowed: ['draft'] });
    if (new Date(patch.updatedAt).getTime() !== before.updatedAt.getTime())
      throw conflict('stale_version', 'Someone saved the bulletin in between: reload it');
    if (before.version > 1 && patch.correctionNote === null)
      throw validationFailed([{ path: 'correctionNote', message: 'A correction says what it changes' }]);
    const { updatedAt: _ignored, ...changes } = patch;
    const [after] = await tx
      .update(bulletins)
      .set({ ...changes, updatedAt: new Date() })
      .where(eq(bulletins.id, id))
      .returning();
    const authors = await authorsOf(tx, before);
    if (!authors.has(principal.id)) await record(tx, after!, 'drafted', principal.id, 'edited');
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'bulletin',
      entityId: id,
      before: auditView(before),
      after: auditView(after!),
    });
    await live(tx, after!, 'updated');
    return detailOf(tx, principal, scope, id);
  });
}

/** Takes the daily figures again from the data (a draft only). */
export async function refreshFiguresAs(database: Database, principal: Principal, id: string, ip?: string) {
  const scope = scopeFor(principal, 'bulletins.draft');
  return database.db.transaction(async (tx) => {
    const before = await findRow(tx, scope, id, true);
    if (!before) throw notFound('bulletin');
    if (before.status !== 'draft' || before.kind !== 'daily' || !before.figuresDate)
      throw conflict('status_not_allowed', 'Only the figures of a daily draft are taken again', {
        status: before.status,
        allowed: ['draft'],
      });
    const prior = before.figures as { cumulativeFrom?: string } | null;
    const figures = await takeFigures(tx, {
      areaId: before.jurisdictionId,
      diseaseId: before.diseaseId,
      date: before.figuresDate,
      cumulativeFrom: prior?.cumulativeFrom,
    });
    const [after] = await tx.update(bulletins).set({ figures, updatedAt: new Date() }).where(eq(bulletins.id, id)).returning();
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'refresh_figures',
      entityType: 'bulletin',
      entityId: id,
      before: auditView(before),
      after: auditView(after!),
    });
    await live(tx, after!, 'updated');
    return detailOf(tx, principal, scope, id);
  });
}

interface Step {
  right: 'bulletins.draft' | 'bulletins.approve';
  from: BulletinStatus[];
  event: BulletinEvent;
  comment?: string;
  commentRequired?: boolean;
  apply: (tx: Tx, before: BulletinRow, now: Date) => Promise<Partial<typeof bulletins.$inferInsert>>;
  tell?: (tx: Tx, after: BulletinRow) => Promise<void>;
  afterCommit?: (after: BulletinRow) => void;
}

async function step(database: Database, principal: Principal, id: string, s: Step, ip?: string, now = new Date()) {
  const scope = scopeFor(principal, s.right);
  if (s.commentRequired && !s.comment?.trim()) throw validationFailed([{ path: 'comment', message: 'Say why' }]);
  let saved: BulletinRow | undefined;
  const view = await database.db.transaction(async (tx) => {
    const before = await findRow(tx, scope, id, true);
    if (!before) throw notFound('bulletin');
    if (!s.from.includes(before.status))
      throw conflict('status_not_allowed', `A ${before.status} bulletin cannot be ${s.event}`, { status: before.status, allowed: s.from });
    const changes = await s.apply(tx, before, now);
    const [after] = await tx
      .update(bulletins)
      .set({ ...changes, updatedAt: now })
      .where(eq(bulletins.id, id))
      .returning();
    saved = after!;
    await record(tx, after!, (changes.status === 'scheduled' ? 'scheduled' : s.event) as BulletinEvent, principal.id, s.comment ?? '');
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: s.event,
      entityType: 'bulletin',
      entityId: id,
      before: auditView(before),
      after: auditView(after!),
    });
    await live(tx, after!, s.event);
    if (s.tell) await s.tell(tx, after!);
    return detailOf(tx, principal, scopeFor(principal, 'bulletins.read'), id);
  });
  if (saved && s.afterCommit) s.afterCommit(saved);
  return view;
}

const link = (b: BulletinRow) => `/bulletins/${b.id}`;

async function tellAuthors(tx: Tx, b: BulletinRow, principal: Principal | null, kind: string, zh: string, en: string, body = '') {
  const authors = [...(await authorsOf(tx, b))];
  await notify(tx, {
    recipients: { userIds: authors.filter((u) => u !== principal?.id) },
    kind,
    severity: kind.endsWith('returned') || kind.endsWith('refused') ? 'warning' : 'info',
    title: `${zh}：${b.title}`,
    titleEn: `${en}: ${b.titleEn ?? b.title}`,
    body,
    bodyEn: body,
    link: link(b),
    entity: { type: 'bulletin', id: b.id },
    actorId: principal?.id ?? null,
  });
}

export const submitBulletinAs = (database: Database, principal: Principal, id: string, comment?: string, ip?: string) =>
  step(
    database,
    principal,
    id,
    {
      right: 'bulletins.draft',
      from: ['draft'],
      event: 'submitted',
      comment,
      apply: async (tx, before) => {
        if (before.version > 1 && !before.correctionNote?.trim())
          throw validationFailed([{ path: 'correctionNote', message: 'A correction says what it changes' }]);
        const findings = await personalDataIn(tx, await publicTextsOf(tx, before));
        if (findings.length > 0) refuse(findings);
        return { status: 'in_review' };
      },
      tell: async (tx, after) => {
        const authors = await authorsOf(tx, after);
        const approvers = (await holdersOf(tx, 'bulletins.approve', after.jurisdictionId)).filter((u) => !authors.has(u));
        if (approvers.length === 0) return;
        await notify(tx, {
          recipients: { userIds: approvers },
          kind: 'bulletin.submitted',
          severity: 'warning',
          title: `信息发布待审核：${after.title}`,
          titleEn: `Bulletin awaiting approval: ${after.titleEn ?? after.title}`,
          body: comment ?? '',
          bodyEn: comment ?? '',
          link: link(after),
          entity: { type: 'bulletin', id: after.id },
          actorId: principal.id,
        });
      },
    },
    ip,
  );

export const returnBulletinAs = (database: Database, principal: Principal, id: string, comment?: string, ip?: string) =>
  step(
    database,
    principal,
    id,
    {
      right: 'bulletins.approve',
      from: ['in_review'],
      event: 'returned',
      comment,
      commentRequired: true,
      apply: async () => ({ status: 'draft' }),
      tell: (tx, after) => tellAuthors(tx, after, principal, 'bulletin.returned', '信息发布被退回修改', 'Bulletin returned', comment ?? ''),
    },
    ip,
  );

export const approveBulletinAs = (database: Database, principal: Principal, id: string, comment?: string, ip?: string) =>
  step(
    database,
    principal,
    id,
    {
      right: 'bulletins.approve',
      from: ['in_review'],
      event: 'approved',
      comment,
      apply: async (tx, before, now) => {
        if ((await authorsOf(tx, before)).has(principal.id)) throw conflict('four_eyes', 'Whoever wrote a bulletin does not approve it');
        return { status: 'approved', approvedBy: principal.id, approvedAt: now };
      },
      tell: (tx, after) =>
        tellAuthors(
          tx,
          after,
          principal,
          'bulletin.approved',
          '信息发布已批准，可以发布',
          'Bulletin approved: ready to publish',
          comment ?? '',
        ),
    },
    ip,
  );

/** Publishes an approved version now (or schedules it at `at`); the guard runs again first. */
export async function publishBulletinAs(database: Database, principal: Principal, id: string, at?: string, ip?: string, now = new Date()) {
  const right = hasRight(principal, 'bulletins.draft') ? 'bulletins.draft' : 'bulletins.approve';
  const when = at ? new Date(at) : null;
  const later = when !== null && when.getTime() > now.getTime() + 30_000;
  return step(
    database,
    principal,
    id,
    {
      right,
      from: ['approved', 'scheduled'],
      event: 'published',
      apply: async (tx, before, t) => {
        const findings = await personalDataIn(tx, await publicTextsOf(tx, before));
        if (findings.length > 0) refuse(findings);
        if (later) return { status: 'scheduled', publishAt: when, publishedBy: principal.id };
        await supersedePrevious(tx, before, t);
        return { status: 'published', publishAt: null, publishedAt: t, publishedBy: principal.id };
      },
      tell: async (tx, after) => {
        if (after.status === 'published') await tellPublished(tx, after, principal);
      },
      afterCommit: (after) => {
        if (after.status === 'published') invalidatePublicCache();
      },
    },
    ip,
    now,
  );
}

async function supersedePrevious(tx: Tx, b: BulletinRow, now: Date) {
  if (b.version === 1) return;
  await tx
    .update(bulletins)
    .set({ status: 'superseded', updatedAt: now })
    .where(and(eq(bulletins.seriesId, b.seriesId), eq(bulletins.status, 'published'), sql`${bulletins.version} < ${b.version}`));
}

async function tellPublished(tx: Tx, b: BulletinRow, principal: Principal | null) {
  await notify(tx, {
    recipients: { right: 'bulletins.read', jurisdictionId: b.jurisdictionId },
    kind: 'bulletin.published',
    title: `已发布：${b.title}`,
    titleEn: `Published: ${b.titleEn ?? b.title}`,
    link: link(b),
    entity: { type: 'bulletin', id: b.id },
    actorId: principal?.id ?? null,
  });
}

export const withdrawBulletinAs = (database: Database, principal: Principal, id: string, reason: string, ip?: string) =>
  step(
    database,
    principal,
    id,
    {
      right: 'bulletins.approve',
      from: ['published'],
      event: 'withdrawn',
      comment: reason,
      commentRequired: true,
      apply: async (_tx, _b, now) => ({ status: 'withdrawn', withdrawnAt: now, withdrawnReason: reason, withdrawnBy: principal.id }),
      tell: async (tx, after) => {
        await notify(tx, {
          recipients: { right: 'bulletins.read', jurisdictionId: after.jurisdictionId },
          kind: 'bulletin.withdrawn',
          severity: 'warning',
          title: `已撤回：${after.title}`,
          titleEn: `Withdrawn: ${after.titleEn ?? after.title}`,
          body: reason,
          bodyEn: reason,
          link: link(after),
          entity: { type: 'bulletin', id: after.id },
          actorId: principal.id,
        });
      },
      afterCommit: () => invalidatePublicCache(),
    },
    ip,
  );

/** Starts a correction of a published version: a new draft version of the series with the correction note. */
export async function correctBulletinAs(
  database: Database,
  principal: Principal,
  id: string,
  input: { correctionNote: string; correctionNoteEn?: string | null },
  ip?: string,
) {
  const scope = scopeFor(principal, 'bulletins.draft');
  return database.db.transaction(async (tx) => {
    const before = await findRow(tx, scope, id, true);
    if (!before) throw notFound('bulletin');
    if (before.status !== 'published') throw conflict('not_published', 'Only a published bulletin is corrected', { status: before.status });
    const [open] = await tx
      .select({ id: bulletins.id })
      .from(bulletins)
      .where(and(eq(bulletins.seriesId, before.seriesId), inArray(bulletins.status, ['draft', 'in_review', 'approved', 'scheduled'])));
    if (open) throw conflict('correction_in_progress', 'A correction of this bulletin is already in progress', { id: open.id });
    const newId = crypto.randomUUID();
    const [row] = await tx
      .insert(bulletins)
      .values({
        id: newId,
        seriesId: before.seriesId,
        version: before.version + 1,
        jurisdictionId: before.jurisdictionId,
        kind: before.kind,
        title: before.title,
        titleEn: before.titleEn,
        body: before.body,
        bodyEn: before.bodyEn,
        figuresDate: before.figuresDate,
        diseaseId: before.diseaseId,
        figures: before.figures,
        suppressionK: before.suppressionK,
        correctionNote: input.correctionNote,
        correctionNoteEn: input.correctionNoteEn ?? null,
        draftedBy: principal.id,
      })
      .returning();
    const areas = await tx.select().from(riskAreas).where(eq(riskAreas.bulletinId, before.id));
    if (areas.length > 0) {
      await tx
        .insert(riskAreas)
        .values(areas.map(({ id: _id, createdAt: _c, updatedAt: _u, ...a }) => ({ ...a, bulletinId: newId, createdBy: principal.id })));
    }
    await copyImages(tx, before.id, newId, principal.id);
    await record(tx, row!, 'drafted', principal.id, `correction of version ${before.version}`);
    await record(tx, before, 'corrected', principal.id, input.correctionNote);
    await audit(tx, { actor: actorOf(principal), ip, action: 'correct', entityType: 'bulletin', entityId: newId, after: auditView(row!) });
    await live(tx, row!, 'created');
    return detailOf(tx, principal, scopeFor(principal, 'bulletins.read'), newId);
  });
}

/**
 * The scheduled-publication job's work: publishes every scheduled version due by `now` (the guard runs again; a
 * refused one goes back to approved and its authors are told). Returns the ids published.
 */
export async function publishDueBulletins(database: Database, now: Date): Promise<string[]> {
  const due = await database.db
    .select({ id: bulletins.id })
    .from(bulletins)
    .where(and(eq(bulletins.status, 'scheduled'), lte(bulletins.publishAt, now)))
    .orderBy(asc(bulletins.publishAt));
  const published: string[] = [];
  for (const { id } of due) {
    await database.db.transaction(async (tx) => {
      const [before] = await tx.select().from(bulletins).where(eq(bulletins.id, id)).for('update');
      if (before?.status !== 'scheduled') return;
      const findings = await personalDataIn(tx, await publicTextsOf(tx, before));
      if (findings.length > 0) {
        const [after] = await tx
          .update(bulletins)
          .set({ status: 'approved', publishAt: null, updatedAt: now })
          .where(eq(bulletins.id, id))
          .returning();
        await record(tx, after!, 'guard_refused', null, findings.map((f) => f.kind).join(', '));
        await audit(tx, {
          actor: null,
          action: 'guard_refused',
          entityType: 'bulletin',
          entityId: id,
          before: auditView(before),
          after: auditView(after!),
        });
        await tellAuthors(
          tx,
          after!,
          null,
          'bulletin.guard_refused',
          '定时发布被拦截（含个人信息）',
          'Scheduled publication refused (personal data)',
        );
        return;
      }
      await supersedePrevious(tx, before, now);
      const [after] = await tx
        .update(bulletins)
        .set({ status: 'published', publishedAt: now, publishAt: null, updatedAt: now })
        .where(eq(bulletins.id, id))
        .returning();
      await record(tx, after!, 'published', null, 'scheduled');
      await audit(tx, {
        actor: null,
        action: 'published',
        entityType: 'bulletin',
        entityId: id,
        before: auditView(before),
        after: auditView(after!),
      });
      await live(tx, after!, 'published');
      await tellPublished(tx, after!, null);
      published.push(id);
    });
  }
  if (published.length > 0) invalidatePublicCache();
  return published;
}

/** Throws forbidden unless the principal may act on bulletins at all (for routes that only read lists of places). */
export function requireBulletinRight(principal: Principal) {
  if (!hasRight(principal, 'bulletins.read')) throw forbidden();
}

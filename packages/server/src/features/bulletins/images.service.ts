/**
 * Images of a bulletin (docs/disclosure.md, "Images"): a chart or a poster the press officer attaches to a version.
 * The file is cleaned first (images.sanitise.ts: metadata dropped, re-encoded, bombs refused), outside any
 * transaction; then stored with its alt text in Chinese and English, both required.
 *
 * Like the text, an image belongs to one version and changes only while that version is a draft: the approver sees
 * exactly what will be published (four eyes), and someone who adds or changes an image of another's draft becomes
 * one of its authors (so may not approve it). The guard reads the alt texts with the body. A correction copies the
 * images into the new version. The public gets an image only while its version is published or superseded — never
 * once withdrawn (public.service.ts).
 */
import { and, asc, count, eq, inArray } from 'drizzle-orm';
import { inScope, type Principal, scopeFor } from '../../platform/auth/scope.ts';
import { audit } from '../../platform/audit/audit.ts';
import type { Database, Executor, Tx } from '../../platform/db/database.ts';
import { jurisdictions } from '../../platform/db/platform.tables.ts';
import { conflict, notFound, validationFailed } from '../../platform/errors.ts';
import { sanitiseFilename } from '../../platform/files/attachments.ts';
import { publishLive } from '../../platform/live/live.ts';
import { bulletinEvents, bulletinImages, bulletins } from './bulletins.tables.ts';
import { type ImageLimits, sanitiseImage } from './images.sanitise.ts';

/** Images one version may carry. */
export const MAX_IMAGES_PER_BULLETIN = 8;

const viewColumns = {
  id: bulletinImages.id,
  bulletinId: bulletinImages.bulletinId,
  position: bulletinImages.position,
  alt: bulletinImages.alt,
  altEn: bulletinImages.altEn,
  contentType: bulletinImages.contentType,
  width: bulletinImages.width,
  height: bulletinImages.height,
  size: bulletinImages.size,
  sha256: bulletinImages.sha256,
  filename: bulletinImages.filename,
};
type ImageRow = { [K in keyof typeof viewColumns]: (typeof bulletinImages.$inferSelect)[K] };

/** What staff see of an image (never its bytes): `url` serves it to a signed-in reader. */
export function imageView(r: ImageRow) {
  return {
    id: r.id,
    position: r.position,
    alt: r.alt,
    altEn: r.altEn,
    contentType: r.contentType,
    width: r.width,
    height: r.height,
    size: r.size,
    filename: r.filename,
    url: `/api/bulletins/${r.bulletinId}/images/${r.id}`,
  };
}
export type BulletinImageView = ReturnType<typeof imageView>;

/** The images of some versions, in their order. */
export async function imagesOf(db: Executor, bulletinIds: string[]): Promise<Map<string, ImageRow[]>> {
  const out = new Map<string, ImageRow[]>();
  if (bulletinIds.length === 0) return out;
  const rows = await db
    .select(viewColumns)
    .from(bulletinImages)
    .where(inArray(bulletinImages.bulletinId, bulletinIds))
    .orderBy(asc(bulletinImages.position), asc(bulletinImages.createdAt));
  for (const r of rows) out.set(r.bulletinId, [...(out.get(r.bulletinId) ?? []), r]);
  return out;
}

/** The alt texts of a version, for the guard (keys name the image). */
export async function imageTextsOf(db: Executor, bulletinId: string): Promise<Record<string, string>> {
  const rows = await db
    .select({ id: bulletinImages.id, alt: bulletinImages.alt, altEn: bulletinImages.altEn })
    .from(bulletinImages)
    .where(eq(bulletinImages.bulletinId, bulletinId));
  const texts: Record<string, string> = {};
  for (const r of rows) {
    texts[`images.${r.id}.alt`] = r.alt;
    texts[`images.${r.id}.altEn`] = r.altEn;
  }
  return texts;
}

/** Copies a version's images into its correction (same bytes, same alt texts). */
export async function copyImages(tx: Tx, fromId: string, toId: string, actorId: string): Promise<void> {
  const rows = await tx.select().from(bulletinImages).where(eq(bulletinImages.bulletinId, fromId));
  if (rows.length === 0) return;
  await tx
    .insert(bulletinImages)
    .values(rows.map(({ id: _i, createdAt: _c, updatedAt: _u, ...r }) => ({ ...r, bulletinId: toId, uploadedBy: actorId })));
}

const actorOf = (p: Principal) => ({ id: p.id, username: p.username });
const auditOf = ({ content: _c, ...r }: typeof bulletinImages.$inferSelect) => r;

/** The draft version in the drafter's scope, locked; 404 outside it, 409 past its draft. */
async function draftForImages(tx: Tx, principal: Principal, bulletinId: string) {
  const scope = scopeFor(principal, 'bulletins.draft');
  const [b] = await tx
    .select({ id: bulletins.id, status: bulletins.status, jurisdictionId: bulletins.jurisdictionId, draftedBy: bulletins.draftedBy })
    .from(bulletins)
    .where(and(eq(bulletins.id, bulletinId), inScope(scope, bulletins.jurisdictionId)))
    .for('update');
  if (!b) throw notFound('bulletin');
  if (b.status !== 'draft')
    throw conflict('status_not_allowed', 'Images are changed only while the bulletin is a draft', { status: b.status, allowed: ['draft'] });
  return b;
}

/** Whoever changes an image of another's draft becomes one of its authors (four eyes: may not approve it). */
async function markAuthor(tx: Tx, b: { id: string; draftedBy: string }, principal: Principal, what: string) {
  if (b.draftedBy === principal.id) return;
  const [already] = await tx
    .select({ n: count() })
    .from(bulletinEvents)
    .where(and(eq(bulletinEvents.bulletinId, b.id), eq(bulletinEvents.actorId, principal.id), eq(bulletinEvents.event, 'drafted')));
  if (Number(already?.n ?? 0) === 0)
    await tx.insert(bulletinEvents).values({ bulletinId: b.id, event: 'drafted', actorId: principal.id, comment: what });
}

async function live(tx: Tx, jurisdictionId: string, bulletinId: string) {
  const [area] = await tx.select({ path: jurisdictions.path }).from(jurisdictions).where(eq(jurisdictions.id, jurisdictionId));
  await publishLive(tx, {
    topic: 'bulletins',
    id: bulletinId,
    action: 'updated',
    right: 'bulletins.read',
    jurisdictionPath: area?.path ?? '/',
  });
}

function checkAlt(alt: string | undefined, altEn: string | undefined) {
  const problems: { path: string; message: string }[] = [];
  if (alt !== undefined && (alt.trim() === '' || alt.length > 300))
    problems.push({ path: 'alt', message: 'Describe the image in Chinese (1–300 characters): it is read to people who cannot see it' });
  if (altEn !== undefined && (altEn.trim() === '' || altEn.length > 500))
    problems.push({ path: 'altEn', message: 'Describe the image in English (1–500 characters)' });
  if (problems.length > 0) throw validationFailed(problems);
}

/** Throws 403 unless the principal may draft bulletins (checked before an upload is read). */
export function requireImageDrafter(principal: Principal): void {
  scopeFor(principal, 'bulletins.draft');
}

export async function addImageAs(
  database: Database,
  principal: Principal,
  bulletinId: string,
  input: { filename: string; bytes: Uint8Array; alt: string; altEn: string },
  ip?: string,
  limits: Partial<ImageLimits> = {},
): Promise<BulletinImageView> {
  scopeFor(principal, 'bulletins.draft');
  checkAlt(input.alt, input.altEn);
  // cheap refusals before the image is decoded: the version exists, is a draft in scope, has room
  await database.db.transaction(async (tx) => {
    const b = await draftForImages(tx, principal, bulletinId);
    const [n] = await tx.select({ n: count() }).from(bulletinImages).where(eq(bulletinImages.bulletinId, b.id));
    if (Number(n?.n ?? 0) >= MAX_IMAGES_PER_BULLETIN)
      throw conflict('too_many_images', `A bulletin carries at most ${MAX_IMAGES_PER_BULLETIN} images`, { max: MAX_IMAGES_PER_BULLETIN });
  });
  const clean = await sanitiseImage(input.bytes, limits);
  return database.db.transaction(async (tx) => {
    const b = await draftForImages(tx, principal, bulletinId);
    const existing = await tx.select({ position: bulletinImages.position }).from(bulletinImages).where(eq(bulletinImages.bulletinId, b.id));
    if (existing.length >= MAX_IMAGES_PER_BULLETIN)
      throw conflict('too_many_images', `A bulletin carries at most ${MAX_IMAGES_PER_BULLETIN} images`, { max: MAX_IMAGES_PER_BULLETIN });
    const [row] = await tx
      .insert(bulletinImages)
      .values({
        bulletinId: b.id,
        jurisdictionId: b.jurisdictionId,
        position: existing.reduce((m, r) => (r.position >= m ? r.position + 1 : m), 0),
        alt: input.alt.trim(),
        altEn: input.altEn.trim(),
        contentType: clean.contentType,
        width: clean.width,
        height: clean.height,
        size: clean.bytes.length,
        sha256: clean.sha256,
        content: clean.bytes,
        filename: sanitiseFilename(input.filename),
        uploadedBy: principal.id,
      })
      .returning();
    await markAuthor(tx, b, principal, 'image added');
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'create',
      entityType: 'bulletin_image',
      entityId: row!.id,
      after: { ...auditOf(row!), originalSize: input.bytes.length },
    });
    await live(tx, b.jurisdictionId, b.id);
    return imageView(row!);
  });
}

export async function updateImageAs(
  database: Database,
  principal: Principal,
  bulletinId: string,
  imageId: string,
  patch: { alt?: string; altEn?: string; position?: number },
  ip?: string,
): Promise<BulletinImageView> {
  scopeFor(principal, 'bulletins.draft');
  checkAlt(patch.alt, patch.altEn);
  return database.db.transaction(async (tx) => {
    const b = await draftForImages(tx, principal, bulletinId);
    const [before] = await tx
      .select()
      .from(bulletinImages)
      .where(and(eq(bulletinImages.id, imageId), eq(bulletinImages.bulletinId, b.id)));
    if (!before) throw notFound('image');
    const [after] = await tx
      .update(bulletinImages)
      .set({
        ...(patch.alt !== undefined ? { alt: patch.alt.trim() } : {}),
        ...(patch.altEn !== undefined ? { altEn: patch.altEn.trim() } : {}),
        ...(patch.position !== undefined ? { position: patch.position } : {}),
        updatedAt: new Date(),
      })
      .where(eq(bulletinImages.id, imageId))
      .returning();
    await markAuthor(tx, b, principal, 'image edited');
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'update',
      entityType: 'bulletin_image',
      entityId: imageId,
      before: auditOf(before),
      after: auditOf(after!),
    });
    await live(tx, b.jurisdictionId, b.id);
    return imageView(after!);
  });
}

export async function deleteImageAs(database: Database, principal: Principal, bulletinId: string, imageId: string, ip?: string) {
  scopeFor(principal, 'bulletins.draft');
  await database.db.transaction(async (tx) => {
    const b = await draftForImages(tx, principal, bulletinId);
    const [before] = await tx
      .delete(bulletinImages)
      .where(and(eq(bulletinImages.id, imageId), eq(bulletinImages.bulletinId, b.id)))
      .returning();
    if (!before) throw notFound('image');
    await markAuthor(tx, b, principal, 'image removed');
    await audit(tx, {
      actor: actorOf(principal),
      ip,
      action: 'delete',
      entityType: 'bulletin_image',
      entityId: imageId,
      before: auditOf(before),
    });
    await live(tx, b.jurisdictionId, b.id);
  });
}

/** An image for a signed-in reader of the bulletin (any status, in scope). */
export async function readImageFor(database: Database, principal: Principal, bulletinId: string, imageId: string) {
  const scope = scopeFor(principal, 'bulletins.read');
  const [row] = await database.db
    .select({ content: bulletinImages.content, contentType: bulletinImages.contentType, sha256: bulletinImages.sha256 })
    .from(bulletinImages)
    .innerJoin(bulletins, eq(bulletins.id, bulletinImages.bulletinId))
    .where(and(eq(bulletinImages.id, imageId), eq(bulletinImages.bulletinId, bulletinId), inScope(scope, bulletins.jurisdictionId)));
  if (!row) throw notFound('image');
  return row;
}

/** An image the public may see: its version is published or superseded (not withdrawn, not in the workflow). */
export async function readPublicImage(db: Executor, bulletinId: string, imageId: string) {
  const [row] = await db
    .select({ content: bulletinImages.content, contentType: bulletinImages.contentType, sha256: bulletinImages.sha256 })
    .from(bulletinImages)
    .innerJoin(bulletins, eq(bulletins.id, bulletinImages.bulletinId))
    .where(
      and(
        eq(bulletinImages.id, imageId),
        eq(bulletinImages.bulletinId, bulletinId),
        inArray(bulletins.status, ['published', 'superseded']),
      ),
    );
  if (!row) throw notFound('image');
  return row;
}

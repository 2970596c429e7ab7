/**
 * Attachments: files attached to a record (an alert's verification notes, a task's photo or report). Stored in
 * the database (bytea) so that an attachment is written in the same transaction as its record, is covered by
 * backups, and works identically on PGlite and PostgreSQL.
 *
 * Safety: a size limit (ATTACHMENT_LIMIT_BYTES), an allow-list of types checked against the file's leading
 * bytes (a renamed executable is refused whatever its name or declared type), a sanitised file name, and
 * downloads served as attachments with `nosniff`, so a browser never renders an uploaded file as a page.
 *
 * The caller authorises first (the record exists and is in the user's scope), then calls these functions.
 *
 * @example
 * const file = await saveAttachment(tx, { entityType: 'task', entityId: task.id, jurisdictionId: task.jurisdictionId,
 *   filename: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) }, { actor, ip, limitBytes });
 * return attachmentDownload(c, await readAttachment(db, 'task', task.id, fileId));
 */
import { createHash } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { attachments } from '../db/platform.tables.ts';
import { type AuditActor, audit } from '../audit/audit.ts';
import type { Executor, Tx } from '../db/database.ts';
import { notFound, validationFailed } from '../errors.ts';

/** Accepted types: extension → content type and a check of the leading bytes (null: text, checked as UTF-8). */
const TYPES: Record<string, { contentType: string; magic: ((b: Uint8Array) => boolean) | null }> = {
  pdf: { contentType: 'application/pdf', magic: (b) => startsWith(b, [0x25, 0x50, 0x44, 0x46]) },
  png: { contentType: 'image/png', magic: (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47]) },
  jpg: { contentType: 'image/jpeg', magic: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  jpeg: { contentType: 'image/jpeg', magic: (b) => startsWith(b, [0xff, 0xd8, 0xff]) },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', magic: isZip },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', magic: isZip },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', magic: isZip },
  csv: { contentType: 'text/csv', magic: null },
  txt: { contentType: 'text/plain', magic: null },
};

/** Extensions accepted, for messages and the upload control's `accept`. */
export const ATTACHMENT_EXTENSIONS = Object.keys(TYPES);

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((value, i) => bytes[i] === value);
}
function isZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
}
function isUtf8Text(bytes: Uint8Array): boolean {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // control characters other than tab, newline, carriage return and form feed mean binary
    return !/[\u0000-\u0008\u000e-\u001f]/.test(text);
  } catch {
    return false;
  }
}

/** What a client sees of an attachment (never its content). */
export interface AttachmentView {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string | null;
  createdAt: string;
}

type AttachmentRow = typeof attachments.$inferSelect;

function toView(row: Omit<AttachmentRow, 'content'>): AttachmentView {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.contentType,
    size: row.size,
    sha256: row.sha256,
    uploadedBy: row.uploadedBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** A file name safe to store and to send back: no path, no control characters, at most 200 characters. */
export function sanitiseFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const clean = base
    .replace(/[\u0000-\u001f\u007f"<>|:*?]/g, '')
    .trim()
    .replace(/^\.+/, '');
  return clean.slice(-200) || 'file';
}

export interface SaveAttachmentInput {
  entityType: string;
  entityId: string;
  jurisdictionId: string;
  filename: string;
  bytes: Uint8Array;
}

/**
 * Checks and stores one file, audited (the audit record holds the name, size and hash, not the content).
 * Refuses (400 naming the field `file`) an empty or oversize file and any type outside the allow-list.
 */
export async function saveAttachment(
  tx: Tx,
  input: SaveAttachmentInput,
  ctx: { actor: AuditActor; ip?: string | null; limitBytes: number },
): Promise<AttachmentView> {
  const filename = sanitiseFilename(input.filename);
  const extension = filename.includes('.') ? filename.split('.').pop()!.toLowerCase() : '';
  const type = TYPES[extension];
  if (input.bytes.length === 0) throw validationFailed([{ path: 'file', message: 'The file is empty' }]);
  if (input.bytes.length > ctx.limitBytes) {
    throw validationFailed([{ path: 'file', message: `The file is larger than ${Math.floor(ctx.limitBytes / 1024 / 1024)} MB` }]);
  }
  if (!type) {
    throw validationFailed([
      { path: 'file', message: `Files of this type are not accepted (accepted: ${ATTACHMENT_EXTENSIONS.join(', ')})` },
    ]);
  }
  if (type.magic ? !type.magic(input.bytes) : !isUtf8Text(input.bytes)) {
    throw validationFailed([{ path: 'file', message: `The file's content is not a valid .${extension} file` }]);
  }
  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  const [row] = await tx
    .insert(attachments)
    .values({
      entityType: input.entityType,
      entityId: input.entityId,
      jurisdictionId: input.jurisdictionId,
      filename,
      contentType: type.contentType,
      size: input.bytes.length,
      sha256,
      content: input.bytes,
      uploadedBy: ctx.actor.id,
    })
    .returning({
      id: attachments.id,
      entityType: attachments.entityType,
      entityId: attachments.entityId,
      jurisdictionId: attachments.jurisdictionId,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
      sha256: attachments.sha256,
      uploadedBy: attachments.uploadedBy,
      createdAt: attachments.createdAt,
    });
  const view = toView(row!);
  await audit(tx, {
    actor: ctx.actor,
    ip: ctx.ip ?? null,
    action: 'create',
    entityType: 'attachment',
    entityId: view.id,
    after: { ...view, entityType: input.entityType, entityId: input.entityId },
  });
  return view;
}

/** The attachments of one record, oldest first. */
export async function listAttachments(db: Executor, entityType: string, entityId: string): Promise<AttachmentView[]> {
  const rows = await db
    .select({
      id: attachments.id,
      entityType: attachments.entityType,
      entityId: attachments.entityId,
      jurisdictionId: attachments.jurisdictionId,
      filename: attachments.filename,
      contentType: attachments.contentType,
      size: attachments.size,
      sha256: attachments.sha256,
      uploadedBy: attachments.uploadedBy,
      createdAt: attachments.createdAt,
    })
    .from(attachments)
    .where(and(eq(attachments.entityType, entityType), eq(attachments.entityId, entityId)))
    .orderBy(asc(attachments.createdAt));
  return rows.map(toView);
}

/** One attachment of one record with its content; throws 404 when it is not that record's. */
export async function readAttachment(
  db: Executor,
  entityType: string,
  entityId: string,
  attachmentId: string,
): Promise<{ view: AttachmentView; content: Uint8Array }> {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.id, attachmentId), eq(attachments.entityType, entityType), eq(attachments.entityId, entityId)));
  if (!row) throw notFound('attachment');
  return { view: toView(row), content: row.content };
}

/**
 * The file of a multipart upload (field `file`), as a name and bytes; a request that is not multipart, or has
 * no file, is refused with a 400 naming the field.
 */
export async function readUploadedFile(c: Context): Promise<{ name: string; bytes: Uint8Array }> {
  if (!(c.req.header('content-type') ?? '').toLowerCase().startsWith('multipart/form-data')) {
    throw validationFailed([{ path: 'file', message: 'Send the file as multipart/form-data in the field "file"' }]);
  }
  const file = (await c.req.parseBody()).file;
  if (!(file instanceof File)) throw validationFailed([{ path: 'file', message: 'A file is required (field "file")' }]);
  return { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) };
}

/** The download response: as an attachment, never rendered inline, with the UTF-8 name (RFC 6266 / 5987). */
export function attachmentDownload(c: Context, file: { view: AttachmentView; content: Uint8Array }): Response {
  const ascii = file.view.filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return c.body(file.content as Uint8Array<ArrayBuffer>, 200, {
    'Content-Type': file.view.contentType,
    'Content-Length': String(file.view.size),
    'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.view.filename)}`,
    'X-Content-Type-Options': 'nosniff',
  });
}

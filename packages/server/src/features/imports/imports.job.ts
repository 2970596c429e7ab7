/**
 * An import job as the other parts of the feature reach it (imports.service.ts, imports.check.ts, imports.run.ts):
 * the job's view, loading within scope, its sealed file, the runs of this process (progress and the running map,
 * the one piece of module state), and the release of jobs whose writer died (start-up recovery, staged file
 * retention). Split out of imports.service.ts so that the run has a file of its own (issue 10, item 6).
 */
import { type SQL, and, desc, eq, lt, ne, or, sql } from 'drizzle-orm';
import type { Right } from '../../platform/auth/rights.ts';
import { type Principal, facilityScopeFor, inScope } from '../../platform/auth/scope.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import { type AppError, type ConflictReasonOf, conflict, notFound } from '../../platform/errors.ts';
import { FAILURE_MESSAGES, type FailureCode, type ProblemParams, type RefusalCode, failureCodeOf, refusal } from './imports.errors.ts';
import { type ImportKindSpec, SEALED_FILE_MAGIC, fileSealer, importKindSpec } from './imports.kinds.ts';
import { maskRowError } from './imports.masking.ts';
import type { FileFormat } from './imports.parse.ts';
import {
  type DuplicateAction,
  type ExistingMatch,
  type ImportKind,
  type ImportMapping,
  type ImportMode,
  type RowError,
  type StoredMapping,
  importJobs,
  importStagedBatches,
} from './imports.tables.ts';

/** Rows per INSERT. */
export const IMPORT_BATCH = 1000;
/** Row errors kept on the job (the count is always complete). */
export const MAX_STORED_ERRORS = 50_000;
/** Row errors shown in the job's JSON view; the CSV report has all stored ones. */
export const ERRORS_IN_VIEW = 500;
/** Rows matching reports already filed, kept on the job (the count is always complete). */
export const MAX_STORED_MATCHES = 5000;
/** Earlier imports of the same file named on a job. */
export const EARLIER_IMPORTS_SHOWN = 5;

/** An earlier import of the same file (same SHA-256) that the user may see: when, by whom, what it wrote. */
export interface EarlierImport {
  id: string;
  filename: string;
  status: JobRow['status'];
  importedRows: number;
  createdAt: string;
  finishedAt: string | null;
  createdBy: { id: string; displayName: string } | null;
}

export type JobRow = typeof importJobs.$inferSelect;

export interface ImportView {
  id: string;
  kind: ImportKind;
  filename: string;
  format: FileFormat;
  encoding: string;
  size: number;
  headers: string[];
  mapping: ImportMapping | null;
  mode: ImportMode | null;
  status: JobRow['status'];
  totalRows: number;
  validRows: number;
  errorRows: number;
  processedRows: number;
  importedRows: number;
  /** 0..1 while importing; 1 when ended */
  progress: number;
  errorCount: number;
  errors: RowError[];
  /** why a failed job failed, in English ('' otherwise) */
  message: string;
  /** the stable code of `message` (imports.errors.ts: FAILURE_MESSAGES, or the refusal that caused it); null without one */
  messageCode: string | null;
  messageParams: ProblemParams;
  createdBy: { id: string; displayName: string } | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** earlier imports of the same file (issue 12, item 2); [] in lists */
  earlierImports: EarlierImport[];
  /** rows matching reports already filed (validation), and the first of them */
  matchedRows: number;
  matches: ExistingMatch[];
  /** the run's choice for matching rows, and what it did */
  duplicateAction: DuplicateAction | null;
  rowActions: Record<string, DuplicateAction>;
  skippedRows: number;
  updatedRows: number;
}

/** What an upload answers besides the job: the file's first rows, suggested columns, saved mappings. */
export interface UploadView extends ImportView {
  preview: string[][];
  suggested: Record<string, string>;
}

/** Progress of imports running in this process: id → rows read. */
export const progress = new Map<string, number>();
/** Imports running in this process (tests and shutdown wait on them). */
export const running = new Map<string, Promise<void>>();

/** Waits until the import `id` running in this process has ended (at once when none). */
export async function waitForImport(id: string): Promise<void> {
  await running.get(id);
}

export function specOf(kind: ImportKind): ImportKindSpec<unknown> {
  return importKindSpec(kind);
}

/** The mapping without what the job keeps beside it (`failure`). */
export function mappingOf(stored: StoredMapping | null): ImportMapping | null {
  return stored ? { columns: stored.columns, values: stored.values } : null;
}

/** The code and params of a failed job's message: stored with it, else known from the message (older jobs). */
export function failureOf(row: Pick<JobRow, 'status' | 'mapping' | 'message'>): {
  messageCode: string | null;
  messageParams: ProblemParams;
} {
  if (row.status !== 'failed') return { messageCode: null, messageParams: {} };
  const stored = row.mapping?.failure;
  if (stored) return { messageCode: stored.code, messageParams: stored.params ?? {} };
  return { messageCode: failureCodeOf(row.message), messageParams: {} };
}

export function toView(row: JobRow, creator: { id: string; displayName: string } | null): ImportView {
  const processed = progress.get(row.id) ?? row.processedRows;
  const ended = row.status === 'done' || row.status === 'rejected' || row.status === 'failed';
  return {
    id: row.id,
    kind: row.kind,
    filename: row.filename,
    format: row.format,
    encoding: row.encoding,
    size: row.size,
    headers: row.headers,
    mapping: mappingOf(row.mapping),
    mode: row.mode,
    status: row.status,
    totalRows: row.totalRows,
    validRows: row.validRows,
    errorRows: row.errorRows,
    processedRows: ended ? row.totalRows : processed,
    importedRows: row.importedRows,
    progress: ended ? 1 : row.status === 'importing' && row.totalRows > 0 ? Math.min(1, processed / row.totalRows) : 0,
    errorCount: row.errorCount,
    errors: row.errors.slice(0, ERRORS_IN_VIEW).map(maskRowError),
    message: row.message,
    ...failureOf(row),
    createdBy: creator,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
    earlierImports: [],
    matchedRows: row.matchedRows,
    matches: row.matches.slice(0, ERRORS_IN_VIEW),
    duplicateAction: row.duplicateAction,
    rowActions: row.rowActions,
    skippedRows: row.skippedRows,
    updatedRows: row.updatedRows,
  };
}

/** The id of the jurisdiction at the root of a scope path ('/a/b/' → 'b'). */
export const lastId = (path: string) => path.split('/').filter(Boolean).pop()!;

export const jobColumns = {
  id: importJobs.id,
  kind: importJobs.kind,
  jurisdictionId: importJobs.jurisdictionId,
  filename: importJobs.filename,
  format: importJobs.format,
  encoding: importJobs.encoding,
  size: importJobs.size,
  headers: importJobs.headers,
  mapping: importJobs.mapping,
  mode: importJobs.mode,
  status: importJobs.status,
  totalRows: importJobs.totalRows,
  validRows: importJobs.validRows,
  errorRows: importJobs.errorRows,
  processedRows: importJobs.processedRows,
  importedRows: importJobs.importedRows,
  errors: importJobs.errors,
  errorCount: importJobs.errorCount,
  message: importJobs.message,
  createdBy: importJobs.createdBy,
  fileSha256: importJobs.fileSha256,
  matches: importJobs.matches,
  matchedRows: importJobs.matchedRows,
  duplicateAction: importJobs.duplicateAction,
  rowActions: importJobs.rowActions,
  skippedRows: importJobs.skippedRows,
  updatedRows: importJobs.updatedRows,
  startedAt: importJobs.startedAt,
  finishedAt: importJobs.finishedAt,
  createdAt: importJobs.createdAt,
  updatedAt: importJobs.updatedAt,
};

/**
 * SQL: the import jobs the principal may see with `right` (its kind's right). Where the right is facility-bound (a
 * hospital reporter's cases.import, rights.ts) only the jobs they uploaded themselves: a job's row problems
 * carry (masked) personal data of rows of other facilities, and its file is another hospital's line list.
 * Throws `forbidden` without the right (or for a facility-bound user bound to no facility).
 */
export function inJobScope(principal: Principal, right: Right): SQL {
  const scope = facilityScopeFor(principal, right);
  const whole = inScope(scope, importJobs.jurisdictionId);
  if (!scope.facility) return whole;
  const own = and(eq(importJobs.createdBy, principal.id), inScope({ right, paths: scope.facility.paths }, importJobs.jurisdictionId))!;
  return scope.paths.length === 0 ? own : or(whole, own)!;
}

/** The job (without its file) if it is in the principal's scope for its kind; 404 otherwise. */
export async function loadJob(database: Database, principal: Principal, id: string): Promise<JobRow & { creatorName: string | null }> {
  const [row] = await database.db
    .select({ ...jobColumns, creatorName: users.displayName })
    .from(importJobs)
    .leftJoin(users, eq(users.id, importJobs.createdBy))
    .where(eq(importJobs.id, id));
  if (!row) throw notFound('import');
  const [inside] = await database.db
    .select({ id: importJobs.id })
    .from(importJobs)
    .where(and(eq(importJobs.id, id), inJobScope(principal, specOf(row.kind).right)));
  if (!inside) throw notFound('import');
  if (row.status === 'importing' && !running.has(id) && (await releaseIfInterrupted(database, row))) {
    const [after] = await database.db.select(jobColumns).from(importJobs).where(eq(importJobs.id, id));
    return { ...row, ...after!, file: null };
  }
  return { ...row, file: null };
}

/** Rows of a raw `execute`, whichever driver: postgres.js gives an array, PGlite an object with `rows`. */
export const executedRows = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

/** The advisory lock an import's write transaction holds on PostgreSQL while it runs (released by commit, rollback or a dead connection). */
export const importLockKey = (id: string) => sql`hashtextextended(${`outbreak import ${id}`}, 0)`;

/**
 * Marks an 'importing' job failed (`import_interrupted`) when no process is writing it any more; true if it did.
 * Its transaction rolled back with the process, so nothing was written. The file is kept (sealed) so that the
 * same import can be run again until the retention job deletes it. PGlite is one process (the data-dir lock):
 * a job not running here is dead. PostgreSQL may have several server processes: the writer holds a transaction
 * advisory lock (writeImport), so a lock that can be taken means its writer is gone.
 */
export async function releaseIfInterrupted(database: Database, job: Pick<JobRow, 'id' | 'mapping'>): Promise<boolean> {
  const message = FAILURE_MESSAGES.import_interrupted();
  const mapping: StoredMapping = { columns: {}, values: {}, ...job.mapping, failure: { code: 'import_interrupted' satisfies FailureCode } };
  return database.db.transaction(async (tx) => {
    if (database.engine === 'postgres') {
      const [lock] = executedRows<{ free: boolean }>(
        await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${importLockKey(job.id)}) AS free`),
      );
      if (!lock?.free) return false;
    }
    const released = await tx
      .update(importJobs)
      .set({ status: 'failed', message, mapping, processedRows: 0, finishedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(importJobs.id, job.id), eq(importJobs.status, 'importing')))
      .returning({ id: importJobs.id });
    // what it had staged was never published
    if (released.length > 0) await tx.delete(importStagedBatches).where(eq(importStagedBatches.importId, job.id));
    return released.length > 0;
  });
}

/**
 * At start-up (server.ts), before serving: every 'importing' job that no process is writing is marked failed, so
 * that none stays 'importing' for ever (on PostgreSQL validate and run answered 409 to it, and its file stayed
 * stored). Returns the ids released.
 */
export async function recoverInterruptedImports(database: Database): Promise<string[]> {
  const stuck = await database.db
    .select({ id: importJobs.id, mapping: importJobs.mapping })
    .from(importJobs)
    .where(eq(importJobs.status, 'importing'));
  const released: string[] = [];
  for (const job of stuck) {
    if (running.has(job.id)) continue;
    if (await releaseIfInterrupted(database, job)) released.push(job.id);
  }
  return released;
}

/**
 * Deletes the files of imports that were never run (or were interrupted) once `retentionHours` have passed since
 * the job last changed; a running import's file is left. Returns how many were deleted. The job stays listed;
 * validating or running it answers `file_gone`.
 */
export async function purgeStagedFiles(database: Database, retentionHours: number, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - retentionHours * 3_600_000);
  const purged = await database.db
    .update(importJobs)
    .set({ file: null })
    .where(and(sql`${importJobs.file} IS NOT NULL`, sql`${importJobs.status} <> 'importing'`, lt(importJobs.updatedAt, before)))
    .returning({ id: importJobs.id });
  return purged.length;
}

/** An import interrupted by a stop, whose file is still kept: it may be validated and run again. */
export const rerunnable = (job: Pick<JobRow, 'status' | 'mapping'>) =>
  job.status === 'failed' && job.mapping?.failure?.code === 'import_interrupted';

export const creatorOf = (row: { createdBy: string | null; creatorName: string | null }) =>
  row.createdBy ? { id: row.createdBy, displayName: row.creatorName ?? '' } : null;

/**
 * Earlier imports of the same file (same kind and SHA-256) among the jobs the principal may see, newest first:
 * the page tells the clerk when and by whom the file was imported before (issue 12, item 2).
 */
export async function earlierImportsOf(
  database: Database,
  principal: Principal,
  job: Pick<JobRow, 'id' | 'kind' | 'fileSha256'>,
): Promise<EarlierImport[]> {
  if (!job.fileSha256) return [];
  const rows = await database.db
    .select({ ...jobColumns, creatorName: users.displayName })
    .from(importJobs)
    .leftJoin(users, eq(users.id, importJobs.createdBy))
    .where(
      and(
        eq(importJobs.kind, job.kind),
        eq(importJobs.fileSha256, job.fileSha256),
        ne(importJobs.id, job.id),
        inJobScope(principal, specOf(job.kind).right),
      ),
    )
    // imports that wrote something first: those are the ones a re-import would duplicate
    .orderBy(sql`${importJobs.status} = 'done' DESC`, desc(importJobs.createdAt))
    .limit(EARLIER_IMPORTS_SHOWN);
  return rows.map((r) => ({
    id: r.id,
    filename: r.filename,
    status: r.status,
    importedRows: r.importedRows,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt?.toISOString() ?? null,
    createdBy: creatorOf(r),
  }));
}

/** 409 for the state of the job, with the refusal's code in `details` (`message` where the English differs). */
export function refused(code: RefusalCode & ConflictReasonOf<'imports'>, message?: string): AppError {
  const detail = refusal('', code, undefined, message);
  return conflict(code, detail.message, [detail]);
}

/** The job's file, opened; a file stored before files were sealed (no 'OCS1' mark) is read as it is. */
export async function fileOf(
  deps: { database: Database; config: Pick<Config, 'identityKey' | 'dataDir'> },
  id: string,
): Promise<Uint8Array> {
  const [row] = await deps.database.db.select({ file: importJobs.file }).from(importJobs).where(eq(importJobs.id, id));
  if (!row?.file) throw refused('file_gone');
  const sealed = SEALED_FILE_MAGIC.every((b, i) => row.file![i] === b);
  return sealed ? fileSealer(deps.config).open(row.file) : row.file;
}

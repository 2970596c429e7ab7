/**
 * Imports: upload → mapping (suggested, saved by name) → validation of every row (a dry run with a per-row
 * error report) → the user's choice of mode → the write, in ONE transaction, in multi-row batches, with ONE
 * audit record, while progress is visible.
 *
 * Modes: 'all_or_nothing' writes nothing when any row is wrong (status 'rejected'); 'valid_only' writes the
 * valid rows and reports the others. Rows are checked again inside the write's transaction, against lookups
 * read there, so what is written obeys the rules as they are at that moment.
 *
 * The write runs in the background of the server process (startImport returns at once, status 'importing');
 * GET /api/imports/:id shows the rows read so far. A transaction's own updates are invisible to others until
 * it commits, so progress is kept in memory here and, on PostgreSQL, also written to the job row through
 * another connection (so that every server process sees it). An import interrupted by a restart rolls back
 * whole; the job is then shown as failed.
 */
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { type Principal, inScope, scopeFor } from '../../platform/auth/scope.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import { AppError, conflict, notFound, validationFailed } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import { publishLive } from '../../platform/live/live.ts';
import {
  FAILURE_MESSAGES,
  type FailureCode,
  type JobFailure,
  type ProblemParams,
  REPORT_TEXT,
  type RefusalCode,
  type ReportLanguage,
  failureCodeOf,
  localiseProblem,
  refusal,
  reportLanguage,
} from './imports.errors.ts';
import { IMPORT_KINDS_SPEC, type ImportKindSpec, type KindContext } from './imports.kinds.ts';
import { type FieldValues, checkMapping, rowReader, suggestColumns } from './imports.mapping.ts';
import { type FileFormat, type TextEncoding, detectEncoding, detectFormat, fileError, inspectTable, readTable } from './imports.parse.ts';
import { type ImportKind, type ImportMapping, type ImportMode, type RowError, type StoredMapping, importJobs, importMappings } from './imports.tables.ts';

/** Rows per INSERT. */
export const IMPORT_BATCH = 1000;
/** Row errors kept on the job (the count is always complete). */
export const MAX_STORED_ERRORS = 50_000;
/** Row errors shown in the job's JSON view; the CSV report has all stored ones. */
const ERRORS_IN_VIEW = 500;

type JobRow = typeof importJobs.$inferSelect;

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
}

/** What an upload answers besides the job: the file's first rows, suggested columns, saved mappings. */
export interface UploadView extends ImportView {
  preview: string[][];
  suggested: Record<string, string>;
}

/** Progress of imports running in this process: id → rows read. */
const progress = new Map<string, number>();
/** Imports running in this process (tests and shutdown wait on them). */
const running = new Map<string, Promise<void>>();

/** Waits until the import `id` running in this process has ended (at once when none). */
export async function waitForImport(id: string): Promise<void> {
  await running.get(id);
}

function specOf(kind: ImportKind): ImportKindSpec<unknown> {
  return IMPORT_KINDS_SPEC[kind];
}

/** The mapping without what the job keeps beside it (`failure`). */
function mappingOf(stored: StoredMapping | null): ImportMapping | null {
  return stored ? { columns: stored.columns, values: stored.values } : null;
}

/** The code and params of a failed job's message: stored with it, else known from the message (older jobs). */
function failureOf(row: Pick<JobRow, 'status' | 'mapping' | 'message'>): { messageCode: string | null; messageParams: ProblemParams } {
  if (row.status !== 'failed') return { messageCode: null, messageParams: {} };
  const stored = row.mapping?.failure;
  if (stored) return { messageCode: stored.code, messageParams: stored.params ?? {} };
  return { messageCode: failureCodeOf(row.message), messageParams: {} };
}

function toView(row: JobRow, creator: { id: string; displayName: string } | null): ImportView {
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
    errors: row.errors.slice(0, ERRORS_IN_VIEW),
    message: row.message,
    ...failureOf(row),
    createdBy: creator,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** The id of the jurisdiction at the root of a scope path ('/a/b/' → 'b'). */
const lastId = (path: string) => path.split('/').filter(Boolean).pop()!;

const jobColumns = {
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
  startedAt: importJobs.startedAt,
  finishedAt: importJobs.finishedAt,
  createdAt: importJobs.createdAt,
  updatedAt: importJobs.updatedAt,
};

/** The job (without its file) if it is in the principal's scope for its kind; 404 otherwise. */
async function loadJob(database: Database, principal: Principal, id: string): Promise<JobRow & { creatorName: string | null }> {
  const [row] = await database.db
    .select({ ...jobColumns, creatorName: users.displayName })
    .from(importJobs)
    .leftJoin(users, eq(users.id, importJobs.createdBy))
    .where(eq(importJobs.id, id));
  if (!row) throw notFound('import');
  const scope = scopeFor(principal, specOf(row.kind).right);
  const [inside] = await database.db.select({ id: importJobs.id }).from(importJobs).where(and(eq(importJobs.id, id), inScope(scope, importJobs.jurisdictionId)));
  if (!inside) throw notFound('import');
  // PGlite is one process (the data-dir lock): an 'importing' job that is not running here died with a restart,
  // and its transaction rolled back.
  if (row.status === 'importing' && database.engine === 'pglite' && !running.has(id)) {
    const message = FAILURE_MESSAGES.import_interrupted();
    const mapping: StoredMapping = { columns: {}, values: {}, ...row.mapping, failure: { code: 'import_interrupted' satisfies FailureCode } };
    await database.db
      .update(importJobs)
      .set({ status: 'failed', message, mapping, file: null, finishedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(importJobs.id, id), eq(importJobs.status, 'importing')));
    return { ...row, status: 'failed', message, mapping, file: null };
  }
  return { ...row, file: null };
}

const creatorOf = (row: { createdBy: string | null; creatorName: string | null }) =>
  row.createdBy ? { id: row.createdBy, displayName: row.creatorName ?? '' } : null;

export async function getImport(database: Database, principal: Principal, id: string): Promise<ImportView> {
  const row = await loadJob(database, principal, id);
  return toView(row, creatorOf(row));
}

/** The principal's imports of one kind, newest first (row errors left out). */
export async function listImports(
  database: Database,
  principal: Principal,
  query: { kind: ImportKind; page: number; pageSize: number },
): Promise<{ items: ImportView[]; total: number }> {
  const scope = scopeFor(principal, specOf(query.kind).right);
  const where = and(eq(importJobs.kind, query.kind), inScope(scope, importJobs.jurisdictionId));
  const [rows, totals] = await Promise.all([
    database.db
      .select({ ...jobColumns, errors: sql<RowError[]>`'[]'::jsonb`, creatorName: users.displayName })
      .from(importJobs)
      .leftJoin(users, eq(users.id, importJobs.createdBy))
      .where(where)
      .orderBy(desc(importJobs.createdAt))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    database.db.select({ total: count() }).from(importJobs).where(where),
  ]);
  return { items: rows.map((r) => toView({ ...r, file: null }, creatorOf(r))), total: totals[0]?.total ?? 0 };
}

/**
 * Stores an uploaded file as a new import job after reading it once (format, encoding, header, row count);
 * answers with the first rows and suggested columns.
 */
export async function uploadImport(
  database: Database,
  principal: Principal,
  input: { kind: ImportKind; filename: string; bytes: Uint8Array },
  ctx: { ip?: string | null },
): Promise<UploadView> {
  const spec = specOf(input.kind);
  const scope = scopeFor(principal, spec.right);
  const format = detectFormat(input.filename, input.bytes);
  const encoding: TextEncoding | '' = format === 'csv' ? detectEncoding(input.bytes) : '';
  const { headers, preview, totalRows } = await inspectTable(input.bytes, format, encoding || 'utf-8');
  if (totalRows === 0) throw fileError('no_rows', 'The file has a header but no rows');
  const filename = input.filename.split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f]/g, '').slice(-200) || 'file';
  const row = await database.db.transaction(async (tx) => {
    const [job] = await tx
      .insert(importJobs)
      .values({
        kind: input.kind,
        jurisdictionId: lastId(scope.paths[0]!),
        filename,
        format,
        encoding,
        size: input.bytes.length,
        file: input.bytes,
        headers,
        totalRows,
        createdBy: principal.id,
      })
      .returning(jobColumns);
    // the upload itself is audited (who brought which file in); the rows are audited when written
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip: ctx.ip,
      action: 'upload',
      entityType: 'import',
      entityId: job!.id,
      after: { kind: input.kind, filename, format, encoding, size: input.bytes.length, totalRows },
    });
    return job!;
  });
  return {
    ...toView({ ...row, file: null }, { id: principal.id, displayName: principal.displayName }),
    preview,
    suggested: suggestColumns(spec.fields, headers),
  };
}

/** 409 for the state of the job, with the refusal's code in `details` (`message` where the English differs). */
function refused(code: RefusalCode, message?: string): AppError {
  const detail = refusal('', code, undefined, message);
  return conflict(detail.message, [detail]);
}

async function fileOf(database: Database, id: string): Promise<Uint8Array> {
  const [row] = await database.db.select({ file: importJobs.file }).from(importJobs).where(eq(importJobs.id, id));
  if (!row?.file) throw refused('file_gone');
  return row.file;
}

function normaliseMapping(spec: ImportKindSpec<unknown>, headers: string[], mapping: ImportMapping): ImportMapping {
  const issues = checkMapping(spec.fields, headers, mapping);
  if (issues.length > 0) throw validationFailed(issues, 'The column mapping is not complete');
  return {
    columns: Object.fromEntries(Object.entries(mapping.columns).filter(([, h]) => h !== '')),
    values: mapping.values,
  };
}

interface CheckResult<R> {
  total: number;
  valid: number;
  errorRows: number;
  errorCount: number;
  errors: RowError[];
  /** called for each valid row, in file order */
  rows?: R[];
}

/**
 * Reads every row of the file, maps and checks it; calls `onValid` for each valid row (awaited, so a writer
 * can flush batches), and reports progress.
 */
async function checkAll<R>(
  bytes: Uint8Array,
  job: Pick<JobRow, 'id' | 'format' | 'encoding' | 'headers'>,
  mapping: ImportMapping,
  checker: { check(values: FieldValues): import('./imports.cases.ts').RowOutcome<R>; key?(row: R): string },
  onValid: ((row: R) => Promise<void> | void) | null,
  onProgress: (rows: number) => Promise<void> | void,
): Promise<CheckResult<R>> {
  const read = rowReader(job.headers, mapping);
  const errors: RowError[] = [];
  let total = 0;
  let valid = 0;
  let errorRows = 0;
  let errorCount = 0;
  const seen = checker.key ? new Map<string, number>() : null;
  let first = true;
  for await (const { row, cells } of readTable(bytes, job.format, (job.encoding || 'utf-8') as TextEncoding)) {
    if (first) {
      first = false; // the header
      continue;
    }
    total += 1;
    const values = read(cells);
    const outcome = checker.check(values);
    let rowErrors: RowError[] = [];
    if (!outcome.ok) {
      rowErrors = outcome.errors.map((e) => ({
        row,
        column: mapping.columns[e.field] ?? e.field,
        field: e.field,
        value: values[e.field] ?? '',
        ...(e.code ? { code: e.code } : {}),
        ...(e.params ? { params: e.params } : {}),
        message: e.message,
      }));
    } else if (seen) {
      const key = checker.key!(outcome.row);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        rowErrors = [{ row, column: '', field: '', value: '', code: 'duplicate_row', params: { row: earlier }, message: `repeats row ${earlier} (same day, place and type)` }];
      } else seen.set(key, row);
    }
    if (rowErrors.length > 0) {
      errorRows += 1;
      errorCount += rowErrors.length;
      for (const e of rowErrors) if (errors.length < MAX_STORED_ERRORS) errors.push(e);
    } else {
      valid += 1;
      if (onValid && outcome.ok) await onValid(outcome.row);
    }
    if (total % IMPORT_BATCH === 0) await onProgress(total);
  }
  return { total, valid, errorRows, errorCount, errors };
}

/** Validates every row with `mapping` without writing any; the job keeps the counts and the row errors. */
export async function validateImport(
  deps: { database: Database; config: Config },
  principal: Principal,
  id: string,
  input: { mapping: ImportMapping },
): Promise<ImportView> {
  const { database } = deps;
  const job = await loadJob(database, principal, id);
  const spec = specOf(job.kind);
  scopeFor(principal, spec.right);
  if (job.status === 'importing') throw refused('import_running');
  if (job.status === 'done') throw refused('import_done');
  if (job.status === 'rejected' || job.status === 'failed') throw refused('import_ended');
  const mapping = normaliseMapping(spec, job.headers, input.mapping);
  const bytes = await fileOf(database, id);
  const ctx: KindContext = { principal, config: deps.config, now: new Date() };
  const checker = await spec.prepare(database.db, ctx);
  const result = await checkAll(bytes, job, mapping, checker, null, () => undefined);
  const [row] = await database.db
    .update(importJobs)
    .set({
      mapping,
      status: 'validated',
      totalRows: result.total,
      validRows: result.valid,
      errorRows: result.errorRows,
      errorCount: result.errorCount,
      errors: result.errors,
      updatedAt: new Date(),
    })
    .where(eq(importJobs.id, id))
    .returning(jobColumns);
  return toView({ ...row!, file: null }, creatorOf(job));
}

/** Thrown inside the write transaction to roll it back when an all-or-nothing import finds a bad row. */
class Rejected extends Error {
  constructor(readonly result: CheckResult<unknown>) {
    super('rejected');
  }
}

/**
 * Starts writing a validated import in `mode`; returns at once with status 'importing' (the write continues in
 * the background) — or 'rejected' when the mode is all-or-nothing and validation found errors.
 */
export async function startImport(
  deps: { database: Database; config: Config; log: Logger },
  principal: Principal,
  id: string,
  input: { mode: ImportMode },
  ctx: { ip?: string | null },
): Promise<ImportView> {
  const { database } = deps;
  const job = await loadJob(database, principal, id);
  const spec = specOf(job.kind);
  scopeFor(principal, spec.right);
  if (!spec.modes.includes(input.mode)) {
    throw validationFailed([refusal('mode', 'mode_not_allowed', { allowed: spec.modes.join(', ') })]);
  }
  if (job.status !== 'validated' || !job.mapping) {
    const message = `This import is ${job.status}`;
    if (job.status === 'importing') throw refused('import_running', message);
    if (job.status === 'done') throw refused('import_done', message);
    if (job.status === 'rejected' || job.status === 'failed') throw refused('import_ended', message);
    throw refused('validate_first');
  }
  // Claim the job: a second click or a second tab cannot start it twice.
  const [claimed] = await database.db
    .update(importJobs)
    .set(
      input.mode === 'all_or_nothing' && job.errorRows > 0
        ? { mode: input.mode, status: 'rejected', file: null, finishedAt: new Date(), updatedAt: new Date() }
        : { mode: input.mode, status: 'importing', startedAt: new Date(), processedRows: 0, updatedAt: new Date() },
    )
    .where(and(eq(importJobs.id, id), eq(importJobs.status, 'validated')))
    .returning(jobColumns);
  if (!claimed) throw refused('already_started');
  if (claimed.status === 'rejected') {
    await database.db.transaction(async (tx) => {
      await audit(tx, {
        actor: { id: principal.id, username: principal.username },
        ip: ctx.ip,
        action: 'import_rejected',
        entityType: 'import',
        entityId: id,
        after: { kind: job.kind, filename: job.filename, mode: input.mode, totalRows: job.totalRows, errorRows: job.errorRows },
      });
    });
    return toView({ ...claimed, file: null }, creatorOf(job));
  }
  progress.set(id, 0);
  const mapping = job.mapping;
  const work = writeImport(deps, principal, { ...job, ...claimed, mapping }, input.mode, ctx)
    .catch(async (e) => {
      deps.log.error('import failed', { id, error: e instanceof Error ? e.message : String(e), code: (e as { code?: string } | null)?.code, stack: e instanceof Error ? e.stack : undefined });
      const { message, failure } = failureMessage(e);
      await database.db
        .update(importJobs)
        .set({ status: 'failed', message, mapping: { ...mapping, failure }, file: null, finishedAt: new Date(), updatedAt: new Date() })
        .where(eq(importJobs.id, id))
        .catch(() => undefined);
    })
    .finally(() => {
      progress.delete(id);
      running.delete(id);
    });
  running.set(id, work);
  return toView({ ...claimed, file: null }, creatorOf(job));
}

/**
 * What a failed import tells the user: a database refusal's gist, never row data or a stack; with the code and
 * params of the sentence (kept inside the job's mapping, shown as `messageCode`/`messageParams`).
 */
export function failureMessage(e: unknown): { message: string; failure: JobFailure } {
  const fixed = (code: FailureCode) => ({ message: FAILURE_MESSAGES[code](), failure: { code } });
  // our own refusals (e.g. the file could not be read again) are written for the user already: their code
  if (e instanceof AppError) {
    const detail = Array.isArray(e.details) ? (e.details as Array<{ code?: unknown; params?: ProblemParams }>).find((d) => d && typeof d.code === 'string') : undefined;
    const failure: JobFailure = detail ? { code: String(detail.code), ...(detail.params ? { params: detail.params } : {}) } : { code: 'import_failed' };
    return { message: `${e.message}; nothing was imported`, failure };
  }
  const code = (e as { code?: string } | null)?.code ?? (e as { cause?: { code?: string } } | null)?.cause?.code;
  if (code === '23505') return fixed('write_duplicate');
  if (code === '23503' || code === '23514') return fixed('write_reference_changed');
  return fixed('import_failed');
}

async function writeImport(
  deps: { database: Database; config: Config },
  principal: Principal,
  job: JobRow,
  mode: ImportMode,
  ctx: { ip?: string | null },
): Promise<void> {
  const { database } = deps;
  const spec = specOf(job.kind);
  const bytes = await fileOf(database, job.id);
  const kindCtx: KindContext & { importId: string } = { principal, config: deps.config, now: new Date(), importId: job.id };
  const report = async (rows: number) => {
    progress.set(job.id, rows);
    // another connection (the pool), so other processes see it; PGlite has one connection, held by the write.
    // Every 10,000 rows only: each update of the job row, which the imported rows reference (FK, KEY SHARE),
    // costs the writing transaction lock bookkeeping on that row (measured: 5,800 instead of 6,900 rows/s).
    if (database.engine === 'postgres' && rows % 10_000 === 0) {
      await database.db.update(importJobs).set({ processedRows: rows }).where(eq(importJobs.id, job.id));
    }
  };
  try {
    await database.db.transaction(async (tx) => {
      const checker = await spec.prepare(tx, kindCtx);
      let batch: unknown[] = [];
      let written = 0;
      // One batch in flight while the next is read and checked: on PostgreSQL the INSERT runs in the server
      // process meanwhile. Its failure is kept (never an unhandled rejection) and thrown at the next step.
      let inflight: Promise<void> = Promise.resolve();
      let failure: unknown = null;
      const flush = async () => {
        await inflight;
        if (failure) throw failure;
        if (batch.length === 0) return;
        const rows = batch;
        batch = [];
        inflight = spec.write(tx, rows, kindCtx).then(
          () => {
            written += rows.length;
          },
          (e: unknown) => {
            failure = e;
          },
        );
      };
      const result = await checkAll(
        bytes,
        job,
        job.mapping!,
        checker,
        async (row) => {
          batch.push(row);
          if (batch.length >= IMPORT_BATCH) await flush();
        },
        report,
      );
      await inflight;
      if (failure) throw failure;
      if (mode === 'all_or_nothing' && result.errorRows > 0) throw new Rejected(result);
      await flush();
      await inflight;
      if (failure) throw failure;
      await tx
        .update(importJobs)
        .set({
          status: 'done',
          totalRows: result.total,
          validRows: result.valid,
          errorRows: result.errorRows,
          errorCount: result.errorCount,
          errors: result.errors,
          processedRows: result.total,
          importedRows: written,
          file: null,
          finishedAt: new Date(),
          updatedAt: new Date(),
        })
        .where(eq(importJobs.id, job.id));
      // ONE audit record for the whole import (audit serialises on a lock: never one per row)
      await audit(tx, {
        actor: { id: principal.id, username: principal.username },
        ip: ctx.ip,
        action: 'import',
        entityType: 'import',
        entityId: job.id,
        after: { kind: job.kind, filename: job.filename, mode, totalRows: result.total, importedRows: written, errorRows: result.errorRows },
      });
      await spec.announce(tx, { ...kindCtx, count: written });
      await publishLive(tx, { topic: 'imports', id: job.id, action: 'done', userIds: [principal.id] });
    });
  } catch (e) {
    if (!(e instanceof Rejected)) throw e;
    const r = e.result;
    await database.db.transaction(async (tx) => {
      await tx
        .update(importJobs)
        .set({
          status: 'rejected',
          totalRows: r.total,
          validRows: r.valid,
          errorRows: r.errorRows,
          errorCount: r.errorCount,
          errors: r.errors,
          processedRows: r.total,
          file: null,
          finishedAt: new Date(),
          updatedAt: new Date(),
        })
        .where(eq(importJobs.id, job.id));
      await audit(tx, {
        actor: { id: principal.id, username: principal.username },
        ip: ctx.ip,
        action: 'import_rejected',
        entityType: 'import',
        entityId: job.id,
        after: { kind: job.kind, filename: job.filename, mode, totalRows: r.total, errorRows: r.errorRows },
      });
      await publishLive(tx, { topic: 'imports', id: job.id, action: 'rejected', userIds: [principal.id] });
    });
  }
}

/** A cell safe to open in Excel: quoted, and text that Excel would run as a formula is prefixed with '. */
function csvCell(value: string | number): string {
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The row-error report as CSV: UTF-8 with a BOM (so Excel shows Chinese correctly), CRLF line ends, written in
 * `lang` (the header and each problem from its code; an error stored without a code keeps its message).
 */
export async function errorReportCsv(
  database: Database,
  principal: Principal,
  id: string,
  lang: ReportLanguage = reportLanguage(undefined, principal.locale),
): Promise<{ filename: string; body: string }> {
  const job = await loadJob(database, principal, id);
  const text = REPORT_TEXT[lang];
  const lines = [text.header.map(csvCell).join(',')];
  for (const e of job.errors) lines.push([e.row, e.column, e.value, localiseProblem(e, lang)].map(csvCell).join(','));
  if (job.errorCount > job.errors.length) {
    lines.push(csvCell(text.more(job.errorCount - job.errors.length, job.errors.length)));
  }
  const base = job.filename.replace(/\.[^.]+$/, '');
  return { filename: `${base}-errors.csv`, body: `\uFEFF${lines.join('\r\n')}\r\n` };
}

// ── saved mappings ─────────────────────────────────────────────────────────────────────────────

export interface MappingView {
  id: string;
  kind: ImportKind;
  name: string;
  columns: Record<string, string>;
  values: Record<string, Record<string, string>>;
  updatedAt: string;
}

const mappingView = (m: typeof importMappings.$inferSelect): MappingView => ({
  id: m.id,
  kind: m.kind,
  name: m.name,
  columns: m.columns,
  values: m.valueMaps,
  updatedAt: m.updatedAt.toISOString(),
});

export async function listMappings(database: Database, principal: Principal, kind: ImportKind): Promise<MappingView[]> {
  scopeFor(principal, specOf(kind).right);
  const rows = await database.db.select().from(importMappings).where(eq(importMappings.kind, kind)).orderBy(importMappings.name);
  return rows.map(mappingView);
}

/** Saves a mapping under its name: a new one, or replaces the one of that name (audited either way). */
export async function saveMapping(
  database: Database,
  principal: Principal,
  input: { kind: ImportKind; name: string; columns: Record<string, string>; values: Record<string, Record<string, string>> },
  ctx: { ip?: string | null },
): Promise<{ mapping: MappingView; created: boolean }> {
  const spec = specOf(input.kind);
  scopeFor(principal, spec.right);
  const known = new Set(spec.fields.map((f) => f.field));
  const issues = [...Object.keys(input.columns), ...Object.keys(input.values)]
    .filter((f) => !known.has(f))
    .map((f) => refusal(`columns.${f}`, 'mapping_unknown_field', { field: f }));
  if (issues.length > 0) throw validationFailed(issues);
  return database.db.transaction(async (tx) => {
    const [before] = await tx.select().from(importMappings).where(and(eq(importMappings.kind, input.kind), eq(importMappings.name, input.name)));
    const [row] = before
      ? await tx
          .update(importMappings)
          .set({ columns: input.columns, valueMaps: input.values, updatedAt: new Date() })
          .where(eq(importMappings.id, before.id))
          .returning()
      : await tx
          .insert(importMappings)
          .values({ kind: input.kind, name: input.name, columns: input.columns, valueMaps: input.values, createdBy: principal.id })
          .returning();
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip: ctx.ip,
      action: before ? 'update' : 'create',
      entityType: 'import_mapping',
      entityId: row!.id,
      before: before ? mappingView(before) : undefined,
      after: mappingView(row!),
    });
    return { mapping: mappingView(row!), created: !before };
  });
}

export async function deleteMapping(database: Database, principal: Principal, id: string, ctx: { ip?: string | null }): Promise<void> {
  const [found] = await database.db.select().from(importMappings).where(eq(importMappings.id, id));
  if (!found) throw notFound('mapping');
  scopeFor(principal, specOf(found.kind).right);
  await database.db.transaction(async (tx) => {
    await tx.delete(importMappings).where(eq(importMappings.id, id));
    await audit(tx, {
      actor: { id: principal.id, username: principal.username },
      ip: ctx.ip,
      action: 'delete',
      entityType: 'import_mapping',
      entityId: id,
      before: mappingView(found),
    });
  });
}

/** The fields of a kind, for the mapping step. */
export function fieldsOf(principal: Principal, kind: ImportKind) {
  const spec = specOf(kind);
  scopeFor(principal, spec.right);
  return { kind, fields: spec.fields.map((f) => ({ field: f.field, required: f.required })), modes: [...spec.modes] };
}

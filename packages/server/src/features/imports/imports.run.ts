/**
 * The import run: claims a validated job, then writes it in the background of this process — staged in batches and
 * published in ONE brief transaction (case imports), or in one transaction (feed imports) — holding an advisory
 * lock on PostgreSQL so that another server process can tell a live writer from a dead one; on failure the job
 * says why in the user's words, never with row data. Its state (progress, the running map) is in imports.job.ts.
 */
import { and, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { type Principal, scopeFor } from '../../platform/auth/scope.ts';
import type { Config } from '../../platform/config.ts';
import type { Database, Tx } from '../../platform/db/database.ts';
import { AppError, validationFailed } from '../../platform/errors.ts';
import type { Logger } from '../../platform/logger.ts';
import { publishLive } from '../../platform/live/live.ts';
import { FAILURE_MESSAGES, type FailureCode, type JobFailure, type ProblemParams, refusal } from './imports.errors.ts';
import type { ImportKindSpec, KindContext } from './imports.kinds.ts';
import { type DuplicateAction, type ExistingMatch, type ImportMode, importJobs, importStagedBatches } from './imports.tables.ts';

import {
  IMPORT_BATCH,
  type JobRow,
  type ImportView,
  progress,
  running,
  specOf,
  mappingOf,
  toView,
  jobColumns,
  loadJob,
  importLockKey,
  rerunnable,
  creatorOf,
  refused,
  fileOf,
} from './imports.job.ts';
import { type CheckResult, type RowFate, INSERT, checkAll } from './imports.check.ts';

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
  input: { mode: ImportMode; duplicates?: DuplicateAction; rowActions?: Record<string, DuplicateAction> },
  ctx: { ip?: string | null },
): Promise<ImportView> {
  const { database } = deps;
  const job = await loadJob(database, principal, id);
  const spec = specOf(job.kind);
  scopeFor(principal, spec.right);
  if (!spec.modes.includes(input.mode)) {
    throw validationFailed([refusal('mode', 'mode_not_allowed', { allowed: spec.modes.join(', ') })]);
  }
  const again = rerunnable(job);
  if ((job.status !== 'validated' && !again) || !job.mapping) {
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
        : {
            mode: input.mode,
            status: 'importing',
            message: '',
            mapping: mappingOf(job.mapping)!,
            // rows matching records already filed are skipped unless the clerk chose otherwise (issue 12, item 2)
            duplicateAction: input.duplicates ?? 'skip',
            rowActions: input.rowActions ?? {},
            startedAt: new Date(),
            processedRows: 0,
            updatedAt: new Date(),
          },
    )
    // an interrupted import is claimed from 'failed' (and its failure cleared): still only one start wins
    .where(and(eq(importJobs.id, id), eq(importJobs.status, again ? 'failed' : 'validated')))
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
  const mapping = mappingOf(job.mapping)!;
  const work = writeImport(deps, principal, { ...job, ...claimed, mapping }, input.mode, ctx)
    .catch(async (e) => {
      deps.log.error('import failed', {
        id,
        error: e instanceof Error ? e.message : String(e),
        code: (e as { code?: string } | null)?.code,
        stack: e instanceof Error ? e.stack : undefined,
      });
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
    const detail = Array.isArray(e.details)
      ? (e.details as Array<{ code?: unknown; params?: ProblemParams }>).find((d) => d && typeof d.code === 'string')
      : undefined;
    const failure: JobFailure = detail
      ? { code: String(detail.code), ...(detail.params ? { params: detail.params } : {}) }
      : { code: 'import_failed' };
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
  const bytes = await fileOf(deps, job.id);
  const kindCtx: KindContext & { importId: string } = { principal, config: deps.config, now: new Date(), importId: job.id };
  const staged = Boolean(spec.stage && spec.publishStaged);
  // what becomes of a row matching a record already filed: the clerk's choice for the row, else for the run
  const decide = (row: number, match: ExistingMatch | undefined): RowFate => {
    if (!match) return INSERT;
    const action = job.rowActions[String(row)] ?? job.duplicateAction ?? 'skip';
    if (action === 'import') return INSERT;
    // a record the importer may not change (another facility's) is left alone: the row is skipped
    if (action === 'update' && match.updatable) return { kind: 'update', target: match.caseId };
    return { kind: 'skip' };
  };
  const report = async (rows: number) => {
    progress.set(job.id, rows);
    if (rows % 10_000 !== 0) return;
    // Staged imports hold no transaction while they read: the job row shows progress to every process.
    // A one-transaction import writes it through another pooled connection (PostgreSQL only; PGlite's one
    // connection is held by the write), every 10,000 rows only: each update of the job row, which the imported
    // rows reference (FK, KEY SHARE), costs the writing transaction lock bookkeeping on that row.
    if (staged || database.engine === 'postgres') {
      await database.db.update(importJobs).set({ processedRows: rows }).where(eq(importJobs.id, job.id));
    }
  };
  const releaseLock = await holdImportLock(database, job.id);
  try {
    if (staged) await stageAndPublish(deps, principal, job, mode, ctx, bytes, kindCtx, report, decide);
    else await writeInOneTransaction(deps, principal, job, mode, ctx, bytes, kindCtx, report, decide);
  } catch (e) {
    if (staged)
      await database.db
        .delete(importStagedBatches)
        .where(eq(importStagedBatches.importId, job.id))
        .catch(() => undefined);
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
  } finally {
    await releaseLock();
  }
}

/**
 * On PostgreSQL, holds the import's advisory lock for as long as the import runs, in a transaction of its own on
 * a pooled connection (it locks nothing else): recovery in any process then knows the import is alive
 * (releaseIfInterrupted). The lock goes with the connection if this process dies. PGlite is one process: nothing
 * to hold (its imports are known by `running`). Returns the release.
 */
async function holdImportLock(database: Database, id: string): Promise<() => Promise<void>> {
  if (database.engine !== 'postgres') return async () => undefined;
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let taken!: () => void;
  const isTaken = new Promise<void>((resolve) => (taken = resolve));
  const holder = database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${importLockKey(id)})`);
    taken();
    await released;
  });
  await Promise.race([isTaken, holder]);
  return async () => {
    release();
    await holder;
  };
}

/** Lets other requests run between two batches (on PGlite they share its one connection with the import). */
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The import in two steps (issue 11, item 15). Staging: rows are read, checked and written in batches to
 * import_staged_batches, each batch in its own short statement, so no lock is held while the file is read
 * (PostgreSQL) and other requests interleave with it (PGlite). Publishing: ONE transaction that copies every
 * staged row into its table in ONE statement, marks the job done, audits and announces it — all or nothing, and
 * brief where it locks (the daily counts are updated once, at the end of that statement).
 */
async function stageAndPublish(
  deps: { database: Database; config: Config },
  principal: Principal,
  job: JobRow,
  mode: ImportMode,
  ctx: { ip?: string | null },
  bytes: Uint8Array,
  kindCtx: KindContext & { importId: string },
  report: (rows: number) => Promise<void>,
  decide: (row: number, match: ExistingMatch | undefined) => RowFate,
): Promise<void> {
  const { database } = deps;
  const spec = specOf(job.kind);
  // leftovers of an interrupted run of the same job
  await database.db.delete(importStagedBatches).where(eq(importStagedBatches.importId, job.id));
  const checker = await spec.prepare(database.db, kindCtx);
  let seq = 0;
  // rows to write over the records they match: few, kept in memory until the publish applies them
  const updates: Array<{ row: number; value: unknown; target: string }> = [];
  const result = await checkInBatches(
    bytes,
    job,
    mode,
    checker,
    report,
    async (rows) => {
      await database.db.insert(importStagedBatches).values({ importId: job.id, seq: seq++, rows: spec.stage!(rows) });
      if (database.engine === 'pglite') await yieldToOthers();
    },
    decide,
    (u) => updates.push(u),
  );
  await database.db.transaction(async (tx) => {
    const written = await spec.publishStaged!(tx, kindCtx);
    await tx.delete(importStagedBatches).where(eq(importStagedBatches.importId, job.id));
    await updateAndFinish(tx, spec, updates, principal, job, mode, ctx, result, written, kindCtx);
  });
}

/** Marks the job done, with ONE audit record for the whole import and its live events (inside the write's transaction). */
/**
 * The end of both write paths: writes the rows the clerk chose to update over the records they match, then ends
 * the job (counts, audit, announcement). A row that would change nothing on its record counts as skipped.
 */
async function updateAndFinish(
  tx: Tx,
  spec: ImportKindSpec<unknown>,
  updates: Array<{ row: number; value: unknown; target: string }>,
  principal: Principal,
  job: JobRow,
  mode: ImportMode,
  ctx: { ip?: string | null },
  result: CheckResult<unknown>,
  written: number,
  kindCtx: KindContext & { importId: string },
): Promise<void> {
  const applied =
    updates.length > 0 && spec.publishUpdates
      ? await spec.publishUpdates(tx, updates, { ...kindCtx, filename: job.filename })
      : { updated: 0, unchanged: 0 };
  await finishImport(
    tx,
    principal,
    job,
    mode,
    ctx,
    { ...result, skipped: result.skipped + applied.unchanged },
    written,
    kindCtx,
    applied.updated,
  );
}

async function finishImport(
  tx: Tx,
  principal: Principal,
  job: JobRow,
  mode: ImportMode,
  ctx: { ip?: string | null },
  result: CheckResult<unknown>,
  written: number,
  kindCtx: KindContext & { importId: string },
  updated = 0,
): Promise<void> {
  await tx
    .update(importJobs)
    .set({
      matchedRows: result.matchedRows,
      matches: result.matches,
      skippedRows: result.skipped,
      updatedRows: updated,
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
    after: {
      kind: job.kind,
      filename: job.filename,
      mode,
      totalRows: result.total,
      importedRows: written,
      errorRows: result.errorRows,
      matchedRows: result.matchedRows,
      duplicateAction: job.duplicateAction,
      skippedRows: result.skipped,
      updatedRows: updated,
    },
  });
  await specOf(job.kind).announce(tx, { ...kindCtx, count: written + updated });
  await publishLive(tx, { topic: 'imports', id: job.id, action: 'done', userIds: [principal.id] });
}

/**
 * Checks every row of the file and hands the valid ones to `writeBatch` in batches of IMPORT_BATCH, one batch in
 * flight while the next is read and checked (on PostgreSQL the INSERT runs in the server process meanwhile). A
 * batch's failure is kept (never an unhandled rejection) and thrown at the next step. An all-or-nothing import
 * with row errors is refused before its last batch is written; the caller's transaction or staging undoes the rest.
 */
async function checkInBatches(
  bytes: Uint8Array,
  job: JobRow,
  mode: ImportMode,
  checker: Parameters<typeof checkAll<unknown>>[3],
  report: (rows: number) => Promise<void>,
  writeBatch: (rows: unknown[]) => Promise<void>,
  decide: (row: number, match: ExistingMatch | undefined) => RowFate = () => INSERT,
  onUpdate: (update: { row: number; value: unknown; target: string }) => void = () => {
    throw new Error('this kind of import does not update records');
  },
): Promise<CheckResult<unknown>> {
  let batch: unknown[] = [];
  let inflight: Promise<void> = Promise.resolve();
  let failure: unknown = null;
  const flush = async () => {
    await inflight;
    if (failure) throw failure;
    if (batch.length === 0) return;
    const rows = batch;
    batch = [];
    inflight = writeBatch(rows).then(
      () => undefined,
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
    async (valid) => {
      if (valid.target !== null) {
        onUpdate({ row: valid.row, value: valid.value, target: valid.target });
        return;
      }
      batch.push(valid.value);
      if (batch.length >= IMPORT_BATCH) await flush();
    },
    report,
    decide,
  );
  await inflight;
  if (failure) throw failure;
  if (mode === 'all_or_nothing' && result.errorRows > 0) throw new Rejected(result);
  await flush();
  await inflight;
  if (failure) throw failure;
  return result;
}

/**
 * The import as ONE transaction (kinds that do not stage: feed values, a file of daily values that is small):
 * rows are checked inside it, against lookups read there, and written in batches.
 */
async function writeInOneTransaction(
  deps: { database: Database; config: Config },
  principal: Principal,
  job: JobRow,
  mode: ImportMode,
  ctx: { ip?: string | null },
  bytes: Uint8Array,
  kindCtx: KindContext & { importId: string },
  report: (rows: number) => Promise<void>,
  decide: (row: number, match: ExistingMatch | undefined) => RowFate,
): Promise<void> {
  const { database } = deps;
  const spec = specOf(job.kind);
  await database.db.transaction(async (tx) => {
    const checker = await spec.prepare(tx, kindCtx);
    let written = 0;
    // rows to write over the records they match (kinds with publishUpdates: contacts), applied after the inserts
    const updates: Array<{ row: number; value: unknown; target: string }> = [];
    const result = await checkInBatches(
      bytes,
      job,
      mode,
      checker,
      report,
      async (rows) => {
        await spec.write(tx, rows, kindCtx);
        written += rows.length;
      },
      decide,
      spec.publishUpdates
        ? (u) => updates.push(u)
        : () => {
            throw new Error('this kind of import does not update records');
          },
    );
    await updateAndFinish(tx, spec, updates, principal, job, mode, ctx, result, written, kindCtx);
  });
}

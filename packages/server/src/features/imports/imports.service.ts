/**
 * Imports: upload (the file sealed under the identity key) → mapping (suggested, saved by name within the
 * user's scope) → validation of every row (a dry run with a per-row error report, personal values masked) → the
 * user's choice of mode → the write, all or nothing, with ONE audit record, while progress is visible.
 *
 * Modes: 'all_or_nothing' writes nothing when any row is wrong (status 'rejected'); 'valid_only' writes the
 * valid rows and reports the others. Rows are checked again when written.
 *
 * The write runs in the background of the server process (startImport returns at once, status 'importing').
 * Case imports stage their checked rows in batches (import_staged_batches, no transaction open while the file is
 * read) and publish them in ONE brief transaction; feed imports are written in one transaction (issue 11, item
 * 15). An import interrupted by a stop publishes nothing; recoverInterruptedImports marks it failed at start-up.
 */
import { createHash } from 'node:crypto';
import { and, count, desc, eq, sql } from 'drizzle-orm';
import { audit } from '../../platform/audit/audit.ts';
import { type Principal, facilityScopeFor, reachOf, scopeFor } from '../../platform/auth/scope.ts';
import type { Config } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/platform.tables.ts';
import { REPORT_TEXT, type ReportLanguage, localiseProblem, reportLanguage } from './imports.errors.ts';
import { type KindContext, fileSealer } from './imports.kinds.ts';
import { maskRowError } from './imports.masking.ts';
import { suggestColumns } from './imports.mapping.ts';
import { type TextEncoding, detectEncoding, detectFormat, fileError, inspectTable } from './imports.parse.ts';
import { type ImportKind, type ImportMapping, type RowError, importJobs } from './imports.tables.ts';

import {
  type ImportView,
  type UploadView,
  specOf,
  toView,
  lastId,
  jobColumns,
  inJobScope,
  loadJob,
  rerunnable,
  creatorOf,
  earlierImportsOf,
  refused,
  fileOf,
} from './imports.job.ts';
import { normaliseMapping, checkAll } from './imports.check.ts';

export async function getImport(database: Database, principal: Principal, id: string): Promise<ImportView> {
  const row = await loadJob(database, principal, id);
  return { ...toView(row, creatorOf(row)), earlierImports: await earlierImportsOf(database, principal, row) };
}

/** The principal's imports of one kind, newest first (row errors left out). */
export async function listImports(
  database: Database,
  principal: Principal,
  query: { kind: ImportKind; page: number; pageSize: number },
): Promise<{ items: ImportView[]; total: number }> {
  const where = and(eq(importJobs.kind, query.kind), inJobScope(principal, specOf(query.kind).right));
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
  deps: { database: Database; config: Pick<Config, 'identityKey' | 'dataDir'> },
  principal: Principal,
  input: { kind: ImportKind; filename: string; bytes: Uint8Array },
  ctx: { ip?: string | null },
): Promise<UploadView> {
  const { database } = deps;
  const spec = specOf(input.kind);
  // facilityScopeFor: a reporter bound to no facility may not import (they could not see the cards afterwards)
  const scope = reachOf(facilityScopeFor(principal, spec.right));
  const format = detectFormat(input.filename, input.bytes);
  const encoding: TextEncoding | '' = format === 'csv' ? detectEncoding(input.bytes) : '';
  const { headers, preview, totalRows } = await inspectTable(input.bytes, format, encoding || 'utf-8');
  if (totalRows === 0) throw fileError('no_rows', 'The file has a header but no rows');
  const filename =
    input.filename
      .split(/[\\/]/)
      .pop()!
      .replace(/[\u0000-\u001f\u007f]/g, '')
      .slice(-200) || 'file';
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
        // sealed under the identity key: a line list holds identity numbers, and this row reaches backups
        file: fileSealer(deps.config).seal(input.bytes),
        fileSha256: createHash('sha256').update(input.bytes).digest('hex'),
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
    earlierImports: await earlierImportsOf(database, principal, row),
    preview,
    suggested: suggestColumns(spec.fields, headers),
  };
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
  if ((job.status === 'rejected' || job.status === 'failed') && !rerunnable(job)) throw refused('import_ended');
  const mapping = normaliseMapping(spec, job.headers, input.mapping);
  const bytes = await fileOf(deps, id);
  const ctx: KindContext = { principal, config: deps.config, now: new Date() };
  const checker = await spec.prepare(database.db, ctx);
  const result = await checkAll(bytes, job, mapping, checker, null, () => undefined);
  const [row] = await database.db
    .update(importJobs)
    .set({
      mapping,
      status: 'validated',
      message: '',
      totalRows: result.total,
      validRows: result.valid,
      errorRows: result.errorRows,
      errorCount: result.errorCount,
      errors: result.errors,
      matchedRows: result.matchedRows,
      matches: result.matches,
      updatedAt: new Date(),
    })
    .where(eq(importJobs.id, id))
    .returning(jobColumns);
  return { ...toView({ ...row!, file: null }, creatorOf(job)), earlierImports: await earlierImportsOf(database, principal, row!) };
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
  for (const stored of job.errors) {
    const e = maskRowError(stored); // problems stored before masking are masked here
    lines.push([e.row, e.column, e.value, localiseProblem(e, lang)].map(csvCell).join(','));
  }
  if (job.errorCount > job.errors.length) {
    lines.push(csvCell(text.more(job.errorCount - job.errors.length, job.errors.length)));
  }
  const base = job.filename.replace(/\.[^.]+$/, '');
  return { filename: `${base}-errors.csv`, body: `\uFEFF${lines.join('\r\n')}\r\n` };
}

// The run and the job access live beside this file (imports.run.ts, imports.job.ts); callers that start, wait for,
// recover or purge imports keep importing them from here, the feature's operations.
export { failureMessage, startImport } from './imports.run.ts';
export { purgeStagedFiles, recoverInterruptedImports, waitForImport } from './imports.job.ts';

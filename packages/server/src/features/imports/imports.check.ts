/**
 * Checking an import's rows: reads the file, maps and checks every row, asks the kind which records already filed
 * each valid row matches and what becomes of it (insert, update, skip), and reports progress. Used by the dry run
 * (validateImport, imports.service.ts) and by the write (imports.run.ts), so both see the same rows the same way.
 */
import { validationFailed } from '../../platform/errors.ts';
import type { ImportKindSpec, RowChecker } from './imports.kinds.ts';
import { maskRowError } from './imports.masking.ts';
import { checkMapping, rowReader } from './imports.mapping.ts';
import { type TextEncoding, readTable } from './imports.parse.ts';
import type { ExistingMatch, ImportMapping, RowError } from './imports.tables.ts';

import { IMPORT_BATCH, MAX_STORED_ERRORS, MAX_STORED_MATCHES, type JobRow } from './imports.job.ts';

export function normaliseMapping(spec: ImportKindSpec<unknown>, headers: string[], mapping: ImportMapping): ImportMapping {
  const issues = checkMapping(spec.fields, headers, mapping);
  if (issues.length > 0) throw validationFailed(issues, 'The column mapping is not complete');
  return {
    columns: Object.fromEntries(Object.entries(mapping.columns).filter(([, h]) => h !== '')),
    values: mapping.values,
  };
}

export interface CheckResult<R> {
  total: number;
  valid: number;
  errorRows: number;
  errorCount: number;
  errors: RowError[];
  /** valid rows matching records already filed (the count is complete), and the first MAX_STORED_MATCHES */
  matchedRows: number;
  matches: ExistingMatch[];
  /** matching rows left out by the run's choice */
  skipped: number;
  /** called for each valid row, in file order */
  rows?: R[];
}

/** What becomes of a valid row: a new record, written over the record it matches, or left out. */
export type RowFate = { kind: 'insert' } | { kind: 'update'; target: string } | { kind: 'skip' };
export const INSERT: RowFate = { kind: 'insert' };

/** A valid row on its way to the writer: its number in the file and, for an update, the record it replaces. */
export interface ValidRow<R> {
  row: number;
  value: R;
  target: string | null;
}

/**
 * Reads every row of the file, maps and checks it; asks the checker, a batch of valid rows at a time, which
 * records already filed they match, lets `decide` say what becomes of each, calls `onValid` for each row to
 * write (awaited, so a writer can flush batches), and reports progress.
 */
export async function checkAll<R>(
  bytes: Uint8Array,
  job: Pick<JobRow, 'id' | 'format' | 'encoding' | 'headers'>,
  mapping: ImportMapping,
  checker: Pick<RowChecker<R>, 'check' | 'key' | 'matchExisting' | 'duplicateCode'>,
  onValid: ((row: ValidRow<R>) => Promise<void> | void) | null,
  onProgress: (rows: number) => Promise<void> | void,
  decide: (row: number, match: ExistingMatch | undefined) => RowFate = () => INSERT,
): Promise<CheckResult<R>> {
  const read = rowReader(job.headers, mapping);
  const errors: RowError[] = [];
  const matches: ExistingMatch[] = [];
  let total = 0;
  let valid = 0;
  let errorRows = 0;
  let errorCount = 0;
  let matchedRows = 0;
  let skipped = 0;
  const seen = checker.key ? new Map<string, number>() : null;
  let pending: Array<{ row: number; value: R }> = [];
  const settle = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    const found = checker.matchExisting ? await checker.matchExisting(batch) : new Map<number, ExistingMatch>();
    for (const p of batch) {
      const match = found.get(p.row);
      if (match) {
        matchedRows += 1;
        if (matches.length < MAX_STORED_MATCHES) matches.push(match);
      }
      const fate = decide(p.row, match);
      if (fate.kind === 'skip') skipped += 1;
      else if (onValid) await onValid({ row: p.row, value: p.value, target: fate.kind === 'update' ? fate.target : null });
    }
  };
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
      // masked as stored: problems reach the error report and backups (imports.masking.ts)
      rowErrors = outcome.errors.map((e) =>
        maskRowError({
          row,
          column: mapping.columns[e.field] ?? e.field,
          field: e.field,
          value: values[e.field] ?? '',
          ...(e.code ? { code: e.code } : {}),
          ...(e.params ? { params: e.params } : {}),
          message: e.message,
        }),
      );
    } else if (seen) {
      const key = checker.key!(outcome.row);
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        rowErrors = [
          {
            row,
            column: '',
            field: '',
            value: '',
            code: checker.duplicateCode ?? 'duplicate_row',
            params: { row: earlier },
            message:
              checker.duplicateCode === 'duplicate_person'
                ? `the same person as row ${earlier}`
                : `repeats row ${earlier} (same day, place and type)`,
          },
        ];
      } else seen.set(key, row);
    }
    if (rowErrors.length > 0) {
      errorRows += 1;
      errorCount += rowErrors.length;
      for (const e of rowErrors) if (errors.length < MAX_STORED_ERRORS) errors.push(e);
    } else if (outcome.ok) {
      valid += 1;
      pending.push({ row, value: outcome.row });
      if (pending.length >= IMPORT_BATCH) await settle();
    }
    if (total % IMPORT_BATCH === 0) await onProgress(total);
  }
  await settle();
  return { total, valid, errorRows, errorCount, errors, matchedRows, matches, skipped };
}

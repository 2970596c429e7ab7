/**
 * Drizzle definitions of migrations/0011_imports_feeds.sql (imports part), 0029 (mappings scoped by jurisdiction)
 * and 0030 (staged batches);
 * the SQL is the source of truth.
 */
import { customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { jurisdictions, timestamps, users } from '../../platform/db/platform.tables.ts';

export const IMPORT_KINDS = ['cases', 'feeds', 'occupancy', 'contacts'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export const IMPORT_MODES = ['all_or_nothing', 'valid_only'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const IMPORT_STATUSES = ['uploaded', 'validated', 'importing', 'done', 'rejected', 'failed'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/**
 * One problem of one row: 1-based row number of the file (the header is row 1), the column's header, the
 * import field it feeds, the cell's text, a stable `code` with the `params` of its sentence (imports.errors.ts)
 * and the English message. Errors stored before codes existed have only row, column, value and message.
 */
export interface RowError {
  row: number;
  column: string;
  field?: string;
  value: string;
  code?: string;
  params?: Record<string, string | number>;
  message: string;
}

/** What a run does with a row that matches a report already filed (0037). */
export const DUPLICATE_ACTIONS = ['skip', 'update', 'import'] as const;
export type DuplicateAction = (typeof DUPLICATE_ACTIONS)[number];

/**
 * A row of the file matching a report already filed (the duplicate rules of the cases feature), as kept on the
 * job: which report, how it matched, and whether the importer may update it. No personal data.
 */
export interface ExistingMatch {
  row: number;
  /** the record matched: a case report, or a contact for the 'contacts' kind */
  caseId: string;
  code: string;
  /** name_phone: a contact with the same name and phone (the 'contacts' kind) */
  match: 'identity' | 'name_birth' | 'name_phone';
  daysApart: number;
  facilityName: string | null;
  facilityNameEn: string | null;
  reportedAt: string;
  /** the report came from an earlier import (its file name) */
  importFilename: string | null;
  /** false: a report the importer may not change (another facility's, for a hospital reporter) */
  updatable: boolean;
}

/** Which header feeds which field, and value translations per field. */
export interface ImportMapping {
  columns: Record<string, string>;
  values: Record<string, Record<string, string>>;
}

/**
 * The mapping as stored on a job: a failed job also keeps there why it failed (`failure`: code and params of
 * `message`, imports.errors.ts), so that no column was added. The job view shows it as `messageCode`/`messageParams`.
 */
export interface StoredMapping extends ImportMapping {
  failure?: { code: string; params?: Record<string, string | number> };
}

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

export const importMappings = pgTable(
  'import_mappings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<ImportKind>().notNull(),
    name: text('name').notNull(),
    columns: jsonb('columns').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    valueMaps: jsonb('value_maps').$type<Record<string, Record<string, string>>>().notNull().default(sql`'{}'::jsonb`),
    /** where the mapping belongs (0029): only users whose import scope holds it see, use, replace or delete it */
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    createdBy: uuid('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    unique('import_mappings_kind_jurisdiction_name_key').on(t.kind, t.jurisdictionId, t.name),
    index('import_mappings_jurisdiction_idx').on(t.jurisdictionId),
  ],
);

export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').$type<ImportKind>().notNull(),
    jurisdictionId: uuid('jurisdiction_id')
      .notNull()
      .references(() => jurisdictions.id),
    filename: text('filename').notNull(),
    format: text('format').$type<(typeof IMPORT_FORMATS)[number]>().notNull(),
    encoding: text('encoding').notNull().default(''),
    size: integer('size').notNull(),
    file: bytea('file'),
    headers: jsonb('headers').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    mapping: jsonb('mapping').$type<StoredMapping>(),
    mode: text('mode').$type<ImportMode>(),
    status: text('status').$type<ImportStatus>().notNull().default('uploaded'),
    totalRows: integer('total_rows').notNull().default(0),
    validRows: integer('valid_rows').notNull().default(0),
    errorRows: integer('error_rows').notNull().default(0),
    processedRows: integer('processed_rows').notNull().default(0),
    importedRows: integer('imported_rows').notNull().default(0),
    errors: jsonb('errors').$type<RowError[]>().notNull().default(sql`'[]'::jsonb`),
    errorCount: integer('error_count').notNull().default(0),
    message: text('message').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id),
    /** 0037: the SHA-256 of the file as uploaded, to tell a file imported before */
    fileSha256: text('file_sha256'),
    matches: jsonb('matches').$type<ExistingMatch[]>().notNull().default(sql`'[]'::jsonb`),
    matchedRows: integer('matched_rows').notNull().default(0),
    duplicateAction: text('duplicate_action').$type<DuplicateAction>(),
    rowActions: jsonb('row_actions').$type<Record<string, DuplicateAction>>().notNull().default(sql`'{}'::jsonb`),
    skippedRows: integer('skipped_rows').notNull().default(0),
    updatedRows: integer('updated_rows').notNull().default(0),
    startedAt: timestamp('started_at', { withTimezone: true }),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    ...timestamps,
  },
  (t) => [index('import_jobs_jurisdiction_idx').on(t.jurisdictionId, t.createdAt)],
);

/** Checked rows of a running import, by batch, until they are published (0030). */
export const importStagedBatches = pgTable(
  'import_staged_batches',
  {
    importId: uuid('import_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    rows: jsonb('rows').$type<unknown[]>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.importId, t.seq] })],
);

/**
 * What each kind of import provides to the shared machinery (upload, mapping, validation, error report,
 * one-transaction write): its fields, a row checker built from lookups read once, and a batch writer.
 * Kinds: 'cases' (line lists, here) and 'feeds' (daily feed values, src/features/feeds/feeds.import.ts). A feature
 * that owns a kind registers it with registerImportKind (called once at start by features/feature-hooks.ts), so
 * the import machinery does not import the features that use it.
 */
import { inArray, sql } from 'drizzle-orm';
import { publishLive } from '../../platform/live/live.ts';
import type { Right } from '../../platform/auth/rights.ts';
import { type Principal, facilityScopeFor, reachOf, scopeFor } from '../../platform/auth/scope.ts';
import type { Config } from '../../platform/config.ts';
import type { Executor, Tx } from '../../platform/db/database.ts';
import {
  type caseReports,
  findExistingMatches,
  identityProtector,
  type ImportUpdateVersion,
  loadCaseLookups,
  recordImportUpdates,
} from '../cases/index.ts';
// Staged files are sealed under the identity key (imports.service.ts): reached through this file, which already
// depends on identity protection, until cases has a public entry (test/architecture/allowed-violations.txt).
export { SEALED_FILE_MAGIC, fileSealer } from '../cases/index.ts';
import { CASE_FIELDS, type RowOutcome, caseRowChecker } from './imports.cases.ts';
import type { FieldSpec, FieldValues } from './imports.mapping.ts';
import { type ExistingMatch, type ImportKind, type ImportMode, importJobs } from './imports.tables.ts';

export interface KindContext {
  principal: Principal;
  config: Config;
  now: Date;
}

/** A prepared checker: `check` one mapped row; `key` identifies rows that must not repeat within a file. */
export interface RowChecker<R> {
  check(values: FieldValues): RowOutcome<R>;
  key?(row: R): string;
  /** the problem a row repeating another's key is (default 'duplicate_row'; contacts: 'duplicate_person') */
  duplicateCode?: 'duplicate_row' | 'duplicate_person';
  /**
   * The records already filed that valid rows would duplicate (cases: the duplicate rules of the cases
   * feature), by row number; asked once per batch of valid rows (issue 12, item 2).
   */
  matchExisting?(rows: ReadonlyArray<{ row: number; value: R }>): Promise<Map<number, ExistingMatch>>;
}

export interface ImportKindSpec<R> {
  /** the right needed to import (its scope also scopes the import jobs) */
  right: Right;
  fields: readonly FieldSpec[];
  /** modes allowed (feed values are all-or-nothing only) */
  modes: readonly ImportMode[];
  prepare(db: Executor, ctx: KindContext): Promise<RowChecker<R>>;
  /** inserts one batch (≤ 1,000 rows) inside the import's transaction */
  write(tx: Tx, rows: R[], ctx: KindContext & { importId: string }): Promise<void>;
  /**
   * Kinds that stage (issue 11, item 15): a checked batch as the JSON rows kept in import_staged_batches, and the
   * publish that writes every staged row of the import in one statement (returns how many). Without them the
   * rows are written by `write` inside one transaction that lasts the whole import.
   */
  stage?(rows: R[]): unknown[];
  publishStaged?(tx: Tx, ctx: KindContext & { importId: string }): Promise<number>;
  /**
   * Applies rows the clerk chose to write over the records they match (inside the publishing transaction);
   * returns how many records changed and how many the rows left as they were.
   */
  publishUpdates?(
    tx: Tx,
    updates: ReadonlyArray<{ row: number; value: R; target: string }>,
    ctx: KindContext & { importId: string; filename: string },
  ): Promise<{ updated: number; unchanged: number }>;
  /** live events once everything is written (same transaction, delivered on commit) */
  announce(tx: Tx, ctx: KindContext & { importId: string; count: number }): Promise<void>;
}

type CaseRow = typeof caseReports.$inferInsert;

/** A checked case row as the JSON object that jsonb_to_recordset reads (CASE_RECORD's columns). */
function caseRowJson(r: CaseRow) {
  return {
    disease_id: r.diseaseId,
    jurisdiction_id: r.jurisdictionId,
    person_name: r.personName,
    sex: r.sex,
    birth_date: r.birthDate ?? null,
    id_type: r.idType,
    id_number_encrypted: r.idNumberEncrypted ?? null,
    id_number_masked: r.idNumberMasked ?? '',
    id_number_hash: r.idNumberHash ?? null,
    phone: r.phone ?? '',
    address: r.address ?? '',
    occupation: r.occupation ?? '',
    classification: r.classification,
    onset_date: r.onsetDate ?? null,
    diagnosis_at: r.diagnosisAt.toISOString(),
    reported_at: r.reportedAt.toISOString(),
    facility_id: r.facilityId ?? null,
    reporting_doctor: r.reportingDoctor ?? '',
    severity: r.severity ?? 'mild',
    outcome: r.outcome ?? 'under_treatment',
    lab_results: r.labResults ?? [],
  };
}

/** The imported columns of case_reports, in the order of CASE_RECORD. */
const CASE_COLUMNS = sql.raw(`disease_id, jurisdiction_id, person_name, sex, birth_date, id_type, id_number_encrypted,
      id_number_masked, id_number_hash, phone, address, occupation, classification, onset_date, diagnosis_at, reported_at,
      facility_id, reporting_doctor, severity, outcome, lab_results`);
/** The column definitions of a case row in JSON, for jsonb_to_recordset. */
const CASE_RECORD = sql.raw(`disease_id uuid, jurisdiction_id uuid, person_name text, sex text,
      birth_date date, id_type text, id_number_encrypted text, id_number_masked text, id_number_hash text, phone text,
      address text, occupation text, classification text, onset_date date, diagnosis_at timestamptz,
      reported_at timestamptz, facility_id uuid, reporting_doctor text, severity text, outcome text, lab_results jsonb`);

/**
 * Inserts one batch of checked case rows as ONE parameter (a JSON array expanded by jsonb_to_recordset) rather
 * than 25 bind parameters a row: measured 3× faster on PGlite for 1,000-row batches (docs/imports-and-feeds.md),
 * and it never approaches PostgreSQL's 65,535-parameter limit. Codes and ids come from the column defaults.
 */
export async function insertImportedCases(tx: Tx, rows: readonly CaseRow[], ctx: { importId: string; createdBy: string }): Promise<void> {
  if (rows.length === 0) return;
  const json = JSON.stringify(rows.map(caseRowJson));
  await tx.execute(sql`
    INSERT INTO case_reports (${CASE_COLUMNS}, source, import_id, created_by)
    SELECT ${CASE_COLUMNS}, 'import', ${ctx.importId}::uuid, ${ctx.createdBy}::uuid
    FROM jsonb_to_recordset(${json}::jsonb) AS x(${CASE_RECORD})`);
}

/**
 * Writes every staged case row of an import in ONE statement, in file order (batch, then place in the batch): the
 * statement-level trigger of case_daily_counts (0014) then runs once, at the end, so the daily-count rows that
 * every case report updates are locked only from there to the commit. Rows were checked when staged; a disease
 * deactivated since is refused here (what the check would have said), and references are held by the keys.
 */
export async function publishStagedCases(tx: Tx, ctx: { importId: string; createdBy: string }): Promise<number> {
  const inactive = rowsOf<{ n: number }>(
    await tx.execute(sql`
      SELECT count(*)::int AS n FROM import_staged_batches b
      CROSS JOIN LATERAL jsonb_to_recordset(b.rows) AS x(disease_id uuid)
      JOIN diseases d ON d.id = x.disease_id
      WHERE b.import_id = ${ctx.importId}::uuid AND NOT d.active`),
  );
  if ((inactive[0]?.n ?? 0) > 0) {
    // the same failure as a check constraint refusing a row: "a row no longer fits the data"
    throw Object.assign(new Error('a disease of the import was deactivated while it was staged'), { code: '23514' });
  }
  const inserted = rowsOf<{ n: number }>(
    await tx.execute(sql`
      WITH written AS (
        INSERT INTO case_reports (${CASE_COLUMNS}, source, import_id, created_by)
        SELECT ${CASE_COLUMNS}, 'import', ${ctx.importId}::uuid, ${ctx.createdBy}::uuid
        FROM (
          SELECT x.*, b.seq FROM import_staged_batches b
          CROSS JOIN LATERAL ROWS FROM (jsonb_to_recordset(b.rows) AS (${CASE_RECORD})) WITH ORDINALITY AS x(${CASE_COLUMNS}, ord)
          WHERE b.import_id = ${ctx.importId}::uuid
          ORDER BY b.seq, x.ord
        ) AS staged
        RETURNING 1
      )
      SELECT count(*)::int AS n FROM written`),
  );
  return inserted[0]?.n ?? 0;
}

/** Rows of a raw `execute`, whichever driver: postgres.js gives an array, PGlite an object with `rows`. */
const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

export const caseImportKind: ImportKindSpec<CaseRow> = {
  right: 'cases.import',
  fields: CASE_FIELDS,
  modes: ['all_or_nothing', 'valid_only'],
  async prepare(db, ctx) {
    // a hospital reporter imports residents of its whole area, as cards of its own facility (imports.cases.ts)
    const scope = facilityScopeFor(ctx.principal, 'cases.import');
    const lookups = await loadCaseLookups(db, reachOf(scope));
    return {
      check: caseRowChecker(lookups, identityProtector(ctx.config), ctx.now, { scope }),
      async matchExisting(rows) {
        const found = await findExistingMatches(
          db,
          scope,
          rows.map(({ row, value }) => ({
            key: row,
            diseaseId: value.diseaseId,
            idNumberHash: value.idNumberHash ?? null,
            personName: value.personName,
            birthDate: value.birthDate ?? null,
            diagnosisAt: value.diagnosisAt,
          })),
        );
        // the file each matched report came in with, when it was imported (a clerk recognises a re-import)
        const importIds = [...new Set([...found.values()].map((m) => m.importId).filter((x): x is string => x !== null))];
        const files = new Map(
          importIds.length === 0
            ? []
            : (
                await db
                  .select({ id: importJobs.id, filename: importJobs.filename })
                  .from(importJobs)
                  .where(inArray(importJobs.id, importIds))
              ).map((j) => [j.id, j.filename]),
        );
        return new Map(
          [...found.values()].map((m): [number, ExistingMatch] => [
            m.key,
            {
              row: m.key,
              caseId: m.caseId,
              code: m.code,
              match: m.match,
              daysApart: m.daysApart,
              facilityName: m.facilityName,
              facilityNameEn: m.facilityNameEn,
              reportedAt: m.reportedAt.toISOString(),
              importFilename: m.importId ? (files.get(m.importId) ?? null) : null,
              updatable: m.updatable,
            },
          ]),
        );
      },
    };
  },
  async publishUpdates(tx, updates, ctx) {
    const list: ImportUpdateVersion[] = updates.map((u) => ({ caseId: u.target, row: u.value, fileRow: u.row }));
    return recordImportUpdates(tx, {
      importId: ctx.importId,
      filename: ctx.filename,
      changedBy: ctx.principal.id,
      updates: list,
      now: new Date(),
    });
  },
  async write(tx, rows, ctx) {
    await insertImportedCases(tx, rows, { importId: ctx.importId, createdBy: ctx.principal.id });
  },
  stage: (rows) => rows.map(caseRowJson),
  publishStaged: (tx, ctx) => publishStagedCases(tx, { importId: ctx.importId, createdBy: ctx.principal.id }),
  async announce(tx, ctx) {
    // one event for the whole batch: lists and curves refetch once
    // every row lies within the importer's area: tell those whose area contains it (never another township)
    for (const jurisdictionPath of scopeFor(ctx.principal, 'cases.import').paths) {
      await publishLive(tx, {
        topic: 'cases',
        id: ctx.importId,
        action: 'imported',
        right: 'cases.read',
        jurisdictionPath,
        data: { count: ctx.count },
      });
    }
  },
};

// biome-ignore lint/suspicious/noExplicitAny: each kind has its own row type; the map holds them all and getters narrow by kind
const kindSpecs = new Map<ImportKind, ImportKindSpec<any>>([['cases', caseImportKind]]);

/**
 * Registers the kind a feature owns; registering the same spec again changes nothing. `replace` is for
 * benchmarks that compare variants of a kind (bench/import.bench.ts), never for features.
 */
export function registerImportKind<R>(kind: ImportKind, spec: ImportKindSpec<R>, options: { replace?: boolean } = {}): void {
  const known = kindSpecs.get(kind);
  if (known && known !== spec && !options.replace) throw new Error(`import kind "${kind}" is registered twice`);
  kindSpecs.set(kind, spec);
}

/** The spec of `kind`; a kind nobody registered is a wiring mistake (registerFeatureHooks not called at start). */
export function importKindSpec(kind: ImportKind): ImportKindSpec<unknown> {
  const spec = kindSpecs.get(kind);
  if (!spec) throw new Error(`import kind "${kind}" is not registered: call registerFeatureHooks() at start (features/feature-hooks.ts)`);
  return spec;
}

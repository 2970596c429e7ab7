/**
 * Portable backups: one JSON Lines file holding every table of the application, restorable into an empty
 * PGlite data directory or an empty PostgreSQL database (either engine to either).
 *
 * Format (UTF-8, one JSON value per line):
 *   {"format":"outbreak-command-backup","formatVersion":1,"createdAt":…,"engine":…,"migrations":[{version,checksum}],"tables":[…]}
 *   {"table":"jurisdictions","rows":3}        then that many lines, each a row as PostgreSQL's to_jsonb() wrote it
 *   …                                          tables in foreign-key order (parents first; self-references too)
 *   {"end":true,"tables":12,"rows":3456}       absent = the file is truncated, and restore refuses it
 *
 * Rows are copied as the database's own JSON text and read back with jsonb_populate_recordset, so values
 * (numeric precision, timestamps, jsonb) pass through JavaScript untouched. The backup reads one snapshot
 * (REPEATABLE READ); the restore is one transaction: schema and rows appear together or not at all.
 *
 * @example
 * await writeBackup(database, 'district.backup.jsonl');
 * await restoreBackup(emptyDatabase, 'district.backup.jsonl');
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Database, RawExecutor } from '../db/database.ts';
import { appliedMigrations, loadMigrations, migrate, type Migration } from '../db/migrator.ts';

export const BACKUP_FORMAT = 'outbreak-command-backup';
export const BACKUP_FORMAT_VERSION = 1;
const PAGE = 1000;
const INSERT_BATCH = 500;

interface ForeignKey {
  child: string;
  parent: string;
  childColumn: string;
  parentColumn: string;
}

/** The backup's first line. */
export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  engine: string;
  migrations: { version: string; checksum: string }[];
  tables: string[];
  /**
   * Positions of the sequences not owned by a column (they number the codes of cases, alerts, incidents and
   * tasks: 'C2026-000123'); restored so that new records do not reuse a code. Absent in older backups.
   */
  sequences?: { name: string; value: number }[];
}

/** Sequences of the public schema that no column owns (serial/identity ones are reset from the data). */
async function freeSequences(raw: RawExecutor): Promise<{ name: string; value: number }[]> {
  const rows = await raw.query<{ name: string; value: string | number | null }>(
    `SELECT s.sequencename AS name, s.last_value AS value FROM pg_sequences s
      WHERE s.schemaname = 'public' AND NOT EXISTS (
        SELECT 1 FROM pg_depend d JOIN pg_class c ON c.oid = d.objid
         WHERE c.relname = s.sequencename AND c.relkind = 'S' AND d.deptype IN ('a', 'i'))
      ORDER BY s.sequencename`,
  );
  // last_value is NULL until the sequence is first used: nothing to carry over then
  return rows.filter((r) => r.value !== null).map((r) => ({ name: r.name, value: Number(r.value) }));
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

async function publicTables(raw: RawExecutor): Promise<string[]> {
  const rows = await raw.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY c.relname`,
  );
  return rows.map((r) => r.name);
}

async function foreignKeys(raw: RawExecutor): Promise<ForeignKey[]> {
  return raw.query<ForeignKey>(
    `SELECT cc.relname AS child, pc.relname AS parent,
            (SELECT attname FROM pg_attribute WHERE attrelid = con.conrelid AND attnum = con.conkey[1]) AS "childColumn",
            (SELECT attname FROM pg_attribute WHERE attrelid = con.confrelid AND attnum = con.confkey[1]) AS "parentColumn"
       FROM pg_constraint con
       JOIN pg_class cc ON cc.oid = con.conrelid
       JOIN pg_class pc ON pc.oid = con.confrelid
       JOIN pg_namespace n ON n.oid = con.connamespace
      WHERE con.contype = 'f' AND n.nspname = 'public'`,
  );
}

/** Tables ordered so that every referenced table comes before the tables referring to it. */
export function dependencyOrder(tables: string[], keys: ForeignKey[]): string[] {
  const pending = new Set(tables);
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((t) => !keys.some((k) => k.child === t && k.parent !== t && pending.has(k.parent))).sort();
    if (ready.length === 0) throw new Error(`foreign keys form a cycle among: ${[...pending].join(', ')}`);
    for (const t of ready) {
      order.push(t);
      pending.delete(t);
    }
  }
  return order;
}

async function primaryKeyColumns(raw: RawExecutor, table: string): Promise<string[]> {
  const rows = await raw.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_index i
       JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY array_position(i.indkey, a.attnum)`,
    [ident(table)],
  );
  return rows.map((r) => r.name);
}

/** Rows of a self-referencing table, parents before children (e.g. jurisdictions: the path trigger needs it). */
function parentsFirst(rows: string[], key: ForeignKey): string[] {
  const parsed = rows.map((text) => ({ text, row: JSON.parse(text) as Record<string, unknown> }));
  const byId = new Map(parsed.map((p) => [String(p.row[key.parentColumn]), p]));
  const out: string[] = [];
  const placed = new Set<string>();
  const visit = (p: (typeof parsed)[number], depth: number) => {
    const id = String(p.row[key.parentColumn]);
    if (placed.has(id)) return;
    if (depth > rows.length) throw new Error(`${key.child}: the ${key.childColumn} references form a cycle`);
    const parentId = p.row[key.childColumn];
    const parent = parentId === null || parentId === undefined ? undefined : byId.get(String(parentId));
    if (parent) visit(parent, depth + 1);
    placed.add(id);
    out.push(p.text);
  };
  for (const p of parsed) visit(p, 0);
  return out;
}

/**
 * Writes a backup of every table in the public schema to `file`; returns the row count of each table.
 * On PGlite the server must be stopped (one process per data directory); on PostgreSQL it may run.
 */
export async function writeBackup(database: Database, file: string): Promise<{ tables: { name: string; rows: number }[] }> {
  const out = createWriteStream(file, { encoding: 'utf8' });
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  };
  try {
    const counts = await database.raw.transaction(async (tx) => {
      if (database.engine === 'postgres') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const migrations = await appliedMigrations(tx);
      const keys = await foreignKeys(tx);
      const tables = dependencyOrder(
        (await publicTables(tx)).filter((t) => t !== 'schema_migrations'),
        keys,
      );
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        createdAt: new Date().toISOString(),
        engine: database.engine,
        migrations,
        tables,
        sequences: await freeSequences(tx),
      };
      await write(JSON.stringify(header));
      const result: { name: string; rows: number }[] = [];
      for (const table of tables) {
        const [{ n }] = (await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(table)}`)) as [{ n: number }];
        await write(JSON.stringify({ table, rows: n }));
        const selfKey = keys.find((k) => k.child === table && k.parent === table);
        const pk = await primaryKeyColumns(tx, table);
        const orderBy = pk.length > 0 ? `ORDER BY ${pk.map((c) => `t.${ident(c)}`).join(', ')}` : '';
        if (selfKey || pk.length === 0) {
          const rows = (await tx.query<{ r: string }>(`SELECT to_jsonb(t)::text AS r FROM ${ident(table)} t ${orderBy}`)).map((x) => x.r);
          for (const line of selfKey ? parentsFirst(rows, selfKey) : rows) await write(line);
        } else {
          for (let offset = 0; offset < n; offset += PAGE) {
            const rows = await tx.query<{ r: string }>(
              `SELECT to_jsonb(t)::text AS r FROM ${ident(table)} t ${orderBy} LIMIT ${PAGE} OFFSET ${offset}`,
            );
            for (const row of rows) await write(row.r);
          }
        }
        result.push({ name: table, rows: n });
      }
      await write(JSON.stringify({ end: true, tables: tables.length, rows: result.reduce((s, t) => s + t.rows, 0) }));
      return result;
    });
    out.end();
    await once(out, 'finish');
    return { tables: counts };
  } catch (err) {
    out.destroy();
    throw err;
  }
}

/** Whether the database has no table in its public schema (a restore target must be empty). */
export async function isDatabaseEmpty(raw: RawExecutor): Promise<boolean> {
  return (await publicTables(raw)).length === 0;
}

/** A restore refused or failed because of the file or the target: the message says which. */
export class RestoreError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreError';
  }
}

/**
 * Restores a backup into an EMPTY database (refuses otherwise): applies the migrations the backup was made
 * at, loads every row, resets sequences — all in one transaction — then applies any newer migrations of this
 * version. Returns the rows restored per table.
 */
export async function restoreBackup(
  database: Database,
  file: string,
  localMigrations: Migration[] = loadMigrations(),
): Promise<{ tables: { name: string; rows: number }[]; upgradedWith: string[] }> {
  if (!(await isDatabaseEmpty(database.raw))) {
    throw new RestoreError('the target database is not empty: restore only into an empty data directory or database');
  }
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Number.POSITIVE_INFINITY });
  const iterator = lines[Symbol.asyncIterator]();
  let lineNo = 0;
  const next = async (): Promise<string | undefined> => {
    const r = await iterator.next();
    if (r.done) return undefined;
    lineNo += 1;
    return r.value;
  };
  const parseLine = (text: string | undefined, what: string): Record<string, unknown> => {
    if (text === undefined) throw new RestoreError(`the backup ends early (line ${lineNo + 1}: expected ${what}); it is truncated`);
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new RestoreError(`line ${lineNo} is not JSON (expected ${what})`);
    }
  };

  try {
    const header = parseLine(await next(), 'the header') as unknown as BackupHeader;
    if (header.format !== BACKUP_FORMAT) throw new RestoreError(`not an Outbreak Command backup (line 1)`);
    if (header.formatVersion > BACKUP_FORMAT_VERSION) {
      throw new RestoreError(`backup format ${header.formatVersion} is newer than this version understands (${BACKUP_FORMAT_VERSION})`);
    }
    const needed: Migration[] = header.migrations.map((m) => {
      const local = localMigrations.find((l) => l.version === m.version);
      if (!local) throw new RestoreError(`the backup was made by a newer version (migration ${m.version} is unknown here): upgrade first`);
      if (local.checksum !== m.checksum) throw new RestoreError(`migration ${m.version} differs from the one the backup was made with`);
      return local;
    });

    const restored = await database.raw.transaction(async (tx) => {
      await tx.exec(`CREATE TABLE schema_migrations (
        version text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const m of needed) {
        await tx.exec(m.sql);
        await tx.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [m.version, m.checksum]);
      }
      // Migrations may seed catalogue rows (diseases, feed types): the backup holds the district's own
      // version of them, so they go first (children before parents) and the backup's rows replace them.
      for (const table of [...header.tables].reverse()) {
        const [row] = await tx.query<{ any: boolean }>(
          `SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = $1) AS any`,
          [table],
        );
        if (!row?.any) continue;
        const [filled] = await tx.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${ident(table)}) AS any`);
        if (filled?.any) await tx.query(`DELETE FROM ${ident(table)}`);
      }
      const result: { name: string; rows: number }[] = [];
      for (;;) {
        const section = parseLine(await next(), 'a table header or the end marker');
        if (section.end === true) {
          const total = result.reduce((s, t) => s + t.rows, 0);
          if (section.rows !== total || section.tables !== result.length) {
            throw new RestoreError(
              `the end marker counts ${section.tables} tables / ${section.rows} rows, the file held ${result.length} / ${total}`,
            );
          }
          break;
        }
        const table = section.table;
        const count = section.rows;
        if (typeof table !== 'string' || typeof count !== 'number') throw new RestoreError(`line ${lineNo}: expected a table header`);
        const columns = (
          await tx.query<{ name: string }>(
            `SELECT column_name AS name FROM information_schema.columns
              WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
            [table],
          )
        ).map((c) => ident(c.name));
        if (columns.length === 0) throw new RestoreError(`line ${lineNo}: table ${table} does not exist at this schema level`);
        // The rows are restored as they were: triggers that derive data from them (materialised paths, the
        // daily case counts, which are restored as their own table) must not run again while loading.
        await tx.exec(`ALTER TABLE ${ident(table)} DISABLE TRIGGER USER`);
        const insert = `INSERT INTO ${ident(table)} (${columns.join(', ')}) OVERRIDING SYSTEM VALUE
          SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${ident(table)}, $1::jsonb)`;
        let batch: string[] = [];
        const flush = async () => {
          if (batch.length === 0) return;
          await tx.query(insert, [`[${batch.join(',')}]`]);
          batch = [];
        };
        for (let i = 0; i < count; i += 1) {
          const line = await next();
          if (line === undefined) throw new RestoreError(`the backup ends inside table ${table}; it is truncated`);
          batch.push(line);
          if (batch.length >= INSERT_BATCH) await flush();
        }
        await flush();
        await tx.exec(`ALTER TABLE ${ident(table)} ENABLE TRIGGER USER`);
        await resetSequences(tx, table);
        result.push({ name: table, rows: count });
      }
      for (const { name, value } of header.sequences ?? []) {
        if (!Number.isSafeInteger(value) || value < 1) throw new RestoreError(`sequence ${name} has an invalid position ${value}`);
        const [exists] = await tx.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_sequences WHERE schemaname = 'public' AND sequencename = $1`,
          [name],
        );
        if (exists && exists.n > 0) await tx.query(`SELECT setval($1, $2, true)`, [ident(name), value]);
      }
      return result;
    });
    const upgradedWith = await migrate(database, localMigrations);
    return { tables: restored, upgradedWith };
  } finally {
    lines.close();
  }
}

/** After explicit ids were inserted, move each identity/serial sequence past the largest one. */
async function resetSequences(tx: RawExecutor, table: string): Promise<void> {
  const columns = await tx.query<{ name: string; seq: string | null }>(
    `SELECT column_name AS name, pg_get_serial_sequence($1, column_name) AS seq
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $2`,
    [ident(table), table],
  );
  for (const { name, seq } of columns) {
    if (!seq) continue;
    await tx.query(`SELECT setval($1, COALESCE((SELECT max(${ident(name)}) FROM ${ident(table)}), 0) + 1, false)`, [seq]);
  }
}

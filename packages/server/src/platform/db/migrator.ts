/**
 * Our own small migrator: plain numbered SQL files in packages/server/migrations/ (`0001_platform.sql`,
 * `0002_registry.sql` …), applied in order, each in one transaction together with its row in
 * `schema_migrations`. Why not drizzle-kit's migrator: the SQL files are written by hand (triggers, checks,
 * partial indexes) and reviewed as SQL, and one file per feature keeps parallel work from colliding.
 *
 * @example
 * const applied = await migrate(database); // ['0001_platform']
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database, RawExecutor } from './database.ts';

/** The folder of the application's migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations/', import.meta.url));

/** One migration file. `version` is the file name without `.sql`, e.g. `0001_platform`. */
export interface Migration {
  version: string;
  sql: string;
  checksum: string;
}

const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;
// An arbitrary constant: migrators in several processes (API replicas) take turns on it.
const MIGRATION_LOCK_KEY = 72_210_001;

/** Reads the migration files in order; refuses a malformed name or two files with the same number. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const seen = new Map<string, string>();
  return files.map((file) => {
    const match = FILE_PATTERN.exec(file);
    if (!match) throw new Error(`migration file name '${file}' must look like 0001_name.sql`);
    const number = match[1]!;
    if (seen.has(number)) throw new Error(`migrations '${seen.get(number)}' and '${file}' share number ${number}`);
    seen.set(number, file);
    const sql = readFileSync(`${dir}/${file}`, 'utf8');
    return { version: file.slice(0, -4), sql, checksum: createHash('sha256').update(sql).digest('hex') };
  });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version text PRIMARY KEY,
  checksum text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
)`;

/** The versions already applied, in order. */
export async function appliedMigrations(raw: RawExecutor): Promise<{ version: string; checksum: string }[]> {
  const exists = await raw.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!exists[0]?.t) return [];
  return raw.query(`SELECT version, checksum FROM schema_migrations ORDER BY version`);
}

/**
 * Applies every migration not yet applied, in order; returns the versions it applied.
 * Refuses to run when an applied file was edited afterwards (its checksum changed): a released migration is
 * never changed, a new one is added instead.
 */
export async function migrate(database: Database, migrations: Migration[] = loadMigrations()): Promise<string[]> {
  await database.raw.exec(CREATE_TABLE);
  const applied: string[] = [];
  for (const migration of migrations) {
    const done = await database.raw.transaction(async (tx) => {
      // Serialises concurrent migrators; PGlite has one connection and needs no lock, but takes it harmlessly.
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
      const rows = await tx.query<{ checksum: string }>('SELECT checksum FROM schema_migrations WHERE version = $1', [migration.version]);
      if (rows[0]) {
        if (rows[0].checksum !== migration.checksum) {
          throw new Error(
            `migration ${migration.version} was changed after it was applied (checksum differs); add a new migration instead`,
          );
        }
        return false;
      }
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, checksum) VALUES ($1, $2)', [migration.version, migration.checksum]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}

/** The number of applied migrations (reported by /api/ready and stored in backups). */
export async function migrationLevel(raw: RawExecutor): Promise<number> {
  return (await appliedMigrations(raw)).length;
}

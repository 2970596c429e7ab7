/**
 * Migrated, empty test databases on both engines.
 *
 * PGlite: the first call in a machine's run migrates an in-memory PGlite and saves its data directory as a
 * tarball in the OS temp folder (named by a hash of the migration files); every later call, in any test file,
 * loads that template (≈2 s instead of ≈8 s plus migrations). PostgreSQL (when `TEST_DATABASE_URL` is set):
 * each call creates its own database `t_<random>` on that server, migrates it, and drops it on close.
 *
 * @example
 * describe.each(testEngines())('facilities (%s)', (engine) => {
 *   const t = withTestDb(engine);
 *   it('lists', async () => { await t.database.db.select().from(facilities); });
 * });
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { type Database, type Engine, openDatabase, wrapPglite } from '../platform/db/database.ts';
import { loadMigrations, migrate } from '../platform/db/migrator.ts';
import { registerFeatureHooks } from '../features/feature-hooks.ts';
import { useAuditKey } from '../platform/audit/audit.ts';

/** The audit key of test processes: fixed, so that no test creates DATA_DIR/audit.key in the working tree. */
export const TEST_AUDIT_KEY = Buffer.from('5a'.repeat(32), 'hex');
useAuditKey(TEST_AUDIT_KEY);

/** The engines to test on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

// A template made by another PGlite version may not load: the version is part of the template's name.
// (package.json is not in the package's exports map: find it next to the resolved entry point, dist/…)
const PGLITE_VERSION = (
  JSON.parse(readFileSync(join(dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite')), '..', 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

function templatePath(): string {
  const migrations = loadMigrations();
  const key = createHash('sha256')
    .update(`pglite ${PGLITE_VERSION}\n`)
    .update(migrations.map((m) => `${m.version}:${m.checksum}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  return join(tmpdir(), `outbreak-test-template-${key}.tar`);
}

async function createPgliteTestDb(): Promise<Database> {
  const file = templatePath();
  if (existsSync(file)) {
    try {
      const pglite = await PGlite.create({ loadDataDir: new Blob([readFileSync(file)]) });
      return wrapPglite(pglite, 'memory (test)');
    } catch {
      // removed meanwhile by a run with other migrations, or unreadable: build it again below
    }
  }
  const database = await openDatabase({});
  await migrate(database);
  const dump = await dumpOf(database, database.pglite);
  // write-then-rename: a parallel test file never reads a half-written template
  const partial = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
  renameSync(partial, file);
  // templates of older migration sets are dead weight (≈40 MB each)
  for (const name of readdirSync(tmpdir())) {
    const path = join(tmpdir(), name);
    if (/^outbreak-test-template-[0-9a-f]{16}\.tar$/.test(name) && path !== file) rmSync(path, { force: true });
  }
  return database;
}

async function dumpOf(database: Database, pglite: PGlite | undefined): Promise<Blob> {
  if (!pglite) throw new Error(`cannot dump a ${database.engine} database as a PGlite template`);
  return pglite.dumpDataDir('none');
}

/** Creates a fresh database on PostgreSQL, migrated; closing it drops it. */
async function createPostgresTestDb(adminUrl: string, migrated: boolean): Promise<Database> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end({ timeout: 5 });
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), maxConnections: 4 });
  if (migrated) await migrate(database);
  return {
    ...database,
    engine: database.engine,
    db: database.db,
    raw: database.raw,
    url: database.url,
    location: database.location,
    async close() {
      await database.close();
      const dropper = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await dropper.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await dropper.end({ timeout: 5 });
      }
    },
  };
}

/**
 * A migrated, empty database on `engine` (`{ migrated: false }`: a blank one, e.g. a restore target).
 * Close it when done (for PostgreSQL, that drops it).
 */
export async function createTestDb(engine: Engine = 'pglite', options: { migrated?: boolean } = {}): Promise<Database> {
  // Tests that call services directly get the same hand-offs as the server (features/feature-hooks.ts).
  registerFeatureHooks();
  const migrated = options.migrated ?? true;
  if (engine === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DATABASE_URL is not set');
    return createPostgresTestDb(url, migrated);
  }
  return migrated ? createPgliteTestDb() : openDatabase({});
}

/** Handle filled by `withTestDb` before the file's tests run. */
export interface TestDbHandle {
  readonly database: Database;
}

/**
 * Registers beforeAll/afterAll hooks in the current `describe` that create a migrated database on `engine`
 * and close it afterwards. Tests in the block share it: give records unique codes/names.
 */
export function withTestDb(engine: Engine = 'pglite'): TestDbHandle {
  let database: Database | undefined;
  beforeAll(async () => {
    database = await createTestDb(engine);
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });
  return {
    get database() {
      if (!database) throw new Error('the test database is not open yet (use it inside a test or hook)');
      return database;
    },
  };
}

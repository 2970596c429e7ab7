/**
 * Opens the application's database: embedded PGlite (default) or a PostgreSQL server (`DATABASE_URL`).
 *
 * Both give the same Drizzle API (`database.db`) over the same schema, plus a small raw interface (`raw`) for
 * the migrator and backups, which need multi-statement scripts and engine-neutral row reading.
 *
 * @example
 * const database = await openDatabase({ dataDir: './data/db' });
 * await database.db.select().from(users);
 * await database.close();
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
/**
 * Drizzle's relational schema: empty. Queries name their tables (`db.select().from(cases)`), nothing uses
 * `db.query.*`, so the platform need not import every feature's tables (which tied them all into one cycle).
 */
export type Schema = Record<string, never>;
/** A Drizzle database handle, whichever engine is underneath. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A Drizzle transaction (what `db.transaction(async (tx) => …)` passes). */
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either: store functions that only read accept both. Writes that must be audited take a `Tx`. */
export type Executor = Db | Tx;

/** Engine-neutral raw SQL access (no Drizzle): used by the migrator, backup/restore and test support. */
export interface RawExecutor {
  /** Runs a script of one or more statements without parameters. */
  exec(script: string): Promise<void>;
  /** Runs one parameterised statement (`$1`, `$2` …) and returns its rows. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
}

/** A raw executor that can also open a transaction. */
export interface RawDatabase extends RawExecutor {
  transaction<T>(fn: (tx: RawExecutor) => Promise<T>): Promise<T>;
}

export type Engine = 'pglite' | 'postgres';

/** An open database: close it when done (an open PGlite keeps the process alive). */
export interface Database {
  readonly engine: Engine;
  readonly db: Db;
  readonly raw: RawDatabase;
  /** Where the data lives, for messages: the PGlite directory, or the URL without its password. */
  readonly location: string;
  /** The connection URL, when the engine is PostgreSQL (pg-boss opens its own pool with it). */
  readonly url?: string;
  /** The PGlite instance, when the engine is PGlite (for dumps and templates). */
  readonly pglite?: PGlite;
  /**
   * LISTENs on a notification channel: `onPayload` receives each NOTIFY payload sent on it (delivered only when
   * the sending transaction commits). Returns the function that stops listening.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… — when set, PostgreSQL is used */
  url?: string;
  /** PGlite data directory; omitted (and no url): an in-memory database */
  dataDir?: string;
  /** An already created PGlite instance (tests clone a migrated template this way). */
  pglite?: PGlite;
  /** postgres.js pool size (default 10) */
  maxConnections?: number;
}

/** Opens PostgreSQL when `url` is given, else PGlite (on disk at `dataDir`, or in memory). */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.maxConnections ?? 10);
  if (options.pglite) return wrapPglite(options.pglite, 'memory');
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
  return wrapPglite(pglite, options.dataDir ?? 'memory');
}

/** Wraps an existing PGlite instance; closing the Database closes it. */
export function wrapPglite(pglite: PGlite, location: string): Database {
  const db = drizzlePglite({ client: pglite }) as unknown as Db;
  const rawOf = (client: Pick<PGlite, 'exec' | 'query'>): RawExecutor => ({
    async exec(script) {
      await client.exec(script);
    },
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.query<T>(text, params)).rows;
    },
  });
  return {
    engine: 'pglite',
    db,
    location,
    pglite,
    raw: {
      ...rawOf(pglite),
      transaction: (fn) => pglite.transaction((tx) => fn(rawOf(tx))),
    },
    async listen(channel, onPayload) {
      const unlisten = await pglite.listen(channel, onPayload);
      return async () => {
        if (!pglite.closed) await unlisten();
      };
    },
    async close() {
      if (!pglite.closed) await pglite.close();
    },
  };
}

function openPostgres(url: string, max: number): Database {
  const client = postgres(url, {
    max,
    // PostgreSQL's NOTICEs (e.g. "relation already exists, skipping") are not the operator's business.
    onnotice: () => {},
    // int8 as JS numbers: our bigint columns (sequence numbers, counts) stay far below 2^53.
    types: {
      bigint: { to: 20, from: [20], serialize: (v: number) => String(v), parse: (v: string) => Number(v) },
    },
  });
  const db = drizzlePostgres({ client }) as unknown as Db;
  type Sql = postgres.Sql | postgres.TransactionSql;
  const rawOf = (c: Sql): RawExecutor => ({
    async exec(script) {
      // simple protocol: allows several statements in one call
      await c.unsafe(script).simple();
    },
    async query<T>(text: string, params: unknown[] = []) {
      const rows = await c.unsafe(text, params as postgres.ParameterOrJSON<never>[]);
      return [...rows] as T[];
    },
  });
  const safeUrl = (() => {
    try {
      const u = new URL(url);
      if (u.password) u.password = '***';
      return u.toString();
    } catch {
      return 'postgres';
    }
  })();
  return {
    engine: 'postgres',
    db,
    url,
    location: safeUrl,
    raw: {
      ...rawOf(client),
      transaction: async (fn) => (await client.begin((tx) => fn(rawOf(tx)))) as never,
    },
    async listen(channel, onPayload) {
      // postgres.js keeps one dedicated connection for all LISTENs of this client and re-listens on reconnect.
      const { unlisten } = await client.listen(channel, onPayload);
      return async () => {
        await unlisten().catch(() => {});
      };
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}

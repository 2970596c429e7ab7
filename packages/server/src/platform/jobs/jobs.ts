/**
 * Background jobs: pg-boss 10 on the application's own database, on both engines.
 *
 * On PostgreSQL pg-boss uses its own connection pool (`DATABASE_URL`). On PGlite it runs through a small
 * adapter over the same PGlite instance (`executeSql` → `exec` for parameter-free scripts, which may hold
 * several statements, else `query`): checked to install its schema, take a job and run it; PGlite serialises
 * the queries with the application's. One implementation for both engines, so a job written on a laptop runs
 * unchanged on the production server. Jobs live in the `pgboss` schema (not in backups: they are transient).
 *
 * @example
 * const jobs = await startJobs(database, log);
 * await jobs.work('sessions.purge', async () => { await purgeExpiredSessions(db, config); });
 * await jobs.schedule('sessions.purge', '*\/10 * * * *');
 * await jobs.stop();
 */
import PgBoss from 'pg-boss';
import type { Database } from '../db/database.ts';
import { type Logger, redactText } from '../logger.ts';

/** What features use to run work in the background. */
export interface JobQueue {
  /** Runs `handler` for each job of queue `name` (creating the queue if needed). */
  work<T extends object>(name: string, handler: (data: T) => Promise<void>): Promise<void>;
  /** Enqueues a job (returns its id); `startAfterSeconds` delays it. */
  send<T extends object>(name: string, data: T, options?: { startAfterSeconds?: number }): Promise<string | null>;
  /** Enqueues a job on a cron schedule (5 fields, minute precision, UTC). */
  schedule(name: string, cron: string, data?: object): Promise<void>;
  /** Stops polling and waits for running jobs (bounded). */
  stop(): Promise<void>;
}

function pgliteAdapter(database: Database): PgBoss.Db {
  const pglite = database.pglite!;
  return {
    async executeSql(text: string, values: unknown[] = []) {
      if (values.length === 0) {
        const results = await pglite.exec(text);
        return { rows: results.at(-1)?.rows ?? [] };
      }
      return { rows: (await pglite.query(text, values)).rows };
    },
  };
}

/** The error a failed job is stored with: the message and stack, with the query parameters removed. */
export function jobFailure(error: unknown): Error {
  if (!(error instanceof Error)) return new Error('job failed');
  const safe = new Error(redactText(error.message));
  safe.name = error.name;
  safe.stack = error.stack ? redactText(error.stack) : undefined;
  return safe;
}

/** Starts pg-boss on the database (installing or upgrading its schema). */
export async function startJobs(database: Database, log: Logger, options: { pollingIntervalSeconds?: number } = {}): Promise<JobQueue> {
  const boss =
    database.engine === 'pglite'
      ? new PgBoss({ db: pgliteAdapter(database), schema: 'pgboss' })
      : new PgBoss({ connectionString: database.url, schema: 'pgboss', max: 4 });
  const pollingIntervalSeconds = options.pollingIntervalSeconds ?? 2;
  boss.on('error', (error) => log.error('job queue error', { error }));
  await boss.start();
  const queues = new Set<string>();
  const ensureQueue = async (name: string) => {
    if (queues.has(name)) return;
    if (!(await boss.getQueue(name))) await boss.createQueue(name);
    queues.add(name);
  };
  return {
    async work(name, handler) {
      await ensureQueue(name);
      await boss.work(name, { pollingIntervalSeconds }, async (jobs) => {
        for (const job of jobs) {
          try {
            await handler(job.data as never);
          } catch (error) {
            // pg-boss stores a failed job's error (message and stack) in its table: without the statement's values
            throw jobFailure(error);
          }
        }
      });
    },
    async send(name, data, options = {}) {
      await ensureQueue(name);
      return boss.send(name, data, {
        ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
      });
    },
    async schedule(name, cron, data = {}) {
      await ensureQueue(name);
      await boss.schedule(name, cron, data, { tz: 'UTC' });
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/**
 * Running the platform: open the configured database, migrate, seed the demo district on first start, start
 * the jobs, serve the API and the web app, and shut all of it down cleanly on SIGINT/SIGTERM.
 *
 * @example
 * const server = await startServer(loadConfig());
 * console.log(server.url);
 * await server.close();
 */
import { existsSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { type Config, pgliteDataDir } from './platform/config.ts';
import { type Database, openDatabase } from './platform/db/database.ts';
import { lockDataDir } from './platform/db/data-dir-lock.ts';
import { migrate } from './platform/db/migrator.ts';
import { purgeExpiredSessions, purgeOldLoginAttempts } from './platform/auth/sessions.ts';
import { type JobQueue, startJobs } from './platform/jobs/jobs.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { type DemoUser, seedDemoDistrict } from './features/demo/demo.seeder.ts';
import { registerFeatureHooks } from './features/feature-hooks.ts';
import { registerFeatureJobs } from './features/feature-jobs.ts';
import { recoverInterruptedImports } from './features/imports/imports.service.ts';
import { closeDetectionPool } from './features/detection/detection.pool.ts';
import { LiveHub } from './platform/live/live.ts';
import { AUDIT_KEY_SPEC, ensureDataKey, IDENTITY_KEY_SPEC } from './platform/keys/data-keys.ts';
import { auditKeyOpensChain, useAuditKey } from './platform/audit/audit.ts';
import { writeAuditCheckpointFile } from './platform/audit/audit-checkpoints.ts';
import { identityKeyOpensData } from './features/cases/identity-key-probe.ts';
import { seedNeighbourDistrict } from './features/demo/neighbour-district.ts';
import { linkDemoPeer, loadNeighbourIdentity, NEIGHBOURS_DELIVER_JOB } from './features/neighbours/index.ts';

/**
 * Checks the data keys against a migrated database (refusing, with a DataKeyError naming IDENTITY_KEY or
 * AUDIT_KEY, a key the data was not written with, or a missing one) and makes the audit key this process's.
 * The server runs it at every start; CLI commands that write audit records or verify the chain do too.
 */
export async function checkDataKeys(database: Database, config: Config, options: { identity?: boolean } = {}): Promise<void> {
  // verifying the audit log needs only the audit key
  if (options.identity !== false)
    await ensureDataKey(database.db, config, IDENTITY_KEY_SPEC, { probe: (key) => identityKeyOpensData(database.db, key) });
  useAuditKey(await ensureDataKey(database.db, config, AUDIT_KEY_SPEC, { probe: (key) => auditKeyOpensChain(database.db, key) }));
}

/** Whether a PGlite data directory holds no database yet. */
export function isEmptyDataDir(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/**
 * Opens the database the configuration names: PostgreSQL with DATABASE_URL, else PGlite in DATA_DIR/db (locked
 * against a second process). Close it when done.
 */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) return openDatabase({ url: config.databaseUrl });
  const dir = pgliteDataDir(config);
  const unlock = lockDataDir(dir);
  try {
    const database = await openDatabase({ dataDir: dir });
    return {
      ...database,
      async close() {
        try {
          await database.close();
        } finally {
          unlock();
        }
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}

/** A running server. */
export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  /** whether this start seeded the demo district */
  seeded: boolean;
  /** the district seeded or found: District J, or the demo neighbour's (`StartServerOptions.neighbourDemo`) */
  demoDistrict: string;
  /** the demo sign-ins as seeded (empty when demo seeding is off) */
  demoUsers: DemoUser[];
  /**
   * Links the platform at `baseUrl` for the demo (docs/neighbours.md): reads its public identity, links it
   * active with the demo agreement unless its district is linked already, and starts a delivery run.
   */
  linkDemoNeighbour(baseUrl: string): Promise<{ created: boolean; code: string }>;
  close(): Promise<void>;
}

export interface StartServerOptions {
  log?: Logger;
  /** start pg-boss (default true) */
  jobs?: boolean;
  /**
   * Seed this adjacent district of District J (its code, e.g. '500192') instead of District J: a demo
   * neighbour platform (`outbreak serve --neighbours` starts them).
   */
  neighbourDemo?: string;
}

/** Starts everything; resolves when the port is listening. */
export async function startServer(config: Config, options: StartServerOptions = {}): Promise<RunningServer> {
  const log = options.log ?? createLogger(config.logLevel);
  const database = await openConfiguredDatabase(config);
  let jobs: JobQueue | undefined;
  try {
    const applied = await migrate(database);
    if (applied.length > 0) log.info('migrations applied', { applied });
    await checkDataKeys(database, config);
    // this platform's key pair for linked districts (generated on first start); border alerts sign with it
    await loadNeighbourIdentity(database.db, config);
    // imports cut off by the last stop (kill -9, a crash): failed and re-runnable, never 'importing' for ever
    const interrupted = await recoverInterruptedImports(database);
    if (interrupted.length > 0) log.warn('interrupted imports marked failed', { ids: interrupted });
    let seeded = false;
    let demoUsers: DemoUser[] = [];
    let demoDistrict = 'District J';
    if (config.seedDemo && options.neighbourDemo) {
      const result = await seedNeighbourDistrict(database, options.neighbourDemo);
      seeded = result.created;
      demoUsers = result.users;
      demoDistrict = result.users[0]?.jurisdiction ?? options.neighbourDemo;
      if (seeded) log.info('demo neighbour district seeded', { code: options.neighbourDemo });
    } else if (config.seedDemo) {
      const result = await seedDemoDistrict(database, { identity: config });
      seeded = result.created;
      demoUsers = result.users;
      if (seeded) log.info('demo district seeded', { users: demoUsers.length });
    }
    if (options.jobs !== false) {
      jobs = await startJobs(database, log);
      await jobs.work('platform.purge-sessions', async () => {
        const n = await purgeExpiredSessions(database.db, config);
        const attempts = await purgeOldLoginAttempts(database.db);
        if (n > 0 || attempts > 0) log.info('expired sessions and old sign-in attempts removed', { sessions: n, attempts });
      });
      await jobs.schedule('platform.purge-sessions', '*/15 * * * *');
      // a signed anchor of the audit chain outside the database, daily (docs/operations.md, "Audit")
      await jobs.work('platform.audit-checkpoint', async () => {
        const written = await writeAuditCheckpointFile(database.db, config);
        if (written.ok) log.info('audit checkpoint written', { file: written.file, seq: written.checkpoint.seq });
        else
          log.error('AUDIT LOG DAMAGED: no checkpoint written', {
            seq: written.verification.ok ? null : written.verification.seq,
            problem: written.verification.ok ? null : written.verification.problem,
          });
      });
      await jobs.schedule('platform.audit-checkpoint', '17 2 * * *');
    }
    const live = new LiveHub(log);
    await live.start(database);
    const deps = { database, config, log, jobs, live };
    registerFeatureHooks(); // before the jobs: a detection run hands its signals to the alerts intake
    if (jobs) await registerFeatureJobs(jobs, deps);
    const app = createApp(deps, { serveWeb: true });
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () => resolve(s));
      s.once('error', reject);
    });
    const port = (server.address() as AddressInfo).port;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    let closing: Promise<void> | undefined;
    return {
      url: `http://${shownHost}:${port}`,
      port,
      database,
      seeded,
      demoDistrict,
      demoUsers,
      async linkDemoNeighbour(baseUrl) {
        const linked = await linkDemoPeer(database, config, baseUrl);
        await jobs?.send(NEIGHBOURS_DELIVER_JOB, {});
        return linked;
      },
      close() {
        closing ??= (async () => {
          await new Promise<void>((resolve) => {
            server.close(() => resolve());
            // idle keep-alive connections would hold close() open
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          });
          await live.stop();
          await jobs?.stop();
          await closeDetectionPool(); // detection's kept worker threads
          await database.close();
        })();
        return closing;
      },
    };
  } catch (err) {
    await jobs?.stop().catch(() => {});
    await database.close();
    throw err;
  }
}

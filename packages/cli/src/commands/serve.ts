/**
 * `outbreak serve`: migrate, seed the demo district on first start, serve the API and the web app.
 * Stops cleanly on Ctrl-C / SIGTERM (closes the HTTP server, the jobs and the database).
 */
import { parseArgs } from 'node:util';
import {
  type Config,
  ConfigError,
  type Database,
  type DemoUser,
  loadConfigWith,
  openConfiguredDatabase,
  startServer,
} from '@outbreak/server';
import { CliError, type CliCommand, EXIT } from '../cli-command.ts';

/** The configuration from the environment with command-line overrides; a bad value is a usage error. */
export function configFrom(overrides: Record<string, string | undefined>): Config {
  try {
    return loadConfigWith(overrides);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message);
    throw err;
  }
}

/** Opens the configured database for a command; a data directory in use is a one-line error, not a stack. */
export async function openForCli(config: Config): Promise<Database> {
  try {
    return await openConfiguredDatabase(config);
  } catch (err) {
    if ((err as Error).name === 'DataDirLockedError') throw new CliError((err as Error).message);
    throw err;
  }
}

/** The demo sign-ins as a small table. */
export function formatDemoUsers(users: DemoUser[]): string {
  const width = Math.max(...users.map((u) => u.username.length), 8);
  const lines = users.map((u) => `  ${u.username.padEnd(width)}  ${u.password}  ${u.role.padEnd(18)}  ${u.jurisdiction}`);
  return [`  ${'username'.padEnd(width)}  password        role                jurisdiction`, ...lines].join('\n');
}

export const command: CliCommand = {
  usage: `Usage: outbreak serve [--port N] [--host H] [--data-dir DIR] [--no-seed] [--no-jobs]

Serves the web app and the API on PORT (default 8080). The database is PGlite in DATA_DIR/db (default ./data),
or PostgreSQL when DATABASE_URL is set. Every variable of the configuration table in README.md applies;
options given here override them.`,
  async run(args) {
    let values;
    try {
      ({ values } = parseArgs({
        args,
        options: {
          port: { type: 'string' },
          host: { type: 'string' },
          'data-dir': { type: 'string' },
          'no-seed': { type: 'boolean' },
          'no-jobs': { type: 'boolean' },
        },
        strict: true,
      }));
    } catch (err) {
      throw new CliError((err as Error).message);
    }
    const config = configFrom({
      PORT: values.port,
      HOST: values.host,
      DATA_DIR: values['data-dir'],
      ...(values['no-seed'] ? { SEED_DEMO: 'false' } : {}),
    });
    let server;
    try {
      server = await startServer(config, { jobs: !values['no-jobs'] });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'EADDRINUSE') throw new CliError(`port ${config.port} is in use: stop what holds it, or set PORT`);
      if (e.name === 'DataDirLockedError') throw new CliError(e.message);
      if (e.name === 'DataKeyError') throw new CliError(e.message); // names IDENTITY_KEY / AUDIT_KEY and the fix
      throw err;
    }
    const where = config.databaseUrl ? server.database.location : `${config.dataDir}/db (PGlite)`;
    process.stdout.write(`\nOutbreak Command is running at ${server.url}\n  database: ${where}\n`);
    if (server.demoUsers.length > 0) {
      const note = server.seeded ? 'District J was seeded just now' : 'as seeded; passwords changed since are not shown';
      process.stdout.write(`\nDemo sign-ins (${note}):\n${formatDemoUsers(server.demoUsers)}\n`);
    }
    process.stdout.write('\nPress Ctrl-C to stop.\n');
    await new Promise<void>((resolve) => {
      // Handlers stay installed: a repeated signal while closing is ignored instead of killing the process
      // half-way through closing the database.
      const stop = () => resolve();
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
    });
    process.stderr.write('stopping…\n');
    await server.close();
    return EXIT.ok;
  },
};

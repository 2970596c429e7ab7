/**
 * `outbreak serve`: migrate, seed the demo district on first start, serve the API and the web app.
 * Stops cleanly on Ctrl-C / SIGTERM (closes the HTTP server, the jobs and the database).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type Config,
  ConfigError,
  DEMO_NEIGHBOUR_CODES,
  type Database,
  type DemoUser,
  loadConfigWith,
  neighbourSpec,
  openConfiguredDatabase,
  type RunningServer,
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

/** Prefixes each line a child prints with its name, so that three platforms' output can be told apart. */
function prefixLines(stream: NodeJS.ReadableStream | null, out: NodeJS.WritableStream, prefix: string) {
  let rest = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) out.write(`${prefix} ${line}\n`);
  });
}

/**
 * Starts the demo neighbours (docs/neighbours.md): each an `outbreak serve --neighbour-demo CODE` child on the
 * next ports, with its own embedded database under DATA_DIR/neighbours/CODE and its own keys, linked to this
 * platform both ways once it answers.
 */
function startDemoNeighbours(server: RunningServer, config: Config): ChildProcess[] {
  const children: ChildProcess[] = [];
  for (const [i, code] of DEMO_NEIGHBOUR_CODES.entries()) {
    const spec = neighbourSpec(code);
    const port = server.port + 1 + i;
    const url = `http://localhost:${port}`;
    // an own embedded database and own keys: never the main platform's PostgreSQL or key settings
    const env = { ...process.env };
    for (const name of ['DATABASE_URL', 'IDENTITY_KEY', 'AUDIT_KEY', 'PORT', 'DATA_DIR', 'SEED_DEMO']) delete env[name];
    const args = [
      ...process.execArgv,
      process.argv[1]!,
      'serve',
      '--neighbour-demo',
      code,
      '--port',
      String(port),
      '--data-dir',
      join(config.dataDir, 'neighbours', code),
      '--link-to',
      server.url,
    ];
    const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    prefixLines(child.stdout, process.stdout, `[${spec.name}]`);
    prefixLines(child.stderr, process.stderr, `[${spec.name}]`);
    children.push(child);
    server.linkDemoNeighbour(url).then(
      (linked) =>
        process.stdout.write(
          `\n${spec.name} ${spec.nameEn} runs at ${url} — ${linked.created ? 'linked just now' : 'linked'} to District J\n`,
        ),
      (err: Error) => process.stderr.write(`\n${spec.nameEn} at ${url}: not linked (${err.message})\n`),
    );
  }
  return children;
}

export const command: CliCommand = {
  usage: `Usage: outbreak serve [--port N] [--host H] [--data-dir DIR] [--no-seed] [--no-jobs] [--neighbours]

Serves the web app and the API on PORT (default 8080). The database is PGlite in DATA_DIR/db (default ./data),
or PostgreSQL when DATABASE_URL is set. Every variable of the configuration table in README.md applies;
options given here override them.

--neighbours  also runs two of District J's adjacent districts (沙溪区 Shaxi ${DEMO_NEIGHBOUR_CODES[0]}, 下江区 Xiajiang
              ${DEMO_NEIGHBOUR_CODES[1]}) as demo platforms on PORT+1 and PORT+2, each with its own embedded database in
              DATA_DIR/neighbours/<code>, linked to District J (docs/neighbours.md).
--neighbour-demo CODE --link-to URL
              what --neighbours runs for each neighbour: seed that adjacent district instead of District J and
              link it to the platform at URL.`,
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
          neighbours: { type: 'boolean' },
          'neighbour-demo': { type: 'string' },
          'link-to': { type: 'string' },
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
    const neighbourDemo = values['neighbour-demo'];
    if (neighbourDemo !== undefined) {
      try {
        neighbourSpec(neighbourDemo);
      } catch (err) {
        throw new CliError(
          `--neighbour-demo: ${((err as { details?: { message: string }[] }).details ?? [])[0]?.message ?? (err as Error).message}`,
        );
      }
    }
    if (values.neighbours && neighbourDemo !== undefined) throw new CliError('--neighbours and --neighbour-demo exclude each other');
    let server;
    try {
      server = await startServer(config, { jobs: !values['no-jobs'], ...(neighbourDemo ? { neighbourDemo } : {}) });
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
      const note = server.seeded ? `${server.demoDistrict} was seeded just now` : 'as seeded; passwords changed since are not shown';
      process.stdout.write(`\nDemo sign-ins (${note}):\n${formatDemoUsers(server.demoUsers)}\n`);
    }
    const linkTo = values['link-to'];
    if (linkTo) {
      server.linkDemoNeighbour(linkTo).then(
        (linked) => process.stdout.write(`${linked.created ? 'Linked just now' : 'Linked'} to ${linkTo}\n`),
        (err: Error) => process.stderr.write(`not linked to ${linkTo}: ${err.message}\n`),
      );
    }
    const children = values.neighbours ? startDemoNeighbours(server, config) : [];
    process.stdout.write('\nPress Ctrl-C to stop.\n');
    await new Promise<void>((resolve) => {
      // Handlers stay installed: a repeated signal while closing is ignored instead of killing the process
      // half-way through closing the database.
      const stop = () => resolve();
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
    });
    process.stderr.write('stopping…\n');
    // the neighbours first (each closes its own database), then this platform
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
    await server.close();
    return EXIT.ok;
  },
};
